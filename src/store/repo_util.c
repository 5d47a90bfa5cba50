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
