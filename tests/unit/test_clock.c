/*
 * test_clock.c - unit tests of src/core/clock (the statutory clock of a stage: a
 * working-day budget from a start date, stopped by pauses) and of
 * bm_date_add_months (calendar-month arithmetic used by eligibility and waiting
 * periods).
 *
 * Expectations come from the independent day table written from domain.md §6
 * (refcal.c) and the rule of clock.h, stepped day by day here: a day d counts when start < d, d is
 * a working day and d lies in no pause (from < d <= to; an open pause covers every
 * day after from). Literal cases cover the statutory limits across the National Day
 * and Spring Festival blocks.
 *
 * The calendars are read from BM_FILES_DIR (the source data/ directory, a
 * compile-time definition of the top-level meson.build) by testutil.c.
 */
#include <limits.h>
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
#include "base/timeutil.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "refcal.h"
#include "testutil.h"
#include "base/banned.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the rule of clock.h, stepped over the independent table (refcal.h) ---- */

/* A pause in reference indices; to < 0 while open. */
struct rpause {
	int from, to;
};

struct rstate {
	int due; /* index, or INT_MIN when unknown */
	int used, remaining, paused, overdue;
	int missing; /* the walk needed a day outside 2024..2026 */
};

static int ref_paused(const struct rpause *p, size_t n, int d)
{
	for (size_t i = 0; i < n; i++)
		if (d > p[i].from && (p[i].to < 0 || d <= p[i].to))
			return 1;
	return 0;
}

/* clock.h's rule, stepped over the reference table. */
static void ref_clock(int start, int budget, const struct rpause *p, size_t np, int today,
		      struct rstate *out)
{
	int counted = 0, open_from = INT_MAX;

	memset(out, 0, sizeof(*out));
	out->due = budget == 0 ? start : INT_MIN;
	for (size_t i = 0; i < np; i++)
		if (p[i].to < 0 && p[i].from < open_from)
			open_from = p[i].from;
	for (int d = start + 1;; d++) {
		if (counted >= budget && d > today)
			break;
		if (d > open_from && d > today)
			break; /* nothing after an open pause counts (yet) */
		if (ref_paused(p, np, d))
			continue;
		if (d < 0 || d >= REF_DAYS) {
			out->missing = 1;
			return;
		}
		if (!ref_work[d])
			continue;
		counted++;
		if (d <= today)
			out->used++;
		if (counted == budget)
			out->due = d;
	}
	/* an open pause that has begun (on today or before) is in force */
	out->paused = open_from <= today;
	out->remaining = budget - out->used;
	out->overdue = out->due != INT_MIN && today > out->due;
}

/* ---- literal cases ---- */

struct lit_pause {
	const char *from, *to; /* to NULL while open */
};

