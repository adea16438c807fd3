/*
 * Hashing, Ed25519 keys and signatures, HMAC, randomness and encodings.
 * lib/crypto.c is the only file that includes OpenSSL.
 */
#ifndef ACCORD_CRYPTO_H
#define ACCORD_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <accord/err.h>

#define ACC_SHA256_LEN 32
#define ACC_ED25519_PUB_LEN 32
#define ACC_ED25519_SEED_LEN 32
#define ACC_ED25519_SIG_LEN 64

/* SHA-256 of len bytes. Cannot fail for in-memory input. */
void acc_sha256(uint8_t out[ACC_SHA256_LEN], const void *data, size_t len);

/*
 * Free the calling thread's hashing state; a thread that hashed calls it
 * before it ends.
 */
void acc_crypto_thread_end(void);

/* SHA-256 over several pieces (a gather list), without copying. */
typedef struct acc_iov {
	const void *data;
	size_t len;
} acc_iov;
void acc_sha256_v(uint8_t out[ACC_SHA256_LEN], const acc_iov *iov, size_t n);

/* HMAC-SHA-256 (RFC 2104) of data under key. */
void acc_hmac_sha256(uint8_t out[ACC_SHA256_LEN], const uint8_t *key,
    size_t key_len, const void *data, size_t len);

/*
 * HMAC-SHA-256 under one key for many messages (the keyed pads are hashed
 * once). The state is secret: dispose wipes it.
 */
typedef struct acc_hmac {
	void *inner, *outer, *work;
} acc_hmac;
void acc_hmac_init(acc_hmac *h, const uint8_t *key, size_t key_len);
void acc_hmac_mac(acc_hmac *h, uint8_t out[ACC_SHA256_LEN], const void *data,
    size_t len);
void acc_hmac_dispose(acc_hmac *h);

/* Fill buf with len cryptographically random bytes. */
ACC_NODISCARD int acc_random(void *buf, size_t len, acc_err *err);

/* Wipe a secret (not optimised away). */
void acc_wipe(void *p, size_t len);
/* Constant-time equality of two secrets of len bytes. */
bool acc_ct_equal(const void *a, const void *b, size_t len);

/* An Ed25519 key pair; the seed is secret and wiped by acc_key_dispose. */
typedef struct acc_key {
	uint8_t seed[ACC_ED25519_SEED_LEN];
	uint8_t pub[ACC_ED25519_PUB_LEN];
} acc_key;

/* Generate a new key pair. */
ACC_NODISCARD int acc_key_generate(acc_key *k, acc_err *err);
/* Derive the public key of k->seed into k->pub. */
ACC_NODISCARD int acc_key_from_seed(acc_key *k, acc_err *err);
void acc_key_dispose(acc_key *k);

/* Ed25519 (RFC 8032) signature of msg. */
ACC_NODISCARD int acc_sign(uint8_t sig[ACC_ED25519_SIG_LEN], const acc_key *k,
    const void *msg, size_t len, acc_err *err);
/* 0 when sig is a valid signature of msg by pub, ACC_EVERIFY otherwise. */
ACC_NODISCARD int acc_verify(const uint8_t sig[ACC_ED25519_SIG_LEN],
    const uint8_t pub[ACC_ED25519_PUB_LEN], const void *msg, size_t len,
    acc_err *err);

/* Lowercase hex of len bytes into out (2 * len + 1 bytes). */
void acc_hex_encode(char *out, const uint8_t *data, size_t len);

/* Standard base64 (RFC 4648 section 4) with padding. out needs
 * acc_base64_len(len) + 1 bytes. */
size_t acc_base64_len(size_t len);
void acc_base64_encode(char *out, const uint8_t *data, size_t len);
/*
 * Strict decoding: padding required, no whitespace, no non-zero pad bits.
 * Decodes into out (at most out_max bytes), sets *out_len. ACC_EINVAL
 * with `what` in the message otherwise.
 */
ACC_NODISCARD int acc_base64_decode(uint8_t *out, size_t out_max,
    size_t *out_len, const char *s, size_t len, const char *where,
    acc_err *err);

#endif
