/*
 * The store interface: everything a workspace keeps, behind one set of
 * operations with a SQLite implementation (store_sqlite.c) and a
 * PostgreSQL one (store_pg.c). Only store*.c files contain SQL.
 */
#ifndef ACC_STORE_H
#define ACC_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <accord/err.h>
#include <accord/inventory.h>

#include "tlog.h"

typedef struct acc_store acc_store;
struct acc_stored_decl;
struct acc_store_peer;

struct acc_store_ops {
	void (*close)(acc_store *s);
	/* Replace the inventory with inv in one transaction. */
	int (*inventory_replace)(acc_store *s, const acc_inventory *inv,
	    const char *sources, const char *now, acc_err *err);
	/*
	 * Add the stored inventory's records to inv (not finalized).
	 * ACC_ENOTFOUND when nothing was ever imported.
	 */
	int (*inventory_load)(acc_store *s, acc_inventory *inv, acc_err *err);
	/* Settings: ACC_ENOTFOUND for an unknown key. */
	int (*meta_get)(acc_store *s, const char *key, char *out,
	    size_t out_len, acc_err *err);
	int (*meta_set)(acc_store *s, const char *key, const char *value,
	    acc_err *err);
	/* Trusted verifier keys of other parties (replaces). */
	int (*key_put)(acc_store *s, const char *party, const char *vkey,
	    const char *now, acc_err *err);
	/* ACC_ENOTFOUND when no key is trusted for party. */
	int (*key_get)(acc_store *s, const char *party, char *out,
	    size_t out_len, acc_err *err);
	/* Call fn for each trusted key, by party. */
	int (*key_each)(acc_store *s, int (*fn)(void *ctx, const char *party,
	    const char *vkey), void *ctx, acc_err *err);
	/* Insert a declaration (immutable). ACC_EEXISTS for a known id. */
	int (*decl_put)(acc_store *s, const struct acc_stored_decl *d,
	    acc_err *err);
	/*
	 * Find by id, or (id NULL) the latest of as_of in mode (any mode
	 * when NULL), or (both NULL) the latest. Fills d with malloc'd package and items (free with
	 * acc_stored_decl_dispose). ACC_ENOTFOUND when none.
	 */
	int (*decl_get)(acc_store *s, const char *id, const char *as_of,
	    const char *mode, struct acc_stored_decl *d, acc_err *err);

	/*
	 * Logs: the workspace's own (ACC_STORE_OWN_LOG) and the mirrors of
	 * other nodes' logs, each named by its origin line. An append is one
	 * write transaction: log_begin takes the write lock (waiting for
	 * another writer), log_commit makes the entries, hashes and
	 * checkpoint durable together. Every log operation takes the log's
	 * id.
	 */
	int (*log_begin)(acc_store *s, acc_err *err);
	int (*log_commit)(acc_store *s, acc_err *err);
	void (*log_rollback)(acc_store *s);
	/* The number of entries. */
	int (*log_size)(acc_store *s, int64_t log, uint64_t *n, acc_err *err);
	/* Entry seq and the hashes its append stores. */
	int (*log_put)(acc_store *s, int64_t log, uint64_t seq, const char *time,
	    const char *type, const char *entry, size_t len,
	    const acc_tlog_node *nodes, size_t n_nodes, acc_err *err);
	/* A stored hash (an acc_tlog_reader); ACC_ENOTFOUND if absent. */
	int (*log_hash)(acc_store *s, int64_t log, unsigned level, uint64_t index,
	    acc_tlog_hash out, acc_err *err);
	/* Call fn for each stored hash, by level then index. */
	int (*log_hash_each)(acc_store *s, int64_t log, int (*fn)(void *ctx,
	    unsigned level, uint64_t index, const uint8_t *hash, size_t len),
	    void *ctx, acc_err *err);
	/* Entry seq into out (reset first); ACC_ENOTFOUND past the end. */
	int (*log_get)(acc_store *s, int64_t log, uint64_t seq, acc_buf *out, acc_err *err);
	/*
	 * Call fn for the entries [from, to) in order (with type when given,
	 * others skipped); fn returning non-zero stops with that code.
	 */
	int (*log_each)(acc_store *s, int64_t log, uint64_t from, uint64_t to,
	    const char *type, int (*fn)(void *ctx, uint64_t seq,
	    const char *entry, size_t len), void *ctx, acc_err *err);
	int (*log_checkpoint_put)(acc_store *s, int64_t log, uint64_t size, const char *note,
	    const char *now, acc_err *err);
	/*
	 * The checkpoint of `size`, or the latest when size is UINT64_MAX,
	 * into out (reset first); *size_out its size. ACC_ENOTFOUND if none.
	 */
	int (*log_checkpoint_get)(acc_store *s, int64_t log, uint64_t size, acc_buf *out,
	    uint64_t *size_out, acc_err *err);
	/* Call fn for each checkpoint, by size. */
	int (*log_checkpoint_each)(acc_store *s, int64_t log, int (*fn)(void *ctx,
	    uint64_t size, const char *note), void *ctx, acc_err *err);
	/*
	 * The id of the mirrored log with this origin; with create, a new
	 * one is added when none exists. ACC_ENOTFOUND otherwise.
	 */
	int (*log_find)(acc_store *s, const char *origin, bool create,
	    int64_t *id, acc_err *err);

