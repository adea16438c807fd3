/*
 * A load generator for the peers-only endpoints, which wrk cannot reach
 * (it presents no client certificate): libcurl's multi interface keeps
 * CONNS keep-alive HTTPS connections busy, each presenting a client
 * certificate and pinning the server's key, on one thread per THREADS,
 * for SECONDS, and prints requests per second. Every response must be
 * 200, or the run fails.
 *
 * usage: bench_https URL CERT KEY PIN [SECONDS THREADS CONNS]
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

struct run {
	const char *url, *cert, *key, *pin;
	double seconds;
	int conns;
	long done, failed;
};

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static size_t
discard(char *p, size_t size, size_t n, void *ctx)
{
	(void)p;
	(void)ctx;
	return size * n;
}

static CURL *
handle(const struct run *r)
{
	CURL *c = curl_easy_init();

	if (c == NULL)
		return NULL;
	curl_easy_setopt(c, CURLOPT_URL, r->url);
	curl_easy_setopt(c, CURLOPT_SSLCERT, r->cert);
	curl_easy_setopt(c, CURLOPT_SSLKEY, r->key);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
	curl_easy_setopt(c, CURLOPT_PINNEDPUBLICKEY, r->pin);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	return c;
}

static void *
worker(void *arg)
{
	struct run *r = arg;
	CURLM *m = curl_multi_init();
	CURL **h = calloc((size_t)r->conns, sizeof(*h));
	double end = now() + r->seconds;
	int i, running = 0;

	if (m == NULL || h == NULL)
		goto out;
	for (i = 0; i < r->conns; i++) {
		h[i] = handle(r);
		if (h[i] == NULL)
			goto out;
		curl_multi_add_handle(m, h[i]);
	}
	while (now() < end) {
		CURLMsg *msg;
		int left;
		curl_multi_perform(m, &running);
		while ((msg = curl_multi_info_read(m, &left)) != NULL) {
			long status = 0;
			CURL *c = msg->easy_handle;
			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
			if (msg->data.result == CURLE_OK && status == 200)
				r->done++;
			else
				r->failed++;
			/* again, on the same kept-alive connection */
			curl_multi_remove_handle(m, c);
			curl_multi_add_handle(m, c);
		}
		curl_multi_poll(m, NULL, 0, 100, NULL);
	}
out:
	for (i = 0; h && i < r->conns; i++)
		if (h[i]) {
			curl_multi_remove_handle(m, h[i]);
			curl_easy_cleanup(h[i]);
		}
	free(h);
	curl_multi_cleanup(m);
	return NULL;
}

int
main(int argc, char **argv)
{
	struct run runs[16];
	pthread_t th[16];
	int threads = 2, conns = 32, i;
	double seconds = 10, t0, t1;
	long done = 0, failed = 0;

	if (argc < 5) {
		fprintf(stderr, "usage: bench_https URL CERT KEY PIN "
		    "[SECONDS THREADS CONNS]\n");
		return 64;
	}
	if (argc > 5)
		seconds = strtod(argv[5], NULL);
	if (argc > 6)
		threads = (int)strtol(argv[6], NULL, 10);
	if (argc > 7)
		conns = (int)strtol(argv[7], NULL, 10);
	if (threads < 1 || threads > 16 || conns < 1 || seconds <= 0)
		return 64;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	t0 = now();
	for (i = 0; i < threads; i++) {
		runs[i] = (struct run){ argv[1], argv[2], argv[3], argv[4],
		    seconds, conns / threads ? conns / threads : 1, 0, 0 };
		pthread_create(&th[i], NULL, worker, &runs[i]);
	}
	for (i = 0; i < threads; i++) {
		pthread_join(th[i], NULL);
		done += runs[i].done;
		failed += runs[i].failed;
	}
	t1 = now();
	curl_global_cleanup();
	printf("%.0f\n", (double)done / (t1 - t0));
	if (failed > 0 || done == 0) {
		fprintf(stderr, "bench_https: %ld requests failed, %ld done\n",
		    failed, done);
		return 1;
	}
	return 0;
}
