/*
 * password.h - password hashing with Argon2id (libsodium, interactive limits).
 *
 * Verification of an unknown login runs the same Argon2id work against a dummy hash,
 * so that an unknown user and a wrong password cost the same time.
 */
#ifndef BM_PASSWORD_H
#define BM_PASSWORD_H

#include <sodium.h>

#define PASSWORD_HASH_LEN crypto_pwhash_STRBYTES

/* Hash password into out (an encoded Argon2id string). 0 or BM_EINTERNAL. */
int password_hash(const char *password, char out[PASSWORD_HASH_LEN]);
/* 0 when password matches stored; BM_EAUTH otherwise (also for a malformed hash). */
int password_verify(const char *stored, const char *password);
/* Spend the time of one verification and return BM_EAUTH. */
int password_verify_dummy(const char *password);

#endif
