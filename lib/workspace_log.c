/*
 * The workspace's notification log: statements checked against the
 * replayed state and appended under the store's write lock, listings,
 * checkpoints and proofs, verification, state and reconciliation.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <accord/compliance.h>
#include <accord/log.h>

#include "log.h"
#include "notify.h"
#include "treaty_int.h"
#include "workspace_int.h"

/* The log of ws; key (optional) signs. */
static int
log_of(acc_workspace *ws, acc_log *log, acc_key *key, acc_err *err)
{
	acc_vkey vk;
	int rc = 0;

	memset(log, 0, sizeof(*log));
	log->store = ws->store;
	snprintf(log->treaty, sizeof(log->treaty), "%s", ws->treaty->id);
	snprintf(log->party, sizeof(log->party), "%s", ws->party);
	snprintf(log->origin, sizeof(log->origin), "accord/%s/%s",
	    ws->treaty->id, ws->party);
	if (key) {
		rc = acc_workspace_signing_key(ws, key, &vk, err);
		if (rc == 0) {
			log->key = key;
			log->vkey = vk;
		}
		return rc;
	}
	{
		/* the verifier key alone */
		acc_key k;
		rc = acc_workspace_signing_key(ws, &k, &vk, err);
		if (rc == 0)
			log->vkey = vk;
		acc_key_dispose(&k);
	}
	return rc;
}

/* ---- replay -------------------------------------------------------------- */

struct replay {
	acc_workspace *ws;
	acc_nstate *st;
	acc_date at_date;
	uint64_t stop_at;       /* UINT64_MAX: none */
	const char *stop_decl;  /* a declaration id to stop before */
	bool stopped;
	uint64_t last_decl;     /* seq of the last declaration entry, +1 */
	acc_err *err;
};

static acc_date
event_date(json_t *e)
{
	json_t *b = json_object_get(e, "body");
	const char *d = json_string_value(json_object_get(b, "date"));
	const char *t = json_string_value(json_object_get(e, "time"));
	acc_date out = ACC_DATE_NONE;
	acc_err e2 = ACC_ERR_INIT;

	if (d == NULL)
		d = json_string_value(json_object_get(b, "as_of"));
	if (d && acc_date_parse(&out, d, strlen(d), "date", &e2) == 0)
		return out;
	if (t && strlen(t) >= 10 &&
	    acc_date_parse(&out, t, 10, "time", &e2) == 0)
		return out;
	return ACC_DATE_NONE;
}

static int
replay_entry(void *ctx, uint64_t seq, const char *entry, size_t len)
{
	struct replay *r = ctx;
	json_error_t jerr;
	json_t *e;
	const char *type;
	char name[64];
	int rc = 0;

	if (r->stopped || seq >= r->stop_at)
		return 0;
	snprintf(name, sizeof(name), "log entry %" PRIu64, seq);
	e = json_loadb(entry, len, 0, &jerr);
	if (e == NULL)
		return acc_err_set(r->err, ACC_EVERIFY, name,
		    "not JSON: %s", jerr.text);
	if (r->at_date != ACC_DATE_NONE && event_date(e) > r->at_date) {
		/* a later event: not yet part of the state at that date */
		json_decref(e);
		return 0;
	}
	type = json_string_value(json_object_get(e, "type"));
	if (type && strcmp(type, "declaration") == 0) {
		json_t *b = json_object_get(e, "body");
		const char *id = json_string_value(json_object_get(b, "id"));
		struct acc_stored_decl sd;
		memset(&sd, 0, sizeof(sd));
		if (id && r->stop_decl && strcmp(id, r->stop_decl) == 0) {
			r->stopped = true;
			json_decref(e);
			return 0;
		}
		rc = id ? r->ws->store->ops->decl_get(r->ws->store, id, NULL,
		    NULL, &sd, r->err) : ACC_ENOTFOUND;
		if (rc == 0)
			rc = acc_nstate_reset(r->st, sd.items, sd.items_len,
			    name, r->err);
		else if (rc == ACC_ENOTFOUND) {
			acc_err_clear(r->err);
			rc = acc_err_set(r->err, ACC_EVERIFY, name,
			    "declaration %s is not in this workspace",
			    id ? id : "?");
		}
		acc_stored_decl_dispose(&sd);
		r->last_decl = seq + 1;
	} else {
		rc = acc_nstate_apply(r->st, type ? type : "",
		    json_object_get(e, "body"), json_string_value(
		    json_object_get(e, "time")) ? json_string_value(
		    json_object_get(e, "time")) : "", name, r->err);
		if (rc == ACC_EINVAL)
			r->err->code = rc = ACC_EVERIFY;
	}
	json_decref(e);
	return rc;
}