static void test_clock_literal(void **state)
{
	static const struct {
		const char *what, *start;
		int budget;
		struct lit_pause pauses[2];
		const char *today, *due; /* due NULL: stopped by an open pause */
		int used, remaining, paused, overdue;
	} cases[] = {
		{ "acceptance check across National Day 2025",
		  "2025-09-26",
		  5,
		  { { NULL, NULL } },
		  "2025-09-26",
		  "2025-10-10",
		  0,
		  5,
		  0,
		  0 },
		{ "decision limit, no pause",
		  "2025-09-19",
		  20,
		  { { NULL, NULL } },
		  "2025-10-09",
		  "2025-10-23",
		  9,
		  11,
		  0,
		  0 },
		{ "on-site review 10-13..10-17 stops 4 working days",
		  "2025-09-19",
		  20,
		  { { "2025-10-13", "2025-10-17" } },
		  "2025-10-20",
		  "2025-10-29",
		  13,
		  7,
		  0,
		  0 },
		{ "a pause over holidays only moves nothing",
		  "2025-09-19",
		  20,
		  { { "2025-09-30", "2025-10-08" } },
		  "2025-09-30",
		  "2025-10-23",
		  8,
		  12,
		  0,
		  0 },
		{ "decision across National Day 2024",
		  "2024-09-20",
		  20,
		  { { NULL, NULL } },
		  "2024-10-23",
		  "2024-10-23",
		  20,
		  0,
		  0,
		  0 },
		{ "supplement across National Day 2024, then overdue",
		  "2024-09-20",
		  20,
		  { { "2024-09-27", "2024-10-09" } },
		  "2024-11-01",
		  "2024-10-29",
		  23,
		  -3,
		  0,
		  1 },
		{ "Spring Festival 2026",
		  "2026-02-10",
		  20,
		  { { NULL, NULL } },
		  "2026-02-10",
		  "2026-03-16",
		  0,
		  20,
		  0,
		  0 },
		{ "Spring Festival 2026 with a supplement 02-11..02-13",
		  "2026-02-10",
		  20,
		  { { "2026-02-11", "2026-02-13" } },
		  "2026-03-01",
		  "2026-03-18",
		  7,
		  13,
		  0,
		  0 },
		{ "Spring Festival 2025 with a supplement over it",
		  "2025-01-20",
		  15,
		  { { "2025-01-24", "2025-02-06" } },
		  "2025-01-20",
		  "2025-02-20",
		  0,
		  15,
		  0,
		  0 },
		{ "open supplement pause: stopped, used counts days before it",
		  "2025-03-03",
		  20,
		  { { "2025-03-07", NULL } },
		  "2025-03-20",
		  NULL,
		  4,
		  16,
		  1,
		  0 },
		{ "overdue: negative remaining",
		  "2025-03-03",
		  5,
		  { { NULL, NULL } },
		  "2025-03-12",
		  "2025-03-10",
		  7,
		  -2,
		  0,
		  1 },
		{ "due today is not overdue",
		  "2025-03-03",
		  5,
		  { { NULL, NULL } },
		  "2025-03-10",
		  "2025-03-10",
		  5,
		  0,
		  0,
		  0 },
		{ "budget 0: due on the start day",
		  "2025-03-03",
		  0,
		  { { NULL, NULL } },
		  "2025-03-03",
		  "2025-03-03",
		  0,
		  0,
		  0,
		  0 },
		{ "budget 0, a day later: overdue",
		  "2025-03-03",
		  0,
		  { { NULL, NULL } },
		  "2025-03-04",
		  "2025-03-03",
		  1,
		  -1,
		  0,
		  1 },
		{ "start on a holiday",
		  "2025-10-01",
		  1,
		  { { NULL, NULL } },
		  "2025-10-01",
		  "2025-10-09",
		  0,
		  1,
		  0,
		  0 },
		{ "start on a Saturday",
		  "2025-03-08",
		  1,
		  { { NULL, NULL } },
		  "2025-03-08",
		  "2025-03-10",
		  0,
		  1,
		  0,
		  0 },
		{ "start on a Saturday before an adjusted Sunday",
		  "2025-01-25",
		  1,
		  { { NULL, NULL } },
		  "2025-01-25",
		  "2025-01-26",
		  0,
		  1,
		  0,
		  0 },
		{ "a pause that began before the start",
		  "2025-03-03",
		  5,
		  { { "2025-02-25", "2025-03-05" } },
		  "2025-03-03",
		  "2025-03-12",
		  0,
		  5,
		  0,
		  0 },
		{ "overlapping pauses",
		  "2025-03-03",
		  5,
		  { { "2025-03-04", "2025-03-06" }, { "2025-03-05", "2025-03-10" } },
		  "2025-03-03",
		  "2025-03-14",
		  0,
		  5,
		  0,
		  0 },
		{ "an open pause after the budget ran out leaves the due date",
		  "2025-03-03",
		  3,
		  { { "2025-03-10", NULL } },
		  "2025-03-12",
		  "2025-03-06",
		  5,
		  -2,
		  1,
		  1 },
		{ "today before the start",
		  "2025-03-03",
		  2,
		  { { NULL, NULL } },
		  "2025-02-28",
		  "2025-03-05",
		  0,
		  2,
		  0,
		  0 },
		{ "New Year 2026: adjusted Sunday 01-04 counts",
		  "2025-12-30",
		  3,
		  { { NULL, NULL } },
		  "2026-01-05",
		  "2026-01-05",
		  3,
		  0,
		  0,
		  0 },
	};
	const struct calendar *c;

	(void)state;
	c = tu_calendar_shipped();
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		struct clock_pause p[2];
		struct clock_state st;
		struct rpause rp[2];
		struct rstate want;
		struct bm_err err;
		size_t np = 0;
		int32_t start = tu_day(cases[i].start), today = tu_day(cases[i].today);
		char due[BM_DATE_LEN] = "-";

		for (size_t k = 0; k < 2 && cases[i].pauses[k].from != NULL; k++, np++) {
			p[k].from = tu_day(cases[i].pauses[k].from);
			p[k].to = tu_day(cases[i].pauses[k].to);
			rp[k].from = (int)(p[k].from - ref_base);
			rp[k].to = p[k].to == 0 ? -1 : (int)(p[k].to - ref_base);
		}
		bm_err_clear(&err);
		assert_int_equal(clock_compute(c, start, cases[i].budget, p, np, today, &st, &err),
				 0);
		if (st.due != 0)
			bm_date_format(st.due, due);
		if (st.due != tu_day(cases[i].due) || st.used != cases[i].used ||
		    st.remaining != cases[i].remaining || st.paused != cases[i].paused ||
		    st.overdue != cases[i].overdue)
			fail_msg(
				"%s: due %s used %d remaining %d paused %d overdue %d; want due %s "
				"used %d remaining %d paused %d overdue %d",
				cases[i].what, due, st.used, st.remaining, st.paused, st.overdue,
				cases[i].due != NULL ? cases[i].due : "-", cases[i].used,
				cases[i].remaining, cases[i].paused, cases[i].overdue);
		/* and the literal table agrees with the stepped reference */
		ref_clock((int)(start - ref_base), cases[i].budget, rp, np, (int)(today - ref_base),
			  &want);
		assert_int_equal(want.missing, 0);
		assert_int_equal(want.due == INT_MIN ? 0 : ref_base + want.due, st.due);
		assert_int_equal(want.used, st.used);
	}
}

