/*
 * Treaty definitions: the strict walk from a YAML tree to acc_treaty.
 * Every key is known, every reference resolves, every rule compiles, or
 * the load fails at the first problem with file:line:col. Owns the
 * definition schema (docs/treaty-format.md); never reads inventories.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/buf.h>

#include "embedded.h"
#include "limits.h"
#include "treaty_int.h"
#include "ydoc.h"

#define TREATY_FORMAT "accord-treaty/1"

struct walk {
	acc_ydoc *doc;
	acc_treaty *t;
	acc_err *err;
};

/* An error at node n: fmt takes two strings, a and b ("" for NULL). */
static int
werr(struct walk *w, const acc_ynode *n, const char *path, const char *fmt,
    const char *a, const char *b)
{
	char msg[512];

	/* callers quote any text of the definition they pass */
	snprintf(msg, sizeof(msg), fmt, a ? a : "", b ? b : "");
	return acc_ynode_fail(w->err, w->doc, n, path, "%s", msg);
}

/* Refuse keys not in the NULL-terminated allowed list. */
static int
check_keys(struct walk *w, const acc_ynode *map, const char *path,
    const char *const *allowed)
{
	const acc_ynode *k = acc_ynode_unknown_key(map, allowed);
	char list[400], q[300];
	size_t j, o = 0;

	if (k == NULL)
		return 0;
	list[0] = '\0';
	for (j = 0; allowed[j] && o + 40 < sizeof(list); j++)
		o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s",
		    j ? ", " : "", allowed[j]);
	return werr(w, k, path, "unknown key \"%s\" (expected one of: %s)",
	    acc_ynode_quoted(q, sizeof(q), k), list);
}

static int
want_kind(struct walk *w, const acc_ynode *n, acc_ynode_kind kind,
    const char *path)
{
	return acc_ynode_want(w->err, w->doc, n, kind, path);
}

/* Fetch key from map: required or optional; must be a scalar. */
static int
get_scalar(struct walk *w, const acc_ynode *map, const char *key,
    const char *path, bool required, const acc_ynode **out)
{
	const acc_ynode *n = acc_ynode_get(map, key);
	char p[300];

	*out = NULL;
	snprintf(p, sizeof(p), "%s%s%s", path, *path ? "." : "", key);
	if (n == NULL) {
		if (required)
			return werr(w, map, path, "missing required key \"%s\"%s",
			    key, "");
		return 0;
	}
	if (want_kind(w, n, ACC_Y_SCALAR, p) != 0)
		return ACC_EINVAL;
	if (n->len == 0 && required)
		return werr(w, n, p, "expected a value for \"%s\"%s", key, "");
	*out = n;
	return 0;
}

static int
dup_text(struct walk *w, char **out, const acc_ynode *n)
{
	*out = strdup(n ? n->value : "");
	if (*out == NULL)
		return acc_err_set(w->err, ACC_ERR, w->doc->name,
		    "out of memory");
	return 0;
}

static int
get_text(struct walk *w, const acc_ynode *map, const char *key,
    const char *path, bool required, char **out)
{
	const acc_ynode *n;
	int rc = get_scalar(w, map, key, path, required, &n);

	if (rc != 0)
		return rc;
	if (n == NULL) {
		*out = NULL;
		return 0;
	}
	return dup_text(w, out, n);
}

static bool
is_ident(const char *s, bool upper_ok)
{
	size_t i;

	if (!(islower((unsigned char)s[0]) ||
	    (upper_ok && isupper((unsigned char)s[0]))))
		return false;
	for (i = 1; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!(islower(c) || isdigit(c) || c == '_' || c == '-' ||
		    c == '.' || (upper_ok && isupper(c))))
			return false;
	}
	return i <= ACC_ID_MAX;
}

static int
get_int(struct walk *w, const acc_ynode *map, const char *key,
    const char *path, bool required, int64_t min, int64_t max, int64_t *out)
{
	const acc_ynode *n;
	char p[300];
	char *end;
	long long v;
	int rc = get_scalar(w, map, key, path, required, &n);

	if (rc != 0 || n == NULL)
		return rc;
	snprintf(p, sizeof(p), "%s%s%s", path, *path ? "." : "", key);
	errno = 0;
	v = strtoll(n->value, &end, 10);
	if (n->style != 0 || n->len == 0 || *end != '\0' || errno != 0 ||
	    !(isdigit((unsigned char)n->value[0]) || n->value[0] == '-') ||
	    v < min || v > max) {
		char q[300], range[80];
		acc_quote(q, sizeof(q), n->value, n->len);
		snprintf(range, sizeof(range), "%lld..%lld", (long long)min,
		    (long long)max);
		return werr(w, n, p,
		    "expected a whole number in %s, got \"%s\"", range, q);
	}
	*out = v;
	return 0;
}

static int
get_bool(struct walk *w, const acc_ynode *map, const char *key,
    const char *path, bool *out)
{
	const acc_ynode *n;
	char p[300];
	int rc = get_scalar(w, map, key, path, false, &n);

	if (rc != 0 || n == NULL)
		return rc;
	snprintf(p, sizeof(p), "%s%s%s", path, *path ? "." : "", key);
	if (n->style == 0 && strcmp(n->value, "true") == 0)
		*out = true;
	else if (n->style == 0 && strcmp(n->value, "false") == 0)
		*out = false;
	else {
		char q[300];
		acc_quote(q, sizeof(q), n->value, n->len);
		return werr(w, n, p, "expected true or false, got \"%s\"%s", q,
		    "");
	}
	return 0;
}

static int
get_date(struct walk *w, const acc_ynode *map, const char *key,
    const char *path, acc_date *out)
{
	const acc_ynode *n;
	char p[300], where[400], pos[200];
	int rc = get_scalar(w, map, key, path, false, &n);

	*out = ACC_DATE_NONE;
	if (rc != 0 || n == NULL)
		return rc;
	snprintf(p, sizeof(p), "%s%s%s", path, *path ? "." : "", key);
	acc_ynode_where(pos, sizeof(pos), w->doc, n);
	snprintf(where, sizeof(where), "%s %s", pos, p);
	return acc_date_parse(out, n->value, n->len, where, w->err);
}

/* id, name, article, description of one element. */
static int
get_elem(struct walk *w, const acc_ynode *m, const char *path,
    struct acc_elem *e, bool article_required, bool upper_ok)
{
	const acc_ynode *idn;
	int rc = get_scalar(w, m, "id", path, true, &idn);

	if (rc != 0)
		return rc;
	if (!is_ident(idn->value, upper_ok)) {
		char q[300], p[300];
		acc_quote(q, sizeof(q), idn->value, idn->len);
		snprintf(p, sizeof(p), "%s.id", path);
		return werr(w, idn, p,
		    "expected an identifier (%s, digits, '_', '-', '.'; at "
		    "most 64), got \"%s\"",
		    upper_ok ? "letters" : "a lowercase letter first, then "
		    "lowercase letters", q);
	}
	rc = dup_text(w, &e->id, idn);
	if (rc == 0)
		rc = get_text(w, m, "name", path, true, &e->name);
	if (rc == 0)
		rc = get_text(w, m, "article", path, article_required,
		    &e->article);
	if (rc == 0)
		rc = get_text(w, m, "description", path, false,
		    &e->description);
	return rc;
}

static void
elem_dispose(struct acc_elem *e)
{
	free(e->id);
	free(e->name);
	free(e->article);
	free(e->description);
	memset(e, 0, sizeof(*e));
}

