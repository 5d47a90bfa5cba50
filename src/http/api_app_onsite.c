/*
 * api_app_onsite.c - on-site review (schedule and team, sheets, aggregate) and the
 * bureau's handling of publicity objections.
 */
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "http/api.h"
#include "service/apps.h"
#include "base/banned.h"

struct member_in {
	uint64_t present;
	int64_t user_id;
	int role;
};
static const char *const team_roles[] = { "leader", "staff", "expert", NULL };
static const struct fs_field member_fields[] = {
	{ "user_id", FS_INT, FS_REQUIRED, offsetof(struct member_in, user_id), 1, INT64_MAX, 0,
	  NULL, NULL },
	{ "role", FS_ENUM, FS_REQUIRED, offsetof(struct member_in, role), 0, 0, 0, team_roles,
	  NULL },
};
static const struct fs_spec spec_member = FS_SPEC(member_fields, struct member_in);

struct schedule_in {
	uint64_t present;
	int32_t date;
	struct fs_objs team;
};
static const struct fs_field schedule_fields[] = {
	{ "date", FS_DATE, FS_REQUIRED, offsetof(struct schedule_in, date), 0, 0, 0, NULL, NULL },
	{ "team", FS_OBJS, FS_REQUIRED, offsetof(struct schedule_in, team), 2, 16, 0, NULL,
	  &spec_member },
};
const struct fs_spec spec_onsite_schedule = FS_SPEC(schedule_fields, struct schedule_in);

struct score_in {
	uint64_t present;
	const char *item;
	int64_t points;
};
static const struct fs_field score_fields[] = {
	{ "item", FS_STR, FS_REQUIRED, offsetof(struct score_in, item), 1, 40, 0, NULL, NULL },
	{ "points", FS_INT, FS_REQUIRED, offsetof(struct score_in, points), 0, 10000, 0, NULL,
	  NULL },
};
static const struct fs_spec spec_score = FS_SPEC(score_fields, struct score_in);

struct sheet_body {
	uint64_t present;
	struct fs_objs scores;
	struct fs_strs vetoes;
	const char *note;
	int submit;
};
static const struct fs_field sheet_fields[] = {
	{ "scores", FS_OBJS, FS_REQUIRED, offsetof(struct sheet_body, scores), 0, 96, 0, NULL,
	  &spec_score },
	{ "vetoes", FS_STRS, 0, offsetof(struct sheet_body, vetoes), 0, 96, 40, NULL, NULL },
	{ "note", FS_STR, FS_MULTILINE, offsetof(struct sheet_body, note), 0, 4000, 0, NULL, NULL },
	{ "submit", FS_BOOL, 0, offsetof(struct sheet_body, submit), 0, 0, 0, NULL, NULL },
};
const struct fs_spec spec_sheet = FS_SPEC(sheet_fields, struct sheet_body);

struct resolve_in {
	uint64_t present;
	int resolution;
	const char *reason;
};
static const char *const resolutions[] = { "upheld", "dismissed", NULL };
static const struct fs_field resolve_fields[] = {
	{ "resolution", FS_ENUM, FS_REQUIRED, offsetof(struct resolve_in, resolution), 0, 0, 0,
	  resolutions, NULL },
	{ "reason", FS_STR, FS_REQUIRED | FS_MULTILINE, offsetof(struct resolve_in, reason), 1,
	  4000, 0, NULL, NULL },
};
const struct fs_spec spec_objection_resolve = FS_SPEC(resolve_fields, struct resolve_in);

int api_onsite_schedule(struct reqctx *rc)
{
	const struct schedule_in *in = rc->in;
	struct team_in team[16];
	struct app_view v;
	int64_t id, version;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = req_if_match(rc, &version);
	if (ret != 0)
		return ret;
	for (size_t i = 0; i < in->team.n; i++) {
		const struct member_in *m = in->team.v[i];
		team[i].user_id = m->user_id;
		team[i].role = team_roles[m->role];
	}
	ret = apps_onsite_schedule(&rc->svc, id, version, in->date, team, in->team.n, &v, &rc->err);
	if (ret != 0)
		return ret;
	reply_etag(rc, v.a.version);
	return reply_json(rc, 200, api_app_json(&v));
}

static int team_visit(void *ctx, const void *rec)
{
	const struct team_member *m = rec;

	json_array_append_new(ctx, json_pack("{s:I,s:s,s:s,s:s}", "user_id", (json_int_t)m->user_id,
					     "role", m->role, "login", m->login, "display_name",
					     m->display_name));
	return 0;
}

static int candidate_visit(void *ctx, const void *rec)
{
	const struct team_candidate *c = rec;
	json_t *seats = json_array();

	if (c->seats & TEAM_SEAT_LEADER)
		json_array_append_new(seats, json_string("leader"));
	if (c->seats & TEAM_SEAT_STAFF)
		json_array_append_new(seats, json_string("staff"));
	if (c->seats & TEAM_SEAT_EXPERT)
		json_array_append_new(seats, json_string("expert"));
	json_array_append_new(ctx, json_pack("{s:I,s:s,s:s,s:I,s:s,s:o}", "user_id",
					     (json_int_t)c->user->id, "login", c->user->login,
					     "display_name", c->user->display_name, "authority_id",
					     (json_int_t)c->user->authority_id, "membership_name",
					     c->user->member_name, "seats", seats));
	return 0;
}

