/*
 * Bundles (accord-bundle/1, docs/formats.md): what a sync carries, as a
 * signed file for nodes that never connect. Import does exactly the
 * checks of a sync (acc_mirror_ingest, acc_workspace_cosignature_add);
 * a bundle is read strictly and in place, never trusted for its own say.
 *
 *   {"format":"accord-bundle/1","body":{...},"signature":base64}
 *   body: {"cosignatures":[note...],"created":T,"for":P,"from":P,
 *          "log":{"checkpoint":note,"entries":[entry...],"proof":{...}|
 *          null,"start":N}|null,"treaty":T}
 *   signature: Ed25519 by "from" over the exact bytes of body
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <accord/witness.h>

#include "jscan.h"
#include "log.h"
#include "mirror.h"
#include "note.h"
#include "store.h"
#include "treaty_int.h"
#include "workspace_int.h"

#define BUNDLE_FORMAT "accord-bundle/1"
#define BUNDLE_MAX ((size_t)1 << 31)
#define BUNDLE_COSIGS_MAX 64
#define BUNDLE_NAME_MAX 64

/* A JSON string of s (escaped by jansson). */
static int
put_string(acc_buf *b, const char *s)
{
	json_t *j = json_string(s);
	char *t = j ? json_dumps(j, JSON_ENCODE_ANY) : NULL;
	int rc = t ? acc_buf_puts(b, t) : ACC_ERR;

	free(t);
	json_decref(j);
	return rc;
}

struct exp {
	acc_buf *b;
	bool first;
	int rc;
};

static int
put_entry(void *ctx, uint64_t seq, const char *entry, size_t len)
{
	struct exp *e = ctx;

	(void)seq;
	if ((!e->first && acc_buf_append(e->b, ",", 1) != 0) ||
	    acc_buf_append(e->b, entry, len) != 0)
		return ACC_ELIMIT;
	e->first = false;
	return 0;
}

struct cosigned_by {
	const char *witness;
	uint64_t size;
	bool any;
};

static int
latest_by(void *ctx, uint64_t size, const char *witness, const char *line)
{
	struct cosigned_by *c = ctx;

	(void)line;
	if (strcmp(witness, c->witness) == 0 && (!c->any || size > c->size)) {
		c->size = size;
		c->any = true;
	}
	return 0;
}

