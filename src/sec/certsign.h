/*
 * certsign.h - signing certificates, and verifying them offline against a trust list
 * and, optionally, a status list.
 *
 * The signature is Ed25519 over "baomi certificate v1" followed by the payload bytes
 * (core/certfmt.h). A key is named by its key id: the first 8 bytes of SHA-256 of its
 * public key. The trust list says, for each key id, the authority it belongs to, the
 * public key, the days it may sign on and what it may sign (certificates, status
 * lists). Verification runs a fixed sequence of steps and stops at the first that
 * fails, so the result names exactly one step; docs/certificate-format.md lists them.
 */
#ifndef BM_CERTSIGN_H
#define BM_CERTSIGN_H

#include <jansson.h>
#include <sodium.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/certfmt.h"
#include "sec/statuslist.h"

#define CERT_SIGN_DOMAIN     "baomi certificate v1"
#define CERT_TRUST_FORMAT    "baomi-trust-list-v1"
#define CERT_TRUST_MAX	     256  /* keys in one trust list */
#define CERT_REASON_MAX	     768  /* room for the longest names */
#define CERT_MAX_AGE_DEFAULT 7	  /* days a status list stays fresh */
#define CERT_MAX_AGE_MAX     3650 /* the most a caller may allow */

/* What a trusted key may sign (bits). */
enum { CERT_USE_CERTIFICATE = 1u << 0, CERT_USE_STATUS_LIST = 1u << 1 };

struct cert_trust_key {
	unsigned char kid[CERT_KID_BYTES];
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	int64_t authority_id;
	char authority[CERT_AUTHORITY_NAME_MAX + 1];
	int32_t valid_from, valid_until; /* days; the key signs on these days and between */
	unsigned uses;			 /* CERT_USE_* */
};

struct cert_trust {
	size_t n;
	struct cert_trust_key *keys; /* malloc'd */
};

/* The key id of an Ed25519 public key: SHA-256(pk)[0..8). */
void certsign_key_id(const unsigned char pk[crypto_sign_PUBLICKEYBYTES],
		     unsigned char kid[CERT_KID_BYTES]);

/*
 * Read a trust list (JSON file form) strictly: exactly the documented members, key
 * ids that are the ids of their public keys and do not repeat, dates in order, at
 * most CERT_TRUST_MAX keys. t owns new memory on success. 0, BM_EINVAL naming the
 * member, or BM_EINTERNAL.
 */
int cert_trust_from_json(const json_t *j, struct cert_trust *t, struct bm_err *err);
/* The JSON file form of t; NULL when out of memory. */
json_t *cert_trust_to_json(const struct cert_trust *t);
void cert_trust_release(struct cert_trust *t);
/* The key with this id, or NULL. */
const struct cert_trust_key *cert_trust_find(const struct cert_trust *t,
					     const unsigned char kid[CERT_KID_BYTES]);

/*
 * Sign p with sk (a 64-byte Ed25519 secret key) and write its text form into text.
 * p->kid must be the id of sk's public key, so a payload cannot name a key other
 * than the one that signed it. 0; BM_EINVAL for a field or a kid that does not
 * match; BM_ETOOBIG when p is too large for one QR code.
 */
int certsign_sign(const struct cert_payload *p, const unsigned char sk[crypto_sign_SECRETKEYBYTES],
		  char text[CERT_TEXT_MAX + 1], struct bm_err *err);
/* Sign len payload bytes as they are, canonical or not, and write the text form:
 * for test vectors that must carry a good signature over a bad payload. */
int certsign_sign_bytes(const unsigned char *payload, size_t len,
			const unsigned char sk[crypto_sign_SECRETKEYBYTES],
			char text[CERT_TEXT_MAX + 1], struct bm_err *err);

