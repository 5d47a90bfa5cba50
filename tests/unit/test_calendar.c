/*
 * test_calendar.c - unit tests of src/core/calendar: the shipped 2024-2026 holiday
 * tables against an independent table written from domain.md §6 (every one of the
 * 1096 days), working-day arithmetic across every holiday block and year end
 * (expectations from stepping the independent table), the between/add identities,
 * refusal to guess a year that is not loaded, parse errors naming the JSON path, and
 * replacing a year.
 *
 * The independent table is refcal.c's. The data files are read from BM_FILES_DIR (the
 * source tree's data/ directory, a compile-time definition of the top-level
 * meson.build) by testutil.c, so the binary also runs outside meson
 * (tests/unit/run.sh).
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/err.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/calendar.h"
#include "refcal.h"
#include "testutil.h"
#include "base/banned.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- stepping the independent reference (refcal.h) ---- */

/* The index n working days from idx by stepping the table, or INT_MIN when the walk
 * leaves 2024..2026 (the library must then report the missing year). */
static int ref_add(int idx, int n)
{
	int step = n > 0 ? 1 : -1, left = n > 0 ? n : -n;

	while (left > 0) {
		idx += step;
		if (idx < 0 || idx >= REF_DAYS)
			return INT_MIN;
		left -= ref_work[idx];
	}
	return idx;
}

static int ref_between(int a, int b)
{
	int lo = a < b ? a : b, hi = a < b ? b : a, n = 0;

	for (int k = lo + 1; k <= hi; k++)
		n += ref_work[k];
	return a <= b ? n : -n;
}

/* ---- helpers ---- */

static void assert_missing(int rc, const struct bm_err *err, const char *what)
{
	if (rc != BM_ERULE || strcmp(err->ecode, "calendar_missing") != 0 ||
	    strcmp(err->field, "date") != 0)
		fail_msg("%s: rc %d ecode '%s' field '%s', want BM_ERULE calendar_missing (date)",
			 what, rc, err->ecode, err->field);
	assert_non_null(strstr(err->message, "no working-day calendar"));
}

/* ---- the shipped years ---- */

static void test_parse_shipped(void **state)
{
	static const struct {
		int year, holidays, workdays;
	} want[] = {
		/* holiday days and adjusted working days, counted from domain.md §6 */
		{ 2024, 28, 8 },
		{ 2025, 28, 5 },
		{ 2026, 33, 6 },
	};
	const struct calendar *c;

	(void)state;
	c = tu_calendar_shipped();
	assert_int_equal(c->n, 3);
	for (size_t i = 0; i < N_ELEMS(want); i++) {
		const struct cal_year *y = calendar_year(c, want[i].year);
		assert_non_null(y);
		assert_int_equal(y->year, want[i].year);
		assert_int_equal(y->holidays, want[i].holidays);
		assert_int_equal(y->workdays, want[i].workdays);
		assert_int_equal(c->years[i].year, want[i].year); /* kept sorted */
	}
	assert_null(calendar_year(c, 2023));
	assert_null(calendar_year(c, 2027));
}

static void test_reference_sane(void **state)
{
	char text[BM_DATE_LEN], mine[BM_DATE_LEN];

	(void)state;
	/* the reference's own day numbering agrees with the library's civil dates */
	assert_int_equal(ref_base, 19723);
	for (int k = 0; k < REF_DAYS; k++) {
		bm_date_format(ref_base + k, text);
		ref_format(k, mine);
		assert_string_equal(text, mine);
		assert_int_equal(bm_date_weekday(ref_base + k), k % 7 + 1);
	}
	/* every adjusted working day of §6 is a Saturday or Sunday */
	for (size_t i = 0; i < ref_nadjusted; i++)
		assert_true(ref_index(ref_adjusted[i]) % 7 >= 5);
	/* working days per year, from the table */
	assert_int_equal(ref_between(-1, 365), 251);
	assert_int_equal(ref_between(365, 730), 248);
	assert_int_equal(ref_between(730, 1095), 248);
}