/* The list under key: required, a sequence of mappings, capped. */
static int
get_list(struct walk *w, const acc_ynode *root, const char *key,
    bool required, size_t max, const acc_ynode **out)
{
	const acc_ynode *n = acc_ynode_get(root, key);
	size_t i;
	char p[300];

	*out = NULL;
	if (n == NULL) {
		if (required)
			return werr(w, root, "", "missing required key \"%s\"%s",
			    key, "");
		return 0;
	}
	if (want_kind(w, n, ACC_Y_SEQ, key) != 0)
		return ACC_EINVAL;
	if (required && n->n == 0)
		return werr(w, n, key, "expected at least one entry in %s%s",
		    key, "");
	if (n->n > max) {
		char m[32];
		snprintf(m, sizeof(m), "%zu", max);
		return werr(w, n, key, "more than %s entries in %s", m, key);
	}
	for (i = 0; i < n->n; i++) {
		snprintf(p, sizeof(p), "%s[%zu]", key, i);
		if (want_kind(w, n->items[i], ACC_Y_MAP, p) != 0)
			return ACC_EINVAL;
	}
	*out = n;
	return 0;
}

static int
dup_id_check(struct walk *w, const acc_ynode *m, const char *path,
    const char *id, const struct acc_elem *prev, size_t n_prev,
    size_t stride)
{
	size_t i;

	for (i = 0; i < n_prev; i++) {
		const struct acc_elem *e = (const struct acc_elem *)(const void *)
		    ((const char *)prev + i * stride);
		if (strcmp(e->id, id) == 0) {
			char p[300];
			snprintf(p, sizeof(p), "%s.id", path);
			return werr(w, acc_ynode_get(m, "id"), p,
			    "duplicate id \"%s\"%s", id, "");
		}
	}
	return 0;
}

static const char *const elem_keys[] = { "id", "name", "article",
	"description", NULL };

static int
walk_elems(struct walk *w, const acc_ynode *root, const char *key,
    bool required, size_t max, struct acc_elem *out, size_t *n_out,
    bool article_required, bool upper_ok)
{
	const acc_ynode *list;
	size_t i;
	int rc = get_list(w, root, key, required, max, &list);

	if (rc != 0 || list == NULL)
		return rc;
	for (i = 0; i < list->n; i++) {
		char p[300];
		snprintf(p, sizeof(p), "%s[%zu]", key, i);
		rc = check_keys(w, list->items[i], p, elem_keys);
		if (rc == 0)
			rc = get_elem(w, list->items[i], p, &out[i],
			    article_required, upper_ok);
		*n_out = i + (out[i].id != NULL);
		if (rc == 0)
			rc = dup_id_check(w, list->items[i], p, out[i].id, out,
			    i, sizeof(*out));
		if (rc != 0)
			return rc;
	}
	*n_out = list->n;
	return 0;
}

static int
walk_types(struct walk *w, const acc_ynode *root)
{
	static const char *const keys[] = { "id", "name", "article",
		"description", "warheads", "max_warheads", "holds", "capacity",
		"attributes", NULL };
	const acc_ynode *list;
	acc_treaty *t = w->t;
	size_t i, j;
	int rc = get_list(w, root, "item_types", true, ACC_TYPES_MAX, &list);

	if (rc != 0)
		return rc;
	for (i = 0; i < list->n; i++) {
		const acc_ynode *m = list->items[i];
		struct acc_itype *ty = &t->types[i];
		const acc_ynode *attrs;
		int64_t v;
		char p[300];

		snprintf(p, sizeof(p), "item_types[%zu]", i);
		rc = check_keys(w, m, p, keys);
		if (rc == 0)
			rc = get_elem(w, m, p, &ty->e, true, false);
		t->n_types = i + (ty->e.id != NULL);
		if (rc == 0)
			rc = dup_id_check(w, m, p, ty->e.id, &t->types[0].e, i,
			    sizeof(t->types[0]));
		if (rc == 0)
			rc = get_bool(w, m, "warheads", p,
			    &ty->carries_warheads);
		if (rc != 0)
			return rc;
		ty->max_warheads = -1;
		v = -1;
		rc = get_int(w, m, "max_warheads", p, false, 0,
		    ACC_WARHEADS_MAX, &v);
		if (rc != 0)
			return rc;
		if (v >= 0 && !ty->carries_warheads)
			return werr(w, acc_ynode_get(m, "max_warheads"), p,
			    "max_warheads given for a type that carries no "
			    "warheads (set warheads: true)%s%s", "", "");
		ty->max_warheads = v;
		attrs = acc_ynode_get(m, "attributes");
		if (attrs) {
			char pa[320];
			snprintf(pa, sizeof(pa), "%s.attributes", p);
			if (want_kind(w, attrs, ACC_Y_SEQ, pa) != 0)
				return ACC_EINVAL;
			if (attrs->n > ACC_ATTRS_MAX)
				return werr(w, attrs, pa,
				    "more than 32 attributes%s%s", "", "");
			ty->attrs = calloc(attrs->n ? attrs->n : 1,
			    sizeof(char *));
			if (ty->attrs == NULL)
				return acc_err_set(w->err, ACC_ERR,
				    w->doc->name, "out of memory");
			for (j = 0; j < attrs->n; j++) {
				const acc_ynode *a = attrs->items[j];
				if (want_kind(w, a, ACC_Y_SCALAR, pa) != 0)
					return ACC_EINVAL;
				if (!is_ident(a->value, false) ||
				    strcmp(a->value, "status") == 0 ||
				    strcmp(a->value, "facility") == 0 ||
				    strcmp(a->value, "facility_kind") == 0 ||
				    strcmp(a->value, "warheads") == 0)
				{
					char q[300];
					acc_quote(q, sizeof(q), a->value,
					    a->len);
					return werr(w, a, pa,
					    "expected an attribute name other "
					    "than a built-in field, got "
					    "\"%s\"%s", q, "");
				}
				ty->attrs[j] = strdup(a->value);
				ty->n_attrs = j + 1;
				if (ty->attrs[j] == NULL)
					return acc_err_set(w->err, ACC_ERR,
					    w->doc->name, "out of memory");
			}
		}
	}
	/* second pass: holds may name types defined later */
	for (i = 0; i < list->n; i++) {
		const acc_ynode *m = list->items[i];
		struct acc_itype *ty = &t->types[i];
		const acc_ynode *holds = acc_ynode_get(m, "holds");
		char p[300];
		int64_t cap = 1;

		snprintf(p, sizeof(p), "item_types[%zu].holds", i);
		if (holds) {
			if (want_kind(w, holds, ACC_Y_SEQ, p) != 0)
				return ACC_EINVAL;
			for (j = 0; j < holds->n; j++) {
				const acc_ynode *h = holds->items[j];
				int idx;
				if (want_kind(w, h, ACC_Y_SCALAR, p) != 0)
					return ACC_EINVAL;
				idx = acc_treaty_type_find(t, h->value, h->len);
				if (idx < 0 || (size_t)idx == i) {
					char q[300];
					acc_quote(q, sizeof(q), h->value,
					    h->len);
					return werr(w, h, p, idx < 0 ?
					    "unknown item type \"%s\"%s" :
					    "a type cannot hold itself "
					    "(\"%s\")%s", q, "");
				}
				ty->holds |= 1ull << idx;
			}
		}
		snprintf(p, sizeof(p), "item_types[%zu]", i);
		rc = get_int(w, m, "capacity", p, false, 1, 1000, &cap);
		if (rc != 0)
			return rc;
		if (acc_ynode_get(m, "capacity") && ty->holds == 0)
			return werr(w, acc_ynode_get(m, "capacity"), p,
			    "capacity given for a type that holds nothing "
			    "(add holds:)%s%s", "", "");
		ty->capacity = ty->holds ? (unsigned)cap : 0;
	}
	return 0;
}

