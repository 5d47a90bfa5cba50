/*
 * api_apps.c - qualification applications: lists and work queues, drafts, events,
 * extensions, timeline, notes, the frozen submission, and eligibility.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "http/api.h"
#include "http/export.h"
#include "service/apps.h"
#include "service/users.h"
#include "base/banned.h"

struct app_new_in {
	uint64_t present;
	const char *scheme;
	const char *grade;
	struct fs_strs categories;
	int64_t renewal_of;
};
static const struct fs_field app_new_fields[] = {
	{ "scheme", FS_STR, FS_REQUIRED, offsetof(struct app_new_in, scheme), 1, 24, 0, NULL,
	  NULL },
	{ "grade", FS_STR, FS_REQUIRED, offsetof(struct app_new_in, grade), 1, 8, 0, NULL, NULL },
	{ "categories", FS_STRS, FS_REQUIRED, offsetof(struct app_new_in, categories), 1, 16, 40,
	  NULL, NULL },
	{ "renewal_of", FS_INT, 0, offsetof(struct app_new_in, renewal_of), 1, INT64_MAX, 0, NULL,
	  NULL },
};
const struct fs_spec spec_app_new = FS_SPEC(app_new_fields, struct app_new_in);

static const struct fs_field app_patch_fields[] = {
	{ "grade", FS_STR, 0, offsetof(struct app_new_in, grade), 1, 8, 0, NULL, NULL },
	{ "categories", FS_STRS, 0, offsetof(struct app_new_in, categories), 1, 16, 40, NULL,
	  NULL },
};
const struct fs_spec spec_app_patch = FS_SPEC(app_patch_fields, struct app_new_in);

struct app_event_in {
	uint64_t present;
	const char *reason, *opinion, *representative;
	struct fs_strs items;
	int32_t date;
};
static const struct fs_field app_event_fields[] = {
	{ "reason", FS_STR, FS_MULTILINE, offsetof(struct app_event_in, reason), 1, 4000, 0, NULL,
	  NULL },
	{ "opinion", FS_STR, FS_MULTILINE, offsetof(struct app_event_in, opinion), 1, 4000, 0, NULL,
	  NULL },
	{ "representative", FS_STR, 0, offsetof(struct app_event_in, representative), 1, 64, 0,
	  NULL, NULL },
	{ "items", FS_STRS, 0, offsetof(struct app_event_in, items), 1, 50, 1000, NULL, NULL },
	{ "date", FS_DATE, 0, offsetof(struct app_event_in, date), 0, 0, 0, NULL, NULL },
};
const struct fs_spec spec_app_event = FS_SPEC(app_event_fields, struct app_event_in);

struct app_extend_in {
	uint64_t present;
	int64_t working_days;
	const char *reason;
};
static const struct fs_field app_extend_fields[] = {
	{ "working_days", FS_INT, FS_REQUIRED, offsetof(struct app_extend_in, working_days), 1, 365,
	  0, NULL, NULL },
	{ "reason", FS_STR, FS_REQUIRED | FS_MULTILINE, offsetof(struct app_extend_in, reason), 1,
	  4000, 0, NULL, NULL },
};
const struct fs_spec spec_app_extend = FS_SPEC(app_extend_fields, struct app_extend_in);

struct app_query {
	uint64_t present;
	const char *scheme, *grade, *state, *region;
	int64_t unit_id, due_within, cursor, limit;
	int overdue, tasks;
	int format, lang; /* export: enum export_format, export_lang_names index (0 when absent) */
};
static const struct fs_field app_query_fields[] = {
	{ "scheme", FS_STR, 0, offsetof(struct app_query, scheme), 1, 24, 0, NULL, NULL },
	{ "grade", FS_STR, 0, offsetof(struct app_query, grade), 1, 8, 0, NULL, NULL },
	{ "state", FS_STR, 0, offsetof(struct app_query, state), 1, 32, 0, NULL, NULL },
	{ "region", FS_STR, 0, offsetof(struct app_query, region), 2, 6, 0, NULL, NULL },
	{ "unit_id", FS_INT, 0, offsetof(struct app_query, unit_id), 1, INT64_MAX, 0, NULL, NULL },
	{ "due_within", FS_INT, 0, offsetof(struct app_query, due_within), 0, 365, 0, NULL, NULL },
	{ "overdue", FS_BOOL, 0, offsetof(struct app_query, overdue), 0, 0, 0, NULL, NULL },
	{ "tasks", FS_BOOL, 0, offsetof(struct app_query, tasks), 0, 0, 0, NULL, NULL },
	{ "cursor", FS_INT, 0, offsetof(struct app_query, cursor), 1, INT64_MAX, 0, NULL, NULL },
	{ "limit", FS_INT, 0, offsetof(struct app_query, limit), 1, 200, 0, NULL, NULL },
	{ "format", FS_ENUM, 0, offsetof(struct app_query, format), 0, 0, 0, export_format_names,
	  NULL },
	{ "lang", FS_ENUM, 0, offsetof(struct app_query, lang), 0, 0, 0, export_lang_names, NULL },
};
const struct fs_spec spec_app_query = FS_SPEC(app_query_fields, struct app_query);

