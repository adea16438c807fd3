/*
 * Benchmark: the exact detection odds (acc_odds_detect) and the fewest
 * samples for a target (acc_odds_samples) for populations of 10^3 to
 * 10^7 items with 0.1% and 1% of them in violation. Baselines, measured
 * in the same run: the naive product of the n ratios (N-K-i)/(N-i) in
 * long double, and a one-pass search that multiplies in one ratio per
 * sample until the target is reached (comparing with the double nearest
 * the target, so that a tie such as 900 of 1,000 for 0.9 costs it one
 * sample more). The binomial approximation is printed beside the exact
 * odds, and the product of binomial coefficients in double, which
 * overflows long before N = 10^7.
 *
 * usage: bench_odds [MAX_N]   (default 10000000)
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <accord/odds.h>

#include "bench.h"

/* Keeps results alive so that no timed loop is optimised away. */
static volatile double sink;

/* The naive product over n terms, in long double. */
static double
naive_detect(uint64_t N, uint64_t K, uint64_t n)
{
	long double miss = 1;
	uint64_t i;

	for (i = 0; i < n; i++)
		miss *= (long double)(N - K - i) / (long double)(N - i);
	return (double)(1 - miss);
}

/* C(N-K, n) / C(N, n) as two products in double: inf / inf soon. */
static double
naive_choose(uint64_t N, uint64_t K, uint64_t n)
{
	double a = 1, b = 1;
	uint64_t i;

	for (i = 0; i < n; i++) {
		a = a * (double)(N - K - i) / (double)(i + 1);
		b = b * (double)(N - i) / (double)(i + 1);
	}
	return 1 - a / b;
}

/* One pass: one more ratio per sample until the target is reached. */
static uint64_t
naive_samples(uint64_t N, uint64_t K, double target)
{
	long double miss = 1;
	uint64_t n = 0;

	while (1 - miss < target) {
		miss *= (long double)(N - K - n) / (long double)(N - n);
		n++;
	}
	return n;
}

/* Seconds per call of detect (exact or naive), best of three rounds. */
static double
time_detect(uint64_t N, uint64_t K, uint64_t n, bool exact, double *p)
{
	acc_err err = ACC_ERR_INIT;
	double best = 1e9;
	int round, r, reps = 1;

	for (round = 0; round < 3; round++) {
		double t0 = now(), t;
		for (r = 0; r < reps; r++) {
			if (!exact)
				*p = naive_detect(N, K, n);
			else if (acc_odds_detect(N, K, n, p, &err) != 0)
				die("detect", &err);
			sink = *p;
		}
		t = (now() - t0) / reps;
		best = min2(best, t);
		/* enough calls for a measurable round */
		while (t * reps < 0.02 && reps < 1000000)
			reps *= 4;
	}
	return best;
}

static double
time_samples(uint64_t N, uint64_t K, double target, bool exact,
    uint64_t *n)
{
	acc_err err = ACC_ERR_INIT;
	double best = 1e9;
	int round, r, reps = 1;

	for (round = 0; round < 3; round++) {
		double t0 = now(), t;
		for (r = 0; r < reps; r++) {
			if (!exact)
				*n = naive_samples(N, K, target);
			else if (acc_odds_samples(N, K, target, n, &err) != 0)
				die("samples", &err);
			sink = (double)*n;
		}
		t = (now() - t0) / reps;
		best = min2(best, t);
		while (t * reps < 0.02 && reps < 1000000)
			reps *= 4;
	}
	return best;
}

static void
detect_row(uint64_t N, uint64_t K, uint64_t n)
{
	acc_err err = ACC_ERR_INIT;
	double p, q, b, te, tn;
	char c1[48], c2[48], c3[48];

	te = time_detect(N, K, n, true, &p);
	tn = time_detect(N, K, n, false, &q);
	if (acc_odds_binomial(N, K, n, &b, &err) != 0)
		die("binomial", &err);
	printf("  %9llu %7llu %9llu  %-14s %-14s %-14s %10.3g %10.3g "
	    "%7.3g\n", (unsigned long long)N, (unsigned long long)K,
	    (unsigned long long)n, acc_odds_format(c1, sizeof(c1), p),
	    acc_odds_format(c2, sizeof(c2), q),
	    acc_odds_format(c3, sizeof(c3), b), te * 1e6, tn * 1e6,
	    tn / te);
}

