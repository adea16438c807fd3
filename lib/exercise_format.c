/*
 * An exercise's report as text, from the JSON report the runner made
 * (exercise_run.c), or that JSON itself. It reads the report and never
 * a workspace.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/exercise.h>

#include "exercise_int.h"

static const char *
sval(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static long long
ival(json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

static double
rval(json_t *o, const char *key)
{
	return json_real_value(json_object_get(o, key));
}

static bool
bval(json_t *o, const char *key)
{
	return json_is_true(json_object_get(o, key));
}

/* The first max UIDs of a list (of strings, or of objects: prefixed by
 * their `kind` when they have one). */
static int
put_uids(acc_buf *out, json_t *list, const char *key, size_t max)
{
	json_t *d;
	size_t i;
	int rc = 0;

	json_array_foreach(list, i, d) {
		const char *sep = i ? ", " : "";
		if (i == max) {
			rc = acc_buf_printf(out, ", ... (%zu in all)",
			    json_array_size(list));
			break;
		}
		if (key && sval(d, "kind"))
			rc = acc_buf_printf(out, "%s%s %s", sep,
			    sval(d, "kind"), sval(d, key));
		else
			rc = acc_buf_printf(out, "%s%s", sep, key ?
			    sval(d, key) : json_string_value(d));
		if (rc != 0)
			break;
	}
	return rc;
}

static int
put_inspection(acc_buf *out, json_t *e)
{
	json_t *disc = json_object_get(e, "discrepancies");
	json_t *sel = json_object_get(e, "selected");
	size_t n = json_array_size(disc);
	int rc;

	rc = acc_buf_printf(out, "%s inspects %s (%s, %s): site %s",
	    sval(e, "inspecting"), sval(e, "host"), sval(e, "kind"),
	    sval(e, "id"), sval(e, "site"));
	if (rc == 0 && bval(e, "site_drawn"))
		rc = acc_buf_printf(out, " (drawn of %lld)", ival(e, "sites"));
	if (rc == 0 && json_array_size(sel)) {
		rc = acc_buf_puts(out, ", drawn ");
		if (rc == 0)
			rc = put_uids(out, sel, NULL, 4);
	}
	if (rc == 0 && n == 0)
		return acc_buf_puts(out, ": no discrepancy\n");
	if (rc == 0)
		rc = acc_buf_printf(out, ": %zu discrepanc%s (", n, n == 1 ?
		    "y" : "ies");
	if (rc == 0)
		rc = put_uids(out, disc, "uid", 4);
	return rc ? rc : acc_buf_puts(out, ")\n");
}

static int
put_event(acc_buf *out, json_t *e)
{
	const char *what = sval(e, "event");
	json_t *list;
	int rc;

	rc = acc_buf_printf(out, "  %5lld  %s  ", ival(e, "month"),
	    sval(e, "date"));
	if (rc != 0)
		return rc;
	if (strcmp(what, "declaration") == 0)
		return acc_buf_printf(out, "%s declares (%s, %lld leaves)\n",
		    sval(e, "party"), sval(e, "mode"), ival(e, "leaves"));
	if (strcmp(what, "notification") == 0)
		return acc_buf_printf(out, "%s notifies %s (entry %lld)\n",
		    sval(e, "party"), sval(e, "type"), ival(e, "entry"));
	if (strcmp(what, "inspection") == 0)
		return put_inspection(out, e);
	if (strcmp(what, "reconciliation") == 0) {
		list = json_object_get(e, "differences");
		if (json_array_size(list) == 0)
			return acc_buf_printf(out, "%s's log reconciles with "
			    "its declaration\n", sval(e, "party"));
		rc = acc_buf_printf(out, "%s's log differs from its "
		    "declaration: %zu difference%s (", sval(e, "party"),
		    json_array_size(list), json_array_size(list) == 1 ? "" :
		    "s");
		if (rc == 0)
			rc = put_uids(out, list, "uid", 4);
		return rc ? rc : acc_buf_puts(out, ")\n");
	}
	if (strcmp(what, "violation") == 0) {
		rc = acc_buf_printf(out, "(unseen) %s begins: %s, ",
		    sval(e, "party"), sval(e, "kind"));
		if (rc == 0)
			rc = put_uids(out, json_object_get(e, "items"), NULL,
			    4);
		return rc ? rc : acc_buf_puts(out, "\n");
	}
	if (strcmp(what, "fork") == 0) {
		if (json_is_false(json_object_get(e, "caught")))
			return acc_buf_printf(out, "%s shows a rewritten log: "
			    "NOT caught\n", sval(e, "party"));
		return acc_buf_printf(out, "%s shows a rewritten log: %s "
		    "keeps fork evidence %lld (%s): %s\n", sval(e, "party"),
		    sval(e, "by"), ival(e, "evidence"), sval(e, "kind"),
		    sval(e, "verified"));
	}
	return acc_buf_printf(out, "%s\n", what);
}

