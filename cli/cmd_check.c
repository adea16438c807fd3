/*
 * accord check: does the inventory meet every binding limit?
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "cmd.h"

static const char usage[] =
    "usage: accord check [--at DATE] [--quiet] [--treaty ID|FILE "
    "--with FILE...]\n"
    "  Check the inventory against the limits binding on DATE (default:\n"
    "  the inventory's as-of date). Exit 0 within every binding limit,\n"
    "  1 over at least one, 2 on errors. --treaty and --with count the\n"
    "  inventory under another definition, as accord report does.\n";

int
cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "at", required_argument, NULL, 'a' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "treaty", required_argument, NULL, 't' },
		{ "with", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	acc_err err = ACC_ERR_INIT;
	struct cli_under under = { 0 };
	acc_workspace *ws = NULL;
	acc_inventory *inv = NULL;
	acc_report rep;
	acc_date at = ACC_DATE_NONE;
	char d[ACC_DATE_LEN];
	int quiet = 0, c, rc;
	size_t i;

	optind = 1;
	while ((c = getopt_long(argc, argv, "a:qt:w:h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (cli_date(&at, optarg, "--at", &err) != 0)
				return cli_exit(ACC_EINVAL, &err);
			break;
		case 'q':
			quiet = 1;
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
	if (optind != argc)
		return cli_usage(usage);
	rc = cli_workspace_open(&ws, &err);
	if (rc == 0)
		rc = cli_under_inventory(&under, ws, &inv, &err);
	if (rc == 0)
		rc = acc_report_make(&rep, inv, at, &err);
	if (rc != 0)
		goto done;
	acc_date_format(d, rep.at);
	for (i = 0; !quiet && i < rep.n_limits; i++) {
		const acc_limit_result *x = &rep.limits[i];
		const char *verdict = !x->in_force ? "not binding" :
		    x->margin < 0 ? "OVER" : "ok";
		printf("%-11s %-24s %lld of %lld\n", verdict, x->id,
		    (long long)x->value, (long long)x->max);
	}
	if (!quiet) {
		if (!rep.treaty_in_force)
			printf("%s: treaty not in force on %s, no limit "
			    "binds\n", rep.party, d);
		else if (rep.n_over)
			printf("%s: %zu limit(s) exceeded on %s\n", rep.party,
			    rep.n_over, d);
		else
			printf("%s: within every binding limit on %s\n",
			    rep.party, d);
	}
done:
	acc_inventory_free(inv);
	acc_workspace_close(ws);
	cli_under_dispose(&under);
	if (rc == 0 && rep.n_over > 0)
		return 1;
	return cli_exit(rc, &err);
}
