/*
 * Inspections (see inspect.h): the steps each party logs, the selection
 * recomputed from both logs, and the findings checked against the host's
 * declaration. The per-log rules (quotas, dates, one commitment and one
 * reveal per party, a reveal matching its commitment) are the
 * notification checks of notify.c; what needs both logs is here.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <accord/crypto.h>
#include <accord/inspect.h>
#include <accord/log.h>

#include "inspect.h"
#include "notify.h"
#include "store.h"
#include "treaty_int.h"
#include "workspace_int.h"

#define SECRETS_DIR "keys/inspections"

/* ---- what one log says about an inspection ------------------------------ */

struct ilog {
	char party[65];
	int64_t log;            /* the store's id of the log */
	bool found;             /* any step of the inspection */
	json_t *open;           /* bodies, or NULL */
	json_t *commit;
	json_t *reveal;
	json_t *findings;       /* array of bodies */
	uint64_t open_seq, commit_seq, reveal_seq;
	char decl[64];          /* the last declaration before the commit */
	uint64_t decl_seq;      /* its entry, +1 (0: none) */
	/* while scanning */
	const char *id;
	char cur_decl[64];
	uint64_t cur_decl_seq;
	acc_err *err;
};

static void
ilog_dispose(struct ilog *l)
{
	json_decref(l->open);
	json_decref(l->commit);
	json_decref(l->reveal);
	json_decref(l->findings);
	memset(l, 0, sizeof(*l));
}

