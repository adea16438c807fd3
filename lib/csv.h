/*
 * An RFC 4180 reader over a buffer in memory: quoted fields with embedded
 * commas, quotes and newlines, CRLF or LF, an optional UTF-8 BOM.
 */
#ifndef ACC_CSV_H
#define ACC_CSV_H

#include <stddef.h>
#include <stdint.h>

#include <accord/buf.h>
#include <accord/err.h>

typedef struct acc_csv {
	const char *s;
	size_t len, pos;
	uint32_t line;          /* line of the next record, 1-based */
	const char *name;
	acc_buf scratch;        /* the current record, fields NUL-separated */
	size_t n_fields;
	const char *fields[64];
	size_t lens[64];
} acc_csv;

/* Start reading data (borrowed). name is used in messages. */
void acc_csv_init(acc_csv *c, const char *data, size_t len, const char *name);
void acc_csv_dispose(acc_csv *c);

/*
 * Read the next record into c->fields (NUL-terminated, valid until the
 * next call) and set *line to where it started. Returns 1 for a record, 0
 * at the end, or a negative code with err naming name:line.
 */
int acc_csv_next(acc_csv *c, uint32_t *line, acc_err *err);

#endif
