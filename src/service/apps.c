/*
 * apps.c - applications: creating and editing drafts, reading, listing and work
 * queues, the statutory clock of each case, eligibility, and what the other
 * apps_*.c files share (loading with authorisation, timeline, notifications).
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
#include "store/notify_repo.h"
#include "service/orgs.h"
#include "store/orgs_repo.h"
#include "store/profile_repo.h"
#include "base/banned.h"

void apps_resource(const struct application *a, struct resource *r)
{
	memset(r, 0, sizeof(*r));
	r->type = "application";
	r->id = a->id;
	r->scoped = 1;
	r->region = a->region;
	r->unit_id = a->unit_id;
	/* never submitted (a draft, or a draft withdrawn): the unit's own business */
	r->unit_private = a->submitted_at == 0;
	r->label = &a->label;
}

int apps_load(struct svc *s, int64_t id, struct app_view *v, struct bm_err *err)
{
	struct resource r;
	struct unit u;
	int rc;

	memset(v, 0, sizeof(*v));
	rc = apps_repo_get(s->db, id, &v->a, err);
	if (rc != 0)
		return rc;
	apps_resource(&v->a, &r);
	rc = svc_authorize(s, ACT_APP_READ, &r, err);
	if (rc == 0)
		rc = schemes_version(s->db, v->a.scheme_id, v->a.scheme_version, &v->scheme, err);
	if (rc == 0 && units_repo_get(s->db, v->a.unit_id, &u, err) == 0) {
		bm_strlcpy(v->unit_name, u.name, sizeof(v->unit_name));
		bm_strlcpy(v->unit_uscc, u.uscc, sizeof(v->unit_uscc));
	}
	return rc;
}

/* The clock stage of a state and its start and budget. */
static const char *stage_of(const struct app_view *v, int32_t *start, int *budget)
{
	const struct application *a = &v->a;

	switch (a->state) {
	case APP_SUBMITTED:
		*start = a->acceptance_start;
		*budget = v->scheme->acceptance.value;
		return "acceptance";
	case APP_SUPPLEMENT:
		*start = a->supplement_on;
		*budget = v->scheme->supplement.value;
		return "supplement";
	case APP_PRELIMINARY_REVIEW:
	case APP_PRELIMINARY_CORRECTION:
	case APP_SUPERIOR_REVIEW:
	case APP_SUPERIOR_CORRECTION:
	case APP_ONSITE:
	case APP_ONSITE_PASSED:
	case APP_HALTED:
	case APP_PUBLICITY:
	case APP_DECISION:
		*start = a->accepted_on;
		*budget = v->scheme->decision.value + a->decision_extension;
		return "decision";
	default:
		return "";
	}
}

void apps_derive(struct svc *s, const struct calendar *cal, struct app_view *v)
{
	struct clock_pause pauses[32];
	struct bm_err ignored;
	int32_t start = 0;
	int budget = 0, n = 0;

	v->stage = stage_of(v, &start, &budget);
	v->clock_ok = 0;
	memset(&v->clock, 0, sizeof(v->clock));
	if (v->stage[0] == '\0' || start == 0)
		return;
	/* only the decision stage has pauses (correction, on-site review) */
	if (strcmp(v->stage, "decision") == 0 &&
	    apps_repo_pauses(s->db, v->a.id, pauses, 32, &n, &ignored) != 0)
		return;
	if (clock_compute(cal, start, budget, pauses, (size_t)n, bm_date_cst(s->now), &v->clock,
			  &ignored) == 0)
		v->clock_ok = 1;
}

int apps_step_authority(const struct svc *s, const struct application *a, enum step step)
{
	return s->who.kind == AUTH_OPERATOR ||
	       (s->who.membership == MEMBER_AUTHORITY && a->authority[step] != 0 &&
		s->who.authority_id == a->authority[step]);
}

