/*
 * Declaration packages from untrusted bytes (lib/declaration.c): parsed
 * strictly, then verified against New START with the key the package
 * names, so that a well-formed package reaches the full rebuild of its
 * tree; a full package is also compared with itself by diff. A refusal
 * must carry its code, a place and a reason.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <accord/accord.h>

#include "fuzz.h"
#include "fuzz_decl_common.h"

#define INPUT_MAX (1u << 20)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_decl *fd = fuzz_decl_get();
	acc_err err = ACC_ERR_INIT;
	acc_decl *d = NULL;
	acc_vkey vk;
	int rc;

	if (size > INPUT_MAX)
		return 0;
	rc = acc_decl_parse(&d, (const char *)data, size, "fuzz.json", &err);
	if (rc != 0) {
		assert(d == NULL && rc < 0 && err.code == rc);
		assert(err.where[0] != '\0' && err.msg[0] != '\0');
		return 0;
	}
	acc_err_clear(&err);
	if (acc_vkey_parse(&vk, acc_decl_key_text(d),
	    strlen(acc_decl_key_text(d)), "key", &err) != 0)
		vk = fd->vk;
	acc_err_clear(&err);
	rc = acc_decl_verify(d, fd->t, &vk, &err);
	assert(rc == 0 || (rc < 0 && err.code == rc && err.msg[0] != '\0'));
	if (rc == 0 && !acc_decl_is_escrow(d)) {
		acc_buf out = ACC_BUF_INIT(1u << 22);
		size_t n = 99;
		acc_err_clear(&err);
		rc = acc_decl_diff(&out, d, d, ACC_FORMAT_JSON, &n, &err);
		assert(rc != 0 || n == 0);
		acc_buf_dispose(&out);
	}
	acc_decl_free(d);
	return 0;
}
