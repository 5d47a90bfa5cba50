/*
 * password.c - Argon2id hashing and constant-cost verification.
 */
#include <pthread.h>
#include <string.h>

#include "base/err.h"
#include "sec/password.h"
#include "base/banned.h"

static char dummy_hash[PASSWORD_HASH_LEN];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

int password_hash(const char *password, char out[PASSWORD_HASH_LEN])
{
	if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return BM_EINTERNAL;
	return 0;
}

int password_verify(const char *stored, const char *password)
{
	if (crypto_pwhash_str_verify(stored, password, strlen(password)) != 0)
		return BM_EAUTH;
	return 0;
}

static void make_dummy(void)
{
	unsigned char random[24];
	char text[2 * sizeof(random) + 1];

	randombytes_buf(random, sizeof(random));
	for (size_t i = 0; i < sizeof(random); i++)
		text[i] = (char)('a' + random[i] % 26);
	text[sizeof(random)] = '\0';
	if (password_hash(text, dummy_hash) != 0)
		dummy_hash[0] = '\0';
}

int password_verify_dummy(const char *password)
{
	pthread_once(&dummy_once, make_dummy);
	if (dummy_hash[0] != '\0')
		(void)password_verify(dummy_hash, password);
	return BM_EAUTH;
}
