/*
 * api_annual.c - the annual self-inspection (reports, their review and files), the
 * findings with their rectification, and the cancellation proposals an approver
 * decides. service/annual.h and service/findings.h hold the rules; here requests are
 * decoded and records turned into JSON, each with "can": what the caller may do.
 */
#include <h2o.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "core/areas.h"
#include "http/api.h"
#include "service/annual.h"
#include "service/findings.h"
#include "base/banned.h"

/* ---- request shapes ---- */

struct answer_in {
	uint64_t present;
	const char *area, *status, *text;
};
static const struct fs_field answer_fields[] = {
	{ "area", FS_STR, FS_REQUIRED, offsetof(struct answer_in, area), 1, 32, 0, NULL, NULL },
	{ "status", FS_STR, FS_REQUIRED, offsetof(struct answer_in, status), 1, 16, 0, NULL, NULL },
	{ "text", FS_STR, FS_MULTILINE, offsetof(struct answer_in, text), 0, 4000, 0, NULL, NULL },
};
static const struct fs_spec spec_answer = FS_SPEC(answer_fields, struct answer_in);

struct annual_new_in {
	uint64_t present;
	int64_t certificate_id, year;
	struct fs_objs answers;
};
static const struct fs_field annual_new_fields[] = {
	{ "certificate_id", FS_INT, FS_REQUIRED, offsetof(struct annual_new_in, certificate_id), 1,
	  INT64_MAX, 0, NULL, NULL },
	{ "year", FS_INT, FS_REQUIRED, offsetof(struct annual_new_in, year), 2000, 2200, 0, NULL,
	  NULL },
	{ "answers", FS_OBJS, 0, offsetof(struct annual_new_in, answers), 0, AREA_COUNT, 0, NULL,
	  &spec_answer },
};
const struct fs_spec spec_annual_new = FS_SPEC(annual_new_fields, struct annual_new_in);

struct annual_put_in {
	uint64_t present;
	struct fs_objs answers;
};
static const struct fs_field annual_put_fields[] = {
	{ "answers", FS_OBJS, FS_REQUIRED, offsetof(struct annual_put_in, answers), 0, AREA_COUNT,
	  0, NULL, &spec_answer },
};
const struct fs_spec spec_annual_put = FS_SPEC(annual_put_fields, struct annual_put_in);

struct finding_new_in {
	uint64_t present;
	const char *area, *severity, *requirement;
	int32_t deadline;
};
static const struct fs_field finding_new_fields[] = {
	{ "area", FS_STR, FS_REQUIRED, offsetof(struct finding_new_in, area), 1, 32, 0, NULL,
	  NULL },
	{ "severity", FS_STR, FS_REQUIRED, offsetof(struct finding_new_in, severity), 1, 16, 0,
	  NULL, NULL },
	{ "requirement", FS_STR, FS_REQUIRED | FS_MULTILINE,
	  offsetof(struct finding_new_in, requirement), 1, 2000, 0, NULL, NULL },
	{ "deadline", FS_DATE, FS_NULLABLE, offsetof(struct finding_new_in, deadline), 0, 0, 0,
	  NULL, NULL },
};
const struct fs_spec spec_finding_new = FS_SPEC(finding_new_fields, struct finding_new_in);

struct finding_in *api_findings_of(struct reqctx *rc, const struct fs_objs *o)
{
	struct finding_in *f = arena_alloc(&rc->arena, (o->n + 1) * sizeof(*f));

	for (size_t i = 0; f != NULL && i < o->n; i++) {
		const struct finding_new_in *fi = o->v[i];
		f[i].area = fi->area;
		f[i].severity = fi->severity;
		f[i].requirement = fi->requirement;
		f[i].deadline = FS_HAS(fi, 3) ? fi->deadline : 0;
	}
	return f;
}

static const char *const decisions[] = { "pass", "rectify", "fail", NULL };
struct annual_review_in {
	uint64_t present;
	int decision;
	const char *note;
	struct fs_objs findings;
};
static const struct fs_field annual_review_fields[] = {
	{ "decision", FS_ENUM, FS_REQUIRED, offsetof(struct annual_review_in, decision), 0, 0, 0,
	  decisions, NULL },
	{ "note", FS_STR, FS_MULTILINE, offsetof(struct annual_review_in, note), 0, 2000, 0, NULL,
	  NULL },
	{ "findings", FS_OBJS, 0, offsetof(struct annual_review_in, findings), 0, 50, 0, NULL,
	  &spec_finding_new },
};
const struct fs_spec spec_annual_review = FS_SPEC(annual_review_fields, struct annual_review_in);

