/*
 * api_inspections.c - bureau inspections, leak reports and sanction proposals (issue 4
 * §5). service/inspections.h and service/sanctions.h hold the rules; here requests are
 * decoded and records turned into JSON, each with "can": what the caller may do.
 */
#include <h2o.h>
#include <stdio.h>
#include <string.h>

#include "base/timeutil.h"
#include "core/areas.h"
#include "http/api.h"
#include "service/inspections.h"
#include "service/sanctions.h"
#include "base/banned.h"

/* ---- request shapes ---- */

static const char *const kinds[] = { "planned", "unannounced", NULL };
struct inspection_new_in {
	uint64_t present;
	int64_t certificate_id;
	int kind;
	int32_t planned_on;
	struct fs_strs areas;
	const char *purpose;
};
static const struct fs_field inspection_new_fields[] = {
	{ "certificate_id", FS_INT, FS_REQUIRED, offsetof(struct inspection_new_in, certificate_id),
	  1, INT64_MAX, 0, NULL, NULL },
	{ "kind", FS_ENUM, FS_REQUIRED, offsetof(struct inspection_new_in, kind), 0, 0, 0, kinds,
	  NULL },
	{ "planned_on", FS_DATE, FS_REQUIRED, offsetof(struct inspection_new_in, planned_on), 0, 0,
	  0, NULL, NULL },
	{ "areas", FS_STRS, 0, offsetof(struct inspection_new_in, areas), 1, AREA_COUNT, 32, NULL,
	  NULL },
	{ "purpose", FS_STR, FS_MULTILINE, offsetof(struct inspection_new_in, purpose), 0, 2000, 0,
	  NULL, NULL },
};
const struct fs_spec spec_inspection_new = FS_SPEC(inspection_new_fields, struct inspection_new_in);

/* The lists' query: filters, then a page (API_PAGE_FIELDS). */
struct inspection_query {
	uint64_t present;
	const char *state;
	int64_t certificate_id, limit, cursor;
};
static const struct fs_field inspection_query_fields[] = {
	{ "state", FS_STR, 0, offsetof(struct inspection_query, state), 1, 16, 0, NULL, NULL },
	{ "certificate_id", FS_INT, 0, offsetof(struct inspection_query, certificate_id), 1,
	  INT64_MAX, 0, NULL, NULL },
	API_PAGE_FIELDS(struct inspection_query),
};
const struct fs_spec spec_inspection_query =
	FS_SPEC(inspection_query_fields, struct inspection_query);

struct inspection_findings_in {
	uint64_t present;
	struct fs_objs findings;
};
static const struct fs_field inspection_findings_fields[] = {
	{ "findings", FS_OBJS, FS_REQUIRED, offsetof(struct inspection_findings_in, findings), 1,
	  50, 0, NULL, &spec_finding_new },
};
const struct fs_spec spec_inspection_findings =
	FS_SPEC(inspection_findings_fields, struct inspection_findings_in);

struct text_in {
	uint64_t present;
	const char *text;
};
static const struct fs_field conclusion_fields[] = {
	{ "conclusion", FS_STR, FS_REQUIRED | FS_MULTILINE, offsetof(struct text_in, text), 1, 4000,
	  0, NULL, NULL },
};
const struct fs_spec spec_inspection_conclusion = FS_SPEC(conclusion_fields, struct text_in);
static const struct fs_field cancel_fields[] = {
	{ "note", FS_STR, FS_REQUIRED | FS_MULTILINE, offsetof(struct text_in, text), 1, 2000, 0,
	  NULL, NULL },
};
const struct fs_spec spec_inspection_cancel = FS_SPEC(cancel_fields, struct text_in);

