/*
 * accord serve: libmicrohttpd (over GnuTLS) adapted to lib/api.c, and
 * nothing else. Every decision about a request is acc_api_precheck's or
 * acc_api_handle's; this file moves bytes, presents the client
 * certificate to acc_workspace_peer_identify, gives each worker thread
 * its own workspace handle, and shuts down on SIGTERM or SIGINT. With
 * --dashboard, a second listener on loopback (plain HTTP) is adapted the
 * same way to lib/dashboard.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gnutls/gnutls.h>
#include <microhttpd.h>

#include "serve.h"

#define WORKSPACES_MAX 256

struct server {
	const char *dir;
	acc_api *api;
	acc_dash *dash;
	pthread_key_t thread_key;
	pthread_mutex_t lock;
	acc_workspace *ws[WORKSPACES_MAX];
	size_t n_ws;
};

/* What is known of a connection's client: decided once per connection. */
struct peer {
	bool known;
	acc_api_auth auth;
	char name[65];
};

/* One request: created by the URI callback, freed when it completes. */
struct request {
	char *target;
	bool started;
	acc_api_request req;
	acc_api_response res;
	acc_buf body;
};

/* One request to the dashboard: the same, with its own response. */
struct dash_request {
	char *target;
	bool started;
	acc_dash_request req;
	acc_dash_response res;
};

static _Thread_local acc_workspace *thread_ws;

/* A worker thread ends: free its hashing state. */
static void
thread_end(void *p)
{
	(void)p;
	acc_crypto_thread_end();
}

/* The calling thread's own handle on the workspace (SQLite connections
 * are not shared between threads). */
static acc_workspace *
worker_workspace(struct server *srv, acc_err *err)
{
	acc_workspace *ws = NULL;

	if (thread_ws != NULL)
		return thread_ws;
	pthread_mutex_lock(&srv->lock);
	if (srv->n_ws < WORKSPACES_MAX &&
	    acc_workspace_open(&ws, srv->dir, err) == 0) {
		srv->ws[srv->n_ws++] = ws;
		thread_ws = ws;
		(void)pthread_setspecific(srv->thread_key, srv);
	} else if (srv->n_ws == WORKSPACES_MAX) {
		(void)acc_err_set(err, ACC_ELIMIT, "serve", "too many threads");
	}
	pthread_mutex_unlock(&srv->lock);
	return ws;
}

static void
log_mhd(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	fputs("accord: serve: ", stderr);
	vfprintf(stderr, fmt, ap);
}

static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct request *r = calloc(1, sizeof(*r));

	(void)cls;
	(void)conn;
	if (r == NULL)
		return NULL;
	r->target = strdup(uri);
	acc_api_response_init(&r->res);
	return r;
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct request *r = *req_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (r == NULL)
		return;
	acc_api_response_dispose(&r->res);
	acc_buf_dispose(&r->body);
	free(r->target);
	free(r);
	*req_cls = NULL;
}

static void
on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
    enum MHD_ConnectionNotificationCode toe)
{
	(void)cls;
	(void)conn;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		*socket_context = calloc(1, sizeof(struct peer));
	} else {
		free(*socket_context);
		*socket_context = NULL;
	}
}

/* Who the client is: its certificate, if any, against the trusted keys. */
static void
identify(struct peer *p, struct MHD_Connection *conn, acc_workspace *ws)
{
	const union MHD_ConnectionInfo *ci;
	const gnutls_datum_t *certs;
	unsigned int n = 0;
	acc_err err = ACC_ERR_INIT;

	if (p->known)
		return;
	p->known = true;
	p->auth = ACC_API_AUTH_NONE;
	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_GNUTLS_SESSION);
	if (ci == NULL || ci->tls_session == NULL)
		return;
	certs = gnutls_certificate_get_peers(
	    (gnutls_session_t)ci->tls_session, &n);
	if (certs == NULL || n == 0)
		return;
	p->auth = ACC_API_AUTH_REFUSED;
	if (acc_workspace_peer_identify(ws, certs[0].data, certs[0].size,
	    p->name, sizeof(p->name), &err) == 0)
		p->auth = ACC_API_AUTH_PEER;
}