/* The state after the first `upto` entries (or up to a date, or up to a
 * declaration's own entry). */
static int
replay(acc_workspace *ws, uint64_t upto, acc_date at_date,
    const char *stop_decl, acc_nstate **out, uint64_t *last_decl,
    acc_err *err)
{
	struct replay r;
	int rc;

	memset(&r, 0, sizeof(r));
	*out = NULL;
	r.ws = ws;
	r.at_date = at_date;
	r.stop_at = upto;
	r.stop_decl = stop_decl;
	r.err = err;
	rc = acc_nstate_new(&r.st, ws->treaty, err);
	if (rc == 0) {
		acc_nstate_set_party(r.st, ws->party);
		rc = ws->store->ops->log_each(ws->store, ACC_STORE_OWN_LOG, 0,
		    upto, NULL, replay_entry, &r, err);
	}
	if (rc != 0) {
		acc_nstate_free(r.st);
		return rc;
	}
	if (last_decl)
		*last_decl = r.last_decl;
	*out = r.st;
	return 0;
}

int
acc_workspace_replay(acc_workspace *ws, acc_nstate **out, acc_err *err)
{
	uint64_t size;
	int rc = ws->store->ops->log_size(ws->store, ACC_STORE_OWN_LOG, &size,
	    err);

	*out = NULL;
	return rc != 0 ? rc : replay(ws, size, ACC_DATE_NONE, NULL, out, NULL,
	    err);
}

/* ---- notify -------------------------------------------------------------- */

static int
statements(json_t *doc, acc_statement **out, size_t *n, const char *name,
    acc_err *err)
{
	size_t i, k = json_is_array(doc) ? json_array_size(doc) : 1;
	acc_statement *st;

	*out = NULL;
	if (k == 0 || k > ACC_LOG_BATCH_MAX)
		return acc_err_set(err, ACC_EINVAL, name, "expected 1 to %u "
		    "statements", ACC_LOG_BATCH_MAX);
	st = calloc(k, sizeof(*st));
	if (st == NULL)
		return acc_err_set(err, ACC_ERR, name, "out of memory");
	for (i = 0; i < k; i++) {
		json_t *o = json_is_array(doc) ? json_array_get(doc, i) : doc;
		json_t *ty = json_object_get(o, "type");
		if (!json_is_object(o) || json_object_size(o) != 2 ||
		    !json_is_string(ty) || json_string_length(ty) == 0 ||
		    json_string_length(ty) > ACC_LOG_TYPE_MAX ||
		    !json_is_object(json_object_get(o, "body"))) {
			free(st);
			return acc_err_set(err, ACC_EINVAL, name,
			    "statement %zu: expected {\"type\": T, \"body\": "
			    "{...}}", i);
		}
		st[i].type = json_string_value(ty);
		st[i].body = json_object_get(o, "body");
	}
	*out = st;
	*n = k;
	return 0;
}