struct annual_query {
	uint64_t present;
	int64_t year, certificate_id;
	const char *state;
};
static const struct fs_field annual_query_fields[] = {
	{ "year", FS_INT, 0, offsetof(struct annual_query, year), 2000, 2200, 0, NULL, NULL },
	{ "certificate_id", FS_INT, 0, offsetof(struct annual_query, certificate_id), 1, INT64_MAX,
	  0, NULL, NULL },
	{ "state", FS_STR, 0, offsetof(struct annual_query, state), 1, 16, 0, NULL, NULL },
};
const struct fs_spec spec_annual_query = FS_SPEC(annual_query_fields, struct annual_query);

struct owed_query {
	uint64_t present;
	int64_t year;
};
static const struct fs_field owed_query_fields[] = {
	{ "year", FS_INT, FS_REQUIRED, offsetof(struct owed_query, year), 2000, 2200, 0, NULL,
	  NULL },
};
const struct fs_spec spec_annual_owed_query = FS_SPEC(owed_query_fields, struct owed_query);

struct finding_query {
	uint64_t present;
	const char *source_type, *state;
	int64_t source_id;
};
static const struct fs_field finding_query_fields[] = {
	{ "source_type", FS_STR, 0, offsetof(struct finding_query, source_type), 1, 16, 0, NULL,
	  NULL },
	{ "state", FS_STR, 0, offsetof(struct finding_query, state), 1, 16, 0, NULL, NULL },
	{ "source_id", FS_INT, 0, offsetof(struct finding_query, source_id), 1, INT64_MAX, 0, NULL,
	  NULL },
};
const struct fs_spec spec_finding_query = FS_SPEC(finding_query_fields, struct finding_query);

struct response_in {
	uint64_t present;
	const char *response;
};
static const struct fs_field response_fields[] = {
	{ "response", FS_STR, FS_REQUIRED | FS_MULTILINE, offsetof(struct response_in, response), 1,
	  4000, 0, NULL, NULL },
};
const struct fs_spec spec_finding_response = FS_SPEC(response_fields, struct response_in);

static const char *const verdicts[] = { "verified", "rejected", NULL };
static const char *const proposal_verdicts[] = { "confirm", "decline", NULL };
struct verdict_in {
	uint64_t present;
	int decision;
	const char *note;
};
static const struct fs_field verification_fields[] = {
	{ "decision", FS_ENUM, FS_REQUIRED, offsetof(struct verdict_in, decision), 0, 0, 0,
	  verdicts, NULL },
	{ "note", FS_STR, FS_MULTILINE, offsetof(struct verdict_in, note), 0, 2000, 0, NULL, NULL },
};
const struct fs_spec spec_finding_verification = FS_SPEC(verification_fields, struct verdict_in);
static const struct fs_field proposal_decision_fields[] = {
	{ "decision", FS_ENUM, FS_REQUIRED, offsetof(struct verdict_in, decision), 0, 0, 0,
	  proposal_verdicts, NULL },
	{ "note", FS_STR, FS_MULTILINE, offsetof(struct verdict_in, note), 0, 2000, 0, NULL, NULL },
};
const struct fs_spec spec_proposal_decision = FS_SPEC(proposal_decision_fields, struct verdict_in);

struct proposal_query {
	uint64_t present;
	const char *state;
};
static const struct fs_field proposal_query_fields[] = {
	{ "state", FS_STR, 0, offsetof(struct proposal_query, state), 1, 16, 0, NULL, NULL },
};
const struct fs_spec spec_proposal_query = FS_SPEC(proposal_query_fields, struct proposal_query);

/* ---- records as JSON ---- */

json_t *api_can_json(unsigned bits, const char *const *names, int n)
{
	json_t *a = json_array();

	for (int i = 0; i < n; i++)
		if (bits & (1u << i))
			json_array_append_new(a, json_string(names[i]));
	return a;
}

