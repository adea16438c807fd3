/*
 * Signed notes and checkpoints (see note.h). Every rule of the strict
 * verifier in ../shared/specs/tlog-formats.md sections 1-3 is applied
 * here, in the order the spec gives them.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cjson.h"
#include "note.h"

#define EM_DASH "\xe2\x80\x94"

static int
bad(acc_err *err, const char *where, const char *msg)
{
	return acc_err_set(err, ACC_EINVAL, where, "%s", msg);
}

/* Valid note text: UTF-8, "\n" the only control character. */
static bool
text_ok(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\n')
			return false;
	return acc_utf8_valid(s, len, NULL);
}

static int
sig_line(acc_buf *out, const char *name, uint32_t id, const uint8_t *sig,
    size_t sig_len, acc_err *err)
{
	uint8_t raw[ACC_NOTE_SIG_MAX];
	char b64[2 * ACC_NOTE_SIG_MAX];
	int rc;

	raw[0] = (uint8_t)(id >> 24);
	raw[1] = (uint8_t)(id >> 16);
	raw[2] = (uint8_t)(id >> 8);
	raw[3] = (uint8_t)id;
	memcpy(raw + 4, sig, sig_len);
	acc_base64_encode(b64, raw, 4 + sig_len);
	rc = acc_buf_printf(out, EM_DASH " %s %s\n", name, b64);
	if (rc != 0)
		return acc_err_set(err, ACC_ELIMIT, "note",
		    "note larger than allowed");
	return 0;
}

int
acc_note_sign(acc_buf *out, const char *text, size_t len, const acc_key *key,
    const acc_vkey *vk, acc_err *err)
{
	uint8_t sig[ACC_ED25519_SIG_LEN];
	int rc;

	if (len == 0 || text[len - 1] != '\n' || !text_ok(text, len))
		return bad(err, "note", "a note text ends in a newline and "
		    "holds UTF-8 text without control characters");
	if (vk->type != ACC_KEYTYPE_ED25519)
		return bad(err, "note", "notes are signed with an Ed25519 key "
		    "(type 0x01)");
	rc = acc_sign(sig, key, text, len, err);
	if (rc == 0 && (acc_buf_append(out, text, len) != 0 ||
	    acc_buf_append(out, "\n", 1) != 0))
		rc = acc_err_set(err, ACC_ELIMIT, "note", "note too large");
	if (rc == 0)
		rc = sig_line(out, vk->name, vk->id, sig, sizeof(sig), err);
	return rc;
}

/* The message a cosignature signs (tlog-cosignature/v1). */
static int
cosig_message(acc_buf *m, uint64_t time, const char *text, size_t len)
{
	if (acc_buf_printf(m, "cosignature/v1\ntime %" PRIu64 "\n", time) !=
	    0 || acc_buf_append(m, text, len) != 0)
		return ACC_ELIMIT;
	return 0;
}

int
acc_note_cosign(acc_buf *out, const char *text, size_t text_len,
    uint64_t time, const acc_key *key, const acc_vkey *vk, acc_err *err)
{
	acc_buf m = ACC_BUF_INIT(ACC_NOTE_MAX + 64);
	uint8_t sig[8 + ACC_ED25519_SIG_LEN];
	int i, rc;

	if (vk->type != ACC_KEYTYPE_COSIG)
		return bad(err, "cosignature", "cosignatures use a type 0x04 "
		    "key");
	if (time > (uint64_t)INT64_MAX)
		return bad(err, "cosignature", "time beyond 2^63 - 1");
	if (cosig_message(&m, time, text, text_len) != 0) {
		acc_buf_dispose(&m);
		return acc_err_set(err, ACC_ELIMIT, "cosignature",
		    "checkpoint too large");
	}
	for (i = 0; i < 8; i++)
		sig[i] = (uint8_t)(time >> (56 - 8 * i));
	rc = acc_sign(sig + 8, key, m.data, m.len, err);
	acc_buf_dispose(&m);
	if (rc == 0)
		rc = sig_line(out, vk->name, vk->id, sig, sizeof(sig), err);
	return rc;
}

int
acc_note_sig_line(acc_buf *out, const acc_note_sig *s, acc_err *err)
{
	return sig_line(out, s->name, s->id, s->sig, s->sig_len, err);
}