int
acc_workspace_notify(acc_workspace *ws, const char *json, size_t len,
    const char *name, uint64_t *first, uint64_t *count, acc_buf *note,
    acc_err *err)
{
	acc_store *s = ws->store;
	json_error_t jerr;
	json_t *doc;
	acc_statement *st = NULL;
	acc_nstate *state = NULL;
	acc_key key;
	acc_log log;
	char now[32];
	size_t i, n = 0;
	uint64_t size;
	int rc;

	if (ws->witness)
		return acc_err_set(err, ACC_EINVAL, ws->party, "a witness "
		    "has no log of its own: it only mirrors and cosigns");

	memset(&key, 0, sizeof(key));
	doc = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (doc == NULL)
		return acc_err_set(err, ACC_EINVAL, name,
		    "malformed JSON at %d:%d: %s", jerr.line, jerr.column,
		    jerr.text);
	rc = statements(doc, &st, &n, name, err);
	if (rc == 0)
		rc = log_of(ws, &log, &key, err);
	if (rc != 0)
		goto done;
	/* the write lock first: the state is replayed under it */
	rc = s->ops->log_begin(s, err);
	if (rc != 0)
		goto done;
	acc_log_now(now);
	rc = s->ops->log_size(s, ACC_STORE_OWN_LOG, &size, err);
	if (rc == 0)
		rc = replay(ws, size, ACC_DATE_NONE, NULL, &state, NULL, err);
	for (i = 0; rc == 0 && i < n; i++) {
		char sname[300];
		snprintf(sname, sizeof(sname), "%s[%zu] (%s)", name, i,
		    st[i].type);
		if (strcmp(st[i].type, "declaration") == 0)
			rc = acc_err_set(err, ACC_EINVAL, sname,
			    "declaration entries are made by accord declare");
		else
			rc = acc_nstate_apply(state, st[i].type, st[i].body, now,
			    sname, err);
	}
	if (rc == 0)
		rc = acc_log_append_locked(&log, st, n, now, first, note, err);
	if (rc == 0)
		rc = s->ops->log_commit(s, err);
	if (rc != 0)
		s->ops->log_rollback(s);
	else
		*count = n;
done:
	acc_nstate_free(state);
	acc_key_dispose(&key);
	free(st);
	json_decref(doc);
	return rc;
}

int
acc_workspace_log_declaration(acc_workspace *ws, const char *id,
    const char *as_of, const char *mode, uint64_t leaves, const char *root,
    acc_err *err)
{
	acc_key key;
	acc_log log;
	acc_statement st;
	char now[32];
	uint64_t first;
	int rc;

	memset(&key, 0, sizeof(key));
	st.type = "declaration";
	st.body = json_pack("{s:s, s:s, s:s, s:I, s:s}", "id", id, "as_of",
	    as_of, "mode", mode, "leaves", (json_int_t)leaves, "root", root);
	if (st.body == NULL)
		return acc_err_set(err, ACC_ERR, "log", "out of memory");
	acc_log_now(now);
	rc = log_of(ws, &log, &key, err);
	if (rc == 0)
		rc = acc_log_append_locked(&log, &st, 1, now, &first, NULL, err);
	acc_key_dispose(&key);
	json_decref(st.body);
	return rc;
}

/* ---- reading ---------------------------------------------------------------- */

int
acc_workspace_log_size(acc_workspace *ws, uint64_t *n, acc_err *err)
{
	return ws->store->ops->log_size(ws->store, ACC_STORE_OWN_LOG, n, err);
}

int
acc_workspace_log_entry(acc_workspace *ws, uint64_t seq, acc_buf *out,
    acc_err *err)
{
	return ws->store->ops->log_get(ws->store, ACC_STORE_OWN_LOG, seq, out, err);
}

struct lister {
	acc_buf *out;
	json_t *list;
	int rc;
};

static int
list_entry(void *ctx, uint64_t seq, const char *entry, size_t len)
{
	struct lister *l = ctx;
	json_error_t jerr;
	json_t *e = json_loadb(entry, len, 0, &jerr), *b;
	const char *k;
	json_t *v;
	int n = 0;

	if (e == NULL)
		return ACC_EVERIFY;
	if (l->list)
		return json_array_append_new(l->list, e) ? ACC_ERR : 0;
	b = json_object_get(e, "body");
	if (acc_buf_printf(l->out, "%6" PRIu64 "  %s  %-16s", seq,
	    json_string_value(json_object_get(e, "time")),
	    json_string_value(json_object_get(e, "type"))) != 0)
		n = -1;
	json_object_foreach(b, k, v) {
		if (json_is_string(v))
			n |= acc_buf_printf(l->out, " %s=%s", k,
			    json_string_value(v));
		else if (json_is_integer(v))
			n |= acc_buf_printf(l->out, " %s=%lld", k,
			    (long long)json_integer_value(v));
	}
	n |= acc_buf_append(l->out, "\n", 1);
	json_decref(e);
	return n ? ACC_ELIMIT : 0;
}

