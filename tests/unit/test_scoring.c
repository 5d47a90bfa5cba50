/*
 * test_scoring.c - unit tests of src/core/scoring: checking one scorer's sheet
 * (points out of range, veto marks on ordinary items, each error naming the item
 * code), aggregating 1..5 sheets by mean, median and minimum, the divergence flag at
 * and just above the scheme's threshold, veto items (failed when at least half the
 * scorers mark them, ties failing), and the outcome at the pass mark, one below it,
 * and on a veto (fail for integration, halt for military). Schemes are the shipped
 * ones, read from BM_FILES_DIR (the source data/ directory).
 */
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/err.h"
#include "base/str.h"
#include "core/scheme.h"
#include "core/scoring.h"
#include "testutil.h"
#include "base/banned.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- helpers ---- */

/* Every test gets both shipped schemes afresh (tests change the aggregation rule),
 * room for more sheets than the scorer limit, and a result; freed after the test
 * whether it passed or not. */
struct fixture {
	struct scheme *in, *mil;
	struct score_sheet *sheets; /* SCORING_MAX_SHEETS + 2, zeroed */
	struct score_result *r;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	fx->in = tu_scheme_load("integration");
	fx->mil = tu_scheme_load("military");
	fx->sheets = calloc(SCORING_MAX_SHEETS + 2, sizeof(*fx->sheets));
	fx->r = malloc(sizeof(*fx->r));
	assert_non_null(fx->sheets);
	assert_non_null(fx->r);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	free(fx->in);
	free(fx->mil);
	free(fx->sheets);
	free(fx->r);
	free(fx);
	return 0;
}

/* A sheet totalling total: items filled to their maximum in order, the remainder on
 * the next item. */
static void fill(const struct scheme *s, struct score_sheet *sheet, int total)
{
	int left = total;

	memset(sheet, 0, sizeof(*sheet));
	for (int i = 0; i < s->nitems; i++) {
		int p = left < s->items[i].points ? left : s->items[i].points;
		sheet->points[i] = p;
		left -= p;
	}
	assert_int_equal(left, 0);
	assert_int_equal(scoring_sheet_total(s, sheet), total);
}

static double ref_median(const int *v, int n)
{
	int sorted[8];

	memcpy(sorted, v, (size_t)n * sizeof(int));
	for (int i = 1; i < n; i++)
		for (int k = i; k > 0 && sorted[k - 1] > sorted[k]; k--) {
			int t = sorted[k];
			sorted[k] = sorted[k - 1];
			sorted[k - 1] = t;
		}
	return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
}

/* ---- one sheet ---- */

static void test_check_sheet(void **state)
{
	struct fixture *fx = *state;
	struct scheme *in = fx->in;
	struct score_sheet sheet;
	struct bm_err err;
	int nv = scheme_item_index(in, "no_internet"),
	    ds = scheme_item_index(in, "dedicated_staff");

	fill(in, &sheet, 100);
	assert_int_equal(scoring_check_sheet(in, &sheet, NULL), 0);
	fill(in, &sheet, 0);
	assert_int_equal(scoring_check_sheet(in, &sheet, NULL), 0);
	/* every item: one point above its maximum, and a negative score */
	for (int i = 0; i < in->nitems; i++) {
		fill(in, &sheet, 80);
		sheet.points[i] = in->items[i].points + 1;
		bm_err_clear(&err);
		assert_int_equal(scoring_check_sheet(in, &sheet, &err), BM_EINVAL);
		assert_string_equal(err.ecode, "invalid_score");
		assert_string_equal(err.field, in->items[i].code);
		assert_non_null(strstr(err.message, in->items[i].code));
		sheet.points[i] = -1;
		bm_err_clear(&err);
		assert_int_equal(scoring_check_sheet(in, &sheet, &err), BM_EINVAL);
		assert_string_equal(err.field, in->items[i].code);
		sheet.points[i] = INT_MIN;
		assert_int_equal(scoring_check_sheet(in, &sheet, NULL), BM_EINVAL);
		sheet.points[i] = in->items[i].points; /* the maximum itself is fine */
		assert_int_equal(scoring_check_sheet(in, &sheet, NULL), 0);
	}
	/* veto marks: on veto items only */
	fill(in, &sheet, 90);
	sheet.veto_failed[nv] = 1;
	sheet.veto_failed[ds] = 1;
	assert_int_equal(scoring_check_sheet(in, &sheet, NULL), 0);
	for (int i = 0; i < in->nitems; i++) {
		if (in->items[i].veto)
			continue;
		fill(in, &sheet, 90);
		sheet.veto_failed[i] = 1;
		bm_err_clear(&err);
		assert_int_equal(scoring_check_sheet(in, &sheet, &err), BM_EINVAL);
		assert_string_equal(err.field, in->items[i].code);
		assert_non_null(strstr(err.message, "not a veto item"));
	}
	/* slots beyond the scheme's items are not the scheme's business */
	fill(in, &sheet, 50);
	sheet.points[in->nitems] = 999;
	sheet.veto_failed[in->nitems] = 1;
	assert_int_equal(scoring_check_sheet(in, &sheet, NULL), 0);
	assert_int_equal(scoring_sheet_total(in, &sheet), 50);
}