struct locate_ctx {
	const acc_ydoc *doc;
	const acc_ynode *node;
};

static void
locate(void *ctx, size_t offset, unsigned *line, unsigned *col)
{
	const struct locate_ctx *c = ctx;

	acc_ynode_locate(c->doc, c->node, offset, line, col);
}

static int
rule_at(struct walk *w, acc_rule *r, char **text_out, const acc_ynode *n,
    const char *path)
{
	struct locate_ctx ctx = { w->doc, n };
	int rc = dup_text(w, text_out, n);

	if (rc != 0)
		return rc;
	return acc_rule_parse(r, w->t, n->value, w->doc->name, locate, &ctx,
	    path, w->err);
}

static int
walk_limits(struct walk *w, const acc_ynode *root)
{
	static const char *const keys[] = { "id", "name", "article",
		"description", "rule", "max", "applies_from", "variants", NULL };
	static const char *const vkeys[] = { "id", "name", "description",
		"rule", NULL };
	const acc_ynode *list;
	acc_treaty *t = w->t;
	size_t i, j;
	int rc = get_list(w, root, "limits", true, ACC_LIMITS_MAX, &list);

	if (rc != 0)
		return rc;
	for (i = 0; i < list->n; i++) {
		const acc_ynode *m = list->items[i];
		struct acc_limit *l = &t->limits[i];
		const acc_ynode *rn, *vars;
		char p[300], pr[320];

		snprintf(p, sizeof(p), "limits[%zu]", i);
		rc = check_keys(w, m, p, keys);
		if (rc == 0)
			rc = get_elem(w, m, p, &l->e, true, false);
		t->n_limits = i + (l->e.id != NULL);
		if (rc == 0)
			rc = dup_id_check(w, m, p, l->e.id, &t->limits[0].e, i,
			    sizeof(t->limits[0]));
		if (rc == 0)
			rc = get_int(w, m, "max", p, true, 0, INT64_MAX / 4,
			    &l->max);
		if (rc == 0)
			rc = get_date(w, m, "applies_from", p,
			    &l->applies_from);
		if (rc == 0)
			rc = get_scalar(w, m, "rule", p, true, &rn);
		if (rc != 0)
			return rc;
		snprintf(pr, sizeof(pr), "%s.rule", p);
		rc = rule_at(w, &l->rule, &l->rule_text, rn, pr);
		if (rc != 0)
			return rc;
		vars = acc_ynode_get(m, "variants");
		if (vars == NULL)
			continue;
		snprintf(pr, sizeof(pr), "%s.variants", p);
		if (want_kind(w, vars, ACC_Y_SEQ, pr) != 0)
			return ACC_EINVAL;
		if (vars->n > ACC_VARIANTS_MAX)
			return werr(w, vars, pr, "more than 8 variants%s%s", "",
			    "");
		for (j = 0; j < vars->n; j++) {
			const acc_ynode *vm = vars->items[j];
			struct acc_variant *v = &l->variants[j];
			char pv[340], pvr[360];
			size_t k;

			snprintf(pv, sizeof(pv), "%s[%zu]", pr, j);
			if (want_kind(w, vm, ACC_Y_MAP, pv) != 0)
				return ACC_EINVAL;
			rc = check_keys(w, vm, pv, vkeys);
			if (rc == 0)
				rc = get_elem(w, vm, pv, &v->e, false, false);
			l->n_variants = j + (v->e.id != NULL);
			if (rc == 0 && strcmp(v->e.id, "default") == 0)
				rc = werr(w, acc_ynode_get(vm, "id"), pv,
				    "\"default\" names the limit's own rule%s%s",
				    "", "");
			for (k = 0; rc == 0 && k < j; k++)
				if (strcmp(l->variants[k].e.id, v->e.id) == 0)
					rc = werr(w, acc_ynode_get(vm, "id"),
					    pv, "duplicate id \"%s\"%s",
					    v->e.id, "");
			if (rc == 0)
				rc = get_scalar(w, vm, "rule", pv, true, &rn);
			if (rc != 0)
				return rc;
			snprintf(pvr, sizeof(pvr), "%s.rule", pv);
			rc = rule_at(w, &v->rule, &v->rule_text, rn, pvr);
			if (rc != 0)
				return rc;
		}
	}
	return 0;
}

static int
walk_measures(struct walk *w, const acc_ynode *root)
{
	static const char *const keys[] = { "id", "name", "article",
		"description", "notice_hours", NULL };
	const acc_ynode *list;
	acc_treaty *t = w->t;
	size_t i;
	int rc = get_list(w, root, "measures", false, 256, &list);

	if (rc != 0 || list == NULL)
		return rc;
	t->measures = calloc(list->n ? list->n : 1, sizeof(*t->measures));
	if (t->measures == NULL)
		return acc_err_set(w->err, ACC_ERR, w->doc->name,
		    "out of memory");
	for (i = 0; i < list->n; i++) {
		const acc_ynode *m = list->items[i];
		struct acc_measure *ms = &t->measures[i];
		char p[300];

		snprintf(p, sizeof(p), "measures[%zu]", i);
		rc = check_keys(w, m, p, keys);
		if (rc == 0)
			rc = get_elem(w, m, p, &ms->e, true, false);
		t->n_measures = i + (ms->e.id != NULL);
		if (rc == 0)
			rc = dup_id_check(w, m, p, ms->e.id, &t->measures[0].e,
			    i, sizeof(t->measures[0]));
		ms->notice_hours = -1;
		if (rc == 0)
			rc = get_int(w, m, "notice_hours", p, false, 0,
			    24 * 366, &ms->notice_hours);
		if (rc != 0)
			return rc;
	}
	return 0;
}

static int
walk_exchange(struct walk *w, const acc_ynode *root)
{
	static const char *const keys[] = { "article", "as_of", "due_days",
		NULL };
	const acc_ynode *m = acc_ynode_get(root, "data_exchange");
	const acc_ynode *dates;
	acc_treaty *t = w->t;
	size_t i;
	int rc;

	if (m == NULL)
		return 0;
	if (want_kind(w, m, ACC_Y_MAP, "data_exchange") != 0)
		return ACC_EINVAL;
	rc = check_keys(w, m, "data_exchange", keys);
	if (rc == 0)
		rc = get_text(w, m, "article", "data_exchange", true,
		    &t->exchange_article);
	if (rc == 0)
		rc = get_int(w, m, "due_days", "data_exchange", true, 0, 366,
		    &t->exchange_due_days);
	if (rc != 0)
		return rc;
	dates = acc_ynode_get(m, "as_of");
	if (dates == NULL)
		return werr(w, m, "data_exchange",
		    "missing required key \"as_of\"%s%s", "", "");
	if (want_kind(w, dates, ACC_Y_SEQ, "data_exchange.as_of") != 0)
		return ACC_EINVAL;
	if (dates->n == 0 || dates->n > 12)
		return werr(w, dates, "data_exchange.as_of",
		    "expected 1 to 12 dates MM-DD%s%s", "", "");
	for (i = 0; i < dates->n; i++) {
		const acc_ynode *d = dates->items[i];
		char full[16];
		acc_date tmp;
		char where[300], pos[200];

		if (want_kind(w, d, ACC_Y_SCALAR, "data_exchange.as_of") != 0)
			return ACC_EINVAL;
		acc_ynode_where(pos, sizeof(pos), w->doc, d);
		snprintf(where, sizeof(where), "%s data_exchange.as_of[%zu]",
		    pos, i);
		if (d->len != 5)
			return acc_err_set(w->err, ACC_EINVAL, where,
			    "expected a month and day MM-DD, got \"%.16s\"",
			    d->value);
		snprintf(full, sizeof(full), "2000-%s", d->value);
		if (acc_date_parse(&tmp, full, 10, where, NULL) != 0)
			return acc_err_set(w->err, ACC_EINVAL, where,
			    "expected a month and day MM-DD, got \"%.16s\"",
			    d->value);
		t->exchange_md[i] = (unsigned)strtoul(d->value, NULL, 10) *
		    100u + (unsigned)strtoul(d->value + 3, NULL, 10);
		t->n_exchange_dates = i + 1;
	}
	return 0;
}

