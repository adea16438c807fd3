/*
 * Workspaces on disk: creating one without leaving debris, finding one
 * like git finds a repository, and the import that validates before it
 * writes. The configuration is JSON (docs/formats.md, "Workspace").
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include <accord/buf.h>
#include <accord/workspace.h>

#include "inventory_int.h"
#include "limits.h"
#include "store.h"
#include "treaty_int.h"

#define WORKSPACE_FORMAT "accord-workspace/1"
#define CONFIG_FILE "accord.json"
#define TREATY_FILE "treaty.yaml"
#define DB_FILE "accord.db"

struct acc_workspace {
	char dir[PATH_MAX];
	char party[65];
	acc_treaty *treaty;
	acc_store *store;
};

static int
path_join(char *out, size_t len, const char *dir, const char *name,
    acc_err *err)
{
	int n = snprintf(out, len, "%s/%s", dir, name);

	if (n < 0 || (size_t)n >= len)
		return acc_err_set(err, ACC_ELIMIT, dir, "path too long");
	return 0;
}

static int
dir_state(const char *dir, bool *exists, bool *empty)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	*exists = false;
	*empty = true;
	if (d == NULL)
		return errno == ENOENT ? 0 : -1;
	*exists = true;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			*empty = false;
			break;
		}
	}
	closedir(d);
	return 0;
}

static int
config_write(const char *path, const char *treaty, const char *party,
    acc_err *err)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "format",
	    WORKSPACE_FORMAT, "treaty", treaty, "party", party, "store",
	    "sqlite:" DB_FILE);
	char *text = NULL;
	acc_buf b = ACC_BUF_INIT(ACC_CONFIG_FILE_MAX);
	int rc;

	if (o == NULL)
		return acc_err_set(err, ACC_ERR, path, "out of memory");
	text = json_dumps(o, JSON_INDENT(2));
	json_decref(o);
	if (text == NULL)
		return acc_err_set(err, ACC_ERR, path, "out of memory");
	rc = acc_buf_puts(&b, text);
	if (rc == 0)
		rc = acc_buf_puts(&b, "\n");
	free(text);
	if (rc == 0)
		rc = acc_file_write_atomic(path, b.data, b.len, 0644, err);
	acc_buf_dispose(&b);
	return rc;
}

int
acc_workspace_init(const char *dir, const char *treaty_ref,
    const char *party, acc_err *err)
{
	acc_treaty *t = NULL;
	acc_store *store = NULL;
	char p_cfg[PATH_MAX], p_treaty[PATH_MAX], p_db[PATH_MAX];
	bool exists, empty, made_dir = false;
	const char *text;
	size_t len;
	int rc;

	rc = acc_treaty_open(&t, treaty_ref, err);
	if (rc != 0)
		return rc;
	if (acc_treaty_party_find(t, party) < 0) {
		char list[256] = "";
		size_t i, o = 0;
		for (i = 0; i < t->n_parties && o < sizeof(list); i++)
			o += (size_t)snprintf(list + o, sizeof(list) - o,
			    "%s%s", i ? ", " : "", t->parties[i].id);
		rc = acc_err_set(err, ACC_EINVAL, "--party",
		    "%s is not a party to %s (parties: %s)", party, t->id,
		    list);
		goto done;
	}
	if (path_join(p_cfg, sizeof(p_cfg), dir, CONFIG_FILE, err) != 0 ||
	    path_join(p_treaty, sizeof(p_treaty), dir, TREATY_FILE, err) != 0 ||
	    path_join(p_db, sizeof(p_db), dir, DB_FILE, err) != 0) {
		rc = ACC_ELIMIT;
		goto done;
	}
	if (dir_state(dir, &exists, &empty) != 0) {
		rc = acc_err_set(err, ACC_ERR, dir, "cannot read: %s",
		    strerror(errno));
		goto done;
	}
	if (exists && access(p_cfg, F_OK) == 0) {
		rc = acc_err_set(err, ACC_EEXISTS, dir,
		    "already holds a workspace");
		goto done;
	}
	if (exists && !empty) {
		rc = acc_err_set(err, ACC_EEXISTS, dir,
		    "directory is not empty (a workspace starts in a new or "
		    "empty directory)");
		goto done;
	}
	if (!exists) {
		if (mkdir(dir, 0755) != 0) {
			rc = acc_err_set(err, ACC_ERR, dir,
			    "cannot create directory: %s", strerror(errno));
			goto done;
		}
		made_dir = true;
	}
	text = acc_treaty_text(t, &len);
	rc = acc_file_write_atomic(p_treaty, text, len, 0644, err);
	if (rc == 0)
		rc = acc_store_sqlite_open(&store, p_db, true, err);
	if (rc == 0)
		rc = store->ops->meta_set(store, "party", party, err);
	if (rc == 0)
		rc = store->ops->meta_set(store, "treaty", t->id, err);
	acc_store_close(store);
	store = NULL;
	/* the configuration last: until it exists, this is no workspace */
	if (rc == 0)
		rc = config_write(p_cfg, t->id, party, err);
	if (rc != 0) {
		char side[PATH_MAX + 8];
		unlink(p_treaty);
		unlink(p_db);
		snprintf(side, sizeof(side), "%s-wal", p_db);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", p_db);
		unlink(side);
		if (made_dir)
			rmdir(dir);
	}
