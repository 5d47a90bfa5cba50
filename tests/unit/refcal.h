/*
 * refcal.h - the independent working-day reference for 2024-01-01 .. 2026-12-31:
 * the holidays and adjusted working days of domain.md §6 typed in by hand, and the
 * days counted without the library's calendar code. test_calendar and test_clock
 * check calendar.c and clock.c against it, so that a mistake in the shipped tables
 * or in the arithmetic cannot confirm itself.
 */
#ifndef BM_REFCAL_H
#define BM_REFCAL_H

#include <stddef.h>
#include <stdint.h>

#include "base/timeutil.h"

#define REF_DAYS 1096 /* 366 + 365 + 365 */

/* Per day of the three years, by index from 2024-01-01 (filled by ref_setup): the
 * kind ('H' holiday, 'W' adjusted working day, '.' ordinary) and 1 on working days. */
extern char ref_kind[REF_DAYS];
extern unsigned char ref_work[REF_DAYS];
/* The library's day number of 2024-01-01 (index 0). */
extern int32_t ref_base;

/* The adjusted working days of §6, as typed. */
extern const char *const ref_adjusted[];
extern const size_t ref_nadjusted;

/* Fill ref_kind, ref_work and ref_base from the typed tables: the group setup of the
 * suites that use them (cmocka_run_group_tests_name(..., ref_setup, NULL)). */
int ref_setup(void **state);
/* Index of "YYYY-MM-DD" (2024..2026) from 2024-01-01, computed without the library.
 * Fails the test on anything else. */
int ref_index(const char *s);
/* Format index idx as "YYYY-MM-DD" without the library. */
void ref_format(int idx, char out[BM_DATE_LEN]);

#endif