static int
walk_dates(struct walk *w, const acc_ynode *root)
{
	static const char *const keys[] = { "signed", "in_force",
		"limits_apply", "expires", NULL };
	const acc_ynode *m = acc_ynode_get(root, "dates");
	acc_treaty *t = w->t;
	int rc;

	t->signed_on = t->in_force = t->limits_apply = t->expires =
	    ACC_DATE_NONE;
	if (m == NULL)
		return werr(w, root, "", "missing required key \"dates\"%s%s",
		    "", "");
	if (want_kind(w, m, ACC_Y_MAP, "dates") != 0)
		return ACC_EINVAL;
	rc = check_keys(w, m, "dates", keys);
	if (rc == 0)
		rc = get_date(w, m, "signed", "dates", &t->signed_on);
	if (rc == 0)
		rc = get_date(w, m, "in_force", "dates", &t->in_force);
	if (rc == 0)
		rc = get_date(w, m, "limits_apply", "dates", &t->limits_apply);
	if (rc == 0)
		rc = get_date(w, m, "expires", "dates", &t->expires);
	if (rc != 0)
		return rc;
	if (t->signed_on != ACC_DATE_NONE && t->in_force != ACC_DATE_NONE &&
	    t->in_force < t->signed_on)
		return werr(w, acc_ynode_get(m, "in_force"), "dates.in_force",
		    "entry into force precedes signature%s%s", "", "");
	if (t->in_force != ACC_DATE_NONE && t->limits_apply != ACC_DATE_NONE &&
	    t->limits_apply < t->in_force)
		return werr(w, acc_ynode_get(m, "limits_apply"),
		    "dates.limits_apply",
		    "limits apply before entry into force%s%s", "", "");
	if (t->expires != ACC_DATE_NONE && t->in_force != ACC_DATE_NONE &&
	    t->expires <= t->in_force)
		return werr(w, acc_ynode_get(m, "expires"), "dates.expires",
		    "expiry is not after entry into force%s%s", "", "");
	if (t->expires != ACC_DATE_NONE && t->limits_apply != ACC_DATE_NONE &&
	    t->expires <= t->limits_apply)
		return werr(w, acc_ynode_get(m, "expires"), "dates.expires",
		    "expiry is not after the date limits apply%s%s", "", "");
	if (t->expires != ACC_DATE_NONE && t->signed_on != ACC_DATE_NONE &&
	    t->expires <= t->signed_on)
		return werr(w, acc_ynode_get(m, "expires"), "dates.expires",
		    "expiry is not after signature%s%s", "", "");
	if (t->limits_apply == ACC_DATE_NONE)
		t->limits_apply = t->in_force;
	return 0;
}

/* ---- notifications --------------------------------------------------- */

const char *const acc_nkind_names[ACC_NK_COUNT] = { "text", "id",
	"integer", "date", "time", "status", "item", "new_item", "facility",
	"new_facility", "item_type", "facility_kind", "stage", "attrs",
	"party", "inspection_kind", "digest", "uids", "counts", "candidates" };

const char *const acc_neffect_names[ACC_NE_COUNT] = { "none", "notice",
	"declaration", "item.new", "item.move", "item.status", "item.load",
	"item.contain", "item.convert", "item.eliminate", "facility.new",
	"facility.close", "inspection.open", "inspection.commit",
	"inspection.reveal", "inspection.finding" };

/* The fields each effect reads: "name:kind" ("?" for optional). */
static const char *const effect_fields[ACC_NE_COUNT][8] = {
	[ACC_NE_NONE] = { NULL },
	[ACC_NE_NOTICE] = { NULL },
	[ACC_NE_DECLARATION] = { "id:id", "as_of:date", "mode:text",
	    "leaves:integer", "root:id", NULL },
	[ACC_NE_ITEM_NEW] = { "uid:new_item", "type:item_type",
	    "status:status", "facility:facility", "warheads:integer?",
	    "contained_in:item?", "attrs:attrs?", NULL },
	[ACC_NE_ITEM_MOVE] = { "uid:item", "from:facility", "to:facility",
	    "stage:stage", NULL },
	[ACC_NE_ITEM_STATUS] = { "uid:item", "status:status", NULL },
	[ACC_NE_ITEM_LOAD] = { "uid:item", "warheads:integer", NULL },
	[ACC_NE_ITEM_CONTAIN] = { "uid:item", "container:item?", NULL },
	[ACC_NE_ITEM_CONVERT] = { "uid:item", NULL },
	[ACC_NE_ITEM_ELIMINATE] = { "uid:item", NULL },
	[ACC_NE_FACILITY_NEW] = { "facility:new_facility",
	    "kind:facility_kind", NULL },
	[ACC_NE_FACILITY_CLOSE] = { "facility:facility", NULL },
	[ACC_NE_INSPECTION_OPEN] = { "id:id", "kind:inspection_kind",
	    "host:party", "site:id?", "date:date", "commit:digest", NULL },
	[ACC_NE_INSPECTION_COMMIT] = { "id:id", "commit:digest",
	    "candidates:candidates", NULL },
	[ACC_NE_INSPECTION_REVEAL] = { "id:id", "random:digest",
	    "seen:digest", NULL },
	[ACC_NE_INSPECTION_FINDING] = { "id:id", "site:id", "seen:uids?",
	    "warheads:counts?", "missing:uids?", "undeclared:uids?", NULL },
};

/* A list of status ids as a bit set. */
static int
status_set(struct walk *w, const acc_ynode *n, const char *path,
    uint64_t *out)
{
	size_t i;

	*out = 0;
	if (want_kind(w, n, ACC_Y_SEQ, path) != 0)
		return ACC_EINVAL;
	if (n->n == 0)
		return werr(w, n, path, "expected at least one status%s", "",
		    "");
	for (i = 0; i < n->n; i++) {
		int k;
		char p[300];
		snprintf(p, sizeof(p), "%s[%zu]", path, i);
		if (want_kind(w, n->items[i], ACC_Y_SCALAR, p) != 0)
			return ACC_EINVAL;
		k = acc_treaty_status_find(w->t, n->items[i]->value,
		    n->items[i]->len);
		if (k < 0)
			return werr(w, n->items[i], p,
			    "expected a status of the treaty, got \"%.64s\"%s",
			    n->items[i]->value, "");
		*out |= UINT64_C(1) << k;
	}
	return 0;
}

static int
walk_nfields(struct walk *w, const acc_ynode *m, const char *path,
    struct acc_ntype *nt)
{
	const acc_ynode *f = acc_ynode_get(m, "fields");
	char p[300];
	size_t i, j;

