/*
 * apps_repo.c - applications, their timeline, clock pauses, extensions and notes.
 * Civil dates are TEXT 'YYYY-MM-DD' in SQL and day numbers (0 = none) in C.
 */
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "store/apps_repo.h"
#include "store/db.h"
#include "store/repo_util.h"
#include "base/banned.h"

#define APP_COLUMNS                                                                                \
	"id, number, unit_id, region, scheme_id, scheme_version, grade, categories, state,"        \
	" accept_authority, prelim_authority, review_authority, onsite_authority,"                 \
	" decide_authority, submitted_at, received_on, acceptance_start, supplement_on,"           \
	" accepted_on, acceptance_no, supplement_used, deemed_accepted, decision_extension,"       \
	" onsite_notified_on, onsite_date, halted_on, onsite_outcome, onsite_total,"               \
	" publicity_start, publicity_end, decided_on, decision_reason, granted_grade,"             \
	" granted_categories, label_level, label_compartments, created_by, created_at,"            \
	" updated_at, version, renewal_of"

static void app_read(struct db_stmt *st, struct application *a)
{
	enum app_state s = APP_DRAFT;

	memset(a, 0, sizeof(*a));
	a->id = db_int(st, 0);
	bm_strlcpy(a->number, db_text(st, 1), sizeof(a->number));
	a->unit_id = db_int(st, 2);
	bm_strlcpy(a->region, db_text(st, 3), sizeof(a->region));
	bm_strlcpy(a->scheme_id, db_text(st, 4), sizeof(a->scheme_id));
	a->scheme_version = (int)db_int(st, 5);
	bm_strlcpy(a->grade, db_text(st, 6), sizeof(a->grade));
	bm_strlcpy(a->categories, db_text(st, 7), sizeof(a->categories));
	app_state_parse(db_text(st, 8), &s);
	a->state = s;
	for (int i = 0; i < 5; i++)
		a->authority[i] = db_int(st, 9 + i);
	a->submitted_at = db_int(st, 14);
	a->received_on = repo_date_col(st, 15);
	a->acceptance_start = repo_date_col(st, 16);
	a->supplement_on = repo_date_col(st, 17);
	a->accepted_on = repo_date_col(st, 18);
	bm_strlcpy(a->acceptance_no, db_text(st, 19), sizeof(a->acceptance_no));
	a->supplement_used = (int)db_int(st, 20);
	a->deemed_accepted = (int)db_int(st, 21);
	a->decision_extension = (int)db_int(st, 22);
	a->onsite_notified_on = repo_date_col(st, 23);
	a->onsite_date = repo_date_col(st, 24);
	a->halted_on = repo_date_col(st, 25);
	bm_strlcpy(a->onsite_outcome, db_text(st, 26), sizeof(a->onsite_outcome));
	a->onsite_total = db_is_null(st, 27) ? 0 : (double)db_int(st, 27) / 100.0;
	a->publicity_start = repo_date_col(st, 28);
	a->publicity_end = repo_date_col(st, 29);
	a->decided_on = repo_date_col(st, 30);
	bm_strlcpy(a->decision_reason, db_text(st, 31), sizeof(a->decision_reason));
	bm_strlcpy(a->granted_grade, db_text(st, 32), sizeof(a->granted_grade));
	bm_strlcpy(a->granted_categories, db_text(st, 33), sizeof(a->granted_categories));
	a->label.level = (enum level)db_int(st, 34);
	if (compartments_parse(&a->label.comps, db_text(st, 35)) != 0)
		compartments_init(&a->label.comps);
	a->created_by = db_int(st, 36);
	a->created_at = db_int(st, 37);
	a->updated_at = db_int(st, 38);
	a->version = db_int(st, 39);
	a->renewal_of = db_int(st, 40);
}

