/*
 * The HTTPS client (libcurl): one connection kept alive per peer, mutual
 * TLS with the node's own certificate and the peer's pinned key. Never
 * trusts a certificate authority and never follows redirects.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include <accord/crypto.h>

#include "http.h"

struct acc_http {
	CURL *curl;
	char base[512];
	char *cert;
	char *key;
	size_t key_len;
	char pin[128];
	char errbuf[CURL_ERROR_SIZE];
};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static CURLcode global_rc;

static void
global_init(void)
{
	global_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

static char *
dup_text(const char *s, size_t *len)
{
	size_t n = strlen(s);
	char *p = malloc(n + 1);

	if (p != NULL)
		memcpy(p, s, n + 1);
	if (len)
		*len = n;
	return p;
}

int
acc_http_new(acc_http **out, const char *base, const char *cert_pem,
    const char *key_pem, const char *pin, acc_err *err)
{
	acc_http *h;

	*out = NULL;
	pthread_once(&once, global_init);
	if (global_rc != CURLE_OK)
		return acc_err_set(err, ACC_ERR, "http", "cannot start libcurl");
	if (strncmp(base, "https://", 8) != 0 || strlen(base) >= 512)
		return acc_err_set(err, ACC_EINVAL, base,
		    "expected an https:// URL of at most 511 bytes");
	if (strlen(pin) >= 128)
		return acc_err_set(err, ACC_EINVAL, "pin", "pin too long");
	h = calloc(1, sizeof(*h));
	if (h == NULL)
		return acc_err_set(err, ACC_ERR, "http", "out of memory");
	snprintf(h->base, sizeof(h->base), "%s", base);
	snprintf(h->pin, sizeof(h->pin), "%s", pin);
	h->cert = dup_text(cert_pem, NULL);
	h->key = dup_text(key_pem, &h->key_len);
	h->curl = curl_easy_init();
	if (h->cert == NULL || h->key == NULL || h->curl == NULL) {
		acc_http_free(h);
		return acc_err_set(err, ACC_ERR, "http", "out of memory");
	}
	*out = h;
	return 0;
}

void
acc_http_free(acc_http *h)
{
	if (h == NULL)
		return;
	if (h->curl)
		curl_easy_cleanup(h->curl);
	if (h->key) {
		acc_wipe(h->key, h->key_len);
		free(h->key);
	}
	free(h->cert);
	free(h);
}

struct sink {
	acc_buf *out;
	bool too_large;
};

static size_t
on_data(char *p, size_t size, size_t n, void *ctx)
{
	struct sink *s = ctx;

	if (acc_buf_append(s->out, p, size * n) != 0) {
		s->too_large = true;
		return 0;
	}
	return size * n;
}

int
acc_http_request(acc_http *h, const char *path, const char *ctype,
    const char *body, size_t len, acc_buf *out, long *status, acc_err *err)
{
	struct curl_blob cert, key;
	struct curl_slist *hdr = NULL;
	struct sink sink = { out, false };
	char url[1024], ct[128];
	CURLcode cc;
	CURL *c = h->curl;
	int rc = 0;

	*status = 0;
	acc_buf_reset(out);
	if ((size_t)snprintf(url, sizeof(url), "%s%s", h->base, path) >=
	    sizeof(url))
		return acc_err_set(err, ACC_ELIMIT, path, "URL too long");
	cert.data = h->cert;
	cert.len = strlen(h->cert);
	cert.flags = CURL_BLOB_NOCOPY;
	key.data = h->key;
	key.len = h->key_len;
	key.flags = CURL_BLOB_NOCOPY;
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, h->errbuf);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 300L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1024L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 30L);
	/* no CA: the peer's key is pinned instead */
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
	curl_easy_setopt(c, CURLOPT_PINNEDPUBLICKEY, h->pin);
	curl_easy_setopt(c, CURLOPT_SSLCERT_BLOB, &cert);
	curl_easy_setopt(c, CURLOPT_SSLCERTTYPE, "PEM");
	curl_easy_setopt(c, CURLOPT_SSLKEY_BLOB, &key);
	curl_easy_setopt(c, CURLOPT_SSLKEYTYPE, "PEM");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
	if (body != NULL) {
		snprintf(ct, sizeof(ct), "Content-Type: %s", ctype);
		hdr = curl_slist_append(hdr, ct);
		if (hdr == NULL)
			return acc_err_set(err, ACC_ERR, url, "out of memory");
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)len);
	}
	h->errbuf[0] = '\0';
	cc = curl_easy_perform(c);
	if (cc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
	else if (sink.too_large)
		rc = acc_err_set(err, ACC_ELIMIT, url, "response larger than "
		    "%zu bytes", out->max);
	else if (cc == CURLE_SSL_PINNEDPUBKEYNOTMATCH)
		rc = acc_err_set(err, ACC_EVERIFY, url, "the peer's TLS key "
		    "is not the pinned key");
	else
		rc = acc_err_set(err, ACC_ERR, url, "%s", h->errbuf[0] ?
		    h->errbuf : curl_easy_strerror(cc));
	curl_slist_free_all(hdr);
	return rc;
}
