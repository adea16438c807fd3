/*
 * The exact analysis of a negotiation: the Pareto frontier of the two
 * parties' additive utilities, built issue by issue by merging frontiers
 * (a package is on the frontier only if its part over the first k issues
 * is on the frontier of those k issues), the zone of possible agreement,
 * the Nash, Kalai-Smorodinsky and egalitarian solutions, the sensitivity
 * of the Nash package to each weight, and why no agreement exists when
 * none does. Integers only: utilities are exact millionths squared, and
 * products of gains are compared in 128 bits. Never prints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/negotiate.h>

#include "negotiate_int.h"
#include "treaty_int.h"

#define S ((int64_t)ACC_NEG_SCALE)

/* ---- 128-bit arithmetic ------------------------------------------------- */

acc_u128
acc_u128_mul(uint64_t a, uint64_t b)
{
	uint64_t a0 = a & 0xffffffffu, a1 = a >> 32;
	uint64_t b0 = b & 0xffffffffu, b1 = b >> 32;
	uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
	uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) +
	    (p10 & 0xffffffffu);
	acc_u128 r;

	r.lo = (mid << 32) | (p00 & 0xffffffffu);
	r.hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
	return r;
}

int
acc_u128_cmp(acc_u128 a, acc_u128 b)
{
	if (a.hi != b.hi)
		return a.hi < b.hi ? -1 : 1;
	if (a.lo != b.lo)
		return a.lo < b.lo ? -1 : 1;
	return 0;
}

acc_u128
acc_u128_add(acc_u128 a, acc_u128 b)
{
	acc_u128 r;

	r.lo = a.lo + b.lo;
	r.hi = a.hi + b.hi + (r.lo < a.lo);
	return r;
}

/* ---- utilities ----------------------------------------------------------- */

int64_t
acc_neg_utility(const struct acc_positions *p, size_t party,
    const uint8_t *level)
{
	int64_t u = 0;
	size_t i;

	for (i = 0; i < p->n_issues; i++)
		u += p->weight[party][i] * p->value[party][i][level[i]];
	return u;
}

void
acc_neg_scenario(acc_scenario *s, const struct acc_positions *p,
    const uint8_t *level)
{
	size_t i;

	acc_scenario_init(s, p->t);
	for (i = 0; i < p->n_issues; i++) {
		const struct acc_neg_issue *is = &p->issues[i];
		const struct acc_neg_level *l = &is->levels[level[i]];
		if (is->is_rule)
			s->variant[is->limit] = l->variant;
		else
			s->max[is->limit] = l->max;
	}
}

/* ---- the frontier merge -------------------------------------------------- */

struct fpt {
	int64_t a, b;          /* utilities of party 0 and party 1 */
	uint32_t parent;       /* index in the previous stage */
	uint8_t level;         /* this stage's issue's level */
};

struct stage {
	size_t n;
	struct fpt *pts;
};

/* Issues to merge: levels with their contributions to each party. */
struct core {
	size_t n;
	size_t issue[ACC_NEG_ISSUES_MAX];     /* index in the positions */
	size_t n_levels[ACC_NEG_ISSUES_MAX];
	uint32_t allowed[ACC_NEG_ISSUES_MAX];
	int64_t u[ACC_NEG_ISSUES_MAX][ACC_NEG_LEVELS_MAX][2];
};

static void
stages_free(struct stage *st, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(st[i].pts);
		st[i].pts = NULL;
		st[i].n = 0;
	}
}

/*
 * Stage k + 1 from stage k: every frontier point plus every allowed level
 * of the next issue. Each shifted copy keeps the order (a falling, b
 * rising), so a k-way merge by a, keeping a point only when its b beats
 * every b before it, leaves exactly the non-dominated points, one per
 * utility pair (the first in merge order: lower level first).
 */