int
acc_workspace_log_list(acc_workspace *ws, const char *type, uint64_t since,
    bool json, acc_buf *out, acc_err *err)
{
	struct lister l = { out, json ? json_array() : NULL, 0 };
	int rc = ws->store->ops->log_each(ws->store, ACC_STORE_OWN_LOG, since, UINT64_MAX, type,
	    list_entry, &l, err);

	if (rc != 0 && (err == NULL || err->code == ACC_OK))
		rc = acc_err_set(err, rc, "log", "cannot list the entries");
	if (rc == 0 && json) {
		char *s = json_dumps(l.list, JSON_INDENT(2));
		if (s == NULL || acc_buf_puts(out, s) != 0 ||
		    acc_buf_append(out, "\n", 1) != 0)
			rc = acc_err_set(err, ACC_ELIMIT, "log", "too large");
		free(s);
	}
	json_decref(l.list);
	return rc;
}

int
acc_workspace_log_checkpoint(acc_workspace *ws, uint64_t size, acc_buf *out,
    acc_err *err)
{
	uint64_t got;

	return ws->store->ops->log_checkpoint_get(ws->store, ACC_STORE_OWN_LOG, size, out, &got,
	    err);
}

static int
head(acc_workspace *ws, uint64_t *size, acc_err *err)
{
	if (*size != UINT64_MAX)
		return 0;
	return ws->store->ops->log_size(ws->store, ACC_STORE_OWN_LOG, size, err);
}

/* A proof is for sizes some signed checkpoint covers. */
static int
signed_size(acc_workspace *ws, uint64_t size, const char *what,
    acc_err *err)
{
	acc_buf note = ACC_BUF_INIT(1u << 16);
	uint64_t got;
	int rc = size == 0 ? 0 : ws->store->ops->log_checkpoint_get(ws->store, ACC_STORE_OWN_LOG,
	    size, &note, &got, err);

	acc_buf_dispose(&note);
	if (rc == ACC_ENOTFOUND) {
		acc_err_clear(err);
		rc = acc_err_set(err, ACC_EINVAL, what, "no checkpoint was "
		    "signed at size %" PRIu64 ": a proof is checked against "
		    "one", size);
	}
	return rc;
}

int
acc_workspace_log_prove(acc_workspace *ws, uint64_t index, uint64_t size,
    acc_buf *out, acc_err *err)
{
	acc_log log;
	int rc = head(ws, &size, err);

	memset(&log, 0, sizeof(log));
	log.store = ws->store;
	if (rc == 0)
		rc = signed_size(ws, size, "--size", err);
	if (rc == 0)
		rc = acc_log_prove_inclusion(&log, index, size, out, err);
	return rc;
}

int
acc_workspace_log_consistency(acc_workspace *ws, uint64_t old, uint64_t size,
    acc_buf *out, acc_err *err)
{
	acc_log log;
	int rc = signed_size(ws, old, "OLD", err);

	memset(&log, 0, sizeof(log));
	log.store = ws->store;
	if (rc == 0)
		rc = signed_size(ws, size, "NEW", err);
	if (rc == 0)
		rc = acc_log_prove_consistency(&log, old, size, out, err);
	return rc;
}

