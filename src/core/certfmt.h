/*
 * certfmt.h - the signed certificate's payload, its canonical CBOR encoding and the
 * text form that goes into the QR code ("BM1:" + base45). docs/certificate-format.md
 * is the specification; this is its one implementation.
 *
 * The payload is a CBOR map with small unsigned keys 0..13 in ascending order, every
 * key present, encoded deterministically (RFC 8949 §4.2.1: definite lengths,
 * shortest-form heads). The signed object is the payload's bytes exactly as they
 * travel, so a decoder must refuse every other spelling of the same values: it reads
 * strictly, then re-encodes what it read and requires the very same bytes.
 *
 * No I/O and no allocation: payloads are fixed-size structs, buffers are the caller's.
 * Signing and verification live in sec/certsign.h.
 */
#ifndef BM_CERTFMT_H
#define BM_CERTFMT_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/uscc.h"

#define CERT_FORMAT_VERSION 1

/* Field limits, in bytes of UTF-8 (a CJK character takes three). The unit name holds
 * the 128 CJK characters the registry allows; scheme, grade and category codes are
 * the scheme data's codes. */
#define CERT_NUMBER_MAX		48
#define CERT_UNIT_NAME_MAX	384
#define CERT_SCHEME_MAX		23
#define CERT_GRADE_MAX		7
#define CERT_CATEGORY_MAX	39
#define CERT_CATEGORIES_MAX	16
#define CERT_AUTHORITY_NAME_MAX 192
#define CERT_KID_BYTES		8
#define CERT_KID_HEX		(2 * CERT_KID_BYTES + 1)
#define CERT_SIG_BYTES		64
#define CERT_DATE_MAX		2932896 /* 9999-12-31 as days since 1970-01-01 */
/* Status-list indices run 0..CERT_STATUS_INDEX_MAX (a list of at most 2^20 entries,
 * 256 KiB of bitstring). */
#define CERT_STATUS_INDEX_MAX ((UINT32_C(1) << 20) - 1)

/* The QR budget. A payload may not exceed CERT_PAYLOAD_MAX bytes, whatever its fields
 * hold, so the text form never exceeds CERT_TEXT_MAX characters: 1,309, which fits a
 * version-24 QR code in alphanumeric mode at error correction level M (1,326). */
#define CERT_PAYLOAD_MAX 800
#define CERT_SIGNED_MAX	 (1 + 3 + CERT_PAYLOAD_MAX + 2 + CERT_SIG_BYTES)
#define CERT_PREFIX	 "BM1:"
#define CERT_PREFIX_LEN	 4
#define CERT_TEXT_MAX	 (CERT_PREFIX_LEN + CERT_SIGNED_MAX / 2 * 3 + CERT_SIGNED_MAX % 2 * 2)

/* The payload's CBOR map keys. */
enum cert_field {
	CERT_F_VERSION,
	CERT_F_NUMBER,
	CERT_F_UNIT_NAME,
	CERT_F_USCC,
	CERT_F_SCHEME,
	CERT_F_GRADE,
	CERT_F_CATEGORIES,
	CERT_F_ISSUED,
	CERT_F_VALID_FROM,
	CERT_F_VALID_UNTIL,
	CERT_F_AUTHORITY_ID,
	CERT_F_AUTHORITY_NAME,
	CERT_F_STATUS_INDEX,
	CERT_F_KID,
	CERT_F_COUNT
};

/* The field name of a map key ("unit_name"), as error messages and the docs use it. */
const char *cert_field_name(enum cert_field f);

struct cert_payload {
	uint32_t version;		  /* CERT_FORMAT_VERSION */
	char number[CERT_NUMBER_MAX + 1]; /* certificate number, text */
	char unit_name[CERT_UNIT_NAME_MAX + 1];
	char uscc[USCC_LEN + 1];	  /* with a correct check character */
	char scheme[CERT_SCHEME_MAX + 1]; /* scheme id, [A-Za-z0-9_.-] */
	char grade[CERT_GRADE_MAX + 1];	  /* grade code, same alphabet */
	int ncategories;		  /* 1..CERT_CATEGORIES_MAX */
	char categories[CERT_CATEGORIES_MAX][CERT_CATEGORY_MAX + 1]; /* ascending, unique */
	int32_t issued, valid_from, valid_until;		     /* days since 1970-01-01 */
	int64_t authority_id;					     /* >= 1 */
	char authority_name[CERT_AUTHORITY_NAME_MAX + 1];
	uint32_t status_index; /* <= CERT_STATUS_INDEX_MAX */
	unsigned char kid[CERT_KID_BYTES];
};

