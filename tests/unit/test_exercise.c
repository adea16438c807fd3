/*
 * Exercise scenarios (accord-exercise/1): the shipped scenarios load and
 * choose the items their cheats concern; every mistake is refused with
 * file, line, column and key; inventories are found beside the file or
 * above it; months end on the last day of shorter months. Playing a
 * scenario is tested end to end (tests/e2e/t0042-exercise.sh).
 */
#include "unit.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <accord/accord.h>
#include <accord/exercise.h>

#include "exercise_int.h"

static const char base[] =
    "format: accord-exercise/1\n"
    "id: small\n"
    "title: A small exercise\n"
    "treaty: new-start\n"
    "start: 2022-09-01\n"
    "months: 6\n"
    "parties:\n"
    "  US: {inventory: us.csv}\n"
    "  RU: {inventory: ru.csv, declarations: escrow}\n"
    "activity:\n"
    "  - {month: 1, party: US, type: item.status,\n"
    "     body: {uid: US-M1, status: non_deployed}}\n"
    "inspections:\n"
    "  - {month: 2, inspecting: RU, host: US, kind: type_one, site: US-A}\n"
    "  - {month: 3, inspecting: US, kind: type_one, site: random}\n"
    "cheat: none\n";

static const char us_csv[] =
    "record,id,type,status,facility,warheads,contained_in,name\n"
    "meta,format,,,,,,accord-inventory/1\n"
    "meta,party,,,,,,US\n"
    "meta,as_of,,,,,,2022-09-01\n"
    "facility,US-A,icbm_base,,,,,A\n"
    "facility,US-S,storage_facility,,,,,S\n"
    "item,US-M1,icbm,deployed,US-A,1,,\n"
    "item,US-M2,icbm,deployed,US-A,1,,\n"
    "item,US-M3,icbm,non_deployed,US-S,0,,\n";

static const char ru_csv[] =
    "record,id,type,status,facility,warheads,contained_in,name\n"
    "meta,format,,,,,,accord-inventory/1\n"
    "meta,party,,,,,,RU\n"
    "meta,as_of,,,,,,2022-09-01\n"
    "facility,RU-B,icbm_base,,,,,B\n"
    "item,RU-M1,icbm,deployed,RU-B,2,,\n";

/* base with the first occurrence of `from` replaced by `to`. */
static char *
edit(const char *from, const char *to)
{
	const char *at = strstr(base, from);
	size_t n;
	char *s;

	if (at == NULL)
		fail_msg("the test's base scenario has no \"%s\"", from);
	n = sizeof(base) + strlen(to);
	s = malloc(n);
	assert_non_null(s);
	snprintf(s, n, "%.*s%s%s", (int)(at - base), base, to,
	    at + strlen(from));
	return s;
}

static void
refused(const char *from, const char *to, const char *where,
    const char *frag)
{
	acc_err err = ACC_ERR_INIT;
	acc_exercise *x = NULL;
	char *text = edit(from, to);
	int rc = acc_exercise_parse(&x, text, strlen(text), "t.yaml", &err);

	if (rc == 0)
		fail_msg("accepted with \"%s\" for \"%s\"", to, from);
	assert_null(x);
	assert_int_equal(rc, err.code);
	assert_prefix(err.where, "t.yaml:");
	assert_contains(err.where, where);
	assert_contains(err.msg, frag);
	free(text);
}

static void
test_a_good_scenario_parses(void **state)
{
	acc_err err = ACC_ERR_INIT;
	acc_exercise *x = NULL;
	acc_buf out = ACC_BUF_INIT(1u << 20);

	(void)state;
	assert_int_equal(acc_exercise_parse(&x, base, strlen(base), "t.yaml",
	    &err), 0);
	assert_string_equal(acc_exercise_id(x), "small");
	assert_string_equal(acc_exercise_cheat(x), "none");
	assert_int_equal(acc_exercise_months(x), 6);
	assert_int_equal(x->n_acts, 1);
	assert_true(x->acts[0].add_date);
	assert_int_equal(x->n_insps, 2);
	/* the host defaults to the other party; random is no site */
	assert_int_equal(x->insps[1].host, 1);
	assert_null(x->insps[1].site);
	assert_true(x->party[1].escrow);
	assert_int_equal(acc_exercise_describe(&out, x, &err), 0);
	assert_contains(out.data, "declarations at month 0, 6");
	acc_buf_dispose(&out);
	acc_exercise_free(x);
}

