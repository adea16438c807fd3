/*
 * accord key: show the party's verifier key, trust another party's, list
 * the trusted keys.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"

static const char usage[] =
    "usage: accord key show\n"
    "       accord key add [--witness] NAME VERIFIER-KEY\n"
    "       accord key list\n"
    "  Verifier keys are C2SP signed-note keys named accord/<treaty>/<party>\n"
    "  (name+id+base64). The private key never leaves keys/signing.key.\n"
    "  --witness trusts the key of a witness: a node of no party.\n";

static int
print_key(void *ctx, const char *party, const char *vkey)
{
	(void)ctx;
	printf("%-6s %s\n", party, vkey);
	return 0;
}

int
cmd_key(int argc, char **argv)
{
	acc_err err = ACC_ERR_INIT;
	acc_workspace *ws = NULL;
	bool witness = false;
	int rc;

	if (argc >= 3 && strcmp(argv[1], "add") == 0 &&
	    strcmp(argv[2], "--witness") == 0) {
		witness = true;
		argv[2] = argv[1];
		argv++;
		argc--;
	}
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0))
		return cli_help(usage);
	if (argc < 2 || !((strcmp(argv[1], "show") == 0 && argc == 2) ||
	    (strcmp(argv[1], "list") == 0 && argc == 2) ||
	    (strcmp(argv[1], "add") == 0 && argc == 4)))
		return cli_usage(usage);
	rc = cli_workspace_open(&ws, &err);
	if (rc != 0)
		return cli_exit(rc, &err);
	if (strcmp(argv[1], "show") == 0) {
		acc_key key;
		acc_vkey vk;
		char text[ACC_VKEY_TEXT_MAX];
		rc = acc_workspace_signing_key(ws, &key, &vk, &err);
		acc_key_dispose(&key);
		if (rc == 0) {
			acc_vkey_format(text, sizeof(text), &vk);
			printf("%s\n", text);
		}
	} else if (strcmp(argv[1], "list") == 0) {
		rc = acc_workspace_key_each(ws, print_key, NULL, &err);
	} else {
		rc = acc_workspace_trust(ws, argv[2], argv[3], witness, &err);
		if (rc == 0)
			printf("trusting %s for %s %s\n", argv[3], witness ?
			    "witness" : "party", argv[2]);
	}
	acc_workspace_close(ws);
	return cli_exit(rc, &err);
}
