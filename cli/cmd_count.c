/*
 * accord count: totals per limit.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>

#include "cli.h"
#include "cmd.h"

static const char usage[] =
    "usage: accord count [--json]\n"
    "  Print the inventory's total for each limit of the treaty.\n";

int
cmd_count(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	acc_err err = ACC_ERR_INIT;
	acc_workspace *ws = NULL;
	acc_inventory *inv = NULL;
	acc_counter *counter = NULL;
	const acc_treaty *t;
	int64_t totals[64];
	int json = 0, c, rc;
	size_t i;

	optind = 1;
	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
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
		rc = acc_workspace_inventory(ws, &inv, &err);
	if (rc == 0)
		rc = acc_counter_new(&counter, acc_workspace_treaty(ws), NULL,
		    &err);
	if (rc != 0)
		goto done;
	t = acc_workspace_treaty(ws);
	acc_counter_totals(counter, inv, totals);
	if (json)
		printf("{");
	for (i = 0; i < acc_treaty_limit_count(t); i++) {
		const char *id = acc_treaty_limit(t, i).id;
		if (json)
			printf("%s\"%s\":%" PRId64, i ? "," : "", id,
			    totals[i]);
		else
			printf("%-24s %" PRId64 "\n", id, totals[i]);
	}
	if (json)
		printf("}\n");
done:
	acc_counter_free(counter);
	acc_inventory_free(inv);
	acc_workspace_close(ws);
	return cli_exit(rc, &err);
}
