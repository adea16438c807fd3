/*
 * Inventory files: CSV (docs/formats.md, "Inventory CSV") and JSON
 * ("Inventory JSON") into records of an acc_inventory. Owns the file
 * formats and their messages; the rules that span records live in
 * lib/inventory.c.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <accord/buf.h>

#include "cjson.h"
#include "csv.h"
#include "inventory_int.h"
#include "limits.h"
#include "treaty_int.h"

#define INVENTORY_FORMAT "accord-inventory/1"

enum col {
	C_RECORD,
	C_ID,
	C_TYPE,
	C_STATUS,
	C_FACILITY,
	C_WARHEADS,
	C_CONTAINED_IN,
	C_NAME,
	C_CORE
};

static const char *const core_cols[C_CORE] = { "record", "id", "type",
	"status", "facility", "warheads", "contained_in", "name" };

/* Meta keys common to CSV and JSON. */
static int
meta_set(struct acc_inventory *inv, const char *key, const char *value,
    const char *where, acc_err *err)
{
	char q[300];

	acc_quote(q, sizeof(q), value, strlen(value));
	if (strcmp(key, "format") == 0) {
		if (strcmp(value, INVENTORY_FORMAT) != 0)
			return acc_err_set(err, ACC_EINVAL, where,
			    "expected format \"" INVENTORY_FORMAT "\", got "
			    "\"%s\"", q);
		return 0;
	}
	if (strcmp(key, "treaty") == 0) {
		if (strcmp(value, inv->treaty->id) != 0)
			return acc_err_set(err, ACC_EINVAL, where,
			    "the file is for treaty \"%s\", this workspace "
			    "counts under \"%s\"", q, inv->treaty->id);
		return 0;
	}
	if (strcmp(key, "party") == 0)
		return acc_inventory_set_meta(inv, value, ACC_DATE_NONE, where,
		    err);
	if (strcmp(key, "as_of") == 0) {
		acc_date d;
		int rc = acc_date_parse(&d, value, strlen(value), where, err);
		if (rc != 0)
			return rc;
		return acc_inventory_set_meta(inv, NULL, d, where, err);
	}
	acc_quote(q, sizeof(q), key, strlen(key));
	return acc_err_set(err, ACC_EINVAL, where,
	    "unknown meta key \"%s\" (expected format, treaty, party or "
	    "as_of)", q);
}

static bool
meta_key_known(const char *k)
{
	return strcmp(k, "format") == 0 || strcmp(k, "treaty") == 0 ||
	    strcmp(k, "party") == 0 || strcmp(k, "as_of") == 0;
}

/* An attribute column name: a lowercase letter, then [a-z0-9_]. */
static bool
attr_name_ok(const char *s)
{
	size_t i;

	if (!islower((unsigned char)s[0]))
		return false;
	for (i = 1; s[i]; i++)
		if (!islower((unsigned char)s[i]) &&
		    !isdigit((unsigned char)s[i]) && s[i] != '_')
			return false;
	return i <= ACC_ID_MAX;
}

