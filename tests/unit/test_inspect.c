/*
 * Inspections: the joint randomness against known answers written from
 * the specification alone (tools/jrand-vectors.py), the draws' fairness
 * (chi-square over 100,000 selections), the selection from candidates,
 * the per-log rules of inspection statements (quotas, dates, reveals) and
 * the check of findings against declared items.
 */
#include <ftw.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>

#include <accord/accord.h>
#include <accord/inspect.h>
#include <accord/jrand.h>

#include "inspect.h"
#include "log.h"
#include "notify.h"
#include "workspace_int.h"
#include "unit.h"
#include "vectors.h"

static void
b64dec(uint8_t *out, size_t max, const char *s)
{
	acc_err err = ACC_ERR_INIT;
	size_t n;

	assert_int_equal(acc_base64_decode(out, max, &n, s, strlen(s), "v",
	    &err), 0);
	assert_int_equal(n, max);
}

static void
b64eq(const uint8_t *got, size_t len, const char *want)
{
	char s[128];

	acc_base64_encode(s, got, len);
	assert_string_equal(s, want);
}

/* ---- known answers ----------------------------------------------------- */

static void
test_jrand_known_answers(void **state)
{
	json_t *v = load_vectors("jrand.json"), *c;
	uint8_t ri[32], rh[32], seed[32], h[32];
	size_t i, j;

	(void)state;
	if (v == NULL)
		skip();
	assert_true(json_array_size(json_object_get(v, "cases")) >= 7);
	json_array_foreach(json_object_get(v, "cases"), i, c) {
		size_t n = (size_t)json_integer_value(json_object_get(c, "n"));
		size_t m = (size_t)json_integer_value(json_object_get(c, "m"));
		uint32_t *idx = calloc(n, sizeof(*idx)), k = 0;
		acc_err err = ACC_ERR_INIT;
		b64dec(ri, 32, json_string_value(json_object_get(c,
		    "r_inspecting")));
		b64dec(rh, 32, json_string_value(json_object_get(c, "r_host")));
		acc_jrand_commit(h, ri);
		b64eq(h, 32, json_string_value(json_object_get(c,
		    "commit_inspecting")));
		acc_jrand_commit(h, rh);
		b64eq(h, 32, json_string_value(json_object_get(c,
		    "commit_host")));
		acc_jrand_seed(seed, ri, rh, json_string_value(json_object_get(c,
		    "id")));
		b64eq(seed, 32, json_string_value(json_object_get(c, "seed")));
		for (j = 0; j < n; j++)
			idx[j] = (uint32_t)j;
		assert_int_equal(acc_jrand_pick(seed, idx, n, m, &k, &err), 0);
		for (j = 0; j < m; j++)
			assert_int_equal(idx[j], json_integer_value(
			    json_array_get(json_object_get(c, "picks"), j)));
		assert_int_equal(k, json_integer_value(json_object_get(c,
		    "counter")));
		free(idx);
	}
	b64dec(seed, 32, json_string_value(json_object_get(v, "draw_seed")));
	json_array_foreach(json_object_get(v, "draws"), i, c) {
		uint64_t n = strtoull(json_string_value(json_object_get(c, "n")),
		    NULL, 10);
		uint32_t k = 0;
		json_t *x;
		json_array_foreach(json_object_get(c, "values"), j, x) {
			uint64_t want = strtoull(json_string_value(x), NULL, 10);
			assert_true(acc_jrand_below(seed, n, &k) == want);
		}
		assert_int_equal(k, json_integer_value(json_object_get(c,
		    "counter")));
	}
	json_decref(v);
}

static void
test_jrand_pick_refuses_more_than_there_are(void **state)
{
	uint8_t seed[32] = { 1 };
	uint32_t idx[3] = { 0, 1, 2 }, k = 0;
	acc_err err = ACC_ERR_INIT;

	(void)state;
	assert_int_equal(acc_jrand_pick(seed, idx, 3, 4, &k, &err),
	    ACC_EINVAL);
	assert_contains(err.msg, "cannot pick 4 of 3");
}

