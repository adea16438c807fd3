/*
 * The inside of the negotiation workbench, shared by lib/whatif.c,
 * lib/positions.c, lib/negotiate.c and lib/negotiate_format.c. The caps
 * on positions and estimates files live here, each with its reason.
 */
#ifndef ACC_NEGOTIATE_INT_H
#define ACC_NEGOTIATE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include <accord/negotiate.h>

/* A positions file is a page or two of YAML. */
#define ACC_POSITIONS_FILE_MAX (1u << 20)
/* Issues in one negotiation: acc_package holds 32 levels. */
#define ACC_NEG_ISSUES_MAX 32
/* Levels per issue: a handful of ceilings and "none" in practice. */
#define ACC_NEG_LEVELS_MAX 16
/* Points kept on one stage of the frontier merge: 2^24 points of 16
 * bytes is 256 MiB, far beyond any frontier of additive utilities over
 * a few dozen issues, and bounds memory on hostile input. */
#define ACC_NEG_FRONTIER_MAX (1u << 24)
/* Packages enumerated one by one (the picture's points, the size of
 * the zone of agreement); larger spaces are solved on the frontier. */
#define ACC_NEG_ENUM_MAX 200000u
/* An estimates file: counts per type and status, a page of YAML. */
#define ACC_ESTIMATES_FILE_MAX (1u << 20)
/* Units an estimates file stands for, each made an item. */
#define ACC_ESTIMATES_ITEMS_MAX 1000000u
/* Rows of an estimates file. */
#define ACC_ESTIMATES_ROWS_MAX 1024u

struct acc_neg_level {
	char *text;            /* as written: "1000", "none", "default" */
	int64_t max;           /* a maximum issue: ACC_NO_LIMIT or the max */
	int variant;           /* a rule issue: -1 own rule, else variant */
};

struct acc_neg_issue {
	char *id;
	char *name;
	int limit;             /* index in the treaty */
	bool is_rule;          /* levels are counting rules, not maxima */
	size_t n_levels;
	struct acc_neg_level levels[ACC_NEG_LEVELS_MAX];
};

struct acc_positions {
	acc_treaty *owned;     /* the treaty, when load opened it */
	const acc_treaty *t;
	char *source;
	char *title;
	bool illustrative;
	size_t n_issues;
	struct acc_neg_issue issues[ACC_NEG_ISSUES_MAX];
	const char *party[2];  /* borrowed from the treaty */
	char *holdings[2];
	int64_t reservation[2];                           /* millionths */
	int64_t weight[2][ACC_NEG_ISSUES_MAX];            /* millionths */
	int64_t value[2][ACC_NEG_ISSUES_MAX][ACC_NEG_LEVELS_MAX];
	uint32_t refused[2][ACC_NEG_ISSUES_MAX];          /* red lines */
};

/* 128-bit unsigned arithmetic without compiler extensions (C17). */
typedef struct acc_u128 {
	uint64_t hi, lo;
} acc_u128;

acc_u128 acc_u128_mul(uint64_t a, uint64_t b);
int acc_u128_cmp(acc_u128 a, acc_u128 b);
acc_u128 acc_u128_add(acc_u128 a, acc_u128 b);

/* The utility of a package for party p (10^12 is 1.0). */
int64_t acc_neg_utility(const struct acc_positions *p, size_t party,
    const uint8_t *level);

/* The scenario a package makes of the positions' draft. */
void acc_neg_scenario(acc_scenario *s, const struct acc_positions *p,
    const uint8_t *level);

/* For lib/negotiate_format.c: the inside of a solved negotiation. */
const struct acc_positions *acc_neg_positions(const acc_negotiation *g);
const acc_whatif *acc_neg_requirement(const acc_negotiation *g,
    acc_solution_kind k, size_t party);
void acc_neg_zone(const acc_negotiation *g, size_t *z0, size_t *z1,
    uint64_t *zone_packages, bool *enumerated);
const int64_t *acc_neg_all(const acc_negotiation *g, size_t *n);

#endif
