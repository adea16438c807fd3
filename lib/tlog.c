/*
 * RFC 9162 trees and proofs (see tlog.h). Proofs follow the recursive
 * definitions of 2.1.3.1 and 2.1.4.1; in them every left part D[lo, lo+k)
 * is a complete subtree aligned on k, read as one stored hash, so a proof
 * reads O(log n) hashes.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "tlog.h"

void
acc_tlog_leaf_hash(acc_tlog_hash out, const void *entry, size_t len)
{
	static const uint8_t prefix = 0x00;
	acc_iov iov[2] = { { &prefix, 1 }, { entry, len } };

	acc_sha256_v(out, iov, 2);
}

void
acc_tlog_node_hash(acc_tlog_hash out, const acc_tlog_hash left,
    const acc_tlog_hash right)
{
	uint8_t buf[1 + 2 * ACC_TLOG_HASH];

	buf[0] = 0x01;
	memcpy(buf + 1, left, ACC_TLOG_HASH);
	memcpy(buf + 1 + ACC_TLOG_HASH, right, ACC_TLOG_HASH);
	acc_sha256(out, buf, sizeof(buf));
}

/* ---- the right edge ----------------------------------------------- */

void
acc_tlog_edge_init(acc_tlog_edge *e)
{
	e->n = 0;
	e->depth = 0;
}

int
acc_tlog_edge_load(acc_tlog_edge *e, uint64_t n, acc_tlog_reader rd,
    void *ctx, acc_err *err)
{
	uint64_t start = 0;
	int level;

	acc_tlog_edge_init(e);
	for (level = 63; level >= 0; level--) {
		int rc;
		if (!(n >> level & 1))
			continue;
		rc = rd(ctx, (unsigned)level, start >> level,
		    e->stack[e->depth], err);
		if (rc != 0)
			return rc;
		e->depth++;
		start += UINT64_C(1) << level;
	}
	e->n = n;
	return 0;
}

size_t
acc_tlog_edge_push(acc_tlog_edge *e, const acc_tlog_hash leaf,
    acc_tlog_node *out)
{
	uint64_t i = e->n++;
	unsigned level = 0;
	size_t k = 0;

	out[k].level = 0;
	out[k].index = i;
	memcpy(out[k++].hash, leaf, ACC_TLOG_HASH);
	memcpy(e->stack[e->depth++], leaf, ACC_TLOG_HASH);
	/* RFC 9162 2.1.2: merge once per trailing 1 bit of the index */
	while (i & 1) {
		e->depth--;
		acc_tlog_node_hash(e->stack[e->depth - 1],
		    e->stack[e->depth - 1], e->stack[e->depth]);
		i >>= 1;
		level++;
		out[k].level = level;
		out[k].index = i;
		memcpy(out[k++].hash, e->stack[e->depth - 1], ACC_TLOG_HASH);
	}
	return k;
}

void
acc_tlog_edge_root(const acc_tlog_edge *e, acc_tlog_hash out)
{
	acc_tlog_hash acc;
	size_t k;

	if (e->depth == 0) {
		acc_sha256(out, "", 0);
		return;
	}
	memcpy(acc, e->stack[e->depth - 1], ACC_TLOG_HASH);
	for (k = e->depth - 1; k > 0; k--)
		acc_tlog_node_hash(acc, e->stack[k - 1], acc);
	memcpy(out, acc, ACC_TLOG_HASH);
}

/* ---- subtrees, roots and proofs ----------------------------------- */

/* The largest power of two strictly below n (n > 1). */
static uint64_t
split(uint64_t n)
{
	return UINT64_C(1) << (63 - __builtin_clzll(n - 1));
}

