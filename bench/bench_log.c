/*
 * Benchmark: the notification log.
 *   1. Building the RFC 9162 tree in memory over 100-byte records, against
 *      the same leaf and node hashes computed raw in the same run.
 *   2. Durable appends to a SQLite store in batches of 1,000 entries (each
 *      batch one transaction with its hashes and a signed checkpoint).
 *   3. Inclusion and consistency proofs from a store of BENCH_LOG_STORE
 *      entries (default 10,000,000), with the stored hashes held in memory
 *      as a serving node keeps them, and, for comparison, read from SQLite.
 *   4. `log verify` of the first 1,000,000 entries of that store against
 *      raw hashing of the same entries.
 * Each timing is the best of a few rounds where that is cheap. As in the
 * accord binary, freed memory stays in the process (acc_mem_keep);
 * BENCH_FRESH_PAGES=1 maps fresh pages instead.
 *
 * usage: bench_log [DIR]   (a scratch directory, default /tmp)
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <accord/accord.h>

#include "bench.h"

#include "log.h"
#include "store.h"
#include "tlog.h"

#define RECORD 100

static uint64_t rng = 88172645463325252ull;

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double
raw_hashes(const uint8_t *data, size_t len, size_t n)
{
	uint8_t buf[1 + RECORD], node[65], out[32];
	size_t i;
	double t0 = now();

	for (i = 0; i < n; i++) {
		buf[0] = 0;
		memcpy(buf + 1, data + (i % 1024) * len, len);
		acc_sha256(out, buf, 1 + len);
	}
	memset(node, 1, sizeof(node));
	for (i = 0; i + 1 < n; i++) {
		acc_sha256(out, node, sizeof(node));
		node[1] = out[0];
	}
	return now() - t0;
}

static const uint8_t *build_data;

static int
build_leaf(void *ctx, uint64_t i, acc_tlog_hash out)
{
	(void)ctx;
	acc_tlog_leaf_hash(out, build_data + (i % 1024) * RECORD, RECORD);
	return 0;
}

/* The tree of n records built on two threads, chunk by chunk. */
static double
tree_build2(const uint8_t *data, size_t n, acc_tlog_hash root)
{
	acc_err err = ACC_ERR_INIT;
	acc_tlog_mem m;
	uint64_t bad;
	double t0 = now(), t;

	build_data = data;
	acc_tlog_mem_init(&m);
	if (acc_tlog_mem_build(&m, n, build_leaf, NULL, &bad, &err) != 0 ||
	    acc_tlog_root(n, acc_tlog_mem_read, &m, root, &err) != 0)
		die("build", &err);
	t = now() - t0;
	acc_tlog_mem_dispose(&m);
	return t;
}

static double
tree_build(const uint8_t *data, size_t len, size_t n, acc_tlog_hash root)
{
	acc_err err = ACC_ERR_INIT;
	acc_tlog_mem m;
	acc_tlog_edge e;
	acc_tlog_node nodes[64];
	size_t i;
	double t0 = now(), t;

	acc_tlog_mem_init(&m);
	acc_tlog_edge_init(&e);
	if (acc_tlog_mem_reserve(&m, n, &err) != 0)
		die("reserve", &err);
	for (i = 0; i < n; i++) {
		acc_tlog_hash leaf;
		size_t k;
		acc_tlog_leaf_hash(leaf, data + (i % 1024) * len, len);
		k = acc_tlog_edge_push(&e, leaf, nodes);
		if (acc_tlog_mem_put(&m, nodes, k, &err) != 0)
			die("tree", &err);
	}
	acc_tlog_edge_root(&e, root);
	t = now() - t0;
	acc_tlog_mem_dispose(&m);
	return t;
}

/* A log over a fresh store at path. */
static void
log_open(acc_log *log, acc_store **s, const char *path, const acc_key *key,
    const acc_vkey *vk)
{
	acc_err err = ACC_ERR_INIT;

	unlink(path);
	if (acc_store_sqlite_open(s, path, true, &err) != 0)
		die("store", &err);
	memset(log, 0, sizeof(*log));
	log->store = *s;
	snprintf(log->treaty, sizeof(log->treaty), "new-start");
	snprintf(log->party, sizeof(log->party), "US");
	snprintf(log->origin, sizeof(log->origin), "accord/new-start/US");
	log->key = key;
	log->vkey = *vk;
}

