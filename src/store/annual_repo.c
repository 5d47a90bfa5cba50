/*
 * annual_repo.c - annual_reports, cancel_proposals, record_files (annual_repo.h).
 */
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "store/annual_repo.h"
#include "store/db.h"
#include "store/repo_util.h"
#include "base/banned.h"

void annual_rec_release(struct annual_rec *r)
{
	free(r->answers);
	r->answers = NULL;
}

#define REPORT_COLUMNS                                                                             \
	"id, certificate_id, unit_id, year, state, answers, created_by, created_at,"               \
	" submitted_by, submitted_at, reviewed_by, reviewed_at, decision_note, updated_at,"        \
	" version"

/* A row into out (struct annual_rec); BM_EINTERNAL when out of memory. */
static int report_read(struct db_stmt *st, void *out, struct bm_err *err)
{
	struct annual_rec *r = out;

	memset(r, 0, sizeof(*r));
	r->id = db_int(st, 0);
	r->certificate_id = db_int(st, 1);
	r->unit_id = db_int(st, 2);
	r->year = (int)db_int(st, 3);
	bm_strlcpy(r->state, db_text(st, 4), sizeof(r->state));
	r->answers = strdup(db_text(st, 5));
	r->created_by = db_int(st, 6);
	r->created_at = db_int(st, 7);
	r->submitted_by = db_int(st, 8);
	r->submitted_at = db_int(st, 9);
	r->reviewed_by = db_int(st, 10);
	r->reviewed_at = db_int(st, 11);
	bm_strlcpy(r->decision_note, db_text(st, 12), sizeof(r->decision_note));
	r->updated_at = db_int(st, 13);
	r->version = db_int(st, 14);
	if (r->answers == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	return 0;
}

int annual_repo_insert(struct db *db, struct annual_rec *r, struct bm_err *err)
{
	int rc = db_exec_int(
		db,
		"INSERT INTO annual_reports (certificate_id, unit_id, year, state, answers,"
		" created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		DB_ARGS(DB_INT(r->certificate_id), DB_INT(r->unit_id), DB_INT(r->year),
			DB_TEXT(r->state), DB_TEXT(r->answers != NULL ? r->answers : "[]"),
			DB_ID_OR_NULL(r->created_by), DB_INT(r->created_at), DB_INT(r->updated_at)),
		&r->id, err);

	if (rc == BM_ECONFLICT)
		return bm_err_set(err, BM_ECONFLICT, "report_exists", "year",
				  "certificate %lld already has a report for %d",
				  (long long)r->certificate_id, r->year);
	if (rc == 0)
		r->version = 1;
	return rc;
}

int annual_repo_get(struct db *db, int64_t id, struct annual_rec *r, struct bm_err *err)
{
	int found = 0;
	int rc = db_query_one(db, "SELECT " REPORT_COLUMNS " FROM annual_reports WHERE id = ?",
			      DB_ARGS(DB_INT(id)), report_read, r, &found, err);

	if (rc == 0 && !found)
		return bm_err_set(err, BM_ENOTFOUND, "not_found", NULL, "no such annual report");
	return rc;
}

int annual_repo_find(struct db *db, int64_t certificate_id, int year, struct annual_rec *r,
		     int *found, struct bm_err *err)
{
	return db_query_one(db,
			    "SELECT " REPORT_COLUMNS " FROM annual_reports WHERE year = ?2"
			    " AND certificate_id IN (SELECT member FROM cert_lines WHERE id = ?1)"
			    " ORDER BY id DESC",
			    DB_ARGS(DB_INT(certificate_id), DB_INT(year)), report_read, r, found,
			    err);
}

int annual_repo_update(struct db *db, struct annual_rec *r, struct bm_err *err)
{
	return repo_update_versioned(
		db,
		"UPDATE annual_reports SET state = ?, answers = ?, submitted_by = ?,"
		" submitted_at = ?, reviewed_by = ?, reviewed_at = ?, decision_note = ?,"
		" updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
		DB_ARGS(DB_TEXT(r->state), DB_TEXT(r->answers != NULL ? r->answers : "[]"),
			DB_ID_OR_NULL(r->submitted_by),
			r->submitted_at ? DB_INT(r->submitted_at) : DB_NULL,
			DB_ID_OR_NULL(r->reviewed_by),
			r->reviewed_at ? DB_INT(r->reviewed_at) : DB_NULL,
			DB_TEXT(r->decision_note), DB_INT(r->updated_at), DB_INT(r->id),
			DB_INT(r->version)),
		"report", &r->version, err);
}

