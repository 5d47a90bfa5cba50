/*
 * sanctions.c - sanction proposals (sanctions.h).
 */
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "core/certlife.h"
#include "service/certlife_svc.h"
#include "service/certs.h"
#include "service/findings.h"
#include "service/sanctions.h"
#include "base/banned.h"

static const char *const measures[] = { "suspend", "downgrade", "revoke", NULL };

static int pending(const struct sanction_rec *p)
{
	return strcmp(p->state, "pending") == 0;
}

static void sanction_resource(const struct sanction_rec *p, const struct cert_rec *c,
			      struct resource *r)
{
	certs_resource(c, r);
	r->type = "sanction";
	r->id = p->id;
}

/* The caller holds act on c and belongs to its issuing authority. */
static int of_issuer_may(const struct svc *s, const struct cert_rec *c, enum action act)
{
	struct resource r;

	certs_resource(c, &r);
	return findings_of_issuer(s, c) && authz_check(&s->who, act, &r) == AUTHZ_ALLOW;
}

/* The operator is nobody's colleague: separation of duties binds users. */
static int is_proposer(const struct svc *s, const struct sanction_rec *p)
{
	return s->who.kind != AUTH_OPERATOR && p->proposed_by != 0 &&
	       p->proposed_by == s->who.user_id;
}

static int view_fill(struct svc *s, struct sanction_view *v, struct bm_err *err)
{
	int rc = 0;

	v->can = 0;
	v->new_certificate_id = 0;
	if (pending(&v->p) && of_issuer_may(s, &v->c, ACT_INSPECT))
		v->can |= SANCTION_CAN_AMEND;
	if (pending(&v->p) && of_issuer_may(s, &v->c, ACT_SANCTION_DECIDE) &&
	    !is_proposer(s, &v->p))
		v->can |= SANCTION_CAN_DECIDE;
	if (strcmp(v->p.state, "accepted") == 0 && strcmp(v->p.measure, "downgrade") == 0)
		rc = certs_repo_successor(s->db, v->c.id, &v->new_certificate_id, err);
	return rc;
}

/* Load proposal id and its certificate when the caller may see it: the bureau's. */
static int load(struct svc *s, int64_t id, struct sanction_view *v, struct bm_err *err)
{
	struct resource r;
	int rc = sanctions_repo_get(s->db, id, &v->p, err);

	if (rc == 0)
		rc = certs_repo_get(s->db, v->p.certificate_id, &v->c, err);
	if (rc == 0) {
		sanction_resource(&v->p, &v->c, &r);
		rc = svc_authorize(s, ACT_APP_READ, &r, err);
	}
	if (rc == 0 && svc_own_unit(s) != 0)
		rc = bm_err_set(err, BM_ENOTFOUND, "not_found", NULL, "no such proposal");
	return rc;
}

/* load, for act by a member of the issuing authority, pending and at version. */
static int load_pending(struct svc *s, int64_t id, int64_t version, enum action act,
			struct sanction_view *v, struct bm_err *err)
{
	struct resource r;
	int rc = load(s, id, v, err);

	if (rc == 0) {
		sanction_resource(&v->p, &v->c, &r);
		rc = svc_authorize(s, act, &r, err);
	}
	if (rc == 0 && !findings_of_issuer(s, &v->c))
		rc = svc_refuse(s, act, "sanction", id, err, "not_your_step", NULL,
				"only the issuing authority handles its sanctions");
	if (rc == 0 && !pending(&v->p))
		rc = bm_err_set(err, BM_ECONFLICT, "illegal_transition", "state",
				"the proposal was already %s", v->p.state);
	if (rc == 0 && version != v->p.version)
		rc = bm_err_set(err, BM_ESTALE, "version_mismatch", NULL,
				"the proposal was changed by someone else (now version %lld)",
				(long long)v->p.version);
	return rc;
}

static int note_check(const char *note, int required, struct bm_err *err)
{
	if (required && (note == NULL || note[0] == '\0'))
		return bm_err_set(err, BM_EINVAL, "missing_field", "note",
				  "a declined proposal says why in a note");
	if (note != NULL && strlen(note) > INSPECTION_TEXT_MAX)
		return bm_err_set(err, BM_EINVAL, "invalid_field", "note",
				  "the note has at most %d bytes", INSPECTION_TEXT_MAX);
	return 0;
}