static const char *
sval(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static int
scan_entry(void *ctx, uint64_t seq, const char *entry, size_t len)
{
	struct ilog *l = ctx;
	json_t *e, *body;
	const char *type, *id;

	/* most entries are neither: skip them unparsed */
	if (memmem(entry, len, "\"type\":\"inspection.", 19) == NULL &&
	    memmem(entry, len, "\"type\":\"declaration\"", 20) == NULL)
		return 0;
	e = json_loadb(entry, len, 0, NULL);
	if (e == NULL)
		return acc_err_set(l->err, ACC_EVERIFY, "log", "entry %" PRIu64
		    " of %s is not JSON", seq, l->party);
	type = sval(e, "type");
	body = json_object_get(e, "body");
	id = sval(body, "id");
	if (type && id && strcmp(type, "declaration") == 0) {
		snprintf(l->cur_decl, sizeof(l->cur_decl), "%s", id);
		l->cur_decl_seq = seq + 1;
	} else if (type && id && strcmp(id, l->id) == 0) {
		json_t **slot = NULL;
		uint64_t *sq = NULL;
		if (strcmp(type, "inspection.open") == 0) {
			slot = &l->open;
			sq = &l->open_seq;
		} else if (strcmp(type, "inspection.commit") == 0) {
			slot = &l->commit;
			sq = &l->commit_seq;
			snprintf(l->decl, sizeof(l->decl), "%s", l->cur_decl);
			l->decl_seq = l->cur_decl_seq;
		} else if (strcmp(type, "inspection.reveal") == 0) {
			slot = &l->reveal;
			sq = &l->reveal_seq;
		} else if (strcmp(type, "inspection.finding") == 0) {
			if (l->findings == NULL)
				l->findings = json_array();
			if (l->findings)
				json_array_append(l->findings, body);
			l->found = true;
		}
		/* the first of each step counts (the checks refuse a second) */
		if (slot && *slot == NULL) {
			*slot = json_incref(body);
			*sq = seq;
			l->found = true;
		}
	}
	json_decref(e);
	return 0;
}

/* Scan log `log` of store s (party's) for inspection id. */
static int
scan(acc_store *s, int64_t log, const char *party, const char *id,
    struct ilog *l, acc_err *err)
{
	memset(l, 0, sizeof(*l));
	snprintf(l->party, sizeof(l->party), "%s", party);
	l->log = log;
	l->id = id;
	l->err = err;
	return s->ops->log_each(s, log, 0, UINT64_MAX, NULL, scan_entry, l,
	    err);
}

/* The id of the mirror of party's log; ACC_ENOTFOUND when none. */
static int
mirror_of(acc_workspace *ws, const char *party, int64_t *log, acc_err *err)
{
	char origin[300];
	int rc;

	snprintf(origin, sizeof(origin), "accord/%s/%s", ws->treaty->id, party);
	rc = ws->store->ops->log_find(ws->store, origin, false, log, err);
	if (rc == ACC_ENOTFOUND) {
		acc_err_clear(err);
		return acc_err_set(err, ACC_ENOTFOUND, party, "this node holds "
		    "no copy of %s's log: add it as a peer and sync (or "
		    "import its bundle) first", party);
	}
	return rc;
}

/*
 * The inspection's two logs as ws sees them: its own and its mirror of
 * the other party's. *a is the inspecting party's, *b the host's.
 */
static int
gather(acc_workspace *ws, const char *id, struct ilog *a, struct ilog *b,
    acc_err *err)
{
	struct ilog own;
	const char *other = NULL;
	int64_t log;
	size_t i;
	int rc = scan(ws->store, ACC_STORE_OWN_LOG, ws->party, id, &own, err);

	memset(a, 0, sizeof(*a));
	memset(b, 0, sizeof(*b));
	if (rc != 0) {
		ilog_dispose(&own);
		return rc;
	}
	if (own.open)
		other = sval(own.open, "host");
	if (other == NULL) {
		/* hosting, or not yet joined: the inspecting party's mirror */
		const acc_treaty *t = ws->treaty;
		for (i = 0; i < t->n_parties && other == NULL; i++) {
			struct ilog m;
			const char *p = t->parties[i].id;
			if (strcmp(p, ws->party) == 0)
				continue;
			if (mirror_of(ws, p, &log, err) != 0) {
				acc_err_clear(err);
				continue;
			}
			rc = scan(ws->store, log, p, id, &m, err);
			if (rc == 0 && m.open && strcmp(sval(m.open, "host") ?
			    sval(m.open, "host") : "", ws->party) == 0) {
				*a = m;
				*b = own;
				return 0;
			}
			ilog_dispose(&m);
			if (rc != 0)
				break;
		}
		ilog_dispose(&own);
		if (rc != 0)
			return rc;
		return acc_err_set(err, ACC_ENOTFOUND, id, "no inspection %s of "
		    "%s in this node's log or its copies of the other parties' "
		    "logs (sync with the inspecting party first)", id,
		    ws->party);
	}
	*a = own;
	rc = mirror_of(ws, other, &log, err);
	if (rc == 0)
		rc = scan(ws->store, log, other, id, b, err);
	else if (rc == ACC_ENOTFOUND) {
		/* the host's log is not here yet: the inspection is opened */
		acc_err_clear(err);
		snprintf(b->party, sizeof(b->party), "%s", other);
		rc = 0;
	}
	if (rc != 0) {
		ilog_dispose(a);
		ilog_dispose(b);
	}
	return rc;
}

/* ---- the selection ------------------------------------------------------ */

static int
cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

int
acc_inspect_select(const uint8_t seed[ACC_SHA256_LEN], json_t *candidates,
    const char *site, size_t draws, json_t **out, acc_err *err)
{
	const char **sites = NULL;
	const char *key;
	json_t *v, *list, *items = NULL;
	uint32_t *idx = NULL, k = 0;
	size_t n = 0, i, m;
	bool drawn = site == NULL;
	int rc = 0;

	*out = NULL;
	if (!json_is_object(candidates) || json_object_size(candidates) == 0)
		return acc_err_set(err, ACC_EINVAL, "candidates",
		    "expected sites with their items");
	if (site == NULL) {
		sites = calloc(json_object_size(candidates), sizeof(*sites));
		idx = calloc(json_object_size(candidates), sizeof(*idx));
		if (sites == NULL || idx == NULL) {
			rc = acc_err_set(err, ACC_ERR, "select", "out of memory");
			goto done;
		}
		json_object_foreach(candidates, key, v)
			sites[n++] = key;
		qsort(sites, n, sizeof(*sites), cmp_str);
		for (i = 0; i < n; i++)
			idx[i] = (uint32_t)i;
		rc = acc_jrand_pick(seed, idx, n, 1, &k, err);
		if (rc != 0)
			goto done;
		site = sites[idx[0]];
		free(idx);
		idx = NULL;
	}
	list = json_object_get(candidates, site);
	if (!json_is_array(list)) {
		rc = acc_err_set(err, ACC_EINVAL, "candidates", "no candidates "
		    "at site %.64s", site);
		goto done;
	}
	n = json_array_size(list);
	m = draws < n ? draws : n;
	items = json_array();
	idx = calloc(n ? n : 1, sizeof(*idx));
	if (items == NULL || idx == NULL) {
		rc = acc_err_set(err, ACC_ERR, "select", "out of memory");
		goto done;
	}
	for (i = 0; i < n; i++)
		idx[i] = (uint32_t)i;
	rc = acc_jrand_pick(seed, idx, n, m, &k, err);
	for (i = 0; rc == 0 && i < m; i++)
		if (json_array_append(items, json_array_get(list, idx[i])) != 0)
			rc = acc_err_set(err, ACC_ERR, "select",
			    "out of memory");
	if (rc == 0) {
		*out = json_pack("{s:s, s:b, s:O}", "site", site, "site_drawn",
		    drawn, "items", items);
		if (*out == NULL)
			rc = acc_err_set(err, ACC_ERR, "select",
			    "out of memory");
	}
done:
	json_decref(items);
	free(idx);
	free(sites);
	return rc;
}

static void
finding(json_t *list, const char *party, const char *fmt, ...)
    ACC_PRINTF(3, 4);

static void
finding(json_t *list, const char *party, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	json_array_append_new(list, json_pack("{s:s, s:s}", "party", party,
	    "finding", msg));
}

/*
 * The plan from the two logs: *out as inspect.h describes. ACC_EINVAL
 * naming the missing step when the logs do not hold every step; with
 * every step but a reveal that fails its checks, *out carries the
 * findings and no selection.
 */
static int
plan_of(const acc_treaty *t, const char *id, struct ilog *a, struct ilog *b,
    json_t **out, acc_err *err)
{
	uint8_t ca[32], cb[32], ra[32], rb[32], sa[32], sb[32], c[32];
	uint8_t seed[ACC_SHA256_LEN];
	char seed64[64];
	const char *kind, *site;
	json_t *findings, *sel = NULL, *cands, *o;
	size_t n_items = 0;
	const char *key;
	json_t *v;
	int k, rc;

	*out = NULL;
	if (a->open == NULL)
		return acc_err_set(err, ACC_EINVAL, id, "no inspection %s was "
		    "opened in the logs at hand", id);
	if (b->commit == NULL)
		return acc_err_set(err, ACC_EINVAL, id, "the host %s has not "
		    "joined inspection %s (in the logs at hand)", b->party, id);
	if (a->reveal == NULL || b->reveal == NULL)
		return acc_err_set(err, ACC_EINVAL, id, "%s has not revealed "
		    "its random bytes for %s (in the logs at hand)",
		    a->reveal == NULL ? a->party : b->party, id);
	kind = sval(a->open, "kind");
	k = acc_treaty_inspection_find(t, kind ? kind : "");
	if (k < 0)
		return acc_err_set(err, ACC_EINVAL, id, "kind %.64s is not an "
		    "inspection kind of %s", kind ? kind : "?", t->id);
	findings = json_array();
	if (findings == NULL)
		return acc_err_set(err, ACC_ERR, "plan", "out of memory");
	if (acc_nstate_digest(ca, a->open, "commit") ||
	    acc_nstate_digest(cb, b->commit, "commit") ||
	    acc_nstate_digest(ra, a->reveal, "random") ||
	    acc_nstate_digest(rb, b->reveal, "random") ||
	    acc_nstate_digest(sa, a->reveal, "seen") ||
	    acc_nstate_digest(sb, b->reveal, "seen")) {
		json_decref(findings);
		return acc_err_set(err, ACC_EVERIFY, id, "a commitment or reveal "
		    "of %s is not the base64 of 32 bytes", id);
	}
	acc_jrand_commit(c, ra);
	if (!acc_ct_equal(c, ca, sizeof(c)))
		finding(findings, a->party, "the reveal (entry %" PRIu64 ") does "
		    "not match the commitment (entry %" PRIu64 ")",
		    a->reveal_seq, a->open_seq);
	acc_jrand_commit(c, rb);
	if (!acc_ct_equal(c, cb, sizeof(c)))
		finding(findings, b->party, "the reveal (entry %" PRIu64 ") does "
		    "not match the commitment (entry %" PRIu64 ")",
		    b->reveal_seq, b->commit_seq);
	if (!acc_ct_equal(sa, cb, sizeof(sa)))
		finding(findings, a->party, "revealed (entry %" PRIu64 ") "
		    "without having seen %s's commitment", a->reveal_seq,
		    b->party);
	if (!acc_ct_equal(sb, ca, sizeof(sb)))
		finding(findings, b->party, "revealed (entry %" PRIu64 ") "
		    "without having seen %s's commitment", b->reveal_seq,
		    a->party);
	if (acc_ct_equal(ca, cb, sizeof(ca)))
		finding(findings, b->party, "its commitment (entry %" PRIu64 ") "
		    "is a copy of %s's", b->commit_seq, a->party);
	site = sval(a->open, "site");
	cands = json_object_get(b->commit, "candidates");
	json_object_foreach(cands, key, v) {
		size_t i;
		for (i = 0; i < json_array_size(v); i++)
			if (!json_is_string(json_array_get(v, i)) || (i > 0 &&
			    strcmp(json_string_value(json_array_get(v, i - 1)) ?
			    json_string_value(json_array_get(v, i - 1)) : "",
			    json_string_value(json_array_get(v, i)) ?
			    json_string_value(json_array_get(v, i)) : "") >= 0))
				break;
		if (!json_is_array(v) || i < json_array_size(v) ||
		    (site == NULL && json_array_size(v) == 0)) {
			finding(findings, b->party, "the candidates at %.64s "
			    "(entry %" PRIu64 ") are %s", key, b->commit_seq,
			    site == NULL && json_array_size(v) == 0 ?
			    "empty, at a site to be drawn" :
			    "not a sorted list of distinct ids");
			break;
		}
	}
	if (site && (json_object_size(cands) != 1 ||
	    json_object_get(cands, site) == NULL))
		finding(findings, b->party, "the candidates (entry %" PRIu64 ") "
		    "are not those of the site %s named by the inspection",
		    b->commit_seq, site);
	acc_jrand_seed(seed, ra, rb, id);
	acc_base64_encode(seed64, seed, sizeof(seed));
	json_object_foreach(cands, key, v)
		n_items += json_array_size(v);
	if (json_array_size(findings) == 0) {
		rc = acc_inspect_select(seed, cands, site,
		    (size_t)t->ikinds[k].draws, &sel, err);
		if (rc != 0) {
			json_decref(findings);
			return rc;
		}
	}
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:{s:I, s:I}, s:o}",
	    "id", id, "kind", kind, "inspecting", a->party, "host", b->party,
	    "date", sval(a->open, "date") ? sval(a->open, "date") : "",
	    "seed", seed64, "candidates", "sites",
	    (json_int_t)json_object_size(cands), "items", (json_int_t)n_items,
	    "findings", findings);
	if (o && sel)
		json_object_update(o, sel);
	else if (o) {
		json_object_set_new(o, "site", site ? json_string(site) :
		    json_null());
		json_object_set_new(o, "items", json_array());
	}
	json_decref(sel);
	if (o == NULL)
		return acc_err_set(err, ACC_ERR, "plan", "out of memory");
	*out = o;
	return 0;
}

