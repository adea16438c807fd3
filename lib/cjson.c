/*
 * RFC 8785 serialisation of jansson values. Owns only the byte form;
 * what is serialised is decided by the callers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cjson.h"

#define MAX_SAFE_INT 9007199254740991LL /* 2^53 - 1, RFC 8785 3.2.2.3 */

bool
acc_utf8_valid(const char *str, size_t n, size_t *bad)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t k, need;
		uint32_t cp;
		if (c < 0x80) {
			i++;
			continue;
		}
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
			goto fail;
		}
		for (k = 1; k <= need; k++) {
			if (i + k >= n || (s[i + k] & 0xc0) != 0x80)
				goto fail;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((need == 2 && (cp < 0x800 || (cp >= 0xd800 &&
		    cp <= 0xdfff))) || (need == 3 && (cp < 0x10000 ||
		    cp > 0x10ffff)))
			goto fail;
		i += need + 1;
	}
	return true;
fail:
	if (bad)
		*bad = i;
	return false;
}

char *
acc_cjson_string_put(char *p, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	*p++ = '"';
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\') {
			*p++ = (char)c;
			continue;
		}
		/* RFC 8785 3.2.2.2: escape only '"', '\\' and controls */
		*p++ = '\\';
		switch (c) {
		case '"':
		case '\\':
			*p++ = (char)c;
			break;
		case '\b':
			*p++ = 'b';
			break;
		case '\f':
			*p++ = 'f';
			break;
		case '\n':
			*p++ = 'n';
			break;
		case '\r':
			*p++ = 'r';
			break;
		case '\t':
			*p++ = 't';
			break;
		default:
			*p++ = 'u';
			*p++ = '0';
			*p++ = '0';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
		}
	}
	*p++ = '"';
	return p;
}

int
acc_cjson_string(acc_buf *out, const char *s, size_t len)
{
	size_t i, need = 2;
	char *p;

	/* room for the worst case, or else for exactly what s needs */
	if (len > ((size_t)-1 - 2) / 6 ||
	    acc_buf_reserve(out, 6 * len + 2) != 0) {
		for (i = 0; i < len; i++) {
			unsigned char c = (unsigned char)s[i];
			need += c >= 0x20 && c != '"' && c != '\\' ? 1 :
			    c == '"' || c == '\\' || c == '\b' || c == '\f' ||
			    c == '\n' || c == '\r' || c == '\t' ? 2 : 6;
		}
		if (acc_buf_reserve(out, need) != 0)
			return ACC_ELIMIT;
	}
	p = acc_cjson_string_put(out->data + out->len, s, len);
	*p = '\0';
	out->len = (size_t)(p - out->data);
	return 0;
}

/* Next code point of valid UTF-8 (jansson guarantees validity). */
static uint32_t
utf8_next(const unsigned char **p, const unsigned char *end)
{
	const unsigned char *s = *p;
	uint32_t c = *s;

	if (c < 0x80) {
		*p = s + 1;
		return c;
	}
	if (c < 0xe0 && s + 1 < end) {
		*p = s + 2;
		return (c & 0x1f) << 6 | (s[1] & 0x3f);
	}
	if (c < 0xf0 && s + 2 < end) {
		*p = s + 3;
		return (c & 0x0f) << 12 | (uint32_t)(s[1] & 0x3f) << 6 |
		    (s[2] & 0x3f);
	}
	if (s + 3 < end) {
		*p = s + 4;
		return (c & 0x07) << 18 | (uint32_t)(s[1] & 0x3f) << 12 |
		    (uint32_t)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
	}
	*p = end;
	return 0xfffd;
}