/* A closed pause moves the due date by exactly the working days inside it. */
static void test_clock_pause_shift(void **state)
{
	const struct calendar *c;
	int tried = 0;

	(void)state;
	c = tu_calendar_shipped();
	for (int s = 200; s < 900; s += 13) {
		for (int a = 0; a < 12; a += 3) {
			for (int len = 0; len <= 16; len += 4) {
				struct clock_pause p = { ref_base + s + a, ref_base + s + a + len };
				struct clock_state plain, moved;
				int inside = 0, shift = 0;
				int32_t d;

				assert_int_equal(clock_compute(c, ref_base + s, 20, NULL, 0,
							       ref_base + s, &plain, NULL),
						 0);
				assert_int_equal(clock_compute(c, ref_base + s, 20, &p, 1,
							       ref_base + s, &moved, NULL),
						 0);
				/* the pause lies before the plain due date: the due date moves by
				 * the working days in (from, to], no more, no less */
				if (p.to >= plain.due)
					continue;
				for (int k = s + a + 1; k <= s + a + len; k++)
					inside += k > s ? ref_work[k] : 0;
				for (d = plain.due; d < moved.due; d++)
					shift += ref_work[d + 1 - ref_base];
				if (shift != inside)
					fail_msg("start +%d, pause +%d..+%d: due moved %d working "
						 "days, %d inside the pause",
						 s, a, a + len, shift, inside);
				assert_true(moved.due >= plain.due);
				tried++;
			}
		}
	}
	assert_true(tried > 500);
}

