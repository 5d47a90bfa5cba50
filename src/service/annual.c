/*
 * annual.c - the annual self-inspection, its review and the cancellation that follows
 * a fail or a missing report (annual.h).
 */
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/areas.h"
#include "core/certlife.h"
#include "service/annual.h"
#include "service/certlife_svc.h"
#include "service/refdata.h"
#include "service/sealfile.h"
#include "base/banned.h"

#define ANSWER_TEXT_MAX 4000 /* bytes of one area's text */

static const char *const status_names[ANS_COUNT] = { "compliant", "partly", "not" };

const char *annual_status_name(enum annual_status st)
{
	return (unsigned)st < ANS_COUNT ? status_names[st] : "unknown";
}

int annual_status_parse(const char *s, enum annual_status *out)
{
	for (int i = 0; s != NULL && i < ANS_COUNT; i++)
		if (strcmp(s, status_names[i]) == 0) {
			*out = (enum annual_status)i;
			return 0;
		}
	return BM_EINVAL;
}

void annual_view_release(struct annual_view *v)
{
	annual_rec_release(&v->r);
}

static void report_resource(const struct annual_rec *r, const struct cert_rec *c,
			    struct resource *res)
{
	memset(res, 0, sizeof(*res));
	res->type = "annual_report";
	res->id = r->id;
	res->scoped = 1;
	res->region = c->region;
	res->unit_id = r->unit_id;
	res->unit_private = strcmp(r->state, "draft") == 0; /* the unit's until submitted */
}

static void cert_resource(const struct cert_rec *c, struct resource *res)
{
	memset(res, 0, sizeof(*res));
	res->type = "certificate";
	res->id = c->id;
	res->scoped = 1;
	res->region = c->region;
	res->unit_id = c->unit_id;
}

/* The calendars when they load (the caller frees), NULL otherwise: a view shows no due
 * day then rather than fail. */
static struct calendar *calendar_if_any(struct svc *s)
{
	struct calendar *cal = NULL;
	struct bm_err ignored;

	if (calendars_load_new(s->db, &cal, &ignored) != 0) {
		free(cal);
		cal = NULL;
	}
	return cal;
}

int annual_due(struct svc *s, const struct calendar *cal, const char *scheme_id, int year,
	       int32_t *due, struct bm_err *err)
{
	int month, day;

	config_annual_due(s->cfg, scheme_id, &month, &day);
	return certlife_report_due(cal, year, (unsigned)month, (unsigned)day, due, err);
}

static unsigned report_can(const struct svc *s, const struct annual_rec *r,
			   const struct cert_rec *c)
{
	struct resource res;
	unsigned can = 0;

	report_resource(r, c, &res);
	if (strcmp(r->state, "draft") == 0 &&
	    authz_check(&s->who, ACT_ANNUAL_FILE, &res) == AUTHZ_ALLOW)
		can |= ANNUAL_CAN_EDIT | ANNUAL_CAN_SUBMIT;
	if (strcmp(r->state, "submitted") == 0 && findings_of_issuer(s, c) &&
	    authz_check(&s->who, ACT_ANNUAL_REVIEW, &res) == AUTHZ_ALLOW)
		can |= ANNUAL_CAN_REVIEW;
	return can;
}

/* Derived fields of v (r and c set); cal may be NULL (no due day then). */
static void view_fill(struct svc *s, const struct calendar *cal, struct annual_view *v)
{
	struct bm_err ignored;

	v->due = 0;
	if (cal != NULL && annual_due(s, cal, v->c.scheme_id, v->r.year, &v->due, &ignored) != 0)
		v->due = 0;
	v->can = report_can(s, &v->r, &v->c);
}

/*
 * Validate answers and build their canonical JSON (in area order) into *out (malloc'd).
 * Field names "answers[i].area" etc. refer to the request's order.
 */
