/*
 * Exercise scenarios (accord-exercise/1), read strictly from YAML against
 * a built-in treaty, and the starting inventories they name. This file
 * reads and checks; it never opens a workspace (exercise_run.c plays the
 * scenario). The format, in full in docs/exercises.md:
 *
 *   format: accord-exercise/1
 *   id: hidden-launchers              # [a-z0-9-], at most 64
 *   title: Launchers kept off the books
 *   description: ...                  # optional
 *   treaty: new-start                 # a built-in treaty id
 *   start: 2022-09-01                 # as-of of the first declarations,
 *                                     # within the treaty's inspections
 *   months: 12                        # 1 to 120
 *   parties:                          # exactly two of the treaty's
 *     US:
 *       inventory: data/samples/new-start/2022-09-01/US.csv
 *       declarations: full            # or escrow (default full)
 *     RU: {inventory: ..., declarations: escrow}
 *   activity:                         # optional: statements to log
 *     - {month: 2, day: 10, party: US, type: item.move,
 *        body: {uid: US-HB-0018, from: US-PALMDALE, to: US-WHITEMAN,
 *               stage: departure}}
 *   inspections:                      # optional
 *     - {month: 3, day: 20, inspecting: US, host: RU, kind: type_one,
 *        site: random}                # or a facility of the host
 *   cheat: none                       # or a mapping:
 *     # {kind: undeclared_items, party, month, site, type, count, status?}
 *     # {kind: understated_warheads, party, month, type, site?, count,
 *     #  extra?}
 *     # {kind: unnotified_moves, party, month, from, to, type?, count,
 *     #  conceal?}
 *     # {kind: forked_log, party, month, drop: <index into activity>}
 *
 * Month m (1 to months) runs from the start plus m - 1 calendar months;
 * an event's `day` (1 to 28; activity 10, inspections 20 by default) is
 * its day within it. Declarations are made at the start and at the end
 * of every sixth month. Every error names file:line:col and the key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#ifndef PATH_MAX
#include <linux/limits.h>
#endif

#include <accord/buf.h>
#include <accord/exercise.h>

#include "exercise_int.h"
#include "inventory_int.h"
#include "limits.h"
#include "treaty_int.h"
#include "ydoc.h"

#define EXERCISE_FORMAT "accord-exercise/1"
#define DEFAULT_ACT_DAY 10
#define DEFAULT_INSP_DAY 20

const char *const acc_xcheat_names[5] = { "none", "undeclared_items",
	"understated_warheads", "unnotified_moves", "forked_log" };

struct xw {
	acc_ydoc *doc;
	struct acc_exercise *x;
	acc_err *err;
};

/* An error at node n: "file:line:col path: message". */
#define xerr(w, n, path, ...) \
	acc_ynode_fail((w)->err, (w)->doc, (n), (path), __VA_ARGS__)

/* "file:line:col path" of node n, kept for messages after parsing. */
static void
where_of(struct xw *w, char out[ACC_XWHERE_LEN], const acc_ynode *n,
    const char *path)
{
	char pos[160];

	acc_ynode_where(pos, sizeof(pos), w->doc, n);
	snprintf(out, ACC_XWHERE_LEN, "%s %s", pos, path);
}

#define quoted acc_ynode_quoted

static int
want(struct xw *w, const acc_ynode *n, acc_ynode_kind kind, const char *path)
{
	return acc_ynode_want(w->err, w->doc, n, kind, path);
}

static int
keys_only(struct xw *w, const acc_ynode *map, const char *path,
    const char *const *allowed)
{
	const acc_ynode *k = acc_ynode_unknown_key(map, allowed);
	char kp[160], q[100];

	if (k == NULL)
		return 0;
	snprintf(kp, sizeof(kp), "%s%s%s", path, *path ? "." : "", k->value);
	return xerr(w, k, kp, "unknown key \"%s\"", quoted(q, sizeof(q), k));
}

/* The scalar under key (NULL when absent and not required). */
static int
scalar(struct xw *w, const acc_ynode *map, const char *key, const char *path,
    bool required, const acc_ynode **out)
{
	const acc_ynode *n = acc_ynode_get(map, key);
	char p[200];

	*out = NULL;
	snprintf(p, sizeof(p), "%s%s%s", path, *path ? "." : "", key);
	if (n == NULL)
		return required ? xerr(w, map, p, "missing required key \"%s\"",
		    key) : 0;
	if (want(w, n, ACC_Y_SCALAR, p) != 0)
		return ACC_EINVAL;
	if (n->len == 0)
		return xerr(w, n, p, "expected a value for \"%s\"", key);
	*out = n;
	return 0;
}

static int
dup(struct xw *w, char **out, const char *s)
{
	*out = strdup(s);
	if (*out == NULL)
		return acc_err_set(w->err, ACC_ERR, w->doc->name,
		    "out of memory");
	return 0;
}

/* A whole number lo..hi written in decimal without sign or leading 0. */
static int
number(struct xw *w, const acc_ynode *n, const char *path, uint64_t lo,
    uint64_t hi, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;
	char q[100];

	if (want(w, n, ACC_Y_SCALAR, path) != 0)
		return ACC_EINVAL;
	for (i = 0; i < n->len; i++) {
		if (n->value[i] < '0' || n->value[i] > '9' || i >= 18 ||
		    (i == 1 && n->value[0] == '0'))
			break;
		v = v * 10 + (uint64_t)(n->value[i] - '0');
	}
	if (n->len == 0 || i != n->len || n->style != 0 || v < lo || v > hi)
		return xerr(w, n, path, "expected a whole number from %llu to "
		    "%llu, got \"%s\"", (unsigned long long)lo,
		    (unsigned long long)hi, quoted(q, sizeof(q), n));
	*out = v;
	return 0;
}

static int
boolean(struct xw *w, const acc_ynode *n, const char *path, bool *out)
{
	char q[100];

	if (want(w, n, ACC_Y_SCALAR, path) != 0)
		return ACC_EINVAL;
	if (strcmp(n->value, "true") == 0)
		*out = true;
	else if (strcmp(n->value, "false") == 0)
		*out = false;
	else
		return xerr(w, n, path, "expected true or false, got \"%s\"",
		    quoted(q, sizeof(q), n));
	return 0;
}

static int
party_of(const struct acc_exercise *x, const char *id)
{
	int i;

	for (i = 0; i < 2; i++)
		if (x->party[i].id && strcmp(x->party[i].id, id) == 0)
			return i;
	return -1;
}