static json_t *file_json(const void *rec)
{
	const struct record_file *rf = rec;

	return json_pack("{s:I,s:s,s:s,s:I,s:s,s:o}", "file_id", (json_int_t)rf->file.id, "name",
			 rf->file.name, "type", rf->file.type, "size", (json_int_t)rf->file.size,
			 "sha256", rf->file.sha256, "uploaded_at", json_ts(rf->file.uploaded_at));
}

static json_t *report_json(const struct annual_view *v, int32_t today)
{
	static const char *const can_names[] = { "edit", "submit", "review" };
	json_t *answers = json_loads(v->r.answers != NULL ? v->r.answers : "[]", 0, NULL);
	int overdue = v->due != 0 && today > v->due && strcmp(v->r.state, "draft") == 0;

	return json_pack("{s:I,s:I,s:s,s:I,s:s,s:i,s:s,s:o,s:o,s:b,s:o,s:o,s:o,s:o,s:o,s:o,s:s,"
			 "s:I,s:o,s:s}",
			 "id", (json_int_t)v->r.id, "certificate_id",
			 (json_int_t)v->r.certificate_id, "number", v->c.number, "unit_id",
			 (json_int_t)v->r.unit_id, "unit", v->c.unit_name, "year", v->r.year,
			 "state", v->r.state, "answers", answers != NULL ? answers : json_array(),
			 "due", json_date(v->due), "overdue", overdue, "created_at",
			 json_ts(v->r.created_at), "submitted_by", api_id_json(v->r.submitted_by),
			 "submitted_at", json_ts(v->r.submitted_at), "reviewed_by",
			 api_id_json(v->r.reviewed_by), "reviewed_at", json_ts(v->r.reviewed_at),
			 "updated_at", json_ts(v->r.updated_at), "decision_note",
			 v->r.decision_note, "version", (json_int_t)v->r.version, "can",
			 api_can_json(v->can, can_names, 3), "certificate_state",
			 certlife_state_name(v->c.state));
}

json_t *api_finding_json(const void *rec)
{
	const struct finding_view *v = rec;
	static const char *const can_names[] = { "respond", "verify" };
	int a = area_index(v->f.area);

	return json_pack(
		"{s:I,s:s,s:I,s:I,s:I,s:s,s:o,s:s,s:s,s:o,s:s,s:b,s:s,s:o,s:o,s:o,s:o,s:s,s:o,"
		"s:I,s:o}",
		"id", (json_int_t)v->f.id, "source_type", v->f.source_type, "source_id",
		(json_int_t)v->f.source_id, "certificate_id", (json_int_t)v->f.certificate_id,
		"unit_id", (json_int_t)v->f.unit_id, "area", v->f.area, "area_name",
		a >= 0 ? json_pack("{s:s,s:s}", "zh-CN", areas[a].zh, "en", areas[a].en)
		       : json_null(),
		"severity", v->f.severity, "requirement", v->f.requirement, "deadline",
		json_date(v->f.deadline), "state", v->f.state, "overdue", v->f.overdue, "response",
		v->f.response, "responded_by", api_id_json(v->f.responded_by), "responded_at",
		json_ts(v->f.responded_at), "verified_by", api_id_json(v->f.verified_by),
		"verified_at", json_ts(v->f.verified_at), "verification_note",
		v->f.verification_note, "created_at", json_ts(v->f.created_at), "version",
		(json_int_t)v->f.version, "can", api_can_json(v->can, can_names, 2));
}

static json_t *proposal_json(const void *rec)
{
	const struct proposal_view *v = rec;

	return json_pack(
		"{s:I,s:I,s:s,s:I,s:s,s:i,s:o,s:s,s:s,s:o,s:o,s:o,s:o,s:s,s:I,s:s,s:o}", "id",
		(json_int_t)v->p.id, "certificate_id", (json_int_t)v->p.certificate_id, "number",
		v->c.number, "unit_id", (json_int_t)v->p.unit_id, "unit", v->c.unit_name, "year",
		v->p.year, "report_id", api_id_json(v->p.report_id), "reason", v->p.reason, "state",
		v->p.state, "proposed_by", api_id_json(v->p.proposed_by), "proposed_at",
		json_ts(v->p.proposed_at), "decided_by", api_id_json(v->p.decided_by), "decided_at",
		json_ts(v->p.decided_at), "decision_note", v->p.decision_note, "version",
		(json_int_t)v->p.version, "certificate_state", certlife_state_name(v->c.state),
		"can", v->can_decide ? json_pack("[s]", "decide") : json_array());
}

