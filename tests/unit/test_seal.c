/*
 * test_seal.c - unit tests of src/sec/seal (files sealed at rest: per-file data keys
 * wrapped by the master key, secretstream chunks) and src/core/filetype (what an
 * upload really is, from its first bytes).
 *
 * Sealing: round trips of 0 and 1 bytes, exactly one chunk, one byte more, several
 * chunks; every tampering refused: a bit flipped anywhere in any chunk, chunks
 * swapped, dropped or truncated, a chunk after the final one, another file's chunk,
 * the wrong master key, an altered wrapped key or header. Dropping the last chunk
 * leaves every remaining chunk authentic, so the reader must see that the FINAL tag
 * never came.
 *
 * Sniffing: minimal PDF, JPEG and PNG headers, and small ZIP archives built here
 * (stored entries) holding OFD.xml, word/document.xml or xl/workbook.xml; plain
 * text, an empty file, an EXE and a ZIP without a known entry are refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "base/err.h"
#include "core/filetype.h"
#include "sec/seal.h"
#include "base/banned.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- sealing helpers ---- */

#define MAX_CHUNKS 8
/* the binding every test file is sealed under */
#define BIND "sha256=00 size=0 type=pdf name=test.pdf"

struct sealed {
	unsigned char wrapped[SEAL_WRAPPED_KEY];
	unsigned char header[SEAL_HEADER];
	int n;
	unsigned char *chunk[MAX_CHUNKS];
	size_t len[MAX_CHUNKS];
};

static void sealed_release(struct sealed *f)
{
	for (int i = 0; i < f->n; i++)
		free(f->chunk[i]);
	memset(f, 0, sizeof(*f));
}

/* Seal len bytes of data into f: SEAL_CHUNK-byte chunks, the last one FINAL (a
 * single empty FINAL chunk for an empty file). */
static void seal_all(const unsigned char *master, const unsigned char *data, size_t len,
		     struct sealed *f)
{
	struct sealer s;
	struct bm_err err;
	size_t off = 0;

	memset(f, 0, sizeof(*f));
	bm_err_clear(&err);
	assert_int_equal(seal_begin(&s, master, BIND, &err), 0);
	do {
		size_t n = len - off > SEAL_CHUNK ? SEAL_CHUNK : len - off;
		int last = off + n == len;

		assert_true(f->n < MAX_CHUNKS);
		f->len[f->n] = n + SEAL_OVERHEAD;
		f->chunk[f->n] = malloc(f->len[f->n]);
		assert_non_null(f->chunk[f->n]);
		seal_chunk(&s, data + off, n, last, f->chunk[f->n]);
		f->n++;
		off += n;
	} while (off < len);
	memcpy(f->wrapped, s.wrapped, sizeof(f->wrapped));
	memcpy(f->header, s.header, sizeof(f->header));
	seal_end(&s);
}

/* Open f with master. Returns 0 when every chunk authenticates and the last one is
 * FINAL; otherwise the first error (*broken_at = chunk index, -1 for open_begin, n
 * when all chunks opened but no FINAL came). */
static int open_all(const unsigned char *master, const struct sealed *f, unsigned char *out,
		    size_t outcap, size_t *outlen, int *broken_at, struct bm_err *err)
{
	struct opener o;
	size_t total = 0;
	int rc, final = 0;

	*broken_at = -1;
	bm_err_clear(err);
	rc = open_begin(&o, master, BIND, f->wrapped, sizeof(f->wrapped), f->header,
			sizeof(f->header), err);
	if (rc != 0)
		return rc;
	for (int i = 0; i < f->n; i++) {
		unsigned char *buf = malloc(SEAL_CHUNK);
		size_t n = 0;

		assert_non_null(buf);
		rc = open_chunk(&o, f->chunk[i], f->len[i], buf, &n, &final, err);
		if (rc != 0) {
			free(buf);
			*broken_at = i;
			open_end(&o);
			return rc;
		}
		assert_true(n <= SEAL_CHUNK);
		assert_true(total + n <= outcap);
		memcpy(out + total, buf, n);
		total += n;
		free(buf);
		/* only the last chunk is FINAL; the opener remembers it */
		assert_int_equal(o.finished, final);
	}
	*outlen = total;
	open_end(&o);
	if (!final) {
		*broken_at = f->n;
		return bm_err_set(err, BM_EINTERNAL, "seal_broken", NULL, "no FINAL chunk");
	}
	return 0;
}

