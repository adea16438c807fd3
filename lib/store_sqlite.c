/*
 * The SQLite store: WAL mode, schema migrations embedded from data/sql/,
 * prepared statements with bound parameters only, one transaction per
 * change so a killed process leaves the old state or the new.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>
#include <sqlite3.h>

#include <accord/buf.h>
#include <accord/crypto.h>

#include "embedded.h"
#include "inventory_int.h"
#include "limits.h"
#include "log.h"
#include "store.h"
#include "treaty_int.h"

struct sqlite_store {
	acc_store base;
	sqlite3 *db;
	char path[4096];
	/* the log's hot statements, prepared once */
	sqlite3_stmt *st_entry_put;
	sqlite3_stmt *st_hash_put;
	sqlite3_stmt *st_hash_get;
	sqlite3_stmt *st_leaf_get;
	/* reads a server repeats for every request */
	sqlite3_stmt *st_size, *st_cp_latest, *st_cp_at, *st_cosig_at,
	    *st_cosig_all;
};

static int
dberr(struct sqlite_store *s, acc_err *err, const char *what)
{
	return acc_err_set(err, ACC_ERR, s->path, "%s: %s", what,
	    sqlite3_errmsg(s->db));
}

static int
exec(struct sqlite_store *s, const char *sql, acc_err *err)
{
	char *msg = NULL;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int rc = acc_err_set(err, ACC_ERR, s->path, "%s",
		    msg ? msg : "SQLite error");
		sqlite3_free(msg);
		return rc;
	}
	return 0;
}

static void
sq_close(acc_store *base)
{
	struct sqlite_store *s = (struct sqlite_store *)base;

	if (s == NULL)
		return;
	sqlite3_finalize(s->st_entry_put);
	sqlite3_finalize(s->st_hash_put);
	sqlite3_finalize(s->st_hash_get);
	sqlite3_finalize(s->st_leaf_get);
	sqlite3_finalize(s->st_size);
	sqlite3_finalize(s->st_cp_latest);
	sqlite3_finalize(s->st_cp_at);
	sqlite3_finalize(s->st_cosig_at);
	sqlite3_finalize(s->st_cosig_all);
	sqlite3_close(s->db);
	free(s);
}

static int
bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL || v[0] == '\0')
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

static int
sq_inventory_replace(acc_store *base, const acc_inventory *inv,
    const char *sources, const char *now, acc_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *fst = NULL, *ist = NULL, *mst = NULL, *lst = NULL;
	acc_buf attrs = ACC_BUF_INIT(1u << 20);
	acc_attr_kv kv[ACC_ATTRS_MAX];
	char asof[ACC_DATE_LEN];
	size_t i;
	int rc;

	rc = exec(s, "BEGIN IMMEDIATE", err);
	if (rc != 0)
		return rc;
	rc = exec(s, "DELETE FROM item; DELETE FROM facility; "
	    "DELETE FROM inventory;", err);
	if (rc != 0)
		goto done;
	if (sqlite3_prepare_v2(s->db, "INSERT INTO facility (id, kind, name, "
	    "attrs) VALUES (?1, ?2, ?3, ?4)", -1, &fst, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "INSERT INTO item (uid, type, status, "
	    "facility, warheads, contained_in, name, attrs) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6, ?7, ?8)", -1, &ist, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "INSERT INTO inventory (id, party, "
	    "as_of, items, facilities, sources, imported_at) VALUES (1, ?1, "
	    "?2, ?3, ?4, ?5, ?6)", -1, &mst, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "INSERT INTO import_log (imported_at, "
	    "party, as_of, items, sources) VALUES (?1, ?2, ?3, ?4, ?5)", -1,
	    &lst, NULL) != SQLITE_OK) {
		rc = dberr(s, err, "prepare");
		goto done;
	}
	for (i = 0; i < acc_inventory_facility_count(inv); i++) {
		acc_facility_rec f;
		acc_inventory_facility(inv, i, &f, kv, ACC_ATTRS_MAX);
		sqlite3_reset(fst);
		bind_text(fst, 1, f.id);
		bind_text(fst, 2, f.kind);
		bind_text(fst, 3, f.name);
		if (f.n_attrs) {
			if (acc_store_attrs_format(&attrs, f.attrs, f.n_attrs) != 0) {
				rc = acc_err_set(err, ACC_ELIMIT, s->path,
				    "attributes too large");
				goto done;
			}
			sqlite3_bind_text(fst, 4, attrs.data, (int)attrs.len,
			    SQLITE_TRANSIENT);
		} else {
			sqlite3_bind_null(fst, 4);
		}
		if (sqlite3_step(fst) != SQLITE_DONE) {
			rc = dberr(s, err, "insert facility");
			goto done;
		}
	}
	for (i = 0; i < acc_inventory_item_count(inv); i++) {
		acc_item_rec it;
		acc_inventory_item(inv, i, &it, kv, ACC_ATTRS_MAX);
		sqlite3_reset(ist);
		bind_text(ist, 1, it.uid);
		bind_text(ist, 2, it.type);
		bind_text(ist, 3, it.status);
		bind_text(ist, 4, it.facility);
		if (it.warheads >= 0)
			sqlite3_bind_int64(ist, 5, it.warheads);
		else
			sqlite3_bind_null(ist, 5);
		bind_text(ist, 6, it.contained_in);
		bind_text(ist, 7, it.name);
		if (it.n_attrs) {
			if (acc_store_attrs_format(&attrs, it.attrs, it.n_attrs) != 0) {
				rc = acc_err_set(err, ACC_ELIMIT, s->path,
				    "attributes too large");
				goto done;
			}
			sqlite3_bind_text(ist, 8, attrs.data, (int)attrs.len,
			    SQLITE_TRANSIENT);
		} else {
			sqlite3_bind_null(ist, 8);
		}
		if (sqlite3_step(ist) != SQLITE_DONE) {
			rc = dberr(s, err, "insert item");
			goto done;
		}
	}
	acc_date_format(asof, acc_inventory_as_of(inv));
	bind_text(mst, 1, acc_inventory_party(inv));
	bind_text(mst, 2, asof);
	sqlite3_bind_int64(mst, 3, (sqlite3_int64)acc_inventory_item_count(inv));
	sqlite3_bind_int64(mst, 4,
	    (sqlite3_int64)acc_inventory_facility_count(inv));
	bind_text(mst, 5, sources);
	bind_text(mst, 6, now);
	if (sqlite3_step(mst) != SQLITE_DONE) {
		rc = dberr(s, err, "insert inventory");
		goto done;
	}
	bind_text(lst, 1, now);
	bind_text(lst, 2, acc_inventory_party(inv));
	bind_text(lst, 3, asof);
	sqlite3_bind_int64(lst, 4, (sqlite3_int64)acc_inventory_item_count(inv));
	bind_text(lst, 5, sources);
	if (sqlite3_step(lst) != SQLITE_DONE) {
		rc = dberr(s, err, "insert import_log");
		goto done;
	}
	rc = exec(s, "COMMIT", err);
done:
	sqlite3_finalize(fst);
	sqlite3_finalize(ist);
	sqlite3_finalize(mst);
	sqlite3_finalize(lst);
	if (rc != 0)
		(void)sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	acc_buf_dispose(&attrs);
	return rc;
}

