/*
 * Inventory import (lib/inventory_read.c, lib/inventory.c, lib/csv.c)
 * under New START: CSV and JSON files read from memory and finalized,
 * every refusal naming the file, the CSV line or JSON path and the
 * field, and the views returning what was added.
 */
#include <stdbool.h>
#include <stdlib.h>

#include "unit.h"

#include <accord/compliance.h>
#include <accord/inventory.h>
#include <accord/treaty.h>

/* A small valid CSV inventory; the comments give each row's line. */
static const char csv_base[] =
    "record,id,type,status,facility,warheads,contained_in,name,model\n"
    "meta,format,,,,,,accord-inventory/1,\n"                         /* 2 */
    "meta,treaty,,,,,,new-start,\n"                                  /* 3 */
    "meta,party,,,,,,US,\n"                                          /* 4 */
    "meta,as_of,,,,,,2022-09-01,\n"                                  /* 5 */
    "facility,F-ICBM,icbm_base,,,,,ICBM base,\n"                     /* 6 */
    "facility,F-SUB,submarine_base,,,,,Sub base,\n"                  /* 7 */
    "facility,F-AIR,air_base,,,,,Air base,\n"                        /* 8 */
    "facility,F-STORE,storage_facility,,,,,Store,\n"                 /* 9 */
    "item,L-1,icbm_launcher,deployed,F-ICBM,,,,MM3\n"                /* 10 */
    "item,M-1,icbm,deployed,F-ICBM,1,L-1,,MM3\n"                     /* 11 */
    "item,L-2,icbm_launcher,non_deployed,F-ICBM,,,"
    "\"silo, kept \"\"warm\"\"\",MM3\n"                              /* 12 */
    "item,M-2,icbm,non_deployed,F-STORE,0,,,MM3\n"                   /* 13 */
    "item,T-1,slbm_launcher,deployed,F-SUB,,,,Trident II\n"          /* 14 */
    "item,S-1,slbm,deployed,F-SUB,4,T-1,,Trident II\n"               /* 15 */
    "item,B-1,heavy_bomber,deployed,F-AIR,0,,,B-52H\n"               /* 16 */
    "item,B-2,heavy_bomber,test,F-AIR,0,,,\n";                       /* 17 */

/* The same kind of inventory as JSON; items[3] is S-1. */
static const char json_base[] =
    "{\n"
    "  \"format\": \"accord-inventory/1\", \"treaty\": \"new-start\",\n"
    "  \"party\": \"US\", \"as_of\": \"2022-09-01\",\n"
    "  \"facilities\": [\n"
    "    {\"id\": \"F-ICBM\", \"kind\": \"icbm_base\", \"name\": \"ICBM "
    "base\"},\n"
    "    {\"id\": \"F-SUB\", \"kind\": \"submarine_base\"},\n"
    "    {\"id\": \"F-AIR\", \"kind\": \"air_base\", \"attrs\": "
    "{\"state\": \"ND\"}}\n"
    "  ],\n"
    "  \"items\": [\n"
    "    {\"uid\": \"L-1\", \"type\": \"icbm_launcher\", \"status\": "
    "\"deployed\", \"facility\": \"F-ICBM\"},\n"
    "    {\"uid\": \"M-1\", \"type\": \"icbm\", \"status\": \"deployed\", "
    "\"facility\": \"F-ICBM\", \"warheads\": 1, \"contained_in\": "
    "\"L-1\", \"attrs\": {\"model\": \"MM3\"}},\n"
    "    {\"uid\": \"T-1\", \"type\": \"slbm_launcher\", \"status\": "
    "\"deployed\", \"facility\": \"F-SUB\"},\n"
    "    {\"uid\": \"S-1\", \"type\": \"slbm\", \"status\": \"deployed\", "
    "\"facility\": \"F-SUB\", \"warheads\": 4, \"contained_in\": "
    "\"T-1\"},\n"
    "    {\"uid\": \"B-1\", \"type\": \"heavy_bomber\", \"status\": "
    "\"deployed\", \"facility\": \"F-AIR\", \"warheads\": 0, \"name\": "
    "\"Bomber one\"}\n"
    "  ]\n"
    "}\n";

static acc_treaty *new_start;

static int
setup(void **state)
{
	acc_err err = ACC_ERR_INIT;

	return acc_treaty_open(&new_start, "new-start", &err);
}

static int
teardown(void **state)
{
	acc_treaty_free(new_start);
	return 0;
}

/* base with the one occurrence of `from` replaced by `to`. */
static char *
edit(const char *base, const char *from, const char *to)
{
	const char *at = strstr(base, from);
	size_t n = strlen(base) - strlen(from) + strlen(to);
	char *s;

	if (at == NULL || strstr(at + 1, from) != NULL)
		fail_msg("\"%s\" is not once in the base", from);
	s = malloc(n + 1);
	assert_non_null(s);
	snprintf(s, n + 1, "%.*s%s%s", (int)(at - base), base, to,
	    at + strlen(from));
	return s;
}

/* text with every "\n" made "\r\n". */
static char *
crlf(const char *text)
{
	size_t i, o = 0, n = strlen(text);
	char *s = malloc(2 * n + 1);

	assert_non_null(s);
	for (i = 0; i < n; i++) {
		if (text[i] == '\n')
			s[o++] = '\r';
		s[o++] = text[i];
	}
	s[o] = '\0';
	return s;
}

/*
 * Read len bytes as `name` into a new inventory and finalize it for
 * party (NULL: whatever the file says). *out gets the inventory when not
 * NULL, else it is freed.
 */
static int
load_n(const char *text, size_t len, const char *name, const char *party,
    acc_inventory **out, acc_err *err)
{
	acc_inventory *inv = NULL;
	int rc;

	assert_int_equal(acc_inventory_new(&inv, new_start, err), 0);
	rc = acc_inventory_read_mem(inv, text, len, name, err);
	if (rc == 0)
		rc = acc_inventory_finalize(inv, party, err);
	if (out != NULL)
		*out = inv;
	else
		acc_inventory_free(inv);
	return rc;
}

static int
load(const char *text, const char *name, acc_err *err)
{
	return load_n(text, strlen(text), name, NULL, NULL, err);
}

static void
expect_ok(const char *text, const char *name)
{
	acc_err err = ACC_ERR_INIT;

	if (load(text, name, &err) != 0)
		fail_msg("refused: %s: %s", err.where, err.msg);
}

static void
expect_fails(const char *text, const char *name, acc_code code,
    const char *where, const char *frag)
{
	acc_err err = ACC_ERR_INIT;
	int rc = load(text, name, &err);

	if (rc == 0)
		fail_msg("%s was accepted", name);
	assert_int_equal(rc, code);
	assert_err(err, code, where, frag);
}

/* csv_base with one edit fails with exactly this error. */
static void
expect_csv_edit_fails(const char *from, const char *to, acc_code code,
    const char *where, const char *frag)
{
	char *text = edit(csv_base, from, to);

	expect_fails(text, "inv.csv", code, where, frag);
	free(text);
}

static void
expect_json_edit_fails(const char *from, const char *to, acc_code code,
    const char *where, const char *frag)
{
	char *text = edit(json_base, from, to);

	expect_fails(text, "inv.json", code, where, frag);
	free(text);
}

static size_t
find_item(const acc_inventory *inv, const char *uid)
{
	size_t i;
	acc_item_rec it;

	for (i = 0; i < acc_inventory_item_count(inv); i++) {
		acc_inventory_item(inv, i, &it, NULL, 0);
		if (strcmp(it.uid, uid) == 0)
			return i;
	}
	fail_msg("no item %s", uid);
	return 0;
}

