/*
 * One test suite for every store: each test runs against SQLite (a new
 * file) and against PostgreSQL (a new schema in a database made for this
 * run on the server ACCORD_TEST_PG names, dropped at the end). Without
 * ACCORD_TEST_PG the PostgreSQL half fails; ACCORD_TEST_PG=skip leaves it
 * out, loudly. The raw SQL here only sets up the test database and tries
 * what the store must refuse.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "unit.h"

#include <sqlite3.h>
#if ACC_HAVE_POSTGRES
#include <libpq-fe.h>
#endif

#include <accord/buf.h>
#include <accord/inventory.h>
#include <accord/treaty.h>

#include "limits.h"
#include "store.h"

#define T0 "2026-01-01T00:00:00Z"

enum backend { BACKEND_SQLITE, BACKEND_PG };

static enum backend backend;
static char sqlite_dir[256];
static char sqlite_path[300];
#if ACC_HAVE_POSTGRES
static PGconn *pg_run;          /* to this run's database */
static char pg_admin_url[1024]; /* the maintenance database */
static char pg_run_url[1024];   /* this run's database */
static char pg_db[64];
#endif
static char pg_url[1200];       /* the current test's store */
static int n_schema;

/* ---- the backends ---------------------------------------------------- */

static int
store_open(acc_store **out, bool create, acc_err *err)
{
	if (backend == BACKEND_SQLITE)
		return acc_store_sqlite_open(out, sqlite_path, create, err);
	return acc_store_pg_open(out, pg_url, create, err);
}

#if ACC_HAVE_POSTGRES
/* url with its database replaced by db (query string kept). */
static void
url_with_db(char *out, size_t len, const char *url, const char *db)
{
	const char *auth = strstr(url, "://");
	const char *path, *query = strchr(url, '?');
	size_t base;

	auth = auth ? auth + 3 : url;
	path = strchr(auth, '/');
	if (path == NULL || (query != NULL && path > query))
		path = query != NULL ? query : url + strlen(url);
	base = (size_t)(path - url);
	snprintf(out, len, "%.*s/%s%s", (int)base, url, db,
	    query != NULL ? query : "");
}

static int
pg_exec(PGconn *c, const char *sql, char *msg, size_t len)
{
	PGresult *r = PQexec(c, sql);
	int rc = 0;

	if (PQresultStatus(r) != PGRES_COMMAND_OK &&
	    PQresultStatus(r) != PGRES_TUPLES_OK) {
		if (msg != NULL)
			snprintf(msg, len, "%s", PQresultErrorMessage(r));
		rc = -1;
	}
	PQclear(r);
	return rc;
}

static void
quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* A new database for this run, on the server ACCORD_TEST_PG names. */
static int
pg_run_start(const char *url)
{
	char sql[128], msg[512];
	PGconn *admin;
	int rc;

	snprintf(pg_admin_url, sizeof(pg_admin_url), "%s", url);
	snprintf(pg_db, sizeof(pg_db), "accord_store_%ld", (long)getpid());
	admin = PQconnectdb(pg_admin_url);
	if (PQstatus(admin) != CONNECTION_OK) {
		fprintf(stderr, "test_store: cannot connect to ACCORD_TEST_PG "
		    "(%s): %s", pg_admin_url, PQerrorMessage(admin));
		PQfinish(admin);
		return -1;
	}
	PQsetNoticeProcessor(admin, quiet, NULL);
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", pg_db);
	(void)pg_exec(admin, sql, NULL, 0);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", pg_db);
	rc = pg_exec(admin, sql, msg, sizeof(msg));
	PQfinish(admin);
	if (rc != 0) {
		fprintf(stderr, "test_store: %s: %s", sql, msg);
		return -1;
	}
	url_with_db(pg_run_url, sizeof(pg_run_url), pg_admin_url, pg_db);
	pg_run = PQconnectdb(pg_run_url);
	if (PQstatus(pg_run) != CONNECTION_OK) {
		fprintf(stderr, "test_store: cannot connect to %s: %s",
		    pg_run_url, PQerrorMessage(pg_run));
		return -1;
	}
	PQsetNoticeProcessor(pg_run, quiet, NULL);
	return 0;
}

static void
pg_run_stop(void)
{
	char sql[128];
	PGconn *admin;

	PQfinish(pg_run);
	pg_run = NULL;
	if (pg_db[0] == '\0')
		return;
	admin = PQconnectdb(pg_admin_url);
	if (PQstatus(admin) == CONNECTION_OK) {
		PQsetNoticeProcessor(admin, quiet, NULL);
		snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH "
		    "(FORCE)", pg_db);
		(void)pg_exec(admin, sql, NULL, 0);
	}
	PQfinish(admin);
}
#endif

/* Raw SQL on the current test's store; 0, or -1 with the message. */
static int
raw_exec(const char *sql, char *msg, size_t len)
{
	msg[0] = '\0';
	if (backend == BACKEND_SQLITE) {
		sqlite3 *db = NULL;
		char *m = NULL;
		int rc = 0;
		if (sqlite3_open_v2(sqlite_path, &db, SQLITE_OPEN_READWRITE,
		    NULL) != SQLITE_OK) {
			snprintf(msg, len, "cannot open %s", sqlite_path);
			sqlite3_close(db);
			return -1;
		}
		sqlite3_busy_timeout(db, 5000);
		if (sqlite3_exec(db, sql, NULL, NULL, &m) != SQLITE_OK) {
			snprintf(msg, len, "%s", m ? m : "error");
			rc = -1;
		}
		sqlite3_free(m);
		sqlite3_close(db);
		return rc;
	}
#if ACC_HAVE_POSTGRES
	{
		char path[64];
		snprintf(path, sizeof(path), "SET search_path TO t%d",
		    n_schema);
		if (pg_exec(pg_run, path, msg, len) != 0)
			return -1;
		return pg_exec(pg_run, sql, msg, len);
	}
#else
	snprintf(msg, len, "no PostgreSQL support");
	return -1;
#endif
}