/* One catch or flag: how, and the first few things found. */
static int
put_catch(acc_buf *out, json_t *c, const char *lead)
{
	const char *how = sval(c, "how");
	json_t *list = json_object_get(c, "discrepancies"), *d;
	bool diffs = false;
	size_t i;
	int rc;

	rc = acc_buf_printf(out, "%smonth %lld (%s), ", lead, ival(c,
	    "month"), sval(c, "date"));
	if (rc == 0 && strcmp(how, "inspection") == 0) {
		rc = acc_buf_printf(out, "by %s's inspection %s of %s at "
		    "%s:\n", sval(c, "by"), sval(c, "inspection"),
		    sval(c, "party"), sval(c, "site"));
	} else if (rc == 0 && strcmp(how, "reconciliation") == 0) {
		list = json_object_get(c, "differences");
		diffs = true;
		rc = acc_buf_printf(out, "by reconciling %s's log with its "
		    "declaration:\n", sval(c, "party"));
	} else if (rc == 0) {
		return acc_buf_printf(out, "by fork evidence %lld that %s "
		    "keeps: %s\n", ival(c, "evidence"), sval(c, "by"),
		    sval(c, "verified"));
	}
	json_array_foreach(list, i, d) {
		if (rc != 0)
			break;
		if (i == 5) {
			rc = acc_buf_printf(out, "      ... %zu in all\n",
			    json_array_size(list));
			break;
		}
		if (diffs)
			rc = acc_buf_printf(out, "      %s: %s\n",
			    sval(d, "uid"), sval(d, "difference"));
		else
			rc = acc_buf_printf(out, "      %s %s: %s\n",
			    sval(d, "kind"), sval(d, "uid"), sval(d, "detail"));
	}
	return rc;
}

/* One run: the analytic odds of each inspection and of them all. */
static int
put_odds(acc_buf *out, json_t *runs, json_t *timing)
{
	json_t *list = json_object_get(runs, "inspections"), *e;
	size_t i;
	int rc;

	rc = acc_buf_puts(out, "\nodds (--runs N compares them with N "
	    "runs)\n");
	if (rc == 0 && json_array_size(list))
		rc = acc_buf_printf(out, "  %-14s %5s  %-18s %9s\n",
		    "inspection", "month", "site", "analytic");
	json_array_foreach(list, i, e)
		if (rc == 0)
			rc = acc_buf_printf(out, "  %-14s %5lld  %-18s "
			    "%9.4f\n", sval(e, "id"), ival(e, "month"),
			    sval(e, "site"), rval(e, "analytic"));
	if (rc == 0)
		rc = acc_buf_printf(out, "  inspections catch it with "
		    "probability %.4f\n", rval(json_object_get(runs,
		    "by_inspections"), "analytic"));
	if (rc == 0)
		rc = acc_buf_printf(out, "timing: full run %.3f s\n",
		    rval(timing, "full_run_s"));
	return rc;
}

static int
put_rate(acc_buf *out, json_t *e)
{
	json_t *ci = json_object_get(e, "ci95");

	return acc_buf_printf(out, "%9.4f %9lld %9.4f  [%.4f, %.4f]",
	    rval(e, "analytic"), ival(e, "detected"), rval(e, "rate"),
	    json_real_value(json_array_get(ci, 0)),
	    json_real_value(json_array_get(ci, 1)));
}

static int
put_runs(acc_buf *out, json_t *runs, json_t *timing)
{
	json_t *list = json_object_get(runs, "inspections"), *e, *all;
	long long n = ival(runs, "runs");
	size_t i;
	int rc;

	if (n == 1)
		return put_odds(out, runs, timing);
	rc = acc_buf_printf(out, "\nruns: %lld (run 1 through the machinery; "
	    "runs 2 and later repeat only the\n  inspections, with fresh "
	    "random bytes from both parties, over the state run 1\n  built; "
	    "reconciliation and fork outcomes carry over)\n", n);
	if (rc == 0 && json_is_integer(json_object_get(runs, "seed")))
		rc = acc_buf_printf(out, "  seed %lld\n", ival(runs, "seed"));
	if (rc == 0 && json_array_size(list))
		rc = acc_buf_printf(out, "  %-14s %5s  %-18s %9s %9s %9s  "
		    "%s\n", "inspection", "month", "site", "analytic",
		    "detected", "rate", "95% interval");
	json_array_foreach(list, i, e) {
		if (rc == 0)
			rc = acc_buf_printf(out, "  %-14s %5lld  %-18s ",
			    sval(e, "id"), ival(e, "month"), sval(e, "site"));
		if (rc == 0)
			rc = put_rate(out, e);
		if (rc == 0)
			rc = acc_buf_puts(out, bval(e, "agrees") ? "\n" :
			    "  DISAGREES\n");
	}
	all = json_object_get(runs, "by_inspections");
	if (rc == 0)
		rc = acc_buf_printf(out, "  caught by inspections in %lld of "
		    "%lld runs: rate %.4f, 95%% interval [%.4f, %.4f];\n  "
		    "analytic %.4f: %s\n", ival(all, "detected"), n,
		    rval(all, "rate"), json_real_value(json_array_get(
		    json_object_get(all, "ci95"), 0)), json_real_value(
		    json_array_get(json_object_get(all, "ci95"), 1)),
		    rval(all, "analytic"), bval(all, "agrees") ? "agrees" :
		    "DISAGREES (beyond the interval)");
	if (rc == 0)
		rc = acc_buf_printf(out, "  caught at all in %lld of %lld "
		    "runs; runs with a false flag: %lld\n", ival(runs,
		    "caught"), n, ival(runs, "false_flags"));
	if (rc == 0)
		rc = acc_buf_printf(out, "timing: full run %.3f s; %lld "
		    "repeated runs %.3f s (%.0f runs/s); a repeated run is "
		    "%.0f times faster\n", rval(timing, "full_run_s"), n - 1,
		    rval(timing, "repeated_s"), rval(timing,
		    "repeated_runs_per_s"), rval(timing, "ratio"));
	return rc;
}

