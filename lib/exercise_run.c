/*
 * Playing an exercise (exercise.h, docs/exercises.md): two workspaces in
 * a private directory, each party's statements checked and logged, logs
 * carried across by bundles and cosigned, declarations, inspections with
 * joint randomness, reconciliation, and the cheat applied to a physical
 * truth that only the runner knows. Further runs repeat only the
 * inspections' randomness over the state the first run built, with the
 * functions the inspection steps use. Nothing here prints; the report is
 * a value, and the directory is removed unless asked to be kept.
 */
#include <errno.h>
#include <ftw.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#ifndef PATH_MAX
#include <linux/limits.h>
#endif
#include <time.h>
#include <unistd.h>

#include <accord/crypto.h>
#include <accord/jrand.h>
#include <accord/log.h>
#include <accord/odds.h>
#include <accord/witness.h>
#include <accord/workspace.h>

#include "exercise_int.h"
#include "inspect.h"
#include "limits.h"
#include "treaty_int.h"

/* z for a two-sided 95% interval */
#define Z95 1.959963984540054

/* One party's node in the run. */
struct node {
	const char *party;
	char dir[PATH_MAX];
	acc_workspace *ws;
	acc_buf pkg;            /* its latest declaration package */
	acc_decl *decl;         /* parsed from pkg */
	json_t *facs;           /* facility id -> {"id","kind","name"?} */
	json_t *labels;         /* uid -> {"name"?,"attrs"?} */
	json_t *decls;          /* as_of -> the inventory file declared */
	char vkey[256];         /* its verifier key */
};

/* What an inspection finds at one site, from the full run's state. */
struct site {
	char *id;
	json_t *cands;          /* the host's candidates there */
	json_t *items;          /* the declared items the check reads */
	json_t *seen;           /* physically there */
	json_t *missing;        /* declared there, not there */
	json_t *undeclared;     /* there, not declared there */
	json_t *truth_w;        /* uid -> warheads really carried */
	double p;               /* chance an inspection here detects */
};

/* An inspection as the repeated runs need it. */
struct rinsp {
	const struct acc_xinsp *in;
	size_t index;
	char id[ACC_INSPECT_ID_MAX];
	size_t draws;
	acc_date date;
	bool escrow;
	json_t *candidates;     /* the host's commitment's */
	json_t *state;          /* the host's replayed items then */
	json_t *truth;          /* what was physically there then */
	acc_buf pkg;            /* escrow: the host's declaration then */
	acc_decl *decl;
	acc_workspace *host;    /* borrowed: reveals for escrow sites */
	struct site *sites;
	size_t n_sites;
	double analytic;
	uint64_t detected;      /* runs in which it caught the violation */
	uint64_t false_flags;   /* runs in which it flagged something else */
};

struct run {
	const struct acc_exercise *x;
	const acc_exercise_opts *o;
	const acc_treaty *t;
	acc_err *err;
	char root[PATH_MAX];
	struct node n[2];
	uint64_t *act_seq;      /* each activity's log entry */
	unsigned bundles;
	json_t *events;
	json_t *catches;
	json_t *flags;
	json_t *vuids;          /* the violation's items: uid -> true */
	json_t *revealed;       /* "<declaration> <site>" -> its items */
	bool moves_declared;    /* unnotified moves declared as they are */
	struct rinsp *ri;
	size_t n_ri;
	uint64_t det_runs;      /* runs in which inspections caught it */
	uint64_t flag_runs;     /* runs with a false flag */
	uint64_t rep_flags;     /* ... among runs 2 and later */
	double t_full, t_rep;   /* wall-clock seconds */
	double c_full, c_rep;   /* the process's CPU seconds */
};

