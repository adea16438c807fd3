/*
 * accord verify: check a declaration package, and reveals of it.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"

static const char usage[] =
    "usage: accord verify [--key VERIFIER-KEY] [--keep] PACKAGE\n"
    "                     [--reveal FILE...]\n"
    "  Check a declaration: the signer is the key trusted for its party\n"
    "  (accord key add), or --key; the signature; the treaty digest\n"
    "  against the workspace's treaty; in full mode the rebuilt tree and\n"
    "  totals. Each --reveal is checked against the declaration.\n"
    "  --keep keeps another party's verified package in the workspace\n"
    "  (received/), where the dashboard shows it.\n"
    "  Exit 0 verified, 1 a check failed, 2 malformed input.\n";

int
cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "reveal", required_argument, NULL, 'r' },
		{ "keep", no_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	acc_err err = ACC_ERR_INIT;
	acc_workspace *ws = NULL;
	acc_decl *d = NULL;
	acc_vkey key;
	const char *key_text = NULL, *reveals[64];
	size_t n_reveals = 0, i;
	acc_buf text = ACC_BUF_INIT(2048ull << 20);
	acc_buf rtext = ACC_BUF_INIT(2048ull << 20); /* d borrows text */
	char asof[ACC_DATE_LEN], kept[512];
	bool checking = false, keep = false;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "k:r:h", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			key_text = optarg;
			break;
		case 'r':
			if (n_reveals >= 64)
				return cli_usage(usage);
			reveals[n_reveals++] = optarg;
			break;
		case 'K':
			keep = true;
			break;
		case 'h':
			return cli_help(usage);
		default:
			return cli_usage(usage);
		}
	}
	if (argc - optind != 1 || (keep && key_text != NULL))
		return cli_usage(usage);
	if (key_text && acc_vkey_parse(&key, key_text, strlen(key_text),
	    "--key", &err) != 0)
		return cli_exit(ACC_EINVAL, &err);
	rc = cli_workspace_open(&ws, &err);
	/* reading the file is not the check; parsing it is */
	if (rc == 0)
		rc = acc_file_read(&text, argv[optind], &err);
	checking = rc == 0;
	if (rc == 0)
		rc = acc_decl_parse(&d, text.data, text.len, argv[optind],
		    &err);
	if (rc == 0 && key_text == NULL)
		rc = acc_workspace_trusted_key(ws, acc_decl_party(d), &key,
		    &err);
	if (rc == ACC_ENOTFOUND && d) {
		acc_err_clear(&err);
		rc = acc_err_set(&err, ACC_EVERIFY, argv[optind],
		    "no key is trusted for party %s: accord key add %s KEY, "
		    "or --key", acc_decl_party(d), acc_decl_party(d));
	}
	if (rc == 0)
		rc = acc_decl_verify(d, acc_workspace_treaty(ws), &key, &err);
	if (rc == 0) {
		acc_date_format(asof, acc_decl_as_of(d));
		printf("%s: verified: %s declaration under %s as of %s, %s "
		    "mode, %llu leaves\n", argv[optind], acc_decl_party(d),
		    acc_decl_treaty(d), asof, acc_decl_is_escrow(d) ?
		    "escrow" : "full",
		    (unsigned long long)acc_decl_leaves(d));
		for (i = 0; i < acc_decl_total_count(d); i++)
			printf("  %-24s %lld\n", acc_decl_total_id(d, i),
			    (long long)acc_decl_total(d, i));
	}
	if (rc == 0 && keep) {
		checking = false;
		rc = acc_workspace_receive(ws, text.data, text.len,
		    argv[optind], kept, sizeof(kept), &err);
		if (rc == 0)
			printf("kept as %s\n", kept);
	}
	for (i = 0; rc == 0 && i < n_reveals; i++) {
		acc_reveal_summary sum;
		checking = false;
		rc = acc_file_read(&rtext, reveals[i], &err);
		checking = rc == 0;
		if (rc == 0)
			rc = acc_reveal_verify(d, acc_workspace_treaty(ws),
			    rtext.data, rtext.len, reveals[i], &sum, &err);
		if (rc == 0 && sum.facility[0])
			printf("%s: verified: %zu items of facility %s, "
			    "complete (%zu neighbouring %s shown)\n",
			    reveals[i], sum.n_facility, sum.facility,
			    sum.n_items - sum.n_facility,
			    sum.n_items - sum.n_facility == 1 ? "leaf" :
			    "leaves");
		else if (rc == 0)
			printf("%s: verified: %zu items\n", reveals[i],
			    sum.n_items);
	}
	acc_decl_free(d);
	d = NULL;
	acc_buf_dispose(&text);
	acc_buf_dispose(&rtext);
	acc_decl_free(d);
	acc_workspace_close(ws);
	/*
	 * A package or reveal that does not parse fails verification like
	 * one whose signature does not: exit 1. Exit 2 is for what stops
	 * the check itself (a missing file, the size cap, the workspace).
	 */
	if (rc == ACC_EINVAL && checking) {
		err.code = ACC_EVERIFY;
		rc = ACC_EVERIFY;
	}
	return cli_exit(rc, &err);
}
