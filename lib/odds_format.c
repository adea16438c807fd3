/*
 * Formatting detection odds: probabilities as text, and what a draft's
 * inspection quotas buy against each party, as a text table or JSON.
 * Output is a pure function of the reports; computes nothing new.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <accord/odds.h>

#include "fmt.h"
#include "treaty_int.h"

#define OUT_MAX (64u << 20)

static const char model_text[] =
    "  Each inspection draws its items uniformly, without replacement, "
    "from all\n"
    "  the items a limit counts; inspections are independent of each "
    "other and\n"
    "  the violating items stay in place all year (docs/odds.md).\n";

const char *
acc_odds_format(char *out, size_t len, double p)
{
	if (p == 0 || p == 1)
		snprintf(out, len, "%d", p == 1);
	else if (p > 0.99999)
		snprintf(out, len, "1 - %.6g", 1 - p); /* exact for p > 0.5 */
	else
		snprintf(out, len, "%.6g", p);
	return out;
}

static int
fail(acc_err *err, int rc)
{
	if (rc == ACC_ELIMIT)
		return acc_err_set(err, ACC_ELIMIT, "output",
		    "output larger than %u bytes", OUT_MAX);
	return acc_err_set(err, ACC_ERR, "output", "out of memory");
}

/* "type_one 10 x 1, type_two 8 x 1", or "none". */
static int
kinds_text(acc_buf *b, const acc_odds_limit *x)
{
	size_t k;
	int rc = 0;

	if (x->n_kinds == 0)
		return acc_buf_puts(b, "none: no inspection path");
	for (k = 0; rc == 0 && k < x->n_kinds; k++)
		rc = acc_buf_printf(b, "%s%s %lld x %llu", k ? ", " : "",
		    x->kinds[k].id, (long long)x->kinds[k].quota,
		    (unsigned long long)x->kinds[k].draws);
	return rc;
}

static int
party_text(acc_buf *b, const acc_odds_report *r)
{
	char d[ACC_DATE_LEN], c1[32], c2[32], c3[32], c4[32], c5[48];
	size_t l;
	int rc;

	acc_date_format(d, r->as_of);
	rc = acc_buf_printf(b, "%s (as of %s, %s items)\n", r->party, d,
	    acc_fmt_count(c1, sizeof(c1), (int64_t)r->n_items));
	if (rc == 0)
		rc = acc_buf_printf(b, "  %-24s %9s %9s %8s %7s  %s\n",
		    "limit", "items", "violating", "needed", "quota",
		    "P(quota)");
	for (l = 0; rc == 0 && l < r->n_limits; l++) {
		const acc_odds_limit *x = &r->limits[l];
		const char *verdict = x->n_kinds == 0 ? "no inspection path" :
		    x->population == 0 ? "no items" : x->suffices ? "enough" :
		    "short";
		bool odds = x->n_kinds > 0 && x->population > 0;
		rc = acc_buf_printf(b, "  %-24s %9s %9s %8s %7s  %-12s  %s\n",
		    x->id, acc_fmt_count(c1, sizeof(c1),
		    (int64_t)x->population), acc_fmt_count(c2, sizeof(c2),
		    (int64_t)x->violations), odds && x->needed > 0 ?
		    acc_fmt_count(c3, sizeof(c3), (int64_t)x->needed) : "-",
		    x->n_kinds > 0 ? acc_fmt_count(c4, sizeof(c4), x->quota) :
		    "-", odds ? acc_odds_format(c5, sizeof(c5), x->p_quota) :
		    "-", verdict);
	}
	return rc;
}

