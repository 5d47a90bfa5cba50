/*
 * test_certfmt.c - unit tests of src/core/certfmt: base45 (the RFC 9285 examples,
 * round trips of every length up to 64 bytes, every kind of bad input), the payload's
 * canonical CBOR (a known answer written out byte by byte, with every head width),
 * the decoder's refusals (a table of non-canonical and off-schema encodings, every
 * truncation, every single-bit flip either refused or read consistently), the field
 * limits at their edges, the text form, and the QR budget: the largest payload
 * allowed makes exactly CERT_TEXT_MAX characters, and that fits a version-24 QR code
 * in alphanumeric mode at error correction level M.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "base/err.h"
#include "core/certfmt.h"
#include "base/banned.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* QR code capacity in alphanumeric mode at level M (ISO/IEC 18004, table 7). */
#define QR_V22_M 1134
#define QR_V24_M 1326

/* ---- base45 ---- */

static void test_base45_rfc_examples(void **state)
{
	static const struct {
		const char *bytes, *text;
	} cases[] = {
		{ "AB", "BB8" },
		{ "Hello!!", "%69 VD92EX0" },
		{ "base-45", "UJCLQE7W581" },
		{ "ietf!", "QED8WEX0" },
		{ "", "" },
	};
	char text[64];
	unsigned char bytes[64];
	struct bm_err err;
	size_t n;

	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		size_t len = strlen(cases[i].bytes);
		assert_int_equal(certfmt_base45_encode((const unsigned char *)cases[i].bytes, len,
						       text, sizeof(text), &n),
				 0);
		assert_string_equal(text, cases[i].text);
		assert_int_equal(n, strlen(cases[i].text));
		assert_int_equal(
			certfmt_base45_decode(cases[i].text, n, bytes, sizeof(bytes), &n, &err), 0);
		assert_int_equal(n, len);
		assert_memory_equal(bytes, cases[i].bytes, len);
	}
}

static void test_base45_round_trips(void **state)
{
	static const unsigned char seed[randombytes_SEEDBYTES] = { 45 };
	unsigned char in[64], out[64];
	char text[100];
	struct bm_err err;
	size_t n, m;

	(void)state;
	randombytes_buf_deterministic(in, sizeof(in), seed);
	in[0] = 0xff;
	in[1] = 0xff; /* the largest group, FGW */
	for (size_t len = 0; len <= sizeof(in); len++) {
		assert_int_equal(certfmt_base45_encode(in, len, text, sizeof(text), &n), 0);
		assert_int_equal(n, len / 2 * 3 + len % 2 * 2);
		assert_int_equal(certfmt_base45_decode(text, n, out, sizeof(out), &m, &err), 0);
		assert_int_equal(m, len);
		assert_memory_equal(out, in, len);
	}
	assert_int_equal(certfmt_base45_encode(in, 2, text, sizeof(text), &n), 0);
	assert_string_equal(text, "FGW");
	assert_int_equal(certfmt_base45_encode(in, 1, text, sizeof(text), &n), 0);
	assert_string_equal(text, "U5");
}

static void test_base45_refusals(void **state)
{
	static const struct {
		const char *text;
		int rc;
	} cases[] = {
		{ "GGW", BM_EINVAL },	     /* 65536: one more than two bytes hold */
		{ "V5", BM_EINVAL },	     /* 256 in a final pair */
		{ "::", BM_EINVAL },	     /* 2024 */
		{ "A", BM_EINVAL },	     /* a lone character */
		{ "BB8A", BM_EINVAL },	     /* one after a group */
		{ "bb8", BM_EINVAL },	     /* lower case */
		{ "BB#", BM_EINVAL },	     /* outside the alphabet */
		{ "BB8\n", BM_EINVAL },	     /* a line end */
		{ "BB8BB8BB8", BM_ETOOBIG }, /* 6 bytes into a 4-byte buffer */
	};
	unsigned char out[4];
	struct bm_err err;
	char text[4];
	size_t n;

	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		bm_err_clear(&err);
		if (certfmt_base45_decode(cases[i].text, strlen(cases[i].text), out, sizeof(out),
					  &n, &err) != cases[i].rc)
			fail_msg("\"%s\" not refused with %d", cases[i].text, cases[i].rc);
		assert_true(err.message[0] != '\0');
	}
	/* an embedded NUL is outside the alphabet too */
	assert_int_equal(certfmt_base45_decode("B\0008", 3, out, sizeof(out), &n, &err), BM_EINVAL);
	/* encoding needs room for the terminator */
	assert_int_equal(certfmt_base45_encode((const unsigned char *)"AB", 2, text, 3, &n),
			 BM_ETOOBIG);
	assert_int_equal(certfmt_base45_encode((const unsigned char *)"AB", 2, text, 4, &n), 0);
}

