/*
 * seal.c - per-file data keys wrapped by the master key, secretstream chunks.
 */
#include <string.h>

#include "sec/seal.h"
#include "base/banned.h"

static const char wrap_purpose[] = "baomi file data key v1\n";

/* The wrapping's associated data: the purpose, then the binding. */
static int wrap_ad(const char *bind, unsigned char ad[sizeof(wrap_purpose) + SEAL_BIND_MAX],
		   size_t *len, struct bm_err *err)
{
	size_t n = strnlen(bind, SEAL_BIND_MAX + 1);

	if (n > SEAL_BIND_MAX)
		return bm_err_set(err, BM_EINVAL, "invalid_length", "bind",
				  "a seal binding has at most %d bytes", SEAL_BIND_MAX);
	memcpy(ad, wrap_purpose, sizeof(wrap_purpose) - 1);
	memcpy(ad + sizeof(wrap_purpose) - 1, bind, n);
	*len = sizeof(wrap_purpose) - 1 + n;
	return 0;
}

int seal_begin(struct sealer *s, const unsigned char *master, const char *bind, struct bm_err *err)
{
	unsigned char ad[sizeof(wrap_purpose) + SEAL_BIND_MAX], *key, *nonce = s->wrapped;
	size_t adlen = 0;

	if (wrap_ad(bind, ad, &adlen, err) != 0)
		return BM_EINVAL;
	key = sodium_malloc(crypto_secretstream_xchacha20poly1305_KEYBYTES);
	if (key == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of secure memory");
	crypto_secretstream_xchacha20poly1305_keygen(key);
	crypto_secretstream_xchacha20poly1305_init_push(&s->st, s->header, key);
	randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt(
		s->wrapped + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, NULL, key, 32, ad, adlen,
		NULL, nonce, master);
	sodium_free(key);
	return 0;
}

void seal_chunk(struct sealer *s, const unsigned char *in, size_t len, int last, unsigned char *out)
{
	crypto_secretstream_xchacha20poly1305_push(
		&s->st, out, NULL, in, len, NULL, 0,
		last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
}

void seal_end(struct sealer *s)
{
	sodium_memzero(&s->st, sizeof(s->st));
}

static int broken(struct bm_err *err, const char *what)
{
	return bm_err_set(err, BM_EINTERNAL, "seal_broken", NULL,
			  "the sealed file fails authentication (%s): it was altered or damaged",
			  what);
}

int open_begin(struct opener *o, const unsigned char *master, const char *bind,
	       const unsigned char *wrapped, size_t wrapped_len, const unsigned char *header,
	       size_t header_len, struct bm_err *err)
{
	unsigned char ad[sizeof(wrap_purpose) + SEAL_BIND_MAX], *key;
	size_t adlen = 0;
	int rc = 0;

	memset(o, 0, sizeof(*o));
	if (wrap_ad(bind, ad, &adlen, err) != 0)
		return BM_EINVAL;
	key = sodium_malloc(32);
	if (key == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of secure memory");
	if (wrapped_len != SEAL_WRAPPED_KEY || header_len != SEAL_HEADER ||
	    crypto_aead_xchacha20poly1305_ietf_decrypt(
		    key, NULL, NULL, wrapped + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
		    wrapped_len - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, ad, adlen, wrapped,
		    master) != 0)
		rc = broken(err, "data key");
	else if (crypto_secretstream_xchacha20poly1305_init_pull(&o->st, header, key) != 0)
		rc = broken(err, "header");
	sodium_free(key);
	return rc;
}

int open_chunk(struct opener *o, const unsigned char *in, size_t len, unsigned char *out,
	       size_t *outlen, int *final, struct bm_err *err)
{
	unsigned long long n = 0;
	unsigned char tag = 0;

	*final = 0;
	if (o->finished || len < SEAL_OVERHEAD || len > SEAL_CHUNK + SEAL_OVERHEAD)
		return broken(err, "chunk length or order");
	if (crypto_secretstream_xchacha20poly1305_pull(&o->st, out, &n, &tag, in, len, NULL, 0) !=
	    0)
		return broken(err, "chunk");
	*outlen = (size_t)n;
	if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
		o->finished = 1;
		*final = 1;
	}
	return 0;
}

void open_end(struct opener *o)
{
	sodium_memzero(&o->st, sizeof(o->st));
}
