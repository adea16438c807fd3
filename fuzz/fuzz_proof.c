/*
 * Inclusion and consistency proofs (JSON) from untrusted bytes
 * (lib/log.c), checked against a fixed log of 8 entries held in memory,
 * with a checkpoint of each size 0..8 signed by a key from a fixed seed.
 * A refusal carries its code, a place and a reason; a proof that parses
 * is written back in canonical form and parses to the same proof; it
 * verifies (by lib/tlog.c directly, and by acc_log_check_proof against
 * the signed checkpoints) exactly when it is the proof acc_tlog_prove_*
 * makes for its sizes: RFC 9162 proofs are unique short of a SHA-256
 * collision, so anything else that verifies is a bug.
 */
#include <assert.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/accord.h>

#include "fuzz.h"
#include "log.h"
#include "note.h"
#include "tlog.h"

#define INPUT_MAX (80u << 10)
#define N_LEAVES 8
#define ORIGIN "accord/new-start/US"

struct fuzz_tree {
	acc_tlog_mem mem;
	char entry[N_LEAVES][160];
	acc_tlog_hash leaf[N_LEAVES];
	acc_tlog_hash root[N_LEAVES + 1];
	acc_tlog_hash absent;   /* a leaf and a root not in the tree */
	acc_buf cp[N_LEAVES + 1];       /* signed checkpoint of each size */
	acc_key key;
	acc_vkey vk;
};

/* Made once and kept for the process (still reachable, not a leak). */
static struct fuzz_tree *
fuzz_tree_get(void)
{
	static struct fuzz_tree *t;
	acc_err err = ACC_ERR_INIT;
	acc_tlog_edge e;
	size_t i;

	if (t != NULL)
		return t;
	t = calloc(1, sizeof(*t));
	if (t == NULL)
		abort();
	acc_tlog_mem_init(&t->mem);
	acc_tlog_edge_init(&e);
	acc_tlog_edge_root(&e, t->root[0]);
	acc_sha256(t->absent, "absent", 6);
	memset(t->key.seed, 7, sizeof(t->key.seed));
	if (acc_key_from_seed(&t->key, &err) != 0 ||
	    acc_vkey_make(&t->vk, ORIGIN, ACC_KEYTYPE_ED25519, t->key.pub,
	    &err) != 0)
		abort();
	for (i = 0; i <= N_LEAVES; i++) {
		acc_buf text = ACC_BUF_INIT(ACC_NOTE_MAX);
		if (i > 0) {
			acc_tlog_node nodes[64];
			size_t k;
			snprintf(t->entry[i - 1], sizeof(t->entry[i - 1]),
			    "{\"body\":{\"n\":%zu},\"party\":\"US\","
			    "\"seq\":%zu,\"time\":\"2026-11-29T10:00:00Z\","
			    "\"treaty\":\"new-start\",\"type\":\"message\","
			    "\"v\":1}",
			    i - 1, i - 1);
			acc_tlog_leaf_hash(t->leaf[i - 1], t->entry[i - 1],
			    strlen(t->entry[i - 1]));
			k = acc_tlog_edge_push(&e, t->leaf[i - 1], nodes);
			if (acc_tlog_mem_put(&t->mem, nodes, k, &err) != 0)
				abort();
			acc_tlog_edge_root(&e, t->root[i]);
		}
		t->cp[i].max = ACC_NOTE_MAX;
		if (acc_checkpoint_text(&text, ORIGIN, i, t->root[i], &err) !=
		    0 || acc_note_sign(&t->cp[i], text.data, text.len, &t->key,
		    &t->vk, &err) != 0)
			abort(); /* the fixed tree must build */
		acc_buf_dispose(&text);
	}
	return t;
}

/* The canonical JSON of p, as acc_log_prove_* writes it. */
static void
proof_format(acc_buf *out, const acc_log_proof *p)
{
	size_t i;
	int rc = acc_buf_puts(out, "{\"hashes\":[");

	for (i = 0; rc == 0 && i < p->n; i++) {
		char b64[64];
		acc_base64_encode(b64, p->hashes[i], ACC_TLOG_HASH);
		rc = acc_buf_printf(out, "%s\"%s\"", i ? "," : "", b64);
	}
	if (rc == 0 && p->consistency)
		rc = acc_buf_printf(out, "],\"new_size\":%" PRIu64
		    ",\"old_size\":%" PRIu64 "}\n", p->size, p->old_size);
	else if (rc == 0)
		rc = acc_buf_printf(out, "],\"leaf_index\":%" PRIu64
		    ",\"tree_size\":%" PRIu64 "}\n", p->index, p->size);
	if (rc != 0)
		abort();
}

