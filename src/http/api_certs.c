/*
 * api_certs.c - certificates: the second person's confirmation that issues one, the
 * private register (jurisdiction applies), and what anyone may read without logging
 * in: the public register, the trust list and the signed status list. The public
 * replies carry an ETag over their content (304 on If-None-Match) and are
 * rate-limited per client address (register_rate_per_minute).
 */
#include <h2o.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/jsonout.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "http/answer_cache.h"
#include "http/api.h"
#include "http/export.h"
#include "http/ratelimit.h"
#include "http/server.h"
#include "service/certlife_svc.h"
#include "service/certs.h"
#include "base/banned.h"

#define Q_MAX_CHARS 128

static const char *const cert_state_choices[] = { "valid",   "suspended",  "revoked", "cancelled",
						  "expired", "superseded", NULL };

struct cert_query {
	uint64_t present;
	const char *scheme, *grade;
	int state;
	int64_t unit_id, cursor, limit;
	int format, lang; /* export: enum export_format, export_lang_names' index */
};
static const struct fs_field cert_query_fields[] = {
	{ "scheme", FS_STR, 0, offsetof(struct cert_query, scheme), 1, 23, 0, NULL, NULL },
	{ "grade", FS_STR, 0, offsetof(struct cert_query, grade), 1, 7, 0, NULL, NULL },
	{ "state", FS_ENUM, 0, offsetof(struct cert_query, state), 0, 0, 0, cert_state_choices,
	  NULL },
	{ "unit_id", FS_INT, 0, offsetof(struct cert_query, unit_id), 1, INT64_MAX, 0, NULL, NULL },
	{ "cursor", FS_INT, 0, offsetof(struct cert_query, cursor), 1, INT64_MAX, 0, NULL, NULL },
	{ "limit", FS_INT, 0, offsetof(struct cert_query, limit), 1, 200, 0, NULL, NULL },
	{ "format", FS_ENUM, 0, offsetof(struct cert_query, format), 0, 0, 0, export_format_names,
	  NULL },
	{ "lang", FS_ENUM, 0, offsetof(struct cert_query, lang), 0, 0, 0, export_lang_names, NULL },
};
const struct fs_spec spec_cert_query = FS_SPEC(cert_query_fields, struct cert_query);

struct public_cert_query {
	uint64_t present;
	const char *q;
	int64_t cursor, limit;
	int format, lang; /* export, as above */
};
static const struct fs_field public_cert_query_fields[] = {
	{ "q", FS_STR, 0, offsetof(struct public_cert_query, q), 1, Q_MAX_CHARS, 0, NULL, NULL },
	{ "cursor", FS_INT, 0, offsetof(struct public_cert_query, cursor), 1, INT64_MAX, 0, NULL,
	  NULL },
	{ "limit", FS_INT, 0, offsetof(struct public_cert_query, limit), 1, 100, 0, NULL, NULL },
	{ "format", FS_ENUM, 0, offsetof(struct public_cert_query, format), 0, 0, 0,
	  export_format_names, NULL },
	{ "lang", FS_ENUM, 0, offsetof(struct public_cert_query, lang), 0, 0, 0, export_lang_names,
	  NULL },
};
const struct fs_spec spec_public_cert_query =
	FS_SPEC(public_cert_query_fields, struct public_cert_query);

struct cert_event_in {
	uint64_t present;
	const char *reason, *note;
	int32_t start, end;
};
static const struct fs_field cert_event_fields[] = {
	{ "reason", FS_STR, 0, offsetof(struct cert_event_in, reason), 1, 40, 0, NULL, NULL },
	{ "start", FS_DATE, 0, offsetof(struct cert_event_in, start), 0, 0, 0, NULL, NULL },
	{ "end", FS_DATE, 0, offsetof(struct cert_event_in, end), 0, 0, 0, NULL, NULL },
	{ "note", FS_STR, FS_MULTILINE, offsetof(struct cert_event_in, note), 1, 1000, 0, NULL,
	  NULL },
};
const struct fs_spec spec_cert_event = FS_SPEC(cert_event_fields, struct cert_event_in);

