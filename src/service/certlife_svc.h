/*
 * certlife_svc.h - the life of an issued certificate in the service: one function,
 * certs_move, that every change of a certificate's state goes through (the API's
 * sanctions and cancellations, the scheduler's expiries, a new version on a change of
 * the unit's data, the annual examination's cancellations), and the use cases built
 * on it: an event raised through the API, the history, and what the caller may do.
 *
 * The rules are core/certlife.h's table; docs/certificates.md §16 explains the choices
 * made here (who may raise what, history, status list, the 3-year bar).
 */
#ifndef BM_CERTLIFE_SVC_H
#define BM_CERTLIFE_SVC_H

#include <stdint.h>

#include "core/certlife.h"
#include "service/certs.h"
#include "service/svc.h"

struct cert_move {
	enum certlife_event event;
	enum certlife_reason reason;
	int32_t start, end; /* suspend: the suspension's first and last day (days since epoch) */
	int report_overdue, report_failed; /* facts only the caller knows */
	const char *note; /* free text for the history and the audit, may be NULL */
};

/*
 * Inside the caller's open write transaction: move certificate id by certlife_next.
 * The facts: today from s->now (CST), valid_until and the suspension in force from
 * the row (for suspend, m->start/m->end), renewal_open from the renewal links (an
 * application with renewal_of = id that is pending or approved),
 * rectification_verified when no finding on the certificate (an annual report's or an
 * inspection's) is unverified, confirm_cancellation
 * from the configuration (cert_cancel_confirm), and the caller's three. On success it
 * updates the row (state, state_since = today, the suspension set on suspend and
 * cleared on reinstate, version + 1), adds a cert_events row (by s->who.user_id, or
 * the system when the caller is the operator/scheduler), re-signs and stores the
 * status list when the certificate's entry changes (to or from suspended / revoked),
 * records the 3-year bar on revocation (a unit history event "qualification_revoked"
 * dated today, the one eligibility.c reads), notifies the unit and audits
 * "certificate.<event>". The caller checks role, jurisdiction and separation of
 * duties, and rolls back on failure.
 *
 * Errors: BM_ENOTFOUND when there is no certificate id; certlife_next's
 * BM_EINVAL "invalid_reason" (field "reason"), BM_ECONFLICT "illegal_transition"
 * (field "state"), BM_ERULE "guard_failed" (field: the guard); store errors.
 */
int certs_move(struct svc *s, int64_t id, const struct cert_move *m, struct bm_err *err);

/*
 * The API's event (suspend, reinstate, revoke, cancel) on certificate id whose version
 * the caller holds (If-Match), in its own transaction; *out is the certificate after
 * it. Who may: an approver of the issuing authority (or the operator); a unit_officer
 * of the certificate's unit may raise only cancel with reason unit_request, which is
 * then a request recorded in the history and notified to the authority's approvers,
 * not a move (the approver decides). Other events (expire, supersede) are not raised
 * through the API. 404 invisible; 403 "not_your_step"; 412 stale version; the
 * errors of certs_move.
 */
int certs_event(struct svc *s, int64_t id, int64_t version, const struct cert_move *m,
		struct cert_view *out, struct bm_err *err);

/* Visit the history of certificate id (visible to the caller; 404 otherwise), oldest
 * first (fn gets const struct cert_event_rec *). */
int certs_history(struct svc *s, int64_t id, visit_fn fn, void *ctx, struct bm_err *err);

/* The events the caller may raise on c now, as CL_EVENT bits (1u << event) of
 * suspend, reinstate, revoke and cancel; *request_cancel 1 when the caller may ask for
 * cancellation (unit officer). Role and state only: guards are checked on the act. */
unsigned certs_actions(const struct svc *s, const struct cert_rec *c, int *request_cancel);

/* ---- the scheduler's duties (jobs.c runs them under their leases) ---- */

/*
 * Expiries, as the system, each certificate in a transaction of its own: every valid
 * or suspended certificate whose valid_until is before today expires (CLE_EXPIRE, the
 * day after valid_until); then every expired certificate with no renewal open is
 * cancelled "expired_without_renewal" ([law] Administrative Licensing Law Art. 70).
 * Idempotent: a second run finds nothing to do. *expired and *cancelled count the
 * moves made; a certificate that fails is logged and skipped.
 */
int certs_job_expiries(struct svc *s, int *expired, int *cancelled, struct bm_err *err);

/*
 * Renewal reminders to the unit 6, 3 and 1 months before expiry (certlife_reminder_due)
 * for standing certificates with no renewal open: the latest one due is sent, once
 * (cert_reminders records it; an earlier one missed is not sent late). *sent counts
 * the notices sent.
 */
int certs_job_reminders(struct svc *s, int *sent, struct bm_err *err);

#endif
