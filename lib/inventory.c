/*
 * Inventories in memory: adding records one by one (from CSV, JSON or the
 * store), then checking everything that spans records in finalize. Owns
 * the validation rules of an inventory; never touches files or SQL.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cjson.h"
#include "inventory_int.h"
#include "limits.h"
#include "treaty_int.h"

void
acc_inv_where(char *out, size_t out_len, const struct acc_inventory *inv,
    uint8_t file, uint32_t loc, const char *field)
{
	const char *f = file < inv->n_files ? inv->files[file] : "-";
	bool json = file < inv->n_files && inv->files_json[file];

	if (file < inv->n_files && inv->files_path[file]) {
		char rec[128];
		snprintf(rec, sizeof(rec), inv->files_path[file], loc);
		snprintf(out, out_len, "%s %s%s%s", f, rec, field ? "." : "",
		    field ? (strcmp(field, "attributes") == 0 ? "attrs" :
		    field) : "");
		return;
	}
	if (json && field && strcmp(field, "attributes") == 0)
		field = "attrs";
	else if (json && field && strcmp(field, "facility.attributes") == 0)
		field = "facility.attrs";
	if (json)
		snprintf(out, out_len, "%s %s[%u]%s%s", f,
		    field && strncmp(field, "facility.", 9) == 0 ?
		    "facilities" : "items", loc, field ? "." : "",
		    field ? (strncmp(field, "facility.", 9) == 0 ? field + 9 :
		    field) : "");
	else if (field && strcmp(field, "facility.kind") == 0)
		snprintf(out, out_len, "%s:%u type", f, loc);
	else if (field && (strcmp(field, "uid") == 0 ||
	    strcmp(field, "facility.id") == 0))
		snprintf(out, out_len, "%s:%u id", f, loc);
	else
		snprintf(out, out_len, "%s:%u%s%s", f, loc, field ? " " : "",
		    field ? (strncmp(field, "facility.", 9) == 0 ? field + 9 :
		    field) : "");
}

int
acc_inventory_new(acc_inventory **out, const acc_treaty *t, acc_err *err)
{
	acc_inventory *inv;

	*out = NULL;
	inv = calloc(1, sizeof(*inv));
	if (inv == NULL)
		return acc_err_set(err, ACC_ERR, "inventory", "out of memory");
	inv->treaty = t;
	inv->as_of = ACC_DATE_NONE;
	inv->fac_last = ACC_NONE;
	*out = inv;
	return 0;
}

int
acc_inventory_reserve(acc_inventory *inv, size_t n, acc_err *err)
{
	if (n > ACC_INVENTORY_ITEMS_MAX)
		return acc_err_set(err, ACC_ELIMIT, "inventory",
		    "more than %u items", ACC_INVENTORY_ITEMS_MAX);
	if (n > inv->cap_items) {
		struct acc_item *p = realloc(inv->items, n * sizeof(*p));
		if (p == NULL)
			return acc_err_set(err, ACC_ERR, "inventory",
			    "out of memory");
		inv->items = p;
		inv->cap_items = n;
		acc_mem_populate(p, n * sizeof(*p));
	}
	if (acc_strmap_reserve(&inv->uids, n) != 0)
		return acc_err_set(err, ACC_ERR, "inventory",
			    "out of memory");
	return 0;
}

void
acc_inventory_free(acc_inventory *inv)
{
	if (inv == NULL)
		return;
	free(inv->items);
	free(inv->facilities);
	free(inv->attrs);
	acc_strmap_dispose(&inv->uids);
	acc_strmap_dispose(&inv->fac_ids);
	acc_arena_dispose(&inv->arena);
	free(inv);
}

int
acc_inv_file_add(struct acc_inventory *inv, const char *name, bool json,
    acc_err *err)
{
	const char *copy;

	if (inv->n_files >= ACC_IMPORT_FILES_MAX)
		return acc_err_set(err, ACC_ELIMIT, name,
		    "more than %d inventory files in one import",
		    ACC_IMPORT_FILES_MAX);
	copy = acc_arena_strndup(&inv->arena, name, strlen(name));
	if (copy == NULL)
		return acc_err_set(err, ACC_ERR, name, "out of memory");
	inv->files[inv->n_files] = copy;
	inv->files_json[inv->n_files] = json;
	inv->n_files++;
	return (int)inv->n_files - 1;
}

static int
oom(acc_err *err)
{
	return acc_err_set(err, ACC_ERR, "inventory", "out of memory");
}

/* The bytes of an id: 2 for an ASCII letter or digit, 1 for - _ . : / */
static const unsigned char id_byte[256] = {
	['-'] = 1, ['_'] = 1, ['.'] = 1, [':'] = 1, ['/'] = 1,
	['0'] = 2, ['1'] = 2, ['2'] = 2, ['3'] = 2, ['4'] = 2, ['5'] = 2,
	['6'] = 2, ['7'] = 2, ['8'] = 2, ['9'] = 2,
	['A'] = 2, ['B'] = 2, ['C'] = 2, ['D'] = 2, ['E'] = 2, ['F'] = 2,
	['G'] = 2, ['H'] = 2, ['I'] = 2, ['J'] = 2, ['K'] = 2, ['L'] = 2,
	['M'] = 2, ['N'] = 2, ['O'] = 2, ['P'] = 2, ['Q'] = 2, ['R'] = 2,
	['S'] = 2, ['T'] = 2, ['U'] = 2, ['V'] = 2, ['W'] = 2, ['X'] = 2,
	['Y'] = 2, ['Z'] = 2,
	['a'] = 2, ['b'] = 2, ['c'] = 2, ['d'] = 2, ['e'] = 2, ['f'] = 2,
	['g'] = 2, ['h'] = 2, ['i'] = 2, ['j'] = 2, ['k'] = 2, ['l'] = 2,
	['m'] = 2, ['n'] = 2, ['o'] = 2, ['p'] = 2, ['q'] = 2, ['r'] = 2,
	['s'] = 2, ['t'] = 2, ['u'] = 2, ['v'] = 2, ['w'] = 2, ['x'] = 2,
	['y'] = 2, ['z'] = 2,
};

