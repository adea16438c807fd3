/*
 * Declarations received from the other parties: kept, once they verify
 * against the key trusted for their party, as the files they arrived as,
 * in the workspace's received/ directory, and read back for the
 * dashboard. Never changes a package, and never keeps one of the
 * workspace's own party (those are in the store).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <accord/crypto.h>
#include <accord/declaration.h>
#include <accord/workspace.h>

#include "limits.h"
#include "workspace_int.h"

#define RECEIVED_DIR "received"

/* The file name of a package: PARTY-ASOF-IDURL.json. */
static void
received_name(char *out, size_t len, const acc_decl *d)
{
	char id[64], date[ACC_DATE_LEN];
	size_t i, n;

	acc_base64_encode(id, acc_decl_id(d), ACC_SHA256_LEN);
	n = strlen(id);
	while (n > 0 && id[n - 1] == '=')
		n--;
	id[n] = '\0';
	for (i = 0; i < n; i++)
		id[i] = id[i] == '+' ? '-' : id[i] == '/' ? '_' : id[i];
	acc_date_format(date, acc_decl_as_of(d));
	snprintf(out, len, "%s-%s-%s.json", acc_decl_party(d), date, id);
}

int
acc_workspace_receive(acc_workspace *ws, const char *text, size_t len,
    const char *name, char *path_out, size_t path_len, acc_err *err)
{
	char dir[PATH_MAX], file[256], path[PATH_MAX + 256];
	acc_decl *d = NULL;
	acc_vkey key;
	struct stat st;
	int rc;

	rc = acc_decl_parse(&d, text, len, name, err);
	if (rc == 0 && strcmp(acc_decl_party(d), ws->party) == 0)
		rc = acc_err_set(err, ACC_EINVAL, name, "a declaration of %s, "
		    "this workspace's own party: its declarations are in "
		    "its store", ws->party);
	if (rc == 0)
		rc = acc_workspace_trusted_key(ws, acc_decl_party(d), &key,
		    err);
	if (rc == ACC_ENOTFOUND) {
		acc_err_clear(err);
		rc = acc_err_set(err, ACC_EVERIFY, name, "no key is trusted "
		    "for party %s: accord key add %s KEY", acc_decl_party(d),
		    acc_decl_party(d));
	}
	if (rc == 0)
		rc = acc_decl_verify(d, ws->treaty, &key, err);
	if (rc != 0)
		goto done;
	received_name(file, sizeof(file), d);
	snprintf(dir, sizeof(dir), "%s/%s", ws->dir, RECEIVED_DIR);
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		rc = acc_err_set(err, ACC_ERR, dir, "cannot create: %s",
		    strerror(errno));
		goto done;
	}
	/* the name holds the id, and a package with that id verified */
	if (stat(path, &st) != 0)
		rc = acc_file_write_atomic(path, text, len, 0644, err);
	if (rc == 0 && path_out != NULL)
		snprintf(path_out, path_len, "%s/%s", RECEIVED_DIR, file);
done:
	acc_decl_free(d);
	return rc;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
acc_workspace_received_each(acc_workspace *ws,
    int (*fn)(void *ctx, const char *file, const char *text, size_t len),
    void *ctx, acc_err *err)
{
	char dir[PATH_MAX], path[PATH_MAX + 256];
	acc_buf text = ACC_BUF_INIT(ACC_INVENTORY_FILE_MAX);
	char **names = NULL;
	size_t n = 0, i;
	struct dirent *e;
	DIR *dh;
	int rc = 0;

	snprintf(dir, sizeof(dir), "%s/%s", ws->dir, RECEIVED_DIR);
	dh = opendir(dir);
	if (dh == NULL)
		return errno == ENOENT ? 0 : acc_err_set(err, ACC_ERR, dir,
		    "cannot read: %s", strerror(errno));
	names = calloc(ACC_RECEIVED_MAX, sizeof(*names));
	if (names == NULL)
		rc = acc_err_set(err, ACC_ERR, dir, "out of memory");
	while (rc == 0 && (e = readdir(dh)) != NULL) {
		size_t l = strlen(e->d_name);
		if (e->d_name[0] == '.' || l < 6 ||
		    strcmp(e->d_name + l - 5, ".json") != 0 || l > 200)
			continue;
		if (n == ACC_RECEIVED_MAX) {
			rc = acc_err_set(err, ACC_ELIMIT, dir, "more than %d "
			    "packages", ACC_RECEIVED_MAX);
			break;
		}
		names[n] = strdup(e->d_name);
		if (names[n++] == NULL)
			rc = acc_err_set(err, ACC_ERR, dir, "out of memory");
	}
	closedir(dh);
	if (rc == 0)
		qsort(names, n, sizeof(*names), by_name);
	for (i = 0; rc == 0 && i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		rc = acc_file_read(&text, path, err);
		if (rc == 0)
			rc = fn(ctx, names[i], text.data ? text.data : "",
			    text.len);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	acc_buf_dispose(&text);
	return rc;
}