/* ---- fairness ---------------------------------------------------------- */

/*
 * 100,000 selections, each from its own seed (as if from 100,000 pairs of
 * reveals): the first pick among 10 and the ordered pair of the first two
 * picks among 7 (42 outcomes) must pass chi-square at the 0.001 level,
 * and so must the position every one of 10 candidates lands in when all
 * are shuffled.
 */
static void
test_jrand_draws_show_no_bias(void **state)
{
	enum { RUNS = 100000 };
	static unsigned first[10], pair[42], where[10][10];
	uint8_t ri[32], rh[32] = { 7 }, seed[32];
	char id[32];
	double chi1 = 0, chi2 = 0, chi3 = 0, e;
	size_t r, i, j;

	(void)state;
	memset(ri, 0, sizeof(ri));
	for (r = 0; r < RUNS; r++) {
		uint32_t idx[10], k = 0;
		acc_err err = ACC_ERR_INIT;
		ri[0] = (uint8_t)r;
		ri[1] = (uint8_t)(r >> 8);
		ri[2] = (uint8_t)(r >> 16);
		snprintf(id, sizeof(id), "RU-%zu", r);
		acc_jrand_seed(seed, ri, rh, id);
		for (i = 0; i < 10; i++)
			idx[i] = (uint32_t)i;
		assert_int_equal(acc_jrand_pick(seed, idx, 10, 10, &k, &err),
		    0);
		first[idx[0]]++;
		for (i = 0; i < 10; i++)
			where[idx[i]][i]++;
		for (i = 0; i < 7; i++)
			idx[i] = (uint32_t)i;
		k = 0;
		acc_jrand_seed(seed, rh, ri, id);
		assert_int_equal(acc_jrand_pick(seed, idx, 7, 2, &k, &err), 0);
		pair[idx[0] * 6 + (idx[1] > idx[0] ? idx[1] - 1 : idx[1])]++;
	}
	e = RUNS / 10.0;
	for (i = 0; i < 10; i++)
		chi1 += (first[i] - e) * (first[i] - e) / e;
	/* chi-square, 9 degrees of freedom, upper 0.001: 27.877 */
	assert_true(chi1 < 27.877);
	e = RUNS / 42.0;
	for (i = 0; i < 42; i++)
		chi2 += (pair[i] - e) * (pair[i] - e) / e;
	/* 41 degrees of freedom, upper 0.001: 74.745 */
	assert_true(chi2 < 74.745);
	e = RUNS / 10.0;
	for (i = 0; i < 10; i++) {
		double c = 0;
		for (j = 0; j < 10; j++)
			c += (where[i][j] - e) * (where[i][j] - e) / e;
		chi3 = c > chi3 ? c : chi3;
	}
	/* each candidate's position, 9 degrees of freedom: 27.877 (the
	 * largest of ten, each at 0.001) */
	assert_true(chi3 < 27.877);
	print_message("chi-square: first of 10 %.2f (df 9), pairs of 7 %.2f "
	    "(df 41), positions max %.2f (df 9)\n", chi1, chi2, chi3);
}

/* ---- selection --------------------------------------------------------- */

