/*
 * Notification statements (lib/notify.c) from untrusted bytes: the input
 * is a JSON list of statements [{"type": T, "body": {...}, "time"?: T},
 * ...], applied in order with acc_nstate_apply to the state of US under
 * the built-in new-start, reset from a small fixed inventory (eleven
 * items at six facilities: an ICBM base, a submarine base, an air base,
 * a storage facility, a test range and a conversion or elimination
 * facility holding a converted bomber). Inspections survive
 * acc_nstate_reset, so each input gets a state of its own, made from the
 * treaty loaded once: every input meets the same state.
 *
 * Each statement is applied between two snapshots of what the state
 * shows (its items and entries applied, its JSON, the candidates of each
 * inspection kind at every site and at all, the inspections opened per
 * kind and treaty year). A refusal is ACC_EINVAL naming the statement,
 * with a reason, and the snapshots are equal. After an acceptance, the
 * state is checked against a model the harness keeps of what was
 * accepted: the candidates are exactly the eligible items, neither
 * retired nor in transit, at the open eligible sites, sorted, without
 * repeats; inspections opened never exceed a kind's quota and equal the
 * opens accepted; a reveal is accepted only once, for an inspection of
 * this log, with bytes whose SHA-256("accord-commit" || r) is the
 * commitment; a finding only after this log opened and revealed. An open
 * and a reveal the model finds well-formed and allowed must be accepted.
 *
 * The candidates of an accepted inspection.commit are drawn from with
 * acc_inspect_select and a fixed seed (the site drawn and each site
 * named, several numbers of draws), and again, once this log reveals,
 * with the seed acc_jrand_seed makes of its bytes: the items come from
 * that site's list without repeats, as many as asked or all, the same on
 * a second call. An accepted inspection.finding is checked with
 * acc_inspect_check against the state's items, with the state's
 * candidates at its site and with those of every inspection this log
 * hosts that lists the site, each with a selection from them: it returns
 * 0, and each discrepancy is an object with a kind, a UID and a detail
 * (an undeclared UID is no item of the state, a moved one is elsewhere).
 * Last, the state is reconciled with the inventory it started from (no
 * difference when nothing was accepted) and made into an inventory, or
 * refused with a code, a place and a reason.
 *
 * Built with -DFUZZ_EMIT_SEEDS, main() writes the inspection seeds of
 * corpus/statement/ into the directory given (fuzz/README.md): their
 * commitments and reveals are computed here, from fixed bytes.
 */
#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <accord/accord.h>
#include <accord/inspect.h>
#include <accord/jrand.h>

#include "fuzz.h"
#include "inspect.h"
#include "inventory_int.h"
#include "limits.h"
#include "notify.h"

/*
 * Large enough for a candidates list past ACC_INSPECT_CANDIDATES_MAX
 * (its count is checked before its elements); small enough that the
 * quadratic check of a list's repeats stays well under a second.
 */
#define INPUT_MAX (64u << 10)
#define STATEMENTS_MAX 64
#define KINDS_MAX 8
#define YEARS 16                /* new-start: treaty years 0 to 14 */
#define FACS_MAX (16 + STATEMENTS_MAX)
#define TIME_DEFAULT "2021-06-01T12:00:00Z"
#define PARTY "US"

/* What a declaration stores: canonical items, facilities from them. */
static const char inventory[] =
    "["
    "{\"facility\":\"US-MALMSTROM\",\"facility_kind\":\"icbm_base\","
    "\"status\":\"deployed\",\"type\":\"icbm_launcher\","
    "\"uid\":\"US-ICBML-0001\"},"
    "{\"attrs\":{\"model\":\"Minuteman III\"},"
    "\"contained_in\":\"US-ICBML-0001\",\"facility\":\"US-MALMSTROM\","
    "\"facility_kind\":\"icbm_base\",\"status\":\"deployed\","
    "\"type\":\"icbm\",\"uid\":\"US-ICBM-0001\",\"warheads\":1},"
    "{\"facility\":\"US-MALMSTROM\",\"facility_kind\":\"icbm_base\","
    "\"status\":\"non_deployed\",\"type\":\"icbm_launcher\","
    "\"uid\":\"US-ICBML-0002\"},"
    "{\"facility\":\"US-MALMSTROM\",\"facility_kind\":\"icbm_base\","
    "\"status\":\"non_deployed\",\"type\":\"icbm\","
    "\"uid\":\"US-ICBM-0002\",\"warheads\":0},"
    "{\"facility\":\"US-KINGS-BAY\",\"facility_kind\":\"submarine_base\","
    "\"status\":\"deployed\",\"type\":\"slbm_launcher\","
    "\"uid\":\"US-SLBML-0001\"},"
    "{\"attrs\":{\"model\":\"Trident II\"},"
    "\"contained_in\":\"US-SLBML-0001\",\"facility\":\"US-KINGS-BAY\","
    "\"facility_kind\":\"submarine_base\",\"status\":\"deployed\","
    "\"type\":\"slbm\",\"uid\":\"US-SLBM-0001\",\"warheads\":4},"
    "{\"attrs\":{\"model\":\"B-2A\"},\"facility\":\"US-WHITEMAN\","
    "\"facility_kind\":\"air_base\",\"status\":\"deployed\","
    "\"type\":\"heavy_bomber\",\"uid\":\"US-HB-0001\",\"warheads\":0},"
    "{\"facility\":\"US-HILL\",\"facility_kind\":\"storage_facility\","
    "\"status\":\"non_deployed\",\"type\":\"icbm\","
    "\"uid\":\"US-ICBM-0003\",\"warheads\":0},"
    "{\"facility\":\"US-HILL\",\"facility_kind\":\"storage_facility\","
    "\"status\":\"non_deployed\",\"type\":\"slbm\","
    "\"uid\":\"US-SLBM-0002\",\"warheads\":0},"
    "{\"facility\":\"US-VANDENBERG\",\"facility_kind\":\"test_range\","
    "\"status\":\"test\",\"type\":\"icbm_launcher\","
    "\"uid\":\"US-ICBML-0003\"},"
    "{\"facility\":\"US-DAVIS-MONTHAN\","
    "\"facility_kind\":\"conversion_elimination_facility\","
    "\"status\":\"converted\",\"type\":\"heavy_bomber\","
    "\"uid\":\"US-HB-0002\",\"warheads\":0}"
    "]";

/* The fixed seed of every selection the harness draws. */
static const uint8_t select_seed[ACC_SHA256_LEN] = {
	0x5e, 0x1e, 0xc7, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12,
	0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c,
};

/* ---- what the harness knows of the state ---------------------------- */

struct fac {
	char id[ACC_ID_MAX + 1];
	int kind;
	bool closed;
};

