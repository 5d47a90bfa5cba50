/*
 * certvectors.c - the certificate test vectors, case by case. Each case states the
 * result it must give; the generator checks it with the verifier before writing.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "certvectors.h"
#include "base/banned.h"

#define RAW_CAP	 (CERT_SIGNED_MAX + 8)
#define MAY1	 "2026-05-01T02:00:00.000Z" /* the base status list's issue time */
#define TEXT_CAP (CERT_TEXT_MAX + 16)

struct vkey {
	char letter;
	int trusted;
	int64_t authority_id;
	const char *authority, *from, *until;
	unsigned uses;
};

static const char national[] = "国家保密局";
static const char jiangsu[] = "江苏省国家保密局";

static const struct vkey vkeys[] = {
	{ 'A', 1, 1, national, "2024-01-01", "2029-12-31", CERT_USE_CERTIFICATE },
	{ 'S', 1, 1, national, "2024-01-01", "2029-12-31", CERT_USE_STATUS_LIST },
	{ 'B', 1, 2, jiangsu, "2024-01-01", "2029-12-31", CERT_USE_CERTIFICATE },
	{ 'O', 1, 1, national, "2019-01-01", "2023-12-31", CERT_USE_CERTIFICATE },
	{ 'F', 1, 1, national, "2025-01-01", "2030-12-31", CERT_USE_CERTIFICATE },
	{ 'X', 0, 1, national, "2024-01-01", "2029-12-31", CERT_USE_CERTIFICATE },
};
#define N_VKEYS (sizeof(vkeys) / sizeof(vkeys[0]))

/* The generator's state: where to write, what every vector shares, the first error. */
struct gen {
	const char *dir, *corpus;
	json_t *trust;	       /* the trust list's JSON */
	struct status_list sl; /* the base status list */
	json_t *sl_json;
	struct bm_err *err;
	int rc;
};

static int32_t day(const char *s)
{
	int32_t d = 0;

	if (bm_date_parse(s, &d) != 0)
		abort(); /* a typing error in this file */
	return d;
}

void certvec_keypair(char letter, unsigned char pk[crypto_sign_PUBLICKEYBYTES],
		     unsigned char sk[crypto_sign_SECRETKEYBYTES])
{
	char label[32];
	unsigned char seed[crypto_sign_SEEDBYTES];

	snprintf(label, sizeof(label), "baomi test vector key %c", letter);
	crypto_hash_sha256(seed, (const unsigned char *)label, strlen(label));
	crypto_sign_seed_keypair(pk, sk, seed);
}

static void kid_of(char letter, unsigned char kid[CERT_KID_BYTES])
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];

	certvec_keypair(letter, pk, sk);
	certsign_key_id(pk, kid);
}

int certvec_trust(struct cert_trust *t, struct bm_err *err)
{
	unsigned char sk[crypto_sign_SECRETKEYBYTES];

	memset(t, 0, sizeof(*t));
	t->keys = calloc(N_VKEYS, sizeof(*t->keys));
	if (t->keys == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	for (size_t i = 0; i < N_VKEYS; i++) {
		struct cert_trust_key *k = &t->keys[t->n];
		if (!vkeys[i].trusted)
			continue;
		certvec_keypair(vkeys[i].letter, k->pk, sk);
		certsign_key_id(k->pk, k->kid);
		k->authority_id = vkeys[i].authority_id;
		bm_strlcpy(k->authority, vkeys[i].authority, sizeof(k->authority));
		k->valid_from = day(vkeys[i].from);
		k->valid_until = day(vkeys[i].until);
		k->uses = vkeys[i].uses;
		t->n++;
	}
	return 0;
}

void certvec_base_payload(struct cert_payload *p)
{
	static const char *const cats[] = { "consulting", "operation_maintenance",
					    "software_development" };

	memset(p, 0, sizeof(*p));
	p->version = CERT_FORMAT_VERSION;
	bm_strlcpy(p->number, "JCA-2024-000123", sizeof(p->number));
	bm_strlcpy(p->unit_name, "南京金盾信息安全技术有限公司", sizeof(p->unit_name));
	bm_strlcpy(p->uscc, "91320106MA1N4K7B3", sizeof(p->uscc));
	p->uscc[17] = uscc_check_char(p->uscc);
	bm_strlcpy(p->scheme, "integration", sizeof(p->scheme));
	bm_strlcpy(p->grade, "A", sizeof(p->grade));
	p->ncategories = 3;
	for (int i = 0; i < 3; i++)
		bm_strlcpy(p->categories[i], cats[i], sizeof(p->categories[i]));
	p->issued = day("2024-03-15");
	p->valid_from = day("2024-03-15");
	p->valid_until = day("2029-03-14");
	p->authority_id = 1;
	bm_strlcpy(p->authority_name, national, sizeof(p->authority_name));
	p->status_index = 5;
	kid_of('A', p->kid);
}

/* A status list of 1,024 entries with 6 suspended, 7 revoked, 8 reserved and, when
 * entry >= 0, entry set to to; issued at the timestamp ts and signed by the key
 * letter. */
static int make_status(struct status_list *sl, const char *ts, char letter, int entry,
		       enum cert_status to, struct bm_err *err)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
	struct status_bits b;
	int64_t issued = 0;
	int rc;

	if (bm_ts_parse(ts, &issued) != 0)
		abort();
	if ((rc = status_bits_init(&b, 1024, err)) != 0)
		return rc;
	status_bits_set(&b, 6, CERT_STATUS_SUSPENDED);
	status_bits_set(&b, 7, CERT_STATUS_REVOKED);
	status_bits_set(&b, 8, CERT_STATUS_RESERVED);
	if (entry >= 0)
		status_bits_set(&b, (uint32_t)entry, to);
	certvec_keypair(letter, pk, sk);
	rc = status_list_sign(sl, &b, issued, sk, err);
	status_bits_release(&b);
	return rc;
}