static int answers_text(const struct annual_answer_in *in, size_t n, char **out, struct bm_err *err)
{
	const struct annual_answer_in *by_area[AREA_COUNT] = { 0 };
	json_t *arr;
	char field[40];

	*out = NULL;
	if (n > AREA_COUNT)
		return bm_err_set(err, BM_EINVAL, "invalid_field", "answers",
				  "answers covers at most the %d areas", AREA_COUNT);
	for (size_t i = 0; i < n; i++) {
		enum annual_status st;
		int a = in[i].area != NULL ? area_index(in[i].area) : -1;
		if (a < 0) {
			snprintf(field, sizeof(field), "answers[%zu].area", i);
			return bm_err_set(err, BM_EINVAL, "invalid_value", field,
					  "not one of the 13 inspection areas");
		}
		if (by_area[a] != NULL) {
			snprintf(field, sizeof(field), "answers[%zu].area", i);
			return bm_err_set(err, BM_EINVAL, "duplicate", field,
					  "area %s is answered twice", in[i].area);
		}
		if (annual_status_parse(in[i].status, &st) != 0) {
			snprintf(field, sizeof(field), "answers[%zu].status", i);
			return bm_err_set(err, BM_EINVAL, "invalid_value", field,
					  "status is compliant, partly or not");
		}
		if ((in[i].text == NULL || in[i].text[0] == '\0') && st != ANS_COMPLIANT) {
			snprintf(field, sizeof(field), "answers[%zu].text", i);
			return bm_err_set(err, BM_EINVAL, "missing_field", field,
					  "an area not fully compliant says what is lacking");
		}
		if (in[i].text != NULL && strlen(in[i].text) > ANSWER_TEXT_MAX) {
			snprintf(field, sizeof(field), "answers[%zu].text", i);
			return bm_err_set(err, BM_EINVAL, "invalid_field", field,
					  "the text has at most %d bytes", ANSWER_TEXT_MAX);
		}
		by_area[a] = &in[i];
	}
	arr = json_array();
	for (int a = 0; a < AREA_COUNT; a++)
		if (by_area[a] != NULL)
			json_array_append_new(
				arr, json_pack("{s:s,s:s,s:s}", "area", areas[a].code, "status",
					       by_area[a]->status, "text",
					       by_area[a]->text != NULL ? by_area[a]->text : ""));
	*out = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	return *out == NULL ? bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory") : 0;
}

/* The areas the stored answers lack, as "a, b, c" into out; 0 when none lacks. */
static int answers_missing(const char *answers, char *out, size_t outsz)
{
	json_t *arr = json_loads(answers, 0, NULL);
	int present[AREA_COUNT] = { 0 }, missing = 0;
	size_t i;
	json_t *it;

	json_array_foreach(arr, i, it)
	{
		const char *code = json_string_value(json_object_get(it, "area"));
		int a = code != NULL ? area_index(code) : -1;
		if (a >= 0)
			present[a] = 1;
	}
	json_decref(arr);
	out[0] = '\0';
	for (int a = 0; a < AREA_COUNT; a++)
		if (!present[a]) {
			size_t len = strlen(out);
			snprintf(out + len, outsz - len, "%s%s", missing ? ", " : "",
				 areas[a].code);
			missing++;
		}
	return missing;
}

/* Load report id with its certificate, visible to the caller (404 otherwise). */
static int load(struct svc *s, int64_t id, struct annual_view *v, struct bm_err *err)
{
	struct resource res;
	int rc;

	memset(v, 0, sizeof(*v));
	rc = annual_repo_get(s->db, id, &v->r, err);
	if (rc == 0)
		rc = certs_repo_get(s->db, v->r.certificate_id, &v->c, err);
	if (rc == 0) {
		report_resource(&v->r, &v->c, &res);
		rc = svc_authorize(s, ACT_APP_READ, &res, err);
	}
	return rc;
}

/* Load for a change: visible, action permitted, in state, at version. */
static int load_for(struct svc *s, int64_t id, int64_t version, enum action act, const char *state,
		    struct annual_view *v, struct bm_err *err)
{
	struct resource res;
	int rc = load(s, id, v, err);

	if (rc == 0) {
		report_resource(&v->r, &v->c, &res);
		rc = svc_authorize(s, act, &res, err);
	}
	if (rc == 0 && strcmp(v->r.state, state) != 0)
		rc = bm_err_set(err, BM_ECONFLICT, "illegal_transition", "state",
				"the report is %s; this needs it %s", v->r.state, state);
	if (rc == 0 && version != v->r.version)
		rc = bm_err_set(err, BM_ESTALE, "version_mismatch", NULL,
				"the report was changed by someone else (now version %lld)",
				(long long)v->r.version);
	return rc;
}

/* Finish a use case that returns a view: fill it on success, release it on failure. */
static int finish(struct svc *s, int rc, struct annual_view *v, struct bm_err *err)
{
	struct calendar *cal = rc == 0 ? calendar_if_any(s) : NULL;

	if (rc == 0)
		view_fill(s, cal, v);
	free(cal);
	rc = svc_end(s, rc, err);
	if (rc != 0)
		annual_view_release(v);
	return rc;
}