/* The fields the public register and the private API share. */
static json_t *cert_common_json(const struct cert_view *v)
{
	const struct cert_rec *c = &v->c;
	const struct scheme *sc = v->scheme;
	json_t *names, *cats = api_categories_json(sc, c->categories, &names), *j;
	int g = sc != NULL ? scheme_grade_index(sc, c->grade) : -1;

	j = json_pack(
		"{s:s,s:s,s:s,s:s,s:o,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:s,s:{s:s,s:s},s:b,s:I,s:{s:s,s:"
		"s}}",
		"number", c->number, "unit", c->unit_name, "uscc", c->uscc, "scheme", c->scheme_id,
		"scheme_name", sc != NULL ? api_text_json(&sc->name) : json_null(), "grade",
		c->grade, "grade_name", g >= 0 ? api_text_json(&sc->grades[g].name) : json_null(),
		"categories", cats, "category_names", names, "issued", json_date(c->issued),
		"valid_from", json_date(c->valid_from), "valid_until", json_date(c->valid_until),
		"state", certlife_state_name(c->state), "state_label", "zh-CN",
		certlife_state_label(c->state, 1), "en", certlife_state_label(c->state, 0),
		"no_new_classified_work", c->state == CL_SUSPENDED, "authority_id",
		(json_int_t)c->authority_id, "authority", "zh-CN", c->authority_name, "en",
		v->authority_en[0] ? v->authority_en : c->authority_name);
	/* a certificate registered from paper: the date printed on the paper */
	json_object_set_new(j, "paper_issued", json_date(c->paper_issued));
	return j;
}

/* What the caller may do with c: "actions" the events, "can" the other rights. */
static void cert_rights(struct reqctx *rc, const struct cert_rec *c, json_t *j)
{
	int ask = 0;
	unsigned ev = certs_actions(&rc->svc, c, &ask);
	json_t *acts = json_array(), *can = json_array();

	for (int e = 0; e < CL_EVENT_COUNT; e++)
		if (ev & (1u << e))
			json_array_append_new(
				acts, json_string(certlife_event_name((enum certlife_event)e)));
	json_array_append_new(can, json_string("history"));
	if (ask)
		json_array_append_new(can, json_string("request_cancellation"));
	json_object_set_new(j, "actions", acts);
	json_object_set_new(j, "can", can);
}

static json_t *cert_json(struct reqctx *rc, const struct cert_view *v)
{
	const struct cert_rec *c = &v->c;
	json_t *j = cert_common_json(v);

	json_object_set_new(j, "id", json_integer(c->id));
	json_object_set_new(j, "application_id", api_id_json(c->application_id));
	json_object_set_new(j, "reports_from", json_date(c->reports_from));
	json_object_set_new(j, "predecessor_id", api_id_json(c->predecessor_id));
	json_object_set_new(j, "unit_id", json_integer(c->unit_id));
	json_object_set_new(j, "region", json_string(c->region));
	json_object_set_new(j, "scheme_version", json_integer(c->scheme_version));
	json_object_set_new(j, "status_index", json_integer(c->status_index));
	json_object_set_new(j, "kid", json_string(c->kid));
	json_object_set_new(j, "payload", json_string(c->payload));
	json_object_set_new(j, "state_since", json_date(c->state_since));
	json_object_set_new(j, "suspension_start", json_date(c->suspension_start));
	json_object_set_new(j, "suspension_end", json_date(c->suspension_end));
	json_object_set_new(j, "decided_by", api_id_json(c->decided_by));
	json_object_set_new(j, "confirmed_by", api_id_json(c->confirmed_by));
	json_object_set_new(j, "created_at", json_ts(c->created_at));
	json_object_set_new(j, "updated_at", json_ts(c->updated_at));
	json_object_set_new(j, "version", json_integer(c->version));
	cert_rights(rc, c, j);
	return j;
}

static int reply_cert(struct reqctx *rc, int status, const struct cert_view *v)
{
	reply_etag(rc, v->c.version);
	return reply_json(rc, status, cert_json(rc, v));
}

int api_cert_confirm(struct reqctx *rc)
{
	struct cert_view *v = calloc(1, sizeof(*v));
	int64_t id;
	int ret = req_id_param(rc, "id", &id);

	if (v == NULL)
		return bm_err_set(&rc->err, BM_EINTERNAL, NULL, NULL, "out of memory");
	if (ret == 0)
		ret = certs_confirm(&rc->svc, id, v, &rc->err);
	if (ret == 0) {
		char loc[64];
		snprintf(loc, sizeof(loc), "/api/v1/certificates/%lld", (long long)v->c.id);
		reply_header(rc, "Location", loc);
		ret = reply_cert(rc, 201, v);
	}
	free(v);
	return ret;
}

