/*
 * repo_util.h - small helpers the repositories share for mapping C values to bound
 * parameters and columns. Civil dates are TEXT 'YYYY-MM-DD' in SQL and day numbers
 * (0 = none) in C.
 */
#ifndef BM_REPO_UTIL_H
#define BM_REPO_UTIL_H

#include <stdint.h>

#include "base/timeutil.h"
#include "store/db.h"

/* A day number as bound text (NULL for 0); buf must outlive the statement. */
struct db_arg repo_date_arg(int32_t d, char buf[BM_DATE_LEN]);
/* A date column as a day number: 0 for NULL or text that is not a date. */
int32_t repo_date_col(struct db_stmt *st, int col);
/*
 * Run an UPDATE ... WHERE id = ? AND version = ? (that sets version = version + 1) for
 * the record whose version is *version: *version + 1 when it changed a row; BM_ESTALE
 * "version_mismatch" ("the <what> was changed by someone else") when it changed none.
 */
int repo_update_versioned(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
			  const char *what, int64_t *version, struct bm_err *err);

/* Inside a function with `int rc`, after db_query gave st: visit every row of st
 * with read into a record of type T, then fn; the statement is done after. */
#define VISIT_ROWS(st, T, read, fn, ctx, err)                                                      \
	do {                                                                                       \
		T rec_;                                                                            \
		while ((rc = db_next_err(st, err)) == DB_ROW) {                                    \
			read(st, &rec_);                                                           \
			rc = fn(ctx, &rec_);                                                       \
			if (rc != 0)                                                               \
				break;                                                             \
		}                                                                                  \
		db_done(st);                                                                       \
	} while (0)

/* Likewise: the one row of st read by read into out; returns BM_ENOTFOUND naming what
 * when there is none. */
#define ONE_ROW(st, read, out, what, err)                                                          \
	do {                                                                                       \
		rc = db_next_err(st, err);                                                         \
		if (rc == DB_ROW)                                                                  \
			read(st, out);                                                             \
		db_done(st);                                                                       \
		if (rc == DB_DONE)                                                                 \
			return bm_err_set(err, BM_ENOTFOUND, "not_found", NULL, "no such " what);  \
	} while (0)

#endif
