/*
 * The replayed state and the checks of statements against it (see
 * notify.h). Every check runs before anything changes, so a refused
 * statement leaves the state as it was.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <accord/crypto.h>
#include <accord/date.h>
#include <accord/jrand.h>

#include "arena.h"
#include "cjson.h"
#include "inventory_int.h"
#include "limits.h"
#include "notify.h"
#include "strmap.h"
#include "treaty_int.h"

#define NTEXT_MAX 4096

struct nitem {
	const char *uid;
	int type;
	int status;
	uint32_t facility;      /* index into facs */
	uint32_t transit;       /* destination while in transit, or NONE */
	uint32_t container;     /* item index, or NONE */
	uint32_t held;          /* items it contains */
	int64_t warheads;       /* -1 when the type carries none */
	json_t *attrs;          /* object of strings, or NULL */
};

struct nfac {
	const char *id;
	int kind;
	bool closed;
};

#define NONE UINT32_MAX

/* An inspection as this log knows it. */
struct ninsp {
	const char *id;
	int kind;               /* inspection kind; -1 when hosting */
	int year;               /* treaty year of its date */
	bool opened;            /* opened in this log (this party inspects) */
	bool revealed;
	uint8_t commit[ACC_SHA256_LEN];
	uint64_t findings;
};

struct acc_nstate {
	const struct acc_treaty *t;
	struct nitem *items;
	size_t n, cap;
	struct nfac *facs;
	size_t nf, capf;
	acc_strmap uids;
	acc_strmap fac_ids;
	acc_arena arena;
	uint64_t retired;       /* statuses a retired item has */
	uint64_t applied;
	char party[65];         /* the log's party ("" when not known) */
	/* inspections: kept across declarations */
	struct ninsp *insp;
	size_t ni, capi;
	acc_strmap insp_ids;
	acc_arena insp_arena;
};

int
acc_nstate_new(acc_nstate **out, const acc_treaty *t, acc_err *err)
{
	acc_nstate *s = calloc(1, sizeof(*s));
	size_t i;

	*out = NULL;
	if (s == NULL)
		return acc_err_set(err, ACC_ERR, "state", "out of memory");
	s->t = t;
	for (i = 0; i < t->n_ntypes; i++)
		if (t->ntypes[i].effect == ACC_NE_ITEM_CONVERT ||
		    t->ntypes[i].effect == ACC_NE_ITEM_ELIMINATE)
			s->retired |= t->ntypes[i].to;
	*out = s;
	return 0;
}

static void
clear(acc_nstate *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		json_decref(s->items[i].attrs);
	free(s->items);
	free(s->facs);
	acc_strmap_dispose(&s->uids);
	acc_strmap_dispose(&s->fac_ids);
	acc_arena_dispose(&s->arena);
	s->items = NULL;
	s->facs = NULL;
	s->n = s->cap = s->nf = s->capf = 0;
}

void
acc_nstate_free(acc_nstate *s)
{
	if (s == NULL)
		return;
	clear(s);
	free(s->insp);
	acc_strmap_dispose(&s->insp_ids);
	acc_arena_dispose(&s->insp_arena);
	free(s);
}

void
acc_nstate_set_party(acc_nstate *s, const char *party)
{
	snprintf(s->party, sizeof(s->party), "%s", party);
}

bool
acc_nstate_itemless(const acc_nstate *s, const char *type)
{
	const struct acc_treaty *t = s->t;
	size_t i;

	for (i = 0; i < t->n_ntypes; i++)
		if (strcmp(t->ntypes[i].e.id, type) == 0)
			return t->ntypes[i].effect == ACC_NE_NONE ||
			    t->ntypes[i].effect == ACC_NE_NOTICE ||
			    t->ntypes[i].effect >= ACC_NE_INSPECTION_OPEN;
	return false;
}

int
acc_nstate_inspections(const acc_nstate *s, const char *kind, int year,
    uint64_t *opened)
{
	int k = acc_treaty_inspection_find(s->t, kind);
	size_t i;

	*opened = 0;
	if (k < 0)
		return -1;
	for (i = 0; i < s->ni; i++)
		if (s->insp[i].opened && s->insp[i].kind == k &&
		    s->insp[i].year == year)
			(*opened)++;
	return 0;
}

size_t
acc_nstate_items(const acc_nstate *s)
{
	return s->n;
}

uint64_t
acc_nstate_applied(const acc_nstate *s)
{
	return s->applied;
}

static bool
retired(const acc_nstate *s, const struct nitem *it)
{
	return (s->retired >> it->status & 1) != 0;
}

static int
fail(acc_err *err, const char *name, const char *fmt, ...)
    ACC_PRINTF(3, 4);

static int
fail(acc_err *err, const char *name, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return acc_err_set(err, ACC_EINVAL, name, "%s", msg);
}

static int
oom(acc_err *err)
{
	return acc_err_set(err, ACC_ERR, "state", "out of memory");
}

static int
fac_add(acc_nstate *s, const char *id, int kind, uint32_t *out, acc_err *err)
{
	const char *copy;

	if (s->nf == s->capf) {
		size_t nc = s->capf ? 2 * s->capf : 64;
		struct nfac *p = realloc(s->facs, nc * sizeof(*p));
		if (p == NULL)
			return oom(err);
		s->facs = p;
		s->capf = nc;
	}
	copy = acc_arena_strndup(&s->arena, id, strlen(id));
	if (copy == NULL || acc_strmap_put(&s->fac_ids, copy,
	    (uint32_t)s->nf, NULL) < 0)
		return oom(err);
	s->facs[s->nf].id = copy;
	s->facs[s->nf].kind = kind;
	s->facs[s->nf].closed = false;
	*out = (uint32_t)s->nf++;
	return 0;
}

