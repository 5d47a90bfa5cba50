/*
 * certfmt.c - the certificate payload's canonical CBOR, and its text form.
 *
 * A hand-written coder for this one fixed schema rather than libcbor: the schema
 * needs four CBOR major types (unsigned, byte string, text string, array, map), and
 * libcbor's decoder accepts every non-canonical spelling (indefinite lengths, long
 * heads), so its tree would have to be checked for canonical form by hand anyway.
 * The strict reader below is shorter than that glue, allocates nothing, and the
 * fuzzer instruments it. As a last line, decoding re-encodes and compares bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "core/certfmt.h"
#include "base/banned.h"

enum { MT_UINT = 0, MT_BYTES = 2, MT_TEXT = 3, MT_ARRAY = 4, MT_MAP = 5 };

static const char *const key_names[CERT_F_COUNT] = {
	"version",	"number",	  "unit_name",	  "uscc",	"scheme",
	"grade",	"categories",	  "issued",	  "valid_from", "valid_until",
	"authority_id", "authority_name", "status_index", "kid",
};

const char *cert_field_name(enum cert_field k)
{
	return (unsigned)k < CERT_F_COUNT ? key_names[k] : "?";
}

/* ---- checking the fields ---- */

static int bad_field(struct bm_err *err, enum cert_field k, const char *what)
{
	return bm_err_set(err, BM_EINVAL, "bad_encoding", cert_field_name(k), "%s: %s",
			  cert_field_name(k), what);
}

/* Non-empty text of at most max bytes, UTF-8 without control characters. */
static int text_ok(const char *s, size_t max)
{
	return s[0] != '\0' && strlen(s) <= max && bm_text_ok(s, max, 0);
}

/* A non-empty code of at most max bytes over [A-Za-z0-9_.-]. */
static int code_ok(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n > max)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '.' || c == '-'))
			return 0;
	}
	return 1;
}

static int date_ok(int32_t d)
{
	return d >= 0 && d <= CERT_DATE_MAX;
}

int certfmt_check(const struct cert_payload *p, struct bm_err *err)
{
	if (p->version != CERT_FORMAT_VERSION)
		return bad_field(err, CERT_F_VERSION, "not format version 1");
	if (!text_ok(p->number, CERT_NUMBER_MAX))
		return bad_field(err, CERT_F_NUMBER, "empty, too long or not text");
	if (!text_ok(p->unit_name, CERT_UNIT_NAME_MAX))
		return bad_field(err, CERT_F_UNIT_NAME, "empty, too long or not text");
	if (strlen(p->uscc) != USCC_LEN || uscc_check(p->uscc, NULL, NULL) != USCC_OK)
		return bad_field(err, CERT_F_USCC, "not a valid unified social credit code");
	if (!code_ok(p->scheme, CERT_SCHEME_MAX))
		return bad_field(err, CERT_F_SCHEME, "not a scheme code");
	if (!code_ok(p->grade, CERT_GRADE_MAX))
		return bad_field(err, CERT_F_GRADE, "not a grade code");
	if (p->ncategories < 1 || p->ncategories > CERT_CATEGORIES_MAX)
		return bad_field(err, CERT_F_CATEGORIES, "not 1..16 categories");
	for (int i = 0; i < p->ncategories; i++) {
		if (!code_ok(p->categories[i], CERT_CATEGORY_MAX))
			return bad_field(err, CERT_F_CATEGORIES, "not a category code");
		if (i > 0 && strcmp(p->categories[i - 1], p->categories[i]) >= 0)
			return bad_field(err, CERT_F_CATEGORIES,
					 "not in ascending order without repeats");
	}
	if (!date_ok(p->issued))
		return bad_field(err, CERT_F_ISSUED, "not a date in 1970..9999");
	if (!date_ok(p->valid_from))
		return bad_field(err, CERT_F_VALID_FROM, "not a date in 1970..9999");
	if (!date_ok(p->valid_until) || p->valid_until < p->valid_from)
		return bad_field(err, CERT_F_VALID_UNTIL, "not a date on or after valid_from");
	if (p->authority_id < 1)
		return bad_field(err, CERT_F_AUTHORITY_ID, "not a positive id");
	if (!text_ok(p->authority_name, CERT_AUTHORITY_NAME_MAX))
		return bad_field(err, CERT_F_AUTHORITY_NAME, "empty, too long or not text");
	if (p->status_index > CERT_STATUS_INDEX_MAX)
		return bad_field(err, CERT_F_STATUS_INDEX, "beyond the largest status list");
	return 0;
}