static void test_every_day(void **state)
{
	const struct calendar *c;
	int holidays = 0, adjusted = 0, weekdays = 0, weekends = 0;

	(void)state;
	c = tu_calendar_shipped();
	for (int k = 0; k < REF_DAYS; k++) {
		struct bm_err err;
		char text[BM_DATE_LEN];
		int working = -1;

		bm_err_clear(&err);
		ref_format(k, text);
		assert_int_equal(calendar_is_working(c, ref_base + k, &working, &err), 0);
		if (working != ref_work[k])
			fail_msg("%s (%c, weekday %d): working %d, want %d", text, ref_kind[k],
				 k % 7 + 1, working, ref_work[k]);
		if (ref_kind[k] == 'H')
			holidays++;
		else if (ref_kind[k] == 'W')
			adjusted++;
		else if (k % 7 < 5)
			weekdays++;
		else
			weekends++;
	}
	assert_int_equal(holidays, 28 + 28 + 33);
	assert_int_equal(adjusted, 19);
	assert_int_equal(holidays + adjusted + weekdays + weekends, REF_DAYS);
	/* the year counts agree too */
	{
		int n = -1;
		assert_int_equal(calendar_between(c, tu_day("2023-12-31") + 1, tu_day("2024-12-31"),
						  &n, NULL),
				 0);
		/* from 2024-01-01 (exclusive) to 2024-12-31: 2024-01-01 is a holiday */
		assert_int_equal(n, 251);
		assert_int_equal(
			calendar_between(c, tu_day("2024-12-31"), tu_day("2025-12-31"), &n, NULL),
			0);
		assert_int_equal(n, 248);
		assert_int_equal(
			calendar_between(c, tu_day("2025-12-31"), tu_day("2026-12-31"), &n, NULL),
			0);
		assert_int_equal(n, 248);
	}
}

/* ---- adding working days ---- */

static void test_add_literal(void **state)
{
	static const struct {
		const char *from;
		int n;
		const char *want;
	} cases[] = {
		{ "2024-02-08", 1, "2024-02-09" },  /* the eve is a working day in 2024 */
		{ "2024-02-09", 1, "2024-02-18" },  /* Spring Festival, then a Sunday worked */
		{ "2024-02-03", 1, "2024-02-04" },  /* Saturday to the adjusted Sunday */
		{ "2024-09-27", 1, "2024-09-29" },  /* the adjusted Sunday before National Day */
		{ "2024-09-30", 1, "2024-10-08" },  /* National Day */
		{ "2024-09-13", 20, "2024-10-17" }, /* across Mid-Autumn and National Day */
		{ "2024-04-30", 10, "2024-05-16" }, /* Labour Day, adjusted Saturday 05-11 */
		{ "2024-12-31", 1, "2025-01-02" },  /* year end and New Year's Day */
		{ "2024-12-20", 10, "2025-01-06" },
		{ "2025-01-24", 1, "2025-01-26" },
		{ "2025-01-27", 1, "2025-02-05" },
		{ "2025-09-19", 20, "2025-10-23" }, /* a decision limit across the 8-day break */
		{ "2025-09-30", 1, "2025-10-09" },
		{ "2025-09-30", 3, "2025-10-11" }, /* the adjusted Saturday after it */
		{ "2025-12-31", 1, "2026-01-04" }, /* 2026's New Year break, then a Sunday */
		{ "2025-12-24", 8, "2026-01-06" },
		{ "2026-02-13", 5, "2026-02-27" },
		{ "2026-09-30", 20, "2026-11-03" },
		{ "2025-02-05", -1, "2025-01-27" },
		{ "2026-01-05", -1, "2026-01-04" },
		{ "2026-01-05", -2, "2025-12-31" },
		{ "2026-02-24", -1, "2026-02-14" },
		{ "2024-10-08", -1, "2024-09-30" },
		{ "2024-10-08", -2, "2024-09-29" },
		{ "2025-01-02", -1, "2024-12-31" },
		{ "2024-06-10", 0, "2024-06-10" }, /* n = 0 is the day itself, holiday or not */
	};
	const struct calendar *c;

	(void)state;
	c = tu_calendar_shipped();
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		struct bm_err err;
		int32_t out = 0, from = tu_day(cases[i].from);
		char text[BM_DATE_LEN];
		int r;

		bm_err_clear(&err);
		assert_int_equal(calendar_add(c, from, cases[i].n, &out, &err), 0);
		bm_date_format(out, text);
		if (strcmp(text, cases[i].want) != 0)
			fail_msg("%s %+d: %s, want %s", cases[i].from, cases[i].n, text,
				 cases[i].want);
		/* the literal table and the stepped reference agree */
		r = ref_add((int)(from - ref_base), cases[i].n);
		assert_int_equal(ref_base + r, out);
	}
}

