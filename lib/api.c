/*
 * The HTTP API of `accord serve` (docs/http-api.md) as pure functions:
 * a request's method, target, headers, authenticated peer and body in, a
 * status, content type and body out. Never touches a socket, TLS or an
 * HTTP library; never prints. The request target is parsed strictly
 * here, so that the daemon and the fuzzer see the same parser.
 */
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>

#include <accord/api.h>
#include <accord/compliance.h>
#include <accord/log.h>
#include <accord/witness.h>

#include "log.h"
#include "store.h"
#include "workspace_int.h"

enum route {
	R_HEALTH,
	R_CHECKPOINT,
	R_REPORT,
	R_METRICS,
	R_ENTRIES,
	R_INCLUSION,
	R_CONSISTENCY,
	R_DECLARATIONS,
	R_DECLARATION,
	R_COSIGNATURE,
	R_OTHER,                /* no route: counted together */
	N_ROUTES,
};

static const struct route_def {
	const char *path;       /* R_DECLARATION: the prefix before the id */
	const char *method;
	bool peers_only;        /* R_CHECKPOINT: only with a query */
} routes[N_ROUTES] = {
	[R_HEALTH] = { "/v1/health", "GET", false },
	[R_CHECKPOINT] = { "/v1/checkpoint", "GET", false },
	[R_REPORT] = { "/v1/report", "GET", false },
	[R_METRICS] = { "/metrics", "GET", false },
	[R_ENTRIES] = { "/v1/entries", "GET", true },
	[R_INCLUSION] = { "/v1/proof/inclusion", "GET", true },
	[R_CONSISTENCY] = { "/v1/proof/consistency", "GET", true },
	[R_DECLARATIONS] = { "/v1/declarations", "GET", true },
	[R_DECLARATION] = { "/v1/declarations/", "GET", true },
	[R_COSIGNATURE] = { "/v1/cosignature", "POST", true },
	[R_OTHER] = { "(other)", NULL, false },
};

/* The statuses counted in /metrics; anything else counts as 500. */
static const int statuses[] = { 200, 400, 401, 403, 404, 405, 409, 411,
	413, 415, 422, 500 };
#define N_STATUSES (sizeof(statuses) / sizeof(statuses[0]))

/*
 * Proofs are made from the log's stored subtree hashes, which never
 * change once written (the log only grows), and only at sizes where a
 * checkpoint was signed, which never changes either. Both are kept in
 * memory once read, for the one workspace the server serves (the first
 * it is asked about): a proof then costs no database read but the log's
 * size. Direct-mapped, a slot replaced on collision; striped locks.
 */
#define HASH_SLOTS_BITS 19
#define HASH_SLOTS (1u << HASH_SLOTS_BITS)
#define HASH_LOCKS 64
#define SIZE_SLOTS 256

struct hash_slot {
	uint64_t key;           /* (level << 57 | index) + 1; 0: empty */
	acc_tlog_hash hash;
};

struct acc_api {
	atomic_uint_fast64_t count[N_ROUTES][N_STATUSES];
	struct timespec started;
	pthread_mutex_t bind_lock;
	char dir[PATH_MAX];     /* the workspace the caches are of */
	pthread_mutex_t locks[HASH_LOCKS];
	struct hash_slot *slots;
	_Atomic uint64_t sizes[SIZE_SLOTS]; /* signed sizes + 1; 0: none */
	/* the public checkpoint, when kept (max_age_ms > 0) */
	unsigned max_age_ms;
	pthread_mutex_t cp_lock;
	acc_buf cp;
	struct timespec cp_read;
	bool has_cp;
};

#define JSON_TYPE "application/json"
#define TEXT_TYPE "text/plain; charset=utf-8"
#define METRICS_TYPE "text/plain; version=0.0.4; charset=utf-8"

/* Query parameters: at most this many, each a whole number. */
#define PARAMS_MAX 4

struct params {
	size_t n;
	struct {
		char key[16];
		uint64_t value;
	} p[PARAMS_MAX];
};

/* ---- shared state ------------------------------------------------------ */

int
acc_api_new(acc_api **out, acc_err *err)
{
	acc_api *api = calloc(1, sizeof(*api));
	size_t r, s;

	*out = NULL;
	if (api == NULL)
		return acc_err_set(err, ACC_ERR, "api", "out of memory");
	api->slots = calloc(HASH_SLOTS, sizeof(*api->slots));
	if (api->slots == NULL) {
		free(api);
		return acc_err_set(err, ACC_ERR, "api", "out of memory");
	}
	for (r = 0; r < N_ROUTES; r++)
		for (s = 0; s < N_STATUSES; s++)
			atomic_init(&api->count[r][s], 0);
	for (s = 0; s < SIZE_SLOTS; s++)
		atomic_init(&api->sizes[s], 0);
	for (s = 0; s < HASH_LOCKS; s++)
		pthread_mutex_init(&api->locks[s], NULL);
	pthread_mutex_init(&api->bind_lock, NULL);
	pthread_mutex_init(&api->cp_lock, NULL);
	{
		acc_buf b = ACC_BUF_INIT(ACC_API_RESPONSE_MAX);
		api->cp = b;
	}
	clock_gettime(CLOCK_MONOTONIC, &api->started);
	*out = api;
	return 0;
}