/* MTH(D[lo, hi)), lo aligned on the largest power of two <= hi - lo. */
static int
mth(uint64_t lo, uint64_t hi, acc_tlog_reader rd, void *ctx,
    acc_tlog_hash out, acc_err *err)
{
	uint64_t n = hi - lo;
	acc_tlog_hash l, r;
	int rc;

	if ((n & (n - 1)) == 0) {
		unsigned level = (unsigned)__builtin_ctzll(n);
		return rd(ctx, level, lo >> level, out, err);
	}
	rc = rd(ctx, (unsigned)__builtin_ctzll(split(n)), lo >>
	    __builtin_ctzll(split(n)), l, err);
	if (rc == 0)
		rc = mth(lo + split(n), hi, rd, ctx, r, err);
	if (rc == 0)
		acc_tlog_node_hash(out, l, r);
	return rc;
}

int
acc_tlog_root(uint64_t n, acc_tlog_reader rd, void *ctx, acc_tlog_hash out,
    acc_err *err)
{
	if (n == 0) {
		acc_sha256(out, "", 0);
		return 0;
	}
	return mth(0, n, rd, ctx, out, err);
}

/* PATH(m, D[lo, hi)), appended to out. */
static int
path(uint64_t m, uint64_t lo, uint64_t hi, acc_tlog_reader rd, void *ctx,
    acc_tlog_hash *out, size_t *n, acc_err *err)
{
	uint64_t k;
	int rc;

	if (hi - lo == 1)
		return 0;
	k = split(hi - lo);
	if (m < k) {
		rc = path(m, lo, lo + k, rd, ctx, out, n, err);
		if (rc == 0)
			rc = mth(lo + k, hi, rd, ctx, out[*n], err);
	} else {
		rc = path(m - k, lo + k, hi, rd, ctx, out, n, err);
		if (rc == 0)
			rc = mth(lo, lo + k, rd, ctx, out[*n], err);
	}
	if (rc == 0)
		(*n)++;
	return rc;
}

int
acc_tlog_prove_inclusion(uint64_t index, uint64_t size, acc_tlog_reader rd,
    void *ctx, acc_tlog_hash *out, size_t *n_out, acc_err *err)
{
	*n_out = 0;
	if (index >= size)
		return acc_err_set(err, ACC_EINVAL, "inclusion proof",
		    "entry %llu is not in a log of %llu entries",
		    (unsigned long long)index, (unsigned long long)size);
	return path(index, 0, size, rd, ctx, out, n_out, err);
}

/* SUBPROOF(m, D[lo, hi), b), appended to out. */
static int
subproof(uint64_t m, uint64_t lo, uint64_t hi, bool b, acc_tlog_reader rd,
    void *ctx, acc_tlog_hash *out, size_t *n, acc_err *err)
{
	uint64_t k;
	int rc;

	if (m == hi - lo) {
		if (b)
			return 0;
		rc = mth(lo, hi, rd, ctx, out[*n], err);
		if (rc == 0)
			(*n)++;
		return rc;
	}
	k = split(hi - lo);
	if (m <= k) {
		rc = subproof(m, lo, lo + k, b, rd, ctx, out, n, err);
		if (rc == 0)
			rc = mth(lo + k, hi, rd, ctx, out[*n], err);
	} else {
		rc = subproof(m - k, lo + k, hi, false, rd, ctx, out, n, err);
		if (rc == 0)
			rc = mth(lo, lo + k, rd, ctx, out[*n], err);
	}
	if (rc == 0)
		(*n)++;
	return rc;
}

int
acc_tlog_prove_consistency(uint64_t old, uint64_t size, acc_tlog_reader rd,
    void *ctx, acc_tlog_hash *out, size_t *n_out, acc_err *err)
{
	*n_out = 0;
	if (old > size)
		return acc_err_set(err, ACC_EINVAL, "consistency proof",
		    "the old size %llu is larger than the new size %llu",
		    (unsigned long long)old, (unsigned long long)size);
	if (old == 0 || old == size)
		return 0;
	return subproof(old, 0, size, true, rd, ctx, out, n_out, err);
}

