/*
 * Workspaces on disk: creating one without leaving debris, finding one
 * like git finds a repository, and the import that validates before it
 * writes. The configuration is JSON (docs/formats.md, "Workspace").
 */
#include <dirent.h>
#include <ctype.h>
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
#include <accord/crypto.h>
#include <accord/keys.h>
#include <accord/workspace.h>

#include <fcntl.h>

#include "inventory_int.h"
#include "limits.h"
#include "store.h"
#include "treaty_int.h"
#include "workspace_int.h"

#define WORKSPACE_FORMAT "accord-workspace/1"
#define CONFIG_FILE "accord.json"
#define TREATY_FILE "treaty.yaml"
#define DB_FILE "accord.db"
#define KEYS_DIR "keys"
#define SKEY_FILE "keys/signing.key"
#define VKEY_FILE "keys/signing.vkey"
#define SECRETS_DIR "keys/declarations"
#define SQLITE_STORE "sqlite:" DB_FILE
/* The longest store a configuration names (a PostgreSQL URL). */
#define STORE_MAX 4096

/* A PostgreSQL URL, as libpq reads it. */
static bool
is_pg_url(const char *store)
{
	return strncmp(store, "postgresql://", 13) == 0 ||
	    strncmp(store, "postgres://", 11) == 0;
}

/*
 * Open (or create) the store a configuration names: SQLITE_STORE, the
 * file in dir, or a PostgreSQL URL. `where` names the field for errors.
 */
static int
store_open(acc_store **out, const char *store, const char *p_db,
    bool create, const char *where, acc_err *err)
{
	if (strcmp(store, SQLITE_STORE) == 0)
		return acc_store_sqlite_open(out, p_db, create, err);
	if (is_pg_url(store))
		return acc_store_pg_open(out, store, create, err);
	return acc_err_set(err, ACC_EINVAL, where, "store: expected \""
	    SQLITE_STORE "\" or a postgresql:// URL, got \"%.64s\"", store);
}


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
    const char *store, bool witness, acc_err *err)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "format",
	    WORKSPACE_FORMAT, "treaty", treaty, "party", party, "store",
	    store, "role", witness ? "witness" : "party");
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

static int
keys_create(const char *dir, const char *treaty, const char *party,
    acc_err *err)
{
	char path[PATH_MAX], name[ACC_KEY_NAME_MAX + 1];
	char text[256], vtext[ACC_VKEY_TEXT_MAX + 2];
	acc_key key;
	acc_vkey vk;
	int rc;

	snprintf(name, sizeof(name), "accord/%s/%s", treaty, party);
	snprintf(path, sizeof(path), "%s/" KEYS_DIR, dir);
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return acc_err_set(err, ACC_ERR, path, "cannot create: %s",
		    strerror(errno));
	snprintf(path, sizeof(path), "%s/" SECRETS_DIR, dir);
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return acc_err_set(err, ACC_ERR, path, "cannot create: %s",
		    strerror(errno));
	rc = acc_key_generate(&key, err);
	if (rc == 0)
		rc = acc_skey_format(text, sizeof(text), name, &key, err);
	if (rc == 0) {
		snprintf(path, sizeof(path), "%s/" SKEY_FILE, dir);
		rc = acc_file_write_secret(path, text, strlen(text), err);
	}
	if (rc == 0)
		rc = acc_vkey_make(&vk, name, ACC_KEYTYPE_ED25519, key.pub,
		    err);
	if (rc == 0) {
		acc_vkey_format(vtext, sizeof(vtext) - 1, &vk);
		vtext[strlen(vtext) + 1] = '\0';
		vtext[strlen(vtext)] = '\n';
		snprintf(path, sizeof(path), "%s/" VKEY_FILE, dir);
		rc = acc_file_write_atomic(path, vtext, strlen(vtext), 0644,
		    err);
	}
	acc_wipe(text, sizeof(text));
	acc_key_dispose(&key);
	return rc;
}