	snprintf(p, sizeof(p), "%s.fields", path);
	if (f == NULL)
		return werr(w, m, path, "missing required key \"fields\"%s", "",
		    "");
	if (want_kind(w, f, ACC_Y_MAP, p) != 0)
		return ACC_EINVAL;
	if (f->n > ACC_NFIELDS_MAX)
		return werr(w, f, p, "more than %s fields%s", "16", "");
	for (i = 0; i < f->n; i++) {
		const acc_ynode *k = f->keys[i], *v = f->items[i];
		struct acc_nfield *nf = &nt->fields[i];
		char fp[400], kind[32];
		size_t len;
		snprintf(fp, sizeof(fp), "%s.%s", p, k->value);
		if (!is_ident(k->value, false))
			return werr(w, k, fp, "expected a field name (lowercase "
			    "identifier)%s", "", "");
		if (want_kind(w, v, ACC_Y_SCALAR, fp) != 0)
			return ACC_EINVAL;
		len = v->len;
		nf->required = !(len > 0 && v->value[len - 1] == '?');
		if (!nf->required)
			len--;
		if (len >= sizeof(kind))
			len = sizeof(kind) - 1;
		memcpy(kind, v->value, len);
		kind[len] = '\0';
		for (j = 0; j < ACC_NK_COUNT; j++)
			if (strcmp(kind, acc_nkind_names[j]) == 0)
				break;
		if (j == ACC_NK_COUNT)
			return werr(w, v, fp, "expected a field kind (text, id, "
			    "integer, date, time, status, item, new_item, "
			    "facility, new_facility, item_type, facility_kind, "
			    "stage, attrs, party, inspection_kind, digest, uids, "
			    "counts, candidates), got \"%.40s\"%s", v->value,
			    "");
		nf->kind = (int)j;
		nf->id = strdup(k->value);
		if (nf->id == NULL)
			return acc_err_set(w->err, ACC_ERR, w->doc->name,
			    "out of memory");
		nt->n_fields = i + 1;
	}
	/* the effect's own fields must be declared, with their kinds */
	for (i = 0; effect_fields[nt->effect][i]; i++) {
		const char *spec = effect_fields[nt->effect][i];
		const char *colon = strchr(spec, ':');
		size_t nlen = (size_t)(colon - spec);
		bool optional = spec[strlen(spec) - 1] == '?';
		bool found = false;
		for (j = 0; j < nt->n_fields; j++) {
			struct acc_nfield *nf = &nt->fields[j];
			size_t klen = strlen(colon + 1) - optional;
			if (strlen(nf->id) != nlen ||
			    strncmp(nf->id, spec, nlen) != 0)
				continue;
			found = true;
			if (strlen(acc_nkind_names[nf->kind]) != klen ||
			    strncmp(acc_nkind_names[nf->kind], colon + 1,
			    klen) != 0 || (!optional && !nf->required))
				return werr(w, f, p, "effect %s reads field %s",
				    acc_neffect_names[nt->effect], spec);
		}
		if (!found && !optional)
			return werr(w, f, p, "effect %s needs field %s",
			    acc_neffect_names[nt->effect], spec);
	}
	return 0;
}

