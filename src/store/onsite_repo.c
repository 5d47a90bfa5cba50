/*
 * onsite_repo.c - onsite_team, onsite_sheets, objections.
 */
#include <string.h>

#include "base/str.h"
#include "store/db.h"
#include "store/onsite_repo.h"
#include "base/banned.h"

int onsite_repo_team_clear(struct db *db, int64_t application_id, struct bm_err *err)
{
	return db_exec(db, "DELETE FROM onsite_team WHERE application_id = ?",
		       DB_ARGS(DB_INT(application_id)), NULL, err);
}

int onsite_repo_team_add(struct db *db, int64_t application_id, int64_t user_id, const char *role,
			 struct bm_err *err)
{
	return db_exec(db,
		       "INSERT INTO onsite_team (application_id, user_id, role) VALUES (?, ?, ?)",
		       DB_ARGS(DB_INT(application_id), DB_INT(user_id), DB_TEXT(role)), NULL, err);
}

int onsite_repo_team(struct db *db, int64_t application_id, visit_fn fn, void *ctx,
		     struct bm_err *err)
{
	struct team_member m;
	struct db_stmt *st;
	int rc = db_query(
		db, &st,
		"SELECT t.user_id, t.role, u.login, u.display_name FROM onsite_team t"
		" JOIN users u ON u.id = t.user_id WHERE t.application_id = ?"
		" ORDER BY CASE t.role WHEN 'leader' THEN 0 WHEN 'staff' THEN 1 ELSE 2 END,"
		" t.user_id",
		DB_ARGS(DB_INT(application_id)), err);