struct insp {
	char id[ACC_ID_MAX + 1];
	bool opened;            /* by this log; otherwise hosted */
	int kind;
	bool revealed;
	uint8_t commit[ACC_SHA256_LEN];
	json_t *cands;          /* hosted: the candidates committed to */
};

struct model {
	const acc_treaty *t;
	size_t n_kinds;
	int retired[2];         /* the statuses of retired items */
	struct fac facs[FACS_MAX];
	size_t nf;
	struct insp insp[STATEMENTS_MAX];
	size_t ni;
	uint64_t used[KINDS_MAX][YEARS];
};

/* Loaded once and kept for the life of the process (still reachable). */
static const acc_treaty *
treaty_get(void)
{
	static acc_treaty *t;
	acc_err err = ACC_ERR_INIT;

	if (t == NULL && acc_treaty_open(&t, "new-start", &err) != 0)
		abort(); /* the built-in definition must load */
	return t;
}

static const char *
sval(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static char *
dump(json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_ENCODE_ANY);

	assert(s != NULL);
	return s;
}

static struct fac *
fac_find(struct model *m, const char *id)
{
	size_t i;

	for (i = 0; id && i < m->nf; i++)
		if (strcmp(m->facs[i].id, id) == 0)
			return &m->facs[i];
	return NULL;
}

static struct insp *
insp_find(struct model *m, const char *id)
{
	size_t i;

	for (i = 0; id && i < m->ni; i++)
		if (strcmp(m->insp[i].id, id) == 0)
			return &m->insp[i];
	return NULL;
}

static void
fac_add(struct model *m, const char *id, const char *kind)
{
	struct fac *f;

	assert(id != NULL && kind != NULL && strlen(id) <= ACC_ID_MAX);
	assert(fac_find(m, id) == NULL && m->nf < FACS_MAX);
	f = &m->facs[m->nf++];
	snprintf(f->id, sizeof(f->id), "%s", id);
	f->kind = acc_treaty_kind_find(m->t, kind, strlen(kind));
	f->closed = false;
	assert(f->kind >= 0);
}

static void
model_init(struct model *m)
{
	json_t *list = json_loads(inventory, 0, NULL), *x;
	size_t i;

	memset(m, 0, sizeof(*m));
	m->t = treaty_get();
	m->n_kinds = acc_treaty_inspection_count(m->t);
	assert(m->n_kinds >= 1 && m->n_kinds <= KINDS_MAX);
	m->retired[0] = acc_treaty_status_find(m->t, "converted", 9);
	m->retired[1] = acc_treaty_status_find(m->t, "eliminated", 10);
	assert(m->retired[0] >= 0 && m->retired[1] >= 0);
	assert(json_is_array(list));
	json_array_foreach(list, i, x)
		if (fac_find(m, sval(x, "facility")) == NULL)
			fac_add(m, sval(x, "facility"), sval(x,
			    "facility_kind"));
	json_decref(list);
}

/* The error contract of a refusal (STYLE.md section 3). */
static void
check_refusal(int rc, const acc_err *err, const char *where)
{
	assert(rc < 0 && err->code == rc);
	assert(err->where[0] != '\0' && err->msg[0] != '\0');
	assert(strlen(err->msg) < sizeof(err->msg));
	if (where != NULL && rc == ACC_EINVAL)
		assert(strcmp(err->where, where) == 0);
}

static bool
decode_digest(uint8_t out[ACC_SHA256_LEN], const char *s)
{
	acc_err e = ACC_ERR_INIT;
	size_t n;

	return s != NULL && acc_base64_decode(out, ACC_SHA256_LEN, &n, s,
	    strlen(s), "digest", &e) == 0 && n == ACC_SHA256_LEN;
}