static int
item_add(acc_nstate *s, const char *uid, int type, int status, uint32_t fac,
    int64_t warheads, json_t *attrs, uint32_t *out, acc_err *err)
{
	struct nitem *it;
	const char *copy;

	if (s->n == s->cap) {
		size_t nc = s->cap ? 2 * s->cap : 1024;
		struct nitem *p = realloc(s->items, nc * sizeof(*p));
		if (p == NULL)
			return oom(err);
		s->items = p;
		s->cap = nc;
	}
	copy = acc_arena_strndup(&s->arena, uid, strlen(uid));
	if (copy == NULL || acc_strmap_put(&s->uids, copy, (uint32_t)s->n,
	    NULL) < 0)
		return oom(err);
	it = &s->items[s->n];
	memset(it, 0, sizeof(*it));
	it->uid = copy;
	it->type = type;
	it->status = status;
	it->facility = fac;
	it->transit = NONE;
	it->container = NONE;
	it->warheads = warheads;
	it->attrs = attrs ? json_deep_copy(attrs) : NULL;
	*out = (uint32_t)s->n++;
	return 0;
}

static const char *
sval(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

int
acc_nstate_reset(acc_nstate *s, const char *items, size_t len,
    const char *name, acc_err *err)
{
	const struct acc_treaty *t = s->t;
	json_error_t jerr;
	json_t *list = json_loadb(items, len, JSON_REJECT_DUPLICATES, &jerr);
	json_t *o;
	size_t i;
	int rc = 0;

	clear(s);
	s->applied = 0;
	if (!json_is_array(list)) {
		json_decref(list);
		return acc_err_set(err, ACC_EINVAL, name,
		    "the declared items are not a JSON list");
	}
	/* facilities and items first, containers after */
	json_array_foreach(list, i, o) {
		const char *uid = sval(o, "uid"), *fid = sval(o, "facility");
		const char *ty = sval(o, "type"), *st = sval(o, "status");
		const char *kind = sval(o, "facility_kind");
		json_t *w = json_object_get(o, "warheads");
		int type, status, k;
		uint32_t f, idx;
		if (!uid || !fid || !ty || !st || !kind) {
			rc = fail(err, name, "item %zu lacks a field", i);
			break;
		}
		type = acc_treaty_type_find(t, ty, strlen(ty));
		status = acc_treaty_status_find(t, st, strlen(st));
		k = acc_treaty_kind_find(t, kind, strlen(kind));
		if (type < 0 || status < 0 || k < 0) {
			rc = fail(err, name, "item %s: unknown type, status or "
			    "facility kind", uid);
			break;
		}
		if (acc_strmap_get(&s->fac_ids, fid, &f) != 0 &&
		    (rc = fac_add(s, fid, k, &f, err)) != 0)
			break;
		rc = item_add(s, uid, type, status, f, json_is_integer(w) ?
		    json_integer_value(w) : -1, json_object_get(o, "attrs"),
		    &idx, err);
		if (rc != 0)
			break;
	}
	json_array_foreach(list, i, o) {
		const char *c = sval(o, "contained_in");
		uint32_t ci;
		if (rc != 0 || c == NULL)
			continue;
		if (acc_strmap_get(&s->uids, c, &ci) != 0) {
			rc = fail(err, name, "item %s: no container %s",
			    sval(o, "uid"), c);
			break;
		}
		s->items[i].container = ci;
		s->items[ci].held++;
	}
	json_decref(list);
	if (rc != 0)
		clear(s);
	return rc;
}

/* ---- statements -------------------------------------------------------- */

static const struct acc_ntype *
ntype_find(const struct acc_treaty *t, const char *id)
{
	size_t i;

	for (i = 0; i < t->n_ntypes; i++)
		if (strcmp(t->ntypes[i].e.id, id) == 0)
			return &t->ntypes[i];
	return NULL;
}

/* Seconds since the epoch of "YYYY-MM-DDThh:mm:ssZ", or -1. */
static int64_t
time_of(const char *s)
{
	struct tm tm;
	char *end;

	acc_err e = ACC_ERR_INIT;
	acc_date d;

	memset(&tm, 0, sizeof(tm));
	if (strlen(s) != 20 || acc_date_parse(&d, s, 10, "time", &e) != 0)
		return -1;
	end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (end == NULL || *end != '\0' || tm.tm_hour > 23 || tm.tm_min > 59 ||
	    tm.tm_sec > 59)
		return -1;
	return (int64_t)timegm(&tm);
}

static int cmp_str(const void *a, const void *b);

/* A list of unique UIDs (sorted bytewise when `sorted`); adds to *total. */
static int
check_uids(json_t *v, const char *field, bool sorted, size_t *total,
    const char *name, acc_err *err)
{
	const char *prev = NULL;
	json_t *x;
	size_t i;

	if (!json_is_array(v))
		return fail(err, name, "%s: expected a list of identifiers",
		    field);
	*total += json_array_size(v);
	if (*total > ACC_INSPECT_CANDIDATES_MAX)
		return fail(err, name, "%s: more than %d identifiers", field,
		    ACC_INSPECT_CANDIDATES_MAX);
	json_array_foreach(v, i, x) {
		const char *u = json_string_value(x);
		if (u == NULL || !acc_inv_valid_id(u, json_string_length(x)) ||
		    strlen(u) != json_string_length(x))
			return fail(err, name, "%s[%zu]: expected an identifier "
			    "(letters, digits, '-', '_', '.', ':', '/'; at most "
			    "64)", field, i);
		if (sorted && prev && strcmp(prev, u) >= 0)
			return fail(err, name, "%s[%zu]: %.64s is not after "
			    "%.64s (sorted, no repeats)", field, i, u, prev);
		prev = u;
	}
	if (!sorted && json_array_size(v) > 1) {
		/* repeats: neighbours once sorted (n log n, not n^2) */
		size_t n = json_array_size(v);
		const char **c = malloc(n * sizeof(*c));
		int rc = 0;
		if (c == NULL)
			return oom(err);
		for (i = 0; i < n; i++)
			c[i] = json_string_value(json_array_get(v, i));
		qsort(c, n, sizeof(*c), cmp_str);
		for (i = 1; rc == 0 && i < n; i++)
			if (strcmp(c[i - 1], c[i]) == 0)
				rc = fail(err, name, "%s: %.64s repeated", field,
				    c[i]);
		free(c);
		return rc;
	}
	return 0;
}

/* The inspection kinds' values that are not strings. */
static int
check_structured(const struct acc_nfield *f, json_t *v, const char *name,
    acc_err *err)
{
	const char *k;
	json_t *x;
	size_t total = 0;
	int rc;

	switch (f->kind) {
	case ACC_NK_UIDS:
		return check_uids(v, f->id, false, &total, name, err);
	case ACC_NK_COUNTS:
		if (!json_is_object(v) || json_object_size(v) >
		    ACC_INSPECT_CANDIDATES_MAX)
			return fail(err, name, "%s: expected an object of "
			    "identifiers and whole numbers", f->id);
		json_object_foreach(v, k, x)
			if (!acc_inv_valid_id(k, strlen(k)) ||
			    !json_is_integer(x) || json_integer_value(x) < 0 ||
			    json_integer_value(x) > ACC_WARHEADS_MAX)
				return fail(err, name, "%s.%.64s: expected an "
				    "identifier and a whole number 0..%d",
				    f->id, k, ACC_WARHEADS_MAX);
		return 0;
	case ACC_NK_CANDIDATES:
		if (!json_is_object(v) || json_object_size(v) == 0 ||
		    json_object_size(v) > ACC_INSPECT_CANDIDATES_MAX)
			return fail(err, name, "%s: expected an object of "
			    "sites, each with its list of items", f->id);
		json_object_foreach(v, k, x) {
			char fk[100];
			if (!acc_inv_valid_id(k, strlen(k)))
				return fail(err, name, "%s.%.64s: expected a "
				    "facility id", f->id, k);
			snprintf(fk, sizeof(fk), "%s.%s", f->id, k);
			rc = check_uids(x, fk, true, &total, name, err);
			if (rc != 0)
				return rc;
		}
		return 0;
	default:
		return -1;
	}
}

/* Check every field of body against the type's declaration. */
static int
check_fields(const acc_nstate *s, const struct acc_ntype *nt, json_t *body,
    const char *time, const char *name, acc_err *err)
{
	const struct acc_treaty *t = s->t;
	const char *key;
	json_t *v;
	size_t i;

	json_object_foreach(body, key, v) {
		for (i = 0; i < nt->n_fields; i++)
			if (strcmp(nt->fields[i].id, key) == 0)
				break;
		if (i == nt->n_fields) {
			char q[300];
			acc_quote(q, sizeof(q), key, strlen(key));
			return fail(err, name, "unknown field \"%s\" for %s", q,
			    nt->e.id);
		}
	}
	for (i = 0; i < nt->n_fields; i++) {
		const struct acc_nfield *f = &nt->fields[i];
		const char *str;
		acc_err e2 = ACC_ERR_INIT;
		acc_date d;
		uint32_t x;
		v = json_object_get(body, f->id);
		if (v == NULL) {
			if (f->required)
				return fail(err, name, "%s: missing (a %s)",
				    f->id, acc_nkind_names[f->kind]);
			continue;
		}
		if (f->kind == ACC_NK_INTEGER) {
			if (!json_is_integer(v) || json_integer_value(v) < 0 ||
			    json_integer_value(v) >= (json_int_t)1 << 53)
				return fail(err, name, "%s: expected a "
				    "non-negative whole number", f->id);
			continue;
		}
		if (f->kind == ACC_NK_UIDS || f->kind == ACC_NK_COUNTS ||
		    f->kind == ACC_NK_CANDIDATES) {
			int rc2 = check_structured(f, v, name, err);
			if (rc2 != 0)
				return rc2;
			continue;
		}
		if (f->kind == ACC_NK_ATTRS) {
			const char *k2;
			json_t *x2;
			if (!json_is_object(v) || json_object_size(v) >
			    ACC_ATTRS_MAX)
				return fail(err, name, "%s: expected an object "
				    "of at most %d strings", f->id,
				    ACC_ATTRS_MAX);
			json_object_foreach(v, k2, x2)
				if (!json_is_string(x2) ||
				    json_string_length(x2) == 0 ||
				    json_string_length(x2) >
				    ACC_ATTR_VALUE_MAX || !acc_inv_valid_id(k2, strlen(k2)))
					return fail(err, name, "%s.%.64s: "
					    "expected a non-empty string of "
					    "at most %d bytes", f->id, k2,
					    ACC_ATTR_VALUE_MAX);
			continue;
		}
		if (!json_is_string(v) || json_string_length(v) == 0)
			return fail(err, name, "%s: expected a non-empty "
			    "string (a %s)", f->id, acc_nkind_names[f->kind]);
		str = json_string_value(v);
		if (json_string_length(v) > NTEXT_MAX ||
		    strlen(str) != json_string_length(v))
			return fail(err, name, "%s: longer than %d bytes or "
			    "holding NUL", f->id, NTEXT_MAX);
		switch (f->kind) {
		case ACC_NK_TEXT:
			break;
		case ACC_NK_ID:
			for (x = 0; str[x]; x++)
				if (str[x] <= ' ' || str[x] > '~')
					return fail(err, name, "%s: expected "
					    "printable ASCII without spaces",
					    f->id);
			if (x > 128)
				return fail(err, name, "%s: longer than 128 "
				    "characters", f->id);
			break;
		case ACC_NK_DATE:
			if (acc_date_parse(&d, str, strlen(str), f->id, &e2) !=
			    0)
				return fail(err, name, "%s: expected a date "
				    "YYYY-MM-DD", f->id);
			break;
		case ACC_NK_TIME:
			if (time_of(str) < 0)
				return fail(err, name, "%s: expected a time "
				    "YYYY-MM-DDThh:mm:ssZ (UTC)", f->id);
			break;
		case ACC_NK_STATUS:
			if (acc_treaty_status_find(t, str, strlen(str)) < 0)
				return fail(err, name, "%s: %.64s is not a status "
				    "of the treaty", f->id, str);
			break;
		case ACC_NK_ITEM_TYPE:
			if (acc_treaty_type_find(t, str, strlen(str)) < 0)
				return fail(err, name, "%s: %.64s is not an item "
				    "type of the treaty", f->id, str);
			break;
		case ACC_NK_FACILITY_KIND:
			if (acc_treaty_kind_find(t, str, strlen(str)) < 0)
				return fail(err, name, "%s: %.64s is not a "
				    "facility kind of the treaty", f->id, str);
			break;
		case ACC_NK_PARTY:
			if (acc_treaty_party_find(t, str) < 0)
				return fail(err, name, "%s: %.64s is not a party "
				    "to %s", f->id, str, t->id);
			break;
		case ACC_NK_INSPECTION_KIND:
			if (acc_treaty_inspection_find(t, str) < 0)
				return fail(err, name, "%s: %.64s is not an "
				    "inspection kind of %s", f->id, str, t->id);
			break;
		case ACC_NK_DIGEST: {
			uint8_t raw[ACC_SHA256_LEN + 3];
			size_t got;
			if (acc_base64_decode(raw, sizeof(raw), &got, str,
			    strlen(str), f->id, &e2) != 0 ||
			    got != ACC_SHA256_LEN)
				return fail(err, name, "%s: expected the base64 "
				    "of 32 bytes", f->id);
			break;
		}
		case ACC_NK_STAGE:
			if (strcmp(str, "departure") != 0 &&
			    strcmp(str, "arrival") != 0)
				return fail(err, name, "%s: expected departure "
				    "or arrival", f->id);
			break;
		case ACC_NK_ITEM:
			if (acc_strmap_get(&s->uids, str, &x) != 0)
				return fail(err, name, "%s: no item %.64s in the "
				    "replayed state", f->id, str);
			break;
		case ACC_NK_NEW_ITEM:
			if (!acc_inv_valid_id(str, strlen(str)))
				return fail(err, name, "%s: expected a unique "
				    "identifier (letters, digits, '-', '_', "
				    "'.', ':', '/'; at most 64)", f->id);
			if (acc_strmap_get(&s->uids, str, &x) == 0)
				return fail(err, name, "%s: an item %.64s exists "
				    "already", f->id, str);
			break;
		case ACC_NK_FACILITY:
			if (acc_strmap_get(&s->fac_ids, str, &x) != 0)
				return fail(err, name, "%s: no facility %.64s in "
				    "the replayed state", f->id, str);
			if (s->facs[x].closed)
				return fail(err, name, "%s: facility %.64s is "
				    "closed", f->id, str);
			break;
		case ACC_NK_NEW_FACILITY:
			if (!acc_inv_valid_id(str, strlen(str)))
				return fail(err, name, "%s: expected a facility "
				    "id", f->id);
			if (acc_strmap_get(&s->fac_ids, str, &x) == 0)
				return fail(err, name, "%s: facility %.64s "
				    "exists already", f->id, str);
			break;
		default:
			break;
		}
	}
	if (nt->lead_hours >= 0 && sval(body, nt->lead_field)) {
		int64_t when = time_of(sval(body, nt->lead_field));
		int64_t now = time_of(time);
		if (now < 0 || when < now + nt->lead_hours * 3600)
			return fail(err, name, "%s: %s must be at least %lld "
			    "hours after the notice (%s)", nt->e.id,
			    nt->lead_field, (long long)nt->lead_hours, time);
	}
	return 0;
}

static uint32_t
item_of(const acc_nstate *s, json_t *body, const char *key)
{
	uint32_t x = NONE;

	if (sval(body, key))
		(void)acc_strmap_get(&s->uids, sval(body, key), &x);
	return x;
}

static uint32_t
fac_of(const acc_nstate *s, json_t *body, const char *key)
{
	uint32_t x = NONE;

	if (sval(body, key))
		(void)acc_strmap_get(&s->fac_ids, sval(body, key), &x);
	return x;
}

static const char *
status_name(const acc_nstate *s, int st)
{
	return s->t->statuses[st].id;
}

/* An active item that is free to change: not retired. */
static int
check_active(const acc_nstate *s, const struct nitem *it, const char *what,
    const char *name, acc_err *err)
{
	if (retired(s, it))
		return fail(err, name, "uid: item %s is %s and can no longer %s",
		    it->uid, status_name(s, it->status), what);
	return 0;
}

static int
holds(const acc_nstate *s, const struct nitem *c, const struct nitem *it)
{
	return acc_treaty_type_holds(s->t, (size_t)c->type, (size_t)it->type);
}

/* The contents of item x follow it (a container's move). */
static void
move_contents(acc_nstate *s, uint32_t x, uint32_t fac, uint32_t transit)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->items[i].container == x) {
			s->items[i].facility = fac;
			s->items[i].transit = transit;
			move_contents(s, (uint32_t)i, fac, transit);
		}
}

