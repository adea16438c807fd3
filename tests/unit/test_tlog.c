/*
 * RFC 9162 trees of log entries (lib/tlog.c) against the known answers in
 * tests/data/vectors/rfc6962.json: every root of sizes 0..8, every
 * inclusion proof and every consistency proof for sizes up to 8, each
 * produced equal to the vector, accepted, and rejected once altered (a
 * flipped bit in any node, a node dropped or added, another index or
 * size). Larger trees: proofs from the right edge and from stored hashes
 * agree with a recursive reference for every size up to 70.
 */
#include <stdlib.h>

#include "unit.h"
#include "vectors.h"

#include <jansson.h>

#include "tlog.h"

/* A log of the 8 vector leaves, its hashes in memory. */
static void
vector_log(json_t *doc, acc_tlog_mem *m, acc_tlog_edge *e,
    acc_tlog_hash roots[9])
{
	json_t *leaves = json_object_get(doc, "leaves_hex");
	json_t *want = json_object_get(doc, "leaf_hashes_hex");
	acc_err err = ACC_ERR_INIT;
	size_t i;

	acc_tlog_mem_init(m);
	acc_tlog_edge_init(e);
	acc_tlog_edge_root(e, roots[0]);
	assert_int_equal(json_array_size(leaves), 8);
	for (i = 0; i < 8; i++) {
		const char *hex = json_string_value(json_array_get(leaves, i));
		uint8_t data[128];
		acc_tlog_hash h, w;
		acc_tlog_node nodes[64];
		size_t n = strlen(hex) / 2, k;
		unhex(data, n, hex);
		acc_tlog_leaf_hash(h, data, n);
		unhex(w, 32, json_string_value(json_array_get(want, i)));
		assert_memory_equal(h, w, 32);
		k = acc_tlog_edge_push(e, h, nodes);
		assert_int_equal(acc_tlog_mem_put(m, nodes, k, &err), 0);
		acc_tlog_edge_root(e, roots[i + 1]);
	}
}

static size_t
hashes_of(json_t *list, acc_tlog_hash *out)
{
	size_t i, n = json_array_size(list);

	for (i = 0; i < n; i++)
		unhex(out[i], 32, json_string_value(json_array_get(list, i)));
	return n;
}

static void
test_tlog_roots_match_the_vectors(void **state)
{
	json_t *doc = load_vectors("rfc6962.json"), *r;
	acc_tlog_mem m;
	acc_tlog_edge e;
	acc_tlog_hash roots[9], want, got;
	acc_err err = ACC_ERR_INIT;
	size_t i;

	(void)state;
	if (doc == NULL)
		skip();
	vector_log(doc, &m, &e, roots);
	json_array_foreach(json_object_get(doc, "roots"), i, r) {
		uint64_t n = (uint64_t)json_integer_value(json_object_get(r,
		    "tree_size"));
		unhex(want, 32, json_string_value(json_object_get(r,
		    "root_hex")));
		assert_memory_equal(roots[n], want, 32);
		assert_int_equal(acc_tlog_root(n, acc_tlog_mem_read, &m, got,
		    &err), 0);
		assert_memory_equal(got, want, 32);
	}
	assert_int_equal(i, 9);
	acc_tlog_mem_dispose(&m);
	json_decref(doc);
}

