/*
 * Key texts (lib/keys.c), Ed25519 signatures (lib/crypto.c) and strict
 * base64 (lib/base64.c). Known answers: the C2SP signed-note example key
 * and note, the golang.org/x/mod/sumdb/note example signer key and note,
 * RFC 8032 section 7.1 tests 1 and 2, RFC 4648 section 10. Adversarial:
 * every single-character change of a verifier key, every single-bit flip
 * of a signature, a public key and a message.
 */
#include <stdbool.h>
#include <stdlib.h>

#include "unit.h"

#include <accord/crypto.h>
#include <accord/keys.h>

/* c2sp.org/signed-note, "Verifier keys" and its example note */
#define C2SP_VKEY \
	"example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
#define C2SP_PUB_HEX \
	"e932791ae6e7a840a46164c904786426d5e7821dd8b29a00d61cae72afdd4da4"
#define C2SP_TEXT "This is an example message.\n"
#define C2SP_SIG_B64 \
	"Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3" \
	"mFXmRKuwHjG1Yu72IneyaQM="

/* golang.org/x/mod/sumdb/note, package documentation */
#define GO_SKEY \
	"PRIVATE+KEY+PeterNeumann+c74f20a3+" \
	"AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
#define GO_VKEY \
	"PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
#define GO_TEXT \
	"If you think cryptography is the answer to your problem,\n" \
	"then you don't know what your problem is.\n"
#define GO_SIG_B64 \
	"x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqf" \
	"qdngotpRZb6KE6RyyBwJnAM="

/* RFC 8032 section 7.1, TEST 1 (empty message) and TEST 2 (one byte) */
#define RFC8032_1_SEED \
	"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
#define RFC8032_1_PUB \
	"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
#define RFC8032_1_SIG \
	"e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555f" \
	"b8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
#define RFC8032_2_SEED \
	"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"
#define RFC8032_2_PUB \
	"3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"
#define RFC8032_2_SIG \
	"92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da08" \
	"5ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"

/* base64 of known-good test data, of exactly n bytes. */
static void
unb64(uint8_t *out, size_t n, const char *b64)
{
	acc_err err = ACC_ERR_INIT;
	size_t got = 0;

	assert_int_equal(acc_base64_decode(out, n, &got, b64, strlen(b64),
	    "test", &err), 0);
	assert_int_equal(got, n);
}

static int
vkey_parse(acc_vkey *vk, const char *text, acc_err *err)
{
	return acc_vkey_parse(vk, text, strlen(text), "vkey", err);
}

/* text is refused with ACC_EINVAL, naming "vkey", message with frag. */
static void
expect_vkey_refused(const char *text, const char *frag)
{
	acc_vkey vk;
	acc_err err = ACC_ERR_INIT;

	if (vkey_parse(&vk, text, &err) == 0)
		fail_msg("verifier key \"%s\" was accepted", text);
	assert_err(err, ACC_EINVAL, "vkey", frag);
}

/* A verifier key for (name, type, 32 key bytes) with a correct ID. */
static void
vkey_text(char *out, size_t out_len, const char *name, uint8_t type,
    const uint8_t pub[32])
{
	acc_vkey vk;

	memset(&vk, 0, sizeof(vk));
	snprintf(vk.name, sizeof(vk.name), "%s", name);
	vk.type = type;
	memcpy(vk.pub, pub, 32);
	vk.id = acc_key_id(name, type, pub);
	acc_vkey_format(out, out_len, &vk);
}

/* name+<correct id>+<b64 as given>, for malformed key encodings. */
static void
vkey_text_raw(char *out, size_t out_len, const char *name, uint8_t type,
    const uint8_t pub[32], const char *b64)
{
	snprintf(out, out_len, "%s+%08x+%s", name,
	    (unsigned)acc_key_id(name, type, pub), b64);
}

/* ---- verifier keys ------------------------------------------------ */

static void
test_keys_parses_the_c2sp_example_verifier_key(void **state)
{
	acc_vkey vk;
	acc_err err = ACC_ERR_INIT;
	uint8_t pub[32];

	unhex(pub, sizeof(pub), C2SP_PUB_HEX);
	assert_int_equal(vkey_parse(&vk, C2SP_VKEY, &err), 0);
	assert_no_err(err);
	assert_string_equal(vk.name, "example.com/foo");
	assert_int_equal(vk.id, 0x530d903a);
	assert_int_equal(vk.type, ACC_KEYTYPE_ED25519);
	assert_memory_equal(vk.pub, pub, 32);
}

static void
test_keys_computes_the_c2sp_example_key_id(void **state)
{
	uint8_t pub[32];

	unhex(pub, sizeof(pub), C2SP_PUB_HEX);
	assert_int_equal(acc_key_id("example.com/foo", ACC_KEYTYPE_ED25519,
	    pub), 0x530d903a);
	/* the type byte and the name enter the hash */
	assert_int_not_equal(acc_key_id("example.com/foo", ACC_KEYTYPE_COSIG,
	    pub), 0x530d903a);
	assert_int_not_equal(acc_key_id("example.com/fop",
	    ACC_KEYTYPE_ED25519, pub), 0x530d903a);
}