static const char *
col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *v = sqlite3_column_text(st, i);
	return v ? (const char *)v : "";
}

static int
sq_inventory_load(acc_store *base, acc_inventory *inv, acc_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st = NULL;
	json_t *holder = NULL;
	acc_attr_kv kv[ACC_ATTRS_MAX];
	char where[4200];
	uint32_t row = 0;
	int rc = 0, step;

	if (sqlite3_prepare_v2(s->db, "SELECT party, as_of FROM inventory "
	    "WHERE id = 1", -1, &st, NULL) != SQLITE_OK)
		return dberr(s, err, "prepare");
	step = sqlite3_step(st);
	if (step == SQLITE_DONE) {
		rc = acc_err_set(err, ACC_ENOTFOUND, s->path,
		    "no inventory imported yet (accord import FILE)");
		goto done;
	}
	if (step != SQLITE_ROW) {
		rc = dberr(s, err, "read inventory");
		goto done;
	}
	{
		acc_date d;
		const char *asof = col_text(st, 1);
		rc = acc_date_parse(&d, asof, strlen(asof), s->path, err);
		if (rc == 0)
			rc = acc_inventory_set_meta(inv, col_text(st, 0), d,
			    s->path, err);
		if (rc != 0)
			goto done;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(s->db, "SELECT id, kind, name, attrs FROM "
	    "facility ORDER BY seq", -1, &st, NULL) != SQLITE_OK) {
		rc = dberr(s, err, "prepare");
		goto done;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		acc_facility_rec f;
		snprintf(where, sizeof(where), "%s facility %u", s->path,
		    ++row);
		f.id = col_text(st, 0);
		f.kind = col_text(st, 1);
		f.name = col_text(st, 2);
		rc = acc_store_attrs_parse(&holder, (const char *)sqlite3_column_text(st,
		    3), kv, &f.n_attrs, where, err);
		f.attrs = kv;
		if (rc == 0)
			rc = acc_inventory_add_facility(inv, &f, s->path, row,
			    err);
		if (rc != 0)
			goto done;
	}
	if (step != SQLITE_DONE) {
		rc = dberr(s, err, "read facilities");
		goto done;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(s->db, "SELECT uid, type, status, facility, "
	    "warheads, contained_in, name, attrs FROM item ORDER BY seq", -1,
	    &st, NULL) != SQLITE_OK) {
		rc = dberr(s, err, "prepare");
		goto done;
	}
	row = 0;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		acc_item_rec it;
		snprintf(where, sizeof(where), "%s item %u", s->path, ++row);
		it.uid = col_text(st, 0);
		it.type = col_text(st, 1);
		it.status = col_text(st, 2);
		it.facility = col_text(st, 3);
		it.warheads = sqlite3_column_type(st, 4) == SQLITE_NULL ? -1 :
		    sqlite3_column_int64(st, 4);
		it.contained_in = col_text(st, 5);
		it.name = col_text(st, 6);
		rc = acc_store_attrs_parse(&holder, (const char *)sqlite3_column_text(st,
		    7), kv, &it.n_attrs, where, err);
		it.attrs = kv;
		if (rc == 0)
			rc = acc_inventory_add_item(inv, &it, s->path, row,
			    err);
		if (rc != 0)
			goto done;
	}
	if (step != SQLITE_DONE)
		rc = dberr(s, err, "read items");
done:
	json_decref(holder);
	sqlite3_finalize(st);
	return rc;
}