/* One of the exercise's two parties. */
static int
party_field(struct xw *w, const acc_ynode *map, const char *key,
    const char *path, bool required, int *out)
{
	const acc_ynode *n;
	char p[200], q[100];
	int rc = scalar(w, map, key, path, required, &n);

	*out = -1;
	if (rc != 0 || n == NULL)
		return rc;
	*out = party_of(w->x, n->value);
	if (*out < 0) {
		snprintf(p, sizeof(p), "%s.%s", path, key);
		return xerr(w, n, p, "unknown party \"%s\": expected %s or %s",
		    quoted(q, sizeof(q), n), w->x->party[0].id,
		    w->x->party[1].id);
	}
	return 0;
}

static int
month_field(struct xw *w, const acc_ynode *map, const char *path,
    unsigned lo, unsigned *out)
{
	const acc_ynode *n;
	char p[200];
	uint64_t v;
	int rc = scalar(w, map, "month", path, true, &n);

	if (rc != 0)
		return rc;
	snprintf(p, sizeof(p), "%s.month", path);
	rc = number(w, n, p, lo, w->x->months, &v);
	if (rc == 0)
		*out = (unsigned)v;
	return rc;
}

static int
day_field(struct xw *w, const acc_ynode *map, const char *path,
    unsigned dflt, unsigned *out)
{
	const acc_ynode *n;
	char p[200];
	uint64_t v;
	int rc = scalar(w, map, "day", path, false, &n);

	*out = dflt;
	if (rc != 0 || n == NULL)
		return rc;
	snprintf(p, sizeof(p), "%s.day", path);
	rc = number(w, n, p, 1, 28, &v);
	if (rc == 0)
		*out = (unsigned)v;
	return rc;
}

/* ---- dates --------------------------------------------------------------- */

static void
ymd(acc_date d, int *y, int *m, int *day)
{
	char s[ACC_DATE_LEN];

	acc_date_format(s, d);
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*day = (s[8] - '0') * 10 + (s[9] - '0');
}

acc_date
acc_exercise_month_date(const struct acc_exercise *x, unsigned months)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };
	char s[ACC_DATE_LEN + 8];
	acc_date d = ACC_DATE_NONE;
	acc_err e = ACC_ERR_INIT;
	int y, m, day, last;

	ymd(x->start, &y, &m, &day);
	m += (int)months;
	y += (m - 1) / 12;
	m = (m - 1) % 12 + 1;
	last = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) ||
	    y % 400 == 0));
	if (day > last)
		day = last;
	snprintf(s, sizeof(s), "%04d-%02d-%02d", y, m, day);
	if (acc_date_parse(&d, s, strlen(s), "date", &e) != 0)
		return ACC_DATE_NONE;
	return d;
}

acc_date
acc_exercise_event_date(const struct acc_exercise *x, unsigned m,
    unsigned day)
{
	return acc_exercise_month_date(x, m - 1) + (acc_date)(day - 1);
}

/* ---- the parts ----------------------------------------------------------- */

static int
walk_parties(struct xw *w, const acc_ynode *root)
{
	static const char *const keys[] = { "inventory", "declarations",
		NULL };
	struct acc_exercise *x = w->x;
	const acc_ynode *ps = acc_ynode_get(root, "parties"), *inv, *mode;
	char path[100], q[100];
	size_t i;
	int rc;

	if (ps == NULL)
		return xerr(w, root, "", "missing required key \"parties\"");
	if (want(w, ps, ACC_Y_MAP, "parties") != 0)
		return ACC_EINVAL;
	if (ps->n != 2)
		return xerr(w, ps, "parties", "expected exactly two parties, "
		    "got %zu", ps->n);
	for (i = 0; i < 2; i++) {
		const acc_ynode *k = ps->keys[i], *m = ps->items[i];
		if (acc_treaty_party_find(x->t, k->value) < 0)
			return xerr(w, k, "parties", "unknown party \"%s\": "
			    "not a party to %s", quoted(q, sizeof(q), k),
			    x->t->id);
		snprintf(path, sizeof(path), "parties.%s", k->value);
		if (want(w, m, ACC_Y_MAP, path) != 0)
			return ACC_EINVAL;
		rc = keys_only(w, m, path, keys);
		if (rc == 0)
			rc = scalar(w, m, "inventory", path, true, &inv);
		if (rc == 0)
			rc = scalar(w, m, "declarations", path, false, &mode);
		if (rc == 0)
			rc = dup(w, &x->party[i].id, k->value);
		if (rc == 0)
			rc = dup(w, &x->party[i].inventory, inv->value);
		if (rc != 0)
			return rc;
		{
			char ip[160];
			snprintf(ip, sizeof(ip), "%s.inventory", path);
			where_of(w, x->party[i].where, inv, ip);
		}
		if (mode && strcmp(mode->value, "escrow") == 0) {
			x->party[i].escrow = true;
		} else if (mode && strcmp(mode->value, "full") != 0) {
			char mp[160];
			snprintf(mp, sizeof(mp), "%s.declarations", path);
			return xerr(w, mode, mp, "expected full or escrow, got "
			    "\"%s\"", quoted(q, sizeof(q), mode));
		}
	}
	return 0;
}

static const struct acc_ntype *
ntype_of(const acc_treaty *t, const char *id)
{
	size_t i;

	for (i = 0; i < t->n_ntypes; i++)
		if (strcmp(t->ntypes[i].e.id, id) == 0)
			return &t->ntypes[i];
	return NULL;
}

static const struct acc_nfield *
nfield_of(const struct acc_ntype *nt, const char *id)
{
	size_t i;

	for (i = 0; i < nt->n_fields; i++)
		if (strcmp(nt->fields[i].id, id) == 0)
			return &nt->fields[i];
	return NULL;
}

