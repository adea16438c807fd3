/*
 * Numbers and JSON as reports print them.
 */
#ifndef ACC_FMT_H
#define ACC_FMT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include <accord/buf.h>
#include <accord/err.h>

/* v with thousands separated by commas (1550 -> "1,550") into out. */
const char *acc_fmt_count(char *out, size_t len, int64_t v);

/*
 * root as JSON text (json_dumps flags) and a newline, appended to out;
 * root is released, and may be NULL (ACC_ERR, out of memory: the caller
 * could not build it). ACC_ELIMIT past out's maximum.
 */
int acc_fmt_json(acc_buf *out, json_t *root, size_t flags, acc_err *err);

#endif