/* The body's "log": this node's log from `since`. */
static int
export_log(acc_workspace *ws, const char *for_name, uint64_t since,
    acc_buf *b, acc_buf *report, acc_err *err)
{
	acc_store *s = ws->store;
	acc_buf note = ACC_BUF_INIT(ACC_NOTE_MAX);
	acc_tlog_hash proof[ACC_TLOG_PROOF_MAX + 1];
	struct cosigned_by c;
	struct exp e;
	acc_log log;
	uint64_t n = 0;
	size_t np = 0, i;
	char b64[64];
	int rc;

	rc = s->ops->log_size(s, ACC_STORE_OWN_LOG, &n, err);
	if (rc != 0 || n == 0) {
		if (rc == 0)
			rc = acc_buf_puts(b, "null");
		goto done;
	}
	if (since == UINT64_MAX) {
		char name[ACC_KEY_NAME_MAX + 1];
		snprintf(name, sizeof(name), "accord/%s/%s", ws->treaty->id,
		    for_name);
		memset(&c, 0, sizeof(c));
		c.witness = name;
		rc = s->ops->cosig_each(s, ACC_STORE_OWN_LOG, UINT64_MAX,
		    latest_by, &c, err);
		if (rc != 0)
			goto done;
		since = c.any ? c.size : 0;
	}
	if (since > n) {
		rc = acc_err_set(err, ACC_EINVAL, "--since", "the log has %"
		    PRIu64 " entries", n);
		goto done;
	}
	rc = acc_workspace_checkpoint_cosigned(ws, UINT64_MAX, &note, err);
	if (rc != 0)
		goto done;
	memset(&log, 0, sizeof(log));
	log.store = s;
	log.id = ACC_STORE_OWN_LOG;
	if (since > 0 && since < n)
		rc = acc_tlog_prove_consistency_full(since, n, acc_log_reader,
		    &log, proof, &np, err);
	if (rc != 0)
		goto done;
	rc = acc_buf_puts(b, "{\"checkpoint\":");
	if (rc == 0)
		rc = put_string(b, note.data);
	if (rc == 0)
		rc = acc_buf_puts(b, ",\"entries\":[");
	e.b = b;
	e.first = true;
	if (rc == 0)
		rc = s->ops->log_each(s, ACC_STORE_OWN_LOG, since, n, NULL,
		    put_entry, &e, err);
	if (rc == 0)
		rc = acc_buf_puts(b, "],\"proof\":");
	if (rc == 0 && (since == 0 || since == n))
		rc = acc_buf_puts(b, "null");
	else if (rc == 0) {
		rc = acc_buf_printf(b, "{\"hashes\":[");
		for (i = 0; rc == 0 && i < np; i++) {
			acc_base64_encode(b64, proof[i], ACC_TLOG_HASH);
			rc = acc_buf_printf(b, "%s\"%s\"", i ? "," : "", b64);
		}
		if (rc == 0)
			rc = acc_buf_printf(b, "],\"new_size\":%" PRIu64
			    ",\"old_size\":%" PRIu64 "}", n, since);
	}
	if (rc == 0)
		rc = acc_buf_printf(b, ",\"start\":%" PRIu64 "}", since);
	if (rc == 0)
		rc = acc_buf_printf(report, "log: entries %" PRIu64 " to %"
		    PRIu64 " with checkpoint %" PRIu64 "\n", since, n, n);
done:
	if (rc == ACC_ELIMIT || rc == ACC_ERR)
		rc = acc_err_set(err, ACC_ELIMIT, "bundle", "bundle too large");
	acc_buf_dispose(&note);
	return rc;
}

int
acc_workspace_bundle_export(acc_workspace *ws, const char *for_name,
    uint64_t since, const char *path, acc_buf *report, acc_err *err)
{
	acc_store *s = ws->store;
	acc_buf body = ACC_BUF_INIT(BUNDLE_MAX);
	acc_buf file = ACC_BUF_INIT(BUNDLE_MAX);
	acc_buf cos = ACC_BUF_INIT(ACC_NOTE_MAX);
	struct acc_store_peer p;
	uint8_t sig[ACC_ED25519_SIG_LEN];
	char now[32], b64[128];
	uint64_t csize = 0;
	acc_key key;
	acc_vkey vk;
	int rc;

	memset(&key, 0, sizeof(key));
	rc = s->ops->peer_get(s, for_name, &p, err);
	if (rc != 0)
		goto done;
	acc_log_now(now);
	rc = acc_buf_puts(&body, "{\"cosignatures\":[");
	if (rc == 0) {
		rc = acc_mirror_cosigned(ws, for_name, &cos, &csize, err);
		if (rc == 0) {
			rc = put_string(&body, cos.data);
			if (rc == 0)
				rc = acc_buf_printf(report, "cosignature of %s's "
				    "checkpoint %" PRIu64 "\n", for_name, csize);
		} else if (rc == ACC_ENOTFOUND) {
			acc_err_clear(err);
			rc = 0;
		}
	}
	if (rc == 0)
		rc = acc_buf_puts(&body, "],\"created\":");
	if (rc == 0)
		rc = put_string(&body, now);
	if (rc == 0)
		rc = acc_buf_puts(&body, ",\"for\":");
	if (rc == 0)
		rc = put_string(&body, for_name);
	if (rc == 0)
		rc = acc_buf_puts(&body, ",\"from\":");
	if (rc == 0)
		rc = put_string(&body, ws->party);
	if (rc == 0)
		rc = acc_buf_puts(&body, ",\"log\":");
	if (rc == 0)
		rc = export_log(ws, for_name, since, &body, report, err);
	if (rc == 0)
		rc = acc_buf_puts(&body, ",\"treaty\":");
	if (rc == 0)
		rc = put_string(&body, ws->treaty->id);
	if (rc == 0)
		rc = acc_buf_puts(&body, "}");
	if (rc == ACC_ELIMIT || rc == ACC_ERR)
		rc = acc_err_set(err, ACC_ELIMIT, path, "bundle too large");
	if (rc == 0)
		rc = acc_workspace_signing_key(ws, &key, &vk, err);
	if (rc == 0)
		rc = acc_sign(sig, &key, body.data, body.len, err);
	if (rc != 0)
		goto done;
	acc_base64_encode(b64, sig, sizeof(sig));
	if (acc_buf_puts(&file, "{\"format\":\"" BUNDLE_FORMAT "\",\"body\":")
	    != 0 || acc_buf_append(&file, body.data, body.len) != 0 ||
	    acc_buf_printf(&file, ",\"signature\":\"%s\"}\n", b64) != 0) {
		rc = acc_err_set(err, ACC_ELIMIT, path, "bundle too large");
		goto done;
	}
	rc = acc_file_write_atomic(path, file.data, file.len, 0644, err);
done:
	acc_key_dispose(&key);
	acc_buf_dispose(&body);
	acc_buf_dispose(&file);
	acc_buf_dispose(&cos);
	return rc;
}

