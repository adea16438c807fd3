/*
 * The two readers of a disclosed entry (lib/dentry.c). The seeds of
 * fuzz/corpus/dentry/ are the cases: the fast reader reads exactly those
 * named canonical-*, and declines every other (white space, members out
 * of order, an escape, non-ASCII text, an empty optional member, "-0",
 * a long number, non-canonical base64, no separator after the entry, an
 * unknown member), leaving the scanner where it was; the general reader
 * reads each declined entry or names what is wrong. The fuzz harness
 * (fuzz/fuzz_dentry.c, replayed over the same seeds) checks that both
 * read an accepted entry alike.
 */
#include <dirent.h>
#include <stdlib.h>

#include "unit.h"

#include <accord/buf.h>

#include "dentry.h"

static acc_dentry e;

static void
test_dentry_reads_fast_exactly_the_canonical_seeds(void **state)
{
	const char *src = getenv("ACC_SRC");
	char dir[4096];
	struct dirent *de;
	size_t seen = 0, fast_seen = 0;
	DIR *dp;

	(void)state;
	assert_non_null(src);
	snprintf(dir, sizeof(dir), "%s/fuzz/corpus/dentry", src);
	dp = opendir(dir);
	assert_non_null(dp);
	while ((de = readdir(dp)) != NULL) {
		acc_buf b = ACC_BUF_INIT(1u << 20);
		acc_err err = ACC_ERR_INIT;
		char path[8192];
		const char *item;
		size_t item_len;
		acc_jscan s;
		bool want, got;
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		assert_int_equal(acc_file_read(&b, path, &err), 0);
		want = strncmp(de->d_name, "canonical-", 10) == 0;
		acc_jscan_init(&s, b.data, b.len, de->d_name);
		got = acc_dentry_fast(&s, &e, &item, &item_len);
		if (got != want)
			fail_msg("%s: read fast %s", de->d_name,
			    got ? "yes" : "no");
		if (got) {
			/* the item is the text after {"item": */
			assert_ptr_equal(item, b.data + 8);
			assert_int_equal(b.data[8 + item_len], ',');
			assert_ptr_equal(s.p, b.data + b.len);
		} else {
			assert_ptr_equal(s.p, b.data);
		}
		seen++;
		fast_seen += got;
		acc_buf_dispose(&b);
	}
	closedir(dp);
	assert_true(fast_seen >= 3 && seen > fast_seen + 10);
}

/* The general reader names the member of the entry at fault. */
static void
test_dentry_general_reader_names_the_entry(void **state)
{
	static const char text[] = "{\"item\":{\"facility\":\"F\","
	    "\"facility_kind\":\"icbm_base\",\"status\":\"deployed\","
	    "\"type\":\"icbm\",\"uid\":\"M1\"},\"salt\":\"AAAA\"},";
	acc_err err = ACC_ERR_INIT;
	acc_jscan s;

	(void)state;
	acc_jscan_init(&s, text, sizeof(text) - 1, "p.json");
	assert_int_equal(acc_dentry_read(&s, &e, 41, "p.json", &err),
	    ACC_EINVAL);
	assert_err(err, ACC_EINVAL, "p.json disclosed[41].salt",
	    "expected 32 bytes");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_dentry_reads_fast_exactly_the_canonical_seeds),
		cmocka_unit_test(test_dentry_general_reader_names_the_entry),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
