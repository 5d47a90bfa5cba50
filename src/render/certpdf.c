/*
 * certpdf.c - the printed certificate, drawn with cairo's PDF surface and set with
 * pango. The page is laid out top to bottom: title, number, one row per field
 * (Chinese label over its English one, the value beside them), then the QR code with
 * the verification note beside it. Lengths are PDF points (1/72 inch); the pango
 * context works at 72 dpi so that font sizes are points too, and hinting is off so
 * that the layout does not depend on a screen.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#if defined(__SANITIZE_ADDRESS__)
#define CERTPDF_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CERTPDF_LSAN 1
#endif
#endif
#ifdef CERTPDF_LSAN
#include <sanitizer/lsan_interface.h>
#endif

#include "base/timeutil.h"
#include "render/certpdf.h"
#include "render/qr.h"
#include "base/banned.h"

#define PAGE_W	  595.276 /* A4, 210 x 297 mm */
#define PAGE_H	  841.890
#define MARGIN	  56.0
#define LABEL_X	  MARGIN
#define LABEL_W	  150.0
#define VALUE_X	  (MARGIN + LABEL_W + 12.0)
#define VALUE_W	  (PAGE_W - MARGIN - VALUE_X)
#define QR_SIDE	  170.0 /* the symbol with its quiet zone: 60 mm */
#define ROW_GAP	  9.0
#define SERIF	  "Noto Serif CJK SC"
#define SANS	  "Noto Sans CJK SC"
#define CAT_JOINT ", "

static pthread_mutex_t render_lock = PTHREAD_MUTEX_INITIALIZER;
static PangoFontMap *fontmap; /* under render_lock */

struct page {
	cairo_t *cr;
	PangoContext *pc;
	double y;     /* the next free line */
	double scale; /* of font sizes and gaps */
	int draw;     /* 0: measure only */
};

/* Draw text (UTF-8) at x, y in a box width wide (0: no wrapping) in font ("Noto Serif
 * CJK SC Bold") at size points times pg->scale, grey level grey, aligned as align; or
 * only measure it when !pg->draw. Returns the height used. */
static double text_at(struct page *pg, double x, double y, double width, const char *font,
		      double size, double grey, PangoAlignment align, const char *text)
{
	PangoLayout *l = pango_layout_new(pg->pc);
	PangoFontDescription *fd = pango_font_description_from_string(font);
	int w = 0, h = 0;

	pango_font_description_set_size(fd, (int)(size * pg->scale * PANGO_SCALE));
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_alignment(l, align);
	pango_layout_set_text(l, text, -1);
	if (pg->draw) {
		cairo_set_source_rgb(pg->cr, grey, grey, grey);
		cairo_move_to(pg->cr, x, y);
		pango_cairo_show_layout(pg->cr, l);
	}
	pango_layout_get_size(l, &w, &h);
	g_object_unref(l);
	return (double)h / PANGO_SCALE;
}

/* A field row: the Chinese label over the English one, then the value (and, when
 * value_en is given and differs, the English value under it). */
static void row(struct page *pg, const char *label_zh, const char *label_en, const char *value,
		const char *value_en)
{
	double hl, hv;

	hl = text_at(pg, LABEL_X, pg->y, LABEL_W, SANS " Bold", 10.5, 0.15, PANGO_ALIGN_LEFT,
		     label_zh);
	hl += text_at(pg, LABEL_X, pg->y + hl, LABEL_W, SANS, 8, 0.4, PANGO_ALIGN_LEFT, label_en);
	hv = text_at(pg, VALUE_X, pg->y, VALUE_W, SERIF, 12, 0, PANGO_ALIGN_LEFT, value);
	if (value_en != NULL && value_en[0] != '\0' && strcmp(value_en, value) != 0)
		hv += text_at(pg, VALUE_X, pg->y + hv, VALUE_W, SERIF, 10, 0.25, PANGO_ALIGN_LEFT,
			      value_en);
	pg->y += (hl > hv ? hl : hv) + ROW_GAP * pg->scale;
}

/* The QR code of text as filled vector squares, one rectangle per horizontal run of
 * dark modules, on a white square that includes the quiet zone; top left at x, y. */
