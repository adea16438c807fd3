/*
 * accord compare: several drafts side by side against the same parties'
 * inventories, with what each draft demands of each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/negotiate.h>

#include "cli.h"
#include "cmd.h"

#define DRAFTS_MAX 8
#define PARTIES_MAX 8

static const char usage[] =
    "usage: accord compare [--format text|json|markdown] [--with FILE]...\n"
    "                      DRAFT... --against [WORKSPACE...]\n"
    "                      [--estimates FILE]...\n"
    "  Each DRAFT (a built-in id or a .yaml file) side by side: per limit\n"
    "  its maximum and each party's margin, and how many items each party\n"
    "  would have to change (accord whatif gives the plans). Parties are\n"
    "  the workspaces after --against and the estimates files.\n"
    "  Exit 0 when every plan meets every limit, 1 when one cannot.\n";

/* The value of an option given as "--opt VALUE" or "--opt=VALUE". */
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
cmd_compare(int argc, char **argv)
{
	acc_err err = ACC_ERR_INIT;
	acc_format fmt = ACC_FORMAT_TEXT;
	const char *drafts[DRAFTS_MAX], *wsp[PARTIES_MAX], *est[PARTIES_MAX];
	const char *with[16];
	size_t nd = 0, nw = 0, ne = 0, n_with = 0, np, d, i;
	struct cli_under under[DRAFTS_MAX];
	acc_workspace *ws[PARTIES_MAX] = { 0 };
	acc_inventory *inv[DRAFTS_MAX * PARTIES_MAX] = { 0 };
	acc_whatif *res = NULL;
	acc_scenario s[DRAFTS_MAX];
	size_t n_res = 0;
	acc_buf out = ACC_BUF_INIT(64u << 20);
	bool against = false, incomplete = false;
	int a, rc = 0;

	memset(under, 0, sizeof(under));
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
		} else if ((v = opt_value(argc, argv, &a, "--estimates")) !=
		    NULL) {
			if (ne == PARTIES_MAX)
				return cli_usage(usage);
			est[ne++] = v;
		} else if ((v = opt_value(argc, argv, &a, "--with")) != NULL) {
			if (n_with == 16)
				return cli_usage(usage);
			with[n_with++] = v;
		} else if (argv[a][0] == '-') {
			return cli_usage(usage);
		} else if (against) {
			if (nw == PARTIES_MAX)
				return cli_usage(usage);
			wsp[nw++] = argv[a];
		} else {
			if (nd == DRAFTS_MAX)
				return cli_usage(usage);
			drafts[nd++] = argv[a];
		}
	}
	np = nw + ne;
	if (nd == 0 || np == 0 || np > PARTIES_MAX)
		return cli_usage(usage);
	res = calloc(nd * np, sizeof(*res));
	if (res == NULL) {
		rc = acc_err_set(&err, ACC_ERR, "compare", "out of memory");
		goto done;
	}
	for (i = 0; i < nw && rc == 0; i++)
		rc = acc_workspace_open(&ws[i], wsp[i], &err);
	for (d = 0; d < nd && rc == 0; d++) {
		under[d].treaty_ref = drafts[d];
		for (i = 0; i < n_with && rc == 0; i++)
			rc = cli_under_option(&under[d], 'w', with[i], &err);
		if (rc == 0)
			rc = acc_treaty_open(&under[d].treaty, drafts[d],
			    &err);
		if (rc != 0)
			break;
		acc_scenario_init(&s[d], under[d].treaty);
		for (i = 0; i < nw && rc == 0; i++)
			rc = cli_under_inventory(&under[d], ws[i],
			    &inv[d * np + i], &err);
		for (i = 0; i < ne && rc == 0; i++)
			rc = acc_estimates_load(&inv[d * np + nw + i],
			    under[d].treaty, est[i], &err);
		for (i = 0; i < np && rc == 0; i++) {
			rc = acc_whatif_make(&res[d * np + i],
			    inv[d * np + i], &s[d], &err);
			if (rc == 0) {
				n_res = d * np + i + 1;
				incomplete = incomplete ||
				    !res[d * np + i].complete;
			}
		}
	}
	if (rc == 0)
		rc = acc_compare_format(&out, res, nd, np, s, drafts, fmt,
		    &err);
	if (rc == 0)
		rc = cli_write(&out, &err);
done:
	for (i = 0; res && i < n_res; i++)
		acc_whatif_dispose(&res[i]);
	free(res);
	for (i = 0; i < DRAFTS_MAX * PARTIES_MAX; i++)
		acc_inventory_free(inv[i]);
	for (i = 0; i < PARTIES_MAX; i++)
		acc_workspace_close(ws[i]);
	for (d = 0; d < DRAFTS_MAX; d++)
		cli_under_dispose(&under[d]);
	acc_buf_dispose(&out);
	if (rc == 0 && incomplete)
		return 1;
	return cli_exit(rc, &err);
}
