/*
 * The PostgreSQL store, through libpq: the same operations and error
 * codes as store_sqlite.c over schema migrations embedded from
 * data/sql/pg/. Statements are prepared once per connection and run with
 * bound parameters only (binary, results binary); writers of the log are
 * serialised by a transaction-scoped advisory lock, and every commit is
 * synchronous. This file never prints: libpq's notices are discarded.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <accord/buf.h>
#include <accord/crypto.h>

#include "embedded.h"
#include "inventory_int.h"
#include "limits.h"
#include "log.h"
#include "store.h"
#include "treaty_int.h"

#if ACC_HAVE_POSTGRES

#include <libpq-fe.h>

/* Built-in type OIDs (catalog/pg_type.dat), fixed across versions. */
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_TEXT 25

/* Advisory lock keys: the log's writers, and schema migration. */
#define LOCK_LOG INT64_C(0x6163636f72640001)
#define LOCK_MIGRATE INT64_C(0x6163636f72640002)

/* The longest connection string kept (a URL with its options). */
#define CONNINFO_MAX 4096
/* Hashes written by one log_put statement with its entry; more go one by
 * one (only an append whose index ends in 16 one bits needs more). */
#define PUT_NODES_MAX 16
#define PARAMS_MAX (5 + 3 * PUT_NODES_MAX)
/* Rows fetched per round trip when iterating over a log. */
#define PAGE_ROWS 2048
/*
 * Appends sent ahead in pipeline mode before their results are read: few
 * enough that the server never blocks on results the client has not read.
 */
#define PIPELINE_MAX 256

enum stmt {
	ST_LOCK,
	ST_FACILITY_PUT,
	ST_ITEM_PUT,
	ST_INVENTORY_PUT,
	ST_IMPORT_LOG_PUT,
	ST_INVENTORY_GET,
	ST_FACILITY_ALL,
	ST_ITEM_ALL,
	ST_META_GET,
	ST_META_SET,
	ST_KEY_PUT,
	ST_KEY_GET,
	ST_KEY_ALL,
	ST_DECL_PUT,
	ST_DECL_BY_ID,
	ST_DECL_BY_AS_OF,
	ST_DECL_LATEST,
	ST_LOG_SIZE,
	ST_HASH_PUT,
	ST_HASH_GET,
	ST_HASH_PAGE,
	ST_ENTRY_GET,
	ST_ENTRY_PAGE,
	ST_ENTRY_PAGE_TYPE,
	ST_CHECKPOINT_PUT,
	ST_CHECKPOINT_GET,
	ST_CHECKPOINT_LATEST,
	ST_CHECKPOINT_ALL,
	ST_LOG_FIND,
	ST_LOG_ADD,
	ST_COSIG_PUT,
	ST_COSIG_SIZE,
	ST_COSIG_ALL,
	ST_PEER_PUT,
	ST_PEER_GET,
	ST_PEER_ALL,
	ST_FORK_PUT,
	ST_FORK_ALL,
	ST_FINDING_PUT,
	ST_FINDING_ALL,
	ST_COUNT
};

static const char *const stmt_sql[ST_COUNT] = {
	[ST_LOCK] = "SELECT pg_advisory_xact_lock($1)",
	[ST_FACILITY_PUT] = "INSERT INTO facility (id, kind, name, attrs) "
	    "VALUES ($1, $2, $3, $4)",
	[ST_ITEM_PUT] = "INSERT INTO item (uid, type, status, facility, "
	    "warheads, contained_in, name, attrs) VALUES ($1, $2, $3, $4, $5, "
	    "$6, $7, $8)",
	[ST_INVENTORY_PUT] = "INSERT INTO inventory (id, party, as_of, items, "
	    "facilities, sources, imported_at) VALUES (1, $1, $2, $3, $4, $5, "
	    "$6)",
	[ST_IMPORT_LOG_PUT] = "INSERT INTO import_log (imported_at, party, "
	    "as_of, items, sources) VALUES ($1, $2, $3, $4, $5)",
	[ST_INVENTORY_GET] = "SELECT party, as_of FROM inventory WHERE id = 1",
	[ST_FACILITY_ALL] = "SELECT id, kind, name, attrs FROM facility "
	    "ORDER BY seq",
	[ST_ITEM_ALL] = "SELECT uid, type, status, facility, warheads, "
	    "contained_in, name, attrs FROM item ORDER BY seq",
	[ST_META_GET] = "SELECT value FROM meta WHERE key = $1",
	[ST_META_SET] = "INSERT INTO meta (key, value) VALUES ($1, $2) "
	    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	[ST_KEY_PUT] = "INSERT INTO trusted_key (party, vkey, added_at) "
	    "VALUES ($1, $2, $3) ON CONFLICT (party) DO UPDATE SET vkey = "
	    "excluded.vkey, added_at = excluded.added_at",
	[ST_KEY_GET] = "SELECT vkey FROM trusted_key WHERE party = $1",
	[ST_KEY_ALL] = "SELECT party, vkey FROM trusted_key ORDER BY party",
	[ST_DECL_PUT] = "INSERT INTO declaration (id, party, as_of, mode, "
	    "supersedes, created_at, package, items) VALUES ($1, $2, $3, $4, "
	    "$5, $6, $7, $8) ON CONFLICT (id) DO NOTHING",
	[ST_DECL_BY_ID] = "SELECT id, party, as_of, mode, supersedes, "
	    "created_at, package, items FROM declaration WHERE id = $1",
	[ST_DECL_BY_AS_OF] = "SELECT id, party, as_of, mode, supersedes, "
	    "created_at, package, items FROM declaration WHERE as_of = $1 AND "
	    "($2::text IS NULL OR mode = $2) ORDER BY seq DESC LIMIT 1",
	[ST_DECL_LATEST] = "SELECT id, party, as_of, mode, supersedes, "
	    "created_at, package, items FROM declaration ORDER BY as_of DESC, "
	    "seq DESC LIMIT 1",
	[ST_LOG_SIZE] = "SELECT coalesce(max(seq) + 1, 0) FROM log_entry "
	    "WHERE log = $1",
	[ST_HASH_PUT] = "INSERT INTO log_hash (log, level, idx, hash) VALUES "
	    "($1, $2, $3, $4)",
	[ST_HASH_GET] = "SELECT hash FROM log_hash WHERE log = $1 AND level = "
	    "$2 AND idx = $3",
	[ST_HASH_PAGE] = "SELECT level, idx, hash FROM log_hash WHERE log = "
	    "$1 AND (level, idx) > ($2, $3) ORDER BY level, idx LIMIT $4",
	[ST_ENTRY_GET] = "SELECT entry FROM log_entry WHERE log = $1 AND "
	    "seq = $2",
	[ST_ENTRY_PAGE] = "SELECT seq, entry FROM log_entry WHERE log = $1 "
	    "AND seq >= $2 AND seq < $3 ORDER BY seq LIMIT $4",
	[ST_ENTRY_PAGE_TYPE] = "SELECT seq, entry FROM log_entry WHERE log = "
	    "$1 AND seq >= $2 AND seq < $3 AND type = $5 ORDER BY seq LIMIT $4",
	[ST_CHECKPOINT_PUT] = "INSERT INTO log_checkpoint (log, size, note, "
	    "created_at) VALUES ($1, $2, $3, $4)",
	[ST_CHECKPOINT_GET] = "SELECT size, note FROM log_checkpoint WHERE "
	    "log = $1 AND size = $2",
	[ST_CHECKPOINT_LATEST] = "SELECT size, note FROM log_checkpoint WHERE "
	    "log = $1 ORDER BY size DESC LIMIT 1",
	[ST_CHECKPOINT_ALL] = "SELECT size, note FROM log_checkpoint WHERE "
	    "log = $1 ORDER BY size",
	[ST_LOG_FIND] = "SELECT id FROM log WHERE origin = $1",
	[ST_LOG_ADD] = "INSERT INTO log (origin, created_at) VALUES ($1, $2) "
	    "RETURNING id",
	[ST_COSIG_PUT] = "INSERT INTO cosignature (log, size, witness, line, "
	    "received_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (log, size, "
	    "witness) DO NOTHING",
	[ST_COSIG_SIZE] = "SELECT size, witness, line FROM cosignature WHERE "
	    "log = $1 AND size = $2 ORDER BY witness",
	[ST_COSIG_ALL] = "SELECT size, witness, line FROM cosignature WHERE "
	    "log = $1 ORDER BY size, witness",
	[ST_PEER_PUT] = "INSERT INTO peer (name, url, log, halted, added_at) "
	    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO UPDATE SET "
	    "url = excluded.url, log = excluded.log, halted = excluded.halted, "
	    "added_at = excluded.added_at",
	[ST_PEER_GET] = "SELECT name, url, log, halted, added_at FROM peer "
	    "WHERE name = $1",
	[ST_PEER_ALL] = "SELECT name, url, log, halted, added_at FROM peer "
	    "ORDER BY name",
	[ST_FORK_PUT] = "INSERT INTO fork (log, kind, evidence, found_at) "
	    "VALUES ($1, $2, $3, $4) RETURNING id",
	[ST_FORK_ALL] = "SELECT id, log, kind, evidence, found_at FROM fork "
	    "WHERE $1 < 0 OR log = $1 ORDER BY id",
	[ST_FINDING_PUT] = "INSERT INTO finding (log, seq, message, found_at) "
	    "VALUES ($1, $2, $3, $4) ON CONFLICT (log, seq) DO NOTHING",
	[ST_FINDING_ALL] = "SELECT seq, message FROM finding WHERE log = $1 "
	    "ORDER BY seq",
};

