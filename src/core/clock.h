/*
 * clock.h - the statutory clock of a stage: a budget of working days that runs from
 * a start date, stopped while the case waits on the applicant or on on-site and
 * expert review.
 *
 * [law] Administrative Licensing Law Art. 82 (working days) and Art. 45 (time for
 * expert review, on-site inspection and the applicant's supplement is not counted in
 * the authority's limit). The due date is derived, never typed in: a day d counts
 * when start < d, d is a working day, and d lies in no pause (from < d <= to; an open
 * pause has to = 0 and covers every day after from).
 */
#ifndef BM_CLOCK_H
#define BM_CLOCK_H

#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"

struct clock_pause {
	int32_t from; /* the day the pause began (itself still counted) */
	int32_t to;   /* the day it ended (counts as paused); 0 while it lasts */
};

struct clock_state {
	int32_t due;   /* the day the budget runs out; 0 while an open pause stops the clock */
	int used;      /* working days counted up to and including today */
	int remaining; /* budget - used; negative when overdue */
	int paused;    /* an open pause is in force */
	int overdue;   /* today is past the due date */
};

/* Compute the stage's state on `today`. Fails only for a missing calendar year or an
 * absurd budget (over CAL_MAX_SHIFT). */
int clock_compute(const struct calendar *c, int32_t start, int budget,
		  const struct clock_pause *pauses, size_t npauses, int32_t today,
		  struct clock_state *out, struct bm_err *err);

#endif
