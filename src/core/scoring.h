/*
 * scoring.h - the on-site scoring sheet: validating one scorer's sheet and
 * aggregating the team's sheets by the scheme's rule.
 *
 * [2nd] integration: out of 100, pass at 80; military: out of 500, pass at 450, and
 * failing a basic (veto) item halts the review. [cfg] the aggregation rule (mean,
 * median or min of the scorers' totals), the divergence that is flagged, and what a
 * failed veto item does are scheme settings. A veto item counts as failed when at
 * least half of the scorers mark it failed (ties fail: the cautious reading).
 */
#ifndef BM_SCORING_H
#define BM_SCORING_H

#include "core/scheme.h"

#define SCORING_MAX_SHEETS 32

struct score_sheet {
	int points[SCHEME_MAX_ITEMS];		     /* per scheme item */
	unsigned char veto_failed[SCHEME_MAX_ITEMS]; /* veto items only */
};

struct score_result {
	int sheets;
	double total;		       /* aggregated */
	double item[SCHEME_MAX_ITEMS]; /* aggregated per item (mean) */
	int sheet_total[SCORING_MAX_SHEETS];
	int min_total, max_total;
	int divergent;	   /* max - min exceeds the scheme's divergence */
	int vetoes_failed; /* count of veto items failed */
	unsigned char veto_failed[SCHEME_MAX_ITEMS];
	enum onsite_outcome outcome; /* what the sheets say: pass, fail or halt */
};

/* Check a sheet: every item scored within 0..points, veto marks only on veto items.
 * err names the item code. */
int scoring_check_sheet(const struct scheme *s, const struct score_sheet *sheet,
			struct bm_err *err);
/* Aggregate n (1..SCORING_MAX_SHEETS) checked sheets. */
void scoring_aggregate(const struct scheme *s, const struct score_sheet *sheets, int n,
		       struct score_result *out);
int scoring_sheet_total(const struct scheme *s, const struct score_sheet *sheet);

const char *onsite_outcome_name(enum onsite_outcome o);

#endif
