/*
 * The CSV reader alone (lib/csv.c): RFC 4180 records, the line each one
 * starts on, strict refusal of what RFC 4180 does not allow, and the
 * caps of lib/limits.h.
 */
#include <stdbool.h>
#include <stdlib.h>

#include "unit.h"

#include "csv.h"
#include "limits.h"

/* A reader over a string; n is its length (the string may hold NULs). */
struct reader {
	acc_csv c;
	acc_err err;
	uint32_t line;
};

static void
reader_init(struct reader *r, const char *data, size_t n)
{
	acc_csv_init(&r->c, data, n, "in.csv");
	acc_err_clear(&r->err);
	r->line = 0;
}

static int
reader_next(struct reader *r)
{
	return acc_csv_next(&r->c, &r->line, &r->err);
}

/* The next record is on `line` and has exactly the fields in want. */
static void
expect_record(struct reader *r, uint32_t line, size_t n,
    const char *const *want)
{
	size_t i;
	int rc = reader_next(r);

	if (rc != 1)
		fail_msg("expected a record on line %u, got %d (%s: %s)", line,
		    rc, r->err.where, r->err.msg);
	assert_int_equal(r->line, line);
	assert_int_equal(r->c.n_fields, n);
	for (i = 0; i < n; i++) {
		assert_string_equal(r->c.fields[i], want[i]);
		assert_int_equal(r->c.lens[i], strlen(want[i]));
	}
}

static void
expect_end(struct reader *r)
{
	assert_int_equal(reader_next(r), 0);
	assert_no_err(r->err);
}

#define FIELDS(...) (sizeof((const char *const[]){ __VA_ARGS__ }) /       \
	sizeof(const char *)), (const char *const[]){ __VA_ARGS__ }

static void
test_csv_reads_fields_of_each_row(void **state)
{
	static const char in[] = "record,id,type\nitem,M-1,icbm\n";
	struct reader r;

	reader_init(&r, in, strlen(in));
	expect_record(&r, 1, FIELDS("record", "id", "type"));
	expect_record(&r, 2, FIELDS("item", "M-1", "icbm"));
	expect_end(&r);
	acc_csv_dispose(&r.c);
}

static void
test_csv_reads_a_last_row_without_a_newline(void **state)
{
	static const char in[] = "a,b\nc,d";
	struct reader r;

	reader_init(&r, in, strlen(in));
	expect_record(&r, 1, FIELDS("a", "b"));
	expect_record(&r, 2, FIELDS("c", "d"));
	expect_end(&r);
	acc_csv_dispose(&r.c);
}

static void
test_csv_ends_at_once_on_an_empty_file(void **state)
{
	struct reader r;

	reader_init(&r, "", 0);
	expect_end(&r);
	/* and keeps saying so */
	expect_end(&r);
	acc_csv_dispose(&r.c);
}

static void
test_csv_skips_a_byte_order_mark_at_the_start_only(void **state)
{
	static const char bom_only[] = "\xef\xbb\xbf";
	static const char in[] = "\xef\xbb\xbf" "a,b\n\xef\xbb\xbf" "c,d\n";
	struct reader r;

	reader_init(&r, bom_only, strlen(bom_only));
	expect_end(&r);
	acc_csv_dispose(&r.c);

	reader_init(&r, in, strlen(in));
	expect_record(&r, 1, FIELDS("a", "b"));
	/* a second mark is data, as RFC 4180 has no other meaning for it */
	expect_record(&r, 2, FIELDS("\xef\xbb\xbf" "c", "d"));
	expect_end(&r);
	acc_csv_dispose(&r.c);
}

static void
test_csv_reads_empty_fields_anywhere_in_a_row(void **state)
{
	static const char in[] = ",,\na,,b\na,\n,a\n\"\",x\n";
	struct reader r;

	reader_init(&r, in, strlen(in));
	expect_record(&r, 1, FIELDS("", "", ""));
	expect_record(&r, 2, FIELDS("a", "", "b"));
	expect_record(&r, 3, FIELDS("a", ""));
	expect_record(&r, 4, FIELDS("", "a"));
	expect_record(&r, 5, FIELDS("", "x"));
	expect_end(&r);
	acc_csv_dispose(&r.c);
}

