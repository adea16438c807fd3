/*
 * The HTTP API of `accord serve` (docs/http-api.md) as plain functions:
 * a request in, a status, content type and body out. No socket, no TLS,
 * no HTTP library: cli/serve.c adapts libmicrohttpd to these, and tests
 * and fuzzers call them directly.
 *
 * A request is decided in two steps. acc_api_precheck decides everything
 * that can be decided before any body is read, in this order: method
 * (405), path (404), Content-Type (415), Content-Length and its cap (411,
 * 413), authorisation (401, 403). Only when it passes is the body read
 * and acc_api_handle called.
 */
#ifndef ACCORD_API_H
#define ACCORD_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <accord/buf.h>
#include <accord/err.h>
#include <accord/workspace.h>

/* The largest request body (POST /v1/cosignature). */
#define ACC_API_BODY_MAX (64u << 10)
/* The largest request target (path and query). */
#define ACC_API_TARGET_MAX 2048
/* Entries in one /v1/entries response. */
#define ACC_API_ENTRIES_MAX 10000
/* Bytes of entries in one /v1/entries response (at least one entry). */
#define ACC_API_ENTRIES_BYTES_MAX (16u << 20)
/* The largest response body. */
#define ACC_API_RESPONSE_MAX (ACC_API_ENTRIES_BYTES_MAX + (1u << 20))
/* content_length when the request has no Content-Length header. */
#define ACC_API_LENGTH_NONE UINT64_MAX

/* What the TLS layer learnt of the client. */
typedef enum acc_api_auth {
	ACC_API_AUTH_NONE,      /* no client certificate */
	ACC_API_AUTH_REFUSED,   /* a certificate of no trusted key */
	ACC_API_AUTH_PEER,      /* a trusted party's or witness's key */
} acc_api_auth;

typedef struct acc_api_request {
	const char *method;       /* "GET", "POST", ... */
	const char *target;       /* the raw request target: path[?query] */
	const char *content_type; /* NULL when absent */
	uint64_t content_length;  /* ACC_API_LENGTH_NONE when absent */
	acc_api_auth auth;
	const char *peer;         /* the peer's name when auth is PEER */
	const char *body;         /* content_length bytes (handle only) */
	size_t body_len;
} acc_api_request;

typedef struct acc_api_response {
	int status;               /* HTTP status */
	const char *content_type; /* static string */
	const char *allow;        /* for 405: the methods allowed, or NULL */
	acc_buf body;
} acc_api_response;

/* Shared by every thread of a server: counters and the start time. */
typedef struct acc_api acc_api;

/*
 * A server's shared state (for /metrics). ACC_ERR out of memory. Free
 * with acc_api_free (accepts NULL). Thread-safe once made.
 */
ACC_NODISCARD int acc_api_new(acc_api **out, acc_err *err);
void acc_api_free(acc_api *api);

/*
 * Serve the public latest checkpoint (GET /v1/checkpoint) from memory
 * for up to max_age_ms milliseconds after it was read, instead of
 * reading it for every request; 0 (the default) reads it every time.
 * A checkpoint signed, or a cosignature received, meanwhile shows once
 * the copy is older than that. Not thread-safe: call before serving.
 */
void acc_api_set_checkpoint_max_age(acc_api *api, unsigned max_age_ms);

/* An empty response (status 0, body capped at ACC_API_RESPONSE_MAX). */
void acc_api_response_init(acc_api_response *res);
/* Free the body; res may be initialised again. Accepts NULL. */
void acc_api_response_dispose(acc_api_response *res);

/*
 * Decide what can be decided from the request line and headers (body
 * and body_len are ignored). Returns true when the request may go on
 * (res untouched); false when res holds the error response (JSON
 * {"error": {"code", "where", "message"}}), counted in api's metrics.
 * Thread-safe.
 */
bool acc_api_precheck(acc_api *api, const acc_api_request *req,
    acc_api_response *res);

/*
 * Answer a request that passed acc_api_precheck (it checks again, so a
 * request that did not is answered with the same error), with ws, the
 * calling thread's own handle on the served workspace. res receives the
 * status, content type and body; every outcome is counted in api's
 * metrics. Thread-safe for distinct ws.
 */
void acc_api_handle(acc_api *api, acc_workspace *ws,
    const acc_api_request *req, acc_api_response *res);

/* The HTTP status for an acc_code (ACC_EINVAL 400, ACC_ENOTFOUND 404,
 * ACC_EVERIFY 422, ACC_ELIMIT 413, ACC_ECONFLICT 409, others 500). */
int acc_api_status(int code);

/*
 * res becomes an error response: status and JSON {"error": {"code":
 * status, "where", "message"}}.
 */
void acc_api_error(acc_api_response *res, int status, const char *where,
    const char *message);

#endif