static int
setup(void **state)
{
	acc_store *s = NULL;
	acc_err err = ACC_ERR_INIT;

	if (backend == BACKEND_SQLITE) {
		snprintf(sqlite_dir, sizeof(sqlite_dir), "%s/accord-store-XXXXXX",
		    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
		if (mkdtemp(sqlite_dir) == NULL)
			return -1;
		snprintf(sqlite_path, sizeof(sqlite_path), "%s/s.db",
		    sqlite_dir);
	} else {
#if ACC_HAVE_POSTGRES
		char sql[64], msg[256];
		n_schema++;
		snprintf(sql, sizeof(sql), "CREATE SCHEMA t%d", n_schema);
		if (pg_exec(pg_run, sql, msg, sizeof(msg)) != 0) {
			fprintf(stderr, "test_store: %s: %s", sql, msg);
			return -1;
		}
		snprintf(pg_url, sizeof(pg_url), "%s%coptions=-csearch_path%%3D"
		    "t%d", pg_run_url, strchr(pg_run_url, '?') ? '&' : '?',
		    n_schema);
#else
		(void)n_schema;
		snprintf(pg_url, sizeof(pg_url), "postgresql:///none");
#endif
	}
	if (store_open(&s, true, &err) != 0) {
		fprintf(stderr, "test_store: cannot create the store: %s: %s\n",
		    err.where, err.msg);
		return -1;
	}
	*state = s;
	return 0;
}

static int
teardown(void **state)
{
	acc_store_close(*state);
	*state = NULL;
	if (backend == BACKEND_SQLITE) {
		char p[320];
		unlink(sqlite_path);
		snprintf(p, sizeof(p), "%s-wal", sqlite_path);
		unlink(p);
		snprintf(p, sizeof(p), "%s-shm", sqlite_path);
		unlink(p);
		rmdir(sqlite_dir);
	}
	return 0;
}

/* ---- helpers ----------------------------------------------------------- */

static acc_inventory *
sample(acc_treaty *t, const char *date)
{
	acc_inventory *inv = NULL;
	acc_err err = ACC_ERR_INIT;
	char path[1024];

	snprintf(path, sizeof(path), "%s/data/samples/new-start/%s/US.csv",
	    getenv("ACC_SRC") ? getenv("ACC_SRC") : ".", date);
	assert_int_equal(acc_inventory_new(&inv, t, &err), 0);
	assert_int_equal(acc_inventory_read(inv, path, &err), 0);
	assert_int_equal(acc_inventory_finalize(inv, "US", &err), 0);
	assert_no_err(err);
	return inv;
}

/* Append entries [from, to) of log: type "a" at even, "b" at odd seq. */
static void
append(acc_store *s, int64_t log, uint64_t from, uint64_t to)
{
	acc_err err = ACC_ERR_INIT;
	uint64_t i;

	assert_int_equal(s->ops->log_begin(s, &err), 0);
	for (i = from; i < to; i++) {
		acc_tlog_node nodes[2];
		char entry[64];
		int n = snprintf(entry, sizeof(entry), "{\"n\":%llu}",
		    (unsigned long long)i);
		memset(nodes, 0, sizeof(nodes));
		nodes[0].level = 0;
		nodes[0].index = i;
		memset(nodes[0].hash, (int)(i & 0xff), ACC_TLOG_HASH);
		nodes[1].level = 1;
		nodes[1].index = i / 2;
		memset(nodes[1].hash, 0xa0 ^ (int)(i & 0xff), ACC_TLOG_HASH);
		assert_int_equal(s->ops->log_put(s, log, i, T0, i % 2 ? "b" :
		    "a", entry, (size_t)n, nodes, i % 2 ? 2 : 1, &err), 0);
	}
	assert_int_equal(s->ops->log_commit(s, &err), 0);
	assert_no_err(err);
}

struct seen {
	uint64_t n;
	uint64_t last;
	uint64_t stop_at;
	char text[512];
};

static int
each_entry(void *ctx, uint64_t seq, const char *entry, size_t len)
{
	struct seen *v = ctx;
	char want[64];

	snprintf(want, sizeof(want), "{\"n\":%llu}", (unsigned long long)seq);
	assert_int_equal(len, strlen(want));
	assert_true(bytes_equal(entry, want, len));
	if (v->n > 0)
		assert_true(seq > v->last);
	v->last = seq;
	v->n++;
	return v->n == v->stop_at ? 42 : 0;
}

static int
each_text2(void *ctx, const char *a, const char *b)
{
	struct seen *v = ctx;
	size_t o = strlen(v->text);

	snprintf(v->text + o, sizeof(v->text) - o, "%s=%s;", a, b);
	v->n++;
	return 0;
}

/* ---- inventory and settings ------------------------------------------ */

static void
test_store_inventory_round_trips_and_a_replace_drops_the_old_one(
    void **state)
{
	acc_store *s = *state;
	acc_treaty *t = NULL;
	acc_inventory *a, *b, *back = NULL;
	acc_err err = ACC_ERR_INIT;
	acc_attr_kv kv1[ACC_ATTRS_MAX], kv2[ACC_ATTRS_MAX];
	acc_item_rec i1, i2;
	size_t i, j;

	assert_int_equal(acc_treaty_open(&t, "new-start", &err), 0);
	a = sample(t, "2022-03-01");
	b = sample(t, "2022-09-01");
	assert_int_equal(s->ops->inventory_replace(s, a, "a.csv", T0, &err),
	    0);
	assert_int_equal(s->ops->inventory_replace(s, b, "b.csv", T0, &err),
	    0);
	assert_int_equal(acc_inventory_new(&back, t, &err), 0);
	assert_int_equal(s->ops->inventory_load(s, back, &err), 0);
	assert_int_equal(acc_inventory_finalize(back, "US", &err), 0);
	assert_no_err(err);
	assert_int_equal(acc_inventory_item_count(back),
	    acc_inventory_item_count(b));
	assert_int_equal(acc_inventory_facility_count(back),
	    acc_inventory_facility_count(b));
	assert_int_equal(acc_inventory_as_of(back), acc_inventory_as_of(b));
	assert_string_equal(acc_inventory_party(back), "US");
	for (i = 0; i < acc_inventory_item_count(b); i++) {
		acc_inventory_item(b, i, &i1, kv1, ACC_ATTRS_MAX);
		acc_inventory_item(back, i, &i2, kv2, ACC_ATTRS_MAX);
		assert_string_equal(i1.uid, i2.uid);
		assert_string_equal(i1.status, i2.status);
		assert_string_equal(i1.facility, i2.facility);
		assert_int_equal(i1.warheads, i2.warheads);
		assert_int_equal(i1.n_attrs, i2.n_attrs);
		for (j = 0; j < i1.n_attrs; j++) {
			assert_string_equal(i1.attrs[j].key, i2.attrs[j].key);
			assert_string_equal(i1.attrs[j].value,
			    i2.attrs[j].value);
		}
	}
	acc_inventory_free(back);
	acc_inventory_free(a);
	acc_inventory_free(b);
	acc_treaty_free(t);
}

static void
test_store_inventory_load_before_any_import_is_not_found(void **state)
{
	acc_store *s = *state;
	acc_treaty *t = NULL;
	acc_inventory *inv = NULL;
	acc_err err = ACC_ERR_INIT;

	assert_int_equal(acc_treaty_open(&t, "new-start", &err), 0);
	assert_int_equal(acc_inventory_new(&inv, t, &err), 0);
	acc_err_clear(&err);
	assert_int_equal(s->ops->inventory_load(s, inv, &err), ACC_ENOTFOUND);
	assert_contains(err.msg, "no inventory imported yet");
	acc_inventory_free(inv);
	acc_treaty_free(t);
}

static void
test_store_meta_is_replaced_and_an_unknown_key_is_not_found(void **state)
{
	acc_store *s = *state;
	acc_err err = ACC_ERR_INIT;
	char v[64];

	assert_int_equal(s->ops->meta_set(s, "party", "US", &err), 0);
	assert_int_equal(s->ops->meta_set(s, "party", "RU", &err), 0);
	assert_int_equal(s->ops->meta_get(s, "party", v, sizeof(v), &err), 0);
	assert_string_equal(v, "RU");
	acc_err_clear(&err);
	assert_int_equal(s->ops->meta_get(s, "nope", v, sizeof(v), &err),
	    ACC_ENOTFOUND);
	assert_contains(err.msg, "no setting nope");
}

static void
test_store_keys_are_replaced_and_listed_by_party(void **state)
{
	acc_store *s = *state;
	acc_err err = ACC_ERR_INIT;
	struct seen v = { 0 };
	char k[64];

	assert_int_equal(s->ops->key_put(s, "RU", "k1", T0, &err), 0);
	assert_int_equal(s->ops->key_put(s, "CN", "k2", T0, &err), 0);
	assert_int_equal(s->ops->key_put(s, "RU", "k3", T0, &err), 0);
	assert_int_equal(s->ops->key_get(s, "RU", k, sizeof(k), &err), 0);
	assert_string_equal(k, "k3");
	acc_err_clear(&err);
	assert_int_equal(s->ops->key_get(s, "UK", k, sizeof(k), &err),
	    ACC_ENOTFOUND);
	assert_err(err, ACC_ENOTFOUND, "UK", "no trusted key");
	assert_int_equal(s->ops->key_each(s, each_text2, &v, &err), 0);
	assert_string_equal(v.text, "CN=k2;RU=k3;");
}

/* ---- declarations ----------------------------------------------------- */

static void
decl(struct acc_stored_decl *d, const char *id, const char *as_of,
    const char *mode, const char *supersedes)
{
	static char package[] = "{\"package\":1}";
	static char items[] = "\0secret\0items";

	memset(d, 0, sizeof(*d));
	snprintf(d->id, sizeof(d->id), "%s", id);
	snprintf(d->party, sizeof(d->party), "US");
	snprintf(d->as_of, sizeof(d->as_of), "%s", as_of);
	snprintf(d->mode, sizeof(d->mode), "%s", mode);
	snprintf(d->supersedes, sizeof(d->supersedes), "%s", supersedes);
	snprintf(d->created_at, sizeof(d->created_at), T0);
	d->package = package;
	d->package_len = strlen(package);
	d->items = items;
	d->items_len = sizeof(items) - 1;
}

static void
test_store_declarations_round_trip_and_a_known_id_exists(void **state)
{
	acc_store *s = *state;
	struct acc_stored_decl d, got;
	acc_err err = ACC_ERR_INIT;

	decl(&d, "id1", "2022-03-01", "full", "");
	assert_int_equal(s->ops->decl_put(s, &d, &err), 0);
	acc_err_clear(&err);
	assert_int_equal(s->ops->decl_put(s, &d, &err), ACC_EEXISTS);
	assert_err(err, ACC_EEXISTS, "id1", "exists already");
	assert_int_equal(s->ops->decl_get(s, "id1", NULL, NULL, &got, &err),
	    0);
	assert_string_equal(got.id, "id1");
	assert_string_equal(got.party, "US");
	assert_string_equal(got.as_of, "2022-03-01");
	assert_string_equal(got.mode, "full");
	assert_string_equal(got.supersedes, "");
	assert_string_equal(got.created_at, T0);
	assert_int_equal(got.package_len, d.package_len);
	assert_true(bytes_equal(got.package, d.package, d.package_len));
	assert_int_equal(got.items_len, d.items_len);
	assert_true(bytes_equal(got.items, d.items, d.items_len));
	acc_stored_decl_dispose(&got);
	acc_err_clear(&err);
	assert_int_equal(s->ops->decl_get(s, "nope", NULL, NULL, &got, &err),
	    ACC_ENOTFOUND);
	assert_err(err, ACC_ENOTFOUND, "nope", "no such declaration");
	acc_stored_decl_dispose(&got);
}

static void
test_store_declarations_are_found_latest_by_date_and_mode(void **state)
{
	acc_store *s = *state;
	struct acc_stored_decl d, got;
	acc_err err = ACC_ERR_INIT;

	decl(&d, "a", "2022-03-01", "full", "");
	assert_int_equal(s->ops->decl_put(s, &d, &err), 0);
	decl(&d, "b", "2022-03-01", "escrow", "");
	assert_int_equal(s->ops->decl_put(s, &d, &err), 0);
	decl(&d, "c", "2022-09-01", "full", "a");
	assert_int_equal(s->ops->decl_put(s, &d, &err), 0);
	decl(&d, "d", "2022-03-01", "full", "a");
	assert_int_equal(s->ops->decl_put(s, &d, &err), 0);

	assert_int_equal(s->ops->decl_get(s, NULL, NULL, NULL, &got, &err), 0);
	assert_string_equal(got.id, "c");
	assert_string_equal(got.supersedes, "a");
	acc_stored_decl_dispose(&got);
	assert_int_equal(s->ops->decl_get(s, NULL, "2022-03-01", NULL, &got,
	    &err), 0);
	assert_string_equal(got.id, "d");
	acc_stored_decl_dispose(&got);
	assert_int_equal(s->ops->decl_get(s, NULL, "2022-03-01", "escrow",
	    &got, &err), 0);
	assert_string_equal(got.id, "b");
	acc_stored_decl_dispose(&got);
	acc_err_clear(&err);
	assert_int_equal(s->ops->decl_get(s, NULL, "2023-01-01", NULL, &got,
	    &err), ACC_ENOTFOUND);
	assert_err(err, ACC_ENOTFOUND, "2023-01-01", "no such declaration");
}

/* ---- the log ------------------------------------------------------------ */

static void
test_store_log_appends_are_sized_read_and_listed_by_type(void **state)
{
	acc_store *s = *state;
	acc_err err = ACC_ERR_INIT;
	acc_buf b = ACC_BUF_INIT(1024);
	struct seen v = { 0 };
	uint64_t n = 99;

	assert_int_equal(s->ops->log_size(s, ACC_STORE_OWN_LOG, &n, &err), 0);
	assert_int_equal(n, 0);
	append(s, ACC_STORE_OWN_LOG, 0, 5);
	append(s, ACC_STORE_OWN_LOG, 5, 9);
	assert_int_equal(s->ops->log_size(s, ACC_STORE_OWN_LOG, &n, &err), 0);
	assert_int_equal(n, 9);
	assert_int_equal(s->ops->log_get(s, ACC_STORE_OWN_LOG, 7, &b, &err),
	    0);
	assert_int_equal(b.len, strlen("{\"n\":7}"));
	assert_true(bytes_equal(b.data, "{\"n\":7}", b.len));
	acc_err_clear(&err);
	assert_int_equal(s->ops->log_get(s, ACC_STORE_OWN_LOG, 9, &b, &err),
	    ACC_ENOTFOUND);
	assert_err(err, ACC_ENOTFOUND, "log", "no entry 9");
	assert_int_equal(s->ops->log_each(s, ACC_STORE_OWN_LOG, 2, 8, NULL,
	    each_entry, &v, &err), 0);
	assert_int_equal(v.n, 6);
	assert_int_equal(v.last, 7);
	memset(&v, 0, sizeof(v));
	assert_int_equal(s->ops->log_each(s, ACC_STORE_OWN_LOG, 0, UINT64_MAX,
	    "b", each_entry, &v, &err), 0);
	assert_int_equal(v.n, 4);
	assert_int_equal(v.last, 7);
	memset(&v, 0, sizeof(v));
	v.stop_at = 3;
	assert_int_equal(s->ops->log_each(s, ACC_STORE_OWN_LOG, 0, UINT64_MAX,
	    NULL, each_entry, &v, &err), 42);
	assert_int_equal(v.n, 3);
	acc_buf_dispose(&b);
}

static void
test_store_log_appends_ten_thousand_entries_in_one_transaction(void **state)
{
	acc_store *s = *state;
	acc_err err = ACC_ERR_INIT;
	struct seen v = { 0 };
	uint64_t n = 0;

	append(s, ACC_STORE_OWN_LOG, 0, 10000);
	assert_int_equal(s->ops->log_size(s, ACC_STORE_OWN_LOG, &n, &err), 0);
	assert_int_equal(n, 10000);
	/* more than one page of a paged reader */
	assert_int_equal(s->ops->log_each(s, ACC_STORE_OWN_LOG, 1, 9999, NULL,
	    each_entry, &v, &err), 0);
	assert_int_equal(v.n, 9998);
	assert_int_equal(v.last, 9998);
}

struct hashes {
	size_t n;
	unsigned last_level;
	uint64_t last_index;
};

static int
each_hash(void *ctx, unsigned level, uint64_t index, const uint8_t *hash,
    size_t len)
{
	struct hashes *h = ctx;

	assert_int_equal(len, ACC_TLOG_HASH);
	if (h->n > 0)
		assert_true(level > h->last_level || (level == h->last_level &&
		    index > h->last_index));
	if (level == 0)
		assert_int_equal(hash[0], index & 0xff);
	h->last_level = level;
	h->last_index = index;
	h->n++;
	return 0;
}

static void
test_store_log_hashes_are_found_and_listed_by_level_then_index(
    void **state)
{
	acc_store *s = *state;
	acc_err err = ACC_ERR_INIT;
	struct hashes h = { 0 };
	acc_tlog_hash out;

	append(s, ACC_STORE_OWN_LOG, 0, 4100);
	assert_int_equal(s->ops->log_hash(s, ACC_STORE_OWN_LOG, 0, 77, out,
	    &err), 0);
	assert_int_equal(out[0], 77);
	assert_int_equal(s->ops->log_hash(s, ACC_STORE_OWN_LOG, 1, 3, out,
	    &err), 0);
	assert_int_equal(out[0], 0xa0 ^ 7);
	acc_err_clear(&err);
	assert_int_equal(s->ops->log_hash(s, ACC_STORE_OWN_LOG, 5, 0, out,
	    &err), ACC_ENOTFOUND);
	assert_contains(err.msg, "no stored hash at level 5, index 0");
	assert_int_equal(s->ops->log_hash_each(s, ACC_STORE_OWN_LOG,
	    each_hash, &h, &err), 0);
	assert_int_equal(h.n, 4100 + 2050);
	assert_int_equal(h.last_level, 1);
	assert_int_equal(h.last_index, 2049);
}

static void expect_refused(const char *sql, const char *frag);

/*
 * SQLite, schema 5: a store of schema 4 (leaves in log_hash at level 0)
 * is migrated on opening; its leaves move into their entries' rows and
 * read back the same.
 */
static void
test_store_sqlite_schema_4_leaves_move_into_their_rows(void **state)
{
	acc_store *s = *state, *o = NULL;
	acc_err err = ACC_ERR_INIT;
	struct hashes h = { 0 };
	acc_tlog_hash out;
	char msg[512];

	if (backend != BACKEND_SQLITE)
		return; /* PostgreSQL keeps its leaves in log_hash */
	append(s, ACC_STORE_OWN_LOG, 0, 5);
	/* back to schema 4's layout */
	if (raw_exec("BEGIN; DROP TRIGGER log_entry_no_update; "
	    "DROP TRIGGER log_hash_no_delete; "
	    "INSERT INTO log_hash (log, level, idx, hash) "
	    "SELECT log, 0, seq, leaf FROM log_entry; "
	    "ALTER TABLE log_entry DROP COLUMN leaf; "
	    "CREATE TRIGGER log_entry_no_update BEFORE UPDATE ON log_entry "
	    "BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END; "
	    "CREATE TRIGGER log_hash_no_delete BEFORE DELETE ON log_hash "
	    "BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END; "
	    "PRAGMA user_version = 4; COMMIT;", msg, sizeof(msg)) != 0)
		fail_msg("setting up schema 4: %s", msg);
	assert_int_equal(store_open(&o, false, &err), 0);
	assert_no_err(err);
	assert_int_equal(o->ops->log_hash(o, ACC_STORE_OWN_LOG, 0, 3, out,
	    &err), 0);
	assert_int_equal(out[0], 3);
	assert_int_equal(o->ops->log_hash(o, ACC_STORE_OWN_LOG, 1, 1, out,
	    &err), 0);
	assert_int_equal(out[0], 0xa0 ^ 3);
	assert_int_equal(o->ops->log_hash_each(o, ACC_STORE_OWN_LOG,
	    each_hash, &h, &err), 0);
	assert_int_equal(h.n, 5 + 2);
	/* no leaf is left in log_hash, and the leaves stay append-only */
	if (raw_exec("CREATE TEMP TABLE c (ok INTEGER CHECK (ok = 1)); "
	    "INSERT INTO c SELECT (SELECT count(*) FROM log_hash WHERE "
	    "level = 0) = 0 AND (SELECT count(*) FROM log_entry WHERE leaf "
	    "IS NOT NULL) = 5", msg, sizeof(msg)) != 0)
		fail_msg("after the migration: %s", msg);
	expect_refused("UPDATE log_entry SET leaf = NULL", "append-only");
	acc_store_close(o);
}

static int
each_checkpoint(void *ctx, uint64_t size, const char *note)
{
	struct seen *v = ctx;
	size_t o = strlen(v->text);

	snprintf(v->text + o, sizeof(v->text) - o, "%llu:%s;",
	    (unsigned long long)size, note);
	return 0;
}

static void
test_store_checkpoints_are_found_by_size_and_latest(void **state)
{
	acc_store *s = *state;
	acc_err err = ACC_ERR_INIT;
	acc_buf b = ACC_BUF_INIT(1024);
	struct seen v = { 0 };
	uint64_t size = 0;

	acc_err_clear(&err);
	assert_int_equal(s->ops->log_checkpoint_get(s, ACC_STORE_OWN_LOG,
	    UINT64_MAX, &b, &size, &err), ACC_ENOTFOUND);
	assert_contains(err.msg, "no checkpoint yet");
	assert_int_equal(s->ops->log_checkpoint_put(s, ACC_STORE_OWN_LOG, 3,
	    "note 3\n", T0, &err), 0);
	assert_int_equal(s->ops->log_checkpoint_put(s, ACC_STORE_OWN_LOG, 10,
	    "note 10\n", T0, &err), 0);
	assert_int_equal(s->ops->log_checkpoint_get(s, ACC_STORE_OWN_LOG,
	    UINT64_MAX, &b, &size, &err), 0);
	assert_int_equal(size, 10);
	assert_string_equal(b.data, "note 10\n");
	assert_int_equal(s->ops->log_checkpoint_get(s, ACC_STORE_OWN_LOG, 3,
	    &b, &size, &err), 0);
	assert_int_equal(size, 3);
	assert_string_equal(b.data, "note 3\n");
	acc_err_clear(&err);
	assert_int_equal(s->ops->log_checkpoint_get(s, ACC_STORE_OWN_LOG, 4,
	    &b, &size, &err), ACC_ENOTFOUND);
	assert_err(err, ACC_ENOTFOUND, "log", "no checkpoint was signed at "
	    "size 4");
	assert_int_equal(s->ops->log_checkpoint_each(s, ACC_STORE_OWN_LOG,
	    each_checkpoint, &v, &err), 0);
	assert_string_equal(v.text, "3:note 3\n;10:note 10\n;");
	acc_buf_dispose(&b);
}

static void
test_store_mirrored_logs_have_their_own_ids_and_entries(void **state)
{
	acc_store *s = *state;
	acc_err err = ACC_ERR_INIT;
	acc_buf b = ACC_BUF_INIT(1024);
	int64_t a = -1, c = -1, again = -1;
	uint64_t n = 0, size = 0;

	acc_err_clear(&err);
	assert_int_equal(s->ops->log_find(s, "example.org/a", false, &a, &err),
	    ACC_ENOTFOUND);
	assert_err(err, ACC_ENOTFOUND, "log", "no mirrored log example.org/a");
	assert_int_equal(s->ops->log_find(s, "example.org/a", true, &a, &err),
	    0);
	assert_int_equal(s->ops->log_find(s, "example.org/c", true, &c, &err),
	    0);
	assert_int_equal(s->ops->log_find(s, "example.org/a", false, &again,
	    &err), 0);
	assert_true(a >= 1);
	assert_true(c >= 1);
	assert_true(a != c);
	assert_int_equal(again, a);
	append(s, ACC_STORE_OWN_LOG, 0, 3);
	append(s, a, 0, 5);
	assert_int_equal(s->ops->log_checkpoint_put(s, a, 5, "a5\n", T0, &err),
	    0);
	assert_int_equal(s->ops->log_size(s, ACC_STORE_OWN_LOG, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(s->ops->log_size(s, a, &n, &err), 0);
	assert_int_equal(n, 5);
	assert_int_equal(s->ops->log_size(s, c, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(s->ops->log_get(s, a, 4, &b, &err), 0);
	acc_err_clear(&err);
	assert_int_equal(s->ops->log_get(s, ACC_STORE_OWN_LOG, 4, &b, &err),
	    ACC_ENOTFOUND);
	acc_err_clear(&err);
	assert_int_equal(s->ops->log_checkpoint_get(s, ACC_STORE_OWN_LOG,
	    UINT64_MAX, &b, &size, &err), ACC_ENOTFOUND);
	assert_int_equal(s->ops->log_checkpoint_get(s, a, UINT64_MAX, &b,
	    &size, &err), 0);
	assert_int_equal(size, 5);
	acc_buf_dispose(&b);
}

static int
each_cosig(void *ctx, uint64_t size, const char *witness, const char *line)
{
	struct seen *v = ctx;
	size_t o = strlen(v->text);

	snprintf(v->text + o, sizeof(v->text) - o, "%llu %s %s;",
	    (unsigned long long)size, witness, line);
	return 0;
}

static void
test_store_a_second_cosignature_by_a_witness_exists_and_the_batch_goes_on(
    void **state)
{
	acc_store *s = *state;
	acc_err err = ACC_ERR_INIT;
	struct seen v = { 0 };

	/* as the witness code does: a duplicate inside the write batch */
	assert_int_equal(s->ops->log_begin(s, &err), 0);
	assert_int_equal(s->ops->cosig_put(s, ACC_STORE_OWN_LOG, 5, "w1",
	    "— w1 AAA", T0, &err), 0);
	acc_err_clear(&err);
	assert_int_equal(s->ops->cosig_put(s, ACC_STORE_OWN_LOG, 5, "w1",
	    "— w1 BBB", T0, &err), ACC_EEXISTS);
	assert_err(err, ACC_EEXISTS, "cosignature", "w1 already cosigned "
	    "size 5");
	assert_int_equal(s->ops->cosig_put(s, ACC_STORE_OWN_LOG, 5, "w0",
	    "— w0 CCC", T0, &err), 0);
	assert_int_equal(s->ops->cosig_put(s, ACC_STORE_OWN_LOG, 7, "w1",
	    "— w1 DDD", T0, &err), 0);
	assert_int_equal(s->ops->cosig_put(s, 3, 5, "w1", "— w1 EEE", T0,
	    &err), 0);
	assert_int_equal(s->ops->log_commit(s, &err), 0);
	assert_int_equal(s->ops->cosig_each(s, ACC_STORE_OWN_LOG, 5,
	    each_cosig, &v, &err), 0);
	assert_string_equal(v.text, "5 w0 — w0 CCC;5 w1 — w1 AAA;");
	memset(&v, 0, sizeof(v));
	assert_int_equal(s->ops->cosig_each(s, ACC_STORE_OWN_LOG, UINT64_MAX,
	    each_cosig, &v, &err), 0);
	assert_string_equal(v.text, "5 w0 — w0 CCC;5 w1 — w1 AAA;7 w1 — w1 "
	    "DDD;");
}

static int
each_peer(void *ctx, const struct acc_store_peer *p)
{
	struct seen *v = ctx;
	size_t o = strlen(v->text);

	snprintf(v->text + o, sizeof(v->text) - o, "%s %s %lld [%s];",
	    p->name, p->url, (long long)p->log, p->halted);
	return 0;
}

static void
test_store_peers_are_replaced_by_name(void **state)
{
	acc_store *s = *state;
	acc_err err = ACC_ERR_INIT;
	struct acc_store_peer p, got;
	struct seen v = { 0 };

	memset(&p, 0, sizeof(p));
	snprintf(p.name, sizeof(p.name), "RU");
	snprintf(p.url, sizeof(p.url), "https://ru.example");
	p.log = 1;
	snprintf(p.added_at, sizeof(p.added_at), T0);
	assert_int_equal(s->ops->peer_put(s, &p, &err), 0);
	snprintf(p.name, sizeof(p.name), "CN");
	p.log = 2;
	assert_int_equal(s->ops->peer_put(s, &p, &err), 0);
	snprintf(p.name, sizeof(p.name), "RU");
	snprintf(p.halted, sizeof(p.halted), "a fork");
	p.log = 1;
	assert_int_equal(s->ops->peer_put(s, &p, &err), 0);
	assert_int_equal(s->ops->peer_get(s, "RU", &got, &err), 0);
	assert_string_equal(got.url, "https://ru.example");
	assert_string_equal(got.halted, "a fork");
	assert_string_equal(got.added_at, T0);
	assert_int_equal(got.log, 1);
	acc_err_clear(&err);
	assert_int_equal(s->ops->peer_get(s, "UK", &got, &err), ACC_ENOTFOUND);
	assert_err(err, ACC_ENOTFOUND, "UK", "no such peer");
	assert_int_equal(s->ops->peer_each(s, each_peer, &v, &err), 0);
	assert_string_equal(v.text, "CN https://ru.example 2 [];"
	    "RU https://ru.example 1 [a fork];");
}

static int
each_fork(void *ctx, int64_t id, int64_t log, const char *kind,
    const char *evidence, const char *found_at)
{
	struct seen *v = ctx;
	size_t o = strlen(v->text);

	snprintf(v->text + o, sizeof(v->text) - o, "%lld %lld %s %s %s;",
	    (long long)id, (long long)log, kind, evidence, found_at);
	return 0;
}

static void
test_store_forks_are_numbered_from_one_and_listed_by_log(void **state)
{
	acc_store *s = *state;
	acc_err err = ACC_ERR_INIT;
	struct seen v = { 0 };
	int64_t id = 0;

	assert_int_equal(s->ops->fork_put(s, 2, "split", "{}", T0, &id, &err),
	    0);
	assert_int_equal(id, 1);
	assert_int_equal(s->ops->fork_put(s, 3, "rewrite", "{\"a\":1}", T0,
	    &id, &err), 0);
	assert_int_equal(id, 2);
	assert_int_equal(s->ops->fork_each(s, 3, each_fork, &v, &err), 0);
	assert_string_equal(v.text, "2 3 rewrite {\"a\":1} " T0 ";");
	memset(&v, 0, sizeof(v));
	assert_int_equal(s->ops->fork_each(s, -1, each_fork, &v, &err), 0);
	assert_string_equal(v.text, "1 2 split {} " T0 ";2 3 rewrite "
	    "{\"a\":1} " T0 ";");
}

static int
each_finding(void *ctx, uint64_t seq, const char *message)
{
	struct seen *v = ctx;
	size_t o = strlen(v->text);

	snprintf(v->text + o, sizeof(v->text) - o, "%llu %s;",
	    (unsigned long long)seq, message);
	return 0;
}

static void
test_store_findings_keep_the_first_one_per_entry(void **state)
{
	acc_store *s = *state;
	acc_err err = ACC_ERR_INIT;
	struct seen v = { 0 };

	assert_int_equal(s->ops->finding_put(s, 1, 4, "first", T0, &err), 0);
	assert_int_equal(s->ops->finding_put(s, 1, 4, "second", T0, &err), 0);
	assert_int_equal(s->ops->finding_put(s, 1, 2, "two", T0, &err), 0);
	assert_int_equal(s->ops->finding_put(s, 2, 1, "other log", T0, &err),
	    0);
	assert_int_equal(s->ops->finding_each(s, 1, each_finding, &v, &err),
	    0);
	assert_string_equal(v.text, "2 two;4 first;");
}

/* ---- what the store must refuse or undo ------------------------------- */

static void
expect_refused(const char *sql, const char *frag)
{
	char msg[512];

	if (raw_exec(sql, msg, sizeof(msg)) == 0)
		fail_msg("the store accepted: %s", sql);
	assert_contains(msg, frag);
}

static void
test_store_log_tables_refuse_update_and_delete(void **state)
{
	acc_store *s = *state;
	acc_err err = ACC_ERR_INIT;
	struct acc_stored_decl d;
	int64_t id;

	append(s, ACC_STORE_OWN_LOG, 0, 2);
	assert_int_equal(s->ops->log_checkpoint_put(s, ACC_STORE_OWN_LOG, 2,
	    "n\n", T0, &err), 0);
	decl(&d, "x", "2022-03-01", "full", "");
	assert_int_equal(s->ops->decl_put(s, &d, &err), 0);
	assert_int_equal(s->ops->cosig_put(s, ACC_STORE_OWN_LOG, 2, "w",
	    "l", T0, &err), 0);
	assert_int_equal(s->ops->fork_put(s, 1, "k", "{}", T0, &id, &err), 0);

	expect_refused("UPDATE log_entry SET type = 'x'", "append-only");
	expect_refused("DELETE FROM log_entry", "append-only");
	expect_refused("UPDATE log_hash SET idx = idx + 100",
	    "append-only");
	expect_refused("DELETE FROM log_hash", "append-only");
	expect_refused("UPDATE log_checkpoint SET note = 'forged'",
	    "checkpoints are immutable");
	expect_refused("DELETE FROM log_checkpoint",
	    "checkpoints are immutable");
	expect_refused("UPDATE declaration SET mode = 'escrow'",
	    "declarations are immutable");
	expect_refused("DELETE FROM declaration",
	    "declarations are immutable");
	expect_refused("UPDATE cosignature SET line = 'forged'",
	    "cosignatures are immutable");
	expect_refused("UPDATE fork SET kind = 'none'",
	    "fork evidence is immutable");
	expect_refused("DELETE FROM fork", "fork evidence is immutable");
}

static void
test_store_a_rolled_back_append_leaves_nothing(void **state)
{
	acc_store *s = *state;
	acc_err err = ACC_ERR_INIT;
	acc_tlog_node node;
	acc_buf b = ACC_BUF_INIT(1024);
	uint64_t n = 9, size;
	int rc;

	memset(&node, 0, sizeof(node));
	node.index = 2;
	append(s, ACC_STORE_OWN_LOG, 0, 2);
	assert_int_equal(s->ops->log_begin(s, &err), 0);
	assert_int_equal(s->ops->log_put(s, ACC_STORE_OWN_LOG, 2, T0, "a",
	    "{}", 2, &node, 1, &err), 0);
	assert_int_equal(s->ops->log_checkpoint_put(s, ACC_STORE_OWN_LOG, 3,
	    "n\n", T0, &err), 0);
	s->ops->log_rollback(s);
	assert_int_equal(s->ops->log_size(s, ACC_STORE_OWN_LOG, &n, &err), 0);
	assert_int_equal(n, 2);
	acc_err_clear(&err);
	assert_int_equal(s->ops->log_checkpoint_get(s, ACC_STORE_OWN_LOG,
	    UINT64_MAX, &b, &size, &err), ACC_ENOTFOUND);
	/* a batch with a failed statement, rolled back: none of it stays */
	assert_int_equal(s->ops->log_begin(s, &err), 0);
	assert_int_equal(s->ops->log_put(s, ACC_STORE_OWN_LOG, 2, T0, "a",
	    "{}", 2, &node, 1, &err), 0);
	acc_err_clear(&err);
	rc = s->ops->log_put(s, ACC_STORE_OWN_LOG, 2, T0, "a", "{}", 2, &node,
	    1, &err);
	/* PostgreSQL sends appends ahead: the error comes by the commit */
	if (rc == 0)
		rc = s->ops->log_commit(s, &err);
	assert_int_not_equal(rc, 0);
	assert_int_not_equal(err.code, ACC_OK);
	s->ops->log_rollback(s);
	assert_int_equal(s->ops->log_size(s, ACC_STORE_OWN_LOG, &n, &err), 0);
	assert_int_equal(n, 2);
	acc_buf_dispose(&b);
}

static void
test_store_a_reopened_handle_sees_committed_entries(void **state)
{
	acc_store *s = *state, *r = NULL;
	acc_err err = ACC_ERR_INIT;
	uint64_t n = 0;

	assert_int_equal(s->ops->reopen(s, &r, &err), 0);
	append(s, ACC_STORE_OWN_LOG, 0, 3);
	assert_int_equal(r->ops->log_size(r, ACC_STORE_OWN_LOG, &n, &err), 0);
	assert_int_equal(n, 3);
	/* a write batch on one handle is invisible to the other until commit */
	assert_int_equal(s->ops->log_begin(s, &err), 0);
	{
		acc_tlog_node node;
		memset(&node, 0, sizeof(node));
		node.index = 3;
		assert_int_equal(s->ops->log_put(s, ACC_STORE_OWN_LOG, 3, T0,
		    "a", "{}", 2, &node, 1, &err), 0);
	}
	assert_int_equal(r->ops->log_size(r, ACC_STORE_OWN_LOG, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(s->ops->log_commit(s, &err), 0);
	assert_int_equal(r->ops->log_size(r, ACC_STORE_OWN_LOG, &n, &err), 0);
	assert_int_equal(n, 4);
	acc_store_close(r);
}

static void
test_store_opening_without_create_where_none_exists_is_not_found(
    void **state)
{
	acc_store *s = *state, *o = NULL;
	acc_err err = ACC_ERR_INIT;

	/* the fixture's store exists: opening it again works */
	assert_int_equal(store_open(&o, false, &err), 0);
	acc_store_close(o);
	o = NULL;
	(void)s;
	if (backend == BACKEND_SQLITE) {
		acc_err_clear(&err);
		assert_int_equal(acc_store_sqlite_open(&o, "/nonexistent/x.db",
		    false, &err), ACC_ENOTFOUND);
	} else {
		char url[1300];
#if ACC_HAVE_POSTGRES
		char msg[256];
		assert_int_equal(pg_exec(pg_run, "CREATE SCHEMA empty", msg,
		    sizeof(msg)), 0);
		snprintf(url, sizeof(url), "%s%coptions=-csearch_path%%3D"
		    "empty", pg_run_url, strchr(pg_run_url, '?') ? '&' : '?');
#else
		snprintf(url, sizeof(url), "postgresql:///none");
#endif
		acc_err_clear(&err);
		assert_int_equal(acc_store_pg_open(&o, url, false, &err),
		    ACC_ENOTFOUND);
		assert_contains(err.msg, "no accord store in this database");
		/* and creating over an existing store is refused */
		acc_err_clear(&err);
		assert_int_equal(acc_store_pg_open(&o, pg_url, true, &err),
		    ACC_EEXISTS);
		assert_contains(err.msg, "already holds an accord store");
	}
	assert_null(o);
}

static const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	T(test_store_inventory_round_trips_and_a_replace_drops_the_old_one),
	T(test_store_inventory_load_before_any_import_is_not_found),
	T(test_store_meta_is_replaced_and_an_unknown_key_is_not_found),
	T(test_store_keys_are_replaced_and_listed_by_party),
	T(test_store_declarations_round_trip_and_a_known_id_exists),
	T(test_store_declarations_are_found_latest_by_date_and_mode),
	T(test_store_log_appends_are_sized_read_and_listed_by_type),
	T(test_store_log_appends_ten_thousand_entries_in_one_transaction),
	T(test_store_log_hashes_are_found_and_listed_by_level_then_index),
	T(test_store_sqlite_schema_4_leaves_move_into_their_rows),
	T(test_store_checkpoints_are_found_by_size_and_latest),
	T(test_store_mirrored_logs_have_their_own_ids_and_entries),
	T(test_store_a_second_cosignature_by_a_witness_exists_and_the_batch_goes_on),
	T(test_store_peers_are_replaced_by_name),
	T(test_store_forks_are_numbered_from_one_and_listed_by_log),
	T(test_store_findings_keep_the_first_one_per_entry),
	T(test_store_log_tables_refuse_update_and_delete),
	T(test_store_a_rolled_back_append_leaves_nothing),
	T(test_store_a_reopened_handle_sees_committed_entries),
	T(test_store_opening_without_create_where_none_exists_is_not_found),
#undef T
};

int
main(void)
{
	const char *pg = getenv("ACCORD_TEST_PG");
	int failed;

	backend = BACKEND_SQLITE;
	failed = cmocka_run_group_tests_name("store on SQLite", tests, NULL,
	    NULL);
	if (pg != NULL && strcmp(pg, "skip") == 0) {
		fprintf(stderr, "\n"
		    "**************************************************\n"
		    "* test_store: ACCORD_TEST_PG=skip: the PostgreSQL *\n"
		    "* store was NOT tested                            *\n"
		    "**************************************************\n");
		return failed;
	}
	if (pg == NULL || pg[0] == '\0') {
		fprintf(stderr, "test_store: FAIL: ACCORD_TEST_PG is not set: "
		    "the PostgreSQL half needs a server (make test starts one "
		    "with tools/pg-test-server.sh; set ACCORD_TEST_PG=skip to "
		    "leave it out on purpose)\n");
		return failed + 1;
	}
	backend = BACKEND_PG;
#if ACC_HAVE_POSTGRES
	if (pg_run_start(pg) != 0) {
		pg_run_stop();
		return failed + 1;
	}
	failed += cmocka_run_group_tests_name("store on PostgreSQL", tests,
	    NULL, NULL);
	pg_run_stop();
#else
	fprintf(stderr, "test_store: FAIL: this build has no PostgreSQL "
	    "support (-Dpostgres=enabled)\n");
	failed++;
#endif
	return failed;
}