/* Compare two UTF-8 strings by their UTF-16 code units (RFC 8785 3.2.3). */
static int
utf16_cmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;
	const unsigned char *pe = p + strlen(a), *qe = q + strlen(b);
	uint16_t pu[2], qu[2];
	int pn = 0, qn = 0, pi = 0, qi = 0;

	for (;;) {
		if (pi == pn) {
			uint32_t c;
			if (p >= pe)
				break;
			c = utf8_next(&p, pe);
			pi = 0;
			if (c >= 0x10000) {
				c -= 0x10000;
				pu[0] = (uint16_t)(0xd800 + (c >> 10));
				pu[1] = (uint16_t)(0xdc00 + (c & 0x3ff));
				pn = 2;
			} else {
				pu[0] = (uint16_t)c;
				pn = 1;
			}
		}
		if (qi == qn) {
			uint32_t c;
			if (q >= qe)
				return 1;
			c = utf8_next(&q, qe);
			qi = 0;
			if (c >= 0x10000) {
				c -= 0x10000;
				qu[0] = (uint16_t)(0xd800 + (c >> 10));
				qu[1] = (uint16_t)(0xdc00 + (c & 0x3ff));
				qn = 2;
			} else {
				qu[0] = (uint16_t)c;
				qn = 1;
			}
		}
		if (pu[pi] != qu[qi])
			return pu[pi] < qu[qi] ? -1 : 1;
		pi++;
		qi++;
	}
	return (qi == qn && q >= qe) ? 0 : -1;
}

static int
key_cmp(const void *a, const void *b)
{
	return utf16_cmp(*(const char *const *)a, *(const char *const *)b);
}

int
acc_cjson_encode(acc_buf *out, const json_t *v, const char *where,
    acc_err *err)
{
	size_t i, n;
	int rc = 0;

	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		const char **keys;
		const char *k;
		json_t *x;
		n = json_object_size(v);
		keys = malloc((n ? n : 1) * sizeof(*keys));
		if (keys == NULL)
			return acc_err_set(err, ACC_ERR, where,
			    "out of memory");
		i = 0;
		json_object_foreach((json_t *)v, k, x) {
			if (!acc_utf8_valid(k, strlen(k), NULL)) {
				free(keys);
				return acc_err_set(err, ACC_EINVAL, where,
				    "a key is not valid UTF-8");
			}
			keys[i++] = k;
		}
		qsort(keys, n, sizeof(*keys), key_cmp);
		rc = acc_buf_append(out, "{", 1);
		for (i = 0; rc == 0 && i < n; i++) {
			if (i)
				rc = acc_buf_append(out, ",", 1);
			if (rc == 0)
				rc = acc_cjson_string(out, keys[i],
				    strlen(keys[i]));
			if (rc == 0)
				rc = acc_buf_append(out, ":", 1);
			if (rc == 0)
				rc = acc_cjson_encode(out,
				    json_object_get(v, keys[i]), where, err);
		}
		free(keys);
		if (rc == 0)
			rc = acc_buf_append(out, "}", 1);
		break;
	}
	case JSON_ARRAY:
		n = json_array_size(v);
		rc = acc_buf_append(out, "[", 1);
		for (i = 0; rc == 0 && i < n; i++) {
			if (i)
				rc = acc_buf_append(out, ",", 1);
			if (rc == 0)
				rc = acc_cjson_encode(out, json_array_get(v, i),
				    where, err);
		}
		if (rc == 0)
			rc = acc_buf_append(out, "]", 1);
		break;
	case JSON_STRING:
		if (!acc_utf8_valid(json_string_value(v),
		    json_string_length(v), NULL))
			return acc_err_set(err, ACC_EINVAL, where,
			    "a string is not valid UTF-8");
		rc = acc_cjson_string(out, json_string_value(v),
		    json_string_length(v));
		break;
	case JSON_INTEGER: {
		json_int_t x = json_integer_value(v);
		if (x > MAX_SAFE_INT || x < -MAX_SAFE_INT)
			return acc_err_set(err, ACC_EINVAL, where,
			    "integer %lld is beyond 2^53-1, which canonical "
			    "JSON cannot represent exactly", (long long)x);
		rc = acc_buf_printf(out, "%lld", (long long)x);
		break;
	}
	case JSON_REAL:
		return acc_err_set(err, ACC_EINVAL, where,
		    "expected an integer, got a number with a fraction or "
		    "exponent");
	case JSON_TRUE:
		rc = acc_buf_append(out, "true", 4);
		break;
	case JSON_FALSE:
		rc = acc_buf_append(out, "false", 5);
		break;
	case JSON_NULL:
		rc = acc_buf_append(out, "null", 4);
		break;
	}
	if (rc != 0 && (err == NULL || err->code == ACC_OK))
		return acc_err_set(err, rc, where,
		    "canonical JSON larger than the limit");
	return rc;
}

