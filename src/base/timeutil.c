/*
 * timeutil.c - clocks, ISO 8601 timestamps and proleptic Gregorian civil dates.
 *
 * The day-number conversions follow the well-known era-based algorithm (400-year
 * eras of 146097 days), which is exact for every date and needs no tables.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/err.h"
#include "base/timeutil.h"
#include "base/banned.h"

int64_t bm_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t bm_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int bm_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned bm_days_in_month(int y, unsigned m)
{
	static const unsigned char dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && bm_is_leap(y))
		return 29;
	return m >= 1 && m <= 12 ? dim[m - 1] : 0;
}

int32_t bm_days_from_civil(int y, unsigned m, unsigned d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (int)(m > 2 ? m - 3 : m + 9) + 2) / 5 + (int)d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void bm_civil_from_days(int32_t days, int *y, unsigned *m, unsigned *d)
{
	int z = days + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;

	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int digits(const char *s, size_t n, int *out)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return BM_EINVAL;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int bm_date_parse(const char *s, int32_t *days)
{
	int y, m, d;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return BM_EINVAL;
	if (digits(s, 4, &y) || digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
		return BM_EINVAL;
	if (y < 1900 || m < 1 || m > 12 || d < 1 || (unsigned)d > bm_days_in_month(y, (unsigned)m))
		return BM_EINVAL;
	*days = bm_days_from_civil(y, (unsigned)m, (unsigned)d);
	return 0;
}

void bm_date_format(int32_t days, char out[BM_DATE_LEN])
{
	int y;
	unsigned m, d;

	bm_civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = 0;
	snprintf(out, BM_DATE_LEN, "%04u-%02u-%02u", (unsigned)y % 10000u, m % 13u, d % 32u);
}

int bm_date_weekday(int32_t days)
{
	/* 1970-01-01 was a Thursday (4). */
	int w = (int)((days % 7 + 7) % 7);
	return (w + 3) % 7 + 1;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int32_t bm_date_cst(int64_t ms)
{
	return (int32_t)floor_div(ms + 8 * 3600 * 1000LL, 86400 * 1000LL);
}

/* Write v as exactly n decimal digits. */
static char *put_digits(char *p, unsigned v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + n;
}

void bm_ts_format(int64_t ms, char out[BM_TS_LEN])
{
	int64_t days = floor_div(ms, 86400000LL);
	unsigned rem = (unsigned)(ms - days * 86400000LL);
	char *p = out;
	int y;
	unsigned m, d;

	/* by hand rather than snprintf: responses format many timestamps */
	bm_civil_from_days((int32_t)days, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = 0;
	p = put_digits(p, (unsigned)y, 4);
	*p++ = '-';
	p = put_digits(p, m, 2);
	*p++ = '-';
	p = put_digits(p, d, 2);
	*p++ = 'T';
	p = put_digits(p, rem / 3600000, 2);
	*p++ = ':';
	p = put_digits(p, rem / 60000 % 60, 2);
	*p++ = ':';
	p = put_digits(p, rem / 1000 % 60, 2);
	*p++ = '.';
	p = put_digits(p, rem % 1000, 3);
	*p++ = 'Z';
	*p = '\0';
}

int bm_ts_parse(const char *s, int64_t *ms)
{
	char date[BM_DATE_LEN];
	int32_t days;
	int hh, mi, ss, frac = 0;
	size_t n;

	if (s == NULL)
		return BM_EINVAL;
	n = strlen(s);
	if (n < 10)
		return BM_EINVAL;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (bm_date_parse(date, &days) != 0)
		return BM_EINVAL;
	if (n == 10) {
		*ms = (int64_t)days * 86400000LL;
		return 0;
	}
	if ((n != 20 && n != 24) || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[n - 1] != 'Z')
		return BM_EINVAL;
	if (digits(s + 11, 2, &hh) || digits(s + 14, 2, &mi) || digits(s + 17, 2, &ss))
		return BM_EINVAL;
	if (n == 24 && (s[19] != '.' || digits(s + 20, 3, &frac)))
		return BM_EINVAL;
	if (hh > 23 || mi > 59 || ss > 59)
		return BM_EINVAL;
	*ms = (int64_t)days * 86400000LL + (int64_t)hh * 3600000 + mi * 60000 + ss * 1000 + frac;
	return 0;
}

int32_t bm_date_add_months(int32_t days, int n)
{
	int y, total;
	unsigned m, d, dim;

	bm_civil_from_days(days, &y, &m, &d);
	total = y * 12 + (int)m - 1 + n;
	y = total >= 0 ? total / 12 : (total - 11) / 12;
	m = (unsigned)(total - y * 12) + 1;
	dim = bm_days_in_month(y, m);
	return bm_days_from_civil(y, m, d < dim ? d : dim);
}

int bm_date_year(int32_t days)
{
	int y;
	unsigned m, d;

	bm_civil_from_days(days, &y, &m, &d);
	return y;
}
