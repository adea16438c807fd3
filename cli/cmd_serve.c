/*
 * accord serve: the node's HTTP API over TLS (docs/http-api.md). Parses
 * options and hands over to serve.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"
#include "serve.h"

static const char usage[] =
    "usage: accord serve [--listen HOST:PORT]\n"
    "                    [--tls-cert FILE --tls-key FILE]\n"
    "                    [--threads N] [--timeout SECONDS]\n"
    "                    [--max-connections N] [--max-per-ip N]\n"
    "                    [--checkpoint-cache MS]\n"
    "                    [--dashboard 127.0.0.1:PORT [--positions FILE]...]\n"
    "  Serves the party's log, proofs, declarations and compliance report\n"
    "  over HTTPS (docs/http-api.md). The TLS identity is the workspace's\n"
    "  signing key as a self-signed certificate (see accord key tls), or\n"
    "  the given files. Entries, proofs and declarations are served only\n"
    "  to clients whose certificate holds a key this workspace trusts.\n"
    "  --listen 127.0.0.1:0 picks a free port; the address is printed.\n"
    "  --checkpoint-cache MS serves the public checkpoint from memory for\n"
    "  up to MS milliseconds after reading it (default 0: never).\n"
    "  --dashboard also serves the dashboard (docs/dashboard.md) over\n"
    "  plain HTTP on a loopback address, to whoever opens the printed\n"
    "  address with its per-run token; --positions offers a positions\n"
    "  file on its negotiation page.\n"
    "  Runs until SIGTERM or SIGINT, then exits 0.\n";

static int
number(unsigned *out, const char *s, const char *opt, unsigned lo,
    unsigned hi, acc_err *err)
{
	uint64_t v;
	int rc = cli_count(&v, s, opt, err);

	if (rc == 0 && (v < lo || v > hi))
		rc = acc_err_set(err, ACC_EINVAL, opt, "expected %u to %u, "
		    "got %.20s", lo, hi, s);
	if (rc == 0)
		*out = (unsigned)v;
	return rc;
}

int
cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "tls-cert", required_argument, NULL, 'c' },
		{ "tls-key", required_argument, NULL, 'k' },
		{ "threads", required_argument, NULL, 't' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "max-connections", required_argument, NULL, 'm' },
		{ "max-per-ip", required_argument, NULL, 'p' },
		{ "checkpoint-cache", required_argument, NULL, 'C' },
		{ "dashboard", required_argument, NULL, 'd' },
		{ "positions", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct serve_opts o;
	const char *positions[ACC_DASH_POSITIONS_MAX];
	acc_err err = ACC_ERR_INIT;
	acc_workspace *ws = NULL;
	int c, rc = 0;

	memset(&o, 0, sizeof(o));
	o.listen = "127.0.0.1:8401";
	o.timeout = 10;
	o.max_connections = 1024;
	o.max_per_ip = 256;
	o.memory_limit = 16u << 10;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'l':
			o.listen = optarg;
			break;
		case 'c':
			o.tls_cert = optarg;
			break;
		case 'k':
			o.tls_key = optarg;
			break;
		case 't':
			rc |= number(&o.threads, optarg, "--threads", 1, 64,
			    &err);
			break;
		case 'T':
			rc |= number(&o.timeout, optarg, "--timeout", 1, 3600,
			    &err);
			break;
		case 'm':
			rc |= number(&o.max_connections, optarg,
			    "--max-connections", 1, 100000, &err);
			break;
		case 'p':
			rc |= number(&o.max_per_ip, optarg, "--max-per-ip", 1,
			    100000, &err);
			break;
		case 'C':
			rc |= number(&o.checkpoint_ms, optarg,
			    "--checkpoint-cache", 0, 60000, &err);
			break;
		case 'd':
			o.dashboard = optarg;
			break;
		case 'P':
			if (o.n_positions == ACC_DASH_POSITIONS_MAX)
				return cli_usage(usage);
			positions[o.n_positions++] = optarg;
			break;
		case 'h':
			return cli_help(usage);
		default:
			return cli_usage(usage);
		}
	}
	if (optind != argc || (o.tls_cert == NULL) != (o.tls_key == NULL) ||
	    (o.n_positions > 0 && o.dashboard == NULL))
		return cli_usage(usage);
	o.positions = positions;
	if (rc != 0)
		return cli_exit(err.code, &err);
	rc = cli_workspace_open(&ws, &err);
	if (rc == 0)
		rc = serve_run(ws, &o, &err);
	acc_workspace_close(ws);
	return cli_exit(rc, &err);
}
