/*
 * The string hash map: FNV-1a with a final mix, linear probing, load
 * factor below 1/2, the hash kept beside each key so that probes compare
 * strings only when the hashes agree.
 */
#include <stdlib.h>
#include <string.h>

#include "strmap.h"

static uint32_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ull;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return (uint32_t)h;
}

static int
grow(acc_strmap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 64;
	const char **keys = calloc(ncap, sizeof(*keys));
	uint32_t *vals = calloc(ncap, sizeof(*vals));
	uint32_t *hashes = calloc(ncap, sizeof(*hashes));
	size_t i;

	if (keys == NULL || vals == NULL || hashes == NULL) {
		free(keys);
		free(vals);
		free(hashes);
		return -1;
	}
	for (i = 0; i < m->cap; i++) {
		size_t j;
		if (m->keys[i] == NULL)
			continue;
		j = m->hashes[i] & (ncap - 1);
		while (keys[j] != NULL)
			j = (j + 1) & (ncap - 1);
		keys[j] = m->keys[i];
		vals[j] = m->vals[i];
		hashes[j] = m->hashes[i];
	}
	free(m->keys);
	free(m->vals);
	free(m->hashes);
	m->keys = keys;
	m->vals = vals;
	m->hashes = hashes;
	m->cap = ncap;
	return 0;
}

int
acc_strmap_put(acc_strmap *m, const char *key, uint32_t val,
    uint32_t *existing)
{
	uint32_t h = hash(key);
	size_t j;

	if ((m->n + 1) * 2 > m->cap && grow(m) != 0)
		return -1;
	j = h & (m->cap - 1);
	while (m->keys[j] != NULL) {
		if (m->hashes[j] == h && strcmp(m->keys[j], key) == 0) {
			if (existing)
				*existing = m->vals[j];
			return 1;
		}
		j = (j + 1) & (m->cap - 1);
	}
	m->keys[j] = key;
	m->vals[j] = val;
	m->hashes[j] = h;
	m->n++;
	return 0;
}

int
acc_strmap_get(const acc_strmap *m, const char *key, uint32_t *val)
{
	uint32_t h;
	size_t j;

	if (m->cap == 0)
		return -1;
	h = hash(key);
	j = h & (m->cap - 1);
	while (m->keys[j] != NULL) {
		if (m->hashes[j] == h && strcmp(m->keys[j], key) == 0) {
			*val = m->vals[j];
			return 0;
		}
		j = (j + 1) & (m->cap - 1);
	}
	return -1;
}

void
acc_strmap_dispose(acc_strmap *m)
{
	if (m == NULL)
		return;
	free(m->keys);
	free(m->vals);
	free(m->hashes);
	m->keys = NULL;
	m->vals = NULL;
	m->hashes = NULL;
	m->cap = m->n = 0;
}