/* ---- import -------------------------------------------------------- */

struct bundle {
	const char *path;
	const char *body;
	size_t body_len;
	uint8_t sig[ACC_ED25519_SIG_LEN];
	bool has_sig, has_format;
	char from[BUNDLE_NAME_MAX + 1], for_[BUNDLE_NAME_MAX + 1];
	char treaty[BUNDLE_NAME_MAX + 1], created[40];
	bool has_log, has_start;
	char *checkpoint;
	size_t checkpoint_len;
	uint64_t start;
	acc_span *entries;
	size_t n_entries, cap_entries;
	acc_log_proof *proof;
	char *cosigs[BUNDLE_COSIGS_MAX];
	size_t cosig_len[BUNDLE_COSIGS_MAX];
	size_t n_cosigs;
};

static void
bundle_dispose(struct bundle *b)
{
	size_t i;

	free(b->checkpoint);
	free(b->entries);
	free(b->proof);
	for (i = 0; i < b->n_cosigs; i++)
		free(b->cosigs[i]);
}

/* A string value of at most cap - 1 bytes into a new allocation. */
static int
scan_note(acc_jscan *js, char **out, size_t *len, acc_err *err)
{
	char *p = malloc(ACC_NOTE_MAX + 1);
	int rc;

	if (p == NULL)
		return acc_err_set(err, ACC_ERR, js->name, "out of memory");
	rc = acc_jscan_string(js, p, ACC_NOTE_MAX + 1, len, err);
	if (rc != 0) {
		free(p);
		return rc;
	}
	*out = p;
	return 0;
}

static int
scan_key(acc_jscan *js, char *key, size_t cap, acc_err *err)
{
	size_t len;
	int rc = acc_jscan_string(js, key, cap, &len, err);

	if (rc == 0)
		rc = acc_jscan_expect(js, ':', "':'", err);
	return rc;
}

