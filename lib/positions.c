/*
 * Positions files: the issues of a negotiation and each party's weights,
 * values, reservation utility and red lines, read strictly from YAML
 * against the draft they negotiate (docs/negotiation.md). Numbers are
 * parsed from decimal text into exact millionths; nothing here computes a
 * solution.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/buf.h>
#include <accord/negotiate.h>

#include "negotiate_int.h"
#include "treaty_int.h"
#include "ydoc.h"

#define POSITIONS_FORMAT "accord-positions/1"

struct pw {
	acc_ydoc *doc;
	struct acc_positions *p;
	acc_err *err;
};

/* An error at node n: fmt takes two strings, a and b ("" for NULL). */
static int
perr(struct pw *w, const acc_ynode *n, const char *path, const char *fmt,
    const char *a, const char *b)
{
	char msg[480];

	snprintf(msg, sizeof(msg), fmt, a ? a : "", b ? b : "");
	return acc_ynode_fail(w->err, w->doc, n, path, "%s", msg);
}

#define quoted acc_ynode_quoted

static int
want(struct pw *w, const acc_ynode *n, acc_ynode_kind kind, const char *path)
{
	return acc_ynode_want(w->err, w->doc, n, kind, path);
}

static int
keys_only(struct pw *w, const acc_ynode *map, const char *path,
    const char *const *allowed)
{
	const acc_ynode *k = acc_ynode_unknown_key(map, allowed);
	char q[100];

	if (k == NULL)
		return 0;
	return perr(w, k, path, "unknown key \"%s\"%s", quoted(q, sizeof(q),
	    k), "");
}

static int
scalar(struct pw *w, const acc_ynode *map, const char *key, const char *path,
    bool required, const acc_ynode **out)
{
	const acc_ynode *n = acc_ynode_get(map, key);
	char p[200];

	*out = NULL;
	snprintf(p, sizeof(p), "%s%s%s", path, *path ? "." : "", key);
	if (n == NULL)
		return required ? perr(w, map, path,
		    "missing required key \"%s\"%s", key, "") : 0;
	if (want(w, n, ACC_Y_SCALAR, p) != 0)
		return ACC_EINVAL;
	if (n->len == 0)
		return perr(w, n, p, "expected a value for \"%s\"%s", key, "");
	*out = n;
	return 0;
}

static int
dup(struct pw *w, char **out, const char *s)
{
	*out = strdup(s);
	if (*out == NULL)
		return acc_err_set(w->err, ACC_ERR, w->doc->name,
		    "out of memory");
	return 0;
}

/*
 * Decimal text in [0, 1] with at most six decimals, as exact millionths:
 * "1", "0", "0.25", "1.000000". -1 when it is not one.
 */
static int64_t
millionths(const char *s)
{
	int64_t whole = 0, frac = 0;
	size_t i = 0, d = 0;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	while (s[i] >= '0' && s[i] <= '9' && i < 8)
		whole = whole * 10 + (s[i++] - '0');
	if (s[i] == '.') {
		i++;
		while (s[i] >= '0' && s[i] <= '9' && d < 7) {
			frac = frac * 10 + (s[i++] - '0');
			d++;
		}
		if (d == 0 || d > 6)
			return -1;
	}
	if (s[i] != '\0')
		return -1;
	for (; d < 6; d++)
		frac *= 10;
	if (whole > 1 || (whole == 1 && frac > 0))
		return -1;
	return whole * ACC_NEG_SCALE + frac;
}

static int
fraction(struct pw *w, const acc_ynode *n, const char *path, const char *what,
    int64_t *out)
{
	char q[100];

	if (want(w, n, ACC_Y_SCALAR, path) != 0)
		return ACC_EINVAL;
	*out = millionths(n->value);
	if (*out < 0)
		return perr(w, n, path, "expected %s: a number from 0 to 1 "
		    "with at most 6 decimals, got \"%s\"", what,
		    quoted(q, sizeof(q), n));
	return 0;
}

/* A maximum: a whole number the treaty format accepts, or "none". */
static int64_t
level_max(const char *s)
{
	int64_t v = 0;
	size_t i;

	if (strcmp(s, "none") == 0)
		return ACC_NO_LIMIT;
	if (s[0] == '\0' || strlen(s) > 18)
		return -2;
	for (i = 0; s[i]; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -2;
		v = v * 10 + (s[i] - '0');
	}
	return v <= INT64_MAX / 4 ? v : -2;
}

