/*
 * certsign.c - certificate signatures, the trust list, and the verification steps
 * in their order; also the runner for one test vector, which `baomi cert vectors`
 * and the unit tests share.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "sec/certsign.h"
#include "base/banned.h"

#define DOMAIN_LEN (sizeof(CERT_SIGN_DOMAIN) - 1)

void certsign_key_id(const unsigned char pk[crypto_sign_PUBLICKEYBYTES],
		     unsigned char kid[CERT_KID_BYTES])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, pk, crypto_sign_PUBLICKEYBYTES);
	memcpy(kid, h, CERT_KID_BYTES);
}

/* ---- the trust list ---- */

static const char *const use_names[] = { "certificate", "status_list" };
#define N_USES (sizeof(use_names) / sizeof(use_names[0]))

static int bad_trust(struct bm_err *err, size_t i, const char *member, const char *what)
{
	char field[BM_ERR_FIELD_MAX];

	snprintf(field, sizeof(field), "keys[%zu].%s", i, member);
	return bm_err_set(err, BM_EINVAL, "invalid_trust_list", field, "trust list %s: %s", field,
			  what);
}

static int read_date(const char *s, int32_t *d)
{
	return bm_date_parse(s, d) == 0 && *d >= 0 && *d <= CERT_DATE_MAX ? 0 : -1;
}

static int read_uses(const json_t *a, unsigned *uses)
{
	size_t i;
	json_t *u;

	*uses = 0;
	if (!json_is_array(a) || json_array_size(a) < 1 || json_array_size(a) > N_USES)
		return -1;
	json_array_foreach(a, i, u)
	{
		size_t k = 0;
		while (k < N_USES &&
		       !(json_is_string(u) && strcmp(json_string_value(u), use_names[k]) == 0))
			k++;
		if (k == N_USES || (*uses & (1u << k)) != 0)
			return -1;
		*uses |= 1u << k;
	}
	return 0;
}

static int read_trust_key(const json_t *e, size_t i, struct cert_trust_key *k, struct bm_err *err)
{
	const char *kid, *authority, *pk, *from, *until;
	unsigned char want[CERT_KID_BYTES];
	json_int_t id;
	json_t *uses;

	if (!json_is_object(e) || json_object_size(e) != 7 ||
	    json_unpack((json_t *)e, "{s:s, s:I, s:s, s:s, s:s, s:s, s:o}", "kid", &kid,
			"authority_id", &id, "authority", &authority, "public_key", &pk,
			"valid_from", &from, "valid_until", &until, "uses", &uses) != 0)
		return bad_trust(err, i, "", "not an object of exactly the seven members");
	if (strlen(pk) != 2 * crypto_sign_PUBLICKEYBYTES ||
	    bm_hex_decode(pk, k->pk, sizeof(k->pk)) != 0)
		return bad_trust(err, i, "public_key", "not 64 hex digits");
	if (strlen(kid) != CERT_KID_HEX - 1 || bm_hex_decode(kid, k->kid, CERT_KID_BYTES) != 0)
		return bad_trust(err, i, "kid", "not 16 hex digits");
	certsign_key_id(k->pk, want);
	if (memcmp(want, k->kid, CERT_KID_BYTES) != 0)
		return bad_trust(err, i, "kid", "not the id of the public key");
	if (id < 1)
		return bad_trust(err, i, "authority_id", "not a positive id");
	k->authority_id = (int64_t)id;
	if (authority[0] == '\0' || strlen(authority) > CERT_AUTHORITY_NAME_MAX ||
	    !bm_text_ok(authority, CERT_AUTHORITY_NAME_MAX, 0))
		return bad_trust(err, i, "authority", "empty, too long or not text");
	bm_strlcpy(k->authority, authority, sizeof(k->authority));
	if (read_date(from, &k->valid_from) != 0)
		return bad_trust(err, i, "valid_from", "not a date YYYY-MM-DD");
	if (read_date(until, &k->valid_until) != 0 || k->valid_until < k->valid_from)
		return bad_trust(err, i, "valid_until", "not a date on or after valid_from");
	if (read_uses(uses, &k->uses) != 0)
		return bad_trust(err, i, "uses", "not a list of \"certificate\", \"status_list\"");
	return 0;
}

