/*
 * dashboard_repo.c - the dashboards' aggregates (dashboard_repo.h).
 */
#include <string.h>

#include "base/str.h"
#include "store/dashboard_repo.h"
#include "store/db.h"
#include "store/repo_util.h"
#include "base/banned.h"

/* The scope on a table aliased c that has region and unit_id: ?1 prefix, ?2 unit. */
#define SCOPE	 " (?1 IS NULL OR substr(c.region, 1, length(?1)) = ?1) AND (?2 = 0 OR c.unit_id = ?2)"
#define STANDING " c.state IN ('valid', 'suspended')"

#define SCOPE_ARGS(sc) DB_TEXT((sc)->region_prefix), DB_INT((sc)->unit_id)

/* Columns: key, sub, name_zh, name_en, n. */
static const char *const group_sql[DASH_GROUP_COUNT] = {
	[DASH_BY_STATE] = "SELECT c.state, '', '', '', COUNT(*) FROM certificates c"
			  " WHERE" SCOPE " GROUP BY c.state ORDER BY c.state",
	[DASH_BY_GRADE] = "SELECT c.scheme_id, c.grade, '', '', COUNT(*) FROM certificates c"
			  " WHERE" SCOPE " AND" STANDING
			  " GROUP BY c.scheme_id, c.grade ORDER BY c.scheme_id, c.grade",
	/* categories is a canonical comma list: split it in SQL */
	[DASH_BY_CATEGORY] = "WITH RECURSIVE split(scheme_id, code, rest) AS ("
			     " SELECT c.scheme_id, '', c.categories || ',' FROM certificates c"
			     " WHERE" SCOPE " AND" STANDING
			     " UNION ALL SELECT scheme_id, substr(rest, 1, instr(rest, ',') - 1),"
			     " substr(rest, instr(rest, ',') + 1) FROM split WHERE rest <> '')"
			     " SELECT scheme_id, code, '', '', COUNT(*) FROM split WHERE code <> ''"
			     " GROUP BY scheme_id, code ORDER BY scheme_id, code",
	[DASH_BY_PROVINCE] =
		"SELECT substr(c.region, 1, 2) || '0000' AS p, '', COALESCE(r.name_zh, ''),"
		" COALESCE(r.name_en, ''), COUNT(*) FROM certificates c"
		" LEFT JOIN regions r ON r.code = substr(c.region, 1, 2) || '0000'"
		" WHERE" SCOPE " AND" STANDING " GROUP BY p, r.name_zh, r.name_en ORDER BY p",
};

