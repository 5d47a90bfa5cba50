/*
 * api_paper.c - registering the certificates a bureau issued on paper
 * (service/certs_paper.h holds the rules): register, list, read, confirm, reject.
 */
#include <h2o.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/api.h"
#include "service/certs_paper.h"
#include "base/banned.h"

/* ---- request shapes ---- */

struct paper_new_in {
	uint64_t present;
	int64_t unit_id;
	const char *number, *scheme, *grade;
	struct fs_strs categories;
	int32_t paper_issued, valid_from, valid_until;
	const char *note;
};
static const struct fs_field paper_new_fields[] = {
	{ "unit_id", FS_INT, FS_REQUIRED, offsetof(struct paper_new_in, unit_id), 1, INT64_MAX, 0,
	  NULL, NULL },
	{ "number", FS_STR, FS_REQUIRED, offsetof(struct paper_new_in, number), 1, CERT_NUMBER_MAX,
	  0, NULL, NULL },
	{ "scheme", FS_STR, FS_REQUIRED, offsetof(struct paper_new_in, scheme), 1, CERT_SCHEME_MAX,
	  0, NULL, NULL },
	{ "grade", FS_STR, FS_REQUIRED, offsetof(struct paper_new_in, grade), 1, CERT_GRADE_MAX, 0,
	  NULL, NULL },
	{ "categories", FS_STRS, FS_REQUIRED, offsetof(struct paper_new_in, categories), 1,
	  CERT_CATEGORIES_MAX, CERT_CATEGORY_MAX, NULL, NULL },
	{ "paper_issued", FS_DATE, FS_REQUIRED, offsetof(struct paper_new_in, paper_issued), 0, 0,
	  0, NULL, NULL },
	{ "valid_from", FS_DATE, FS_REQUIRED, offsetof(struct paper_new_in, valid_from), 0, 0, 0,
	  NULL, NULL },
	{ "valid_until", FS_DATE, FS_REQUIRED, offsetof(struct paper_new_in, valid_until), 0, 0, 0,
	  NULL, NULL },
	{ "note", FS_STR, FS_MULTILINE, offsetof(struct paper_new_in, note), 0, PAPER_NOTE_MAX, 0,
	  NULL, NULL },
};
const struct fs_spec spec_paper_new = FS_SPEC(paper_new_fields, struct paper_new_in);

static const char *const paper_states[] = { "pending", "confirmed", "rejected", NULL };
struct paper_query {
	uint64_t present;
	int state;
	int64_t limit, cursor;
};
static const struct fs_field paper_query_fields[] = {
	{ "state", FS_ENUM, 0, offsetof(struct paper_query, state), 0, 0, 0, paper_states, NULL },
	API_PAGE_FIELDS(struct paper_query),
};
const struct fs_spec spec_paper_query = FS_SPEC(paper_query_fields, struct paper_query);

struct paper_reject_in {
	uint64_t present;
	const char *reason;
};
static const struct fs_field paper_reject_fields[] = {
	{ "reason", FS_STR, FS_REQUIRED | FS_MULTILINE, offsetof(struct paper_reject_in, reason), 1,
	  PAPER_REASON_MAX, 0, NULL, NULL },
};
const struct fs_spec spec_paper_reject = FS_SPEC(paper_reject_fields, struct paper_reject_in);

/* ---- records as JSON ---- */

static json_t *paper_json(const void *rec)
{
	static const char *const can_names[] = { "confirm", "reject" };
	const struct paper_view *v = rec;
	const struct paper_rec *r = &v->r;
	json_t *cats = api_categories_json(NULL, r->categories, NULL);

	return json_pack("{s:I,s:I,s:{s:s,s:s},s:I,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:s,s:s,"
			 "s:o,s:o,s:o,s:o,s:s,s:o,s:I,s:o}",
			 "id", (json_int_t)r->id, "authority_id", (json_int_t)r->authority_id,
			 "authority", "zh-CN", v->authority, "en", v->authority_en, "unit_id",
			 (json_int_t)r->unit_id, "unit", v->unit_name, "uscc", v->uscc, "number",
			 r->number, "scheme", r->scheme_id, "grade", r->grade, "categories", cats,
			 "paper_issued", json_date(r->paper_issued), "valid_from",
			 json_date(r->valid_from), "valid_until", json_date(r->valid_until), "note",
			 r->note, "state", r->state, "registered_by", api_id_json(r->registered_by),
			 "registered_at", json_ts(r->registered_at), "decided_by",
			 api_id_json(r->decided_by), "decided_at", json_ts(r->decided_at), "reason",
			 r->reason, "certificate_id", api_id_json(r->certificate_id), "version",
			 (json_int_t)r->version, "can", api_can_json(v->can, can_names, 2));
}

