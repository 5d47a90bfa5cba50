/*
 * apps_onsite.c - on-site review: scheduling with the team, each member's scoring
 * sheet (independent: nobody sees another's sheet before submitting their own), and
 * the team's aggregate.
 *
 * [2nd] at least two bureau staff, experts as the scheme allows; the unit is
 * notified the scheme's number of days before the review.
 */
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "service/apps.h"
#include "store/users_repo.h"
#include "base/banned.h"

#define TEAM_MAX 16

static json_t *team_json(const struct team_in *team, size_t n)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr,
				      json_pack("{s:I,s:s}", "user_id", (json_int_t)team[i].user_id,
						"role", team[i].role));
	return arr;
}

/* Whether u may sit on the case's team at all: an enabled user of a bureau with
 * jurisdiction over the unit. */
static int in_bureau_reach(const struct user *u, const struct application *a)
{
	return !u->disabled && u->authority_id != 0 && region_contains(u->region, a->region);
}

unsigned apps_team_seats(const struct user *u, const struct application *a)
{
	unsigned seats = 0;

	if (!in_bureau_reach(u, a))
		return 0;
	if (u->roles & (ROLE_BIT(ROLE_REVIEWER) | ROLE_BIT(ROLE_INSPECTOR)))
		seats |= TEAM_SEAT_LEADER | TEAM_SEAT_STAFF;
	if (u->roles & ROLE_BIT(ROLE_EXPERT))
		seats |= TEAM_SEAT_EXPERT;
	return seats;
}

/* Check one member: a bureau user of an authority in jurisdiction of the case,
 * holding a role that may take the seat. */
static int check_member(struct svc *s, const struct application *a, const struct team_in *m,
			int *staff, int *experts, int *leaders, struct bm_err *err)
{
	struct user u;
	unsigned seats;
	int rc = users_repo_get(s->db, m->user_id, &u, err);

	if (rc == BM_ENOTFOUND)
		return bm_err_set(err, BM_EINVAL, "unknown_user", "team", "no user %lld",
				  (long long)m->user_id);
	if (rc != 0)
		return rc;
	if (!in_bureau_reach(&u, a))
		return bm_err_set(err, BM_ERULE, "invalid_team", "team",
				  "%s is not bureau staff with jurisdiction over this unit",
				  u.login);
	seats = apps_team_seats(&u, a);
	if (strcmp(m->role, "expert") == 0) {
		if (!(seats & TEAM_SEAT_EXPERT))
			return bm_err_set(err, BM_ERULE, "invalid_team", "team",
					  "%s does not hold the expert role", u.login);
		(*experts)++;
		return 0;
	}
	if (strcmp(m->role, "staff") != 0 && strcmp(m->role, "leader") != 0)
		return bm_err_set(err, BM_EINVAL, "invalid_value", "team",
				  "a member's role is leader, staff or expert");
	if (!(seats & TEAM_SEAT_STAFF))
		return bm_err_set(err, BM_ERULE, "invalid_team", "team",
				  "%s is not bureau review staff (reviewer or inspector)", u.login);
	(*staff)++;
	if (strcmp(m->role, "leader") == 0)
		(*leaders)++;
	return 0;
}

struct seat_ctx {
	const struct application *a;
	visit_fn fn;
	void *ctx;
};

static int seat_visit(void *ctx, const void *rec)
{
	struct seat_ctx *sc = ctx;
	const struct user *u = rec;
	struct team_candidate c = { u, apps_team_seats(u, sc->a) };

	return c.seats != 0 ? sc->fn(sc->ctx, &c) : 0;
}

/* Checks for reading or changing the team: the case, the on-site authority. */
static int onsite_authority(struct svc *s, int64_t id, struct app_view *out, struct bm_err *err)
{
	struct resource r;
	int rc = apps_load(s, id, out, err);

	if (rc == 0) {
		apps_resource(&out->a, &r);
		rc = svc_authorize(s, ACT_APP_REVIEW, &r, err);
	}
	if (rc == 0 && !apps_step_authority(s, &out->a, STEP_ONSITE))
		rc = svc_refuse(s, ACT_APP_REVIEW, "application", id, err, "not_your_step", "state",
				"the on-site review belongs to another authority");
	return rc;
}

int apps_team_candidates(struct svc *s, int64_t id, visit_fn fn, void *ctx, struct bm_err *err)
{
	struct app_view v;
	struct user_filter f;
	struct seat_ctx sc = { &v.a, fn, ctx };
	int rc = svc_begin(s, DB_TX_READ, err);

	if (rc == 0)
		rc = onsite_authority(s, id, &v, err);
	memset(&f, 0, sizeof(f));
	if (rc == 0)
		rc = users_repo_list(s->db, &f, seat_visit, &sc, err);
	return svc_end(s, rc, err);
}

