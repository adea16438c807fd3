/*
 * The entries of a full declaration package's disclosed list, read in
 * place: {"item": {...}, "salt": base64}, one at a time (lib/jscan.c
 * checks every token). acc_dentry_fast reads the canonical spelling
 * that accord writes, and only that; acc_dentry_read reads any spelling
 * and names what is wrong. Internal to lib/ (lib/declaration.c).
 */
#include <stdio.h>
#include <string.h>

#include "dentry.h"

/* a path-named error, by its short name */
#define perr acc_decl_perr

int
acc_decl_perr(acc_err *err, const char *name, const char *path,
    acc_code code, const char *fmt, const char *a)
{
	char where[400];

	snprintf(where, sizeof(where), "%s%s%s", name, path[0] ? " " : "",
	    path);
	return acc_err_set(err, code, where, fmt, a);
}

void
acc_dentry_path(char *out, size_t cap, size_t i, const char *suffix)
{
	snprintf(out, cap, "disclosed[%zu]%s", i, suffix);
}

/* ---- any spelling ------------------------------------------------- */

/*
 * After a member of an object: 1 when a ',' brings another, 0 at the
 * closing '}', or the error (a negative code).
 */
static int
member_next(acc_jscan *s, acc_err *err)
{
	if (acc_jscan_accept(s, ','))
		return 1;
	return acc_jscan_expect(s, '}', "',' or '}'", err);
}

/*
 * "disclosed[i].item", then sub and ".key" when given: the path of a
 * member of entry i's item, formed only for an error (this reader runs
 * for every entry of a package).
 */
static const char *
ipath(char *out, size_t cap, size_t i, const char *sub, const char *key)
{
	size_t n;

	acc_dentry_path(out, cap, i, ".item");
	n = strlen(out);
	snprintf(out + n, cap - n, "%s%s%s", sub, key ? "." : "",
	    key ? key : "");
	return out;
}

/* The next string of entry i's item (at its member sub.key), decoded
 * into e->strs. */
static int
dentry_str(acc_jscan *s, acc_dentry *e, const char **out,
    const char *name, size_t i, const char *sub, const char *key,
    acc_err *err)
{
	size_t len, cap = DENTRY_STRS - e->used;
	char p[300];
	int rc;

	if (acc_jscan_peek(s) != '"')
		return perr(err, name, ipath(p, sizeof(p), i, sub, key),
		    ACC_EINVAL, "expected a string%s", "");
	rc = acc_jscan_string(s, e->strs + e->used, cap < DENTRY_STR_MAX ?
	    cap : DENTRY_STR_MAX, &len, err);
	if (rc == ACC_ELIMIT) {
		acc_err_clear(err);
		return perr(err, name, ipath(p, sizeof(p), i, sub, key),
		    ACC_ELIMIT, "longer than %s bytes", "1023");
	}
	if (rc != 0)
		return rc;
	*out = e->strs + e->used;
	e->used += len + 1;
	return 0;
}

enum { F_UID, F_TYPE, F_STATUS, F_FACILITY, F_KIND, F_WARHEADS,
	F_CONTAINED, F_NAME, F_ATTRS, F_N };

static const char *const item_keys[F_N] = { "uid", "type", "status",
	"facility", "facility_kind", "warheads", "contained_in", "name",
	"attrs" };

