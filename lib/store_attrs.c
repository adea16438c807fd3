/*
 * What both stores share: item attributes kept as a JSON object of
 * strings, written and read the same way by store_sqlite.c and
 * store_pg.c. No SQL here.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include <accord/buf.h>

#include "inventory_int.h"
#include "limits.h"
#include "store.h"

/* Append v as a JSON string (quotes and escapes) to b. */
static int
json_str(acc_buf *b, const char *v)
{
	int rc = acc_buf_append(b, "\"", 1);

	for (; rc == 0 && *v; v++) {
		unsigned char c = (unsigned char)*v;
		if (c == '"' || c == '\\') {
			char e[2] = { '\\', (char)c };
			rc = acc_buf_append(b, e, 2);
		} else if (c < 0x20) {
			rc = acc_buf_printf(b, "\\u%04x", c);
		} else {
			rc = acc_buf_append(b, v, 1);
		}
	}
	if (rc == 0)
		rc = acc_buf_append(b, "\"", 1);
	return rc;
}

int
acc_store_attrs_format(acc_buf *b, const acc_attr_kv *kv, size_t n)
{
	size_t i;
	int rc;

	acc_buf_reset(b);
	rc = acc_buf_append(b, "{", 1);
	for (i = 0; rc == 0 && i < n; i++) {
		if (i)
			rc = acc_buf_append(b, ",", 1);
		if (rc == 0)
			rc = json_str(b, kv[i].key);
		if (rc == 0)
			rc = acc_buf_append(b, ":", 1);
		if (rc == 0)
			rc = json_str(b, kv[i].value);
	}
	if (rc == 0)
		rc = acc_buf_append(b, "}", 1);
	return rc;
}

/* Parse stored attrs JSON into kv (borrowing from *holder). */
int
acc_store_attrs_parse(json_t **holder, const char *text, acc_attr_kv *kv, size_t *n,
    const char *where, acc_err *err)
{
	json_error_t jerr;
	const char *key;
	json_t *v;

	*n = 0;
	json_decref(*holder);
	*holder = NULL;
	if (text == NULL || text[0] == '\0')
		return 0;
	*holder = json_loads(text, 0, &jerr);
	if (*holder == NULL || !json_is_object(*holder))
		return acc_err_set(err, ACC_EINVAL, where,
		    "stored attributes are not a JSON object");
	json_object_foreach(*holder, key, v) {
		if (*n >= ACC_ATTRS_MAX || !json_is_string(v))
			return acc_err_set(err, ACC_EINVAL, where,
			    "stored attributes are malformed");
		kv[*n].key = key;
		kv[*n].value = json_string_value(v);
		(*n)++;
	}
	return 0;
}
