/*
 * The dashboard of `accord serve --dashboard` (docs/dashboard.md) as
 * plain functions: the operator's access, the pages and their assets
 * (compiled into the binary) and the read-only JSON endpoints the pages
 * read. No socket, no HTTP library: cli/serve.c adapts libmicrohttpd to
 * these, and tests call them directly.
 *
 * The operator is whoever holds the node's per-run token: the URL that
 * acc_dash_url gives carries it once; the first request with it gets a
 * cookie (HttpOnly, SameSite=Strict) and a redirect to the same page
 * without it. Every other request needs the cookie. Only GET is served,
 * never with a body; the Host header must name the listener's own
 * loopback address (against DNS rebinding). Every response carries a
 * strict Content-Security-Policy, nosniff, no-referrer and no-store.
 */
#ifndef ACCORD_DASHBOARD_H
#define ACCORD_DASHBOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <accord/api.h>
#include <accord/buf.h>
#include <accord/err.h>
#include <accord/workspace.h>

/* The per-run token: 32 random bytes, base64url without padding. */
#define ACC_DASH_TOKEN_LEN 43
/* Headers one response may carry. */
#define ACC_DASH_HEADERS_MAX 12
/* Positions files the negotiation page offers. */
#define ACC_DASH_POSITIONS_MAX 16

typedef struct acc_dash acc_dash;

typedef struct acc_dash_opts {
	/* positions files (docs/negotiation.md) for the negotiation page */
	const char *const *positions;
	size_t n_positions;
} acc_dash_opts;

/*
 * A dashboard of the workspace in dir, answering on the loopback
 * listener `authority` ("127.0.0.1:PORT" or "[::1]:PORT", as bound),
 * with a fresh random token. api (borrowed, must outlive *out) serves the
 * /v1 endpoints to the operator as to the node itself. ACC_EINVAL when
 * authority is not a loopback address with a port or there are too many
 * positions files, ACC_ERR when no randomness is to be had. Free with
 * acc_dash_free (accepts NULL). Thread-safe once made.
 */
ACC_NODISCARD int acc_dash_new(acc_dash **out, acc_api *api,
    const char *authority, const acc_dash_opts *o, acc_err *err);
void acc_dash_free(acc_dash *d);

/*
 * The URL to open, with the token ("http://AUTHORITY/?token=T"), into
 * out (out_len at least 128). Borrowed token: valid while d lives.
 */
void acc_dash_url(const acc_dash *d, char *out, size_t out_len);

typedef struct acc_dash_request {
	const char *method;       /* only "GET" is served */
	const char *target;       /* the raw request target: path[?query] */
	const char *host;         /* the Host header, or NULL */
	const char *cookie;       /* the Cookie header, or NULL */
	uint64_t content_length;  /* ACC_API_LENGTH_NONE when absent */
} acc_dash_request;

typedef struct acc_dash_header {
	const char *name;
	const char *value;        /* static, or in the response's own text */
} acc_dash_header;

typedef struct acc_dash_response {
	int status;
	const char *content_type; /* static string */
	size_t n_headers;         /* Content-Type excluded */
	acc_dash_header headers[ACC_DASH_HEADERS_MAX];
	char text[256];           /* Set-Cookie or Location values */
	acc_buf body;
} acc_dash_response;

/* An empty response (body capped at ACC_API_RESPONSE_MAX). */
void acc_dash_response_init(acc_dash_response *res);
/* Free the body; res may be initialised again. Accepts NULL. */
void acc_dash_response_dispose(acc_dash_response *res);

/*
 * Decide what can be decided before a body would be read: the method
 * (405), a body (413), the Host (421), the token or cookie (401, 403).
 * true when the request may go on (res untouched); false when res holds
 * the answer (an error, or the redirect that sets the cookie).
 * Thread-safe.
 */
bool acc_dash_precheck(acc_dash *d, const acc_dash_request *req,
    acc_dash_response *res);

/*
 * Answer a request (checking it again as acc_dash_precheck does) with
 * ws, the calling thread's own handle on the workspace: a page, an
 * asset, a JSON endpoint (/api/...) or a GET of the node's API (/v1/...,
 * as the node's own party). Errors are JSON {"error": {"code", "where",
 * "message"}}. Thread-safe for distinct ws.
 */
void acc_dash_handle(acc_dash *d, acc_workspace *ws,
    const acc_dash_request *req, acc_dash_response *res);

#endif
