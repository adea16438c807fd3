/*
 * A fixed declaration shared by the declaration and reveal harnesses:
 * a small inventory, a key from a fixed seed and a fixed secret, so that
 * the package, its id and its reveals are the same on every run (Ed25519
 * signatures are deterministic) and seed inputs can be made once.
 */
#ifndef ACCORD_FUZZ_DECL_COMMON_H
#define ACCORD_FUZZ_DECL_COMMON_H

#include <stdlib.h>
#include <string.h>

#include <accord/accord.h>

static const char fuzz_inventory_csv[] =
    "record,id,type,status,facility,warheads,contained_in,name,model\n"
    "meta,party,,,,,,US,\n"
    "meta,as_of,,,,,,2022-09-01,\n"
    "facility,US-FE-WARREN,icbm_base,,,,,F.E. Warren AFB,\n"
    "facility,US-KINGS-BAY,submarine_base,,,,,Kings Bay,\n"
    "facility,US-WHITEMAN,air_base,,,,,Whiteman AFB,\n"
    "item,US-ICBML-0001,icbm_launcher,deployed,US-FE-WARREN,,,,\n"
    "item,US-ICBM-0001,icbm,deployed,US-FE-WARREN,1,US-ICBML-0001,,"
    "Minuteman III\n"
    "item,US-ICBML-0002,icbm_launcher,non_deployed,US-FE-WARREN,,,,\n"
    "item,US-SLBML-0001,slbm_launcher,deployed,US-KINGS-BAY,,,,\n"
    "item,US-SLBM-0001,slbm,deployed,US-KINGS-BAY,4,US-SLBML-0001,,"
    "Trident II\n"
    "item,US-HB-0001,heavy_bomber,deployed,US-WHITEMAN,0,,,B-2A\n";

struct fuzz_decl {
	acc_treaty *t;
	acc_vkey vk;
	acc_buf full, escrow, items;
	acc_decl *escrow_decl;
	uint8_t secret[ACC_DECL_SECRET_LEN];
};

/* Made once and kept for the process (still reachable, not a leak). */
static struct fuzz_decl *
fuzz_decl_get(void)
{
	static struct fuzz_decl *fd;
	acc_err err = ACC_ERR_INIT;
	acc_inventory *inv = NULL;
	acc_decl_opts full = { false, 0, NULL }, esc = { true, 8, NULL };
	uint8_t id[ACC_SHA256_LEN];
	acc_key key;

	if (fd != NULL)
		return fd;
	fd = calloc(1, sizeof(*fd));
	if (fd == NULL)
		abort();
	fd->full.max = fd->escrow.max = fd->items.max = 1u << 20;
	memset(key.seed, 7, sizeof(key.seed));
	memset(fd->secret, 9, sizeof(fd->secret));
	if (acc_treaty_open(&fd->t, "new-start", &err) != 0 ||
	    acc_key_from_seed(&key, &err) != 0 ||
	    acc_vkey_make(&fd->vk, "accord/new-start/US",
	    ACC_KEYTYPE_ED25519, key.pub, &err) != 0 ||
	    acc_inventory_new(&inv, fd->t, &err) != 0 ||
	    acc_inventory_read_mem(inv, fuzz_inventory_csv,
	    sizeof(fuzz_inventory_csv) - 1, "fuzz.csv", &err) != 0 ||
	    acc_inventory_finalize(inv, "US", &err) != 0 ||
	    acc_decl_make(&fd->full, NULL, id, inv, &key, &fd->vk, fd->secret,
	    &full, &err) != 0 ||
	    acc_decl_make(&fd->escrow, &fd->items, id, inv, &key, &fd->vk,
	    fd->secret, &esc, &err) != 0 ||
	    acc_decl_parse(&fd->escrow_decl, fd->escrow.data, fd->escrow.len,
	    "fuzz-escrow.json", &err) != 0)
		abort(); /* the fixed declaration must build */
	acc_key_dispose(&key);
	acc_inventory_free(inv);
	return fd;
}

#endif
