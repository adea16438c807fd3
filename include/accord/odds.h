/*
 * Detection odds of random inspection: N declared items, K of them in
 * violation (missing, over-loaded, ...), n inspected uniformly without
 * replacement. The exact probability of catching at least one is
 * hypergeometric, 1 - C(N-K, n) / C(N, n), computed in log space (a sum
 * of log1p terms) so that N up to 10^7 and beyond neither overflows nor
 * loses precision; the binomial approximation 1 - (1 - K/N)^n is given
 * beside it for comparison. On top of these: independent inspections
 * repeated over years, and what a draft treaty's inspection quotas buy
 * against each party's inventory (docs/odds.md).
 *
 * A target probability is read as the decimal it stands for: a value
 * within 2^-50 of it (relative) counts as reaching it, so that the
 * target 0.9 is met by a probability of exactly 0.9, which the double
 * nearest 0.9 slightly exceeds. (Past N = 10^15, where consecutive odds
 * come closer than that, an answer may be smaller by up to N / 2^50.)
 *
 * Thread-safety: every function is pure or writes only its outputs.
 */
#ifndef ACCORD_ODDS_H
#define ACCORD_ODDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <accord/buf.h>
#include <accord/date.h>
#include <accord/err.h>
#include <accord/inventory.h>
#include <accord/treaty.h>

/*
 * P(at least one of K found among n of N). 0 when K = 0 or n = 0,
 * exactly 1 when n > N - K. ACC_EINVAL when K > N (where "violations")
 * or n > N (where "samples").
 */
ACC_NODISCARD int acc_odds_detect(uint64_t N, uint64_t K, uint64_t n,
    double *p, acc_err *err);

/*
 * The binomial approximation 1 - (1 - K/N)^n: n draws with replacement,
 * so n may exceed N. ACC_EINVAL when K > N, or N = 0 with n > 0.
 */
ACC_NODISCARD int acc_odds_binomial(uint64_t N, uint64_t K, uint64_t n,
    double *p, acc_err *err);

/*
 * Independent inspections, each drawing n of N (the violations stay in
 * place between them): 1 - (1 - p)^times, with p of acc_odds_detect,
 * computed from the logarithm of 1 - p so that nothing is lost near 0
 * or 1. ACC_EINVAL as acc_odds_detect.
 */
ACC_NODISCARD int acc_odds_repeated(uint64_t N, uint64_t K, uint64_t n,
    uint64_t times, double *p, acc_err *err);

/*
 * The smallest n with acc_odds_detect(N, K, n) >= target (0 < target
 * < 1); ACC_ENOTFOUND when even n = N falls short (K = 0). ACC_EINVAL
 * when K > N or target is outside (0, 1) (where "target"). The binomial
 * approximation's answer bounds it; below that, a binary search whose
 * steps cost min(n, K) terms each, or one pass of a term per sample
 * when K is not small beside the answer: microseconds for N = 10^7.
 */
ACC_NODISCARD int acc_odds_samples(uint64_t N, uint64_t K, double target,
    uint64_t *n, acc_err *err);

/*
 * The smallest number m of inspections a year, each drawing `draws` of
 * the N items independently of the others, with which `years` years of
 * them detect at least one of K with probability at least target:
 * 1 - (1 - p)^(m * years) >= target, p of acc_odds_detect(N, K, draws).
 * ACC_EINVAL as acc_odds_detect (draws for n, where "draws"), for
 * years = 0 (where "years") or a target outside (0, 1); ACC_ENOTFOUND
 * when no number of inspections detects anything (K = 0 or draws = 0);
 * ACC_ELIMIT when m would exceed 2^62.
 */
ACC_NODISCARD int acc_odds_inspections(uint64_t N, uint64_t K,
    uint64_t draws, uint64_t years, double target, uint64_t *per_year,
    acc_err *err);

/*
 * A violation size as given on a command line: a whole number of items
 * ("12") or a share of each population ("5%", "0.25%": at most six
 * decimals, above 0 and at most 100).
 */
typedef struct acc_odds_violation {
	bool is_share;
	uint64_t count;         /* items, when !is_share */
	uint32_t share;         /* millionths of a percent, when is_share */
} acc_odds_violation;

/*
 * Parse s into *out. ACC_EINVAL naming opt for anything else (a sign,
 * junk, more than 18 digits, a share of 0 or above 100%).
 */
ACC_NODISCARD int acc_odds_violation_parse(acc_odds_violation *out,
    const char *s, const char *opt, acc_err *err);

/*
 * K for a population of N: the share of N rounded up and at least 1
 * (0 when N = 0), or the count as given (which may exceed N).
 */
uint64_t acc_odds_violation_of(const acc_odds_violation *v, uint64_t N);

/* "12" or "5%" (shortest decimals) into out; returns out. */
const char *acc_odds_violation_format(char *out, size_t len,
    const acc_odds_violation *v);

/*
 * p as text: six significant digits, and above 0.99999 as "1 - q" with
 * q to six digits, so that odds near 1 keep their precision; "1" and
 * "0" when exact. Returns out.
 */
const char *acc_odds_format(char *out, size_t len, double p);

/* ---- what a draft's inspections buy --------------------------------- */

/* An inspection kind that may draw items a limit counts. */
typedef struct acc_odds_kind {
	const char *id;         /* borrowed from the treaty */
	int64_t quota;          /* per treaty year */
	uint64_t draws;         /* items drawn (all when fewer are counted) */
	double p;               /* one such inspection's detection odds */
} acc_odds_kind;

typedef struct acc_odds_limit {
	const char *id;         /* borrowed from the treaty */
	const char *article;
	uint64_t population;    /* N: the items with a nonzero tally */
	uint64_t violations;    /* K: of them, at most N */
	size_t n_kinds;         /* 0: no inspection path */
	acc_odds_kind kinds[32];
	int64_t quota;          /* the kinds' combined annual quota */
	double p_quota;         /* detection in a year of the whole quota */
	/*
	 * The fewest inspections a year that reach the target, kinds that
	 * draw most first; 0 without a path, without items, or when the
	 * kinds draw none.
	 */
	uint64_t needed;
	bool suffices;          /* the quota reaches the target (or N = 0) */
} acc_odds_limit;

/* What a draft's inspection quotas buy against one party's inventory. */
typedef struct acc_odds_report {
	const acc_treaty *treaty;
	char party[65];
	acc_date as_of;
	size_t n_items;
	acc_odds_violation violation;
	double target;
	size_t n_limits;
	acc_odds_limit limits[64];
	size_t n_short;         /* limits with a path whose quota falls short */
	size_t n_unchecked;     /* limits without an inspection path */
} acc_odds_report;

/*
 * For each limit of inv's treaty (its own rule): the items it counts,
 * the violation v applied to them, the inspection kinds whose items
 * include a type the limit counts, and the inspections a year each
 * drawing its `draws` items from the limit's population (independently:
 * the model of docs/odds.md) needed to detect a violation with
 * probability target within one year, against the quota. ACC_EINVAL for
 * a target outside (0, 1) or a violation of 0 items; ACC_ERR out of
 * memory. *out borrows from inv's treaty, which must outlive it.
 */
ACC_NODISCARD int acc_odds_draft(acc_odds_report *out,
    const acc_inventory *inv, const acc_odds_violation *v, double target,
    acc_err *err);

/*
 * Format n reports (of one treaty, violation and target) as text or
 * JSON. The same reports give the same bytes.
 */
ACC_NODISCARD int acc_odds_draft_format(acc_buf *out,
    const acc_odds_report *r, size_t n, bool json, acc_err *err);

#endif
