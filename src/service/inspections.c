/*
 * inspections.c - bureau inspections and leak reports (inspections.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "core/areas.h"
#include "core/label.h"
#include "service/certs.h"
#include "service/inspections.h"
#include "service/refdata.h"
#include "base/banned.h"

static const char *const kinds[] = { "planned", "unannounced", NULL };

static int standing(const struct cert_rec *c)
{
	return c->state == CL_VALID || c->state == CL_SUSPENDED;
}

static int in_state(const struct inspection_rec *i, const char *state)
{
	return strcmp(i->state, state) == 0;
}

/* A unit's users do not see an unannounced inspection before it starts. */
static int hidden_from_unit(const struct svc *s, const struct inspection_rec *i)
{
	return svc_own_unit(s) != 0 && strcmp(i->kind, "unannounced") == 0 &&
	       in_state(i, "planned");
}

static void inspection_resource(const struct inspection_rec *i, const struct cert_rec *c,
				struct resource *r)
{
	certs_resource(c, r);
	r->type = "inspection";
	r->id = i->id;
}

/* The caller conducts inspections of c: an inspector of its issuing authority. */
static int inspector_of(const struct svc *s, const struct cert_rec *c)
{
	struct resource r;

	certs_resource(c, &r);
	return findings_of_issuer(s, c) && authz_check(&s->who, ACT_INSPECT, &r) == AUTHZ_ALLOW;
}

static unsigned inspection_can(const struct svc *s, const struct inspection_view *v)
{
	if (!inspector_of(s, &v->c))
		return 0;
	if (in_state(&v->i, "planned"))
		return INSPECTION_CAN_START | INSPECTION_CAN_CANCEL;
	if (in_state(&v->i, "in_progress"))
		return INSPECTION_CAN_FINDINGS | INSPECTION_CAN_CONCLUDE;
	return 0;
}

/* Fill what v derives from its record, inside the open transaction. */
static int view_fill(struct svc *s, struct inspection_view *v, struct bm_err *err)
{
	int rc = findings_repo_unverified(s->db, "inspection", v->i.id, &v->unverified, err);

	v->can = rc == 0 ? inspection_can(s, v) : 0;
	return rc;
}

/* Load inspection id and its certificate into v when the caller may see it. */
static int load(struct svc *s, int64_t id, struct inspection_view *v, struct bm_err *err)
{
	struct resource r;
	int rc = inspections_repo_get(s->db, id, &v->i, err);

	if (rc == 0)
		rc = certs_repo_get(s->db, v->i.certificate_id, &v->c, err);
	if (rc == 0) {
		inspection_resource(&v->i, &v->c, &r);
		rc = svc_authorize(s, ACT_APP_READ, &r, err);
	}
	if (rc == 0 && hidden_from_unit(s, &v->i))
		rc = bm_err_set(err, BM_ENOTFOUND, "not_found", NULL, "no such inspection");
	return rc;
}

/* load for a step of the inspector in state, at version. */
static int load_step(struct svc *s, int64_t id, int64_t version, const char *state,
		     struct inspection_view *v, struct bm_err *err)
{
	struct resource r;
	int rc = load(s, id, v, err);

	if (rc == 0) {
		inspection_resource(&v->i, &v->c, &r);
		rc = svc_authorize(s, ACT_INSPECT, &r, err);
	}
	if (rc == 0 && !findings_of_issuer(s, &v->c))
		rc = svc_refuse(s, ACT_INSPECT, "inspection", id, err, "not_your_step", NULL,
				"only the inspectors of the issuing authority conduct it");
	if (rc == 0 && !in_state(&v->i, state))
		rc = bm_err_set(err, BM_ECONFLICT, "illegal_transition", "state",
				"the inspection is %s, not %s", v->i.state, state);
	if (rc == 0 && version >= 0 && version != v->i.version)
		rc = bm_err_set(err, BM_ESTALE, "version_mismatch", NULL,
				"the inspection was changed by someone else (now version %lld)",
				(long long)v->i.version);
	return rc;
}

