/*
 * Formatting compliance reports as text, markdown and JSON. Output is a
 * pure function of the reports, so the same data gives the same bytes.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include <accord/compliance.h>

#include "fmt.h"
#include "treaty_int.h"

int
acc_format_parse(acc_format *out, const char *s, acc_err *err)
{
	if (strcmp(s, "text") == 0)
		*out = ACC_FORMAT_TEXT;
	else if (strcmp(s, "json") == 0)
		*out = ACC_FORMAT_JSON;
	else if (strcmp(s, "markdown") == 0 || strcmp(s, "md") == 0)
		*out = ACC_FORMAT_MARKDOWN;
	else
		return acc_err_set(err, ACC_EINVAL, "--format",
		    "expected text, json or markdown, got \"%.32s\"", s);
	return 0;
}

static const char *
status_text(char *out, size_t len, const acc_report *r,
    const acc_limit_result *x)
{
	char d[ACC_DATE_LEN], n[32];

	if (!r->treaty_in_force)
		snprintf(out, len, "treaty not in force");
	else if (!x->in_force) {
		acc_date_format(d, x->applies_from);
		snprintf(out, len, "binding from %s", d);
	} else if (x->margin < 0)
		snprintf(out, len, "OVER by %s", acc_fmt_count(n, sizeof(n),
		    -x->margin));
	else if (x->margin == 0)
		snprintf(out, len, "at the limit");
	else
		snprintf(out, len, "within");
	return out;
}

/* Column widths for limit ids and articles. */
static void
widths(const acc_report *r, int *w_id, int *w_art)
{
	size_t i;

	*w_id = 5;
	*w_art = 7;
	for (i = 0; i < r->n_limits; i++) {
		int a = (int)strlen(r->limits[i].id);
		int b = (int)strlen(r->limits[i].article);
		if (a > *w_id)
			*w_id = a;
		if (b > *w_art)
			*w_art = b;
	}
}

static int
json_report(json_t **out, const acc_report *r)
{
	json_t *o = json_object();
	json_t *limits = json_array();
	char d[ACC_DATE_LEN];
	size_t i;
	int bad = 0;

	*out = NULL;
	if (o == NULL || limits == NULL) {
		json_decref(o);
		json_decref(limits);
		return ACC_ERR;
	}
	bad |= json_object_set_new(o, "treaty", json_string(r->treaty->id));
	bad |= json_object_set_new(o, "party", json_string(r->party));
	acc_date_format(d, r->as_of);
	bad |= json_object_set_new(o, "as_of", json_string(d));
	acc_date_format(d, r->at);
	bad |= json_object_set_new(o, "at", json_string(d));
	bad |= json_object_set_new(o, "treaty_in_force",
	    json_boolean(r->treaty_in_force));
	bad |= json_object_set_new(o, "items",
	    json_integer((json_int_t)r->n_items));
	bad |= json_object_set_new(o, "facilities",
	    json_integer((json_int_t)r->n_facilities));
	for (i = 0; i < r->n_limits; i++) {
		const acc_limit_result *x = &r->limits[i];
		json_t *l = json_object();
		if (l == NULL) {
			bad = 1;
			break;
		}
		bad |= json_object_set_new(l, "id", json_string(x->id));
		bad |= json_object_set_new(l, "article",
		    json_string(x->article));
		bad |= json_object_set_new(l, "rule", json_string(x->rule));
		bad |= json_object_set_new(l, "max", json_integer(x->max));
		bad |= json_object_set_new(l, "value", json_integer(x->value));
		bad |= json_object_set_new(l, "margin",
		    json_integer(x->margin));
		bad |= json_object_set_new(l, "in_force",
		    json_boolean(x->in_force));
		bad |= json_array_append_new(limits, l);
	}
	bad |= json_object_set_new(o, "limits", limits);
	bad |= json_object_set_new(o, "over",
	    json_integer((json_int_t)r->n_over));
	if (bad) {
		json_decref(o);
		return ACC_ERR;
	}
	*out = o;
	return 0;
}

static int
format_json(acc_buf *out, const acc_report *reps, size_t n, acc_err *err)
{
	json_t *root = NULL;
	char *text = NULL;
	size_t i;
	int rc = 0;

	if (n == 1) {
		rc = json_report(&root, &reps[0]);
	} else {
		json_t *arr = json_array();
		root = json_object();
		if (root == NULL || arr == NULL) {
			json_decref(arr);
			rc = ACC_ERR;
		} else {
			char d[ACC_DATE_LEN];
			acc_date_format(d, reps[0].at);
			json_object_set_new(root, "treaty",
			    json_string(reps[0].treaty->id));
			json_object_set_new(root, "at", json_string(d));
			json_object_set_new(root, "reports", arr);
			for (i = 0; i < n && rc == 0; i++) {
				json_t *r;
				rc = json_report(&r, &reps[i]);
				if (rc == 0)
					json_array_append_new(arr, r);
			}
		}
	}
	if (rc == 0) {
		text = json_dumps(root, JSON_INDENT(2));
		if (text == NULL)
			rc = ACC_ERR;
	}
	if (rc == 0)
		rc = acc_buf_puts(out, text);
	if (rc == 0)
		rc = acc_buf_puts(out, "\n");
	free(text);
	json_decref(root);
	if (rc != 0)
		return acc_err_set(err, rc, "report", "cannot format JSON");
	return 0;
}