static void
test_inventory_reads_a_csv_file(void **state)
{
	acc_inventory *inv = NULL;
	acc_err err = ACC_ERR_INIT;
	acc_date d = 0;

	assert_int_equal(load_n(csv_base, strlen(csv_base), "inv.csv", NULL,
	    &inv, &err), 0);
	assert_int_equal(acc_inventory_item_count(inv), 8);
	assert_int_equal(acc_inventory_facility_count(inv), 4);
	assert_string_equal(acc_inventory_party(inv), "US");
	assert_int_equal(acc_date_parse(&d, "2022-09-01", 10, "x", NULL), 0);
	assert_int_equal(acc_inventory_as_of(inv), d);
	assert_ptr_equal(acc_inventory_treaty(inv), new_start);
	acc_inventory_free(inv);
}

static void
test_inventory_reads_quoted_commas_and_doubled_quotes(void **state)
{
	acc_inventory *inv = NULL;
	acc_err err = ACC_ERR_INIT;
	acc_item_rec it;
	acc_attr_kv kv[4];

	assert_int_equal(load_n(csv_base, strlen(csv_base), "inv.csv", NULL,
	    &inv, &err), 0);
	acc_inventory_item(inv, find_item(inv, "L-2"), &it, kv, 4);
	assert_string_equal(it.name, "silo, kept \"warm\"");
	assert_int_equal(it.n_attrs, 1);
	assert_string_equal(it.attrs[0].key, "model");
	assert_string_equal(it.attrs[0].value, "MM3");
	acc_inventory_free(inv);
}

static void
test_inventory_counts_lines_after_a_multiline_name(void **state)
{
	char *a = edit(csv_base, "\"silo, kept \"\"warm\"\"\"",
	    "\"silo,\nkept\n\"\"warm\"\"\"");
	char *b = edit(a, "B-2,heavy_bomber,test", "B-2,heavy_bomber,tested");
	acc_inventory *inv = NULL;
	acc_err err = ACC_ERR_INIT;
	acc_item_rec it;

	assert_int_equal(load_n(a, strlen(a), "inv.csv", NULL, &inv, &err), 0);
	acc_inventory_item(inv, find_item(inv, "L-2"), &it, NULL, 0);
	assert_string_equal(it.name, "silo,\nkept\n\"warm\"");
	acc_inventory_free(inv);
	/* B-2 was on line 17; two newlines in the name move it to 19 */
	expect_fails(b, "inv.csv", ACC_EINVAL, "inv.csv:19 status",
	    "expected a status of the treaty");
	free(a);
	free(b);
}

static void
test_inventory_skips_a_byte_order_mark(void **state)
{
	size_t n = strlen(csv_base) + 4;
	char *text = malloc(n);

	assert_non_null(text);
	snprintf(text, n, "\xef\xbb\xbf%s", csv_base);
	expect_ok(text, "inv.csv");
	free(text);
}

static void
test_inventory_reads_crlf_line_ends(void **state)
{
	char *text = crlf(csv_base);
	char *bad = edit(csv_base, "B-2,heavy_bomber,test",
	    "B-2,heavy_bomber,tested");
	char *bad_crlf = crlf(bad);

	expect_ok(text, "inv.csv");
	expect_fails(bad_crlf, "inv.csv", ACC_EINVAL, "inv.csv:17 status",
	    "got \"tested\"");
	free(text);
	free(bad);
	free(bad_crlf);
}

static void
test_inventory_skips_blank_lines_but_counts_them(void **state)
{
	char *text = edit(csv_base, "item,B-2,heavy_bomber,test,",
	    "\n\nitem,B-2,heavy_bomber,tested,");

	expect_fails(text, "inv.csv", ACC_EINVAL, "inv.csv:19 status",
	    "got \"tested\"");
	free(text);
}

static void
test_inventory_reads_a_json_file(void **state)
{
	acc_inventory *inv = NULL;
	acc_err err = ACC_ERR_INIT;
	acc_item_rec it;
	acc_facility_rec f;
	acc_attr_kv kv[4];

	assert_int_equal(load_n(json_base, strlen(json_base), "inv.json",
	    NULL, &inv, &err), 0);
	assert_int_equal(acc_inventory_item_count(inv), 5);
	assert_int_equal(acc_inventory_facility_count(inv), 3);
	assert_string_equal(acc_inventory_party(inv), "US");
	acc_inventory_item(inv, 1, &it, kv, 4);
	assert_string_equal(it.uid, "M-1");
	assert_int_equal(it.warheads, 1);
	assert_string_equal(it.contained_in, "L-1");
	assert_int_equal(it.n_attrs, 1);
	assert_string_equal(kv[0].value, "MM3");
	acc_inventory_item(inv, 4, &it, kv, 4);
	assert_string_equal(it.name, "Bomber one");
	acc_inventory_facility(inv, 2, &f, kv, 4);
	assert_string_equal(f.kind, "air_base");
	assert_int_equal(f.n_attrs, 1);
	assert_string_equal(f.attrs[0].key, "state");
	assert_string_equal(f.attrs[0].value, "ND");
	acc_inventory_free(inv);
}

static void
test_inventory_reads_json_after_leading_blanks(void **state)
{
	size_t n = strlen(json_base) + 8;
	char *text = malloc(n);

	assert_non_null(text);
	snprintf(text, n, " \n\t\r\n%s", json_base);
	expect_ok(text, "inv.json");
	free(text);
}

static void
test_inventory_rejects_an_unknown_record_kind(void **state)
{
	expect_csv_edit_fails("facility,F-STORE", "fac,F-STORE", ACC_EINVAL,
	    "inv.csv:9 record", "expected meta, facility or item, got \"fac\"");
}

static void
test_inventory_rejects_an_unknown_type(void **state)
{
	expect_csv_edit_fails("B-1,heavy_bomber", "B-1,bomber", ACC_EINVAL,
	    "inv.csv:16 type", "got \"bomber\"");
	expect_json_edit_fails("\"type\": \"slbm_launcher\"",
	    "\"type\": \"tube\"", ACC_EINVAL, "inv.json items[2].type",
	    "got \"tube\"");
}

static void
test_inventory_rejects_an_unknown_status(void **state)
{
	expect_csv_edit_fails("B-1,heavy_bomber,deployed",
	    "B-1,heavy_bomber,ready", ACC_EINVAL, "inv.csv:16 status",
	    "got \"ready\"");
	expect_json_edit_fails("\"slbm_launcher\", \"status\": \"deployed\"",
	    "\"slbm_launcher\", \"status\": \"ready\"", ACC_EINVAL,
	    "inv.json items[2].status", "got \"ready\"");
}

static void
test_inventory_rejects_an_unknown_facility_kind(void **state)
{
	acc_err err = ACC_ERR_INIT;
	char *text = edit(csv_base, "F-STORE,storage_facility",
	    "F-STORE,depot");

	assert_int_equal(load(text, "inv.csv", &err), ACC_EINVAL);
	assert_prefix(err.where, "inv.csv:9 ");
	assert_contains(err.msg, "expected a facility kind of the treaty "
	    "(see accord treaty show), got \"depot\"");
	free(text);
	expect_json_edit_fails("\"kind\": \"submarine_base\"",
	    "\"kind\": \"port\"", ACC_EINVAL, "inv.json facilities[1].kind",
	    "got \"port\"");
}

