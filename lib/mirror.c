/*
 * Mirroring peers' logs: everything a node checks before it keeps a
 * peer's entries and cosigns its checkpoint, and the fork evidence it
 * keeps when two of the peer's signed checkpoints cannot both hold.
 * Never cosigns what it has not verified; never drops a peer's entry.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include <accord/witness.h>

#include "cjson.h"
#include "jscan.h"
#include "log.h"
#include "mirror.h"
#include "note.h"
#include "notify.h"
#include "store.h"
#include "treaty_int.h"
#include "workspace_int.h"

/* A checkpoint of the peer this node kept. */
struct seen {
	uint64_t size;
	acc_tlog_hash root;
	char *note;
};

struct mctx {
	acc_workspace *ws;
	struct acc_store_peer peer;
	acc_log log;            /* the mirror; vkey is the peer's */
	uint64_t size;          /* entries mirrored */
	struct seen *seen;
	size_t n_seen, cap_seen;
	acc_err *err;
};

void
acc_mirror_result_init(acc_mirror_result *r)
{
	acc_buf b = ACC_BUF_INIT(ACC_NOTE_MAX);

	memset(r, 0, sizeof(*r));
	r->cosigned_note = b;
}

void
acc_mirror_result_dispose(acc_mirror_result *r)
{
	acc_buf_dispose(&r->cosigned_note);
}

static void
mctx_dispose(struct mctx *m)
{
	size_t i;

	for (i = 0; i < m->n_seen; i++)
		free(m->seen[i].note);
	free(m->seen);
	m->seen = NULL;
	m->n_seen = 0;
}

static int
seen_one(void *ctx, uint64_t size, const char *note)
{
	struct mctx *m = ctx;
	acc_checkpoint cp;
	struct seen *s;
	int rc;

	rc = acc_checkpoint_open(&cp, NULL, note, strlen(note), NULL, 0,
	    "mirrored checkpoint", m->err);
	if (rc != 0)
		return rc;
	if (m->n_seen == m->cap_seen) {
		size_t nc = m->cap_seen ? 2 * m->cap_seen : 16;
		s = realloc(m->seen, nc * sizeof(*s));
		if (s == NULL)
			return acc_err_set(m->err, ACC_ERR, "mirror",
			    "out of memory");
		m->seen = s;
		m->cap_seen = nc;
	}
	s = &m->seen[m->n_seen];
	s->size = size;
	memcpy(s->root, cp.root, ACC_TLOG_HASH);
	s->note = strdup(note);
	if (s->note == NULL)
		return acc_err_set(m->err, ACC_ERR, "mirror", "out of memory");
	m->n_seen++;
	return 0;
}

static int
mctx_open(struct mctx *m, acc_workspace *ws, const char *name, acc_err *err)
{
	acc_store *s = ws->store;
	int rc;

	memset(m, 0, sizeof(*m));
	m->ws = ws;
	m->err = err;
	rc = s->ops->peer_get(s, name, &m->peer, err);
	if (rc != 0)
		return rc;
	m->log.store = s;
	m->log.id = m->peer.log;
	snprintf(m->log.treaty, sizeof(m->log.treaty), "%s", ws->treaty->id);
	snprintf(m->log.party, sizeof(m->log.party), "%s", name);
	snprintf(m->log.origin, sizeof(m->log.origin), "accord/%s/%s",
	    ws->treaty->id, name);
	rc = acc_workspace_trusted_key(ws, name, &m->log.vkey, err);
	if (rc == 0)
		rc = s->ops->log_size(s, m->log.id, &m->size, err);
	if (rc == 0)
		rc = s->ops->log_checkpoint_each(s, m->log.id, seen_one, m,
		    err);
	return rc;
}

int
acc_mirror_sizes(acc_workspace *ws, const char *name, uint64_t *entries,
    uint64_t *checkpoint, acc_tlog_hash root, acc_err *err)
{
	struct mctx m;
	int rc = mctx_open(&m, ws, name, err);

	if (rc == 0) {
		*entries = m.size;
		*checkpoint = m.n_seen ? m.seen[m.n_seen - 1].size : 0;
		if (m.n_seen)
			memcpy(root, m.seen[m.n_seen - 1].root, ACC_TLOG_HASH);
		else
			acc_sha256(root, "", 0);
	}
	mctx_dispose(&m);
	return rc;
}

