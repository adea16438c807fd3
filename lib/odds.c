/*
 * Detection odds of random inspection: the hypergeometric probability of
 * catching at least one of K bad items among n of N drawn, its binomial
 * approximation, repeated inspections, and what a draft's inspection
 * quotas buy against an inventory counted under it. Pure arithmetic on
 * the counts; counts items with the treaty's compiled rules and never
 * prints.
 */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <accord/compliance.h>
#include <accord/odds.h>

#include "inventory_int.h"
#include "treaty_int.h"

static_assert(ACC_IKINDS_MAX <= 32, "acc_odds_limit.kinds holds 32");
static_assert(ACC_LIMITS_MAX <= 64, "acc_odds_report.limits holds 64");

/* 2^62: beyond it a count of inspections is no answer (ACC_ELIMIT). */
#define COUNT_MAX 0x1p62

/*
 * Where log_miss stops adding terms: a miss below e^-1100 (10^-477) is
 * far under the smallest double, so every probability that follows
 * from it, repeated any number of times, is 1; the sum so far stands in
 * for the rest, which only lowers it.
 */
#define LOG_MISS_FLOOR (-1100.0)

/*
 * Whether p reaches target, read as the decimal it stands for: within
 * 2^-50 of it, relative, counts (odds.h). That is eight units in the
 * last place: the double nearest a decimal is off by half of one, and
 * p, from a compensated sum, by about two. Consecutive odds differ by
 * more unless N passes 10^15.
 */
static bool
reaches(double p, double target)
{
	return p >= target * (1 - 0x1p-50);
}

/*
 * log(1 - a/d) for 0 <= a < d: log1p keeps its relative precision for a
 * small ratio; past one half, the quotient (d - a)/d, its numerator
 * subtracted exactly in integers, keeps it where 1 - a/d would cancel.
 */
static double
log_ratio(uint64_t a, uint64_t d)
{
	double x = (double)a / (double)d;

	if (x <= 0.5)
		return log1p(-x);
	return log((double)(d - a) / (double)d);
}

/*
 * Kahan's compensated sum: the terms all have one sign, so the sum keeps
 * about the relative precision of one term however many are added.
 */
struct ksum {
	double sum, c;
};

static void
ksum_add(struct ksum *k, double term)
{
	double y = term - k->c;
	double t = k->sum + y;

	k->c = (t - k->sum) - y;
	k->sum = t;
}

/*
 * log C(N-K, n) / C(N, n), the logarithm of the probability that n draws
 * of N miss all K; -INFINITY when they cannot (n > N - K), or at most
 * LOG_MISS_FLOOR once below it. The ratio is the product over i < n of
 * (N-K-i)/(N-i), and equally over j < K of (N-n-j)/(N-j) (both are
 * (N-K)! (N-n)! / (N! (N-K-n)!)): the shorter is summed, a log1p term
 * each, so that the cost is min(n, K) terms.
 */
static double
log_miss(uint64_t N, uint64_t K, uint64_t n)
{
	uint64_t a = n < K ? K : n, b = n < K ? n : K, i;
	struct ksum k = { 0, 0 };

	assert(K <= N && n <= N);
	if (K == 0 || n == 0)
		return 0;
	if (n > N - K)
		return -INFINITY;
	/* N - a - i >= N - K - n + 1 >= 1: every term is finite */
	for (i = 0; i < b && k.sum > LOG_MISS_FLOOR; i++)
		ksum_add(&k, log_ratio(a, N - i));
	return k.sum;
}

/* 1 - exp(lm): the detection probability from the log of the miss. */
static double
from_log_miss(double lm)
{
	return -expm1(lm);
}

static int
check_args(uint64_t N, uint64_t K, uint64_t n, const char *n_name,
    acc_err *err)
{
	if (K > N)
		return acc_err_set(err, ACC_EINVAL, "violations",
		    "expected at most the population (%llu), got %llu",
		    (unsigned long long)N, (unsigned long long)K);
	if (n > N)
		return acc_err_set(err, ACC_EINVAL, n_name,
		    "expected at most the population (%llu), got %llu",
		    (unsigned long long)N, (unsigned long long)n);
	return 0;
}

static int
check_target(double target, acc_err *err)
{
	/* written so that NaN fails too */
	if (!(target > 0 && target < 1))
		return acc_err_set(err, ACC_EINVAL, "target",
		    "expected a probability above 0 and below 1, got %g",
		    target);
	return 0;
}