static void draw_qr(cairo_t *cr, const struct qr_code *q, double x, double y, double side)
{
	double m = side / (q->width + 2 * QR_QUIET_ZONE);

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x, y, side, side);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (int r = 0; r < q->width; r++) {
		int c = 0;
		while (c < q->width) {
			int start;
			if (!qr_dark(q, c, r)) {
				c++;
				continue;
			}
			start = c;
			while (c < q->width && qr_dark(q, c, r))
				c++;
			cairo_rectangle(cr, x + (QR_QUIET_ZONE + start) * m,
					y + (QR_QUIET_ZONE + r) * m, (c - start) * m, m);
		}
	}
	cairo_fill(cr);
}

/* A name, or the fallback when it is NULL or empty. */
static const char *or_code(const char *name, const char *code)
{
	return name != NULL && name[0] != '\0' ? name : code;
}

static int names_ok(const struct certpdf_names *n)
{
	const char *all[6];

	if (n == NULL)
		return 1;
	all[0] = n->scheme_zh;
	all[1] = n->scheme_en;
	all[2] = n->grade_zh;
	all[3] = n->grade_en;
	all[4] = n->categories_zh;
	all[5] = n->categories_en;
	for (size_t i = 0; i < 6; i++)
		if (all[i] != NULL &&
		    (strlen(all[i]) > CERTPDF_NAME_MAX || !g_utf8_validate(all[i], -1, NULL)))
			return 0;
	return 1;
}

