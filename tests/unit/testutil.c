/*
 * testutil.c - scratch directories, migrated databases and the shipped reference data
 * for the unit tests.
 */
#include <ftw.h>
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
#include "core/scheme.h"
#include "store/db.h"
#include "store/migrate.h"
#include "testutil.h"
#include "base/banned.h"

#ifndef BM_FILES_DIR
#error "BM_FILES_DIR (the source data/ directory) must be defined by the build"
#endif

void tu_mkdtemp(char dir[PATH_MAX])
{
	const char *base = getenv("TMPDIR");
	int n;

	if (base == NULL || base[0] == '\0')
		base = "/tmp";
	n = snprintf(dir, PATH_MAX, "%s/bm-unit-XXXXXX", base);
	assert_true(n > 0 && n < PATH_MAX);
	assert_non_null(mkdtemp(dir));
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void tu_rmtree(const char *dir)
{
	if (dir != NULL && dir[0] != '\0')
		(void)nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

struct db *tu_db_open(const char *dir, const char *name)
{
	char path[PATH_MAX];
	struct bm_err err;
	struct db *db = NULL;

	bm_err_clear(&err);
	assert_int_equal(bm_path_join(path, sizeof(path), dir, name), 0);
	if (db_open(&db, path, &err) != 0)
		fail_msg("db_open %s: %s", path, err.message);
	return db;
}

struct db *tu_db_migrated(const char *dir, const char *name)
{
	struct db *db = tu_db_open(dir, name);
	struct bm_err err;
	int applied = -1;

	bm_err_clear(&err);
	if (migrate_run(db, &applied, &err) != 0)
		fail_msg("migrate_run: %s", err.message);
	assert_int_equal(applied, (int)migrations_count);
	return db;
}

void tu_hex32(const char *hex, unsigned char out[32])
{
	assert_int_equal(bm_hex_decode(hex, out, 32), 0);
}

char *tu_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data;
	long n;

	if (f == NULL)
		fail_msg("cannot open %s", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	assert_int_equal(fseek(f, 0, SEEK_SET), 0);
	data = malloc((size_t)n);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return data;
}

/* The file BM_FILES_DIR/NAME, NAME made from fmt, read whole; path receives its full
 * path for messages. */
static char *data_file(char path[PATH_MAX], size_t *len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static char *data_file(char path[PATH_MAX], size_t *len, const char *fmt, ...)
{
	char name[64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	assert_true(n > 0 && (size_t)n < sizeof(name));
	assert_int_equal(bm_path_join(path, PATH_MAX, BM_FILES_DIR, name), 0);
	return tu_slurp(path, len);
}

struct scheme *tu_scheme_load(const char *id)
{
	char path[PATH_MAX];
	struct scheme *s = malloc(sizeof(*s));
	struct bm_err err;
	size_t len;
	char *text;

	assert_non_null(s);
	text = data_file(path, &len, "schemes/%s.json", id);
	bm_err_clear(&err);
	if (scheme_parse(text, len, s, &err) != 0)
		fail_msg("%s: %s (%s)", path, err.message, err.field);
	free(text);
	return s;
}

void tu_calendar_year(int year, struct cal_year *y)
{
	char path[PATH_MAX];
	struct bm_err err;
	size_t len;
	char *text;

	text = data_file(path, &len, "calendars/cn-%d.json", year);
	bm_err_clear(&err);
	if (calendar_parse_year(text, len, y, &err) != 0)
		fail_msg("%s: %s (%s)", path, err.message, err.field);
	free(text);
}

const struct calendar *tu_calendar_shipped(void)
{
	static struct calendar c;
	static int loaded;

	if (!loaded) {
		struct cal_year y;

		calendar_init(&c);
		for (int year = 2024; year <= 2026; year++) {
			tu_calendar_year(year, &y);
			assert_int_equal(calendar_put(&c, &y), 0);
		}
		loaded = 1;
	}
	return &c;
}

int32_t tu_day(const char *s)
{
	int32_t d;

	if (s == NULL)
		return 0;
	if (bm_date_parse(s, &d) != 0)
		fail_msg("bad date %s", s);
	return d;
}
