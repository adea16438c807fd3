/*
 * Signed notes, cosignatures and checkpoints (lib/note.c) against the
 * strict rules of ../shared/specs/tlog-formats.md sections 1-3. Known
 * answers: the C2SP signed-note example (vkey and note) and the
 * golang.org/x/mod/sumdb/note example, which our signer reproduces byte
 * for byte. Adversarial: every bit of a signature flipped, unknown and
 * look-alike keys, every malformed layout the spec names, the cap on
 * signature lines, every malformed checkpoint line, and a cosignature
 * whose timestamp was changed.
 */
#include <inttypes.h>
#include <stdlib.h>

#include "unit.h"

#include <accord/buf.h>
#include <accord/crypto.h>
#include <accord/keys.h>

#include "note.h"

#define EM_DASH "\xe2\x80\x94"

/*
 * c2sp.org/signed-note, section "Example" (C2SP/C2SP signed-note.md at
 * commit d4c16da5e7687a016619074e78dad84b2c7238cc): a note made by
 * another implementation, also quoted by the spec summary in
 * ../shared/specs/tlog-formats.md section 1.
 */
#define C2SP_VKEY \
	"example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
#define C2SP_TEXT "This is an example message.\n"
#define C2SP_NOTE \
	C2SP_TEXT "\n" EM_DASH " example.com/foo " \
	"Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3" \
	"mFXmRKuwHjG1Yu72IneyaQM=\n"

/* golang.org/x/mod/sumdb/note, package documentation */
#define GO_SKEY \
	"PRIVATE+KEY+PeterNeumann+c74f20a3+" \
	"AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
#define GO_VKEY \
	"PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
#define GO_TEXT \
	"If you think cryptography is the answer to your problem,\n" \
	"then you don't know what your problem is.\n"
#define GO_NOTE \
	GO_TEXT "\n" EM_DASH " PeterNeumann " \
	"x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqf" \
	"qdngotpRZb6KE6RyyBwJnAM=\n"

/* base64(SHA-256("")), the root of the empty tree */
#define EMPTY_ROOT_B64 "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
/* base64 of 32 bytes 0x01 */
#define ONES_B64 "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE="

#define LOG_NAME "accord/new-start/US"
#define WITNESS_NAME "witness.example/w1"

/* A generated key of type, and its verifier key named name. */
static void
new_key(acc_key *k, acc_vkey *vk, const char *name, uint8_t type)
{
	acc_err err = ACC_ERR_INIT;

	assert_int_equal(acc_key_generate(k, &err), 0);
	assert_int_equal(acc_vkey_make(vk, name, type, k->pub, &err), 0);
	assert_no_err(err);
}

/* Append a signature line "— name base64(id || sig)\n" to out. */
static void
put_line(acc_buf *out, const char *name, uint32_t id, const uint8_t *sig,
    size_t sig_len)
{
	uint8_t raw[4 + 128];
	char b64[256];

	assert_true(sig_len <= 128);
	raw[0] = (uint8_t)(id >> 24);
	raw[1] = (uint8_t)(id >> 16);
	raw[2] = (uint8_t)(id >> 8);
	raw[3] = (uint8_t)id;
	memcpy(raw + 4, sig, sig_len);
	acc_base64_encode(b64, raw, 4 + sig_len);
	assert_int_equal(acc_buf_printf(out, EM_DASH " %s %s\n", name, b64), 0);
}

/* Append len bytes of s to out. */
static void
put(acc_buf *out, const char *s, size_t len)
{
	assert_int_equal(acc_buf_append(out, s, len), 0);
}

static void
put_str(acc_buf *out, const char *s)
{
	put(out, s, strlen(s));
}

/* Open note s (NUL-terminated) with keys; the return code. */
static int
open_str(acc_note *n, const char *s, const acc_vkey *keys, size_t n_keys,
    acc_err *err)
{
	acc_err_clear(err);
	return acc_note_open(n, s, strlen(s), keys, n_keys, "note", err);
}

/* A note of text signed by key (type 0x01). */
static void
sign_text(acc_buf *out, const char *text, const acc_key *k,
    const acc_vkey *vk)
{
	acc_err err = ACC_ERR_INIT;

	assert_int_equal(acc_note_sign(out, text, strlen(text), k, vk, &err),
	    0);
	assert_no_err(err);
}

static acc_note *
note_new(void)
{
	acc_note *n = calloc(1, sizeof(*n));

	assert_non_null(n);
	return n;
}

/* ---- known answers ------------------------------------------------- */

static void
test_note_the_c2sp_example_verifies(void **state)
{
	acc_note *n = note_new();
	acc_err err = ACC_ERR_INIT;
	acc_vkey vk;
	char note[sizeof(C2SP_NOTE)];
	size_t i;

	(void)state;
	assert_int_equal(acc_vkey_parse(&vk, C2SP_VKEY, strlen(C2SP_VKEY),
	    "vkey", &err), 0);
	assert_string_equal(vk.name, "example.com/foo");
	assert_int_equal(vk.id, 0x530d903au);
	assert_int_equal(vk.type, ACC_KEYTYPE_ED25519);
	assert_int_equal(open_str(n, C2SP_NOTE, &vk, 1, &err), 0);
	assert_int_equal(n->text_len, strlen(C2SP_TEXT));
	assert_int_equal(n->n_sigs, 1);
	assert_string_equal(n->sigs[0].name, "example.com/foo");
	assert_int_equal(n->sigs[0].id, 0x530d903au);
	assert_int_equal(n->sigs[0].sig_len, ACC_ED25519_SIG_LEN);
	assert_true(n->sigs[0].verified);
	/* every bit of the text flipped (keeping it a valid note) fails */
	for (i = 0; i < strlen(C2SP_TEXT) - 1; i++) {
		unsigned b;
		for (b = 0; b < 7; b++) {
			memcpy(note, C2SP_NOTE, sizeof(note));
			note[i] = (char)(note[i] ^ (1u << b));
			if ((unsigned char)note[i] < 0x20)
				continue;
			assert_int_equal(open_str(n, note, &vk, 1, &err),
			    ACC_EVERIFY);
			assert_err(err, ACC_EVERIFY, "note", "does not verify");
		}
	}
	free(n);
}

