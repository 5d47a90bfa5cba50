/*
 * certlife_svc.c - moving an issued certificate through its life: the one function
 * every change of state goes through (certs_move), the API's events on it, its
 * history and what the caller may do. certlife_svc.h states the contracts; the rules
 * are core/certlife.c's table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/jsonout.h"
#include "base/log.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "service/certlife_svc.h"
#include "store/findings_repo.h"
#include "store/notify_repo.h"
#include "store/profile_repo.h"
#include "base/banned.h"

/* The entry the status list gives a state: only the sanctions are listed. */
static unsigned status_entry(enum certlife_state st)
{
	return st == CL_SUSPENDED ? CERT_STATUS_SUSPENDED
	       : st == CL_REVOKED ? CERT_STATUS_REVOKED
				  : CERT_STATUS_VALID;
}

static void history_by(const struct svc *s, struct cert_event_rec *e)
{
	e->by_user = s->who.kind == AUTH_OPERATOR ? 0 : s->who.user_id;
	bm_strlcpy(e->by_login, s->who.login[0] ? s->who.login : "system", sizeof(e->by_login));
}

/* What the unit reads about the move. */
static int notify_move(struct svc *s, const struct cert_rec *c, enum certlife_state from,
		       const struct cert_move *m, struct bm_err *err)
{
	char zh[320], en[320];
	struct notification n = { 0, 0, c->application_id, s->now, 0, NULL, zh, en };
	char kind[48];

	snprintf(kind, sizeof(kind), "certificate.%s", certlife_event_name(m->event));
	n.kind = kind;
	snprintf(zh, sizeof(zh), "资质证书 %s：%s → %s%s%s", c->number,
		 certlife_state_label(from, 1), certlife_state_label(c->state, 1),
		 m->reason != CLR_NONE ? "，原因：" : "", certlife_reason_label(m->reason, 1));
	snprintf(en, sizeof(en), "Certificate %s: %s -> %s%s%s", c->number,
		 certlife_state_label(from, 0), certlife_state_label(c->state, 0),
		 m->reason != CLR_NONE ? ", reason: " : "", certlife_reason_label(m->reason, 0));
	return notify_repo_add_unit(s->db, c->unit_id, &n, err);
}

/* [2nd] Measures Art. 13: the unit's history gets the revocation the eligibility
 * condition no_revocation_3y reads, dated the revocation day. */
static int record_bar(struct svc *s, const struct cert_rec *c, enum certlife_reason reason,
		      int32_t today, struct bm_err *err)
{
	struct event_rec e;

	memset(&e, 0, sizeof(e));
	e.unit_id = c->unit_id;
	e.created_at = s->now;
	bm_strlcpy(e.kind, "qualification_revoked", sizeof(e.kind));
	e.locked = 1;
	bm_date_format(today, e.occurred_on);
	snprintf(e.description, sizeof(e.description), "certificate %s revoked (%s)", c->number,
		 certlife_reason_name(reason));
	return profile_repo_event_add(s->db, &e, err);
}

/*
 * certs_move on the row c already read (c is updated). actor, when not
 * CL_ACTOR_COUNT, is the actor the caller stands for: a row of another actor is
 * refused (403 not_your_step).
 */
static int move_rec(struct svc *s, struct cert_rec *c, const struct cert_move *m,
		    enum certlife_actor actor, struct bm_err *err)
{
	const struct certlife_transition *t = NULL;
	struct certlife_facts f;
	struct cert_event_rec *e = NULL;
	enum certlife_state from = c->state;
	int32_t today = bm_date_cst(s->now);
	int64_t unverified = 0;
	int open = 0, rc;

