/*
 * A party's inventory: facilities and accountable items with unique
 * identifiers, read from CSV or JSON (docs/formats.md) and validated
 * against a treaty before anything is stored.
 */
#ifndef ACCORD_INVENTORY_H
#define ACCORD_INVENTORY_H

#include <stddef.h>
#include <stdint.h>

#include <accord/date.h>
#include <accord/err.h>
#include <accord/treaty.h>

typedef struct acc_inventory acc_inventory;

typedef struct acc_attr_kv {
	const char *key;
	const char *value;
} acc_attr_kv;

/* An item as given to or read from an inventory. */
typedef struct acc_item_rec {
	const char *uid;
	const char *type;
	const char *status;
	const char *facility;
	int64_t warheads;          /* -1: the type carries none */
	const char *contained_in;  /* UID or NULL */
	const char *name;          /* optional label or NULL */
	size_t n_attrs;
	const acc_attr_kv *attrs;  /* free attributes */
} acc_item_rec;

typedef struct acc_facility_rec {
	const char *id;
	const char *kind;
	const char *name;
	size_t n_attrs;
	const acc_attr_kv *attrs;
} acc_facility_rec;

/* An empty inventory for treaty t (borrowed; must outlive it). */
ACC_NODISCARD int acc_inventory_new(acc_inventory **out, const acc_treaty *t,
    acc_err *err);
/*
 * Make room for n items in all (a known count, as a declaration gives):
 * adding them then never moves the item table or rehashes the UID map.
 */
ACC_NODISCARD int acc_inventory_reserve(acc_inventory *inv, size_t n,
    acc_err *err);
void acc_inventory_free(acc_inventory *inv);

/*
 * Read an inventory file (CSV, or JSON when its first non-blank byte is
 * '{') and add its records. Errors name the file, line (CSV) or JSON path,
 * and the field. Nothing is checked across records until finalize.
 */
ACC_NODISCARD int acc_inventory_read(acc_inventory *inv, const char *path,
    acc_err *err);
/* The same from memory; name is used in messages. */
ACC_NODISCARD int acc_inventory_read_mem(acc_inventory *inv,
    const char *data, size_t len, const char *name, acc_err *err);

/*
 * Add one record programmatically (the store uses these to reload an
 * inventory). source/loc name it in messages. Strings are copied.
 */
ACC_NODISCARD int acc_inventory_add_facility(acc_inventory *inv,
    const acc_facility_rec *f, const char *source, uint32_t loc,
    acc_err *err);
ACC_NODISCARD int acc_inventory_add_item(acc_inventory *inv,
    const acc_item_rec *it, const char *source, uint32_t loc, acc_err *err);
/* Set meta: party and as-of date (ACC_DATE_NONE leaves it). */
ACC_NODISCARD int acc_inventory_set_meta(acc_inventory *inv,
    const char *party, acc_date as_of, const char *source, acc_err *err);

/*
 * Resolve references and check everything across records: facilities
 * exist, containment exists, fits the treaty's holds rule and capacity,
 * stays at one facility and has no cycles; party and date are known.
 * party (may be NULL) is the workspace's party, which the files must
 * match.
 */
ACC_NODISCARD int acc_inventory_finalize(acc_inventory *inv,
    const char *party, acc_err *err);

/*
 * Add every facility and item of src (finalized, possibly under another
 * treaty) to inv, with its party and date: how an inventory is counted
 * under a draft. Fails with ACC_EINVAL, naming the record, when inv's
 * treaty lacks one of src's types, statuses or facility kinds.
 */
ACC_NODISCARD int acc_inventory_add_from(acc_inventory *inv,
    const acc_inventory *src, acc_err *err);

size_t acc_inventory_item_count(const acc_inventory *inv);
size_t acc_inventory_facility_count(const acc_inventory *inv);
const char *acc_inventory_party(const acc_inventory *inv);
acc_date acc_inventory_as_of(const acc_inventory *inv);
const acc_treaty *acc_inventory_treaty(const acc_inventory *inv);

/*
 * Views of item i and facility i (after finalize). Strings are borrowed
 * from the inventory; attrs points into a buffer of at most `max_attrs`
 * entries that the caller provides.
 */
void acc_inventory_item(const acc_inventory *inv, size_t i,
    acc_item_rec *out, acc_attr_kv *attrs, size_t max_attrs);
void acc_inventory_facility(const acc_inventory *inv, size_t i,
    acc_facility_rec *out, acc_attr_kv *attrs, size_t max_attrs);

#endif
