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

#endif