static void
test_inventory_rejects_an_undefined_facility(void **state)
{
	expect_csv_edit_fails("B-1,heavy_bomber,deployed,F-AIR",
	    "B-1,heavy_bomber,deployed,F-NOWHERE", ACC_EINVAL,
	    "inv.csv:16 facility", "unknown facility \"F-NOWHERE\"");
	expect_csv_edit_fails("B-1,heavy_bomber,deployed,F-AIR",
	    "B-1,heavy_bomber,deployed,", ACC_EINVAL, "inv.csv:16 facility",
	    "every item needs a facility");
}

static void
test_inventory_accepts_a_facility_defined_after_its_items(void **state)
{
	char *a = edit(csv_base, "facility,F-STORE,storage_facility,,,,,Store,"
	    "\n", "");
	size_t n = strlen(a) + 64;
	char *b = malloc(n);

	assert_non_null(b);
	snprintf(b, n, "%sfacility,F-STORE,storage_facility,,,,,Store,\n", a);
	expect_ok(b, "inv.csv");
	free(a);
	free(b);
}

static void
test_inventory_rejects_a_duplicate_uid_naming_the_first(void **state)
{
	acc_err err = ACC_ERR_INIT;
	char *text = edit(csv_base, "item,B-2,", "item,B-1,");

	assert_int_equal(load(text, "inv.csv", &err), ACC_EINVAL);
	assert_prefix(err.where, "inv.csv:17 ");
	assert_string_equal(err.msg,
	    "duplicate UID \"B-1\" (first at inv.csv:16)");
	free(text);
	expect_json_edit_fails("\"uid\": \"B-1\"", "\"uid\": \"L-1\"",
	    ACC_EINVAL, "inv.json items[4].uid",
	    "duplicate UID \"L-1\" (first at inv.json items[0])");
}

static void
test_inventory_rejects_a_duplicate_uid_across_files(void **state)
{
	acc_inventory *inv = NULL;
	acc_err err = ACC_ERR_INIT;
	static const char more[] =
	    "record,id,type,status,facility,warheads\n"
	    "item,X-1,heavy_bomber,test,F-AIR,0\n"
	    "item,B-2,heavy_bomber,test,F-AIR,0\n";

	assert_int_equal(acc_inventory_new(&inv, new_start, &err), 0);
	assert_int_equal(acc_inventory_read_mem(inv, csv_base,
	    strlen(csv_base), "a.csv", &err), 0);
	assert_int_equal(acc_inventory_read_mem(inv, more, strlen(more),
	    "b.csv", &err), ACC_EINVAL);
	assert_prefix(err.where, "b.csv:3 ");
	assert_contains(err.msg, "(first at a.csv:17)");
	acc_inventory_free(inv);
}

static void
test_inventory_rejects_a_duplicate_facility_id(void **state)
{
	expect_csv_edit_fails("facility,F-STORE", "facility,F-AIR", ACC_EINVAL,
	    "inv.csv:9 id",
	    "duplicate facility id \"F-AIR\" (first defined at inv.csv:8)");
}

static void
test_inventory_rejects_warheads_on_a_launcher(void **state)
{
	expect_csv_edit_fails("T-1,slbm_launcher,deployed,F-SUB,,",
	    "T-1,slbm_launcher,deployed,F-SUB,2,", ACC_EINVAL,
	    "inv.csv:14 warheads",
	    "type slbm_launcher carries no warheads, expected an empty field");
	expect_csv_edit_fails("T-1,slbm_launcher,deployed,F-SUB,,",
	    "T-1,slbm_launcher,deployed,F-SUB,0,", ACC_EINVAL,
	    "inv.csv:14 warheads", "carries no warheads");
	expect_json_edit_fails("\"status\": \"deployed\", \"facility\": "
	    "\"F-SUB\"}", "\"status\": \"deployed\", \"facility\": \"F-SUB\", "
	    "\"warheads\": 1}", ACC_EINVAL, "inv.json items[2].warheads",
	    "carries no warheads");
}

static void
test_inventory_rejects_negative_warheads(void **state)
{
	expect_csv_edit_fails("deployed,F-SUB,4,", "deployed,F-SUB,-3,",
	    ACC_EINVAL, "inv.csv:15 warheads",
	    "warheads cannot be negative (got \"-3\")");
	expect_json_edit_fails("\"warheads\": 4", "\"warheads\": -4",
	    ACC_EINVAL, "inv.json items[3].warheads",
	    "warheads cannot be negative");
}

static void
test_inventory_rejects_non_numeric_warheads(void **state)
{
	static const char *const bad[] = { "four", "4.0", "+4", " 4", "4 ",
		"0x4", "4e0", "-", "--4", "-4x", "1234567890" };
	char to[64];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(to, sizeof(to), "deployed,F-SUB,%s,", bad[i]);
		expect_csv_edit_fails("deployed,F-SUB,4,", to, ACC_EINVAL,
		    "inv.csv:15 warheads",
		    "expected a whole number of warheads, got \"");
	}
}

static void
test_inventory_rejects_warheads_past_the_limit(void **state)
{
	expect_csv_edit_fails("deployed,F-SUB,4,", "deployed,F-SUB,1001,",
	    ACC_ELIMIT, "inv.csv:15 warheads",
	    "more than 1000 warheads on one item");
	expect_json_edit_fails("\"warheads\": 4",
	    "\"warheads\": 9223372036854775807", ACC_ELIMIT,
	    "inv.json items[3].warheads", "more than 1000 warheads");
}

static void
test_inventory_accepts_warheads_up_to_the_limit(void **state)
{
	char *text = edit(csv_base, "deployed,F-SUB,4,",
	    "deployed,F-SUB,1000,");

	expect_ok(text, "inv.csv");
	free(text);
}

/*
 * A type that carries warheads needs a count. The message says it is
 * missing rather than quoting the -1 that stands for "none" inside.
 */
static void
test_inventory_names_a_missing_warheads_count_as_missing(void **state)
{
	acc_err csv_err = ACC_ERR_INIT, json_err = ACC_ERR_INIT;
	char *csv = edit(csv_base, "deployed,F-SUB,4,", "deployed,F-SUB,,");
	char *json = edit(json_base, "\"warheads\": 4, ", "");
	int csv_rc = load(csv, "inv.csv", &csv_err);
	int json_rc = load(json, "inv.json", &json_err);

	free(csv);
	free(json);
	assert_int_equal(csv_rc, ACC_EINVAL);
	assert_string_equal(csv_err.where, "inv.csv:15 warheads");
	assert_contains(csv_err.msg, "expected a whole number");
	assert_not_contains(csv_err.msg, "-1");
	assert_int_equal(json_rc, ACC_EINVAL);
	assert_string_equal(json_err.where, "inv.json items[3].warheads");
	assert_contains(json_err.msg, "expected a whole number");
	assert_not_contains(json_err.msg, "-1");
}

/*
 * BUG (lib/inventory.c, acc_inv_where and its callers): errors name the
 * field by its internal name, not as the file spells it, so they point
 * at a column or JSON key the file does not have:
 *   - a CSV item's UID is in column "id", but a duplicate UID is
 *     reported at "inv.csv:17 uid";
 *   - a JSON item's attributes are under "attrs", but a bad attribute
 *     is reported at "inv.json items[1].attributes".
 * Expected "inv.csv:17 id" and "inv.json items[1].attrs...". (A
 * facility's kind, in the CSV column "type", is named correctly.)
 */
