/*
 * dashboard.c - the role dashboards (dashboard.h): a table of sections per kind of
 * user, each one function over the aggregates of store/dashboard_repo.c.
 */
#include <stdlib.h>
#include <string.h>

#include "base/jsonout.h"
#include "base/timeutil.h"
#include "core/areas.h"
#include "core/certlife.h"
#include "core/region.h"
#include "core/scheme.h"
#include "service/annual.h"
#include "service/dashboard.h"
#include "service/refdata.h"
#include "store/dashboard_repo.h"
#include "base/banned.h"

/* What every section reads. */
struct dash {
	struct svc *s;
	struct dash_scope scope;
	char prefix[REGION_LEN];
	int32_t today;
	int year;	      /* the annual report year: the previous calendar year */
	int32_t due;	      /* its default due day; 0 when the calendar cannot count it */
	struct calendar *cal; /* NULL when it cannot be loaded */
};

/* The year's due day of a scheme's reports (NULL: the default), 0 when the calendar
 * cannot count it. */
static int32_t due_of(const struct dash *d, const char *scheme_id)
{
	struct bm_err ignored;
	int32_t due = 0;

	if (d->cal == NULL || annual_due(d->s, d->cal, scheme_id, d->year, &due, &ignored) != 0)
		return 0;
	return due;
}

/* One named member of the answer. */
struct section {
	const char *name;
	int (*fn)(struct dash *d, json_t **out, struct bm_err *err);
};

/* {"zh-CN": zh, "en": en}, or null when there is no name. */
static json_t *names_json(const char *zh, const char *en)
{
	if (zh == NULL || en == NULL || (zh[0] == '\0' && en[0] == '\0'))
		return json_null();
	return json_pack("{s:s,s:s}", "zh-CN", zh, "en", en);
}

static json_t *count_or_null(int known, int64_t n)
{
	return known ? json_integer((json_int_t)n) : json_null();
}

/* ---- bureau sections ---- */

struct group_ctx {
	enum dash_group g;
	json_t *items;
	int64_t by_state[CL_STATE_COUNT];
};

static int group_visit(void *ctx, const void *rec)
{
	struct group_ctx *gc = ctx;
	const struct dash_count *c = rec;
	const struct scheme *sc = NULL;
	json_t *j = NULL;
	int i;

	switch (gc->g) {
	case DASH_BY_STATE: {
		enum certlife_state st;
		if (certlife_state_parse(c->key, &st) == 0)
			gc->by_state[st] = c->n;
		return 0;
	}
	case DASH_BY_GRADE:
		sc = schemes_current(c->key);
		i = sc != NULL ? scheme_grade_index(sc, c->sub) : -1;
		j = json_pack("{s:s,s:o,s:s,s:o,s:I}", "scheme_id", c->key, "scheme_name",
			      sc != NULL ? names_json(sc->name.zh, sc->name.en) : json_null(),
			      "grade", c->sub, "name",
			      i >= 0 ? names_json(sc->grades[i].name.zh, sc->grades[i].name.en)
				     : json_null(),
			      "n", (json_int_t)c->n);
		break;
	case DASH_BY_CATEGORY:
		sc = schemes_current(c->key);
		i = sc != NULL ? scheme_category_index(sc, c->sub) : -1;
		j = json_pack(
			"{s:s,s:s,s:o,s:I}", "scheme_id", c->key, "category", c->sub, "name",
			i >= 0 ? names_json(sc->categories[i].name.zh, sc->categories[i].name.en)
			       : json_null(),
			"n", (json_int_t)c->n);
		break;
	case DASH_BY_PROVINCE:
		j = json_pack("{s:s,s:o,s:I}", "province", c->key, "name",
			      names_json(c->name_zh, c->name_en), "n", (json_int_t)c->n);
		break;
	case DASH_GROUP_COUNT:
		break;
	}
	if (j == NULL || json_array_append_new(gc->items, j) != 0)
		return bm_err_set(NULL, BM_EINTERNAL, NULL, NULL, "out of memory");
	return 0;
}

