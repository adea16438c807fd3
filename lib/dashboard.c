/*
 * The dashboard's front door (docs/dashboard.md): the operator's token
 * and cookie, the Host check, the security headers every response
 * carries, the pages and assets compiled into the binary (web/), and the
 * routing to the JSON endpoints (dashboard_data.c) and to the node's
 * own API (api.c). Never touches a socket; never writes to the
 * workspace: everything here is read-only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/crypto.h>
#include <accord/dashboard.h>

#include "dashboard_int.h"
#include "embedded.h"

#define TOKEN_BYTES 32
#define JSON_TYPE "application/json"
#define HTML_TYPE "text/html; charset=utf-8"

/*
 * Scripts, styles, pictures and requests from this origin only; nothing
 * inline, no plugin, no frame, no form posted elsewhere.
 */
#define CSP "default-src 'self'; script-src 'self'; style-src 'self'; " \
	"img-src 'self'; connect-src 'self'; font-src 'self'; " \
	"object-src 'none'; base-uri 'none'; form-action 'self'; " \
	"frame-ancestors 'none'"

struct acc_dash {
	acc_api *api;
	char authority[64];     /* "127.0.0.1:PORT", "[::1]:PORT" */
	char localhost[32];     /* "localhost:PORT" */
	char cookie[32];        /* the cookie's name: "accord-PORT" */
	char token[ACC_DASH_TOKEN_LEN + 1];
	size_t n_positions;
	char *positions[ACC_DASH_POSITIONS_MAX];
};

/* The pages: each is web/index.html, which shows the one its path names. */
static const char *const pages[] = {
	"/", "/compliance", "/declarations", "/notifications", "/witnessing",
	"/inspections", "/negotiation", "/context", NULL,
};

static const struct endpoint {
	const char *path;
	int (*fn)(struct acc_dash_ctx *c);
} endpoints[] = {
	{ "/api/node", acc_dash_api_node },
	{ "/api/log", acc_dash_api_log },
	{ "/api/witnessing", acc_dash_api_witnessing },
	{ "/api/declarations", acc_dash_api_declarations },
	{ "/api/diff", acc_dash_api_diff },
	{ "/api/compliance", acc_dash_api_compliance },
	{ "/api/inspections", acc_dash_api_inspections },
	{ "/api/negotiation", acc_dash_api_negotiation },
	{ "/api/context", acc_dash_api_context },
	{ NULL, NULL },
};

/* ---- the dashboard ------------------------------------------------------- */

static bool
is_digits(const char *s)
{
	if (*s == '\0' || strlen(s) > 5)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Whether authority is a loopback address and a port, as bound. */
static const char *
loopback_port(const char *a)
{
	const char *colon = strrchr(a, ':');

	if (colon == NULL || !is_digits(colon + 1))
		return NULL;
	if (strncmp(a, "[::1]:", 6) == 0 && colon == a + 5)
		return colon + 1;
	if (strncmp(a, "127.", 4) == 0) {
		const char *p;
		for (p = a + 4; p < colon; p++)
			if ((*p < '0' || *p > '9') && *p != '.')
				return NULL;
		return colon + 1;
	}
	return NULL;
}

int
acc_dash_new(acc_dash **out, acc_api *api, const char *authority,
    const acc_dash_opts *o, acc_err *err)
{
	uint8_t raw[TOKEN_BYTES];
	char b64[64];
	const char *port = loopback_port(authority);
	acc_dash *d = NULL;
	size_t i, n;
	int rc;

	*out = NULL;
	if (port == NULL || strlen(authority) >= sizeof(d->authority))
		return acc_err_set(err, ACC_EINVAL, "--dashboard", "expected "
		    "a loopback address and port (127.0.0.1:PORT or "
		    "[::1]:PORT), got \"%.64s\"", authority);
	if (o != NULL && o->n_positions > ACC_DASH_POSITIONS_MAX)
		return acc_err_set(err, ACC_EINVAL, "--positions", "at most "
		    "%d positions files", ACC_DASH_POSITIONS_MAX);
	d = calloc(1, sizeof(*d));
	if (d == NULL)
		return acc_err_set(err, ACC_ERR, "dashboard", "out of memory");
	d->api = api;
	snprintf(d->authority, sizeof(d->authority), "%s", authority);
	snprintf(d->localhost, sizeof(d->localhost), "localhost:%s", port);
	/* cookies are per host, not per port: two nodes on one machine */
	snprintf(d->cookie, sizeof(d->cookie), "accord-%s", port);
	rc = acc_random(raw, sizeof(raw), err);
	if (rc != 0)
		goto done;
	acc_base64_encode(b64, raw, sizeof(raw));
	acc_wipe(raw, sizeof(raw));
	/* base64url without padding (RFC 4648 section 5) */
	for (i = 0; i < ACC_DASH_TOKEN_LEN; i++)
		d->token[i] = b64[i] == '+' ? '-' : b64[i] == '/' ? '_' :
		    b64[i];
	d->token[ACC_DASH_TOKEN_LEN] = '\0';
	acc_wipe(b64, sizeof(b64));
	n = o != NULL ? o->n_positions : 0;
	for (i = 0; i < n; i++) {
		d->positions[i] = strdup(o->positions[i]);
		if (d->positions[i] == NULL) {
			rc = acc_err_set(err, ACC_ERR, "dashboard",
			    "out of memory");
			goto done;
		}
		d->n_positions++;
	}
	*out = d;
	d = NULL;
done:
	acc_dash_free(d);
	return rc;
}

void
acc_dash_free(acc_dash *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->n_positions; i++)
		free(d->positions[i]);
	acc_wipe(d->token, sizeof(d->token));
	free(d);
}