int apps_record(struct svc *s, const struct application *a, const char *event, enum app_state from,
		json_t *details, struct bm_err *err)
{
	struct app_event_rec e;
	char *text;
	int rc;

	if (details == NULL)
		details = json_object();
	text = json_dumps(details, JSON_COMPACT | JSON_SORT_KEYS);
	memset(&e, 0, sizeof(e));
	e.application_id = a->id;
	e.at = s->now;
	e.actor_id = s->who.user_id;
	e.actor_login = s->who.kind == AUTH_NONE ? "anonymous" : s->who.login;
	e.event = event;
	e.from_state = app_state_name(from);
	e.to_state = app_state_name(a->state);
	e.details = text != NULL ? text : "{}";
	rc = apps_repo_add_event(s->db, &e, err);
	free(text);
	if (rc == 0) {
		json_object_set_new(details, "from", json_string(app_state_name(from)));
		json_object_set_new(details, "to", json_string(app_state_name(a->state)));
		json_object_set_new(details, "number", json_string(a->number));
		rc = svc_audit(s, event[0] != '\0' ? event : "application.update", "application",
			       a->id, json_incref(details), err);
	}
	json_decref(details);
	return rc;
}

int apps_notify_unit(struct svc *s, const struct application *a, const char *kind, const char *zh,
		     const char *en, struct bm_err *err)
{
	struct notification n = { 0, 0, a->id, s->now, 0, kind, zh, en };
	return notify_repo_add_unit(s->db, a->unit_id, &n, err);
}

int apps_notify_step(struct svc *s, const struct application *a, enum step step, const char *role,
		     const char *kind, const char *zh, const char *en, struct bm_err *err)
{
	struct notification n = { 0, 0, a->id, s->now, 0, kind, zh, en };

	if (a->authority[step] == 0)
		return 0;
	return notify_repo_add_authority(s->db, a->authority[step], role, &n, err);
}

int apps_categories_text(const struct scheme *sc, const char *const *cats, size_t n, char *out,
			 size_t outsz, struct bm_err *err)
{
	unsigned char chosen[SCHEME_MAX_CATS] = { 0 };
	size_t off = 0;

	if (n == 0)
		return bm_err_set(err, BM_EINVAL, "invalid_field", "categories",
				  "choose at least one business category");
	for (size_t i = 0; i < n; i++) {
		int k = scheme_category_index(sc, cats[i]);
		if (k < 0)
			return bm_err_set(err, BM_EINVAL, "invalid_value", "categories",
					  "category \"%s\" is not one of scheme %s", cats[i],
					  sc->id);
		chosen[k] = 1;
	}
	out[0] = '\0';
	for (int k = 0; k < sc->ncategories; k++) {
		size_t len = strlen(sc->categories[k].code);
		if (!chosen[k])
			continue;
		if (off + len + 2 > outsz)
			return bm_err_set(err, BM_EINVAL, "invalid_field", "categories",
					  "too many categories");
		if (off > 0)
			out[off++] = ',';
		memcpy(out + off, sc->categories[k].code, len + 1);
		off += len;
	}
	return 0;
}

static int grade_ok(const struct scheme *sc, const char *grade, struct bm_err *err)
{
	int g = scheme_grade_index(sc, grade);

	if (g < 0)
		return bm_err_set(err, BM_EINVAL, "invalid_value", "grade",
				  "grade \"%s\" is not one of scheme %s", grade, sc->id);
	if (sc->grades[g].legacy)
		return bm_err_set(err, BM_ERULE, "legacy_grade", "grade",
				  "%s is a legacy level, accepted on existing certificates only; "
				  "new applications cannot ask for it",
				  grade);
	return 0;
}

/* Fill v's clock and the caller's possible actions, within the open transaction.
 * Without a calendar the clock stays unknown and no action is offered. */
static void view_complete(struct svc *s, struct app_view *v)
{
	struct calendar *cal = NULL;
	struct bm_err ignored;

	if (calendars_load_new(s->db, &cal, &ignored) == 0) {
		apps_derive(s, cal, v);
		apps_offer(s, v, cal);
	}
	free(cal);
}

int apps_create(struct svc *s, const char *scheme_id, const char *grade,
		const char *const *categories, size_t ncategories, int64_t renewal_of,
		struct app_view *out, struct bm_err *err)
{
	const struct scheme *sc = schemes_current(scheme_id);
	struct application *a = &out->a;
	struct resource r;
	struct unit u;
	int rc;