/* ---- aggregation ---- */

static void test_aggregate_rules(void **state)
{
	static const struct {
		int n;
		int totals[5];
	} cases[] = {
		{ 1, { 83 } },
		{ 2, { 80, 79 } },
		{ 2, { 100, 0 } },
		{ 3, { 90, 70, 85 } },
		{ 3, { 80, 80, 80 } },
		{ 4, { 60, 95, 81, 79 } },
		{ 4, { 100, 99, 98, 97 } },
		{ 5, { 85, 60, 99, 81, 80 } },
		{ 5, { 0, 0, 0, 0, 1 } },
	};
	static const enum aggregation rules[] = { AGG_MEAN, AGG_MEDIAN, AGG_MIN };
	struct fixture *fx = *state;
	struct scheme *in = fx->in;
	struct score_sheet *sheets = fx->sheets;
	struct score_result *r = fx->r;

	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		int n = cases[i].n, lo = INT_MAX, hi = INT_MIN;
		double sum = 0;

		for (int k = 0; k < n; k++) {
			fill(in, &sheets[k], cases[i].totals[k]);
			sum += cases[i].totals[k];
			lo = cases[i].totals[k] < lo ? cases[i].totals[k] : lo;
			hi = cases[i].totals[k] > hi ? cases[i].totals[k] : hi;
		}
		for (size_t a = 0; a < N_ELEMS(rules); a++) {
			double want = rules[a] == AGG_MEAN     ? sum / n
				      : rules[a] == AGG_MEDIAN ? ref_median(cases[i].totals, n)
							       : lo;

			in->aggregation = rules[a];
			scoring_aggregate(in, sheets, n, r);
			if (fabs(r->total - want) > 1e-9)
				fail_msg("case %zu rule %d: total %g, want %g", i, (int)rules[a],
					 r->total, want);
			assert_int_equal(r->sheets, n);
			assert_int_equal(r->min_total, lo);
			assert_int_equal(r->max_total, hi);
			for (int k = 0; k < n; k++)
				assert_int_equal(r->sheet_total[k], cases[i].totals[k]);
			/* per item: the mean of the scorers */
			for (int it = 0; it < in->nitems; it++) {
				double m = 0;
				for (int k = 0; k < n; k++)
					m += sheets[k].points[it];
				assert_true(fabs(r->item[it] - m / n) < 1e-9);
			}
			/* no veto marks: the outcome is the pass mark's */
			assert_int_equal(r->vetoes_failed, 0);
			assert_int_equal(r->outcome, want >= 80 ? OUTCOME_PASS : OUTCOME_FAIL);
		}
	}
	/* nothing to aggregate */
	scoring_aggregate(in, sheets, 0, r);
	assert_int_equal(r->sheets, 0);
	assert_int_equal(r->outcome, OUTCOME_PASS); /* zeroed; callers need >= 1 sheet */
}

