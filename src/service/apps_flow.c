/*
 * apps_flow.c - moving a case through the workflow table: who may raise each event,
 * what it must carry, and what it records (numbers, dates, clock pauses, notices,
 * snapshot, waiting-period bars, notifications).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "service/apps.h"
#include "service/certs.h"
#include "service/profile.h"
#include "service/refdata.h"
#include "store/orgs_repo.h"
#include "store/profile_repo.h"
#include "base/banned.h"

#define TEXT_MAX_CHARS 4000

/* The step whose authority raises a reviewer's event in a given state. */
static enum step reviewer_step(enum app_event ev, enum app_state from)
{
	switch (ev) {
	case EV_ACCEPT:
	case EV_REQUEST_SUPPLEMENT:
	case EV_REFUSE:
		return STEP_ACCEPT;
	case EV_FORWARD:
		return STEP_PRELIMINARY;
	case EV_RETURN:
		return from == APP_PRELIMINARY_REVIEW ? STEP_PRELIMINARY : STEP_REVIEW;
	case EV_RESCHEDULE:
		return STEP_ONSITE;
	default:
		return STEP_REVIEW;
	}
}

/* May the caller raise this table row's event on the case? */
static int check_actor(struct svc *s, const struct app_view *v, const struct wf_transition *t,
		       struct bm_err *err)
{
	const struct application *a = &v->a;
	struct resource r;
	int rc;

	apps_resource(a, &r);
	switch (t->actor) {
	case ACTOR_APPLICANT:
		return svc_authorize(s, ACT_APP_APPLY, &r, err);
	case ACTOR_REVIEWER: {
		enum step st = reviewer_step(t->event, t->from);
		rc = svc_authorize(s, ACT_APP_REVIEW, &r, err);
		if (rc == 0 && !apps_step_authority(s, a, st))
			rc = svc_refuse(s, ACT_APP_REVIEW, "application", a->id, err,
					"not_your_step", "state",
					"this step (%s) belongs to another authority",
					step_name(st));
		return rc;
	}
	case ACTOR_TEAM_LEADER: {
		unsigned seat = 0;
		rc = svc_authorize(s, ACT_APP_SCORE, &r, err);
		if (rc == 0)
			rc = apps_team_seat(s, a->id, s->who.user_id, &seat, err);
		if (rc == 0 && seat != TEAM_SEAT_LEADER && s->who.kind != AUTH_OPERATOR)
			rc = svc_refuse(s, ACT_APP_SCORE, "application", a->id, err,
					"not_team_leader", NULL,
					"only the on-site team leader signs the review opinion");
		return rc;
	}
	case ACTOR_APPROVER: {
		int involved = 0;
		rc = svc_authorize(s, ACT_APP_DECIDE, &r, err);
		if (rc == 0 && !apps_step_authority(s, a, STEP_DECIDE))
			rc = svc_refuse(s, ACT_APP_DECIDE, "application", a->id, err,
					"not_your_step", "state",
					"the decision belongs to another authority");
		if (rc == 0)
			rc = apps_repo_user_involved(s->db, a->id, s->who.user_id, &involved, err);
		if (rc == 0 && involved)
			rc = svc_refuse(
				s, ACT_APP_DECIDE, "application", a->id, err,
				"separation_of_duties", NULL,
				"you reviewed or scored this case, so you may not decide it");
		return rc;
	}
	case ACTOR_SYSTEM:
		if (s->who.kind == AUTH_OPERATOR)
			return 0;
		return svc_refuse(s, ACT_APP_REVIEW, "application", a->id, err, "system_only",
				  "state", "%s is done by the scheduler, not by hand",
				  app_event_name(t->event));
	}
	return BM_EINTERNAL;
}

static int text_ok(const char *v, const char *field, struct bm_err *err)
{
	if (v == NULL || v[0] == '\0')
		return bm_err_set(err, BM_EINVAL, "missing_field", field, "%s is required", field);
	if (!bm_text_ok(v, TEXT_MAX_CHARS * 4, 1) || bm_utf8_len(v) > TEXT_MAX_CHARS)
		return bm_err_set(err, BM_EINVAL, "invalid_field", field,
				  "%s must be text of at most %d characters", field,
				  TEXT_MAX_CHARS);
	return 0;
}