/* ---- the payload's CBOR ---- */

static void small_payload(struct cert_payload *p)
{
	memset(p, 0, sizeof(*p));
	p->version = CERT_FORMAT_VERSION;
	memcpy(p->number, "N1", 3);
	memcpy(p->unit_name, "U", 2);
	memcpy(p->uscc, "91110000100000000R", 19);
	memcpy(p->scheme, "s", 2);
	memcpy(p->grade, "A", 2);
	p->ncategories = 1;
	memcpy(p->categories[0], "c", 2);
	p->issued = 0;
	p->valid_from = 23;
	p->valid_until = 24;
	p->authority_id = 256;
	memcpy(p->authority_name, "a", 2);
	p->status_index = 65536;
	for (int i = 0; i < CERT_KID_BYTES; i++)
		p->kid[i] = (unsigned char)(i + 1);
}

/* small_payload, encoded by hand: every head width but the 8-byte one. */
static const unsigned char small_cbor[] = {
	0xae,		       /* map(14) */
	0x00, 0x01,	       /* 0 version: 1 */
	0x01, 0x62, 'N',  '1', /* 1 number: "N1" */
	0x02, 0x61, 'U',       /* 2 unit_name: "U" */
	0x03, 0x72, '9',  '1',	'1',  '1',  '0',  '0',	'0',  '0',
	'1',  '0',  '0',  '0',	'0',  '0',  '0',  '0',	'0',  'R',  /* 3 uscc */
	0x04, 0x61, 's',					    /* 4 scheme: "s" */
	0x05, 0x61, 'A',					    /* 5 grade: "A" */
	0x06, 0x81, 0x61, 'c',					    /* 6 categories: ["c"] */
	0x07, 0x00,						    /* 7 issued: 0 */
	0x08, 0x17,						    /* 8 valid_from: 23 */
	0x09, 0x18, 0x18,					    /* 9 valid_until: 24 */
	0x0a, 0x19, 0x01, 0x00,					    /* 10 authority_id: 256 */
	0x0b, 0x61, 'a',					    /* 11 authority_name: "a" */
	0x0c, 0x1a, 0x00, 0x01, 0x00, 0x00,			    /* 12 status_index: 65536 */
	0x0d, 0x48, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, /* 13 kid */
};

static void test_known_answer(void **state)
{
	struct cert_payload p, q;
	unsigned char out[CERT_PAYLOAD_MAX];
	struct bm_err err;
	size_t n = 0;

	(void)state;
	small_payload(&p);
	assert_int_equal(certfmt_encode(&p, out, sizeof(out), &n, &err), 0);
	assert_int_equal(n, sizeof(small_cbor));
	assert_memory_equal(out, small_cbor, n);
	assert_int_equal(certfmt_decode(small_cbor, sizeof(small_cbor), &q, &err), 0);
	assert_memory_equal(&p, &q, sizeof(p));
	/* an authority id of 2^32 takes the 8-byte head */
	p.authority_id = INT64_C(1) << 32;
	assert_int_equal(certfmt_encode(&p, out, sizeof(out), &n, &err), 0);
	assert_int_equal(n, sizeof(small_cbor) + 6);
	assert_non_null(memmem(out, n, "\x0a\x1b\x00\x00\x00\x01\x00\x00\x00\x00\x0b", 11));
	assert_int_equal(certfmt_decode(out, n, &q, &err), 0);
	assert_true(q.authority_id == INT64_C(1) << 32);
	p.authority_id = INT64_MAX;
	assert_int_equal(certfmt_encode(&p, out, sizeof(out), &n, &err), 0);
	assert_int_equal(certfmt_decode(out, n, &q, &err), 0);
	assert_true(q.authority_id == INT64_MAX);
}

/* One encoding that must be refused: small_cbor with del bytes at the offset of the
 * first occurrence of at (at_len bytes; NULL: offset 0) replaced by ins. */
struct refusal {
	const char *what;
	const char *at;
	size_t at_len, del;
	const char *ins;
	size_t ins_len;
};