bool
acc_inv_valid_id(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > ACC_ID_MAX || id_byte[(unsigned char)s[0]] != 2)
		return false;
	for (i = 1; i < len; i++)
		if (id_byte[(unsigned char)s[i]] == 0)
			return false;
	return true;
}

int
acc_inv_facility_find(struct acc_inventory *inv, const char *id,
    uint32_t *out)
{
	if (inv->fac_last != ACC_NONE &&
	    strcmp(inv->facilities[inv->fac_last].id, id) == 0) {
		*out = inv->fac_last;
		return 0;
	}
	if (acc_strmap_get(&inv->fac_ids, id, out) != 0)
		return -1;
	inv->fac_last = *out;
	return 0;
}

static int
bad_value(acc_err *err, const char *where, const char *what, const char *s)
{
	char q[300];

	acc_quote(q, sizeof(q), s ? s : "", s ? strlen(s) : 0);
	return acc_err_set(err, ACC_EINVAL, where, "expected %s, got \"%s\"",
	    what, q);
}

/* The index of an interned attribute name, or -1. */
static int
attr_find(const struct acc_inventory *inv, const char *key, uint32_t *out)
{
	size_t i;

	for (i = 0; i < inv->n_attr_names; i++) {
		if (strcmp(inv->attr_names[i], key) == 0) {
			*out = (uint32_t)i;
			return 0;
		}
	}
	return -1;
}

/*
 * A copy of an attribute value. Values repeat (a model name on thousands
 * of items): the last value seen for each key is shared when equal.
 */
static char *
attr_value(struct acc_inventory *inv, uint32_t key, const char *v,
    size_t len)
{
	const char *last = key < 256 ? inv->attr_last[key] : NULL;
	char *copy;

	if (last && strcmp(last, v) == 0)
		return (char *)(uintptr_t)last;
	copy = acc_arena_strndup(&inv->arena, v, len);
	if (copy && key < 256)
		inv->attr_last[key] = copy;
	return copy;
}