/* ---- fork evidence ------------------------------------------------- */

static json_t *
proof_json(uint64_t old, uint64_t size, const void *hashes, size_t n)
{
	const uint8_t *h = hashes;
	json_t *o = json_object(), *a = json_array();
	char b64[64];
	size_t i;

	for (i = 0; o && a && i < n; i++) {
		acc_base64_encode(b64, h + i * ACC_TLOG_HASH, ACC_TLOG_HASH);
		json_array_append_new(a, json_string(b64));
	}
	if (o == NULL || a == NULL) {
		json_decref(o);
		json_decref(a);
		return NULL;
	}
	json_object_set_new(o, "old_size", json_integer((json_int_t)old));
	json_object_set_new(o, "new_size", json_integer((json_int_t)size));
	json_object_set_new(o, "hashes", a);
	return o;
}

/*
 * Keep evidence that checkpoints a (older or equal size) and b cannot
 * both hold, stop syncing with the peer, and say so.
 */
static int
fork_found(struct mctx *m, const char *a, const char *b, uint64_t old,
    uint64_t size, const void *proof, size_t n_proof,
    acc_mirror_result *res, acc_err *err)
{
	acc_store *s = m->ws->store;
	char vkey[ACC_VKEY_TEXT_MAX], now[32];
	json_t *o = json_object();
	char *text = NULL;
	int64_t id = 0;
	int rc;

	acc_vkey_format(vkey, sizeof(vkey), &m->log.vkey);
	acc_log_now(now);
	if (o == NULL)
		return acc_err_set(err, ACC_ERR, "fork", "out of memory");
	json_object_set_new(o, "format", json_string("accord-fork/1"));
	json_object_set_new(o, "origin", json_string(m->log.origin));
	json_object_set_new(o, "key", json_string(vkey));
	json_object_set_new(o, "kind", json_string(old == size ? "same-size" :
	    "inconsistent"));
	json_object_set_new(o, "checkpoints", json_pack("[s, s]", a, b));
	json_object_set_new(o, "proof", old == size ? json_null() :
	    proof_json(old, size, proof, n_proof));
	json_object_set_new(o, "found_at", json_string(now));
	text = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(o);
	if (text == NULL)
		return acc_err_set(err, ACC_ERR, "fork", "out of memory");
	rc = s->ops->log_begin(s, err);
	if (rc == 0)
		rc = s->ops->fork_put(s, m->log.id, old == size ? "same-size" :
		    "inconsistent", text, now, &id, err);
	if (rc == 0) {
		snprintf(m->peer.halted, sizeof(m->peer.halted),
		    "fork evidence %lld: checkpoints of sizes %llu and %llu "
		    "cannot both hold", (long long)id,
		    (unsigned long long)old, (unsigned long long)size);
		rc = s->ops->peer_put(s, &m->peer, err);
	}
	if (rc == 0)
		rc = s->ops->log_commit(s, err);
	if (rc != 0)
		s->ops->log_rollback(s);
	free(text);
	if (rc != 0)
		return rc;
	res->fork = id;
	return acc_err_set(err, ACC_ECONFLICT, m->peer.name,
	    "fork: %s signed checkpoints of sizes %llu and %llu that cannot "
	    "both hold (evidence %lld; accord forks export %lld); sync with "
	    "%s stopped", m->peer.name, (unsigned long long)old,
	    (unsigned long long)size, (long long)id, (long long)id,
	    m->peer.name);
}

/* ---- the entries' validity ----------------------------------------- */

static void tail_fields(const char *p, size_t len, char *type, size_t tcap,
    char *time, size_t mcap);

struct validate {
	struct mctx *m;
	acc_nstate *st;
	bool known;             /* the state is known (no declaration yet) */
	uint64_t from;          /* findings from here on */
	uint64_t n_findings;
	char **msg;             /* per new entry: a finding or NULL */
	acc_err *err;
};