static int
sq_meta_get(acc_store *base, const char *key, char *out, size_t out_len,
    acc_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st = NULL;
	int rc = 0, step;

	if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = ?1",
	    -1, &st, NULL) != SQLITE_OK)
		return dberr(s, err, "prepare");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		snprintf(out, out_len, "%s", col_text(st, 0));
	else if (step == SQLITE_DONE)
		rc = acc_err_set(err, ACC_ENOTFOUND, s->path, "no setting %s",
		    key);
	else
		rc = dberr(s, err, "read meta");
	sqlite3_finalize(st);
	return rc;
}

static int
sq_meta_set(acc_store *base, const char *key, const char *value,
    acc_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(s->db, "INSERT INTO meta (key, value) VALUES "
	    "(?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	    -1, &st, NULL) != SQLITE_OK)
		return dberr(s, err, "prepare");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = dberr(s, err, "write meta");
	sqlite3_finalize(st);
	return rc;
}

static int
sq_key_put(acc_store *base, const char *party, const char *vkey,
    const char *now, acc_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(s->db, "INSERT INTO trusted_key (party, vkey, "
	    "added_at) VALUES (?1, ?2, ?3) ON CONFLICT (party) DO UPDATE SET "
	    "vkey = excluded.vkey, added_at = excluded.added_at", -1, &st,
	    NULL) != SQLITE_OK)
		return dberr(s, err, "prepare");
	sqlite3_bind_text(st, 1, party, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, vkey, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = dberr(s, err, "write trusted key");
	sqlite3_finalize(st);
	return rc;
}

static int
sq_key_get(acc_store *base, const char *party, char *out, size_t out_len,
    acc_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st = NULL;
	int rc = 0, step;

	if (sqlite3_prepare_v2(s->db, "SELECT vkey FROM trusted_key WHERE "
	    "party = ?1", -1, &st, NULL) != SQLITE_OK)
		return dberr(s, err, "prepare");
	sqlite3_bind_text(st, 1, party, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		snprintf(out, out_len, "%s", col_text(st, 0));
	else if (step == SQLITE_DONE)
		rc = acc_err_set(err, ACC_ENOTFOUND, party,
		    "no trusted key for this party (accord key add %s KEY)",
		    party);
	else
		rc = dberr(s, err, "read trusted key");
	sqlite3_finalize(st);
	return rc;
}

static int
sq_key_each(acc_store *base, int (*fn)(void *, const char *, const char *),
    void *ctx, acc_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st = NULL;
	int rc = 0, step;

	if (sqlite3_prepare_v2(s->db, "SELECT party, vkey FROM trusted_key "
	    "ORDER BY party", -1, &st, NULL) != SQLITE_OK)
		return dberr(s, err, "prepare");
	while ((step = sqlite3_step(st)) == SQLITE_ROW && rc == 0)
		rc = fn(ctx, col_text(st, 0), col_text(st, 1));
	if (rc == 0 && step != SQLITE_DONE && step != SQLITE_ROW)
		rc = dberr(s, err, "read trusted keys");
	sqlite3_finalize(st);
	return rc;
}

static int
sq_decl_put(acc_store *base, const struct acc_stored_decl *d, acc_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st = NULL;
	int rc = 0, step;

	if (sqlite3_prepare_v2(s->db, "INSERT INTO declaration (id, party, "
	    "as_of, mode, supersedes, created_at, package, items) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", -1, &st, NULL) != SQLITE_OK)
		return dberr(s, err, "prepare");
	sqlite3_bind_text(st, 1, d->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, d->party, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, d->as_of, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, d->mode, -1, SQLITE_STATIC);
	bind_text(st, 5, d->supersedes);
	sqlite3_bind_text(st, 6, d->created_at, -1, SQLITE_STATIC);
	sqlite3_bind_blob64(st, 7, d->package, d->package_len, SQLITE_STATIC);
	sqlite3_bind_blob64(st, 8, d->items, d->items_len, SQLITE_STATIC);
	step = sqlite3_step(st);
	if (step == SQLITE_CONSTRAINT_PRIMARYKEY)
		rc = acc_err_set(err, ACC_EEXISTS, d->id,
		    "this declaration exists already");
	else if (step != SQLITE_DONE)
		rc = dberr(s, err, "insert declaration");
	sqlite3_finalize(st);
	return rc;
}

static char *
blob_dup(sqlite3_stmt *st, int i, size_t *len)
{
	const void *p = sqlite3_column_blob(st, i);
	int n = sqlite3_column_bytes(st, i);
	char *c = malloc((size_t)n + 1);

	if (c == NULL)
		return NULL;
	if (n > 0)
		memcpy(c, p, (size_t)n);
	c[n] = '\0';
	*len = (size_t)n;
	return c;
}

static int
sq_decl_get(acc_store *base, const char *id, const char *as_of,
    const char *mode, struct acc_stored_decl *d, acc_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st = NULL;
	const char *sql;
	int rc = 0, step;

	memset(d, 0, sizeof(*d));
	if (id)
		sql = "SELECT id, party, as_of, mode, supersedes, created_at, "
		    "package, items FROM declaration WHERE id = ?1";
	else if (as_of)
		sql = "SELECT id, party, as_of, mode, supersedes, created_at, "
		    "package, items FROM declaration WHERE as_of = ?1 AND "
		    "(?2 IS NULL OR mode = ?2) ORDER BY rowid DESC LIMIT 1";
	else
		sql = "SELECT id, party, as_of, mode, supersedes, created_at, "
		    "package, items FROM declaration ORDER BY as_of DESC, "
		    "rowid DESC LIMIT 1";
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return dberr(s, err, "prepare");
	if (id || as_of)
		sqlite3_bind_text(st, 1, id ? id : as_of, -1, SQLITE_STATIC);
	if (!id && as_of)
		bind_text(st, 2, mode);
	step = sqlite3_step(st);
	if (step == SQLITE_DONE) {
		rc = acc_err_set(err, ACC_ENOTFOUND, id ? id : as_of ? as_of :
		    s->path, "no such declaration in this workspace");
	} else if (step != SQLITE_ROW) {
		rc = dberr(s, err, "read declaration");
	} else {
		snprintf(d->id, sizeof(d->id), "%s", col_text(st, 0));
		snprintf(d->party, sizeof(d->party), "%s", col_text(st, 1));
		snprintf(d->as_of, sizeof(d->as_of), "%s", col_text(st, 2));
		snprintf(d->mode, sizeof(d->mode), "%s", col_text(st, 3));
		snprintf(d->supersedes, sizeof(d->supersedes), "%s",
		    col_text(st, 4));
		snprintf(d->created_at, sizeof(d->created_at), "%s",
		    col_text(st, 5));
		d->package = blob_dup(st, 6, &d->package_len);
		d->items = blob_dup(st, 7, &d->items_len);
		if (d->package == NULL || d->items == NULL) {
			acc_stored_decl_dispose(d);
			rc = acc_err_set(err, ACC_ERR, s->path,
			    "out of memory");
		}
	}
	sqlite3_finalize(st);
	return rc;
}

void
acc_stored_decl_dispose(struct acc_stored_decl *d)
{
	if (d == NULL)
		return;
	free(d->package);
	if (d->items)
		acc_wipe(d->items, d->items_len);
	free(d->items);
	d->package = d->items = NULL;
}

/* ---- the log ------------------------------------------------------ */

static int
prepare_once(struct sqlite_store *s, sqlite3_stmt **st, const char *sql,
    acc_err *err)
{
	if (*st == NULL && sqlite3_prepare_v3(s->db, sql, -1,
	    SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
		return dberr(s, err, "prepare");
	sqlite3_reset(*st);
	sqlite3_clear_bindings(*st);
	return 0;
}

static int
sq_log_begin(acc_store *base, acc_err *err)
{
	return exec((struct sqlite_store *)base, "BEGIN IMMEDIATE", err);
}

static int
sq_log_commit(acc_store *base, acc_err *err)
{
	return exec((struct sqlite_store *)base, "COMMIT", err);
}

static void
sq_log_rollback(acc_store *base)
{
	struct sqlite_store *s = (struct sqlite_store *)base;

	(void)sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

static int
sq_log_size(acc_store *base, int64_t log, uint64_t *n, acc_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st = NULL;
	int rc = 0;

	*n = 0;
	rc = prepare_once(s, &s->st_size, "SELECT coalesce(max(seq) + 1, 0) "
	    "FROM log_entry WHERE log = ?1", err);
	if (rc != 0)
		return rc;
	st = s->st_size;
	sqlite3_bind_int64(st, 1, log);
	if (sqlite3_step(st) == SQLITE_ROW)
		*n = (uint64_t)sqlite3_column_int64(st, 0);
	else
		rc = dberr(s, err, "log size");
	sqlite3_reset(st);
	return rc;
}

/*
 * An entry, its leaf hash in its own row (schema 5), and the interior
 * subtree hashes completed by it in log_hash.
 */
static int
sq_log_put(acc_store *base, int64_t log, uint64_t seq, const char *time, const char *type,
    const char *entry, size_t len, const acc_tlog_node *nodes, size_t n_nodes,
    acc_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	const uint8_t *leaf = NULL;
	size_t i;
	int rc;

	for (i = 0; i < n_nodes; i++)
		if (nodes[i].level == 0) {
			if (nodes[i].index != seq || leaf != NULL)
				return acc_err_set(err, ACC_EINVAL, s->path,
				    "a leaf hash for index %llu given with "
				    "entry %llu", (unsigned long long)
				    nodes[i].index, (unsigned long long)seq);
			leaf = nodes[i].hash;
		}
	rc = prepare_once(s, &s->st_entry_put, "INSERT INTO log_entry (seq, "
	    "time, type, entry, log, leaf) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	    err);
	if (rc != 0)
		return rc;
	sqlite3_bind_int64(s->st_entry_put, 1, (sqlite3_int64)seq);
	sqlite3_bind_text(s->st_entry_put, 2, time, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->st_entry_put, 3, type, -1, SQLITE_STATIC);
	sqlite3_bind_blob64(s->st_entry_put, 4, entry, len, SQLITE_STATIC);
	sqlite3_bind_int64(s->st_entry_put, 5, log);
	if (leaf)
		sqlite3_bind_blob(s->st_entry_put, 6, leaf, ACC_TLOG_HASH,
		    SQLITE_STATIC);
	if (sqlite3_step(s->st_entry_put) != SQLITE_DONE)
		return dberr(s, err, "append entry");
	for (i = 0; i < n_nodes; i++) {
		if (nodes[i].level == 0)
			continue;
		rc = prepare_once(s, &s->st_hash_put, "INSERT INTO log_hash "
		    "(level, idx, hash, log) VALUES (?1, ?2, ?3, ?4)", err);
		if (rc != 0)
			return rc;
		sqlite3_bind_int(s->st_hash_put, 1, (int)nodes[i].level);
		sqlite3_bind_int64(s->st_hash_put, 2,
		    (sqlite3_int64)nodes[i].index);
		sqlite3_bind_blob(s->st_hash_put, 3, nodes[i].hash,
		    ACC_TLOG_HASH, SQLITE_STATIC);
		sqlite3_bind_int64(s->st_hash_put, 4, log);
		if (sqlite3_step(s->st_hash_put) != SQLITE_DONE)
			return dberr(s, err, "append hash");
	}
	return 0;
}

static int
sq_log_hash(acc_store *base, int64_t log, unsigned level, uint64_t index,
    acc_tlog_hash out, acc_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	/* leaves are kept in their entries' rows (?1 is then unused) */
	int rc = level == 0 ? prepare_once(s, &s->st_leaf_get, "SELECT leaf "
	    "FROM log_entry WHERE ?1 = 0 AND seq = ?2 AND log = ?3 AND leaf "
	    "IS NOT NULL", err) : prepare_once(s, &s->st_hash_get, "SELECT "
	    "hash FROM log_hash WHERE level = ?1 AND idx = ?2 AND log = ?3",
	    err);
	sqlite3_stmt *st = level == 0 ? s->st_leaf_get : s->st_hash_get;

	if (rc != 0)
		return rc;
	sqlite3_bind_int(st, 1, (int)level);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)index);
	sqlite3_bind_int64(st, 3, log);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return acc_err_set(err, ACC_ENOTFOUND, s->path,
		    "the log has no stored hash at level %u, index %llu",
		    level, (unsigned long long)index);
	}
	if (sqlite3_column_bytes(st, 0) != ACC_TLOG_HASH) {
		sqlite3_reset(st);
		return acc_err_set(err, ACC_EVERIFY, s->path,
		    "the stored hash at level %u, index %llu is not 32 bytes",
		    level, (unsigned long long)index);
	}
	memcpy(out, sqlite3_column_blob(st, 0), ACC_TLOG_HASH);
	sqlite3_reset(st);
	return 0;
}

static int
sq_log_hash_each(acc_store *base, int64_t log, int (*fn)(void *, unsigned, uint64_t,
    const uint8_t *, size_t), void *ctx, acc_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st = NULL;
	int rc = 0, step;

	static const char *const sql[2] = {
		/* the leaves, from the entries' rows, then the rest */
		"SELECT 0, seq, leaf FROM log_entry WHERE log = ?1 AND leaf "
		"IS NOT NULL ORDER BY seq",
		"SELECT level, idx, hash FROM log_hash WHERE log = ?1 ORDER BY "
		"level, idx",
	};
	size_t q;

	for (q = 0; rc == 0 && q < 2; q++) {
		if (sqlite3_prepare_v2(s->db, sql[q], -1, &st, NULL) !=
		    SQLITE_OK)
			return dberr(s, err, "prepare");
		sqlite3_bind_int64(st, 1, log);
		while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW)
			rc = fn(ctx, (unsigned)sqlite3_column_int(st, 0),
			    (uint64_t)sqlite3_column_int64(st, 1),
			    sqlite3_column_blob(st, 2),
			    (size_t)sqlite3_column_bytes(st, 2));
		if (rc == 0 && step != SQLITE_DONE)
			rc = dberr(s, err, "read hashes");
		sqlite3_finalize(st);
		st = NULL;
	}
	return rc;
}

static int
sq_log_get(acc_store *base, int64_t log, uint64_t seq, acc_buf *out, acc_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st = NULL;
	int rc = 0;

	acc_buf_reset(out);
	if (sqlite3_prepare_v2(s->db, "SELECT entry FROM log_entry WHERE seq "
	    "= ?1 AND log = ?2", -1, &st, NULL) != SQLITE_OK)
		return dberr(s, err, "prepare");
	sqlite3_bind_int64(st, 1, (sqlite3_int64)seq);
	sqlite3_bind_int64(st, 2, log);
	if (sqlite3_step(st) != SQLITE_ROW)
		rc = acc_err_set(err, ACC_ENOTFOUND, "log",
		    "no entry %llu", (unsigned long long)seq);
	else if (acc_buf_append(out, sqlite3_column_blob(st, 0),
	    (size_t)sqlite3_column_bytes(st, 0)) != 0)
		rc = acc_err_set(err, ACC_ELIMIT, "log", "entry %llu too large",
		    (unsigned long long)seq);
	sqlite3_finalize(st);
	return rc;
}

static int
sq_log_each(acc_store *base, int64_t log, uint64_t from, uint64_t to, const char *type,
    int (*fn)(void *, uint64_t, const char *, size_t), void *ctx,
    acc_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st = NULL;
	int rc = 0, step;

	if (sqlite3_prepare_v2(s->db, type ? "SELECT seq, entry FROM log_entry "
	    "WHERE log = ?4 AND seq >= ?1 AND seq < ?2 AND type = ?3 ORDER BY "
	    "seq" : "SELECT seq, entry FROM log_entry WHERE log = ?4 AND seq "
	    ">= ?1 AND seq < ?2 ORDER BY seq", -1, &st, NULL) != SQLITE_OK)
		return dberr(s, err, "prepare");
	sqlite3_bind_int64(st, 4, log);
	sqlite3_bind_int64(st, 1, (sqlite3_int64)from);
	sqlite3_bind_int64(st, 2, to > (uint64_t)INT64_MAX ? INT64_MAX :
	    (sqlite3_int64)to);
	if (type)
		sqlite3_bind_text(st, 3, type, -1, SQLITE_STATIC);
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const void *b = sqlite3_column_blob(st, 1);
		rc = fn(ctx, (uint64_t)sqlite3_column_int64(st, 0),
		    b ? b : "", (size_t)sqlite3_column_bytes(st, 1));
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = dberr(s, err, "read entries");
	sqlite3_finalize(st);
	return rc;
}

static int
sq_log_checkpoint_put(acc_store *base, int64_t log, uint64_t size, const char *note,
    const char *now, acc_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(s->db, "INSERT INTO log_checkpoint (size, note, "
	    "created_at, log) VALUES (?1, ?2, ?3, ?4)", -1, &st, NULL) !=
	    SQLITE_OK)
		return dberr(s, err, "prepare");
	sqlite3_bind_int64(st, 4, log);
	sqlite3_bind_int64(st, 1, (sqlite3_int64)size);
	sqlite3_bind_text(st, 2, note, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = dberr(s, err, "store checkpoint");
	sqlite3_finalize(st);
	return rc;
}

static int
sq_log_checkpoint_get(acc_store *base, int64_t log, uint64_t size, acc_buf *out,
    uint64_t *size_out, acc_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st = NULL;
	int rc = 0;

	acc_buf_reset(out);
	rc = size == UINT64_MAX ? prepare_once(s, &s->st_cp_latest, "SELECT "
	    "size, note FROM log_checkpoint WHERE log = ?2 ORDER BY size DESC "
	    "LIMIT 1", err) : prepare_once(s, &s->st_cp_at, "SELECT size, note "
	    "FROM log_checkpoint WHERE size = ?1 AND log = ?2", err);
	if (rc != 0)
		return rc;
	st = size == UINT64_MAX ? s->st_cp_latest : s->st_cp_at;
	sqlite3_bind_int64(st, 2, log);
	if (size != UINT64_MAX)
		sqlite3_bind_int64(st, 1, (sqlite3_int64)size);
	if (sqlite3_step(st) != SQLITE_ROW)
		rc = acc_err_set(err, ACC_ENOTFOUND, "log",
		    size == UINT64_MAX ? "no checkpoint yet (the log is empty)"
		    : "no checkpoint was signed at size %llu",
		    (unsigned long long)size);
	else {
		*size_out = (uint64_t)sqlite3_column_int64(st, 0);
		if (acc_buf_puts(out, col_text(st, 1)) != 0)
			rc = acc_err_set(err, ACC_ELIMIT, "log",
			    "checkpoint too large");
	}
	sqlite3_reset(st);
	return rc;
}

static int
sq_log_checkpoint_each(acc_store *base, int64_t log, int (*fn)(void *, uint64_t,
    const char *), void *ctx, acc_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st = NULL;
	int rc = 0, step;

	if (sqlite3_prepare_v2(s->db, "SELECT size, note FROM log_checkpoint "
	    "WHERE log = ?1 ORDER BY size", -1, &st, NULL) != SQLITE_OK)
		return dberr(s, err, "prepare");
	sqlite3_bind_int64(st, 1, log);
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW)
		rc = fn(ctx, (uint64_t)sqlite3_column_int64(st, 0),
		    col_text(st, 1));
	if (rc == 0 && step != SQLITE_DONE)
		rc = dberr(s, err, "read checkpoints");
	sqlite3_finalize(st);
	return rc;
}

/* ---- witnessing ---------------------------------------------------- */

static int
sq_log_find(acc_store *base, const char *origin, bool create, int64_t *id,
    acc_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st = NULL;
	char now[32];
	int rc = 0, step;

	if (sqlite3_prepare_v2(s->db, "SELECT id FROM log WHERE origin = ?1",
	    -1, &st, NULL) != SQLITE_OK)
		return dberr(s, err, "prepare");
	sqlite3_bind_text(st, 1, origin, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	else if (step != SQLITE_DONE)
		rc = dberr(s, err, "find log");
	else if (!create)
		rc = acc_err_set(err, ACC_ENOTFOUND, "log",
		    "no mirrored log %s", origin);
	sqlite3_finalize(st);
	if (rc != 0 || step == SQLITE_ROW)
		return rc;
	acc_log_now(now);
	if (sqlite3_prepare_v2(s->db, "INSERT INTO log (origin, created_at) "
	    "VALUES (?1, ?2)", -1, &st, NULL) != SQLITE_OK)
		return dberr(s, err, "prepare");
	sqlite3_bind_text(st, 1, origin, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = dberr(s, err, "add log");
	else
		*id = sqlite3_last_insert_rowid(s->db);
	sqlite3_finalize(st);
	return rc;
}

static int
sq_cosig_put(acc_store *base, int64_t log, uint64_t size, const char *witness,
    const char *line, const char *now, acc_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st = NULL;
	int rc = 0, step;

	if (sqlite3_prepare_v2(s->db, "INSERT INTO cosignature (log, size, "
	    "witness, line, received_at) VALUES (?1, ?2, ?3, ?4, ?5)", -1, &st,
	    NULL) != SQLITE_OK)
		return dberr(s, err, "prepare");
	sqlite3_bind_int64(st, 1, log);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)size);
	sqlite3_bind_text(st, 3, witness, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, line, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	if (step == SQLITE_CONSTRAINT_PRIMARYKEY)
		rc = acc_err_set(err, ACC_EEXISTS, "cosignature",
		    "%s already cosigned size %llu", witness,
		    (unsigned long long)size);
	else if (step != SQLITE_DONE)
		rc = dberr(s, err, "store cosignature");
	sqlite3_finalize(st);
	return rc;
}

static int
sq_cosig_each(acc_store *base, int64_t log, uint64_t size,
    int (*fn)(void *, uint64_t, const char *, const char *), void *ctx,
    acc_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st = NULL;
	int rc = 0, step;

	rc = size == UINT64_MAX ? prepare_once(s, &s->st_cosig_all, "SELECT "
	    "size, witness, line FROM cosignature WHERE log = ?1 ORDER BY "
	    "size, witness", err) : prepare_once(s, &s->st_cosig_at, "SELECT "
	    "size, witness, line FROM cosignature WHERE log = ?1 AND size = "
	    "?2 ORDER BY witness", err);
	if (rc != 0)
		return rc;
	st = size == UINT64_MAX ? s->st_cosig_all : s->st_cosig_at;
	sqlite3_bind_int64(st, 1, log);
	if (size != UINT64_MAX)
		sqlite3_bind_int64(st, 2, (sqlite3_int64)size);
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW)
		rc = fn(ctx, (uint64_t)sqlite3_column_int64(st, 0),
		    col_text(st, 1), col_text(st, 2));
	if (rc == 0 && step != SQLITE_DONE)
		rc = dberr(s, err, "read cosignatures");
	sqlite3_reset(st);
	return rc;
}

static int
sq_peer_put(acc_store *base, const struct acc_store_peer *p, acc_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO peer (name, url, "
	    "log, halted, added_at) VALUES (?1, ?2, ?3, ?4, ?5)", -1, &st,
	    NULL) != SQLITE_OK)
		return dberr(s, err, "prepare");
	sqlite3_bind_text(st, 1, p->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, p->url, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, p->log);
	sqlite3_bind_text(st, 4, p->halted, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, p->added_at, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = dberr(s, err, "store peer");
	sqlite3_finalize(st);
	return rc;
}

static void
peer_row(sqlite3_stmt *st, struct acc_store_peer *p)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", col_text(st, 0));
	snprintf(p->url, sizeof(p->url), "%s", col_text(st, 1));
	p->log = sqlite3_column_int64(st, 2);
	snprintf(p->halted, sizeof(p->halted), "%s", col_text(st, 3));
	snprintf(p->added_at, sizeof(p->added_at), "%s", col_text(st, 4));
}

