/*
 * The dashboard without a socket (lib/dashboard.c, dashboard_data.c,
 * received.c): the operator's access (token, cookie, Host, method, body),
 * the headers on every response, pages and assets, the JSON endpoints on
 * real workspaces in a temporary directory (US with entries and two
 * declarations, RU trusted by US with one declaration that US keeps), and
 * received declarations kept only when they verify.
 */
#include "unit.h"

#include <ftw.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <jansson.h>

#include <accord/accord.h>

#define AUTH "127.0.0.1:8470"

struct fix {
	char dir[256];
	acc_workspace *us, *ru;
	acc_api *api;
	acc_dash *dash;
	char token[ACC_DASH_TOKEN_LEN + 1];
	char cookie[128];
	acc_buf ru_pkg;
};

static struct fix *F;

static acc_workspace *
make_ws(const char *name, const char *party)
{
	char p[512];
	acc_err err = ACC_ERR_INIT;
	acc_workspace *ws = NULL;

	snprintf(p, sizeof(p), "%s/%s", F->dir, name);
	assert_int_equal(acc_workspace_init(p, "new-start", party, NULL, &err),
	    0);
	assert_int_equal(acc_workspace_open(&ws, p, &err), 0);
	assert_no_err(err);
	return ws;
}

static void
trust(acc_workspace *ws, acc_workspace *other, const char *party)
{
	char text[ACC_VKEY_TEXT_MAX];
	acc_err err = ACC_ERR_INIT;
	acc_key k;
	acc_vkey vk;

	assert_int_equal(acc_workspace_signing_key(other, &k, &vk, &err), 0);
	acc_key_dispose(&k);
	acc_vkey_format(text, sizeof(text), &vk);
	assert_int_equal(acc_workspace_trust(ws, party, text, false, &err), 0);
}

static void
declare(acc_workspace *ws, const char *date, const char *party,
    acc_buf *pkg)
{
	char csv[1024];
	const char *paths[1] = { csv };
	acc_err err = ACC_ERR_INIT;
	acc_decl_opts opts;
	uint8_t id[ACC_SHA256_LEN];

	snprintf(csv, sizeof(csv), "%s/data/samples/new-start/%s/%s.csv",
	    getenv("ACC_SRC"), date, party);
	assert_int_equal(acc_workspace_import(ws, paths, 1, ACC_DATE_NONE,
	    NULL, &err), 0);
	memset(&opts, 0, sizeof(opts));
	acc_buf_reset(pkg);
	assert_int_equal(acc_workspace_declare(ws, &opts, ACC_DATE_NONE, pkg,
	    id, &err), 0);
	assert_no_err(err);
}