void
acc_api_free(acc_api *api)
{
	size_t i;

	if (api == NULL)
		return;
	for (i = 0; i < HASH_LOCKS; i++)
		pthread_mutex_destroy(&api->locks[i]);
	pthread_mutex_destroy(&api->bind_lock);
	pthread_mutex_destroy(&api->cp_lock);
	acc_buf_dispose(&api->cp);
	free(api->slots);
	free(api);
}

void
acc_api_set_checkpoint_max_age(acc_api *api, unsigned max_age_ms)
{
	api->max_age_ms = max_age_ms;
}

static struct hash_slot *
hash_slot(acc_api *api, uint64_t key, pthread_mutex_t **lock)
{
	uint64_t h = key * 0x9e3779b97f4a7c15ull;

	*lock = &api->locks[(h >> 20) % HASH_LOCKS];
	return &api->slots[h >> (64 - HASH_SLOTS_BITS)];
}

static void
hash_put(acc_api *api, unsigned level, uint64_t index, const uint8_t *hash)
{
	uint64_t key = ((uint64_t)level << 57 | index) + 1;
	pthread_mutex_t *lock;
	struct hash_slot *slot = hash_slot(api, key, &lock);

	pthread_mutex_lock(lock);
	slot->key = key;
	memcpy(slot->hash, hash, sizeof(acc_tlog_hash));
	pthread_mutex_unlock(lock);
}

struct warm {
	acc_api *api;
	size_t n;
};

static int
warm_one(void *ctx, unsigned level, uint64_t index, const uint8_t *hash,
    size_t len)
{
	struct warm *w = ctx;

	if (len != sizeof(acc_tlog_hash) || level > 63 || index >> 57 != 0)
		return 0;
	hash_put(w->api, level, index, hash);
	/* half the slots at most: the rest are filled as proofs ask */
	return ++w->n < HASH_SLOTS / 2 ? 0 : 1;
}

/*
 * Whether api's caches are of ws (the first workspace asked about); on
 * that first request the stored hashes are read into the cache in one
 * pass.
 */
static bool
cache_of(acc_api *api, acc_workspace *ws)
{
	const char *dir = acc_workspace_dir(ws);
	struct warm w = { api, 0 };
	bool ok;

	if (api == NULL || strlen(dir) >= sizeof(api->dir))
		return false;
	pthread_mutex_lock(&api->bind_lock);
	if (api->dir[0] == '\0') {
		snprintf(api->dir, sizeof(api->dir), "%s", dir);
		/* a failure leaves the cache to fill as proofs ask */
		(void)ws->store->ops->log_hash_each(ws->store,
		    ACC_STORE_OWN_LOG, warm_one, &w, NULL);
	}
	ok = strcmp(api->dir, dir) == 0;
	pthread_mutex_unlock(&api->bind_lock);
	return ok;
}

/* A store that reads stored hashes through api's cache. */
struct cached_store {
	acc_store base;
	struct acc_store_ops ops;
	acc_store *real;
	acc_api *api;
	uint64_t signed_size;    /* a size a checkpoint was signed at */
};

static int
cached_hash(acc_store *base, int64_t log, unsigned level, uint64_t index,
    acc_tlog_hash out, acc_err *err)
{
	struct cached_store *cs = (struct cached_store *)base;
	pthread_mutex_t *lock;
	struct hash_slot *slot;
	uint64_t key;
	int rc;

	if (log != ACC_STORE_OWN_LOG || level > 63 || index >> 57 != 0)
		return cs->real->ops->log_hash(cs->real, log, level, index,
		    out, err);
	key = ((uint64_t)level << 57 | index) + 1;
	slot = hash_slot(cs->api, key, &lock);
	pthread_mutex_lock(lock);
	if (slot->key == key) {
		memcpy(out, slot->hash, sizeof(acc_tlog_hash));
		pthread_mutex_unlock(lock);
		return 0;
	}
	pthread_mutex_unlock(lock);
	rc = cs->real->ops->log_hash(cs->real, log, level, index, out, err);
	if (rc == 0)
		hash_put(cs->api, level, index, out);
	return rc;
}

static int
cached_size(acc_store *base, int64_t log, uint64_t *n, acc_err *err)
{
	struct cached_store *cs = (struct cached_store *)base;

	/*
	 * Proofs ask for the size only to check that theirs is not past
	 * the log's end; a log that signed a checkpoint at a size has at
	 * least that many entries, and it only grows.
	 */
	if (log == ACC_STORE_OWN_LOG && cs->signed_size > 0) {
		*n = cs->signed_size;
		return 0;
	}
	return cs->real->ops->log_size(cs->real, log, n, err);
}

/*
 * Only what proofs read: the log's size and its stored hashes; size, a
 * size a checkpoint was signed at, stands for the log's size.
 */
