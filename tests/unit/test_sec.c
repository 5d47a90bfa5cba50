/*
 * test_sec.c - unit tests of src/sec without a database: RFC 6962 Merkle hashing
 * (Certificate Transparency known answers and an independent recursive reference),
 * the serialized frontier, bearer tokens, Argon2id password hashing and the
 * authorisation decision table (hidden vs denied vs allowed).
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
#include "base/str.h"
#include "sec/authz.h"
#include "sec/merkle.h"
#include "sec/password.h"
#include "sec/token.h"
#include "base/banned.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- Merkle: an independent reference ---- */

/* RFC 6962 §2.1 written out directly: MTH of leaves[0..n) with SHA-256 over the
 * prefixed inputs, splitting at the largest power of two smaller than n. */
static void ref_leaf(const unsigned char *data, size_t len, unsigned char out[32])
{
	unsigned char tmp[1 + 64];

	assert_true(len <= 64);
	tmp[0] = 0x00;
	memcpy(tmp + 1, data, len);
	crypto_hash_sha256(out, tmp, 1 + len);
}

static void ref_mth(const unsigned char (*leaf)[32], size_t n, unsigned char out[32])
{
	unsigned char tmp[1 + 64];
	size_t k = 1;

	if (n == 0) {
		crypto_hash_sha256(out, (const unsigned char *)"", 0);
		return;
	}
	if (n == 1) {
		memcpy(out, leaf[0], 32);
		return;
	}
	while (k * 2 < n)
		k *= 2;
	tmp[0] = 0x01;
	ref_mth(leaf, k, tmp + 1);
	ref_mth(leaf + k, n - k, tmp + 33);
	crypto_hash_sha256(out, tmp, sizeof(tmp));
}

/* The eight inputs of the Certificate Transparency test suite. */
static const struct {
	const char *data;
	size_t len;
} ct_inputs[8] = {
	{ "", 0 },
	{ "\x00", 1 },
	{ "\x10", 1 },
	{ "\x20\x21", 2 },
	{ "\x30\x31", 2 },
	{ "\x40\x41\x42\x43", 4 },
	{ "\x50\x51\x52\x53\x54\x55\x56\x57", 8 },
	{ "\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f", 16 },
};

