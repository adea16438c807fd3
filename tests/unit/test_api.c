/*
 * The HTTP API without a socket (lib/api.c, lib/tls.c): real workspaces
 * in a temporary directory (US with entries and a declaration, RU
 * trusted by US, RU of the successor draft, an empty one), each endpoint
 * and each error status, the order of the checks made before a body is
 * read, who a certificate identifies, and cosignatures posted, replayed
 * and forged.
 */
#include "unit.h"

#include <ftw.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <accord/accord.h>

#include "note.h"

struct fix {
	char dir[256];
	acc_workspace *us, *ru, *other, *empty;
	acc_api *api;
	char decl_id[64];      /* standard base64 */
	char ru_vkey[ACC_VKEY_TEXT_MAX];
};

static struct fix *F;

static void
path_in(char *out, size_t len, const char *name)
{
	snprintf(out, len, "%s/%s", F->dir, name);
}

static acc_workspace *
make_ws(const char *name, const char *treaty, const char *party)
{
	char p[512];
	acc_err err = ACC_ERR_INIT;
	acc_workspace *ws = NULL;

	path_in(p, sizeof(p), name);
	assert_int_equal(acc_workspace_init(p, treaty, party, NULL, &err), 0);
	assert_int_equal(acc_workspace_open(&ws, p, &err), 0);
	assert_no_err(err);
	return ws;
}

static void
vkey_text(acc_workspace *ws, char *out, size_t len)
{
	acc_key k;
	acc_vkey vk;
	acc_err err = ACC_ERR_INIT;

	assert_int_equal(acc_workspace_signing_key(ws, &k, &vk, &err), 0);
	acc_key_dispose(&k);
	acc_vkey_format(out, len, &vk);
}

