/*
 * Declaration packages and reveal documents (DESIGN.md section 3,
 * docs/formats.md): committing an inventory with the salted sum tree,
 * signing it, verifying a package in full mode, producing and checking
 * reveals, and item-level differences. Owns these formats; the tree's
 * hashing is lib/sumtree.c, canonical JSON lib/cjson.c.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <accord/compliance.h>
#include <accord/declaration.h>

#include "cjson.h"
#include "dentry.h"
#include "jscan.h"
#include "inventory_int.h"
#include "limits.h"
#include "sumtree.h"
#include "treaty_int.h"

/* a path-named error (lib/dentry.c) */
#define perr acc_decl_perr

#define DECL_FORMAT "accord-declaration/1"
#define REVEAL_FORMAT "accord-reveal/1"
#define PAD_ITEM "{\"pad\":true}"
#define PAD_SALT_PREFIX "accord-pad/"
/* A full package of 10 M items is about 3 GB; cap what is parsed. */
#define DECL_FILE_MAX (2048ull << 20)
/*
 * Leaves are made and checked in chunks of this many (a power of two, so
 * that each chunk is a whole subtree), on two threads.
 */
#define LEAF_CHUNK 32768
/*
 * A full package's entries are read in units of this many (dividing
 * LEAF_CHUNK): small enough that the two threads share the reading
 * evenly, large enough that handing a unit over costs nothing.
 */
#define READ_UNIT 4096

struct acc_decl {
	json_t *root;          /* the header: every field but disclosed */
	acc_buf owned;         /* the text, when acc_decl_load read it */
	const char *text;      /* the package text (borrowed or owned) */
	size_t disc_off;       /* the disclosed list: text[off, off + len) */
	size_t disc_len;
	bool has_disclosed;
	bool disc_is_list;
	size_t n_disclosed;    /* entries in the list */
	size_t *chunk_off;     /* offset of entry k * READ_UNIT in text */
	char name[256];        /* file name for messages */
	const char *treaty;
	const char *party;
	const char *key_text;
	acc_date as_of;
	bool escrow;
	uint64_t leaves;
	uint8_t treaty_digest[ACC_SHA256_LEN];
	uint8_t root_hash[ACC_SHA256_LEN];
	uint8_t signature[ACC_ED25519_SIG_LEN];
	bool has_supersedes;
	uint8_t supersedes[ACC_SHA256_LEN];
	size_t n_totals;
	const char *total_ids[ACC_LIMITS_MAX];
	int64_t totals[ACC_LIMITS_MAX];
	acc_buf signed_bytes;  /* canonical header without signature */
	uint8_t id[ACC_SHA256_LEN];
};

/* ---- canonical items --------------------------------------------- */

static char *
canon_lit(char *p, const char *lit, size_t len)
{
	memcpy(p, lit, len);
	return p + len;
}

#define LIT(p, s) canon_lit((p), (s), sizeof(s) - 1)

/* Canonical JSON text, already escaped: a member or two of an item. */
struct frag {
	const char *s;
	size_t len;
};

/*
 * The canonical JSON of an item, written directly (RFC 8785 key order:
 * attrs, contained_in, facility, facility_kind, name, status, type, uid,
 * warheads; attribute names are ASCII, so bytewise order is UTF-16
 * order). The members from the treaty and the facility come either as
 * strings (kind, it->facility, ->status, ->type) or, where the caller
 * has them, as escaped fragments: `"facility":F,"facility_kind":K`,
 * `,"status":S` and `,"type":T`. The room needed is bounded first and
 * then written without further checks.
 */
static int
item_write(acc_buf *b, const acc_item_rec *it, const char *kind,
    const struct frag *fac, const struct frag *status,
    const struct frag *type)
{
	const acc_attr_kv *sorted[ACC_ATTRS_MAX];
	size_t klen[ACC_ATTRS_MAX], vlen[ACC_ATTRS_MAX];
	size_t i, j, n = it->n_attrs;
	size_t l_cont = it->contained_in ? strlen(it->contained_in) : 0;
	size_t l_name = it->name ? strlen(it->name) : 0;
	size_t l_uid = strlen(it->uid);
	size_t l_fac = fac ? 0 : strlen(it->facility);
	size_t l_kind = fac ? 0 : strlen(kind);
	size_t l_status = status ? 0 : strlen(it->status);
	size_t l_type = type ? 0 : strlen(it->type);
	size_t need = 160 + (fac ? fac->len : 0) + (status ? status->len : 0) +
	    (type ? type->len : 0);
	char *p;

	if (n > ACC_ATTRS_MAX)
		return ACC_ELIMIT;
	for (i = 0; i < n; i++)
		sorted[i] = &it->attrs[i];
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strcmp(sorted[j - 1]->key,
		    sorted[j]->key) > 0; j--) {
			const acc_attr_kv *x = sorted[j];
			sorted[j] = sorted[j - 1];
			sorted[j - 1] = x;
		}
	for (i = 0; i < n; i++) {
		klen[i] = strlen(sorted[i]->key);
		vlen[i] = strlen(sorted[i]->value);
		need += 6 * (klen[i] + vlen[i]) + 8;
	}
	need += 6 * (l_cont + l_name + l_uid + l_fac + l_kind + l_status +
	    l_type);
	if (acc_buf_reserve(b, need) != 0)
		return ACC_ELIMIT;
	p = b->data + b->len;
	*p++ = '{';
	if (n) {
		p = LIT(p, "\"attrs\":{");
		for (i = 0; i < n; i++) {
			if (i)
				*p++ = ',';
			p = acc_cjson_string_put(p, sorted[i]->key, klen[i]);
			*p++ = ':';
			p = acc_cjson_string_put(p, sorted[i]->value, vlen[i]);
		}
		p = LIT(p, "},");
	}
	if (l_cont) {
		p = LIT(p, "\"contained_in\":");
		p = acc_cjson_string_put(p, it->contained_in, l_cont);
		*p++ = ',';
	}
	if (fac) {
		p = canon_lit(p, fac->s, fac->len);
	} else {
		p = LIT(p, "\"facility\":");
		p = acc_cjson_string_put(p, it->facility, l_fac);
		p = LIT(p, ",\"facility_kind\":");
		p = acc_cjson_string_put(p, kind, l_kind);
	}
	if (l_name) {
		p = LIT(p, ",\"name\":");
		p = acc_cjson_string_put(p, it->name, l_name);
	}
	if (status) {
		p = canon_lit(p, status->s, status->len);
	} else {
		p = LIT(p, ",\"status\":");
		p = acc_cjson_string_put(p, it->status, l_status);
	}
	if (type) {
		p = canon_lit(p, type->s, type->len);
	} else {
		p = LIT(p, ",\"type\":");
		p = acc_cjson_string_put(p, it->type, l_type);
	}
	p = LIT(p, ",\"uid\":");
	p = acc_cjson_string_put(p, it->uid, l_uid);
	if (it->warheads >= 0) {
		char digits[24];
		size_t nd = 0;
		uint64_t w = (uint64_t)it->warheads;
		p = LIT(p, ",\"warheads\":");
		do {
			digits[sizeof(digits) - ++nd] = (char)('0' + w % 10);
			w /= 10;
		} while (w);
		p = canon_lit(p, digits + sizeof(digits) - nd, nd);
	}
	*p++ = '}';
	*p = '\0';
	b->len = (size_t)(p - b->data);
	return 0;
}

/*
 * A fragment `<pre>"<escaped s>"` and, with mid, `<mid>"<escaped s2>"`
 * appended to out; out must not grow again while the fragment is used.
 */
static int
frag_make(acc_buf *out, struct frag *f, const char *pre, const char *s,
    const char *mid, const char *s2)
{
	size_t ls = strlen(s), ls2 = mid ? strlen(s2) : 0;
	size_t at = out->len;
	char *p;

	if (acc_buf_reserve(out, 64 + 6 * (ls + ls2)) != 0)
		return ACC_ELIMIT;
	p = out->data + out->len;
	p = canon_lit(p, pre, strlen(pre));
	p = acc_cjson_string_put(p, s, ls);
	if (mid) {
		p = canon_lit(p, mid, strlen(mid));
		p = acc_cjson_string_put(p, s2, ls2);
	}
	out->len = (size_t)(p - out->data);
	f->s = out->data + at;
	f->len = out->len - at;
	return 0;
}

/* An item given as strings (as parsed from a package). */
static int
item_canon(acc_buf *b, const acc_item_rec *it, const char *kind)
{
	return item_write(b, it, kind, NULL, NULL, NULL);
}

/*
 * The fragments of an inventory's facilities and of its treaty's
 * statuses and types, for item_write, in one buffer.
 */
struct frags {
	acc_buf text;
	struct frag *fac, status[ACC_STATUSES_MAX], type[ACC_TYPES_MAX];
};

static void
frags_dispose(struct frags *f)
{
	acc_buf_dispose(&f->text);
	free(f->fac);
	memset(f, 0, sizeof(*f));
}

static int
frags_make(struct frags *f, const struct acc_inventory *inv)
{
	const struct acc_treaty *t = inv->treaty;
	size_t i, *off, n = inv->n_facilities + t->n_statuses + t->n_types;
	struct frag *all;
	int rc = 0;

	memset(f, 0, sizeof(*f));
	f->text.max = (size_t)1 << 30;
	all = calloc(n + 1, sizeof(*all));
	off = calloc(n + 1, sizeof(*off));
	if (all == NULL || off == NULL) {
		free(all);
		free(off);
		return ACC_ERR;
	}
	/* offsets first: the text moves as it grows */
	for (i = 0; rc == 0 && i < n; i++) {
		off[i] = f->text.len;
		if (i < inv->n_facilities)
			rc = frag_make(&f->text, &all[i], "\"facility\":",
			    inv->facilities[i].id, ",\"facility_kind\":",
			    t->kinds[inv->facilities[i].kind].id);
		else if (i < inv->n_facilities + t->n_statuses)
			rc = frag_make(&f->text, &all[i], ",\"status\":",
			    t->statuses[i - inv->n_facilities].id, NULL, NULL);
		else
			rc = frag_make(&f->text, &all[i], ",\"type\":",
			    t->types[i - inv->n_facilities - t->n_statuses].e.id,
			    NULL, NULL);
	}
	for (i = 0; rc == 0 && i < n; i++)
		all[i].s = f->text.data + off[i];
	free(off);
	if (rc != 0) {
		free(all);
		acc_buf_dispose(&f->text);
		return rc;
	}
	f->fac = all;
	for (i = 0; i < t->n_statuses; i++)
		f->status[i] = all[inv->n_facilities + i];
	for (i = 0; i < t->n_types; i++)
		f->type[i] = all[inv->n_facilities + t->n_statuses + i];
	return 0;
}

static void
leaf_hash(uint8_t out[ACC_SHA256_LEN], const uint8_t salt[ACC_SHA256_LEN],
    const char *canon, size_t len)
{
	static const uint8_t prefix = 0x00;
	acc_iov iov[3] = { { &prefix, 1 }, { salt, ACC_SHA256_LEN },
		{ canon, len } };

	acc_sha256_v(out, iov, 3);
}

static void
pad_salt(uint8_t out[ACC_SHA256_LEN], acc_hmac *h, uint64_t index)
{
	char msg[64];
	int n = snprintf(msg, sizeof(msg), PAD_SALT_PREFIX "%llu",
	    (unsigned long long)index);

	acc_hmac_mac(h, out, msg, (size_t)n);
}

/* ---- the committed leaves of an inventory ------------------------ */

struct leaves {
	size_t n_items;        /* real items */
	size_t n;              /* leaves, pads included */
	size_t nl;
	uint8_t *hashes;
	int64_t *tallies;
	uint8_t *salts;        /* real items only */
	size_t *order;         /* leaf -> item index in the inventory */
};

static void
leaves_dispose(struct leaves *l)
{
	free(l->hashes);
	free(l->tallies);
	if (l->salts)
		acc_wipe(l->salts, l->n_items * ACC_SHA256_LEN);
	free(l->salts);
	free(l->order);
	memset(l, 0, sizeof(*l));
}

static const uint8_t zero33[1 + ACC_SHA256_LEN];

/*
 * The leaf order: items are grouped by facility (a counting sort over
 * the facilities' ranks in id order), then each facility's items are
 * sorted by UID, compared through their first 8 bytes as one number.
 */
struct skey {
	uint64_t pre;          /* the UID's first 8 bytes, big-endian */
	const char *uid;
	size_t idx;
};

static uint64_t
uid_prefix(const char *s)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < 8 && s[i]; i++)
		v |= (uint64_t)(unsigned char)s[i] << (56 - 8 * i);
	return v;
}

/* strcmp(x->uid, y->uid) < 0 */
static inline bool
skey_less(const struct skey *x, const struct skey *y)
{
	if (x->pre != y->pre)
		return x->pre < y->pre;
	/* equal first 8 bytes: equal UIDs if they end there */
	return (x->pre & 0xff) != 0 && strcmp(x->uid + 8, y->uid + 8) < 0;
}

