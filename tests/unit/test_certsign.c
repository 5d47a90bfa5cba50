/*
 * test_certsign.c - unit tests of src/sec/certsign (signing, the trust list, the
 * verification steps) and src/sec/statuslist (the bitstring, its compression and
 * signature, the JSON form).
 *
 * Each verification result is reached here from plain data, at the edges of its
 * rule: the key's first and last day, the certificate's first and last day, a
 * status list exactly max_age days old and one day more. Signatures are checked to
 * cover every field and to be domain-separated (a signature over the payload alone,
 * or under the status list's domain, does not verify). The readers of both JSON
 * files refuse each malformed member.
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
#include "base/str.h"
#include "base/timeutil.h"
#include "sec/certsign.h"
#include "sec/statuslist.h"
#include "base/banned.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- a small world: two keys, one certificate ---- */

struct world {
	unsigned char sk[2][crypto_sign_SECRETKEYBYTES];
	struct cert_trust_key keys[2];
	struct cert_trust trust;
	struct cert_payload p;
	char text[CERT_TEXT_MAX + 1];
};

static int32_t day(const char *s)
{
	int32_t d = 0;

	assert_int_equal(bm_date_parse(s, &d), 0);
	return d;
}

/* Key 0: authority 7, certificates and status lists, 2020-01-01..2030-12-31.
 * Key 1: authority 8, certificates only, the same days. The certificate: authority 7,
 * issued 2025-01-10, valid 2025-01-10..2030-01-09, status index 3, signed by key 0. */
static void world_init(struct world *w)
{
	struct bm_err err;

	memset(w, 0, sizeof(*w));
	for (int i = 0; i < 2; i++) {
		unsigned char seed[crypto_sign_SEEDBYTES] = { (unsigned char)(0x70 + i) };
		struct cert_trust_key *k = &w->keys[i];
		crypto_sign_seed_keypair(k->pk, w->sk[i], seed);
		certsign_key_id(k->pk, k->kid);
		k->authority_id = 7 + i;
		snprintf(k->authority, sizeof(k->authority), "Bureau %d", 7 + i);
		k->valid_from = day("2020-01-01");
		k->valid_until = day("2030-12-31");
		k->uses =
			i == 0 ? CERT_USE_CERTIFICATE | CERT_USE_STATUS_LIST : CERT_USE_CERTIFICATE;
	}
	w->trust.n = 2;
	w->trust.keys = w->keys;
	w->p.version = CERT_FORMAT_VERSION;
	memcpy(w->p.number, "T-1", 4);
	memcpy(w->p.unit_name, "测试单位", sizeof("测试单位"));
	memcpy(w->p.uscc, "91110000100000000R", 19);
	memcpy(w->p.scheme, "integration", 12);
	memcpy(w->p.grade, "B", 2);
	w->p.ncategories = 1;
	memcpy(w->p.categories[0], "supervision", 12);
	w->p.issued = w->p.valid_from = day("2025-01-10");
	w->p.valid_until = day("2030-01-09");
	w->p.authority_id = 7;
	memcpy(w->p.authority_name, "Bureau 7", 9);
	w->p.status_index = 3;
	memcpy(w->p.kid, w->keys[0].kid, CERT_KID_BYTES);
	bm_err_clear(&err);
	assert_int_equal(certsign_sign(&w->p, w->sk[0], w->text, &err), 0);
}

static enum cert_result verify(const struct world *w, const char *text,
			       const struct status_list *sl, const char *today, int max_age)
{
	struct cert_verdict v;
	enum cert_result r =
		cert_verify(text, strlen(text), &w->trust, sl, day(today), max_age, &v);

	assert_int_equal(r, v.result);
	assert_true(v.reason[0] != '\0');
	assert_null(strchr(v.reason, '\n'));
	return r;
}

/* Re-sign w->p with key k (its kid put in the payload). */
static void resign(struct world *w, int k)
{
	struct bm_err err;

	memcpy(w->p.kid, w->keys[k].kid, CERT_KID_BYTES);
	assert_int_equal(certsign_sign(&w->p, w->sk[k], w->text, &err), 0);
}