struct elig_in {
	uint64_t present;
	const char *scheme, *grade;
	int64_t unit_id;
};
static const struct fs_field elig_fields[] = {
	{ "scheme", FS_STR, FS_REQUIRED, offsetof(struct elig_in, scheme), 1, 24, 0, NULL, NULL },
	{ "grade", FS_STR, FS_REQUIRED, offsetof(struct elig_in, grade), 1, 8, 0, NULL, NULL },
	{ "unit_id", FS_INT, 0, offsetof(struct elig_in, unit_id), 1, INT64_MAX, 0, NULL, NULL },
};
const struct fs_spec spec_eligibility = FS_SPEC(elig_fields, struct elig_in);

json_t *api_app_json(const struct app_view *v)
{
	const struct application *a = &v->a;
	json_t *j, *clock = json_null();

	if (v->stage != NULL && v->stage[0] != '\0' && v->clock_ok)
		clock = json_pack("{s:s,s:o,s:i,s:i,s:b,s:b}", "stage", v->stage, "due",
				  json_date(v->clock.due), "used", v->clock.used, "remaining",
				  v->clock.remaining, "paused", v->clock.paused, "overdue",
				  v->clock.overdue);
	j = json_pack(
		"{s:I,s:o,s:{s:I,s:s,s:s},s:s,s:{s:s,s:i,s:s,s:s},s:s,s:o,s:s}", "id",
		(json_int_t)a->id, "number", a->number[0] ? json_string(a->number) : json_null(),
		"unit", "id", (json_int_t)a->unit_id, "name", v->unit_name, "uscc", v->unit_uscc,
		"region", a->region, "scheme", "id", a->scheme_id, "version", a->scheme_version,
		"name_zh", v->scheme != NULL ? v->scheme->name.zh : "", "name_en",
		v->scheme != NULL ? v->scheme->name.en : "", "grade", a->grade, "categories",
		api_categories_json(NULL, a->categories, NULL), "state", app_state_name(a->state));
	json_object_set_new(
		j, "authorities",
		json_pack("{s:o,s:o,s:o,s:o,s:o}", "accept", api_id_json(a->authority[0]),
			  "preliminary", api_id_json(a->authority[1]), "review",
			  api_id_json(a->authority[2]), "onsite", api_id_json(a->authority[3]),
			  "decide", api_id_json(a->authority[4])));
	json_object_set_new(
		j, "dates",
		json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "submitted_at",
			  json_ts(a->submitted_at), "received_on", json_date(a->received_on),
			  "acceptance_start", json_date(a->acceptance_start), "supplement_on",
			  json_date(a->supplement_on), "accepted_on", json_date(a->accepted_on),
			  "onsite_notified_on", json_date(a->onsite_notified_on), "onsite_date",
			  json_date(a->onsite_date), "halted_on", json_date(a->halted_on),
			  "publicity_start", json_date(a->publicity_start), "publicity_end",
			  json_date(a->publicity_end), "decided_on", json_date(a->decided_on)));
	json_object_set_new(j, "acceptance_no",
			    a->acceptance_no[0] ? json_string(a->acceptance_no) : json_null());
	json_object_set_new(j, "supplement_used", json_boolean(a->supplement_used));
	json_object_set_new(j, "deemed_accepted", json_boolean(a->deemed_accepted));
	json_object_set_new(j, "decision_extension", json_integer(a->decision_extension));
	json_object_set_new(j, "onsite",
			    a->onsite_outcome[0]
				    ? json_pack("{s:s,s:f}", "outcome", a->onsite_outcome, "total",
						a->onsite_total)
				    : json_null());
	json_object_set_new(
		j, "decision",
		a->decided_on != 0
			? json_pack("{s:s,s:o,s:o}", "reason", a->decision_reason, "granted_grade",
				    a->granted_grade[0] ? json_string(a->granted_grade)
							: json_null(),
				    "granted_categories",
				    a->granted_categories[0]
					    ? api_categories_json(NULL, a->granted_categories, NULL)
					    : json_null())
			: json_null());
	json_object_set_new(j, "clock", clock);
	json_object_set_new(j, "issuance",
			    v->issuance_id != 0
				    ? json_pack("{s:I,s:s,s:o,s:o}", "id",
						(json_int_t)v->issuance_id, "state",
						v->issuance_state, "decided_by",
						api_id_json(v->issuance_decided_by),
						"certificate_id", api_id_json(v->certificate_id))
				    : json_null());
	{
		json_t *acts = json_array();
		for (int ev = 0; ev < APP_EVENT_COUNT; ev++)
			if (v->actions & (1u << ev))
				json_array_append_new(
					acts, json_string(app_event_name((enum app_event)ev)));
		json_object_set_new(j, "actions", acts);
		acts = json_array();
		for (int c = 0; c < APP_CAN_COUNT; c++)
			if (v->can & (1u << c))
				json_array_append_new(acts,
						      json_string(app_can_name((enum app_can)c)));
		json_object_set_new(j, "can", acts);
	}
	json_object_set_new(j, "label", label_json(&a->label));
	json_object_set_new(j, "created_at", json_ts(a->created_at));
	json_object_set_new(j, "updated_at", json_ts(a->updated_at));
	json_object_set_new(j, "version", json_integer(a->version));
	json_object_set_new(j, "renewal_of",
			    a->renewal_of != 0 ? json_integer(a->renewal_of) : json_null());
	return j;
}

