/*
 * The printed forms of inspections (include/accord/inspect.h): the
 * objects of lib/inspect.h as JSON, or as text for people.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/inspect.h>

#include "fmt.h"
#include "inspect.h"

static const char *
str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "-";
}

static json_int_t
num(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

static int
as_json(json_t *o, acc_buf *out, acc_err *err)
{
	return acc_fmt_json(out, json_incref(o), JSON_INDENT(2) |
	    JSON_SORT_KEYS, err);
}

static int
check_fmt(acc_format fmt, acc_err *err)
{
	if (fmt != ACC_FORMAT_TEXT && fmt != ACC_FORMAT_JSON)
		return acc_err_set(err, ACC_EINVAL, "--format",
		    "inspections print as text or json");
	return 0;
}

static int
plan_text(json_t *p, acc_buf *b)
{
	json_t *x;
	size_t i;
	int rc = acc_buf_printf(b, "inspection %s: %s by %s at %s, %s\n",
	    str(p, "id"), str(p, "kind"), str(p, "inspecting"), str(p, "host"),
	    str(p, "date"));

	json_array_foreach(json_object_get(p, "findings"), i, x)
		rc |= acc_buf_printf(b, "finding: %s: %s\n", str(x, "party"),
		    str(x, "finding"));
	if (json_array_size(json_object_get(p, "findings")))
		return rc;
	rc |= acc_buf_printf(b, "site: %s (%s; %" JSON_INTEGER_FORMAT
	    " candidate sites, %" JSON_INTEGER_FORMAT " items)\n",
	    str(p, "site"), json_is_true(json_object_get(p, "site_drawn")) ?
	    "drawn" : "named by the inspecting party",
	    num(json_object_get(p, "candidates"), "sites"),
	    num(json_object_get(p, "candidates"), "items"));
	json_array_foreach(json_object_get(p, "items"), i, x)
		rc |= acc_buf_printf(b, "selected: %s\n", json_string_value(x));
	if (json_array_size(json_object_get(p, "items")) == 0)
		rc |= acc_buf_puts(b, "selected: no item (none eligible at "
		    "the site)\n");
	rc |= acc_buf_printf(b, "seed: %s\n", str(p, "seed"));
	return rc;
}

static int
finish(int rc, json_t *o, acc_format fmt, acc_buf *out,
    int (*text)(json_t *, acc_buf *), acc_err *err)
{
	if (rc != 0)
		return rc;
	if (fmt == ACC_FORMAT_JSON)
		return as_json(o, out, err);
	if (text(o, out) != 0)
		return acc_err_set(err, ACC_ELIMIT, "inspect",
		    "output too large");
	return 0;
}

int
acc_inspect_print_plan(acc_workspace *ws, const char *id, acc_format fmt,
    acc_buf *out, size_t *n_findings, acc_err *err)
{
	json_t *p = NULL;
	int rc = check_fmt(fmt, err);

	*n_findings = 0;
	if (rc == 0)
		rc = acc_inspect_plan(ws, id, &p, err);
	if (rc == 0)
		*n_findings = json_array_size(json_object_get(p, "findings"));
	rc = finish(rc, p, fmt, out, plan_text, err);
	json_decref(p);
	return rc;
}

int
acc_inspect_print_replay(const char *dir_a, const char *dir_b,
    const char *id, acc_format fmt, acc_buf *out, size_t *n_findings,
    acc_err *err)
{
	json_t *p = NULL;
	int rc = check_fmt(fmt, err);

	*n_findings = 0;
	if (rc == 0)
		rc = acc_inspect_replay(dir_a, dir_b, id, &p, err);
	if (rc == 0)
		*n_findings = json_array_size(json_object_get(p, "findings"));
	rc = finish(rc, p, fmt, out, plan_text, err);
	json_decref(p);
	return rc;
}

static int
report_text(json_t *r, acc_buf *b)
{
	json_t *x;
	size_t i, n = json_array_size(json_object_get(r, "discrepancies"));
	int rc = acc_buf_printf(b, "inspection %s at %s (%s): findings "
	    "against declaration %s (%s, %" JSON_INTEGER_FORMAT " items)\n",
	    str(r, "id"), str(r, "site"), str(r, "host"),
	    str(r, "declaration"), str(r, "mode"), num(r, "checked"));

	json_array_foreach(json_object_get(r, "log_problems"), i, x)
		rc |= acc_buf_printf(b, "log: %s: %s\n", str(x, "entry"),
		    str(x, "problem"));
	json_array_foreach(json_object_get(r, "discrepancies"), i, x)
		rc |= acc_buf_printf(b, "%s %s: %s\n", str(x, "kind"),
		    str(x, "uid"), str(x, "detail"));
	if (n == 0)
		rc |= acc_buf_puts(b, "no discrepancy\n");
	else
		rc |= acc_buf_printf(b, "%zu discrepanc%s\n", n, n == 1 ? "y" :
		    "ies");
	return rc;
}

int
acc_inspect_print_verify(acc_workspace *ws, const char *id,
    const acc_decl *d, const char *const *reveals, const size_t *lens,
    size_t n_reveals, acc_format fmt, acc_buf *out, size_t *n_disc,
    acc_err *err)
{
	json_t *r = NULL;
	int rc = check_fmt(fmt, err);

	*n_disc = 0;
	if (rc == 0)
		rc = acc_inspect_verify(ws, id, d, reveals, lens, n_reveals, &r,
		    err);
	if (rc == 0)
		*n_disc = json_array_size(json_object_get(r, "discrepancies"));
	rc = finish(rc, r, fmt, out, report_text, err);
	json_decref(r);
	return rc;
}

static const char *
stage(json_t *x)
{
	size_t revealed = json_array_size(json_object_get(x, "revealed"));

	if (num(x, "findings") > 0)
		return "findings recorded";
	if (revealed == 2)
		return "selected";
	if (revealed == 1)
		return "revealing";
	if (json_is_true(json_object_get(x, "joined")))
		return "joined";
	if (json_is_true(json_object_get(x, "opened")))
		return "opened";
	return "seen in part";
}

static int
list_text(json_t *l, acc_buf *b)
{
	json_t *x;
	size_t i;
	int rc = 0;

	json_array_foreach(json_object_get(l, "quota"), i, x)
		rc |= acc_buf_printf(b, "quota %s year %" JSON_INTEGER_FORMAT
		    " (from %s): %" JSON_INTEGER_FORMAT " of %"
		    JSON_INTEGER_FORMAT "\n", str(x, "kind"), num(x, "year"),
		    str(x, "from"), num(x, "used"), num(x, "quota"));
	json_array_foreach(json_object_get(l, "inspections"), i, x)
		rc |= acc_buf_printf(b, "%s %s %s->%s %s site %s: %s\n",
		    str(x, "id"), str(x, "kind"), str(x, "inspecting"),
		    str(x, "host"), str(x, "date"), json_is_string(
		    json_object_get(x, "site")) ? str(x, "site") : "random",
		    stage(x));
	if (json_array_size(json_object_get(l, "inspections")) == 0)
		rc |= acc_buf_puts(b, "no inspections\n");
	return rc;
}

int
acc_inspect_print_list(acc_workspace *ws, acc_format fmt, acc_buf *out,
    acc_err *err)
{
	json_t *l = NULL;
	int rc = check_fmt(fmt, err);

	if (rc == 0)
		rc = acc_inspect_list(ws, &l, err);
	rc = finish(rc, l, fmt, out, list_text, err);
	json_decref(l);
	return rc;
}
