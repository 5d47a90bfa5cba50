/*
 * fuzz_certfmt.c - libFuzzer target for what reads a certificate someone hands in:
 * the text form and payload decoder (core/certfmt.c), the verifier (sec/certsign.c),
 * and the status-list and trust-list readers (sec/statuslist.c), in the world of the
 * test vectors (tests/vectors/certvectors.h), whose files seed the corpus.
 *
 * Input: one mode byte (taken modulo 5), then the bytes.
 *	0  a text form, verified against the vectors' trust list without a status list
 *	1  the same with the vectors' status list
 *	2  payload bytes for certfmt_decode
 *	3  a status list (JSON), used to verify the base certificate
 *	4  a trust list (JSON)
 * Besides the sanitizers the target checks the contracts: a result is one of the
 * enum; its reason is one line of UTF-8; a text that got past the encoding step is
 * exactly the canonical text of what was decoded (the text form is a bijection);
 * a payload that decodes re-encodes to the same bytes and, re-signed by key A as
 * authority 1 on a day A signs, verifies as valid; a list that reads writes out as a
 * document that reads the same.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../vectors/certvectors.h"
#include "base/err.h"
#include "base/timeutil.h"
#include "core/certfmt.h"
#include "fuzz.h"
#include "sec/certsign.h"
#include "sec/statuslist.h"
#include "base/banned.h"

/* The vectors' world, made once. */
static struct cert_trust trust;
static struct status_list base_list;
static int32_t today;
static char base_text[CERT_TEXT_MAX + 1];

static void world(void)
{
	static int done;
	struct cert_payload p;
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
	struct bm_err err;

	if (done)
		return;
	done = 1;
	bm_err_clear(&err);
	if (sodium_init() < 0 || certvec_trust(&trust, &err) != 0 ||
	    certvec_status(&base_list, &err) != 0 || bm_date_parse(CERTVEC_TODAY, &today) != 0)
		fuzz_fail("cannot build the vectors' world: %s", err.message);
	certvec_base_payload(&p);
	certvec_keypair('A', pk, sk);
	if (certsign_sign(&p, sk, base_text, &err) != 0)
		fuzz_fail("cannot sign the base certificate: %s", err.message);
}

static void check_verdict(const struct cert_verdict *v, const char *text, size_t len)
{
	unsigned char payload[CERT_PAYLOAD_MAX], again[CERT_PAYLOAD_MAX], sig[CERT_SIG_BYTES];
	char canon[CERT_TEXT_MAX + 1];
	struct bm_err err;
	size_t plen = 0, n = 0;

	if ((unsigned)v->result >= CERT_RESULT_COUNT)
		fuzz_fail("result %d", (int)v->result);
	if (v->reason[0] == '\0' || strchr(v->reason, '\n') != NULL || !fuzz_utf8_ok(v->reason))
		fuzz_fail("reason is not one line of UTF-8 (%s)", cert_result_name(v->result));
	if (cert_result_step(v->result) <= CERT_STEP_ENCODING)
		return;
	if (!v->decoded || certfmt_check(&v->payload, &err) != 0)
		fuzz_fail("%s without a well-formed payload", cert_result_name(v->result));
	if (certfmt_text_decode(text, len, payload, &plen, sig, &err) != CERTFMT_TEXT_OK)
		fuzz_fail("%s for a text that does not unwrap", cert_result_name(v->result));
	if (certfmt_encode(&v->payload, again, sizeof(again), &n, &err) != 0 || n != plen ||
	    memcmp(again, payload, n) != 0)
		fuzz_fail("the decoded payload does not re-encode to its bytes");
	if (certfmt_text_encode(again, n, sig, canon, sizeof(canon), &err) != 0 ||
	    strlen(canon) != len || memcmp(canon, text, len) != 0)
		fuzz_fail("a second text form for one certificate");
}

static void fuzz_text(const uint8_t *data, size_t size, int with_status)
{
	char *text = fuzz_copy(data, size);
	struct cert_verdict v;

	if (text == NULL)
		return;
	cert_verify(text, size, &trust, with_status ? &base_list : NULL, today,
		    CERT_MAX_AGE_DEFAULT, &v);
	check_verdict(&v, text, size);
	free(text);
}