/* Every event takes exactly the payload it uses. */
static int check_payload(enum app_event ev, const struct app_action *act, struct bm_err *err)
{
	enum { REASON = 1, OPINION = 2, REP = 4, ITEMS = 8, DATE = 16, REASON_OPT = 32 };
	unsigned want = 0, need = 0, have = 0;
	int rc = 0;

	switch (ev) {
	case EV_REFUSE:
	case EV_REJECT:
	case EV_APPROVE:
		want = need = REASON;
		break;
	case EV_RETURN:
		want = need = REASON | ITEMS;
		break;
	case EV_REQUEST_SUPPLEMENT:
		want = REASON_OPT | ITEMS;
		need = ITEMS;
		break;
	case EV_FORWARD:
	case EV_LIST_ONSITE:
		want = need = OPINION;
		break;
	case EV_ONSITE_PASS:
	case EV_ONSITE_FAIL:
	case EV_ONSITE_HALT:
		want = need = OPINION | REP;
		break;
	case EV_WITHDRAW:
		want = REASON_OPT;
		break;
	case EV_ACCEPT:
	case EV_OPEN_PUBLICITY:
		want = DATE;
		break;
	default:
		break;
	}
	have = (act->reason != NULL ? REASON : 0) | (act->opinion != NULL ? OPINION : 0) |
	       (act->representative != NULL ? REP : 0) | (act->nitems > 0 ? ITEMS : 0) |
	       (act->date != 0 ? DATE : 0);
	if (want & REASON_OPT)
		want |= REASON;
	static const struct {
		unsigned bit;
		const char *name;
	} fields[] = { { REASON, "reason" },
		       { OPINION, "opinion" },
		       { REP, "representative" },
		       { ITEMS, "items" },
		       { DATE, "date" } };
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if ((have & fields[i].bit) && !(want & fields[i].bit))
			return bm_err_set(err, BM_EINVAL, "unknown_field", fields[i].name,
					  "%s is not used by %s", fields[i].name,
					  app_event_name(ev));
		if ((need & fields[i].bit) && !(have & fields[i].bit))
			return bm_err_set(err, BM_EINVAL, "missing_field", fields[i].name,
					  "%s needs %s", app_event_name(ev), fields[i].name);
	}
	if (act->reason != NULL)
		rc = text_ok(act->reason, "reason", err);
	if (rc == 0 && act->opinion != NULL)
		rc = text_ok(act->opinion, "opinion", err);
	if (rc == 0 && act->representative != NULL)
		rc = text_ok(act->representative, "representative", err);
	for (size_t i = 0; rc == 0 && i < act->nitems; i++)
		rc = text_ok(act->items[i], "items", err);
	if (rc == 0 && act->nitems > APP_MAX_ITEMS)
		rc = bm_err_set(err, BM_EINVAL, "invalid_length", "items", "at most %d items",
				APP_MAX_ITEMS);
	return rc;
}

static json_t *items_json(const struct app_action *act)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < act->nitems; i++)
		json_array_append_new(arr, json_string(act->items[i]));
	return arr;
}

int apps_note(struct svc *s, const struct application *a, const char *kind, json_t *body,
	      struct bm_err *err)
{
	char *text;
	int rc;

	json_object_set_new(body, "signed_by", json_string(s->who.login));
	json_object_set_new(body, "signed_by_id", json_integer(s->who.user_id));
	text = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(body);
	if (text == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "cannot encode a note");
	rc = apps_repo_add_note(s->db, a->id, kind, text, s->who.user_id, s->now, err);
	free(text);
	return rc;
}

static void date_text(int32_t d, char out[BM_DATE_LEN])
{
	if (d == 0)
		out[0] = '\0';
	else
		bm_date_format(d, out);
}

int apps_resolve_authority(struct svc *s, const struct application *a, int g, enum step step,
			   int64_t *id, struct bm_err *err)
{
	const struct scheme *sc = schemes_current(a->scheme_id);
	enum authlvl lvl;
	char region[REGION_LEN];
	struct authority au;
	int rc;

	*id = 0;
	if (sc == NULL || sc->version != a->scheme_version) {
		int r2 = schemes_version(s->db, a->scheme_id, a->scheme_version, &sc, err);
		if (r2 != 0)
			return r2;
	}
	lvl = scheme_authority(sc, g, a->region, step);
	if (lvl == AUTHLVL_NONE)
		return 0;
	for (;;) {
		if (lvl == AUTHLVL_NATIONAL)
			bm_strlcpy(region, REGION_NATIONAL, sizeof(region));
		else if (lvl == AUTHLVL_PROVINCIAL)
			snprintf(region, sizeof(region), "%.2s0000", a->region);
		else
			snprintf(region, sizeof(region), "%.4s00", a->region);
		rc = authorities_repo_get_by_region(s->db, region, &au, err);
		if (rc == 0) {
			*id = au.id;
			return 0;
		}
		if (rc != BM_ENOTFOUND || lvl == AUTHLVL_NATIONAL)
			break;
		lvl = (enum authlvl)(lvl + 1); /* delegate upwards */
	}
	return bm_err_set(err, BM_ERULE, "no_authority", "region",
			  "no secrecy bureau is set up to %s applications from region %s",
			  step_name(step), a->region);
}

struct check_materials {
	const struct scheme *sc;
	int g;
	unsigned char have[SCHEME_MAX_MATS];
	json_t *files;
};

static int materials_visit(void *ctx, const void *rec)
{
	struct check_materials *cm = ctx;
	const struct app_file *af = rec;

	for (int i = 0; i < cm->sc->nmaterials; i++)
		if (strcmp(cm->sc->materials[i].code, af->material) == 0)
			cm->have[i] = 1;
	json_array_append_new(cm->files,
			      json_pack("{s:s,s:I,s:s,s:s,s:I,s:s,s:s}", "material", af->material,
					"file_id", (json_int_t)af->file_id, "name", af->file.name,
					"type", af->file.type, "size", (json_int_t)af->file.size,
					"sha256", af->file.sha256, "phase", af->phase));
	return 0;
}

static json_t *report_json(const struct elig_report *rep)
{
	json_t *arr = json_array();

	for (int i = 0; i < rep->n; i++) {
		const struct elig_line *l = &rep->lines[i];
		json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:b}", "condition",
						     l->cond->id, "name", l->cond->name.en,
						     "name_zh", l->cond->name.zh, "result",
						     elig_result_name(l->result), "why", l->why,
						     "why_zh", l->why_zh, "hard", l->cond->hard));
		json_object_set_new(json_array_get(arr, json_array_size(arr) - 1), "source",
				    json_string(l->cond->source));
	}
	return arr;
}

