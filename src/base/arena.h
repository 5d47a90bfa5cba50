/*
 * arena.h - a region allocator for request-scoped memory.
 *
 * Allocations come from chained blocks and are all freed at once by arena_release,
 * so code that builds a response needs no scattered free() calls. An arena has a
 * byte limit; an allocation past it returns NULL (callers treat that as 413/500).
 */
#ifndef BM_ARENA_H
#define BM_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t used; /* bytes handed out, for the limit */
	size_t limit;
};

void arena_init(struct arena *a, size_t limit);
void arena_release(struct arena *a);

/* Zeroed memory aligned for any type, or NULL when the limit is reached. */
void *arena_alloc(struct arena *a, size_t size);
/* Copies of strings in the arena, or NULL. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