static void
test_note_the_go_example_verifies_and_signs_the_same(void **state)
{
	acc_note *n = note_new();
	acc_buf out = ACC_BUF_INIT(ACC_NOTE_MAX);
	acc_err err = ACC_ERR_INIT;
	char name[ACC_KEY_NAME_MAX + 1];
	acc_key k;
	acc_vkey vk, vk2;

	(void)state;
	assert_int_equal(acc_vkey_parse(&vk, GO_VKEY, strlen(GO_VKEY), "vkey",
	    &err), 0);
	assert_int_equal(open_str(n, GO_NOTE, &vk, 1, &err), 0);
	assert_int_equal(n->text_len, strlen(GO_TEXT));
	assert_true(n->sigs[0].verified);
	/* Ed25519 is deterministic: our signer writes the same note */
	assert_int_equal(acc_skey_parse(name, &k, GO_SKEY, strlen(GO_SKEY),
	    "skey", &err), 0);
	assert_int_equal(acc_vkey_make(&vk2, name, ACC_KEYTYPE_ED25519, k.pub,
	    &err), 0);
	assert_int_equal(vk2.id, vk.id);
	sign_text(&out, GO_TEXT, &k, &vk2);
	assert_int_equal(out.len, strlen(GO_NOTE));
	assert_string_equal(out.data, GO_NOTE);
	acc_key_dispose(&k);
	acc_buf_dispose(&out);
	free(n);
}

/* ---- round trips --------------------------------------------------- */

static void
test_note_sign_then_open_round_trips(void **state)
{
	/* empty lines inside the text: the text ends at the last one */
	static const char *const texts[] = {
		"a\n",
		"hello, world\n",
		"first\n\nafter an empty line\n\n\nand two\n",
		"\xc3\xa9t\xc3\xa9 \xe2\x80\x94 UTF-8\n",
	};
	acc_note *n = note_new();
	acc_err err = ACC_ERR_INIT;
	acc_key k;
	acc_vkey vk;
	size_t i;

	(void)state;
	new_key(&k, &vk, LOG_NAME, ACC_KEYTYPE_ED25519);
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		acc_buf out = ACC_BUF_INIT(ACC_NOTE_MAX);
		sign_text(&out, texts[i], &k, &vk);
		assert_int_equal(acc_note_open(n, out.data, out.len, &vk, 1,
		    "note", &err), 0);
		assert_int_equal(n->text_len, strlen(texts[i]));
		assert_true(bytes_equal(out.data, texts[i], n->text_len));
		assert_int_equal(n->n_sigs, 1);
		assert_string_equal(n->sigs[0].name, LOG_NAME);
		assert_int_equal(n->sigs[0].id, vk.id);
		assert_true(n->sigs[0].verified);
		/* parsing alone (no keys) gives the same split */
		assert_int_equal(acc_note_open(n, out.data, out.len, NULL, 0,
		    "note", &err), 0);
		assert_int_equal(n->text_len, strlen(texts[i]));
		assert_false(n->sigs[0].verified);
		acc_buf_dispose(&out);
	}
	acc_key_dispose(&k);
	free(n);
}

static void
test_note_sign_refuses_a_text_that_is_not_a_note_text(void **state)
{
	static const char *const bad[] = {
		"", "no final newline", "a\rb\n", "a\tb\n", "\xff\n",
	};
	acc_buf out = ACC_BUF_INIT(ACC_NOTE_MAX);
	acc_err err = ACC_ERR_INIT;
	acc_key k, w;
	acc_vkey vk, wk;
	size_t i;

	(void)state;
	new_key(&k, &vk, LOG_NAME, ACC_KEYTYPE_ED25519);
	new_key(&w, &wk, WITNESS_NAME, ACC_KEYTYPE_COSIG);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		acc_err_clear(&err);
		assert_int_equal(acc_note_sign(&out, bad[i], strlen(bad[i]),
		    &k, &vk, &err), ACC_EINVAL);
		assert_err(err, ACC_EINVAL, "note", "ends in a newline");
	}
	acc_err_clear(&err);
	assert_int_equal(acc_note_sign(&out, "a\n", 2, &w, &wk, &err),
	    ACC_EINVAL);
	assert_err(err, ACC_EINVAL, "note", "type 0x01");
	assert_int_equal(out.len, 0);
	acc_key_dispose(&k);
	acc_key_dispose(&w);
	acc_buf_dispose(&out);
}

static void
check_checkpoint_round_trip(const char *origin, uint64_t size,
    const uint8_t root[32], const char *want)
{
	acc_buf text = ACC_BUF_INIT(ACC_NOTE_MAX);
	acc_checkpoint cp;
	acc_err err = ACC_ERR_INIT;

	assert_int_equal(acc_checkpoint_text(&text, origin, size, root, &err),
	    0);
	if (want != NULL)
		assert_string_equal(text.data, want);
	assert_int_equal(acc_checkpoint_parse(&cp, text.data, text.len, "cp",
	    &err), 0);
	assert_no_err(err);
	assert_string_equal(cp.origin, origin);
	assert_true(cp.size == size);
	assert_memory_equal(cp.root, root, 32);
	assert_int_equal(cp.n_extensions, 0);
	acc_buf_dispose(&text);
}

static void
test_checkpoint_text_round_trips(void **state)
{
	uint8_t empty[32], root[32];
	acc_checkpoint cp;
	acc_err err = ACC_ERR_INIT;
	static const char ext[] = "o\n5\n" ONES_B64 "\nextension one\n"
	    "\xe2\x80\x94 two\n";

	(void)state;
	acc_sha256(empty, "", 0);
	memset(root, 1, sizeof(root));
	/* the empty tree has the root SHA-256("") */
	check_checkpoint_round_trip(LOG_NAME, 0, empty,
	    LOG_NAME "\n0\n" EMPTY_ROOT_B64 "\n");
	check_checkpoint_round_trip(LOG_NAME, 1, root,
	    LOG_NAME "\n1\n" ONES_B64 "\n");
	check_checkpoint_round_trip("example.com/behind-the-sofa", 20852163,
	    root, NULL);
	check_checkpoint_round_trip("o", (uint64_t)INT64_MAX, root,
	    "o\n9223372036854775807\n" ONES_B64 "\n");
	/* extension lines are counted, not kept */
	assert_int_equal(acc_checkpoint_parse(&cp, ext, strlen(ext), "cp",
	    &err), 0);
	assert_int_equal(cp.n_extensions, 2);
	assert_true(cp.size == 5);
	assert_memory_equal(cp.root, root, 32);
}