static int
summary_text(acc_buf *b, const acc_odds_report *r, size_t n)
{
	char c1[32], c2[32], tg[48];
	size_t i, l;
	bool first = true;
	int rc = 0;

	acc_odds_format(tg, sizeof(tg), r[0].target);
	for (l = 0; l < r[0].n_limits; l++) {
		if (r[0].limits[l].n_kinds > 0)
			continue;
		rc = acc_buf_printf(b, "%s%s", first ? "No inspection path: " :
		    ", ", r[0].limits[l].id);
		first = false;
		if (rc != 0)
			return rc;
	}
	if (!first)
		rc = acc_buf_puts(b, " (no inspection kind draws the item "
		    "types counted).\n");
	for (i = 0; rc == 0 && i < n; i++) {
		if (r[i].n_short == 0) {
			rc = acc_buf_printf(b, "%s: the quota reaches %s for "
			    "every limit with an inspection path.\n",
			    r[i].party, tg);
			continue;
		}
		rc = acc_buf_printf(b, "%s: the quota falls short of %s for:\n",
		    r[i].party, tg);
		for (l = 0; rc == 0 && l < r[i].n_limits; l++) {
			const acc_odds_limit *x = &r[i].limits[l];
			if (x->n_kinds == 0 || x->suffices)
				continue;
			if (x->needed == 0)
				rc = acc_buf_printf(b, "    %s: its kinds draw "
				    "no items\n", x->id);
			else
				rc = acc_buf_printf(b, "    %s: %s inspections "
				    "a year needed, quota %s\n", x->id,
				    acc_fmt_count(c1, sizeof(c1),
				    (int64_t)x->needed), acc_fmt_count(c2,
				    sizeof(c2), x->quota));
		}
	}
	return rc;
}