int annual_repo_list(struct db *db, const struct annual_filter *f, visit_fn fn, void *ctx,
		     struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st,
			  "SELECT " REPORT_COLUMNS " FROM annual_reports"
			  " WHERE (?1 = 0 OR certificate_id = ?1) AND (?2 = 0 OR unit_id = ?2)"
			  " AND (?3 = 0 OR year = ?3) AND (?4 IS NULL OR state = ?4) ORDER BY id",
			  DB_ARGS(DB_INT(f->certificate_id), DB_INT(f->unit_id), DB_INT(f->year),
				  f->state != NULL ? DB_TEXT(f->state) : DB_NULL),
			  err);

	if (rc != 0)
		return rc;
	while ((rc = db_next_err(st, err)) == DB_ROW) {
		struct annual_rec r;
		rc = report_read(st, &r, err);
		if (rc != 0) {
			annual_rec_release(&r);
			break;
		}
		rc = fn(ctx, &r);
		annual_rec_release(&r);
		if (rc != 0)
			break;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* ---- cancellation proposals ---- */

#define PROPOSAL_COLUMNS                                                                           \
	"id, certificate_id, unit_id, year, report_id, reason, state, proposed_by, proposed_at,"   \
	" decided_by, decided_at, decision_note, version"

static void proposal_read(struct db_stmt *st, struct proposal_rec *p)
{
	memset(p, 0, sizeof(*p));
	p->id = db_int(st, 0);
	p->certificate_id = db_int(st, 1);
	p->unit_id = db_int(st, 2);
	p->year = (int)db_int(st, 3);
	p->report_id = db_int(st, 4);
	bm_strlcpy(p->reason, db_text(st, 5), sizeof(p->reason));
	bm_strlcpy(p->state, db_text(st, 6), sizeof(p->state));
	p->proposed_by = db_int(st, 7);
	p->proposed_at = db_int(st, 8);
	p->decided_by = db_int(st, 9);
	p->decided_at = db_int(st, 10);
	bm_strlcpy(p->decision_note, db_text(st, 11), sizeof(p->decision_note));
	p->version = db_int(st, 12);
}

int proposal_repo_insert(struct db *db, struct proposal_rec *p, int *inserted, struct bm_err *err)
{
	int64_t id = 0;
	int rc = db_exec_int(
		db,
		"INSERT INTO cancel_proposals (certificate_id, unit_id, year, report_id, reason,"
		" state, proposed_by, proposed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
		" ON CONFLICT (certificate_id, year) DO NOTHING RETURNING id",
		DB_ARGS(DB_INT(p->certificate_id), DB_INT(p->unit_id), DB_INT(p->year),
			DB_ID_OR_NULL(p->report_id), DB_TEXT(p->reason), DB_TEXT(p->state),
			DB_ID_OR_NULL(p->proposed_by), DB_INT(p->proposed_at)),
		&id, err);

	*inserted = 0;
	if (rc == BM_ENOTFOUND) {
		bm_err_clear(err);
		return 0;
	}
	if (rc != 0)
		return rc;
	*inserted = 1;
	p->id = id;
	p->version = 1;
	return 0;
}

int proposal_repo_get(struct db *db, int64_t id, struct proposal_rec *p, struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, "SELECT " PROPOSAL_COLUMNS " FROM cancel_proposals WHERE id = ?",
			  DB_ARGS(DB_INT(id)), err);

	if (rc != 0)
		return rc;
	rc = db_next_err(st, err);
	if (rc == DB_ROW)
		proposal_read(st, p);
	db_done(st);
	if (rc == DB_DONE)
		return bm_err_set(err, BM_ENOTFOUND, "not_found", NULL,
				  "no such cancellation proposal");
	return rc < 0 ? rc : 0;
}