static void
test_checkpoint_signed_note_round_trips(void **state)
{
	acc_buf text = ACC_BUF_INIT(ACC_NOTE_MAX);
	acc_buf note = ACC_BUF_INIT(ACC_NOTE_MAX);
	acc_note *n = note_new();
	acc_checkpoint cp;
	acc_err err = ACC_ERR_INIT;
	uint8_t empty[32];
	acc_key k;
	acc_vkey vk;

	(void)state;
	new_key(&k, &vk, LOG_NAME, ACC_KEYTYPE_ED25519);
	acc_sha256(empty, "", 0);
	assert_int_equal(acc_checkpoint_text(&text, LOG_NAME, 0, empty, &err),
	    0);
	sign_text(&note, text.data, &k, &vk);
	assert_int_equal(acc_note_open(n, note.data, note.len, &vk, 1, "note",
	    &err), 0);
	assert_int_equal(n->text_len, text.len);
	assert_int_equal(acc_checkpoint_parse(&cp, note.data, n->text_len,
	    "cp", &err), 0);
	assert_string_equal(cp.origin, LOG_NAME);
	assert_true(cp.size == 0);
	assert_memory_equal(cp.root, empty, 32);
	acc_key_dispose(&k);
	acc_buf_dispose(&text);
	acc_buf_dispose(&note);
	free(n);
}

/* ---- malformed notes ---------------------------------------------- */

/* s is refused as malformed, with frag in the message. */
static void
check_malformed(const char *s, const acc_vkey *vk, const char *frag)
{
	acc_note *n = note_new();
	acc_err err = ACC_ERR_INIT;

	if (open_str(n, s, vk, 1, &err) != ACC_EINVAL)
		fail_msg("accepted or not EINVAL (%d: %s): \"%s\"",
		    (int)err.code, err.msg, s);
	assert_err(err, ACC_EINVAL, "note", frag);
	free(n);
}

static void
test_note_rejects_a_note_without_a_blank_line(void **state)
{
	acc_buf note = ACC_BUF_INIT(ACC_NOTE_MAX);
	acc_key k;
	acc_vkey vk;
	size_t i;

	(void)state;
	new_key(&k, &vk, LOG_NAME, ACC_KEYTYPE_ED25519);
	sign_text(&note, "text\n", &k, &vk);
	/* drop the blank line: "text\n— name sig\n" */
	for (i = 0; i + 1 < note.len; i++)
		if (note.data[i] == '\n' && note.data[i + 1] == '\n')
			break;
	memmove(note.data + i, note.data + i + 1, note.len - i);
	check_malformed(note.data, &vk, "no blank line");
	check_malformed("", &vk, "no blank line");
	check_malformed("\n", &vk, "no blank line");
	check_malformed("text only\n", &vk, "no blank line");
	acc_key_dispose(&k);
	acc_buf_dispose(&note);
}

static void
test_note_rejects_a_note_without_signature_lines(void **state)
{
	acc_key k;
	acc_vkey vk;

	(void)state;
	new_key(&k, &vk, LOG_NAME, ACC_KEYTYPE_ED25519);
	check_malformed("text\n\n", &vk, "no signature lines");
	check_malformed("text\n\nmore text\n\n", &vk, "no signature lines");
	acc_key_dispose(&k);
}

static void
test_note_rejects_a_signature_line_without_the_em_dash(void **state)
{
	acc_buf note = ACC_BUF_INIT(ACC_NOTE_MAX);
	acc_buf bad = ACC_BUF_INIT(ACC_NOTE_MAX);
	acc_key k;
	acc_vkey vk;
	/* a hyphen, an en dash, an em dash without its space */
	static const char *const dashes[] = { "- ", "\xe2\x80\x93 ",
		"\xe2\x80\x94", "\xe2\x80\x94\xe2\x80\x94 " };
	size_t i, at;

	(void)state;
	new_key(&k, &vk, LOG_NAME, ACC_KEYTYPE_ED25519);
	sign_text(&note, "text\n", &k, &vk);
	at = strlen("text\n\n");
	assert_true(bytes_equal(note.data + at, EM_DASH " ", 4));
	for (i = 0; i < sizeof(dashes) / sizeof(dashes[0]); i++) {
		acc_buf_reset(&bad);
		put(&bad, note.data, at);
		put_str(&bad, dashes[i]);
		put_str(&bad, note.data + at + 4);
		check_malformed(bad.data, &vk, "em dash");
	}
	/* nor a line without a name or without a signature */
	check_malformed("text\n\n" EM_DASH " \n", &vk, "name signature");
	check_malformed("text\n\n" EM_DASH " name\n", &vk, "name signature");
	/* nor a last line without its newline */
	acc_buf_reset(&bad);
	put(&bad, note.data, note.len - 1);
	check_malformed(bad.data, &vk, "does not end in a newline");
	acc_key_dispose(&k);
	acc_buf_dispose(&note);
	acc_buf_dispose(&bad);
}

static void
test_note_rejects_control_characters_such_as_cr_and_tab(void **state)
{
	static const char *const ctl[] = { "\r", "\t", "\x01", "\x1f",
		"\x1b" };
	acc_buf note = ACC_BUF_INIT(ACC_NOTE_MAX);
	acc_buf bad = ACC_BUF_INIT(ACC_NOTE_MAX);
	acc_key k;
	acc_vkey vk;
	size_t i, at;

	(void)state;
	new_key(&k, &vk, LOG_NAME, ACC_KEYTYPE_ED25519);
	sign_text(&note, "text\n", &k, &vk);
	for (i = 0; i < sizeof(ctl) / sizeof(ctl[0]); i++)
		for (at = 0; at < note.len; at += note.len / 3) {
			/* in the text, the blank line or a signature line */
			acc_buf_reset(&bad);
			put(&bad, note.data, at);
			put_str(&bad, ctl[i]);
			put(&bad, note.data + at, note.len - at);
			check_malformed(bad.data, &vk, "control characters");
		}
	/* CRLF line endings */
	check_malformed("text\r\n\r\n" EM_DASH " n AAAAAAA=\r\n", &vk,
	    "control characters");
	acc_key_dispose(&k);
	acc_buf_dispose(&note);
	acc_buf_dispose(&bad);
}