int apps_repo_get(struct db *db, int64_t id, struct application *a, struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, "SELECT " APP_COLUMNS " FROM applications WHERE id = ?",
			  DB_ARGS(DB_INT(id)), err);

	if (rc != 0)
		return rc;
	rc = db_next_err(st, err);
	if (rc == DB_ROW)
		app_read(st, a);
	db_done(st);
	if (rc == DB_DONE)
		return bm_err_set(err, BM_ENOTFOUND, "not_found", NULL, "application not found");
	return rc < 0 ? rc : 0;
}

int apps_repo_insert(struct db *db, struct application *a, struct bm_err *err)
{
	char comps[COMPARTMENTS_TEXT_MAX];

	compartments_format(&a->label.comps, comps, sizeof(comps));
	a->version = 1;
	return db_exec_int(db,
			   "INSERT INTO applications (unit_id, region, scheme_id, scheme_version,"
			   " grade, categories, state, label_level, label_compartments, created_by,"
			   " created_at, updated_at, version, renewal_of) VALUES (?, ?, ?, ?, ?, ?,"
			   " ?, ?, ?, ?, ?, ?, 1, ?) RETURNING id",
			   DB_ARGS(DB_INT(a->unit_id), DB_TEXT(a->region), DB_TEXT(a->scheme_id),
				   DB_INT(a->scheme_version), DB_TEXT(a->grade),
				   DB_TEXT(a->categories), DB_TEXT(app_state_name(a->state)),
				   DB_INT(a->label.level), DB_TEXT(comps), DB_INT(a->created_by),
				   DB_INT(a->created_at), DB_INT(a->updated_at),
				   DB_ID_OR_NULL(a->renewal_of)),
			   &a->id, err);
}

int apps_repo_update(struct db *db, struct application *a, int64_t expected_version,
		     struct bm_err *err)
{
	char d[10][BM_DATE_LEN], comps[COMPARTMENTS_TEXT_MAX];
	int64_t changes = 0;
	int rc;

	compartments_format(&a->label.comps, comps, sizeof(comps));
	rc = db_exec(
		db,
		"UPDATE applications SET number = ?, grade = ?, categories = ?, state = ?,"
		" accept_authority = ?, prelim_authority = ?, review_authority = ?,"
		" onsite_authority = ?, decide_authority = ?, submitted_at = ?, received_on = ?,"
		" acceptance_start = ?, supplement_on = ?, accepted_on = ?, acceptance_no = ?,"
		" supplement_used = ?, deemed_accepted = ?, decision_extension = ?,"
		" onsite_notified_on = ?, onsite_date = ?, halted_on = ?, onsite_outcome = ?,"
		" onsite_total = ?, publicity_start = ?, publicity_end = ?, decided_on = ?,"
		" decision_reason = ?, granted_grade = ?, granted_categories = ?, label_level = ?,"
		" label_compartments = ?, updated_at = ?, version = version + 1"
		" WHERE id = ? AND version = ?",
		DB_ARGS(DB_TEXT(a->number[0] ? a->number : NULL), DB_TEXT(a->grade),
			DB_TEXT(a->categories), DB_TEXT(app_state_name(a->state)),
			DB_ID_OR_NULL(a->authority[0]), DB_ID_OR_NULL(a->authority[1]),
			DB_ID_OR_NULL(a->authority[2]), DB_ID_OR_NULL(a->authority[3]),
			DB_ID_OR_NULL(a->authority[4]), DB_ID_OR_NULL(a->submitted_at),
			repo_date_arg(a->received_on, d[0]),
			repo_date_arg(a->acceptance_start, d[1]),
			repo_date_arg(a->supplement_on, d[2]), repo_date_arg(a->accepted_on, d[3]),
			DB_TEXT(a->acceptance_no[0] ? a->acceptance_no : NULL),
			DB_INT(a->supplement_used), DB_INT(a->deemed_accepted),
			DB_INT(a->decision_extension), repo_date_arg(a->onsite_notified_on, d[4]),
			repo_date_arg(a->onsite_date, d[5]), repo_date_arg(a->halted_on, d[6]),
			DB_TEXT(a->onsite_outcome[0] ? a->onsite_outcome : NULL),
			a->onsite_outcome[0] ? DB_INT((int64_t)(a->onsite_total * 100 + 0.5))
					     : DB_NULL,
			repo_date_arg(a->publicity_start, d[7]),
			repo_date_arg(a->publicity_end, d[8]), repo_date_arg(a->decided_on, d[9]),
			DB_TEXT(a->decision_reason),
			DB_TEXT(a->granted_grade[0] ? a->granted_grade : NULL),
			DB_TEXT(a->granted_categories[0] ? a->granted_categories : NULL),
			DB_INT(a->label.level), DB_TEXT(comps), DB_INT(a->updated_at),
			DB_INT(a->id), DB_INT(expected_version)),
		&changes, err);
	if (rc != 0)
		return rc;
	if (changes == 0) {
		struct application cur;
		rc = apps_repo_get(db, a->id, &cur, err);
		if (rc != 0)
			return rc;
		return bm_err_set(err, BM_ESTALE, "version_mismatch", NULL,
				  "the application was changed by someone else (now version %lld)",
				  (long long)cur.version);
	}
	a->version = expected_version + 1;
	return 0;
}

