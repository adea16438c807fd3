/*
 * The negotiation workbench: positions files (and every way they can be
 * inconsistent), the exact analysis checked against an exhaustive
 * enumeration written independently here (128-bit products, its own
 * tie-breaking), boundaries, the explanations of a missing zone, the
 * sensitivity of the Nash package, estimates and what-if plans.
 */
#include "unit.h"

#include <stdlib.h>

#include <accord/accord.h>
#include <accord/negotiate.h>

#include "negotiate_int.h"

__extension__ typedef unsigned __int128 u128;
__extension__ typedef __int128 i128;

#define SC 1000000

static acc_treaty *draft;

static int
setup(void **state)
{
	acc_err err = ACC_ERR_INIT;

	(void)state;
	return acc_treaty_open(&draft, "successor-draft", &err);
}

static int
teardown(void **state)
{
	(void)state;
	acc_treaty_free(draft);
	return 0;
}

/* ---- a generated negotiation, known to the test number by number ---- */

struct gen {
	size_t n;
	size_t nl[8];
	char level[8][4][32];
	const char *limit[8];
	bool rule[8];
	int64_t w[2][8], v[2][8][4], r[2];
	uint32_t red[2][8];
};

static uint64_t rng = 88172645463325252ull;

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int64_t
pick(int64_t n)
{
	return (int64_t)(next() % (uint64_t)n);
}

/* A value: often a multiple of 0.1 (ties), else any millionth. */
static int64_t
value(void)
{
	return pick(2) ? pick(11) * 100000 : pick(SC + 1);
}

static void
gen_make(struct gen *g, bool red_lines)
{
	static const char *const limits[] = { "deployed_vehicles",
		"launchers", "nonstrategic_warheads", "glide_vehicles",
		"interceptors", "total_warheads", "deployed_warheads" };
	static const char *const rules[] = { "default", "actual_bomber_load",
		"glide_vehicles_apart" };
	size_t i, l, q;

	memset(g, 0, sizeof(*g));
	g->n = 1 + (size_t)pick(6);
	for (i = 0; i < g->n; i++) {
		g->rule[i] = i == 5;
		g->limit[i] = g->rule[i] ? "deployed_warheads" : limits[i];
		g->nl[i] = 1 + (size_t)pick(g->rule[i] ? 3 : 4);
		for (l = 0; l < g->nl[i]; l++) {
			if (g->rule[i])
				snprintf(g->level[i][l], 32, "%s", rules[l]);
			else if (l == 3)
				snprintf(g->level[i][l], 32, "none");
			else
				snprintf(g->level[i][l], 32, "%zu",
				    100 * (l + 1));
		}
	}
	for (q = 0; q < 2; q++) {
		int64_t left = SC;
		for (i = 0; i < g->n; i++) {
			int64_t w = i + 1 == g->n ? left :
			    pick(2) ? pick(left + 1) : (left / 100000 > 0 ?
			    pick(left / 100000 + 1) * 100000 : 0);
			g->w[q][i] = w;
			left -= w;
			for (l = 0; l < g->nl[i]; l++) {
				g->v[q][i][l] = value();
				if (red_lines && pick(8) == 0)
					g->red[q][i] |= 1u << l;
			}
		}
		g->r[q] = pick(3) ? pick(7) * 100000 : pick(SC + 1);
	}
}

static void
put_frac(acc_buf *b, int64_t m)
{
	int rc = acc_buf_printf(b, "%lld.%06lld", (long long)(m / SC),
	    (long long)(m % SC));
	assert_int_equal(rc, 0);
}

static void
gen_text(const struct gen *g, acc_buf *b)
{
	static const char *const party[2] = { "US", "RU" };
	size_t i, l, q;
	int rc;

	rc = acc_buf_puts(b, "format: accord-positions/1\ntitle: generated\n"
	    "treaty: successor-draft\nissues:\n");
	for (i = 0; rc == 0 && i < g->n; i++) {
		rc = acc_buf_printf(b, "  - id: i%zu\n    limit: %s\n%s"
		    "    levels: [", i, g->limit[i], g->rule[i] ?
		    "    kind: rule\n" : "");
		for (l = 0; rc == 0 && l < g->nl[i]; l++)
			rc = acc_buf_printf(b, "%s%s", l ? ", " : "",
			    g->level[i][l]);
		if (rc == 0)
			rc = acc_buf_puts(b, "]\n");
	}
	if (rc == 0)
		rc = acc_buf_puts(b, "parties:\n");
	for (q = 0; rc == 0 && q < 2; q++) {
		rc = acc_buf_printf(b, "  %s:\n    reservation: ", party[q]);
		put_frac(b, g->r[q]);
		rc |= acc_buf_puts(b, "\n    weights:\n");
		for (i = 0; i < g->n; i++) {
			rc |= acc_buf_printf(b, "      i%zu: ", i);
			put_frac(b, g->w[q][i]);
			rc |= acc_buf_puts(b, "\n");
		}
		rc |= acc_buf_puts(b, "    values:\n");
		for (i = 0; i < g->n; i++) {
			rc |= acc_buf_printf(b, "      i%zu:\n", i);
			for (l = 0; l < g->nl[i]; l++) {
				rc |= acc_buf_printf(b, "        \"%s\": ",
				    g->level[i][l]);
				put_frac(b, g->v[q][i][l]);
				rc |= acc_buf_puts(b, "\n");
			}
		}
		rc |= acc_buf_puts(b, "    red_lines:\n");
		for (i = 0; i < g->n; i++) {
			bool first = true;
			rc |= acc_buf_printf(b, "      i%zu: [", i);
			for (l = 0; l < g->nl[i]; l++)
				if (g->red[q][i] & (1u << l)) {
					rc |= acc_buf_printf(b, "%s\"%s\"",
					    first ? "" : ", ", g->level[i][l]);
					first = false;
				}
			rc |= acc_buf_puts(b, "]\n");
		}
	}
	assert_int_equal(rc, 0);
}

