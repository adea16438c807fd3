/*
 * Exercises: a scenario file (accord-exercise/1, docs/exercises.md)
 * describes a period of a treaty's life: two parties' starting
 * inventories, what each notifies month by month, who inspects whom and
 * when, and how one party cheats (or that nobody does). Running it plays
 * the period through the real machinery (two workspaces, logs witnessed
 * through bundles, declarations, inspections with joint randomness,
 * reconciliation) and reports when and how the violation was caught, or
 * that it was not; repeated runs compare the detection rate with the
 * analytic odds.
 *
 * Thread-safety: a loaded exercise may be run from several threads at
 * once (each run makes its own directory); a result is not locked.
 */
#ifndef ACCORD_EXERCISE_H
#define ACCORD_EXERCISE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <accord/buf.h>
#include <accord/compliance.h>
#include <accord/date.h>
#include <accord/err.h>
#include <accord/treaty.h>

typedef struct acc_exercise acc_exercise;

/*
 * Parse a scenario from text, reading no file: the format, the treaty
 * (a built-in id), dates, months, parties, activity, inspections and
 * the cheat, checked against the treaty. name is used in messages
 * ("name:line:col key.path"). ACC_EINVAL for anything malformed or
 * unknown, ACC_ELIMIT past lib/limits.h. *out is the caller's, freed
 * with acc_exercise_free; it cannot be run until loaded.
 */
ACC_NODISCARD int acc_exercise_parse(acc_exercise **out, const char *text,
    size_t len, const char *name, acc_err *err);

/*
 * Read and parse a scenario file, then read the starting inventories it
 * names (a relative path is looked up beside the file, then in each
 * directory above it) and check what needs them: inspected sites and
 * the cheat's site, type and items, which are chosen here. ACC_ENOTFOUND
 * when the file is missing; ACC_EINVAL naming the scenario's line and
 * key for a missing inventory or a site the host does not have.
 */
ACC_NODISCARD int acc_exercise_load(acc_exercise **out, const char *path,
    acc_err *err);
void acc_exercise_free(acc_exercise *x);

/* Accessors: borrowed, valid while x lives. */
const char *acc_exercise_id(const acc_exercise *x);
const char *acc_exercise_title(const acc_exercise *x);
const acc_treaty *acc_exercise_treaty(const acc_exercise *x);
acc_date acc_exercise_start(const acc_exercise *x);
unsigned acc_exercise_months(const acc_exercise *x);
/* "none", "undeclared_items", "understated_warheads", "unnotified_moves"
 * or "forked_log". */
const char *acc_exercise_cheat(const acc_exercise *x);

/*
 * What the scenario holds, as `accord exercise check` prints it: the
 * period, the parties and their inventories, the schedule and the cheat
 * (with the items it chose, once loaded).
 */
ACC_NODISCARD int acc_exercise_describe(acc_buf *out, const acc_exercise *x,
    acc_err *err);

typedef struct acc_exercise_opts {
	/* The directory in which the run's private directory is made. */
	const char *tmp_dir;
	/*
	 * Runs (1 to 10,000,000): the first plays everything through the
	 * machinery; the others repeat only the inspections' randomness.
	 */
	uint64_t runs;
	/* The random bytes of runs 2 and later from a DRBG seeded by seed
	 * (reproducible); otherwise from the system's generator. */
	bool seeded;
	uint64_t seed;
	/* Keep the run's directory (its path is in the report). */
	bool keep;
} acc_exercise_opts;

typedef struct acc_exercise_result acc_exercise_result;

/*
 * Run a loaded exercise (docs/exercises.md, "What a run does"). Returns 0
 * with the result whether or not the violation was caught, and whether
 * or not anything was flagged that the cheat does not explain.
 * ACC_EINVAL when x was only parsed, or when a scripted statement is
 * refused (naming the scenario's line: the scenario is inconsistent);
 * ACC_ERR when the machinery fails. *out is freed with
 * acc_exercise_result_free.
 */
ACC_NODISCARD int acc_exercise_run(acc_exercise_result **out,
    const acc_exercise *x, const acc_exercise_opts *opts, acc_err *err);
void acc_exercise_result_free(acc_exercise_result *r);

/* Whether the violation was caught in the first (full) run. */
bool acc_exercise_caught(const acc_exercise_result *r);
/*
 * Flags the cheat does not explain (in any run): a discrepancy, a
 * difference or fork evidence about an item or a party that is not the
 * cheat's. In an honest exercise every flag is one.
 */
uint64_t acc_exercise_false_flags(const acc_exercise_result *r);

/* The report as text or JSON (ACC_FORMAT_MARKDOWN is not offered:
 * ACC_EINVAL). */
ACC_NODISCARD int acc_exercise_format(acc_buf *out,
    const acc_exercise_result *r, acc_format fmt, acc_err *err);

#endif
