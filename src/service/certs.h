/*
 * certs.h - certificates: the two-person issuance that follows an approval, the
 * authorities' signing keys, the register (private and public), the published trust
 * list and the signed status list.
 *
 * Issuance [2nd] issue 4 §1: the approver's approval opens a pending issuance in the
 * same commit; a second member of the deciding authority (reviewer, approver or
 * inspector, never the approver who decided) confirms it. The confirmation numbers
 * the certificate (the scheme's number pattern), gives it the next status-list index,
 * signs its payload with the authority's key (made on first use), stores it valid,
 * re-signs the status list and audits it, all in one transaction.
 *
 * Keys: each authority has an Ed25519 key for certificates (CERT_USE_CERTIFICATE);
 * the national authority alone holds the key that signs the status list
 * (CERT_USE_STATUS_LIST). A key signs for CERTS_KEY_YEARS years from the day it was
 * made; a new one is made when none is valid on the day it is needed. Secret keys are
 * stored wrapped by crypto_secretbox under a subkey of the master key (sec/keys.h,
 * crypto_kdf context "bmcertky"), unwrapped only into sodium_malloc'd memory for the
 * moment they sign.
 *
 * The status list has a fixed CERTS_STATUS_SIZE entries (herd privacy: W3C Bitstring
 * Status List recommends at least 131,072), indices given in order of issue.
 * suspended -> CERT_STATUS_SUSPENDED, revoked -> CERT_STATUS_REVOKED, every other
 * state (expired, cancelled, superseded included) -> valid: the list speaks only of
 * sanctions; dates and the register say the rest (docs/certificates.md).
 */
#ifndef BM_CERTS_H
#define BM_CERTS_H

#include "core/scheme.h"
#include "sec/certsign.h"
#include "sec/statuslist.h"
#include "service/svc.h"
#include "store/apps_repo.h"
#include "store/certs_repo.h"

#define CERTS_STATUS_SIZE	131072u
#define CERTS_STATUS_REFRESH_MS (24 * 60 * 60 * 1000) /* re-sign an older list when asked */
#define CERTS_KEY_YEARS		5
#define CERTS_KDF_CONTEXT	"bmcertky"

/* A certificate with what is derived from it for display. */
struct cert_view {
	struct cert_rec c;
	const struct scheme *scheme; /* the edition the case was filed under */
	char authority_en[LONGNAME_BYTES];
};

/*
 * The published trust list: every signing key ever made (the newest CERT_TRUST_MAX
 * when there are more), in the order they were made, with its authority, days and
 * uses. Call outside a transaction. out owns new memory on success (release with
 * cert_trust_release). 0, or BM_EINTERNAL / BM_EUNAVAIL.
 */
int certs_trust_current(struct svc *s, struct cert_trust *out, struct bm_err *err);

/*
 * The latest signed status list. When none is stored yet (no certificate issued), an
 * all-valid list is signed with the national authority's status key (made on first
 * use), stored and audited first; so is a fresh copy when the stored one was signed
 * more than CERTS_STATUS_REFRESH_MS ago, so that a verifier's copy is never stale
 * (CERT_MAX_AGE_DEFAULT days) merely because no sanction changed. Call outside a
 * transaction. out owns new memory on
 * success (release with status_list_release). 0; BM_EUNAVAIL when no national
 * authority exists to sign it; BM_EINTERNAL.
 */
int certs_status_current(struct svc *s, struct status_list *out, struct bm_err *err);

/* Sign the status list as the certificates stand now, store it and audit it, inside
 * the caller's open write transaction (every change of a certificate's status-list
 * entry does so in its own commit). out (may be NULL) receives the list (release
 * with status_list_release). */
int certs_status_resign(struct svc *s, struct status_list *out, struct bm_err *err);

/*
 * Open the pending issuance of an approved application, inside the approver's open
 * write transaction (apps_flow.c, on EV_APPROVE), and audit it. BM_ECONFLICT when the
 * application already has one.
 */
int certs_issuance_open(struct svc *s, const struct application *a, struct bm_err *err);

/* The issuance of application a as the caller may see it, inside an open
 * transaction: *found 0 when there is none. */
int certs_issuance_of(struct svc *s, int64_t application_id, struct issuance_rec *out, int *found,
		      struct bm_err *err);

/* 1 when the caller may confirm iss now: pending, the caller a member of its
 * authority with a staff role (reviewer, approver, inspector), and not the approver
 * who decided. */
int certs_may_confirm(const struct svc *s, const struct issuance_rec *iss);
/* The two halves of that rule, for any two-person act of an authority: the caller is
 * on authority_id's staff (or the operator); the caller is not user first (0: none). */
int certs_on_staff(const struct svc *s, int64_t authority_id);
int certs_second_person(const struct svc *s, int64_t first);