/* Intern an attribute name. */
static int
attr_key(struct acc_inventory *inv, const char *key, uint32_t *out,
    const char *where, acc_err *err)
{
	size_t i, len = strlen(key);
	char *copy;

	for (i = 0; i < inv->n_attr_names; i++) {
		if (strcmp(inv->attr_names[i], key) == 0) {
			*out = (uint32_t)i;
			return 0;
		}
	}
	if (len == 0 || len > ACC_ID_MAX || !islower((unsigned char)key[0]))
		return bad_value(err, where,
		    "an attribute name (a lowercase letter, then lowercase "
		    "letters, digits or '_')", key);
	for (i = 0; i < len; i++)
		if (!(islower((unsigned char)key[i]) ||
		    isdigit((unsigned char)key[i]) || key[i] == '_'))
			return bad_value(err, where,
			    "an attribute name (a lowercase letter, then "
			    "lowercase letters, digits or '_')", key);
	if (inv->n_attr_names >= 256)
		return acc_err_set(err, ACC_ELIMIT, where,
		    "more than 256 distinct attribute names");
	copy = acc_arena_strndup(&inv->arena, key, len);
	if (copy == NULL)
		return oom(err);
	inv->attr_names[inv->n_attr_names] = copy;
	*out = (uint32_t)inv->n_attr_names++;
	return 0;
}

static int
attrs_add(struct acc_inventory *inv, const acc_attr_kv *kv, size_t n,
    uint32_t *off, uint32_t *count, int file, uint32_t loc,
    const char *field, acc_err *err)
{
	char where[300];
	size_t i, j;
	int rc;

	*off = (uint32_t)inv->n_attrs;
	*count = 0;
	if (n > ACC_ATTRS_MAX) {
		acc_inv_where(where, sizeof(where), inv, (uint8_t)file, loc,
		    field);
		return acc_err_set(err, ACC_ELIMIT, where,
		    "more than %d attributes", ACC_ATTRS_MAX);
	}
	for (i = 0; i < n; i++) {
		uint32_t key = 0;
		size_t vlen;
		char *v;

		if (kv[i].value == NULL || kv[i].value[0] == '\0')
			continue;
		vlen = strlen(kv[i].value);
		if (!acc_utf8_valid(kv[i].value, vlen, NULL)) {
			acc_inv_where(where, sizeof(where), inv,
			    (uint8_t)file, loc, field);
			return acc_err_set(err, ACC_EINVAL, where,
			    "attribute %s is not UTF-8 text", kv[i].key);
		}
		if (vlen > ACC_ATTR_VALUE_MAX) {
			acc_inv_where(where, sizeof(where), inv,
			    (uint8_t)file, loc, field);
			return acc_err_set(err, ACC_ELIMIT, where,
			    "attribute %s is longer than %d bytes", kv[i].key,
			    ACC_ATTR_VALUE_MAX);
		}
		if (attr_find(inv, kv[i].key, &key) != 0) {
			acc_inv_where(where, sizeof(where), inv,
			    (uint8_t)file, loc, field);
			rc = attr_key(inv, kv[i].key, &key, where, err);
			if (rc != 0)
				return rc;
		}
		for (j = *off; j < inv->n_attrs; j++) {
			if (inv->attrs[j].key == key) {
				acc_inv_where(where, sizeof(where), inv,
				    (uint8_t)file, loc, field);
				return acc_err_set(err, ACC_EINVAL, where,
				    "attribute %s given twice", kv[i].key);
			}
		}
		if (inv->n_attrs == inv->cap_attrs) {
			size_t nc = inv->cap_attrs ? inv->cap_attrs * 2 : 1024;
			struct acc_attr *p = realloc(inv->attrs,
			    nc * sizeof(*p));
			if (p == NULL)
				return oom(err);
			inv->attrs = p;
			inv->cap_attrs = nc;
		}
		v = attr_value(inv, key, kv[i].value, vlen);
		if (v == NULL)
			return oom(err);
		inv->attrs[inv->n_attrs].key = key;
		inv->attrs[inv->n_attrs].value = v;
		inv->n_attrs++;
		(*count)++;
	}
	return 0;
}

/* The facility's own id when it is defined already, else a copy. */
/* Item x's facility: its index when it is already known (finalize
 * resolves the others). */
