/*
 * Benchmark: the exact solution of a negotiation of 12 issues with 8
 * levels each (8^12, about 6.9 x 10^10 packages): Pareto frontier by
 * merging per-issue frontiers, zone, Nash, Kalai-Smorodinsky and
 * egalitarian packages, and the sensitivity of the Nash package to all 24
 * weights. The baseline, measured in the same run, is exhaustive
 * enumeration (utilities of every package, incrementally) over the first
 * 8 issues; its rate gives what enumerating all 12 would take.
 *
 * Values are opposed (what one party values the other mostly does not,
 * with noise): the hard case, whose frontier is long; "random" draws
 * them independently.
 *
 * usage: bench_negotiate [ISSUES] [LEVELS] [SEED] [opposed|random]
 *        (default 12 8 1 opposed)
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/accord.h>
#include <accord/negotiate.h>

#include "bench.h"

static uint64_t rng;

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

#define SC 1000000

struct space {
	size_t n, nl;
	int64_t w[2][32], v[2][32][16], r[2];
};

static void
make_space(struct space *s, size_t n, size_t nl, bool opposed)
{
	size_t q, i, l;

	s->n = n;
	s->nl = nl;
	for (q = 0; q < 2; q++) {
		int64_t left = SC;
		for (i = 0; i < n; i++) {
			/* weights near 1/n, the last takes the rest */
			int64_t w = i + 1 == n ? left : (int64_t)(SC / n / 2 +
			    next() % (SC / n));
			if (w > left)
				w = left;
			s->w[q][i] = w;
			left -= w;
			for (l = 0; l < nl; l++) {
				int64_t noise = (int64_t)(next() % 200001) -
				    100000;
				int64_t v = (int64_t)(next() % (SC + 1));
				/* opposed interests: what one values, the
				 * other mostly does not */
				if (q == 1 && opposed) {
					v = SC - s->v[0][i][l] + noise;
					v = v < 0 ? 0 : v > SC ? SC : v;
				}
				s->v[q][i][l] = v;
			}
		}
		s->r[q] = 300000;
	}
}

static void
put(acc_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (acc_buf_vprintf(b, fmt, ap) != 0)
		die("format", NULL);
	va_end(ap);
}

static void
texts(const struct space *s, acc_buf *treaty, acc_buf *pos)
{
	static const char *const party[2] = { "AA", "BB" };
	size_t i, l, q;

	put(treaty, "format: accord-treaty/1\nid: bench\ntitle: bench\n"
	    "parties:\n  - {id: AA, name: A}\n  - {id: BB, name: B}\n"
	    "dates: {}\nstatuses:\n  - {id: deployed, name: D, article: x}\n"
	    "facility_kinds:\n  - {id: base, name: B, article: x}\n"
	    "item_types:\n  - {id: thing, name: T, article: x}\nlimits:\n");
	for (i = 0; i < s->n; i++)
		put(treaty, "  - {id: l%zu, name: L, article: x, max: 1, "
		    "rule: count(thing)}\n", i);
	put(pos, "format: accord-positions/1\ntitle: bench\ntreaty: bench\n"
	    "issues:\n");
	for (i = 0; i < s->n; i++) {
		put(pos, "  - {id: i%zu, limit: l%zu, levels: [", i, i);
		for (l = 0; l < s->nl; l++)
			put(pos, "%s%zu", l ? ", " : "", 100 * (l + 1));
		put(pos, "]}\n");
	}
	put(pos, "parties:\n");
	for (q = 0; q < 2; q++) {
		put(pos, "  %s:\n    reservation: 0.%06lld\n    weights:\n",
		    party[q], (long long)s->r[q]);
		for (i = 0; i < s->n; i++)
			put(pos, "      i%zu: %lld.%06lld\n", i,
			    (long long)(s->w[q][i] / SC),
			    (long long)(s->w[q][i] % SC));
		put(pos, "    values:\n");
		for (i = 0; i < s->n; i++) {
			put(pos, "      i%zu: {", i);
			for (l = 0; l < s->nl; l++)
				put(pos, "%s%zu: %lld.%06lld", l ? ", " : "",
				    100 * (l + 1),
				    (long long)(s->v[q][i][l] / SC),
				    (long long)(s->v[q][i][l] % SC));
			put(pos, "}\n");
		}
	}
}

/* Every package of the first k issues, utilities built incrementally
 * (one addition per package and party): the best nested loop can do. */
