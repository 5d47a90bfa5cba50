/*
 * arena.c - region allocator: bump allocation in blocks, freed together.
 */
#include <stdarg.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/banned.h"

#define ARENA_BLOCK 8192

struct arena_block {
	struct arena_block *next;
	size_t size;
	size_t off;
	alignas(max_align_t) unsigned char mem[];
};

void arena_init(struct arena *a, size_t limit)
{
	a->head = NULL;
	a->used = 0;
	a->limit = limit;
}

void arena_release(struct arena *a)
{
	struct arena_block *b = a->head;

	while (b != NULL) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	arena_init(a, a->limit);
}

void *arena_alloc(struct arena *a, size_t size)
{
	const size_t align = alignof(max_align_t);
	struct arena_block *b = a->head;
	size_t rounded;
	void *p;

	if (size > SIZE_MAX - align)
		return NULL;
	rounded = (size + align - 1) & ~(align - 1);
	if (rounded == 0)
		rounded = align;
	if (rounded > a->limit || a->used > a->limit - rounded)
		return NULL;
	if (b == NULL || b->size - b->off < rounded) {
		size_t bsz = rounded > ARENA_BLOCK ? rounded : ARENA_BLOCK;
		b = malloc(sizeof(*b) + bsz);
		if (b == NULL)
			return NULL;
		b->size = bsz;
		b->off = 0;
		b->next = a->head;
		a->head = b;
	}
	p = b->mem + b->off;
	b->off += rounded;
	a->used += rounded;
	memset(p, 0, size);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	if (p != NULL) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	p = arena_alloc(a, (size_t)n + 1);
	if (p == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
