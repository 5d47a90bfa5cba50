/*
 * qrdecode.c - QR codes out of grey pixels (zbar), PNG images (cairo) and PDF pages
 * (poppler). A PNG's size is read from its header before cairo decodes it, and a PDF
 * page is drawn at a resolution the pixel limits allow, so an input cannot make this
 * allocate more than QRDECODE_PIXELS_MAX x 5 bytes.
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <poppler.h>
#include <zbar.h>

#include "render/qrdecode.h"
#include "base/banned.h"

static pthread_mutex_t decode_lock = PTHREAD_MUTEX_INITIALIZER;

static int size_ok(double w, double h)
{
	return w >= 1 && h >= 1 && w <= QRDECODE_SIDE_MAX && h <= QRDECODE_SIDE_MAX &&
	       w * h <= (double)QRDECODE_PIXELS_MAX;
}

int qrdecode_grey(const unsigned char *grey, int width, int height, char *text, size_t cap,
		  size_t *len, struct bm_err *err)
{
	zbar_image_scanner_t *scanner = NULL;
	zbar_image_t *img = NULL;
	const char *found = NULL;
	unsigned found_len = 0;
	int ret = BM_EINTERNAL;

	*len = 0;
	if (cap > 0)
		text[0] = '\0';
	if (!size_ok(width, height))
		return bm_err_set(err, BM_ETOOBIG, "image_too_large", NULL,
				  "the image is %d x %d pixels; at most %d per side and %u in all",
				  width, height, QRDECODE_SIDE_MAX, QRDECODE_PIXELS_MAX);
	if ((scanner = zbar_image_scanner_create()) == NULL ||
	    (img = zbar_image_create()) == NULL) {
		bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
		goto out;
	}
	/* QR codes only: the other readers would only find false barcodes in text */
	zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
	zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
	zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(img, (unsigned)width, (unsigned)height);
	zbar_image_set_data(img, grey, (unsigned long)width * (unsigned long)height, NULL);
	if (zbar_scan_image(scanner, img) < 0) {
		bm_err_set(err, BM_EINTERNAL, NULL, NULL, "the QR reader failed");
		goto out;
	}
	for (const zbar_symbol_t *s = zbar_image_first_symbol(img); s != NULL;
	     s = zbar_symbol_next(s)) {
		const char *d = zbar_symbol_get_data(s);
		unsigned n = zbar_symbol_get_data_length(s);
		if (zbar_symbol_get_type(s) != ZBAR_QRCODE)
			continue;
		if (found != NULL && (n != found_len || memcmp(d, found, n) != 0)) {
			ret = bm_err_set(err, BM_EINVAL, "several_qr_codes", NULL,
					 "the image holds more than one QR code; which one is "
					 "the certificate is not clear");
			goto out;
		}
		found = d;
		found_len = n;
	}
	if (found == NULL) {
		ret = bm_err_set(err, BM_EINVAL, "no_qr_code", NULL,
				 "no QR code was found in the image");
		goto out;
	}
	if (found_len >= cap) {
		ret = bm_err_set(err, BM_ETOOBIG, "too_large", NULL,
				 "the QR code holds %u bytes, more than a certificate's text",
				 found_len);
		goto out;
	}
	memcpy(text, found, found_len);
	text[found_len] = '\0';
	*len = found_len;
	ret = 0;
out:
	if (img != NULL)
		zbar_image_destroy(img);
	if (scanner != NULL)
		zbar_image_scanner_destroy(scanner);
	return ret;
}

/* A white RGB24 surface of w x h pixels, and a context on it; NULL when out of
 * memory (the surface is then released). */
static cairo_t *white_canvas(int w, int h)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cairo_t *cr = cairo_create(s);

	cairo_surface_destroy(s); /* cr holds it */
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
		cairo_destroy(cr);
		return NULL;
	}
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	return cr;
}

/* Scan what was drawn on cr's RGB24 surface: its pixels to grey (ITU-R BT.601
 * weights), then qrdecode_grey. */
static int canvas_decode(cairo_t *cr, char *text, size_t cap, size_t *len, struct bm_err *err)
{
	cairo_surface_t *s = cairo_get_target(cr);
	unsigned char *grey, *data;
	int w, h, stride, ret;

	cairo_surface_flush(s);
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "drawing failed: %s",
				  cairo_status_to_string(cairo_status(cr)));
	w = cairo_image_surface_get_width(s);
	h = cairo_image_surface_get_height(s);
	stride = cairo_image_surface_get_stride(s);
	data = cairo_image_surface_get_data(s);
	if ((grey = malloc((size_t)w * (size_t)h)) == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			uint32_t px, r, g, b;
			memcpy(&px, data + (size_t)y * (size_t)stride + 4 * (size_t)x, 4);
			r = (px >> 16) & 0xffu;
			g = (px >> 8) & 0xffu;
			b = px & 0xffu;
			grey[(size_t)y * (size_t)w + (size_t)x] =
				(unsigned char)((299 * r + 587 * g + 114 * b + 500) / 1000);
		}
	}
	ret = qrdecode_grey(grey, w, h, text, cap, len, err);
	free(grey);
	return ret;
}

