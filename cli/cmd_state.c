/*
 * accord state: the inventory replayed from the last declaration and
 * the notifications after it.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"

static const char usage[] =
    "usage: accord state [--at N | --at-date YYYY-MM-DD] [--json]\n"
    "  The state replayed from the party's log: the items of its last\n"
    "  declaration, then every notification after it, up to the first N\n"
    "  entries or up to a date. Text gives the totals per limit; --json\n"
    "  the items.\n";

int
cmd_state(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "at", required_argument, NULL, 'a' },
		{ "at-date", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	acc_err err = ACC_ERR_INIT;
	acc_workspace *ws = NULL;
	acc_buf out = ACC_BUF_INIT(1ull << 30);
	acc_date at_date = ACC_DATE_NONE;
	uint64_t at = UINT64_MAX;
	bool json = false;
	int c, rc = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			rc = cli_count(&at, optarg, "--at", &err);
			break;
		case 'd':
			rc = cli_date(&at_date, optarg, "--at-date", &err);
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			return cli_help(usage);
		default:
			return cli_usage(usage);
		}
	}
	if (argc != optind || (at != UINT64_MAX && at_date != ACC_DATE_NONE))
		return cli_usage(usage);
	if (rc == 0)
		rc = cli_workspace_open(&ws, &err);
	if (rc == 0)
		rc = acc_workspace_state(ws, at, at_date, json, &out, &err);
	if (rc == 0)
		rc = cli_write(&out, &err);
	acc_buf_dispose(&out);
	acc_workspace_close(ws);
	return cli_exit(rc, &err);
}