static void
test_csv_reads_a_trailing_comma_at_the_end_of_the_file(void **state)
{
	static const char in[] = "a,b,";
	struct reader r;

	reader_init(&r, in, strlen(in));
	expect_record(&r, 1, FIELDS("a", "b", ""));
	expect_end(&r);
	acc_csv_dispose(&r.c);
}

static void
test_csv_reads_a_blank_line_as_one_empty_field(void **state)
{
	static const char in[] = "a\n\nb\n";
	struct reader r;

	reader_init(&r, in, strlen(in));
	expect_record(&r, 1, FIELDS("a"));
	expect_record(&r, 2, FIELDS(""));
	expect_record(&r, 3, FIELDS("b"));
	expect_end(&r);
	acc_csv_dispose(&r.c);
}

static void
test_csv_reads_quoted_commas_and_doubled_quotes(void **state)
{
	static const char in[] =
	    "\"a,b\",\"say \"\"hi\"\"\",\"\"\"\",\"\"\"\"\"\"\n";
	struct reader r;

	reader_init(&r, in, strlen(in));
	expect_record(&r, 1, FIELDS("a,b", "say \"hi\"", "\"", "\"\""));
	expect_end(&r);
	acc_csv_dispose(&r.c);
}

static void
test_csv_counts_lines_inside_quoted_fields(void **state)
{
	static const char in[] =
	    "h1,h2\n"
	    "a,\"one\ntwo\n\nthree\"\n"
	    "b,c\n"
	    "\"x\r\ny\",z\n"
	    "d,e\n";
	struct reader r;

	reader_init(&r, in, strlen(in));
	expect_record(&r, 1, FIELDS("h1", "h2"));
	expect_record(&r, 2, FIELDS("a", "one\ntwo\n\nthree"));
	expect_record(&r, 6, FIELDS("b", "c"));
	/* CRLF inside quotes is data */
	expect_record(&r, 7, FIELDS("x\r\ny", "z"));
	expect_record(&r, 9, FIELDS("d", "e"));
	expect_end(&r);
	acc_csv_dispose(&r.c);
}

static void
test_csv_reads_crlf_line_ends(void **state)
{
	static const char in[] = "a,b\r\n\"c\",d\r\n,\r\n";
	struct reader r;

	reader_init(&r, in, strlen(in));
	expect_record(&r, 1, FIELDS("a", "b"));
	expect_record(&r, 2, FIELDS("c", "d"));
	expect_record(&r, 3, FIELDS("", ""));
	expect_end(&r);
	acc_csv_dispose(&r.c);
}

static void
test_csv_keeps_spaces_around_fields(void **state)
{
	static const char in[] = " a , b \n";
	struct reader r;

	reader_init(&r, in, strlen(in));
	expect_record(&r, 1, FIELDS(" a ", " b "));
	expect_end(&r);
	acc_csv_dispose(&r.c);
}

static void
expect_error(const char *in, size_t n, size_t good_rows, acc_code code,
    const char *where, const char *frag)
{
	struct reader r;
	size_t i;

	reader_init(&r, in, n);
	for (i = 0; i < good_rows; i++)
		assert_int_equal(reader_next(&r), 1);
	assert_int_equal(reader_next(&r), code);
	assert_err(r.err, code, where, frag);
	acc_csv_dispose(&r.c);
}

static void
test_csv_rejects_a_quote_inside_an_unquoted_field(void **state)
{
	static const char in[] = "a,b\nsay \"hi\",c\n";

	expect_error(in, strlen(in), 1, ACC_EINVAL, "in.csv:2",
	    "a quote inside an unquoted field");
}

static void
test_csv_rejects_text_after_a_closing_quote(void **state)
{
	static const char in[] = "a,b\n\"x\"y,c\n";

	expect_error(in, strlen(in), 1, ACC_EINVAL, "in.csv:2",
	    "unexpected character after a closing quote");
}

