/*
 * CLI helpers: the only place that reads the environment (ACCORD_DIR,
 * TMPDIR) and decides how errors are printed and which exit status they
 * give.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

const char *cli_dir;

int
cli_exit(int rc, const acc_err *err)
{
	if (rc == 0)
		return 0;
	if (err && err->code != ACC_OK) {
		if (err->where[0])
			fprintf(stderr, "accord: %s: %s\n", err->where,
			    err->msg);
		else
			fprintf(stderr, "accord: %s\n", err->msg);
	} else {
		fprintf(stderr, "accord: %s\n", acc_code_name(rc));
	}
	if (rc == ACC_EVERIFY || rc == ACC_ECONFLICT)
		return 1;
	return 2;
}

int
cli_usage(const char *usage)
{
	fprintf(stderr, "%s", usage);
	return 64;
}

int
cli_help(const char *usage)
{
	fputs(usage, stdout);
	return 0;
}

int
cli_workspace_open(acc_workspace **out, acc_err *err)
{
	char path[PATH_MAX];
	const char *env = getenv("ACCORD_DIR");
	int rc;

	if (cli_dir)
		return acc_workspace_open(out, cli_dir, err);
	if (env && *env)
		return acc_workspace_open(out, env, err);
	rc = acc_workspace_discover(path, sizeof(path), ".", err);
	if (rc != 0)
		return rc;
	return acc_workspace_open(out, path, err);
}

int
cli_write(const acc_buf *b, acc_err *err)
{
	if (b->len && fwrite(b->data, 1, b->len, stdout) != b->len)
		return acc_err_set(err, ACC_ERR, "stdout", "write failed");
	if (fflush(stdout) != 0)
		return acc_err_set(err, ACC_ERR, "stdout", "write failed");
	return 0;
}

int
cli_output(const char *path, const acc_buf *b, acc_err *err)
{
	if (strcmp(path, "-") == 0)
		return cli_write(b, err);
	return acc_file_write_atomic(path, b->data ? b->data : "", b->len,
	    0644, err);
}

int
cli_output_check(const char *path, acc_err *err)
{
	char dir[PATH_MAX];
	char *slash;

	if (strcmp(path, "-") == 0)
		return 0;
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if (access(dir, W_OK | X_OK) != 0)
		return acc_err_set(err, ACC_EINVAL, path,
		    "cannot write here: %s is not a writable directory", dir);
	return 0;
}

const char *
cli_tmp_dir(void)
{
	const char *t = getenv("TMPDIR");

	return t && *t ? t : "/tmp";
}

int
cli_date(acc_date *out, const char *s, const char *opt, acc_err *err)
{
	return acc_date_parse(out, s, strlen(s), opt, err);
}

int
cli_count(uint64_t *out, const char *s, const char *opt, acc_err *err)
{
	char *end;
	unsigned long long v;

	if (s[0] < '0' || s[0] > '9')
		return acc_err_set(err, ACC_EINVAL, opt, "expected a whole "
		    "number, got \"%.40s\"", s);
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end != '\0' || errno != 0 || v > (unsigned long long)INT64_MAX)
		return acc_err_set(err, ACC_EINVAL, opt, "expected a whole "
		    "number, got \"%.40s\"", s);
	*out = v;
	return 0;
}

int
cli_under_option(struct cli_under *u, int c, const char *path, acc_err *err)
{
	if (c == 't') {
		u->treaty_ref = path;
		return 0;
	}
	if (u->n_with >= 16)
		return acc_err_set(err, ACC_ELIMIT, "--with",
		    "at most 16 files");
	u->with[u->n_with++] = path;
	return 0;
}

/* path with every "{party}" replaced by party, into out. */
static int
subst_party(char *out, size_t len, const char *path, const char *party,
    acc_err *err)
{
	size_t o = 0;
	const char *p = path;

	while (*p) {
		if (strncmp(p, "{party}", 7) == 0) {
			size_t n = strlen(party);
			if (o + n >= len)
				goto toolong;
			memcpy(out + o, party, n);
			o += n;
			p += 7;
			continue;
		}
		if (o + 1 >= len)
			goto toolong;
		out[o++] = *p++;
	}
	out[o] = '\0';
	return 0;
toolong:
	return acc_err_set(err, ACC_ELIMIT, path, "path too long");
}

int
cli_under_inventory(struct cli_under *u, acc_workspace *ws,
    acc_inventory **out, acc_err *err)
{
	char paths[16][PATH_MAX];
	const char *ptrs[16];
	size_t i;
	int rc;

	if (u->treaty_ref == NULL && u->n_with == 0)
		return acc_workspace_inventory(ws, out, err);
	if (u->treaty_ref && u->treaty == NULL) {
		rc = acc_treaty_open(&u->treaty, u->treaty_ref, err);
		if (rc != 0)
			return rc;
	}
	for (i = 0; i < u->n_with; i++) {
		rc = subst_party(paths[i], sizeof(paths[i]), u->with[i],
		    acc_workspace_party(ws), err);
		if (rc != 0)
			return rc;
		ptrs[i] = paths[i];
	}
	return acc_workspace_inventory_under(ws, u->treaty, ptrs, u->n_with,
	    out, err);
}

void
cli_under_dispose(struct cli_under *u)
{
	acc_treaty_free(u->treaty);
	u->treaty = NULL;
}
