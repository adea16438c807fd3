/*
 * A party's notification log over a store: appending canonical entries
 * under the store's write lock with their tree hashes and a newly signed
 * checkpoint, reading them back, proofs in the JSON shapes of DESIGN.md,
 * and verification of everything from the stored entries.
 *
 *   entry:        {"body":{...},"party":P,"seq":N,"time":T,"treaty":X,
 *                  "type":Y,"v":1} as canonical JSON (RFC 8785)
 *   inclusion:    {"hashes":[base64...],"leaf_index":i,"tree_size":n}
 *   consistency:  {"hashes":[base64...],"new_size":n,"old_size":m}
 */
#ifndef ACC_LOG_H
#define ACC_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include <accord/buf.h>
#include <accord/crypto.h>
#include <accord/err.h>
#include <accord/keys.h>

#include "store.h"
#include "tlog.h"

#define ACC_LOG_ENTRY_MAX (1u << 20)
#define ACC_LOG_BATCH_MAX 100000
#define ACC_LOG_TYPE_MAX 64

/* Who writes: the log's identity and signing key. */
typedef struct acc_log {
	acc_store *store;
	int64_t id;                          /* ACC_STORE_OWN_LOG or a mirror */
	char treaty[65];
	char party[65];
	char origin[ACC_KEY_NAME_MAX + 1];   /* accord/<treaty>/<party> */
	const acc_key *key;                  /* NULL: read only */
	acc_vkey vkey;
} acc_log;

/* A statement before it is logged: its type and body. */
typedef struct acc_statement {
	const char *type;
	json_t *body;          /* an object; borrowed */
} acc_statement;

/*
 * Append statements as one batch, inside a write transaction the caller
 * began with store->ops->log_begin (so that it could check them against
 * the replayed state first): entries numbered from the log's size, with
 * `time` (RFC 3339 UTC), their hashes, and a checkpoint of the new size
 * signed and stored. The caller commits. *first receives the first
 * entry's number; note (if not NULL) the signed checkpoint.
 */
ACC_NODISCARD int acc_log_append_locked(acc_log *log,
    const acc_statement *st, size_t n, const char *time, uint64_t *first,
    acc_buf *note, acc_err *err);

/* The same in its own transaction, for statements needing no check. */
ACC_NODISCARD int acc_log_append(acc_log *log, const acc_statement *st,
    size_t n, const char *time, uint64_t *first, acc_buf *note,
    acc_err *err);

/* The log's stored hashes as an acc_tlog_reader (ctx: the acc_log). */
int acc_log_reader(void *ctx, unsigned level, uint64_t index,
    acc_tlog_hash out, acc_err *err);

/* The log's size (entries). */
ACC_NODISCARD int acc_log_size(acc_log *log, uint64_t *n, acc_err *err);

/* The signed checkpoint at size (UINT64_MAX: the latest). */
ACC_NODISCARD int acc_log_checkpoint(acc_log *log, uint64_t size,
    acc_buf *out, uint64_t *size_out, acc_err *err);

/* Proof JSON (see above) for entry index in the tree of size. */
ACC_NODISCARD int acc_log_prove_inclusion(acc_log *log, uint64_t index,
    uint64_t size, acc_buf *out, acc_err *err);
ACC_NODISCARD int acc_log_prove_consistency(acc_log *log, uint64_t old,
    uint64_t size, acc_buf *out, acc_err *err);

/* A parsed proof. */
typedef struct acc_log_proof {
	bool consistency;
	uint64_t index;        /* inclusion: leaf_index */
	uint64_t old_size;     /* consistency */
	uint64_t size;         /* tree_size, or new_size */
	size_t n;
	acc_tlog_hash hashes[ACC_TLOG_PROOF_MAX];
} acc_log_proof;

/*
 * Parse proof JSON strictly (exactly its keys, whole numbers, canonical
 * base64 of 32 bytes, at most 64 hashes). name is used in messages.
 */
ACC_NODISCARD int acc_log_proof_parse(acc_log_proof *p, const char *text,
    size_t len, const char *name, acc_err *err);

/*
 * Check a proof against signed checkpoints verified with key:
 * inclusion of entry (its exact bytes) in `checkpoint`, or consistency
 * from `old_checkpoint` to `checkpoint`. The proof's sizes must equal
 * the checkpoints'. ACC_EVERIFY when it does not hold.
 */
ACC_NODISCARD int acc_log_check_proof(const acc_log_proof *p,
    const char *checkpoint, size_t cp_len, const char *old_checkpoint,
    size_t old_len, const char *entry, size_t entry_len,
    const acc_vkey *key, acc_err *err);

/* What `log verify` found. */
typedef struct acc_log_report {
	uint64_t entries;
	uint64_t checkpoints;
	uint64_t hashes;
	acc_tlog_hash root;
} acc_log_report;

/*
 * Recompute the whole log from its stored entries: each entry's form and
 * number, every stored hash, and every checkpoint (signature, root at its
 * size). ACC_EVERIFY naming the first bad entry or hash.
 */
ACC_NODISCARD int acc_log_verify(acc_log *log, acc_log_report *r,
    acc_err *err);

/*
 * Parse a stored or received entry: canonical JSON with exactly the keys
 * above, v 1, the log's treaty and party (when given), seq, a time in
 * RFC 3339 UTC, a type and an object body. The returned object (*out,
 * json_decref) is the entry; with out NULL, the entry is only checked
 * (in place, without building it).
 */
ACC_NODISCARD int acc_log_entry_parse(json_t **out, const char *text,
    size_t len, const char *treaty, const char *party, uint64_t seq,
    const char *name, acc_err *err);

/* The current time as RFC 3339 UTC (seconds), 21 bytes with the NUL. */
void acc_log_now(char out[32]);

#endif