static int
validate_one(struct validate *v, uint64_t seq, const char *text, size_t len)
{
	acc_err e = ACC_ERR_INIT;
	char name[64], type[ACC_LOG_TYPE_MAX + 1], time[32];
	json_t *body = NULL;
	size_t n;
	int rc;

	snprintf(name, sizeof(name), "entry %llu", (unsigned long long)seq);
	/* the entry's form in place; then only its body is built */
	rc = acc_log_entry_parse(NULL, text, len, v->m->log.treaty,
	    v->m->log.party, seq, name, &e);
	if (rc == 0) {
		tail_fields(text, len, type, sizeof(type), time, sizeof(time));
		n = len > 8 ? acc_cjson_canonical_value(text + 8, len - 8) : 0;
		body = n ? json_loadb(text + 8, n, 0, NULL) : NULL;
		if (body == NULL)
			rc = acc_err_set(&e, ACC_EINVAL, name, "no body");
	}
	if (rc == 0) {
		if (strcmp(type, "declaration") == 0)
			v->known = false;
		else if (v->known || acc_nstate_itemless(v->st, type))
			/* inspections and notices need no items */
			rc = acc_nstate_apply(v->st, type, body, time, name, &e);
		else if (!acc_treaty_ntype_known(v->m->ws->treaty, type))
			rc = acc_err_set(&e, ACC_EINVAL, name, "type %.64s is "
			    "not a notification type of %s", type,
			    v->m->ws->treaty->id);
	}
	if (seq >= v->from) {
		size_t i = (size_t)(seq - v->from);
		if (rc != 0) {
			char buf[800];
			snprintf(buf, sizeof(buf), "%s: %s", e.where, e.msg);
			v->msg[i] = strdup(buf);
			v->n_findings++;
			rc = v->msg[i] ? 0 : ACC_ERR;
		}
	} else {
		rc = 0;         /* reported when it came in */
	}
	json_decref(body);
	if (rc == ACC_ERR)
		return acc_err_set(v->err, ACC_ERR, "mirror", "out of memory");
	return 0;
}

static int
validate_stored(void *ctx, uint64_t seq, const char *entry, size_t len)
{
	return validate_one(ctx, seq, entry, len);
}

static void
validate_dispose(struct validate *v, size_t n)
{
	size_t i;

	for (i = 0; v->msg && i < n; i++)
		free(v->msg[i]);
	free(v->msg);
	acc_nstate_free(v->st);
}

/*
 * The entries are checked on a thread of their own while the main one
 * stores them: the mirror so far through a second store handle, then
 * the new entries.
 */
struct vthread {
	struct validate *v;
	acc_store *store;
	const acc_mirror_input *in;
	uint64_t size;          /* entries mirrored before */
	int rc;
	acc_err err;
};

static void *
validate_thread(void *arg)
{
	struct vthread *t = arg;
	struct validate *v = t->v;
	acc_store *rs = NULL;
	size_t i;

	t->rc = 0;
	if (t->size > 0) {
		t->rc = t->store->ops->reopen(t->store, &rs, &t->err);
		if (t->rc == 0)
			t->rc = rs->ops->log_each(rs, v->m->log.id, 0, t->size,
			    NULL, validate_stored, v, &t->err);
		acc_store_close(rs);
	}
	for (i = (size_t)(t->size - t->in->start); t->rc == 0 &&
	    i < t->in->n_entries; i++)
		t->rc = validate_one(v, t->in->start + i, t->in->entries[i].p,
		    t->in->entries[i].len);
	acc_crypto_thread_end();        /* reveals are checked by hashing */
	return NULL;
}

/*
 * An entry's type and time, read from the fixed tail of a canonical
 * entry ("time":T,"treaty":X,"type":Y,"v":1}); "?" and "" for an entry
 * without one, which is reported as a finding anyway.
 */
static void
tail_fields(const char *p, size_t len, char *type, size_t tcap, char *time,
    size_t mcap)
{
	static const char kt[] = ",\"type\":\"", km[] = "\"time\":\"";
	size_t lo = len > 512 ? len - 512 : 0, i, k;

	snprintf(type, tcap, "?");
	time[0] = '\0';
	for (i = len; i-- > lo;) {
		if (i + sizeof(kt) - 1 > len ||
		    strncmp(p + i, kt, sizeof(kt) - 1) != 0)
			continue;
		for (k = i + sizeof(kt) - 1; k < len && k - i < tcap + 8 &&
		    p[k] != '"'; k++)
			;
		if (k < len && k - (i + sizeof(kt) - 1) < tcap &&
		    k > i + sizeof(kt) - 1) {
			memcpy(type, p + i + sizeof(kt) - 1,
			    k - (i + sizeof(kt) - 1));
			type[k - (i + sizeof(kt) - 1)] = '\0';
		}
		break;
	}
	for (; i-- > lo;) {
		if (strncmp(p + i, km, sizeof(km) - 1) != 0)
			continue;
		if (i + sizeof(km) - 1 + 21 <= len && mcap > 20 &&
		    p[i + sizeof(km) - 1 + 20] == '"') {
			memcpy(time, p + i + sizeof(km) - 1, 20);
			time[20] = '\0';
		}
		break;
	}
}

