/*
 * Hashing and encodings. lib/crypto.c is the only file that includes
 * OpenSSL.
 */
#ifndef ACCORD_CRYPTO_H
#define ACCORD_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include <accord/err.h>

#define ACC_SHA256_LEN 32

/* SHA-256 of len bytes. Cannot fail for in-memory input. */
void acc_sha256(uint8_t out[ACC_SHA256_LEN], const void *data, size_t len);

/* Lowercase hex of len bytes into out (2 * len + 1 bytes). */
void acc_hex_encode(char *out, const uint8_t *data, size_t len);

#endif