static bool
same(const uint8_t *a, const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/* ---- snapshots: everything the state shows -------------------------- */

struct snap {
	size_t items;
	uint64_t applied;
	char *text;             /* state, candidates, quotas, as one text */
};

static void
text_add(acc_buf *b, const char *s)
{
	assert(acc_buf_puts(b, s) == 0 && acc_buf_append(b, "\n", 1) == 0);
}

/* The candidates of kind k (at site, or NULL: all) as text. */
static void
text_candidates(acc_buf *b, struct model *m, const acc_nstate *s, size_t k,
    const char *site)
{
	acc_inspection_info ki = acc_treaty_inspection(m->t, k);
	acc_err err = ACC_ERR_INIT;
	json_t *c = NULL;
	int rc = acc_nstate_candidates(s, ki.id, site, &c, &err);

	if (rc == 0) {
		char *d = dump(c);
		text_add(b, d);
		free(d);
	} else {
		assert(c == NULL);
		text_add(b, err.where);
		text_add(b, err.msg);
	}
	json_decref(c);
}

static void
snap_take(struct snap *sn, struct model *m, const acc_nstate *s)
{
	acc_buf b = ACC_BUF_INIT(16u << 20);
	acc_err err = ACC_ERR_INIT;
	json_t *state = NULL;
	size_t k, f;
	int y;

	sn->items = acc_nstate_items(s);
	sn->applied = acc_nstate_applied(s);
	assert(acc_nstate_json(s, &state, &err) == 0);
	{
		char *d = dump(state);
		text_add(&b, d);
		free(d);
	}
	json_decref(state);
	for (k = 0; k < m->n_kinds; k++) {
		acc_inspection_info ki = acc_treaty_inspection(m->t, k);
		char q[64];
		text_candidates(&b, m, s, k, NULL);
		for (f = 0; f < m->nf; f++)
			text_candidates(&b, m, s, k, m->facs[f].id);
		for (y = 0; y < YEARS; y++) {
			uint64_t n;
			assert(acc_nstate_inspections(s, ki.id, y, &n) == 0);
			snprintf(q, sizeof(q), "%llu", (unsigned long long)n);
			text_add(&b, q);
		}
	}
	assert(acc_buf_append(&b, "", 1) == 0);
	sn->text = strdup(b.data);
	assert(sn->text != NULL);
	acc_buf_dispose(&b);
}

static void
snap_dispose(struct snap *sn)
{
	free(sn->text);
	sn->text = NULL;
}

/* ---- invariants of an accepted state -------------------------------- */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool
is_retired(struct model *m, json_t *item)
{
	const char *st = sval(item, "status");
	int si = st ? acc_treaty_status_find(m->t, st, strlen(st)) : -1;

	assert(si >= 0);
	return si == m->retired[0] || si == m->retired[1];
}

/*
 * What acc_nstate_candidates must give for kind k at facility f: the
 * sorted UIDs of the eligible items there, neither retired nor in
 * transit (NULL when the site is closed or not eligible).
 */
static json_t *
expected_at(struct model *m, json_t *state, size_t k, const struct fac *f)
{
	const char **uids = calloc(json_array_size(state) + 1, sizeof(*uids));
	json_t *a, *x;
	size_t i, n = 0;

	assert(uids != NULL);
	if (f->closed || !acc_treaty_inspection_site(m->t, k,
	    (size_t)f->kind)) {
		free(uids);
		return NULL;
	}
	json_array_foreach(state, i, x) {
		const char *ty = sval(x, "type");
		int ti = acc_treaty_type_find(m->t, ty, strlen(ty));
		assert(ti >= 0);
		if (strcmp(sval(x, "facility"), f->id) != 0 ||
		    json_object_get(x, "in_transit_to") != NULL ||
		    is_retired(m, x) ||
		    !acc_treaty_inspection_item(m->t, k, (size_t)ti))
			continue;
		uids[n++] = sval(x, "uid");
	}
	qsort(uids, n, sizeof(*uids), cmp_str);
	a = json_array();
	assert(a != NULL);
	for (i = 0; i < n; i++)
		assert(json_array_append_new(a, json_string(uids[i])) == 0);
	free(uids);
	return a;
}

/* A list of sorted UIDs, each once, each an item of the state. */
static void
check_uid_list(json_t *list, json_t *by_uid)
{
	json_t *x;
	size_t i;

	assert(json_is_array(list));
	json_array_foreach(list, i, x) {
		assert(json_is_string(x));
		assert(json_object_get(by_uid, json_string_value(x)) != NULL);
		if (i > 0)
			assert(strcmp(json_string_value(json_array_get(list,
			    i - 1)), json_string_value(x)) < 0);
	}
}

static void
check_candidates(struct model *m, const acc_nstate *s, json_t *state,
    json_t *by_uid)
{
	size_t k, f;

	for (k = 0; k < m->n_kinds; k++) {
		acc_inspection_info ki = acc_treaty_inspection(m->t, k);
		acc_err err = ACC_ERR_INIT;
		json_t *all = NULL, *want = json_object(), *v;
		const char *site;
		int rc;
		assert(want != NULL);
		for (f = 0; f < m->nf; f++) {
			json_t *one = NULL;
			json_t *e = expected_at(m, state, k, &m->facs[f]);
			acc_err_clear(&err);
			rc = acc_nstate_candidates(s, ki.id, m->facs[f].id,
			    &one, &err);
			if (e == NULL) {
				check_refusal(rc, &err, "site");
				assert(rc == ACC_EINVAL && one == NULL);
				continue;
			}
			assert(rc == 0 && json_object_size(one) == 1);
			assert(json_equal(json_object_get(one, m->facs[f].id),
			    e));
			json_decref(one);
			if (json_array_size(e) > 0)
				assert(json_object_set(want, m->facs[f].id,
				    e) == 0);
			json_decref(e);
		}
		acc_err_clear(&err);
		rc = acc_nstate_candidates(s, ki.id, NULL, &all, &err);
		if (json_object_size(want) == 0) {
			check_refusal(rc, &err, "kind");
			assert(rc == ACC_EINVAL && all == NULL);
		} else {
			assert(rc == 0 && json_equal(all, want));
			json_object_foreach(all, site, v) {
				const struct fac *fc = fac_find(m, site);
				assert(fc != NULL && !fc->closed);
				assert(acc_treaty_inspection_site(m->t, k,
				    (size_t)fc->kind));
				assert(json_array_size(v) > 0);
				check_uid_list(v, by_uid);
			}
		}
		json_decref(all);
		json_decref(want);
		/* an unknown site, an unknown kind */
		acc_err_clear(&err);
		rc = acc_nstate_candidates(s, ki.id, "NO-SUCH-SITE", &all,
		    &err);
		check_refusal(rc, &err, "site");
		assert(all == NULL);
	}
	{
		acc_err err = ACC_ERR_INIT;
		json_t *none = NULL;
		int rc = acc_nstate_candidates(s, "no_such_kind", NULL, &none,
		    &err);
		check_refusal(rc, &err, "kind");
		assert(none == NULL);
	}
}

static void
check_state(struct model *m, const acc_nstate *s)
{
	acc_err err = ACC_ERR_INIT;
	json_t *state = NULL, *by_uid = json_object(), *x;
	size_t i, k;
	int y;

	assert(by_uid != NULL);
	assert(acc_nstate_json(s, &state, &err) == 0);
	assert(json_array_size(state) == acc_nstate_items(s));
	json_array_foreach(state, i, x) {
		const char *uid = sval(x, "uid"), *c = sval(x, "contained_in");
		assert(uid != NULL && json_object_get(by_uid, uid) == NULL);
		assert(json_object_set(by_uid, uid, x) == 0);
		assert(fac_find(m, sval(x, "facility")) != NULL);
		if (json_object_get(x, "in_transit_to") != NULL)
			assert(fac_find(m, sval(x, "in_transit_to")) != NULL);
		if (c != NULL)
			assert(strcmp(c, uid) != 0);
	}
	json_array_foreach(state, i, x)
		if (sval(x, "contained_in") != NULL)
			assert(json_object_get(by_uid, sval(x,
			    "contained_in")) != NULL);
	check_candidates(m, s, state, by_uid);
	/* quotas: as many as the accepted opens, never past the quota */
	for (k = 0; k < m->n_kinds; k++) {
		acc_inspection_info ki = acc_treaty_inspection(m->t, k);
		for (y = 0; y < YEARS; y++) {
			uint64_t n = 99;
			assert(acc_nstate_inspections(s, ki.id, y, &n) == 0);
			assert(n == m->used[k][y]);
			assert(n <= (uint64_t)ki.quota);
		}
	}
	{
		uint64_t n = 99;
		assert(acc_nstate_inspections(s, "no_such_kind", 0, &n) < 0 &&
		    n == 0);
	}
	json_decref(by_uid);
	json_decref(state);
}

/* ---- the selection and the check of findings ------------------------ */

static bool
in_list(json_t *list, const char *s)
{
	json_t *x;
	size_t i;

	json_array_foreach(list, i, x)
		if (json_is_string(x) && strcmp(json_string_value(x), s) == 0)
			return true;
	return false;
}

/* One selection from candidates, checked. */
static void
check_select(const uint8_t seed[ACC_SHA256_LEN], json_t *cands,
    const char *site, size_t draws)
{
	acc_err err = ACC_ERR_INIT;
	json_t *out = NULL, *again = NULL, *items, *list, *x;
	const char *got;
	size_t i;
	int rc = acc_inspect_select(seed, cands, site, draws, &out, &err);

	assert(rc == 0 && json_is_object(out));
	got = sval(out, "site");
	assert(got != NULL);
	if (site != NULL)
		assert(strcmp(got, site) == 0 &&
		    json_is_false(json_object_get(out, "site_drawn")));
	else
		assert(json_is_true(json_object_get(out, "site_drawn")));
	list = json_object_get(cands, got);
	items = json_object_get(out, "items");
	assert(json_is_array(list) && json_is_array(items));
	assert(json_array_size(items) == (draws < json_array_size(list) ?
	    draws : json_array_size(list)));
	json_array_foreach(items, i, x) {
		size_t j;
		assert(json_is_string(x));
		assert(in_list(list, json_string_value(x)));
		for (j = 0; j < i; j++)
			assert(strcmp(json_string_value(json_array_get(items,
			    j)), json_string_value(x)) != 0);
	}
	/* a selection is a function of its inputs */
	rc = acc_inspect_select(seed, cands, site, draws, &again, &err);
	assert(rc == 0 && json_equal(out, again));
	json_decref(again);
	json_decref(out);
}

static void
check_selections(json_t *cands)
{
	static const size_t draws[] = { 0, 1, 2, 3, 1000000 };
	acc_err err = ACC_ERR_INIT;
	json_t *out = NULL, *v;
	const char *site;
	size_t d;
	int rc;

	for (d = 0; d < sizeof(draws) / sizeof(draws[0]); d++) {
		check_select(select_seed, cands, NULL, draws[d]);
		json_object_foreach(cands, site, v)
			check_select(select_seed, cands, site, draws[d]);
	}
	rc = acc_inspect_select(select_seed, cands, "NO-SUCH-SITE", 1, &out,
	    &err);
	check_refusal(rc, &err, NULL);
	assert(rc == ACC_EINVAL && out == NULL);
}

/* The discrepancies of acc_inspect_check: objects, known kinds. */
static void
check_discrepancies(json_t *disc, json_t *items, const char *site)
{
	static const char *const kinds[] = { "undeclared", "moved", "missing",
		"warheads", "candidates" };
	json_t *x;
	size_t i, j;

	json_array_foreach(disc, i, x) {
		const char *k = sval(x, "kind"), *uid = sval(x, "uid");
		json_t *it = NULL, *y;
		size_t n;
		assert(json_is_object(x) && k != NULL && uid != NULL);
		assert(sval(x, "detail") != NULL);
		for (j = 0; j < sizeof(kinds) / sizeof(kinds[0]); j++)
			if (strcmp(k, kinds[j]) == 0)
				break;
		assert(j < sizeof(kinds) / sizeof(kinds[0]));
		json_array_foreach(items, n, y)
			if (strcmp(sval(y, "uid"), uid) == 0)
				it = y;
		if (strcmp(k, "undeclared") == 0)
			assert(it == NULL);
		else if (strcmp(k, "moved") == 0)
			assert(it != NULL && strcmp(sval(it, "facility"),
			    site) != 0);
	}
}

/*
 * acc_inspect_check of an accepted finding against the state's items,
 * with the candidates at its site: the state's own, and those of each
 * inspection this log hosts that lists the site.
 */
static void
check_finding(struct model *m, const acc_nstate *s, int kind, json_t *body)
{
	acc_inspection_info ki = acc_treaty_inspection(m->t, (size_t)kind);
	acc_err err = ACC_ERR_INIT;
	const char *site = sval(body, "site");
	json_t *items = NULL, *cands = NULL, *sel = NULL, *disc;
	json_t *list, *selected;
	size_t i;
	int rc;

	assert(site != NULL);
	assert(acc_nstate_json(s, &items, &err) == 0);
	rc = acc_nstate_candidates(s, ki.id, site, &cands, &err);
	list = rc == 0 ? json_object_get(cands, site) : NULL;
	acc_err_clear(&err);
	if (rc == 0 && acc_inspect_select(select_seed, cands, site,
	    (size_t)ki.draws, &sel, &err) != 0)
		assert(0);
	selected = sel ? json_object_get(sel, "items") : NULL;
	disc = json_array();
	assert(disc != NULL);
	{
		json_t *empty = json_array();
		rc = acc_inspect_check(m->t, ki.id, items, site, list ? list :
		    empty, selected ? selected : empty, body, disc, &err);
		json_decref(empty);
	}
	assert(rc == 0);
	check_discrepancies(disc, items, site);
	for (i = 0; i < m->ni; i++) {
		json_t *c = m->insp[i].cands, *hsel = NULL, *d2 = json_array();
		assert(d2 != NULL);
		if (c == NULL || json_object_get(c, site) == NULL) {
			json_decref(d2);
			continue;
		}
		acc_err_clear(&err);
		assert(acc_inspect_select(select_seed, c, site,
		    (size_t)ki.draws, &hsel, &err) == 0);
		rc = acc_inspect_check(m->t, ki.id, items, site,
		    json_object_get(c, site), json_object_get(hsel, "items"),
		    body, d2, &err);
		assert(rc == 0);
		check_discrepancies(d2, items, site);
		json_decref(hsel);
		json_decref(d2);
	}
	/* an unknown kind is refused */
	acc_err_clear(&err);
	rc = acc_inspect_check(m->t, "no_such_kind", items, site, list, NULL,
	    body, disc, &err);
	check_refusal(rc, &err, "kind");
	json_decref(disc);
	json_decref(sel);
	json_decref(cands);
	json_decref(items);
}

/* ---- the statements ------------------------------------------------- */

static bool
only_keys(json_t *body, const char *const *keys)
{
	const char *k;
	json_t *v;
	size_t i;

	json_object_foreach(body, k, v) {
		for (i = 0; keys[i]; i++)
			if (strcmp(k, keys[i]) == 0)
				break;
		if (keys[i] == NULL)
			return false;
	}
	return true;
}

static bool
good_id(const char *s)
{
	return s != NULL && acc_inv_valid_id(s, strlen(s));
}

/* The treaty year of a well-formed date within the inspections, or -1. */
static int
open_year(struct model *m, const char *date)
{
	acc_err e = ACC_ERR_INIT;
	acc_date d, from = acc_treaty_inspections_from(m->t);
	acc_date until = acc_treaty_date_get(m->t, ACC_DATE_EXPIRES);

	if (date == NULL || acc_date_parse(&d, date, strlen(date), "date",
	    &e) != 0)
		return -1;
	if (d < from || d >= until)
		return -1;
	return acc_treaty_year(m->t, d, NULL);
}

/* Whether the model says an inspection.open must be accepted. */
static bool
open_allowed(struct model *m, json_t *body)
{
	static const char *const keys[] = { "id", "kind", "host", "site",
		"date", "commit", NULL };
	uint8_t c[ACC_SHA256_LEN];
	const char *kind = sval(body, "kind");
	int k = kind ? acc_treaty_inspection_find(m->t, kind) : -1;
	int y = open_year(m, sval(body, "date"));

	if (!json_is_object(body) || !only_keys(body, keys) ||
	    !good_id(sval(body, "id")) || insp_find(m, sval(body, "id")) ||
	    k < 0 || sval(body, "host") == NULL || strcmp(sval(body, "host"),
	    "RU") != 0 || !decode_digest(c, sval(body, "commit")) || y < 0 ||
	    y >= YEARS)
		return false;
	if (json_object_get(body, "site") != NULL &&
	    !good_id(sval(body, "site")))
		return false;
	return m->used[k][y] < (uint64_t)acc_treaty_inspection(m->t,
	    (size_t)k).quota;
}

/* Whether the model says an inspection.reveal must be accepted. */
static bool
reveal_allowed(struct model *m, json_t *body)
{
	static const char *const keys[] = { "id", "random", "seen", NULL };
	uint8_t r[ACC_JRAND_LEN], seen[ACC_SHA256_LEN], c[ACC_SHA256_LEN];
	struct insp *in = insp_find(m, sval(body, "id"));

	if (!json_is_object(body) || !only_keys(body, keys) || in == NULL ||
	    in->revealed || !decode_digest(r, sval(body, "random")) ||
	    !decode_digest(seen, sval(body, "seen")))
		return false;
	acc_jrand_commit(c, r);
	return same(c, in->commit, sizeof(c)) && !same(seen, in->commit,
	    sizeof(seen));
}

/* The commitment to r as the specification writes it (jrand.h). */
static void
commit_of(uint8_t out[ACC_SHA256_LEN], const uint8_t r[ACC_JRAND_LEN])
{
	uint8_t in[13 + ACC_JRAND_LEN];

	memcpy(in, "accord-commit", 13);
	memcpy(in + 13, r, ACC_JRAND_LEN);
	acc_sha256(out, in, sizeof(in));
}

/* After an accepted statement: the model follows it. */
static void
accepted(struct model *m, const acc_nstate *s, const char *type,
    json_t *body, const struct snap *before)
{
	struct insp *in = insp_find(m, sval(body, "id"));

	assert(acc_nstate_applied(s) == before->applied + 1);
	if (strcmp(type, "item.new") == 0)
		assert(acc_nstate_items(s) == before->items + 1);
	else
		assert(acc_nstate_items(s) == before->items);
	if (strcmp(type, "facility.new") == 0) {
		fac_add(m, sval(body, "facility"), sval(body, "kind"));
	} else if (strcmp(type, "facility.close") == 0) {
		struct fac *f = fac_find(m, sval(body, "facility"));
		assert(f != NULL && !f->closed);
		f->closed = true;
	} else if (strcmp(type, "inspection.open") == 0 ||
	    strcmp(type, "inspection.commit") == 0) {
		bool open = type[11] == 'o';
		assert(in == NULL && good_id(sval(body, "id")));
		assert(m->ni < STATEMENTS_MAX);
		in = &m->insp[m->ni++];
		memset(in, 0, sizeof(*in));
		snprintf(in->id, sizeof(in->id), "%s", sval(body, "id"));
		in->opened = open;
		in->kind = -1;
		assert(decode_digest(in->commit, sval(body, "commit")));
		if (open) {
			int y = open_year(m, sval(body, "date"));
			int64_t quota;
			in->kind = acc_treaty_inspection_find(m->t, sval(body,
			    "kind"));
			assert(in->kind >= 0 && y >= 0 && y < YEARS);
			assert(strcmp(sval(body, "host"), PARTY) != 0);
			quota = acc_treaty_inspection(m->t,
			    (size_t)in->kind).quota;
			assert(m->used[in->kind][y] < (uint64_t)quota);
			m->used[in->kind][y]++;
		} else {
			in->cands = json_incref(json_object_get(body,
			    "candidates"));
			check_selections(in->cands);
		}
	} else if (strcmp(type, "inspection.reveal") == 0) {
		uint8_t r[ACC_JRAND_LEN], c[ACC_SHA256_LEN], c2[ACC_SHA256_LEN];
		uint8_t seen[ACC_SHA256_LEN];
		assert(in != NULL && !in->revealed);
		assert(decode_digest(r, sval(body, "random")));
		assert(decode_digest(seen, sval(body, "seen")));
		acc_jrand_commit(c, r);
		commit_of(c2, r);
		assert(same(c, c2, sizeof(c)));
		assert(same(c, in->commit, sizeof(c)));
		assert(!same(seen, in->commit, sizeof(seen)));
		in->revealed = true;
		if (in->cands != NULL) {
			/* the selection from a seed with the bytes revealed */
			uint8_t seed[ACC_SHA256_LEN];
			acc_jrand_seed(seed, select_seed, r, in->id);
			check_select(seed, in->cands, NULL, 1);
			check_select(seed, in->cands, NULL, 3);
		}
	} else if (strcmp(type, "inspection.finding") == 0) {
		assert(in != NULL && in->opened && in->revealed);
		check_finding(m, s, in->kind, body);
	}
	check_state(m, s);
}

/* The types of new-start that check nothing about items. */
static bool
itemless(const char *type)
{
	static const char *const types[] = { "message", "launch.notice",
		"exercise.notice", "inspection.open", "inspection.commit",
		"inspection.reveal", "inspection.finding", NULL };
	size_t i;

	for (i = 0; types[i]; i++)
		if (strcmp(type, types[i]) == 0)
			return true;
	return false;
}

static void
apply_one(struct model *m, acc_nstate *s, json_t *st, size_t i)
{
	struct snap before, after;
	acc_err err = ACC_ERR_INIT;
	const char *type = sval(st, "type"), *time = sval(st, "time");
	json_t *body = json_object_get(st, "body");
	char name[64];
	bool must = false;
	int rc;

	if (type == NULL)
		return;
	if (time == NULL)
		time = TIME_DEFAULT;
	snprintf(name, sizeof(name), "statement[%zu]", i);
	if (strcmp(type, "inspection.open") == 0)
		must = open_allowed(m, body);
	else if (strcmp(type, "inspection.reveal") == 0)
		must = reveal_allowed(m, body);
	/* notices, free text and inspections need no items */
	assert(acc_nstate_itemless(s, type) == itemless(type));
	snap_take(&before, m, s);
	rc = acc_nstate_apply(s, type, body, time, name, &err);
	if (rc != 0) {
		check_refusal(rc, &err, name);
		assert(rc == ACC_EINVAL);
		assert(!must);
		snap_take(&after, m, s);
		assert(after.items == before.items);
		assert(after.applied == before.applied);
		assert(strcmp(after.text, before.text) == 0);
		snap_dispose(&after);
	} else {
		accepted(m, s, type, body, &before);
	}
	snap_dispose(&before);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct model base;
	struct model *m;
	acc_err err = ACC_ERR_INIT;
	acc_nstate *s = NULL;
	json_t *list, *st, *diffs;
	size_t i;

	if (size > INPUT_MAX)
		return 0;
	list = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES,
	    NULL);
	if (!json_is_array(list)) {
		json_decref(list);
		return 0;
	}
	if (base.t == NULL)
		model_init(&base);
	m = malloc(sizeof(*m));
	assert(m != NULL);
	*m = base;
	if (acc_nstate_new(&s, m->t, &err) != 0 ||
	    acc_nstate_reset(s, inventory, sizeof(inventory) - 1, "inventory",
	    &err) != 0)
		abort(); /* the fixed inventory must load */
	acc_nstate_set_party(s, PARTY);
	assert(acc_nstate_items(s) == 11 && acc_nstate_applied(s) == 0);
	check_state(m, s);
	json_array_foreach(list, i, st) {
		if (i == STATEMENTS_MAX)
			break;
		apply_one(m, s, st, i);
	}
	/* the state compared with the inventory it started from */
	diffs = json_array();
	assert(diffs != NULL);
	acc_err_clear(&err);
	assert(acc_nstate_reconcile(s, inventory, sizeof(inventory) - 1,
	    diffs, &err) == 0);
	json_array_foreach(diffs, i, st)
		assert(sval(st, "uid") != NULL && sval(st, "difference"));
	if (acc_nstate_applied(s) == 0)
		assert(json_array_size(diffs) == 0);
	json_decref(diffs);
	{
		acc_inventory *inv = NULL;
		acc_date d;
		int rc;
		assert(acc_date_parse(&d, "2021-06-01", 10, "date", &err) == 0);
		acc_err_clear(&err);
		rc = acc_nstate_inventory(s, &inv, PARTY, d, &err);
		if (rc != 0) {
			check_refusal(rc, &err, NULL);
			assert(inv == NULL);
		}
		acc_inventory_free(inv);
	}
	for (i = 0; i < m->ni; i++)
		json_decref(m->insp[i].cands);
	acc_nstate_free(s);
	free(m);
	json_decref(list);
	return 0;
}