int certvec_status(struct status_list *sl, struct bm_err *err)
{
	return make_status(sl, MAY1, 'S', -1, CERT_STATUS_VALID, err);
}

/* ---- writing files ---- */

static void write_file(struct gen *g, const char *dir, const char *name, const void *data,
		       size_t len)
{
	char path[PATH_MAX];
	FILE *f;

	if (g->rc != 0)
		return;
	if (bm_path_join(path, sizeof(path), dir, name) != 0 || (f = fopen(path, "wb")) == NULL) {
		g->rc = bm_err_set(g->err, BM_EIO, NULL, NULL, "cannot create %s/%s", dir, name);
		return;
	}
	if (fwrite(data, 1, len, f) != len || (dir == g->dir && fputc('\n', f) == EOF))
		g->rc = bm_err_set(g->err, BM_EIO, NULL, NULL, "cannot write %s", path);
	if (fclose(f) != 0 && g->rc == 0)
		g->rc = bm_err_set(g->err, BM_EIO, NULL, NULL, "cannot write %s", path);
}

/* A fuzz seed: the mode byte of fuzz_certfmt.c, then the input. */
static void seed(struct gen *g, const char *name, unsigned mode, const void *data, size_t len)
{
	unsigned char *buf;

	if (g->corpus == NULL || g->rc != 0)
		return;
	buf = malloc(len + 1);
	if (buf == NULL) {
		g->rc = bm_err_set(g->err, BM_EINTERNAL, NULL, NULL, "out of memory");
		return;
	}
	buf[0] = (unsigned char)mode;
	memcpy(buf + 1, data, len);
	write_file(g, g->corpus, name, buf, len + 1);
	free(buf);
}

static void seed_json(struct gen *g, const char *name, unsigned mode, const json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT);

	if (s != NULL)
		seed(g, name, mode, s, strlen(s));
	free(s);
}

/* Write the vector NAME.json: text checked on now with max_age against the trust
 * list and sl (may be NULL), which must give want. */
static void emit(struct gen *g, const char *name, const char *description, const char *text,
		 const json_t *sl, const char *now, int max_age, enum cert_result want)
{
	struct cert_verdict got;
	struct bm_err err;
	json_t *steps, *v;
	char file[96], *s;

	if (g->rc != 0)
		return;
	steps = json_object();
	for (int i = 0; steps != NULL && i < CERT_STEP_COUNT; i++)
		json_object_set_new(steps, cert_step_name((enum cert_step)i),
				    json_string(cert_outcome_name(cert_step_outcome(
					    want, (enum cert_step)i, sl != NULL))));
	v = json_pack("{s:s, s:s, s:O, s:O?, s:s, s:i, s:s, s:o}", "description", description,
		      "payload", text, "trust_list", g->trust, "status_list", sl, "now", now,
		      "max_age", max_age, "expected", cert_result_name(want), "steps", steps);
	bm_err_clear(&err);
	if (v == NULL) {
		g->rc = bm_err_set(g->err, BM_EINTERNAL, NULL, NULL, "%s: cannot build", name);
		return;
	}
	if (cert_vector_check(v, &got, &err) != 0) {
		g->rc = bm_err_set(g->err, BM_ECONFLICT, NULL, NULL, "%s: %s", name, err.message);
		json_decref(v);
		return;
	}
	s = json_dumps(v, JSON_INDENT(2));
	json_decref(v);
	if (s == NULL) {
		g->rc = bm_err_set(g->err, BM_EINTERNAL, NULL, NULL, "%s: cannot dump", name);
		return;
	}
	snprintf(file, sizeof(file), "%s.json", name);
	write_file(g, g->dir, file, s, strlen(s));
	free(s);
}

