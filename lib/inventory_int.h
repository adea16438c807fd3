/*
 * The inside of acc_inventory: items and facilities in flat arrays with
 * interned strings, so that counting touches a few bytes per item.
 */
#ifndef ACC_INVENTORY_INT_H
#define ACC_INVENTORY_INT_H

#include <stdbool.h>
#include <stdint.h>

#include <accord/inventory.h>

#include "arena.h"
#include "strmap.h"

#define ACC_NONE UINT32_MAX

struct acc_attr {
	uint32_t key;          /* index into inv->attr_names */
	const char *value;
};

struct acc_item {
	const char *uid;
	const char *name;
	uint32_t facility;     /* index into facilities, or ACC_NONE */
	uint32_t container;    /* index into items, or ACC_NONE */
	int32_t warheads;      /* -1 when the type carries none */
	uint16_t type;
	uint8_t status;
	uint8_t file;          /* index into inv->files */
	uint32_t loc;          /* CSV line or JSON array index */
	uint32_t attr_off;     /* into inv->attrs */
	uint32_t n_attrs;
	/* raw references until resolved */
	const char *facility_ref;
	const char *container_ref;
};

struct acc_facility {
	const char *id;
	const char *name;
	uint32_t kind;
	uint8_t file;
	uint32_t loc;
	uint32_t attr_off;
	uint32_t n_attrs;
};

struct acc_inventory {
	const struct acc_treaty *treaty;
	acc_arena arena;
	char party[65];
	char party_where[300]; /* where the party was first given */
	acc_date as_of;
	char treaty_ref[65];   /* from meta rows, "" when absent */
	size_t n_items, cap_items;
	struct acc_item *items;
	size_t n_facilities, cap_facilities;
	struct acc_facility *facilities;
	size_t n_attrs, cap_attrs;
	struct acc_attr *attrs;
	size_t n_attr_names;
	const char *attr_names[256];
	const char *attr_last[256];  /* last value per key, for sharing */
	acc_strmap uids;
	acc_strmap fac_ids;
	uint32_t fac_last;     /* the facility found last, or ACC_NONE */
	size_t n_files;
	const char *files[64];
	bool files_json[64];
	/* for records inside another document: the JSON path of record
	 * loc, as a format with one %u ("disclosed[%u].item") */
	const char *files_path[64];
	bool finalized;
};

/* "file:line" or "file: items[i]" for an item or facility, into out. */
void acc_inv_where(char *out, size_t out_len, const struct acc_inventory *inv,
    uint8_t file, uint32_t loc, const char *field);

/* Register a source file; returns its index, or a negative code. */
int acc_inv_file_add(struct acc_inventory *inv, const char *name, bool json,
    acc_err *err);
/* Add records attributed to source file index `file` at `loc`. */
int acc_inv_add_facility_at(struct acc_inventory *inv,
    const acc_facility_rec *f, int file, uint32_t loc, acc_err *err);
int acc_inv_add_item_at(struct acc_inventory *inv, const acc_item_rec *it,
    int file, uint32_t loc, acc_err *err);

/*
 * The index of facility id into *out: 0, or -1 if there is none. The
 * facility found last is tried first, as items come grouped by facility.
 */
int acc_inv_facility_find(struct acc_inventory *inv, const char *id,
    uint32_t *out);

/*
 * Whether s[0..len) is a valid UID or facility id: a letter or digit, then
 * letters, digits, '-', '_', '.', ':' or '/'; at most ACC_ID_MAX bytes.
 */
bool acc_inv_valid_id(const char *s, size_t len);

#endif