static void
skey_swap(struct skey *a, struct skey *b)
{
	struct skey t = *a;

	*a = *b;
	*b = t;
}

/* Quicksort, median of three, insertion sort below 16, smaller side first. */
static void
skeys_sort(struct skey *k, size_t n)
{
	while (n > 16) {
		size_t m = n / 2, i = 0, j = n - 1;
		struct skey pivot;
		if (skey_less(&k[m], &k[0]))
			skey_swap(&k[m], &k[0]);
		if (skey_less(&k[n - 1], &k[m]))
			skey_swap(&k[n - 1], &k[m]);
		if (skey_less(&k[m], &k[0]))
			skey_swap(&k[m], &k[0]);
		pivot = k[m];
		for (;;) {
			while (skey_less(&k[i], &pivot))
				i++;
			while (skey_less(&pivot, &k[j]))
				j--;
			if (i >= j)
				break;
			skey_swap(&k[i++], &k[j--]);
		}
		/* [0, j] and [j + 1, n) */
		if (j + 1 < n - j - 1) {
			skeys_sort(k, j + 1);
			k += j + 1;
			n -= j + 1;
		} else {
			skeys_sort(k + j + 1, n - j - 1);
			n = j + 1;
		}
	}
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && skey_less(&k[j], &k[j - 1]); j--)
			skey_swap(&k[j], &k[j - 1]);
}

struct sgroups {
	struct skey *keys;
	const size_t *start;   /* group g is [start[g], start[g + 1]) */
	size_t g0, g1;         /* the groups [g0, g1) */
};

static void *
sgroups_sort(void *arg)
{
	struct sgroups *w = arg;
	size_t g;

	for (g = w->g0; g < w->g1; g++)
		skeys_sort(w->keys + w->start[g], w->start[g + 1] -
		    w->start[g]);
	return NULL;
}

struct fac_key {
	const char *id;
	size_t idx;
};

static int
fac_cmp(const void *a, const void *b)
{
	return strcmp(((const struct fac_key *)a)->id,
	    ((const struct fac_key *)b)->id);
}

/* order[i]: the inventory index of leaf i, by (facility id, UID). */
static int
leaf_order(size_t *order, const struct acc_inventory *inv)
{
	size_t nf = inv->n_facilities, n = inv->n_items;
	struct fac_key *facs = malloc((nf + 1) * sizeof(*facs));
	size_t *rank = malloc((nf + 1) * sizeof(*rank));
	size_t *start = calloc(nf + 2, sizeof(*start));
	size_t *pos = malloc((nf + 1) * sizeof(*pos));
	struct skey *keys = malloc((n + 1) * sizeof(*keys));
	struct sgroups w[2];
	pthread_t th;
	bool threaded;
	size_t i, g;
	int rc = 0;

	if (!facs || !rank || !start || !pos || !keys) {
		rc = ACC_ERR;
		goto done;
	}
	for (i = 0; i < nf; i++) {
		facs[i].id = inv->facilities[i].id;
		facs[i].idx = i;
	}
	qsort(facs, nf, sizeof(*facs), fac_cmp);
	for (i = 0; i < nf; i++)
		rank[facs[i].idx] = i;
	for (i = 0; i < n; i++)
		start[rank[inv->items[i].facility] + 1]++;
	for (g = 0; g < nf; g++) {
		start[g + 1] += start[g];
		pos[g] = start[g];
	}
	for (i = 0; i < n; i++) {
		struct skey *k = &keys[pos[rank[inv->items[i].facility]]++];
		k->uid = inv->items[i].uid;
		k->pre = uid_prefix(k->uid);
		k->idx = i;
	}
	/* the groups in two runs of about half the items each */
	for (g = 0; g < nf && start[g + 1] <= n / 2; g++)
		;
	w[0] = (struct sgroups){ keys, start, 0, g };
	w[1] = (struct sgroups){ keys, start, g, nf };
	threaded = n >= 4096 && pthread_create(&th, NULL, sgroups_sort,
	    &w[1]) == 0;
	sgroups_sort(&w[0]);
	if (threaded)
		pthread_join(th, NULL);
	else
		sgroups_sort(&w[1]);
	for (i = 0; i < n; i++)
		order[i] = keys[i].idx;
done:
	free(facs);
	free(rank);
	free(start);
	free(pos);
	free(keys);
	return rc;
}

/*
 * Order of items i and j of inv by (facility, UID), from the items'
 * facility references (before finalize resolves them).
 */
static int
leaf_cmp_refs(const struct acc_inventory *inv, size_t i, size_t j)
{
	const struct acc_item *x = &inv->items[i], *y = &inv->items[j];
	/* items of a known facility share its id */
	int c = x->facility_ref == y->facility_ref ? 0 :
	    strcmp(x->facility_ref, y->facility_ref);

	return c ? c : strcmp(x->uid, y->uid);
}

/*
 * Items are hashed in chunks; within a chunk two threads each take half
 * (the machine's two cores), and the leaves then enter the tree in order.
 */

struct leaf_job {
	const struct acc_inventory *inv;
	const acc_counter *counter;
	const uint8_t *secret;
	const size_t *order;
	const struct frags *frags;
	uint8_t *salts;        /* all items' salts, by leaf */
	size_t a, b;           /* the leaves [a, b) */
	size_t nl;
	acc_buf canon;         /* items of [a, b), each followed by ',' */
	acc_sumstream sub;     /* the subtree(s) over [a, b) */
	int rc;
};

/*
 * Split the leaves [c, e) between two jobs so that each job's leaves form
 * subtrees that can be appended whole: the first takes the largest power
 * of two below e - c (c is a multiple of LEAF_CHUNK, a power of two).
 */
static size_t
leaf_split(size_t c, size_t e)
{
	size_t m = e - c, p = 1;

	if (m < 2)
		return e;
	while (p * 2 < m)
		p *= 2;
	return c + p;
}

/*
 * The two jobs run side by side: what changes per item is kept in locals
 * and stored in the job once at the end, so that neither thread writes
 * to a cache line the other reads.
 */
static void *
leaf_run(void *arg)
{
	struct leaf_job *j = arg;
	const struct acc_inventory *inv = j->inv;
	acc_buf item = ACC_BUF_INIT(1u << 20), canon = j->canon;
	acc_attr_kv kv[ACC_ATTRS_MAX];
	acc_sumstream sub;
	acc_hmac hmac;
	size_t i, nl = j->nl;
	int rc = 0;

	acc_hmac_init(&hmac, j->secret, ACC_DECL_SECRET_LEN);
	acc_buf_reset(&canon);
	acc_sumstream_init(&sub, nl);
	for (i = j->a; rc == 0 && i < j->b; i++) {
		size_t k = j->order[i];
		uint8_t *salt = j->salts + i * ACC_SHA256_LEN;
		uint8_t h[ACC_SHA256_LEN];
		int64_t tally[ACC_LIMITS_MAX];
		acc_item_rec it;
		acc_inventory_item(inv, k, &it, kv, ACC_ATTRS_MAX);
		/* the leaf message 0x00 || salt || canonical item, in one
		 * buffer, hashed with one update */
		acc_buf_reset(&item);
		rc = acc_buf_append(&item, zero33, sizeof(zero33));
		if (rc == 0) {
			const struct acc_item *x = &inv->items[k];
			rc = item_write(&item, &it, NULL,
			    &j->frags->fac[x->facility],
			    &j->frags->status[x->status],
			    &j->frags->type[x->type]);
		}
		if (rc != 0)
			break;
		acc_hmac_mac(&hmac, salt, it.uid, strlen(it.uid));
		memcpy(item.data + 1, salt, ACC_SHA256_LEN);
		acc_sha256(h, item.data, item.len);
		acc_counter_tally(j->counter, inv, k, tally);
		acc_sumstream_push(&sub, h, tally);
		/* the item and its ',' */
		item.data[item.len] = ',';
		rc = acc_buf_append(&canon, item.data + 33, item.len - 32);
	}
	acc_hmac_dispose(&hmac);
	acc_buf_dispose(&item);
	j->canon = canon;
	j->sub = sub;
	j->rc = rc;
	return NULL;
}

static void *
leaf_thread(void *arg)
{
	leaf_run(arg);
	acc_crypto_thread_end();
	return NULL;
}

/*
 * The leaves of inv in (facility, UID) order, padded to pad_to, pushed
 * into stream; canon receives the canonical items as a JSON array in
 * that order, and l->salts each item's salt.
 */
static int
leaves_make(struct leaves *l, acc_buf *canon, acc_sumstream *stream,
    const struct acc_inventory *inv, const uint8_t *secret, uint64_t pad_to,
    acc_err *err)
{
	acc_counter *counter = NULL;
	struct leaf_job *jobs = NULL;
	struct frags frags;
	size_t i, c, k, nl = inv->treaty->n_limits;
	int64_t zero[ACC_LIMITS_MAX] = { 0 };
	acc_hmac hmac;
	int rc;

	memset(&frags, 0, sizeof(frags));
	memset(l, 0, sizeof(*l));
	if (pad_to > ACC_INVENTORY_ITEMS_MAX)
		return acc_err_set(err, ACC_ELIMIT, "--pad-to",
		    "at most %u leaves", ACC_INVENTORY_ITEMS_MAX);
	acc_hmac_init(&hmac, secret, ACC_DECL_SECRET_LEN);
	l->n_items = inv->n_items;
	l->n = pad_to > inv->n_items ? (size_t)pad_to : inv->n_items;
	l->nl = nl;
	l->salts = malloc((l->n_items ? l->n_items : 1) * ACC_SHA256_LEN);
	l->order = malloc((l->n_items ? l->n_items : 1) * sizeof(size_t));
	jobs = calloc(2, sizeof(*jobs));
	if (!l->salts || !l->order || !jobs) {
		rc = acc_err_set(err, ACC_ERR, "declaration", "out of memory");
		goto done;
	}
	for (k = 0; k < 2; k++)
		jobs[k].canon.max = 1u << 30;
	if (leaf_order(l->order, inv) != 0 || frags_make(&frags, inv) != 0) {
		rc = acc_err_set(err, ACC_ERR, "declaration", "out of memory");
		goto done;
	}
	rc = acc_counter_new(&counter, inv->treaty, NULL, err);
	if (rc == 0)
		rc = acc_buf_append(canon, "[", 1);
	for (c = 0; rc == 0 && c < l->n_items; c += LEAF_CHUNK) {
		size_t e = c + LEAF_CHUNK < l->n_items ? c + LEAF_CHUNK :
		    l->n_items;
		size_t mid = leaf_split(c, e);
		pthread_t th;
		bool threaded = false;
		for (k = 0; k < 2; k++) {
			jobs[k].inv = inv;
			jobs[k].counter = counter;
			jobs[k].secret = secret;
			jobs[k].order = l->order;
			jobs[k].frags = &frags;
			jobs[k].salts = l->salts;
			jobs[k].nl = nl;
			jobs[k].a = k ? mid : c;
			jobs[k].b = k ? e : mid;
		}
		if (e - c >= 2048)
			threaded = pthread_create(&th, NULL, leaf_thread,
			    &jobs[1]) == 0;
		leaf_run(&jobs[0]);
		if (threaded)
			pthread_join(th, NULL);
		else
			leaf_run(&jobs[1]);
		for (k = 0; rc == 0 && k < 2; k++) {
			rc = jobs[k].rc;
			if (rc == 0 && !acc_sumstream_append(stream,
			    &jobs[k].sub))
				rc = acc_err_set(err, ACC_ERR, "declaration",
				    "internal error: misaligned subtree");
			if (rc == 0)
				rc = acc_buf_append(canon, jobs[k].canon.data,
				    jobs[k].canon.len);
		}
	}
	for (i = l->n_items; rc == 0 && i < l->n; i++) {
		uint8_t salt[ACC_SHA256_LEN], h[ACC_SHA256_LEN];
		pad_salt(salt, &hmac, i);
		leaf_hash(h, salt, PAD_ITEM, sizeof(PAD_ITEM) - 1);
		acc_sumstream_push(stream, h, zero);
	}
	if (rc == 0) {
		/* drop the last item's ',' and close the array */
		if (canon->len > 1 && canon->data[canon->len - 1] == ',')
			canon->len--;
		rc = acc_buf_append(canon, "]", 1);
	}
	if (rc != 0 && (err == NULL || err->code == ACC_OK))
		rc = acc_err_set(err, ACC_ELIMIT, "declaration",
		    "declaration larger than the output limit");
done:
	acc_hmac_dispose(&hmac);
	acc_counter_free(counter);
	frags_dispose(&frags);
	for (k = 0; jobs && k < 2; k++) {
		acc_buf_dispose(&jobs[k].canon);
	}
	free(jobs);
	if (rc != 0)
		leaves_dispose(l);
	return rc;
}

/* ---- making a package -------------------------------------------- */

static json_t *
b64_json(const uint8_t *data, size_t len)
{
	char out[128];

	acc_base64_encode(out, data, len);
	return json_string(out);
}