static int
merge(const struct stage *prev, const struct core *c, size_t k,
    struct stage *next, acc_err *err)
{
	size_t head[ACC_NEG_LEVELS_MAX], lv[ACC_NEG_LEVELS_MAX], nl = 0, j;
	size_t cap = 0, n = 0;
	struct fpt *out = NULL;
	int64_t best_b = INT64_MIN;

	for (j = 0; j < c->n_levels[k]; j++)
		if (c->allowed[k] & (UINT32_C(1) << j)) {
			lv[nl] = j;
			head[nl++] = 0;
		}
	for (;;) {
		size_t pick = nl;
		int64_t pa = 0, pb = 0;
		for (j = 0; j < nl; j++) {
			const struct fpt *q;
			int64_t a, b;
			if (head[j] == prev->n)
				continue;
			q = &prev->pts[head[j]];
			a = q->a + c->u[k][lv[j]][0];
			b = q->b + c->u[k][lv[j]][1];
			if (pick == nl || a > pa || (a == pa && b > pb)) {
				pick = j;
				pa = a;
				pb = b;
			}
		}
		if (pick == nl)
			break;
		if (pb > best_b) {
			if (n == cap) {
				size_t nc = cap ? cap * 2 : 64;
				struct fpt *p;
				if (nc > ACC_NEG_FRONTIER_MAX)
					nc = ACC_NEG_FRONTIER_MAX;
				if (n == nc) {
					free(out);
					return acc_err_set(err, ACC_ELIMIT,
					    "negotiation", "the Pareto "
					    "frontier has more than %u points",
					    ACC_NEG_FRONTIER_MAX);
				}
				p = realloc(out, nc * sizeof(*p));
				if (p == NULL) {
					free(out);
					return acc_err_set(err, ACC_ERR,
					    "negotiation", "out of memory");
				}
				out = p;
				cap = nc;
			}
			out[n].a = pa;
			out[n].b = pb;
			out[n].parent = (uint32_t)head[pick];
			out[n].level = (uint8_t)lv[pick];
			n++;
			best_b = pb;
		}
		head[pick]++;
	}
	next->pts = out;
	next->n = n;
	return 0;
}

/* Stages 0 .. c->n; st has c->n + 1 entries. */
static int
frontier(const struct core *c, struct stage *st, acc_err *err)
{
	size_t k;
	int rc;

	st[0].pts = calloc(1, sizeof(struct fpt));
	if (st[0].pts == NULL)
		return acc_err_set(err, ACC_ERR, "negotiation",
		    "out of memory");
	st[0].n = 1;
	for (k = 0; k < c->n; k++) {
		rc = merge(&st[k], c, k, &st[k + 1], err);
		if (rc != 0) {
			stages_free(st, k + 1);
			return rc;
		}
		/* only the last stage and the back pointers are needed */
	}
	return 0;
}

/* The levels of final frontier point i, into level[] (positions order). */
static void
package_of(const struct core *c, const struct stage *st, size_t i,
    uint8_t *level)
{
	size_t k;

	for (k = c->n; k > 0; k--) {
		level[c->issue[k - 1]] = st[k].pts[i].level;
		i = st[k].pts[i].parent;
	}
}

/* The core of the positions, skipping issue `skip` (or none), with the
 * red lines (refused levels) removed when with_red is true, and one red
 * line (party, issue, level; -1 for none) or a party's (level -1) lifted. */
struct lift {
	int party, issue, level;
};

static void
core_make(struct core *c, const struct acc_positions *p, int skip,
    bool with_red, const struct lift *lift)
{
	size_t i, l, q;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < p->n_issues; i++) {
		size_t k;
		uint32_t refused = 0;
		if ((int)i == skip)
			continue;
		k = c->n++;
		c->issue[k] = i;
		c->n_levels[k] = p->issues[i].n_levels;
		for (q = 0; q < 2; q++) {
			uint32_t r = p->refused[q][i];
			if (lift && lift->party == (int)q) {
				if (lift->issue < 0)
					r = 0;
				else if (lift->issue == (int)i)
					r &= ~(UINT32_C(1) << lift->level);
			}
			refused |= r;
		}
		c->allowed[k] = ((UINT32_C(1) << c->n_levels[k]) - 1) &
		    (with_red ? ~refused : ~UINT32_C(0));
		for (l = 0; l < c->n_levels[k]; l++)
			for (q = 0; q < 2; q++)
				c->u[k][l][q] = p->weight[q][i] *
				    p->value[q][i][l];
	}
}