static int
scan_log(acc_jscan *js, struct bundle *b, acc_err *err)
{
	char key[32];
	int rc;

	if (acc_jscan_peek(js) == 'n')
		return acc_jscan_skip(js, err);
	b->has_log = true;
	rc = acc_jscan_expect(js, '{', "the log object", err);
	while (rc == 0 && !acc_jscan_accept(js, '}')) {
		if (rc == 0)
			rc = scan_key(js, key, sizeof(key), err);
		if (rc != 0)
			break;
		if (strcmp(key, "checkpoint") == 0 && b->checkpoint == NULL) {
			rc = scan_note(js, &b->checkpoint, &b->checkpoint_len,
			    err);
		} else if (strcmp(key, "start") == 0 && !b->has_start) {
			int64_t v = 0;
			rc = acc_jscan_int(js, &v, err);
			if (rc == 0 && v < 0)
				rc = acc_jscan_fail(js, err, "start: expected "
				    "a whole number");
			if (rc == 0)
				b->start = (uint64_t)v;
			b->has_start = true;
		} else if (strcmp(key, "entries") == 0 && b->entries == NULL) {
			rc = acc_mirror_scan_entries(js, &b->entries,
			    &b->n_entries, &b->cap_entries, err);
			if (rc == 0 && b->entries == NULL)
				b->entries = malloc(sizeof(acc_span));
			if (rc == 0 && b->entries == NULL)
				return acc_err_set(err, ACC_ERR, b->path,
				    "out of memory");
		} else if (strcmp(key, "proof") == 0 && b->proof == NULL) {
			const char *p0;
			b->proof = calloc(1, sizeof(*b->proof));
			if (b->proof == NULL)
				return acc_err_set(err, ACC_ERR, b->path,
				    "out of memory");
			if (acc_jscan_peek(js) == 'n') {
				rc = acc_jscan_skip(js, err);
				b->proof->n = 0;
				b->proof->consistency = false;
			} else {
				p0 = js->p;
				rc = acc_jscan_skip(js, err);
				if (rc == 0)
					rc = acc_log_proof_parse(b->proof, p0,
					    (size_t)(js->p - p0),
					    "bundle: log.proof", err);
				if (rc == 0 && !b->proof->consistency)
					rc = acc_err_set(err, ACC_EINVAL,
					    "bundle: log.proof", "expected a "
					    "consistency proof");
			}
		} else {
			rc = acc_jscan_fail(js, err, "log: unexpected or "
			    "repeated key \"%.32s\"", key);
		}
		if (rc == 0 && acc_jscan_peek(js) != '}')
			rc = acc_jscan_expect(js, ',', "',' or '}'", err);
	}
	if (rc == 0 && (b->checkpoint == NULL || b->entries == NULL ||
	    b->proof == NULL || !b->has_start))
		rc = acc_jscan_fail(js, err, "log: expected checkpoint, "
		    "entries, proof and start");
	return rc;
}

static int
scan_body(struct bundle *b, acc_err *err)
{
	acc_jscan js;
	char key[32];
	size_t len;
	int rc, seen = 0;

	acc_jscan_init(&js, b->body, b->body_len, b->path);
	rc = acc_jscan_expect(&js, '{', "the bundle's body", err);
	while (rc == 0 && !acc_jscan_accept(&js, '}')) {
		rc = scan_key(&js, key, sizeof(key), err);
		if (rc != 0)
			break;
		if (strcmp(key, "from") == 0 && !(seen & 1)) {
			seen |= 1;
			rc = acc_jscan_string(&js, b->from, sizeof(b->from),
			    &len, err);
		} else if (strcmp(key, "for") == 0 && !(seen & 2)) {
			seen |= 2;
			rc = acc_jscan_string(&js, b->for_, sizeof(b->for_),
			    &len, err);
		} else if (strcmp(key, "treaty") == 0 && !(seen & 4)) {
			seen |= 4;
			rc = acc_jscan_string(&js, b->treaty, sizeof(b->treaty),
			    &len, err);
		} else if (strcmp(key, "created") == 0 && !(seen & 8)) {
			seen |= 8;
			rc = acc_jscan_string(&js, b->created,
			    sizeof(b->created), &len, err);
		} else if (strcmp(key, "log") == 0 && !(seen & 16)) {
			seen |= 16;
			rc = scan_log(&js, b, err);
		} else if (strcmp(key, "cosignatures") == 0 && !(seen & 32)) {
			seen |= 32;
			rc = acc_jscan_expect(&js, '[', "the cosignatures",
			    err);
			while (rc == 0 && !acc_jscan_accept(&js, ']')) {
				if (b->n_cosigs > 0)
					rc = acc_jscan_expect(&js, ',',
					    "',' or ']'", err);
				if (rc == 0 && b->n_cosigs == BUNDLE_COSIGS_MAX)
					rc = acc_jscan_fail(&js, err, "more "
					    "than %d cosignatures",
					    BUNDLE_COSIGS_MAX);
				if (rc == 0)
					rc = scan_note(&js,
					    &b->cosigs[b->n_cosigs],
					    &b->cosig_len[b->n_cosigs], err);
				if (rc == 0)
					b->n_cosigs++;
			}
		} else {
			rc = acc_jscan_fail(&js, err, "body: unexpected or "
			    "repeated key \"%.32s\"", key);
		}
		if (rc == 0 && acc_jscan_peek(&js) != '}')
			rc = acc_jscan_expect(&js, ',', "',' or '}'", err);
	}
	if (rc == 0)
		rc = acc_jscan_end(&js, err);
	if (rc == 0 && seen != 63)
		rc = acc_err_set(err, ACC_EINVAL, b->path, "body: expected "
		    "cosignatures, created, for, from, log and treaty");
	return rc;
}

