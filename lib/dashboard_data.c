/*
 * The dashboard's read-only JSON endpoints (docs/dashboard.md): each
 * gathers what the library already computes (peer status, fork
 * evidence, declarations and their verification, diffs, inspection
 * lists and plans, the negotiation analysis) into one document for one
 * page, so that the pages only draw. Reads the workspace, the files of
 * received/ and the positions files it is given; never writes.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <accord/crypto.h>
#include <accord/declaration.h>
#include <accord/inspect.h>
#include <accord/log.h>
#include <accord/negotiate.h>
#include <accord/witness.h>

#include "csv.h"
#include "dashboard_int.h"
#include "embedded.h"
#include "limits.h"
#include "store.h"
#include "treaty_int.h"
#include "workspace_int.h"

/* Entries one /api/log response lists at most, and by default. */
#define LOG_LIMIT_MAX 500
#define LOG_LIMIT_DEFAULT 50
/* Entries read at a time, walking a log backwards. */
#define LOG_CHUNK 256
/* The largest document a library function formats for an endpoint. */
#define PART_MAX (16u << 20)

/* ---- query parameters ---------------------------------------------------- */

static bool
value_char(char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
	    (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-';
}

int
acc_dash_query_check(const struct acc_dash_ctx *c, const char *const *allowed)
{
	const char *s = c->query;
	bool seen[16] = { false };
	char q[65];

	if (s == NULL || *s == '\0')
		return 0;
	for (;;) {
		const char *amp = strchr(s, '&');
		const char *end = amp ? amp : s + strlen(s);
		const char *eq = memchr(s, '=', (size_t)(end - s));
		size_t i, klen, vlen;

		if (eq == NULL) {
			acc_quote(q, sizeof(q), s, (size_t)(end - s));
			return acc_err_set(c->err, ACC_EINVAL, c->where,
			    "expected name=value, got \"%s\"", q);
		}
		klen = (size_t)(eq - s);
		vlen = (size_t)(end - eq - 1);
		for (i = 0; allowed[i] && i < 16; i++)
			if (strlen(allowed[i]) == klen &&
			    strncmp(allowed[i], s, klen) == 0)
				break;
		if (allowed[i] == NULL || i == 16) {
			acc_quote(q, sizeof(q), s, klen);
			return acc_err_set(c->err, ACC_EINVAL, c->where,
			    "unknown parameter \"%s\"", q);
		}
		if (seen[i])
			return acc_err_set(c->err, ACC_EINVAL, c->where,
			    "parameter \"%s\" given twice", allowed[i]);
		seen[i] = true;
		if (vlen == 0 || vlen > ACC_DASH_VALUE_MAX)
			return acc_err_set(c->err, ACC_EINVAL, c->where,
			    "expected 1 to %d bytes for %s", ACC_DASH_VALUE_MAX,
			    allowed[i]);
		for (i = 0; i < vlen; i++)
			if (!value_char(eq[1 + i])) {
				acc_quote(q, sizeof(q), eq + 1, vlen);
				return acc_err_set(c->err, ACC_EINVAL,
				    c->where, "expected letters, digits, "
				    "'.', '_' or '-', got \"%s\"", q);
			}
		if (amp == NULL)
			return 0;
		s = amp + 1;
	}
}

bool
acc_dash_query_get(const struct acc_dash_ctx *c, const char *name,
    char out[ACC_DASH_VALUE_MAX + 1])
{
	const char *s = c->query;
	size_t n = strlen(name);

	while (s != NULL && *s) {
		const char *amp = strchr(s, '&');
		size_t len = amp ? (size_t)(amp - s) : strlen(s);
		if (len > n && strncmp(s, name, n) == 0 && s[n] == '=' &&
		    len - n - 1 <= ACC_DASH_VALUE_MAX) {
			memcpy(out, s + n + 1, len - n - 1);
			out[len - n - 1] = '\0';
			return true;
		}
		s = amp ? amp + 1 : NULL;
	}
	return false;
}

/* A whole number parameter; *out unchanged when absent. */
static int
query_number(const struct acc_dash_ctx *c, const char *name, uint64_t *out)
{
	char v[ACC_DASH_VALUE_MAX + 1], *end = NULL;
	unsigned long long n;

	if (!acc_dash_query_get(c, name, v))
		return 0;
	n = strtoull(v, &end, 10);
	if (v[0] < '0' || v[0] > '9' || *end != '\0' || strlen(v) > 18 ||
	    (v[0] == '0' && v[1] != '\0'))
		return acc_err_set(c->err, ACC_EINVAL, c->where, "expected a "
		    "whole number for %s, got \"%s\"", name, v);
	*out = (uint64_t)n;
	return 0;
}

/* ---- JSON ---------------------------------------------------------------- */

static int
oom(struct acc_dash_ctx *c)
{
	return acc_err_set(c->err, ACC_ERR, c->where, "out of memory");
}

/* doc (stolen) into the response, compact, with a final newline. */
static int
emit(struct acc_dash_ctx *c, json_t *doc)
{
	char *text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
	int rc = 0;

	if (text == NULL)
		rc = oom(c);
	else if (acc_buf_puts(c->out, text) != 0 ||
	    acc_buf_puts(c->out, "\n") != 0)
		rc = acc_err_set(c->err, ACC_ELIMIT, c->where,
		    "the response is too large");
	free(text);
	json_decref(doc);
	return rc;
}

/* A JSON text a library function formatted, as a value (NULL: bad). */
static json_t *
parse_json(const acc_buf *b)
{
	return json_loadb(b->data ? b->data : "", b->len, 0, NULL);
}

/* {"code": status, "message"} for a part of a page that failed. */
static json_t *
problem(const acc_err *err)
{
	return json_pack("{s:i, s:s, s:s}", "code", acc_api_status(err->code),
	    "where", err->where, "message", err->msg);
}

static json_t *
date_json(acc_date d)
{
	char s[ACC_DATE_LEN];

	if (d == ACC_DATE_NONE)
		return json_null();
	acc_date_format(s, d);
	return json_string(s);
}

/* Standard base64 to base64url without padding, in place. */
static void
to_url(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && s[n - 1] == '=')
		s[--n] = '\0';
	for (; *s; s++)
		*s = *s == '+' ? '-' : *s == '/' ? '_' : *s;
}

