/*
 * Counting rules from untrusted bytes. The bytes become the rule of a
 * limit in a small valid definition, written as a YAML double-quoted
 * scalar so that the YAML layer hands them to the rule parser unchanged.
 * A rule that loads counts a fixed inventory: a dozen varied items, and
 * enough missiles at the cap of 1000 warheads that a factor past the
 * bound of lib/limits.h would make a total wrap. The per-item tallies
 * must add up to the totals, and no total may wrap.
 */
#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/accord.h>

#include "fuzz.h"

/* ACC_YAML_SCALAR_MAX is 4096; a little over tests that cap too. */
#define INPUT_MAX 5000
#define DOC_MAX (64u << 10)
#define LIMITS_MAX 64

static const char head[] =
    "format: accord-treaty/1\n"
    "id: rule-fuzz\n"
    "title: Rule fuzzing definition\n"
    "parties:\n"
    "  - {id: AA, name: Party A}\n"
    "dates: {in_force: 2020-01-01, expires: 2040-01-01}\n"
    "statuses:\n"
    "  - {id: deployed, name: Deployed, article: I}\n"
    "  - {id: stored, name: Stored, article: I}\n"
    "  - {id: test, name: Test, article: I}\n"
    "facility_kinds:\n"
    "  - {id: base, name: Base, article: I}\n"
    "  - {id: depot, name: Depot, article: I}\n"
    "item_types:\n"
    "  - {id: missile, name: Missile, article: I, warheads: true,\n"
    "     attributes: [model, role]}\n"
    "  - {id: launcher, name: Launcher, article: I, holds: [missile],\n"
    "     capacity: 1, attributes: [model]}\n"
    "  - {id: bomber, name: Bomber, article: I, warheads: true,\n"
    "     max_warheads: 20, attributes: [model, role]}\n"
    "  - {id: warhead, name: Warhead, article: I, attributes: [role]}\n"
    "limits:\n"
    "  - id: fixed\n"
    "    name: Fixed\n"
    "    article: II\n"
    "    rule: count(missile where status = deployed)\n"
    "    max: 10\n"
    "  - id: fuzzed\n"
    "    name: Fuzzed\n"
    "    article: III\n"
    "    max: 100\n"
    "    rule: \"";
static const char tail[] = "\"\n";

static const char inventory[] =
    "record,id,type,status,facility,warheads,contained_in,name,model,role\n"
    "meta,party,,,,,,AA,,\n"
    "meta,as_of,,,,,,2024-03-01,,\n"
    "facility,F-1,base,,,,,Base one,,\n"
    "facility,F-2,depot,,,,,Depot two,,\n"
    "item,L-1,launcher,deployed,F-1,,,,Silo,\n"
    "item,M-1,missile,deployed,F-1,3,L-1,,Mk 1,strategic\n"
    "item,L-2,launcher,stored,F-1,,,,Silo,\n"
    "item,M-2,missile,stored,F-2,0,,,Mk 2,strategic\n"
    "item,M-3,missile,test,F-2,1000,,,Mk 2,\n"
    "item,B-1,bomber,deployed,F-1,20,,,Heavy,strategic\n"
    "item,B-2,bomber,stored,F-2,0,,,Heavy,tactical\n"
    "item,W-1,warhead,stored,F-2,,,,,tactical\n"
    "item,W-2,warhead,deployed,F-1,,,,,\n";
/* 300 missiles at the cap of 1000 warheads: 3e5 warheads in one (type,
 * status) cell, enough for a rule of 32 terms with factors of 10^12 to
 * pass 2^63. lib/limits.h bounds factors far below that; these items
 * keep corpus/rule/crash-totals-overflow.rule a test of the bound. */
#define HEAVY_ITEMS 300

/*
 * The length of the UTF-8 sequence at s (at most n bytes) and its code
 * point, or 0 when it is not valid UTF-8 (overlong, surrogate, too big,
 * truncated): such bytes cannot be written in YAML.
 */
static size_t
utf8_next(const uint8_t *s, size_t n, uint32_t *cp)
{
	size_t need, k;
	uint32_t v;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		need = 1;
		v = s[0] & 0x1fu;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		need = 2;
		v = s[0] & 0x0fu;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		need = 3;
		v = s[0] & 0x07u;
	} else {
		return 0;
	}
	if (need >= n)
		return 0;
	for (k = 1; k <= need; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[k] & 0x3fu);
	}
	if ((need == 2 && (v < 0x800 || (v >= 0xd800 && v <= 0xdfff))) ||
	    (need == 3 && (v < 0x10000 || v > 0x10ffff)))
		return 0;
	*cp = v;
	return need + 1;
}

