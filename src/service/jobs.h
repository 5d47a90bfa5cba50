/*
 * jobs.h - the scheduler: background duties of the statutory clock, run at start
 * and then daily. Every job is idempotent, and each holds a lease row in the
 * database while it runs, so with several servers only one runs it.
 *
 * Jobs now: deemed acceptance (the acceptance deadline passed without a notice:
 * [law] Administrative Licensing Law Art. 32) and supplement abandonment (the
 * supplement window passed without a resubmission).
 */
#ifndef BM_JOBS_H
#define BM_JOBS_H

#include "service/svc.h"

struct jobs_report {
	int deemed_accepted;
	int abandoned;
	int skipped_leased; /* jobs another server held */
	int failed;
};

/* Run every job as holder (e.g. "server:<pid>" or "cli"); s acts as the system. */
int jobs_run_all(struct svc *s, const char *holder, struct jobs_report *rep, struct bm_err *err);

#endif