static void
test_inventory_errors_name_the_field_as_the_file_spells_it(void **state)
{
	acc_err uid_err = ACC_ERR_INIT, kind_err = ACC_ERR_INIT;
	acc_err attr_err = ACC_ERR_INIT;
	char *uid = edit(csv_base, "item,B-2,", "item,B-1,");
	char *kind = edit(csv_base, "F-STORE,storage_facility",
	    "F-STORE,depot");
	char *attr = edit(json_base, "{\"model\": \"MM3\"}",
	    "{\"Model\": \"MM3\"}");
	int uid_rc = load(uid, "inv.csv", &uid_err);
	int kind_rc = load(kind, "inv.csv", &kind_err);
	int attr_rc = load(attr, "inv.json", &attr_err);

	free(uid);
	free(kind);
	free(attr);
	assert_int_equal(kind_rc, ACC_EINVAL);
	assert_string_equal(kind_err.where, "inv.csv:9 type");
	assert_int_equal(uid_rc, ACC_EINVAL);
	assert_string_equal(uid_err.where, "inv.csv:17 id");
	assert_int_equal(attr_rc, ACC_EINVAL);
	assert_prefix(attr_err.where, "inv.json items[1].attrs");
}

static void
test_inventory_rejects_containment_in_an_unknown_item(void **state)
{
	expect_csv_edit_fails(",1,L-1,", ",1,L-9,", ACC_EINVAL,
	    "inv.csv:11 contained_in",
	    "no item with UID \"L-9\" to contain M-1");
	expect_json_edit_fails("\"contained_in\": \"T-1\"",
	    "\"contained_in\": \"T-9\"", ACC_EINVAL,
	    "inv.json items[3].contained_in", "no item with UID \"T-9\"");
}

static void
test_inventory_rejects_containment_the_treaty_forbids(void **state)
{
	/* an ICBM in an SLBM launcher, and a launcher in a missile */
	expect_csv_edit_fails(",1,L-1,", ",1,T-1,", ACC_EINVAL,
	    "inv.csv:11 contained_in",
	    "type slbm_launcher cannot hold type icbm (T-1; see item_types "
	    "holds)");
	expect_csv_edit_fails("icbm_launcher,deployed,F-ICBM,,,",
	    "icbm_launcher,deployed,F-ICBM,,M-1,", ACC_EINVAL,
	    "inv.csv:10 contained_in",
	    "type icbm cannot hold type icbm_launcher");
}

static void
test_inventory_rejects_a_container_over_capacity(void **state)
{
	expect_csv_edit_fails("M-2,icbm,non_deployed,F-STORE,0,,",
	    "M-2,icbm,non_deployed,F-ICBM,0,L-1,", ACC_EINVAL,
	    "inv.csv:13 contained_in",
	    "L-1 is full: it holds at most 1 item(s)");
}

static void
test_inventory_rejects_a_container_at_another_facility(void **state)
{
	expect_csv_edit_fails("M-2,icbm,non_deployed,F-STORE,0,,",
	    "M-2,icbm,non_deployed,F-STORE,0,L-2,", ACC_EINVAL,
	    "inv.csv:13 contained_in",
	    "container L-2 is at another facility (F-ICBM)");
}

static void
test_inventory_rejects_an_item_containing_itself(void **state)
{
	expect_csv_edit_fails("M-2,icbm,non_deployed,F-STORE,0,,",
	    "M-2,icbm,non_deployed,F-STORE,0,M-2,", ACC_EINVAL,
	    "inv.csv:13 contained_in", "item M-2 cannot contain itself");
}

static void
test_inventory_rejects_a_containment_cycle(void **state)
{
	/* New START's types cannot nest in a cycle; these two can */
	static const char def[] =
	    "format: accord-treaty/1\n"
	    "id: nest\n"
	    "title: Nesting\n"
	    "parties: [{id: AA, name: A}]\n"
	    "dates: {}\n"
	    "statuses: [{id: held, name: Held, article: I}]\n"
	    "facility_kinds: [{id: site, name: Site, article: I}]\n"
	    "item_types:\n"
	    "  - {id: box, name: Box, article: I, holds: [crate]}\n"
	    "  - {id: crate, name: Crate, article: I, holds: [box]}\n"
	    "limits: [{id: boxes, name: Boxes, article: II, max: 1, "
	    "rule: count(box)}]\n";
	static const char csv[] =
	    "record,id,type,status,facility,contained_in\n"
	    "facility,S,site,,,\n"
	    "item,A,box,held,S,B\n"
	    "item,B,crate,held,S,A\n";
	acc_treaty *t = NULL;
	acc_inventory *inv = NULL;
	acc_err err = ACC_ERR_INIT;

	assert_int_equal(acc_treaty_parse(&t, def, strlen(def), "nest.yaml",
	    &err), 0);
	assert_int_equal(acc_inventory_new(&inv, t, &err), 0);
	assert_int_equal(acc_inventory_set_meta(inv, "AA", 19000, "cli", &err),
	    0);
	assert_int_equal(acc_inventory_read_mem(inv, csv, strlen(csv),
	    "nest.csv", &err), 0);
	assert_int_equal(acc_inventory_finalize(inv, NULL, &err), ACC_EINVAL);
	assert_err(err, ACC_EINVAL, "nest.csv:3 contained_in",
	    "containment cycle through A");
	acc_inventory_free(inv);
	acc_treaty_free(t);
}

static void
test_inventory_rejects_a_party_other_than_the_workspaces(void **state)
{
	acc_err err = ACC_ERR_INIT;

	assert_int_equal(load_n(csv_base, strlen(csv_base), "inv.csv", "RU",
	    NULL, &err), ACC_EINVAL);
	/* the message points at where the file names its party */
	assert_err(err, ACC_EINVAL, "inv.csv:4 name",
	    "the inventory is party US's, this workspace is party RU's");
	acc_err_clear(&err);
	assert_int_equal(load_n(json_base, strlen(json_base), "inv.json", "RU",
	    NULL, &err), ACC_EINVAL);
	assert_err(err, ACC_EINVAL, "inv.json party", "party US's");
	acc_err_clear(&err);
	assert_int_equal(load_n(csv_base, strlen(csv_base), "inv.csv", "US",
	    NULL, &err), 0);
}

static void
test_inventory_rejects_a_party_the_treaty_lacks(void **state)
{
	expect_csv_edit_fails("meta,party,,,,,,US,", "meta,party,,,,,,UK,",
	    ACC_EINVAL, "inv.csv:4 name",
	    "expected a party of the treaty, got \"UK\"");
	expect_json_edit_fails("\"party\": \"US\"", "\"party\": \"us\"",
	    ACC_EINVAL, "inv.json party", "got \"us\"");
}

static void
test_inventory_takes_the_party_from_the_workspace(void **state)
{
	acc_inventory *inv = NULL;
	acc_err err = ACC_ERR_INIT;
	char *text = edit(csv_base, "meta,party,,,,,,US,\n", "");

	expect_fails(text, "inv.csv", ACC_EINVAL, "inv.csv",
	    "missing party");
	assert_int_equal(load_n(text, strlen(text), "inv.csv", "RU", &inv,
	    &err), 0);
	assert_string_equal(acc_inventory_party(inv), "RU");
	acc_inventory_free(inv);
	free(text);
}

static void
test_inventory_rejects_another_treaty(void **state)
{
	expect_csv_edit_fails("meta,treaty,,,,,,new-start,",
	    "meta,treaty,,,,,,successor-draft,", ACC_EINVAL, "inv.csv:3 name",
	    "the file is for treaty \"successor-draft\", this workspace "
	    "counts under \"new-start\"");
	expect_json_edit_fails("\"treaty\": \"new-start\"",
	    "\"treaty\": \"start-i\"", ACC_EINVAL, "inv.json treaty",
	    "the file is for treaty \"start-i\"");
}

static void
test_inventory_rejects_another_format(void **state)
{
	expect_csv_edit_fails("accord-inventory/1", "accord-inventory/2",
	    ACC_EINVAL, "inv.csv:2 name",
	    "expected format \"accord-inventory/1\", got "
	    "\"accord-inventory/2\"");
	expect_json_edit_fails("\"format\": \"accord-inventory/1\", ", "",
	    ACC_EINVAL, "inv.json format", "missing required format");
}