/* Whether p is the proof the tree gives for its sizes. */
static bool
is_real(struct fuzz_tree *t, const acc_log_proof *p)
{
	acc_tlog_hash real[ACC_TLOG_PROOF_MAX];
	acc_err err = ACC_ERR_INIT;
	size_t n, i;
	int rc;

	if (p->size > N_LEAVES)
		return false;
	if (p->consistency) {
		if (p->old_size > p->size)
			return false;
		rc = acc_tlog_prove_consistency(p->old_size, p->size,
		    acc_tlog_mem_read, &t->mem, real, &n, &err);
	} else {
		if (p->index >= p->size)
			return false;
		rc = acc_tlog_prove_inclusion(p->index, p->size,
		    acc_tlog_mem_read, &t->mem, real, &n, &err);
	}
	assert(rc == 0);
	if (n != p->n)
		return false;
	for (i = 0; i < n; i++)
		if (!fuzz_same_bytes(real[i], p->hashes[i], ACC_TLOG_HASH))
			return false;
	return true;
}

/* Check p with lib/tlog.c: in the tree when its sizes are, else
 * against the 8-leaf root and a root that is not in the tree. */
static bool
tlog_check(struct fuzz_tree *t, const acc_log_proof *p)
{
	uint64_t s = p->size <= N_LEAVES ? p->size : N_LEAVES;

	if (!p->consistency)
		return acc_tlog_check_inclusion(p->index < N_LEAVES ?
		    t->leaf[p->index] : t->absent, p->index, p->size,
		    p->hashes, p->n, t->root[s]);
	return acc_tlog_check_consistency(p->old_size, p->size,
	    p->old_size <= N_LEAVES ? t->root[p->old_size] : t->absent,
	    t->root[s], p->hashes, p->n);
}

