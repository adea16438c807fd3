/*
 * Helpers shared by the subcommands: workspace lookup, printing once,
 * exit codes.
 */
#ifndef ACCORD_CLI_H
#define ACCORD_CLI_H

#include <accord/accord.h>

/* -C DIR from the command line, or NULL. */
extern const char *cli_dir;

/* Print "accord: where: msg" once and map rc to an exit status:
 * 0 ok, 1 a check said no (ACC_EVERIFY, ACC_ECONFLICT), 2 otherwise. */
int cli_exit(int rc, const acc_err *err);
/* Print usage to stderr; returns 64. */
int cli_usage(const char *usage);
/* Print usage to stdout; returns 0 (for --help). */
int cli_help(const char *usage);
/* Open the workspace named by -C, ACCORD_DIR, or found upward. */
int cli_workspace_open(acc_workspace **out, acc_err *err);
/* Write a buffer to stdout; ACC_ERR when the write fails. */
int cli_write(const acc_buf *b, acc_err *err);
/* Write b to path atomically (mode 0644), or to stdout for "-". */
int cli_output(const char *path, const acc_buf *b, acc_err *err);
/* Whether path ("-" is stdout) can be written: its directory exists and
 * takes new files. */
int cli_output_check(const char *path, acc_err *err);
/* Where temporary directories go: $TMPDIR, else /tmp. */
const char *cli_tmp_dir(void);
/* Parse a --at/--as-of date option. */
int cli_date(acc_date *out, const char *s, const char *opt, acc_err *err);
/* Parse a whole number (a count, an index or a size) for opt. */
int cli_count(uint64_t *out, const char *s, const char *opt, acc_err *err);

/*
 * Options shared by check and report for counting under another treaty:
 * --treaty REF and --with FILE (repeatable; "{party}" in FILE becomes the
 * workspace's party).
 */
struct cli_under {
	const char *treaty_ref;
	acc_treaty *treaty;
	size_t n_with;
	const char *with[16];
};
/* Take option c (-t for --treaty, -w for --with) with its argument;
 * ACC_ELIMIT past 16 files. */
int cli_under_option(struct cli_under *u, int c, const char *arg,
    acc_err *err);
/* Load the inventory of ws, under u's treaty when one was given. */
int cli_under_inventory(struct cli_under *u, acc_workspace *ws,
    acc_inventory **out, acc_err *err);
void cli_under_dispose(struct cli_under *u);

#endif
