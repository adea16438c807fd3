/*
 * accord import: load an inventory, all or nothing.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "cmd.h"

static const char usage[] =
    "usage: accord import [--as-of DATE] FILE...\n"
    "  Replace the workspace's inventory with the items and facilities of\n"
    "  FILE (CSV or JSON; several files are read as one inventory).\n"
    "  Everything is validated first; on any error nothing changes.\n";

int
cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "as-of", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	acc_err err = ACC_ERR_INIT;
	acc_workspace *ws = NULL;
	acc_inventory *inv = NULL;
	acc_date as_of = ACC_DATE_NONE;
	char d[ACC_DATE_LEN];
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "a:h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (cli_date(&as_of, optarg, "--as-of", &err) != 0)
				return cli_exit(ACC_EINVAL, &err);
			break;
		case 'h':
			return cli_help(usage);
		default:
			return cli_usage(usage);
		}
	}
	if (optind >= argc)
		return cli_usage(usage);
	rc = cli_workspace_open(&ws, &err);
	if (rc == 0)
		rc = acc_workspace_import(ws,
		    (const char *const *)(argv + optind),
		    (size_t)(argc - optind), as_of, &inv, &err);
	if (rc == 0) {
		acc_date_format(d, acc_inventory_as_of(inv));
		printf("imported %zu items at %zu facilities for %s as of %s\n",
		    acc_inventory_item_count(inv),
		    acc_inventory_facility_count(inv),
		    acc_inventory_party(inv), d);
	}
	acc_inventory_free(inv);
	acc_workspace_close(ws);
	return cli_exit(rc, &err);
}