/* ---- canonical form, checked in place ------------------------------- */

struct ccheck {
	const unsigned char *p, *end;
	int depth;
};

/* The string at c->p (at its quote): canonical escapes, UTF-8. Sets
 * *s, *n to its raw content. */
static bool
cstring(struct ccheck *c, const unsigned char **s, size_t *n)
{
	const unsigned char *p = c->p + 1;

	*s = p;
	while (p < c->end && *p != '"') {
		if (*p < 0x20)
			return false;
		if (*p == '\\') {
			if (p + 1 >= c->end)
				return false;
			switch (p[1]) {
			case '"': case '\\': case 'b': case 'f': case 'n':
			case 'r': case 't':
				p += 2;
				continue;
			case 'u': {
				/* only \u00XX (lowercase) for other controls */
				static const char hex[] = "0123456789abcdef";
				unsigned v;
				if (c->end - p < 6 || p[2] != '0' || p[3] != '0' ||
				    !strchr(hex, p[4]) || !strchr(hex, p[5]) ||
				    !p[4] || !p[5])
					return false;
				v = (unsigned)((strchr(hex, p[4]) - hex) * 16 +
				    (strchr(hex, p[5]) - hex));
				/* NUL is refused: accord's text never holds it */
				if (v == 0 || v >= 0x20 || v == '\b' || v == '\f' ||
				    v == '\n' || v == '\r' || v == '\t')
					return false;
				p += 6;
				continue;
			}
			default:
				return false;
			}
		}
		if (*p >= 0x80) {
			size_t bad;
			size_t k = *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : 2;
			if ((size_t)(c->end - p) < k ||
			    !acc_utf8_valid((const char *)p, k, &bad))
				return false;
			p += k;
			continue;
		}
		p++;
	}
	if (p >= c->end)
		return false;
	*n = (size_t)(p - *s);
	c->p = p + 1;
	return true;
}

/* Next code point of a raw canonical string as UTF-16 units. */
static size_t
utf16_units(const unsigned char **p, const unsigned char *end,
    uint16_t out[2])
{
	const unsigned char *s = *p;
	uint32_t cp;

	if (*s == '\\') {
		switch (s[1]) {
		case 'b': cp = '\b'; break;
		case 'f': cp = '\f'; break;
		case 'n': cp = '\n'; break;
		case 'r': cp = '\r'; break;
		case 't': cp = '\t'; break;
		case 'u':
			cp = (uint32_t)strtoul((const char[]){ (char)s[4],
			    (char)s[5], 0 }, NULL, 16);
			*p = s + 6;
			out[0] = (uint16_t)cp;
			return 1;
		default: cp = s[1]; break;
		}
		*p = s + 2;
	} else if (*s < 0x80) {
		cp = *s;
		*p = s + 1;
	} else if (*s < 0xe0) {
		cp = (uint32_t)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
		*p = s + 2;
	} else if (*s < 0xf0) {
		cp = (uint32_t)(s[0] & 0x0f) << 12 |
		    (uint32_t)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
		*p = s + 3;
	} else {
		cp = (uint32_t)(s[0] & 0x07) << 18 |
		    (uint32_t)(s[1] & 0x3f) << 12 |
		    (uint32_t)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
		*p = s + 4;
	}
	(void)end;
	if (cp >= 0x10000) {
		cp -= 0x10000;
		out[0] = (uint16_t)(0xd800 + (cp >> 10));
		out[1] = (uint16_t)(0xdc00 + (cp & 0x3ff));
		return 2;
	}
	out[0] = (uint16_t)cp;
	return 1;
}

