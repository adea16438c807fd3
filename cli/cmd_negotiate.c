/*
 * accord negotiate: the packages two parties could both accept, from a
 * positions file: Pareto frontier, zone of possible agreement, Nash,
 * Kalai-Smorodinsky and egalitarian solutions, what each requires of the
 * inventories, sensitivity, and a picture of the utility space.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/negotiate.h>

#include "cli.h"
#include "cmd.h"

static const char usage[] =
    "usage: accord negotiate [--format text|json|markdown] [--plot FILE.svg]\n"
    "                        [--with FILE]... POSITIONS\n"
    "                        [--against WORKSPACE...]\n"
    "  Solves the negotiation a positions file describes (docs/\n"
    "  negotiation.md), exactly, over every package that crosses no red\n"
    "  line. What each solution requires of a party's inventory is shown\n"
    "  for the workspaces after --against, or else for the estimates files\n"
    "  the positions name under holdings. --plot writes the utility space\n"
    "  as SVG. Exit 0 when a zone of agreement exists, 1 when none does\n"
    "  (the report says why).\n";

static const char *
opt_value(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] == '\0' && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

int
cmd_negotiate(int argc, char **argv)
{
	acc_err err = ACC_ERR_INIT;
	acc_format fmt = ACC_FORMAT_TEXT;
	const char *positions = NULL, *plot = NULL, *wsp[2];
	struct cli_under under = { 0 };
	size_t nw = 0, i, k;
	acc_positions *p = NULL;
	acc_negotiation *g = NULL;
	acc_workspace *ws[2] = { 0 };
	acc_inventory *inv[2] = { 0 }, *loaded[2] = { 0 };
	acc_buf out = ACC_BUF_INIT(64u << 20);
	acc_buf svg = ACC_BUF_INIT(64u << 20);
	bool against = false, agreement = false;
	int a, rc = 0;

	for (a = 1; a < argc; a++) {
		const char *v;
		if (strcmp(argv[a], "--help") == 0 || strcmp(argv[a], "-h") ==
		    0)
			return cli_help(usage);
		if (strcmp(argv[a], "--against") == 0) {
			against = true;
		} else if ((v = opt_value(argc, argv, &a, "--format")) !=
		    NULL) {
			if (acc_format_parse(&fmt, v, &err) != 0)
				return cli_exit(ACC_EINVAL, &err);
		} else if ((v = opt_value(argc, argv, &a, "--plot")) != NULL) {
			plot = v;
		} else if ((v = opt_value(argc, argv, &a, "--with")) != NULL) {
			if (cli_under_option(&under, 'w', v, &err) != 0)
				return cli_exit(ACC_ELIMIT, &err);
		} else if (argv[a][0] == '-' && argv[a][1] != '\0') {
			return cli_usage(usage);
		} else if (against) {
			if (nw == 2)
				return cli_usage(usage);
			wsp[nw++] = argv[a];
		} else {
			if (positions != NULL)
				return cli_usage(usage);
			positions = argv[a];
		}
	}
	if (positions == NULL || (against && nw == 0))
		return cli_usage(usage);
	if (plot != NULL && cli_output_check(plot, &err) != 0)
		return cli_exit(ACC_EINVAL, &err);
	rc = acc_positions_load(&p, positions, &err);
	if (rc != 0)
		goto done;
	for (i = 0; i < nw && rc == 0; i++) {
		acc_inventory *x = NULL;
		const char *party;
		rc = acc_workspace_open(&ws[i], wsp[i], &err);
		if (rc != 0)
			break;
		party = acc_workspace_party(ws[i]);
		if (under.n_with == 0) {
			rc = acc_workspace_inventory_under(ws[i],
			    acc_positions_treaty(p), NULL, 0, &x, &err);
		} else {
			/* --with, {party} replaced, as report does it; the
			 * treaty stays the positions' (cli_under only reads
			 * it, and it is detached before cli_under_dispose) */
			under.treaty = (acc_treaty *)acc_positions_treaty(p);
			under.treaty_ref = "positions";
			rc = cli_under_inventory(&under, ws[i], &x, &err);
			under.treaty = NULL;
		}
		if (rc != 0)
			break;
		k = strcmp(party, acc_positions_party(p, 0)) == 0 ? 0 :
		    strcmp(party, acc_positions_party(p, 1)) == 0 ? 1 : 2;
		if (k < 2 && loaded[k] == NULL) {
			loaded[k] = x;
		} else {
			acc_inventory_free(x);
			rc = acc_err_set(&err, ACC_EINVAL, wsp[i], k < 2 ?
			    "a second workspace of party %s" : "the workspace "
			    "is party %s's, not a party to these positions",
			    party);
		}
	}
	for (i = 0; i < 2 && rc == 0; i++)
		if (loaded[i] == NULL && !against &&
		    acc_positions_holdings(p, i) != NULL)
			rc = acc_estimates_load(&loaded[i],
			    acc_positions_treaty(p),
			    acc_positions_holdings(p, i), &err);
	if (rc == 0)
		rc = acc_negotiation_solve(&g, p, &err);
	inv[0] = loaded[0];
	inv[1] = loaded[1];
	if (rc == 0)
		rc = acc_negotiation_requirements(g,
		    (const acc_inventory *const *)inv, &err);
	if (rc == 0)
		rc = acc_negotiation_format(&out, g, fmt, &err);
	if (rc == 0 && plot != NULL)
		rc = acc_negotiation_plot(&svg, g, &err);
	if (rc == 0 && plot != NULL)
		rc = cli_output(plot, &svg, &err);
	if (rc == 0)
		rc = cli_write(&out, &err);
	if (rc == 0)
		agreement = acc_negotiation_has_agreement(g);
done:
	acc_negotiation_free(g);
	for (i = 0; i < 2; i++) {
		acc_inventory_free(loaded[i]);
		acc_workspace_close(ws[i]);
	}
	acc_positions_free(p);
	acc_buf_dispose(&out);
	acc_buf_dispose(&svg);
	if (rc == 0 && !agreement)
		return 1;
	return cli_exit(rc, &err);
}
