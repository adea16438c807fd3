/*
 * accord peer: the nodes this one mirrors and cosigns.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"

static const char usage[] =
    "usage: accord peer add NAME [URL] [--pin sha256//BASE64]\n"
    "       accord peer status [--json]\n"
    "       accord peer resume NAME\n"
    "       accord peer findings NAME\n"
    "  add: mirror NAME (a party or witness whose key is trusted) at URL\n"
    "  (https://HOST:PORT), or through bundles only when URL is left out.\n"
    "  The peer's trusted key is pinned; --pin pins a certificate it\n"
    "  serves instead (accord key pin on its node).\n"
    "  status: per peer, entries mirrored, last consistent checkpoint,\n"
    "  size cosigned, findings, forks, and whether sync is stopped.\n"
    "  resume: sync again with a peer stopped by fork evidence.\n"
    "  findings: what is wrong with entries of NAME's log (kept, never\n"
    "  dropped), one line each.\n";

int
cmd_peer(int argc, char **argv)
{
	acc_err err = ACC_ERR_INIT;
	acc_buf out = ACC_BUF_INIT(64u << 20);
	acc_workspace *ws = NULL;
	const char *pin = NULL, *url = "";
	bool json = false;
	int rc, i, n_pos = 0;
	const char *pos[4] = { NULL };

	if (argc < 2)
		return cli_usage(usage);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return cli_help(usage);
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (strcmp(argv[i], "--pin") == 0 && i + 1 < argc)
			pin = argv[++i];
		else if (argv[i][0] == '-' || n_pos == 4)
			return cli_usage(usage);
		else
			pos[n_pos++] = argv[i];
	}
	if (!((strcmp(pos[0], "add") == 0 && (n_pos == 2 || n_pos == 3) &&
	    !json) || (strcmp(pos[0], "status") == 0 && n_pos == 1 && !pin) ||
	    ((strcmp(pos[0], "resume") == 0 || strcmp(pos[0], "findings") ==
	    0) && n_pos == 2 && !json && !pin)))
		return cli_usage(usage);
	rc = cli_workspace_open(&ws, &err);
	if (rc != 0)
		return cli_exit(rc, &err);
	if (strcmp(pos[0], "add") == 0) {
		if (n_pos == 3)
			url = pos[2];
		rc = acc_workspace_peer_add(ws, pos[1], url, pin, &err);
		if (rc == 0)
			printf("peer %s at %s\n", pos[1], url[0] ? url :
			    "(bundles only)");
	} else if (strcmp(pos[0], "status") == 0) {
		rc = acc_workspace_peer_status(ws, json, &out, &err);
		if (rc == 0)
			rc = cli_write(&out, &err);
	} else if (strcmp(pos[0], "findings") == 0) {
		rc = acc_workspace_peer_findings(ws, pos[1], &out, &err);
		if (rc == 0)
			rc = cli_write(&out, &err);
	} else {
		rc = acc_workspace_peer_resume(ws, pos[1], &err);
		if (rc == 0)
			printf("sync with %s resumed; its fork evidence is "
			    "kept\n", pos[1]);
	}
	acc_buf_dispose(&out);
	acc_workspace_close(ws);
	return cli_exit(rc, &err);
}