#define expect(w, text, sl, today, age, want)                                                      \
	do {                                                                                       \
		enum cert_result got_ = verify(w, text, sl, today, age);                           \
		if (got_ != (want))                                                                \
			fail_msg("%s:%d: got %s, want %s", __FILE__, __LINE__,                     \
				 cert_result_name(got_), cert_result_name(want));                  \
	} while (0)

/* ---- key ids and signing ---- */

static void test_key_id(void **state)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], kid[CERT_KID_BYTES];
	char hex[CERT_KID_HEX];

	(void)state;
	for (int i = 0; i < (int)sizeof(pk); i++)
		pk[i] = (unsigned char)i;
	certsign_key_id(pk, kid);
	bm_hex_encode(kid, sizeof(kid), hex);
	/* SHA-256 of the bytes 00..1f begins 630dcd2966c43366 */
	assert_string_equal(hex, "630dcd2966c43366");
}

static void test_sign_and_verify(void **state)
{
	struct world w;
	struct cert_verdict v;
	struct bm_err err;
	char text[CERT_TEXT_MAX + 1];

	(void)state;
	world_init(&w);
	assert_int_equal(
		cert_verify(w.text, strlen(w.text), &w.trust, NULL, day("2026-01-01"), 7, &v),
		CERT_VALID);
	assert_true(v.decoded);
	assert_memory_equal(&v.payload, &w.p, sizeof(w.p));
	assert_non_null(strstr(v.reason, "status not checked"));
	/* Ed25519 is deterministic: the same payload, the same text */
	assert_int_equal(certsign_sign(&w.p, w.sk[0], text, &err), 0);
	assert_string_equal(text, w.text);
	/* a payload that names another key than the signer is refused */
	assert_int_equal(certsign_sign(&w.p, w.sk[1], text, &err), BM_EINVAL);
	assert_string_equal(err.ecode, "kid_mismatch");
	/* so is a payload that does not pass the schema */
	w.p.ncategories = 0;
	assert_int_equal(certsign_sign(&w.p, w.sk[0], text, &err), BM_EINVAL);
}

static void test_signature_domain(void **state)
{
	unsigned char payload[CERT_PAYLOAD_MAX], msg[40 + CERT_PAYLOAD_MAX], sig[64];
	struct world w;
	struct bm_err err;
	char text[CERT_TEXT_MAX + 1];
	size_t n;

	(void)state;
	world_init(&w);
	assert_int_equal(certfmt_encode(&w.p, payload, sizeof(payload), &n, &err), 0);
	/* over the payload alone */
	crypto_sign_detached(sig, NULL, payload, n, w.sk[0]);
	assert_int_equal(certfmt_text_encode(payload, n, sig, text, sizeof(text), &err), 0);
	expect(&w, text, NULL, "2026-01-01", 7, CERT_BAD_SIGNATURE);
	/* under the status list's domain */
	memcpy(msg, STATUS_LIST_DOMAIN, 20);
	memcpy(msg + 20, payload, n);
	crypto_sign_detached(sig, NULL, msg, 20 + n, w.sk[0]);
	assert_int_equal(certfmt_text_encode(payload, n, sig, text, sizeof(text), &err), 0);
	expect(&w, text, NULL, "2026-01-01", 7, CERT_BAD_SIGNATURE);
	/* under the certificate's domain: valid */
	memcpy(msg, CERT_SIGN_DOMAIN, 20);
	crypto_sign_detached(sig, NULL, msg, 20 + n, w.sk[0]);
	assert_int_equal(certfmt_text_encode(payload, n, sig, text, sizeof(text), &err), 0);
	expect(&w, text, NULL, "2026-01-01", 7, CERT_VALID);
}

/* Every byte of the signed payload is covered: changing any byte of it either
 * breaks the encoding or the signature, never passes. */
