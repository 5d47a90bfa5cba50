/*
 * timeutil.h - wall-clock timestamps (UTC, milliseconds) and civil dates.
 *
 * Timestamps are int64 milliseconds since the Unix epoch, UTC, and are written as
 * "YYYY-MM-DDTHH:MM:SS.mmmZ". Civil dates (the dates the law counts in) are int32
 * days since 1970-01-01 in the proleptic Gregorian calendar, written "YYYY-MM-DD".
 * "Today" for the law is the civil date in China Standard Time (UTC+8, no DST).
 */
#ifndef BM_TIMEUTIL_H
#define BM_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

#define BM_TS_LEN   25 /* "2026-11-21T23:15:31.123Z" + NUL */
#define BM_DATE_LEN 11 /* "2026-11-21" + NUL */

/* Current UTC time in milliseconds. */
int64_t bm_now_ms(void);
/* Monotonic milliseconds, for timeouts and rate limits. */
int64_t bm_mono_ms(void);

void bm_ts_format(int64_t ms, char out[BM_TS_LEN]);
/* Parse "YYYY-MM-DDTHH:MM:SS[.mmm]Z" or a bare date (midnight UTC). 0 or BM_EINVAL. */
int bm_ts_parse(const char *s, int64_t *ms);

/* Days since 1970-01-01 for a valid y-m-d; callers validate first. */
int32_t bm_days_from_civil(int y, unsigned m, unsigned d);
void bm_civil_from_days(int32_t days, int *y, unsigned *m, unsigned *d);
int bm_is_leap(int y);
unsigned bm_days_in_month(int y, unsigned m);

/* Parse a strict "YYYY-MM-DD" (years 1900..9999) into days. 0 or BM_EINVAL. */
int bm_date_parse(const char *s, int32_t *days);
void bm_date_format(int32_t days, char out[BM_DATE_LEN]);
/* 1 = Monday .. 7 = Sunday (ISO 8601). */
int bm_date_weekday(int32_t days);
/* The civil date in China Standard Time at the UTC instant ms. */
int32_t bm_date_cst(int64_t ms);
/* The same day n months later (n may be negative); a day that does not exist in the
 * target month becomes that month's last day (Jan 31 + 1 month = Feb 28/29). */
int32_t bm_date_add_months(int32_t days, int n);
/* The year of a civil day. */
int bm_date_year(int32_t days);

#endif