static int
setup(void **state)
{
	const char *src = getenv("ACC_SRC");
	char csv[1024], vk[ACC_VKEY_TEXT_MAX];
	const char *paths[1];
	acc_err err = ACC_ERR_INIT;
	acc_buf pkg = ACC_BUF_INIT(64u << 20);
	acc_decl_opts opts;
	uint8_t id[ACC_SHA256_LEN];
	uint64_t first, n;
	static const char batch[] =
	    "[{\"type\":\"message\",\"body\":{\"text\":\"one\"}},"
	    "{\"type\":\"message\",\"body\":{\"text\":\"two\"}},"
	    "{\"type\":\"message\",\"body\":{\"text\":\"three\"}}]";
	static const char more[] =
	    "{\"type\":\"message\",\"body\":{\"text\":\"four\"}}";

	(void)state;
	F = calloc(1, sizeof(*F));
	assert_non_null(F);
	snprintf(F->dir, sizeof(F->dir), "/tmp/accord-test-api-XXXXXX");
	assert_non_null(mkdtemp(F->dir));
	F->us = make_ws("us", "new-start", "US");
	F->ru = make_ws("ru", "new-start", "RU");
	F->other = make_ws("draft-ru", "successor-draft", "RU");
	F->empty = make_ws("empty", "new-start", "US");
	vkey_text(F->ru, F->ru_vkey, sizeof(F->ru_vkey));
	assert_int_equal(acc_workspace_trust(F->us, "RU", F->ru_vkey, false,
	    &err), 0);
	vkey_text(F->us, vk, sizeof(vk));
	assert_int_equal(acc_workspace_trust(F->ru, "US", vk, false, &err),
	    0);
	/* sizes 3 and 4 are signed */
	assert_int_equal(acc_workspace_notify(F->us, batch, strlen(batch),
	    "batch", &first, &n, NULL, &err), 0);
	assert_int_equal(acc_workspace_notify(F->us, more, strlen(more),
	    "more", &first, &n, NULL, &err), 0);
	assert_no_err(err);
	assert_non_null(src);
	snprintf(csv, sizeof(csv), "%s/data/samples/new-start/2011-02-05/"
	    "US.csv", src);
	paths[0] = csv;
	assert_int_equal(acc_workspace_import(F->us, paths, 1, ACC_DATE_NONE,
	    NULL, &err), 0);
	memset(&opts, 0, sizeof(opts));
	assert_int_equal(acc_workspace_declare(F->us, &opts, ACC_DATE_NONE,
	    &pkg, id, &err), 0);
	assert_no_err(err);
	acc_base64_encode(F->decl_id, id, sizeof(id));
	acc_buf_dispose(&pkg);
	assert_int_equal(acc_api_new(&F->api, &err), 0);
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
	acc_workspace_close(F->us);
	acc_workspace_close(F->ru);
	acc_workspace_close(F->other);
	acc_workspace_close(F->empty);
	acc_api_free(F->api);
	(void)nftw(F->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(F);
	return 0;
}

/* ---- requests ------------------------------------------------------ */

struct call {
	acc_api_request req;
	acc_api_response res;
};

static void
req_init(struct call *c, const char *method, const char *target,
    acc_api_auth auth)
{
	memset(&c->req, 0, sizeof(c->req));
	c->req.method = method;
	c->req.target = target;
	c->req.content_length = ACC_API_LENGTH_NONE;
	c->req.auth = auth;
	c->req.peer = auth == ACC_API_AUTH_PEER ? "RU" : NULL;
	acc_api_response_init(&c->res);
}

/* Handle a request on ws; the response stays in c. */
static int
call_ws(struct call *c, acc_workspace *ws, const char *method,
    const char *target, acc_api_auth auth)
{
	req_init(c, method, target, auth);
	acc_api_handle(F->api, ws, &c->req, &c->res);
	if (c->res.body.data == NULL)
		assert_int_equal(acc_buf_puts(&c->res.body, ""), 0);
	return c->res.status;
}

static int
get(struct call *c, const char *target, acc_api_auth auth)
{
	return call_ws(c, F->us, "GET", target, auth);
}

static void
done(struct call *c)
{
	acc_api_response_dispose(&c->res);
}

/* An error response with this status whose message holds frag. */
static void
assert_error(struct call *c, int status, const char *frag)
{
	char want[32];

	if (c->res.status != status)
		fail_msg("expected %d, got %d: %s", status, c->res.status,
		    c->res.body.data ? c->res.body.data : "");
	assert_string_equal(c->res.content_type, "application/json");
	snprintf(want, sizeof(want), "{\"error\":{\"code\":%d,", status);
	assert_prefix(c->res.body.data, want);
	assert_contains(c->res.body.data, "\"where\":");
	assert_contains(c->res.body.data, frag);
}

/* ---- public endpoints ------------------------------------------------ */

static void
test_api_health_names_treaty_party_role_and_size(void **state)
{
	struct call c;

	(void)state;
	assert_int_equal(get(&c, "/v1/health", ACC_API_AUTH_NONE), 200);
	assert_string_equal(c.res.content_type, "application/json");
	assert_string_equal(c.res.body.data, "{\"status\":\"ok\",\"treaty\":"
	    "\"new-start\",\"party\":\"US\",\"role\":\"party\",\"log_size\":"
	    "5}\n");
	done(&c);
}

static void
test_api_checkpoint_is_public_and_matches_the_library(void **state)
{
	acc_buf want = ACC_BUF_INIT(1u << 16);
	acc_err err = ACC_ERR_INIT;
	struct call c;

	(void)state;
	assert_int_equal(acc_workspace_checkpoint_cosigned(F->us, UINT64_MAX,
	    &want, &err), 0);
	assert_int_equal(get(&c, "/v1/checkpoint", ACC_API_AUTH_NONE), 200);
	assert_string_equal(c.res.content_type, "text/plain; charset=utf-8");
	assert_string_equal(c.res.body.data, want.data);
	assert_prefix(c.res.body.data, "accord/new-start/US\n5\n");
	done(&c);
	acc_buf_dispose(&want);
}

static void
test_api_checkpoint_of_an_empty_log_is_404(void **state)
{
	struct call c;

	(void)state;
	assert_int_equal(call_ws(&c, F->empty, "GET", "/v1/checkpoint",
	    ACC_API_AUTH_NONE), 404);
	assert_error(&c, 404, "the log is empty");
	done(&c);
}

static void
test_api_checkpoint_of_a_size_is_for_peers(void **state)
{
	struct call c;

	(void)state;
	assert_int_equal(get(&c, "/v1/checkpoint?size=3", ACC_API_AUTH_NONE),
	    401);
	done(&c);
	assert_int_equal(get(&c, "/v1/checkpoint?size=3",
	    ACC_API_AUTH_REFUSED), 403);
	done(&c);
	assert_int_equal(get(&c, "/v1/checkpoint?size=3", ACC_API_AUTH_PEER),
	    200);
	assert_prefix(c.res.body.data, "accord/new-start/US\n3\n");
	done(&c);
	assert_int_equal(get(&c, "/v1/checkpoint?size=2", ACC_API_AUTH_PEER),
	    404);
	assert_error(&c, 404, "no checkpoint was signed at size 2");
	done(&c);
	assert_int_equal(get(&c, "/v1/checkpoint?size=x", ACC_API_AUTH_PEER),
	    400);
	done(&c);
}

static void
test_api_report_gives_the_json_totals(void **state)
{
	struct call c;

	(void)state;
	assert_int_equal(get(&c, "/v1/report", ACC_API_AUTH_NONE), 200);
	assert_string_equal(c.res.content_type, "application/json");
	assert_contains(c.res.body.data, "\"limits\"");
	done(&c);
	/* no inventory: 404 */
	assert_int_equal(call_ws(&c, F->empty, "GET", "/v1/report",
	    ACC_API_AUTH_NONE), 404);
	done(&c);
	assert_int_equal(get(&c, "/v1/report?x=1", ACC_API_AUTH_NONE), 400);
	done(&c);
}

static void
test_api_metrics_count_requests_by_path_and_status(void **state)
{
	struct call c;

	(void)state;
	assert_int_equal(get(&c, "/v1/nothing-here", ACC_API_AUTH_NONE), 404);
	done(&c);
	assert_int_equal(get(&c, "/metrics", ACC_API_AUTH_NONE), 200);
	assert_prefix(c.res.content_type, "text/plain; version=0.0.4");
	assert_contains(c.res.body.data, "# TYPE accord_http_requests_total "
	    "counter\n");
	assert_contains(c.res.body.data, "accord_http_requests_total{path="
	    "\"(other)\",status=\"404\"} ");
	assert_contains(c.res.body.data, "\naccord_log_size 5\n");
	assert_contains(c.res.body.data, "\naccord_cosignatures ");
	assert_contains(c.res.body.data, "\naccord_uptime_seconds ");
	done(&c);
}

/* ---- peers' endpoints ----------------------------------------------- */

static void
test_api_entries_are_the_stored_bytes(void **state)
{
	acc_buf want = ACC_BUF_INIT(1u << 20), e = ACC_BUF_INIT(1u << 20);
	acc_err err = ACC_ERR_INIT;
	struct call c;
	uint64_t i;

	(void)state;
	assert_int_equal(acc_buf_puts(&want, "{\"start\":1,\"entries\":["), 0);
	for (i = 1; i < 4; i++) {
		assert_int_equal(acc_workspace_log_entry(F->us, i, &e, &err),
		    0);
		if (i > 1)
			assert_int_equal(acc_buf_puts(&want, ","), 0);
		assert_int_equal(acc_buf_append(&want, e.data, e.len), 0);
	}
	assert_int_equal(acc_buf_puts(&want, "]}\n"), 0);
	assert_int_equal(get(&c, "/v1/entries?start=1&end=4",
	    ACC_API_AUTH_PEER), 200);
	assert_string_equal(c.res.body.data, want.data);
	done(&c);
	/* end beyond the log: what there is */
	assert_int_equal(get(&c, "/v1/entries?end=1000&start=4",
	    ACC_API_AUTH_PEER), 200);
	assert_prefix(c.res.body.data, "{\"start\":4,\"entries\":[{");
	assert_not_contains(c.res.body.data, "},{");
	done(&c);
	assert_int_equal(get(&c, "/v1/entries?start=2&end=2",
	    ACC_API_AUTH_PEER), 200);
	assert_string_equal(c.res.body.data, "{\"start\":2,\"entries\":[]}\n");
	done(&c);
	acc_buf_dispose(&want);
	acc_buf_dispose(&e);
}

static void
test_api_entries_refuse_bad_ranges_and_numbers(void **state)
{
	static const char *const bad[] = {
		"/v1/entries?start=3&end=2",
		"/v1/entries?start=-1&end=2",
		"/v1/entries?start=01&end=2",
		"/v1/entries?start=1",
		"/v1/entries",
		"/v1/entries?start=1&end=2&start=1",
		"/v1/entries?start=1&end=99999999999999999999",
		"/v1/entries?start=1&end=2&x=3",
		"/v1/entries?start&end=2",
		"/v1/entries?start=1&&end=2",
		"/v1/entries?start=%31&end=2",
	};
	struct call c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (get(&c, bad[i], ACC_API_AUTH_PEER) != 400)
			fail_msg("%s: expected 400, got %d", bad[i],
			    c.res.status);
		assert_error(&c, 400, "GET /v1/entries");
		done(&c);
	}
}

