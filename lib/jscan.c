/*
 * The strict in-place JSON scanner. Every byte is looked at once; nothing
 * is allocated. Grammar: RFC 8259, with UTF-8 checked as RFC 3629 does
 * (no overlong forms, surrogates or code points past U+10FFFF).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "jscan.h"

void
acc_jscan_init(acc_jscan *s, const char *text, size_t len, const char *name)
{
	s->base = text;
	s->p = text;
	s->end = text + len;
	s->name = name;
}

int
acc_jscan_fail(const acc_jscan *s, acc_err *err, const char *fmt, ...)
{
	char where[300], msg[300];
	const char *q, *line = s->base;
	size_t lineno = 1;
	va_list ap;

	for (q = s->base; q < s->p; q++)
		if (*q == '\n') {
			lineno++;
			line = q + 1;
		}
	snprintf(where, sizeof(where), "%s:%zu:%zu", s->name, lineno,
	    (size_t)(s->p - line) + 1);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return acc_err_set(err, ACC_EINVAL, where, "malformed JSON: %s", msg);
}

int
acc_jscan_peek_ws(acc_jscan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\n' ||
	    *s->p == '\r' || *s->p == '\t'))
		s->p++;
	return s->p < s->end ? (unsigned char)*s->p : 0;
}

int
acc_jscan_expect(acc_jscan *s, char c, const char *what, acc_err *err)
{
	if (acc_jscan_accept(s, c))
		return 0;
	if (s->p >= s->end)
		return acc_jscan_fail(s, err, "expected %s, got the end of "
		    "the text", what);
	return acc_jscan_fail(s, err, "expected %s, got '%c'", what,
	    *s->p >= 0x20 && *s->p < 0x7f ? *s->p : '?');
}

/* The length of the UTF-8 sequence at p (lead byte >= 0x80), 0 if bad. */
static size_t
utf8_seq(const unsigned char *p, const unsigned char *end)
{
	unsigned char c = p[0];
	size_t need, k;
	uint32_t cp;

	if (c >= 0xc2 && c <= 0xdf) {
		need = 1;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if ((size_t)(end - p) <= need)
		return 0;
	for (k = 1; k <= need; k++) {
		if ((p[k] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[k] & 0x3f);
	}
	if ((need == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (need == 3 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return need + 1;
}

static int
hex4(const char *p, uint32_t *out)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (uint32_t)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* Encode cp as UTF-8 into o (room for 4); returns the length. */
static size_t
utf8_put(char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | cp >> 12);
		o[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | cp >> 18);
	o[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	o[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * The string at s->p (after its opening quote has been checked), decoded
 * into out when out is not NULL. On return s->p is past the closing quote.
 */
static int
string_at(acc_jscan *s, char *out, size_t cap, size_t *len, acc_err *err)
{
	const unsigned char *p = (const unsigned char *)s->p + 1;
	const unsigned char *end = (const unsigned char *)s->end;
	size_t n = 0;

	for (;;) {
		const unsigned char *run = p;
		size_t k;
		/* the plain ASCII run */
		p = (const unsigned char *)acc_jscan_plain((const char *)p,
		    (const char *)end);
		k = (size_t)(p - run);
		if (out) {
			if (k >= cap - n)
				goto too_long;
			memcpy(out + n, run, k);
		}
		n += k;
		if (p >= end) {
			s->p = (const char *)p;
			return acc_jscan_fail(s, err, "unterminated string");
		}
		if (*p == '"')
			break;
		if (*p < 0x20) {
			s->p = (const char *)p;
			return acc_jscan_fail(s, err, "control character in a "
			    "string (escape it)");
		}
		if (*p >= 0x80) {
			k = utf8_seq(p, end);
			if (k == 0) {
				s->p = (const char *)p;
				return acc_jscan_fail(s, err, "invalid UTF-8");
			}
			if (out) {
				if (k >= cap - n)
					goto too_long;
				memcpy(out + n, p, k);
			}
			n += k;
			p += k;
			continue;
		}
		/* an escape */
		if (end - p < 2) {
			s->p = (const char *)p;
			return acc_jscan_fail(s, err, "unterminated string");
		}
		{
			char buf[4];
			uint32_t cp;
			size_t w = 1;
			switch (p[1]) {
			case '"': buf[0] = '"'; break;
			case '\\': buf[0] = '\\'; break;
			case '/': buf[0] = '/'; break;
			case 'b': buf[0] = '\b'; break;
			case 'f': buf[0] = '\f'; break;
			case 'n': buf[0] = '\n'; break;
			case 'r': buf[0] = '\r'; break;
			case 't': buf[0] = '\t'; break;
			case 'u':
				if (end - p < 6 || hex4((const char *)p + 2,
				    &cp) != 0) {
					s->p = (const char *)p;
					return acc_jscan_fail(s, err, "bad \\u "
					    "escape (four hex digits)");
				}
				if (cp >= 0xdc00 && cp <= 0xdfff) {
					s->p = (const char *)p;
					return acc_jscan_fail(s, err, "unpaired "
					    "surrogate in a \\u escape");
				}
				if (cp >= 0xd800 && cp <= 0xdbff) {
					uint32_t lo;
					if (end - p < 12 || p[6] != '\\' ||
					    p[7] != 'u' || hex4((const char *)
					    p + 8, &lo) != 0 || lo < 0xdc00 ||
					    lo > 0xdfff) {
						s->p = (const char *)p;
						return acc_jscan_fail(s, err,
						    "unpaired surrogate in a "
						    "\\u escape");
					}
					cp = 0x10000 + ((cp - 0xd800) << 10) +
					    (lo - 0xdc00);
					p += 6;
				}
				if (cp == 0) {
					s->p = (const char *)p;
					return acc_jscan_fail(s, err, "\\u0000 "
					    "in a string");
				}
				w = utf8_put(buf, cp);
				p += 4;
				break;
			default:
				s->p = (const char *)p;
				return acc_jscan_fail(s, err, "bad escape in a "
				    "string");
			}
			if (out) {
				if (w >= cap - n)
					goto too_long;
				memcpy(out + n, buf, w);
			}
			n += w;
			p += 2;
		}
	}
	if (out)
		out[n] = '\0';
	if (len)
		*len = n;
	s->p = (const char *)p + 1;
	return 0;
too_long:
	return acc_err_set(err, ACC_ELIMIT, s->name,
	    "a string longer than %zu bytes", cap - 1);
}

int
acc_jscan_string(acc_jscan *s, char *out, size_t cap, size_t *len,
    acc_err *err)
{
	if (acc_jscan_peek(s) != '"')
		return acc_jscan_expect(s, '"', "a string", err);
	return string_at(s, out, cap, len, err);
}

/* A number by RFC 8259's grammar; *whole when it has no fraction or
 * exponent. */
static int
number_at(acc_jscan *s, bool *whole, acc_err *err)
{
	const char *p = s->p, *end = s->end;

	*whole = true;
	if (p < end && *p == '-')
		p++;
	if (p < end && *p == '0')
		p++;
	else if (p < end && *p >= '1' && *p <= '9')
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	else {
		s->p = p;
		return acc_jscan_fail(s, err, "expected a digit");
	}
	if (p < end && *p == '.') {
		*whole = false;
		p++;
		if (p >= end || *p < '0' || *p > '9') {
			s->p = p;
			return acc_jscan_fail(s, err, "expected a digit after "
			    "'.'");
		}
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		*whole = false;
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p >= end || *p < '0' || *p > '9') {
			s->p = p;
			return acc_jscan_fail(s, err, "expected a digit in the "
			    "exponent");
		}
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	s->p = p;
	return 0;
}

int
acc_jscan_int(acc_jscan *s, int64_t *out, acc_err *err)
{
	const char *start;
	bool whole, neg;
	uint64_t v = 0;
	int c = acc_jscan_peek(s), rc;

	if (c != '-' && (c < '0' || c > '9'))
		return acc_jscan_expect(s, '0', "a whole number", err);
	start = s->p;
	rc = number_at(s, &whole, err);
	if (rc != 0)
		return rc;
	if (!whole) {
		s->p = start;
		return acc_jscan_fail(s, err, "expected a whole number");
	}
	neg = *start == '-';
	for (start += neg; start < s->p; start++) {
		uint64_t d = (uint64_t)(*start - '0');
		if (v > (UINT64_C(9223372036854775807) - d) / 10) {
			s->p = start;
			return acc_jscan_fail(s, err, "number out of range");
		}
		v = v * 10 + d;
	}
	*out = neg ? -(int64_t)v : (int64_t)v;
	return 0;
}

static int
literal(acc_jscan *s, const char *word, acc_err *err)
{
	size_t i, n = strlen(word);

	for (i = 0; i < n; i++)
		if (s->p + i >= s->end || s->p[i] != word[i])
			return acc_jscan_fail(s, err, "expected a value");
	s->p += n;
	return 0;
}

static int
skip_at(acc_jscan *s, int depth, acc_err *err)
{
	int c = acc_jscan_peek(s), rc;
	bool whole;

	switch (c) {
	case '"':
		return string_at(s, NULL, 0, NULL, err);
	case '{':
	case '[':
		if (depth >= ACC_JSCAN_DEPTH_MAX)
			return acc_jscan_fail(s, err, "nested deeper than %d",
			    ACC_JSCAN_DEPTH_MAX);
		s->p++;
		if (acc_jscan_accept(s, c == '{' ? '}' : ']'))
			return 0;
		for (;;) {
			if (c == '{') {
				if (acc_jscan_peek(s) != '"')
					return acc_jscan_expect(s, '"',
					    "a key", err);
				rc = string_at(s, NULL, 0, NULL, err);
				if (rc == 0)
					rc = acc_jscan_expect(s, ':', "':'",
					    err);
				if (rc != 0)
					return rc;
			}
			rc = skip_at(s, depth + 1, err);
			if (rc != 0)
				return rc;
			if (acc_jscan_accept(s, ','))
				continue;
			return c == '{' ? acc_jscan_expect(s, '}',
			    "',' or '}'", err) : acc_jscan_expect(s, ']',
			    "',' or ']'", err);
		}
	case 't':
		return literal(s, "true", err);
	case 'f':
		return literal(s, "false", err);
	case 'n':
		return literal(s, "null", err);
	default:
		if (s->p >= s->end)
			return acc_jscan_fail(s, err, "expected a value, got "
			    "the end of the text");
		if (c == '-' || (c >= '0' && c <= '9'))
			return number_at(s, &whole, err);
		return acc_jscan_fail(s, err, "expected a value");
	}
}

int
acc_jscan_skip(acc_jscan *s, acc_err *err)
{
	return skip_at(s, 0, err);
}

int
acc_jscan_skip_shape(acc_jscan *s, acc_err *err)
{
	const char *p = s->p, *end = s->end;
	char stack[ACC_JSCAN_DEPTH_MAX];
	int depth = 0;

	acc_jscan_peek(s);
	p = s->p;
	if (p < end && *p != '{' && *p != '[' && *p != '"') {
		/* a number or literal: up to the next delimiter */
		while (p < end && *p != ',' && *p != ']' && *p != '}' &&
		    *p != ' ' && *p != '\n' && *p != '\r' && *p != '\t')
			p++;
		s->p = p;
		return 0;
	}
	do {
		if (p >= end) {
			s->p = p;
			return acc_jscan_fail(s, err, "expected a value, got "
			    "the end of the text");
		}
		switch (*p) {
		case '"':
			/* the closing quote: one not escaped by an odd run
			 * of backslashes */
			for (p++;; p++) {
				const char *q = acc_jscan_quote(p, end), *b;
				if (q == end) {
					p = end;
					break;
				}
				for (b = q; b > p && b[-1] == '\\'; b--)
					;
				p = q;
				if ((q - b) % 2 == 0)
					break;
			}
			if (p >= end) {
				s->p = end;
				return acc_jscan_fail(s, err, "unterminated "
				    "string");
			}
			break;
		case '{':
		case '[':
			if (depth == ACC_JSCAN_DEPTH_MAX) {
				s->p = p;
				return acc_jscan_fail(s, err, "nested deeper "
				    "than %d", ACC_JSCAN_DEPTH_MAX);
			}
			stack[depth++] = *p == '{' ? '}' : ']';
			break;
		case '}':
		case ']':
			if (depth == 0 || stack[depth - 1] != *p) {
				s->p = p;
				return acc_jscan_fail(s, err, "unbalanced '%c'",
				    *p);
			}
			depth--;
			break;
		default:
			break;
		}
		p++;
	} while (depth > 0);
	s->p = p;
	return 0;
}

int
acc_jscan_end(acc_jscan *s, acc_err *err)
{
	acc_jscan_peek(s);
	if (s->p < s->end)
		return acc_jscan_fail(s, err, "unexpected text after the end "
		    "of the document");
	return 0;
}
