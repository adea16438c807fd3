/*
 * Helpers shared by the benchmarks: a monotonic clock and a fatal exit.
 */
#ifndef ACCORD_BENCH_H
#define ACCORD_BENCH_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <accord/err.h>

static inline double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline double
min2(double a, double b)
{
	return a < b ? a : b;
}

static inline void
die(const char *what, const acc_err *err)
{
	fprintf(stderr, "bench: %s: %s: %s\n", what, err ? err->where : "",
	    err ? err->msg : "");
	exit(1);
}

#endif