#define R(what, at, del, ins)                                                                      \
	{                                                                                          \
		what, at, sizeof(at) - 1, del, ins, sizeof(ins) - 1                                \
	}

static const struct refusal refusals[] = {
	R("version 0x18 0x01", "\x00\x01", 2, "\x00\x18\x01"),
	R("version 2", "\x00\x01", 2, "\x00\x02"),
	R("version negative", "\x00\x01", 2, "\x00\x20"),
	R("version as a float", "\x00\x01", 2, "\x00\xf9\x3c\x00"),
	R("version true", "\x00\x01", 2, "\x00\xf5"),
	R("version tagged", "\x00\x01", 2, "\x00\xc1\x01"),
	R("key 0 as 0x18 0x00", "\x00\x01", 1, "\x18\x00"),
	R("key 0 as text", "\x00\x01", 1, "\x61\x30"),
	R("keys 0 and 1 swapped", "\x00\x01\x01\x62N1", 7, "\x01\x62N1\x00\x01"),
	R("key 1 twice", "\x02\x61U", 1, "\x01"),
	R("number as bytes", "\x62N1", 1, "\x42"),
	R("number with a long head", "\x62N1", 1, "\x78\x02"),
	R("number indefinite", "\x62N1", 3, "\x7f\x62N1\xff"),
	R("number empty", "\x62N1", 3, "\x60"),
	R("number with NUL", "\x62N1", 3, "\x62N\x00"),
	R("number with a tab", "\x62N1", 3, "\x62N\t"),
	R("number with a C1 control", "\x62N1", 3, "\x63N\xc2\x9b"),
	R("unit name not UTF-8", "\x61U", 2, "\x61\xff"),
	R("unit name overlong UTF-8", "\x61U", 2, "\x62\xc0\xaf"),
	R("unit name a lone surrogate", "\x61U", 2, "\x63\xed\xa0\x80"),
	R("uscc with a bad check character", "000R", 4, "000Q"),
	R("uscc with a letter outside the code", "000R", 4, "00IR"),
	R("uscc 17 characters", "\x72", 1, "\x71"),
	R("scheme with a space", "\x04\x61s", 3, "\x04\x62s "),
	R("grade with a colon",
	  "\x05\x61"
	  "A",
	  3, "\x05\x61:"),
	R("categories empty",
	  "\x81\x61"
	  "c",
	  3, "\x80"),
	R("categories not an array",
	  "\x81\x61"
	  "c",
	  3,
	  "\x61"
	  "c"),
	R("categories indefinite",
	  "\x81\x61"
	  "c",
	  3,
	  "\x9f\x61"
	  "c\xff"),
	R("categories repeated",
	  "\x81\x61"
	  "c",
	  3,
	  "\x82\x61"
	  "c\x61"
	  "c"),
	R("categories unsorted",
	  "\x81\x61"
	  "c",
	  3,
	  "\x82\x61"
	  "d\x61"
	  "c"),
	R("category with a slash",
	  "\x81\x61"
	  "c",
	  3, "\x81\x61/"),
	R("issued negative", "\x07\x00", 2, "\x07\x20"),
	R("issued as 0x18 0x00", "\x07\x00", 2, "\x07\x18\x00"),
	R("issued after 9999-12-31", "\x07\x00", 2, "\x07\x1a\x00\x2c\xc0\xa1"),
	R("valid_until before valid_from", "\x09\x18\x18", 3, "\x09\x16"),
	R("valid_until as 0x19 0x00 0x18", "\x09\x18\x18", 3, "\x09\x19\x00\x18"),
	R("authority id 0", "\x0a\x19\x01\x00", 4, "\x0a\x00"),
	R("authority id 2^63", "\x0a\x19\x01\x00", 4, "\x0a\x1b\x80\x00\x00\x00\x00\x00\x00\x00"),
	R("authority id in 8 bytes", "\x0a\x19\x01\x00", 4,
	  "\x0a\x1b\x00\x00\x00\x00\x00\x00\x01\x00"),
	R("authority name empty",
	  "\x0b\x61"
	  "a",
	  3, "\x0b\x60"),
	R("status index beyond the largest list", "\x0c\x1a\x00\x01\x00\x00", 6,
	  "\x0c\x1a\x00\x10\x00\x00"),
	R("status index 2^32", "\x0c\x1a\x00\x01\x00\x00", 6,
	  "\x0c\x1b\x00\x00\x00\x01\x00\x00\x00\x00"),
	R("kid of 7 bytes", "\x0d\x48\x01", 3, "\x0d\x47"),
	R("kid of 9 bytes", "\x0d\x48\x01", 3, "\x0d\x49\x00\x01"),
	R("kid as text", "\x0d\x48", 2, "\x0d\x68"),
	R("map of 15 with key 14", "\xae", 1, "\xaf"),
	R("map of 13", "\xae", 1, "\xad"),
	R("indefinite map", "\xae", 1, "\xbf"),
	R("map with a long head", "\xae", 1, "\xb8\x0e"),
	R("an array, not a map", "\xae", 1, "\x8e"),
	R("a tagged map", "\xae", 0, "\xd8\x20"),
};