void
acc_dash_url(const acc_dash *d, char *out, size_t out_len)
{
	snprintf(out, out_len, "http://%s/?token=%s", d->authority, d->token);
}

/* ---- responses ----------------------------------------------------------- */

void
acc_dash_response_init(acc_dash_response *res)
{
	acc_buf b = ACC_BUF_INIT(ACC_API_RESPONSE_MAX);

	memset(res, 0, sizeof(*res));
	res->body = b;
}

void
acc_dash_response_dispose(acc_dash_response *res)
{
	if (res == NULL)
		return;
	acc_buf_dispose(&res->body);
}

static void
header_add(acc_dash_response *res, const char *name, const char *value)
{
	if (res->n_headers < ACC_DASH_HEADERS_MAX) {
		res->headers[res->n_headers].name = name;
		res->headers[res->n_headers].value = value;
		res->n_headers++;
	}
}

/* What every response carries, whatever its status. */
static void
headers_common(acc_dash_response *res)
{
	res->n_headers = 0;
	header_add(res, "Content-Security-Policy", CSP);
	header_add(res, "X-Content-Type-Options", "nosniff");
	header_add(res, "Referrer-Policy", "no-referrer");
	header_add(res, "X-Frame-Options", "DENY");
	header_add(res, "Cross-Origin-Opener-Policy", "same-origin");
	header_add(res, "Cross-Origin-Resource-Policy", "same-origin");
	header_add(res, "Cache-Control", "no-store");
}

static void
error_reply(acc_dash_response *res, int status, const char *where,
    const char *message)
{
	acc_api_response a;

	acc_api_response_init(&a);
	acc_api_error(&a, status, where, message);
	acc_buf_dispose(&res->body);
	res->body = a.body;
	res->status = status;
	res->content_type = JSON_TYPE;
	headers_common(res);
}

/* ---- the checks ---------------------------------------------------------- */

static bool
is_page(const char *path, size_t len)
{
	size_t i;

	for (i = 0; pages[i]; i++)
		if (strlen(pages[i]) == len &&
		    strncmp(pages[i], path, len) == 0)
			return true;
	return false;
}

/* Whether s (len bytes) is the token, compared in constant time. */
static bool
is_token(const acc_dash *d, const char *s, size_t len)
{
	return len == ACC_DASH_TOKEN_LEN &&
	    acc_ct_equal(s, d->token, ACC_DASH_TOKEN_LEN);
}

/*
 * The value of "token=" in query (the only parameter of a page), or
 * NULL; *len its length.
 */
