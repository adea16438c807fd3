/*
 * accord whatif: what a draft treaty demands of each party's inventory,
 * limit by limit, and the adjustment plan that brings each within it.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/negotiate.h>

#include "cli.h"
#include "cmd.h"

#define PARTIES_MAX 16

static const char usage[] =
    "usage: accord whatif [--format text|json|markdown] [--with FILE]...\n"
    "                     [--variant LIMIT=RULE]... [--max LIMIT=N|none]...\n"
    "                     DRAFT [WORKSPACE...] [--estimates FILE]...\n"
    "  Counts each party's inventory (a workspace, or an estimates file of\n"
    "  counts per type and status) under DRAFT (a built-in id or a .yaml\n"
    "  file) and shows per limit the value, maximum and margin, and a plan\n"
    "  that brings each party within every limit: which items to move to\n"
    "  non-deployed status, download warheads from, or eliminate.\n"
    "  --with adds holdings from FILE to each workspace ({party} is\n"
    "  replaced by its party); --variant counts a limit by one of its\n"
    "  variant rules; --max sets a limit's maximum. Nothing is stored.\n"
    "  Exit 0 when every plan meets every limit, 1 when one cannot.\n";

int
cmd_whatif(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "with", required_argument, NULL, 'w' },
		{ "estimates", required_argument, NULL, 'e' },
		{ "variant", required_argument, NULL, 'v' },
		{ "max", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	acc_err err = ACC_ERR_INIT;
	struct cli_under under = { 0 };
	acc_format fmt = ACC_FORMAT_TEXT;
	const char *est[PARTIES_MAX], *specs[64];
	bool spec_variant[64];
	size_t n_est = 0, n_specs = 0, n_ws, n = 0, i;
	acc_workspace *ws[PARTIES_MAX] = { 0 };
	acc_inventory *inv[PARTIES_MAX] = { 0 };
	acc_whatif res[PARTIES_MAX];
	size_t n_res = 0;
	acc_scenario s;
	acc_buf out = ACC_BUF_INIT(64u << 20);
	bool incomplete = false;
	int c, rc = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "f:w:e:v:m:h", opts, NULL)) !=
	    -1) {
		switch (c) {
		case 'f':
			if (acc_format_parse(&fmt, optarg, &err) != 0)
				return cli_exit(ACC_EINVAL, &err);
			break;
		case 'w':
			if (cli_under_option(&under, c, optarg, &err) != 0)
				return cli_exit(ACC_ELIMIT, &err);
			break;
		case 'e':
			if (n_est == PARTIES_MAX)
				return cli_usage(usage);
			est[n_est++] = optarg;
			break;
		case 'v':
		case 'm':
			if (n_specs == 64)
				return cli_usage(usage);
			spec_variant[n_specs] = c == 'v';
			specs[n_specs++] = optarg;
			break;
		case 'h':
			return cli_help(usage);
		default:
			return cli_usage(usage);
		}
	}
	if (optind >= argc)
		return cli_usage(usage);
	n_ws = (size_t)(argc - optind - 1);
	if (n_ws + n_est == 0 || n_ws + n_est > PARTIES_MAX)
		return cli_usage(usage);
	under.treaty_ref = argv[optind];
	rc = acc_treaty_open(&under.treaty, argv[optind], &err);
	if (rc != 0)
		goto done;
	acc_scenario_init(&s, under.treaty);
	for (i = 0; i < n_specs && rc == 0; i++)
		rc = acc_scenario_set(&s, specs[i], spec_variant[i],
		    spec_variant[i] ? "--variant" : "--max", &err);
	for (i = 0; i < n_ws && rc == 0; i++) {
		rc = acc_workspace_open(&ws[n], argv[optind + 1 + i], &err);
		if (rc == 0)
			rc = cli_under_inventory(&under, ws[n], &inv[n], &err);
		n++;
	}
	for (i = 0; i < n_est && rc == 0; i++)
		rc = acc_estimates_load(&inv[n++], under.treaty, est[i], &err);
	for (i = 0; i < n && rc == 0; i++) {
		rc = acc_whatif_make(&res[i], inv[i], &s, &err);
		if (rc == 0) {
			n_res++;
			incomplete = incomplete || !res[i].complete;
		}
	}
	if (rc == 0)
		rc = acc_whatif_format(&out, res, n_res, &s, fmt, &err);
	if (rc == 0)
		rc = cli_write(&out, &err);
done:
	for (i = 0; i < n_res; i++)
		acc_whatif_dispose(&res[i]);
	for (i = 0; i < PARTIES_MAX; i++) {
		acc_inventory_free(inv[i]);
		acc_workspace_close(ws[i]);
	}
	acc_buf_dispose(&out);
	cli_under_dispose(&under);
	if (rc == 0 && incomplete)
		return 1;
	return cli_exit(rc, &err);
}