static const char *const levels[] = { "top_secret", "secret", "confidential", NULL };
struct leak_new_in {
	uint64_t present;
	int64_t certificate_id;
	int level;
	const char *discovered_at, *description, *measures;
};
static const struct fs_field leak_new_fields[] = {
	{ "certificate_id", FS_INT, 0, offsetof(struct leak_new_in, certificate_id), 1, INT64_MAX,
	  0, NULL, NULL },
	{ "level", FS_ENUM, FS_REQUIRED, offsetof(struct leak_new_in, level), 0, 0, 0, levels,
	  NULL },
	{ "discovered_at", FS_STR, FS_REQUIRED, offsetof(struct leak_new_in, discovered_at), 10, 30,
	  0, NULL, NULL },
	{ "description", FS_STR, FS_REQUIRED | FS_MULTILINE,
	  offsetof(struct leak_new_in, description), 1, 4000, 0, NULL, NULL },
	{ "measures", FS_STR, FS_REQUIRED | FS_MULTILINE, offsetof(struct leak_new_in, measures), 1,
	  4000, 0, NULL, NULL },
};
const struct fs_spec spec_leak_new = FS_SPEC(leak_new_fields, struct leak_new_in);

struct sanction_patch_in {
	uint64_t present;
	const char *measure, *reason, *note;
	int64_t months;
};
static const struct fs_field sanction_patch_fields[] = {
	{ "measure", FS_STR, FS_REQUIRED, offsetof(struct sanction_patch_in, measure), 1, 16, 0,
	  NULL, NULL },
	{ "reason", FS_STR, 0, offsetof(struct sanction_patch_in, reason), 1, 40, 0, NULL, NULL },
	{ "note", FS_STR, FS_MULTILINE, offsetof(struct sanction_patch_in, note), 0, 2000, 0, NULL,
	  NULL },
	{ "months", FS_INT, 0, offsetof(struct sanction_patch_in, months), 1, 120, 0, NULL, NULL },
};
const struct fs_spec spec_sanction_patch = FS_SPEC(sanction_patch_fields, struct sanction_patch_in);

static const char *const verdicts[] = { "accept", "decline", NULL };
struct verdict_in {
	uint64_t present;
	int decision;
	const char *note;
};
static const struct fs_field sanction_decision_fields[] = {
	{ "decision", FS_ENUM, FS_REQUIRED, offsetof(struct verdict_in, decision), 0, 0, 0,
	  verdicts, NULL },
	{ "note", FS_STR, FS_MULTILINE, offsetof(struct verdict_in, note), 0, 2000, 0, NULL, NULL },
};
const struct fs_spec spec_sanction_decision = FS_SPEC(sanction_decision_fields, struct verdict_in);

struct sanction_query {
	uint64_t present;
	const char *state;
	int64_t certificate_id, limit, cursor;
};
static const struct fs_field sanction_query_fields[] = {
	{ "state", FS_STR, 0, offsetof(struct sanction_query, state), 1, 16, 0, NULL, NULL },
	{ "certificate_id", FS_INT, 0, offsetof(struct sanction_query, certificate_id), 1,
	  INT64_MAX, 0, NULL, NULL },
	API_PAGE_FIELDS(struct sanction_query),
};
const struct fs_spec spec_sanction_query = FS_SPEC(sanction_query_fields, struct sanction_query);

struct leak_query {
	uint64_t present;
	int64_t limit, cursor;
};
static const struct fs_field leak_query_fields[] = {
	API_PAGE_FIELDS(struct leak_query),
};
const struct fs_spec spec_leak_query = FS_SPEC(leak_query_fields, struct leak_query);

/* ---- records as JSON ---- */

/* The comma list of area codes as a JSON array. */
static json_t *areas_json(const char *list)
{
	json_t *a = json_array();
	char code[32];

	for (const char *p = list; *p != '\0';) {
		size_t n = strcspn(p, ",");
		if (n > 0 && n < sizeof(code)) {
			memcpy(code, p, n);
			code[n] = '\0';
			json_array_append_new(a, json_string(code));
		}
		p += n + (p[n] == ',');
	}
	return a;
}

