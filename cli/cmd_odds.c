/*
 * accord odds: the odds that random inspection detects a violation:
 * exact (hypergeometric) beside the binomial approximation, the samples
 * or inspections a target needs, and what a draft's inspection quotas
 * buy against each party's inventory.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/odds.h>

#include "cli.h"
#include "cmd.h"

#define PARTIES_MAX 16

static const char usage[] =
    "usage: accord odds --population N --violations K|P% --samples n\n"
    "                   [--inspections I] [--years Y] [--json]\n"
    "       accord odds --population N --violations K|P% --target P\n"
    "                   [--samples n [--years Y]] [--json]\n"
    "       accord odds --draft DRAFT --violation K|P% --target P\n"
    "                   [--with FILE]... --against WORKSPACE...\n"
    "                   [--estimates FILE]... [--json]\n"
    "  The odds that n items drawn at random, without replacement, from N\n"
    "  declared items find at least one of K in violation (P% is a share\n"
    "  of N, rounded up): exact, with the binomial approximation beside\n"
    "  it; with --inspections and --years, over I independent inspections\n"
    "  a year for Y years. With --target (0 < P < 1): the fewest samples\n"
    "  that reach it or, given --samples, the fewest inspections a year.\n"
    "  With --draft: for each party (a workspace counted under DRAFT, or\n"
    "  an estimates file) and each limit, the inspections a year the\n"
    "  target needs against the draft's quotas, and the limits no\n"
    "  inspection kind can check. --violation and --violations are one.\n";

struct odds_args {
	bool has_population, has_violations, has_samples, has_target;
	bool has_inspections, has_years, against, json;
	uint64_t population, samples, inspections, years;
	acc_odds_violation violation;
	char violation_opt[16];	/* as spelt: --violation or --violations */
	double target;
	const char *draft;
	size_t n_est;
	const char *est[PARTIES_MAX];
};

/* A probability strictly between 0 and 1, written as a decimal. */
static int
parse_target(double *out, const char *s, acc_err *err)
{
	char *end;
	double v;

	if (s[0] == '\0' || strspn(s, "0123456789.") != strlen(s))
		goto bad;
	errno = 0;
	v = strtod(s, &end);
	if (*end != '\0' || errno != 0 || !(v > 0 && v < 1))
		goto bad;
	*out = v;
	return 0;
bad:
	return acc_err_set(err, ACC_EINVAL, "--target", "expected a "
	    "probability above 0 and below 1 (0.9), got \"%.40s\"", s);
}

/*
 * Options into a; returns 0, 64 (usage) or 2 (a bad value, told in err).
 * --help prints the usage and returns -1.
 */