/* Roots for sizes 1..8 from the Certificate Transparency reference implementation. */
static const char *const ct_roots[8] = {
	"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
	"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
	"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
	"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
	"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
	"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
	"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
	"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

static void hex32(const char *hex, unsigned char out[32])
{
	assert_int_equal(bm_hex_decode(hex, out, 32), 0);
}

static void test_merkle_empty(void **state)
{
	struct merkle m;
	unsigned char root[32], want[32];

	(void)state;
	merkle_init(&m);
	merkle_root(&m, root);
	hex32("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", want);
	assert_memory_equal(root, want, 32);
	ref_mth(NULL, 0, root);
	assert_memory_equal(root, want, 32);
}

static void test_merkle_ct_vectors(void **state)
{
	unsigned char leaves[8][32], root[32], ref[32], want[32];
	struct merkle m;

	(void)state;
	merkle_init(&m);
	for (size_t i = 0; i < 8; i++) {
		unsigned char mine[32];
		ref_leaf((const unsigned char *)ct_inputs[i].data, ct_inputs[i].len, leaves[i]);
		merkle_leaf_hash(ct_inputs[i].data, ct_inputs[i].len, mine);
		assert_memory_equal(mine, leaves[i], 32);
		merkle_append(&m, mine);
		assert_int_equal(m.size, i + 1);
		merkle_root(&m, root);
		ref_mth((const unsigned char(*)[32])leaves, i + 1, ref);
		hex32(ct_roots[i], want);
		if (memcmp(ref, want, 32) != 0)
			fail_msg("reference root of size %zu differs from the CT known answer",
				 i + 1);
		if (memcmp(root, want, 32) != 0)
			fail_msg("merkle_root of size %zu differs from the CT known answer", i + 1);
	}
	/* the first leaf hash is SHA-256 of the single byte 0x00 */
	hex32("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", want);
	assert_memory_equal(leaves[0], want, 32);
}

static void test_merkle_node_hash(void **state)
{
	unsigned char l[32], r[32], out[32], ref[32], tmp[65];

	(void)state;
	memset(l, 0xaa, 32);
	memset(r, 0x55, 32);
	merkle_node_hash(l, r, out);
	tmp[0] = 0x01;
	memcpy(tmp + 1, l, 32);
	memcpy(tmp + 33, r, 32);
	crypto_hash_sha256(ref, tmp, sizeof(tmp));
	assert_memory_equal(out, ref, 32);
	/* order matters */
	merkle_node_hash(r, l, out);
	assert_memory_not_equal(out, ref, 32);
	/* out may alias an input (merkle_append relies on it) */
	memcpy(out, r, 32);
	merkle_node_hash(l, out, out);
	assert_memory_equal(out, ref, 32);
}

#define MANY 300

static void test_merkle_many(void **state)
{
	static unsigned char leaves[MANY][32];
	struct merkle m;

	(void)state;
	merkle_init(&m);
	for (size_t i = 0; i < MANY; i++) {
		unsigned char data[8], root[32], ref[32];
		for (int k = 0; k < 8; k++)
			data[k] = (unsigned char)(i >> (8 * k));
		merkle_leaf_hash(data, sizeof(data), leaves[i]);
		merkle_append(&m, leaves[i]);
		merkle_root(&m, root);
		ref_mth((const unsigned char(*)[32])leaves, i + 1, ref);
		if (memcmp(root, ref, 32) != 0)
			fail_msg("root of size %zu differs from the reference", i + 1);
	}
}

static void test_frontier_round_trip(void **state)
{
	unsigned char buf[MERKLE_FRONTIER_MAX];
	struct merkle m, back;

	(void)state;
	merkle_init(&m);
	for (size_t n = 0; n <= 130; n++) {
		unsigned char r1[32], r2[32], leaf[32], data = (unsigned char)n;
		size_t len = merkle_save(&m, buf), bits = 0;

		for (uint64_t s = m.size; s != 0; s >>= 1)
			bits += s & 1;
		assert_int_equal(len, 8 + 32 * bits);
		assert_int_equal(merkle_load(&back, buf, len), 0);
		assert_int_equal(back.size, m.size);
		merkle_root(&m, r1);
		merkle_root(&back, r2);
		assert_memory_equal(r1, r2, 32);
		/* a loaded frontier goes on exactly like the original */
		merkle_leaf_hash(&data, 1, leaf);
		merkle_append(&back, leaf);
		merkle_append(&m, leaf);
		merkle_root(&m, r1);
		merkle_root(&back, r2);
		assert_memory_equal(r1, r2, 32);
	}
	/* the size is big-endian in the first eight bytes */
	assert_int_equal(m.size, 131);
	merkle_save(&m, buf);
	assert_memory_equal(buf, "\0\0\0\0\0\0\0\x83", 8);
	/* the empty blob (a fresh database) is the empty tree */
	assert_int_equal(merkle_load(&back, buf, 0), 0);
	assert_int_equal(back.size, 0);
}

static void test_frontier_rejects(void **state)
{
	unsigned char buf[MERKLE_FRONTIER_MAX + 32];
	struct merkle m;
	size_t len;

	(void)state;
	memset(buf, 0, sizeof(buf));
	merkle_init(&m);
	for (int i = 0; i < 5; i++) {
		unsigned char leaf[32];
		memset(leaf, i, 32);
		merkle_append(&m, leaf);
	}
	len = merkle_save(&m, buf); /* size 5: two hashes */
	assert_int_equal(len, 8 + 64);
	/* too short for the size field */
	for (size_t l = 1; l < 8; l++)
		assert_int_equal(merkle_load(&m, buf, l), BM_EINVAL);
	/* fewer hashes than the size's bits */
	assert_int_equal(merkle_load(&m, buf, len - 1), BM_EINVAL);
	assert_int_equal(merkle_load(&m, buf, len - 32), BM_EINVAL);
	assert_int_equal(merkle_load(&m, buf, 8), BM_EINVAL);
	/* trailing bytes */
	buf[len] = 0;
	assert_int_equal(merkle_load(&m, buf, len + 1), BM_EINVAL);
	memset(buf + len, 0, 32);
	assert_int_equal(merkle_load(&m, buf, len + 32), BM_EINVAL);
	/* a size that disagrees with the hashes present */
	buf[7] = 7; /* three hashes needed, two present */
	assert_int_equal(merkle_load(&m, buf, len), BM_EINVAL);
	buf[7] = 4; /* one needed, two present */
	assert_int_equal(merkle_load(&m, buf, len), BM_EINVAL);
	buf[7] = 0; /* none needed */
	assert_int_equal(merkle_load(&m, buf, len), BM_EINVAL);
	assert_int_equal(merkle_load(&m, buf, 8), 0);
	/* a huge size claims 64 hashes */
	memset(buf, 0xff, 8);
	assert_int_equal(merkle_load(&m, buf, 8 + 32), BM_EINVAL);
	assert_int_equal(merkle_load(&m, buf, 8 + 64 * 32), 0);
	assert_int_equal(m.size, UINT64_MAX);
	buf[5] = 5;
	buf[7] = 5;
	assert_int_equal(merkle_load(&m, buf, 8 + 64 * 32), BM_EINVAL);
}

/* ---- tokens ---- */

static void test_token_shape(void **state)
{
	char a[TOKEN_TEXT_MAX], b[TOKEN_TEXT_MAX];

	(void)state;
	token_new("bmt_", a);
	token_new("bmt_", b);
	assert_int_equal(strlen(a), 4 + 43);
	assert_memory_equal(a, "bmt_", 4);
	assert_string_not_equal(a, b);
	assert_true(token_shape_ok(a, "bmt_"));
	assert_false(token_shape_ok(a, ""));
	assert_false(token_shape_ok(a, "bmx_"));
	assert_false(token_shape_ok(a + 4, "bmt_"));

	token_new("", a);
	assert_int_equal(strlen(a), 43);
	assert_true(token_shape_ok(a, ""));
	assert_false(token_shape_ok(a, "bmt_"));
	for (const char *p = a; *p != '\0'; p++)
		assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				       "0123456789-_",
				       *p));

	/* wrong lengths and characters outside base64url */
	memcpy(b, a, sizeof(b));
	b[42] = '\0';
	assert_false(token_shape_ok(b, ""));
	memcpy(b, a, 43);
	b[43] = 'A';
	b[44] = '\0';
	assert_false(token_shape_ok(b, ""));
	{
		static const char bad_chars[] = "+/= .\x01\x7f";
		for (const char *c = bad_chars; *c != '\0'; c++) {
			memcpy(b, a, 44);
			b[10] = *c;
			assert_false(token_shape_ok(b, ""));
		}
		memcpy(b, a, 44);
		b[10] = '\xc3'; /* a non-ASCII byte */
		assert_false(token_shape_ok(b, ""));
	}
	assert_false(token_shape_ok("", ""));
	assert_false(token_shape_ok("bmt_", "bmt_"));
}