static void
test_note_rejects_invalid_utf8(void **state)
{
	/* a lone continuation byte, a truncated sequence, an overlong '/',
	 * a surrogate, beyond U+10FFFF, 0xff */
	static const char *const bad[] = { "\x80", "\xe2\x80", "\xc0\xaf",
		"\xed\xa0\x80", "\xf4\x90\x80\x80", "\xff" };
	acc_buf note = ACC_BUF_INIT(ACC_NOTE_MAX);
	acc_buf b = ACC_BUF_INIT(ACC_NOTE_MAX);
	acc_key k;
	acc_vkey vk;
	size_t i;

	(void)state;
	new_key(&k, &vk, LOG_NAME, ACC_KEYTYPE_ED25519);
	sign_text(&note, "text\n", &k, &vk);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		/* in the text */
		acc_buf_reset(&b);
		put_str(&b, bad[i]);
		put(&b, note.data, note.len);
		check_malformed(b.data, &vk, "UTF-8");
		/* in a key name */
		acc_buf_reset(&b);
		put_str(&b, "text\n\n" EM_DASH " x");
		put_str(&b, bad[i]);
		put_str(&b, " AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n");
		check_malformed(b.data, &vk, "UTF-8");
	}
	acc_key_dispose(&k);
	acc_buf_dispose(&note);
	acc_buf_dispose(&b);
}

/* ---- signatures ---------------------------------------------------- */

static void
test_note_rejects_every_flipped_bit_of_the_signature(void **state)
{
	acc_buf note = ACC_BUF_INIT(ACC_NOTE_MAX);
	acc_buf bad = ACC_BUF_INIT(ACC_NOTE_MAX);
	acc_note *n = note_new();
	acc_err err = ACC_ERR_INIT;
	uint8_t long_sig[ACC_NOTE_SIG_MAX] = { 0 };
	acc_note_sig s;
	acc_key k;
	acc_vkey vk;
	size_t b;

	(void)state;
	new_key(&k, &vk, LOG_NAME, ACC_KEYTYPE_ED25519);
	sign_text(&note, "text\n", &k, &vk);
	/* the signature, base64-decoded by the parser */
	assert_int_equal(acc_note_open(n, note.data, note.len, NULL, 0, "note",
	    &err), 0);
	s = n->sigs[0];
	assert_int_equal(s.sig_len, ACC_ED25519_SIG_LEN);
	/* re-encoded unchanged, it verifies */
	put_str(&bad, "text\n\n");
	put_line(&bad, s.name, s.id, s.sig, s.sig_len);
	assert_string_equal(bad.data, note.data);
	for (b = 0; b < 8 * ACC_ED25519_SIG_LEN; b++) {
		s.sig[b / 8] ^= (uint8_t)(1u << (b % 8));
		acc_buf_reset(&bad);
		put_str(&bad, "text\n\n");
		put_line(&bad, s.name, s.id, s.sig, s.sig_len);
		s.sig[b / 8] ^= (uint8_t)(1u << (b % 8));
		acc_err_clear(&err);
		assert_int_equal(acc_note_open(n, bad.data, bad.len, &vk, 1,
		    "note", &err), ACC_EVERIFY);
		assert_err(err, ACC_EVERIFY, "note", "does not verify");
		assert_contains(err.msg, LOG_NAME);
	}
	/* a signature value that is only a key ID, or longer than a
	 * cosignature, is malformed */
	acc_buf_reset(&bad);
	put_str(&bad, "text\n\n");
	put_line(&bad, s.name, s.id, s.sig, 0);
	assert_int_equal(open_str(n, bad.data, &vk, 1, &err), ACC_EINVAL);
	assert_err(err, ACC_EINVAL, "note", "a key ID and a signature");
	acc_buf_reset(&bad);
	put_str(&bad, "text\n\n");
	put_line(&bad, s.name, s.id, long_sig, ACC_NOTE_SIG_MAX - 4 + 1);
	assert_int_equal(open_str(n, bad.data, &vk, 1, &err), ACC_EINVAL);
	assert_err(err, ACC_EINVAL, "note", "a key ID and a signature");
	/* a signature one byte short or long does not verify either */
	acc_buf_reset(&bad);
	put_str(&bad, "text\n\n");
	put_line(&bad, s.name, s.id, s.sig, s.sig_len - 1);
	assert_int_equal(open_str(n, bad.data, &vk, 1, &err), ACC_EVERIFY);
	acc_buf_reset(&bad);
	put_str(&bad, "text\n\n");
	put_line(&bad, s.name, s.id, s.sig, s.sig_len + 1);
	assert_int_equal(open_str(n, bad.data, &vk, 1, &err), ACC_EVERIFY);
	acc_key_dispose(&k);
	acc_buf_dispose(&note);
	acc_buf_dispose(&bad);
	free(n);
}

