/*
 * paper_repo.c - registrations of paper certificates (paper_repo.h).
 */
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "store/db.h"
#include "store/paper_repo.h"
#include "store/repo_util.h"
#include "base/banned.h"

#define PAPER_COLUMNS                                                                              \
	"id, authority_id, unit_id, number, scheme_id, grade, categories, paper_issued,"           \
	" valid_from, valid_until, note, state, registered_by, registered_at, decided_by,"         \
	" decided_at, reason, certificate_id, version"

static void paper_read(struct db_stmt *st, struct paper_rec *r)
{
	memset(r, 0, sizeof(*r));
	r->id = db_int(st, 0);
	r->authority_id = db_int(st, 1);
	r->unit_id = db_int(st, 2);
	bm_strlcpy(r->number, db_text(st, 3), sizeof(r->number));
	bm_strlcpy(r->scheme_id, db_text(st, 4), sizeof(r->scheme_id));
	bm_strlcpy(r->grade, db_text(st, 5), sizeof(r->grade));
	bm_strlcpy(r->categories, db_text(st, 6), sizeof(r->categories));
	r->paper_issued = repo_date_col(st, 7);
	r->valid_from = repo_date_col(st, 8);
	r->valid_until = repo_date_col(st, 9);
	bm_strlcpy(r->note, db_text(st, 10), sizeof(r->note));
	bm_strlcpy(r->state, db_text(st, 11), sizeof(r->state));
	r->registered_by = db_int(st, 12);
	r->registered_at = db_int(st, 13);
	r->decided_by = db_int(st, 14);
	r->decided_at = db_int(st, 15);
	bm_strlcpy(r->reason, db_text(st, 16), sizeof(r->reason));
	r->certificate_id = db_int(st, 17);
	r->version = db_int(st, 18);
}

int paper_repo_insert(struct db *db, struct paper_rec *r, struct bm_err *err)
{
	char d[3][BM_DATE_LEN];
	int rc = db_exec_int(
		db,
		"INSERT INTO paper_registrations (authority_id, unit_id, number, scheme_id, grade,"
		" categories, paper_issued, valid_from, valid_until, note, state, registered_by,"
		" registered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)"
		" RETURNING id",
		DB_ARGS(DB_INT(r->authority_id), DB_INT(r->unit_id), DB_TEXT(r->number),
			DB_TEXT(r->scheme_id), DB_TEXT(r->grade), DB_TEXT(r->categories),
			repo_date_arg(r->paper_issued, d[0]), repo_date_arg(r->valid_from, d[1]),
			repo_date_arg(r->valid_until, d[2]), DB_TEXT(r->note),
			DB_INT(r->registered_by), DB_INT(r->registered_at)),
		&r->id, err);

	if (rc == 0) {
		bm_strlcpy(r->state, "pending", sizeof(r->state));
		r->version = 1;
	}
	return rc;
}

int paper_repo_get(struct db *db, int64_t id, struct paper_rec *r, struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, "SELECT " PAPER_COLUMNS " FROM paper_registrations WHERE id = ?",
			  DB_ARGS(DB_INT(id)), err);

	if (rc != 0)
		return rc;
	ONE_ROW(st, paper_read, r, "registration", err);
	return rc < 0 ? rc : 0;
}

int paper_repo_decide(struct db *db, struct paper_rec *r, struct bm_err *err)
{
	return repo_update_versioned(
		db,
		"UPDATE paper_registrations SET state = ?, decided_by = ?, decided_at = ?,"
		" reason = ?, certificate_id = ?, version = version + 1"
		" WHERE id = ? AND version = ?",
		DB_ARGS(DB_TEXT(r->state), DB_ID_OR_NULL(r->decided_by),
			DB_ID_OR_NULL(r->decided_at), DB_TEXT(r->reason),
			DB_ID_OR_NULL(r->certificate_id), DB_INT(r->id), DB_INT(r->version)),
		"registration", &r->version, err);
}

int paper_repo_list(struct db *db, int64_t authority_id, const char *state, int64_t before,
		    visit_fn fn, void *ctx, struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st,
			  "SELECT " PAPER_COLUMNS " FROM paper_registrations"
			  " WHERE (?1 = 0 OR authority_id = ?1) AND (?2 IS NULL OR state = ?2)"
			  " AND (?3 = 0 OR id < ?3) ORDER BY id DESC",
			  DB_ARGS(DB_INT(authority_id), state != NULL ? DB_TEXT(state) : DB_NULL,
				  DB_INT(before)),
			  err);

	if (rc != 0)
		return rc;
	VISIT_ROWS(st, struct paper_rec, paper_read, fn, ctx, err);
	return rc < 0 ? rc : 0;
}

int paper_repo_pending_for(struct db *db, int64_t unit_id, const char *scheme_id, int64_t *n,
			   struct bm_err *err)
{
	return db_exec_int(db,
			   "SELECT COUNT(*) FROM paper_registrations WHERE unit_id = ?"
			   " AND scheme_id = ? AND state = 'pending'",
			   DB_ARGS(DB_INT(unit_id), DB_TEXT(scheme_id)), n, err);
}

int paper_repo_cases_for(struct db *db, int64_t unit_id, const char *scheme_id, int64_t *n,
			 struct bm_err *err)
{
	return db_exec_int(
		db,
		"SELECT COUNT(*) FROM applications a WHERE a.unit_id = ? AND a.scheme_id = ?"
		" AND (a.state NOT IN ('draft', 'approved', 'rejected', 'not_accepted', "
		"'withdrawn',"
		" 'abandoned') OR (a.state = 'approved' AND EXISTS (SELECT 1 FROM cert_issuances i"
		" WHERE i.application_id = a.id AND i.state = 'pending')))",
		DB_ARGS(DB_INT(unit_id), DB_TEXT(scheme_id)), n, err);
}