/* Check p with acc_log_check_proof against the signed checkpoints. */
static int
log_check(struct fuzz_tree *t, const acc_log_proof *p, acc_err *err)
{
	const acc_buf *cp = &t->cp[p->size <= N_LEAVES ? p->size : N_LEAVES];
	const acc_buf *old = &t->cp[p->old_size <= N_LEAVES ? p->old_size :
	    N_LEAVES];
	const char *entry = p->index < N_LEAVES ? t->entry[p->index] :
	    "absent";

	if (p->consistency)
		return acc_log_check_proof(p, cp->data, cp->len, old->data,
		    old->len, NULL, 0, &t->vk, err);
	return acc_log_check_proof(p, cp->data, cp->len, NULL, 0, entry,
	    strlen(entry), &t->vk, err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_tree *t = fuzz_tree_get();
	acc_log_proof *p = NULL, *q = NULL;
	acc_buf back = ACC_BUF_INIT(1u << 20);
	acc_err err = ACC_ERR_INIT;
	bool real, ok;
	size_t i;
	int rc;

	if (size > INPUT_MAX)
		return 0;
	p = malloc(sizeof(*p));
	q = malloc(sizeof(*q));
	if (p == NULL || q == NULL)
		abort();
	rc = acc_log_proof_parse(p, (const char *)data, size, "fuzz.json",
	    &err);
	if (rc != 0) {
		assert(rc < 0 && err.code == rc);
		assert(err.where[0] != '\0' && err.msg[0] != '\0');
		goto done;
	}
	assert(p->n <= ACC_TLOG_PROOF_MAX);
	/* written back canonically, it parses to the same proof */
	proof_format(&back, p);
	rc = acc_log_proof_parse(q, back.data, back.len, "back.json", &err);
	assert(rc == 0);
	assert(q->consistency == p->consistency && q->size == p->size &&
	    q->n == p->n);
	assert(p->consistency ? q->old_size == p->old_size :
	    q->index == p->index);
	for (i = 0; i < p->n; i++)
		assert(fuzz_same_bytes(q->hashes[i], p->hashes[i],
		    ACC_TLOG_HASH));
	/* it verifies if and only if it is the real proof; from size 0
	 * the empty proof is consistent with any tree (tlog-witness) */
	real = is_real(t, p);
	ok = tlog_check(t, p);
	if (p->consistency && p->old_size == 0 && p->n == 0 &&
	    p->size > N_LEAVES)
		assert(ok);
	else
		assert(ok == real);
	rc = log_check(t, p, &err);
	assert(rc == 0 || (rc == ACC_EVERIFY && err.code == rc &&
	    err.where[0] != '\0' && err.msg[0] != '\0'));
	assert((rc == 0) == real);
done:
	acc_buf_dispose(&back);
	free(p);
	free(q);
	return 0;
}

#ifdef FUZZ_EMIT_SEEDS
static const char *seed_dir;

static void
emit(const char *name, const char *data, size_t len)
{
	fuzz_emit_seed(seed_dir, name, data, len);
}

/* The real proof for (a, b), as JSON; changed by `how` when not 0. */
static void
emit_proof(const char *name, bool consistency, uint64_t a, uint64_t b,
    int how)
{
	struct fuzz_tree *t = fuzz_tree_get();
	acc_log_proof p;
	acc_buf out = ACC_BUF_INIT(1u << 20);
	acc_err err = ACC_ERR_INIT;
	int rc;

	memset(&p, 0, sizeof(p));
	p.consistency = consistency;
	if (consistency) {
		p.old_size = a;
		p.size = b;
		rc = acc_tlog_prove_consistency(a, b, acc_tlog_mem_read,
		    &t->mem, p.hashes, &p.n, &err);
	} else {
		p.index = a;
		p.size = b;
		rc = acc_tlog_prove_inclusion(a, b, acc_tlog_mem_read, &t->mem,
		    p.hashes, &p.n, &err);
	}
	if (rc != 0)
		abort();
	if (how == 1 && p.n > 0)        /* a flipped bit */
		p.hashes[p.n - 1][5] ^= 0x10;
	else if (how == 2 && p.n > 0)   /* a node dropped */
		p.n--;
	else if (how == 3)              /* a node added */
		memcpy(p.hashes[p.n++], t->root[b], ACC_TLOG_HASH);
	else if (how == 4)              /* another index or old size */
		p.index = p.old_size = a + 1;
	else if (how == 5)              /* a larger tree */
		p.size = b + 1;
	proof_format(&out, &p);
	emit(name, out.data, out.len);
	acc_buf_dispose(&out);
}

/* Write real proofs of the fixed tree and broken ones, as seeds. */
int
main(int argc, char **argv)
{
	static const struct {
		const char *name, *json;
	} bad[] = {
		{ "empty.json", "" },
		{ "not-object.json", "[]" },
		{ "null.json", "null" },
		{ "empty-object.json", "{}" },
		{ "two-keys.json", "{\"hashes\":[],\"leaf_index\":0}" },
		{ "four-keys.json", "{\"hashes\":[],\"leaf_index\":0,"
		    "\"tree_size\":1,\"x\":1}" },
		{ "mixed-keys.json", "{\"hashes\":[],\"leaf_index\":0,"
		    "\"new_size\":1}" },
		{ "other-key.json", "{\"hashes\":[],\"leaf_index\":0,"
		    "\"tree_sizes\":1}" },
		{ "no-hashes.json", "{\"leaf_index\":0,\"tree_size\":1,"
		    "\"x\":[]}" },
		{ "duplicate-key.json", "{\"hashes\":[],\"leaf_index\":0,"
		    "\"leaf_index\":0}" },
		{ "negative.json", "{\"hashes\":[],\"leaf_index\":-1,"
		    "\"tree_size\":1}" },
		{ "real-number.json", "{\"hashes\":[],\"leaf_index\":0.0,"
		    "\"tree_size\":1}" },
		{ "exponent.json", "{\"hashes\":[],\"leaf_index\":0,"
		    "\"tree_size\":1e0}" },
		{ "string-number.json", "{\"hashes\":[],\"leaf_index\":\"0\","
		    "\"tree_size\":1}" },
		{ "int64-max.json", "{\"hashes\":[],\"new_size\":"
		    "9223372036854775807,\"old_size\":0}" },
		{ "beyond-int64.json", "{\"hashes\":[],\"new_size\":"
		    "9223372036854775808,\"old_size\":0}" },
		{ "hashes-object.json", "{\"hashes\":{},\"leaf_index\":0,"
		    "\"tree_size\":1}" },
		{ "hash-number.json", "{\"hashes\":[1],\"leaf_index\":0,"
		    "\"tree_size\":2}" },
		{ "hash-31-bytes.json", "{\"hashes\":[\"AQEBAQEBAQEBAQEBAQEB"
		    "AQEBAQEBAQEBAQEBAQEBAQ==\"],\"leaf_index\":0,"
		    "\"tree_size\":2}" },
		{ "hash-pad-bits.json", "{\"hashes\":[\"AQEBAQEBAQEBAQEBAQEB"
		    "AQEBAQEBAQEBAQEBAQEBAQF=\"],\"leaf_index\":0,"
		    "\"tree_size\":2}" },
		{ "hash-unpadded.json", "{\"hashes\":[\"AQEBAQEBAQEBAQEBAQEB"
		    "AQEBAQEBAQEBAQEBAQEBAQE\"],\"leaf_index\":0,"
		    "\"tree_size\":2}" },
		{ "hash-nul.json", "{\"hashes\":[\"AQEBAQEBAQEBAQEBAQEB"
		    "AQEBAQEBAQEBAQEBAQEBAQE=\\u0000\"],\"leaf_index\":0,"
		    "\"tree_size\":2}" },
		{ "trailing.json", "{\"hashes\":[],\"new_size\":1,"
		    "\"old_size\":1} x" },
		{ "spaced.json", " { \"old_size\" : 0 , \"new_size\" : 8 , "
		    "\"hashes\" : [ ] }\n" },
		{ "truncated.json", "{\"hashes\":[\"AQEBAQEB" },
	};
	acc_buf b = ACC_BUF_INIT(1u << 20);
	size_t i;

	seed_dir = argc > 1 ? argv[1] : ".";
	emit_proof("incl-0-1.json", false, 0, 1, 0);
	emit_proof("incl-0-8.json", false, 0, 8, 0);
	emit_proof("incl-5-8.json", false, 5, 8, 0);
	emit_proof("incl-6-7.json", false, 6, 7, 0);
	emit_proof("incl-4-5.json", false, 4, 5, 0);
	emit_proof("incl-2-3.json", false, 2, 3, 0);
	emit_proof("incl-5-8-flipped.json", false, 5, 8, 1);
	emit_proof("incl-5-8-dropped.json", false, 5, 8, 2);
	emit_proof("incl-5-8-added.json", false, 5, 8, 3);
	emit_proof("incl-5-8-index.json", false, 5, 8, 4);
	emit_proof("incl-5-8-size.json", false, 5, 8, 5);
	emit_proof("incl-7-8-index-8.json", false, 7, 8, 4);
	emit_proof("cons-0-8.json", true, 0, 8, 0);
	emit_proof("cons-8-8.json", true, 8, 8, 0);
	emit_proof("cons-1-8.json", true, 1, 8, 0);
	emit_proof("cons-3-7.json", true, 3, 7, 0);
	emit_proof("cons-4-8.json", true, 4, 8, 0);
	emit_proof("cons-6-8.json", true, 6, 8, 0);
	emit_proof("cons-2-5.json", true, 2, 5, 0);
	emit_proof("cons-3-7-flipped.json", true, 3, 7, 1);
	emit_proof("cons-3-7-dropped.json", true, 3, 7, 2);
	emit_proof("cons-3-7-added.json", true, 3, 7, 3);
	emit_proof("cons-3-7-old.json", true, 3, 7, 4);
	emit_proof("cons-4-8-size.json", true, 4, 8, 5);
	emit_proof("cons-8-8-old-9.json", true, 8, 8, 4);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		emit(bad[i].name, bad[i].json, strlen(bad[i].json));
	/* 64 hashes, and 65 */
	for (i = 0; i <= ACC_TLOG_PROOF_MAX + 1; i++) {
		acc_buf_reset(&b);
		if (acc_buf_puts(&b, "{\"hashes\":[") != 0)
			abort();
		for (size_t k = 0; k < i; k++)
			if (acc_buf_printf(&b, "%s\"47DEQpj8HBSa+/TImW+5JCeuQe"
			    "Rkm5NMpJWZG3hSuFU=\"", k ? "," : "") != 0)
				abort();
		if (acc_buf_puts(&b, "],\"leaf_index\":0,\"tree_size\":"
		    "9223372036854775807}") != 0)
			abort();
		if (i == ACC_TLOG_PROOF_MAX)
			emit("hashes-64.json", b.data, b.len);
	}
	emit("hashes-65.json", b.data, b.len);
	acc_buf_dispose(&b);
	return 0;
}
#endif