int sanctions_raise(struct svc *s, const struct finding_rec *f, const struct cert_rec *c,
		    const char *ground, struct bm_err *err)
{
	struct sanction_rec *p;
	int inserted = 0, rc;

	if (c->state != CL_VALID && c->state != CL_SUSPENDED)
		return 0; /* nothing left to sanction */
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	p->certificate_id = c->id;
	p->unit_id = c->unit_id;
	p->finding_id = f->id;
	bm_strlcpy(p->ground, ground, sizeof(p->ground));
	bm_strlcpy(p->measure, "suspend", sizeof(p->measure));
	p->months = SANCTION_MONTHS_MIN;
	p->proposed_by = s->who.kind == AUTH_OPERATOR ? 0 : s->who.user_id;
	p->proposed_at = s->now;
	rc = sanctions_repo_insert(s->db, p, &inserted, err);
	if (rc == 0 && inserted)
		rc = svc_audit(s, "sanction.propose", "sanction", p->id,
			       json_pack("{s:I,s:s,s:I,s:s,s:s,s:i}", "certificate_id",
					 (json_int_t)c->id, "number", c->number, "finding_id",
					 (json_int_t)f->id, "ground", ground, "measure", p->measure,
					 "months", p->months),
			       err);
	if (rc == 0 && inserted)
		rc = findings_notify(s, 0, c->authority_id, "approver", "sanction.proposed",
				     "有整改逾期或未通过核查的问题，处罚建议待决定。",
				     "A rectification is overdue or rejected: a sanction proposal "
				     "awaits decision.",
				     err);
	free(p);
	return rc;
}

int sanctions_amend(struct svc *s, int64_t id, int64_t version, const struct sanction_in *in,
		    struct sanction_view *out, struct bm_err *err)
{
	enum certlife_reason reason = CLR_NONE;
	int m = -1, rc;

	memset(out, 0, sizeof(*out));
	for (int i = 0; in->measure != NULL && measures[i] != NULL; i++)
		if (strcmp(in->measure, measures[i]) == 0)
			m = i;
	if (m < 0)
		return bm_err_set(err, BM_EINVAL, "invalid_value", "measure",
				  "measure is suspend, downgrade or revoke");
	if (m == 0 && (in->months < SANCTION_MONTHS_MIN || in->months > SANCTION_MONTHS_MAX))
		return bm_err_set(err, BM_EINVAL, "invalid_value", "months",
				  "a suspension lasts %d to %d months", SANCTION_MONTHS_MIN,
				  SANCTION_MONTHS_MAX);
	if (m == 2 && (in->reason == NULL || certlife_reason_parse(in->reason, &reason) != 0 ||
		       certlife_reason_event(reason) != CLE_REVOKE))
		return bm_err_set(err, BM_EINVAL, "invalid_reason", "reason",
				  "a revocation names its reason");
	if (m != 2 && in->reason != NULL)
		return bm_err_set(err, BM_EINVAL, "invalid_reason", "reason",
				  "only a revocation takes a reason");
	rc = note_check(in->note, 0, err);
	if (rc == 0)
		rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = load_pending(s, id, version, ACT_INSPECT, out, err);
	if (rc == 0) {
		bm_strlcpy(out->p.measure, measures[m], sizeof(out->p.measure));
		out->p.months = m == 0 ? in->months : 0;
		bm_strlcpy(out->p.revoke_reason, m == 2 ? in->reason : "",
			   sizeof(out->p.revoke_reason));
		bm_strlcpy(out->p.note, in->note != NULL ? in->note : "", sizeof(out->p.note));
		out->p.proposed_by = s->who.user_id;
		out->p.proposed_at = s->now;
		rc = sanctions_repo_update(s->db, &out->p, err);
	}
	if (rc == 0)
		rc = svc_audit(s, "sanction.amend", "sanction", id,
			       json_pack("{s:I,s:s,s:i,s:s}", "certificate_id",
					 (json_int_t)out->c.id, "measure", out->p.measure, "months",
					 out->p.months, "reason", out->p.revoke_reason),
			       err);
	if (rc == 0)
		rc = view_fill(s, out, err);
	return svc_end(s, rc, err);
}

