/*
 * refdata_repo.c - calendar_years and scheme_versions.
 */
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "store/db.h"
#include "store/refdata_repo.h"
#include "base/banned.h"

int calendar_repo_scan(struct db *db, visit_fn fn, void *ctx, struct bm_err *err)
{
	struct db_stmt *st;
	struct calendar_doc d;
	int rc = db_query(
		db, &st,
		"SELECT year, document, loaded_at, loaded_by FROM calendar_years ORDER BY year",
		DB_NOARGS, err);

	if (rc != 0)
		return rc;
	while ((rc = db_next_err(st, err)) == DB_ROW) {
		d.year = (int)db_int(st, 0);
		d.document = db_text(st, 1);
		d.loaded_at = db_int(st, 2);
		d.loaded_by = db_text(st, 3);
		rc = fn(ctx, &d);
		if (rc != 0)
			break;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

int calendar_repo_put(struct db *db, const struct calendar_doc *d, struct bm_err *err)
{
	int rc = db_exec(db, "DELETE FROM calendar_years WHERE year = ?", DB_ARGS(DB_INT(d->year)),
			 NULL, err);

	if (rc == 0)
		rc = db_exec(db, "UPDATE calendar_revision SET n = n + 1 WHERE id = 1", DB_NOARGS,
			     NULL, err);
	if (rc == 0)
		rc = db_exec(db,
			     "INSERT INTO calendar_years (year, document, loaded_at, loaded_by)"
			     " VALUES (?, ?, ?, ?)",
			     DB_ARGS(DB_INT(d->year), DB_TEXT(d->document), DB_INT(d->loaded_at),
				     DB_TEXT(d->loaded_by)),
			     NULL, err);
	return rc;
}

int calendar_repo_has(struct db *db, int year, int *found, struct bm_err *err)
{
	int64_t n = 0;
	int rc = db_exec_int(db, "SELECT COUNT(*) FROM calendar_years WHERE year = ?",
			     DB_ARGS(DB_INT(year)), &n, err);

	*found = n > 0;
	return rc;
}

int scheme_repo_get(struct db *db, const char *id, int version, char **doc, char sha[65],
		    struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(
		db, &st,
		"SELECT document, sha256 FROM scheme_versions WHERE scheme_id = ? AND version = ?",
		DB_ARGS(DB_TEXT(id), DB_INT(version)), err);

	*doc = NULL;
	if (rc != 0)
		return rc;
	rc = db_next_err(st, err);
	if (rc == DB_ROW) {
		*doc = strdup(db_text(st, 0));
		bm_strlcpy(sha, db_text(st, 1), 65);
		if (*doc == NULL)
			rc = bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	}
	db_done(st);
	if (rc == DB_DONE)
		return bm_err_set(err, BM_ENOTFOUND, "unknown_scheme_version", NULL,
				  "scheme %s version %d is not recorded", id, version);
	return rc < 0 ? rc : 0;
}

int scheme_repo_put(struct db *db, const char *id, int version, const char *sha, const char *doc,
		    int64_t now, struct bm_err *err)
{
	return db_exec(
		db,
		"INSERT INTO scheme_versions (scheme_id, version, sha256, document, first_seen)"
		" VALUES (?, ?, ?, ?, ?)",
		DB_ARGS(DB_TEXT(id), DB_INT(version), DB_TEXT(sha), DB_TEXT(doc), DB_INT(now)),
		NULL, err);
}

int calendar_repo_revision(struct db *db, int64_t *revision, struct bm_err *err)
{
	return db_exec_int(db, "SELECT n FROM calendar_revision WHERE id = 1", DB_NOARGS, revision,
			   err);
}