json_t *apps_report_json(const struct elig_report *rep)
{
	return report_json(rep);
}

/* Check the materials and the basic conditions as they stand today and freeze them:
 * the snapshot of the unit and the files, the eligibility report, the files
 * themselves. Done at submission and again at every resubmission or correction, so
 * the reviewers read what the unit handed in last. */
static int freeze(struct svc *s, struct app_view *v, struct submit_report *report,
		  struct bm_err *err)
{
	struct application *a = &v->a;
	const struct scheme *sc = v->scheme;
	int g = scheme_grade_index(sc, a->grade);
	struct check_materials cm;
	struct unit_facts *facts = NULL;
	struct submit_report *local = NULL;
	struct elig_report *rep;
	char *snap = NULL, *elig = NULL;
	json_t *missing;
	int rc;

	if (report == NULL && (report = local = calloc(1, sizeof(*local))) == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	rep = &report->elig;
	report->nmissing = 0;

	memset(&cm, 0, sizeof(cm));
	cm.sc = sc;
	cm.g = g;
	cm.files = json_array();
	rc = files_repo_of_application(s->db, a->id, materials_visit, &cm, err);
	missing = json_array();
	for (int i = 0; rc == 0 && i < sc->nmaterials; i++)
		if (sc->materials[i].required && (sc->materials[i].grades & (1u << g)) &&
		    !cm.have[i]) {
			json_array_append_new(missing, json_string(sc->materials[i].code));
			report->missing[report->nmissing++] = sc->materials[i].code;
		}
	if (rc == 0 && json_array_size(missing) > 0) {
		char *list = json_dumps(missing, JSON_COMPACT);
		rc = bm_err_set(err, BM_ERULE, "materials_missing", "materials",
				"required materials are missing: %s", list != NULL ? list : "");
		free(list);
	}
	json_decref(missing);

	facts = malloc(sizeof(*facts));
	if (rc == 0 && facts == NULL)
		rc = bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	if (rc == 0)
		rc = profile_facts(s->db, a->unit_id, facts, err);
	if (rc == 0) {
		eligibility_evaluate(sc, g, facts, bm_date_cst(s->now), rep);
		if (rep->failed_hard > 0)
			rc = bm_err_set(err, BM_ERULE, "eligibility_failed", "eligibility",
					"%d basic condition%s not met", rep->failed_hard,
					rep->failed_hard == 1 ? " is" : "s are");
	}
	if (rc == 0) {
		struct unit u;
		struct unit_extra x;
		json_t *snapshot = NULL, *r;
		rc = units_repo_get(s->db, a->unit_id, &u, err);
		if (rc == 0)
			rc = profile_repo_extra_get(s->db, a->unit_id, &x, err);
		if (rc == 0) {
			snapshot = json_pack(
				"{s:{s:s,s:I},s:s,s:s,s:{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:i,s:"
				"i,s:b},"
				"s:O}",
				"scheme", "id", a->scheme_id, "version",
				(json_int_t)a->scheme_version, "grade", a->grade, "categories",
				a->categories, "unit", "name", u.name, "uscc", u.uscc, "region",
				u.region, "address", u.address, "legal_representative",
				u.legal_representative, "principal_head", x.principal_head,
				"actual_controller", x.actual_controller, "registered_on",
				u.registered_on, "registered_capital",
				(json_int_t)x.registered_capital, "foreign_direct_bp",
				x.foreign_direct_bp, "foreign_indirect_bp", x.foreign_indirect_bp,
				"foreign_known", x.foreign_known, "materials", cm.files);
			snap = snapshot != NULL ? json_dumps(snapshot, JSON_COMPACT) : NULL;
			json_decref(snapshot);
		}
		r = report_json(rep);
		elig = json_dumps(r, JSON_COMPACT);
		json_decref(r);
		if (rc == 0 && (snap == NULL || elig == NULL))
			rc = bm_err_set(err, BM_EINTERNAL, NULL, NULL,
					"cannot freeze the snapshot");
	}
	if (rc == 0)
		rc = apps_repo_set_docs(s->db, a->id, snap, elig, err);
	if (rc == 0)
		rc = files_repo_freeze(s->db, a->id, err);
	free(snap);
	free(elig);
	free(facts);
	free(local);
	json_decref(cm.files);
	return rc;
}

/* Checks and records of a submission. */
static int submit(struct svc *s, struct app_view *v, struct submit_report *report,
		  struct bm_err *err)
{
	struct application *a = &v->a;
	const struct scheme *sc = v->scheme;
	int g = scheme_grade_index(sc, a->grade);
	int32_t today = bm_date_cst(s->now);
	char today_text[BM_DATE_LEN], until[11], prefix[48];
	int64_t open = 0, n = 0;
	int rc;

