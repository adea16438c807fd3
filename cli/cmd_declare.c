/*
 * accord declare: commit, sign and keep a declaration of the inventory.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"

static const char usage[] =
    "usage: accord declare [--escrow [--pad-to N]] [--as-of DATE]\n"
    "                      [--supersedes PACKAGE|ID] -o FILE\n"
    "  Declare the stored inventory: a package signed with the party's\n"
    "  key and committed with a salted Merkle sum tree. Full mode\n"
    "  discloses every item; --escrow discloses only the commitment\n"
    "  (reveal items later with accord reveal); --pad-to adds dummy\n"
    "  leaves so that the item count is hidden. A correction of a\n"
    "  declaration names it with --supersedes (its package or its id).\n"
    "  -o - writes to stdout.\n";

int
cmd_declare(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "escrow", no_argument, NULL, 'e' },
		{ "pad-to", required_argument, NULL, 'p' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "supersedes", required_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	acc_err err = ACC_ERR_INIT;
	acc_workspace *ws = NULL;
	acc_decl *prev = NULL;
	acc_decl_opts o = { 0 };
	acc_date as_of = ACC_DATE_NONE;
	acc_buf pkg = ACC_BUF_INIT(8ull << 30);
	uint8_t id[ACC_SHA256_LEN];
	const char *out = NULL, *supersedes = NULL;
	char idtext[64], *end;
	uint8_t sup_id[ACC_SHA256_LEN];
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "ep:a:s:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'e':
			o.escrow = true;
			break;
		case 'p':
			o.pad_to = strtoull(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || *optarg == '-')
				return cli_usage(usage);
			break;
		case 'a':
			if (cli_date(&as_of, optarg, "--as-of", &err) != 0)
				return cli_exit(ACC_EINVAL, &err);
			break;
		case 's':
			supersedes = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'h':
			return cli_help(usage);
		default:
			return cli_usage(usage);
		}
	}
	if (optind != argc || out == NULL)
		return cli_usage(usage);
	/* fail before declaring if the package cannot be written */
	rc = cli_output_check(out, &err);
	if (rc == 0)
		rc = cli_workspace_open(&ws, &err);
	if (rc == 0 && supersedes) {
		/* the superseded declaration: its package, or its id */
		size_t n = 0;
		if (acc_base64_decode(sup_id, sizeof(sup_id), &n, supersedes,
		    strlen(supersedes), "--supersedes", NULL) == 0 &&
		    n == sizeof(sup_id)) {
			o.supersedes = sup_id;
		} else {
			rc = acc_decl_load(&prev, supersedes, &err);
			if (rc == 0)
				o.supersedes = acc_decl_id(prev);
		}
	}
	if (rc == 0)
		rc = acc_workspace_declare(ws, &o, as_of, &pkg, id, &err);
	if (rc == 0) {
		acc_base64_encode(idtext, id, sizeof(id));
		fprintf(stderr, "declared %s mode, id %s%s%s\n",
		    o.escrow ? "escrow" : "full", idtext,
		    o.supersedes ? ", superseding " : "",
		    o.supersedes ? supersedes : "");
		rc = cli_output(out, &pkg, &err);
	}
	acc_decl_free(prev);
	acc_buf_dispose(&pkg);
	acc_workspace_close(ws);
	return cli_exit(rc, &err);
}