static void
test_tlog_inclusion_proofs_match_the_vectors(void **state)
{
	json_t *doc = load_vectors("rfc6962.json"), *v;
	acc_tlog_mem m;
	acc_tlog_edge e;
	acc_tlog_hash roots[9], leaves[8];
	acc_err err = ACC_ERR_INIT;
	size_t i, j, b;

	(void)state;
	if (doc == NULL)
		skip();
	vector_log(doc, &m, &e, roots);
	for (i = 0; i < 8; i++)
		assert_int_equal(acc_tlog_mem_read(&m, 0, i, leaves[i], &err),
		    0);
	json_array_foreach(json_object_get(doc, "inclusion"), i, v) {
		uint64_t idx = (uint64_t)json_integer_value(json_object_get(v,
		    "leaf_index"));
		uint64_t n = (uint64_t)json_integer_value(json_object_get(v,
		    "tree_size"));
		acc_tlog_hash want[64], got[65];
		size_t nw = hashes_of(json_object_get(v, "hashes_hex"), want);
		size_t ng;
		assert_int_equal(acc_tlog_prove_inclusion(idx, n,
		    acc_tlog_mem_read, &m, got, &ng, &err), 0);
		assert_int_equal(ng, nw);
		for (j = 0; j < nw; j++)
			assert_memory_equal(got[j], want[j], 32);
		assert_true(acc_tlog_check_inclusion(leaves[idx], idx, n, got,
		    ng, roots[n]));
		/* every flipped bit of every node, and of the leaf */
		for (j = 0; j < ng; j++)
			for (b = 0; b < 256; b++) {
				got[j][b / 8] ^= (uint8_t)(1u << (b % 8));
				assert_false(acc_tlog_check_inclusion(
				    leaves[idx], idx, n, got, ng, roots[n]));
				got[j][b / 8] ^= (uint8_t)(1u << (b % 8));
			}
		assert_false(acc_tlog_check_inclusion(leaves[(idx + 1) % 8],
		    idx, n, got, ng, roots[n]));
		/* a node dropped or added; another index; past the size */
		if (ng > 0)
			assert_false(acc_tlog_check_inclusion(leaves[idx], idx,
			    n, got, ng - 1, roots[n]));
		memcpy(got[ng], roots[n], 32);
		assert_false(acc_tlog_check_inclusion(leaves[idx], idx, n, got,
		    ng + 1, roots[n]));
		if (n > 1)
			assert_false(acc_tlog_check_inclusion(leaves[idx],
			    (idx + 1) % n, n, got, ng, roots[n]));
		assert_false(acc_tlog_check_inclusion(leaves[idx], n, n, got,
		    ng, roots[n]));
	}
	assert_int_equal(i, 36);
	assert_int_equal(acc_tlog_prove_inclusion(8, 8, acc_tlog_mem_read, &m,
	    roots, &j, &err), ACC_EINVAL);
	acc_tlog_mem_dispose(&m);
	json_decref(doc);
}

static void
test_tlog_consistency_proofs_match_the_vectors(void **state)
{
	json_t *doc = load_vectors("rfc6962.json"), *v;
	acc_tlog_mem m;
	acc_tlog_edge e;
	acc_tlog_hash roots[9];
	acc_err err = ACC_ERR_INIT;
	size_t i, j, b;

	(void)state;
	if (doc == NULL)
		skip();
	vector_log(doc, &m, &e, roots);
	json_array_foreach(json_object_get(doc, "consistency"), i, v) {
		uint64_t old = (uint64_t)json_integer_value(json_object_get(v,
		    "old_size"));
		uint64_t n = (uint64_t)json_integer_value(json_object_get(v,
		    "new_size"));
		acc_tlog_hash want[64], got[65];
		size_t nw = hashes_of(json_object_get(v, "hashes_hex"), want);
		size_t ng;
		assert_int_equal(acc_tlog_prove_consistency(old, n,
		    acc_tlog_mem_read, &m, got, &ng, &err), 0);
		assert_int_equal(ng, nw);
		for (j = 0; j < nw; j++)
			assert_memory_equal(got[j], want[j], 32);
		assert_true(acc_tlog_check_consistency(old, n, roots[old],
		    roots[n], got, ng));
		for (j = 0; j < ng; j++)
			for (b = 0; b < 256; b++) {
				got[j][b / 8] ^= (uint8_t)(1u << (b % 8));
				assert_false(acc_tlog_check_consistency(old, n,
				    roots[old], roots[n], got, ng));
				got[j][b / 8] ^= (uint8_t)(1u << (b % 8));
			}
		if (old != n) {
			assert_false(acc_tlog_check_consistency(old, n,
			    roots[old], roots[old], got, ng));
			assert_false(acc_tlog_check_consistency(old, n,
			    roots[n], roots[n], got, ng));
			if (ng > 0)
				assert_false(acc_tlog_check_consistency(old, n,
				    roots[old], roots[n], got, ng - 1));
			memcpy(got[ng], roots[n], 32);
			assert_false(acc_tlog_check_consistency(old, n,
			    roots[old], roots[n], got, ng + 1));
		} else {
			/* equal sizes: equal roots and an empty proof */
			assert_int_equal(ng, 0);
			if (old > 0)
				assert_false(acc_tlog_check_consistency(old, n,
				    roots[old], roots[old - 1], got, 0));
		}
	}
	assert_int_equal(i, 36);
	/* old size 0: the empty proof (tlog-witness); old > new refused */
	assert_true(acc_tlog_check_consistency(0, 5, roots[0], roots[5], roots,
	    0));
	assert_false(acc_tlog_check_consistency(0, 5, roots[0], roots[5],
	    roots, 1));
	assert_int_equal(acc_tlog_prove_consistency(6, 5, acc_tlog_mem_read,
	    &m, roots, &j, &err), ACC_EINVAL);
	acc_tlog_mem_dispose(&m);
	json_decref(doc);
}