/* Every day of 2024..2026 and N = ±1..25: this crosses every holiday block, every
 * adjusted working day and both year ends. */
static void test_add_all_days(void **state)
{
	const struct calendar *c;
	int checked = 0, missing = 0;

	(void)state;
	c = tu_calendar_shipped();
	for (int k = 0; k < REF_DAYS; k++) {
		for (int n = -25; n <= 25; n++) {
			struct bm_err err;
			int32_t out = 0;
			int want = n == 0 ? k : ref_add(k, n), rc;

			if (n == 0)
				continue;
			bm_err_clear(&err);
			rc = calendar_add(c, ref_base + k, n, &out, &err);
			if (want == INT_MIN) {
				assert_missing(rc, &err, "add beyond 2024..2026");
				missing++;
				continue;
			}
			if (rc != 0 || out != ref_base + want) {
				char a[BM_DATE_LEN], b[BM_DATE_LEN];
				ref_format(k, a);
				ref_format(want, b);
				fail_msg("%s %+d: rc %d out %d, want %s", a, n, rc,
					 (int)(out - ref_base), b);
			}
			/* the result is always a working day */
			assert_int_equal(ref_work[want], 1);
			checked++;
		}
	}
	assert_true(checked > 50000);
	assert_true(missing > 0);
}

static void test_add_limits(void **state)
{
	const struct calendar *c;
	struct bm_err err;
	int32_t out = 12345;

	(void)state;
	c = tu_calendar_shipped();
	bm_err_clear(&err);
	assert_int_equal(calendar_add(c, tu_day("2025-06-03"), CAL_MAX_SHIFT + 1, &out, &err),
			 BM_EINVAL);
	assert_string_equal(err.ecode, "out_of_range");
	assert_string_equal(err.field, "n");
	bm_err_clear(&err);
	assert_int_equal(calendar_add(c, tu_day("2025-06-03"), -CAL_MAX_SHIFT - 1, &out, &err),
			 BM_EINVAL);
	assert_string_equal(err.ecode, "out_of_range");
	assert_int_equal(calendar_add(c, tu_day("2025-06-03"), INT_MAX, &out, NULL), BM_EINVAL);
	assert_int_equal(calendar_add(c, tu_day("2025-06-03"), INT_MIN + 1, &out, NULL), BM_EINVAL);
	/* between refuses dates more than twenty years apart */
	{
		int n = 99;
		bm_err_clear(&err);
		assert_int_equal(
			calendar_between(c, tu_day("2000-01-01"), tu_day("2030-01-01"), &n, &err),
			BM_EINVAL);
		assert_string_equal(err.ecode, "out_of_range");
		assert_int_equal(n, 99);
	}
	/* within the limit, the walk runs out of loaded years instead */
	bm_err_clear(&err);
	assert_missing(calendar_add(c, tu_day("2025-06-03"), CAL_MAX_SHIFT, &out, &err), &err,
		       "ten years ahead");
	assert_int_equal(out, 12345);
}

/* n = INT_MIN cannot be negated in an int: it must be refused like any other shift
 * beyond CAL_MAX_SHIFT, not turned into a walk of zero steps (or undefined
 * behaviour). Run in a child process, so that a sanitizer abort fails this test
 * alone. */
