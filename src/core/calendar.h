/*
 * calendar.h - the working-day calendar (工作日).
 *
 * [law] Administrative Licensing Law Art. 82: licensing time limits count working
 * days, excluding statutory holidays. A day is a working day when it is Monday to
 * Friday and not a holiday, or when it is an adjusted working day (调休). Holidays
 * are announced yearly by the State Council General Office, so each year is loaded
 * from data (data/calendars/cn-YYYY.json); asking about a year that is not loaded is
 * an error (BM_ERULE "calendar_missing"), never a guess.
 *
 * [law] 期间开始之日不计算在内: the day a period starts is not counted. So
 * calendar_add(D, N) is the N-th working day after D, and calendar_between(D1, D2)
 * counts the working days d with D1 < d <= D2.
 */
#ifndef BM_CALENDAR_H
#define BM_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define CAL_MAX_YEARS 64
#define CAL_MAX_SHIFT 3660 /* add at most ten years of working days */

enum cal_kind { CAL_NORMAL = 0, CAL_HOLIDAY = 1, CAL_WORKDAY = 2 };

struct cal_year {
	int year;
	unsigned char kind[366]; /* by day of year, 0-based */
	int holidays, workdays;	 /* counts, for display */
};

struct calendar {
	int n;
	struct cal_year years[CAL_MAX_YEARS]; /* sorted by year */
};

void calendar_init(struct calendar *c);

/*
 * Parse and validate one year's JSON:
 *   {"year": 2026, "source": "...", "holidays": [{"name_zh","name_en","from","to"}],
 *    "adjusted_working_days": ["YYYY-MM-DD", ...]}
 * Every date lies in that year, ranges run forward, an adjusted working day is a
 * Saturday or Sunday and not also a holiday. On failure err names the JSON path.
 */
int calendar_parse_year(const char *json, size_t len, struct cal_year *out, struct bm_err *err);

/* Add or replace a year. BM_ETOOBIG when the calendar is full. */
int calendar_put(struct calendar *c, const struct cal_year *y);
const struct cal_year *calendar_year(const struct calendar *c, int year);
/* From 1 October of today's year Y, the calendar of Y + 1 is wanted (the State Council
 * announces the holidays in the autumn): 1 when today is on or after 1 October and
 * next_loaded is 0, *next = Y + 1; 0 otherwise. */
int calendar_next_year_due(int32_t today, int next_loaded, int *next);

/* *working = 1 when day is a working day. */
int calendar_is_working(const struct calendar *c, int32_t day, int *working, struct bm_err *err);
/* The n-th working day after day (n > 0), before it (n < 0), or day itself (n = 0). */
int calendar_add(const struct calendar *c, int32_t day, int n, int32_t *out, struct bm_err *err);
/* Working days d with d1 < d <= d2 (negated when d2 < d1). */
int calendar_between(const struct calendar *c, int32_t d1, int32_t d2, int *count,
		     struct bm_err *err);

#endif
