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

#endif