	bm_date_format(today, today_text);
	rc = profile_repo_bar_until(s->db, a->unit_id, a->scheme_id, "reapply", today_text, until,
				    err);
	if (rc == 0 && until[0] != '\0')
		return bm_err_set(err, BM_ERULE, "waiting_period", "scheme",
				  "after a failed on-site review the unit may apply again from %s",
				  until);
	/* a halted case withdrawn and filed again waits as the halted case would */
	if (rc == 0)
		rc = profile_repo_bar_until(s->db, a->unit_id, a->scheme_id, "reinspect",
					    today_text, until, err);
	if (rc == 0 && until[0] != '\0')
		return bm_err_set(err, BM_ERULE, "waiting_period", "scheme",
				  "after an on-site review was halted the unit may apply again "
				  "from %s",
				  until);
	/* a renewal is filed when it is submitted: the window is checked on this day */
	if (rc == 0 && a->renewal_of != 0)
		rc = certs_renewal_check(s, a, 1, err);
	if (rc == 0)
		rc = apps_repo_open_count(s->db, a->unit_id, a->scheme_id, &open, err);
	if (rc == 0 && open > 1)
		return bm_err_set(err, BM_ECONFLICT, "open_application_exists", "scheme",
				  "the unit already has an open application under scheme %s",
				  a->scheme_id);
	if (rc == 0)
		rc = freeze(s, v, report, err);
	for (int st = 0; rc == 0 && st < STEP_COUNT; st++)
		rc = apps_resolve_authority(s, a, g, (enum step)st, &a->authority[st], err);
	if (rc == 0) {
		int y;
		unsigned m, d;
		bm_civil_from_days(today, &y, &m, &d);
		snprintf(prefix, sizeof(prefix), "SQ-%s-%04d-", a->scheme_id, y % 10000);
		rc = apps_repo_count_numbered(s->db, prefix, &n, err);
		if (rc == 0 && (size_t)snprintf(a->number, sizeof(a->number), "%s%05lld", prefix,
						(long long)n + 1) >= sizeof(a->number))
			rc = bm_err_set(err, BM_EINTERNAL, NULL, NULL, "number too long");
	}
	if (rc == 0) {
		a->submitted_at = s->now;
		a->received_on = a->acceptance_start = today;
	}
	return rc;
}

/* A civil year's next acceptance notice number. */
static int acceptance_number(struct svc *s, struct application *a, struct bm_err *err)
{
	char prefix[24];
	int y;
	unsigned m, d;
	int64_t n = 0;
	int rc;

	bm_civil_from_days(bm_date_cst(s->now), &y, &m, &d);
	snprintf(prefix, sizeof(prefix), "SL-%04d-", y % 10000);
	rc = apps_repo_count_accepted(s->db, prefix, &n, err);
	if (rc == 0)
		snprintf(a->acceptance_no, sizeof(a->acceptance_no), "%s%05lld", prefix,
			 (long long)n + 1);
	return rc;
}

static int onsite_outcome(struct svc *s, struct app_view *v, enum app_event ev,
			  const struct app_action *act, struct bm_err *err)
{
	struct application *a = &v->a;
	const struct scheme *sc = v->scheme;
	int32_t today = bm_date_cst(s->now);
	struct score_result res;
	enum onsite_outcome want = ev == EV_ONSITE_PASS	  ? OUTCOME_PASS
				   : ev == EV_ONSITE_FAIL ? OUTCOME_FAIL
							  : OUTCOME_HALT;
	char until[BM_DATE_LEN];
	json_t *vetoes;
	int rc = apps_aggregate(s, v, &res, err);

	if (rc != 0)
		return rc;
	if (a->onsite_date == 0 || today < a->onsite_date)
		return bm_err_set(err, BM_ERULE, "onsite_not_held", "onsite_date",
				  "the on-site review has not taken place yet");
	if (res.outcome != want)
		return bm_err_set(
			err, BM_ERULE, "outcome_mismatch", "event",
			"the team's sheets give %s (total %.2f of %d, pass at %d, %d veto "
			"item%s failed), not %s",
			onsite_outcome_name(res.outcome), res.total, sc->score_total,
			sc->score_pass, res.vetoes_failed, res.vetoes_failed == 1 ? "" : "s",
			onsite_outcome_name(want));
	bm_strlcpy(a->onsite_outcome, onsite_outcome_name(want), sizeof(a->onsite_outcome));
	a->onsite_total = res.total;
	/* [law] Administrative Licensing Law Art. 45: on-site time is not counted; a
	 * halt keeps the on-site pause open through the waiting period until the
	 * review is held again */
	if (want != OUTCOME_HALT)
		rc = apps_repo_pause_close(s->db, a->id, "onsite", today, err);
	vetoes = json_array();
	for (int i = 0; i < sc->nitems; i++)
		if (res.veto_failed[i])
			json_array_append_new(vetoes, json_string(sc->items[i].code));
	if (rc == 0)
		rc = apps_note(s, a, "onsite_opinion",
			       json_pack("{s:s,s:s,s:s,s:f,s:i,s:i,s:b,s:o}", "outcome",
					 a->onsite_outcome, "opinion", act->opinion,
					 "representative", act->representative, "total", res.total,
					 "min_total", res.min_total, "max_total", res.max_total,
					 "divergent", res.divergent, "vetoes_failed", vetoes),
			       err);
	else
		json_decref(vetoes);
	if (rc == 0 && want == OUTCOME_FAIL) {
		a->decided_on = today;
		bm_strlcpy(a->decision_reason, act->opinion, sizeof(a->decision_reason));
		if (sc->wait_after_fail_months > 0) {
			bm_date_format(bm_date_add_months(today, sc->wait_after_fail_months),
				       until);
			rc = profile_repo_bar_add(s->db, a->unit_id, a->scheme_id, "reapply", until,
						  a->id, s->now, err);
		}
	}
	if (rc == 0 && want == OUTCOME_HALT) {
		a->halted_on = today;
		if (sc->wait_after_halt_months > 0) {
			bm_date_format(bm_date_add_months(today, sc->wait_after_halt_months),
				       until);
			rc = profile_repo_bar_add(s->db, a->unit_id, a->scheme_id, "reinspect",
						  until, a->id, s->now, err);
		}
	}
	return rc;
}

/* Forget a previous on-site review: date, outcome, sheets and team. A new review
 * must be scheduled and scored from the start. */
static int onsite_reset(struct svc *s, struct application *a, struct bm_err *err)
{
	int rc;

	a->onsite_date = a->onsite_notified_on = 0;
	a->onsite_outcome[0] = '\0';
	a->onsite_total = 0;
	rc = onsite_repo_sheets_clear(s->db, a->id, err);
	if (rc == 0)
		rc = onsite_repo_team_clear(s->db, a->id, err);
	return rc;
}

/* Apply the effects of event ev (already allowed) to the case. */
static int effects(struct svc *s, struct app_view *v, enum app_event ev, enum app_state from,
		   const struct app_action *act, const struct calendar *cal,
		   struct submit_report *report, struct bm_err *err)
{
	struct application *a = &v->a;
	int32_t today = bm_date_cst(s->now);
	char d1[BM_DATE_LEN], d2[BM_DATE_LEN];
	int rc = 0;