/* Open f and expect it refused at chunk want_at (-1: when starting; f->n: every
 * chunk authentic but no FINAL). Returns the bytes opened before the refusal. */
static size_t expect_broken(const unsigned char *master, const struct sealed *f, unsigned char *out,
			    size_t outcap, int want_at, struct bm_err *err, const char *what)
{
	size_t outlen = 0;
	int at = -2, rc = open_all(master, f, out, outcap, &outlen, &at, err);

	if (rc != BM_EINTERNAL || strcmp(err->ecode, "seal_broken") != 0 || at != want_at)
		fail_msg("%s: rc %d ecode '%s' at chunk %d, want seal_broken at %d", what, rc,
			 err->ecode, at, want_at);
	return outlen;
}

/* Swap chunks a and b of f; doing it again restores f. */
static void swap_chunks(struct sealed *f, int a, int b)
{
	unsigned char *c = f->chunk[a];
	size_t l = f->len[a];

	f->chunk[a] = f->chunk[b];
	f->len[a] = f->len[b];
	f->chunk[b] = c;
	f->len[b] = l;
}

/* ---- sealing ---- */

static void test_seal_round_trip(void **state)
{
	static const size_t sizes[] = { 0,
					1,
					100,
					SEAL_CHUNK - 1,
					SEAL_CHUNK,
					SEAL_CHUNK + 1,
					2 * SEAL_CHUNK,
					3 * SEAL_CHUNK + 17 };
	static const int chunks[] = { 1, 1, 1, 1, 1, 2, 2, 4 };
	unsigned char master[32];
	unsigned char *data = malloc(4 * SEAL_CHUNK), *out = malloc(4 * SEAL_CHUNK);

	(void)state;
	assert_non_null(data);
	assert_non_null(out);
	randombytes_buf(master, sizeof(master));
	randombytes_buf(data, 4 * SEAL_CHUNK);
	for (size_t i = 0; i < N_ELEMS(sizes); i++) {
		struct sealed f;
		struct bm_err err;
		size_t outlen = 12345;
		int at;

		seal_all(master, data, sizes[i], &f);
		assert_int_equal(f.n, chunks[i]);
		for (int k = 0; k < f.n; k++) {
			size_t plain = k < f.n - 1 ? SEAL_CHUNK : sizes[i] - (size_t)k * SEAL_CHUNK;
			assert_int_equal(f.len[k], plain + SEAL_OVERHEAD);
		}
		if (open_all(master, &f, out, 4 * SEAL_CHUNK, &outlen, &at, &err) != 0)
			fail_msg("%zu bytes: %s (chunk %d)", sizes[i], err.message, at);
		assert_int_equal(outlen, sizes[i]);
		if (sizes[i] > 0)
			assert_memory_equal(out, data, sizes[i]);
		sealed_release(&f);
	}
	/* the same content sealed twice: different keys, nonces and ciphertext */
	{
		struct sealed a, b;
		seal_all(master, data, 64, &a);
		seal_all(master, data, 64, &b);
		assert_memory_not_equal(a.wrapped, b.wrapped, sizeof(a.wrapped));
		assert_memory_not_equal(a.header, b.header, sizeof(a.header));
		assert_memory_not_equal(a.chunk[0], b.chunk[0], a.len[0]);
		/* and the plaintext does not appear in the sealed chunk */
		assert_memory_not_equal(a.chunk[0], data, 64);
		sealed_release(&a);
		sealed_release(&b);
	}
	free(data);
	free(out);
}

