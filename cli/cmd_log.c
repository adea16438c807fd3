/*
 * accord log: the party's notification log (list, show, checkpoint,
 * prove, consistency, verify) and proof checking for a receiver.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"

static const char usage[] =
    "usage: accord log list [--type T] [--since N] [--json]\n"
    "       accord log show N [--raw]\n"
    "       accord log checkpoint [--size N]\n"
    "       accord log prove N [--size S]\n"
    "       accord log consistency OLD NEW\n"
    "       accord log verify\n"
    "       accord log verify-proof --key VKEY --checkpoint NOTE\n"
    "                 (--entry FILE | --old-checkpoint NOTE) PROOF.json\n"
    "  The party's log: entries are canonical JSON in an RFC 9162 tree;\n"
    "  every batch is covered by a signed C2SP checkpoint. show --raw\n"
    "  prints the exact bytes hashed; prove and consistency print proofs\n"
    "  as JSON; verify recomputes everything from the stored entries;\n"
    "  verify-proof checks a proof received from another party.\n";

int
cmd_log(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "type", required_argument, NULL, 'T' },
		{ "since", required_argument, NULL, 's' },
		{ "size", required_argument, NULL, 'S' },
		{ "json", no_argument, NULL, 'j' },
		{ "raw", no_argument, NULL, 'r' },
		{ "key", required_argument, NULL, 'k' },
		{ "checkpoint", required_argument, NULL, 'c' },
		{ "old-checkpoint", required_argument, NULL, 'o' },
		{ "entry", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	acc_err err = ACC_ERR_INIT;
	acc_workspace *ws = NULL;
	acc_buf out = ACC_BUF_INIT(1ull << 31);
	const char *type = NULL, *key = NULL, *cp = NULL, *old = NULL;
	const char *entry = NULL, *verb;
	uint64_t since = 0, size = UINT64_MAX, a = 0, b = 0;
	bool json = false, raw = false;
	int c, rc = 0;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)
		return argc < 2 ? cli_usage(usage) : cli_help(usage);
	verb = argv[1];
	optind = 2;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'T':
			type = optarg;
			break;
		case 's':
			rc |= cli_count(&since, optarg, "--since", &err);
			break;
		case 'S':
			rc |= cli_count(&size, optarg, "--size", &err);
			break;
		case 'j':
			json = true;
			break;
		case 'r':
			raw = true;
			break;
		case 'k':
			key = optarg;
			break;
		case 'c':
			cp = optarg;
			break;
		case 'o':
			old = optarg;
			break;
		case 'e':
			entry = optarg;
			break;
		case 'h':
			return cli_help(usage);
		default:
			return cli_usage(usage);
		}
	}
	if (rc != 0)
		return cli_exit(ACC_EINVAL, &err);
	if (strcmp(verb, "verify-proof") == 0) {
		acc_buf p = ACC_BUF_INIT(1u << 20), n1 = ACC_BUF_INIT(1u << 16);
		acc_buf n0 = ACC_BUF_INIT(1u << 16);
		acc_buf e = ACC_BUF_INIT(1u << 20);
		if (argc - optind != 1 || key == NULL || cp == NULL ||
		    (entry == NULL) == (old == NULL))
			return cli_usage(usage);
		{
			/* a malformed key is a usage error, not a failed check */
			acc_vkey vk;
			if (acc_vkey_parse(&vk, key, strlen(key), "--key",
			    &err) != 0) {
				acc_buf_dispose(&p);
				return cli_exit(ACC_EINVAL, &err);
			}
		}
		rc = acc_file_read(&p, argv[optind], &err);
		if (rc == 0)
			rc = acc_file_read(&n1, cp, &err);
		if (rc == 0 && old)
			rc = acc_file_read(&n0, old, &err);
		if (rc == 0 && entry)
			rc = acc_file_read(&e, entry, &err);
		if (rc == 0)
			rc = acc_log_verify_proof(p.data, p.len, n1.data, n1.len,
			    old ? n0.data : NULL, n0.len, entry ? (e.data ?
			    e.data : "") : NULL, e.len, key, &err);
		if (rc == 0)
			printf("%s: verified\n", argv[optind]);
		else if (rc == ACC_EINVAL)
			err.code = rc = ACC_EVERIFY;
		acc_buf_dispose(&p);
		acc_buf_dispose(&n1);
		acc_buf_dispose(&n0);
		acc_buf_dispose(&e);
		return cli_exit(rc, &err);
	}
	if (strcmp(verb, "list") == 0 || strcmp(verb, "checkpoint") == 0 ||
	    strcmp(verb, "verify") == 0) {
		if (argc != optind)
			return cli_usage(usage);
	} else if (strcmp(verb, "show") == 0 || strcmp(verb, "prove") == 0) {
		if (argc - optind != 1)
			return cli_usage(usage);
		rc = cli_count(&a, argv[optind], verb, &err);
	} else if (strcmp(verb, "consistency") == 0) {
		if (argc - optind != 2)
			return cli_usage(usage);
		rc = cli_count(&a, argv[optind], "OLD", &err);
		if (rc == 0)
			rc = cli_count(&b, argv[optind + 1], "NEW", &err);
	} else {
		return cli_usage(usage);
	}
	if (rc == 0)
		rc = cli_workspace_open(&ws, &err);
	if (rc != 0)
		goto done;
	if (strcmp(verb, "list") == 0) {
		rc = acc_workspace_log_list(ws, type, since, json, &out, &err);
	} else if (strcmp(verb, "show") == 0) {
		rc = acc_workspace_log_entry(ws, a, &out, &err);
		if (rc == 0 && !raw)
			rc = acc_buf_append(&out, "\n", 1);
	} else if (strcmp(verb, "checkpoint") == 0) {
		rc = acc_workspace_log_checkpoint(ws, size, &out, &err);
	} else if (strcmp(verb, "prove") == 0) {
		rc = acc_workspace_log_prove(ws, a, size, &out, &err);
	} else if (strcmp(verb, "consistency") == 0) {
		rc = acc_workspace_log_consistency(ws, a, b, &out, &err);
	} else {
		rc = acc_workspace_log_verify(ws, &out, &err);
		if (rc == ACC_EINVAL)
			err.code = rc = ACC_EVERIFY;
	}
	if (rc == 0)
		rc = cli_write(&out, &err);
done:
	acc_buf_dispose(&out);
	acc_workspace_close(ws);
	return cli_exit(rc, &err);
}