static struct ninsp *
insp_find(const acc_nstate *s, const char *id)
{
	uint32_t x;

	if (id == NULL || acc_strmap_get(&s->insp_ids, id, &x) != 0)
		return NULL;
	return &s->insp[x];
}

int
acc_nstate_digest(uint8_t out[ACC_SHA256_LEN], json_t *body, const char *key)
{
	const char *v = sval(body, key);
	acc_err e = ACC_ERR_INIT;
	size_t n;

	if (v == NULL || acc_base64_decode(out, ACC_SHA256_LEN, &n, v,
	    strlen(v), key, &e) != 0 || n != ACC_SHA256_LEN)
		return -1;
	return 0;
}

/*
 * The inspection statements of one log. The inspecting party opens (its
 * commitment), the host commits with its candidates, each reveals its
 * own bytes, the inspecting party records findings. What needs the other
 * log (both commitments before a reveal, the site's eligibility) is
 * checked where both logs are at hand (inspect.c).
 */
static int
apply_inspection(acc_nstate *s, const struct acc_ntype *nt, json_t *body,
    const char *name, acc_err *err)
{
	const struct acc_treaty *t = s->t;
	const char *id = sval(body, "id");
	struct ninsp *in = insp_find(s, id), *n;
	uint8_t c[ACC_SHA256_LEN], r[ACC_SHA256_LEN];

	if (!acc_inv_valid_id(id, strlen(id)))
		return fail(err, name, "id: expected an inspection id (letters, "
		    "digits, '-', '_', '.', ':', '/'; at most 64)");
	switch (nt->effect) {
	case ACC_NE_INSPECTION_OPEN:
	case ACC_NE_INSPECTION_COMMIT: {
		bool open = nt->effect == ACC_NE_INSPECTION_OPEN;
		int kind = -1, year = -1;
		if (in)
			return fail(err, name, "id: inspection %s is already in "
			    "this log", id);
		if (open) {
			const char *host = sval(body, "host");
			const char *site = sval(body, "site");
			acc_date d, from = t->insp_from;
			acc_err e2 = ACC_ERR_INIT;
			uint64_t used;
			char a[ACC_DATE_LEN], b[ACC_DATE_LEN];
			kind = acc_treaty_inspection_find(t, sval(body, "kind"));
			if (s->party[0] && strcmp(host, s->party) == 0)
				return fail(err, name, "host: %s cannot inspect "
				    "itself", host);
			if (site && !acc_inv_valid_id(site, strlen(site)))
				return fail(err, name, "site: expected a "
				    "facility id");
			if (acc_date_parse(&d, sval(body, "date"), strlen(sval(
			    body, "date")), "date", &e2) != 0)
				return fail(err, name, "date: expected a date");
			if (from == ACC_DATE_NONE || d < from ||
			    (t->expires != ACC_DATE_NONE && d >= t->expires)) {
				if (from == ACC_DATE_NONE)
					return fail(err, name, "date: %s has no "
					    "dates for inspections", t->id);
				acc_date_format(a, from);
				acc_date_format(b, t->expires);
				return fail(err, name, "date: %s is outside the "
				    "treaty's inspections (from %s%s%s)",
				    sval(body, "date"), a,
				    t->expires != ACC_DATE_NONE ?
				    " until before " : "",
				    t->expires != ACC_DATE_NONE ? b : "");
			}
			year = acc_treaty_year(t, d, NULL);
			if (acc_nstate_inspections(s, t->ikinds[kind].e.id, year,
			    &used) == 0 &&
			    used >= (uint64_t)t->ikinds[kind].quota) {
				acc_date start = ACC_DATE_NONE;
				(void)acc_treaty_year(t, d, &start);
				acc_date_format(a, start);
				return fail(err, name, "kind: the quota of %lld "
				    "%s inspections in the treaty year from %s "
				    "is used", (long long)t->ikinds[kind].quota,
				    t->ikinds[kind].e.id, a);
			}
		}
		if (s->ni == s->capi) {
			size_t nc = s->capi ? 2 * s->capi : 16;
			struct ninsp *p = realloc(s->insp, nc * sizeof(*p));
			if (p == NULL)
				return oom(err);
			s->insp = p;
			s->capi = nc;
		}
		n = &s->insp[s->ni];
		memset(n, 0, sizeof(*n));
		n->id = acc_arena_strndup(&s->insp_arena, id, strlen(id));
		if (n->id == NULL || acc_strmap_put(&s->insp_ids, n->id,
		    (uint32_t)s->ni, NULL) < 0)
			return oom(err);
		n->kind = kind;
		n->year = year;
		n->opened = open;
		(void)acc_nstate_digest(n->commit, body, "commit");
		s->ni++;
		return 0;
	}
	case ACC_NE_INSPECTION_REVEAL:
		if (in == NULL)
			return fail(err, name, "id: no commitment to inspection "
			    "%s in this log", id);
		if (in->revealed)
			return fail(err, name, "id: this log revealed its bytes "
			    "for %s already", id);
		(void)acc_nstate_digest(r, body, "random");
		acc_jrand_commit(c, r);
		if (!acc_ct_equal(c, in->commit, sizeof(c)))
			return fail(err, name, "random: does not match this "
			    "log's commitment to %s", id);
		(void)acc_nstate_digest(c, body, "seen");
		if (acc_ct_equal(c, in->commit, sizeof(c)))
			return fail(err, name, "seen: names this log's own "
			    "commitment, not the other party's");
		in->revealed = true;
		return 0;
	case ACC_NE_INSPECTION_FINDING:
		if (in == NULL || !in->opened)
			return fail(err, name, "id: inspection %s was not opened "
			    "in this log", id);
		if (!in->revealed)
			return fail(err, name, "id: inspection %s has no "
			    "selection yet (reveal first)", id);
		in->findings++;
		return 0;
	default:
		return 0;
	}
}