/* ---- ingest -------------------------------------------------------- */

static const struct seen *
seen_at(const struct mctx *m, uint64_t size)
{
	size_t i;

	for (i = 0; i < m->n_seen; i++)
		if (m->seen[i].size == size)
			return &m->seen[i];
	return NULL;
}

/* This node's cosignature of the checkpoint text of note. */
static int
cosign(struct mctx *m, const char *note, size_t text_len, acc_buf *line,
    char *witness, size_t witness_len, acc_err *err)
{
	acc_key key;
	acc_vkey vk, ck;
	int rc;

	rc = acc_workspace_signing_key(m->ws, &key, &vk, err);
	if (rc == 0)
		rc = acc_vkey_make(&ck, vk.name, ACC_KEYTYPE_COSIG, vk.pub,
		    err);
	if (rc == 0)
		rc = acc_note_cosign(line, note, text_len,
		    (uint64_t)time(NULL), &key, &ck, err);
	acc_key_dispose(&key);
	if (rc == 0) {
		line->data[--line->len] = '\0';
		snprintf(witness, witness_len, "%s", ck.name);
	}
	return rc;
}

/* Stored leaf hash idx of the mirror equals h. */
static int
leaf_matches(struct mctx *m, uint64_t idx, const acc_tlog_hash h, bool *eq,
    acc_err *err)
{
	acc_tlog_hash st;
	int rc = acc_log_reader(&m->log, 0, idx, st, err);

	if (rc == 0)
		*eq = acc_ct_equal(st, h, ACC_TLOG_HASH);
	return rc;
}

static int
claimed_leaf(void *ctx, uint64_t i, acc_tlog_hash out)
{
	const acc_mirror_input *in = ctx;

	acc_tlog_leaf_hash(out, in->entries[i].p, in->entries[i].len);
	return 0;
}

/*
 * The entries (from 0) do not fit what this node holds: if they hash to
 * the new checkpoint's root, the full proof from the first kept
 * checkpoint they contradict is evidence of a fork.
 */
static int
fork_from_entries(struct mctx *m, const acc_mirror_input *in,
    const acc_checkpoint *cp, acc_mirror_result *res, acc_err *err)
{
	acc_tlog_mem mem;
	acc_tlog_hash root, proof[ACC_TLOG_PROOF_MAX + 1];
	uint64_t bad = 0;
	size_t i, n = 0;
	int rc;

	acc_tlog_mem_init(&mem);
	rc = acc_tlog_mem_reserve(&mem, in->n_entries, err);
	if (rc == 0)
		rc = acc_tlog_mem_build(&mem, in->n_entries, claimed_leaf,
		    (void *)in, &bad, err);
	if (rc == 0)
		rc = acc_tlog_root(in->n_entries, acc_tlog_mem_read, &mem,
		    root, err);
	if (rc != 0)
		goto done;
	if (!acc_ct_equal(root, cp->root, ACC_TLOG_HASH)) {
		rc = acc_err_set(err, ACC_EVERIFY, m->peer.name,
		    "the entries sent do not hash to the root of %s's "
		    "checkpoint of size %llu", m->peer.name,
		    (unsigned long long)cp->size);
		goto done;
	}
	for (i = 0; i < m->n_seen; i++) {
		const struct seen *s = &m->seen[i];
		acc_tlog_hash r;
		if (s->size == 0 || s->size >= cp->size)
			continue;
		rc = acc_tlog_root(s->size, acc_tlog_mem_read, &mem, r, err);
		if (rc != 0)
			goto done;
		if (acc_ct_equal(r, s->root, ACC_TLOG_HASH))
			continue;
		rc = acc_tlog_prove_consistency_full(s->size, cp->size,
		    acc_tlog_mem_read, &mem, proof, &n, err);
		if (rc == 0)
			rc = fork_found(m, s->note, in->note, s->size, cp->size,
			    proof, n, res, err);
		goto done;
	}
	rc = acc_err_set(err, ACC_EVERIFY, m->peer.name, "the entries do not "
	    "extend this node's mirror of %s, yet fit every checkpoint it "
	    "kept", m->peer.name);
done:
	acc_tlog_mem_dispose(&mem);
	return rc;
}