static int
odds_parse_args(struct odds_args *a, struct cli_under *under, int argc,
    char **argv, acc_err *err)
{
	static const struct option opts[] = {
		{ "population", required_argument, NULL, 'N' },
		{ "violations", required_argument, NULL, 'K' },
		{ "violation", required_argument, NULL, 'K' },
		{ "samples", required_argument, NULL, 'n' },
		{ "target", required_argument, NULL, 't' },
		{ "inspections", required_argument, NULL, 'i' },
		{ "years", required_argument, NULL, 'y' },
		{ "draft", required_argument, NULL, 'd' },
		{ "against", no_argument, NULL, 'a' },
		{ "estimates", required_argument, NULL, 'e' },
		{ "with", required_argument, NULL, 'w' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, li, rc = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, &li)) != -1) {
		switch (c) {
		case 'N':
			rc = cli_count(&a->population, optarg, "--population",
			    err);
			a->has_population = true;
			break;
		case 'K':
			snprintf(a->violation_opt, sizeof(a->violation_opt),
			    "--%s", opts[li].name);
			rc = acc_odds_violation_parse(&a->violation, optarg,
			    a->violation_opt, err);
			a->has_violations = true;
			break;
		case 'n':
			rc = cli_count(&a->samples, optarg, "--samples", err);
			a->has_samples = true;
			break;
		case 't':
			rc = parse_target(&a->target, optarg, err);
			a->has_target = true;
			break;
		case 'i':
			rc = cli_count(&a->inspections, optarg,
			    "--inspections", err);
			a->has_inspections = true;
			break;
		case 'y':
			rc = cli_count(&a->years, optarg, "--years", err);
			a->has_years = true;
			break;
		case 'd':
			a->draft = optarg;
			break;
		case 'a':
			a->against = true;
			break;
		case 'e':
			if (a->n_est == PARTIES_MAX)
				return 64;
			a->est[a->n_est++] = optarg;
			break;
		case 'w':
			rc = cli_under_option(under, c, optarg, err);
			break;
		case 'j':
			a->json = true;
			break;
		case 'h':
			return -1;
		default:
			return 64;
		}
		if (rc != 0)
			return 2;
	}
	if (a->draft != NULL) {
		size_t n_ws = (size_t)(argc - optind);
		if (a->has_population || a->has_samples ||
		    a->has_inspections || a->has_years || !a->has_violations ||
		    !a->has_target || (n_ws > 0 && !a->against) ||
		    n_ws + a->n_est == 0 || n_ws + a->n_est > PARTIES_MAX)
			return 64;
		return 0;
	}
	if (optind != argc || a->against || a->n_est > 0 ||
	    under->n_with > 0 || !a->has_population || !a->has_violations ||
	    (!a->has_samples && !a->has_target) ||
	    (a->has_target && a->has_inspections) ||
	    (a->has_target && !a->has_samples && a->has_years))
		return 64;
	if (a->has_inspections && a->inspections == 0)
		rc = acc_err_set(err, ACC_EINVAL, "--inspections",
		    "expected at least 1 inspection a year, got 0");
	if (a->has_years && a->years == 0)
		rc = acc_err_set(err, ACC_EINVAL, "--years",
		    "expected at least 1 year, got 0");
	if (rc != 0)
		return 2;
	if (!a->has_inspections)
		a->inspections = 1;
	if (!a->has_years)
		a->years = 1;
	return 0;
}

/* Checks that name the options, before the library's own. */
static int
check_counts(const struct odds_args *a, uint64_t K, acc_err *err)
{
	if (K > a->population)
		return acc_err_set(err, ACC_EINVAL, a->violation_opt,
		    "expected at most the population (%llu), got %llu",
		    (unsigned long long)a->population, (unsigned long long)K);
	if (a->has_samples && a->samples > a->population)
		return acc_err_set(err, ACC_EINVAL, "--samples",
		    "expected at most the population (%llu), got %llu",
		    (unsigned long long)a->population,
		    (unsigned long long)a->samples);
	if (a->inspections > UINT64_MAX / a->years ||
	    a->inspections * a->years > UINT64_MAX / (a->samples ?
	    a->samples : 1))
		return acc_err_set(err, ACC_EINVAL, "--inspections",
		    "%llu inspections a year for %llu years are too many to "
		    "count", (unsigned long long)a->inspections,
		    (unsigned long long)a->years);
	return 0;
}

static void
print_inputs(const struct odds_args *a, uint64_t K)
{
	char vt[48];

	acc_odds_violation_format(vt, sizeof(vt), &a->violation);
	printf("population %llu, violations %llu", (unsigned long long)
	    a->population, (unsigned long long)K);
	if (a->violation.is_share)
		printf(" (%s)", vt);
}

