/*
 * Numbers as reports print them. Shared by the compliance report and
 * the negotiation workbench; no I/O.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"

const char *
acc_fmt_count(char *out, size_t len, int64_t v)
{
	char digits[32];
	size_t n, i, o = 0;
	bool neg = v < 0;
	uint64_t u = neg ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	snprintf(digits, sizeof(digits), "%llu", (unsigned long long)u);
	n = strlen(digits);
	if (neg && o + 1 < len)
		out[o++] = '-';
	for (i = 0; i < n && o + 2 < len; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	return out;
}

int
acc_fmt_json(acc_buf *out, json_t *root, size_t flags, acc_err *err)
{
	char *text;
	int rc;

	if (root == NULL)
		return acc_err_set(err, ACC_ERR, "output", "out of memory");
	text = json_dumps(root, flags);
	json_decref(root);
	if (text == NULL)
		return acc_err_set(err, ACC_ERR, "output", "out of memory");
	rc = acc_buf_puts(out, text);
	if (rc == 0)
		rc = acc_buf_puts(out, "\n");
	free(text);
	if (rc == ACC_ELIMIT)
		return acc_err_set(err, ACC_ELIMIT, "output", "output larger "
		    "than %zu bytes", out->max);
	return rc != 0 ? acc_err_set(err, ACC_ERR, "output",
	    "out of memory") : 0;
}
