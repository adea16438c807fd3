/*
 * One entry of a full package's disclosed list (lib/dentry.c), read both
 * ways: whatever the fast reader of the canonical spelling accepts, the
 * general reader accepts too, ending at the same byte with the same item
 * record, facility kind and salt, and the item's own text is then its
 * canonical form (jansson's reading of it, written by acc_cjson_encode,
 * gives the same bytes): the leaf hashed from the package's text is the
 * leaf the general reader would hash. A refusal by the general reader
 * carries a place and a reason.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "cjson.h"
#include "dentry.h"
#include "fuzz.h"

#define INPUT_MAX (1u << 16)

static acc_dentry fast_e, read_e;

static bool
same_str(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *item = NULL;
	acc_err err = ACC_ERR_INIT;
	acc_jscan f, r;
	size_t item_len = 0, i;
	bool fast;
	int rc;

	if (size > INPUT_MAX)
		return 0;
	acc_jscan_init(&f, text, size, "fuzz.json");
	acc_jscan_init(&r, text, size, "fuzz.json");
	fast = acc_dentry_fast(&f, &fast_e, &item, &item_len);
	if (!fast)
		assert(f.p == text);
	rc = acc_dentry_read(&r, &read_e, 0, "fuzz.json", &err);
	if (rc != 0) {
		assert(!fast);
		assert(err.code == rc && err.where[0] != '\0' &&
		    err.msg[0] != '\0');
		return 0;
	}
	if (!fast)
		return 0;
	/* the same entry, read the same way */
	assert(f.p == r.p);
	assert(same_str(fast_e.it.uid, read_e.it.uid));
	assert(same_str(fast_e.it.type, read_e.it.type));
	assert(same_str(fast_e.it.status, read_e.it.status));
	assert(same_str(fast_e.it.facility, read_e.it.facility));
	assert(same_str(fast_e.it.contained_in, read_e.it.contained_in));
	assert(same_str(fast_e.it.name, read_e.it.name));
	assert(same_str(fast_e.kind, read_e.kind));
	assert(fast_e.it.warheads == read_e.it.warheads);
	assert(fast_e.it.n_attrs == read_e.it.n_attrs);
	for (i = 0; i < fast_e.it.n_attrs; i++) {
		assert(same_str(fast_e.it.attrs[i].key,
		    read_e.it.attrs[i].key));
		assert(same_str(fast_e.it.attrs[i].value,
		    read_e.it.attrs[i].value));
	}
	assert(fuzz_same_bytes(fast_e.salt, read_e.salt,
	    sizeof(fast_e.salt)));
	/* the item's text is canonical */
	{
		json_error_t jerr;
		json_t *v = json_loadb(item, item_len, JSON_REJECT_DUPLICATES,
		    &jerr);
		acc_buf canon = ACC_BUF_INIT(INPUT_MAX * 2);
		assert(v != NULL);
		assert(acc_cjson_encode(&canon, v, "item", &err) == 0);
		assert(canon.len == item_len);
		assert(fuzz_same_bytes(canon.data, item, item_len));
		acc_buf_dispose(&canon);
		json_decref(v);
	}
	return 0;
}