/* base64url (padded or not) to standard base64 of 32 bytes: false bad. */
static bool
from_url(char out[64], const char *s)
{
	uint8_t raw[ACC_SHA256_LEN + 4];
	char std[72];
	size_t i, n = 0, len = strlen(s);

	while (len > 0 && s[len - 1] == '=')
		len--;
	if (len > 60)
		return false;
	for (i = 0; i < len; i++)
		std[i] = s[i] == '-' ? '+' : s[i] == '_' ? '/' : s[i];
	while (i % 4 != 0)
		std[i++] = '=';
	std[i] = '\0';
	if (acc_base64_decode(raw, sizeof(raw), &n, std, i, "id", NULL) != 0 ||
	    n != ACC_SHA256_LEN)
		return false;
	acc_base64_encode(out, raw, ACC_SHA256_LEN);
	return true;
}

/* ---- /api/node ----------------------------------------------------------- */

static json_t *
limits_json(const acc_treaty *t)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < acc_treaty_limit_count(t); i++) {
		acc_limit_info l = acc_treaty_limit(t, i);
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:I, s:o}",
		    "id", l.id, "name", l.name ? l.name : l.id, "article",
		    l.article ? l.article : "", "max", (json_int_t)l.max,
		    "applies_from", date_json(l.applies_from)));
	}
	return a;
}

struct peers_ctx {
	struct acc_dash_ctx *c;
	json_t *list;
};

static int
node_peer(void *ctx, const struct acc_store_peer *p)
{
	struct peers_ctx *pc = ctx;
	acc_store *s = pc->c->ws->store;
	uint64_t n = 0;
	int rc = s->ops->log_size(s, p->log, &n, pc->c->err);

	if (rc != 0)
		return rc;
	if (json_array_append_new(pc->list, json_pack("{s:s, s:b, s:I, s:s, "
	    "s:b}", "name", p->name, "own", 0, "entries", (json_int_t)n,
	    "url", p->url, "stopped", p->halted[0] != '\0')) != 0)
		return oom(pc->c);
	return 0;
}

int
acc_dash_api_node(struct acc_dash_ctx *c)
{
	static const char *const none[] = { NULL };
	acc_workspace *ws = c->ws;
	const acc_treaty *t = acc_workspace_treaty(ws);
	struct peers_ctx pc = { c, json_array() };
	json_t *types = json_array(), *pos = json_array(), *doc;
	uint64_t size = 0;
	size_t i;
	int rc = acc_dash_query_check(c, none);

	if (rc == 0 && (pc.list == NULL || types == NULL || pos == NULL))
		rc = oom(c);
	if (rc == 0)
		rc = acc_workspace_log_size(ws, &size, c->err);
	if (rc == 0 && !acc_workspace_is_witness(ws))
		json_array_append_new(pc.list, json_pack("{s:s, s:b, s:I}",
		    "name", acc_workspace_party(ws), "own", 1, "entries",
		    (json_int_t)size));
	if (rc == 0)
		rc = ws->store->ops->peer_each(ws->store, node_peer, &pc,
		    c->err);
	for (i = 0; rc == 0 && i < t->n_ntypes; i++)
		json_array_append_new(types, json_string(t->ntypes[i].e.id));
	for (i = 0; rc == 0 && i < c->n_positions; i++) {
		const char *slash = strrchr(c->positions[i], '/');
		json_array_append_new(pos, json_pack("{s:I, s:s}", "index",
		    (json_int_t)i, "file", slash ? slash + 1 :
		    c->positions[i]));
	}
	if (rc != 0) {
		json_decref(pc.list);
		json_decref(types);
		json_decref(pos);
		return rc;
	}
	doc = json_pack("{s:{s:s, s:s, s:b, s:o, s:o}, s:s, s:s, s:I, s:o, "
	    "s:o}", "treaty", "id", acc_treaty_id(t), "title",
	    acc_treaty_title(t), "illustrative",
	    acc_treaty_is_illustrative(t), "limits", limits_json(t), "types",
	    types, "party", acc_workspace_party(ws), "role",
	    acc_workspace_is_witness(ws) ? "witness" : "party", "log_size",
	    (json_int_t)size, "logs", pc.list, "positions", pos);
	return emit(c, doc);
}

/* ---- /api/log ------------------------------------------------------------ */

/* A log by the name of its party: this node's own, or a peer's mirror. */
static int
log_by_name(struct acc_dash_ctx *c, const char *name, int64_t *log)
{
	struct acc_store_peer p;
	acc_store *s = c->ws->store;
	int rc;

	if (strcmp(name, acc_workspace_party(c->ws)) == 0 &&
	    !acc_workspace_is_witness(c->ws)) {
		*log = ACC_STORE_OWN_LOG;
		return 0;
	}
	memset(&p, 0, sizeof(p));
	rc = s->ops->peer_get(s, name, &p, c->err);
	if (rc == ACC_ENOTFOUND) {
		acc_err_clear(c->err);
		return acc_err_set(c->err, ACC_ENOTFOUND, c->where, "no log "
		    "of %s here: neither this node's party nor a peer", name);
	}
	if (rc == 0)
		*log = p.log;
	return rc;
}

struct maxsize {
	uint64_t max;
	const char *only;       /* this witness's only, when set */
};

static int
max_cosig(void *ctx, uint64_t size, const char *witness, const char *line)
{
	struct maxsize *m = ctx;

	(void)line;
	if (m->only != NULL && strcmp(witness, m->only) != 0)
		return 0;
	if (size > m->max)
		m->max = size;
	return 0;
}

struct findings {
	json_t *by_seq;         /* "seq" -> message */
};

static int
collect_finding(void *ctx, uint64_t seq, const char *msg)
{
	struct findings *f = ctx;
	char key[24];

	snprintf(key, sizeof(key), "%" PRIu64, seq);
	return json_object_set_new(f->by_seq, key, json_string(msg)) == 0 ?
	    0 : ACC_ERR;
}

struct chunk {
	json_t *entries;        /* of one chunk, in log order */
};

static int
collect_entry(void *ctx, uint64_t seq, const char *entry, size_t len)
{
	struct chunk *ch = ctx;
	json_t *e = json_loadb(entry, len, 0, NULL);

	if (e == NULL)
		e = json_pack("{s:s}", "unreadable", "not JSON");
	if (json_array_append_new(ch->entries, json_pack("{s:I, s:o}", "seq",
	    (json_int_t)seq, "entry", e)) != 0)
		return ACC_ERR;
	return 0;
}

