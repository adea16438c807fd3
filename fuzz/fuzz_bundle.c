/*
 * Bundles (accord-bundle/1, lib/bundle.c) from untrusted bytes, imported
 * by a real node. At the first call two workspaces are made under
 * new-start in a temporary directory: US, whose signing key comes from a
 * fixed seed (so that bundles made once by the command line with that
 * key verify on every run), and RU, which trusts US's key and has US as
 * a peer reached through bundles only. Each input (one bundle, or up to
 * four separated by NUL bytes) is written to a file and imported by RU:
 * a refusal carries its code, a place and a reason; nothing may crash
 * or leak. An input that may have written to RU's
 * store (mirrored entries, fork evidence, a stopped peer, cosignatures)
 * is followed by putting RU's store back as it was made, so that every
 * input meets the same node and a crash does not depend on the inputs
 * before it.
 *
 * Built with -DFUZZ_EMIT_SEEDS, main() writes US's fixed key pair as
 * signing.key and signing.vkey into the directory given, for making the
 * seed bundles in corpus/bundle/ (fuzz/README.md).
 */
#include <assert.h>
#include <stdbool.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <accord/accord.h>

#include "fuzz.h"

/* larger than any seed; a bundle's own cap is far above a run's reach */
#define INPUT_MAX (1u << 20)
#define SEED_BYTE 0x5a
#define BUNDLES_MAX 4

/* US's key pair from the fixed seed: signer text and verifier key. */
static void
us_key(char *skey, size_t skey_len, acc_vkey *vk)
{
	acc_err err = ACC_ERR_INIT;
	acc_key key;

	memset(&key, 0, sizeof(key));
	memset(key.seed, SEED_BYTE, sizeof(key.seed));
	if (acc_key_from_seed(&key, &err) != 0 ||
	    acc_skey_format(skey, skey_len, "accord/new-start/US", &key,
	    &err) != 0 ||
	    acc_vkey_make(vk, "accord/new-start/US", ACC_KEYTYPE_ED25519,
	    key.pub, &err) != 0)
		abort();
	acc_key_dispose(&key);
}

/* The verifier key as keys/signing.vkey holds it: one line. */
static void
vkey_line(char *out, size_t out_len, const acc_vkey *vk)
{
	char text[ACC_VKEY_TEXT_MAX];

	acc_vkey_format(text, sizeof(text), vk);
	snprintf(out, out_len, "%s\n", text);
}

static void
write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f;

	(void)unlink(path);
	f = fopen(path, "w");
	if (f == NULL || fputs(text, f) == EOF || fclose(f) != 0 ||
	    chmod(path, mode) != 0)
		abort();
}

#ifdef FUZZ_EMIT_SEEDS

int
main(int argc, char **argv)
{
	char skey[512], vtext[ACC_VKEY_TEXT_MAX + 1], path[4096];
	const char *dir = argc > 1 ? argv[1] : ".";
	acc_vkey vk;

	us_key(skey, sizeof(skey), &vk);
	vkey_line(vtext, sizeof(vtext), &vk);
	snprintf(path, sizeof(path), "%s/signing.key", dir);
	write_file(path, skey, 0600);
	snprintf(path, sizeof(path), "%s/signing.vkey", dir);
	write_file(path, vtext, 0644);
	acc_wipe(skey, sizeof(skey));
	return 0;
}

#else

struct node {
	char root[64];          /* the temporary directory */
	char ru[128], input[128], db[160];
	acc_workspace *ws;      /* RU */
	char *db_bytes;         /* RU's store as made */
	size_t db_len;
};

static struct node *node;

static int
remove_one(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	(void)remove(path);
	return 0;
}

static void
node_dispose(void)
{
	if (node == NULL)
		return;
	acc_workspace_close(node->ws);
	(void)nftw(node->root, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	free(node->db_bytes);
	free(node);
	node = NULL;
}

static char *
read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0)
		abort();
	n = ftell(f);
	if (n < 0 || fseek(f, 0, SEEK_SET) != 0)
		abort();
	p = malloc((size_t)n + 1);
	if (p == NULL || fread(p, 1, (size_t)n, f) != (size_t)n)
		abort();
	fclose(f);
	*len = (size_t)n;
	return p;
}

/* RU's store back as it was made (the workspace closed meanwhile). */
static void
node_reset(void)
{
	acc_err err = ACC_ERR_INIT;
	char side[200];
	FILE *f;

	acc_workspace_close(node->ws);
	node->ws = NULL;
	snprintf(side, sizeof(side), "%s-wal", node->db);
	(void)unlink(side);
	snprintf(side, sizeof(side), "%s-shm", node->db);
	(void)unlink(side);
	f = fopen(node->db, "wb");
	if (f == NULL || fwrite(node->db_bytes, 1, node->db_len, f) !=
	    node->db_len || fclose(f) != 0)
		abort();
	if (acc_workspace_open(&node->ws, node->ru, &err) != 0)
		abort();
}

