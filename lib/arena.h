/*
 * A bump allocator for the many small strings of an inventory: one free
 * for a million UIDs.
 */
#ifndef ACC_ARENA_H
#define ACC_ARENA_H

#include <stddef.h>

typedef struct acc_arena_chunk acc_arena_chunk;
typedef struct acc_arena {
	acc_arena_chunk *head;
	size_t used, size;
} acc_arena;

#define ACC_ARENA_INIT { NULL, 0, 0 }

/* Copy len bytes and a NUL; NULL when out of memory. */
char *acc_arena_strndup(acc_arena *a, const char *s, size_t len);
void *acc_arena_alloc(acc_arena *a, size_t len);
void acc_arena_dispose(acc_arena *a);

/*
 * Ask the kernel to back p[0..len) with memory now, in one call, rather
 * than fault it in page by page as it is first written (large tables of
 * a million items). Advice only: where it is declined nothing changes.
 * Small ranges are left alone.
 */
void acc_mem_populate(void *p, size_t len);

#endif