/* A witness's name: what a party's may be, [A-Za-z0-9_.-], 1-64. */
static int
witness_name_check(const char *name, acc_err *err)
{
	size_t i, n = strlen(name);

	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && name[i] != '_' &&
		    name[i] != '.' && name[i] != '-')
			break;
	if (n == 0 || n > 64 || i < n)
		return acc_err_set(err, ACC_EINVAL, name, "a witness's name "
		    "is 1 to 64 letters, digits, '_', '.' or '-'");
	return 0;
}

int
acc_workspace_init(const char *dir, const char *treaty_ref,
    const char *party, const acc_workspace_init_opts *opts, acc_err *err)
{
	static const acc_workspace_init_opts defaults;
	acc_treaty *t = NULL;
	acc_store *store = NULL;
	char p_cfg[PATH_MAX], p_treaty[PATH_MAX], p_db[PATH_MAX];
	bool exists, empty, made_dir = false;
	const char *text, *store_name;
	size_t len;
	int rc;

	rc = acc_treaty_open(&t, treaty_ref, err);
	if (rc != 0)
		return rc;
	if (opts == NULL)
		opts = &defaults;
	store_name = opts->store != NULL ? opts->store : SQLITE_STORE;
	if (opts->store != NULL && !is_pg_url(opts->store)) {
		rc = acc_err_set(err, ACC_EINVAL, "--store", "expected a "
		    "postgresql:// URL, got \"%.64s\"", opts->store);
		goto done;
	}
	if (strlen(store_name) >= STORE_MAX) {
		rc = acc_err_set(err, ACC_ELIMIT, "--store", "longer than %d "
		    "bytes", STORE_MAX - 1);
		goto done;
	}
	if (opts->witness) {
		char name[ACC_KEY_NAME_MAX + 1];
		snprintf(name, sizeof(name), "accord/%s/%s", t->id, party);
		if (acc_treaty_party_find(t, party) >= 0) {
			rc = acc_err_set(err, ACC_EINVAL, "--witness",
			    "%s is a party to %s; a witness is a node of no "
			    "party", party, t->id);
			goto done;
		}
		rc = witness_name_check(party, err);
		if (rc != 0)
			goto done;
	} else if (acc_treaty_party_find(t, party) < 0) {
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
		rc = keys_create(dir, t->id, party, err);
	/*
	 * The store after the files: a PostgreSQL store cannot be taken
	 * back by removing a file, so nothing that may fail comes between
	 * it and the configuration but the configuration itself.
	 */
	if (rc == 0)
		rc = store_open(&store, store_name, p_db, true, "--store", err);
	if (rc == 0)
		rc = store->ops->meta_set(store, "party", party, err);
	if (rc == 0)
		rc = store->ops->meta_set(store, "treaty", t->id, err);
	acc_store_close(store);
	store = NULL;
	/* the configuration last: until it exists, this is no workspace */
	if (rc == 0)
		rc = config_write(p_cfg, t->id, party, store_name,
		    opts->witness, err);
	if (rc != 0) {
		char side[PATH_MAX + 8];
		unlink(p_treaty);
		unlink(p_db);
		snprintf(side, sizeof(side), "%s-wal", p_db);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", p_db);
		unlink(side);
		snprintf(side, sizeof(side), "%s/" SKEY_FILE, dir);
		unlink(side);
		snprintf(side, sizeof(side), "%s/" VKEY_FILE, dir);
		unlink(side);
		snprintf(side, sizeof(side), "%s/" SECRETS_DIR, dir);
		rmdir(side);
		snprintf(side, sizeof(side), "%s/" KEYS_DIR, dir);
		rmdir(side);
		if (made_dir)
			rmdir(dir);
	}
done:
	acc_treaty_free(t);
	return rc;
}

static int
config_read(const char *path, char *treaty, size_t tlen, char *party,
    size_t plen, char *store, size_t slen, bool *witness, acc_err *err)
{
	acc_buf b = ACC_BUF_INIT(ACC_CONFIG_FILE_MAX);
	json_error_t jerr;
	json_t *o = NULL;
	const char *fmt = NULL, *tr = NULL, *pa = NULL, *st = NULL;
	const char *role = "party";
	int rc;

	rc = acc_file_read(&b, path, err);
	if (rc != 0)
		goto done;
	o = json_loadb(b.data, b.len, JSON_REJECT_DUPLICATES, &jerr);
	if (o == NULL || json_unpack_ex(o, &jerr, JSON_STRICT,
	    "{s:s, s:s, s:s, s:s, s?s}", "format", &fmt, "treaty", &tr,
	    "party", &pa, "store", &st, "role", &role) != 0) {
		char where[PATH_MAX + 32];
		snprintf(where, sizeof(where), "%s:%d:%d", path, jerr.line,
		    jerr.column);
		rc = acc_err_set(err, ACC_EINVAL, where,
		    "malformed workspace configuration: %s", jerr.text);
		goto done;
	}
	if (strcmp(fmt, WORKSPACE_FORMAT) != 0) {
		rc = acc_err_set(err, ACC_EINVAL, path,
		    "expected format " WORKSPACE_FORMAT);
		goto done;
	}
	if (strcmp(st, SQLITE_STORE) != 0 && !is_pg_url(st)) {
		rc = acc_err_set(err, ACC_EINVAL, path, "store: expected \""
		    SQLITE_STORE "\" or a postgresql:// URL, got \"%.64s\"",
		    st);
		goto done;
	}
	if (strlen(st) >= slen) {
		rc = acc_err_set(err, ACC_ELIMIT, path, "store: longer than "
		    "%zu bytes", slen - 1);
		goto done;
	}
	if (strcmp(role, "party") != 0 && strcmp(role, "witness") != 0) {
		rc = acc_err_set(err, ACC_EINVAL, path,
		    "role: expected \"party\" or \"witness\", got \"%.64s\"",
		    role);
		goto done;
	}
	*witness = strcmp(role, "witness") == 0;
	snprintf(treaty, tlen, "%s", tr);
	snprintf(party, plen, "%s", pa);
	snprintf(store, slen, "%s", st);
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
	char treaty[128], store[STORE_MAX];
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
	    sizeof(ws->party), store, sizeof(store), &ws->witness, err);
	if (rc == 0)
		rc = acc_treaty_load(&ws->treaty, p_treaty, err);
	if (rc == 0 && strcmp(ws->treaty->id, treaty) != 0)
		rc = acc_err_set(err, ACC_EINVAL, p_treaty,
		    "defines treaty %s, the configuration says %s",
		    ws->treaty->id, treaty);
	if (rc == 0 && !ws->witness &&
	    acc_treaty_party_find(ws->treaty, ws->party) < 0)
		rc = acc_err_set(err, ACC_EINVAL, p_cfg,
		    "party %s is not a party to %s", ws->party, treaty);
	if (rc == 0 && ws->witness &&
	    acc_treaty_party_find(ws->treaty, ws->party) >= 0)
		rc = acc_err_set(err, ACC_EINVAL, p_cfg,
		    "witness %s is a party to %s", ws->party, treaty);
	if (rc == 0)
		rc = store_open(&ws->store, store, p_db, false, p_cfg, err);
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

bool
acc_workspace_is_witness(const acc_workspace *ws)
{
	return ws->witness;
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
	if (ws->witness)
		return acc_err_set(err, ACC_EINVAL, ws->party, "a witness "
		    "has no inventory: it only mirrors and cosigns");
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

/* ---- keys ---------------------------------------------------------- */

int
acc_workspace_signing_key(acc_workspace *ws, acc_key *key, acc_vkey *vkey,
    acc_err *err)
{
	char path[PATH_MAX], name[ACC_KEY_NAME_MAX + 1];
	char expect[ACC_KEY_NAME_MAX + 1];
	acc_buf text = ACC_BUF_INIT(4096);
	struct stat st;
	int rc;

	memset(key, 0, sizeof(*key));
	snprintf(path, sizeof(path), "%s/" SKEY_FILE, ws->dir);
	if (lstat(path, &st) != 0)
		return acc_err_set(err, ACC_ENOTFOUND, path,
		    "no signing key in this workspace");
	if (!S_ISREG(st.st_mode) || (st.st_mode & 077) != 0)
		return acc_err_set(err, ACC_EINVAL, path,
		    "the signing key must be a regular file readable by its "
		    "owner only (mode 0600)");
	rc = acc_file_read(&text, path, err);
	if (rc == 0)
		rc = acc_skey_parse(name, key, text.data, text.len, path, err);
	if (text.data)
		acc_wipe(text.data, text.cap);
	acc_buf_dispose(&text);
	if (rc != 0)
		return rc;
	snprintf(expect, sizeof(expect), "accord/%s/%s", ws->treaty->id,
	    ws->party);
	if (strcmp(name, expect) != 0) {
		acc_key_dispose(key);
		return acc_err_set(err, ACC_EINVAL, path,
		    "the signing key is named %s, expected %s", name, expect);
	}
	rc = acc_vkey_make(vkey, name, ACC_KEYTYPE_ED25519, key->pub, err);
	if (rc != 0)
		acc_key_dispose(key);
	return rc;
}

int
acc_workspace_trust(acc_workspace *ws, const char *party,
    const char *vkey_text, bool witness, acc_err *err)
{
	char expect[ACC_KEY_NAME_MAX + 1], now[32], canon[ACC_VKEY_TEXT_MAX];
	acc_vkey vk;
	int rc;

	if (!witness && acc_treaty_party_find(ws->treaty, party) < 0)
		return acc_err_set(err, ACC_EINVAL, party,
		    "not a party to %s (a witness's key is added with "
		    "--witness)", ws->treaty->id);
	if (witness && acc_treaty_party_find(ws->treaty, party) >= 0)
		return acc_err_set(err, ACC_EINVAL, party,
		    "a party to %s, not a witness", ws->treaty->id);
	if (witness && witness_name_check(party, err) != 0)
		return ACC_EINVAL;
	if (strcmp(party, ws->party) == 0)
		return acc_err_set(err, ACC_EINVAL, party,
		    "this is the workspace's own party; its key is "
		    "keys/signing.key");
	rc = acc_vkey_parse(&vk, vkey_text, strlen(vkey_text), "key", err);
	if (rc != 0)
		return rc;
	snprintf(expect, sizeof(expect), "accord/%s/%s", ws->treaty->id,
	    party);
	if (vk.type != ACC_KEYTYPE_ED25519 || strcmp(vk.name, expect) != 0)
		return acc_err_set(err, ACC_EINVAL, "key",
		    "expected an Ed25519 key named %s, got %s", expect,
		    vk.name);
	acc_vkey_format(canon, sizeof(canon), &vk);
	now_text(now, sizeof(now));
	return ws->store->ops->key_put(ws->store, party, canon, now, err);
}

int
acc_workspace_trusted_key(acc_workspace *ws, const char *party,
    acc_vkey *out, acc_err *err)
{
	char text[ACC_VKEY_TEXT_MAX + 1];
	int rc;

	if (strcmp(party, ws->party) == 0) {
		acc_key key;
		rc = acc_workspace_signing_key(ws, &key, out, err);
		acc_key_dispose(&key);
		return rc;
	}
	rc = ws->store->ops->key_get(ws->store, party, text, sizeof(text),
	    err);
	if (rc != 0)
		return rc;
	return acc_vkey_parse(out, text, strlen(text), "trusted key", err);
}

int
acc_workspace_key_each(acc_workspace *ws,
    int (*fn)(void *ctx, const char *party, const char *vkey), void *ctx,
    acc_err *err)
{
	char text[ACC_VKEY_TEXT_MAX];
	acc_key key;
	acc_vkey vk;
	int rc = acc_workspace_signing_key(ws, &key, &vk, err);

	acc_key_dispose(&key);
	if (rc != 0)
		return rc;
	acc_vkey_format(text, sizeof(text), &vk);
	rc = fn(ctx, ws->party, text);
	if (rc != 0)
		return rc;
	return ws->store->ops->key_each(ws->store, fn, ctx, err);
}

/* ---- declarations -------------------------------------------------- */

static void
secret_path(char *out, size_t len, const acc_workspace *ws,
    const uint8_t id[ACC_SHA256_LEN])
{
	char hex[2 * ACC_SHA256_LEN + 1];

	acc_hex_encode(hex, id, ACC_SHA256_LEN);
	snprintf(out, len, "%s/" SECRETS_DIR "/%s.secret", ws->dir, hex);
}

int
acc_workspace_declare(acc_workspace *ws, const acc_decl_opts *opts,
    acc_date as_of, acc_buf *package, uint8_t id[ACC_SHA256_LEN],
    acc_err *err)
{
	acc_inventory *inv = NULL;
	acc_key key;
	acc_vkey vk;
	uint8_t secret[ACC_DECL_SECRET_LEN];
	acc_buf items = ACC_BUF_INIT(8ull << 30);
	struct acc_stored_decl prev, sd;
	char asof[ACC_DATE_LEN], path[PATH_MAX];
	int rc;

	if (ws->witness)
		return acc_err_set(err, ACC_EINVAL, ws->party, "a witness "
		    "has no inventory: it only mirrors and cosigns");

	memset(&key, 0, sizeof(key));
	memset(&prev, 0, sizeof(prev));
	memset(&sd, 0, sizeof(sd));
	if (!opts->escrow && opts->pad_to)
		return acc_err_set(err, ACC_EINVAL, "--pad-to",
		    "padding applies to escrow declarations only");
	rc = acc_workspace_inventory(ws, &inv, err);
	if (rc != 0)
		goto done;
	acc_date_format(asof, acc_inventory_as_of(inv));
	if (as_of != ACC_DATE_NONE && as_of != acc_inventory_as_of(inv)) {
		char want[ACC_DATE_LEN];
		acc_date_format(want, as_of);
		rc = acc_err_set(err, ACC_EINVAL, "--as-of",
		    "the inventory is as of %s, not %s (import the inventory "
		    "of %s first)", asof, want, want);
		goto done;
	}
	rc = ws->store->ops->decl_get(ws->store, NULL, asof, opts->escrow ?
	    "escrow" : "full", &prev, err);
	if (rc == 0) {
		char want[64];
		if (opts->supersedes == NULL) {
			rc = acc_err_set(err, ACC_ECONFLICT, asof,
			    "%s %s declaration as of this date exists (%s); a "
			    "correction must name it with --supersedes",
			    strcmp(prev.mode, "escrow") == 0 ? "an" : "a",
			    prev.mode, prev.id);
			goto done;
		}
		acc_base64_encode(want, opts->supersedes, ACC_SHA256_LEN);
		if (strcmp(want, prev.id) != 0) {
			rc = acc_err_set(err, ACC_ECONFLICT, "--supersedes",
			    "the latest %s declaration as of %s is %s, not %s",
			    prev.mode, asof, prev.id, want);
			goto done;
		}
	} else if (rc == ACC_ENOTFOUND) {
		acc_err_clear(err);
		rc = 0;
		if (opts->supersedes) {
			char want[64];
			acc_stored_decl_dispose(&prev);
			acc_base64_encode(want, opts->supersedes,
			    ACC_SHA256_LEN);
			rc = ws->store->ops->decl_get(ws->store, want, NULL,
			    NULL, &prev, err);
			if (rc != 0)
				goto done;
		}
	} else {
		goto done;
	}
	rc = acc_workspace_signing_key(ws, &key, &vk, err);
	if (rc == 0)
		rc = acc_random(secret, sizeof(secret), err);
	if (rc == 0)
		rc = acc_decl_make(package, &items, id, inv, &key, &vk, secret,
		    opts, err);
	if (rc != 0)
		goto done;
	/* the secret first: a stored declaration must be revealable */
	secret_path(path, sizeof(path), ws, id);
	rc = acc_file_write_secret(path, secret, sizeof(secret), err);
	if (rc != 0)
		goto done;
	acc_base64_encode(sd.id, id, ACC_SHA256_LEN);
	snprintf(sd.party, sizeof(sd.party), "%s", ws->party);
	snprintf(sd.as_of, sizeof(sd.as_of), "%s", asof);
	snprintf(sd.mode, sizeof(sd.mode), "%s", opts->escrow ? "escrow" :
	    "full");
	if (opts->supersedes)
		acc_base64_encode(sd.supersedes, opts->supersedes,
		    ACC_SHA256_LEN);
	now_text(sd.created_at, sizeof(sd.created_at));
	sd.package = package->data;
	sd.package_len = package->len;
	sd.items = items.data;
	sd.items_len = items.len;
	/* the declaration and its log entry, in one transaction */
	rc = ws->store->ops->log_begin(ws->store, err);
	if (rc == 0) {
		acc_decl *parsed = NULL;
		char root[64];
		rc = ws->store->ops->decl_put(ws->store, &sd, err);
		if (rc == 0)
			rc = acc_decl_parse(&parsed, package->data,
			    package->len, "declaration", err);
		if (rc == 0) {
			acc_base64_encode(root, acc_decl_root(parsed),
			    ACC_SHA256_LEN);
			rc = acc_workspace_log_declaration(ws, sd.id, asof,
			    sd.mode, acc_decl_leaves(parsed), root, err);
		}
		acc_decl_free(parsed);
		if (rc == 0)
			rc = ws->store->ops->log_commit(ws->store, err);
		if (rc != 0)
			ws->store->ops->log_rollback(ws->store);
	}
	if (rc != 0)
		unlink(path);
done:
	acc_wipe(secret, sizeof(secret));
	acc_key_dispose(&key);
	acc_stored_decl_dispose(&prev);
	if (items.data)
		acc_wipe(items.data, items.len);
	acc_buf_dispose(&items);
	acc_inventory_free(inv);
	return rc;
}

int
acc_workspace_reveal(acc_workspace *ws, const acc_decl *d,
    const char *const *uids, size_t n_uids, const char *facility,
    acc_buf *out, acc_err *err)
{
	struct acc_stored_decl sd;
	acc_buf secret = ACC_BUF_INIT(ACC_DECL_SECRET_LEN);
	char id[64], path[PATH_MAX];
	int rc;

	memset(&sd, 0, sizeof(sd));
	acc_base64_encode(id, acc_decl_id(d), ACC_SHA256_LEN);
	rc = ws->store->ops->decl_get(ws->store, id, NULL, NULL, &sd, err);
	if (rc == ACC_ENOTFOUND) {
		acc_err_clear(err);
		return acc_err_set(err, ACC_ENOTFOUND, id,
		    "this workspace did not make that declaration");
	}
	if (rc != 0)
		return rc;
	secret_path(path, sizeof(path), ws, acc_decl_id(d));
	rc = acc_file_read(&secret, path, err);
	if (rc == 0 && secret.len != ACC_DECL_SECRET_LEN)
		rc = acc_err_set(err, ACC_EINVAL, path,
		    "expected a %d-byte declaration secret",
		    ACC_DECL_SECRET_LEN);
	if (rc == 0)
		rc = acc_reveal_make(out, d, ws->treaty, sd.items, sd.items_len,
		    (const uint8_t *)secret.data, uids, n_uids, facility, err);
	if (secret.data)
		acc_wipe(secret.data, secret.cap);
	acc_buf_dispose(&secret);
	acc_stored_decl_dispose(&sd);
	return rc;
}
