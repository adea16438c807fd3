/*
 * Sync: a node fetches a peer's checkpoint, new entries and proofs over
 * HTTPS (docs/http-api.md), hands them to the checks every mirror uses
 * (mirror.c), and posts its cosignature back. Holds nothing between
 * runs: a failed or killed sync leaves the mirror as it was and the next
 * one starts again from there.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <accord/tls.h>
#include <accord/witness.h>

#include "http.h"
#include "jscan.h"
#include "log.h"
#include "mirror.h"
#include "note.h"
#include "store.h"
#include "treaty_int.h"
#include "workspace_int.h"

#define PAGE_MAX ((size_t)256 << 20)
#define SYNC_ENTRIES_MAX ((uint64_t)16 << 20)

struct pages {
	acc_buf *pages;
	size_t n, cap;
	acc_span *spans;
	size_t n_spans, cap_spans;
};

static void
pages_dispose(struct pages *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		acc_buf_dispose(&p->pages[i]);
	free(p->pages);
	free(p->spans);
	memset(p, 0, sizeof(*p));
}

static int
http_fail(const char *url, const char *path, long status, const acc_buf *b,
    acc_err *err)
{
	return acc_err_set(err, status == 404 ? ACC_ENOTFOUND : ACC_ERR, url,
	    "GET %s: HTTP %ld: %.200s", path, status, b->len ? b->data : "");
}

/* {"start":A,"entries":[...]}: the entries' exact bytes as spans. */
static int
parse_page(struct pages *p, const acc_buf *b, uint64_t want,
    const char *where, acc_err *err)
{
	acc_jscan js;
	char key[16];
	size_t len;
	int64_t start = -1;
	bool entries = false;
	int rc;

	acc_jscan_init(&js, b->data, b->len, where);
	rc = acc_jscan_expect(&js, '{', "an entries page", err);
	while (rc == 0 && !acc_jscan_accept(&js, '}')) {
		rc = acc_jscan_string(&js, key, sizeof(key), &len, err);
		if (rc == 0)
			rc = acc_jscan_expect(&js, ':', "':'", err);
		if (rc != 0)
			break;
		if (strcmp(key, "start") == 0 && start < 0) {
			rc = acc_jscan_int(&js, &start, err);
			if (rc == 0 && (uint64_t)start != want)
				rc = acc_jscan_fail(&js, err, "start: expected "
				    "%" PRIu64, want);
		} else if (strcmp(key, "entries") == 0 && !entries) {
			entries = true;
			rc = acc_mirror_scan_entries(&js, &p->spans, &p->n_spans,
			    &p->cap_spans, err);
		} else {
			rc = acc_jscan_fail(&js, err, "unexpected key "
			    "\"%.16s\"", key);
		}
		if (rc == 0 && acc_jscan_peek(&js) != '}')
			rc = acc_jscan_expect(&js, ',', "',' or '}'", err);
	}
	if (rc == 0)
		rc = acc_jscan_end(&js, err);
	if (rc == 0 && (start < 0 || !entries))
		rc = acc_err_set(err, ACC_EINVAL, where, "expected start and "
		    "entries");
	return rc;
}

/* Entries [from, to) of the peer, page by page. */
static int
fetch_entries(acc_http *h, const char *url, uint64_t from, uint64_t to,
    struct pages *p, acc_err *err)
{
	char path[128];
	long status;
	int rc = 0;

	while (rc == 0 && from + p->n_spans < to) {
		uint64_t at = from + p->n_spans;
		size_t before = p->n_spans;
		acc_buf *b;
		if (p->n == p->cap) {
			size_t nc = p->cap ? 2 * p->cap : 64;
			acc_buf *np = realloc(p->pages, nc * sizeof(*np));
			if (np == NULL)
				return acc_err_set(err, ACC_ERR, url,
				    "out of memory");
			p->pages = np;
			p->cap = nc;
		}
		b = &p->pages[p->n++];
		memset(b, 0, sizeof(*b));
		b->max = PAGE_MAX;
		snprintf(path, sizeof(path), "/v1/entries?start=%" PRIu64
		    "&end=%" PRIu64, at, to);
		rc = acc_http_request(h, path, NULL, NULL, 0, b, &status, err);
		if (rc == 0 && status != 200)
			rc = http_fail(url, path, status, b, err);
		if (rc == 0)
			rc = parse_page(p, b, at, path, err);
		if (rc == 0 && p->n_spans == before)
			rc = acc_err_set(err, ACC_EVERIFY, url, "%s: no entries "
			    "although the checkpoint covers %" PRIu64, path,
			    to);
		if (rc == 0 && from + p->n_spans > to)
			rc = acc_err_set(err, ACC_EVERIFY, url, "%s: more "
			    "entries than asked for", path);
	}
	return rc;
}

