/*
 * Benchmark: committing a declaration of a generated inventory, verifying
 * it in full mode, and producing single-item reveal proofs, each against
 * a baseline measured in the same run: the same number of raw SHA-256
 * leaf and node hashes over the same bytes, on one thread. The baseline,
 * the commitment and the verification are measured in turn, ROUNDS times,
 * and the best time of each is compared (a shared machine's noise only
 * ever adds time). As in the accord binary, freed memory stays in the
 * process (acc_mem_keep), so later rounds reuse pages the baseline's
 * buffers also reuse; BENCH_FRESH_PAGES=1 maps fresh pages instead.
 *
 * usage: bench_declaration [ITEMS] [PROOFS] [ROUNDS]
 *        (default 1000000, 100000, 5)
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <accord/accord.h>

#include "bench.h"

#include "sumtree.h"

/* A force of the same shape as bench_inventory's, built in memory. */
static acc_inventory *
generate(const acc_treaty *t, size_t n)
{
	acc_err err = ACC_ERR_INIT;
	acc_inventory *inv = NULL;
	size_t i, items = 0, nfac = n / 1000 + 1;
	char id[32], uid[32], cont[32], name[32];
	acc_attr_kv kv[1];

	if (acc_inventory_new(&inv, t, &err) != 0 ||
	    acc_inventory_reserve(inv, n, &err) != 0 ||
	    acc_inventory_set_meta(inv, "US", 19236, "bench", &err) != 0)
		die("inventory", &err);
	for (i = 0; i < nfac; i++) {
		acc_facility_rec f = { id, i % 3 == 0 ? "icbm_base" :
			i % 3 == 1 ? "submarine_base" : "air_base", name, 0,
			NULL };
		snprintf(id, sizeof(id), "F%06zu", i);
		snprintf(name, sizeof(name), "Facility %zu", i);
		if (acc_inventory_add_facility(inv, &f, "bench", 0, &err))
			die("facility", &err);
	}
	for (i = 0; items < n; i++) {
		size_t fac = i % nfac;
		acc_item_rec it = { uid, NULL, "deployed", id, 0, NULL, NULL,
			1, kv };
		snprintf(id, sizeof(id), "F%06zu", fac);
		if (fac % 3 == 2 || items + 2 > n) {
			snprintf(uid, sizeof(uid), "B%08zu", i);
			it.type = "heavy_bomber";
			kv[0].key = "model";
			kv[0].value = "B-52H";
			if (acc_inventory_add_item(inv, &it, "bench", 0, &err))
				die("item", &err);
			items++;
			continue;
		}
		snprintf(uid, sizeof(uid), "L%08zu", i);
		it.type = fac % 3 == 0 ? "icbm_launcher" : "slbm_launcher";
		it.warheads = -1;
		it.n_attrs = 0;
		if (acc_inventory_add_item(inv, &it, "bench", 0, &err))
			die("item", &err);
		snprintf(cont, sizeof(cont), "L%08zu", i);
		snprintf(uid, sizeof(uid), "M%08zu", i);
		it.type = fac % 3 == 0 ? "icbm" : "slbm";
		it.warheads = (int64_t)(1 + i % 3);
		it.contained_in = cont;
		it.n_attrs = 1;
		kv[0].key = "model";
		kv[0].value = fac % 3 == 0 ? "Minuteman III" : "Trident II";
		if (acc_inventory_add_item(inv, &it, "bench", 0, &err))
			die("item", &err);
		items += 2;
	}
	if (acc_inventory_finalize(inv, "US", &err) != 0)
		die("finalize", &err);
	return inv;
}

/* The same number of raw SHA-256 leaf and node hashes, on one thread. */
static double
raw_hashes(const uint8_t *leaf_in, size_t leaf_len, uint8_t *hashes, size_t n,
    size_t nl)
{
	/* n - 1 interior hashes of 1 + 2 * (32 + 8 * nl) bytes */
	uint8_t node[1 + 2 * (32 + 8 * 64)];
	uint8_t out[32];
	size_t i, nlen = 1 + 2 * (32 + 8 * nl);
	double t0 = now();

	for (i = 0; i < n; i++)
		acc_sha256(hashes + i * 32, leaf_in + i * leaf_len, leaf_len);
	memset(node, 1, sizeof(node));
	for (i = 0; i + 1 < n; i++) {
		acc_sha256(out, node, nlen);
		node[1] = out[0];
	}
	return now() - t0;
}

