/*
 * jobs.h - the scheduler: background duties of the statutory clock, run at start
 * and then daily. Every job is idempotent, and each holds a lease row in the
 * database while it runs, so with several servers only one runs it.
 *
 * Jobs now: deemed acceptance (the acceptance deadline passed without a notice:
 * [law] Administrative Licensing Law Art. 32) and supplement abandonment (the
 * supplement window passed without a resubmission); certificate expiries (then
 * cancellation when not renewed) and renewal reminders (service/certlife_svc.h);
 * overdue annual reports and overdue rectifications (service/annual.h, findings.h).
 */
#ifndef BM_JOBS_H
#define BM_JOBS_H

#include "service/svc.h"

struct jobs_report {
	int deemed_accepted;
	int abandoned;
	/* missing annual reports: cancellations proposed, or done at once when the
	 * confirmation is off; findings marked overdue */
	int annual_proposed, annual_cancelled, findings_overdue;
	int certs_expired;     /* certificates that expired */
	int certs_cancelled;   /* expired ones cancelled without renewal */
	int reminders;	       /* renewal reminders sent */
	int calendar_warnings; /* 1 when the administrators were told next year's calendar
				* is missing */
	int skipped_leased;    /* jobs another server held */
	int failed;
};

/* Run every job as holder (e.g. "server:<pid>" or "cli"); s acts as the system. */
int jobs_run_all(struct svc *s, const char *holder, struct jobs_report *rep, struct bm_err *err);

#endif