/* The peer's proof from old to n, in the full form mirror.c takes. */
static int
fetch_proof(acc_http *h, const char *url, uint64_t old, uint64_t n,
    const uint8_t old_root[32], acc_log_proof *p, acc_tlog_hash *full,
    size_t *n_full, acc_err *err)
{
	acc_buf b = ACC_BUF_INIT(1u << 16);
	char path[128];
	long status;
	size_t k = 0;
	int rc;

	*n_full = 0;
	snprintf(path, sizeof(path), "/v1/proof/consistency?old=%" PRIu64
	    "&size=%" PRIu64, old, n);
	rc = acc_http_request(h, path, NULL, NULL, 0, &b, &status, err);
	if (rc == 0 && status != 200)
		rc = http_fail(url, path, status, &b, err);
	if (rc == 0)
		rc = acc_log_proof_parse(p, b.data, b.len, path, err);
	if (rc == 0 && (!p->consistency || p->old_size != old ||
	    p->size != n))
		rc = acc_err_set(err, ACC_EVERIFY, url, "%s: a proof of other "
		    "sizes", path);
	if (rc == 0) {
		/* RFC 9162 leaves the old root out when old is 2^k */
		if ((old & (old - 1)) == 0)
			memcpy(full[k++], old_root, ACC_TLOG_HASH);
		memcpy(full + k, p->hashes, p->n * sizeof(full[0]));
		*n_full = k + p->n;
	}
	acc_buf_dispose(&b);
	return rc;
}

struct peers {
	char names[64][65];
	char urls[64][512];
	size_t n;
};

static int
collect_peer(void *ctx, const struct acc_store_peer *p)
{
	struct peers *ps = ctx;

	if (p->url[0] == '\0' || ps->n == 64)
		return 0;
	snprintf(ps->names[ps->n], sizeof(ps->names[0]), "%s", p->name);
	snprintf(ps->urls[ps->n], sizeof(ps->urls[0]), "%s", p->url);
	ps->n++;
	return 0;
}

/* The client for peer name: this node's identity, the peer pinned. */
static int
client_for(acc_workspace *ws, const char *name, const char *url,
    acc_http **out, acc_err *err)
{
	acc_buf cert = ACC_BUF_INIT(1u << 16), key = ACC_BUF_INIT(1u << 16);
	char pin[128], meta[96], vtext[ACC_VKEY_TEXT_MAX];
	acc_vkey vk;
	int rc;

	snprintf(meta, sizeof(meta), "peer.%s.pin", name);
	rc = ws->store->ops->meta_get(ws->store, meta, pin, sizeof(pin), err);
	if (rc == ACC_ENOTFOUND) {
		acc_err_clear(err);
		pin[0] = '\0';
		rc = 0;
	}
	if (rc == 0 && pin[0] == '\0') {
		rc = acc_workspace_trusted_key(ws, name, &vk, err);
		if (rc == 0) {
			acc_vkey_format(vtext, sizeof(vtext), &vk);
			rc = acc_tls_pin(vtext, pin, sizeof(pin), err);
		}
	}
	if (rc == 0)
		rc = acc_workspace_tls_identity(ws, &cert, &key, err);
	if (rc == 0)
		rc = acc_http_new(out, url, cert.data, key.data, pin, err);
	if (key.data)
		acc_wipe(key.data, key.cap);
	acc_buf_dispose(&cert);
	acc_buf_dispose(&key);
	return rc;
}

