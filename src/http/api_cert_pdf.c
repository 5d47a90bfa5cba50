/*
 * api_cert_pdf.c - GET /api/v1/certificates/{id}/pdf: the printed certificate (one A4
 * page in Chinese and English with its QR code, render/certpdf.h) of a certificate
 * the caller may see (404 otherwise, as for the certificate itself).
 *
 * What is printed is what was signed: the fields come from decoding the stored BM1
 * payload, not from the register row, and the QR code carries that payload. The
 * scheme's names (grade, categories) are the edition's the case was filed under.
 * A superseded, suspended or ended certificate prints too (its page does not say its
 * state: the QR code and the public register do).
 */
#include <stdio.h>
#include <string.h>

#include "core/certfmt.h"
#include "http/api.h"
#include "render/certpdf.h"
#include "service/certs.h"
#include "base/banned.h"

#define PDF_MAX (8u << 20) /* one page with embedded font subsets is well under this */

/* The scheme's names of the certificate's categories, joined with sep, into out;
 * codes the scheme does not know print as the code. */
static void join_categories(const struct scheme *sc, const struct cert_payload *p, int zh,
			    const char *sep, char *out, size_t outsz)
{
	size_t len = 0;

	out[0] = '\0';
	for (int i = 0; i < p->ncategories; i++) {
		int k = sc != NULL ? scheme_category_index(sc, p->categories[i]) : -1;
		const char *name = p->categories[i];
		int n;

		if (k >= 0)
			name = zh ? sc->categories[k].name.zh : sc->categories[k].name.en;
		n = snprintf(out + len, outsz - len, "%s%s", i > 0 ? sep : "", name);
		if (n < 0 || (size_t)n >= outsz - len)
			break; /* certpdf_render refuses nothing for this: names are display */
		len += (size_t)n;
	}
}

int api_cert_pdf(struct reqctx *rc)
{
	unsigned char payload[CERT_PAYLOAD_MAX], sig[CERT_SIG_BYTES];
	struct cert_view v;
	struct cert_payload p;
	struct certpdf_names names;
	struct buf out;
	char disposition[CERT_NUMBER_MAX + 64];
	size_t plen;
	int64_t id;
	int g, ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = certs_get(&rc->svc, id, &v, &rc->err);
	if (ret != 0)
		return ret;
	if (certfmt_text_decode(v.c.payload, strlen(v.c.payload), payload, &plen, sig, &rc->err) !=
		    CERTFMT_TEXT_OK ||
	    certfmt_decode(payload, plen, &p, &rc->err) != 0)
		return bm_err_set(&rc->err, BM_EINTERNAL, "bad_payload", NULL,
				  "certificate %lld: its stored payload does not decode",
				  (long long)id);
	{
		char zh[CERTPDF_NAME_MAX], en[CERTPDF_NAME_MAX];
		const struct scheme *sc = v.scheme;

		g = sc != NULL ? scheme_grade_index(sc, p.grade) : -1;
		join_categories(sc, &p, 1, "、", zh, sizeof(zh));
		join_categories(sc, &p, 0, ", ", en, sizeof(en));
		names = (struct certpdf_names){
			sc != NULL ? sc->name.zh : NULL,
			sc != NULL ? sc->name.en : NULL,
			g >= 0 ? sc->grades[g].name.zh : NULL,
			g >= 0 ? sc->grades[g].name.en : NULL,
			zh,
			en,
			v.c.paper_issued,
		};
		buf_init(&out, PDF_MAX);
		ret = certpdf_render(&p, v.c.payload, &names, &out, &rc->err);
	}
	if (ret == 0) {
		/* the number goes into a header: only when it is plain ASCII */
		int plain = strspn(p.number, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
					     "0123456789_.-") == strlen(p.number);
		snprintf(disposition, sizeof(disposition),
			 "inline; filename=\"certificate%s%s.pdf\"", plain ? "-" : "",
			 plain ? p.number : "");
		reply_header(rc, "Content-Disposition", disposition);
		ret = reply_bytes(rc, 200, "application/pdf", out.data, out.len);
	}
	buf_release(&out);
	return ret;
}