/* Many combinations of start, budget, pauses and today against the reference. */
static void test_clock_reference(void **state)
{
	static const int budgets[] = { 0, 1, 2, 5, 10, 15, 20, 30 };
	static const int todays[] = { -1, 0, 3, 10, 25, 60 };
	const struct calendar *c;
	int tried = 0;

	(void)state;
	c = tu_calendar_shipped();
	for (int s = 0; s < 900; s += 11) {
		for (int cfg = 0; cfg < 24; cfg++) {
			struct rpause rp[3];
			size_t np = 0;

			/* 0: none; 1..16: one closed; 17..20: one open; 21..23: mixed */
			if (cfg >= 1 && cfg <= 16) {
				static const int at[4] = { -5, 0, 3, 10 }, len[4] = { 0, 1, 7, 15 };
				rp[np].from = s + at[(cfg - 1) % 4];
				rp[np].to = rp[np].from + len[(cfg - 1) / 4];
				np++;
			} else if (cfg >= 17 && cfg <= 20) {
				static const int at[4] = { -3, 0, 2, 8 };
				rp[np].from = s + at[cfg - 17];
				rp[np].to = -1;
				np++;
			} else if (cfg >= 21) {
				rp[0] = (struct rpause){ s + 2, s + 9 };
				rp[1] = (struct rpause){ s + 5, s + 14 };
				np = 2;
				if (cfg >= 22) {
					rp[2] = (struct rpause){ s + (cfg == 22 ? 20 : 1), -1 };
					np = 3;
				}
			}
			for (size_t b = 0; b < N_ELEMS(budgets); b++) {
				for (size_t t = 0; t < N_ELEMS(todays); t++) {
					struct clock_pause p[3];
					struct clock_state st;
					struct rstate want;
					struct bm_err err;
					int today = s + todays[t], rc, open_today = 0;

					for (size_t k = 0; k < np; k++) {
						p[k].from = ref_base + rp[k].from;
						p[k].to = rp[k].to < 0 ? 0 : ref_base + rp[k].to;
						open_today |= rp[k].to < 0 && rp[k].from == today;
					}
					ref_clock(s, budgets[b], rp, np, today, &want);
					bm_err_clear(&err);
					rc = clock_compute(c, ref_base + s, budgets[b], p, np,
							   ref_base + today, &st, &err);
					if (want.missing) {
						assert_int_equal(rc, BM_ERULE);
						assert_string_equal(err.ecode, "calendar_missing");
						continue;
					}
					assert_int_equal(rc, 0);
					if (st.due != (want.due == INT_MIN ? 0
									   : ref_base + want.due) ||
					    st.used != want.used ||
					    st.remaining != want.remaining ||
					    st.overdue != want.overdue ||
					    /* an open pause beginning today: see
					     * test_clock_open_pause_today */
					    (!open_today && st.paused != want.paused))
						fail_msg("start +%d budget %d cfg %d today %+d: "
							 "due %d "
							 "used %d rem %d paused %d overdue %d; "
							 "want due "
							 "%d used %d rem %d paused %d overdue %d",
							 s, budgets[b], cfg, todays[t],
							 st.due ? (int)(st.due - ref_base) : -1,
							 st.used, st.remaining, st.paused,
							 st.overdue,
							 want.due == INT_MIN ? -1 : want.due,
							 want.used, want.remaining, want.paused,
							 want.overdue);
					tried++;
				}
			}
		}
	}
	assert_true(tried > 30000);
}

/* The day a supplement notice is issued, the open pause is in force: the clock
 * shows no due date, so it must say why (paused), as it does from the next day. */
static void test_clock_open_pause_today(void **state)
{
	/* the day after the notice, and the day of the notice itself */
	static const char *const todays[] = { "2025-03-08", "2025-03-07" };
	const struct calendar *c;
	struct clock_pause p = { 0, 0 };
	struct clock_state st;

	(void)state;
	c = tu_calendar_shipped();
	p.from = tu_day("2025-03-07");
	for (size_t i = 0; i < N_ELEMS(todays); i++) {
		assert_int_equal(clock_compute(c, tu_day("2025-03-03"), 20, &p, 1,
					       tu_day(todays[i]), &st, NULL),
				 0);
		if (st.due != 0 || st.paused != 1 || st.used != 4 || st.remaining != 16)
			fail_msg("open pause from 2025-03-07, today %s: due %d paused %d used %d "
				 "remaining %d, want due 0 (stopped), paused 1, used 4, remaining "
				 "16",
				 todays[i], (int)st.due, st.paused, st.used, st.remaining);
	}
}

static void test_clock_errors(void **state)
{
	const struct calendar *c;
	struct clock_state st;
	struct bm_err err;

	(void)state;
	c = tu_calendar_shipped();
	bm_err_clear(&err);
	assert_int_equal(clock_compute(c, tu_day("2025-03-03"), -1, NULL, 0, tu_day("2025-03-03"),
				       &st, &err),
			 BM_EINVAL);
	assert_string_equal(err.ecode, "out_of_range");
	assert_string_equal(err.field, "budget");
	assert_int_equal(clock_compute(c, tu_day("2025-03-03"), CAL_MAX_SHIFT + 1, NULL, 0,
				       tu_day("2025-03-03"), &st, NULL),
			 BM_EINVAL);
	assert_int_equal(clock_compute(c, tu_day("2025-03-03"), INT_MIN, NULL, 0,
				       tu_day("2025-03-03"), &st, NULL),
			 BM_EINVAL);
	/* a due date in a year that is not loaded is not guessed */
	bm_err_clear(&err);
	assert_int_equal(clock_compute(c, tu_day("2026-12-20"), 20, NULL, 0, tu_day("2026-12-20"),
				       &st, &err),
			 BM_ERULE);
	assert_string_equal(err.ecode, "calendar_missing");
	/* nor is "used" when today lies in such a year */
	bm_err_clear(&err);
	assert_int_equal(
		clock_compute(c, tu_day("2026-12-01"), 5, NULL, 0, tu_day("2027-01-10"), &st, &err),
		BM_ERULE);
	assert_string_equal(err.ecode, "calendar_missing");
	/* an open pause before the year end needs nothing beyond it */
	{
		struct clock_pause p = { tu_day("2026-12-28"), 0 };
		assert_int_equal(clock_compute(c, tu_day("2026-12-20"), 20, &p, 1,
					       tu_day("2026-12-30"), &st, NULL),
				 0);
		assert_int_equal(st.due, 0);
		assert_int_equal(st.paused, 1);
		assert_int_equal(st.used, 6); /* 21, 22, 23, 24, 25, 28 */
	}
}

