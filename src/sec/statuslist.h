/*
 * statuslist.h - the certificate status list: which certificates are suspended or
 * revoked, as one signed, compressed bitstring (the W3C Bitstring Status List idea),
 * so that a verifier holding a copy can check status offline and see how old its
 * copy is.
 *
 * Every certificate carries an index into the list. The list holds 2 bits per index
 * (enum cert_status), the first index in the two most significant bits of the first
 * byte; unused bits at the end are zero. The bitstring travels zlib-compressed
 * (RFC 1950), and an Ed25519 signature covers the issue time, the entry count, the
 * signer's key id and the compressed bytes, after the domain string
 * "baomi status list v1". docs/certificate-format.md gives the JSON file form.
 */
#ifndef BM_STATUSLIST_H
#define BM_STATUSLIST_H

#include <jansson.h>
#include <sodium.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/certfmt.h"

#define STATUS_LIST_MAX_ENTRIES (CERT_STATUS_INDEX_MAX + 1)
#define STATUS_LIST_DOMAIN	"baomi status list v1"
#define STATUS_LIST_FORMAT	"baomi-status-list-v1"

enum cert_status {
	CERT_STATUS_VALID = 0,
	CERT_STATUS_SUSPENDED = 1,
	CERT_STATUS_REVOKED = 2,
	CERT_STATUS_RESERVED = 3, /* never written; a verifier reads it as "unknown" */
};

/* The uncompressed bitstring, as the issuer keeps it. */
struct status_bits {
	uint32_t size;	     /* entries */
	unsigned char *bits; /* ceil(size / 4) bytes, malloc'd */
};

/* size entries (1..STATUS_LIST_MAX_ENTRIES), all valid. 0, BM_EINVAL or BM_EINTERNAL
 * (out of memory). */
int status_bits_init(struct status_bits *b, uint32_t size, struct bm_err *err);
void status_bits_release(struct status_bits *b);
/* Set or read entry index, which must be < b->size (a bug otherwise). */
void status_bits_set(struct status_bits *b, uint32_t index, enum cert_status s);
enum cert_status status_bits_get(const struct status_bits *b, uint32_t index);

/* A status list as published: compressed and signed. Not trusted until verified. */
struct status_list {
	int64_t issued; /* UTC milliseconds */
	uint32_t size;	/* entries */
	unsigned char kid[CERT_KID_BYTES];
	unsigned char *list; /* zlib stream, malloc'd */
	size_t list_len;
	unsigned char sig[crypto_sign_BYTES];
};

/*
 * Compress b and sign it with sk (64-byte Ed25519 secret key) as issued at issued
 * (UTC ms). The key id is computed from sk's public half. out owns new memory on
 * success. 0, or BM_EINTERNAL.
 */
int status_list_sign(struct status_list *out, const struct status_bits *b, int64_t issued,
		     const unsigned char sk[crypto_sign_SECRETKEYBYTES], struct bm_err *err);
void status_list_release(struct status_list *sl);
/* Set sl's key id to sk's and sign its fields as they stand, well formed or not (test
 * vectors need a good signature over a broken list). 0 or BM_EINTERNAL. */
int status_list_seal(struct status_list *sl, const unsigned char sk[crypto_sign_SECRETKEYBYTES],
		     struct bm_err *err);

/* 1 when sl's signature verifies with pk, else 0. */
int status_list_signature_ok(const struct status_list *sl,
			     const unsigned char pk[crypto_sign_PUBLICKEYBYTES]);

/*
 * Decompress sl's list into out (which owns new memory on success). Refuses a stream
 * that is not zlib, does not inflate to exactly ceil(size / 4) bytes, has bytes after
 * its end, or sets the unused bits. 0 or BM_EINVAL (err says why).
 */
int status_list_expand(const struct status_list *sl, struct status_bits *out, struct bm_err *err);

/* The JSON file form; NULL when out of memory. */
json_t *status_list_to_json(const struct status_list *sl);
/*
 * Read the JSON file form strictly (exactly the documented members, each well
 * formed). Checks the shape only, not the signature. out owns new memory on success.
 * 0 or BM_EINVAL naming the member.
 */
int status_list_from_json(const json_t *j, struct status_list *out, struct bm_err *err);

#endif