static const char *
facility_ref(struct acc_inventory *inv, struct acc_item *x, const char *id)
{
	uint32_t f;

	if (acc_inv_facility_find(inv, id, &f) == 0) {
		x->facility = f;
		return inv->facilities[f].id;
	}
	x->facility = ACC_NONE;
	return acc_arena_strndup(&inv->arena, id, strlen(id));
}

static int
source_index(struct acc_inventory *inv, const char *source, acc_err *err)
{
	size_t i;

	for (i = 0; i < inv->n_files; i++)
		if (strcmp(inv->files[i], source) == 0)
			return (int)i;
	return acc_inv_file_add(inv, source, false, err);
}

/* Fill err for field of the record at (file, loc); where is made only now. */
static int ifail(const struct acc_inventory *inv, int file, uint32_t loc,
    const char *field, acc_err *err, acc_code code, const char *fmt, ...)
    ACC_PRINTF(7, 8);

static int
ifail(const struct acc_inventory *inv, int file, uint32_t loc,
    const char *field, acc_err *err, acc_code code, const char *fmt, ...)
{
	char where[300], msg[512];
	va_list ap;

	acc_inv_where(where, sizeof(where), inv, (uint8_t)file, loc, field);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return acc_err_set(err, code, where, "%s", msg);
}

static int
ibad(const struct acc_inventory *inv, int file, uint32_t loc,
    const char *field, acc_err *err, const char *what, const char *s)
{
	char q[300];

	acc_quote(q, sizeof(q), s ? s : "", s ? strlen(s) : 0);
	return ifail(inv, file, loc, field, err, ACC_EINVAL,
	    "expected %s, got \"%s\"", what, q);
}

int
acc_inv_add_facility_at(struct acc_inventory *inv, const acc_facility_rec *f,
    int file, uint32_t loc, acc_err *err)
{
	char where[300];
	struct acc_facility *fac;
	uint32_t prev;
	int kind, rc;

	if (inv->finalized)
		return acc_err_set(err, ACC_EINVAL, "inventory",
		    "inventory is already finalized");
	acc_inv_where(where, sizeof(where), inv, (uint8_t)file, loc,
	    "facility.id");
	if (!acc_inv_valid_id(f->id, strlen(f->id)))
		return bad_value(err, where,
		    "a facility id (letters, digits, '-', '_', '.', at most 64)",
		    f->id);
	acc_inv_where(where, sizeof(where), inv, (uint8_t)file, loc,
	    "facility.kind");
	kind = f->kind ? acc_treaty_kind_find(inv->treaty, f->kind,
	    strlen(f->kind)) : -1;
	if (kind < 0)
		return bad_value(err, where,
		    "a facility kind of the treaty (see accord treaty show)",
		    f->kind);
	if (inv->n_facilities >= ACC_INVENTORY_FACILITIES_MAX)
		return acc_err_set(err, ACC_ELIMIT, where,
		    "more than %u facilities", ACC_INVENTORY_FACILITIES_MAX);
	if (inv->n_facilities == inv->cap_facilities) {
		size_t nc = inv->cap_facilities ? inv->cap_facilities * 2 : 64;
		struct acc_facility *p = realloc(inv->facilities,
		    nc * sizeof(*p));
		if (p == NULL)
			return oom(err);
		inv->facilities = p;
		inv->cap_facilities = nc;
	}
	fac = &inv->facilities[inv->n_facilities];
	memset(fac, 0, sizeof(*fac));
	if (f->name && strlen(f->name) > ACC_ATTR_VALUE_MAX)
		return ifail(inv, file, loc, "name", err, ACC_ELIMIT,
		    "name longer than %d bytes", ACC_ATTR_VALUE_MAX);
	if (f->name && !acc_utf8_valid(f->name, strlen(f->name), NULL))
		return ifail(inv, file, loc, "name", err, ACC_EINVAL,
		    "expected UTF-8 text");
	fac->id = acc_arena_strndup(&inv->arena, f->id, strlen(f->id));
	fac->name = f->name && *f->name ? acc_arena_strndup(&inv->arena,
	    f->name, strlen(f->name)) : NULL;
	if (fac->id == NULL || (f->name && *f->name && fac->name == NULL))
		return oom(err);
	fac->kind = (uint32_t)kind;
	fac->file = (uint8_t)file;
	fac->loc = loc;
	acc_inv_where(where, sizeof(where), inv, (uint8_t)file, loc,
	    "facility.id");
	rc = acc_strmap_put(&inv->fac_ids, fac->id,
	    (uint32_t)inv->n_facilities, &prev);
	if (rc < 0)
		return oom(err);
	if (rc > 0) {
		char first[300];
		const struct acc_facility *pf = &inv->facilities[prev];
		acc_inv_where(first, sizeof(first), inv, pf->file, pf->loc,
		    NULL);
		return acc_err_set(err, ACC_EINVAL, where,
		    "duplicate facility id \"%s\" (first defined at %s)",
		    fac->id, first);
	}
	rc = attrs_add(inv, f->attrs, f->n_attrs, &fac->attr_off,
	    &fac->n_attrs, file, loc, "facility.attributes", err);
	if (rc != 0)
		return rc;
	inv->n_facilities++;
	return 0;
}