done:
	acc_treaty_free(t);
	return rc;
}

static int
config_read(const char *path, char *treaty, size_t tlen, char *party,
    size_t plen, acc_err *err)
{
	acc_buf b = ACC_BUF_INIT(ACC_CONFIG_FILE_MAX);
	json_error_t jerr;
	json_t *o = NULL;
	const char *fmt = NULL, *tr = NULL, *pa = NULL, *st = NULL;
	int rc;

	rc = acc_file_read(&b, path, err);
	if (rc != 0)
		goto done;
	o = json_loadb(b.data, b.len, JSON_REJECT_DUPLICATES, &jerr);
	if (o == NULL || json_unpack_ex(o, &jerr, JSON_STRICT,
	    "{s:s, s:s, s:s, s:s}", "format", &fmt, "treaty", &tr, "party",
	    &pa, "store", &st) != 0) {
		char where[PATH_MAX + 32];
		snprintf(where, sizeof(where), "%s:%d:%d", path, jerr.line,
		    jerr.column);
		rc = acc_err_set(err, ACC_EINVAL, where,
		    "malformed workspace configuration: %s", jerr.text);
		goto done;
	}
	if (strcmp(fmt, WORKSPACE_FORMAT) != 0 ||
	    strcmp(st, "sqlite:" DB_FILE) != 0) {
		rc = acc_err_set(err, ACC_EINVAL, path,
		    "expected format " WORKSPACE_FORMAT " with store sqlite:"
		    DB_FILE);
		goto done;
	}
	snprintf(treaty, tlen, "%s", tr);
	snprintf(party, plen, "%s", pa);
done:
	json_decref(o);
	acc_buf_dispose(&b);
	return rc;
}

int
acc_workspace_open(acc_workspace **out, const char *dir, acc_err *err)
{
	acc_workspace *ws = NULL;
	char p_cfg[PATH_MAX], p_treaty[PATH_MAX], p_db[PATH_MAX];
	char treaty[128];
	int rc;

	*out = NULL;
	if (path_join(p_cfg, sizeof(p_cfg), dir, CONFIG_FILE, err) != 0 ||
	    path_join(p_treaty, sizeof(p_treaty), dir, TREATY_FILE, err) != 0 ||
	    path_join(p_db, sizeof(p_db), dir, DB_FILE, err) != 0)
		return ACC_ELIMIT;
	if (access(p_cfg, F_OK) != 0)
		return acc_err_set(err, ACC_ENOTFOUND, dir,
		    "not an accord workspace (no " CONFIG_FILE "; create one "
		    "with accord init)");
	ws = calloc(1, sizeof(*ws));
	if (ws == NULL)
		return acc_err_set(err, ACC_ERR, dir, "out of memory");
	snprintf(ws->dir, sizeof(ws->dir), "%s", dir);
	rc = config_read(p_cfg, treaty, sizeof(treaty), ws->party,
	    sizeof(ws->party), err);
	if (rc == 0)
		rc = acc_treaty_load(&ws->treaty, p_treaty, err);
	if (rc == 0 && strcmp(ws->treaty->id, treaty) != 0)
		rc = acc_err_set(err, ACC_EINVAL, p_treaty,
		    "defines treaty %s, the configuration says %s",
		    ws->treaty->id, treaty);
	if (rc == 0 && acc_treaty_party_find(ws->treaty, ws->party) < 0)
		rc = acc_err_set(err, ACC_EINVAL, p_cfg,
		    "party %s is not a party to %s", ws->party, treaty);
	if (rc == 0)
		rc = acc_store_sqlite_open(&ws->store, p_db, false, err);
	if (rc != 0) {
		acc_workspace_close(ws);
		return rc;
	}
	*out = ws;
	return 0;
}

void
acc_workspace_close(acc_workspace *ws)
{
	if (ws == NULL)
		return;
	acc_store_close(ws->store);
	acc_treaty_free(ws->treaty);
	free(ws);
}