static int text_check(const char *text, int required, const char *field, struct bm_err *err)
{
	if (required && (text == NULL || text[0] == '\0'))
		return bm_err_set(err, BM_EINVAL, "missing_field", field, "%s is required", field);
	if (text != NULL && strlen(text) > INSPECTION_TEXT_MAX)
		return bm_err_set(err, BM_EINVAL, "invalid_field", field, "%s has at most %d bytes",
				  field, INSPECTION_TEXT_MAX);
	return 0;
}

/* The areas in scope as a comma list: every one when none are given. */
static int areas_text(const char *const *areas_in, size_t n, char *out, size_t outsz,
		      struct bm_err *err)
{
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; i < (n > 0 ? n : AREA_COUNT); i++) {
		const char *code = n > 0 ? areas_in[i] : areas[i].code;
		if (n > 0 && area_index(code) < 0)
			return bm_err_set(err, BM_EINVAL, "invalid_value", "areas",
					  "%s is not one of the 13 inspection areas", code);
		for (size_t k = 0; n > 0 && k < i; k++)
			if (strcmp(areas_in[k], code) == 0)
				return bm_err_set(err, BM_EINVAL, "invalid_value", "areas",
						  "%s is listed twice", code);
		/* 13 known codes of under 32 bytes each fit INSPECTION_AREAS_MAX */
		len += (size_t)snprintf(out + len, outsz - len, "%s%s", i > 0 ? "," : "", code);
	}
	return 0;
}

/* Is area in the comma list areas? */
static int in_scope(const char *list, const char *area)
{
	size_t n = strlen(area);

	for (const char *p = list; (p = strstr(p, area)) != NULL; p += n)
		if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return 1;
	return 0;
}

/* Inside the open transaction: the record as the API shows it after a write. */
static int reload(struct svc *s, struct inspection_view *v, struct bm_err *err)
{
	int rc = inspections_repo_get(s->db, v->i.id, &v->i, err);

	return rc == 0 ? view_fill(s, v, err) : rc;
}

/* Audit the inspection's step and tell the unit, inside the open transaction. */
static int step_done(struct svc *s, const struct inspection_view *v, const char *action,
		     const char *zh, const char *en, struct bm_err *err)
{
	int rc = svc_audit(s, action, "inspection", v->i.id,
			   json_pack("{s:I,s:s,s:s,s:s}", "certificate_id", (json_int_t)v->c.id,
				     "number", v->c.number, "kind", v->i.kind, "state", v->i.state),
			   err);

	if (rc == 0 && zh != NULL)
		rc = findings_notify(s, v->c.unit_id, 0, NULL, action, zh, en, err);
	return rc;
}

/* Insert inspection v->i of certificate v->c (kind, planned_on, areas, purpose set). */
static int insert(struct svc *s, struct inspection_view *v, struct bm_err *err)
{
	v->i.certificate_id = v->c.id;
	v->i.unit_id = v->c.unit_id;
	bm_strlcpy(v->i.state, "planned", sizeof(v->i.state));
	v->i.created_by = s->who.user_id;
	v->i.created_at = v->i.updated_at = s->now;
	return inspections_repo_insert(s->db, &v->i, err);
}

int inspections_create(struct svc *s, const struct inspection_in *in, struct inspection_view *out,
		       struct bm_err *err)
{
	struct resource r;
	int k = -1, rc;

