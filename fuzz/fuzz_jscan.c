/*
 * The in-place JSON scanner (lib/jscan.c) on untrusted bytes, checked
 * three ways on every input:
 *   - a value the strict skip accepts is also accepted by the shape skip,
 *     which ends at the same byte;
 *   - jansson accepts the same value (apart from numbers beyond its
 *     integer and real range, which the scanner's grammar allows);
 *   - a string the scanner decodes is valid UTF-8 without NUL, and is
 *     never longer than its text.
 * A refusal must carry a place and a reason.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "cjson.h"
#include "fuzz.h"
#include "jscan.h"

#define INPUT_MAX (1u << 16)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	acc_jscan a, b;
	acc_err err = ACC_ERR_INIT;
	char out[INPUT_MAX + 1];
	size_t len;
	int rc;

	if (size > INPUT_MAX)
		return 0;
	acc_jscan_init(&a, text, size, "fuzz.json");
	rc = acc_jscan_skip(&a, &err);
	if (rc != 0) {
		assert(rc == ACC_EINVAL && err.code == rc);
		assert(err.where[0] != '\0' && err.msg[0] != '\0');
	} else {
		json_error_t jerr;
		json_t *v;
		int c;
		acc_jscan_init(&b, text, size, "fuzz.json");
		c = acc_jscan_peek(&b);
		if (c == '{' || c == '[' || c == '"') {
			acc_err_clear(&err);
			assert(acc_jscan_skip_shape(&b, &err) == 0);
			assert(b.p == a.p);
		}
		v = json_loadb(text, (size_t)(a.p - text),
		    JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
		assert(v != NULL || strstr(jerr.text, "too big") ||
		    strstr(jerr.text, "overflow"));
		json_decref(v);
	}
	acc_err_clear(&err);
	acc_jscan_init(&a, text, size, "fuzz.json");
	if (acc_jscan_string(&a, out, sizeof(out), &len, &err) == 0) {
		assert(len <= size && out[len] == '\0');
		assert(strlen(out) == len);
		assert(acc_utf8_valid(out, len, NULL));
	} else {
		assert(err.where[0] != '\0' && err.msg[0] != '\0');
	}
	return 0;
}
