/*
 * Benchmark: import of a generated inventory into SQLite with full
 * validation, against the sqlite3 shell's .import of the same CSV in the
 * same run, and evaluation of all limits over the inventory in memory.
 *
 * usage: bench_inventory [ITEMS] [SQLITE3]   (default 1000000, sqlite3)
 */
#include <errno.h>
#include <inttypes.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <accord/accord.h>

#include "bench.h"

extern char **environ;

/*
 * Launchers with a missile in each, bombers, and spare missiles, spread
 * over facilities: a force of ICBM and SLBM bases much larger than any
 * real one, with the same shape.
 */
static size_t
generate(const char *path, size_t n)
{
	FILE *f = fopen(path, "w");
	size_t i, items = 0, nfac = n / 1000 + 1;

	if (f == NULL)
		die(path, NULL);
	fprintf(f, "record,id,type,status,facility,warheads,contained_in,"
	    "name,model\n");
	fprintf(f, "meta,party,,,,,,US,\nmeta,as_of,,,,,,2022-09-01,\n");
	for (i = 0; i < nfac; i++)
		fprintf(f, "facility,F%06zu,%s,,,,,Facility %zu,\n", i,
		    i % 3 == 0 ? "icbm_base" : i % 3 == 1 ? "submarine_base" :
		    "air_base", i);
	for (i = 0; items < n; i++) {
		size_t fac = i % nfac;
		if (fac % 3 == 2) {
			fprintf(f, "item,B%08zu,heavy_bomber,deployed,F%06zu,"
			    "0,,,B-52H\n", i, fac);
			items++;
			continue;
		}
		if (items + 2 > n) {
			fprintf(f, "item,X%08zu,icbm,non_deployed,F%06zu,0,,,"
			    "Minuteman III\n", i, fac);
			items++;
			continue;
		}
		if (fac % 3 == 0) {
			fprintf(f, "item,L%08zu,icbm_launcher,deployed,F%06zu,"
			    ",,,\n", i, fac);
			fprintf(f, "item,M%08zu,icbm,deployed,F%06zu,%zu,"
			    "L%08zu,,Minuteman III\n", i, fac, 1 + i % 3, i);
		} else {
			fprintf(f, "item,T%08zu,slbm_launcher,deployed,F%06zu,"
			    ",,,\n", i, fac);
			fprintf(f, "item,S%08zu,slbm,deployed,F%06zu,%zu,"
			    "T%08zu,,Trident II\n", i, fac, 1 + i % 8, i);
		}
		items += 2;
	}
	if (fclose(f) != 0)
		die(path, NULL);
	return items;
}

static double
sqlite_import(const char *sqlite3, const char *dir, const char *csv)
{
	char db[4096], script[4096];
	char *argv[] = { (char *)sqlite3, db, NULL };
	posix_spawn_file_actions_t fa;
	FILE *f;
	pid_t pid;
	int status;
	double t0, t1;

	snprintf(db, sizeof(db), "%s/baseline.db", dir);
	snprintf(script, sizeof(script), "%s/baseline.sql", dir);
	f = fopen(script, "w");
	if (f == NULL)
		die(script, NULL);
	/* the same journal settings as accord's store */
	fprintf(f, "PRAGMA journal_mode = WAL;\nPRAGMA synchronous = FULL;\n"
	    ".mode csv\n.import %s item_raw\n", csv);
	fclose(f);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, script, 0, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", 1, 0);
	t0 = now();
	if (posix_spawnp(&pid, sqlite3, &fa, NULL, argv, environ) != 0)
		die("cannot run sqlite3", NULL);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		die("sqlite3 .import failed", NULL);
	t1 = now();
	posix_spawn_file_actions_destroy(&fa);
	return t1 - t0;
}

int
main(int argc, char **argv)
{
	size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 1000000;
	const char *sqlite3 = argc > 2 ? argv[2] : "sqlite3";
	char tmpl[] = "/tmp/accord-bench-XXXXXX";
	char csv[4096], ws_dir[4096];
	const char *paths[1];
	acc_err err = ACC_ERR_INIT;
	acc_workspace *ws = NULL;
	acc_inventory *inv = NULL;
	acc_counter *counter = NULL;
	int64_t totals[64];
	size_t items, runs, r;
	double t0, t_import, t_base, t_load, t_eval;

	if (mkdtemp(tmpl) == NULL)
		die("mkdtemp", NULL);
	snprintf(csv, sizeof(csv), "%s/inventory.csv", tmpl);
	snprintf(ws_dir, sizeof(ws_dir), "%s/ws", tmpl);
	items = generate(csv, n);

	t_base = sqlite_import(sqlite3, tmpl, csv);

	if (acc_workspace_init(ws_dir, "new-start", "US", NULL, &err) != 0)
		die("init", &err);
	if (acc_workspace_open(&ws, ws_dir, &err) != 0)
		die("open", &err);
	paths[0] = csv;
	t0 = now();
	if (acc_workspace_import(ws, paths, 1, ACC_DATE_NONE, NULL, &err) != 0)
		die("import", &err);
	t_import = now() - t0;

	t0 = now();
	if (acc_workspace_inventory(ws, &inv, &err) != 0)
		die("load", &err);
	t_load = now() - t0;
	if (acc_counter_new(&counter, acc_workspace_treaty(ws), NULL, &err))
		die("counter", &err);
	runs = 20;
	t0 = now();
	for (r = 0; r < runs; r++)
		acc_counter_totals(counter, inv, totals);
	t_eval = (now() - t0) / (double)runs;

	printf("inventory benchmark: %zu items (%s)\n", items, csv);
	printf("  import, full validation, into SQLite: %.3f s = %.0f "
	    "items/s (target >= 300000)\n", t_import,
	    (double)items / t_import);
	printf("  sqlite3 shell .import of the same CSV: %.3f s = %.0f "
	    "rows/s\n", t_base, (double)items / t_base);
	printf("  ratio accord / sqlite3 .import: %.2f (target <= 2.00)\n",
	    t_import / t_base);
	printf("  load from SQLite into memory: %.3f s = %.0f items/s\n",
	    t_load, (double)items / t_load);
	printf("  evaluation of %zu limits from memory: %.4f s = %.0f "
	    "items/s (target >= 10000000)\n",
	    acc_treaty_limit_count(acc_workspace_treaty(ws)), t_eval,
	    (double)items / t_eval);
	printf("  totals: deployed_vehicles %" PRId64 ", deployed_warheads %"
	    PRId64 ", launchers %" PRId64 "\n", totals[0], totals[1],
	    totals[2]);
	acc_counter_free(counter);
	acc_inventory_free(inv);
	acc_workspace_close(ws);
	if (fork() == 0) {
		execl("/bin/rm", "rm", "-rf", tmpl, (char *)NULL);
		_exit(127);
	}
	wait(NULL);
	return 0;
}