static void
cached_store_init(struct cached_store *cs, acc_api *api, acc_workspace *ws,
    uint64_t size)
{
	memset(cs, 0, sizeof(*cs));
	cs->signed_size = size;
	cs->real = ws->store;
	cs->api = api;
	cs->ops.log_size = cached_size;
	cs->ops.log_hash = cached_hash;
	cs->base.ops = &cs->ops;
}

static void
count(acc_api *api, enum route r, int status)
{
	size_t s;

	if (api == NULL)
		return;
	for (s = 0; s < N_STATUSES - 1; s++)
		if (statuses[s] == status)
			break;
	atomic_fetch_add_explicit(&api->count[r][s], 1,
	    memory_order_relaxed);
}

/* ---- responses --------------------------------------------------------- */

void
acc_api_response_init(acc_api_response *res)
{
	acc_buf b = ACC_BUF_INIT(ACC_API_RESPONSE_MAX);

	res->status = 0;
	res->content_type = NULL;
	res->allow = NULL;
	res->body = b;
}

void
acc_api_response_dispose(acc_api_response *res)
{
	if (res == NULL)
		return;
	acc_buf_dispose(&res->body);
}

int
acc_api_status(int code)
{
	switch (code) {
	case ACC_OK:
		return 200;
	case ACC_EINVAL:
		return 400;
	case ACC_ENOTFOUND:
		return 404;
	case ACC_EVERIFY:
		return 422;
	case ACC_ELIMIT:
		return 413;
	case ACC_ECONFLICT:
	case ACC_EEXISTS:
		return 409;
	default:
		return 500;
	}
}

/* A JSON string of s: jansson's escaping when s is UTF-8, else ASCII. */
static int
put_json_string(acc_buf *b, const char *s)
{
	json_t *j = json_string(s);
	char *text = NULL;
	int rc;

	if (j != NULL)
		text = json_dumps(j, JSON_ENCODE_ANY);
	json_decref(j);
	if (text != NULL) {
		rc = acc_buf_puts(b, text);
		free(text);
		return rc;
	}
	rc = acc_buf_append(b, "\"", 1);
	for (; rc == 0 && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			rc = acc_buf_printf(b, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			rc = acc_buf_printf(b, "\\u%04x", c);
		else
			rc = acc_buf_append(b, s, 1);
	}
	if (rc == 0)
		rc = acc_buf_append(b, "\"", 1);
	return rc;
}

void
acc_api_error(acc_api_response *res, int status, const char *where,
    const char *message)
{
	int rc;

	acc_buf_reset(&res->body);
	res->status = status;
	res->content_type = JSON_TYPE;
	rc = acc_buf_printf(&res->body, "{\"error\":{\"code\":%d,\"where\":",
	    status);
	if (rc == 0)
		rc = put_json_string(&res->body, where);
	if (rc == 0)
		rc = acc_buf_puts(&res->body, ",\"message\":");
	if (rc == 0)
		rc = put_json_string(&res->body, message);
	if (rc == 0)
		rc = acc_buf_puts(&res->body, "}}\n");
	if (rc != 0) {
		/* out of memory: the status alone still tells the client */
		acc_buf_reset(&res->body);
	}
}

/* An error response from a library error, counted. */
static void
fail(acc_api_response *res, int rc, const acc_err *err, const char *where)
{
	const char *w = err->where[0] ? err->where : where;
	const char *m = err->msg[0] ? err->msg : acc_code_name(rc);

	acc_api_error(res, acc_api_status(rc), w, m);
}

/* ---- the request target ------------------------------------------------ */

static bool
is_b64url(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '=';
}

/*
 * The route of path (len bytes, no query), or R_OTHER. *id receives the
 * declaration id of /v1/declarations/{id}.
 */
static enum route
route_find(const char *path, size_t len, const char **id, size_t *id_len)
{
	size_t r, plen = strlen(routes[R_DECLARATION].path), i;

	for (r = 0; r < R_OTHER; r++) {
		if (r == R_DECLARATION)
			continue;
		if (strlen(routes[r].path) == len &&
		    strncmp(routes[r].path, path, len) == 0)
			return (enum route)r;
	}
	if (len > plen && len - plen <= 64 &&
	    strncmp(path, routes[R_DECLARATION].path, plen) == 0) {
		for (i = plen; i < len; i++)
			if (!is_b64url(path[i]))
				return R_OTHER;
		*id = path + plen;
		*id_len = len - plen;
		return R_DECLARATION;
	}
	return R_OTHER;
}

struct target {
	enum route route;
	const char *query;      /* after '?', or NULL */
	const char *id;         /* R_DECLARATION */
	size_t id_len;
};

static void
target_split(struct target *t, const char *target)
{
	const char *q = strchr(target, '?');
	size_t len = q ? (size_t)(q - target) : strlen(target);

	memset(t, 0, sizeof(*t));
	t->query = q ? q + 1 : NULL;
	if (strlen(target) > ACC_API_TARGET_MAX) {
		t->route = R_OTHER;
		return;
	}
	t->route = route_find(target, len, &t->id, &t->id_len);
}

/*
 * Parse query into p: name=value pairs joined by '&', names from
 * `allowed` (a NULL-terminated list), each at most once, values whole
 * numbers (0 or no leading zero, at most INT64_MAX).
 */
static int
params_parse(struct params *p, const char *query, const char *const *allowed,
    const char *where, acc_err *err)
{
	const char *s = query;
	char q[65];

	memset(p, 0, sizeof(*p));
	if (s == NULL || *s == '\0')
		return 0;
	for (;;) {
		const char *eq = strchr(s, '='), *amp = strchr(s, '&');
		const char *end = amp ? amp : s + strlen(s);
		uint64_t v = 0;
		size_t klen, i;
		const char *d;

		if (eq == NULL || eq > end) {
			acc_quote(q, sizeof(q), s, (size_t)(end - s));
			return acc_err_set(err, ACC_EINVAL, where,
			    "expected name=value, got \"%s\"", q);
		}
		klen = (size_t)(eq - s);
		for (i = 0; allowed[i]; i++)
			if (strlen(allowed[i]) == klen &&
			    strncmp(allowed[i], s, klen) == 0)
				break;
		if (allowed[i] == NULL) {
			acc_quote(q, sizeof(q), s, klen);
			return acc_err_set(err, ACC_EINVAL, where,
			    "unknown parameter \"%s\"", q);
		}
		for (i = 0; i < p->n; i++)
			if (strlen(p->p[i].key) == klen &&
			    strncmp(p->p[i].key, s, klen) == 0)
				return acc_err_set(err, ACC_EINVAL, where,
				    "parameter \"%s\" given twice",
				    p->p[i].key);
		d = eq + 1;
		if (d == end || (*d == '0' && end - d > 1) || end - d > 19)
			goto bad_number;
		for (; d < end; d++) {
			if (*d < '0' || *d > '9')
				goto bad_number;
			v = v * 10 + (uint64_t)(*d - '0');
		}
		if (v > (uint64_t)INT64_MAX)
			goto bad_number;
		if (p->n == PARAMS_MAX)
			return acc_err_set(err, ACC_EINVAL, where,
			    "too many parameters");
		memcpy(p->p[p->n].key, s, klen);
		p->p[p->n].key[klen] = '\0';
		p->p[p->n].value = v;
		p->n++;
		if (amp == NULL)
			return 0;
		s = amp + 1;
		continue;
bad_number:
		acc_quote(q, sizeof(q), eq + 1, (size_t)(end - eq - 1));
		return acc_err_set(err, ACC_EINVAL, where, "expected a whole "
		    "number for %.*s, got \"%s\"", (int)klen, s, q);
	}
}

/* The value of name into *out; false when absent. */
static bool
param_get(const struct params *p, const char *name, uint64_t *out)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->p[i].key, name) == 0) {
			*out = p->p[i].value;
			return true;
		}
	return false;
}