static int
sq_peer_get(acc_store *base, const char *name, struct acc_store_peer *p,
    acc_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st = NULL;
	int rc = 0, step;

	if (sqlite3_prepare_v2(s->db, "SELECT name, url, log, halted, added_at "
	    "FROM peer WHERE name = ?1", -1, &st, NULL) != SQLITE_OK)
		return dberr(s, err, "prepare");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		peer_row(st, p);
	else if (step == SQLITE_DONE)
		rc = acc_err_set(err, ACC_ENOTFOUND, name, "no such peer "
		    "(add it with accord peer add)");
	else
		rc = dberr(s, err, "read peer");
	sqlite3_finalize(st);
	return rc;
}

static int
sq_peer_each(acc_store *base, int (*fn)(void *,
    const struct acc_store_peer *), void *ctx, acc_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	struct acc_store_peer p;
	sqlite3_stmt *st = NULL;
	int rc = 0, step;

	if (sqlite3_prepare_v2(s->db, "SELECT name, url, log, halted, added_at "
	    "FROM peer ORDER BY name", -1, &st, NULL) != SQLITE_OK)
		return dberr(s, err, "prepare");
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		peer_row(st, &p);
		rc = fn(ctx, &p);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = dberr(s, err, "read peers");
	sqlite3_finalize(st);
	return rc;
}