int apps_repo_list(struct db *db, const struct app_filter *f, visit_fn fn, void *ctx,
		   struct bm_err *err)
{
	int open = f->state != NULL && strcmp(f->state, "open") == 0;
	struct application a;
	struct db_stmt *st;
	int rc = db_query(db, &st,
			  "SELECT " APP_COLUMNS " FROM applications"
			  " WHERE id > ?1 AND (?2 = 0 OR unit_id = ?2)"
			  " AND (?3 IS NULL OR substr(region, 1, length(?3)) = ?3)"
			  " AND (?4 IS NULL OR scheme_id = ?4) AND (?5 IS NULL OR grade = ?5)"
			  " AND (?6 IS NULL OR state = ?6)"
			  " AND (?7 = 0 OR state NOT IN ('approved', 'rejected', 'not_accepted',"
			  "      'withdrawn', 'abandoned'))"
			  " ORDER BY id",
			  DB_ARGS(DB_INT(f->after_id), DB_INT(f->unit_id),
				  DB_TEXT(f->region_prefix), DB_TEXT(f->scheme_id),
				  DB_TEXT(f->grade), DB_TEXT(open ? NULL : f->state), DB_INT(open)),
			  err);

	if (rc != 0)
		return rc;
	while ((rc = db_next_err(st, err)) == DB_ROW) {
		app_read(st, &a);
		rc = fn(ctx, &a);
		if (rc != 0)
			break;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

int apps_repo_in_state(struct db *db, enum app_state state, visit_fn fn, void *ctx,
		       struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, "SELECT id FROM applications WHERE state = ? ORDER BY id",
			  DB_ARGS(DB_TEXT(app_state_name(state))), err);

	if (rc != 0)
		return rc;
	while ((rc = db_next_err(st, err)) == DB_ROW) {
		int64_t id = db_int(st, 0);
		rc = fn(ctx, &id);
		if (rc != 0)
			break;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

int apps_repo_open_count(struct db *db, int64_t unit_id, const char *scheme_id, int64_t *n,
			 struct bm_err *err)
{
	return db_exec_int(db,
			   "SELECT COUNT(*) FROM applications WHERE unit_id = ? AND scheme_id = ?"
			   " AND state NOT IN ('approved', 'rejected', 'not_accepted', 'withdrawn',"
			   " 'abandoned')",
			   DB_ARGS(DB_INT(unit_id), DB_TEXT(scheme_id)), n, err);
}

int apps_repo_set_docs(struct db *db, int64_t id, const char *snapshot, const char *eligibility,
		       struct bm_err *err)
{
	return db_exec(db, "UPDATE applications SET snapshot = ?, eligibility = ? WHERE id = ?",
		       DB_ARGS(DB_TEXT(snapshot), DB_TEXT(eligibility), DB_INT(id)), NULL, err);
}

int apps_repo_get_docs(struct db *db, int64_t id, char **snapshot, char **eligibility,
		       struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, "SELECT snapshot, eligibility FROM applications WHERE id = ?",
			  DB_ARGS(DB_INT(id)), err);

	*snapshot = *eligibility = NULL;
	if (rc != 0)
		return rc;
	rc = db_next_err(st, err);
	if (rc == DB_ROW) {
		*snapshot = strdup(db_text(st, 0));
		*eligibility = strdup(db_text(st, 1));
	}
	db_done(st);
	if (rc == DB_DONE)
		return bm_err_set(err, BM_ENOTFOUND, "not_found", NULL, "application not found");
	if (rc < 0)
		return rc;
	if (*snapshot == NULL || *eligibility == NULL) {
		free(*snapshot);
		free(*eligibility);
		*snapshot = *eligibility = NULL;
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	}
	return 0;
}

int apps_repo_add_event(struct db *db, const struct app_event_rec *e, struct bm_err *err)
{
	return db_exec(db,
		       "INSERT INTO application_events (application_id, at, actor_id, actor_login,"
		       " event, from_state, to_state, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		       DB_ARGS(DB_INT(e->application_id), DB_INT(e->at), DB_INT(e->actor_id),
			       DB_TEXT(e->actor_login), DB_TEXT(e->event), DB_TEXT(e->from_state),
			       DB_TEXT(e->to_state), DB_TEXT(e->details)),
		       NULL, err);
}

int apps_repo_events(struct db *db, int64_t id, visit_fn fn, void *ctx, struct bm_err *err)
{
	struct app_event_rec e;
	struct db_stmt *st;
	int rc = db_query(db, &st,
			  "SELECT id, application_id, at, actor_id, actor_login, event, from_state,"
			  " to_state, details FROM application_events WHERE application_id = ?"
			  " ORDER BY id",
			  DB_ARGS(DB_INT(id)), err);

	if (rc != 0)
		return rc;
	while ((rc = db_next_err(st, err)) == DB_ROW) {
		e.id = db_int(st, 0);
		e.application_id = db_int(st, 1);
		e.at = db_int(st, 2);
		e.actor_id = db_int(st, 3);
		e.actor_login = db_text(st, 4);
		e.event = db_text(st, 5);
		e.from_state = db_text(st, 6);
		e.to_state = db_text(st, 7);
		e.details = db_text(st, 8);
		rc = fn(ctx, &e);
		if (rc != 0)
			break;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

int apps_repo_user_involved(struct db *db, int64_t id, int64_t user_id, int *found,
			    struct bm_err *err)
{
	int64_t n = 0;
	/* a review step taken by the user (a whitelist: reading files, extending the
	 * limit or deciding are not review), or a seat on the on-site team */
	int rc = db_exec_int(
		db,
		"SELECT (SELECT COUNT(*) FROM application_events WHERE application_id = ?1"
		"  AND actor_id = ?2 AND (event IN ('accept', 'request_supplement', 'refuse',"
		"  'forward', 'return', 'list_onsite', 'onsite_pass', 'onsite_fail',"
		"  'onsite_halt', 'reschedule', 'open_publicity', 'uphold_objection',"
		"  'close_publicity', 'application.onsite_schedule',"
		"  'application.sheet_save', 'application.sheet_submit', 'objection.resolve')"
		"  OR (event = 'reject' AND from_state <> 'decision')))"
		" + (SELECT COUNT(*) FROM onsite_team WHERE application_id = ?1"
		"  AND user_id = ?2)",
		DB_ARGS(DB_INT(id), DB_INT(user_id)), &n, err);

	*found = n > 0;
	return rc;
}

int apps_repo_pause_open(struct db *db, int64_t id, const char *kind, int32_t from,
			 struct bm_err *err)
{
	char d[BM_DATE_LEN];

	return db_exec(
		db,
		"INSERT INTO application_pauses (application_id, kind, from_on) VALUES (?, ?, ?)",
		DB_ARGS(DB_INT(id), DB_TEXT(kind), repo_date_arg(from, d)), NULL, err);
}

int apps_repo_pause_close(struct db *db, int64_t id, const char *kind, int32_t to,
			  struct bm_err *err)
{
	char d[BM_DATE_LEN];

	return db_exec(
		db,
		"UPDATE application_pauses SET to_on = ? WHERE application_id = ? AND kind = ?"
		" AND to_on IS NULL",
		DB_ARGS(repo_date_arg(to, d), DB_INT(id), DB_TEXT(kind)), NULL, err);
}

int apps_repo_pauses(struct db *db, int64_t id, struct clock_pause *out, int max, int *n,
		     struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st,
			  "SELECT from_on, to_on FROM application_pauses WHERE application_id = ?"
			  " ORDER BY id",
			  DB_ARGS(DB_INT(id)), err);

	*n = 0;
	if (rc != 0)
		return rc;
	while ((rc = db_next_err(st, err)) == DB_ROW && *n < max) {
		out[*n].from = repo_date_col(st, 0);
		out[*n].to = repo_date_col(st, 1);
		(*n)++;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

int apps_repo_add_extension(struct db *db, int64_t id, int days, const char *reason,
			    int64_t approver, int64_t at, struct bm_err *err)
{
	return db_exec(
		db,
		"INSERT INTO application_extensions (application_id, working_days, reason,"
		" approved_by, approved_at) VALUES (?, ?, ?, ?, ?)",
		DB_ARGS(DB_INT(id), DB_INT(days), DB_TEXT(reason), DB_INT(approver), DB_INT(at)),
		NULL, err);
}

int apps_repo_add_note(struct db *db, int64_t id, const char *kind, const char *body,
		       int64_t author, int64_t at, struct bm_err *err)
{
	return db_exec(
		db,
		"INSERT INTO application_notes (application_id, kind, body, author_id,"
		" created_at) VALUES (?, ?, ?, ?, ?)",
		DB_ARGS(DB_INT(id), DB_TEXT(kind), DB_TEXT(body), DB_INT(author), DB_INT(at)), NULL,
		err);
}

int apps_repo_notes(struct db *db, int64_t id, visit_fn fn, void *ctx, struct bm_err *err)
{
	struct app_note n;
	struct db_stmt *st;
	int rc = db_query(db, &st,
			  "SELECT id, author_id, created_at, kind, body FROM application_notes"
			  " WHERE application_id = ? ORDER BY id",
			  DB_ARGS(DB_INT(id)), err);

	if (rc != 0)
		return rc;
	while ((rc = db_next_err(st, err)) == DB_ROW) {
		n.id = db_int(st, 0);
		n.author_id = db_int(st, 1);
		n.created_at = db_int(st, 2);
		n.kind = db_text(st, 3);
		n.body = db_text(st, 4);
		rc = fn(ctx, &n);
		if (rc != 0)
			break;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

int apps_repo_count_numbered(struct db *db, const char *prefix, int64_t *n, struct bm_err *err)
{
	return db_exec_int(db,
			   "SELECT COUNT(*) FROM applications WHERE number IS NOT NULL"
			   " AND substr(number, 1, length(?1)) = ?1",
			   DB_ARGS(DB_TEXT(prefix)), n, err);
}

int apps_repo_count_accepted(struct db *db, const char *prefix, int64_t *n, struct bm_err *err)
{
	return db_exec_int(db,
			   "SELECT COUNT(*) FROM applications WHERE acceptance_no IS NOT NULL"
			   " AND substr(acceptance_no, 1, length(?1)) = ?1",
			   DB_ARGS(DB_TEXT(prefix)), n, err);
}