/* The item object of entry i, at s. */
static int
dentry_item(acc_jscan *s, acc_dentry *e, const char *name, size_t i,
    acc_err *err)
{
	/* where each string member goes */
	const char **const str_of[F_N] = { &e->it.uid, &e->it.type,
		&e->it.status, &e->it.facility, &e->kind, NULL,
		&e->it.contained_in, &e->it.name, NULL };
	unsigned seen = 0;
	char path[300];
	int rc;

	/* the item's path (sub, key), formed only for an error */
#define IPATH(sub, key) ipath(path, sizeof(path), i, sub, key)

	if (acc_jscan_peek(s) != '{')
		return perr(err, name, IPATH("", NULL), ACC_EINVAL,
		    "expected an item object%s", "");
	s->p++;
	e->it.warheads = -1;
	if (!acc_jscan_accept(s, '}'))
		for (;;) {
			char key[64], q[300];
			size_t klen;
			int f;
			rc = acc_jscan_string(s, key, sizeof(key), &klen, err);
			if (rc == ACC_ELIMIT) {
				acc_err_clear(err);
				return perr(err, name, IPATH("", NULL),
				    ACC_EINVAL, "unknown key (longer than any "
				    "known)%s", "");
			}
			if (rc == 0)
				rc = acc_jscan_expect(s, ':', "':'", err);
			if (rc != 0)
				return rc;
			for (f = 0; f < F_N; f++)
				if (strcmp(key, item_keys[f]) == 0)
					break;
			if (f == F_N) {
				acc_quote(q, sizeof(q), key, klen);
				return perr(err, name, IPATH("", NULL),
				    ACC_EINVAL, "unknown key \"%s\"", q);
			}
			if (seen & (1u << f))
				return perr(err, name, IPATH("", NULL),
				    ACC_EINVAL, "duplicate key \"%s\"",
				    item_keys[f]);
			seen |= 1u << f;
			switch (f) {
			case F_WARHEADS: {
				int64_t w = -1;
				int c = acc_jscan_peek(s);
				rc = c == '-' || (c >= '0' && c <= '9') ?
				    acc_jscan_int(s, &w, err) : ACC_EINVAL;
				if (rc != 0 || w < 0) {
					acc_err_clear(err);
					return perr(err, name,
					    IPATH("", "warheads"), ACC_EINVAL,
					    "expected a non-negative whole "
					    "number%s", "");
				}
				e->it.warheads = w;
				break;
			}
			case F_ATTRS:
#define Q IPATH(".attrs", NULL)
				if (!acc_jscan_accept(s, '{') ||
				    acc_jscan_peek(s) == '}')
					return perr(err, name, Q, ACC_EINVAL,
					    "expected a non-empty object of "
					    "strings%s", "");
				e->it.attrs = e->kv;
				for (;;) {
					acc_attr_kv *kv;
					size_t j, len, cap;
					if (e->it.n_attrs == ACC_ATTRS_MAX)
						return perr(err, name, Q,
						    ACC_EINVAL, "expected a "
						    "non-empty object of "
						    "strings%s", "");
					kv = &e->kv[e->it.n_attrs];
					cap = DENTRY_STRS - e->used;
					if (cap > DENTRY_STR_MAX)
						cap = DENTRY_STR_MAX;
					rc = acc_jscan_string(s, e->strs +
					    e->used, cap, &len, err);
					if (rc == ACC_ELIMIT) {
						acc_err_clear(err);
						return perr(err, name, Q,
						    ACC_ELIMIT, "a key longer "
						    "than %s bytes", "1023");
					}
					if (rc == 0)
						rc = acc_jscan_expect(s, ':',
						    "':'", err);
					if (rc != 0)
						return rc;
					kv->key = e->strs + e->used;
					e->used += len + 1;
					for (j = 0; j < e->it.n_attrs; j++)
						if (strcmp(e->kv[j].key,
						    kv->key) == 0)
							return perr(err, name,
							    Q, ACC_EINVAL,
							    "duplicate key "
							    "\"%s\"", kv->key);
					rc = dentry_str(s, e, &kv->value, name,
					    i, ".attrs", kv->key, err);
					if (rc != 0)
						return rc;
					if (kv->value[0] == '\0')
						return perr(err, name, Q,
						    ACC_EINVAL, "expected a "
						    "non-empty string for %s",
						    kv->key);
					e->it.n_attrs++;
					rc = member_next(s, err);
					if (rc < 0)
						return rc;
					if (rc == 0)
						break;
				}
#undef Q
				break;
			default:
				rc = dentry_str(s, e, str_of[f], name, i, "",
				    key, err);
				break;
			}
			if (rc == 0)
				rc = member_next(s, err);
			if (rc < 0)
				return rc;
			if (rc == 0)
				break;
		}
	for (rc = 0; rc < F_KIND + 1; rc++)
		if (!(seen & (1u << rc)))
			return perr(err, name, IPATH("", item_keys[rc]),
			    ACC_EINVAL, "expected a string%s", "");
	return 0;
#undef IPATH
}