static void
test_inventory_rejects_an_unknown_meta_key(void **state)
{
	expect_csv_edit_fails("meta,party,", "meta,side,", ACC_EINVAL,
	    "inv.csv:4 id", "unknown meta key \"side\"");
}

static void
test_inventory_rejects_a_missing_as_of(void **state)
{
	acc_inventory *inv = NULL;
	acc_err err = ACC_ERR_INIT;
	acc_date d = 0;
	char *text = edit(csv_base, "meta,as_of,,,,,,2022-09-01,\n", "");

	expect_fails(text, "inv.csv", ACC_EINVAL, "inv.csv",
	    "missing as_of date");
	/* the caller may give it instead */
	assert_int_equal(acc_inventory_new(&inv, new_start, &err), 0);
	assert_int_equal(acc_date_parse(&d, "2023-03-01", 10, "x", NULL), 0);
	assert_int_equal(acc_inventory_set_meta(inv, NULL, d, "--as-of",
	    &err), 0);
	assert_int_equal(acc_inventory_read_mem(inv, text, strlen(text),
	    "inv.csv", &err), 0);
	assert_int_equal(acc_inventory_finalize(inv, NULL, &err), 0);
	assert_int_equal(acc_inventory_as_of(inv), d);
	acc_inventory_free(inv);
	free(text);
}

static void
test_inventory_rejects_a_bad_as_of(void **state)
{
	expect_csv_edit_fails("2022-09-01", "2022-09-31", ACC_EINVAL,
	    "inv.csv:5 name",
	    "expected a date YYYY-MM-DD, got \"2022-09-31\"");
	expect_json_edit_fails("\"as_of\": \"2022-09-01\"",
	    "\"as_of\": \"1 Sept 2022\"", ACC_EINVAL, "inv.json as_of",
	    "got \"1 Sept 2022\"");
	expect_json_edit_fails("\"as_of\": \"2022-09-01\"", "\"as_of\": 2022",
	    ACC_EINVAL, "inv.json as_of", "expected a string for as_of");
}

static void
test_inventory_rejects_conflicting_meta(void **state)
{
	size_t n = strlen(csv_base) + 64;
	char *text = malloc(n);

	assert_non_null(text);
	snprintf(text, n, "%smeta,as_of,,,,,,2022-03-01,\n", csv_base);
	expect_fails(text, "inv.csv", ACC_EINVAL, "inv.csv:18 name",
	    "as_of 2022-03-01 conflicts with as_of 2022-09-01 given before");
	snprintf(text, n, "%smeta,party,,,,,,RU,\n", csv_base);
	expect_fails(text, "inv.csv", ACC_EINVAL, "inv.csv:18 name",
	    "party RU conflicts with party US given before");
	/* the same value twice is no conflict */
	snprintf(text, n, "%smeta,as_of,,,,,,2022-09-01,\n", csv_base);
	expect_ok(text, "inv.csv");
	free(text);
}

static void
test_inventory_rejects_conflicting_meta_across_files(void **state)
{
	acc_inventory *inv = NULL;
	acc_err err = ACC_ERR_INIT;
	static const char other[] =
	    "record,id,type,name\n"
	    "meta,as_of,,2023-03-01\n";

	assert_int_equal(acc_inventory_new(&inv, new_start, &err), 0);
	assert_int_equal(acc_inventory_read_mem(inv, json_base,
	    strlen(json_base), "a.json", &err), 0);
	assert_int_equal(acc_inventory_read_mem(inv, other, strlen(other),
	    "b.csv", &err), ACC_EINVAL);
	assert_err(err, ACC_EINVAL, "b.csv:2 name",
	    "as_of 2023-03-01 conflicts with as_of 2022-09-01");
	acc_inventory_free(inv);
}

static void
test_inventory_rejects_a_row_with_a_wrong_field_count(void **state)
{
	expect_csv_edit_fails("Store,\n", "Store\n", ACC_EINVAL, "inv.csv:9",
	    "row has 8 fields, the header has 9");
	expect_csv_edit_fails("Store,\n", "Store,,\n", ACC_EINVAL, "inv.csv:9",
	    "row has 10 fields, the header has 9");
}

static void
test_inventory_rejects_a_facility_row_with_item_fields(void **state)
{
	expect_csv_edit_fails("F-STORE,storage_facility,,",
	    "F-STORE,storage_facility,deployed,", ACC_EINVAL,
	    "inv.csv:9 status", "a facility row leaves status empty");
	expect_csv_edit_fails("F-STORE,storage_facility,,,,",
	    "F-STORE,storage_facility,,,,L-1", ACC_EINVAL,
	    "inv.csv:9 contained_in",
	    "a facility row leaves contained_in empty");
}

static void
test_inventory_rejects_a_header_without_required_columns(void **state)
{
	expect_csv_edit_fails("record,id,type,", "record,id,kind,", ACC_EINVAL,
	    "inv.csv:1", "missing column \"type\"");
	expect_csv_edit_fails("name,model\n", "name,name\n", ACC_EINVAL,
	    "inv.csv:1 name", "column \"name\" appears twice");
	expect_fails("", "inv.csv", ACC_EINVAL, "inv.csv",
	    "empty file: expected a header row");
}

static void
test_inventory_rejects_a_quote_inside_an_unquoted_field(void **state)
{
	expect_csv_edit_fails(",Store,", ",Store \"B\",", ACC_EINVAL,
	    "inv.csv:9", "malformed CSV: a quote inside an unquoted field");
}

static void
test_inventory_rejects_an_unterminated_quote(void **state)
{
	expect_csv_edit_fails("B-2,heavy_bomber,test,F-AIR,0,,,\n",
	    "B-2,heavy_bomber,test,F-AIR,0,,\"open,\n", ACC_EINVAL,
	    "inv.csv:17", "malformed CSV: unterminated quoted field");
}

static void
test_inventory_rejects_invalid_utf8_naming_the_line(void **state)
{
	static const char *const bad[] = {
		"\xff",             /* never in UTF-8 */
		"\xc0\xaf",         /* overlong '/' */
		"\xe0\x80\xaf",     /* overlong '/' */
		"\xed\xa0\x80",     /* a surrogate */
		"\xf4\x90\x80\x80", /* past U+10FFFF */
		"\xc3",             /* a lead byte alone */
		"\x80",             /* a continuation alone */
	};
	char to[32];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(to, sizeof(to), ",St%sore,", bad[i]);
		expect_csv_edit_fails(",Store,", to, ACC_EINVAL, "inv.csv:9",
		    "invalid UTF-8 at byte ");
	}
	/* the byte offset of a bad byte at the end of the file */
	{
		size_t n = strlen(csv_base);
		char *text = malloc(n + 2);
		char msg[64];
		acc_err err = ACC_ERR_INIT;

		assert_non_null(text);
		snprintf(text, n + 2, "%s\xe2", csv_base);
		assert_int_equal(load(text, "inv.csv", &err), ACC_EINVAL);
		snprintf(msg, sizeof(msg), "invalid UTF-8 at byte %zu", n);
		assert_err(err, ACC_EINVAL, "inv.csv:18", msg);
		free(text);
	}
}

static void
test_inventory_accepts_utf8_text(void **state)
{
	char *text = edit(csv_base, ",Store,",
	    ",D\xc3\xa9p\xc3\xb4t \xe2\x80\x94 \xf0\x9f\x9a\x80,");

	expect_ok(text, "inv.csv");
	free(text);
}

