/*
 * api_refdata.c - the working-day calendar (questions anyone logged in may ask, and
 * loading a year) and the qualification schemes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "core/areas.h"
#include "http/api.h"
#include "http/server.h"
#include "service/refdata.h"
#include "store/refdata_repo.h"
#include "base/banned.h"

struct cal_query {
	uint64_t present;
	int32_t date, from, to;
	int64_t n;
};
static const struct fs_field cal_check_fields[] = {
	{ "date", FS_DATE, FS_REQUIRED, offsetof(struct cal_query, date), 0, 0, 0, NULL, NULL },
};
static const struct fs_field cal_add_fields[] = {
	{ "date", FS_DATE, FS_REQUIRED, offsetof(struct cal_query, date), 0, 0, 0, NULL, NULL },
	{ "n", FS_INT, FS_REQUIRED, offsetof(struct cal_query, n), -CAL_MAX_SHIFT, CAL_MAX_SHIFT, 0,
	  NULL, NULL },
};
static const struct fs_field cal_between_fields[] = {
	{ "from", FS_DATE, FS_REQUIRED, offsetof(struct cal_query, from), 0, 0, 0, NULL, NULL },
	{ "to", FS_DATE, FS_REQUIRED, offsetof(struct cal_query, to), 0, 0, 0, NULL, NULL },
};
const struct fs_spec spec_cal_check = FS_SPEC(cal_check_fields, struct cal_query);
const struct fs_spec spec_cal_add = FS_SPEC(cal_add_fields, struct cal_query);
const struct fs_spec spec_cal_between = FS_SPEC(cal_between_fields, struct cal_query);

static json_t *date_json(int32_t d)
{
	char t[BM_DATE_LEN];

	bm_date_format(d, t);
	return json_string(t);
}

/* The calendar for a question; errors already set. */
static struct calendar *calendar_for(struct reqctx *rc)
{
	struct calendar *cal = malloc(sizeof(*cal));

	if (cal == NULL) {
		bm_err_set(&rc->err, BM_EINTERNAL, NULL, NULL, "out of memory");
		return NULL;
	}
	if (calendars_get(&rc->svc, cal, &rc->err) != 0) {
		free(cal);
		return NULL;
	}
	return cal;
}

int api_calendar_check(struct reqctx *rc)
{
	const struct cal_query *q = rc->q;
	struct calendar *cal = calendar_for(rc);
	const struct cal_year *y;
	const char *kind = "weekday";
	int working = 0, year, ret;
	unsigned m, d;

	if (cal == NULL)
		return rc->err.code;
	ret = calendar_is_working(cal, q->date, &working, &rc->err);
	if (ret == 0) {
		bm_civil_from_days(q->date, &year, &m, &d);
		y = calendar_year(cal, year);
		switch (y->kind[q->date - bm_days_from_civil(year, 1, 1)]) {
		case CAL_HOLIDAY:
			kind = "holiday";
			break;
		case CAL_WORKDAY:
			kind = "adjusted_working_day";
			break;
		default:
			kind = bm_date_weekday(q->date) <= 5 ? "weekday" : "weekend";
		}
	}
	free(cal);
	if (ret != 0)
		return ret;
	return reply_json(rc, 200,
			  json_pack("{s:o,s:b,s:s,s:i}", "date", date_json(q->date), "working_day",
				    working, "kind", kind, "weekday", bm_date_weekday(q->date)));
}

int api_calendar_add(struct reqctx *rc)
{
	const struct cal_query *q = rc->q;
	struct calendar *cal = calendar_for(rc);
	int32_t out = 0;
	int ret;

	if (cal == NULL)
		return rc->err.code;
	ret = calendar_add(cal, q->date, (int)q->n, &out, &rc->err);
	free(cal);
	if (ret != 0)
		return ret;
	return reply_json(rc, 200,
			  json_pack("{s:o,s:I,s:o}", "date", date_json(q->date), "n",
				    (json_int_t)q->n, "result", date_json(out)));
}

int api_calendar_between(struct reqctx *rc)
{
	const struct cal_query *q = rc->q;
	struct calendar *cal = calendar_for(rc);
	int n = 0, ret;

	if (cal == NULL)
		return rc->err.code;
	ret = calendar_between(cal, q->from, q->to, &n, &rc->err);
	free(cal);
	if (ret != 0)
		return ret;
	return reply_json(rc, 200,
			  json_pack("{s:o,s:o,s:i}", "from", date_json(q->from), "to",
				    date_json(q->to), "working_days", n));
}

struct years_ctx {
	json_t *items;
	int max_year;
};

static int year_visit(void *ctx, const void *rec)
{
	struct years_ctx *yc = ctx;
	const struct calendar_doc *d = rec;
	struct cal_year y;
	struct bm_err e;
	json_error_t jerr;
	json_t *doc = json_loads(d->document, 0, &jerr);
	const char *source = json_string_value(json_object_get(doc, "source"));

	if (calendar_parse_year(d->document, strlen(d->document), &y, &e) != 0)
		y.holidays = y.workdays = 0;
	json_array_append_new(yc->items,
			      json_pack("{s:i,s:s,s:i,s:i,s:o,s:s}", "year", d->year, "source",
					source != NULL ? source : "", "holidays", y.holidays,
					"adjusted_working_days", y.workdays, "loaded_at",
					json_ts(d->loaded_at), "loaded_by", d->loaded_by));
	json_decref(doc);
	if (d->year > yc->max_year)
		yc->max_year = d->year;
	return 0;
}