static int
param_need(const struct params *p, const char *name, uint64_t *out,
    const char *where, acc_err *err)
{
	if (!param_get(p, name, out))
		return acc_err_set(err, ACC_EINVAL, where, "the parameter "
		    "\"%s\" is required", name);
	return 0;
}

/* ---- the precheck ------------------------------------------------------ */

/* Whether the content type is text/plain, with parameters or not. */
static bool
is_text_plain(const char *ct)
{
	size_t n = strlen("text/plain");

	if (ct == NULL || strncasecmp(ct, "text/plain", n) != 0)
		return false;
	return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

static bool
method_known(const char *m)
{
	return strcmp(m, "GET") == 0 || strcmp(m, "POST") == 0;
}

static bool
reject(acc_api *api, enum route r, acc_api_response *res, int status,
    const char *where, const char *msg)
{
	acc_api_error(res, status, where, msg);
	count(api, r, status);
	return false;
}

bool
acc_api_precheck(acc_api *api, const acc_api_request *req,
    acc_api_response *res)
{
	struct target t;
	char where[96];
	bool peers;

	target_split(&t, req->target);
	snprintf(where, sizeof(where), "%.8s %s", req->method,
	    t.route == R_OTHER ? "(target)" : routes[t.route].path);
	res->allow = NULL;
	if (!method_known(req->method)) {
		res->allow = t.route == R_OTHER ? "GET, POST" :
		    routes[t.route].method;
		return reject(api, t.route, res, 405, where,
		    "the methods are GET and POST");
	}
	if (t.route == R_OTHER)
		return reject(api, t.route, res, 404, where,
		    "no such resource (see docs/http-api.md)");
	if (strcmp(req->method, routes[t.route].method) != 0) {
		res->allow = routes[t.route].method;
		return reject(api, t.route, res, 405, where,
		    t.route == R_COSIGNATURE ? "expected POST" :
		    "expected GET");
	}
	if (t.route == R_COSIGNATURE) {
		if (!is_text_plain(req->content_type))
			return reject(api, t.route, res, 415, where,
			    "expected Content-Type: text/plain");
		if (req->content_length == ACC_API_LENGTH_NONE)
			return reject(api, t.route, res, 411, where,
			    "expected a Content-Length");
		if (req->content_length > ACC_API_BODY_MAX)
			return reject(api, t.route, res, 413, where,
			    "the body is larger than 65536 bytes");
	} else if (req->content_length != ACC_API_LENGTH_NONE &&
	    req->content_length > 0) {
		return reject(api, t.route, res, 413, where,
		    "a GET request has no body");
	}
	peers = routes[t.route].peers_only ||
	    (t.route == R_CHECKPOINT && t.query != NULL);
	if (peers && req->auth == ACC_API_AUTH_NONE)
		return reject(api, t.route, res, 401, where,
		    "a client certificate of a peer of this treaty is "
		    "required");
	if (peers && req->auth != ACC_API_AUTH_PEER)
		return reject(api, t.route, res, 403, where,
		    "the client certificate is not a trusted key of this "
		    "treaty");
	return true;
}

/* ---- handlers ---------------------------------------------------------- */

struct ctx {
	acc_workspace *ws;
	const acc_api_request *req;
	const struct target *t;
	acc_api_response *res;
	const char *where;
	acc_err *err;
};

static int
oom(struct ctx *c)
{
	return acc_err_set(c->err, ACC_ELIMIT, c->where,
	    "the response is too large");
}

static int
h_health(struct ctx *c)
{
	acc_workspace *ws = c->ws;
	acc_buf *b = &c->res->body;
	uint64_t n = 0;
	int rc = acc_workspace_log_size(ws, &n, c->err);

	if (rc != 0)
		return rc;
	if (acc_buf_puts(b, "{\"status\":\"ok\",\"treaty\":") != 0 ||
	    put_json_string(b, acc_treaty_id(acc_workspace_treaty(ws))) != 0 ||
	    acc_buf_puts(b, ",\"party\":") != 0 ||
	    put_json_string(b, acc_workspace_party(ws)) != 0 ||
	    acc_buf_printf(b, ",\"role\":\"%s\",\"log_size\":%" PRIu64 "}\n",
	    acc_workspace_is_witness(ws) ? "witness" : "party", n) != 0)
		return oom(c);
	c->res->content_type = JSON_TYPE;
	return 0;
}

/* Milliseconds from a to b. */
static int64_t
ms_between(const struct timespec *a, const struct timespec *b)
{
	return (int64_t)(b->tv_sec - a->tv_sec) * 1000 +
	    (b->tv_nsec - a->tv_nsec) / 1000000;
}

/* The latest checkpoint from api's copy when it is recent enough. */
static bool
checkpoint_kept(acc_api *api, acc_workspace *ws, acc_buf *out)
{
	struct timespec now;
	bool ok = false;

	if (api == NULL || api->max_age_ms == 0 || !cache_of(api, ws))
		return false;
	clock_gettime(CLOCK_MONOTONIC, &now);
	pthread_mutex_lock(&api->cp_lock);
	if (api->has_cp && ms_between(&api->cp_read, &now) <
	    (int64_t)api->max_age_ms)
		ok = acc_buf_append(out, api->cp.data, api->cp.len) == 0;
	pthread_mutex_unlock(&api->cp_lock);
	return ok;
}

static void
checkpoint_keep(acc_api *api, acc_workspace *ws, const acc_buf *text,
    const struct timespec *read_at)
{
	if (api == NULL || api->max_age_ms == 0 || !cache_of(api, ws))
		return;
	pthread_mutex_lock(&api->cp_lock);
	acc_buf_reset(&api->cp);
	api->has_cp = acc_buf_append(&api->cp, text->data, text->len) == 0;
	api->cp_read = *read_at;
	pthread_mutex_unlock(&api->cp_lock);
}

static int
h_checkpoint(struct ctx *c, acc_api *api)
{
	static const char *const allowed[] = { "size", NULL };
	struct timespec read_at;
	struct params p;
	uint64_t size = UINT64_MAX;
	int rc = params_parse(&p, c->t->query, allowed, c->where, c->err);

	if (rc != 0)
		return rc;
	(void)param_get(&p, "size", &size);
	c->res->content_type = TEXT_TYPE;
	if (size == UINT64_MAX && checkpoint_kept(api, c->ws, &c->res->body))
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &read_at);
	rc = acc_workspace_checkpoint_cosigned(c->ws, size, &c->res->body,
	    c->err);
	if (rc == ACC_ENOTFOUND) {
		acc_err_clear(c->err);
		if (size == UINT64_MAX)
			return acc_err_set(c->err, ACC_ENOTFOUND, c->where,
			    "the log is empty: no checkpoint was signed");
		return acc_err_set(c->err, ACC_ENOTFOUND, c->where,
		    "no checkpoint was signed at size %" PRIu64, size);
	}
	if (rc == 0 && size == UINT64_MAX)
		checkpoint_keep(api, c->ws, &c->res->body, &read_at);
	return rc;
}