int
acc_inspect_plan(acc_workspace *ws, const char *id, json_t **out,
    acc_err *err)
{
	struct ilog a, b;
	int rc = gather(ws, id, &a, &b, err);

	*out = NULL;
	if (rc == 0)
		rc = plan_of(ws->treaty, id, &a, &b, out, err);
	ilog_dispose(&a);
	ilog_dispose(&b);
	return rc;
}

int
acc_inspect_replay(const char *dir_a, const char *dir_b, const char *id,
    json_t **out, acc_err *err)
{
	acc_workspace *wa = NULL, *wb = NULL;
	struct ilog la, lb;
	int rc;

	*out = NULL;
	memset(&la, 0, sizeof(la));
	memset(&lb, 0, sizeof(lb));
	rc = acc_workspace_open(&wa, dir_a, err);
	if (rc == 0)
		rc = acc_workspace_open(&wb, dir_b, err);
	if (rc == 0 && strcmp(wa->treaty->id, wb->treaty->id) != 0)
		rc = acc_err_set(err, ACC_EINVAL, dir_b, "a node of %s, not of "
		    "%s", wb->treaty->id, wa->treaty->id);
	if (rc == 0 && strcmp(wa->party, wb->party) == 0)
		rc = acc_err_set(err, ACC_EINVAL, dir_b, "a second node of %s: "
		    "give the inspecting party's and the host's", wa->party);
	if (rc == 0)
		rc = scan(wa->store, ACC_STORE_OWN_LOG, wa->party, id, &la,
		    err);
	if (rc == 0)
		rc = scan(wb->store, ACC_STORE_OWN_LOG, wb->party, id, &lb,
		    err);
	if (rc == 0) {
		/* whichever opened it inspects */
		if (lb.open && !la.open)
			rc = plan_of(wa->treaty, id, &lb, &la, out, err);
		else
			rc = plan_of(wa->treaty, id, &la, &lb, out, err);
	}
	ilog_dispose(&la);
	ilog_dispose(&lb);
	acc_workspace_close(wa);
	acc_workspace_close(wb);
	return rc;
}

/* ---- the steps ---------------------------------------------------------- */

static void
secret_path(char *out, size_t len, const acc_workspace *ws,
    const uint8_t commit[ACC_SHA256_LEN])
{
	char hex[2 * ACC_SHA256_LEN + 1];

	acc_hex_encode(hex, commit, ACC_SHA256_LEN);
	snprintf(out, len, "%s/" SECRETS_DIR "/%s.secret", ws->dir, hex);
}

/*
 * Draw this party's bytes, keep them (0600) under the commitment's name,
 * and give the commitment in base64.
 */
static int
draw(acc_workspace *ws, uint8_t commit[ACC_SHA256_LEN], char *commit64,
    char *path, size_t path_len, acc_err *err)
{
	uint8_t r[ACC_JRAND_LEN];
	char dir[PATH_MAX + 32];
	int rc;

	snprintf(dir, sizeof(dir), "%s/" SECRETS_DIR, ws->dir);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return acc_err_set(err, ACC_ERR, dir, "cannot create: %s",
		    strerror(errno));
	rc = acc_random(r, sizeof(r), err);
	if (rc == 0) {
		acc_jrand_commit(commit, r);
		acc_base64_encode(commit64, commit, ACC_SHA256_LEN);
		secret_path(path, path_len, ws, commit);
		rc = acc_file_write_secret(path, r, sizeof(r), err);
	}
	acc_wipe(r, sizeof(r));
	if (rc == 0) {
		/* the file's name too must survive a crash */
		int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0 || fsync(fd) != 0)
			rc = acc_err_set(err, ACC_ERR, dir, "cannot sync: %s",
			    strerror(errno));
		if (fd >= 0)
			close(fd);
		if (rc != 0)
			unlink(path);
	}
	return rc;
}

/* Log one statement through the notification checks. */
static int
log_statement(acc_workspace *ws, const char *type, json_t *body,
    acc_err *err)
{
	json_t *st = json_pack("{s:s, s:O}", "type", type, "body", body);
	char *text = st ? json_dumps(st, JSON_COMPACT) : NULL;
	uint64_t first, count;
	int rc;

	json_decref(st);
	if (text == NULL)
		return acc_err_set(err, ACC_ERR, type, "out of memory");
	rc = acc_workspace_notify(ws, text, strlen(text), type, &first, &count,
	    NULL, err);
	free(text);
	return rc;
}

static int
refuse_witness(acc_workspace *ws, acc_err *err)
{
	if (ws->witness)
		return acc_err_set(err, ACC_EINVAL, ws->party, "a witness takes "
		    "no part in inspections");
	return 0;
}

static int list_entry(void *ctx, uint64_t seq, const char *entry,
    size_t len);

struct lscan {
	const char *party;
	json_t *by_id;          /* id -> summary */
};

/* Every inspection a log names, by id, into l->by_id. */
static int
scan_all(acc_store *s, int64_t log, struct lscan *l, acc_err *err)
{
	return s->ops->log_each(s, log, 0, UINT64_MAX, NULL, list_entry, l,
	    err);
}

/* The host declaration's facility kind of site, or NULL. */
static const char *
declared_kind(const acc_decl *d, const char *site, json_t **holder)
{
	size_t len;
	const char *text = acc_decl_disclosed_text(d, &len);
	json_t *list, *x;
	size_t i;

	*holder = NULL;
	if (text == NULL)
		return NULL;
	list = json_loadb(text, len, 0, NULL);
	*holder = list;
	json_array_foreach(list, i, x) {
		json_t *it = json_object_get(x, "item");
		if (it == NULL)
			it = x;
		if (sval(it, "facility") && strcmp(sval(it, "facility"),
		    site) == 0)
			return sval(it, "facility_kind");
	}
	return NULL;
}

