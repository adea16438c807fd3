/*
 * Known-answer vectors for the unit tests: the JSON files under
 * tests/data/vectors/, found through ACC_SRC.
 */
#ifndef ACC_TEST_VECTORS_H
#define ACC_TEST_VECTORS_H

#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "unit.h"

/* A file under tests/data/vectors/, or NULL (skip) without ACC_SRC. */
static inline json_t *
load_vectors(const char *file)
{
	const char *src = getenv("ACC_SRC");
	char path[4096];
	json_error_t jerr;
	json_t *v;

	if (src == NULL)
		return NULL;
	snprintf(path, sizeof(path), "%s/tests/data/vectors/%s", src, file);
	v = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (v == NULL)
		fail_msg("%s: %d:%d: %s", path, jerr.line, jerr.column,
		    jerr.text);
	return v;
}

#endif