static void test_add_int_min(void **state)
{
	int status = 0;
	pid_t pid;

	(void)state;
	tu_calendar_shipped();
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int32_t out = 0;
		int rc = calendar_add(tu_calendar_shipped(), tu_day("2025-06-03"), INT_MIN, &out,
				      NULL);
		_exit(rc == BM_EINVAL ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("calendar_add(day, INT_MIN) is not refused with BM_EINVAL (%s %d)",
			 WIFEXITED(status) ? "exit" : "signal",
			 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
}

/* ---- counting working days between dates ---- */

static void test_between_literal(void **state)
{
	static const struct {
		const char *a, *b;
		int want;
	} cases[] = {
		{ "2024-09-30", "2024-10-08", 1 },  /* only 10-08 */
		{ "2024-09-27", "2024-10-08", 3 },  /* 09-29 (Sunday worked), 09-30, 10-08 */
		{ "2025-01-27", "2025-02-08", 4 },  /* 02-05, 06, 07 and Saturday 02-08 */
		{ "2025-12-31", "2026-01-04", 1 },  /* only the adjusted Sunday */
		{ "2025-12-31", "2026-01-03", 0 },  /* a holiday block only */
		{ "2024-06-10", "2024-06-10", 0 },  /* the same day */
		{ "2025-10-08", "2025-09-30", -0 }, /* a holiday block only, backwards */
		{ "2025-10-09", "2025-09-30", -1 }, { "2024-02-09", "2024-02-18", 1 },
		{ "2024-02-08", "2024-02-18", 2 },
	};
	const struct calendar *c;

	(void)state;
	c = tu_calendar_shipped();
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		int n = 99;
		int32_t a = tu_day(cases[i].a), b = tu_day(cases[i].b);
		assert_int_equal(calendar_between(c, a, b, &n, NULL), 0);
		if (n != cases[i].want)
			fail_msg("between %s and %s: %d, want %d", cases[i].a, cases[i].b, n,
				 cases[i].want);
		assert_int_equal(n, ref_between((int)(a - ref_base), (int)(b - ref_base)));
	}
}

static void test_between_identities(void **state)
{
	const struct calendar *c;

	(void)state;
	c = tu_calendar_shipped();
	for (int k = 0; k < REF_DAYS; k++) {
		for (int n = -25; n <= 25; n++) {
			int32_t e;
			int count = 99, back = 99, want = ref_add(k, n);

			if (n == 0 || want == INT_MIN)
				continue;
			assert_int_equal(calendar_add(c, ref_base + k, n, &e, NULL), 0);
			assert_int_equal(calendar_between(c, ref_base + k, e, &count, NULL), 0);
			assert_int_equal(calendar_between(c, e, ref_base + k, &back, NULL), 0);
			/* forward: the n-th working day after d is n working days away */
			if (n > 0)
				assert_int_equal(count, n);
			/* backward: (e, d] holds |n| - 1 working days and d itself */
			else
				assert_int_equal(count, n + 1 - ref_work[k]);
			assert_int_equal(back, -count); /* antisymmetry */
		}
	}
	/* antisymmetry and the reference for pairs far apart */
	for (int a = 0; a < REF_DAYS; a += 37) {
		for (int b = 0; b < REF_DAYS; b += 53) {
			int ab = 99, ba = 99;
			assert_int_equal(calendar_between(c, ref_base + a, ref_base + b, &ab, NULL),
					 0);
			assert_int_equal(calendar_between(c, ref_base + b, ref_base + a, &ba, NULL),
					 0);
			assert_int_equal(ab, ref_between(a, b));
			assert_int_equal(ab, -ba);
		}
	}
}

/* ---- a year that is not loaded is never guessed ---- */

static void test_missing_year(void **state)
{
	const struct calendar *c;
	struct calendar gap;
	struct cal_year y;
	struct bm_err err;
	int32_t out;
	int working, n;

	(void)state;
	c = tu_calendar_shipped();
	bm_err_clear(&err);
	assert_missing(calendar_is_working(c, tu_day("2027-01-04"), &working, &err), &err,
		       "is_working 2027");
	assert_non_null(strstr(err.message, "2027"));
	bm_err_clear(&err);
	assert_missing(calendar_is_working(c, tu_day("2023-12-29"), &working, &err), &err,
		       "is_working 2023");
	/* add into 2027 */
	bm_err_clear(&err);
	assert_missing(calendar_add(c, tu_day("2026-12-31"), 1, &out, &err), &err,
		       "add 2026-12-31 + 1");
	bm_err_clear(&err);
	assert_missing(calendar_add(c, tu_day("2026-12-24"), 10, &out, &err), &err,
		       "add 2026-12-24 + 10");
	/* ... but up to the year end is fine */
	assert_int_equal(calendar_add(c, tu_day("2026-12-25"), 4, &out, NULL), 0);
	assert_int_equal(out, tu_day("2026-12-31"));
	/* back into 2023 */
	bm_err_clear(&err);
	assert_missing(calendar_add(c, tu_day("2024-01-02"), -1, &out, &err), &err,
		       "add 2024-01-02 - 1");
	/* between across either end */
	bm_err_clear(&err);
	assert_missing(calendar_between(c, tu_day("2026-12-01"), tu_day("2027-01-05"), &n, &err),
		       &err, "between into 2027");
	bm_err_clear(&err);
	assert_missing(calendar_between(c, tu_day("2024-01-05"), tu_day("2023-12-30"), &n, &err),
		       &err, "between into 2023");
	/* a gap in the middle (2024 and 2026 loaded, 2025 not) is not bridged */
	calendar_init(&gap);
	tu_calendar_year(2024, &y);
	assert_int_equal(calendar_put(&gap, &y), 0);
	tu_calendar_year(2026, &y);
	assert_int_equal(calendar_put(&gap, &y), 0);
	bm_err_clear(&err);
	assert_missing(calendar_add(&gap, tu_day("2024-12-31"), 1, &out, &err), &err,
		       "add across a gap");
	bm_err_clear(&err);
	assert_missing(calendar_add(&gap, tu_day("2026-01-05"), -2, &out, &err), &err,
		       "add back across a gap");
	bm_err_clear(&err);
	assert_missing(calendar_between(&gap, tu_day("2024-12-30"), tu_day("2026-01-05"), &n, &err),
		       &err, "between across a gap");
	/* an empty calendar knows nothing */
	calendar_init(&gap);
	bm_err_clear(&err);
	assert_missing(calendar_is_working(&gap, tu_day("2025-03-03"), &working, &err), &err,
		       "empty calendar");
}

/* ---- parsing ---- */

static void test_parse_minimal(void **state)
{
	static const char doc[] =
		"{\"year\": 2025, \"source\": \"test\","
		" \"holidays\": [{\"name_zh\": \"x\", \"name_en\": \"x\", \"from\": \"2025-03-03\","
		" \"to\": \"2025-03-04\"}, {\"name_zh\": \"y\", \"name_en\": \"y\","
		" \"from\": \"2025-03-04\", \"to\": \"2025-03-09\"}],"
		" \"adjusted_working_days\": [\"2025-03-01\", \"2025-03-01\"]}";
	struct cal_year y;
	struct bm_err err;

	(void)state;
	bm_err_clear(&err);
	assert_int_equal(calendar_parse_year(doc, strlen(doc), &y, &err), 0);
	assert_int_equal(y.year, 2025);
	/* overlapping ranges count each day once, a repeated adjusted day once */
	assert_int_equal(y.holidays, 7);
	assert_int_equal(y.workdays, 1);
	assert_int_equal(y.kind[tu_day("2025-03-01") - tu_day("2025-01-01")], CAL_WORKDAY);
	assert_int_equal(y.kind[tu_day("2025-03-09") - tu_day("2025-01-01")], CAL_HOLIDAY);
	assert_int_equal(y.kind[tu_day("2025-03-10") - tu_day("2025-01-01")], CAL_NORMAL);
	/* empty lists are a valid (if unusual) year; a leap year's last day is in range */
	{
		static const char empty[] = "{\"year\": 2028, \"source\": \"s\", \"holidays\": [],"
					    " \"adjusted_working_days\": [\"2028-12-30\"]}";
		assert_int_equal(calendar_parse_year(empty, strlen(empty), &y, NULL), 0);
		assert_int_equal(y.holidays, 0);
		assert_int_equal(y.kind[365], CAL_NORMAL);
		assert_int_equal(y.kind[364], CAL_WORKDAY);
	}
	/* the length is respected: no terminating NUL is needed */
	{
		char *copy = malloc(sizeof(doc) - 1);
		assert_non_null(copy);
		memcpy(copy, doc, sizeof(doc) - 1);
		assert_int_equal(calendar_parse_year(copy, sizeof(doc) - 1, &y, NULL), 0);
		free(copy);
	}
}

/* A 2025 document with the given holiday and adjusted-working-day list items. */
#define HOL(from, to)                                                                              \
	"{\"name_zh\": \"节\", \"name_en\": \"Day\", \"from\": \"" from "\", \"to\": \"" to "\"}"
#define DOC(hol, adj)                                                                              \
	"{\"year\": 2025, \"source\": \"s\", \"holidays\": [" hol                                  \
	"], \"adjusted_working_days\": [" adj "]}"
#define OK1 HOL("2025-01-01", "2025-01-01")

static void test_parse_errors(void **state)
{
	/* clang-format off */
	static const struct {
		const char *what, *json, *field;
	} cases[] = {
		{ "valid document (control)", DOC(OK1, "\"2025-01-26\""), NULL },
		{ "unknown member",
		  "{\"year\": 2025, \"source\": \"s\", \"holidays\": [], \"adjusted_working_days\": [], \"extra\": 1}",
		  "$.extra" },
		{ "bad year (string)",
		  "{\"year\": \"2025\", \"source\": \"s\", \"holidays\": [], \"adjusted_working_days\": []}",
		  "$.year" },
		{ "bad year (too early)",
		  "{\"year\": 1948, \"source\": \"s\", \"holidays\": [], \"adjusted_working_days\": []}",
		  "$.year" },
		{ "bad year (too late)",
		  "{\"year\": 2200, \"source\": \"s\", \"holidays\": [], \"adjusted_working_days\": []}",
		  "$.year" },
		{ "bad year (fraction)",
		  "{\"year\": 2025.5, \"source\": \"s\", \"holidays\": [], \"adjusted_working_days\": []}",
		  "$.year" },
		{ "missing year",
		  "{\"source\": \"s\", \"holidays\": [], \"adjusted_working_days\": []}",
		  "$.year" },
		{ "missing source",
		  "{\"year\": 2025, \"holidays\": [], \"adjusted_working_days\": []}",
		  "$.source" },
		{ "empty source",
		  "{\"year\": 2025, \"source\": \"\", \"holidays\": [], \"adjusted_working_days\": []}",
		  "$.source" },
		{ "holidays not an array",
		  "{\"year\": 2025, \"source\": \"s\", \"holidays\": {}, \"adjusted_working_days\": []}",
		  "$.holidays" },
		{ "holiday without names",
		  DOC("{\"from\": \"2025-01-01\", \"to\": \"2025-01-01\"}", ""),
		  "$.holidays[0]" },
		{ "holiday date outside the year",
		  DOC(OK1 ", " HOL("2024-12-31", "2025-01-01"), ""),
		  "$.holidays[1].from" },
		{ "holiday end outside the year",
		  DOC(HOL("2025-12-31", "2026-01-01"), ""),
		  "$.holidays[0].to" },
		{ "holiday not a date",
		  DOC(HOL("2025-2-8", "2025-02-09"), ""),
		  "$.holidays[0].from" },
		{ "holiday on 29 February of a common year",
		  DOC(HOL("2025-02-28", "2025-02-29"), ""),
		  "$.holidays[0].to" },
		{ "range ending before it starts",
		  DOC(OK1 ", " HOL("2025-10-08", "2025-10-01"), ""),
		  "$.holidays[1].to" },
		{ "adjusted days not an array",
		  "{\"year\": 2025, \"source\": \"s\", \"holidays\": [], \"adjusted_working_days\": \"2025-01-26\"}",
		  "$.adjusted_working_days" },
		{ "adjusted day outside the year",
		  DOC(OK1, "\"2025-01-26\", \"2026-01-04\""),
		  "$.adjusted_working_days[1]" },
		{ "weekday listed as adjusted working day",
		  DOC(OK1, "\"2025-01-26\", \"2025-02-08\", \"2025-02-07\""),
		  "$.adjusted_working_days[2]" },
		{ "day both holiday and adjusted",
		  DOC(HOL("2025-02-07", "2025-02-09"), "\"2025-02-08\""),
		  "$.adjusted_working_days[0]" },
		{ "adjusted day not a string",
		  DOC(OK1, "20250126"),
		  "$.adjusted_working_days[0]" },
		{ "not an object", "[2025]", "$" },
	};
	/* clang-format on */
	int bad = 0;

	(void)state;
	/* every case is tried, and every wrong one reported, before the test fails */
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		struct cal_year y;
		struct bm_err err;
		int rc;

		bm_err_clear(&err);
		rc = calendar_parse_year(cases[i].json, strlen(cases[i].json), &y, &err);
		if (cases[i].field == NULL) {
			if (rc != 0)
				fail_msg("%s: refused (%s)", cases[i].what, err.message);
			continue;
		}
		if (rc != BM_EINVAL || strcmp(err.field, cases[i].field) != 0 ||
		    strcmp(err.ecode, "invalid_calendar") != 0 || err.code != BM_EINVAL ||
		    strstr(err.message, cases[i].field) == NULL) {
			print_message("%s: rc %d ecode '%s' field '%s', want BM_EINVAL "
				      "invalid_calendar at '%s' (message: %s)\n",
				      cases[i].what, rc, err.ecode, err.field, cases[i].field,
				      err.message);
			bad++;
		}
	}
	if (bad != 0)
		fail_msg("%d of %zu parse errors misreported", bad, N_ELEMS(cases));
}