int
acc_odds_detect(uint64_t N, uint64_t K, uint64_t n, double *p, acc_err *err)
{
	int rc = check_args(N, K, n, "samples", err);

	if (rc != 0)
		return rc;
	if (K == 0 || n == 0)
		*p = 0;
	else if (n > N - K)
		*p = 1;
	else
		*p = from_log_miss(log_miss(N, K, n));
	return 0;
}

int
acc_odds_binomial(uint64_t N, uint64_t K, uint64_t n, double *p,
    acc_err *err)
{
	if (K > N)
		return check_args(N, K, 0, "samples", err);
	if (N == 0 && n > 0)
		return acc_err_set(err, ACC_EINVAL, "samples",
		    "expected no samples of an empty population, got %llu",
		    (unsigned long long)n);
	if (K == 0 || n == 0)
		*p = 0;
	else if (K == N)
		*p = 1;
	else
		*p = from_log_miss((double)n * log_ratio(K, N));
	return 0;
}

int
acc_odds_repeated(uint64_t N, uint64_t K, uint64_t n, uint64_t times,
    double *p, acc_err *err)
{
	int rc = check_args(N, K, n, "samples", err);
	double lm;

	if (rc != 0)
		return rc;
	lm = log_miss(N, K, n);
	if (times == 0 || lm == 0)
		*p = 0;
	else if (isinf(lm))
		*p = 1;
	else
		*p = from_log_miss((double)times * lm);
	return 0;
}

/*
 * One pass, for when K is not small beside the answer: the product over
 * i < n of (N-K-i)/(N-i) grows by one term per sample. Up to n = K its
 * sum is log_miss's own, term for term, so the first n that reaches is
 * the answer; past K, log_miss sums the other product, and the answer
 * is checked with it. A test of the sum against the log of the target,
 * looser than rounding, spares most of the exponentials.
 */
static uint64_t
samples_one_pass(uint64_t N, uint64_t K, double target, uint64_t hi)
{
	double near = log1p(-target * (1 - 0x1p-50)) * (1 - 1e-9);
	struct ksum k = { 0, 0 };
	uint64_t n;

	for (n = 1; n < hi; n++) {
		ksum_add(&k, log_ratio(K, N - (n - 1)));
		if (k.sum <= near && reaches(from_log_miss(k.sum), target))
			break;
	}
	if (n <= K)
		return n;
	while (n > 1 && reaches(from_log_miss(log_miss(N, K, n - 1)), target))
		n--;
	while (n < hi && !reaches(from_log_miss(log_miss(N, K, n)), target))
		n++;
	return n;
}

int
acc_odds_samples(uint64_t N, uint64_t K, double target, uint64_t *n,
    acc_err *err)
{
	uint64_t lo, hi;
	double est;
	int rc = check_args(N, K, 0, "samples", err);

	if (rc == 0)
		rc = check_target(target, err);
	if (rc != 0)
		return rc;
	if (K == 0)
		return acc_err_set(err, ACC_ENOTFOUND, "violations",
		    "with no violations no number of samples detects one");
	/*
	 * Without replacement a sample finds at least as much as the same
	 * number drawn with replacement, so the binomial answer bounds the
	 * exact one from above; N - K + 1 samples always find one.
	 */
	hi = N - K + 1;
	est = ceil(log1p(-target) / log_ratio(K, N)) + 1;
	if (est > (double)hi)
		est = (double)hi;
	/*
	 * One pass costs the answer, at most est terms; a binary search
	 * about log2(est) evaluations of min(n, K) terms: the cheaper.
	 */
	if ((double)K * log2(est + 1) > est) {
		*n = samples_one_pass(N, K, target, hi);
		return 0;
	}
	if (reaches(from_log_miss(log_miss(N, K, (uint64_t)est)), target))
		hi = (uint64_t)est;
	/* invariant: lo falls short (0 samples find nothing), hi reaches */
	lo = 0;
	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;
		if (reaches(from_log_miss(log_miss(N, K, mid)), target))
			hi = mid;
		else
			lo = mid;
	}
	*n = hi;
	return 0;
}

/* Whether m inspections, each missing with log lm, reach target. */
static bool
times_reach(double lm, double m, double target)
{
	return reaches(from_log_miss(m * lm), target);
}

/*
 * The fewest inspections, each missing with log lm (< 0), that reach
 * target: the quotient of the logs, corrected by a step either way for
 * rounding. -1 beyond COUNT_MAX.
 */
static double
count_for(double lm, double target)
{
	double m;

	if (isinf(lm))
		return 1;
	m = ceil(log1p(-target) / lm);
	if (m < 1)
		m = 1;
	if (m > COUNT_MAX)
		return -1;
	while (!times_reach(lm, m, target))
		m++;
	while (m > 1 && times_reach(lm, m - 1, target))
		m--;
	return m;
}