int dash_repo_cert_groups(struct db *db, const struct dash_scope *sc, enum dash_group g,
			  visit_fn fn, void *ctx, struct bm_err *err)
{
	struct db_stmt *st;
	int rc;

	if ((unsigned)g >= DASH_GROUP_COUNT)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "unknown dashboard group");
	rc = db_query(db, &st, group_sql[g], DB_ARGS(SCOPE_ARGS(sc)), err);
	if (rc != 0)
		return rc;
	while ((rc = db_next_err(st, err)) == DB_ROW) {
		struct dash_count row = { db_text(st, 0), db_text(st, 1), db_text(st, 2),
					  db_text(st, 3), db_int(st, 4) };
		rc = fn(ctx, &row);
		if (rc != 0)
			break;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

int dash_repo_expiring(struct db *db, const struct dash_scope *sc, int32_t first, int32_t last,
		       int64_t *n, struct bm_err *err)
{
	char a[BM_DATE_LEN], b[BM_DATE_LEN];

	return db_exec_int(db,
			   "SELECT COUNT(*) FROM certificates c WHERE" SCOPE " AND" STANDING
			   " AND c.valid_until >= ?3 AND c.valid_until <= ?4",
			   DB_ARGS(SCOPE_ARGS(sc), repo_date_arg(first, a), repo_date_arg(last, b)),
			   n, err);
}

static int annual_read(struct db_stmt *st, void *out, struct bm_err *err)
{
	struct dash_annual *a = out;

	(void)err;
	a->owed = db_int(st, 0);
	a->not_submitted = db_int(st, 1);
	a->submitted = db_int(st, 2);
	a->passed = db_int(st, 3);
	a->rectify = db_int(st, 4);
	a->failed = db_int(st, 5);
	return 0;
}

int dash_repo_annual(struct db *db, const struct dash_scope *sc, int year, const char *scheme_id,
		     struct dash_annual *out, struct bm_err *err)
{
	char first[BM_DATE_LEN], last[BM_DATE_LEN];
	int found = 0;

	memset(out, 0, sizeof(*out));
	/* owed: certlife_report_owed, standing and [reports_from, valid_until] meets the
	 * year */
	return db_query_one(
		db,
		"WITH owed AS (SELECT c.id, ar.state AS rs FROM certificates c"
		"  LEFT JOIN annual_reports ar ON ar.year = ?3 AND ar.certificate_id IN"
		"   (SELECT member FROM cert_lines WHERE id = c.id)"
		"  WHERE" SCOPE " AND" STANDING " AND c.reports_from <= ?5 AND c.valid_until >= ?4"
		"  AND (?6 IS NULL OR c.scheme_id = ?6)),"
		" reports AS (SELECT ar.state FROM annual_reports ar"
		"  JOIN certificates c ON c.id = ar.certificate_id WHERE" SCOPE " AND ar.year = ?3"
		"  AND (?6 IS NULL OR c.scheme_id = ?6))"
		" SELECT (SELECT COUNT(*) FROM owed),"
		" (SELECT COUNT(*) FROM owed WHERE rs IS NULL OR rs = 'draft'),"
		" (SELECT COUNT(*) FROM reports WHERE state = 'submitted'),"
		" (SELECT COUNT(*) FROM reports WHERE state = 'passed'),"
		" (SELECT COUNT(*) FROM reports WHERE state = 'rectify'),"
		" (SELECT COUNT(*) FROM reports WHERE state = 'failed')",
		DB_ARGS(SCOPE_ARGS(sc), DB_INT(year),
			repo_date_arg(bm_days_from_civil(year, 1, 1), first),
			repo_date_arg(bm_days_from_civil(year, 12, 31), last),
			scheme_id != NULL ? DB_TEXT(scheme_id) : DB_NULL),
		annual_read, out, &found, err);
}

static int pair_read(struct db_stmt *st, void *out, struct bm_err *err)
{
	int64_t *p = out;

	(void)err;
	p[0] = db_int(st, 0);
	p[1] = db_int(st, 1);
	return 0;
}

int dash_repo_findings(struct db *db, const struct dash_scope *sc, int32_t today, int64_t *open,
		       int64_t *overdue, struct bm_err *err)
{
	char d[BM_DATE_LEN];
	int64_t pair[2] = { 0, 0 };
	int found = 0;
	int rc = db_query_one(db,
			      "SELECT COUNT(*), COALESCE(SUM(f.state IN ('open', 'rejected')"
			      " AND (f.overdue = 1 OR f.deadline < ?3)), 0)"
			      " FROM findings f JOIN certificates c ON c.id = f.certificate_id"
			      " WHERE" SCOPE " AND f.state <> 'verified'",
			      DB_ARGS(SCOPE_ARGS(sc), repo_date_arg(today, d)), pair_read, pair,
			      &found, err);

	*open = pair[0];
	*overdue = pair[1];
	return rc;
}

int dash_repo_proposals_pending(struct db *db, const struct dash_scope *sc, int64_t *n,
				struct bm_err *err)
{
	return db_exec_int(db,
			   "SELECT COUNT(*) FROM cancel_proposals p"
			   " JOIN certificates c ON c.id = p.certificate_id"
			   " WHERE" SCOPE " AND p.state = 'pending'",
			   DB_ARGS(SCOPE_ARGS(sc)), n, err);
}

int dash_repo_inspections(struct db *db, const struct dash_scope *sc, const char *state, int64_t *n,
			  struct bm_err *err)
{
	return db_exec_int(db,
			   "SELECT COUNT(*) FROM inspections i"
			   " JOIN certificates c ON c.id = i.certificate_id"
			   " WHERE" SCOPE " AND i.state = ?3",
			   DB_ARGS(SCOPE_ARGS(sc), DB_TEXT(state)), n, err);
}

int dash_repo_sanctions_pending(struct db *db, const struct dash_scope *sc, int64_t *n,
				struct bm_err *err)
{
	return db_exec_int(db,
			   "SELECT COUNT(*) FROM sanction_proposals p"
			   " JOIN certificates c ON c.id = p.certificate_id"
			   " WHERE" SCOPE " AND p.state = 'pending'",
			   DB_ARGS(SCOPE_ARGS(sc)), n, err);
}

int dash_repo_leaks_since(struct db *db, const struct dash_scope *sc, int64_t since, int64_t *n,
			  struct bm_err *err)
{
	return db_exec_int(db,
			   "SELECT COUNT(*) FROM leak_reports l"
			   " JOIN certificates c ON c.id = l.certificate_id"
			   " WHERE" SCOPE " AND l.reported_at >= ?3",
			   DB_ARGS(SCOPE_ARGS(sc), DB_INT(since)), n, err);
}

int dash_repo_issuances_pending(struct db *db, const struct dash_scope *sc, int64_t *n,
				struct bm_err *err)
{
	return db_exec_int(db,
			   "SELECT COUNT(*) FROM cert_issuances i"
			   " JOIN applications c ON c.id = i.application_id"
			   " WHERE" SCOPE " AND i.state = 'pending' AND c.label_level <= ?3"
			   " AND c.label_compartments = ''",
			   DB_ARGS(SCOPE_ARGS(sc), DB_INT(sc->max_level)), n, err);
}

int dash_repo_unit_certs(struct db *db, int64_t unit_id, int year, visit_fn fn, void *ctx,
			 struct bm_err *err)
{
	struct dash_unit_cert r;
	struct db_stmt *st;
	int rc = db_query(
		db, &st,
		"SELECT c.id, c.number, c.state, c.scheme_id, c.grade, c.valid_from,"
		" c.valid_until, COALESCE(ar.id, 0), COALESCE(ar.state, ''), c.reports_from"
		" FROM certificates c LEFT JOIN annual_reports ar ON ar.year = ?2"
		" AND ar.certificate_id IN (SELECT member FROM cert_lines WHERE id = c.id)"
		" WHERE c.unit_id = ?1 ORDER BY c.id DESC LIMIT ?3",
		DB_ARGS(DB_INT(unit_id), DB_INT(year), DB_INT(DASH_UNIT_ROWS_MAX)), err);

	if (rc != 0)
		return rc;
	while ((rc = db_next_err(st, err)) == DB_ROW) {
		memset(&r, 0, sizeof(r));
		r.id = db_int(st, 0);
		bm_strlcpy(r.number, db_text(st, 1), sizeof(r.number));
		bm_strlcpy(r.state, db_text(st, 2), sizeof(r.state));
		bm_strlcpy(r.scheme_id, db_text(st, 3), sizeof(r.scheme_id));
		bm_strlcpy(r.grade, db_text(st, 4), sizeof(r.grade));
		r.valid_from = repo_date_col(st, 5);
		r.valid_until = repo_date_col(st, 6);
		r.report_id = db_int(st, 7);
		bm_strlcpy(r.report_state, db_text(st, 8), sizeof(r.report_state));
		r.reports_from = repo_date_col(st, 9);
		rc = fn(ctx, &r);
		if (rc != 0)
			break;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

int dash_repo_unit_findings(struct db *db, int64_t unit_id, int32_t today, visit_fn fn, void *ctx,
			    struct bm_err *err)
{
	char d[BM_DATE_LEN];
	struct dash_unit_finding r;
	struct db_stmt *st;
	int rc = db_query(
		db, &st,
		"SELECT f.id, f.certificate_id, c.number, f.area, f.severity, f.state,"
		" f.deadline, f.source_type, f.source_id,"
		" f.state IN ('open', 'rejected') AND (f.overdue = 1 OR f.deadline < ?2)"
		" FROM findings f JOIN certificates c ON c.id = f.certificate_id"
		" WHERE f.unit_id = ?1 AND f.state <> 'verified'"
		" ORDER BY f.deadline, f.id LIMIT ?3",
		DB_ARGS(DB_INT(unit_id), repo_date_arg(today, d), DB_INT(DASH_UNIT_ROWS_MAX)), err);

	if (rc != 0)
		return rc;
	while ((rc = db_next_err(st, err)) == DB_ROW) {
		memset(&r, 0, sizeof(r));
		r.id = db_int(st, 0);
		r.certificate_id = db_int(st, 1);
		bm_strlcpy(r.number, db_text(st, 2), sizeof(r.number));
		bm_strlcpy(r.area, db_text(st, 3), sizeof(r.area));
		bm_strlcpy(r.severity, db_text(st, 4), sizeof(r.severity));
		bm_strlcpy(r.state, db_text(st, 5), sizeof(r.state));
		r.deadline = repo_date_col(st, 6);
		bm_strlcpy(r.source_type, db_text(st, 7), sizeof(r.source_type));
		r.source_id = db_int(st, 8);
		r.overdue = db_int(st, 9) != 0;
		rc = fn(ctx, &r);
		if (rc != 0)
			break;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}