/* 0 when note (or NULL) fits a column of size bytes; BM_EINVAL (field "note") if not. */
static int note_check(const char *note, size_t size, struct bm_err *err)
{
	if (note != NULL && strlen(note) >= size)
		return bm_err_set(err, BM_EINVAL, "invalid_field", "note",
				  "the note has at most %zu bytes", size - 1);
	return 0;
}

/* Start a use case that writes answers: validate them into *text (malloc'd, the caller
 * frees), then open the write transaction. out is cleared first; end with finish(). */
static int begin_answers(struct svc *s, const struct annual_answer_in *answers, size_t n,
			 char **text, struct annual_view *out, struct bm_err *err)
{
	int rc = answers_text(answers, n, text, err);

	memset(out, 0, sizeof(*out));
	return rc != 0 ? rc : svc_begin(s, DB_TX_WRITE, err);
}

int annual_create(struct svc *s, int64_t certificate_id, int year,
		  const struct annual_answer_in *answers, size_t n, struct annual_view *out,
		  struct bm_err *err)
{
	struct resource res;
	char *text = NULL;
	int rc = begin_answers(s, answers, n, &text, out, err);

	if (rc == 0)
		rc = certs_repo_get(s->db, certificate_id, &out->c, err);
	if (rc == 0) {
		cert_resource(&out->c, &res);
		rc = svc_authorize(s, ACT_APP_READ, &res, err);
	}
	if (rc == 0)
		rc = svc_authorize(s, ACT_ANNUAL_FILE, &res, err);
	if (rc == 0 && year >= bm_date_year(bm_date_cst(s->now)))
		rc = bm_err_set(err, BM_ERULE, "year_not_over", "year",
				"the report for %d is made after the year ends", year);
	if (rc == 0 &&
	    !certlife_report_owed(out->c.state, out->c.reports_from, out->c.valid_until, year))
		rc = bm_err_set(err, BM_ERULE, "not_owed", "year",
				"certificate %s owes no report for %d (it is %s, or was not valid "
				"that year)",
				out->c.number, year, certlife_state_name(out->c.state));
	if (rc == 0) {
		/* the line's report: one filed for a superseded version counts */
		struct annual_rec prev;
		int found = 0;
		rc = annual_repo_find(s->db, certificate_id, year, &prev, &found, err);
		if (rc == 0 && found) {
			annual_rec_release(&prev);
			rc = bm_err_set(err, BM_ECONFLICT, "report_exists", "year",
					"the report for %d is already filed (report %lld)", year,
					(long long)prev.id);
		}
	}
	if (rc == 0) {
		out->r.certificate_id = certificate_id;
		out->r.unit_id = out->c.unit_id;
		out->r.year = year;
		bm_strlcpy(out->r.state, "draft", sizeof(out->r.state));
		out->r.answers = text;
		text = NULL;
		out->r.created_by = s->who.user_id;
		out->r.created_at = out->r.updated_at = s->now;
		rc = annual_repo_insert(s->db, &out->r, err);
	}
	if (rc == 0)
		rc = svc_audit(s, "annual.create", "annual_report", out->r.id,
			       json_pack("{s:I,s:s,s:i}", "certificate_id",
					 (json_int_t)certificate_id, "number", out->c.number,
					 "year", year),
			       err);
	free(text);
	return finish(s, rc, out, err);
}

int annual_update(struct svc *s, int64_t id, int64_t version,
		  const struct annual_answer_in *answers, size_t n, struct annual_view *out,
		  struct bm_err *err)
{
	char *text = NULL;
	int rc = begin_answers(s, answers, n, &text, out, err);

	if (rc == 0)
		rc = load_for(s, id, version, ACT_ANNUAL_FILE, "draft", out, err);
	if (rc == 0) {
		free(out->r.answers);
		out->r.answers = text;
		text = NULL;
		out->r.updated_at = s->now;
		rc = annual_repo_update(s->db, &out->r, err);
	}
	if (rc == 0)
		rc = svc_audit(s, "annual.update", "annual_report", id,
			       json_pack("{s:I}", "answers", (json_int_t)n), err);
	free(text);
	return finish(s, rc, out, err);
}

int annual_submit(struct svc *s, int64_t id, int64_t version, struct annual_view *out,
		  struct bm_err *err)
{
	char missing[AREA_COUNT * 20];
	int rc;

