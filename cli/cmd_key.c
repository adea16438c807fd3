/*
 * accord key: show the party's verifier key, trust another party's, list
 * the trusted keys, write the TLS identity and print TLS key pins.
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
    "       accord key tls --cert FILE --key FILE\n"
    "       accord key pin [NAME]\n"
    "  Verifier keys are C2SP signed-note keys named accord/<treaty>/<party>\n"
    "  (name+id+base64). The private key never leaves keys/signing.key.\n"
    "  --witness trusts the key of a witness: a node of no party.\n"
    "  tls writes the node's TLS identity (accord serve's, and a client's\n"
    "  for curl --cert/--key): a self-signed certificate of the signing\n"
    "  key and that key as PEM (created 0600, never replaced). pin prints\n"
    "  the pin of a node's TLS key (its own, or NAME's trusted key) for\n"
    "  curl --pinnedpubkey.\n";

/* accord key tls --cert FILE --key FILE */
static int
key_tls(acc_workspace *ws, int argc, char **argv, acc_err *err)
{
	const char *cert = NULL, *key = NULL;
	int i, rc;

	for (i = 2; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--cert") == 0)
			cert = argv[i + 1];
		else if (strcmp(argv[i], "--key") == 0)
			key = argv[i + 1];
		else
			break;
	}
	if (i != argc || cert == NULL || key == NULL)
		return acc_err_set(err, ACC_EINVAL, "key tls",
		    "expected --cert FILE --key FILE");
	rc = acc_workspace_tls_save(ws, cert, key, err);
	if (rc == 0)
		printf("wrote %s and %s (mode 0600)\n", cert, key);
	return rc;
}

/* accord key pin [NAME] */
static int
key_pin(acc_workspace *ws, const char *name, acc_err *err)
{
	char text[ACC_VKEY_TEXT_MAX], pin[ACC_TLS_PIN_MAX];
	acc_vkey vk;
	int rc = acc_workspace_trusted_key(ws, name ? name :
	    acc_workspace_party(ws), &vk, err);

	if (rc != 0)
		return rc;
	acc_vkey_format(text, sizeof(text), &vk);
	rc = acc_tls_pin(text, pin, sizeof(pin), err);
	if (rc == 0)
		printf("%s\n", pin);
	return rc;
}

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
	    (strcmp(argv[1], "add") == 0 && argc == 4) ||
	    (strcmp(argv[1], "tls") == 0 && argc == 6) ||
	    (strcmp(argv[1], "pin") == 0 && argc <= 3)))
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
	} else if (strcmp(argv[1], "tls") == 0) {
		rc = key_tls(ws, argc, argv, &err);
	} else if (strcmp(argv[1], "pin") == 0) {
		rc = key_pin(ws, argc == 3 ? argv[2] : NULL, &err);
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