/* ---- the result ---------------------------------------------------------- */

struct acc_negotiation {
	const struct acc_positions *p;
	struct core core;
	struct stage st[ACC_NEG_ISSUES_MAX + 1];
	uint64_t packages;
	int64_t res[2];        /* reservations, 10^12 scale */
	size_t n;              /* frontier points (final stage) */
	const struct fpt *f;
	bool agreement;
	size_t z0, z1;         /* the zone on the frontier: [z0, z1) */
	size_t sol[ACC_SOL_COUNT];
	bool sens_ok[2][ACC_NEG_ISSUES_MAX];
	int64_t sens_lo[2][ACC_NEG_ISSUES_MAX], sens_hi[2][ACC_NEG_ISSUES_MAX];
	acc_buf why;
	/* every package, when few enough to enumerate */
	bool enumerated;
	size_t n_all;
	int64_t *all;          /* [n_all][2] */
	uint64_t zone_packages;
	/* what-if per solution and party */
	bool has_req[2];
	acc_whatif req[ACC_SOL_COUNT][2];
};

/* The zone on a frontier: [*z0, *z1), empty when z0 >= z1. */
static void
zone(const struct fpt *f, size_t n, const int64_t *res, size_t *z0,
    size_t *z1)
{
	size_t a = 0, b = 0;

	/* a falls along the frontier: a > res[0] on a prefix [0, a) */
	while (a < n && f[a].a > res[0])
		a++;
	/* b rises: b > res[1] on a suffix [b, n) */
	b = n;
	while (b > 0 && f[b - 1].b > res[1])
		b--;
	*z0 = b;
	*z1 = a;
}

static void
solve_points(struct acc_negotiation *g)
{
	const struct fpt *f = g->f;
	size_t i, best;
	int64_t i0, i1;

	/* Nash: the largest product of gains; then the larger sum; then
	 * the earlier point (more for party 0) */
	best = g->z0;
	for (i = g->z0 + 1; i < g->z1; i++) {
		acc_u128 x = acc_u128_mul((uint64_t)(f[i].a - g->res[0]),
		    (uint64_t)(f[i].b - g->res[1]));
		acc_u128 y = acc_u128_mul((uint64_t)(f[best].a - g->res[0]),
		    (uint64_t)(f[best].b - g->res[1]));
		int c = acc_u128_cmp(x, y);
		if (c > 0 || (c == 0 && f[i].a + f[i].b > f[best].a +
		    f[best].b))
			best = i;
	}
	g->sol[ACC_SOL_NASH] = best;
	/* egalitarian: the largest smaller gain; then the larger other */
	best = g->z0;
	for (i = g->z0 + 1; i < g->z1; i++) {
		int64_t x0 = f[i].a - g->res[0], x1 = f[i].b - g->res[1];
		int64_t y0 = f[best].a - g->res[0], y1 = f[best].b - g->res[1];
		int64_t xm = x0 < x1 ? x0 : x1, ym = y0 < y1 ? y0 : y1;
		int64_t xM = x0 < x1 ? x1 : x0, yM = y0 < y1 ? y1 : y0;
		if (xm > ym || (xm == ym && xM > yM))
			best = i;
	}
	g->sol[ACC_SOL_EGALITARIAN] = best;
	/* Kalai-Smorodinsky: gains in proportion to the ideal gains (the
	 * best each party gets in the zone): the largest min(g0 I1, g1 I0);
	 * then the larger other; then the earlier point */
	i0 = f[g->z0].a - g->res[0];
	i1 = f[g->z1 - 1].b - g->res[1];
	best = g->z0;
	for (i = g->z0 + 1; i < g->z1; i++) {
		acc_u128 x0 = acc_u128_mul((uint64_t)(f[i].a - g->res[0]),
		    (uint64_t)i1);
		acc_u128 x1 = acc_u128_mul((uint64_t)(f[i].b - g->res[1]),
		    (uint64_t)i0);
		acc_u128 y0 = acc_u128_mul((uint64_t)(f[best].a - g->res[0]),
		    (uint64_t)i1);
		acc_u128 y1 = acc_u128_mul((uint64_t)(f[best].b - g->res[1]),
		    (uint64_t)i0);
		acc_u128 xm = acc_u128_cmp(x0, x1) < 0 ? x0 : x1;
		acc_u128 xM = acc_u128_cmp(x0, x1) < 0 ? x1 : x0;
		acc_u128 ym = acc_u128_cmp(y0, y1) < 0 ? y0 : y1;
		acc_u128 yM = acc_u128_cmp(y0, y1) < 0 ? y1 : y0;
		int c = acc_u128_cmp(xm, ym);
		if (c > 0 || (c == 0 && acc_u128_cmp(xM, yM) > 0))
			best = i;
	}
	g->sol[ACC_SOL_KALAI_SMORODINSKY] = best;
}