/* A statement's body: each key a field of the type, integers as such. */
static int
walk_body(struct xw *w, const acc_ynode *m, const acc_ynode *b,
    const struct acc_ntype *nt, const char *path, struct acc_xact *a)
{
	char fp[200], q[100];
	json_t *body = json_object();
	size_t i, j;
	int rc = 0;

	if (body == NULL)
		return acc_err_set(w->err, ACC_ERR, w->doc->name,
		    "out of memory");
	a->body = body;
	if (b != NULL && want(w, b, ACC_Y_MAP, path) != 0)
		return ACC_EINVAL;
	for (i = 0; b != NULL && i < b->n; i++) {
		const acc_ynode *k = b->keys[i], *v = b->items[i];
		const struct acc_nfield *f = nfield_of(nt, k->value);
		json_t *jv = NULL;
		snprintf(fp, sizeof(fp), "%s.%s", path, k->value);
		if (f == NULL)
			return xerr(w, k, fp, "%s has no field \"%s\"",
			    nt->e.id, quoted(q, sizeof(q), k));
		if (f->kind == ACC_NK_ATTRS) {
			if (want(w, v, ACC_Y_MAP, fp) != 0)
				return ACC_EINVAL;
			jv = json_object();
			for (j = 0; jv && j < v->n; j++) {
				char ap[260];
				snprintf(ap, sizeof(ap), "%s.%s", fp,
				    v->keys[j]->value);
				if (v->items[j]->kind != ACC_Y_SCALAR) {
					json_decref(jv);
					return want(w, v->items[j],
					    ACC_Y_SCALAR, ap);
				}
				json_object_set_new(jv, v->keys[j]->value,
				    json_string(v->items[j]->value));
			}
		} else if (f->kind == ACC_NK_INTEGER) {
			uint64_t n;
			rc = number(w, v, fp, 0, (UINT64_C(1) << 53) - 1, &n);
			if (rc != 0)
				return rc;
			jv = json_integer((json_int_t)n);
		} else {
			if (want(w, v, ACC_Y_SCALAR, fp) != 0)
				return ACC_EINVAL;
			jv = json_stringn(v->value, v->len);
			if (jv == NULL)
				return xerr(w, v, fp, "expected UTF-8 text "
				    "without NUL");
		}
		if (jv == NULL || json_object_set_new(body, k->value, jv) != 0)
			return acc_err_set(w->err, ACC_ERR, w->doc->name,
			    "out of memory");
	}
	for (i = 0; i < nt->n_fields; i++) {
		const struct acc_nfield *f = &nt->fields[i];
		bool has = json_object_get(body, f->id) != NULL;
		if (strcmp(f->id, "date") == 0 && f->kind == ACC_NK_DATE &&
		    !has) {
			a->add_date = true;
			continue;
		}
		if (f->required && !has)
			return xerr(w, b ? b : m, path, "missing field \"%s\" "
			    "of %s", f->id, nt->e.id);
	}
	return 0;
}

static int
walk_activity(struct xw *w, const acc_ynode *root)
{
	static const char *const keys[] = { "month", "day", "party", "type",
		"body", NULL };
	struct acc_exercise *x = w->x;
	const acc_ynode *list = acc_ynode_get(root, "activity");
	char path[64], q[100];
	size_t i;
	int rc;

	if (list == NULL)
		return 0;
	if (want(w, list, ACC_Y_SEQ, "activity") != 0)
		return ACC_EINVAL;
	if (list->n > ACC_EXERCISE_ACTIVITY_MAX)
		return acc_err_set(w->err, ACC_ELIMIT, "activity", "more than "
		    "%d statements", ACC_EXERCISE_ACTIVITY_MAX);
	x->acts = calloc(list->n ? list->n : 1, sizeof(*x->acts));
	if (x->acts == NULL)
		return acc_err_set(w->err, ACC_ERR, w->doc->name,
		    "out of memory");
	for (i = 0; i < list->n; i++) {
		const acc_ynode *m = list->items[i], *ty;
		struct acc_xact *a = &x->acts[i];
		const struct acc_ntype *nt;
		char bp[100];
		snprintf(path, sizeof(path), "activity[%zu]", i);
		x->n_acts = i + 1;
		if (want(w, m, ACC_Y_MAP, path) != 0)
			return ACC_EINVAL;
		where_of(w, a->where, m, path);
		rc = keys_only(w, m, path, keys);
		if (rc == 0)
			rc = month_field(w, m, path, 1, &a->month);
		if (rc == 0)
			rc = day_field(w, m, path, DEFAULT_ACT_DAY, &a->day);
		if (rc == 0)
			rc = party_field(w, m, "party", path, true, &a->party);
		if (rc == 0)
			rc = scalar(w, m, "type", path, true, &ty);
		if (rc != 0)
			return rc;
		nt = ntype_of(x->t, ty->value);
		snprintf(bp, sizeof(bp), "%s.type", path);
		if (nt == NULL)
			return xerr(w, ty, bp, "\"%s\" is not a notification "
			    "type of %s", quoted(q, sizeof(q), ty), x->t->id);
		if (nt->effect == ACC_NE_DECLARATION ||
		    nt->effect >= ACC_NE_INSPECTION_OPEN)
			return xerr(w, ty, bp, "%s statements are made by the "
			    "exercise itself (declarations every six months, "
			    "inspections from `inspections`)", nt->e.id);
		rc = dup(w, &a->type, nt->e.id);
		if (rc != 0)
			return rc;
		snprintf(bp, sizeof(bp), "%s.body", path);
		rc = walk_body(w, m, acc_ynode_get(m, "body"), nt, bp, a);
		if (rc != 0)
			return rc;
	}
	return 0;
}