static void test_seal_tampering(void **state)
{
	const size_t size = 2 * SEAL_CHUNK + 500; /* three chunks */
	unsigned char master[32], other[32];
	unsigned char *data = malloc(size), *out = malloc(size + SEAL_CHUNK);
	struct sealed f;
	struct bm_err err;
	size_t outlen;
	int at, tried = 0;

	(void)state;
	assert_non_null(data);
	assert_non_null(out);
	randombytes_buf(master, sizeof(master));
	randombytes_buf(other, sizeof(other));
	randombytes_buf(data, size);
	seal_all(master, data, size, &f);
	assert_int_equal(f.n, 3);
	assert_int_equal(open_all(master, &f, out, size, &outlen, &at, &err), 0);

	/* a bit flipped at the start, the middle and the end (the tag) of each chunk */
	for (int k = 0; k < f.n; k++) {
		size_t where[] = { 0, 1, f.len[k] / 2, f.len[k] - SEAL_OVERHEAD, f.len[k] - 1 };
		for (size_t w = 0; w < N_ELEMS(where); w++) {
			for (int bit = 0; bit < 8; bit += 7) {
				f.chunk[k][where[w]] ^= (unsigned char)(1u << bit);
				expect_broken(master, &f, out, size, k, &err, "flipped bit");
				f.chunk[k][where[w]] ^= (unsigned char)(1u << bit);
				tried++;
			}
		}
	}
	assert_int_equal(open_all(master, &f, out, size, &outlen, &at, &err), 0);

	/* two chunks swapped */
	swap_chunks(&f, 0, 1);
	expect_broken(master, &f, out, size, 0, &err, "swapped chunks");
	swap_chunks(&f, 0, 1);
	/* the last chunk swapped with the one before */
	swap_chunks(&f, 1, 2);
	expect_broken(master, &f, out, size, 1, &err, "last two swapped");
	swap_chunks(&f, 1, 2);
	/* the last chunk dropped: every chunk left is authentic, but the stream never
	 * finished */
	f.n = 2;
	assert_int_equal(expect_broken(master, &f, out, size, 2, &err, "last chunk dropped"),
			 2 * SEAL_CHUNK);
	f.n = 3;
	/* a middle chunk dropped: the last moved into its place */
	swap_chunks(&f, 1, 2);
	f.n = 2;
	expect_broken(master, &f, out, size, 1, &err, "middle chunk dropped");
	f.n = 3;
	swap_chunks(&f, 1, 2);
	assert_int_equal(open_all(master, &f, out, size, &outlen, &at, &err), 0);
	/* truncated chunks: by one byte, to the overhead, below it, to nothing */
	{
		size_t cuts[] = { 1, f.len[2] - SEAL_OVERHEAD, f.len[2] - SEAL_OVERHEAD + 1,
				  f.len[2] };
		for (size_t c = 0; c < N_ELEMS(cuts); c++) {
			size_t l = f.len[2];
			f.len[2] = l - cuts[c];
			expect_broken(master, &f, out, size, 2, &err, "truncated chunk");
			f.len[2] = l;
			l = f.len[0];
			f.len[0] = l - cuts[c] % l;
			if (f.len[0] != l)
				expect_broken(master, &f, out, size, 0, &err,
					      "truncated first chunk");
			f.len[0] = l;
		}
	}
	/* a chunk longer than any sealed chunk is refused before decryption */
	{
		struct opener o;
		unsigned char *big = calloc(1, SEAL_CHUNK + SEAL_OVERHEAD + 1);
		size_t n;
		int final;
		assert_non_null(big);
		assert_int_equal(open_begin(&o, master, BIND, f.wrapped, sizeof(f.wrapped),
					    f.header, sizeof(f.header), NULL),
				 0);
		bm_err_clear(&err);
		assert_int_equal(
			open_chunk(&o, big, SEAL_CHUNK + SEAL_OVERHEAD + 1, out, &n, &final, &err),
			BM_EINTERNAL);
		assert_string_equal(err.ecode, "seal_broken");
		open_end(&o);
		free(big);
	}
	/* a chunk after the FINAL one: the final chunk replayed, or any other */
	{
		struct opener o;
		size_t n;
		int final = 0;
		assert_int_equal(open_begin(&o, master, BIND, f.wrapped, sizeof(f.wrapped),
					    f.header, sizeof(f.header), NULL),
				 0);
		for (int k = 0; k < 3; k++)
			assert_int_equal(
				open_chunk(&o, f.chunk[k], f.len[k], out, &n, &final, NULL), 0);
		assert_int_equal(final, 1);
		bm_err_clear(&err);
		assert_int_equal(open_chunk(&o, f.chunk[2], f.len[2], out, &n, &final, &err),
				 BM_EINTERNAL);
		assert_string_equal(err.ecode, "seal_broken");
		assert_int_equal(final, 0);
		assert_int_equal(open_chunk(&o, f.chunk[0], f.len[0], out, &n, &final, NULL),
				 BM_EINTERNAL);
		open_end(&o);
	}
	/* a chunk sealed after FINAL by the writer is refused too */
	{
		struct sealer s;
		struct opener o;
		unsigned char c1[8 + SEAL_OVERHEAD], c2[8 + SEAL_OVERHEAD], plain[8];
		size_t n;
		int final = 0;
		assert_int_equal(seal_begin(&s, master, BIND, NULL), 0);
		seal_chunk(&s, (const unsigned char *)"12345678", 8, 1, c1);
		seal_chunk(&s, (const unsigned char *)"87654321", 8, 1, c2);
		assert_int_equal(open_begin(&o, master, BIND, s.wrapped, sizeof(s.wrapped),
					    s.header, sizeof(s.header), NULL),
				 0);
		assert_int_equal(open_chunk(&o, c1, sizeof(c1), plain, &n, &final, NULL), 0);
		assert_int_equal(final, 1);
		assert_int_equal(open_chunk(&o, c2, sizeof(c2), plain, &n, &final, NULL),
				 BM_EINTERNAL);
		open_end(&o);
		seal_end(&s);
	}
	/* the wrong master key */
	expect_broken(other, &f, out, size, -1, &err, "wrong master key");
	assert_non_null(strstr(err.message, "data key"));
	/* an altered wrapped key: nonce, ciphertext, tag */
	for (size_t i = 0; i < SEAL_WRAPPED_KEY; i += 7) {
		f.wrapped[i] ^= 0x01;
		expect_broken(master, &f, out, size, -1, &err, "altered wrapped key");
		f.wrapped[i] ^= 0x01;
		tried++;
	}
	f.wrapped[SEAL_WRAPPED_KEY - 1] ^= 0x80;
	expect_broken(master, &f, out, size, -1, &err, "altered wrapped key tag");
	f.wrapped[SEAL_WRAPPED_KEY - 1] ^= 0x80;
	/* wrong lengths of the wrapped key and header */
	{
		struct opener o;
		assert_int_equal(open_begin(&o, master, BIND, f.wrapped, sizeof(f.wrapped) - 1,
					    f.header, sizeof(f.header), &err),
				 BM_EINTERNAL);
		assert_int_equal(open_begin(&o, master, BIND, f.wrapped, sizeof(f.wrapped),
					    f.header, sizeof(f.header) - 1, &err),
				 BM_EINTERNAL);
	}
	/* the right body under another binding (moved to another record), or a
	 * binding too long to be one */
	{
		struct opener o;
		char longer[SEAL_BIND_MAX + 2];
		struct sealer sl;
		memset(longer, 'x', sizeof(longer) - 1);
		longer[sizeof(longer) - 1] = '\0';
		bm_err_clear(&err);
		assert_int_equal(open_begin(&o, master, BIND " ", f.wrapped, sizeof(f.wrapped),
					    f.header, sizeof(f.header), &err),
				 BM_EINTERNAL);
		assert_string_equal(err.ecode, "seal_broken");
		assert_int_equal(open_begin(&o, master, longer, f.wrapped, sizeof(f.wrapped),
					    f.header, sizeof(f.header), &err),
				 BM_EINVAL);
		assert_int_equal(seal_begin(&sl, master, longer, &err), BM_EINVAL);
		longer[SEAL_BIND_MAX] = '\0';
		assert_int_equal(seal_begin(&sl, master, longer, &err), 0);
		seal_end(&sl);
	}
	/* an altered header: the stream no longer authenticates */
	for (size_t i = 0; i < SEAL_HEADER; i += 5) {
		f.header[i] ^= 0x10;
		int rc = open_all(master, &f, out, size, &outlen, &at, &err);

		/* refused when starting (-1) or at the first chunk (0) */
		if (rc != BM_EINTERNAL || strcmp(err.ecode, "seal_broken") != 0 || at > 0)
			fail_msg("altered header byte %zu: rc %d at %d", i, rc, at);
		f.header[i] ^= 0x10;
		tried++;
	}
	/* another file's wrapped key, header or chunk */
	{
		struct sealed g;
		unsigned char *c;
		size_t l;
		seal_all(master, data, size, &g);
		memcpy(f.wrapped, g.wrapped, sizeof(f.wrapped));
		expect_broken(master, &f, out, size, 0, &err, "another file's key");
		memcpy(f.header, g.header, sizeof(f.header));
		assert_int_equal(open_all(master, &f, out, size, &outlen, &at, &err), BM_EINTERNAL);
		/* now f has g's key and header: g's chunks would open; mix one of f's in */
		c = g.chunk[1];
		l = g.len[1];
		g.chunk[1] = f.chunk[1];
		g.len[1] = f.len[1];
		expect_broken(master, &g, out, size, 1, &err, "another file's chunk");
		g.chunk[1] = c;
		g.len[1] = l;
		assert_int_equal(open_all(master, &g, out, size, &outlen, &at, &err), 0);
		sealed_release(&g);
	}
	assert_true(tried > 30);
	sealed_release(&f);
	free(data);
	free(out);
}