/* Apply accepted proposal p to its certificate, inside the open transaction. */
static int apply(struct svc *s, const struct sanction_rec *p, const char *note, struct bm_err *err)
{
	struct cert_move mv;
	int32_t today = bm_date_cst(s->now);
	int64_t new_id = 0;

	if (strcmp(p->measure, "downgrade") == 0)
		return certs_downgrade(s, p->certificate_id, note, &new_id, err);
	memset(&mv, 0, sizeof(mv));
	mv.note = note;
	if (strcmp(p->measure, "suspend") == 0) {
		mv.event = CLE_SUSPEND;
		mv.reason = strcmp(p->ground, "rectification_rejected") == 0
				    ? CLR_RECTIFICATION_REJECTED
				    : CLR_RECTIFICATION_OVERDUE;
		mv.start = today;
		mv.end = certlife_period_last(today, p->months);
	} else {
		mv.event = CLE_REVOKE;
		if (certlife_reason_parse(p->revoke_reason, &mv.reason) != 0)
			return bm_err_set(err, BM_EINTERNAL, NULL, NULL,
					  "stored revocation reason %s unknown", p->revoke_reason);
	}
	return certs_move(s, p->certificate_id, &mv, err);
}

int sanctions_decide(struct svc *s, int64_t id, int64_t version, int accept, const char *note,
		     struct sanction_view *out, struct bm_err *err)
{
	int rc = note_check(note, !accept, err);

	memset(out, 0, sizeof(*out));
	if (rc == 0)
		rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = load_pending(s, id, version, ACT_SANCTION_DECIDE, out, err);
	if (rc == 0 && is_proposer(s, &out->p))
		rc = svc_refuse(s, ACT_SANCTION_DECIDE, "sanction", id, err, "separation_of_duties",
				NULL, "the proposer of a sanction does not decide it");
	if (rc == 0) {
		bm_strlcpy(out->p.state, accept ? "accepted" : "declined", sizeof(out->p.state));
		out->p.decided_by = s->who.user_id;
		out->p.decided_at = s->now;
		bm_strlcpy(out->p.decision_note, note != NULL ? note : "",
			   sizeof(out->p.decision_note));
		rc = sanctions_repo_update(s->db, &out->p, err);
	}
	if (rc == 0 && accept)
		rc = apply(s, &out->p, note, err);
	if (rc == 0)
		rc = certs_repo_get(s->db, out->c.id, &out->c, err);
	if (rc == 0)
		rc = svc_audit(s, accept ? "sanction.accept" : "sanction.decline", "sanction", id,
			       json_pack("{s:I,s:s,s:s,s:i,s:s,s:s}", "certificate_id",
					 (json_int_t)out->c.id, "number", out->c.number, "measure",
					 out->p.measure, "months", out->p.months, "reason",
					 out->p.revoke_reason, "note", out->p.decision_note),
			       err);
	if (rc == 0)
		rc = view_fill(s, out, err);
	return svc_end(s, rc, err);
}

int sanctions_get(struct svc *s, int64_t id, struct sanction_view *out, struct bm_err *err)
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
	struct sanction_view *v = malloc(sizeof(*v));
	struct resource r;
	int rc;

	if (v == NULL)
		return bm_err_set(lc->err, BM_EINTERNAL, NULL, NULL, "out of memory");
	v->p = *(const struct sanction_rec *)rec;
	rc = certs_repo_get(lc->s->db, v->p.certificate_id, &v->c, lc->err);
	if (rc == 0) {
		sanction_resource(&v->p, &v->c, &r);
		if (authz_check(&lc->s->who, ACT_APP_READ, &r) == AUTHZ_ALLOW) {
			rc = view_fill(lc->s, v, lc->err);
			if (rc == 0)
				rc = svc_visit_give(lc, v->p.id, v);
		}
	}
	free(v);
	return rc;
}

int sanctions_list(struct svc *s, const char *state, int64_t certificate_id, int64_t before_id,
		   struct svc_page *page, visit_fn fn, void *ctx, struct bm_err *err)
{
	struct svc_visit lc = { s, fn, ctx, err, page };
	int rc = svc_begin(s, DB_TX_READ, err);

	if (rc == 0 && svc_own_unit(s) != 0)
		return svc_end(s, 0, err); /* the bureau's: a unit lists none */
	if (rc == 0)
		rc = sanctions_repo_list(s->db, state, certificate_id, before_id, list_visit, &lc,
					 err);
	return svc_end(s, rc, err);
}
