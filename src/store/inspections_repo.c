/*
 * inspections_repo.c - inspections, leak reports and sanction proposals
 * (inspections_repo.h).
 */
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "store/db.h"
#include "store/repo_util.h"
#include "store/inspections_repo.h"
#include "base/banned.h"

/* ---- inspections ---- */

#define INSPECTION_COLUMNS                                                                         \
	"id, certificate_id, unit_id, kind, state, planned_on, areas, purpose, conclusion,"        \
	" leak_report_id, created_by, created_at, started_by, started_at, concluded_by,"           \
	" concluded_at, closed_at, updated_at, version"

static void inspection_read(struct db_stmt *st, struct inspection_rec *i)
{
	memset(i, 0, sizeof(*i));
	i->id = db_int(st, 0);
	i->certificate_id = db_int(st, 1);
	i->unit_id = db_int(st, 2);
	bm_strlcpy(i->kind, db_text(st, 3), sizeof(i->kind));
	bm_strlcpy(i->state, db_text(st, 4), sizeof(i->state));
	if (bm_date_parse(db_text(st, 5), &i->planned_on) != 0)
		i->planned_on = 0;
	bm_strlcpy(i->areas, db_text(st, 6), sizeof(i->areas));
	bm_strlcpy(i->purpose, db_text(st, 7), sizeof(i->purpose));
	bm_strlcpy(i->conclusion, db_text(st, 8), sizeof(i->conclusion));
	i->leak_report_id = db_int(st, 9);
	i->created_by = db_int(st, 10);
	i->created_at = db_int(st, 11);
	i->started_by = db_int(st, 12);
	i->started_at = db_int(st, 13);
	i->concluded_by = db_int(st, 14);
	i->concluded_at = db_int(st, 15);
	i->closed_at = db_int(st, 16);
	i->updated_at = db_int(st, 17);
	i->version = db_int(st, 18);
}

int inspections_repo_insert(struct db *db, struct inspection_rec *i, struct bm_err *err)
{
	char day[BM_DATE_LEN];
	int rc;

	bm_date_format(i->planned_on, day);
	rc = db_exec_int(
		db,
		"INSERT INTO inspections (certificate_id, unit_id, kind, state, planned_on,"
		" areas, purpose, leak_report_id, created_by, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		DB_ARGS(DB_INT(i->certificate_id), DB_INT(i->unit_id), DB_TEXT(i->kind),
			DB_TEXT(i->state), DB_TEXT(day), DB_TEXT(i->areas), DB_TEXT(i->purpose),
			DB_ID_OR_NULL(i->leak_report_id), DB_ID_OR_NULL(i->created_by),
			DB_INT(i->created_at), DB_INT(i->updated_at)),
		&i->id, err);
	if (rc == 0)
		i->version = 1;
	return rc;
}

int inspections_repo_get(struct db *db, int64_t id, struct inspection_rec *i, struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, "SELECT " INSPECTION_COLUMNS " FROM inspections WHERE id = ?",
			  DB_ARGS(DB_INT(id)), err);

	if (rc != 0)
		return rc;
	ONE_ROW(st, inspection_read, i, "inspection", err);
	return rc < 0 ? rc : 0;
}

int inspections_repo_update(struct db *db, struct inspection_rec *i, struct bm_err *err)
{
	return repo_update_versioned(
		db,
		"UPDATE inspections SET state = ?, conclusion = ?, leak_report_id = ?,"
		" started_by = ?, started_at = ?, concluded_by = ?, concluded_at = ?,"
		" closed_at = ?, updated_at = ?, version = version + 1"
		" WHERE id = ? AND version = ?",
		DB_ARGS(DB_TEXT(i->state), DB_TEXT(i->conclusion), DB_ID_OR_NULL(i->leak_report_id),
			DB_ID_OR_NULL(i->started_by), DB_ID_OR_NULL(i->started_at),
			DB_ID_OR_NULL(i->concluded_by), DB_ID_OR_NULL(i->concluded_at),
			DB_ID_OR_NULL(i->closed_at), DB_INT(i->updated_at), DB_INT(i->id),
			DB_INT(i->version)),
		"inspection", &i->version, err);
}

