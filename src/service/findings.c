/*
 * findings.c - findings and their rectification (findings.h).
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/areas.h"
#include "core/certlife.h"
#include "service/annual.h"
#include "service/findings.h"
#include "service/inspections.h"
#include "service/refdata.h"
#include "service/sanctions.h"
#include "service/sealfile.h"
#include "store/notify_repo.h"
#include "base/banned.h"

static const char *const severities[] = { "minor", "major", "serious", NULL };

int findings_of_issuer(const struct svc *s, const struct cert_rec *c)
{
	return s->who.kind == AUTH_OPERATOR ||
	       (s->who.membership == MEMBER_AUTHORITY && s->who.authority_id == c->authority_id);
}

static void finding_resource(const struct finding_rec *f, const struct cert_rec *c,
			     struct resource *r)
{
	memset(r, 0, sizeof(*r));
	r->type = "finding";
	r->id = f->id;
	r->scoped = 1;
	r->region = c->region;
	r->unit_id = f->unit_id;
}

/* Open or rejected: the unit may (again) answer it. */
static int answerable(const struct finding_rec *f)
{
	return strcmp(f->state, "open") == 0 || strcmp(f->state, "rejected") == 0;
}

static unsigned finding_can(const struct svc *s, const struct finding_rec *f,
			    const struct cert_rec *c)
{
	struct resource r;
	unsigned can = 0;

	finding_resource(f, c, &r);
	if (answerable(f) && authz_check(&s->who, ACT_FINDING_RESPOND, &r) == AUTHZ_ALLOW)
		can |= FINDING_CAN_RESPOND;
	if (strcmp(f->state, "responded") == 0 && findings_of_issuer(s, c) &&
	    authz_check(&s->who, ACT_FINDING_VERIFY, &r) == AUTHZ_ALLOW)
		can |= FINDING_CAN_VERIFY;
	return can;
}

int findings_open(struct svc *s, const char *source_type, int64_t source_id,
		  const struct cert_rec *c, const struct calendar *cal, const struct finding_in *in,
		  size_t n, struct bm_err *err)
{
	int32_t today = bm_date_cst(s->now), def = 0;
	int rc = 0;

	if (n < 1 || n > 50)
		return bm_err_set(err, BM_EINVAL, "invalid_field", "findings",
				  "findings lists 1 to 50 findings");
	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct finding_rec f;
		char field[48];
		int sev = -1;

		for (int k = 0; severities[k] != NULL; k++)
			if (in[i].severity != NULL && strcmp(in[i].severity, severities[k]) == 0)
				sev = k;
		if (in[i].area == NULL || area_index(in[i].area) < 0) {
			snprintf(field, sizeof(field), "findings[%zu].area", i);
			return bm_err_set(err, BM_EINVAL, "invalid_value", field,
					  "not one of the 13 inspection areas");
		}
		if (sev < 0) {
			snprintf(field, sizeof(field), "findings[%zu].severity", i);
			return bm_err_set(err, BM_EINVAL, "invalid_value", field,
					  "severity is minor, major or serious");
		}
		if (in[i].requirement == NULL || in[i].requirement[0] == '\0' ||
		    strlen(in[i].requirement) > FINDING_TEXT_MAX) {
			snprintf(field, sizeof(field), "findings[%zu].requirement", i);
			return bm_err_set(err, BM_EINVAL, "invalid_field", field,
					  "the requirement not met is 1 to %d bytes of text",
					  FINDING_TEXT_MAX);
		}
		if (in[i].deadline != 0 && in[i].deadline <= today) {
			snprintf(field, sizeof(field), "findings[%zu].deadline", i);
			return bm_err_set(err, BM_EINVAL, "invalid_value", field,
					  "the deadline lies after today");
		}
		if (in[i].deadline == 0 && def == 0) {
			/* [law/2nd] domain.md §2.1: rectify within 20 days */
			rc = certlife_rectify_due(cal, today, CERTLIFE_RECTIFY_DAYS, &def, err);
			if (rc != 0)
				return rc;
		}
		memset(&f, 0, sizeof(f));
		bm_strlcpy(f.source_type, source_type, sizeof(f.source_type));
		f.source_id = source_id;
		f.certificate_id = c->id;
		f.unit_id = c->unit_id;
		bm_strlcpy(f.area, in[i].area, sizeof(f.area));
		bm_strlcpy(f.severity, severities[sev], sizeof(f.severity));
		bm_strlcpy(f.requirement, in[i].requirement, sizeof(f.requirement));
		f.deadline = in[i].deadline != 0 ? in[i].deadline : def;
		bm_strlcpy(f.state, "open", sizeof(f.state));
		f.created_by = s->who.user_id;
		f.created_at = f.updated_at = s->now;
		rc = findings_repo_insert(s->db, &f, err);
		if (rc == 0) {
			char day[BM_DATE_LEN];
			bm_date_format(f.deadline, day);
			rc = svc_audit(s, "finding.open", "finding", f.id,
				       json_pack("{s:s,s:I,s:I,s:s,s:s,s:s}", "source_type",
						 source_type, "source_id", (json_int_t)source_id,
						 "certificate_id", (json_int_t)c->id, "area",
						 f.area, "severity", f.severity, "deadline", day),
				       err);
		}
	}
	return rc;
}