static int
walk_notifications(struct walk *w, const acc_ynode *root)
{
	static const char *const keys[] = { "id", "name", "article",
		"description", "effect", "fields", "from", "to", "transitions",
		"lead_hours", "lead_field", NULL };
	const acc_ynode *list;
	acc_treaty *t = w->t;
	size_t i, j;
	int rc = get_list(w, root, "notifications", false, ACC_NTYPES_MAX,
	    &list);

	if (rc != 0 || list == NULL)
		return rc;
	t->ntypes = calloc(list->n ? list->n : 1, sizeof(*t->ntypes));
	if (t->ntypes == NULL)
		return acc_err_set(w->err, ACC_ERR, w->doc->name,
		    "out of memory");
	for (i = 0; i < list->n; i++) {
		const acc_ynode *m = list->items[i], *en, *x;
		struct acc_ntype *nt = &t->ntypes[i];
		char p[300], q[400];

		snprintf(p, sizeof(p), "notifications[%zu]", i);
		nt->lead_hours = -1;
		rc = check_keys(w, m, p, keys);
		if (rc == 0)
			rc = get_elem(w, m, p, &nt->e, true, false);
		t->n_ntypes = i + (nt->e.id != NULL);
		if (rc == 0)
			rc = dup_id_check(w, m, p, nt->e.id, &t->ntypes[0].e, i,
			    sizeof(t->ntypes[0]));
		if (rc == 0)
			rc = get_scalar(w, m, "effect", p, true, &en);
		if (rc != 0)
			return rc;
		for (j = 0; j < ACC_NE_COUNT; j++)
			if (strcmp(en->value, acc_neffect_names[j]) == 0)
				break;
		snprintf(q, sizeof(q), "%s.effect", p);
		if (j == ACC_NE_COUNT)
			return werr(w, en, q, "expected an effect (none, notice, "
			    "declaration, item.new, item.move, item.status, "
			    "item.load, item.contain, item.convert, "
			    "item.eliminate, facility.new, facility.close, "
			    "inspection.open, inspection.commit, "
			    "inspection.reveal, inspection.finding), "
			    "got \"%.40s\"%s", en->value, "");
		nt->effect = (int)j;
		rc = walk_nfields(w, m, p, nt);
		if (rc != 0)
			return rc;
		if ((x = acc_ynode_get(m, "from")) != NULL) {
			snprintf(q, sizeof(q), "%s.from", p);
			rc = status_set(w, x, q, &nt->from);
		}
		if (rc == 0 && (x = acc_ynode_get(m, "to")) != NULL) {
			snprintf(q, sizeof(q), "%s.to", p);
			rc = status_set(w, x, q, &nt->to);
		}
		if (rc != 0)
			return rc;
		if ((x = acc_ynode_get(m, "transitions")) != NULL) {
			snprintf(q, sizeof(q), "%s.transitions", p);
			if (want_kind(w, x, ACC_Y_SEQ, q) != 0)
				return ACC_EINVAL;
			if (x->n > ACC_NTRANS_MAX)
				return werr(w, x, q, "more than %s transitions%s",
				    "16", "");
			for (j = 0; j < x->n; j++) {
				static const char *const tk[] = { "from", "to",
					NULL };
				const acc_ynode *tm = x->items[j], *a, *b;
				char tp[500], tq[520];
				snprintf(tp, sizeof(tp), "%s[%zu]", q, j);
				if (want_kind(w, tm, ACC_Y_MAP, tp) != 0 ||
				    check_keys(w, tm, tp, tk) != 0)
					return ACC_EINVAL;
				a = acc_ynode_get(tm, "from");
				b = acc_ynode_get(tm, "to");
				if (a == NULL || b == NULL)
					return werr(w, tm, tp, "a transition has "
					    "from and to%s", "", "");
				snprintf(tq, sizeof(tq), "%s.from", tp);
				rc = status_set(w, a, tq, &nt->trans[j].from);
				snprintf(tq, sizeof(tq), "%s.to", tp);
				if (rc == 0)
					rc = status_set(w, b, tq,
					    &nt->trans[j].to);
				if (rc != 0)
					return rc;
				nt->n_trans = j + 1;
			}
		}
		if ((nt->effect == ACC_NE_ITEM_STATUS && nt->n_trans == 0) ||
		    ((nt->effect == ACC_NE_ITEM_CONVERT ||
		    nt->effect == ACC_NE_ITEM_ELIMINATE) && (nt->from == 0 ||
		    nt->to == 0 || (nt->to & (nt->to - 1)) != 0)) ||
		    (nt->effect == ACC_NE_ITEM_NEW && nt->to == 0))
			return werr(w, m, p, "effect %s needs %s",
			    acc_neffect_names[nt->effect],
			    nt->effect == ACC_NE_ITEM_STATUS ? "transitions" :
			    nt->effect == ACC_NE_ITEM_NEW ? "to (the statuses "
			    "a new item may have)" : "from and to (one status)");
		rc = get_int(w, m, "lead_hours", p, false, 0, 24 * 366,
		    &nt->lead_hours);
		if (rc == 0 && nt->lead_hours >= 0) {
			rc = get_text(w, m, "lead_field", p, true,
			    &nt->lead_field);
			for (j = 0; rc == 0 && j < nt->n_fields; j++)
				if (strcmp(nt->fields[j].id, nt->lead_field) ==
				    0 && nt->fields[j].kind == ACC_NK_TIME &&
				    nt->fields[j].required)
					break;
			if (rc == 0 && j == nt->n_fields)
				return werr(w, m, p, "lead_field must name a "
				    "required field of kind time%s", "", "");
		}
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* ---- inspections ------------------------------------------------------- */

/* A list of ids of kind `what` (facility kinds or item types). */
static int
id_list(struct walk *w, const acc_ynode *m, const char *key,
    const char *path, bool types, uint8_t *kinds, uint64_t *bits)
{
	const acc_ynode *n = acc_ynode_get(m, key);
	char p[400];
	size_t i;

	snprintf(p, sizeof(p), "%s.%s", path, key);
	if (n == NULL)
		return werr(w, m, path, "missing required key \"%s\"%s", key,
		    "");
	if (want_kind(w, n, ACC_Y_SEQ, p) != 0)
		return ACC_EINVAL;
	if (n->n == 0)
		return werr(w, n, p, "expected at least one %s%s", types ?
		    "item type" : "facility kind", "");
	for (i = 0; i < n->n; i++) {
		const acc_ynode *x = n->items[i];
		char q[420];
		int k;
		snprintf(q, sizeof(q), "%s[%zu]", p, i);
		if (want_kind(w, x, ACC_Y_SCALAR, q) != 0)
			return ACC_EINVAL;
		k = types ? acc_treaty_type_find(w->t, x->value, x->len) :
		    acc_treaty_kind_find(w->t, x->value, x->len);
		if (k < 0)
			return werr(w, x, q, "expected %s of the treaty, got "
			    "\"%.64s\"", types ? "an item type" :
			    "a facility kind", x->value);
		if (types)
			*bits |= UINT64_C(1) << k;
		else
			kinds[k] = 1;
	}
	return 0;
}

static int
walk_inspections(struct walk *w, const acc_ynode *root)
{
	static const char *const keys[] = { "article", "from", "kinds", NULL };
	static const char *const kkeys[] = { "id", "name", "article",
		"description", "quota", "sites", "items", "draws", NULL };
	const acc_ynode *m = acc_ynode_get(root, "inspections"), *list;
	acc_treaty *t = w->t;
	size_t i;
	int rc;

	t->insp_from = t->in_force;
	if (m == NULL)
		return 0;
	if (want_kind(w, m, ACC_Y_MAP, "inspections") != 0)
		return ACC_EINVAL;
	rc = check_keys(w, m, "inspections", keys);
	if (rc == 0)
		rc = get_text(w, m, "article", "inspections", true,
		    &t->insp_article);
	if (rc == 0)
		rc = get_date(w, m, "from", "inspections", &t->insp_from);
	if (rc != 0)
		return rc;
	if (t->insp_from == ACC_DATE_NONE)
		t->insp_from = t->in_force;  /* a draft may have neither */
	if (t->in_force != ACC_DATE_NONE && t->insp_from < t->in_force)
		return werr(w, acc_ynode_get(m, "from"), "inspections.from",
		    "inspections start before entry into force%s%s", "", "");
	rc = get_list(w, m, "kinds", true, ACC_IKINDS_MAX, &list);
	if (rc != 0)
		return rc;
	t->ikinds = calloc(list->n, sizeof(*t->ikinds));
	if (t->ikinds == NULL)
		return acc_err_set(w->err, ACC_ERR, w->doc->name,
		    "out of memory");
	for (i = 0; i < list->n; i++) {
		const acc_ynode *k = list->items[i];
		struct acc_ikind *ik = &t->ikinds[i];
		char p[300];

		snprintf(p, sizeof(p), "inspections.kinds[%zu]", i);
		rc = check_keys(w, k, p, kkeys);
		if (rc == 0)
			rc = get_elem(w, k, p, &ik->e, true, false);
		t->n_ikinds = i + (ik->e.id != NULL);
		if (rc == 0)
			rc = dup_id_check(w, k, p, ik->e.id, &t->ikinds[0].e, i,
			    sizeof(t->ikinds[0]));
		if (rc == 0)
			rc = get_int(w, k, "quota", p, true, 0, 10000,
			    &ik->quota);
		ik->draws = 0;
		if (rc == 0)
			rc = get_int(w, k, "draws", p, false, 0, 1000,
			    &ik->draws);
		if (rc != 0)
			return rc;
		ik->sites = calloc(t->n_kinds ? t->n_kinds : 1, 1);
		if (ik->sites == NULL)
			return acc_err_set(w->err, ACC_ERR, w->doc->name,
			    "out of memory");
		rc = id_list(w, k, "sites", p, false, ik->sites, NULL);
		if (rc == 0)
			rc = id_list(w, k, "items", p, true, NULL, &ik->items);
		if (rc != 0)
			return rc;
	}
	return 0;
}

static int
walk_root(struct walk *w)
{
	static const char *const keys[] = { "format", "id", "title",
		"illustrative", "description", "parties", "dates", "statuses",
		"facility_kinds", "item_types", "limits", "measures",
		"data_exchange", "notifications", "inspections", NULL };
	const acc_ynode *root = w->doc->root;
	acc_treaty *t = w->t;
	const acc_ynode *fmt, *idn, *kinds;
	size_t i;
	int rc;

	if (want_kind(w, root, ACC_Y_MAP, "") != 0)
		return ACC_EINVAL;
	rc = check_keys(w, root, "", keys);
	if (rc == 0)
		rc = get_scalar(w, root, "format", "", true, &fmt);
	if (rc != 0)
		return rc;
	if (strcmp(fmt->value, TREATY_FORMAT) != 0) {
		char q[300];
		acc_quote(q, sizeof(q), fmt->value, fmt->len);
		return werr(w, fmt, "format", "expected \"" TREATY_FORMAT
		    "\", got \"%s\"%s", q, "");
	}
	rc = get_scalar(w, root, "id", "", true, &idn);
	if (rc != 0)
		return rc;
	if (!is_ident(idn->value, false))
		return werr(w, idn, "id", "expected a lowercase identifier such "
		    "as new-start, got \"%.64s\"%s", idn->value, "");
	rc = dup_text(w, &t->id, idn);
	if (rc == 0)
		rc = get_text(w, root, "title", "", true, &t->title);
	if (rc == 0)
		rc = get_bool(w, root, "illustrative", "", &t->illustrative);
	if (rc == 0)
		rc = walk_elems(w, root, "parties", true, ACC_PARTIES_MAX,
		    t->parties, &t->n_parties, false, true);
	if (rc == 0)
		rc = walk_dates(w, root);
	if (rc == 0)
		rc = walk_elems(w, root, "statuses", true, ACC_STATUSES_MAX,
		    t->statuses, &t->n_statuses, true, false);
	if (rc != 0)
		return rc;
	rc = get_list(w, root, "facility_kinds", true, ACC_KINDS_MAX, &kinds);
	if (rc != 0)
		return rc;
	t->kinds = calloc(kinds->n, sizeof(*t->kinds));
	if (t->kinds == NULL)
		return acc_err_set(w->err, ACC_ERR, w->doc->name,
		    "out of memory");
	rc = walk_elems(w, root, "facility_kinds", true, ACC_KINDS_MAX,
	    t->kinds, &t->n_kinds, true, false);
	if (rc == 0)
		rc = walk_types(w, root);
	if (rc == 0)
		rc = walk_limits(w, root);
	if (rc == 0)
		rc = walk_measures(w, root);
	if (rc == 0)
		rc = walk_exchange(w, root);
	if (rc == 0)
		rc = walk_notifications(w, root);
	if (rc == 0)
		rc = walk_inspections(w, root);
	if (rc != 0)
		return rc;
	for (i = 0; i < t->n_limits; i++)
		if (t->limits[i].applies_from == ACC_DATE_NONE)
			t->limits[i].applies_from = t->limits_apply;
	return 0;
}

int
acc_treaty_parse(acc_treaty **out, const char *text, size_t len,
    const char *name, acc_err *err)
{
	acc_ydoc doc = { 0 };
	acc_treaty *t = NULL;
	struct walk w;
	int rc;

	*out = NULL;
	rc = acc_ydoc_parse(&doc, text, len, name, err);
	if (rc != 0)
		goto done;
	t = calloc(1, sizeof(*t));
	if (t == NULL) {
		rc = acc_err_set(err, ACC_ERR, name, "out of memory");
		goto done;
	}
	t->text = malloc(len + 1);
	t->source = strdup(name ? name : "-");
	if (t->text == NULL || t->source == NULL) {
		rc = acc_err_set(err, ACC_ERR, name, "out of memory");
		goto done;
	}
	memcpy(t->text, text, len);
	t->text[len] = '\0';
	t->text_len = len;
	w.doc = &doc;
	w.t = t;
	w.err = err;
	rc = walk_root(&w);
	if (rc != 0)
		goto done;
	*out = t;
	t = NULL;
done:
	acc_treaty_free(t);
	acc_ydoc_dispose(&doc);
	return rc;
}

int
acc_treaty_load(acc_treaty **out, const char *path, acc_err *err)
{
	acc_buf text = ACC_BUF_INIT(ACC_TREATY_FILE_MAX);
	int rc;

	*out = NULL;
	rc = acc_file_read(&text, path, err);
	if (rc == 0)
		rc = acc_treaty_parse(out, text.data, text.len, path, err);
	acc_buf_dispose(&text);
	return rc;
}

static bool
looks_like_path(const char *ref)
{
	size_t n = strlen(ref);

	return strchr(ref, '/') != NULL ||
	    (n > 5 && strcmp(ref + n - 5, ".yaml") == 0) ||
	    (n > 4 && strcmp(ref + n - 4, ".yml") == 0);
}

int
acc_treaty_open(acc_treaty **out, const char *ref, acc_err *err)
{
	const char *text;
	size_t len;
	char name[128];
	int rc;

	*out = NULL;
	if (looks_like_path(ref))
		return acc_treaty_load(out, ref, err);
	rc = acc_treaty_builtin_find(&text, &len, ref, err);
	if (rc != 0)
		return rc;
	snprintf(name, sizeof(name), "treaties/%s.yaml", ref);
	return acc_treaty_parse(out, text, len, name, err);
}

void
acc_treaty_free(acc_treaty *t)
{
	size_t i, j;

	if (t == NULL)
		return;
	for (i = 0; i < t->n_parties; i++)
		elem_dispose(&t->parties[i]);
	for (i = 0; i < t->n_statuses; i++)
		elem_dispose(&t->statuses[i]);
	for (i = 0; i < t->n_kinds; i++)
		elem_dispose(&t->kinds[i]);
	free(t->kinds);
	for (i = 0; i < t->n_types; i++) {
		elem_dispose(&t->types[i].e);
		for (j = 0; j < t->types[i].n_attrs; j++)
			free(t->types[i].attrs[j]);
		free(t->types[i].attrs);
	}
	for (i = 0; i < t->n_limits; i++) {
		struct acc_limit *l = &t->limits[i];
		elem_dispose(&l->e);
		free(l->rule_text);
		acc_rule_dispose(&l->rule);
		for (j = 0; j < l->n_variants; j++) {
			elem_dispose(&l->variants[j].e);
			free(l->variants[j].rule_text);
			acc_rule_dispose(&l->variants[j].rule);
		}
	}
	for (i = 0; i < t->n_measures; i++)
		elem_dispose(&t->measures[i].e);
	free(t->measures);
	for (i = 0; i < t->n_ntypes; i++) {
		elem_dispose(&t->ntypes[i].e);
		for (j = 0; j < t->ntypes[i].n_fields; j++)
			free(t->ntypes[i].fields[j].id);
		free(t->ntypes[i].lead_field);
	}
	free(t->ntypes);
	for (i = 0; i < t->n_ikinds; i++) {
		elem_dispose(&t->ikinds[i].e);
		free(t->ikinds[i].sites);
	}
	free(t->ikinds);
	free(t->insp_article);
	free(t->exchange_article);
	free(t->id);
	free(t->title);
	free(t->text);
	free(t->source);
	free(t);
}

size_t
acc_treaty_builtin_count(void)
{
	size_t i, n = 0;

	for (i = 0; i < acc_embedded_count; i++)
		if (strncmp(acc_embedded[i].name, "treaties/", 9) == 0)
			n++;
	return n;
}

static const struct acc_embedded_file *
builtin_at(size_t k)
{
	size_t i, n = 0;

	for (i = 0; i < acc_embedded_count; i++) {
		if (strncmp(acc_embedded[i].name, "treaties/", 9) != 0)
			continue;
		if (n++ == k)
			return &acc_embedded[i];
	}
	return NULL;
}

const char *
acc_treaty_builtin_id(size_t k)
{
	static char ids[16][64];
	const struct acc_embedded_file *f = builtin_at(k);
	const char *base;
	size_t len;

	if (f == NULL || k >= 16)
		return NULL;
	base = f->name + 9;
	len = strlen(base);
	if (len > 5)
		len -= 5; /* ".yaml" */
	snprintf(ids[k], sizeof(ids[k]), "%.*s", (int)len, base);
	return ids[k];
}

int
acc_treaty_builtin_find(const char **text, size_t *len, const char *id,
    acc_err *err)
{
	size_t i, n = acc_treaty_builtin_count();
	char list[256] = "";
	size_t o = 0;

	for (i = 0; i < n; i++) {
		const char *bid = acc_treaty_builtin_id(i);
		if (strcmp(bid, id) == 0) {
			const struct acc_embedded_file *f = builtin_at(i);
			*text = (const char *)f->data;
			*len = f->len;
			return 0;
		}
		o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s",
		    i ? ", " : "", bid);
		if (o >= sizeof(list))
			o = sizeof(list) - 1;
	}
	return acc_err_set(err, ACC_ENOTFOUND, id,
	    "no built-in treaty with that id (built in: %s; or give a "
	    "path to a .yaml file)", list);
}

const char *
acc_treaty_text(const acc_treaty *t, size_t *len)
{
	*len = t->text_len;
	return t->text;
}

const char *
acc_treaty_id(const acc_treaty *t)
{
	return t->id;
}

const char *
acc_treaty_title(const acc_treaty *t)
{
	return t->title;
}

bool
acc_treaty_is_illustrative(const acc_treaty *t)
{
	return t->illustrative;
}

acc_date
acc_treaty_date_get(const acc_treaty *t, acc_treaty_date which)
{
	switch (which) {
	case ACC_DATE_SIGNED:
		return t->signed_on;
	case ACC_DATE_IN_FORCE:
		return t->in_force;
	case ACC_DATE_LIMITS_APPLY:
		return t->limits_apply;
	default:
		return t->expires;
	}
}

static acc_element
element_of(const struct acc_elem *e)
{
	acc_element x = { e->id, e->name, e->article ? e->article : "" };
	return x;
}

size_t
acc_treaty_party_count(const acc_treaty *t)
{
	return t->n_parties;
}

acc_element
acc_treaty_party(const acc_treaty *t, size_t i)
{
	return element_of(&t->parties[i]);
}

static int
find_elem(const struct acc_elem *base, size_t n, size_t stride,
    const char *id, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct acc_elem *e = (const struct acc_elem *)(const void *)
		    ((const char *)base + i * stride);
		if (strncmp(e->id, id, len) == 0 && e->id[len] == '\0')
			return (int)i;
	}
	return -1;
}