	memset(out, 0, sizeof(*out));
	for (int i = 0; in->kind != NULL && kinds[i] != NULL; i++)
		if (strcmp(in->kind, kinds[i]) == 0)
			k = i;
	if (k < 0)
		return bm_err_set(err, BM_EINVAL, "invalid_value", "kind",
				  "kind is planned or unannounced");
	if (in->planned_on < bm_date_cst(s->now))
		return bm_err_set(err, BM_EINVAL, "invalid_value", "planned_on",
				  "the inspection is planned for today or later");
	rc = text_check(in->purpose, 0, "purpose", err);
	if (rc == 0)
		rc = areas_text(in->areas, in->nareas, out->i.areas, sizeof(out->i.areas), err);
	if (rc != 0)
		return rc;
	rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = certs_load(s, in->certificate_id, &out->c, err);
	if (rc == 0) {
		certs_resource(&out->c, &r);
		rc = svc_authorize(s, ACT_INSPECT, &r, err);
	}
	if (rc == 0 && !findings_of_issuer(s, &out->c))
		rc = svc_refuse(s, ACT_INSPECT, "certificate", out->c.id, err, "not_your_step",
				NULL, "only the inspectors of the issuing authority inspect");
	if (rc == 0 && !standing(&out->c))
		rc = bm_err_set(err, BM_ECONFLICT, "not_standing", "certificate_id",
				"certificate %s is %s: only a standing qualification is inspected",
				out->c.number, certlife_state_name(out->c.state));
	if (rc == 0) {
		bm_strlcpy(out->i.kind, kinds[k], sizeof(out->i.kind));
		out->i.planned_on = in->planned_on;
		bm_strlcpy(out->i.purpose, in->purpose != NULL ? in->purpose : "",
			   sizeof(out->i.purpose));
		rc = insert(s, out, err);
	}
	if (rc == 0)
		rc = reload(s, out, err);
	if (rc == 0 && k == 0)
		rc = step_done(s, out, "inspection.plan", "保密行政管理部门已安排对本单位的检查。",
			       "The secrecy bureau has planned an inspection of the unit.", err);
	else if (rc == 0) /* unannounced: the unit hears nothing */
		rc = step_done(s, out, "inspection.plan", NULL, NULL, err);
	return svc_end(s, rc, err);
}

int inspections_get(struct svc *s, int64_t id, struct inspection_view *out, struct bm_err *err)
{
	int rc = svc_begin(s, DB_TX_READ, err);

	memset(out, 0, sizeof(*out));
	if (rc == 0)
		rc = load(s, id, out, err);
	if (rc == 0)
		rc = view_fill(s, out, err);
	return svc_end(s, rc, err);
}

static int list_visit(void *ctx, const void *rec)
{
	struct svc_visit *lc = ctx;
	struct inspection_view *v = malloc(sizeof(*v));
	struct resource r;
	int rc;

	if (v == NULL)
		return bm_err_set(lc->err, BM_EINTERNAL, NULL, NULL, "out of memory");
	memset(v, 0, sizeof(*v));
	v->i = *(const struct inspection_rec *)rec;
	rc = certs_repo_get(lc->s->db, v->i.certificate_id, &v->c, lc->err);
	if (rc == 0) {
		inspection_resource(&v->i, &v->c, &r);
		if (authz_check(&lc->s->who, ACT_APP_READ, &r) != AUTHZ_ALLOW ||
		    hidden_from_unit(lc->s, &v->i))
			rc = -1;
	}
	if (rc == 0)
		rc = view_fill(lc->s, v, lc->err);
	if (rc == 0)
		rc = svc_visit_give(lc, v->i.id, v);
	free(v);
	return rc == -1 ? 0 : rc;
}

int inspections_list(struct svc *s, const struct inspection_filter *f, struct svc_page *page,
		     visit_fn fn, void *ctx, struct bm_err *err)
{
	struct svc_visit lc = { s, fn, ctx, err, page };
	struct inspection_filter mine = *f;
	int rc = svc_begin(s, DB_TX_READ, err);

	if (svc_own_unit(s) != 0)
		mine.unit_id = svc_own_unit(s); /* a unit sees its own: skip the others early */
	if (rc == 0)
		rc = inspections_repo_list(s->db, &mine, list_visit, &lc, err);
	return svc_end(s, rc, err);
}

int inspections_start(struct svc *s, int64_t id, int64_t version, struct inspection_view *out,
		      struct bm_err *err)
{
	int rc = svc_begin(s, DB_TX_WRITE, err);

	memset(out, 0, sizeof(*out));
	if (rc == 0)
		rc = load_step(s, id, version, "planned", out, err);
	if (rc == 0 && bm_date_cst(s->now) < out->i.planned_on)
		rc = bm_err_set(err, BM_ERULE, "not_yet", "planned_on",
				"the inspection starts on its day or later");
	if (rc == 0) {
		bm_strlcpy(out->i.state, "in_progress", sizeof(out->i.state));
		out->i.started_by = s->who.user_id;
		out->i.started_at = out->i.updated_at = s->now;
		rc = inspections_repo_update(s->db, &out->i, err);
	}
	if (rc == 0)
		rc = view_fill(s, out, err);
	if (rc == 0)
		rc = step_done(s, out, "inspection.start", "保密检查已开始。",
			       "The secrecy inspection has started.", err);
	return svc_end(s, rc, err);
}