static void
test_mistakes_are_refused_with_file_line_and_key(void **state)
{
	(void)state;
	refused("months: 6\n", "months: 6\nweather: fine\n", ":7:1 weather",
	    "unknown key \"weather\"");
	refused("accord-exercise/1", "accord-exercise/2", ":1:9 format",
	    "expected \"accord-exercise/1\"");
	refused("{month: 1, party", "{month: 7, party", " activity[0].month",
	    "from 1 to 6, got \"7\"");
	refused("party: US, type", "party: CN, type", " activity[0].party",
	    "unknown party \"CN\"");
	refused("cheat: none", "cheat: {kind: bribery, party: RU, month: 1}",
	    " cheat.kind", "unknown cheat \"bribery\"");
	refused("cheat: none", "cheat: bribery", ":16:8 cheat",
	    "unknown cheat \"bribery\"");
	refused("cheat: none\n", "", ":1:1", "missing required key \"cheat\"");
	refused("RU: {inventory", "CN: {inventory", " parties",
	    "unknown party \"CN\"");
	refused("treaty: new-start", "treaty: my.yaml", ":4:9 treaty",
	    "not a built-in treaty");
	refused("start: 2022-09-01", "start: 2026-03-01", ":5:8 start",
	    "outside new-start's inspections");
	refused("item.status", "item.teleport", " activity[0].type",
	    "not a notification type");
	refused("status: non_deployed}", "status: non_deployed, colour: red}",
	    " activity[0].body.colour", "has no field \"colour\"");
	refused("{uid: US-M1, status: non_deployed}", "{uid: US-M1}",
	    " activity[0].body", "missing field \"status\"");
	refused("kind: type_one, site: US-A", "kind: type_three, site: US-A",
	    " inspections[0].kind", "not an inspection kind");
	refused("host: US, kind", "host: RU, kind", " inspections[0]",
	    "cannot inspect itself");
	refused("site: random", "site: \"a b\"", " inspections[1].site",
	    "expected random or a facility id");
	refused("cheat: none", "cheat: {kind: undeclared_items, party: RU, "
	    "month: 0, site: RU-B, type: icbm, count: 0}", " cheat.count",
	    "from 1 to 1000");
	refused("cheat: none", "cheat: {kind: understated_warheads, party: "
	    "RU, month: 1, type: icbm_launcher, count: 1}", " cheat.type",
	    "carries no warheads");
	refused("cheat: none", "cheat: {kind: unnotified_moves, party: RU, "
	    "month: 0, from: RU-B, to: RU-C, count: 1}", " cheat.month",
	    "from 1 to 6, got \"0\"");
	refused("cheat: none", "cheat: {kind: forked_log, party: RU, month: "
	    "3, drop: 0}", " cheat.drop", "not the cheat's party RU");
	refused("cheat: none", "cheat: {kind: forked_log, party: US, month: "
	    "1, drop: 0}", " cheat.drop", "must be from before month 1");
	refused("cheat: none", "cheat: {kind: forked_log, party: US, month: "
	    "3, drop: 0, site: US-A}", " cheat.site", "unknown key");
}

static void
test_a_parsed_scenario_cannot_run(void **state)
{
	acc_err err = ACC_ERR_INIT;
	acc_exercise *x = NULL;
	acc_exercise_result *r = NULL;
	acc_exercise_opts o;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.runs = 1;
	assert_int_equal(acc_exercise_parse(&x, base, strlen(base), "t.yaml",
	    &err), 0);
	assert_int_equal(acc_exercise_run(&r, x, &o, &err), ACC_EINVAL);
	assert_null(r);
	assert_contains(err.msg, "not loaded");
	acc_exercise_free(x);
}

static void
test_months_end_on_the_last_day_of_shorter_months(void **state)
{
	acc_err err = ACC_ERR_INIT;
	acc_exercise *x = NULL;
	char *text = edit("start: 2022-09-01", "start: 2022-08-31");
	char d[ACC_DATE_LEN];

	(void)state;
	assert_int_equal(acc_exercise_parse(&x, text, strlen(text), "t.yaml",
	    &err), 0);
	acc_date_format(d, acc_exercise_month_date(x, 1));
	assert_string_equal(d, "2022-09-30");
	acc_date_format(d, acc_exercise_month_date(x, 6));
	assert_string_equal(d, "2023-02-28");
	acc_date_format(d, acc_exercise_month_date(x, 18));
	assert_string_equal(d, "2024-02-29");
	/* day 10 of month 1 is nine days after the start */
	acc_date_format(d, acc_exercise_event_date(x, 1, 10));
	assert_string_equal(d, "2022-09-09");
	acc_exercise_free(x);
	free(text);
}