/* A vector checked on CERTVEC_TODAY without a status list. */
static void plain(struct gen *g, const char *name, const char *description, const char *text,
		  enum cert_result want)
{
	emit(g, name, description, text, NULL, CERTVEC_TODAY, 7, want);
}

/* ---- building texts ---- */

static void sign(struct gen *g, const struct cert_payload *p, char letter, char *text)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];

	text[0] = '\0';
	certvec_keypair(letter, pk, sk);
	if (g->rc == 0)
		g->rc = certsign_sign(p, sk, text, g->err);
}

static void sign_bytes(struct gen *g, const unsigned char *b, size_t n, char letter, char *text)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];

	text[0] = '\0';
	certvec_keypair(letter, pk, sk);
	if (g->rc == 0)
		g->rc = certsign_sign_bytes(b, n, sk, text, g->err);
}

static size_t encode(struct gen *g, const struct cert_payload *p, unsigned char *out)
{
	size_t n = 0;

	if (g->rc == 0)
		g->rc = certfmt_encode(p, out, CERT_PAYLOAD_MAX, &n, g->err);
	return n;
}

/* A vector of payload bytes that are not canonical or not the schema, with a good
 * signature by A: a verifier must refuse them before it looks at key or signature. */
static void bad_payload(struct gen *g, const char *name, const char *description,
			const unsigned char *b, size_t n)
{
	char t[TEXT_CAP];

	sign_bytes(g, b, n, 'A', t);
	plain(g, name, description, t, CERT_BAD_ENCODING);
}

/* The CBOR bytes inside a text form, and back. */
static size_t raw_of(struct gen *g, const char *text, unsigned char raw[RAW_CAP])
{
	size_t n = 0;

	if (g->rc == 0)
		g->rc = certfmt_base45_decode(text + CERT_PREFIX_LEN,
					      strlen(text) - CERT_PREFIX_LEN, raw, RAW_CAP, &n,
					      g->err);
	return n;
}

static void text_of(struct gen *g, const unsigned char *raw, size_t n, char *text)
{
	size_t len;

	memcpy(text, CERT_PREFIX, CERT_PREFIX_LEN + 1);
	if (g->rc == 0 && certfmt_base45_encode(raw, n, text + CERT_PREFIX_LEN,
						TEXT_CAP - CERT_PREFIX_LEN, &len) != 0)
		g->rc = bm_err_set(g->err, BM_EINTERNAL, NULL, NULL, "text buffer too small");
}

/* Replace del bytes at off of b (*n bytes long) with ins (k bytes). */
static void splice(unsigned char *b, size_t *n, size_t off, size_t del, const void *ins, size_t k)
{
	memmove(b + off + k, b + off + del, *n - off - del);
	memcpy(b + off, ins, k);
	*n = *n - del + k;
}

/* Where needle starts in b, which must hold it. */
static size_t offset_of(const unsigned char *b, size_t n, const void *needle, size_t k)
{
	const unsigned char *hit = memmem(b, n, needle, k);

	if (hit == NULL)
		abort(); /* the base payload changed under this file */
	return (size_t)(hit - b);
}

/* Flip one bit of the payload (not re-signed) or of the signature. */
static void flip(struct gen *g, const char *text, int in_sig, size_t at, unsigned bit, char *out)
{
	unsigned char payload[CERT_PAYLOAD_MAX], sig[CERT_SIG_BYTES];
	struct bm_err err;
	size_t n = 0;

	out[0] = '\0';
	if (g->rc != 0)
		return;
	if (certfmt_text_decode(text, strlen(text), payload, &n, sig, &err) != CERTFMT_TEXT_OK) {
		g->rc = bm_err_set(g->err, BM_EINTERNAL, NULL, NULL, "flip: %s", err.message);
		return;
	}
	if (in_sig)
		sig[at] ^= (unsigned char)(1u << bit);
	else
		payload[at] ^= (unsigned char)(1u << bit);
	g->rc = certfmt_text_encode(payload, n, sig, out, TEXT_CAP, g->err);
}

/* ---- the cases ---- */

static void prefix_cases(struct gen *g, const char *base)
{
	const char *body = base + CERT_PREFIX_LEN;
	char t[TEXT_CAP + 8];

	plain(g, "prefix-missing", "the base45 body without the BM1: prefix", body,
	      CERT_BAD_PREFIX);
	snprintf(t, sizeof(t), "BM2:%s", body);
	plain(g, "prefix-other-version", "BM2: is a version this verifier does not know", t,
	      CERT_BAD_PREFIX);
	snprintf(t, sizeof(t), "bm1:%s", body);
	plain(g, "prefix-lower-case", "the prefix is upper case (QR alphanumeric mode)", t,
	      CERT_BAD_PREFIX);
	snprintf(t, sizeof(t), " %s", base);
	plain(g, "prefix-leading-space", "nothing may precede the prefix", t, CERT_BAD_PREFIX);
	plain(g, "prefix-empty", "an empty text", "", CERT_BAD_PREFIX);
}

