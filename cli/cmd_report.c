/*
 * accord report: the compliance report, for one workspace or several
 * side by side.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "cmd.h"

static const char usage[] =
    "usage: accord report [--format text|json|markdown] [--at DATE]\n"
    "                     [--treaty ID|FILE --with FILE...] [WORKSPACE...]\n"
    "  Per limit: id, article, rule, maximum, value and margin. With\n"
    "  several workspaces (of one treaty), the reports side by side.\n"
    "  --treaty counts the inventory under another definition (a draft);\n"
    "  --with adds holdings from FILE, where {party} is replaced by each\n"
    "  workspace's party. Nothing is stored.\n";

int
cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "at", required_argument, NULL, 'a' },
		{ "treaty", required_argument, NULL, 't' },
		{ "with", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	acc_err err = ACC_ERR_INIT;
	struct cli_under under = { 0 };
	acc_format fmt = ACC_FORMAT_TEXT;
	acc_date at = ACC_DATE_NONE;
	acc_workspace *ws[16] = { 0 };
	acc_inventory *inv[16] = { 0 };
	acc_report *reps = NULL;
	acc_buf out = ACC_BUF_INIT(64u << 20);
	size_t n, i;
	int c, rc = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "f:a:t:w:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (acc_format_parse(&fmt, optarg, &err) != 0)
				return cli_exit(ACC_EINVAL, &err);
			break;
		case 'a':
			if (cli_date(&at, optarg, "--at", &err) != 0)
				return cli_exit(ACC_EINVAL, &err);
			break;
		case 't':
		case 'w':
			if (cli_under_option(&under, c, optarg, &err) != 0)
				return cli_exit(ACC_ELIMIT, &err);
			break;
		case 'h':
			return cli_help(usage);
		default:
			return cli_usage(usage);
		}
	}
	n = optind < argc ? (size_t)(argc - optind) : 1;
	if (n > 16)
		return cli_usage(usage);
	reps = calloc(n, sizeof(*reps));
	if (reps == NULL) {
		rc = acc_err_set(&err, ACC_ERR, "report", "out of memory");
		goto done;
	}
	for (i = 0; i < n && rc == 0; i++) {
		if (optind < argc)
			rc = acc_workspace_open(&ws[i], argv[optind + i], &err);
		else
			rc = cli_workspace_open(&ws[i], &err);
		if (rc == 0)
			rc = cli_under_inventory(&under, ws[i], &inv[i], &err);
		if (rc == 0)
			rc = acc_report_make(&reps[i], inv[i],
			    at != ACC_DATE_NONE ? at :
			    acc_inventory_as_of(inv[0]), &err);
	}
	if (rc == 0)
		rc = acc_report_format(&out, reps, n, fmt, &err);
	if (rc == 0)
		rc = cli_write(&out, &err);
done:
	for (i = 0; i < 16; i++) {
		acc_inventory_free(inv[i]);
		acc_workspace_close(ws[i]);
	}
	free(reps);
	acc_buf_dispose(&out);
	cli_under_dispose(&under);
	return cli_exit(rc, &err);
}
