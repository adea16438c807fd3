/*
 * Positions files from untrusted bytes, against the built-in
 * successor-draft: acc_positions_parse, and for positions that load and
 * span few enough packages, the whole analysis: the frontier is strictly
 * ordered, every package it names gives its point, the solutions lie in
 * the zone, the sensitivity ranges hold the weights given, and every
 * format and the picture are made. Inputs that begin as an estimates file
 * (format: accord-estimates/1) go to acc_estimates_parse and, when they
 * load, to a what-if plan. Nothing may crash, leak or disagree with
 * itself.
 */
#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <accord/accord.h>
#include <accord/negotiate.h>

#include "fuzz.h"

/* Far above any real positions file; keeps each run short. */
#define INPUT_MAX (64u << 10)
/* Solve only spaces a run can afford (the merge is exact whatever the
 * size, but a long frontier times 2 x 32 sensitivities is slow). */
#define SOLVE_ISSUES_MAX 8

static acc_treaty *draft;

static void
check_solution(const acc_positions *p, acc_negotiation *n)
{
	acc_err err = ACC_ERR_INIT;
	acc_buf out = ACC_BUF_INIT(64u << 20);
	size_t i, k, fs = acc_negotiation_frontier_size(n);
	int rc;

	for (i = 0; i < fs; i++) {
		acc_package a, b;
		acc_negotiation_frontier(n, i, &a);
		if (i + 1 < fs) {
			acc_negotiation_frontier(n, i + 1, &b);
			assert(a.utility[0] > b.utility[0]);
			assert(a.utility[1] < b.utility[1]);
		}
		for (k = 0; k < acc_positions_issue_count(p); k++)
			assert(a.level[k] < acc_positions_level_count(p, k));
	}
	for (k = 0; k < ACC_SOL_COUNT; k++) {
		acc_package s;
		rc = acc_negotiation_solution(n, (acc_solution_kind)k, &s,
		    &err);
		assert(rc == 0 ? acc_negotiation_has_agreement(n) :
		    rc == ACC_ENOTFOUND && !acc_negotiation_has_agreement(n));
	}
	if (!acc_negotiation_has_agreement(n))
		assert(strlen(acc_negotiation_explanation(n)) > 0);
	for (k = 0; k < acc_positions_issue_count(p); k++) {
		int64_t lo, hi;
		for (i = 0; i < 2; i++)
			if (acc_negotiation_sensitivity(n, i, k, &lo, &hi))
				assert(0 <= lo && lo <= hi &&
				    hi <= ACC_NEG_SCALE);
	}
	rc = acc_negotiation_format(&out, n, ACC_FORMAT_TEXT, &err);
	assert(rc == 0);
	acc_buf_reset(&out);
	rc = acc_negotiation_format(&out, n, ACC_FORMAT_MARKDOWN, &err);
	assert(rc == 0);
	acc_buf_reset(&out);
	rc = acc_negotiation_format(&out, n, ACC_FORMAT_JSON, &err);
	assert(rc == 0);
	acc_buf_reset(&out);
	rc = acc_negotiation_plot(&out, n, &err);
	assert(rc == 0);
	acc_buf_dispose(&out);
}

static void
run_estimates(const uint8_t *data, size_t size)
{
	acc_err err = ACC_ERR_INIT;
	acc_inventory *inv = NULL;
	acc_scenario s;
	acc_whatif w;
	acc_buf out = ACC_BUF_INIT(64u << 20);
	int rc;

	rc = acc_estimates_parse(&inv, draft, (const char *)data, size,
	    "fuzz.yaml", &err);
	if (rc != 0) {
		assert(rc < 0 && inv == NULL && err.code == rc);
		return;
	}
	/* keep each run short: plans over a few thousand items */
	if (acc_inventory_item_count(inv) <= 5000) {
		acc_scenario_init(&s, draft);
		rc = acc_whatif_make(&w, inv, &s, &err);
		assert(rc == 0);
		assert(!w.complete || w.touched >= w.lower_bound);
		rc = acc_whatif_format(&out, &w, 1, &s, ACC_FORMAT_JSON, &err);
		assert(rc == 0);
		acc_whatif_dispose(&w);
	}
	acc_buf_dispose(&out);
	acc_inventory_free(inv);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	acc_err err = ACC_ERR_INIT;
	acc_positions *p = NULL;
	acc_negotiation *n = NULL;
	int rc;

	if (size > INPUT_MAX)
		return 0;
	if (draft == NULL && acc_treaty_open(&draft, "successor-draft",
	    &err) != 0)
		return 0;
	if (size >= 26 && strncmp((const char *)data,
	    "format: accord-estimates/1", 26) == 0) {
		run_estimates(data, size);
		return 0;
	}
	rc = acc_positions_parse(&p, draft, (const char *)data, size,
	    "fuzz.yaml", &err);
	if (rc != 0) {
		assert(rc < 0 && p == NULL && err.code == rc);
		assert(err.where[0] != '\0');
		return 0;
	}
	if (acc_positions_issue_count(p) <= SOLVE_ISSUES_MAX) {
		rc = acc_negotiation_solve(&n, p, &err);
		assert(rc == 0 || (rc == ACC_ELIMIT && n == NULL));
		if (rc == 0)
			check_solution(p, n);
	}
	acc_negotiation_free(n);
	acc_positions_free(p);
	return 0;
}