	if (rc != 0)
		return rc;
	while ((rc = db_next_err(st, err)) == DB_ROW) {
		memset(&m, 0, sizeof(m));
		m.user_id = db_int(st, 0);
		bm_strlcpy(m.role, db_text(st, 1), sizeof(m.role));
		bm_strlcpy(m.login, db_text(st, 2), sizeof(m.login));
		bm_strlcpy(m.display_name, db_text(st, 3), sizeof(m.display_name));
		rc = fn(ctx, &m);
		if (rc != 0)
			break;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

int onsite_repo_sheet_put(struct db *db, const struct sheet_rec *s, struct bm_err *err)
{
	int rc = db_exec(db, "DELETE FROM onsite_sheets WHERE application_id = ? AND user_id = ?",
			 DB_ARGS(DB_INT(s->application_id), DB_INT(s->user_id)), NULL, err);

	if (rc == 0)
		rc = db_exec(
			db,
			"INSERT INTO onsite_sheets (application_id, user_id, scores, vetoes, total,"
			" note, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
			DB_ARGS(DB_INT(s->application_id), DB_INT(s->user_id), DB_TEXT(s->scores),
				DB_TEXT(s->vetoes), DB_INT(s->total), DB_TEXT(s->note),
				DB_ID_OR_NULL(s->submitted_at)),
			NULL, err);
	return rc;
}

int onsite_repo_sheets(struct db *db, int64_t application_id, visit_fn fn, void *ctx,
		       struct bm_err *err)
{
	struct sheet_rec s;
	struct db_stmt *st;
	int rc = db_query(
		db, &st,
		"SELECT user_id, scores, vetoes, total, note, submitted_at FROM onsite_sheets"
		" WHERE application_id = ? ORDER BY user_id",
		DB_ARGS(DB_INT(application_id)), err);

	if (rc != 0)
		return rc;
	while ((rc = db_next_err(st, err)) == DB_ROW) {
		s.application_id = application_id;
		s.user_id = db_int(st, 0);
		s.scores = db_text(st, 1);
		s.vetoes = db_text(st, 2);
		s.total = (int)db_int(st, 3);
		s.note = db_text(st, 4);
		s.submitted_at = db_int(st, 5);
		rc = fn(ctx, &s);
		if (rc != 0)
			break;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

int onsite_repo_sheets_clear(struct db *db, int64_t application_id, struct bm_err *err)
{
	return db_exec(db, "DELETE FROM onsite_sheets WHERE application_id = ?",
		       DB_ARGS(DB_INT(application_id)), NULL, err);
}

int objections_repo_insert(struct db *db, struct objection_rec *o, struct bm_err *err)
{
	return db_exec_int(db,
			   "INSERT INTO objections (application_id, name, contact, body, filed_at,"
			   " client_addr) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
			   DB_ARGS(DB_INT(o->application_id), DB_TEXT(o->name), DB_TEXT(o->contact),
				   DB_TEXT(o->body), DB_INT(o->filed_at), DB_TEXT(o->client_addr)),
			   &o->id, err);
}

int objections_repo_resolve(struct db *db, int64_t id, int64_t application_id,
			    const char *resolution, const char *reason, int64_t by, int64_t at,
			    struct bm_err *err)
{
	int64_t n = 0;
	int rc = db_exec(
		db,
		"UPDATE objections SET resolution = ?, reason = ?, resolved_by = ?,"
		" resolved_at = ? WHERE id = ? AND application_id = ? AND resolution IS NULL",
		DB_ARGS(DB_TEXT(resolution), DB_TEXT(reason), DB_INT(by), DB_INT(at), DB_INT(id),
			DB_INT(application_id)),
		&n, err);

	if (rc == 0 && n == 0) {
		int64_t exists = 0;
		rc = db_exec_int(
			db, "SELECT COUNT(*) FROM objections WHERE id = ? AND application_id = ?",
			DB_ARGS(DB_INT(id), DB_INT(application_id)), &exists, err);
		if (rc == 0 && exists == 0)
			return bm_err_set(err, BM_ENOTFOUND, "not_found", NULL,
					  "no objection %lld on this application", (long long)id);
		if (rc == 0)
			return bm_err_set(err, BM_ECONFLICT, "already_resolved", NULL,
					  "objection %lld is already resolved", (long long)id);
	}
	return rc;
}

int objections_repo_list(struct db *db, int64_t application_id, visit_fn fn, void *ctx,
			 struct bm_err *err)
{
	struct objection_rec o;
	struct db_stmt *st;
	int rc = db_query(db, &st,
			  "SELECT id, application_id, filed_at, resolved_by, resolved_at, name,"
			  " contact, body, client_addr, resolution, reason FROM objections"
			  " WHERE application_id = ? ORDER BY id",
			  DB_ARGS(DB_INT(application_id)), err);

	if (rc != 0)
		return rc;
	while ((rc = db_next_err(st, err)) == DB_ROW) {
		o.id = db_int(st, 0);
		o.application_id = db_int(st, 1);
		o.filed_at = db_int(st, 2);
		o.resolved_by = db_int(st, 3);
		o.resolved_at = db_int(st, 4);
		o.name = db_text(st, 5);
		o.contact = db_text(st, 6);
		o.body = db_text(st, 7);
		o.client_addr = db_text(st, 8);
		o.resolution = db_text(st, 9);
		o.reason = db_text(st, 10);
		rc = fn(ctx, &o);
		if (rc != 0)
			break;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

int objections_repo_open_count(struct db *db, int64_t application_id, int64_t *n,
			       struct bm_err *err)
{
	return db_exec_int(
		db,
		"SELECT COUNT(*) FROM objections WHERE application_id = ? AND resolution IS NULL",
		DB_ARGS(DB_INT(application_id)), n, err);
}

int onsite_repo_sheet_submitted(struct db *db, int64_t application_id, int64_t user_id,
				int *submitted, struct bm_err *err)
{
	int64_t n = 0;
	int rc = db_exec_int(
		db,
		"SELECT COUNT(*) FROM onsite_sheets WHERE application_id = ? AND user_id = ?"
		" AND submitted_at IS NOT NULL",
		DB_ARGS(DB_INT(application_id), DB_INT(user_id)), &n, err);

	*submitted = n > 0;
	return rc;
}
