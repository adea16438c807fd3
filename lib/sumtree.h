/*
 * The salted Merkle sum tree of DESIGN.md section 3: RFC 9162's shape,
 * where every node carries a hash and a tally vector and a parent's hash
 * covers both children's hashes and tallies.
 *
 *   leaf:     h = SHA-256(0x00 || salt || canonical_item), t = tally(item)
 *   interior: t = tL + tR,
 *             h = SHA-256(0x01 || hL || enc(tL) || hR || enc(tR))
 *   enc(t):   each component as 8 bytes big-endian (two's complement)
 *   empty:    (SHA-256(""), zeros)
 */
#ifndef ACC_SUMTREE_H
#define ACC_SUMTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <accord/crypto.h>
#include <accord/err.h>

#include "limits.h"

/*
 * Tallies are counts: never negative, and below 2^53 so that canonical
 * JSON carries them exactly. A tree of depth 64 then sums to less than
 * 2^60, so folding cannot overflow.
 */
#define ACC_TALLY_MAX (1ll << 53)

/* A node: hash and tally (nl components used). */
typedef struct acc_sumnode {
	uint8_t hash[ACC_SHA256_LEN];
	int64_t tally[ACC_LIMITS_MAX];
} acc_sumnode;

/*
 * A built tree keeps every complete subtree: level k holds the nodes over
 * leaves [i * 2^k, (i + 1) * 2^k) for i < n >> k. About 2n nodes.
 */
typedef struct acc_sumtree {
	size_t n;
	size_t nl;
	size_t n_levels;
	uint8_t *hash[64];
	int64_t *tally[64];
} acc_sumtree;

/*
 * The root of a tree whose leaves arrive one by one, in O(log n) memory
 * (RFC 9162 2.1.2's stack algorithm, with tallies).
 */
typedef struct acc_sumstream {
	size_t nl;
	uint64_t n;
	size_t depth;
	acc_sumnode stack[64];
} acc_sumstream;

void acc_sumstream_init(acc_sumstream *s, size_t nl);
void acc_sumstream_push(acc_sumstream *s, const uint8_t hash[ACC_SHA256_LEN],
    const int64_t *tally);
/*
 * Append the leaves of src (a stream started on its own) after those of
 * dst: the same as pushing src's leaves one by one. src's complete
 * subtrees are pushed whole, so dst's leaf count must be a multiple of
 * the largest power of two in src's (false, and nothing done, if not).
 */
bool acc_sumstream_append(acc_sumstream *dst, const acc_sumstream *src);
/* The root of the leaves pushed so far (SHA-256("") and zeros if none). */
void acc_sumstream_root(const acc_sumstream *s, acc_sumnode *out);

/* Interior node hash of (l, r) with nl tally components; sets out->tally. */
void acc_sumnode_join(acc_sumnode *out, const acc_sumnode *l,
    const acc_sumnode *r, size_t nl);

/*
 * Build over n leaves (hashes[i * 32], tallies[i * nl]); the arrays are
 * copied into level 0. ACC_ELIMIT past the caps, ACC_ERR out of memory.
 */
ACC_NODISCARD int acc_sumtree_build(acc_sumtree *t, const uint8_t *hashes,
    const int64_t *tallies, size_t n, size_t nl, acc_err *err);
void acc_sumtree_dispose(acc_sumtree *t);

/* The root (for n == 0: SHA-256("") and zeros). */
void acc_sumtree_root(const acc_sumtree *t, acc_sumnode *out);

/*
 * The inclusion path of leaf index (0 <= index < n), sibling first, as
 * RFC 9162 PATH orders it; out must hold 64 nodes. Returns the length.
 */
size_t acc_sumtree_path(const acc_sumtree *t, size_t index, acc_sumnode *out);

/*
 * Fold a leaf up its path (RFC 9162 2.1.3.2 with tallies) and compare
 * with root. true when index < size, every tally seen lies in
 * [0, ACC_TALLY_MAX), and the path leads exactly to root.
 */
bool acc_sumtree_verify(const acc_sumnode *leaf, uint64_t index,
    uint64_t size, const acc_sumnode *path, size_t n_path,
    const acc_sumnode *root, size_t nl);

#endif