static json_t *inspection_json(const void *rec)
{
	static const char *const can_names[] = { "start", "findings", "conclude", "cancel" };
	const struct inspection_view *v = rec;
	const struct inspection_rec *i = &v->i;

	return json_pack("{s:I,s:I,s:s,s:I,s:s,s:s,s:s,s:s,s:o,s:o,s:s,s:s,s:o,s:o,s:o,s:o,s:o,"
			 "s:o,s:o,s:o,s:o,s:I,s:I,s:o}",
			 "id", (json_int_t)i->id, "certificate_id", (json_int_t)i->certificate_id,
			 "number", v->c.number, "unit_id", (json_int_t)i->unit_id, "unit",
			 v->c.unit_name, "certificate_state", certlife_state_name(v->c.state),
			 "kind", i->kind, "state", i->state, "planned_on", json_date(i->planned_on),
			 "areas", areas_json(i->areas), "purpose", i->purpose, "conclusion",
			 i->conclusion, "leak_report_id", api_id_json(i->leak_report_id),
			 "created_by", api_id_json(i->created_by), "created_at",
			 json_ts(i->created_at), "started_by", api_id_json(i->started_by),
			 "started_at", json_ts(i->started_at), "concluded_by",
			 api_id_json(i->concluded_by), "concluded_at", json_ts(i->concluded_at),
			 "closed_at", json_ts(i->closed_at), "updated_at", json_ts(i->updated_at),
			 "unverified_findings", (json_int_t)v->unverified, "version",
			 (json_int_t)i->version, "can", api_can_json(v->can, can_names, 4));
}

static json_t *leak_json(const void *rec)
{
	const struct leak_view *v = rec;
	const struct leak_rec *l = &v->l;

	return json_pack(
		"{s:I,s:I,s:s,s:I,s:s,s:s,s:o,s:o,s:b,s:s,s:s,s:o,s:I}", "id", (json_int_t)l->id,
		"certificate_id", (json_int_t)l->certificate_id, "number", v->c.number, "unit_id",
		(json_int_t)l->unit_id, "unit", v->c.unit_name, "level", l->level, "discovered_at",
		json_ts(l->discovered_at), "reported_at", json_ts(l->reported_at), "late", l->late,
		"description", l->description, "measures", l->measures, "reported_by",
		api_id_json(l->reported_by), "inspection_id", (json_int_t)l->inspection_id);
}

static json_t *sanction_json(const void *rec)
{
	static const char *const can_names[] = { "amend", "decide" };
	const struct sanction_view *v = rec;
	const struct sanction_rec *p = &v->p;

	return json_pack(
		"{s:I,s:I,s:s,s:I,s:s,s:s,s:I,s:s,s:s,s:o,s:o,s:s,s:o,s:o,s:s,s:o,s:o,"
		"s:s,s:o,s:I,s:o}",
		"id", (json_int_t)p->id, "certificate_id", (json_int_t)p->certificate_id, "number",
		v->c.number, "unit_id", (json_int_t)p->unit_id, "unit", v->c.unit_name,
		"certificate_state", certlife_state_name(v->c.state), "finding_id",
		(json_int_t)p->finding_id, "ground", p->ground, "measure", p->measure, "months",
		strcmp(p->measure, "suspend") == 0 ? json_integer(p->months) : json_null(),
		"reason", p->revoke_reason[0] != '\0' ? json_string(p->revoke_reason) : json_null(),
		"state", p->state, "proposed_by", api_id_json(p->proposed_by), "proposed_at",
		json_ts(p->proposed_at), "note", p->note, "decided_by", api_id_json(p->decided_by),
		"decided_at", json_ts(p->decided_at), "decision_note", p->decision_note,
		"new_certificate_id", api_id_json(v->new_certificate_id), "version",
		(json_int_t)p->version, "can", api_can_json(v->can, can_names, 2));
}

/* ---- inspections ---- */