	switch (ev) {
	case EV_SUBMIT:
		return submit(s, v, report, err);
	case EV_ACCEPT:
		if (act->date != 0 && act->date > today)
			return bm_err_set(err, BM_EINVAL, "invalid_date", "date",
					  "the receipt date cannot be in the future");
		if (act->date != 0)
			a->received_on = act->date;
		a->accepted_on = today;
		/* [law] ALL Art. 32: accepted late is accepted as of the receipt */
		if (v->clock_ok && v->clock.overdue) {
			a->accepted_on = a->acceptance_start;
			a->deemed_accepted = 1;
		}
		rc = acceptance_number(s, a, err);
		date_text(a->received_on, d1);
		date_text(a->accepted_on, d2);
		if (rc == 0)
			rc = apps_note(s, a, "acceptance_notice",
				       json_pack("{s:s,s:s,s:s}", "number", a->acceptance_no,
						 "received_on", d1, "accepted_on", d2),
				       err);
		return rc;
	case EV_DEEMED_ACCEPT:
		/* [law] Administrative Licensing Law Art. 32: no notice in time means
		 * accepted on the day the (complete) materials were received: the
		 * submission, or the resubmission after a supplement request */
		a->accepted_on = a->acceptance_start;
		a->deemed_accepted = 1;
		rc = acceptance_number(s, a, err);
		date_text(a->accepted_on, d1);
		if (rc == 0)
			rc = apps_note(s, a, "acceptance_notice",
				       json_pack("{s:s,s:s,s:b}", "number", a->acceptance_no,
						 "accepted_on", d1, "deemed", 1),
				       err);
		return rc;
	case EV_REQUEST_SUPPLEMENT:
		a->supplement_used = 1;
		a->supplement_on = today;
		return apps_note(s, a, "supplement_notice",
				 json_pack("{s:o,s:s}", "items", items_json(act), "reason",
					   act->reason != NULL ? act->reason : ""),
				 err);
	case EV_RESUBMIT:
		/* [law] the acceptance check restarts from the complete materials */
		a->acceptance_start = today;
		return freeze(s, v, report, err);
	case EV_ABANDON:
		return apps_note(s, a, "abandonment",
				 json_pack("{s:s}", "reason", "the supplement window passed"), err);
	case EV_REFUSE:
	case EV_REJECT:
		a->decided_on = today;
		bm_strlcpy(a->decision_reason, act->reason, sizeof(a->decision_reason));
		rc = apps_repo_pause_close(s->db, a->id, "correction", today, err);
		if (rc == 0)
			rc = apps_note(s, a, ev == EV_REFUSE ? "refusal" : "decision",
				       json_pack("{s:s,s:s,s:s}", "decision",
						 ev == EV_REFUSE ? "not_accepted" : "rejected",
						 "reason", act->reason, "stage",
						 app_state_name(from)),
				       err);
		return rc;
	case EV_FORWARD:
		return apps_note(s, a, "preliminary_opinion",
				 json_pack("{s:s}", "opinion", act->opinion), err);
	case EV_RETURN:
		rc = apps_repo_pause_open(s->db, a->id, "correction", today, err);
		if (rc == 0)
			rc = apps_note(s, a, "return_notice",
				       json_pack("{s:s,s:o}", "reason", act->reason, "items",
						 items_json(act)),
				       err);
		return rc;
	case EV_CORRECT:
		rc = apps_repo_pause_close(s->db, a->id, "correction", today, err);
		if (rc == 0)
			rc = freeze(s, v, report, err);
		return rc;
	case EV_LIST_ONSITE:
		/* after an upheld objection the case is reviewed on site afresh */
		rc = onsite_reset(s, a, err);
		if (rc == 0)
			rc = apps_repo_pause_open(s->db, a->id, "onsite", today, err);
		if (rc == 0)
			rc = apps_note(s, a, "review_opinion",
				       json_pack("{s:s,s:s}", "opinion", act->opinion, "conclusion",
						 "listed for on-site review"),
				       err);
		return rc;
	case EV_ONSITE_PASS:
	case EV_ONSITE_FAIL:
	case EV_ONSITE_HALT:
		return onsite_outcome(s, v, ev, act, err);
	case EV_RESCHEDULE:
		/* the on-site pause opened before the halt is still open */
		return onsite_reset(s, a, err);
	case EV_OPEN_PUBLICITY: {
		int32_t start = act->date != 0 ? act->date : today;
		if (start < today)
			return bm_err_set(err, BM_EINVAL, "invalid_date", "date",
					  "publicity cannot start in the past");
		/* [cfg] the period is the scheme's working days after the start day */
		rc = calendar_add(cal, start, v->scheme->publicity.value, &a->publicity_end, err);
		a->publicity_start = start;
		date_text(a->publicity_start, d1);
		date_text(a->publicity_end, d2);
		if (rc == 0)
			rc = apps_note(s, a, "publicity",
				       json_pack("{s:s,s:s,s:i}", "start", d1, "end", d2,
						 "working_days", v->scheme->publicity.value),
				       err);
		return rc;
	}
	case EV_UPHOLD_OBJECTION:
		a->publicity_start = a->publicity_end = 0;
		return 0;
	case EV_CLOSE_PUBLICITY:
		return 0;
	case EV_APPROVE:
		a->decided_on = today;
		bm_strlcpy(a->decision_reason, act->reason, sizeof(a->decision_reason));
		bm_strlcpy(a->granted_grade, a->grade, sizeof(a->granted_grade));
		bm_strlcpy(a->granted_categories, a->categories, sizeof(a->granted_categories));
		/* The certificate is issued when a second person confirms (service/certs.h);
		 * the approval opens that issuance in this same commit. */
		rc = apps_note(s, a, "decision",
			       json_pack("{s:s,s:s,s:s,s:s}", "decision", "approved", "reason",
					 act->reason, "grade", a->granted_grade, "categories",
					 a->granted_categories),
			       err);
		if (rc == 0)
			rc = certs_issuance_open(s, a, err);
		return rc;
	case EV_WITHDRAW:
		rc = apps_repo_pause_close(s->db, a->id, "correction", today, err);
		if (rc == 0)
			rc = apps_repo_pause_close(s->db, a->id, "onsite", today, err);
		if (rc == 0)
			rc = apps_note(s, a, "withdrawal",
				       json_pack("{s:s}", "reason",
						 act->reason != NULL ? act->reason : ""),
				       err);
		return rc;
	case APP_EVENT_COUNT:
		break;
	}
	return 0;
}

/* Tell the people whose turn it is now. */
static int notify(struct svc *s, const struct application *a, enum app_event ev, struct bm_err *err)
{
	/* who acts next, in which step, and what they read */
	static const struct {
		enum app_state state;
		enum step step;
		const char *role, *kind, *zh, *en;
	} next[] = {
		{ APP_SUBMITTED, STEP_ACCEPT, "reviewer", "application.to_accept", "待受理审查",
		  "awaits the acceptance check" },
		{ APP_PRELIMINARY_REVIEW, STEP_PRELIMINARY, "reviewer", "application.to_review",
		  "待初审", "awaits the preliminary review" },
		{ APP_SUPERIOR_REVIEW, STEP_REVIEW, "reviewer", "application.to_review",
		  "待书面审查", "awaits the written review" },
		{ APP_ONSITE_PASSED, STEP_REVIEW, "reviewer", "application.to_review", "待公示",
		  "passed the on-site review and awaits publicity" },
		{ APP_ONSITE, STEP_ONSITE, "reviewer", "application.to_onsite", "待安排现场审查",
		  "awaits the scheduling of its on-site review" },
		{ APP_HALTED, STEP_ONSITE, "reviewer", "application.to_onsite",
		  "现场审查中止，待重新安排", "was halted on site and awaits a new review" },
		{ APP_DECISION, STEP_DECIDE, "approver", "application.to_decide", "待审批决定",
		  "awaits the decision" },
	};
	char zh[256], en[256];
	const char *num = a->number[0] ? a->number : "(draft)";
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < sizeof(next) / sizeof(next[0]); i++) {
		if (next[i].state != a->state)
			continue;
		snprintf(zh, sizeof(zh), "申请 %s %s", num, next[i].zh);
		snprintf(en, sizeof(en), "Application %s %s", num, next[i].en);
		rc = apps_notify_step(s, a, next[i].step, next[i].role, next[i].kind, zh, en, err);
	}
	/* the unit hears of everything it did not do itself */
	if (rc == 0 && ev != EV_SUBMIT && ev != EV_RESUBMIT && ev != EV_CORRECT &&
	    ev != EV_WITHDRAW) {
		snprintf(zh, sizeof(zh), "您的申请 %s 状态已更新：%s", num,
			 app_state_label(a->state, 1));
		snprintf(en, sizeof(en), "Your application %s is now: %s", num,
			 app_state_label(a->state, 0));
		rc = apps_notify_unit(s, a, "application.update", zh, en, err);
	}
	return rc;
}