int
acc_inspect_open(acc_workspace *ws, const acc_inspect_open_opts *o,
    char id[ACC_INSPECT_ID_MAX], acc_err *err)
{
	const acc_treaty *t = ws->treaty;
	char date[ACC_DATE_LEN], commit64[64], path[PATH_MAX + 128];
	uint8_t commit[ACC_SHA256_LEN];
	acc_date d = o->date;
	acc_vkey vk;
	json_t *body;
	struct lscan ids;
	int k, n, rc = refuse_witness(ws, err);

	id[0] = '\0';
	if (rc != 0)
		return rc;
	k = acc_treaty_inspection_find(t, o->kind ? o->kind : "");
	if (k < 0)
		return acc_err_set(err, ACC_EINVAL, "--kind", "%.64s is not an "
		    "inspection kind of %s (see accord treaty show)",
		    o->kind ? o->kind : "(none)", t->id);
	if (o->host == NULL || acc_treaty_party_find(t, o->host) < 0)
		return acc_err_set(err, ACC_EINVAL, "--host", "%.64s is not a "
		    "party to %s", o->host ? o->host : "(none)", t->id);
	if (strcmp(o->host, ws->party) == 0)
		return acc_err_set(err, ACC_EINVAL, "--host", "%s cannot "
		    "inspect itself", ws->party);
	rc = acc_workspace_trusted_key(ws, o->host, &vk, err);
	if (rc == ACC_ENOTFOUND) {
		acc_err_clear(err);
		return acc_err_set(err, ACC_EINVAL, "--host", "%s's key is not "
		    "trusted here (accord key add %s KEY)", o->host, o->host);
	}
	if (rc != 0)
		return rc;
	if (d == ACC_DATE_NONE)
		d = acc_date_from_time((int64_t)time(NULL));
	acc_date_format(date, d);
	if (o->site && o->host_declaration) {
		json_t *holder;
		const char *fk = declared_kind(o->host_declaration, o->site,
		    &holder);
		int fki = fk ? acc_treaty_kind_find(t, fk, strlen(fk)) : -1;
		if (strcmp(acc_decl_party(o->host_declaration), o->host) != 0)
			rc = acc_err_set(err, ACC_EINVAL, "--declaration", "a "
			    "declaration of %s, not of %s",
			    acc_decl_party(o->host_declaration), o->host);
		else if (!acc_decl_is_escrow(o->host_declaration) && fki < 0)
			rc = acc_err_set(err, ACC_EINVAL, "--site", "%.64s is not "
			    "a facility of %s's declaration", o->site, o->host);
		else if (fki >= 0 && !acc_treaty_inspection_site(t, (size_t)k,
		    (size_t)fki))
			rc = acc_err_set(err, ACC_EINVAL, "--site", "%.64s (a %s) "
			    "is not eligible for a %s inspection", o->site, fk,
			    o->kind);
		json_decref(holder);
		if (rc != 0)
			return rc;
	}
	if (o->id && strlen(o->id) >= ACC_INSPECT_ID_MAX)
		return acc_err_set(err, ACC_EINVAL, "--id", "at most %d "
		    "characters", ACC_INSPECT_ID_MAX - 1);
	ids.party = ws->party;
	ids.by_id = json_object();
	rc = ids.by_id ? scan_all(ws->store, ACC_STORE_OWN_LOG, &ids, err) :
	    acc_err_set(err, ACC_ERR, "inspect", "out of memory");
	if (rc == 0 && o->id) {
		snprintf(id, ACC_INSPECT_ID_MAX, "%s", o->id);
		if (json_object_get(ids.by_id, id))
			rc = acc_err_set(err, ACC_EEXISTS, "--id", "inspection "
			    "%s exists already", id);
	} else {
		for (n = 1; rc == 0 && n < 10000; n++) {
			snprintf(id, ACC_INSPECT_ID_MAX, "%s-%.4s-%02d",
			    ws->party, date, n);
			if (json_object_get(ids.by_id, id) == NULL)
				break;
		}
	}
	json_decref(ids.by_id);
	if (rc != 0)
		return rc;
	rc = draw(ws, commit, commit64, path, sizeof(path), err);
	if (rc != 0)
		return rc;
	body = json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", id, "kind",
	    o->kind, "host", o->host, "date", date, "commit", commit64);
	if (body && o->site)
		json_object_set_new(body, "site", json_string(o->site));
	rc = body ? log_statement(ws, "inspection.open", body, err) :
	    acc_err_set(err, ACC_ERR, "inspect", "out of memory");
	json_decref(body);
	if (rc != 0)
		unlink(path);
	return rc;
}

/*
 * The inspecting party's open, from the mirror (which keeps an invalid
 * entry, with a finding): checked again as its log would check it.
 */
static int
recheck_open(acc_workspace *ws, struct ilog *a, acc_err *err)
{
	acc_nstate *st = NULL;
	acc_err e = ACC_ERR_INIT;
	char name[96];
	int rc = acc_nstate_new(&st, ws->treaty, err);

	if (rc != 0)
		return rc;
	acc_nstate_set_party(st, a->party);
	snprintf(name, sizeof(name), "%s's entry %" PRIu64, a->party,
	    a->open_seq);
	if (acc_nstate_apply(st, "inspection.open", a->open,
	    "1970-01-01T00:00:00Z", name, &e) != 0)
		rc = acc_err_set(err, ACC_EINVAL, e.where, "refused: %s", e.msg);
	acc_nstate_free(st);
	return rc;
}

int
acc_inspect_join(acc_workspace *ws, const char *id, acc_err *err)
{
	struct ilog a, b;
	acc_nstate *st = NULL;
	json_t *cands = NULL, *body = NULL;
	char commit64[64], path[PATH_MAX + 128];
	uint8_t commit[ACC_SHA256_LEN];
	bool drawn = false;
	int rc = refuse_witness(ws, err);

	if (rc != 0)
		return rc;
	rc = gather(ws, id, &a, &b, err);
	if (rc != 0)
		return rc;
	if (strcmp(a.party, ws->party) == 0)
		rc = acc_err_set(err, ACC_EINVAL, id, "%s opened inspection %s; "
		    "the host joins it", ws->party, id);
	else if (b.commit)
		rc = acc_err_set(err, ACC_EEXISTS, id, "%s has joined "
		    "inspection %s already (entry %" PRIu64 ")", ws->party, id,
		    b.commit_seq);
	else
		rc = recheck_open(ws, &a, err);
	if (rc == 0)
		rc = acc_workspace_replay(ws, &st, err);
	if (rc == 0) {
		rc = acc_nstate_candidates(st, sval(a.open, "kind"),
		    sval(a.open, "site"), &cands, err);
		if (rc == ACC_EINVAL) {
			char msg[600];
			snprintf(msg, sizeof(msg), "%s", err->msg);
			acc_err_clear(err);
			rc = acc_err_set(err, ACC_EINVAL, id, "refused: %s", msg);
		}
	}
	if (rc == 0) {
		rc = draw(ws, commit, commit64, path, sizeof(path), err);
		drawn = rc == 0;
	}
	if (rc == 0) {
		body = json_pack("{s:s, s:s, s:O}", "id", id, "commit", commit64,
		    "candidates", cands);
		rc = body ? log_statement(ws, "inspection.commit", body, err) :
		    acc_err_set(err, ACC_ERR, "inspect", "out of memory");
	}
	if (rc != 0 && drawn)
		unlink(path);
	json_decref(body);
	json_decref(cands);
	acc_nstate_free(st);
	ilog_dispose(&a);
	ilog_dispose(&b);
	return rc;
}

