/*
 * The error struct and its helpers. Nothing here prints: the CLI decides
 * how an error reaches the user.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <accord/err.h>

int
acc_err_set(acc_err *err, acc_code code, const char *where, const char *fmt,
    ...)
{
	va_list ap;

	if (err == NULL || err->code != ACC_OK)
		return code;
	err->code = code;
	snprintf(err->where, sizeof(err->where), "%s", where ? where : "");
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

void
acc_err_clear(acc_err *err)
{
	if (err == NULL)
		return;
	err->code = ACC_OK;
	err->where[0] = '\0';
	err->msg[0] = '\0';
}

const char *
acc_code_name(int code)
{
	switch (code) {
	case ACC_OK:
		return "ok";
	case ACC_EINVAL:
		return "invalid input";
	case ACC_ENOTFOUND:
		return "not found";
	case ACC_EEXISTS:
		return "already exists";
	case ACC_ELIMIT:
		return "over a size limit";
	case ACC_EVERIFY:
		return "verification failed";
	case ACC_ECONFLICT:
		return "conflict";
	default:
		return "error";
	}
}

void
acc_quote(char *out, size_t out_len, const char *s, size_t len)
{
	size_t o = 0;
	size_t i;

	if (out_len == 0)
		return;
	for (i = 0; i < len && i < 64; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			if (o + 1 >= out_len)
				break;
			out[o++] = (char)c;
		} else {
			if (o + 4 >= out_len)
				break;
			snprintf(out + o, out_len - o, "\\x%02x", c);
			o += 4;
		}
	}
	if (i < len && o + 3 < out_len) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}