int
acc_inv_add_item_at(struct acc_inventory *inv, const acc_item_rec *it,
    int file, uint32_t loc, acc_err *err)
{
	const struct acc_treaty *t = inv->treaty;
	struct acc_item *x;
	uint32_t prev;
	int type, status, rc;
	size_t uid_len;

	if (inv->finalized)
		return acc_err_set(err, ACC_EINVAL, "inventory",
		    "inventory is already finalized");
	uid_len = it->uid ? strlen(it->uid) : 0;
	if (!acc_inv_valid_id(it->uid ? it->uid : "", uid_len))
		return ibad(inv, file, loc, "uid", err,
		    "a unique identifier (letters, digits, '-', '_', '.', ':', "
		    "'/', at most 64)", it->uid);
	type = it->type ? acc_treaty_type_find(t, it->type, strlen(it->type))
	    : -1;
	if (type < 0)
		return ibad(inv, file, loc, "type", err,
		    "an item type of the treaty (see accord treaty show)",
		    it->type);
	status = it->status ? acc_treaty_status_find(t, it->status,
	    strlen(it->status)) : -1;
	if (status < 0)
		return ibad(inv, file, loc, "status", err,
		    "a status of the treaty (see accord treaty show)",
		    it->status);
	if (it->facility == NULL || it->facility[0] == '\0')
		return ifail(inv, file, loc, "facility", err, ACC_EINVAL,
		    "every item needs a facility");
	if (t->types[type].carries_warheads) {
		int64_t max = t->types[type].max_warheads;
		if (it->warheads < 0)
			return ifail(inv, file, loc, "warheads", err,
			    ACC_EINVAL, "type %s carries warheads: expected "
			    "a whole number, got an empty field",
			    t->types[type].e.id);
		if (max >= 0 && it->warheads > max)
			return ifail(inv, file, loc, "warheads", err,
			    ACC_EINVAL, "%s carries at most %lld warheads, "
			    "got %lld", t->types[type].e.id, (long long)max,
			    (long long)it->warheads);
		if (it->warheads > ACC_WARHEADS_MAX)
			return ifail(inv, file, loc, "warheads", err,
			    ACC_ELIMIT, "more than %d warheads on one item",
			    ACC_WARHEADS_MAX);
	} else if (it->warheads >= 0) {
		return ifail(inv, file, loc, "warheads", err, ACC_EINVAL,
		    "type %s carries no warheads, expected an empty field",
		    t->types[type].e.id);
	}
	if (it->name && strlen(it->name) > ACC_ATTR_VALUE_MAX)
		return ifail(inv, file, loc, "name", err, ACC_ELIMIT,
		    "name longer than %d bytes", ACC_ATTR_VALUE_MAX);
	if (it->name && !acc_utf8_valid(it->name, strlen(it->name), NULL))
		return ifail(inv, file, loc, "name", err, ACC_EINVAL,
		    "expected UTF-8 text");
	if (inv->n_items >= ACC_INVENTORY_ITEMS_MAX)
		return ifail(inv, file, loc, NULL, err, ACC_ELIMIT,
		    "more than %u items", ACC_INVENTORY_ITEMS_MAX);
	if (inv->n_items == inv->cap_items) {
		size_t nc = inv->cap_items ? inv->cap_items * 2 : 1024;
		struct acc_item *p = realloc(inv->items, nc * sizeof(*p));
		if (p == NULL)
			return oom(err);
		inv->items = p;
		inv->cap_items = nc;
	}
	x = &inv->items[inv->n_items];
	memset(x, 0, sizeof(*x));
	x->uid = acc_arena_strndup(&inv->arena, it->uid, uid_len);
	x->facility_ref = facility_ref(inv, x, it->facility);
	if (x->uid == NULL || x->facility_ref == NULL)
		return oom(err);
	if (it->contained_in && it->contained_in[0]) {
		x->container_ref = acc_arena_strndup(&inv->arena,
		    it->contained_in, strlen(it->contained_in));
		if (x->container_ref == NULL)
			return oom(err);
	}
	if (it->name && it->name[0]) {
		x->name = acc_arena_strndup(&inv->arena, it->name,
		    strlen(it->name));
		if (x->name == NULL)
			return oom(err);
	}
	x->type = (uint16_t)type;
	x->status = (uint8_t)status;
	x->warheads = t->types[type].carries_warheads ?
	    (int32_t)it->warheads : -1;
	x->container = ACC_NONE;
	x->file = (uint8_t)file;
	x->loc = loc;
	rc = acc_strmap_put(&inv->uids, x->uid, (uint32_t)inv->n_items, &prev);
	if (rc < 0)
		return oom(err);
	if (rc > 0) {
		char first[300];
		const struct acc_item *p = &inv->items[prev];
		acc_inv_where(first, sizeof(first), inv, p->file, p->loc, NULL);
		return ifail(inv, file, loc, "uid", err, ACC_EINVAL,
		    "duplicate UID \"%s\" (first at %s)", x->uid, first);
	}
	rc = attrs_add(inv, it->attrs, it->n_attrs, &x->attr_off,
	    &x->n_attrs, file, loc, "attributes", err);
	if (rc != 0)
		return rc;
	inv->n_items++;
	return 0;
}

