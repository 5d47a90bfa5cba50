/*
 * api_verify.c - POST /api/v1/public/verify: anyone checks a certificate here, without
 * logging in, the same way `baomi cert verify` does offline (sec/certsign.h,
 * docs/certificate-format.md §7).
 *
 * The body is one of:
 *   application/json  {"payload": "BM1:...", "trust_list": {...}, "status_list":
 *                     {...}|null, "today": "YYYY-MM-DD", "max_age": N}; all but payload
 *                     optional. With trust_list, the certificate is checked in that
 *                     context only (test vectors, a verifier's own copies); without,
 *                     against this server's published trust list and current status
 *                     list. today defaults to the server's business day (China
 *                     Standard Time), max_age to CERT_MAX_AGE_DEFAULT days.
 *   image/png, application/pdf
 *                     a photo or scan of the QR code, or the printed certificate: the
 *                     code is read (render/qrdecode.h) and checked against the
 *                     server's lists on the business day.
 * The answer is 200 whatever the verdict: {"result", "reason", "steps": [{"step",
 * "outcome"}], "certificate": the decoded payload or null, "status": the entry or null,
 * "status_age": days or null, "lists": "request"|"server", "payload": the text}. Input
 * that cannot be checked at all is 400 (413 for an image too large), naming the field
 * ("payload", "trust_list", "image", ...); a JSON body over 1 MiB or an image over
 * render/qrdecode.h's limits is 413. Requests are rate-limited per address
 * (VERIFY_RATE_PER_MINUTE): reading an image costs real CPU, and images are read one
 * at a time (qrdecode's lock).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/timeutil.h"
#include "http/api.h"
#include "http/ratelimit.h"
#include "http/server.h"
#include "render/qrdecode.h"
#include "sec/certsign.h"
#include "service/certs.h"
#include "base/banned.h"

#define PAYLOAD_FIELD_MAX (4 * CERT_TEXT_MAX) /* bytes; longer is not a certificate */
/* A JSON body: the largest status list is under 400 KiB; parsed JSON takes many times
 * its size in memory, so the 20 MiB the route allows for images is too much here. */
#define JSON_BODY_MAX (1u << 20)

enum body_kind { BODY_JSON, BODY_PNG, BODY_PDF, BODY_OTHER };

/* The request's media type, parameters ignored. */
static enum body_kind body_kind(struct reqctx *rc)
{
	static const struct {
		const char *type;
		enum body_kind kind;
	} types[] = { { "application/json", BODY_JSON },
		      { "image/png", BODY_PNG },
		      { "application/pdf", BODY_PDF } };
	const char *ct = req_header(rc, "content-type");
	size_t n;

	if (ct == NULL)
		return BODY_OTHER;
	n = strcspn(ct, "; ");
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (n == strlen(types[i].type) && strncasecmp(ct, types[i].type, n) == 0)
			return types[i].kind;
	return BODY_OTHER;
}

static json_t *date_json(int32_t d)
{
	char t[BM_DATE_LEN];

	bm_date_format(d, t);
	return json_string(t);
}

static json_t *payload_json(const struct cert_payload *p)
{
	char kid[CERT_KID_HEX];
	json_t *cats = json_array();

	for (int i = 0; i < p->ncategories; i++)
		json_array_append_new(cats, json_string(p->categories[i]));
	for (int i = 0; i < CERT_KID_BYTES; i++)
		snprintf(kid + 2 * i, 3, "%02x", p->kid[i]);
	return json_pack("{s:i,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:I,s:s,s:I,s:s}", "version",
			 (int)p->version, "number", p->number, "unit_name", p->unit_name, "uscc",
			 p->uscc, "scheme", p->scheme, "grade", p->grade, "categories", cats,
			 "issued", date_json(p->issued), "valid_from", date_json(p->valid_from),
			 "valid_until", date_json(p->valid_until), "authority_id",
			 (json_int_t)p->authority_id, "authority_name", p->authority_name,
			 "status_index", (json_int_t)p->status_index, "kid", kid);
}

