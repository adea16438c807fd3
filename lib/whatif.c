/*
 * What a draft demands of an inventory: scenarios (a draft with chosen
 * counting rules and maxima), public estimates read as inventories, and
 * the adjustment plan that brings a party within every limit. Counts with
 * the treaty's compiled rules; never prints and never changes the
 * inventory it is given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/negotiate.h>

#include "inventory_int.h"
#include "negotiate_int.h"
#include "treaty_int.h"
#include "ydoc.h"

/* ---- scenarios ---------------------------------------------------------- */

void
acc_scenario_init(acc_scenario *s, const acc_treaty *t)
{
	size_t l;

	memset(s, 0, sizeof(*s));
	s->treaty = t;
	s->n_limits = t->n_limits;
	for (l = 0; l < t->n_limits; l++) {
		s->variant[l] = -1;
		s->max[l] = t->limits[l].max;
	}
}

/* A whole number of at most 18 digits, or -1. */
static int64_t
parse_count(const char *s)
{
	int64_t v = 0;
	size_t i;

	if (s[0] == '\0' || strlen(s) > 18)
		return -1;
	for (i = 0; s[i]; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
acc_scenario_set(acc_scenario *s, const char *spec, bool is_variant,
    const char *opt, acc_err *err)
{
	const struct acc_treaty *t = s->treaty;
	const char *eq = strchr(spec, '=');
	char lim[ACC_ID_MAX + 1];
	const char *val;
	int l;
	size_t v;

	if (eq == NULL || eq == spec || (size_t)(eq - spec) > ACC_ID_MAX)
		return acc_err_set(err, ACC_EINVAL, opt,
		    "expected LIMIT=%s, got \"%.64s\"",
		    is_variant ? "VARIANT" : "MAX", spec);
	memcpy(lim, spec, (size_t)(eq - spec));
	lim[eq - spec] = '\0';
	val = eq + 1;
	l = acc_treaty_limit_find(t, lim);
	if (l < 0)
		return acc_err_set(err, ACC_EINVAL, opt,
		    "the draft %s has no limit \"%.64s\"", t->id, lim);
	if (!is_variant) {
		int64_t m = strcmp(val, "none") == 0 ? ACC_NO_LIMIT :
		    parse_count(val);
		if (m == -1 && strcmp(val, "none") != 0)
			return acc_err_set(err, ACC_EINVAL, opt,
			    "expected a whole number or none for %s, got "
			    "\"%.64s\"", lim, val);
		s->max[l] = m;
		return 0;
	}
	if (strcmp(val, "default") == 0) {
		s->variant[l] = -1;
		return 0;
	}
	for (v = 0; v < t->limits[l].n_variants; v++)
		if (strcmp(t->limits[l].variants[v].e.id, val) == 0) {
			s->variant[l] = (int)v;
			return 0;
		}
	return acc_err_set(err, ACC_EINVAL, opt,
	    "limit %s of the draft has no counting rule \"%.64s\" (default "
	    "or one of its variants)", lim, val);
}

/* ---- estimates ---------------------------------------------------------- */

struct est {
	acc_ydoc *doc;
	acc_err *err;
};

static int
est_err(struct est *e, const acc_ynode *n, const char *path, const char *fmt,
    const char *a)
{
	char pos[200], where[256];

	acc_ynode_where(pos, sizeof(pos), e->doc, n);
	snprintf(where, sizeof(where), "%s %s", pos, path);
	return acc_err_set(e->err, ACC_EINVAL, where, fmt, a ? a : "");
}

static int
est_scalar(struct est *e, const acc_ynode *map, const char *key,
    const char *path, bool required, const acc_ynode **out)
{
	const acc_ynode *n = acc_ynode_get(map, key);
	char p[160];

	*out = NULL;
	snprintf(p, sizeof(p), "%s%s%s", path, *path ? "." : "", key);
	if (n == NULL) {
		if (required)
			return est_err(e, map, path,
			    "missing required key \"%s\"", key);
		return 0;
	}
	if (n->kind != ACC_Y_SCALAR || n->len == 0)
		return est_err(e, n, p, "expected a value for \"%s\"", key);
	*out = n;
	return 0;
}

static int
est_keys(struct est *e, const acc_ynode *map, const char *path,
    const char *const *allowed)
{
	size_t i, j;

	for (i = 0; i < map->n; i++) {
		bool ok = false;
		for (j = 0; allowed[j]; j++)
			ok = ok || strcmp(map->keys[i]->value, allowed[j]) == 0;
		if (!ok) {
			char q[100];
			acc_quote(q, sizeof(q), map->keys[i]->value,
			    map->keys[i]->len);
			return est_err(e, map->keys[i], path,
			    "unknown key \"%s\"", q);
		}
	}
	return 0;
}

static int
est_row(struct est *e, acc_inventory *inv, const acc_ynode *row, size_t r,
    const char *party, size_t *total)
{
	static const char *const keys[] = { "type", "status", "count",
		"warheads", "attributes", "facility_kind", "note", NULL };
	const struct acc_treaty *t = inv->treaty;
	const acc_ynode *ty, *st, *cn, *wh, *fk, *attrs;
	acc_attr_kv kv[ACC_ATTRS_MAX];
	acc_facility_rec fac = { 0 };
	char p[64], fid[ACC_ID_MAX + 1], where[300], pos[200];
	int64_t count, wsum = -1, each = 0, extra = 0;
	size_t i, n_kv = 0;
	uint32_t seen;
	int type, kind = 0, rc;

	snprintf(p, sizeof(p), "holdings[%zu]", r);
	if (row->kind != ACC_Y_MAP)
		return est_err(e, row, p, "expected a mapping%s", NULL);
	rc = est_keys(e, row, p, keys);
	if (rc == 0)
		rc = est_scalar(e, row, "type", p, true, &ty);
	if (rc == 0)
		rc = est_scalar(e, row, "status", p, true, &st);
	if (rc == 0)
		rc = est_scalar(e, row, "count", p, true, &cn);
	if (rc == 0)
		rc = est_scalar(e, row, "warheads", p, false, &wh);
	if (rc == 0)
		rc = est_scalar(e, row, "facility_kind", p, false, &fk);
	if (rc != 0)
		return rc;
	type = acc_treaty_type_find(t, ty->value, ty->len);
	if (type < 0)
		return est_err(e, ty, p, "the draft has no item type \"%.64s\"",
		    ty->value);
	if (acc_treaty_status_find(t, st->value, st->len) < 0)
		return est_err(e, st, p, "the draft has no status \"%.64s\"",
		    st->value);
	count = parse_count(cn->value);
	if (count < 0)
		return est_err(e, cn, p, "expected a whole number, got "
		    "\"%.64s\"", cn->value);
	if (count > (int64_t)(ACC_ESTIMATES_ITEMS_MAX - *total))
		return acc_err_set(e->err, ACC_ELIMIT, e->doc->name,
		    "more than %u units in all", ACC_ESTIMATES_ITEMS_MAX);
	*total += (size_t)count;
	if (wh != NULL) {
		if (!t->types[type].carries_warheads)
			return est_err(e, wh, p, "type %s carries no warheads",
			    ty->value);
		wsum = parse_count(wh->value);
		if (wsum < 0 || (count == 0 && wsum > 0) ||
		    (count > 0 && wsum / count >= ACC_WARHEADS_MAX))
			return est_err(e, wh, p, "expected the warheads of the "
			    "whole group, a whole number of at most 1000 per "
			    "unit, got \"%.64s\"", wh->value);
		if (count > 0) {
			each = wsum / count;
			extra = wsum % count;
		}
	} else if (t->types[type].carries_warheads) {
		return est_err(e, row, p, "type %s carries warheads: give "
		    "warheads (the group's total)", ty->value);
	}
	if (fk != NULL) {
		kind = acc_treaty_kind_find(t, fk->value, fk->len);
		if (kind < 0)
			return est_err(e, fk, p, "the draft has no facility "
			    "kind \"%.64s\"", fk->value);
	}
	attrs = acc_ynode_get(row, "attributes");
	if (attrs != NULL) {
		if (attrs->kind != ACC_Y_MAP || attrs->n > ACC_ATTRS_MAX)
			return est_err(e, attrs, p, "expected a mapping of at "
			    "most 32 attributes%s", NULL);
		for (i = 0; i < attrs->n; i++) {
			if (attrs->items[i]->kind != ACC_Y_SCALAR)
				return est_err(e, attrs->items[i], p,
				    "expected a text value%s", NULL);
			kv[n_kv].key = attrs->keys[i]->value;
			kv[n_kv].value = attrs->items[i]->value;
			n_kv++;
		}
	}
	/* one facility per kind used: EST-<kind> */
	snprintf(fid, sizeof(fid), "EST-%s", t->kinds[kind].id);
	acc_ynode_where(pos, sizeof(pos), e->doc, row);
	snprintf(where, sizeof(where), "%s %s", pos, p);
	if (acc_strmap_get(&inv->fac_ids, fid, &seen) != 0) {
		fac.id = fid;
		fac.kind = t->kinds[kind].id;
		fac.name = "estimated holdings";
		rc = acc_inventory_add_facility(inv, &fac, where, row->line,
		    e->err);
		if (rc != 0)
			return rc;
	}
	for (i = 0; i < (size_t)count; i++) {
		acc_item_rec it = { 0 };
		char uid[ACC_ID_MAX + 1];
		snprintf(uid, sizeof(uid), "%s-E%zu-%zu", party, r + 1, i + 1);
		it.uid = uid;
		it.type = t->types[type].e.id;
		it.status = st->value;
		it.facility = fid;
		it.warheads = wsum < 0 ? -1 : each + ((int64_t)i < extra);
		it.n_attrs = n_kv;
		it.attrs = kv;
		rc = acc_inventory_add_item(inv, &it, where, row->line,
		    e->err);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int
acc_estimates_parse(acc_inventory **out, const acc_treaty *t,
    const char *text, size_t len, const char *name, acc_err *err)
{
	static const char *const keys[] = { "format", "party", "as_of",
		"illustrative", "source", "description", "holdings", NULL };
	acc_ydoc doc = { 0 };
	acc_inventory *inv = NULL;
	struct est e = { &doc, err };
	const acc_ynode *root, *fmt, *party, *asof, *rows;
	acc_date as_of;
	char where[300], pos[200];
	size_t r, total = 0;
	int rc;

	*out = NULL;
	rc = acc_ydoc_parse(&doc, text, len, name, err);
	if (rc != 0)
		goto done;
	root = doc.root;
	if (root == NULL || root->kind != ACC_Y_MAP) {
		rc = acc_err_set(err, ACC_EINVAL, name,
		    "expected a mapping with format: accord-estimates/1");
		goto done;
	}
	rc = est_keys(&e, root, "", keys);
	if (rc == 0)
		rc = est_scalar(&e, root, "format", "", true, &fmt);
	if (rc == 0 && strcmp(fmt->value, "accord-estimates/1") != 0)
		rc = est_err(&e, fmt, "format", "expected "
		    "\"accord-estimates/1\", got \"%.64s\"", fmt->value);
	if (rc == 0)
		rc = est_scalar(&e, root, "party", "", true, &party);
	if (rc == 0)
		rc = est_scalar(&e, root, "as_of", "", true, &asof);
	if (rc != 0)
		goto done;
	acc_ynode_where(pos, sizeof(pos), &doc, asof);
	snprintf(where, sizeof(where), "%s as_of", pos);
	rc = acc_date_parse(&as_of, asof->value, asof->len, where, err);
	if (rc != 0)
		goto done;
	if (acc_treaty_party_find(t, party->value) < 0) {
		rc = est_err(&e, party, "party", "the draft has no party "
		    "\"%.64s\"", party->value);
		goto done;
	}
	rows = acc_ynode_get(root, "holdings");
	if (rows == NULL || rows->kind != ACC_Y_SEQ || rows->n == 0 ||
	    rows->n > ACC_ESTIMATES_ROWS_MAX) {
		rc = est_err(&e, rows ? rows : root, "holdings",
		    "expected a list of 1 to 1024 holdings%s", NULL);
		goto done;
	}
	rc = acc_inventory_new(&inv, t, err);
	if (rc == 0)
		rc = acc_inventory_set_meta(inv, party->value, as_of, where,
		    err);
	for (r = 0; rc == 0 && r < rows->n; r++)
		rc = est_row(&e, inv, rows->items[r], r, party->value, &total);
	if (rc == 0)
		rc = acc_inventory_finalize(inv, NULL, err);
	if (rc != 0)
		goto done;
	*out = inv;
	inv = NULL;
done:
	acc_inventory_free(inv);
	acc_ydoc_dispose(&doc);
	return rc;
}

int
acc_estimates_load(acc_inventory **out, const acc_treaty *t,
    const char *path, acc_err *err)
{
	acc_buf text = ACC_BUF_INIT(ACC_ESTIMATES_FILE_MAX);
	int rc;

	*out = NULL;
	rc = acc_file_read(&text, path, err);
	if (rc == 0)
		rc = acc_estimates_parse(out, t, text.data ? text.data : "",
		    text.len, path, err);
	acc_buf_dispose(&text);
	return rc;
}

/* ---- the adjustment plan ------------------------------------------------ */

/* An item's tally under scenario s, as if it had status st and w
 * warheads: the treaty's compiled rules, term by term. */
static void
tally_as(const acc_scenario *s, const acc_inventory *inv,
    const struct acc_item *it, unsigned st, int32_t w, int64_t *out)
{
	const struct acc_treaty *t = s->treaty;
	struct acc_item x = *it;
	size_t l, k;

	x.status = (uint8_t)st;
	x.warheads = w;
	for (l = 0; l < s->n_limits; l++) {
		const acc_rule *r = s->variant[l] >= 0 ?
		    &t->limits[l].variants[s->variant[l]].rule :
		    &t->limits[l].rule;
		out[l] = 0;
		for (k = 0; k < r->n_terms; k++) {
			const acc_term *term = &r->terms[k];
			if (!(term->types & (1ull << x.type)))
				continue;
			if (!acc_pred_eval(term->where, inv, &x))
				continue;
			out[l] += term->coef *
			    (term->is_sum ? (w < 0 ? 0 : w) : 1);
		}
	}
}

/* Columns of a group: 0 the item as it is, then one per action. */
struct column {
	acc_action_kind kind;
	int32_t wh_after;
};

struct group {
	size_t rep;            /* item index of the first member */
	size_t first, n, used; /* members: order[first .. first + n) */
	size_t n_cols;
	struct column *cols;
	int64_t *tal;          /* [n_cols][nl] */
	const char *label;
};

struct plan {
	const acc_scenario *s;
	const acc_inventory *inv;
	size_t nl;
	int st_deployed, st_non_deployed, st_eliminated;
};

static const char *
item_label(const acc_inventory *inv, const struct acc_item *it, char *buf,
    size_t len)
{
	const char *model = NULL, *role = NULL;
	uint32_t j;

	for (j = 0; j < it->n_attrs; j++) {
		const struct acc_attr *a = &inv->attrs[it->attr_off + j];
		const char *k = inv->attr_names[a->key];
		if (strcmp(k, "model") == 0)
			model = a->value;
		else if (strcmp(k, "role") == 0)
			role = a->value;
	}
	if (model && role)
		snprintf(buf, len, "%s, %s", model, role);
	else
		snprintf(buf, len, "%s", model ? model : role ? role : "");
	return buf;
}

/* The columns (actions) open to an item. */
static size_t
columns_of(const struct plan *pl, const struct acc_item *it,
    struct column *cols)
{
	const struct acc_treaty *t = pl->s->treaty;
	size_t n = 0;
	int32_t w;

	cols[n].kind = ACC_ACTION_NON_DEPLOY; /* unused: column 0 */
	cols[n++].wh_after = it->warheads;
	if (pl->st_deployed >= 0 && pl->st_non_deployed >= 0 &&
	    it->status == (unsigned)pl->st_deployed) {
		cols[n].kind = ACC_ACTION_NON_DEPLOY;
		cols[n++].wh_after = it->warheads;
	}
	if (t->types[it->type].carries_warheads)
		for (w = it->warheads - 1; w >= 0; w--) {
			cols[n].kind = ACC_ACTION_DOWNLOAD;
			cols[n++].wh_after = w;
		}
	if (pl->st_eliminated >= 0 &&
	    it->status != (unsigned)pl->st_eliminated) {
		cols[n].kind = ACC_ACTION_ELIMINATE;
		cols[n++].wh_after = it->warheads;
	}
	return n;
}

static void
column_tally(const struct plan *pl, const struct acc_item *it,
    const struct column *c, size_t col, int64_t *out)
{
	unsigned st = it->status;

	if (col > 0 && c->kind == ACC_ACTION_NON_DEPLOY)
		st = (unsigned)pl->st_non_deployed;
	else if (col > 0 && c->kind == ACC_ACTION_ELIMINATE)
		st = (unsigned)pl->st_eliminated;
	tally_as(pl->s, pl->inv, it, st, c->wh_after, out);
}

struct keyed {
	uint64_t hash;
	size_t item;
};

static int
cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return x->item < y->item ? -1 : x->item > y->item;
}

static uint64_t
mix(uint64_t h, uint64_t v)
{
	/* FNV-1a over the 8 bytes of v */
	int i;

	for (i = 0; i < 8; i++) {
		h ^= (v >> (8 * i)) & 0xff;
		h *= 0x100000001b3ull;
	}
	return h;
}

/* Everything that decides how an item can change its tally. */
static uint64_t
item_hash(const struct plan *pl, const struct acc_item *it, char *lbuf,
    int64_t *tmp, struct column *cols)
{
	uint64_t h = 0xcbf29ce484222325ull;
	size_t n = columns_of(pl, it, cols), c, l;
	const char *label = item_label(pl->inv, it, lbuf, 160);

	h = mix(h, it->type);
	h = mix(h, it->status);
	h = mix(h, (uint64_t)(int64_t)it->warheads);
	for (c = 0; label[c]; c++)
		h = mix(h, (unsigned char)label[c]);
	h = mix(h, n);
	for (c = 0; c < n; c++) {
		column_tally(pl, it, &cols[c], c, tmp);
		h = mix(h, (uint64_t)cols[c].kind * 0x10000 +
		    (uint64_t)(uint32_t)cols[c].wh_after);
		for (l = 0; l < pl->nl; l++)
			h = mix(h, (uint64_t)tmp[l]);
	}
	return h;
}

/* Whether item it behaves exactly as group g's representative. */
static bool
same_as(const struct plan *pl, const struct group *g,
    const struct acc_item *it, char *lbuf, int64_t *tmp, struct column *cols)
{
	const struct acc_item *rep = &pl->inv->items[g->rep];
	size_t n, c, l;

	if (it->type != rep->type || it->status != rep->status ||
	    it->warheads != rep->warheads ||
	    strcmp(item_label(pl->inv, it, lbuf, 160), g->label) != 0)
		return false;
	n = columns_of(pl, it, cols);
	if (n != g->n_cols)
		return false;
	for (c = 0; c < n; c++) {
		if (cols[c].kind != g->cols[c].kind && c > 0)
			return false;
		column_tally(pl, it, &cols[c], c, tmp);
		for (l = 0; l < pl->nl; l++)
			if (tmp[l] != g->tal[c * pl->nl + l])
				return false;
	}
	return true;
}

static void
groups_free(struct group *g, size_t n)
{
	size_t i;

	for (i = 0; g && i < n; i++) {
		free(g[i].cols);
		free(g[i].tal);
		free((char *)g[i].label);
	}
	free(g);
}

static int
group_new(const struct plan *pl, struct group *g, size_t item, char *lbuf,
    struct column *cols, acc_err *err)
{
	const struct acc_item *it = &pl->inv->items[item];
	size_t c;

	memset(g, 0, sizeof(*g));
	g->rep = item;
	g->n_cols = columns_of(pl, it, cols);
	g->cols = malloc(g->n_cols * sizeof(*g->cols));
	g->tal = malloc(g->n_cols * (pl->nl ? pl->nl : 1) * sizeof(int64_t));
	g->label = strdup(item_label(pl->inv, it, lbuf, 160));
	if (g->cols == NULL || g->tal == NULL || g->label == NULL)
		return acc_err_set(err, ACC_ERR, "what-if", "out of memory");
	memcpy(g->cols, cols, g->n_cols * sizeof(*cols));
	for (c = 0; c < g->n_cols; c++)
		column_tally(pl, it, &g->cols[c], c, &g->tal[c * pl->nl]);
	return 0;
}

/*
 * Group items that behave alike; order[] lists the members of each group
 * contiguously, in inventory order.
 */
static int
make_groups(const struct plan *pl, struct group **out, size_t *n_out,
    size_t *order, acc_err *err)
{
	size_t ni = pl->inv->n_items, i, j, ng = 0, cap = 0;
	struct keyed *k = NULL;
	struct group *g = NULL;
	size_t *gid = NULL, *fill = NULL;
	struct column *cols = NULL;
	int64_t *tmp = NULL;
	char lbuf[160];
	int rc = 0;

	*out = NULL;
	*n_out = 0;
	k = malloc((ni ? ni : 1) * sizeof(*k));
	gid = malloc((ni ? ni : 1) * sizeof(*gid));
	cols = malloc((ACC_WARHEADS_MAX + 4) * sizeof(*cols));
	tmp = malloc((pl->nl ? pl->nl : 1) * sizeof(*tmp));
	if (k == NULL || gid == NULL || cols == NULL || tmp == NULL) {
		rc = acc_err_set(err, ACC_ERR, "what-if", "out of memory");
		goto done;
	}
	for (i = 0; i < ni; i++) {
		k[i].hash = item_hash(pl, &pl->inv->items[i], lbuf, tmp, cols);
		k[i].item = i;
	}
	qsort(k, ni, sizeof(*k), cmp_keyed);
	for (i = 0; i < ni; i = j) {
		size_t run0 = ng;
		for (j = i; j < ni && k[j].hash == k[i].hash; j++) {
			const struct acc_item *it = &pl->inv->items[k[j].item];
			size_t x;
			for (x = run0; x < ng; x++)
				if (same_as(pl, &g[x], it, lbuf, tmp, cols))
					break;
			if (x == ng) {
				if (ng == cap) {
					size_t nc = cap ? cap * 2 : 64;
					struct group *p = realloc(g,
					    nc * sizeof(*p));
					if (p == NULL) {
						rc = acc_err_set(err, ACC_ERR,
						    "what-if",
						    "out of memory");
						goto done;
					}
					g = p;
					cap = nc;
				}
				rc = group_new(pl, &g[ng], k[j].item, lbuf,
				    cols, err);
				ng++;
				if (rc != 0)
					goto done;
			}
			gid[k[j].item] = x;
			g[x].n++;
		}
	}
	/* groups in order of their first item, members in item order */
	for (i = 0; i < ng; i++)
		for (j = i; j > 0 && g[j - 1].rep > g[j].rep; j--) {
			struct group tg = g[j];
			g[j] = g[j - 1];
			g[j - 1] = tg;
		}
	fill = calloc(ng ? ng : 1, sizeof(*fill));
	if (fill == NULL) {
		rc = acc_err_set(err, ACC_ERR, "what-if", "out of memory");
		goto done;
	}
	{
		/* gid holds pre-sort group numbers: map them by rep */
		size_t *remap = malloc((ng ? ng : 1) * sizeof(*remap));
		if (remap == NULL) {
			rc = acc_err_set(err, ACC_ERR, "what-if",
			    "out of memory");
			goto done;
		}
		for (i = 0; i < ng; i++)
			remap[gid[g[i].rep]] = i;
		for (i = 0, j = 0; i < ng; i++) {
			g[i].first = j;
			j += g[i].n;
		}
		for (i = 0; i < ni; i++) {
			size_t x = remap[gid[i]];
			order[g[x].first + fill[x]++] = i;
		}
		free(remap);
	}
	*out = g;
	*n_out = ng;
	g = NULL;
	ng = 0;
done:
	groups_free(g, ng);
	free(k);
	free(gid);
	free(fill);
	free(cols);
	free(tmp);
	return rc;
}

static int64_t
ceil_div(int64_t a, int64_t b)
{
	return a <= 0 ? 0 : (a + b - 1) / b;
}

/* Lower bound on the items still to change: per exceeded limit, its
 * excess over the most any one remaining item can take off it. */
static int64_t
bound(const struct plan *pl, const int64_t *value, const int64_t *best)
{
	int64_t lb = 0, x;
	size_t l;

	for (l = 0; l < pl->nl; l++) {
		int64_t ex;
		if (pl->s->max[l] < 0 || value[l] <= pl->s->max[l])
			continue;
		ex = value[l] - pl->s->max[l];
		if (best[l] <= 0)
			return INT64_MAX;
		x = ceil_div(ex, best[l]);
		if (x > lb)
			lb = x;
	}
	return lb;
}

static void
best_reduction(const struct plan *pl, const struct group *g, size_t ng,
    int64_t *best)
{
	size_t i, c, l;

	memset(best, 0, pl->nl * sizeof(*best));
	for (i = 0; i < ng; i++) {
		if (g[i].used == g[i].n)
			continue;
		for (c = 1; c < g[i].n_cols; c++)
			for (l = 0; l < pl->nl; l++) {
				int64_t r = g[i].tal[l] -
				    g[i].tal[c * pl->nl + l];
				if (r > best[l])
					best[l] = r;
			}
	}
}

struct choice {
	size_t group, col;
	int64_t lb, covered;
};

/* Whether candidate a is better than b. */
static bool
better(const struct group *g, const struct choice *a, const struct choice *b)
{
	const struct column *ca = &g[a->group].cols[a->col];
	const struct column *cb = &g[b->group].cols[b->col];

	if (a->lb != b->lb)
		return a->lb < b->lb;
	if (a->covered != b->covered)
		return a->covered > b->covered;
	if (ca->kind != cb->kind)
		return ca->kind < cb->kind;
	if (ca->wh_after != cb->wh_after)
		return ca->wh_after > cb->wh_after;
	return a->group < b->group;
}

static int
add_step(acc_whatif *w, const struct plan *pl, const struct group *g,
    const size_t *order, size_t gi, size_t col, acc_err *err)
{
	const struct acc_treaty *t = pl->s->treaty;
	const struct group *x = &g[gi];
	const struct acc_item *rep = &pl->inv->items[x->rep];
	acc_action *a = NULL;
	const char **u;
	size_t i;

	/* the same action on like items as an earlier step: extend it */
	for (i = 0; i < w->n_actions; i++) {
		a = &w->actions[i];
		if (a->kind == x->cols[col].kind &&
		    a->warheads_after == x->cols[col].wh_after &&
		    a->warheads == rep->warheads &&
		    a->type == t->types[rep->type].e.id &&
		    a->status == t->statuses[rep->status].id &&
		    strcmp(a->label, x->label) == 0)
			break;
	}
	if (i == w->n_actions) {
		acc_action *p = realloc(w->actions,
		    (w->n_actions + 1) * sizeof(*p));
		if (p == NULL)
			return acc_err_set(err, ACC_ERR, "what-if",
			    "out of memory");
		w->actions = p;
		a = &p[w->n_actions++];
		memset(a, 0, sizeof(*a));
		a->kind = x->cols[col].kind;
		a->type = t->types[rep->type].e.id;
		a->status = t->statuses[rep->status].id;
		a->label = strdup(x->label);
		if (a->label == NULL)
			return acc_err_set(err, ACC_ERR, "what-if",
			    "out of memory");
		a->warheads = rep->warheads;
		a->warheads_after = x->cols[col].wh_after;
	}
	u = realloc(a->uids, (a->n_items + 1) * sizeof(*u));
	if (u == NULL)
		return acc_err_set(err, ACC_ERR, "what-if", "out of memory");
	a->uids = u;
	u[a->n_items++] = pl->inv->items[order[x->first + x->used]].uid;
	return 0;
}

static int
plan_make(acc_whatif *w, const struct plan *pl, int64_t *value,
    acc_err *err)
{
	struct group *g = NULL;
	size_t ng = 0, *order = NULL, i, c, l;
	int64_t best[ACC_LIMITS_MAX], lb;
	int rc;

	order = malloc((pl->inv->n_items ? pl->inv->n_items : 1) *
	    sizeof(*order));
	if (order == NULL)
		return acc_err_set(err, ACC_ERR, "what-if", "out of memory");
	rc = make_groups(pl, &g, &ng, order, err);
	if (rc != 0)
		goto done;
	best_reduction(pl, g, ng, best);
	lb = bound(pl, value, best);
	w->lower_bound = lb == INT64_MAX ? 0 : (size_t)lb;
	for (;;) {
		struct choice pick = { 0, 0, INT64_MAX, 0 };
		bool found = false;

		best_reduction(pl, g, ng, best);
		if (bound(pl, value, best) == 0)
			break;
		for (i = 0; i < ng; i++) {
			if (g[i].used == g[i].n)
				continue;
			for (c = 1; c < g[i].n_cols; c++) {
				int64_t after[ACC_LIMITS_MAX];
				struct choice ch = { i, c, 0, 0 };
				bool ok = true;
				for (l = 0; l < pl->nl && ok; l++) {
					int64_t d = g[i].tal[c * pl->nl + l] -
					    g[i].tal[l];
					int64_t m = pl->s->max[l];
					after[l] = value[l] + d;
					if (m < 0)
						continue;
					if (value[l] <= m && after[l] > m)
						ok = false;
					if (value[l] > m && d > 0)
						ok = false;
					if (value[l] > m && d < 0)
						ch.covered += -d <
						    value[l] - m ? -d :
						    value[l] - m;
				}
				if (!ok || ch.covered == 0)
					continue;
				ch.lb = bound(pl, after, best);
				if (!found || better(g, &ch, &pick)) {
					pick = ch;
					found = true;
				}
			}
		}
		if (!found)
			break;
		rc = add_step(w, pl, g, order, pick.group, pick.col, err);
		if (rc != 0)
			goto done;
		for (l = 0; l < pl->nl; l++)
			value[l] += g[pick.group].tal[pick.col * pl->nl + l] -
			    g[pick.group].tal[l];
		g[pick.group].used++;
		w->touched++;
	}
	w->complete = bound(pl, value, best) == 0;
done:
	groups_free(g, ng);
	free(order);
	return rc;
}

int
acc_whatif_make(acc_whatif *w, const acc_inventory *inv,
    const acc_scenario *s, acc_err *err)
{
	const struct acc_treaty *t = s->treaty;
	struct plan pl = { s, inv, t->n_limits, -1, -1, -1 };
	int64_t value[ACC_LIMITS_MAX], tal[ACC_LIMITS_MAX];
	size_t i, l;
	int rc;

	memset(w, 0, sizeof(*w));
	if (inv->treaty != t)
		return acc_err_set(err, ACC_EINVAL, "what-if",
		    "the inventory is not counted under draft %s", t->id);
	pl.st_deployed = acc_treaty_status_find(t, "deployed", 8);
	pl.st_non_deployed = acc_treaty_status_find(t, "non_deployed", 12);
	pl.st_eliminated = acc_treaty_status_find(t, "eliminated", 10);
	memset(value, 0, sizeof(value));
	for (i = 0; i < inv->n_items; i++) {
		const struct acc_item *it = &inv->items[i];
		tally_as(s, inv, it, it->status, it->warheads, tal);
		for (l = 0; l < t->n_limits; l++)
			value[l] += tal[l];
	}
	snprintf(w->party, sizeof(w->party), "%s", inv->party);
	w->as_of = inv->as_of;
	w->n_items = inv->n_items;
	w->n_limits = t->n_limits;
	for (l = 0; l < t->n_limits; l++) {
		acc_whatif_limit *x = &w->limits[l];
		x->id = t->limits[l].e.id;
		x->article = t->limits[l].e.article ? t->limits[l].e.article :
		    "";
		x->variant = s->variant[l] >= 0 ?
		    t->limits[l].variants[s->variant[l]].e.id : "default";
		x->max = s->max[l];
		x->value = value[l];
		x->margin = x->max < 0 ? 0 : x->max - value[l];
		if (x->max >= 0 && x->margin < 0)
			w->n_over++;
	}
	rc = plan_make(w, &pl, value, err);
	for (l = 0; l < t->n_limits; l++)
		w->limits[l].after = value[l];
	if (rc != 0)
		acc_whatif_dispose(w);
	return rc;
}

void
acc_whatif_dispose(acc_whatif *w)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->n_actions; i++) {
		free((char *)w->actions[i].label);
		free(w->actions[i].uids);
	}
	free(w->actions);
	w->actions = NULL;
	w->n_actions = 0;
}
