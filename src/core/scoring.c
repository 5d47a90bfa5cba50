/*
 * scoring.c - sheet checks and team aggregation. See scoring.h for the rules.
 */
#include <stdlib.h>
#include <string.h>

#include "core/scoring.h"
#include "base/banned.h"

const char *onsite_outcome_name(enum onsite_outcome o)
{
	switch (o) {
	case OUTCOME_PASS:
		return "pass";
	case OUTCOME_FAIL:
		return "fail";
	case OUTCOME_HALT:
		return "halt";
	}
	return "unknown";
}

int scoring_check_sheet(const struct scheme *s, const struct score_sheet *sheet, struct bm_err *err)
{
	for (int i = 0; i < s->nitems; i++) {
		const struct scheme_item *it = &s->items[i];
		if (sheet->points[i] < 0 || sheet->points[i] > it->points)
			return bm_err_set(err, BM_EINVAL, "invalid_score", it->code,
					  "item %s scores 0..%d", it->code, it->points);
		if (sheet->veto_failed[i] && !it->veto)
			return bm_err_set(err, BM_EINVAL, "invalid_score", it->code,
					  "item %s is not a veto item", it->code);
	}
	return 0;
}

int scoring_sheet_total(const struct scheme *s, const struct score_sheet *sheet)
{
	int t = 0;

	for (int i = 0; i < s->nitems; i++)
		t += sheet->points[i];
	return t;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

void scoring_aggregate(const struct scheme *s, const struct score_sheet *sheets, int n,
		       struct score_result *out)
{
	int sorted[SCORING_MAX_SHEETS];

	memset(out, 0, sizeof(*out));
	if (n <= 0)
		return;
	if (n > SCORING_MAX_SHEETS)
		n = SCORING_MAX_SHEETS;
	out->sheets = n;
	for (int k = 0; k < n; k++) {
		out->sheet_total[k] = sorted[k] = scoring_sheet_total(s, &sheets[k]);
		for (int i = 0; i < s->nitems; i++)
			out->item[i] += (double)sheets[k].points[i] / n;
	}
	qsort(sorted, (size_t)n, sizeof(int), cmp_int);
	out->min_total = sorted[0];
	out->max_total = sorted[n - 1];
	out->divergent = out->max_total - out->min_total > s->divergence;
	switch (s->aggregation) {
	case AGG_MEAN: {
		double sum = 0;
		for (int k = 0; k < n; k++)
			sum += sorted[k];
		out->total = sum / n;
		break;
	}
	case AGG_MEDIAN:
		out->total = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
		break;
	case AGG_MIN:
		out->total = sorted[0];
		break;
	}
	for (int i = 0; i < s->nitems; i++) {
		int marks = 0;
		if (!s->items[i].veto)
			continue;
		for (int k = 0; k < n; k++)
			marks += sheets[k].veto_failed[i] != 0;
		if (2 * marks >= n && marks > 0) {
			out->veto_failed[i] = 1;
			out->vetoes_failed++;
		}
	}
	if (out->vetoes_failed > 0)
		out->outcome = s->veto_outcome;
	else
		out->outcome = out->total >= s->score_pass ? OUTCOME_PASS : OUTCOME_FAIL;
}
