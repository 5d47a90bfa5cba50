/*
 * inspections.h - bureau inspections of a qualified unit (issue 4 §5): planned or
 * unannounced, against the 13 areas of Regulations Art. 58 (core/areas.h), and those a
 * unit's leak report opens. What an inspection finds is a finding (findings.h, source
 * type "inspection"): the unit answers with a response and sealed evidence, the
 * inspector verifies or rejects it, and an overdue or rejected rectification raises a
 * sanction proposal (sanctions.h).
 *
 * States: planned -> in_progress (started on or after its day) -> rectifying
 * (concluded with findings not yet verified) -> closed (the last finding verified, or
 * concluded with none); planned -> cancelled. Who: an inspector of the certificate's
 * issuing authority plans, starts, records findings, concludes and cancels (403
 * not_your_step for others; a leak report's inspection has no planner).
 *
 * Visibility: as the certificate's (the jurisdiction of the unit's region; a unit's
 * users their own unit), except that the unit does not see an unannounced inspection
 * before it starts (404, as for anything else it may not see).
 *
 * Leak reports [law] domain.md §4: a leak is reported within 24 hours. A unit_officer
 * reports one against a standing certificate of the unit; a report filed more than 24
 * hours after the discovery is taken and marked late. It opens a leak inspection
 * (planned for today, every area in scope) and tells the issuing authority's inspectors
 * and approvers, in the same transaction.
 */
#ifndef BM_INSPECTIONS_H
#define BM_INSPECTIONS_H

#include <stddef.h>

#include "service/findings.h"
#include "service/svc.h"
#include "store/certs_repo.h"
#include "store/inspections_repo.h"

/* A leak is reported within 24 hours of its discovery [law] domain.md §4. */
#define LEAK_REPORT_HOURS 24

/* What the caller may do with an inspection (the JSON's "can"). */
enum {
	INSPECTION_CAN_START = 1u << 0,
	INSPECTION_CAN_FINDINGS = 1u << 1, /* record findings */
	INSPECTION_CAN_CONCLUDE = 1u << 2,
	INSPECTION_CAN_CANCEL = 1u << 3,
};

struct inspection_in {
	int64_t certificate_id;
	const char *kind;	  /* planned | unannounced */
	int32_t planned_on;	  /* today or later */
	const char *const *areas; /* codes of core/areas.h; none: all 13 */
	size_t nareas;
	const char *purpose; /* may be NULL */
};

struct inspection_view {
	struct inspection_rec i;
	struct cert_rec c;
	int64_t unverified; /* findings not yet verified */
	unsigned can;
};

/* An inspector of c's issuing authority plans an inspection of standing certificate
 * in->certificate_id. 400 invalid_value for the kind, an unknown or repeated area
 * (field "areas"), a day before today ("planned_on"); 409 not_standing (field
 * "certificate_id") for a certificate not valid or suspended; 404 for one the caller
 * may not see. The unit is told of a planned one, not of an unannounced one. */
int inspections_create(struct svc *s, const struct inspection_in *in, struct inspection_view *out,
		       struct bm_err *err);
int inspections_get(struct svc *s, int64_t id, struct inspection_view *out, struct bm_err *err);
/* Visit the visible inspections matching f (f->before_id: the cursor), newest first, a
 * page of them when page is set (fn gets const struct inspection_view *). */
int inspections_list(struct svc *s, const struct inspection_filter *f, struct svc_page *page,
		     visit_fn fn, void *ctx, struct bm_err *err);
/* planned -> in_progress at version, on or after its day (422 not_yet, field
 * "planned_on"); the unit is told. */
int inspections_start(struct svc *s, int64_t id, int64_t version, struct inspection_view *out,
		      struct bm_err *err);
/* Record 1..50 findings (findings_open) while in progress, each in an area in scope
 * (400 invalid_value "findings[i].area" otherwise); the unit is told. */
int inspections_add_findings(struct svc *s, int64_t id, const struct finding_in *in, size_t n,
			     struct inspection_view *out, struct bm_err *err);
/* in_progress -> rectifying (findings unverified) or closed, at version, with the
 * conclusion (1.. INSPECTION_TEXT_MAX bytes, field "conclusion"); the unit is told. */
int inspections_conclude(struct svc *s, int64_t id, int64_t version, const char *conclusion,
			 struct inspection_view *out, struct bm_err *err);
/* planned -> cancelled at version, with a note saying why (field "note"). */
int inspections_cancel(struct svc *s, int64_t id, int64_t version, const char *note,
		       struct inspection_view *out, struct bm_err *err);

/* findings.c, inside its transaction: every finding of inspection id is verified. An
 * inspection in rectifying closes. */
int inspections_findings_settled(struct svc *s, int64_t id, struct bm_err *err);

/* ---- leak reports ---- */

struct leak_in {
	int64_t certificate_id; /* 0: the unit's one standing certificate */
	const char *level;	/* top_secret | secret | confidential */
	int64_t discovered_at;	/* ms; not in the future */
	const char *description, *measures;
};

struct leak_view {
	struct leak_rec l;
	struct cert_rec c;
};

/* A unit_officer reports a leak (above). 400 for a bad level ("level"), a discovery in
 * the future ("discovered_at"), empty texts; 400 invalid_value "certificate_id" when it
 * is not a standing certificate of the caller's unit, or none is given and the unit
 * does not hold exactly one. */
int leaks_report(struct svc *s, const struct leak_in *in, struct leak_view *out,
		 struct bm_err *err);
int leaks_get(struct svc *s, int64_t id, struct leak_view *out, struct bm_err *err);
/* Visit the visible leak reports with an id below before_id (0: from the newest), newest
 * first, a page of them when page is set (fn gets const struct leak_view *). */
int leaks_list(struct svc *s, int64_t before_id, struct svc_page *page, visit_fn fn, void *ctx,
	       struct bm_err *err);

#endif