static int facts_of(struct svc *s, const struct app_view *v, const struct calendar *cal,
		    struct wf_facts *f, struct bm_err *err)
{
	const struct application *a = &v->a;
	int32_t today = bm_date_cst(s->now);
	int64_t open = 0;
	int g = scheme_grade_index(v->scheme, a->grade);
	int rc;

	(void)cal;
	memset(f, 0, sizeof(*f));
	f->has_preliminary =
		a->authority[STEP_PRELIMINARY] != 0 ||
		(a->state == APP_DRAFT &&
		 scheme_authority(v->scheme, g, a->region, STEP_PRELIMINARY) != AUTHLVL_NONE);
	f->supplement_used = a->supplement_used;
	f->acceptance_overdue = a->state == APP_SUBMITTED && v->clock_ok && v->clock.overdue;
	f->supplement_overdue = a->state == APP_SUPPLEMENT && v->clock_ok && v->clock.overdue;
	f->wait_elapsed =
		a->halted_on != 0 &&
		today >= bm_date_add_months(a->halted_on, v->scheme->wait_after_halt_months);
	f->publicity_over = a->publicity_end != 0 && today > a->publicity_end;
	rc = objections_repo_open_count(s->db, a->id, &open, err);
	f->objections_open = (int)open;
	return rc;
}