/* Load finding id and its certificate, and check the caller may see it. */
static int load(struct svc *s, int64_t id, struct finding_rec *f, struct cert_rec *c,
		struct bm_err *err)
{
	struct resource r;
	int rc = findings_repo_get(s->db, id, f, err);

	if (rc == 0)
		rc = certs_repo_get(s->db, f->certificate_id, c, err);
	if (rc == 0) {
		finding_resource(f, c, &r);
		rc = svc_authorize(s, ACT_APP_READ, &r, err);
	}
	return rc;
}

/* load, and the caller may do act on the finding. */
static int load_for(struct svc *s, int64_t id, enum action act, struct finding_rec *f,
		    struct cert_rec *c, struct bm_err *err)
{
	struct resource r;
	int rc = load(s, id, f, c, err);

	if (rc == 0) {
		finding_resource(f, c, &r);
		rc = svc_authorize(s, act, &r, err);
	}
	return rc;
}

/* 0 when f is still at version, the one the caller saw. */
static int at_version(const struct finding_rec *f, int64_t version, struct bm_err *err)
{
	if (f->version != version)
		return bm_err_set(err, BM_ESTALE, "version_mismatch", NULL,
				  "the finding was changed by someone else (now version %lld)",
				  (long long)f->version);
	return 0;
}

int findings_get(struct svc *s, int64_t id, struct finding_view *out, struct bm_err *err)
{
	struct cert_rec c;
	int rc = svc_begin(s, DB_TX_READ, err);

	if (rc == 0)
		rc = load(s, id, &out->f, &c, err);
	if (rc == 0)
		out->can = finding_can(s, &out->f, &c);
	return svc_end(s, rc, err);
}

static int list_visit(void *ctx, const void *rec)
{
	struct svc_visit *lc = ctx;
	struct finding_view v;
	struct cert_rec c;
	struct resource r;
	int rc;

	v.f = *(const struct finding_rec *)rec;
	rc = certs_repo_get(lc->s->db, v.f.certificate_id, &c, lc->err);
	if (rc != 0)
		return rc;
	finding_resource(&v.f, &c, &r);
	if (authz_check(&lc->s->who, ACT_APP_READ, &r) != AUTHZ_ALLOW)
		return 0;
	v.can = finding_can(lc->s, &v.f, &c);
	return lc->fn(lc->ctx, &v);
}

int findings_list(struct svc *s, const struct finding_filter *f, visit_fn fn, void *ctx,
		  struct bm_err *err)
{
	struct svc_visit lc = { s, fn, ctx, err, NULL };
	struct finding_filter mine = *f;
	int rc = svc_begin(s, DB_TX_READ, err);

	if (svc_own_unit(s) != 0)
		mine.unit_id = svc_own_unit(s); /* a unit sees its own: skip the others early */
	if (rc == 0)
		rc = findings_repo_list(s->db, &mine, list_visit, &lc, err);
	return svc_end(s, rc, err);
}

int findings_notify(struct svc *s, int64_t unit_id, int64_t authority_id, const char *role,
		    const char *kind, const char *zh, const char *en, struct bm_err *err)
{
	struct notification n = { 0 };

	n.kind = kind;
	n.text_zh = zh;
	n.text_en = en;
	n.created_at = s->now;
	return unit_id != 0 ? notify_repo_add_unit(s->db, unit_id, &n, err)
			    : notify_repo_add_authority(s->db, authority_id, role, &n, err);
}