/* The peer's own proof from a kept checkpoint shows a fork, or not. */
static int
fork_from_proof(struct mctx *m, const acc_mirror_input *in,
    const acc_checkpoint *cp, acc_mirror_result *res, bool *shown,
    acc_err *err)
{
	const struct seen *s = seen_at(m, in->proof_old);
	acc_tlog_hash fr, sr;

	*shown = false;
	if (s == NULL || in->n_proof == 0 || in->proof_size != cp->size ||
	    !acc_tlog_consistency_roots(
	    in->proof_old, cp->size, in->proof, in->n_proof, fr, sr) ||
	    !acc_ct_equal(sr, cp->root, ACC_TLOG_HASH) ||
	    acc_ct_equal(fr, s->root, ACC_TLOG_HASH))
		return 0;
	*shown = true;
	return fork_found(m, s->note, in->note, s->size, cp->size, in->proof,
	    in->n_proof, res, err);
}

int
acc_mirror_ingest(acc_workspace *ws, const char *name,
    const acc_mirror_input *in, acc_mirror_result *res, acc_err *err)
{
	struct mctx m;
	struct validate v;
	acc_store *s = ws->store;
	acc_checkpoint cp;
	acc_tlog_edge edge;
	acc_tlog_node *nodes = NULL;
	size_t *n_nodes = NULL;
	acc_buf line = ACC_BUF_INIT(1024);
	char witness[ACC_KEY_NAME_MAX + 1], now[32];
	size_t text_len = 0, i, n_new = 0;
	uint64_t n;
	bool mismatch = false, began = false, threaded = false;
	struct vthread vt;
	pthread_t th;
	int rc;

	memset(&v, 0, sizeof(v));
	res->size = 0;
	res->added = res->findings = 0;
	res->cosigned = false;
	res->fork = 0;
	res->need_all = false;
	acc_buf_reset(&res->cosigned_note);
	rc = mctx_open(&m, ws, name, err);
	if (rc != 0)
		goto done;
	res->size = m.size;
	if (m.peer.halted[0] != '\0') {
		rc = acc_err_set(err, ACC_ECONFLICT, name, "sync stopped: %s "
		    "(after review: accord peer resume %s)", m.peer.halted,
		    name);
		goto done;
	}
	rc = acc_checkpoint_open(&cp, &text_len, in->note, in->note_len,
	    &m.log.vkey, 1, "checkpoint", err);
	if (rc != 0)
		goto done;
	if (strcmp(cp.origin, m.log.origin) != 0) {
		rc = acc_err_set(err, ACC_EVERIFY, "checkpoint", "of log %.64s, "
		    "expected %s", cp.origin, m.log.origin);
		goto done;
	}
	n = cp.size;
	/* a checkpoint of a size seen before must be the same */
	for (i = 0; i < m.n_seen; i++)
		if (m.seen[i].size == n && !acc_ct_equal(m.seen[i].root, cp.root,
		    ACC_TLOG_HASH)) {
			rc = fork_found(&m, m.seen[i].note, in->note, n, n,
			    NULL, 0, res, err);
			goto done;
		}
	if (n <= m.size) {
		/* nothing new: it must fit the mirror */
		acc_tlog_hash r, proof[ACC_TLOG_PROOF_MAX + 1];
		const struct seen *last = m.n_seen ? &m.seen[m.n_seen - 1] :
		    NULL;
		size_t np = 0;
		rc = acc_tlog_root(n, acc_log_reader, &m.log, r, err);
		if (rc != 0)
			goto done;
		if (!acc_ct_equal(r, cp.root, ACC_TLOG_HASH)) {
			rc = acc_tlog_prove_consistency_full(n, last->size,
			    acc_log_reader, &m.log, proof, &np, err);
			if (rc == 0)
				rc = fork_found(&m, in->note, last->note, n,
				    last->size, proof, np, res, err);
			goto done;
		}
		rc = acc_mirror_cosigned(ws, name, &res->cosigned_note, &n,
		    err);
		if (rc == ACC_ENOTFOUND)
			rc = 0;
		goto done;
	}
	if (in->start > m.size || in->start + in->n_entries != n) {
		rc = acc_err_set(err, ACC_EINVAL, name, "entries %llu to %llu "
		    "sent for a checkpoint of size %llu; this node holds %llu",
		    (unsigned long long)in->start, (unsigned long long)(
		    in->start + in->n_entries), (unsigned long long)n,
		    (unsigned long long)m.size);
		goto done;
	}
	/* the claimed tree: the mirror's first `start` leaves, then these */
	n_new = (size_t)(n - m.size);
	nodes = malloc((2 * n_new + 64) * sizeof(*nodes));
	n_nodes = calloc(n_new + 1, sizeof(*n_nodes));
	if (nodes == NULL || n_nodes == NULL) {
		rc = acc_err_set(err, ACC_ERR, "mirror", "out of memory");
		goto done;
	}
	rc = acc_tlog_edge_load(&edge, in->start, acc_log_reader, &m.log, err);
	if (rc != 0)
		goto done;
	{
		size_t used = 0;
		for (i = 0; i < in->n_entries && !mismatch; i++) {
			uint64_t idx = in->start + i;
			acc_tlog_hash leaf;
			acc_tlog_node tmp[64];
			const struct seen *sn;
			size_t k;
			acc_tlog_leaf_hash(leaf, in->entries[i].p,
			    in->entries[i].len);
			if (idx < m.size) {
				bool eq = false;
				rc = leaf_matches(&m, idx, leaf, &eq, err);
				if (rc != 0)
					goto done;
				mismatch = !eq;
				acc_tlog_edge_push(&edge, leaf, tmp);
			} else {
				k = acc_tlog_edge_push(&edge, leaf,
				    nodes + used);
				used += k;
				n_nodes[idx - m.size] = k;
			}
			sn = seen_at(&m, idx + 1);
			if (sn != NULL) {
				acc_tlog_hash r;
				acc_tlog_edge_root(&edge, r);
				if (!acc_ct_equal(r, sn->root, ACC_TLOG_HASH))
					mismatch = true;
			}
		}
		if (!mismatch) {
			acc_tlog_hash r;
			acc_tlog_edge_root(&edge, r);
			mismatch = !acc_ct_equal(r, cp.root, ACC_TLOG_HASH);
		}
	}
	if (mismatch) {
		bool shown = false;
		rc = fork_from_proof(&m, in, &cp, res, &shown, err);
		if (rc != 0 || shown)
			goto done;
		res->need_all = in->start != 0;
		if (in->start == 0)
			rc = fork_from_entries(&m, in, &cp, res, err);
		else
			rc = acc_err_set(err, ACC_EVERIFY, name, "the entries "
			    "%llu to %llu do not fit %s's checkpoint of size "
			    "%llu over this node's mirror",
			    (unsigned long long)in->start,
			    (unsigned long long)n, name,
			    (unsigned long long)n);
		goto done;
	}
	/* verified: check each new entry against the treaty */
	v.m = &m;
	v.known = true;
	v.from = m.size;
	v.msg = calloc(n_new, sizeof(char *));
	if (v.msg == NULL) {
		rc = acc_err_set(err, ACC_ERR, "mirror", "out of memory");
		goto done;
	}
	rc = acc_nstate_new(&v.st, ws->treaty, err);
	if (rc == 0) {
		acc_nstate_set_party(v.st, m.log.party);
		rc = cosign(&m, in->note, text_len, &line, witness,
		    sizeof(witness), err);
	}
	if (rc != 0)
		goto done;
	memset(&vt, 0, sizeof(vt));
	vt.v = &v;
	vt.store = s;
	vt.in = in;
	vt.size = m.size;
	v.err = &vt.err;
	acc_err_clear(&vt.err);
	if (pthread_create(&th, NULL, validate_thread, &vt) == 0)
		threaded = true;
	else
		validate_thread(&vt);
	/* meanwhile, keep them, the checkpoint and a cosignature, at once */
	acc_log_now(now);
	rc = s->ops->log_begin(s, err);
	began = rc == 0;
	{
		size_t used = 0, off = (size_t)(m.size - in->start);
		char type[ACC_LOG_TYPE_MAX + 1], tm[32];
		for (i = 0; rc == 0 && i < n_new; i++) {
			const acc_span *e = &in->entries[off + i];
			tail_fields(e->p, e->len, type, sizeof(type), tm,
			    sizeof(tm));
			rc = s->ops->log_put(s, m.log.id, m.size + i, tm, type,
			    e->p, e->len, nodes + used, n_nodes[i], err);
			used += n_nodes[i];
		}
	}
	if (threaded)
		pthread_join(th, NULL);
	threaded = false;
	if (rc == 0 && vt.rc != 0) {
		if (err)
			*err = vt.err;
		rc = vt.rc;
	}
	for (i = 0; rc == 0 && i < n_new; i++)
		if (v.msg[i] != NULL)
			rc = s->ops->finding_put(s, m.log.id, m.size + i,
			    v.msg[i], now, err);
	if (rc == 0)
		rc = s->ops->log_checkpoint_put(s, m.log.id, n, in->note, now,
		    err);
	if (rc == 0)
		rc = s->ops->cosig_put(s, m.log.id, n, witness, line.data, now,
		    err);
	if (rc == 0)
		rc = s->ops->log_commit(s, err);
	if (rc != 0)
		goto done;
	began = false;
	res->size = n;
	res->added = n_new;
	res->findings = v.n_findings;
	res->cosigned = true;
	rc = acc_mirror_cosigned(ws, name, &res->cosigned_note, &n, err);
done:
	if (threaded)
		pthread_join(th, NULL);
	if (began)
		s->ops->log_rollback(s);
	validate_dispose(&v, n_new);
	free(nodes);
	free(n_nodes);
	acc_buf_dispose(&line);
	mctx_dispose(&m);
	return rc;
}

