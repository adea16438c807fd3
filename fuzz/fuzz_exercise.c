/*
 * Exercise scenarios (accord-exercise/1) from untrusted bytes:
 * acc_exercise_parse, which reads no file. A scenario that parses keeps
 * its invariants (an id, a title, a treaty with inspections, a start
 * within them, 1 to 120 months, a cheat among the five) and describes
 * itself; one that does not carries a negative code, a place and a
 * reason, and leaves *out NULL. It cannot be run, since its inventories
 * are not loaded. Nothing may crash, leak or disagree with itself.
 */
#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <accord/accord.h>
#include <accord/exercise.h>

#include "fuzz.h"

/* Far above any real scenario; keeps each run short. */
#define INPUT_MAX (64u << 10)

static const char *const cheats[] = { "none", "undeclared_items",
	"understated_warheads", "unnotified_moves", "forked_log" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	acc_err err = ACC_ERR_INIT;
	acc_exercise *x = NULL;
	acc_exercise_result *res = NULL;
	acc_exercise_opts opts;
	acc_buf out = ACC_BUF_INIT(1u << 20);
	const acc_treaty *t;
	bool known = false;
	size_t i;
	int rc;

	if (size > INPUT_MAX)
		return 0;
	rc = acc_exercise_parse(&x, (const char *)data, size, "fuzz.yaml",
	    &err);
	if (rc != 0) {
		assert(rc < 0 && x == NULL && err.code == rc);
		assert(err.where[0] != '\0' && err.msg[0] != '\0');
		return 0;
	}
	assert(strlen(acc_exercise_id(x)) > 0);
	assert(strlen(acc_exercise_title(x)) > 0);
	t = acc_exercise_treaty(x);
	assert(acc_treaty_inspection_count(t) > 0);
	assert(acc_exercise_start(x) >= acc_treaty_inspections_from(t));
	assert(acc_exercise_months(x) >= 1 && acc_exercise_months(x) <= 120);
	for (i = 0; i < 5; i++)
		known = known || strcmp(acc_exercise_cheat(x), cheats[i]) == 0;
	assert(known);
	rc = acc_exercise_describe(&out, x, &err);
	assert(rc == 0 && out.len > 0);
	/* parsed only: the inventories are not read, so it cannot run */
	memset(&opts, 0, sizeof(opts));
	opts.runs = 1;
	rc = acc_exercise_run(&res, x, &opts, &err);
	assert(rc == ACC_EINVAL && res == NULL && err.code == ACC_EINVAL);
	acc_buf_dispose(&out);
	acc_exercise_free(x);
	return 0;
}