static void test_token_hash(void **state)
{
	unsigned char h1[TOKEN_HASH_BYTES], h2[TOKEN_HASH_BYTES], want[32];
	char t[TOKEN_TEXT_MAX];

	(void)state;
	/* BLAKE2b-256 known answer for the empty input */
	token_hash("", h1);
	hex32("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8", want);
	assert_memory_equal(h1, want, 32);
	/* BLAKE2b-256("abc") */
	token_hash("abc", h1);
	hex32("bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319", want);
	assert_memory_equal(h1, want, 32);

	token_new("bmt_", t);
	token_hash(t, h1);
	token_hash(t, h2);
	assert_memory_equal(h1, h2, 32);
	t[10] = t[10] == 'A' ? 'B' : 'A';
	token_hash(t, h2);
	assert_memory_not_equal(h1, h2, 32);
}

/* ---- passwords ---- */

static void test_password_hash_verify(void **state)
{
	char h1[PASSWORD_HASH_LEN], h2[PASSWORD_HASH_LEN];

	(void)state;
	assert_int_equal(password_hash("correct horse battery", h1), 0);
	assert_memory_equal(h1, "$argon2id$", 10);
	assert_int_equal(password_verify(h1, "correct horse battery"), 0);
	assert_int_equal(password_verify(h1, "correct horse batterY"), BM_EAUTH);
	assert_int_equal(password_verify(h1, ""), BM_EAUTH);
	assert_int_equal(password_verify(h1, "correct horse battery "), BM_EAUTH);
	/* salted: the same password hashes differently */
	assert_int_equal(password_hash("correct horse battery", h2), 0);
	assert_string_not_equal(h1, h2);
	assert_int_equal(password_verify(h2, "correct horse battery"), 0);
	/* CJK passwords are bytes like any other */
	assert_int_equal(password_hash("保密资格审查认定办法条例", h2), 0);
	assert_int_equal(password_verify(h2, "保密资格审查认定办法条例"), 0);
	assert_int_equal(password_verify(h2, "保密资格审查认定办法条"), BM_EAUTH);
	/* malformed stored hashes never verify */
	assert_int_equal(password_verify("", "x"), BM_EAUTH);
	assert_int_equal(password_verify("$argon2id$", "x"), BM_EAUTH);
	assert_int_equal(password_verify("plain-text", "plain-text"), BM_EAUTH);
	h1[strlen(h1) - 3] = h1[strlen(h1) - 3] == 'A' ? 'B' : 'A';
	assert_int_equal(password_verify(h1, "correct horse battery"), BM_EAUTH);
	/* the dummy costs a verification and always fails */
	assert_int_equal(password_verify_dummy("anything"), BM_EAUTH);
	assert_int_equal(password_verify_dummy(""), BM_EAUTH);
}

