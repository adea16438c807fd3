/*
 * An open-addressing hash map from borrowed strings to 32-bit values:
 * UID and facility lookups during import.
 */
#ifndef ACC_STRMAP_H
#define ACC_STRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct acc_strmap {
	const char **keys;
	uint32_t *vals;
	uint32_t *hashes;
	size_t cap, n;
} acc_strmap;

#define ACC_STRMAP_INIT { NULL, NULL, NULL, 0, 0 }

/*
 * Insert key (borrowed; must outlive the map) with val. Returns 0, 1 when
 * the key exists already (*existing set to its value), or -1 out of memory.
 */
int acc_strmap_put(acc_strmap *m, const char *key, uint32_t val,
    uint32_t *existing);
/* 0 and *val when found, -1 otherwise. */
int acc_strmap_get(const acc_strmap *m, const char *key, uint32_t *val);
void acc_strmap_dispose(acc_strmap *m);

#endif