static void test_signature_covers_every_byte(void **state)
{
	unsigned char payload[CERT_PAYLOAD_MAX], sig[CERT_SIG_BYTES];
	struct world w;
	struct cert_verdict v;
	struct bm_err err;
	char text[CERT_TEXT_MAX + 1];
	size_t n;

	(void)state;
	world_init(&w);
	assert_int_equal(certfmt_text_decode(w.text, strlen(w.text), payload, &n, sig, &err),
			 CERTFMT_TEXT_OK);
	for (size_t i = 0; i < n; i++) {
		payload[i] ^= 0x01;
		assert_int_equal(certfmt_text_encode(payload, n, sig, text, sizeof(text), &err), 0);
		cert_verify(text, strlen(text), &w.trust, NULL, day("2026-01-01"), 7, &v);
		if (v.result != CERT_BAD_ENCODING && v.result != CERT_BAD_SIGNATURE &&
		    v.result != CERT_UNKNOWN_KEY && v.result != CERT_WRONG_AUTHORITY &&
		    v.result != CERT_KEY_NOT_VALID)
			fail_msg("byte %zu changed: %s", i, cert_result_name(v.result));
		payload[i] ^= 0x01;
	}
}

/* ---- the certificate's steps at their edges ---- */

static void test_key_steps(void **state)
{
	struct world w;

	(void)state;
	world_init(&w);
	/* not in the list */
	w.trust.n = 0;
	expect(&w, w.text, NULL, "2026-01-01", 7, CERT_UNKNOWN_KEY);
	w.trust.n = 2;
	/* in the list, but not for certificates */
	w.keys[0].uses = CERT_USE_STATUS_LIST;
	expect(&w, w.text, NULL, "2026-01-01", 7, CERT_UNKNOWN_KEY);
	w.keys[0].uses = CERT_USE_CERTIFICATE;
	/* another authority's key */
	resign(&w, 1);
	expect(&w, w.text, NULL, "2026-01-01", 7, CERT_WRONG_AUTHORITY);
	w.p.authority_id = 8;
	resign(&w, 1);
	expect(&w, w.text, NULL, "2026-01-01", 7, CERT_VALID);
	/* the key's first and last day */
	world_init(&w);
	w.p.issued = w.keys[0].valid_from;
	resign(&w, 0);
	expect(&w, w.text, NULL, "2026-01-01", 7, CERT_VALID);
	w.p.issued = w.keys[0].valid_from - 1;
	resign(&w, 0);
	expect(&w, w.text, NULL, "2026-01-01", 7, CERT_KEY_NOT_VALID);
	w.p.issued = w.keys[0].valid_until;
	resign(&w, 0);
	expect(&w, w.text, NULL, "2026-01-01", 7, CERT_VALID);
	w.p.issued = w.keys[0].valid_until + 1;
	resign(&w, 0);
	expect(&w, w.text, NULL, "2026-01-01", 7, CERT_KEY_NOT_VALID);
	/* the key's validity matters on the issue day only, not today */
	world_init(&w);
	expect(&w, w.text, NULL, "2031-06-01", 7, CERT_EXPIRED);
	w.p.valid_until = day("2035-01-01");
	resign(&w, 0);
	expect(&w, w.text, NULL, "2031-06-01", 7, CERT_VALID);
}

static void test_validity_steps(void **state)
{
	struct world w;

	(void)state;
	world_init(&w);
	expect(&w, w.text, NULL, "2025-01-09", 7, CERT_NOT_YET_VALID);
	expect(&w, w.text, NULL, "2025-01-10", 7, CERT_VALID);
	expect(&w, w.text, NULL, "2030-01-09", 7, CERT_VALID);
	expect(&w, w.text, NULL, "2030-01-10", 7, CERT_EXPIRED);
	/* a leap day at the end */
	w.p.valid_until = day("2028-02-29");
	resign(&w, 0);
	expect(&w, w.text, NULL, "2028-02-29", 7, CERT_VALID);
	expect(&w, w.text, NULL, "2028-03-01", 7, CERT_EXPIRED);
}

/* ---- the status list ---- */