	memset(out, 0, sizeof(*out)); /* finish() releases it, even when nothing loaded */
	rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = load_for(s, id, version, ACT_ANNUAL_FILE, "draft", out, err);
	if (rc == 0 && answers_missing(out->r.answers, missing, sizeof(missing)) > 0)
		rc = bm_err_set(err, BM_ERULE, "answers_incomplete", "answers",
				"every inspection area is answered before submission; missing: %s",
				missing);
	if (rc == 0) {
		bm_strlcpy(out->r.state, "submitted", sizeof(out->r.state));
		out->r.submitted_by = s->who.user_id;
		out->r.submitted_at = out->r.updated_at = s->now;
		rc = annual_repo_update(s->db, &out->r, err);
	}
	if (rc == 0)
		rc = svc_audit(s, "annual.submit", "annual_report", id,
			       json_pack("{s:I,s:i}", "certificate_id",
					 (json_int_t)out->r.certificate_id, "year", out->r.year),
			       err);
	if (rc == 0)
		rc = findings_notify(s, 0, out->c.authority_id, "inspector", "annual.submitted",
				     "有年度自检报告待审查。",
				     "An annual self-inspection report awaits review.", err);
	return finish(s, rc, out, err);
}

/* Cancel certificate cert_id for reason (missing or failed report), inside the open
 * transaction (certs_move). */
static int cancel(struct svc *s, int64_t cert_id, enum certlife_reason reason, const char *note,
		  struct bm_err *err)
{
	struct cert_move m = { 0 };

	m.event = CLE_CANCEL;
	m.reason = reason;
	m.report_overdue = reason == CLR_ANNUAL_EXAM_MISSING;
	m.report_failed = reason == CLR_ANNUAL_EXAM_FAILED;
	m.note = note;
	return certs_move(s, cert_id, &m, err);
}

/*
 * Open the cancellation of c for year (inside the open transaction): a pending
 * proposal for an approver, or, with the confirmation off, the cancellation itself
 * (the proposal recorded as confirmed by the system). Nothing when the certificate
 * already has a proposal for the year.
 */
static int open_cancellation(struct svc *s, const struct cert_rec *c, int year, int64_t report_id,
			     enum certlife_reason reason, int *proposed, int *cancelled,
			     struct bm_err *err)
{
	struct proposal_rec p;
	int inserted = 0, rc;

	memset(&p, 0, sizeof(p));
	p.certificate_id = c->id;
	p.unit_id = c->unit_id;
	p.year = year;
	p.report_id = report_id;
	bm_strlcpy(p.reason, certlife_reason_name(reason), sizeof(p.reason));
	bm_strlcpy(p.state, "pending", sizeof(p.state));
	p.proposed_by = s->who.user_id;
	p.proposed_at = s->now;
	rc = proposal_repo_insert(s->db, &p, &inserted, err);
	if (rc != 0 || !inserted)
		return rc;
	rc = svc_audit(s, "annual.cancel_propose", "cancel_proposal", p.id,
		       json_pack("{s:I,s:s,s:i,s:s}", "certificate_id", (json_int_t)c->id, "number",
				 c->number, "year", year, "reason", p.reason),
		       err);
	if (rc == 0 && s->cfg->cert_cancel_confirm) {
		rc = findings_notify(s, 0, c->authority_id, "approver", "annual.cancel_proposed",
				     "有因年度自检提出的证书注销建议待确认。",
				     "A certificate cancellation for the annual examination awaits "
				     "confirmation.",
				     err);
		if (rc == 0)
			(*proposed)++;
		return rc;
	}
	if (rc == 0)
		rc = proposal_repo_decide(s->db, &p, "confirmed", 0, s->now,
					  "confirmation off: cancelled by the system", err);
	if (rc == 0)
		rc = cancel(s, c->id, reason,
			    reason == CLR_ANNUAL_EXAM_MISSING ? "annual report missing"
							      : "annual report failed",
			    err);
	if (rc == 0)
		(*cancelled)++;
	return rc;
}

int annual_review(struct svc *s, int64_t id, int64_t version, enum annual_decision d,
		  const char *note, const struct finding_in *findings, size_t nfindings,
		  struct annual_view *out, struct bm_err *err)
{
	static const char *const names[AD_COUNT] = { "pass", "rectify", "fail" };
	struct calendar *cal = NULL;
	int proposed = 0, cancelled = 0, rc = 0;

