/*
 * accord diff: item-level differences between two full declarations.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "cmd.h"

static const char usage[] =
    "usage: accord diff [--format text|json|markdown] OLD NEW\n"
    "  Items added, removed, moved between facilities, changed status,\n"
    "  changed warheads or container, and each limit's change, between\n"
    "  two full declarations of one party. Exit 0 when the items are the\n"
    "  same, 1 when they differ, 2 on errors.\n";

int
cmd_diff(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	acc_err err = ACC_ERR_INIT;
	acc_format fmt = ACC_FORMAT_TEXT;
	acc_decl *a = NULL, *b = NULL;
	acc_buf out = ACC_BUF_INIT(1ull << 30);
	size_t n = 0;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (acc_format_parse(&fmt, optarg, &err) != 0)
				return cli_exit(ACC_EINVAL, &err);
			break;
		case 'h':
			return cli_help(usage);
		default:
			return cli_usage(usage);
		}
	}
	if (argc - optind != 2)
		return cli_usage(usage);
	rc = acc_decl_load(&a, argv[optind], &err);
	if (rc == 0)
		rc = acc_decl_load(&b, argv[optind + 1], &err);
	if (rc == 0)
		rc = acc_decl_diff(&out, a, b, fmt, &n, &err);
	if (rc == 0)
		rc = cli_write(&out, &err);
	acc_buf_dispose(&out);
	acc_decl_free(a);
	acc_decl_free(b);
	if (rc == 0 && n > 0)
		return 1;
	return cli_exit(rc, &err);
}
