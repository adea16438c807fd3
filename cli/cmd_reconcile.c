/*
 * accord reconcile: the replayed state against a declaration.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "cmd.h"

static const char usage[] =
    "usage: accord reconcile [--json] DECLARATION.json\n"
    "  Compare the state replayed from the log (up to the declaration's\n"
    "  own entry, or the whole log) with the declaration's items: items\n"
    "  never notified, missing, moved, in transit, or with another\n"
    "  status, warheads or container. Exit 0 when they agree, 1 when\n"
    "  they differ, 2 on errors.\n";

int
cmd_reconcile(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	acc_err err = ACC_ERR_INIT;
	acc_workspace *ws = NULL;
	acc_decl *d = NULL;
	acc_buf out = ACC_BUF_INIT(1ull << 30);
	bool json = false;
	size_t n = 0;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			return cli_help(usage);
		default:
			return cli_usage(usage);
		}
	}
	if (argc - optind != 1)
		return cli_usage(usage);
	rc = cli_workspace_open(&ws, &err);
	if (rc == 0)
		rc = acc_decl_load(&d, argv[optind], &err);
	if (rc == 0)
		rc = acc_workspace_reconcile(ws, d, json, &out, &n, &err);
	if (rc == 0)
		rc = cli_write(&out, &err);
	acc_buf_dispose(&out);
	acc_decl_free(d);
	acc_workspace_close(ws);
	if (rc == 0 && n > 0)
		return 1;
	return cli_exit(rc, &err);
}