int api_cert_get(struct reqctx *rc)
{
	struct cert_view *v = calloc(1, sizeof(*v));
	int64_t id;
	int ret = req_id_param(rc, "id", &id);

	if (v == NULL)
		return bm_err_set(&rc->err, BM_EINTERNAL, NULL, NULL, "out of memory");
	if (ret == 0)
		ret = certs_get(&rc->svc, id, v, &rc->err);
	if (ret == 0)
		ret = reply_cert(rc, 200, v);
	free(v);
	return ret;
}

struct cert_visit_ctx {
	struct reqctx *rc;
	json_t *items;
};

static int cert_visit(void *ctx, const void *rec)
{
	struct cert_visit_ctx *cv = ctx;

	json_array_append_new(cv->items, cert_json(cv->rc, rec));
	return 0;
}

/* The columns of an exported certificate list or register: what its table shows. */
static const struct export_col cert_cols[] = {
	{ "证书编号", "Number", "number", NULL, NULL },
	{ "单位", "Unit", "unit", NULL, NULL },
	{ "统一社会信用代码", "USCC", "uscc", NULL, NULL },
	{ "资质类别", "Scheme", "scheme_name", NULL, NULL },
	{ "等级", "Grade", "grade_name", NULL, NULL },
	{ "业务类别", "Categories", "category_names", NULL, NULL },
	{ "有效期起", "Valid from", "valid_from", NULL, NULL },
	{ "有效期至", "Valid until", "valid_until", NULL, NULL },
	{ "状态", "State", "state_label", NULL, NULL },
	{ "不得承接新的涉密业务", "No new classified work", "no_new_classified_work", NULL, NULL },
	{ "发证机关", "Issuing authority", "authority", NULL, NULL },
};

int api_certs_list(struct reqctx *rc)
{
	const struct cert_query *q = rc->q;
	struct cert_filter f;
	json_t *items = json_array();
	struct cert_visit_ctx cv = { rc, items };
	int64_t next = 0;
	int ret;

	memset(&f, 0, sizeof(f));
	f.scheme_id = q->scheme;
	f.grade = q->grade;
	f.state = FS_HAS(q, 2) ? cert_state_choices[q->state] : NULL;
	f.unit_id = q->unit_id;
	f.after_id = FS_HAS(q, 6) ? 0 : q->cursor; /* an export: the whole list */
	ret = certs_list(&rc->svc, &f,
			 FS_HAS(q, 6)	 ? EXPORT_ROWS_MAX + 1
			 : q->limit != 0 ? (int)q->limit
					 : API_LIST_LIMIT,
			 cert_visit, &cv, &next, &rc->err);
	if (ret != 0) {
		json_decref(items);
		return ret;
	}
	if (FS_HAS(q, 6))
		return export_reply(rc, (enum export_format)q->format, q->lang, "certificates",
				    EXPORT_COLS(cert_cols), items);
	return reply_json(rc, 200, api_page(items, next));
}

/* ---- life after issuance ---- */

int api_cert_event(struct reqctx *rc)
{
	const struct cert_event_in *in = rc->in;
	struct cert_view *v = calloc(1, sizeof(*v));
	struct cert_move m;
	enum certlife_event ev;
	char name[32];
	int64_t id, version;
	int ret = req_id_param(rc, "id", &id);

	if (v == NULL)
		return bm_err_set(&rc->err, BM_EINTERNAL, NULL, NULL, "out of memory");
	memset(&m, 0, sizeof(m));
	if (ret == 0 &&
	    (route_param(&rc->params, "event", name, sizeof(name)) != 0 ||
	     certlife_event_parse(name, &ev) != 0 || ev == CLE_EXPIRE || ev == CLE_SUPERSEDE))
		ret = bm_err_set(&rc->err, BM_ENOTFOUND, "not_found", NULL,
				 "no such event: suspend, reinstate, revoke or cancel");
	if (ret == 0)
		ret = req_if_match(rc, &version);
	if (ret == 0) {
		m.event = ev;
		m.reason = CLR_NONE;
		if (in->reason != NULL &&
		    (certlife_reason_parse(in->reason, &m.reason) != 0 || m.reason == CLR_NONE))
			ret = bm_err_set(&rc->err, BM_EINVAL, "invalid_reason", "reason",
					 "%s is not a reason to %s a certificate", in->reason,
					 name);
		m.start = in->start;
		m.end = in->end;
		m.note = in->note;
	}
	if (ret == 0 && ev == CLE_SUSPEND && (m.start == 0 || m.end == 0))
		ret = bm_err_set(&rc->err, BM_EINVAL, "missing_field",
				 m.start == 0 ? "start" : "end",
				 "a suspension needs its start and end days");
	if (ret == 0)
		ret = certs_event(&rc->svc, id, version, &m, v, &rc->err);
	if (ret == 0)
		ret = reply_cert(rc, 200, v);
	free(v);
	return ret;
}