/* Seconds on clock (CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID). */
static double
now_s(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
oom(struct run *r)
{
	return acc_err_set(r->err, ACC_ERR, "exercise", "out of memory");
}

static void
datestr(char out[ACC_DATE_LEN], acc_date d)
{
	acc_date_format(out, d);
}

static const char *
sval(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/*
 * Prefix what went wrong with where in the scenario it came from: the
 * statement or inspection that the machinery refused.
 */
static int
blame(acc_err *err, int rc, const char *where, const char *what)
{
	char w[256], m[512];

	if (err == NULL)
		return rc;
	snprintf(w, sizeof(w), "%s", err->where);
	snprintf(m, sizeof(m), "%s", err->msg);
	acc_err_clear(err);
	return acc_err_set(err, rc == ACC_EINVAL || rc == ACC_EVERIFY ||
	    rc == ACC_ECONFLICT ? ACC_EINVAL : rc, where, "refused %s: %s%s%s",
	    what, w, *w ? ": " : "", m);
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(path);
}

/* ---- the nodes ----------------------------------------------------------- */

static int
own_vkey(void *ctx, const char *party, const char *vkey)
{
	struct node *n = ctx;

	if (strcmp(party, n->party) == 0 && n->vkey[0] == '\0')
		snprintf(n->vkey, sizeof(n->vkey), "%s", vkey);
	return 0;
}

/* Facilities and item labels of the starting inventory. */
static int
node_labels(struct run *r, struct node *n, const acc_inventory *inv)
{
	acc_attr_kv kv[ACC_ATTRS_MAX];
	size_t i, j;

	n->facs = json_object();
	n->labels = json_object();
	n->decls = json_object();
	if (n->facs == NULL || n->labels == NULL || n->decls == NULL)
		return oom(r);
	for (i = 0; i < acc_inventory_facility_count(inv); i++) {
		acc_facility_rec f;
		json_t *o;
		acc_inventory_facility(inv, i, &f, kv, ACC_ATTRS_MAX);
		o = json_pack("{s:s, s:s}", "id", f.id, "kind", f.kind);
		if (o && f.name)
			json_object_set_new(o, "name", json_string(f.name));
		if (o && f.n_attrs) {
			json_t *a = json_object();
			for (j = 0; a && j < f.n_attrs; j++)
				json_object_set_new(a, kv[j].key,
				    json_string(kv[j].value));
			json_object_set_new(o, "attrs", a);
		}
		if (o == NULL || json_object_set_new(n->facs, f.id, o) != 0)
			return oom(r);
	}
	for (i = 0; i < acc_inventory_item_count(inv); i++) {
		acc_item_rec it;
		json_t *o;
		acc_inventory_item(inv, i, &it, kv, ACC_ATTRS_MAX);
		if (it.name == NULL && it.n_attrs == 0)
			continue;
		o = json_object();
		if (o && it.name)
			json_object_set_new(o, "name", json_string(it.name));
		if (o && it.n_attrs) {
			json_t *a = json_object();
			for (j = 0; a && j < it.n_attrs; j++)
				json_object_set_new(a, kv[j].key,
				    json_string(kv[j].value));
			json_object_set_new(o, "attrs", a);
		}
		if (o == NULL || json_object_set_new(n->labels, it.uid, o) != 0)
			return oom(r);
	}
	return 0;
}

static int
setup(struct run *r)
{
	const struct acc_exercise *x = r->x;
	char tmpl[PATH_MAX];
	size_t i;
	int rc = 0;

	snprintf(tmpl, sizeof(tmpl), "%s/accord-exercise-XXXXXX",
	    r->o->tmp_dir ? r->o->tmp_dir : "/tmp");
	if (mkdtemp(tmpl) == NULL)
		return acc_err_set(r->err, ACC_ERR, tmpl, "cannot make a "
		    "directory: %s", strerror(errno));
	snprintf(r->root, sizeof(r->root), "%s", tmpl);
	for (i = 0; rc == 0 && i < 2; i++) {
		struct node *n = &r->n[i];
		n->party = x->party[i].id;
		n->pkg = (acc_buf)ACC_BUF_INIT(1u << 30);
		snprintf(n->dir, sizeof(n->dir), "%s/%s", r->root, n->party);
		rc = acc_workspace_init(n->dir, x->t->id, n->party, NULL,
		    r->err);
		if (rc == 0)
			rc = acc_workspace_open(&n->ws, n->dir, r->err);
		if (rc == 0)
			rc = acc_workspace_key_each(n->ws, own_vkey, n, r->err);
		if (rc == 0)
			rc = node_labels(r, n, x->party[i].inv);
	}
	/* each trusts the other's key and mirrors its log through bundles */
	for (i = 0; rc == 0 && i < 2; i++) {
		struct node *n = &r->n[i], *o = &r->n[1 - i];
		rc = acc_workspace_trust(n->ws, o->party, o->vkey, false,
		    r->err);
		if (rc == 0)
			rc = acc_workspace_peer_add(n->ws, o->party, "", NULL,
			    r->err);
	}
	return rc;
}

/* Carry from's log (and its cosignatures) to `to` in a bundle. */
static int
exchange(struct run *r, int from, int to)
{
	acc_buf rep = ACC_BUF_INIT(1u << 20);
	char path[PATH_MAX + 32];
	int rc;

	snprintf(path, sizeof(path), "%s/%u.bundle", r->root, r->bundles++);
	rc = acc_workspace_bundle_export(r->n[from].ws, r->n[to].party,
	    UINT64_MAX, path, &rep, r->err);
	if (rc == 0)
		rc = acc_workspace_bundle_import(r->n[to].ws, path, &rep,
		    r->err);
	unlink(path);
	acc_buf_dispose(&rep);
	return rc;
}

static int
exchange_both(struct run *r)
{
	int rc = exchange(r, 0, 1);

	if (rc == 0)
		rc = exchange(r, 1, 0);
	return rc;
}

/* The party's replayed items (what its log says). */
static int
state_items(struct run *r, struct node *n, json_t **out)
{
	acc_buf b = ACC_BUF_INIT(ACC_REPORT_MAX);
	int rc;

	*out = NULL;
	rc = acc_workspace_state(n->ws, UINT64_MAX, ACC_DATE_NONE, true, &b,
	    r->err);
	if (rc == 0) {
		*out = json_loadb(b.data ? b.data : "[]", b.len ? b.len : 2, 0,
		    NULL);
		if (!json_is_array(*out)) {
			json_decref(*out);
			*out = NULL;
			rc = acc_err_set(r->err, ACC_ERR, n->party, "the "
			    "replayed state is not a list of items");
		}
	}
	acc_buf_dispose(&b);
	return rc;
}

/* ---- the truth ----------------------------------------------------------- */

static bool
cheat_active(const struct run *r, int p, unsigned month)
{
	const struct acc_xcheat_spec *c = &r->x->cheat;

	if (c->kind == ACC_XCHEAT_NONE || c->kind == ACC_XCHEAT_FORK ||
	    c->party != p || month < c->month)
		return false;
	return !(c->kind == ACC_XCHEAT_MOVES && r->moves_declared);
}

/*
 * What is physically there: the replayed items, with the cheat's hidden
 * items added, its missiles overloaded or its items moved. A new array.
 */
static int
truth_of(struct run *r, int p, unsigned month, json_t *state, json_t **out)
{
	const struct acc_xcheat_spec *c = &r->x->cheat;
	json_t *a = json_array(), *it;
	size_t i, k;

	*out = NULL;
	if (a == NULL)
		return oom(r);
	json_array_foreach(state, i, it)
		if (json_array_append_new(a, json_deep_copy(it)) != 0) {
			json_decref(a);
			return oom(r);
		}
	if (cheat_active(r, p, month)) {
		for (k = 0; k < c->n_uids; k++) {
			json_t *o = NULL;
			if (c->kind == ACC_XCHEAT_UNDECLARED) {
				int ti = acc_treaty_type_find(r->t, c->type,
				    strlen(c->type));
				o = json_pack("{s:s, s:s, s:s, s:s}", "uid",
				    c->uids[k], "type", c->type, "status",
				    c->status, "facility", c->site);
				if (o && ti >= 0 &&
				    r->t->types[ti].carries_warheads)
					json_object_set_new(o, "warheads",
					    json_integer(0));
				if (o == NULL || json_array_append_new(a, o) !=
				    0) {
					json_decref(a);
					return oom(r);
				}
				continue;
			}
			json_array_foreach(a, i, it) {
				json_t *w;
				if (strcmp(sval(it, "uid"), c->uids[k]) != 0)
					continue;
				w = json_object_get(it, "warheads");
				if (c->kind == ACC_XCHEAT_WARHEADS && w)
					json_object_set_new(it, "warheads",
					    json_integer(json_integer_value(w) +
					    c->extra));
				else if (c->kind == ACC_XCHEAT_MOVES)
					json_object_set_new(it, "facility",
					    json_string(c->to));
				break;
			}
		}
	}
	*out = a;
	return 0;
}

/* ---- declarations -------------------------------------------------------- */

/* An accord-inventory/1 JSON file of items (as replay gives them). */
static int
write_inventory(struct run *r, struct node *n, acc_date as_of, json_t *items,
    char *path, size_t path_len)
{
	char d[ACC_DATE_LEN], *text = NULL;
	json_t *doc, *facs = json_array(), *list = json_array(), *it, *f;
	const char *k;
	size_t i;
	int rc = 0;

	datestr(d, as_of);
	snprintf(path, path_len, "%s/%s-%s.json", r->root, n->party, d);
	doc = json_pack("{s:s, s:s, s:s, s:s}", "format", "accord-inventory/1",
	    "treaty", r->t->id, "party", n->party, "as_of", d);
	if (doc == NULL || facs == NULL || list == NULL) {
		rc = oom(r);
		goto done;
	}
	json_object_foreach(n->facs, k, f)
		json_array_append(facs, f);
	json_array_foreach(items, i, it) {
		json_t *o = json_pack("{s:O, s:O, s:O, s:O}", "uid",
		    json_object_get(it, "uid"), "type", json_object_get(it,
		    "type"), "status", json_object_get(it, "status"),
		    "facility", json_object_get(it, "facility"));
		json_t *lab = json_object_get(n->labels, sval(it, "uid"));
		if (o && json_object_get(it, "warheads"))
			json_object_set(o, "warheads", json_object_get(it,
			    "warheads"));
		if (o && json_object_get(it, "contained_in"))
			json_object_set(o, "contained_in", json_object_get(it,
			    "contained_in"));
		if (o && lab)
			json_object_update(o, lab);
		if (o == NULL || json_array_append_new(list, o) != 0) {
			rc = oom(r);
			goto done;
		}
	}
	json_object_set(doc, "facilities", facs);
	json_object_set(doc, "items", list);
	text = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
	if (text == NULL) {
		rc = oom(r);
		goto done;
	}
	rc = acc_file_write_atomic(path, text, strlen(text), 0644, r->err);
done:
	free(text);
	json_decref(doc);
	json_decref(facs);
	json_decref(list);
	return rc;
}

/* Import the inventory file and declare it as of as_of. */
static int
declare_file(struct run *r, acc_workspace *ws, const char *path,
    acc_date as_of, bool escrow, acc_buf *pkg)
{
	acc_decl_opts opts;
	uint8_t id[ACC_SHA256_LEN];

	memset(&opts, 0, sizeof(opts));
	opts.escrow = escrow;
	acc_buf_reset(pkg);
	if (acc_workspace_import(ws, &path, 1, as_of, NULL, r->err) != 0)
		return r->err->code;
	return acc_workspace_declare(ws, &opts, as_of, pkg, id, r->err);
}

static bool
is_violation(const struct run *r, const char *uid)
{
	return uid && json_object_get(r->vuids, uid) != NULL;
}

static int
add_event(struct run *r, unsigned month, acc_date date, const char *what,
    json_t *o)
{
	char d[ACC_DATE_LEN];

	if (o == NULL)
		return oom(r);
	datestr(d, date);
	json_object_set_new(o, "month", json_integer(month));
	json_object_set_new(o, "date", json_string(d));
	json_object_set_new(o, "event", json_string(what));
	if (json_array_append_new(r->events, o) != 0)
		return oom(r);
	return 0;
}

/* A catch, or a flag the cheat does not explain. */
static int
add_catch(struct run *r, bool caught, unsigned month, acc_date date,
    const char *how, json_t *o)
{
	char d[ACC_DATE_LEN];

	if (o == NULL)
		return oom(r);
	datestr(d, date);
	json_object_set_new(o, "month", json_integer(month));
	json_object_set_new(o, "date", json_string(d));
	json_object_set_new(o, "how", json_string(how));
	if (json_array_append_new(caught ? r->catches : r->flags, o) != 0)
		return oom(r);
	return 0;
}

/* Split a list of {"uid",...} into the violation's and the others. */
static void
split(const struct run *r, json_t *list, json_t *mine, json_t *other)
{
	json_t *d;
	size_t i;

	json_array_foreach(list, i, d)
		json_array_append(is_violation(r, sval(d, "uid")) ? mine :
		    other, d);
}

static int
declare(struct run *r, int p, unsigned month)
{
	const struct acc_exercise *x = r->x;
	struct node *n = &r->n[p], *o = &r->n[1 - p];
	acc_date as_of = acc_exercise_month_date(x, month);
	char path[PATH_MAX + 64], d[ACC_DATE_LEN], id[64];
	acc_buf rec = ACC_BUF_INIT(ACC_REPORT_MAX);
	json_t *state = NULL, *truth = NULL, *diffs = NULL, *mine, *other;
	const json_t *items;
	size_t n_diffs = 0;
	acc_vkey vk;
	int rc = 0;

	datestr(d, as_of);
	if (month == 0) {
		snprintf(path, sizeof(path), "%s", x->party[p].path);
	} else {
		rc = state_items(r, n, &state);
		/* unnotified moves, declared where the items are */
		if (rc == 0 && x->cheat.kind == ACC_XCHEAT_MOVES &&
		    !x->cheat.conceal && cheat_active(r, p, month))
			rc = truth_of(r, p, month, state, &truth);
		items = truth ? truth : state;
		if (rc == 0)
			rc = write_inventory(r, n, as_of, (json_t *)items, path,
			    sizeof(path));
	}
	if (rc == 0) {
		acc_decl_free(n->decl);
		n->decl = NULL;
		rc = declare_file(r, n->ws, path, as_of, x->party[p].escrow,
		    &n->pkg);
	}
	if (rc == 0)
		rc = acc_decl_parse(&n->decl, n->pkg.data, n->pkg.len,
		    "declaration", r->err);
	if (rc != 0) {
		rc = blame(r->err, rc, x->party[p].where, "the declaration");
		goto done;
	}
	json_object_set_new(n->decls, d, json_string(path));
	/* the other party checks the package with the key it trusts */
	rc = acc_workspace_trusted_key(o->ws, n->party, &vk, r->err);
	if (rc == 0)
		rc = acc_decl_verify(n->decl, r->t, &vk, r->err);
	if (rc != 0)
		goto done;
	acc_base64_encode(id, acc_decl_id(n->decl), ACC_SHA256_LEN);
	rc = add_event(r, month, as_of, "declaration", json_pack("{s:s, s:s, "
	    "s:s, s:I}", "party", n->party, "mode", x->party[p].escrow ?
	    "escrow" : "full", "id", id, "leaves",
	    (json_int_t)acc_decl_leaves(n->decl)));
	if (rc != 0 || month == 0)
		goto done;
	if (truth)
		r->moves_declared = true;
	/* the log since the last declaration against the new one */
	rc = acc_workspace_reconcile(n->ws, n->decl, true, &rec, &n_diffs,
	    r->err);
	if (rc != 0)
		goto done;
	diffs = json_loadb(rec.data ? rec.data : "[]", rec.len ? rec.len : 2,
	    0, NULL);
	mine = json_array();
	other = json_array();
	if (!json_is_array(diffs) || mine == NULL || other == NULL) {
		json_decref(mine);
		json_decref(other);
		rc = oom(r);
		goto done;
	}
	split(r, diffs, mine, other);
	rc = add_event(r, month, as_of, "reconciliation", json_pack("{s:s, "
	    "s:s, s:O}", "party", n->party, "declaration", id, "differences",
	    diffs));
	if (rc == 0 && json_array_size(mine))
		rc = add_catch(r, true, month, as_of, "reconciliation",
		    json_pack("{s:s, s:s, s:s, s:O}", "party", n->party, "by",
		    o->party, "declaration", id, "differences", mine));
	if (rc == 0 && json_array_size(other))
		rc = add_catch(r, false, month, as_of, "reconciliation",
		    json_pack("{s:s, s:s, s:O}", "party", n->party,
		    "declaration", id, "differences", other));
	json_decref(mine);
	json_decref(other);
done:
	json_decref(state);
	json_decref(truth);
	json_decref(diffs);
	acc_buf_dispose(&rec);
	return rc;
}

/* ---- scripted statements ------------------------------------------------- */

static int
notify(struct run *r, size_t i)
{
	const struct acc_exercise *x = r->x;
	const struct acc_xact *a = &x->acts[i];
	struct node *n = &r->n[a->party];
	acc_date date = acc_exercise_event_date(x, a->month, a->day);
	char d[ACC_DATE_LEN], *text;
	json_t *body = json_deep_copy(a->body), *st;
	uint64_t first = 0, count = 0;
	int rc;

	datestr(d, date);
	if (body && a->add_date)
		json_object_set_new(body, "date", json_string(d));
	st = body ? json_pack("{s:s, s:O}", "type", a->type, "body", body) :
	    NULL;
	text = st ? json_dumps(st, JSON_COMPACT) : NULL;
	if (text == NULL) {
		json_decref(st);
		json_decref(body);
		return oom(r);
	}
	rc = acc_workspace_notify(n->ws, text, strlen(text), "statement",
	    &first, &count, NULL, r->err);
	free(text);
	if (rc != 0) {
		json_decref(st);
		json_decref(body);
		return blame(r->err, rc, a->where, "the statement");
	}
	r->act_seq[i] = first;
	/* a new facility is one more the party can declare items at */
	if (strcmp(a->type, "facility.new") == 0 && sval(body, "facility") &&
	    sval(body, "kind")) {
		json_t *f = json_pack("{s:s, s:s}", "id", sval(body,
		    "facility"), "kind", sval(body, "kind"));
		if (f && sval(body, "name"))
			json_object_set(f, "name", json_object_get(body,
			    "name"));
		if (f)
			json_object_set_new(n->facs, sval(body, "facility"), f);
	}
	rc = add_event(r, a->month, date, "notification", json_pack("{s:s, "
	    "s:s, s:I, s:O}", "party", n->party, "type", a->type, "entry",
	    (json_int_t)first, "body", body));
	json_decref(st);
	json_decref(body);
	return rc;
}

/* ---- inspections --------------------------------------------------------- */

static bool
listed(json_t *set, const char *uid)
{
	return json_object_get(set, uid) != NULL;
}

/*
 * The declared items the check reads at a site, made when it is first
 * checked: for a full declaration, the replayed items there and those
 * seen there (the check looks up no other); for escrow, the host's
 * reveal of the site, as the verification reads it.
 */
static int
site_items(struct run *r, struct rinsp *ri, struct site *s)
{
	json_t *it, *doc, *seen;
	acc_buf rv = ACC_BUF_INIT(ACC_REPORT_MAX);
	char key[64 + ACC_ID_MAX + 2];
	size_t i;
	int rc;

	if (s->items != NULL)
		return 0;
	if (ri->escrow) {
		/* inspections of one declaration share its reveals */
		acc_base64_encode(key, acc_decl_id(ri->decl), ACC_SHA256_LEN);
		snprintf(key + strlen(key), sizeof(key) - strlen(key), " %s",
		    s->id);
		s->items = json_incref(json_object_get(r->revealed, key));
		if (s->items != NULL)
			return 0;
	}
	s->items = json_array();
	seen = json_object();
	if (s->items == NULL || seen == NULL) {
		json_decref(seen);
		return oom(r);
	}
	json_array_foreach(s->seen, i, it)
		json_object_set(seen, json_string_value(it), json_true());
	if (!ri->escrow) {
		json_array_foreach(ri->state, i, it)
			if (strcmp(sval(it, "facility"), s->id) == 0 ||
			    listed(seen, sval(it, "uid")))
				json_array_append(s->items, it);
		json_decref(seen);
		return 0;
	}
	json_decref(seen);
	rc = acc_workspace_reveal(ri->host, ri->decl, NULL, 0, s->id, &rv,
	    r->err);
	if (rc == ACC_EINVAL || rc == ACC_ENOTFOUND) {
		/* nothing of the declaration lies there */
		acc_err_clear(r->err);
		acc_buf_dispose(&rv);
		return json_object_set(r->revealed, key, s->items) ? oom(r) :
		    0;
	}
	doc = rc == 0 ? json_loadb(rv.data, rv.len, 0, NULL) : NULL;
	acc_buf_dispose(&rv);
	if (rc != 0)
		return rc;
	json_array_foreach(json_object_get(doc, "items"), i, it) {
		json_t *item = json_object_get(it, "item");
		if (item && sval(item, "facility") && strcmp(sval(item,
		    "facility"), s->id) == 0)
			json_array_append(s->items, item);
	}
	json_decref(doc);
	if (json_object_set(r->revealed, key, s->items) != 0)
		return oom(r);
	return 0;
}

/* What the inspectors find at one site, and the chance they catch it. */
static int
site_data(struct run *r, struct rinsp *ri, const char *id, struct site **out)
{
	struct site *s;
	json_t *declared = NULL, *there = NULL, *it, *w;
	size_t i;
	uint64_t N, K = 0;
	bool visible = false;
	int rc = 0;

	for (i = 0; i < ri->n_sites; i++)
		if (strcmp(ri->sites[i].id, id) == 0) {
			*out = &ri->sites[i];
			return 0;
		}
	s = &ri->sites[ri->n_sites];
	memset(s, 0, sizeof(*s));
	s->id = strdup(id);
	s->cands = json_incref(json_object_get(ri->candidates, id));
	s->seen = json_array();
	s->missing = json_array();
	s->undeclared = json_array();
	s->truth_w = json_object();
	declared = json_object();
	there = json_object();
	if (s->id == NULL || s->seen == NULL || s->missing == NULL ||
	    s->undeclared == NULL || s->truth_w == NULL || declared == NULL ||
	    there == NULL) {
		rc = oom(r);
		goto done;
	}
	ri->n_sites++;
	if (s->cands == NULL)
		s->cands = json_array();
	/* an item in transit is at neither end (its move was notified) */
	json_array_foreach(ri->state, i, it)
		if (strcmp(sval(it, "facility"), id) == 0 &&
		    !json_object_get(it, "in_transit_to"))
			json_object_set(declared, sval(it, "uid"), it);
	json_array_foreach(ri->truth, i, it) {
		const char *uid = sval(it, "uid");
		if (strcmp(sval(it, "facility"), id) != 0 ||
		    json_object_get(it, "in_transit_to"))
			continue;
		json_object_set(there, uid, it);
		json_array_append_new(s->seen, json_string(uid));
		if (!listed(declared, uid))
			json_array_append_new(s->undeclared, json_string(uid));
		if ((w = json_object_get(it, "warheads")) != NULL)
			json_object_set(s->truth_w, uid, w);
	}
	{
		const char *uid;
		json_object_foreach(declared, uid, it)
			if (!listed(there, uid))
				json_array_append_new(s->missing,
				    json_string(uid));
	}
	/* the odds: a hidden or moved item is seen by whoever comes; an
	 * overloaded missile only when drawn */
	json_array_foreach(s->missing, i, it)
		visible = visible || is_violation(r, json_string_value(it));
	json_array_foreach(s->undeclared, i, it)
		visible = visible || is_violation(r, json_string_value(it));
	json_array_foreach(s->cands, i, it) {
		const char *uid = json_string_value(it);
		json_t *tw = json_object_get(s->truth_w, uid);
		json_t *dw = json_object_get(json_object_get(declared, uid),
		    "warheads");
		if (tw && dw && json_integer_value(tw) !=
		    json_integer_value(dw))
			K++;
	}
	N = json_array_size(s->cands);
	s->p = visible ? 1.0 : 0.0;
	if (!visible && K > 0) {
		rc = acc_odds_detect(N, K, ri->draws < N ? ri->draws : N, &s->p,
		    r->err);
		if (rc != 0)
			goto done;
	}
	*out = s;
done:
	json_decref(declared);
	json_decref(there);
	return rc;
}

static int
rinsp_analytic(struct run *r, struct rinsp *ri)
{
	struct site *s;
	const char *k;
	json_t *v;
	double sum = 0;
	size_t n = 0;
	int rc = 0;

	if (ri->in->site != NULL) {
		rc = site_data(r, ri, ri->in->site, &s);
		ri->analytic = rc == 0 ? s->p : 0;
		return rc;
	}
	json_object_foreach(ri->candidates, k, v) {
		rc = site_data(r, ri, k, &s);
		if (rc != 0)
			return rc;
		sum += s->p;
		n++;
	}
	ri->analytic = n ? sum / (double)n : 0;
	return 0;
}

/* The check the verification makes, on what the full run kept. */
static int
check_fast(struct run *r, struct rinsp *ri, struct site *s, json_t *selected,
    json_t **out)
{
	json_t *f, *w = json_object(), *x, *disc = json_array();
	size_t i;
	int rc;

	*out = NULL;
	rc = site_items(r, ri, s);
	if (rc != 0) {
		json_decref(w);
		json_decref(disc);
		return rc;
	}
	json_array_foreach(selected, i, x) {
		json_t *tw = json_object_get(s->truth_w, json_string_value(x));
		if (tw)
			json_object_set(w, json_string_value(x), tw);
	}
	f = json_pack("{s:O, s:o, s:O, s:O}", "seen", s->seen, "warheads", w,
	    "missing", s->missing, "undeclared", s->undeclared);
	if (f == NULL || disc == NULL) {
		json_decref(f);
		json_decref(disc);
		return oom(r);
	}
	rc = acc_inspect_check(r->t, ri->in->kind, s->items, s->id, s->cands,
	    selected, f, disc, r->err);
	json_decref(f);
	if (rc != 0) {
		json_decref(disc);
		return rc;
	}
	*out = disc;
	return 0;
}

/* Borrowed C strings of a JSON list of strings (a new array of them). */
static const char **
strings(json_t *list, size_t *n)
{
	const char **v = calloc(json_array_size(list) + 1, sizeof(*v));
	json_t *x;
	size_t i;

	*n = 0;
	if (v == NULL)
		return NULL;
	json_array_foreach(list, i, x)
		v[(*n)++] = json_string_value(x);
	return v;
}

/* The findings the inspectors record for the selection. */
static int
record(struct run *r, struct node *I, const char *id, struct site *s,
    json_t *selected, bool *recorded)
{
	acc_inspect_finding f;
	const char **seen, **missing, **undecl, **counted;
	int64_t *wh;
	json_t *x;
	size_t i, n_sel = json_array_size(selected);
	int rc = 0;

	memset(&f, 0, sizeof(f));
	seen = strings(s->seen, &f.n_seen);
	missing = strings(s->missing, &f.n_missing);
	undecl = strings(s->undeclared, &f.n_undeclared);
	counted = calloc(n_sel + 1, sizeof(*counted));
	wh = calloc(n_sel + 1, sizeof(*wh));
	if (seen == NULL || missing == NULL || undecl == NULL ||
	    counted == NULL || wh == NULL) {
		rc = oom(r);
		goto done;
	}
	json_array_foreach(selected, i, x) {
		json_t *tw = json_object_get(s->truth_w, json_string_value(x));
		if (tw == NULL)
			continue;
		counted[f.n_counted] = json_string_value(x);
		wh[f.n_counted++] = json_integer_value(tw);
	}
	f.seen = seen;
	f.missing = missing;
	f.undeclared = undecl;
	f.counted = counted;
	f.warheads = wh;
	*recorded = f.n_seen + f.n_missing + f.n_undeclared + f.n_counted > 0;
	if (*recorded)
		rc = acc_inspect_record(I->ws, id, &f, r->err);
done:
	free(seen);
	free(missing);
	free(undecl);
	free(counted);
	free(wh);
	return rc;
}

/* The host's candidates, from its commitment in its own log. */
static int
host_candidates(struct run *r, struct node *H, const char *id, json_t **out)
{
	acc_buf b = ACC_BUF_INIT(ACC_REPORT_MAX);
	json_t *list = NULL, *e;
	size_t i;
	int rc;

	*out = NULL;
	rc = acc_workspace_log_list(H->ws, "inspection.commit", 0, true, &b,
	    r->err);
	if (rc == 0)
		list = json_loadb(b.data ? b.data : "[]", b.len ? b.len : 2, 0,
		    NULL);
	json_array_foreach(list, i, e) {
		json_t *body = json_object_get(e, "body");
		if (sval(body, "id") && strcmp(sval(body, "id"), id) == 0)
			*out = json_incref(json_object_get(body, "candidates"));
	}
	if (rc == 0 && !json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		rc = acc_err_set(r->err, ACC_ERR, id, "%s's commitment to %s "
		    "is not in its log", H->party, id);
	}
	json_decref(list);
	acc_buf_dispose(&b);
	return rc;
}

static bool
same_strings(json_t *a, json_t *b)
{
	size_t i;

	if (json_array_size(a) != json_array_size(b))
		return false;
	for (i = 0; i < json_array_size(a); i++)
		if (!json_equal(json_array_get(a, i), json_array_get(b, i)))
			return false;
	return true;
}

/*
 * The repeated runs replay acc_inspect_select and acc_inspect_check: with
 * the full run's own seed they must give what the machinery gave, or
 * their figures would mean nothing.
 */
static int
self_check(struct run *r, struct rinsp *ri, json_t *plan, json_t *report)
{
	uint8_t seed[ACC_SHA256_LEN + 3];
	const char *s64 = sval(plan, "seed");
	json_t *sel = NULL, *disc = NULL;
	struct site *s;
	size_t n = 0;
	int rc;

	if (s64 == NULL || acc_base64_decode(seed, sizeof(seed), &n, s64,
	    strlen(s64), "seed", r->err) != 0 || n != ACC_SHA256_LEN)
		return acc_err_set(r->err, ACC_ERR, ri->id, "the plan of %s "
		    "has no seed", ri->id);
	rc = acc_inspect_select(seed, ri->candidates, ri->in->site, ri->draws,
	    &sel, r->err);
	if (rc != 0)
		return rc;
	if (strcmp(sval(sel, "site"), sval(plan, "site")) != 0 ||
	    !same_strings(json_object_get(sel, "items"),
	    json_object_get(plan, "items"))) {
		json_decref(sel);
		return acc_err_set(r->err, ACC_ERR, ri->id, "the selection "
		    "recomputed from the seed differs from the plan of %s",
		    ri->id);
	}
	rc = site_data(r, ri, sval(sel, "site"), &s);
	if (rc == 0)
		rc = check_fast(r, ri, s, json_object_get(sel, "items"), &disc);
	if (rc == 0 && json_array_size(disc) != json_array_size(
	    json_object_get(report, "discrepancies")))
		rc = acc_err_set(r->err, ACC_ERR, ri->id, "the repeated check "
		    "finds %zu discrepancies where the verification of %s "
		    "found %zu", json_array_size(disc), ri->id,
		    json_array_size(json_object_get(report,
		    "discrepancies")));
	json_decref(sel);
	json_decref(disc);
	return rc;
}

static int
inspect(struct run *r, size_t index)
{
	const struct acc_exercise *x = r->x;
	const struct acc_xinsp *in = &x->insps[index];
	struct node *I = &r->n[in->inspecting], *H = &r->n[in->host];
	struct rinsp *ri = &r->ri[r->n_ri];
	acc_inspect_open_opts opts;
	json_t *plan = NULL, *report = NULL, *mine = NULL, *other = NULL;
	json_t *disc, *ev;
	acc_buf rv = ACC_BUF_INIT(ACC_REPORT_MAX);
	const char *reveal[1];
	size_t rlen[1];
	struct site *s;
	bool recorded = false;
	int k, rc;

	memset(ri, 0, sizeof(*ri));
	ri->pkg = (acc_buf)ACC_BUF_INIT(1u << 30);
	r->n_ri++;
	ri->in = in;
	ri->index = index;
	ri->date = acc_exercise_event_date(x, in->month, in->day);
	ri->escrow = x->party[in->host].escrow;
	ri->host = H->ws;
	k = acc_treaty_inspection_find(r->t, in->kind);
	ri->draws = (size_t)acc_treaty_inspection(r->t, (size_t)k).draws;
	memset(&opts, 0, sizeof(opts));
	opts.kind = in->kind;
	opts.host = H->party;
	opts.site = in->site;
	opts.date = ri->date;
	opts.host_declaration = H->decl;
	/* the steps, each party's statements carried to the other */
	rc = acc_inspect_open(I->ws, &opts, ri->id, r->err);
	if (rc == 0)
		rc = exchange(r, in->inspecting, in->host);
	if (rc == 0)
		rc = acc_inspect_join(H->ws, ri->id, r->err);
	if (rc == 0)
		rc = exchange(r, in->host, in->inspecting);
	/* the host reveals first, then the inspecting party */
	if (rc == 0)
		rc = acc_inspect_reveal(H->ws, ri->id, r->err);
	if (rc == 0)
		rc = exchange(r, in->host, in->inspecting);
	if (rc == 0)
		rc = acc_inspect_reveal(I->ws, ri->id, r->err);
	if (rc == 0)
		rc = exchange_both(r);
	if (rc == 0)
		rc = acc_inspect_plan(I->ws, ri->id, &plan, r->err);
	if (rc == 0 && json_array_size(json_object_get(plan, "findings")))
		rc = acc_err_set(r->err, ACC_ERR, ri->id, "the plan of %s has "
		    "findings: %s", ri->id, sval(json_array_get(
		    json_object_get(plan, "findings"), 0), "finding"));
	if (rc != 0) {
		rc = blame(r->err, rc, in->where, "the inspection");
		goto done;
	}
	/* what the full run keeps for the repeated ones */
	rc = host_candidates(r, H, ri->id, &ri->candidates);
	if (rc == 0)
		rc = state_items(r, H, &ri->state);
	if (rc == 0)
		rc = truth_of(r, in->host, in->month, ri->state, &ri->truth);
	if (rc == 0 && ri->escrow) {
		rc = acc_buf_append(&ri->pkg, H->pkg.data, H->pkg.len) == 0 ?
		    acc_decl_parse(&ri->decl, ri->pkg.data, ri->pkg.len,
		    "declaration", r->err) : oom(r);
	}
	if (rc == 0) {
		ri->sites = calloc(json_object_size(ri->candidates) + 1,
		    sizeof(*ri->sites));
		if (ri->sites == NULL)
			rc = oom(r);
	}
	if (rc == 0)
		rc = site_data(r, ri, sval(plan, "site"), &s);
	/* the inspectors at the site */
	if (rc == 0)
		rc = record(r, I, ri->id, s, json_object_get(plan, "items"),
		    &recorded);
	if (rc == 0 && recorded && ri->escrow)
		rc = acc_workspace_reveal(H->ws, H->decl, NULL, 0, s->id, &rv,
		    r->err);
	if (rc == 0 && recorded) {
		reveal[0] = rv.data;
		rlen[0] = rv.len;
		rc = acc_inspect_verify(I->ws, ri->id, H->decl, reveal, rlen,
		    ri->escrow ? 1 : 0, &report, r->err);
	}
	if (rc == 0)
		rc = exchange(r, in->inspecting, in->host);
	if (rc != 0) {
		rc = blame(r->err, rc, in->where, "the inspection");
		goto done;
	}
	if (report == NULL)
		report = json_pack("{s:[]}", "discrepancies");
	rc = report ? self_check(r, ri, plan, report) : oom(r);
	if (rc == 0)
		rc = rinsp_analytic(r, ri);
	if (rc != 0)
		goto done;
	disc = json_object_get(report, "discrepancies");
	mine = json_array();
	other = json_array();
	if (mine == NULL || other == NULL) {
		rc = oom(r);
		goto done;
	}
	split(r, disc, mine, other);
	ri->detected += json_array_size(mine) > 0;
	ri->false_flags += json_array_size(other) > 0;
	ev = json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:O, s:I, s:I, s:O, "
	    "s:f}", "id", ri->id, "inspecting", I->party, "host", H->party,
	    "kind", in->kind, "site", s->id, "site_drawn", in->site == NULL,
	    "selected", json_object_get(plan, "items"), "sites",
	    (json_int_t)json_object_size(ri->candidates), "checked",
	    (json_int_t)json_integer_value(json_object_get(report, "checked")),
	    "discrepancies", disc, "analytic", ri->analytic);
	if (ev && !recorded)
		json_object_set_new(ev, "note", json_string("nothing at the "
		    "site to see, count or miss"));
	rc = add_event(r, in->month, ri->date, "inspection", ev);
	if (rc == 0 && json_array_size(mine))
		rc = add_catch(r, true, in->month, ri->date, "inspection",
		    json_pack("{s:s, s:s, s:s, s:s, s:O}", "by", I->party,
		    "party", H->party, "inspection", ri->id, "site", s->id,
		    "discrepancies", mine));
	if (rc == 0 && json_array_size(other))
		rc = add_catch(r, false, in->month, ri->date, "inspection",
		    json_pack("{s:s, s:s, s:s, s:s, s:O}", "by", I->party,
		    "party", H->party, "inspection", ri->id, "site", s->id,
		    "discrepancies", other));
done:
	json_decref(plan);
	json_decref(report);
	json_decref(mine);
	json_decref(other);
	acc_buf_dispose(&rv);
	return rc;
}

/* ---- the forked log ------------------------------------------------------ */

static int
copy_key(struct run *r, const char *from_dir, const char *to_dir,
    const char *name, bool secret)
{
	acc_buf b = ACC_BUF_INIT(4096);
	char src[PATH_MAX + 32], dst[PATH_MAX + 32];
	int rc;

	snprintf(src, sizeof(src), "%s/keys/%s", from_dir, name);
	snprintf(dst, sizeof(dst), "%s/keys/%s", to_dir, name);
	rc = acc_file_read(&b, src, r->err);
	if (rc == 0 && unlink(dst) != 0)
		rc = acc_err_set(r->err, ACC_ERR, dst, "cannot remove: %s",
		    strerror(errno));
	if (rc == 0)
		rc = secret ? acc_file_write_secret(dst, b.data, b.len,
		    r->err) : acc_file_write_atomic(dst, b.data, b.len, 0644,
		    r->err);
	if (b.data)
		acc_wipe(b.data, b.cap);
	acc_buf_dispose(&b);
	return rc;
}

/* Log entry bytes again in ws2: a statement, or its declaration remade. */
static int
relog(struct run *r, struct node *C, acc_workspace *ws2, json_t *e,
    acc_buf *pkg)
{
	const char *type = sval(e, "type");
	json_t *body = json_object_get(e, "body");
	char *text;
	uint64_t first, count;
	int rc;

	if (type && strcmp(type, "declaration") == 0) {
		const char *path = sval(C->decls, sval(body, "as_of") ?
		    sval(body, "as_of") : "");
		acc_date d;
		if (path == NULL || acc_date_parse(&d, sval(body, "as_of"),
		    strlen(sval(body, "as_of")), "as_of", r->err) != 0)
			return acc_err_set(r->err, ACC_ERR, "fork", "no "
			    "inventory kept for the declaration of %s",
			    sval(body, "as_of") ? sval(body, "as_of") : "?");
		return declare_file(r, ws2, path, d, sval(body, "mode") &&
		    strcmp(sval(body, "mode"), "escrow") == 0, pkg);
	}
	{
		json_t *st = json_pack("{s:s?, s:O}", "type", type, "body",
		    body);
		text = st ? json_dumps(st, JSON_COMPACT) : NULL;
		json_decref(st);
	}
	if (text == NULL)
		return oom(r);
	rc = acc_workspace_notify(ws2, text, strlen(text), "statement", &first,
	    &count, NULL, r->err);
	free(text);
	return rc;
}

/*
 * The cheater rewrites its log without one entry, re-signs it with its
 * own key and shows the rewritten history to the other party.
 */
static int
fork_log(struct run *r, unsigned month)
{
	const struct acc_xcheat_spec *c = &r->x->cheat;
	struct node *C = &r->n[c->party], *V = &r->n[1 - c->party];
	acc_date date = acc_exercise_month_date(r->x, month) - 1;
	acc_workspace *ws2 = NULL;
	acc_buf b = ACC_BUF_INIT(ACC_REPORT_MAX);
	acc_buf pkg = ACC_BUF_INIT(1u << 30);
	char dir[PATH_MAX + 32], path[PATH_MAX + 32];
	uint64_t size = 0, seq, drop = r->act_seq[c->drop];
	json_t *list = NULL, *ev = NULL;
	int rc;

	snprintf(dir, sizeof(dir), "%s/%s-rewritten", r->root, C->party);
	snprintf(path, sizeof(path), "%s/rewritten.bundle", r->root);
	rc = acc_workspace_init(dir, r->t->id, C->party, NULL, r->err);
	if (rc == 0)
		rc = copy_key(r, C->dir, dir, "signing.key", true);
	if (rc == 0)
		rc = copy_key(r, C->dir, dir, "signing.vkey", false);
	if (rc == 0)
		rc = acc_workspace_open(&ws2, dir, r->err);
	if (rc == 0)
		rc = acc_workspace_trust(ws2, V->party, V->vkey, false, r->err);
	if (rc == 0)
		rc = acc_workspace_peer_add(ws2, V->party, "", NULL, r->err);
	if (rc == 0)
		rc = acc_workspace_log_size(C->ws, &size, r->err);
	for (seq = 0; rc == 0 && seq < size; seq++) {
		json_t *e;
		if (seq == drop)
			continue;
		acc_buf_reset(&b);
		rc = acc_workspace_log_entry(C->ws, seq, &b, r->err);
		if (rc != 0)
			break;
		e = json_loadb(b.data, b.len, 0, NULL);
		rc = e ? relog(r, C, ws2, e, &pkg) : oom(r);
		json_decref(e);
	}
	if (rc != 0) {
		rc = blame(r->err, rc, c->where, "the rewritten history");
		goto done;
	}
	acc_buf_reset(&b);
	rc = acc_workspace_bundle_export(ws2, V->party, 0, path, &b, r->err);
	if (rc != 0)
		goto done;
	acc_buf_reset(&b);
	rc = acc_workspace_bundle_import(V->ws, path, &b, r->err);
	unlink(path);
	if (rc == 0) {
		/* the witness took the rewritten history: not caught */
		rc = add_event(r, month, date, "fork", json_pack("{s:s, s:b}",
		    "party", C->party, "caught", 0));
		goto done;
	}
	if (rc != ACC_ECONFLICT)
		goto done;
	/* fork evidence, checked as a third party would, with C's key */
	acc_err_clear(r->err);
	acc_buf_reset(&b);
	rc = acc_workspace_forks_list(V->ws, true, &b, r->err);
	if (rc == 0)
		list = json_loadb(b.data, b.len, 0, NULL);
	if (rc == 0 && json_array_size(list) == 0)
		rc = acc_err_set(r->err, ACC_ERR, V->party, "a fork was "
		    "reported and no evidence kept");
	if (rc == 0) {
		json_int_t id = json_integer_value(json_object_get(
		    json_array_get(list, json_array_size(list) - 1), "id"));
		acc_buf line = ACC_BUF_INIT(4096);
		acc_buf_reset(&b);
		rc = acc_workspace_fork_export(V->ws, (int64_t)id, &b, r->err);
		if (rc == 0)
			rc = acc_fork_verify(b.data, b.len, C->vkey, &line,
			    r->err);
		if (rc == 0) {
			if (line.len && line.data[line.len - 1] == '\n')
				line.data[--line.len] = '\0';
			ev = json_pack("{s:s, s:s, s:I, s:s, s:s}", "party",
			    C->party, "by", V->party, "evidence", id, "kind",
			    sval(json_array_get(list, json_array_size(list) -
			    1), "kind"), "verified", line.data ? line.data :
			    "");
		}
		acc_buf_dispose(&line);
	}
	/* an operator has looked at the evidence: the witness resumes */
	if (rc == 0)
		rc = acc_workspace_peer_resume(V->ws, C->party, r->err);
	if (rc == 0)
		rc = add_event(r, month, date, "fork", json_deep_copy(ev));
	if (rc == 0)
		rc = add_catch(r, true, month, date, "fork", json_incref(ev));
done:
	json_decref(ev);
	json_decref(list);
	acc_workspace_close(ws2);
	acc_buf_dispose(&b);
	acc_buf_dispose(&pkg);
	return rc;
}

/* ---- the full run -------------------------------------------------------- */

static int
violation_event(struct run *r, unsigned month)
{
	const struct acc_xcheat_spec *c = &r->x->cheat;
	json_t *items = json_array(), *o;
	size_t i;

	if (items == NULL)
		return oom(r);
	for (i = 0; i < c->n_uids; i++)
		json_array_append_new(items, json_string(c->uids[i]));
	o = json_pack("{s:s, s:s, s:o}", "party", r->x->party[c->party].id,
	    "kind", acc_xcheat_names[c->kind], "items", items);
	return add_event(r, month, month ? acc_exercise_month_date(r->x,
	    month - 1) : r->x->start, "violation", o);
}

static int
play(struct run *r)
{
	const struct acc_exercise *x = r->x;
	unsigned m, d;
	size_t i;
	int rc, p;

	rc = setup(r);
	for (p = 0; rc == 0 && p < 2; p++)
		rc = declare(r, p, 0);
	if (rc == 0)
		rc = exchange_both(r);
	if (rc == 0 && x->cheat.kind != ACC_XCHEAT_NONE && x->cheat.month == 0)
		rc = violation_event(r, 0);
	for (m = 1; rc == 0 && m <= x->months; m++) {
		if (x->cheat.kind != ACC_XCHEAT_NONE && x->cheat.month == m &&
		    x->cheat.kind != ACC_XCHEAT_FORK)
			rc = violation_event(r, m);
		for (d = 1; rc == 0 && d <= 28; d++) {
			for (i = 0; rc == 0 && i < x->n_acts; i++)
				if (x->acts[i].month == m &&
				    x->acts[i].day == d)
					rc = notify(r, i);
			for (i = 0; rc == 0 && i < x->n_insps; i++)
				if (x->insps[i].month == m &&
				    x->insps[i].day == d)
					rc = inspect(r, i);
		}
		if (rc == 0)
			rc = exchange_both(r);
		if (rc == 0 && x->cheat.kind == ACC_XCHEAT_FORK &&
		    x->cheat.month == m)
			rc = fork_log(r, m);
		for (p = 0; rc == 0 && m % 6 == 0 && p < 2; p++)
			rc = declare(r, p, m);
		if (rc == 0 && m % 6 == 0)
			rc = exchange_both(r);
	}
	return rc;
}

/* ---- the repeated runs --------------------------------------------------- */

/* 32 bytes for role (0 inspecting, 1 host) of inspection i in run k. */
static int
draw(struct run *r, uint64_t k, size_t i, int role, uint8_t out[32])
{
	static const char tag[] = "accord-exercise-drbg";
	uint8_t b[8 + 8 + 4 + 1];
	acc_iov v[2];
	size_t j;

	if (!r->o->seeded)
		return acc_random(out, ACC_JRAND_LEN, r->err);
	for (j = 0; j < 8; j++) {
		b[j] = (uint8_t)(r->o->seed >> (56 - 8 * j));
		b[8 + j] = (uint8_t)(k >> (56 - 8 * j));
	}
	for (j = 0; j < 4; j++)
		b[16 + j] = (uint8_t)((uint32_t)i >> (24 - 8 * j));
	b[20] = (uint8_t)role;
	v[0].data = tag;
	v[0].len = sizeof(tag) - 1;
	v[1].data = b;
	v[1].len = sizeof(b);
	acc_sha256_v(out, v, 2);
	return 0;
}

/* One inspection again with fresh bytes from both parties. */
static int
repeat_one(struct run *r, struct rinsp *ri, uint64_t k, bool *caught,
    bool *flagged)
{
	uint8_t ra[ACC_JRAND_LEN], rb[ACC_JRAND_LEN];
	uint8_t ca[ACC_SHA256_LEN], cb[ACC_SHA256_LEN], c[ACC_SHA256_LEN];
	uint8_t seed[ACC_SHA256_LEN];
	json_t *sel = NULL, *disc = NULL, *d;
	struct site *s;
	size_t i;
	int rc;

	*caught = *flagged = false;
	rc = draw(r, k, ri->index, 0, ra);
	if (rc == 0)
		rc = draw(r, k, ri->index, 1, rb);
	if (rc != 0)
		return rc;
	/* each commits, then reveals: the reveal must match */
	acc_jrand_commit(ca, ra);
	acc_jrand_commit(cb, rb);
	acc_jrand_commit(c, ra);
	if (!acc_ct_equal(c, ca, sizeof(c)))
		return acc_err_set(r->err, ACC_ERR, ri->id, "a reveal does not "
		    "match its commitment");
	acc_jrand_commit(c, rb);
	if (!acc_ct_equal(c, cb, sizeof(c)))
		return acc_err_set(r->err, ACC_ERR, ri->id, "a reveal does not "
		    "match its commitment");
	acc_jrand_seed(seed, ra, rb, ri->id);
	rc = acc_inspect_select(seed, ri->candidates, ri->in->site, ri->draws,
	    &sel, r->err);
	if (rc == 0)
		rc = site_data(r, ri, sval(sel, "site"), &s);
	if (rc == 0)
		rc = check_fast(r, ri, s, json_object_get(sel, "items"), &disc);
	json_array_foreach(disc, i, d) {
		if (is_violation(r, sval(d, "uid")))
			*caught = true;
		else
			*flagged = true;
	}
	json_decref(sel);
	json_decref(disc);
	return rc;
}

static int
repeat(struct run *r)
{
	uint64_t k;
	size_t i;
	bool any, flag;
	int rc = 0;

	/* the full run counts as the first */
	any = flag = false;
	for (i = 0; i < r->n_ri; i++) {
		any = any || r->ri[i].detected;
		flag = flag || r->ri[i].false_flags;
	}
	r->det_runs = any;
	r->flag_runs = flag;
	for (k = 2; rc == 0 && k <= r->o->runs; k++) {
		any = flag = false;
		for (i = 0; rc == 0 && i < r->n_ri; i++) {
			bool c, f;
			rc = repeat_one(r, &r->ri[i], k, &c, &f);
			r->ri[i].detected += c;
			r->ri[i].false_flags += f;
			any = any || c;
			flag = flag || f;
		}
		r->det_runs += any;
		r->flag_runs += flag;
		r->rep_flags += flag;
	}
	return rc;
}

/* ---- the report ---------------------------------------------------------- */

/* Wilson's 95% interval for x successes in n trials. */
static void
wilson(uint64_t x, uint64_t n, double *lo, double *hi)
{
	double p = (double)x / (double)n, z2 = Z95 * Z95, nn = (double)n;
	double c = (p + z2 / (2 * nn)) / (1 + z2 / nn);
	double h = Z95 / (1 + z2 / nn) * sqrt(p * (1 - p) / nn + z2 /
	    (4 * nn * nn));

	*lo = c - h < 0 ? 0 : c - h;
	*hi = c + h > 1 ? 1 : c + h;
	if (x == 0)
		*lo = 0;
	if (x == n)
		*hi = 1;
}

static json_t *
rate(uint64_t x, uint64_t n, double analytic)
{
	double lo, hi;

	wilson(x, n, &lo, &hi);
	return json_pack("{s:I, s:I, s:f, s:[f, f], s:f, s:b}", "detected",
	    (json_int_t)x, "runs", (json_int_t)n, "rate", (double)x /
	    (double)n, "ci95", lo, hi, "analytic", analytic, "agrees",
	    analytic >= lo - 1e-12 && analytic <= hi + 1e-12);
}

static json_t *
cheat_json(const struct run *r)
{
	const struct acc_exercise *x = r->x;
	const struct acc_xcheat_spec *c = &x->cheat;
	json_t *o, *items;
	size_t i;

	if (c->kind == ACC_XCHEAT_NONE)
		return json_pack("{s:s}", "kind", "none");
	items = json_array();
	for (i = 0; items && i < c->n_uids; i++)
		json_array_append_new(items, json_string(c->uids[i]));
	o = json_pack("{s:s, s:s, s:i, s:o}", "kind", acc_xcheat_names[c->kind],
	    "party", x->party[c->party].id, "month", (int)c->month, "items",
	    items);
	if (o == NULL)
		return NULL;
	if (c->site)
		json_object_set_new(o, "site", json_string(c->site));
	if (c->type)
		json_object_set_new(o, "type", json_string(c->type));
	if (c->kind == ACC_XCHEAT_UNDECLARED)
		json_object_set_new(o, "status", json_string(c->status));
	if (c->kind == ACC_XCHEAT_WARHEADS)
		json_object_set_new(o, "extra", json_integer(c->extra));
	if (c->kind == ACC_XCHEAT_MOVES) {
		json_object_set_new(o, "from", json_string(c->from));
		json_object_set_new(o, "to", json_string(c->to));
		json_object_set_new(o, "conceal", json_boolean(c->conceal));
	}
	if (c->kind == ACC_XCHEAT_FORK) {
		json_object_set_new(o, "drop",
		    json_integer((json_int_t)c->drop));
		json_object_set_new(o, "dropped", json_string(
		    x->acts[c->drop].type));
	}
	return o;
}

static json_t *
runs_json(const struct run *r)
{
	json_t *o, *list = json_array();
	double miss = 1;
	uint64_t n = r->o->runs, caught;
	size_t i;

	if (list == NULL)
		return NULL;
	for (i = 0; i < r->n_ri; i++) {
		const struct rinsp *ri = &r->ri[i];
		json_t *e = rate(ri->detected, n, ri->analytic);
		char d[ACC_DATE_LEN];
		datestr(d, ri->date);
		if (e == NULL)
			break;
		json_object_set_new(e, "id", json_string(ri->id));
		json_object_set_new(e, "month", json_integer(ri->in->month));
		json_object_set_new(e, "date", json_string(d));
		json_object_set_new(e, "kind", json_string(ri->in->kind));
		json_object_set_new(e, "site", json_string(ri->in->site ?
		    ri->in->site : "random"));
		json_object_set_new(e, "sites", json_integer((json_int_t)
		    json_object_size(ri->candidates)));
		json_object_set_new(e, "false_flags", json_integer(
		    (json_int_t)ri->false_flags));
		json_array_append_new(list, e);
		miss *= 1 - ri->analytic;
	}
	caught = r->det_runs;
	/* reconciliation and fork evidence do not depend on the bytes */
	for (i = 0; i < json_array_size(r->catches); i++)
		if (strcmp(sval(json_array_get(r->catches, i), "how"),
		    "inspection") != 0)
			caught = n;
	o = json_pack("{s:I, s:o, s:o, s:I, s:I}", "runs", (json_int_t)n,
	    "inspections", list, "by_inspections", rate(r->det_runs, n, 1 -
	    miss), "caught", (json_int_t)caught, "false_flags",
	    (json_int_t)r->flag_runs);
	if (o) {
		json_object_set_new(o, "seed", r->o->seeded ?
		    json_integer((json_int_t)r->o->seed) : json_null());
		json_object_set_new(o, "repeated", json_string(n > 1 ?
		    "run 1 through the machinery; the others repeat only the "
		    "inspections, with fresh random bytes from both parties, "
		    "over the state run 1 built; reconciliation and fork "
		    "outcomes carry over" : "run 1 only"));
	}
	return o;
}

static int
report(struct run *r, struct acc_exercise_result *res)
{
	const struct acc_exercise *x = r->x;
	json_t *o, *parties = json_array(), *runs, *timing;
	char a[ACC_DATE_LEN], b[ACC_DATE_LEN];
	double per = r->o->runs > 1 ? r->t_rep / (double)(r->o->runs - 1) : 0;
	uint64_t flags;
	size_t i;

	for (i = 0; parties && i < 2; i++)
		json_array_append_new(parties, json_pack("{s:s, s:s, s:s, s:I}",
		    "id", x->party[i].id, "declarations", x->party[i].escrow ?
		    "escrow" : "full", "inventory", x->party[i].path, "items",
		    (json_int_t)acc_inventory_item_count(x->party[i].inv)));
	datestr(a, x->start);
	datestr(b, acc_exercise_month_date(x, x->months));
	runs = runs_json(r);
	timing = json_pack("{s:f, s:f, s:f, s:f, s:f, s:f}", "full_run_s",
	    r->t_full, "repeated_s", r->t_rep, "repeated_runs_per_s", per > 0 ?
	    1 / per : 0, "ratio", per > 0 ? r->t_full / per : 0,
	    "full_run_cpu_s", r->c_full, "repeated_cpu_s", r->c_rep);
	flags = json_array_size(r->flags) + r->rep_flags;
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:o, s:o, s:O, s:b, "
	    "s:O, s:O, s:O, s:o, s:o, s:I}", "format",
	    "accord-exercise-report/1", "exercise", x->id, "title", x->title,
	    "treaty", x->t->id, "start", a, "months", (int)x->months,
	    "parties", parties, "cheat", cheat_json(r), "events", r->events,
	    "caught", json_array_size(r->catches) > 0, "first_caught",
	    json_array_size(r->catches) ? json_array_get(r->catches, 0) :
	    json_null(), "catches", r->catches, "false_flags", r->flags,
	    "runs", runs, "timing", timing, "flagged", (json_int_t)flags);
	if (o == NULL)
		return oom(r);
	json_object_set_new(o, "end", json_string(b));
	if (r->o->keep)
		json_object_set_new(o, "directory", json_string(r->root));
	res->report = o;
	res->caught = json_array_size(r->catches) > 0;
	res->false_flags = flags;
	return 0;
}