int
acc_nstate_apply(acc_nstate *s, const char *type, json_t *body,
    const char *time, const char *name, acc_err *err)
{
	const struct acc_treaty *t = s->t;
	const struct acc_ntype *nt = ntype_find(t, type);
	struct nitem *it = NULL;
	uint32_t x;
	int rc;

	if (nt == NULL)
		return fail(err, name, "type: %.64s is not a notification type "
		    "of %s (see accord treaty show)", type, t->id);
	if (!json_is_object(body))
		return fail(err, name, "body: expected an object");
	rc = check_fields(s, nt, body, time, name, err);
	if (rc != 0)
		return rc;
	x = item_of(s, body, "uid");
	if (x != NONE && nt->effect != ACC_NE_ITEM_NEW)
		it = &s->items[x];
	switch (nt->effect) {
	case ACC_NE_ITEM_NEW: {
		int ty = acc_treaty_type_find(t, sval(body, "type"),
		    strlen(sval(body, "type")));
		int st = acc_treaty_status_find(t, sval(body, "status"),
		    strlen(sval(body, "status")));
		json_t *w = json_object_get(body, "warheads");
		uint32_t f = fac_of(s, body, "facility"), c = NONE, idx;
		if (!(nt->to >> st & 1))
			return fail(err, name, "status: a new item cannot be "
			    "%s", status_name(s, st));
		if (t->types[ty].carries_warheads != (w != NULL))
			return fail(err, name, "warheads: type %s %s",
			    t->types[ty].e.id, t->types[ty].carries_warheads ?
			    "carries warheads: give their number" :
			    "carries no warheads");
		if (w && t->types[ty].max_warheads >= 0 &&
		    json_integer_value(w) > t->types[ty].max_warheads)
			return fail(err, name, "warheads: %s carries at most "
			    "%lld", t->types[ty].e.id,
			    (long long)t->types[ty].max_warheads);
		if (sval(body, "contained_in")) {
			struct nitem tmp;
			c = item_of(s, body, "contained_in");
			memset(&tmp, 0, sizeof(tmp));
			tmp.type = ty;
			if (!holds(s, &s->items[c], &tmp) ||
			    s->items[c].facility != f ||
			    s->items[c].transit != NONE ||
			    retired(s, &s->items[c]) || s->items[c].held >=
			    t->types[s->items[c].type].capacity)
				return fail(err, name, "contained_in: %s cannot "
				    "hold it (type, room, facility or status)",
				    s->items[c].uid);
		}
		rc = item_add(s, sval(body, "uid"), ty, st, f, w ?
		    json_integer_value(w) : -1, json_object_get(body, "attrs"),
		    &idx, err);
		if (rc == 0 && c != NONE) {
			s->items[idx].container = c;
			s->items[c].held++;
		}
		break;
	}
	case ACC_NE_ITEM_MOVE: {
		uint32_t from = fac_of(s, body, "from"), to = fac_of(s, body,
		    "to");
		bool dep = strcmp(sval(body, "stage"), "departure") == 0;
		rc = check_active(s, it, "move", name, err);
		if (rc != 0)
			return rc;
		if (it->container != NONE)
			return fail(err, name, "uid: %s is in %s; remove it from "
			    "its container first (item.contain)", it->uid,
			    s->items[it->container].uid);
		if (from == to)
			return fail(err, name, "to: the same facility as from");
		if (dep) {
			if (it->transit != NONE)
				return fail(err, name, "uid: %s is already in "
				    "transit to %s", it->uid,
				    s->facs[it->transit].id);
			if (it->facility != from)
				return fail(err, name, "from: %s is at %s, not "
				    "%s", it->uid, s->facs[it->facility].id,
				    s->facs[from].id);
			it->transit = to;
			move_contents(s, x, it->facility, to);
		} else {
			if (it->transit == NONE || it->facility != from ||
			    it->transit != to)
				return fail(err, name, "stage: %s did not depart "
				    "from %s for %s (no departure notified)",
				    it->uid, s->facs[from].id, s->facs[to].id);
			it->facility = to;
			it->transit = NONE;
			move_contents(s, x, to, NONE);
		}
		break;
	}
	case ACC_NE_ITEM_STATUS: {
		int st = acc_treaty_status_find(t, sval(body, "status"),
		    strlen(sval(body, "status")));
		size_t i;
		rc = check_active(s, it, "change status", name, err);
		if (rc != 0)
			return rc;
		for (i = 0; i < nt->n_trans; i++)
			if ((nt->trans[i].from >> it->status & 1) &&
			    (nt->trans[i].to >> st & 1))
				break;
		if (i == nt->n_trans)
			return fail(err, name, "status: %s cannot go from %s to "
			    "%s", it->uid, status_name(s, it->status),
			    status_name(s, st));
		it->status = st;
		break;
	}
	case ACC_NE_ITEM_LOAD: {
		json_int_t w = json_integer_value(json_object_get(body,
		    "warheads"));
		rc = check_active(s, it, "be loaded", name, err);
		if (rc != 0)
			return rc;
		if (!t->types[it->type].carries_warheads)
			return fail(err, name, "uid: %s is a %s, which carries "
			    "no warheads", it->uid, t->types[it->type].e.id);
		if (t->types[it->type].max_warheads >= 0 &&
		    w > t->types[it->type].max_warheads)
			return fail(err, name, "warheads: %s carries at most "
			    "%lld", t->types[it->type].e.id,
			    (long long)t->types[it->type].max_warheads);
		it->warheads = w;
		break;
	}
	case ACC_NE_ITEM_CONTAIN: {
		uint32_t c = item_of(s, body, "container");
		rc = check_active(s, it, "be loaded or unloaded", name, err);
		if (rc != 0)
			return rc;
		if (it->transit != NONE)
			return fail(err, name, "uid: %s is in transit", it->uid);
		if (c == NONE) {
			if (it->container == NONE)
				return fail(err, name, "container: %s is in no "
				    "container", it->uid);
			s->items[it->container].held--;
			it->container = NONE;
			break;
		}
		if (it->container != NONE)
			return fail(err, name, "uid: %s is in %s already; "
			    "remove it first", it->uid,
			    s->items[it->container].uid);
		if (c == x || !holds(s, &s->items[c], it) ||
		    retired(s, &s->items[c]) ||
		    s->items[c].transit != NONE)
			return fail(err, name, "container: %s cannot hold %s "
			    "(a %s)", s->items[c].uid, it->uid,
			    t->types[it->type].e.id);
		if (s->items[c].facility != it->facility)
			return fail(err, name, "container: %s is at %s, %s at %s",
			    s->items[c].uid, s->facs[s->items[c].facility].id,
			    it->uid, s->facs[it->facility].id);
		if (s->items[c].held >= t->types[s->items[c].type].capacity)
			return fail(err, name, "container: %s is full",
			    s->items[c].uid);
		it->container = c;
		s->items[c].held++;
		break;
	}
	case ACC_NE_ITEM_CONVERT:
	case ACC_NE_ITEM_ELIMINATE: {
		int to = __builtin_ctzll(nt->to);
		if (it->status == to)
			return fail(err, name, "uid: %s is already %s", it->uid,
			    status_name(s, to));
		if (!(nt->from >> it->status & 1))
			return fail(err, name, "uid: %s is %s; %s needs one of "
			    "the statuses listed in the treaty", it->uid,
			    status_name(s, it->status), nt->e.id);
		if (it->held > 0 || it->container != NONE ||
		    it->transit != NONE)
			return fail(err, name, "uid: %s is loaded, contained "
			    "or in transit", it->uid);
		it->status = to;
		break;
	}
	case ACC_NE_FACILITY_NEW: {
		const char *k = sval(body, "kind");
		uint32_t f;
		rc = fac_add(s, sval(body, "facility"),
		    acc_treaty_kind_find(t, k, strlen(k)), &f, err);
		break;
	}
	case ACC_NE_FACILITY_CLOSE: {
		uint32_t f = fac_of(s, body, "facility");
		size_t i;
		for (i = 0; i < s->n; i++)
			if (!retired(s, &s->items[i]) &&
			    (s->items[i].facility == f ||
			    s->items[i].transit == f))
				return fail(err, name, "facility: %s still holds "
				    "%s", s->facs[f].id, s->items[i].uid);
		s->facs[f].closed = true;
		break;
	}
	case ACC_NE_INSPECTION_OPEN:
	case ACC_NE_INSPECTION_COMMIT:
	case ACC_NE_INSPECTION_REVEAL:
	case ACC_NE_INSPECTION_FINDING:
		rc = apply_inspection(s, nt, body, name, err);
		break;
	default:
		break;
	}
	if (rc == 0)
		s->applied++;
	return rc;
}