static void test_divergence(void **state)
{
	/* integration flags a spread over 15 points, military one over 50 */
	static const struct {
		const char *scheme;
		int n, totals[3], spread, divergent;
	} cases[] = {
		{ "integration", 3, { 70, 85, 78 }, 15, 0 }, /* exactly the threshold */
		{ "integration", 3, { 70, 86, 78 }, 16, 1 }, /* one above */
		/* a single sheet never diverges (the sheets after it, left from the case
		 * before, would) */
		{ "integration", 1, { 70 }, 0, 0 },
		{ "military", 2, { 450, 500 }, 50, 0 },
		{ "military", 2, { 450, 400 }, 50, 0 },
		{ "military", 2, { 450, 399 }, 51, 1 },
	};
	struct fixture *fx = *state;

	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		struct scheme *s = strcmp(cases[i].scheme, "integration") == 0 ? fx->in : fx->mil;

		for (int k = 0; k < cases[i].n; k++)
			fill(s, &fx->sheets[k], cases[i].totals[k]);
		scoring_aggregate(s, fx->sheets, cases[i].n, fx->r);
		assert_int_equal(fx->r->sheets, cases[i].n);
		if (fx->r->max_total - fx->r->min_total != cases[i].spread ||
		    fx->r->divergent != cases[i].divergent)
			fail_msg("case %zu (%s): spread %d divergent %d, want %d and %d", i,
				 cases[i].scheme, fx->r->max_total - fx->r->min_total,
				 fx->r->divergent, cases[i].spread, cases[i].divergent);
	}
}

/* ---- veto items and the outcome ---- */

static void test_veto_votes(void **state)
{
	struct fixture *fx = *state;
	struct scheme *in = fx->in, *mil = fx->mil;
	struct score_sheet *sheets = fx->sheets;
	struct score_result *r = fx->r;
	int nv = scheme_item_index(in, "no_internet"),
	    ds = scheme_item_index(in, "dedicated_staff");
	int tried = 0;

	/* n scorers, m of them marking the item failed: failed when 2m >= n and m > 0 */
	for (int n = 1; n <= 5; n++) {
		for (int m = 0; m <= n; m++) {
			int failed = m > 0 && 2 * m >= n;

			for (int k = 0; k < n; k++) {
				fill(in, &sheets[k], 100);
				sheets[k].veto_failed[nv] = k < m;
			}
			scoring_aggregate(in, sheets, n, r);
			if (r->veto_failed[nv] != failed)
				fail_msg("%d of %d scorers mark it: veto_failed %d, want %d", m, n,
					 r->veto_failed[nv], failed);
			assert_int_equal(r->vetoes_failed, failed);
			assert_int_equal(r->veto_failed[ds], 0);
			/* a full score does not save a failed veto item (integration: fail) */
			assert_int_equal(r->outcome, failed ? OUTCOME_FAIL : OUTCOME_PASS);
			/* the same marks under the military scheme halt the review */
			for (int k = 0; k < n; k++) {
				fill(mil, &sheets[k], 500);
				sheets[k].veto_failed[scheme_item_index(mil, "vetting")] = k < m;
			}
			scoring_aggregate(mil, sheets, n, r);
			assert_int_equal(r->outcome, failed ? OUTCOME_HALT : OUTCOME_PASS);
			for (int k = 0; k < n; k++)
				memset(sheets[k].veto_failed, 0, sizeof(sheets[k].veto_failed));
			tried++;
		}
	}
	assert_int_equal(tried, 20);
	/* marks spread over two items count per item */
	for (int k = 0; k < 4; k++)
		fill(in, &sheets[k], 95);
	sheets[0].veto_failed[nv] = 1;
	sheets[1].veto_failed[ds] = 1;
	scoring_aggregate(in, sheets, 4, r);
	assert_int_equal(r->vetoes_failed, 0);
	assert_int_equal(r->outcome, OUTCOME_PASS);
	sheets[2].veto_failed[nv] = 1;
	sheets[3].veto_failed[ds] = 1;
	scoring_aggregate(in, sheets, 4, r);
	assert_int_equal(r->vetoes_failed, 2);
	assert_int_equal(r->veto_failed[nv], 1);
	assert_int_equal(r->veto_failed[ds], 1);
	assert_int_equal(r->outcome, OUTCOME_FAIL);
}