static void
test_note_ignores_an_unknown_key_but_needs_a_known_one(void **state)
{
	acc_buf note = ACC_BUF_INIT(ACC_NOTE_MAX);
	acc_buf both = ACC_BUF_INIT(ACC_NOTE_MAX);
	acc_note *n = note_new();
	acc_err err = ACC_ERR_INIT;
	acc_key k, other;
	acc_vkey vk, ok;

	(void)state;
	new_key(&k, &vk, LOG_NAME, ACC_KEYTYPE_ED25519);
	new_key(&other, &ok, "other.example/log", ACC_KEYTYPE_ED25519);
	sign_text(&note, "text\n", &other, &ok);
	/* signed only by a key we do not know */
	assert_int_equal(acc_note_open(n, note.data, note.len, &vk, 1, "note",
	    &err), ACC_EVERIFY);
	assert_err(err, ACC_EVERIFY, "note", "no signature by " LOG_NAME);
	/* the unknown signature plus ours: the unknown one is ignored */
	put(&both, note.data, note.len);
	acc_buf_reset(&note);
	sign_text(&note, "text\n", &k, &vk);
	put(&both, note.data + strlen("text\n\n"),
	    note.len - strlen("text\n\n"));
	acc_err_clear(&err);
	assert_int_equal(acc_note_open(n, both.data, both.len, &vk, 1, "note",
	    &err), 0);
	assert_int_equal(n->n_sigs, 2);
	assert_false(n->sigs[0].verified);
	assert_true(n->sigs[1].verified);
	/* and both verify when both keys are given */
	assert_int_equal(acc_note_open(n, both.data, both.len,
	    (const acc_vkey[]){ ok, vk }, 2, "note", &err), 0);
	assert_true(n->sigs[0].verified && n->sigs[1].verified);
	acc_key_dispose(&k);
	acc_key_dispose(&other);
	acc_buf_dispose(&note);
	acc_buf_dispose(&both);
	free(n);
}

static void
test_note_ignores_the_same_name_with_another_key_id(void **state)
{
	acc_buf note = ACC_BUF_INIT(ACC_NOTE_MAX);
	acc_buf b = ACC_BUF_INIT(ACC_NOTE_MAX);
	acc_note *n = note_new();
	acc_err err = ACC_ERR_INIT;
	uint8_t junk[ACC_ED25519_SIG_LEN];
	acc_key k, k2;
	acc_vkey vk, vk2;

	(void)state;
	new_key(&k, &vk, LOG_NAME, ACC_KEYTYPE_ED25519);
	new_key(&k2, &vk2, LOG_NAME, ACC_KEYTYPE_ED25519);
	assert_int_not_equal(vk.id, vk2.id);
	memset(junk, 0x5a, sizeof(junk));
	/* our name, another key's ID, a signature that verifies by no one:
	 * ignored, not failed */
	sign_text(&note, "text\n", &k, &vk);
	put_str(&b, "text\n\n");
	put_line(&b, LOG_NAME, vk2.id, junk, sizeof(junk));
	put(&b, note.data + strlen("text\n\n"), note.len - strlen("text\n\n"));
	assert_int_equal(open_str(n, b.data, &vk, 1, &err), 0);
	assert_int_equal(n->n_sigs, 2);
	assert_false(n->sigs[0].verified);
	assert_true(n->sigs[1].verified);
	/* another name with our key ID: ignored too */
	acc_buf_reset(&b);
	put_str(&b, "text\n\n");
	put_line(&b, "accord/new-start/RU", vk.id, junk, sizeof(junk));
	put(&b, note.data + strlen("text\n\n"), note.len - strlen("text\n\n"));
	assert_int_equal(open_str(n, b.data, &vk, 1, &err), 0);
	assert_false(n->sigs[0].verified);
	/* a note signed by the look-alike key alone does not verify */
	acc_buf_reset(&note);
	sign_text(&note, "text\n", &k2, &vk2);
	assert_int_equal(open_str(n, note.data, &vk, 1, &err), ACC_EVERIFY);
	assert_err(err, ACC_EVERIFY, "note", "no signature by");
	/* a type 0x04 key of the same name and public key has another ID */
	assert_int_equal(acc_vkey_make(&vk2, LOG_NAME, ACC_KEYTYPE_COSIG, k.pub,
	    &err), 0);
	assert_int_not_equal(vk2.id, vk.id);
	acc_buf_reset(&note);
	sign_text(&note, "text\n", &k, &vk);
	assert_int_equal(open_str(n, note.data, &vk2, 1, &err), ACC_EVERIFY);
	assert_err(err, ACC_EVERIFY, "note", "no signature by");
	acc_key_dispose(&k);
	acc_key_dispose(&k2);
	acc_buf_dispose(&note);
	acc_buf_dispose(&b);
	free(n);
}

/* A note of "text\n" signed by k, then n_other lines by unknown keys. */
static void
note_with_lines(acc_buf *out, const acc_key *k, const acc_vkey *vk,
    size_t n_other)
{
	uint8_t sig[ACC_ED25519_SIG_LEN];
	char name[64];
	size_t i;

	acc_buf_reset(out);
	sign_text(out, "text\n", k, vk);
	for (i = 0; i < n_other; i++) {
		snprintf(name, sizeof(name), "unknown.example/%zu", i);
		memset(sig, (int)i, sizeof(sig));
		put_line(out, name, (uint32_t)i, sig, sizeof(sig));
	}
}

static void
test_note_accepts_100_signatures_and_refuses_101(void **state)
{
	acc_buf note = ACC_BUF_INIT(ACC_NOTE_MAX);
	acc_note *n = note_new();
	acc_err err = ACC_ERR_INIT;
	acc_key k;
	acc_vkey vk;
	char line[256];
	size_t first, len;

	(void)state;
	new_key(&k, &vk, LOG_NAME, ACC_KEYTYPE_ED25519);
	note_with_lines(&note, &k, &vk, ACC_NOTE_SIGS_MAX - 1);
	assert_int_equal(acc_note_open(n, note.data, note.len, &vk, 1, "note",
	    &err), 0);
	assert_int_equal(n->n_sigs, ACC_NOTE_SIGS_MAX);
	/* a duplicate line does not count against the cap */
	first = strlen("text\n\n");
	len = (size_t)((char *)memchr(note.data + first, '\n',
	    note.len - first) - (note.data + first)) + 1;
	assert_true(len < sizeof(line));
	memcpy(line, note.data + first, len);
	put(&note, line, len);
	assert_int_equal(acc_note_open(n, note.data, note.len, &vk, 1, "note",
	    &err), 0);
	assert_int_equal(n->n_sigs, ACC_NOTE_SIGS_MAX);
	note_with_lines(&note, &k, &vk, ACC_NOTE_SIGS_MAX);
	assert_int_equal(acc_note_open(n, note.data, note.len, &vk, 1, "note",
	    &err), ACC_EINVAL);
	assert_err(err, ACC_EINVAL, "note", "more than 100 signatures");
	acc_key_dispose(&k);
	acc_buf_dispose(&note);
	free(n);
}

