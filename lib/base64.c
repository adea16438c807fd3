/*
 * Standard base64 (RFC 4648 section 4), decoded strictly: exactly one
 * encoding is accepted for each byte string, so that what is hashed and
 * signed has one form.
 */
#include <string.h>

#include <accord/crypto.h>

static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t
acc_base64_len(size_t len)
{
	return (len + 2) / 3 * 4;
}

void
acc_base64_encode(char *out, const uint8_t *d, size_t len)
{
	size_t i, o = 0;

	for (i = 0; i + 2 < len; i += 3) {
		uint32_t v = (uint32_t)d[i] << 16 | (uint32_t)d[i + 1] << 8 |
		    d[i + 2];
		out[o++] = alphabet[v >> 18];
		out[o++] = alphabet[(v >> 12) & 63];
		out[o++] = alphabet[(v >> 6) & 63];
		out[o++] = alphabet[v & 63];
	}
	if (len - i == 1) {
		uint32_t v = (uint32_t)d[i] << 16;
		out[o++] = alphabet[v >> 18];
		out[o++] = alphabet[(v >> 12) & 63];
		out[o++] = '=';
		out[o++] = '=';
	} else if (len - i == 2) {
		uint32_t v = (uint32_t)d[i] << 16 | (uint32_t)d[i + 1] << 8;
		out[o++] = alphabet[v >> 18];
		out[o++] = alphabet[(v >> 12) & 63];
		out[o++] = alphabet[(v >> 6) & 63];
		out[o++] = '=';
	}
	out[o] = '\0';
}

/* The value of each byte as a base64 digit, -1 where it is none. */
static const signed char digit[256] = {
#define R16 -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1
	R16, R16,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 62, -1, -1, -1, 63,
	52, 53, 54, 55, 56, 57, 58, 59, 60, 61, -1, -1, -1, -1, -1, -1,
	-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
	15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, -1, -1, -1, -1, -1,
	-1, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
	41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, -1, -1, -1, -1, -1,
	R16, R16, R16, R16, R16, R16, R16, R16
#undef R16
};

static int
val(char c)
{
	return digit[(unsigned char)c];
}

int
acc_base64_decode(uint8_t *out, size_t out_max, size_t *out_len,
    const char *s, size_t len, const char *where, acc_err *err)
{
	size_t i, o = 0, pad = 0;

	*out_len = 0;
	if (len % 4 != 0)
		return acc_err_set(err, ACC_EINVAL, where,
		    "expected base64 in groups of 4 characters, got %zu", len);
	if (len >= 1 && s[len - 1] == '=')
		pad++;
	if (len >= 2 && s[len - 2] == '=')
		pad++;
	if (len / 4 * 3 - pad > out_max)
		return acc_err_set(err, ACC_EINVAL, where,
		    "expected at most %zu bytes of base64, got %zu", out_max,
		    len / 4 * 3 - pad);
	/* the groups before the last, which hold no padding */
	for (i = 0; i + 4 < len; i += 4) {
		int a = val(s[i]), b = val(s[i + 1]), c = val(s[i + 2]);
		int d = val(s[i + 3]);
		if ((a | b | c | d) < 0)
			return acc_err_set(err, ACC_EINVAL, where,
			    "invalid base64 character near offset %zu", i);
		out[o++] = (uint8_t)(a << 2 | b >> 4);
		out[o++] = (uint8_t)((b & 15) << 4 | c >> 2);
		out[o++] = (uint8_t)((c & 3) << 6 | d);
	}
	for (; i < len; i += 4) {
		int a = val(s[i]), b = val(s[i + 1]);
		int c = s[i + 2] == '=' ? -2 : val(s[i + 2]);
		int d = s[i + 3] == '=' ? -2 : val(s[i + 3]);
		bool last = i + 4 == len;
		if (a < 0 || b < 0 || c == -1 || d == -1 ||
		    (!last && (c < 0 || d < 0)) || (c == -2 && d != -2))
			return acc_err_set(err, ACC_EINVAL, where,
			    "invalid base64 character near offset %zu", i);
		out[o++] = (uint8_t)(a << 2 | b >> 4);
		if (c == -2) {
			if (b & 15)
				goto noncanon;
			break;
		}
		out[o++] = (uint8_t)((b & 15) << 4 | c >> 2);
		if (d == -2) {
			if (c & 3)
				goto noncanon;
			break;
		}
		out[o++] = (uint8_t)((c & 3) << 6 | d);
	}
	*out_len = o;
	return 0;
noncanon:
	return acc_err_set(err, ACC_EINVAL, where,
	    "non-canonical base64 (non-zero padding bits)");
}
