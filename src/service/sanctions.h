/*
 * sanctions.h - sanction proposals (issue 4 §5) [law/2nd] domain.md §2.1: a finding
 * not rectified by its deadline (the scheduler marks it overdue) or whose
 * rectification the inspector rejects raises a proposal to sanction the certificate:
 * suspension for 6 to 12 months, a downgrade (a new version one grade lower), or
 * revocation. The proposal starts as a suspension of 6 months; an inspector of the
 * issuing authority may amend the measure while it is pending and so becomes its
 * proposer (the scheduler proposes as the system). An approver of the issuing
 * authority who is not the proposer decides it: accepted, the measure is applied
 * through certs_move (suspend from today for the months; revoke with its reason) or
 * certs_downgrade in the same transaction; declined, with a note.
 *
 * One pending proposal per finding: a second ground for the same finding waits for the
 * decision of the first. Proposals are the bureau's: a unit's users do not see them
 * (404); they see the decision on the certificate.
 */
#ifndef BM_SANCTIONS_H
#define BM_SANCTIONS_H

#include "service/svc.h"
#include "store/certs_repo.h"
#include "store/findings_repo.h"
#include "store/inspections_repo.h"

#define SANCTION_MONTHS_MIN 6
#define SANCTION_MONTHS_MAX 12

/* What the caller may do with a proposal (the JSON's "can"). */
enum {
	SANCTION_CAN_AMEND = 1u << 0,
	SANCTION_CAN_DECIDE = 1u << 1,
};

struct sanction_view {
	struct sanction_rec p;
	struct cert_rec c;
	int64_t new_certificate_id; /* a downgrade's new version, once accepted; else 0 */
	unsigned can;
};

/* Inside the caller's open write transaction (findings.c): raise the proposal for
 * finding f of certificate c on ground (rectification_overdue | _rejected), proposed
 * by the caller (the scheduler: the system), when c is standing and f has none
 * pending; audited "sanction.propose", the authority's approvers told. */
int sanctions_raise(struct svc *s, const struct finding_rec *f, const struct cert_rec *c,
		    const char *ground, struct bm_err *err);

struct sanction_in {
	const char *measure; /* suspend | downgrade | revoke */
	int months;	     /* suspend: 6..12 (field "months") */
	const char *reason;  /* revoke: a revocation reason (field "reason") */
	const char *note;    /* may be NULL */
};

/* An inspector of the issuing authority amends pending proposal id at version. */
int sanctions_amend(struct svc *s, int64_t id, int64_t version, const struct sanction_in *in,
		    struct sanction_view *out, struct bm_err *err);
/* An approver of the issuing authority decides pending proposal id at version: 403
 * separation_of_duties for its proposer; a decline needs a note (field "note"). */
int sanctions_decide(struct svc *s, int64_t id, int64_t version, int accept, const char *note,
		     struct sanction_view *out, struct bm_err *err);
int sanctions_get(struct svc *s, int64_t id, struct sanction_view *out, struct bm_err *err);
/* Visit the visible proposals (state NULL = any, certificate_id 0 = any) with an id
 * below before_id (0: from the newest), newest first, a page of them when page is set
 * (fn gets const struct sanction_view *). */
int sanctions_list(struct svc *s, const char *state, int64_t certificate_id, int64_t before_id,
		   struct svc_page *page, visit_fn fn, void *ctx, struct bm_err *err);

#endif