static json_t *
report_json(const acc_odds_report *r)
{
	json_t *o = json_object(), *lims = json_array();
	char d[ACC_DATE_LEN];
	size_t l, k;
	int bad = o == NULL || lims == NULL;

	if (bad) {
		json_decref(o);
		json_decref(lims);
		return NULL;
	}
	acc_date_format(d, r->as_of);
	bad |= json_object_set_new(o, "party", json_string(r->party));
	bad |= json_object_set_new(o, "as_of", json_string(d));
	bad |= json_object_set_new(o, "items",
	    json_integer((json_int_t)r->n_items));
	for (l = 0; !bad && l < r->n_limits; l++) {
		const acc_odds_limit *x = &r->limits[l];
		bool odds = x->n_kinds > 0 && x->population > 0;
		json_t *j = json_object(), *kinds = json_array();
		if (j == NULL || kinds == NULL) {
			json_decref(j);
			json_decref(kinds);
			bad = 1;
			break;
		}
		for (k = 0; k < x->n_kinds; k++) {
			const acc_odds_kind *q = &x->kinds[k];
			json_t *e = json_object();
			bad |= e == NULL;
			if (e == NULL)
				break;
			bad |= json_object_set_new(e, "id", json_string(q->id));
			bad |= json_object_set_new(e, "quota",
			    json_integer(q->quota));
			bad |= json_object_set_new(e, "draws",
			    json_integer((json_int_t)q->draws));
			bad |= json_object_set_new(e, "p", odds ?
			    json_real(q->p) : json_null());
			bad |= json_array_append_new(kinds, e);
		}
		bad |= json_object_set_new(j, "id", json_string(x->id));
		bad |= json_object_set_new(j, "article",
		    json_string(x->article));
		bad |= json_object_set_new(j, "population",
		    json_integer((json_int_t)x->population));
		bad |= json_object_set_new(j, "violations",
		    json_integer((json_int_t)x->violations));
		bad |= json_object_set_new(j, "inspection_path",
		    json_boolean(x->n_kinds > 0));
		bad |= json_object_set_new(j, "kinds", kinds);
		bad |= json_object_set_new(j, "quota", x->n_kinds > 0 ?
		    json_integer(x->quota) : json_null());
		bad |= json_object_set_new(j, "needed", odds &&
		    x->needed > 0 ? json_integer((json_int_t)x->needed) :
		    json_null());
		bad |= json_object_set_new(j, "p_quota", odds ?
		    json_real(x->p_quota) : json_null());
		bad |= json_object_set_new(j, "suffices",
		    json_boolean(x->suffices));
		bad |= json_array_append_new(lims, j);
	}
	bad |= json_object_set_new(o, "limits", lims);
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static int
json_out(acc_buf *out, json_t *root, acc_err *err)
{
	return acc_fmt_json(out, root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(17), err);
}

static int
draft_json(acc_buf *out, const acc_odds_report *r, size_t n, acc_err *err)
{
	const struct acc_treaty *t = r[0].treaty;
	json_t *root = json_object(), *draft = json_object();
	json_t *parties = json_array(), *unchecked = json_array();
	json_t *v = json_object();
	size_t i, l;
	int bad = root == NULL || draft == NULL || parties == NULL ||
	    unchecked == NULL || v == NULL;

	if (bad) {
		json_decref(root);
		json_decref(draft);
		json_decref(parties);
		json_decref(unchecked);
		json_decref(v);
		return acc_err_set(err, ACC_ERR, "output", "out of memory");
	}
	bad |= json_object_set_new(draft, "treaty", json_string(t->id));
	bad |= json_object_set_new(draft, "title", json_string(t->title));
	bad |= json_object_set_new(draft, "illustrative",
	    json_boolean(t->illustrative));
	if (r[0].violation.is_share)
		bad |= json_object_set_new(v, "percent",
		    json_real((double)r[0].violation.share / 1e6));
	else
		bad |= json_object_set_new(v, "items",
		    json_integer((json_int_t)r[0].violation.count));
	for (l = 0; l < r[0].n_limits; l++)
		if (r[0].limits[l].n_kinds == 0)
			bad |= json_array_append_new(unchecked,
			    json_string(r[0].limits[l].id));
	for (i = 0; i < n; i++) {
		json_t *j = report_json(&r[i]);
		bad |= j == NULL || json_array_append_new(parties, j);
	}
	bad |= json_object_set_new(root, "draft", draft);
	bad |= json_object_set_new(root, "violation", v);
	bad |= json_object_set_new(root, "target", json_real(r[0].target));
	bad |= json_object_set_new(root, "model", json_string("uniform draws "
	    "without replacement from each limit's items; independent "
	    "inspections; violations stay in place for the year"));
	bad |= json_object_set_new(root, "no_inspection_path", unchecked);
	bad |= json_object_set_new(root, "parties", parties);
	if (bad) {
		json_decref(root);
		return acc_err_set(err, ACC_ERR, "output", "out of memory");
	}
	return json_out(out, root, err);
}

int
acc_odds_draft_format(acc_buf *out, const acc_odds_report *r, size_t n,
    bool json, acc_err *err)
{
	const struct acc_treaty *t;
	char vt[48], tg[48];
	size_t i, l;
	int rc;

	if (n == 0)
		return 0;
	if (json)
		return draft_json(out, r, n, err);
	t = r[0].treaty;
	acc_odds_violation_format(vt, sizeof(vt), &r[0].violation);
	acc_odds_format(tg, sizeof(tg), r[0].target);
	rc = acc_buf_printf(out, "Detection odds: %s: %s%s\n", t->id,
	    t->title, t->illustrative ? " [ILLUSTRATIVE]" : "");
	if (rc == 0)
		rc = acc_buf_printf(out, "  Violation: %s %s; target: %s "
		    "within one treaty year.\n", vt, r[0].violation.is_share ?
		    "of the items each limit counts (rounded up)" :
		    "items under each limit", tg);
	if (rc == 0)
		rc = acc_buf_puts(out, model_text);
	if (rc == 0)
		rc = acc_buf_printf(out, "\n  %-24s %s\n", "limit",
		    "inspection kinds (quota a year x items drawn)");
	for (l = 0; rc == 0 && l < r[0].n_limits; l++) {
		rc = acc_buf_printf(out, "  %-24s ", r[0].limits[l].id);
		if (rc == 0)
			rc = kinds_text(out, &r[0].limits[l]);
		if (rc == 0)
			rc = acc_buf_puts(out, "\n");
	}
	if (rc == 0)
		rc = acc_buf_puts(out, "\n  needed: the fewest inspections a "
		    "year that reach the target; quota: the\n  draft's "
		    "inspections a year of those kinds; P(quota): the odds "
		    "they give.\n");
	for (i = 0; rc == 0 && i < n; i++) {
		rc = acc_buf_puts(out, "\n");
		if (rc == 0)
			rc = party_text(out, &r[i]);
	}
	if (rc == 0)
		rc = acc_buf_puts(out, "\n");
	if (rc == 0)
		rc = summary_text(out, r, n);
	return rc == 0 ? 0 : fail(err, rc);
}