static const char *status_name(enum cert_status s)
{
	switch (s) {
	case CERT_STATUS_VALID:
		return "valid";
	case CERT_STATUS_SUSPENDED:
		return "suspended";
	case CERT_STATUS_REVOKED:
		return "revoked";
	default:
		return "unknown";
	}
}

static json_t *verdict_json(const struct cert_verdict *v, int with_status, const char *text,
			    size_t len, const char *lists)
{
	json_t *steps = json_array(), *payload = json_stringn(text, len);

	for (int s = 0; s < CERT_STEP_COUNT; s++)
		json_array_append_new(
			steps,
			json_pack("{s:s,s:s}", "step", cert_step_name((enum cert_step)s), "outcome",
				  cert_outcome_name(cert_step_outcome(v->result, (enum cert_step)s,
								      with_status))));
	return json_pack("{s:s,s:s,s:o,s:o,s:o,s:o,s:s,s:o}", "result", cert_result_name(v->result),
			 "reason", v->reason, "steps", steps, "certificate",
			 v->decoded ? payload_json(&v->payload) : json_null(), "status",
			 v->status_checked ? json_string(status_name(v->status)) : json_null(),
			 "status_age", with_status ? json_integer(v->status_age) : json_null(),
			 "lists", lists, "payload", payload != NULL ? payload : json_null());
}

/* The lists the context gives, read from a JSON body; *explicit_ 1 when the body
 * brought its own trust list. */
struct verify_ctx {
	char *text; /* arena */
	size_t len;
	struct cert_trust trust;
	struct status_list sl;
	int have_sl, explicit_;
	int32_t today;
	int max_age;
};

static int parse_json(struct reqctx *rc, struct verify_ctx *c)
{
	static const char *const known[] = { "payload", "trust_list", "status_list", "today",
					     "max_age" };
	const char *body = rc->req->entity.base != NULL ? rc->req->entity.base : "";
	json_error_t jerr;
	json_t *j, *v;
	const char *key;
	int ret = BM_EINVAL;

	if (rc->req->entity.len > JSON_BODY_MAX)
		return bm_err_set(&rc->err, BM_ETOOBIG, "payload_too_large", NULL,
				  "a JSON body may have at most %u bytes", JSON_BODY_MAX);
	j = json_loadb(body, rc->req->entity.len, JSON_REJECT_DUPLICATES, &jerr);
	if (j == NULL || !json_is_object(j)) {
		json_decref(j);
		return bm_err_set(&rc->err, BM_EINVAL, "invalid_json", "",
				  "the body must be a JSON object");
	}
	json_object_foreach(j, key, v)
	{
		size_t i = 0;
		while (i < sizeof(known) / sizeof(known[0]) && strcmp(key, known[i]) != 0)
			i++;
		if (i == sizeof(known) / sizeof(known[0])) {
			bm_err_set(&rc->err, BM_EINVAL, "unknown_field", key, "unknown field %.64s",
				   key);
			goto out;
		}
	}
	v = json_object_get(j, "payload");
	if (!json_is_string(v)) {
		bm_err_set(&rc->err, BM_EINVAL, v == NULL ? "required" : "invalid_type", "payload",
			   "payload must be the certificate's text (BM1:...)");
		goto out;
	}
	if (json_string_length(v) > PAYLOAD_FIELD_MAX) {
		bm_err_set(&rc->err, BM_EINVAL, "too_long", "payload",
			   "payload may have at most %d bytes", PAYLOAD_FIELD_MAX);
		goto out;
	}
	c->len = json_string_length(v);
	if ((c->text = arena_strndup(&rc->arena, json_string_value(v), c->len)) == NULL) {
		ret = bm_err_set(&rc->err, BM_EINTERNAL, NULL, NULL, "out of memory");
		goto out;
	}
	if ((v = json_object_get(j, "today")) != NULL &&
	    (!json_is_string(v) || bm_date_parse(json_string_value(v), &c->today) != 0)) {
		bm_err_set(&rc->err, BM_EINVAL, "invalid_date", "today",
			   "today must be a date YYYY-MM-DD");
		goto out;
	}
	if ((v = json_object_get(j, "max_age")) != NULL) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > CERT_MAX_AGE_MAX) {
			bm_err_set(&rc->err, BM_EINVAL, "out_of_range", "max_age",
				   "max_age must be 0..%d days", CERT_MAX_AGE_MAX);
			goto out;
		}
		c->max_age = (int)json_integer_value(v);
	}
	if ((v = json_object_get(j, "trust_list")) != NULL) {
		struct bm_err e;
		if (cert_trust_from_json(v, &c->trust, &e) != 0) {
			bm_err_set(&rc->err, BM_EINVAL, "invalid_trust_list", "trust_list",
				   "trust_list: %s", e.message);
			goto out;
		}
		c->explicit_ = 1;
	}
	if ((v = json_object_get(j, "status_list")) != NULL && !json_is_null(v)) {
		struct bm_err e;
		if (!c->explicit_) {
			bm_err_set(&rc->err, BM_EINVAL, "needs_trust_list", "status_list",
				   "a status_list is checked against the trust_list given with "
				   "it; give both or neither");
			goto out;
		}
		if (status_list_from_json(v, &c->sl, &e) != 0) {
			bm_err_set(&rc->err, BM_EINVAL, "invalid_status_list", "status_list",
				   "status_list: %s", e.message);
			goto out;
		}
		c->have_sl = 1;
	}
	ret = 0;