int apps_transition_locked(struct svc *s, struct app_view *v, enum app_event event,
			   const struct app_action *act, struct submit_report *report,
			   struct bm_err *err)
{
	struct application *a = &v->a;
	const struct wf_transition *t = NULL;
	struct calendar *cal = malloc(sizeof(*cal));
	struct wf_facts facts;
	enum app_state from;
	int rc;

	if (cal == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	rc = calendars_load(s->db, cal, err);
	if (rc == 0) {
		apps_derive(s, cal, v);
		rc = facts_of(s, v, cal, &facts, err);
	}
	if (rc == 0)
		rc = workflow_next(a->state, event, &facts, &t, err);
	if (rc == 0)
		rc = check_actor(s, v, t, err);
	if (rc == 0) {
		from = a->state;
		a->state = t->to;
		rc = effects(s, v, event, from, act, cal, report, err);
	}
	if (rc == 0) {
		a->updated_at = s->now;
		rc = apps_repo_update(s->db, a, a->version, err);
	}
	if (rc == 0) {
		json_t *d = json_pack("{s:s}", "event", app_event_name(event));
		if (act->reason != NULL)
			json_object_set_new(d, "reason", json_string(act->reason));
		if (act->opinion != NULL)
			json_object_set_new(d, "opinion", json_string(act->opinion));
		if (act->nitems > 0)
			json_object_set_new(d, "items", items_json(act));
		rc = apps_record(s, a, app_event_name(event), from, d, err);
	}
	if (rc == 0)
		rc = notify(s, a, event, err);
	if (rc == 0) {
		apps_derive(s, cal, v);
		apps_offer(s, v, cal);
	}
	free(cal);
	return rc;
}

/* 0 for events raised only as the effect of another act: uphold_objection is the
 * consequence of resolving an objection as upheld (apps_objection_resolve). */
static int by_hand(enum app_event ev)
{
	return ev != EV_UPHOLD_OBJECTION;
}

int apps_transition(struct svc *s, int64_t id, int64_t if_match, enum app_event event,
		    const struct app_action *act, struct app_view *out,
		    struct submit_report *report, struct bm_err *err)
{
	static const struct app_action none;
	int rc;

	if (act == NULL)
		act = &none;
	if (!by_hand(event))
		return bm_err_set(err, BM_ERULE, "not_by_hand", "event",
				  "%s follows from resolving an objection as upheld",
				  app_event_name(event));
	rc = check_payload(event, act, err);
	if (rc == 0)
		rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = apps_load(s, id, out, err);
	if (rc == 0 && if_match != 0 && if_match != out->a.version)
		rc = bm_err_set(err, BM_ESTALE, "version_mismatch", NULL,
				"the application was changed by someone else (now version %lld)",
				(long long)out->a.version);
	if (rc == 0)
		rc = apps_transition_locked(s, out, event, act, report, err);
	return svc_end(s, rc, err);
}

int apps_extend(struct svc *s, int64_t id, int64_t if_match, int days, const char *reason,
		struct app_view *out, struct bm_err *err)
{
	struct application *a = &out->a;
	struct resource r;
	struct calendar *cal = NULL;
	int rc = text_ok(reason, "reason", err);

	if (rc != 0)
		return rc;
	rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = apps_load(s, id, out, err);
	if (rc == 0) {
		apps_resource(a, &r);
		rc = svc_authorize(s, ACT_APP_DECIDE, &r, err);
	}
	if (rc == 0 && !apps_step_authority(s, a, STEP_DECIDE))
		rc = svc_refuse(s, ACT_APP_DECIDE, "application", id, err, "not_your_step", "state",
				"the decision belongs to another authority");
	if (rc == 0 && (a->accepted_on == 0 || app_state_final(a->state)))
		rc = bm_err_set(
			err, BM_ECONFLICT, "illegal_transition", "state",
			"only an accepted, undecided case's limit can be extended (state %s)",
			app_state_name(a->state));
	if (rc == 0 && (days < 1 || a->decision_extension + days > out->scheme->decision_extension))
		rc = bm_err_set(err, BM_ERULE, "extension_exceeded", "working_days",
				"the decision limit may be extended by at most %d working days in "
				"all (%d used)",
				out->scheme->decision_extension, a->decision_extension);
	if (rc == 0 && if_match != a->version)
		rc = bm_err_set(err, BM_ESTALE, "version_mismatch", NULL,
				"the application was changed by someone else (now version %lld)",
				(long long)a->version);
	if (rc == 0) {
		a->decision_extension += days;
		a->updated_at = s->now;
		rc = apps_repo_add_extension(s->db, id, days, reason, s->who.user_id, s->now, err);
	}
	if (rc == 0)
		rc = apps_repo_update(s->db, a, a->version, err);
	if (rc == 0)
		rc = apps_record(s, a, "application.extend", a->state,
				 json_pack("{s:i,s:s,s:i}", "working_days", days, "reason", reason,
					   "total_extension", a->decision_extension),
				 err);
	cal = malloc(sizeof(*cal));
	if (rc == 0 && cal != NULL && calendars_load(s->db, cal, err) == 0) {
		apps_derive(s, cal, out);
		apps_offer(s, out, cal);
	}
	free(cal);
	return svc_end(s, rc, err);
}

/* The on-site event the team's sheets call for today, or APP_EVENT_COUNT while the
 * review has not been held or a sheet is outstanding. */
static enum app_event onsite_due(struct svc *s, const struct app_view *v)
{
	struct score_result res;
	struct bm_err e;