/* Whether the positions, as changed by `lift`, leave a zone. */
static int
zone_exists(const struct acc_positions *p, bool with_red,
    const struct lift *lift, bool *out, acc_err *err)
{
	struct core c;
	struct stage st[ACC_NEG_ISSUES_MAX + 1];
	size_t z0, z1, k;
	int64_t res[2] = { p->reservation[0] * S, p->reservation[1] * S };
	int rc;

	memset(st, 0, sizeof(st));
	core_make(&c, p, -1, with_red, lift);
	for (k = 0; k < c.n; k++)
		if (c.allowed[k] == 0) {
			*out = false;
			return 0;
		}
	rc = frontier(&c, st, err);
	if (rc != 0)
		return rc;
	zone(st[c.n].pts, st[c.n].n, res, &z0, &z1);
	*out = z0 < z1;
	stages_free(st, c.n + 1);
	return 0;
}

static void
fmt_u(char *out, size_t len, int64_t u12)
{
	/* a utility (10^12 scale) to three decimals, for prose only */
	snprintf(out, len, "%.3f", (double)u12 / 1e12);
}

static int
explain(struct acc_negotiation *g, acc_err *err)
{
	const struct acc_positions *p = g->p;
	acc_buf *b = &g->why;
	const char *P0 = p->party[0], *P1 = p->party[1];
	char x[32], y[32];
	size_t i, l, q, k;
	bool open, any_red = false;
	int rc = 0;

	/* an issue with every level refused */
	for (k = 0; k < g->core.n; k++) {
		const struct acc_neg_issue *is = &p->issues[g->core.issue[k]];
		if (g->core.allowed[k] != 0)
			continue;
		rc |= acc_buf_printf(b, "Every level of issue %s is behind a "
		    "red line (", is->id);
		for (q = 0; q < 2; q++) {
			bool first = true;
			for (l = 0; l < is->n_levels; l++) {
				if (!(p->refused[q][g->core.issue[k]] &
				    (UINT32_C(1) << l)))
					continue;
				if (first)
					rc |= acc_buf_printf(b, "%s%s refuses ",
					    q && p->refused[0][g->core.issue[k]]
					    ? "; " : "", p->party[q]);
				rc |= acc_buf_printf(b, "%s%s",
				    first ? "" : ", ", is->levels[l].text);
				first = false;
			}
		}
		rc |= acc_buf_puts(b, ")");
		rc |= acc_buf_puts(b, ": every package crosses a red line. ");
	}
	if (g->n > 0) {
		int64_t best0 = g->f[0].a, best1 = g->f[g->n - 1].b;
		if (best0 <= g->res[0]) {
			fmt_u(x, sizeof(x), best0);
			fmt_u(y, sizeof(y), g->res[0]);
			rc |= acc_buf_printf(b, "No package gives %s more than "
			    "its reservation utility %s: the best any package "
			    "gives it is %s. ", P0, y, x);
		}
		if (best1 <= g->res[1]) {
			fmt_u(x, sizeof(x), best1);
			fmt_u(y, sizeof(y), g->res[1]);
			rc |= acc_buf_printf(b, "No package gives %s more than "
			    "its reservation utility %s: the best any package "
			    "gives it is %s. ", P1, y, x);
		}
		if (best0 > g->res[0] && best1 > g->res[1]) {
			/* what each prefers gives the other too little */
			size_t z0, z1;
			zone(g->f, g->n, g->res, &z0, &z1);
			if (z0 < g->n) {
				fmt_u(x, sizeof(x), g->f[z0].a);
				fmt_u(y, sizeof(y), g->res[0]);
				rc |= acc_buf_printf(b, "Every package %s "
				    "prefers to no agreement gives %s at most "
				    "%s, not more than its reservation %s. ",
				    P1, P0, x, y);
			}
			if (z1 > 0) {
				fmt_u(x, sizeof(x), g->f[z1 - 1].b);
				fmt_u(y, sizeof(y), g->res[1]);
				rc |= acc_buf_printf(b, "Every package %s "
				    "prefers to no agreement gives %s at most "
				    "%s, not more than its reservation %s. ",
				    P0, P1, x, y);
			}
		}
	}
	for (q = 0; q < 2; q++)
		for (i = 0; i < p->n_issues; i++)
			any_red = any_red || p->refused[q][i] != 0;
	if (rc != 0)
		return acc_err_set(err, ACC_ELIMIT, "negotiation",
		    "explanation too long");
	if (!any_red)
		return 0;
	rc = zone_exists(p, false, NULL, &open, err);
	if (rc != 0)
		return rc;
	if (!open) {
		rc = acc_buf_puts(b, "Lifting every red line would not open a "
		    "zone: the reservation utilities close it.");
		return rc == 0 ? 0 : acc_err_set(err, ACC_ELIMIT,
		    "negotiation", "explanation too long");
	}
	rc = acc_buf_puts(b, "The red lines close the zone: without them "
	    "some packages would give both more than no agreement.");
	{
		bool named = false;
		int zr;
		for (q = 0; q < 2; q++)
			for (i = 0; i < p->n_issues; i++)
				for (l = 0; l < p->issues[i].n_levels; l++) {
					struct lift lf = { (int)q, (int)i,
						(int)l };
					if (!(p->refused[q][i] &
					    (UINT32_C(1) << l)))
						continue;
					zr = zone_exists(p, true, &lf, &open,
					    err);
					if (zr != 0)
						return zr;
					if (!open)
						continue;
					rc |= acc_buf_printf(b, "%s %s's red "
					    "line on %s at %s",
					    named ? ";" : " Lifting any one of "
					    "these alone opens it:",
					    p->party[q], p->issues[i].id,
					    p->issues[i].levels[l].text);
					named = true;
				}
		if (named)
			rc |= acc_buf_puts(b, ".");
		for (q = 0; !named && q < 2; q++) {
			struct lift lf = { (int)q, -1, 0 };
			zr = zone_exists(p, true, &lf, &open, err);
			if (zr != 0)
				return zr;
			if (open)
				rc |= acc_buf_printf(b, " No single red line "
				    "closes it, but lifting all of %s's "
				    "opens it.", p->party[q]);
		}
	}
	if (rc != 0)
		return acc_err_set(err, ACC_ELIMIT, "negotiation",
		    "explanation too long");
	return 0;
}

