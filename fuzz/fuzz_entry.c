/*
 * Log entries from untrusted bytes (lib/log.c), parsed as entry 0 of the
 * log of party US under new-start. A refusal carries its code, a place
 * and a reason and leaves *out NULL; an entry that parses is an object
 * with exactly the seven keys and the values asked for, its canonical
 * JSON (RFC 8785) is the input byte for byte, it parses as well when
 * treaty and party are left open, and it is refused as any other entry
 * number.
 */
#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include <accord/accord.h>

#include "cjson.h"
#include "fuzz.h"
#include "log.h"

/* past ACC_LOG_ENTRY_MAX, to reach the size check */
#define INPUT_MAX (ACC_LOG_ENTRY_MAX + 64)

static bool
is_string(const json_t *o, const char *key, const char *want)
{
	const json_t *v = json_object_get(o, key);

	return json_is_string(v) && strcmp(json_string_value(v), want) == 0;
}

static bool
is_int(const json_t *o, const char *key, json_int_t want)
{
	const json_t *v = json_object_get(o, key);

	return json_is_integer(v) && json_integer_value(v) == want;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	acc_buf canon = ACC_BUF_INIT(ACC_LOG_ENTRY_MAX);
	acc_err err = ACC_ERR_INIT;
	json_t *e = NULL, *open = NULL, *other = NULL;
	const json_t *type;
	int rc;

	if (size > INPUT_MAX)
		return 0;
	rc = acc_log_entry_parse(&e, s, size, "new-start", "US", 0,
	    "fuzz.json", &err);
	{
		/* the in-place check (no tree) decides exactly the same */
		acc_err e2 = ACC_ERR_INIT;
		size_t bad;
		json_error_t jerr;
		json_t *any = json_loadb(s, size, JSON_DECODE_ANY |
		    JSON_REJECT_DUPLICATES, &jerr);
		acc_buf c2 = ACC_BUF_INIT(ACC_LOG_ENTRY_MAX);
		assert((acc_log_entry_parse(NULL, s, size, "new-start", "US",
		    0, "fuzz.json", &e2) == 0) == (rc == 0));
		/* and the canonical-form check agrees with re-encoding */
		if (any != NULL && acc_cjson_encode(&c2, any, "c", &e2) == 0)
			assert(acc_cjson_is_canonical(s, size, &bad) ==
			    (c2.len == size &&
			    fuzz_same_bytes(c2.data, s, size)));
		else if (any == NULL)
			assert(!acc_cjson_is_canonical(s, size, &bad) ||
			    strstr(jerr.text, "too big") ||
			    strstr(jerr.text, "NUL"));
		acc_buf_dispose(&c2);
		json_decref(any);
	}
	if (rc != 0) {
		assert(e == NULL && rc < 0 && err.code == rc);
		assert(err.where[0] != '\0' && err.msg[0] != '\0');
		return 0;
	}
	assert(json_is_object(e) && json_object_size(e) == 7);
	assert(is_int(e, "v", 1) && is_int(e, "seq", 0));
	assert(is_string(e, "treaty", "new-start") && is_string(e, "party",
	    "US"));
	assert(json_is_string(json_object_get(e, "time")) &&
	    json_string_length(json_object_get(e, "time")) == 20);
	type = json_object_get(e, "type");
	assert(json_is_string(type) && json_string_length(type) >= 1 &&
	    json_string_length(type) <= ACC_LOG_TYPE_MAX);
	assert(json_is_object(json_object_get(e, "body")));
	/* only the canonical form of an entry is accepted */
	rc = acc_cjson_encode(&canon, e, "canon", &err);
	assert(rc == 0);
	assert(canon.len == size && fuzz_same_bytes(canon.data, s, size));
	/* treaty and party left open: the same entry */
	acc_err_clear(&err);
	rc = acc_log_entry_parse(&open, s, size, NULL, NULL, 0, "fuzz.json",
	    &err);
	assert(rc == 0 && json_equal(open, e));
	/* another entry number: refused, naming seq */
	acc_err_clear(&err);
	rc = acc_log_entry_parse(&other, s, size, "new-start", "US", 1,
	    "fuzz.json", &err);
	assert(rc == ACC_EINVAL && other == NULL && err.code == rc);
	assert(strstr(err.msg, "seq") != NULL);
	acc_buf_dispose(&canon);
	json_decref(open);
	json_decref(e);
	return 0;
}