static void
test_inventory_rejects_a_nul_byte(void **state)
{
	size_t n = strlen(csv_base);
	char *text = malloc(n + 1);
	char *at;
	acc_err err = ACC_ERR_INIT;

	assert_non_null(text);
	memcpy(text, csv_base, n + 1);
	at = strstr(text, "Store");
	at[2] = '\0';
	assert_int_equal(load_n(text, n, "inv.csv", NULL, NULL, &err),
	    ACC_EINVAL);
	assert_err(err, ACC_EINVAL, "inv.csv:9",
	    "malformed CSV: a NUL byte in a field");
	free(text);
}

static void
test_inventory_rejects_a_json_nul_character(void **state)
{
	acc_err err = ACC_ERR_INIT;
	char *text = edit(json_base, "\"name\": \"Bomber one\"",
	    "\"name\": \"Bomber\\u0000one\"");

	assert_int_equal(load(text, "inv.json", &err), ACC_EINVAL);
	assert_prefix(err.where, "inv.json:14:");
	assert_contains(err.msg, "malformed JSON: ");
	free(text);
}

static void
test_inventory_rejects_an_unknown_json_key(void **state)
{
	expect_json_edit_fails("\"party\": \"US\",",
	    "\"party\": \"US\", \"side\": \"US\",", ACC_EINVAL,
	    "inv.json side", "unknown key \"side\"");
	expect_json_edit_fails("\"kind\": \"submarine_base\"",
	    "\"kind\": \"submarine_base\", \"type\": \"x\"", ACC_EINVAL,
	    "inv.json facilities[1].type", "unknown key \"type\"");
	expect_json_edit_fails("\"name\": \"Bomber one\"",
	    "\"name\": \"Bomber one\", \"colour\": \"grey\"", ACC_EINVAL,
	    "inv.json items[4].colour", "unknown key \"colour\"");
}

static void
test_inventory_rejects_a_json_duplicate_key(void **state)
{
	expect_json_edit_fails("\"party\": \"US\",",
	    "\"party\": \"US\", \"party\": \"RU\",", ACC_EINVAL,
	    "inv.json:3:24", "malformed JSON: duplicate object key");
}

static void
test_inventory_rejects_json_warheads_not_an_integer(void **state)
{
	expect_json_edit_fails("\"warheads\": 4", "\"warheads\": 4.5",
	    ACC_EINVAL, "inv.json items[3].warheads",
	    "expected a whole number");
	expect_json_edit_fails("\"warheads\": 4", "\"warheads\": 4.0",
	    ACC_EINVAL, "inv.json items[3].warheads",
	    "expected a whole number");
	expect_json_edit_fails("\"warheads\": 4", "\"warheads\": \"4\"",
	    ACC_EINVAL, "inv.json items[3].warheads",
	    "expected a whole number");
	expect_json_edit_fails("\"warheads\": 4", "\"warheads\": true",
	    ACC_EINVAL, "inv.json items[3].warheads",
	    "expected a whole number");
}

static void
test_inventory_rejects_json_of_the_wrong_shape(void **state)
{
	expect_json_edit_fails("\"uid\": \"L-1\", ", "", ACC_EINVAL,
	    "inv.json items[0].uid", "missing required uid");
	expect_json_edit_fails("\"uid\": \"L-1\"", "\"uid\": 1", ACC_EINVAL,
	    "inv.json items[0].uid", "expected a string for uid");
	expect_json_edit_fails("\"attrs\": {\"model\": \"MM3\"}",
	    "\"attrs\": {\"model\": 3}", ACC_EINVAL,
	    "inv.json items[1].attrs.model", "expected a string value");
	expect_json_edit_fails("\"attrs\": {\"model\": \"MM3\"}",
	    "\"attrs\": [\"MM3\"]", ACC_EINVAL, "inv.json items[1].attrs",
	    "expected an object of strings");
	expect_fails("{\"format\": \"accord-inventory/1\", \"items\": {}}",
	    "inv.json", ACC_EINVAL, "inv.json items", "expected a list");
	expect_fails("{\"format\": \"accord-inventory/1\", \"items\": [3]}",
	    "inv.json", ACC_EINVAL, "inv.json items[0]",
	    "expected an object");
}

static void
test_inventory_rejects_malformed_json_with_line_and_column(void **state)
{
	expect_json_edit_fails("\"items\": [", "\"items\" [", ACC_EINVAL,
	    "inv.json:9:11", "malformed JSON: ':' expected");
	expect_json_edit_fails("  ]\n}\n", "  ]\n", ACC_EINVAL,
	    "inv.json:16:0", "malformed JSON: '}' expected");
}

/* Records added one by one come back through the views unchanged. */
static void
test_inventory_views_return_what_was_added(void **state)
{
	acc_inventory *inv = NULL;
	acc_err err = ACC_ERR_INIT;
	acc_attr_kv fattrs[] = { { "state", "Wyoming" }, { "county",
		"Laramie" } };
	acc_attr_kv iattrs[] = { { "model", "Minuteman III" }, { "serial",
		"" }, { "lot", "7" } };
	acc_facility_rec f = { "F-1", "icbm_base", "F.E. Warren", 2, fattrs };
	acc_facility_rec f2 = { "F-2", "storage_facility", NULL, 0, NULL };
	acc_item_rec launcher = { "L-1", "icbm_launcher", "deployed", "F-1",
		-1, NULL, "silo 1", 0, NULL };
	acc_item_rec missile = { "M-1", "icbm", "deployed", "F-1", 1, "L-1",
		NULL, 3, iattrs };
	acc_facility_rec fv;
	acc_item_rec iv;
	acc_attr_kv kv[8];

	assert_int_equal(acc_inventory_new(&inv, new_start, &err), 0);
	/* the missile names its launcher before the launcher exists */
	assert_int_equal(acc_inventory_add_item(inv, &missile, "store", 2,
	    &err), 0);
	assert_int_equal(acc_inventory_add_item(inv, &launcher, "store", 1,
	    &err), 0);
	assert_int_equal(acc_inventory_add_facility(inv, &f, "store", 3,
	    &err), 0);
	assert_int_equal(acc_inventory_add_facility(inv, &f2, "store", 4,
	    &err), 0);
	assert_int_equal(acc_inventory_set_meta(inv, "US", 19000, "store",
	    &err), 0);
	assert_int_equal(acc_inventory_finalize(inv, "US", &err), 0);

	acc_inventory_facility(inv, 0, &fv, kv, 8);
	assert_string_equal(fv.id, "F-1");
	assert_string_equal(fv.kind, "icbm_base");
	assert_string_equal(fv.name, "F.E. Warren");
	assert_int_equal(fv.n_attrs, 2);
	assert_string_equal(fv.attrs[0].key, "state");
	assert_string_equal(fv.attrs[0].value, "Wyoming");
	assert_string_equal(fv.attrs[1].key, "county");
	assert_string_equal(fv.attrs[1].value, "Laramie");
	acc_inventory_facility(inv, 1, &fv, kv, 8);
	assert_null(fv.name);
	assert_int_equal(fv.n_attrs, 0);

	acc_inventory_item(inv, 0, &iv, kv, 8);
	assert_string_equal(iv.uid, "M-1");
	assert_string_equal(iv.type, "icbm");
	assert_string_equal(iv.status, "deployed");
	assert_string_equal(iv.facility, "F-1");
	assert_int_equal(iv.warheads, 1);
	assert_string_equal(iv.contained_in, "L-1");
	assert_null(iv.name);
	/* an empty value means the attribute is absent */
	assert_int_equal(iv.n_attrs, 2);
	assert_string_equal(iv.attrs[0].key, "model");
	assert_string_equal(iv.attrs[0].value, "Minuteman III");
	assert_string_equal(iv.attrs[1].key, "lot");
	assert_string_equal(iv.attrs[1].value, "7");
	/* a smaller buffer gets the first attributes */
	acc_inventory_item(inv, 0, &iv, kv, 1);
	assert_int_equal(iv.n_attrs, 1);

	acc_inventory_item(inv, 1, &iv, kv, 8);
	assert_string_equal(iv.uid, "L-1");
	assert_int_equal(iv.warheads, -1);
	assert_null(iv.contained_in);
	assert_string_equal(iv.name, "silo 1");
	assert_int_equal(iv.n_attrs, 0);
	acc_inventory_free(inv);
}

