/*
 * profile_repo.c - unit_people, unit_events, unit_premises, unit_declarations,
 * unit_bars and the ownership columns of units.
 */
#include <string.h>

#include "base/str.h"
#include "store/db.h"
#include "store/profile_repo.h"
#include "base/banned.h"

static struct db_arg opt_int(int64_t v)
{
	return v >= 0 ? DB_INT(v) : DB_NULL;
}

static int64_t int_or_unknown(struct db_stmt *st, int col)
{
	return db_is_null(st, col) ? -1 : db_int(st, col);
}

int profile_repo_extra_get(struct db *db, int64_t unit_id, struct unit_extra *x, struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st,
			  "SELECT principal_head, actual_controller, registered_capital, employees,"
			  " annual_revenue, foreign_known, foreign_direct_bp, foreign_indirect_bp"
			  " FROM units WHERE id = ?",
			  DB_ARGS(DB_INT(unit_id)), err);

	if (rc != 0)
		return rc;
	rc = db_next_err(st, err);
	if (rc == DB_ROW) {
		memset(x, 0, sizeof(*x));
		bm_strlcpy(x->principal_head, db_text(st, 0), sizeof(x->principal_head));
		bm_strlcpy(x->actual_controller, db_text(st, 1), sizeof(x->actual_controller));
		x->registered_capital = int_or_unknown(st, 2);
		x->employees = int_or_unknown(st, 3);
		x->annual_revenue = int_or_unknown(st, 4);
		x->foreign_known = (int)db_int(st, 5);
		x->foreign_direct_bp = (int)db_int(st, 6);
		x->foreign_indirect_bp = (int)db_int(st, 7);
	}
	db_done(st);
	if (rc == DB_DONE)
		return bm_err_set(err, BM_ENOTFOUND, "not_found", NULL, "unit not found");
	return rc < 0 ? rc : 0;
}

int profile_repo_extra_put(struct db *db, int64_t unit_id, const struct unit_extra *x,
			   struct bm_err *err)
{
	return db_exec(
		db,
		"UPDATE units SET principal_head = ?, actual_controller = ?,"
		" registered_capital = ?, employees = ?, annual_revenue = ?, foreign_known = ?,"
		" foreign_direct_bp = ?, foreign_indirect_bp = ? WHERE id = ?",
		DB_ARGS(DB_TEXT(x->principal_head), DB_TEXT(x->actual_controller),
			opt_int(x->registered_capital), opt_int(x->employees),
			opt_int(x->annual_revenue), DB_INT(x->foreign_known),
			DB_INT(x->foreign_direct_bp), DB_INT(x->foreign_indirect_bp),
			DB_INT(unit_id)),
		NULL, err);
}

/* ---- people ---- */

static struct db_arg tri_arg(int v)
{
	return v < 0 ? DB_NULL : DB_INT(v != 0);
}

static void person_read(struct db_stmt *st, struct person_rec *p)
{
	memset(p, 0, sizeof(*p));
	p->id = db_int(st, 0);
	p->unit_id = db_int(st, 1);
	bm_strlcpy(p->role, db_text(st, 2), sizeof(p->role));
	bm_strlcpy(p->name, db_text(st, 3), sizeof(p->name));
	bm_strlcpy(p->nationality, db_text(st, 4), sizeof(p->nationality));
	p->foreign_residence = (int)int_or_unknown(st, 5);
	p->foreign_spouse = (int)int_or_unknown(st, 6);
	p->dishonest = (int)int_or_unknown(st, 7);
	p->created_at = db_int(st, 8);
	p->updated_at = db_int(st, 9);
	p->version = db_int(st, 10);
}

#define PERSON_COLUMNS                                                                             \
	"id, unit_id, role, name, nationality, foreign_residence, foreign_spouse, dishonest,"      \
	" created_at, updated_at, version"

int profile_repo_person_put(struct db *db, struct person_rec *p, struct bm_err *err)
{
	if (p->id == 0)
		return db_exec_int(db,
				   "INSERT INTO unit_people (unit_id, role, name, nationality,"
				   " foreign_residence, foreign_spouse, dishonest, created_at,"
				   " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
				   DB_ARGS(DB_INT(p->unit_id), DB_TEXT(p->role), DB_TEXT(p->name),
					   DB_TEXT(p->nationality), tri_arg(p->foreign_residence),
					   tri_arg(p->foreign_spouse), tri_arg(p->dishonest),
					   DB_INT(p->created_at), DB_INT(p->updated_at)),
				   &p->id, err);
	return db_exec(db,
		       "UPDATE unit_people SET role = ?, name = ?, nationality = ?,"
		       " foreign_residence = ?, foreign_spouse = ?, dishonest = ?, updated_at = ?,"
		       " version = version + 1 WHERE id = ?",
		       DB_ARGS(DB_TEXT(p->role), DB_TEXT(p->name), DB_TEXT(p->nationality),
			       tri_arg(p->foreign_residence), tri_arg(p->foreign_spouse),
			       tri_arg(p->dishonest), DB_INT(p->updated_at), DB_INT(p->id)),
		       NULL, err);
}

