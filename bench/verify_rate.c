/*
 * verify_rate.c - how many certificate payloads one core verifies per second, next to
 * libsodium's raw Ed25519 verification of a message of the same length, measured in
 * the same run.
 *
 * The certificate is the test vectors' base certificate (tests/vectors/certvectors.h),
 * checked on their day against their trust list: every step of cert_verify (prefix,
 * base45, canonical CBOR, key, key validity, signature, validity), then the same with
 * the base status list, which cert_verify checks and inflates on every call as a
 * verifier without a cache would. The three loops take turns, twice, and each keeps
 * its better round, so neither goes first on a cold core or a busy moment. Prints one
 * line per figure; never fails on speed.
 *
 * usage: bench_verify [SECONDS]   (each round of each loop runs SECONDS / 2; default 3)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/timeutil.h"
#include "../tests/vectors/certvectors.h"
#include "base/banned.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct ctx {
	const char *text;
	size_t len;
	const struct cert_trust *trust;
	const struct status_list *sl;
	int32_t today;
	const unsigned char *msg, *sig, *pk;
	size_t msglen;
};

/* One verification through cert_verify; 0 when it says what it should. */
static int one_cert(const struct ctx *c)
{
	struct cert_verdict v;

	return cert_verify(c->text, c->len, c->trust, c->sl, c->today, CERT_MAX_AGE_DEFAULT, &v) ==
			       CERT_VALID
		       ? 0
		       : -1;
}

static int one_raw(const struct ctx *c)
{
	return crypto_sign_verify_detached(c->sig, c->msg, c->msglen, c->pk);
}

/* Run fn for secs seconds; verifications per second, or -1 when one failed. */
static double rate(int (*fn)(const struct ctx *), const struct ctx *c, double secs)
{
	double start = now_s(), t = start;
	long n = 0;

	while (t - start < secs) {
		for (int i = 0; i < 64; i++)
			if (fn(c) != 0)
				return -1;
		n += 64;
		t = now_s();
	}
	return (double)n / (t - start);
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 3.0;
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
	unsigned char payload[CERT_PAYLOAD_MAX], sig[crypto_sign_BYTES];
	unsigned char msg[sizeof(CERT_SIGN_DOMAIN) + CERT_PAYLOAD_MAX];
	char text[CERT_TEXT_MAX + 1];
	struct cert_payload p;
	struct cert_trust trust = { 0 };
	struct status_list sl = { 0 };
	struct bm_err err = { 0 };
	struct ctx c = { 0 };
	size_t plen, dlen = sizeof(CERT_SIGN_DOMAIN) - 1;
	double cert, cert_sl, raw;

	if (secs <= 0 || sodium_init() < 0)
		return 2;
	certvec_keypair('A', pk, sk);
	certvec_base_payload(&p);
	if (certvec_trust(&trust, &err) != 0 || certvec_status(&sl, &err) != 0 ||
	    certsign_sign(&p, sk, text, &err) != 0 ||
	    certfmt_encode(&p, payload, sizeof(payload), &plen, &err) != 0 ||
	    bm_date_parse(CERTVEC_TODAY, &c.today) != 0) {
		fprintf(stderr, "bench_verify: %s\n", err.message);
		return 1;
	}
	/* the raw reference: one Ed25519 verification of a message as long as the
	 * signed one (domain string + payload) */
	memcpy(msg, CERT_SIGN_DOMAIN, dlen);
	memcpy(msg + dlen, payload, plen);
	crypto_sign_detached(sig, NULL, msg, dlen + plen, sk);
	c.text = text;
	c.len = strlen(text);
	c.trust = &trust;
	c.msg = msg;
	c.msglen = dlen + plen;
	c.sig = sig;
	c.pk = pk;

	raw = cert = cert_sl = 0;
	for (int round = 0; round < 2; round++) {
		double r;

		c.sl = NULL;
		r = rate(one_raw, &c, secs / 2);
		raw = r < 0 || raw < 0 ? -1 : r > raw ? r : raw;
		r = rate(one_cert, &c, secs / 2);
		cert = r < 0 || cert < 0 ? -1 : r > cert ? r : cert;
		c.sl = &sl;
		r = rate(one_cert, &c, secs / 2);
		cert_sl = r < 0 || cert_sl < 0 ? -1 : r > cert_sl ? r : cert_sl;
	}
	if (raw < 0 || cert < 0 || cert_sl < 0) {
		fprintf(stderr, "bench_verify: a verification failed\n");
		return 1;
	}
	printf("payload: %zu bytes, text form %zu characters\n", plen, c.len);
	printf("libsodium Ed25519 verify (raw)      %10.0f /s\n", raw);
	printf("cert_verify, no status list         %10.0f /s  %5.1f%% of raw\n", cert,
	       100.0 * cert / raw);
	printf("cert_verify, with the status list   %10.0f /s  %5.1f%% of raw\n", cert_sl,
	       100.0 * cert_sl / raw);
	cert_trust_release(&trust);
	status_list_release(&sl);
	return 0;
}