int
acc_dentry_read(acc_jscan *s, acc_dentry *e, size_t i, const char *name,
    acc_err *err)
{
	char path[64], spath[400];
	bool have_item = false, have_salt = false;
	int rc;

	memset(&e->it, 0, sizeof(e->it));
	e->kind = NULL;
	e->used = 0;
	/* "disclosed[i]", formed only for an error */
#define DPATH() (acc_dentry_path(path, sizeof(path), i, ""), path)
	if (!acc_jscan_accept(s, '{'))
		return perr(err, name, DPATH(), ACC_EINVAL,
		    "expected {\"item\", \"salt\"}%s", "");
	for (;;) {
		char key[8];
		size_t klen;
		rc = acc_jscan_string(s, key, sizeof(key), &klen, err);
		if (rc == ACC_ELIMIT || (rc == 0 && ((strcmp(key, "item") &&
		    strcmp(key, "salt")) || (key[0] == 'i' && have_item) ||
		    (key[0] == 's' && have_salt)))) {
			acc_err_clear(err);
			return perr(err, name, DPATH(), ACC_EINVAL,
			    "expected {\"item\", \"salt\"}%s", "");
		}
		if (rc == 0)
			rc = acc_jscan_expect(s, ':', "':'", err);
		if (rc != 0)
			return rc;
		if (key[0] == 'i') {
			have_item = true;
			rc = dentry_item(s, e, name, i, err);
		} else {
			char b64[64];
			size_t len, n;
			have_salt = true;
			rc = acc_jscan_string(s, b64, sizeof(b64), &len, err);
			if (rc != 0) {
				acc_err_clear(err);
				snprintf(spath, sizeof(spath), "%s %s.salt",
				    name, DPATH());
				return acc_err_set(err, ACC_EINVAL, spath,
				    "expected base64 of %d bytes",
				    ACC_SHA256_LEN);
			}
			/* the path is formed only for an error */
			rc = acc_base64_decode(e->salt, ACC_SHA256_LEN, &n, b64,
			    len, "salt", err);
			if (rc != 0 || n != ACC_SHA256_LEN) {
				acc_err_clear(err);
				snprintf(spath, sizeof(spath), "%s %s.salt",
				    name, DPATH());
				rc = rc != 0 ? acc_base64_decode(e->salt,
				    ACC_SHA256_LEN, &n, b64, len, spath, err) :
				    acc_err_set(err, ACC_EINVAL, spath,
				    "expected %d bytes, got %zu",
				    ACC_SHA256_LEN, n);
			}
		}
		if (rc == 0)
			rc = member_next(s, err);
		if (rc < 0)
			return rc;
		if (rc == 0)
			break;
	}
	if (!have_item || !have_salt)
		return perr(err, name, DPATH(), ACC_EINVAL,
		    "expected {\"item\", \"salt\"}%s", "");
	/* the separator after the entry */
	if (!acc_jscan_accept(s, ','))
		rc = acc_jscan_expect(s, ']', "',' or ']'", err);
	return rc;
}
#undef DPATH

/* ---- the canonical spelling, read fast --------------------------- */

/*
 * The fast reader moves p through the text and gives up (NULL) at the
 * first byte that differs from what accord writes. It takes no decision
 * of its own on what is valid: whatever it declines, acc_dentry_read
 * reads, and what it reads, acc_dentry_read would read the same way.
 */

/* The literal lit (n bytes) at p. */
static const char *
fast_lit(const char *p, const char *end, const char *lit, size_t n)
{
	size_t i;

	if (p == NULL || (size_t)(end - p) < n)
		return NULL;
	for (i = 0; i < n; i++)
		if (p[i] != lit[i])
			return NULL;
	return p + n;
}

#define FAST_LIT(p, end, lit) fast_lit(p, end, lit, sizeof(lit) - 1)

/*
 * A string of plain bytes at p, copied into e->strs as acc_dentry_read
 * would decode it, within the same limits; nonempty if want_nonempty.
 */
static const char *
fast_str(const char *p, const char *end, acc_dentry *e, const char **out,
    bool want_nonempty)
{
	const char *q;
	size_t n, cap = DENTRY_STRS - e->used;

	if (p == NULL || p >= end || *p != '"')
		return NULL;
	p++;
	q = acc_jscan_plain(p, end);
	n = (size_t)(q - p);
	if (q >= end || *q != '"' || (want_nonempty && n == 0) ||
	    n + 1 > (cap < DENTRY_STR_MAX ? cap : DENTRY_STR_MAX))
		return NULL;
	memcpy(e->strs + e->used, p, n);
	e->strs[e->used + n] = '\0';
	*out = e->strs + e->used;
	e->used += n + 1;
	return q + 1;
}

