/*
 * accord exercise: play a scenario (docs/exercises.md) through the real
 * machinery and report when and how the violation was caught, or check
 * a scenario file without playing it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/exercise.h>

#include "cli.h"
#include "cmd.h"

static const char usage[] =
    "usage: accord exercise run [--runs N] [--seed S] [--json] [--keep]\n"
    "                           SCENARIO\n"
    "       accord exercise check SCENARIO\n"
    "  run plays the scenario with two workspaces in a private directory\n"
    "  ($TMPDIR or /tmp; removed unless --keep) and reports when and how\n"
    "  the violation was caught. --runs N repeats the inspections with\n"
    "  fresh random bytes N - 1 more times and compares the detection\n"
    "  rate with the analytic odds; --seed S draws those bytes from a\n"
    "  generator seeded by S. Exit 0 when nothing was flagged that the\n"
    "  scenario's cheat does not explain, 1 when something was (in an\n"
    "  honest scenario, any flag), 2 for a malformed scenario.\n";

int
cmd_exercise(int argc, char **argv)
{
	acc_err err = ACC_ERR_INIT;
	acc_buf out = ACC_BUF_INIT(64u << 20);
	acc_exercise_opts opts;
	acc_exercise *x = NULL;
	acc_exercise_result *res = NULL;
	const char *file = NULL;
	bool json = false, run;
	int rc, i;

	memset(&opts, 0, sizeof(opts));
	opts.runs = 1;
	if (argc < 2)
		return cli_usage(usage);
	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") ==
		    0)
			return cli_help(usage);
	if (strcmp(argv[1], "run") != 0 && strcmp(argv[1], "check") != 0)
		return cli_usage(usage);
	run = strcmp(argv[1], "run") == 0;
	for (i = 2; i < argc; i++) {
		if (run && strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
			if (cli_count(&opts.runs, argv[++i], "--runs", &err) !=
			    0)
				return cli_exit(ACC_EINVAL, &err);
		} else if (run && strcmp(argv[i], "--seed") == 0 &&
		    i + 1 < argc) {
			if (cli_count(&opts.seed, argv[++i], "--seed", &err) !=
			    0)
				return cli_exit(ACC_EINVAL, &err);
			opts.seeded = true;
		} else if (run && strcmp(argv[i], "--json") == 0) {
			json = true;
		} else if (run && strcmp(argv[i], "--keep") == 0) {
			opts.keep = true;
		} else if (argv[i][0] != '-' && file == NULL) {
			file = argv[i];
		} else {
			return cli_usage(usage);
		}
	}
	if (file == NULL)
		return cli_usage(usage);
	opts.tmp_dir = cli_tmp_dir();
	rc = acc_exercise_load(&x, file, &err);
	if (rc == 0 && !run)
		rc = acc_exercise_describe(&out, x, &err);
	if (rc == 0 && run)
		rc = acc_exercise_run(&res, x, &opts, &err);
	if (rc == 0 && run)
		rc = acc_exercise_format(&out, res, json ? ACC_FORMAT_JSON :
		    ACC_FORMAT_TEXT, &err);
	if (rc == 0)
		rc = cli_write(&out, &err);
	if (rc == 0 && run && acc_exercise_false_flags(res) > 0) {
		acc_exercise_result_free(res);
		acc_exercise_free(x);
		acc_buf_dispose(&out);
		return 1;
	}
	acc_exercise_result_free(res);
	acc_exercise_free(x);
	acc_buf_dispose(&out);
	return cli_exit(rc, &err);
}
