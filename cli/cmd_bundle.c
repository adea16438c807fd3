/*
 * accord bundle: what a sync carries, as a signed file for nodes that
 * never connect.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"

static const char usage[] =
    "usage: accord bundle export --for NAME [--since N] -o FILE\n"
    "       accord bundle import FILE\n"
    "  export: this node's log (from the size NAME last cosigned, or N)\n"
    "  with its checkpoint and a consistency proof, and this node's\n"
    "  cosignatures of NAME's log, signed by this node.\n"
    "  import: the checks of a sync; importing twice changes nothing.\n";

int
cmd_bundle(int argc, char **argv)
{
	acc_err err = ACC_ERR_INIT;
	acc_buf report = ACC_BUF_INIT(1u << 20);
	acc_workspace *ws = NULL;
	const char *for_name = NULL, *out = NULL, *in = NULL;
	uint64_t since = UINT64_MAX;
	int rc, i;

	if (argc < 2)
		return cli_usage(usage);
	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") ==
		    0)
			return cli_help(usage);
	if (strcmp(argv[1], "export") == 0) {
		for (i = 2; i < argc; i++) {
			if (strcmp(argv[i], "--for") == 0 && i + 1 < argc)
				for_name = argv[++i];
			else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
				out = argv[++i];
			else if (strcmp(argv[i], "--since") == 0 && i + 1 <
			    argc) {
				if (cli_count(&since, argv[++i], "--since",
				    &err) != 0)
					return cli_exit(ACC_EINVAL, &err);
			} else
				return cli_usage(usage);
		}
		if (for_name == NULL || out == NULL)
			return cli_usage(usage);
	} else if (strcmp(argv[1], "import") == 0 && argc == 3) {
		in = argv[2];
	} else {
		return cli_usage(usage);
	}
	rc = cli_workspace_open(&ws, &err);
	if (rc != 0)
		return cli_exit(rc, &err);
	if (in == NULL)
		rc = acc_workspace_bundle_export(ws, for_name, since, out,
		    &report, &err);
	else
		rc = acc_workspace_bundle_import(ws, in, &report, &err);
	if (report.len > 0)
		(void)cli_write(&report, NULL);
	if (rc == 0 && in == NULL)
		printf("wrote %s for %s\n", out, for_name);
	acc_buf_dispose(&report);
	acc_workspace_close(ws);
	return cli_exit(rc, &err);
}