static int
setup(void **state)
{
	acc_err err = ACC_ERR_INIT;
	acc_buf pkg = ACC_BUF_INIT(64u << 20);
	const char *url_token;
	char url[256];
	uint64_t first, n;
	static const char batch[] =
	    "[{\"type\":\"message\",\"body\":{\"text\":\"one\"}},"
	    "{\"type\":\"message\",\"body\":{\"text\":\"two\"}}]";

	(void)state;
	assert_non_null(getenv("ACC_SRC"));
	F = calloc(1, sizeof(*F));
	assert_non_null(F);
	{
		acc_buf b = ACC_BUF_INIT(64u << 20);
		F->ru_pkg = b;
	}
	snprintf(F->dir, sizeof(F->dir), "/tmp/accord-test-dash-XXXXXX");
	assert_non_null(mkdtemp(F->dir));
	F->us = make_ws("us", "US");
	F->ru = make_ws("ru", "RU");
	trust(F->us, F->ru, "RU");
	trust(F->ru, F->us, "US");
	declare(F->us, "2011-02-05", "US", &pkg);
	declare(F->us, "2011-09-01", "US", &pkg);
	assert_int_equal(acc_workspace_notify(F->us, batch, strlen(batch),
	    "batch", &first, &n, NULL, &err), 0);
	declare(F->ru, "2011-02-05", "RU", &F->ru_pkg);
	acc_buf_dispose(&pkg);
	assert_int_equal(acc_api_new(&F->api, &err), 0);
	assert_int_equal(acc_dash_new(&F->dash, F->api, AUTH, NULL, &err), 0);
	assert_no_err(err);
	acc_dash_url(F->dash, url, sizeof(url));
	url_token = strstr(url, "token=");
	assert_non_null(url_token);
	snprintf(F->token, sizeof(F->token), "%s", url_token + 6);
	assert_int_equal(strlen(F->token), ACC_DASH_TOKEN_LEN);
	snprintf(F->cookie, sizeof(F->cookie), "other=1; accord-8470=%s",
	    F->token);
	return 0;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int
teardown(void **state)
{
	(void)state;
	acc_dash_free(F->dash);
	acc_api_free(F->api);
	acc_workspace_close(F->us);
	acc_workspace_close(F->ru);
	acc_buf_dispose(&F->ru_pkg);
	nftw(F->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(F);
	return 0;
}

/* A GET of target as the operator (with the cookie), into res. */
static void
get(acc_dash_response *res, const char *target, const char *cookie,
    const char *host)
{
	acc_dash_request req;

	memset(&req, 0, sizeof(req));
	req.method = "GET";
	req.target = target;
	req.host = host;
	req.cookie = cookie;
	req.content_length = ACC_API_LENGTH_NONE;
	acc_dash_response_init(res);
	acc_dash_handle(F->dash, F->us, &req, res);
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

static json_t *
body_json(const acc_dash_response *res)
{
	json_t *j = json_loadb(res->body.data, res->body.len, 0, NULL);

	if (j == NULL)
		fail_msg("not JSON: %.*s", (int)res->body.len, res->body.data);
	return j;
}

static void
test_dashboard_refuses_an_address_that_is_not_loopback(void **state)
{
	static const char *const bad[] = { "0.0.0.0:80", "192.168.1.4:80",
		"localhost:80", "[::]:80", "127.0.0.1", "127.0.0.1:x",
		"[::2]:80", NULL };
	acc_err err = ACC_ERR_INIT;
	acc_dash *d = NULL;
	size_t i;

	(void)state;
	for (i = 0; bad[i]; i++) {
		acc_err_clear(&err);
		assert_int_equal(acc_dash_new(&d, F->api, bad[i], NULL, &err),
		    ACC_EINVAL);
		assert_null(d);
		assert_string_equal(err.where, "--dashboard");
	}
	assert_int_equal(acc_dash_new(&d, F->api, "[::1]:9", NULL, &err), 0);
	acc_dash_free(d);
	assert_int_equal(acc_dash_new(&d, F->api, "127.0.0.2:9", NULL, &err),
	    0);
	acc_dash_free(d);
}

static void
test_dashboard_each_run_has_its_own_token(void **state)
{
	acc_err err = ACC_ERR_INIT;
	acc_dash *d = NULL;
	char url[256];

	(void)state;
	assert_int_equal(acc_dash_new(&d, F->api, AUTH, NULL, &err), 0);
	acc_dash_url(d, url, sizeof(url));
	assert_prefix(url, "http://" AUTH "/?token=");
	assert_not_contains(url, F->token);
	acc_dash_free(d);
}

static void
test_dashboard_without_the_cookie_is_401(void **state)
{
	acc_dash_response res;
	json_t *j;

	(void)state;
	get(&res, "/api/node", NULL, AUTH);
	assert_int_equal(res.status, 401);
	j = body_json(&res);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j,
	    "error"), "code")), 401);
	json_decref(j);
	acc_dash_response_dispose(&res);
	get(&res, "/", "accord-9999=x", AUTH);
	assert_int_equal(res.status, 401);
	acc_dash_response_dispose(&res);
}

static void
test_dashboard_a_wrong_token_or_cookie_is_403(void **state)
{
	acc_dash_response res;
	char target[128], cookie[128];

	(void)state;
	snprintf(target, sizeof(target), "/?token=%s", F->token);
	target[strlen(target) - 1] ^= 1;
	get(&res, target, NULL, AUTH);
	assert_int_equal(res.status, 403);
	assert_null(header(&res, "Set-Cookie"));
	acc_dash_response_dispose(&res);
	get(&res, "/?token=short", NULL, AUTH);
	assert_int_equal(res.status, 403);
	acc_dash_response_dispose(&res);
	snprintf(cookie, sizeof(cookie), "accord-8470=%s", F->token);
	cookie[strlen(cookie) - 2] ^= 1;
	get(&res, "/api/node", cookie, AUTH);
	assert_int_equal(res.status, 403);
	acc_dash_response_dispose(&res);
	snprintf(cookie, sizeof(cookie), "accord-8470=%sA", F->token);
	get(&res, "/api/node", cookie, AUTH);
	assert_int_equal(res.status, 403);
	acc_dash_response_dispose(&res);
}