static const char *
query_token(const char *query, size_t *len)
{
	const char *p = query, *end;

	while (p != NULL && *p) {
		end = strchr(p, '&');
		if (strncmp(p, "token=", 6) == 0) {
			*len = end ? (size_t)(end - p - 6) : strlen(p + 6);
			return p + 6;
		}
		p = end ? end + 1 : NULL;
	}
	return NULL;
}

/* The value of cookie `name` in a Cookie header, or NULL. */
static const char *
cookie_value(const char *header, const char *name, size_t *len)
{
	size_t n = strlen(name);
	const char *p = header, *end;

	while (p != NULL && *p) {
		while (*p == ' ' || *p == ';')
			p++;
		end = strchr(p, ';');
		if (strncmp(p, name, n) == 0 && p[n] == '=') {
			*len = end ? (size_t)(end - p - n - 1) :
			    strlen(p + n + 1);
			return p + n + 1;
		}
		p = end;
	}
	return NULL;
}

bool
acc_dash_precheck(acc_dash *d, const acc_dash_request *req,
    acc_dash_response *res)
{
	const char *q = strchr(req->target, '?'), *tok, *ck;
	size_t plen = q ? (size_t)(q - req->target) : strlen(req->target);
	size_t len = 0;
	char where[96];
	int n;

	snprintf(where, sizeof(where), "%.8s %.*s", req->method,
	    (int)(plen < 64 ? plen : 64), req->target);
	if (strcmp(req->method, "GET") != 0) {
		error_reply(res, 405, where, "the dashboard is read-only: "
		    "expected GET");
		header_add(res, "Allow", "GET");
		return false;
	}
	if (req->content_length != ACC_API_LENGTH_NONE &&
	    req->content_length > 0) {
		error_reply(res, 413, where, "a GET request has no body");
		return false;
	}
	/* a name that resolves to 127.0.0.1 elsewhere is not this origin */
	if (req->host == NULL || (strcmp(req->host, d->authority) != 0 &&
	    strcmp(req->host, d->localhost) != 0)) {
		error_reply(res, 421, where, "the Host header must name this "
		    "listener's own loopback address");
		return false;
	}
	if (strlen(req->target) > ACC_API_TARGET_MAX || req->target[0] != '/') {
		error_reply(res, 400, where, "expected a path of at most "
		    "2048 bytes");
		return false;
	}
	tok = q && is_page(req->target, plen) ? query_token(q + 1, &len) :
	    NULL;
	if (tok != NULL) {
		if (!is_token(d, tok, len)) {
			error_reply(res, 403, where, "this is not the token "
			    "accord serve printed for this run");
			return false;
		}
		/* the token leaves the address bar and the history */
		res->status = 303;
		res->content_type = HTML_TYPE;
		acc_buf_reset(&res->body);
		headers_common(res);
		n = snprintf(res->text, sizeof(res->text), "%s=%s; HttpOnly; "
		    "SameSite=Strict; Path=/", d->cookie, d->token);
		header_add(res, "Set-Cookie", res->text);
		/* the page's own path, after the cookie's NUL */
		snprintf(res->text + n + 1, sizeof(res->text) - (size_t)n - 1,
		    "%.*s", (int)plen, req->target);
		header_add(res, "Location", res->text + n + 1);
		return false;
	}
	ck = req->cookie ? cookie_value(req->cookie, d->cookie, &len) : NULL;
	if (ck == NULL) {
		error_reply(res, 401, where, "open the address with the token "
		    "that accord serve printed");
		return false;
	}
	if (!is_token(d, ck, len)) {
		error_reply(res, 403, where, "the cookie is not this run's: "
		    "open the address accord serve printed");
		return false;
	}
	return true;
}

/* ---- pages, assets, endpoints -------------------------------------------- */

static const char *
asset_type(const char *name)
{
	const char *dot = strrchr(name, '.');

	if (dot == NULL)
		return "application/octet-stream";
	if (strcmp(dot, ".js") == 0)
		return "text/javascript; charset=utf-8";
	if (strcmp(dot, ".css") == 0)
		return "text/css; charset=utf-8";
	if (strcmp(dot, ".html") == 0)
		return HTML_TYPE;
	if (strcmp(dot, ".svg") == 0)
		return "image/svg+xml";
	return "application/octet-stream";
}