int
acc_tlog_prove_consistency_full(uint64_t old, uint64_t size,
    acc_tlog_reader rd, void *ctx, acc_tlog_hash *out, size_t *n_out,
    acc_err *err)
{
	int rc;

	*n_out = 0;
	if (old == 0 || old >= size)
		return acc_err_set(err, ACC_EINVAL, "consistency proof",
		    "a full proof needs 0 < old < new, got %llu and %llu",
		    (unsigned long long)old, (unsigned long long)size);
	if ((old & (old - 1)) != 0)
		return subproof(old, 0, size, true, rd, ctx, out, n_out, err);
	rc = mth(0, old, rd, ctx, out[0], err);
	if (rc == 0) {
		rc = subproof(old, 0, size, true, rd, ctx, out + 1, n_out, err);
		(*n_out)++;
	}
	return rc;
}

/* ---- checking proofs ---------------------------------------------- */

static bool
hash_equal(const acc_tlog_hash a, const acc_tlog_hash b)
{
	return acc_ct_equal(a, b, ACC_TLOG_HASH);
}

bool
acc_tlog_check_inclusion(const acc_tlog_hash leaf, uint64_t index,
    uint64_t size, const void *path_, size_t n_path,
    const acc_tlog_hash root)
{
	const uint8_t *p = path_;
	uint64_t fn = index, sn;
	acc_tlog_hash r;
	size_t i;

	if (index >= size)
		return false;
	sn = size - 1;
	memcpy(r, leaf, ACC_TLOG_HASH);
	for (i = 0; i < n_path; i++) {
		if (sn == 0)
			return false;
		if ((fn & 1) || fn == sn) {
			acc_tlog_node_hash(r, p + i * ACC_TLOG_HASH, r);
			while (fn != 0 && !(fn & 1)) {
				fn >>= 1;
				sn >>= 1;
			}
		} else {
			acc_tlog_node_hash(r, r, p + i * ACC_TLOG_HASH);
		}
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && hash_equal(r, root);
}

/* RFC 9162 2.1.4.2 steps 3 to 6 from the first node fr0 and path p. */
static bool
consistency_walk(uint64_t old, uint64_t size, const acc_tlog_hash fr0,
    const uint8_t *p, size_t n_path, acc_tlog_hash fr, acc_tlog_hash sr)
{
	uint64_t fn = old - 1, sn = size - 1;
	size_t i;

	while (fn & 1) {
		fn >>= 1;
		sn >>= 1;
	}
	memcpy(fr, fr0, ACC_TLOG_HASH);
	memcpy(sr, fr0, ACC_TLOG_HASH);
	for (i = 0; i < n_path; i++) {
		if (sn == 0)
			return false;
		if ((fn & 1) || fn == sn) {
			acc_tlog_node_hash(fr, p + i * ACC_TLOG_HASH, fr);
			acc_tlog_node_hash(sr, p + i * ACC_TLOG_HASH, sr);
			while (fn != 0 && !(fn & 1)) {
				fn >>= 1;
				sn >>= 1;
			}
		} else {
			acc_tlog_node_hash(sr, sr, p + i * ACC_TLOG_HASH);
		}
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0;
}

bool
acc_tlog_consistency_roots(uint64_t old, uint64_t size, const void *path_,
    size_t n_path, acc_tlog_hash fr, acc_tlog_hash sr)
{
	const uint8_t *p = path_;

	if (old == 0 || old >= size || n_path == 0)
		return false;
	return consistency_walk(old, size, p, p + ACC_TLOG_HASH, n_path - 1,
	    fr, sr);
}

bool
acc_tlog_check_consistency(uint64_t old, uint64_t size,
    const acc_tlog_hash old_root, const acc_tlog_hash new_root,
    const void *path_, size_t n_path)
{
	const uint8_t *p = path_;
	uint64_t fn, sn;
	acc_tlog_hash fr, sr;
	size_t i = 0;

	if (old > size)
		return false;
	if (old == size)
		return n_path == 0 && hash_equal(old_root, new_root);
	if (old == 0)
		return n_path == 0;
	if (n_path == 0)
		return false;
	fn = old - 1;
	sn = size - 1;
	while (fn & 1) {
		fn >>= 1;
		sn >>= 1;
	}
	/* when old is a power of two, its root is the path's first node */
	if ((old & (old - 1)) == 0) {
		memcpy(fr, old_root, ACC_TLOG_HASH);
	} else {
		memcpy(fr, p, ACC_TLOG_HASH);
		i = 1;
	}
	memcpy(sr, fr, ACC_TLOG_HASH);
	for (; i < n_path; i++) {
		if (sn == 0)
			return false;
		if ((fn & 1) || fn == sn) {
			acc_tlog_node_hash(fr, p + i * ACC_TLOG_HASH, fr);
			acc_tlog_node_hash(sr, p + i * ACC_TLOG_HASH, sr);
			while (fn != 0 && !(fn & 1)) {
				fn >>= 1;
				sn >>= 1;
			}
		} else {
			acc_tlog_node_hash(sr, sr, p + i * ACC_TLOG_HASH);
		}
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && hash_equal(fr, old_root) && hash_equal(sr, new_root);
}

/* ---- hashes in memory --------------------------------------------- */

void
acc_tlog_mem_init(acc_tlog_mem *m)
{
	memset(m, 0, sizeof(*m));
}

int
acc_tlog_mem_reserve(acc_tlog_mem *m, uint64_t n, acc_err *err)
{
	unsigned l;

	for (l = 0; l < 64 && (n >> l) > 0; l++) {
		uint64_t want = n >> l;
		uint8_t *p;
		if (m->cap[l] >= want)
			continue;
		if (want > SIZE_MAX / ACC_TLOG_HASH)
			return acc_err_set(err, ACC_ELIMIT, "log", "too large");
		p = realloc(m->level[l], want * ACC_TLOG_HASH);
		if (p == NULL)
			return acc_err_set(err, ACC_ERR, "log", "out of memory");
		acc_mem_populate(p + m->count[l] * ACC_TLOG_HASH,
		    (want - m->count[l]) * ACC_TLOG_HASH);
		m->level[l] = p;
		m->cap[l] = want;
	}
	return 0;
}

int
acc_tlog_mem_put(acc_tlog_mem *m, const acc_tlog_node *nodes, size_t n,
    acc_err *err)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned l = nodes[i].level;
		uint64_t at = nodes[i].index;
		if (l >= 64 || at != m->count[l])
			return acc_err_set(err, ACC_EINVAL, "log",
			    "hashes out of order at level %u", l);
		if (at == m->cap[l]) {
			uint64_t nc = m->cap[l] ? m->cap[l] * 2 : 1024;
			uint8_t *p = realloc(m->level[l], nc * ACC_TLOG_HASH);
			if (p == NULL)
				return acc_err_set(err, ACC_ERR, "log",
				    "out of memory");
			m->level[l] = p;
			m->cap[l] = nc;
		}
		memcpy(m->level[l] + at * ACC_TLOG_HASH, nodes[i].hash,
		    ACC_TLOG_HASH);
		m->count[l]++;
	}
	return 0;
}

/* Leaves are hashed in chunks of 2^CHUNK_BITS, whole subtrees. */
#define CHUNK_BITS 15

struct build_job {
	acc_tlog_mem *m;
	uint64_t n;
	int (*leaf)(void *, uint64_t, acc_tlog_hash);
	void *ctx;
	unsigned first;         /* chunks first, first + 2, ... */
	int rc;
	uint64_t bad;
};

static void *
build_run(void *arg)
{
	struct build_job *j = arg;
	uint64_t c, i;

	j->rc = 0;
	for (c = j->first; (c << CHUNK_BITS) < j->n && j->rc == 0; c += 2) {
		uint64_t a = c << CHUNK_BITS;
		uint64_t b = a + (UINT64_C(1) << CHUNK_BITS) < j->n ?
		    a + (UINT64_C(1) << CHUNK_BITS) : j->n;
		acc_tlog_edge e;
		acc_tlog_edge_init(&e);
		for (i = a; i < b; i++) {
			acc_tlog_node nodes[64];
			acc_tlog_hash h;
			size_t k, x;
			int rc = j->leaf(j->ctx, i, h);
			if (rc != 0) {
				j->rc = rc;
				j->bad = i;
				break;
			}
			k = acc_tlog_edge_push(&e, h, nodes);
			/* the chunk's nodes, placed at their global index */
			for (x = 0; x < k; x++) {
				unsigned l = nodes[x].level;
				uint64_t at = (a >> l) + nodes[x].index;
				memcpy(j->m->level[l] + at * ACC_TLOG_HASH,
				    nodes[x].hash, ACC_TLOG_HASH);
			}
		}
	}
	return NULL;
}

static void *
build_thread(void *arg)
{
	build_run(arg);
	acc_crypto_thread_end();
	return NULL;
}

int
acc_tlog_mem_build(acc_tlog_mem *m, uint64_t n,
    int (*leaf)(void *ctx, uint64_t i, acc_tlog_hash out), void *ctx,
    uint64_t *bad, acc_err *err)
{
	struct build_job jobs[2];
	pthread_t th;
	bool threaded;
	unsigned l, k;
	int rc;

	for (l = 0; l < 64; l++)
		if (m->count[l] != 0)
			return acc_err_set(err, ACC_EINVAL, "log",
			    "building into a tree that is not empty");
	rc = acc_tlog_mem_reserve(m, n, err);
	if (rc != 0)
		return rc;
	for (k = 0; k < 2; k++) {
		jobs[k].m = m;
		jobs[k].n = n;
		jobs[k].leaf = leaf;
		jobs[k].ctx = ctx;
		jobs[k].first = k;
		jobs[k].rc = 0;
		jobs[k].bad = UINT64_MAX;
	}
	threaded = n > (UINT64_C(1) << CHUNK_BITS) &&
	    pthread_create(&th, NULL, build_thread, &jobs[1]) == 0;
	build_run(&jobs[0]);
	if (threaded)
		pthread_join(th, NULL);
	else
		build_run(&jobs[1]);
	for (k = 0; k < 2; k++)
		if (jobs[k].rc != 0 && (rc == 0 || jobs[k].bad < *bad)) {
			rc = jobs[k].rc;
			*bad = jobs[k].bad;
		}
	if (rc != 0)
		return rc;
	/* levels above a chunk, from the complete subtrees below */
	for (l = CHUNK_BITS + 1; l < 64 && (n >> l) > 0; l++) {
		uint64_t i;
		for (i = 0; i < (n >> l); i++)
			acc_tlog_node_hash(m->level[l] + i * ACC_TLOG_HASH,
			    m->level[l - 1] + 2 * i * ACC_TLOG_HASH,
			    m->level[l - 1] + (2 * i + 1) * ACC_TLOG_HASH);
	}
	for (l = 0; l < 64; l++)
		m->count[l] = n >> l;
	return 0;
}

void
acc_tlog_mem_dispose(acc_tlog_mem *m)
{
	unsigned l;

	for (l = 0; l < 64; l++)
		free(m->level[l]);
	memset(m, 0, sizeof(*m));
}

int
acc_tlog_mem_read(void *ctx, unsigned level, uint64_t index,
    acc_tlog_hash out, acc_err *err)
{
	const acc_tlog_mem *m = ctx;

	if (level >= 64 || index >= m->count[level])
		return acc_err_set(err, ACC_ENOTFOUND, "log",
		    "no stored hash at level %u index %llu", level,
		    (unsigned long long)index);
	memcpy(out, m->level[level] + index * ACC_TLOG_HASH, ACC_TLOG_HASH);
	return 0;
}
