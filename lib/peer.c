/*
 * Peers and forks: which nodes this one mirrors, what it knows of each,
 * and the fork evidence it holds, checkable by anyone on its own
 * (accord-fork/1, docs/formats.md).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <accord/witness.h>

#include "log.h"
#include "mirror.h"
#include "note.h"
#include "store.h"
#include "treaty_int.h"
#include "workspace_int.h"

int
acc_workspace_peer_add(acc_workspace *ws, const char *name, const char *url,
    const char *pin, acc_err *err)
{
	acc_store *s = ws->store;
	struct acc_store_peer p, old;
	char origin[ACC_KEY_NAME_MAX + 1], key[80];
	acc_vkey vk;
	int rc;

	if (strcmp(name, ws->party) == 0)
		return acc_err_set(err, ACC_EINVAL, name, "this node itself");
	rc = acc_workspace_trusted_key(ws, name, &vk, err);
	if (rc == ACC_ENOTFOUND) {
		acc_err_clear(err);
		return acc_err_set(err, ACC_EINVAL, name, "no trusted key for "
		    "%s (add it first: accord key add [--witness] %s KEY)",
		    name, name);
	}
	if (rc != 0)
		return rc;
	if (url[0] != '\0' && (strncmp(url, "https://", 8) != 0 ||
	    strlen(url) < 9 || strlen(url) >= sizeof(p.url) ||
	    url[strlen(url) - 1] == '/' || strpbrk(url, " \t\r\n?#") != NULL))
		return acc_err_set(err, ACC_EINVAL, url, "expected "
		    "https://HOST:PORT (no path, no trailing slash), or \"\" "
		    "for a peer reached through bundles only");
	if (pin != NULL && (strncmp(pin, "sha256//", 8) != 0 ||
	    strlen(pin) > 100))
		return acc_err_set(err, ACC_EINVAL, "--pin", "expected "
		    "sha256//BASE64 (accord key pin on the peer's node)");
	memset(&p, 0, sizeof(p));
	snprintf(p.name, sizeof(p.name), "%s", name);
	snprintf(p.url, sizeof(p.url), "%s", url);
	snprintf(origin, sizeof(origin), "accord/%s/%s", ws->treaty->id,
	    name);
	acc_log_now(p.added_at);
	rc = s->ops->peer_get(s, name, &old, err);
	if (rc == 0) {
		/* a change of address keeps the mirror and any stop */
		p.log = old.log;
		snprintf(p.halted, sizeof(p.halted), "%s", old.halted);
		snprintf(p.added_at, sizeof(p.added_at), "%s", old.added_at);
	} else if (rc == ACC_ENOTFOUND) {
		acc_err_clear(err);
		rc = s->ops->log_find(s, origin, true, &p.log, err);
	}
	if (rc == 0)
		rc = s->ops->peer_put(s, &p, err);
	snprintf(key, sizeof(key), "peer.%s.pin", name);
	if (rc == 0)
		rc = s->ops->meta_set(s, key, pin ? pin : "", err);
	return rc;
}

int
acc_workspace_peer_resume(acc_workspace *ws, const char *name, acc_err *err)
{
	acc_store *s = ws->store;
	struct acc_store_peer p;
	int rc = s->ops->peer_get(s, name, &p, err);

	if (rc != 0)
		return rc;
	if (p.halted[0] == '\0')
		return acc_err_set(err, ACC_EINVAL, name, "sync with %s is not "
		    "stopped", name);
	p.halted[0] = '\0';
	return s->ops->peer_put(s, &p, err);
}

/* ---- status -------------------------------------------------------- */

struct count {
	uint64_t n;
	uint64_t max_size;
	const char *witness;    /* only this witness's, when set */
};

static int
count_finding(void *ctx, uint64_t seq, const char *msg)
{
	struct count *c = ctx;

	(void)seq;
	(void)msg;
	c->n++;
	return 0;
}