int inspections_add_findings(struct svc *s, int64_t id, const struct finding_in *in, size_t n,
			     struct inspection_view *out, struct bm_err *err)
{
	struct calendar *cal = NULL;
	int rc = svc_begin(s, DB_TX_WRITE, err);

	memset(out, 0, sizeof(*out));
	if (rc == 0)
		rc = load_step(s, id, -1, "in_progress", out, err);
	for (size_t k = 0; rc == 0 && k < n; k++)
		if (in[k].area != NULL && area_index(in[k].area) >= 0 &&
		    !in_scope(out->i.areas, in[k].area)) {
			char field[48];
			snprintf(field, sizeof(field), "findings[%zu].area", k);
			rc = bm_err_set(err, BM_EINVAL, "invalid_value", field,
					"%s is not in the inspection's scope", in[k].area);
		}
	if (rc == 0)
		rc = calendars_load_new(s->db, &cal, err);
	if (rc == 0)
		rc = findings_open(s, "inspection", id, &out->c, cal, in, n, err);
	free(cal);
	if (rc == 0)
		rc = view_fill(s, out, err);
	if (rc == 0)
		rc = step_done(s, out, "inspection.findings",
			       "保密检查发现问题，请在期限内整改并答复。",
			       "The inspection found problems: rectify and answer each by its "
			       "deadline.",
			       err);
	return svc_end(s, rc, err);
}

int inspections_conclude(struct svc *s, int64_t id, int64_t version, const char *conclusion,
			 struct inspection_view *out, struct bm_err *err)
{
	int rc = text_check(conclusion, 1, "conclusion", err);

	memset(out, 0, sizeof(*out));
	if (rc == 0)
		rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = load_step(s, id, version, "in_progress", out, err);
	if (rc == 0)
		rc = view_fill(s, out, err);
	if (rc == 0) {
		bm_strlcpy(out->i.state, out->unverified > 0 ? "rectifying" : "closed",
			   sizeof(out->i.state));
		bm_strlcpy(out->i.conclusion, conclusion, sizeof(out->i.conclusion));
		out->i.concluded_by = s->who.user_id;
		out->i.concluded_at = out->i.updated_at = s->now;
		if (out->unverified == 0)
			out->i.closed_at = s->now;
		rc = inspections_repo_update(s->db, &out->i, err);
	}
	if (rc == 0)
		rc = view_fill(s, out, err);
	if (rc == 0)
		rc = step_done(s, out, "inspection.conclude", "保密检查已结束，请查看检查结论。",
			       "The inspection is concluded: see its conclusion.", err);
	return svc_end(s, rc, err);
}

int inspections_cancel(struct svc *s, int64_t id, int64_t version, const char *note,
		       struct inspection_view *out, struct bm_err *err)
{
	int rc = text_check(note, 1, "note", err);

	memset(out, 0, sizeof(*out));
	if (rc == 0)
		rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = load_step(s, id, version, "planned", out, err);
	if (rc == 0) {
		bm_strlcpy(out->i.state, "cancelled", sizeof(out->i.state));
		bm_strlcpy(out->i.conclusion, note, sizeof(out->i.conclusion));
		out->i.closed_at = out->i.updated_at = s->now;
		rc = inspections_repo_update(s->db, &out->i, err);
	}
	if (rc == 0)
		rc = view_fill(s, out, err);
	/* the unit was told of a planned one only */
	if (rc == 0)
		rc = strcmp(out->i.kind, "unannounced") != 0
			     ? step_done(s, out, "inspection.cancel", "已安排的保密检查已取消。",
					 "The planned inspection was cancelled.", err)
			     : step_done(s, out, "inspection.cancel", NULL, NULL, err);
	return svc_end(s, rc, err);
}

