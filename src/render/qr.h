/*
 * qr.h - the QR code of a certificate's text form, as a matrix of modules.
 *
 * The text form ("BM1:" + base45, core/certfmt.h) is written in one alphanumeric
 * segment at error-correction level M, in the smallest version that holds it: the
 * largest text (CERT_TEXT_MAX, 1,309 characters) needs version 24, 113 x 113 modules
 * (docs/certificate-format.md §4). libqrencode does the encoding; drawing the modules
 * is the caller's (render/certpdf.c draws them as vector squares).
 */
#ifndef BM_QR_H
#define BM_QR_H

#include <stddef.h>

#include "base/err.h"

/* The quiet zone the QR standard asks for around a symbol, in modules. */
#define QR_QUIET_ZONE 4

struct qr_code {
	int version;	     /* 1..40 */
	int width;	     /* modules per side: 17 + 4 x version */
	unsigned char *dark; /* width x width, row by row: 1 for a dark module */
};

/*
 * Encode len bytes of text in alphanumeric mode at level M into q (new memory, see
 * qr_code_release). The text must be 1..CERT_TEXT_MAX characters of the QR
 * alphanumeric set (0-9 A-Z space $ % * + - . / :), which every certificate text is.
 * 0; BM_EINVAL for another character or an empty text; BM_ETOOBIG past CERT_TEXT_MAX;
 * BM_EINTERNAL when out of memory.
 */
int qr_encode(const char *text, size_t len, struct qr_code *q, struct bm_err *err);

/* Free q's modules; q may then be encoded into again. */
void qr_code_release(struct qr_code *q);

/* 1 when the module in column x, row y (0-based, inside the symbol) is dark. */
static inline int qr_dark(const struct qr_code *q, int x, int y)
{
	return q->dark[(size_t)y * (size_t)q->width + (size_t)x];
}

#endif