/* ---- sensitivity --------------------------------------------------------- */

struct sens {
	const struct acc_positions *p;
	const struct core *c;       /* the other issues */
	const struct fpt *rest;
	size_t n_rest;
	size_t party, issue;
	uint32_t allowed;
	int64_t w;                  /* the weight as given */
	int64_t rN;                 /* the Nash package: rest utility */
	size_t lN;                  /* and level */
	int64_t hN;                 /* and the other party's gain */
};

/* Party's gain at weight t, times S^2 (S - w): exact in int64. */
static int64_t
gain_at(const struct sens *s, size_t level, int64_t rest, int64_t t)
{
	const struct acc_positions *p = s->p;
	int64_t v = p->value[s->party][s->issue][level];

	return t * v * (S - s->w) + (S - t) * rest -
	    p->reservation[s->party] * S * (S - s->w);
}

/* Whether the Nash package is still a Nash package at weight t. */
static bool
nash_holds(const struct sens *s, int64_t t)
{
	const struct acc_positions *p = s->p;
	size_t other = 1 - s->party, l, i;
	int64_t gN = gain_at(s, s->lN, s->rN, t);
	acc_u128 pN;

	if (gN <= 0)
		return false;
	pN = acc_u128_mul((uint64_t)gN, (uint64_t)s->hN);
	for (l = 0; l < p->issues[s->issue].n_levels; l++) {
		int64_t uo;
		if (!(s->allowed & (UINT32_C(1) << l)))
			continue;
		uo = p->weight[other][s->issue] * p->value[other][s->issue][l];
		for (i = 0; i < s->n_rest; i++) {
			const struct fpt *f = &s->rest[i];
			int64_t rest = s->party == 0 ? f->a : f->b;
			int64_t h = (s->party == 0 ? f->b : f->a) + uo -
			    p->reservation[other] * S;
			int64_t gq;
			if (h <= 0)
				continue;
			gq = gain_at(s, l, rest, t);
			if (gq <= 0)
				continue;
			if (acc_u128_cmp(acc_u128_mul((uint64_t)gq,
			    (uint64_t)h), pN) > 0)
				return false;
		}
	}
	return true;
}

