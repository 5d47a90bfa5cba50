/*
 * buf.h - a growable byte buffer with a hard maximum (the dynbuf idea).
 *
 * Every buffer is created with the largest size it may ever reach; an append that
 * would pass it fails with BM_ETOOBIG and leaves the buffer as it was. The contents
 * are always NUL-terminated so text can be used directly.
 */
#ifndef BM_BUF_H
#define BM_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data; /* NULL until the first append */
	size_t len; /* bytes used, not counting the terminating NUL */
	size_t cap; /* bytes allocated */
	size_t max; /* largest len allowed */
};

/* Initialise an empty buffer that may grow to max bytes. No allocation. */
void buf_init(struct buf *b, size_t max);
/* Free the contents; the buffer can be reused after buf_init. */
void buf_release(struct buf *b);
/* Forget the contents, keep the allocation. */
void buf_reset(struct buf *b);

int buf_append(struct buf *b, const void *data, size_t len);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Take ownership of the contents (malloc'd, NUL-terminated; never NULL on success).
 * The buffer is left empty. Returns NULL on allocation failure. */
char *buf_detach(struct buf *b);

#endif