static void
test_select_site_then_items_from_one_counter(void **state)
{
	json_t *c = json_pack("{s:[s,s,s], s:[], s:[s,s]}", "B-BASE", "B-1",
	    "B-2", "B-3", "C-BASE", "A-BASE", "A-1", "A-2");
	uint8_t seed[32];
	uint32_t idx[3] = { 0, 1, 2 }, k = 0;
	acc_err err = ACC_ERR_INIT;
	const char *sites[3] = { "A-BASE", "B-BASE", "C-BASE" };
	json_t *out = NULL, *list;
	size_t i, tries;

	(void)state;
	for (tries = 0; tries < 64; tries++) {
		memset(seed, (int)tries, sizeof(seed));
		k = 0;
		idx[0] = 0, idx[1] = 1, idx[2] = 2;
		assert_int_equal(acc_jrand_pick(seed, idx, 3, 1, &k, &err), 0);
		assert_int_equal(acc_inspect_select(seed, c, NULL, 2, &out,
		    &err), 0);
		assert_string_equal(json_string_value(json_object_get(out,
		    "site")), sites[idx[0]]);
		assert_true(json_is_true(json_object_get(out, "site_drawn")));
		list = json_object_get(c, sites[idx[0]]);
		/* the items continue the same counter */
		{
			uint32_t it[3] = { 0, 1, 2 };
			size_t n = json_array_size(list), m = n < 2 ? n : 2;
			assert_int_equal(acc_jrand_pick(seed, it, n, m, &k,
			    &err), 0);
			assert_int_equal(json_array_size(json_object_get(out,
			    "items")), m);
			for (i = 0; i < m; i++)
				assert_string_equal(json_string_value(
				    json_array_get(json_object_get(out,
				    "items"), i)), json_string_value(
				    json_array_get(list, it[i])));
		}
		json_decref(out);
	}
	/* a named site: no site draw, the items from counter 0 */
	memset(seed, 9, sizeof(seed));
	assert_int_equal(acc_inspect_select(seed, c, "B-BASE", 1, &out, &err),
	    0);
	assert_false(json_is_true(json_object_get(out, "site_drawn")));
	k = 0;
	idx[0] = 0, idx[1] = 1, idx[2] = 2;
	assert_int_equal(acc_jrand_pick(seed, idx, 3, 1, &k, &err), 0);
	assert_string_equal(json_string_value(json_array_get(json_object_get(
	    out, "items"), 0)), json_string_value(json_array_get(
	    json_object_get(c, "B-BASE"), idx[0])));
	json_decref(out);
	assert_int_equal(acc_inspect_select(seed, c, "Z-BASE", 1, &out, &err),
	    ACC_EINVAL);
	assert_contains(err.msg, "no candidates at site Z-BASE");
	json_decref(c);
}

/* ---- statements in one log --------------------------------------------- */

static acc_treaty *
new_start(void)
{
	acc_treaty *t = NULL;
	acc_err err = ACC_ERR_INIT;

	assert_int_equal(acc_treaty_open(&t, "new-start", &err), 0);
	return t;
}

static int
apply(acc_nstate *s, const char *type, json_t *body, acc_err *err)
{
	int rc;

	acc_err_clear(err);
	rc = acc_nstate_apply(s, type, body, "2022-09-01T00:00:00Z", "entry",
	    err);
	json_decref(body);
	return rc;
}

static const char *
c64(const uint8_t r[32], char *buf)
{
	uint8_t c[32];

	acc_jrand_commit(c, r);
	acc_base64_encode(buf, c, 32);
	return buf;
}