int
acc_dash_api_log(struct acc_dash_ctx *c)
{
	static const char *const allowed[] = { "log", "before", "limit",
		"type", NULL };
	acc_store *s = c->ws->store;
	acc_buf note = ACC_BUF_INIT(1u << 16);
	char name[ACC_DASH_VALUE_MAX + 1], type[ACC_DASH_VALUE_MAX + 1];
	struct findings f = { json_object() };
	struct maxsize cos = { 0, NULL };
	json_t *list = json_array(), *doc = NULL;
	uint64_t size = 0, cp = 0, before, limit = LOG_LIMIT_DEFAULT, hi, lo;
	uint64_t oldest = 0;
	int64_t log = 0;
	bool has_type, own, more;
	acc_key key;
	acc_vkey me;
	int rc = acc_dash_query_check(c, allowed);

	if (rc == 0 && (f.by_seq == NULL || list == NULL))
		rc = oom(c);
	if (rc != 0)
		goto done;
	if (!acc_dash_query_get(c, "log", name))
		snprintf(name, sizeof(name), "%s", acc_workspace_party(c->ws));
	has_type = acc_dash_query_get(c, "type", type);
	rc = log_by_name(c, name, &log);
	own = log == ACC_STORE_OWN_LOG;
	if (rc == 0)
		rc = s->ops->log_size(s, log, &size, c->err);
	before = size;
	if (rc == 0)
		rc = query_number(c, "before", &before);
	if (rc == 0)
		rc = query_number(c, "limit", &limit);
	if (rc == 0 && (limit == 0 || limit > LOG_LIMIT_MAX))
		rc = acc_err_set(c->err, ACC_EINVAL, c->where, "expected a "
		    "limit of 1 to %d", LOG_LIMIT_MAX);
	if (rc != 0)
		goto done;
	/* covered by a signed checkpoint: the latest kept of that log */
	rc = s->ops->log_checkpoint_get(s, log, UINT64_MAX, &note, &cp,
	    c->err);
	if (rc == ACC_ENOTFOUND) {
		acc_err_clear(c->err);
		rc = 0;
		cp = 0;
	}
	/* cosigned: by another node (own log), by this node (a mirror) */
	if (rc == 0 && !own) {
		rc = acc_workspace_signing_key(c->ws, &key, &me, c->err);
		acc_key_dispose(&key);
		cos.only = me.name;
	}
	if (rc == 0)
		rc = s->ops->cosig_each(s, log, UINT64_MAX, max_cosig, &cos,
		    c->err);
	if (rc == 0 && !own)
		rc = s->ops->finding_each(s, log, collect_finding, &f, c->err);
	if (rc != 0)
		goto done;
	/* newest first: walk back a chunk at a time */
	hi = before < size ? before : size;
	while (rc == 0 && hi > 0 && json_array_size(list) < limit) {
		struct chunk ch = { json_array() };
		size_t k;
		lo = hi > LOG_CHUNK ? hi - LOG_CHUNK : 0;
		if (ch.entries == NULL) {
			rc = oom(c);
			break;
		}
		rc = s->ops->log_each(s, log, lo, hi, has_type ? type : NULL,
		    collect_entry, &ch, c->err);
		for (k = json_array_size(ch.entries); rc == 0 && k > 0 &&
		    json_array_size(list) < limit; k--) {
			json_t *e = json_array_get(ch.entries, k - 1);
			uint64_t seq = (uint64_t)json_integer_value(
			    json_object_get(e, "seq"));
			char key_s[24];
			snprintf(key_s, sizeof(key_s), "%" PRIu64, seq);
			json_object_set_new(e, "included", json_boolean(seq <
			    cp));
			json_object_set_new(e, "cosigned", json_boolean(seq <
			    cos.max));
			json_object_set(e, "finding", json_object_get(f.by_seq,
			    key_s) ? json_object_get(f.by_seq, key_s) :
			    json_null());
			json_array_append(list, e);
			oldest = seq;
		}
		json_decref(ch.entries);
		hi = lo;
	}
	if (rc != 0)
		goto done;
	/* more before the oldest listed, when the page is full */
	more = json_array_size(list) == limit && oldest > 0;
	doc = json_pack("{s:s, s:b, s:I, s:I, s:I, s:O, s:o}", "log", name,
	    "own", own, "size", (json_int_t)size, "checkpoint",
	    (json_int_t)cp, "cosigned", (json_int_t)cos.max, "entries", list,
	    "next_before", more ? json_integer((json_int_t)oldest) :
	    json_null());
	if (doc != NULL && has_type)
		json_object_set_new(doc, "type", json_string(type));
	rc = emit(c, doc);
done:
	acc_buf_dispose(&note);
	json_decref(list);
	json_decref(f.by_seq);
	return rc;
}

/* ---- /api/witnessing ----------------------------------------------------- */

struct wit {
	struct acc_dash_ctx *c;
	json_t *peers;          /* name -> {checkpoint note, findings} */
	json_t *forks;
	const char *me;
};

struct lines {
	json_t *list;
	const char *only;
};

static int
cosig_line(void *ctx, uint64_t size, const char *witness, const char *line)
{
	struct lines *l = ctx;

	if (l->only != NULL && strcmp(witness, l->only) != 0)
		return 0;
	return json_array_append_new(l->list, json_pack("{s:I, s:s, s:s}",
	    "size", (json_int_t)size, "by", witness, "line", line)) == 0 ?
	    0 : ACC_ERR;
}

static int
finding_line(void *ctx, uint64_t seq, const char *msg)
{
	json_t *a = ctx;

	return json_array_append_new(a, json_pack("{s:I, s:s}", "seq",
	    (json_int_t)seq, "message", msg)) == 0 ? 0 : ACC_ERR;
}

static int
wit_peer(void *ctx, const struct acc_store_peer *p)
{
	struct wit *w = ctx;
	acc_store *s = w->c->ws->store;
	acc_buf note = ACC_BUF_INIT(1u << 16);
	struct lines given = { json_array(), w->me };
	json_t *found = json_array();
	uint64_t cp = 0;
	int rc = s->ops->log_checkpoint_get(s, p->log, UINT64_MAX, &note, &cp,
	    w->c->err);

	if (rc == ACC_ENOTFOUND) {
		acc_err_clear(w->c->err);
		rc = 0;
	}
	if (rc == 0 && cp > 0)
		rc = s->ops->cosig_each(s, p->log, cp, cosig_line, &given,
		    w->c->err);
	if (rc == 0)
		rc = s->ops->finding_each(s, p->log, finding_line, found,
		    w->c->err);
	if (rc == 0 && json_object_set_new(w->peers, p->name, json_pack(
	    "{s:s?, s:O, s:O}", "checkpoint", cp > 0 ? note.data : NULL,
	    "cosignatures_given", given.list, "findings", found)) != 0)
		rc = oom(w->c);
	json_decref(given.list);
	json_decref(found);
	acc_buf_dispose(&note);
	return rc;
}