static int
walk_inspections(struct xw *w, const acc_ynode *root)
{
	static const char *const keys[] = { "month", "day", "inspecting",
		"host", "kind", "site", NULL };
	struct acc_exercise *x = w->x;
	const acc_treaty *t = x->t;
	const acc_ynode *list = acc_ynode_get(root, "inspections");
	char path[64], p[100], q[100], a[ACC_DATE_LEN], b[ACC_DATE_LEN];
	size_t i, j;
	int rc;

	if (list == NULL)
		return 0;
	if (want(w, list, ACC_Y_SEQ, "inspections") != 0)
		return ACC_EINVAL;
	if (list->n > ACC_EXERCISE_INSPECTIONS_MAX)
		return acc_err_set(w->err, ACC_ELIMIT, "inspections", "more "
		    "than %d inspections", ACC_EXERCISE_INSPECTIONS_MAX);
	x->insps = calloc(list->n ? list->n : 1, sizeof(*x->insps));
	if (x->insps == NULL)
		return acc_err_set(w->err, ACC_ERR, w->doc->name,
		    "out of memory");
	for (i = 0; i < list->n; i++) {
		const acc_ynode *m = list->items[i], *kind, *site;
		struct acc_xinsp *in = &x->insps[i];
		acc_date d;
		uint64_t used = 0;
		int k, year, host = -1;
		snprintf(path, sizeof(path), "inspections[%zu]", i);
		x->n_insps = i + 1;
		if (want(w, m, ACC_Y_MAP, path) != 0)
			return ACC_EINVAL;
		where_of(w, in->where, m, path);
		rc = keys_only(w, m, path, keys);
		if (rc == 0)
			rc = month_field(w, m, path, 1, &in->month);
		if (rc == 0)
			rc = day_field(w, m, path, DEFAULT_INSP_DAY, &in->day);
		if (rc == 0)
			rc = party_field(w, m, "inspecting", path, true,
			    &in->inspecting);
		if (rc == 0)
			rc = party_field(w, m, "host", path, false, &host);
		if (rc == 0)
			rc = scalar(w, m, "kind", path, true, &kind);
		if (rc == 0)
			rc = scalar(w, m, "site", path, true, &site);
		if (rc != 0)
			return rc;
		in->host = 1 - in->inspecting;
		if (host == in->inspecting)
			return xerr(w, acc_ynode_get(m, "host"), path, "%s "
			    "cannot inspect itself", x->party[host].id);
		snprintf(p, sizeof(p), "%s.kind", path);
		k = acc_treaty_inspection_find(t, kind->value);
		if (k < 0)
			return xerr(w, kind, p, "\"%s\" is not an inspection "
			    "kind of %s", quoted(q, sizeof(q), kind), t->id);
		rc = dup(w, &in->kind, kind->value);
		snprintf(p, sizeof(p), "%s.site", path);
		where_of(w, in->site_where, site, p);
		if (rc == 0 && strcmp(site->value, "random") != 0) {
			if (!acc_inv_valid_id(site->value, site->len))
				return xerr(w, site, p, "expected random or a "
				    "facility id, got \"%s\"", quoted(q,
				    sizeof(q), site));
			rc = dup(w, &in->site, site->value);
		}
		if (rc != 0)
			return rc;
		d = acc_exercise_event_date(x, in->month, in->day);
		if (d < t->insp_from || (t->expires != ACC_DATE_NONE &&
		    d >= t->expires)) {
			char c[ACC_DATE_LEN];
			acc_date_format(a, d);
			acc_date_format(b, t->insp_from);
			acc_date_format(c, t->expires);
			return xerr(w, m, path, "falls on %s, outside %s's "
			    "inspections (from %s%s%s)", a, t->id, b,
			    t->expires != ACC_DATE_NONE ? " until before " : "",
			    t->expires != ACC_DATE_NONE ? c : "");
		}
		/* the kind's quota, per inspecting party and treaty year */
		year = acc_treaty_year(t, d, NULL);
		for (j = 0; j < i; j++)
			if (x->insps[j].inspecting == in->inspecting &&
			    strcmp(x->insps[j].kind, in->kind) == 0 &&
			    acc_treaty_year(t, acc_exercise_event_date(x,
			    x->insps[j].month, x->insps[j].day), NULL) == year)
				used++;
		if (used >= (uint64_t)t->ikinds[k].quota)
			return xerr(w, m, path, "%s has used its quota of %lld "
			    "%s inspections in that treaty year",
			    x->party[in->inspecting].id,
			    (long long)t->ikinds[k].quota, in->kind);
	}
	return 0;
}

static int
cheat_item_type(struct xw *w, const acc_ynode *m, const char *path,
    bool required, bool warheads)
{
	struct acc_xcheat_spec *c = &w->x->cheat;
	const acc_ynode *n;
	char p[100], q[100];
	int ti, rc = scalar(w, m, "type", path, required, &n);

	if (rc != 0 || n == NULL)
		return rc;
	snprintf(p, sizeof(p), "%s.type", path);
	where_of(w, c->type_where, n, p);
	ti = acc_treaty_type_find(w->x->t, n->value, n->len);
	if (ti < 0)
		return xerr(w, n, p, "\"%s\" is not an item type of %s",
		    quoted(q, sizeof(q), n), w->x->t->id);
	if (warheads && !w->x->t->types[ti].carries_warheads)
		return xerr(w, n, p, "%s carries no warheads", n->value);
	return dup(w, &c->type, n->value);
}

static int
cheat_facility(struct xw *w, const acc_ynode *m, const char *key,
    const char *path, bool required, char **out, char where[ACC_XWHERE_LEN])
{
	const acc_ynode *n;
	char p[100], q[100];
	int rc = scalar(w, m, key, path, required, &n);

	if (rc != 0 || n == NULL)
		return rc;
	snprintf(p, sizeof(p), "%s.%s", path, key);
	where_of(w, where, n, p);
	if (!acc_inv_valid_id(n->value, n->len))
		return xerr(w, n, p, "expected a facility id, got \"%s\"",
		    quoted(q, sizeof(q), n));
	return dup(w, out, n->value);
}