int
main(int argc, char **argv)
{
	size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 1000000;
	size_t n_proofs = argc > 2 ? (size_t)strtoull(argv[2], NULL, 10) :
	    100000;
	size_t rounds = argc > 3 ? (size_t)strtoull(argv[3], NULL, 10) : 5;
	acc_err err = ACC_ERR_INIT;
	acc_treaty *t = NULL;
	acc_inventory *inv;
	acc_key key;
	acc_vkey vk;
	acc_decl_opts full = { false, 0, NULL }, escrow = { true, 0, NULL };
	uint8_t secret[ACC_DECL_SECRET_LEN] = { 1 }, id[ACC_SHA256_LEN];
	acc_buf pkg2 = ACC_BUF_INIT(8ull << 30);
	uint8_t *leaf_in = NULL, *hashes;
	int64_t *tallies;
	size_t i, r, nl, item_bytes = 0, leaf_len = 0, pkg_len = 0;
	double t0, t_raw = 1e9, t_commit = 1e9, t_full_make, t_verify = 1e9;
	double t_parse = 1e9, t_proofs;
	acc_sumtree tree;
	acc_sumnode path[64], root;
	size_t total_path = 0;

	/* as the accord binary does; BENCH_FRESH_PAGES=1 to compare */
	if (getenv("BENCH_FRESH_PAGES") == NULL)
		acc_mem_keep();
	if (rounds == 0)
		rounds = 1;
	if (acc_treaty_open(&t, "new-start", &err) != 0)
		die("treaty", &err);
	nl = acc_treaty_limit_count(t);
	inv = generate(t, n);
	if (acc_key_generate(&key, &err) != 0 ||
	    acc_vkey_make(&vk, "accord/new-start/US", ACC_KEYTYPE_ED25519,
	    key.pub, &err) != 0)
		die("key", &err);
	hashes = malloc((n ? n : 1) * 32);
	tallies = calloc((n ? n : 1) * nl, sizeof(int64_t));
	if (hashes == NULL || tallies == NULL)
		die("memory", NULL);

	/* a full package to verify */
	t0 = now();
	if (acc_decl_make(&pkg2, NULL, id, inv, &key, &vk, secret, &full,
	    &err) != 0)
		die("declare full", &err);
	t_full_make = now() - t0;
	pkg_len = pkg2.len;

	for (r = 0; r < rounds; r++) {
		acc_buf pkg = ACC_BUF_INIT(8ull << 30);
		acc_buf items = ACC_BUF_INIT(8ull << 30);
		acc_decl *d = NULL;
		double tp;

		/* the commitment (escrow: no disclosure to format) */
		t0 = now();
		if (acc_decl_make(&pkg, &items, id, inv, &key, &vk, secret,
		    &escrow, &err) != 0)
			die("declare", &err);
		t_commit = min2(t_commit, now() - t0);
		if (leaf_in == NULL) {
			item_bytes = items.len / (n ? n : 1);
			leaf_len = 1 + 32 + item_bytes;
			leaf_in = calloc(n ? n : 1, leaf_len);
			if (leaf_in == NULL)
				die("memory", NULL);
		}
		acc_buf_dispose(&pkg);
		acc_buf_dispose(&items);

		/* baseline */
		t_raw = min2(t_raw, raw_hashes(leaf_in, leaf_len, hashes, n,
		    nl));

		/* full verification: parse and rebuild */
		t0 = now();
		if (acc_decl_parse(&d, pkg2.data, pkg2.len, "bench.json",
		    &err) != 0)
			die("parse", &err);
		tp = now() - t0;
		if (acc_decl_verify(d, t, &vk, &err) != 0)
			die("verify", &err);
		if (now() - t0 < t_verify) {
			t_verify = now() - t0;
			t_parse = tp;
		}
		acc_decl_free(d);
	}

	/* reveal proofs from a built tree */
	for (i = 0; i < n; i++)
		acc_sha256(hashes + i * 32, &i, sizeof(i));
	if (acc_sumtree_build(&tree, hashes, tallies, n, nl, &err) != 0)
		die("tree", &err);
	acc_sumtree_root(&tree, &root);
	srand(1); /* banned-ok: benchmark sampling, not security */
	t0 = now();
	for (i = 0; i < n_proofs; i++) {
		size_t k = ((size_t)rand() << 16 ^ (size_t)rand()) % n; /* banned-ok */
		total_path += acc_sumtree_path(&tree, k, path);
	}
	t_proofs = now() - t0;

	printf("declaration benchmark: %zu items, %zu limits, canonical item "
	    "%zu bytes on average; best of %zu rounds; %s\n", n, nl,
	    item_bytes, rounds, getenv("BENCH_FRESH_PAGES") ?
	    "fresh pages for every buffer" : "freed pages kept for reuse");
	printf("  raw SHA-256, %zu leaf + %zu node hashes, one thread: "
	    "%.3f s\n", n, n ? n - 1 : 0, t_raw);
	printf("  commitment (escrow: salts, canonical items, leaves, tallies,"
	    " tree, signature): %.3f s = %.2fx raw (target <= 1.5x)\n",
	    t_commit, t_commit / t_raw);
	printf("  full package, items and salts disclosed: %.3f s (%zu "
	    "bytes)\n", t_full_make, pkg_len);
	printf("  full verification (parse %.3f s + rebuild): %.3f s = "
	    "%.2fx raw (target <= 1.5x)\n", t_parse, t_verify,
	    t_verify / t_raw);
	printf("  reveal proofs from a built tree: %zu in %.3f s = %.0f "
	    "proofs/s (target >= 200000), %.1f nodes each\n", n_proofs,
	    t_proofs, (double)n_proofs / t_proofs,
	    (double)total_path / (double)n_proofs);
	acc_sumtree_dispose(&tree);
	free(leaf_in);
	free(hashes);
	free(tallies);
	acc_buf_dispose(&pkg2);
	acc_key_dispose(&key);
	acc_inventory_free(inv);
	acc_treaty_free(t);
	return 0;
}
