/*
 * str.h - small string helpers that replace the banned libc functions.
 */
#ifndef BM_STR_H
#define BM_STR_H

#include <stddef.h>
#include <stdint.h>

/* Copy src into dst of size dstsz, always NUL-terminated; returns strlen(src). */
size_t bm_strlcpy(char *dst, const char *src, size_t dstsz);

/*
 * Parse a whole string as a decimal int64 within [min, max]. Leading/trailing junk,
 * empty input and overflow fail. Returns 0 or BM_EINVAL.
 */
int bm_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out);

/* Lower-case hex of len bytes into out, which must hold 2*len+1 bytes. */
void bm_hex_encode(const unsigned char *in, size_t len, char *out);

/* Decode exactly outlen bytes of hex; returns 0 or BM_EINVAL. */
int bm_hex_decode(const char *in, unsigned char *out, size_t outlen);

/* 1 when s is valid UTF-8 of at most maxbytes bytes with no control characters
 * other than tab, CR and LF (when allow_newlines), else 0. */
int bm_text_ok(const char *s, size_t maxbytes, int allow_newlines);

/* Number of Unicode code points in valid UTF-8 s. */
size_t bm_utf8_len(const char *s);

/* Make s valid UTF-8 in place: every byte that does not start a valid sequence
 * becomes '?' (a sequence cut at the end included). Never fails. */
void bm_utf8_repair(char *s);

/* Write dir + "/" + name into out; BM_EINVAL when it does not fit. */
int bm_path_join(char *out, size_t outsz, const char *dir, const char *name);

#endif