static int history_visit(void *ctx, const void *rec)
{
	const struct cert_event_rec *e = rec;

	json_array_append_new(
		ctx, json_pack("{s:I,s:s,s:o,s:s,s:s,s:o,s:s,s:o,s:o,s:o,s:o,s:s}", "id",
			       (json_int_t)e->id, "event", e->event, "reason",
			       e->reason[0] ? json_string(e->reason) : json_null(), "from", e->from,
			       "to", e->to, "by", api_id_json(e->by_user), "by_login", e->by_login,
			       "at", json_ts(e->at), "day", json_date(e->day), "start",
			       json_date(e->start), "end", json_date(e->end), "note", e->note));
	return 0;
}

int api_cert_history(struct reqctx *rc)
{
	json_t *items;
	int64_t id;
	int ret = req_id_param(rc, "id", &id);

	if (ret != 0)
		return ret;
	items = json_array();
	ret = certs_history(&rc->svc, id, history_visit, items, &rc->err);
	if (ret != 0) {
		json_decref(items);
		return ret;
	}
	return reply_json(rc, 200, json_pack("{s:o}", "items", items));
}

/* ---- public ---- */

/* 429 with Retry-After when the address has used its share of the register. */
static int public_limit(struct reqctx *rc)
{
	int retry = 0;
	char secs[16];

	if (ratelimit_take(rc->w->srv->register_limiter, rc->client_addr, bm_mono_ms(), &retry))
		return 0;
	snprintf(secs, sizeof(secs), "%d", retry);
	reply_header(rc, "Retry-After", secs);
	return bm_err_set(&rc->err, BM_ERATE, "rate_limited", NULL,
			  "too many requests from this address; retry in %d s", retry);
}

/* Does If-None-Match name etag (or "*")? */
static int etag_matches(const char *inm, const char *etag)
{
	size_t n = strlen(etag);

	if (inm == NULL)
		return 0;
	for (const char *p = inm; *p != '\0';) {
		while (*p == ' ' || *p == ',')
			p++;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (*p == '*' || strncmp(p, etag, n) == 0)
			return 1;
		while (*p != '\0' && *p != ',')
			p++;
	}
	return 0;
}

#define PUBLIC_REPLY_MAX (4u << 20) /* a page of 100 certificates is well under this */

/* Send len bytes of text with etag: 304 without a body when If-None-Match names it. */
static int public_send(struct reqctx *rc, const char *text, size_t len, const char *etag)
{
	reply_header(rc, "ETag", etag);
	if (etag_matches(req_header(rc, "if-none-match"), etag))
		return reply_bytes(rc, 304, "application/json; charset=utf-8", "", 0);
	return reply_bytes(rc, 200, "application/json; charset=utf-8", text, len);
}

/* Write body (consumed) into text, and its ETag over those bytes into etag: "h" + 16
 * hex digits of their SHA-256 (the same object always writes the same bytes). A NULL
 * body (it could not be built) is BM_EINTERNAL "out of memory". */
static int public_encode(struct reqctx *rc, json_t *body, struct buf *text,
			 char etag[ANSWER_ETAG_MAX])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[2 * 8 + 1];
	int ret;

	if (body == NULL)
		return bm_err_set(&rc->err, BM_EINTERNAL, NULL, NULL, "out of memory");
	ret = json_write(body, text);
	json_decref(body);
	if (ret != 0)
		return bm_err_set(&rc->err, BM_EINTERNAL, NULL, NULL, "cannot encode the response");
	crypto_hash_sha256(h, (const unsigned char *)text->data, text->len);
	bm_hex_encode(h, 8, hex);
	snprintf(etag, ANSWER_ETAG_MAX, "\"h%s\"", hex);
	return 0;
}

/* Reply with body (consumed) and an ETag over the bytes sent (public_encode), written
 * once for the hash and the wire; 304 on If-None-Match. When key is not NULL, the
 * answer is also kept in the worker's answer cache under key (answer_cache.h: it must
 * depend on the database and key only, and the cache must have been synced before the
 * data was read). */