static void
test_open_within_quota_and_dates(void **state)
{
	acc_treaty *t = new_start();
	acc_nstate *s = NULL;
	acc_err err = ACC_ERR_INIT;
	uint8_t r[32] = { 3 };
	char id[32], c[64];
	int i;

	(void)state;
	assert_int_equal(acc_nstate_new(&s, t, &err), 0);
	acc_nstate_set_party(s, "US");
	c64(r, c);
	/* the treaty year 2022-02-05 .. 2023-02-04 holds ten Type One */
	for (i = 1; i <= 10; i++) {
		snprintf(id, sizeof(id), "US-2022-%02d", i);
		assert_int_equal(apply(s, "inspection.open", json_pack(
		    "{s:s, s:s, s:s, s:s, s:s}", "id", id, "kind", "type_one",
		    "host", "RU", "date", i < 6 ? "2022-02-05" : "2023-02-04",
		    "commit", c), &err), 0);
	}
	assert_int_equal(apply(s, "inspection.open", json_pack(
	    "{s:s, s:s, s:s, s:s, s:s}", "id", "US-2022-11", "kind",
	    "type_one", "host", "RU", "date", "2022-12-01", "commit", c), &err),
	    ACC_EINVAL);
	assert_contains(err.msg, "quota of 10 type_one inspections in the "
	    "treaty year from 2022-02-05 is used");
	/* Type Two has its own quota; the next treaty year starts afresh */
	assert_int_equal(apply(s, "inspection.open", json_pack(
	    "{s:s, s:s, s:s, s:s, s:s}", "id", "US-2022-11", "kind",
	    "type_two", "host", "RU", "date", "2022-12-01", "commit", c), &err),
	    0);
	assert_int_equal(apply(s, "inspection.open", json_pack(
	    "{s:s, s:s, s:s, s:s, s:s}", "id", "US-2023-01", "kind",
	    "type_one", "host", "RU", "date", "2023-02-05", "commit", c), &err),
	    0);
	/* dates: from 2011-04-06, before expiry on 2026-02-05 */
	assert_int_equal(apply(s, "inspection.open", json_pack(
	    "{s:s, s:s, s:s, s:s, s:s}", "id", "US-2011-01", "kind",
	    "type_one", "host", "RU", "date", "2011-04-05", "commit", c), &err),
	    ACC_EINVAL);
	assert_contains(err.msg, "outside the treaty's inspections (from "
	    "2011-04-06 until before 2026-02-05)");
	assert_int_equal(apply(s, "inspection.open", json_pack(
	    "{s:s, s:s, s:s, s:s, s:s}", "id", "US-2026-01", "kind",
	    "type_one", "host", "RU", "date", "2026-02-05", "commit", c), &err),
	    ACC_EINVAL);
	/* not itself, a known kind, a party, an unused id */
	assert_int_equal(apply(s, "inspection.open", json_pack(
	    "{s:s, s:s, s:s, s:s, s:s}", "id", "X1", "kind", "type_one",
	    "host", "US", "date", "2022-06-01", "commit", c), &err),
	    ACC_EINVAL);
	assert_contains(err.msg, "cannot inspect itself");
	assert_int_equal(apply(s, "inspection.open", json_pack(
	    "{s:s, s:s, s:s, s:s, s:s}", "id", "X1", "kind", "type_nine",
	    "host", "RU", "date", "2022-06-01", "commit", c), &err),
	    ACC_EINVAL);
	assert_contains(err.msg, "not an inspection kind");
	assert_int_equal(apply(s, "inspection.open", json_pack(
	    "{s:s, s:s, s:s, s:s, s:s}", "id", "X1", "kind", "type_two",
	    "host", "FR", "date", "2022-06-01", "commit", c), &err),
	    ACC_EINVAL);
	assert_contains(err.msg, "not a party");
	assert_int_equal(apply(s, "inspection.open", json_pack(
	    "{s:s, s:s, s:s, s:s, s:s}", "id", "US-2022-01", "kind",
	    "type_two", "host", "RU", "date", "2022-06-01", "commit", c), &err),
	    ACC_EINVAL);
	assert_contains(err.msg, "already in this log");
	assert_int_equal(apply(s, "inspection.open", json_pack(
	    "{s:s, s:s, s:s, s:s, s:s}", "id", "X2", "kind", "type_two",
	    "host", "RU", "date", "2022-06-01", "commit", "AAAA"), &err),
	    ACC_EINVAL);
	assert_contains(err.msg, "commit: expected the base64 of 32 bytes");
	acc_nstate_free(s);
	acc_treaty_free(t);
}