/* The outer object: format, body (kept as its exact bytes), signature. */
static int
scan_bundle(struct bundle *b, const char *text, size_t len, acc_err *err)
{
	acc_jscan js;
	char key[32], fmt[32], sig[128];
	size_t n;
	int rc;

	acc_jscan_init(&js, text, len, b->path);
	rc = acc_jscan_expect(&js, '{', "a bundle (JSON object)", err);
	while (rc == 0 && !acc_jscan_accept(&js, '}')) {
		rc = scan_key(&js, key, sizeof(key), err);
		if (rc != 0)
			break;
		if (strcmp(key, "format") == 0 && !b->has_format) {
			rc = acc_jscan_string(&js, fmt, sizeof(fmt), &n, err);
			if (rc == 0 && strcmp(fmt, BUNDLE_FORMAT) != 0)
				rc = acc_jscan_fail(&js, err, "format: expected "
				    BUNDLE_FORMAT);
			b->has_format = true;
		} else if (strcmp(key, "body") == 0 && b->body == NULL) {
			acc_jscan_peek(&js);
			b->body = js.p;
			rc = acc_jscan_skip_shape(&js, err);
			b->body_len = (size_t)(js.p - b->body);
		} else if (strcmp(key, "signature") == 0 && !b->has_sig) {
			rc = acc_jscan_string(&js, sig, sizeof(sig), &n, err);
			if (rc == 0)
				rc = acc_base64_decode(b->sig, sizeof(b->sig),
				    &n, sig, strlen(sig), "bundle: signature",
				    err);
			if (rc == 0 && n != sizeof(b->sig))
				rc = acc_err_set(err, ACC_EINVAL,
				    "bundle: signature", "expected 64 bytes");
			b->has_sig = true;
		} else {
			rc = acc_jscan_fail(&js, err, "unexpected or repeated "
			    "key \"%.32s\"", key);
		}
		if (rc == 0 && acc_jscan_peek(&js) != '}')
			rc = acc_jscan_expect(&js, ',', "',' or '}'", err);
	}
	if (rc == 0)
		rc = acc_jscan_end(&js, err);
	if (rc == 0 && (!b->has_format || b->body == NULL || !b->has_sig))
		rc = acc_err_set(err, ACC_EINVAL, b->path, "expected format, "
		    "body and signature (a truncated bundle?)");
	return rc;
}

