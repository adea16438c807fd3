/*
 * The sum tree: building it level by level, computing its root and
 * inclusion paths from stored complete subtrees, and verifying a path.
 * Owns the node hashing of DESIGN.md section 3; never sees items.
 */
#include <stdlib.h>
#include <string.h>

#include "sumtree.h"

static void
enc_tally(uint8_t *out, const int64_t *t, size_t nl)
{
	size_t i;
	int b;

	for (i = 0; i < nl; i++) {
		uint64_t v = (uint64_t)t[i];
		for (b = 7; b >= 0; b--) {
			out[i * 8 + (size_t)b] = (uint8_t)(v & 0xff);
			v >>= 8;
		}
	}
}

static void
join_raw(uint8_t out_h[ACC_SHA256_LEN], int64_t *out_t, const uint8_t *lh,
    const int64_t *lt, const uint8_t *rh, const int64_t *rt, size_t nl)
{
	/* one contiguous message: a single digest update is cheapest */
	uint8_t msg[1 + 2 * (ACC_SHA256_LEN + ACC_LIMITS_MAX * 8)];
	uint8_t *p = msg;
	size_t i;

	*p++ = 0x01;
	memcpy(p, lh, ACC_SHA256_LEN);
	p += ACC_SHA256_LEN;
	enc_tally(p, lt, nl);
	p += nl * 8;
	memcpy(p, rh, ACC_SHA256_LEN);
	p += ACC_SHA256_LEN;
	enc_tally(p, rt, nl);
	p += nl * 8;
	acc_sha256(out_h, msg, (size_t)(p - msg));
	for (i = 0; i < nl; i++)
		out_t[i] = lt[i] + rt[i];
}

void
acc_sumnode_join(acc_sumnode *out, const acc_sumnode *l, const acc_sumnode *r,
    size_t nl)
{
	acc_sumnode tmp;

	join_raw(tmp.hash, tmp.tally, l->hash, l->tally, r->hash, r->tally, nl);
	*out = tmp;
}

void
acc_sumtree_dispose(acc_sumtree *t)
{
	size_t k;

	if (t == NULL)
		return;
	for (k = 0; k < t->n_levels; k++) {
		free(t->hash[k]);
		free(t->tally[k]);
	}
	memset(t, 0, sizeof(*t));
}

int
acc_sumtree_build(acc_sumtree *t, const uint8_t *hashes,
    const int64_t *tallies, size_t n, size_t nl, acc_err *err)
{
	size_t k, i;

	memset(t, 0, sizeof(*t));
	if (nl > ACC_LIMITS_MAX || n > (1ull << 40))
		return acc_err_set(err, ACC_ELIMIT, "sum tree",
		    "too many leaves or tally components");
	t->n = n;
	t->nl = nl;
	for (k = 0; (n >> k) > 0; k++) {
		size_t m = n >> k;
		t->hash[k] = malloc(m * ACC_SHA256_LEN);
		t->tally[k] = malloc(m * (nl ? nl : 1) * sizeof(int64_t));
		t->n_levels = k + 1;
		if (t->hash[k] == NULL || t->tally[k] == NULL) {
			acc_sumtree_dispose(t);
			return acc_err_set(err, ACC_ERR, "sum tree",
			    "out of memory");
		}
		if (k == 0) {
			memcpy(t->hash[0], hashes, m * ACC_SHA256_LEN);
			memcpy(t->tally[0], tallies, m * nl * sizeof(int64_t));
			continue;
		}
		for (i = 0; i < m; i++)
			join_raw(t->hash[k] + i * ACC_SHA256_LEN,
			    t->tally[k] + i * nl,
			    t->hash[k - 1] + 2 * i * ACC_SHA256_LEN,
			    t->tally[k - 1] + 2 * i * nl,
			    t->hash[k - 1] + (2 * i + 1) * ACC_SHA256_LEN,
			    t->tally[k - 1] + (2 * i + 1) * nl, nl);
	}
	return 0;
}

/* Largest power of two strictly less than n (n >= 2). */
static size_t
split(size_t n)
{
	size_t k = 1;

	while (k << 1 < n)
		k <<= 1;
	return k;
}

/* MTH over leaves [a, b), a < b, shaped as RFC 9162. */
static void
subtree(const acc_sumtree *t, size_t a, size_t b, acc_sumnode *out)
{
	size_t w = b - a, k = 0;

	if ((w & (w - 1)) == 0 && a % w == 0) {
		while (((size_t)1 << k) < w)
			k++;
		memcpy(out->hash, t->hash[k] + (a >> k) * ACC_SHA256_LEN,
		    ACC_SHA256_LEN);
		memcpy(out->tally, t->tally[k] + (a >> k) * t->nl,
		    t->nl * sizeof(int64_t));
		return;
	}
	{
		acc_sumnode l, r;
		size_t s = split(w);
		subtree(t, a, a + s, &l);
		subtree(t, a + s, b, &r);
		acc_sumnode_join(out, &l, &r, t->nl);
	}
}