static void
test_note_accepts_a_duplicate_line_once(void **state)
{
	acc_buf note = ACC_BUF_INIT(ACC_NOTE_MAX);
	acc_note *n = note_new();
	acc_err err = ACC_ERR_INIT;
	acc_key k;
	acc_vkey vk;
	char line[256];
	size_t first = strlen("text\n\n"), len, i;

	(void)state;
	new_key(&k, &vk, LOG_NAME, ACC_KEYTYPE_ED25519);
	sign_text(&note, "text\n", &k, &vk);
	len = note.len - first;
	assert_true(len < sizeof(line));
	memcpy(line, note.data + first, len);
	for (i = 0; i < 3; i++)
		put(&note, line, len);
	assert_int_equal(acc_note_open(n, note.data, note.len, &vk, 1, "note",
	    &err), 0);
	assert_int_equal(n->n_sigs, 1);
	assert_int_equal(n->text_len, strlen("text\n"));
	assert_true(n->sigs[0].verified);
	acc_key_dispose(&k);
	acc_buf_dispose(&note);
	free(n);
}

static void
test_note_rejects_a_note_larger_than_the_cap(void **state)
{
	acc_note *n = note_new();
	acc_err err = ACC_ERR_INIT;
	char *big = malloc(ACC_NOTE_MAX + 1);

	(void)state;
	assert_non_null(big);
	memset(big, 'a', ACC_NOTE_MAX + 1);
	assert_int_equal(acc_note_open(n, big, ACC_NOTE_MAX + 1, NULL, 0,
	    "note", &err), ACC_ELIMIT);
	assert_err(err, ACC_ELIMIT, "note", "larger than");
	free(big);
	free(n);
}

/* ---- checkpoints --------------------------------------------------- */

#define MAX_CP "o\n9223372036854775807\n" ONES_B64 "\n"
#define EMPTY_CP "o\n0\n" EMPTY_ROOT_B64 "\n"

static void
test_checkpoint_rejects_malformed_texts(void **state)
{
	static const struct {
		const char *what, *text, *where, *frag;
	} cases[] = {
		{ "no line", "", "cp", "ends in a newline" },
		{ "one line", "o\n", "cp", "an origin, a size and a root" },
		{ "two lines", "o\n1\n", "cp", "an origin, a size and a root" },
		{ "empty origin", "\n1\n" ONES_B64 "\n", "cp",
		    "empty origin line" },
		{ "empty size", "o\n\n" ONES_B64 "\n", "cp",
		    "empty size line" },
		{ "empty root", "o\n1\n\n", "cp", "empty root line" },
		{ "size 01", "o\n01\n" ONES_B64 "\n", "cp",
		    "without leading zeros" },
		{ "size 00", "o\n00\n" EMPTY_ROOT_B64 "\n", "cp",
		    "without leading zeros" },
		{ "size -1", "o\n-1\n" ONES_B64 "\n", "cp",
		    "is a decimal number" },
		{ "size +1", "o\n+1\n" ONES_B64 "\n", "cp",
		    "is a decimal number" },
		{ "size 1.0", "o\n1.0\n" ONES_B64 "\n", "cp",
		    "is a decimal number" },
		{ "size with a space", "o\n 1\n" ONES_B64 "\n", "cp",
		    "is a decimal number" },
		{ "size 2^63", "o\n9223372036854775808\n" ONES_B64 "\n", "cp",
		    "beyond 2^63 - 1" },
		{ "size 2^64 - 1", "o\n18446744073709551615\n" ONES_B64 "\n",
		    "cp", "decimal number" },
		{ "size 2^64", "o\n18446744073709551616\n" ONES_B64 "\n", "cp",
		    "decimal number" },
		{ "root of 31 bytes",
		    "o\n1\nAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQ==\n",
		    "cp root", "expected 32 bytes" },
		{ "root of 33 bytes",
		    "o\n1\nAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEB\n",
		    "cp root", "at most 32 bytes" },
		{ "root with non-zero pad bits",
		    "o\n1\nAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQF=\n",
		    "cp root", "non-canonical base64" },
		{ "root without padding",
		    "o\n1\nAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE\n",
		    "cp root", "groups of 4" },
		{ "root in base64url",
		    "o\n1\n47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU=\n",
		    "cp root", "invalid base64" },
		{ "root with a trailing space", "o\n1\n" ONES_B64 " \n",
		    "cp root", "groups of 4" },
		{ "empty extension line", "o\n1\n" ONES_B64 "\n\n", "cp",
		    "empty extension line" },
		{ "empty line after an extension",
		    "o\n1\n" ONES_B64 "\next\n\n", "cp", "empty extension" },
		{ "size 0, root of a non-empty tree",
		    "o\n0\n" ONES_B64 "\n", "cp", "size 0 has the root" },
		{ "size 0, all-zero root (Go tlog.TreeHash(0))",
		    "o\n0\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
		    "cp", "size 0 has the root" },
		{ "no final newline", "o\n1\n" ONES_B64, "cp",
		    "ends in a newline" },
		{ "no final newline after an extension",
		    "o\n1\n" ONES_B64 "\next", "cp", "ends in a newline" },
	};
	acc_checkpoint cp;
	acc_err err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc;
		acc_err_clear(&err);
		rc = acc_checkpoint_parse(&cp, cases[i].text,
		    strlen(cases[i].text), "cp", &err);
		if (rc != ACC_EINVAL ||
		    strcmp(err.where, cases[i].where) != 0 ||
		    strstr(err.msg, cases[i].frag) == NULL)
			fail_msg("%s: expected EINVAL \"%s\" \"...%s...\", got "
			    "%d \"%s\" \"%s\"", cases[i].what, cases[i].where,
			    cases[i].frag, rc, err.where, err.msg);
	}
	/* the bounds themselves are accepted */
	acc_err_clear(&err);
	assert_int_equal(acc_checkpoint_parse(&cp, MAX_CP, strlen(MAX_CP),
	    "cp", &err), 0);
	assert_true(cp.size == (uint64_t)INT64_MAX);
	assert_int_equal(acc_checkpoint_parse(&cp, EMPTY_CP, strlen(EMPTY_CP),
	    "cp", &err), 0);
	assert_true(cp.size == 0);
	assert_no_err(err);
}

