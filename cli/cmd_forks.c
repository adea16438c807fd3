/*
 * accord forks: the fork evidence a node holds, and checking evidence on
 * its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"

static const char usage[] =
    "usage: accord forks list [--json]\n"
    "       accord forks export ID [-o FILE]\n"
    "       accord forks verify FILE [--key VERIFIER-KEY]\n"
    "  verify needs no workspace: it checks that both checkpoints are\n"
    "  signed by the evidence's key (which must be --key when given) and\n"
    "  cannot both hold. Exit 0 when the fork is proven, 1 when not.\n";

int
cmd_forks(int argc, char **argv)
{
	acc_err err = ACC_ERR_INIT;
	acc_buf out = ACC_BUF_INIT(64u << 20);
	acc_buf text = ACC_BUF_INIT(16u << 20);
	acc_workspace *ws = NULL;
	const char *file = NULL, *key = NULL, *path = NULL;
	bool json = false;
	uint64_t id = 0;
	int rc, i;

	if (argc < 2)
		return cli_usage(usage);
	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") ==
		    0)
			return cli_help(usage);
	if (strcmp(argv[1], "verify") == 0) {
		for (i = 2; i < argc; i++) {
			if (strcmp(argv[i], "--key") == 0 && i + 1 < argc)
				key = argv[++i];
			else if (argv[i][0] != '-' && file == NULL)
				file = argv[i];
			else
				return cli_usage(usage);
		}
		if (file == NULL)
			return cli_usage(usage);
		rc = acc_file_read(&text, file, &err);
		if (rc == 0)
			rc = acc_fork_verify(text.data, text.len, key, &out,
			    &err);
		if (rc == 0)
			rc = cli_write(&out, &err);
		goto done;
	}
	if (strcmp(argv[1], "list") == 0) {
		if (argc == 3 && strcmp(argv[2], "--json") == 0)
			json = true;
		else if (argc != 2)
			return cli_usage(usage);
	} else if (strcmp(argv[1], "export") == 0 && argc >= 3) {
		if (cli_count(&id, argv[2], "ID", &err) != 0)
			return cli_exit(ACC_EINVAL, &err);
		if (argc == 5 && strcmp(argv[3], "-o") == 0)
			path = argv[4];
		else if (argc != 3)
			return cli_usage(usage);
	} else {
		return cli_usage(usage);
	}
	rc = cli_workspace_open(&ws, &err);
	if (rc != 0)
		goto done;
	if (strcmp(argv[1], "list") == 0)
		rc = acc_workspace_forks_list(ws, json, &out, &err);
	else
		rc = acc_workspace_fork_export(ws, (int64_t)id, &out, &err);
	if (rc == 0)
		rc = path ? cli_output(path, &out, &err) : cli_write(&out, &err);
done:
	acc_buf_dispose(&out);
	acc_buf_dispose(&text);
	acc_workspace_close(ws);
	return cli_exit(rc, &err);
}