static void test_outcome_pass_mark(void **state)
{
	static const struct {
		const char *scheme;
		enum aggregation rule;
		int n;
		int totals[3];
		enum onsite_outcome want;
	} cases[] = {
		{ "integration", AGG_MEAN, 1, { 80 }, OUTCOME_PASS },
		{ "integration", AGG_MEAN, 1, { 79 }, OUTCOME_FAIL },
		{ "integration", AGG_MEAN, 2, { 80, 80 }, OUTCOME_PASS },
		{ "integration", AGG_MEAN, 2, { 80, 79 }, OUTCOME_FAIL }, /* 79.5 */
		{ "integration", AGG_MEAN, 2, { 81, 79 }, OUTCOME_PASS }, /* 80.0 */
		{ "integration", AGG_MEAN, 3, { 100, 70, 70 }, OUTCOME_PASS },
		{ "integration", AGG_MEDIAN, 3, { 100, 79, 80 }, OUTCOME_PASS },
		{ "integration", AGG_MEDIAN, 3, { 100, 79, 79 }, OUTCOME_FAIL },
		{ "integration", AGG_MIN, 3, { 100, 80, 90 }, OUTCOME_PASS },
		{ "integration", AGG_MIN, 3, { 100, 79, 90 }, OUTCOME_FAIL },
		{ "military", AGG_MEAN, 1, { 450 }, OUTCOME_PASS },
		{ "military", AGG_MEAN, 1, { 449 }, OUTCOME_FAIL },
		{ "military", AGG_MEAN, 2, { 450, 449 }, OUTCOME_FAIL },
		{ "military", AGG_MEAN, 3, { 500, 425, 425 }, OUTCOME_PASS },
		{ "military", AGG_MIN, 2, { 500, 449 }, OUTCOME_FAIL },
	};
	struct fixture *fx = *state;
	struct scheme *in = fx->in, *mil = fx->mil;
	struct score_sheet *sheets = fx->sheets;
	struct score_result *r = fx->r;

	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		struct scheme *s = strcmp(cases[i].scheme, "integration") == 0 ? in : mil;

		s->aggregation = cases[i].rule;
		for (int k = 0; k < cases[i].n; k++)
			fill(s, &sheets[k], cases[i].totals[k]);
		scoring_aggregate(s, sheets, cases[i].n, r);
		if (r->outcome != cases[i].want)
			fail_msg("case %zu (%s): total %g, %s, want %s", i, cases[i].scheme,
				 r->total, onsite_outcome_name(r->outcome),
				 onsite_outcome_name(cases[i].want));
	}
	assert_string_equal(onsite_outcome_name(OUTCOME_PASS), "pass");
	assert_string_equal(onsite_outcome_name(OUTCOME_FAIL), "fail");
	assert_string_equal(onsite_outcome_name(OUTCOME_HALT), "halt");
	assert_string_equal(onsite_outcome_name((enum onsite_outcome)3), "unknown");
}

/* More sheets than SCORING_MAX_SHEETS: only the first SCORING_MAX_SHEETS count. */
static void test_many_sheets(void **state)
{
	struct fixture *fx = *state;
	struct scheme *in = fx->in;
	struct score_sheet *sheets = fx->sheets;
	struct score_result *r = fx->r;

	for (int k = 0; k < SCORING_MAX_SHEETS + 2; k++)
		fill(in, &sheets[k], k < SCORING_MAX_SHEETS ? 90 : 0);
	scoring_aggregate(in, sheets, SCORING_MAX_SHEETS + 2, r);
	assert_int_equal(r->sheets, SCORING_MAX_SHEETS);
	assert_true(fabs(r->total - 90) < 1e-9);
	assert_int_equal(r->min_total, 90);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_check_sheet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aggregate_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_divergence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_veto_votes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outcome_pass_mark, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_sheets, setup, teardown),
	};

	return cmocka_run_group_tests_name("scoring", tests, NULL, NULL);
}