static void
test_csv_rejects_an_unterminated_quote_where_it_opened(void **state)
{
	static const char in[] = "a,b\nc,d\ne,\"open\nstill\nopen\n";

	expect_error(in, strlen(in), 2, ACC_EINVAL, "in.csv:3",
	    "unterminated quoted field");
}

static void
test_csv_rejects_a_bare_carriage_return(void **state)
{
	static const char in[] = "a,b\nc\rd,e\n";
	static const char at_end[] = "a,b\r";

	expect_error(in, strlen(in), 1, ACC_EINVAL, "in.csv:2",
	    "a bare carriage return");
	expect_error(at_end, strlen(at_end), 0, ACC_EINVAL, "in.csv:1",
	    "a bare carriage return");
}

static void
test_csv_rejects_a_nul_byte(void **state)
{
	static const char in[] = "a,b\nc,d\0e\n";
	static const char quoted[] = "a,\"b\0\"\n";

	expect_error(in, sizeof(in) - 1, 1, ACC_EINVAL, "in.csv:2",
	    "a NUL byte in a field");
	expect_error(quoted, sizeof(quoted) - 1, 0, ACC_EINVAL, "in.csv:1",
	    "a NUL byte in a field");
}

static void
test_csv_names_the_line_of_an_error_after_a_long_field(void **state)
{
	static const char in[] = "a,\"1\n2\n3\"\nok,ok\nbad\"quote,x\n";

	expect_error(in, strlen(in), 2, ACC_EINVAL, "in.csv:5",
	    "a quote inside an unquoted field");
}

/* A row of n fields, each `width` bytes of 'x', quoted or not. */
static char *
wide_row(size_t n, size_t width, bool quoted)
{
	size_t per = width + (quoted ? 2 : 0) + 1;
	char *s = malloc(n * per + 1);
	size_t i, o = 0;

	assert_non_null(s);
	for (i = 0; i < n; i++) {
		if (quoted)
			s[o++] = '"';
		memset(s + o, 'x', width);
		o += width;
		if (quoted)
			s[o++] = '"';
		s[o++] = i + 1 < n ? ',' : '\n';
	}
	s[o] = '\0';
	return s;
}

static void
test_csv_accepts_a_field_of_4096_bytes(void **state)
{
	char *plain = wide_row(2, ACC_CSV_FIELD_MAX, false);
	char *quoted = wide_row(2, ACC_CSV_FIELD_MAX, true);
	struct reader r;

	reader_init(&r, plain, strlen(plain));
	assert_int_equal(reader_next(&r), 1);
	assert_int_equal(r.c.n_fields, 2);
	assert_int_equal(r.c.lens[0], 4096);
	assert_int_equal(strlen(r.c.fields[1]), 4096);
	expect_end(&r);
	acc_csv_dispose(&r.c);

	reader_init(&r, quoted, strlen(quoted));
	assert_int_equal(reader_next(&r), 1);
	assert_int_equal(r.c.lens[1], 4096);
	expect_end(&r);
	acc_csv_dispose(&r.c);
	free(plain);
	free(quoted);
}

static void
test_csv_rejects_a_field_of_4097_bytes(void **state)
{
	char *plain = wide_row(1, ACC_CSV_FIELD_MAX + 1, false);
	char *quoted = wide_row(3, ACC_CSV_FIELD_MAX + 1, true);

	expect_error(plain, strlen(plain), 0, ACC_ELIMIT, "in.csv:1",
	    "a field longer than 4096 bytes");
	expect_error(quoted, strlen(quoted), 0, ACC_ELIMIT, "in.csv:1",
	    "a field longer than 4096 bytes");
	free(plain);
	free(quoted);
}

static void
test_csv_accepts_64_fields_of_4096_bytes(void **state)
{
	char *row = wide_row(ACC_CSV_COLUMNS_MAX, ACC_CSV_FIELD_MAX, true);
	struct reader r;
	size_t i;

	reader_init(&r, row, strlen(row));
	assert_int_equal(reader_next(&r), 1);
	assert_int_equal(r.c.n_fields, 64);
	for (i = 0; i < 64; i++)
		assert_int_equal(r.c.lens[i], 4096);
	expect_end(&r);
	acc_csv_dispose(&r.c);
	free(row);
}