/* Verify signature s with key k over the note text. */
static bool
sig_verifies(const acc_note_sig *s, const acc_vkey *k, const char *text,
    size_t len)
{
	acc_err e = ACC_ERR_INIT;

	if (k->type == ACC_KEYTYPE_ED25519)
		return s->sig_len == ACC_ED25519_SIG_LEN &&
		    acc_verify(s->sig, k->pub, text, len, &e) == 0;
	if (k->type == ACC_KEYTYPE_COSIG) {
		acc_buf m = ACC_BUF_INIT(ACC_NOTE_MAX + 64);
		uint64_t time = 0;
		bool ok;
		int i;
		if (s->sig_len != 8 + ACC_ED25519_SIG_LEN)
			return false;
		for (i = 0; i < 8; i++)
			time = time << 8 | s->sig[i];
		ok = time <= (uint64_t)INT64_MAX &&
		    cosig_message(&m, time, text, len) == 0 &&
		    acc_verify(s->sig + 8, k->pub, m.data, m.len, &e) == 0;
		acc_buf_dispose(&m);
		return ok;
	}
	return false;
}

int
acc_note_open(acc_note *n, const char *note, size_t len,
    const acc_vkey *keys, size_t n_keys, const char *where, acc_err *err)
{
	const char *p, *end = note + len;
	size_t i, k;
	bool any = false;

	memset(n, 0, sizeof(*n));
	if (len > ACC_NOTE_MAX)
		return acc_err_set(err, ACC_ELIMIT, where, "note larger than "
		    "%u bytes", ACC_NOTE_MAX);
	if (!text_ok(note, len))
		return bad(err, where, "a note is UTF-8 text without control "
		    "characters other than newline");
	/* the text ends at the last blank line */
	for (p = end - 1; p > note; p--)
		if (p[0] == '\n' && p[-1] == '\n')
			break;
	if (p <= note)
		return bad(err, where, "no blank line between the text and "
		    "its signatures");
	n->text_len = (size_t)(p - note);
	p++;
	if (p == end)
		return bad(err, where, "no signature lines");
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *sp;
		acc_note_sig s;
		uint8_t raw[ACC_NOTE_SIG_MAX + 3];
		size_t rlen, nlen;
		memset(&s, 0, sizeof(s));
		if (eol == NULL)
			return bad(err, where, "a signature line does not end "
			    "in a newline");
		if ((size_t)(eol - p) < 4 || strncmp(p, EM_DASH " ", 4) != 0)
			return bad(err, where, "a signature line starts with "
			    "an em dash and a space");
		p += 4;
		sp = memchr(p, ' ', (size_t)(eol - p));
		if (sp == NULL || sp == p)
			return bad(err, where, "a signature line is \"— name "
			    "signature\"");
		nlen = (size_t)(sp - p);
		if (nlen > ACC_KEY_NAME_MAX)
			return bad(err, where, "a key name in a signature line "
			    "is too long");
		memcpy(s.name, p, nlen);
		if (acc_key_name_check(s.name, where, err) != 0)
			return ACC_EINVAL;
		if (acc_base64_decode(raw, sizeof(raw), &rlen, sp + 1,
		    (size_t)(eol - sp - 1), where, err) != 0)
			return ACC_EINVAL;
		if (rlen < 5 || rlen > ACC_NOTE_SIG_MAX)
			return bad(err, where, "a signature is a key ID and a "
			    "signature");
		s.id = (uint32_t)raw[0] << 24 | (uint32_t)raw[1] << 16 |
		    (uint32_t)raw[2] << 8 | raw[3];
		s.sig_len = rlen - 4;
		memcpy(s.sig, raw + 4, s.sig_len);
		p = eol + 1;
		/* duplicate lines count once */
		for (i = 0; i < n->n_sigs; i++)
			if (strcmp(n->sigs[i].name, s.name) == 0 &&
			    n->sigs[i].id == s.id &&
			    n->sigs[i].sig_len == s.sig_len &&
			    acc_ct_equal(n->sigs[i].sig, s.sig, s.sig_len))
				break;
		if (i < n->n_sigs)
			continue;
		if (n->n_sigs == ACC_NOTE_SIGS_MAX)
			return bad(err, where, "more than 100 signatures");
		n->sigs[n->n_sigs++] = s;
	}
	for (i = 0; i < n->n_sigs; i++) {
		acc_note_sig *s = &n->sigs[i];
		for (k = 0; k < n_keys; k++) {
			if (keys[k].id != s->id ||
			    strcmp(keys[k].name, s->name) != 0)
				continue;
			if (!sig_verifies(s, &keys[k], note, n->text_len))
				return acc_err_set(err, ACC_EVERIFY, where,
				    "the signature by %s does not verify",
				    s->name);
			s->verified = true;
			any = true;
		}
	}
	if (n_keys > 0 && !any)
		return acc_err_set(err, ACC_EVERIFY, where,
		    "no signature by %s (key %08x)", keys[0].name, keys[0].id);
	return 0;
}