static int
h_report(struct ctx *c)
{
	acc_inventory *inv = NULL;
	acc_report *rep = NULL;
	int rc;

	if (c->t->query != NULL)
		return acc_err_set(c->err, ACC_EINVAL, c->where,
		    "takes no parameters");
	rep = calloc(1, sizeof(*rep));
	if (rep == NULL)
		return oom(c);
	rc = acc_workspace_inventory(c->ws, &inv, c->err);
	if (rc == 0)
		rc = acc_report_make(rep, inv, ACC_DATE_NONE, c->err);
	if (rc == 0)
		rc = acc_report_format(&c->res->body, rep, 1, ACC_FORMAT_JSON,
		    c->err);
	c->res->content_type = JSON_TYPE;
	acc_inventory_free(inv);
	free(rep);
	return rc;
}

struct entries {
	acc_buf *out;
	uint64_t n;
};

static int
put_entry(void *ctx, uint64_t seq, const char *entry, size_t len)
{
	struct entries *e = ctx;

	(void)seq;
	/* at least one entry, however large, then stop at the byte cap */
	if (e->n > 0 && e->out->len + len + 4 > ACC_API_ENTRIES_BYTES_MAX)
		return 1;
	if ((e->n > 0 && acc_buf_append(e->out, ",", 1) != 0) ||
	    acc_buf_append(e->out, entry, len) != 0)
		return ACC_ELIMIT;
	e->n++;
	return 0;
}