static void
test_csv_rejects_a_row_of_65_fields(void **state)
{
	char *row = wide_row(ACC_CSV_COLUMNS_MAX + 1, 1, false);
	char *empty = wide_row(ACC_CSV_COLUMNS_MAX + 1, 0, false);
	size_t n = strlen(row);
	char *two = malloc(4 + n + 1);

	assert_non_null(two);
	snprintf(two, 4 + n + 1, "a,b\n%s", row);
	expect_error(row, n, 0, ACC_ELIMIT, "in.csv:1",
	    "more than 64 fields in a row");
	expect_error(empty, strlen(empty), 0, ACC_ELIMIT, "in.csv:1",
	    "more than 64 fields in a row");
	expect_error(two, strlen(two), 1, ACC_ELIMIT, "in.csv:2",
	    "more than 64 fields in a row");
	free(row);
	free(empty);
	free(two);
}

static void
test_csv_fields_are_nul_terminated_copies(void **state)
{
	static const char in[] = "ab,\"c\"\"d\",e";
	struct reader r;

	reader_init(&r, in, strlen(in));
	assert_int_equal(reader_next(&r), 1);
	assert_int_equal(r.c.fields[0][2], '\0');
	assert_int_equal(r.c.fields[1][3], '\0');
	assert_ptr_not_equal(r.c.fields[0], in);
	assert_string_equal(r.c.fields[1], "c\"d");
	assert_string_equal(r.c.fields[2], "e");
	acc_csv_dispose(&r.c);
}

static void
test_csv_dispose_accepts_a_reader_never_used(void **state)
{
	acc_csv c;

	acc_csv_init(&c, "", 0, "in.csv");
	acc_csv_dispose(&c);
	acc_csv_init(&c, "a\n", 2, "in.csv");
	acc_csv_dispose(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_reads_fields_of_each_row),
		cmocka_unit_test(test_csv_reads_a_last_row_without_a_newline),
		cmocka_unit_test(test_csv_ends_at_once_on_an_empty_file),
		cmocka_unit_test(
		    test_csv_skips_a_byte_order_mark_at_the_start_only),
		cmocka_unit_test(test_csv_reads_empty_fields_anywhere_in_a_row),
		cmocka_unit_test(
		    test_csv_reads_a_trailing_comma_at_the_end_of_the_file),
		cmocka_unit_test(
		    test_csv_reads_a_blank_line_as_one_empty_field),
		cmocka_unit_test(
		    test_csv_reads_quoted_commas_and_doubled_quotes),
		cmocka_unit_test(test_csv_counts_lines_inside_quoted_fields),
		cmocka_unit_test(test_csv_reads_crlf_line_ends),
		cmocka_unit_test(test_csv_keeps_spaces_around_fields),
		cmocka_unit_test(
		    test_csv_rejects_a_quote_inside_an_unquoted_field),
		cmocka_unit_test(test_csv_rejects_text_after_a_closing_quote),
		cmocka_unit_test(
		    test_csv_rejects_an_unterminated_quote_where_it_opened),
		cmocka_unit_test(test_csv_rejects_a_bare_carriage_return),
		cmocka_unit_test(test_csv_rejects_a_nul_byte),
		cmocka_unit_test(
		    test_csv_names_the_line_of_an_error_after_a_long_field),
		cmocka_unit_test(test_csv_accepts_a_field_of_4096_bytes),
		cmocka_unit_test(test_csv_rejects_a_field_of_4097_bytes),
		cmocka_unit_test(test_csv_accepts_64_fields_of_4096_bytes),
		cmocka_unit_test(test_csv_rejects_a_row_of_65_fields),
		cmocka_unit_test(test_csv_fields_are_nul_terminated_copies),
		cmocka_unit_test(test_csv_dispose_accepts_a_reader_never_used),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