int
acc_inventory_add_facility(acc_inventory *inv, const acc_facility_rec *f,
    const char *source, uint32_t loc, acc_err *err)
{
	int file = source_index(inv, source, err);

	if (file < 0)
		return file;
	return acc_inv_add_facility_at(inv, f, file, loc, err);
}

int
acc_inventory_add_item(acc_inventory *inv, const acc_item_rec *it,
    const char *source, uint32_t loc, acc_err *err)
{
	int file = source_index(inv, source, err);

	if (file < 0)
		return file;
	return acc_inv_add_item_at(inv, it, file, loc, err);
}

int
acc_inventory_set_meta(acc_inventory *inv, const char *party,
    acc_date as_of, const char *source, acc_err *err)
{
	if (party && party[0]) {
		if (inv->party[0] && strcmp(inv->party, party) != 0)
			return acc_err_set(err, ACC_EINVAL, source,
			    "party %s conflicts with party %s given before",
			    party, inv->party);
		if (acc_treaty_party_find(inv->treaty, party) < 0)
			return bad_value(err, source,
			    "a party of the treaty", party);
		snprintf(inv->party, sizeof(inv->party), "%s", party);
		if (inv->party_where[0] == '\0')
			snprintf(inv->party_where, sizeof(inv->party_where),
			    "%s", source);
	}
	if (as_of != ACC_DATE_NONE) {
		if (inv->as_of != ACC_DATE_NONE && inv->as_of != as_of) {
			char a[ACC_DATE_LEN], b[ACC_DATE_LEN];
			acc_date_format(a, as_of);
			acc_date_format(b, inv->as_of);
			return acc_err_set(err, ACC_EINVAL, source,
			    "as_of %s conflicts with as_of %s given before", a,
			    b);
		}
		inv->as_of = as_of;
	}
	return 0;
}