/* ---- the exhaustive reference ---------------------------------------- */

struct pt {
	int64_t a, b;
};

struct ref {
	size_t n_all, n_front;
	struct pt *all, *front;
	bool zone;
	struct pt sol[3];
};

static int64_t
util_of(const struct gen *g, size_t q, const size_t *lv)
{
	int64_t u = 0;
	size_t i;

	for (i = 0; i < g->n; i++)
		u += g->w[q][i] * g->v[q][i][lv[i]];
	return u;
}

static int
cmp_pt(const void *x, const void *y)
{
	const struct pt *a = x, *b = y;

	if (a->a != b->a)
		return a->a > b->a ? -1 : 1;
	if (a->b != b->b)
		return a->b > b->b ? -1 : 1;
	return 0;
}

static void
reference(const struct gen *g, struct ref *r)
{
	size_t lv[8] = { 0 }, i, k, cap = 1;
	int64_t r0 = g->r[0] * SC, r1 = g->r[1] * SC;
	bool have[3] = { false, false, false };
	int64_t i0 = INT64_MIN, i1 = INT64_MIN;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < g->n; i++)
		cap *= g->nl[i];
	r->all = calloc(cap, sizeof(*r->all));
	r->front = calloc(cap, sizeof(*r->front));
	assert_non_null(r->all);
	assert_non_null(r->front);
	for (;;) {
		bool ok = true;
		for (i = 0; i < g->n; i++)
			if ((g->red[0][i] | g->red[1][i]) & (1u << lv[i]))
				ok = false;
		if (ok) {
			r->all[r->n_all].a = util_of(g, 0, lv);
			r->all[r->n_all].b = util_of(g, 1, lv);
			r->n_all++;
		}
		for (k = g->n; k > 0; k--) {
			if (++lv[k - 1] < g->nl[k - 1])
				break;
			lv[k - 1] = 0;
		}
		if (k == 0)
			break;
	}
	/* non-dominated distinct points, by brute force */
	for (i = 0; i < r->n_all; i++) {
		bool dominated = false, dup = false;
		for (k = 0; k < r->n_all && !dominated; k++)
			dominated = r->all[k].a >= r->all[i].a &&
			    r->all[k].b >= r->all[i].b &&
			    (r->all[k].a > r->all[i].a ||
			    r->all[k].b > r->all[i].b);
		for (k = 0; k < r->n_front && !dup; k++)
			dup = r->front[k].a == r->all[i].a &&
			    r->front[k].b == r->all[i].b;
		if (!dominated && !dup)
			r->front[r->n_front++] = r->all[i];
	}
	qsort(r->front, r->n_front, sizeof(*r->front), cmp_pt);
	/* the zone and the solutions over every package in it */
	for (i = 0; i < r->n_all; i++) {
		const struct pt *p = &r->all[i];
		if (p->a > r0 && p->b > r1) {
			r->zone = true;
			if (p->a - r0 > i0)
				i0 = p->a - r0;
			if (p->b - r1 > i1)
				i1 = p->b - r1;
		}
	}
	for (i = 0; i < r->n_all; i++) {
		const struct pt *p = &r->all[i];
		int64_t g0 = p->a - r0, g1 = p->b - r1;
		u128 prod, bp;
		int64_t mn, mx, bmn, bmx;
		u128 kmn, kmx, bkmn, bkmx, x0, x1;

		if (g0 <= 0 || g1 <= 0)
			continue;
		/* Nash: product, then sum, then more for party 0 */
		prod = (u128)g0 * (u128)g1;
		bp = have[0] ? (u128)(r->sol[0].a - r0) *
		    (u128)(r->sol[0].b - r1) : 0;
		if (!have[0] || prod > bp || (prod == bp &&
		    (p->a + p->b > r->sol[0].a + r->sol[0].b ||
		    (p->a + p->b == r->sol[0].a + r->sol[0].b &&
		    p->a > r->sol[0].a)))) {
			r->sol[0] = *p;
			have[0] = true;
		}
		/* Kalai-Smorodinsky: min and max of the normalised gains */
		x0 = (u128)g0 * (u128)i1;
		x1 = (u128)g1 * (u128)i0;
		kmn = x0 < x1 ? x0 : x1;
		kmx = x0 < x1 ? x1 : x0;
		if (have[1]) {
			u128 y0 = (u128)(r->sol[1].a - r0) * (u128)i1;
			u128 y1 = (u128)(r->sol[1].b - r1) * (u128)i0;
			bkmn = y0 < y1 ? y0 : y1;
			bkmx = y0 < y1 ? y1 : y0;
		} else {
			bkmn = bkmx = 0;
		}
		if (!have[1] || kmn > bkmn || (kmn == bkmn && (kmx > bkmx ||
		    (kmx == bkmx && p->a > r->sol[1].a)))) {
			r->sol[1] = *p;
			have[1] = true;
		}
		/* egalitarian */
		mn = g0 < g1 ? g0 : g1;
		mx = g0 < g1 ? g1 : g0;
		bmn = have[2] ? (r->sol[2].a - r0 < r->sol[2].b - r1 ?
		    r->sol[2].a - r0 : r->sol[2].b - r1) : 0;
		bmx = have[2] ? (r->sol[2].a - r0 < r->sol[2].b - r1 ?
		    r->sol[2].b - r1 : r->sol[2].a - r0) : 0;
		if (!have[2] || mn > bmn || (mn == bmn && (mx > bmx ||
		    (mx == bmx && p->a > r->sol[2].a)))) {
			r->sol[2] = *p;
			have[2] = true;
		}
	}
}

