/*
 * gen_certificates.c - writes the certificate test vectors and the certfmt fuzz
 * seeds (certvectors.h says how they are made):
 *
 *	BUILD/tests/gen_certificates tests/vectors/certificates tests/fuzz/corpus/certfmt
 *
 * The output is the same on every run; test_certvectors fails when the committed
 * files differ from it.
 */
#include <stdio.h>

#include "certvectors.h"
#include "base/banned.h"

int main(int argc, char **argv)
{
	struct bm_err err;

	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: %s VECTORS_DIR [CORPUS_DIR]\n", argv[0]);
		return 2;
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "cannot initialise libsodium\n");
		return 1;
	}
	bm_err_clear(&err);
	if (certvec_write(argv[1], argc == 3 ? argv[2] : NULL, &err) != 0) {
		fprintf(stderr, "gen_certificates: %s\n", err.message);
		return 1;
	}
	return 0;
}