static void splice_case(const struct refusal *c, unsigned char *out, size_t *n)
{
	const unsigned char *hit = memmem(small_cbor, sizeof(small_cbor), c->at, c->at_len);
	size_t off;

	if (hit == NULL)
		fail_msg("%s: the anchor is not in the encoding", c->what);
	off = (size_t)(hit - small_cbor);
	memcpy(out, small_cbor, off);
	memcpy(out + off, c->ins, c->ins_len);
	memcpy(out + off + c->ins_len, small_cbor + off + c->del,
	       sizeof(small_cbor) - off - c->del);
	*n = sizeof(small_cbor) - c->del + c->ins_len;
}

static void expect_refused(const unsigned char *b, size_t n, const char *what)
{
	struct cert_payload p;
	struct bm_err err;
	int rc;

	bm_err_clear(&err);
	rc = certfmt_decode(b, n, &p, &err);
	if (rc != BM_EINVAL || strcmp(err.ecode, "bad_encoding") != 0 || err.message[0] == '\0')
		fail_msg("%s: decode gave %d (%s)", what, rc, err.ecode);
}

static void test_decode_refusals(void **state)
{
	unsigned char b[sizeof(small_cbor) + 64];
	size_t n;

	(void)state;
	for (size_t i = 0; i < N_ELEMS(refusals); i++) {
		splice_case(&refusals[i], b, &n);
		expect_refused(b, n, refusals[i].what);
	}
	/* the anchors themselves decode: each case changes only what it says */
	{
		struct refusal same = refusals[0];
		struct cert_payload p;
		struct bm_err err;
		same.ins = "\x00\x01";
		same.ins_len = 2;
		splice_case(&same, b, &n);
		assert_int_equal(certfmt_decode(b, n, &p, &err), 0);
	}
}

static void test_decode_truncations_and_trailing(void **state)
{
	unsigned char b[sizeof(small_cbor) + 1];

	(void)state;
	for (size_t k = 0; k < sizeof(small_cbor); k++)
		expect_refused(small_cbor, k, "truncated");
	memcpy(b, small_cbor, sizeof(small_cbor));
	b[sizeof(small_cbor)] = 0x00;
	expect_refused(b, sizeof(b), "a trailing byte");
	b[sizeof(small_cbor)] = 0xff;
	expect_refused(b, sizeof(b), "a trailing break");
}

/* Every single-bit flip is refused, or decodes to a payload whose encoding is exactly
 * the flipped bytes: there is never a second spelling of one payload. */
static void test_decode_bit_flips(void **state)
{
	unsigned char b[sizeof(small_cbor)], again[CERT_PAYLOAD_MAX];
	struct cert_payload p;
	struct bm_err err;
	int accepted = 0;
	size_t n;

	(void)state;
	for (size_t i = 0; i < sizeof(b) * 8; i++) {
		memcpy(b, small_cbor, sizeof(b));
		b[i / 8] ^= (unsigned char)(1u << (i % 8));
		if (certfmt_decode(b, sizeof(b), &p, &err) != 0)
			continue;
		accepted++;
		assert_int_equal(certfmt_encode(&p, again, sizeof(again), &n, &err), 0);
		assert_int_equal(n, sizeof(b));
		assert_memory_equal(again, b, n);
	}
	/* flips inside text and numbers are data, so some must decode */
	assert_true(accepted > 0);
}

/* ---- field limits ---- */

static void fill(char *s, size_t n, char c)
{
	memset(s, c, n);
	s[n] = '\0';
}

