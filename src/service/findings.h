/*
 * findings.h - findings and their rectification, whatever found them: the review of an
 * annual self-inspection report (annual.c, issue 4 §4) or a bureau inspection
 * (inspections.c, §5). A finding names one of the 13 areas (core/areas.h), a severity, the
 * requirement not met and the last day to rectify: by default
 * certlife_rectify_due(today, CERTLIFE_RECTIFY_DAYS) = 20 calendar days, moved to the
 * next working day [law/2nd] domain.md §2.1 / Civil Code Art. 203.
 *
 * States: open -> responded (the unit's response, with sealed evidence files) ->
 * verified | rejected (the inspector of the issuing authority); a rejected finding may
 * be answered again. The scheduler marks a finding open or rejected past its deadline
 * overdue (findings_overdue_sweep) and tells the unit and the authority's inspectors;
 * an overdue or a rejected rectification raises a sanction proposal (sanctions.h).
 *
 * Visibility is the certificate's (jurisdiction of the unit's region, a unit's users
 * their own unit): anything else is 404.
 */
#ifndef BM_FINDINGS_H
#define BM_FINDINGS_H

#include <stddef.h>

#include "core/calendar.h"
#include "service/sealfile.h"
#include "service/svc.h"
#include "store/annual_repo.h"
#include "store/certs_repo.h"
#include "store/findings_repo.h"

/* What the caller may do with a finding (the JSON's "can"). */
enum {
	FINDING_CAN_RESPOND = 1u << 0, /* respond, and attach evidence */
	FINDING_CAN_VERIFY = 1u << 1,  /* verify or reject the response */
};

struct finding_in {
	const char *area, *severity, *requirement;
	int32_t deadline; /* 0: the default */
};

struct finding_view {
	struct finding_rec f;
	unsigned can;
};

/* 1 when the caller is the operator, or a member of the certificate's issuing
 * authority: who reviews reports and verifies findings. */
int findings_of_issuer(const struct svc *s, const struct cert_rec *c);

/* Inside the open transaction: notify unit_id, or when it is 0 the members of
 * authority_id with role (e.g. "inspector"), of kind with its zh/en text. Shared by the
 * annual examination (annual.c). */
int findings_notify(struct svc *s, int64_t unit_id, int64_t authority_id, const char *role,
		    const char *kind, const char *zh, const char *en, struct bm_err *err);

/*
 * Inside the caller's open write transaction (the source's review): validate and create
 * n (1..50) findings of (source_type, source_id) on certificate c, notified today. Field
 * names in errors are "findings[i].area" etc.: BM_EINVAL for an unknown area or
 * severity, an empty requirement, or a deadline not after today; calendar_missing
 * (BM_ERULE) when the default deadline cannot be counted. Audited one by one
 * ("finding.open").
 */
int findings_open(struct svc *s, const char *source_type, int64_t source_id,
		  const struct cert_rec *c, const struct calendar *cal, const struct finding_in *in,
		  size_t n, struct bm_err *err);

/* A finding visible to the caller (404 otherwise), with its "can". */
int findings_get(struct svc *s, int64_t id, struct finding_view *out, struct bm_err *err);
/* Visit the visible findings matching f (fn gets const struct finding_view *). */
int findings_list(struct svc *s, const struct finding_filter *f, visit_fn fn, void *ctx,
		  struct bm_err *err);

/* The unit (unit_officer of its unit) answers finding id at version: open or rejected ->
 * responded. 409 illegal_transition in another state; 400 response empty. */
int findings_respond(struct svc *s, int64_t id, int64_t version, const char *response,
		     struct finding_view *out, struct bm_err *err);

/* The inspector of the issuing authority verifies (verified != 0) or rejects the
 * response: responded -> verified | rejected (a rejection needs a note, field "note").
 * When the last finding of its source is verified, the source is told in the same
 * transaction (an annual report in rectify passes, an inspection in rectifying
 * closes); a rejection raises a sanction proposal (sanctions_raise). 403 not_your_step outside the
 * issuing authority; 409 illegal_transition unless responded. */
int findings_verify(struct svc *s, int64_t id, int64_t version, int verified, const char *note,
		    struct finding_view *out, struct bm_err *err);

/* Evidence (sealfile_attach etc.): sealed files attached by the unit while the finding
 * is open or rejected (409 otherwise), audited "finding.file_upload" / "_download". */
extern const struct sealfile_owner finding_files;

/* Scheduler: mark every finding open or rejected past its deadline overdue, audit it
 * and notify the unit and the authority's inspectors, one transaction per finding;
 * *marked counts them. Idempotent: a finding is marked once. */
int findings_overdue_sweep(struct svc *s, int *marked, struct bm_err *err);

#endif
