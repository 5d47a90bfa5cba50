/*
 * token.h - bearer secrets: session tokens, CSRF tokens and API tokens.
 *
 * A token is 256 random bits written as 43 base64url characters, optionally behind a
 * prefix ("bmt_" for API tokens, so they are recognisable in logs and scanners).
 * Only its BLAKE2b-256 hash is stored; the token itself is shown once.
 */
#ifndef BM_TOKEN_H
#define BM_TOKEN_H

#include <stddef.h>

#define TOKEN_RANDOM_BYTES 32
#define TOKEN_TEXT_MAX	   64 /* prefix + 43 characters + NUL, with room to spare */
#define TOKEN_HASH_BYTES   32

/* A new token: prefix (may be "") followed by 43 base64url characters. */
void token_new(const char *prefix, char out[TOKEN_TEXT_MAX]);
/* The stored form of a token. */
void token_hash(const char *token, unsigned char out[TOKEN_HASH_BYTES]);
/* 1 when s has the shape of a token with that prefix, else 0 (cheap pre-check). */
int token_shape_ok(const char *s, const char *prefix);

#endif
