/*
 * certpdf.h - the printed certificate: one A4 page of PDF, in Chinese and English,
 * with the QR code of the certificate's signed text form.
 *
 * Everything a reader needs is printed as real text (a PDF text extractor finds the
 * certificate number, the unit, its USCC, the scheme, grade and categories, the dates
 * and the issuing authority), and the QR code carries the same facts signed, so that
 * anyone can check the paper offline (`baomi cert verify --pdf/--qr`,
 * docs/certificate-format.md §8). The QR code is drawn as vector squares with its
 * four-module quiet zone, so it prints sharp at any resolution. Text is set with
 * pango in Noto Serif CJK SC / Noto Sans CJK SC (Debian fonts-noto-cjk); fontconfig
 * substitutes another font when those are missing, which changes the look, not the
 * content.
 *
 * Output is deterministic: the same inputs give the same bytes (the PDF creation
 * date is the certificate's issue date, not the time of rendering).
 *
 * Threads: rendering takes a process-wide mutex and uses one pango font map of its
 * own, so any thread may call certpdf_render at any time; calls run one at a time.
 */
#ifndef BM_CERTPDF_H
#define BM_CERTPDF_H

#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "core/certfmt.h"

/* Display names of the payload's codes, UTF-8, at most CERTPDF_NAME_MAX bytes each.
 * Any member may be NULL or "": the code itself is printed instead (categories: the
 * codes joined with ", "). The caller joins several category names into one string.
 * Long names wrap, and the field rows shrink to fit above the QR code; the QR code is
 * drawn last, on its own white square, so no text can ever make it unreadable. */
#define CERTPDF_NAME_MAX 1024
struct certpdf_names {
	const char *scheme_zh, *scheme_en, *grade_zh, *grade_en, *categories_zh, *categories_en;
	int32_t paper_issued; /* a certificate registered from paper: the paper's date; 0 none */
};

/*
 * Render the certificate p, whose signed text form ("BM1:...") is text, into out (the
 * caller's buffer, initialised with its maximum; the PDF is appended). names may be
 * NULL. 0; BM_EINVAL when p fails certfmt_check (field named), text is not a QR
 * alphanumeric text of 1..CERT_TEXT_MAX characters ("text"), or a name is not UTF-8
 * or longer than CERTPDF_NAME_MAX ("names"); BM_ETOOBIG when the PDF passes out's
 * maximum (out is then left with a partial document the caller discards);
 * BM_EINTERNAL when cairo or pango fail (out of memory). The caller should have checked that text
 * carries p; this function does not verify the signature.
 */
int certpdf_render(const struct cert_payload *p, const char *text,
		   const struct certpdf_names *names, struct buf *out, struct bm_err *err);

/*
 * Free the font map and fontconfig's caches, for a process about to exit (the CLI,
 * unit tests), so that leak checkers see nothing left behind. No thread may be
 * rendering; a later certpdf_render sets things up again.
 */
void certpdf_shutdown(void);

#endif
