/*
 * Witnessing, the receiving side: a node's own checkpoints published
 * with the cosignatures other nodes gave them, and checking those
 * cosignatures before they are kept. Never signs for anyone else.
 */
#include <stdlib.h>
#include <string.h>

#include <accord/witness.h>

#include "log.h"
#include "note.h"
#include "store.h"
#include "treaty_int.h"
#include "workspace_int.h"

#define MAX_WITNESS_KEYS 64

struct keyset {
	acc_workspace *ws;
	acc_vkey keys[MAX_WITNESS_KEYS];
	size_t n;
	acc_err *err;
};

/* Each trusted key (not the workspace's own) as a cosignature key. */
static int
add_cosig_key(void *ctx, const char *party, const char *vkey)
{
	struct keyset *ks = ctx;
	acc_vkey vk;

	if (strcmp(party, ks->ws->party) == 0)
		return 0;
	if (acc_vkey_parse(&vk, vkey, strlen(vkey), party, ks->err) != 0)
		return ACC_EINVAL;
	if (ks->n == MAX_WITNESS_KEYS)
		return acc_err_set(ks->err, ACC_ELIMIT, "keys",
		    "more than %d trusted keys", MAX_WITNESS_KEYS);
	return acc_vkey_make(&ks->keys[ks->n++], vk.name, ACC_KEYTYPE_COSIG,
	    vk.pub, ks->err);
}

static int
append_line(void *ctx, uint64_t size, const char *witness, const char *line)
{
	acc_buf *out = ctx;

	(void)size;
	(void)witness;
	if (acc_buf_puts(out, line) != 0 || acc_buf_puts(out, "\n") != 0)
		return ACC_ELIMIT;
	return 0;
}

int
acc_workspace_checkpoint_cosigned(acc_workspace *ws, uint64_t size,
    acc_buf *out, acc_err *err)
{
	acc_store *s = ws->store;
	uint64_t got = 0;
	int rc;

	rc = s->ops->log_checkpoint_get(s, ACC_STORE_OWN_LOG, size, out, &got,
	    err);
	if (rc == 0)
		rc = s->ops->cosig_each(s, ACC_STORE_OWN_LOG, got, append_line,
		    out, err);
	if (rc == ACC_ELIMIT)
		rc = acc_err_set(err, ACC_ELIMIT, "checkpoint",
		    "cosigned checkpoint too large");
	return rc;
}

int
acc_workspace_cosignature_add(acc_workspace *ws, const char *text,
    size_t len, size_t *added, acc_err *err)
{
	acc_store *s = ws->store;
	acc_buf mine = ACC_BUF_INIT(ACC_NOTE_MAX);
	acc_buf line = ACC_BUF_INIT(1024);
	struct keyset *ks = NULL;
	acc_note *n = NULL, *own = NULL;
	acc_checkpoint cp;
	char origin[ACC_KEY_NAME_MAX + 1], now[32];
	uint64_t got;
	size_t i, count = 0;
	bool began = false;
	int rc;

	if (added)
		*added = 0;
	n = calloc(1, sizeof(*n));
	own = calloc(1, sizeof(*own));
	ks = calloc(1, sizeof(*ks));
	if (n == NULL || own == NULL || ks == NULL) {
		rc = acc_err_set(err, ACC_ERR, "cosignature", "out of memory");
		goto done;
	}
	rc = acc_note_open(n, text, len, NULL, 0, "cosignature", err);
	if (rc == 0)
		rc = acc_checkpoint_parse(&cp, text, n->text_len,
		    "cosignature: checkpoint", err);
	if (rc != 0)
		goto done;
	snprintf(origin, sizeof(origin), "accord/%s/%s", ws->treaty->id,
	    ws->party);
	if (strcmp(cp.origin, origin) != 0) {
		rc = acc_err_set(err, ACC_EINVAL, "cosignature",
		    "the checkpoint is of %.64s, this node's log is %s",
		    cp.origin, origin);
		goto done;
	}
	rc = s->ops->log_checkpoint_get(s, ACC_STORE_OWN_LOG, cp.size, &mine,
	    &got, err);
	if (rc == 0)
		rc = acc_note_open(own, mine.data, mine.len, NULL, 0,
		    "checkpoint", err);
	if (rc != 0)
		goto done;
	if (own->text_len != n->text_len ||
	    !acc_ct_equal(mine.data, text, n->text_len)) {
		rc = acc_err_set(err, ACC_EVERIFY, "cosignature",
		    "the checkpoint of size %llu is not the one this node "
		    "signed", (unsigned long long)cp.size);
		goto done;
	}
	ks->ws = ws;
	ks->err = err;
	rc = acc_workspace_key_each(ws, add_cosig_key, ks, err);
	if (rc == 0 && ks->n == 0)
		rc = acc_err_set(err, ACC_EVERIFY, "cosignature",
		    "this node trusts no other key to cosign");
	if (rc == 0)
		rc = acc_note_open(n, text, len, ks->keys, ks->n,
		    "cosignature", err);
	if (rc != 0)
		goto done;
	acc_log_now(now);
	rc = s->ops->log_begin(s, err);
	began = rc == 0;
	for (i = 0; rc == 0 && i < n->n_sigs; i++) {
		const acc_note_sig *sg = &n->sigs[i];
		if (!sg->verified)
			continue;
		acc_buf_reset(&line);
		rc = acc_note_sig_line(&line, sg, err);
		if (rc != 0)
			break;
		line.data[--line.len] = '\0';
		rc = s->ops->cosig_put(s, ACC_STORE_OWN_LOG, cp.size, sg->name,
		    line.data, now, err);
		if (rc == ACC_EEXISTS)
			rc = 0;
		else if (rc == 0)
			count++;
	}
	if (rc == 0)
		rc = s->ops->log_commit(s, err);
	if (rc == 0) {
		began = false;
		if (added)
			*added = count;
	}
done:
	if (began)
		s->ops->log_rollback(s);
	acc_buf_dispose(&mine);
	acc_buf_dispose(&line);
	free(n);
	free(own);
	free(ks);
	return rc;
}