static void
ref_dispose(struct ref *r)
{
	free(r->all);
	free(r->front);
}

/*
 * Whether the package with levels lv is a Nash package when party q's
 * weight of issue i is t (others rescaled), by brute force over every
 * allowed package, in the same exact scale the library uses.
 */
static bool
nash_at(const struct gen *g, const uint8_t *lvN, size_t q, size_t i,
    int64_t t)
{
	size_t lv[8] = { 0 }, k, j;
	int64_t w = g->w[q][i];
	i128 best = 0, mine = 0;
	bool have = false;

	for (;;) {
		bool ok = true, is_n = true;
		for (k = 0; k < g->n; k++) {
			if ((g->red[0][k] | g->red[1][k]) & (1u << lv[k]))
				ok = false;
			if (lv[k] != lvN[k])
				is_n = false;
		}
		if (ok) {
			int64_t u = util_of(g, q, lv), vi = g->v[q][i][lv[i]];
			i128 gq = (i128)t * vi * (SC - w) +
			    (i128)(SC - t) * (u - w * vi) -
			    (i128)g->r[q] * SC * (SC - w);
			i128 go = util_of(g, 1 - q, lv) -
			    (i128)g->r[1 - q] * SC;
			if (gq > 0 && go > 0) {
				i128 prod = gq * go;
				if (!have || prod > best)
					best = prod;
				have = true;
				if (is_n)
					mine = prod;
			} else if (is_n) {
				return false;
			}
		}
		for (j = g->n; j > 0; j--) {
			if (++lv[j - 1] < g->nl[j - 1])
				break;
			lv[j - 1] = 0;
		}
		if (j == 0)
			break;
	}
	return have && mine == best;
}

static void
test_u128_products_are_exact(void **state)
{
	acc_u128 x = acc_u128_mul(UINT64_MAX, UINT64_MAX);
	acc_u128 y = acc_u128_mul(1000000000000ull, 999999999999ull);
	u128 want = (u128)1000000000000ull * 999999999999ull;

	(void)state;
	assert_true(x.hi == UINT64_MAX - 1 && x.lo == 1);
	assert_true(y.hi == (uint64_t)(want >> 64) && y.lo == (uint64_t)want);
	assert_int_equal(acc_u128_cmp(x, y), 1);
	assert_int_equal(acc_u128_cmp(y, y), 0);
	x = acc_u128_add(acc_u128_mul(UINT64_MAX, 1), acc_u128_mul(1, 1));
	assert_true(x.hi == 1 && x.lo == 0);
}

static void
check_against_reference(const struct gen *g)
{
	acc_buf text = ACC_BUF_INIT(1u << 20);
	acc_err err = ACC_ERR_INIT;
	acc_positions *p = NULL;
	acc_negotiation *n = NULL;
	struct ref r;
	size_t i, k, q;
	int rc;

	gen_text(g, &text);
	rc = acc_positions_parse(&p, draft, text.data, text.len, "gen.yaml",
	    &err);
	if (rc != 0)
		fail_msg("%s: %s\n%s", err.where, err.msg, text.data);
	rc = acc_negotiation_solve(&n, p, &err);
	assert_int_equal(rc, 0);
	reference(g, &r);
	assert_int_equal(acc_negotiation_packages(n), r.n_all);
	assert_int_equal(acc_negotiation_frontier_size(n), r.n_front);
	for (i = 0; i < r.n_front; i++) {
		acc_package pk;
		size_t lv[8];
		acc_negotiation_frontier(n, i, &pk);
		assert_int_equal(pk.utility[0], r.front[i].a);
		assert_int_equal(pk.utility[1], r.front[i].b);
		/* the package given does give that point */
		for (k = 0; k < g->n; k++)
			lv[k] = pk.level[k];
		assert_int_equal(util_of(g, 0, lv), pk.utility[0]);
		assert_int_equal(util_of(g, 1, lv), pk.utility[1]);
	}
	assert_int_equal(acc_negotiation_has_agreement(n), r.zone);
	if (!r.zone)
		assert_true(strlen(acc_negotiation_explanation(n)) > 0);
	for (k = 0; r.zone && k < ACC_SOL_COUNT; k++) {
		acc_package pk;
		assert_int_equal(acc_negotiation_solution(n,
		    (acc_solution_kind)k, &pk, &err), 0);
		if (pk.utility[0] != r.sol[k].a || pk.utility[1] !=
		    r.sol[k].b)
			fail_msg("solution %zu: got (%lld, %lld), the "
			    "enumeration gives (%lld, %lld)\n%s", k,
			    (long long)pk.utility[0], (long long)pk.utility[1],
			    (long long)r.sol[k].a, (long long)r.sol[k].b,
			    text.data);
	}
	/* sensitivity: the range's ends hold, one step beyond does not */
	if (r.zone) {
		acc_package nash;
		assert_int_equal(acc_negotiation_solution(n, ACC_SOL_NASH,
		    &nash, &err), 0);
		for (q = 0; q < 2; q++)
			for (i = 0; i < g->n; i++) {
				int64_t lo, hi;
				if (!acc_negotiation_sensitivity(n, q, i, &lo,
				    &hi)) {
					assert_true(g->w[q][i] == SC);
					continue;
				}
				assert_true(lo <= g->w[q][i] &&
				    g->w[q][i] <= hi);
				assert_true(nash_at(g, nash.level, q, i, lo));
				assert_true(nash_at(g, nash.level, q, i, hi));
				if (lo > 0)
					assert_false(nash_at(g, nash.level, q,
					    i, lo - 1));
				if (hi < SC)
					assert_false(nash_at(g, nash.level, q,
					    i, hi + 1));
			}
	}
	ref_dispose(&r);
	acc_negotiation_free(n);
	acc_positions_free(p);
	acc_buf_dispose(&text);
}

