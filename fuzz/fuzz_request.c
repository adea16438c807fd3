/*
 * HTTP API requests from untrusted bytes (lib/api.c), answered by a real
 * workspace in a temporary directory: US of new-start with four entries
 * (sizes 3 and 4 signed), trusting RU. The input is five lines, then
 * the body:
 *
 *   method \n target \n content type (empty: none) \n
 *   content length (not a number: none) \n auth (0 none, 1 refused,
 *   2 peer) \n body...
 *
 * Whatever the input, precheck and handler answer with a known status,
 * errors are {"error": {"code": <the status>, ...}}, a request that
 * passed the precheck is never refused for what the precheck decides
 * (401, 403, 405, 411, 415), and a success carries a content type.
 */
#include <assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/accord.h>

#include "fuzz.h"
#include "fuzz_ws_common.h"

#define INPUT_MAX (ACC_API_BODY_MAX + 4096)

static acc_workspace *ws;
static acc_api *api;

static void
cleanup(void)
{
	acc_workspace_close(ws);
	acc_api_free(api);
	fuzz_ws_remove();
}

static void
setup(void)
{
	static const char more[] =
	    "{\"type\":\"message\",\"body\":{\"text\":\"four\"}}";
	acc_err err = ACC_ERR_INIT;
	uint64_t first, n;
	int rc;

	ws = fuzz_ws_make("fuzz_request");
	atexit(cleanup);
	rc = acc_workspace_notify(ws, more, strlen(more), "more", &first, &n,
	    NULL, &err);
	rc |= acc_api_new(&api, &err);
	if (rc != 0) {
		fprintf(stderr, "fuzz_request: %s: %s\n", err.where, err.msg);
		abort();
	}
}

/* The next line of [*p, end) as a NUL-terminated copy in out. */
static void
line(char *out, size_t out_len, const char **p, const char *end)
{
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));
	size_t n = nl ? (size_t)(nl - *p) : (size_t)(end - *p);

	if (n >= out_len)
		n = out_len - 1;
	memcpy(out, *p, n);
	out[n] = '\0';
	*p = nl ? nl + 1 : end;
}

static bool
known(int status)
{
	static const int ok[] = { 200, 400, 401, 403, 404, 405, 409, 411, 413,
		415, 422, 500 };
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (ok[i] == status)
			return true;
	return false;
}

static void
check_error(const acc_api_response *res)
{
	char want[40];

	snprintf(want, sizeof(want), "{\"error\":{\"code\":%d,\"where\":",
	    res->status);
	assert(res->body.data != NULL);
	assert(strncmp(res->body.data, want, strlen(want)) == 0);
	assert(strcmp(res->content_type, "application/json") == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	char method[32], target[ACC_API_TARGET_MAX + 64], ct[128], len[32];
	char auth[8];
	acc_api_request req;
	acc_api_response res;
	bool passed;

	if (size > INPUT_MAX)
		return 0;
	if (ws == NULL)
		setup();
	line(method, sizeof(method), &p, end);
	line(target, sizeof(target), &p, end);
	line(ct, sizeof(ct), &p, end);
	line(len, sizeof(len), &p, end);
	line(auth, sizeof(auth), &p, end);
	memset(&req, 0, sizeof(req));
	req.method = method;
	req.target = target;
	req.content_type = ct[0] ? ct : NULL;
	req.content_length = ACC_API_LENGTH_NONE;
	if (len[0] >= '0' && len[0] <= '9')
		req.content_length = strtoull(len, NULL, 10);
	req.auth = auth[0] == '2' ? ACC_API_AUTH_PEER : auth[0] == '1' ?
	    ACC_API_AUTH_REFUSED : ACC_API_AUTH_NONE;
	req.peer = req.auth == ACC_API_AUTH_PEER ? "RU" : NULL;
	req.body = p;
	req.body_len = (size_t)(end - p);

	acc_api_response_init(&res);
	passed = acc_api_precheck(api, &req, &res);
	if (!passed) {
		assert(known(res.status) && res.status != 200);
		check_error(&res);
	}
	acc_api_handle(api, ws, &req, &res);
	assert(known(res.status));
	assert(res.content_type != NULL);
	if (res.status != 200)
		check_error(&res);
	if (passed)
		assert(res.status != 401 && res.status != 403 &&
		    res.status != 405 && res.status != 411 &&
		    res.status != 415);
	acc_api_response_dispose(&res);
	return 0;
}