	memset(out, 0, sizeof(*out));
	if ((unsigned)d >= AD_COUNT)
		return bm_err_set(err, BM_EINVAL, "invalid_value", "decision",
				  "decision is pass, rectify or fail");
	if (d == AD_FAIL && (note == NULL || note[0] == '\0'))
		return bm_err_set(err, BM_EINVAL, "missing_field", "note",
				  "a fail says why in a note");
	if (d == AD_RECTIFY && nfindings == 0)
		return bm_err_set(err, BM_EINVAL, "missing_field", "findings",
				  "rectify lists the findings");
	if (d != AD_RECTIFY && nfindings > 0)
		return bm_err_set(err, BM_EINVAL, "invalid_field", "findings",
				  "findings go with rectify only");
	rc = note_check(note, sizeof(out->r.decision_note), err);
	if (rc != 0)
		return rc;
	rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = load_for(s, id, version, ACT_ANNUAL_REVIEW, "submitted", out, err);
	if (rc == 0 && !findings_of_issuer(s, &out->c))
		rc = svc_refuse(s, ACT_ANNUAL_REVIEW, "annual_report", id, err, "not_your_step",
				NULL,
				"only the inspectors of the issuing authority review reports");
	if (rc == 0 && d == AD_RECTIFY) {
		rc = calendars_load_new(s->db, &cal, err);
		if (rc == 0)
			rc = findings_open(s, "annual_report", id, &out->c, cal, findings,
					   nfindings, err);
	}
	if (rc == 0) {
		bm_strlcpy(out->r.state,
			   d == AD_PASS	     ? "passed"
			   : d == AD_RECTIFY ? "rectify"
					     : "failed",
			   sizeof(out->r.state));
		out->r.reviewed_by = s->who.user_id;
		out->r.reviewed_at = out->r.updated_at = s->now;
		bm_strlcpy(out->r.decision_note, note != NULL ? note : "",
			   sizeof(out->r.decision_note));
		rc = annual_repo_update(s->db, &out->r, err);
	}
	if (rc == 0)
		rc = svc_audit(s, "annual.review", "annual_report", id,
			       json_pack("{s:s,s:I,s:i,s:I}", "decision", names[d],
					 "certificate_id", (json_int_t)out->r.certificate_id,
					 "year", out->r.year, "findings", (json_int_t)nfindings),
			       err);
	if (rc == 0)
		rc = findings_notify(
			s, out->r.unit_id, 0, NULL, "annual.reviewed",
			d == AD_PASS ? "年度自检报告已通过审查。"
			: d == AD_RECTIFY ? "年度自检报告须整改，请在期限内答复各项问题。"
					  : "年度自检报告未通过审查。",
			d == AD_PASS	  ? "The annual self-inspection report passed."
			: d == AD_RECTIFY ? "The annual self-inspection report needs "
					    "rectification: answer each finding by its deadline."
					  : "The annual self-inspection report failed.",
			err);
	if (rc == 0 && d == AD_FAIL)
		rc = open_cancellation(s, &out->c, out->r.year, id, CLR_ANNUAL_EXAM_FAILED,
				       &proposed, &cancelled, err);
	/* the certificate may have moved: show it as it is now */
	if (rc == 0 && cancelled)
		rc = certs_repo_get(s->db, out->c.id, &out->c, err);
	if (cal != NULL) {
		free(cal);
		cal = NULL;
	}
	return finish(s, rc, out, err);
}

int annual_findings_settled(struct svc *s, int64_t id, struct bm_err *err)
{
	struct annual_rec r;
	int rc = annual_repo_get(s->db, id, &r, err);

	if (rc != 0)
		return rc;
	if (strcmp(r.state, "rectify") == 0) {
		bm_strlcpy(r.state, "passed", sizeof(r.state));
		r.updated_at = s->now;
		rc = annual_repo_update(s->db, &r, err);
		if (rc == 0)
			rc = svc_audit(
				s, "annual.pass", "annual_report", id,
				json_pack("{s:s,s:i}", "by", "findings_verified", "year", r.year),
				err);
		if (rc == 0)
			rc = findings_notify(
				s, r.unit_id, 0, NULL, "annual.reviewed",
				"整改已全部核查，年度自检报告通过。",
				"Every finding was verified: the annual report passed.", err);
	}
	annual_rec_release(&r);
	return rc;
}

int annual_get(struct svc *s, int64_t id, struct annual_view *out, struct bm_err *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	rc = svc_begin(s, DB_TX_READ, err);
	if (rc == 0)
		rc = load(s, id, out, err);
	return finish(s, rc, out, err);
}

/* A listing's visit: reports and proposals alike. */
struct list_ctx {
	struct svc *s;
	const struct calendar *cal; /* reports: for the due day; may be NULL */
	visit_fn fn;
	void *ctx;
	struct bm_err *err;
};