static void
test_random_small_spaces_match_exhaustive_enumeration(void **state)
{
	struct gen g;
	int round;

	(void)state;
	for (round = 0; round < 300; round++) {
		gen_make(&g, round % 3 == 0);
		check_against_reference(&g);
	}
}

/* ---- positions from text ---------------------------------------------- */

static const char base[] =
    "format: accord-positions/1\n"                        /* 1 */
    "title: t\n"                                          /* 2 */
    "treaty: successor-draft\n"                           /* 3 */
    "issues:\n"                                           /* 4 */
    "  - id: nsw\n"                                       /* 5 */
    "    limit: nonstrategic_warheads\n"                  /* 6 */
    "    levels: [1000, none]\n"                          /* 7 */
    "  - id: md\n"                                        /* 8 */
    "    limit: interceptors\n"                           /* 9 */
    "    levels: [100, none]\n"                           /* 10 */
    "parties:\n"                                          /* 11 */
    "  US:\n"                                             /* 12 */
    "    reservation: RUS\n"                              /* 13 */
    "    weights: {nsw: 0.6, md: 0.4}\n"                  /* 14 */
    "    values:\n"                                       /* 15 */
    "      nsw: {1000: 1, none: 0}\n"                     /* 16 */
    "      md: {100: 0, none: 1}\n"                       /* 17 */
    "    red_lines: {REDUS}\n"                            /* 18 */
    "  RU:\n"                                             /* 19 */
    "    reservation: RRU\n"                              /* 20 */
    "    weights: {nsw: 0.3, md: 0.7}\n"                  /* 21 */
    "    values:\n"                                       /* 22 */
    "      nsw: {1000: 0, none: 1}\n"                     /* 23 */
    "      md: {100: 1, none: 0}\n"                       /* 24 */
    "    red_lines: {REDRU}\n";                           /* 25 */

/* base with each "KEY" replaced by its value (pairs, NULL-ended). */
static char *
make(const char *const *subst)
{
	acc_buf b = ACC_BUF_INIT(1u << 16);
	const char *s = base;
	size_t i;

	while (*s) {
		for (i = 0; subst[i]; i += 2)
			if (strncmp(s, subst[i], strlen(subst[i])) == 0)
				break;
		if (subst[i]) {
			assert_int_equal(acc_buf_puts(&b, subst[i + 1]), 0);
			s += strlen(subst[i]);
		} else {
			assert_int_equal(acc_buf_append(&b, s, 1), 0);
			s++;
		}
	}
	return b.data;
}

static int
parse_with(acc_positions **p, const char *const *subst, acc_err *err)
{
	char *text = make(subst);
	int rc = acc_positions_parse(p, draft, text, strlen(text), "pos.yaml",
	    err);

	free(text);
	return rc;
}

static const char *const ok_subst[] = { "RUS", "0.3", "RRU", "0.3",
	"REDUS", "", "REDRU", "", NULL };

static void
test_positions_parse_a_good_file(void **state)
{
	acc_err err = ACC_ERR_INIT;
	acc_positions *p = NULL;
	acc_negotiation *n = NULL;
	acc_package pk;

	(void)state;
	assert_int_equal(parse_with(&p, ok_subst, &err), 0);
	assert_string_equal(acc_positions_party(p, 0), "US");
	assert_string_equal(acc_positions_party(p, 1), "RU");
	assert_int_equal(acc_positions_issue_count(p), 2);
	assert_string_equal(acc_positions_level(p, 0, 1), "none");
	assert_int_equal(acc_negotiation_solve(&n, p, &err), 0);
	assert_true(acc_negotiation_has_agreement(n));
	assert_int_equal(acc_negotiation_packages(n), 4);
	/* nsw=1000 md=100: US 0.6, RU 0.7; both gain 0.3 and 0.4 */
	assert_int_equal(acc_negotiation_solution(n, ACC_SOL_NASH, &pk, &err),
	    0);
	assert_int_equal(pk.level[0], 0);
	assert_int_equal(pk.level[1], 0);
	assert_int_equal(pk.utility[0], 600000000000);
	assert_int_equal(pk.utility[1], 700000000000);
	acc_negotiation_free(n);
	acc_positions_free(p);
}