static int32_t today(struct reqctx *rc)
{
	return bm_date_cst(rc->svc.now);
}

/* Reply with body (consumed) and the files of record id of kind o, at version; location
 * (or NULL) names a record just created. */
static int reply_with_files(struct reqctx *rc, int status, json_t *body,
			    const struct sealfile_owner *o, int64_t id, int64_t version,
			    const char *location)
{
	struct api_collect files = { json_array(), file_json };
	int ret = sealfile_list(&rc->svc, o, id, api_collect_visit, &files, &rc->err);

	if (ret != 0) {
		json_decref(body);
		json_decref(files.items);
		return ret;
	}
	json_object_set_new(body, "files", files.items);
	reply_etag(rc, version);
	if (location != NULL)
		reply_header(rc, "Location", location);
	return reply_json(rc, status, body);
}

/* Reply with report v (released here) and its files. */
static int reply_report(struct reqctx *rc, int status, struct annual_view *v)
{
	json_t *body = report_json(v, today(rc));
	int64_t id = v->r.id, version = v->r.version;
	char loc[64];

	annual_view_release(v);
	snprintf(loc, sizeof(loc), "/api/v1/annual-reports/%lld", (long long)id);
	return reply_with_files(rc, status, body, &annual_report_files, id, version,
				status == 201 ? loc : NULL);
}

static int reply_finding(struct reqctx *rc, const struct finding_view *v)
{
	return reply_with_files(rc, 200, api_finding_json(v), &finding_files, v->f.id, v->f.version,
				NULL);
}

int api_change_of(struct reqctx *rc, int64_t *id, int64_t *version)
{
	int ret = req_id_param(rc, "id", id);

	return ret != 0 ? ret : req_if_match(rc, version);
}

/* Answers from the request into the service's shape (arena memory). */
static struct annual_answer_in *answers_of(struct reqctx *rc, const struct fs_objs *o)
{
	struct annual_answer_in *a = arena_alloc(&rc->arena, (o->n + 1) * sizeof(*a));

	for (size_t i = 0; a != NULL && i < o->n; i++) {
		const struct answer_in *in = o->v[i];
		a[i].area = in->area;
		a[i].status = in->status;
		a[i].text = in->text;
	}
	return a;
}

/* ---- reports ---- */

/* Listing reports, or who owes one: items collected, as of today. */
struct list_ctx {
	json_t *items;
	int32_t today;
};

static int owed_visit(void *ctx, const void *rec)
{
	struct list_ctx *oc = ctx;
	const struct annual_owed_row *row = rec;
	int missing = row->report == NULL || strcmp(row->report->state, "draft") == 0;

	json_array_append_new(
		oc->items,
		json_pack("{s:I,s:s,s:I,s:s,s:s,s:i,s:o,s:o,s:o,s:b}", "certificate_id",
			  (json_int_t)row->c->id, "number", row->c->number, "unit_id",
			  (json_int_t)row->c->unit_id, "unit", row->c->unit_name,
			  "certificate_state", certlife_state_name(row->c->state), "year",
			  row->year, "due", json_date(row->due), "report_id",
			  api_id_json(row->report != NULL ? row->report->id : 0), "report_state",
			  row->report != NULL ? json_string(row->report->state) : json_null(),
			  "overdue", missing && oc->today > row->due));
	return 0;
}

int api_annual_owed(struct reqctx *rc)
{
	const struct owed_query *q = rc->q;
	struct list_ctx oc = { json_array(), today(rc) };
	int32_t due = 0;
	int ret = annual_owed(&rc->svc, (int)q->year, &due, owed_visit, &oc, &rc->err);
	json_t *page;

	if (ret != 0) {
		json_decref(oc.items);
		return ret;
	}
	page = api_page(oc.items, 0);
	json_object_set_new(page, "year", json_integer(q->year));
	json_object_set_new(page, "due", json_date(due));
	return reply_json(rc, 200, page);
}