static int
count_fork(void *ctx, int64_t id, int64_t log, const char *kind,
    const char *ev, const char *at)
{
	struct count *c = ctx;

	(void)id;
	(void)log;
	(void)kind;
	(void)ev;
	(void)at;
	c->n++;
	return 0;
}

static int
count_cosig(void *ctx, uint64_t size, const char *witness, const char *line)
{
	struct count *c = ctx;

	(void)line;
	if (c->witness && strcmp(witness, c->witness) != 0)
		return 0;
	c->n++;
	if (size > c->max_size)
		c->max_size = size;
	return 0;
}

struct status {
	acc_workspace *ws;
	json_t *peers;
	const char *me;         /* this node's key name */
	acc_err *err;
};

static int
status_peer(void *ctx, const struct acc_store_peer *p)
{
	struct status *st = ctx;
	acc_store *s = st->ws->store;
	struct count findings = { 0, 0, NULL }, forks = { 0, 0, NULL };
	struct count mine = { 0, 0, st->me };
	acc_tlog_hash croot;
	uint64_t entries = 0, cp = 0;
	char root[64] = "";
	json_t *o;
	int rc;

	rc = acc_mirror_sizes(st->ws, p->name, &entries, &cp, croot,
	    st->err);
	if (rc == 0)
		rc = s->ops->finding_each(s, p->log, count_finding, &findings,
		    st->err);
	if (rc == 0)
		rc = s->ops->fork_each(s, p->log, count_fork, &forks, st->err);
	if (rc == 0)
		rc = s->ops->cosig_each(s, p->log, UINT64_MAX, count_cosig,
		    &mine, st->err);
	if (rc == 0 && cp > 0)
		acc_base64_encode(root, croot, ACC_TLOG_HASH);
	if (rc != 0)
		return rc;
	o = json_pack("{s:s, s:s, s:I, s:I, s:s, s:I, s:I, s:I, s:s*}",
	    "name", p->name, "url", p->url, "entries", (json_int_t)entries,
	    "checkpoint", (json_int_t)cp, "root", root, "cosigned",
	    (json_int_t)mine.max_size, "findings", (json_int_t)findings.n,
	    "forks", (json_int_t)forks.n, "stopped", p->halted[0] ?
	    p->halted : NULL);
	if (o == NULL || json_array_append_new(st->peers, o) != 0)
		return acc_err_set(st->err, ACC_ERR, "status", "out of memory");
	return 0;
}

/* The witnesses of this node's own log: the latest size each cosigned. */
static int
own_cosig(void *ctx, uint64_t size, const char *witness, const char *line)
{
	json_t *o = ctx;
	json_t *cur = json_object_get(o, witness);

	(void)line;
	if (cur == NULL || (uint64_t)json_integer_value(cur) < size)
		json_object_set_new(o, witness, json_integer((json_int_t)size));
	return 0;
}