static int groups(struct dash *d, struct group_ctx *gc, enum dash_group g, struct bm_err *err)
{
	memset(gc, 0, sizeof(*gc));
	gc->g = g;
	gc->items = json_array();
	if (gc->items == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	return dash_repo_cert_groups(d->s->db, &d->scope, g, group_visit, gc, err);
}

static int sec_certificates(struct dash *d, json_t **out, struct bm_err *err)
{
	static const enum dash_group lists[] = { DASH_BY_GRADE, DASH_BY_CATEGORY,
						 DASH_BY_PROVINCE };
	static const char *const list_names[] = { "by_grade", "by_category", "by_province" };
	int32_t until = bm_date_add_months(d->today, DASHBOARD_EXPIRING_MONTHS);
	struct group_ctx gc;
	json_t *j = json_object(), *states = json_array();
	int64_t total = 0, expiring = 0;
	int rc = groups(d, &gc, DASH_BY_STATE, err);

	json_decref(gc.items);
	for (int st = 0; rc == 0 && st < CL_STATE_COUNT; st++) {
		total += gc.by_state[st];
		json_array_append_new(states,
				      json_pack("{s:s,s:I}", "state",
						certlife_state_name((enum certlife_state)st), "n",
						(json_int_t)gc.by_state[st]));
	}
	json_object_set_new(j, "total", json_integer((json_int_t)total));
	json_object_set_new(j, "by_state", states);
	for (size_t i = 0; rc == 0 && i < sizeof(lists) / sizeof(lists[0]); i++) {
		rc = groups(d, &gc, lists[i], err);
		json_object_set_new(j, list_names[i], gc.items);
	}
	if (rc == 0)
		rc = dash_repo_expiring(d->s->db, &d->scope, d->today, until, &expiring, err);
	json_object_set_new(j, "expiring",
			    json_pack("{s:i,s:o,s:I}", "months", DASHBOARD_EXPIRING_MONTHS, "until",
				      json_date(until), "n", (json_int_t)expiring));
	*out = j;
	return rc;
}

static int sec_annual(struct dash *d, json_t **out, struct bm_err *err)
{
	struct dash_annual a, one;
	int64_t overdue = 0;
	int known = 1;
	int rc = dash_repo_annual(d->s->db, &d->scope, d->year, NULL, &a, err);

	/* overdue: the reports not submitted of each scheme whose due day has passed */
	for (size_t i = 0; rc == 0 && i < schemes_count(); i++) {
		int32_t due = due_of(d, schemes_at(i)->id);
		known = known && due != 0;
		if (due != 0 && d->today > due)
			rc = dash_repo_annual(d->s->db, &d->scope, d->year, schemes_at(i)->id, &one,
					      err);
		if (due != 0 && d->today > due && rc == 0)
			overdue += one.not_submitted;
	}

	*out = json_pack("{s:i,s:o,s:I,s:I,s:I,s:I,s:I,s:I,s:o}", "year", d->year, "due",
			 d->due != 0 ? json_date(d->due) : json_null(), "owed", (json_int_t)a.owed,
			 "not_submitted", (json_int_t)a.not_submitted, "submitted",
			 (json_int_t)a.submitted, "passed", (json_int_t)a.passed, "rectify",
			 (json_int_t)a.rectify, "failed", (json_int_t)a.failed, "overdue",
			 count_or_null(known, overdue));
	return rc;
}

static int sec_findings(struct dash *d, json_t **out, struct bm_err *err)
{
	int64_t open = 0, overdue = 0;
	int rc = dash_repo_findings(d->s->db, &d->scope, d->today, &open, &overdue, err);

	*out = json_pack("{s:I,s:I}", "open", (json_int_t)open, "overdue", (json_int_t)overdue);
	return rc;
}

static int sec_cancellations(struct dash *d, json_t **out, struct bm_err *err)
{
	int64_t n = 0;
	int rc = dash_repo_proposals_pending(d->s->db, &d->scope, &n, err);

	*out = json_pack("{s:I}", "pending", (json_int_t)n);
	return rc;
}

static int sec_issuances(struct dash *d, json_t **out, struct bm_err *err)
{
	int64_t n = 0;
	int rc = dash_repo_issuances_pending(d->s->db, &d->scope, &n, err);

	*out = json_pack("{s:I}", "pending", (json_int_t)n);
	return rc;
}

/* Inspections open by state, pending sanction proposals, leak reports of the last
 * DASHBOARD_LEAK_DAYS days. */
static int sec_inspections(struct dash *d, json_t **out, struct bm_err *err)
{
	int64_t planned = 0, in_progress = 0, rectifying = 0, sanctions = 0, leaks = 0;
	int64_t since = d->s->now - (int64_t)DASHBOARD_LEAK_DAYS * 86400000;
	int rc = dash_repo_inspections(d->s->db, &d->scope, "planned", &planned, err);

	if (rc == 0)
		rc = dash_repo_inspections(d->s->db, &d->scope, "in_progress", &in_progress, err);
	if (rc == 0)
		rc = dash_repo_inspections(d->s->db, &d->scope, "rectifying", &rectifying, err);
	if (rc == 0)
		rc = dash_repo_sanctions_pending(d->s->db, &d->scope, &sanctions, err);
	if (rc == 0)
		rc = dash_repo_leaks_since(d->s->db, &d->scope, since, &leaks, err);
	*out = json_pack("{s:I,s:I,s:I,s:I,s:{s:i,s:I}}", "planned", (json_int_t)planned,
			 "in_progress", (json_int_t)in_progress, "rectifying",
			 (json_int_t)rectifying, "sanctions_pending", (json_int_t)sanctions,
			 "leaks", "days", DASHBOARD_LEAK_DAYS, "n", (json_int_t)leaks);
	return rc;
}

static const struct section bureau_sections[] = {
	{ "certificates", sec_certificates }, { "annual", sec_annual },
	{ "findings", sec_findings },	      { "cancellations", sec_cancellations },
	{ "issuances", sec_issuances },	      { "inspections", sec_inspections },
};

/* ---- unit sections ---- */

static json_t *grade_name(const char *scheme_id, const char *grade)
{
	const struct scheme *sc = schemes_current(scheme_id);
	int i = sc != NULL ? scheme_grade_index(sc, grade) : -1;

	return i >= 0 ? names_json(sc->grades[i].name.zh, sc->grades[i].name.en) : json_null();
}

static int unit_cert_visit(void *ctx, const void *rec)
{
	const struct dash_unit_cert *c = rec;
	json_t *j =
		json_pack("{s:I,s:s,s:s,s:s,s:s,s:o,s:o,s:o}", "id", (json_int_t)c->id, "number",
			  c->number, "state", c->state, "scheme_id", c->scheme_id, "grade",
			  c->grade, "grade_name", grade_name(c->scheme_id, c->grade), "valid_from",
			  json_date(c->valid_from), "valid_until", json_date(c->valid_until));

	if (j == NULL || json_array_append_new(ctx, j) != 0)
		return bm_err_set(NULL, BM_EINTERNAL, NULL, NULL, "out of memory");
	return 0;
}

static int sec_unit_certificates(struct dash *d, json_t **out, struct bm_err *err)
{
	*out = json_array();
	return dash_repo_unit_certs(d->s->db, d->scope.unit_id, d->year, unit_cert_visit, *out,
				    err);
}

/* A deadline, sorted by date, then kind, then the record's id. */
enum dl_kind { DL_ANNUAL_REPORT, DL_RENEWAL_OPENS, DL_RENEWAL_DEADLINE, DL_FINDING };
static const char *const dl_names[] = { "annual_report", "renewal_opens", "renewal_deadline",
					"finding" };

struct deadline {
	int32_t date;
	enum dl_kind kind;
	int64_t id;
	json_t *j; /* owned until appended */
};

struct dl_list {
	struct dash *d;
	struct deadline *v;
	size_t n, cap;
	struct bm_err *err;
};

static int dl_add(struct dl_list *l, int32_t date, enum dl_kind kind, int64_t id,
		  int64_t certificate_id, const char *number, json_t *extra)
{
	json_t *j;

	if (l->n == l->cap) {
		json_decref(extra);
		return 0; /* bounded: the rows behind it are bounded too */
	}
	j = json_pack("{s:s,s:o,s:I,s:s}", "kind", dl_names[kind], "date", json_date(date),
		      "certificate_id", (json_int_t)certificate_id, "number", number);
	if (j == NULL || (extra != NULL && json_object_update(j, extra) != 0)) {
		json_decref(j);
		json_decref(extra);
		return bm_err_set(NULL, BM_EINTERNAL, NULL, NULL, "out of memory");
	}
	json_decref(extra);
	l->v[l->n++] = (struct deadline){ date, kind, id, j };
	return 0;
}

static int dl_cert_visit(void *ctx, const void *rec)
{
	struct dl_list *l = ctx;
	const struct dash_unit_cert *c = rec;
	enum certlife_state st;
	int32_t due;
	int open = 0, rc = 0;

	if (certlife_state_parse(c->state, &st) != 0)
		return 0;
	/* the report owed for the year and not submitted yet (none, or a draft), due on its
	 * scheme's day */
	due = due_of(l->d, c->scheme_id);
	if (due != 0 && certlife_report_owed(st, c->reports_from, c->valid_until, l->d->year) &&
	    (c->report_id == 0 || strcmp(c->report_state, "draft") == 0))
		rc = dl_add(l, due, DL_ANNUAL_REPORT, c->id, c->id, c->number,
			    json_pack("{s:i,s:o,s:b}", "year", l->d->year, "report_id",
				      c->report_id != 0 ? json_integer((json_int_t)c->report_id)
							: json_null(),
				      "overdue", l->d->today > due));
	/* the renewal window of a standing certificate, while it is still ahead and no
	 * renewal is filed */
	if (rc == 0 && (st == CL_VALID || st == CL_SUSPENDED))
		rc = certs_repo_renewal_open(l->d->s->db, c->id, &open, l->err);
	if (rc == 0 && (st == CL_VALID || st == CL_SUSPENDED) && !open) {
		int32_t opens = certlife_renewal_opens(c->valid_until);
		int32_t last = certlife_renewal_deadline(c->valid_until);
		if (opens >= l->d->today)
			rc = dl_add(l, opens, DL_RENEWAL_OPENS, c->id, c->id, c->number, NULL);
		if (rc == 0 && last >= l->d->today)
			rc = dl_add(l, last, DL_RENEWAL_DEADLINE, c->id, c->id, c->number, NULL);
	}
	return rc;
}

static int dl_finding_visit(void *ctx, const void *rec)
{
	struct dl_list *l = ctx;
	const struct dash_unit_finding *f = rec;

	/* the unit's move: open, or rejected and to be answered again */
	if (strcmp(f->state, "open") != 0 && strcmp(f->state, "rejected") != 0)
		return 0;
	return dl_add(
		l, f->deadline, DL_FINDING, f->id, f->certificate_id, f->number,
		json_pack("{s:I,s:b}", "finding_id", (json_int_t)f->id, "overdue", f->overdue));
}

static int dl_cmp(const void *a, const void *b)
{
	const struct deadline *x = a, *y = b;

	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int sec_unit_deadlines(struct dash *d, json_t **out, struct bm_err *err)
{
	struct dl_list l = { d, NULL, 0, 3 * DASH_UNIT_ROWS_MAX + DASH_UNIT_ROWS_MAX, err };
	int rc;

	*out = json_array();
	l.v = calloc(l.cap, sizeof(*l.v));
	if (l.v == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	rc = dash_repo_unit_certs(d->s->db, d->scope.unit_id, d->year, dl_cert_visit, &l, err);
	if (rc == 0)
		rc = dash_repo_unit_findings(d->s->db, d->scope.unit_id, d->today, dl_finding_visit,
					     &l, err);
	if (rc == 0)
		qsort(l.v, l.n, sizeof(*l.v), dl_cmp);
	for (size_t i = 0; i < l.n; i++)
		json_array_append_new(*out, l.v[i].j); /* the array takes each, even on failure */
	free(l.v);
	return rc;
}

static int unit_finding_visit(void *ctx, const void *rec)
{
	const struct dash_unit_finding *f = rec;
	int a = area_index(f->area);
	json_t *j = json_pack(
		"{s:I,s:s,s:I,s:I,s:s,s:s,s:o,s:s,s:s,s:o,s:b}", "id", (json_int_t)f->id,
		"source_type", f->source_type, "source_id", (json_int_t)f->source_id,
		"certificate_id", (json_int_t)f->certificate_id, "number", f->number, "area",
		f->area, "area_name", a >= 0 ? names_json(areas[a].zh, areas[a].en) : json_null(),
		"severity", f->severity, "state", f->state, "deadline", json_date(f->deadline),
		"overdue", f->overdue);

	if (j == NULL || json_array_append_new(ctx, j) != 0)
		return bm_err_set(NULL, BM_EINTERNAL, NULL, NULL, "out of memory");
	return 0;
}

static int sec_unit_findings(struct dash *d, json_t **out, struct bm_err *err)
{
	*out = json_array();
	return dash_repo_unit_findings(d->s->db, d->scope.unit_id, d->today, unit_finding_visit,
				       *out, err);
}

static const struct section unit_sections[] = {
	{ "certificates", sec_unit_certificates },
	{ "deadlines", sec_unit_deadlines },
	{ "findings", sec_unit_findings },
};

/* ---- the use case ---- */

/* The SQL prefix of an authority's region: none for the nation, 2 digits for a
 * province, 4 for a prefecture, all 6 for a county (region_contains). */
static void scope_prefix(const char *region, char out[REGION_LEN])
{
	size_t len = 6;

	out[0] = '\0';
	if (!region_code_ok(region))
		return;
	switch (region_level_of(region)) {
	case REGION_NATION:
		len = 0;
		break;
	case REGION_PROVINCE:
		len = 2;
		break;
	case REGION_PREFECTURE:
		len = 4;
		break;
	case REGION_COUNTY:
		break;
	}
	memcpy(out, region, len);
	out[len] = '\0';
}

int dashboard_get(struct svc *s, json_t **out, struct bm_err *err)
{
	const struct section *secs = NULL;
	const char *kind = NULL;
	size_t nsecs = 0;
	struct dash d;
	int rc;
	json_t *j = NULL;

	*out = NULL;
	memset(&d, 0, sizeof(d));
	d.s = s;
	d.today = bm_date_cst(s->now);
	d.year = bm_date_year(d.today) - 1;
	d.scope.max_level = s->who.clearance.level;
	if (s->who.kind == AUTH_OPERATOR) {
		kind = "bureau";
		d.scope.max_level = LEVEL_TOP_SECRET;
	} else if (s->who.membership == MEMBER_AUTHORITY && (s->who.roles & ROLES_BUREAU)) {
		kind = "bureau";
		scope_prefix(s->who.region, d.prefix);
		if (d.prefix[0] == '\0' && strcmp(s->who.region, REGION_NATIONAL) != 0)
			kind = NULL; /* no region we can scope by: see nothing */
	} else if (s->who.membership == MEMBER_UNIT && (s->who.roles & ROLES_UNIT) &&
		   s->who.unit_id != 0) {
		kind = "unit";
		d.scope.unit_id = s->who.unit_id;
	}
	d.scope.region_prefix = d.prefix[0] != '\0' ? d.prefix : NULL;
	rc = svc_begin(s, DB_TX_READ, err);
	if (rc == 0 && kind == NULL) {
		struct resource r;
		memset(&r, 0, sizeof(r));
		r.type = "dashboard";
		/* administrators hold no ACT_APP_READ: 403, audited */
		rc = svc_authorize(s, ACT_APP_READ, &r, err);
		if (rc == 0)
			rc = svc_refuse(s, ACT_APP_READ, "dashboard", 0, err, "forbidden", NULL,
					"the dashboard is for bureau and unit users");
	}
	if (rc == 0) {
		int is_unit = strcmp(kind, "unit") == 0;
		secs = is_unit ? unit_sections : bureau_sections;
		nsecs = is_unit ? sizeof(unit_sections) / sizeof(unit_sections[0])
				: sizeof(bureau_sections) / sizeof(bureau_sections[0]);
		struct bm_err ignored;
		if (calendars_load_new(s->db, &d.cal, &ignored) != 0) {
			free(d.cal);
			d.cal = NULL;
		}
		d.due = due_of(&d, NULL);
		j = json_pack("{s:s,s:o}", "kind", kind, "today", json_date(d.today));
		if (j == NULL)
			rc = bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	}
	for (size_t i = 0; rc == 0 && i < nsecs; i++) {
		json_t *part = NULL;
		rc = secs[i].fn(&d, &part, err);
		if (part != NULL)
			json_object_set_new(j, secs[i].name, part);
		if (rc == 0 && part == NULL)
			rc = bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	}
	free(d.cal);
	rc = svc_end(s, rc, err);
	if (rc != 0) {
		json_decref(j);
		return rc;
	}
	*out = j;
	return 0;
}