/* ---- authorisation ---- */

enum who {
	W_NONE,
	W_OPERATOR,
	W_SYSADMIN,
	W_SECADMIN,
	W_AUDITOR,
	W_NATIONAL,   /* reviewer of the national bureau, 000000 */
	W_PROVINCIAL, /* reviewer of Beijing's bureau, 110000 */
	W_MUNICIPAL,  /* approver of Nanjing's bureau, 320100 */
	W_OFFICER,    /* unit_officer of unit 7 (110105) */
	W_MEMBER,     /* unit_member of unit 7 */
	W_OTHER_UNIT, /* unit_officer of unit 8 */
	W_NOROLE,     /* an account with no role and no membership */
	W_COUNT
};

static void make_principal(enum who w, struct principal *p)
{
	memset(p, 0, sizeof(*p));
	p->kind = AUTH_SESSION;
	p->user_id = 100 + (int64_t)w;
	snprintf(p->login, sizeof(p->login), "user%d", (int)w);
	p->clearance.level = LEVEL_SECRET;
	compartments_init(&p->clearance.comps);
	assert_int_equal(compartments_add(&p->clearance.comps, "nuclear"), 0);
	p->membership = MEMBER_NONE;
	switch (w) {
	case W_NONE:
		p->kind = AUTH_NONE;
		p->user_id = 0;
		break;
	case W_OPERATOR:
		p->kind = AUTH_OPERATOR;
		p->user_id = 0;
		p->clearance.level = LEVEL_PUBLIC;
		compartments_init(&p->clearance.comps);
		break;
	case W_SYSADMIN:
		p->roles = ROLE_BIT(ROLE_SYSTEM_ADMIN);
		break;
	case W_SECADMIN:
		p->roles = ROLE_BIT(ROLE_SECURITY_ADMIN);
		break;
	case W_AUDITOR:
		p->roles = ROLE_BIT(ROLE_SECURITY_AUDITOR);
		break;
	case W_NATIONAL:
		p->roles = ROLE_BIT(ROLE_REVIEWER);
		p->membership = MEMBER_AUTHORITY;
		p->authority_id = 1;
		bm_strlcpy(p->region, "000000", sizeof(p->region));
		break;
	case W_PROVINCIAL:
		p->roles = ROLE_BIT(ROLE_REVIEWER);
		p->membership = MEMBER_AUTHORITY;
		p->authority_id = 2;
		bm_strlcpy(p->region, "110000", sizeof(p->region));
		break;
	case W_MUNICIPAL:
		p->roles = ROLE_BIT(ROLE_APPROVER);
		p->membership = MEMBER_AUTHORITY;
		p->authority_id = 3;
		bm_strlcpy(p->region, "320100", sizeof(p->region));
		break;
	case W_OFFICER:
		p->roles = ROLE_BIT(ROLE_UNIT_OFFICER);
		p->membership = MEMBER_UNIT;
		p->unit_id = 7;
		bm_strlcpy(p->region, "110105", sizeof(p->region));
		break;
	case W_MEMBER:
		p->roles = ROLE_BIT(ROLE_UNIT_MEMBER);
		p->membership = MEMBER_UNIT;
		p->unit_id = 7;
		bm_strlcpy(p->region, "110105", sizeof(p->region));
		break;
	case W_OTHER_UNIT:
		p->roles = ROLE_BIT(ROLE_UNIT_OFFICER);
		p->membership = MEMBER_UNIT;
		p->unit_id = 8;
		bm_strlcpy(p->region, "320102", sizeof(p->region));
		break;
	case W_NOROLE:
	case W_COUNT:
		break;
	}
}