static int
item_err(const struct acc_inventory *inv, const struct acc_item *x,
    const char *field, acc_err *err, const char *fmt, const char *a,
    const char *b)
{
	char where[300];
	char msg[512], qa[300], qb[300];

	acc_inv_where(where, sizeof(where), inv, x->file, x->loc, field);
	acc_quote(qa, sizeof(qa), a, strlen(a));
	acc_quote(qb, sizeof(qb), b, strlen(b));
	snprintf(msg, sizeof(msg), fmt, qa, qb);
	return acc_err_set(err, ACC_EINVAL, where, "%s", msg);
}

int
acc_inventory_finalize(acc_inventory *inv, const char *party, acc_err *err)
{
	enum { PREFETCH_AHEAD = 16 };
	const struct acc_treaty *t = inv->treaty;
	uint32_t *held = NULL;
	size_t i;
	int rc = 0;

	if (party && party[0]) {
		if (inv->party[0] && strcmp(inv->party, party) != 0)
			return acc_err_set(err, ACC_EINVAL,
			    inv->party_where[0] ? inv->party_where :
			    inv->n_files ? inv->files[0] : "inventory",
			    "the inventory is party %s's, this workspace is "
			    "party %s's", inv->party, party);
		snprintf(inv->party, sizeof(inv->party), "%s", party);
	}
	if (inv->party[0] == '\0')
		return acc_err_set(err, ACC_EINVAL,
		    inv->n_files ? inv->files[0] : "inventory",
		    "missing party (a meta row 'party')");
	if (inv->as_of == ACC_DATE_NONE)
		return acc_err_set(err, ACC_EINVAL,
		    inv->n_files ? inv->files[0] : "inventory",
		    "missing as_of date (a meta row 'as_of', or --as-of DATE)");
	for (i = 0; i < inv->n_items; i++) {
		struct acc_item *x = &inv->items[i];
		uint32_t f;
		if (x->facility != ACC_NONE)
			continue;
		if (acc_inv_facility_find(inv, x->facility_ref, &f) != 0)
			return item_err(inv, x, "facility", err,
			    "unknown facility \"%s\"%s (define it in a "
			    "facility row)", x->facility_ref, "");
		x->facility = f;
	}
	held = calloc(inv->n_items ? inv->n_items : 1, sizeof(*held));
	if (held == NULL)
		return oom(err);
	for (i = 0; i < inv->n_items; i++) {
		struct acc_item *x = &inv->items[i];
		const struct acc_item *c;
		uint32_t ci;

		/* the UID map is large: load the slot of a later lookup */
		if (i + PREFETCH_AHEAD < inv->n_items &&
		    inv->items[i + PREFETCH_AHEAD].container_ref)
			acc_strmap_prefetch(&inv->uids, acc_strmap_hash(
			    inv->items[i + PREFETCH_AHEAD].container_ref));
		if (x->container_ref == NULL)
			continue;
		if (acc_strmap_get(&inv->uids, x->container_ref, &ci) != 0) {
			rc = item_err(inv, x, "contained_in", err,
			    "no item with UID \"%s\" to contain %s",
			    x->container_ref, x->uid);
			goto done;
		}
		c = &inv->items[ci];
		if (ci == i) {
			rc = item_err(inv, x, "contained_in", err,
			    "item %s cannot contain itself%s", x->uid, "");
			goto done;
		}
		if (!acc_treaty_type_holds(t, c->type, x->type)) {
			char msg[200];
			snprintf(msg, sizeof(msg), "type %s cannot hold type %s",
			    t->types[c->type].e.id, t->types[x->type].e.id);
			rc = item_err(inv, x, "contained_in", err,
			    "%s (%s; see item_types holds)", msg,
			    x->container_ref);
			goto done;
		}
		if (c->facility != x->facility) {
			rc = item_err(inv, x, "contained_in", err,
			    "container %s is at another facility (%s)",
			    c->uid, inv->facilities[c->facility].id);
			goto done;
		}
		if (++held[ci] > t->types[c->type].capacity) {
			char cap[32];
			snprintf(cap, sizeof(cap), "%u",
			    t->types[c->type].capacity);
			rc = item_err(inv, x, "contained_in", err,
			    "%s is full: it holds at most %s item(s)", c->uid,
			    cap);
			goto done;
		}
		x->container = ci;
	}
	/* cycles: walk up from each item; a chain longer than n is a cycle */
	for (i = 0; i < inv->n_items; i++) {
		uint32_t cur = inv->items[i].container;
		size_t steps = 0;
		while (cur != ACC_NONE) {
			if (cur == i || ++steps > ACC_TYPES_MAX) {
				rc = item_err(inv, &inv->items[i],
				    "contained_in", err,
				    "containment cycle through %s%s",
				    inv->items[i].uid, "");
				goto done;
			}
			cur = inv->items[cur].container;
		}
	}
	inv->finalized = true;
done:
	free(held);
	return rc;
}