static int
format_text_one(acc_buf *o, const acc_report *r, bool md)
{
	const struct acc_treaty *t = r->treaty;
	char d1[ACC_DATE_LEN], d2[ACC_DATE_LEN], a[32], b[32], c[32], s[64];
	int pi = acc_treaty_party_find(t, r->party);
	const char *pname = pi >= 0 ? t->parties[pi].name : r->party;
	size_t i, n_binding;
	int rc = 0, wi, wa;

	widths(r, &wi, &wa);
	acc_date_format(d1, r->as_of);
	acc_date_format(d2, r->at);
	if (md) {
		rc |= acc_buf_printf(o, "## %s: %s (%s)\n\n", t->id, pname,
		    r->party);
		rc |= acc_buf_printf(o, "%s. Inventory as of %s: %s items at "
		    "%s facilities; limits checked for %s.\n\n", t->title, d1,
		    acc_fmt_count(a, sizeof(a), (int64_t)r->n_items),
		    acc_fmt_count(b, sizeof(b), (int64_t)r->n_facilities), d2);
		rc |= acc_buf_puts(o, "| limit | article | maximum | value | "
		    "margin | status |\n|---|---|--:|--:|--:|---|\n");
	} else {
		rc |= acc_buf_printf(o, "%s\n", t->title);
		rc |= acc_buf_printf(o, "Party %s (%s), inventory as of %s: "
		    "%s items at %s facilities\n", r->party, pname, d1,
		    acc_fmt_count(a, sizeof(a), (int64_t)r->n_items),
		    acc_fmt_count(b, sizeof(b), (int64_t)r->n_facilities));
		rc |= acc_buf_printf(o, "Limits checked for %s\n\n", d2);
		rc |= acc_buf_printf(o, "  %-*s  %-*s %9s %9s %9s  %s\n", wi,
		    "limit", wa, "article", "maximum", "value", "margin",
		    "status");
	}
	for (i = 0; i < r->n_limits; i++) {
		const acc_limit_result *x = &r->limits[i];
		acc_fmt_count(a, sizeof(a), x->max);
		acc_fmt_count(b, sizeof(b), x->value);
		acc_fmt_count(c, sizeof(c), x->margin);
		status_text(s, sizeof(s), r, x);
		if (md)
			rc |= acc_buf_printf(o, "| %s | %s | %s | %s | %s | "
			    "%s |\n", x->id, x->article, a, b, c, s);
		else
			rc |= acc_buf_printf(o, "  %-*s  %-*s %9s %9s %9s  "
			    "%s\n", wi, x->id, wa, x->article, a, b, c, s);
	}
	for (i = 0, n_binding = 0; i < r->n_limits; i++)
		n_binding += r->limits[i].in_force;
	if (!r->treaty_in_force)
		rc |= acc_buf_printf(o, "\nThe treaty is not in force on %s: "
		    "no limit binds.\n", d2);
	else if (n_binding == 0)
		rc |= acc_buf_printf(o, "\nNo limit binds yet on %s.\n", d2);
	else if (r->n_over == 0)
		rc |= acc_buf_printf(o, "\nEvery binding limit is met.\n");
	else
		rc |= acc_buf_printf(o, "\n%zu binding limit%s exceeded.\n",
		    r->n_over, r->n_over == 1 ? " is" : "s are");
	return rc;
}

