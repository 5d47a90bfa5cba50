/*
 * token.c - random bearer tokens and their stored hashes.
 */
#include <sodium.h>
#include <string.h>

#include "base/str.h"
#include "sec/token.h"
#include "base/banned.h"

#define TOKEN_B64_LEN 43

void token_new(const char *prefix, char out[TOKEN_TEXT_MAX])
{
	unsigned char raw[TOKEN_RANDOM_BYTES];
	size_t plen = bm_strlcpy(out, prefix, TOKEN_TEXT_MAX);

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out + plen, TOKEN_TEXT_MAX - plen, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void token_hash(const char *token, unsigned char out[TOKEN_HASH_BYTES])
{
	crypto_generichash(out, TOKEN_HASH_BYTES, (const unsigned char *)token, strlen(token), NULL,
			   0);
}

int token_shape_ok(const char *s, const char *prefix)
{
	size_t plen = strlen(prefix);

	if (strncmp(s, prefix, plen) != 0 || strlen(s) != plen + TOKEN_B64_LEN)
		return 0;
	for (const char *p = s + plen; *p != '\0'; p++) {
		char c = *p;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return 0;
	}
	return 1;
}