enum rec {
	R_UNIT7,	   /* unit 7 in Beijing 110105, internal */
	R_UNIT8,	   /* unit 8 in Nanjing 320102, internal */
	R_UNIT7_SECRET,	   /* unit 7, labelled secret */
	R_UNIT7_TOP,	   /* unit 7, labelled top_secret */
	R_UNIT7_NUCLEAR,   /* unit 7, secret + nuclear */
	R_UNIT7_CRYPTO,	   /* unit 7, confidential + crypto */
	R_PROVINCE_JS,	   /* a record at province level 320000 */
	R_UNIT_SUZHOU,	   /* unit 9 in Suzhou 320506 */
	R_NO_REGION,	   /* scoped, without region or unit */
	R_COLLECTION,	   /* unscoped, unlabelled: a collection */
	R_USER_OTHER,	   /* the account of user 999, no membership */
	R_USER_SELF,	   /* the caller's own account */
	R_USER_SELF_UNIT7, /* the caller's own account, scoped to unit 7 */
	R_COUNT
};

static void make_resource(enum rec r, const struct principal *p, struct resource *res,
			  struct label *lab)
{
	memset(res, 0, sizeof(*res));
	lab->level = LEVEL_INTERNAL;
	compartments_init(&lab->comps);
	res->type = "unit";
	res->scoped = 1;
	res->label = lab;
	switch (r) {
	case R_UNIT7:
		res->id = 7;
		res->region = "110105";
		res->unit_id = 7;
		break;
	case R_UNIT8:
		res->id = 8;
		res->region = "320102";
		res->unit_id = 8;
		break;
	case R_UNIT7_SECRET:
	case R_UNIT7_TOP:
	case R_UNIT7_NUCLEAR:
	case R_UNIT7_CRYPTO:
		res->id = 7;
		res->region = "110105";
		res->unit_id = 7;
		lab->level = r == R_UNIT7_SECRET || r == R_UNIT7_NUCLEAR ? LEVEL_SECRET
			     : r == R_UNIT7_TOP				 ? LEVEL_TOP_SECRET
									 : LEVEL_CONFIDENTIAL;
		if (r == R_UNIT7_NUCLEAR)
			assert_int_equal(compartments_add(&lab->comps, "nuclear"), 0);
		if (r == R_UNIT7_CRYPTO)
			assert_int_equal(compartments_add(&lab->comps, "crypto"), 0);
		break;
	case R_PROVINCE_JS:
		res->type = "authority";
		res->id = 4;
		res->region = "320000";
		res->label = NULL;
		break;
	case R_UNIT_SUZHOU:
		res->id = 9;
		res->region = "320506";
		res->unit_id = 9;
		break;
	case R_NO_REGION:
		res->id = 5;
		res->region = "";
		break;
	case R_COLLECTION:
		res->scoped = 0;
		res->label = NULL;
		break;
	case R_USER_OTHER:
		res->type = "user";
		res->id = 999;
		res->user_id = 999;
		break;
	case R_USER_SELF:
		res->type = "user";
		res->id = p->user_id;
		res->user_id = p->user_id;
		break;
	case R_USER_SELF_UNIT7:
		res->type = "user";
		res->id = p->user_id;
		res->user_id = p->user_id;
		res->region = "110105";
		res->unit_id = 7;
		break;
	case R_COUNT:
		break;
	}
}

#define A AUTHZ_ALLOW
#define H AUTHZ_HIDDEN
#define D AUTHZ_DENY

struct authz_case {
	enum who who;
	enum action act;
	enum rec rec;
	enum authz_result want;
	const char *why;
};