static int
h_entries(struct ctx *c)
{
	static const char *const allowed[] = { "start", "end", NULL };
	acc_store *s = c->ws->store;
	struct params p;
	struct entries e = { &c->res->body, 0 };
	uint64_t a = 0, b = 0;
	int rc = params_parse(&p, c->t->query, allowed, c->where, c->err);

	if (rc == 0)
		rc = param_need(&p, "start", &a, c->where, c->err);
	if (rc == 0)
		rc = param_need(&p, "end", &b, c->where, c->err);
	if (rc != 0)
		return rc;
	if (a > b)
		return acc_err_set(c->err, ACC_EINVAL, c->where,
		    "start %" PRIu64 " is past end %" PRIu64, a, b);
	if (b - a > ACC_API_ENTRIES_MAX)
		b = a + ACC_API_ENTRIES_MAX;
	if (acc_buf_printf(&c->res->body, "{\"start\":%" PRIu64
	    ",\"entries\":[", a) != 0)
		return oom(c);
	rc = s->ops->log_each(s, ACC_STORE_OWN_LOG, a, b, NULL, put_entry, &e,
	    c->err);
	if (rc == 1)
		rc = 0;
	else if (rc == ACC_ELIMIT)
		return oom(c);
	if (rc != 0)
		return rc;
	if (acc_buf_puts(&c->res->body, "]}\n") != 0)
		return oom(c);
	c->res->content_type = JSON_TYPE;
	return 0;
}

/*
 * Whether a checkpoint was signed at size (size 0 needs none): a proof
 * is checked against one. ACC_EINVAL when none was.
 */
static int
signed_at(struct ctx *c, acc_api *api, bool cached, uint64_t size,
    const char *what)
{
	acc_store *s = c->ws->store;
	acc_buf note = ACC_BUF_INIT(1u << 16);
	_Atomic uint64_t *slot = &api->sizes[(size * 0x9e3779b97f4a7c15ull)
	    >> 56];
	uint64_t got;
	int rc;

	if (size == 0 || (cached && atomic_load(slot) == size + 1))
		return 0;
	rc = s->ops->log_checkpoint_get(s, ACC_STORE_OWN_LOG, size, &note,
	    &got, c->err);
	acc_buf_dispose(&note);
	if (rc == ACC_ENOTFOUND) {
		acc_err_clear(c->err);
		return acc_err_set(c->err, ACC_EINVAL, c->where, "no "
		    "checkpoint was signed at %s %" PRIu64 ": a proof is "
		    "checked against one", what, size);
	}
	if (rc == 0 && cached)
		atomic_store(slot, size + 1);
	return rc;
}

static int
h_inclusion(struct ctx *c, acc_api *api)
{
	static const char *const allowed[] = { "index", "size", NULL };
	struct cached_store cs;
	struct params p;
	acc_log log;
	uint64_t index = 0, size = UINT64_MAX;
	bool cached = cache_of(api, c->ws);
	int rc = params_parse(&p, c->t->query, allowed, c->where, c->err);

	if (rc == 0)
		rc = param_need(&p, "index", &index, c->where, c->err);
	if (rc != 0)
		return rc;
	c->res->content_type = JSON_TYPE;
	if (!param_get(&p, "size", &size))
		rc = acc_workspace_log_size(c->ws, &size, c->err);
	if (rc == 0)
		rc = signed_at(c, api, cached, size, "size");
	if (rc != 0)
		return rc;
	memset(&log, 0, sizeof(log));
	log.store = c->ws->store;
	log.id = ACC_STORE_OWN_LOG;
	if (cached) {
		cached_store_init(&cs, api, c->ws, size);
		log.store = &cs.base;
	}
	return acc_log_prove_inclusion(&log, index, size, &c->res->body,
	    c->err);
}