/* Reply with inspection v and its findings; location names one just created. */
static int reply_inspection(struct reqctx *rc, int status, const struct inspection_view *v)
{
	struct api_collect c = { json_array(), api_finding_json };
	struct finding_filter f;
	json_t *body;
	char loc[64];
	int ret;

	memset(&f, 0, sizeof(f));
	f.source_type = "inspection";
	f.source_id = v->i.id;
	ret = findings_list(&rc->svc, &f, api_collect_visit, &c, &rc->err);
	if (ret != 0) {
		json_decref(c.items);
		return ret;
	}
	body = inspection_json(v);
	json_object_set_new(body, "findings", c.items);
	reply_etag(rc, v->i.version);
	if (status == 201) {
		snprintf(loc, sizeof(loc), "/api/v1/inspections/%lld", (long long)v->i.id);
		reply_header(rc, "Location", loc);
	}
	return reply_json(rc, status, body);
}

int api_inspections_list(struct reqctx *rc)
{
	const struct inspection_query *q = rc->q;
	struct api_collect c = { json_array(), inspection_json };
	struct inspection_filter f;
	struct svc_page page;
	int ret;

	memset(&f, 0, sizeof(f));
	page = q != NULL ? api_page_of(q->present, 2, q->limit, q->cursor, &f.before_id)
			 : api_page_of(0, 2, 0, 0, &f.before_id);
	if (q != NULL) {
		f.state = FS_HAS(q, 0) ? q->state : NULL;
		f.certificate_id = FS_HAS(q, 1) ? q->certificate_id : 0;
	}
	ret = inspections_list(&rc->svc, &f, &page, api_collect_visit, &c, &rc->err);
	return api_reply_page(rc, ret, c.items, page.next); /* page.next after the visit */
}

int api_inspection_create(struct reqctx *rc)
{
	const struct inspection_new_in *in = rc->in;
	struct inspection_in i;
	struct inspection_view v;
	int ret;

	memset(&i, 0, sizeof(i));
	i.certificate_id = in->certificate_id;
	i.kind = kinds[in->kind];
	i.planned_on = in->planned_on;
	i.areas = in->areas.v;
	i.nareas = in->areas.n;
	i.purpose = in->purpose;
	ret = inspections_create(&rc->svc, &i, &v, &rc->err);
	return ret != 0 ? ret : reply_inspection(rc, 201, &v);
}

int api_inspection_get(struct reqctx *rc)
{
	struct inspection_view v;
	int64_t id;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = inspections_get(&rc->svc, id, &v, &rc->err);
	return ret != 0 ? ret : reply_inspection(rc, 200, &v);
}

int api_inspection_start(struct reqctx *rc)
{
	struct inspection_view v;
	int64_t id, version;
	int ret = api_change_of(rc, &id, &version);

	if (ret == 0)
		ret = inspections_start(&rc->svc, id, version, &v, &rc->err);
	return ret != 0 ? ret : reply_inspection(rc, 200, &v);
}

int api_inspection_findings(struct reqctx *rc)
{
	const struct inspection_findings_in *in = rc->in;
	struct finding_in *f = api_findings_of(rc, &in->findings);
	struct inspection_view v;
	int64_t id;
	int ret = req_id_param(rc, "id", &id);

	if (f == NULL)
		return bm_err_set(&rc->err, BM_EINTERNAL, NULL, NULL, "out of memory");
	if (ret == 0)
		ret = inspections_add_findings(&rc->svc, id, f, in->findings.n, &v, &rc->err);
	return ret != 0 ? ret : reply_inspection(rc, 200, &v);
}

int api_inspection_conclusion(struct reqctx *rc)
{
	const struct text_in *in = rc->in;
	struct inspection_view v;
	int64_t id, version;
	int ret = api_change_of(rc, &id, &version);

	if (ret == 0)
		ret = inspections_conclude(&rc->svc, id, version, in->text, &v, &rc->err);
	return ret != 0 ? ret : reply_inspection(rc, 200, &v);
}

int api_inspection_cancel(struct reqctx *rc)
{
	const struct text_in *in = rc->in;
	struct inspection_view v;
	int64_t id, version;
	int ret = api_change_of(rc, &id, &version);

	if (ret == 0)
		ret = inspections_cancel(&rc->svc, id, version, in->text, &v, &rc->err);
	return ret != 0 ? ret : reply_inspection(rc, 200, &v);
}

/* ---- leak reports ---- */