/* Canonical header bytes: every field except signature and disclosed. */
static int
header_canon(acc_buf *out, json_t *pkg, bool with_signature, acc_err *err)
{
	json_t *h = json_copy(pkg);
	int rc;

	if (h == NULL)
		return acc_err_set(err, ACC_ERR, "declaration",
		    "out of memory");
	json_object_del(h, "disclosed");
	if (!with_signature)
		json_object_del(h, "signature");
	rc = acc_cjson_encode(out, h, "declaration header", err);
	json_decref(h);
	return rc;
}

int
acc_decl_make(acc_buf *package, acc_buf *items, uint8_t id[ACC_SHA256_LEN],
    const acc_inventory *inv, const acc_key *key, const acc_vkey *vkey,
    const uint8_t secret[ACC_DECL_SECRET_LEN], const acc_decl_opts *opts,
    acc_err *err)
{
	const struct acc_treaty *t = inv->treaty;
	struct leaves l;
	acc_sumtree tree;
	acc_sumstream stream;
	acc_sumnode root;
	json_t *pkg = NULL, *totals = NULL, *disclosed = NULL;
	acc_buf hdr = ACC_BUF_INIT(1u << 20);
	acc_buf canon_items = ACC_BUF_INIT(8ull << 30);
	uint8_t digest[ACC_SHA256_LEN], sig[ACC_ED25519_SIG_LEN];
	char vtext[ACC_VKEY_TEXT_MAX], asof[ACC_DATE_LEN];
	size_t i;
	int rc;

	memset(&tree, 0, sizeof(tree));
	if (!inv->finalized)
		return acc_err_set(err, ACC_EINVAL, "declaration",
		    "inventory is not finalized");
	if (!opts->escrow && opts->pad_to)
		return acc_err_set(err, ACC_EINVAL, "--pad-to",
		    "padding applies to escrow declarations only");
	acc_sumstream_init(&stream, t->n_limits);
	rc = leaves_make(&l, &canon_items, &stream, inv, secret,
	    opts->escrow ? opts->pad_to : 0, err);
	if (rc != 0)
		return rc;
	acc_sumstream_root(&stream, &root);
	acc_sha256(digest, t->text, t->text_len);
	acc_vkey_format(vtext, sizeof(vtext), vkey);
	acc_date_format(asof, inv->as_of);
	pkg = json_object();
	totals = json_object();
	if (pkg == NULL || totals == NULL)
		goto oom;
	for (i = 0; i < t->n_limits; i++)
		if (json_object_set_new(totals, t->limits[i].e.id,
		    json_integer(root.tally[i])) != 0)
			goto oom;
	if (json_object_set_new(pkg, "format", json_string(DECL_FORMAT)) ||
	    json_object_set_new(pkg, "treaty", json_string(t->id)) ||
	    json_object_set_new(pkg, "treaty_digest", b64_json(digest,
	    sizeof(digest))) ||
	    json_object_set_new(pkg, "party", json_string(inv->party)) ||
	    json_object_set_new(pkg, "as_of", json_string(asof)) ||
	    json_object_set_new(pkg, "mode", json_string(opts->escrow ?
	    "escrow" : "full")) ||
	    json_object_set_new(pkg, "items", json_integer((json_int_t)l.n)) ||
	    json_object_set_new(pkg, "root", b64_json(root.hash,
	    ACC_SHA256_LEN)) ||
	    json_object_set(pkg, "totals", totals) ||
	    json_object_set_new(pkg, "key", json_string(vtext)))
		goto oom;
	if (opts->supersedes && json_object_set_new(pkg, "supersedes",
	    b64_json(opts->supersedes, ACC_SHA256_LEN)))
		goto oom;
	rc = header_canon(&hdr, pkg, false, err);
	if (rc == 0)
		rc = acc_sign(sig, key, hdr.data, hdr.len, err);
	if (rc != 0)
		goto done;
	if (json_object_set_new(pkg, "signature", b64_json(sig, sizeof(sig))))
		goto oom;
	acc_buf_reset(&hdr);
	rc = header_canon(&hdr, pkg, true, err);
	if (rc != 0)
		goto done;
	acc_sha256(id, hdr.data, hdr.len);
	/* the package: the signed header, then the disclosed items */
	rc = acc_buf_append(package, hdr.data, hdr.len - 1);
	if (rc == 0 && !opts->escrow) {
		const char *p = canon_items.data + 1; /* inside '[' ... ']' */
		size_t k;
		rc = acc_buf_puts(package, ",\"disclosed\":[");
		for (k = 0; rc == 0 && k < l.n_items; k++) {
			char salt[64];
			const char *end = p;
			int depth = 0;
			bool in_str = false;
			/* find the end of item k in the canonical array */
			for (; *end; end++) {
				if (in_str) {
					if (*end == '\\')
						end++;
					else if (*end == '"')
						in_str = false;
					continue;
				}
				if (*end == '"')
					in_str = true;
				else if (*end == '{')
					depth++;
				else if (*end == '}' && --depth == 0) {
					end++;
					break;
				}
			}
			acc_base64_encode(salt, l.salts + k * ACC_SHA256_LEN,
			    ACC_SHA256_LEN);
			rc = acc_buf_printf(package, "%s{\"item\":", k ? "," :
			    "");
			if (rc == 0)
				rc = acc_buf_append(package, p, (size_t)(end -
				    p));
			if (rc == 0)
				rc = acc_buf_printf(package, ",\"salt\":\"%s\"}",
				    salt);
			p = end + 1; /* skip ',' */
			acc_wipe(salt, sizeof(salt));
		}
		if (rc == 0)
			rc = acc_buf_append(package, "]", 1);
	}
	if (rc == 0)
		rc = acc_buf_puts(package, "}\n");
	if (rc == 0 && items && items->len == 0 &&
	    canon_items.len <= items->max) {
		/* hand the buffer over rather than copy it */
		acc_buf swap = *items;
		canon_items.max = items->max;
		*items = canon_items;
		canon_items = swap;
	} else if (rc == 0 && items)
		rc = acc_buf_append(items, canon_items.data, canon_items.len);
	if (rc != 0 && (err == NULL || err->code == ACC_OK))
		rc = acc_err_set(err, ACC_ELIMIT, "declaration",
		    "declaration larger than the output limit");
	goto done;
oom:
	rc = acc_err_set(err, ACC_ERR, "declaration", "out of memory");
done:
	(void)disclosed;
	json_decref(totals);
	json_decref(pkg);
	acc_buf_dispose(&hdr);
	acc_buf_dispose(&canon_items);
	acc_sumtree_dispose(&tree);
	leaves_dispose(&l);
	return rc;
}

/* ---- parsing ------------------------------------------------------ */


static int
check_keys(json_t *o, const char *const *allowed, const char *name,
    const char *path, acc_err *err)
{
	const char *k;
	json_t *v;
	size_t i;

	json_object_foreach(o, k, v) {
		bool ok = false;
		(void)v;
		for (i = 0; allowed[i]; i++)
			if (strcmp(k, allowed[i]) == 0)
				ok = true;
		if (!ok) {
			char q[300];
			acc_quote(q, sizeof(q), k, strlen(k));
			return perr(err, name, path, ACC_EINVAL,
			    "unknown key \"%s\"", q);
		}
	}
	return 0;
}

static int
get_str(json_t *o, const char *key, const char **out, const char *name,
    acc_err *err)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_string(v))
		return perr(err, name, key, ACC_EINVAL,
		    "expected a string %s", key);
	*out = json_string_value(v);
	return 0;
}

static int
get_b64(json_t *o, const char *key, uint8_t *out, size_t want,
    const char *name, const char *path, acc_err *err)
{
	json_t *v = json_object_get(o, key);
	char where[400];
	size_t n;
	int rc;

	snprintf(where, sizeof(where), "%s %s%s%s", name, path,
	    path[0] ? "." : "", key);
	if (!json_is_string(v))
		return acc_err_set(err, ACC_EINVAL, where,
		    "expected base64 of %zu bytes", want);
	rc = acc_base64_decode(out, want, &n, json_string_value(v),
	    json_string_length(v), where, err);
	if (rc == 0 && n != want)
		rc = acc_err_set(err, ACC_EINVAL, where,
		    "expected %zu bytes, got %zu", want, n);
	return rc;
}

/* A package's header is small; its disclosed list is what is large. */
#define DECL_HEADER_MAX (1u << 20)

/*
 * The top level of a package, scanned in place: the disclosed list is
 * checked and its entries counted where it lies; every other member is
 * copied into hdr, a JSON object then parsed as a tree.
 */
/* Note off as the start of entry k * READ_UNIT. */
static int
chunk_note(acc_decl *d, size_t k, size_t off, acc_err *err)
{
	if ((k & (k - 1)) == 0) {
		size_t *p = realloc(d->chunk_off, (k ? 2 * k : 1) *
		    sizeof(*p));
		if (p == NULL)
			return acc_err_set(err, ACC_ERR, d->name,
			    "out of memory");
		d->chunk_off = p;
	}
	d->chunk_off[k] = off;
	return 0;
}

/*
 * A disclosed list's entries are scanned for their shape (and counted,
 * and every READ_UNIT-th one's start noted) in one pass; a large list in
 * two at once. The second pass starts at a guess of an entry's start
 * halfway through (the text "},{\"item\":"), and is used only if the
 * first pass, entry by entry, arrives exactly there: both then scanned
 * the same entries as one pass would. Otherwise the first pass goes on
 * alone, and any error is always the first pass's.
 */
#define LIST_SPLIT_MIN (16u << 20)  /* bytes: a smaller list is one pass */
#define LIST_MARK 64                /* the second pass notes every 64th */

struct lhalf {
	acc_jscan s;            /* from the guessed start */
	size_t n;               /* entries scanned */
	size_t *marks;          /* offset of entry j * LIST_MARK */
	size_t n_marks, cap_marks;
	bool ok;                /* reached the list's ']' */
	atomic_bool cancel;
};

/* Entry one of a list at s, and the ',' or ']' after it; *end at ']'. */
static int
list_entry(acc_jscan *s, bool *end, acc_err *err)
{
	int rc = acc_jscan_skip_shape(s, err);

	*end = false;
	if (rc != 0 || acc_jscan_accept(s, ','))
		return rc;
	*end = true;
	return acc_jscan_expect(s, ']', "',' or ']'", err);
}

static void *
lhalf_run(void *arg)
{
	struct lhalf *h = arg;
	bool end = false;

	while (!end) {
		if (h->n % LIST_MARK == 0) {
			if (atomic_load_explicit(&h->cancel,
			    memory_order_relaxed))
				return NULL;
			if (h->n_marks == h->cap_marks) {
				size_t c = h->cap_marks ? 2 * h->cap_marks :
				    1024;
				size_t *m = realloc(h->marks, c * sizeof(*m));
				if (m == NULL)
					return NULL;
				h->marks = m;
				h->cap_marks = c;
			}
			acc_jscan_peek(&h->s);
			h->marks[h->n_marks++] = (size_t)(h->s.p - h->s.base);
		}
		if (list_entry(&h->s, &end, NULL) != 0)
			return NULL;
		h->n++;
	}
	h->ok = true;
	return NULL;
}

/*
 * Take the second pass's entries, from entry d->n_disclosed on: their
 * count, the end of the list, and the starts of the chunks among them.
 */
static int
lhalf_take(acc_decl *d, acc_jscan *s, const struct lhalf *h, acc_err *err)
{
	size_t first = d->n_disclosed, g;
	int rc = 0;

	for (g = (first + READ_UNIT - 1) / READ_UNIT * READ_UNIT;
	    rc == 0 && g < first + h->n; g += READ_UNIT) {
		size_t j = g - first, k;
		acc_jscan e = h->s;
		bool end;
		e.p = e.base + h->marks[j / LIST_MARK];
		for (k = 0; rc == 0 && k < j % LIST_MARK; k++)
			rc = list_entry(&e, &end, err);
		acc_jscan_peek(&e);
		if (rc == 0)
			rc = chunk_note(d, g / READ_UNIT,
			    (size_t)(e.p - e.base), err);
	}
	d->n_disclosed += h->n;
	s->p = h->s.p;
	if (rc == 0 && d->n_disclosed > ACC_INVENTORY_ITEMS_MAX)
		rc = acc_err_set(err, ACC_ELIMIT, d->name,
		    "disclosed: more than %u entries",
		    ACC_INVENTORY_ITEMS_MAX);
	return rc;
}