int
acc_workspace_bundle_import(acc_workspace *ws, const char *path,
    acc_buf *report, acc_err *err)
{
	acc_buf text = ACC_BUF_INIT(BUNDLE_MAX);
	acc_mirror_result res;
	struct bundle b;
	acc_vkey vk;
	size_t i, added;
	int rc, first = 0;

	memset(&b, 0, sizeof(b));
	acc_mirror_result_init(&res);
	b.path = path;
	rc = acc_file_read(&text, path, err);
	if (rc == 0)
		rc = scan_bundle(&b, text.data, text.len, err);
	if (rc != 0)
		goto done;
	/* who signed it, before anything in it is believed */
	{
		acc_jscan js;
		char key[32];
		size_t n;
		acc_jscan_init(&js, b.body, b.body_len, path);
		rc = acc_jscan_expect(&js, '{', "the body", err);
		while (rc == 0 && b.from[0] == '\0' &&
		    !acc_jscan_accept(&js, '}')) {
			rc = scan_key(&js, key, sizeof(key), err);
			if (rc == 0 && strcmp(key, "from") == 0)
				rc = acc_jscan_string(&js, b.from,
				    sizeof(b.from), &n, err);
			else if (rc == 0)
				rc = acc_jscan_skip_shape(&js, err);
			if (rc == 0 && b.from[0] == '\0')
				rc = acc_jscan_expect(&js, ',', "','", err);
		}
		if (rc == 0 && b.from[0] == '\0')
			rc = acc_err_set(err, ACC_EINVAL, path, "body: no "
			    "\"from\"");
	}
	if (rc == 0)
		rc = acc_workspace_trusted_key(ws, b.from, &vk, err);
	if (rc == ACC_ENOTFOUND) {
		acc_err_clear(err);
		rc = acc_err_set(err, ACC_EVERIFY, path, "from %s, whose key "
		    "this node does not trust", b.from);
	}
	if (rc == 0 && acc_verify(b.sig, vk.pub, b.body, b.body_len, NULL) != 0)
		rc = acc_err_set(err, ACC_EVERIFY, path, "the signature by %s "
		    "does not verify (an altered bundle?)", b.from);
	if (rc != 0)
		goto done;
	b.from[0] = '\0';
	rc = scan_body(&b, err);
	if (rc != 0)
		goto done;
	if (strcmp(b.for_, ws->party) != 0 || strcmp(b.treaty,
	    ws->treaty->id) != 0) {
		rc = acc_err_set(err, ACC_EINVAL, path, "made for %s under %s; "
		    "this node is %s under %s", b.for_, b.treaty, ws->party,
		    ws->treaty->id);
		goto done;
	}
	if (b.has_log) {
		acc_mirror_input in;
		memset(&in, 0, sizeof(in));
		in.note = b.checkpoint;
		in.note_len = b.checkpoint_len;
		in.start = b.start;
		in.entries = b.entries;
		in.n_entries = b.n_entries;
		if (b.proof->consistency) {
			in.proof_size = b.proof->size;
			in.proof_old = b.proof->old_size;
			in.proof = b.proof->hashes;
			in.n_proof = b.proof->n;
		}
		rc = acc_mirror_ingest(ws, b.from, &in, &res, err);
		if (rc != 0)
			goto done;
		rc = acc_buf_printf(report, "%s: mirror at %" PRIu64 " entries "
		    "(%" PRIu64 " new, %" PRIu64 " findings)%s\n", b.from,
		    res.size, res.added, res.findings, res.cosigned ?
		    ", cosigned" : "");
	}
	/*
	 * Each cosignature on its own: one that fails is reported and the
	 * others are still taken (the log above is verified on its own).
	 */
	for (i = 0; rc == 0 && i < b.n_cosigs; i++) {
		acc_err e = ACC_ERR_INIT;
		int r = acc_workspace_cosignature_add(ws, b.cosigs[i],
		    b.cosig_len[i], &added, &e);
		if (r == 0)
			r = acc_buf_printf(report, "cosignatures from %s: %zu "
			    "new\n", b.from, added);
		else if (first == 0) {
			first = r;
			if (err)
				*err = e;
		}
	}
	if (rc == 0)
		rc = first;
done:
	acc_mirror_result_dispose(&res);
	bundle_dispose(&b);
	acc_buf_dispose(&text);
	return rc;
}