static void
test_reveal_once_and_matching(void **state)
{
	acc_treaty *t = new_start();
	acc_nstate *s = NULL;
	acc_err err = ACC_ERR_INIT;
	uint8_t r[32] = { 5 }, other[32] = { 6 };
	char c[64], oc[64], r64[64], bad64[64];

	(void)state;
	assert_int_equal(acc_nstate_new(&s, t, &err), 0);
	acc_nstate_set_party(s, "US");
	c64(r, c);
	c64(other, oc);
	acc_base64_encode(r64, r, 32);
	acc_base64_encode(bad64, other, 32);
	/* findings and reveals need an inspection */
	assert_int_equal(apply(s, "inspection.finding", json_pack(
	    "{s:s, s:s, s:[s]}", "id", "NEVER", "site", "S", "seen", "U1"),
	    &err), ACC_EINVAL);
	assert_contains(err.msg, "was not opened in this log");
	assert_int_equal(apply(s, "inspection.reveal", json_pack(
	    "{s:s, s:s, s:s}", "id", "NEVER", "random", r64, "seen", oc),
	    &err), ACC_EINVAL);
	assert_contains(err.msg, "no commitment");
	assert_int_equal(apply(s, "inspection.open", json_pack(
	    "{s:s, s:s, s:s, s:s, s:s}", "id", "I1", "kind", "type_one",
	    "host", "RU", "date", "2022-06-01", "commit", c), &err), 0);
	assert_int_equal(apply(s, "inspection.finding", json_pack(
	    "{s:s, s:s, s:[s]}", "id", "I1", "site", "S", "seen", "U1"),
	    &err), ACC_EINVAL);
	assert_contains(err.msg, "reveal first");
	assert_int_equal(apply(s, "inspection.reveal", json_pack(
	    "{s:s, s:s, s:s}", "id", "I1", "random", bad64, "seen", oc),
	    &err), ACC_EINVAL);
	assert_contains(err.msg, "does not match this log's commitment");
	assert_int_equal(apply(s, "inspection.reveal", json_pack(
	    "{s:s, s:s, s:s}", "id", "I1", "random", r64, "seen", c),
	    &err), ACC_EINVAL);
	assert_contains(err.msg, "own commitment");
	assert_int_equal(apply(s, "inspection.reveal", json_pack(
	    "{s:s, s:s, s:s}", "id", "I1", "random", r64, "seen", oc),
	    &err), 0);
	/* a replayed reveal */
	assert_int_equal(apply(s, "inspection.reveal", json_pack(
	    "{s:s, s:s, s:s}", "id", "I1", "random", r64, "seen", oc),
	    &err), ACC_EINVAL);
	assert_contains(err.msg, "already");
	assert_int_equal(apply(s, "inspection.finding", json_pack(
	    "{s:s, s:s, s:[s], s:{s:i}}", "id", "I1", "site", "S", "seen",
	    "U1", "warheads", "U1", 4), &err), 0);
	/* malformed lists */
	assert_int_equal(apply(s, "inspection.finding", json_pack(
	    "{s:s, s:s, s:[s,s]}", "id", "I1", "site", "S", "seen", "U1",
	    "U1"), &err), ACC_EINVAL);
	assert_contains(err.msg, "repeated");
	assert_int_equal(apply(s, "inspection.finding", json_pack(
	    "{s:s, s:s, s:{s:i}}", "id", "I1", "site", "S", "warheads", "U1",
	    -1), &err), ACC_EINVAL);
	assert_int_equal(apply(s, "inspection.commit", json_pack(
	    "{s:s, s:s, s:{s:[s,s]}}", "id", "H1", "commit", oc,
	    "candidates", "S", "U2", "U1"), &err), ACC_EINVAL);
	assert_contains(err.msg, "sorted");
	acc_nstate_free(s);
	acc_treaty_free(t);
}

/* ---- findings against declared items ----------------------------------- */

static json_t *
item(const char *uid, const char *type, const char *fac, int warheads)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "uid", uid, "type",
	    type, "status", "deployed", "facility", fac, "facility_kind",
	    "icbm_base");

	if (warheads >= 0)
		json_object_set_new(o, "warheads", json_integer(warheads));
	return o;
}