static void base45_cases(struct gen *g, const char *base)
{
	size_t n = strlen(base), body = n - CERT_PREFIX_LEN;
	char t[TEXT_CAP + 8];

	snprintf(t, sizeof(t), "%s", base);
	t[CERT_PREFIX_LEN + 4] = 'a';
	plain(g, "base45-lower-case", "a lower-case letter is not in the base45 alphabet", t,
	      CERT_BAD_BASE45);
	snprintf(t, sizeof(t), "%s", base);
	memcpy(t + CERT_PREFIX_LEN, "GGW", 3);
	plain(g, "base45-overflow", "the first group GGW encodes 65536, more than two bytes hold",
	      t, CERT_BAD_BASE45);
	snprintf(t, sizeof(t), "%s%s", base, body % 3 == 0 ? "0" : "00");
	plain(g, "base45-lone-character", "a single character after the last group", t,
	      CERT_BAD_BASE45);
	snprintf(t, sizeof(t), "%s\n", base);
	plain(g, "base45-trailing-newline", "verifiers take the text as it is: no trimming", t,
	      CERT_BAD_BASE45);
}

static void truncation_cases(struct gen *g, const char *base)
{
	size_t n = strlen(base), body = n - CERT_PREFIX_LEN;
	unsigned char raw[RAW_CAP];
	char t[TEXT_CAP + 8];

	n = raw_of(g, base, raw);
	text_of(g, raw, n - 1, t);
	plain(g, "truncated-signature", "the signature's last byte cut", t, CERT_BAD_ENCODING);
	snprintf(t, sizeof(t), "%s", base);
	t[CERT_PREFIX_LEN + body / 2 / 3 * 3] = '\0';
	plain(g, "truncated-half", "cut in the middle of the payload", t, CERT_BAD_ENCODING);
	plain(g, "truncated-to-prefix", "the prefix alone", CERT_PREFIX, CERT_BAD_ENCODING);
}

/* The outer CBOR [payload, signature] altered; nothing is re-signed. */
static void outer_cases(struct gen *g, const char *base)
{
	unsigned char raw[RAW_CAP], copy[RAW_CAP];
	size_t n = raw_of(g, base, raw), k;
	char t[TEXT_CAP];

	if (g->rc != 0)
		return;
	memcpy(copy, raw, n);
	copy[n] = 0x00;
	text_of(g, copy, n + 1, t);
	plain(g, "trailing-byte", "a byte after the CBOR array", t, CERT_BAD_ENCODING);
	/* payload length 24..255: head 0x58 NN; the long form 0x59 00 NN is not canonical */
	memcpy(copy, raw, n);
	k = n;
	if (copy[1] != 0x58)
		abort();
	splice(copy, &k, 1, 1, "\x59\x00", 2);
	text_of(g, copy, k, t);
	plain(g, "outer-long-length", "the payload's length in a longer head than needed", t,
	      CERT_BAD_ENCODING);
	memcpy(copy, raw, n);
	k = n;
	splice(copy, &k, 0, 1, "\x9f", 1);
	copy[k++] = 0xff;
	text_of(g, copy, k, t);
	plain(g, "outer-indefinite-array", "an indefinite-length array", t, CERT_BAD_ENCODING);
	memcpy(copy, raw, n);
	copy[0] = 0x83;
	copy[n] = 0x00;
	text_of(g, copy, n + 1, t);
	plain(g, "outer-three-items", "a third item after the signature", t, CERT_BAD_ENCODING);
}

/* Payloads that are not canonical or not the schema, each with a good signature by
 * A: a verifier must refuse them before it looks at the key or the signature. */