static int
h_consistency(struct ctx *c, acc_api *api)
{
	static const char *const allowed[] = { "old", "size", NULL };
	struct cached_store cs;
	struct params p;
	acc_log log;
	uint64_t old = 0, size = 0;
	bool cached = cache_of(api, c->ws);
	int rc = params_parse(&p, c->t->query, allowed, c->where, c->err);

	if (rc == 0)
		rc = param_need(&p, "old", &old, c->where, c->err);
	if (rc == 0)
		rc = param_need(&p, "size", &size, c->where, c->err);
	if (rc != 0)
		return rc;
	if (old > size)
		return acc_err_set(c->err, ACC_EINVAL, c->where,
		    "old %" PRIu64 " is past size %" PRIu64, old, size);
	c->res->content_type = JSON_TYPE;
	rc = signed_at(c, api, cached, old, "old");
	if (rc == 0)
		rc = signed_at(c, api, cached, size, "size");
	if (rc != 0)
		return rc;
	memset(&log, 0, sizeof(log));
	log.store = c->ws->store;
	log.id = ACC_STORE_OWN_LOG;
	if (cached) {
		cached_store_init(&cs, api, c->ws, size);
		log.store = &cs.base;
	}
	return acc_log_prove_consistency(&log, old, size, &c->res->body,
	    c->err);
}

struct decls {
	json_t *list;
	int rc;
};

static int
put_decl(void *ctx, uint64_t seq, const char *entry, size_t len)
{
	struct decls *d = ctx;
	json_t *e = json_loadb(entry, len, 0, NULL);
	json_t *body = json_object_get(e, "body"), *o;

	if (!json_is_object(body)) {
		json_decref(e);
		return ACC_EVERIFY;
	}
	o = json_deep_copy(body);
	if (o == NULL || json_object_set_new(o, "seq",
	    json_integer((json_int_t)seq)) != 0 ||
	    json_object_set(o, "time", json_object_get(e, "time")) != 0 ||
	    json_array_append_new(d->list, o) != 0) {
		json_decref(e);
		return ACC_ERR;
	}
	json_decref(e);
	return 0;
}

static int
h_declarations(struct ctx *c)
{
	acc_store *s = c->ws->store;
	struct decls d = { json_array(), 0 };
	char *text = NULL;
	int rc;

	if (c->t->query != NULL) {
		json_decref(d.list);
		return acc_err_set(c->err, ACC_EINVAL, c->where,
		    "takes no parameters");
	}
	if (d.list == NULL)
		return oom(c);
	rc = s->ops->log_each(s, ACC_STORE_OWN_LOG, 0, UINT64_MAX,
	    "declaration", put_decl, &d, c->err);
	if (rc == ACC_EVERIFY)
		rc = acc_err_set(c->err, ACC_EVERIFY, c->where,
		    "a stored declaration entry is not JSON");
	else if (rc == ACC_ERR)
		rc = oom(c);
	if (rc == 0) {
		text = json_dumps(d.list, JSON_COMPACT);
		if (text == NULL || acc_buf_puts(&c->res->body, text) != 0 ||
		    acc_buf_puts(&c->res->body, "\n") != 0)
			rc = oom(c);
	}
	free(text);
	json_decref(d.list);
	c->res->content_type = JSON_TYPE;
	return rc;
}

static int
h_declaration(struct ctx *c)
{
	acc_store *s = c->ws->store;
	struct acc_stored_decl sd;
	char std[72], canon[64], q[72];
	uint8_t id[ACC_SHA256_LEN + 4];
	size_t i, n = 0, len = c->t->id_len;
	int rc;

	if (c->t->query != NULL)
		return acc_err_set(c->err, ACC_EINVAL, c->where,
		    "takes no parameters");
	/* base64url (RFC 4648 section 5), padded or not, to standard */
	while (len > 0 && c->t->id[len - 1] == '=')
		len--;
	for (i = 0; i < len && i < 64; i++) {
		char ch = c->t->id[i];
		std[i] = ch == '-' ? '+' : ch == '_' ? '/' : ch;
	}
	while (i % 4 != 0 && i < 64)
		std[i++] = '=';
	std[i] = '\0';
	memset(&sd, 0, sizeof(sd));
	if (acc_base64_decode(id, sizeof(id), &n, std, i, c->where, NULL) !=
	    0 || n != ACC_SHA256_LEN) {
		acc_quote(q, sizeof(q), c->t->id, c->t->id_len);
		return acc_err_set(c->err, ACC_EINVAL, c->where, "expected a "
		    "declaration id (base64url of 32 bytes), got \"%s\"", q);
	}
	acc_base64_encode(canon, id, ACC_SHA256_LEN);
	rc = s->ops->decl_get(s, canon, NULL, NULL, &sd, c->err);
	if (rc == ACC_ENOTFOUND) {
		acc_err_clear(c->err);
		rc = acc_err_set(c->err, ACC_ENOTFOUND, c->where,
		    "no declaration %s in this workspace", canon);
	}
	if (rc == 0 && acc_buf_append(&c->res->body, sd.package,
	    sd.package_len) != 0)
		rc = oom(c);
	acc_stored_decl_dispose(&sd);
	c->res->content_type = JSON_TYPE;
	return rc;
}