int findings_respond(struct svc *s, int64_t id, int64_t version, const char *response,
		     struct finding_view *out, struct bm_err *err)
{
	struct cert_rec c;
	int rc;

	if (response == NULL || response[0] == '\0' || strlen(response) > FINDING_TEXT_MAX)
		return bm_err_set(err, BM_EINVAL, "invalid_field", "response",
				  "the response is 1 to %d bytes of text", FINDING_TEXT_MAX);
	rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = load_for(s, id, ACT_FINDING_RESPOND, &out->f, &c, err);
	if (rc == 0 && !answerable(&out->f))
		rc = bm_err_set(err, BM_ECONFLICT, "illegal_transition", "state",
				"a finding is answered while open or rejected (it is %s)",
				out->f.state);
	if (rc == 0)
		rc = at_version(&out->f, version, err);
	if (rc == 0) {
		bm_strlcpy(out->f.state, "responded", sizeof(out->f.state));
		bm_strlcpy(out->f.response, response, sizeof(out->f.response));
		out->f.responded_by = s->who.user_id;
		out->f.responded_at = s->now;
		out->f.updated_at = s->now;
		rc = findings_repo_update(s->db, &out->f, err);
	}
	if (rc == 0)
		rc = svc_audit(s, "finding.respond", "finding", id,
			       json_pack("{s:I}", "certificate_id", (json_int_t)c.id), err);
	if (rc == 0)
		rc = findings_notify(s, 0, c.authority_id, "inspector", "finding.responded",
				     "整改情况已报送，请核查。",
				     "A rectification response awaits verification.", err);
	if (rc == 0)
		out->can = finding_can(s, &out->f, &c);
	return svc_end(s, rc, err);
}

/* The source of a verified finding hears that all its findings are verified. */
static int source_settled(struct svc *s, const struct finding_rec *f, struct bm_err *err)
{
	int64_t left = 0;
	int rc = findings_repo_unverified(s->db, f->source_type, f->source_id, &left, err);

	if (rc != 0 || left > 0)
		return rc;
	if (strcmp(f->source_type, "annual_report") == 0)
		return annual_findings_settled(s, f->source_id, err);
	return inspections_findings_settled(s, f->source_id, err);
}

int findings_verify(struct svc *s, int64_t id, int64_t version, int verified, const char *note,
		    struct finding_view *out, struct bm_err *err)
{
	struct cert_rec c;
	int rc;

	if (note != NULL && strlen(note) > FINDING_TEXT_MAX)
		return bm_err_set(err, BM_EINVAL, "invalid_field", "note",
				  "the note has at most %d bytes", FINDING_TEXT_MAX);
	if (!verified && (note == NULL || note[0] == '\0'))
		return bm_err_set(err, BM_EINVAL, "missing_field", "note",
				  "a rejection says why in a note");
	rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = load_for(s, id, ACT_FINDING_VERIFY, &out->f, &c, err);
	if (rc == 0 && !findings_of_issuer(s, &c))
		rc = svc_refuse(s, ACT_FINDING_VERIFY, "finding", id, err, "not_your_step", NULL,
				"only the inspectors of the issuing authority verify findings");
	if (rc == 0 && strcmp(out->f.state, "responded") != 0)
		rc = bm_err_set(err, BM_ECONFLICT, "illegal_transition", "state",
				"only a response is verified or rejected (the finding is %s)",
				out->f.state);
	if (rc == 0)
		rc = at_version(&out->f, version, err);
	if (rc == 0) {
		bm_strlcpy(out->f.state, verified ? "verified" : "rejected", sizeof(out->f.state));
		bm_strlcpy(out->f.verification_note, note != NULL ? note : "",
			   sizeof(out->f.verification_note));
		out->f.verified_by = s->who.user_id;
		out->f.verified_at = s->now;
		out->f.updated_at = s->now;
		rc = findings_repo_update(s->db, &out->f, err);
	}
	if (rc == 0)
		rc = svc_audit(s, verified ? "finding.verify" : "finding.reject", "finding", id,
			       json_pack("{s:I,s:s}", "certificate_id", (json_int_t)c.id, "note",
					 out->f.verification_note),
			       err);
	if (rc == 0)
		rc = verified ? findings_notify(s, c.unit_id, 0, NULL, "finding.verified",
						"整改已核查通过。", "A rectification was verified.",
						err)
			      : findings_notify(s, c.unit_id, 0, NULL, "finding.rejected",
						"整改未通过核查，请重新报送。",
						"A rectification was rejected; answer it again.",
						err);
	if (rc == 0 && verified)
		rc = source_settled(s, &out->f, err);
	if (rc == 0 && !verified)
		rc = sanctions_raise(s, &out->f, &c, "rectification_rejected", err);
	if (rc == 0)
		out->can = finding_can(s, &out->f, &c);
	return svc_end(s, rc, err);
}