static void canonical_cases(struct gen *g, const struct cert_payload *p0)
{
	unsigned char b[CERT_PAYLOAD_MAX + 400], copy[CERT_PAYLOAD_MAX + 400];
	size_t n = encode(g, p0, b), k, at, name = strlen(p0->unit_name);
	char big[400];

	if (g->rc != 0)
		return;
#define FRESH() (memcpy(copy, b, n), k = n)
	FRESH();
	splice(copy, &k, 2, 1, "\x18\x01", 2);
	bad_payload(g, "noncanonical-integer", "the version as 0x18 0x01, not 0x01", copy, k);
	seed(g, "noncanonical-integer", 2, copy, k);
	/* keys 0 and 1 swapped: 0x01 <number> 0x00 0x01 */
	FRESH();
	at = 5 + strlen(p0->number);
	splice(copy, &k, at, 0, "\x00\x01", 2);
	splice(copy, &k, 1, 2, "", 0);
	bad_payload(g, "noncanonical-key-order", "map keys 1 before 0", copy, k);
	FRESH();
	copy[3] = 0x00;
	bad_payload(g, "duplicate-key", "key 0 twice (the number under key 0)", copy, k);
	/* the unit name as an indefinite-length text of one chunk */
	FRESH();
	at = offset_of(copy, k, p0->unit_name, name) - 2;
	splice(copy, &k, at, 0, "\x7f", 1);
	splice(copy, &k, at + 1 + 2 + name, 0, "\xff", 1);
	bad_payload(g, "noncanonical-indefinite-text", "the unit name as an indefinite-length text",
		    copy, k);
	seed(g, "noncanonical-indefinite-text", 2, copy, k);
	/* valid_until 0x19 HH LL as 0x1a 00 00 HH LL */
	FRESH();
	at = offset_of(copy, k, "\x09\x19", 2) + 1;
	splice(copy, &k, at, 1, "\x1a\x00\x00", 3);
	bad_payload(g, "noncanonical-date", "valid_until in a four-byte head", copy, k);
	FRESH();
	copy[0] = 0xaf;
	splice(copy, &k, k, 0, "\x0e\x00", 2);
	bad_payload(g, "unknown-key", "a fifteenth map entry, key 14", copy, k);
	FRESH();
	at = offset_of(copy, k, "\x0c\x05\x0d\x48", 4) + 1;
	splice(copy, &k, at, 1, "\x61\x35", 2);
	bad_payload(g, "wrong-type", "the status index as the text \"5\"", copy, k);
	/* a unit name of 385 bytes, one more than the schema allows */
	FRESH();
	at = offset_of(copy, k, p0->unit_name, name) - 2;
	memset(big, 'A', sizeof(big));
	big[0] = 0x79;
	big[1] = 0x01;
	big[2] = (char)0x81;
	splice(copy, &k, at, 2 + name, big, 3 + CERT_UNIT_NAME_MAX + 1);
	bad_payload(g, "overlong-unit-name", "a unit name of 385 bytes", copy, k);
	/* "consulting" and "operation_maintenance" swapped */
	FRESH();
	at = offset_of(copy, k,
		       "\x6a"
		       "consulting",
		       11);
	splice(copy, &k, at, 11, "", 0);
	splice(copy, &k, at + 22, 0,
	       "\x6a"
	       "consulting",
	       11);
	bad_payload(g, "categories-unsorted", "categories not in ascending order", copy, k);
	FRESH();
	copy[k++] = 0x00;
	bad_payload(g, "payload-trailing-byte", "a byte after the payload's map, signed", copy, k);
#undef FRESH
}

static void flip_cases(struct gen *g, const struct cert_payload *p0, const char *base)
{
	unsigned char b[CERT_PAYLOAD_MAX];
	size_t n = encode(g, p0, b);
	char t[TEXT_CAP];

	if (g->rc != 0)
		return;
	flip(g, base, 0, offset_of(b, n, p0->number, strlen(p0->number)), 0, t);
	plain(g, "flip-number", "bit 0 of the number's first character: J becomes K", t,
	      CERT_BAD_SIGNATURE);
	flip(g, base, 0, offset_of(b, n, "\x09\x19", 2) + 3, 0, t);
	plain(g, "flip-valid-until", "bit 0 of valid_until: a day later", t, CERT_BAD_SIGNATURE);
	flip(g, base, 0, n - 1, 7, t);
	plain(g, "flip-kid", "bit 7 of the key id's last byte", t, CERT_UNKNOWN_KEY);
	flip(g, base, 0, 0, 0, t);
	plain(g, "flip-map-head", "bit 0 of the map's head: 15 entries announced", t,
	      CERT_BAD_ENCODING);
	flip(g, base, 1, 0, 0, t);
	plain(g, "flip-signature-first", "bit 0 of the signature's first byte", t,
	      CERT_BAD_SIGNATURE);
	flip(g, base, 1, CERT_SIG_BYTES - 1, 7, t);
	plain(g, "flip-signature-last", "bit 7 of the signature's last byte", t,
	      CERT_BAD_SIGNATURE);
}

/* Certificates signed by keys the trust list does not let sign them, and the edges
 * of a key's validity: the base payload with another issue date (NULL: as it is),
 * naming and signed by the key letter. */