struct pg_store {
	acc_store base;
	PGconn *conn;
	char conninfo[CONNINFO_MAX];
	char where[256];            /* the store, without a password */
	bool prepared[ST_COUNT];
	bool put_prepared[PUT_NODES_MAX + 1];
	int queued;                 /* appends sent in pipeline mode */
};

/* Parameters of one statement: binary, with their types. */
struct params {
	int n;
	Oid types[PARAMS_MAX];
	const char *values[PARAMS_MAX];
	int lengths[PARAMS_MAX];
	int formats[PARAMS_MAX];
	unsigned char ints[PARAMS_MAX][8];
};

static void
p_add(struct params *p, Oid type, const void *v, size_t len)
{
	assert(p->n < PARAMS_MAX);
	assert(len <= INT32_MAX);
	p->types[p->n] = type;
	p->values[p->n] = v;
	p->lengths[p->n] = (int)len;
	p->formats[p->n] = 1;
	p->n++;
}

static void
p_i64(struct params *p, int64_t v)
{
	uint64_t u = (uint64_t)v;
	int i;

	assert(p->n < PARAMS_MAX);
	for (i = 7; i >= 0; i--) {
		p->ints[p->n][i] = (unsigned char)(u & 0xff);
		u >>= 8;
	}
	p_add(p, OID_INT8, p->ints[p->n], 8);
}

/* A text parameter (the binary form of text is its bytes). */
static void
p_text(struct params *p, const char *v)
{
	p_add(p, OID_TEXT, v, strlen(v));
}

/* NULL for NULL or "", as store_sqlite.c binds optional text. */
static void
p_text_or_null(struct params *p, const char *v)
{
	if (v == NULL || v[0] == '\0')
		p_add(p, OID_TEXT, NULL, 0);
	else
		p_text(p, v);
}

static void
p_bytes(struct params *p, const void *v, size_t len)
{
	/* a zero-length bytea must not be sent as NULL */
	p_add(p, OID_BYTEA, v != NULL ? v : "", len);
}

/* One line of at most the buffer: libpq's messages end in newlines. */
static void
one_line(char *out, size_t len, const char *msg)
{
	size_t i, o = 0;

	for (i = 0; msg != NULL && msg[i] != '\0' && o + 1 < len; i++) {
		char c = msg[i];
		if (c == '\n' || c == '\t' || c == '\r')
			c = ' ';
		if (c == ' ' && (o == 0 || out[o - 1] == ' '))
			continue;
		out[o++] = c;
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
}

static int
conn_err(struct pg_store *s, acc_err *err, const char *what)
{
	char msg[400];

	one_line(msg, sizeof(msg), PQerrorMessage(s->conn));
	return acc_err_set(err, ACC_ERR, s->where, "%s: %s", what,
	    msg[0] ? msg : "PostgreSQL error");
}

static int
res_err(struct pg_store *s, const PGresult *r, acc_err *err,
    const char *what)
{
	const char *primary;
	char msg[400];

	if (r == NULL)
		return conn_err(s, err, what);
	primary = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
	one_line(msg, sizeof(msg), primary ? primary :
	    PQresultErrorMessage(r));
	return acc_err_set(err, ACC_ERR, s->where, "%s: %s", what,
	    msg[0] ? msg : "PostgreSQL error");
}

/*
 * Read the results of the appends sent ahead in pipeline mode (log_put),
 * keep the first error, and leave pipeline mode. Every other statement
 * comes after this, so an append's error reaches the caller at the latest
 * from the next operation of its write batch (a checkpoint, the commit).
 */
static int
flush(struct pg_store *s, acc_err *err)
{
	PGresult *r;
	int rc = 0;

	if (PQpipelineStatus(s->conn) == PQ_PIPELINE_OFF)
		return 0;
	if (PQpipelineSync(s->conn) != 1) {
		rc = conn_err(s, err, "append entry");
		goto done;
	}
	for (;;) {
		r = PQgetResult(s->conn);
		if (r == NULL) {
			/* between two statements' results, or a lost server */
			if (PQstatus(s->conn) != CONNECTION_OK) {
				if (rc == 0)
					rc = conn_err(s, err, "append entry");
				break;
			}
			continue;
		}
		if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
			PQclear(r);
			break;
		}
		if (PQresultStatus(r) == PGRES_FATAL_ERROR && rc == 0)
			rc = res_err(s, r, err, "append entry");
		PQclear(r);
	}
done:
	s->queued = 0;
	if (PQexitPipelineMode(s->conn) != 1 && rc == 0)
		rc = conn_err(s, err, "append entry");
	return rc;
}

