/*
 * qrdecode.h - reading a certificate's QR code back: from an 8-bit grey image, a PNG
 * image, or the first page of a PDF (the printed certificate, render/certpdf.h).
 *
 * Used by `baomi cert verify --qr/--pdf` and by POST /api/v1/public/verify for
 * uploaded images, so every input is untrusted: sizes are checked before anything is
 * allocated for them, and a damaged file is an ordinary error, never a crash. PNG is
 * read by cairo (libpng), PDF pages are drawn by poppler at QRDECODE_PDF_DPI, and the
 * grey pixels are scanned by zbar with only its QR reader enabled. The text is
 * returned as the code holds it; whether it is a certificate is the verifier's
 * question (sec/certsign.h).
 *
 * Threads: any thread may call these. Decoding a PNG or PDF takes a process-wide
 * mutex, so that several server threads never hold several images of up to
 * QRDECODE_PIXELS_MAX pixels (about 200 MB with the grey copy) at once, and poppler's
 * process-wide state is only ever used by one thread.
 */
#ifndef BM_QRDECODE_H
#define BM_QRDECODE_H

#include <stddef.h>

#include "base/err.h"

#define QRDECODE_INPUT_MAX  (16u << 20) /* bytes of a PNG or PDF */
#define QRDECODE_SIDE_MAX   8192	/* pixels per side of an image to scan */
#define QRDECODE_PIXELS_MAX (40u * 1000u * 1000u)
#define QRDECODE_PDF_DPI    300 /* a PDF page is scanned at this resolution */

/*
 * Find the QR code in a width x height image of 8-bit grey pixels (row by row, no
 * padding) and copy its text into text (cap bytes, NUL-terminated) and its length
 * into *len. 0; BM_EINVAL "no_qr_code" when there is none, "several_qr_codes" when
 * there are codes with different texts; BM_ETOOBIG when the image passes the limits
 * above or the text does not fit cap; BM_EINTERNAL when out of memory.
 */
int qrdecode_grey(const unsigned char *grey, int width, int height, char *text, size_t cap,
		  size_t *len, struct bm_err *err);

/*
 * The same for len bytes of a PNG image (any colour type; transparency is laid on
 * white). Also BM_EINVAL "bad_image" for bytes that are not a readable PNG.
 */
int qrdecode_png(const void *png, size_t len, char *text, size_t cap, size_t *tlen,
		 struct bm_err *err);

/*
 * The same for the first page of len bytes of PDF, drawn at QRDECODE_PDF_DPI (less
 * for a page too large for the pixel limits). Also BM_EINVAL "bad_pdf" for bytes
 * poppler cannot open or a document without pages.
 */
int qrdecode_pdf(const void *pdf, size_t len, char *text, size_t cap, size_t *tlen,
		 struct bm_err *err);

#endif
