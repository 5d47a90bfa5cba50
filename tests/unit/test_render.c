/*
 * test_render.c - render/: the QR code of a certificate text both ways (libqrencode
 * modules drawn as pixels and read back by zbar, for a typical text and the largest
 * one the format allows), PNG and PDF reading with damaged and empty input, and the
 * printed certificate (deterministic bytes, its QR code readable again from the PDF,
 * the documented errors, several threads at once).
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cmocka.h>
#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"
#include "core/certfmt.h"
#include "render/certpdf.h"
#include "render/qr.h"
#include "render/qrdecode.h"
#include "testutil.h"
#include "base/banned.h"

#define VECTORS_DIR BM_FILES_DIR "/../tests/vectors/certificates"
#define PX	    4 /* pixels per module */
#define PDF_CAP	    (4u << 20)

/* The payload text of a committed vector. */
static void vector_text(const char *name, char text[CERT_TEXT_MAX + 1])
{
	char path[512];
	json_error_t jerr;
	json_t *j;
	const char *t;

	snprintf(path, sizeof(path), "%s/%s", VECTORS_DIR, name);
	j = json_load_file(path, 0, &jerr);
	if (j == NULL)
		fail_msg("%s: %s", path, jerr.text);
	t = json_string_value(json_object_get(j, "payload"));
	assert_non_null(t);
	assert_true(strlen(t) <= CERT_TEXT_MAX);
	memcpy(text, t, strlen(t) + 1);
	json_decref(j);
}

/* The payload a text carries. */
static void text_payload(const char *text, struct cert_payload *p)
{
	unsigned char bytes[CERT_PAYLOAD_MAX], sig[CERT_SIG_BYTES];
	size_t len;

	assert_int_equal(certfmt_text_decode(text, strlen(text), bytes, &len, sig, NULL),
			 CERTFMT_TEXT_OK);
	assert_int_equal(certfmt_decode(bytes, len, p, NULL), 0);
}

/* q drawn as grey pixels, PX per module, with the quiet zone; *side set. */
static unsigned char *qr_pixels(const struct qr_code *q, int *side)
{
	int n = (q->width + 2 * QR_QUIET_ZONE) * PX;
	unsigned char *g = malloc((size_t)n * (size_t)n);

	assert_non_null(g);
	memset(g, 255, (size_t)n * (size_t)n);
	for (int y = 0; y < q->width; y++)
		for (int x = 0; x < q->width; x++)
			if (qr_dark(q, x, y))
				for (int dy = 0; dy < PX; dy++)
					memset(g +
						       (size_t)((QR_QUIET_ZONE + y) * PX + dy) *
							       (size_t)n +
						       (size_t)((QR_QUIET_ZONE + x) * PX),
					       0, PX);
	*side = n;
	return g;
}

/* Encode text, draw it, read it back: the same text. Returns the QR version. */
static int roundtrip(const char *text)
{
	struct qr_code q;
	char got[CERT_TEXT_MAX + 1];
	unsigned char *g;
	size_t len = 0;
	int side, version;
	struct bm_err err;

	assert_int_equal(qr_encode(text, strlen(text), &q, &err), 0);
	assert_int_equal(q.width, 17 + 4 * q.version);
	g = qr_pixels(&q, &side);
	if (qrdecode_grey(g, side, side, got, sizeof(got), &len, &err) != 0)
		fail_msg("qrdecode_grey: %s", err.message);
	assert_int_equal(len, strlen(text));
	assert_string_equal(got, text);
	version = q.version;
	free(g);
	qr_code_release(&q);
	return version;
}

static void test_qr_roundtrip_typical(void **state)
{
	char text[CERT_TEXT_MAX + 1];

	(void)state;
	vector_text("valid.json", text);
	/* docs/certificate-format.md §4: 408 characters, version 12 at level M */
	assert_int_equal(strlen(text), 408);
	assert_int_equal(roundtrip(text), 12);
	vector_text("valid-long-name.json", text);
	assert_int_equal(roundtrip(text), 22);
}