int
acc_inventory_add_from(acc_inventory *inv, const acc_inventory *src,
    acc_err *err)
{
	acc_attr_kv kv[ACC_ATTRS_MAX];
	char source[300];
	size_t i;
	int file, rc;

	snprintf(source, sizeof(source), "%s inventory", src->party[0] ?
	    src->party : "source");
	file = source_index(inv, source, err);
	if (file < 0)
		return file;
	rc = acc_inventory_set_meta(inv, src->party, src->as_of, source, err);
	for (i = 0; rc == 0 && i < src->n_facilities; i++) {
		acc_facility_rec f;
		acc_inventory_facility(src, i, &f, kv, ACC_ATTRS_MAX);
		rc = acc_inv_add_facility_at(inv, &f, file, (uint32_t)i + 1,
		    err);
	}
	for (i = 0; rc == 0 && i < src->n_items; i++) {
		acc_item_rec it;
		acc_inventory_item(src, i, &it, kv, ACC_ATTRS_MAX);
		rc = acc_inv_add_item_at(inv, &it, file, (uint32_t)i + 1, err);
	}
	return rc;
}

size_t
acc_inventory_item_count(const acc_inventory *inv)
{
	return inv->n_items;
}

size_t
acc_inventory_facility_count(const acc_inventory *inv)
{
	return inv->n_facilities;
}

const char *
acc_inventory_party(const acc_inventory *inv)
{
	return inv->party;
}

acc_date
acc_inventory_as_of(const acc_inventory *inv)
{
	return inv->as_of;
}

const acc_treaty *
acc_inventory_treaty(const acc_inventory *inv)
{
	return inv->treaty;
}

static size_t
attrs_view(const acc_inventory *inv, uint32_t off, uint32_t n,
    acc_attr_kv *out, size_t max)
{
	size_t i;

	for (i = 0; i < n && i < max; i++) {
		out[i].key = inv->attr_names[inv->attrs[off + i].key];
		out[i].value = inv->attrs[off + i].value;
	}
	return i;
}

void
acc_inventory_item(const acc_inventory *inv, size_t i, acc_item_rec *out,
    acc_attr_kv *attrs, size_t max_attrs)
{
	const struct acc_item *x = &inv->items[i];
	const struct acc_treaty *t = inv->treaty;

	out->uid = x->uid;
	out->type = t->types[x->type].e.id;
	out->status = t->statuses[x->status].id;
	out->facility = x->facility != ACC_NONE ?
	    inv->facilities[x->facility].id : x->facility_ref;
	out->warheads = x->warheads;
	out->contained_in = x->container != ACC_NONE ?
	    inv->items[x->container].uid : x->container_ref;
	out->name = x->name;
	out->n_attrs = attrs_view(inv, x->attr_off, x->n_attrs, attrs,
	    max_attrs);
	out->attrs = attrs;
}

void
acc_inventory_facility(const acc_inventory *inv, size_t i,
    acc_facility_rec *out, acc_attr_kv *attrs, size_t max_attrs)
{
	const struct acc_facility *f = &inv->facilities[i];

	out->id = f->id;
	out->kind = inv->treaty->kinds[f->kind].id;
	out->name = f->name;
	out->n_attrs = attrs_view(inv, f->attr_off, f->n_attrs, attrs,
	    max_attrs);
	out->attrs = attrs;
}