static void test_parse_not_json(void **state)
{
	static const char *const bad[] = {
		"",
		"not json",
		"{\"year\": 2025,",
		"{\"year\": 2025, \"year\": 2026, \"source\": \"s\", \"holidays\": [],"
		" \"adjusted_working_days\": []}", /* duplicate keys */
		"{\"year\": 2025, \"source\": \"\xff\", \"holidays\": [], "
		"\"adjusted_working_days\": []}",
	};

	(void)state;
	for (size_t i = 0; i < N_ELEMS(bad); i++) {
		struct cal_year y;
		struct bm_err err;
		bm_err_clear(&err);
		if (calendar_parse_year(bad[i], strlen(bad[i]), &y, &err) != BM_EINVAL)
			fail_msg("case %zu accepted", i);
		assert_string_equal(err.ecode, "invalid_calendar");
		assert_true(err.message[0] != '\0');
	}
}

/* ---- the calendar as a set of years ---- */

static void test_put_replace(void **state)
{
	static const char v2[] =
		"{\"year\": 2025, \"source\": \"a later notice\", \"holidays\": [" HOL(
			"2025-06-03", "2025-06-03") "], \"adjusted_working_days\": []}";
	struct calendar *c;
	struct cal_year y, y2025;
	int working = -1;

	(void)state;
	c = malloc(sizeof(*c));
	assert_non_null(c);
	calendar_init(c);
	assert_int_equal(c->n, 0);
	/* out of order in, sorted out */
	tu_calendar_year(2026, &y);
	assert_int_equal(calendar_put(c, &y), 0);
	tu_calendar_year(2024, &y);
	assert_int_equal(calendar_put(c, &y), 0);
	tu_calendar_year(2025, &y2025);
	assert_int_equal(calendar_put(c, &y2025), 0);
	assert_int_equal(c->n, 3);
	assert_int_equal(c->years[0].year, 2024);
	assert_int_equal(c->years[1].year, 2025);
	assert_int_equal(c->years[2].year, 2026);
	assert_int_equal(calendar_is_working(c, tu_day("2025-06-03"), &working, NULL), 0);
	assert_int_equal(working, 1);
	assert_int_equal(calendar_is_working(c, tu_day("2025-10-08"), &working, NULL), 0);
	assert_int_equal(working, 0);
	/* a corrected notice replaces the year in place */
	assert_int_equal(calendar_parse_year(v2, strlen(v2), &y, NULL), 0);
	assert_int_equal(calendar_put(c, &y), 0);
	assert_int_equal(c->n, 3);
	assert_int_equal(c->years[1].year, 2025);
	assert_int_equal(calendar_year(c, 2025)->holidays, 1);
	assert_int_equal(calendar_is_working(c, tu_day("2025-06-03"), &working, NULL), 0);
	assert_int_equal(working, 0);
	assert_int_equal(calendar_is_working(c, tu_day("2025-10-08"), &working, NULL), 0);
	assert_int_equal(working, 1);
	/* the neighbours are untouched */
	assert_int_equal(calendar_is_working(c, tu_day("2024-10-08"), &working, NULL), 0);
	assert_int_equal(working, 1);
	assert_int_equal(calendar_is_working(c, tu_day("2026-02-23"), &working, NULL), 0);
	assert_int_equal(working, 0);
	/* fill up: a new year is refused, replacing one still works */
	for (int year = 1960; c->n < CAL_MAX_YEARS; year++) {
		struct cal_year e;
		memset(&e, 0, sizeof(e));
		e.year = year;
		assert_int_equal(calendar_put(c, &e), 0);
	}
	memset(&y, 0, sizeof(y));
	y.year = 2100;
	assert_int_equal(calendar_put(c, &y), BM_ETOOBIG);
	assert_int_equal(calendar_put(c, &y2025), 0);
	assert_int_equal(c->n, CAL_MAX_YEARS);
	for (int i = 1; i < c->n; i++)
		assert_true(c->years[i - 1].year < c->years[i].year);
	assert_int_equal(calendar_year(c, 2025)->holidays, 28);
	free(c);
}