/*
 * Append data as the inside of a YAML double-quoted scalar: printable
 * ASCII as itself, quote and backslash escaped, everything else as an
 * escape of its code point. Returns -1 for bytes YAML cannot carry (NUL,
 * invalid UTF-8).
 */
static int
quote_yaml(acc_buf *b, const uint8_t *data, size_t size)
{
	size_t i = 0;
	int rc = 0;

	while (i < size && rc == 0) {
		uint32_t cp = 0;
		size_t n = utf8_next(data + i, size - i, &cp);

		if (n == 0 || cp == 0)
			return -1;
		if (cp == '"' || cp == '\\')
			rc = acc_buf_printf(b, "\\%c", (char)cp);
		else if (cp >= 0x20 && cp < 0x7f)
			rc = acc_buf_append(b, data + i, 1);
		else if (cp < 0x100)
			rc = acc_buf_printf(b, "\\x%02x", (unsigned)cp);
		else if (cp < 0x10000)
			rc = acc_buf_printf(b, "\\u%04x", (unsigned)cp);
		else
			rc = acc_buf_printf(b, "\\U%08x", (unsigned)cp);
		i += n;
	}
	return rc;
}

static int
add_heavy(acc_inventory *inv, acc_err *err)
{
	static const acc_attr_kv model = { "model", "Mk 9" };
	size_t i;
	int rc = 0;

	for (i = 0; i < HEAVY_ITEMS && rc == 0; i++) {
		char uid[16];
		acc_item_rec it = { uid, "missile", "stored", "F-2", 1000,
			NULL, NULL, 1, &model };
		snprintf(uid, sizeof(uid), "H-%03zu", i);
		rc = acc_inventory_add_item(inv, &it, "heavy", (uint32_t)i + 1,
		    err);
	}
	return rc;
}

/* Count the fixed inventory: totals equal the sum of item tallies. */
static void
count(const acc_treaty *t)
{
	acc_inventory *inv = NULL;
	acc_counter *c = NULL;
	acc_err err = ACC_ERR_INIT;
	acc_report rep;
	size_t nl = acc_treaty_limit_count(t), i, l;
	int64_t totals[LIMITS_MAX], sums[LIMITS_MAX], tally[LIMITS_MAX];
	int rc;

	rc = acc_inventory_new(&inv, t, &err);
	if (rc == 0)
		rc = acc_inventory_read_mem(inv, inventory,
		    sizeof(inventory) - 1, "fixed.csv", &err);
	if (rc == 0)
		rc = add_heavy(inv, &err);
	if (rc == 0)
		rc = acc_inventory_finalize(inv, "AA", &err);
	assert(rc == 0);
	rc = acc_counter_new(&c, t, NULL, &err);
	assert(rc == 0);
	acc_counter_totals(c, inv, totals);
	for (l = 0; l < nl; l++) {
		assert(totals[l] >= 0);
		sums[l] = 0;
	}
	for (i = 0; i < acc_inventory_item_count(inv); i++) {
		acc_counter_tally(c, inv, i, tally);
		for (l = 0; l < nl; l++) {
			/* the check must not wrap either */
			assert(tally[l] >= 0);
			assert(sums[l] <= INT64_MAX - tally[l]);
			sums[l] += tally[l];
		}
	}
	for (l = 0; l < nl; l++)
		assert(sums[l] == totals[l]);
	rc = acc_report_make(&rep, inv, ACC_DATE_NONE, &err);
	assert(rc == 0);
	for (l = 0; l < nl; l++)
		assert(rep.limits[l].value == totals[l]);
	acc_counter_free(c);
	acc_inventory_free(inv);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	acc_buf doc = ACC_BUF_INIT(DOC_MAX);
	acc_treaty *t = NULL;
	acc_err err = ACC_ERR_INIT;
	int rc;

	if (size > INPUT_MAX)
		return 0;
	rc = acc_buf_puts(&doc, head);
	if (rc == 0 && quote_yaml(&doc, data, size) != 0)
		goto done; /* not representable in YAML */
	if (rc == 0)
		rc = acc_buf_puts(&doc, tail);
	assert(rc == 0);
	rc = acc_treaty_parse(&t, doc.data, doc.len, "rule.yaml", &err);
	if (rc != 0) {
		assert(rc < 0 && t == NULL && err.code == rc);
		goto done;
	}
	/* the parser saw exactly the bytes given */
	assert(acc_treaty_limit_count(t) == 2);
	assert(strlen(acc_treaty_limit(t, 1).rule) == size);
	assert(strncmp(acc_treaty_limit(t, 1).rule, (const char *)data,
	    size) == 0);
	count(t);
done:
	acc_treaty_free(t);
	acc_buf_dispose(&doc);
	return 0;
}
