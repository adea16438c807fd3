/*
 * accord init: create a workspace.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "cmd.h"

static const char usage[] =
    "usage: accord init --treaty ID|FILE.yaml (--party PARTY | --witness NAME)\n"
    "                   [--store URL] [DIR]\n"
    "  Create a workspace for PARTY under the treaty: DIR/accord.json,\n"
    "  DIR/treaty.yaml (the definition counted under) and DIR/accord.db.\n"
    "  DIR defaults to -C DIR, else the current directory.\n"
    "  --witness NAME: a node of no party that mirrors and cosigns.\n"
    "  --store postgresql://...: keep the store in PostgreSQL.\n";

int
cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "treaty", required_argument, NULL, 't' },
		{ "party", required_argument, NULL, 'p' },
		{ "witness", required_argument, NULL, 'w' },
		{ "store", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	acc_err err = ACC_ERR_INIT;
	const char *treaty = NULL, *party = NULL, *dir;
	acc_workspace_init_opts o = { 0 };
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "t:p:w:s:h", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			treaty = optarg;
			break;
		case 'p':
			party = optarg;
			break;
		case 'w':
			party = optarg;
			o.witness = true;
			break;
		case 's':
			o.store = optarg;
			break;
		case 'h':
			return cli_help(usage);
		default:
			return cli_usage(usage);
		}
	}
	if (treaty == NULL || party == NULL || argc - optind > 1)
		return cli_usage(usage);
	dir = optind < argc ? argv[optind] : (cli_dir ? cli_dir : ".");
	rc = acc_workspace_init(dir, treaty, party, &o, &err);
	if (rc == 0)
		printf("initialised workspace %s for %s %s under %s\n", dir,
		    o.witness ? "witness" : "party", party, treaty);
	return cli_exit(rc, &err);
}
