/*
 * Shared by the unit tests: the cmocka includes in the order cmocka
 * needs, and assertions on acc_err that print what was found.
 */
#ifndef ACC_TEST_UNIT_H
#define ACC_TEST_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <accord/err.h>

/* s contains frag. */
#define assert_contains(s, frag)                                           \
	do {                                                               \
		const char *s_ = (s);                                      \
		const char *f_ = (frag);                                   \
		if (strstr(s_, f_) == NULL)                                \
			fail_msg("\"%s\" does not contain \"%s\"", s_, f_); \
	} while (0)

/* s does not contain frag. */
#define assert_not_contains(s, frag)                                       \
	do {                                                               \
		const char *s_ = (s);                                      \
		const char *f_ = (frag);                                   \
		if (strstr(s_, f_) != NULL)                                \
			fail_msg("\"%s\" contains \"%s\"", s_, f_);        \
	} while (0)

/* s starts with prefix. */
#define assert_prefix(s, prefix)                                           \
	do {                                                               \
		const char *s_ = (s);                                      \
		const char *p_ = (prefix);                                 \
		if (strncmp(s_, p_, strlen(p_)) != 0)                      \
			fail_msg("\"%s\" does not start with \"%s\"", s_,  \
			    p_);                                           \
	} while (0)

/*
 * err holds code, exactly `where`, and a message containing frag. Prints
 * the whole error when any part differs.
 */
#define assert_err(e, want_code, want_where, frag)                         \
	do {                                                               \
		const acc_err *e_ = &(e);                                  \
		if (e_->code != (want_code) ||                             \
		    strcmp(e_->where, (want_where)) != 0 ||                \
		    strstr(e_->msg, (frag)) == NULL)                       \
			fail_msg("expected %d \"%s\" \"...%s...\", got "   \
			    "%d \"%s\" \"%s\"", (int)(want_code),          \
			    (want_where), (frag), (int)e_->code,           \
			    e_->where, e_->msg);                           \
	} while (0)

/* err is still clear. */
#define assert_no_err(e)                                                   \
	do {                                                               \
		const acc_err *e_ = &(e);                                  \
		if (e_->code != ACC_OK)                                    \
			fail_msg("unexpected error %d \"%s\": %s",         \
			    (int)e_->code, e_->where, e_->msg);            \
	} while (0)

/* Byte equality for tests (memcmp is banned from the tree). */
static inline bool
bytes_equal(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	size_t i;

	for (i = 0; i < n; i++)
		if (x[i] != y[i])
			return false;
	return true;
}

/* n bytes from 2n hex digits of test data. */
static inline void
unhex(uint8_t *out, size_t n, const char *hex)
{
	size_t i;

	assert_int_equal(strlen(hex), 2 * n);
	for (i = 0; i < n; i++) {
		unsigned v;
		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			fail_msg("bad hex in test data: %s", hex);
		out[i] = (uint8_t)v;
	}
}

#endif
