/*
 * qr.c - a certificate text into QR modules with libqrencode: one alphanumeric
 * segment, level M, the smallest version that holds it. libqrencode's own symbol
 * keeps flags in the upper bits of each byte; only bit 0 (dark) is kept here.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "core/certfmt.h"
#include "render/qr.h"
#include "base/banned.h"

/* The QR alphanumeric set (ISO/IEC 18004 §7.4.4), which base45 uses too. */
static int qr_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || strchr(" $%*+-./:", c) != NULL;
}

int qr_encode(const char *text, size_t len, struct qr_code *q, struct bm_err *err)
{
	QRinput *in = NULL;
	QRcode *code = NULL;
	size_t n;
	int ret = BM_EINTERNAL;

	memset(q, 0, sizeof(*q));
	if (len == 0)
		return bm_err_set(err, BM_EINVAL, "invalid_text", "text", "the text is empty");
	if (len > CERT_TEXT_MAX)
		return bm_err_set(err, BM_ETOOBIG, "too_large", "text",
				  "the text has %zu characters; one QR code holds %d", len,
				  CERT_TEXT_MAX);
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\0' || !qr_alnum(text[i]))
			return bm_err_set(err, BM_EINVAL, "invalid_text", "text",
					  "character %zu is outside the QR alphanumeric set",
					  i + 1);
	/* version 0: the smallest that holds the data */
	if ((in = QRinput_new2(0, QR_ECLEVEL_M)) == NULL ||
	    QRinput_append(in, QR_MODE_AN, (int)len, (const unsigned char *)text) != 0 ||
	    (code = QRcode_encodeInput(in)) == NULL) {
		bm_err_set(err, BM_EINTERNAL, NULL, NULL, "QR encoding failed: %s",
			   errno == ENOMEM ? "out of memory" : "libqrencode refused the text");
		goto out;
	}
	n = (size_t)code->width * (size_t)code->width;
	if ((q->dark = malloc(n)) == NULL) {
		bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		q->dark[i] = code->data[i] & 1u;
	q->version = code->version;
	q->width = code->width;
	ret = 0;
out:
	QRcode_free(code);
	QRinput_free(in);
	return ret;
}

void qr_code_release(struct qr_code *q)
{
	free(q->dark);
	memset(q, 0, sizeof(*q));
}