static int reply_app(struct reqctx *rc, int status, const struct app_view *v)
{
	reply_etag(rc, v->a.version);
	return reply_json(rc, status, api_app_json(v));
}

static int app_visit(void *ctx, const void *rec)
{
	json_array_append_new(ctx, api_app_json(rec));
	return 0;
}

static const char *state_words(const char *code, int zh)
{
	enum app_state st;

	return app_state_parse(code, &st) == 0 ? app_state_label(st, zh) : code;
}

/* The columns of an exported case list: what the list page shows. */
static const struct export_col app_cols[] = {
	{ "受理编号", "Number", "number", NULL, NULL },
	{ "单位", "Unit", "unit.name", NULL, NULL },
	{ "统一社会信用代码", "USCC", "unit.uscc", NULL, NULL },
	{ "资质类别", "Scheme", "scheme.name_zh", "scheme.name_en", NULL },
	{ "等级", "Grade", "grade", NULL, NULL },
	{ "类别", "Categories", "categories", NULL, NULL },
	{ "状态", "State", "state", NULL, state_words },
	{ "提交日期", "Submitted", "dates.received_on", NULL, NULL },
	{ "当前期限", "Due", "clock.due", NULL, NULL },
	{ "已超期", "Overdue", "clock.overdue", NULL, NULL },
	{ "决定日期", "Decided", "dates.decided_on", NULL, NULL },
};