int apps_onsite_schedule(struct svc *s, int64_t id, int64_t if_match, int32_t date,
			 const struct team_in *team, size_t nteam, struct app_view *out,
			 struct bm_err *err)
{
	struct application *a = &out->a;
	int32_t today = bm_date_cst(s->now);
	int staff = 0, experts = 0, leaders = 0, rc;
	char dtext[BM_DATE_LEN];

	if (nteam == 0 || nteam > TEAM_MAX)
		return bm_err_set(err, BM_EINVAL, "invalid_length", "team",
				  "the team has 2..%d members", TEAM_MAX);
	for (size_t i = 0; i < nteam; i++)
		for (size_t k = i + 1; k < nteam; k++)
			if (team[i].user_id == team[k].user_id)
				return bm_err_set(err, BM_EINVAL, "duplicate", "team",
						  "user %lld is listed twice",
						  (long long)team[i].user_id);
	rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = onsite_authority(s, id, out, err);
	if (rc == 0 && a->state != APP_ONSITE)
		rc = bm_err_set(
			err, BM_ECONFLICT, "illegal_transition", "state",
			"an on-site review is scheduled in state onsite; the application is %s",
			app_state_name(a->state));
	if (rc == 0 && if_match != a->version)
		rc = bm_err_set(err, BM_ESTALE, "version_mismatch", NULL,
				"the application was changed by someone else (now version %lld)",
				(long long)a->version);
	/* [2nd] the unit is told at least N days ahead: counted in calendar days */
	if (rc == 0 && date < today + out->scheme->onsite_notice_days.value)
		rc = bm_err_set(err, BM_ERULE, "notice_too_short", "date",
				"the on-site review must be at least %d days after the notice "
				"(today)",
				out->scheme->onsite_notice_days.value);
	for (size_t i = 0; rc == 0 && i < nteam; i++)
		rc = check_member(s, a, &team[i], &staff, &experts, &leaders, err);
	if (rc == 0 && (staff < out->scheme->team_min_staff || leaders != 1 ||
			experts > out->scheme->team_max_experts))
		rc = bm_err_set(err, BM_ERULE, "invalid_team", "team",
				"the team needs at least %d bureau staff (one of them the leader) "
				"and at most %d experts",
				out->scheme->team_min_staff, out->scheme->team_max_experts);
	if (rc == 0)
		rc = onsite_repo_sheets_clear(s->db, id, err);
	if (rc == 0)
		rc = onsite_repo_team_clear(s->db, id, err);
	for (size_t i = 0; rc == 0 && i < nteam; i++)
		rc = onsite_repo_team_add(s->db, id, team[i].user_id, team[i].role, err);
	if (rc == 0) {
		a->onsite_date = date;
		a->onsite_notified_on = today;
		a->updated_at = s->now;
		rc = apps_repo_update(s->db, a, a->version, err);
	}
	bm_date_format(date, dtext);
	if (rc == 0)
		rc = apps_note(
			s, a, "onsite_notice",
			json_pack("{s:s,s:o}", "date", dtext, "team", team_json(team, nteam)), err);
	if (rc == 0)
		rc = apps_record(
			s, a, "application.onsite_schedule", a->state,
			json_pack("{s:s,s:o}", "date", dtext, "team", team_json(team, nteam)), err);
	if (rc == 0) {
		char zh[200], en[200];
		snprintf(zh, sizeof(zh), "申请 %s 的现场审查定于 %s", a->number, dtext);
		snprintf(en, sizeof(en), "On-site review of %s is scheduled for %s", a->number,
			 dtext);
		rc = apps_notify_unit(s, a, "application.onsite_notice", zh, en, err);
	}
	return svc_end(s, rc, err);
}

int apps_onsite_team(struct svc *s, int64_t id, visit_fn fn, void *ctx, struct bm_err *err)
{
	struct app_view v;
	int rc = svc_begin(s, DB_TX_READ, err);

	if (rc == 0)
		rc = apps_load(s, id, &v, err);
	if (rc == 0)
		rc = onsite_repo_team(s->db, id, fn, ctx, err);
	return svc_end(s, rc, err);
}

struct team_list {
	int64_t ids[TEAM_MAX];
	unsigned seats[TEAM_MAX];
	int n;
};

static int team_collect(void *ctx, const void *rec)
{
	struct team_list *t = ctx;
	const struct team_member *m = rec;

	if (t->n < TEAM_MAX) {
		t->ids[t->n] = m->user_id;
		t->seats[t->n++] = strcmp(m->role, "leader") == 0  ? TEAM_SEAT_LEADER
				   : strcmp(m->role, "staff") == 0 ? TEAM_SEAT_STAFF
								   : TEAM_SEAT_EXPERT;
	}
	return 0;
}

static unsigned seat_on(const struct team_list *t, int64_t user_id)
{
	for (int i = 0; i < t->n; i++)
		if (t->ids[i] == user_id)
			return t->seats[i];
	return 0;
}