static int reply_paper(struct reqctx *rc, int status, const struct paper_view *v)
{
	char loc[64];

	reply_etag(rc, v->r.version);
	if (status == 201) {
		snprintf(loc, sizeof(loc), "/api/v1/paper-registrations/%lld", (long long)v->r.id);
		reply_header(rc, "Location", loc);
	}
	return reply_json(rc, status, paper_json(v));
}

/* ---- handlers ---- */

int api_paper_list(struct reqctx *rc)
{
	const struct paper_query *q = rc->q;
	struct api_collect c = { json_array(), paper_json };
	int64_t before = 0;
	struct svc_page page = q != NULL ? api_page_of(q->present, 1, q->limit, q->cursor, &before)
					 : api_page_of(0, 1, 0, 0, &before);
	const char *state = q != NULL && FS_HAS(q, 0) ? paper_states[q->state] : NULL;
	int ret = paper_list(&rc->svc, state, before, &page, api_collect_visit, &c, &rc->err);

	return api_reply_page(rc, ret, c.items, page.next); /* page.next after the visit */
}

int api_paper_create(struct reqctx *rc)
{
	const struct paper_new_in *in = rc->in;
	struct paper_in p;
	struct paper_view *v = calloc(1, sizeof(*v));
	int ret;

	if (v == NULL)
		return bm_err_set(&rc->err, BM_EINTERNAL, NULL, NULL, "out of memory");
	memset(&p, 0, sizeof(p));
	p.unit_id = in->unit_id;
	p.number = in->number;
	p.scheme = in->scheme;
	p.grade = in->grade;
	p.categories = in->categories.v;
	p.ncategories = in->categories.n;
	p.paper_issued = in->paper_issued;
	p.valid_from = in->valid_from;
	p.valid_until = in->valid_until;
	p.note = FS_HAS(in, 8) ? in->note : NULL;
	ret = paper_register(&rc->svc, &p, v, &rc->err);
	if (ret == 0)
		ret = reply_paper(rc, 201, v);
	free(v);
	return ret;
}

int api_paper_get(struct reqctx *rc)
{
	struct paper_view *v = calloc(1, sizeof(*v));
	int64_t id;
	int ret = v != NULL ? req_id_param(rc, "id", &id)
			    : bm_err_set(&rc->err, BM_EINTERNAL, NULL, NULL, "out of memory");

	if (ret == 0)
		ret = paper_get(&rc->svc, id, v, &rc->err);
	if (ret == 0)
		ret = reply_paper(rc, 200, v);
	free(v);
	return ret;
}

int api_paper_confirm(struct reqctx *rc)
{
	struct paper_view *v = calloc(1, sizeof(*v));
	int64_t id, version;
	int ret = v != NULL ? api_change_of(rc, &id, &version)
			    : bm_err_set(&rc->err, BM_EINTERNAL, NULL, NULL, "out of memory");

	if (ret == 0)
		ret = paper_confirm(&rc->svc, id, version, v, &rc->err);
	if (ret == 0)
		ret = reply_paper(rc, 200, v);
	free(v);
	return ret;
}

int api_paper_reject(struct reqctx *rc)
{
	const struct paper_reject_in *in = rc->in;
	struct paper_view *v = calloc(1, sizeof(*v));
	int64_t id, version;
	int ret = v != NULL ? api_change_of(rc, &id, &version)
			    : bm_err_set(&rc->err, BM_EINTERNAL, NULL, NULL, "out of memory");

	if (ret == 0)
		ret = paper_reject(&rc->svc, id, version, in->reason, v, &rc->err);
	if (ret == 0)
		ret = reply_paper(rc, 200, v);
	free(v);
	return ret;
}