static int
sensitivity(struct acc_negotiation *g, acc_err *err)
{
	const struct acc_positions *p = g->p;
	uint8_t lvN[ACC_NEG_ISSUES_MAX];
	size_t i, q;
	int rc = 0;

	package_of(&g->core, g->st, g->sol[ACC_SOL_NASH], lvN);
	for (i = 0; i < p->n_issues; i++) {
		struct core c;
		struct stage st[ACC_NEG_ISSUES_MAX + 1];
		size_t k;

		memset(st, 0, sizeof(st));
		core_make(&c, p, (int)i, true, NULL);
		rc = frontier(&c, st, err);
		if (rc != 0)
			return rc;
		for (q = 0; q < 2; q++) {
			struct sens s;
			int64_t lo, hi, a, b;
			s.p = p;
			s.c = &c;
			s.rest = st[c.n].pts;
			s.n_rest = st[c.n].n;
			s.party = q;
			s.issue = i;
			s.allowed = 0;
			for (k = 0; k < g->core.n; k++)
				if (g->core.issue[k] == i)
					s.allowed = g->core.allowed[k];
			s.w = p->weight[q][i];
			s.lN = lvN[i];
			s.rN = acc_neg_utility(p, q, lvN) -
			    s.w * p->value[q][i][s.lN];
			s.hN = acc_neg_utility(p, 1 - q, lvN) -
			    p->reservation[1 - q] * S;
			if (s.w == S || !nash_holds(&s, s.w))
				continue;
			/* the weights where it holds form an interval */
			a = 0;
			b = s.w;
			while (a < b) {
				int64_t m = a + (b - a) / 2;
				if (nash_holds(&s, m))
					b = m;
				else
					a = m + 1;
			}
			lo = a;
			a = s.w;
			b = S;
			while (a < b) {
				int64_t m = a + (b - a + 1) / 2;
				if (nash_holds(&s, m))
					a = m;
				else
					b = m - 1;
			}
			hi = a;
			g->sens_ok[q][i] = true;
			g->sens_lo[q][i] = lo;
			g->sens_hi[q][i] = hi;
		}
		stages_free(st, c.n + 1);
	}
	return 0;
}