/* Exact and binomial odds of n samples, once and over I x Y. */
static int
odds_detect(const struct odds_args *a, uint64_t K, acc_err *err)
{
	uint64_t times = a->inspections * a->years;
	double p, b, pt = 0, bt = 0;
	char c1[48], c2[48];
	int rc;

	rc = acc_odds_detect(a->population, K, a->samples, &p, err);
	if (rc == 0)
		rc = acc_odds_binomial(a->population, K, a->samples, &b, err);
	if (rc == 0 && times > 1)
		rc = acc_odds_repeated(a->population, K, a->samples, times,
		    &pt, err);
	if (rc == 0 && times > 1)
		rc = acc_odds_binomial(a->population, K, a->samples * times,
		    &bt, err);
	if (rc != 0)
		return rc;
	if (a->json) {
		printf("{\"population\":%llu,\"violations\":%llu,"
		    "\"samples\":%llu,\"inspections\":%llu,\"years\":%llu,"
		    "\"exact\":%.17g,\"binomial\":%.17g",
		    (unsigned long long)a->population, (unsigned long long)K,
		    (unsigned long long)a->samples,
		    (unsigned long long)a->inspections,
		    (unsigned long long)a->years, p, b);
		if (times > 1)
			printf(",\"combined\":{\"inspections\":%llu,"
			    "\"exact\":%.17g,\"binomial\":%.17g}",
			    (unsigned long long)times, pt, bt);
		printf("}\n");
		return 0;
	}
	print_inputs(a, K);
	if (times == 1) {
		printf(", samples %llu\n", (unsigned long long)a->samples);
		printf("  exact (hypergeometric)  %s\n",
		    acc_odds_format(c1, sizeof(c1), p));
		printf("  binomial approximation  %s\n",
		    acc_odds_format(c1, sizeof(c1), b));
		return 0;
	}
	printf(", samples %llu per inspection\n", (unsigned long long)
	    a->samples);
	printf("%llu inspection%s a year for %llu year%s: %llu independent "
	    "inspections\n", (unsigned long long)a->inspections,
	    a->inspections == 1 ? "" : "s", (unsigned long long)a->years,
	    a->years == 1 ? "" : "s", (unsigned long long)times);
	printf("  %-22s  %-16s %s\n", "", "one inspection", "all of them");
	printf("  %-22s  %-16s %s\n", "exact (hypergeometric)",
	    acc_odds_format(c1, sizeof(c1), p),
	    acc_odds_format(c2, sizeof(c2), pt));
	printf("  %-22s  %-16s %s\n", "binomial approximation",
	    acc_odds_format(c1, sizeof(c1), b),
	    acc_odds_format(c2, sizeof(c2), bt));
	return 0;
}

/* The fewest samples for the target, with the odds around it. */
static int
odds_samples(const struct odds_args *a, uint64_t K, acc_err *err)
{
	uint64_t n;
	double p, below, b;
	char c1[48], c2[48], tg[48];
	int rc;

	if (K == 0)
		return acc_err_set(err, ACC_EINVAL, a->violation_opt, "with "
		    "no violations no number of samples detects one");
	rc = acc_odds_samples(a->population, K, a->target, &n, err);
	if (rc == 0)
		rc = acc_odds_detect(a->population, K, n, &p, err);
	if (rc == 0)
		rc = acc_odds_detect(a->population, K, n - 1, &below, err);
	if (rc == 0)
		rc = acc_odds_binomial(a->population, K, n, &b, err);
	if (rc != 0)
		return rc;
	if (a->json) {
		printf("{\"population\":%llu,\"violations\":%llu,"
		    "\"target\":%.17g,\"samples\":%llu,\"exact\":%.17g,"
		    "\"exact_one_fewer\":%.17g,\"binomial\":%.17g}\n",
		    (unsigned long long)a->population, (unsigned long long)K,
		    a->target, (unsigned long long)n, p, below, b);
		return 0;
	}
	print_inputs(a, K);
	printf(", target %s\n", acc_odds_format(tg, sizeof(tg), a->target));
	printf("  samples needed          %llu\n", (unsigned long long)n);
	printf("  exact (hypergeometric)  %s with %llu, %s with %llu\n",
	    acc_odds_format(c1, sizeof(c1), p), (unsigned long long)n,
	    acc_odds_format(c2, sizeof(c2), below),
	    (unsigned long long)(n - 1));
	printf("  binomial approximation  %s with %llu\n",
	    acc_odds_format(c1, sizeof(c1), b), (unsigned long long)n);
	return 0;
}

