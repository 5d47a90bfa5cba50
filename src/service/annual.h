/*
 * annual.h - the annual self-inspection (年度自检, issue 4 §4): who owes a report for a
 * year and by when, the unit's report over the 13 areas (core/areas.h) with sealed
 * attachments, the inspector's review (pass, rectify with findings, fail), and the
 * cancellation that follows a fail or a missing report.
 *
 * Rules [law/2nd] Regulations Art. 48, domain.md §2.1: a certificate that stood during
 * year Y owes a report for Y (certlife_report_owed), due on its scheme's month/day of
 * Y + 1 (config annual_report_due_by_scheme, else annual_report_due_month/_day: 31
 * March by default) moved to the next working day (certlife_report_due). One report per
 * certificate and year.
 *
 * States: draft -> submitted (unit_officer) -> passed | rectify | failed (an inspector
 * of the issuing authority); rectify -> passed by itself when the last of its findings
 * is verified (findings.h). A fail, or a report not submitted by its due day (the
 * scheduler), opens a cancellation proposal; an approver of the issuing authority who
 * did not review the report confirms it (certs_move: cancel, annual_exam_failed or
 * annual_exam_missing) or declines it with a note. With the confirmation configured
 * off (config certificate_cancel_confirmation 0) the fail or the scheduler cancels at
 * once, and the proposal is recorded as confirmed by the system. One proposal per
 * certificate and year, ever.
 */
#ifndef BM_ANNUAL_H
#define BM_ANNUAL_H

#include <stddef.h>

#include "service/findings.h"
#include "service/sealfile.h"
#include "service/svc.h"
#include "store/annual_repo.h"
#include "store/certs_repo.h"

/* What the caller may do with a report (the JSON's "can"). */
enum {
	ANNUAL_CAN_EDIT = 1u << 0,   /* edit the answers, attach files */
	ANNUAL_CAN_SUBMIT = 1u << 1, /* submit */
	ANNUAL_CAN_REVIEW = 1u << 2, /* pass, rectify, fail */
};

enum annual_status { ANS_COMPLIANT, ANS_PARTLY, ANS_NOT, ANS_COUNT };
const char *annual_status_name(enum annual_status st);
int annual_status_parse(const char *s, enum annual_status *out);

struct annual_answer_in {
	const char *area, *status, *text;
};

struct annual_view {
	struct annual_rec r; /* r.answers owned: release with annual_view_release */
	struct cert_rec c;   /* the certificate */
	int32_t due;	     /* the report's last day, 0 when the calendar lacks the year */
	unsigned can;
};
void annual_view_release(struct annual_view *v);

/* One certificate's duty for a year, as annual_owed visits it. */
struct annual_owed_row {
	const struct cert_rec *c;
	int year;
	int32_t due;
	const struct annual_rec *report; /* NULL when none was started */
};

/* The due day of year's reports of scheme_id (certlife_report_due with the configured
 * day of the scheme, config_annual_due; scheme_id NULL: the default day): BM_EINVAL
 * invalid_due_day, BM_ERULE calendar_missing. */
int annual_due(struct svc *s, const struct calendar *cal, const char *scheme_id, int year,
	       int32_t *due, struct bm_err *err);

/* Visit the visible certificates that owe a report for year (fn gets const struct
 * annual_owed_row *, with the certificate's due day); *due is the default due day (a
 * scheme may name its own). The due days must be countable (calendar_missing
 * otherwise). */
int annual_owed(struct svc *s, int year, int32_t *due, visit_fn fn, void *ctx, struct bm_err *err);

/*
 * unit_officer of the certificate's unit: start the report of certificate_id for year
 * (answers optional, as for annual_update). 422 not_owed (field "year") when the
 * certificate owes none for year, year_not_over when year is not over yet; 409
 * report_exists on a second; 404 for a certificate the caller may not see.
 */
int annual_create(struct svc *s, int64_t certificate_id, int year,
		  const struct annual_answer_in *answers, size_t n, struct annual_view *out,
		  struct bm_err *err);
/* Replace the answers of a draft at version (412 version_mismatch; 409 unless draft).
 * Each answer: a known area once (field "answers[i].area"), a status, and a text,
 * which partly and not need (field "answers[i].text"). */
int annual_update(struct svc *s, int64_t id, int64_t version,
		  const struct annual_answer_in *answers, size_t n, struct annual_view *out,
		  struct bm_err *err);
/* Submit a draft at version: every area answered (422 answers_incomplete, field
 * "answers", the missing areas named). */
int annual_submit(struct svc *s, int64_t id, int64_t version, struct annual_view *out,
		  struct bm_err *err);

enum annual_decision { AD_PASS, AD_RECTIFY, AD_FAIL, AD_COUNT };
/* The inspector of the issuing authority reviews a submitted report at version: pass;
 * rectify with 1..50 findings (field "findings"); fail with a note (field "note"). A
 * fail opens the cancellation (above) in the same transaction. */
int annual_review(struct svc *s, int64_t id, int64_t version, enum annual_decision d,
		  const char *note, const struct finding_in *findings, size_t nfindings,
		  struct annual_view *out, struct bm_err *err);

int annual_get(struct svc *s, int64_t id, struct annual_view *out, struct bm_err *err);
/* Visit the visible reports matching f (fn gets const struct annual_view *). */
int annual_list(struct svc *s, const struct annual_filter *f, visit_fn fn, void *ctx,
		struct bm_err *err);

/* Attachments (sealfile_attach etc.): sealed, attached while the report is a draft
 * (409 otherwise) by whom may file it, audited "annual.file_upload" / "_download". */
extern const struct sealfile_owner annual_report_files;

/* findings.c, inside its transaction: every finding of report id is verified. A report
 * in rectify passes. */
int annual_findings_settled(struct svc *s, int64_t id, struct bm_err *err);

/* ---- cancellation proposals ---- */

struct proposal_view {
	struct proposal_rec p;
	struct cert_rec c;
	int can_decide;
};

/* Visit the visible proposals (state NULL = any; fn gets const struct proposal_view *). */
int annual_proposals(struct svc *s, const char *state, visit_fn fn, void *ctx, struct bm_err *err);
/* An approver of the issuing authority confirms (certs_move in the same transaction) or
 * declines (note required, field "note") a pending proposal at version. 403
 * separation_of_duties for the inspector who failed the report; 403 not_your_step
 * outside the authority; 409 illegal_transition when it is not pending. */
int annual_decide(struct svc *s, int64_t id, int64_t version, int confirm, const char *note,
		  struct proposal_view *out, struct bm_err *err);

/* Scheduler: for the reports of the last two years whose due day has passed, open the
 * cancellation of every certificate that owes one not submitted (one per certificate
 * and year: idempotent). *proposed and *cancelled count what it did. */
int annual_overdue_sweep(struct svc *s, int *proposed, int *cancelled, struct bm_err *err);

#endif