static int
sq_fork_put(acc_store *base, int64_t log, const char *kind,
    const char *evidence, const char *now, int64_t *id, acc_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(s->db, "INSERT INTO fork (log, kind, evidence, "
	    "found_at) VALUES (?1, ?2, ?3, ?4)", -1, &st, NULL) != SQLITE_OK)
		return dberr(s, err, "prepare");
	sqlite3_bind_int64(st, 1, log);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, evidence, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = dberr(s, err, "store fork evidence");
	else
		*id = sqlite3_last_insert_rowid(s->db);
	sqlite3_finalize(st);
	return rc;
}

static int
sq_fork_each(acc_store *base, int64_t log, int (*fn)(void *, int64_t, int64_t,
    const char *, const char *, const char *), void *ctx, acc_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st = NULL;
	int rc = 0, step;

	if (sqlite3_prepare_v2(s->db, "SELECT id, log, kind, evidence, "
	    "found_at FROM fork WHERE ?1 < 0 OR log = ?1 ORDER BY id", -1, &st,
	    NULL) != SQLITE_OK)
		return dberr(s, err, "prepare");
	sqlite3_bind_int64(st, 1, log);
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW)
		rc = fn(ctx, sqlite3_column_int64(st, 0),
		    sqlite3_column_int64(st, 1), col_text(st, 2),
		    col_text(st, 3), col_text(st, 4));
	if (rc == 0 && step != SQLITE_DONE)
		rc = dberr(s, err, "read forks");
	sqlite3_finalize(st);
	return rc;
}