static void test_qr_roundtrip_largest(void **state)
{
	static const char alnum[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
	char text[CERT_TEXT_MAX + 1];

	(void)state;
	memcpy(text, CERT_PREFIX, CERT_PREFIX_LEN);
	for (size_t i = CERT_PREFIX_LEN; i < CERT_TEXT_MAX; i++)
		text[i] = alnum[(i * 7 + i / 45) % (sizeof(alnum) - 1)];
	text[CERT_TEXT_MAX] = '\0';
	/* the QR budget: the largest text fits version 24 at level M */
	assert_int_equal(roundtrip(text), 24);
}

static void test_qr_encode_refuses(void **state)
{
	char big[CERT_TEXT_MAX + 2];
	struct qr_code q;
	struct bm_err err;

	(void)state;
	assert_int_equal(qr_encode("", 0, &q, &err), BM_EINVAL);
	assert_null(q.dark);
	assert_int_equal(qr_encode("BM1:abc", 7, &q, &err), BM_EINVAL); /* lower case */
	assert_string_equal(err.field, "text");
	assert_int_equal(qr_encode("BM1:\0AB", 7, &q, &err), BM_EINVAL);
	memset(big, 'A', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(qr_encode(big, CERT_TEXT_MAX + 1, &q, &err), BM_ETOOBIG);
	assert_null(q.dark);
}

static void test_decode_grey_empty(void **state)
{
	unsigned char white[64 * 64];
	char text[64];
	size_t len = 99;
	struct bm_err err;

	(void)state;
	memset(white, 255, sizeof(white));
	assert_int_equal(qrdecode_grey(white, 64, 64, text, sizeof(text), &len, &err), BM_EINVAL);
	assert_string_equal(err.ecode, "no_qr_code");
	assert_int_equal(len, 0);
	assert_int_equal(qrdecode_grey(white, 0, 64, text, sizeof(text), &len, &err), BM_ETOOBIG);
	assert_int_equal(
		qrdecode_grey(white, QRDECODE_SIDE_MAX + 1, 1, text, sizeof(text), &len, &err),
		BM_ETOOBIG);
}

/* A capacity too small for the code's text is refused, not truncated. */
static void test_decode_grey_small_cap(void **state)
{
	struct qr_code q;
	unsigned char *g;
	char text[8];
	size_t len;
	int side;
	struct bm_err err;

	(void)state;
	assert_int_equal(qr_encode("BM1:0123456789", 14, &q, &err), 0);
	g = qr_pixels(&q, &side);
	assert_int_equal(qrdecode_grey(g, side, side, text, sizeof(text), &len, &err), BM_ETOOBIG);
	free(g);
	qr_code_release(&q);
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
	return buf_append(closure, data, len) == 0 ? CAIRO_STATUS_SUCCESS
						   : CAIRO_STATUS_WRITE_ERROR;
}

/* The QR code of text as a PNG image (grey, through cairo). */
static void qr_png(const char *text, struct buf *png)
{
	struct qr_code q;
	unsigned char *g;
	cairo_surface_t *s;
	int side, stride;
	unsigned char *data;

	assert_int_equal(qr_encode(text, strlen(text), &q, NULL), 0);
	g = qr_pixels(&q, &side);
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, side, side);
	stride = cairo_image_surface_get_stride(s);
	data = cairo_image_surface_get_data(s);
	for (int y = 0; y < side; y++)
		for (int x = 0; x < side; x++) {
			uint32_t v = g[(size_t)y * (size_t)side + (size_t)x];
			uint32_t px = v << 16 | v << 8 | v;
			memcpy(data + (size_t)y * (size_t)stride + 4 * (size_t)x, &px, 4);
		}
	cairo_surface_mark_dirty(s);
	buf_init(png, 16u << 20);
	assert_int_equal(cairo_surface_write_to_png_stream(s, to_buf, png), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
	free(g);
	qr_code_release(&q);
}

static void test_decode_png(void **state)
{
	char text[CERT_TEXT_MAX + 1], got[CERT_TEXT_MAX + 1];
	unsigned char huge[33];
	struct buf png;
	size_t len;
	struct bm_err err;

	(void)state;
	vector_text("valid.json", text);
	qr_png(text, &png);
	if (qrdecode_png(png.data, png.len, got, sizeof(got), &len, &err) != 0)
		fail_msg("qrdecode_png: %s", err.message);
	assert_string_equal(got, text);
	/* damaged: cut short, and the chunks after the header overwritten */
	assert_int_equal(qrdecode_png(png.data, png.len / 2, got, sizeof(got), &len, &err),
			 BM_EINVAL);
	assert_string_equal(err.ecode, "bad_image");
	memset(png.data + 40, 0x5a, png.len - 40);
	assert_int_equal(qrdecode_png(png.data, png.len, got, sizeof(got), &len, &err), BM_EINVAL);
	assert_string_equal(err.ecode, "bad_image");
	/* a header that claims 100,000 x 100,000 pixels is refused before decoding */
	memcpy(huge, png.data, sizeof(huge));
	huge[16] = 0, huge[17] = 1, huge[18] = 0x86, huge[19] = 0xa0;
	huge[20] = 0, huge[21] = 1, huge[22] = 0x86, huge[23] = 0xa0;
	assert_int_equal(qrdecode_png(huge, sizeof(huge), got, sizeof(got), &len, &err),
			 BM_ETOOBIG);
	/* empty, not a PNG at all */
	assert_int_equal(qrdecode_png("", 0, got, sizeof(got), &len, &err), BM_EINVAL);
	assert_string_equal(err.ecode, "bad_image");
	assert_int_equal(qrdecode_png("%PDF-1.5 hello", 14, got, sizeof(got), &len, &err),
			 BM_EINVAL);
	assert_int_equal(len, 0);
	buf_release(&png);
}

static void render(const char *text, struct buf *pdf)
{
	struct cert_payload p;
	struct bm_err err;
	const struct certpdf_names names = { "涉密信息系统集成",
					     "Classified information system "
					     "integration",
					     "甲级",
					     "Grade A",
					     "系统集成、软件开发",
					     "System integration, software development",
					     0 };

	text_payload(text, &p);
	buf_init(pdf, PDF_CAP);
	if (certpdf_render(&p, text, &names, pdf, &err) != 0)
		fail_msg("certpdf_render: %s", err.message);
}

static void test_pdf_render_read_back(void **state)
{
	char text[CERT_TEXT_MAX + 1], got[CERT_TEXT_MAX + 1];
	struct buf a, b;
	size_t len;
	struct bm_err err;

	(void)state;
	vector_text("valid-long-name.json", text);
	render(text, &a);
	render(text, &b);
	assert_true(a.len > 1000);
	assert_memory_equal(a.data, "%PDF-", 5);
	/* deterministic: the same certificate, the same bytes */
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	if (qrdecode_pdf(a.data, a.len, got, sizeof(got), &len, &err) != 0)
		fail_msg("qrdecode_pdf: %s", err.message);
	assert_string_equal(got, text);
	buf_release(&a);
	buf_release(&b);
}

static void test_pdf_read_damaged(void **state)
{
	char text[CERT_TEXT_MAX + 1], got[CERT_TEXT_MAX + 1];
	struct buf pdf;
	size_t len;
	struct bm_err err;

	(void)state;
	assert_int_equal(qrdecode_pdf("", 0, got, sizeof(got), &len, &err), BM_EINVAL);
	assert_string_equal(err.ecode, "bad_pdf");
	assert_int_equal(qrdecode_pdf("not a pdf at all", 16, got, sizeof(got), &len, &err),
			 BM_EINVAL);
	assert_string_equal(err.ecode, "bad_pdf");
	vector_text("valid.json", text);
	render(text, &pdf);
	/* the first 2 KiB only: poppler may repair the start, but there is no code */
	assert_int_equal(qrdecode_pdf(pdf.data, 2048, got, sizeof(got), &len, &err), BM_EINVAL);
	assert_int_equal(len, 0);
	/* every byte after the header garbled */
	memset(pdf.data + 16, 'x', pdf.len - 16);
	assert_int_equal(qrdecode_pdf(pdf.data, pdf.len, got, sizeof(got), &len, &err), BM_EINVAL);
	buf_release(&pdf);
}

static void test_pdf_render_refuses(void **state)
{
	char text[CERT_TEXT_MAX + 1];
	struct cert_payload p;
	struct buf pdf;
	struct bm_err err;
	const struct certpdf_names bad = { "\xff\xfe", NULL, NULL, NULL, NULL, NULL, 0 };

	(void)state;
	vector_text("valid.json", text);
	text_payload(text, &p);
	/* the buffer's maximum */
	buf_init(&pdf, 4096);
	assert_int_equal(certpdf_render(&p, text, NULL, &pdf, &err), BM_ETOOBIG);
	buf_release(&pdf);
	buf_init(&pdf, PDF_CAP);
	assert_int_equal(certpdf_render(&p, text, &bad, &pdf, &err), BM_EINVAL);
	assert_string_equal(err.field, "names");
	assert_int_equal(certpdf_render(&p, "bm1:lower", NULL, &pdf, &err), BM_EINVAL);
	assert_string_equal(err.field, "text");
	p.number[0] = '\0';
	assert_int_equal(certpdf_render(&p, text, NULL, &pdf, &err), BM_EINVAL);
	assert_string_equal(err.field, "number");
	assert_int_equal(pdf.len, 0);
	/* names may be NULL or empty: the codes are printed */
	text_payload(text, &p);
	assert_int_equal(certpdf_render(&p, text, NULL, &pdf, &err), 0);
	buf_release(&pdf);
}

/* The longest names allowed on the longest certificate: the rows shrink and wrap,
 * and the QR code stays readable. */
static void test_pdf_longest_names(void **state)
{
	static char zh[CERTPDF_NAME_MAX + 1], en[CERTPDF_NAME_MAX + 1];
	char text[CERT_TEXT_MAX + 1], got[CERT_TEXT_MAX + 1];
	struct certpdf_names names;
	struct cert_payload p;
	struct buf pdf;
	size_t len;
	struct bm_err err;

	(void)state;
	for (size_t i = 0; i + 3 <= CERTPDF_NAME_MAX; i += 3)
		memcpy(zh + i, "保", 3);
	for (size_t i = 0; i < CERTPDF_NAME_MAX; i++)
		en[i] = i % 7 == 6 ? ' ' : 'm';
	names = (struct certpdf_names){ zh, en, zh, en, zh, en, 0 };
	vector_text("valid-long-name.json", text);
	text_payload(text, &p);
	buf_init(&pdf, PDF_CAP);
	if (certpdf_render(&p, text, &names, &pdf, &err) != 0)
		fail_msg("certpdf_render: %s", err.message);
	if (qrdecode_pdf(pdf.data, pdf.len, got, sizeof(got), &len, &err) != 0)
		fail_msg("qrdecode_pdf: %s", err.message);
	assert_string_equal(got, text);
	buf_release(&pdf);
	/* one byte more is refused */
	{
		static char over[CERTPDF_NAME_MAX + 2];
		memset(over, 'x', CERTPDF_NAME_MAX + 1);
		names.grade_en = over;
		buf_init(&pdf, PDF_CAP);
		assert_int_equal(certpdf_render(&p, text, &names, &pdf, &err), BM_EINVAL);
		assert_string_equal(err.field, "names");
		buf_release(&pdf);
	}
}

struct job {
	const char *text;
	struct buf pdf;
	int rc;
};

static void *render_thread(void *arg)
{
	struct job *j = arg;
	struct cert_payload p;

	text_payload(j->text, &p);
	buf_init(&j->pdf, PDF_CAP);
	j->rc = certpdf_render(&p, j->text, NULL, &j->pdf, NULL);
	return NULL;
}

/* Several threads at once (the server's): each gets the same bytes as alone. */
static void test_pdf_threads(void **state)
{
	char text[CERT_TEXT_MAX + 1];
	struct job jobs[3];
	pthread_t t[3];
	struct buf alone;
	struct cert_payload p;

	(void)state;
	vector_text("valid-provincial.json", text);
	text_payload(text, &p);
	buf_init(&alone, PDF_CAP);
	assert_int_equal(certpdf_render(&p, text, NULL, &alone, NULL), 0);
	for (int i = 0; i < 3; i++) {
		jobs[i].text = text;
		assert_int_equal(pthread_create(&t[i], NULL, render_thread, &jobs[i]), 0);
	}
	for (int i = 0; i < 3; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(jobs[i].rc, 0);
		assert_int_equal(jobs[i].pdf.len, alone.len);
		assert_memory_equal(jobs[i].pdf.data, alone.data, alone.len);
		buf_release(&jobs[i].pdf);
	}
	buf_release(&alone);
}

static int teardown(void **state)
{
	(void)state;
	certpdf_shutdown();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qr_roundtrip_typical),
		cmocka_unit_test(test_qr_roundtrip_largest),
		cmocka_unit_test(test_qr_encode_refuses),
		cmocka_unit_test(test_decode_grey_empty),
		cmocka_unit_test(test_decode_grey_small_cap),
		cmocka_unit_test(test_decode_png),
		cmocka_unit_test(test_pdf_render_read_back),
		cmocka_unit_test(test_pdf_read_damaged),
		cmocka_unit_test(test_pdf_render_refuses),
		cmocka_unit_test(test_pdf_longest_names),
		cmocka_unit_test(test_pdf_threads),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
