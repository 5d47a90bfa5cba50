/*
 * findings_repo.c - findings (findings_repo.h).
 */
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "store/db.h"
#include "store/repo_util.h"
#include "store/findings_repo.h"
#include "base/banned.h"

#define FINDING_COLUMNS                                                                            \
	"id, source_type, source_id, certificate_id, unit_id, area, severity, requirement,"        \
	" deadline, state, overdue, response, responded_by, responded_at, verified_by,"            \
	" verified_at, verification_note, created_by, created_at, updated_at, version"

static void finding_read(struct db_stmt *st, struct finding_rec *f)
{
	memset(f, 0, sizeof(*f));
	f->id = db_int(st, 0);
	bm_strlcpy(f->source_type, db_text(st, 1), sizeof(f->source_type));
	f->source_id = db_int(st, 2);
	f->certificate_id = db_int(st, 3);
	f->unit_id = db_int(st, 4);
	bm_strlcpy(f->area, db_text(st, 5), sizeof(f->area));
	bm_strlcpy(f->severity, db_text(st, 6), sizeof(f->severity));
	bm_strlcpy(f->requirement, db_text(st, 7), sizeof(f->requirement));
	if (bm_date_parse(db_text(st, 8), &f->deadline) != 0)
		f->deadline = 0;
	bm_strlcpy(f->state, db_text(st, 9), sizeof(f->state));
	f->overdue = (int)db_int(st, 10);
	bm_strlcpy(f->response, db_text(st, 11), sizeof(f->response));
	f->responded_by = db_int(st, 12);
	f->responded_at = db_int(st, 13);
	f->verified_by = db_int(st, 14);
	f->verified_at = db_int(st, 15);
	bm_strlcpy(f->verification_note, db_text(st, 16), sizeof(f->verification_note));
	f->created_by = db_int(st, 17);
	f->created_at = db_int(st, 18);
	f->updated_at = db_int(st, 19);
	f->version = db_int(st, 20);
}

int findings_repo_insert(struct db *db, struct finding_rec *f, struct bm_err *err)
{
	char day[BM_DATE_LEN];
	int rc;

	bm_date_format(f->deadline, day);
	rc = db_exec_int(db,
			 "INSERT INTO findings (source_type, source_id, certificate_id, unit_id,"
			 " area, severity, requirement, deadline, state, created_by, created_at,"
			 " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			 DB_ARGS(DB_TEXT(f->source_type), DB_INT(f->source_id),
				 DB_INT(f->certificate_id), DB_INT(f->unit_id), DB_TEXT(f->area),
				 DB_TEXT(f->severity), DB_TEXT(f->requirement), DB_TEXT(day),
				 DB_TEXT(f->state), DB_ID_OR_NULL(f->created_by),
				 DB_INT(f->created_at), DB_INT(f->updated_at)),
			 &f->id, err);
	if (rc == 0)
		f->version = 1;
	return rc;
}

int findings_repo_get(struct db *db, int64_t id, struct finding_rec *f, struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, "SELECT " FINDING_COLUMNS " FROM findings WHERE id = ?",
			  DB_ARGS(DB_INT(id)), err);

	if (rc != 0)
		return rc;
	rc = db_next_err(st, err);
	if (rc == DB_ROW)
		finding_read(st, f);
	db_done(st);
	if (rc == DB_DONE)
		return bm_err_set(err, BM_ENOTFOUND, "not_found", NULL, "no such finding");
	return rc < 0 ? rc : 0;
}

int findings_repo_update(struct db *db, struct finding_rec *f, struct bm_err *err)
{
	return repo_update_versioned(
		db,
		"UPDATE findings SET state = ?, overdue = ?, response = ?, responded_by = ?,"
		" responded_at = ?, verified_by = ?, verified_at = ?, verification_note = ?,"
		" updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
		DB_ARGS(DB_TEXT(f->state), DB_INT(f->overdue), DB_TEXT(f->response),
			DB_ID_OR_NULL(f->responded_by),
			f->responded_at ? DB_INT(f->responded_at) : DB_NULL,
			DB_ID_OR_NULL(f->verified_by),
			f->verified_at ? DB_INT(f->verified_at) : DB_NULL,
			DB_TEXT(f->verification_note), DB_INT(f->updated_at), DB_INT(f->id),
			DB_INT(f->version)),
		"finding", &f->version, err);
}

static int visit_rows(struct db_stmt *st, visit_fn fn, void *ctx, struct bm_err *err)
{
	struct finding_rec f;
	int rc;

	while ((rc = db_next_err(st, err)) == DB_ROW) {
		finding_read(st, &f);
		rc = fn(ctx, &f);
		if (rc != 0)
			break;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

int findings_repo_list(struct db *db, const struct finding_filter *f, visit_fn fn, void *ctx,
		       struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st,
			  "SELECT " FINDING_COLUMNS " FROM findings"
			  " WHERE (?1 IS NULL OR source_type = ?1) AND (?2 = 0 OR source_id = ?2)"
			  " AND (?3 = 0 OR unit_id = ?3) AND (?4 IS NULL OR state = ?4)"
			  " ORDER BY id",
			  DB_ARGS(f->source_type != NULL ? DB_TEXT(f->source_type) : DB_NULL,
				  DB_INT(f->source_id), DB_INT(f->unit_id),
				  f->state != NULL ? DB_TEXT(f->state) : DB_NULL),
			  err);

	return rc != 0 ? rc : visit_rows(st, fn, ctx, err);
}

int findings_repo_past_deadline(struct db *db, int32_t today, visit_fn fn, void *ctx,
				struct bm_err *err)
{
	char day[BM_DATE_LEN];
	struct db_stmt *st;
	int rc;

	bm_date_format(today, day);
	rc = db_query(db, &st,
		      "SELECT " FINDING_COLUMNS " FROM findings WHERE state IN ('open', 'rejected')"
		      " AND overdue = 0 AND deadline < ? ORDER BY id",
		      DB_ARGS(DB_TEXT(day)), err);
	return rc != 0 ? rc : visit_rows(st, fn, ctx, err);
}

int findings_repo_unverified(struct db *db, const char *source_type, int64_t source_id, int64_t *n,
			     struct bm_err *err)
{
	return db_exec_int(db,
			   "SELECT COUNT(*) FROM findings WHERE source_type = ? AND source_id = ?"
			   " AND state <> 'verified'",
			   DB_ARGS(DB_TEXT(source_type), DB_INT(source_id)), n, err);
}

int findings_repo_unverified_cert(struct db *db, int64_t certificate_id, int64_t *n,
				  struct bm_err *err)
{
	return db_exec_int(db,
			   "SELECT COUNT(*) FROM findings WHERE certificate_id = ?"
			   " AND state <> 'verified'",
			   DB_ARGS(DB_INT(certificate_id)), n, err);
}