/* A directory tmp/inv with both inventories and tmp/a/b for scenarios. */
static void
make_tree(char *dir, size_t len)
{
	char p[512];
	FILE *f;

	snprintf(dir, len, "/tmp/accord-test-exercise-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/inv", dir);
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/a", dir);
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/a/b", dir);
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/inv/us.csv", dir);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(us_csv, f);
	fclose(f);
	snprintf(p, sizeof(p), "%s/inv/ru.csv", dir);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(ru_csv, f);
	fclose(f);
}

static void
remove_tree(const char *dir)
{
	const char *const files[] = { "inv/us.csv", "inv/ru.csv",
		"a/b/s.yaml", "a/b", "a", "inv" };
	char p[512];
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, files[i]);
		(void)remove(p);
	}
	(void)remove(dir);
}

static int
load_text(acc_exercise **x, const char *dir, const char *text,
    acc_err *err)
{
	char p[512];
	FILE *f;

	snprintf(p, sizeof(p), "%s/a/b/s.yaml", dir);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return acc_exercise_load(x, p, err);
}

static void
test_inventories_are_found_beside_the_file_or_above_it(void **state)
{
	acc_err err = ACC_ERR_INIT;
	acc_exercise *x = NULL;
	char dir[128], *text;

	(void)state;
	make_tree(dir, sizeof(dir));
	text = edit("US: {inventory: us.csv}", "US: {inventory: inv/us.csv}");
	{
		char *t2 = strdup(text);
		char *at = strstr(t2, "RU: {inventory: ru.csv");
		size_t n = strlen(t2) + 8;
		char *t3 = malloc(n);
		assert_non_null(at);
		snprintf(t3, n, "%.*sRU: {inventory: inv/ru.csv%s",
		    (int)(at - t2), t2, at + strlen("RU: {inventory: ru.csv"));
		free(text);
		free(t2);
		text = t3;
	}
	assert_int_equal(load_text(&x, dir, text, &err), 0);
	assert_no_err(err);
	assert_contains(x->party[0].path, "/inv/us.csv");
	acc_exercise_free(x);
	x = NULL;
	/* a file that is nowhere: the scenario's line and key */
	assert_int_equal(load_text(&x, dir, base, &err), ACC_EINVAL);
	assert_null(x);
	assert_contains(err.where, "s.yaml:8:19 parties.US.inventory");
	assert_contains(err.msg, "no inventory us.csv");
	free(text);
	remove_tree(dir);
}