/* ---- output -------------------------------------------------------------- */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
acc_nstate_candidates(const acc_nstate *s, const char *kind, const char *site,
    json_t **out, acc_err *err)
{
	const struct acc_treaty *t = s->t;
	int k = acc_treaty_inspection_find(t, kind);
	const char **uids = NULL;
	json_t *o;
	size_t f, i;
	uint32_t only = NONE;

	*out = NULL;
	if (k < 0)
		return fail(err, "kind", "%.64s is not an inspection kind of %s",
		    kind, t->id);
	if (site) {
		if (acc_strmap_get(&s->fac_ids, site, &only) != 0)
			return fail(err, "site", "%.64s is not a facility of %s",
			    site, s->party[0] ? s->party : "the host");
		if (s->facs[only].closed)
			return fail(err, "site", "%.64s is closed", site);
		if (!acc_treaty_inspection_site(t, (size_t)k,
		    (size_t)s->facs[only].kind))
			return fail(err, "site", "%.64s (a %s) is not eligible "
			    "for a %s inspection", site,
			    t->kinds[s->facs[only].kind].id, kind);
	}
	o = json_object();
	uids = calloc(s->n ? s->n : 1, sizeof(*uids));
	if (o == NULL || uids == NULL) {
		json_decref(o);
		free(uids);
		return oom(err);
	}
	for (f = 0; f < s->nf; f++) {
		json_t *a;
		size_t n = 0;
		if ((only != NONE && f != only) || s->facs[f].closed ||
		    !acc_treaty_inspection_site(t, (size_t)k,
		    (size_t)s->facs[f].kind))
			continue;
		for (i = 0; i < s->n; i++) {
			const struct nitem *it = &s->items[i];
			if (it->facility == f && it->transit == NONE &&
			    !retired(s, it) && acc_treaty_inspection_item(t,
			    (size_t)k, (size_t)it->type))
				uids[n++] = it->uid;
		}
		if (n == 0 && only == NONE)
			continue;       /* a drawn site has something to check */
		qsort(uids, n, sizeof(*uids), cmp_str);
		a = json_array();
		for (i = 0; a && i < n; i++)
			if (json_array_append_new(a, json_string(uids[i])) != 0) {
				json_decref(a);
				a = NULL;
			}
		if (a == NULL || json_object_set_new(o, s->facs[f].id, a) != 0) {
			json_decref(o);
			free(uids);
			return oom(err);
		}
	}
	free(uids);
	if (json_object_size(o) == 0) {
		json_decref(o);
		return fail(err, "kind", "%s has no site eligible for a %s "
		    "inspection with items to inspect", s->party[0] ?
		    s->party : "the host", kind);
	}
	*out = o;
	return 0;
}

