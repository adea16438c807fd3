/*
 * Formatting the negotiation workbench's results: what-if and compare
 * tables, the negotiation analysis in text, markdown and JSON, and the
 * picture of the utility space as SVG. Output is a pure function of the
 * results, so the same data gives the same bytes; computes nothing new.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <accord/negotiate.h>

#include "fmt.h"
#include "negotiate_int.h"
#include "treaty_int.h"

#define OUT_MAX (64u << 20)

static const char *
maxtext(char *out, size_t len, int64_t max)
{
	if (max < 0)
		snprintf(out, len, "none");
	else
		acc_fmt_count(out, len, max);
	return out;
}

/* A utility (10^12 is 1.0) with three decimals. */
static const char *
util(char *out, size_t len, int64_t u)
{
	snprintf(out, len, "%.3f", (double)u / 1e12);
	return out;
}

/* Millionths with up to six decimals, trailing zeros dropped. */
static const char *
frac(char *out, size_t len, int64_t m)
{
	size_t n;

	snprintf(out, len, "%lld.%06lld", (long long)(m / ACC_NEG_SCALE),
	    (long long)(m % ACC_NEG_SCALE));
	n = strlen(out);
	while (n > 1 && out[n - 1] == '0')
		out[--n] = '\0';
	if (n > 1 && out[n - 1] == '.')
		out[--n] = '\0';
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

/* ---- what-if ------------------------------------------------------------- */

static const char *
action_verb(acc_action_kind k)
{
	switch (k) {
	case ACC_ACTION_NON_DEPLOY:
		return "non_deploy";
	case ACC_ACTION_DOWNLOAD:
		return "download";
	default:
		return "eliminate";
	}
}

/*
 * "move 3 icbm (RS-20V Voevoda; 10 warheads each) from deployed to
 * non_deployed", "download 5 slbm (Trident II D5; deployed) from 4 to 2
 * warheads each", "eliminate 9 warhead (non_strategic; non_deployed)"
 */
static int
action_text(acc_buf *b, const acc_action *a)
{
	char n[32], lab[200], wh[48] = "";

	acc_fmt_count(n, sizeof(n), (int64_t)a->n_items);
	if (a->warheads > 0)
		snprintf(wh, sizeof(wh), "; %lld warhead%s each",
		    (long long)a->warheads, a->warheads == 1 ? "" : "s");
	switch (a->kind) {
	case ACC_ACTION_NON_DEPLOY:
		snprintf(lab, sizeof(lab), "%s%s", a->label[0] ? a->label :
		    a->type, wh);
		return acc_buf_printf(b, "move %s %s (%s) from %s to "
		    "non_deployed", n, a->type, lab, a->status);
	case ACC_ACTION_DOWNLOAD:
		snprintf(lab, sizeof(lab), "%s%s%s", a->label, a->label[0] ?
		    "; " : "", a->status);
		return acc_buf_printf(b, "download %s %s (%s) from %lld to "
		    "%lld warheads each", n, a->type, lab,
		    (long long)a->warheads, (long long)a->warheads_after);
	default:
		snprintf(lab, sizeof(lab), "%s%s%s%s", a->label, a->label[0] ?
		    "; " : "", a->status, wh);
		return acc_buf_printf(b, "eliminate %s %s (%s)", n, a->type,
		    lab);
	}
}

/* The UIDs of an action: all in JSON, the first three and the last in
 * text. */
static int
uids_text(acc_buf *b, const acc_action *a)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < a->n_items && i < 3 && rc == 0; i++)
		rc = acc_buf_printf(b, "%s%s", i ? ", " : ": ", a->uids[i]);
	if (rc == 0 && a->n_items > 4)
		rc = acc_buf_puts(b, ", ...");
	if (rc == 0 && a->n_items > 3)
		rc = acc_buf_printf(b, ", %s", a->uids[a->n_items - 1]);
	return rc;
}

static int
party_summary(acc_buf *b, const acc_whatif *w, bool md)
{
	char d[ACC_DATE_LEN], n1[32], n2[32];
	size_t l, k;
	bool first = true;
	int rc;

	acc_date_format(d, w->as_of);
	rc = acc_buf_printf(b, "%s%s%s (as of %s, %s items): ", md ? "**" : "",
	    w->party, md ? "**" : "", d, acc_fmt_count(n1, sizeof(n1),
	    (int64_t)w->n_items));
	if (rc == 0 && w->n_over == 0)
		return acc_buf_puts(b, "within every limit; nothing to "
		    "change.\n");
	for (l = 0; rc == 0 && l < w->n_limits; l++) {
		const acc_whatif_limit *x = &w->limits[l];
		if (x->max < 0 || x->margin >= 0)
			continue;
		rc = acc_buf_printf(b, "%s%s by %s", first ? "over " : ", ",
		    x->id, acc_fmt_count(n1, sizeof(n1), -x->margin));
		first = false;
	}
	if (rc == 0 && w->complete)
		rc = acc_buf_printf(b, ".\n%sPlan: change %s items (no plan "
		    "of these actions changes fewer than %s):\n",
		    md ? "\n" : "  ", acc_fmt_count(n1, sizeof(n1),
		    (int64_t)w->touched), acc_fmt_count(n2, sizeof(n2),
		    (int64_t)w->lower_bound));
	if (rc == 0 && !w->complete) {
		rc = acc_buf_printf(b, ".\n%sPlan: change %s items; no move "
		    "to non-deployed status, download or elimination brings ",
		    md ? "\n" : "  ", acc_fmt_count(n1, sizeof(n1),
		    (int64_t)w->touched));
		first = true;
		for (l = 0; rc == 0 && l < w->n_limits; l++) {
			const acc_whatif_limit *x = &w->limits[l];
			if (x->max < 0 || x->after <= x->max)
				continue;
			rc = acc_buf_printf(b, "%s%s", first ? "" : ", ",
			    x->id);
			first = false;
		}
		if (rc == 0)
			rc = acc_buf_puts(b, " within:\n");
	}
	if (md && rc == 0)
		rc = acc_buf_puts(b, "\n");
	for (k = 0; rc == 0 && k < w->n_actions; k++) {
		rc = acc_buf_puts(b, md ? "- " : "    ");
		if (rc == 0)
			rc = action_text(b, &w->actions[k]);
		if (rc == 0)
			rc = uids_text(b, &w->actions[k]);
		if (rc == 0)
			rc = acc_buf_puts(b, "\n");
	}
	if (rc == 0)
		rc = acc_buf_puts(b, md ? "\nAfter the plan: " :
		    "  After the plan: ");
	first = true;
	for (l = 0; rc == 0 && l < w->n_limits; l++) {
		const acc_whatif_limit *x = &w->limits[l];
		if (x->max < 0 || x->value == x->after)
			continue;
		rc = acc_buf_printf(b, "%s%s %s of %s", first ? "" : ", ",
		    x->id, acc_fmt_count(n1, sizeof(n1), x->after),
		    acc_fmt_count(n2, sizeof(n2), x->max));
		first = false;
	}
	if (rc == 0)
		rc = acc_buf_puts(b, first ? "no change.\n" : ".\n");
	return rc;
}