/* The entries of the disclosed list at s (just past its '['). */
static int
scan_list(acc_decl *d, acc_jscan *s, acc_err *err)
{
	struct lhalf h;
	pthread_t th;
	const char *stop = NULL;
	bool end = false;
	int rc = 0;

	memset(&h, 0, sizeof(h));
	atomic_init(&h.cancel, false);
	if ((size_t)(s->end - s->p) >= LIST_SPLIT_MIN) {
		const char *mid = s->p + (s->end - s->p) / 2;
		const char *at = memmem(mid, (size_t)(s->end - mid),
		    "},{\"item\":", 10);
		h.s = *s;
		if (at != NULL) {
			/* the thread moves h.s.p at once */
			h.s.p = at + 2;
			if (pthread_create(&th, NULL, lhalf_run, &h) == 0)
				stop = at + 2;
		}
	}
	if (acc_jscan_accept(s, ']'))
		end = true;
	while (rc == 0 && !end) {
		acc_jscan_peek(s);
		if (stop != NULL && s->p >= stop) {
			/* arrived at the second pass's start, or past it */
			bool here = s->p == stop;
			if (!here)
				atomic_store(&h.cancel, true);
			pthread_join(th, NULL);
			stop = NULL;
			if (here && h.ok) {
				rc = lhalf_take(d, s, &h, err);
				break;
			}
		}
		if (d->n_disclosed >= ACC_INVENTORY_ITEMS_MAX)
			rc = acc_err_set(err, ACC_ELIMIT, d->name,
			    "disclosed: more than %u entries",
			    ACC_INVENTORY_ITEMS_MAX);
		else if (d->n_disclosed % READ_UNIT == 0)
			rc = chunk_note(d, d->n_disclosed / READ_UNIT,
			    (size_t)(s->p - s->base), err);
		if (rc == 0)
			rc = list_entry(s, &end, err);
		if (rc == 0)
			d->n_disclosed++;
	}
	if (stop != NULL) {
		atomic_store(&h.cancel, true);
		pthread_join(th, NULL);
	}
	free(h.marks);
	return rc;
}

static int
scan_top(acc_decl *d, acc_buf *hdr, const char *text, size_t len,
    acc_err *err)
{
	acc_jscan s;
	bool first = true;
	int rc;

	acc_jscan_init(&s, text, len, d->name);
	if (acc_jscan_peek(&s) != '{') {
		rc = acc_jscan_skip(&s, err);
		if (rc == 0)
			rc = acc_err_set(err, ACC_EINVAL, d->name, "expected a "
			    "declaration package (a JSON object)");
		return rc;
	}
	s.p++;
	if (acc_buf_append(hdr, "{", 1) != 0)
		goto too_big;
	if (!acc_jscan_accept(&s, '}'))
		for (;;) {
			char key[64];
			const char *kstart;
			size_t klen;
			if (acc_jscan_peek(&s) != '"')
				return acc_jscan_expect(&s, '"', "a key", err);
			kstart = s.p;
			rc = acc_jscan_string(&s, key, sizeof(key), &klen,
			    err);
			if (rc == ACC_ELIMIT) {
				acc_err_clear(err);
				return acc_err_set(err, ACC_EINVAL, d->name,
				    "unknown key (longer than any known)");
			}
			if (rc == 0)
				rc = acc_jscan_expect(&s, ':', "':'", err);
			if (rc != 0)
				return rc;
			if (strcmp(key, "disclosed") == 0) {
				if (d->has_disclosed)
					return acc_jscan_fail(&s, err,
					    "duplicate key \"disclosed\"");
				d->has_disclosed = true;
				/* 0 at the end of the text: not a list */
				d->disc_is_list = acc_jscan_peek(&s) == '[';
				d->disc_off = (size_t)(s.p - text);
				if (!d->disc_is_list)
					rc = acc_jscan_skip(&s, err);
				else {
					s.p++;
					rc = scan_list(d, &s, err);
				}
				if (rc != 0)
					return rc;
				d->disc_len = (size_t)(s.p - text) - d->disc_off;
			} else {
				rc = acc_jscan_skip(&s, err);
				if (rc != 0)
					return rc;
				if ((!first && acc_buf_append(hdr, ",", 1)) ||
				    acc_buf_append(hdr, kstart,
				    (size_t)(s.p - kstart)))
					goto too_big;
				first = false;
			}
			if (acc_jscan_accept(&s, ','))
				continue;
			rc = acc_jscan_expect(&s, '}', "',' or '}'", err);
			if (rc != 0)
				return rc;
			break;
		}
	rc = acc_jscan_end(&s, err);
	if (rc == 0 && acc_buf_append(hdr, "}", 1) != 0)
		goto too_big;
	return rc;
too_big:
	return acc_err_set(err, ACC_ELIMIT, d->name,
	    "package header larger than %u bytes", DECL_HEADER_MAX);
}

int
acc_decl_parse(acc_decl **out, const char *text, size_t len,
    const char *name, acc_err *err)
{
	static const char *const keys[] = { "format", "treaty",
		"treaty_digest", "party", "as_of", "mode", "items", "root",
		"totals", "key", "supersedes", "signature", NULL };
	json_error_t jerr;
	acc_decl *d;
	acc_buf hdr = ACC_BUF_INIT(DECL_HEADER_MAX);
	json_t *v;
	const char *s = NULL, *k;
	int rc;

	*out = NULL;
	if (len > DECL_FILE_MAX)
		return acc_err_set(err, ACC_ELIMIT, name,
		    "package larger than %llu bytes",
		    (unsigned long long)DECL_FILE_MAX);
	d = calloc(1, sizeof(*d));
	if (d == NULL)
		return acc_err_set(err, ACC_ERR, name, "out of memory");
	snprintf(d->name, sizeof(d->name), "%s", name);
	d->signed_bytes.max = 1u << 20;
	d->text = text;
	rc = scan_top(d, &hdr, text, len, err);
	if (rc != 0) {
		acc_buf_dispose(&hdr);
		goto fail;
	}
	d->root = json_loadb(hdr.data, hdr.len, JSON_REJECT_DUPLICATES, &jerr);
	acc_buf_dispose(&hdr);
	if (d->root == NULL) {
		rc = acc_err_set(err, ACC_EINVAL, name, "malformed JSON: %s",
		    jerr.text);
		goto fail;
	}
	rc = check_keys(d->root, keys, name, "", err);
	if (rc == 0)
		rc = get_str(d->root, "format", &s, name, err);
	if (rc != 0)
		goto fail;
	if (strcmp(s, DECL_FORMAT) != 0) {
		char q[300];
		acc_quote(q, sizeof(q), s, strlen(s));
		rc = perr(err, name, "format", ACC_EINVAL,
		    "expected \"" DECL_FORMAT "\", got \"%s\"", q);
		goto fail;
	}
	rc = get_str(d->root, "treaty", &d->treaty, name, err);
	if (rc == 0)
		rc = get_str(d->root, "party", &d->party, name, err);
	if (rc == 0)
		rc = get_str(d->root, "key", &d->key_text, name, err);
	if (rc == 0)
		rc = get_str(d->root, "as_of", &s, name, err);
	if (rc == 0) {
		char where[300];
		snprintf(where, sizeof(where), "%s as_of", name);
		rc = acc_date_parse(&d->as_of, s, strlen(s), where, err);
	}
	if (rc == 0)
		rc = get_str(d->root, "mode", &s, name, err);
	if (rc != 0)
		goto fail;
	if (strcmp(s, "full") == 0)
		d->escrow = false;
	else if (strcmp(s, "escrow") == 0)
		d->escrow = true;
	else {
		rc = perr(err, name, "mode", ACC_EINVAL,
		    "expected full or escrow, got \"%.32s\"", s);
		goto fail;
	}
	v = json_object_get(d->root, "items");
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > (json_int_t)ACC_INVENTORY_ITEMS_MAX) {
		rc = perr(err, name, "items", ACC_EINVAL,
		    "expected a whole number of leaves%s", "");
		goto fail;
	}
	d->leaves = (uint64_t)json_integer_value(v);
	rc = get_b64(d->root, "treaty_digest", d->treaty_digest,
	    ACC_SHA256_LEN, name, "", err);
	if (rc == 0)
		rc = get_b64(d->root, "root", d->root_hash, ACC_SHA256_LEN, name,
		    "", err);
	if (rc == 0)
		rc = get_b64(d->root, "signature", d->signature,
		    ACC_ED25519_SIG_LEN, name, "", err);
	if (rc == 0 && json_object_get(d->root, "supersedes")) {
		rc = get_b64(d->root, "supersedes", d->supersedes,
		    ACC_SHA256_LEN, name, "", err);
		d->has_supersedes = true;
	}
	if (rc != 0)
		goto fail;
	v = json_object_get(d->root, "totals");
	if (!json_is_object(v) || json_object_size(v) > ACC_LIMITS_MAX) {
		rc = perr(err, name, "totals", ACC_EINVAL,
		    "expected an object of limit totals%s", "");
		goto fail;
	}
	{
		json_t *x;
		json_object_foreach(v, k, x) {
			if (!json_is_integer(x)) {
				rc = perr(err, name, "totals", ACC_EINVAL,
				    "expected a whole number for %s", k);
				goto fail;
			}
			d->total_ids[d->n_totals] = k;
			d->totals[d->n_totals++] = json_integer_value(x);
		}
	}
	if (d->escrow && d->has_disclosed) {
		rc = perr(err, name, "disclosed", ACC_EINVAL,
		    "an escrow package discloses no items%s", "");
		goto fail;
	}
	if (!d->escrow && (!d->disc_is_list || d->n_disclosed != d->leaves)) {
		rc = perr(err, name, "disclosed", ACC_EINVAL,
		    "a full package discloses every item: expected %s entries",
		    d->disc_is_list ? "\"items\"" : "a list of");
		goto fail;
	}
	rc = header_canon(&d->signed_bytes, d->root, false, err);
	if (rc == 0) {
		acc_buf with = ACC_BUF_INIT(1u << 20);
		rc = header_canon(&with, d->root, true, err);
		if (rc == 0)
			acc_sha256(d->id, with.data, with.len);
		acc_buf_dispose(&with);
	}
	if (rc != 0)
		goto fail;
	*out = d;
	return 0;
fail:
	acc_decl_free(d);
	return rc;
}

int
acc_decl_load(acc_decl **out, const char *path, acc_err *err)
{
	acc_buf b = ACC_BUF_INIT(DECL_FILE_MAX);
	int rc = acc_file_read(&b, path, err);

	*out = NULL;
	if (rc == 0)
		rc = acc_decl_parse(out, b.data, b.len, path, err);
	if (rc == 0)
		(*out)->owned = b;  /* the disclosed list stays in place */
	else
		acc_buf_dispose(&b);
	return rc;
}

void
acc_decl_free(acc_decl *d)
{
	if (d == NULL)
		return;
	json_decref(d->root);
	acc_buf_dispose(&d->signed_bytes);
	acc_buf_dispose(&d->owned);
	free(d->chunk_off);
	free(d);
}

const char *
acc_decl_party(const acc_decl *d)
{
	return d->party;
}

const char *
acc_decl_treaty(const acc_decl *d)
{
	return d->treaty;
}

acc_date
acc_decl_as_of(const acc_decl *d)
{
	return d->as_of;
}

bool
acc_decl_is_escrow(const acc_decl *d)
{
	return d->escrow;
}

uint64_t
acc_decl_leaves(const acc_decl *d)
{
	return d->leaves;
}

const char *
acc_decl_key_text(const acc_decl *d)
{
	return d->key_text;
}

const uint8_t *
acc_decl_id(const acc_decl *d)
{
	return d->id;
}

const uint8_t *
acc_decl_root(const acc_decl *d)
{
	return d->root_hash;
}

const char *
acc_decl_disclosed_text(const acc_decl *d, size_t *len)
{
	if (d->escrow || !d->disc_is_list) {
		*len = 0;
		return NULL;
	}
	*len = d->disc_len;
	return d->text + d->disc_off;
}

const uint8_t *
acc_decl_supersedes(const acc_decl *d)
{
	return d->has_supersedes ? d->supersedes : NULL;
}

size_t
acc_decl_total_count(const acc_decl *d)
{
	return d->n_totals;
}

const char *
acc_decl_total_id(const acc_decl *d, size_t i)
{
	return d->total_ids[i];
}

int64_t
acc_decl_total(const acc_decl *d, size_t i)
{
	return d->totals[i];
}

/* ---- items in packages and reveals -------------------------------- */

/*
 * Check an item object and add it (with its facility) to inv. Facilities
 * are synthesised from the items' facility and facility_kind; the same id
 * must always have the same kind.
 */
static int item_rec_add(struct acc_inventory *inv, const acc_item_rec *rec,
    const char *kind, int file, uint32_t loc, const char *name,
    const char *path, acc_err *err);