/* ---- checkpoints -------------------------------------------------- */

int
acc_checkpoint_text(acc_buf *out, const char *origin, uint64_t size,
    const uint8_t root[ACC_SHA256_LEN], acc_err *err)
{
	char b64[64];

	acc_base64_encode(b64, root, ACC_SHA256_LEN);
	if (acc_buf_printf(out, "%s\n%" PRIu64 "\n%s\n", origin, size, b64) !=
	    0)
		return acc_err_set(err, ACC_ELIMIT, "checkpoint",
		    "checkpoint too large");
	return 0;
}

int
acc_checkpoint_parse(acc_checkpoint *cp, const char *text, size_t len,
    const char *where, acc_err *err)
{
	const char *p = text, *end = text + len, *eol;
	uint8_t empty[ACC_SHA256_LEN];
	size_t line = 0, n;
	int rc;

	memset(cp, 0, sizeof(*cp));
	if (len == 0 || text[len - 1] != '\n')
		return bad(err, where, "a checkpoint ends in a newline");
	for (; p < end; p = eol + 1, line++) {
		size_t l;
		eol = memchr(p, '\n', (size_t)(end - p));
		l = (size_t)(eol - p);
		if (l == 0)
			return bad(err, where, line == 0 ? "empty origin line" :
			    line == 1 ? "empty size line" : line == 2 ?
			    "empty root line" : "empty extension line");
		if (line == 0) {
			if (l > ACC_CHECKPOINT_ORIGIN_MAX)
				return bad(err, where, "origin too long");
			memcpy(cp->origin, p, l);
		} else if (line == 1) {
			uint64_t v = 0;
			size_t i;
			if ((p[0] == '0' && l > 1) || l > 19)
				return bad(err, where, "the size is a decimal "
				    "number without leading zeros");
			for (i = 0; i < l; i++) {
				if (p[i] < '0' || p[i] > '9')
					return bad(err, where, "the size is a "
					    "decimal number");
				v = v * 10 + (uint64_t)(p[i] - '0');
			}
			if (v > (uint64_t)INT64_MAX)
				return bad(err, where, "size beyond 2^63 - 1");
			cp->size = v;
		} else if (line == 2) {
			char w[300];
			snprintf(w, sizeof(w), "%s root", where);
			rc = acc_base64_decode(cp->root, sizeof(cp->root), &n,
			    p, l, w, err);
			if (rc != 0)
				return rc;
			if (n != ACC_SHA256_LEN)
				return bad(err, w, "expected 32 bytes");
		} else {
			cp->n_extensions++;
		}
	}
	if (line < 3)
		return bad(err, where, "a checkpoint has an origin, a size and "
		    "a root hash, each on its line");
	acc_sha256(empty, "", 0);
	if (cp->size == 0 && !acc_ct_equal(cp->root, empty, ACC_SHA256_LEN))
		return bad(err, where, "a checkpoint of size 0 has the root "
		    "SHA-256(\"\")");
	return 0;
}

int
acc_checkpoint_open(acc_checkpoint *cp, size_t *text_len, const char *note,
    size_t len, const acc_vkey *keys, size_t n_keys, const char *where,
    acc_err *err)
{
	acc_note *n = calloc(1, sizeof(*n));
	int rc;

	if (n == NULL)
		return acc_err_set(err, ACC_ERR, where, "out of memory");
	rc = acc_note_open(n, note, len, keys, n_keys, where, err);
	if (rc == 0)
		rc = acc_checkpoint_parse(cp, note, n->text_len, where, err);
	if (rc == 0 && text_len)
		*text_len = n->text_len;
	free(n);
	return rc;
}
