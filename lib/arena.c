/*
 * The bump allocator. Chunks grow to 1 MiB; larger requests get a chunk
 * of their own.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <accord/buf.h>

#include "arena.h"

#define POPULATE_MIN (1u << 20)
#define PAGE ((uintptr_t)4096)

void
acc_mem_populate(void *p, size_t len)
{
#ifdef MADV_POPULATE_WRITE
	uintptr_t a = ((uintptr_t)p + PAGE - 1) & ~(PAGE - 1);
	uintptr_t e = ((uintptr_t)p + len) & ~(PAGE - 1);

	if (len >= POPULATE_MIN && e > a)
		(void)madvise((void *)a, e - a, MADV_POPULATE_WRITE);
#else
	(void)p;
	(void)len;
#endif
}

void
acc_mem_keep(void)
{
#if defined(__GLIBC__) && defined(M_MMAP_MAX) && defined(M_TRIM_THRESHOLD)
	/* threads' arenas still map blocks larger than their heaps */
	(void)mallopt(M_MMAP_MAX, 0);
	(void)mallopt(M_TRIM_THRESHOLD, -1);
#endif
}

struct acc_arena_chunk {
	acc_arena_chunk *next;
	max_align_t align[];
};

#define CHUNK (1u << 20)

void *
acc_arena_alloc(acc_arena *a, size_t len)
{
	size_t need = (len + 15) & ~(size_t)15;
	acc_arena_chunk *c;
	char *p;

	if (len > SIZE_MAX - 64)
		return NULL;
	if (a->head == NULL || a->size - a->used < need) {
		size_t sz = need > CHUNK ? need : CHUNK;
		c = malloc(sizeof(*c) + sz);
		if (c == NULL)
			return NULL;
		acc_mem_populate(c, sizeof(*c) + sz);
		c->next = a->head;
		a->head = c;
		a->used = 0;
		a->size = sz;
	}
	p = (char *)a->head->align + a->used;
	a->used += need;
	return p;
}

char *
acc_arena_strndup(acc_arena *a, const char *s, size_t len)
{
	char *p = acc_arena_alloc(a, len + 1);

	if (p == NULL)
		return NULL;
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void
acc_arena_dispose(acc_arena *a)
{
	acc_arena_chunk *c = a ? a->head : NULL;

	while (c) {
		acc_arena_chunk *n = c->next;
		free(c);
		c = n;
	}
	if (a) {
		a->head = NULL;
		a->used = a->size = 0;
	}
}