static int list_visit(void *ctx, const void *rec)
{
	struct list_ctx *lc = ctx;
	struct annual_view v;
	struct resource res;
	int rc;

	memset(&v, 0, sizeof(v));
	v.r = *(const struct annual_rec *)rec; /* answers borrowed: not released here */
	rc = certs_repo_get(lc->s->db, v.r.certificate_id, &v.c, lc->err);
	if (rc != 0)
		return rc;
	report_resource(&v.r, &v.c, &res);
	if (authz_check(&lc->s->who, ACT_APP_READ, &res) != AUTHZ_ALLOW)
		return 0;
	view_fill(lc->s, lc->cal, &v);
	return lc->fn(lc->ctx, &v);
}

int annual_list(struct svc *s, const struct annual_filter *f, visit_fn fn, void *ctx,
		struct bm_err *err)
{
	struct calendar *cal = NULL;
	struct annual_filter mine = *f;
	struct list_ctx lc = { s, NULL, fn, ctx, err };
	int rc = svc_begin(s, DB_TX_READ, err);

	if (svc_own_unit(s) != 0)
		mine.unit_id = svc_own_unit(s);
	if (rc == 0)
		cal = calendar_if_any(s);
	lc.cal = cal;
	if (rc == 0)
		rc = annual_repo_list(s->db, &mine, list_visit, &lc, err);
	free(cal);
	return svc_end(s, rc, err);
}

/* ---- who owes ---- */

struct owed_ctx {
	struct svc *s;
	const struct calendar *cal;
	int year;
	visit_fn fn;
	void *ctx;
	struct bm_err *err;
};

static int owed_visit(void *ctx, const void *rec)
{
	struct owed_ctx *oc = ctx;
	const struct cert_rec *c = rec;
	struct annual_owed_row row;
	struct annual_rec r;
	struct resource res;
	int found = 0, rc;

	if (!certlife_report_owed(c->state, c->reports_from, c->valid_until, oc->year))
		return 0;
	cert_resource(c, &res);
	if (authz_check(&oc->s->who, ACT_APP_READ, &res) != AUTHZ_ALLOW)
		return 0;
	rc = annual_repo_find(oc->s->db, c->id, oc->year, &r, &found, oc->err);
	if (rc != 0)
		return rc;
	row.c = c;
	row.year = oc->year;
	if (annual_due(oc->s, oc->cal, c->scheme_id, oc->year, &row.due, oc->err) != 0)
		return oc->err->code;
	row.report = found ? &r : NULL;
	rc = oc->fn(oc->ctx, &row);
	if (found)
		annual_rec_release(&r);
	return rc;
}

int annual_owed(struct svc *s, int year, int32_t *due, visit_fn fn, void *ctx, struct bm_err *err)
{
	struct owed_ctx oc = { s, NULL, year, fn, ctx, err };
	struct cert_filter f;
	struct calendar *cal = NULL;
	int rc = svc_begin(s, DB_TX_READ, err);

	memset(&f, 0, sizeof(f));
	f.unit_id = svc_own_unit(s);
	if (rc == 0)
		rc = calendars_load_new(s->db, &cal, err);
	oc.cal = cal;
	/* the default day; each certificate's is its scheme's */
	if (rc == 0)
		rc = annual_due(s, cal, NULL, year, due, err);
	if (rc == 0)
		rc = certs_repo_list(s->db, &f, owed_visit, &oc, err);
	free(cal);
	return svc_end(s, rc, err);
}

/* ---- files ---- */

/* sealfile's check: the report visible; to attach, a draft the caller files. */
static int report_files_check(struct svc *s, int64_t id, int attach, struct bm_err *err)
{
	struct annual_view v;
	struct resource res;
	int rc = load(s, id, &v, err);

	if (rc == 0 && attach) {
		report_resource(&v.r, &v.c, &res);
		rc = svc_authorize(s, ACT_ANNUAL_FILE, &res, err);
	}
	if (rc == 0 && attach && strcmp(v.r.state, "draft") != 0)
		rc = bm_err_set(err, BM_ECONFLICT, "illegal_transition", "state",
				"files are attached to a draft (the report is %s)", v.r.state);
	annual_view_release(&v);
	return rc;
}

const struct sealfile_owner annual_report_files = {
	"annual_report",      "annual.file_upload", "annual.file_download",
	"annual.file_broken", report_files_check,
};

/* ---- cancellation proposals ---- */