/* Embedded file web/NAME (name: len bytes) into res; false when none. */
static bool
asset(acc_dash_response *res, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < acc_embedded_count; i++) {
		const struct acc_embedded_file *f = &acc_embedded[i];
		if (strncmp(f->name, "web/", 4) != 0 ||
		    strlen(f->name + 4) != len ||
		    strncmp(f->name + 4, name, len) != 0)
			continue;
		if (acc_buf_append(&res->body, f->data, f->len) != 0)
			return false;
		res->status = 200;
		res->content_type = asset_type(f->name);
		return true;
	}
	return false;
}

/* GET /v1/...: the node's API, to the operator as to the node itself. */
static void
node_api(acc_dash *d, acc_workspace *ws, const acc_dash_request *req,
    acc_dash_response *res)
{
	acc_api_request a;
	acc_api_response r;

	memset(&a, 0, sizeof(a));
	a.method = "GET";
	a.target = req->target;
	a.content_length = ACC_API_LENGTH_NONE;
	a.auth = ACC_API_AUTH_PEER;
	a.peer = acc_workspace_party(ws);
	a.body = "";
	acc_api_response_init(&r);
	acc_api_handle(d->api, ws, &a, &r);
	acc_buf_dispose(&res->body);
	res->body = r.body;
	res->status = r.status;
	res->content_type = r.content_type;
}

void
acc_dash_handle(acc_dash *d, acc_workspace *ws, const acc_dash_request *req,
    acc_dash_response *res)
{
	const char *q = strchr(req->target, '?');
	size_t plen = q ? (size_t)(q - req->target) : strlen(req->target);
	acc_err err = ACC_ERR_INIT;
	struct acc_dash_ctx c;
	char where[96];
	size_t i;
	int rc;

	acc_buf_reset(&res->body);
	res->status = 0;
	res->n_headers = 0;
	if (!acc_dash_precheck(d, req, res))
		return;
	headers_common(res);
	snprintf(where, sizeof(where), "GET %.*s",
	    (int)(plen < 64 ? plen : 64), req->target);
	if (is_page(req->target, plen)) {
		if (q != NULL)
			error_reply(res, 400, where, "a page takes no "
			    "parameters but the token");
		else if (!asset(res, "index.html", 10))
			error_reply(res, 500, where, "this build has no "
			    "dashboard pages");
		return;
	}
	if (plen > 8 && strncmp(req->target, "/assets/", 8) == 0) {
		const char *name = req->target + 8;
		size_t nlen = plen - 8;
		for (i = 0; i < nlen; i++)
			if (name[i] == '/' || name[i] == '%' ||
			    (name[i] == '.' && i + 1 < nlen &&
			    name[i + 1] == '.'))
				break;
		if (i < nlen || q != NULL || !asset(res, name, nlen))
			error_reply(res, 404, where, "no such asset");
		return;
	}
	if (plen > 4 && strncmp(req->target, "/v1/", 4) == 0) {
		node_api(d, ws, req, res);
		return;
	}
	for (i = 0; endpoints[i].path; i++)
		if (strlen(endpoints[i].path) == plen &&
		    strncmp(endpoints[i].path, req->target, plen) == 0)
			break;
	if (endpoints[i].path == NULL) {
		error_reply(res, 404, where, "no such page or resource (see "
		    "docs/dashboard.md)");
		return;
	}
	memset(&c, 0, sizeof(c));
	c.ws = ws;
	c.query = q ? q + 1 : NULL;
	c.positions = (const char *const *)d->positions;
	c.n_positions = d->n_positions;
	c.out = &res->body;
	c.where = where;
	c.err = &err;
	rc = endpoints[i].fn(&c);
	if (rc != 0) {
		error_reply(res, acc_api_status(rc), err.where[0] ? err.where :
		    where, err.msg[0] ? err.msg : "failed");
		return;
	}
	res->status = 200;
	res->content_type = JSON_TYPE;
}