static void
test_inventory_copies_the_strings_it_is_given(void **state)
{
	acc_inventory *inv = NULL;
	acc_err err = ACC_ERR_INIT;
	char uid[16], fac[16], model[16];
	acc_attr_kv kv[1] = { { "model", model } };
	acc_facility_rec f = { fac, "air_base", NULL, 0, NULL };
	acc_item_rec it = { uid, "heavy_bomber", "deployed", fac, 0, NULL,
		NULL, 1, kv };
	acc_item_rec iv;
	acc_attr_kv out[2];

	snprintf(uid, sizeof(uid), "HB-1");
	snprintf(fac, sizeof(fac), "AB-1");
	snprintf(model, sizeof(model), "B-52H");
	assert_int_equal(acc_inventory_new(&inv, new_start, &err), 0);
	assert_int_equal(acc_inventory_add_facility(inv, &f, "x", 1, &err), 0);
	assert_int_equal(acc_inventory_add_item(inv, &it, "x", 2, &err), 0);
	memset(uid, 'z', sizeof(uid) - 1);
	memset(fac, 'z', sizeof(fac) - 1);
	memset(model, 'z', sizeof(model) - 1);
	assert_int_equal(acc_inventory_set_meta(inv, "RU", 19000, "x", &err),
	    0);
	assert_int_equal(acc_inventory_finalize(inv, NULL, &err), 0);
	acc_inventory_item(inv, 0, &iv, out, 2);
	assert_string_equal(iv.uid, "HB-1");
	assert_string_equal(iv.facility, "AB-1");
	assert_string_equal(iv.attrs[0].value, "B-52H");
	acc_inventory_free(inv);
}

static void
test_inventory_reads_attributes_from_extra_columns(void **state)
{
	static const char csv[] =
	    "record,id,type,status,facility,warheads,model,base_code\n"
	    "facility,AB,air_base,,,,,MOT\n"
	    "item,HB-1,heavy_bomber,deployed,AB,0,B-52H,\n"
	    "item,HB-2,heavy_bomber,deployed,AB,0,,X\n";
	acc_inventory *inv = NULL;
	acc_err err = ACC_ERR_INIT;
	acc_item_rec iv;
	acc_facility_rec fv;
	acc_attr_kv kv[4];

	/* no name column, so no meta rows: party and date come from here */
	assert_int_equal(acc_inventory_new(&inv, new_start, &err), 0);
	assert_int_equal(acc_inventory_set_meta(inv, NULL, 19000, "x", &err),
	    0);
	assert_int_equal(acc_inventory_read_mem(inv, csv, strlen(csv),
	    "inv.csv", &err), 0);
	assert_int_equal(acc_inventory_finalize(inv, "US", &err), 0);
	acc_inventory_facility(inv, 0, &fv, kv, 4);
	assert_int_equal(fv.n_attrs, 1);
	assert_string_equal(fv.attrs[0].key, "base_code");
	assert_string_equal(fv.attrs[0].value, "MOT");
	acc_inventory_item(inv, 0, &iv, kv, 4);
	assert_int_equal(iv.n_attrs, 1);
	assert_string_equal(iv.attrs[0].key, "model");
	acc_inventory_item(inv, 1, &iv, kv, 4);
	assert_int_equal(iv.n_attrs, 1);
	assert_string_equal(iv.attrs[0].key, "base_code");
	assert_string_equal(iv.attrs[0].value, "X");
	acc_inventory_free(inv);
}

static void
test_inventory_rejects_a_bad_attribute(void **state)
{
	char *text = edit(csv_base, "name,model\n", "name,Model\n");
	char value[300];
	char to[320];

	expect_fails(text, "inv.csv", ACC_EINVAL, "inv.csv:1 Model",
	    "column 9: expected an attribute name");
	free(text);
	memset(value, 'v', 257);
	value[257] = '\0';
	snprintf(to, sizeof(to), "F-SUB,,,,Trident II\n"
	    "item,S-1,slbm,deployed,F-SUB,4,T-1,,%s\n", value);
	expect_csv_edit_fails("F-SUB,,,,Trident II\n"
	    "item,S-1,slbm,deployed,F-SUB,4,T-1,,Trident II\n", to,
	    ACC_ELIMIT, "inv.csv:15 attributes",
	    "attribute model is longer than 256 bytes");
}

static void
test_inventory_rejects_a_uid_with_other_characters(void **state)
{
	acc_err err = ACC_ERR_INIT;
	char *text = edit(csv_base, "item,B-2,", "item,B 2,");

	assert_int_equal(load(text, "inv.csv", &err), ACC_EINVAL);
	assert_prefix(err.where, "inv.csv:17 ");
	assert_contains(err.msg, "expected a unique identifier");
	assert_contains(err.msg, "got \"B 2\"");
	free(text);
}

static void
test_inventory_refuses_records_after_finalize(void **state)
{
	acc_inventory *inv = NULL;
	acc_err err = ACC_ERR_INIT;
	acc_item_rec it = { "B-9", "heavy_bomber", "test", "F-AIR", 0, NULL,
		NULL, 0, NULL };

	assert_int_equal(load_n(csv_base, strlen(csv_base), "inv.csv", NULL,
	    &inv, &err), 0);
	assert_int_equal(acc_inventory_add_item(inv, &it, "x", 1, &err),
	    ACC_EINVAL);
	assert_contains(err.msg, "already finalized");
	acc_inventory_free(inv);
}

static void
test_inventory_free_accepts_null(void **state)
{
	acc_inventory_free(NULL);
}

static void
totals_of(const acc_inventory *inv, int64_t out[3])
{
	acc_counter *c = NULL;
	acc_err err = ACC_ERR_INIT;

	assert_int_equal(acc_counter_new(&c, new_start, NULL, &err), 0);
	acc_counter_totals(c, inv, out);
	acc_counter_free(c);
}

static void
test_inventory_csv_and_json_of_one_holding_count_alike(void **state)
{
	acc_inventory *a = NULL, *b = NULL;
	acc_err err = ACC_ERR_INIT;
	int64_t ta[3], tb[3];
	char *csv = edit(csv_base,
	    "item,L-2,icbm_launcher,non_deployed,F-ICBM,,,"
	    "\"silo, kept \"\"warm\"\"\",MM3\n"
	    "item,M-2,icbm,non_deployed,F-STORE,0,,,MM3\n", "");
	char *csv2 = edit(csv, "item,B-2,heavy_bomber,test,F-AIR,0,,,\n", "");

	assert_int_equal(load_n(csv2, strlen(csv2), "inv.csv", NULL, &a,
	    &err), 0);
	assert_int_equal(load_n(json_base, strlen(json_base), "inv.json",
	    NULL, &b, &err), 0);
	assert_int_equal(acc_inventory_item_count(a),
	    acc_inventory_item_count(b));
	totals_of(a, ta);
	totals_of(b, tb);
	/* vehicles: M-1, S-1, B-1; warheads: 1 + 4 + one per bomber */
	assert_int_equal(ta[0], 3);
	assert_int_equal(ta[1], 6);
	assert_int_equal(ta[2], 3);
	assert_int_equal(tb[0], ta[0]);
	assert_int_equal(tb[1], ta[1]);
	assert_int_equal(tb[2], ta[2]);
	acc_inventory_free(a);
	acc_inventory_free(b);
	free(csv);
	free(csv2);
}

