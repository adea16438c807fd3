/*
 * Verifier keys in the C2SP signed-note format, and signer keys in the
 * companion private format:
 *
 *   verifier: <name>+<hex8 key ID>+<base64(type || 32-byte public key)>
 *   signer:   PRIVATE+KEY+<name>+<hex8 key ID>+<base64(0x01 || seed)>
 *   key ID:   SHA-256(name || "\n" || type || public key)[:4], big-endian
 *
 * type is 0x01 for Ed25519 note signatures and 0x04 for Ed25519
 * timestamped cosignatures (C2SP tlog-cosignature).
 */
#ifndef ACCORD_KEYS_H
#define ACCORD_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include <accord/crypto.h>
#include <accord/err.h>

#define ACC_KEY_NAME_MAX 128
#define ACC_VKEY_TEXT_MAX 256

#define ACC_KEYTYPE_ED25519 0x01
#define ACC_KEYTYPE_COSIG 0x04

typedef struct acc_vkey {
	char name[ACC_KEY_NAME_MAX + 1];
	uint32_t id;
	uint8_t type;
	uint8_t pub[ACC_ED25519_PUB_LEN];
} acc_vkey;

/* Whether name is a valid key name (non-empty UTF-8, no space, no '+'). */
int acc_key_name_check(const char *name, const char *where, acc_err *err);

/* The key ID of (name, type, pub). */
uint32_t acc_key_id(const char *name, uint8_t type,
    const uint8_t pub[ACC_ED25519_PUB_LEN]);

/* Fill vk from name, type and public key. */
ACC_NODISCARD int acc_vkey_make(acc_vkey *vk, const char *name, uint8_t type,
    const uint8_t pub[ACC_ED25519_PUB_LEN], acc_err *err);

/* Format vk as text into out (ACC_VKEY_TEXT_MAX bytes). */
void acc_vkey_format(char *out, size_t out_len, const acc_vkey *vk);

/*
 * Parse a verifier key strictly: name rules, eight lowercase hex digits,
 * canonical base64 of 33 bytes, a known type, and a key ID that matches.
 */
ACC_NODISCARD int acc_vkey_parse(acc_vkey *vk, const char *text, size_t len,
    const char *where, acc_err *err);

/* Signer key text for (name, key); out is wiped by the caller. */
ACC_NODISCARD int acc_skey_format(char *out, size_t out_len, const char *name,
    const acc_key *k, acc_err *err);
/* Parse signer key text into name and key (the seed is secret). */
ACC_NODISCARD int acc_skey_parse(char name[ACC_KEY_NAME_MAX + 1], acc_key *k,
    const char *text, size_t len, const char *where, acc_err *err);

#endif