	/*
	 * Cosignatures (C2SP tlog-cosignature lines) of checkpoint `size` of
	 * a log, one per witness key name: those this node received for its
	 * own checkpoints and those it made for its peers'. ACC_EEXISTS when
	 * the witness already cosigned that size (with any line).
	 */
	int (*cosig_put)(acc_store *s, int64_t log, uint64_t size,
	    const char *witness, const char *line, const char *now,
	    acc_err *err);
	/* Call fn for each cosignature of size (UINT64_MAX: of every size). */
	int (*cosig_each)(acc_store *s, int64_t log, uint64_t size,
	    int (*fn)(void *ctx, uint64_t size, const char *witness,
	    const char *line), void *ctx, acc_err *err);

	/* Peers: insert or replace by name; ACC_ENOTFOUND from get. */
	int (*peer_put)(acc_store *s, const struct acc_store_peer *p,
	    acc_err *err);
	int (*peer_get)(acc_store *s, const char *name,
	    struct acc_store_peer *p, acc_err *err);
	int (*peer_each)(acc_store *s, int (*fn)(void *ctx,
	    const struct acc_store_peer *p), void *ctx, acc_err *err);

	/* Fork evidence (JSON text) about a log; *id its number (from 1). */
	int (*fork_put)(acc_store *s, int64_t log, const char *kind,
	    const char *evidence, const char *now, int64_t *id, acc_err *err);
	/* Call fn for each fork, by id (log < 0: of every log). */
	int (*fork_each)(acc_store *s, int64_t log, int (*fn)(void *ctx,
	    int64_t id, int64_t log, const char *kind, const char *evidence,
	    const char *found_at), void *ctx, acc_err *err);

	/*
	 * Findings: what is wrong with a mirrored entry (stored, never
	 * dropped). One per entry; a second put for the same entry is
	 * ignored.
	 */
	int (*finding_put)(acc_store *s, int64_t log, uint64_t seq,
	    const char *message, const char *now, acc_err *err);
	int (*finding_each)(acc_store *s, int64_t log, int (*fn)(void *ctx,
	    uint64_t seq, const char *message), void *ctx, acc_err *err);

	/*
	 * A second, independent handle on the same store, for reading on
	 * another thread while this one is in use (acc_store_close it).
	 */
	int (*reopen)(acc_store *s, acc_store **out, acc_err *err);
};

/* The workspace's own log. */
#define ACC_STORE_OWN_LOG 0

/* A peer node as the store keeps it. */
struct acc_store_peer {
	char name[65];         /* party or witness name */
	char url[512];
	int64_t log;           /* the id of its mirrored log */
	char halted[512];      /* why sync stopped (a fork); "" when not */
	char added_at[32];
};

/* A declaration as the store keeps it. */
struct acc_stored_decl {
	char id[64];           /* base64 */
	char party[65];
	char as_of[16];
	char mode[8];
	char supersedes[64];   /* "" when none */
	char created_at[32];
	char *package;
	size_t package_len;
	char *items;
	size_t items_len;
};

void acc_stored_decl_dispose(struct acc_stored_decl *d);

struct acc_store {
	const struct acc_store_ops *ops;
};

/*
 * Open (create when `create`) a SQLite store at path, migrating its
 * schema forward. ACC_ENOTFOUND when it does not exist and !create.
 */
ACC_NODISCARD int acc_store_sqlite_open(acc_store **out, const char *path,
    bool create, acc_err *err);

/*
 * Open (create when `create`) the PostgreSQL store in the database that
 * conninfo names (a postgresql:// URL or libpq keywords), migrating its
 * schema forward. ACC_EEXISTS when creating and the database already
 * holds an accord store; ACC_ENOTFOUND when opening and it holds none;
 * ACC_ERR when the server cannot be reached or this build has no
 * PostgreSQL support.
 */
ACC_NODISCARD int acc_store_pg_open(acc_store **out, const char *conninfo,
    bool create, acc_err *err);

/*
 * Item attributes as the stores keep them: a JSON object of strings
 * (format into b, NUL-terminated), and back into kv, borrowing from
 * *holder (json_decref it).
 */
int acc_store_attrs_format(acc_buf *b, const acc_attr_kv *kv, size_t n);
struct json_t;
int acc_store_attrs_parse(struct json_t **holder, const char *text,
    acc_attr_kv *kv, size_t *n, const char *where, acc_err *err);

/* Close any store; accepts NULL. */
void acc_store_close(acc_store *s);

#endif