static const struct authz_case authz_cases[] = {
	/* nobody logged in sees nothing; the operator may do anything */
	{ W_NONE, ACT_UNIT_READ, R_COLLECTION, H, "unauthenticated" },
	{ W_NONE, ACT_SELF, R_USER_SELF, H, "unauthenticated self" },
	{ W_OPERATOR, ACT_UNIT_UPDATE, R_UNIT7_TOP, A, "operator above its clearance" },
	{ W_OPERATOR, ACT_USER_ASSIGN, R_USER_OTHER, A, "operator assigns" },
	{ W_OPERATOR, ACT_AUDIT_READ, R_COLLECTION, A, "operator reads audit" },
	/* labels: level and compartments hide, whoever asks */
	{ W_SYSADMIN, ACT_UNIT_READ, R_UNIT7, A, "admin, internal record" },
	{ W_SYSADMIN, ACT_UNIT_READ, R_UNIT7_SECRET, A, "secret clearance, secret record" },
	{ W_SYSADMIN, ACT_UNIT_READ, R_UNIT7_TOP, H, "secret clearance, top secret record" },
	{ W_SYSADMIN, ACT_UNIT_UPDATE, R_UNIT7_TOP, H, "hidden beats permitted" },
	{ W_SYSADMIN, ACT_UNIT_READ, R_UNIT7_NUCLEAR, A, "holds the compartment" },
	{ W_SYSADMIN, ACT_UNIT_READ, R_UNIT7_CRYPTO, H, "lacks the compartment" },
	{ W_AUDITOR, ACT_UNIT_UPDATE, R_UNIT7_CRYPTO, H, "hidden beats denied" },
	{ W_OFFICER, ACT_UNIT_READ, R_UNIT7_TOP, H, "own unit, record above clearance" },
	{ W_OFFICER, ACT_UNIT_UPDATE, R_UNIT7_CRYPTO, H, "own unit, missing compartment" },
	/* the administrators act system-wide */
	{ W_SYSADMIN, ACT_UNIT_READ, R_UNIT8, A, "admin, any region" },
	{ W_SYSADMIN, ACT_UNIT_UPDATE, R_UNIT8, A, "sysadmin updates units" },
	{ W_SYSADMIN, ACT_UNIT_CREATE, R_COLLECTION, A, "sysadmin creates units" },
	{ W_SYSADMIN, ACT_AUTHORITY_WRITE, R_PROVINCE_JS, A, "sysadmin writes authorities" },
	{ W_SYSADMIN, ACT_REGION_WRITE, R_COLLECTION, A, "sysadmin writes regions" },
	{ W_SYSADMIN, ACT_USER_CREATE, R_COLLECTION, A, "sysadmin creates users" },
	{ W_SYSADMIN, ACT_USER_UPDATE, R_USER_OTHER, A, "sysadmin updates users" },
	{ W_SYSADMIN, ACT_USER_ASSIGN, R_USER_OTHER, D, "sysadmin does not assign access" },
	{ W_SYSADMIN, ACT_AUDIT_READ, R_COLLECTION, D, "sysadmin does not read audit" },
	{ W_SYSADMIN, ACT_LABEL_SET, R_UNIT7, D, "sysadmin does not set labels" },
	{ W_SECADMIN, ACT_USER_ASSIGN, R_USER_OTHER, A, "secadmin assigns access" },
	{ W_SECADMIN, ACT_USER_READ, R_USER_OTHER, A, "secadmin reads users" },
	{ W_SECADMIN, ACT_USER_CREATE, R_COLLECTION, D, "secadmin does not create users" },
	{ W_SECADMIN, ACT_USER_UPDATE, R_USER_OTHER, D, "secadmin does not update users" },
	{ W_SECADMIN, ACT_LABEL_SET, R_UNIT8, A, "secadmin sets labels anywhere" },
	{ W_SECADMIN, ACT_AUDIT_READ, R_COLLECTION, D, "secadmin does not read audit" },
	{ W_SECADMIN, ACT_UNIT_UPDATE, R_UNIT7, D, "secadmin does not edit units" },
	{ W_AUDITOR, ACT_AUDIT_READ, R_COLLECTION, A, "auditor reads audit" },
	{ W_AUDITOR, ACT_USER_READ, R_USER_OTHER, A, "auditor reads users" },
	{ W_AUDITOR, ACT_USER_ASSIGN, R_USER_OTHER, D, "auditor does not assign" },
	{ W_AUDITOR, ACT_UNIT_CREATE, R_COLLECTION, D, "auditor does not create units" },
	/* nobody assigns their own access, not even the security administrator */
	{ W_SECADMIN, ACT_USER_ASSIGN, R_USER_SELF, D, "secadmin assigns self" },
	{ W_SECADMIN, ACT_USER_ASSIGN, R_USER_SELF_UNIT7, D, "secadmin assigns self, scoped" },
	{ W_SYSADMIN, ACT_USER_ASSIGN, R_USER_SELF, D, "sysadmin assigns self" },
	{ W_OFFICER, ACT_USER_ASSIGN, R_USER_SELF_UNIT7, D, "officer assigns self" },
	/* own account */
	{ W_MEMBER, ACT_SELF, R_USER_SELF, A, "own account" },
	{ W_NOROLE, ACT_SELF, R_USER_SELF, A, "own account without roles" },
	{ W_MEMBER, ACT_SELF, R_USER_OTHER, H, "someone else's account as self" },
	{ W_SYSADMIN, ACT_SELF, R_USER_OTHER, H, "admin: ACT_SELF is only one's own" },
	{ W_SYSADMIN, ACT_SELF, R_COLLECTION, H, "ACT_SELF without a user" },
	{ W_MEMBER, ACT_USER_READ, R_USER_SELF_UNIT7, D, "own record, no user.read" },
	{ W_MEMBER, ACT_USER_READ, R_USER_OTHER, H, "other user, out of jurisdiction" },
	/* national jurisdiction: everything */
	{ W_NATIONAL, ACT_UNIT_READ, R_UNIT7, A, "national sees Beijing" },
	{ W_NATIONAL, ACT_UNIT_READ, R_UNIT8, A, "national sees Nanjing" },
	{ W_NATIONAL, ACT_AUTHORITY_READ, R_PROVINCE_JS, A, "national sees Jiangsu" },
	{ W_NATIONAL, ACT_UNIT_UPDATE, R_UNIT7, D, "reviewer does not update units" },
	{ W_NATIONAL, ACT_UNIT_READ, R_NO_REGION, H, "record without region" },
	{ W_NATIONAL, ACT_UNIT_READ, R_UNIT7_TOP, H, "national, above clearance" },
	{ W_NATIONAL, ACT_USER_READ, R_USER_OTHER, H, "user without region is hidden" },
	/* provincial jurisdiction: its province and below */
	{ W_PROVINCIAL, ACT_UNIT_READ, R_UNIT7, A, "Beijing sees 110105" },
	{ W_PROVINCIAL, ACT_UNIT_READ, R_UNIT8, H, "Beijing does not see Nanjing" },
	{ W_PROVINCIAL, ACT_AUTHORITY_READ, R_PROVINCE_JS, H, "Beijing does not see Jiangsu" },
	{ W_PROVINCIAL, ACT_UNIT_UPDATE, R_UNIT8, H, "out of jurisdiction beats denied" },
	{ W_PROVINCIAL, ACT_UNIT_UPDATE, R_UNIT7, D, "in jurisdiction, not permitted" },
	/* municipal jurisdiction: its city and counties, not the province */
	{ W_MUNICIPAL, ACT_UNIT_READ, R_UNIT8, A, "Nanjing sees 320102" },
	{ W_MUNICIPAL, ACT_UNIT_READ, R_UNIT_SUZHOU, H, "Nanjing does not see Suzhou" },
	{ W_MUNICIPAL, ACT_AUTHORITY_READ, R_PROVINCE_JS, H, "Nanjing does not see Jiangsu" },
	{ W_MUNICIPAL, ACT_UNIT_READ, R_UNIT7, H, "Nanjing does not see Beijing" },
	/* unit jurisdiction: its own unit only */
	{ W_OFFICER, ACT_UNIT_READ, R_UNIT7, A, "officer reads own unit" },
	{ W_OFFICER, ACT_UNIT_UPDATE, R_UNIT7, A, "officer updates own unit" },
	{ W_OFFICER, ACT_UNIT_UPDATE, R_UNIT7_SECRET, A, "officer, secret own unit" },
	{ W_OFFICER, ACT_UNIT_READ, R_UNIT8, H, "officer, other unit" },
	{ W_OFFICER, ACT_UNIT_UPDATE, R_UNIT8, H, "officer updates other unit" },
	{ W_OFFICER, ACT_LABEL_SET, R_UNIT7, D, "officer does not set labels" },
	{ W_OTHER_UNIT, ACT_UNIT_UPDATE, R_UNIT7, H, "unit 8 officer, unit 7" },
	{ W_OTHER_UNIT, ACT_UNIT_UPDATE, R_UNIT8, A, "unit 8 officer, unit 8" },
	{ W_MEMBER, ACT_UNIT_READ, R_UNIT7, A, "member reads own unit" },
	{ W_MEMBER, ACT_UNIT_UPDATE, R_UNIT7, D, "member does not update" },
	{ W_MEMBER, ACT_UNIT_READ, R_UNIT8, H, "member, other unit" },
	{ W_MEMBER, ACT_UNIT_READ, R_NO_REGION, H, "member, record without unit" },
	{ W_MEMBER, ACT_AUDIT_READ, R_COLLECTION, D, "member reads audit" },
	/* unscoped collections: permission alone decides */
	{ W_MEMBER, ACT_AUTHORITY_READ, R_COLLECTION, A, "member lists authorities" },
	{ W_MEMBER, ACT_REGION_READ, R_COLLECTION, A, "member lists regions" },
	{ W_MEMBER, ACT_REGION_WRITE, R_COLLECTION, D, "member writes regions" },
	{ W_NOROLE, ACT_UNIT_READ, R_COLLECTION, D, "no role at all" },
	{ W_NOROLE, ACT_UNIT_READ, R_UNIT7, H, "no membership, scoped record" },
	{ W_NOROLE, ACT_REGION_READ, R_COLLECTION, D, "no role, regions" },
};