int profile_repo_person_get(struct db *db, int64_t id, struct person_rec *p, struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, "SELECT " PERSON_COLUMNS " FROM unit_people WHERE id = ?",
			  DB_ARGS(DB_INT(id)), err);

	if (rc != 0)
		return rc;
	rc = db_next_err(st, err);
	if (rc == DB_ROW)
		person_read(st, p);
	db_done(st);
	if (rc == DB_DONE)
		return bm_err_set(err, BM_ENOTFOUND, "not_found", NULL, "person not found");
	return rc < 0 ? rc : 0;
}

int profile_repo_person_delete(struct db *db, int64_t id, struct bm_err *err)
{
	return db_exec(db, "DELETE FROM unit_people WHERE id = ?", DB_ARGS(DB_INT(id)), NULL, err);
}

int profile_repo_people(struct db *db, int64_t unit_id, visit_fn fn, void *ctx, struct bm_err *err)
{
	struct person_rec p;
	struct db_stmt *st;
	int rc = db_query(
		db, &st, "SELECT " PERSON_COLUMNS " FROM unit_people WHERE unit_id = ? ORDER BY id",
		DB_ARGS(DB_INT(unit_id)), err);

	if (rc != 0)
		return rc;
	while ((rc = db_next_err(st, err)) == DB_ROW) {
		person_read(st, &p);
		rc = fn(ctx, &p);
		if (rc != 0)
			break;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* ---- history events ---- */

static void event_read(struct db_stmt *st, struct event_rec *e)
{
	memset(e, 0, sizeof(*e));
	e->id = db_int(st, 0);
	e->unit_id = db_int(st, 1);
	bm_strlcpy(e->kind, db_text(st, 2), sizeof(e->kind));
	bm_strlcpy(e->occurred_on, db_text(st, 3), sizeof(e->occurred_on));
	bm_strlcpy(e->description, db_text(st, 4), sizeof(e->description));
	e->created_at = db_int(st, 5);
	e->locked = (int)db_int(st, 6);
}

int profile_repo_event_add(struct db *db, struct event_rec *e, struct bm_err *err)
{
	return db_exec_int(db,
			   "INSERT INTO unit_events (unit_id, kind, occurred_on, description,"
			   " created_at, locked) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
			   DB_ARGS(DB_INT(e->unit_id), DB_TEXT(e->kind), DB_TEXT(e->occurred_on),
				   DB_TEXT(e->description), DB_INT(e->created_at),
				   DB_INT(e->locked != 0)),
			   &e->id, err);
}

int profile_repo_event_get(struct db *db, int64_t id, struct event_rec *e, struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st,
			  "SELECT id, unit_id, kind, occurred_on, description, created_at, locked"
			  " FROM unit_events WHERE id = ?",
			  DB_ARGS(DB_INT(id)), err);

	if (rc != 0)
		return rc;
	rc = db_next_err(st, err);
	if (rc == DB_ROW)
		event_read(st, e);
	db_done(st);
	if (rc == DB_DONE)
		return bm_err_set(err, BM_ENOTFOUND, "not_found", NULL, "event not found");
	return rc < 0 ? rc : 0;
}

int profile_repo_event_delete(struct db *db, int64_t id, struct bm_err *err)
{
	return db_exec(db, "DELETE FROM unit_events WHERE id = ?", DB_ARGS(DB_INT(id)), NULL, err);
}

int profile_repo_events(struct db *db, int64_t unit_id, visit_fn fn, void *ctx, struct bm_err *err)
{
	struct event_rec e;
	struct db_stmt *st;
	int rc = db_query(db, &st,
			  "SELECT id, unit_id, kind, occurred_on, description, created_at, locked"
			  " FROM unit_events WHERE unit_id = ? ORDER BY occurred_on, id",
			  DB_ARGS(DB_INT(unit_id)), err);

	if (rc != 0)
		return rc;
	while ((rc = db_next_err(st, err)) == DB_ROW) {
		event_read(st, &e);
		rc = fn(ctx, &e);
		if (rc != 0)
			break;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* ---- premises ---- */

static void premises_read(struct db_stmt *st, struct premises_rec *p)
{
	memset(p, 0, sizeof(*p));
	p->id = db_int(st, 0);
	p->unit_id = db_int(st, 1);
	bm_strlcpy(p->address, db_text(st, 2), sizeof(p->address));
	bm_strlcpy(p->tenure, db_text(st, 3), sizeof(p->tenure));
	bm_strlcpy(p->since, db_text(st, 4), sizeof(p->since));
	bm_strlcpy(p->lease_end, db_text(st, 5), sizeof(p->lease_end));
	p->area = int_or_unknown(st, 6);
	p->created_at = db_int(st, 7);
}

#define PREMISES_COLUMNS "id, unit_id, address, tenure, since, lease_end, area, created_at"

int profile_repo_premises_add(struct db *db, struct premises_rec *p, struct bm_err *err)
{
	return db_exec_int(db,
			   "INSERT INTO unit_premises (unit_id, address, tenure, since, lease_end,"
			   " area, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
			   DB_ARGS(DB_INT(p->unit_id), DB_TEXT(p->address), DB_TEXT(p->tenure),
				   DB_TEXT(p->since),
				   DB_TEXT(p->lease_end[0] != '\0' ? p->lease_end : NULL),
				   opt_int(p->area), DB_INT(p->created_at)),
			   &p->id, err);
}

int profile_repo_premises_get(struct db *db, int64_t id, struct premises_rec *p, struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, "SELECT " PREMISES_COLUMNS " FROM unit_premises WHERE id = ?",
			  DB_ARGS(DB_INT(id)), err);

	if (rc != 0)
		return rc;
	rc = db_next_err(st, err);
	if (rc == DB_ROW)
		premises_read(st, p);
	db_done(st);
	if (rc == DB_DONE)
		return bm_err_set(err, BM_ENOTFOUND, "not_found", NULL, "premises not found");
	return rc < 0 ? rc : 0;
}

int profile_repo_premises_delete(struct db *db, int64_t id, struct bm_err *err)
{
	return db_exec(db, "DELETE FROM unit_premises WHERE id = ?", DB_ARGS(DB_INT(id)), NULL,
		       err);
}

int profile_repo_premises(struct db *db, int64_t unit_id, visit_fn fn, void *ctx,
			  struct bm_err *err)
{
	struct premises_rec p;
	struct db_stmt *st;
	int rc = db_query(db, &st,
			  "SELECT " PREMISES_COLUMNS
			  " FROM unit_premises WHERE unit_id = ? ORDER BY id",
			  DB_ARGS(DB_INT(unit_id)), err);

	if (rc != 0)
		return rc;
	while ((rc = db_next_err(st, err)) == DB_ROW) {
		premises_read(st, &p);
		rc = fn(ctx, &p);
		if (rc != 0)
			break;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* ---- declarations and bars ---- */

int profile_repo_declaration_put(struct db *db, int64_t unit_id, const char *key, int value,
				 int64_t now, struct bm_err *err)
{
	int rc = db_exec(db, "DELETE FROM unit_declarations WHERE unit_id = ? AND key = ?",
			 DB_ARGS(DB_INT(unit_id), DB_TEXT(key)), NULL, err);

	if (rc == 0)
		rc = db_exec(
			db,
			"INSERT INTO unit_declarations (unit_id, key, value, updated_at)"
			" VALUES (?, ?, ?, ?)",
			DB_ARGS(DB_INT(unit_id), DB_TEXT(key), DB_INT(value != 0), DB_INT(now)),
			NULL, err);
	return rc;
}

int profile_repo_declarations(struct db *db, int64_t unit_id, visit_fn fn, void *ctx,
			      struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st,
			  "SELECT key, value FROM unit_declarations WHERE unit_id = ? ORDER BY key",
			  DB_ARGS(DB_INT(unit_id)), err);

	if (rc != 0)
		return rc;
	while ((rc = db_next_err(st, err)) == DB_ROW) {
		const char *kv[2] = { db_text(st, 0), db_int(st, 1) ? "1" : "0" };
		rc = fn(ctx, kv);
		if (rc != 0)
			break;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

int profile_repo_bar_until(struct db *db, int64_t unit_id, const char *scheme_id, const char *kind,
			   const char *today, char until[11], struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(
		db, &st,
		"SELECT MAX(until_on) FROM unit_bars WHERE unit_id = ? AND scheme_id = ?"
		" AND kind = ? AND until_on > ?",
		DB_ARGS(DB_INT(unit_id), DB_TEXT(scheme_id), DB_TEXT(kind), DB_TEXT(today)), err);

	until[0] = '\0';
	if (rc != 0)
		return rc;
	rc = db_next_err(st, err);
	if (rc == DB_ROW && !db_is_null(st, 0))
		bm_strlcpy(until, db_text(st, 0), 11);
	db_done(st);
	return rc < 0 ? rc : 0;
}

int profile_repo_bar_add(struct db *db, int64_t unit_id, const char *scheme_id, const char *kind,
			 const char *until, int64_t application_id, int64_t now, struct bm_err *err)
{
	return db_exec(db,
		       "INSERT INTO unit_bars (unit_id, scheme_id, kind, until_on, application_id,"
		       " created_at) VALUES (?, ?, ?, ?, ?, ?)",
		       DB_ARGS(DB_INT(unit_id), DB_TEXT(scheme_id), DB_TEXT(kind), DB_TEXT(until),
			       DB_ID_OR_NULL(application_id), DB_INT(now)),
		       NULL, err);
}