/* Append n message entries in batches of batch. */
static double
append(acc_log *log, uint64_t n, size_t batch)
{
	acc_err err = ACC_ERR_INIT;
	acc_statement *st = calloc(batch, sizeof(*st));
	json_t **bodies = calloc(batch, sizeof(*bodies));
	uint64_t done = 0, first;
	char text[80];
	size_t i;
	double t0;

	if (st == NULL || bodies == NULL)
		die("memory", NULL);
	t0 = now();
	while (done < n) {
		size_t k = n - done < batch ? (size_t)(n - done) : batch;
		for (i = 0; i < k; i++) {
			snprintf(text, sizeof(text), "notification %" PRIu64
			    " %016" PRIx64, done + i, next());
			bodies[i] = json_pack("{s:s}", "text", text);
			st[i].type = "message";
			st[i].body = bodies[i];
		}
		if (acc_log_append(log, st, k, "2026-11-29T10:00:00Z", &first,
		    NULL, &err) != 0)
			die("append", &err);
		for (i = 0; i < k; i++)
			json_decref(bodies[i]);
		done += k;
	}
	t0 = now() - t0;
	free(st);
	free(bodies);
	return t0;
}

static int
load_hash(void *ctx, unsigned level, uint64_t index, const uint8_t *hash,
    size_t len)
{
	acc_tlog_node node;
	acc_err err = ACC_ERR_INIT;

	(void)len;
	node.level = level;
	node.index = index;
	memcpy(node.hash, hash, 32);
	return acc_tlog_mem_put(ctx, &node, 1, &err);
}

static int
store_read(void *ctx, unsigned level, uint64_t index, acc_tlog_hash out,
    acc_err *err)
{
	acc_store *s = ctx;

	return s->ops->log_hash(s, ACC_STORE_OWN_LOG, level, index, out, err);
}

struct rawv {
	acc_tlog_edge e;
	size_t n;
};

static int
raw_entry(void *ctx, uint64_t seq, const char *entry, size_t len)
{
	struct rawv *r = ctx;
	acc_tlog_node nodes[64];
	acc_tlog_hash leaf;

	(void)seq;
	acc_tlog_leaf_hash(leaf, entry, len);
	acc_tlog_edge_push(&r->e, leaf, nodes);
	r->n++;
	return 0;
}