static int
wit_fork(void *ctx, int64_t id, int64_t log, const char *kind,
    const char *ev, const char *at)
{
	struct wit *w = ctx;
	json_t *e = json_loads(ev, 0, NULL);

	(void)log;
	if (json_array_append_new(w->forks, json_pack("{s:I, s:s, s:s, s:o}",
	    "id", (json_int_t)id, "kind", kind, "found_at", at, "evidence",
	    e ? e : json_null())) != 0)
		return ACC_ERR;
	return 0;
}

int
acc_dash_api_witnessing(struct acc_dash_ctx *c)
{
	static const char *const none[] = { NULL };
	acc_store *s = c->ws->store;
	acc_buf st = ACC_BUF_INIT(PART_MAX), own = ACC_BUF_INIT(1u << 20);
	struct lines received = { json_array(), NULL };
	struct wit w;
	json_t *status = NULL;
	acc_key key;
	acc_vkey me;
	int rc = acc_dash_query_check(c, none);

	memset(&w, 0, sizeof(w));
	w.c = c;
	w.peers = json_object();
	w.forks = json_array();
	if (rc == 0 && (w.peers == NULL || w.forks == NULL ||
	    received.list == NULL))
		rc = oom(c);
	if (rc == 0) {
		rc = acc_workspace_signing_key(c->ws, &key, &me, c->err);
		acc_key_dispose(&key);
		w.me = me.name;
	}
	if (rc == 0)
		rc = acc_workspace_peer_status(c->ws, true, &st, c->err);
	if (rc == 0 && (status = parse_json(&st)) == NULL)
		rc = oom(c);
	if (rc == 0)
		rc = s->ops->peer_each(s, wit_peer, &w, c->err);
	if (rc == 0)
		rc = s->ops->fork_each(s, -1, wit_fork, &w, c->err);
	/* the own latest checkpoint, with the cosignatures it received */
	if (rc == 0 && !acc_workspace_is_witness(c->ws)) {
		rc = acc_workspace_checkpoint_cosigned(c->ws, UINT64_MAX, &own,
		    c->err);
		if (rc == ACC_ENOTFOUND) {
			acc_err_clear(c->err);
			rc = 0;
		}
	}
	if (rc == 0)
		rc = s->ops->cosig_each(s, ACC_STORE_OWN_LOG, UINT64_MAX,
		    cosig_line, &received, c->err);
	if (rc == 0)
		rc = emit(c, json_pack("{s:O, s:s?, s:O, s:O, s:O}", "status",
		    status, "checkpoint", own.len ? own.data : NULL,
		    "cosignatures_received", received.list, "peers", w.peers,
		    "forks", w.forks));
	json_decref(status);
	json_decref(w.peers);
	json_decref(w.forks);
	json_decref(received.list);
	acc_buf_dispose(&st);
	acc_buf_dispose(&own);
	return rc;
}

/* ---- declarations, own and received -------------------------------------- */

struct pkg {
	char party[ACC_ID_MAX + 1];
	char id[64];            /* standard base64 */
	char file[256];         /* in received/, or "" for the store's */
	char log[ACC_ID_MAX + 1];
	int64_t seq;            /* the declaration entry, or -1 */
	char time[32];
	acc_buf text;
	acc_decl *d;            /* parsed from text, or NULL */
	bool checked;
	int verify_rc;
	acc_err problem;
	bool superseded;
};

struct pkgs {
	struct acc_dash_ctx *c;
	struct pkg *v;
	size_t n, cap;
	json_t *logged;         /* peers' declaration entries: id -> info */
	const char *peer;       /* the peer being read */
};

static void
pkgs_dispose(struct pkgs *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		acc_decl_free(p->v[i].d);
		acc_buf_dispose(&p->v[i].text);
	}
	free(p->v);
	json_decref(p->logged);
}

static struct pkg *
pkg_add(struct pkgs *p)
{
	struct pkg *k;

	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		struct pkg *v;
		if (cap > ACC_RECEIVED_MAX * 2)
			return NULL;
		v = realloc(p->v, cap * sizeof(*v));
		if (v == NULL)
			return NULL;
		p->v = v;
		p->cap = cap;
	}
	k = &p->v[p->n++];
	memset(k, 0, sizeof(*k));
	{
		acc_buf b = ACC_BUF_INIT(ACC_INVENTORY_FILE_MAX);
		k->text = b;
	}
	k->seq = -1;
	return k;
}

/* A declaration entry of a log: its id, seq and time. */
static int
decl_entry(const char *entry, size_t len, char id[64], char time[32])
{
	json_t *e = json_loadb(entry, len, 0, NULL);
	const char *i = json_string_value(json_object_get(json_object_get(e,
	    "body"), "id"));
	const char *t = json_string_value(json_object_get(e, "time"));

	if (i == NULL || strlen(i) >= 64) {
		json_decref(e);
		return ACC_EINVAL;
	}
	snprintf(id, 64, "%s", i);
	snprintf(time, 32, "%s", t ? t : "");
	json_decref(e);
	return 0;
}

static int
own_decl(void *ctx, uint64_t seq, const char *entry, size_t len)
{
	struct pkgs *p = ctx;
	acc_store *s = p->c->ws->store;
	struct acc_stored_decl sd;
	char id[64], time[32];
	struct pkg *k;
	int rc;

	if (decl_entry(entry, len, id, time) != 0)
		return 0;
	k = pkg_add(p);
	if (k == NULL)
		return oom(p->c);
	snprintf(k->id, sizeof(k->id), "%s", id);
	snprintf(k->time, sizeof(k->time), "%s", time);
	snprintf(k->party, sizeof(k->party), "%s",
	    acc_workspace_party(p->c->ws));
	snprintf(k->log, sizeof(k->log), "%s", k->party);
	k->seq = (int64_t)seq;
	memset(&sd, 0, sizeof(sd));
	rc = s->ops->decl_get(s, id, NULL, NULL, &sd, p->c->err);
	if (rc == 0 && acc_buf_append(&k->text, sd.package,
	    sd.package_len) != 0)
		rc = oom(p->c);
	acc_stored_decl_dispose(&sd);
	if (rc == ACC_ENOTFOUND) {
		acc_err_clear(p->c->err);
		rc = 0;
	}
	return rc;
}