int api_leaks_list(struct reqctx *rc)
{
	const struct leak_query *q = rc->q;
	struct api_collect c = { json_array(), leak_json };
	int64_t before = 0;
	struct svc_page page = q != NULL ? api_page_of(q->present, 0, q->limit, q->cursor, &before)
					 : api_page_of(0, 0, 0, 0, &before);

	int ret = leaks_list(&rc->svc, before, &page, api_collect_visit, &c, &rc->err);

	return api_reply_page(rc, ret, c.items, page.next);
}

int api_leak_create(struct reqctx *rc)
{
	const struct leak_new_in *in = rc->in;
	struct leak_in l;
	struct leak_view v;
	char loc[64];
	int ret;

	memset(&l, 0, sizeof(l));
	if (bm_ts_parse(in->discovered_at, &l.discovered_at) != 0)
		return bm_err_set(&rc->err, BM_EINVAL, "invalid_value", "discovered_at",
				  "an instant like 2026-11-21T08:30:00Z");
	l.certificate_id = FS_HAS(in, 0) ? in->certificate_id : 0;
	l.level = levels[in->level];
	l.description = in->description;
	l.measures = in->measures;
	ret = leaks_report(&rc->svc, &l, &v, &rc->err);
	if (ret != 0)
		return ret;
	snprintf(loc, sizeof(loc), "/api/v1/leak-reports/%lld", (long long)v.l.id);
	reply_header(rc, "Location", loc);
	return reply_json(rc, 201, leak_json(&v));
}

int api_leak_get(struct reqctx *rc)
{
	struct leak_view v;
	int64_t id;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = leaks_get(&rc->svc, id, &v, &rc->err);
	return ret != 0 ? ret : reply_json(rc, 200, leak_json(&v));
}

/* ---- sanction proposals ---- */

static int reply_sanction(struct reqctx *rc, const struct sanction_view *v)
{
	reply_etag(rc, v->p.version);
	return reply_json(rc, 200, sanction_json(v));
}

int api_sanctions_list(struct reqctx *rc)
{
	const struct sanction_query *q = rc->q;
	struct api_collect c = { json_array(), sanction_json };
	const char *state = q != NULL && FS_HAS(q, 0) ? q->state : NULL;
	int64_t cert = q != NULL && FS_HAS(q, 1) ? q->certificate_id : 0, before = 0;
	struct svc_page page = q != NULL ? api_page_of(q->present, 2, q->limit, q->cursor, &before)
					 : api_page_of(0, 2, 0, 0, &before);

	int ret = sanctions_list(&rc->svc, state, cert, before, &page, api_collect_visit, &c,
				 &rc->err);

	return api_reply_page(rc, ret, c.items, page.next);
}

int api_sanction_get(struct reqctx *rc)
{
	struct sanction_view v;
	int64_t id;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = sanctions_get(&rc->svc, id, &v, &rc->err);
	return ret != 0 ? ret : reply_sanction(rc, &v);
}

int api_sanction_patch(struct reqctx *rc)
{
	const struct sanction_patch_in *in = rc->in;
	struct sanction_in s;
	struct sanction_view v;
	int64_t id, version;
	int ret = api_change_of(rc, &id, &version);

	memset(&s, 0, sizeof(s));
	s.measure = in->measure;
	s.reason = FS_HAS(in, 1) ? in->reason : NULL;
	s.note = FS_HAS(in, 2) ? in->note : NULL;
	s.months = FS_HAS(in, 3) ? (int)in->months : 0;
	if (ret == 0)
		ret = sanctions_amend(&rc->svc, id, version, &s, &v, &rc->err);
	return ret != 0 ? ret : reply_sanction(rc, &v);
}

int api_sanction_decision(struct reqctx *rc)
{
	const struct verdict_in *in = rc->in;
	struct sanction_view v;
	int64_t id, version;
	int ret = api_change_of(rc, &id, &version);

	if (ret == 0)
		ret = sanctions_decide(&rc->svc, id, version, in->decision == 0, in->note, &v,
				       &rc->err);
	return ret != 0 ? ret : reply_sanction(rc, &v);
}
