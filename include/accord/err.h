/*
 * accord error reporting: a return code the caller can act on, and a
 * caller-provided error struct naming where the problem is and what was
 * expected.
 */
#ifndef ACCORD_ERR_H
#define ACCORD_ERR_H

#include <stddef.h>

#if defined(__GNUC__) || defined(__clang__)
#define ACC_NODISCARD __attribute__((warn_unused_result))
#define ACC_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define ACC_NODISCARD
#define ACC_PRINTF(a, b)
#endif

typedef enum acc_code {
	ACC_OK = 0,
	ACC_ERR = -1,       /* unexpected: I/O, memory, a dependency failed */
	ACC_EINVAL = -2,    /* malformed input: file, field, request, option */
	ACC_ENOTFOUND = -3, /* a named thing does not exist */
	ACC_EEXISTS = -4,   /* a thing to be created exists already */
	ACC_ELIMIT = -5,    /* larger or deeper than lib/limits.h allows */
	ACC_EVERIFY = -6,   /* a signature, proof or consistency check failed */
	ACC_ECONFLICT = -7, /* would fork or rewrite history */
} acc_code;

typedef struct acc_err {
	acc_code code;
	char where[256]; /* "treaty.yaml:14:7", "US.csv:12: warheads" */
	char msg[512];   /* "expected a non-negative integer, got \"-3\"" */
} acc_err;

#define ACC_ERR_INIT { ACC_OK, { 0 }, { 0 } }

/*
 * Fill err (if not NULL) with code, where and a printf-style message, and
 * return code. The first failure wins: a filled err is not overwritten.
 */
int acc_err_set(acc_err *err, acc_code code, const char *where,
    const char *fmt, ...) ACC_PRINTF(4, 5);

/* Clear err to ACC_OK with empty where and message. */
void acc_err_clear(acc_err *err);

/* A short name for a code: "invalid input", "not found", ... Never NULL. */
const char *acc_code_name(int code);

/*
 * Quote untrusted bytes for a message: at most 64 bytes, non-printable
 * ones as \xNN, the result always NUL-terminated within out_len.
 */
void acc_quote(char *out, size_t out_len, const char *s, size_t len);

#endif
