/*
 * RFC 9162 section 2 Merkle trees over a log's entries: leaf and node
 * hashes, the right edge of a growing tree (what an append stores), and
 * roots, inclusion and consistency proofs computed from the hashes of
 * complete subtrees, wherever those are kept.
 *
 *   leaf:  SHA-256(0x00 || entry)
 *   node:  SHA-256(0x01 || left || right)
 *   empty: SHA-256("")
 *
 * A complete subtree is named (level, index): the 2^level leaves from
 * index * 2^level. Appending leaf n stores (0, n) and one more node for
 * each trailing 1 bit of n, about two hashes per entry (as Go's
 * sumdb/tlog stores them).
 */
#ifndef ACC_TLOG_H
#define ACC_TLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <accord/crypto.h>
#include <accord/err.h>

#define ACC_TLOG_HASH ACC_SHA256_LEN
/* Proof lengths: at most 64 nodes for any size a uint64 can count. */
#define ACC_TLOG_PROOF_MAX 64

typedef uint8_t acc_tlog_hash[ACC_TLOG_HASH];

void acc_tlog_leaf_hash(acc_tlog_hash out, const void *entry, size_t len);
void acc_tlog_node_hash(acc_tlog_hash out, const acc_tlog_hash left,
    const acc_tlog_hash right);

/* One stored hash: the complete subtree (level, index). */
typedef struct acc_tlog_node {
	unsigned level;
	uint64_t index;
	acc_tlog_hash hash;
} acc_tlog_node;

/*
 * Where complete-subtree hashes are read from (a store, or memory): fill
 * out with the hash of (level, index). 0, or an error code with err set.
 */
typedef int (*acc_tlog_reader)(void *ctx, unsigned level, uint64_t index,
    acc_tlog_hash out, acc_err *err);

/* The right edge of a tree of n leaves: one complete subtree per set bit
 * of n, largest first. Enough to append and to give the root. */
typedef struct acc_tlog_edge {
	uint64_t n;
	size_t depth;
	acc_tlog_hash stack[64];
} acc_tlog_edge;

void acc_tlog_edge_init(acc_tlog_edge *e);
/* The edge of the first n leaves, read through rd. */
ACC_NODISCARD int acc_tlog_edge_load(acc_tlog_edge *e, uint64_t n,
    acc_tlog_reader rd, void *ctx, acc_err *err);
/*
 * Append a leaf hash; out (room for 64) receives the nodes to store: the
 * leaf itself and each subtree it completes. Returns their number.
 */
size_t acc_tlog_edge_push(acc_tlog_edge *e, const acc_tlog_hash leaf,
    acc_tlog_node *out);
/* The root of the edge's tree (SHA-256("") when empty). */
void acc_tlog_edge_root(const acc_tlog_edge *e, acc_tlog_hash out);

/* The root of the first n leaves. */
ACC_NODISCARD int acc_tlog_root(uint64_t n, acc_tlog_reader rd, void *ctx,
    acc_tlog_hash out, acc_err *err);

/*
 * RFC 9162 2.1.3.1 PATH(index, D[size]), leaf sibling first. ACC_EINVAL
 * unless index < size.
 */
ACC_NODISCARD int acc_tlog_prove_inclusion(uint64_t index, uint64_t size,
    acc_tlog_reader rd, void *ctx, acc_tlog_hash *out, size_t *n_out,
    acc_err *err);
/*
 * RFC 9162 2.1.4.1 PROOF(old, D[size]). Empty when old is 0 or equals
 * size; ACC_EINVAL when old > size.
 */
ACC_NODISCARD int acc_tlog_prove_consistency(uint64_t old, uint64_t size,
    acc_tlog_reader rd, void *ctx, acc_tlog_hash *out, size_t *n_out,
    acc_err *err);

/*
 * The proof of fork evidence: RFC 9162's PROOF(old, D[size]) for
 * 0 < old < size, with MTH(D[0:old]) first when old is a power of two
 * (where the RFC leaves it out), so that both roots follow from the
 * proof alone.
 */
ACC_NODISCARD int acc_tlog_prove_consistency_full(uint64_t old,
    uint64_t size, acc_tlog_reader rd, void *ctx, acc_tlog_hash *out,
    size_t *n_out, acc_err *err);
/*
 * The old and new roots (fr, sr) a full consistency proof yields
 * (RFC 9162 2.1.4.2 without the final comparisons); false when the
 * proof's shape does not fit the sizes.
 */
bool acc_tlog_consistency_roots(uint64_t old, uint64_t size,
    const void *path, size_t n_path, acc_tlog_hash fr, acc_tlog_hash sr);

/* RFC 9162 2.1.3.2, both sn = 0 checks included. */
/* path: n_path hashes back to back. */
bool acc_tlog_check_inclusion(const acc_tlog_hash leaf, uint64_t index,
    uint64_t size, const void *path, size_t n_path,
    const acc_tlog_hash root);
/*
 * RFC 9162 2.1.4.2 for 0 < old < size; old == size needs an empty proof
 * and equal roots; old == 0 an empty proof (tlog-witness).
 */
bool acc_tlog_check_consistency(uint64_t old, uint64_t size,
    const acc_tlog_hash old_root, const acc_tlog_hash new_root,
    const void *path, size_t n_path);

/*
 * Complete-subtree hashes held in memory: level k has n >> k hashes.
 * For proofs at memory speed and for benchmarks.
 */
typedef struct acc_tlog_mem {
	uint64_t count[64];    /* hashes held at each level */
	uint64_t cap[64];
	uint8_t *level[64];
} acc_tlog_mem;

void acc_tlog_mem_init(acc_tlog_mem *m);
/* Make room for the hashes of n leaves (no moves while they are added). */
ACC_NODISCARD int acc_tlog_mem_reserve(acc_tlog_mem *m, uint64_t n,
    acc_err *err);
/*
 * Build the hashes of n leaves into an empty m on two threads: leaf(ctx,
 * i, out) gives leaf i's hash (any thread may call it, each i once) and
 * returns 0 or an error code; the first error (lowest i) is returned,
 * with *bad = i.
 */
ACC_NODISCARD int acc_tlog_mem_build(acc_tlog_mem *m, uint64_t n,
    int (*leaf)(void *ctx, uint64_t i, acc_tlog_hash out), void *ctx,
    uint64_t *bad, acc_err *err);
/* Add what an append stores. ACC_ERR out of memory. */
ACC_NODISCARD int acc_tlog_mem_put(acc_tlog_mem *m, const acc_tlog_node *nodes,
    size_t n, acc_err *err);
void acc_tlog_mem_dispose(acc_tlog_mem *m);
/* An acc_tlog_reader over an acc_tlog_mem (ctx). */
int acc_tlog_mem_read(void *ctx, unsigned level, uint64_t index,
    acc_tlog_hash out, acc_err *err);

#endif