static int
parse_warheads(const char *s, int64_t *out, const char *where, acc_err *err)
{
	char q[300];
	int64_t v = 0;
	size_t i;

	if (s[0] == '\0') {
		*out = -1;
		return 0;
	}
	if (s[0] == '-' && s[1] != '\0') {
		for (i = 1; s[i]; i++)
			if (!isdigit((unsigned char)s[i]))
				goto bad;
		acc_quote(q, sizeof(q), s, strlen(s));
		return acc_err_set(err, ACC_EINVAL, where,
		    "warheads cannot be negative (got \"%s\")", q);
	}
	for (i = 0; s[i]; i++) {
		if (!isdigit((unsigned char)s[i]) || i >= 9)
			goto bad;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
bad:
	acc_quote(q, sizeof(q), s, strlen(s));
	return acc_err_set(err, ACC_EINVAL, where,
	    "expected a whole number of warheads, got \"%s\"", q);
}

static int
read_csv(struct acc_inventory *inv, const char *data, size_t len, int file,
    const char *name, acc_err *err)
{
	acc_csv c;
	int cols[C_CORE];
	size_t n_cols = 0;
	size_t attr_col[ACC_CSV_COLUMNS_MAX];
	char attr_names[ACC_CSV_COLUMNS_MAX][ACC_ID_MAX + 1];
	size_t n_attr = 0;
	acc_attr_kv kv[ACC_CSV_COLUMNS_MAX];
	uint32_t line = 0;
	size_t i, k;
	int rc;
	char where[300];

	acc_csv_init(&c, data, len, name);
	for (i = 0; i < C_CORE; i++)
		cols[i] = -1;
	rc = acc_csv_next(&c, &line, err);
	if (rc < 0)
		goto done;
	if (rc == 0) {
		rc = acc_err_set(err, ACC_EINVAL, name,
		    "empty file: expected a header row (record,id,type,...)");
		goto done;
	}
	n_cols = c.n_fields;
	for (i = 0; i < n_cols; i++) {
		const char *h = c.fields[i];
		bool core = false;
		for (k = 0; k < C_CORE; k++) {
			if (strcmp(h, core_cols[k]) == 0) {
				if (cols[k] >= 0) {
					snprintf(where, sizeof(where),
					    "%s:1 %s", name, h);
					rc = acc_err_set(err, ACC_EINVAL, where,
					    "column \"%s\" appears twice", h);
					goto done;
				}
				cols[k] = (int)i;
				core = true;
			}
		}
		if (core)
			continue;
		if (c.lens[i] == 0 || c.lens[i] > ACC_ID_MAX ||
		    !attr_name_ok(h)) {
			char q[300];
			acc_quote(q, sizeof(q), h, c.lens[i]);
			snprintf(where, sizeof(where), "%s:1 %s", name, q);
			rc = acc_err_set(err, ACC_EINVAL, where,
			    "column %zu: expected an attribute name (a "
			    "lowercase letter, then lowercase letters, digits "
			    "or '_', at most 64), got \"%s\"", i + 1, q);
			goto done;
		}
		for (k = 0; k < n_attr; k++) {
			if (strcmp(attr_names[k], h) == 0) {
				snprintf(where, sizeof(where), "%s:1 %s", name,
				    h);
				rc = acc_err_set(err, ACC_EINVAL, where,
				    "column \"%s\" appears twice", h);
				goto done;
			}
		}
		memcpy(attr_names[n_attr], h, c.lens[i] + 1);
		attr_col[n_attr++] = i;
	}
	for (k = 0; k < 3; k++) {
		if (cols[k] < 0) {
			snprintf(where, sizeof(where), "%s:1", name);
			rc = acc_err_set(err, ACC_EINVAL, where,
			    "missing column \"%s\" (the header must name "
			    "record, id and type)", core_cols[k]);
			goto done;
		}
	}
	for (;;) {
		const char *f[C_CORE];
		const char *rec;

		rc = acc_csv_next(&c, &line, err);
		if (rc < 0)
			goto done;
		if (rc == 0)
			break;
		if (c.n_fields == 1 && c.lens[0] == 0)
			continue; /* an empty line */
		if (c.n_fields != n_cols) {
			snprintf(where, sizeof(where), "%s:%u", name, line);
			rc = acc_err_set(err, ACC_EINVAL, where,
			    "row has %zu fields, the header has %zu",
			    c.n_fields, n_cols);
			goto done;
		}
		for (k = 0; k < C_CORE; k++)
			f[k] = cols[k] >= 0 ? c.fields[cols[k]] : "";
		for (k = 0; k < n_attr; k++) {
			kv[k].key = attr_names[k];
			kv[k].value = c.fields[attr_col[k]];
		}
		rec = f[C_RECORD];
		if (strcmp(rec, "item") == 0) {
			acc_item_rec it;
			snprintf(where, sizeof(where), "%s:%u warheads", name,
			    line);
			rc = parse_warheads(f[C_WARHEADS], &it.warheads, where,
			    err);
			if (rc != 0)
				goto done;
			it.uid = f[C_ID];
			it.type = f[C_TYPE];
			it.status = f[C_STATUS];
			it.facility = f[C_FACILITY];
			it.contained_in = f[C_CONTAINED_IN];
			it.name = f[C_NAME];
			it.n_attrs = n_attr;
			it.attrs = kv;
			rc = acc_inv_add_item_at(inv, &it, file, line, err);
		} else if (strcmp(rec, "facility") == 0) {
			acc_facility_rec fr;
			static const int unused[] = { C_STATUS, C_FACILITY,
				C_WARHEADS, C_CONTAINED_IN };
			for (k = 0; k < 4; k++) {
				if (f[unused[k]][0] != '\0') {
					snprintf(where, sizeof(where), "%s:%u %s",
					    name, line, core_cols[unused[k]]);
					rc = acc_err_set(err, ACC_EINVAL, where,
					    "a facility row leaves %s empty",
					    core_cols[unused[k]]);
					goto done;
				}
			}
			fr.id = f[C_ID];
			fr.kind = f[C_TYPE];
			fr.name = f[C_NAME];
			fr.n_attrs = n_attr;
			fr.attrs = kv;
			rc = acc_inv_add_facility_at(inv, &fr, file, line, err);
		} else if (strcmp(rec, "meta") == 0) {
			if (!meta_key_known(f[C_ID])) {
				char q[300];
				snprintf(where, sizeof(where), "%s:%u id", name,
				    line);
				acc_quote(q, sizeof(q), f[C_ID],
				    strlen(f[C_ID]));
				rc = acc_err_set(err, ACC_EINVAL, where,
				    "unknown meta key \"%s\" (expected "
				    "format, treaty, party or as_of)", q);
				goto done;
			}
			snprintf(where, sizeof(where), "%s:%u name", name,
			    line);
			rc = meta_set(inv, f[C_ID], f[C_NAME], where, err);
		} else {
			char q[300];
			snprintf(where, sizeof(where), "%s:%u record", name,
			    line);
			acc_quote(q, sizeof(q), rec, strlen(rec));
			rc = acc_err_set(err, ACC_EINVAL, where,
			    "expected meta, facility or item, got \"%s\"", q);
		}
		if (rc != 0)
			goto done;
	}
	rc = 0;
done:
	acc_csv_dispose(&c);
	return rc;
}

/* JSON helpers: strict keys and typed fields with JSON-path messages. */
static int
jfail(acc_err *err, const char *name, const char *path, const char *fmt,
    const char *a)
{
	char where[300];

	snprintf(where, sizeof(where), "%s %s", name, path);
	return acc_err_set(err, ACC_EINVAL, where, fmt, a);
}

static int
jkeys(json_t *obj, const char *const *allowed, const char *name,
    const char *path, acc_err *err)
{
	const char *key;
	json_t *v;
	size_t i;

	json_object_foreach(obj, key, v) {
		bool ok = false;
		(void)v;
		for (i = 0; allowed[i]; i++)
			if (strcmp(key, allowed[i]) == 0)
				ok = true;
		if (!ok) {
			char q[300], p[400];
			acc_quote(q, sizeof(q), key, strlen(key));
			snprintf(p, sizeof(p), "%s%s%s", path, *path ? "." : "",
			    q);
			return jfail(err, name, p, "unknown key \"%s\"", q);
		}
	}
	return 0;
}

static int
jstr(json_t *obj, const char *key, bool required, const char **out,
    const char *name, const char *path, acc_err *err)
{
	json_t *v = json_object_get(obj, key);
	char p[400];

	snprintf(p, sizeof(p), "%s%s%s", path, *path ? "." : "", key);
	*out = NULL;
	if (v == NULL || json_is_null(v)) {
		if (required)
			return jfail(err, name, p, "missing required %s", key);
		return 0;
	}
	if (!json_is_string(v))
		return jfail(err, name, p, "expected a string for %s", key);
	if (strlen(json_string_value(v)) != json_string_length(v))
		return jfail(err, name, p, "a NUL character in %s", key);
	*out = json_string_value(v);
	return 0;
}

static int
jattrs(json_t *obj, acc_attr_kv *kv, size_t *n, const char *name,
    const char *path, acc_err *err)
{
	json_t *a = json_object_get(obj, "attrs");
	const char *key;
	json_t *v;
	char p[400];

	*n = 0;
	snprintf(p, sizeof(p), "%s.attrs", path);
	if (a == NULL)
		return 0;
	if (!json_is_object(a))
		return jfail(err, name, p, "expected an object of strings%s",
		    "");
	json_object_foreach(a, key, v) {
		if (*n >= ACC_ATTRS_MAX)
			return jfail(err, name, p, "more than 32 attributes%s",
			    "");
		if (!json_is_string(v)) {
			char pk[500];
			snprintf(pk, sizeof(pk), "%s.%.64s", p, key);
			return jfail(err, name, pk,
			    "expected a string value%s", "");
		}
		kv[*n].key = key;
		kv[*n].value = json_string_value(v);
		(*n)++;
	}
	return 0;
}

static int
read_json(struct acc_inventory *inv, const char *data, size_t len, int file,
    const char *name, acc_err *err)
{
	static const char *const root_keys[] = { "format", "treaty", "party",
		"as_of", "facilities", "items", NULL };
	static const char *const fac_keys[] = { "id", "kind", "name", "attrs",
		NULL };
	static const char *const item_keys[] = { "uid", "type", "status",
		"facility", "warheads", "contained_in", "name", "attrs", NULL };
	static const char *const meta[] = { "format", "treaty", "party",
		"as_of" };
	json_error_t jerr;
	json_t *root = NULL, *list;
	acc_attr_kv kv[ACC_ATTRS_MAX];
	size_t i;
	int rc = 0;
	char path[300], where[400];

	if (len > ACC_INVENTORY_JSON_MAX)
		return acc_err_set(err, ACC_ELIMIT, name,
		    "JSON inventory larger than %u bytes (use CSV)",
		    ACC_INVENTORY_JSON_MAX);
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		snprintf(where, sizeof(where), "%s:%d:%d", name, jerr.line,
		    jerr.column);
		return acc_err_set(err, ACC_EINVAL, where, "malformed JSON: %s",
		    jerr.text);
	}
	if (!json_is_object(root)) {
		rc = acc_err_set(err, ACC_EINVAL, name,
		    "expected a JSON object at the top level");
		goto done;
	}
	rc = jkeys(root, root_keys, name, "", err);
	if (rc != 0)
		goto done;
	for (i = 0; i < 4; i++) {
		const char *v;
		rc = jstr(root, meta[i], i == 0, &v, name, "", err);
		if (rc != 0)
			goto done;
		if (v == NULL)
			continue;
		snprintf(where, sizeof(where), "%s %s", name, meta[i]);
		rc = meta_set(inv, meta[i], v, where, err);
		if (rc != 0)
			goto done;
	}
	list = json_object_get(root, "facilities");
	if (list != NULL && !json_is_array(list)) {
		rc = jfail(err, name, "facilities", "expected a list%s", "");
		goto done;
	}
	for (i = 0; list && i < json_array_size(list); i++) {
		json_t *o = json_array_get(list, i);
		acc_facility_rec f;
		snprintf(path, sizeof(path), "facilities[%zu]", i);
		if (!json_is_object(o)) {
			rc = jfail(err, name, path, "expected an object%s", "");
			goto done;
		}
		rc = jkeys(o, fac_keys, name, path, err);
		if (rc == 0)
			rc = jstr(o, "id", true, &f.id, name, path, err);
		if (rc == 0)
			rc = jstr(o, "kind", true, &f.kind, name, path, err);
		if (rc == 0)
			rc = jstr(o, "name", false, &f.name, name, path, err);
		if (rc == 0)
			rc = jattrs(o, kv, &f.n_attrs, name, path, err);
		f.attrs = kv;
		if (rc == 0)
			rc = acc_inv_add_facility_at(inv, &f, file,
			    (uint32_t)i, err);
		if (rc != 0)
			goto done;
	}
	list = json_object_get(root, "items");
	if (list != NULL && !json_is_array(list)) {
		rc = jfail(err, name, "items", "expected a list%s", "");
		goto done;
	}
	for (i = 0; list && i < json_array_size(list); i++) {
		json_t *o = json_array_get(list, i);
		json_t *w;
		acc_item_rec it;
		snprintf(path, sizeof(path), "items[%zu]", i);
		if (!json_is_object(o)) {
			rc = jfail(err, name, path, "expected an object%s", "");
			goto done;
		}
		rc = jkeys(o, item_keys, name, path, err);
		if (rc == 0)
			rc = jstr(o, "uid", true, &it.uid, name, path, err);
		if (rc == 0)
			rc = jstr(o, "type", true, &it.type, name, path, err);
		if (rc == 0)
			rc = jstr(o, "status", true, &it.status, name, path,
			    err);
		if (rc == 0)
			rc = jstr(o, "facility", true, &it.facility, name,
			    path, err);
		if (rc == 0)
			rc = jstr(o, "contained_in", false, &it.contained_in,
			    name, path, err);
		if (rc == 0)
			rc = jstr(o, "name", false, &it.name, name, path, err);
		if (rc == 0)
			rc = jattrs(o, kv, &it.n_attrs, name, path, err);
		if (rc != 0)
			goto done;
		it.attrs = kv;
		it.warheads = -1;
		w = json_object_get(o, "warheads");
		if (w != NULL && !json_is_null(w)) {
			char pw[400];
			snprintf(pw, sizeof(pw), "%s.warheads", path);
			if (!json_is_integer(w)) {
				rc = jfail(err, name, pw,
				    "expected a whole number%s", "");
				goto done;
			}
			it.warheads = json_integer_value(w);
			if (it.warheads < 0) {
				rc = jfail(err, name, pw,
				    "warheads cannot be negative%s", "");
				goto done;
			}
		}
		rc = acc_inv_add_item_at(inv, &it, file, (uint32_t)i, err);
		if (rc != 0)
			goto done;
	}
done:
	json_decref(root);
	return rc;
}