static int
sq_finding_put(acc_store *base, int64_t log, uint64_t seq,
    const char *message, const char *now, acc_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(s->db, "INSERT OR IGNORE INTO finding (log, "
	    "seq, message, found_at) VALUES (?1, ?2, ?3, ?4)", -1, &st, NULL) !=
	    SQLITE_OK)
		return dberr(s, err, "prepare");
	sqlite3_bind_int64(st, 1, log);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)seq);
	sqlite3_bind_text(st, 3, message, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = dberr(s, err, "store finding");
	sqlite3_finalize(st);
	return rc;
}

static int
sq_finding_each(acc_store *base, int64_t log, int (*fn)(void *, uint64_t,
    const char *), void *ctx, acc_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;
	sqlite3_stmt *st = NULL;
	int rc = 0, step;

	if (sqlite3_prepare_v2(s->db, "SELECT seq, message FROM finding WHERE "
	    "log = ?1 ORDER BY seq", -1, &st, NULL) != SQLITE_OK)
		return dberr(s, err, "prepare");
	sqlite3_bind_int64(st, 1, log);
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW)
		rc = fn(ctx, (uint64_t)sqlite3_column_int64(st, 0),
		    col_text(st, 1));
	if (rc == 0 && step != SQLITE_DONE)
		rc = dberr(s, err, "read findings");
	sqlite3_finalize(st);
	return rc;
}

