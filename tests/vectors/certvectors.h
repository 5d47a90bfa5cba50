/*
 * certvectors.h - the deterministic generator of the certificate test vectors
 * (tests/vectors/certificates/, a JSON file each) and of the seed corpus of the
 * certfmt fuzz target (tests/fuzz/corpus/certfmt/).
 *
 * Everything comes from fixed seeds: each key pair is derived from the seed
 * SHA-256("baomi test vector key " + its letter), Ed25519 signatures are
 * deterministic, and zlib at level 9 compresses the same bits the same way, so the
 * same build writes the same bytes every time (test_certvectors checks that the
 * committed folder is exactly what this writes). Each vector is verified as it is
 * written: a generator whose case does not give its intended result fails.
 *
 * The world of the vectors (docs/certificate-format.md, "Test vectors"):
 *	A  authority 1, certificates, 2024-01-01..2029-12-31
 *	S  authority 1, status lists, 2024-01-01..2029-12-31
 *	B  authority 2, certificates, 2024-01-01..2029-12-31
 *	O  authority 1, certificates, 2019-01-01..2023-12-31 (retired)
 *	F  authority 1, certificates, 2025-01-01..2030-12-31 (introduced later)
 *	X  not in the trust list
 * The base certificate (signed by A, status index 5) is valid 2024-03-15..2029-03-14;
 * the base status list (signed by S, 1,024 entries, issued 2026-05-01 10:00 CST)
 * marks entry 6 suspended, 7 revoked and 8 with the reserved value; most vectors are
 * checked on CERTVEC_TODAY with a maximum age of 7 days.
 */
#ifndef BM_CERTVECTORS_H
#define BM_CERTVECTORS_H

#include <sodium.h>

#include "base/err.h"
#include "core/certfmt.h"
#include "sec/certsign.h"
#include "sec/statuslist.h"

#define CERTVEC_TODAY "2026-05-03"

/* The key pair of the world's key with this letter (A, S, B, O, F or X). */
void certvec_keypair(char letter, unsigned char pk[crypto_sign_PUBLICKEYBYTES],
		     unsigned char sk[crypto_sign_SECRETKEYBYTES]);
/* The trust list every vector carries. t owns new memory on success. */
int certvec_trust(struct cert_trust *t, struct bm_err *err);
/* The base certificate's payload. */
void certvec_base_payload(struct cert_payload *p);
/* The base status list. sl owns new memory on success. */
int certvec_status(struct status_list *sl, struct bm_err *err);

/*
 * Write every vector into vectors_dir and, when corpus_dir is not NULL, the fuzz
 * seeds into corpus_dir (both must exist). 0, or the first failure (err names the
 * vector).
 */
int certvec_write(const char *vectors_dir, const char *corpus_dir, struct bm_err *err);

#endif