static void
test_check_finds_each_kind_of_discrepancy(void **state)
{
	acc_treaty *t = new_start();
	acc_err err = ACC_ERR_INIT;
	json_t *items = json_array(), *disc = json_array(), *x;
	json_t *cands, *sel, *finding;
	char kinds[512] = "";
	size_t i;

	(void)state;
	json_array_append_new(items, item("M1", "icbm", "BASE", 1));
	json_array_append_new(items, item("M2", "icbm", "BASE", 4));
	json_array_append_new(items, item("M3", "icbm", "BASE", 1));
	json_array_append_new(items, item("M4", "icbm", "OTHER", 1));
	json_array_append_new(items, item("L1", "icbm_launcher", "BASE", -1));
	/* honest: what was declared is what was found */
	cands = json_pack("[s,s,s]", "M1", "M2", "M3");
	sel = json_pack("[s]", "M2");
	finding = json_pack("{s:[s,s,s], s:{s:i}, s:[], s:[]}", "seen", "M1",
	    "M2", "M3", "warheads", "M2", 4, "missing", "undeclared");
	assert_int_equal(acc_inspect_check(t, "type_one", items, "BASE", cands,
	    sel, finding, disc, &err), 0);
	assert_int_equal(json_array_size(disc), 0);
	json_decref(finding);
	/* an undeclared item, a miscount, an unnotified move, a missing item */
	finding = json_pack("{s:[s,s,s], s:{s:i}, s:[s], s:[s]}", "seen",
	    "M1", "M2", "M4", "warheads", "M2", 5, "missing", "M3",
	    "undeclared", "X9");
	assert_int_equal(acc_inspect_check(t, "type_one", items, "BASE", cands,
	    sel, finding, disc, &err), 0);
	json_array_foreach(disc, i, x) {
		size_t at = strlen(kinds);
		snprintf(kinds + at, sizeof(kinds) - at, "%s:%s ",
		    json_string_value(json_object_get(x, "kind")),
		    json_string_value(json_object_get(x, "uid")));
	}
	assert_string_equal(kinds, "moved:M4 undeclared:X9 warheads:M2 "
	    "missing:M3 ");
	json_decref(finding);
	json_decref(cands);
	json_decref(sel);
	/* candidates that leave out a declared missile, or add one */
	json_array_clear(disc);
	cands = json_pack("[s,s,s]", "M1", "M2", "M9");
	sel = json_pack("[s]", "M1");
	finding = json_pack("{s:[s]}", "seen", "M1");
	assert_int_equal(acc_inspect_check(t, "type_one", items, "BASE", cands,
	    sel, finding, disc, &err), 0);
	assert_int_equal(json_array_size(disc), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    disc, 0), "uid")), "M3");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    disc, 1), "uid")), "M9");
	json_decref(finding);
	json_decref(sel);
	/* a selected item not presented */
	json_array_clear(disc);
	sel = json_pack("[s]", "M3");
	finding = json_pack("{s:[s]}", "seen", "M1");
	assert_int_equal(acc_inspect_check(t, "type_one", items, "BASE", cands,
	    sel, finding, disc, &err), 0);
	{
		char *text = json_dumps(disc, 0);
		assert_contains(text, "selected for inspection and not "
		    "recorded");
		free(text);
	}
	json_decref(finding);
	json_decref(sel);
	json_decref(cands);
	json_decref(items);
	json_decref(disc);
	acc_treaty_free(t);
}