/* Run SQL without parameters (transaction control, migrations). */
static int
exec(struct pg_store *s, const char *sql, const char *what, acc_err *err)
{
	PGresult *r;
	int rc = flush(s, err);

	if (rc != 0)
		return rc;
	r = PQexec(s->conn, sql);

	if (PQresultStatus(r) != PGRES_COMMAND_OK &&
	    PQresultStatus(r) != PGRES_TUPLES_OK)
		rc = res_err(s, r, err, what);
	PQclear(r);
	return rc;
}

/* COMMIT, which reports ROLLBACK when the transaction had failed. */
static int
commit(struct pg_store *s, acc_err *err)
{
	PGresult *r;
	int rc = flush(s, err);

	if (rc != 0) {
		PQclear(PQexec(s->conn, "ROLLBACK"));
		return rc;
	}
	r = PQexec(s->conn, "COMMIT");
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		rc = res_err(s, r, err, "commit");
	else if (strcmp(PQcmdStatus(r), "COMMIT") != 0)
		rc = acc_err_set(err, ACC_ERR, s->where, "commit: the "
		    "transaction had failed and was rolled back");
	PQclear(r);
	return rc;
}

static void
rollback(struct pg_store *s)
{
	(void)flush(s, NULL);
	PQclear(PQexec(s->conn, "ROLLBACK"));
}

/*
 * Run a prepared statement (prepared on first use under `name`) with p;
 * binary results into *out (PQclear it) when it succeeds.
 */
static int
prepare(struct pg_store *s, bool *prepared, const char *name,
    const char *sql, const struct params *p, const char *what, acc_err *err)
{
	PGresult *r;
	int rc = 0;

	if (*prepared)
		return 0;
	rc = flush(s, err);
	if (rc != 0)
		return rc;
	r = PQprepare(s->conn, name, sql, p->n, p->types);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		rc = res_err(s, r, err, what);
	PQclear(r);
	if (rc == 0)
		*prepared = true;
	return rc;
}

static int
run_named(struct pg_store *s, bool *prepared, const char *name,
    const char *sql, const struct params *p, PGresult **out,
    const char *what, acc_err *err)
{
	PGresult *r;
	int rc;

	*out = NULL;
	rc = prepare(s, prepared, name, sql, p, what, err);
	if (rc == 0)
		rc = flush(s, err);
	if (rc != 0)
		return rc;
	r = PQexecPrepared(s->conn, name, p->n, p->values, p->lengths,
	    p->formats, 1);
	if (PQresultStatus(r) != PGRES_COMMAND_OK &&
	    PQresultStatus(r) != PGRES_TUPLES_OK) {
		rc = res_err(s, r, err, what);
		PQclear(r);
		return rc;
	}
	*out = r;
	return 0;
}

/*
 * Send a prepared statement ahead in pipeline mode, its result read by
 * flush(): appends cost no round trip each.
 */
static int
queue(struct pg_store *s, bool *prepared, const char *name, const char *sql,
    const struct params *p, const char *what, acc_err *err)
{
	int rc = prepare(s, prepared, name, sql, p, what, err);

	if (rc != 0)
		return rc;
	if (PQpipelineStatus(s->conn) == PQ_PIPELINE_OFF &&
	    PQenterPipelineMode(s->conn) != 1)
		return conn_err(s, err, what);
	if (PQsendQueryPrepared(s->conn, name, p->n, p->values, p->lengths,
	    p->formats, 1) != 1)
		return conn_err(s, err, what);
	if (++s->queued >= PIPELINE_MAX)
		return flush(s, err);
	return 0;
}

static int
run(struct pg_store *s, enum stmt id, const struct params *p,
    PGresult **out, const char *what, acc_err *err)
{
	char name[16];

	snprintf(name, sizeof(name), "s%d", (int)id);
	return run_named(s, &s->prepared[id], name, stmt_sql[id], p, out,
	    what, err);
}

/* Run a statement whose result is not needed. */
static int
run_done(struct pg_store *s, enum stmt id, const struct params *p,
    const char *what, acc_err *err)
{
	PGresult *r = NULL;
	int rc = run(s, id, p, &r, what, err);

	PQclear(r);
	return rc;
}

/* The rows a command changed (0 when ON CONFLICT DO NOTHING skipped). */
static bool
changed_none(const PGresult *r)
{
	return strcmp(PQcmdTuples((PGresult *)r), "0") == 0;
}

static int64_t
col_i64(const PGresult *r, int row, int col)
{
	const unsigned char *v;
	uint64_t u = 0;
	int i, len;

	if (PQgetisnull(r, row, col))
		return 0;
	v = (const unsigned char *)PQgetvalue(r, row, col);
	len = PQgetlength(r, row, col);
	for (i = 0; i < len && i < 8; i++)
		u = u << 8 | v[i];
	/* int2 and int4 columns, sign-extended */
	if (len > 0 && len < 8 && (v[0] & 0x80))
		u |= ~UINT64_C(0) << (8 * len);
	return (int64_t)u;
}

/* Text in binary format is its bytes; libpq ends every value in NUL. */
static const char *
col_text(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? "" : PQgetvalue(r, row, col);
}

static void
pg_close(acc_store *base)
{
	struct pg_store *s = (struct pg_store *)base;

	if (s == NULL)
		return;
	PQfinish(s->conn);
	free(s);
}

/* ---- inventory ------------------------------------------------------ */

static int
p_attrs(struct pg_store *s, struct params *p, acc_buf *b,
    const acc_attr_kv *kv, size_t n, acc_err *err)
{
	if (n == 0) {
		p_add(p, OID_TEXT, NULL, 0);
		return 0;
	}
	if (acc_store_attrs_format(b, kv, n) != 0)
		return acc_err_set(err, ACC_ELIMIT, s->where,
		    "attributes too large");
	p_add(p, OID_TEXT, b->data, b->len);
	return 0;
}

static int
pg_inventory_replace(acc_store *base, const acc_inventory *inv,
    const char *sources, const char *now, acc_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	acc_buf attrs = ACC_BUF_INIT(1u << 20);
	acc_attr_kv kv[ACC_ATTRS_MAX];
	char asof[ACC_DATE_LEN];
	struct params p;
	size_t i;
	int rc;

	rc = exec(s, "BEGIN", "begin", err);
	if (rc != 0)
		return rc;
	rc = exec(s, "DELETE FROM item; DELETE FROM facility; "
	    "DELETE FROM inventory", "clear inventory", err);
	for (i = 0; rc == 0 && i < acc_inventory_facility_count(inv); i++) {
		acc_facility_rec f;
		acc_inventory_facility(inv, i, &f, kv, ACC_ATTRS_MAX);
		p.n = 0;
		p_text_or_null(&p, f.id);
		p_text_or_null(&p, f.kind);
		p_text_or_null(&p, f.name);
		rc = p_attrs(s, &p, &attrs, f.attrs, f.n_attrs, err);
		if (rc == 0)
			rc = run_done(s, ST_FACILITY_PUT, &p,
			    "insert facility", err);
	}
	for (i = 0; rc == 0 && i < acc_inventory_item_count(inv); i++) {
		acc_item_rec it;
		acc_inventory_item(inv, i, &it, kv, ACC_ATTRS_MAX);
		p.n = 0;
		p_text_or_null(&p, it.uid);
		p_text_or_null(&p, it.type);
		p_text_or_null(&p, it.status);
		p_text_or_null(&p, it.facility);
		if (it.warheads >= 0)
			p_i64(&p, it.warheads);
		else
			p_add(&p, OID_INT8, NULL, 0);
		p_text_or_null(&p, it.contained_in);
		p_text_or_null(&p, it.name);
		rc = p_attrs(s, &p, &attrs, it.attrs, it.n_attrs, err);
		if (rc == 0)
			rc = run_done(s, ST_ITEM_PUT, &p, "insert item", err);
	}
	if (rc != 0)
		goto done;
	acc_date_format(asof, acc_inventory_as_of(inv));
	p.n = 0;
	p_text_or_null(&p, acc_inventory_party(inv));
	p_text_or_null(&p, asof);
	p_i64(&p, (int64_t)acc_inventory_item_count(inv));
	p_i64(&p, (int64_t)acc_inventory_facility_count(inv));
	p_text_or_null(&p, sources);
	p_text_or_null(&p, now);
	rc = run_done(s, ST_INVENTORY_PUT, &p, "insert inventory", err);
	if (rc != 0)
		goto done;
	p.n = 0;
	p_text_or_null(&p, now);
	p_text_or_null(&p, acc_inventory_party(inv));
	p_text_or_null(&p, asof);
	p_i64(&p, (int64_t)acc_inventory_item_count(inv));
	p_text_or_null(&p, sources);
	rc = run_done(s, ST_IMPORT_LOG_PUT, &p, "insert import_log", err);
	if (rc == 0)
		rc = commit(s, err);
done:
	if (rc != 0)
		rollback(s);
	acc_buf_dispose(&attrs);
	return rc;
}