static int
put_head(acc_buf *out, json_t *o)
{
	json_t *c = json_object_get(o, "cheat"), *e;
	size_t i;
	int rc;

	rc = acc_buf_printf(out, "exercise %s: %s\ntreaty %s; %lld months "
	    "from %s to %s\n", sval(o, "exercise"), sval(o, "title"),
	    sval(o, "treaty"), ival(o, "months"), sval(o, "start"),
	    sval(o, "end"));
	json_array_foreach(json_object_get(o, "parties"), i, e)
		if (rc == 0)
			rc = acc_buf_printf(out, "%s: %lld items, %s "
			    "declarations\n", sval(e, "id"), ival(e, "items"),
			    sval(e, "declarations"));
	if (rc == 0 && strcmp(sval(c, "kind"), "none") == 0)
		return acc_buf_puts(out, "cheat: none\n");
	if (rc == 0)
		rc = acc_buf_printf(out, "cheat: %s by %s from month %lld",
		    sval(c, "kind"), sval(c, "party"), ival(c, "month"));
	if (rc == 0 && json_array_size(json_object_get(c, "items"))) {
		rc = acc_buf_puts(out, ": ");
		if (rc == 0)
			rc = put_uids(out, json_object_get(c, "items"), NULL,
			    6);
	}
	return rc ? rc : acc_buf_puts(out, "\n");
}

static int
format_text(acc_buf *out, json_t *o)
{
	bool honest = strcmp(sval(json_object_get(o, "cheat"), "kind"),
	    "none") == 0;
	json_t *e, *list;
	size_t i;
	int rc;

	rc = put_head(out, o);
	if (rc == 0)
		rc = acc_buf_printf(out, "\n  %5s  %-10s  %s\n", "month",
		    "date", "event");
	json_array_foreach(json_object_get(o, "events"), i, e)
		if (rc == 0)
			rc = put_event(out, e);
	list = json_object_get(o, "catches");
	if (rc == 0 && !honest && json_array_size(list) == 0)
		rc = acc_buf_puts(out, "\nNOT CAUGHT: the violation went "
		    "unnoticed in the full run\n");
	json_array_foreach(list, i, e)
		if (rc == 0 && !honest)
			rc = put_catch(out, e, i == 0 ? "\nCAUGHT: " :
			    "also: ");
	list = json_object_get(o, "false_flags");
	if (rc == 0 && json_array_size(list) == 0)
		rc = acc_buf_puts(out, honest ? "\nnothing flagged\n" :
		    "nothing else flagged\n");
	json_array_foreach(list, i, e)
		if (rc == 0)
			rc = put_catch(out, e, i == 0 ? "\nFLAGGED, and no "
			    "cheat explains it: " : "FLAGGED: ");
	if (rc == 0)
		rc = put_runs(out, json_object_get(o, "runs"),
		    json_object_get(o, "timing"));
	if (rc == 0 && sval(o, "directory"))
		rc = acc_buf_printf(out, "workspaces kept in %s\n",
		    sval(o, "directory"));
	return rc;
}

int
acc_exercise_format(acc_buf *out, const acc_exercise_result *r,
    acc_format fmt, acc_err *err)
{
	char *s;
	int rc;

	if (fmt == ACC_FORMAT_MARKDOWN)
		return acc_err_set(err, ACC_EINVAL, "format", "an exercise "
		    "report is text or json");
	if (fmt == ACC_FORMAT_TEXT) {
		rc = format_text(out, r->report);
		return rc ? acc_err_set(err, ACC_ELIMIT, "exercise", "report "
		    "too large") : 0;
	}
	s = json_dumps(r->report, JSON_INDENT(2) | JSON_SORT_KEYS |
	    JSON_REAL_PRECISION(10));
	rc = s == NULL || acc_buf_puts(out, s) != 0 || acc_buf_puts(out,
	    "\n") != 0;
	free(s);
	return rc ? acc_err_set(err, ACC_ELIMIT, "exercise", "report too "
	    "large") : 0;
}