int
main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "/tmp";
	uint64_t n_store = getenv("BENCH_LOG_STORE") ?
	    strtoull(getenv("BENCH_LOG_STORE"), NULL, 10) : 10000000;
	size_t n_tree = 1000000, n_durable = 100000, n_verify = 1000000;
	size_t i, r, n_proofs = 1000000, n_cons = 200000, n_sql = 20000;
	acc_err err = ACC_ERR_INIT;
	uint8_t *data;
	acc_tlog_hash root;
	acc_key key;
	acc_vkey vk;
	acc_log log, vlog;
	acc_store *s = NULL, *vs = NULL;
	acc_tlog_mem mem;
	acc_tlog_hash path[64];
	acc_log_report rep;
	char p1[4096], p2[4096];
	double t_raw = 1e9, t_tree = 1e9, t_tree2 = 1e9, t_durable, t_store;
	double t_load, t_inc;
	acc_tlog_hash root2;
	double t_cons, t_sql, t_verify, t_vraw;
	size_t np, total = 0;

	/* as the accord binary does; BENCH_FRESH_PAGES=1 to compare */
	if (getenv("BENCH_FRESH_PAGES") == NULL)
		acc_mem_keep();
	if (n_store < n_verify)
		n_verify = n_store;
	data = malloc(1024 * RECORD);
	if (data == NULL)
		die("memory", NULL);
	for (i = 0; i < 1024 * RECORD; i++)
		data[i] = (uint8_t)next();
	for (r = 0; r < 3; r++) {
		t_raw = min2(t_raw, raw_hashes(data, RECORD, n_tree));
		t_tree = min2(t_tree, tree_build(data, RECORD, n_tree, root));
		t_tree2 = min2(t_tree2, tree_build2(data, n_tree, root2));
	}
	if (!acc_ct_equal(root, root2, 32))
		die("the two builds differ", NULL);
	if (acc_key_generate(&key, &err) != 0 ||
	    acc_vkey_make(&vk, "accord/new-start/US", ACC_KEYTYPE_ED25519,
	    key.pub, &err) != 0)
		die("key", &err);

	/* durable appends */
	snprintf(p1, sizeof(p1), "%s/bench-log-durable.db", dir);
	log_open(&log, &s, p1, &key, &vk);
	t_durable = append(&log, n_durable, 1000);
	acc_store_close(s);
	unlink(p1);

	/* the large store */
	snprintf(p2, sizeof(p2), "%s/bench-log-store.db", dir);
	log_open(&log, &s, p2, &key, &vk);
	t_store = append(&log, n_store, 100000);
	t_load = now();
	acc_tlog_mem_init(&mem);
	if (acc_tlog_mem_reserve(&mem, n_store, &err) != 0 ||
	    s->ops->log_hash_each(s, ACC_STORE_OWN_LOG, load_hash, &mem, &err) != 0)
		die("load", &err);
	t_load = now() - t_load;
	t_inc = now();
	for (i = 0; i < n_proofs; i++) {
		if (acc_tlog_prove_inclusion(next() % n_store, n_store,
		    acc_tlog_mem_read, &mem, path, &np, &err) != 0)
			die("prove", &err);
		total += np;
	}
	t_inc = now() - t_inc;
	t_cons = now();
	for (i = 0; i < n_cons; i++) {
		if (acc_tlog_prove_consistency(1 + next() % (n_store - 1),
		    n_store, acc_tlog_mem_read, &mem, path, &np, &err) != 0)
			die("consistency", &err);
		total += np;
	}
	t_cons = now() - t_cons;
	t_sql = now();
	for (i = 0; i < n_sql; i++)
		if (acc_tlog_prove_inclusion(next() % n_store, n_store,
		    store_read, s, path, &np, &err) != 0)
			die("prove from SQLite", &err);
	t_sql = now() - t_sql;
	acc_tlog_mem_dispose(&mem);
	acc_store_close(s);
	unlink(p2);
	{
		char wal[4200];
		snprintf(wal, sizeof(wal), "%s-wal", p2);
		unlink(wal);
		snprintf(wal, sizeof(wal), "%s-shm", p2);
		unlink(wal);
	}

	/* log verify of n_verify entries, against raw hashing of them */
	snprintf(p1, sizeof(p1), "%s/bench-log-verify.db", dir);
	log_open(&vlog, &vs, p1, &key, &vk);
	(void)append(&vlog, n_verify, 1000);
	/* best of three rounds each, interleaved, as the other figures */
	t_verify = t_vraw = 1e9;
	for (r = 0; r < 3; r++) {
		struct rawv rv;
		double t0 = now();
		if (acc_log_verify(&vlog, &rep, &err) != 0)
			die("verify", &err);
		t_verify = min2(t_verify, now() - t0);
		t0 = now();
		acc_tlog_edge_init(&rv.e);
		rv.n = 0;
		if (vs->ops->log_each(vs, ACC_STORE_OWN_LOG, 0, UINT64_MAX,
		    NULL, raw_entry, &rv, &err) != 0)
			die("raw", &err);
		t_vraw = min2(t_vraw, now() - t0);
	}
	acc_store_close(vs);
	unlink(p1);

	printf("log benchmark; %s\n", getenv("BENCH_FRESH_PAGES") ?
	    "fresh pages for every buffer" : "freed pages kept for reuse");
	printf("  raw SHA-256, %zu leaf + %zu node hashes of 100-byte "
	    "records: %.3f s\n", n_tree, n_tree - 1, t_raw);
	printf("  tree building in memory, appending one by one: %.3f s = "
	    "%.0f records/s, %.2fx raw\n", t_tree, (double)n_tree / t_tree,
	    t_tree / t_raw);
	printf("  tree building in memory, two threads: %.3f s = %.0f "
	    "records/s, %.2fx raw (targets >= 3000000/s, <= 1.5x)\n", t_tree2,
	    (double)n_tree / t_tree2, t_tree2 / t_raw);
	printf("  durable appends, batches of 1000 (entries, hashes, signed "
	    "checkpoint, fsync): %zu in %.3f s = %.0f entries/s (target >= "
	    "100000)\n", n_durable, t_durable, (double)n_durable / t_durable);
	printf("  store of %" PRIu64 " entries built in %.1f s (%.0f entries/s,"
	    " batches of 100000); hashes loaded in %.1f s\n", n_store, t_store,
	    (double)n_store / t_store, t_load);
	printf("  inclusion proofs: %.0f/s (target >= 500000); consistency "
	    "proofs: %.0f/s (target >= 200000); %.1f hashes each on average\n",
	    (double)n_proofs / t_inc, (double)n_cons / t_cons,
	    (double)total / (double)(n_proofs + n_cons));
	printf("  inclusion proofs read from SQLite directly: %.0f/s\n",
	    (double)n_sql / t_sql);
	printf("  log verify of %zu entries: %.3f s; reading and hashing them "
	    "raw: %.3f s = %.2fx (target <= 2x)\n", n_verify, t_verify, t_vraw,
	    t_verify / t_vraw);
	acc_key_dispose(&key);
	free(data);
	return 0;
}