static int
scenario_text(acc_buf *b, const acc_scenario *s, bool md)
{
	const struct acc_treaty *t = s->treaty;
	char n1[32], n2[32];
	size_t l;
	int rc = 0;

	for (l = 0; rc == 0 && l < s->n_limits; l++) {
		if (s->variant[l] >= 0)
			rc = acc_buf_printf(b, "%s%s counted by %s: %s\n",
			    md ? "- " : "  ", t->limits[l].e.id,
			    t->limits[l].variants[s->variant[l]].e.id,
			    t->limits[l].variants[s->variant[l]].rule_text);
		if (rc == 0 && s->max[l] != t->limits[l].max)
			rc = acc_buf_printf(b, "%s%s maximum %s (the draft "
			    "says %s)\n", md ? "- " : "  ", t->limits[l].e.id,
			    maxtext(n1, sizeof(n1), s->max[l]),
			    acc_fmt_count(n2, sizeof(n2), t->limits[l].max));
	}
	return rc;
}

static json_t *
whatif_json(const acc_whatif *w)
{
	json_t *o = json_object(), *lims = json_array(), *acts = json_array();
	json_t *plan = json_object();
	char d[ACC_DATE_LEN];
	size_t l, k, i;
	int bad = 0;

	if (o == NULL || lims == NULL || acts == NULL || plan == NULL) {
		json_decref(o);
		json_decref(lims);
		json_decref(acts);
		json_decref(plan);
		return NULL;
	}
	acc_date_format(d, w->as_of);
	bad |= json_object_set_new(o, "party", json_string(w->party));
	bad |= json_object_set_new(o, "as_of", json_string(d));
	bad |= json_object_set_new(o, "items",
	    json_integer((json_int_t)w->n_items));
	for (l = 0; l < w->n_limits; l++) {
		const acc_whatif_limit *x = &w->limits[l];
		json_t *j = json_object();
		if (j == NULL) {
			bad = 1;
			break;
		}
		bad |= json_object_set_new(j, "id", json_string(x->id));
		bad |= json_object_set_new(j, "article",
		    json_string(x->article));
		bad |= json_object_set_new(j, "rule", json_string(x->variant));
		bad |= json_object_set_new(j, "max", x->max < 0 ? json_null() :
		    json_integer(x->max));
		bad |= json_object_set_new(j, "value", json_integer(x->value));
		bad |= json_object_set_new(j, "margin", x->max < 0 ?
		    json_null() : json_integer(x->margin));
		bad |= json_object_set_new(j, "after", json_integer(x->after));
		bad |= json_array_append_new(lims, j);
	}
	for (k = 0; k < w->n_actions; k++) {
		const acc_action *a = &w->actions[k];
		json_t *j = json_object(), *u = json_array();
		if (j == NULL || u == NULL) {
			json_decref(j);
			json_decref(u);
			bad = 1;
			break;
		}
		for (i = 0; i < a->n_items; i++)
			bad |= json_array_append_new(u,
			    json_string(a->uids[i]));
		bad |= json_object_set_new(j, "action",
		    json_string(action_verb(a->kind)));
		bad |= json_object_set_new(j, "type", json_string(a->type));
		bad |= json_object_set_new(j, "status",
		    json_string(a->status));
		bad |= json_object_set_new(j, "label", json_string(a->label));
		if (a->warheads >= 0)
			bad |= json_object_set_new(j, "warheads",
			    json_integer(a->warheads));
		if (a->kind == ACC_ACTION_DOWNLOAD)
			bad |= json_object_set_new(j, "warheads_after",
			    json_integer(a->warheads_after));
		bad |= json_object_set_new(j, "count",
		    json_integer((json_int_t)a->n_items));
		bad |= json_object_set_new(j, "uids", u);
		bad |= json_array_append_new(acts, j);
	}
	bad |= json_object_set_new(o, "limits", lims);
	bad |= json_object_set_new(o, "over",
	    json_integer((json_int_t)w->n_over));
	bad |= json_object_set_new(plan, "complete",
	    json_boolean(w->complete));
	bad |= json_object_set_new(plan, "items_changed",
	    json_integer((json_int_t)w->touched));
	bad |= json_object_set_new(plan, "lower_bound",
	    json_integer((json_int_t)w->lower_bound));
	bad |= json_object_set_new(plan, "actions", acts);
	bad |= json_object_set_new(o, "plan", plan);
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *
scenario_json(const acc_scenario *s)
{
	const struct acc_treaty *t = s->treaty;
	json_t *o = json_object(), *lims = json_array();
	size_t l;
	int bad = 0;

	if (o == NULL || lims == NULL) {
		json_decref(o);
		json_decref(lims);
		return NULL;
	}
	bad |= json_object_set_new(o, "treaty", json_string(t->id));
	bad |= json_object_set_new(o, "title", json_string(t->title));
	bad |= json_object_set_new(o, "illustrative",
	    json_boolean(t->illustrative));
	for (l = 0; l < s->n_limits; l++) {
		json_t *j = json_object();
		if (j == NULL) {
			bad = 1;
			break;
		}
		bad |= json_object_set_new(j, "id",
		    json_string(t->limits[l].e.id));
		bad |= json_object_set_new(j, "rule", json_string(
		    s->variant[l] >= 0 ?
		    t->limits[l].variants[s->variant[l]].e.id : "default"));
		bad |= json_object_set_new(j, "max", s->max[l] < 0 ?
		    json_null() : json_integer(s->max[l]));
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
	return acc_fmt_json(out, root, JSON_INDENT(2) | JSON_PRESERVE_ORDER, err);
}

int
acc_whatif_format(acc_buf *out, const acc_whatif *w, size_t n,
    const acc_scenario *s, acc_format fmt, acc_err *err)
{
	const struct acc_treaty *t = s->treaty;
	bool md = fmt == ACC_FORMAT_MARKDOWN;
	char c1[32], c2[32];
	size_t l, i;
	int rc = 0;

	if (fmt == ACC_FORMAT_JSON) {
		json_t *root = json_object(), *parties = json_array();
		int bad = root == NULL || parties == NULL;
		for (i = 0; !bad && i < n; i++) {
			json_t *j = whatif_json(&w[i]);
			bad |= j == NULL || json_array_append_new(parties, j);
		}
		if (!bad) {
			bad |= json_object_set_new(root, "draft",
			    scenario_json(s));
			bad |= json_object_set_new(root, "parties", parties);
			parties = NULL;
		}
		if (bad) {
			json_decref(root);
			json_decref(parties);
			return acc_err_set(err, ACC_ERR, "output",
			    "out of memory");
		}
		return json_out(out, root, err);
	}
	rc = acc_buf_printf(out, "%sWhat-if: %s: %s%s\n", md ? "## " : "",
	    t->id, t->title, t->illustrative ? " [ILLUSTRATIVE]" : "");
	if (rc == 0)
		rc = scenario_text(out, s, md);
	if (md) {
		if (rc == 0)
			rc = acc_buf_puts(out, "\n| limit | article | rule | "
			    "maximum |");
		for (i = 0; rc == 0 && i < n; i++)
			rc = acc_buf_printf(out, " %s value | %s margin |",
			    w[i].party, w[i].party);
		if (rc == 0)
			rc = acc_buf_puts(out, "\n|---|---|---|--:|");
		for (i = 0; rc == 0 && i < n; i++)
			rc = acc_buf_puts(out, "--:|--:|");
		for (l = 0; rc == 0 && l < t->n_limits; l++) {
			rc = acc_buf_printf(out, "\n| %s | %s | %s | %s |",
			    t->limits[l].e.id, w[0].limits[l].article,
			    w[0].limits[l].variant,
			    maxtext(c1, sizeof(c1), s->max[l]));
			for (i = 0; rc == 0 && i < n; i++) {
				const acc_whatif_limit *x = &w[i].limits[l];
				rc = acc_buf_printf(out, " %s | %s |",
				    acc_fmt_count(c1, sizeof(c1), x->value),
				    x->max < 0 ? "" : acc_fmt_count(c2,
				    sizeof(c2), x->margin));
			}
		}
		if (rc == 0)
			rc = acc_buf_puts(out, "\n\n");
	} else {
		if (rc == 0)
			rc = acc_buf_printf(out, "\n  %-24s %-22s %9s", "limit",
			    "article", "maximum");
		for (i = 0; rc == 0 && i < n; i++)
			rc = acc_buf_printf(out, "  %6s value %6s margin",
			    w[i].party, w[i].party);
		for (l = 0; rc == 0 && l < t->n_limits; l++) {
			rc = acc_buf_printf(out, "\n  %-24s %-22s %9s",
			    t->limits[l].e.id, w[0].limits[l].article,
			    maxtext(c1, sizeof(c1), s->max[l]));
			for (i = 0; rc == 0 && i < n; i++) {
				const acc_whatif_limit *x = &w[i].limits[l];
				rc = acc_buf_printf(out, "  %12s %13s%s",
				    acc_fmt_count(c1, sizeof(c1), x->value),
				    x->max < 0 ? "-" : acc_fmt_count(c2,
				    sizeof(c2), x->margin), x->max >= 0 &&
				    x->margin < 0 ? " OVER" : "");
			}
		}
		if (rc == 0)
			rc = acc_buf_puts(out, "\n\n");
	}
	for (i = 0; rc == 0 && i < n; i++) {
		rc = party_summary(out, &w[i], md);
		if (rc == 0 && md)
			rc = acc_buf_puts(out, "\n");
	}
	return rc == 0 ? 0 : fail(err, rc);
}

/* ---- compare ------------------------------------------------------------- */

int
acc_compare_format(acc_buf *out, const acc_whatif *w, size_t nd, size_t np,
    const acc_scenario *s, const char *const *names, acc_format fmt,
    acc_err *err)
{
	const char *ids[ACC_LIMITS_MAX * 4];
	size_t n_ids = 0, d, l, i, p;
	bool md = fmt == ACC_FORMAT_MARKDOWN;
	char c1[32];
	int rc = 0;

	if (fmt == ACC_FORMAT_JSON) {
		json_t *root = json_object(), *drafts = json_array();
		int bad = root == NULL || drafts == NULL;
		for (d = 0; !bad && d < nd; d++) {
			json_t *o = json_object(), *parties = json_array();
			bad |= o == NULL || parties == NULL;
			for (p = 0; !bad && p < np; p++) {
				json_t *j = whatif_json(&w[d * np + p]);
				bad |= j == NULL ||
				    json_array_append_new(parties, j);
			}
			if (!bad) {
				bad |= json_object_set_new(o, "name",
				    json_string(names[d]));
				bad |= json_object_set_new(o, "draft",
				    scenario_json(&s[d]));
				bad |= json_object_set_new(o, "parties",
				    parties);
				parties = NULL;
				bad |= json_array_append_new(drafts, o);
				o = NULL;
			}
			json_decref(o);
			json_decref(parties);
		}
		if (!bad)
			bad |= json_object_set_new(root, "drafts", drafts);
		else
			json_decref(drafts);
		if (bad) {
			json_decref(root);
			return acc_err_set(err, ACC_ERR, "output",
			    "out of memory");
		}
		return json_out(out, root, err);
	}
	/* every limit of every draft, in order of first appearance */
	for (d = 0; d < nd; d++)
		for (l = 0; l < s[d].n_limits; l++) {
			const char *id = s[d].treaty->limits[l].e.id;
			for (i = 0; i < n_ids; i++)
				if (strcmp(ids[i], id) == 0)
					break;
			if (i == n_ids && n_ids < ACC_LIMITS_MAX * 4)
				ids[n_ids++] = id;
		}
	rc = acc_buf_printf(out, "%sDrafts side by side: margins per party "
	    "(negative: over)\n\n", md ? "## " : "");
	for (d = 0; rc == 0 && d < nd; d++)
		rc = acc_buf_printf(out, "%s%c = %s: %s, %s%s\n",
		    md ? "- " : "  ", (int)('A' + d), names[d],
		    s[d].treaty->id, s[d].treaty->title,
		    s[d].treaty->illustrative ? " [ILLUSTRATIVE]" : "");
	if (rc == 0)
		rc = scenario_text(out, &s[0], md) == 0 ? 0 : ACC_ERR;
	if (rc == 0)
		rc = acc_buf_printf(out, md ? "\n| limit |" : "\n  %-23s",
		    "limit");
	for (d = 0; rc == 0 && d < nd; d++) {
		rc = acc_buf_printf(out, md ? " %c max |" : "  %c max",
		    (int)('A' + d));
		for (p = 0; rc == 0 && p < np; p++)
			rc = acc_buf_printf(out, md ? " %c %s |" : " %8c %-3s",
			    (int)('A' + d), w[d * np + p].party);
	}
	if (rc == 0 && md) {
		rc = acc_buf_puts(out, "\n|---|");
		for (d = 0; rc == 0 && d < nd * (np + 1); d++)
			rc = acc_buf_puts(out, "--:|");
	}
	for (i = 0; rc == 0 && i < n_ids; i++) {
		rc = acc_buf_printf(out, md ? "\n| %s |" : "\n  %-22s ",
		    ids[i]);
		for (d = 0; rc == 0 && d < nd; d++) {
			int li = acc_treaty_limit_find(s[d].treaty, ids[i]);
			if (li < 0) {
				rc = acc_buf_printf(out, md ? " - |" : " %6s",
				    "-");
				for (p = 0; rc == 0 && p < np; p++)
					rc = acc_buf_printf(out,
					    md ? " - |" : " %12s", "-");
				continue;
			}
			rc = acc_buf_printf(out, md ? " %s |" : " %6s",
			    maxtext(c1, sizeof(c1), s[d].max[li]));
			for (p = 0; rc == 0 && p < np; p++) {
				const acc_whatif_limit *x =
				    &w[d * np + p].limits[li];
				rc = acc_buf_printf(out, md ? " %s |" : " %12s",
				    x->max < 0 ? "-" : acc_fmt_count(c1,
				    sizeof(c1), x->margin));
			}
		}
	}
	if (rc == 0)
		rc = acc_buf_printf(out, md ? "\n| items to change |" :
		    "\n  %-22s ", "items to change");
	for (d = 0; rc == 0 && d < nd; d++) {
		rc = acc_buf_printf(out, md ? " |" : " %6s", "");
		for (p = 0; rc == 0 && p < np; p++) {
			const acc_whatif *x = &w[d * np + p];
			char c2[40];
			snprintf(c2, sizeof(c2), "%s%s", acc_fmt_count(c1,
			    sizeof(c1), (int64_t)x->touched), x->complete ?
			    "" : "*");
			rc = acc_buf_printf(out, md ? " %s |" : " %12s", c2);
		}
	}
	if (rc == 0)
		rc = acc_buf_puts(out, "\n\n");
	for (d = 0; rc == 0 && d < nd; d++)
		for (p = 0; rc == 0 && p < np; p++) {
			rc = acc_buf_printf(out, "%s%c: ", md ? "- " : "",
			    (int)('A' + d));
			if (rc == 0)
				rc = party_summary(out, &w[d * np + p], false);
		}
	return rc == 0 ? 0 : fail(err, rc);
}

/* ---- negotiation --------------------------------------------------------- */

static const char *const sol_names[ACC_SOL_COUNT] = { "Nash bargaining",
	"Kalai-Smorodinsky", "Egalitarian (max-min gain)" };
static const char *const sol_ids[ACC_SOL_COUNT] = { "nash",
	"kalai_smorodinsky", "egalitarian" };

static int
package_text(acc_buf *b, const struct acc_positions *p, const uint8_t *lv)
{
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < p->n_issues; i++)
		rc = acc_buf_printf(b, "%s%s=%s", i ? " " : "",
		    p->issues[i].id, p->issues[i].levels[lv[i]].text);
	return rc;
}

static json_t *
package_json(const struct acc_positions *p, const acc_package *pk)
{
	json_t *o = json_object(), *lv = json_object(), *u = json_object();
	json_t *ux = json_object();
	size_t i;
	int bad = o == NULL || lv == NULL || u == NULL || ux == NULL;

	for (i = 0; !bad && i < p->n_issues; i++)
		bad |= json_object_set_new(lv, p->issues[i].id,
		    json_string(p->issues[i].levels[pk->level[i]].text));
	for (i = 0; !bad && i < 2; i++) {
		bad |= json_object_set_new(u, p->party[i],
		    json_real((double)pk->utility[i] / 1e12));
		bad |= json_object_set_new(ux, p->party[i],
		    json_integer(pk->utility[i]));
	}
	if (!bad) {
		bad |= json_object_set_new(o, "levels", lv);
		bad |= json_object_set_new(o, "utility", u);
		bad |= json_object_set_new(o, "utility_e12", ux);
		lv = u = ux = NULL;
	}
	json_decref(lv);
	json_decref(u);
	json_decref(ux);
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static int
neg_json(acc_buf *out, const acc_negotiation *g, acc_err *err)
{
	const struct acc_positions *p = acc_neg_positions(g);
	json_t *root = json_object(), *issues = json_array();
	json_t *front = json_array(), *sols = json_object();
	json_t *sens = json_array();
	json_t *parties = json_array();
	size_t z0, z1, i, q, k, l;
	uint64_t zp;
	bool en;
	int bad = root == NULL || issues == NULL || front == NULL ||
	    sols == NULL || sens == NULL || parties == NULL;
	char c[40];

	acc_neg_zone(g, &z0, &z1, &zp, &en);
	for (i = 0; !bad && i < p->n_issues; i++) {
		const struct acc_neg_issue *is = &p->issues[i];
		json_t *o = json_object(), *lv = json_array();
		bad |= o == NULL || lv == NULL;
		for (l = 0; !bad && l < is->n_levels; l++)
			bad |= json_array_append_new(lv,
			    json_string(is->levels[l].text));
		if (!bad) {
			bad |= json_object_set_new(o, "id",
			    json_string(is->id));
			bad |= json_object_set_new(o, "limit",
			    json_string(p->t->limits[is->limit].e.id));
			bad |= json_object_set_new(o, "kind",
			    json_string(is->is_rule ? "rule" : "max"));
			bad |= json_object_set_new(o, "levels", lv);
			lv = NULL;
			bad |= json_array_append_new(issues, o);
			o = NULL;
		}
		json_decref(o);
		json_decref(lv);
	}
	for (q = 0; !bad && q < 2; q++) {
		json_t *o = json_object(), *w = json_object();
		bad |= o == NULL || w == NULL;
		for (i = 0; !bad && i < p->n_issues; i++)
			bad |= json_object_set_new(w, p->issues[i].id,
			    json_string(frac(c, sizeof(c),
			    p->weight[q][i])));
		if (!bad) {
			bad |= json_object_set_new(o, "id",
			    json_string(p->party[q]));
			bad |= json_object_set_new(o, "reservation",
			    json_string(frac(c, sizeof(c),
			    p->reservation[q])));
			bad |= json_object_set_new(o, "weights", w);
			w = NULL;
			bad |= json_array_append_new(parties, o);
			o = NULL;
		}
		json_decref(o);
		json_decref(w);
	}
	for (i = 0; !bad && i < acc_negotiation_frontier_size(g); i++) {
		acc_package pk;
		json_t *o;
		acc_negotiation_frontier(g, i, &pk);
		o = package_json(p, &pk);
		bad |= o == NULL;
		if (!bad) {
			bad |= json_object_set_new(o, "in_zone",
			    json_boolean(i >= z0 && i < z1));
			bad |= json_array_append_new(front, o);
		}
	}
	for (k = 0; !bad && acc_negotiation_has_agreement(g) &&
	    k < ACC_SOL_COUNT; k++) {
		acc_package pk;
		json_t *o, *req = json_object();
		acc_err e2 = ACC_ERR_INIT;
		bad |= req == NULL || acc_negotiation_solution(g,
		    (acc_solution_kind)k, &pk, &e2) != 0;
		o = bad ? NULL : package_json(p, &pk);
		bad |= o == NULL;
		for (q = 0; !bad && q < 2; q++) {
			const acc_whatif *w = acc_neg_requirement(g,
			    (acc_solution_kind)k, q);
			if (w != NULL)
				bad |= json_object_set_new(req, p->party[q],
				    whatif_json(w));
		}
		if (!bad) {
			bad |= json_object_set_new(o, "requires", req);
			req = NULL;
			bad |= json_object_set_new(sols, sol_ids[k], o);
			o = NULL;
		}
		json_decref(o);
		json_decref(req);
	}
	for (i = 0; !bad && i < p->n_issues; i++)
		for (q = 0; !bad && q < 2; q++) {
			int64_t lo, hi;
			json_t *o = json_object();
			bad |= o == NULL;
			if (bad)
				break;
			bad |= json_object_set_new(o, "issue",
			    json_string(p->issues[i].id));
			bad |= json_object_set_new(o, "party",
			    json_string(p->party[q]));
			bad |= json_object_set_new(o, "weight",
			    json_string(frac(c, sizeof(c), p->weight[q][i])));
			if (acc_negotiation_sensitivity(g, q, i, &lo, &hi)) {
				bad |= json_object_set_new(o, "nash_from",
				    json_string(frac(c, sizeof(c), lo)));
				bad |= json_object_set_new(o, "nash_to",
				    json_string(frac(c, sizeof(c), hi)));
			}
			bad |= json_array_append_new(sens, o);
		}
	if (!bad) {
		bad |= json_object_set_new(root, "title",
		    json_string(p->title));
		bad |= json_object_set_new(root, "illustrative",
		    json_boolean(p->illustrative));
		bad |= json_object_set_new(root, "treaty",
		    json_string(p->t->id));
		bad |= json_object_set_new(root, "parties", parties);
		bad |= json_object_set_new(root, "issues", issues);
		snprintf(c, sizeof(c), "%llu",
		    (unsigned long long)acc_negotiation_packages(g));
		bad |= json_object_set_new(root, "packages",
		    json_integer((json_int_t)(acc_negotiation_packages(g) >
		    (uint64_t)INT64_MAX ? INT64_MAX :
		    (int64_t)acc_negotiation_packages(g))));
		bad |= json_object_set_new(root, "frontier", front);
		bad |= json_object_set_new(root, "agreement",
		    json_boolean(acc_negotiation_has_agreement(g)));
		bad |= json_object_set_new(root, "zone_frontier_points",
		    json_integer((json_int_t)(z1 > z0 ? z1 - z0 : 0)));
		if (en)
			bad |= json_object_set_new(root, "zone_packages",
			    json_integer((json_int_t)zp));
		bad |= json_object_set_new(root, "solutions", sols);
		bad |= json_object_set_new(root, "sensitivity", sens);
		bad |= json_object_set_new(root, "explanation",
		    json_string(acc_negotiation_explanation(g)));
		return bad ? acc_err_set(err, ACC_ERR, "output",
		    "out of memory") : json_out(out, root, err);
	}
	json_decref(root);
	json_decref(issues);
	json_decref(front);
	json_decref(sols);
	json_decref(sens);
	json_decref(parties);
	return acc_err_set(err, ACC_ERR, "output", "out of memory");
}

static int
requirement_text(acc_buf *b, const acc_negotiation *g, size_t k, bool md)
{
	const struct acc_positions *p = acc_neg_positions(g);
	size_t q, l;
	int rc = 0;

	for (q = 0; rc == 0 && q < 2; q++) {
		const acc_whatif *w = acc_neg_requirement(g,
		    (acc_solution_kind)k, q);
		char n1[32];
		bool first = true;
		if (w == NULL)
			continue;
		rc = acc_buf_printf(b, "%s%s: ", md ? "  - " : "    ",
		    p->party[q]);
		if (rc == 0 && w->n_over == 0)
			rc = acc_buf_puts(b, "within every limit as it "
			    "stands.\n");
		if (rc != 0 || w->n_over == 0)
			continue;
		for (l = 0; rc == 0 && l < w->n_limits; l++) {
			const acc_whatif_limit *x = &w->limits[l];
			if (x->max < 0 || x->margin >= 0)
				continue;
			rc = acc_buf_printf(b, "%s%s by %s", first ? "over " :
			    ", ", x->id, acc_fmt_count(n1, sizeof(n1),
			    -x->margin));
			first = false;
		}
		if (rc == 0)
			rc = acc_buf_printf(b, "; change %s items:",
			    acc_fmt_count(n1, sizeof(n1), (int64_t)w->touched));
		for (l = 0; rc == 0 && l < w->n_actions; l++) {
			rc = acc_buf_puts(b, l ? "; " : " ");
			if (rc == 0)
				rc = action_text(b, &w->actions[l]);
		}
		if (rc == 0)
			rc = acc_buf_puts(b, w->complete ? ".\n" :
			    " (cannot meet every limit).\n");
	}
	return rc;
}

int
acc_negotiation_format(acc_buf *out, const acc_negotiation *g,
    acc_format fmt, acc_err *err)
{
	const struct acc_positions *p = acc_neg_positions(g);
	bool md = fmt == ACC_FORMAT_MARKDOWN;
	size_t z0, z1, i, q, k, l, nf = acc_negotiation_frontier_size(g);
	uint64_t zp;
	bool en;
	char c1[40], c2[40], c3[40];
	int rc;

	if (fmt == ACC_FORMAT_JSON)
		return neg_json(out, g, err);
	acc_neg_zone(g, &z0, &z1, &zp, &en);
	rc = acc_buf_printf(out, "%s%s%s\n\n", md ? "## " : "", p->title,
	    p->illustrative ? " (ILLUSTRATIVE)" : "");
	if (rc == 0)
		rc = acc_buf_printf(out, "Draft %s (%s). Parties %s and %s. "
		    "%zu issues; %llu packages cross no red line.\n\n",
		    p->t->id, p->t->title, p->party[0], p->party[1],
		    p->n_issues,
		    (unsigned long long)acc_negotiation_packages(g));
	/* issues and positions */
	if (rc == 0)
		rc = md ? acc_buf_printf(out, "### Issues\n\nEach party's "
		    "weight of an issue and value of each level; x marks a "
		    "red line.\n\n| issue | limit | %s weight | %s weight | "
		    "level | %s value | %s value |\n"
		    "|---|---|--:|--:|---|--:|--:|\n", p->party[0],
		    p->party[1], p->party[0], p->party[1]) :
		    acc_buf_puts(out, "Issues (each party's weight; its value "
		    "of each level; x: a red line)\n");
	for (i = 0; rc == 0 && i < p->n_issues; i++) {
		const struct acc_neg_issue *is = &p->issues[i];
		if (!md)
			rc = acc_buf_printf(out, "  %s: %s of %s; %s weight "
			    "%s, %s weight %s\n", is->id, is->is_rule ?
			    "counting rule" : "maximum",
			    p->t->limits[is->limit].e.id, p->party[0],
			    frac(c1, sizeof(c1), p->weight[0][i]), p->party[1],
			    frac(c2, sizeof(c2), p->weight[1][i]));
		if (rc == 0 && !md)
			rc = acc_buf_printf(out, "    %-22s %-12s %-12s\n",
			    "level", p->party[0], p->party[1]);
		for (l = 0; rc == 0 && l < is->n_levels; l++) {
			char v[2][48], w0[40] = "", w1[40] = "";
			for (q = 0; q < 2; q++)
				snprintf(v[q], sizeof(v[q]), "%s%s",
				    frac(c3, sizeof(c3), p->value[q][i][l]),
				    p->refused[q][i] & (UINT32_C(1) << l) ?
				    " x" : "");
			if (l == 0) {
				frac(w0, sizeof(w0), p->weight[0][i]);
				frac(w1, sizeof(w1), p->weight[1][i]);
			}
			rc = md ? acc_buf_printf(out, "| %s | %s | %s | %s | "
			    "%s | %s | %s |\n", l ? "" : is->id, l ? "" :
			    p->t->limits[is->limit].e.id, w0, w1,
			    is->levels[l].text, v[0], v[1]) :
			    acc_buf_printf(out, "    %-22s %-12s %s\n",
			    is->levels[l].text, v[0], v[1]);
		}
	}
	if (rc == 0)
		rc = acc_buf_printf(out, "\nReservation utilities (no "
		    "agreement): %s %s, %s %s.\n\n", p->party[0],
		    frac(c1, sizeof(c1), p->reservation[0]), p->party[1],
		    frac(c2, sizeof(c2), p->reservation[1]));
	/* the frontier */
	if (rc == 0)
		rc = acc_buf_printf(out, md ? "### Pareto frontier: %zu "
		    "points\n\n| %s | %s | zone | package |\n"
		    "|--:|--:|---|---|\n"
		    : "Pareto frontier: %zu points (%s, %s, in zone, "
		    "package)\n", nf, p->party[0], p->party[1]);
	for (i = 0; rc == 0 && i < nf; i++) {
		acc_package pk;
		acc_negotiation_frontier(g, i, &pk);
		rc = acc_buf_printf(out, md ? "| %s | %s | %s | " :
		    "  %s  %s  %-4s ", util(c1, sizeof(c1), pk.utility[0]),
		    util(c2, sizeof(c2), pk.utility[1]),
		    i >= z0 && i < z1 ? "yes" : md ? "" : "-");
		if (rc == 0)
			rc = package_text(out, p, pk.level);
		if (rc == 0)
			rc = acc_buf_puts(out, md ? " |\n" : "\n");
	}
	if (rc == 0 && !acc_negotiation_has_agreement(g)) {
		rc = acc_buf_printf(out, "\n%sNo agreement.%s %s\n", md ? "**" :
		    "", md ? "**" : "", acc_negotiation_explanation(g));
		return rc == 0 ? 0 : fail(err, rc);
	}
	if (rc == 0) {
		rc = acc_buf_printf(out, "\nZone of possible agreement "
		    "(packages both prefer to no agreement): %zu frontier "
		    "points", z1 - z0);
		if (rc == 0 && en)
			rc = acc_buf_printf(out, ", %llu packages in all",
			    (unsigned long long)zp);
		if (rc == 0)
			rc = acc_buf_puts(out, ".\n\n");
	}
	if (rc == 0)
		rc = acc_buf_puts(out, md ? "### Solutions\n\n| solution | "
		    "utility | gain | package |\n|---|---|---|---|\n" :
		    "Solutions (utility, gain over no agreement, package)\n");
	for (k = 0; rc == 0 && k < ACC_SOL_COUNT; k++) {
		acc_package pk;
		acc_err e2 = ACC_ERR_INIT;
		char u[96], gn[96];
		if (acc_negotiation_solution(g, (acc_solution_kind)k, &pk,
		    &e2) != 0)
			break;
		snprintf(u, sizeof(u), "%s %s, %s %s", p->party[0],
		    util(c1, sizeof(c1), pk.utility[0]), p->party[1],
		    util(c2, sizeof(c2), pk.utility[1]));
		snprintf(gn, sizeof(gn), "+%s, +%s",
		    util(c1, sizeof(c1), pk.utility[0] -
		    p->reservation[0] * ACC_NEG_SCALE),
		    util(c2, sizeof(c2), pk.utility[1] -
		    p->reservation[1] * ACC_NEG_SCALE));
		rc = acc_buf_printf(out, md ? "| %s | %s | %s | " :
		    "  %-27s %s (%s)\n    ", sol_names[k], u, gn);
		if (rc == 0)
			rc = package_text(out, p, pk.level);
		if (rc == 0)
			rc = acc_buf_puts(out, md ? " |\n" : "\n");
	}
	if (rc == 0 && (acc_neg_requirement(g, ACC_SOL_NASH, 0) ||
	    acc_neg_requirement(g, ACC_SOL_NASH, 1))) {
		rc = acc_buf_puts(out, md ? "\n### What each solution "
		    "requires\n\n" : "\nWhat each solution requires of the "
		    "inventories (what-if)\n");
		for (k = 0; rc == 0 && k < ACC_SOL_COUNT; k++) {
			rc = acc_buf_printf(out, md ? "- %s\n" : "  %s\n",
			    sol_names[k]);
			if (rc == 0)
				rc = requirement_text(out, g, k, md);
		}
	}
	if (rc == 0)
		rc = md ? acc_buf_printf(out, "\n### Sensitivity\n\nHow far "
		    "each weight may move (the party's other weights rescaled "
		    "to keep the sum one) with the Nash package unchanged.\n\n"
		    "| issue | %s weight | %s range | %s weight | %s range "
		    "|\n|---|--:|---|--:|---|\n", p->party[0], p->party[0],
		    p->party[1], p->party[1]) : acc_buf_printf(out,
		    "\nSensitivity: how far each weight may move (the party's "
		    "other weights rescaled\nto keep the sum one) with the "
		    "Nash "
		    "package unchanged\n  %-22s %3s weight  %-21s %3s weight  "
		    "%s\n", "issue", p->party[0], "unchanged for",
		    p->party[1], "unchanged for");
	for (i = 0; rc == 0 && i < p->n_issues; i++) {
		char r[2][64];
		for (q = 0; q < 2; q++) {
			int64_t lo, hi;
			if (acc_negotiation_sensitivity(g, q, i, &lo, &hi))
				snprintf(r[q], sizeof(r[q]), "%s to %s",
				    frac(c1, sizeof(c1), lo),
				    frac(c2, sizeof(c2), hi));
			else
				snprintf(r[q], sizeof(r[q]), "n/a");
		}
		rc = acc_buf_printf(out, md ? "| %s | %s | %s | " :
		    "  %-22s %10s  %-21s ", p->issues[i].id,
		    frac(c1, sizeof(c1), p->weight[0][i]), r[0]);
		if (rc == 0)
			rc = acc_buf_printf(out, md ? "%s | %s |\n" :
			    "%10s  %s\n", frac(c2, sizeof(c2),
			    p->weight[1][i]), r[1]);
	}
	return rc == 0 ? 0 : fail(err, rc);
}

/* ---- the picture --------------------------------------------------------- */

#define W 820
#define H 640
#define X0 80
#define Y0 40
#define PW 440
#define PH 440

static double
px(int64_t u)
{
	return X0 + PW * ((double)u / 1e12);
}

static double
py(int64_t u)
{
	return Y0 + PH - PH * ((double)u / 1e12);
}

static int
xml_text(acc_buf *b, const char *s)
{
	int rc = 0;

	for (; *s && rc == 0; s++) {
		if (*s == '<')
			rc = acc_buf_puts(b, "&lt;");
		else if (*s == '>')
			rc = acc_buf_puts(b, "&gt;");
		else if (*s == '&')
			rc = acc_buf_puts(b, "&amp;");
		else if (*s == '"')
			rc = acc_buf_puts(b, "&quot;");
		else
			rc = acc_buf_append(b, s, 1);
	}
	return rc;
}

int
acc_negotiation_plot(acc_buf *out, const acc_negotiation *g, acc_err *err)
{
	static const char *const colour[ACC_SOL_COUNT] = { "#d62728",
		"#1f77b4", "#2ca02c" };
	static const char *const mark[ACC_SOL_COUNT] = { "N", "KS", "E" };
	const struct acc_positions *p = acc_neg_positions(g);
	size_t i, k, n_all, nf = acc_negotiation_frontier_size(g);
	size_t z0, z1;
	uint64_t zp;
	bool en;
	const int64_t *all = acc_neg_all(g, &n_all);
	int64_t r0 = p->reservation[0] * ACC_NEG_SCALE;
	int64_t r1 = p->reservation[1] * ACC_NEG_SCALE;
	int rc;

	acc_neg_zone(g, &z0, &z1, &zp, &en);
	rc = acc_buf_printf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" "
	    "font-size=\"12\">\n<rect width=\"%d\" height=\"%d\" "
	    "fill=\"white\"/>\n<text x=\"%d\" y=\"22\" font-size=\"15\" "
	    "font-weight=\"bold\">", W, H, W, H, W, H, X0);
	if (rc == 0)
		rc = xml_text(out, p->title);
	if (rc == 0)
		rc = acc_buf_printf(out, "%s</text>\n",
		    p->illustrative ? " (illustrative)" : "");
	/* the zone of possible agreement, shaded */
	if (rc == 0)
		rc = acc_buf_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" "
		    "width=\"%.1f\" height=\"%.1f\" fill=\"#fff3c4\"/>\n",
		    px(r0), py(1000000000000), X0 + PW - px(r0),
		    py(r1) - py(1000000000000));
	/* axes and grid */
	for (k = 0; rc == 0 && k <= 10; k++) {
		double x = X0 + PW * (double)k / 10, y = Y0 + PH -
		    PH * (double)k / 10;
		rc = acc_buf_printf(out, "<line x1=\"%.1f\" y1=\"%d\" "
		    "x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>\n<line x1=\"%d\" "
		    "y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>\n"
		    "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.1f"
		    "</text>\n<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">"
		    "%.1f</text>\n", x, Y0, x, Y0 + PH, X0, y, X0 + PW, y, x,
		    Y0 + PH + 16, (double)k / 10, X0 - 6, y + 4,
		    (double)k / 10);
	}
	if (rc == 0)
		rc = acc_buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
		    "height=\"%d\" fill=\"none\" stroke=\"#333\"/>\n"
		    "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">utility "
		    "of %s</text>\n<text x=\"20\" y=\"%d\" "
		    "text-anchor=\"middle\" transform=\"rotate(-90 20 %d)\">"
		    "utility of %s</text>\n", X0, Y0, PW, PH, X0 + PW / 2,
		    Y0 + PH + 36, p->party[0], Y0 + PH / 2, Y0 + PH / 2,
		    p->party[1]);
	/* every package */
	for (i = 0; rc == 0 && i < n_all; i++)
		rc = acc_buf_printf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" "
		    "r=\"1.6\" fill=\"#9a9a9a\"/>\n", px(all[2 * i]),
		    py(all[2 * i + 1]));
	/* reservation lines */
	if (rc == 0)
		rc = acc_buf_printf(out, "<line x1=\"%.1f\" y1=\"%d\" "
		    "x2=\"%.1f\" y2=\"%d\" stroke=\"#555\" "
		    "stroke-dasharray=\"5,4\"/>\n<line x1=\"%d\" y1=\"%.1f\" "
		    "x2=\"%d\" y2=\"%.1f\" stroke=\"#555\" "
		    "stroke-dasharray=\"5,4\"/>\n", px(r0), Y0, px(r0),
		    Y0 + PH, X0, py(r1), X0 + PW, py(r1));
	if (rc == 0)
		rc = acc_buf_printf(out, "<text x=\"%.1f\" y=\"%d\" "
		    "fill=\"#555\">%s no agreement %.2f</text>\n<text "
		    "x=\"%d\" y=\"%.1f\" fill=\"#555\" "
		    "text-anchor=\"end\">%s no agreement %.2f</text>\n",
		    px(r0) + 4, Y0 + PH - 6, p->party[0],
		    (double)p->reservation[0] / ACC_NEG_SCALE, X0 + PW - 4,
		    py(r1) - 4, p->party[1],
		    (double)p->reservation[1] / ACC_NEG_SCALE);
	/* the frontier: a staircase through its points */
	if (rc == 0 && nf > 0)
		rc = acc_buf_puts(out, "<polyline fill=\"none\" "
		    "stroke=\"#000\" stroke-width=\"1.5\" points=\"");
	for (i = 0; rc == 0 && i < nf; i++) {
		acc_package pk;
		acc_negotiation_frontier(g, i, &pk);
		rc = acc_buf_printf(out, "%s%.1f,%.1f", i ? " " : "",
		    px(pk.utility[0]), py(pk.utility[1]));
	}
	if (rc == 0 && nf > 0)
		rc = acc_buf_puts(out, "\"/>\n");
	for (i = 0; rc == 0 && i < nf && nf <= 5000; i++) {
		acc_package pk;
		acc_negotiation_frontier(g, i, &pk);
		rc = acc_buf_printf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" "
		    "r=\"3\" fill=\"#000\"/>\n", px(pk.utility[0]),
		    py(pk.utility[1]));
	}
	/* the solutions */
	for (k = 0; rc == 0 && acc_negotiation_has_agreement(g) &&
	    k < ACC_SOL_COUNT; k++) {
		acc_package pk;
		acc_err e2 = ACC_ERR_INIT;
		if (acc_negotiation_solution(g, (acc_solution_kind)k, &pk,
		    &e2) != 0)
			break;
		rc = acc_buf_printf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" "
		    "r=\"%d\" fill=\"none\" stroke=\"%s\" "
		    "stroke-width=\"2.5\"/>\n<text x=\"%.1f\" y=\"%.1f\" "
		    "fill=\"%s\" font-weight=\"bold\">%s</text>\n",
		    px(pk.utility[0]), py(pk.utility[1]), 7 + 3 * (int)k,
		    colour[k], px(pk.utility[0]) + 9 + 3 * (int)k,
		    py(pk.utility[1]) - 6 - 10 * (int)k, colour[k], mark[k]);
	}
	/* the legend */
	if (rc == 0)
		rc = acc_buf_printf(out, "<g transform=\"translate(%d,%d)\">\n"
		    "<circle cx=\"6\" cy=\"0\" r=\"2\" fill=\"#9a9a9a\"/>"
		    "<text x=\"16\" y=\"4\">%s</text>\n"
		    "<circle cx=\"6\" cy=\"20\" r=\"3\" fill=\"#000\"/>"
		    "<text x=\"16\" y=\"24\">Pareto frontier (%zu)</text>\n"
		    "<line x1=\"0\" y1=\"40\" x2=\"12\" y2=\"40\" "
		    "stroke=\"#555\" stroke-dasharray=\"5,4\"/>"
		    "<text x=\"16\" y=\"44\">no agreement (reservation)"
		    "</text>\n"
		    "<rect x=\"0\" y=\"54\" width=\"12\" height=\"12\" "
		    "fill=\"#fff3c4\"/><text x=\"16\" y=\"64\">both better "
		    "off than without agreement</text>\n",
		    X0 + PW + 20, Y0 + 10, en ? "a package" :
		    "packages: too many to draw", nf);
	for (k = 0; rc == 0 && k < ACC_SOL_COUNT; k++)
		rc = acc_buf_printf(out, "<circle cx=\"6\" cy=\"%d\" r=\"6\" "
		    "fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"/>"
		    "<text x=\"16\" y=\"%d\">%s: %s</text>\n", 84 + 20 * (int)k,
		    colour[k], 88 + 20 * (int)k, mark[k], sol_names[k]);
	if (rc == 0 && !acc_negotiation_has_agreement(g))
		rc = acc_buf_printf(out, "<text x=\"0\" y=\"160\" "
		    "font-weight=\"bold\">No agreement: see the text "
		    "report</text>\n");
	if (rc == 0)
		rc = acc_buf_printf(out, "<text x=\"0\" y=\"%d\">%s: "
		    "utility across; %s: up</text>\n</g>\n</svg>\n",
		    acc_negotiation_has_agreement(g) ? 160 : 180, p->party[0],
		    p->party[1]);
	return rc == 0 ? 0 : fail(err, rc);
}
