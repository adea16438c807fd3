/*
 * Signed notes from untrusted bytes (lib/note.c), opened with a fixed log
 * key and a fixed witness key (both from fixed seeds), then, when the
 * note opens, its text parsed as a checkpoint. A refusal carries its
 * code, a place and a reason; parsing alone refuses exactly what opening
 * refuses, save ACC_EVERIFY; an opened note's text ends in "\n" before
 * the blank line; a checkpoint that parses is written back to the same
 * bytes (its three lines have one form each).
 */
#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <accord/accord.h>

#include "fuzz.h"
#include "note.h"

/* past ACC_NOTE_MAX, to reach the size check */
#define INPUT_MAX (ACC_NOTE_MAX + 64)

#define LOG_NAME "accord/new-start/US"
#define WITNESS_NAME "witness.example/w1"

struct fuzz_note_keys {
	acc_key log, wit;
	acc_vkey vk[2];         /* the log's (0x01), the witness's (0x04) */
};

/* Made once and kept for the process (still reachable, not a leak). */
static struct fuzz_note_keys *
fuzz_note_keys_get(void)
{
	static struct fuzz_note_keys *fk;
	acc_err err = ACC_ERR_INIT;

	if (fk != NULL)
		return fk;
	fk = calloc(1, sizeof(*fk));
	if (fk == NULL)
		abort();
	memset(fk->log.seed, 7, sizeof(fk->log.seed));
	memset(fk->wit.seed, 11, sizeof(fk->wit.seed));
	if (acc_key_from_seed(&fk->log, &err) != 0 ||
	    acc_key_from_seed(&fk->wit, &err) != 0 ||
	    acc_vkey_make(&fk->vk[0], LOG_NAME, ACC_KEYTYPE_ED25519,
	    fk->log.pub, &err) != 0 ||
	    acc_vkey_make(&fk->vk[1], WITNESS_NAME, ACC_KEYTYPE_COSIG,
	    fk->wit.pub, &err) != 0)
		abort(); /* fixed keys must build */
	return fk;
}

/* The text of an opened note as a checkpoint. */
static void
check_checkpoint(const char *text, size_t len)
{
	acc_checkpoint cp;
	acc_buf back = ACC_BUF_INIT(ACC_NOTE_MAX);
	acc_err err = ACC_ERR_INIT;
	uint8_t empty[ACC_SHA256_LEN];
	int rc;

	rc = acc_checkpoint_parse(&cp, text, len, "fuzz.note", &err);
	if (rc != 0) {
		assert(rc < 0 && err.code == rc);
		assert(err.where[0] != '\0' && err.msg[0] != '\0');
		return;
	}
	assert(cp.origin[0] != '\0');
	assert(strlen(cp.origin) <= ACC_CHECKPOINT_ORIGIN_MAX);
	assert(cp.size <= (uint64_t)INT64_MAX);
	acc_sha256(empty, "", 0);
	assert(cp.size != 0 ||
	    fuzz_same_bytes(cp.root, empty, sizeof(empty)));
	/* origin, size and root have one form: written back, the same */
	rc = acc_checkpoint_text(&back, cp.origin, cp.size, cp.root, &err);
	assert(rc == 0);
	assert(back.len <= len &&
	    fuzz_same_bytes(back.data, text, back.len));
	assert((back.len == len) == (cp.n_extensions == 0));
	acc_buf_dispose(&back);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_note_keys *fk = fuzz_note_keys_get();
	const char *s = (const char *)data;
	acc_note *parsed = NULL, *opened = NULL;
	acc_err perr = ACC_ERR_INIT, err = ACC_ERR_INIT;
	bool any = false;
	size_t i;
	int prc, rc;

	if (size > INPUT_MAX)
		return 0;
	parsed = malloc(sizeof(*parsed));
	opened = malloc(sizeof(*opened));
	if (parsed == NULL || opened == NULL)
		abort();
	prc = acc_note_open(parsed, s, size, NULL, 0, "fuzz.note", &perr);
	rc = acc_note_open(opened, s, size, fk->vk, 2, "fuzz.note", &err);
	if (prc != 0)
		assert(prc < 0 && perr.code == prc && perr.where[0] != '\0' &&
		    perr.msg[0] != '\0');
	if (rc != 0) {
		assert(rc < 0 && err.code == rc);
		assert(err.where[0] != '\0' && err.msg[0] != '\0');
		/* a well-formed note can fail only its signatures */
		assert(rc == ACC_EVERIFY ? prc == 0 : prc == rc);
		goto done;
	}
	assert(prc == 0);
	assert(opened->text_len > 0 && opened->text_len < size);
	assert(s[opened->text_len - 1] == '\n' && s[opened->text_len] == '\n');
	assert(s[size - 1] == '\n');
	assert(opened->n_sigs >= 1 && opened->n_sigs <= ACC_NOTE_SIGS_MAX);
	assert(parsed->text_len == opened->text_len &&
	    parsed->n_sigs == opened->n_sigs);
	for (i = 0; i < opened->n_sigs; i++) {
		const acc_note_sig *g = &opened->sigs[i];
		assert(!parsed->sigs[i].verified);
		assert(g->name[0] != '\0' && g->sig_len >= 1 &&
		    g->sig_len <= ACC_NOTE_SIG_MAX - 4);
		if (!g->verified)
			continue;
		/* only a known name and key ID can have verified */
		assert((strcmp(g->name, LOG_NAME) == 0 &&
		    g->id == fk->vk[0].id &&
		    g->sig_len == ACC_ED25519_SIG_LEN) ||
		    (strcmp(g->name, WITNESS_NAME) == 0 &&
		    g->id == fk->vk[1].id &&
		    g->sig_len == 8 + ACC_ED25519_SIG_LEN));
		any = true;
	}
	assert(any);
	check_checkpoint(s, opened->text_len);
done:
	free(parsed);
	free(opened);
	return 0;
}