static const struct {
	const char *name, *description;
	char letter;
	const char *issued;
	enum cert_result want;
} key_table[] = {
	{ "key-unknown", "signed by a key that is not in the trust list", 'X', NULL,
	  CERT_UNKNOWN_KEY },
	{ "key-status-only", "signed by a key trusted for status lists only", 'S', NULL,
	  CERT_UNKNOWN_KEY },
	{ "key-other-authority", "authority 2's key signs a certificate of authority 1", 'B', NULL,
	  CERT_WRONG_AUTHORITY },
	{ "key-retired", "issued 2024-03-15 with a key that signs until 2023-12-31", 'O', NULL,
	  CERT_KEY_NOT_VALID },
	{ "key-last-day", "issued on the key's last day (valid from a later day)", 'O',
	  "2023-12-31", CERT_VALID },
	{ "key-day-after", "issued the day after the key's last day", 'O', "2024-01-01",
	  CERT_KEY_NOT_VALID },
	{ "key-not-yet-introduced", "issued the day before the key's first day", 'F', "2024-12-31",
	  CERT_KEY_NOT_VALID },
	{ "key-first-day", "issued on the key's first day", 'F', "2025-01-01", CERT_VALID },
};

static void key_cases(struct gen *g, const struct cert_payload *p0, const char *valid_b)
{
	unsigned char b[CERT_PAYLOAD_MAX], payload[CERT_PAYLOAD_MAX], other[CERT_SIG_BYTES];
	struct bm_err err;
	size_t n, plen = 0;
	char t[TEXT_CAP];

	for (size_t i = 0; i < sizeof(key_table) / sizeof(key_table[0]); i++) {
		struct cert_payload p = *p0;
		if (key_table[i].issued != NULL)
			p.issued = day(key_table[i].issued);
		kid_of(key_table[i].letter, p.kid);
		sign(g, &p, key_table[i].letter, t);
		plain(g, key_table[i].name, key_table[i].description, t, key_table[i].want);
	}
	/* the payload names A; the signature is another key's */
	n = encode(g, p0, b);
	sign_bytes(g, b, n, 'X', t);
	plain(g, "wrong-key-untrusted", "names key A, signed by a key outside the trust list", t,
	      CERT_BAD_SIGNATURE);
	sign_bytes(g, b, n, 'B', t);
	plain(g, "wrong-key-trusted", "names key A, signed by the trusted key B", t,
	      CERT_BAD_SIGNATURE);
	/* the base payload with the signature of another valid certificate */
	if (g->rc == 0 && certfmt_text_decode(valid_b, strlen(valid_b), payload, &plen, other,
					      &err) == CERTFMT_TEXT_OK) {
		g->rc = certfmt_text_encode(b, n, other, t, TEXT_CAP, g->err);
		plain(g, "signature-of-another", "a valid signature, of another certificate", t,
		      CERT_BAD_SIGNATURE);
	}
}

/* renewal: the text of a renewal certificate, for later cases */
static void date_cases(struct gen *g, const struct cert_payload *p0, const char *base,
		       char *renewal)
{
	struct cert_payload p = *p0;
	char *t = renewal;

	plain(g, "valid", "the base certificate, no status list", base, CERT_VALID);
	emit(g, "valid-first-day", "checked on valid_from", base, NULL, "2024-03-15", 7,
	     CERT_VALID);
	emit(g, "valid-last-day", "checked on valid_until", base, NULL, "2029-03-14", 7,
	     CERT_VALID);
	emit(g, "expired-day-after", "checked the day after valid_until", base, NULL, "2029-03-15",
	     7, CERT_EXPIRED);
	emit(g, "not-yet-valid-day-before", "checked the day before valid_from", base, NULL,
	     "2024-03-14", 7, CERT_NOT_YET_VALID);
	/* a renewal: issued 2026, continuing from the old valid_until */
	bm_strlcpy(p.number, "JCA-2026-000456", sizeof(p.number));
	p.issued = day("2026-04-20");
	p.valid_from = day("2029-03-15");
	p.valid_until = day("2034-03-14");
	p.status_index = 9;
	sign(g, &p, 'A', t);
	plain(g, "renewal-not-yet-valid", "a renewal issued before the old one ends", t,
	      CERT_NOT_YET_VALID);
	emit(g, "renewal-first-day", "the renewal on its first day", t, NULL, "2029-03-15", 7,
	     CERT_VALID);
}