int
acc_odds_inspections(uint64_t N, uint64_t K, uint64_t draws, uint64_t years,
    double target, uint64_t *per_year, acc_err *err)
{
	double lm, total, m;
	int rc = check_args(N, K, draws, "draws", err);

	if (rc == 0)
		rc = check_target(target, err);
	if (rc == 0 && years == 0)
		rc = acc_err_set(err, ACC_EINVAL, "years",
		    "expected at least 1 year, got 0");
	if (rc != 0)
		return rc;
	if (K == 0 || draws == 0)
		return acc_err_set(err, ACC_ENOTFOUND, K == 0 ? "violations" :
		    "draws", "with no %s no number of inspections detects one",
		    K == 0 ? "violations" : "items drawn");
	lm = log_miss(N, K, draws);
	total = count_for(lm, target);
	if (total < 0)
		return acc_err_set(err, ACC_ELIMIT, "inspections",
		    "more than 2^62 inspections would be needed");
	/* the fewest m with m * years >= total, then checked as a whole */
	m = ceil(total / (double)years);
	while (m > 1 && times_reach(lm, (m - 1) * (double)years, target))
		m--;
	while (!times_reach(lm, m * (double)years, target))
		m++;
	*per_year = (uint64_t)m;
	return 0;
}

/* ---- violation sizes ---------------------------------------------------- */

#define SHARE_ONE 100000000u /* 100% in millionths of a percent */

int
acc_odds_violation_parse(acc_odds_violation *out, const char *s,
    const char *opt, acc_err *err)
{
	size_t len = strlen(s), i, digits = 0, decimals = 0;
	bool share = len > 0 && s[len - 1] == '%', dot = false;
	uint64_t v = 0;

	if (share)
		len--;
	for (i = 0; i < len; i++) {
		if (s[i] == '.' && share && !dot && digits > 0) {
			dot = true;
			continue;
		}
		if (s[i] < '0' || s[i] > '9' || digits == 18 ||
		    (dot && decimals == 6))
			goto bad;
		v = v * 10 + (uint64_t)(s[i] - '0');
		digits++;
		decimals += dot;
	}
	if (digits == 0 || (dot && decimals == 0))
		goto bad;
	memset(out, 0, sizeof(*out));
	if (!share) {
		out->count = v;
		return 0;
	}
	for (; decimals < 6; decimals++)
		v *= 10;
	if (v == 0 || v > SHARE_ONE)
		return acc_err_set(err, ACC_EINVAL, opt,
		    "expected a share above 0%% and at most 100%%, got "
		    "\"%.40s\"", s);
	out->is_share = true;
	out->share = (uint32_t)v;
	return 0;
bad:
	return acc_err_set(err, ACC_EINVAL, opt, "expected a whole number "
	    "of items or a percentage (5%%), got \"%.40s\"", s);
}

uint64_t
acc_odds_violation_of(const acc_odds_violation *v, uint64_t N)
{
	uint64_t q, r, k;

	if (!v->is_share)
		return v->count;
	if (N == 0)
		return 0;
	/* ceil(N * share / 10^8) without overflow: N = q * 10^8 + r */
	q = N / SHARE_ONE;
	r = N % SHARE_ONE;
	k = q * v->share + (r * v->share + SHARE_ONE - 1) / SHARE_ONE;
	return k == 0 ? 1 : k;
}

const char *
acc_odds_violation_format(char *out, size_t len, const acc_odds_violation *v)
{
	size_t n;

	if (!v->is_share) {
		snprintf(out, len, "%llu", (unsigned long long)v->count);
		return out;
	}
	snprintf(out, len, "%u.%06u", v->share / 1000000u,
	    v->share % 1000000u);
	n = strlen(out);
	while (n > 0 && out[n - 1] == '0')
		out[--n] = '\0';
	if (n > 0 && out[n - 1] == '.')
		out[--n] = '\0';
	if (n + 1 < len) {
		out[n] = '%';
		out[n + 1] = '\0';
	}
	return out;
}

/* ---- what a draft's inspections buy ------------------------------------ */

/* Kinds in order of draws, most first; ties in the treaty's order. */
static void
sort_by_draws(size_t *order, const acc_odds_kind *k, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && k[order[j - 1]].draws <
		    k[order[j]].draws; j--) {
			size_t x = order[j];
			order[j] = order[j - 1];
			order[j - 1] = x;
		}
}

/*
 * The fewest inspections a year reaching target: each inspection's log
 * of missing adds, so the kinds that draw most are used first, each up
 * to its quota; past every quota, more of the kind that draws most.
 * 0 when no kind draws anything.
 */