static void test_status_bits(void **state)
{
	struct status_bits b;
	struct bm_err err;

	(void)state;
	assert_int_equal(status_bits_init(&b, 0, &err), BM_EINVAL);
	assert_int_equal(status_bits_init(&b, STATUS_LIST_MAX_ENTRIES + 1, &err), BM_EINVAL);
	assert_int_equal(status_bits_init(&b, 13, &err), 0);
	/* the first index in the two most significant bits */
	status_bits_set(&b, 0, CERT_STATUS_REVOKED);
	assert_int_equal(b.bits[0], 0x80);
	status_bits_set(&b, 3, CERT_STATUS_SUSPENDED);
	assert_int_equal(b.bits[0], 0x81);
	status_bits_set(&b, 0, CERT_STATUS_VALID);
	assert_int_equal(b.bits[0], 0x01);
	for (uint32_t i = 0; i < 13; i++)
		status_bits_set(&b, i, (enum cert_status)(i % 4));
	for (uint32_t i = 0; i < 13; i++)
		assert_int_equal(status_bits_get(&b, i), i % 4);
	/* setting one entry leaves its neighbours */
	status_bits_set(&b, 5, CERT_STATUS_RESERVED);
	assert_int_equal(status_bits_get(&b, 4), 0);
	assert_int_equal(status_bits_get(&b, 6), 2);
	status_bits_release(&b);
}

static void test_status_list_round_trip(void **state)
{
	static const uint32_t sizes[] = {
		1, 2, 3, 4, 5, 1023, 1024, 1025, STATUS_LIST_MAX_ENTRIES
	};
	struct world w;
	struct bm_err err;

	(void)state;
	world_init(&w);
	for (size_t i = 0; i < N_ELEMS(sizes); i++) {
		struct status_bits b, back;
		struct status_list sl, read;
		json_t *j;
		assert_int_equal(status_bits_init(&b, sizes[i], &err), 0);
		for (uint32_t k = 0; k < sizes[i]; k += 97)
			status_bits_set(&b, k, (enum cert_status)(1 + k % 2));
		status_bits_set(&b, sizes[i] - 1, CERT_STATUS_REVOKED);
		assert_int_equal(status_list_sign(&sl, &b, 1777600000123, w.sk[0], &err), 0);
		assert_memory_equal(sl.kid, w.keys[0].kid, CERT_KID_BYTES);
		assert_true(status_list_signature_ok(&sl, w.keys[0].pk));
		assert_false(status_list_signature_ok(&sl, w.keys[1].pk));
		j = status_list_to_json(&sl);
		assert_non_null(j);
		assert_int_equal(status_list_from_json(j, &read, &err), 0);
		assert_true(read.issued == 1777600000123);
		assert_int_equal(read.size, sizes[i]);
		assert_true(status_list_signature_ok(&read, w.keys[0].pk));
		assert_int_equal(status_list_expand(&read, &back, &err), 0);
		assert_int_equal(back.size, sizes[i]);
		assert_memory_equal(back.bits, b.bits, (sizes[i] + 3) / 4);
		json_decref(j);
		status_bits_release(&back);
		status_list_release(&read);
		status_list_release(&sl);
		status_bits_release(&b);
	}
}

static void make_list(const struct world *w, uint32_t size, int64_t issued, struct status_list *sl)
{
	struct status_bits b;
	struct bm_err err;

	assert_int_equal(status_bits_init(&b, size, &err), 0);
	if (size > 5) {
		status_bits_set(&b, 4, CERT_STATUS_SUSPENDED);
		status_bits_set(&b, 5, CERT_STATUS_REVOKED);
	}
	assert_int_equal(status_list_sign(sl, &b, issued, w->sk[0], &err), 0);
	status_bits_release(&b);
}

/* The signature covers the issue time, the size, the key id and the list. */
static void test_status_signature_covers(void **state)
{
	struct world w;
	struct status_list sl;

	(void)state;
	world_init(&w);
	make_list(&w, 64, 1777600000000, &sl);
	assert_true(status_list_signature_ok(&sl, w.keys[0].pk));
	sl.issued++;
	assert_false(status_list_signature_ok(&sl, w.keys[0].pk));
	sl.issued--;
	sl.size--;
	assert_false(status_list_signature_ok(&sl, w.keys[0].pk));
	sl.size++;
	sl.kid[7] ^= 1;
	assert_false(status_list_signature_ok(&sl, w.keys[0].pk));
	sl.kid[7] ^= 1;
	for (size_t i = 0; i < sl.list_len; i++) {
		sl.list[i] ^= 0x10;
		assert_false(status_list_signature_ok(&sl, w.keys[0].pk));
		sl.list[i] ^= 0x10;
	}
	sl.sig[63] ^= 0x80;
	assert_false(status_list_signature_ok(&sl, w.keys[0].pk));
	sl.sig[63] ^= 0x80;
	assert_true(status_list_signature_ok(&sl, w.keys[0].pk));
	status_list_release(&sl);
}