int api_calendar_years(struct reqctx *rc)
{
	struct years_ctx yc = { json_array(), 0 };
	int32_t today = bm_date_cst(rc->svc.now);
	json_t *warning = json_null(), *body;
	int next, ret;

	ret = calendars_list(&rc->svc, year_visit, &yc, &rc->err);
	if (ret != 0) {
		json_decref(yc.items);
		return ret;
	}
	/* from 1 October, warn when next year's holidays are not loaded */
	if (calendar_next_year_due(today, yc.max_year >= bm_date_year(today) + 1, &next))
		warning = json_pack(
			"{s:s,s:i,s:s,s:s}", "code", "next_year_missing", "year", next, "message",
			"next year's working-day calendar is not loaded; load it once "
			"the State Council announces the holidays",
			"message_zh", "尚未加载下一年度工作日日历，请在国务院公布节假日安排后加载");
	body = api_page(yc.items, 0);
	json_object_set_new(body, "warning", warning);
	return reply_json(rc, 200, body);
}

int api_calendar_put(struct reqctx *rc)
{
	h2o_req_t *req = rc->req;
	int64_t year;
	char text[8];
	int ret;

	if (route_param(&rc->params, "year", text, sizeof(text)) != 0 ||
	    bm_parse_i64(text, 1949, 2199, &year) != 0)
		return bm_err_set(&rc->err, BM_ENOTFOUND, "not_found", NULL, "no such year");
	ret = calendars_put(&rc->svc, (int)year, req->entity.base, req->entity.len, &rc->err);
	if (ret != 0)
		return ret;
	return reply_json(rc, 200, json_pack("{s:i,s:s}", "year", (int)year, "status", "loaded"));
}

/* ---- schemes ---- */

static json_t *scheme_summary(const struct scheme *s)
{
	json_t *grades = json_array(), *cats = json_array(), *mats = json_array();

	for (int i = 0; i < s->ngrades; i++)
		json_array_append_new(grades, json_pack("{s:s,s:o,s:b}", "code", s->grades[i].code,
							"name", api_text_json(&s->grades[i].name),
							"legacy", s->grades[i].legacy));
	for (int i = 0; i < s->ncategories; i++)
		json_array_append_new(cats,
				      json_pack("{s:s,s:o}", "code", s->categories[i].code, "name",
						api_text_json(&s->categories[i].name)));
	for (int i = 0; i < s->nmaterials; i++) {
		json_t *types = json_array();
		for (int t = 0; t < FT_COUNT; t++)
			if (s->materials[i].types & (1u << t))
				json_array_append_new(
					types, json_string(file_type_name((enum file_type)t)));
		json_array_append_new(
			mats, json_pack("{s:s,s:o,s:b,s:o}", "code", s->materials[i].code, "name",
					api_text_json(&s->materials[i].name), "required",
					s->materials[i].required, "types", types));
	}
	return json_pack("{s:s,s:i,s:o,s:o,s:o,s:o,s:{s:i,s:i,s:i,s:i,s:i,s:i},s:i,s:{s:i,s:i}}",
			 "id", s->id, "version", s->version, "name", api_text_json(&s->name),
			 "grades", grades, "categories", cats, "materials", mats, "time_limits",
			 "acceptance", s->acceptance.value, "supplement", s->supplement.value,
			 "decision", s->decision.value, "decision_extension", s->decision_extension,
			 "publicity", s->publicity.value, "onsite_notice_days",
			 s->onsite_notice_days.value, "validity_years", s->validity_years,
			 "scoring", "total", s->score_total, "pass", s->score_pass);
}

int api_schemes_list(struct reqctx *rc)
{
	json_t *items = json_array();
	int ret = schemes_list(&rc->svc, &rc->err);

	if (ret != 0) {
		json_decref(items);
		return ret;
	}
	for (size_t i = 0; i < schemes_count(); i++)
		json_array_append_new(items, scheme_summary(schemes_at(i)));
	return reply_json(rc, 200, api_page(items, 0));
}

int api_areas_list(struct reqctx *rc)
{
	json_t *items;
	int ret = areas_list(&rc->svc, &rc->err);

	if (ret != 0)
		return ret;
	items = json_array();
	for (int i = 0; i < AREA_COUNT; i++)
		json_array_append_new(items,
				      json_pack("{s:s,s:{s:s,s:s},s:s}", "code", areas[i].code,
						"name", "zh-CN", areas[i].zh, "en", areas[i].en,
						"source", areas[i].source));
	return reply_json(rc, 200, api_page(items, 0));
}

int api_scheme_get(struct reqctx *rc)
{
	char id[32], sha[65], *doc = NULL;
	json_error_t jerr;
	json_t *body;
	int ret;

	if (route_param(&rc->params, "id", id, sizeof(id)) != 0)
		return bm_err_set(&rc->err, BM_ENOTFOUND, "not_found", NULL, "no such scheme");
	/* the document as recorded: every rule with its source tag */
	ret = schemes_document(&rc->svc, id, &doc, sha, &rc->err);
	if (ret != 0)
		return ret;
	body = json_loads(doc, 0, &jerr);
	free(doc);
	if (body == NULL)
		return bm_err_set(&rc->err, BM_EINTERNAL, NULL, NULL, "stored scheme is not JSON");
	json_object_set_new(body, "sha256", json_string(sha));
	return reply_json(rc, 200, body);
}