static void
test_keys_formats_the_c2sp_example_back_byte_for_byte(void **state)
{
	acc_vkey vk, made;
	acc_err err = ACC_ERR_INIT;
	char out[ACC_VKEY_TEXT_MAX];

	assert_int_equal(vkey_parse(&vk, C2SP_VKEY, &err), 0);
	acc_vkey_format(out, sizeof(out), &vk);
	assert_string_equal(out, C2SP_VKEY);
	/* made from its parts, it is the same key */
	assert_int_equal(acc_vkey_make(&made, "example.com/foo",
	    ACC_KEYTYPE_ED25519, vk.pub, &err), 0);
	assert_int_equal(made.id, 0x530d903a);
	acc_vkey_format(out, sizeof(out), &made);
	assert_string_equal(out, C2SP_VKEY);
}

static void
test_keys_verifies_the_c2sp_example_note(void **state)
{
	acc_vkey vk;
	acc_err err = ACC_ERR_INIT;
	uint8_t sig[4 + ACC_ED25519_SIG_LEN];

	assert_int_equal(vkey_parse(&vk, C2SP_VKEY, &err), 0);
	unb64(sig, sizeof(sig), C2SP_SIG_B64);
	/* signature line: key ID, then the Ed25519 signature of the text */
	assert_int_equal((uint32_t)sig[0] << 24 | (uint32_t)sig[1] << 16 |
	    (uint32_t)sig[2] << 8 | sig[3], vk.id);
	assert_int_equal(acc_verify(sig + 4, vk.pub, C2SP_TEXT,
	    strlen(C2SP_TEXT), &err), 0);
	assert_int_equal(acc_verify(sig + 4, vk.pub, C2SP_TEXT,
	    strlen(C2SP_TEXT) - 1, &err), ACC_EVERIFY);
}

static void
test_keys_parses_a_cosignature_verifier_key(void **state)
{
	acc_vkey vk;
	acc_err err = ACC_ERR_INIT;
	uint8_t pub[32];
	char text[ACC_VKEY_TEXT_MAX];

	unhex(pub, sizeof(pub), C2SP_PUB_HEX);
	vkey_text(text, sizeof(text), "witness.example/w1", ACC_KEYTYPE_COSIG,
	    pub);
	assert_int_equal(vkey_parse(&vk, text, &err), 0);
	assert_int_equal(vk.type, ACC_KEYTYPE_COSIG);
	assert_int_equal(vk.id, acc_key_id("witness.example/w1",
	    ACC_KEYTYPE_COSIG, pub));
}

static void
test_keys_accepts_a_plus_inside_the_base64(void **state)
{
	acc_vkey vk;
	acc_err err = ACC_ERR_INIT;
	uint8_t raw[33];
	char text[ACC_VKEY_TEXT_MAX];
	const char *p;
	int plus = 0;

	/* 32 bytes whose base64 after the type byte holds a '+' */
	unb64(raw, 33, "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz");
	vkey_text(text, sizeof(text), "a", ACC_KEYTYPE_ED25519, raw + 1);
	for (p = text; *p; p++)
		plus += *p == '+';
	assert_int_equal(plus, 3);
	assert_int_equal(vkey_parse(&vk, text, &err), 0);
	assert_memory_equal(vk.pub, raw + 1, 32);
	assert_int_equal(vkey_parse(&vk, GO_VKEY, &err), 0);
	assert_int_equal(vk.id, 0xc74f20a3);
}

static void
test_keys_rejects_a_wrong_key_id(void **state)
{
	expect_vkey_refused("example.com/foo+530d903b+"
	    "AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", "does not match");
	expect_vkey_refused("example.com/foo+00000000+"
	    "AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", "does not match");
	/* the ID of this key under another name */
	expect_vkey_refused("example.com/bar+530d903a+"
	    "AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", "does not match");
}

static void
test_keys_rejects_an_uppercase_or_short_key_id(void **state)
{
	expect_vkey_refused("example.com/foo+530D903A+"
	    "AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", "lowercase hex");
	expect_vkey_refused("example.com/foo+530d903A+"
	    "AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", "lowercase hex");
	expect_vkey_refused("example.com/foo+530d903+"
	    "AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", "8 hex digits");
	expect_vkey_refused("example.com/foo+0530d903a+"
	    "AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", "8 hex digits");
	expect_vkey_refused("example.com/foo+530d 03a+"
	    "AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", "lowercase hex");
	expect_vkey_refused("example.com/foo+0x0d903a+"
	    "AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", "lowercase hex");
}