/* next year's calendar is wanted from 1 October, every day to 31 December */
static void test_next_year_due(void **state)
{
	int next = 0;

	(void)state;
	assert_int_equal(calendar_next_year_due(bm_days_from_civil(2026, 9, 30), 0, &next), 0);
	assert_int_equal(calendar_next_year_due(bm_days_from_civil(2026, 10, 1), 0, &next), 1);
	assert_int_equal(next, 2027);
	assert_int_equal(calendar_next_year_due(bm_days_from_civil(2026, 12, 31), 0, &next), 1);
	assert_int_equal(calendar_next_year_due(bm_days_from_civil(2026, 12, 31), 1, &next), 0);
	assert_int_equal(calendar_next_year_due(bm_days_from_civil(2027, 1, 1), 0, &next), 0);
	assert_int_equal(next, 2028);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_shipped),	   cmocka_unit_test(test_reference_sane),
		cmocka_unit_test(test_every_day),	   cmocka_unit_test(test_add_literal),
		cmocka_unit_test(test_add_all_days),	   cmocka_unit_test(test_add_limits),
		cmocka_unit_test(test_add_int_min),	   cmocka_unit_test(test_between_literal),
		cmocka_unit_test(test_between_identities), cmocka_unit_test(test_missing_year),
		cmocka_unit_test(test_parse_minimal),	   cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_parse_not_json),	   cmocka_unit_test(test_put_replace),
		cmocka_unit_test(test_next_year_due),
	};

	return cmocka_run_group_tests_name("calendar", tests, ref_setup, NULL);
}
