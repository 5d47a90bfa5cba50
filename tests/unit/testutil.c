/*
 * testutil.c - scratch directories and migrated databases for the unit tests.
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
#include "store/db.h"
#include "store/migrate.h"
#include "testutil.h"
#include "base/banned.h"

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
