/*
 * The RFC 4180 reader (lib/csv.c) over untrusted bytes, record by record
 * to the end or the first error. Each record must be well formed: 1 to
 * 64 NUL-terminated fields of the lengths given, starting on a line no
 * earlier than the one before.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "csv.h"
#include "fuzz.h"

#define INPUT_MAX (1u << 20)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	acc_csv c;
	acc_err err = ACC_ERR_INIT;
	uint32_t line = 0, last = 0;
	size_t records = 0, k;
	int rc;

	if (size > INPUT_MAX)
		return 0;
	acc_csv_init(&c, (const char *)data, size, "fuzz.csv");
	for (;;) {
		rc = acc_csv_next(&c, &line, &err);
		if (rc <= 0)
			break;
		/* each record consumes at least one byte */
		assert(++records <= size);
		assert(line >= 1 && line > last);
		last = line;
		assert(c.n_fields >= 1 && c.n_fields <= 64);
		for (k = 0; k < c.n_fields; k++) {
			assert(c.lens[k] <= 4096);
			assert(c.fields[k][c.lens[k]] == '\0');
			assert(strlen(c.fields[k]) == c.lens[k]);
		}
	}
	if (rc < 0)
		assert(err.code == rc && err.where[0] != '\0');
	else
		assert(err.code == ACC_OK);
	acc_csv_dispose(&c);
	return 0;
}