static enum MHD_Result
respond(struct MHD_Connection *conn, const acc_api_response *res)
{
	struct MHD_Response *mr = MHD_create_response_from_buffer(
	    res->body.len, res->body.len ? res->body.data : (void *)"",
	    MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ok;

	if (mr == NULL)
		return MHD_NO;
	if (res->content_type)
		(void)MHD_add_response_header(mr, "Content-Type",
		    res->content_type);
	if (res->allow)
		(void)MHD_add_response_header(mr, "Allow", res->allow);
	(void)MHD_add_response_header(mr, "Cache-Control", "no-store");
	ok = MHD_queue_response(conn, (unsigned int)res->status, mr);
	MHD_destroy_response(mr);
	return ok;
}

/* Content-Length as a number; ACC_API_LENGTH_NONE when absent. */
static uint64_t
content_length(struct MHD_Connection *conn)
{
	const char *v = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_LENGTH);
	uint64_t n = 0;

	if (v == NULL || *v == '\0')
		return ACC_API_LENGTH_NONE;
	for (; *v; v++) {
		if (*v < '0' || *v > '9' || n > UINT64_MAX / 10 - 1)
			return UINT64_MAX - 1;
		n = n * 10 + (uint64_t)(*v - '0');
	}
	return n;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **req_cls)
{
	struct server *srv = cls;
	struct request *r = *req_cls;
	acc_err err = ACC_ERR_INIT;
	acc_workspace *ws;
	const union MHD_ConnectionInfo *ci;
	struct peer *p, none;

	(void)url;
	(void)version;
	if (r == NULL || r->target == NULL)
		return MHD_NO;
	ws = worker_workspace(srv, &err);
	if (ws == NULL) {
		acc_api_error(&r->res, 500, "serve", err.msg);
		return respond(conn, &r->res);
	}
	if (!r->started) {
		r->started = true;
		ci = MHD_get_connection_info(conn,
		    MHD_CONNECTION_INFO_SOCKET_CONTEXT);
		p = ci ? ci->socket_context : NULL;
		if (p == NULL) {
			memset(&none, 0, sizeof(none));
			p = &none;
		}
		identify(p, conn, ws);
		r->req.method = method;
		r->req.target = r->target;
		r->req.content_type = MHD_lookup_connection_value(conn,
		    MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
		r->req.content_length = content_length(conn);
		r->req.auth = p->auth;
		/* the connection's peer outlives the request */
		r->req.peer = p == &none ? NULL : p->name;
		if (!acc_api_precheck(srv->api, &r->req, &r->res))
			return respond(conn, &r->res);
		if (r->req.content_length != ACC_API_LENGTH_NONE &&
		    r->req.content_length > 0) {
			acc_buf b = ACC_BUF_INIT(
			    (size_t)r->req.content_length);
			r->body = b;
		}
		/* answered on the next call: a response queued on the first
		 * makes libmicrohttpd close the connection */
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (acc_buf_append(&r->body, upload_data,
		    *upload_data_size) != 0) {
			acc_api_error(&r->res, 413, "body",
			    "longer than its Content-Length");
			return respond(conn, &r->res);
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	r->req.body = r->body.data ? r->body.data : "";
	r->req.body_len = r->body.len;
	acc_api_handle(srv->api, ws, &r->req, &r->res);
	return respond(conn, &r->res);
}

/* ---- the dashboard's listener -------------------------------------------- */

static void *
on_dash_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct dash_request *r = calloc(1, sizeof(*r));

	(void)cls;
	(void)conn;
	if (r == NULL)
		return NULL;
	r->target = strdup(uri);
	acc_dash_response_init(&r->res);
	return r;
}

static void
on_dash_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct dash_request *r = *req_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (r == NULL)
		return;
	acc_dash_response_dispose(&r->res);
	free(r->target);
	free(r);
	*req_cls = NULL;
}

static enum MHD_Result
dash_respond(struct MHD_Connection *conn, const acc_dash_response *res)
{
	struct MHD_Response *mr = MHD_create_response_from_buffer(
	    res->body.len, res->body.len ? res->body.data : (void *)"",
	    MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ok;
	size_t i;

	if (mr == NULL)
		return MHD_NO;
	if (res->content_type)
		(void)MHD_add_response_header(mr, "Content-Type",
		    res->content_type);
	for (i = 0; i < res->n_headers; i++)
		(void)MHD_add_response_header(mr, res->headers[i].name,
		    res->headers[i].value);
	ok = MHD_queue_response(conn, (unsigned int)res->status, mr);
	MHD_destroy_response(mr);
	return ok;
}

static enum MHD_Result
on_dash_request(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **req_cls)
{
	struct server *srv = cls;
	struct dash_request *r = *req_cls;
	acc_err err = ACC_ERR_INIT;
	acc_workspace *ws;

	(void)url;
	(void)version;
	(void)upload_data;
	if (r == NULL || r->target == NULL)
		return MHD_NO;
	if (!r->started) {
		r->started = true;
		r->req.method = method;
		r->req.target = r->target;
		r->req.host = MHD_lookup_connection_value(conn,
		    MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
		r->req.cookie = MHD_lookup_connection_value(conn,
		    MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE);
		r->req.content_length = content_length(conn);
		if (!acc_dash_precheck(srv->dash, &r->req, &r->res))
			return dash_respond(conn, &r->res);
		return MHD_YES;
	}
	/* a GET has no body: the precheck refused any */
	*upload_data_size = 0;
	ws = worker_workspace(srv, &err);
	if (ws == NULL) {
		acc_api_response a;
		acc_api_response_init(&a);
		acc_api_error(&a, 500, "serve", err.msg);
		acc_buf_dispose(&r->res.body);
		r->res.body = a.body;
		r->res.status = 500;
		r->res.content_type = "application/json";
		return dash_respond(conn, &r->res);
	}
	acc_dash_handle(srv->dash, ws, &r->req, &r->res);
	return dash_respond(conn, &r->res);
}

/* A listening socket for "HOST:PORT" or "[V6]:PORT"; authority receives
 * the address it is bound to, "HOST:PORT" or "[V6]:PORT" (port 0 asks
 * the system for a free one). opt names the option for errors. */
static int
listen_on(int *fd_out, char *authority, size_t len, const char *spec,
    const char *opt, acc_err *err)
{
	char host[256], addr[INET6_ADDRSTRLEN + 8];
	struct addrinfo hints, *ai = NULL;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	const char *colon = strrchr(spec, ':');
	size_t hlen;
	int fd = -1, one = 1, g;

	if (colon == NULL || colon == spec || colon[1] == '\0')
		return acc_err_set(err, ACC_EINVAL, opt,
		    "expected HOST:PORT, got \"%.64s\"", spec);
	hlen = (size_t)(colon - spec);
	if (spec[0] == '[' && hlen > 2 && spec[hlen - 1] == ']') {
		spec++;
		hlen -= 2;
	}
	if (hlen >= sizeof(host))
		return acc_err_set(err, ACC_EINVAL, opt,
		    "host too long");
	memcpy(host, spec, hlen);
	host[hlen] = '\0';
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	g = getaddrinfo(host, colon + 1, &hints, &ai);
	if (g != 0)
		return acc_err_set(err, ACC_EINVAL, opt,
		    "expected a numeric address and port: %s",
		    gai_strerror(g));
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 ||
	    listen(fd, 1024) != 0 ||
	    getsockname(fd, (struct sockaddr *)&ss, &sl) != 0 ||
	    getnameinfo((struct sockaddr *)&ss, sl, addr, sizeof(addr), NULL,
	    0, NI_NUMERICHOST) != 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		freeaddrinfo(ai);
		return acc_err_set(err, ACC_ERR, opt, "cannot listen "
		    "on %.64s: %s", spec, strerror(e));
	}
	if (ss.ss_family == AF_INET6)
		snprintf(authority, len, "[%s]:%u", addr,
		    ntohs(((struct sockaddr_in6 *)&ss)->sin6_port));
	else
		snprintf(authority, len, "%s:%u", addr,
		    ntohs(((struct sockaddr_in *)&ss)->sin_port));
	freeaddrinfo(ai);
	*fd_out = fd;
	return 0;
}

static int
identity_files(acc_buf *cert, acc_buf *key, const struct serve_opts *o,
    acc_workspace *ws, acc_err *err)
{
	int rc;

	if (o->tls_cert == NULL)
		return acc_workspace_tls_identity(ws, cert, key, err);
	rc = acc_file_read(cert, o->tls_cert, err);
	if (rc == 0)
		rc = acc_file_read(key, o->tls_key, err);
	return rc;
}

int
serve_run(acc_workspace *ws, const struct serve_opts *o, acc_err *err)
{
	struct server srv;
	struct MHD_Daemon *d = NULL;
	acc_buf cert = ACC_BUF_INIT(64u << 10), key = ACC_BUF_INIT(64u << 10);
	sigset_t sigs, old;
	struct MHD_Daemon *dd = NULL;
	char url[INET6_ADDRSTRLEN + 32], dash_url[256];
	unsigned threads = o->threads;
	bool have_key = false, masked = false;
	int fd = -1, dfd = -1, sig = 0, rc;
	acc_dash_opts dopts;
	size_t i;

	memset(&srv, 0, sizeof(srv));
	srv.dir = acc_workspace_dir(ws);
	pthread_mutex_init(&srv.lock, NULL);
	(void)pthread_key_create(&srv.thread_key, thread_end);
	if (threads == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n > 0 && n < 64 ? (unsigned)n : 2;
	}
	rc = identity_files(&cert, &key, o, ws, err);
	have_key = true;
	if (rc == 0)
		rc = acc_api_new(&srv.api, err);
	if (rc == 0)
		acc_api_set_checkpoint_max_age(srv.api, o->checkpoint_ms);
	if (rc == 0)
		rc = listen_on(&fd, url, sizeof(url), o->listen, "--listen",
		    err);
	if (rc == 0 && o->dashboard != NULL)
		rc = listen_on(&dfd, dash_url, sizeof(dash_url), o->dashboard,
		    "--dashboard", err);
	if (rc == 0 && o->dashboard != NULL) {
		memset(&dopts, 0, sizeof(dopts));
		dopts.positions = o->positions;
		dopts.n_positions = o->n_positions;
		/* refuses any address but loopback */
		rc = acc_dash_new(&srv.dash, srv.api, dash_url, &dopts, err);
	}
	if (rc != 0)
		goto done;
	/* the worker threads inherit the mask: only sigwait below sees them */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, &old);
	masked = true;
	signal(SIGPIPE, SIG_IGN);
	/*
	 * MHD_OPTION_HTTPS_MEM_TRUST makes GnuTLS request a client
	 * certificate without verifying it (ours are self-signed): the
	 * handshake proves possession of its key, and identify() decides
	 * whether that key is trusted.
	 */
	/*
	 * Not MHD_USE_TURBO: it is faster, but libmicrohttpd 0.9.75 then
	 * never times out a connection whose client sends nothing.
	 */
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_TLS | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, &srv,
	    MHD_OPTION_EXTERNAL_LOGGER, log_mhd, NULL,
	    MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_HTTPS_MEM_CERT, cert.data,
	    MHD_OPTION_HTTPS_MEM_KEY, key.data,
	    MHD_OPTION_HTTPS_MEM_TRUST, cert.data,
	    MHD_OPTION_HTTPS_PRIORITIES,
	    "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2",
	    MHD_OPTION_THREAD_POOL_SIZE, threads,
	    MHD_OPTION_CONNECTION_LIMIT, o->max_connections,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, o->max_per_ip,
	    MHD_OPTION_CONNECTION_TIMEOUT, o->timeout,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, o->memory_limit,
	    MHD_OPTION_URI_LOG_CALLBACK, on_uri, &srv,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, &srv,
	    MHD_OPTION_NOTIFY_CONNECTION, on_connection, &srv,
	    MHD_OPTION_END);
	/* GnuTLS has its own copy of the key now */
	acc_wipe(key.data, key.cap);
	if (d == NULL) {
		rc = acc_err_set(err, ACC_ERR, "serve", "cannot start the "
		    "HTTPS server on %s", o->listen);
		goto done;
	}
	fd = -1;        /* the daemon's now */
	/*
	 * The dashboard: plain HTTP on loopback only, for the operator at
	 * this machine (a browser holds no client certificate); the token
	 * in the printed address stands in for one.
	 */
	if (srv.dash != NULL) {
		dd = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
		    MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0, NULL, NULL,
		    on_dash_request, &srv,
		    MHD_OPTION_EXTERNAL_LOGGER, log_mhd, NULL,
		    MHD_OPTION_LISTEN_SOCKET, dfd,
		    MHD_OPTION_THREAD_POOL_SIZE, 2,
		    MHD_OPTION_CONNECTION_LIMIT, 64,
		    MHD_OPTION_CONNECTION_TIMEOUT, o->timeout,
		    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32 << 10,
		    MHD_OPTION_URI_LOG_CALLBACK, on_dash_uri, &srv,
		    MHD_OPTION_NOTIFY_COMPLETED, on_dash_completed, &srv,
		    MHD_OPTION_END);
		if (dd == NULL) {
			rc = acc_err_set(err, ACC_ERR, "serve", "cannot start "
			    "the dashboard on %s", o->dashboard);
			goto done;
		}
		dfd = -1;
		acc_dash_url(srv.dash, dash_url, sizeof(dash_url));
	}
	printf("listening on https://%s\n", url);
	if (dd != NULL)
		printf("dashboard at %s\n", dash_url);
	fflush(stdout);
	while (sigwait(&sigs, &sig) != 0 || (sig != SIGTERM && sig != SIGINT))
		;
	fprintf(stderr, "accord: serve: %s: shutting down\n",
	    sig == SIGTERM ? "SIGTERM" : "SIGINT");
done:
	if (dd != NULL)
		MHD_stop_daemon(dd);
	if (d != NULL)
		MHD_stop_daemon(d);
	if (fd >= 0)
		close(fd);
	if (dfd >= 0)
		close(dfd);
	acc_dash_free(srv.dash);
	for (i = 0; i < srv.n_ws; i++)
		acc_workspace_close(srv.ws[i]);
	acc_api_free(srv.api);
	if (have_key && key.data)
		acc_wipe(key.data, key.cap);
	acc_buf_dispose(&key);
	acc_buf_dispose(&cert);
	pthread_key_delete(srv.thread_key);
	pthread_mutex_destroy(&srv.lock);
	if (masked)
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}