static int
walk_cheat(struct xw *w, const acc_ynode *root)
{
	static const char *const common[] = { "kind", "party", "month" };
	static const char *const extra[5][6] = {
		{ NULL },
		{ "site", "type", "count", "status", NULL },
		{ "type", "site", "count", "extra", NULL },
		{ "from", "to", "type", "count", "conceal", NULL },
		{ "drop", NULL },
	};
	struct acc_exercise *x = w->x;
	struct acc_xcheat_spec *c = &x->cheat;
	const acc_ynode *m = acc_ynode_get(root, "cheat"), *kind, *n;
	const char *allowed[12];
	char q[100];
	uint64_t v;
	size_t i, k = 0;
	int rc;

	if (m == NULL)
		return xerr(w, root, "", "missing required key \"cheat\" "
		    "(none, or a mapping with kind)");
	if (m->kind == ACC_Y_SCALAR) {
		if (strcmp(m->value, "none") == 0)
			return 0;
		return xerr(w, m, "cheat", "unknown cheat \"%s\": expected "
		    "none, or a mapping whose kind is undeclared_items, "
		    "understated_warheads, unnotified_moves or forked_log",
		    quoted(q, sizeof(q), m));
	}
	if (want(w, m, ACC_Y_MAP, "cheat") != 0)
		return ACC_EINVAL;
	where_of(w, c->where, m, "cheat");
	rc = scalar(w, m, "kind", "cheat", true, &kind);
	if (rc != 0)
		return rc;
	for (i = 1; i < 5; i++)
		if (strcmp(kind->value, acc_xcheat_names[i]) == 0)
			c->kind = (enum acc_xcheat)i;
	if (c->kind == ACC_XCHEAT_NONE)
		return xerr(w, kind, "cheat.kind", "unknown cheat \"%s\": "
		    "expected undeclared_items, understated_warheads, "
		    "unnotified_moves or forked_log (or cheat: none)",
		    quoted(q, sizeof(q), kind));
	for (i = 0; i < 3; i++)
		allowed[k++] = common[i];
	for (i = 0; extra[c->kind][i]; i++)
		allowed[k++] = extra[c->kind][i];
	allowed[k] = NULL;
	rc = keys_only(w, m, "cheat", allowed);
	if (rc == 0)
		rc = party_field(w, m, "party", "cheat", true, &c->party);
	if (rc == 0)
		rc = month_field(w, m, "cheat", c->kind ==
		    ACC_XCHEAT_UNDECLARED || c->kind == ACC_XCHEAT_WARHEADS ?
		    0 : 1, &c->month);
	if (rc != 0)
		return rc;
	if (c->kind != ACC_XCHEAT_FORK) {
		rc = scalar(w, m, "count", "cheat", true, &n);
		if (rc == 0)
			where_of(w, c->count_where, n, "cheat.count");
		if (rc == 0)
			rc = number(w, n, "cheat.count", 1,
			    ACC_EXERCISE_CHEAT_ITEMS_MAX, &c->count);
		if (rc != 0)
			return rc;
	}
	switch (c->kind) {
	case ACC_XCHEAT_UNDECLARED:
		rc = cheat_facility(w, m, "site", "cheat", true, &c->site,
		    c->site_where);
		if (rc == 0)
			rc = cheat_item_type(w, m, "cheat", true, false);
		if (rc == 0)
			rc = scalar(w, m, "status", "cheat", false, &n);
		if (rc != 0)
			return rc;
		if (n && acc_treaty_status_find(x->t, n->value, n->len) < 0)
			return xerr(w, n, "cheat.status", "\"%s\" is not a "
			    "status of %s", quoted(q, sizeof(q), n), x->t->id);
		if (n == NULL && acc_treaty_status_find(x->t, "non_deployed",
		    12) < 0)
			return xerr(w, m, "cheat", "missing required key "
			    "\"status\" (%s has no status non_deployed)",
			    x->t->id);
		return dup(w, &c->status, n ? n->value : "non_deployed");
	case ACC_XCHEAT_WARHEADS:
		c->extra = 1;
		rc = cheat_item_type(w, m, "cheat", true, true);
		if (rc == 0)
			rc = cheat_facility(w, m, "site", "cheat", false,
			    &c->site, c->site_where);
		if (rc == 0)
			rc = scalar(w, m, "extra", "cheat", false, &n);
		if (rc == 0 && n) {
			rc = number(w, n, "cheat.extra", 1, ACC_WARHEADS_MAX,
			    &v);
			c->extra = (int64_t)v;
		}
		return rc;
	case ACC_XCHEAT_MOVES:
		c->conceal = true;
		rc = cheat_facility(w, m, "from", "cheat", true, &c->from,
		    c->from_where);
		if (rc == 0)
			rc = cheat_facility(w, m, "to", "cheat", true, &c->to,
			    c->to_where);
		if (rc == 0 && strcmp(c->from, c->to) == 0)
			rc = xerr(w, acc_ynode_get(m, "to"), "cheat.to",
			    "the same facility as from");
		if (rc == 0)
			rc = cheat_item_type(w, m, "cheat", false, false);
		if (rc == 0)
			rc = scalar(w, m, "conceal", "cheat", false, &n);
		if (rc == 0 && n)
			rc = boolean(w, n, "cheat.conceal", &c->conceal);
		return rc;
	case ACC_XCHEAT_FORK:
		rc = scalar(w, m, "drop", "cheat", true, &n);
		if (rc == 0)
			rc = number(w, n, "cheat.drop", 0, x->n_acts ?
			    x->n_acts - 1 : 0, &v);
		if (rc == 0 && x->n_acts == 0)
			rc = xerr(w, n, "cheat.drop", "there is no activity "
			    "to drop");
		if (rc != 0)
			return rc;
		c->drop = (size_t)v;
		if (x->acts[c->drop].party != c->party)
			return xerr(w, n, "cheat.drop", "activity[%zu] is "
			    "%s's, not the cheat's party %s", c->drop,
			    x->party[x->acts[c->drop].party].id,
			    x->party[c->party].id);
		if (x->acts[c->drop].month >= c->month)
			return xerr(w, n, "cheat.drop", "activity[%zu] is in "
			    "month %u: a log is rewritten after the other "
			    "party witnessed it, so the entry must be from "
			    "before month %u", c->drop, x->acts[c->drop].month,
			    c->month);
		return 0;
	default:
		return 0;
	}
}