static int
peer_decl(void *ctx, uint64_t seq, const char *entry, size_t len)
{
	struct pkgs *p = ctx;
	char id[64], time[32];

	if (decl_entry(entry, len, id, time) != 0)
		return 0;
	if (json_object_set_new(p->logged, id, json_pack("{s:s, s:I, s:s}",
	    "log", p->peer, "seq", (json_int_t)seq, "time", time)) != 0)
		return oom(p->c);
	return 0;
}

static int
peer_decls(void *ctx, const struct acc_store_peer *peer)
{
	struct pkgs *p = ctx;
	acc_store *s = p->c->ws->store;

	p->peer = peer->name;
	return s->ops->log_each(s, peer->log, 0, UINT64_MAX, "declaration",
	    peer_decl, p, p->c->err);
}

static int
received_decl(void *ctx, const char *file, const char *text, size_t len)
{
	struct pkgs *p = ctx;
	struct pkg *k = pkg_add(p);
	acc_err err = ACC_ERR_INIT;
	json_t *at;

	if (k == NULL)
		return oom(p->c);
	snprintf(k->file, sizeof(k->file), "%s", file);
	if (acc_buf_append(&k->text, text, len) != 0)
		return oom(p->c);
	if (acc_decl_parse(&k->d, k->text.data, k->text.len, file, &err) !=
	    0) {
		k->checked = true;
		k->verify_rc = err.code;
		k->problem = err;
		return 0;
	}
	snprintf(k->party, sizeof(k->party), "%s", acc_decl_party(k->d));
	acc_base64_encode(k->id, acc_decl_id(k->d), ACC_SHA256_LEN);
	at = json_object_get(p->logged, k->id);
	if (at != NULL) {
		snprintf(k->log, sizeof(k->log), "%s",
		    json_string_value(json_object_get(at, "log")));
		k->seq = json_integer_value(json_object_get(at, "seq"));
		snprintf(k->time, sizeof(k->time), "%s",
		    json_string_value(json_object_get(at, "time")));
	}
	return 0;
}

static int
pkg_cmp(const void *a, const void *b)
{
	const struct pkg *x = a, *y = b;
	int r = strcmp(x->party, y->party);
	char dx[ACC_DATE_LEN] = "", dy[ACC_DATE_LEN] = "";

	if (r != 0)
		return r;
	if (x->d)
		acc_date_format(dx, acc_decl_as_of(x->d));
	if (y->d)
		acc_date_format(dy, acc_decl_as_of(y->d));
	r = strcmp(dx, dy);
	if (r != 0)
		return r;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * Every declaration this node holds: its own (from its log and store)
 * and those received (received/), parsed, sorted by party and date, and
 * verified when `verify`: against this node's own key, or the key it
 * trusts for the party.
 */
static int
pkgs_load(struct pkgs *p, struct acc_dash_ctx *c, bool verify)
{
	acc_store *s = c->ws->store;
	size_t i, j;
	int rc = 0;

	memset(p, 0, sizeof(*p));
	p->c = c;
	p->logged = json_object();
	if (p->logged == NULL)
		return oom(c);
	if (!acc_workspace_is_witness(c->ws))
		rc = s->ops->log_each(s, ACC_STORE_OWN_LOG, 0, UINT64_MAX,
		    "declaration", own_decl, p, c->err);
	for (i = 0; rc == 0 && i < p->n; i++) {
		acc_err err = ACC_ERR_INIT;
		struct pkg *k = &p->v[i];
		if (k->text.len == 0 || acc_decl_parse(&k->d, k->text.data,
		    k->text.len, k->id, &err) != 0) {
			k->checked = true;
			k->verify_rc = k->text.len ? err.code : ACC_ENOTFOUND;
			k->problem = err;
		}
	}
	if (rc == 0)
		rc = s->ops->peer_each(s, peer_decls, p, c->err);
	if (rc == 0)
		rc = acc_workspace_received_each(c->ws, received_decl, p,
		    c->err);
	if (rc != 0)
		return rc;
	if (p->n > 1)
		qsort(p->v, p->n, sizeof(*p->v), pkg_cmp);
	for (i = 0; i < p->n; i++) {
		struct pkg *k = &p->v[i];
		const uint8_t *sup = k->d ? acc_decl_supersedes(k->d) : NULL;
		char sid[64];
		if (sup == NULL)
			continue;
		acc_base64_encode(sid, sup, ACC_SHA256_LEN);
		for (j = 0; j < p->n; j++)
			if (strcmp(p->v[j].id, sid) == 0)
				p->v[j].superseded = true;
	}
	for (i = 0; verify && i < p->n; i++) {
		struct pkg *k = &p->v[i];
		acc_vkey key;
		if (k->checked || k->d == NULL)
			continue;
		k->checked = true;
		k->verify_rc = acc_workspace_trusted_key(c->ws, k->party, &key,
		    &k->problem);
		if (k->verify_rc == 0)
			k->verify_rc = acc_decl_verify(k->d,
			    acc_workspace_treaty(c->ws), &key, &k->problem);
	}
	return 0;
}

/* The package with this (standard base64) id, or NULL. */
static struct pkg *
pkg_find(struct pkgs *p, const char *id)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->v[i].d != NULL && strcmp(p->v[i].id, id) == 0)
			return &p->v[i];
	return NULL;
}

static json_t *
totals_json(const acc_decl *d)
{
	json_t *o = json_object();
	size_t i;

	for (i = 0; o && i < acc_decl_total_count(d); i++)
		json_object_set_new(o, acc_decl_total_id(d, i), json_integer(
		    (json_int_t)acc_decl_total(d, i)));
	return o;
}

static json_t *
pkg_json(const struct pkg *k, bool with_status)
{
	char url[64], sup[64] = "";
	json_t *o;

	snprintf(url, sizeof(url), "%s", k->id);
	to_url(url);
	if (k->d && acc_decl_supersedes(k->d))
		acc_base64_encode(sup, acc_decl_supersedes(k->d),
		    ACC_SHA256_LEN);
	o = json_pack("{s:s, s:s, s:s, s:s?, s:o, s:o}", "id", k->id,
	    "id_url", url, "party", k->party, "file", k->file[0] ? k->file :
	    NULL, "source", json_string(k->file[0] ? "received" : "own"),
	    "log", k->seq >= 0 ? json_pack("{s:s, s:I, s:s}", "name", k->log,
	    "seq", (json_int_t)k->seq, "time", k->time) : json_null());
	if (o == NULL)
		return NULL;
	if (k->d != NULL) {
		json_object_set_new(o, "as_of", date_json(acc_decl_as_of(
		    k->d)));
		json_object_set_new(o, "mode", json_string(
		    acc_decl_is_escrow(k->d) ? "escrow" : "full"));
		json_object_set_new(o, "leaves", json_integer((json_int_t)
		    acc_decl_leaves(k->d)));
		json_object_set_new(o, "totals", totals_json(k->d));
		json_object_set_new(o, "supersedes", sup[0] ? json_string(sup) :
		    json_null());
		json_object_set_new(o, "superseded", json_boolean(
		    k->superseded));
	}
	if (with_status) {
		json_object_set_new(o, "verified", json_boolean(k->checked &&
		    k->verify_rc == 0));
		json_object_set_new(o, "problem", k->checked && k->verify_rc !=
		    0 ? problem(&k->problem) : json_null());
	}
	return o;
}

