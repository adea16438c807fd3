/*
 * Canonical JSON (RFC 8785, JSON Canonicalization Scheme) for everything
 * accord hashes or signs: sorted keys (by UTF-16 code units), no white
 * space, minimal escapes, UTF-8. Numbers are integers only (|n| < 2^53),
 * as DESIGN.md requires for anything hashed or signed.
 */
#ifndef ACC_CJSON_H
#define ACC_CJSON_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include <accord/buf.h>
#include <accord/err.h>

/*
 * Append the canonical form of v to out. ACC_EINVAL (naming `where`)
 * for a real number, an integer beyond 2^53 - 1, or invalid UTF-8.
 */
ACC_NODISCARD int acc_cjson_encode(acc_buf *out, const json_t *v,
    const char *where, acc_err *err);

/* Whether s[0..len) is valid UTF-8 (no overlongs, surrogates or > U+10FFFF);
 * *bad receives the offset of the first bad byte. */
bool acc_utf8_valid(const char *s, size_t len, size_t *bad);

/* Append one JSON string in canonical form (used for keys and values). */
ACC_NODISCARD int acc_cjson_string(acc_buf *out, const char *s, size_t len);
/* The same at p, which has room for 6 * len + 2 bytes; returns its end. */
char *acc_cjson_string_put(char *p, const char *s, size_t len);

/*
 * Whether text[0..len) is already canonical JSON as acc_cjson_encode
 * writes it (no white space, keys in UTF-16 order without repeats, the
 * minimal escapes, UTF-8 without NUL, integers below 2^53 without a fraction,
 * exponent, leading zero or "-0"), checked in place. *bad receives the
 * offset where it is not.
 */
bool acc_cjson_is_canonical(const char *text, size_t len, size_t *bad);
/* The length of the canonical value text begins with, 0 if none. */
size_t acc_cjson_canonical_value(const char *text, size_t len);

#endif
