/*
 * An open-addressing hash map from borrowed strings to 32-bit values:
 * UID and facility lookups during import.
 */
#ifndef ACC_STRMAP_H
#define ACC_STRMAP_H

#include <stddef.h>
#include <stdint.h>

/* One slot: the hash and value beside the key, one cache line apart at most. */
typedef struct acc_strmap_slot {
	const char *key;   /* NULL: empty */
	uint32_t hash;
	uint32_t val;
} acc_strmap_slot;

typedef struct acc_strmap {
	acc_strmap_slot *slots;
	size_t cap, n;
} acc_strmap;

#define ACC_STRMAP_INIT { NULL, 0, 0 }

/*
 * Insert key (borrowed; must outlive the map) with val. Returns 0, 1 when
 * the key exists already (*existing set to its value), or -1 out of memory.
 */
int acc_strmap_put(acc_strmap *m, const char *key, uint32_t val,
    uint32_t *existing);
/* 0 and *val when found, -1 otherwise. */
int acc_strmap_get(const acc_strmap *m, const char *key, uint32_t *val);
/*
 * The hash of key as the map uses it, and a hint to load the slot where
 * a key of that hash is looked for first: a caller that knows the keys it
 * will look up next can hide the cache miss of a large map behind other
 * work.
 */
uint32_t acc_strmap_hash(const char *key);
static inline void
acc_strmap_prefetch(const acc_strmap *m, uint32_t h)
{
	if (m->cap)
		__builtin_prefetch(&m->slots[h & (m->cap - 1)]);
}
/* Make room for n keys in all, so that inserting them never rehashes. */
int acc_strmap_reserve(acc_strmap *m, size_t n);
void acc_strmap_dispose(acc_strmap *m);

#endif