/* May the caller decide p on c? An approver of the issuing authority who neither
 * proposed it nor reviewed its report. *sod set when only separation of duties bars. */
static int may_decide(struct svc *s, const struct proposal_rec *p, const struct cert_rec *c,
		      int *sod, struct bm_err *err)
{
	struct annual_rec r;
	struct resource res;
	int rc;

	*sod = 0;
	cert_resource(c, &res);
	if (authz_check(&s->who, ACT_ANNUAL_CANCEL, &res) != AUTHZ_ALLOW ||
	    !findings_of_issuer(s, c))
		return 0;
	if (s->who.user_id == 0)
		return 1;
	if (p->proposed_by == s->who.user_id) {
		*sod = 1;
		return 0;
	}
	if (p->report_id != 0) {
		rc = annual_repo_get(s->db, p->report_id, &r, err);
		if (rc != 0)
			return rc;
		*sod = r.reviewed_by == s->who.user_id;
		annual_rec_release(&r);
		if (*sod)
			return 0;
	}
	return 1;
}

static int prop_visit(void *ctx, const void *rec)
{
	struct list_ctx *pc = ctx;
	struct proposal_view v;
	struct resource res;
	int sod, rc;

	memset(&v, 0, sizeof(v));
	v.p = *(const struct proposal_rec *)rec;
	rc = certs_repo_get(pc->s->db, v.p.certificate_id, &v.c, pc->err);
	if (rc != 0)
		return rc;
	cert_resource(&v.c, &res);
	if (authz_check(&pc->s->who, ACT_APP_READ, &res) != AUTHZ_ALLOW)
		return 0;
	rc = strcmp(v.p.state, "pending") == 0 ? may_decide(pc->s, &v.p, &v.c, &sod, pc->err) : 0;
	if (rc < 0)
		return rc;
	v.can_decide = rc == 1;
	return pc->fn(pc->ctx, &v);
}

int annual_proposals(struct svc *s, const char *state, visit_fn fn, void *ctx, struct bm_err *err)
{
	struct list_ctx pc = { s, NULL, fn, ctx, err };
	int rc = svc_begin(s, DB_TX_READ, err);

	if (rc == 0)
		rc = proposal_repo_list(s->db, state, prop_visit, &pc, err);
	return svc_end(s, rc, err);
}

int annual_decide(struct svc *s, int64_t id, int64_t version, int confirm, const char *note,
		  struct proposal_view *out, struct bm_err *err)
{
	struct resource res;
	int sod = 0, may, rc;

	memset(out, 0, sizeof(*out));
	if (!confirm && (note == NULL || note[0] == '\0'))
		return bm_err_set(err, BM_EINVAL, "missing_field", "note",
				  "a declined cancellation says why in a note");
	rc = note_check(note, sizeof(out->p.decision_note), err);
	if (rc != 0)
		return rc;
	rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = proposal_repo_get(s->db, id, &out->p, err);
	if (rc == 0)
		rc = certs_repo_get(s->db, out->p.certificate_id, &out->c, err);
	if (rc == 0) {
		cert_resource(&out->c, &res);
		res.type = "cancel_proposal";
		res.id = id;
		rc = svc_authorize(s, ACT_APP_READ, &res, err);
	}
	if (rc == 0)
		rc = svc_authorize(s, ACT_ANNUAL_CANCEL, &res, err);
	if (rc == 0) {
		may = may_decide(s, &out->p, &out->c, &sod, err);
		if (may < 0)
			rc = may;
		else if (sod)
			rc = svc_refuse(s, ACT_ANNUAL_CANCEL, "cancel_proposal", id, err,
					"separation_of_duties", NULL,
					"the inspector who failed the report does not confirm its "
					"cancellation");
		else if (!may)
			rc = svc_refuse(s, ACT_ANNUAL_CANCEL, "cancel_proposal", id, err,
					"not_your_step", NULL,
					"only the approvers of the issuing authority decide");
	}
	if (rc == 0 && strcmp(out->p.state, "pending") != 0)
		rc = bm_err_set(err, BM_ECONFLICT, "illegal_transition", "state",
				"the proposal was already %s", out->p.state);
	if (rc == 0 && version != out->p.version)
		rc = bm_err_set(err, BM_ESTALE, "version_mismatch", NULL,
				"the proposal was changed by someone else (now version %lld)",
				(long long)out->p.version);
	if (rc == 0)
		rc = proposal_repo_decide(s->db, &out->p, confirm ? "confirmed" : "declined",
					  s->who.user_id, s->now, note, err);
	if (rc == 0 && confirm) {
		rc = cancel(s, out->c.id,
			    strcmp(out->p.reason, "annual_exam_failed") == 0
				    ? CLR_ANNUAL_EXAM_FAILED
				    : CLR_ANNUAL_EXAM_MISSING,
			    note, err);
		if (rc == 0)
			rc = certs_repo_get(s->db, out->c.id, &out->c, err);
	}
	if (rc == 0)
		rc = svc_audit(s, confirm ? "annual.cancel_confirm" : "annual.cancel_decline",
			       "cancel_proposal", id,
			       json_pack("{s:I,s:s,s:i,s:s,s:s}", "certificate_id",
					 (json_int_t)out->c.id, "number", out->c.number, "year",
					 out->p.year, "reason", out->p.reason, "note",
					 note != NULL ? note : ""),
			       err);
	out->can_decide = 0;
	return svc_end(s, rc, err);
}