static int
walk_issue(struct pw *w, const acc_ynode *m, size_t i)
{
	static const char *const keys[] = { "id", "name", "description",
		"limit", "kind", "levels", NULL };
	struct acc_positions *p = w->p;
	const struct acc_treaty *t = p->t;
	struct acc_neg_issue *is = &p->issues[i];
	const acc_ynode *idn, *nm, *lim, *kind, *levels;
	char path[64], lp[96], q[100];
	size_t j, k;
	int rc;

	snprintf(path, sizeof(path), "issues[%zu]", i);
	if (want(w, m, ACC_Y_MAP, path) != 0)
		return ACC_EINVAL;
	rc = keys_only(w, m, path, keys);
	if (rc == 0)
		rc = scalar(w, m, "id", path, true, &idn);
	if (rc == 0)
		rc = scalar(w, m, "name", path, false, &nm);
	if (rc == 0)
		rc = scalar(w, m, "kind", path, false, &kind);
	if (rc != 0)
		return rc;
	lim = acc_ynode_get(m, "limit");
	if (lim == NULL)
		return perr(w, m, path, "issue %s names no limit: add limit: "
		    "<a limit id of draft %s>", quoted(q, sizeof(q), idn),
		    t->id);
	snprintf(lp, sizeof(lp), "%s.limit", path);
	if (want(w, lim, ACC_Y_SCALAR, lp) != 0)
		return ACC_EINVAL;
	is->limit = acc_treaty_limit_find(t, lim->value);
	if (is->limit < 0)
		return perr(w, lim, lp, "the draft %s has no limit \"%s\"",
		    t->id, quoted(q, sizeof(q), lim));
	for (j = 0; j < i; j++)
		if (strcmp(p->issues[j].id, idn->value) == 0)
			return perr(w, idn, path, "duplicate issue id \"%s\"%s",
			    quoted(q, sizeof(q), idn), "");
	rc = dup(w, &is->id, idn->value);
	if (rc == 0)
		rc = dup(w, &is->name, nm ? nm->value : idn->value);
	if (rc != 0)
		return rc;
	if (kind != NULL && strcmp(kind->value, "rule") == 0)
		is->is_rule = true;
	else if (kind != NULL && strcmp(kind->value, "max") != 0)
		return perr(w, kind, path, "expected kind max or rule, got "
		    "\"%s\"%s", quoted(q, sizeof(q), kind), "");
	for (j = 0; j < i; j++)
		if (p->issues[j].limit == is->limit &&
		    p->issues[j].is_rule == is->is_rule)
			return perr(w, lim, lp, "issue %s already negotiates "
			    "this limit's %s", p->issues[j].id,
			    is->is_rule ? "counting rule" : "maximum");
	levels = acc_ynode_get(m, "levels");
	snprintf(lp, sizeof(lp), "%s.levels", path);
	if (levels == NULL)
		return perr(w, m, path, "missing required key \"levels\"%s",
		    "", "");
	if (want(w, levels, ACC_Y_SEQ, lp) != 0)
		return ACC_EINVAL;
	if (levels->n == 0 || levels->n > ACC_NEG_LEVELS_MAX)
		return perr(w, levels, lp, "expected 1 to 16 levels%s%s", "",
		    "");
	for (j = 0; j < levels->n; j++) {
		const acc_ynode *lv = levels->items[j];
		struct acc_neg_level *L = &is->levels[j];
		char lpj[120];

		snprintf(lpj, sizeof(lpj), "%s[%zu]", lp, j);
		if (want(w, lv, ACC_Y_SCALAR, lpj) != 0)
			return ACC_EINVAL;
		for (k = 0; k < j; k++)
			if (strcmp(is->levels[k].text, lv->value) == 0)
				return perr(w, lv, lpj, "level \"%s\" is "
				    "listed twice%s", quoted(q, sizeof(q), lv),
				    "");
		L->max = ACC_NO_LIMIT;
		L->variant = -1;
		if (!is->is_rule) {
			L->max = level_max(lv->value);
			if (L->max == -2)
				return perr(w, lv, lpj, "the draft cannot "
				    "express \"%s\" as a maximum of limit %s: "
				    "expected a whole number or none",
				    quoted(q, sizeof(q), lv),
				    t->limits[is->limit].e.id);
		} else if (strcmp(lv->value, "default") != 0) {
			const struct acc_limit *l = &t->limits[is->limit];
			for (k = 0; k < l->n_variants; k++)
				if (strcmp(l->variants[k].e.id, lv->value) == 0)
					break;
			if (k == l->n_variants)
				return perr(w, lv, lpj, "the draft cannot "
				    "express \"%s\": limit %s has no such "
				    "counting rule (default or a variant)",
				    quoted(q, sizeof(q), lv), l->e.id);
			L->variant = (int)k;
		}
		rc = dup(w, &L->text, lv->value);
		if (rc != 0)
			return rc;
		is->n_levels = j + 1;
	}
	return 0;
}