static void test_status_expand_refusals(void **state)
{
	struct world w;
	struct status_list sl;
	struct status_bits b;
	struct bm_err err;
	unsigned char *longer;

	(void)state;
	world_init(&w);
	make_list(&w, 64, 0, &sl);
	sl.size = 68; /* claims one byte more than the stream holds */
	assert_int_equal(status_list_expand(&sl, &b, &err), BM_EINVAL);
	sl.size = 60; /* one byte less */
	assert_int_equal(status_list_expand(&sl, &b, &err), BM_EINVAL);
	sl.size = 61; /* the same number of bytes: fine, the last entries are zero */
	assert_int_equal(status_list_expand(&sl, &b, &err), 0);
	status_bits_release(&b);
	sl.size = 64;
	/* a byte after the zlib stream */
	longer = realloc(sl.list, sl.list_len + 1);
	assert_non_null(longer);
	sl.list = longer;
	sl.list[sl.list_len++] = 0x00;
	assert_int_equal(status_list_expand(&sl, &b, &err), BM_EINVAL);
	sl.list_len--;
	assert_int_equal(status_list_expand(&sl, &b, &err), 0);
	status_bits_release(&b);
	/* not zlib */
	sl.list[0] ^= 0xff;
	assert_int_equal(status_list_expand(&sl, &b, &err), BM_EINVAL);
	status_list_release(&sl);
	/* bits past the last entry */
	assert_int_equal(status_bits_init(&b, 8, &err), 0);
	status_bits_set(&b, 7, CERT_STATUS_SUSPENDED);
	assert_int_equal(status_list_sign(&sl, &b, 0, w.sk[0], &err), 0);
	status_bits_release(&b);
	sl.size = 7;
	assert_int_equal(status_list_expand(&sl, &b, &err), BM_EINVAL);
	assert_non_null(strstr(err.message, "past entry 6"));
	sl.size = 0;
	assert_int_equal(status_list_expand(&sl, &b, &err), BM_EINVAL);
	status_list_release(&sl);
}

/* A member of a JSON object set to the JSON text value, or removed (value NULL). */
struct member_change {
	const char *member, *value;
};

/* A copy of good with c made in it, or in its first key when in_key. */
static json_t *changed(const json_t *good, const struct member_change *c, int in_key)
{
	json_t *bad = json_deep_copy(good);
	json_t *obj = in_key ? json_array_get(json_object_get(bad, "keys"), 0) : bad;

	assert_non_null(obj);
	if (c->value == NULL)
		json_object_del(obj, c->member);
	else
		json_object_set_new(obj, c->member, json_loads(c->value, JSON_DECODE_ANY, NULL));
	return bad;
}

static void test_status_list_json_refusals(void **state)
{
	static const struct member_change cases[] = {
		{ "format", "\"baomi-status-list-v2\"" },
		{ "format", NULL },
		{ "issued", "\"2026-05-01\"" },
		{ "issued", "\"2026-05-01T02:00:00Z\"" },
		{ "issued", "\"2026-05-01T02:00:00.000+08:00\"" },
		{ "issued", "1777600000000" },
		{ "kid", "\"0011\"" },
		{ "kid", "\"zz11223344556677\"" },
		{ "size", "0" },
		{ "size", "1048577" },
		{ "size", "\"64\"" },
		{ "size", "64.0" },
		{ "list", "\"\"" },
		{ "list", "\"eJw=!\"" },
		{ "list", "\"eJw\"" },
		{ "signature", "\"AAAA\"" },
		{ "signature", NULL },
		{ "extra", "1" },
	};
	struct world w;
	struct status_list sl, read;
	struct bm_err err;
	json_t *good;

	(void)state;
	world_init(&w);
	make_list(&w, 64, 1777600000000, &sl);
	good = status_list_to_json(&sl);
	assert_int_equal(status_list_from_json(good, &read, &err), 0);
	status_list_release(&read);
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		json_t *bad = changed(good, &cases[i], 0);
		if (status_list_from_json(bad, &read, &err) != BM_EINVAL)
			fail_msg("%s = %s accepted", cases[i].member,
				 cases[i].value != NULL ? cases[i].value : "(removed)");
		assert_string_equal(err.ecode, "invalid_status_list");
		json_decref(bad);
	}
	json_decref(good);
	status_list_release(&sl);
}