static double
enumerate(const struct space *s, size_t k, uint64_t *count, int64_t *best)
{
	size_t lv[32] = { 0 }, j;
	int64_t u0[33] = { 0 }, u1[33] = { 0 }, top = INT64_MIN;
	uint64_t n = 0;
	double t0 = now();

	for (j = 0; j < k; j++) {
		u0[j + 1] = u0[j] + s->w[0][j] * s->v[0][j][0];
		u1[j + 1] = u1[j] + s->w[1][j] * s->v[1][j][0];
	}
	for (;;) {
		int64_t g0 = u0[k] - s->r[0] * SC, g1 = u1[k] - s->r[1] * SC;
		if (g0 > 0 && g1 > 0 && g0 / 1000 * (g1 / 1000) > top)
			top = g0 / 1000 * (g1 / 1000);
		n++;
		for (j = k; j > 0; j--) {
			if (++lv[j - 1] < s->nl)
				break;
			lv[j - 1] = 0;
		}
		if (j == 0)
			break;
		for (j = j - 1; j < k; j++) {
			u0[j + 1] = u0[j] + s->w[0][j] * s->v[0][j][lv[j]];
			u1[j + 1] = u1[j] + s->w[1][j] * s->v[1][j][lv[j]];
		}
	}
	*count = n;
	*best = top;
	return now() - t0;
}

int
main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 12;
	size_t nl = argc > 2 ? strtoul(argv[2], NULL, 10) : 8;
	struct space s;
	acc_buf tt = ACC_BUF_INIT(1u << 20), pt = ACC_BUF_INIT(1u << 20);
	acc_err err = ACC_ERR_INIT;
	acc_treaty *t = NULL;
	acc_positions *p = NULL;
	acc_negotiation *g = NULL;
	double best = 1e9, t0, base;
	uint64_t count;
	int64_t top;
	size_t run, k = n < 8 ? n : 8;
	long double total;
	acc_package pk;
	bool opposed;

	rng = argc > 3 ? strtoull(argv[3], NULL, 10) : 1;
	opposed = !(argc > 4 && strcmp(argv[4], "random") == 0);
	rng = rng * 0x9e3779b97f4a7c15ull + 1;
	if (n < 1 || n > 32 || nl < 1 || nl > 16)
		die("usage: bench_negotiate [ISSUES<=32] [LEVELS<=16] [SEED]",
		    NULL);
	make_space(&s, n, nl, opposed);
	texts(&s, &tt, &pt);
	if (acc_treaty_parse(&t, tt.data, tt.len, "bench.yaml", &err) != 0)
		die("treaty", &err);
	if (acc_positions_parse(&p, t, pt.data, pt.len, "bench-pos.yaml",
	    &err) != 0)
		die("positions", &err);
	for (run = 0; run < 3; run++) {
		acc_negotiation_free(g);
		g = NULL;
		t0 = now();
		if (acc_negotiation_solve(&g, p, &err) != 0)
			die("solve", &err);
		best = min2(best, now() - t0);
	}
	total = 1;
	for (run = 0; run < n; run++)
		total *= (long double)nl;
	printf("negotiation: %zu issues x %zu levels = %.3Le packages (%s "
	    "values)\n", n, nl, total, opposed ? "opposed" : "random");
	printf("  exact solve (frontier, zone, 3 solutions, sensitivity of "
	    "%zu weights): %.3f s\n", 2 * n, best);
	printf("  Pareto frontier: %zu points; zone of agreement: %s\n",
	    acc_negotiation_frontier_size(g),
	    acc_negotiation_has_agreement(g) ? "yes" : "no");
	if (acc_negotiation_solution(g, ACC_SOL_NASH, &pk, &err) == 0)
		printf("  Nash package: utilities %.6f and %.6f\n",
		    (double)pk.utility[0] / 1e12, (double)pk.utility[1] / 1e12);
	base = enumerate(&s, k, &count, &top);
	printf("  baseline, exhaustive enumeration of the first %zu issues: "
	    "%" PRIu64 " packages in %.3f s (%.3g packages/s)\n", k, count,
	    base, (double)count / base);
	printf("  enumerating all %.3Le packages would take about %.0f s: "
	    "%.0fx the exact solve\n", total,
	    (double)(total / ((long double)count / base)),
	    (double)(total / ((long double)count / base)) / best);
	acc_negotiation_free(g);
	acc_positions_free(p);
	acc_treaty_free(t);
	acc_buf_dispose(&tt);
	acc_buf_dispose(&pt);
	return 0;
}
