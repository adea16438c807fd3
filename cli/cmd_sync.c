/*
 * accord sync: mirror, verify and cosign peers' logs over HTTPS.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"

static const char usage[] =
    "usage: accord sync [NAME]\n"
    "  Fetch each peer's checkpoint and new entries (or NAME's), verify\n"
    "  its signature, the tree and every checkpoint of it seen before,\n"
    "  check the entries against the treaty (an invalid one is kept as a\n"
    "  finding), cosign, and hand the cosignature back. Exit 1 on a fork\n"
    "  or a failed check, 2 when a peer cannot be reached.\n";

int
cmd_sync(int argc, char **argv)
{
	acc_err err = ACC_ERR_INIT;
	acc_buf report = ACC_BUF_INIT(1u << 20);
	acc_workspace *ws = NULL;
	int rc;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0))
		return cli_help(usage);
	if (argc > 2 || (argc == 2 && argv[1][0] == '-'))
		return cli_usage(usage);
	rc = cli_workspace_open(&ws, &err);
	if (rc != 0)
		return cli_exit(rc, &err);
	rc = acc_workspace_sync(ws, argc == 2 ? argv[1] : NULL, &report, &err);
	if (report.len > 0)
		(void)cli_write(&report, NULL);
	acc_buf_dispose(&report);
	acc_workspace_close(ws);
	return cli_exit(rc, &err);
}