int
acc_workspace_peer_status(acc_workspace *ws, bool json, acc_buf *out,
    acc_err *err)
{
	acc_store *s = ws->store;
	struct status st;
	json_t *top = NULL, *own = json_object();
	acc_key key;
	acc_vkey vk;
	uint64_t size = 0;
	char *text = NULL;
	int rc;

	memset(&st, 0, sizeof(st));
	st.ws = ws;
	st.err = err;
	st.peers = json_array();
	rc = acc_workspace_signing_key(ws, &key, &vk, err);
	acc_key_dispose(&key);
	st.me = vk.name;
	if (rc == 0 && (st.peers == NULL || own == NULL))
		rc = acc_err_set(err, ACC_ERR, "status", "out of memory");
	if (rc == 0)
		rc = s->ops->peer_each(s, status_peer, &st, err);
	if (rc == 0)
		rc = s->ops->log_size(s, ACC_STORE_OWN_LOG, &size, err);
	if (rc == 0)
		rc = s->ops->cosig_each(s, ACC_STORE_OWN_LOG, UINT64_MAX,
		    own_cosig, own, err);
	if (rc != 0)
		goto done;
	top = json_pack("{s:s, s:I, s:O, s:O}", "node", vk.name, "log_size",
	    (json_int_t)size, "cosigned_by", own, "peers", st.peers);
	if (top == NULL) {
		rc = acc_err_set(err, ACC_ERR, "status", "out of memory");
		goto done;
	}
	if (json) {
		text = json_dumps(top, JSON_INDENT(2) | JSON_SORT_KEYS);
		if (text == NULL || acc_buf_puts(out, text) != 0 ||
		    acc_buf_puts(out, "\n") != 0)
			rc = acc_err_set(err, ACC_ELIMIT, "status",
			    "too large");
	} else {
		size_t i;
		const char *w;
		json_t *v;
		rc = acc_buf_printf(out, "%s: %" PRIu64 " entries\n", vk.name,
		    size);
		json_object_foreach(own, w, v)
			if (rc == 0)
				rc = acc_buf_printf(out, "  cosigned by %s up "
				    "to %" JSON_INTEGER_FORMAT "\n", w,
				    json_integer_value(v));
		for (i = 0; rc == 0 && i < json_array_size(st.peers); i++) {
			json_t *p = json_array_get(st.peers, i);
			const char *stop = json_string_value(json_object_get(p,
			    "stopped"));
			rc = acc_buf_printf(out, "%s %s: %" JSON_INTEGER_FORMAT
			    " entries, checkpoint %" JSON_INTEGER_FORMAT
			    ", cosigned %" JSON_INTEGER_FORMAT ", %"
			    JSON_INTEGER_FORMAT " findings, %"
			    JSON_INTEGER_FORMAT " forks%s%s\n",
			    json_string_value(json_object_get(p, "name")),
			    json_string_value(json_object_get(p, "url"))[0] ?
			    json_string_value(json_object_get(p, "url")) :
			    "(bundles)",
			    json_integer_value(json_object_get(p, "entries")),
			    json_integer_value(json_object_get(p,
			    "checkpoint")),
			    json_integer_value(json_object_get(p, "cosigned")),
			    json_integer_value(json_object_get(p, "findings")),
			    json_integer_value(json_object_get(p, "forks")),
			    stop ? "; STOPPED: " : "", stop ? stop : "");
		}
		if (rc != 0)
			rc = acc_err_set(err, ACC_ELIMIT, "status",
			    "too large");
	}
done:
	free(text);
	json_decref(top);
	json_decref(own);
	json_decref(st.peers);
	return rc;
}

struct flist {
	acc_buf *out;
	int rc;
};

static int
list_finding(void *ctx, uint64_t seq, const char *msg)
{
	struct flist *f = ctx;

	if (acc_buf_printf(f->out, "%" PRIu64 ": %s\n", seq, msg) != 0)
		return ACC_ELIMIT;
	return 0;
}

int
acc_workspace_peer_findings(acc_workspace *ws, const char *name,
    acc_buf *out, acc_err *err)
{
	acc_store *s = ws->store;
	struct acc_store_peer p;
	struct flist f = { out, 0 };
	int rc = s->ops->peer_get(s, name, &p, err);

	if (rc == 0)
		rc = s->ops->finding_each(s, p.log, list_finding, &f, err);
	if (rc == ACC_ELIMIT)
		rc = acc_err_set(err, rc, "findings", "too many to show");
	return rc;
}

/* ---- forks --------------------------------------------------------- */

struct forks {
	acc_workspace *ws;
	bool json;
	int64_t want;           /* export this one, or list all (0) */
	json_t *list;
	acc_buf *out;
	bool found;
};

static int
fork_one(void *ctx, int64_t id, int64_t log, const char *kind,
    const char *ev, const char *at)
{
	struct forks *f = ctx;
	json_t *e, *o;
	const char *origin;

	(void)log;
	if (f->want != 0) {
		if (id != f->want)
			return 0;
		f->found = true;
		if (acc_buf_puts(f->out, ev) != 0 ||
		    acc_buf_puts(f->out, "\n") != 0)
			return ACC_ELIMIT;
		return 0;
	}
	e = json_loads(ev, 0, NULL);
	origin = json_string_value(json_object_get(e, "origin"));
	o = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)id, "log",
	    origin ? origin : "?", "kind", kind, "found_at", at);
	json_decref(e);
	if (o == NULL || json_array_append_new(f->list, o) != 0)
		return ACC_ERR;
	return 0;
}