static int
pg_inventory_load(acc_store *base, acc_inventory *inv, acc_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	PGresult *r = NULL;
	json_t *holder = NULL;
	acc_attr_kv kv[ACC_ATTRS_MAX];
	struct params p = { 0 };
	char where[400];
	int row, n;
	int rc;

	rc = run(s, ST_INVENTORY_GET, &p, &r, "read inventory", err);
	if (rc != 0)
		goto done;
	if (PQntuples(r) == 0) {
		rc = acc_err_set(err, ACC_ENOTFOUND, s->where,
		    "no inventory imported yet (accord import FILE)");
		goto done;
	}
	{
		acc_date d;
		const char *asof = col_text(r, 0, 1);
		rc = acc_date_parse(&d, asof, strlen(asof), s->where, err);
		if (rc == 0)
			rc = acc_inventory_set_meta(inv, col_text(r, 0, 0), d,
			    s->where, err);
		if (rc != 0)
			goto done;
	}
	PQclear(r);
	r = NULL;
	rc = run(s, ST_FACILITY_ALL, &p, &r, "read facilities", err);
	if (rc != 0)
		goto done;
	n = PQntuples(r);
	for (row = 0; row < n; row++) {
		acc_facility_rec f;
		snprintf(where, sizeof(where), "%s facility %d", s->where,
		    row + 1);
		f.id = col_text(r, row, 0);
		f.kind = col_text(r, row, 1);
		f.name = col_text(r, row, 2);
		rc = acc_store_attrs_parse(&holder, col_text(r, row, 3), kv, &f.n_attrs,
		    where, err);
		f.attrs = kv;
		if (rc == 0)
			rc = acc_inventory_add_facility(inv, &f, s->where,
			    (uint32_t)row + 1, err);
		if (rc != 0)
			goto done;
	}
	PQclear(r);
	r = NULL;
	rc = run(s, ST_ITEM_ALL, &p, &r, "read items", err);
	if (rc != 0)
		goto done;
	n = PQntuples(r);
	for (row = 0; row < n; row++) {
		acc_item_rec it;
		snprintf(where, sizeof(where), "%s item %d", s->where, row + 1);
		it.uid = col_text(r, row, 0);
		it.type = col_text(r, row, 1);
		it.status = col_text(r, row, 2);
		it.facility = col_text(r, row, 3);
		it.warheads = PQgetisnull(r, row, 4) ? -1 :
		    col_i64(r, row, 4);
		it.contained_in = col_text(r, row, 5);
		it.name = col_text(r, row, 6);
		rc = acc_store_attrs_parse(&holder, col_text(r, row, 7), kv,
		    &it.n_attrs, where, err);
		it.attrs = kv;
		if (rc == 0)
			rc = acc_inventory_add_item(inv, &it, s->where,
			    (uint32_t)row + 1, err);
		if (rc != 0)
			goto done;
	}
done:
	json_decref(holder);
	PQclear(r);
	return rc;
}

/* ---- settings and keys ---------------------------------------------- */

static int
pg_meta_get(acc_store *base, const char *key, char *out, size_t out_len,
    acc_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	PGresult *r = NULL;
	struct params p = { 0 };
	int rc;

	p_text(&p, key);
	rc = run(s, ST_META_GET, &p, &r, "read meta", err);
	if (rc == 0 && PQntuples(r) == 0)
		rc = acc_err_set(err, ACC_ENOTFOUND, s->where, "no setting %s",
		    key);
	else if (rc == 0)
		snprintf(out, out_len, "%s", col_text(r, 0, 0));
	PQclear(r);
	return rc;
}

static int
pg_meta_set(acc_store *base, const char *key, const char *value,
    acc_err *err)
{
	struct params p = { 0 };

	p_text(&p, key);
	p_text(&p, value);
	return run_done((struct pg_store *)base, ST_META_SET, &p,
	    "write meta", err);
}

static int
pg_key_put(acc_store *base, const char *party, const char *vkey,
    const char *now, acc_err *err)
{
	struct params p = { 0 };

	p_text(&p, party);
	p_text(&p, vkey);
	p_text(&p, now);
	return run_done((struct pg_store *)base, ST_KEY_PUT, &p,
	    "write trusted key", err);
}

static int
pg_key_get(acc_store *base, const char *party, char *out, size_t out_len,
    acc_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	PGresult *r = NULL;
	struct params p = { 0 };
	int rc;

	p_text(&p, party);
	rc = run(s, ST_KEY_GET, &p, &r, "read trusted key", err);
	if (rc == 0 && PQntuples(r) == 0)
		rc = acc_err_set(err, ACC_ENOTFOUND, party,
		    "no trusted key for this party (accord key add %s KEY)",
		    party);
	else if (rc == 0)
		snprintf(out, out_len, "%s", col_text(r, 0, 0));
	PQclear(r);
	return rc;
}

static int
pg_key_each(acc_store *base, int (*fn)(void *, const char *, const char *),
    void *ctx, acc_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	PGresult *r = NULL;
	struct params p = { 0 };
	int rc, row;

	rc = run(s, ST_KEY_ALL, &p, &r, "read trusted keys", err);
	for (row = 0; rc == 0 && row < PQntuples(r); row++)
		rc = fn(ctx, col_text(r, row, 0), col_text(r, row, 1));
	PQclear(r);
	return rc;
}

/* ---- declarations --------------------------------------------------- */