/* ---- a reveal that breaks the rules, in a log no node checked ---------- */

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Append statements to ws's own log without the checks a node makes. */
static void
raw_append(acc_workspace *ws, const char *type, json_t *body)
{
	acc_err err = ACC_ERR_INIT;
	acc_statement st = { type, body };
	acc_log log;
	acc_key key;
	uint64_t first;
	char now[32];

	memset(&log, 0, sizeof(log));
	log.store = ws->store;
	snprintf(log.treaty, sizeof(log.treaty), "new-start");
	snprintf(log.party, sizeof(log.party), "%s", ws->party);
	snprintf(log.origin, sizeof(log.origin), "accord/new-start/%s",
	    ws->party);
	assert_int_equal(acc_workspace_signing_key(ws, &key, &log.vkey, &err),
	    0);
	log.key = &key;
	acc_log_now(now);
	assert_int_equal(acc_log_append(&log, &st, 1, now, &first, NULL, &err),
	    0);
	acc_key_dispose(&key);
	json_decref(body);
}

static void
test_replay_reports_reveals_that_break_the_rules(void **state)
{
	char dir[] = "/tmp/accord-inspect-XXXXXX", us[300], ru[300];
	acc_workspace *wu = NULL, *wr = NULL;
	acc_err err = ACC_ERR_INIT;
	uint8_t ru_r[32] = { 1 }, rh[32] = { 2 }, wrong[32] = { 3 };
	char cu[64], ch[64], ru64[64], rh64[64], wrong64[64];
	json_t *plan = NULL, *f;
	char *text;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(us, sizeof(us), "%s/us", dir);
	snprintf(ru, sizeof(ru), "%s/ru", dir);
	assert_int_equal(acc_workspace_init(us, "new-start", "US", NULL, &err),
	    0);
	assert_int_equal(acc_workspace_init(ru, "new-start", "RU", NULL, &err),
	    0);
	assert_int_equal(acc_workspace_open(&wu, us, &err), 0);
	assert_int_equal(acc_workspace_open(&wr, ru, &err), 0);
	c64(ru_r, cu);
	c64(rh, ch);
	acc_base64_encode(ru64, ru_r, 32);
	acc_base64_encode(rh64, rh, 32);
	acc_base64_encode(wrong64, wrong, 32);
	raw_append(wu, "inspection.open", json_pack("{s:s, s:s, s:s, s:s, "
	    "s:s}", "id", "US-2022-01", "kind", "type_one", "host", "RU",
	    "date", "2022-09-14", "commit", cu));
	raw_append(wr, "inspection.commit", json_pack("{s:s, s:s, s:{s:[s,s]}}",
	    "id", "US-2022-01", "commit", ch, "candidates", "RU-BASE", "M1",
	    "M2"));
	/* US reveals as it should; RU reveals other bytes, and without
	 * naming US's commitment */
	raw_append(wu, "inspection.reveal", json_pack("{s:s, s:s, s:s}", "id",
	    "US-2022-01", "random", ru64, "seen", ch));
	raw_append(wr, "inspection.reveal", json_pack("{s:s, s:s, s:s}", "id",
	    "US-2022-01", "random", wrong64, "seen", ch));
	acc_workspace_close(wu);
	acc_workspace_close(wr);
	assert_int_equal(acc_inspect_replay(ru, us, "US-2022-01", &plan, &err),
	    0);
	f = json_object_get(plan, "findings");
	text = json_dumps(f, 0);
	assert_int_equal(json_array_size(f), 2);
	assert_contains(text, "does not match the commitment");
	assert_contains(text, "without having seen US's commitment");
	assert_int_equal(json_array_size(json_object_get(plan, "items")), 0);
	free(text);
	json_decref(plan);
	(void)nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jrand_known_answers),
		cmocka_unit_test(test_jrand_pick_refuses_more_than_there_are),
		cmocka_unit_test(test_jrand_draws_show_no_bias),
		cmocka_unit_test(test_select_site_then_items_from_one_counter),
		cmocka_unit_test(test_open_within_quota_and_dates),
		cmocka_unit_test(test_reveal_once_and_matching),
		cmocka_unit_test(test_check_finds_each_kind_of_discrepancy),
		cmocka_unit_test(
		    test_replay_reports_reveals_that_break_the_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