int
acc_workspace_log_verify(acc_workspace *ws, acc_buf *out, acc_err *err)
{
	acc_log log;
	acc_log_report r;
	acc_nstate *st = NULL;
	char root[64];
	int rc = log_of(ws, &log, NULL, err);

	if (rc == 0)
		rc = acc_log_verify(&log, &r, err);
	/* and every entry still holds against the state before it */
	if (rc == 0)
		rc = replay(ws, UINT64_MAX, ACC_DATE_NONE, NULL, &st, NULL, err);
	if (rc == 0) {
		acc_base64_encode(root, r.root, sizeof(r.root));
		if (acc_buf_printf(out, "log verified: %" PRIu64 " entries, %"
		    PRIu64 " stored hashes, %" PRIu64 " checkpoints, root %s\n",
		    r.entries, r.hashes, r.checkpoints, root) != 0)
			rc = acc_err_set(err, ACC_ELIMIT, "log", "too large");
	}
	acc_nstate_free(st);
	return rc;
}

int
acc_log_verify_proof(const char *proof, size_t proof_len,
    const char *checkpoint, size_t cp_len, const char *old_checkpoint,
    size_t old_len, const char *entry, size_t entry_len, const char *vkey,
    acc_err *err)
{
	acc_log_proof p;
	acc_vkey vk;
	int rc = acc_vkey_parse(&vk, vkey, strlen(vkey), "--key", err);

	if (rc == 0)
		rc = acc_log_proof_parse(&p, proof, proof_len, "proof", err);
	if (rc == 0)
		rc = acc_log_check_proof(&p, checkpoint, cp_len, old_checkpoint,
		    old_len, entry, entry_len, &vk, err);
	return rc;
}

/* ---- state and reconciliation ------------------------------------------ */

static int
totals_text(acc_workspace *ws, const acc_nstate *st, acc_buf *out,
    const char *label, acc_err *err)
{
	acc_inventory *inv = NULL;
	acc_counter *c = NULL;
	int64_t tot[ACC_LIMITS_MAX];
	size_t i;
	int rc = acc_nstate_inventory(st, &inv, ws->party, 0, err);

	if (rc == 0)
		rc = acc_counter_new(&c, ws->treaty, NULL, err);
	if (rc == 0) {
		memset(tot, 0, sizeof(tot));
		for (i = 0; i < acc_inventory_item_count(inv); i++) {
			int64_t t1[ACC_LIMITS_MAX];
			size_t k;
			acc_counter_tally(c, inv, i, t1);
			for (k = 0; k < ws->treaty->n_limits; k++)
				tot[k] += t1[k];
		}
		rc = acc_buf_printf(out, "%s: %zu items\n", label,
		    acc_inventory_item_count(inv));
		for (i = 0; rc == 0 && i < ws->treaty->n_limits; i++)
			rc = acc_buf_printf(out, "  %-24s %lld\n",
			    ws->treaty->limits[i].e.id, (long long)tot[i]);
		if (rc != 0)
			rc = acc_err_set(err, ACC_ELIMIT, "state", "too large");
	}
	acc_counter_free(c);
	acc_inventory_free(inv);
	return rc;
}

int
acc_workspace_state(acc_workspace *ws, uint64_t at, acc_date at_date,
    bool json, acc_buf *out, acc_err *err)
{
	acc_nstate *st = NULL;
	uint64_t size;
	char label[128];
	int rc = ws->store->ops->log_size(ws->store, ACC_STORE_OWN_LOG, &size, err);

	if (rc == 0 && at != UINT64_MAX && at > size)
		rc = acc_err_set(err, ACC_EINVAL, "--at", "the log has %" PRIu64
		    " entries", size);
	if (rc == 0)
		rc = replay(ws, at, at_date, NULL, &st, NULL, err);
	if (rc != 0)
		return rc;
	if (json) {
		json_t *a = NULL;
		char *s = NULL;
		rc = acc_nstate_json(st, &a, err);
		if (rc == 0)
			s = json_dumps(a, JSON_INDENT(2));
		if (rc == 0 && (s == NULL || acc_buf_puts(out, s) != 0 ||
		    acc_buf_append(out, "\n", 1) != 0))
			rc = acc_err_set(err, ACC_ELIMIT, "state", "too large");
		free(s);
		json_decref(a);
	} else {
		snprintf(label, sizeof(label), "state after %" PRIu64
		    " notifications since the last declaration",
		    acc_nstate_applied(st));
		rc = totals_text(ws, st, out, label, err);
	}
	acc_nstate_free(st);
	return rc;
}