static void test_field_limits(void **state)
{
	struct cert_payload p;
	unsigned char out[CERT_PAYLOAD_MAX];
	struct bm_err err;
	size_t n;

	(void)state;
#define EDGE(field, max)                                                                           \
	do {                                                                                       \
		small_payload(&p);                                                                 \
		fill(p.field, max, 'x');                                                           \
		assert_int_equal(certfmt_encode(&p, out, sizeof(out), &n, &err), 0);               \
		assert_int_equal(certfmt_decode(out, n, &p, &err), 0);                             \
		assert_int_equal(strlen(p.field), max);                                            \
	} while (0)
	EDGE(number, CERT_NUMBER_MAX);
	EDGE(unit_name, CERT_UNIT_NAME_MAX);
	EDGE(scheme, CERT_SCHEME_MAX);
	EDGE(grade, CERT_GRADE_MAX);
	EDGE(categories[0], CERT_CATEGORY_MAX);
	EDGE(authority_name, CERT_AUTHORITY_NAME_MAX);
#undef EDGE
	/* a unit name one byte longer than the limit does not decode */
	{
		unsigned char b[sizeof(small_cbor) + CERT_UNIT_NAME_MAX + 8];
		size_t off = (size_t)((const unsigned char *)memmem(small_cbor, sizeof(small_cbor),
								    "\x61U", 2) -
				      small_cbor);
		memcpy(b, small_cbor, off);
		b[off] = 0x79;
		b[off + 1] = (CERT_UNIT_NAME_MAX + 1) >> 8;
		b[off + 2] = (CERT_UNIT_NAME_MAX + 1) & 0xff;
		memset(b + off + 3, 'x', CERT_UNIT_NAME_MAX + 1);
		memcpy(b + off + 3 + CERT_UNIT_NAME_MAX + 1, small_cbor + off + 2,
		       sizeof(small_cbor) - off - 2);
		expect_refused(b, sizeof(small_cbor) + CERT_UNIT_NAME_MAX + 2, "385-byte name");
		b[off + 2] = CERT_UNIT_NAME_MAX & 0xff; /* 384 of them, and one 'x' too many */
		expect_refused(b, sizeof(small_cbor) + CERT_UNIT_NAME_MAX + 2, "stray byte");
	}
	small_payload(&p);
	p.ncategories = CERT_CATEGORIES_MAX;
	for (int i = 0; i < CERT_CATEGORIES_MAX; i++)
		snprintf(p.categories[i], sizeof(p.categories[i]), "c%02d", i);
	assert_int_equal(certfmt_encode(&p, out, sizeof(out), &n, &err), 0);
	p.ncategories = CERT_CATEGORIES_MAX + 1;
	assert_int_equal(certfmt_check(&p, &err), BM_EINVAL);
	assert_string_equal(err.field, "categories");
	/* the largest number a field takes, and one more */
#define NUMBER_EDGE(member, max)                                                                   \
	do {                                                                                       \
		small_payload(&p);                                                                 \
		p.member = max;                                                                    \
		assert_int_equal(certfmt_encode(&p, out, sizeof(out), &n, &err), 0);               \
		p.member = max + 1;                                                                \
		assert_int_equal(certfmt_check(&p, &err), BM_EINVAL);                              \
		assert_string_equal(err.field, #member);                                           \
	} while (0)
	NUMBER_EDGE(valid_until, CERT_DATE_MAX);
	NUMBER_EDGE(status_index, CERT_STATUS_INDEX_MAX);
#undef NUMBER_EDGE
	small_payload(&p);
	p.valid_from = p.valid_until = 100; /* a one-day certificate */
	assert_int_equal(certfmt_check(&p, &err), 0);
	p.issued = 200; /* issued after it ended: allowed, the dates speak for themselves */
	assert_int_equal(certfmt_check(&p, &err), 0);
}

static void test_sort_categories(void **state)
{
	struct cert_payload p;
	struct bm_err err;

	(void)state;
	small_payload(&p);
	p.ncategories = 3;
	memcpy(p.categories[0], "supervision", 12);
	memcpy(p.categories[1], "consulting", 11);
	memcpy(p.categories[2], "data_recovery", 14);
	assert_int_equal(certfmt_check(&p, &err), BM_EINVAL);
	certfmt_sort_categories(&p);
	assert_string_equal(p.categories[0], "consulting");
	assert_string_equal(p.categories[1], "data_recovery");
	assert_string_equal(p.categories[2], "supervision");
	assert_int_equal(certfmt_check(&p, &err), 0);
}

/* ---- the text form and the QR budget ---- */

static void test_text_round_trip(void **state)
{
	unsigned char sig[CERT_SIG_BYTES], payload[CERT_PAYLOAD_MAX], sig2[CERT_SIG_BYTES];
	char text[CERT_TEXT_MAX + 1];
	struct bm_err err;
	size_t n = 0;

	(void)state;
	for (int i = 0; i < CERT_SIG_BYTES; i++)
		sig[i] = (unsigned char)(0xa0 + i);
	assert_int_equal(
		certfmt_text_encode(small_cbor, sizeof(small_cbor), sig, text, sizeof(text), &err),
		0);
	assert_memory_equal(text, "BM1:", 4);
	assert_int_equal(certfmt_text_decode(text, strlen(text), payload, &n, sig2, &err),
			 CERTFMT_TEXT_OK);
	assert_int_equal(n, sizeof(small_cbor));
	assert_memory_equal(payload, small_cbor, n);
	assert_memory_equal(sig2, sig, sizeof(sig));
	/* the text is QR alphanumeric throughout */
	for (size_t i = 0; text[i] != '\0'; i++)
		assert_non_null(strchr("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", text[i]));
	/* the buffer must hold it */
	assert_int_equal(certfmt_text_encode(small_cbor, sizeof(small_cbor), sig, text, 40, &err),
			 BM_ETOOBIG);
}

/* Unwrap the text form of raw CBOR bytes. */
static enum certfmt_text_result unwrap_raw(const unsigned char *raw, size_t n)
{
	unsigned char payload[CERT_PAYLOAD_MAX], sig[CERT_SIG_BYTES];
	char text[400];
	struct bm_err err;
	size_t len;

	memcpy(text, "BM1:", 5);
	assert_int_equal(certfmt_base45_encode(raw, n, text + 4, sizeof(text) - 4, &len), 0);
	return certfmt_text_decode(text, strlen(text), payload, &len, sig, &err);
}

static void test_text_refusals(void **state)
{
	unsigned char raw[200], payload[CERT_PAYLOAD_MAX], sig[CERT_SIG_BYTES];
	struct bm_err err;
	size_t n = 0, k;

	(void)state;
	assert_int_equal(certfmt_text_decode("", 0, payload, &n, sig, &err),
			 CERTFMT_TEXT_BAD_PREFIX);
	assert_string_equal(err.ecode, "bad_prefix");
	assert_int_equal(certfmt_text_decode("BM1", 3, payload, &n, sig, &err),
			 CERTFMT_TEXT_BAD_PREFIX);
	assert_int_equal(certfmt_text_decode("BM1:a", 5, payload, &n, sig, &err),
			 CERTFMT_TEXT_BAD_BASE45);
	assert_string_equal(err.ecode, "bad_base45");
	assert_int_equal(certfmt_text_decode("BM1:", 4, payload, &n, sig, &err),
			 CERTFMT_TEXT_BAD_CBOR);
	assert_string_equal(err.ecode, "bad_encoding");
	/* [h'01', h'00'*64] and variations on it */
	raw[0] = 0x82;
	raw[1] = 0x41;
	raw[2] = 0x01;
	raw[3] = 0x58;
	raw[4] = 0x40;
	memset(raw + 5, 0, 64);
	k = 69;
	assert_int_equal(unwrap_raw(raw, k), CERTFMT_TEXT_OK);
	raw[4] = 0x3f; /* a 63-byte signature */
	assert_int_equal(unwrap_raw(raw, k - 1), CERTFMT_TEXT_BAD_CBOR);
	raw[4] = 0x40;
	raw[k] = 0x00; /* a trailing byte */
	assert_int_equal(unwrap_raw(raw, k + 1), CERTFMT_TEXT_BAD_CBOR);
	raw[0] = 0x83; /* three items */
	assert_int_equal(unwrap_raw(raw, k + 1), CERTFMT_TEXT_BAD_CBOR);
	raw[0] = 0x82;
	raw[1] = 0x58; /* the payload's length 1 in a long head */
	memmove(raw + 3, raw + 2, k - 2);
	raw[2] = 0x01;
	assert_int_equal(unwrap_raw(raw, k + 1), CERTFMT_TEXT_BAD_CBOR);
	/* a text longer than any certificate is refused before decoding */
	{
		static char longer[CERT_TEXT_MAX + 8];
		memset(longer, '0', sizeof(longer));
		memcpy(longer, "BM1:", 4);
		assert_int_equal(
			certfmt_text_decode(longer, CERT_TEXT_MAX + 3, payload, &n, sig, &err),
			CERTFMT_TEXT_BAD_CBOR);
	}
}

static void test_qr_budget(void **state)
{
	static unsigned char payload[CERT_PAYLOAD_MAX + 1];
	unsigned char sig[CERT_SIG_BYTES] = { 0 }, out[CERT_PAYLOAD_MAX];
	char text[CERT_TEXT_MAX + 1];
	struct cert_payload p;
	struct bm_err err;
	size_t n;

	(void)state;
	/* the arithmetic: 1 + 3 + 800 + 2 + 64 bytes, 3 characters per 2, 4 of prefix */
	assert_int_equal(CERT_TEXT_MAX, 1309);
	assert_true(CERT_TEXT_MAX <= QR_V24_M);
	/* the largest payload the text form takes gives exactly CERT_TEXT_MAX */
	memset(payload, 0x41, sizeof(payload));
	assert_int_equal(
		certfmt_text_encode(payload, CERT_PAYLOAD_MAX, sig, text, sizeof(text), &err), 0);
	assert_int_equal(strlen(text), CERT_TEXT_MAX);
	assert_int_equal(
		certfmt_text_encode(payload, CERT_PAYLOAD_MAX + 1, sig, text, sizeof(text), &err),
		BM_ETOOBIG);
	/* every field at its limit is more than one QR code takes: refused as too large */
	small_payload(&p);
	fill(p.number, CERT_NUMBER_MAX, 'N');
	fill(p.unit_name, CERT_UNIT_NAME_MAX, 'U');
	fill(p.authority_name, CERT_AUTHORITY_NAME_MAX, 'a');
	p.ncategories = CERT_CATEGORIES_MAX;
	for (int i = 0; i < CERT_CATEGORIES_MAX; i++) {
		fill(p.categories[i], CERT_CATEGORY_MAX, 'c');
		p.categories[i][0] = (char)('a' + i);
	}
	assert_int_equal(certfmt_encode(&p, out, sizeof(out), &n, &err), BM_ETOOBIG);
	assert_string_equal(err.ecode, "certificate_too_large");
	/* the longest real case: 128 CJK characters of name, all eight categories of the
	 * integration scheme, a long authority name */
	small_payload(&p);
	p.unit_name[0] = '\0';
	for (int i = 0; i < 128; i++)
		memcpy(p.unit_name + 3 * i, "保", 4);
	fill(p.number, 20, 'N');
	memcpy(p.authority_name, "国家保密局保密技术服务中心",
	       sizeof("国家保密局保密技术服务中心"));
	memcpy(p.scheme, "integration", 12);
	{
		static const char *const all[] = {
			"consulting",		"data_recovery",       "operation_maintenance",
			"overall_integration",	"security_monitoring", "shielded_room",
			"software_development", "supervision"
		};
		p.ncategories = 8;
		for (int i = 0; i < 8; i++)
			snprintf(p.categories[i], sizeof(p.categories[i]), "%s", all[i]);
	}
	p.issued = p.valid_from = 20000;
	p.valid_until = 21825;
	p.authority_id = 1;
	p.status_index = CERT_STATUS_INDEX_MAX;
	assert_int_equal(certfmt_encode(&p, out, sizeof(out), &n, &err), 0);
	assert_true(n < 700);
	assert_int_equal(certfmt_text_encode(out, n, sig, text, sizeof(text), &err), 0);
	assert_true(strlen(text) <= QR_V22_M);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base45_rfc_examples),
		cmocka_unit_test(test_base45_round_trips),
		cmocka_unit_test(test_base45_refusals),
		cmocka_unit_test(test_known_answer),
		cmocka_unit_test(test_decode_refusals),
		cmocka_unit_test(test_decode_truncations_and_trailing),
		cmocka_unit_test(test_decode_bit_flips),
		cmocka_unit_test(test_field_limits),
		cmocka_unit_test(test_sort_categories),
		cmocka_unit_test(test_text_round_trip),
		cmocka_unit_test(test_text_refusals),
		cmocka_unit_test(test_qr_budget),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
