/*
 * Joint randomness (DESIGN.md section 3): two parties who do not trust
 * each other each commit to 32 random bytes, reveal them once both
 * commitments are logged, and derive a seed neither could choose alone;
 * the seed drives a partial Fisher-Yates shuffle that anyone holding the
 * two logs can recompute.
 *
 *   commitment  SHA-256("accord-commit" || r)
 *   seed        SHA-256(r_inspecting || r_host || inspection_id)
 *   draw k      the first 8 bytes of SHA-256(seed || u32be(k)), big-endian,
 *               rejected unless below 2^64 - (2^64 mod n)
 */
#ifndef ACCORD_JRAND_H
#define ACCORD_JRAND_H

#include <stddef.h>
#include <stdint.h>

#include <accord/crypto.h>
#include <accord/err.h>

#define ACC_JRAND_LEN 32

void acc_jrand_commit(uint8_t out[ACC_SHA256_LEN],
    const uint8_t r[ACC_JRAND_LEN]);

void acc_jrand_seed(uint8_t seed[ACC_SHA256_LEN],
    const uint8_t r_inspecting[ACC_JRAND_LEN],
    const uint8_t r_host[ACC_JRAND_LEN], const char *inspection_id);

/*
 * Pick m of the n candidates: permute idx[0..n-1] (the caller fills it,
 * usually with 0..n-1 for candidates sorted bytewise by id) so that
 * idx[0..m-1] are the picks in order. *k is the counter: start it at 0;
 * a second draw from the same seed continues where the first stopped.
 * ACC_EINVAL when m > n.
 */
ACC_NODISCARD int acc_jrand_pick(const uint8_t seed[ACC_SHA256_LEN],
    uint32_t *idx, size_t n, size_t m, uint32_t *k, acc_err *err);

/* One draw below n, advancing *k (0, without a draw, when n is 0). */
uint64_t acc_jrand_below(const uint8_t seed[ACC_SHA256_LEN], uint64_t n,
    uint32_t *k);

#endif