static int
h_cosignature(struct ctx *c)
{
	size_t added = 0;
	int rc;

	if (c->t->query != NULL)
		return acc_err_set(c->err, ACC_EINVAL, c->where,
		    "takes no parameters");
	if (c->req->body_len != c->req->content_length)
		return acc_err_set(c->err, ACC_EINVAL, c->where,
		    "the body is not Content-Length bytes");
	rc = acc_workspace_cosignature_add(c->ws, c->req->body,
	    c->req->body_len, &added, c->err);
	if (rc != 0)
		return rc;
	c->res->content_type = JSON_TYPE;
	if (acc_buf_printf(&c->res->body, "{\"added\":%zu}\n", added) != 0)
		return oom(c);
	return 0;
}

static int
count_cosig(void *ctx, uint64_t size, const char *witness, const char *line)
{
	(void)size;
	(void)witness;
	(void)line;
	(*(uint64_t *)ctx)++;
	return 0;
}

static int
h_metrics(struct ctx *c, acc_api *api)
{
	acc_store *s = c->ws->store;
	acc_buf *b = &c->res->body;
	struct timespec now;
	uint64_t size = 0, cosigs = 0;
	size_t r, k;
	int rc = acc_workspace_log_size(c->ws, &size, c->err), n = 0;

	if (rc == 0)
		rc = s->ops->cosig_each(s, ACC_STORE_OWN_LOG, UINT64_MAX,
		    count_cosig, &cosigs, c->err);
	if (rc != 0)
		return rc;
	clock_gettime(CLOCK_MONOTONIC, &now);
	n |= acc_buf_puts(b, "# HELP accord_http_requests_total HTTP "
	    "requests answered, by path and status.\n"
	    "# TYPE accord_http_requests_total counter\n");
	for (r = 0; api && r < N_ROUTES; r++)
		for (k = 0; k < N_STATUSES; k++) {
			uint64_t v = atomic_load_explicit(&api->count[r][k],
			    memory_order_relaxed);
			/* this request counts once it is answered */
			if (v == 0)
				continue;
			n |= acc_buf_printf(b, "accord_http_requests_total"
			    "{path=\"%s\",status=\"%d\"} %" PRIu64 "\n",
			    routes[r].path, statuses[k], v);
		}
	n |= acc_buf_printf(b, "# HELP accord_log_size Entries in this "
	    "node's log.\n# TYPE accord_log_size gauge\n"
	    "accord_log_size %" PRIu64 "\n", size);
	n |= acc_buf_printf(b, "# HELP accord_cosignatures Cosignatures held "
	    "of this node's checkpoints.\n# TYPE accord_cosignatures gauge\n"
	    "accord_cosignatures %" PRIu64 "\n", cosigs);
	n |= acc_buf_printf(b, "# HELP accord_uptime_seconds Seconds since "
	    "the server started.\n# TYPE accord_uptime_seconds gauge\n"
	    "accord_uptime_seconds %lld\n", api ? (long long)(now.tv_sec -
	    api->started.tv_sec) : 0LL);
	n |= acc_buf_printf(b, "# HELP accord_info The node.\n"
	    "# TYPE accord_info gauge\naccord_info{treaty=\"%s\",party=\"%s\","
	    "role=\"%s\"} 1\n", acc_treaty_id(acc_workspace_treaty(c->ws)),
	    acc_workspace_party(c->ws), acc_workspace_is_witness(c->ws) ?
	    "witness" : "party");
	if (n != 0)
		return oom(c);
	c->res->content_type = METRICS_TYPE;
	return 0;
}

void
acc_api_handle(acc_api *api, acc_workspace *ws, const acc_api_request *req,
    acc_api_response *res)
{
	acc_err err = ACC_ERR_INIT;
	struct target t;
	struct ctx c;
	char where[96];
	int rc;

	acc_buf_reset(&res->body);
	res->status = 0;
	if (!acc_api_precheck(api, req, res))
		return;
	target_split(&t, req->target);
	snprintf(where, sizeof(where), "%s %s", req->method,
	    routes[t.route].path);
	c.ws = ws;
	c.req = req;
	c.t = &t;
	c.res = res;
	c.where = where;
	c.err = &err;
	switch (t.route) {
	case R_HEALTH:
		rc = h_health(&c);
		break;
	case R_CHECKPOINT:
		rc = h_checkpoint(&c, api);
		break;
	case R_REPORT:
		rc = h_report(&c);
		break;
	case R_METRICS:
		rc = h_metrics(&c, api);
		break;
	case R_ENTRIES:
		rc = h_entries(&c);
		break;
	case R_INCLUSION:
		rc = h_inclusion(&c, api);
		break;
	case R_CONSISTENCY:
		rc = h_consistency(&c, api);
		break;
	case R_DECLARATIONS:
		rc = h_declarations(&c);
		break;
	case R_DECLARATION:
		rc = h_declaration(&c);
		break;
	case R_COSIGNATURE:
		rc = h_cosignature(&c);
		break;
	default:
		rc = acc_err_set(&err, ACC_ERR, where, "no handler");
		break;
	}
	if (rc != 0)
		fail(res, rc, &err, where);
	else
		res->status = 200;
	count(api, t.route, res->status);
}