static int
item_add(struct acc_inventory *inv, json_t *o, int file, uint32_t loc,
    const char *name, const char *path, bool with_container, acc_err *err)
{
	static const char *const keys[] = { "uid", "type", "status",
		"facility", "facility_kind", "warheads", "contained_in", "name",
		"attrs", NULL };
	acc_attr_kv kv[ACC_ATTRS_MAX];
	acc_item_rec it;
	const char *kind;
	json_t *w, *attrs;
	int rc;

	memset(&it, 0, sizeof(it));
	if (!json_is_object(o))
		return perr(err, name, path, ACC_EINVAL,
		    "expected an item object%s", "");
	rc = check_keys(o, keys, name, path, err);
	if (rc != 0)
		return rc;
#define ITEM_STR(key, dst, req) do { \
		json_t *x_ = json_object_get(o, key); \
		if (x_ == NULL && !(req)) break; \
		if (!json_is_string(x_)) { \
			char p_[300]; \
			snprintf(p_, sizeof(p_), "%s.%s", path, key); \
			return perr(err, name, p_, ACC_EINVAL, \
			    "expected a string%s", ""); \
		} \
		dst = json_string_value(x_); \
	} while (0)
	ITEM_STR("uid", it.uid, true);
	ITEM_STR("type", it.type, true);
	ITEM_STR("status", it.status, true);
	ITEM_STR("facility", it.facility, true);
	kind = NULL;
	ITEM_STR("facility_kind", kind, true);
	ITEM_STR("contained_in", it.contained_in, false);
	ITEM_STR("name", it.name, false);
#undef ITEM_STR
	it.warheads = -1;
	w = json_object_get(o, "warheads");
	if (w) {
		char p[300];
		snprintf(p, sizeof(p), "%s.warheads", path);
		if (!json_is_integer(w) || json_integer_value(w) < 0)
			return perr(err, name, p, ACC_EINVAL,
			    "expected a non-negative whole number%s", "");
		it.warheads = json_integer_value(w);
	}
	attrs = json_object_get(o, "attrs");
	if (attrs) {
		const char *k;
		json_t *x;
		char p[300];
		snprintf(p, sizeof(p), "%s.attrs", path);
		if (!json_is_object(attrs) || json_object_size(attrs) == 0 ||
		    json_object_size(attrs) > ACC_ATTRS_MAX)
			return perr(err, name, p, ACC_EINVAL,
			    "expected a non-empty object of strings%s", "");
		json_object_foreach(attrs, k, x) {
			if (!json_is_string(x) || json_string_length(x) == 0)
				return perr(err, name, p, ACC_EINVAL,
				    "expected a non-empty string for %s", k);
			kv[it.n_attrs].key = k;
			kv[it.n_attrs].value = json_string_value(x);
			it.n_attrs++;
		}
		it.attrs = kv;
	}
	if (!with_container)
		it.contained_in = NULL;
	return item_rec_add(inv, &it, kind, file, loc, name, path, err);
}

/*
 * Add a checked item record, whose facility has kind `kind`, to inv: the
 * facility is synthesised on first sight, and must keep its kind.
 */
static int
item_rec_add(struct acc_inventory *inv, const acc_item_rec *rec,
    const char *kind, int file, uint32_t loc, const char *name,
    const char *path, acc_err *err)
{
	const acc_item_rec it = *rec;
	char dp[64];
	uint32_t f;
	int rc;

	/* without a path, "disclosed[loc].item", formed only for an error:
	 * this runs for every item */
#define IPATH() (path ? path : \
	(acc_dentry_path(dp, sizeof(dp), loc, ".item"), dp))
	if ((it.contained_in && !it.contained_in[0]) ||
	    (it.name && !it.name[0]))
		return perr(err, name, IPATH(), ACC_EINVAL,
		    "empty contained_in or name must be omitted%s", "");
	if (acc_inv_facility_find(inv, it.facility, &f) == 0) {
		const char *have = inv->treaty->kinds[inv->facilities[f].kind]
		    .id;
		if (strcmp(have, kind) != 0) {
			char p[300];
			snprintf(p, sizeof(p), "%s.facility_kind", IPATH());
			return perr(err, name, p, ACC_EINVAL,
			    "facility kind differs from an earlier item at "
			    "the same facility (%s)", have);
		}
	} else {
		acc_facility_rec fr = { it.facility, kind, NULL, 0, NULL };
		rc = acc_inv_add_facility_at(inv, &fr, file, loc, err);
		if (rc != 0)
			return rc;
	}
	return acc_inv_add_item_at(inv, &it, file, loc, err);
#undef IPATH
}

/*
 * An inventory for the items of a document: name is the document, path
 * the JSON path of item number loc ("disclosed[%u].item").
 */
static int
tally_inventory(struct acc_inventory **out, const acc_decl *d,
    const struct acc_treaty *t, const char *name, const char *path,
    acc_err *err)
{
	struct acc_inventory *inv = NULL;
	int rc = acc_inventory_new(&inv, t, err);

	*out = NULL;
	if (rc == 0)
		rc = acc_inventory_set_meta(inv, d->party, d->as_of, name,
		    err);
	if (rc == 0) {
		int f = acc_inv_file_add(inv, name, true, err);
		rc = f < 0 ? f : 0;
		if (rc == 0)
			inv->files_path[f] = path;
	}
	if (rc != 0) {
		acc_inventory_free(inv);
		return rc;
	}
	*out = inv;
	return 0;
}

static int
vfail(acc_err *err, const char *name, const char *what, const char *fmt,
    const char *a)
{
	char where[400];

	snprintf(where, sizeof(where), "%s %s", name, what);
	return acc_err_set(err, ACC_EVERIFY, where, fmt, a);
}

/* The signed root as a node, totals in t's limit order. */
static int
signed_root(acc_sumnode *root, const acc_decl *d, const struct acc_treaty *t,
    acc_err *err)
{
	size_t i, j;

	memset(root, 0, sizeof(*root));
	memcpy(root->hash, d->root_hash, ACC_SHA256_LEN);
	if (d->n_totals != t->n_limits)
		return vfail(err, d->name, "totals",
		    "expected one total per limit of the treaty%s", "");
	for (i = 0; i < t->n_limits; i++) {
		bool found = false;
		for (j = 0; j < d->n_totals; j++) {
			if (strcmp(d->total_ids[j], t->limits[i].e.id) == 0) {
				root->tally[i] = d->totals[j];
				found = true;
			}
		}
		if (!found)
			return vfail(err, d->name, "totals",
			    "no total for limit %s", t->limits[i].e.id);
		if (root->tally[i] < 0 || root->tally[i] >= ACC_TALLY_MAX)
			return vfail(err, d->name, "totals",
			    "the total for %s is negative or too large",
			    t->limits[i].e.id);
	}
	return 0;
}

/*
 * Full mode. The disclosed list is read in chunks of READ_UNIT entries
 * (their offsets were noted by acc_decl_parse) on two threads: each
 * reads its chunk's entries strictly, takes each canonical item (the
 * package's own text when it is spelled canonically, else the form
 * written for it) and hashes the leaf, and keeps the item records. The
 * main thread adds the records of each chunk, in order, to one inventory
 * (every item checked under the treaty, the order checked), reading
 * further chunks itself while it waits. Once the inventory is complete,
 * two threads compute the tallies and the subtrees of LEAF_CHUNK leaves
 * each, which are then joined in order.
 */
struct vrec {
	acc_item_rec it;
	const char *kind;
	uint32_t uid_hash;     /* acc_strmap_hash(it.uid) */
};

struct vchunk {
	size_t a, b;            /* entries [a, b) */
	struct vrec *recs;      /* b - a records, strings in arena */
	acc_arena arena;
	size_t n_read;          /* records filled, all unless rc != 0 */
	int rc;
	acc_err err;
	int state;              /* 0 waiting, 1 being read, 2 read */
};

/* Chunks read ahead of the inventory at most (bounds the memory held). */
#define VREAD_AHEAD 32

struct vwork {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	const acc_decl *d;
	struct vchunk *chunks;
	size_t n_chunks;
	size_t next;            /* the next chunk to read */
	size_t added;           /* chunks added to the inventory */
	bool stop;
	uint8_t *hashes;        /* every leaf's hash */
};

static void
vchunk_dispose(struct vchunk *c)
{
	free(c->recs);
	c->recs = NULL;
	acc_arena_dispose(&c->arena);
}

/* Read chunk c: records, canonical items, leaf hashes. */
static void
vchunk_read(struct vwork *w, struct vchunk *c)
{
	const acc_decl *d = w->d;
	acc_dentry *e = malloc(sizeof(*e));
	acc_buf one = ACC_BUF_INIT(1u << 20);
	acc_jscan s;
	size_t i;

	c->rc = 0;
	c->recs = malloc((c->b - c->a) * sizeof(*c->recs));
	if (e == NULL || c->recs == NULL) {
		c->rc = acc_err_set(&c->err, ACC_ERR, d->name, "out of memory");
		goto done;
	}
	acc_jscan_init(&s, d->text, d->disc_off + d->disc_len, d->name);
	s.p = d->text + d->chunk_off[c->a / READ_UNIT];
	for (i = c->a; i < c->b; i++) {
		struct vrec *r = &c->recs[i - c->a];
		char *strs;
		ptrdiff_t shift;
		size_t k;
		const char *item;
		size_t item_len;
		/* the leaf message 0x00 || salt || canonical item, in one
		 * buffer, hashed with one update; the canonical item is the
		 * item's own text when it is spelled as accord writes it,
		 * else the form written for it */
		acc_buf_reset(&one);
		if (acc_dentry_fast(&s, e, &item, &item_len)) {
			c->rc = acc_buf_append(&one, zero33, sizeof(zero33));
			if (c->rc == 0)
				c->rc = acc_buf_append(&one, item, item_len);
		} else {
			c->rc = acc_dentry_read(&s, e, i, d->name, &c->err);
			if (c->rc != 0)
				break;
			c->rc = acc_buf_append(&one, zero33, sizeof(zero33));
			if (c->rc == 0)
				c->rc = item_canon(&one, &e->it, e->kind);
		}
		if (c->rc != 0) {
			c->rc = acc_err_set(&c->err, ACC_ELIMIT, d->name,
			    "disclosed[%zu]: item too large", i);
			break;
		}
		memcpy(one.data + 1, e->salt, ACC_SHA256_LEN);
		acc_sha256(w->hashes + i * ACC_SHA256_LEN, one.data, one.len);
		/* keep the record: its strings move into the chunk's arena */
		strs = acc_arena_alloc(&c->arena, e->used ? e->used : 1);
		r->it.attrs = e->it.n_attrs ? acc_arena_alloc(&c->arena,
		    e->it.n_attrs * sizeof(acc_attr_kv)) : NULL;
		if (strs == NULL || (e->it.n_attrs && r->it.attrs == NULL)) {
			c->rc = acc_err_set(&c->err, ACC_ERR, d->name,
			    "out of memory");
			break;
		}
		memcpy(strs, e->strs, e->used);
		shift = strs - e->strs;
#define MOVE(x) ((x) ? (x) + shift : NULL)
		r->it.uid = MOVE(e->it.uid);
		r->it.type = MOVE(e->it.type);
		r->it.status = MOVE(e->it.status);
		r->it.facility = MOVE(e->it.facility);
		r->it.contained_in = MOVE(e->it.contained_in);
		r->it.name = MOVE(e->it.name);
		r->it.warheads = e->it.warheads;
		r->it.n_attrs = e->it.n_attrs;
		for (k = 0; k < e->it.n_attrs; k++) {
			acc_attr_kv *kv = (acc_attr_kv *)&r->it.attrs[k];
			kv->key = MOVE(e->kv[k].key);
			kv->value = MOVE(e->kv[k].value);
		}
		r->kind = MOVE(e->kind);
#undef MOVE
		r->uid_hash = r->it.uid ? acc_strmap_hash(r->it.uid) : 0;
		c->n_read++;
	}
done:
	/* not wiped: an entry holds only what the package discloses */
	free(e);
	acc_buf_dispose(&one);
}

/*
 * Take the next chunk to read, if any (w->mu held); the reading thread
 * (ahead) stays within VREAD_AHEAD chunks of the inventory.
 */
static struct vchunk *
vwork_take(struct vwork *w, bool ahead)
{
	if (w->stop || w->next >= w->n_chunks ||
	    (ahead && w->next >= w->added + VREAD_AHEAD))
		return NULL;
	w->chunks[w->next].state = 1;
	return &w->chunks[w->next++];
}