int api_apps_list(struct reqctx *rc)
{
	const struct app_query *q = rc->q;
	struct app_list_filter f;
	json_t *items = json_array();
	int64_t next = 0;
	int ret;

	memset(&f, 0, sizeof(f));
	f.repo.unit_id = q->unit_id;
	f.repo.region_prefix = q->region;
	f.repo.scheme_id = q->scheme;
	f.repo.grade = q->grade;
	f.repo.state = q->state;
	/* an export holds the whole list, from its start (EXPORT_ROWS_MAX + 1 rows, so
	 * that a longer one is refused rather than cut) */
	f.repo.after_id = FS_HAS(q, 10) ? 0 : q->cursor;
	f.due_within = FS_HAS(q, 5) ? (int)q->due_within : -1;
	f.overdue = q->overdue;
	f.tasks = q->tasks;
	if (q->state != NULL && strcmp(q->state, "open") != 0) {
		enum app_state st;
		if (app_state_parse(q->state, &st) != 0) {
			json_decref(items);
			return bm_err_set(&rc->err, BM_EINVAL, "invalid_value", "state",
					  "unknown state \"%s\"", q->state);
		}
	}
	ret = apps_list(&rc->svc, &f,
			FS_HAS(q, 10)	? EXPORT_ROWS_MAX + 1
			: q->limit != 0 ? (int)q->limit
					: 50,
			app_visit, items, &next, &rc->err);
	if (ret != 0) {
		json_decref(items);
		return ret;
	}
	if (FS_HAS(q, 10))
		return export_reply(rc, (enum export_format)q->format, q->lang, "applications",
				    EXPORT_COLS(app_cols), items);
	return reply_json(rc, 200, api_page(items, next));
}

int api_app_create(struct reqctx *rc)
{
	const struct app_new_in *in = rc->in;
	struct app_view v;
	int ret = apps_create(&rc->svc, in->scheme, in->grade, in->categories.v, in->categories.n,
			      in->renewal_of, &v, &rc->err);

	return ret != 0 ? ret : reply_app(rc, 201, &v);
}

int api_app_get(struct reqctx *rc)
{
	struct app_view v;
	int64_t id;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = apps_get(&rc->svc, id, &v, &rc->err);
	return ret != 0 ? ret : reply_app(rc, 200, &v);
}

int api_app_patch(struct reqctx *rc)
{
	const struct app_new_in *in = rc->in;
	struct app_view v;
	int64_t id, version;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = req_if_match(rc, &version);
	if (ret == 0)
		ret = apps_update_draft(&rc->svc, id, version, in->grade,
					FS_HAS(in, 1) ? in->categories.v : NULL, in->categories.n,
					&v, &rc->err);
	return ret != 0 ? ret : reply_app(rc, 200, &v);
}

int api_app_event(struct reqctx *rc)
{
	const struct app_event_in *in = rc->in;
	struct submit_report *report = calloc(1, sizeof(*report));
	struct app_action act;
	struct app_view v;
	enum app_event ev;
	char name[32];
	int64_t id, version;
	int ret = req_id_param(rc, "id", &id);

	if (report == NULL)
		return bm_err_set(&rc->err, BM_EINTERNAL, NULL, NULL, "out of memory");
	if (ret == 0 && (route_param(&rc->params, "event", name, sizeof(name)) != 0 ||
			 app_event_parse(name, &ev) != 0))
		ret = bm_err_set(&rc->err, BM_ENOTFOUND, "not_found", NULL, "no such event");
	if (ret == 0)
		ret = req_if_match(rc, &version);
	if (ret == 0) {
		memset(&act, 0, sizeof(act));
		act.reason = in->reason;
		act.opinion = in->opinion;
		act.representative = in->representative;
		act.items = in->items.v;
		act.nitems = in->items.n;
		act.date = FS_HAS(in, 4) ? in->date : 0;
		ret = apps_transition(&rc->svc, id, version, ev, &act, &v, report, &rc->err);
	}
	if (ret == 0) {
		free(report);
		return reply_app(rc, 200, &v);
	}
	if (rc->err.code == BM_ERULE && (strcmp(rc->err.ecode, "eligibility_failed") == 0 ||
					 strcmp(rc->err.ecode, "materials_missing") == 0)) {
		/* the refusal carries what the unit needs to act on */
		json_t *e = json_pack("{s:s,s:s,s:s}", "code", rc->err.ecode, "message",
				      rc->err.message, "field", rc->err.field);
		if (rc->err.ecode[0] == 'e') {
			json_object_set_new(e, "eligibility", apps_report_json(&report->elig));
		} else {
			json_t *m = json_array();
			for (int i = 0; i < report->nmissing; i++)
				json_array_append_new(m, json_string(report->missing[i]));
			json_object_set_new(e, "missing", m);
		}
		free(report);
		return reply_json(rc, 422, json_pack("{s:o}", "error", e));
	}
	free(report);
	return ret;
}