/* The fewest inspections a year, each of n samples, for the target. */
static int
odds_inspections(const struct odds_args *a, uint64_t K, acc_err *err)
{
	uint64_t m;
	double p, below = 0;
	char c1[48], c2[48], tg[48];
	int rc;

	if (K == 0 || a->samples == 0)
		return acc_err_set(err, ACC_EINVAL, K == 0 ? a->violation_opt :
		    "--samples", "with no %s no number of inspections "
		    "detects one", K == 0 ? "violations" : "samples");
	rc = acc_odds_inspections(a->population, K, a->samples, a->years,
	    a->target, &m, err);
	if (rc == 0 && m > UINT64_MAX / a->years)
		rc = acc_err_set(err, ACC_ELIMIT, "--years", "too many "
		    "inspections to count");
	if (rc == 0)
		rc = acc_odds_repeated(a->population, K, a->samples,
		    m * a->years, &p, err);
	if (rc == 0)
		rc = acc_odds_repeated(a->population, K, a->samples,
		    (m - 1) * a->years, &below, err);
	if (rc != 0)
		return rc;
	if (a->json) {
		printf("{\"population\":%llu,\"violations\":%llu,"
		    "\"samples\":%llu,\"years\":%llu,\"target\":%.17g,"
		    "\"inspections\":%llu,\"exact\":%.17g,"
		    "\"exact_one_fewer\":%.17g}\n",
		    (unsigned long long)a->population, (unsigned long long)K,
		    (unsigned long long)a->samples,
		    (unsigned long long)a->years, a->target,
		    (unsigned long long)m, p, below);
		return 0;
	}
	print_inputs(a, K);
	printf(", samples %llu per inspection, target %s over %llu year%s\n",
	    (unsigned long long)a->samples, acc_odds_format(tg, sizeof(tg),
	    a->target), (unsigned long long)a->years, a->years == 1 ? "" :
	    "s");
	printf("  inspections needed a year  %llu (%llu in all, "
	    "independent)\n", (unsigned long long)m,
	    (unsigned long long)(m * a->years));
	printf("  exact (hypergeometric)     %s with %llu a year, %s with "
	    "%llu\n", acc_odds_format(c1, sizeof(c1), p),
	    (unsigned long long)m, acc_odds_format(c2, sizeof(c2), below),
	    (unsigned long long)(m - 1));
	return 0;
}

/* Each party's inventory counted under the draft, then the report. */
static int
odds_draft(const struct odds_args *a, struct cli_under *under, int argc,
    char **argv, acc_err *err)
{
	acc_workspace *ws[PARTIES_MAX] = { 0 };
	acc_inventory *inv[PARTIES_MAX] = { 0 };
	acc_odds_report *rep = NULL;
	acc_buf out = ACC_BUF_INIT(64u << 20);
	size_t n_ws = (size_t)(argc - optind), n = 0, i;
	int rc;

	under->treaty_ref = a->draft;
	rc = acc_treaty_open(&under->treaty, a->draft, err);
	for (i = 0; i < n_ws && rc == 0; i++) {
		rc = acc_workspace_open(&ws[n], argv[optind + (int)i], err);
		if (rc == 0)
			rc = cli_under_inventory(under, ws[n], &inv[n], err);
		n++;
	}
	for (i = 0; i < a->n_est && rc == 0; i++)
		rc = acc_estimates_load(&inv[n++], under->treaty, a->est[i],
		    err);
	if (rc == 0) {
		rep = calloc(n, sizeof(*rep));
		if (rep == NULL)
			rc = acc_err_set(err, ACC_ERR, "odds",
			    "out of memory");
	}
	for (i = 0; i < n && rc == 0; i++)
		rc = acc_odds_draft(&rep[i], inv[i], &a->violation,
		    a->target, err);
	if (rc == 0)
		rc = acc_odds_draft_format(&out, rep, n, a->json, err);
	if (rc == 0)
		rc = cli_write(&out, err);
	free(rep);
	for (i = 0; i < PARTIES_MAX; i++) {
		acc_inventory_free(inv[i]);
		acc_workspace_close(ws[i]);
	}
	acc_buf_dispose(&out);
	return rc;
}

int
cmd_odds(int argc, char **argv)
{
	struct odds_args a;
	struct cli_under under = { 0 };
	acc_err err = ACC_ERR_INIT;
	uint64_t K;
	int rc;

	memset(&a, 0, sizeof(a));
	rc = odds_parse_args(&a, &under, argc, argv, &err);
	if (rc == -1)
		return cli_help(usage);
	if (rc == 64)
		return cli_usage(usage);
	if (rc != 0)
		return cli_exit(ACC_EINVAL, &err);
	if (a.draft != NULL) {
		rc = odds_draft(&a, &under, argc, argv, &err);
		goto done;
	}
	K = acc_odds_violation_of(&a.violation, a.population);
	rc = check_counts(&a, K, &err);
	if (rc == 0 && !a.has_target)
		rc = odds_detect(&a, K, &err);
	else if (rc == 0 && !a.has_samples)
		rc = odds_samples(&a, K, &err);
	else if (rc == 0)
		rc = odds_inspections(&a, K, &err);
	if (rc == 0 && fflush(stdout) != 0)
		rc = acc_err_set(&err, ACC_ERR, "stdout", "write failed");
done:
	cli_under_dispose(&under);
	return cli_exit(rc, &err);
}
