/*
 * The API handlers without a socket or TLS: requests per second of one
 * thread for the public checkpoint and for inclusion proofs of random
 * entries, on a workspace whose log has N entries (argv[2]) made in
 * DIR (argv[1]). The figures separate the handlers' cost from the
 * server's (bench_serve.sh measures the whole).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/accord.h>

#include "bench.h"

static double
run(acc_api *api, acc_workspace *ws, const char *what, uint64_t n,
    bool proof)
{
	acc_api_response res;
	acc_api_request req;
	char target[128];
	uint64_t x = 88172645463325252ull;
	double t0 = now(), t;
	size_t i, count = 0;

	memset(&req, 0, sizeof(req));
	req.method = "GET";
	req.content_length = ACC_API_LENGTH_NONE;
	req.auth = ACC_API_AUTH_PEER;
	req.peer = "RU";
	acc_api_response_init(&res);
	do {
		for (i = 0; i < 1000; i++) {
			if (proof) {
				/* xorshift: a different entry each time */
				x ^= x << 13;
				x ^= x >> 7;
				x ^= x << 17;
				snprintf(target, sizeof(target),
				    "/v1/proof/inclusion?index=%llu&size=%llu",
				    (unsigned long long)(x % n),
				    (unsigned long long)n);
				req.target = target;
			} else {
				req.target = "/v1/checkpoint";
			}
			acc_api_handle(api, ws, &req, &res);
			if (res.status != 200) {
				fprintf(stderr, "bench_api: %s: %d %s\n", what,
				    res.status, res.body.data);
				exit(1);
			}
		}
		count += i;
		t = now() - t0;
	} while (t < 2.0);
	acc_api_response_dispose(&res);
	printf("api: %-36s %9.0f requests/s on one thread\n", what,
	    (double)count / t);
	return (double)count / t;
}

int
main(int argc, char **argv)
{
	acc_err err = ACC_ERR_INIT;
	acc_workspace *ws = NULL;
	acc_api *api = NULL;
	uint64_t n = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: bench_api WORKSPACE\n");
		return 64;
	}
	if (acc_workspace_open(&ws, argv[1], &err) != 0 ||
	    acc_workspace_log_size(ws, &n, &err) != 0 ||
	    acc_api_new(&api, &err) != 0)
		die("setup", &err);
	if (n == 0)
		die("the log is empty", NULL);
	run(api, ws, "GET /v1/checkpoint (handler)", n, false);
	run(api, ws, "GET /v1/proof/inclusion (handler)", n, true);
	acc_api_free(api);
	acc_workspace_close(ws);
	acc_crypto_thread_end();
	return 0;
}