/* ---- the scheduler ---- */

struct owing {
	struct svc *s;
	const struct calendar *cal;
	struct svc_ids ids;
	int year;
	int32_t today;
};

/* Collect the ids of the certificates that owe a report for the year whose due day
 * (their scheme's) has passed; a scheme whose due day cannot be counted is logged. */
static int collect_owing(void *ctx, const void *rec)
{
	struct owing *o = ctx;
	const struct cert_rec *c = rec;
	struct bm_err e;
	int32_t due;

	if (!certlife_report_owed(c->state, c->reports_from, c->valid_until, o->year))
		return 0;
	bm_err_clear(&e);
	if (annual_due(o->s, o->cal, c->scheme_id, o->year, &due, &e) != 0) {
		log_warn("scheduler: annual report %d of %s: no due day (%s)", o->year, c->number,
			 e.message);
		return 0;
	}
	return o->today > due ? svc_ids_add(&o->ids, c->id) : 0;
}

/* One certificate's missing report for year, in a transaction of its own. */
static int overdue_one(struct svc *s, int64_t cert_id, int year, int *proposed, int *cancelled,
		       struct bm_err *err)
{
	struct cert_rec c;
	struct annual_rec r;
	int found = 0, rc = svc_begin(s, DB_TX_WRITE, err);

	if (rc == 0)
		rc = certs_repo_get(s->db, cert_id, &c, err);
	if (rc == 0 && certlife_report_owed(c.state, c.reports_from, c.valid_until, year))
		rc = annual_repo_find(s->db, cert_id, year, &r, &found, err);
	else if (rc == 0)
		return svc_end(s, rc, err); /* moved meanwhile */
	if (rc == 0 && (!found || strcmp(r.state, "draft") == 0))
		rc = open_cancellation(s, &c, year, found ? r.id : 0, CLR_ANNUAL_EXAM_MISSING,
				       proposed, cancelled, err);
	if (found)
		annual_rec_release(&r);
	return svc_end(s, rc, err);
}

int annual_overdue_sweep(struct svc *s, int *proposed, int *cancelled, struct bm_err *err)
{
	int32_t today = bm_date_cst(s->now);
	int this_year = bm_date_year(today), rc = 0;
	struct calendar *cal = NULL;

	if (db_begin(s->db, DB_TX_READ, err) != 0)
		return err->code;
	rc = calendars_load_new(s->db, &cal, err);
	db_rollback(s->db);
	/* the last two years: a run missed around a due day still catches up */
	for (int year = this_year - 2; rc == 0 && year < this_year; year++) {
		struct owing o = { .s = s, .cal = cal, .year = year, .today = today };
		struct cert_filter f;
		struct bm_err e;

		svc_ids_init(&o.ids);
		bm_err_clear(&e);
		memset(&f, 0, sizeof(f));
		rc = db_begin(s->db, DB_TX_READ, err);
		if (rc == 0) {
			rc = certs_repo_list(s->db, &f, collect_owing, &o, err);
			db_rollback(s->db);
		}
		if (rc == 0)
			rc = svc_ids_check(&o.ids, err);
		for (size_t i = 0; rc == 0 && i < svc_ids_count(&o.ids); i++) {
			int64_t id = svc_ids_at(&o.ids, i);
			int r = overdue_one(s, id, year, proposed, cancelled, &e);
			if (r != 0) /* one certificate's trouble does not stop the others */
				log_warn("scheduler: certificate %lld, annual report %d: %s",
					 (long long)id, year, e.message);
		}
		svc_ids_release(&o.ids);
	}
	free(cal);
	return rc;
}
