/*
 * The in-place JSON scanner (lib/jscan.c): strings decoded with every
 * escape, surrogate pairs and UTF-8; whole numbers in range; each kind of
 * malformed text refused with its line and column; the shape-only skip
 * ending where the strict one does.
 */
#include "unit.h"

#include "jscan.h"

/* Decode the string that is all of text; returns rc, fills out. */
static int
decode(const char *text, char *out, size_t cap, acc_err *err)
{
	acc_jscan s;
	size_t len;
	int rc;

	acc_jscan_init(&s, text, strlen(text), "t.json");
	rc = acc_jscan_string(&s, out, cap, &len, err);
	if (rc == 0) {
		assert_int_equal(len, strlen(out));
		rc = acc_jscan_end(&s, err);
	}
	return rc;
}

static void
expect_decoded(const char *text, const char *want)
{
	acc_err err = ACC_ERR_INIT;
	char out[256];

	if (decode(text, out, sizeof(out), &err) != 0)
		fail_msg("%s: %s: %s", text, err.where, err.msg);
	assert_string_equal(out, want);
}

static void
expect_refused_string(const char *text, const char *where, const char *frag)
{
	acc_err err = ACC_ERR_INIT;
	char out[256];

	assert_int_equal(decode(text, out, sizeof(out), &err), ACC_EINVAL);
	assert_err(err, ACC_EINVAL, where, frag);
}

static void
test_jscan_decodes_strings(void **state)
{
	(void)state;
	expect_decoded("\"plain\"", "plain");
	expect_decoded("  \"ws\"\n", "ws");
	expect_decoded("\"\\\" \\\\ \\/ \\b\\f\\n\\r\\t\"", "\" \\ / \b\f\n\r\t");
	expect_decoded("\"\\u0041\\u00e9\\u20ac\"", "A\xc3\xa9\xe2\x82\xac");
	expect_decoded("\"\\ud83d\\ude00\"", "\xf0\x9f\x98\x80");
	expect_decoded("\"\xc3\xa9\xf0\x9f\x98\x80\"", "\xc3\xa9\xf0\x9f\x98\x80");
	expect_decoded("\"\"", "");
}

static void
test_jscan_refuses_bad_strings_with_their_place(void **state)
{
	(void)state;
	expect_refused_string("\"abc", "t.json:1:5", "unterminated string");
	expect_refused_string("\"a\nb\"", "t.json:1:3", "control character");
	expect_refused_string("\n\n  \"\\x\"", "t.json:3:4", "bad escape");
	expect_refused_string("\"\\u12\"", "t.json:1:2", "four hex digits");
	expect_refused_string("\"\\ud800\"", "t.json:1:2", "unpaired surrogate");
	expect_refused_string("\"\\udc00\"", "t.json:1:2", "unpaired surrogate");
	expect_refused_string("\"\\ud800\\u0041\"", "t.json:1:2",
	    "unpaired surrogate");
	expect_refused_string("\"\\u0000\"", "t.json:1:2", "\\u0000");
	expect_refused_string("\"\xc3\x28\"", "t.json:1:2", "invalid UTF-8");
	expect_refused_string("\"\xc0\xaf\"", "t.json:1:2", "invalid UTF-8");
	expect_refused_string("\"\xed\xa0\x80\"", "t.json:1:2", "invalid UTF-8");
	expect_refused_string("\"\xf4\x90\x80\x80\"", "t.json:1:2",
	    "invalid UTF-8");
	expect_refused_string("x", "t.json:1:1", "expected a string");
	expect_refused_string("\"a\" x", "t.json:1:5", "after the end");
}

static void
test_jscan_refuses_a_string_longer_than_the_buffer(void **state)
{
	acc_err err = ACC_ERR_INIT;
	char out[4];

	(void)state;
	assert_int_equal(decode("\"abc\"", out, sizeof(out), &err), 0);
	assert_int_equal(decode("\"abcd\"", out, sizeof(out), &err),
	    ACC_ELIMIT);
	assert_contains(err.msg, "longer than 3 bytes");
}