static int
sq_reopen(acc_store *base, acc_store **out, acc_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)base;

	return acc_store_sqlite_open(out, s->path, false, err);
}

static const struct acc_store_ops sqlite_ops = {
	sq_close,
	sq_inventory_replace,
	sq_inventory_load,
	sq_meta_get,
	sq_meta_set,
	sq_key_put,
	sq_key_get,
	sq_key_each,
	sq_decl_put,
	sq_decl_get,
	sq_log_begin,
	sq_log_commit,
	sq_log_rollback,
	sq_log_size,
	sq_log_put,
	sq_log_hash,
	sq_log_hash_each,
	sq_log_get,
	sq_log_each,
	sq_log_checkpoint_put,
	sq_log_checkpoint_get,
	sq_log_checkpoint_each,
	sq_log_find,
	sq_cosig_put,
	sq_cosig_each,
	sq_peer_put,
	sq_peer_get,
	sq_peer_each,
	sq_fork_put,
	sq_fork_each,
	sq_finding_put,
	sq_finding_each,
	sq_reopen,
};

/* Apply every embedded migration newer than the schema's user_version. */
static int
migrate(struct sqlite_store *s, acc_err *err)
{
	sqlite3_stmt *st = NULL;
	int version = 0;
	size_t i;
	int rc = 0;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) !=
	    SQLITE_OK)
		return dberr(s, err, "prepare");
	if (sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	for (i = 0; i < acc_embedded_count; i++) {
		const struct acc_embedded_file *f = &acc_embedded[i];
		int n;
		char pragma[64];
		char *sql;
		if (strncmp(f->name, "sql/", 4) != 0)
			continue;
		n = (int)strtol(f->name + 4, NULL, 10);
		if (n <= version)
			continue;
		sql = malloc(f->len + 1);
		if (sql == NULL)
			return acc_err_set(err, ACC_ERR, s->path,
			    "out of memory");
		memcpy(sql, f->data, f->len);
		sql[f->len] = '\0';
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", n);
		rc = exec(s, "BEGIN IMMEDIATE", err);
		if (rc == 0)
			rc = exec(s, sql, err);
		if (rc == 0)
			rc = exec(s, pragma, err);
		if (rc == 0)
			rc = exec(s, "COMMIT", err);
		free(sql);
		if (rc != 0) {
			(void)sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return rc;
		}
		version = n;
	}
	return 0;
}

int
acc_store_sqlite_open(acc_store **out, const char *path, bool create,
    acc_err *err)
{
	struct sqlite_store *s;
	struct stat st;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	int rc;

	*out = NULL;
	if (!create && stat(path, &st) != 0)
		return acc_err_set(err, ACC_ENOTFOUND, path,
		    "no store (was the workspace initialised?)");
	if (create)
		flags |= SQLITE_OPEN_CREATE;
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return acc_err_set(err, ACC_ERR, path, "out of memory");
	s->base.ops = &sqlite_ops;
	snprintf(s->path, sizeof(s->path), "%s", path);
	if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
		rc = acc_err_set(err, ACC_ERR, path, "cannot open: %s",
		    s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(s->db, 10000);
	sqlite3_extended_result_codes(s->db, 1);
	rc = exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
	    "PRAGMA foreign_keys = ON;", err);
	if (rc == 0)
		rc = migrate(s, err);
	if (rc != 0)
		goto fail;
	*out = &s->base;
	return 0;
fail:
	sq_close(&s->base);
	return rc;
}

void
acc_store_close(acc_store *s)
{
	if (s != NULL)
		s->ops->close(s);
}