static void test_status_steps(void **state)
{
	static const struct {
		uint32_t index;
		enum cert_result want;
	} entries[] = {
		{ 4, CERT_SUSPENDED },
		{ 5, CERT_REVOKED },
		{ 63, CERT_VALID },
		{ 64, CERT_STATUS_UNKNOWN },
	};
	const int64_t may1 = 1777600800000; /* 2026-05-01T02:00:00Z, 10:00 in China */
	struct world w;
	struct status_list sl;
	struct cert_verdict v;

	(void)state;
	assert_int_equal(bm_date_cst(may1), day("2026-05-01"));
	world_init(&w);
	make_list(&w, 64, may1, &sl);
	/* entry 3: valid; age edges */
	expect(&w, w.text, &sl, "2026-05-01", 0, CERT_VALID);
	expect(&w, w.text, &sl, "2026-05-02", 0, CERT_STATUS_STALE);
	expect(&w, w.text, &sl, "2026-05-08", 7, CERT_VALID);
	expect(&w, w.text, &sl, "2026-05-09", 7, CERT_STATUS_STALE);
	expect(&w, w.text, &sl, "2026-05-31", 30, CERT_VALID);
	cert_verify(w.text, strlen(w.text), &w.trust, &sl, day("2026-05-04"), 7, &v);
	assert_int_equal(v.status_age, 3);
	assert_true(v.status_checked);
	assert_int_equal(v.status, CERT_STATUS_VALID);
	assert_non_null(strstr(v.reason, "3 days old"));
	/* entries 4 and 5; the last entry, and one beyond */
	for (size_t i = 0; i < N_ELEMS(entries); i++) {
		w.p.status_index = entries[i].index;
		resign(&w, 0);
		expect(&w, w.text, &sl, "2026-05-02", 7, entries[i].want);
	}
	/* a stale list is reported before the entry it holds (5, revoked) */
	w.p.status_index = 5;
	resign(&w, 0);
	expect(&w, w.text, &sl, "2026-05-20", 7, CERT_STATUS_STALE);
	/* the list's key: trusted for status lists, on the list's issue day */
	w.p.status_index = 3;
	resign(&w, 0);
	w.keys[0].uses = CERT_USE_CERTIFICATE;
	expect(&w, w.text, &sl, "2026-05-02", 7, CERT_STATUS_BAD_SIGNATURE);
	w.keys[0].uses |= CERT_USE_STATUS_LIST;
	w.keys[0].valid_until = day("2026-04-30");
	w.p.issued = w.p.valid_from = day("2025-01-10");
	resign(&w, 0);
	expect(&w, w.text, &sl, "2026-05-02", 7, CERT_STATUS_BAD_SIGNATURE);
	w.keys[0].valid_until = day("2026-05-01");
	expect(&w, w.text, &sl, "2026-05-02", 7, CERT_VALID);
	/* a list of someone else's key */
	memcpy(sl.kid, w.keys[1].kid, CERT_KID_BYTES);
	expect(&w, w.text, &sl, "2026-05-02", 7, CERT_STATUS_BAD_SIGNATURE);
	status_list_release(&sl);
}

/* ---- the trust list's JSON form ---- */

