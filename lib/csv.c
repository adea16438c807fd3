/*
 * The CSV reader. Strict RFC 4180: a quote inside an unquoted field or
 * text after a closing quote is an error, not a guess. Field count and
 * size are capped by lib/limits.h.
 */
#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "limits.h"

void
acc_csv_init(acc_csv *c, const char *data, size_t len, const char *name)
{
	memset(c, 0, sizeof(*c));
	c->s = data;
	c->len = len;
	c->name = name;
	c->line = 1;
	c->scratch.max = ACC_CSV_COLUMNS_MAX * (ACC_CSV_FIELD_MAX + 1);
	if (len >= 3 && (unsigned char)data[0] == 0xef &&
	    (unsigned char)data[1] == 0xbb && (unsigned char)data[2] == 0xbf)
		c->pos = 3;
}

void
acc_csv_dispose(acc_csv *c)
{
	acc_buf_dispose(&c->scratch);
}

static int
fail(acc_csv *c, acc_err *err, uint32_t line, acc_code code, const char *msg)
{
	char where[300];

	snprintf(where, sizeof(where), "%s:%u", c->name, line);
	return acc_err_set(err, code, where, "malformed CSV: %s", msg);
}

int
acc_csv_next(acc_csv *c, uint32_t *line, acc_err *err)
{
	const char *s = c->s;
	size_t n = c->len;
	size_t i = c->pos;
	size_t starts[ACC_CSV_COLUMNS_MAX];
	size_t k;

	acc_buf_reset(&c->scratch);
	c->n_fields = 0;
	if (i >= n)
		return 0;
	*line = c->line;
	for (;;) {
		size_t fstart = c->scratch.len;
		int rc;

		if (c->n_fields >= ACC_CSV_COLUMNS_MAX)
			return fail(c, err, *line, ACC_ELIMIT,
			    "more than 64 fields in a row");
		if (i < n && s[i] == '"') {
			uint32_t qline = c->line;
			i++;
			for (;;) {
				size_t j = i;
				while (j < n && s[j] != '"') {
					if (s[j] == '\n')
						c->line++;
					j++;
				}
				if (j >= n)
					return fail(c, err, qline, ACC_EINVAL,
					    "unterminated quoted field");
				rc = acc_buf_append(&c->scratch, s + i, j - i);
				if (rc != 0)
					goto toolong;
				i = j + 1;
				if (i < n && s[i] == '"') {
					rc = acc_buf_append(&c->scratch, "\"",
					    1);
					if (rc != 0)
						goto toolong;
					i++;
					continue;
				}
				break;
			}
			if (i < n && s[i] != ',' && s[i] != '\n' &&
			    !(s[i] == '\r' && i + 1 < n && s[i + 1] == '\n'))
				return fail(c, err, c->line, ACC_EINVAL,
				    "unexpected character after a closing "
				    "quote (expected ',' or end of line)");
		} else {
			size_t j = i;
			while (j < n && s[j] != ',' && s[j] != '\n' &&
			    s[j] != '"' && s[j] != '\r')
				j++;
			if (j < n && s[j] == '"')
				return fail(c, err, c->line, ACC_EINVAL,
				    "a quote inside an unquoted field (quote "
				    "the whole field and double the quote)");
			if (j < n && s[j] == '\r' && !(j + 1 < n &&
			    s[j + 1] == '\n'))
				return fail(c, err, c->line, ACC_EINVAL,
				    "a bare carriage return (expected CRLF "
				    "or LF line ends)");
			rc = acc_buf_append(&c->scratch, s + i, j - i);
			if (rc != 0)
				goto toolong;
			i = j;
		}
		if (c->scratch.len - fstart > ACC_CSV_FIELD_MAX)
			return fail(c, err, c->line, ACC_ELIMIT,
			    "a field longer than 4096 bytes");
		if (memchr(c->scratch.data + fstart, '\0',
		    c->scratch.len - fstart) != NULL)
			return fail(c, err, c->line, ACC_EINVAL,
			    "a NUL byte in a field");
		rc = acc_buf_append(&c->scratch, "", 1);
		if (rc != 0)
			goto toolong;
		starts[c->n_fields] = fstart;
		c->lens[c->n_fields] = c->scratch.len - 1 - fstart;
		c->n_fields++;
		if (i >= n)
			break;
		if (s[i] == ',') {
			i++;
			continue;
		}
		if (s[i] == '\r')
			i++;
		i++; /* '\n' */
		c->line++;
		break;
	}
	c->pos = i;
	for (k = 0; k < c->n_fields; k++)
		c->fields[k] = c->scratch.data + starts[k];
	return 1;
toolong:
	return fail(c, err, *line, ACC_ELIMIT, "a row longer than allowed");
}