/* MTH by the definition, over leaf hashes. */
static void
ref_mth(acc_tlog_hash out, acc_tlog_hash *leaves, size_t n)
{
	acc_tlog_hash l, r;
	size_t k = 1;

	if (n == 0) {
		acc_sha256(out, "", 0);
		return;
	}
	if (n == 1) {
		memcpy(out, leaves[0], 32);
		return;
	}
	while (k * 2 < n)
		k *= 2;
	ref_mth(l, leaves, k);
	ref_mth(r, leaves + k, n - k);
	acc_tlog_node_hash(out, l, r);
}

static void
test_tlog_every_size_up_to_70_agrees_with_the_definition(void **state)
{
	enum { N = 70 };
	acc_tlog_hash leaves[N], roots[N + 1], want, p[65];
	acc_tlog_mem m;
	acc_tlog_edge e, loaded;
	acc_err err = ACC_ERR_INIT;
	size_t i, j, np;

	(void)state;
	acc_tlog_mem_init(&m);
	acc_tlog_edge_init(&e);
	acc_tlog_edge_root(&e, roots[0]);
	for (i = 0; i < N; i++) {
		acc_tlog_node nodes[64];
		size_t k;
		acc_tlog_leaf_hash(leaves[i], &i, sizeof(i));
		k = acc_tlog_edge_push(&e, leaves[i], nodes);
		assert_int_equal(acc_tlog_mem_put(&m, nodes, k, &err), 0);
		acc_tlog_edge_root(&e, roots[i + 1]);
		ref_mth(want, leaves, i + 1);
		assert_memory_equal(roots[i + 1], want, 32);
		/* an edge reloaded from the stored hashes gives the same */
		assert_int_equal(acc_tlog_edge_load(&loaded, i + 1,
		    acc_tlog_mem_read, &m, &err), 0);
		acc_tlog_edge_root(&loaded, want);
		assert_memory_equal(roots[i + 1], want, 32);
	}
	for (i = 1; i <= N; i++)
		for (j = 0; j <= N; j++) {
			if (j < i) {
				assert_int_equal(acc_tlog_prove_inclusion(j, i,
				    acc_tlog_mem_read, &m, p, &np, &err), 0);
				assert_true(acc_tlog_check_inclusion(leaves[j],
				    j, i, p, np, roots[i]));
			}
			if (j <= i) {
				assert_int_equal(acc_tlog_prove_consistency(j,
				    i, acc_tlog_mem_read, &m, p, &np, &err),
				    0);
				assert_true(acc_tlog_check_consistency(j, i,
				    roots[j], roots[i], p, np));
			}
		}
	acc_tlog_mem_dispose(&m);
}

static int
leaf_of(void *ctx, uint64_t i, acc_tlog_hash out)
{
	(void)ctx;
	acc_tlog_leaf_hash(out, &i, sizeof(i));
	return 0;
}

static int
leaf_fails_at_70000(void *ctx, uint64_t i, acc_tlog_hash out)
{
	if (i == 70000 || i == 99000)
		return ACC_EVERIFY;
	return leaf_of(ctx, i, out);
}

/* Roots of two different trees, for fork tests: leaves i, or i ^ flip. */
static int
leaf_other(void *ctx, uint64_t i, acc_tlog_hash out)
{
	uint64_t v = i == *(const uint64_t *)ctx ? i + 1000000 : i;

	acc_tlog_leaf_hash(out, &v, sizeof(v));
	return 0;
}

/*
 * A full consistency proof yields both roots from the proof alone (the
 * old one included when old is a power of two), and one made over a
 * tree that differs below old yields that tree's old root: fork
 * evidence.
 */