static void test_trust_list_json(void **state)
{
	static const struct member_change cases[] = {
		{ "kid", "\"0000000000000000\"" },
		{ "kid", "\"00\"" },
		{ "public_key", "\"00\"" },
		{ "authority_id", "0" },
		{ "authority_id", "\"7\"" },
		{ "authority", "\"\"" },
		{ "authority", "\"a\\nb\"" },
		{ "valid_from", "\"2020-02-30\"" },
		{ "valid_from", "\"2031-01-01\"" },
		{ "valid_until", "\"2030-12-31T00:00:00Z\"" },
		{ "uses", "[]" },
		{ "uses", "[\"certificate\", \"certificate\"]" },
		{ "uses", "[\"signing\"]" },
		{ "uses", "\"certificate\"" },
		{ "uses", NULL },
		{ "extra", "true" },
	};
	struct world w;
	struct cert_trust t;
	struct bm_err err;
	json_t *good, *bad, *keys;

	(void)state;
	world_init(&w);
	good = cert_trust_to_json(&w.trust);
	assert_non_null(good);
	assert_int_equal(cert_trust_from_json(good, &t, &err), 0);
	assert_int_equal(t.n, 2);
	assert_memory_equal(t.keys, w.keys, sizeof(w.keys));
	assert_ptr_equal(cert_trust_find(&t, w.keys[1].kid), &t.keys[1]);
	cert_trust_release(&t);
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		bad = changed(good, &cases[i], 1);
		if (cert_trust_from_json(bad, &t, &err) != BM_EINVAL)
			fail_msg("keys[0].%s = %s accepted", cases[i].member,
				 cases[i].value != NULL ? cases[i].value : "(removed)");
		assert_string_equal(err.ecode, "invalid_trust_list");
		assert_memory_equal(err.field, "keys[0].", 8);
		json_decref(bad);
	}
	/* a key listed twice */
	bad = json_deep_copy(good);
	keys = json_object_get(bad, "keys");
	json_array_append(keys, json_array_get(keys, 0));
	assert_int_equal(cert_trust_from_json(bad, &t, &err), BM_EINVAL);
	assert_string_equal(err.field, "keys[2].kid");
	json_decref(bad);
	/* too many keys, a wrong format, an extra member */
	bad = json_deep_copy(good);
	keys = json_object_get(bad, "keys");
	while (json_array_size(keys) <= CERT_TRUST_MAX)
		json_array_append(keys, json_array_get(keys, 1));
	assert_int_equal(cert_trust_from_json(bad, &t, &err), BM_EINVAL);
	json_decref(bad);
	bad = json_deep_copy(good);
	json_object_set_new(bad, "format", json_string("baomi-trust-list-v0"));
	assert_int_equal(cert_trust_from_json(bad, &t, &err), BM_EINVAL);
	json_decref(bad);
	bad = json_deep_copy(good);
	json_object_set_new(bad, "signed", json_true());
	assert_int_equal(cert_trust_from_json(bad, &t, &err), BM_EINVAL);
	json_decref(bad);
	/* an empty list reads, and trusts nothing */
	bad = json_pack("{s:s, s:[]}", "format", CERT_TRUST_FORMAT, "keys");
	assert_int_equal(cert_trust_from_json(bad, &t, &err), 0);
	assert_int_equal(t.n, 0);
	cert_trust_release(&t);
	json_decref(bad);
	json_decref(good);
}

/* ---- names, steps, vectors ---- */

static void test_names_and_steps(void **state)
{
	(void)state;
	for (int r = 0; r < CERT_RESULT_COUNT; r++) {
		enum cert_result back;
		const char *name = cert_result_name((enum cert_result)r);
		assert_int_equal(cert_result_parse(name, &back), 0);
		assert_int_equal(back, r);
		for (int q = 0; q < r; q++)
			assert_string_not_equal(name, cert_result_name((enum cert_result)q));
		/* results come in the order of their steps */
		if (r > 1)
			assert_true(cert_result_step((enum cert_result)r) >=
				    cert_result_step((enum cert_result)(r - 1)));
	}
	assert_int_equal(cert_result_parse("Valid", &(enum cert_result){ CERT_VALID }), BM_EINVAL);
	assert_int_equal(cert_result_step(CERT_VALID), CERT_STEP_COUNT);
	assert_int_equal(cert_result_step(CERT_EXPIRED), CERT_STEP_VALIDITY);
	assert_string_equal(cert_step_name(CERT_STEP_STATUS_FRESHNESS), "status_freshness");
	/* what each step did */
	assert_int_equal(cert_step_outcome(CERT_BAD_SIGNATURE, CERT_STEP_KEY, 1),
			 CERT_OUTCOME_PASS);
	assert_int_equal(cert_step_outcome(CERT_BAD_SIGNATURE, CERT_STEP_SIGNATURE, 1),
			 CERT_OUTCOME_FAIL);
	assert_int_equal(cert_step_outcome(CERT_BAD_SIGNATURE, CERT_STEP_VALIDITY, 1),
			 CERT_OUTCOME_SKIP);
	assert_int_equal(cert_step_outcome(CERT_VALID, CERT_STEP_STATUS, 0), CERT_OUTCOME_NONE);
	assert_int_equal(cert_step_outcome(CERT_VALID, CERT_STEP_STATUS, 1), CERT_OUTCOME_PASS);
	assert_int_equal(cert_step_outcome(CERT_BAD_PREFIX, CERT_STEP_STATUS, 0),
			 CERT_OUTCOME_SKIP);
	assert_string_equal(cert_outcome_name(CERT_OUTCOME_NONE), "none");
}