int proposal_repo_decide(struct db *db, struct proposal_rec *p, const char *state,
			 int64_t decided_by, int64_t at, const char *note, struct bm_err *err)
{
	int rc = repo_update_versioned(
		db,
		"UPDATE cancel_proposals SET state = ?, decided_by = ?, decided_at = ?,"
		" decision_note = ?, version = version + 1"
		" WHERE id = ? AND version = ? AND state = 'pending'",
		DB_ARGS(DB_TEXT(state), DB_ID_OR_NULL(decided_by), DB_INT(at),
			DB_TEXT(note != NULL ? note : ""), DB_INT(p->id), DB_INT(p->version)),
		"proposal", &p->version, err);

	if (rc != 0)
		return rc;
	bm_strlcpy(p->state, state, sizeof(p->state));
	p->decided_by = decided_by;
	p->decided_at = at;
	bm_strlcpy(p->decision_note, note != NULL ? note : "", sizeof(p->decision_note));
	return 0;
}

int proposal_repo_list(struct db *db, const char *state, visit_fn fn, void *ctx, struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st,
			  "SELECT " PROPOSAL_COLUMNS " FROM cancel_proposals"
			  " WHERE (?1 IS NULL OR state = ?1) ORDER BY id",
			  DB_ARGS(state != NULL ? DB_TEXT(state) : DB_NULL), err);

	if (rc != 0)
		return rc;
	while ((rc = db_next_err(st, err)) == DB_ROW) {
		struct proposal_rec p;
		proposal_read(st, &p);
		rc = fn(ctx, &p);
		if (rc != 0)
			break;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* ---- record files ---- */

int record_files_attach(struct db *db, struct record_file *rf, struct bm_err *err)
{
	return db_exec_int(db,
			   "INSERT INTO record_files (owner_type, owner_id, file_id, created_at)"
			   " VALUES (?, ?, ?, ?) RETURNING id",
			   DB_ARGS(DB_TEXT(rf->owner_type), DB_INT(rf->owner_id),
				   DB_INT(rf->file.id), DB_INT(rf->created_at)),
			   &rf->id, err);
}

int record_files_list(struct db *db, const char *owner_type, int64_t owner_id, visit_fn fn,
		      void *ctx, struct bm_err *err)
{
	struct db_stmt *st;
	struct record_file *v = NULL;
	size_t n = 0, cap = 0;
	int rc = db_query(db, &st,
			  "SELECT id, file_id, created_at FROM record_files"
			  " WHERE owner_type = ? AND owner_id = ? ORDER BY id",
			  DB_ARGS(DB_TEXT(owner_type), DB_INT(owner_id)), err);

	if (rc != 0)
		return rc;
	while ((rc = db_next_err(st, err)) == DB_ROW) {
		if (n == cap) {
			size_t c = cap ? cap * 2 : 8;
			struct record_file *nv = realloc(v, c * sizeof(*nv));
			if (nv == NULL) {
				rc = bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
				break;
			}
			v = nv;
			cap = c;
		}
		memset(&v[n], 0, sizeof(v[n]));
		v[n].id = db_int(st, 0);
		v[n].file.id = db_int(st, 1);
		v[n].created_at = db_int(st, 2);
		v[n].owner_id = owner_id;
		bm_strlcpy(v[n].owner_type, owner_type, sizeof(v[n].owner_type));
		n++;
	}
	db_done(st);
	rc = rc < 0 ? rc : 0;
	/* the files themselves, read once the listing statement is done */
	for (size_t i = 0; rc == 0 && i < n; i++) {
		rc = files_repo_get(db, v[i].file.id, &v[i].file, err);
		if (rc == 0)
			rc = fn(ctx, &v[i]);
	}
	free(v);
	return rc < 0 ? rc : 0;
}

int record_files_get(struct db *db, const char *owner_type, int64_t owner_id, int64_t file_id,
		     struct record_file *rf, struct bm_err *err)
{
	int64_t id = 0;
	int rc = db_exec_int(db,
			     "SELECT id FROM record_files WHERE owner_type = ? AND owner_id = ?"
			     " AND file_id = ?",
			     DB_ARGS(DB_TEXT(owner_type), DB_INT(owner_id), DB_INT(file_id)), &id,
			     err);

	if (rc == BM_ENOTFOUND)
		return bm_err_set(err, BM_ENOTFOUND, "not_found", NULL, "no such file");
	if (rc != 0)
		return rc;
	memset(rf, 0, sizeof(*rf));
	rf->id = id;
	rf->owner_id = owner_id;
	bm_strlcpy(rf->owner_type, owner_type, sizeof(rf->owner_type));
	return files_repo_get(db, file_id, &rf->file, err);
}