static int
pg_decl_put(acc_store *base, const struct acc_stored_decl *d, acc_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	PGresult *r = NULL;
	struct params p = { 0 };
	int rc;

	p_text(&p, d->id);
	p_text(&p, d->party);
	p_text(&p, d->as_of);
	p_text(&p, d->mode);
	p_text_or_null(&p, d->supersedes);
	p_text(&p, d->created_at);
	p_bytes(&p, d->package, d->package_len);
	p_bytes(&p, d->items, d->items_len);
	rc = run(s, ST_DECL_PUT, &p, &r, "insert declaration", err);
	if (rc == 0 && changed_none(r))
		rc = acc_err_set(err, ACC_EEXISTS, d->id,
		    "this declaration exists already");
	PQclear(r);
	return rc;
}

static char *
bytes_dup(const PGresult *r, int row, int col, size_t *len)
{
	int n = PQgetlength(r, row, col);
	char *c = malloc((size_t)n + 1);

	if (c == NULL)
		return NULL;
	if (n > 0)
		memcpy(c, PQgetvalue(r, row, col), (size_t)n);
	c[n] = '\0';
	*len = (size_t)n;
	return c;
}

static int
pg_decl_get(acc_store *base, const char *id, const char *as_of,
    const char *mode, struct acc_stored_decl *d, acc_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	PGresult *r = NULL;
	struct params p = { 0 };
	enum stmt st;
	int rc;

	memset(d, 0, sizeof(*d));
	if (id) {
		st = ST_DECL_BY_ID;
		p_text(&p, id);
	} else if (as_of) {
		st = ST_DECL_BY_AS_OF;
		p_text(&p, as_of);
		p_text_or_null(&p, mode);
	} else {
		st = ST_DECL_LATEST;
	}
	rc = run(s, st, &p, &r, "read declaration", err);
	if (rc != 0)
		goto done;
	if (PQntuples(r) == 0) {
		rc = acc_err_set(err, ACC_ENOTFOUND, id ? id : as_of ? as_of :
		    s->where, "no such declaration in this workspace");
		goto done;
	}
	snprintf(d->id, sizeof(d->id), "%s", col_text(r, 0, 0));
	snprintf(d->party, sizeof(d->party), "%s", col_text(r, 0, 1));
	snprintf(d->as_of, sizeof(d->as_of), "%s", col_text(r, 0, 2));
	snprintf(d->mode, sizeof(d->mode), "%s", col_text(r, 0, 3));
	snprintf(d->supersedes, sizeof(d->supersedes), "%s",
	    col_text(r, 0, 4));
	snprintf(d->created_at, sizeof(d->created_at), "%s",
	    col_text(r, 0, 5));
	d->package = bytes_dup(r, 0, 6, &d->package_len);
	d->items = bytes_dup(r, 0, 7, &d->items_len);
	if (d->package == NULL || d->items == NULL) {
		acc_stored_decl_dispose(d);
		rc = acc_err_set(err, ACC_ERR, s->where, "out of memory");
	}
done:
	/* the items are private: wipe libpq's copy too */
	if (r != NULL && PQntuples(r) > 0 && PQnfields(r) > 7)
		acc_wipe(PQgetvalue(r, 0, 7), (size_t)PQgetlength(r, 0, 7));
	PQclear(r);
	return rc;
}

/* ---- the log -------------------------------------------------------- */

static int
pg_log_begin(acc_store *base, acc_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	struct params p = { 0 };
	int rc;

	rc = exec(s, "BEGIN", "begin", err);
	if (rc != 0)
		return rc;
	/* one writer at a time, until this transaction ends */
	p_i64(&p, LOCK_LOG);
	rc = run_done(s, ST_LOCK, &p, "take the log's write lock", err);
	if (rc != 0)
		rollback(s);
	return rc;
}

static int
pg_log_commit(acc_store *base, acc_err *err)
{
	return commit((struct pg_store *)base, err);
}

static void
pg_log_rollback(acc_store *base)
{
	rollback((struct pg_store *)base);
}

static int
pg_log_size(acc_store *base, int64_t log, uint64_t *n, acc_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	PGresult *r = NULL;
	struct params p = { 0 };
	int rc;

	*n = 0;
	p_i64(&p, log);
	rc = run(s, ST_LOG_SIZE, &p, &r, "log size", err);
	if (rc == 0 && PQntuples(r) == 1)
		*n = (uint64_t)col_i64(r, 0, 0);
	PQclear(r);
	return rc;
}

/* The statement appending an entry with n of its hashes. */
static int
put_sql(char *out, size_t len, size_t n)
{
	size_t i, o;
	int w;

	w = snprintf(out, len, "%sINSERT INTO log_entry (log, seq, time, "
	    "type, entry) VALUES ($1, $2, $3, $4, $5)%s", n ? "WITH e AS (" :
	    "", n ? ") INSERT INTO log_hash (log, level, idx, hash) VALUES " :
	    "");
	if (w < 0 || (size_t)w >= len)
		return -1;
	o = (size_t)w;
	for (i = 0; i < n; i++) {
		w = snprintf(out + o, len - o, "%s($1, $%zu, $%zu, $%zu)",
		    i ? ", " : "", 6 + 3 * i, 7 + 3 * i, 8 + 3 * i);
		if (w < 0 || (size_t)w >= len - o)
			return -1;
		o += (size_t)w;
	}
	return 0;
}

static int
pg_log_put(acc_store *base, int64_t log, uint64_t seq, const char *time,
    const char *type, const char *entry, size_t len,
    const acc_tlog_node *nodes, size_t n_nodes, acc_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	size_t i, first = n_nodes < PUT_NODES_MAX ? n_nodes : PUT_NODES_MAX;
	struct params p = { 0 };
	char name[16], sql[1024];
	int rc;

	/* the entry and its first hashes in one statement, sent ahead */
	if (put_sql(sql, sizeof(sql), first) != 0)
		return acc_err_set(err, ACC_ERR, s->where, "statement too long");
	snprintf(name, sizeof(name), "put%zu", first);
	p_i64(&p, log);
	p_i64(&p, (int64_t)seq);
	p_text(&p, time);
	p_text(&p, type);
	p_bytes(&p, entry, len);
	for (i = 0; i < first; i++) {
		p_i64(&p, (int64_t)nodes[i].level);
		p_i64(&p, (int64_t)nodes[i].index);
		p_bytes(&p, nodes[i].hash, ACC_TLOG_HASH);
	}
	rc = queue(s, &s->put_prepared[first], name, sql, &p, "append entry",
	    err);
	for (i = first; rc == 0 && i < n_nodes; i++) {
		char hname[16];
		p.n = 0;
		p_i64(&p, log);
		p_i64(&p, (int64_t)nodes[i].level);
		p_i64(&p, (int64_t)nodes[i].index);
		p_bytes(&p, nodes[i].hash, ACC_TLOG_HASH);
		snprintf(hname, sizeof(hname), "s%d", (int)ST_HASH_PUT);
		rc = queue(s, &s->prepared[ST_HASH_PUT], hname,
		    stmt_sql[ST_HASH_PUT], &p, "append hash", err);
	}
	return rc;
}

