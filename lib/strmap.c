/*
 * The string hash map: FNV-1a with a final mix, linear probing, load
 * factor below 1/2, the hash kept beside each key so that probes compare
 * strings only when the hashes agree.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
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

uint32_t
acc_strmap_hash(const char *key)
{
	return hash(key);
}

static int
resize(acc_strmap *m, size_t ncap)
{
	acc_strmap_slot *slots = calloc(ncap, sizeof(*slots));
	size_t i;

	if (slots == NULL)
		return -1;
	acc_mem_populate(slots, ncap * sizeof(*slots));
	for (i = 0; i < m->cap; i++) {
		size_t j;
		if (m->slots[i].key == NULL)
			continue;
		j = m->slots[i].hash & (ncap - 1);
		while (slots[j].key != NULL)
			j = (j + 1) & (ncap - 1);
		slots[j] = m->slots[i];
	}
	free(m->slots);
	m->slots = slots;
	m->cap = ncap;
	return 0;
}

int
acc_strmap_reserve(acc_strmap *m, size_t n)
{
	size_t ncap = m->cap ? m->cap : 64;

	if (n > SIZE_MAX / 4)
		return -1;
	while (n * 2 >= ncap)
		ncap *= 2;
	return ncap == m->cap ? 0 : resize(m, ncap);
}

int
acc_strmap_put(acc_strmap *m, const char *key, uint32_t val,
    uint32_t *existing)
{
	uint32_t h = hash(key);
	size_t j;

	if ((m->n + 1) * 2 > m->cap &&
	    resize(m, m->cap ? m->cap * 2 : 64) != 0)
		return -1;
	j = h & (m->cap - 1);
	while (m->slots[j].key != NULL) {
		if (m->slots[j].hash == h && strcmp(m->slots[j].key, key) == 0) {
			if (existing)
				*existing = m->slots[j].val;
			return 1;
		}
		j = (j + 1) & (m->cap - 1);
	}
	m->slots[j].key = key;
	m->slots[j].val = val;
	m->slots[j].hash = h;
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
	while (m->slots[j].key != NULL) {
		if (m->slots[j].hash == h && strcmp(m->slots[j].key, key) == 0) {
			*val = m->slots[j].val;
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
	free(m->slots);
	m->slots = NULL;
	m->cap = m->n = 0;
}