static void fuzz_payload(const uint8_t *data, size_t size)
{
	unsigned char *in = (unsigned char *)fuzz_copy(data, size), again[CERT_PAYLOAD_MAX];
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
	char text[CERT_TEXT_MAX + 1];
	struct cert_payload p;
	struct cert_verdict v;
	struct bm_err err;
	size_t n = 0;
	int rc;

	if (in == NULL)
		return;
	bm_err_clear(&err);
	rc = certfmt_decode(in, size, &p, &err);
	if (rc != 0) {
		if (rc != BM_EINVAL || strcmp(err.ecode, "bad_encoding") != 0)
			fuzz_fail("decode returned %d (%s)", rc, err.ecode);
		fuzz_check_reportable(rc, &err);
		free(in);
		return;
	}
	if (certfmt_encode(&p, again, sizeof(again), &n, &err) != 0 || n != size ||
	    memcmp(again, in, size) != 0)
		fuzz_fail("a decoded payload does not re-encode to its bytes");
	/* whatever decodes, signed by a trusted key for its authority, verifies */
	certvec_keypair('A', pk, sk);
	certsign_key_id(pk, p.kid);
	p.authority_id = 1;
	p.issued = trust.keys[0].valid_from;
	if (certsign_sign(&p, sk, text, &err) == 0) {
		cert_verify(text, strlen(text), &trust, NULL, p.valid_from, 0, &v);
		if (v.result != CERT_VALID)
			fuzz_fail("re-signed payload: %s (%s)", cert_result_name(v.result),
				  v.reason);
	} else if (err.code != BM_ETOOBIG) {
		fuzz_fail("re-signing a decoded payload failed: %s", err.message);
	}
	free(in);
}

/* Read a status list (status) or a trust list from j into sl or t; write it back. */
static int list_read(int status, const json_t *j, struct status_list *sl, struct cert_trust *t,
		     struct bm_err *err)
{
	return status ? status_list_from_json(j, sl, err) : cert_trust_from_json(j, t, err);
}

static json_t *list_write(int status, const struct status_list *sl, const struct cert_trust *t)
{
	return status ? status_list_to_json(sl) : cert_trust_to_json(t);
}

static void list_release(int status, struct status_list *sl, struct cert_trust *t)
{
	if (status)
		status_list_release(sl);
	else
		cert_trust_release(t);
}

/* A status list (status) or a trust list: what reads writes out as a document that
 * reads the same; a status list is then used to verify the base certificate. */
static void fuzz_list(const uint8_t *data, size_t size, int status)
{
	json_t *j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	json_t *back, *twice = NULL;
	struct status_list sl, sl2;
	struct cert_trust t, t2;
	struct cert_verdict v;
	struct bm_err err;

	if (j == NULL)
		return;
	bm_err_clear(&err);
	if (list_read(status, j, &sl, &t, &err) != 0) {
		fuzz_check_reportable(err.code, &err);
		json_decref(j);
		return;
	}
	back = list_write(status, &sl, &t);
	if (back != NULL && list_read(status, back, &sl2, &t2, &err) == 0) {
		twice = list_write(status, &sl2, &t2);
		list_release(status, &sl2, &t2);
	}
	if (back == NULL || twice == NULL || !json_equal(back, twice))
		fuzz_fail("a list does not read back as it was written");
	json_decref(back);
	json_decref(twice);
	if (status) {
		cert_verify(base_text, strlen(base_text), &trust, &sl, today, CERT_MAX_AGE_DEFAULT,
			    &v);
		check_verdict(&v, base_text, strlen(base_text));
		if (v.result == CERT_VALID && !status_list_signature_ok(&sl, trust.keys[1].pk))
			fuzz_fail("valid per a status list that S did not sign");
	}
	list_release(status, &sl, &t);
	json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	world();
	switch (data[0] % 5) {
	case 0:
	case 1:
		fuzz_text(data + 1, size - 1, data[0] % 5 == 1);
		break;
	case 2:
		fuzz_payload(data + 1, size - 1);
		break;
	default:
		fuzz_list(data + 1, size - 1, data[0] % 5 == 3);
		break;
	}
	return 0;
}