int cert_trust_from_json(const json_t *j, struct cert_trust *t, struct bm_err *err)
{
	const char *format;
	json_t *keys, *e;
	size_t i;
	int rc = 0;

	memset(t, 0, sizeof(*t));
	if (!json_is_object(j) || json_object_size(j) != 2 ||
	    json_unpack((json_t *)j, "{s:s, s:o}", "format", &format, "keys", &keys) != 0 ||
	    strcmp(format, CERT_TRUST_FORMAT) != 0 || !json_is_array(keys))
		return bm_err_set(err, BM_EINVAL, "invalid_trust_list", "",
				  "a trust list is {\"format\": \"" CERT_TRUST_FORMAT
				  "\", \"keys\": [...]}");
	if (json_array_size(keys) > CERT_TRUST_MAX)
		return bm_err_set(err, BM_EINVAL, "invalid_trust_list", "keys", "more than %d keys",
				  CERT_TRUST_MAX);
	t->keys = calloc(json_array_size(keys) + 1, sizeof(*t->keys));
	if (t->keys == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	json_array_foreach(keys, i, e)
	{
		if ((rc = read_trust_key(e, i, &t->keys[i], err)) != 0)
			break;
		if (cert_trust_find(t, t->keys[i].kid) != NULL) {
			rc = bad_trust(err, i, "kid", "listed twice");
			break;
		}
		t->n = i + 1;
	}
	if (rc != 0)
		cert_trust_release(t);
	return rc;
}

json_t *cert_trust_to_json(const struct cert_trust *t)
{
	json_t *keys = json_array();

	for (size_t i = 0; keys != NULL && i < t->n; i++) {
		const struct cert_trust_key *k = &t->keys[i];
		char kid[CERT_KID_HEX], pk[2 * crypto_sign_PUBLICKEYBYTES + 1];
		char from[BM_DATE_LEN], until[BM_DATE_LEN];
		json_t *uses = json_array();

		for (size_t u = 0; uses != NULL && u < N_USES; u++)
			if (k->uses & (1u << u))
				json_array_append_new(uses, json_string(use_names[u]));
		bm_hex_encode(k->kid, CERT_KID_BYTES, kid);
		bm_hex_encode(k->pk, sizeof(k->pk), pk);
		bm_date_format(k->valid_from, from);
		bm_date_format(k->valid_until, until);
		if (json_array_append_new(keys, json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:o}",
							  "kid", kid, "authority_id",
							  (json_int_t)k->authority_id, "authority",
							  k->authority, "public_key", pk,
							  "valid_from", from, "valid_until", until,
							  "uses", uses)) != 0) {
			json_decref(keys);
			keys = NULL;
		}
	}
	return keys != NULL ? json_pack("{s:s, s:o}", "format", CERT_TRUST_FORMAT, "keys", keys)
			    : NULL;
}

void cert_trust_release(struct cert_trust *t)
{
	free(t->keys);
	memset(t, 0, sizeof(*t));
}

const struct cert_trust_key *cert_trust_find(const struct cert_trust *t,
					     const unsigned char kid[CERT_KID_BYTES])
{
	for (size_t i = 0; i < t->n; i++)
		if (memcmp(t->keys[i].kid, kid, CERT_KID_BYTES) == 0)
			return &t->keys[i];
	return NULL;
}

/* ---- signing ---- */

static void signed_message(const unsigned char *payload, size_t len,
			   unsigned char msg[DOMAIN_LEN + CERT_PAYLOAD_MAX])
{
	memcpy(msg, CERT_SIGN_DOMAIN, DOMAIN_LEN);
	if (len > 0)
		memcpy(msg + DOMAIN_LEN, payload, len);
}