static void
test_api_proofs_match_the_library(void **state)
{
	acc_buf want = ACC_BUF_INIT(1u << 20);
	acc_err err = ACC_ERR_INIT;
	struct call c;

	(void)state;
	assert_int_equal(acc_workspace_log_prove(F->us, 1, 4, &want, &err),
	    0);
	assert_int_equal(get(&c, "/v1/proof/inclusion?index=1&size=4",
	    ACC_API_AUTH_PEER), 200);
	assert_string_equal(c.res.body.data, want.data);
	assert_string_equal(c.res.content_type, "application/json");
	done(&c);
	acc_buf_reset(&want);
	assert_int_equal(acc_workspace_log_consistency(F->us, 3, 5, &want,
	    &err), 0);
	assert_int_equal(get(&c, "/v1/proof/consistency?old=3&size=5",
	    ACC_API_AUTH_PEER), 200);
	assert_string_equal(c.res.body.data, want.data);
	done(&c);
	/* no checkpoint at size 2; index past size; old past size */
	assert_int_equal(get(&c, "/v1/proof/inclusion?index=1&size=2",
	    ACC_API_AUTH_PEER), 400);
	done(&c);
	assert_int_equal(get(&c, "/v1/proof/inclusion?index=7&size=4",
	    ACC_API_AUTH_PEER) / 100, 4);
	done(&c);
	assert_int_equal(get(&c, "/v1/proof/consistency?old=5&size=3",
	    ACC_API_AUTH_PEER), 400);
	done(&c);
	assert_int_equal(get(&c, "/v1/proof/inclusion?size=4",
	    ACC_API_AUTH_PEER), 400);
	assert_error(&c, 400, "\\\"index\\\" is required");
	done(&c);
	acc_buf_dispose(&want);
}