struct png_reader {
	const unsigned char *p;
	size_t left;
};

static cairo_status_t png_read(void *closure, unsigned char *data, unsigned int length)
{
	struct png_reader *r = closure;

	if (length > r->left)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, r->p, length);
	r->p += length;
	r->left -= length;
	return CAIRO_STATUS_SUCCESS;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int qrdecode_png(const void *png, size_t len, char *text, size_t cap, size_t *tlen,
		 struct bm_err *err)
{
	/* the signature, then the IHDR chunk: length 13, "IHDR", width, height */
	static const unsigned char head[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
					      0,    0,	 0,   13,  'I',	 'H',  'D',  'R' };
	const unsigned char *p = png;
	struct png_reader r = { p, len };
	cairo_surface_t *img;
	cairo_t *cr = NULL;
	uint32_t w, h;
	int ret;

	*tlen = 0;
	if (len > QRDECODE_INPUT_MAX)
		return bm_err_set(err, BM_ETOOBIG, "image_too_large", NULL,
				  "the image has %zu bytes; at most %u", len, QRDECODE_INPUT_MAX);
	if (len < sizeof(head) + 8 || memcmp(p, head, sizeof(head)) != 0)
		return bm_err_set(err, BM_EINVAL, "bad_image", NULL, "not a PNG image");
	w = be32(p + sizeof(head));
	h = be32(p + sizeof(head) + 4);
	if (!size_ok(w, h))
		return bm_err_set(err, BM_ETOOBIG, "image_too_large", NULL,
				  "the image is %u x %u pixels; at most %d per side and %u in all",
				  w, h, QRDECODE_SIDE_MAX, QRDECODE_PIXELS_MAX);
	pthread_mutex_lock(&decode_lock);
	img = cairo_image_surface_create_from_png_stream(png_read, &r);
	if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
		ret = bm_err_set(err, BM_EINVAL, "bad_image", NULL, "the PNG image is damaged: %s",
				 cairo_status_to_string(cairo_surface_status(img)));
		goto out;
	}
	if ((cr = white_canvas((int)w, (int)h)) == NULL) {
		ret = bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
		goto out;
	}
	cairo_set_source_surface(cr, img, 0, 0);
	cairo_paint(cr);
	ret = canvas_decode(cr, text, cap, tlen, err);
out:
	if (cr != NULL)
		cairo_destroy(cr);
	cairo_surface_destroy(img);
	pthread_mutex_unlock(&decode_lock);
	return ret;
}

int qrdecode_pdf(const void *pdf, size_t len, char *text, size_t cap, size_t *tlen,
		 struct bm_err *err)
{
	PopplerDocument *doc = NULL;
	PopplerPage *page = NULL;
	GError *gerr = NULL;
	GBytes *bytes;
	cairo_t *cr = NULL;
	double pw = 0, ph = 0, scale = QRDECODE_PDF_DPI / 72.0;
	int ret;

	*tlen = 0;
	if (len > QRDECODE_INPUT_MAX)
		return bm_err_set(err, BM_ETOOBIG, "pdf_too_large", NULL,
				  "the PDF has %zu bytes; at most %u", len, QRDECODE_INPUT_MAX);
	pthread_mutex_lock(&decode_lock);
	bytes = g_bytes_new_static(pdf, len);
	if ((doc = poppler_document_new_from_bytes(bytes, NULL, &gerr)) == NULL) {
		ret = bm_err_set(err, BM_EINVAL, "bad_pdf", NULL, "the PDF cannot be read: %s",
				 gerr != NULL ? gerr->message : "unknown error");
		goto out;
	}
	if (poppler_document_get_n_pages(doc) < 1 ||
	    (page = poppler_document_get_page(doc, 0)) == NULL) {
		ret = bm_err_set(err, BM_EINVAL, "bad_pdf", NULL, "the PDF has no pages");
		goto out;
	}
	poppler_page_get_size(page, &pw, &ph);
	if (!(pw >= 1 && ph >= 1 && pw < 1e6 && ph < 1e6)) {
		ret = bm_err_set(err, BM_EINVAL, "bad_pdf", NULL, "the first page has no size");
		goto out;
	}
	/* a large page is scanned at a lower resolution rather than refused */
	scale = fmin(scale, fmin(QRDECODE_SIDE_MAX / pw, QRDECODE_SIDE_MAX / ph));
	scale = fmin(scale, sqrt(QRDECODE_PIXELS_MAX / (pw * ph)) * 0.999);
	if ((cr = white_canvas((int)ceil(pw * scale), (int)ceil(ph * scale))) == NULL) {
		ret = bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
		goto out;
	}
	cairo_scale(cr, scale, scale);
	poppler_page_render(page, cr);
	ret = canvas_decode(cr, text, cap, tlen, err);
out:
	if (cr != NULL)
		cairo_destroy(cr);
	if (page != NULL)
		g_object_unref(page);
	if (doc != NULL)
		g_object_unref(doc);
	if (gerr != NULL)
		g_error_free(gerr);
	g_bytes_unref(bytes);
	pthread_mutex_unlock(&decode_lock);
	return ret;
}