	memset(&f, 0, sizeof(f));
	f.today = today;
	f.valid_until = c->valid_until;
	f.suspension_start = m->event == CLE_SUSPEND ? m->start : c->suspension_start;
	f.suspension_end = m->event == CLE_SUSPEND ? m->end : c->suspension_end;
	f.report_overdue = m->report_overdue;
	f.report_failed = m->report_failed;
	f.confirm_cancellation = s->cfg != NULL ? s->cfg->cert_cancel_confirm : 1;
	rc = certs_repo_renewal_open(s->db, c->id, &open, err);
	f.renewal_open = open;
	if (rc == 0)
		rc = findings_repo_unverified_cert(s->db, c->id, &unverified, err);
	f.rectification_verified = unverified == 0;
	if (rc == 0)
		rc = certlife_next(from, m->event, m->reason, &f, &t, err);
	if (rc == 0 && actor != CL_ACTOR_COUNT && t->actor != actor)
		rc = svc_refuse(s, ACT_APP_DECIDE, "certificate", c->id, err, "not_your_step", NULL,
				"the %s raises this event, not you", certlife_actor_name(t->actor));
	if (rc != 0)
		return rc;

	c->state = t->to;
	c->state_since = today;
	if (m->event == CLE_SUSPEND) {
		c->suspension_start = m->start;
		c->suspension_end = m->end;
	} else if (m->event == CLE_REINSTATE) {
		c->suspension_start = c->suspension_end = 0;
	}
	rc = certs_repo_move(s->db, c, s->now, err);

	if (rc == 0 && (e = calloc(1, sizeof(*e))) == NULL)
		rc = bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	if (rc == 0) {
		e->certificate_id = c->id;
		bm_strlcpy(e->event, certlife_event_name(m->event), sizeof(e->event));
		if (m->reason != CLR_NONE)
			bm_strlcpy(e->reason, certlife_reason_name(m->reason), sizeof(e->reason));
		bm_strlcpy(e->from, certlife_state_name(from), sizeof(e->from));
		bm_strlcpy(e->to, certlife_state_name(c->state), sizeof(e->to));
		history_by(s, e);
		e->at = s->now;
		e->day = today;
		if (m->event == CLE_SUSPEND) {
			e->start = m->start;
			e->end = m->end;
		}
		bm_strlcpy(e->note, m->note != NULL ? m->note : "", sizeof(e->note));
		rc = cert_events_repo_add(s->db, e, err);
	}
	if (rc == 0 && status_entry(from) != status_entry(c->state))
		rc = certs_status_resign(s, NULL, err);
	if (rc == 0 && m->event == CLE_REVOKE)
		rc = record_bar(s, c, m->reason, today, err);
	if (rc == 0)
		rc = notify_move(s, c, from, m, err);
	if (rc == 0) {
		char action[48];
		snprintf(action, sizeof(action), "certificate.%s", certlife_event_name(m->event));
		rc = svc_audit(
			s, action, "certificate", c->id,
			json_pack("{s:s,s:s,s:s,s:s*,s:o,s:o,s:s*,s:I}", "number", c->number,
				  "from", certlife_state_name(from), "to",
				  certlife_state_name(c->state), "reason",
				  m->reason != CLR_NONE ? certlife_reason_name(m->reason) : NULL,
				  "start", json_date(e->start), "end", json_date(e->end), "note",
				  m->note, "history_id", (json_int_t)e->id),
			err);
	}
	free(e);
	return rc;
}