static int cmp_category(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

void certfmt_sort_categories(struct cert_payload *p)
{
	if (p->ncategories > 1 && p->ncategories <= CERT_CATEGORIES_MAX)
		qsort(p->categories, (size_t)p->ncategories, sizeof(p->categories[0]),
		      cmp_category);
}

/* ---- writing CBOR ---- */

struct writer {
	unsigned char *p;
	size_t len, cap;
	int full; /* an append did not fit */
};

static void put(struct writer *w, const void *data, size_t n)
{
	if (w->full || n > w->cap - w->len) {
		w->full = 1;
		return;
	}
	memcpy(w->p + w->len, data, n);
	w->len += n;
}

/* A head in the shortest form (RFC 8949 §4.2.1). */
static void put_head(struct writer *w, unsigned major, uint64_t v)
{
	unsigned char h[9];
	size_t n;

	h[0] = (unsigned char)(major << 5);
	if (v < 24) {
		h[0] = (unsigned char)(h[0] | v);
		n = 1;
	} else if (v <= UINT8_MAX) {
		h[0] |= 24;
		n = 2;
	} else if (v <= UINT16_MAX) {
		h[0] |= 25;
		n = 3;
	} else if (v <= UINT32_MAX) {
		h[0] |= 26;
		n = 5;
	} else {
		h[0] |= 27;
		n = 9;
	}
	for (size_t i = 1; i < n; i++)
		h[i] = (unsigned char)(v >> (8 * (n - 1 - i)));
	put(w, h, n);
}

static void put_text(struct writer *w, const char *s)
{
	size_t n = strlen(s);

	put_head(w, MT_TEXT, n);
	put(w, s, n);
}

static void put_bytes(struct writer *w, const unsigned char *b, size_t n)
{
	put_head(w, MT_BYTES, n);
	put(w, b, n);
}

/* The payload's map, keys ascending; the fields are assumed checked. */
static void write_payload(struct writer *w, const struct cert_payload *p)
{
	put_head(w, MT_MAP, CERT_F_COUNT);
	put_head(w, MT_UINT, CERT_F_VERSION);
	put_head(w, MT_UINT, p->version);
	put_head(w, MT_UINT, CERT_F_NUMBER);
	put_text(w, p->number);
	put_head(w, MT_UINT, CERT_F_UNIT_NAME);
	put_text(w, p->unit_name);
	put_head(w, MT_UINT, CERT_F_USCC);
	put_text(w, p->uscc);
	put_head(w, MT_UINT, CERT_F_SCHEME);
	put_text(w, p->scheme);
	put_head(w, MT_UINT, CERT_F_GRADE);
	put_text(w, p->grade);
	put_head(w, MT_UINT, CERT_F_CATEGORIES);
	put_head(w, MT_ARRAY, (uint64_t)p->ncategories);
	for (int i = 0; i < p->ncategories; i++)
		put_text(w, p->categories[i]);
	put_head(w, MT_UINT, CERT_F_ISSUED);
	put_head(w, MT_UINT, (uint64_t)p->issued);
	put_head(w, MT_UINT, CERT_F_VALID_FROM);
	put_head(w, MT_UINT, (uint64_t)p->valid_from);
	put_head(w, MT_UINT, CERT_F_VALID_UNTIL);
	put_head(w, MT_UINT, (uint64_t)p->valid_until);
	put_head(w, MT_UINT, CERT_F_AUTHORITY_ID);
	put_head(w, MT_UINT, (uint64_t)p->authority_id);
	put_head(w, MT_UINT, CERT_F_AUTHORITY_NAME);
	put_text(w, p->authority_name);
	put_head(w, MT_UINT, CERT_F_STATUS_INDEX);
	put_head(w, MT_UINT, p->status_index);
	put_head(w, MT_UINT, CERT_F_KID);
	put_bytes(w, p->kid, CERT_KID_BYTES);
}

int certfmt_encode(const struct cert_payload *p, unsigned char *out, size_t cap, size_t *len,
		   struct bm_err *err)
{
	struct writer w = { out, 0, cap < CERT_PAYLOAD_MAX ? cap : CERT_PAYLOAD_MAX, 0 };
	int rc = certfmt_check(p, err);

	if (rc != 0)
		return rc;
	write_payload(&w, p);
	if (w.full)
		return bm_err_set(err, BM_ETOOBIG, "certificate_too_large", NULL,
				  "the certificate's fields take more than %d bytes (%s)",
				  CERT_PAYLOAD_MAX,
				  cap < CERT_PAYLOAD_MAX ? "or the buffer given" : "one QR code");
	*len = w.len;
	return 0;
}

/* ---- reading CBOR, strictly ---- */

struct reader {
	const unsigned char *p;
	size_t len, pos;
};

/* Read a head of the given major type in its shortest form into *v. */
static int get_head(struct reader *r, unsigned major, uint64_t *v)
{
	unsigned ai;
	size_t n;

	if (r->pos >= r->len)
		return -1;
	if ((unsigned)(r->p[r->pos] >> 5) != major)
		return -1;
	ai = r->p[r->pos] & 31u;
	r->pos++;
	if (ai < 24) {
		*v = ai;
		return 0;
	}
	if (ai > 27) /* reserved, or an indefinite length */
		return -1;
	n = (size_t)1 << (ai - 24);
	if (n > r->len - r->pos)
		return -1;
	*v = 0;
	for (size_t i = 0; i < n; i++)
		*v = (*v << 8) | r->p[r->pos + i];
	r->pos += n;
	/* shortest form: the value needs the width it was given */
	if ((n == 1 && *v < 24) || (n == 2 && *v <= UINT8_MAX) || (n == 4 && *v <= UINT16_MAX) ||
	    (n == 8 && *v <= UINT32_MAX))
		return -1;
	return 0;
}

static int get_uint(struct reader *r, uint64_t max, uint64_t *v)
{
	return get_head(r, MT_UINT, v) == 0 && *v <= max ? 0 : -1;
}

/* A text string of at most max bytes into out (max + 1 bytes), NUL-terminated. */
static int get_text(struct reader *r, char *out, size_t max)
{
	uint64_t n;

	if (get_head(r, MT_TEXT, &n) != 0 || n > max || n > r->len - r->pos)
		return -1;
	memcpy(out, r->p + r->pos, (size_t)n);
	out[n] = '\0';
	r->pos += (size_t)n;
	/* an embedded NUL would hide the rest from every later check */
	return memchr(out, '\0', (size_t)n) == NULL ? 0 : -1;
}

static int get_u32(struct reader *r, uint32_t *out)
{
	uint64_t v;

	if (get_uint(r, UINT32_MAX, &v) != 0)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int get_date(struct reader *r, int32_t *d)
{
	uint64_t v;

	if (get_uint(r, CERT_DATE_MAX, &v) != 0)
		return -1;
	*d = (int32_t)v;
	return 0;
}

/* The value of key k into p. */
static int read_value(struct reader *r, enum cert_field k, struct cert_payload *p)
{
	uint64_t v;

	switch (k) {
	case CERT_F_VERSION:
		return get_u32(r, &p->version);
	case CERT_F_NUMBER:
		return get_text(r, p->number, CERT_NUMBER_MAX);
	case CERT_F_UNIT_NAME:
		return get_text(r, p->unit_name, CERT_UNIT_NAME_MAX);
	case CERT_F_USCC:
		return get_text(r, p->uscc, USCC_LEN);
	case CERT_F_SCHEME:
		return get_text(r, p->scheme, CERT_SCHEME_MAX);
	case CERT_F_GRADE:
		return get_text(r, p->grade, CERT_GRADE_MAX);
	case CERT_F_CATEGORIES:
		if (get_head(r, MT_ARRAY, &v) != 0 || v < 1 || v > CERT_CATEGORIES_MAX)
			return -1;
		p->ncategories = (int)v;
		for (int i = 0; i < p->ncategories; i++)
			if (get_text(r, p->categories[i], CERT_CATEGORY_MAX) != 0)
				return -1;
		return 0;
	case CERT_F_ISSUED:
		return get_date(r, &p->issued);
	case CERT_F_VALID_FROM:
		return get_date(r, &p->valid_from);
	case CERT_F_VALID_UNTIL:
		return get_date(r, &p->valid_until);
	case CERT_F_AUTHORITY_ID:
		if (get_uint(r, INT64_MAX, &v) != 0)
			return -1;
		p->authority_id = (int64_t)v;
		return 0;
	case CERT_F_AUTHORITY_NAME:
		return get_text(r, p->authority_name, CERT_AUTHORITY_NAME_MAX);
	case CERT_F_STATUS_INDEX:
		return get_u32(r, &p->status_index);
	case CERT_F_KID:
		if (get_head(r, MT_BYTES, &v) != 0 || v != CERT_KID_BYTES ||
		    r->len - r->pos < CERT_KID_BYTES)
			return -1;
		memcpy(p->kid, r->p + r->pos, CERT_KID_BYTES);
		r->pos += CERT_KID_BYTES;
		return 0;
	case CERT_F_COUNT:
		break;
	}
	return -1;
}

static int bad_cbor(struct bm_err *err, const char *field, size_t at, const char *what)
{
	return bm_err_set(err, BM_EINVAL, "bad_encoding", field, "payload byte %zu%s%s%s: %s", at,
			  field != NULL ? " (" : "", field != NULL ? field : "",
			  field != NULL ? ")" : "", what);
}

int certfmt_decode(const unsigned char *in, size_t len, struct cert_payload *p, struct bm_err *err)
{
	struct reader r = { in, len, 0 };
	unsigned char again[CERT_PAYLOAD_MAX];
	size_t n = 0;
	uint64_t v;
	int rc;

	memset(p, 0, sizeof(*p));
	if (len > CERT_PAYLOAD_MAX)
		return bad_cbor(err, NULL, 0, "longer than any payload");
	if (get_head(&r, MT_MAP, &v) != 0 || v != CERT_F_COUNT)
		return bad_cbor(err, NULL, 0, "not a definite map of 14 entries");
	for (unsigned k = 0; k < CERT_F_COUNT; k++) {
		size_t at = r.pos;
		if (get_uint(&r, UINT64_MAX, &v) != 0 || v != k)
			return bad_cbor(err, cert_field_name((enum cert_field)k), at,
					"key missing, unknown, repeated or out of order");
		at = r.pos;
		if (read_value(&r, (enum cert_field)k, p) != 0)
			return bad_cbor(err, cert_field_name((enum cert_field)k), at,
					"wrong type, too long or not in shortest form");
	}
	if (r.pos != len)
		return bad_cbor(err, NULL, r.pos, "trailing bytes after the map");
	if ((rc = certfmt_check(p, err)) != 0)
		return rc;
	/* the reader is strict; this makes canonical form a property, not a hope */
	if (certfmt_encode(p, again, sizeof(again), &n, err) != 0 || n != len ||
	    memcmp(again, in, len) != 0)
		return bad_cbor(err, NULL, 0, "not the canonical encoding");
	return 0;
}

/* ---- base45 (RFC 9285) ---- */

static const char b45_alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

static int b45_value(char c)
{
	const char *hit = c != '\0' ? memchr(b45_alphabet, c, 45) : NULL;

	return hit != NULL ? (int)(hit - b45_alphabet) : -1;
}

int certfmt_base45_encode(const unsigned char *in, size_t len, char *out, size_t cap,
			  size_t *outlen)
{
	size_t need = len / 2 * 3 + len % 2 * 2, o = 0;

	if (need >= cap)
		return BM_ETOOBIG;
	for (size_t i = 0; i < len; i += 2) {
		unsigned v = i + 1 < len ? (unsigned)in[i] * 256u + in[i + 1] : in[i];
		size_t digits = i + 1 < len ? 3 : 2;
		for (size_t k = 0; k < digits; k++) {
			out[o++] = b45_alphabet[v % 45];
			v /= 45;
		}
	}
	out[o] = '\0';
	*outlen = o;
	return 0;
}

int certfmt_base45_decode(const char *in, size_t len, unsigned char *out, size_t cap,
			  size_t *outlen, struct bm_err *err)
{
	size_t o = 0;

	if (len % 3 == 1)
		return bm_err_set(err, BM_EINVAL, "bad_base45", NULL,
				  "%zu characters: a lone character at the end", len);
	if (len / 3 * 2 + len % 3 / 2 > cap)
		return bm_err_set(err, BM_ETOOBIG, "bad_encoding", NULL,
				  "%zu characters: longer than any certificate", len);
	for (size_t i = 0; i < len; i += 3) {
		size_t digits = len - i >= 3 ? 3 : 2;
		unsigned v = 0, scale = 1;
		for (size_t k = 0; k < digits; k++) {
			int d = b45_value(in[i + k]);
			if (d < 0)
				return bm_err_set(err, BM_EINVAL, "bad_base45", NULL,
						  "character %zu (0x%02x) is not in the base45 "
						  "alphabet",
						  i + k + 1, (unsigned char)in[i + k]);
			v += (unsigned)d * scale;
			scale *= 45;
		}
		if (v > (digits == 3 ? 0xffffu : 0xffu))
			return bm_err_set(err, BM_EINVAL, "bad_base45", NULL,
					  "characters %zu..%zu encode %u, more than %s", i + 1,
					  i + digits, v,
					  digits == 3 ? "two bytes hold" : "a byte holds");
		if (digits == 3)
			out[o++] = (unsigned char)(v >> 8);
		out[o++] = (unsigned char)(v & 0xffu);
	}
	*outlen = o;
	return 0;
}

/* ---- the text form ---- */

int certfmt_text_encode(const unsigned char *payload, size_t len,
			const unsigned char sig[CERT_SIG_BYTES], char *text, size_t cap,
			struct bm_err *err)
{
	unsigned char raw[CERT_SIGNED_MAX];
	struct writer w = { raw, 0, sizeof(raw), 0 };
	size_t n;

	if (len > CERT_PAYLOAD_MAX)
		return bm_err_set(err, BM_ETOOBIG, "certificate_too_large", NULL,
				  "payload of %zu bytes, more than %d", len, CERT_PAYLOAD_MAX);
	put_head(&w, MT_ARRAY, 2);
	put_bytes(&w, payload, len);
	put_bytes(&w, sig, CERT_SIG_BYTES);
	if (cap <= CERT_PREFIX_LEN || certfmt_base45_encode(raw, w.len, text + CERT_PREFIX_LEN,
							    cap - CERT_PREFIX_LEN, &n) != 0)
		return bm_err_set(err, BM_ETOOBIG, NULL, NULL, "text buffer too small");
	memcpy(text, CERT_PREFIX, CERT_PREFIX_LEN);
	return 0;
}

enum certfmt_text_result certfmt_text_decode(const char *text, size_t len,
					     unsigned char payload[CERT_PAYLOAD_MAX], size_t *plen,
					     unsigned char sig[CERT_SIG_BYTES], struct bm_err *err)
{
	unsigned char raw[CERT_SIGNED_MAX];
	struct reader r = { raw, 0, 0 };
	uint64_t n;
	int rc;

	if (len < CERT_PREFIX_LEN || memcmp(text, CERT_PREFIX, CERT_PREFIX_LEN) != 0) {
		bm_err_set(err, BM_EINVAL, "bad_prefix", NULL,
			   "the text does not start with " CERT_PREFIX);
		return CERTFMT_TEXT_BAD_PREFIX;
	}
	rc = certfmt_base45_decode(text + CERT_PREFIX_LEN, len - CERT_PREFIX_LEN, raw, sizeof(raw),
				   &r.len, err);
	if (rc == BM_ETOOBIG)
		return CERTFMT_TEXT_BAD_CBOR;
	if (rc != 0)
		return CERTFMT_TEXT_BAD_BASE45;
	if (get_head(&r, MT_ARRAY, &n) != 0 || n != 2)
		goto bad;
	if (get_head(&r, MT_BYTES, &n) != 0 || n > CERT_PAYLOAD_MAX || n > r.len - r.pos)
		goto bad;
	memcpy(payload, raw + r.pos, (size_t)n);
	*plen = (size_t)n;
	r.pos += (size_t)n;
	if (get_head(&r, MT_BYTES, &n) != 0 || n != CERT_SIG_BYTES || n > r.len - r.pos)
		goto bad;
	memcpy(sig, raw + r.pos, CERT_SIG_BYTES);
	r.pos += CERT_SIG_BYTES;
	if (r.pos != r.len)
		goto bad;
	return CERTFMT_TEXT_OK;
bad:
	bm_err_set(err, BM_EINVAL, "bad_encoding", NULL,
		   "not the canonical CBOR [payload, 64-byte signature] (at byte %zu of %zu)",
		   r.pos, r.len);
	return CERTFMT_TEXT_BAD_CBOR;
}