int
acc_inspect_reveal(acc_workspace *ws, const char *id, acc_err *err)
{
	struct ilog a, b;
	struct ilog *mine, *theirs;
	json_t *own_c, *other_c, *body = NULL;
	acc_buf r = ACC_BUF_INIT(64);
	uint8_t commit[ACC_SHA256_LEN], c[ACC_SHA256_LEN];
	char path[PATH_MAX + 128], r64[64];
	int rc = refuse_witness(ws, err);

	if (rc != 0)
		return rc;
	rc = gather(ws, id, &a, &b, err);
	if (rc != 0)
		return rc;
	mine = strcmp(a.party, ws->party) == 0 ? &a : &b;
	theirs = mine == &a ? &b : &a;
	own_c = mine == &a ? a.open : b.commit;
	other_c = mine == &a ? b.commit : a.open;
	if (own_c == NULL)
		rc = acc_err_set(err, ACC_EINVAL, id, "%s has no commitment to "
		    "inspection %s: join it first", ws->party, id);
	else if (other_c == NULL)
		rc = acc_err_set(err, ACC_EINVAL, id, "refused: %s's "
		    "commitment to %s is not in the log copy held here; a "
		    "reveal before both commitments are logged would let it "
		    "choose (sync, then reveal)", theirs->party, id);
	else if (mine->reveal)
		rc = acc_err_set(err, ACC_EEXISTS, id, "%s revealed its bytes "
		    "for %s already (entry %" PRIu64 ")", ws->party, id,
		    mine->reveal_seq);
	else if (mine == &a && b.reveal == NULL)
		rc = acc_err_set(err, ACC_EINVAL, id, "refused: the host %s "
		    "reveals first, so that it cannot see the selection and "
		    "then withhold its bytes; its reveal is not in the log "
		    "copy held here (sync, then reveal)", b.party);
	if (rc == 0 && acc_nstate_digest(commit, own_c, "commit") != 0)
		rc = acc_err_set(err, ACC_EVERIFY, id, "the commitment is not "
		    "the base64 of 32 bytes");
	if (rc == 0) {
		secret_path(path, sizeof(path), ws, commit);
		rc = acc_file_read(&r, path, err);
	}
	if (rc == 0 && r.len != ACC_JRAND_LEN)
		rc = acc_err_set(err, ACC_EVERIFY, path, "expected %d bytes",
		    ACC_JRAND_LEN);
	if (rc == 0) {
		acc_jrand_commit(c, (const uint8_t *)r.data);
		if (!acc_ct_equal(c, commit, sizeof(c)))
			rc = acc_err_set(err, ACC_EVERIFY, path, "does not match "
			    "the commitment logged for %s", id);
	}
	if (rc == 0) {
		acc_base64_encode(r64, (const uint8_t *)r.data, ACC_JRAND_LEN);
		body = json_pack("{s:s, s:s, s:s}", "id", id, "random", r64,
		    "seen", sval(other_c, "commit") ? sval(other_c, "commit") :
		    "");
		acc_wipe(r64, sizeof(r64));
		rc = body ? log_statement(ws, "inspection.reveal", body, err) :
		    acc_err_set(err, ACC_ERR, "inspect", "out of memory");
	}
	if (r.data)
		acc_wipe(r.data, r.cap);
	acc_buf_dispose(&r);
	json_decref(body);
	ilog_dispose(&a);
	ilog_dispose(&b);
	return rc;
}