static struct node *
node_get(void)
{
	acc_err err = ACC_ERR_INIT;
	acc_workspace *us = NULL;
	acc_key key;
	acc_vkey us_vk, ru_vk;
	char us_dir[128], path[200], skey[512];
	char vtext[ACC_VKEY_TEXT_MAX + 1];
	const char *tmp = getenv("TMPDIR");

	if (node != NULL)
		return node;
	node = calloc(1, sizeof(*node));
	if (node == NULL)
		abort();
	snprintf(node->root, sizeof(node->root), "%s/accord-fuzz-XXXXXX",
	    tmp && tmp[0] && strlen(tmp) < 32 ? tmp : "/tmp");
	if (mkdtemp(node->root) == NULL)
		abort();
	atexit(node_dispose);
	snprintf(us_dir, sizeof(us_dir), "%s/us", node->root);
	snprintf(node->ru, sizeof(node->ru), "%s/ru", node->root);
	snprintf(node->input, sizeof(node->input), "%s/input.bundle",
	    node->root);
	snprintf(node->db, sizeof(node->db), "%s/accord.db", node->ru);
	if (acc_workspace_init(us_dir, "new-start", "US", NULL, &err) != 0 ||
	    acc_workspace_init(node->ru, "new-start", "RU", NULL, &err) != 0)
		abort();
	/* US's key from the fixed seed, as the seed bundles were signed */
	us_key(skey, sizeof(skey), &us_vk);
	snprintf(path, sizeof(path), "%s/keys/signing.key", us_dir);
	write_file(path, skey, 0600);
	acc_wipe(skey, sizeof(skey));
	vkey_line(vtext, sizeof(vtext), &us_vk);
	snprintf(path, sizeof(path), "%s/keys/signing.vkey", us_dir);
	write_file(path, vtext, 0644);
	if (acc_workspace_open(&us, us_dir, &err) != 0 ||
	    acc_workspace_open(&node->ws, node->ru, &err) != 0 ||
	    acc_workspace_signing_key(node->ws, &key, &ru_vk, &err) != 0)
		abort();
	acc_key_dispose(&key);
	acc_vkey_format(vtext, sizeof(vtext), &ru_vk);
	if (acc_workspace_trust(us, "RU", vtext, false, &err) != 0 ||
	    acc_workspace_peer_add(us, "RU", "", NULL, &err) != 0)
		abort();
	acc_vkey_format(vtext, sizeof(vtext), &us_vk);
	if (acc_workspace_trust(node->ws, "US", vtext, false, &err) != 0 ||
	    acc_workspace_peer_add(node->ws, "US", "", NULL, &err) != 0)
		abort();
	acc_workspace_close(us);
	/* RU's store as made, to put back after an input that wrote */
	acc_workspace_close(node->ws);
	node->ws = NULL;
	node->db_bytes = read_all(node->db, &node->db_len);
	if (acc_workspace_open(&node->ws, node->ru, &err) != 0)
		abort();
	return node;
}

/* One bundle imported by RU: errors are fine, but they follow STYLE.md 3. */
static bool
import_one(struct node *n, const uint8_t *data, size_t size)
{
	acc_buf report = ACC_BUF_INIT(1u << 20);
	acc_err err = ACC_ERR_INIT;
	FILE *f;
	bool wrote;
	int rc;

	f = fopen(n->input, "wb");
	if (f == NULL || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	rc = acc_workspace_bundle_import(n->ws, n->input, &report, &err);
	if (rc != 0) {
		assert(rc < 0 && err.code == rc);
		assert(err.where[0] != '\0' && err.msg[0] != '\0');
	}
	/* anything mirrored, cosigned, or a fork found */
	wrote = rc == 0 || rc == ACC_ECONFLICT || report.len > 0;
	acc_buf_dispose(&report);
	return wrote;
}

/*
 * An input is one bundle, or up to BUNDLES_MAX bundles separated by NUL
 * bytes (which no bundle holds), imported in order: a later bundle meets
 * the mirror the earlier ones left, as a fork or a resumed sync would.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct node *n = node_get();
	const uint8_t *p = data, *end = data + size, *nul;
	bool wrote = false;
	int k;

	if (size > INPUT_MAX)
		return 0;
	for (k = 0; k < BUNDLES_MAX; k++) {
		nul = memchr(p, 0, (size_t)(end - p));
		if (nul == NULL || k == BUNDLES_MAX - 1)
			nul = end;
		if (import_one(n, p, (size_t)(nul - p)))
			wrote = true;
		if (nul == end)
			break;
		p = nul + 1;
	}
	/* every input meets RU as it was made */
	if (wrote)
		node_reset();
	return 0;
}

#endif
