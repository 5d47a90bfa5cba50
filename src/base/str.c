/*
 * str.c - bounded copies, checked integer parsing, hex, UTF-8 checks.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/banned.h"

size_t bm_strlcpy(char *dst, const char *src, size_t dstsz)
{
	size_t n = strlen(src);

	if (dstsz > 0) {
		size_t c = n < dstsz - 1 ? n : dstsz - 1;
		memcpy(dst, src, c);
		dst[c] = '\0';
	}
	return n;
}

int bm_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char *end;
	long long v;

	/* strtoll would skip leading white space and accept '+': refuse both */
	if (s == NULL || !((*s >= '0' && *s <= '9') || *s == '-'))
		return BM_EINVAL;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return BM_EINVAL;
	*out = (int64_t)v;
	return 0;
}

void bm_hex_encode(const unsigned char *in, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 0x0f];
	}
	out[2 * len] = '\0';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int bm_hex_decode(const char *in, unsigned char *out, size_t outlen)
{
	if (strlen(in) != 2 * outlen)
		return BM_EINVAL;
	for (size_t i = 0; i < outlen; i++) {
		int hi = hexval(in[2 * i]), lo = hexval(in[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return BM_EINVAL;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

/* Length of the UTF-8 sequence at p, or 0 when it is invalid (overlong, surrogate,
 * beyond U+10FFFF, truncated). */
static size_t utf8_seq(const unsigned char *p)
{
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		return (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (p[0] >= 0xe0 && p[0] <= 0xef) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if (p[0] == 0xe0 && p[1] < 0xa0)
			return 0;
		if (p[0] == 0xed && p[1] >= 0xa0)
			return 0;
		return 3;
	}
	if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
			return 0;
		if (p[0] == 0xf0 && p[1] < 0x90)
			return 0;
		if (p[0] == 0xf4 && p[1] >= 0x90)
			return 0;
		return 4;
	}
	return 0;
}

int bm_text_ok(const char *s, size_t maxbytes, int allow_newlines)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	while (*p != '\0') {
		size_t k = utf8_seq(p);
		if (k == 0)
			return 0;
		/* C1 controls (U+0080..U+009F, e.g. the terminal's CSI) are controls too */
		if (k == 2 && p[0] == 0xc2 && p[1] < 0xa0)
			return 0;
		if (k == 1 && (*p < 0x20 || *p == 0x7f)) {
			int nl = *p == '\n' || *p == '\r' || *p == '\t';
			if (!(allow_newlines && nl))
				return 0;
		}
		p += k;
		n += k;
		if (n > maxbytes)
			return 0;
	}
	return 1;
}

void bm_utf8_repair(char *s)
{
	unsigned char *p = (unsigned char *)s;

	while (*p != '\0') {
		size_t k = utf8_seq(p);
		if (k == 0)
			*p++ = '?';
		else
			p += k;
	}
}

size_t bm_utf8_len(const char *s)
{
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++)
		if ((*p & 0xc0) != 0x80)
			n++;
	return n;
}

int bm_path_join(char *out, size_t outsz, const char *dir, const char *name)
{
	size_t d = strlen(dir), n = strlen(name);

	if (d + 1 + n + 1 > outsz)
		return BM_EINVAL;
	memcpy(out, dir, d);
	out[d] = '/';
	memcpy(out + d + 1, name, n + 1);
	return 0;
}