int api_onsite_candidates(struct reqctx *rc)
{
	json_t *items = json_array();
	int64_t id;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = apps_team_candidates(&rc->svc, id, candidate_visit, items, &rc->err);
	if (ret != 0) {
		json_decref(items);
		return ret;
	}
	return reply_json(rc, 200, json_pack("{s:o}", "items", items));
}

static int sheet_visit(void *ctx, const void *rec)
{
	const struct sheet_rec *s = rec;
	json_error_t jerr;
	json_t *scores = json_loads(s->scores, 0, &jerr), *vetoes = json_loads(s->vetoes, 0, &jerr);

	json_array_append_new(
		ctx, json_pack("{s:I,s:o,s:o,s:i,s:s,s:o}", "user_id", (json_int_t)s->user_id,
			       "scores", scores != NULL ? scores : json_object(), "vetoes",
			       vetoes != NULL ? vetoes : json_array(), "total", s->total, "note",
			       s->note, "submitted_at", json_ts(s->submitted_at)));
	return 0;
}

int api_onsite_get(struct reqctx *rc)
{
	json_t *team = json_array(), *sheets = json_array(), *agg = json_null();
	struct score_result res;
	struct app_view v;
	int ready = 0;
	int64_t id;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = apps_get(&rc->svc, id, &v, &rc->err);
	if (ret == 0)
		ret = apps_onsite_team(&rc->svc, id, team_visit, team, &rc->err);
	if (ret == 0)
		ret = apps_sheets(&rc->svc, id, sheet_visit, sheets, &res, &ready, &rc->err);
	if (ret != 0) {
		json_decref(team);
		json_decref(sheets);
		return ret;
	}
	if (ready) {
		json_t *vetoes = json_array();
		for (int i = 0; i < v.scheme->nitems; i++)
			if (res.veto_failed[i])
				json_array_append_new(vetoes, json_string(v.scheme->items[i].code));
		agg = json_pack("{s:i,s:f,s:i,s:i,s:b,s:o,s:s,s:i,s:i}", "sheets", res.sheets,
				"total", res.total, "min_total", res.min_total, "max_total",
				res.max_total, "divergent", res.divergent, "vetoes_failed", vetoes,
				"outcome", onsite_outcome_name(res.outcome), "pass",
				v.scheme->score_pass, "out_of", v.scheme->score_total);
	}
	{
		char d[BM_DATE_LEN] = "";
		if (v.a.onsite_date != 0)
			bm_date_format(v.a.onsite_date, d);
		return reply_json(rc, 200,
				  json_pack("{s:o,s:o,s:o,s:o}", "date",
					    d[0] ? json_string(d) : json_null(), "team", team,
					    "sheets", sheets, "aggregate", agg));
	}
}

int api_sheet_put(struct reqctx *rc)
{
	const struct sheet_body *in = rc->in;
	const char **codes = calloc(in->scores.n + 1, sizeof(char *));
	int64_t *points = calloc(in->scores.n + 1, sizeof(int64_t));
	struct sheet_in s;
	int64_t id;
	int ret = req_id_param(rc, "id", &id);

	if (codes == NULL || points == NULL)
		ret = bm_err_set(&rc->err, BM_EINTERNAL, NULL, NULL, "out of memory");
	for (size_t i = 0; ret == 0 && i < in->scores.n; i++) {
		const struct score_in *sc = in->scores.v[i];
		codes[i] = sc->item;
		points[i] = sc->points;
	}
	if (ret == 0) {
		memset(&s, 0, sizeof(s));
		s.codes = codes;
		s.points = points;
		s.n = in->scores.n;
		s.vetoes = in->vetoes.v;
		s.nvetoes = in->vetoes.n;
		s.note = in->note;
		s.submit = in->submit;
		ret = apps_sheet_put(&rc->svc, id, &s, &rc->err);
	}
	free(codes);
	free(points);
	return ret != 0 ? ret : api_onsite_get(rc);
}

static int objection_visit(void *ctx, const void *rec)
{
	const struct objection_rec *o = rec;

	json_array_append_new(
		ctx,
		json_pack("{s:I,s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:o}", "id", (json_int_t)o->id, "name",
			  o->name, "contact", o->contact, "text", o->body, "filed_at",
			  json_ts(o->filed_at), "resolution",
			  o->resolution[0] ? json_string(o->resolution) : json_null(), "reason",
			  o->reason[0] ? json_string(o->reason) : json_null(), "resolved_by",
			  o->resolved_by ? json_integer(o->resolved_by) : json_null(),
			  "resolved_at", json_ts(o->resolved_at)));
	return 0;
}

int api_objections_list(struct reqctx *rc)
{
	json_t *items = json_array();
	int64_t id;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = apps_objections(&rc->svc, id, objection_visit, items, &rc->err);
	if (ret != 0) {
		json_decref(items);
		return ret;
	}
	return reply_json(rc, 200, api_page(items, 0));
}

int api_objection_resolve(struct reqctx *rc)
{
	const struct resolve_in *in = rc->in;
	struct app_view v;
	int64_t id, oid;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = req_id_param(rc, "oid", &oid);
	if (ret == 0)
		ret = apps_objection_resolve(&rc->svc, id, oid, in->resolution == 0, in->reason, &v,
					     &rc->err);
	if (ret != 0)
		return ret;
	reply_etag(rc, v.a.version);
	return reply_json(rc, 200, api_app_json(&v));
}