static int
format_side_by_side(acc_buf *o, const acc_report *reps, size_t n, bool md)
{
	const struct acc_treaty *t = reps[0].treaty;
	char d[ACC_DATE_LEN], a[32], b[32], c[32];
	size_t i, l;
	int rc = 0, wi, wa;
	bool any_nb = false;

	widths(&reps[0], &wi, &wa);
	acc_date_format(d, reps[0].at);
	if (md) {
		rc |= acc_buf_printf(o, "## %s: limits checked for %s\n\n",
		    t->title, d);
		rc |= acc_buf_puts(o, "| limit | article | maximum |");
		for (i = 0; i < n; i++)
			rc |= acc_buf_printf(o, " %s value | %s margin |",
			    reps[i].party, reps[i].party);
		rc |= acc_buf_puts(o, "\n|---|---|--:|");
		for (i = 0; i < n; i++)
			rc |= acc_buf_puts(o, "--:|--:|");
		rc |= acc_buf_puts(o, "\n");
	} else {
		rc |= acc_buf_printf(o, "%s\nLimits checked for %s\n\n",
		    t->title, d);
		rc |= acc_buf_printf(o, "  %-*s  %-*s %9s", wi, "", wa, "", "");
		for (i = 0; i < n; i++) {
			char asof[ACC_DATE_LEN], hdr[64];
			acc_date_format(asof, reps[i].as_of);
			snprintf(hdr, sizeof(hdr), "%s (as of %s)",
			    reps[i].party, asof);
			rc |= acc_buf_printf(o, "   %23s", hdr);
		}
		rc |= acc_buf_printf(o, "\n  %-*s  %-*s %9s", wi, "limit", wa,
		    "article", "maximum");
		for (i = 0; i < n; i++)
			rc |= acc_buf_printf(o, "   %9s %13s", "value",
			    "margin");
		rc |= acc_buf_puts(o, "\n");
	}
	for (l = 0; l < t->n_limits; l++) {
		const acc_limit_result *x0 = &reps[0].limits[l];
		acc_fmt_count(a, sizeof(a), x0->max);
		if (md)
			rc |= acc_buf_printf(o, "| %s | %s | %s |", x0->id,
			    x0->article, a);
		else
			rc |= acc_buf_printf(o, "  %-*s  %-*s %9s", wi, x0->id,
			    wa, x0->article, a);
		for (i = 0; i < n; i++) {
			const acc_limit_result *x = &reps[i].limits[l];
			char m[48];
			acc_fmt_count(b, sizeof(b), x->value);
			acc_fmt_count(c, sizeof(c), x->margin);
			if (!x->in_force) {
				snprintf(m, sizeof(m), "%s (n/b)", c);
				any_nb = true;
			}
			else if (x->margin < 0)
				snprintf(m, sizeof(m), "%s OVER", c);
			else
				snprintf(m, sizeof(m), "%s", c);
			if (md)
				rc |= acc_buf_printf(o, " %s | %s |", b, m);
			else
				rc |= acc_buf_printf(o, "   %9s %13s", b, m);
		}
		rc |= acc_buf_puts(o, "\n");
	}
	rc |= acc_buf_puts(o, "\n");
	for (i = 0; i < n; i++) {
		const acc_report *r = &reps[i];
		if (!r->treaty_in_force) {
			rc |= acc_buf_printf(o, "%s: the treaty is not in force "
			    "on %s.\n", r->party, d);
			continue;
		}
		if (r->n_over == 0) {
			rc |= acc_buf_printf(o, "%s: every binding limit is "
			    "met.\n", r->party);
			continue;
		}
		rc |= acc_buf_printf(o, "%s: over", r->party);
		for (l = 0; l < r->n_limits; l++) {
			const acc_limit_result *x = &r->limits[l];
			if (x->in_force && x->margin < 0)
				rc |= acc_buf_printf(o, " %s by %s;", x->id,
				    acc_fmt_count(a, sizeof(a), -x->margin));
		}
		o->len--; /* drop the last ';' */
		o->data[o->len] = '\0';
		rc |= acc_buf_puts(o, ".\n");
	}
	if (any_nb)
		rc |= acc_buf_puts(o, "(n/b: not binding on that date)\n");
	return rc;
}

int
acc_report_format(acc_buf *out, const acc_report *reps, size_t n,
    acc_format fmt, acc_err *err)
{
	size_t i;
	int rc;

	if (n == 0)
		return acc_err_set(err, ACC_EINVAL, "report", "no reports");
	for (i = 1; i < n; i++)
		if (reps[i].n_limits != reps[0].n_limits || (reps[i].treaty != reps[0].treaty &&
		    strcmp(reps[i].treaty->id, reps[0].treaty->id) != 0))
			return acc_err_set(err, ACC_EINVAL, reps[i].party,
			    "side-by-side reports need one treaty, got %s "
			    "and %s", reps[0].treaty->id, reps[i].treaty->id);
	if (fmt == ACC_FORMAT_JSON)
		return format_json(out, reps, n, err);
	if (n == 1)
		rc = format_text_one(out, &reps[0], fmt == ACC_FORMAT_MARKDOWN);
	else
		rc = format_side_by_side(out, reps, n,
		    fmt == ACC_FORMAT_MARKDOWN);
	if (rc != 0)
		return acc_err_set(err, ACC_ELIMIT, "report",
		    "report larger than the output limit");
	return 0;
}