static void
test_keys_rejects_bad_key_names(void **state)
{
	uint8_t pub[32];
	char text[ACC_VKEY_TEXT_MAX];
	char long_name[ACC_KEY_NAME_MAX + 2];

	unhex(pub, sizeof(pub), C2SP_PUB_HEX);
	/* each with the ID its name would have */
	vkey_text(text, sizeof(text), "example.com/ foo", 1, pub);
	expect_vkey_refused(text, "without spaces");
	vkey_text(text, sizeof(text), "example.com/\tfoo", 1, pub);
	expect_vkey_refused(text, "without spaces");
	vkey_text(text, sizeof(text), "example.com/foo+bar", 1, pub);
	expect_vkey_refused(text, "8 hex digits");
	vkey_text(text, sizeof(text), "", 1, pub);
	expect_vkey_refused(text, "1 to 128 bytes");
	expect_vkey_refused("+530d903a+"
	    "AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", "1 to 128 bytes");
	memset(long_name, 'n', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	vkey_text_raw(text, sizeof(text), long_name, 1, pub,
	    "AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k");
	expect_vkey_refused(text, "1 to 128 bytes");
	/* 128 bytes is allowed */
	long_name[ACC_KEY_NAME_MAX] = '\0';
	vkey_text(text, sizeof(text), long_name, 1, pub);
	{
		acc_vkey vk;
		acc_err err = ACC_ERR_INIT;
		assert_int_equal(vkey_parse(&vk, text, &err), 0);
		assert_string_equal(vk.name, long_name);
	}
}

static void
test_keys_rejects_non_canonical_base64(void **state)
{
	uint8_t pub[32];
	char text[ACC_VKEY_TEXT_MAX];

	unhex(pub, sizeof(pub), C2SP_PUB_HEX);
	/* 33 bytes: 44 characters without padding; drop or add one */
	expect_vkey_refused("example.com/foo+530d903a+"
	    "AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2", "groups of 4");
	expect_vkey_refused("example.com/foo+530d903a+"
	    "AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k=", "groups of 4");
	expect_vkey_refused("example.com/foo+530d903a+"
	    "AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k====", "base64");
	/* URL-safe alphabet, white space, a trailing newline */
	expect_vkey_refused("example.com/foo+530d903a+"
	    "AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2-", "invalid base64");
	expect_vkey_refused("example.com/foo+530d903a+"
	    "AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2 ", "invalid base64");
	expect_vkey_refused(C2SP_VKEY "\n", "groups of 4");
	/* 32 bytes (one short) with non-zero pad bits, or no padding */
	vkey_text_raw(text, sizeof(text), "example.com/foo", 1, pub,
	    "AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U1=");
	expect_vkey_refused(text, "non-canonical");
	vkey_text_raw(text, sizeof(text), "example.com/foo", 1, pub,
	    "AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U0");
	expect_vkey_refused(text, "groups of 4");
}

static void
test_keys_rejects_32_or_34_key_bytes(void **state)
{
	uint8_t raw[34];
	char b64[64], text[ACC_VKEY_TEXT_MAX];

	raw[0] = ACC_KEYTYPE_ED25519;
	unhex(raw + 1, 32, C2SP_PUB_HEX);
	raw[33] = 0;
	acc_base64_encode(b64, raw, 32);
	vkey_text_raw(text, sizeof(text), "example.com/foo", 1, raw + 1, b64);
	expect_vkey_refused(text, "expected 33 key bytes");
	acc_base64_encode(b64, raw, 34);
	vkey_text_raw(text, sizeof(text), "example.com/foo", 1, raw + 1, b64);
	expect_vkey_refused(text, "at most 33 bytes");
	/* the bare 32-byte public key, without its type byte */
	acc_base64_encode(b64, raw + 1, 32);
	vkey_text_raw(text, sizeof(text), "example.com/foo", 1, raw + 1, b64);
	expect_vkey_refused(text, "expected 33 key bytes");
	expect_vkey_refused("example.com/foo+530d903a+",
	    "expected 33 key bytes");
}

static void
test_keys_rejects_an_unknown_type_byte(void **state)
{
	static const uint8_t types[] = { 0x00, 0x02, 0x03, 0x05, 0x06, 0xfa,
		0xff };
	uint8_t raw[33];
	char b64[64], text[ACC_VKEY_TEXT_MAX];
	size_t i;

	unhex(raw + 1, 32, C2SP_PUB_HEX);
	for (i = 0; i < sizeof(types); i++) {
		raw[0] = types[i];
		acc_base64_encode(b64, raw, sizeof(raw));
		vkey_text_raw(text, sizeof(text), "example.com/foo", types[i],
		    raw + 1, b64);
		expect_vkey_refused(text, "key type");
	}
}

static void
test_keys_rejects_missing_parts_and_nul(void **state)
{
	acc_vkey vk;
	acc_err err = ACC_ERR_INIT;
	char text[sizeof(C2SP_VKEY)];

	expect_vkey_refused("", "<name>+<8 hex digits>+<base64>");
	expect_vkey_refused("example.com/foo",
	    "<name>+<8 hex digits>+<base64>");
	expect_vkey_refused("example.com/foo+530d903a",
	    "<name>+<8 hex digits>+<base64>");
	expect_vkey_refused("AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
	    "<name>+<8 hex digits>+<base64>");
	/* a NUL inside the given length */
	memcpy(text, C2SP_VKEY, sizeof(text));
	text[3] = '\0';
	assert_int_equal(acc_vkey_parse(&vk, text, sizeof(text) - 1, "vkey",
	    &err), ACC_EINVAL);
	/* the text is exactly len bytes: a shorter len is a shorter key */
	acc_err_clear(&err);
	assert_int_equal(acc_vkey_parse(&vk, C2SP_VKEY, sizeof(C2SP_VKEY) - 2,
	    "vkey", &err), ACC_EINVAL);
}

static bool
same_key(const acc_vkey *a, const acc_vkey *b)
{
	return strcmp(a->name, b->name) == 0 && a->id == b->id &&
	    a->type == b->type && bytes_equal(a->pub, b->pub, 32);
}

static void
test_keys_rejects_every_single_character_change(void **state)
{
	const char *good = C2SP_VKEY;
	size_t n = strlen(good), i, accepted = 0;
	acc_vkey orig, vk;
	acc_err err = ACC_ERR_INIT;
	char text[sizeof(C2SP_VKEY) + 1];
	int c;

	assert_int_equal(vkey_parse(&orig, good, &err), 0);
	for (i = 0; i < n; i++) {
		for (c = 0; c < 256; c++) {
			if (c == (unsigned char)good[i])
				continue;
			memcpy(text, good, n + 1);
			text[i] = (char)c;
			acc_err_clear(&err);
			if (acc_vkey_parse(&vk, text, n, "vkey", &err) != 0) {
				assert_int_equal(err.code, ACC_EINVAL);
				continue;
			}
			if (same_key(&vk, &orig))
				fail_msg("changing byte %zu to 0x%02x gives "
				    "the same key", i, (unsigned)c);
			accepted++;
		}
		/* deleting the character */
		memcpy(text, good, i);
		memcpy(text + i, good + i + 1, n - i);
		acc_err_clear(&err);
		if (acc_vkey_parse(&vk, text, n - 1, "vkey", &err) == 0 &&
		    same_key(&vk, &orig))
			fail_msg("deleting byte %zu gives the same key", i);
	}
	/* a key ID is 32 bits: a change that keeps it is not expected */
	assert_int_equal(accepted, 0);
}

static void
test_keys_make_rejects_bad_names(void **state)
{
	acc_vkey vk;
	acc_err err = ACC_ERR_INIT;
	uint8_t pub[32];

	unhex(pub, sizeof(pub), C2SP_PUB_HEX);
	assert_int_equal(acc_vkey_make(&vk, "", 1, pub, &err), ACC_EINVAL);
	assert_err(err, ACC_EINVAL, "key name", "1 to 128");
	acc_err_clear(&err);
	assert_int_equal(acc_vkey_make(&vk, "a b", 1, pub, &err), ACC_EINVAL);
	assert_err(err, ACC_EINVAL, "key name", "byte 1");
	acc_err_clear(&err);
	assert_int_equal(acc_vkey_make(&vk, "a+b", 1, pub, &err), ACC_EINVAL);
	assert_err(err, ACC_EINVAL, "key name", "'+'");
	acc_err_clear(&err);
	assert_int_equal(acc_vkey_make(&vk, "a\nb", 1, pub, &err),
	    ACC_EINVAL);
	acc_err_clear(&err);
	assert_int_equal(acc_key_name_check("accord/new-start/US", "n", &err),
	    0);
}

/* ---- signer keys -------------------------------------------------- */

static int
skey_parse(char *name, acc_key *k, const char *text, acc_err *err)
{
	return acc_skey_parse(name, k, text, strlen(text), "skey", err);
}

static void
expect_skey_refused(const char *text, const char *frag)
{
	char name[ACC_KEY_NAME_MAX + 1];
	acc_key k;
	acc_err err = ACC_ERR_INIT;

	if (skey_parse(name, &k, text, &err) == 0)
		fail_msg("signer key \"%s\" was accepted", text);
	assert_err(err, ACC_EINVAL, "skey", frag);
}

static void
test_keys_parses_the_go_example_signer_key(void **state)
{
	char name[ACC_KEY_NAME_MAX + 1];
	acc_key k;
	acc_vkey vk;
	acc_err err = ACC_ERR_INIT;
	uint8_t sig[ACC_ED25519_SIG_LEN], want[4 + ACC_ED25519_SIG_LEN];

	assert_int_equal(skey_parse(name, &k, GO_SKEY, &err), 0);
	assert_string_equal(name, "PeterNeumann");
	assert_int_equal(vkey_parse(&vk, GO_VKEY, &err), 0);
	assert_memory_equal(k.pub, vk.pub, 32);
	/* Ed25519 is deterministic: the documented signature comes back */
	assert_int_equal(acc_sign(sig, &k, GO_TEXT, strlen(GO_TEXT), &err), 0);
	unb64(want, sizeof(want), GO_SIG_B64);
	assert_int_equal((uint32_t)want[0] << 24 | (uint32_t)want[1] << 16 |
	    (uint32_t)want[2] << 8 | want[3], 0xc74f20a3);
	assert_memory_equal(sig, want + 4, sizeof(sig));
	acc_key_dispose(&k);
}

static void
test_keys_formats_the_go_example_signer_key_back(void **state)
{
	char name[ACC_KEY_NAME_MAX + 1], out[256];
	acc_key k;
	acc_err err = ACC_ERR_INIT;

	assert_int_equal(skey_parse(name, &k, GO_SKEY "\n", &err), 0);
	assert_int_equal(acc_skey_format(out, sizeof(out), name, &k, &err), 0);
	assert_string_equal(out, GO_SKEY "\n");
	acc_key_dispose(&k);
}

static void
test_keys_signer_key_round_trips(void **state)
{
	char name[ACC_KEY_NAME_MAX + 1], out[256], vout[ACC_VKEY_TEXT_MAX];
	acc_key k, back;
	acc_vkey vk, vback;
	acc_err err = ACC_ERR_INIT;
	int i;

	for (i = 0; i < 8; i++) {
		assert_int_equal(acc_key_generate(&k, &err), 0);
		assert_int_equal(acc_skey_format(out, sizeof(out),
		    "accord/new-start/US", &k, &err), 0);
		assert_prefix(out, "PRIVATE+KEY+accord/new-start/US+");
		assert_int_equal(skey_parse(name, &back, out, &err), 0);
		assert_string_equal(name, "accord/new-start/US");
		assert_memory_equal(back.seed, k.seed, 32);
		assert_memory_equal(back.pub, k.pub, 32);
		/* the signer key's ID is its verifier key's */
		assert_int_equal(acc_vkey_make(&vk, name, ACC_KEYTYPE_ED25519,
		    k.pub, &err), 0);
		snprintf(vout, sizeof(vout), "+%08x+", (unsigned)vk.id);
		assert_non_null(strstr(out, vout));
		acc_vkey_format(vout, sizeof(vout), &vk);
		assert_int_equal(vkey_parse(&vback, vout, &err), 0);
		assert_true(same_key(&vk, &vback));
		acc_key_dispose(&k);
		acc_key_dispose(&back);
	}
	assert_no_err(err);
}

static void
test_keys_rejects_malformed_signer_keys(void **state)
{
	uint8_t raw[34];
	char b64[64], text[256];

	expect_skey_refused("", "PRIVATE+KEY+");
	expect_skey_refused("PRIVATE+KEY+", "PRIVATE+KEY+");
	expect_skey_refused("private+key+PeterNeumann+c74f20a3+"
	    "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz", "PRIVATE+KEY+");
	/* the verifier key is not a signer key */
	expect_skey_refused(GO_VKEY, "PRIVATE+KEY+");
	expect_skey_refused("PRIVATE+KEY+PeterNeumann+c74f20a3",
	    "PRIVATE+KEY+");
	expect_skey_refused("PRIVATE+KEY++c74f20a3+"
	    "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz", "PRIVATE+KEY+");
	/* wrong, upper-case or short ID */
	expect_skey_refused("PRIVATE+KEY+PeterNeumann+c74f20a4+"
	    "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz", "does not match");
	expect_skey_refused("PRIVATE+KEY+PeterNeumann+C74F20A3+"
	    "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz", "malformed");
	expect_skey_refused("PRIVATE+KEY+PeterNeumann+c74f20a+"
	    "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz", "PRIVATE+KEY+");
	/* another name for the same seed */
	expect_skey_refused("PRIVATE+KEY+PeterNeuman+c74f20a3+"
	    "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz", "does not match");
	expect_skey_refused("PRIVATE+KEY+Peter Neumann+c74f20a3+"
	    "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz", "without spaces");
	/* base64: missing character, URL-safe alphabet, white space */
	expect_skey_refused("PRIVATE+KEY+PeterNeumann+c74f20a3+"
	    "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDF", "groups of 4");
	expect_skey_refused("PRIVATE+KEY+PeterNeumann+c74f20a3+"
	    "AYEKFALVFGyNhPJEMzD1QIDr-Y7hfZx09iUvxdXHKDFz", "invalid base64");
	expect_skey_refused(GO_SKEY " ", "groups of 4");
	expect_skey_refused(GO_SKEY "\r\n", "groups of 4");
	/* a cosignature type byte, or no type byte, or one more byte */
	unb64(raw, 33, "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz");
	raw[0] = ACC_KEYTYPE_COSIG;
	acc_base64_encode(b64, raw, 33);
	snprintf(text, sizeof(text), "PRIVATE+KEY+PeterNeumann+c74f20a3+%s",
	    b64);
	expect_skey_refused(text, "Ed25519 signer key");
	acc_base64_encode(b64, raw + 1, 32);
	snprintf(text, sizeof(text), "PRIVATE+KEY+PeterNeumann+c74f20a3+%s",
	    b64);
	expect_skey_refused(text, "Ed25519 signer key");
	raw[0] = ACC_KEYTYPE_ED25519;
	raw[33] = 0;
	acc_base64_encode(b64, raw, 34);
	snprintf(text, sizeof(text), "PRIVATE+KEY+PeterNeumann+c74f20a3+%s",
	    b64);
	expect_skey_refused(text, "at most 33 bytes");
}

static void
test_keys_signer_key_format_checks_the_name_and_room(void **state)
{
	acc_key k;
	acc_err err = ACC_ERR_INIT;
	char out[256];

	assert_int_equal(acc_key_generate(&k, &err), 0);
	assert_int_equal(acc_skey_format(out, sizeof(out), "a b", &k, &err),
	    ACC_EINVAL);
	acc_err_clear(&err);
	assert_int_equal(acc_skey_format(out, 40, "accord/new-start/US", &k,
	    &err), ACC_ELIMIT);
	acc_key_dispose(&k);
}

/* ---- Ed25519 ------------------------------------------------------- */

static void
rfc8032_key(acc_key *k, const char *seed_hex, const char *pub_hex)
{
	acc_err err = ACC_ERR_INIT;
	uint8_t pub[32];

	unhex(k->seed, 32, seed_hex);
	assert_int_equal(acc_key_from_seed(k, &err), 0);
	unhex(pub, 32, pub_hex);
	assert_memory_equal(k->pub, pub, 32);
}

static void
test_keys_signs_rfc8032_test_1(void **state)
{
	acc_key k;
	acc_err err = ACC_ERR_INIT;
	uint8_t sig[64], want[64];

	rfc8032_key(&k, RFC8032_1_SEED, RFC8032_1_PUB);
	unhex(want, 64, RFC8032_1_SIG);
	assert_int_equal(acc_sign(sig, &k, "", 0, &err), 0);
	assert_memory_equal(sig, want, 64);
	assert_int_equal(acc_verify(want, k.pub, "", 0, &err), 0);
	assert_no_err(err);
	acc_key_dispose(&k);
}

static void
test_keys_signs_rfc8032_test_2(void **state)
{
	acc_key k;
	acc_err err = ACC_ERR_INIT;
	uint8_t sig[64], want[64], msg = 0x72;

	rfc8032_key(&k, RFC8032_2_SEED, RFC8032_2_PUB);
	unhex(want, 64, RFC8032_2_SIG);
	assert_int_equal(acc_sign(sig, &k, &msg, 1, &err), 0);
	assert_memory_equal(sig, want, 64);
	assert_int_equal(acc_verify(want, k.pub, &msg, 1, &err), 0);
	acc_key_dispose(&k);
}

static void
test_keys_rejects_each_bit_flip_of_rfc8032_test_1(void **state)
{
	uint8_t sig[64], pub[32];
	acc_err err = ACC_ERR_INIT;
	size_t bit;

	unhex(sig, 64, RFC8032_1_SIG);
	unhex(pub, 32, RFC8032_1_PUB);
	for (bit = 0; bit < 64 * 8; bit++) {
		sig[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		acc_err_clear(&err);
		if (acc_verify(sig, pub, "", 0, &err) != ACC_EVERIFY)
			fail_msg("signature bit %zu flipped: %d %s", bit,
			    (int)err.code, err.msg);
		sig[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	}
	for (bit = 0; bit < 32 * 8; bit++) {
		pub[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		acc_err_clear(&err);
		if (acc_verify(sig, pub, "", 0, &err) == 0)
			fail_msg("public key bit %zu flipped verifies", bit);
		pub[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	}
	/* any message other than the empty one */
	acc_err_clear(&err);
	assert_int_equal(acc_verify(sig, pub, "", 1, &err), ACC_EVERIFY);
	assert_err(err, ACC_EVERIFY, "signature", "does not verify");
	acc_err_clear(&err);
	assert_int_equal(acc_verify(sig, pub, "", 0, &err), 0);
}

static void
test_keys_rejects_each_bit_flip_of_a_signed_message(void **state)
{
	static const char text[] = "accord/new-start/US\n42\nroot\n";
	uint8_t sig[64], msg[sizeof(text) - 1];
	acc_key k;
	acc_err err = ACC_ERR_INIT;
	size_t bit, n = sizeof(msg);

	memcpy(msg, text, n);
	assert_int_equal(acc_key_generate(&k, &err), 0);
	assert_int_equal(acc_sign(sig, &k, msg, n, &err), 0);
	assert_int_equal(acc_verify(sig, k.pub, msg, n, &err), 0);
	for (bit = 0; bit < n * 8; bit++) {
		msg[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		acc_err_clear(&err);
		if (acc_verify(sig, k.pub, msg, n, &err) != ACC_EVERIFY)
			fail_msg("message bit %zu flipped verifies", bit);
		msg[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	}
	for (bit = 0; bit < 64 * 8; bit++) {
		sig[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		acc_err_clear(&err);
		if (acc_verify(sig, k.pub, msg, n, &err) != ACC_EVERIFY)
			fail_msg("signature bit %zu flipped verifies", bit);
		sig[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	}
	/* truncated and extended messages */
	assert_int_equal(acc_verify(sig, k.pub, msg, n - 1, &err),
	    ACC_EVERIFY);
	acc_key_dispose(&k);
}

static void
test_keys_rejects_all_zero_signature_and_key(void **state)
{
	uint8_t sig[64], zsig[64] = { 0 }, zpub[32] = { 0 };
	acc_key k;
	acc_err err = ACC_ERR_INIT;

	assert_int_equal(acc_key_generate(&k, &err), 0);
	assert_int_equal(acc_sign(sig, &k, "m", 1, &err), 0);
	assert_int_not_equal(acc_verify(zsig, k.pub, "m", 1, &err), 0);
	acc_err_clear(&err);
	assert_int_not_equal(acc_verify(sig, zpub, "m", 1, &err), 0);
	acc_err_clear(&err);
	assert_int_not_equal(acc_verify(zsig, zpub, "", 0, &err), 0);
	acc_key_dispose(&k);
}

static void
test_keys_generates_distinct_keys(void **state)
{
	acc_key a, b;
	acc_err err = ACC_ERR_INIT;

	assert_int_equal(acc_key_generate(&a, &err), 0);
	assert_int_equal(acc_key_generate(&b, &err), 0);
	assert_memory_not_equal(a.seed, b.seed, 32);
	assert_memory_not_equal(a.pub, b.pub, 32);
	acc_key_dispose(&a);
	acc_key_dispose(&b);
}

/* ---- base64 -------------------------------------------------------- */

static int
b64d(uint8_t *out, size_t max, size_t *n, const char *s, acc_err *err)
{
	return acc_base64_decode(out, max, n, s, strlen(s), "b64", err);
}

static void
expect_b64_refused(const char *s, size_t max, const char *frag)
{
	uint8_t out[64];
	size_t n = 99;
	acc_err err = ACC_ERR_INIT;

	if (b64d(out, max, &n, s, &err) == 0)
		fail_msg("base64 \"%s\" was accepted", s);
	assert_err(err, ACC_EINVAL, "b64", frag);
	assert_int_equal(n, 0);
}

static void
test_keys_base64_decodes_the_rfc4648_vectors(void **state)
{
	static const char *const plain[] = { "", "f", "fo", "foo", "foob",
		"fooba", "foobar" };
	static const char *const enc[] = { "", "Zg==", "Zm8=", "Zm9v",
		"Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy" };
	uint8_t out[16];
	char back[16];
	size_t i, n;
	acc_err err = ACC_ERR_INIT;

	for (i = 0; i < 7; i++) {
		assert_int_equal(b64d(out, sizeof(out), &n, enc[i], &err), 0);
		assert_int_equal(n, strlen(plain[i]));
		assert_memory_equal(out, plain[i], n);
		acc_base64_encode(back, (const uint8_t *)plain[i],
		    strlen(plain[i]));
		assert_string_equal(back, enc[i]);
		assert_int_equal(acc_base64_len(strlen(plain[i])),
		    strlen(enc[i]));
	}
	/* exactly out_max bytes fit */
	assert_int_equal(b64d(out, 6, &n, "Zm9vYmFy", &err), 0);
	assert_int_equal(b64d(out, 4, &n, "Zm9vYg==", &err), 0);
	assert_no_err(err);
}

static void
test_keys_base64_rejects_all_but_the_canonical_form(void **state)
{
	/* padding required */
	expect_b64_refused("Zg", 16, "groups of 4");
	expect_b64_refused("Zm8", 16, "groups of 4");
	expect_b64_refused("Zg=", 16, "groups of 4");
	/* non-zero bits under the padding */
	expect_b64_refused("Zh==", 16, "non-canonical");
	expect_b64_refused("Zv==", 16, "non-canonical");
	expect_b64_refused("Zm9=", 16, "non-canonical");
	expect_b64_refused("Zm/=", 16, "non-canonical");
	/* padding in the wrong place */
	expect_b64_refused("Zg==Zg==", 16, "invalid base64");
	expect_b64_refused("Zm=v", 16, "invalid base64");
	expect_b64_refused("Z===", 16, "invalid base64");
	expect_b64_refused("====", 16, "invalid base64");
	expect_b64_refused("=Zm9", 16, "invalid base64");
	/* other alphabets, white space, NUL */
	expect_b64_refused("Zm9-", 16, "invalid base64");
	expect_b64_refused("Zm9_", 16, "invalid base64");
	expect_b64_refused("Zm 9", 16, "invalid base64");
	expect_b64_refused("Zm9v\nZm9v", 16, "groups of 4");
	expect_b64_refused("Zm9v\n", 16, "groups of 4");
	expect_b64_refused("Zm9\x80", 16, "invalid base64");
	/* more bytes than the caller allows */
	expect_b64_refused("Zm9vYmFy", 5, "at most 5 bytes");
	expect_b64_refused("Zm9vYg==", 3, "at most 3 bytes");
	{
		uint8_t out[8];
		size_t n;
		acc_err err = ACC_ERR_INIT;
		assert_int_equal(acc_base64_decode(out, 8, &n, "Zm\0v", 4,
		    "b64", &err), ACC_EINVAL);
	}
}

static void
test_keys_base64_round_trips_every_length(void **state)
{
	uint8_t data[100], out[100];
	char enc[200];
	size_t len, n, i;
	acc_err err = ACC_ERR_INIT;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 37 + 11);
	for (len = 0; len <= sizeof(data); len++) {
		acc_base64_encode(enc, data, len);
		assert_int_equal(strlen(enc), acc_base64_len(len));
		assert_int_equal(b64d(out, sizeof(out), &n, enc, &err), 0);
		assert_int_equal(n, len);
		assert_memory_equal(out, data, len);
	}
}

static void
test_keys_base64_changes_to_one_character_change_the_bytes(void **state)
{
	/* every accepted single-character change decodes to other bytes */
	static const char good[] =
	    "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKA==";
	uint8_t want[64], out[64];
	char s[sizeof(good)];
	size_t i, n, wn;
	int c;
	acc_err err = ACC_ERR_INIT;

	assert_int_equal(b64d(want, sizeof(want), &wn, good, &err), 0);
	for (i = 0; i < sizeof(good) - 1; i++) {
		for (c = 1; c < 256; c++) {
			if (c == (unsigned char)good[i])
				continue;
			memcpy(s, good, sizeof(good));
			s[i] = (char)c;
			acc_err_clear(&err);
			if (b64d(out, sizeof(out), &n, s, &err) != 0)
				continue;
			if (n == wn && bytes_equal(out, want, n))
				fail_msg("\"%s\" decodes like \"%s\"", s, good);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_keys_parses_the_c2sp_example_verifier_key),
		cmocka_unit_test(test_keys_computes_the_c2sp_example_key_id),
		cmocka_unit_test(
		    test_keys_formats_the_c2sp_example_back_byte_for_byte),
		cmocka_unit_test(test_keys_verifies_the_c2sp_example_note),
		cmocka_unit_test(test_keys_parses_a_cosignature_verifier_key),
		cmocka_unit_test(test_keys_accepts_a_plus_inside_the_base64),
		cmocka_unit_test(test_keys_rejects_a_wrong_key_id),
		cmocka_unit_test(
		    test_keys_rejects_an_uppercase_or_short_key_id),
		cmocka_unit_test(test_keys_rejects_bad_key_names),
		cmocka_unit_test(test_keys_rejects_non_canonical_base64),
		cmocka_unit_test(test_keys_rejects_32_or_34_key_bytes),
		cmocka_unit_test(test_keys_rejects_an_unknown_type_byte),
		cmocka_unit_test(test_keys_rejects_missing_parts_and_nul),
		cmocka_unit_test(
		    test_keys_rejects_every_single_character_change),
		cmocka_unit_test(test_keys_make_rejects_bad_names),
		cmocka_unit_test(test_keys_parses_the_go_example_signer_key),
		cmocka_unit_test(
		    test_keys_formats_the_go_example_signer_key_back),
		cmocka_unit_test(test_keys_signer_key_round_trips),
		cmocka_unit_test(test_keys_rejects_malformed_signer_keys),
		cmocka_unit_test(
		    test_keys_signer_key_format_checks_the_name_and_room),
		cmocka_unit_test(test_keys_signs_rfc8032_test_1),
		cmocka_unit_test(test_keys_signs_rfc8032_test_2),
		cmocka_unit_test(
		    test_keys_rejects_each_bit_flip_of_rfc8032_test_1),
		cmocka_unit_test(
		    test_keys_rejects_each_bit_flip_of_a_signed_message),
		cmocka_unit_test(test_keys_rejects_all_zero_signature_and_key),
		cmocka_unit_test(test_keys_generates_distinct_keys),
		cmocka_unit_test(test_keys_base64_decodes_the_rfc4648_vectors),
		cmocka_unit_test(
		    test_keys_base64_rejects_all_but_the_canonical_form),
		cmocka_unit_test(test_keys_base64_round_trips_every_length),
		cmocka_unit_test(
		    test_keys_base64_changes_to_one_character_change_the_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