int
acc_workspace_forks_list(acc_workspace *ws, bool json, acc_buf *out,
    acc_err *err)
{
	acc_store *s = ws->store;
	struct forks f;
	char *text = NULL;
	size_t i;
	int rc;

	memset(&f, 0, sizeof(f));
	f.ws = ws;
	f.list = json_array();
	if (f.list == NULL)
		return acc_err_set(err, ACC_ERR, "forks", "out of memory");
	rc = s->ops->fork_each(s, -1, fork_one, &f, err);
	if (rc == 0 && json) {
		text = json_dumps(f.list, JSON_INDENT(2) | JSON_SORT_KEYS);
		if (text == NULL || acc_buf_puts(out, text) != 0 ||
		    acc_buf_puts(out, "\n") != 0)
			rc = ACC_ELIMIT;
	}
	for (i = 0; rc == 0 && !json && i < json_array_size(f.list); i++) {
		json_t *o = json_array_get(f.list, i);
		rc = acc_buf_printf(out, "%" JSON_INTEGER_FORMAT " %s %s %s\n",
		    json_integer_value(json_object_get(o, "id")),
		    json_string_value(json_object_get(o, "log")),
		    json_string_value(json_object_get(o, "kind")),
		    json_string_value(json_object_get(o, "found_at")));
	}
	if (rc == ACC_ELIMIT || rc == ACC_ERR)
		rc = acc_err_set(err, rc, "forks", "out of memory");
	free(text);
	json_decref(f.list);
	return rc;
}

int
acc_workspace_fork_export(acc_workspace *ws, int64_t id, acc_buf *out,
    acc_err *err)
{
	acc_store *s = ws->store;
	struct forks f;
	int rc;

	memset(&f, 0, sizeof(f));
	f.want = id;
	f.out = out;
	rc = s->ops->fork_each(s, -1, fork_one, &f, err);
	if (rc == ACC_ELIMIT)
		rc = acc_err_set(err, rc, "forks", "evidence too large");
	if (rc == 0 && !f.found)
		rc = acc_err_set(err, ACC_ENOTFOUND, "forks", "no fork "
		    "evidence %lld (accord forks list)", (long long)id);
	return rc;
}