static int
find_issue(const struct acc_positions *p, const char *id)
{
	size_t i;

	for (i = 0; i < p->n_issues; i++)
		if (strcmp(p->issues[i].id, id) == 0)
			return (int)i;
	return -1;
}

static int
find_level(const struct acc_neg_issue *is, const char *text)
{
	size_t l;

	for (l = 0; l < is->n_levels; l++)
		if (strcmp(is->levels[l].text, text) == 0)
			return (int)l;
	return -1;
}

/* A mapping from issue ids to something: every key an issue. */
static int
issue_map(struct pw *w, const acc_ynode *n, const char *path)
{
	size_t i;
	char q[100];

	if (want(w, n, ACC_Y_MAP, path) != 0)
		return ACC_EINVAL;
	for (i = 0; i < n->n; i++)
		if (find_issue(w->p, n->keys[i]->value) < 0)
			return perr(w, n->keys[i], path, "no issue \"%s\" "
			    "(see issues)%s", quoted(q, sizeof(q), n->keys[i]),
			    "");
	return 0;
}

static int
walk_party(struct pw *w, const acc_ynode *key, const acc_ynode *m, size_t pi)
{
	static const char *const keys[] = { "name", "description",
		"reservation", "weights", "values", "red_lines", NULL };
	struct acc_positions *p = w->p;
	const acc_ynode *res, *weights, *values, *red;
	char path[80], q[100];
	int64_t sum = 0;
	size_t i, l;
	int rc;

	snprintf(path, sizeof(path), "parties.%s", key->value);
	if (want(w, m, ACC_Y_MAP, path) != 0)
		return ACC_EINVAL;
	rc = keys_only(w, m, path, keys);
	if (rc == 0)
		rc = scalar(w, m, "reservation", path, true, &res);
	if (rc == 0) {
		char rp[100];
		snprintf(rp, sizeof(rp), "%s.reservation", path);
		rc = fraction(w, res, rp, "a reservation utility",
		    &p->reservation[pi]);
	}
	if (rc != 0)
		return rc;
	weights = acc_ynode_get(m, "weights");
	values = acc_ynode_get(m, "values");
	red = acc_ynode_get(m, "red_lines");
	if (weights == NULL || values == NULL)
		return perr(w, m, path, "missing required key \"%s\"%s",
		    weights == NULL ? "weights" : "values", "");
	{
		char wp[100];
		snprintf(wp, sizeof(wp), "%s.weights", path);
		rc = issue_map(w, weights, wp);
		for (i = 0; rc == 0 && i < weights->n; i++) {
			int is = find_issue(p, weights->keys[i]->value);
			char wpi[200];
			snprintf(wpi, sizeof(wpi), "%s.%s", wp,
			    weights->keys[i]->value);
			rc = fraction(w, weights->items[i], wpi, "a weight",
			    &p->weight[pi][is]);
			sum += p->weight[pi][is];
		}
		if (rc != 0)
			return rc;
		for (i = 0; i < p->n_issues; i++)
			if (acc_ynode_get(weights, p->issues[i].id) == NULL)
				return perr(w, weights, wp, "no weight for "
				    "issue %s%s", p->issues[i].id, "");
		if (sum != ACC_NEG_SCALE) {
			char s[40];
			snprintf(s, sizeof(s), "%lld.%06lld",
			    (long long)(sum / ACC_NEG_SCALE),
			    (long long)(sum % ACC_NEG_SCALE));
			return perr(w, weights, wp, "weights sum to %s, "
			    "expected exactly 1%s", s, "");
		}
	}
	{
		char vp[100];
		snprintf(vp, sizeof(vp), "%s.values", path);
		rc = issue_map(w, values, vp);
		if (rc != 0)
			return rc;
		for (i = 0; i < p->n_issues; i++) {
			const struct acc_neg_issue *is = &p->issues[i];
			const acc_ynode *vm = acc_ynode_get(values, is->id);
			char vpi[200];
			snprintf(vpi, sizeof(vpi), "%s.%s", vp, is->id);
			if (vm == NULL)
				return perr(w, values, vp, "no values for "
				    "issue %s%s", is->id, "");
			if (want(w, vm, ACC_Y_MAP, vpi) != 0)
				return ACC_EINVAL;
			for (l = 0; l < vm->n; l++)
				if (find_level(is, vm->keys[l]->value) < 0)
					return perr(w, vm->keys[l], vpi,
					    "issue %s has no level \"%s\"",
					    is->id, quoted(q, sizeof(q),
					    vm->keys[l]));
			for (l = 0; l < is->n_levels; l++) {
				const acc_ynode *v = acc_ynode_get(vm,
				    is->levels[l].text);
				char vpl[260];
				if (v == NULL)
					return perr(w, vm, vpi, "no value for "
					    "level %s%s", is->levels[l].text,
					    "");
				snprintf(vpl, sizeof(vpl), "%s.%s", vpi,
				    is->levels[l].text);
				rc = fraction(w, v, vpl, "a value",
				    &p->value[pi][i][l]);
				if (rc != 0)
					return rc;
			}
		}
	}
	if (red != NULL) {
		char rp[100];
		snprintf(rp, sizeof(rp), "%s.red_lines", path);
		rc = issue_map(w, red, rp);
		for (i = 0; rc == 0 && i < red->n; i++) {
			int is = find_issue(p, red->keys[i]->value);
			const acc_ynode *list = red->items[i];
			char rpi[200];
			snprintf(rpi, sizeof(rpi), "%s.%s", rp,
			    red->keys[i]->value);
			if (want(w, list, ACC_Y_SEQ, rpi) != 0)
				return ACC_EINVAL;
			for (l = 0; l < list->n; l++) {
				int lv;
				const acc_ynode *it = list->items[l];
				if (want(w, it, ACC_Y_SCALAR, rpi) != 0)
					return ACC_EINVAL;
				lv = find_level(&p->issues[is],
				    list->items[l]->value);
				if (lv < 0)
					return perr(w, list->items[l], rpi,
					    "issue %s has no level \"%s\"",
					    p->issues[is].id, quoted(q,
					    sizeof(q), list->items[l]));
				p->refused[pi][is] |= UINT32_C(1) << lv;
			}
		}
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* path relative to the directory of base, into a new string. */
static char *
beside(const char *base, const char *path)
{
	const char *slash = strrchr(base, '/');
	size_t n;
	char *out;

	if (path[0] == '/' || slash == NULL)
		return strdup(path);
	n = (size_t)(slash - base) + 1 + strlen(path) + 1;
	out = malloc(n);
	if (out)
		snprintf(out, n, "%.*s%s", (int)(slash - base + 1), base, path);
	return out;
}

static int
walk(struct pw *w)
{
	static const char *const keys[] = { "format", "title", "illustrative",
		"description", "source", "treaty", "holdings", "issues",
		"parties", NULL };
	struct acc_positions *p = w->p;
	const acc_ynode *root = w->doc->root, *fmt, *title, *ill, *issues;
	const acc_ynode *parties, *hold;
	char q[100];
	size_t i, j;
	int rc;

	if (root == NULL)
		return acc_err_set(w->err, ACC_EINVAL, w->doc->name,
		    "empty positions file");
	if (want(w, root, ACC_Y_MAP, "") != 0)
		return ACC_EINVAL;
	rc = keys_only(w, root, "", keys);
	if (rc == 0)
		rc = scalar(w, root, "format", "", true, &fmt);
	if (rc == 0 && strcmp(fmt->value, POSITIONS_FORMAT) != 0)
		rc = perr(w, fmt, "format", "expected \"" POSITIONS_FORMAT
		    "\", got \"%s\"%s", quoted(q, sizeof(q), fmt), "");
	if (rc == 0)
		rc = scalar(w, root, "title", "", true, &title);
	if (rc == 0)
		rc = scalar(w, root, "illustrative", "", false, &ill);
	if (rc == 0)
		rc = dup(w, &p->title, title->value);
	if (rc != 0)
		return rc;
	p->illustrative = ill && strcmp(ill->value, "true") == 0;
	if (ill && !p->illustrative && strcmp(ill->value, "false") != 0)
		return perr(w, ill, "illustrative", "expected true or false, "
		    "got \"%s\"%s", quoted(q, sizeof(q), ill), "");
	issues = acc_ynode_get(root, "issues");
	if (issues == NULL)
		return perr(w, root, "", "missing required key \"issues\"%s%s",
		    "", "");
	if (want(w, issues, ACC_Y_SEQ, "issues") != 0)
		return ACC_EINVAL;
	if (issues->n == 0 || issues->n > ACC_NEG_ISSUES_MAX)
		return perr(w, issues, "issues", "expected 1 to 32 issues%s%s",
		    "", "");
	for (i = 0; i < issues->n; i++) {
		rc = walk_issue(w, issues->items[i], i);
		p->n_issues = i + (p->issues[i].id != NULL);
		if (rc != 0)
			return rc;
	}
	parties = acc_ynode_get(root, "parties");
	if (parties == NULL)
		return perr(w, root, "", "missing required key \"parties\"%s%s",
		    "", "");
	if (want(w, parties, ACC_Y_MAP, "parties") != 0)
		return ACC_EINVAL;
	if (parties->n != 2)
		return perr(w, parties, "parties", "expected the positions of "
		    "exactly two parties%s%s", "", "");
	for (i = 0; i < 2; i++) {
		const acc_ynode *k = parties->keys[i];
		int idx = acc_treaty_party_find(p->t, k->value);
		if (idx < 0)
			return perr(w, k, "parties", "the draft %s has no "
			    "party \"%s\"", p->t->id, quoted(q, sizeof(q), k));
		p->party[i] = p->t->parties[idx].id;
		rc = walk_party(w, k, parties->items[i], i);
		if (rc != 0)
			return rc;
	}
	hold = acc_ynode_get(root, "holdings");
	if (hold != NULL) {
		if (want(w, hold, ACC_Y_MAP, "holdings") != 0)
			return ACC_EINVAL;
		for (i = 0; i < hold->n; i++) {
			for (j = 0; j < 2; j++)
				if (strcmp(hold->keys[i]->value, p->party[j]) ==
				    0)
					break;
			if (j == 2)
				return perr(w, hold->keys[i], "holdings",
				    "\"%s\" is not one of the two parties%s",
				    quoted(q, sizeof(q), hold->keys[i]), "");
			if (want(w, hold->items[i], ACC_Y_SCALAR, "holdings") !=
			    0 || hold->items[i]->len == 0)
				return perr(w, hold->items[i], "holdings",
				    "expected the path of an estimates "
				    "file%s%s",
				    "", "");
			free(p->holdings[j]);
			p->holdings[j] = beside(p->source,
			    hold->items[i]->value);
			if (p->holdings[j] == NULL)
				return acc_err_set(w->err, ACC_ERR,
				    w->doc->name, "out of memory");
		}
	}
	return 0;
}

/* The `treaty` key: the id or reference the file negotiates. */
static int
treaty_ref(struct pw *w, const acc_ynode **out)
{
	const acc_ynode *root = w->doc->root;

	*out = NULL;
	if (root == NULL || root->kind != ACC_Y_MAP)
		return acc_err_set(w->err, ACC_EINVAL, w->doc->name,
		    "expected a mapping with format: " POSITIONS_FORMAT);
	return scalar(w, root, "treaty", "", true, out);
}

static int
positions_new(struct acc_positions **out, const char *name, acc_err *err)
{
	*out = calloc(1, sizeof(**out));
	if (*out == NULL || ((*out)->source = strdup(name ? name : "-")) ==
	    NULL) {
		free(*out);
		*out = NULL;
		return acc_err_set(err, ACC_ERR, name, "out of memory");
	}
	return 0;
}

int
acc_positions_parse(acc_positions **out, const acc_treaty *t,
    const char *text, size_t len, const char *name, acc_err *err)
{
	acc_ydoc doc = { 0 };
	struct acc_positions *p = NULL;
	struct pw w = { &doc, NULL, err };
	const acc_ynode *ref;
	char q[100];
	int rc;

	*out = NULL;
	rc = acc_ydoc_parse(&doc, text, len, name, err);
	if (rc == 0)
		rc = positions_new(&p, name, err);
	if (rc != 0)
		goto done;
	w.p = p;
	p->t = t;
	rc = treaty_ref(&w, &ref);
	if (rc == 0 && strcmp(ref->value, t->id) != 0 &&
	    strstr(ref->value, ".yaml") == NULL &&
	    strstr(ref->value, ".yml") == NULL)
		rc = perr(&w, ref, "treaty", "these positions negotiate "
		    "\"%s\", not %s", quoted(q, sizeof(q), ref), t->id);
	if (rc == 0)
		rc = walk(&w);
	if (rc != 0)
		goto done;
	*out = p;
	p = NULL;
done:
	acc_positions_free(p);
	acc_ydoc_dispose(&doc);
	return rc;
}

int
acc_positions_load(acc_positions **out, const char *path, acc_err *err)
{
	acc_buf text = ACC_BUF_INIT(ACC_POSITIONS_FILE_MAX);
	acc_ydoc doc = { 0 };
	struct acc_positions *p = NULL;
	struct pw w = { &doc, NULL, err };
	const acc_ynode *ref;
	char *tpath = NULL;
	int rc;

	*out = NULL;
	rc = acc_file_read(&text, path, err);
	if (rc == 0)
		rc = acc_ydoc_parse(&doc, text.data ? text.data : "", text.len,
		    path, err);
	if (rc == 0)
		rc = positions_new(&p, path, err);
	if (rc != 0)
		goto done;
	w.p = p;
	rc = treaty_ref(&w, &ref);
	if (rc != 0)
		goto done;
	if (strchr(ref->value, '/') || strstr(ref->value, ".yaml") ||
	    strstr(ref->value, ".yml")) {
		tpath = beside(path, ref->value);
		if (tpath == NULL) {
			rc = acc_err_set(err, ACC_ERR, path, "out of memory");
			goto done;
		}
		rc = acc_treaty_load(&p->owned, tpath, err);
	} else {
		rc = acc_treaty_open(&p->owned, ref->value, err);
		if (rc != 0) {
			char pos[200];
			acc_ynode_where(pos, sizeof(pos), &doc, ref);
			snprintf(err->where, sizeof(err->where), "%s treaty",
			    pos);
		}
	}
	if (rc != 0)
		goto done;
	p->t = p->owned;
	rc = walk(&w);
	if (rc != 0)
		goto done;
	*out = p;
	p = NULL;
done:
	free(tpath);
	acc_positions_free(p);
	acc_ydoc_dispose(&doc);
	acc_buf_dispose(&text);
	return rc;
}

void
acc_positions_free(acc_positions *p)
{
	size_t i, l;

	if (p == NULL)
		return;
	for (i = 0; i < p->n_issues; i++) {
		free(p->issues[i].id);
		free(p->issues[i].name);
		for (l = 0; l < p->issues[i].n_levels; l++)
			free(p->issues[i].levels[l].text);
	}
	/* an issue that failed half-way keeps what it parsed */
	if (p->n_issues < ACC_NEG_ISSUES_MAX) {
		struct acc_neg_issue *is = &p->issues[p->n_issues];
		free(is->id);
		free(is->name);
		for (l = 0; l < is->n_levels; l++)
			free(is->levels[l].text);
	}
	free(p->holdings[0]);
	free(p->holdings[1]);
	free(p->title);
	free(p->source);
	acc_treaty_free(p->owned);
	free(p);
}

const acc_treaty *
acc_positions_treaty(const acc_positions *p)
{
	return p->t;
}

const char *
acc_positions_title(const acc_positions *p)
{
	return p->title;
}

const char *
acc_positions_party(const acc_positions *p, size_t i)
{
	return p->party[i];
}

const char *
acc_positions_holdings(const acc_positions *p, size_t i)
{
	return p->holdings[i];
}

size_t
acc_positions_issue_count(const acc_positions *p)
{
	return p->n_issues;
}

const char *
acc_positions_issue_id(const acc_positions *p, size_t i)
{
	return p->issues[i].id;
}

size_t
acc_positions_level_count(const acc_positions *p, size_t i)
{
	return p->issues[i].n_levels;
}

const char *
acc_positions_level(const acc_positions *p, size_t i, size_t l)
{
	return p->issues[i].levels[l].text;
}
