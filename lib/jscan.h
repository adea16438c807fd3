/*
 * A strict JSON scanner (RFC 8259) that reads a document in place, value
 * by value, without building a tree: for the item lists of declaration
 * packages, hundreds of megabytes that a tree would multiply several
 * times over. The caller walks the structure; the scanner checks every
 * token (white space, string escapes and UTF-8, number grammar, nesting)
 * and reports errors as "name:line:col: malformed JSON: ...".
 */
#ifndef ACC_JSCAN_H
#define ACC_JSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <accord/err.h>

#define ACC_JSCAN_DEPTH_MAX 64

typedef struct acc_jscan {
	const char *base;  /* the document, for line and column */
	const char *p;
	const char *end;
	const char *name;  /* the file, in messages */
} acc_jscan;

/* Scan text[0..len); name appears in messages. */
void acc_jscan_init(acc_jscan *s, const char *text, size_t len,
    const char *name);

/* Fail at the current position: ACC_EINVAL, "name:line:col". */
int acc_jscan_fail(const acc_jscan *s, acc_err *err, const char *fmt, ...)
    ACC_PRINTF(3, 4);

/* Skip white space; the next byte, or 0 at the end. */
int acc_jscan_peek(acc_jscan *s);
/* After white space: consume c and return true if it comes next. */
bool acc_jscan_accept(acc_jscan *s, char c);
/* After white space: consume c, or fail naming what was expected. */
ACC_NODISCARD int acc_jscan_expect(acc_jscan *s, char c, const char *what,
    acc_err *err);

/*
 * A string, decoded into out (cap bytes, NUL included): *len its length.
 * Refuses invalid UTF-8, bad escapes, unpaired surrogates, raw control
 * characters and \u0000 (never valid in accord's text), and strings
 * longer than cap - 1 (ACC_ELIMIT).
 */
ACC_NODISCARD int acc_jscan_string(acc_jscan *s, char *out, size_t cap,
    size_t *len, acc_err *err);

/* A whole number -?(0|[1-9][0-9]*) that fits int64_t; no fraction or
 * exponent. */
ACC_NODISCARD int acc_jscan_int(acc_jscan *s, int64_t *out, acc_err *err);

/* Skip one value of any kind, checking it entirely. */
ACC_NODISCARD int acc_jscan_skip(acc_jscan *s, acc_err *err);

/*
 * Skip one value checking only its shape: brackets that balance and
 * strings that end, nothing inside strings or between tokens. For a
 * region that is read strictly afterwards (a declaration's item list,
 * scanned first only to count its entries); ACC_EINVAL where the shape
 * breaks.
 */
ACC_NODISCARD int acc_jscan_skip_shape(acc_jscan *s, acc_err *err);

/* After the last value: only white space may remain. */
ACC_NODISCARD int acc_jscan_end(acc_jscan *s, acc_err *err);

#endif