static void
run_dispose(struct run *r)
{
	size_t i, j;

	for (i = 0; i < r->n_ri; i++) {
		struct rinsp *ri = &r->ri[i];
		for (j = 0; j < ri->n_sites; j++) {
			struct site *s = &ri->sites[j];
			free(s->id);
			json_decref(s->cands);
			json_decref(s->items);
			json_decref(s->seen);
			json_decref(s->missing);
			json_decref(s->undeclared);
			json_decref(s->truth_w);
		}
		free(ri->sites);
		json_decref(ri->candidates);
		json_decref(ri->state);
		json_decref(ri->truth);
		acc_decl_free(ri->decl);
		acc_buf_dispose(&ri->pkg);
	}
	free(r->ri);
	for (i = 0; i < 2; i++) {
		acc_decl_free(r->n[i].decl);
		acc_buf_dispose(&r->n[i].pkg);
		acc_workspace_close(r->n[i].ws);
		json_decref(r->n[i].facs);
		json_decref(r->n[i].labels);
		json_decref(r->n[i].decls);
	}
	free(r->act_seq);
	json_decref(r->events);
	json_decref(r->catches);
	json_decref(r->flags);
	json_decref(r->vuids);
	json_decref(r->revealed);
	if (r->root[0] && !r->o->keep)
		(void)nftw(r->root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int
acc_exercise_run(acc_exercise_result **out, const acc_exercise *x,
    const acc_exercise_opts *opts, acc_err *err)
{
	struct acc_exercise_result *res = NULL;
	struct run r;
	size_t i;
	double t0, t1, c0, c1;
	int rc;

	*out = NULL;
	if (!x->loaded)
		return acc_err_set(err, ACC_EINVAL, x->source, "the exercise "
		    "was parsed, not loaded: its inventories are not read");
	if (opts->runs < 1 || opts->runs > ACC_EXERCISE_RUNS_MAX)
		return acc_err_set(err, ACC_EINVAL, "--runs", "expected 1 to "
		    "%u runs", ACC_EXERCISE_RUNS_MAX);
	memset(&r, 0, sizeof(r));
	r.x = x;
	r.o = opts;
	r.t = x->t;
	r.err = err;
	r.events = json_array();
	r.catches = json_array();
	r.flags = json_array();
	r.vuids = json_object();
	r.revealed = json_object();
	r.act_seq = calloc(x->n_acts + 1, sizeof(*r.act_seq));
	r.ri = calloc(x->n_insps + 1, sizeof(*r.ri));
	res = calloc(1, sizeof(*res));
	if (r.events == NULL || r.catches == NULL || r.flags == NULL ||
	    r.vuids == NULL || r.revealed == NULL || r.act_seq == NULL || r.ri == NULL ||
	    res == NULL) {
		rc = oom(&r);
		goto done;
	}
	for (i = 0; i < x->cheat.n_uids; i++)
		json_object_set_new(r.vuids, x->cheat.uids[i], json_true());
	t0 = now_s(CLOCK_MONOTONIC);
	c0 = now_s(CLOCK_PROCESS_CPUTIME_ID);
	rc = play(&r);
	t1 = now_s(CLOCK_MONOTONIC);
	c1 = now_s(CLOCK_PROCESS_CPUTIME_ID);
	r.t_full = t1 - t0;
	r.c_full = c1 - c0;
	if (rc == 0)
		rc = repeat(&r);
	r.t_rep = now_s(CLOCK_MONOTONIC) - t1;
	r.c_rep = now_s(CLOCK_PROCESS_CPUTIME_ID) - c1;
	if (rc == 0)
		rc = report(&r, res);
	if (rc != 0)
		goto done;
	*out = res;
	res = NULL;
done:
	run_dispose(&r);
	acc_exercise_result_free(res);
	return rc;
}

void
acc_exercise_result_free(acc_exercise_result *r)
{
	if (r == NULL)
		return;
	json_decref(r->report);
	free(r);
}

bool
acc_exercise_caught(const acc_exercise_result *r)
{
	return r->caught;
}

uint64_t
acc_exercise_false_flags(const acc_exercise_result *r)
{
	return r->false_flags;
}