static void
test_api_declarations_are_served_by_base64url_id(void **state)
{
	char target[128], url[64];
	struct call c;
	size_t i;

	(void)state;
	assert_int_equal(get(&c, "/v1/declarations", ACC_API_AUTH_PEER), 200);
	assert_prefix(c.res.body.data, "[{");
	assert_contains(c.res.body.data, F->decl_id);
	assert_contains(c.res.body.data, "\"as_of\":\"2011-02-05\"");
	done(&c);
	for (i = 0; F->decl_id[i] && F->decl_id[i] != '='; i++)
		url[i] = F->decl_id[i] == '+' ? '-' : F->decl_id[i] == '/' ?
		    '_' : F->decl_id[i];
	url[i] = '\0';
	snprintf(target, sizeof(target), "/v1/declarations/%s", url);
	assert_int_equal(get(&c, target, ACC_API_AUTH_PEER), 200);
	assert_contains(c.res.body.data, "\"format\":\"accord-declaration/1\"");
	done(&c);
	/* padded too */
	snprintf(target, sizeof(target), "/v1/declarations/%s=", url);
	assert_int_equal(get(&c, target, ACC_API_AUTH_PEER), 200);
	done(&c);
	assert_int_equal(get(&c, "/v1/declarations/"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", ACC_API_AUTH_PEER),
	    404);
	done(&c);
	assert_int_equal(get(&c, "/v1/declarations/AAAA", ACC_API_AUTH_PEER),
	    400);
	done(&c);
	/* not base64url at all: no such resource */
	assert_int_equal(get(&c, "/v1/declarations/a+b", ACC_API_AUTH_PEER),
	    404);
	done(&c);
	assert_int_equal(get(&c, target, ACC_API_AUTH_NONE), 401);
	done(&c);
}

/* ---- checks before the body ------------------------------------------ */

static int
pre(const char *method, const char *target, const char *ct, uint64_t len,
    acc_api_auth auth)
{
	struct call c;
	int status;

	req_init(&c, method, target, auth);
	c.req.content_type = ct;
	c.req.content_length = len;
	status = acc_api_precheck(F->api, &c.req, &c.res) ? 0 : c.res.status;
	if (status != 0)
		assert_error(&c, status, "");
	done(&c);
	return status;
}

static void
test_api_precheck_orders_method_path_type_length_auth(void **state)
{
	const uint64_t none = ACC_API_LENGTH_NONE;

	(void)state;
	/* each failing alone, then each with every later one failing too */
	assert_int_equal(pre("BREW", "/nowhere", "x/y", 1u << 30,
	    ACC_API_AUTH_NONE), 405);
	assert_int_equal(pre("DELETE", "/v1/health", NULL, none,
	    ACC_API_AUTH_NONE), 405);
	assert_int_equal(pre("GET", "/nowhere", "x/y", 1u << 30,
	    ACC_API_AUTH_NONE), 404);
	assert_int_equal(pre("POST", "/v1/health", NULL, none,
	    ACC_API_AUTH_NONE), 405);
	assert_int_equal(pre("GET", "/v1/cosignature", NULL, none,
	    ACC_API_AUTH_PEER), 405);
	assert_int_equal(pre("POST", "/v1/cosignature", "application/json",
	    none, ACC_API_AUTH_NONE), 415);
	assert_int_equal(pre("POST", "/v1/cosignature", NULL, 10,
	    ACC_API_AUTH_PEER), 415);
	assert_int_equal(pre("POST", "/v1/cosignature", "text/plain", none,
	    ACC_API_AUTH_NONE), 411);
	assert_int_equal(pre("POST", "/v1/cosignature", "text/plain",
	    ACC_API_BODY_MAX + 1, ACC_API_AUTH_NONE), 413);
	assert_int_equal(pre("POST", "/v1/cosignature", "text/plain",
	    ACC_API_BODY_MAX, ACC_API_AUTH_NONE), 401);
	assert_int_equal(pre("POST", "/v1/cosignature",
	    "text/plain; charset=utf-8", 10, ACC_API_AUTH_REFUSED), 403);
	assert_int_equal(pre("POST", "/v1/cosignature", "TEXT/PLAIN", 10,
	    ACC_API_AUTH_PEER), 0);
	assert_int_equal(pre("POST", "/v1/cosignature", "text/plainish", 10,
	    ACC_API_AUTH_PEER), 415);
	/* a GET has no body */
	assert_int_equal(pre("GET", "/v1/health", NULL, 5,
	    ACC_API_AUTH_PEER), 413);
	assert_int_equal(pre("GET", "/v1/health", NULL, 0,
	    ACC_API_AUTH_NONE), 0);
	/* public and peers' paths */
	assert_int_equal(pre("GET", "/v1/checkpoint", NULL, none,
	    ACC_API_AUTH_REFUSED), 0);
	assert_int_equal(pre("GET", "/metrics", NULL, none,
	    ACC_API_AUTH_NONE), 0);
	assert_int_equal(pre("GET", "/v1/report", NULL, none,
	    ACC_API_AUTH_NONE), 0);
	assert_int_equal(pre("GET", "/v1/entries?start=0&end=1", NULL, none,
	    ACC_API_AUTH_NONE), 401);
	assert_int_equal(pre("GET", "/v1/proof/inclusion?index=0", NULL, none,
	    ACC_API_AUTH_REFUSED), 403);
	assert_int_equal(pre("GET", "/v1/proof/consistency", NULL, none,
	    ACC_API_AUTH_NONE), 401);
	assert_int_equal(pre("GET", "/v1/declarations", NULL, none,
	    ACC_API_AUTH_NONE), 401);
	/* near misses of paths */
	assert_int_equal(pre("GET", "/v1/health/", NULL, none,
	    ACC_API_AUTH_NONE), 404);
	assert_int_equal(pre("GET", "/V1/health", NULL, none,
	    ACC_API_AUTH_NONE), 404);
	assert_int_equal(pre("GET", "", NULL, none, ACC_API_AUTH_NONE), 404);
	assert_int_equal(pre("GET", "/v1/declarations/", NULL, none,
	    ACC_API_AUTH_PEER), 404);
}

static void
test_api_handle_refuses_what_precheck_refuses(void **state)
{
	struct call c;

	(void)state;
	assert_int_equal(call_ws(&c, F->us, "PUT", "/v1/health",
	    ACC_API_AUTH_PEER), 405);
	assert_non_null(c.res.allow);
	assert_string_equal(c.res.allow, "GET");
	done(&c);
	assert_int_equal(call_ws(&c, F->us, "POST", "/v1/cosignature",
	    ACC_API_AUTH_PEER), 415);
	done(&c);
}

/* ---- cosignatures ----------------------------------------------------- */

/* RU's cosignature of US's latest checkpoint: the note with its line. */
static void
cosign(acc_buf *out, acc_workspace *signer)
{
	acc_err err = ACC_ERR_INIT;
	acc_note *n = calloc(1, sizeof(*n));
	acc_key k;
	acc_vkey vk, cvk;

	assert_non_null(n);
	assert_int_equal(acc_workspace_log_checkpoint(F->us, UINT64_MAX, out,
	    &err), 0);
	assert_int_equal(acc_note_open(n, out->data, out->len, NULL, 0, "cp",
	    &err), 0);
	assert_int_equal(acc_workspace_signing_key(signer, &k, &vk, &err), 0);
	assert_int_equal(acc_vkey_make(&cvk, vk.name, ACC_KEYTYPE_COSIG,
	    vk.pub, &err), 0);
	assert_int_equal(acc_note_cosign(out, out->data, n->text_len,
	    1700000000, &k, &cvk, &err), 0);
	assert_no_err(err);
	acc_key_dispose(&k);
	free(n);
}

static int
post(struct call *c, const char *body, size_t len)
{
	req_init(c, "POST", "/v1/cosignature", ACC_API_AUTH_PEER);
	c->req.content_type = "text/plain";
	c->req.content_length = len;
	c->req.body = body;
	c->req.body_len = len;
	acc_api_handle(F->api, F->us, &c->req, &c->res);
	if (c->res.body.data == NULL)
		assert_int_equal(acc_buf_puts(&c->res.body, ""), 0);
	return c->res.status;
}

static void
test_api_cosignature_is_added_once_and_replay_adds_nothing(void **state)
{
	acc_buf note = ACC_BUF_INIT(1u << 16);
	struct call c;

	(void)state;
	cosign(&note, F->ru);
	assert_int_equal(post(&c, note.data, note.len), 200);
	assert_string_equal(c.res.body.data, "{\"added\":1}\n");
	done(&c);
	assert_int_equal(post(&c, note.data, note.len), 200);
	assert_string_equal(c.res.body.data, "{\"added\":0}\n");
	done(&c);
	/* and the public checkpoint now carries it */
	assert_int_equal(get(&c, "/v1/checkpoint", ACC_API_AUTH_NONE), 200);
	assert_contains(c.res.body.data, "\n\xe2\x80\x94 accord/new-start/RU ");
	done(&c);
	acc_buf_dispose(&note);
}

static void
test_api_cosignature_with_a_flipped_bit_is_422(void **state)
{
	acc_buf note = ACC_BUF_INIT(1u << 16);
	acc_err err = ACC_ERR_INIT;
	struct call c;
	uint8_t sig[80];
	char *line, b64[120];
	size_t n = 0;

	(void)state;
	cosign(&note, F->ru);
	line = strstr(note.data, "accord/new-start/RU ");
	assert_non_null(line);
	line += strlen("accord/new-start/RU ");
	/* one bit of the Ed25519 signature (after key ID and time) */
	assert_int_equal(acc_base64_decode(sig, sizeof(sig), &n, line,
	    strcspn(line, "\n"), "sig", &err), 0);
	assert_int_equal(n, 76);
	sig[40] ^= 0x08;
	acc_base64_encode(b64, sig, n);
	memcpy(line, b64, strlen(b64));
	assert_int_equal(post(&c, note.data, note.len), 422);
	assert_error(&c, 422, "");
	done(&c);
	acc_buf_dispose(&note);
}

static void
test_api_cosignature_refuses_malformed_and_foreign_notes(void **state)
{
	acc_buf note = ACC_BUF_INIT(1u << 16);
	struct call c;

	(void)state;
	assert_int_equal(post(&c, "hello", 5), 400);
	done(&c);
	assert_int_equal(post(&c, "", 0), 400);
	done(&c);
	/* a cosignature by a key US does not trust: none verifies */
	cosign(&note, F->other);
	assert_int_equal(post(&c, note.data, note.len), 422);
	done(&c);
	acc_buf_dispose(&note);
	/* the body must be Content-Length bytes */
	req_init(&c, "POST", "/v1/cosignature", ACC_API_AUTH_PEER);
	c.req.content_type = "text/plain";
	c.req.content_length = 10;
	c.req.body = "abc";
	c.req.body_len = 3;
	acc_api_handle(F->api, F->us, &c.req, &c.res);
	assert_int_equal(c.res.status, 400);
	done(&c);
}

/* ---- who a certificate identifies ------------------------------------- */

/* The DER of the first certificate of a PEM text. */
static size_t
pem_to_der(uint8_t *der, size_t max, const char *pem)
{
	char b64[8192];
	const char *p = strstr(pem, "-----BEGIN CERTIFICATE-----\n");
	const char *end = strstr(pem, "-----END CERTIFICATE-----");
	size_t n = 0, out = 0;
	acc_err err = ACC_ERR_INIT;

	assert_non_null(p);
	assert_non_null(end);
	for (p += 28; p < end; p++)
		if (*p != '\n')
			b64[n++] = *p;
	assert_int_equal(acc_base64_decode(der, max, &out, b64, n, "pem",
	    &err), 0);
	return out;
}

static int
identify(acc_workspace *ws, acc_workspace *client, char *name, size_t len)
{
	acc_buf cert = ACC_BUF_INIT(1u << 16), key = ACC_BUF_INIT(1u << 16);
	acc_err err = ACC_ERR_INIT;
	uint8_t der[4096];
	size_t n;
	int rc;

	assert_int_equal(acc_workspace_tls_identity(client, &cert, &key,
	    &err), 0);
	assert_contains(key.data, "-----BEGIN PRIVATE KEY-----");
	n = pem_to_der(der, sizeof(der), cert.data);
	rc = acc_workspace_peer_identify(ws, der, n, name, len, &err);
	acc_wipe(key.data, key.cap);
	acc_buf_dispose(&key);
	acc_buf_dispose(&cert);
	return rc;
}

static void
test_tls_identify_accepts_a_trusted_peer_of_the_treaty(void **state)
{
	char name[65] = "";

	(void)state;
	assert_int_equal(identify(F->us, F->ru, name, sizeof(name)), 0);
	assert_string_equal(name, "RU");
	/* its own identity is its own party */
	assert_int_equal(identify(F->us, F->us, name, sizeof(name)), 0);
	assert_string_equal(name, "US");
	assert_int_equal(identify(F->us, F->ru, name, 2), ACC_ELIMIT);
}

static void
test_tls_identify_refuses_another_treatys_key(void **state)
{
	char name[65] = "";

	(void)state;
	assert_int_equal(identify(F->us, F->other, name, sizeof(name)),
	    ACC_EVERIFY);
	/* nor does RU accept the empty US workspace it never trusted */
	assert_int_equal(identify(F->ru, F->empty, name, sizeof(name)),
	    ACC_EVERIFY);
}

static void
test_tls_identify_refuses_a_forged_certificate_by_name(void **state)
{
	acc_buf cert = ACC_BUF_INIT(1u << 16), key = ACC_BUF_INIT(1u << 16);
	acc_err err = ACC_ERR_INIT;
	acc_key k;
	uint8_t der[4096];
	char name[65];
	size_t n;

	(void)state;
	assert_int_equal(acc_key_generate(&k, &err), 0);
	assert_int_equal(acc_tls_cert_make(&cert, &key, &k,
	    "accord/new-start/RU", &err), 0);
	acc_key_dispose(&k);
	n = pem_to_der(der, sizeof(der), cert.data);
	assert_int_equal(acc_workspace_peer_identify(F->us, der, n, name,
	    sizeof(name), &err), ACC_EVERIFY);
	assert_err(err, ACC_EVERIFY, "peer", "not a trusted key of new-start");
	acc_err_clear(&err);
	/* not a certificate at all, and a truncated one */
	assert_int_equal(acc_workspace_peer_identify(F->us, der, n - 1, name,
	    sizeof(name), &err), ACC_EINVAL);
	acc_err_clear(&err);
	assert_int_equal(acc_workspace_peer_identify(F->us,
	    (const uint8_t *)"\x30\x00", 2, name, sizeof(name), &err),
	    ACC_EINVAL);
	acc_wipe(key.data, key.cap);
	acc_buf_dispose(&key);
	acc_buf_dispose(&cert);
}

static void
test_tls_certificate_is_a_function_of_the_key(void **state)
{
	acc_buf a = ACC_BUF_INIT(1u << 16), b = ACC_BUF_INIT(1u << 16);
	acc_buf ka = ACC_BUF_INIT(1u << 16), kb = ACC_BUF_INIT(1u << 16);
	acc_err err = ACC_ERR_INIT;

	(void)state;
	assert_int_equal(acc_workspace_tls_identity(F->ru, &a, &ka, &err), 0);
	assert_int_equal(acc_workspace_tls_identity(F->ru, &b, &kb, &err), 0);
	assert_int_equal(a.len, b.len);
	assert_true(bytes_equal(a.data, b.data, a.len));
	acc_wipe(ka.data, ka.cap);
	acc_wipe(kb.data, kb.cap);
	acc_buf_dispose(&a);
	acc_buf_dispose(&b);
	acc_buf_dispose(&ka);
	acc_buf_dispose(&kb);
	assert_int_equal(acc_tls_cert_make(&a, &ka, &(acc_key){ 0 }, "", &err),
	    ACC_EINVAL);
	acc_buf_dispose(&a);
	acc_buf_dispose(&ka);
}

static void
test_tls_pin_is_sha256_of_the_spki(void **state)
{
	/* RFC 8410 section 4: SubjectPublicKeyInfo of an Ed25519 key is
	 * 302a300506032b6570032100 followed by the 32-byte key */
	uint8_t spki[44], h[ACC_SHA256_LEN];
	char want[ACC_TLS_PIN_MAX], pin[ACC_TLS_PIN_MAX];
	acc_err err = ACC_ERR_INIT;
	acc_vkey vk;

	(void)state;
	assert_int_equal(acc_vkey_parse(&vk, F->ru_vkey, strlen(F->ru_vkey),
	    "k", &err), 0);
	unhex(spki, 12, "302a300506032b6570032100");
	memcpy(spki + 12, vk.pub, 32);
	acc_sha256(h, spki, sizeof(spki));
	memcpy(want, "sha256//", 8);
	acc_base64_encode(want + 8, h, sizeof(h));
	assert_int_equal(acc_tls_pin(F->ru_vkey, pin, sizeof(pin), &err), 0);
	assert_string_equal(pin, want);
	assert_int_equal(acc_tls_pin(F->ru_vkey, pin, 10, &err), ACC_ELIMIT);
	acc_err_clear(&err);
	assert_int_equal(acc_tls_pin("nonsense", pin, sizeof(pin), &err),
	    ACC_EINVAL);
}

static void
test_api_status_maps_every_code(void **state)
{
	(void)state;
	assert_int_equal(acc_api_status(ACC_EINVAL), 400);
	assert_int_equal(acc_api_status(ACC_ENOTFOUND), 404);
	assert_int_equal(acc_api_status(ACC_EVERIFY), 422);
	assert_int_equal(acc_api_status(ACC_ELIMIT), 413);
	assert_int_equal(acc_api_status(ACC_ECONFLICT), 409);
	assert_int_equal(acc_api_status(ACC_EEXISTS), 409);
	assert_int_equal(acc_api_status(ACC_ERR), 500);
}

static void
test_api_error_escapes_untrusted_text(void **state)
{
	acc_api_response res;

	(void)state;
	acc_api_response_init(&res);
	acc_api_error(&res, 400, "a\"b", "c\\d\n\x01\xff");
	assert_string_equal(res.body.data, "{\"error\":{\"code\":400,\"where\":"
	    "\"a\\\"b\",\"message\":\"c\\\\d\\u000a\\u0001\\u00ff\"}}\n");
	acc_api_response_dispose(&res);
}

static void
test_api_checkpoint_kept_in_memory_only_for_its_max_age(void **state)
{
	static const char one[] =
	    "{\"type\":\"message\",\"body\":{\"text\":\"one\"}}";
	acc_err err = ACC_ERR_INIT;
	acc_api *kept = NULL, *saved = F->api;
	struct call c;
	uint64_t first, n;

	(void)state;
	assert_int_equal(acc_api_new(&kept, &err), 0);
	acc_api_set_checkpoint_max_age(kept, 60000);
	F->api = kept;
	assert_int_equal(acc_workspace_notify(F->ru, one, strlen(one), "one",
	    &first, &n, NULL, &err), 0);
	assert_int_equal(call_ws(&c, F->ru, "GET", "/v1/checkpoint",
	    ACC_API_AUTH_NONE), 200);
	assert_prefix(c.res.body.data, "accord/new-start/RU\n1\n");
	done(&c);
	assert_int_equal(acc_workspace_notify(F->ru, one, strlen(one), "one",
	    &first, &n, NULL, &err), 0);
	/* within the minute: the copy */
	assert_int_equal(call_ws(&c, F->ru, "GET", "/v1/checkpoint",
	    ACC_API_AUTH_NONE), 200);
	assert_prefix(c.res.body.data, "accord/new-start/RU\n1\n");
	done(&c);
	/* a size asked for is read, and so is everything without a max age */
	assert_int_equal(call_ws(&c, F->ru, "GET", "/v1/checkpoint?size=2",
	    ACC_API_AUTH_PEER), 200);
	assert_prefix(c.res.body.data, "accord/new-start/RU\n2\n");
	done(&c);
	F->api = saved;
	assert_int_equal(call_ws(&c, F->ru, "GET", "/v1/checkpoint",
	    ACC_API_AUTH_NONE), 200);
	assert_prefix(c.res.body.data, "accord/new-start/RU\n2\n");
	done(&c);
	acc_api_free(kept);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_api_health_names_treaty_party_role_and_size),
		cmocka_unit_test(
		    test_api_checkpoint_is_public_and_matches_the_library),
		cmocka_unit_test(test_api_checkpoint_of_an_empty_log_is_404),
		cmocka_unit_test(test_api_checkpoint_of_a_size_is_for_peers),
		cmocka_unit_test(test_api_report_gives_the_json_totals),
		cmocka_unit_test(
		    test_api_metrics_count_requests_by_path_and_status),
		cmocka_unit_test(test_api_entries_are_the_stored_bytes),
		cmocka_unit_test(
		    test_api_entries_refuse_bad_ranges_and_numbers),
		cmocka_unit_test(test_api_proofs_match_the_library),
		cmocka_unit_test(
		    test_api_declarations_are_served_by_base64url_id),
		cmocka_unit_test(
		    test_api_precheck_orders_method_path_type_length_auth),
		cmocka_unit_test(test_api_handle_refuses_what_precheck_refuses),
		cmocka_unit_test(
		    test_api_cosignature_is_added_once_and_replay_adds_nothing),
		cmocka_unit_test(
		    test_api_cosignature_with_a_flipped_bit_is_422),
		cmocka_unit_test(
		    test_api_cosignature_refuses_malformed_and_foreign_notes),
		cmocka_unit_test(
		    test_tls_identify_accepts_a_trusted_peer_of_the_treaty),
		cmocka_unit_test(test_tls_identify_refuses_another_treatys_key),
		cmocka_unit_test(
		    test_tls_identify_refuses_a_forged_certificate_by_name),
		cmocka_unit_test(test_tls_certificate_is_a_function_of_the_key),
		cmocka_unit_test(test_tls_pin_is_sha256_of_the_spki),
		cmocka_unit_test(test_api_status_maps_every_code),
		cmocka_unit_test(test_api_error_escapes_untrusted_text),
		cmocka_unit_test(
		    test_api_checkpoint_kept_in_memory_only_for_its_max_age),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