/* ---- cosignatures -------------------------------------------------- */

struct cosigned {
	acc_key log, wit;
	acc_vkey log_vk, wit_vk;
	acc_buf text;           /* the checkpoint text */
	acc_buf note;           /* signed by the log */
	acc_buf cosig;          /* the witness's line alone */
	acc_buf both;           /* note and cosignature */
};

#define COSIG_TIME UINT64_C(1679315147)
#define OTHER_CP "other\n1\n" ONES_B64 "\n"

static void
cosigned_make(struct cosigned *c)
{
	acc_err err = ACC_ERR_INIT;
	uint8_t root[32];

	memset(c, 0, sizeof(*c));
	c->text.max = c->note.max = c->cosig.max = c->both.max = ACC_NOTE_MAX;
	new_key(&c->log, &c->log_vk, LOG_NAME, ACC_KEYTYPE_ED25519);
	new_key(&c->wit, &c->wit_vk, WITNESS_NAME, ACC_KEYTYPE_COSIG);
	memset(root, 7, sizeof(root));
	assert_int_equal(acc_checkpoint_text(&c->text, LOG_NAME, 12, root,
	    &err), 0);
	sign_text(&c->note, c->text.data, &c->log, &c->log_vk);
	put(&c->both, c->note.data, c->note.len);
	assert_int_equal(acc_note_cosign(&c->both, c->text.data, c->text.len,
	    COSIG_TIME, &c->wit, &c->wit_vk, &err), 0);
	assert_int_equal(acc_note_cosign(&c->cosig, c->text.data, c->text.len,
	    COSIG_TIME, &c->wit, &c->wit_vk, &err), 0);
	assert_no_err(err);
	/* appended: the note is unchanged before the new line */
	assert_true(bytes_equal(c->both.data, c->note.data, c->note.len));
	assert_string_equal(c->both.data + c->note.len, c->cosig.data);
}

static void
cosigned_dispose(struct cosigned *c)
{
	acc_key_dispose(&c->log);
	acc_key_dispose(&c->wit);
	acc_buf_dispose(&c->text);
	acc_buf_dispose(&c->note);
	acc_buf_dispose(&c->cosig);
	acc_buf_dispose(&c->both);
}

static void
test_cosignature_verifies_with_both_keys_or_the_cosigner(void **state)
{
	struct cosigned c;
	acc_note *n = note_new();
	acc_err err = ACC_ERR_INIT;
	acc_vkey keys[2];
	const acc_note_sig *s;
	acc_checkpoint cp;
	acc_buf msg = ACC_BUF_INIT(ACC_NOTE_MAX);
	uint64_t t = 0;
	int i;

	(void)state;
	cosigned_make(&c);
	assert_prefix(c.cosig.data, EM_DASH " " WITNESS_NAME " ");
	keys[0] = c.log_vk;
	keys[1] = c.wit_vk;
	assert_int_equal(acc_note_open(n, c.both.data, c.both.len, keys, 2,
	    "note", &err), 0);
	assert_int_equal(n->text_len, c.text.len);
	assert_int_equal(n->n_sigs, 2);
	assert_true(n->sigs[0].verified);
	assert_true(n->sigs[1].verified);
	/* the cosignature: key ID, then u64 time and 64 signature bytes */
	s = &n->sigs[1];
	assert_string_equal(s->name, WITNESS_NAME);
	assert_int_equal(s->id, c.wit_vk.id);
	assert_int_equal(s->id, acc_key_id(WITNESS_NAME, ACC_KEYTYPE_COSIG,
	    c.wit_vk.pub));
	assert_int_equal(s->sig_len, 8 + ACC_ED25519_SIG_LEN);
	for (i = 0; i < 8; i++)
		t = t << 8 | s->sig[i];
	assert_true(t == COSIG_TIME);
	/* over exactly the message tlog-cosignature/v1 specifies */
	assert_int_equal(acc_buf_printf(&msg, "cosignature/v1\ntime "
	    "1679315147\n%s", c.text.data), 0);
	assert_int_equal(acc_verify(s->sig + 8, c.wit_vk.pub, msg.data,
	    msg.len, &err), 0);
	assert_int_equal(acc_verify(s->sig + 8, c.wit_vk.pub, c.text.data,
	    c.text.len, &err), ACC_EVERIFY);
	acc_err_clear(&err);
	/* the cosigner alone */
	assert_int_equal(acc_note_open(n, c.both.data, c.both.len, &c.wit_vk,
	    1, "note", &err), 0);
	assert_false(n->sigs[0].verified);
	assert_true(n->sigs[1].verified);
	/* the log alone ignores the cosignature */
	assert_int_equal(acc_note_open(n, c.both.data, c.both.len, &c.log_vk,
	    1, "note", &err), 0);
	assert_true(n->sigs[0].verified);
	assert_false(n->sigs[1].verified);
	/* the cosigner cannot open the note it has not cosigned */
	assert_int_equal(acc_note_open(n, c.note.data, c.note.len, &c.wit_vk,
	    1, "note", &err), ACC_EVERIFY);
	assert_err(err, ACC_EVERIFY, "note", "no signature by " WITNESS_NAME);
	/* and the checkpoint under both signatures parses */
	assert_int_equal(acc_checkpoint_parse(&cp, c.both.data, n->text_len,
	    "cp", &err), 0);
	assert_string_equal(cp.origin, LOG_NAME);
	assert_true(cp.size == 12);
	cosigned_dispose(&c);
	acc_buf_dispose(&msg);
	free(n);
}