static int
pg_log_hash(acc_store *base, int64_t log, unsigned level, uint64_t index,
    acc_tlog_hash out, acc_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	PGresult *r = NULL;
	struct params p = { 0 };
	int rc;

	p_i64(&p, log);
	p_i64(&p, (int64_t)level);
	p_i64(&p, (int64_t)index);
	rc = run(s, ST_HASH_GET, &p, &r, "read hash", err);
	if (rc != 0)
		goto done;
	if (PQntuples(r) == 0)
		rc = acc_err_set(err, ACC_ENOTFOUND, s->where,
		    "the log has no stored hash at level %u, index %llu",
		    level, (unsigned long long)index);
	else if (PQgetlength(r, 0, 0) != ACC_TLOG_HASH)
		rc = acc_err_set(err, ACC_EVERIFY, s->where,
		    "the stored hash at level %u, index %llu is not 32 bytes",
		    level, (unsigned long long)index);
	else
		memcpy(out, PQgetvalue(r, 0, 0), ACC_TLOG_HASH);
done:
	PQclear(r);
	return rc;
}

/* Pages of PAGE_ROWS: bounded memory, and fn may use the store. */
static int
pg_log_hash_each(acc_store *base, int64_t log, int (*fn)(void *, unsigned,
    uint64_t, const uint8_t *, size_t), void *ctx, acc_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	int64_t level = -1, idx = -1;
	PGresult *r = NULL;
	int rc = 0, row, n = PAGE_ROWS;

	while (rc == 0 && n == PAGE_ROWS) {
		struct params p = { 0 };
		p_i64(&p, log);
		p_i64(&p, level);
		p_i64(&p, idx);
		p_i64(&p, PAGE_ROWS);
		rc = run(s, ST_HASH_PAGE, &p, &r, "read hashes", err);
		if (rc != 0)
			break;
		n = PQntuples(r);
		for (row = 0; rc == 0 && row < n; row++) {
			level = col_i64(r, row, 0);
			idx = col_i64(r, row, 1);
			rc = fn(ctx, (unsigned)level, (uint64_t)idx,
			    (const uint8_t *)PQgetvalue(r, row, 2),
			    (size_t)PQgetlength(r, row, 2));
		}
		PQclear(r);
		r = NULL;
	}
	return rc;
}

static int
pg_log_get(acc_store *base, int64_t log, uint64_t seq, acc_buf *out,
    acc_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	PGresult *r = NULL;
	struct params p = { 0 };
	int rc;

	acc_buf_reset(out);
	p_i64(&p, log);
	p_i64(&p, (int64_t)seq);
	rc = run(s, ST_ENTRY_GET, &p, &r, "read entry", err);
	if (rc == 0 && PQntuples(r) == 0)
		rc = acc_err_set(err, ACC_ENOTFOUND, "log", "no entry %llu",
		    (unsigned long long)seq);
	else if (rc == 0 && acc_buf_append(out, PQgetvalue(r, 0, 0),
	    (size_t)PQgetlength(r, 0, 0)) != 0)
		rc = acc_err_set(err, ACC_ELIMIT, "log", "entry %llu too large",
		    (unsigned long long)seq);
	PQclear(r);
	return rc;
}

static int
pg_log_each(acc_store *base, int64_t log, uint64_t from, uint64_t to,
    const char *type, int (*fn)(void *, uint64_t, const char *, size_t),
    void *ctx, acc_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	int64_t next = from > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)from;
	int64_t end = to > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)to;
	PGresult *r = NULL;
	int rc = 0, row, n = PAGE_ROWS;

	while (rc == 0 && n == PAGE_ROWS && next < end) {
		struct params p = { 0 };
		p_i64(&p, log);
		p_i64(&p, next);
		p_i64(&p, end);
		p_i64(&p, PAGE_ROWS);
		if (type)
			p_text(&p, type);
		rc = run(s, type ? ST_ENTRY_PAGE_TYPE : ST_ENTRY_PAGE, &p, &r,
		    "read entries", err);
		if (rc != 0)
			break;
		n = PQntuples(r);
		for (row = 0; rc == 0 && row < n; row++) {
			int64_t seq = col_i64(r, row, 0);
			next = seq + 1;
			rc = fn(ctx, (uint64_t)seq, PQgetvalue(r, row, 1),
			    (size_t)PQgetlength(r, row, 1));
		}
		PQclear(r);
		r = NULL;
	}
	return rc;
}

static int
pg_log_checkpoint_put(acc_store *base, int64_t log, uint64_t size,
    const char *note, const char *now, acc_err *err)
{
	struct params p = { 0 };

	p_i64(&p, log);
	p_i64(&p, (int64_t)size);
	p_text(&p, note);
	p_text(&p, now);
	return run_done((struct pg_store *)base, ST_CHECKPOINT_PUT, &p,
	    "store checkpoint", err);
}

static int
pg_log_checkpoint_get(acc_store *base, int64_t log, uint64_t size,
    acc_buf *out, uint64_t *size_out, acc_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	PGresult *r = NULL;
	struct params p = { 0 };
	int rc;

	acc_buf_reset(out);
	p_i64(&p, log);
	if (size != UINT64_MAX)
		p_i64(&p, (int64_t)size);
	rc = run(s, size == UINT64_MAX ? ST_CHECKPOINT_LATEST :
	    ST_CHECKPOINT_GET, &p, &r, "read checkpoint", err);
	if (rc == 0 && PQntuples(r) == 0) {
		rc = acc_err_set(err, ACC_ENOTFOUND, "log",
		    size == UINT64_MAX ? "no checkpoint yet (the log is empty)"
		    : "no checkpoint was signed at size %llu",
		    (unsigned long long)size);
	} else if (rc == 0) {
		*size_out = (uint64_t)col_i64(r, 0, 0);
		if (acc_buf_puts(out, col_text(r, 0, 1)) != 0)
			rc = acc_err_set(err, ACC_ELIMIT, "log",
			    "checkpoint too large");
	}
	PQclear(r);
	return rc;
}

static int
pg_log_checkpoint_each(acc_store *base, int64_t log, int (*fn)(void *,
    uint64_t, const char *), void *ctx, acc_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	PGresult *r = NULL;
	struct params p = { 0 };
	int rc, row;

	p_i64(&p, log);
	rc = run(s, ST_CHECKPOINT_ALL, &p, &r, "read checkpoints", err);
	for (row = 0; rc == 0 && row < PQntuples(r); row++)
		rc = fn(ctx, (uint64_t)col_i64(r, row, 0), col_text(r, row, 1));
	PQclear(r);
	return rc;
}

/* ---- witnessing ----------------------------------------------------- */

static int
pg_log_find(acc_store *base, const char *origin, bool create, int64_t *id,
    acc_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	PGresult *r = NULL;
	struct params p = { 0 };
	char now[32];
	int rc;

	p_text(&p, origin);
	rc = run(s, ST_LOG_FIND, &p, &r, "find log", err);
	if (rc == 0 && PQntuples(r) == 1) {
		*id = col_i64(r, 0, 0);
		goto done;
	}
	if (rc == 0 && !create)
		rc = acc_err_set(err, ACC_ENOTFOUND, "log",
		    "no mirrored log %s", origin);
	if (rc != 0)
		goto done;
	PQclear(r);
	r = NULL;
	acc_log_now(now);
	p_text(&p, now);
	rc = run(s, ST_LOG_ADD, &p, &r, "add log", err);
	if (rc == 0)
		*id = col_i64(r, 0, 0);
done:
	PQclear(r);
	return rc;
}