int inspections_findings_settled(struct svc *s, int64_t id, struct bm_err *err)
{
	struct inspection_rec *i = malloc(sizeof(*i));
	int rc;

	if (i == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	rc = inspections_repo_get(s->db, id, i, err);
	if (rc == 0 && in_state(i, "rectifying")) {
		bm_strlcpy(i->state, "closed", sizeof(i->state));
		i->closed_at = i->updated_at = s->now;
		rc = inspections_repo_update(s->db, i, err);
		if (rc == 0)
			rc = svc_audit(
				s, "inspection.close", "inspection", id,
				json_pack("{s:I}", "certificate_id", (json_int_t)i->certificate_id),
				err);
		if (rc == 0)
			rc = findings_notify(s, i->unit_id, 0, NULL, "inspection.close",
					     "检查发现的问题已全部整改完毕，检查结束。",
					     "Every finding of the inspection is rectified: it is "
					     "closed.",
					     err);
	}
	free(i);
	return rc;
}

/* ---- leak reports ---- */

struct standing_one {
	int64_t id;
	int n;
};

static int standing_visit(void *ctx, const void *rec)
{
	struct standing_one *so = ctx;
	const struct cert_rec *c = rec;

	if (standing(c)) {
		so->id = c->id;
		so->n++;
	}
	return 0;
}

/* The certificate a leak is reported against: id, or the unit's one standing one. */
static int leak_certificate(struct svc *s, int64_t id, struct cert_rec *c, struct bm_err *err)
{
	struct standing_one so = { 0, 0 };
	struct cert_filter f;
	int rc = 0;

	if (id == 0) {
		memset(&f, 0, sizeof(f));
		f.unit_id = s->who.unit_id;
		rc = certs_repo_list(s->db, &f, standing_visit, &so, err);
		if (rc == 0 && so.n != 1)
			return bm_err_set(err, BM_EINVAL,
					  so.n == 0 ? "invalid_value" : "missing_field",
					  "certificate_id",
					  so.n == 0 ? "the unit holds no standing certificate"
						    : "name the certificate the leak concerns");
		id = so.id;
	}
	if (rc == 0)
		rc = certs_repo_get(s->db, id, c, err);
	if ((rc == 0 && (c->unit_id != s->who.unit_id || !standing(c))) || rc == BM_ENOTFOUND)
		return bm_err_set(err, BM_EINVAL, "invalid_value", "certificate_id",
				  "not a standing certificate of the unit");
	return rc;
}

int leaks_report(struct svc *s, const struct leak_in *in, struct leak_view *out, struct bm_err *err)
{
	struct inspection_view *v = NULL;
	struct resource r;
	enum level lv;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (in->level == NULL || level_parse(in->level, &lv) != 0 ||
	    (lv != LEVEL_TOP_SECRET && lv != LEVEL_SECRET && lv != LEVEL_CONFIDENTIAL))
		return bm_err_set(err, BM_EINVAL, "invalid_value", "level",
				  "level is top_secret, secret or confidential");
	if (in->discovered_at <= 0 || in->discovered_at > s->now)
		return bm_err_set(err, BM_EINVAL, "invalid_value", "discovered_at",
				  "the leak was discovered before now");
	rc = text_check(in->description, 1, "description", err);
	if (rc == 0)
		rc = text_check(in->measures, 1, "measures", err);
	if (rc == 0 && (v = calloc(1, sizeof(*v))) == NULL)
		rc = bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	if (rc == 0)
		rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0) {
		/* the role here; the certificate must be the caller's unit's (below) */
		memset(&r, 0, sizeof(r));
		r.type = "leak_report";
		rc = svc_authorize(s, ACT_LEAK_REPORT, &r, err);
	}
	if (rc == 0)
		rc = leak_certificate(s, in->certificate_id, &out->c, err);
	if (rc == 0) {
		/* the inspection it opens: today, every area */
		v->c = out->c;
		bm_strlcpy(v->i.kind, "leak", sizeof(v->i.kind));
		v->i.planned_on = bm_date_cst(s->now);
		rc = areas_text(NULL, 0, v->i.areas, sizeof(v->i.areas), err);
	}
	if (rc == 0) {
		snprintf(v->i.purpose, sizeof(v->i.purpose), "leak report: %s", in->description);
		rc = insert(s, v, err);
	}
	if (rc == 0) {
		out->l.certificate_id = out->c.id;
		out->l.unit_id = out->c.unit_id;
		bm_strlcpy(out->l.level, in->level, sizeof(out->l.level));
		out->l.discovered_at = in->discovered_at;
		out->l.reported_at = s->now;
		out->l.late = s->now - in->discovered_at > (int64_t)LEAK_REPORT_HOURS * 3600000;
		bm_strlcpy(out->l.description, in->description, sizeof(out->l.description));
		bm_strlcpy(out->l.measures, in->measures, sizeof(out->l.measures));
		out->l.reported_by = s->who.user_id;
		out->l.inspection_id = v->i.id;
		rc = leaks_repo_insert(s->db, &out->l, err);
	}
	if (rc == 0) {
		v->i.leak_report_id = out->l.id;
		rc = inspections_repo_update(s->db, &v->i, err);
	}
	if (rc == 0)
		rc = svc_audit(s, "leak.report", "leak_report", out->l.id,
			       json_pack("{s:I,s:s,s:s,s:b,s:I}", "certificate_id",
					 (json_int_t)out->c.id, "number", out->c.number, "level",
					 out->l.level, "late", out->l.late, "inspection_id",
					 (json_int_t)v->i.id),
			       err);
	if (rc == 0)
		rc = findings_notify(s, 0, out->c.authority_id, "inspector", "leak.report",
				     "有单位报告泄密事件，已立案检查。",
				     "A unit reported a leak: an inspection is opened.", err);
	if (rc == 0)
		rc = findings_notify(s, 0, out->c.authority_id, "approver", "leak.report",
				     "有单位报告泄密事件，已立案检查。",
				     "A unit reported a leak: an inspection is opened.", err);
	free(v);
	return svc_end(s, rc, err);
}