/* ---- bm_date_add_months ---- */

static void test_add_months_literal(void **state)
{
	static const struct {
		const char *from;
		int n;
		const char *want;
	} cases[] = {
		{ "2024-01-31", 1, "2024-02-29" },    { "2025-01-31", 1, "2025-02-28" },
		{ "2024-03-31", -1, "2024-02-29" },   { "2023-03-31", -1, "2023-02-28" },
		{ "2024-02-29", 12, "2025-02-28" },   { "2024-02-29", 48, "2028-02-29" },
		{ "2024-02-29", -12, "2023-02-28" },  { "2024-02-29", -48, "2020-02-29" },
		{ "2025-12-15", 1, "2026-01-15" },    { "2025-01-15", -1, "2024-12-15" },
		{ "2025-05-31", 1, "2025-06-30" },    { "2025-08-31", 6, "2026-02-28" },
		{ "2000-02-29", 1200, "2100-02-28" }, { "2000-01-31", 1, "2000-02-29" },
		{ "1900-01-31", 1, "1900-02-28" },    { "1970-01-01", -1, "1969-12-01" },
		{ "2025-06-03", 0, "2025-06-03" },    { "2025-10-31", -120, "2015-10-31" },
		{ "2024-12-31", 2, "2025-02-28" },    { "2025-01-01", -13, "2023-12-01" },
		{ "2025-03-31", -25, "2023-02-28" },  { "2021-02-28", 36, "2024-02-28" },
	};

	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		char text[BM_DATE_LEN];
		int32_t from;

		from = tu_day(cases[i].from);
		bm_date_format(bm_date_add_months(from, cases[i].n), text);
		if (strcmp(text, cases[i].want) != 0)
			fail_msg("%s %+d months: %s, want %s", cases[i].from, cases[i].n, text,
				 cases[i].want);
	}
}

/* Every day of 1999..2031 and n = -30..30 against a direct computation. */
static void test_add_months_all(void **state)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int checked = 0;

	(void)state;
	for (int y = 1999; y <= 2031; y++) {
		for (int m = 1; m <= 12; m++) {
			int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
			int dim = mdays[m - 1] + (m == 2 && leap);
			for (int d = 1; d <= dim; d++) {
				int32_t from = bm_days_from_civil(y, (unsigned)m, (unsigned)d);
				for (int n = -30; n <= 30; n++) {
					int months = y * 12 + (m - 1) + n;
					int ty = months / 12, tm = months % 12 + 1;
					int tleap = (ty % 4 == 0 && ty % 100 != 0) || ty % 400 == 0;
					int tdim = mdays[tm - 1] + (tm == 2 && tleap);
					int td = d < tdim ? d : tdim;
					int32_t got = bm_date_add_months(from, n);
					int gy;
					unsigned gm, gd;

					bm_civil_from_days(got, &gy, &gm, &gd);
					if (gy != ty || (int)gm != tm || (int)gd != td)
						fail_msg("%04d-%02d-%02d %+d: %04d-%02u-%02u, want "
							 "%04d-%02d-%02d",
							 y, m, d, n, gy, gm, gd, ty, tm, td);
					checked++;
				}
			}
		}
	}
	assert_true(checked > 700000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clock_literal),
		cmocka_unit_test(test_clock_pause_shift),
		cmocka_unit_test(test_clock_reference),
		cmocka_unit_test(test_clock_open_pause_today),
		cmocka_unit_test(test_clock_errors),
		cmocka_unit_test(test_add_months_literal),
		cmocka_unit_test(test_add_months_all),
	};

	return cmocka_run_group_tests_name("clock", tests, ref_setup, NULL);
}