#ifdef FUZZ_EMIT_SEEDS
/*
 * The inspection seeds, written with ' for " and two placeholders: @Rn@
 * is the base64 of the fixed bytes r_n (n from 1 to 9), @Cn@ the base64
 * of their commitment SHA-256("accord-commit" || r_n). US inspects RU
 * with r_1 (RU's commitment being C2), and hosts RU's inspections with
 * r_3 (RU's commitment being C4). The other seeds of corpus/statement/
 * are written by hand.
 */
#define OPEN(id, kind, date, c) "{'type':'inspection.open','body':{'id':'" \
	id "','kind':'" kind "','host':'RU','date':'" date "','commit':'" \
	c "'}}"
#define REVEAL(id, r, seen) "{'type':'inspection.reveal','body':{'id':'" \
	id "','random':'" r "','seen':'" seen "'}}"
#define COMMIT(id, c, cands) "{'type':'inspection.commit','body':{'id':'" \
	id "','commit':'" c "','candidates':" cands "}}"
#define FINDING(id, rest) "{'type':'inspection.finding','body':{'id':'" \
	id "'," rest "}}"
#define US_CANDIDATES "{'US-KINGS-BAY':['US-SLBM-0001'],'US-MALMSTROM':" \
	"['US-ICBM-0001','US-ICBM-0002'],'US-WHITEMAN':['US-HB-0001']}"