static void
test_loading_checks_sites_and_chooses_the_cheats_items(void **state)
{
	acc_err err = ACC_ERR_INIT;
	acc_exercise *x = NULL;
	char dir[128], *t1, *t2;
	const char *inv = "US: {inventory: inv/us.csv}\n"
	    "  RU: {inventory: inv/ru.csv, declarations: escrow}\n";

	(void)state;
	make_tree(dir, sizeof(dir));
	t1 = edit("US: {inventory: us.csv}\n"
	    "  RU: {inventory: ru.csv, declarations: escrow}\n", inv);
	/* an inspected site the host does not have */
	{
		char *at = strstr(t1, "site: US-A");
		size_t n = strlen(t1) + 8;
		t2 = malloc(n);
		snprintf(t2, n, "%.*ssite: US-Z%s", (int)(at - t1), t1,
		    at + strlen("site: US-A"));
	}
	assert_int_equal(load_text(&x, dir, t2, &err), ACC_EINVAL);
	assert_contains(err.where, " inspections[0].site");
	assert_contains(err.msg, "US has no facility US-Z");
	free(t2);
	/* a site of a kind the inspection may not visit */
	acc_err_clear(&err);
	{
		char *at = strstr(t1, "site: US-A");
		size_t n = strlen(t1) + 8;
		t2 = malloc(n);
		snprintf(t2, n, "%.*ssite: US-S%s", (int)(at - t1), t1,
		    at + strlen("site: US-A"));
	}
	assert_int_equal(load_text(&x, dir, t2, &err), ACC_EINVAL);
	assert_contains(err.msg, "not eligible for a type_one inspection");
	free(t2);
	/* overloaded missiles: chosen in UID order, no more than exist */
	acc_err_clear(&err);
	{
		char *at = strstr(t1, "cheat: none");
		const char *c = "cheat: {kind: understated_warheads, party: "
		    "US, month: 1, type: icbm, site: US-A, count: 2}";
		size_t n = strlen(t1) + strlen(c);
		t2 = malloc(n);
		snprintf(t2, n, "%.*s%s%s", (int)(at - t1), t1, c,
		    at + strlen("cheat: none"));
	}
	assert_int_equal(load_text(&x, dir, t2, &err), 0);
	assert_int_equal(x->cheat.n_uids, 2);
	assert_string_equal(x->cheat.uids[0], "US-M1");
	assert_string_equal(x->cheat.uids[1], "US-M2");
	acc_exercise_free(x);
	x = NULL;
	free(t2);
	{
		char *at = strstr(t1, "cheat: none");
		const char *c = "cheat: {kind: understated_warheads, party: "
		    "US, month: 1, type: icbm, count: 3}";
		size_t n = strlen(t1) + strlen(c);
		t2 = malloc(n);
		snprintf(t2, n, "%.*s%s%s", (int)(at - t1), t1, c,
		    at + strlen("cheat: none"));
	}
	assert_int_equal(load_text(&x, dir, t2, &err), ACC_EINVAL);
	assert_contains(err.where, " cheat.count");
	assert_contains(err.msg, "has 2 deployed icbm, fewer than 3");
	free(t2);
	/* hidden items are named for their party */
	acc_err_clear(&err);
	{
		char *at = strstr(t1, "cheat: none");
		const char *c = "cheat: {kind: undeclared_items, party: RU, "
		    "month: 0, site: RU-B, type: icbm_launcher, count: 2}";
		size_t n = strlen(t1) + strlen(c);
		t2 = malloc(n);
		snprintf(t2, n, "%.*s%s%s", (int)(at - t1), t1, c,
		    at + strlen("cheat: none"));
	}
	assert_int_equal(load_text(&x, dir, t2, &err), 0);
	assert_int_equal(x->cheat.n_uids, 2);
	assert_string_equal(x->cheat.uids[1], "RU-HIDDEN-0002");
	assert_string_equal(x->cheat.status, "non_deployed");
	acc_exercise_free(x);
	free(t2);
	free(t1);
	remove_tree(dir);
}

static void
test_the_shipped_scenarios_load(void **state)
{
	static const struct {
		const char *file, *cheat;
		size_t n_uids;
		const char *first;
	} want[] = {
		{ "honest.yaml", "none", 0, NULL },
		{ "hidden-launchers.yaml", "undeclared_items", 3,
		    "RU-HIDDEN-0001" },
		{ "understated-warheads.yaml", "understated_warheads", 18,
		    "RU-ICBM-0559" },
		{ "unnotified-moves.yaml", "unnotified_moves", 4,
		    "RU-ICBM-0013" },
		{ "forked-log.yaml", "forked_log", 0, NULL },
	};
	const char *src = getenv("ACC_SRC");
	char p[1024];
	size_t i;

	(void)state;
	if (src == NULL)
		skip();
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		acc_err err = ACC_ERR_INIT;
		acc_exercise *x = NULL;
		snprintf(p, sizeof(p), "%s/data/exercises/%s", src,
		    want[i].file);
		if (acc_exercise_load(&x, p, &err) != 0)
			fail_msg("%s: %s: %s", want[i].file, err.where,
			    err.msg);
		assert_string_equal(acc_exercise_cheat(x), want[i].cheat);
		assert_int_equal(x->cheat.n_uids, want[i].n_uids);
		if (want[i].first)
			assert_string_equal(x->cheat.uids[0], want[i].first);
		assert_true(x->loaded);
		acc_exercise_free(x);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_good_scenario_parses),
		cmocka_unit_test(
		    test_mistakes_are_refused_with_file_line_and_key),
		cmocka_unit_test(test_a_parsed_scenario_cannot_run),
		cmocka_unit_test(
		    test_months_end_on_the_last_day_of_shorter_months),
		cmocka_unit_test(
		    test_inventories_are_found_beside_the_file_or_above_it),
		cmocka_unit_test(
		    test_loading_checks_sites_and_chooses_the_cheats_items),
		cmocka_unit_test(test_the_shipped_scenarios_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