/* Load leak report id and its certificate when the caller may see it. */
static int leak_load(struct svc *s, int64_t id, struct leak_view *out, struct bm_err *err)
{
	struct resource r;
	int rc = leaks_repo_get(s->db, id, &out->l, err);

	if (rc == 0)
		rc = certs_repo_get(s->db, out->l.certificate_id, &out->c, err);
	if (rc == 0) {
		certs_resource(&out->c, &r);
		r.type = "leak_report";
		r.id = id;
		rc = svc_authorize(s, ACT_APP_READ, &r, err);
	}
	return rc;
}

int leaks_get(struct svc *s, int64_t id, struct leak_view *out, struct bm_err *err)
{
	int rc = svc_begin(s, DB_TX_READ, err);

	memset(out, 0, sizeof(*out));
	if (rc == 0)
		rc = leak_load(s, id, out, err);
	return svc_end(s, rc, err);
}

static int leak_visit(void *ctx, const void *rec)
{
	struct svc_visit *lc = ctx;
	const struct leak_rec *l = rec;
	struct leak_view *v = malloc(sizeof(*v));
	struct resource r;
	int rc;

	if (v == NULL)
		return bm_err_set(lc->err, BM_EINTERNAL, NULL, NULL, "out of memory");
	v->l = *l;
	rc = certs_repo_get(lc->s->db, l->certificate_id, &v->c, lc->err);
	if (rc == 0) {
		certs_resource(&v->c, &r);
		if (authz_check(&lc->s->who, ACT_APP_READ, &r) == AUTHZ_ALLOW)
			rc = svc_visit_give(lc, l->id, v);
	}
	free(v);
	return rc;
}

int leaks_list(struct svc *s, int64_t before_id, struct svc_page *page, visit_fn fn, void *ctx,
	       struct bm_err *err)
{
	struct svc_visit lc = { s, fn, ctx, err, page };
	int rc = svc_begin(s, DB_TX_READ, err);

	if (rc == 0)
		rc = leaks_repo_list(s->db, svc_own_unit(s), before_id, leak_visit, &lc, err);
	return svc_end(s, rc, err);
}