/* ---- enumeration (small spaces) ------------------------------------------ */

static int
enumerate(struct acc_negotiation *g, acc_err *err)
{
	const struct acc_positions *p = g->p;
	const struct core *c = &g->core;
	uint8_t lv[ACC_NEG_ISSUES_MAX] = { 0 };
	uint8_t level[ACC_NEG_ISSUES_MAX] = { 0 };
	size_t k, i = 0;

	if (g->packages == 0 || g->packages > ACC_NEG_ENUM_MAX)
		return 0;
	g->all = malloc((size_t)g->packages * 2 * sizeof(int64_t));
	if (g->all == NULL)
		return acc_err_set(err, ACC_ERR, "negotiation",
		    "out of memory");
	/* the first allowed level of each issue */
	for (k = 0; k < c->n; k++)
		while (!(c->allowed[k] & (UINT32_C(1) << lv[k])))
			lv[k]++;
	for (;;) {
		int64_t u0, u1;
		for (k = 0; k < c->n; k++)
			level[c->issue[k]] = lv[k];
		u0 = acc_neg_utility(p, 0, level);
		u1 = acc_neg_utility(p, 1, level);
		g->all[2 * i] = u0;
		g->all[2 * i + 1] = u1;
		i++;
		if (u0 > g->res[0] && u1 > g->res[1])
			g->zone_packages++;
		/* the next package, last issue fastest */
		for (k = c->n; k > 0; k--) {
			size_t j = k - 1;
			do
				lv[j]++;
			while (lv[j] < c->n_levels[j] &&
			    !(c->allowed[j] & (UINT32_C(1) << lv[j])));
			if (lv[j] < c->n_levels[j])
				break;
			lv[j] = 0;
			while (!(c->allowed[j] & (UINT32_C(1) << lv[j])))
				lv[j]++;
		}
		if (k == 0)
			break;
	}
	g->n_all = i;
	g->enumerated = true;
	return 0;
}

/* ---- the public face ----------------------------------------------------- */

int
acc_negotiation_solve(acc_negotiation **out, const acc_positions *p,
    acc_err *err)
{
	struct acc_negotiation *g;
	size_t k;
	int rc = 0;

	*out = NULL;
	g = calloc(1, sizeof(*g));
	if (g == NULL)
		return acc_err_set(err, ACC_ERR, "negotiation",
		    "out of memory");
	g->p = p;
	g->why.max = 64u << 10;
	g->res[0] = p->reservation[0] * S;
	g->res[1] = p->reservation[1] * S;
	core_make(&g->core, p, -1, true, NULL);
	g->packages = 1;
	for (k = 0; k < g->core.n; k++) {
		uint32_t a = g->core.allowed[k];
		uint64_t m = 0;
		while (a) {
			m += a & 1u;
			a >>= 1;
		}
		if (m == 0)
			g->packages = 0;
		else if (g->packages > UINT64_MAX / m)
			g->packages = UINT64_MAX;
		else
			g->packages *= m;
	}
	if (g->packages > 0) {
		rc = frontier(&g->core, g->st, err);
		if (rc != 0)
			goto done;
		g->n = g->st[g->core.n].n;
		g->f = g->st[g->core.n].pts;
		zone(g->f, g->n, g->res, &g->z0, &g->z1);
		g->agreement = g->z0 < g->z1;
	}
	if (g->agreement) {
		solve_points(g);
		rc = sensitivity(g, err);
	} else {
		rc = explain(g, err);
	}
	if (rc == 0)
		rc = enumerate(g, err);
	if (rc != 0)
		goto done;
	*out = g;
	g = NULL;
done:
	acc_negotiation_free(g);
	return rc;
}

