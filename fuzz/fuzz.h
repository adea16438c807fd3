/*
 * The entry point every harness defines. libFuzzer calls it with each
 * input it makes; replay.c calls it with each file of a corpus, so the
 * same harness runs as a fuzzer (clang, -Dfuzz=true) and as a plain test
 * (every build).
 */
#ifndef ACCORD_FUZZ_H
#define ACCORD_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Run one input. Always returns 0; a bug aborts (assert or sanitizer). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Byte equality (memcmp is banned from the tree). */
static inline int
fuzz_same_bytes(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	size_t i;

	for (i = 0; i < n; i++)
		if (x[i] != y[i])
			return 0;
	return 1;
}

#ifdef FUZZ_EMIT_SEEDS
#include <stdio.h>
#include <stdlib.h>

/* Write a seed file dir/name (harnesses built to emit their corpus). */
static inline void
fuzz_emit_seed(const char *dir, const char *name, const char *data,
    size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		abort();
}
#endif

#endif