int inspections_repo_list(struct db *db, const struct inspection_filter *f, visit_fn fn, void *ctx,
			  struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(
		db, &st,
		"SELECT " INSPECTION_COLUMNS " FROM inspections"
		" WHERE (?1 = 0 OR certificate_id = ?1) AND (?2 = 0 OR unit_id = ?2)"
		" AND (?3 IS NULL OR state = ?3) AND (?4 = 0 OR id < ?4) ORDER BY id DESC",
		DB_ARGS(DB_INT(f->certificate_id), DB_INT(f->unit_id),
			f->state != NULL ? DB_TEXT(f->state) : DB_NULL, DB_INT(f->before_id)),
		err);

	if (rc != 0)
		return rc;
	VISIT_ROWS(st, struct inspection_rec, inspection_read, fn, ctx, err);
	return rc < 0 ? rc : 0;
}

/* ---- leak reports ---- */

#define LEAK_COLUMNS                                                                               \
	"id, certificate_id, unit_id, level, discovered_at, reported_at, late, description,"       \
	" measures, reported_by, inspection_id"

static void leak_read(struct db_stmt *st, struct leak_rec *l)
{
	memset(l, 0, sizeof(*l));
	l->id = db_int(st, 0);
	l->certificate_id = db_int(st, 1);
	l->unit_id = db_int(st, 2);
	bm_strlcpy(l->level, db_text(st, 3), sizeof(l->level));
	l->discovered_at = db_int(st, 4);
	l->reported_at = db_int(st, 5);
	l->late = (int)db_int(st, 6);
	bm_strlcpy(l->description, db_text(st, 7), sizeof(l->description));
	bm_strlcpy(l->measures, db_text(st, 8), sizeof(l->measures));
	l->reported_by = db_int(st, 9);
	l->inspection_id = db_int(st, 10);
}

int leaks_repo_insert(struct db *db, struct leak_rec *l, struct bm_err *err)
{
	return db_exec_int(
		db,
		"INSERT INTO leak_reports (certificate_id, unit_id, level, discovered_at,"
		" reported_at, late, description, measures, reported_by, inspection_id)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		DB_ARGS(DB_INT(l->certificate_id), DB_INT(l->unit_id), DB_TEXT(l->level),
			DB_INT(l->discovered_at), DB_INT(l->reported_at), DB_INT(l->late),
			DB_TEXT(l->description), DB_TEXT(l->measures),
			DB_ID_OR_NULL(l->reported_by), DB_INT(l->inspection_id)),
		&l->id, err);
}

int leaks_repo_get(struct db *db, int64_t id, struct leak_rec *l, struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, "SELECT " LEAK_COLUMNS " FROM leak_reports WHERE id = ?",
			  DB_ARGS(DB_INT(id)), err);

	if (rc != 0)
		return rc;
	ONE_ROW(st, leak_read, l, "leak report", err);
	return rc < 0 ? rc : 0;
}

int leaks_repo_list(struct db *db, int64_t unit_id, int64_t before_id, visit_fn fn, void *ctx,
		    struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st,
			  "SELECT " LEAK_COLUMNS " FROM leak_reports WHERE (?1 = 0 OR unit_id = ?1)"
			  " AND (?2 = 0 OR id < ?2) ORDER BY id DESC",
			  DB_ARGS(DB_INT(unit_id), DB_INT(before_id)), err);

	if (rc != 0)
		return rc;
	VISIT_ROWS(st, struct leak_rec, leak_read, fn, ctx, err);
	return rc < 0 ? rc : 0;
}

/* ---- sanction proposals ---- */

#define SANCTION_COLUMNS                                                                           \
	"id, certificate_id, unit_id, finding_id, ground, measure, months, revoke_reason, state,"  \
	" proposed_by, proposed_at, note, decided_by, decided_at, decision_note, version"