int
acc_treaty_party_find(const acc_treaty *t, const char *id)
{
	return find_elem(t->parties, t->n_parties, sizeof(t->parties[0]), id,
	    strlen(id));
}

bool
acc_treaty_ntype_known(const acc_treaty *t, const char *id)
{
	return find_elem(&t->ntypes[0].e, t->n_ntypes, sizeof(t->ntypes[0]),
	    id, strlen(id)) >= 0;
}

size_t
acc_treaty_type_count(const acc_treaty *t)
{
	return t->n_types;
}

acc_type_info
acc_treaty_type(const acc_treaty *t, size_t i)
{
	const struct acc_itype *ty = &t->types[i];
	acc_type_info x = { ty->e.id, ty->e.name, ty->e.article,
		ty->carries_warheads, ty->max_warheads, ty->capacity };
	return x;
}

int
acc_treaty_type_find(const acc_treaty *t, const char *id, size_t len)
{
	return find_elem(&t->types[0].e, t->n_types, sizeof(t->types[0]), id,
	    len);
}

size_t
acc_treaty_status_count(const acc_treaty *t)
{
	return t->n_statuses;
}

acc_element
acc_treaty_status(const acc_treaty *t, size_t i)
{
	return element_of(&t->statuses[i]);
}

int
acc_treaty_status_find(const acc_treaty *t, const char *id, size_t len)
{
	return find_elem(t->statuses, t->n_statuses, sizeof(t->statuses[0]),
	    id, len);
}