static void
test_dashboard_token_gives_a_cookie_and_a_clean_address(
    void **state)
{
	acc_dash_response res;
	char target[128], want[160];

	(void)state;
	snprintf(target, sizeof(target), "/notifications?token=%s", F->token);
	get(&res, target, NULL, AUTH);
	assert_int_equal(res.status, 303);
	snprintf(want, sizeof(want), "accord-8470=%s; HttpOnly; "
	    "SameSite=Strict; Path=/", F->token);
	assert_string_equal(header(&res, "Set-Cookie"), want);
	assert_string_equal(header(&res, "Location"), "/notifications");
	acc_dash_response_dispose(&res);
	/* the token opens pages only: data never takes it */
	snprintf(target, sizeof(target), "/api/node?token=%s", F->token);
	get(&res, target, NULL, AUTH);
	assert_int_equal(res.status, 401);
	acc_dash_response_dispose(&res);
}

static void
test_dashboard_another_host_is_421(void **state)
{
	static const char *const hosts[] = { "evil.example:8470",
		"127.0.0.1:8471", "127.0.0.1", "localhost:1", NULL };
	acc_dash_response res;
	size_t i;

	(void)state;
	for (i = 0; hosts[i]; i++) {
		get(&res, "/api/node", F->cookie, hosts[i]);
		assert_int_equal(res.status, 421);
		acc_dash_response_dispose(&res);
	}
	get(&res, "/api/node", F->cookie, NULL);
	assert_int_equal(res.status, 421);
	acc_dash_response_dispose(&res);
	get(&res, "/api/node", F->cookie, "localhost:8470");
	assert_int_equal(res.status, 200);
	acc_dash_response_dispose(&res);
}

static void
test_dashboard_is_read_only(void **state)
{
	acc_dash_request req;
	acc_dash_response res;

	(void)state;
	memset(&req, 0, sizeof(req));
	req.method = "POST";
	req.target = "/v1/cosignature";
	req.host = AUTH;
	req.cookie = F->cookie;
	req.content_length = 10;
	acc_dash_response_init(&res);
	assert_false(acc_dash_precheck(F->dash, &req, &res));
	assert_int_equal(res.status, 405);
	assert_string_equal(header(&res, "Allow"), "GET");
	acc_dash_response_dispose(&res);
	req.method = "GET";
	acc_dash_response_init(&res);
	assert_false(acc_dash_precheck(F->dash, &req, &res));
	assert_int_equal(res.status, 413);
	acc_dash_response_dispose(&res);
	req.content_length = 0;
	acc_dash_response_init(&res);
	assert_true(acc_dash_precheck(F->dash, &req, &res));
	acc_dash_response_dispose(&res);
}

static void
test_dashboard_every_response_carries_the_security_headers(void **state)
{
	static const char *const targets[] = { "/", "/assets/app.js",
		"/api/node", "/nothing", "/v1/health", NULL };
	acc_dash_response res;
	const char *csp;
	size_t i;

	(void)state;
	for (i = 0; targets[i]; i++) {
		get(&res, targets[i], F->cookie, AUTH);
		csp = header(&res, "Content-Security-Policy");
		assert_non_null(csp);
		assert_contains(csp, "default-src 'self'");
		assert_contains(csp, "frame-ancestors 'none'");
		assert_not_contains(csp, "unsafe");
		assert_string_equal(header(&res, "X-Content-Type-Options"),
		    "nosniff");
		assert_string_equal(header(&res, "Referrer-Policy"),
		    "no-referrer");
		assert_string_equal(header(&res, "Cache-Control"), "no-store");
		assert_null(header(&res, "Access-Control-Allow-Origin"));
		acc_dash_response_dispose(&res);
	}
	get(&res, "/api/node", NULL, AUTH);
	assert_non_null(header(&res, "Content-Security-Policy"));
	acc_dash_response_dispose(&res);
}

