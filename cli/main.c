/*
 * accord's entry point: global options, then one subcommand from the
 * table, which also drives `accord help`.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"

struct command {
	const char *name;
	int (*fn)(int, char **);
	const char *summary;
};

static const struct command commands[] = {
	{ "init", cmd_init, "create a workspace for one party to a treaty" },
	{ "import", cmd_import, "load an inventory (CSV or JSON), all or "
	    "nothing" },
	{ "count", cmd_count, "totals per limit of the inventory" },
	{ "check", cmd_check, "exit 0 within every binding limit, 1 over "
	    "one" },
	{ "report", cmd_report, "compliance report (text, json, markdown), "
	    "side by side" },
	{ "treaty", cmd_treaty, "list, show or check treaty definitions" },
	{ "key", cmd_key, "show the party's verifier key, trust others'" },
	{ "declare", cmd_declare, "sign and commit a declaration (full or "
	    "escrow)" },
	{ "verify", cmd_verify, "check a declaration package and reveals" },
	{ "reveal", cmd_reveal, "disclose declared items with proofs" },
	{ "diff", cmd_diff, "item-level differences of two declarations" },
	{ "notify", cmd_notify, "append a notification to the party's log" },
	{ "log", cmd_log, "list, prove and verify the party's log" },
	{ "state", cmd_state, "the inventory replayed from the log" },
	{ "reconcile", cmd_reconcile, "replayed state against a "
	    "declaration" },
	{ "peer", cmd_peer, "add peers, show what is known of each" },
	{ "sync", cmd_sync, "mirror, verify and cosign peers' logs" },
	{ "bundle", cmd_bundle, "export or import a signed bundle (air gap)" },
	{ "forks", cmd_forks, "list, export and verify fork evidence" },
	{ "inspect", cmd_inspect, "inspections: quotas, joint random "
	    "selection, findings" },
	{ "serve", cmd_serve, "the node's HTTP API over TLS, for peers and "
	    "the public" },
	{ "whatif", cmd_whatif, "what a draft demands of each inventory, "
	    "with a plan" },
	{ "compare", cmd_compare, "several drafts side by side against the "
	    "parties" },
	{ "negotiate", cmd_negotiate, "packages both parties could accept "
	    "(Pareto, Nash)" },
	{ "odds", cmd_odds, "detection odds of random inspection, and what "
	    "a draft's quotas buy" },
	{ "exercise", cmd_exercise, "play a scenario: is the cheat caught, "
	    "and how often" },
	{ NULL, NULL, NULL },
};

static const char usage[] =
    "usage: accord [-C DIR] <command> [options]\n"
    "       accord help | --help | --version\n";

static int
help(void)
{
	size_t i;

	printf("%s\naccord keeps a party's treaty-accountable inventory, "
	    "counts it against a treaty's\nlimits, and declares it to the "
	    "other parties: signed, and committed so that\nany item can be "
	    "revealed later with a proof.\n\ncommands:\n", usage);
	for (i = 0; commands[i].name; i++)
		printf("  %-8s %s\n", commands[i].name, commands[i].summary);
	printf("\n`accord <command> --help` describes one command. The "
	    "workspace is -C DIR,\nor $ACCORD_DIR, or the nearest directory "
	    "upward holding accord.json.\n");
	return 0;
}

int
main(int argc, char **argv)
{
	int i = 1;
	size_t k;

	acc_mem_keep();
	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "-C") == 0 && i + 1 < argc) {
			cli_dir = argv[i + 1];
			i += 2;
		} else if (strncmp(argv[i], "-C", 2) == 0 && argv[i][2]) {
			cli_dir = argv[i] + 2;
			i++;
		} else if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			return help();
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("accord %s\n", ACCORD_VERSION);
			return 0;
		} else {
			fprintf(stderr, "accord: unknown option %s\n", argv[i]);
			return cli_usage(usage);
		}
	}
	if (i >= argc)
		return cli_usage(usage);
	if (strcmp(argv[i], "help") == 0)
		return help();
	for (k = 0; commands[k].name; k++)
		if (strcmp(argv[i], commands[k].name) == 0)
			return commands[k].fn(argc - i, argv + i);
	fprintf(stderr, "accord: unknown command \"%s\" (see accord help)\n",
	    argv[i]);
	return 64;
}