	memset(out, 0, sizeof(*out));
	if (sc == NULL)
		return bm_err_set(err, BM_EINVAL, "invalid_value", "scheme", "no scheme \"%s\"",
				  scheme_id);
	if ((rc = grade_ok(sc, grade, err)) != 0 ||
	    (rc = apps_categories_text(sc, categories, ncategories, a->categories,
				       sizeof(a->categories), err)) != 0)
		return rc;
	if (s->who.membership != MEMBER_UNIT && s->who.kind != AUTH_OPERATOR)
		return bm_err_set(err, BM_EFORBIDDEN, "forbidden", NULL,
				  "applications are made by a unit's security officer");
	rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = units_repo_get(s->db, s->who.unit_id, &u, err);
	if (rc != 0)
		return svc_end(s, rc, err);
	a->unit_id = u.id;
	bm_strlcpy(a->region, u.region, sizeof(a->region));
	bm_strlcpy(a->scheme_id, sc->id, sizeof(a->scheme_id));
	a->scheme_version = sc->version;
	bm_strlcpy(a->grade, grade, sizeof(a->grade));
	a->state = APP_DRAFT;
	a->label.level = LEVEL_INTERNAL;
	a->created_by = s->who.user_id;
	a->created_at = a->updated_at = s->now;
	a->renewal_of = renewal_of;
	apps_resource(a, &r);
	rc = svc_authorize(s, ACT_APP_READ, &r, err);
	if (rc == 0)
		rc = svc_authorize(s, ACT_APP_APPLY, &r, err);
	if (rc == 0 && renewal_of != 0)
		rc = certs_renewal_check(s, a, 0, err);
	if (rc == 0)
		rc = apps_repo_insert(s->db, a, err);
	if (rc == 0)
		rc = apps_record(
			s, a, "application.create", APP_DRAFT,
			json_pack("{s:s,s:s,s:s,s:o}", "scheme", a->scheme_id, "grade", a->grade,
				  "categories", a->categories, "renewal_of",
				  renewal_of != 0 ? json_integer(renewal_of) : json_null()),
			err);
	out->scheme = sc;
	bm_strlcpy(out->unit_name, u.name, sizeof(out->unit_name));
	bm_strlcpy(out->unit_uscc, u.uscc, sizeof(out->unit_uscc));
	if (rc == 0)
		view_complete(s, out);
	return svc_end(s, rc, err);
}

int apps_get(struct svc *s, int64_t id, struct app_view *out, struct bm_err *err)
{
	int rc = svc_begin(s, DB_TX_READ, err);

	if (rc == 0)
		rc = apps_load(s, id, out, err);
	if (rc == 0)
		view_complete(s, out);
	return svc_end(s, rc, err);
}

int apps_update_draft(struct svc *s, int64_t id, int64_t if_match, const char *grade,
		      const char *const *categories, size_t ncategories, struct app_view *out,
		      struct bm_err *err)
{
	struct application *a = &out->a;
	struct resource r;
	json_t *changes;
	char cats[APP_CATS_MAX];
	int rc = svc_begin(s, DB_TX_WRITE, err);

	if (rc == 0)
		rc = apps_load(s, id, out, err);
	if (rc == 0) {
		apps_resource(a, &r);
		rc = svc_authorize(s, ACT_APP_APPLY, &r, err);
	}
	if (rc == 0 && a->state != APP_DRAFT)
		rc = bm_err_set(err, BM_ECONFLICT, "illegal_transition", "state",
				"only a draft can be edited; the application is %s",
				app_state_name(a->state));
	if (rc == 0 && grade != NULL)
		rc = grade_ok(out->scheme, grade, err);
	if (rc == 0 && categories != NULL)
		rc = apps_categories_text(out->scheme, categories, ncategories, cats, sizeof(cats),
					  err);
	if (rc != 0)
		return svc_end(s, rc, err);
	changes = json_object();
	if (grade != NULL) {
		svc_change(changes, "grade", json_string(a->grade), json_string(grade));
		bm_strlcpy(a->grade, grade, sizeof(a->grade));
	}
	if (categories != NULL) {
		svc_change(changes, "categories", json_string(a->categories), json_string(cats));
		bm_strlcpy(a->categories, cats, sizeof(a->categories));
	}
	a->updated_at = s->now;
	rc = apps_repo_update(s->db, a, if_match, err);
	if (rc == 0)
		rc = apps_record(s, a, "application.update", APP_DRAFT,
				 json_pack("{s:o}", "changes", changes), err);
	else
		json_decref(changes);
	if (rc == 0)
		view_complete(s, out);
	return svc_end(s, rc, err);
}

/* ---- lists and work queues ---- */