static void
test_jscan_reads_whole_numbers_in_range(void **state)
{
	static const struct {
		const char *text;
		int rc;
		int64_t want;
	} cases[] = {
		{ "0", 0, 0 }, { "-0", 0, 0 }, { "42", 0, 42 },
		{ "9223372036854775807", 0, INT64_MAX },
		{ "-9223372036854775807", 0, -INT64_MAX },
		{ "9223372036854775808", ACC_EINVAL, 0 },
		{ "1.5", ACC_EINVAL, 0 }, { "1e3", ACC_EINVAL, 0 },
		{ "01", ACC_EINVAL, 0 }, { "-", ACC_EINVAL, 0 },
		{ "\"1\"", ACC_EINVAL, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		acc_err err = ACC_ERR_INIT;
		acc_jscan s;
		int64_t v = -1;
		int rc;
		acc_jscan_init(&s, cases[i].text, strlen(cases[i].text), "n");
		rc = acc_jscan_int(&s, &v, &err);
		if (rc == 0)
			rc = acc_jscan_end(&s, &err);
		if (rc != cases[i].rc)
			fail_msg("%s: expected %d, got %d (%s)", cases[i].text,
			    cases[i].rc, rc, err.msg);
		if (rc == 0)
			assert_true(v == cases[i].want);
	}
}

static void
test_jscan_skips_values_and_refuses_malformed_ones(void **state)
{
	static const char *const good[] = {
		"{}", "[]", "{\"a\":[1,2.5,-3e-2,true,false,null,\"x\"]}",
		" [ {\"a\" : { } } , [ ] ] ", "\"s\"", "1", "null",
	};
	static const struct {
		const char *text, *where, *frag;
	} bad[] = {
		{ "", "t.json:1:1", "the end of the text" },
		{ "{\"a\":1,}", "t.json:1:8", "a key" },
		{ "[1,]", "t.json:1:4", "expected a value" },
		{ "[1 2]", "t.json:1:4", "',' or ']'" },
		{ "{\"a\" 1}", "t.json:1:6", "':'" },
		{ "{1:2}", "t.json:1:2", "a key" },
		{ "tru", "t.json:1:1", "expected a value" },
		{ "1.", "t.json:1:3", "digit after '.'" },
		{ "[\n\n  x]", "t.json:3:3", "expected a value" },
		{ "{\"a\":[}", "t.json:1:7", "expected a value" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		acc_err err = ACC_ERR_INIT;
		acc_jscan s;
		acc_jscan_init(&s, good[i], strlen(good[i]), "t.json");
		if (acc_jscan_skip(&s, &err) != 0 ||
		    acc_jscan_end(&s, &err) != 0)
			fail_msg("%s: %s %s", good[i], err.where, err.msg);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		acc_err err = ACC_ERR_INIT;
		acc_jscan s;
		int rc;
		acc_jscan_init(&s, bad[i].text, strlen(bad[i].text), "t.json");
		rc = acc_jscan_skip(&s, &err);
		if (rc == 0)
			rc = acc_jscan_end(&s, &err);
		assert_int_equal(rc, ACC_EINVAL);
		assert_err(err, ACC_EINVAL, bad[i].where, bad[i].frag);
	}
}

static void
test_jscan_refuses_nesting_past_the_cap(void **state)
{
	char deep[2 * ACC_JSCAN_DEPTH_MAX + 8];
	acc_err err = ACC_ERR_INIT;
	acc_jscan s;
	size_t i, n = ACC_JSCAN_DEPTH_MAX + 1;

	(void)state;
	for (i = 0; i < n; i++) {
		deep[i] = '[';
		deep[2 * n - 1 - i] = ']';
	}
	acc_jscan_init(&s, deep, 2 * n, "t.json");
	assert_int_equal(acc_jscan_skip(&s, &err), ACC_EINVAL);
	assert_contains(err.msg, "nested deeper");
	acc_err_clear(&err);
	acc_jscan_init(&s, deep, 2 * n, "t.json");
	assert_int_equal(acc_jscan_skip_shape(&s, &err), ACC_EINVAL);
	assert_contains(err.msg, "nested deeper");
	/* one level less is fine */
	acc_err_clear(&err);
	acc_jscan_init(&s, deep + 1, 2 * n - 2, "t.json");
	assert_int_equal(acc_jscan_skip(&s, &err), 0);
}

static void
test_jscan_shape_skip_ends_where_the_strict_one_does(void **state)
{
	static const char *const texts[] = {
		"{\"a\":\"x\\\"y\",\"b\":[1,{\"c\":\"\\\\\"}]} tail",
		"[\"\\\\\\\"\",\"]\"] tail", "\"a\\\\\" tail", "12 tail",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		acc_err err = ACC_ERR_INIT;
		acc_jscan a, b;
		acc_jscan_init(&a, texts[i], strlen(texts[i]), "t");
		acc_jscan_init(&b, texts[i], strlen(texts[i]), "t");
		assert_int_equal(acc_jscan_skip(&a, &err), 0);
		assert_int_equal(acc_jscan_skip_shape(&b, &err), 0);
		assert_ptr_equal(a.p, b.p);
	}
	/* the shape skip notices brackets that do not balance */
	{
		acc_err err = ACC_ERR_INIT;
		acc_jscan b;
		acc_jscan_init(&b, "[1}", 3, "t.json");
		assert_int_equal(acc_jscan_skip_shape(&b, &err), ACC_EINVAL);
		assert_err(err, ACC_EINVAL, "t.json:1:3", "unbalanced");
		acc_err_clear(&err);
		acc_jscan_init(&b, "[\"a]", 4, "t.json");
		assert_int_equal(acc_jscan_skip_shape(&b, &err), ACC_EINVAL);
		assert_contains(err.msg, "unterminated string");
	}
}

/*
 * The word-at-a-time searches find the first byte sought wherever it
 * falls against the 8-byte words, and after bytes that differ from it by
 * one borrow (a false mark above a true one must not hide it).
 */
static void
test_jscan_word_searches_agree_with_a_byte_loop(void **state)
{
	static const unsigned char stops[] = { '"', '\\', 0x00, 0x01, 0x1f,
		0x80, 0xc3, 0xff };
	static const unsigned char plain[] = { 'a', ' ', 0x21, 0x23, 0x5b,
		0x5d, 0x7f, '/' };
	char buf[40];
	size_t n, at, k, f, j;

	(void)state;
	for (n = 0; n <= 24; n++)
		for (f = 0; f < sizeof(plain); f++) {
			/* no stop at all: the run is the whole text */
			for (j = 0; j < n; j++)
				buf[j] = (char)plain[(f + j) % sizeof(plain)];
			assert_ptr_equal(acc_jscan_plain(buf, buf + n),
			    buf + n);
			assert_ptr_equal(acc_jscan_quote(buf, buf + n),
			    buf + n);
			for (at = 0; at < n; at++)
				for (k = 0; k < sizeof(stops); k++) {
					const char *q = buf + n;
					for (j = 0; j < n; j++)
						buf[j] = (char)plain[(f + j) %
						    sizeof(plain)];
					buf[at] = (char)stops[k];
					/* a second stop later, and a byte one
					 * above the first right after it */
					if (at + 1 < n)
						buf[at + 1] = (char)(stops[k] +
						    1);
					if (at + 3 < n)
						buf[at + 3] = '"';
					assert_ptr_equal(acc_jscan_plain(buf,
					    buf + n), buf + at);
					for (j = 0; j < n; j++)
						if (buf[j] == '"') {
							q = buf + j;
							break;
						}
					assert_ptr_equal(acc_jscan_quote(buf,
					    buf + n), q);
				}
		}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jscan_decodes_strings),
		cmocka_unit_test(
		    test_jscan_refuses_bad_strings_with_their_place),
		cmocka_unit_test(
		    test_jscan_refuses_a_string_longer_than_the_buffer),
		cmocka_unit_test(test_jscan_reads_whole_numbers_in_range),
		cmocka_unit_test(
		    test_jscan_skips_values_and_refuses_malformed_ones),
		cmocka_unit_test(test_jscan_refuses_nesting_past_the_cap),
		cmocka_unit_test(
		    test_jscan_shape_skip_ends_where_the_strict_one_does),
		cmocka_unit_test(
		    test_jscan_word_searches_agree_with_a_byte_loop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