void
acc_sumtree_root(const acc_sumtree *t, acc_sumnode *out)
{
	memset(out, 0, sizeof(*out));
	if (t->n == 0) {
		acc_sha256(out->hash, "", 0);
		return;
	}
	subtree(t, 0, t->n, out);
}

size_t
acc_sumtree_path(const acc_sumtree *t, size_t m, acc_sumnode *out)
{
	acc_sumnode rev[64];
	size_t a = 0, b = t->n, n = 0, i;

	/* RFC 9162 2.1.3.1, top down; reversed at the end */
	while (b - a > 1 && n < 64) {
		size_t s = split(b - a);
		if (m < a + s) {
			subtree(t, a + s, b, &rev[n++]);
			b = a + s;
		} else {
			subtree(t, a, a + s, &rev[n++]);
			a = a + s;
		}
	}
	for (i = 0; i < n; i++)
		out[i] = rev[n - 1 - i];
	return n;
}

bool
acc_sumtree_verify(const acc_sumnode *leaf, uint64_t index, uint64_t size,
    const acc_sumnode *path, size_t n_path, const acc_sumnode *root,
    size_t nl)
{
	acc_sumnode r = *leaf;
	uint64_t fn = index, sn;
	size_t i;

	/* RFC 9162 2.1.3.2 */
	if (index >= size || n_path > 64 || nl > ACC_LIMITS_MAX)
		return false;
	for (i = 0; i < nl; i++) {
		size_t k;
		if (leaf->tally[i] < 0 || leaf->tally[i] >= ACC_TALLY_MAX ||
		    root->tally[i] < 0 || root->tally[i] >= ACC_TALLY_MAX)
			return false;
		for (k = 0; k < n_path; k++)
			if (path[k].tally[i] < 0 ||
			    path[k].tally[i] >= ACC_TALLY_MAX)
				return false;
	}
	sn = size - 1;
	for (i = 0; i < n_path; i++) {
		if (sn == 0)
			return false;
		if ((fn & 1) || fn == sn) {
			acc_sumnode_join(&r, &path[i], &r, nl);
			if (!(fn & 1))
				while (fn != 0 && !(fn & 1)) {
					fn >>= 1;
					sn >>= 1;
				}
		} else {
			acc_sumnode_join(&r, &r, &path[i], nl);
		}
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0)
		return false;
	if (!acc_ct_equal(r.hash, root->hash, ACC_SHA256_LEN))
		return false;
	for (i = 0; i < nl; i++)
		if (r.tally[i] != root->tally[i])
			return false;
	return true;
}

void
acc_sumstream_init(acc_sumstream *s, size_t nl)
{
	s->nl = nl;
	s->n = 0;
	s->depth = 0;
}

void
acc_sumstream_push(acc_sumstream *s, const uint8_t hash[ACC_SHA256_LEN],
    const int64_t *tally)
{
	acc_sumnode *top = &s->stack[s->depth++];
	uint64_t i = s->n++;

	memcpy(top->hash, hash, ACC_SHA256_LEN);
	memcpy(top->tally, tally, s->nl * sizeof(int64_t));
	/* RFC 9162 2.1.2: merge once per trailing 1 bit of the index */
	while (i & 1) {
		acc_sumnode *r = &s->stack[--s->depth];
		acc_sumnode *l = &s->stack[s->depth - 1];
		acc_sumnode_join(l, l, r, s->nl);
		i >>= 1;
	}
}

bool
acc_sumstream_append(acc_sumstream *dst, const acc_sumstream *src)
{
	size_t k = 0;
	int level;

	if (src->n == 0)
		return true;
	if (src->nl != dst->nl ||
	    (dst->n & ((UINT64_C(1) << (63 - __builtin_clzll(src->n))) - 1)))
		return false;
	/* src->stack holds one subtree per set bit of src->n, largest first */
	for (level = 63; level >= 0; level--) {
		uint64_t i;
		acc_sumnode *top;
		if (!(src->n >> level & 1))
			continue;
		i = dst->n >> level;
		top = &dst->stack[dst->depth++];
		*top = src->stack[k++];
		dst->n += UINT64_C(1) << level;
		while (i & 1) {
			acc_sumnode *r = &dst->stack[--dst->depth];
			acc_sumnode *l = &dst->stack[dst->depth - 1];
			acc_sumnode_join(l, l, r, dst->nl);
			i >>= 1;
		}
	}
	return true;
}

void
acc_sumstream_root(const acc_sumstream *s, acc_sumnode *out)
{
	acc_sumnode acc;
	size_t k;

	memset(out, 0, sizeof(*out));
	if (s->depth == 0) {
		acc_sha256(out->hash, "", 0);
		return;
	}
	acc = s->stack[s->depth - 1];
	for (k = s->depth - 1; k > 0; k--)
		acc_sumnode_join(&acc, &s->stack[k - 1], &acc, s->nl);
	*out = acc;
}