static void sanction_read(struct db_stmt *st, struct sanction_rec *s)
{
	memset(s, 0, sizeof(*s));
	s->id = db_int(st, 0);
	s->certificate_id = db_int(st, 1);
	s->unit_id = db_int(st, 2);
	s->finding_id = db_int(st, 3);
	bm_strlcpy(s->ground, db_text(st, 4), sizeof(s->ground));
	bm_strlcpy(s->measure, db_text(st, 5), sizeof(s->measure));
	s->months = (int)db_int(st, 6);
	bm_strlcpy(s->revoke_reason, db_text(st, 7), sizeof(s->revoke_reason));
	bm_strlcpy(s->state, db_text(st, 8), sizeof(s->state));
	s->proposed_by = db_int(st, 9);
	s->proposed_at = db_int(st, 10);
	bm_strlcpy(s->note, db_text(st, 11), sizeof(s->note));
	s->decided_by = db_int(st, 12);
	s->decided_at = db_int(st, 13);
	bm_strlcpy(s->decision_note, db_text(st, 14), sizeof(s->decision_note));
	s->version = db_int(st, 15);
}

int sanctions_repo_insert(struct db *db, struct sanction_rec *s, int *inserted, struct bm_err *err)
{
	int64_t id = 0;
	int rc = db_exec_int(db,
			     "INSERT INTO sanction_proposals (certificate_id, unit_id, finding_id,"
			     " ground, measure, months, revoke_reason, state, proposed_by,"
			     " proposed_at, note) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)"
			     " ON CONFLICT DO NOTHING RETURNING id",
			     DB_ARGS(DB_INT(s->certificate_id), DB_INT(s->unit_id),
				     DB_INT(s->finding_id), DB_TEXT(s->ground), DB_TEXT(s->measure),
				     DB_INT(s->months), DB_TEXT(s->revoke_reason),
				     DB_ID_OR_NULL(s->proposed_by), DB_INT(s->proposed_at),
				     DB_TEXT(s->note)),
			     &id, err);

	*inserted = 0;
	if (rc == BM_ENOTFOUND) { /* no row returned: one is pending already */
		bm_err_clear(err);
		return 0;
	}
	if (rc == 0) {
		s->id = id;
		s->version = 1;
		bm_strlcpy(s->state, "pending", sizeof(s->state));
		*inserted = 1;
	}
	return rc;
}

int sanctions_repo_get(struct db *db, int64_t id, struct sanction_rec *s, struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st,
			  "SELECT " SANCTION_COLUMNS " FROM sanction_proposals WHERE id = ?",
			  DB_ARGS(DB_INT(id)), err);

	if (rc != 0)
		return rc;
	ONE_ROW(st, sanction_read, s, "sanction proposal", err);
	return rc < 0 ? rc : 0;
}

int sanctions_repo_update(struct db *db, struct sanction_rec *s, struct bm_err *err)
{
	return repo_update_versioned(
		db,
		"UPDATE sanction_proposals SET measure = ?, months = ?, revoke_reason = ?,"
		" note = ?, proposed_by = ?, proposed_at = ?, state = ?, decided_by = ?,"
		" decided_at = ?, decision_note = ?, version = version + 1"
		" WHERE id = ? AND version = ?",
		DB_ARGS(DB_TEXT(s->measure), DB_INT(s->months), DB_TEXT(s->revoke_reason),
			DB_TEXT(s->note), DB_ID_OR_NULL(s->proposed_by), DB_INT(s->proposed_at),
			DB_TEXT(s->state), DB_ID_OR_NULL(s->decided_by),
			DB_ID_OR_NULL(s->decided_at), DB_TEXT(s->decision_note), DB_INT(s->id),
			DB_INT(s->version)),
		"proposal", &s->version, err);
}

int sanctions_repo_list(struct db *db, const char *state, int64_t certificate_id, int64_t before_id,
			visit_fn fn, void *ctx, struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st,
			  "SELECT " SANCTION_COLUMNS " FROM sanction_proposals"
			  " WHERE (?1 IS NULL OR state = ?1) AND (?2 = 0 OR certificate_id = ?2)"
			  " AND (?3 = 0 OR id < ?3) ORDER BY id DESC",
			  DB_ARGS(state != NULL ? DB_TEXT(state) : DB_NULL, DB_INT(certificate_id),
				  DB_INT(before_id)),
			  err);

	if (rc != 0)
		return rc;
	VISIT_ROWS(st, struct sanction_rec, sanction_read, fn, ctx, err);
	return rc < 0 ? rc : 0;
}