/* ---- file types ---- */

/* A ZIP archive of stored (uncompressed) entries, with its central directory. */
struct zentry {
	const char *name;
	const char *data;
	unsigned flags;
};

static void le16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v & 0xff);
	p[1] = (unsigned char)(v >> 8);
}

static void le32(unsigned char *p, unsigned long v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)((v >> (8 * i)) & 0xff);
}

static unsigned long crc32_of(const char *d, size_t n)
{
	unsigned long c = 0xffffffffUL;

	for (size_t i = 0; i < n; i++) {
		c ^= (unsigned char)d[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320UL & (0UL - (c & 1)));
	}
	return c ^ 0xffffffffUL;
}

/* Build the archive into a malloc'd buffer of exactly *len bytes. */
static unsigned char *zip_build(const struct zentry *e, size_t n, size_t *len)
{
	unsigned char *z = calloc(1, 8192), *p = z;
	unsigned long offsets[8];
	unsigned char *cd;
	size_t cdsize;

	assert_non_null(z);
	assert_true(n <= 8);
	for (size_t i = 0; i < n; i++) {
		size_t nl = strlen(e[i].name), dl = strlen(e[i].data);
		unsigned long crc = crc32_of(e[i].data, dl);
		int dd = (e[i].flags & 8u) != 0;

		offsets[i] = (unsigned long)(p - z);
		memcpy(p, "PK\x03\x04", 4);
		le16(p + 4, 20);	 /* version needed */
		le16(p + 6, e[i].flags); /* general purpose flags */
		le16(p + 8, 0);		 /* method: stored */
		le16(p + 10, 0);	 /* time */
		le16(p + 12, 0x5a21);	 /* date */
		le32(p + 14, dd ? 0 : crc);
		le32(p + 18, dd ? 0 : dl); /* compressed size */
		le32(p + 22, dd ? 0 : dl); /* uncompressed size */
		le16(p + 26, (unsigned)nl);
		le16(p + 28, 0);
		memcpy(p + 30, e[i].name, nl);
		memcpy(p + 30 + nl, e[i].data, dl);
		p += 30 + nl + dl;
		if (dd) { /* data descriptor */
			memcpy(p, "PK\x07\x08", 4);
			le32(p + 4, crc);
			le32(p + 8, dl);
			le32(p + 12, dl);
			p += 16;
		}
	}
	cd = p;
	for (size_t i = 0; i < n; i++) {
		size_t nl = strlen(e[i].name), dl = strlen(e[i].data);

		memcpy(p, "PK\x01\x02", 4);
		le16(p + 4, 20);
		le16(p + 6, 20);
		le16(p + 8, e[i].flags);
		le16(p + 10, 0);
		le16(p + 12, 0);
		le16(p + 14, 0x5a21);
		le32(p + 16, crc32_of(e[i].data, dl));
		le32(p + 20, dl);
		le32(p + 24, dl);
		le16(p + 28, (unsigned)nl);
		le16(p + 30, 0);
		le16(p + 32, 0);
		le16(p + 34, 0);
		le16(p + 36, 0);
		le32(p + 38, 0);
		le32(p + 42, offsets[i]);
		memcpy(p + 46, e[i].name, nl);
		p += 46 + nl;
	}
	cdsize = (size_t)(p - cd);
	memcpy(p, "PK\x05\x06", 4);
	le16(p + 4, 0);
	le16(p + 6, 0);
	le16(p + 8, (unsigned)n);
	le16(p + 10, (unsigned)n);
	le32(p + 12, cdsize);
	le32(p + 16, (unsigned long)(cd - z));
	le16(p + 20, 0);
	p += 22;
	assert_true(p - z < 8192);
	*len = (size_t)(p - z);
	{
		/* an exactly-sized copy, so that reading past the end is caught */
		unsigned char *exact = malloc(*len);
		assert_non_null(exact);
		memcpy(exact, z, *len);
		free(z);
		return exact;
	}
}