static void
vwork_read(struct vwork *w, struct vchunk *c)
{
	vchunk_read(w, c);
	pthread_mutex_lock(&w->mu);
	c->state = 2;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

static void *
vread_thread(void *arg)
{
	struct vwork *w = arg;

	for (;;) {
		struct vchunk *c;
		pthread_mutex_lock(&w->mu);
		while ((c = vwork_take(w, true)) == NULL && !w->stop &&
		    w->next < w->n_chunks)
			pthread_cond_wait(&w->cv, &w->mu);
		pthread_mutex_unlock(&w->mu);
		if (c == NULL)
			break;
		vwork_read(w, c);
	}
	acc_crypto_thread_end();
	return NULL;
}

/* Wait until chunk c is read, reading others meanwhile. */
static void
vwork_wait(struct vwork *w, struct vchunk *c)
{
	pthread_mutex_lock(&w->mu);
	while (c->state != 2) {
		struct vchunk *o = vwork_take(w, false);
		if (o != NULL) {
			pthread_mutex_unlock(&w->mu);
			vwork_read(w, o);
			pthread_mutex_lock(&w->mu);
			continue;
		}
		pthread_cond_wait(&w->cv, &w->mu);
	}
	pthread_mutex_unlock(&w->mu);
}

/*
 * The tallies and subtrees, taken LEAF_CHUNK leaves at a time by
 * whichever thread is free. They need only the items added, not the
 * inventory finalized: a counting rule reads an item's type, status,
 * warheads, attributes and facility, never its container, and every
 * item's facility was known when it was added (item_rec_add adds the
 * facility first). So they start while finalize checks the containers.
 */
struct vtally {
	const struct acc_inventory *inv;
	const acc_counter *counter;
	const uint8_t *hashes;
	acc_sumstream *subs;    /* of leaves [k * LEAF_CHUNK, ...) */
	size_t n_subs, n, nl;
	atomic_size_t next;     /* the next subtree to take */
	atomic_bool stop;
};

static void *
vtally_run(void *arg)
{
	struct vtally *j = arg;
	int64_t tally[ACC_LIMITS_MAX];
	size_t c, i;

	while (!atomic_load(&j->stop) &&
	    (c = atomic_fetch_add(&j->next, 1)) < j->n_subs) {
		size_t b = (c + 1) * LEAF_CHUNK < j->n ? (c + 1) * LEAF_CHUNK :
		    j->n;
		acc_sumstream_init(&j->subs[c], j->nl);
		for (i = c * LEAF_CHUNK; i < b; i++) {
			acc_counter_tally(j->counter, j->inv, i, tally);
			acc_sumstream_push(&j->subs[c],
			    j->hashes + i * ACC_SHA256_LEN, tally);
		}
	}
	return NULL;
}

static void *
vtally_thread(void *arg)
{
	vtally_run(arg);
	acc_crypto_thread_end();
	return NULL;
}

static int
verify_full(const acc_decl *d, const struct acc_treaty *t,
    const acc_sumnode *want, acc_err *err)
{
	struct acc_inventory *inv = NULL;
	acc_counter *counter = NULL;
	struct vwork w;
	struct vtally tj;
	acc_sumstream stream, *subs = NULL;
	acc_sumnode root;
	size_t i, k, n = d->n_disclosed, nl = t->n_limits, n_subs;
	pthread_t th;
	bool threaded = false;
	int rc;

	memset(&w, 0, sizeof(w));
	pthread_mutex_init(&w.mu, NULL);
	pthread_cond_init(&w.cv, NULL);
	w.d = d;
	w.n_chunks = (n + READ_UNIT - 1) / READ_UNIT;
	n_subs = (n + LEAF_CHUNK - 1) / LEAF_CHUNK;
	rc = tally_inventory(&inv, d, t, d->name, "disclosed[%u].item", err);
	if (rc == 0)
		rc = acc_inventory_reserve(inv, n, err);
	if (rc != 0)
		goto done;
	w.chunks = calloc(w.n_chunks ? w.n_chunks : 1, sizeof(*w.chunks));
	w.hashes = malloc((n ? n : 1) * ACC_SHA256_LEN);
	subs = calloc(n_subs ? n_subs : 1, sizeof(*subs));
	if (w.chunks == NULL || w.hashes == NULL || subs == NULL) {
		rc = acc_err_set(err, ACC_ERR, d->name, "out of memory");
		goto done;
	}
	for (k = 0; k < w.n_chunks; k++) {
		w.chunks[k].a = k * READ_UNIT;
		w.chunks[k].b = k + 1 < w.n_chunks ? (k + 1) * READ_UNIT : n;
		acc_err_clear(&w.chunks[k].err);
	}
	threaded = w.n_chunks > 1 &&
	    pthread_create(&th, NULL, vread_thread, &w) == 0;

	/* add each chunk's records to the inventory, in order */
	for (k = 0; rc == 0 && k < w.n_chunks; k++) {
		struct vchunk *c = &w.chunks[k];
		vwork_wait(&w, c);
		for (i = c->a; rc == 0 && i < c->a + c->n_read; i++) {
			const struct vrec *r = &c->recs[i - c->a];
			char path[64];
			/* the UID map is large: load the slot of a later item;
			 * and the records, which the other thread may have
			 * written, further ahead */
			if (i + 16 < c->a + c->n_read) {
				acc_strmap_prefetch(&inv->uids,
				    r[16].uid_hash);
				/* its strings, together in the arena */
				__builtin_prefetch(r[16].it.facility);
				__builtin_prefetch((const void *)((uintptr_t)
				    r[16].it.facility + 64));
			}
			if (i + 32 < c->a + c->n_read) {
				__builtin_prefetch(&r[32]);
				__builtin_prefetch((const char *)&r[33] - 1);
			}
			rc = item_rec_add(inv, &r->it, r->kind, 0, (uint32_t)i,
			    d->name, NULL, err);
			if (rc == 0 && i > 0 && leaf_cmp_refs(inv, i - 1, i) >=
			    0) {
				acc_dentry_path(path, sizeof(path), i, "");
				rc = vfail(err, d->name, path,
				    "items are not in strictly increasing "
				    "(facility, UID) order at %s",
				    inv->items[i].uid);
			}
		}
		if (rc == 0 && c->rc != 0) {
			if (err)
				*err = c->err;
			rc = c->rc;
		}
		vchunk_dispose(c);
		pthread_mutex_lock(&w.mu);
		w.added = k + 1;
		w.stop = rc != 0;
		pthread_cond_broadcast(&w.cv);
		pthread_mutex_unlock(&w.mu);
	}
	if (threaded) {
		pthread_mutex_lock(&w.mu);
		w.stop = true;
		pthread_mutex_unlock(&w.mu);
		pthread_join(th, NULL);
	}
	/* tallies and subtrees on the other thread while this one
	 * finalizes (checks the containers), then on both */
	if (rc == 0)
		rc = acc_counter_new(&counter, t, NULL, err);
	threaded = false;
	if (rc == 0) {
		tj.inv = inv;
		tj.counter = counter;
		tj.hashes = w.hashes;
		tj.subs = subs;
		tj.n_subs = n_subs;
		tj.n = n;
		tj.nl = nl;
		atomic_init(&tj.next, 0);
		atomic_init(&tj.stop, false);
		threaded = n_subs > 1 &&
		    pthread_create(&th, NULL, vtally_thread, &tj) == 0;
		rc = acc_inventory_finalize(inv, d->party, err);
		if (rc == 0)
			vtally_run(&tj);
		else
			atomic_store(&tj.stop, true);
		if (threaded)
			pthread_join(th, NULL);
	}
	if (rc != 0) {
		if (err && err->code == ACC_EINVAL)
			err->code = ACC_EVERIFY;
		if (rc == ACC_EINVAL)
			rc = ACC_EVERIFY;
		goto done;
	}
	acc_sumstream_init(&stream, nl);
	for (k = 0; k < n_subs; k++)
		if (!acc_sumstream_append(&stream, &subs[k])) {
			rc = acc_err_set(err, ACC_ERR, d->name,
			    "internal error: misaligned subtree");
			goto done;
		}
	acc_sumstream_root(&stream, &root);
	for (i = 0; i < nl; i++) {
		if (root.tally[i] != want->tally[i]) {
			char msg[200];
			snprintf(msg, sizeof(msg), "%s: the items add up to "
			    "%lld, the package declares %lld",
			    t->limits[i].e.id, (long long)root.tally[i],
			    (long long)want->tally[i]);
			rc = vfail(err, d->name, "totals", "%s", msg);
			goto done;
		}
	}
	if (!acc_ct_equal(root.hash, want->hash, ACC_SHA256_LEN))
		rc = vfail(err, d->name, "root",
		    "the disclosed items and salts do not rebuild the signed "
		    "root%s", "");
done:
	pthread_mutex_destroy(&w.mu);
	pthread_cond_destroy(&w.cv);
	acc_counter_free(counter);
	acc_inventory_free(inv);
	for (k = 0; w.chunks && k < w.n_chunks; k++)
		vchunk_dispose(&w.chunks[k]);
	free(w.chunks);
	free(w.hashes);
	free(subs);
	return rc;
}

int
acc_decl_verify(const acc_decl *d, const acc_treaty *t, const acc_vkey *key,
    acc_err *err)
{
	acc_vkey signer;
	acc_sumnode want;
	uint8_t digest[ACC_SHA256_LEN];
	char expect_name[ACC_KEY_NAME_MAX + 1], where[400];
	int rc;

	snprintf(where, sizeof(where), "%s key", d->name);
	rc = acc_vkey_parse(&signer, d->key_text, strlen(d->key_text), where,
	    err);
	if (rc != 0)
		return rc;
	if (signer.type != ACC_KEYTYPE_ED25519)
		return vfail(err, d->name, "key",
		    "expected an Ed25519 signing key (type 0x01)%s", "");
	snprintf(expect_name, sizeof(expect_name), "accord/%s/%s", d->treaty,
	    d->party);
	if (strcmp(signer.name, expect_name) != 0)
		return vfail(err, d->name, "key",
		    "the key is named %s, a declaration of this party and "
		    "treaty is signed by accord/<treaty>/<party>", signer.name);
	if (key->type != signer.type || key->id != signer.id ||
	    strcmp(key->name, signer.name) != 0 ||
	    !acc_ct_equal(key->pub, signer.pub, ACC_ED25519_PUB_LEN))
		return vfail(err, d->name, "key",
		    "signed by %s, which is not the trusted key for this party",
		    d->key_text);
	rc = acc_verify(d->signature, signer.pub, d->signed_bytes.data,
	    d->signed_bytes.len, err);
	if (rc != 0) {
		acc_err_clear(err);
		return vfail(err, d->name, "signature",
		    "the Ed25519 signature does not verify over the header%s",
		    "");
	}
	if (strcmp(d->treaty, t->id) != 0)
		return vfail(err, d->name, "treaty",
		    "declared under %s, checked against another treaty",
		    d->treaty);
	acc_sha256(digest, t->text, t->text_len);
	if (!acc_ct_equal(digest, d->treaty_digest, ACC_SHA256_LEN))
		return vfail(err, d->name, "treaty_digest",
		    "the definition of %s differs from the one declared under",
		    d->treaty);
	if (acc_treaty_party_find(t, d->party) < 0)
		return vfail(err, d->name, "party",
		    "%s is not a party to the treaty", d->party);
	rc = signed_root(&want, d, t, err);
	if (rc != 0 || d->escrow)
		return rc;
	return verify_full(d, t, &want, err);
}

/* ---- reveals ------------------------------------------------------ */

static json_t *
node_json(const acc_sumnode *n, size_t nl)
{
	json_t *o = json_object(), *t = json_array();
	size_t i;

	if (o == NULL || t == NULL) {
		json_decref(o);
		json_decref(t);
		return NULL;
	}
	for (i = 0; i < nl; i++)
		json_array_append_new(t, json_integer(n->tally[i]));
	json_object_set_new(o, "hash", b64_json(n->hash, ACC_SHA256_LEN));
	json_object_set_new(o, "tally", t);
	return o;
}

/* Rebuild the declarer's leaves from the stored canonical items. */
static int
leaves_from_items(struct leaves *l, struct acc_inventory **inv_out,
    json_t **items_out, const acc_decl *d, const struct acc_treaty *t,
    const char *items_json, size_t items_len, const uint8_t *secret,
    acc_err *err)
{
	struct acc_inventory *inv = NULL;
	acc_counter *counter = NULL;
	acc_buf canon = ACC_BUF_INIT(1u << 20);
	json_error_t jerr;
	json_t *items;
	size_t i, n, nl = t->n_limits;
	acc_hmac hmac;
	int rc;

	memset(l, 0, sizeof(*l));
	acc_hmac_init(&hmac, secret, ACC_DECL_SECRET_LEN);
	*inv_out = NULL;
	*items_out = NULL;
	items = json_loadb(items_json, items_len, JSON_REJECT_DUPLICATES,
	    &jerr);
	if (!json_is_array(items)) {
		json_decref(items);
		acc_hmac_dispose(&hmac);
		return acc_err_set(err, ACC_EINVAL, "stored items",
		    "the workspace's copy of the declared items is damaged");
	}
	n = json_array_size(items);
	if (n > d->leaves) {
		json_decref(items);
		acc_hmac_dispose(&hmac);
		return acc_err_set(err, ACC_EINVAL, "stored items",
		    "more stored items than the declaration has leaves");
	}
	l->n_items = n;
	l->n = (size_t)d->leaves;
	l->nl = nl;
	l->hashes = malloc((l->n ? l->n : 1) * ACC_SHA256_LEN);
	l->tallies = calloc((l->n ? l->n : 1) * (nl ? nl : 1),
	    sizeof(int64_t));
	l->salts = malloc((n ? n : 1) * ACC_SHA256_LEN);
	if (!l->hashes || !l->tallies || !l->salts) {
		rc = acc_err_set(err, ACC_ERR, "reveal", "out of memory");
		goto done;
	}
	rc = tally_inventory(&inv, d, t, "stored items", "[%u]", err);
	for (i = 0; rc == 0 && i < n; i++) {
		char path[64];
		snprintf(path, sizeof(path), "[%zu]", i);
		rc = item_add(inv, json_array_get(items, i), 0, (uint32_t)i,
		    "stored items", path, true, err);
	}
	if (rc == 0)
		rc = acc_inventory_finalize(inv, d->party, err);
	if (rc == 0)
		rc = acc_counter_new(&counter, t, NULL, err);
	for (i = 0; rc == 0 && i < n; i++) {
		uint8_t *salt = l->salts + i * ACC_SHA256_LEN;
		const char *uid = inv->items[i].uid;
		acc_buf_reset(&canon);
		rc = acc_cjson_encode(&canon, json_array_get(items, i),
		    "stored items", err);
		if (rc != 0)
			break;
		acc_hmac_mac(&hmac, salt, uid, strlen(uid));
		leaf_hash(l->hashes + i * ACC_SHA256_LEN, salt, canon.data,
		    canon.len);
		acc_counter_tally(counter, inv, i, l->tallies + i * nl);
	}
	for (i = n; rc == 0 && i < l->n; i++) {
		uint8_t salt[ACC_SHA256_LEN];
		pad_salt(salt, &hmac, i);
		leaf_hash(l->hashes + i * ACC_SHA256_LEN, salt, PAD_ITEM,
		    sizeof(PAD_ITEM) - 1);
	}
done:
	acc_hmac_dispose(&hmac);
	acc_counter_free(counter);
	acc_buf_dispose(&canon);
	if (rc != 0) {
		leaves_dispose(l);
		acc_inventory_free(inv);
		json_decref(items);
		return rc;
	}
	*inv_out = inv;
	*items_out = items;
	return 0;
}

static int
reveal_entry(json_t *list, const acc_sumtree *tree, const struct leaves *l,
    json_t *items, size_t index)
{
	acc_sumnode path[64];
	size_t n_path = acc_sumtree_path(tree, index, path), i;
	json_t *e = json_object(), *p = json_array();
	uint8_t salt[ACC_SHA256_LEN];

	if (e == NULL || p == NULL) {
		json_decref(e);
		json_decref(p);
		return ACC_ERR;
	}
	json_object_set_new(e, "index", json_integer((json_int_t)index));
	if (index < l->n_items) {
		json_object_set(e, "item", json_array_get(items, index));
		json_object_set_new(e, "salt", b64_json(l->salts +
		    index * ACC_SHA256_LEN, ACC_SHA256_LEN));
	} else {
		json_object_set_new(e, "pad", json_true());
		json_object_set_new(e, "salt", json_null());
		(void)salt;
	}
	for (i = 0; i < n_path; i++)
		json_array_append_new(p, node_json(&path[i], l->nl));
	json_object_set_new(e, "path", p);
	return json_array_append_new(list, e) == 0 ? 0 : ACC_ERR;
}

int
acc_reveal_make(acc_buf *out, const acc_decl *d, const acc_treaty *t,
    const char *items_json, size_t items_len,
    const uint8_t secret[ACC_DECL_SECRET_LEN], const char *const *uids,
    size_t n_uids, const char *facility, acc_err *err)
{
	struct acc_inventory *inv = NULL;
	struct leaves l;
	acc_sumtree tree;
	acc_sumnode root;
	json_t *items = NULL, *doc = NULL, *list = NULL;
	char *text = NULL;
	size_t i;
	int rc;

	memset(&tree, 0, sizeof(tree));
	if ((n_uids == 0) == (facility == NULL))
		return acc_err_set(err, ACC_EINVAL, "reveal",
		    "expected item UIDs or one facility");
	rc = leaves_from_items(&l, &inv, &items, d, t, items_json, items_len,
	    secret, err);
	if (rc != 0)
		return rc;
	rc = acc_sumtree_build(&tree, l.hashes, l.tallies, l.n, l.nl, err);
	if (rc != 0)
		goto done;
	acc_sumtree_root(&tree, &root);
	if (!acc_ct_equal(root.hash, d->root_hash, ACC_SHA256_LEN)) {
		rc = acc_err_set(err, ACC_EVERIFY, d->name,
		    "the workspace's items and secret do not rebuild this "
		    "declaration's root (is it this workspace's?)");
		goto done;
	}
	doc = json_object();
	list = json_array();
	if (doc == NULL || list == NULL)
		goto oom;
	json_object_set_new(doc, "format", json_string(REVEAL_FORMAT));
	json_object_set_new(doc, "declaration", b64_json(d->id,
	    ACC_SHA256_LEN));
	json_object_set_new(doc, "tree_size", json_integer((json_int_t)l.n));
	if (facility) {
		size_t a = l.n_items, b = 0;
		for (i = 0; i < l.n_items; i++) {
			const char *f = inv->facilities[inv->items[i].facility]
			    .id;
			if (strcmp(f, facility) == 0) {
				if (a == l.n_items)
					a = i;
				b = i + 1;
			}
		}
		if (a == l.n_items) {
			rc = acc_err_set(err, ACC_ENOTFOUND, facility,
			    "no declared item is at this facility");
			goto done;
		}
		json_object_set_new(doc, "facility", json_string(facility));
		/* the neighbours prove that the range is complete */
		if (a > 0 && reveal_entry(list, &tree, &l, items, a - 1))
			goto oom;
		for (i = a; i < b; i++)
			if (reveal_entry(list, &tree, &l, items, i))
				goto oom;
		if (b < l.n && reveal_entry(list, &tree, &l, items, b))
			goto oom;
	} else {
		for (i = 0; i < n_uids; i++) {
			uint32_t idx;
			if (acc_strmap_get(&inv->uids, uids[i], &idx) != 0) {
				rc = acc_err_set(err, ACC_ENOTFOUND, uids[i],
				    "no item with this UID in the "
				    "declaration");
				goto done;
			}
			if (reveal_entry(list, &tree, &l, items, idx))
				goto oom;
		}
	}
	json_object_set(doc, "items", list);
	/* pads in a facility reveal carry their salt */
	{
		json_t *e;
		size_t k;
		json_array_foreach(list, k, e) {
			if (json_object_get(e, "pad")) {
				uint8_t salt[ACC_SHA256_LEN];
				json_int_t idx = json_integer_value(
				    json_object_get(e, "index"));
				acc_hmac h;
				acc_hmac_init(&h, secret, ACC_DECL_SECRET_LEN);
				pad_salt(salt, &h, (uint64_t)idx);
				acc_hmac_dispose(&h);
				json_object_set_new(e, "salt", b64_json(salt,
				    ACC_SHA256_LEN));
			}
		}
	}
	text = json_dumps(doc, JSON_COMPACT);
	if (text == NULL)
		goto oom;
	rc = acc_buf_puts(out, text);
	if (rc == 0)
		rc = acc_buf_puts(out, "\n");
	if (rc != 0)
		rc = acc_err_set(err, ACC_ELIMIT, "reveal",
		    "reveal larger than the output limit");
	goto done;
oom:
	rc = acc_err_set(err, ACC_ERR, "reveal", "out of memory");
done:
	if (text) {
		acc_wipe(text, strlen(text));
		free(text);
	}
	json_decref(list);
	json_decref(doc);
	json_decref(items);
	acc_inventory_free(inv);
	acc_sumtree_dispose(&tree);
	leaves_dispose(&l);
	return rc;
}

static int
path_parse(acc_sumnode *path, size_t *n_path, json_t *p, size_t nl,
    const char *name, const char *where, acc_err *err)
{
	size_t i, j;

	if (!json_is_array(p) || json_array_size(p) > 64)
		return perr(err, name, where, ACC_EINVAL,
		    "expected a path of at most 64 nodes%s", "");
	*n_path = json_array_size(p);
	for (i = 0; i < *n_path; i++) {
		json_t *node = json_array_get(p, i), *t;
		char np[128];
		snprintf(np, sizeof(np), "%s[%zu]", where, i);
		if (!json_is_object(node) || json_object_size(node) != 2)
			return perr(err, name, np, ACC_EINVAL,
			    "expected {\"hash\", \"tally\"}%s", "");
		if (get_b64(node, "hash", path[i].hash, ACC_SHA256_LEN, name,
		    np, err) != 0)
			return ACC_EINVAL;
		t = json_object_get(node, "tally");
		if (!json_is_array(t) || json_array_size(t) != nl)
			return perr(err, name, np, ACC_EINVAL,
			    "expected a tally of one number per limit%s", "");
		for (j = 0; j < nl; j++) {
			json_t *x = json_array_get(t, j);
			if (!json_is_integer(x))
				return perr(err, name, np, ACC_EINVAL,
				    "expected whole numbers in the tally%s",
				    "");
			path[i].tally[j] = json_integer_value(x);
			/* counts are never negative: a negative partial sum
			 * would hide items from the totals */
			if (path[i].tally[j] < 0 ||
			    path[i].tally[j] >= ACC_TALLY_MAX)
				return perr(err, name, np, ACC_EVERIFY,
				    "a tally is negative or too large (%s)",
				    "no count is below zero");
		}
	}
	return 0;
}

static int
u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int
acc_reveal_verify(const acc_decl *d, const acc_treaty *t, const char *text,
    size_t len, const char *name, acc_reveal_summary *sum, acc_err *err)
{
	static const char *const keys[] = { "format", "declaration",
		"tree_size", "facility", "items", NULL };
	static const char *const ekeys[] = { "index", "item", "salt", "pad",
		"path", NULL };
	json_error_t jerr;
	json_t *doc, *list, *e;
	acc_sumnode root;
	uint8_t declared[ACC_SHA256_LEN];
	const char *facility = NULL;
	acc_buf canon = ACC_BUF_INIT(1u << 20);
	acc_counter *counter = NULL;
	uint64_t *indexes = NULL;
	char *facs = NULL;
	size_t i, n = 0, nl = t->n_limits;
	int rc;

	memset(sum, 0, sizeof(*sum));
	doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (doc == NULL) {
		char where[300];
		snprintf(where, sizeof(where), "%s:%d:%d", name, jerr.line,
		    jerr.column);
		return acc_err_set(err, ACC_EINVAL, where,
		    "malformed JSON: %s", jerr.text);
	}
	rc = json_is_object(doc) ? check_keys(doc, keys, name, "", err) :
	    perr(err, name, "", ACC_EINVAL, "expected a reveal object%s", "");
	if (rc == 0) {
		json_t *f = json_object_get(doc, "format");
		if (!json_is_string(f) ||
		    strcmp(json_string_value(f), REVEAL_FORMAT) != 0)
			rc = perr(err, name, "format", ACC_EINVAL,
			    "expected \"" REVEAL_FORMAT "\"%s", "");
	}
	if (rc == 0)
		rc = get_b64(doc, "declaration", declared, ACC_SHA256_LEN,
		    name, "", err);
	if (rc != 0)
		goto done;
	if (!acc_ct_equal(declared, d->id, ACC_SHA256_LEN)) {
		rc = vfail(err, name, "declaration",
		    "the reveal is for another declaration than %s", d->name);
		goto done;
	}
	if (!json_is_integer(json_object_get(doc, "tree_size")) ||
	    (uint64_t)json_integer_value(json_object_get(doc,
	    "tree_size")) != d->leaves) {
		char num[32];
		snprintf(num, sizeof(num), "%llu",
		    (unsigned long long)d->leaves);
		rc = vfail(err, name, "tree_size",
		    "expected the declaration's %s leaves", num);
		goto done;
	}
	if (json_object_get(doc, "facility")) {
		if (!json_is_string(json_object_get(doc, "facility"))) {
			rc = perr(err, name, "facility", ACC_EINVAL,
			    "expected a facility id%s", "");
			goto done;
		}
		facility = json_string_value(json_object_get(doc, "facility"));
		snprintf(sum->facility, sizeof(sum->facility), "%s", facility);
	}
	list = json_object_get(doc, "items");
	if (!json_is_array(list) || json_array_size(list) == 0) {
		rc = perr(err, name, "items", ACC_EINVAL,
		    "expected a non-empty list of revealed items%s", "");
		goto done;
	}
	n = json_array_size(list);
	indexes = calloc(n, sizeof(*indexes));
	facs = calloc(n, 65);
	if (indexes == NULL || facs == NULL) {
		rc = acc_err_set(err, ACC_ERR, name, "out of memory");
		goto done;
	}
	rc = signed_root(&root, d, t, err);
	if (rc == 0)
		rc = acc_counter_new(&counter, t, NULL, err);
	json_array_foreach(list, i, e) {
		acc_sumnode leaf, path[64];
		size_t n_path = 0;
		uint8_t salt[ACC_SHA256_LEN];
		char p[64];
		json_t *ix;

		if (rc != 0)
			break;
		memset(&leaf, 0, sizeof(leaf));
		snprintf(p, sizeof(p), "items[%zu]", i);
		if (!json_is_object(e)) {
			rc = perr(err, name, p, ACC_EINVAL,
			    "expected an object%s", "");
			break;
		}
		rc = check_keys(e, ekeys, name, p, err);
		if (rc != 0)
			break;
		ix = json_object_get(e, "index");
		if (!json_is_integer(ix) || json_integer_value(ix) < 0) {
			rc = perr(err, name, p, ACC_EINVAL,
			    "expected a leaf index%s", "");
			break;
		}
		indexes[i] = (uint64_t)json_integer_value(ix);
		rc = get_b64(e, "salt", salt, ACC_SHA256_LEN, name, p, err);
		if (rc == 0)
			rc = path_parse(path, &n_path, json_object_get(e,
			    "path"), nl, name, p, err);
		if (rc != 0)
			break;
		if (json_object_get(e, "pad")) {
			if (!json_is_true(json_object_get(e, "pad")) ||
			    json_object_get(e, "item")) {
				rc = perr(err, name, p, ACC_EINVAL,
				    "a pad entry has \"pad\": true and no "
				    "item%s", "");
				break;
			}
			leaf_hash(leaf.hash, salt, PAD_ITEM,
			    sizeof(PAD_ITEM) - 1);
		} else {
			struct acc_inventory *one = NULL;
			char ip[80];
			snprintf(ip, sizeof(ip), "%s.item", p);
			rc = tally_inventory(&one, d, t, name,
			    "items[%u].item", err);
			if (rc == 0)
				rc = item_add(one, json_object_get(e, "item"),
				    0, (uint32_t)i, name, ip, false, err);
			if (rc == 0)
				rc = acc_inventory_finalize(one, d->party,
				    err);
			if (rc == 0) {
				acc_counter_tally(counter, one, 0, leaf.tally);
				snprintf(facs + i * 65, 65, "%s",
				    one->facilities[0].id);
				acc_buf_reset(&canon);
				rc = acc_cjson_encode(&canon,
				    json_object_get(e, "item"), ip, err);
			}
			acc_inventory_free(one);
			if (rc != 0)
				break;
			leaf_hash(leaf.hash, salt, canon.data, canon.len);
		}
		if (!acc_sumtree_verify(&leaf, indexes[i], d->leaves, path,
		    n_path, &root, nl)) {
			rc = vfail(err, name, p,
			    "the item, its salt and its recomputed tally do "
			    "not fold up its path to the signed root and "
			    "totals%s", "");
			break;
		}
		sum->n_items++;
		if (facility && strcmp(facs + i * 65, facility) == 0)
			sum->n_facility++;
	}
	if (rc == 0) {
		/* each leaf at most once */
		uint64_t *sorted = malloc(n * sizeof(*sorted));
		size_t k;
		if (sorted == NULL) {
			rc = acc_err_set(err, ACC_ERR, name, "out of memory");
		} else {
			memcpy(sorted, indexes, n * sizeof(*sorted));
			qsort(sorted, n, sizeof(*sorted), u64_cmp);
			for (k = 1; k < n && rc == 0; k++) {
				char num[32];
				if (sorted[k] != sorted[k - 1])
					continue;
				snprintf(num, sizeof(num), "%llu",
				    (unsigned long long)sorted[k]);
				rc = perr(err, name, "items", ACC_EINVAL,
				    "leaf %s is revealed twice", num);
			}
			free(sorted);
		}
	}
	if (rc == 0 && facility) {
		/* complete: the facility's leaves are contiguous, and the
		 * leaves around them are revealed and elsewhere */
		uint64_t lo = UINT64_MAX, hi = 0;
		size_t k;
		for (k = 0; k < n; k++) {
			if (strcmp(facs + k * 65, facility) != 0)
				continue;
			if (indexes[k] < lo)
				lo = indexes[k];
			if (indexes[k] > hi)
				hi = indexes[k];
		}
		if (sum->n_facility == 0 || hi - lo + 1 != sum->n_facility) {
			rc = vfail(err, name, "items",
			    "the items of %s are not one contiguous range",
			    facility);
		} else {
			bool below = lo == 0, above = hi + 1 == d->leaves;
			for (k = 0; k < n; k++) {
				const char *f = facs + k * 65;
				bool pad = f[0] == '\0';
				if (strcmp(f, facility) == 0)
					continue;
				/* leaves are in facility order, pads last:
				 * the neighbour below sorts before, the one
				 * above after (or is a pad) */
				if (indexes[k] + 1 == lo && !pad &&
				    strcmp(f, facility) < 0)
					below = true;
				if (indexes[k] == hi + 1 &&
				    (pad || strcmp(f, facility) > 0))
					above = true;
			}
			if (!below || !above)
				rc = vfail(err, name, "items",
				    "the reveal does not show the leaves "
				    "around %s, so it may be incomplete",
				    facility);
		}
	}
done:
	acc_counter_free(counter);
	acc_buf_dispose(&canon);
	free(indexes);
	free(facs);
	json_decref(doc);
	return rc;
}

/* ---- differences -------------------------------------------------- */

struct ditem {
	const char *uid;
	json_t *item;
};

static int
ditem_cmp(const void *a, const void *b)
{
	return strcmp(((const struct ditem *)a)->uid,
	    ((const struct ditem *)b)->uid);
}

/*
 * The disclosed items of a full package, sorted by UID; *list (to be
 * released) holds them.
 */
static int
ditems(struct ditem **out, size_t *n_out, json_t **list_out,
    const acc_decl *d, acc_err *err)
{
	json_t *list;
	json_error_t jerr;
	size_t i, n;
	struct ditem *v;

	*out = NULL;
	*n_out = 0;
	*list_out = NULL;
	if (d->escrow || !d->disc_is_list)
		return acc_err_set(err, ACC_EINVAL, d->name,
		    "diff needs full declarations (this one is escrow)");
	list = json_loadb(d->text + d->disc_off, d->disc_len,
	    JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_array(list)) {
		json_decref(list);
		return acc_err_set(err, ACC_EINVAL, d->name,
		    "disclosed: malformed JSON: %s", jerr.text);
	}
	*list_out = list;
	n = json_array_size(list);
	v = calloc(n ? n : 1, sizeof(*v));
	if (v == NULL)
		return acc_err_set(err, ACC_ERR, d->name, "out of memory");
	for (i = 0; i < n; i++) {
		json_t *it = json_object_get(json_array_get(list, i), "item");
		json_t *u = json_object_get(it, "uid");
		if (!json_is_string(u)) {
			free(v);
			return acc_err_set(err, ACC_EINVAL, d->name,
			    "disclosed[%zu].item has no uid", i);
		}
		v[i].uid = json_string_value(u);
		v[i].item = it;
	}
	qsort(v, n, sizeof(*v), ditem_cmp);
	*out = v;
	*n_out = n;
	return 0;
}

static const char *
sfield(json_t *item, const char *key)
{
	json_t *v = json_object_get(item, key);

	return json_is_string(v) ? json_string_value(v) : "";
}

static long long
wfield(json_t *item)
{
	json_t *v = json_object_get(item, "warheads");

	return json_is_integer(v) ? (long long)json_integer_value(v) : -1;
}

static int
add_change(json_t *changes, const char *uid, const char *kind,
    const char *from, const char *to)
{
	json_t *c = json_pack("{s:s, s:s}", "uid", uid, "change", kind);

	if (c == NULL)
		return ACC_ERR;
	if (from)
		json_object_set_new(c, "from", json_string(from));
	if (to)
		json_object_set_new(c, "to", json_string(to));
	return json_array_append_new(changes, c) ? ACC_ERR : 0;
}

int
acc_decl_diff(acc_buf *out, const acc_decl *a, const acc_decl *b,
    acc_format fmt, size_t *n_diffs, acc_err *err)
{
	struct ditem *x = NULL, *y = NULL;
	json_t *xl = NULL, *yl = NULL;
	size_t nx = 0, ny = 0, i = 0, j = 0, k;
	json_t *doc = NULL, *changes = NULL, *totals = NULL;
	char da[ACC_DATE_LEN], db[ACC_DATE_LEN];
	int rc;

	*n_diffs = 0;
	rc = ditems(&x, &nx, &xl, a, err);
	if (rc == 0)
		rc = ditems(&y, &ny, &yl, b, err);
	if (rc != 0)
		goto done;
	if (strcmp(a->party, b->party) != 0 ||
	    strcmp(a->treaty, b->treaty) != 0) {
		rc = acc_err_set(err, ACC_EINVAL, b->name,
		    "declarations of different parties or treaties");
		goto done;
	}
	changes = json_array();
	totals = json_object();
	if (changes == NULL || totals == NULL)
		goto oom;
	while (i < nx || j < ny) {
		int c = i >= nx ? 1 : j >= ny ? -1 : strcmp(x[i].uid, y[j].uid);
		if (c < 0) {
			if (add_change(changes, x[i].uid, "removed",
			    sfield(x[i].item, "type"), NULL))
				goto oom;
			i++;
			continue;
		}
		if (c > 0) {
			if (add_change(changes, y[j].uid, "added", NULL,
			    sfield(y[j].item, "type")))
				goto oom;
			j++;
			continue;
		}
		if (strcmp(sfield(x[i].item, "facility"),
		    sfield(y[j].item, "facility")) != 0 &&
		    add_change(changes, x[i].uid, "moved",
		    sfield(x[i].item, "facility"),
		    sfield(y[j].item, "facility")))
			goto oom;
		if (strcmp(sfield(x[i].item, "status"),
		    sfield(y[j].item, "status")) != 0 &&
		    add_change(changes, x[i].uid, "status",
		    sfield(x[i].item, "status"), sfield(y[j].item, "status")))
			goto oom;
		if (wfield(x[i].item) != wfield(y[j].item)) {
			char f[32], t2[32];
			snprintf(f, sizeof(f), "%lld", wfield(x[i].item));
			snprintf(t2, sizeof(t2), "%lld", wfield(y[j].item));
			if (add_change(changes, x[i].uid, "warheads", f, t2))
				goto oom;
		}
		if (strcmp(sfield(x[i].item, "contained_in"),
		    sfield(y[j].item, "contained_in")) != 0 &&
		    add_change(changes, x[i].uid, "contained_in",
		    sfield(x[i].item, "contained_in"),
		    sfield(y[j].item, "contained_in")))
			goto oom;
		i++;
		j++;
	}
	for (k = 0; k < b->n_totals; k++) {
		int64_t before = 0;
		size_t m;
		for (m = 0; m < a->n_totals; m++)
			if (strcmp(a->total_ids[m], b->total_ids[k]) == 0)
				before = a->totals[m];
		json_object_set_new(totals, b->total_ids[k], json_pack(
		    "{s:I, s:I, s:I}", "from", (json_int_t)before, "to",
		    (json_int_t)b->totals[k], "change",
		    (json_int_t)(b->totals[k] - before)));
	}
	*n_diffs = json_array_size(changes);
	acc_date_format(da, a->as_of);
	acc_date_format(db, b->as_of);
	if (fmt == ACC_FORMAT_JSON) {
		char *text;
		doc = json_pack("{s:s, s:s, s:s, s:s, s:O, s:O}", "treaty",
		    b->treaty, "party", b->party, "from", da, "to", db,
		    "changes", changes, "totals", totals);
		text = doc ? json_dumps(doc, JSON_INDENT(2)) : NULL;
		if (text == NULL)
			goto oom;
		rc = acc_buf_puts(out, text);
		if (rc == 0)
			rc = acc_buf_puts(out, "\n");
		free(text);
	} else {
		json_t *c;
		const char *lim;
		json_t *tv;
		bool md = fmt == ACC_FORMAT_MARKDOWN;
		rc = acc_buf_printf(out, "%s%s %s: %s -> %s, %zu item "
		    "change%s\n\n", md ? "## " : "", b->treaty, b->party, da,
		    db, *n_diffs, *n_diffs == 1 ? "" : "s");
		json_array_foreach(changes, k, c) {
			const char *from = sfield(c, "from");
			const char *to = sfield(c, "to");
			if (strcmp(sfield(c, "change"), "contained_in") == 0) {
				from = from[0] ? from : "(none)";
				to = to[0] ? to : "(none)";
			}
			rc |= acc_buf_printf(out, "%s%-12s %-24s %s%s%s\n",
			    md ? "- " : "  ", sfield(c, "change"),
			    sfield(c, "uid"), from, from[0] && to[0] ?
			    " -> " : "", to);
		}
		rc |= acc_buf_printf(out, "\n%stotals\n", md ? "### " : "");
		json_object_foreach(totals, lim, tv) {
			rc |= acc_buf_printf(out, "%s%-24s %lld -> %lld (%+lld)\n",
			    md ? "- " : "  ", lim, (long long)json_integer_value(
			    json_object_get(tv, "from")), (long long)
			    json_integer_value(json_object_get(tv, "to")),
			    (long long)json_integer_value(json_object_get(tv,
			    "change")));
		}
		if (rc != 0)
			rc = ACC_ELIMIT;
	}
	if (rc != 0)
		rc = acc_err_set(err, rc, "diff", "output larger than allowed");
	goto done;
oom:
	rc = acc_err_set(err, ACC_ERR, "diff", "out of memory");
done:
	json_decref(doc);
	json_decref(changes);
	json_decref(totals);
	json_decref(xl);
	json_decref(yl);
	free(x);
	free(y);
	return rc;
}