/* suspended: the text of the certificate of entry 6, for later cases */
static void status_cases(struct gen *g, const struct cert_payload *p0, const char *base,
			 char *suspended)
{
	struct cert_payload p = *p0;
	char t[TEXT_CAP];
	const json_t *fresh = g->sl_json;

	emit(g, "status-valid", "entry 5 is valid in a list two days old", base, fresh,
	     CERTVEC_TODAY, 7, CERT_VALID);
	p.status_index = 6;
	sign(g, &p, 'A', suspended);
	memcpy(t, suspended, TEXT_CAP);
	emit(g, "status-suspended", "entry 6 is suspended", t, fresh, CERTVEC_TODAY, 7,
	     CERT_SUSPENDED);
	seed(g, "suspended-with-status", 1, t, strlen(t));
	emit(g, "status-order-expired-first",
	     "suspended, but the certificate expired: dates "
	     "are checked before status",
	     t, fresh, "2029-03-15", 7, CERT_EXPIRED);
	p.status_index = 7;
	sign(g, &p, 'A', t);
	emit(g, "status-revoked", "entry 7 is revoked", t, fresh, CERTVEC_TODAY, 7, CERT_REVOKED);
	p.status_index = 8;
	sign(g, &p, 'A', t);
	emit(g, "status-reserved", "entry 8 holds the reserved value 3", t, fresh, CERTVEC_TODAY, 7,
	     CERT_STATUS_UNKNOWN);
	p.status_index = 1024;
	sign(g, &p, 'A', t);
	emit(g, "status-beyond-list", "index 1024 in a list of 1024 entries", t, fresh,
	     CERTVEC_TODAY, 7, CERT_STATUS_UNKNOWN);
	emit(g, "status-fresh-last-day", "the list is exactly 7 days old", base, fresh,
	     "2026-05-08", 7, CERT_VALID);
	emit(g, "status-stale", "the list is 8 days old, 7 allowed", base, fresh, "2026-05-09", 7,
	     CERT_STATUS_STALE);
	emit(g, "status-max-age-zero", "a maximum age of 0: the list of the same day", base, fresh,
	     "2026-05-01", 0, CERT_VALID);
	emit(g, "status-max-age-zero-stale", "a maximum age of 0: the list of yesterday", base,
	     fresh, "2026-05-02", 0, CERT_STATUS_STALE);
	emit(g, "status-from-later", "a list issued after the day checked is used as it is", base,
	     fresh, "2026-04-30", 7, CERT_VALID);
}

/* Status lists that are forged, signed by a key not trusted for them, or broken. */
struct list_case {
	const char *name, *description;
	int cert;	     /* 0 the base certificate, 1 its entry 6, 2 the renewal */
	const char *issued;  /* the list's issue time */
	char letter;	     /* the key that signs it */
	int entry;	     /* an entry changed from the base list (-1: none) */
	enum cert_status to; /* what it becomes */
	int base_signature;  /* keep the base list's signature */
	int flip;	     /* flip a bit of the signature */
	uint32_t claim;	     /* a size claimed after signing, then signed again */
	const char *now;
	enum cert_result want;
};

static const struct list_case list_cases[] = {
	{ "status-forged", "entry 6 changed from suspended to valid, signature kept", 1, MAY1, 'S',
	  6, CERT_STATUS_VALID, 1, 0, 0, CERTVEC_TODAY, CERT_STATUS_BAD_SIGNATURE },
	{ "status-signature-flipped", "bit 2 of the list signature's byte 10", 0, MAY1, 'S', -1,
	  CERT_STATUS_VALID, 0, 1, 0, CERTVEC_TODAY, CERT_STATUS_BAD_SIGNATURE },
	{ "status-key-unknown", "a list signed by a key outside the trust list", 0, MAY1, 'X', -1,
	  CERT_STATUS_VALID, 0, 0, 0, CERTVEC_TODAY, CERT_STATUS_BAD_SIGNATURE },
	{ "status-key-certificates-only", "a list signed by a certificate key", 0, MAY1, 'A', -1,
	  CERT_STATUS_VALID, 0, 0, 0, CERTVEC_TODAY, CERT_STATUS_BAD_SIGNATURE },
	{ "status-key-retired", "a list signed 2030-01-05 by a key that signs until 2029-12-31", 2,
	  "2030-01-05T02:00:00.000Z", 'S', -1, CERT_STATUS_VALID, 0, 0, 0, "2030-01-06",
	  CERT_STATUS_BAD_SIGNATURE },
	{ "status-list-broken", "a well-signed list of 1,023 entries whose spare bits are set", 0,
	  MAY1, 'S', 1023, CERT_STATUS_SUSPENDED, 0, 0, 1023, CERTVEC_TODAY, CERT_STATUS_UNKNOWN },
};

static void status_forgery_cases(struct gen *g, const char *texts[3])
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];

	for (size_t i = 0; i < sizeof(list_cases) / sizeof(list_cases[0]) && g->rc == 0; i++) {
		const struct list_case *c = &list_cases[i];
		struct status_list sl;
		json_t *j;
		if ((g->rc = make_status(&sl, c->issued, c->letter, c->entry, c->to, g->err)) != 0)
			return;
		if (c->base_signature)
			memcpy(sl.sig, g->sl.sig, sizeof(sl.sig));
		if (c->flip)
			sl.sig[10] ^= 0x04;
		if (c->claim > 0) {
			certvec_keypair(c->letter, pk, sk);
			sl.size = c->claim;
			g->rc = status_list_seal(&sl, sk, g->err);
		}
		j = status_list_to_json(&sl);
		emit(g, c->name, c->description, texts[c->cert], j, c->now, 7, c->want);
		json_decref(j);
		status_list_release(&sl);
	}
}

