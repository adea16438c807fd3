/*
 * accord treaty: list the built-in definitions, show one, or check a
 * definition file.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"

static const char usage[] =
    "usage: accord treaty list\n"
    "       accord treaty show ID|FILE.yaml\n"
    "       accord treaty check FILE.yaml\n"
    "  check exits 0 for a valid definition, 2 with file:line:col and\n"
    "  what was expected otherwise.\n";

int
cmd_treaty(int argc, char **argv)
{
	acc_err err = ACC_ERR_INIT;
	acc_treaty *t = NULL;
	acc_buf out = ACC_BUF_INIT(1u << 20);
	int rc = 0;
	size_t i;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0))
		return cli_help(usage);
	if (argc == 2 && strcmp(argv[1], "list") == 0) {
		for (i = 0; i < acc_treaty_builtin_count() && rc == 0; i++) {
			rc = acc_treaty_open(&t, acc_treaty_builtin_id(i),
			    &err);
			if (rc == 0)
				printf("%-18s %s%s\n", acc_treaty_id(t),
				    acc_treaty_title(t),
				    acc_treaty_is_illustrative(t) ?
				    " [illustrative]" : "");
			acc_treaty_free(t);
			t = NULL;
		}
		return cli_exit(rc, &err);
	}
	if (argc != 3)
		return cli_usage(usage);
	if (strcmp(argv[1], "show") == 0) {
		rc = acc_treaty_open(&t, argv[2], &err);
		if (rc == 0)
			rc = acc_treaty_format(&out, t, &err);
		if (rc == 0)
			rc = cli_write(&out, &err);
	} else if (strcmp(argv[1], "check") == 0) {
		rc = acc_treaty_load(&t, argv[2], &err);
		if (rc == 0)
			printf("%s: valid definition of %s (%zu limits, %zu "
			    "item types)\n", argv[2], acc_treaty_id(t),
			    acc_treaty_limit_count(t),
			    acc_treaty_type_count(t));
	} else {
		return cli_usage(usage);
	}
	acc_treaty_free(t);
	acc_buf_dispose(&out);
	return cli_exit(rc, &err);
}