int api_app_extend(struct reqctx *rc)
{
	const struct app_extend_in *in = rc->in;
	struct app_view v;
	int64_t id, version;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = req_if_match(rc, &version);
	if (ret == 0)
		ret = apps_extend(&rc->svc, id, version, (int)in->working_days, in->reason, &v,
				  &rc->err);
	return ret != 0 ? ret : reply_app(rc, 200, &v);
}

static int timeline_visit(void *ctx, const void *rec)
{
	const struct app_event_rec *e = rec;
	json_error_t jerr;
	json_t *details = json_loads(e->details, 0, &jerr);

	json_array_append_new(
		ctx, json_pack("{s:I,s:o,s:I,s:s,s:s,s:s,s:s,s:o}", "id", (json_int_t)e->id, "at",
			       json_ts(e->at), "actor_id", (json_int_t)e->actor_id, "actor",
			       e->actor_login, "event", e->event, "from", e->from_state, "to",
			       e->to_state, "details", details != NULL ? details : json_object()));
	return 0;
}

int api_app_timeline(struct reqctx *rc)
{
	json_t *items = json_array();
	int64_t id;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = apps_timeline(&rc->svc, id, timeline_visit, items, &rc->err);
	if (ret != 0) {
		json_decref(items);
		return ret;
	}
	return reply_json(rc, 200, api_page(items, 0));
}

static int note_visit(void *ctx, const void *rec)
{
	const struct app_note *n = rec;
	json_error_t jerr;
	json_t *body = json_loads(n->body, 0, &jerr);

	json_array_append_new(ctx, json_pack("{s:I,s:s,s:I,s:o,s:o}", "id", (json_int_t)n->id,
					     "kind", n->kind, "author_id", (json_int_t)n->author_id,
					     "created_at", json_ts(n->created_at), "body",
					     body != NULL ? body : json_object()));
	return 0;
}

int api_app_notes(struct reqctx *rc)
{
	json_t *items = json_array();
	int64_t id;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = apps_notes(&rc->svc, id, note_visit, items, &rc->err);
	if (ret != 0) {
		json_decref(items);
		return ret;
	}
	return reply_json(rc, 200, api_page(items, 0));
}

int api_app_submission(struct reqctx *rc)
{
	char *snapshot = NULL, *eligibility = NULL;
	json_error_t jerr;
	json_t *snap, *elig;
	int64_t id;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = apps_documents(&rc->svc, id, &snapshot, &eligibility, &rc->err);
	if (ret != 0)
		return ret;
	snap = snapshot[0] ? json_loads(snapshot, 0, &jerr) : NULL;
	elig = eligibility[0] ? json_loads(eligibility, 0, &jerr) : NULL;
	free(snapshot);
	free(eligibility);
	return reply_json(rc, 200,
			  json_pack("{s:o,s:o}", "snapshot", snap != NULL ? snap : json_null(),
				    "eligibility", elig != NULL ? elig : json_null()));
}

int api_eligibility(struct reqctx *rc)
{
	const struct elig_in *in = rc->in;
	struct elig_report *rep = calloc(1, sizeof(*rep));
	const struct scheme *sc = NULL;
	int ret;

	if (rep == NULL)
		return bm_err_set(&rc->err, BM_EINTERNAL, NULL, NULL, "out of memory");
	ret = apps_eligibility(&rc->svc, in->unit_id, in->scheme, in->grade, rep, &sc, &rc->err);
	if (ret == 0)
		ret = reply_json(rc, 200,
				 json_pack("{s:s,s:s,s:i,s:i,s:b,s:o}", "scheme", sc->id, "grade",
					   in->grade, "failed_hard", rep->failed_hard, "unknown",
					   rep->unknown, "eligible", rep->failed_hard == 0, "lines",
					   apps_report_json(rep)));
	free(rep);
	return ret;
}