/* A second authority, and the longest realistic certificate (the QR budget). */
static void other_cases(struct gen *g, const struct cert_payload *p0, char *valid_b)
{
	static const char *const all[] = {
		"consulting",		"data_recovery",       "operation_maintenance",
		"overall_integration",	"security_monitoring", "shielded_room",
		"software_development", "supervision"
	};
	static const char name_part[] = "保密信息系统集成技术研究", tail[] = "集团股份有限公司";
	struct cert_payload p = *p0;
	unsigned char b[CERT_PAYLOAD_MAX];
	size_t n;
	char t[TEXT_CAP];

	bm_strlcpy(p.number, "JCB-2025-000042", sizeof(p.number));
	bm_strlcpy(p.unit_name, "苏州云盾数据恢复有限公司", sizeof(p.unit_name));
	bm_strlcpy(p.uscc, "91320505MA1P2Q3R4", sizeof(p.uscc));
	p.uscc[17] = uscc_check_char(p.uscc);
	bm_strlcpy(p.grade, "B", sizeof(p.grade));
	p.ncategories = 1;
	bm_strlcpy(p.categories[0], "data_recovery", sizeof(p.categories[0]));
	p.issued = p.valid_from = day("2025-06-10");
	p.valid_until = day("2030-06-09");
	p.authority_id = 2;
	bm_strlcpy(p.authority_name, jiangsu, sizeof(p.authority_name));
	p.status_index = 11;
	kid_of('B', p.kid);
	sign(g, &p, 'B', valid_b);
	emit(g, "valid-provincial", "a grade B certificate of authority 2, signed by its key",
	     valid_b, g->sl_json, CERTVEC_TODAY, 7, CERT_VALID);
	/* 128 CJK characters of unit name and all eight categories */
	p = *p0;
	p.unit_name[0] = '\0';
	while (strlen(p.unit_name) + strlen(name_part) + strlen(tail) <= CERT_UNIT_NAME_MAX)
		bm_strlcpy(p.unit_name + strlen(p.unit_name), name_part,
			   sizeof(p.unit_name) - strlen(p.unit_name));
	bm_strlcpy(p.unit_name + strlen(p.unit_name), tail,
		   sizeof(p.unit_name) - strlen(p.unit_name));
	p.ncategories = 8;
	for (int i = 0; i < 8; i++)
		bm_strlcpy(p.categories[i], all[i], sizeof(p.categories[i]));
	sign(g, &p, 'A', t);
	emit(g, "valid-long-name", "128 CJK characters of unit name, all eight categories", t,
	     g->sl_json, CERTVEC_TODAY, 7, CERT_VALID);
	n = encode(g, &p, b);
	seed(g, "payload-long", 2, b, n);
}

int certvec_write(const char *vectors_dir, const char *corpus_dir, struct bm_err *err)
{
	struct gen g = { vectors_dir, corpus_dir, NULL, { 0 }, NULL, err, 0 };
	struct cert_payload p0;
	struct cert_trust trust;
	unsigned char b[CERT_PAYLOAD_MAX];
	char base[TEXT_CAP], valid_b[TEXT_CAP], suspended[TEXT_CAP], renewal[TEXT_CAP];
	const char *texts[3] = { base, suspended, renewal };
	size_t n;

	certvec_base_payload(&p0);
	if ((g.rc = certvec_trust(&trust, err)) != 0)
		return g.rc;
	g.trust = cert_trust_to_json(&trust);
	cert_trust_release(&trust);
	if (g.trust == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	if ((g.rc = certvec_status(&g.sl, err)) == 0 &&
	    (g.sl_json = status_list_to_json(&g.sl)) == NULL)
		g.rc = bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	sign(&g, &p0, 'A', base);
	other_cases(&g, &p0, valid_b);
	prefix_cases(&g, base);
	base45_cases(&g, base);
	truncation_cases(&g, base);
	outer_cases(&g, base);
	canonical_cases(&g, &p0);
	flip_cases(&g, &p0, base);
	key_cases(&g, &p0, valid_b);
	date_cases(&g, &p0, base, renewal);
	status_cases(&g, &p0, base, suspended);
	status_forgery_cases(&g, texts);
	seed(&g, "valid", 0, base, strlen(base));
	seed(&g, "valid-with-status", 1, base, strlen(base));
	seed(&g, "bad-prefix", 0, base + CERT_PREFIX_LEN, strlen(base) - CERT_PREFIX_LEN);
	n = encode(&g, &p0, b);
	seed(&g, "payload", 2, b, n);
	if (g.sl_json != NULL)
		seed_json(&g, "status-list", 3, g.sl_json);
	seed_json(&g, "trust-list", 4, g.trust);
	json_decref(g.sl_json);
	json_decref(g.trust);
	status_list_release(&g.sl);
	return g.rc;
}
