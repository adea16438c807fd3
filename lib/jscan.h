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
#include <string.h>

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

/*
 * Eight bytes at a time (SWAR): the bits 0x80 of the bytes of
 * acc_jscan_mask_*()'s result mark the bytes sought. The lowest mark is
 * exact (higher ones may be false, from a borrow), so on a little-endian
 * machine its position is that of the first byte sought; elsewhere a
 * byte loop finds it within the word.
 */
#define ACC_JSCAN_ONES UINT64_C(0x0101010101010101)
#define ACC_JSCAN_HIGHS UINT64_C(0x8080808080808080)

static inline uint64_t
acc_jscan_load8(const char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Bytes equal to c. */
static inline uint64_t
acc_jscan_mask_eq(uint64_t v, unsigned char c)
{
	uint64_t x = v ^ (ACC_JSCAN_ONES * c);

	return (x - ACC_JSCAN_ONES) & ~x & ACC_JSCAN_HIGHS;
}

/* Bytes a string cannot hold as they are: '"', '\\', a control
 * character, or one of a UTF-8 sequence (0x80 and above). */
static inline uint64_t
acc_jscan_mask_special(uint64_t v)
{
	return (v | ((v - ACC_JSCAN_ONES * 0x20) & ~v) |
	    acc_jscan_mask_eq(v, '"') | acc_jscan_mask_eq(v, '\\')) &
	    ACC_JSCAN_HIGHS;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ACC_JSCAN_FIRST(m) ((size_t)__builtin_ctzll(m) / 8)
#else
#define ACC_JSCAN_FIRST(m) ((size_t)0)
#endif

/*
 * The end of the run from p of bytes a string holds as they are:
 * printable ASCII (0x20 to 0x7f) other than '"' and '\\'.
 */
static inline const char *
acc_jscan_plain(const char *p, const char *end)
{
	while (end - p >= 8) {
		uint64_t m = acc_jscan_mask_special(acc_jscan_load8(p));
		if (m != 0) {
			p += ACC_JSCAN_FIRST(m);
			break;
		}
		p += 8;
	}
	while (p < end && (unsigned char)*p >= 0x20 &&
	    (unsigned char)*p < 0x80 && *p != '"' && *p != '\\')
		p++;
	return p;
}

/* The first '"' from p, or end. */
static inline const char *
acc_jscan_quote(const char *p, const char *end)
{
	while (end - p >= 8) {
		uint64_t m = acc_jscan_mask_eq(acc_jscan_load8(p), '"');
		if (m != 0) {
			p += ACC_JSCAN_FIRST(m);
			break;
		}
		p += 8;
	}
	while (p < end && *p != '"')
		p++;
	return p;
}

/* Fail at the current position: ACC_EINVAL, "name:line:col". */
int acc_jscan_fail(const acc_jscan *s, acc_err *err, const char *fmt, ...)
    ACC_PRINTF(3, 4);

/* The white space at s->p skipped; the next byte, or 0 at the end. */
int acc_jscan_peek_ws(acc_jscan *s);

/* Skip white space; the next byte, or 0 at the end. Inline: a
 * declaration's entries call it a few dozen times each, and white space
 * (every byte of which is at most ' ') seldom comes. */
static inline int
acc_jscan_peek(acc_jscan *s)
{
	if (s->p < s->end && (unsigned char)*s->p > ' ')
		return (unsigned char)*s->p;
	return acc_jscan_peek_ws(s);
}

/* After white space: consume c and return true if it comes next. */
static inline bool
acc_jscan_accept(acc_jscan *s, char c)
{
	if (acc_jscan_peek(s) == (unsigned char)c) {
		s->p++;
		return true;
	}
	return false;
}
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