#ifdef FUZZ_EMIT_SEEDS
#include <inttypes.h>
#include <stdio.h>

static const char *seed_dir;

static void
emit(const char *name, const char *data, size_t len)
{
	fuzz_emit_seed(seed_dir, name, data, len);
}

static void
emit_buf(const char *name, const acc_buf *b)
{
	emit(name, b->data, b->len);
}

/* A checkpoint text, or any note text, signed by the log key. */
static void
sign(acc_buf *out, const char *text)
{
	struct fuzz_note_keys *fk = fuzz_note_keys_get();
	acc_err err = ACC_ERR_INIT;

	acc_buf_reset(out);
	if (acc_note_sign(out, text, strlen(text), &fk->log, &fk->vk[0],
	    &err) != 0)
		abort();
}

/* Append a witness cosignature of text at time t. */
static void
cosign(acc_buf *out, const char *text, uint64_t t)
{
	struct fuzz_note_keys *fk = fuzz_note_keys_get();
	acc_err err = ACC_ERR_INIT;

	if (acc_note_cosign(out, text, strlen(text), t, &fk->wit, &fk->vk[1],
	    &err) != 0)
		abort();
}

/* Flip bit `bit` of the decoded signature of the last line of b. */
static void
flip_last_sig(acc_buf *b, size_t bit)
{
	char *line = b->data + b->len - 1, *sp, b64[256];
	uint8_t raw[ACC_NOTE_SIG_MAX];
	acc_err err = ACC_ERR_INIT;
	size_t n;

	while (line > b->data && line[-1] != '\n')
		line--;
	sp = strrchr(line, ' ');
	if (sp == NULL || acc_base64_decode(raw, sizeof(raw), &n, sp + 1,
	    (size_t)(b->data + b->len - 1 - (sp + 1)), "seed", &err) != 0 ||
	    bit / 8 >= n)
		abort();
	raw[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	acc_base64_encode(b64, raw, n);
	b->len = (size_t)(sp + 1 - b->data);
	if (acc_buf_printf(b, "%s\n", b64) != 0)
		abort();
}

/* Write signed notes of the fixed keys, good and bad, as seed inputs. */
int
main(int argc, char **argv)
{
	static const struct {
		const char *name, *text;
	} texts[] = {
		/* checkpoints that open and parse */
		{ "checkpoint.note", LOG_NAME "\n8\n"
		    "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=\n" },
		{ "checkpoint-empty.note", LOG_NAME "\n0\n"
		    "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n" },
		{ "checkpoint-max.note", LOG_NAME "\n9223372036854775807\n"
		    "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=\n" },
		{ "checkpoint-extensions.note", LOG_NAME "\n8\n"
		    "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=\n"
		    "extension one\n\xe2\x80\x94 two\n" },
		/* signed, but not checkpoints */
		{ "text.note", "hello\n\nwith an empty line\n" },
		{ "cp-two-lines.note", LOG_NAME "\n8\n" },
		{ "cp-size-01.note", LOG_NAME "\n01\n"
		    "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=\n" },
		{ "cp-size-2p63.note", LOG_NAME "\n9223372036854775808\n"
		    "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=\n" },
		{ "cp-size-0-root.note", LOG_NAME "\n0\n"
		    "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=\n" },
		{ "cp-root-31.note", LOG_NAME "\n8\n"
		    "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQ==\n" },
		{ "cp-root-pad-bits.note", LOG_NAME "\n8\n"
		    "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQF=\n" },
		{ "cp-empty-extension.note", LOG_NAME "\n8\n"
		    "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=\n\n" },
		{ "cp-empty-origin.note", "\n8\n"
		    "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=\n" },
	};
	static const char cp[] = LOG_NAME "\n8\n"
	    "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=\n";
	static const char broken[][160] = {
		"", "\n", "\n\n", "text\n", "text\n\n",
		"text\n\n\xe2\x80\x94 \n",
		"text\n\n\xe2\x80\x94 name\n",
		"text\n\n- " LOG_NAME " AAAAAAA=\n",
		"text\r\n\r\n\xe2\x80\x94 " LOG_NAME " AAAAAAA=\r\n",
		"text\n\n\xe2\x80\x94 " LOG_NAME " AAAAAAA=\n",
		"te\xffxt\n\n\xe2\x80\x94 " LOG_NAME " AAAAAAA=\n",
		"text\n\n\xe2\x80\x94 a+b AAAAAAA=\n",
		"text\n\n\xe2\x80\x94 " LOG_NAME " AAAAAAA\n",
	};
	acc_buf b = ACC_BUF_INIT(ACC_NOTE_MAX);
	acc_buf c = ACC_BUF_INIT(ACC_NOTE_MAX);
	acc_key other;
	acc_vkey ovk;
	acc_err err = ACC_ERR_INIT;
	char name[64];
	size_t i;

	seed_dir = argc > 1 ? argv[1] : ".";
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		sign(&b, texts[i].text);
		emit_buf(texts[i].name, &b);
	}
	/* cosigned, and cosigned with the time changed or beyond 2^63-1 */
	sign(&b, cp);
	cosign(&b, cp, 1679315147);
	emit_buf("cosigned.note", &b);
	flip_last_sig(&b, 8 * 4 + 63);
	emit_buf("cosig-time-changed.note", &b);
	flip_last_sig(&b, 8 * 4 + 63);
	flip_last_sig(&b, 8 * 4 + 7);
	emit_buf("cosig-time-2p63.note", &b);
	/* the cosignature alone, before the log's line */
	acc_buf_reset(&c);
	if (acc_buf_printf(&c, "%s\n", cp) != 0)
		abort();
	cosign(&c, cp, 1679315147);
	sign(&b, cp);
	if (acc_buf_append(&c, b.data + strlen(cp) + 1,
	    b.len - strlen(cp) - 1) != 0)
		abort();
	emit_buf("cosig-first.note", &c);
	/* a flipped bit of the log's signature, and of its key ID */
	sign(&b, cp);
	flip_last_sig(&b, 8 * 4 + 100);
	emit_buf("bad-signature.note", &b);
	sign(&b, cp);
	flip_last_sig(&b, 3);
	emit_buf("other-key-id.note", &b);
	/* signed by an unknown key only, then by it and by the log */
	memset(other.seed, 13, sizeof(other.seed));
	if (acc_key_from_seed(&other, &err) != 0 ||
	    acc_vkey_make(&ovk, "other.example/log", ACC_KEYTYPE_ED25519,
	    other.pub, &err) != 0)
		abort();
	acc_buf_reset(&c);
	if (acc_note_sign(&c, cp, strlen(cp), &other, &ovk, &err) != 0)
		abort();
	emit_buf("unknown-key.note", &c);
	sign(&b, cp);
	if (acc_buf_append(&c, b.data + strlen(cp) + 1,
	    b.len - strlen(cp) - 1) != 0)
		abort();
	emit_buf("unknown-and-log.note", &c);
	/* duplicate lines; 100 signatures; 101 */
	sign(&b, cp);
	acc_buf_reset(&c);
	if (acc_buf_append(&c, b.data, b.len) != 0 ||
	    acc_buf_append(&c, b.data + strlen(cp) + 1,
	    b.len - strlen(cp) - 1) != 0)
		abort();
	emit_buf("duplicate-line.note", &c);
	for (i = 1; i <= ACC_NOTE_SIGS_MAX; i++) {
		uint8_t raw[4 + ACC_ED25519_SIG_LEN];
		char b64[128];
		memset(raw, (int)i, sizeof(raw));
		acc_base64_encode(b64, raw, sizeof(raw));
		if (acc_buf_printf(&b, "\xe2\x80\x94 unknown.example/%zu %s\n",
		    i, b64) != 0)
			abort();
		if (i == ACC_NOTE_SIGS_MAX - 1)
			emit_buf("sigs-100.note", &b);
	}
	emit_buf("sigs-101.note", &b);
	for (i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
		snprintf(name, sizeof(name), "broken-%02zu.note", i);
		emit(name, broken[i], strlen(broken[i]));
	}
	acc_key_dispose(&other);
	acc_buf_dispose(&b);
	acc_buf_dispose(&c);
	return 0;
}
#endif
