/*
 * jobs_repo.c - job_leases.
 */
#include "store/db.h"
#include "store/jobs_repo.h"
#include "base/banned.h"

int jobs_repo_take(struct db *db, const char *job, const char *holder, int64_t now, int64_t expires,
		   int *got, struct bm_err *err)
{
	int64_t n = 0;
	int rc = db_exec(db,
			 "DELETE FROM job_leases WHERE job = ? AND (expires_at < ? OR holder = ?)",
			 DB_ARGS(DB_TEXT(job), DB_INT(now), DB_TEXT(holder)), NULL, err);

	if (rc == 0)
		rc = db_exec_int(db, "SELECT COUNT(*) FROM job_leases WHERE job = ?",
				 DB_ARGS(DB_TEXT(job)), &n, err);
	if (rc == 0 && n == 0)
		rc = db_exec(db,
			     "INSERT INTO job_leases (job, holder, expires_at) VALUES (?, ?, ?)",
			     DB_ARGS(DB_TEXT(job), DB_TEXT(holder), DB_INT(expires)), NULL, err);
	*got = rc == 0 && n == 0;
	return rc;
}

int jobs_repo_release(struct db *db, const char *job, const char *holder, struct bm_err *err)
{
	return db_exec(db, "DELETE FROM job_leases WHERE job = ? AND holder = ?",
		       DB_ARGS(DB_TEXT(job), DB_TEXT(holder)), NULL, err);
}

int jobs_repo_notice_once(struct db *db, const char *job, const char *key, int64_t at, int *first,
			  struct bm_err *err)
{
	int64_t changes = 0;
	int rc = db_exec(db,
			 "INSERT INTO job_notices (job, key, created_at) VALUES (?, ?, ?)"
			 " ON CONFLICT DO NOTHING",
			 DB_ARGS(DB_TEXT(job), DB_TEXT(key), DB_INT(at)), &changes, err);

	*first = rc == 0 && changes > 0;
	return rc;
}