static int sniff(const void *data, size_t len, enum file_type *t)
{
	unsigned char *exact = malloc(len > 0 ? len : 1);
	int rc;

	assert_non_null(exact);
	memcpy(exact, data, len);
	rc = filetype_sniff(exact, len, t);
	free(exact);
	return rc;
}

static void test_sniff_headers(void **state)
{
	static const struct {
		const char *what;
		const char *bytes;
		size_t len;
		int rc;
		enum file_type type;
	} cases[] = {
		{ "PDF", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", 15, 0, FT_PDF },
		{ "PDF, header only", "%PDF-", 5, 0, FT_PDF },
		{ "PDF cut short", "%PDF", 4, BM_EMEDIA, FT_COUNT },
		{ "pdf in lower case", "%pdf-1.4", 8, BM_EMEDIA, FT_COUNT },
		{ "PDF not at the start", " %PDF-1.7", 9, BM_EMEDIA, FT_COUNT },
		{ "JPEG (JFIF)", "\xff\xd8\xff\xe0\x00\x10JFIF\x00", 11, 0, FT_JPEG },
		{ "JPEG (Exif)", "\xff\xd8\xff\xe1", 4, 0, FT_JPEG },
		{ "JPEG cut short", "\xff\xd8", 2, BM_EMEDIA, FT_COUNT },
		{ "PNG", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 16, 0, FT_PNG },
		{ "PNG signature only", "\x89PNG\r\n\x1a\n", 8, 0, FT_PNG },
		{ "PNG cut short", "\x89PNG\r\n\x1a", 7, BM_EMEDIA, FT_COUNT },
		{ "PNG with a bad byte", "\x89PNG\r\n\x1a\r", 8, BM_EMEDIA, FT_COUNT },
		{ "empty", "", 0, BM_EMEDIA, FT_COUNT },
		{ "plain text", "hello, world\n", 13, BM_EMEDIA, FT_COUNT },
		{ "EXE", "MZ\x90\x00\x03\x00\x00\x00\x04\x00", 10, BM_EMEDIA, FT_COUNT },
		{ "ELF",
		  "\x7f"
		  "ELF\x02\x01\x01",
		  7, BM_EMEDIA, FT_COUNT },
		{ "GIF", "GIF89a", 6, BM_EMEDIA, FT_COUNT },
		{ "HTML", "<!DOCTYPE html>", 15, BM_EMEDIA, FT_COUNT },
		{ "ZIP signature only", "PK\x03\x04", 4, BM_EMEDIA, FT_COUNT },
		{ "empty ZIP", "PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 22, BM_EMEDIA,
		  FT_COUNT },
		{ "one NUL", "\0", 1, BM_EMEDIA, FT_COUNT },
	};

	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		enum file_type t = FT_COUNT;
		int rc = sniff(cases[i].bytes, cases[i].len, &t);
		if (rc != cases[i].rc || (rc == 0 && t != cases[i].type))
			fail_msg("%s: rc %d type %s, want rc %d type %s", cases[i].what, rc,
				 file_type_name(t), cases[i].rc, file_type_name(cases[i].type));
	}
}

