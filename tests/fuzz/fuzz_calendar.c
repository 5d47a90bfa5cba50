/*
 * fuzz_calendar.c - libFuzzer target for the holiday-table loader
 * (core/calendar.c: calendar_parse_year), which reads data/calendars/cn-YYYY.json
 * and the yearly tables an administrator loads.
 *
 * Input: the document bytes (an exactly-sized, unterminated copy).
 * A refusal must be BM_EINVAL "invalid_calendar" with an error that can be put into
 * a JSON response. An accepted year must obey what the parser promises (the year in
 * range, the counts matching the day kinds, adjusted working days on weekends, no
 * day past the year's end), and the arithmetic must hold on it: with only that year
 * loaded, is_working agrees with the day kinds, calendar_add either stays within
 * the year on a working day whose distance calendar_between confirms or reports the
 * missing neighbouring year, and between over the whole year counts its working
 * days.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/timeutil.h"
#include "core/calendar.h"
#include "fuzz.h"
#include "base/banned.h"

static void check_error(int rc, const struct bm_err *err)
{
	if (rc != BM_EINVAL)
		fuzz_fail("calendar_parse_year returned %d", rc);
	if (strcmp(err->ecode, "invalid_calendar") != 0)
		fuzz_fail("error code %s", err->ecode);
	fuzz_check_reportable(rc, err);
}

static void expect_missing(int rc, const struct bm_err *err, const char *what)
{
	if (rc != BM_ERULE || strcmp(err->ecode, "calendar_missing") != 0)
		fuzz_fail("%s: rc %d (%s), want calendar_missing", what, rc, err->ecode);
}

static void check_year(const struct cal_year *y)
{
	static struct calendar cal;
	int32_t jan1, end;
	int len, holidays = 0, workdays = 0, working_total = 0;
	struct bm_err err;

	if (y->year < 1949 || y->year > 2199)
		fuzz_fail("year %d accepted", y->year);
	len = bm_is_leap(y->year) ? 366 : 365;
	jan1 = bm_days_from_civil(y->year, 1, 1);
	end = jan1 + len - 1;
	for (int d = 0; d < 366; d++) {
		if (d >= len && y->kind[d] != CAL_NORMAL)
			fuzz_fail("day %d of a %d-day year is marked", d, len);
		if (y->kind[d] > CAL_WORKDAY)
			fuzz_fail("day %d has kind %d", d, y->kind[d]);
		holidays += y->kind[d] == CAL_HOLIDAY;
		workdays += y->kind[d] == CAL_WORKDAY;
		if (y->kind[d] == CAL_WORKDAY && bm_date_weekday(jan1 + d) < 6)
			fuzz_fail("adjusted working day %d is a weekday", d);
	}
	if (holidays != y->holidays || workdays != y->workdays)
		fuzz_fail("counts %d/%d, days say %d/%d", y->holidays, y->workdays, holidays,
			  workdays);

	calendar_init(&cal);
	if (calendar_put(&cal, y) != 0 || calendar_put(&cal, y) != 0 || cal.n != 1)
		fuzz_fail("putting the year (twice) failed");
	for (int d = 0; d < len; d++) {
		int working = -1, want;

		if (calendar_is_working(&cal, jan1 + d, &working, &err) != 0)
			fuzz_fail("is_working in the loaded year failed");
		want = y->kind[d] == CAL_WORKDAY ||
		       (y->kind[d] == CAL_NORMAL && bm_date_weekday(jan1 + d) <= 5);
		if (working != want)
			fuzz_fail("day %d: working %d, want %d", d, working, want);
		working_total += working;
	}
	/* the neighbouring years are not loaded, so never guessed */
	{
		int working;
		bm_err_clear(&err);
		expect_missing(calendar_is_working(&cal, jan1 - 1, &working, &err), &err,
			       "day before");
		bm_err_clear(&err);
		expect_missing(calendar_is_working(&cal, end + 1, &working, &err), &err,
			       "day after");
	}
	/* adding working days from days spread over the year */
	for (int d = 0; d < len; d += 11) {
		for (int n = -12; n <= 12; n++) {
			int32_t out = 0;
			int rc, count = 0;

			bm_err_clear(&err);
			rc = calendar_add(&cal, jan1 + d, n, &out, &err);
			if (rc != 0) {
				expect_missing(rc, &err, "add");
				continue;
			}
			if (out < jan1 || out > end)
				fuzz_fail("add %d from day %d left the year", n, d);
			if (n == 0) {
				if (out != jan1 + d)
					fuzz_fail("add 0 moved");
				continue;
			}
			if (calendar_is_working(&cal, out, &count, &err) != 0 || count != 1)
				fuzz_fail("add %d from day %d: not a working day", n, d);
			if (n > 0) {
				if (calendar_between(&cal, jan1 + d, out, &count, &err) != 0 ||
				    count != n)
					fuzz_fail("between(d, add(d, %d)) = %d", n, count);
				if (calendar_between(&cal, out, jan1 + d, &count, &err) != 0 ||
				    count != -n)
					fuzz_fail("between is not antisymmetric");
			}
		}
	}
	/* the whole year; and across its end */
	{
		int32_t out = 0;
		int count = -1;
		if (calendar_between(&cal, jan1, end, &count, &err) != 0)
			fuzz_fail("between over the year failed");
		if (count !=
		    working_total - (y->kind[0] == CAL_WORKDAY ||
				     (y->kind[0] == CAL_NORMAL && bm_date_weekday(jan1) <= 5)))
			fuzz_fail("between over the year: %d of %d", count, working_total);
		bm_err_clear(&err);
		expect_missing(calendar_between(&cal, jan1, end + 1, &count, &err), &err,
			       "between into the next year");
		bm_err_clear(&err);
		expect_missing(calendar_add(&cal, end, len, &out, &err), &err,
			       "add a year's worth");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cal_year y;
	struct bm_err err;
	char *text;
	int rc;

	text = fuzz_copy(data, size);
	if (text == NULL)
		return 0;
	bm_err_clear(&err);
	rc = calendar_parse_year(text, size, &y, &err);
	free(text);
	if (rc != 0)
		check_error(rc, &err);
	else
		check_year(&y);
	return 0;
}
