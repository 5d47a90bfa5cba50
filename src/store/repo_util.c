/*
 * repo_util.c - helpers shared by the repositories (see repo_util.h).
 */
#include "store/repo_util.h"
#include "base/banned.h"

struct db_arg repo_date_arg(int32_t d, char buf[BM_DATE_LEN])
{
	if (d == 0)
		return DB_NULL;
	bm_date_format(d, buf);
	return DB_TEXT(buf);
}

int32_t repo_date_col(struct db_stmt *st, int col)
{
	int32_t d = 0;

	if (db_is_null(st, col) || bm_date_parse(db_text(st, col), &d) != 0)
		return 0;
	return d;
}

int repo_update_versioned(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
			  const char *what, int64_t *version, struct bm_err *err)
{
	int64_t changes = 0;
	int rc = db_exec(db, sql, args, nargs, &changes, err);

	if (rc != 0)
		return rc;
	if (changes == 0)
		return bm_err_set(err, BM_ESTALE, "version_mismatch", NULL,
				  "the %s was changed by someone else", what);
	(*version)++;
	return 0;
}
