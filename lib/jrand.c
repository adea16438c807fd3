/*
 * Joint randomness: commitments, the seed and the draws (see jrand.h).
 */
#include <string.h>

#include <accord/jrand.h>

static const char commit_tag[] = "accord-commit";  /* 13 bytes, no NUL */

void
acc_jrand_commit(uint8_t out[ACC_SHA256_LEN], const uint8_t r[ACC_JRAND_LEN])
{
	acc_iov v[2] = { { commit_tag, sizeof(commit_tag) - 1 },
		{ r, ACC_JRAND_LEN } };

	acc_sha256_v(out, v, 2);
}

void
acc_jrand_seed(uint8_t seed[ACC_SHA256_LEN],
    const uint8_t r_inspecting[ACC_JRAND_LEN],
    const uint8_t r_host[ACC_JRAND_LEN], const char *inspection_id)
{
	acc_iov v[3] = { { r_inspecting, ACC_JRAND_LEN },
		{ r_host, ACC_JRAND_LEN },
		{ inspection_id, strlen(inspection_id) } };

	acc_sha256_v(seed, v, 3);
}

uint64_t
acc_jrand_below(const uint8_t seed[ACC_SHA256_LEN], uint64_t n, uint32_t *k)
{
	/* 2^64 - (2^64 mod n), computed without 2^64: (0 - n) % n is it mod n */
	uint64_t rem, x;

	if (n == 0)
		return 0;       /* no candidate: nothing to draw, no counter */
	rem = (0 - n) % n;

	for (;;) {
		uint8_t in[ACC_SHA256_LEN + 4], h[ACC_SHA256_LEN];
		size_t i;
		memcpy(in, seed, ACC_SHA256_LEN);
		in[32] = (uint8_t)(*k >> 24);
		in[33] = (uint8_t)(*k >> 16);
		in[34] = (uint8_t)(*k >> 8);
		in[35] = (uint8_t)*k;
		(*k)++;
		acc_sha256(h, in, sizeof(in));
		x = 0;
		for (i = 0; i < 8; i++)
			x = x << 8 | h[i];
		/* accept x < 2^64 - rem, i.e. x <= UINT64_MAX - rem */
		if (rem == 0 || x <= UINT64_MAX - rem)
			return x % n;
	}
}

int
acc_jrand_pick(const uint8_t seed[ACC_SHA256_LEN], uint32_t *idx, size_t n,
    size_t m, uint32_t *k, acc_err *err)
{
	size_t i;

	if (m > n)
		return acc_err_set(err, ACC_EINVAL, "draw",
		    "cannot pick %zu of %zu candidates", m, n);
	for (i = 0; i < m; i++) {
		size_t j = i + (size_t)acc_jrand_below(seed, n - i, k);
		uint32_t tmp = idx[i];
		idx[i] = idx[j];
		idx[j] = tmp;
	}
	return 0;
}