int certs_move(struct svc *s, int64_t id, const struct cert_move *m, struct bm_err *err)
{
	struct cert_rec *c = malloc(sizeof(*c));
	int rc;

	if (c == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	rc = certs_repo_get(s->db, id, c, err);
	if (rc == 0)
		rc = move_rec(s, c, m, CL_ACTOR_COUNT, err);
	free(c);
	return rc;
}

/* ---- the API's events ---- */

/* An approver of the authority that issued c (the operator stands for every one). */
static int issuer_approver(const struct svc *s, const struct cert_rec *c)
{
	return s->who.kind == AUTH_OPERATOR ||
	       (s->who.membership == MEMBER_AUTHORITY && s->who.authority_id == c->authority_id &&
		(s->who.roles & ROLE_BIT(ROLE_APPROVER)) != 0);
}

/* A unit officer of c's unit. */
static int unit_officer(const struct svc *s, const struct cert_rec *c)
{
	return s->who.kind != AUTH_OPERATOR && s->who.membership == MEMBER_UNIT &&
	       s->who.unit_id == c->unit_id && (s->who.roles & ROLE_BIT(ROLE_UNIT_OFFICER)) != 0;
}

#define API_EVENTS                                                                                 \
	((1u << CLE_SUSPEND) | (1u << CLE_REINSTATE) | (1u << CLE_REVOKE) | (1u << CLE_CANCEL))

unsigned certs_actions(const struct svc *s, const struct cert_rec *c, int *request_cancel)
{
	unsigned out = 0;

	*request_cancel = 0;
	if (issuer_approver(s, c))
		for (unsigned i = 0; i < certlife_table_len; i++) {
			const struct certlife_transition *t = &certlife_table[i];
			if ((t->from & CL_STATE(c->state)) && t->actor == CLA_APPROVER &&
			    (API_EVENTS & (1u << t->event)))
				out |= 1u << t->event;
		}
	if (unit_officer(s, c) && c->state == CL_VALID)
		*request_cancel = 1;
	return out;
}

/* Keeps the newest history row visited. */
static int last_visit(void *ctx, const void *rec)
{
	*(struct cert_event_rec *)ctx = *(const struct cert_event_rec *)rec;
	return 0;
}

/* A unit's request for cancellation stands this many days: asked again sooner, with no
 * move of the certificate in between, it is refused; later, it is recorded again as a
 * reminder to the approvers. [cfg] */
#define CANCEL_REQUEST_STANDS_DAYS 30

/* The unit asks for cancellation: history, the authority's approvers told, audit. The
 * certificate does not move; an approver decides. A request that still stands (409
 * "cancel_requested") is not recorded twice. */
static int request_cancel(struct svc *s, const struct cert_rec *c, const struct cert_move *m,
			  struct bm_err *err)
{
	const struct certlife_transition *t = NULL;
	struct certlife_facts f;
	struct cert_event_rec *e;
	char zh[320], en[320];
	struct notification n = { 0,  0, c->application_id, s->now, 0, "certificate.cancel_request",
				  zh, en };
	int rc;

	memset(&f, 0, sizeof(f));
	f.today = bm_date_cst(s->now);
	f.valid_until = c->valid_until;
	f.confirm_cancellation = 1;
	/* the request must be one the approver could grant in this state */
	rc = certlife_next(c->state, CLE_CANCEL, CLR_UNIT_REQUEST, &f, &t, err);
	if (rc != 0)
		return rc;
	if ((e = calloc(1, sizeof(*e))) == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	rc = cert_events_repo_list(s->db, c->id, last_visit, e, err);
	if (rc == 0 && strcmp(e->event, "request_cancel") == 0 &&
	    f.today - e->day < CANCEL_REQUEST_STANDS_DAYS) {
		char d[BM_DATE_LEN];
		bm_date_format(e->day, d);
		rc = bm_err_set(err, BM_ECONFLICT, "cancel_requested", NULL,
				"the unit asked on %s to cancel certificate %s and an approver "
				"decides; it may be asked again %d days after",
				d, c->number, CANCEL_REQUEST_STANDS_DAYS);
	}
	if (rc != 0) {
		free(e);
		return rc;
	}
	memset(e, 0, sizeof(*e));
	e->certificate_id = c->id;
	bm_strlcpy(e->event, "request_cancel", sizeof(e->event));
	bm_strlcpy(e->reason, certlife_reason_name(CLR_UNIT_REQUEST), sizeof(e->reason));
	bm_strlcpy(e->from, certlife_state_name(c->state), sizeof(e->from));
	bm_strlcpy(e->to, certlife_state_name(c->state), sizeof(e->to));
	history_by(s, e);
	e->at = s->now;
	e->day = f.today;
	bm_strlcpy(e->note, m->note != NULL ? m->note : "", sizeof(e->note));
	rc = cert_events_repo_add(s->db, e, err);
	if (rc == 0) {
		snprintf(zh, sizeof(zh), "单位申请注销资质证书 %s", c->number);
		snprintf(en, sizeof(en), "The unit asks to cancel certificate %s", c->number);
		rc = notify_repo_add_authority(s->db, c->authority_id, "approver", &n, err);
	}
	if (rc == 0)
		rc = svc_audit(s, "certificate.cancel_request", "certificate", c->id,
			       json_pack("{s:s,s:s*,s:I}", "number", c->number, "note", m->note,
					 "history_id", (json_int_t)e->id),
			       err);
	free(e);
	return rc;
}

int certs_event(struct svc *s, int64_t id, int64_t version, const struct cert_move *m,
		struct cert_view *out, struct bm_err *err)
{
	int asking = 0;
	int rc = svc_begin(s, DB_TX_WRITE, err);

	memset(out, 0, sizeof(*out));
	if (rc == 0)
		rc = certs_load(s, id, &out->c, err);
	if (rc == 0 && ((unsigned)m->event >= CL_EVENT_COUNT || !(API_EVENTS & (1u << m->event))))
		rc = bm_err_set(err, BM_ENOTFOUND, "not_found", NULL, "no such event");
	if (rc == 0 && !issuer_approver(s, &out->c)) {
		asking = m->event == CLE_CANCEL && m->reason == CLR_UNIT_REQUEST &&
			 unit_officer(s, &out->c);
		if (!asking)
			rc = svc_refuse(s, ACT_APP_DECIDE, "certificate", id, err, "not_your_step",
					NULL,
					"only an approver of the issuing authority %ss a "
					"certificate; its unit officer may ask for cancellation",
					certlife_event_name(m->event));
	}
	if (rc == 0 && out->c.version != version)
		rc = bm_err_set(err, BM_ESTALE, "stale", NULL,
				"the certificate is at version %lld; reload it",
				(long long)out->c.version);
	if (rc == 0)
		rc = asking ? request_cancel(s, &out->c, m, err)
			    : move_rec(s, &out->c, m,
				       s->who.kind == AUTH_OPERATOR ? CL_ACTOR_COUNT : CLA_APPROVER,
				       err);
	if (rc == 0)
		rc = certs_view_fill(s, out, err);
	return svc_end(s, rc, err);
}

int certs_history(struct svc *s, int64_t id, visit_fn fn, void *ctx, struct bm_err *err)
{
	struct cert_rec *c = malloc(sizeof(*c));
	int rc;

	if (c == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	rc = svc_begin(s, DB_TX_READ, err);
	if (rc == 0)
		rc = certs_load(s, id, c, err);
	if (rc == 0)
		rc = cert_events_repo_list(s->db, id, fn, ctx, err);
	free(c);
	return svc_end(s, rc, err);
}

/* ---- the scheduler's duties ---- */

/* The ids of certificates in state (valid_until before before, 0 = any) into out
 * (emptied first), read in a transaction of their own. */
static int ids_in_state(struct svc *s, enum certlife_state state, int32_t before,
			struct svc_ids *out, struct bm_err *err)
{
	int rc = svc_begin(s, DB_TX_READ, err);

	svc_ids_reset(out);
	if (rc == 0)
		rc = certs_repo_ids_in_state(s->db, state, before, svc_ids_visit, out, err);
	if (rc == 0)
		rc = svc_ids_check(out, err);
	return svc_end(s, rc, err);
}

/* Move each certificate of ids by m in its own transaction; count the moves. A guard
 * that does not hold (a renewal open) is the normal case; anything else is logged. */
static void move_each(struct svc *s, const struct svc_ids *ids, const struct cert_move *m,
		      int *done)
{
	for (size_t i = 0; i < svc_ids_count(ids); i++) {
		struct bm_err e;
		int rc;

		bm_err_clear(&e);
		rc = svc_begin(s, DB_TX_WRITE, &e);
		if (rc == 0)
			rc = certs_move(s, svc_ids_at(ids, i), m, &e);
		rc = svc_end(s, rc, &e);
		if (rc == 0)
			(*done)++;
		else if (rc != BM_ERULE)
			log_warn("scheduler: certificate %lld: %s failed: %s",
				 (long long)svc_ids_at(ids, i), certlife_event_name(m->event),
				 e.message);
	}
}

int certs_job_expiries(struct svc *s, int *expired, int *cancelled, struct bm_err *err)
{
	static const enum certlife_state standing[] = { CL_VALID, CL_SUSPENDED };
	struct cert_move expire = { .event = CLE_EXPIRE, .reason = CLR_NONE };
	struct cert_move cancel = { .event = CLE_CANCEL, .reason = CLR_EXPIRED_WITHOUT_RENEWAL };
	struct svc_ids ids;
	int32_t today = bm_date_cst(s->now);
	int rc = 0;

	svc_ids_init(&ids);
	for (size_t k = 0; rc == 0 && k < sizeof(standing) / sizeof(standing[0]); k++) {
		rc = ids_in_state(s, standing[k], today, &ids, err);
		if (rc == 0)
			move_each(s, &ids, &expire, expired);
	}
	if (rc == 0)
		rc = ids_in_state(s, CL_EXPIRED, 0, &ids, err);
	if (rc == 0)
		move_each(s, &ids, &cancel, cancelled);
	svc_ids_release(&ids);
	return rc;
}

/* Send the reminder due today for certificate id, if any and not sent yet. */
static int remind_one(struct svc *s, int64_t id, int *sent, struct bm_err *err)
{
	struct cert_rec *c = malloc(sizeof(*c));
	int32_t today = bm_date_cst(s->now);
	int months = 0, open = 0, fresh = 0, rc;

	if (c == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	rc = certs_repo_get(s->db, id, c, err);
	/* the latest lead whose day has come, while the certificate is still valid */
	for (int k = 0; rc == 0 && k < CERTLIFE_NREMINDERS; k++)
		if (today >= certlife_reminder_due(c->valid_until, certlife_reminder_months[k]))
			months = certlife_reminder_months[k];
	if (rc == 0 && (months == 0 || today > c->valid_until))
		goto out;
	if (rc == 0)
		rc = certs_repo_renewal_open(s->db, id, &open, err);
	if (rc == 0 && !open)
		rc = certs_repo_reminder_mark(s->db, id, months, today, &fresh, err);
	if (rc == 0 && fresh) {
		char zh[320], en[320], until[BM_DATE_LEN], by[BM_DATE_LEN];
		struct notification n = { 0,	  0, c->application_id,
					  s->now, 0, "certificate.renewal_reminder",
					  zh,	  en };
		bm_date_format(c->valid_until, until);
		bm_date_format(certlife_renewal_deadline(c->valid_until), by);
		if (today <= certlife_renewal_deadline(c->valid_until)) {
			snprintf(zh, sizeof(zh),
				 "资质证书 %s 将于 %s 有效期届满；续期申请须不迟于 %s 提出",
				 c->number, until, by);
			snprintf(en, sizeof(en),
				 "Certificate %s expires after %s; file its renewal by %s",
				 c->number, until, by);
		} else {
			snprintf(zh, sizeof(zh),
				 "资质证书 %s 将于 %s 有效期届满；续期期限已过，请提出新的申请",
				 c->number, until);
			snprintf(
				en, sizeof(en),
				"Certificate %s expires after %s; the renewal deadline has passed, "
				"file a new application",
				c->number, until);
		}
		rc = notify_repo_add_unit(s->db, c->unit_id, &n, err);
		if (rc == 0)
			rc = svc_audit(s, "certificate.renewal_reminder", "certificate", id,
				       json_pack("{s:s,s:i,s:s}", "number", c->number, "months",
						 months, "valid_until", until),
				       err);
		if (rc == 0)
			(*sent)++;
	}
out:
	free(c);
	return rc;
}

int certs_job_reminders(struct svc *s, int *sent, struct bm_err *err)
{
	static const enum certlife_state standing[] = { CL_VALID, CL_SUSPENDED };
	struct svc_ids ids;
	int rc = 0;

	svc_ids_init(&ids);
	for (size_t k = 0; rc == 0 && k < sizeof(standing) / sizeof(standing[0]); k++) {
		rc = ids_in_state(s, standing[k], 0, &ids, err);
		for (size_t i = 0; rc == 0 && i < svc_ids_count(&ids); i++) {
			struct bm_err e;
			int r, before = *sent;
			bm_err_clear(&e);
			r = svc_begin(s, DB_TX_WRITE, &e);
			if (r == 0)
				r = remind_one(s, svc_ids_at(&ids, i), sent, &e);
			r = svc_end(s, r, &e);
			if (r != 0) {
				*sent = before;
				log_warn("scheduler: certificate %lld: reminder failed: %s",
					 (long long)svc_ids_at(&ids, i), e.message);
			}
		}
	}
	svc_ids_release(&ids);
	return rc;
}