/* The attrs object at p (after "attrs":): keys strictly increasing, so
 * in RFC 8785 order and without duplicates; values nonempty. */
static const char *
fast_attrs(const char *p, const char *end, acc_dentry *e)
{
	if (p == NULL || p >= end || *p != '{')
		return NULL;
	p++;
	e->it.attrs = e->kv;
	for (;;) {
		acc_attr_kv *kv;
		if (e->it.n_attrs == ACC_ATTRS_MAX)
			return NULL;
		kv = &e->kv[e->it.n_attrs];
		p = fast_str(p, end, e, &kv->key, false);
		p = FAST_LIT(p, end, ":");
		p = fast_str(p, end, e, &kv->value, true);
		if (p == NULL || (e->it.n_attrs > 0 &&
		    strcmp(e->kv[e->it.n_attrs - 1].key, kv->key) >= 0))
			return NULL;
		e->it.n_attrs++;
		if (p < end && *p == ',') {
			p++;
			continue;
		}
		return FAST_LIT(p, end, "}");
	}
}

/* A whole number without sign or leading zero, of at most 15 digits
 * (below 2^53, as canonical JSON's numbers are). */
static const char *
fast_warheads(const char *p, const char *end, int64_t *out)
{
	int64_t v = 0;
	size_t n = 0;

	if (p == NULL)
		return NULL;
	while (p + n < end && p[n] >= '0' && p[n] <= '9' && n <= 15) {
		v = v * 10 + (p[n] - '0');
		n++;
	}
	if (n == 0 || n > 15 || (n > 1 && p[0] == '0'))
		return NULL;
	*out = v;
	return p + n;
}

bool
acc_dentry_fast(acc_jscan *s, acc_dentry *e, const char **item,
    size_t *item_len)
{
	const char *p = s->p, *end = s->end, *start, *q;
	char b64[44 + 1];       /* base64 of 32 bytes */
	size_t n;

	memset(&e->it, 0, sizeof(e->it));
	e->it.warheads = -1;
	e->kind = NULL;
	e->used = 0;
	p = FAST_LIT(p, end, "{\"item\":");
	start = p;
	p = FAST_LIT(p, end, "{");
	/* the optional members: each present if its key comes next */
	if ((q = FAST_LIT(p, end, "\"attrs\":")) != NULL)
		p = FAST_LIT(fast_attrs(q, end, e), end, ",");
	if ((q = FAST_LIT(p, end, "\"contained_in\":")) != NULL)
		p = FAST_LIT(fast_str(q, end, e, &e->it.contained_in, true),
		    end, ",");
	p = FAST_LIT(p, end, "\"facility\":");
	p = fast_str(p, end, e, &e->it.facility, false);
	p = FAST_LIT(p, end, ",\"facility_kind\":");
	p = fast_str(p, end, e, &e->kind, false);
	if ((q = FAST_LIT(p, end, ",\"name\":")) != NULL)
		p = fast_str(q, end, e, &e->it.name, true);
	p = FAST_LIT(p, end, ",\"status\":");
	p = fast_str(p, end, e, &e->it.status, false);
	p = FAST_LIT(p, end, ",\"type\":");
	p = fast_str(p, end, e, &e->it.type, false);
	p = FAST_LIT(p, end, ",\"uid\":");
	p = fast_str(p, end, e, &e->it.uid, false);
	if ((q = FAST_LIT(p, end, ",\"warheads\":")) != NULL)
		p = fast_warheads(q, end, &e->it.warheads);
	p = FAST_LIT(p, end, "}");
	if (p == NULL)
		return false;
	*item = start;
	*item_len = (size_t)(p - start);
	p = FAST_LIT(p, end, ",\"salt\":\"");
	if (p == NULL)
		return false;
	q = acc_jscan_plain(p, end);
	n = (size_t)(q - p);
	if (q >= end || *q != '"' || n != sizeof(b64) - 1)
		return false;
	memcpy(b64, p, n);
	b64[n] = '\0';
	if (acc_base64_decode(e->salt, ACC_SHA256_LEN, &n, b64,
	    sizeof(b64) - 1, "salt", NULL) != 0 || n != ACC_SHA256_LEN)
		return false;
	p = FAST_LIT(q + 1, end, "}");
	if (p == NULL || p >= end || (*p != ',' && *p != ']'))
		return false;
	s->p = p + 1;
	return true;
}
