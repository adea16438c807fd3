/*
 * The HTTPS client a node uses to reach its peers (libcurl): the node's
 * own TLS identity as client certificate, the peer's public key pinned,
 * capped responses. Knows nothing of what it fetches.
 */
#ifndef ACC_HTTP_H
#define ACC_HTTP_H

#include <stddef.h>

#include <accord/buf.h>
#include <accord/err.h>

typedef struct acc_http acc_http;

/*
 * A client for base (https://host:port, no trailing slash), presenting
 * cert_pem/key_pem (copied; the key is wiped on free) and accepting only
 * a server whose public key matches pin (libcurl's "sha256//..." form).
 */
ACC_NODISCARD int acc_http_new(acc_http **out, const char *base,
    const char *cert_pem, const char *key_pem, const char *pin,
    acc_err *err);
void acc_http_free(acc_http *h);

/*
 * GET base+path (or POST body with content type ctype when body is not
 * NULL) into out, at most out->max bytes; *status the HTTP status.
 * ACC_ERR when the peer cannot be reached, ACC_EVERIFY when its key does
 * not match the pin, ACC_ELIMIT for a response too large.
 */
ACC_NODISCARD int acc_http_request(acc_http *h, const char *path,
    const char *ctype, const char *body, size_t len, acc_buf *out,
    long *status, acc_err *err);

#endif