/* The previous full declaration of k's party before index i, or NULL. */
static const struct pkg *
pkg_previous(const struct pkgs *p, size_t i)
{
	const struct pkg *k = &p->v[i];

	while (i-- > 0) {
		const struct pkg *q = &p->v[i];
		if (strcmp(q->party, k->party) != 0)
			break;
		if (q->d != NULL && !acc_decl_is_escrow(q->d) &&
		    !q->superseded)
			return q;
	}
	return NULL;
}

int
acc_dash_api_declarations(struct acc_dash_ctx *c)
{
	static const char *const none[] = { NULL };
	struct pkgs p;
	json_t *list = json_array(), *logged;
	const char *id;
	json_t *v;
	size_t i;
	int rc = acc_dash_query_check(c, none);

	if (rc != 0 || list == NULL) {
		json_decref(list);
		return rc != 0 ? rc : oom(c);
	}
	rc = pkgs_load(&p, c, true);
	for (i = 0; rc == 0 && i < p.n; i++) {
		const struct pkg *prev = pkg_previous(&p, i);
		json_t *o = pkg_json(&p.v[i], true);
		char url[64];
		if (o == NULL) {
			rc = oom(c);
			break;
		}
		if (prev != NULL && p.v[i].d != NULL &&
		    !acc_decl_is_escrow(p.v[i].d)) {
			snprintf(url, sizeof(url), "%s", prev->id);
			to_url(url);
			json_object_set_new(o, "previous", json_string(url));
		} else {
			json_object_set_new(o, "previous", json_null());
		}
		json_array_append_new(list, o);
	}
	/* what a peer logged that this node holds no package of */
	logged = json_array();
	json_object_foreach(p.logged, id, v) {
		if (rc != 0 || logged == NULL)
			break;
		if (pkg_find(&p, id) == NULL)
			json_array_append_new(logged, json_pack("{s:s, s:O}",
			    "id", id, "log", v));
	}
	if (rc == 0)
		rc = emit(c, json_pack("{s:O, s:o}", "declarations", list,
		    "not_received", logged ? logged : json_array()));
	else
		json_decref(logged);
	json_decref(list);
	pkgs_dispose(&p);
	return rc;
}

int
acc_dash_api_diff(struct acc_dash_ctx *c)
{
	static const char *const allowed[] = { "from", "to", NULL };
	char a_url[ACC_DASH_VALUE_MAX + 1], b_url[ACC_DASH_VALUE_MAX + 1];
	char a_id[64], b_id[64];
	acc_buf out = ACC_BUF_INIT(PART_MAX);
	struct pkg *a, *b;
	struct pkgs p;
	size_t n = 0;
	json_t *diff;
	int rc = acc_dash_query_check(c, allowed);

	if (rc != 0)
		return rc;
	if (!acc_dash_query_get(c, "from", a_url) ||
	    !acc_dash_query_get(c, "to", b_url))
		return acc_err_set(c->err, ACC_EINVAL, c->where, "expected "
		    "from=ID&to=ID (base64url declaration ids)");
	if (!from_url(a_id, a_url) || !from_url(b_id, b_url))
		return acc_err_set(c->err, ACC_EINVAL, c->where, "expected "
		    "declaration ids: base64url of 32 bytes");
	rc = pkgs_load(&p, c, false);
	if (rc == 0) {
		a = pkg_find(&p, a_id);
		b = pkg_find(&p, b_id);
		if (a == NULL || b == NULL)
			rc = acc_err_set(c->err, ACC_ENOTFOUND, c->where,
			    "no declaration %s here", a ? b_id : a_id);
		else
			rc = acc_decl_diff(&out, a->d, b->d, ACC_FORMAT_JSON,
			    &n, c->err);
	}
	if (rc == 0) {
		diff = parse_json(&out);
		rc = diff ? emit(c, json_pack("{s:s, s:s, s:I, s:o}", "from",
		    a_id, "to", b_id, "differences", (json_int_t)n, "diff",
		    diff)) : oom(c);
	}
	acc_buf_dispose(&out);
	pkgs_dispose(&p);
	return rc;
}

/* ---- /api/compliance ----------------------------------------------------- */

static const struct acc_embedded_file *
embedded(const char *name)
{
	size_t i;

	for (i = 0; i < acc_embedded_count; i++)
		if (strcmp(acc_embedded[i].name, name) == 0)
			return &acc_embedded[i];
	return NULL;
}

/* A whole number of a CSV field; false when it is none. */
static bool
csv_int(const char *s, int64_t *out)
{
	char *end = NULL;
	long long v;

	if (*s < '0' || *s > '9')
		return false;
	v = strtoll(s, &end, 10);
	if (*end != '\0')
		return false;
	*out = v;
	return true;
}

/*
 * The official New START aggregates (data/samples/newstart-aggregates.csv,
 * compiled in), for the limits of t they name: rows of as_of, party,
 * totals and note; NULL when t has none of those limits.
 */