static void
test_positions_load_the_illustrative_file(void **state)
{
	char path[4096];
	const char *src = getenv("ACC_SRC");
	acc_err err = ACC_ERR_INIT;
	acc_positions *p = NULL;
	acc_negotiation *n = NULL;
	acc_inventory *inv[2] = { NULL, NULL };
	acc_buf out = ACC_BUF_INIT(1u << 24);
	size_t q;

	(void)state;
	snprintf(path, sizeof(path), "%s/data/negotiation/illustrative.yaml",
	    src ? src : ".");
	assert_int_equal(acc_positions_load(&p, path, &err), 0);
	assert_int_equal(acc_negotiation_solve(&n, p, &err), 0);
	assert_true(acc_negotiation_has_agreement(n));
	for (q = 0; q < 2; q++) {
		assert_non_null(acc_positions_holdings(p, q));
		if (acc_estimates_load(&inv[q], acc_positions_treaty(p),
		    acc_positions_holdings(p, q), &err) != 0)
			fail_msg("%s: %s", err.where, err.msg);
	}
	assert_int_equal(acc_negotiation_requirements(n,
	    (const acc_inventory *const *)inv, &err), 0);
	assert_int_equal(acc_negotiation_format(&out, n, ACC_FORMAT_TEXT,
	    &err), 0);
	assert_contains(out.data, "Nash bargaining");
	assert_contains(out.data, "RU: over nonstrategic_warheads by 912");
	acc_buf_reset(&out);
	assert_int_equal(acc_negotiation_format(&out, n, ACC_FORMAT_JSON,
	    &err), 0);
	assert_contains(out.data, "\"kalai_smorodinsky\"");
	acc_buf_reset(&out);
	assert_int_equal(acc_negotiation_format(&out, n,
	    ACC_FORMAT_MARKDOWN, &err), 0);
	assert_contains(out.data, "### Sensitivity");
	acc_buf_reset(&out);
	assert_int_equal(acc_negotiation_plot(&out, n, &err), 0);
	assert_prefix(out.data, "<?xml");
	assert_contains(out.data, "Pareto frontier");
	acc_negotiation_free(n);
	acc_inventory_free(inv[0]);
	acc_inventory_free(inv[1]);
	acc_positions_free(p);
	acc_buf_dispose(&out);
}

struct bad_case {
	const char *subst[10];
	const char *where;
	const char *frag;
};

