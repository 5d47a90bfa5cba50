/*
 * refcal.c - the working-day reference of refcal.h: domain.md §6 for 2024..2026,
 * counted day by day with nothing from the library but the day number of its first
 * day.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/timeutil.h"
#include "refcal.h"
#include "base/banned.h"

struct span {
	const char *from, *to;
};

static const struct span ref_holidays[] = {
	/* 2024 */
	{ "2024-01-01", "2024-01-01" },
	{ "2024-02-10", "2024-02-17" },
	{ "2024-04-04", "2024-04-06" },
	{ "2024-05-01", "2024-05-05" },
	{ "2024-06-10", "2024-06-10" },
	{ "2024-09-15", "2024-09-17" },
	{ "2024-10-01", "2024-10-07" },
	/* 2025 */
	{ "2025-01-01", "2025-01-01" },
	{ "2025-01-28", "2025-02-04" },
	{ "2025-04-04", "2025-04-06" },
	{ "2025-05-01", "2025-05-05" },
	{ "2025-05-31", "2025-06-02" },
	{ "2025-10-01", "2025-10-08" },
	/* 2026 */
	{ "2026-01-01", "2026-01-03" },
	{ "2026-02-15", "2026-02-23" },
	{ "2026-04-04", "2026-04-06" },
	{ "2026-05-01", "2026-05-05" },
	{ "2026-06-19", "2026-06-21" },
	{ "2026-09-25", "2026-09-27" },
	{ "2026-10-01", "2026-10-07" },
};

const char *const ref_adjusted[] = {
	"2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11",
	"2024-09-14", "2024-09-29", "2024-10-12", "2025-01-26", "2025-02-08",
	"2025-04-27", "2025-09-28", "2025-10-11", "2026-01-04", "2026-02-14",
	"2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10",
};
const size_t ref_nadjusted = sizeof(ref_adjusted) / sizeof(ref_adjusted[0]);

char ref_kind[REF_DAYS];
unsigned char ref_work[REF_DAYS];
int32_t ref_base;

static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

int ref_index(const char *s)
{
	int y, m, d, idx = 0;

	if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
		fail_msg("bad reference date %s", s);
	assert_true(y >= 2024 && y <= 2026);
	for (int k = 2024; k < y; k++)
		idx += k == 2024 ? 366 : 365;
	for (int k = 1; k < m; k++)
		idx += mdays[k - 1] + (k == 2 && y == 2024);
	return idx + d - 1;
}

void ref_format(int idx, char out[BM_DATE_LEN])
{
	int y = 2024, m = 0;

	while (idx >= (y == 2024 ? 366 : 365)) {
		idx -= y == 2024 ? 366 : 365;
		y++;
	}
	while (idx >= mdays[m] + (m == 1 && y == 2024)) {
		idx -= mdays[m] + (m == 1 && y == 2024);
		m++;
	}
	snprintf(out, BM_DATE_LEN, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)(m + 1) % 13u,
		 (unsigned)(idx + 1) % 32u);
}

int ref_setup(void **state)
{
	(void)state;
	memset(ref_kind, '.', sizeof(ref_kind));
	for (size_t i = 0; i < sizeof(ref_holidays) / sizeof(ref_holidays[0]); i++) {
		int a = ref_index(ref_holidays[i].from), b = ref_index(ref_holidays[i].to);
		for (int k = a; k <= b; k++)
			ref_kind[k] = 'H';
	}
	for (size_t i = 0; i < ref_nadjusted; i++)
		ref_kind[ref_index(ref_adjusted[i])] = 'W';
	for (int k = 0; k < REF_DAYS; k++) {
		int weekday = k % 7; /* 2024-01-01 was a Monday: 0 = Monday .. 6 = Sunday */
		ref_work[k] = ref_kind[k] == 'W' || (ref_kind[k] == '.' && weekday < 5);
	}
	ref_base = bm_days_from_civil(2024, 1, 1);
	return 0;
}