	if (v->a.state != APP_ONSITE || v->a.onsite_date == 0 ||
	    bm_date_cst(s->now) < v->a.onsite_date || apps_aggregate(s, v, &res, &e) != 0)
		return APP_EVENT_COUNT;
	return res.outcome == OUTCOME_PASS   ? EV_ONSITE_PASS
	       : res.outcome == OUTCOME_FAIL ? EV_ONSITE_FAIL
					     : EV_ONSITE_HALT;
}

/* The events the caller may raise now (bits of enum app_event). */
static unsigned actions_of(struct svc *s, const struct app_view *v, const struct calendar *cal)
{
	__typeof__(s->denial) saved = s->denial;
	enum app_event onsite = onsite_due(s, v);
	struct wf_facts facts;
	struct bm_err e;
	unsigned mask = 0;

	if (facts_of(s, v, cal, &facts, &e) != 0)
		return 0;
	for (int ev = 0; ev < APP_EVENT_COUNT; ev++) {
		const struct wf_transition *t;
		int outcome = ev == EV_ONSITE_PASS || ev == EV_ONSITE_FAIL || ev == EV_ONSITE_HALT;
		if (!by_hand((enum app_event)ev) || (outcome && ev != (int)onsite) ||
		    workflow_next(v->a.state, (enum app_event)ev, &facts, &t, &e) != 0 ||
		    t->actor == ACTOR_SYSTEM)
			continue;
		if (check_actor(s, v, t, &e) == 0)
			mask |= 1u << ev;
	}
	/* a probe is not an attempt: forget any refusal it met */
	s->denial = saved;
	return mask;
}

static const char *const can_names[APP_CAN_COUNT] = {
	"upload", "schedule_onsite", "score", "resolve_objections", "extend", "confirm_issuance",
};

const char *app_can_name(enum app_can c)
{
	return (unsigned)c < APP_CAN_COUNT ? can_names[c] : "unknown";
}

static int allowed(struct svc *s, const struct application *a, enum action act)
{
	struct resource r;

	apps_resource(a, &r);
	return authz_check(&s->who, act, &r) == AUTHZ_ALLOW;
}

/* What else the caller may do now (bits of enum app_can); the same checks the
 * operations make, without recording refusals. */
static unsigned abilities_of(struct svc *s, const struct app_view *v)
{
	const struct application *a = &v->a;
	unsigned can = 0, seat = 0;
	int submitted = 1;
	struct bm_err e;

	if (apps_file_phase(a->state) != NULL && allowed(s, a, ACT_APP_APPLY))
		can |= 1u << APP_CAN_UPLOAD;
	if (a->state == APP_ONSITE && allowed(s, a, ACT_APP_REVIEW) &&
	    apps_step_authority(s, a, STEP_ONSITE))
		can |= 1u << APP_CAN_SCHEDULE_ONSITE;
	if (a->state == APP_ONSITE && a->onsite_date != 0 &&
	    bm_date_cst(s->now) >= a->onsite_date && allowed(s, a, ACT_APP_SCORE) &&
	    apps_team_seat(s, a->id, s->who.user_id, &seat, &e) == 0 && seat != 0 &&
	    onsite_repo_sheet_submitted(s->db, a->id, s->who.user_id, &submitted, &e) == 0 &&
	    !submitted)
		can |= 1u << APP_CAN_SCORE;
	if (a->state == APP_PUBLICITY && allowed(s, a, ACT_APP_REVIEW) &&
	    apps_step_authority(s, a, STEP_REVIEW))
		can |= 1u << APP_CAN_RESOLVE_OBJECTIONS;
	if (a->accepted_on != 0 && !app_state_final(a->state) &&
	    a->decision_extension < v->scheme->decision_extension &&
	    allowed(s, a, ACT_APP_DECIDE) && apps_step_authority(s, a, STEP_DECIDE))
		can |= 1u << APP_CAN_EXTEND;
	return can;
}

/* The case's certificate issuance, and whether the caller may confirm it. */
static unsigned issuance_of(struct svc *s, struct app_view *v)
{
	struct issuance_rec iss;
	struct bm_err e;
	int found = 0;

	v->issuance_id = v->issuance_decided_by = v->certificate_id = 0;
	v->issuance_state[0] = '\0';
	if (v->a.state != APP_APPROVED || certs_issuance_of(s, v->a.id, &iss, &found, &e) != 0 ||
	    !found)
		return 0;
	v->issuance_id = iss.id;
	bm_strlcpy(v->issuance_state, iss.state, sizeof(v->issuance_state));
	v->issuance_decided_by = iss.decided_by;
	v->certificate_id = iss.certificate_id;
	return certs_may_confirm(s, &iss) ? 1u << APP_CAN_CONFIRM_ISSUANCE : 0;
}

void apps_offer(struct svc *s, struct app_view *v, const struct calendar *cal)
{
	v->actions = actions_of(s, v, cal);
	v->can = abilities_of(s, v) | issuance_of(s, v);
}