/* Does the case wait on the caller? */
static int awaits(struct svc *s, const struct application *a)
{
	unsigned roles = s->who.roles;
	int reviewer = (roles & ROLE_BIT(ROLE_REVIEWER)) != 0;
	struct bm_err ignored;

	if (s->who.membership == MEMBER_UNIT)
		return (roles & ROLE_BIT(ROLE_UNIT_OFFICER)) &&
		       (a->state == APP_DRAFT || a->state == APP_SUPPLEMENT ||
			a->state == APP_PRELIMINARY_CORRECTION ||
			a->state == APP_SUPERIOR_CORRECTION);
	switch (a->state) {
	case APP_SUBMITTED:
		return reviewer && apps_step_authority(s, a, STEP_ACCEPT);
	case APP_PRELIMINARY_REVIEW:
		return reviewer && apps_step_authority(s, a, STEP_PRELIMINARY);
	case APP_SUPERIOR_REVIEW:
	case APP_ONSITE_PASSED:
	case APP_PUBLICITY:
		return reviewer && apps_step_authority(s, a, STEP_REVIEW);
	case APP_HALTED:
		return reviewer && apps_step_authority(s, a, STEP_ONSITE);
	case APP_ONSITE: {
		int involved = 0;
		if (reviewer && a->onsite_date == 0 && apps_step_authority(s, a, STEP_ONSITE))
			return 1;
		apps_repo_user_involved(s->db, a->id, s->who.user_id, &involved, &ignored);
		return involved;
	}
	case APP_DECISION:
		return (roles & ROLE_BIT(ROLE_APPROVER)) && apps_step_authority(s, a, STEP_DECIDE);
	default:
		return 0;
	}
}

struct list_ctx {
	struct svc *s;
	const struct app_list_filter *f;
	const struct calendar *cal;
	int limit, emitted;
	int64_t last, next;
	struct app_view *buf; /* tasks: collected, then sorted by due date */
	int nbuf, capbuf;
	visit_fn fn;
	void *ctx;
	struct bm_err *err;
};

static int list_visit(void *ctx, const void *rec)
{
	struct list_ctx *lc = ctx;
	const struct application *a = rec;
	struct app_view v;
	struct resource r;

	if (lc->emitted == lc->limit) {
		lc->next = lc->last;
		return 1;
	}
	apps_resource(a, &r);
	if (authz_check(&lc->s->who, ACT_APP_READ, &r) != AUTHZ_ALLOW)
		return 0;
	memset(&v, 0, sizeof(v));
	v.a = *a;
	if (schemes_version(lc->s->db, a->scheme_id, a->scheme_version, &v.scheme, lc->err) != 0)
		return lc->err->code;
	apps_derive(lc->s, lc->cal, &v);
	if (lc->f->overdue && !(v.clock_ok && v.clock.overdue))
		return 0;
	if (lc->f->due_within >= 0 && !(v.clock_ok && !v.clock.paused && v.clock.due != 0 &&
					v.clock.remaining <= lc->f->due_within))
		return 0;
	if (lc->f->tasks && !awaits(lc->s, a))
		return 0;
	{
		struct unit u;
		struct bm_err ignored;
		if (units_repo_get(lc->s->db, a->unit_id, &u, &ignored) == 0) {
			bm_strlcpy(v.unit_name, u.name, sizeof(v.unit_name));
			bm_strlcpy(v.unit_uscc, u.uscc, sizeof(v.unit_uscc));
		}
	}
	lc->emitted++;
	lc->last = a->id;
	if (lc->f->tasks) {
		if (lc->nbuf == lc->capbuf) {
			int cap = lc->capbuf ? lc->capbuf * 2 : 32;
			struct app_view *nb = realloc(lc->buf, (size_t)cap * sizeof(*nb));
			if (nb == NULL)
				return BM_EINTERNAL;
			lc->buf = nb;
			lc->capbuf = cap;
		}
		lc->buf[lc->nbuf++] = v;
		return 0;
	}
	return lc->fn(lc->ctx, &v);
}

static int by_due(const void *x, const void *y)
{
	const struct app_view *a = x, *b = y;
	int32_t da = a->clock_ok && a->clock.due ? a->clock.due : INT32_MAX;
	int32_t db = b->clock_ok && b->clock.due ? b->clock.due : INT32_MAX;

	if (da != db)
		return da < db ? -1 : 1;
	return a->a.id < b->a.id ? -1 : a->a.id > b->a.id;
}

