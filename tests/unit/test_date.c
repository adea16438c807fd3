/*
 * Dates (lib/date.c): strict YYYY-MM-DD parsing, the proleptic Gregorian
 * leap rule, and formatting as the exact inverse of parsing.
 */
#include "unit.h"

#include <accord/date.h>

static int
parse(acc_date *out, const char *s)
{
	acc_err err = ACC_ERR_INIT;

	return acc_date_parse(out, s, strlen(s), "here", &err);
}

static void
assert_rejected(const char *s)
{
	acc_err err = ACC_ERR_INIT;
	acc_date d = 12345;
	int rc = acc_date_parse(&d, s, strlen(s), "t.yaml:3:5 dates.signed",
	    &err);

	if (rc != ACC_EINVAL)
		fail_msg("\"%s\" was accepted (rc %d, day %d)", s, rc, (int)d);
	assert_int_equal(err.code, ACC_EINVAL);
	assert_string_equal(err.where, "t.yaml:3:5 dates.signed");
	assert_contains(err.msg, "expected a date YYYY-MM-DD");
	/* value outputs are written only on success */
	assert_int_equal(d, 12345);
}

/* An independent calendar for the round trip: the leap rule by hand. */
static unsigned
month_days(int y, unsigned m)
{
	static const unsigned days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
		31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

static void
test_date_parse_gives_days_since_1970(void **state)
{
	acc_date d = 0;

	assert_int_equal(parse(&d, "1970-01-01"), 0);
	assert_int_equal(d, 0);
	assert_int_equal(parse(&d, "1970-01-02"), 0);
	assert_int_equal(d, 1);
	assert_int_equal(parse(&d, "1969-12-31"), 0);
	assert_int_equal(d, -1);
	assert_int_equal(parse(&d, "2010-04-08"), 0);
	assert_int_equal(d, 14707);
	assert_int_equal(parse(&d, "2011-02-05"), 0);
	assert_int_equal(d, 15010);
	assert_int_equal(parse(&d, "2026-02-05"), 0);
	assert_int_equal(d, 20489);
}

static void
test_date_parse_accepts_the_first_and_last_years(void **state)
{
	acc_date d = 0;

	assert_int_equal(parse(&d, "1900-01-01"), 0);
	assert_int_equal(d, -25567);
	assert_int_equal(parse(&d, "9999-12-31"), 0);
	assert_int_equal(d, 2932896);
	assert_rejected("1899-12-31");
	assert_rejected("0000-01-01");
}

static void
test_date_parse_accepts_february_29_of_leap_years(void **state)
{
	acc_date d = 0;

	assert_int_equal(parse(&d, "2000-02-29"), 0);
	assert_int_equal(d, 11016);
	assert_int_equal(parse(&d, "2024-02-29"), 0);
	assert_int_equal(parse(&d, "1904-02-29"), 0);
	assert_int_equal(parse(&d, "2400-02-29"), 0);
}

static void
test_date_parse_rejects_february_29_of_common_years(void **state)
{
	assert_rejected("1900-02-29"); /* divisible by 100, not by 400 */
	assert_rejected("2100-02-29");
	assert_rejected("2023-02-29");
	assert_rejected("2011-02-30");
	assert_rejected("2000-02-30");
}

static void
test_date_parse_rejects_days_a_month_lacks(void **state)
{
	assert_rejected("2011-04-31");
	assert_rejected("2011-06-31");
	assert_rejected("2011-09-31");
	assert_rejected("2011-11-31");
	assert_rejected("2011-01-32");
	assert_rejected("2011-01-00");
	assert_rejected("2011-00-10");
	assert_rejected("2011-13-01");
	assert_rejected("2011-99-99");
}

static void
test_date_parse_rejects_anything_but_yyyy_mm_dd(void **state)
{
	assert_rejected("");
	assert_rejected("2011-2-5");
	assert_rejected("2011-02-5");
	assert_rejected("2011-2-05");
	assert_rejected("11-02-05");
	assert_rejected("20110205");
	assert_rejected("2011/02/05");
	assert_rejected("2011.02.05");
	assert_rejected("2011-02-05 ");
	assert_rejected(" 2011-02-05");
	assert_rejected("2011-02-05T00:00:00Z");
	assert_rejected("+011-02-05");
	assert_rejected("-011-02-05");
	assert_rejected("2011-0a-05");
	assert_rejected("2011--2-05");
	assert_rejected("2011-02--5");
	assert_rejected("two thousand");
}

static void
test_date_parse_reads_exactly_len_bytes(void **state)
{
	acc_err err = ACC_ERR_INIT;
	acc_date d = 0;
	static const char nul[] = "2011-02-\0005";

	/* a longer string is cut at len, which must then be a date */
	assert_int_equal(acc_date_parse(&d, "2011-02-05junk", 10, "x", &err),
	    0);
	assert_int_equal(d, 15010);
	assert_int_equal(acc_date_parse(&d, "2011-02-05", 9, "x", &err),
	    ACC_EINVAL);
	/* a NUL byte inside the ten is not a digit */
	acc_err_clear(&err);
	assert_int_equal(acc_date_parse(&d, nul, 10, "x", &err), ACC_EINVAL);
	assert_contains(err.msg, "\\x00");
}

static void
test_date_parse_quotes_the_bad_input(void **state)
{
	acc_err err = ACC_ERR_INIT;
	acc_date d = 0;
	static const char bad[] = "2011-\"2-05";

	assert_int_equal(acc_date_parse(&d, "2011-02-30", 10, "inv.csv:5 name",
	    &err), ACC_EINVAL);
	assert_err(err, ACC_EINVAL, "inv.csv:5 name",
	    "expected a date YYYY-MM-DD, got \"2011-02-30\"");
	acc_err_clear(&err);
	assert_int_equal(acc_date_parse(&d, bad, strlen(bad), "w", &err),
	    ACC_EINVAL);
	assert_contains(err.msg, "got \"2011-\\x222-05\"");
}

static void
test_date_parse_accepts_a_null_err(void **state)
{
	acc_date d = 0;

	assert_int_equal(acc_date_parse(&d, "2011-02-30", 10, "x", NULL),
	    ACC_EINVAL);
	assert_int_equal(acc_date_parse(&d, "2011-02-28", 10, "x", NULL), 0);
}

static void
test_date_format_writes_yyyy_mm_dd(void **state)
{
	char s[ACC_DATE_LEN];

	acc_date_format(s, 0);
	assert_string_equal(s, "1970-01-01");
	acc_date_format(s, 14707);
	assert_string_equal(s, "2010-04-08");
	acc_date_format(s, 11016);
	assert_string_equal(s, "2000-02-29");
	acc_date_format(s, -25567);
	assert_string_equal(s, "1900-01-01");
	acc_date_format(s, 2932896);
	assert_string_equal(s, "9999-12-31");
	acc_date_format(s, -1);
	assert_string_equal(s, "1969-12-31");
}

/*
 * Every day from 1900-01-01 to 9999-12-31: format gives what an
 * independent day-by-day calendar says, and parse gives the day back.
 */
static void
test_date_format_and_parse_round_trip_every_day(void **state)
{
	acc_date d = -25567;
	int y = 1900;
	unsigned m = 1, day = 1;
	char want[32], got[ACC_DATE_LEN];

	for (;;) {
		acc_date back = 0;
		snprintf(want, sizeof(want), "%04d-%02u-%02u", y, m, day);
		acc_date_format(got, d);
		if (strcmp(got, want) != 0)
			fail_msg("day %d formats as %s, expected %s", (int)d,
			    got, want);
		if (parse(&back, got) != 0 || back != d)
			fail_msg("%s parses as %d, expected %d", got,
			    (int)back, (int)d);
		if (y == 9999 && m == 12 && day == 31)
			break;
		d++;
		if (++day > month_days(y, m)) {
			day = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	assert_int_equal(d, 2932896);
}

static void
test_date_format_of_a_day_past_9999_is_all_zeros(void **state)
{
	char s[ACC_DATE_LEN];

	acc_date_format(s, 2932897); /* 10000-01-01 */
	assert_string_equal(s, "0000-00-00");
	acc_date_format(s, ACC_DATE_NONE);
	assert_string_equal(s, "0000-00-00");
}

/*
 * BUG (lib/date.c, civil_from_days): `z += 719468` overflows int32_t for
 * days within 719468 of INT32_MAX, which is undefined behaviour; the
 * undefined-behaviour sanitizer stops this test. Expected "0000-00-00"
 * like any other day past 9999-12-31.
 */
static void
test_date_format_of_the_largest_day_is_all_zeros(void **state)
{
	char s[ACC_DATE_LEN];

	acc_date_format(s, INT32_MAX);
	assert_string_equal(s, "0000-00-00");
}

static void
test_date_from_time_rounds_towards_the_earlier_day(void **state)
{
	char s[ACC_DATE_LEN];

	assert_int_equal(acc_date_from_time(0), 0);
	assert_int_equal(acc_date_from_time(86399), 0);
	assert_int_equal(acc_date_from_time(86400), 1);
	assert_int_equal(acc_date_from_time(-1), -1);
	assert_int_equal(acc_date_from_time(-86400), -1);
	assert_int_equal(acc_date_from_time(-86401), -2);
	acc_date_format(s, acc_date_from_time(1700000000));
	assert_string_equal(s, "2023-11-14");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_parse_gives_days_since_1970),
		cmocka_unit_test(
		    test_date_parse_accepts_the_first_and_last_years),
		cmocka_unit_test(
		    test_date_parse_accepts_february_29_of_leap_years),
		cmocka_unit_test(
		    test_date_parse_rejects_february_29_of_common_years),
		cmocka_unit_test(test_date_parse_rejects_days_a_month_lacks),
		cmocka_unit_test(
		    test_date_parse_rejects_anything_but_yyyy_mm_dd),
		cmocka_unit_test(test_date_parse_reads_exactly_len_bytes),
		cmocka_unit_test(test_date_parse_quotes_the_bad_input),
		cmocka_unit_test(test_date_parse_accepts_a_null_err),
		cmocka_unit_test(test_date_format_writes_yyyy_mm_dd),
		cmocka_unit_test(
		    test_date_format_and_parse_round_trip_every_day),
		cmocka_unit_test(
		    test_date_format_of_a_day_past_9999_is_all_zeros),
		cmocka_unit_test(
		    test_date_from_time_rounds_towards_the_earlier_day),
		/* last: under -fsanitize=undefined the bug it shows aborts */
		cmocka_unit_test(
		    test_date_format_of_the_largest_day_is_all_zeros),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
