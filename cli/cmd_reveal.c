/*
 * accord reveal: disclose items of one of the workspace's declarations,
 * with the proofs that bind them to its signed root and totals.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "cmd.h"

static const char usage[] =
    "usage: accord reveal PACKAGE (--item UID... | --facility ID) -o FILE\n"
    "  Reveal items of a declaration this workspace made: each with its\n"
    "  salt and the path of (hash, tally) nodes to the signed root. A\n"
    "  facility is revealed whole, with the neighbouring leaves that show\n"
    "  the range is complete.\n";

int
cmd_reveal(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "item", required_argument, NULL, 'i' },
		{ "facility", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	acc_err err = ACC_ERR_INIT;
	acc_workspace *ws = NULL;
	acc_decl *d = NULL;
	acc_buf out = ACC_BUF_INIT(2048ull << 20);
	const char *uids[256], *facility = NULL, *path = NULL, *pkg;
	size_t n_uids = 0;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "i:f:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'i':
			if (n_uids >= 256)
				return cli_usage(usage);
			uids[n_uids++] = optarg;
			break;
		case 'f':
			facility = optarg;
			break;
		case 'o':
			path = optarg;
			break;
		case 'h':
			return cli_help(usage);
		default:
			return cli_usage(usage);
		}
	}
	/* the package, then (after --item) more UIDs */
	if (optind >= argc || path == NULL)
		return cli_usage(usage);
	pkg = argv[optind++];
	while (optind < argc && n_uids > 0 && n_uids < 256)
		uids[n_uids++] = argv[optind++];
	if (optind != argc || (n_uids == 0) == (facility == NULL))
		return cli_usage(usage);
	rc = cli_workspace_open(&ws, &err);
	if (rc == 0)
		rc = acc_decl_load(&d, pkg, &err);
	if (rc == 0)
		rc = acc_workspace_reveal(ws, d, uids, n_uids, facility, &out,
		    &err);
	if (rc == 0)
		rc = cli_output(path, &out, &err);
	if (out.data)
		acc_wipe(out.data, out.len);
	acc_buf_dispose(&out);
	acc_decl_free(d);
	acc_workspace_close(ws);
	return cli_exit(rc, &err);
}