int
acc_workspace_reconcile(acc_workspace *ws, const acc_decl *d, bool json,
    acc_buf *out, size_t *n_diffs, acc_err *err)
{
	acc_nstate *st = NULL;
	json_t *diffs = json_array(), *x;
	struct acc_stored_decl sd;
	const char *items;
	size_t len, i;
	char id[64];
	int rc;

	memset(&sd, 0, sizeof(sd));
	*n_diffs = 0;
	if (strcmp(acc_decl_party(d), ws->party) != 0 ||
	    strcmp(acc_decl_treaty(d), ws->treaty->id) != 0) {
		json_decref(diffs);
		return acc_err_set(err, ACC_EINVAL, "reconcile",
		    "a declaration of %s under %s; this workspace's log is "
		    "%s's under %s", acc_decl_party(d), acc_decl_treaty(d),
		    ws->party, ws->treaty->id);
	}
	{
		acc_log own;
		rc = log_of(ws, &own, NULL, err);
		if (rc == 0)
			rc = acc_decl_verify(d, ws->treaty, &own.vkey, err);
		if (rc != 0) {
			json_decref(diffs);
			return rc;
		}
	}
	acc_base64_encode(id, acc_decl_id(d), ACC_SHA256_LEN);
	items = acc_decl_disclosed_text(d, &len);
	if (items == NULL) {
		/* an escrow declaration of this workspace: its stored items */
		rc = ws->store->ops->decl_get(ws->store, id, NULL, NULL, &sd,
		    err);
		if (rc != 0) {
			acc_err_clear(err);
			json_decref(diffs);
			return acc_err_set(err, ACC_EINVAL, "reconcile",
			    "an escrow declaration of another workspace "
			    "discloses no items to compare");
		}
	}
	rc = replay(ws, UINT64_MAX, ACC_DATE_NONE, id, &st, NULL, err);
	if (rc == 0 && items != NULL) {
		/* the disclosed list holds {item, salt}: take the items */
		json_error_t jerr;
		json_t *list = json_loadb(items, len, 0, &jerr), *only;
		char *s;
		only = json_array();
		json_array_foreach(list, i, x)
			json_array_append(only, json_object_get(x, "item"));
		s = json_dumps(only, JSON_COMPACT);
		rc = s ? acc_nstate_reconcile(st, s, strlen(s), diffs, err) :
		    acc_err_set(err, ACC_ERR, "reconcile", "out of memory");
		free(s);
		json_decref(only);
		json_decref(list);
	} else if (rc == 0) {
		rc = acc_nstate_reconcile(st, sd.items, sd.items_len, diffs,
		    err);
	}
	if (rc == 0) {
		*n_diffs = json_array_size(diffs);
		if (json) {
			char *s = json_dumps(diffs, JSON_INDENT(2));
			if (s == NULL || acc_buf_puts(out, s) != 0 ||
			    acc_buf_append(out, "\n", 1) != 0)
				rc = acc_err_set(err, ACC_ELIMIT, "reconcile",
				    "too large");
			free(s);
		} else if (*n_diffs == 0) {
			rc = acc_buf_printf(out, "reconciled: no differences "
			    "between the replayed state and %s\n", id);
		} else {
			json_array_foreach(diffs, i, x) {
				const char *a = json_string_value(
				    json_object_get(x, "state"));
				const char *b = json_string_value(
				    json_object_get(x, "declared"));
				rc |= acc_buf_printf(out, "%s: %s (state: %s, "
				    "declared: %s)\n", json_string_value(
				    json_object_get(x, "uid")),
				    json_string_value(json_object_get(x,
				    "difference")), a ? a : "-", b ? b : "-");
			}
		}
	}
	acc_stored_decl_dispose(&sd);
	acc_nstate_free(st);
	json_decref(diffs);
	return rc;
}