int
acc_fork_verify(const char *text, size_t len, const char *vkey,
    acc_buf *out, acc_err *err)
{
	json_error_t jerr;
	json_t *o = NULL, *cps, *proof;
	const char *fmt, *origin, *key, *kind, *a, *b;
	acc_checkpoint ca, cb;
	acc_vkey vk, want;
	acc_log_proof *p = NULL;
	char *ptext = NULL;
	int rc = 0;

	o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (o == NULL)
		return acc_err_set(err, ACC_EINVAL, "evidence", "%d:%d: %s",
		    jerr.line, jerr.column, jerr.text);
	fmt = json_string_value(json_object_get(o, "format"));
	origin = json_string_value(json_object_get(o, "origin"));
	key = json_string_value(json_object_get(o, "key"));
	kind = json_string_value(json_object_get(o, "kind"));
	cps = json_object_get(o, "checkpoints");
	proof = json_object_get(o, "proof");
	if (fmt == NULL || strcmp(fmt, "accord-fork/1") != 0 || !origin ||
	    !key || !kind || !json_is_array(cps) || json_array_size(cps) != 2
	    || !json_is_string(json_array_get(cps, 0)) ||
	    !json_is_string(json_array_get(cps, 1)) || proof == NULL) {
		rc = acc_err_set(err, ACC_EINVAL, "evidence", "expected "
		    "accord-fork/1 with origin, key, kind, two checkpoints "
		    "and a proof (or null)");
		goto done;
	}
	a = json_string_value(json_array_get(cps, 0));
	b = json_string_value(json_array_get(cps, 1));
	rc = acc_vkey_parse(&vk, key, strlen(key), "evidence: key", err);
	if (rc != 0)
		goto done;
	if (vkey != NULL) {
		rc = acc_vkey_parse(&want, vkey, strlen(vkey), "--key", err);
		if (rc == 0 && (want.id != vk.id || strcmp(want.name, vk.name) !=
		    0 || !acc_ct_equal(want.pub, vk.pub, sizeof(vk.pub))))
			rc = acc_err_set(err, ACC_EVERIFY, "evidence", "signed "
			    "with %s, not the key given", vk.name);
		if (rc != 0)
			goto done;
	}
	rc = acc_checkpoint_open(&ca, NULL, a, strlen(a), &vk, 1,
	    "evidence: checkpoints[0]", err);
	if (rc == 0)
		rc = acc_checkpoint_open(&cb, NULL, b, strlen(b), &vk, 1,
		    "evidence: checkpoints[1]", err);
	if (rc != 0) {
		if (err)
			err->code = rc = ACC_EVERIFY;
		goto done;
	}
	if (strcmp(ca.origin, cb.origin) != 0 || strcmp(ca.origin, origin) !=
	    0) {
		rc = acc_err_set(err, ACC_EVERIFY, "evidence", "the checkpoints "
		    "are of different logs");
		goto done;
	}
	if (ca.size == cb.size) {
		if (acc_ct_equal(ca.root, cb.root, ACC_TLOG_HASH)) {
			rc = acc_err_set(err, ACC_EVERIFY, "evidence", "the "
			    "checkpoints are the same tree: no fork");
			goto done;
		}
		rc = acc_buf_printf(out, "fork proven: %s signed two trees of "
		    "size %" PRIu64 "\n", origin, ca.size);
		goto done;
	}
	if (!json_is_object(proof)) {
		rc = acc_err_set(err, ACC_EINVAL, "evidence: proof", "expected "
		    "a consistency proof for checkpoints of two sizes");
		goto done;
	}
	p = calloc(1, sizeof(*p));
	ptext = json_dumps(proof, JSON_COMPACT);
	if (p == NULL || ptext == NULL) {
		rc = acc_err_set(err, ACC_ERR, "evidence", "out of memory");
		goto done;
	}
	rc = acc_log_proof_parse(p, ptext, strlen(ptext), "evidence: proof",
	    err);
	if (rc == 0 && (!p->consistency || p->old_size != ca.size ||
	    p->size != cb.size))
		rc = acc_err_set(err, ACC_EVERIFY, "evidence: proof", "expected "
		    "a consistency proof from %" PRIu64 " to %" PRIu64,
		    ca.size, cb.size);
	if (rc == 0) {
		acc_tlog_hash fr, sr;
		if (!acc_tlog_consistency_roots(ca.size, cb.size, p->hashes,
		    p->n, fr, sr) || !acc_ct_equal(sr, cb.root, ACC_TLOG_HASH))
			rc = acc_err_set(err, ACC_EVERIFY, "evidence: proof",
			    "the proof does not lead to the later checkpoint's "
			    "root: it proves nothing");
		else if (acc_ct_equal(fr, ca.root, ACC_TLOG_HASH))
			rc = acc_err_set(err, ACC_EVERIFY, "evidence", "the "
			    "checkpoints are consistent: no fork");
		else
			rc = acc_buf_printf(out, "fork proven: %s signed a tree "
			    "of size %" PRIu64 " that the tree of size %" PRIu64
			    " it also signed does not extend\n", origin,
			    ca.size, cb.size);
	}
done:
	if (rc == 0 && kind && strcmp(kind, ca.size == cb.size ? "same-size" :
	    "inconsistent") != 0)
		rc = acc_err_set(err, ACC_EINVAL, "evidence: kind", "\"%.32s\" "
		    "does not describe these checkpoints", kind);
	free(ptext);
	free(p);
	json_decref(o);
	return rc;
}