static void
test_positions_refuse_inconsistencies_with_file_and_line(void **state)
{
	static const struct bad_case cases[] = {
		{ { "0.6, md: 0.4", "0.6, md: 0.3", NULL },
		    "pos.yaml:14:14 parties.US.weights",
		    "weights sum to 0.900000, expected exactly 1" },
		{ { "{100: 1, none: 0}", "{100: 1.5, none: 0}", NULL },
		    "pos.yaml:24:17 parties.RU.values.md.100",
		    "a number from 0 to 1" },
		{ { "{100: 1, none: 0}", "{100: -0.1, none: 0}", NULL },
		    "pos.yaml:24:17 parties.RU.values.md.100",
		    "a number from 0 to 1" },
		{ { "RUS", "0.1234567", NULL },
		    "pos.yaml:13:18 parties.US.reservation",
		    "at most 6 decimals" },
		{ { "[1000, none]", "[1000, unlimited]", NULL },
		    "pos.yaml:7:20 issues[0].levels[1]",
		    "the draft cannot express \"unlimited\"" },
		{ { "[1000, none]", "[1000.5, none]", NULL },
		    "pos.yaml:7:14 issues[0].levels[0]",
		    "the draft cannot express" },
		{ { "    limit: interceptors\n", "", NULL },
		    "pos.yaml:8:5 issues[1]", "issue md names no limit" },
		{ { "interceptors", "sea_launched_cruise_missiles", NULL },
		    "pos.yaml:9:12 issues[1].limit",
		    "the draft successor-draft has no limit" },
		{ { "REDUS", "nsw: [2000]", NULL },
		    "pos.yaml:18:23 parties.US.red_lines.nsw",
		    "issue nsw has no level \"2000\"" },
		{ { "{nsw: 0.6, md: 0.4}", "{nsw: 1}", NULL },
		    "pos.yaml:14:14 parties.US.weights",
		    "no weight for issue md" },
		{ { "      md: {100: 0, none: 1}\n", "", NULL },
		    "pos.yaml:16:7 parties.US.values",
		    "no values for issue md" },
		{ { "{1000: 1, none: 0}", "{1000: 1}", NULL },
		    "pos.yaml:16:12 parties.US.values.nsw",
		    "no value for level none" },
		{ { "  RU:\n", "  CN:\n", NULL },
		    "pos.yaml:19:3 parties", "has no party \"CN\"" },
		{ { "successor-draft", "new-start", NULL },
		    "pos.yaml:3:9 treaty", "not successor-draft" },
		{ { "accord-positions/1", "accord-positions/2", NULL },
		    "pos.yaml:1:9 format", "expected \"accord-positions/1\"" },
		{ { "    levels: [100, none]\n", "    levels: [100, 100]\n",
		    NULL }, "pos.yaml:10:19 issues[1].levels[1]",
		    "listed twice" },
		{ { "interceptors", "nonstrategic_warheads", NULL },
		    "pos.yaml:9:12 issues[1].limit",
		    "issue nsw already negotiates this limit's maximum" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *subst[20];
		acc_err err = ACC_ERR_INIT;
		acc_positions *p = NULL;
		size_t k = 0, j;
		for (j = 0; cases[i].subst[j]; j++)
			subst[k++] = cases[i].subst[j];
		for (j = 0; ok_subst[j]; j++)
			subst[k++] = ok_subst[j];
		subst[k] = NULL;
		assert_int_equal(parse_with(&p, subst, &err), ACC_EINVAL);
		assert_null(p);
		assert_err(err, ACC_EINVAL, cases[i].where, cases[i].frag);
	}
}

static void
test_a_rule_issue_names_variants_of_its_limit(void **state)
{
	static const char text[] =
	    "format: accord-positions/1\ntitle: t\ntreaty: successor-draft\n"
	    "issues:\n  - id: c\n    limit: deployed_warheads\n"
	    "    kind: rule\n    levels: [default, one_per_bomber]\n"
	    "parties:\n  US: {reservation: 0, weights: {c: 1}, values: {c: "
	    "{default: 1, one_per_bomber: 0}}}\n  RU: {reservation: 0, "
	    "weights: {c: 1}, values: {c: {default: 0, one_per_bomber: 1}}}\n";
	acc_err err = ACC_ERR_INIT;
	acc_positions *p = NULL;

	(void)state;
	assert_int_equal(acc_positions_parse(&p, draft, text, strlen(text),
	    "rule.yaml", &err), ACC_EINVAL);
	assert_err(err, ACC_EINVAL, "rule.yaml:8:23 issues[0].levels[1]",
	    "limit deployed_warheads has no such counting rule");
}

/* ---- boundaries and explanations ------------------------------------- */

static acc_negotiation *
solve_with(const char *const *subst, acc_positions **p)
{
	acc_err err = ACC_ERR_INIT;
	acc_negotiation *n = NULL;

	if (parse_with(p, subst, &err) != 0)
		fail_msg("%s: %s", err.where, err.msg);
	assert_int_equal(acc_negotiation_solve(&n, *p, &err), 0);
	return n;
}

static void
test_reservation_above_every_package_is_explained(void **state)
{
	static const char *const s[] = { "RUS", "1", "RRU", "0.3",
		"REDUS", "", "REDRU", "", NULL };
	acc_positions *p = NULL;
	acc_negotiation *n = solve_with(s, &p);
	acc_package pk;
	acc_err err = ACC_ERR_INIT;

	(void)state;
	assert_false(acc_negotiation_has_agreement(n));
	assert_contains(acc_negotiation_explanation(n),
	    "No package gives US more than its reservation utility 1.000");
	assert_int_equal(acc_negotiation_solution(n, ACC_SOL_NASH, &pk, &err),
	    ACC_ENOTFOUND);
	acc_negotiation_free(n);
	acc_positions_free(p);
}

static void
test_reservations_that_cross_are_explained(void **state)
{
	/* best for RU above 0.65 gives US at most 0.6 (< 0.65) */
	static const char *const s[] = { "RUS", "0.65", "RRU", "0.65",
		"REDUS", "", "REDRU", "", NULL };
	acc_positions *p = NULL;
	acc_negotiation *n = solve_with(s, &p);

	(void)state;
	assert_false(acc_negotiation_has_agreement(n));
	assert_contains(acc_negotiation_explanation(n),
	    "Every package RU prefers to no agreement gives US at most 0.600, "
	    "not more than its reservation 0.650");
	assert_contains(acc_negotiation_explanation(n),
	    "Every package US prefers to no agreement gives RU at most 0.000");
	/* no red lines: none is blamed */
	assert_not_contains(acc_negotiation_explanation(n), "red line");
	acc_negotiation_free(n);
	acc_positions_free(p);
}

static void
test_red_lines_that_close_the_zone_are_named(void **state)
{
	static const char *const s[] = { "RUS", "0.3", "RRU", "0.3",
		"REDUS", "md: [100]", "REDRU", "", NULL };
	acc_positions *p = NULL;
	acc_negotiation *n = solve_with(s, &p);

	(void)state;
	assert_false(acc_negotiation_has_agreement(n));
	assert_contains(acc_negotiation_explanation(n),
	    "The red lines close the zone");
	assert_contains(acc_negotiation_explanation(n),
	    "US's red line on md at 100");
	acc_negotiation_free(n);
	acc_positions_free(p);
}

static void
test_an_issue_with_every_level_refused_is_named(void **state)
{
	static const char *const s[] = { "RUS", "0.3", "RRU", "0.3",
		"REDUS", "nsw: [none]", "REDRU", "nsw: [\"1000\"]", NULL };
	acc_positions *p = NULL;
	acc_negotiation *n = solve_with(s, &p);

	(void)state;
	assert_false(acc_negotiation_has_agreement(n));
	assert_int_equal(acc_negotiation_packages(n), 0);
	assert_int_equal(acc_negotiation_frontier_size(n), 0);
	assert_contains(acc_negotiation_explanation(n),
	    "Every level of issue nsw is behind a red line (US refuses none; "
	    "RU refuses 1000)");
	acc_negotiation_free(n);
	acc_positions_free(p);
}

static void
test_indifference_is_not_agreement(void **state)
{
	/* RU's best package gives it exactly its reservation: no zone */
	static const char *const s[] = { "RUS", "0", "RRU", "1",
		"REDUS", "", "REDRU", "", NULL };
	acc_positions *p = NULL;
	acc_negotiation *n = solve_with(s, &p);

	(void)state;
	assert_false(acc_negotiation_has_agreement(n));
	assert_contains(acc_negotiation_explanation(n),
	    "No package gives RU more than its reservation utility 1.000");
	acc_negotiation_free(n);
	acc_positions_free(p);
}

static void
test_one_issue_one_level_is_one_package(void **state)
{
	static const char text[] =
	    "format: accord-positions/1\ntitle: t\ntreaty: successor-draft\n"
	    "issues:\n  - {id: a, limit: launchers, levels: [800]}\n"
	    "parties:\n  US: {reservation: 0.5, weights: {a: 1}, values: "
	    "{a: {800: 1}}}\n  RU: {reservation: 0, weights: {a: 1.000000}, "
	    "values: {a: {800: 0.000001}}}\n";
	acc_err err = ACC_ERR_INIT;
	acc_positions *p = NULL;
	acc_negotiation *n = NULL;
	acc_package pk;
	int64_t lo, hi;

	(void)state;
	assert_int_equal(acc_positions_parse(&p, draft, text, strlen(text),
	    "one.yaml", &err), 0);
	assert_int_equal(acc_negotiation_solve(&n, p, &err), 0);
	assert_int_equal(acc_negotiation_packages(n), 1);
	assert_int_equal(acc_negotiation_frontier_size(n), 1);
	assert_true(acc_negotiation_has_agreement(n));
	assert_int_equal(acc_negotiation_solution(n, ACC_SOL_EGALITARIAN, &pk,
	    &err), 0);
	assert_int_equal(pk.utility[1], 1000000);
	/* all of each party's weight on one issue: nothing to move */
	assert_false(acc_negotiation_sensitivity(n, 0, 0, &lo, &hi));
	acc_negotiation_free(n);
	acc_positions_free(p);
}

/* ---- estimates and what-if --------------------------------------------- */

static void
test_estimates_count_like_an_inventory(void **state)
{
	static const char text[] =
	    "format: accord-estimates/1\nparty: RU\nas_of: 2022-01-01\n"
	    "holdings:\n"
	    "  - {type: icbm, status: deployed, count: 10, warheads: 25, "
	    "attributes: {model: Yars}}\n"
	    "  - {type: warhead, status: non_deployed, count: 1200, "
	    "attributes: {role: non_strategic}}\n"
	    "  - {type: warhead, status: non_deployed, count: 2400, "
	    "attributes: {role: strategic}}\n";
	acc_err err = ACC_ERR_INIT;
	acc_inventory *inv = NULL;
	acc_counter *c = NULL;
	acc_scenario s;
	acc_whatif w;
	int64_t tot[64];
	size_t l, k, n = 0;

	(void)state;
	assert_int_equal(acc_estimates_parse(&inv, draft, text, strlen(text),
	    "est.yaml", &err), 0);
	assert_int_equal(acc_inventory_item_count(inv), 3610);
	assert_int_equal(acc_counter_new(&c, draft, NULL, &err), 0);
	acc_counter_totals(c, inv, tot);
	acc_scenario_init(&s, draft);
	assert_int_equal(acc_whatif_make(&w, inv, &s, &err), 0);
	for (l = 0; l < w.n_limits; l++)
		assert_int_equal(w.limits[l].value, tot[l]);
	/* 25 warheads over 10 missiles: 5 carry 3, 5 carry 2 */
	assert_int_equal(w.limits[acc_treaty_limit_find(draft,
	    "deployed_warheads")].value, 25);
	/* nonstrategic 1200 > 1000; total 25 + 3600 = 3625 > 3500 */
	assert_int_equal(w.n_over, 2);
	assert_true(w.complete);
	assert_int_equal(w.lower_bound, 200);
	for (k = 0; k < w.n_actions; k++)
		n += w.actions[k].n_items;
	assert_int_equal(n, w.touched);
	/* 200 non-strategic eliminated make both limits: 3425 <= 3500 */
	assert_int_equal(w.touched, 200);
	for (l = 0; l < w.n_limits; l++)
		if (w.limits[l].max >= 0)
			assert_true(w.limits[l].after <= w.limits[l].max);
	acc_whatif_dispose(&w);
	acc_counter_free(c);
	acc_inventory_free(inv);
}

static void
test_whatif_plans_downloads_and_non_deployment(void **state)
{
	static const char text[] =
	    "format: accord-estimates/1\nparty: US\nas_of: 2022-01-01\n"
	    "holdings:\n"
	    "  - {type: slbm, status: deployed, count: 400, warheads: 1600}\n"
	    "  - {type: icbm, status: deployed, count: 400, warheads: 400}\n";
	acc_err err = ACC_ERR_INIT;
	acc_inventory *inv = NULL;
	acc_scenario s;
	acc_whatif w;
	int vl = acc_treaty_limit_find(draft, "deployed_vehicles");
	int wl = acc_treaty_limit_find(draft, "deployed_warheads");

	(void)state;
	assert_int_equal(acc_estimates_parse(&inv, draft, text, strlen(text),
	    "est.yaml", &err), 0);
	acc_scenario_init(&s, draft);
	/* 800 vehicles > 700 and 2,000 warheads > 1,550 */
	assert_int_equal(acc_whatif_make(&w, inv, &s, &err), 0);
	assert_int_equal(w.n_over, 2);
	assert_true(w.complete);
	assert_true(w.limits[vl].after <= 700);
	assert_true(w.limits[wl].after <= 1550);
	/* 100 vehicles must go; at most 4 warheads leave with each SLBM */
	assert_int_equal(w.lower_bound, 113);
	assert_true(w.touched >= w.lower_bound);
	acc_whatif_dispose(&w);
	/* with no limit on vehicles, downloading is enough */
	assert_int_equal(acc_scenario_set(&s, "deployed_vehicles=none", false,
	    "--max", &err), 0);
	assert_int_equal(acc_whatif_make(&w, inv, &s, &err), 0);
	assert_true(w.complete);
	assert_int_equal(w.n_over, 1);
	assert_int_equal(w.touched, 113);
	acc_whatif_dispose(&w);
	acc_inventory_free(inv);
}

static void
test_scenario_options_name_what_the_draft_lacks(void **state)
{
	acc_err err = ACC_ERR_INIT;
	acc_scenario s;

	(void)state;
	acc_scenario_init(&s, draft);
	assert_int_equal(acc_scenario_set(&s, "deployed_warheads="
	    "actual_bomber_load", true, "--variant", &err), 0);
	assert_int_equal(s.variant[1], 0);
	assert_int_equal(acc_scenario_set(&s, "deployed_warheads=x", true,
	    "--variant", &err), ACC_EINVAL);
	assert_err(err, ACC_EINVAL, "--variant", "has no counting rule \"x\"");
	acc_err_clear(&err);
	assert_int_equal(acc_scenario_set(&s, "no_such=1", false, "--max",
	    &err), ACC_EINVAL);
	assert_err(err, ACC_EINVAL, "--max", "has no limit \"no_such\"");
	acc_err_clear(&err);
	assert_int_equal(acc_scenario_set(&s, "launchers=-3", false, "--max",
	    &err), ACC_EINVAL);
	assert_err(err, ACC_EINVAL, "--max", "expected a whole number or none");
}

static void
test_estimates_refuse_bad_rows_with_file_and_line(void **state)
{
	static const struct {
		const char *text, *where, *frag;
	} cases[] = {
		{ "format: accord-estimates/1\nparty: RU\nas_of: 2022-01-01\n"
		  "holdings:\n  - {type: sam, status: deployed, count: 1}\n",
		  "e.yaml:5:12 holdings[0]", "no item type \"sam\"" },
		{ "format: accord-estimates/1\nparty: RU\nas_of: 2022-01-01\n"
		  "holdings:\n  - {type: icbm, status: deployed, count: 1}\n",
		  "e.yaml:5:5 holdings[0]", "carries warheads" },
		{ "format: accord-estimates/1\nparty: RU\nas_of: 2022-01-01\n"
		  "holdings:\n  - {type: hgv, status: deployed, count: x}\n",
		  "e.yaml:5:42 holdings[0]", "expected a whole number" },
		{ "format: accord-estimates/1\nparty: FR\nas_of: 2022-01-01\n"
		  "holdings:\n  - {type: hgv, status: deployed, count: 1}\n",
		  "e.yaml:2:8 party", "no party \"FR\"" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		acc_err err = ACC_ERR_INIT;
		acc_inventory *inv = NULL;
		assert_int_equal(acc_estimates_parse(&inv, draft,
		    cases[i].text, strlen(cases[i].text), "e.yaml", &err),
		    ACC_EINVAL);
		assert_null(inv);
		assert_err(err, ACC_EINVAL, cases[i].where, cases[i].frag);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_u128_products_are_exact),
		cmocka_unit_test(
		    test_random_small_spaces_match_exhaustive_enumeration),
		cmocka_unit_test(test_positions_parse_a_good_file),
		cmocka_unit_test(test_positions_load_the_illustrative_file),
		cmocka_unit_test(
		    test_positions_refuse_inconsistencies_with_file_and_line),
		cmocka_unit_test(test_a_rule_issue_names_variants_of_its_limit),
		cmocka_unit_test(
		    test_reservation_above_every_package_is_explained),
		cmocka_unit_test(test_reservations_that_cross_are_explained),
		cmocka_unit_test(test_red_lines_that_close_the_zone_are_named),
		cmocka_unit_test(
		    test_an_issue_with_every_level_refused_is_named),
		cmocka_unit_test(test_indifference_is_not_agreement),
		cmocka_unit_test(test_one_issue_one_level_is_one_package),
		cmocka_unit_test(test_estimates_count_like_an_inventory),
		cmocka_unit_test(
		    test_whatif_plans_downloads_and_non_deployment),
		cmocka_unit_test(
		    test_scenario_options_name_what_the_draft_lacks),
		cmocka_unit_test(
		    test_estimates_refuse_bad_rows_with_file_and_line),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
