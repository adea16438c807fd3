/*
 * accord serve's HTTP server: libmicrohttpd glue around lib/api.c.
 */
#ifndef ACCORD_SERVE_H
#define ACCORD_SERVE_H

#include <stddef.h>

#include <accord/accord.h>

struct serve_opts {
	const char *listen;       /* "HOST:PORT" or "[V6]:PORT"; port 0: any */
	const char *tls_cert;     /* PEM files, or NULL: the workspace's */
	const char *tls_key;
	unsigned threads;         /* 0: one per core */
	unsigned timeout;         /* seconds a connection may idle */
	unsigned max_connections;
	unsigned max_per_ip;
	size_t memory_limit;      /* bytes per connection */
	unsigned checkpoint_ms;   /* keep the latest checkpoint this long */
	const char *dashboard;    /* "HOST:PORT" on loopback, or NULL: none */
	const char *const *positions; /* for the dashboard's negotiation */
	size_t n_positions;
};

/*
 * Serve the workspace ws (each worker thread opens its own handle on
 * the same directory) until SIGTERM or SIGINT: prints "listening on
 * https://HOST:PORT" once the socket takes connections, and with a
 * dashboard "dashboard at http://HOST:PORT/?token=T" once that listener
 * does too; returns 0 after a clean shutdown.
 */
int serve_run(acc_workspace *ws, const struct serve_opts *o, acc_err *err);

#endif