static int report_visit(void *ctx, const void *rec)
{
	struct list_ctx *lc = ctx;

	json_array_append_new(lc->items, report_json(rec, lc->today));
	return 0;
}

int api_annual_list(struct reqctx *rc)
{
	const struct annual_query *q = rc->q;
	struct list_ctx lc = { json_array(), today(rc) };
	struct annual_filter f;

	memset(&f, 0, sizeof(f));
	if (q != NULL) {
		f.year = FS_HAS(q, 0) ? (int)q->year : 0;
		f.certificate_id = FS_HAS(q, 1) ? q->certificate_id : 0;
		f.state = FS_HAS(q, 2) ? q->state : NULL;
	}
	return api_reply_page(rc, annual_list(&rc->svc, &f, report_visit, &lc, &rc->err), lc.items,
			      0);
}

int api_annual_create(struct reqctx *rc)
{
	const struct annual_new_in *in = rc->in;
	struct annual_answer_in *a = answers_of(rc, &in->answers);
	struct annual_view v;
	int ret;

	if (a == NULL)
		return bm_err_set(&rc->err, BM_EINTERNAL, NULL, NULL, "out of memory");
	ret = annual_create(&rc->svc, in->certificate_id, (int)in->year, a, in->answers.n, &v,
			    &rc->err);
	return ret != 0 ? ret : reply_report(rc, 201, &v);
}

int api_annual_get(struct reqctx *rc)
{
	struct annual_view v;
	int64_t id;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = annual_get(&rc->svc, id, &v, &rc->err);
	return ret != 0 ? ret : reply_report(rc, 200, &v);
}

int api_annual_put(struct reqctx *rc)
{
	const struct annual_put_in *in = rc->in;
	struct annual_answer_in *a = answers_of(rc, &in->answers);
	struct annual_view v;
	int64_t id, version;
	int ret;

	if (a == NULL)
		return bm_err_set(&rc->err, BM_EINTERNAL, NULL, NULL, "out of memory");
	ret = api_change_of(rc, &id, &version);
	if (ret == 0)
		ret = annual_update(&rc->svc, id, version, a, in->answers.n, &v, &rc->err);
	return ret != 0 ? ret : reply_report(rc, 200, &v);
}

int api_annual_submit(struct reqctx *rc)
{
	struct annual_view v;
	int64_t id, version;
	int ret = api_change_of(rc, &id, &version);

	if (ret == 0)
		ret = annual_submit(&rc->svc, id, version, &v, &rc->err);
	return ret != 0 ? ret : reply_report(rc, 200, &v);
}

int api_annual_review(struct reqctx *rc)
{
	const struct annual_review_in *in = rc->in;
	struct finding_in *f = api_findings_of(rc, &in->findings);
	struct annual_view v;
	int64_t id, version;
	int ret = api_change_of(rc, &id, &version);

	if (f == NULL)
		return bm_err_set(&rc->err, BM_EINTERNAL, NULL, NULL, "out of memory");
	if (ret == 0)
		ret = annual_review(&rc->svc, id, version, (enum annual_decision)in->decision,
				    in->note, f, in->findings.n, &v, &rc->err);
	return ret != 0 ? ret : reply_report(rc, 200, &v);
}

/* ---- files (raw body up; whole file down, after it authenticated) ---- */

static int upload_check(struct reqctx *rc)
{
	if (rc->req->entity.len > rc->svc.cfg->max_upload)
		return bm_err_set(&rc->err, BM_ETOOBIG, "payload_too_large", "file",
				  "files may have at most %zu MiB", rc->svc.cfg->max_upload >> 20);
	return 0;
}

static const unsigned char *body_of(struct reqctx *rc)
{
	return (const unsigned char *)(rc->req->entity.base != NULL ? rc->req->entity.base : "");
}

/* Attach the raw body to record {id} of kind o. */
static int upload(struct reqctx *rc, const struct sealfile_owner *o)
{
	const struct upload_query *q = rc->q;
	struct record_file rf;
	int64_t id;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = upload_check(rc);
	if (ret == 0)
		ret = sealfile_attach(&rc->svc, o, id, q->name, body_of(rc), rc->req->entity.len,
				      &rf, &rc->err);
	return ret != 0 ? ret : reply_json(rc, 201, file_json(&rf));
}