int certsign_sign_bytes(const unsigned char *payload, size_t len,
			const unsigned char sk[crypto_sign_SECRETKEYBYTES],
			char text[CERT_TEXT_MAX + 1], struct bm_err *err)
{
	unsigned char msg[DOMAIN_LEN + CERT_PAYLOAD_MAX], sig[crypto_sign_BYTES];

	if (len > CERT_PAYLOAD_MAX)
		return bm_err_set(err, BM_ETOOBIG, "certificate_too_large", NULL,
				  "payload of %zu bytes, more than %d", len, CERT_PAYLOAD_MAX);
	signed_message(payload, len, msg);
	crypto_sign_detached(sig, NULL, msg, DOMAIN_LEN + len, sk);
	return certfmt_text_encode(payload, len, sig, text, CERT_TEXT_MAX + 1, err);
}

int certsign_sign(const struct cert_payload *p, const unsigned char sk[crypto_sign_SECRETKEYBYTES],
		  char text[CERT_TEXT_MAX + 1], struct bm_err *err)
{
	unsigned char bytes[CERT_PAYLOAD_MAX], pk[crypto_sign_PUBLICKEYBYTES], kid[CERT_KID_BYTES];
	size_t len;
	int rc;

	crypto_sign_ed25519_sk_to_pk(pk, sk);
	certsign_key_id(pk, kid);
	if (memcmp(kid, p->kid, CERT_KID_BYTES) != 0)
		return bm_err_set(err, BM_EINVAL, "kid_mismatch", "kid",
				  "the payload names another key than the one signing it");
	if ((rc = certfmt_encode(p, bytes, sizeof(bytes), &len, err)) != 0)
		return rc;
	return certsign_sign_bytes(bytes, len, sk, text, err);
}

/* ---- names ---- */

/* Each result's name and the step whose failure gives it. */
static const struct {
	const char *name;
	enum cert_step step;
} results[CERT_RESULT_COUNT] = {
	{ "valid", CERT_STEP_COUNT },
	{ "bad_prefix", CERT_STEP_PREFIX },
	{ "bad_base45", CERT_STEP_BASE45 },
	{ "bad_encoding", CERT_STEP_ENCODING },
	{ "unknown_key", CERT_STEP_KEY },
	{ "wrong_authority", CERT_STEP_KEY },
	{ "key_not_valid", CERT_STEP_KEY_VALIDITY },
	{ "bad_signature", CERT_STEP_SIGNATURE },
	{ "not_yet_valid", CERT_STEP_VALIDITY },
	{ "expired", CERT_STEP_VALIDITY },
	{ "status_bad_signature", CERT_STEP_STATUS_SIGNATURE },
	{ "status_stale", CERT_STEP_STATUS_FRESHNESS },
	{ "status_unknown", CERT_STEP_STATUS },
	{ "suspended", CERT_STEP_STATUS },
	{ "revoked", CERT_STEP_STATUS },
};

static const char *const step_names[CERT_STEP_COUNT] = {
	"prefix",   "base45",		"encoding",	    "key",    "key_validity", "signature",
	"validity", "status_signature", "status_freshness", "status",
};

static const char *const outcome_names[] = { "pass", "fail", "skip", "none" };

const char *cert_result_name(enum cert_result r)
{
	return (unsigned)r < CERT_RESULT_COUNT ? results[r].name : "?";
}

int cert_result_parse(const char *s, enum cert_result *out)
{
	for (int r = 0; r < CERT_RESULT_COUNT; r++) {
		if (strcmp(s, results[r].name) == 0) {
			*out = (enum cert_result)r;
			return 0;
		}
	}
	return BM_EINVAL;
}

const char *cert_step_name(enum cert_step s)
{
	return (unsigned)s < CERT_STEP_COUNT ? step_names[s] : "?";
}