static int
walk(struct xw *w)
{
	static const char *const keys[] = { "format", "id", "title",
		"description", "treaty", "start", "months", "parties",
		"activity", "inspections", "cheat", NULL };
	struct acc_exercise *x = w->x;
	const acc_ynode *root = w->doc->root, *fmt, *id, *title, *desc, *tr;
	const acc_ynode *start, *months;
	const char *text;
	size_t len, i;
	char q[100], a[ACC_DATE_LEN], b[ACC_DATE_LEN];
	uint64_t v;
	int rc;

	if (root == NULL)
		return acc_err_set(w->err, ACC_EINVAL, w->doc->name,
		    "empty scenario: expected format: " EXERCISE_FORMAT);
	if (want(w, root, ACC_Y_MAP, "") != 0)
		return ACC_EINVAL;
	rc = scalar(w, root, "format", "", true, &fmt);
	if (rc == 0 && strcmp(fmt->value, EXERCISE_FORMAT) != 0)
		rc = xerr(w, fmt, "format", "expected \"" EXERCISE_FORMAT
		    "\", got \"%s\"", quoted(q, sizeof(q), fmt));
	if (rc == 0)
		rc = keys_only(w, root, "", keys);
	if (rc == 0)
		rc = scalar(w, root, "id", "", true, &id);
	if (rc != 0)
		return rc;
	for (i = 0; i < id->len; i++)
		if (!((id->value[i] >= 'a' && id->value[i] <= 'z') ||
		    (id->value[i] >= '0' && id->value[i] <= '9') ||
		    (id->value[i] == '-' && i > 0)))
			break;
	if (i != id->len || id->len > ACC_ID_MAX)
		return xerr(w, id, "id", "expected lowercase letters, digits "
		    "and '-' (at most %d), got \"%s\"", ACC_ID_MAX,
		    quoted(q, sizeof(q), id));
	rc = dup(w, &x->id, id->value);
	if (rc == 0)
		rc = scalar(w, root, "title", "", true, &title);
	if (rc == 0)
		rc = dup(w, &x->title, title->value);
	if (rc == 0)
		rc = scalar(w, root, "description", "", false, &desc);
	if (rc == 0 && desc)
		rc = dup(w, &x->description, desc->value);
	if (rc == 0)
		rc = scalar(w, root, "treaty", "", true, &tr);
	if (rc != 0)
		return rc;
	if (acc_treaty_builtin_find(&text, &len, tr->value, w->err) != 0) {
		acc_err_clear(w->err);
		return xerr(w, tr, "treaty", "\"%s\" is not a built-in treaty "
		    "(see accord treaty list)", quoted(q, sizeof(q), tr));
	}
	rc = acc_treaty_parse(&x->t, text, len, tr->value, w->err);
	if (rc != 0)
		return rc;
	if (x->t->n_ikinds == 0)
		return xerr(w, tr, "treaty", "%s defines no inspections",
		    x->t->id);
	if (x->t->insp_from == ACC_DATE_NONE)
		return xerr(w, tr, "treaty", "%s has no dates for inspections "
		    "(a draft not in force)", x->t->id);
	rc = scalar(w, root, "start", "", true, &start);
	if (rc == 0 && acc_date_parse(&x->start, start->value, start->len,
	    "start", w->err) != 0) {
		acc_err_clear(w->err);
		rc = xerr(w, start, "start", "expected a date YYYY-MM-DD, got "
		    "\"%s\"", quoted(q, sizeof(q), start));
	}
	if (rc != 0)
		return rc;
	if (x->start < x->t->insp_from || (x->t->expires != ACC_DATE_NONE &&
	    x->start >= x->t->expires)) {
		acc_date_format(a, x->t->insp_from);
		acc_date_format(b, x->t->expires);
		return xerr(w, start, "start", "%s is outside %s's inspections "
		    "(from %s until before %s)", start->value, x->t->id, a,
		    x->t->expires != ACC_DATE_NONE ? b : "its end");
	}
	rc = scalar(w, root, "months", "", true, &months);
	if (rc == 0)
		rc = number(w, months, "months", 1, ACC_EXERCISE_MONTHS_MAX,
		    &v);
	if (rc != 0)
		return rc;
	x->months = (unsigned)v;
	rc = walk_parties(w, root);
	if (rc == 0)
		rc = walk_activity(w, root);
	if (rc == 0)
		rc = walk_inspections(w, root);
	if (rc == 0)
		rc = walk_cheat(w, root);
	return rc;
}

int
acc_exercise_parse(acc_exercise **out, const char *text, size_t len,
    const char *name, acc_err *err)
{
	acc_ydoc doc = { 0 };
	struct acc_exercise *x;
	struct xw w;
	int rc;

	*out = NULL;
	x = calloc(1, sizeof(*x));
	if (x == NULL || (x->source = strdup(name ? name : "-")) == NULL) {
		free(x);
		return acc_err_set(err, ACC_ERR, name, "out of memory");
	}
	if (len > ACC_EXERCISE_FILE_MAX) {
		rc = acc_err_set(err, ACC_ELIMIT, name, "larger than %u bytes",
		    ACC_EXERCISE_FILE_MAX);
		goto done;
	}
	rc = acc_ydoc_parse(&doc, text, len, x->source, err);
	if (rc != 0)
		goto done;
	w.doc = &doc;
	w.x = x;
	w.err = err;
	rc = walk(&w);
	if (rc != 0)
		goto done;
	*out = x;
	x = NULL;
done:
	acc_exercise_free(x);
	acc_ydoc_dispose(&doc);
	return rc;
}

/* ---- loading: the inventories and what needs them ------------------------ */

static bool
is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/*
 * A relative path beside the scenario, then in each directory above it:
 * the shipped scenarios name data/samples/... from the source tree.
 */
static int
find_inventory(struct acc_xparty *p, const char *source, acc_err *err)
{
	char dir[PATH_MAX], cand[PATH_MAX + 4096];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", source);
	slash = strrchr(dir, '/');
	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if (p->inventory[0] == '/')
		snprintf(cand, sizeof(cand), "%s", p->inventory);
	else
		snprintf(cand, sizeof(cand), "%s/%s", dir, p->inventory);
	if (!is_file(cand) && p->inventory[0] != '/' &&
	    realpath(dir, cand) != NULL) {
		snprintf(dir, sizeof(dir), "%s", cand);
		for (;;) {
			snprintf(cand, sizeof(cand), "%s%s%s", dir,
			    strcmp(dir, "/") == 0 ? "" : "/", p->inventory);
			if (is_file(cand) || strcmp(dir, "/") == 0)
				break;
			slash = strrchr(dir, '/');
			if (slash == dir)
				dir[1] = '\0';
			else
				*slash = '\0';
		}
	}
	if (!is_file(cand))
		return acc_err_set(err, ACC_EINVAL, p->where, "no inventory %s "
		    "%s", p->inventory, p->inventory[0] == '/' ? "(no such "
		    "file)" : "beside the scenario or in a directory above it");
	p->path = strdup(cand);
	return p->path ? 0 : acc_err_set(err, ACC_ERR, p->where,
	    "out of memory");
}

/* The facility kind of id for party p (inventory or facility.new), or
 * NULL. */
static const char *
facility_kind(const struct acc_exercise *x, int p, const char *id)
{
	acc_facility_rec f;
	size_t i;

	for (i = 0; i < acc_inventory_facility_count(x->party[p].inv); i++) {
		acc_inventory_facility(x->party[p].inv, i, &f, NULL, 0);
		if (strcmp(f.id, id) == 0)
			return f.kind;
	}
	for (i = 0; i < x->n_acts; i++) {
		const char *fac = json_string_value(json_object_get(
		    x->acts[i].body, "facility"));
		const char *kind = json_string_value(json_object_get(
		    x->acts[i].body, "kind"));
		if (x->acts[i].party == p && fac && kind &&
		    strcmp(fac, id) == 0)
			return kind;
	}
	return NULL;
}

static int
check_sites(struct acc_exercise *x, acc_err *err)
{
	const acc_treaty *t = x->t;
	size_t i;

	for (i = 0; i < x->n_insps; i++) {
		const struct acc_xinsp *in = &x->insps[i];
		const char *fk;
		int k, fki;
		if (in->site == NULL)
			continue;
		fk = facility_kind(x, in->host, in->site);
		if (fk == NULL)
			return acc_err_set(err, ACC_EINVAL, in->site_where,
			    "%s has no facility %s", x->party[in->host].id,
			    in->site);
		k = acc_treaty_inspection_find(t, in->kind);
		fki = acc_treaty_kind_find(t, fk, strlen(fk));
		if (fki < 0 || !acc_treaty_inspection_site(t, (size_t)k,
		    (size_t)fki))
			return acc_err_set(err, ACC_EINVAL, in->site_where,
			    "%s (a %s) is not eligible for a %s inspection",
			    in->site, fk, in->kind);
	}
	return 0;
}