static json_t *
uid_list(const char *const *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < n; i++)
		if (json_array_append_new(a, json_string(v[i])) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

int
acc_inspect_record(acc_workspace *ws, const char *id,
    const acc_inspect_finding *f, acc_err *err)
{
	json_t *plan = NULL, *body = NULL, *w;
	size_t i;
	int rc = refuse_witness(ws, err);

	if (rc != 0)
		return rc;
	if (f->n_seen + f->n_counted + f->n_missing + f->n_undeclared == 0)
		return acc_err_set(err, ACC_EINVAL, id, "nothing to record: "
		    "give items found, warheads counted, missing or undeclared "
		    "items");
	rc = acc_inspect_plan(ws, id, &plan, err);
	if (rc == 0 && strcmp(sval(plan, "inspecting"), ws->party) != 0)
		rc = acc_err_set(err, ACC_EINVAL, id, "%s is the host of %s; "
		    "the inspecting party records findings", ws->party, id);
	if (rc == 0 && json_array_size(json_object_get(plan, "findings")))
		rc = acc_err_set(err, ACC_EVERIFY, id, "the selection of %s "
		    "cannot be made: %s", id, sval(json_array_get(
		    json_object_get(plan, "findings"), 0), "finding"));
	if (rc == 0) {
		body = json_pack("{s:s, s:s}", "id", id, "site", sval(plan,
		    "site"));
		if (body == NULL)
			rc = acc_err_set(err, ACC_ERR, "inspect",
			    "out of memory");
	}
	if (rc == 0 && f->n_seen)
		json_object_set_new(body, "seen", uid_list(f->seen, f->n_seen));
	if (rc == 0 && f->n_missing)
		json_object_set_new(body, "missing", uid_list(f->missing,
		    f->n_missing));
	if (rc == 0 && f->n_undeclared)
		json_object_set_new(body, "undeclared", uid_list(f->undeclared,
		    f->n_undeclared));
	if (rc == 0 && f->n_counted) {
		w = json_object();
		for (i = 0; w && i < f->n_counted; i++)
			if (json_object_set_new(w, f->counted[i],
			    json_integer((json_int_t)f->warheads[i])) != 0) {
				json_decref(w);
				w = NULL;
			}
		if (w == NULL || json_object_set_new(body, "warheads", w) != 0)
			rc = acc_err_set(err, ACC_ERR, "inspect",
			    "out of memory");
	}
	if (rc == 0)
		rc = log_statement(ws, "inspection.finding", body, err);
	json_decref(body);
	json_decref(plan);
	return rc;
}

/* ---- findings against the declaration ----------------------------------- */

struct check {
	json_t *out;
	json_t *seen_keys;      /* "kind uid" already reported */
};

static void
discrepancy(struct check *c, const char *kind, const char *uid,
    json_t *declared, json_t *found, const char *fmt, ...) ACC_PRINTF(6, 7);

static void
discrepancy(struct check *c, const char *kind, const char *uid,
    json_t *declared, json_t *found, const char *fmt, ...)
{
	char key[160], msg[512];
	va_list ap;

	snprintf(key, sizeof(key), "%s %s", kind, uid);
	if (json_object_get(c->seen_keys, key)) {
		json_decref(declared);
		json_decref(found);
		return;
	}
	json_object_set_new(c->seen_keys, key, json_true());
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	json_array_append_new(c->out, json_pack("{s:s, s:s, s:o, s:o, s:s}",
	    "kind", kind, "uid", uid, "declared", declared ? declared :
	    json_null(), "found", found ? found : json_null(), "detail", msg));
}

static bool
in_list(json_t *list, const char *uid)
{
	json_t *x;
	size_t i;

	json_array_foreach(list, i, x)
		if (json_string_value(x) && strcmp(json_string_value(x), uid) ==
		    0)
			return true;
	return false;
}

int
acc_inspect_check(const acc_treaty *t, const char *kind, json_t *items,
    const char *site, json_t *candidates, json_t *selected, json_t *finding,
    json_t *discrepancies, acc_err *err)
{
	int k = acc_treaty_inspection_find(t, kind ? kind : "");
	uint64_t retired = 0;
	json_t *by_uid, *x, *seen, *warheads, *missing, *undeclared, *v;
	struct check c;
	const char *uid;
	size_t i;

	if (k < 0)
		return acc_err_set(err, ACC_EINVAL, "kind", "%.64s is not an "
		    "inspection kind of %s", kind ? kind : "?", t->id);
	if (!json_is_array(items) || !json_is_array(discrepancies))
		return acc_err_set(err, ACC_EINVAL, "check", "expected lists");
	for (i = 0; i < t->n_ntypes; i++)
		if (t->ntypes[i].effect == ACC_NE_ITEM_CONVERT ||
		    t->ntypes[i].effect == ACC_NE_ITEM_ELIMINATE)
			retired |= t->ntypes[i].to;
	by_uid = json_object();
	c.out = discrepancies;
	c.seen_keys = json_object();
	if (by_uid == NULL || c.seen_keys == NULL) {
		json_decref(by_uid);
		json_decref(c.seen_keys);
		return acc_err_set(err, ACC_ERR, "check", "out of memory");
	}
	json_array_foreach(items, i, x)
		if (sval(x, "uid"))
			json_object_set(by_uid, sval(x, "uid"), x);
	seen = json_object_get(finding, "seen");
	warheads = json_object_get(finding, "warheads");
	missing = json_object_get(finding, "missing");
	undeclared = json_object_get(finding, "undeclared");

	/* the candidates: every eligible item declared at the site, no other */
	json_array_foreach(items, i, x) {
		const char *ty = sval(x, "type"), *st = sval(x, "status");
		int ti = ty ? acc_treaty_type_find(t, ty, strlen(ty)) : -1;
		int si = st ? acc_treaty_status_find(t, st, strlen(st)) : -1;
		uid = sval(x, "uid");
		if (uid == NULL || !sval(x, "facility") || strcmp(sval(x,
		    "facility"), site) != 0 || ti < 0 || si < 0 ||
		    !acc_treaty_inspection_item(t, (size_t)k, (size_t)ti) ||
		    (retired >> si & 1) || json_object_get(x, "in_transit_to"))
			continue;
		if (!in_list(candidates, uid))
			discrepancy(&c, "candidates", uid, json_string(site),
			    NULL, "declared at %s but left out of the host's "
			    "candidates", site);
	}
	json_array_foreach(candidates, i, x) {
		json_t *it;
		uid = json_string_value(x);
		if (uid == NULL)
			continue;
		it = json_object_get(by_uid, uid);
		if (it == NULL || !sval(it, "facility") || strcmp(sval(it,
		    "facility"), site) != 0)
			discrepancy(&c, "candidates", uid, it ? json_string(
			    sval(it, "facility")) : NULL, json_string(site),
			    "a candidate at %s that is not declared there",
			    site);
	}
	/* what was seen, or reported as undeclared */
	for (i = 0; i < json_array_size(seen) + json_array_size(undeclared);
	    i++) {
		json_t *it;
		uid = json_string_value(i < json_array_size(seen) ?
		    json_array_get(seen, i) : json_array_get(undeclared, i -
		    json_array_size(seen)));
		if (uid == NULL)
			continue;
		it = json_object_get(by_uid, uid);
		if (it == NULL)
			discrepancy(&c, "undeclared", uid, NULL,
			    json_string(site), "found at %s, not in the "
			    "declaration", site);
		else if (!sval(it, "facility") || strcmp(sval(it, "facility"),
		    site) != 0)
			discrepancy(&c, "moved", uid, json_string(sval(it,
			    "facility") ? sval(it, "facility") : "?"),
			    json_string(site), "found at %s, declared at %s "
			    "with no notified move", site, sval(it,
			    "facility") ? sval(it, "facility") : "?");
	}
	/* warheads counted */
	json_object_foreach(warheads, uid, v) {
		json_t *it = json_object_get(by_uid, uid), *dw;
		if (it == NULL) {
			discrepancy(&c, "undeclared", uid, NULL,
			    json_string(site), "counted at %s, not in the "
			    "declaration", site);
			continue;
		}
		dw = json_object_get(it, "warheads");
		if (!json_is_integer(dw) || json_integer_value(dw) !=
		    json_integer_value(v)) {
			char d[32] = "none";
			if (json_is_integer(dw))
				snprintf(d, sizeof(d), "%" JSON_INTEGER_FORMAT,
				    json_integer_value(dw));
			discrepancy(&c, "warheads", uid, json_is_integer(dw) ?
			    json_integer(json_integer_value(dw)) : NULL,
			    json_integer(json_integer_value(v)),
			    "%" JSON_INTEGER_FORMAT " counted, %s declared",
			    json_integer_value(v), d);
		}
	}
	/* missing: declared here and not there */
	json_array_foreach(missing, i, x) {
		json_t *it;
		uid = json_string_value(x);
		it = uid ? json_object_get(by_uid, uid) : NULL;
		if (it && sval(it, "facility") && strcmp(sval(it, "facility"),
		    site) == 0)
			discrepancy(&c, "missing", uid, json_string(site), NULL,
			    "declared at %s, not found there", site);
	}
	/* every selected item must have been presented */
	json_array_foreach(selected, i, x) {
		uid = json_string_value(x);
		if (uid == NULL || in_list(seen, uid) || in_list(missing, uid) ||
		    json_object_get(warheads, uid))
			continue;
		discrepancy(&c, "missing", uid, json_string(site), NULL,
		    "selected for inspection and not recorded as seen");
	}
	json_decref(by_uid);
	json_decref(c.seen_keys);
	return 0;
}

/* The host's items as declared, replayed over its entries [from, to). */
struct hreplay {
	acc_nstate *st;
	json_t *problems;
	bool stopped;
};

static int
hreplay_entry(void *ctx, uint64_t seq, const char *entry, size_t len)
{
	struct hreplay *h = ctx;
	acc_err e = ACC_ERR_INIT;
	json_t *x;
	const char *type;
	char name[64];

	if (h->stopped)
		return 0;
	x = json_loadb(entry, len, 0, NULL);
	type = sval(x, "type");
	snprintf(name, sizeof(name), "entry %" PRIu64, seq);
	if (type && strcmp(type, "declaration") == 0)
		h->stopped = true;      /* a newer declaration: stop there */
	else if (type && acc_nstate_itemless(h->st, type))
		;       /* inspections and notices: nothing about items */
	else if (type && acc_nstate_apply(h->st, type, json_object_get(x,
	    "body"), sval(x, "time") ? sval(x, "time") : "", name, &e) != 0)
		json_array_append_new(h->problems, json_pack("{s:s, s:s}",
		    "entry", name, "problem", e.msg));
	json_decref(x);
	return 0;
}

static int
declared_items(acc_workspace *ws, const acc_decl *d, struct ilog *a,
    struct ilog *b, const char *site, const char *const *reveals,
    const size_t *lens, size_t n_reveals, json_t **items, json_t **expected,
    json_t *problems, acc_err *err)
{
	const acc_treaty *t = ws->treaty;
	size_t i, len;
	int rc = 0;

	*items = NULL;
	*expected = NULL;
	if (!acc_decl_is_escrow(d)) {
		const char *text = acc_decl_disclosed_text(d, &len);
		json_t *list = text ? json_loadb(text, len, 0, NULL) : NULL;
		json_t *plain = json_array(), *x;
		char *canon = NULL;
		struct hreplay h;
		memset(&h, 0, sizeof(h));
		json_array_foreach(list, i, x)
			json_array_append(plain, json_object_get(x, "item"));
		canon = json_dumps(plain, JSON_COMPACT);
		json_decref(list);
		json_decref(plain);
		if (canon == NULL)
			return acc_err_set(err, ACC_ERR, "verify",
			    "out of memory");
		rc = acc_nstate_new(&h.st, t, err);
		if (rc == 0) {
			acc_nstate_set_party(h.st, b->party);
			rc = acc_nstate_reset(h.st, canon, strlen(canon),
			    "declaration", err);
		}
		free(canon);
		h.problems = problems;
		if (rc == 0)
			rc = ws->store->ops->log_each(ws->store, b->log,
			    b->decl_seq, b->commit_seq + 1, NULL, hreplay_entry,
			    &h, err);
		if (rc == 0)
			rc = acc_nstate_json(h.st, items, err);
		if (rc == 0) {
			/* the candidates the declaration gives */
			acc_err e = ACC_ERR_INIT;
			if (acc_nstate_candidates(h.st, sval(a->open, "kind"),
			    sval(a->open, "site"), expected, &e) != 0)
				*expected = json_object();
		}
		acc_nstate_free(h.st);
		return rc;
	}
	/* escrow: the items the host revealed at the site */
	{
		bool covered = false;
		json_t *out = json_array();
		if (out == NULL)
			return acc_err_set(err, ACC_ERR, "verify",
			    "out of memory");
		for (i = 0; rc == 0 && i < n_reveals; i++) {
			acc_reveal_summary sum;
			char name[32];
			json_t *doc, *x;
			size_t j;
			snprintf(name, sizeof(name), "reveal %zu", i + 1);
			rc = acc_reveal_verify(d, t, reveals[i], lens[i], name,
			    &sum, err);
			if (rc != 0)
				break;
			if (strcmp(sum.facility, site) == 0)
				covered = true;
			doc = json_loadb(reveals[i], lens[i], 0, NULL);
			json_array_foreach(json_object_get(doc, "items"), j, x) {
				json_t *it = json_object_get(x, "item");
				if (sval(it, "facility") && strcmp(sval(it,
				    "facility"), site) == 0)
					json_array_append(out, it);
			}
			json_decref(doc);
		}
		if (rc == 0 && !covered)
			rc = acc_err_set(err, ACC_EINVAL, "--reveal", "the "
			    "declaration is in escrow: give the host's reveal "
			    "of the whole site %s (accord reveal --facility %s, "
			    "made by %s)", site, site, b->party);
		if (rc != 0)
			json_decref(out);
		else
			*items = out;
		return rc;
	}
}

/*
 * The host's candidates at the sites not inspected, against those its
 * declaration gives (the inspected site's items are checked one by one):
 * a site left out would never be drawn.
 */
static void
other_sites(json_t *expected, json_t *listed, const char *site,
    struct check *c)
{
	const char *key;
	json_t *v;

	json_object_foreach(expected, key, v) {
		json_t *l = json_object_get(listed, key);
		if (strcmp(key, site) == 0)
			continue;
		if (l == NULL)
			discrepancy(c, "candidates", key, NULL, NULL, "an "
			    "eligible site with %zu "
			    "eligible items, left out of the candidates",
			    json_array_size(v));
		else if (!json_equal(l, v))
			discrepancy(c, "candidates", key, NULL, NULL, "the "
			    "candidates at %s are not "
			    "the items declared there (%zu declared, %zu "
			    "listed)", key, json_array_size(v),
			    json_array_size(l));
	}
	json_object_foreach(listed, key, v)
		if (strcmp(key, site) != 0 && json_object_get(expected, key) ==
		    NULL)
			discrepancy(c, "candidates", key, NULL, NULL, "a "
			    "candidate site that is not an eligible site of "
			    "the declaration");
}

/* Every finding of the inspection merged into one. */
static json_t *
merged(json_t *findings)
{
	json_t *m = json_pack("{s:[], s:{}, s:[], s:[]}", "seen", "warheads",
	    "missing", "undeclared");
	json_t *f, *x;
	size_t i, j;
	static const char *const lists[] = { "seen", "missing", "undeclared" };

	json_array_foreach(findings, i, f) {
		for (j = 0; m && j < 3; j++) {
			size_t q;
			json_array_foreach(json_object_get(f, lists[j]), q, x)
				if (!in_list(json_object_get(m, lists[j]),
				    json_string_value(x)))
					json_array_append(json_object_get(m,
					    lists[j]), x);
		}
		if (m)
			json_object_update(json_object_get(m, "warheads"),
			    json_object_get(f, "warheads"));
	}
	return m;
}

/* Looking for a kept package by its id. */
struct kept {
	const char *id;         /* base64 */
	acc_decl *decl;         /* found: parsed from text */
	char *text;             /* a copy: the declaration reads it */
};

static int
find_kept(void *ctx, const char *file, const char *text, size_t len)
{
	struct kept *k = ctx;
	acc_err e = ACC_ERR_INIT;
	acc_decl *d = NULL;
	char id[64], *copy = malloc(len + 1);

	if (copy == NULL)
		return 0;
	memcpy(copy, text, len);
	copy[len] = '\0';
	if (acc_decl_parse(&d, copy, len, file, &e) == 0) {
		acc_base64_encode(id, acc_decl_id(d), ACC_SHA256_LEN);
		if (strcmp(id, k->id) == 0) {
			k->decl = d;
			k->text = copy;
			return 1;
		}
	}
	acc_decl_free(d);
	free(copy);
	return 0;
}

int
acc_inspect_verify(acc_workspace *ws, const char *id, const acc_decl *d,
    const char *const *reveals, const size_t *reveal_lens, size_t n_reveals,
    json_t **report, acc_err *err)
{
	const acc_treaty *t = ws->treaty;
	struct ilog a, b;
	json_t *plan = NULL, *items = NULL, *disc = NULL, *problems = NULL;
	json_t *all = NULL, *expected = NULL;
	acc_decl *kept_decl = NULL;
	char *kept_text = NULL;
	char did[64];
	acc_vkey vk;
	const char *site;
	int rc;

	*report = NULL;
	rc = gather(ws, id, &a, &b, err);
	if (rc != 0)
		return rc;
	if (strcmp(a.party, ws->party) != 0)
		rc = acc_err_set(err, ACC_EINVAL, id, "%s hosts inspection %s; "
		    "the inspecting party %s checks the findings", ws->party,
		    id, a.party);
	if (rc == 0)
		rc = plan_of(t, id, &a, &b, &plan, err);
	if (rc == 0 && json_array_size(json_object_get(plan, "findings")))
		rc = acc_err_set(err, ACC_EVERIFY, id, "the selection of %s "
		    "cannot be made: %s", id, sval(json_array_get(
		    json_object_get(plan, "findings"), 0), "finding"));
	if (rc == 0 && json_array_size(a.findings) == 0)
		rc = acc_err_set(err, ACC_EINVAL, id, "no findings recorded for "
		    "%s (accord inspect record)", id);
	if (rc == 0 && b.decl[0] == '\0')
		rc = acc_err_set(err, ACC_EINVAL, id, "%s logged no declaration "
		    "before joining %s: nothing to check against", b.party, id);
	if (rc == 0 && d == NULL) {
		/* the package kept by accord verify --keep */
		struct kept k = { b.decl, NULL, NULL };
		rc = acc_workspace_received_each(ws, find_kept, &k, err);
		if (rc == 1) {
			rc = 0;
			d = kept_decl = k.decl;
			kept_text = k.text;
		} else if (rc == 0)
			rc = acc_err_set(err, ACC_ENOTFOUND, "--declaration",
			    "%s's declaration %s (its latest before joining "
			    "%s) is not among the packages kept here: give it "
			    "with --declaration, or keep it with accord verify "
			    "--keep", b.party, b.decl, id);
	}
	if (rc == 0) {
		acc_base64_encode(did, acc_decl_id(d), ACC_SHA256_LEN);
		if (strcmp(acc_decl_party(d), b.party) != 0 ||
		    strcmp(acc_decl_treaty(d), t->id) != 0)
			rc = acc_err_set(err, ACC_EINVAL, "--declaration", "a "
			    "declaration of %s under %s; the host is %s under "
			    "%s", acc_decl_party(d), acc_decl_treaty(d),
			    b.party, t->id);
		else if (strcmp(did, b.decl) != 0)
			rc = acc_err_set(err, ACC_EINVAL, "--declaration", "this "
			    "is declaration %s; %s's latest before joining %s "
			    "is %s (log entry %" PRIu64 ")", did, b.party, id,
			    b.decl, b.decl_seq - 1);
	}
	if (rc == 0)
		rc = acc_workspace_trusted_key(ws, b.party, &vk, err);
	if (rc == 0)
		rc = acc_decl_verify(d, t, &vk, err);
	site = plan ? sval(plan, "site") : NULL;
	if (rc == 0) {
		problems = json_array();
		rc = declared_items(ws, d, &a, &b, site, reveals, reveal_lens,
		    n_reveals, &items, &expected, problems, err);
	}
	if (rc == 0) {
		disc = json_array();
		all = merged(a.findings);
		if (disc == NULL || all == NULL)
			rc = acc_err_set(err, ACC_ERR, "verify",
			    "out of memory");
	}
	if (rc == 0)
		rc = acc_inspect_check(t, sval(plan, "kind"), items, site,
		    json_object_get(json_object_get(b.commit, "candidates"),
		    site), json_object_get(plan, "items"), all, disc, err);
	if (rc == 0 && expected) {
		struct check c = { disc, json_object() };
		other_sites(expected, json_object_get(b.commit, "candidates"),
		    site, &c);
		json_decref(c.seen_keys);
	}
	if (rc == 0) {
		*report = json_pack("{s:s, s:s, s:s, s:s, s:O, s:O, s:I, s:O, "
		    "s:O, s:s}", "id", id, "host", b.party, "site", site,
		    "declaration", did, "selected", json_object_get(plan,
		    "items"), "found", all, "checked",
		    (json_int_t)json_array_size(items), "discrepancies", disc,
		    "log_problems", problems, "mode",
		    acc_decl_is_escrow(d) ? "escrow" : "full");
		if (*report == NULL)
			rc = acc_err_set(err, ACC_ERR, "verify",
			    "out of memory");
	}
	acc_decl_free(kept_decl);
	free(kept_text);
	json_decref(plan);
	json_decref(items);
	json_decref(expected);
	json_decref(disc);
	json_decref(problems);
	json_decref(all);
	ilog_dispose(&a);
	ilog_dispose(&b);
	return rc;
}

/* ---- listing ------------------------------------------------------------ */

static int
list_entry(void *ctx, uint64_t seq, const char *entry, size_t len)
{
	struct lscan *l = ctx;
	json_t *e, *body, *s;
	const char *type, *id;

	(void)seq;
	if (memmem(entry, len, "\"type\":\"inspection.", 19) == NULL)
		return 0;
	e = json_loadb(entry, len, 0, NULL);
	type = sval(e, "type");
	body = json_object_get(e, "body");
	id = sval(body, "id");
	if (type == NULL || id == NULL) {
		json_decref(e);
		return 0;
	}
	s = json_object_get(l->by_id, id);
	if (s == NULL) {
		s = json_pack("{s:s, s:b, s:b, s:[], s:I}", "id", id, "opened",
		    0, "joined", 0, "revealed", "findings", (json_int_t)0);
		json_object_set_new(l->by_id, id, s);
	}
	if (s && strcmp(type, "inspection.open") == 0) {
		json_object_set_new(s, "opened", json_true());
		json_object_set_new(s, "inspecting", json_string(l->party));
		json_object_set(s, "kind", json_object_get(body, "kind"));
		json_object_set(s, "host", json_object_get(body, "host"));
		json_object_set(s, "date", json_object_get(body, "date"));
		json_object_set_new(s, "site", json_object_get(body, "site") ?
		    json_incref(json_object_get(body, "site")) : json_null());
	} else if (s && strcmp(type, "inspection.commit") == 0) {
		json_object_set_new(s, "joined", json_true());
	} else if (s && strcmp(type, "inspection.reveal") == 0) {
		json_array_append_new(json_object_get(s, "revealed"),
		    json_string(l->party));
	} else if (s && strcmp(type, "inspection.finding") == 0) {
		json_object_set_new(s, "findings", json_integer(
		    json_integer_value(json_object_get(s, "findings")) + 1));
	}
	json_decref(e);
	return 0;
}

int
acc_inspect_list(acc_workspace *ws, json_t **out, acc_err *err)
{
	const acc_treaty *t = ws->treaty;
	struct lscan l;
	json_t *quota, *list, *s, *uses;
	const char *key;
	size_t i;
	int rc;

	*out = NULL;
	l.by_id = json_object();
	quota = json_array();
	list = json_array();
	uses = json_object();
	if (l.by_id == NULL || quota == NULL || list == NULL || uses == NULL) {
		rc = acc_err_set(err, ACC_ERR, "inspect", "out of memory");
		goto done;
	}
	l.party = ws->party;
	rc = scan_all(ws->store, ACC_STORE_OWN_LOG, &l, err);
	for (i = 0; rc == 0 && i < t->n_parties; i++) {
		int64_t log;
		if (strcmp(t->parties[i].id, ws->party) == 0)
			continue;
		if (mirror_of(ws, t->parties[i].id, &log, err) != 0) {
			acc_err_clear(err);
			continue;
		}
		l.party = t->parties[i].id;
		rc = scan_all(ws->store, log, &l, err);
	}
	if (rc != 0)
		goto done;
	/* quota use: this party's inspections per kind and treaty year */
	json_object_foreach(l.by_id, key, s) {
		const char *kind = sval(s, "kind"), *date = sval(s, "date");
		acc_date d, start;
		acc_err e = ACC_ERR_INIT;
		char k2[200], from[ACC_DATE_LEN];
		int y;
		json_array_append(list, s);
		if (!kind || !date || !sval(s, "inspecting") || strcmp(sval(s,
		    "inspecting"), ws->party) != 0 || acc_date_parse(&d, date,
		    strlen(date), "date", &e) != 0)
			continue;
		y = acc_treaty_year(t, d, &start);
		if (y < 0)
			continue;
		acc_date_format(from, start);
		snprintf(k2, sizeof(k2), "%s %s", kind, from);
		if (json_object_get(uses, k2) == NULL) {
			int ki = acc_treaty_inspection_find(t, kind);
			json_t *q = json_pack("{s:s, s:i, s:s, s:I, s:I}", "kind",
			    kind, "year", y + 1, "from", from, "used",
			    (json_int_t)0, "quota", (json_int_t)(ki >= 0 ?
			    t->ikinds[ki].quota : 0));
			json_object_set_new(uses, k2, q);
			json_array_append(quota, q);
		}
		s = json_object_get(uses, k2);
		json_object_set_new(s, "used", json_integer(json_integer_value(
		    json_object_get(s, "used")) + 1));
	}
	*out = json_pack("{s:o, s:o}", "quota", quota, "inspections", list);
	quota = list = NULL;
	if (*out == NULL)
		rc = acc_err_set(err, ACC_ERR, "inspect", "out of memory");
done:
	json_decref(l.by_id);
	json_decref(quota);
	json_decref(list);
	json_decref(uses);
	return rc;
}