int
acc_nstate_inventory(const acc_nstate *s, acc_inventory **out,
    const char *party, acc_date as_of, acc_err *err)
{
	const struct acc_treaty *t = s->t;
	acc_inventory *inv = NULL;
	size_t i;
	int rc = acc_inventory_new(&inv, t, err);

	*out = NULL;
	if (rc == 0)
		rc = acc_inventory_set_meta(inv, party, as_of, "state", err);
	for (i = 0; rc == 0 && i < s->nf; i++) {
		acc_facility_rec f = { s->facs[i].id,
			t->kinds[s->facs[i].kind].id, NULL, 0, NULL };
		rc = acc_inventory_add_facility(inv, &f, "state", (uint32_t)i,
		    err);
	}
	for (i = 0; rc == 0 && i < s->n; i++) {
		const struct nitem *it = &s->items[i];
		acc_attr_kv kv[ACC_ATTRS_MAX];
		acc_item_rec r;
		const char *k;
		json_t *v;
		memset(&r, 0, sizeof(r));
		r.uid = it->uid;
		r.type = t->types[it->type].e.id;
		r.status = t->statuses[it->status].id;
		r.facility = s->facs[it->facility].id;
		r.warheads = it->warheads;
		r.contained_in = it->container != NONE ?
		    s->items[it->container].uid : NULL;
		json_object_foreach(it->attrs, k, v) {
			if (r.n_attrs == ACC_ATTRS_MAX)
				break;
			kv[r.n_attrs].key = k;
			kv[r.n_attrs++].value = json_string_value(v);
		}
		r.attrs = kv;
		rc = acc_inventory_add_item(inv, &r, "state", (uint32_t)i, err);
	}
	if (rc == 0)
		rc = acc_inventory_finalize(inv, party, err);
	if (rc != 0) {
		acc_inventory_free(inv);
		return rc;
	}
	*out = inv;
	return 0;
}