void
acc_negotiation_free(acc_negotiation *g)
{
	size_t k, q;

	if (g == NULL)
		return;
	stages_free(g->st, ACC_NEG_ISSUES_MAX + 1);
	acc_buf_dispose(&g->why);
	free(g->all);
	for (k = 0; k < ACC_SOL_COUNT; k++)
		for (q = 0; q < 2; q++)
			acc_whatif_dispose(&g->req[k][q]);
	free(g);
}

uint64_t
acc_negotiation_packages(const acc_negotiation *g)
{
	return g->packages;
}

size_t
acc_negotiation_frontier_size(const acc_negotiation *g)
{
	return g->n;
}

void
acc_negotiation_frontier(const acc_negotiation *g, size_t i,
    acc_package *out)
{
	memset(out, 0, sizeof(*out));
	package_of(&g->core, g->st, i, out->level);
	out->utility[0] = g->f[i].a;
	out->utility[1] = g->f[i].b;
}

bool
acc_negotiation_has_agreement(const acc_negotiation *g)
{
	return g->agreement;
}

int
acc_negotiation_solution(const acc_negotiation *g, acc_solution_kind kind,
    acc_package *out, acc_err *err)
{
	memset(out, 0, sizeof(*out));
	if (!g->agreement || kind >= ACC_SOL_COUNT)
		return acc_err_set(err, ACC_ENOTFOUND, "negotiation",
		    "no package gives both parties more than no agreement");
	acc_negotiation_frontier(g, g->sol[kind], out);
	return 0;
}

bool
acc_negotiation_sensitivity(const acc_negotiation *g, size_t party,
    size_t issue, int64_t *lo, int64_t *hi)
{
	if (party > 1 || issue >= g->p->n_issues || !g->sens_ok[party][issue])
		return false;
	*lo = g->sens_lo[party][issue];
	*hi = g->sens_hi[party][issue];
	return true;
}

const char *
acc_negotiation_explanation(const acc_negotiation *g)
{
	return g->why.data ? g->why.data : "";
}

int
acc_negotiation_requirements(acc_negotiation *g,
    const acc_inventory *const inv[2], acc_err *err)
{
	size_t k, q;
	int rc;

	if (!g->agreement)
		return 0;
	for (q = 0; q < 2; q++) {
		if (inv[q] == NULL)
			continue;
		if (strcmp(acc_inventory_party(inv[q]), g->p->party[q]) != 0)
			return acc_err_set(err, ACC_EINVAL, "negotiation",
			    "the holdings given for %s are party %s's",
			    g->p->party[q], acc_inventory_party(inv[q]));
		for (k = 0; k < ACC_SOL_COUNT; k++) {
			acc_package pk;
			acc_scenario s;
			acc_negotiation_frontier(g, g->sol[k], &pk);
			acc_neg_scenario(&s, g->p, pk.level);
			acc_whatif_dispose(&g->req[k][q]);
			rc = acc_whatif_make(&g->req[k][q], inv[q], &s, err);
			if (rc != 0)
				return rc;
		}
		g->has_req[q] = true;
	}
	return 0;
}

const struct acc_positions *
acc_neg_positions(const acc_negotiation *g)
{
	return g->p;
}

const acc_whatif *
acc_neg_requirement(const acc_negotiation *g, acc_solution_kind k,
    size_t party)
{
	return g->has_req[party] ? &g->req[k][party] : NULL;
}

void
acc_neg_zone(const acc_negotiation *g, size_t *z0, size_t *z1,
    uint64_t *zone_packages, bool *enumerated)
{
	*z0 = g->z0;
	*z1 = g->z1;
	*zone_packages = g->zone_packages;
	*enumerated = g->enumerated;
}

const int64_t *
acc_neg_all(const acc_negotiation *g, size_t *n)
{
	*n = g->n_all;
	return g->all;
}
