/*
 * statuslist.c - building, signing, reading and expanding the status list.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "sec/certsign.h"
#include "sec/statuslist.h"
#include "base/banned.h"

#define DOMAIN_LEN (sizeof(STATUS_LIST_DOMAIN) - 1)
#define HEADER_LEN (DOMAIN_LEN + 8 + 4 + CERT_KID_BYTES)

static size_t bits_bytes(uint32_t size)
{
	return ((size_t)size + 3) / 4;
}

/* The most a compressed list of the largest size may take (zlib's own bound). */
static size_t compressed_max(void)
{
	return (size_t)compressBound((uLong)bits_bytes(STATUS_LIST_MAX_ENTRIES));
}

int status_bits_init(struct status_bits *b, uint32_t size, struct bm_err *err)
{
	memset(b, 0, sizeof(*b));
	if (size < 1 || size > STATUS_LIST_MAX_ENTRIES)
		return bm_err_set(err, BM_EINVAL, "invalid_status_list", "size",
				  "a status list holds 1..%lu entries",
				  (unsigned long)STATUS_LIST_MAX_ENTRIES);
	b->bits = calloc(bits_bytes(size), 1);
	if (b->bits == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	b->size = size;
	return 0;
}

void status_bits_release(struct status_bits *b)
{
	free(b->bits);
	memset(b, 0, sizeof(*b));
}

static unsigned shift_of(uint32_t index)
{
	return 6u - 2u * (index % 4u);
}

void status_bits_set(struct status_bits *b, uint32_t index, enum cert_status s)
{
	unsigned char *p;
	unsigned sh = shift_of(index);

	assert(index < b->size);
	p = &b->bits[index / 4];
	*p = (unsigned char)((*p & ~(3u << sh)) | (((unsigned)s & 3u) << sh));
}

enum cert_status status_bits_get(const struct status_bits *b, uint32_t index)
{
	assert(index < b->size);
	return (enum cert_status)((b->bits[index / 4] >> shift_of(index)) & 3u);
}

/* The signed message: domain, issue time, size, key id, compressed list. */
static unsigned char *signed_message(const struct status_list *sl, size_t *len)
{
	unsigned char *m = malloc(HEADER_LEN + sl->list_len);

	if (m == NULL)
		return NULL;
	memcpy(m, STATUS_LIST_DOMAIN, DOMAIN_LEN);
	for (int i = 0; i < 8; i++)
		m[DOMAIN_LEN + (size_t)i] = (unsigned char)((uint64_t)sl->issued >> (56 - 8 * i));
	for (int i = 0; i < 4; i++)
		m[DOMAIN_LEN + 8 + (size_t)i] = (unsigned char)(sl->size >> (24 - 8 * i));
	memcpy(m + DOMAIN_LEN + 12, sl->kid, CERT_KID_BYTES);
	if (sl->list_len > 0)
		memcpy(m + HEADER_LEN, sl->list, sl->list_len);
	*len = HEADER_LEN + sl->list_len;
	return m;
}

int status_list_seal(struct status_list *sl, const unsigned char sk[crypto_sign_SECRETKEYBYTES],
		     struct bm_err *err)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], *msg;
	size_t mlen;

	crypto_sign_ed25519_sk_to_pk(pk, sk);
	certsign_key_id(pk, sl->kid);
	msg = signed_message(sl, &mlen);
	if (msg == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	crypto_sign_detached(sl->sig, NULL, msg, mlen, sk);
	free(msg);
	return 0;
}

int status_list_sign(struct status_list *out, const struct status_bits *b, int64_t issued,
		     const unsigned char sk[crypto_sign_SECRETKEYBYTES], struct bm_err *err)
{
	uLongf clen = compressBound((uLong)bits_bytes(b->size));
	int rc;

	memset(out, 0, sizeof(*out));
	out->list = malloc(clen);
	if (out->list == NULL || compress2(out->list, &clen, b->bits, (uLong)bits_bytes(b->size),
					   Z_BEST_COMPRESSION) != Z_OK) {
		status_list_release(out);
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "cannot compress the status list");
	}
	out->list_len = clen;
	out->issued = issued;
	out->size = b->size;
	if ((rc = status_list_seal(out, sk, err)) != 0)
		status_list_release(out);
	return rc;
}

void status_list_release(struct status_list *sl)
{
	free(sl->list);
	memset(sl, 0, sizeof(*sl));
}

int status_list_signature_ok(const struct status_list *sl,
			     const unsigned char pk[crypto_sign_PUBLICKEYBYTES])
{
	size_t mlen;
	unsigned char *msg = signed_message(sl, &mlen);
	int ok = msg != NULL && crypto_sign_verify_detached(sl->sig, msg, mlen, pk) == 0;

	free(msg);
	return ok;
}