static void
samples_row(uint64_t N, uint64_t K, double target)
{
	double te, tn;
	uint64_t n, m;

	te = time_samples(N, K, target, true, &n);
	tn = time_samples(N, K, target, false, &m);
	printf("  %9llu %7llu %6g %9llu %9llu %10.3g %10.3g %7.3g\n",
	    (unsigned long long)N, (unsigned long long)K, target,
	    (unsigned long long)n, (unsigned long long)m, te * 1e6,
	    tn * 1e6, tn / te);
}

int
main(int argc, char **argv)
{
	static const double share[] = { 0.001, 0.01 };
	uint64_t max_n = argc > 1 ? strtoull(argv[1], NULL, 10) : 10000000;
	acc_err err = ACC_ERR_INIT;
	uint64_t N, K;
	double p = 0, b = 0;
	char c1[48], c2[48];
	size_t s;

	if (max_n < 1000)
		die("usage: bench_odds [MAX_N >= 1000]", NULL);
	printf("detection odds, exact (hypergeometric, log space) against the "
	    "naive product\nof n ratios in long double; times per call in "
	    "microseconds\n");
	printf("  %9s %7s %9s  %-14s %-14s %-14s %10s %10s %8s\n", "N", "K",
	    "n", "exact", "naive", "binomial", "exact us", "naive us",
	    "naive/exact");
	for (N = 1000; N <= max_n; N *= 10)
		for (s = 0; s < 2; s++) {
			K = (uint64_t)((double)N * share[s]);
			if (K == 0)
				K = 1;
			detect_row(N, K, N / 1000);
			detect_row(N, K, N / 100);
			detect_row(N, K, N / 10);
			detect_row(N, K, N / 2);
		}
	printf("\nfewest samples for a target: acc_odds_samples (exact) "
	    "against one pass\nmultiplying one ratio per sample (naive)\n");
	printf("  %9s %7s %6s %9s %9s %10s %10s %8s\n", "N", "K", "target",
	    "exact n", "naive n", "exact us", "naive us", "naive/exact");
	for (N = 1000; N <= max_n; N *= 10)
		for (s = 0; s < 2; s++) {
			K = (uint64_t)((double)N * share[s]);
			if (K == 0)
				K = 1;
			samples_row(N, K, 0.9);
			samples_row(N, K, 0.95);
		}
	N = max_n;
	samples_row(N, 1, 0.9);
	printf("\nN = %llu without overflow:\n", (unsigned long long)N);
	if (acc_odds_detect(N, 10, 18, &p, &err) != 0 ||
	    acc_odds_binomial(N, 10, 18, &b, &err) != 0)
		die("detect", &err);
	printf("  K = 10, n = 18: exact %.15g, binomial %.15g (relative "
	    "difference %.3g)\n", p, b, (p - b) / p);
	if (acc_odds_detect(N, N / 200, 1000, &p, &err) != 0 ||
	    acc_odds_binomial(N, N / 200, 1000, &b, &err) != 0)
		die("detect", &err);
	printf("  K = %llu, n = 1000: exact %s, binomial %s\n",
	    (unsigned long long)(N / 200), acc_odds_format(c1, sizeof(c1), p),
	    acc_odds_format(c2, sizeof(c2), b));
	if (acc_odds_detect(N, 1, N - 1, &p, &err) != 0 ||
	    acc_odds_binomial(N, 1, N - 1, &b, &err) != 0)
		die("detect", &err);
	printf("  K = 1, n = N - 1: exact %s, binomial %s\n",
	    acc_odds_format(c1, sizeof(c1), p),
	    acc_odds_format(c2, sizeof(c2), b));
	printf("  K = %llu, n = %llu as C(N-K, n) / C(N, n) in double: %g\n",
	    (unsigned long long)(N / 100), (unsigned long long)(N / 2),
	    naive_choose(N, N / 100, N / 2));
	return 0;
}
