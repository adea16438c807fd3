/*
 * Numbers as reports print them.
 */
#ifndef ACC_FMT_H
#define ACC_FMT_H

#include <stddef.h>
#include <stdint.h>

/* v with thousands separated by commas (1550 -> "1,550") into out. */
const char *acc_fmt_count(char *out, size_t len, int64_t v);

#endif