/* The verification steps, in the order they run. */
enum cert_step {
	CERT_STEP_PREFIX,	    /* "BM1:" */
	CERT_STEP_BASE45,	    /* RFC 9285 */
	CERT_STEP_ENCODING,	    /* canonical CBOR, the payload schema */
	CERT_STEP_KEY,		    /* key id trusted for certificates, of the named authority */
	CERT_STEP_KEY_VALIDITY,	    /* the issue date lies within the key's validity */
	CERT_STEP_SIGNATURE,	    /* Ed25519 */
	CERT_STEP_VALIDITY,	    /* valid_from <= today <= valid_until */
	CERT_STEP_STATUS_SIGNATURE, /* the status list: trusted key, valid then, signature */
	CERT_STEP_STATUS_FRESHNESS, /* the status list is at most max_age days old */
	CERT_STEP_STATUS,	    /* the certificate's entry */
	CERT_STEP_COUNT
};

/* The outcome of a verification: valid, or the one failure that stopped it. */
enum cert_result {
	CERT_VALID = 0,
	CERT_BAD_PREFIX,
	CERT_BAD_BASE45,
	CERT_BAD_ENCODING,
	CERT_UNKNOWN_KEY,     /* not in the trust list, or not trusted for certificates */
	CERT_WRONG_AUTHORITY, /* the key belongs to another authority than the one named */
	CERT_KEY_NOT_VALID,   /* the certificate was issued outside the key's validity */
	CERT_BAD_SIGNATURE,
	CERT_NOT_YET_VALID,
	CERT_EXPIRED,
	CERT_STATUS_BAD_SIGNATURE, /* forged, or signed by a key not trusted for it then */
	CERT_STATUS_STALE,
	CERT_STATUS_UNKNOWN, /* index beyond the list, the reserved value, a broken list */
	CERT_SUSPENDED,
	CERT_REVOKED,
	CERT_RESULT_COUNT
};

/* "expired", ...; cert_result_parse is its inverse (0 or BM_EINVAL). */
const char *cert_result_name(enum cert_result r);
int cert_result_parse(const char *s, enum cert_result *out);
const char *cert_step_name(enum cert_step s);
/* The step whose failure gives r (CERT_STEP_COUNT for CERT_VALID). */
enum cert_step cert_result_step(enum cert_result r);

/* What a step did: passed, failed, was not reached, or had nothing to check (the
 * status steps without a status list). */
enum cert_outcome { CERT_OUTCOME_PASS, CERT_OUTCOME_FAIL, CERT_OUTCOME_SKIP, CERT_OUTCOME_NONE };
const char *cert_outcome_name(enum cert_outcome o);
/* What step s did in a verification that ended with r. */
enum cert_outcome cert_step_outcome(enum cert_result r, enum cert_step s, int with_status);

struct cert_verdict {
	enum cert_result result;
	char reason[CERT_REASON_MAX]; /* one line, for people */
	int decoded;		      /* 1 when payload holds the decoded certificate */
	struct cert_payload payload;
	int status_checked;	 /* 1 when a status list was read for the entry */
	enum cert_status status; /* the entry, when status_checked */
	int32_t status_age;	 /* days since the list's issue date, when one was given */
};

/*
 * Verify len bytes of text (the "BM1:" form) on the civil date today: every step of
 * enum cert_step in order, the status steps only when sl is not NULL (a status list
 * as read, not yet verified). A status list is stale when its issue date (China
 * Standard Time) lies more than max_age days before today. Fills v and returns its
 * result. Never fails otherwise: out of memory while expanding the status list reads
 * as CERT_STATUS_UNKNOWN.
 */
enum cert_result cert_verify(const char *text, size_t len, const struct cert_trust *trust,
			     const struct status_list *sl, int32_t today, int max_age,
			     struct cert_verdict *v);

/*
 * Run one test vector of tests/vectors/certificates/ (docs/certificate-format.md,
 * "Test vectors"): verify its payload in its context and compare the result and the
 * per-step outcomes with the expected ones. 0 when they agree; BM_ECONFLICT when they
 * differ (err says how); BM_EINVAL for a malformed vector. got holds the verdict
 * whenever the vector could be run.
 */
int cert_vector_check(const json_t *vec, struct cert_verdict *got, struct bm_err *err);

#endif
