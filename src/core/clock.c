/*
 * clock.c - due dates from working-day budgets and pauses. [law] see clock.h.
 */
#include <string.h>

#include "core/clock.h"
#include "base/banned.h"

/* 1 when day d is stopped by a pause; *open set when the pause has no end. */
static int paused_on(const struct clock_pause *p, size_t n, int32_t d, int *open)
{
	for (size_t i = 0; i < n; i++) {
		if (d > p[i].from && (p[i].to == 0 || d <= p[i].to)) {
			*open = p[i].to == 0;
			return 1;
		}
	}
	return 0;
}

int clock_compute(const struct calendar *c, int32_t start, int budget,
		  const struct clock_pause *pauses, size_t npauses, int32_t today,
		  struct clock_state *out, struct bm_err *err)
{
	int counted = 0;

	memset(out, 0, sizeof(*out));
	if (budget < 0 || budget > CAL_MAX_SHIFT)
		return bm_err_set(err, BM_EINVAL, "out_of_range", "budget", "budget out of range");
	if (budget == 0)
		out->due = start;
	/* Walk forward until the budget is spent (the due date) and today is passed. */
	for (int32_t d = start + 1; d <= start + 366 * 20; d++) {
		int working, open = 0, rc;

		if (counted >= budget && d > today)
			break;
		if (paused_on(pauses, npauses, d, &open)) {
			if (open && d <= today)
				out->paused = 1;
			if (open && d > today)
				break; /* nothing after an open pause counts yet */
			continue;
		}
		rc = calendar_is_working(c, d, &working, err);
		if (rc != 0)
			return rc;
		if (!working)
			continue;
		counted++;
		if (d <= today)
			out->used++;
		if (counted == budget)
			out->due = d;
	}
	for (size_t i = 0; i < npauses; i++)
		if (pauses[i].to == 0 && pauses[i].from <= today)
			out->paused = 1;
	out->remaining = budget - out->used;
	out->overdue = out->due != 0 && today > out->due;
	return 0;
}