int api_annual_upload(struct reqctx *rc)
{
	return upload(rc, &annual_report_files);
}

int api_finding_upload(struct reqctx *rc)
{
	return upload(rc, &finding_files);
}

static int reply_file(struct reqctx *rc, const struct record_file *rf, unsigned char *data)
{
	int ret;

	api_attachment_header(rc, rf->file.name);
	ret = reply_bytes(rc, 200, api_file_mime(rf->file.type), data, (size_t)rf->file.size);
	free(data);
	return ret;
}

/* File {fid} of record {id} of kind o, whole, once it authenticated. */
static int download(struct reqctx *rc, const struct sealfile_owner *o)
{
	struct record_file rf;
	unsigned char *data = NULL;
	int64_t id, fid;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = req_id_param(rc, "fid", &fid);
	if (ret == 0)
		ret = sealfile_fetch(&rc->svc, o, id, fid, &rf, &data, &rc->err);
	return ret != 0 ? ret : reply_file(rc, &rf, data);
}

int api_annual_download(struct reqctx *rc)
{
	return download(rc, &annual_report_files);
}

int api_finding_download(struct reqctx *rc)
{
	return download(rc, &finding_files);
}

/* ---- findings ---- */

int api_findings_list(struct reqctx *rc)
{
	const struct finding_query *q = rc->q;
	struct finding_filter f;
	struct api_collect c = { json_array(), api_finding_json };
	json_t *item;
	size_t i;
	int ret;

	memset(&f, 0, sizeof(f));
	if (q != NULL) {
		f.source_type = FS_HAS(q, 0) ? q->source_type : NULL;
		f.state = FS_HAS(q, 1) ? q->state : NULL;
		f.source_id = FS_HAS(q, 2) ? q->source_id : 0;
	}
	ret = findings_list(&rc->svc, &f, api_collect_visit, &c, &rc->err);
	/* each with its files, as one finding is read: the list in one request */
	json_array_foreach(c.items, i, item)
	{
		struct api_collect files = { json_array(), file_json };
		if (ret == 0)
			ret = sealfile_list(&rc->svc, &finding_files,
					    json_integer_value(json_object_get(item, "id")),
					    api_collect_visit, &files, &rc->err);
		json_object_set_new(item, "files", files.items);
	}
	return api_reply_page(rc, ret, c.items, 0);
}

int api_finding_get(struct reqctx *rc)
{
	struct finding_view v;
	int64_t id;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = findings_get(&rc->svc, id, &v, &rc->err);
	return ret != 0 ? ret : reply_finding(rc, &v);
}

int api_finding_response(struct reqctx *rc)
{
	const struct response_in *in = rc->in;
	struct finding_view v;
	int64_t id, version;
	int ret = api_change_of(rc, &id, &version);

	if (ret == 0)
		ret = findings_respond(&rc->svc, id, version, in->response, &v, &rc->err);
	return ret != 0 ? ret : reply_finding(rc, &v);
}

int api_finding_verification(struct reqctx *rc)
{
	const struct verdict_in *in = rc->in;
	struct finding_view v;
	int64_t id, version;
	int ret = api_change_of(rc, &id, &version);

	if (ret == 0)
		ret = findings_verify(&rc->svc, id, version, in->decision == 0, in->note, &v,
				      &rc->err);
	return ret != 0 ? ret : reply_finding(rc, &v);
}

/* ---- cancellation proposals ---- */

int api_proposals_list(struct reqctx *rc)
{
	const struct proposal_query *q = rc->q;
	struct api_collect c = { json_array(), proposal_json };

	return api_reply_page(rc,
			      annual_proposals(&rc->svc,
					       q != NULL && FS_HAS(q, 0) ? q->state : NULL,
					       api_collect_visit, &c, &rc->err),
			      c.items, 0);
}

int api_proposal_decision(struct reqctx *rc)
{
	const struct verdict_in *in = rc->in;
	struct proposal_view v;
	int64_t id, version;
	int ret = api_change_of(rc, &id, &version);

	if (ret == 0)
		ret = annual_decide(&rc->svc, id, version, in->decision == 0, in->note, &v,
				    &rc->err);
	if (ret != 0)
		return ret;
	reply_etag(rc, v.p.version);
	return reply_json(rc, 200, proposal_json(&v));
}