struct sink {
	struct buf *out;
	int overflow;
	int lsan_off; /* inside certpdf_cairo_finish */
};

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int len)
{
	struct sink *s = closure;
	int rc;

#ifdef CERTPDF_LSAN
	if (s->lsan_off)
		__lsan_enable();
#endif
	rc = buf_append(s->out, data, len);
#ifdef CERTPDF_LSAN
	if (s->lsan_off)
		__lsan_disable();
#endif
	if (rc != 0) {
		s->overflow = 1;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

/* What the field rows print, besides the payload's own text. */
struct texts {
	char cats[CERT_CATEGORIES_MAX * (CERT_CATEGORY_MAX + sizeof(CAT_JOINT))];
	char issued[BM_DATE_LEN], paper_issued[BM_DATE_LEN];
	char validity[3 * BM_DATE_LEN + 16], validity_en[3 * BM_DATE_LEN + 16];
};

static void fields(struct page *pg, const struct cert_payload *p, const struct certpdf_names *n,
		   const struct texts *t)
{
	row(pg, "单位名称", "Unit", p->unit_name, NULL);
	row(pg, "统一社会信用代码", "Unified social credit code", p->uscc, NULL);
	row(pg, "资格类别", "Qualification", or_code(n->scheme_zh, p->scheme),
	    or_code(n->scheme_en, p->scheme));
	row(pg, "等级", "Grade", or_code(n->grade_zh, p->grade), or_code(n->grade_en, p->grade));
	row(pg, "业务种类", "Categories", or_code(n->categories_zh, t->cats),
	    or_code(n->categories_en, t->cats));
	row(pg, "发证日期", "Date of issue", t->issued, NULL);
	if (n->paper_issued != 0)
		row(pg, "原纸质证书发证日期", "Paper certificate issued", t->paper_issued, NULL);
	row(pg, "有效期", "Valid", t->validity, t->validity_en);
	row(pg, "发证机关", "Issuing authority", p->authority_name, NULL);
}

/* Everything on the page. The field rows shrink (down to 60 %) when long names would
 * otherwise run into the QR code. */
static void draw_page(struct page *pg, const struct cert_payload *p, const struct qr_code *q,
		      const struct certpdf_names *n)
{
	static const struct certpdf_names none = { NULL, NULL, NULL, NULL, NULL, NULL, 0 };
	char from[BM_DATE_LEN], until[BM_DATE_LEN], number[CERT_NUMBER_MAX + 64];
	char line[256], kid[CERT_KID_HEX];
	struct texts t;
	cairo_t *cr = pg->cr;
	double qy = PAGE_H - MARGIN - 20 - QR_SIDE, h, top;
	size_t off = 0;

	if (n == NULL)
		n = &none;
	t.cats[0] = '\0';
	for (int i = 0; i < p->ncategories; i++)
		off += (size_t)snprintf(t.cats + off, sizeof(t.cats) - off, "%s%s",
					i > 0 ? CAT_JOINT : "", p->categories[i]);
	bm_date_format(p->issued, t.issued);
	bm_date_format(n->paper_issued, t.paper_issued);
	bm_date_format(p->valid_from, from);
	bm_date_format(p->valid_until, until);
	snprintf(t.validity, sizeof(t.validity), "%s 至 %s", from, until);
	snprintf(t.validity_en, sizeof(t.validity_en), "%s to %s", from, until);
	for (int i = 0; i < CERT_KID_BYTES; i++)
		snprintf(kid + 2 * i, 3, "%02x", p->kid[i]);

	/* a double frame */
	cairo_set_source_rgb(cr, 0.55, 0.1, 0.1);
	cairo_set_line_width(cr, 2.0);
	cairo_rectangle(cr, 28, 28, PAGE_W - 56, PAGE_H - 56);
	cairo_stroke(cr);
	cairo_set_line_width(cr, 0.6);
	cairo_rectangle(cr, 33, 33, PAGE_W - 66, PAGE_H - 66);
	cairo_stroke(cr);

	pg->y = 70;
	pg->y += text_at(pg, MARGIN, pg->y, PAGE_W - 2 * MARGIN, SERIF " Bold", 30, 0,
			 PANGO_ALIGN_CENTER, "保密资格证书");
	pg->y += text_at(pg, MARGIN, pg->y, PAGE_W - 2 * MARGIN, SERIF, 14, 0.2, PANGO_ALIGN_CENTER,
			 "Certificate of Secrecy Qualification");
	pg->y += 10;
	snprintf(number, sizeof(number), "证书编号 Certificate No. %s", p->number);
	pg->y += text_at(pg, MARGIN, pg->y, PAGE_W - 2 * MARGIN, SANS, 12, 0, PANGO_ALIGN_CENTER,
			 number);
	pg->y += 26;

	top = pg->y;
	pg->draw = 0;
	for (pg->scale = 1.0; pg->scale > 0.6; pg->scale -= 0.05) {
		pg->y = top;
		fields(pg, p, n, &t);
		if (pg->y <= qy - 12)
			break;
	}
	pg->draw = 1;
	pg->y = top;
	fields(pg, p, n, &t);
	pg->scale = 1.0;

	/* the QR code, bottom left, and how to check it beside it */
	draw_qr(cr, q, MARGIN, qy, QR_SIDE);
	h = text_at(pg, MARGIN + QR_SIDE + 16, qy + 8, PAGE_W - 2 * MARGIN - QR_SIDE - 16, SANS,
		    9.5, 0.1, PANGO_ALIGN_LEFT,
		    "核验：二维码载有本证书内容及发证机关的电子签名。用 baomi cert verify "
		    "--qr 或 --pdf 离线核验，或将二维码内容提交至 POST "
		    "/api/v1/public/verify，对照发证机关公布的公钥（信任列表）与证书状态列表。");
	h += 6;
	h += text_at(pg, MARGIN + QR_SIDE + 16, qy + 8 + h, PAGE_W - 2 * MARGIN - QR_SIDE - 16,
		     SANS, 8.5, 0.3, PANGO_ALIGN_LEFT,
		     "To verify: the QR code holds this certificate signed by the issuing "
		     "authority. Check it offline with baomi cert verify --qr or --pdf, or submit "
		     "its text to POST /api/v1/public/verify, against the authority's published "
		     "trust list and certificate status list.");
	snprintf(line, sizeof(line), "签名密钥 Key %s · 状态序号 Status index %u", kid,
		 (unsigned)p->status_index);
	text_at(pg, MARGIN + QR_SIDE + 16, qy + 8 + h + 6, PAGE_W - 2 * MARGIN - QR_SIDE - 16, SANS,
		7.5, 0.4, PANGO_ALIGN_LEFT, line);
}

/* Finishing the PDF writes the font subsets. cairo 1.16's CFF subsetter loses 768
 * bytes per OpenType/CFF font it subsets (Noto CJK is CFF; fixed in cairo 1.17), and
 * cairo's stacks have no frame pointers, so an LSan suppression could only name all
 * of libcairo. Instead, under AddressSanitizer, the leak checker ignores what cairo
 * allocates while it finishes; sink_write turns it back on for our own buffer. */
static void certpdf_cairo_finish(cairo_surface_t *surface, struct sink *sink)
{
#ifdef CERTPDF_LSAN
	sink->lsan_off = 1;
	__lsan_disable();
#endif
	cairo_surface_finish(surface);
#ifdef CERTPDF_LSAN
	__lsan_enable();
	sink->lsan_off = 0;
#endif
	(void)sink;
}

int certpdf_render(const struct cert_payload *p, const char *text,
		   const struct certpdf_names *names, struct buf *out, struct bm_err *err)
{
	cairo_surface_t *surface = NULL;
	cairo_font_options_t *fo = NULL;
	struct qr_code q = { 0, 0, NULL };
	struct sink sink = { out, 0, 0 };
	char date[BM_DATE_LEN], created[BM_DATE_LEN + 16], title[CERT_NUMBER_MAX + 32];
	struct page pg = { NULL, NULL, 0, 1.0, 1 };
	cairo_status_t st;
	int ret, locked = 0;

	if ((ret = certfmt_check(p, err)) != 0)
		return ret;
	if (!names_ok(names))
		return bm_err_set(err, BM_EINVAL, "invalid_name", "names",
				  "a display name is not UTF-8 or too long");
	if ((ret = qr_encode(text, strlen(text), &q, err)) != 0)
		return ret;
	ret = BM_EINTERNAL;
	pthread_mutex_lock(&render_lock);
	locked = 1;
	if (fontmap == NULL && (fontmap = pango_cairo_font_map_new()) == NULL) {
		bm_err_set(err, BM_EINTERNAL, NULL, NULL, "no font map");
		goto out;
	}
	surface = cairo_pdf_surface_create_for_stream(sink_write, &sink, PAGE_W, PAGE_H);
	if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
		bm_err_set(err, BM_EINTERNAL, NULL, NULL, "cannot start the PDF: %s",
			   cairo_status_to_string(cairo_surface_status(surface)));
		goto out;
	}
	/* the issue date, not now: the same certificate always gives the same bytes */
	bm_date_format(p->issued, date);
	snprintf(created, sizeof(created), "%sT00:00:00+08:00", date);
	snprintf(title, sizeof(title), "保密资格证书 %s", p->number);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, created);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, created);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "baomi");
	pg.cr = cairo_create(surface);
	pg.pc = pango_font_map_create_context(fontmap);
	if (cairo_status(pg.cr) != CAIRO_STATUS_SUCCESS || pg.pc == NULL) {
		bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
		goto out;
	}
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(pg.pc, fo);
	pango_cairo_context_set_resolution(pg.pc, 72);
	pango_cairo_update_context(pg.cr, pg.pc);
	draw_page(&pg, p, &q, names);
	cairo_show_page(pg.cr);
	certpdf_cairo_finish(surface, &sink);
	st = cairo_surface_status(surface);
	if (sink.overflow) {
		ret = bm_err_set(err, BM_ETOOBIG, "too_large", NULL,
				 "the PDF is larger than %zu bytes", out->max);
		goto out;
	}
	if (st != CAIRO_STATUS_SUCCESS || cairo_status(pg.cr) != CAIRO_STATUS_SUCCESS) {
		bm_err_set(err, BM_EINTERNAL, NULL, NULL, "drawing the PDF failed: %s",
			   cairo_status_to_string(
				   st != CAIRO_STATUS_SUCCESS ? st : cairo_status(pg.cr)));
		goto out;
	}
	ret = 0;
out:
	if (fo != NULL)
		cairo_font_options_destroy(fo);
	if (pg.pc != NULL)
		g_object_unref(pg.pc);
	if (pg.cr != NULL)
		cairo_destroy(pg.cr);
	if (surface != NULL)
		cairo_surface_destroy(surface);
	if (locked)
		pthread_mutex_unlock(&render_lock);
	qr_code_release(&q);
	return ret;
}

void certpdf_shutdown(void)
{
	pthread_mutex_lock(&render_lock);
	if (fontmap != NULL) {
		g_object_unref(fontmap);
		fontmap = NULL;
	}
	pthread_mutex_unlock(&render_lock);
	cairo_debug_reset_static_data();
	FcFini();
}