int
acc_inventory_read_mem(acc_inventory *inv, const char *data, size_t len,
    const char *name, acc_err *err)
{
	size_t i = 0, bad = 0;
	bool json;
	int file;

	if (!acc_utf8_valid(data, len, &bad)) {
		uint32_t line = 1;
		size_t k;
		char where[300];
		for (k = 0; k < bad; k++)
			if (data[k] == '\n')
				line++;
		snprintf(where, sizeof(where), "%s:%u", name, line);
		return acc_err_set(err, ACC_EINVAL, where,
		    "invalid UTF-8 at byte %zu", bad);
	}
	while (i < len && isspace((unsigned char)data[i]))
		i++;
	json = i < len && (data[i] == '{' || data[i] == '[');
	file = acc_inv_file_add(inv, name, json, err);
	if (file < 0)
		return file;
	if (json)
		return read_json(inv, data, len, file, name, err);
	return read_csv(inv, data, len, file, name, err);
}

int
acc_inventory_read(acc_inventory *inv, const char *path, acc_err *err)
{
	acc_buf b = ACC_BUF_INIT(ACC_INVENTORY_FILE_MAX);
	int rc = acc_file_read(&b, path, err);

	if (rc == 0)
		rc = acc_inventory_read_mem(inv, b.data, b.len, path, err);
	acc_buf_dispose(&b);
	return rc;
}