static int
pg_cosig_put(acc_store *base, int64_t log, uint64_t size,
    const char *witness, const char *line, const char *now, acc_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	PGresult *r = NULL;
	struct params p = { 0 };
	int rc;

	p_i64(&p, log);
	p_i64(&p, (int64_t)size);
	p_text(&p, witness);
	p_text(&p, line);
	p_text(&p, now);
	/* ON CONFLICT: a duplicate leaves a surrounding transaction usable */
	rc = run(s, ST_COSIG_PUT, &p, &r, "store cosignature", err);
	if (rc == 0 && changed_none(r))
		rc = acc_err_set(err, ACC_EEXISTS, "cosignature",
		    "%s already cosigned size %llu", witness,
		    (unsigned long long)size);
	PQclear(r);
	return rc;
}

static int
pg_cosig_each(acc_store *base, int64_t log, uint64_t size,
    int (*fn)(void *, uint64_t, const char *, const char *), void *ctx,
    acc_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	PGresult *r = NULL;
	struct params p = { 0 };
	int rc, row;

	p_i64(&p, log);
	if (size != UINT64_MAX)
		p_i64(&p, (int64_t)size);
	rc = run(s, size == UINT64_MAX ? ST_COSIG_ALL : ST_COSIG_SIZE, &p, &r,
	    "read cosignatures", err);
	for (row = 0; rc == 0 && row < PQntuples(r); row++)
		rc = fn(ctx, (uint64_t)col_i64(r, row, 0), col_text(r, row, 1),
		    col_text(r, row, 2));
	PQclear(r);
	return rc;
}

static int
pg_peer_put(acc_store *base, const struct acc_store_peer *pe, acc_err *err)
{
	struct params p = { 0 };

	p_text(&p, pe->name);
	p_text(&p, pe->url);
	p_i64(&p, pe->log);
	p_text(&p, pe->halted);
	p_text(&p, pe->added_at);
	return run_done((struct pg_store *)base, ST_PEER_PUT, &p,
	    "store peer", err);
}

static void
peer_row(const PGresult *r, int row, struct acc_store_peer *pe)
{
	memset(pe, 0, sizeof(*pe));
	snprintf(pe->name, sizeof(pe->name), "%s", col_text(r, row, 0));
	snprintf(pe->url, sizeof(pe->url), "%s", col_text(r, row, 1));
	pe->log = col_i64(r, row, 2);
	snprintf(pe->halted, sizeof(pe->halted), "%s", col_text(r, row, 3));
	snprintf(pe->added_at, sizeof(pe->added_at), "%s",
	    col_text(r, row, 4));
}

static int
pg_peer_get(acc_store *base, const char *name, struct acc_store_peer *pe,
    acc_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	PGresult *r = NULL;
	struct params p = { 0 };
	int rc;

	p_text(&p, name);
	rc = run(s, ST_PEER_GET, &p, &r, "read peer", err);
	if (rc == 0 && PQntuples(r) == 0)
		rc = acc_err_set(err, ACC_ENOTFOUND, name, "no such peer "
		    "(add it with accord peer add)");
	else if (rc == 0)
		peer_row(r, 0, pe);
	PQclear(r);
	return rc;
}

static int
pg_peer_each(acc_store *base, int (*fn)(void *,
    const struct acc_store_peer *), void *ctx, acc_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	struct acc_store_peer pe;
	PGresult *r = NULL;
	struct params p = { 0 };
	int rc, row;

	rc = run(s, ST_PEER_ALL, &p, &r, "read peers", err);
	for (row = 0; rc == 0 && row < PQntuples(r); row++) {
		peer_row(r, row, &pe);
		rc = fn(ctx, &pe);
	}
	PQclear(r);
	return rc;
}

static int
pg_fork_put(acc_store *base, int64_t log, const char *kind,
    const char *evidence, const char *now, int64_t *id, acc_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	PGresult *r = NULL;
	struct params p = { 0 };
	int rc;

	p_i64(&p, log);
	p_text(&p, kind);
	p_text(&p, evidence);
	p_text(&p, now);
	rc = run(s, ST_FORK_PUT, &p, &r, "store fork evidence", err);
	if (rc == 0)
		*id = col_i64(r, 0, 0);
	PQclear(r);
	return rc;
}

static int
pg_fork_each(acc_store *base, int64_t log, int (*fn)(void *, int64_t,
    int64_t, const char *, const char *, const char *), void *ctx,
    acc_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	PGresult *r = NULL;
	struct params p = { 0 };
	int rc, row;

	p_i64(&p, log);
	rc = run(s, ST_FORK_ALL, &p, &r, "read forks", err);
	for (row = 0; rc == 0 && row < PQntuples(r); row++)
		rc = fn(ctx, col_i64(r, row, 0), col_i64(r, row, 1),
		    col_text(r, row, 2), col_text(r, row, 3),
		    col_text(r, row, 4));
	PQclear(r);
	return rc;
}

static int
pg_finding_put(acc_store *base, int64_t log, uint64_t seq,
    const char *message, const char *now, acc_err *err)
{
	struct params p = { 0 };

	p_i64(&p, log);
	p_i64(&p, (int64_t)seq);
	p_text(&p, message);
	p_text(&p, now);
	return run_done((struct pg_store *)base, ST_FINDING_PUT, &p,
	    "store finding", err);
}

static int
pg_finding_each(acc_store *base, int64_t log, int (*fn)(void *, uint64_t,
    const char *), void *ctx, acc_err *err)
{
	struct pg_store *s = (struct pg_store *)base;
	PGresult *r = NULL;
	struct params p = { 0 };
	int rc, row;

	p_i64(&p, log);
	rc = run(s, ST_FINDING_ALL, &p, &r, "read findings", err);
	for (row = 0; rc == 0 && row < PQntuples(r); row++)
		rc = fn(ctx, (uint64_t)col_i64(r, row, 0), col_text(r, row, 1));
	PQclear(r);
	return rc;
}

static int
pg_reopen(acc_store *base, acc_store **out, acc_err *err)
{
	struct pg_store *s = (struct pg_store *)base;

	return acc_store_pg_open(out, s->conninfo, false, err);
}

static const struct acc_store_ops pg_ops = {
	pg_close,
	pg_inventory_replace,
	pg_inventory_load,
	pg_meta_get,
	pg_meta_set,
	pg_key_put,
	pg_key_get,
	pg_key_each,
	pg_decl_put,
	pg_decl_get,
	pg_log_begin,
	pg_log_commit,
	pg_log_rollback,
	pg_log_size,
	pg_log_put,
	pg_log_hash,
	pg_log_hash_each,
	pg_log_get,
	pg_log_each,
	pg_log_checkpoint_put,
	pg_log_checkpoint_get,
	pg_log_checkpoint_each,
	pg_log_find,
	pg_cosig_put,
	pg_cosig_each,
	pg_peer_put,
	pg_peer_get,
	pg_peer_each,
	pg_fork_put,
	pg_fork_each,
	pg_finding_put,
	pg_finding_each,
	pg_reopen,
};

/* ---- opening: schema and migrations ---------------------------------- */

#define MIGRATION_PREFIX "sql/pg/"

/* The version of an embedded PostgreSQL migration, or 0 for other files. */
static long
migration_version(const struct acc_embedded_file *f)
{
	size_t n = strlen(MIGRATION_PREFIX);

	if (strncmp(f->name, MIGRATION_PREFIX, n) != 0)
		return 0;
	return strtol(f->name + n, NULL, 10);
}