/* sealfile's check: the finding visible; to attach evidence, open or rejected and the
 * caller its respondent. */
static int evidence_check(struct svc *s, int64_t id, int attach, struct bm_err *err)
{
	struct finding_rec f;
	struct cert_rec c;
	int rc = attach ? load_for(s, id, ACT_FINDING_RESPOND, &f, &c, err)
			: load(s, id, &f, &c, err);

	if (rc == 0 && attach && !answerable(&f))
		rc = bm_err_set(err, BM_ECONFLICT, "illegal_transition", "state",
				"evidence is attached while the finding is open or rejected (it is "
				"%s)",
				f.state);
	return rc;
}

const struct sealfile_owner finding_files = {
	"finding",	"finding.file_upload", "finding.file_download", "finding.file_broken",
	evidence_check,
};

/* ---- the scheduler ---- */

#define SWEEP_IDS_MAX ((size_t)64 << 20) /* bytes of ids a sweep collects: 8M findings */

/* Collect the ids of findings into a struct buf (an int64_t array). */
static int collect(void *ctx, const void *rec)
{
	const struct finding_rec *f = rec;

	return buf_append(ctx, &f->id, sizeof(f->id));
}

int findings_overdue_sweep(struct svc *s, int *marked, struct bm_err *err)
{
	int32_t today = bm_date_cst(s->now);
	const int64_t *id;
	struct buf ids;
	int rc;

	buf_init(&ids, SWEEP_IDS_MAX);
	rc = db_begin(s->db, DB_TX_READ, err);
	if (rc == 0) {
		rc = findings_repo_past_deadline(s->db, today, collect, &ids, err);
		db_rollback(s->db);
	}
	id = (const int64_t *)(const void *)ids.data;
	for (size_t i = 0; rc == 0 && i < ids.len / sizeof(*id); i++) {
		struct finding_rec f;
		struct cert_rec c;
		int r = svc_begin(s, DB_TX_WRITE, err);
		if (r == 0)
			r = findings_repo_get(s->db, id[i], &f, err);
		if (r == 0)
			r = certs_repo_get(s->db, f.certificate_id, &c, err);
		/* still open or rejected and unmarked: another run may have got there */
		if (r == 0 && (f.overdue || !answerable(&f)))
			r = 1;
		if (r == 0) {
			f.overdue = 1;
			f.updated_at = s->now;
			r = findings_repo_update(s->db, &f, err);
		}
		if (r == 0) {
			char day[BM_DATE_LEN];
			bm_date_format(f.deadline, day);
			r = svc_audit(s, "finding.overdue", "finding", f.id,
				      json_pack("{s:I,s:s,s:s}", "certificate_id", (json_int_t)c.id,
						"deadline", day, "state", f.state),
				      err);
		}
		if (r == 0)
			r = findings_notify(s, c.unit_id, 0, NULL, "finding.overdue",
					    "整改期限已过，问题尚未整改完毕。",
					    "A finding's rectification deadline has passed.", err);
		if (r == 0)
			r = findings_notify(s, 0, c.authority_id, "inspector", "finding.overdue",
					    "有问题逾期未整改。",
					    "A finding is overdue for rectification.", err);
		if (r == 0)
			r = sanctions_raise(s, &f, &c, "rectification_overdue", err);
		if (r == 0)
			(*marked)++;
		if (r == 1) {
			svc_end(s, BM_ECONFLICT, err); /* nothing to do: roll back */
			bm_err_clear(err);
			continue;
		}
		rc = svc_end(s, r, err);
	}
	buf_release(&ids);
	return rc;
}