enum cert_step cert_result_step(enum cert_result r)
{
	return (unsigned)r < CERT_RESULT_COUNT ? results[r].step : CERT_STEP_COUNT;
}

const char *cert_outcome_name(enum cert_outcome o)
{
	return (unsigned)o <= CERT_OUTCOME_NONE ? outcome_names[o] : "?";
}

enum cert_outcome cert_step_outcome(enum cert_result r, enum cert_step s, int with_status)
{
	enum cert_step failed = cert_result_step(r);

	if (s == failed)
		return CERT_OUTCOME_FAIL;
	if (s > failed)
		return CERT_OUTCOME_SKIP;
	if (s >= CERT_STEP_STATUS_SIGNATURE && !with_status)
		return CERT_OUTCOME_NONE;
	return CERT_OUTCOME_PASS;
}

/* ---- verification ---- */

static enum cert_result verdict(struct cert_verdict *v, enum cert_result r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum cert_result verdict(struct cert_verdict *v, enum cert_result r, const char *fmt, ...)
{
	va_list ap;

	v->result = r;
	va_start(ap, fmt);
	vsnprintf(v->reason, sizeof(v->reason), fmt, ap);
	va_end(ap);
	/* names and messages come from the payload: keep the line one line of UTF-8 */
	for (char *c = v->reason; *c != '\0'; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	bm_utf8_repair(v->reason);
	return r;
}

/* The certificate's own steps: key, key validity, signature, validity. */
static enum cert_result check_certificate(const unsigned char *payload, size_t len,
					  const unsigned char sig[CERT_SIG_BYTES],
					  const struct cert_trust *trust, int32_t today,
					  struct cert_verdict *v)
{
	const struct cert_payload *p = &v->payload;
	const struct cert_trust_key *k = cert_trust_find(trust, p->kid);
	unsigned char msg[DOMAIN_LEN + CERT_PAYLOAD_MAX];
	char kid[CERT_KID_HEX], d1[BM_DATE_LEN], d2[BM_DATE_LEN], d3[BM_DATE_LEN];

	bm_hex_encode(p->kid, CERT_KID_BYTES, kid);
	if (k == NULL)
		return verdict(v, CERT_UNKNOWN_KEY, "key %s is not in the trust list", kid);
	if (!(k->uses & CERT_USE_CERTIFICATE))
		return verdict(v, CERT_UNKNOWN_KEY, "key %s is not trusted to sign certificates",
			       kid);
	if (k->authority_id != p->authority_id)
		return verdict(v, CERT_WRONG_AUTHORITY,
			       "key %s belongs to authority %lld (%s), the certificate names "
			       "authority %lld",
			       kid, (long long)k->authority_id, k->authority,
			       (long long)p->authority_id);
	if (p->issued < k->valid_from || p->issued > k->valid_until) {
		bm_date_format(k->valid_from, d1);
		bm_date_format(k->valid_until, d2);
		bm_date_format(p->issued, d3);
		return verdict(v, CERT_KEY_NOT_VALID,
			       "key %s signs from %s to %s; the certificate was issued %s", kid, d1,
			       d2, d3);
	}
	signed_message(payload, len, msg);
	if (crypto_sign_verify_detached(sig, msg, DOMAIN_LEN + len, k->pk) != 0)
		return verdict(v, CERT_BAD_SIGNATURE, "the signature does not verify with key %s",
			       kid);
	bm_date_format(today, d3);
	if (today < p->valid_from) {
		bm_date_format(p->valid_from, d1);
		return verdict(v, CERT_NOT_YET_VALID, "valid from %s; today is %s", d1, d3);
	}
	if (today > p->valid_until) {
		bm_date_format(p->valid_until, d2);
		return verdict(v, CERT_EXPIRED, "expired after %s; today is %s", d2, d3);
	}
	return CERT_VALID;
}

/* The status steps: the list's signature, its age, the certificate's entry. */
static enum cert_result check_status(const struct status_list *sl, const struct cert_trust *trust,
				     int32_t today, int max_age, struct cert_verdict *v)
{
	const struct cert_trust_key *k = cert_trust_find(trust, sl->kid);
	int32_t issued = bm_date_cst(sl->issued);
	uint32_t index = v->payload.status_index;
	struct status_bits bits;
	struct bm_err err;
	char kid[CERT_KID_HEX], d1[BM_DATE_LEN];
	static const char *const what[] = { "valid", "suspended", "revoked", "reserved" };

	bm_hex_encode(sl->kid, CERT_KID_BYTES, kid);
	bm_date_format(issued, d1);
	if (k == NULL || !(k->uses & CERT_USE_STATUS_LIST))
		return verdict(v, CERT_STATUS_BAD_SIGNATURE,
			       "the status list's key %s is not trusted to sign status lists", kid);
	if (issued < k->valid_from || issued > k->valid_until)
		return verdict(v, CERT_STATUS_BAD_SIGNATURE,
			       "the status list's key %s did not sign on %s, its issue date", kid,
			       d1);
	if (!status_list_signature_ok(sl, k->pk))
		return verdict(v, CERT_STATUS_BAD_SIGNATURE,
			       "the status list's signature does not verify with key %s", kid);
	v->status_age = today - issued;
	if (v->status_age > max_age)
		return verdict(v, CERT_STATUS_STALE,
			       "the status list was issued %s, %d days ago (at most %d allowed)",
			       d1, (int)v->status_age, max_age);
	if (index >= sl->size)
		return verdict(v, CERT_STATUS_UNKNOWN,
			       "index %lu is beyond the status list's %lu entries",
			       (unsigned long)index, (unsigned long)sl->size);
	bm_err_clear(&err);
	if (status_list_expand(sl, &bits, &err) != 0)
		return verdict(v, CERT_STATUS_UNKNOWN, "the status list is broken: %s",
			       err.message);
	v->status = status_bits_get(&bits, index);
	v->status_checked = 1;
	status_bits_release(&bits);
	switch (v->status) {
	case CERT_STATUS_VALID:
		return CERT_VALID;
	case CERT_STATUS_SUSPENDED:
		return verdict(v, CERT_SUSPENDED, "entry %lu of the status list of %s: suspended",
			       (unsigned long)index, d1);
	case CERT_STATUS_REVOKED:
		return verdict(v, CERT_REVOKED, "entry %lu of the status list of %s: revoked",
			       (unsigned long)index, d1);
	case CERT_STATUS_RESERVED:
		break;
	}
	return verdict(v, CERT_STATUS_UNKNOWN, "entry %lu of the status list of %s holds %s",
		       (unsigned long)index, d1, what[v->status & 3]);
}

enum cert_result cert_verify(const char *text, size_t len, const struct cert_trust *trust,
			     const struct status_list *sl, int32_t today, int max_age,
			     struct cert_verdict *v)
{
	static const enum cert_result unwrap[] = { CERT_VALID, CERT_BAD_PREFIX, CERT_BAD_BASE45,
						   CERT_BAD_ENCODING };
	unsigned char payload[CERT_PAYLOAD_MAX], sig[CERT_SIG_BYTES];
	const struct cert_payload *p = &v->payload;
	char d1[BM_DATE_LEN], d2[BM_DATE_LEN];
	enum certfmt_text_result tr;
	struct bm_err err;
	size_t plen = 0;
	enum cert_result r;

	memset(v, 0, sizeof(*v));
	bm_err_clear(&err);
	tr = certfmt_text_decode(text, len, payload, &plen, sig, &err);
	if (tr != CERTFMT_TEXT_OK)
		return verdict(v, unwrap[tr], "%s", err.message);
	if (certfmt_decode(payload, plen, &v->payload, &err) != 0)
		return verdict(v, CERT_BAD_ENCODING, "%s", err.message);
	v->decoded = 1;
	if ((r = check_certificate(payload, plen, sig, trust, today, v)) != CERT_VALID)
		return r;
	if (sl != NULL && (r = check_status(sl, trust, today, max_age, v)) != CERT_VALID)
		return r;
	bm_date_format(p->valid_from, d1);
	bm_date_format(p->valid_until, d2);
	if (sl != NULL)
		return verdict(v, CERT_VALID,
			       "%s, %s, %s %s, valid %s to %s; not suspended or revoked per a "
			       "status list %d days old",
			       p->number, p->unit_name, p->scheme, p->grade, d1, d2,
			       (int)v->status_age);
	return verdict(v, CERT_VALID, "%s, %s, %s %s, valid %s to %s; status not checked",
		       p->number, p->unit_name, p->scheme, p->grade, d1, d2);
}

/* ---- test vectors ---- */

static int bad_vector(struct bm_err *err, const char *member, const char *what)
{
	return bm_err_set(err, BM_EINVAL, "invalid_vector", member, "vector %s: %s", member, what);
}

/* Compare the vector's "steps" object with what a verification ending in r did. */
static int check_steps(const json_t *steps, enum cert_result r, int with_status, struct bm_err *err)
{
	if (!json_is_object(steps) || json_object_size(steps) != CERT_STEP_COUNT)
		return bad_vector(err, "steps", "not an object naming every step");
	for (int s = 0; s < CERT_STEP_COUNT; s++) {
		const char *name = step_names[s];
		const char *want = json_string_value(json_object_get(steps, name));
		const char *got =
			cert_outcome_name(cert_step_outcome(r, (enum cert_step)s, with_status));
		if (want == NULL)
			return bad_vector(err, "steps", "a step is missing");
		if (strcmp(want, got) != 0)
			return bm_err_set(err, BM_ECONFLICT, "vector_mismatch", "steps",
					  "step %s: expected %s, got %s", name, want, got);
	}
	return 0;
}

int cert_vector_check(const json_t *vec, struct cert_verdict *got, struct bm_err *err)
{
	const char *text, *now, *expected;
	json_t *trust_j, *status_j, *steps;
	json_int_t max_age;
	struct cert_trust trust;
	struct status_list sl;
	enum cert_result want;
	int32_t today;
	int rc;

	memset(got, 0, sizeof(*got));
	memset(&sl, 0, sizeof(sl));
	if (!json_is_object(vec) ||
	    json_unpack((json_t *)vec, "{s:s, s:o, s:o, s:s, s:I, s:s, s:o}", "payload", &text,
			"trust_list", &trust_j, "status_list", &status_j, "now", &now, "max_age",
			&max_age, "expected", &expected, "steps", &steps) != 0)
		return bad_vector(err, "",
				  "needs payload, trust_list, status_list, now, max_age, expected "
				  "and steps");
	if (bm_date_parse(now, &today) != 0)
		return bad_vector(err, "now", "not a date YYYY-MM-DD");
	if (max_age < 0 || max_age > CERT_MAX_AGE_MAX)
		return bad_vector(err, "max_age", "outside 0..3650 days");
	if (cert_result_parse(expected, &want) != 0)
		return bad_vector(err, "expected", "not a result name");
	if ((rc = cert_trust_from_json(trust_j, &trust, err)) != 0)
		return rc;
	if (!json_is_null(status_j) && (rc = status_list_from_json(status_j, &sl, err)) != 0) {
		cert_trust_release(&trust);
		return rc;
	}
	cert_verify(text, strlen(text), &trust, json_is_null(status_j) ? NULL : &sl, today,
		    (int)max_age, got);
	if (got->result != want)
		rc = bm_err_set(err, BM_ECONFLICT, "vector_mismatch", "expected",
				"expected %s, got %s: %s", expected, cert_result_name(got->result),
				got->reason);
	else
		rc = check_steps(steps, want, !json_is_null(status_j), err);
	status_list_release(&sl);
	cert_trust_release(&trust);
	return rc;
}