static json_t *
official_json(const acc_treaty *t, acc_err *err)
{
	const struct acc_embedded_file *f = embedded(
	    "data/newstart-aggregates.csv");
	json_t *rows = json_array(), *cols = json_array(), *doc = NULL;
	int col_limit[64];
	size_t n_cols = 0, i, matched = 0;
	acc_csv csv;
	uint32_t line;
	int r;

	if (f == NULL || rows == NULL || cols == NULL)
		goto done;
	acc_csv_init(&csv, (const char *)f->data, f->len,
	    "newstart-aggregates.csv");
	r = acc_csv_next(&csv, &line, err);
	if (r == 1) {
		n_cols = csv.n_fields;
		for (i = 0; i < n_cols && i < 64; i++) {
			col_limit[i] = acc_treaty_limit_find(t, csv.fields[i]);
			if (col_limit[i] >= 0) {
				json_array_append_new(cols,
				    json_string(csv.fields[i]));
				matched++;
			}
		}
	}
	while (r == 1 && matched > 0 &&
	    (r = acc_csv_next(&csv, &line, err)) == 1) {
		json_t *tot = json_object();
		const char *note = "";
		int64_t v;
		if (csv.n_fields != n_cols || n_cols < 2)
			continue;
		for (i = 2; i < n_cols && i < 64; i++) {
			if (col_limit[i] >= 0 && csv_int(csv.fields[i], &v))
				json_object_set_new(tot, acc_treaty_limit(t,
				    (size_t)col_limit[i]).id,
				    json_integer((json_int_t)v));
			else if (col_limit[i] < 0 && strcmp(csv.fields[i],
			    "") != 0)
				note = csv.fields[i];
		}
		json_array_append_new(rows, json_pack("{s:s, s:s, s:o, s:s}",
		    "as_of", csv.fields[0], "party", csv.fields[1], "totals",
		    tot, "note", note));
	}
	acc_csv_dispose(&csv);
	if (matched > 0)
		doc = json_pack("{s:s, s:O, s:O}", "source", "US Department of "
		    "State, New START Treaty Aggregate Numbers of Strategic "
		    "Offensive Arms (fact sheets, 2011-2023)", "limits", cols,
		    "rows", rows);
done:
	json_decref(rows);
	json_decref(cols);
	acc_err_clear(err);
	return doc;
}

int
acc_dash_api_compliance(struct acc_dash_ctx *c)
{
	static const char *const none[] = { NULL };
	const acc_treaty *t = acc_workspace_treaty(c->ws);
	size_t nl = acc_treaty_limit_count(t), i, l;
	json_t *series = json_object(), *current = json_object(), *off;
	struct pkgs p;
	int rc = acc_dash_query_check(c, none);

	if (rc == 0 && (series == NULL || current == NULL))
		rc = oom(c);
	if (rc == 0)
		rc = pkgs_load(&p, c, false);
	else
		memset(&p, 0, sizeof(p));
	for (i = 0; rc == 0 && i < p.n; i++) {
		const struct pkg *k = &p.v[i], *next = i + 1 < p.n ?
		    &p.v[i + 1] : NULL;
		json_t *pts, *pt, *margins;
		if (k->d == NULL || k->superseded)
			continue;
		/* one point a date: the full declaration when both exist */
		if (next != NULL && next->d != NULL && !next->superseded &&
		    strcmp(next->party, k->party) == 0 &&
		    acc_decl_as_of(next->d) == acc_decl_as_of(k->d) &&
		    (acc_decl_is_escrow(k->d) || !acc_decl_is_escrow(next->d)))
			continue;
		pts = json_object_get(series, k->party);
		if (pts == NULL) {
			pts = json_array();
			json_object_set_new(series, k->party, pts);
		}
		margins = json_object();
		for (l = 0; l < nl; l++) {
			acc_limit_info li = acc_treaty_limit(t, l);
			size_t d;
			for (d = 0; d < acc_decl_total_count(k->d); d++)
				if (strcmp(acc_decl_total_id(k->d, d),
				    li.id) == 0)
					json_object_set_new(margins, li.id,
					    json_integer((json_int_t)(li.max -
					    acc_decl_total(k->d, d))));
		}
		pt = pkg_json(k, false);
		json_object_set_new(pt, "margins", margins);
		json_array_append(pts, pt);
		json_object_set(current, k->party, pt);
		json_decref(pt);
	}
	if (rc == 0) {
		off = official_json(t, c->err);
		rc = emit(c, json_pack("{s:s, s:s, s:o, s:O, s:O, s:o}",
		    "treaty", acc_treaty_id(t), "party",
		    acc_workspace_party(c->ws), "limits", limits_json(t),
		    "series", series, "current", current, "official",
		    off ? off : json_null()));
	}
	json_decref(series);
	json_decref(current);
	pkgs_dispose(&p);
	return rc;
}

/* ---- /api/inspections ---------------------------------------------------- */

int
acc_dash_api_inspections(struct acc_dash_ctx *c)
{
	static const char *const none[] = { NULL };
	acc_buf b = ACC_BUF_INIT(PART_MAX);
	json_t *list = NULL, *plans = json_object(), *checks = json_object();
	json_t *insp;
	struct pkgs p;
	size_t i, j, n;
	int rc = acc_dash_query_check(c, none);

	memset(&p, 0, sizeof(p));
	if (rc == 0 && (plans == NULL || checks == NULL))
		rc = oom(c);
	if (rc == 0)
		rc = acc_inspect_print_list(c->ws, ACC_FORMAT_JSON, &b, c->err);
	if (rc == 0 && (list = parse_json(&b)) == NULL)
		rc = oom(c);
	if (rc == 0)
		rc = pkgs_load(&p, c, false);
	insp = json_object_get(list, "inspections");
	for (i = 0; rc == 0 && i < json_array_size(insp); i++) {
		json_t *o = json_array_get(insp, i);
		const char *id = json_string_value(json_object_get(o, "id"));
		const char *host = json_string_value(json_object_get(o,
		    "host"));
		acc_err err = ACC_ERR_INIT;
		json_t *v = NULL;
		if (id == NULL || host == NULL)
			continue;
		acc_buf_reset(&b);
		if (acc_inspect_print_plan(c->ws, id, ACC_FORMAT_JSON, &b, &n,
		    &err) == 0)
			v = parse_json(&b);
		json_object_set_new(plans, id, v ? v : problem(&err));
		if (json_integer_value(json_object_get(o, "findings")) == 0)
			continue;
		/*
		 * The findings against the host's declaration: the one the
		 * host logged last before joining, which the check finds
		 * among those held (latest first).
		 */
		v = NULL;
		acc_err_clear(&err);
		(void)acc_err_set(&err, ACC_ENOTFOUND, id, "no declaration "
		    "of %s is held here (accord verify --keep)", host);
		for (j = p.n; v == NULL && j > 0; j--) {
			struct pkg *k = &p.v[j - 1];
			acc_err e2 = ACC_ERR_INIT;
			char url[64];
			if (k->d == NULL || strcmp(k->party, host) != 0)
				continue;
			acc_buf_reset(&b);
			if (acc_inspect_print_verify(c->ws, id, k->d, NULL,
			    NULL, 0, ACC_FORMAT_JSON, &b, &n, &e2) != 0) {
				if (err.code == ACC_ENOTFOUND)
					err = e2;
				continue;
			}
			v = parse_json(&b);
			snprintf(url, sizeof(url), "%s", k->id);
			to_url(url);
			if (v != NULL)
				v = json_pack("{s:o, s:s, s:I}", "result", v,
				    "declaration", url, "discrepancies",
				    (json_int_t)n);
		}
		json_object_set_new(checks, id, v ? v : problem(&err));
	}
	if (rc == 0)
		rc = emit(c, json_pack("{s:O, s:O, s:O}", "list", list, "plans",
		    plans, "checks", checks));
	json_decref(list);
	json_decref(plans);
	json_decref(checks);
	acc_buf_dispose(&b);
	pkgs_dispose(&p);
	return rc;
}