static int reply_public_keyed(struct reqctx *rc, json_t *body, const char *key)
{
	char etag[ANSWER_ETAG_MAX];
	struct buf text;
	int ret;

	buf_init(&text, PUBLIC_REPLY_MAX);
	ret = public_encode(rc, body, &text, etag);
	if (ret == 0) {
		if (key != NULL)
			answer_cache_put(rc->w->answers, key, text.data, text.len, etag);
		ret = public_send(rc, text.data, text.len, etag);
	}
	buf_release(&text);
	return ret;
}

static int reply_public(struct reqctx *rc, json_t *body)
{
	return reply_public_keyed(rc, body, NULL);
}

static int public_visit(void *ctx, const void *rec)
{
	json_array_append_new(ctx, cert_common_json(rec));
	return 0;
}

int api_public_certs(struct reqctx *rc)
{
	const struct public_cert_query *q = rc->q;
	json_t *items;
	int64_t next = 0;
	int ret = public_limit(rc);

	if (ret != 0)
		return ret;
	items = json_array();
	ret = certs_public_search(&rc->svc, q->q, FS_HAS(q, 3) ? 0 : q->cursor,
				  FS_HAS(q, 3)	  ? EXPORT_ROWS_MAX + 1
				  : q->limit != 0 ? (int)q->limit
						  : API_LIST_LIMIT,
				  public_visit, items, &next, &rc->err);
	if (ret != 0) {
		json_decref(items);
		return ret;
	}
	if (FS_HAS(q, 3)) /* an export of the register (as searched): every row */
		return export_reply(rc, (enum export_format)q->format, q->lang, "register",
				    EXPORT_COLS(cert_cols), items);
	return reply_public(rc, api_page(items, next));
}

int api_public_cert(struct reqctx *rc)
{
	char number[CERT_NUMBER_MAX + 2];
	struct answer kept;
	struct cert_view *v;
	json_t *j;
	int ret = public_limit(rc);

	if (ret != 0)
		return ret;
	if (route_param(&rc->params, "number", number, sizeof(number)) != 0 ||
	    strlen(number) > CERT_NUMBER_MAX)
		return bm_err_set(&rc->err, BM_ENOTFOUND, "not_found", NULL,
				  "no certificate with this number");
	/* The answer depends on the database and the number only (the certificate, its
	 * scheme edition, its authority): keep it until the database changes.
	 * The revision is read before the certificate, so no change in between is missed. */
	if (answer_cache_sync(rc->w->answers, rc->w->db, &rc->err) == 0 &&
	    answer_cache_get(rc->w->answers, number, &kept))
		return public_send(rc, kept.body, kept.len, kept.etag);
	bm_err_clear(&rc->err); /* a failed sync only means no caching this time */
	v = calloc(1, sizeof(*v));
	if (v == NULL)
		return bm_err_set(&rc->err, BM_EINTERNAL, NULL, NULL, "out of memory");
	ret = certs_public_get(&rc->svc, number, v, &rc->err);
	if (ret == BM_ENOTFOUND)
		bm_err_set(&rc->err, BM_ENOTFOUND, "not_found", NULL,
			   "no certificate with this number");
	if (ret == 0) {
		j = cert_common_json(v);
		json_object_set_new(j, "status_index", json_integer(v->c.status_index));
		json_object_set_new(j, "kid", json_string(v->c.kid));
		json_object_set_new(j, "payload", json_string(v->c.payload));
		ret = reply_public_keyed(rc, j, number);
	}
	free(v);
	return ret;
}

int api_public_keys(struct reqctx *rc)
{
	struct cert_trust t;
	json_t *j;
	int ret = public_limit(rc);

	if (ret == 0)
		ret = certs_trust_current(&rc->svc, &t, &rc->err);
	if (ret != 0)
		return ret;
	j = cert_trust_to_json(&t);
	cert_trust_release(&t);
	return reply_public(rc, j);
}

int api_public_status_list(struct reqctx *rc)
{
	struct status_list sl;
	json_t *j;
	int ret = public_limit(rc);

	if (ret == 0)
		ret = certs_status_current(&rc->svc, &sl, &rc->err);
	if (ret != 0)
		return ret;
	j = status_list_to_json(&sl);
	status_list_release(&sl);
	return reply_public(rc, j);
}