int
acc_workspace_discover(char *out, size_t out_len, const char *start,
    acc_err *err)
{
	char cur[PATH_MAX], cfg[PATH_MAX + 16];

	if (realpath(start, cur) == NULL)
		return acc_err_set(err, ACC_ENOTFOUND, start,
		    "cannot resolve: %s", strerror(errno));
	for (;;) {
		char *slash;
		snprintf(cfg, sizeof(cfg), "%s/" CONFIG_FILE, cur);
		if (access(cfg, F_OK) == 0) {
			if (strlen(cur) >= out_len)
				return acc_err_set(err, ACC_ELIMIT, cur,
				    "path too long");
			snprintf(out, out_len, "%s", cur);
			return 0;
		}
		slash = strrchr(cur, '/');
		if (slash == NULL || slash == cur) {
			if (strcmp(cur, "/") == 0)
				break;
			snprintf(cur, sizeof(cur), "/");
			continue;
		}
		*slash = '\0';
	}
	return acc_err_set(err, ACC_ENOTFOUND, start,
	    "not inside an accord workspace (use -C DIR, ACCORD_DIR, or "
	    "accord init)");
}

const acc_treaty *
acc_workspace_treaty(const acc_workspace *ws)
{
	return ws->treaty;
}

const char *
acc_workspace_party(const acc_workspace *ws)
{
	return ws->party;
}

const char *
acc_workspace_dir(const acc_workspace *ws)
{
	return ws->dir;
}

static void
now_text(char *out, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
acc_workspace_import(acc_workspace *ws, const char *const *paths,
    size_t n_paths, acc_date as_of, acc_inventory **out, acc_err *err)
{
	acc_inventory *inv = NULL;
	acc_buf sources = ACC_BUF_INIT(64u << 10);
	char now[32];
	size_t i;
	int rc;

	if (out)
		*out = NULL;
	if (n_paths == 0)
		return acc_err_set(err, ACC_EINVAL, "import",
		    "expected at least one file");
	rc = acc_inventory_new(&inv, ws->treaty, err);
	for (i = 0; rc == 0 && i < n_paths; i++) {
		rc = acc_inventory_read(inv, paths[i], err);
		if (rc == 0)
			rc = acc_buf_printf(&sources, "%s%s", i ? " " : "",
			    paths[i]) ? acc_err_set(err, ACC_ELIMIT, "import",
			    "too many file names") : 0;
	}
	/* --as-of overrides whatever the files say */
	if (rc == 0 && as_of != ACC_DATE_NONE)
		inv->as_of = as_of;
	if (rc == 0)
		rc = acc_inventory_finalize(inv, ws->party, err);
	if (rc != 0)
		goto done;
	now_text(now, sizeof(now));
	rc = ws->store->ops->inventory_replace(ws->store, inv,
	    sources.data ? sources.data : "", now, err);
	if (rc != 0)
		goto done;
	if (out) {
		*out = inv;
		inv = NULL;
	}
done:
	acc_inventory_free(inv);
	acc_buf_dispose(&sources);
	return rc;
}

int
acc_workspace_inventory(acc_workspace *ws, acc_inventory **out, acc_err *err)
{
	acc_inventory *inv = NULL;
	int rc;

	*out = NULL;
	rc = acc_inventory_new(&inv, ws->treaty, err);
	if (rc == 0)
		rc = ws->store->ops->inventory_load(ws->store, inv, err);
	if (rc == 0)
		rc = acc_inventory_finalize(inv, ws->party, err);
	if (rc != 0) {
		acc_inventory_free(inv);
		return rc;
	}
	*out = inv;
	return 0;
}

int
acc_workspace_inventory_under(acc_workspace *ws, const acc_treaty *t,
    const char *const *extra, size_t n_extra, acc_inventory **out,
    acc_err *err)
{
	acc_inventory *own = NULL, *inv = NULL;
	size_t i;
	int rc;

	*out = NULL;
	rc = acc_workspace_inventory(ws, &own, err);
	if (rc != 0)
		return rc;
	rc = acc_inventory_new(&inv, t ? t : ws->treaty, err);
	if (rc == 0)
		rc = acc_inventory_add_from(inv, own, err);
	for (i = 0; rc == 0 && i < n_extra; i++)
		rc = acc_inventory_read(inv, extra[i], err);
	if (rc == 0)
		rc = acc_inventory_finalize(inv, ws->party, err);
	acc_inventory_free(own);
	if (rc != 0) {
		acc_inventory_free(inv);
		return rc;
	}
	*out = inv;
	return 0;
}