static void test_sniff_zip(void **state)
{
	static const struct zentry ofd[] = {
		{ "OFD.xml", "<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\"/>", 0 },
		{ "Doc_0/Document.xml", "<ofd:Document/>", 0 },
	};
	static const struct zentry docx[] = {
		{ "[Content_Types].xml", "<Types/>", 0 },
		{ "_rels/.rels", "<Relationships/>", 0 },
		{ "word/document.xml", "<w:document/>", 0 },
	};
	static const struct zentry xlsx[] = {
		{ "[Content_Types].xml", "<Types/>", 0 },
		{ "xl/workbook.xml", "<workbook/>", 0 },
		{ "xl/worksheets/sheet1.xml", "<worksheet/>", 0 },
	};
	static const struct zentry plain[] = {
		{ "readme.txt", "hello", 0 },
		{ "data/OFD.xml", "not at the root", 0 },
		{ "Word/document.xml", "wrong case", 0 },
		{ "xl/workbook.xml.bak", "longer name", 0 },
		{ "OFD.XML", "wrong case", 0 },
	};
	static const struct zentry first_dd[] = {
		/* a data descriptor on the identifying entry itself: its name comes first */
		{ "word/document.xml", "<w:document/>", 8 },
	};
	static const struct zentry empty_name[] = {
		{ "", "", 0 },
		{ "OFD.xml", "<ofd:OFD/>", 0 },
	};
	static const struct {
		const char *what;
		const struct zentry *e;
		size_t n;
		int rc;
		enum file_type type;
	} cases[] = {
		{ "OFD", ofd, N_ELEMS(ofd), 0, FT_OFD },
		{ "OFD, one entry", ofd, 1, 0, FT_OFD },
		{ "DOCX", docx, N_ELEMS(docx), 0, FT_DOCX },
		{ "XLSX", xlsx, N_ELEMS(xlsx), 0, FT_XLSX },
		{ "ZIP without a known entry", plain, N_ELEMS(plain), BM_EMEDIA, FT_COUNT },
		{ "DOCX parts without the document", docx, 2, BM_EMEDIA, FT_COUNT },
		{ "data descriptor on the document", first_dd, 1, 0, FT_DOCX },
		{ "an empty entry before OFD.xml", empty_name, 2, 0, FT_OFD },
	};

	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		enum file_type t = FT_COUNT;
		size_t len;
		unsigned char *z = zip_build(cases[i].e, cases[i].n, &len);
		int rc = filetype_sniff(z, len, &t);

		if (rc != cases[i].rc || (rc == 0 && t != cases[i].type))
			fail_msg("%s: rc %d type %s, want rc %d type %s", cases[i].what, rc,
				 file_type_name(t), cases[i].rc, file_type_name(cases[i].type));
		/* every prefix of the archive: refused or the same answer, never a
		 * read past the end */
		for (size_t cut = 0; cut < len; cut++) {
			unsigned char *p = malloc(cut > 0 ? cut : 1);
			enum file_type pt = FT_COUNT;
			int prc;
			assert_non_null(p);
			memcpy(p, z, cut);
			prc = filetype_sniff(p, cut, &pt);
			assert_true(prc == BM_EMEDIA || (prc == 0 && pt == cases[i].type));
			free(p);
		}
		free(z);
	}
	/* a local header whose compressed size runs past the end stops the walk */
	{
		size_t len;
		unsigned char *z = zip_build(docx, N_ELEMS(docx), &len);
		enum file_type t;
		le32(z + 18, 0xfffffff0UL);
		assert_int_equal(filetype_sniff(z, len, &t), BM_EMEDIA);
		le32(z + 18, (unsigned long)len);
		assert_int_equal(filetype_sniff(z, len, &t), BM_EMEDIA);
		free(z);
	}
}

static int setup(void **state)
{
	(void)state;
	return sodium_init() < 0 ? -1 : 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seal_round_trip),
		cmocka_unit_test(test_seal_tampering),
		cmocka_unit_test(test_sniff_headers),
		cmocka_unit_test(test_sniff_zip),
	};

	return cmocka_run_group_tests_name("seal", tests, setup, NULL);
}