static uint64_t
needed_for(const acc_odds_limit *x, const double *lm, double target)
{
	size_t order[32], i, k;
	double used = 0, have = 0, m;

	sort_by_draws(order, x->kinds, x->n_kinds);
	if (x->n_kinds == 0 || lm[order[0]] == 0)
		return 0;
	for (i = 0; i < x->n_kinds; i++) {
		double q = (double)x->kinds[order[i]].quota;
		k = order[i];
		if (lm[k] == 0 || q == 0)
			continue;
		if (isinf(lm[k]) || reaches(from_log_miss(have + q * lm[k]),
		    target))
			break;
		have += q * lm[k];
		used += q;
	}
	/* within kind k's quota, or past every quota: the first kind */
	k = order[i == x->n_kinds ? 0 : i];
	if (isinf(lm[k]))
		return (uint64_t)used + 1;
	m = ceil((log1p(-target) - have) / lm[k]);
	if (m < 1)
		m = 1;
	/* a population of at most ACC_INVENTORY_ITEMS_MAX needs fewer than
	 * 40 N inspections for any target below 1 */
	assert(m <= COUNT_MAX);
	while (!reaches(from_log_miss(have + m * lm[k]), target))
		m++;
	while (m > 1 && reaches(from_log_miss(have + (m - 1) * lm[k]), target))
		m--;
	return (uint64_t)(used + m);
}

static void
limit_odds(acc_odds_limit *x, const struct acc_treaty *t, size_t l,
    const acc_odds_violation *v, double target)
{
	double lm[32], all = 0;
	uint64_t types = acc_rule_types(&t->limits[l].rule);
	size_t k;

	x->violations = acc_odds_violation_of(v, x->population);
	if (x->violations > x->population)
		x->violations = x->population;
	for (k = 0; k < t->n_ikinds; k++) {
		const struct acc_ikind *ik = &t->ikinds[k];
		acc_odds_kind *o;
		if ((ik->items & types) == 0)
			continue;
		o = &x->kinds[x->n_kinds];
		lm[x->n_kinds++] = 0;
		o->id = ik->e.id;
		o->quota = ik->quota;
		o->draws = (uint64_t)ik->draws;
		x->quota += ik->quota;
	}
	x->suffices = x->population == 0 && x->n_kinds > 0;
	if (x->population == 0 || x->n_kinds == 0)
		return;
	for (k = 0; k < x->n_kinds; k++) {
		acc_odds_kind *o = &x->kinds[k];
		lm[k] = log_miss(x->population, x->violations,
		    o->draws < x->population ? o->draws : x->population);
		o->p = (double)from_log_miss(lm[k]);
		if (o->quota > 0)
			all += (double)o->quota * lm[k];
	}
	x->p_quota = (double)from_log_miss(all);
	x->suffices = reaches(from_log_miss(all), target);
	x->needed = needed_for(x, lm, target);
}

int
acc_odds_draft(acc_odds_report *r, const acc_inventory *inv,
    const acc_odds_violation *v, double target, acc_err *err)
{
	const struct acc_treaty *t = inv->treaty;
	acc_counter *c = NULL;
	int64_t tally[ACC_LIMITS_MAX];
	size_t i, l;
	int rc;

	memset(r, 0, sizeof(*r));
	rc = check_target(target, err);
	if (rc == 0 && !v->is_share && v->count == 0)
		rc = acc_err_set(err, ACC_EINVAL, "violations",
		    "expected at least 1 item in violation, got 0");
	if (rc == 0)
		rc = acc_counter_new(&c, t, NULL, err);
	if (rc != 0)
		return rc;
	r->treaty = t;
	memcpy(r->party, inv->party, sizeof(r->party));
	r->as_of = inv->as_of;
	r->n_items = inv->n_items;
	r->violation = *v;
	r->target = target;
	r->n_limits = t->n_limits;
	for (i = 0; i < inv->n_items; i++) {
		acc_counter_tally(c, inv, i, tally);
		for (l = 0; l < t->n_limits; l++)
			r->limits[l].population += tally[l] != 0;
	}
	acc_counter_free(c);
	for (l = 0; l < t->n_limits; l++) {
		acc_odds_limit *x = &r->limits[l];
		x->id = t->limits[l].e.id;
		x->article = t->limits[l].e.article ?
		    t->limits[l].e.article : "";
		limit_odds(x, t, l, v, target);
		if (x->n_kinds == 0)
			r->n_unchecked++;
		else if (!x->suffices)
			r->n_short++;
	}
	return 0;
}