/* ---- /api/negotiation ---------------------------------------------------- */

int
acc_dash_api_negotiation(struct acc_dash_ctx *c)
{
	static const char *const allowed[] = { "positions", NULL };
	acc_buf out = ACC_BUF_INIT(PART_MAX);
	acc_positions *p = NULL;
	acc_negotiation *g = NULL;
	acc_inventory *inv[2] = { NULL, NULL };
	uint64_t index = 0;
	json_t *doc;
	const char *slash;
	size_t i;
	int rc = acc_dash_query_check(c, allowed);

	if (rc == 0)
		rc = query_number(c, "positions", &index);
	if (rc != 0)
		return rc;
	if (index >= c->n_positions)
		return c->n_positions > 0 ? acc_err_set(c->err, ACC_ENOTFOUND,
		    c->where, "no positions file %" PRIu64 " (0 to %zu)",
		    index, c->n_positions - 1) : acc_err_set(c->err,
		    ACC_ENOTFOUND, c->where, "no positions file was given "
		    "(accord serve --positions FILE)");
	rc = acc_positions_load(&p, c->positions[index], c->err);
	/* as accord negotiate does: the estimates the positions name */
	for (i = 0; rc == 0 && i < 2; i++)
		if (acc_positions_holdings(p, i) != NULL)
			rc = acc_estimates_load(&inv[i],
			    acc_positions_treaty(p), acc_positions_holdings(p,
			    i), c->err);
	if (rc == 0)
		rc = acc_negotiation_solve(&g, p, c->err);
	if (rc == 0)
		rc = acc_negotiation_requirements(g,
		    (const acc_inventory *const *)inv, c->err);
	if (rc == 0)
		rc = acc_negotiation_format(&out, g, ACC_FORMAT_JSON, c->err);
	if (rc == 0) {
		doc = parse_json(&out);
		slash = strrchr(c->positions[index], '/');
		rc = doc ? emit(c, json_pack("{s:I, s:s, s:o}", "index",
		    (json_int_t)index, "file", slash ? slash + 1 :
		    c->positions[index], "analysis", doc)) : oom(c);
	}
	acc_negotiation_free(g);
	acc_inventory_free(inv[0]);
	acc_inventory_free(inv[1]);
	acc_positions_free(p);
	acc_buf_dispose(&out);
	return rc;
}

/* ---- /api/context -------------------------------------------------------- */

/*
 * The world's nuclear inventories (data/context/world-inventories.csv,
 * compiled in: year, country, warheads, source), per year: the world's
 * total, each country's, the rest, and the share of the two parties
 * New START bound, in tenths of a per cent, rounded half up.
 */
int
acc_dash_api_context(struct acc_dash_ctx *c)
{
	static const char *const none[] = { NULL };
	const struct acc_embedded_file *f = embedded(
	    "data/world-inventories.csv");
	json_t *years = json_object(), *out = json_array();
	acc_csv csv;
	uint32_t line;
	const char *k;
	json_t *y;
	int r, rc = acc_dash_query_check(c, none);

	if (rc == 0 && (f == NULL || years == NULL || out == NULL))
		rc = f == NULL ? acc_err_set(c->err, ACC_ENOTFOUND, c->where,
		    "this build has no world inventories") : oom(c);
	if (rc != 0) {
		json_decref(years);
		json_decref(out);
		return rc;
	}
	acc_csv_init(&csv, (const char *)f->data, f->len,
	    "world-inventories.csv");
	r = acc_csv_next(&csv, &line, c->err);  /* the header */
	while (r == 1 && (r = acc_csv_next(&csv, &line, c->err)) == 1) {
		int64_t n;
		if (csv.n_fields != 4 || !csv_int(csv.fields[2], &n))
			continue;
		y = json_object_get(years, csv.fields[0]);
		if (y == NULL) {
			y = json_pack("{s:s, s:I, s:[]}", "year", csv.fields[0],
			    "world", (json_int_t)0, "countries");
			json_object_set_new(years, csv.fields[0], y);
		}
		if (strcmp(csv.fields[1], "world") == 0) {
			json_object_set_new(y, "world", json_integer(n));
			json_object_set_new(y, "source", json_string(
			    csv.fields[3]));
		} else {
			json_array_append_new(json_object_get(y, "countries"),
			    json_pack("{s:s, s:I, s:s}", "country",
			    csv.fields[1], "warheads", (json_int_t)n, "source",
			    csv.fields[3]));
		}
	}
	acc_csv_dispose(&csv);
	if (r < 0)
		rc = r;
	json_object_foreach(years, k, y) {
		json_t *cs = json_object_get(y, "countries");
		int64_t world = json_integer_value(json_object_get(y, "world"));
		int64_t named = 0, pair = 0, tenths;
		size_t i;
		char share[16];
		for (i = 0; i < json_array_size(cs); i++) {
			json_t *e = json_array_get(cs, i);
			const char *who = json_string_value(json_object_get(e,
			    "country"));
			int64_t w = json_integer_value(json_object_get(e,
			    "warheads"));
			named += w;
			if (strcmp(who, "US") == 0 || strcmp(who, "RU") == 0)
				pair += w;
		}
		if (world <= 0)
			continue;
		tenths = (pair * 2000 / world + 1) / 2;
		snprintf(share, sizeof(share), "%" PRId64 ".%" PRId64,
		    tenths / 10, tenths % 10);
		json_object_set_new(y, "others", json_integer(world - named));
		json_object_set_new(y, "share_us_ru", json_string(share));
		json_array_append(out, y);
	}
	if (rc == 0)
		rc = emit(c, json_pack("{s:O}", "years", out));
	json_decref(years);
	json_decref(out);
	return rc;
}