size_t
acc_treaty_kind_count(const acc_treaty *t)
{
	return t->n_kinds;
}

acc_element
acc_treaty_kind(const acc_treaty *t, size_t i)
{
	return element_of(&t->kinds[i]);
}

int
acc_treaty_kind_find(const acc_treaty *t, const char *id, size_t len)
{
	return find_elem(t->kinds, t->n_kinds, sizeof(t->kinds[0]), id, len);
}

size_t
acc_treaty_limit_count(const acc_treaty *t)
{
	return t->n_limits;
}

acc_limit_info
acc_treaty_limit(const acc_treaty *t, size_t i)
{
	const struct acc_limit *l = &t->limits[i];
	acc_limit_info x = { l->e.id, l->e.name, l->e.article, l->rule_text,
		l->max, l->applies_from, l->n_variants };
	return x;
}

int
acc_treaty_limit_find(const acc_treaty *t, const char *id)
{
	return find_elem(&t->limits[0].e, t->n_limits, sizeof(t->limits[0]),
	    id, strlen(id));
}

bool
acc_treaty_limit_item(const acc_treaty *t, size_t limit, size_t type)
{
	return limit < t->n_limits && type < t->n_types &&
	    (acc_rule_types(&t->limits[limit].rule) >> type & 1) != 0;
}

acc_variant_info
acc_treaty_variant(const acc_treaty *t, size_t limit, size_t v)
{
	const struct acc_variant *x = &t->limits[limit].variants[v];
	acc_variant_info r = { x->e.id, x->e.name, x->rule_text };
	return r;
}

size_t
acc_treaty_measure_count(const acc_treaty *t)
{
	return t->n_measures;
}

acc_element
acc_treaty_measure(const acc_treaty *t, size_t i)
{
	return element_of(&t->measures[i].e);
}

bool
acc_treaty_type_holds(const acc_treaty *t, size_t outer, size_t inner)
{
	return outer < t->n_types && inner < 64 &&
	    (t->types[outer].holds & (1ull << inner)) != 0;
}

size_t
acc_treaty_inspection_count(const acc_treaty *t)
{
	return t->n_ikinds;
}

acc_inspection_info
acc_treaty_inspection(const acc_treaty *t, size_t i)
{
	acc_inspection_info r;
	const struct acc_ikind *k = &t->ikinds[i];

	r.id = k->e.id;
	r.name = k->e.name;
	r.article = k->e.article;
	r.quota = k->quota;
	r.draws = k->draws;
	return r;
}

int
acc_treaty_inspection_find(const acc_treaty *t, const char *id)
{
	size_t i;

	for (i = 0; id != NULL && i < t->n_ikinds; i++)
		if (strcmp(t->ikinds[i].e.id, id) == 0)
			return (int)i;
	return -1;
}

bool
acc_treaty_inspection_site(const acc_treaty *t, size_t kind, size_t fkind)
{
	return kind < t->n_ikinds && fkind < t->n_kinds &&
	    t->ikinds[kind].sites[fkind] != 0;
}

bool
acc_treaty_inspection_item(const acc_treaty *t, size_t kind, size_t type)
{
	return kind < t->n_ikinds && type < t->n_types &&
	    (t->ikinds[kind].items >> type & 1) != 0;
}

acc_date
acc_treaty_inspections_from(const acc_treaty *t)
{
	return t->insp_from;
}

int
acc_treaty_year(const acc_treaty *t, acc_date d, acc_date *start)
{
	char base[ACC_DATE_LEN], buf[ACC_DATE_LEN];
	acc_err e = ACC_ERR_INIT;
	acc_date s, next;
	int y, n;

	if (t->in_force == ACC_DATE_NONE || d == ACC_DATE_NONE ||
	    d < t->in_force)
		return -1;
	acc_date_format(base, t->in_force);
	y = (int)strtol(base, NULL, 10);
	for (n = 0;; n++) {
		/* the anniversary; 29 February falls back to 28 */
		snprintf(buf, sizeof(buf), "%04d%s", y + n + 1, base + 4);
		if (acc_date_parse(&next, buf, 10, "year", &e) != 0) {
			buf[9] = '8';
			acc_err_clear(&e);
			if (acc_date_parse(&next, buf, 10, "year", &e) != 0)
				return -1;
		}
		if (d < next)
			break;
		if (n > 10000)
			return -1;
	}
	if (n == 0)
		s = t->in_force;
	else {
		snprintf(buf, sizeof(buf), "%04d%s", y + n, base + 4);
		if (acc_date_parse(&s, buf, 10, "year", &e) != 0) {
			buf[9] = '8';
			acc_err_clear(&e);
			if (acc_date_parse(&s, buf, 10, "year", &e) != 0)
				return -1;
		}
	}
	if (start)
		*start = s;
	return n;
}
