/*
 * Dashboard requests from untrusted bytes (lib/dashboard.c and the JSON
 * endpoints of dashboard_data.c), answered by a real workspace in a
 * temporary directory: US of new-start with four entries, trusting RU.
 * The input is five lines:
 *
 *   method \n target \n Host (empty: none) \n Cookie (empty: none) \n
 *   content length (not a number: none)
 *
 * where TOKEN stands for this run's token and AUTH for the listener's
 * address, so that inputs reach past the access checks. Whatever the
 * input, every response carries the Content-Security-Policy and nosniff,
 * has a known status and a content type, errors are {"error": {"code":
 * <the status>, ...}}, and a request that passed the precheck is never
 * refused for what the precheck decides (401, 403, 405, 413, 421).
 */
#include <assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/accord.h>

#include "fuzz.h"
#include "fuzz_ws_common.h"

#define AUTH "127.0.0.1:8470"
#define INPUT_MAX 8192

static acc_workspace *ws;
static acc_api *api;
static acc_dash *dash;
static char token[ACC_DASH_TOKEN_LEN + 1];

static void
cleanup(void)
{
	acc_dash_free(dash);
	acc_workspace_close(ws);
	acc_api_free(api);
	fuzz_ws_remove();
}

static void
setup(void)
{
	acc_err err = ACC_ERR_INIT;
	char url[256];
	int rc;

	ws = fuzz_ws_make("fuzz_dashboard");
	atexit(cleanup);
	rc = acc_api_new(&api, &err);
	rc |= acc_dash_new(&dash, api, AUTH, NULL, &err);
	if (rc != 0) {
		fprintf(stderr, "fuzz_dashboard: %s: %s\n", err.where, err.msg);
		abort();
	}
	acc_dash_url(dash, url, sizeof(url));
	snprintf(token, sizeof(token), "%s", strstr(url, "token=") + 6);
}

/* The next line of [*p, end) into out, with TOKEN and AUTH replaced. */
static void
line(char *out, size_t out_len, const char **p, const char *end)
{
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));
	const char *s = *p, *e = nl ? nl : end;
	size_t n = 0;

	while (s < e && n + 1 < out_len) {
		const char *rep = NULL;
		size_t skip = 1;
		if ((size_t)(e - s) >= 5 && strncmp(s, "TOKEN", 5) == 0) {
			rep = token;
			skip = 5;
		} else if ((size_t)(e - s) >= 4 && strncmp(s, "AUTH", 4) == 0) {
			rep = AUTH;
			skip = 4;
		}
		if (rep != NULL) {
			size_t l = strlen(rep);
			if (n + l + 1 > out_len)
				break;
			memcpy(out + n, rep, l);
			n += l;
		} else {
			out[n++] = *s;
		}
		s += skip;
	}
	out[n] = '\0';
	*p = nl ? nl + 1 : end;
}

static bool
known(int status)
{
	static const int ok[] = { 200, 303, 400, 401, 403, 404, 405, 409,
		413, 421, 422, 500 };
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (ok[i] == status)
			return true;
	return false;
}

static const char *
header(const acc_dash_response *res, const char *name)
{
	size_t i;

	for (i = 0; i < res->n_headers; i++)
		if (strcmp(res->headers[i].name, name) == 0)
			return res->headers[i].value;
	return NULL;
}

static void
check(const acc_dash_response *res)
{
	char want[40];

	assert(known(res->status));
	assert(res->content_type != NULL);
	assert(header(res, "Content-Security-Policy") != NULL);
	assert(header(res, "X-Content-Type-Options") != NULL);
	if (res->status == 200 || res->status == 303)
		return;
	snprintf(want, sizeof(want), "{\"error\":{\"code\":%d,\"where\":",
	    res->status);
	assert(res->body.data != NULL);
	assert(strncmp(res->body.data, want, strlen(want)) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	char method[32], target[ACC_API_TARGET_MAX + 64], host[128];
	char cookie[512], len[32];
	acc_dash_request req;
	acc_dash_response res;
	bool passed;

	if (size > INPUT_MAX)
		return 0;
	if (ws == NULL)
		setup();
	line(method, sizeof(method), &p, end);
	line(target, sizeof(target), &p, end);
	line(host, sizeof(host), &p, end);
	line(cookie, sizeof(cookie), &p, end);
	line(len, sizeof(len), &p, end);
	memset(&req, 0, sizeof(req));
	req.method = method;
	req.target = target;
	req.host = host[0] ? host : NULL;
	req.cookie = cookie[0] ? cookie : NULL;
	req.content_length = ACC_API_LENGTH_NONE;
	if (len[0] >= '0' && len[0] <= '9')
		req.content_length = strtoull(len, NULL, 10);

	acc_dash_response_init(&res);
	passed = acc_dash_precheck(dash, &req, &res);
	if (!passed)
		check(&res);
	acc_dash_handle(dash, ws, &req, &res);
	check(&res);
	if (passed)
		assert(res.status != 401 && res.status != 403 &&
		    res.status != 405 && res.status != 413 &&
		    res.status != 421 && res.status != 303);
	acc_dash_response_dispose(&res);
	return 0;
}