int
acc_mirror_scan_entries(struct acc_jscan *js, acc_span **spans, size_t *n,
    size_t *cap, acc_err *err)
{
	size_t k = 0;
	int rc = acc_jscan_expect(js, '[', "a list of entries", err);

	while (rc == 0 && !acc_jscan_accept(js, ']')) {
		const char *p0;
		if (k++ > 0)
			rc = acc_jscan_expect(js, ',', "',' or ']'", err);
		if (rc != 0)
			break;
		if (*n == *cap) {
			size_t nc = *cap ? 2 * *cap : 16384;
			acc_span *e = realloc(*spans, nc * sizeof(*e));
			if (e == NULL)
				return acc_err_set(err, ACC_ERR, js->name,
				    "out of memory");
			*spans = e;
			*cap = nc;
		}
		acc_jscan_peek(js);
		p0 = js->p;
		rc = acc_jscan_skip(js, err);
		(*spans)[*n].p = p0;
		(*spans)[*n].len = (size_t)(js->p - p0);
		(*n)++;
	}
	return rc;
}

struct mine {
	const char *witness;
	acc_buf *out;
	bool found;
};

static int
pick_mine(void *ctx, uint64_t size, const char *witness, const char *line)
{
	struct mine *c = ctx;

	(void)size;
	if (strcmp(witness, c->witness) != 0)
		return 0;
	c->found = true;
	if (acc_buf_puts(c->out, line) != 0 || acc_buf_puts(c->out, "\n") != 0)
		return ACC_ELIMIT;
	return 0;
}

int
acc_mirror_cosigned(acc_workspace *ws, const char *name, acc_buf *out,
    uint64_t *size, acc_err *err)
{
	acc_store *s = ws->store;
	struct acc_store_peer p;
	struct mine c;
	acc_key key;
	acc_vkey vk;
	uint64_t got = 0;
	int rc;

	acc_buf_reset(out);
	rc = s->ops->peer_get(s, name, &p, err);
	if (rc == 0)
		rc = s->ops->log_checkpoint_get(s, p.log, UINT64_MAX, out, &got,
		    err);
	if (rc != 0)
		return rc;
	rc = acc_workspace_signing_key(ws, &key, &vk, err);
	acc_key_dispose(&key);
	if (rc != 0)
		return rc;
	c.witness = vk.name;
	c.out = out;
	c.found = false;
	/* the note as received, then this node's line */
	rc = s->ops->cosig_each(s, p.log, got, pick_mine, &c, err);
	if (rc == 0 && !c.found)
		rc = acc_err_set(err, ACC_ENOTFOUND, name, "no cosignature of "
		    "%s's checkpoint %llu", name, (unsigned long long)got);
	if (rc == 0)
		*size = got;
	return rc;
}