static const struct {
	const char *name;
	const char *const statements[24];
} seeds[] = {
	{ "inspection-inspecting.json", {
		OPEN("US-2021-01", "type_one", "2021-06-01", "@C1@"),
		REVEAL("US-2021-01", "@R1@", "@C2@"),
		FINDING("US-2021-01", "'site':'US-MALMSTROM','seen':["
		    "'US-ICBM-0001','US-ICBM-0002'],'warheads':{"
		    "'US-ICBM-0001':1},'undeclared':['RU-X-1']"),
		FINDING("US-2021-01", "'site':'US-MALMSTROM','seen':["
		    "'US-SLBM-0001'],'warheads':{'US-ICBM-0002':2},"
		    "'missing':['US-ICBM-0002','US-ICBML-0002']"),
		NULL } },
	{ "inspection-named-site.json", {
		"{'type':'inspection.open','body':{'id':'US-2021-02','kind':"
		"'type_two','host':'RU','site':'US-HILL','date':'2021-09-30',"
		"'commit':'@C5@'}}",
		REVEAL("US-2021-02", "@R5@", "@C6@"),
		FINDING("US-2021-02", "'site':'US-HILL','seen':['US-ICBM-0001',"
		    "'US-ICBM-0003'],'warheads':{'US-ICBM-0003':0},"
		    "'missing':['US-SLBM-0002']"),
		NULL } },
	{ "inspection-hosting.json", {
		COMMIT("RU-2021-01", "@C3@", US_CANDIDATES),
		REVEAL("RU-2021-01", "@R3@", "@C4@"),
		FINDING("RU-2021-01", "'site':'US-MALMSTROM','seen':["
		    "'US-ICBM-0001']"),
		NULL } },
	{ "inspection-both.json", {
		OPEN("US-2021-01", "type_one", "2021-06-01", "@C1@"),
		COMMIT("RU-2021-01", "@C3@", "{'US-HILL':['US-ICBM-0003',"
		    "'US-SLBM-0002']}"),
		REVEAL("RU-2021-01", "@R3@", "@C4@"),
		REVEAL("US-2021-01", "@R1@", "@C2@"),
		"{'type':'item.move','body':{'uid':'US-ICBM-0003','from':"
		"'US-HILL','to':'US-MALMSTROM','stage':'departure'}}",
		FINDING("US-2021-01", "'site':'US-HILL','seen':["
		    "'US-SLBM-0002'],'missing':['US-ICBM-0003']"),
		"{'type':'item.move','body':{'uid':'US-ICBM-0003','from':"
		"'US-HILL','to':'US-MALMSTROM','stage':'arrival'}}",
		FINDING("US-2021-01", "'site':'US-MALMSTROM','seen':["
		    "'US-ICBM-0003']"),
		NULL } },
	{ "inspection-candidates-forged.json", {
		COMMIT("RU-2021-06", "@C3@", "{'US-ELSEWHERE':[],"
		    "'US-HILL':['US-ICBM-0003'],'US-MALMSTROM':["
		    "'US-FAKE-0001','US-ICBM-0001','US-SLBM-0002']}"),
		REVEAL("RU-2021-06", "@R3@", "@C4@"),
		OPEN("US-2021-06", "type_one", "2021-06-01", "@C1@"),
		REVEAL("US-2021-06", "@R1@", "@C2@"),
		FINDING("US-2021-06", "'site':'US-MALMSTROM','seen':["
		    "'US-FAKE-0001'],'warheads':{'US-ICBM-0001':3}"),
		FINDING("US-2021-06", "'site':'US-HILL','missing':["
		    "'US-SLBM-0002'],'warheads':{'US-SLBM-0002':0}"),
		FINDING("US-2021-06", "'site':'US-ELSEWHERE','undeclared':["
		    "'US-HB-0001']"),
		"{'type':'inspection.finding','body':{'id':'US-2021-06',"
		"'site':'US-MALMSTROM','warheads':[1]}}",
		NULL } },
	{ "inspection-across-declaration.json", {
		OPEN("US-2021-03", "type_two", "2021-07-01", "@C1@"),
		"{'type':'declaration','body':{'id':'decl-2021-09','as_of':"
		"'2021-09-01','mode':'full','leaves':11,'root':'root-1'}}",
		REVEAL("US-2021-03", "@R1@", "@C2@"),
		FINDING("US-2021-03", "'site':'US-VANDENBERG','seen':["
		    "'US-ICBML-0003']"),
		NULL } },
	{ "inspection-quota-one.json", {
		OPEN("US-Q-01", "type_one", "2021-02-05", "@C1@"),
		OPEN("US-Q-02", "type_one", "2021-03-01", "@C1@"),
		OPEN("US-Q-03", "type_one", "2021-04-01", "@C1@"),
		OPEN("US-Q-04", "type_one", "2021-05-01", "@C1@"),
		OPEN("US-Q-05", "type_one", "2021-06-01", "@C1@"),
		OPEN("US-Q-06", "type_one", "2021-07-01", "@C1@"),
		OPEN("US-Q-07", "type_one", "2021-08-01", "@C1@"),
		OPEN("US-Q-08", "type_one", "2021-09-01", "@C1@"),
		OPEN("US-Q-09", "type_one", "2021-12-31", "@C1@"),
		OPEN("US-Q-10", "type_one", "2022-01-01", "@C1@"),
		OPEN("US-Q-11", "type_one", "2022-02-04", "@C1@"),
		OPEN("US-Q-12", "type_one", "2022-02-05", "@C1@"),
		OPEN("US-Q-13", "type_one", "2021-02-05", "@C1@"),
		OPEN("US-Q-14", "type_two", "2021-02-05", "@C1@"),
		REVEAL("US-Q-10", "@R1@", "@C2@"),
		REVEAL("US-Q-11", "@R1@", "@C2@"),
		NULL } },
	{ "inspection-quota-two.json", {
		OPEN("US-T-1", "type_two", "2015-02-05", "@C7@"),
		OPEN("US-T-2", "type_two", "2015-02-05", "@C7@"),
		OPEN("US-T-3", "type_two", "2015-06-05", "@C7@"),
		OPEN("US-T-4", "type_two", "2015-07-05", "@C7@"),
		OPEN("US-T-5", "type_two", "2015-08-05", "@C7@"),
		OPEN("US-T-6", "type_two", "2015-09-05", "@C7@"),
		OPEN("US-T-7", "type_two", "2015-10-05", "@C7@"),
		OPEN("US-T-8", "type_two", "2016-02-04", "@C7@"),
		OPEN("US-T-9", "type_two", "2016-01-01", "@C7@"),
		OPEN("US-T-10", "type_two", "2014-02-04", "@C7@"),
		OPEN("US-T-11", "type_one", "2015-02-05", "@C7@"),
		NULL } },
	{ "inspection-reveal-replayed.json", {
		OPEN("US-2021-04", "type_one", "2021-06-01", "@C1@"),
		REVEAL("US-2021-04", "@R2@", "@C2@"),
		REVEAL("US-2021-04", "@R1@", "@C1@"),
		REVEAL("US-2021-04", "@R1@", "@C2@"),
		REVEAL("US-2021-04", "@R1@", "@C2@"),
		REVEAL("US-2021-04", "@R1@", "@C4@"),
		REVEAL("US-2021-99", "@R1@", "@C2@"),
		COMMIT("RU-2021-04", "@C3@", US_CANDIDATES),
		REVEAL("RU-2021-04", "@R3@", "@C4@"),
		REVEAL("RU-2021-04", "@R3@", "@C4@"),
		REVEAL("RU-2021-04", "@R1@", "@C4@"),
		NULL } },
	{ "inspection-finding-orphan.json", {
		FINDING("NO-SUCH-INSPECTION", "'site':'US-MALMSTROM'"),
		OPEN("US-2021-05", "type_one", "2021-06-01", "@C1@"),
		FINDING("US-2021-05", "'site':'US-MALMSTROM','seen':["
		    "'US-ICBM-0001']"),
		COMMIT("RU-2021-05", "@C3@", US_CANDIDATES),
		REVEAL("RU-2021-05", "@R3@", "@C4@"),
		FINDING("RU-2021-05", "'site':'US-MALMSTROM'"),
		NULL } },
	{ "inspection-dates.json", {
		OPEN("US-D-1", "type_one", "2011-04-05", "@C1@"),
		OPEN("US-D-2", "type_one", "2011-02-05", "@C1@"),
		OPEN("US-D-3", "type_one", "2011-04-06", "@C1@"),
		OPEN("US-D-4", "type_one", "2026-02-04", "@C1@"),
		OPEN("US-D-5", "type_one", "2026-02-05", "@C1@"),
		OPEN("US-D-6", "type_one", "2021-02-29", "@C1@"),
		OPEN("US-D-7", "type_one", "2021-6-1", "@C1@"),
		OPEN("US-D-8", "type_one", "2020-02-29", "@C1@"),
		OPEN("US-D-9", "type_one", "9999-12-31", "@C1@"),
		NULL } },
	{ "inspection-open-bad.json", {
		"{'type':'inspection.open','body':{'id':'US-B-1','kind':"
		"'type_one','host':'US','date':'2021-06-01','commit':'@C1@'}}",
		"{'type':'inspection.open','body':{'id':'US-B-2','kind':"
		"'type_one','host':'FR','date':'2021-06-01','commit':'@C1@'}}",
		OPEN("US-B-3", "type_three", "2021-06-01", "@C1@"),
		OPEN("US B 4", "type_one", "2021-06-01", "@C1@"),
		OPEN("US-B-5-0123456789012345678901234567890123456789012345678"
		    "90123456789", "type_one", "2021-06-01", "@C1@"),
		"{'type':'inspection.open','body':{'id':'US-B-6','kind':"
		"'type_one','host':'RU','site':'US HILL','date':'2021-06-01',"
		"'commit':'@C1@'}}",
		OPEN("US-B-7", "type_one", "2021-06-01",
		    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="),
		OPEN("US-B-8", "type_one", "2021-06-01", "not base64!"),
		OPEN("US-B-9", "type_one", "2021-06-01",
		    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB="),
		"{'type':'inspection.open','body':{'id':'US-B-10','kind':"
		"'type_one','host':'RU','date':'2021-06-01'}}",
		"{'type':'inspection.open','body':{'id':'US-B-11','kind':"
		"'type_one','host':'RU','date':'2021-06-01','commit':'@C1@',"
		"'note':'x'}}",
		"{'type':'inspection.open','body':{'id':'US-B-12','kind':"
		"'type_one','host':'RU','date':'2021-06-01','commit':'@C1@',"
		"'site':'RU-DOMBAROVSKY'}}",
		"{'type':'inspection.open','body':{'id':'US-B-12','kind':"
		"'type_one','host':'RU','date':'2021-06-01','commit':'@C1@'}}",
		COMMIT("US-B-12", "@C3@", US_CANDIDATES),
		"{'type':'inspection.open','body':{'id':7,'kind':'type_one',"
		"'host':'RU','date':'2021-06-01','commit':'@C1@'}}",
		"{'type':'inspection.open','body':{'id':'US-B-13','kind':"
		"'type_one','host':'RU','date':'2021-06-01','commit':'@C1@',"
		"'site':'_'}}",
		NULL } },
	{ "inspection-commit-bad.json", {
		COMMIT("RU-C-1", "@C3@", "{}"),
		COMMIT("RU-C-2", "@C3@", "[]"),
		COMMIT("RU-C-3", "@C3@", "{'US-MALMSTROM':['US-ICBM-0002',"
		    "'US-ICBM-0001']}"),
		COMMIT("RU-C-4", "@C3@", "{'US-MALMSTROM':['US-ICBM-0001',"
		    "'US-ICBM-0001']}"),
		COMMIT("RU-C-5", "@C3@", "{'US-MALMSTROM':['US ICBM']}"),
		COMMIT("RU-C-6", "@C3@", "{'US MALMSTROM':['US-ICBM-0001']}"),
		COMMIT("RU-C-7", "@C3@", "{'US-MALMSTROM':'US-ICBM-0001'}"),
		COMMIT("RU-C-8", "@C3@", "{'US-MALMSTROM':[1]}"),
		COMMIT("RU-C-9", "@C3@", "{'US-MALMSTROM':[]}"),
		COMMIT("RU-C-10", "@C3@", "{'US-ELSEWHERE':['US-NOTHING'],"
		    "'US-MALMSTROM':[],'US-WHITEMAN':['US-HB-0001']}"),
		"{'type':'inspection.commit','body':{'id':'RU-C-11','commit':"
		"'@C3@'}}",
		COMMIT("RU-C-10", "@C4@", US_CANDIDATES),
		COMMIT("RU-C-12", "@C3@", "{'US-A':['a','b'],"
		    "'US-B':['c','b']}"),
		NULL } },
	{ "inspection-finding-bad.json", {
		OPEN("US-2021-06", "type_one", "2021-06-01", "@C1@"),
		REVEAL("US-2021-06", "@R1@", "@C2@"),
		FINDING("US-2021-06", "'site':'US-MALMSTROM','seen':["
		    "'US-ICBM-0001','US-ICBM-0001']"),
		FINDING("US-2021-06", "'site':'US-MALMSTROM','warheads':{"
		    "'US-ICBM-0001':1001}"),
		FINDING("US-2021-06", "'site':'US-MALMSTROM','warheads':{"
		    "'US-ICBM-0001':-1}"),
		FINDING("US-2021-06", "'site':'US-MALMSTROM','warheads':{"
		    "'US ICBM':1}"),
		FINDING("US-2021-06", "'site':'US-MALMSTROM','missing':"
		    "'US-ICBM-0001'"),
		FINDING("US-2021-06", "'seen':['US-ICBM-0001']"),
		FINDING("US-2021-06", "'site':'US MALMSTROM'"),
		FINDING("US-2021-06", "'site':'US-MALMSTROM','undeclared':["
		    "'b','a','b']"),
		FINDING("US-2021-06", "'site':'US-MALMSTROM','warheads':{"
		    "'US-ICBM-0001':1000,'US-HB-0001':0}"),
		FINDING("US-2021-06", "'site':'RU-DOMBAROVSKY','seen':[],"
		    "'missing':[],'undeclared':[],'warheads':{}"),
		NULL } },
};

static void
b64_of(char out[64], const uint8_t *data, size_t len)
{
	acc_base64_encode(out, data, len);
}

/* r_n: fixed bytes for each n. */
static void
r_of(uint8_t r[ACC_JRAND_LEN], int n)
{
	size_t i;

	for (i = 0; i < ACC_JRAND_LEN; i++)
		r[i] = (uint8_t)(n * 37 + (int)i * 11);
}

static void
expand(acc_buf *out, const char *t)
{
	for (; *t; t++) {
		if (*t == '\'') {
			assert(acc_buf_append(out, "\"", 1) == 0);
		} else if (*t == '@' && (t[1] == 'C' || t[1] == 'R') &&
		    t[2] >= '1' && t[2] <= '9' && t[3] == '@') {
			uint8_t r[ACC_JRAND_LEN], c[ACC_SHA256_LEN];
			char b[64];
			r_of(r, t[2] - '0');
			acc_jrand_commit(c, r);
			b64_of(b, t[1] == 'C' ? c : r, ACC_SHA256_LEN);
			assert(acc_buf_puts(out, b) == 0);
			t += 3;
		} else {
			assert(acc_buf_append(out, t, 1) == 0);
		}
	}
}

int
main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : ".";
	size_t i, j;

	for (i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		acc_buf b = ACC_BUF_INIT(1u << 20);
		assert(acc_buf_puts(&b, "[\n") == 0);
		for (j = 0; seeds[i].statements[j]; j++) {
			if (j > 0)
				assert(acc_buf_puts(&b, ",\n") == 0);
			expand(&b, seeds[i].statements[j]);
		}
		assert(acc_buf_puts(&b, "\n]\n") == 0);
		fuzz_emit_seed(dir, seeds[i].name, b.data, b.len);
		/* each seed runs through the harness as it is written */
		LLVMFuzzerTestOneInput((const uint8_t *)b.data, b.len);
		acc_buf_dispose(&b);
	}
	return 0;
}
#endif
