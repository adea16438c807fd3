/*
 * Detection odds of random inspection: N declared items, K of them in
 * violation (missing, over-loaded, ...), n inspected uniformly without
 * replacement. The exact probability of catching at least one is
 * hypergeometric, 1 - C(N-K, n) / C(N, n), computed in log space (a sum
 * of log1p terms) so that N up to 10^7 and beyond neither overflows nor
 * loses precision; the binomial approximation 1 - (1 - K/N)^n is given
 * beside it for comparison.
 */
#ifndef ACCORD_ODDS_H
#define ACCORD_ODDS_H

#include <stdint.h>

#include <accord/err.h>

/* P(at least one of K found among n of N). ACC_EINVAL when K > N or
 * n > N. */
ACC_NODISCARD int acc_odds_detect(uint64_t N, uint64_t K, uint64_t n,
    double *p, acc_err *err);

/* The binomial approximation 1 - (1 - K/N)^n. */
ACC_NODISCARD int acc_odds_binomial(uint64_t N, uint64_t K, uint64_t n,
    double *p, acc_err *err);

/*
 * Independent inspections, each drawing n of N (the violations stay in
 * place between them): 1 - (1 - p)^times, with p of acc_odds_detect.
 */
ACC_NODISCARD int acc_odds_repeated(uint64_t N, uint64_t K, uint64_t n,
    uint64_t times, double *p, acc_err *err);

/*
 * The smallest n with acc_odds_detect(N, K, n) >= target (0 < target
 * < 1); ACC_ENOTFOUND when even n = N falls short (K = 0).
 */
ACC_NODISCARD int acc_odds_samples(uint64_t N, uint64_t K, double target,
    uint64_t *n, acc_err *err);

#endif