out:
	json_decref(j);
	return ret;
}

static int read_image(struct reqctx *rc, struct verify_ctx *c, int pdf)
{
	const char *body = rc->req->entity.base != NULL ? rc->req->entity.base : "";
	size_t len = rc->req->entity.len;
	struct bm_err e;
	int ret;

	if ((c->text = arena_alloc(&rc->arena, PAYLOAD_FIELD_MAX + 1)) == NULL)
		return bm_err_set(&rc->err, BM_EINTERNAL, NULL, NULL, "out of memory");
	bm_err_clear(&e);
	ret = pdf ? qrdecode_pdf(body, len, c->text, PAYLOAD_FIELD_MAX + 1, &c->len, &e)
		  : qrdecode_png(body, len, c->text, PAYLOAD_FIELD_MAX + 1, &c->len, &e);
	if (ret != 0)
		return bm_err_set(&rc->err,
				  ret == BM_EINTERNAL ? BM_EINTERNAL
				  : ret == BM_ETOOBIG ? BM_ETOOBIG
						      : BM_EINVAL,
				  e.ecode, "image", "%s", e.message);
	return 0;
}

int api_public_verify(struct reqctx *rc)
{
	struct verify_ctx c;
	struct cert_verdict v;
	enum body_kind kind = body_kind(rc);
	int retry = 0, ret;

	memset(&c, 0, sizeof(c));
	c.today = bm_date_cst(rc->business_now);
	c.max_age = CERT_MAX_AGE_DEFAULT;
	if (kind == BODY_OTHER)
		return bm_err_set(&rc->err, BM_EMEDIA, "unsupported_media_type", "Content-Type",
				  "send application/json, image/png or application/pdf");
	if (!ratelimit_take(rc->w->srv->verify_limiter, rc->client_addr, bm_mono_ms(), &retry)) {
		char secs[16];
		snprintf(secs, sizeof(secs), "%d", retry);
		reply_header(rc, "Retry-After", secs);
		return bm_err_set(&rc->err, BM_ERATE, "rate_limited", NULL,
				  "too many verifications from this address; retry in %d s", retry);
	}
	if (kind == BODY_JSON)
		ret = parse_json(rc, &c);
	else
		ret = read_image(rc, &c, kind == BODY_PDF);
	if (ret == 0 && !c.explicit_) {
		ret = certs_trust_current(&rc->svc, &c.trust, &rc->err);
		if (ret == 0 && (ret = certs_status_current(&rc->svc, &c.sl, &rc->err)) == 0)
			c.have_sl = 1;
	}
	if (ret == 0) {
		cert_verify(c.text, c.len, &c.trust, c.have_sl ? &c.sl : NULL, c.today, c.max_age,
			    &v);
		ret = reply_json(rc, 200,
				 verdict_json(&v, c.have_sl, c.text, c.len,
					      c.explicit_ ? "request" : "server"));
	}
	if (c.have_sl)
		status_list_release(&c.sl);
	cert_trust_release(&c.trust);
	return ret;
}