int apps_list(struct svc *s, const struct app_list_filter *f, int limit, visit_fn fn, void *ctx,
	      int64_t *next, struct bm_err *err)
{
	struct list_ctx lc = { s, f, NULL, limit, 0, 0, 0, NULL, 0, 0, fn, ctx, err };
	struct calendar *cal = NULL;
	int rc = svc_authorize(s, ACT_APP_READ, &(struct resource){ .type = "application" }, err);

	*next = 0;
	if (rc == 0)
		rc = svc_begin(s, DB_TX_READ, err);
	if (rc == 0)
		rc = calendars_load_new(s->db, &cal, err);
	lc.cal = cal;
	/* a work queue is sorted by due date, so it is one page */
	if (f->tasks)
		lc.limit = 1000;
	if (rc == 0)
		rc = apps_repo_list(s->db, &f->repo, list_visit, &lc, err);
	if (rc == 0 && f->tasks) {
		if (lc.nbuf > 0) /* an empty queue has no buffer */
			qsort(lc.buf, (size_t)lc.nbuf, sizeof(*lc.buf), by_due);
		for (int i = 0; rc == 0 && i < lc.nbuf; i++)
			rc = fn(ctx, &lc.buf[i]);
		lc.next = 0;
	}
	*next = lc.next;
	free(lc.buf);
	free(cal);
	return svc_end(s, rc < 0 ? rc : 0, err);
}

/* ---- timeline, notes, documents ---- */

int apps_timeline(struct svc *s, int64_t id, visit_fn fn, void *ctx, struct bm_err *err)
{
	struct app_view v;
	int rc = svc_begin(s, DB_TX_READ, err);

	if (rc == 0)
		rc = apps_load(s, id, &v, err);
	if (rc == 0)
		rc = apps_repo_events(s->db, id, fn, ctx, err);
	return svc_end(s, rc, err);
}

int apps_notes(struct svc *s, int64_t id, visit_fn fn, void *ctx, struct bm_err *err)
{
	struct app_view v;
	int rc = svc_begin(s, DB_TX_READ, err);

	if (rc == 0)
		rc = apps_load(s, id, &v, err);
	if (rc == 0)
		rc = apps_repo_notes(s->db, id, fn, ctx, err);
	return svc_end(s, rc, err);
}

int apps_documents(struct svc *s, int64_t id, char **snapshot, char **eligibility,
		   struct bm_err *err)
{
	struct app_view v;
	int rc = svc_begin(s, DB_TX_READ, err);

	*snapshot = *eligibility = NULL;
	if (rc == 0)
		rc = apps_load(s, id, &v, err);
	if (rc == 0)
		rc = apps_repo_get_docs(s->db, id, snapshot, eligibility, err);
	return svc_end(s, rc, err);
}

/* ---- eligibility ---- */

int apps_eligibility(struct svc *s, int64_t unit_id, const char *scheme_id, const char *grade,
		     struct elig_report *out, const struct scheme **scheme, struct bm_err *err)
{
	const struct scheme *sc = schemes_current(scheme_id);
	struct unit_facts *facts;
	struct resource r;
	struct unit u;
	int g, rc;

	if (sc == NULL)
		return bm_err_set(err, BM_EINVAL, "invalid_value", "scheme", "no scheme \"%s\"",
				  scheme_id);
	g = scheme_grade_index(sc, grade);
	if (g < 0)
		return bm_err_set(err, BM_EINVAL, "invalid_value", "grade",
				  "grade \"%s\" is not one of scheme %s", grade, sc->id);
	if (unit_id == 0)
		unit_id = s->who.unit_id;
	if (unit_id == 0)
		return bm_err_set(err, BM_EINVAL, "missing_field", "unit_id",
				  "name the unit to check");
	rc = svc_begin(s, DB_TX_READ, err);
	if (rc == 0)
		rc = units_repo_get(s->db, unit_id, &u, err);
	if (rc == 0) {
		units_resource(&u, &r);
		rc = svc_authorize(s, ACT_UNIT_READ, &r, err);
	}
	facts = malloc(sizeof(*facts));
	if (rc == 0 && facts == NULL)
		rc = bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	if (rc == 0)
		rc = profile_facts(s->db, unit_id, facts, err);
	if (rc == 0)
		eligibility_evaluate(sc, g, facts, bm_date_cst(s->now), out);
	free(facts);
	*scheme = sc;
	return svc_end(s, rc, err);
}