/*
 * Confirm the pending issuance of application application_id and issue its
 * certificate (see above). 404 when the caller may not see the case; 409
 * "no_issuance" when it was not approved, "already_issued" on a second
 * confirmation; 403 "separation_of_duties" for the approver who decided, 403
 * "not_your_step" for anyone not on the deciding authority's staff.
 */
int certs_confirm(struct svc *s, int64_t application_id, struct cert_view *out, struct bm_err *err);

/*
 * The certificate of paper registration r, confirmed by the caller (certs_paper.h),
 * inside the open write transaction: r's number, scheme (its current edition), grade,
 * categories and validity; the unit's name, USCC and region as registered now; issued
 * today, paper_issued r's date, reports_from the later of valid_from and 1 January
 * this year; valid, decided_by the registrant, confirmed_by the caller; given the next
 * status-list index, signed by r's authority's key and stored, and the status list
 * signed again. 409 "number_taken" (field "number") when the number is taken.
 */
struct paper_rec;
int certs_issue_paper(struct svc *s, const struct paper_rec *r, struct cert_view *out,
		      struct bm_err *err);

/*
 * The unit's registered data changed from before to after, inside the caller's open
 * write transaction (orgs.c, the unit PATCH). When its name, address or legal
 * representative changed, every standing certificate of the unit gets a new version
 * [2nd] issue 4 §3: the same scheme, grade, categories, validity and state (valid),
 * issued today, numbered as the first version's number with "-2", "-3", ... appended,
 * the unit's new name, a new status-list index, signed by the issuing authority's
 * key, predecessor_id the old one; the old one is superseded (certs_move, reason
 * name_changed, address_changed or legal_representative_changed: the first that
 * changed). A suspended certificate cannot be superseded: BM_ECONFLICT
 * "illegal_transition" (the change waits for reinstatement).
 */
int certs_unit_changed(struct svc *s, const struct unit *before, const struct unit *after,
		       struct bm_err *err);

/*
 * A sanction (sanctions.h), inside the caller's open write transaction: standing valid
 * certificate id gets a new version one grade lower (the next grade of its scheme that
 * is not legacy), numbered and signed as for a change of the unit's data, and the old
 * one is superseded with reason downgraded; *new_id is the new certificate. 422
 * "no_lower_grade" (field "measure") when the grade is the scheme's lowest; the errors
 * of certs_move (a suspended certificate is not superseded: 409).
 */
int certs_downgrade(struct svc *s, int64_t id, const char *note, int64_t *new_id,
		    struct bm_err *err);

/*
 * May application a, which names a->renewal_of, renew that certificate when filed
 * today? Inside an open transaction. The certificate must be the unit's (400
 * "invalid_value", field "renewal_of", as for an unknown one), of the same scheme,
 * grade and categories (422 "renewal_mismatch": a change of grade or categories is a
 * new application), standing (409 "not_renewable") and today inside the window
 * (certlife_renewal_check: 422 "renewal_not_open", or "renewal_too_late" telling the
 * unit to file a new application). With filing set, no other renewal of it may be
 * filed and pending or granted (409 "renewal_exists").
 */
int certs_renewal_check(struct svc *s, const struct application *a, int filing, struct bm_err *err);

/* The authorization resource of c: scoped by its region and unit, no label (the
 * register is public). */
void certs_resource(const struct cert_rec *c, struct resource *r);

/* Inside an open transaction: read certificate id into c when the caller may read it
 * (ACT_APP_READ on certs_resource); BM_ENOTFOUND or the refusal otherwise. */
int certs_load(struct svc *s, int64_t id, struct cert_rec *c, struct bm_err *err);

/* Fill what is derived from v->c (scheme edition, authority's English name) inside an
 * open transaction. */
int certs_view_fill(struct svc *s, struct cert_view *v, struct bm_err *err);

/* A certificate visible to the caller (404 otherwise): authz jurisdiction, unit users
 * only their own unit's. */
int certs_get(struct svc *s, int64_t id, struct cert_view *out, struct bm_err *err);

/* Visit up to limit visible certificates after f->after_id (fn gets const struct
 * cert_view *); *next is the cursor of the following page, 0 at the end. */
int certs_list(struct svc *s, const struct cert_filter *f, int limit, visit_fn fn, void *ctx,
	       int64_t *next, struct bm_err *err);

/* No login: the public register, every state. q (or NULL) matches a unit name
 * substring, a USCC or a number. Paged like certs_list. */
int certs_public_search(struct svc *s, const char *q, int64_t after, int limit, visit_fn fn,
			void *ctx, int64_t *next, struct bm_err *err);
/* No login: one certificate by number (404 when unknown). */
int certs_public_get(struct svc *s, const char *number, struct cert_view *out, struct bm_err *err);

#endif