static int
sync_one(acc_workspace *ws, const char *name, const char *url,
    acc_buf *report, acc_err *err)
{
	acc_buf note = ACC_BUF_INIT(ACC_NOTE_MAX), resp = ACC_BUF_INIT(1u << 16);
	acc_tlog_hash full[ACC_TLOG_PROOF_MAX + 1];
	acc_log_proof *proof = NULL;
	acc_mirror_result res;
	acc_mirror_input in;
	struct pages pages;
	acc_http *h = NULL;
	acc_checkpoint cp;
	acc_vkey pk;
	acc_tlog_hash last_root;
	char cpwhere[600];
	uint64_t m = 0, last = 0, start;
	long status = 0;
	bool delivered = false;
	int rc;

	memset(&pages, 0, sizeof(pages));
	memset(&in, 0, sizeof(in));
	acc_mirror_result_init(&res);
	proof = calloc(1, sizeof(*proof));
	if (proof == NULL) {
		rc = acc_err_set(err, ACC_ERR, name, "out of memory");
		goto done;
	}
	snprintf(cpwhere, sizeof(cpwhere), "%s/v1/checkpoint", url);
	rc = acc_mirror_sizes(ws, name, &m, &last, last_root, err);
	if (rc == 0)
		rc = client_for(ws, name, url, &h, err);
	if (rc == 0)
		rc = acc_http_request(h, "/v1/checkpoint", NULL, NULL, 0, &note,
		    &status, err);
	if (rc == 0 && status == 404) {
		rc = acc_buf_printf(report, "%s: its log is empty\n", name);
		goto done;
	}
	if (rc == 0 && status != 200)
		rc = http_fail(url, "/v1/checkpoint", status, &note, err);
	/* signed by the peer, before anything more is fetched */
	if (rc == 0)
		rc = acc_workspace_trusted_key(ws, name, &pk, err);
	if (rc == 0)
		rc = acc_checkpoint_open(&cp, NULL, note.data, note.len, &pk, 1,
		    cpwhere, err);
	if (rc != 0)
		goto done;
	if (cp.size > m && cp.size - m > SYNC_ENTRIES_MAX) {
		rc = acc_err_set(err, ACC_ELIMIT, name, "%" PRIu64 " new "
		    "entries at once; at most %" PRIu64, cp.size - m,
		    SYNC_ENTRIES_MAX);
		goto done;
	}
	in.note = note.data;
	in.note_len = note.len;
	start = m;
	for (;;) {
		if (cp.size > start) {
			rc = fetch_entries(h, url, start, cp.size, &pages, err);
			if (rc != 0)
				goto done;
		}
		in.start = start;
		in.entries = pages.spans;
		in.n_entries = cp.size > start ? pages.n_spans : 0;
		if (cp.size > m && last > 0 && last < cp.size) {
			if (fetch_proof(h, url, last, cp.size, last_root, proof,
			    full, &in.n_proof, err) == 0) {
				in.proof_old = last;
				in.proof_size = cp.size;
				in.proof = full;
			} else {
				/* no proof: the entries still decide */
				acc_err_clear(err);
				in.n_proof = 0;
			}
		}
		rc = acc_mirror_ingest(ws, name, &in, &res, err);
		if (rc == 0 || !res.need_all || start == 0)
			break;
		/* only the whole log can show whether it forked */
		acc_err_clear(err);
		pages_dispose(&pages);
		start = 0;
	}
	if (rc != 0)
		goto done;
	if (res.cosigned_note.len > 0) {
		rc = acc_http_request(h, "/v1/cosignature",
		    "text/plain; charset=utf-8", res.cosigned_note.data,
		    res.cosigned_note.len, &resp, &status, err);
		if (rc == 0 && status == 200)
			delivered = true;
		else if (rc == 0)
			rc = acc_err_set(err, ACC_ERR, url, "POST /v1/"
			    "cosignature: HTTP %ld: %.200s", status,
			    resp.len ? resp.data : "");
	}
	if (rc == 0)
		rc = acc_buf_printf(report, "%s: mirror at %" PRIu64 " entries "
		    "(%" PRIu64 " new, %" PRIu64 " findings)%s%s\n", name,
		    res.size, res.added, res.findings, res.cosigned ?
		    ", cosigned" : "", delivered ? ", cosignature delivered" :
		    "");
done:
	acc_http_free(h);
	acc_mirror_result_dispose(&res);
	pages_dispose(&pages);
	acc_buf_dispose(&note);
	acc_buf_dispose(&resp);
	free(proof);
	return rc;
}

int
acc_workspace_sync(acc_workspace *ws, const char *name, acc_buf *report,
    acc_err *err)
{
	struct peers *ps;
	struct acc_store_peer p;
	size_t i;
	int rc, first = 0;

	if (name != NULL) {
		rc = ws->store->ops->peer_get(ws->store, name, &p, err);
		if (rc == 0 && p.url[0] == '\0')
			rc = acc_err_set(err, ACC_EINVAL, name, "reached "
			    "through bundles only (no URL)");
		if (rc == 0)
			rc = sync_one(ws, name, p.url, report, err);
		return rc;
	}
	ps = calloc(1, sizeof(*ps));
	if (ps == NULL)
		return acc_err_set(err, ACC_ERR, "sync", "out of memory");
	rc = ws->store->ops->peer_each(ws->store, collect_peer, ps, err);
	/* every peer is tried; the first failure is returned */
	for (i = 0; rc == 0 && i < ps->n; i++) {
		acc_err e = ACC_ERR_INIT;
		int r = sync_one(ws, ps->names[i], ps->urls[i], report, &e);
		if (r != 0) {
			if (acc_buf_printf(report, "%s: %s: %s\n",
			    ps->names[i], e.where, e.msg) != 0)
				r = ACC_ELIMIT;
			if (first == 0) {
				first = r;
				if (err)
					*err = e;
			}
		}
	}
	free(ps);
	return rc != 0 ? rc : first;
}