/*
 * In one transaction, under a lock against a concurrent open: check that
 * the database holds an accord store (or, creating, that it holds none),
 * then apply every embedded migration newer than its version.
 */
static int
migrate(struct pg_store *s, bool create, acc_err *err)
{
	PGresult *r = NULL;
	struct params p = { 0 };
	int64_t version = 0, known = 0;
	char *sql = NULL;
	bool has_store;
	size_t i;
	int rc;

	for (i = 0; i < acc_embedded_count; i++) {
		long v = migration_version(&acc_embedded[i]);
		if (v > known)
			known = v;
	}
	rc = exec(s, "BEGIN", "begin", err);
	if (rc != 0)
		return rc;
	p_i64(&p, LOCK_MIGRATE);
	rc = run_done(s, ST_LOCK, &p, "take the schema lock", err);
	if (rc != 0)
		goto done;
	r = PQexecParams(s->conn, "SELECT count(*) FROM pg_catalog.pg_tables "
	    "WHERE schemaname = current_schema() AND tablename = "
	    "'accord_schema'", 0, NULL, NULL, NULL, NULL, 1);
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		rc = res_err(s, r, err, "read schema version");
		goto done;
	}
	has_store = col_i64(r, 0, 0) > 0;
	PQclear(r);
	r = NULL;
	if (has_store) {
		r = PQexecParams(s->conn, "SELECT coalesce(max(version), 0) "
		    "FROM accord_schema", 0, NULL, NULL, NULL, NULL, 1);
		if (PQresultStatus(r) != PGRES_TUPLES_OK ||
		    PQntuples(r) != 1) {
			rc = res_err(s, r, err, "read schema version");
			goto done;
		}
		version = col_i64(r, 0, 0);
		PQclear(r);
		r = NULL;
	}
	if (create && has_store && version > 0) {
		rc = acc_err_set(err, ACC_EEXISTS, s->where, "this database "
		    "already holds an accord store");
		goto done;
	}
	if (!create && version == 0) {
		rc = acc_err_set(err, ACC_ENOTFOUND, s->where, "no accord "
		    "store in this database (was the workspace initialised?)");
		goto done;
	}
	if (version > known) {
		rc = acc_err_set(err, ACC_EINVAL, s->where, "the store has "
		    "schema version %lld, this accord knows up to %lld",
		    (long long)version, (long long)known);
		goto done;
	}
	if (!has_store) {
		rc = exec(s, "CREATE TABLE accord_schema (version int8 PRIMARY "
		    "KEY, applied_at timestamptz NOT NULL DEFAULT now())",
		    "create schema table", err);
		if (rc != 0)
			goto done;
	}
	for (i = 0; i < acc_embedded_count; i++) {
		const struct acc_embedded_file *f = &acc_embedded[i];
		long v = migration_version(f);
		char what[128];
		if (v <= version)
			continue;
		sql = malloc(f->len + 1);
		if (sql == NULL) {
			rc = acc_err_set(err, ACC_ERR, s->where,
			    "out of memory");
			goto done;
		}
		memcpy(sql, f->data, f->len);
		sql[f->len] = '\0';
		snprintf(what, sizeof(what), "migration %s", f->name);
		rc = exec(s, sql, what, err);
		free(sql);
		sql = NULL;
		if (rc != 0)
			goto done;
		p.n = 0;
		p_i64(&p, v);
		r = PQexecParams(s->conn, "INSERT INTO accord_schema (version) "
		    "VALUES ($1)", p.n, p.types, p.values, p.lengths, p.formats,
		    1);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			rc = res_err(s, r, err, "record schema version");
			goto done;
		}
		PQclear(r);
		r = NULL;
	}
	rc = commit(s, err);
done:
	PQclear(r);
	if (rc != 0)
		rollback(s);
	return rc;
}

/* libpq prints notices to stderr by default; the library never prints. */
static void
quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/*
 * The store as error messages name it: the URL without its password
 * (user:password@, or a query that holds one).
 */
static void
redact(char *out, size_t len, const char *conninfo)
{
	const char *scheme = strstr(conninfo, "://");
	const char *query = strchr(conninfo, '?');
	const char *auth, *at, *colon;

	if (scheme == NULL) {
		snprintf(out, len, "PostgreSQL store");
		return;
	}
	if (query != NULL && strstr(query, "password") != NULL) {
		char base[CONNINFO_MAX];
		snprintf(base, sizeof(base), "%.*s", (int)(query - conninfo),
		    conninfo);
		redact(out, len, base);
		return;
	}
	auth = scheme + 3;
	at = strchr(auth, '@');
	if (at != NULL && (strchr(auth, '/') == NULL ||
	    at < strchr(auth, '/'))) {
		colon = memchr(auth, ':', (size_t)(at - auth));
		if (colon != NULL) {
			snprintf(out, len, "%.*s%s", (int)(colon - conninfo),
			    conninfo, at);
			return;
		}
	}
	snprintf(out, len, "%s", conninfo);
}

int
acc_store_pg_open(acc_store **out, const char *conninfo, bool create,
    acc_err *err)
{
	/* defaults first: the connection string overrides them */
	const char *const keys[] = { "connect_timeout", "application_name",
	    "dbname", "client_encoding", NULL };
	const char *values[] = { "10", "accord", conninfo, "UTF8", NULL };
	struct pg_store *s;
	int rc;

	*out = NULL;
	if (strlen(conninfo) >= CONNINFO_MAX)
		return acc_err_set(err, ACC_ELIMIT, "store", "the PostgreSQL "
		    "connection string is longer than %d bytes",
		    CONNINFO_MAX - 1);
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return acc_err_set(err, ACC_ERR, "store", "out of memory");
	s->base.ops = &pg_ops;
	snprintf(s->conninfo, sizeof(s->conninfo), "%s", conninfo);
	redact(s->where, sizeof(s->where), conninfo);
	s->conn = PQconnectdbParams(keys, values, 1);
	if (s->conn == NULL) {
		rc = acc_err_set(err, ACC_ERR, s->where, "out of memory");
		goto fail;
	}
	PQsetNoticeProcessor(s->conn, quiet, NULL);
	if (PQstatus(s->conn) != CONNECTION_OK) {
		rc = conn_err(s, err, "cannot connect");
		goto fail;
	}
	/* an acknowledged commit is on disk, and reports come in UTC */
	rc = exec(s, "SET synchronous_commit = on; SET client_min_messages = "
	    "warning; SET TIME ZONE 'UTC'", "configure the session", err);
	if (rc == 0)
		rc = migrate(s, create, err);
	if (rc != 0)
		goto fail;
	*out = &s->base;
	return 0;
fail:
	pg_close(&s->base);
	return rc;
}

#else /* !ACC_HAVE_POSTGRES */

int
acc_store_pg_open(acc_store **out, const char *conninfo, bool create,
    acc_err *err)
{
	(void)conninfo;
	(void)create;
	*out = NULL;
	return acc_err_set(err, ACC_ERR, "store", "this build has no "
	    "PostgreSQL support (build with -Dpostgres=enabled and libpq)");
}

#endif
