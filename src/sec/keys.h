/*
 * keys.h - the server's long-lived keys, kept in files outside the database.
 *
 * DATA/keys/audit.key   Ed25519 secret key that signs audit tree heads (hex, 0600)
 * DATA/keys/audit.pub   its public key (hex), for verifiers
 * DATA/keys/master.key  32-byte master key that wraps data keys (hex, 0600)
 *
 * Loaded keys live in sodium_malloc'd memory, read-only after loading, and are wiped
 * on release. Derived keys (the audit HMAC key) come from the master key through
 * crypto_kdf with a fixed context, so they need no file of their own.
 */
#ifndef BM_KEYS_H
#define BM_KEYS_H

#include <sodium.h>

#include "base/err.h"

#define KEY_ID_LEN 17 /* 16 hex characters + NUL */

struct keys {
	unsigned char *audit_sk; /* crypto_sign_SECRETKEYBYTES, secure memory */
	unsigned char audit_pk[crypto_sign_PUBLICKEYBYTES];
	char audit_key_id[KEY_ID_LEN];
	unsigned char *master;	/* 32 bytes, secure memory */
	unsigned char *mac_key; /* 32 bytes, secure memory: HMAC of sensitive audit values */
};

/* Create new key files under dir/keys (which is created 0700). Refuses to overwrite. */
int keys_create(const char *data_dir, struct bm_err *err);
/* Load the keys of data_dir. */
int keys_load(struct keys *k, const char *data_dir, struct bm_err *err);
void keys_release(struct keys *k);

/* The key id of an Ed25519 public key: first 8 bytes of BLAKE2b-256(pk), hex. */
void keys_key_id(const unsigned char pk[crypto_sign_PUBLICKEYBYTES], char out[KEY_ID_LEN]);

/* Read a hex public key file (audit.pub). */
int keys_read_public(const char *path, unsigned char pk[crypto_sign_PUBLICKEYBYTES],
		     struct bm_err *err);

#endif