int status_list_expand(const struct status_list *sl, struct status_bits *out, struct bm_err *err)
{
	size_t want = bits_bytes(sl->size);
	uLongf got = (uLongf)want + 1; /* one byte more shows a stream that is too long */
	uLong used = (uLong)sl->list_len;
	unsigned char *bits;
	int zrc;

	memset(out, 0, sizeof(*out));
	if (sl->size < 1 || sl->size > STATUS_LIST_MAX_ENTRIES)
		return bm_err_set(err, BM_EINVAL, "invalid_status_list", "size",
				  "the status list claims %lu entries", (unsigned long)sl->size);
	bits = malloc(want + 1);
	if (bits == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	zrc = uncompress2(bits, &got, sl->list, &used);
	if (zrc != Z_OK || got != want || used != sl->list_len) {
		free(bits);
		return bm_err_set(err, BM_EINVAL, "invalid_status_list", "list",
				  "the list is not one zlib stream of exactly %zu bytes", want);
	}
	if ((bits[want - 1] & ((1u << shift_of(sl->size - 1)) - 1u)) != 0) {
		free(bits);
		return bm_err_set(err, BM_EINVAL, "invalid_status_list", "list",
				  "bits past entry %lu are set", (unsigned long)sl->size - 1);
	}
	out->bits = bits;
	out->size = sl->size;
	return 0;
}

/* ---- the JSON file form ---- */

static json_t *base64_json(const unsigned char *bin, size_t len)
{
	size_t cap = sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL);
	char *text = malloc(cap);
	json_t *j = NULL;

	if (text != NULL) {
		sodium_bin2base64(text, cap, bin, len, sodium_base64_VARIANT_ORIGINAL);
		j = json_string(text);
	}
	free(text);
	return j;
}

json_t *status_list_to_json(const struct status_list *sl)
{
	char ts[BM_TS_LEN], kid[CERT_KID_HEX];

	bm_ts_format(sl->issued, ts);
	bm_hex_encode(sl->kid, CERT_KID_BYTES, kid);
	return json_pack("{s:s, s:s, s:s, s:I, s:o, s:o}", "format", STATUS_LIST_FORMAT, "issued",
			 ts, "kid", kid, "size", (json_int_t)sl->size, "list",
			 base64_json(sl->list, sl->list_len), "signature",
			 base64_json(sl->sig, sizeof(sl->sig)));
}

/* Exactly len bytes of base64 (standard alphabet, padded, canonical) from s into a
 * new buffer of at most max bytes. */
static int base64_read(const char *s, size_t max, unsigned char **out, size_t *len)
{
	size_t slen = strlen(s), n = 0;
	const char *end = NULL;
	unsigned char *bin = malloc(max > 0 ? max : 1);

	if (bin == NULL ||
	    sodium_base642bin(bin, max, s, slen, NULL, &n, &end, sodium_base64_VARIANT_ORIGINAL) !=
		    0 ||
	    end != s + slen) {
		free(bin);
		return -1;
	}
	*out = bin;
	*len = n;
	return 0;
}

static int bad_member(struct bm_err *err, const char *member, const char *what)
{
	return bm_err_set(err, BM_EINVAL, "invalid_status_list", member, "status list %s: %s",
			  member, what);
}

int status_list_from_json(const json_t *j, struct status_list *out, struct bm_err *err)
{
	static const char *const members[] = { "format", "issued", "kid",
					       "size",	 "list",   "signature" };
	const char *format, *issued, *kid, *list, *sig;
	char again[BM_TS_LEN];
	json_int_t size;
	unsigned char *sigbin = NULL;
	size_t siglen = 0;

	memset(out, 0, sizeof(*out));
	if (!json_is_object(j) || json_object_size(j) != sizeof(members) / sizeof(members[0]))
		return bad_member(err, "", "not an object of exactly the six members");
	if (json_unpack((json_t *)j, "{s:s, s:s, s:s, s:I, s:s, s:s}", "format", &format, "issued",
			&issued, "kid", &kid, "size", &size, "list", &list, "signature", &sig) != 0)
		return bad_member(err, "", "a member is missing or of the wrong type");
	if (strcmp(format, STATUS_LIST_FORMAT) != 0)
		return bad_member(err, "format", "not " STATUS_LIST_FORMAT);
	if (strlen(issued) != BM_TS_LEN - 1 || bm_ts_parse(issued, &out->issued) != 0)
		return bad_member(err, "issued", "not a timestamp YYYY-MM-DDTHH:MM:SS.mmmZ");
	bm_ts_format(out->issued, again);
	if (strcmp(again, issued) != 0)
		return bad_member(err, "issued", "not a timestamp YYYY-MM-DDTHH:MM:SS.mmmZ");
	if (strlen(kid) != CERT_KID_HEX - 1 || bm_hex_decode(kid, out->kid, CERT_KID_BYTES) != 0)
		return bad_member(err, "kid", "not 16 hex digits");
	if (size < 1 || size > (json_int_t)STATUS_LIST_MAX_ENTRIES)
		return bad_member(err, "size", "outside 1..1048576");
	out->size = (uint32_t)size;
	if (base64_read(sig, crypto_sign_BYTES, &sigbin, &siglen) != 0 ||
	    siglen != crypto_sign_BYTES) {
		free(sigbin);
		return bad_member(err, "signature", "not 64 bytes of base64");
	}
	memcpy(out->sig, sigbin, crypto_sign_BYTES);
	free(sigbin);
	if (base64_read(list, compressed_max(), &out->list, &out->list_len) != 0 ||
	    out->list_len == 0) {
		status_list_release(out);
		return bad_member(err, "list", "not base64 of a compressed list");
	}
	return 0;
}