static void test_authz_table(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < N_ELEMS(authz_cases); i++) {
		const struct authz_case *c = &authz_cases[i];
		struct principal p;
		struct resource r;
		struct label lab;
		enum authz_result got;

		make_principal(c->who, &p);
		make_resource(c->rec, &p, &r, &lab);
		got = authz_check(&p, c->act, &r);
		if (got != c->want) {
			print_error("case %zu (%s): %s -> %d, want %d\n", i, c->why,
				    action_name(c->act), (int)got, (int)c->want);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* Properties over every principal x action x record, on top of the table. */
static void test_authz_properties(void **state)
{
	(void)state;
	for (int w = 0; w < W_COUNT; w++) {
		for (int a = 0; a < ACT_COUNT; a++) {
			for (int rr = 0; rr < R_COUNT; rr++) {
				struct principal p;
				struct resource r;
				struct label lab;
				enum authz_result got;

				make_principal((enum who)w, &p);
				make_resource((enum rec)rr, &p, &r, &lab);
				got = authz_check(&p, (enum action)a, &r);
				if (w == W_OPERATOR) {
					assert_int_equal(got, AUTHZ_ALLOW);
					continue;
				}
				if (w == W_NONE) {
					assert_int_equal(got, AUTHZ_HIDDEN);
					continue;
				}
				/* a record above the caller's clearance is never revealed */
				if (r.label != NULL && !label_dominates(&p.clearance, r.label))
					assert_int_equal(got, AUTHZ_HIDDEN);
				/* no one but the operator assigns their own access */
				if (a == ACT_USER_ASSIGN && r.user_id == p.user_id)
					assert_int_not_equal(got, AUTHZ_ALLOW);
				/* a permitted result needs a role that grants the action */
				if (got == AUTHZ_ALLOW && a != ACT_SELF)
					assert_int_not_equal(p.roles, 0);
			}
		}
		/* an out-of-range action is refused outright */
		{
			struct principal p;
			struct resource r;
			struct label lab;
			make_principal((enum who)w, &p);
			make_resource(R_COLLECTION, &p, &r, &lab);
			assert_int_equal(authz_check(&p, ACT_COUNT, &r), AUTHZ_HIDDEN);
		}
	}
	assert_int_equal(authz_check(NULL, ACT_UNIT_READ, NULL), AUTHZ_HIDDEN);
}

static void test_authz_names(void **state)
{
	struct principal p;
	char text[128];

	(void)state;
	for (int a = 0; a < ACT_COUNT; a++) {
		assert_string_not_equal(action_name((enum action)a), "unknown");
		for (int b = 0; b < a; b++)
			assert_string_not_equal(action_name((enum action)a),
						action_name((enum action)b));
	}
	assert_string_equal(action_name(ACT_USER_ASSIGN), "user.assign");
	assert_string_equal(action_name(ACT_COUNT), "unknown");

	make_principal(W_OPERATOR, &p);
	principal_roles_text(&p, text, sizeof(text));
	assert_string_equal(text, "operator");
	make_principal(W_NATIONAL, &p);
	p.roles |= ROLE_BIT(ROLE_EXPERT) | ROLE_BIT(ROLE_INSPECTOR);
	principal_roles_text(&p, text, sizeof(text));
	assert_string_equal(text, "reviewer,expert,inspector");
	principal_roles_text(&p, text, 16);
	assert_string_equal(text, "reviewer,expert");
	principal_roles_text(&p, text, 9);
	assert_string_equal(text, "");
	principal_roles_text(&p, text, 10);
	assert_string_equal(text, "reviewer");
	make_principal(W_NOROLE, &p);
	principal_roles_text(&p, text, sizeof(text));
	assert_string_equal(text, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merkle_empty),
		cmocka_unit_test(test_merkle_ct_vectors),
		cmocka_unit_test(test_merkle_node_hash),
		cmocka_unit_test(test_merkle_many),
		cmocka_unit_test(test_frontier_round_trip),
		cmocka_unit_test(test_frontier_rejects),
		cmocka_unit_test(test_token_shape),
		cmocka_unit_test(test_token_hash),
		cmocka_unit_test(test_password_hash_verify),
		cmocka_unit_test(test_authz_table),
		cmocka_unit_test(test_authz_properties),
		cmocka_unit_test(test_authz_names),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests_name("sec", tests, NULL, NULL);
}