static json_t *
item_json(const acc_nstate *s, const struct nitem *it)
{
	const struct acc_treaty *t = s->t;
	json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "uid", it->uid, "type",
	    t->types[it->type].e.id, "status", t->statuses[it->status].id,
	    "facility", s->facs[it->facility].id);

	if (o == NULL)
		return NULL;
	if (it->warheads >= 0)
		json_object_set_new(o, "warheads",
		    json_integer((json_int_t)it->warheads));
	if (it->container != NONE)
		json_object_set_new(o, "contained_in",
		    json_string(s->items[it->container].uid));
	if (it->transit != NONE)
		json_object_set_new(o, "in_transit_to",
		    json_string(s->facs[it->transit].id));
	return o;
}

int
acc_nstate_json(const acc_nstate *s, json_t **out, acc_err *err)
{
	json_t *a = json_array();
	size_t i;

	*out = NULL;
	for (i = 0; a && i < s->n; i++)
		if (json_array_append_new(a, item_json(s, &s->items[i])) != 0) {
			json_decref(a);
			a = NULL;
		}
	if (a == NULL)
		return oom(err);
	*out = a;
	return 0;
}

static int
diff(json_t *diffs, const char *uid, const char *what, const char *state,
    const char *declared)
{
	json_t *o = json_pack("{s:s, s:s}", "uid", uid, "difference", what);

	if (o == NULL)
		return ACC_ERR;
	if (state)
		json_object_set_new(o, "state", json_string(state));
	if (declared)
		json_object_set_new(o, "declared", json_string(declared));
	return json_array_append_new(diffs, o) ? ACC_ERR : 0;
}

