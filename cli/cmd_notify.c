/*
 * accord notify: append statements to the party's log, each checked
 * against the treaty's notification types and the replayed state.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"

static const char usage[] =
    "usage: accord notify TYPE [--item UID] [--from F] [--to F]\n"
    "                    [--date YYYY-MM-DD] [FIELD=VALUE | FIELD:=JSON]...\n"
    "       accord notify --file STATEMENTS.json\n"
    "  Append one statement of a notification type of the treaty (see\n"
    "  accord treaty show), or the statements of a file ({\"type\": T,\n"
    "  \"body\": {...}} or a list of them, appended as one batch). Each is\n"
    "  checked against the treaty and the state replayed from the log;\n"
    "  a refused one is named with the reason and nothing is written.\n"
    "  FIELD=VALUE sets a text field (a whole number when VALUE is one);\n"
    "  FIELD:=JSON sets any JSON value.\n";

/* Append "key": value (JSON) to the body text b. */
static int
field(acc_buf *b, const char *key, size_t klen, const char *value, bool raw)
{
	size_t i;
	int rc = acc_buf_puts(b, b->len > 1 ? ",\"" : "\"");

	for (i = 0; rc == 0 && i < klen; i++) {
		if (key[i] == '"' || key[i] == '\\' || (unsigned char)key[i] <
		    0x20)
			return ACC_EINVAL;
		rc = acc_buf_append(b, &key[i], 1);
	}
	rc |= acc_buf_puts(b, "\":");
	if (raw)
		return rc | acc_buf_puts(b, value);
	if (value[0] >= '1' && value[0] <= '9' &&
	    strspn(value, "0123456789") == strlen(value) && strlen(value) < 16)
		return rc | acc_buf_puts(b, value);
	if (strcmp(value, "0") == 0)
		return rc | acc_buf_puts(b, "0");
	rc |= acc_buf_append(b, "\"", 1);
	for (i = 0; rc == 0 && value[i]; i++) {
		unsigned char c = (unsigned char)value[i];
		if (c == '"' || c == '\\')
			rc = acc_buf_printf(b, "\\%c", c);
		else if (c < 0x20)
			rc = acc_buf_printf(b, "\\u%04x", c);
		else
			rc = acc_buf_append(b, &value[i], 1);
	}
	return rc | acc_buf_append(b, "\"", 1);
}

int
cmd_notify(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' },
		{ "item", required_argument, NULL, 'i' },
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 't' },
		{ "date", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	acc_err err = ACC_ERR_INIT;
	acc_workspace *ws = NULL;
	acc_buf body = ACC_BUF_INIT(1u << 20), text = ACC_BUF_INIT(256u << 20);
	acc_buf note = ACC_BUF_INIT(1u << 16);
	const char *file = NULL, *name = "statement";
	uint64_t first = 0, count = 0;
	int c, rc = 0, i;

	optind = 1;
	rc = acc_buf_append(&body, "{", 1);
	while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			file = optarg;
			break;
		case 'i':
			rc |= field(&body, "uid", 3, optarg, false);
			break;
		case 'F':
			rc |= field(&body, "from", 4, optarg, false);
			break;
		case 't':
			rc |= field(&body, "to", 2, optarg, false);
			break;
		case 'd':
			rc |= field(&body, "date", 4, optarg, false);
			break;
		case 'h':
			acc_buf_dispose(&body);
			return cli_help(usage);
		default:
			acc_buf_dispose(&body);
			return cli_usage(usage);
		}
	}
	if ((file == NULL) == (optind >= argc) || (file && optind < argc)) {
		acc_buf_dispose(&body);
		return cli_usage(usage);
	}
	if (file) {
		rc = acc_file_read(&text, file, &err);
		name = file;
	} else {
		for (i = optind + 1; rc == 0 && i < argc; i++) {
			const char *eq = strchr(argv[i], '=');
			bool raw = eq && eq > argv[i] && eq[-1] == ':';
			if (eq == NULL || eq == argv[i] || (raw && eq - 1 ==
			    argv[i])) {
				rc = acc_err_set(&err, ACC_EINVAL, argv[i],
				    "expected FIELD=VALUE or FIELD:=JSON");
				break;
			}
			rc = field(&body, argv[i], (size_t)(eq - argv[i]) -
			    (raw ? 1 : 0), eq + 1, raw);
			if (rc != 0)
				rc = acc_err_set(&err, ACC_EINVAL, argv[i],
				    "field too large or not text");
		}
		if (rc == 0)
			rc = acc_buf_append(&body, "}", 1) |
			    acc_buf_puts(&text, "{\"type\":") ;
		if (rc == 0) {
			acc_buf t = ACC_BUF_INIT(1024);
			rc = field(&t, "x", 1, argv[optind], false);
			/* t is "\"x\":\"TYPE\"": keep the value */
			if (rc == 0)
				rc = acc_buf_puts(&text, t.data + 4) |
				    acc_buf_puts(&text, ",\"body\":") |
				    acc_buf_append(&text, body.data, body.len) |
				    acc_buf_append(&text, "}", 1);
			acc_buf_dispose(&t);
		}
		if (rc != 0 && err.code == ACC_OK)
			rc = acc_err_set(&err, ACC_EINVAL, "notify",
			    "statement too large");
	}
	if (rc == 0)
		rc = cli_workspace_open(&ws, &err);
	if (rc == 0)
		rc = acc_workspace_notify(ws, text.data, text.len, name, &first,
		    &count, &note, &err);
	if (rc == 0) {
		const char *nl = strchr(note.data, '\n');
		const char *size = nl ? nl + 1 : "";
		printf("appended %" PRIu64 " %s: entries %" PRIu64 " to %" PRIu64
		    "; checkpoint of size %.*s\n", count, count == 1 ? "entry" :
		    "entries", first, first + count - 1,
		    (int)strcspn(size, "\n"), size);
	}
	acc_workspace_close(ws);
	acc_buf_dispose(&body);
	acc_buf_dispose(&text);
	acc_buf_dispose(&note);
	return cli_exit(rc, &err);
}
