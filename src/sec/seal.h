/*
 * seal.h - files sealed at rest: encrypted and authenticated.
 *
 * Each file gets its own random data key. The data key is wrapped (XChaCha20-
 * Poly1305) by the master key, with the purpose and the caller's binding as
 * associated data: a binding names what the file is (its digest, size, type and
 * name), so a sealed body moved under another record fails to open. The file is
 * a libsodium secretstream (XChaCha20-Poly1305) of SEAL_CHUNK-byte plaintext chunks,
 * the last one tagged FINAL. Reordering, dropping, truncating or altering any chunk,
 * or using the wrong key, fails authentication. Keys live in secure memory and are
 * wiped when the sealer or opener is released.
 */
#ifndef BM_SEAL_H
#define BM_SEAL_H

#include <sodium.h>
#include <stddef.h>

#include "base/err.h"

#define SEAL_CHUNK    65536
#define SEAL_OVERHEAD crypto_secretstream_xchacha20poly1305_ABYTES
#define SEAL_HEADER   crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define SEAL_BIND_MAX 400 /* bytes of a binding, its NUL excluded */
#define SEAL_WRAPPED_KEY                                                                           \
	(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + 32 +                                       \
	 crypto_aead_xchacha20poly1305_ietf_ABYTES)

struct sealer {
	crypto_secretstream_xchacha20poly1305_state st;
	unsigned char header[SEAL_HEADER];
	unsigned char wrapped[SEAL_WRAPPED_KEY];
};

/* Start sealing a new file under master (32 bytes), bound to the NUL-terminated
 * text bind (at most SEAL_BIND_MAX bytes; longer is BM_EINVAL). */
int seal_begin(struct sealer *s, const unsigned char *master, const char *bind, struct bm_err *err);
/* Seal one chunk of at most SEAL_CHUNK bytes into out (len + SEAL_OVERHEAD bytes);
 * last marks the final chunk. */
void seal_chunk(struct sealer *s, const unsigned char *in, size_t len, int last,
		unsigned char *out);
void seal_end(struct sealer *s);

struct opener {
	crypto_secretstream_xchacha20poly1305_state st;
	int finished;
};

/* Unwrap the data key and start reading. BM_EINTERNAL "seal_broken" when the
 * wrapped key does not authenticate (wrong master key, another binding, altered). */
int open_begin(struct opener *o, const unsigned char *master, const char *bind,
	       const unsigned char *wrapped, size_t wrapped_len, const unsigned char *header,
	       size_t header_len, struct bm_err *err);
/* Open one sealed chunk into out (at most SEAL_CHUNK bytes); *outlen set. A chunk
 * after the final one, or one that fails authentication, is BM_EINTERNAL
 * "seal_broken". *final is set on the FINAL chunk. */
int open_chunk(struct opener *o, const unsigned char *in, size_t len, unsigned char *out,
	       size_t *outlen, int *final, struct bm_err *err);
void open_end(struct opener *o);

#endif
