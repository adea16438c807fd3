/*
 * Treaty definitions from untrusted bytes: acc_treaty_parse, and for a
 * definition that loads, its summary, the lookups by id and the counter
 * for its own rules and every variant. Nothing here may crash, leak or
 * disagree with itself, whatever the bytes.
 */
#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <accord/accord.h>

#include "fuzz.h"

/* Far above any real definition, far below ACC_TREATY_FILE_MAX: keeps
 * each run fast without hiding any code path. */
#define INPUT_MAX (256u << 10)
/* The summary repeats each string of the definition a few times. */
#define SUMMARY_MAX (8u << 20)
#define LIMITS_MAX 64

/* Every element of a list is found again by its own id. */
static void
check_lookups(const acc_treaty *t)
{
	size_t i, j;

	for (i = 0; i < acc_treaty_party_count(t); i++) {
		acc_element e = acc_treaty_party(t, i);
		assert(acc_treaty_party_find(t, e.id) == (int)i);
		assert(e.name != NULL && e.article != NULL);
	}
	for (i = 0; i < acc_treaty_type_count(t); i++) {
		acc_type_info ty = acc_treaty_type(t, i);
		assert(acc_treaty_type_find(t, ty.id, strlen(ty.id)) ==
		    (int)i);
		assert(ty.name != NULL);
		assert(!acc_treaty_type_holds(t, i, i));
		for (j = 0; j < acc_treaty_type_count(t); j++)
			(void)acc_treaty_type_holds(t, i, j);
	}
	for (i = 0; i < acc_treaty_status_count(t); i++) {
		acc_element e = acc_treaty_status(t, i);
		assert(acc_treaty_status_find(t, e.id, strlen(e.id)) ==
		    (int)i);
	}
	for (i = 0; i < acc_treaty_kind_count(t); i++) {
		acc_element e = acc_treaty_kind(t, i);
		assert(acc_treaty_kind_find(t, e.id, strlen(e.id)) == (int)i);
	}
	for (i = 0; i < acc_treaty_limit_count(t); i++) {
		acc_limit_info l = acc_treaty_limit(t, i);
		assert(acc_treaty_limit_find(t, l.id) == (int)i);
		assert(l.rule != NULL && l.max >= 0);
		for (j = 0; j < l.n_variants; j++) {
			acc_variant_info v = acc_treaty_variant(t, i, j);
			assert(v.id != NULL && v.rule != NULL);
		}
	}
	for (i = 0; i < acc_treaty_measure_count(t); i++) {
		acc_element e = acc_treaty_measure(t, i);
		assert(e.id != NULL && e.name != NULL);
	}
}

/* The treaty keeps the exact bytes it was parsed from. */
static void
check_text(const acc_treaty *t, const uint8_t *data, size_t size)
{
	size_t len = 0, i;
	const char *text = acc_treaty_text(t, &len);

	assert(len == size);
	for (i = 0; i < size; i++)
		assert((uint8_t)text[i] == data[i]);
}

/* A counter for the limits' own rules, then one for each variant. */
static void
check_counters(const acc_treaty *t)
{
	size_t nl = acc_treaty_limit_count(t);
	size_t most = 0, l, v;
	int variants[LIMITS_MAX];
	int64_t totals[LIMITS_MAX];
	acc_inventory *inv = NULL;
	acc_counter *c = NULL;
	acc_err err = ACC_ERR_INIT;
	int rc;

	assert(nl <= LIMITS_MAX);
	rc = acc_inventory_new(&inv, t, &err);
	assert(rc == 0);
	rc = acc_counter_new(&c, t, NULL, &err);
	assert(rc == 0 && c != NULL);
	/* nothing to count: every total is zero */
	acc_counter_totals(c, inv, totals);
	for (l = 0; l < nl; l++)
		assert(totals[l] == 0);
	acc_counter_free(c);
	c = NULL;
	for (l = 0; l < nl; l++)
		if (acc_treaty_limit(t, l).n_variants > most)
			most = acc_treaty_limit(t, l).n_variants;
	for (v = 0; v < most; v++) {
		for (l = 0; l < nl; l++)
			variants[l] = v < acc_treaty_limit(t, l).n_variants ?
			    (int)v : -1;
		rc = acc_counter_new(&c, t, variants, &err);
		assert(rc == 0 && c != NULL);
		acc_counter_free(c);
		c = NULL;
	}
	/* a variant past the last one is refused */
	if (nl > 0) {
		for (l = 0; l < nl; l++)
			variants[l] = -1;
		variants[0] = (int)acc_treaty_limit(t, 0).n_variants;
		rc = acc_counter_new(&c, t, variants, &err);
		assert(rc == ACC_EINVAL && c == NULL && err.code == rc);
	}
	acc_inventory_free(inv);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	acc_err err = ACC_ERR_INIT;
	acc_treaty *t = NULL;
	acc_buf out = ACC_BUF_INIT(SUMMARY_MAX);
	int rc;

	if (size > INPUT_MAX)
		return 0;
	rc = acc_treaty_parse(&t, (const char *)data, size, "fuzz.yaml", &err);
	if (rc != 0) {
		/* the failure is reported once, and nothing is returned */
		assert(rc < 0 && t == NULL && err.code == rc);
		goto done;
	}
	assert(t != NULL && err.code == ACC_OK);
	check_text(t, data, size);
	check_lookups(t);
	rc = acc_treaty_format(&out, t, &err);
	assert(rc == 0 || (rc == ACC_ELIMIT && err.code == rc));
	check_counters(t);
done:
	acc_buf_dispose(&out);
	acc_treaty_free(t);
	return 0;
}