static void
test_tlog_full_consistency_proofs_yield_both_roots(void **state)
{
	acc_err err = ACC_ERR_INIT;
	acc_tlog_mem a, b;
	uint64_t n = 70, bad = 0, flip = 5, old, size;
	size_t nb = 0;

	(void)state;
	acc_tlog_mem_init(&a);
	acc_tlog_mem_init(&b);
	assert_int_equal(acc_tlog_mem_build(&a, n, leaf_of, NULL, &bad, &err),
	    0);
	assert_int_equal(acc_tlog_mem_build(&b, n, leaf_other, &flip, &bad,
	    &err), 0);
	for (size = 2; size <= n; size++)
		for (old = 1; old < size; old++) {
			acc_tlog_hash p[65], fr, sr, ra, rs, rb;
			size_t np = 0;
			assert_int_equal(acc_tlog_prove_consistency_full(old,
			    size, acc_tlog_mem_read, &a, p, &np, &err), 0);
			assert_true(acc_tlog_consistency_roots(old, size, p,
			    np, fr, sr));
			assert_int_equal(acc_tlog_root(old, acc_tlog_mem_read,
			    &a, ra, &err), 0);
			assert_int_equal(acc_tlog_root(size,
			    acc_tlog_mem_read, &a, rs, &err), 0);
			assert_memory_equal(fr, ra, 32);
			assert_memory_equal(sr, rs, 32);
			/* RFC form for non-powers of two, one more otherwise */
			if (old & (old - 1))
				assert_true(acc_tlog_check_consistency(old,
				    size, ra, rs, p, np));
			else
				assert_true(acc_tlog_check_consistency(old,
				    size, ra, rs, p + 1, np - 1));
			/* the other tree: its old root differs iff flip < old */
			assert_int_equal(acc_tlog_prove_consistency_full(old,
			    size, acc_tlog_mem_read, &b, p, &np, &err), 0);
			assert_true(acc_tlog_consistency_roots(old, size, p,
			    np, fr, sr));
			assert_int_equal(acc_tlog_root(size,
			    acc_tlog_mem_read, &b, rb, &err), 0);
			assert_memory_equal(sr, rb, 32);
			assert_int_equal(!acc_ct_equal(fr, ra, 32), flip < old);
			/* a proof of the wrong shape yields nothing */
			assert_false(acc_tlog_consistency_roots(old, size, p,
			    0, fr, sr));
		}
	assert_false(acc_tlog_consistency_roots(0, 5, NULL, 1, NULL, NULL));
	assert_int_equal(acc_tlog_prove_consistency_full(3, 3,
	    acc_tlog_mem_read, &a, NULL, &nb, &err), ACC_EINVAL);
	acc_tlog_mem_dispose(&a);
	acc_tlog_mem_dispose(&b);
}

/* Built on two threads, chunk by chunk: the same hashes as appends. */
static void
test_tlog_parallel_build_equals_appends(void **state)
{
	static const uint64_t sizes[] = { 0, 1, 7, 32768, 32769, 65536,
		100003 };
	acc_err err = ACC_ERR_INIT;
	size_t s2;

	(void)state;
	for (s2 = 0; s2 < sizeof(sizes) / sizeof(sizes[0]); s2++) {
		uint64_t n = sizes[s2], i, bad = 0;
		acc_tlog_mem a, b;
		acc_tlog_edge e;
		acc_tlog_hash ra, rb;
		unsigned l;
		acc_tlog_mem_init(&a);
		acc_tlog_mem_init(&b);
		acc_tlog_edge_init(&e);
		for (i = 0; i < n; i++) {
			acc_tlog_node nodes[64];
			acc_tlog_hash h;
			size_t k;
			leaf_of(NULL, i, h);
			k = acc_tlog_edge_push(&e, h, nodes);
			assert_int_equal(acc_tlog_mem_put(&a, nodes, k, &err),
			    0);
		}
		assert_int_equal(acc_tlog_mem_build(&b, n, leaf_of, NULL, &bad,
		    &err), 0);
		for (l = 0; l < 64; l++) {
			assert_int_equal(a.count[l], b.count[l]);
			if (a.count[l])
				assert_memory_equal(a.level[l], b.level[l],
				    a.count[l] * 32);
		}
		assert_int_equal(acc_tlog_root(n, acc_tlog_mem_read, &a, ra,
		    &err), 0);
		assert_int_equal(acc_tlog_root(n, acc_tlog_mem_read, &b, rb,
		    &err), 0);
		assert_memory_equal(ra, rb, 32);
		acc_tlog_mem_dispose(&a);
		acc_tlog_mem_dispose(&b);
	}
	/* the first failing leaf is named */
	{
		acc_tlog_mem m;
		uint64_t bad = 0;
		acc_tlog_mem_init(&m);
		assert_int_equal(acc_tlog_mem_build(&m, 100000,
		    leaf_fails_at_70000, NULL, &bad, &err), ACC_EVERIFY);
		assert_int_equal(bad, 70000);
		acc_tlog_mem_dispose(&m);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tlog_roots_match_the_vectors),
		cmocka_unit_test(test_tlog_inclusion_proofs_match_the_vectors),
		cmocka_unit_test(
		    test_tlog_consistency_proofs_match_the_vectors),
		cmocka_unit_test(
		    test_tlog_every_size_up_to_70_agrees_with_the_definition),
		cmocka_unit_test(test_tlog_parallel_build_equals_appends),
		cmocka_unit_test(
		    test_tlog_full_consistency_proofs_yield_both_roots),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