/* Order of two raw canonical strings by UTF-16 code units. */
static int
raw_utf16_cmp(const unsigned char *a, size_t na, const unsigned char *b,
    size_t nb)
{
	const unsigned char *ea = a + na, *eb = b + nb;
	uint16_t ua[2], ub[2];
	size_t ka = 0, kb = 0, ia = 0, ib = 0;

	for (;;) {
		if (ia == ka) {
			if (a >= ea)
				break;
			ka = utf16_units(&a, ea, ua);
			ia = 0;
		}
		if (ib == kb) {
			if (b >= eb)
				return 1;
			kb = utf16_units(&b, eb, ub);
			ib = 0;
		}
		if (ua[ia] != ub[ib])
			return ua[ia] < ub[ib] ? -1 : 1;
		ia++;
		ib++;
	}
	return (ib == kb && b >= eb) ? 0 : -1;
}

static bool
cvalue(struct ccheck *c)
{
	const unsigned char *s;
	size_t n;

	if (c->p >= c->end)
		return false;
	switch (*c->p) {
	case '"':
		return cstring(c, &s, &n);
	case '{': {
		const unsigned char *prev = NULL;
		size_t prev_n = 0;
		if (++c->depth > 64)
			return false;
		c->p++;
		if (c->p < c->end && *c->p == '}') {
			c->p++;
			c->depth--;
			return true;
		}
		for (;;) {
			if (c->p >= c->end || *c->p != '"' ||
			    !cstring(c, &s, &n))
				return false;
			if (prev && raw_utf16_cmp(prev, prev_n, s, n) >= 0)
				return false;
			prev = s;
			prev_n = n;
			if (c->p >= c->end || *c->p++ != ':' || !cvalue(c))
				return false;
			if (c->p < c->end && *c->p == ',') {
				c->p++;
				continue;
			}
			if (c->p >= c->end || *c->p++ != '}')
				return false;
			c->depth--;
			return true;
		}
	}
	case '[':
		if (++c->depth > 64)
			return false;
		c->p++;
		if (c->p < c->end && *c->p == ']') {
			c->p++;
			c->depth--;
			return true;
		}
		for (;;) {
			if (!cvalue(c))
				return false;
			if (c->p < c->end && *c->p == ',') {
				c->p++;
				continue;
			}
			if (c->p >= c->end || *c->p++ != ']')
				return false;
			c->depth--;
			return true;
		}
	case 't':
		if (c->end - c->p < 4 || strncmp((const char *)c->p, "true",
		    4) != 0)
			return false;
		c->p += 4;
		return true;
	case 'f':
		if (c->end - c->p < 5 || strncmp((const char *)c->p, "false",
		    5) != 0)
			return false;
		c->p += 5;
		return true;
	case 'n':
		if (c->end - c->p < 4 || strncmp((const char *)c->p, "null",
		    4) != 0)
			return false;
		c->p += 4;
		return true;
	default: {
		const unsigned char *d = c->p;
		uint64_t v = 0;
		bool neg = *d == '-';
		if (neg)
			d++;
		if (d >= c->end || *d < '0' || *d > '9')
			return false;
		if (*d == '0') {
			d++;
			if (neg)
				return false; /* "-0" */
		} else {
			while (d < c->end && *d >= '0' && *d <= '9') {
				v = v * 10 + (uint64_t)(*d++ - '0');
				if (v >= (UINT64_C(1) << 53))
					return false;
			}
		}
		if (d < c->end && (*d == '.' || *d == 'e' || *d == 'E' ||
		    (*d >= '0' && *d <= '9')))
			return false;
		c->p = d;
		return true;
	}
	}
}

size_t
acc_cjson_canonical_value(const char *text, size_t len)
{
	struct ccheck c = { (const unsigned char *)text,
		(const unsigned char *)text + len, 0 };

	return cvalue(&c) ? (size_t)(c.p - (const unsigned char *)text) : 0;
}

bool
acc_cjson_is_canonical(const char *text, size_t len, size_t *bad)
{
	struct ccheck c = { (const unsigned char *)text,
		(const unsigned char *)text + len, 0 };
	bool ok = cvalue(&c) && c.p == c.end;

	if (!ok && bad)
		*bad = (size_t)(c.p - (const unsigned char *)text);
	return ok;
}