static void
test_dashboard_serves_pages_and_assets_and_nothing_else(void **state)
{
	static const char *const missing[] = { "/assets/../accord.db",
		"/assets/%2e%2e/x", "/assets/nothing.js", "/assets/",
		"/accord.db", "/compliance/", "/api/node/x", NULL };
	acc_dash_response res;
	size_t i;

	(void)state;
	get(&res, "/witnessing", F->cookie, AUTH);
	assert_int_equal(res.status, 200);
	assert_prefix(res.content_type, "text/html");
	assert_contains(res.body.data, "<script type=\"module\" "
	    "src=\"/assets/app.js\">");
	acc_dash_response_dispose(&res);
	get(&res, "/assets/uPlot.esm.js", F->cookie, AUTH);
	assert_int_equal(res.status, 200);
	assert_prefix(res.content_type, "text/javascript");
	acc_dash_response_dispose(&res);
	get(&res, "/assets/style.css", F->cookie, AUTH);
	assert_prefix(res.content_type, "text/css");
	acc_dash_response_dispose(&res);
	for (i = 0; missing[i]; i++) {
		get(&res, missing[i], F->cookie, AUTH);
		assert_int_equal(res.status, 404);
		acc_dash_response_dispose(&res);
	}
}

static void
test_dashboard_node_names_the_logs_and_limits(void **state)
{
	acc_dash_response res;
	json_t *j, *logs;

	(void)state;
	get(&res, "/api/node", F->cookie, AUTH);
	assert_int_equal(res.status, 200);
	j = body_json(&res);
	assert_string_equal(json_string_value(json_object_get(j, "party")),
	    "US");
	assert_int_equal(json_integer_value(json_object_get(j, "log_size")),
	    4);
	logs = json_object_get(j, "logs");
	assert_int_equal(json_array_size(logs), 1);
	assert_int_equal(json_array_size(json_object_get(json_object_get(j,
	    "treaty"), "limits")), 3);
	json_decref(j);
	acc_dash_response_dispose(&res);
}

static void
test_dashboard_log_is_newest_first_with_inclusion(void **state)
{
	acc_dash_response res;
	json_t *j, *e;

	(void)state;
	get(&res, "/api/log?limit=2", F->cookie, AUTH);
	assert_int_equal(res.status, 200);
	j = body_json(&res);
	e = json_object_get(j, "entries");
	assert_int_equal(json_array_size(e), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(e,
	    0), "seq")), 3);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(e,
	    1), "seq")), 2);
	assert_true(json_is_true(json_object_get(json_array_get(e, 0),
	    "included")));
	assert_int_equal(json_integer_value(json_object_get(j, "checkpoint")),
	    4);
	assert_int_equal(json_integer_value(json_object_get(j, "next_before")),
	    2);
	json_decref(j);
	acc_dash_response_dispose(&res);
	get(&res, "/api/log?type=declaration&log=US", F->cookie, AUTH);
	j = body_json(&res);
	e = json_object_get(j, "entries");
	assert_int_equal(json_array_size(e), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(e,
	    0), "seq")), 1);
	assert_true(json_is_null(json_object_get(j, "next_before")));
	json_decref(j);
	acc_dash_response_dispose(&res);
	get(&res, "/api/log?log=CN", F->cookie, AUTH);
	assert_int_equal(res.status, 404);
	acc_dash_response_dispose(&res);
}

static void
test_dashboard_queries_are_checked(void **state)
{
	static const char *const bad[] = { "/api/log?x=1", "/api/log?limit=0",
		"/api/log?limit=501", "/api/log?limit=1&limit=2",
		"/api/log?log=a%20b", "/api/log?before=-1", "/api/log?log",
		"/api/node?a=b", "/api/diff?from=xyz&to=abc", "/compliance?x=1",
		NULL };
	acc_dash_response res;
	size_t i;

	(void)state;
	for (i = 0; bad[i]; i++) {
		get(&res, bad[i], F->cookie, AUTH);
		if (res.status != 400)
			fail_msg("%s: %d", bad[i], res.status);
		acc_dash_response_dispose(&res);
	}
}

static void
test_dashboard_v1_is_served_as_to_the_node_itself(void **state)
{
	acc_dash_response res;

	(void)state;
	get(&res, "/v1/entries?start=0&end=1", F->cookie, AUTH);
	assert_int_equal(res.status, 200);
	assert_contains(res.body.data, "\"start\":0");
	acc_dash_response_dispose(&res);
}