int apps_team_seat(struct svc *s, int64_t id, int64_t user_id, unsigned *seat, struct bm_err *err)
{
	struct team_list team = { { 0 }, { 0 }, 0 };
	int rc = onsite_repo_team(s->db, id, team_collect, &team, err);

	*seat = rc == 0 ? seat_on(&team, user_id) : 0;
	return rc;
}

int apps_sheet_put(struct svc *s, int64_t id, const struct sheet_in *in, struct bm_err *err)
{
	struct score_sheet sheet;
	struct team_list team = { { 0 }, { 0 }, 0 };
	struct app_view v;
	struct resource r;
	struct sheet_rec rec;
	json_t *scores = json_object(), *vetoes = json_array();
	char *stext = NULL, *vtext = NULL;
	int submitted = 0, rc;

	memset(&sheet, 0, sizeof(sheet));
	rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = apps_load(s, id, &v, err);
	if (rc == 0) {
		apps_resource(&v.a, &r);
		rc = svc_authorize(s, ACT_APP_SCORE, &r, err);
	}
	if (rc == 0)
		rc = onsite_repo_team(s->db, id, team_collect, &team, err);
	if (rc == 0 && !seat_on(&team, s->who.user_id))
		rc = svc_refuse(s, ACT_APP_SCORE, "application", id, err, "not_on_team", NULL,
				"only members of the on-site team score this case");
	if (rc == 0 && (v.a.state != APP_ONSITE || v.a.onsite_date == 0))
		rc = bm_err_set(err, BM_ECONFLICT, "illegal_transition", "state",
				"sheets are filled during a scheduled on-site review (state %s)",
				app_state_name(v.a.state));
	if (rc == 0 && bm_date_cst(s->now) < v.a.onsite_date)
		rc = bm_err_set(err, BM_ERULE, "onsite_not_held", "date",
				"scoring opens on the day of the on-site review");
	/* a submitted sheet is final */
	if (rc == 0)
		rc = onsite_repo_sheet_submitted(s->db, id, s->who.user_id, &submitted, err);
	if (rc == 0 && submitted)
		rc = bm_err_set(err, BM_ECONFLICT, "sheet_submitted", NULL,
				"your sheet is submitted and can no longer change");
	for (size_t i = 0; rc == 0 && i < in->n; i++) {
		int k = scheme_item_index(v.scheme, in->codes[i]);
		if (k < 0) {
			rc = bm_err_set(err, BM_EINVAL, "invalid_value", "scores",
					"no item \"%s\" on this scoring sheet", in->codes[i]);
			break;
		}
		if (in->points[i] < 0 || in->points[i] > v.scheme->items[k].points) {
			rc = bm_err_set(err, BM_EINVAL, "invalid_score", "scores",
					"item %s scores 0..%d", in->codes[i],
					v.scheme->items[k].points);
			break;
		}
		sheet.points[k] = (int)in->points[i];
		json_object_set_new(scores, in->codes[i], json_integer(in->points[i]));
	}
	for (size_t i = 0; rc == 0 && i < in->nvetoes; i++) {
		int k = scheme_item_index(v.scheme, in->vetoes[i]);
		if (k < 0 || !v.scheme->items[k].veto) {
			rc = bm_err_set(err, BM_EINVAL, "invalid_value", "vetoes",
					"\"%s\" is not a veto item of this sheet", in->vetoes[i]);
			break;
		}
		sheet.veto_failed[k] = 1;
		json_array_append_new(vetoes, json_string(in->vetoes[i]));
	}
	if (rc == 0 && in->submit && json_object_size(scores) != (size_t)v.scheme->nitems)
		rc = bm_err_set(err, BM_EINVAL, "incomplete_sheet", "scores",
				"score every item (%d) before submitting", v.scheme->nitems);
	if (rc == 0)
		rc = scoring_check_sheet(v.scheme, &sheet, err);
	if (rc == 0) {
		stext = json_dumps(scores, JSON_COMPACT | JSON_SORT_KEYS);
		vtext = json_dumps(vetoes, JSON_COMPACT);
		memset(&rec, 0, sizeof(rec));
		rec.application_id = id;
		rec.user_id = s->who.user_id;
		rec.scores = stext != NULL ? stext : "{}";
		rec.vetoes = vtext != NULL ? vtext : "[]";
		rec.total = scoring_sheet_total(v.scheme, &sheet);
		rec.note = in->note != NULL ? in->note : "";
		rec.submitted_at = in->submit ? s->now : 0;
		rc = onsite_repo_sheet_put(s->db, &rec, err);
	}
	if (rc == 0)
		rc = apps_record(s, &v.a,
				 in->submit ? "application.sheet_submit" : "application.sheet_save",
				 v.a.state,
				 json_pack("{s:O,s:O,s:i}", "scores", scores, "vetoes", vetoes,
					   "total", rec.total),
				 err);
	free(stext);
	free(vtext);
	json_decref(scores);
	json_decref(vetoes);
	return svc_end(s, rc, err);
}