/* The sample files under tests/data/good/ read the same as CSV and JSON. */
static void
test_inventory_sample_files_read_alike_as_csv_and_json(void **state)
{
	const char *src = getenv("ACC_SRC");
	char path[4096];
	acc_inventory *a = NULL, *b = NULL;
	acc_err err = ACC_ERR_INIT;
	int64_t ta[3], tb[3];

	if (src == NULL)
		skip();
	assert_int_equal(acc_inventory_new(&a, new_start, &err), 0);
	assert_int_equal(acc_inventory_new(&b, new_start, &err), 0);
	snprintf(path, sizeof(path), "%s/tests/data/good/us-small.csv", src);
	if (acc_inventory_read(a, path, &err) == ACC_ENOTFOUND) {
		acc_inventory_free(a);
		acc_inventory_free(b);
		skip();
	}
	assert_no_err(err);
	snprintf(path, sizeof(path), "%s/tests/data/good/us-small.json", src);
	assert_int_equal(acc_inventory_read(b, path, &err), 0);
	assert_int_equal(acc_inventory_finalize(a, "US", &err), 0);
	assert_int_equal(acc_inventory_finalize(b, "US", &err), 0);
	assert_int_equal(acc_inventory_item_count(a),
	    acc_inventory_item_count(b));
	assert_int_equal(acc_inventory_facility_count(a),
	    acc_inventory_facility_count(b));
	assert_int_equal(acc_inventory_as_of(a), acc_inventory_as_of(b));
	totals_of(a, ta);
	totals_of(b, tb);
	assert_int_equal(ta[0], tb[0]);
	assert_int_equal(ta[1], tb[1]);
	assert_int_equal(ta[2], tb[2]);
	acc_inventory_free(a);
	acc_inventory_free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inventory_reads_a_csv_file),
		cmocka_unit_test(
		    test_inventory_reads_quoted_commas_and_doubled_quotes),
		cmocka_unit_test(
		    test_inventory_counts_lines_after_a_multiline_name),
		cmocka_unit_test(test_inventory_skips_a_byte_order_mark),
		cmocka_unit_test(test_inventory_reads_crlf_line_ends),
		cmocka_unit_test(
		    test_inventory_skips_blank_lines_but_counts_them),
		cmocka_unit_test(test_inventory_reads_a_json_file),
		cmocka_unit_test(
		    test_inventory_reads_json_after_leading_blanks),
		cmocka_unit_test(test_inventory_rejects_an_unknown_record_kind),
		cmocka_unit_test(test_inventory_rejects_an_unknown_type),
		cmocka_unit_test(test_inventory_rejects_an_unknown_status),
		cmocka_unit_test(
		    test_inventory_rejects_an_unknown_facility_kind),
		cmocka_unit_test(test_inventory_rejects_an_undefined_facility),
		cmocka_unit_test(
		    test_inventory_accepts_a_facility_defined_after_its_items),
		cmocka_unit_test(
		    test_inventory_rejects_a_duplicate_uid_naming_the_first),
		cmocka_unit_test(
		    test_inventory_rejects_a_duplicate_uid_across_files),
		cmocka_unit_test(
		    test_inventory_rejects_a_duplicate_facility_id),
		cmocka_unit_test(test_inventory_rejects_warheads_on_a_launcher),
		cmocka_unit_test(test_inventory_rejects_negative_warheads),
		cmocka_unit_test(test_inventory_rejects_non_numeric_warheads),
		cmocka_unit_test(
		    test_inventory_rejects_warheads_past_the_limit),
		cmocka_unit_test(
		    test_inventory_accepts_warheads_up_to_the_limit),
		cmocka_unit_test(
		    test_inventory_names_a_missing_warheads_count_as_missing),
		cmocka_unit_test(
		    test_inventory_errors_name_the_field_as_the_file_spells_it),
		cmocka_unit_test(
		    test_inventory_rejects_containment_in_an_unknown_item),
		cmocka_unit_test(
		    test_inventory_rejects_containment_the_treaty_forbids),
		cmocka_unit_test(
		    test_inventory_rejects_a_container_over_capacity),
		cmocka_unit_test(
		    test_inventory_rejects_a_container_at_another_facility),
		cmocka_unit_test(
		    test_inventory_rejects_an_item_containing_itself),
		cmocka_unit_test(test_inventory_rejects_a_containment_cycle),
		cmocka_unit_test(
		    test_inventory_rejects_a_party_other_than_the_workspaces),
		cmocka_unit_test(
		    test_inventory_rejects_a_party_the_treaty_lacks),
		cmocka_unit_test(
		    test_inventory_takes_the_party_from_the_workspace),
		cmocka_unit_test(test_inventory_rejects_another_treaty),
		cmocka_unit_test(test_inventory_rejects_another_format),
		cmocka_unit_test(test_inventory_rejects_an_unknown_meta_key),
		cmocka_unit_test(test_inventory_rejects_a_missing_as_of),
		cmocka_unit_test(test_inventory_rejects_a_bad_as_of),
		cmocka_unit_test(test_inventory_rejects_conflicting_meta),
		cmocka_unit_test(
		    test_inventory_rejects_conflicting_meta_across_files),
		cmocka_unit_test(
		    test_inventory_rejects_a_row_with_a_wrong_field_count),
		cmocka_unit_test(
		    test_inventory_rejects_a_facility_row_with_item_fields),
		cmocka_unit_test(
		    test_inventory_rejects_a_header_without_required_columns),
		cmocka_unit_test(
		    test_inventory_rejects_a_quote_inside_an_unquoted_field),
		cmocka_unit_test(test_inventory_rejects_an_unterminated_quote),
		cmocka_unit_test(
		    test_inventory_rejects_invalid_utf8_naming_the_line),
		cmocka_unit_test(test_inventory_accepts_utf8_text),
		cmocka_unit_test(test_inventory_rejects_a_nul_byte),
		cmocka_unit_test(test_inventory_rejects_a_json_nul_character),
		cmocka_unit_test(test_inventory_rejects_an_unknown_json_key),
		cmocka_unit_test(test_inventory_rejects_a_json_duplicate_key),
		cmocka_unit_test(
		    test_inventory_rejects_json_warheads_not_an_integer),
		cmocka_unit_test(
		    test_inventory_rejects_json_of_the_wrong_shape),
		cmocka_unit_test(
		    test_inventory_rejects_malformed_json_with_line_and_column),
		cmocka_unit_test(test_inventory_views_return_what_was_added),
		cmocka_unit_test(test_inventory_copies_the_strings_it_is_given),
		cmocka_unit_test(
		    test_inventory_reads_attributes_from_extra_columns),
		cmocka_unit_test(test_inventory_rejects_a_bad_attribute),
		cmocka_unit_test(
		    test_inventory_rejects_a_uid_with_other_characters),
		cmocka_unit_test(test_inventory_refuses_records_after_finalize),
		cmocka_unit_test(test_inventory_free_accepts_null),
		cmocka_unit_test(
		    test_inventory_csv_and_json_of_one_holding_count_alike),
		cmocka_unit_test(
		    test_inventory_sample_files_read_alike_as_csv_and_json),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