static void
test_dashboard_receive_keeps_only_what_verifies(void **state)
{
	acc_err err = ACC_ERR_INIT;
	acc_dash_response res;
	char path[512], *flipped;
	json_t *j, *d;
	size_t i, n_verified = 0;

	(void)state;
	/* a bit flipped in a disclosed item: the tree no longer holds */
	flipped = malloc(F->ru_pkg.len + 1);
	assert_non_null(flipped);
	memcpy(flipped, F->ru_pkg.data, F->ru_pkg.len + 1);
	{
		char *w = strstr(flipped, "\"warheads\":1");
		assert_non_null(w);
		w[11] = '2';
	}
	assert_int_equal(acc_workspace_receive(F->us, flipped, F->ru_pkg.len,
	    "flipped.json", NULL, 0, &err), ACC_EVERIFY);
	free(flipped);
	acc_err_clear(&err);
	/* RU itself trusts no RU key, and keeps no package of its own */
	assert_int_equal(acc_workspace_receive(F->ru, F->ru_pkg.data,
	    F->ru_pkg.len, "ru.json", NULL, 0, &err), ACC_EINVAL);
	acc_err_clear(&err);
	assert_int_equal(acc_workspace_receive(F->us, F->ru_pkg.data,
	    F->ru_pkg.len, "ru.json", path, sizeof(path), &err), 0);
	assert_prefix(path, "received/RU-2011-02-05-");
	/* again: nothing changes */
	assert_int_equal(acc_workspace_receive(F->us, F->ru_pkg.data,
	    F->ru_pkg.len, "ru.json", NULL, 0, &err), 0);
	assert_no_err(err);
	get(&res, "/api/declarations", F->cookie, AUTH);
	assert_int_equal(res.status, 200);
	j = body_json(&res);
	d = json_object_get(j, "declarations");
	assert_int_equal(json_array_size(d), 3);
	for (i = 0; i < json_array_size(d); i++)
		n_verified += json_is_true(json_object_get(json_array_get(d, i),
		    "verified"));
	assert_int_equal(n_verified, 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    d, 0), "source")), "received");
	json_decref(j);
	acc_dash_response_dispose(&res);
	get(&res, "/api/compliance", F->cookie, AUTH);
	j = body_json(&res);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
	    json_object_get(json_object_get(j, "current"), "US"), "margins"),
	    "launchers")), 800 - 1043);
	assert_int_equal(json_array_size(json_object_get(json_object_get(j,
	    "official"), "rows")), 50);
	json_decref(j);
	acc_dash_response_dispose(&res);
}

static void
test_dashboard_context_gives_the_share_of_the_two_parties(void **state)
{
	acc_dash_response res;
	json_t *j, *y;

	(void)state;
	get(&res, "/api/context", F->cookie, AUTH);
	assert_int_equal(res.status, 200);
	j = body_json(&res);
	y = json_array_get(json_object_get(j, "years"), 0);
	assert_string_equal(json_string_value(json_object_get(y, "year")),
	    "2021");
	/* (6,255 + 5,550) / 13,080 = 90.25...%, to a tenth */
	assert_string_equal(json_string_value(json_object_get(y,
	    "share_us_ru")), "90.3");
	assert_int_equal(json_integer_value(json_object_get(y, "others")),
	    13080 - 6255 - 5550);
	json_decref(j);
	acc_dash_response_dispose(&res);
}

static void
test_dashboard_negotiation_without_positions_is_404(void **state)
{
	acc_dash_response res;

	(void)state;
	get(&res, "/api/negotiation", F->cookie, AUTH);
	assert_int_equal(res.status, 404);
	assert_contains(res.body.data, "--positions");
	acc_dash_response_dispose(&res);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_dashboard_refuses_an_address_that_is_not_loopback),
		cmocka_unit_test(test_dashboard_each_run_has_its_own_token),
		cmocka_unit_test(test_dashboard_without_the_cookie_is_401),
		cmocka_unit_test(test_dashboard_a_wrong_token_or_cookie_is_403),
		cmocka_unit_test(
		    test_dashboard_token_gives_a_cookie_and_a_clean_address),
		cmocka_unit_test(test_dashboard_another_host_is_421),
		cmocka_unit_test(test_dashboard_is_read_only),
		cmocka_unit_test(
		    test_dashboard_every_response_carries_the_security_headers),
		cmocka_unit_test(
		    test_dashboard_serves_pages_and_assets_and_nothing_else),
		cmocka_unit_test(test_dashboard_node_names_the_logs_and_limits),
		cmocka_unit_test(
		    test_dashboard_log_is_newest_first_with_inclusion),
		cmocka_unit_test(test_dashboard_queries_are_checked),
		cmocka_unit_test(
		    test_dashboard_v1_is_served_as_to_the_node_itself),
		cmocka_unit_test(
		    test_dashboard_receive_keeps_only_what_verifies),
		cmocka_unit_test(
		    test_dashboard_context_gives_the_share_of_the_two_parties),
		cmocka_unit_test(
		    test_dashboard_negotiation_without_positions_is_404),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
