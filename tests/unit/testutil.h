/*
 * testutil.h - helpers shared by the cmocka suites: scratch directories and a freshly
 * migrated database, so each test starts from nothing and leaves nothing behind; and
 * the shipped reference data (schemes, working-day calendars) read from BM_FILES_DIR,
 * the source data/ directory.
 */
#ifndef BM_TESTUTIL_H
#define BM_TESTUTIL_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

struct cal_year;
struct calendar;
struct db;
struct scheme;

/* Create a new empty directory (under $TMPDIR or /tmp) and write its path into dir.
 * Fails the running test when that is impossible. */
void tu_mkdtemp(char dir[PATH_MAX]);
/* Remove dir and everything below it. */
void tu_rmtree(const char *dir);

/* Open dir/name as a database (no migrations). Fails the test on error. */
struct db *tu_db_open(const char *dir, const char *name);
/* Open dir/name and bring it to the latest schema. Fails the test on error. */
struct db *tu_db_migrated(const char *dir, const char *name);

/* Parse 64 hex characters into 32 bytes (test vectors). Fails the test on error. */
void tu_hex32(const char *hex, unsigned char out[32]);

/* Read the whole of path, which must not be empty, into a new buffer (not terminated)
 * of *len bytes; the caller frees it. Fails the test when path cannot be read. */
char *tu_slurp(const char *path, size_t *len);

/* Parse the shipped scheme data/schemes/ID.json into a new struct scheme (on the heap:
 * it is large); the caller frees it. Fails the test when it does not parse. */
struct scheme *tu_scheme_load(const char *id);

/* Parse the shipped year data/calendars/cn-YEAR.json into y. Fails the test when it
 * does not parse. */
void tu_calendar_year(int year, struct cal_year *y);
/* The shipped years 2024..2026 in one calendar, loaded on the first call and shared
 * by every later one (tests must not change it). */
const struct calendar *tu_calendar_shipped(void);

/* The day number of "YYYY-MM-DD"; NULL gives 0 (an absent date in a table of cases).
 * Fails the test on anything else that is not a date. */
int32_t tu_day(const char *s);

#endif