static int
cmp_uid(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static uint64_t
retired_statuses(const acc_treaty *t)
{
	uint64_t r = 0;
	size_t i;

	for (i = 0; i < t->n_ntypes; i++)
		if (t->ntypes[i].effect == ACC_NE_ITEM_CONVERT ||
		    t->ntypes[i].effect == ACC_NE_ITEM_ELIMINATE)
			r |= t->ntypes[i].to;
	return r;
}

/* Choose the items the cheat concerns from the cheater's inventory. */
static int
choose_items(struct acc_exercise *x, acc_err *err)
{
	struct acc_xcheat_spec *c = &x->cheat;
	const acc_inventory *inv;
	const char *party;
	uint64_t retired = retired_statuses(x->t);
	const char **pick = NULL, **held = NULL;
	size_t n = 0, n_held = 0, i, total;
	int rc = 0;

	if (c->kind == ACC_XCHEAT_NONE || c->kind == ACC_XCHEAT_FORK)
		return 0;
	inv = x->party[c->party].inv;
	party = x->party[c->party].id;
	total = acc_inventory_item_count(inv);
	if (c->site && facility_kind(x, c->party, c->site) == NULL)
		return acc_err_set(err, ACC_EINVAL, c->site_where, "%s has no "
		    "facility %s", party, c->site);
	if (c->from && facility_kind(x, c->party, c->from) == NULL)
		return acc_err_set(err, ACC_EINVAL, c->from_where, "%s has no "
		    "facility %s", party, c->from);
	if (c->to && facility_kind(x, c->party, c->to) == NULL)
		return acc_err_set(err, ACC_EINVAL, c->to_where, "%s has no "
		    "facility %s", party, c->to);
	c->uids = calloc((size_t)c->count, sizeof(*c->uids));
	pick = calloc(total ? total : 1, sizeof(*pick));
	held = calloc(total ? total : 1, sizeof(*held));
	if (c->uids == NULL || pick == NULL || held == NULL) {
		rc = acc_err_set(err, ACC_ERR, c->where, "out of memory");
		goto done;
	}
	if (c->kind == ACC_XCHEAT_UNDECLARED) {
		for (i = 0; i < c->count; i++) {
			char uid[ACC_ID_MAX + 1];
			size_t j;
			snprintf(uid, sizeof(uid), "%s-HIDDEN-%04zu", party,
			    i + 1);
			for (j = 0; j < total; j++) {
				acc_item_rec it;
				acc_inventory_item(inv, j, &it, NULL, 0);
				if (strcmp(it.uid, uid) == 0)
					break;
			}
			if (j < total) {
				rc = acc_err_set(err, ACC_EINVAL, c->where,
				    "%s holds an item %s already: the hidden "
				    "items' names are taken", party, uid);
				goto done;
			}
			c->uids[i] = strdup(uid);
			if (c->uids[i] == NULL) {
				rc = acc_err_set(err, ACC_ERR, c->where,
				    "out of memory");
				goto done;
			}
			c->n_uids = i + 1;
		}
		goto done;
	}
	/* which items hold others: a container does not move alone */
	for (i = 0; i < total; i++) {
		acc_item_rec it;
		acc_inventory_item(inv, i, &it, NULL, 0);
		if (it.contained_in != NULL)
			held[n++] = it.contained_in;
	}
	qsort(held, n, sizeof(*held), cmp_uid);
	n_held = n;
	n = 0;
	for (i = 0; i < total; i++) {
		acc_item_rec it;
		int si;
		acc_inventory_item(inv, i, &it, NULL, 0);
		si = acc_treaty_status_find(x->t, it.status, strlen(it.status));
		if (c->type && strcmp(it.type, c->type) != 0)
			continue;
		if (c->kind == ACC_XCHEAT_WARHEADS) {
			if (strcmp(it.status, "deployed") != 0 ||
			    it.warheads < 0 || (c->site && strcmp(it.facility,
			    c->site) != 0))
				continue;
		} else {
			if (strcmp(it.facility, c->from) != 0 || si < 0 ||
			    (retired >> si & 1) || it.contained_in != NULL ||
			    bsearch(&it.uid, held, n_held, sizeof(*held),
			    cmp_uid) != NULL)
				continue;
		}
		pick[n++] = it.uid;
	}
	if (n < c->count) {
		if (c->kind == ACC_XCHEAT_WARHEADS)
			rc = acc_err_set(err, ACC_EINVAL, c->count_where, "%s "
			    "has %zu deployed %s%s%s, fewer than %llu", party,
			    n, c->type, c->site ? " at " : "", c->site ?
			    c->site : "", (unsigned long long)c->count);
		else
			rc = acc_err_set(err, ACC_EINVAL, c->count_where, "%s "
			    "has %zu %s at %s that could move alone (in no "
			    "container, holding nothing, not retired), fewer "
			    "than %llu", party, n, c->type ? c->type : "items",
			    c->from, (unsigned long long)c->count);
		goto done;
	}
	qsort(pick, n, sizeof(*pick), cmp_uid);
	for (i = 0; i < c->count; i++) {
		c->uids[i] = strdup(pick[i]);
		if (c->uids[i] == NULL) {
			rc = acc_err_set(err, ACC_ERR, c->where,
			    "out of memory");
			goto done;
		}
		c->n_uids = i + 1;
	}
done:
	free(pick);
	free(held);
	return rc;
}

int
acc_exercise_load(acc_exercise **out, const char *path, acc_err *err)
{
	acc_buf text = ACC_BUF_INIT(ACC_EXERCISE_FILE_MAX);
	struct acc_exercise *x = NULL;
	size_t i;
	int rc;

	*out = NULL;
	rc = acc_file_read(&text, path, err);
	if (rc == 0)
		rc = acc_exercise_parse(&x, text.data ? text.data : "",
		    text.len, path, err);
	for (i = 0; rc == 0 && i < 2; i++) {
		struct acc_xparty *p = &x->party[i];
		rc = find_inventory(p, x->source, err);
		if (rc == 0)
			rc = acc_inventory_new(&p->inv, x->t, err);
		if (rc == 0)
			rc = acc_inventory_read(p->inv, p->path, err);
		if (rc == 0)
			rc = acc_inventory_finalize(p->inv, p->id, err);
	}
	if (rc == 0)
		rc = check_sites(x, err);
	if (rc == 0)
		rc = choose_items(x, err);
	if (rc != 0)
		goto done;
	x->loaded = true;
	*out = x;
	x = NULL;
done:
	acc_exercise_free(x);
	acc_buf_dispose(&text);
	return rc;
}

void
acc_exercise_free(acc_exercise *x)
{
	size_t i;

	if (x == NULL)
		return;
	for (i = 0; i < 2; i++) {
		free(x->party[i].id);
		free(x->party[i].inventory);
		free(x->party[i].path);
		acc_inventory_free(x->party[i].inv);
	}
	for (i = 0; i < x->n_acts; i++) {
		free(x->acts[i].type);
		json_decref(x->acts[i].body);
	}
	free(x->acts);
	for (i = 0; i < x->n_insps; i++) {
		free(x->insps[i].kind);
		free(x->insps[i].site);
	}
	free(x->insps);
	free(x->cheat.site);
	free(x->cheat.type);
	free(x->cheat.status);
	free(x->cheat.from);
	free(x->cheat.to);
	for (i = 0; i < x->cheat.n_uids; i++)
		free(x->cheat.uids[i]);
	free(x->cheat.uids);
	acc_treaty_free(x->t);
	free(x->id);
	free(x->title);
	free(x->description);
	free(x->source);
	free(x);
}

const char *
acc_exercise_id(const acc_exercise *x)
{
	return x->id;
}

const char *
acc_exercise_title(const acc_exercise *x)
{
	return x->title;
}

const acc_treaty *
acc_exercise_treaty(const acc_exercise *x)
{
	return x->t;
}

acc_date
acc_exercise_start(const acc_exercise *x)
{
	return x->start;
}

unsigned
acc_exercise_months(const acc_exercise *x)
{
	return x->months;
}

const char *
acc_exercise_cheat(const acc_exercise *x)
{
	return acc_xcheat_names[x->cheat.kind];
}

/* ---- describing ---------------------------------------------------------- */

static int
describe_cheat(acc_buf *out, const struct acc_exercise *x)
{
	const struct acc_xcheat_spec *c = &x->cheat;
	const char *p = c->kind ? x->party[c->party].id : "";
	size_t i;
	int rc;

	switch (c->kind) {
	case ACC_XCHEAT_NONE:
		return acc_buf_puts(out, "  cheat: none (nothing may be "
		    "flagged)\n");
	case ACC_XCHEAT_UNDECLARED:
		rc = acc_buf_printf(out, "  cheat: undeclared_items: %s keeps "
		    "%llu %s (%s) at %s off its declarations from month %u",
		    p, (unsigned long long)c->count, c->type, c->status,
		    c->site, c->month);
		break;
	case ACC_XCHEAT_WARHEADS:
		rc = acc_buf_printf(out, "  cheat: understated_warheads: from "
		    "month %u, %llu deployed %s of %s%s%s carry %lld more "
		    "warhead%s than declared", c->month,
		    (unsigned long long)c->count, c->type, p, c->site ?
		    " at " : "", c->site ? c->site : "", (long long)c->extra,
		    c->extra == 1 ? "" : "s");
		break;
	case ACC_XCHEAT_MOVES:
		rc = acc_buf_printf(out, "  cheat: unnotified_moves: in month "
		    "%u %s moves %llu %s from %s to %s without notifying "
		    "(%s)", c->month, p, (unsigned long long)c->count,
		    c->type ? c->type : "items", c->from, c->to, c->conceal ?
		    "and keeps declaring them where they were" :
		    "and declares them where they are");
		break;
	case ACC_XCHEAT_FORK:
		return acc_buf_printf(out, "  cheat: forked_log: at the end of "
		    "month %u %s rewrites its log without activity[%zu] "
		    "(%s) and shows the rewritten history\n", c->month, p,
		    c->drop, x->acts[c->drop].type);
	default:
		return 0;
	}
	for (i = 0; rc == 0 && i < c->n_uids; i++)
		rc = acc_buf_printf(out, "%s%s", i ? ", " : ": ", c->uids[i]);
	if (rc == 0)
		rc = acc_buf_puts(out, "\n");
	return rc;
}

int
acc_exercise_describe(acc_buf *out, const acc_exercise *x, acc_err *err)
{
	char a[ACC_DATE_LEN], b[ACC_DATE_LEN];
	unsigned m;
	size_t i;
	int rc;

	acc_date_format(a, x->start);
	acc_date_format(b, acc_exercise_month_date(x, x->months));
	rc = acc_buf_printf(out, "exercise %s: %s\n  treaty %s, %u months "
	    "from %s to %s; declarations at month 0", x->id, x->title,
	    x->t->id, x->months, a, b);
	for (m = 6; rc == 0 && m <= x->months; m += 6)
		rc = acc_buf_printf(out, ", %u", m);
	if (rc == 0)
		rc = acc_buf_puts(out, "\n");
	for (i = 0; rc == 0 && i < 2; i++) {
		const struct acc_xparty *p = &x->party[i];
		rc = acc_buf_printf(out, "  %s: %s", p->id, p->path ? p->path :
		    p->inventory);
		if (rc == 0 && p->inv)
			rc = acc_buf_printf(out, " (%zu items)",
			    acc_inventory_item_count(p->inv));
		if (rc == 0)
			rc = acc_buf_printf(out, ", %s declarations\n",
			    p->escrow ? "escrow" : "full");
	}
	if (rc == 0)
		rc = acc_buf_printf(out, "  activity: %zu statement%s; "
		    "inspections: %zu\n", x->n_acts, x->n_acts == 1 ? "" : "s",
		    x->n_insps);
	for (i = 0; rc == 0 && i < x->n_insps; i++) {
		const struct acc_xinsp *in = &x->insps[i];
		acc_date_format(a, acc_exercise_event_date(x, in->month,
		    in->day));
		rc = acc_buf_printf(out, "    month %u (%s): %s inspects %s, "
		    "%s, site %s\n", in->month, a, x->party[in->inspecting].id,
		    x->party[in->host].id, in->kind, in->site ? in->site :
		    "random");
	}
	if (rc == 0)
		rc = describe_cheat(out, x);
	if (rc != 0)
		return acc_err_set(err, ACC_ELIMIT, x->source,
		    "description too large");
	return 0;
}