static void
test_cosignature_with_an_altered_timestamp_fails(void **state)
{
	static const struct {
		size_t byte;
		uint8_t x;
	} changes[] = {
		{ 7, 0x01 },    /* one second later */
		{ 4, 0x80 },    /* decades away */
		{ 0, 0x80 },    /* beyond 2^63 - 1 */
	};
	struct cosigned c;
	acc_note *n = note_new();
	acc_buf b = ACC_BUF_INIT(ACC_NOTE_MAX);
	acc_err err = ACC_ERR_INIT;
	acc_vkey keys[2];
	acc_note_sig s, orig;
	size_t i;

	(void)state;
	cosigned_make(&c);
	keys[0] = c.log_vk;
	keys[1] = c.wit_vk;
	assert_int_equal(acc_note_open(n, c.both.data, c.both.len, NULL, 0,
	    "note", &err), 0);
	orig = s = n->sigs[1];
	for (i = 0; i < sizeof(changes) / sizeof(changes[0]); i++) {
		s.sig[changes[i].byte] ^= changes[i].x;
		acc_buf_reset(&b);
		put(&b, c.note.data, c.note.len);
		put_line(&b, s.name, s.id, s.sig, s.sig_len);
		s.sig[changes[i].byte] ^= changes[i].x;
		assert_int_equal(acc_note_open(n, b.data, b.len, keys, 2,
		    "note", &err), ACC_EVERIFY);
		assert_err(err, ACC_EVERIFY, "note",
		    "the signature by " WITNESS_NAME " does not verify");
		acc_err_clear(&err);
		assert_int_equal(acc_note_open(n, b.data, b.len, &c.wit_vk, 1,
		    "note", &err), ACC_EVERIFY);
		acc_err_clear(&err);
	}
	/* a well-signed cosignature whose time is beyond 2^63 - 1 */
	acc_buf_reset(&b);
	assert_int_equal(acc_buf_printf(&b, "cosignature/v1\ntime %" PRIu64
	    "\n%s", (uint64_t)INT64_MAX + 1, c.text.data), 0);
	memset(s.sig, 0, 8);
	s.sig[0] = 0x80;
	assert_int_equal(acc_sign(s.sig + 8, &c.wit, b.data, b.len, &err), 0);
	acc_buf_reset(&b);
	put(&b, c.note.data, c.note.len);
	put_line(&b, s.name, s.id, s.sig, s.sig_len);
	assert_int_equal(acc_note_open(n, b.data, b.len, &c.wit_vk, 1, "note",
	    &err), ACC_EVERIFY);
	assert_err(err, ACC_EVERIFY, "note", "does not verify");
	acc_err_clear(&err);
	s = orig;
	/* the same line rebuilt unchanged verifies */
	acc_buf_reset(&b);
	put(&b, c.note.data, c.note.len);
	put_line(&b, s.name, s.id, s.sig, s.sig_len);
	assert_string_equal(b.data, c.both.data);
	assert_int_equal(acc_note_open(n, b.data, b.len, keys, 2, "note",
	    &err), 0);
	/* a cosignature over another checkpoint does not verify here */
	acc_buf_reset(&b);
	put(&b, c.note.data, c.note.len);
	assert_int_equal(acc_note_cosign(&b, OTHER_CP, strlen(OTHER_CP),
	    COSIG_TIME, &c.wit, &c.wit_vk, &err), 0);
	assert_int_equal(acc_note_open(n, b.data, b.len, &c.wit_vk, 1, "note",
	    &err), ACC_EVERIFY);
	cosigned_dispose(&c);
	acc_buf_dispose(&b);
	free(n);
}

static void
test_cosign_refuses_a_note_key_and_a_time_beyond_int64(void **state)
{
	struct cosigned c;
	acc_buf b = ACC_BUF_INIT(ACC_NOTE_MAX);
	acc_err err = ACC_ERR_INIT;

	(void)state;
	cosigned_make(&c);
	assert_int_equal(acc_note_cosign(&b, c.text.data, c.text.len,
	    COSIG_TIME, &c.log, &c.log_vk, &err), ACC_EINVAL);
	assert_err(err, ACC_EINVAL, "cosignature", "type 0x04");
	acc_err_clear(&err);
	assert_int_equal(acc_note_cosign(&b, c.text.data, c.text.len,
	    (uint64_t)INT64_MAX + 1, &c.wit, &c.wit_vk, &err), ACC_EINVAL);
	assert_err(err, ACC_EINVAL, "cosignature", "2^63 - 1");
	assert_int_equal(b.len, 0);
	cosigned_dispose(&c);
	acc_buf_dispose(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_note_the_c2sp_example_verifies),
		cmocka_unit_test(
		    test_note_the_go_example_verifies_and_signs_the_same),
		cmocka_unit_test(test_note_sign_then_open_round_trips),
		cmocka_unit_test(
		    test_note_sign_refuses_a_text_that_is_not_a_note_text),
		cmocka_unit_test(test_checkpoint_text_round_trips),
		cmocka_unit_test(test_checkpoint_signed_note_round_trips),
		cmocka_unit_test(test_note_rejects_a_note_without_a_blank_line),
		cmocka_unit_test(
		    test_note_rejects_a_note_without_signature_lines),
		cmocka_unit_test(
		    test_note_rejects_a_signature_line_without_the_em_dash),
		cmocka_unit_test(
		    test_note_rejects_control_characters_such_as_cr_and_tab),
		cmocka_unit_test(test_note_rejects_invalid_utf8),
		cmocka_unit_test(
		    test_note_rejects_every_flipped_bit_of_the_signature),
		cmocka_unit_test(
		    test_note_ignores_an_unknown_key_but_needs_a_known_one),
		cmocka_unit_test(
		    test_note_ignores_the_same_name_with_another_key_id),
		cmocka_unit_test(
		    test_note_accepts_100_signatures_and_refuses_101),
		cmocka_unit_test(test_note_accepts_a_duplicate_line_once),
		cmocka_unit_test(test_note_rejects_a_note_larger_than_the_cap),
		cmocka_unit_test(test_checkpoint_rejects_malformed_texts),
		cmocka_unit_test(
		    test_cosignature_verifies_with_both_keys_or_the_cosigner),
		cmocka_unit_test(
		    test_cosignature_with_an_altered_timestamp_fails),
		cmocka_unit_test(
		    test_cosign_refuses_a_note_key_and_a_time_beyond_int64),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
