/*
 * Reveal documents from untrusted bytes, checked against a fixed escrow
 * declaration (fuzz_decl_common.h): every refusal carries its code, a
 * place and a reason, and nothing but a real reveal of that declaration
 * verifies.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <accord/accord.h>

#include "fuzz.h"
#include "fuzz_decl_common.h"

#define INPUT_MAX (1u << 20)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_decl *fd = fuzz_decl_get();
	acc_reveal_summary sum;
	acc_err err = ACC_ERR_INIT;
	int rc;

	if (size > INPUT_MAX)
		return 0;
	rc = acc_reveal_verify(fd->escrow_decl, fd->t, (const char *)data,
	    size, "fuzz-reveal.json", &sum, &err);
	if (rc != 0)
		assert(rc < 0 && err.code == rc && err.msg[0] != '\0');
	else
		assert(sum.n_items >= 1);
	return 0;
}

#ifdef FUZZ_EMIT_SEEDS
/* Write real reveals of the fixed declaration, as seed inputs. */
int
main(int argc, char **argv)
{
	static const char *const one[] = { "US-SLBM-0001" };
	static const char *const two[] = { "US-ICBM-0001", "US-HB-0001" };
	struct fuzz_decl *fd = fuzz_decl_get();
	const char *dir = argc > 1 ? argv[1] : ".";
	struct {
		const char *name;
		const char *const *uids;
		size_t n;
		const char *facility;
	} seeds[] = {
		{ "one-item.json", one, 1, NULL },
		{ "two-items.json", two, 2, NULL },
		{ "facility-first.json", NULL, 0, "US-FE-WARREN" },
		{ "facility-middle.json", NULL, 0, "US-KINGS-BAY" },
		{ "facility-last-padded.json", NULL, 0, "US-WHITEMAN" },
	};
	size_t i;

	for (i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		acc_buf out = ACC_BUF_INIT(1u << 20);
		acc_err err = ACC_ERR_INIT;
		char path[4096];
		FILE *f;
		if (acc_reveal_make(&out, fd->escrow_decl, fd->t,
		    fd->items.data, fd->items.len, fd->secret, seeds[i].uids,
		    seeds[i].n, seeds[i].facility, &err) != 0)
			return 1;
		snprintf(path, sizeof(path), "%s/%s", dir, seeds[i].name);
		f = fopen(path, "w");
		if (f == NULL || fwrite(out.data, 1, out.len, f) != out.len)
			return 1;
		fclose(f);
		acc_buf_dispose(&out);
	}
	/* and the packages, for the declaration harness */
	for (i = 0; i < 2; i++) {
		const acc_buf *b = i ? &fd->full : &fd->escrow;
		char path[4096];
		FILE *f;
		snprintf(path, sizeof(path), "%s/../declaration/%s", dir,
		    i ? "full.json" : "escrow.json");
		f = fopen(path, "w");
		if (f == NULL || fwrite(b->data, 1, b->len, f) != b->len)
			return 1;
		fclose(f);
	}
	return 0;
}
#endif