static json_t *vector_of(const struct world *w, const char *expected)
{
	json_t *steps = json_object();

	for (int s = 0; s < CERT_STEP_COUNT; s++)
		json_object_set_new(steps, cert_step_name((enum cert_step)s), json_string("pass"));
	json_object_set_new(steps, "status_signature", json_string("none"));
	json_object_set_new(steps, "status_freshness", json_string("none"));
	json_object_set_new(steps, "status", json_string("none"));
	return json_pack("{s:s, s:s, s:o, s:n, s:s, s:i, s:s, s:o}", "description", "test",
			 "payload", w->text, "trust_list", cert_trust_to_json(&w->trust),
			 "status_list", "now", "2026-01-01", "max_age", 7, "expected", expected,
			 "steps", steps);
}

static void test_vector_check(void **state)
{
	struct world w;
	struct cert_verdict got;
	struct bm_err err;
	json_t *v;

	(void)state;
	world_init(&w);
	v = vector_of(&w, "valid");
	assert_int_equal(cert_vector_check(v, &got, &err), 0);
	assert_int_equal(got.result, CERT_VALID);
	/* a different result */
	json_object_set_new(v, "now", json_string("2031-01-01"));
	assert_int_equal(cert_vector_check(v, &got, &err), BM_ECONFLICT);
	assert_non_null(strstr(err.message, "expected valid, got expired"));
	json_object_set_new(v, "now", json_string("2026-01-01"));
	/* a step that says otherwise */
	json_object_set_new(json_object_get(v, "steps"), "status", json_string("pass"));
	assert_int_equal(cert_vector_check(v, &got, &err), BM_ECONFLICT);
	assert_string_equal(err.field, "steps");
	json_object_set_new(json_object_get(v, "steps"), "status", json_string("none"));
	/* malformed vectors */
	json_object_set_new(v, "expected", json_string("fine"));
	assert_int_equal(cert_vector_check(v, &got, &err), BM_EINVAL);
	json_object_set_new(v, "expected", json_string("valid"));
	json_object_set_new(v, "now", json_string("2026-1-1"));
	assert_int_equal(cert_vector_check(v, &got, &err), BM_EINVAL);
	json_object_set_new(v, "now", json_string("2026-01-01"));
	json_object_set_new(v, "max_age", json_integer(-1));
	assert_int_equal(cert_vector_check(v, &got, &err), BM_EINVAL);
	json_object_set_new(v, "max_age", json_integer(7));
	json_object_del(v, "payload");
	assert_int_equal(cert_vector_check(v, &got, &err), BM_EINVAL);
	json_decref(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_id),
		cmocka_unit_test(test_sign_and_verify),
		cmocka_unit_test(test_signature_domain),
		cmocka_unit_test(test_signature_covers_every_byte),
		cmocka_unit_test(test_key_steps),
		cmocka_unit_test(test_validity_steps),
		cmocka_unit_test(test_status_bits),
		cmocka_unit_test(test_status_list_round_trip),
		cmocka_unit_test(test_status_signature_covers),
		cmocka_unit_test(test_status_expand_refusals),
		cmocka_unit_test(test_status_list_json_refusals),
		cmocka_unit_test(test_status_steps),
		cmocka_unit_test(test_trust_list_json),
		cmocka_unit_test(test_names_and_steps),
		cmocka_unit_test(test_vector_check),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