struct sheets_ctx {
	const struct scheme *sc;
	struct score_sheet sheets[SCORING_MAX_SHEETS];
	int n, drafts;
	int64_t viewer;
	int viewer_submitted;
	visit_fn fn;
	void *ctx;
};

static int parse_sheet(const struct scheme *sc, const struct sheet_rec *r, struct score_sheet *out)
{
	json_error_t jerr;
	json_t *scores = json_loads(r->scores, 0, &jerr), *vetoes = json_loads(r->vetoes, 0, &jerr);
	const char *key;
	json_t *val;

	memset(out, 0, sizeof(*out));
	json_object_foreach(scores, key, val)
	{
		int k = scheme_item_index(sc, key);
		if (k >= 0 && json_is_integer(val))
			out->points[k] = (int)json_integer_value(val);
	}
	for (size_t i = 0; i < json_array_size(vetoes); i++) {
		int k = json_is_string(json_array_get(vetoes, i))
				? scheme_item_index(sc,
						    json_string_value(json_array_get(vetoes, i)))
				: -1;
		if (k >= 0)
			out->veto_failed[k] = 1;
	}
	json_decref(scores);
	json_decref(vetoes);
	return 0;
}

static int collect_sheet(void *ctx, const void *rec)
{
	struct sheets_ctx *c = ctx;
	const struct sheet_rec *r = rec;

	if (r->user_id == c->viewer && r->submitted_at != 0)
		c->viewer_submitted = 1;
	if (r->submitted_at == 0) {
		c->drafts++;
		return 0;
	}
	if (c->n < SCORING_MAX_SHEETS)
		parse_sheet(c->sc, r, &c->sheets[c->n++]);
	return 0;
}

int apps_aggregate(struct svc *s, const struct app_view *v, struct score_result *res,
		   struct bm_err *err)
{
	struct team_list team = { { 0 }, { 0 }, 0 };
	struct sheets_ctx *c = calloc(1, sizeof(*c));
	int rc;

	if (c == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	c->sc = v->scheme;
	rc = onsite_repo_team(s->db, v->a.id, team_collect, &team, err);
	if (rc == 0)
		rc = onsite_repo_sheets(s->db, v->a.id, collect_sheet, c, err);
	if (rc == 0 && (team.n == 0 || c->n < team.n))
		rc = bm_err_set(err, BM_ERULE, "sheets_outstanding", "sheets",
				"%d of %d team members have submitted their sheets", c->n, team.n);
	if (rc == 0)
		scoring_aggregate(v->scheme, c->sheets, c->n, res);
	free(c);
	return rc;
}

struct show_ctx {
	int64_t viewer;
	int see_all;
	visit_fn fn;
	void *ctx;
};

static int show_sheet(void *ctx, const void *rec)
{
	struct show_ctx *c = ctx;
	const struct sheet_rec *r = rec;

	if (r->user_id == c->viewer || (c->see_all && r->submitted_at != 0))
		return c->fn(c->ctx, r);
	return 0;
}

int apps_sheets(struct svc *s, int64_t id, visit_fn fn, void *ctx, struct score_result *agg,
		int *agg_ready, struct bm_err *err)
{
	struct team_list team = { { 0 }, { 0 }, 0 };
	struct sheets_ctx *c = calloc(1, sizeof(*c));
	struct show_ctx show;
	struct app_view v;
	int rc, member;

	*agg_ready = 0;
	if (c == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	rc = svc_begin(s, DB_TX_READ, err);
	if (rc == 0)
		rc = apps_load(s, id, &v, err);
	if (rc == 0)
		rc = onsite_repo_team(s->db, id, team_collect, &team, err);
	c->sc = v.scheme;
	c->viewer = s->who.user_id;
	if (rc == 0)
		rc = onsite_repo_sheets(s->db, id, collect_sheet, c, err);
	member = seat_on(&team, s->who.user_id) != 0;
	/* Team members see the others' sheets after submitting their own; anyone
	 * else who may see the case sees them once the opinion is signed. */
	show.viewer = s->who.user_id;
	show.see_all = member ? c->viewer_submitted : v.a.onsite_outcome[0] != '\0';
	show.fn = fn;
	show.ctx = ctx;
	if (rc == 0)
		rc = onsite_repo_sheets(s->db, id, show_sheet, &show, err);
	if (rc == 0 && show.see_all && team.n > 0 && c->n >= team.n) {
		scoring_aggregate(v.scheme, c->sheets, c->n, agg);
		*agg_ready = 1;
	}
	free(c);
	return svc_end(s, rc, err);
}
