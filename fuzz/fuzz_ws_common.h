/*
 * The workspace of the harnesses that answer requests (fuzz_request,
 * fuzz_dashboard): US of new-start in a new temporary directory, trusting
 * RU's key, with three messages logged (a signed checkpoint of size 3).
 */
#ifndef ACCORD_FUZZ_WS_COMMON_H
#define ACCORD_FUZZ_WS_COMMON_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/accord.h>

static char fuzz_ws_dir[64];

static int
fuzz_ws_rm_one(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Remove the directory (from the harness's cleanup, after closing). */
static void
fuzz_ws_remove(void)
{
	if (fuzz_ws_dir[0])
		(void)nftw(fuzz_ws_dir, fuzz_ws_rm_one, 16,
		    FTW_DEPTH | FTW_PHYS);
}

/* The workspace, open; name (the harness) in messages; aborts on failure. */
static acc_workspace *
fuzz_ws_make(const char *name)
{
	static const char batch[] =
	    "[{\"type\":\"message\",\"body\":{\"text\":\"one\"}},"
	    "{\"type\":\"message\",\"body\":{\"text\":\"two\"}},"
	    "{\"type\":\"message\",\"body\":{\"text\":\"three\"}}]";
	char us[128], ru[128], vk[ACC_VKEY_TEXT_MAX];
	acc_workspace *ws = NULL, *peer = NULL;
	acc_err err = ACC_ERR_INIT;
	acc_key k;
	acc_vkey v;
	uint64_t first, n;
	int rc;

	snprintf(fuzz_ws_dir, sizeof(fuzz_ws_dir), "/tmp/accord-%s-XXXXXX",
	    name);
	if (mkdtemp(fuzz_ws_dir) == NULL)
		abort();
	snprintf(us, sizeof(us), "%s/us", fuzz_ws_dir);
	snprintf(ru, sizeof(ru), "%s/ru", fuzz_ws_dir);
	rc = acc_workspace_init(us, "new-start", "US", NULL, &err);
	rc |= acc_workspace_init(ru, "new-start", "RU", NULL, &err);
	rc |= acc_workspace_open(&ws, us, &err);
	rc |= acc_workspace_open(&peer, ru, &err);
	if (rc != 0) {
		fprintf(stderr, "%s: %s: %s\n", name, err.where, err.msg);
		abort();
	}
	rc = acc_workspace_signing_key(peer, &k, &v, &err);
	acc_key_dispose(&k);
	acc_workspace_close(peer);
	acc_vkey_format(vk, sizeof(vk), &v);
	rc |= acc_workspace_trust(ws, "RU", vk, false, &err);
	rc |= acc_workspace_notify(ws, batch, strlen(batch), "batch", &first,
	    &n, NULL, &err);
	if (rc != 0) {
		fprintf(stderr, "%s: %s: %s\n", name, err.where, err.msg);
		abort();
	}
	return ws;
}

#endif