/*
 * Check every field of p against the schema: text that is UTF-8 without control
 * characters, non-empty and within its limit; codes over [A-Za-z0-9_.-]; a USCC whose
 * check character is right (GB 32100-2015); categories in ascending byte order without
 * repeats; dates in 1970-01-01..9999-12-31 with valid_from <= valid_until (issued may
 * lie either side of valid_from: a renewal is issued before it starts, a new version
 * after). 0, or BM_EINVAL naming the field.
 */
int certfmt_check(const struct cert_payload *p, struct bm_err *err);

/* Sort p's categories into the ascending byte order the encoding requires. */
void certfmt_sort_categories(struct cert_payload *p);

/*
 * Encode p canonically into out (cap bytes) and set *len. Fails with BM_EINVAL when
 * certfmt_check does, BM_ETOOBIG when the encoding would pass CERT_PAYLOAD_MAX bytes
 * (too much for one QR code) or cap.
 */
int certfmt_encode(const struct cert_payload *p, unsigned char *out, size_t cap, size_t *len,
		   struct bm_err *err);

/*
 * Decode exactly len bytes of payload into p. Refuses (BM_EINVAL "bad_encoding", the
 * field named where there is one) anything but the canonical encoding of a payload
 * that passes certfmt_check: indefinite lengths, longer-than-needed heads, tags,
 * floats, negative numbers, keys missing, repeated, unknown or out of order, wrong
 * types, over-long text, trailing bytes. p is unspecified after a failure.
 */
int certfmt_decode(const unsigned char *in, size_t len, struct cert_payload *p, struct bm_err *err);

/* Why a text form did not unwrap: the first three steps of verification. */
enum certfmt_text_result {
	CERTFMT_TEXT_OK = 0,
	CERTFMT_TEXT_BAD_PREFIX, /* does not start with "BM1:" */
	CERTFMT_TEXT_BAD_BASE45, /* not base45 (RFC 9285) */
	CERTFMT_TEXT_BAD_CBOR,	 /* not the canonical CBOR [payload bytes, signature] */
};

/*
 * The text form of a signed payload: "BM1:" + base45(CBOR [bstr payload, bstr sig])
 * into text (cap bytes, NUL-terminated; CERT_TEXT_MAX + 1 always suffices). 0, or
 * BM_ETOOBIG when len passes CERT_PAYLOAD_MAX or the text does not fit cap. The
 * payload bytes are wrapped as given, canonical or not (test vectors need both).
 */
int certfmt_text_encode(const unsigned char *payload, size_t len,
			const unsigned char sig[CERT_SIG_BYTES], char *text, size_t cap,
			struct bm_err *err);

/*
 * Unwrap len bytes of text (not necessarily terminated) into the payload bytes
 * (payload holds CERT_PAYLOAD_MAX) and the signature. Only the wrapping is checked,
 * not the payload. On failure err says why in one line (code "bad_prefix",
 * "bad_base45" or "bad_encoding").
 */
enum certfmt_text_result certfmt_text_decode(const char *text, size_t len,
					     unsigned char payload[CERT_PAYLOAD_MAX], size_t *plen,
					     unsigned char sig[CERT_SIG_BYTES], struct bm_err *err);

/*
 * Base45 (RFC 9285): the QR alphanumeric alphabet, two bytes to three characters.
 * encode writes NUL-terminated text into out (cap bytes): 0 or BM_ETOOBIG. decode
 * reads len characters into out (cap bytes): 0, BM_ETOOBIG, or BM_EINVAL for a
 * character outside the alphabet, a lone final character, or a group whose value
 * does not fit its bytes (err says which character).
 */
int certfmt_base45_encode(const unsigned char *in, size_t len, char *out, size_t cap,
			  size_t *outlen);
int certfmt_base45_decode(const char *in, size_t len, unsigned char *out, size_t cap,
			  size_t *outlen, struct bm_err *err);

#endif