static void
num(char *out, size_t len, int64_t v)
{
	if (v < 0)
		snprintf(out, len, "none");
	else
		snprintf(out, len, "%lld", (long long)v);
}

int
acc_nstate_reconcile(const acc_nstate *s, const char *items, size_t len,
    json_t *diffs, acc_err *err)
{
	json_error_t jerr;
	json_t *list = json_loadb(items, len, JSON_REJECT_DUPLICATES, &jerr);
	json_t *o;
	bool *seen = calloc(s->n ? s->n : 1, sizeof(*seen));
	size_t i;
	int rc = 0;

	if (!json_is_array(list) || seen == NULL) {
		json_decref(list);
		free(seen);
		return acc_err_set(err, ACC_EINVAL, "reconcile",
		    "the declared items are not a JSON list");
	}
	json_array_foreach(list, i, o) {
		const char *uid = sval(o, "uid");
		const char *c = sval(o, "contained_in");
		json_t *w = json_object_get(o, "warheads");
		const struct nitem *it;
		char a[32], b[32];
		uint32_t x;
		if (uid == NULL)
			continue;
		if (acc_strmap_get(&s->uids, uid, &x) != 0) {
			rc |= diff(diffs, uid, "declared but not notified (no "
			    "item.new)", NULL, sval(o, "facility"));
			continue;
		}
		it = &s->items[x];
		seen[x] = true;
		if (strcmp(s->t->types[it->type].e.id, sval(o, "type") ?
		    sval(o, "type") : "") != 0)
			rc |= diff(diffs, uid, "type differs",
			    s->t->types[it->type].e.id, sval(o, "type"));
		if (it->transit != NONE)
			rc |= diff(diffs, uid, "in transit (departure without "
			    "arrival)", s->facs[it->transit].id,
			    sval(o, "facility"));
		else if (strcmp(s->facs[it->facility].id, sval(o, "facility") ?
		    sval(o, "facility") : "") != 0)
			rc |= diff(diffs, uid, "moved without notification",
			    s->facs[it->facility].id, sval(o, "facility"));
		if (strcmp(status_name(s, it->status), sval(o, "status") ?
		    sval(o, "status") : "") != 0)
			rc |= diff(diffs, uid, "status differs",
			    status_name(s, it->status), sval(o, "status"));
		num(a, sizeof(a), it->warheads);
		num(b, sizeof(b), json_is_integer(w) ? json_integer_value(w) :
		    -1);
		if (strcmp(a, b) != 0)
			rc |= diff(diffs, uid, "warheads differ", a, b);
		if (strcmp(it->container != NONE ? s->items[it->container].uid
		    : "", c ? c : "") != 0)
			rc |= diff(diffs, uid, "container differs",
			    it->container != NONE ?
			    s->items[it->container].uid : "none",
			    c ? c : "none");
	}
	for (i = 0; i < s->n; i++)
		if (!seen[i] && !retired(s, &s->items[i]))
			rc |= diff(diffs, s->items[i].uid, "missing from the "
			    "declaration (no elimination or conversion "
			    "notified)", s->facs[s->items[i].facility].id,
			    NULL);
	json_decref(list);
	free(seen);
	if (rc != 0)
		return oom(err);
	return 0;
}
