/*
 * Inventory files from untrusted bytes, CSV or JSON (chosen as the
 * library chooses, by the first non-blank byte), read against the
 * built-in New START definition for party US. An inventory that
 * finalizes is counted and its report formatted in every format, alone
 * and side by side; the per-item tallies must add up to the totals. It
 * is then counted under the built-in successor draft, as `accord report
 * --treaty` does: a limit with the same id and rule gives the same total.
 */
#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <accord/accord.h>

#include "fuzz.h"

/* CSV rows are cheap, but a run should stay well under a second. */
#define INPUT_MAX (1u << 20)
#define REPORT_MAX (1u << 20)
#define LIMITS_MAX 64

/* Loaded once and kept for the life of the process (still reachable,
 * so not a leak). */
static const acc_treaty *
treaty_get(size_t which)
{
	static const char *const ids[] = { "new-start", "successor-draft" };
	static acc_treaty *t[2];
	acc_err err = ACC_ERR_INIT;

	if (t[which] == NULL) {
		int rc = acc_treaty_open(&t[which], ids[which], &err);
		if (rc != 0)
			abort(); /* the built-in definitions must load */
	}
	return t[which];
}

/* Views of every record point at valid strings. */
static void
check_views(const acc_inventory *inv)
{
	acc_attr_kv kv[32];
	size_t i, k;

	for (i = 0; i < acc_inventory_facility_count(inv); i++) {
		acc_facility_rec f;
		acc_inventory_facility(inv, i, &f, kv, 32);
		assert(f.id != NULL && f.kind != NULL);
		for (k = 0; k < f.n_attrs; k++)
			assert(f.attrs[k].key != NULL &&
			    f.attrs[k].value != NULL);
	}
	for (i = 0; i < acc_inventory_item_count(inv); i++) {
		acc_item_rec it;
		acc_inventory_item(inv, i, &it, kv, 32);
		assert(it.uid != NULL && it.type != NULL);
		assert(it.status != NULL && it.facility != NULL);
		assert(it.warheads >= -1 && it.warheads <= 1000);
		for (k = 0; k < it.n_attrs; k++)
			assert(it.attrs[k].key != NULL &&
			    it.attrs[k].value != NULL);
	}
}

/* The totals are the sum of the items' tallies. */
static void
check_tallies(const acc_treaty *t, const acc_inventory *inv,
    const acc_report *rep)
{
	size_t nl = acc_treaty_limit_count(t);
	int64_t totals[LIMITS_MAX], sums[LIMITS_MAX], tally[LIMITS_MAX];
	acc_counter *c = NULL;
	acc_err err = ACC_ERR_INIT;
	size_t i, l;
	int rc;

	rc = acc_counter_new(&c, t, NULL, &err);
	assert(rc == 0);
	acc_counter_totals(c, inv, totals);
	for (l = 0; l < nl; l++)
		sums[l] = 0;
	for (i = 0; i < acc_inventory_item_count(inv); i++) {
		acc_counter_tally(c, inv, i, tally);
		for (l = 0; l < nl; l++)
			sums[l] += tally[l];
	}
	for (l = 0; l < nl; l++) {
		assert(sums[l] == totals[l]);
		assert(rep->limits[l].value == totals[l]);
	}
	acc_counter_free(c);
}

/* The report, in every format, alone and twice side by side. */
static void
check_report(const acc_inventory *inv, acc_report *rep)
{
	static const acc_format fmts[] = { ACC_FORMAT_TEXT, ACC_FORMAT_JSON,
		ACC_FORMAT_MARKDOWN };
	acc_report two[2];
	acc_err err = ACC_ERR_INIT;
	size_t i, n;
	int rc;

	rc = acc_report_make(rep, inv, ACC_DATE_NONE, &err);
	assert(rc == 0);
	assert(rep->n_items == acc_inventory_item_count(inv));
	assert(rep->n_limits == acc_treaty_limit_count(rep->treaty));
	check_tallies(rep->treaty, inv, rep);
	two[0] = *rep;
	two[1] = *rep;
	for (n = 1; n <= 2; n++) {
		for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
			acc_buf out = ACC_BUF_INIT(REPORT_MAX);
			rc = acc_report_format(&out, two, n, fmts[i], &err);
			assert(rc == 0 && out.len > 0);
			assert(strlen(out.data) == out.len);
			acc_buf_dispose(&out);
		}
	}
}

/* Counted under the draft: the limits it shares give the same totals. */
static void
check_under_draft(const acc_inventory *src, const acc_report *rep)
{
	const acc_treaty *draft = treaty_get(1);
	acc_inventory *inv = NULL;
	acc_report drep;
	acc_err err = ACC_ERR_INIT;
	size_t i, j;
	int rc;

	rc = acc_inventory_new(&inv, draft, &err);
	assert(rc == 0);
	rc = acc_inventory_add_from(inv, src, &err);
	if (rc == 0)
		rc = acc_inventory_finalize(inv, "US", &err);
	if (rc != 0) {
		assert(rc < 0 && err.code == rc);
		goto done;
	}
	assert(acc_inventory_item_count(inv) ==
	    acc_inventory_item_count(src));
	rc = acc_report_make(&drep, inv, ACC_DATE_NONE, &err);
	assert(rc == 0);
	for (i = 0; i < drep.n_limits; i++)
		for (j = 0; j < rep->n_limits; j++)
			if (strcmp(drep.limits[i].id, rep->limits[j].id) == 0 &&
			    strcmp(drep.limits[i].rule,
			    rep->limits[j].rule) == 0)
				assert(drep.limits[i].value ==
				    rep->limits[j].value);
done:
	acc_inventory_free(inv);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const acc_treaty *t = treaty_get(0);
	acc_inventory *inv = NULL;
	acc_report rep;
	acc_err err = ACC_ERR_INIT;
	int rc;

	if (size > INPUT_MAX)
		return 0;
	rc = acc_inventory_new(&inv, t, &err);
	assert(rc == 0);
	rc = acc_inventory_read_mem(inv, (const char *)data, size, "fuzz",
	    &err);
	if (rc == 0)
		rc = acc_inventory_finalize(inv, "US", &err);
	if (rc != 0) {
		assert(rc < 0 && err.code == rc);
		goto done;
	}
	assert(strcmp(acc_inventory_party(inv), "US") == 0);
	assert(acc_inventory_as_of(inv) != ACC_DATE_NONE);
	check_views(inv);
	check_report(inv, &rep);
	check_under_draft(inv, &rep);
done:
	acc_inventory_free(inv);
	return 0;
}
