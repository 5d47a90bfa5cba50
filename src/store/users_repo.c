/*
 * users_repo.c - users and user_roles.
 */
#include <string.h>

#include "base/str.h"
#include "core/role.h"
#include "store/db.h"
#include "store/users_repo.h"
#include "base/banned.h"

/* Every read joins the membership, for the region that places a user in a
 * jurisdiction. */
#define USER_COLUMNS                                                                               \
	"u.id, u.login, u.display_name, u.pw_hash, u.authority_id, u.unit_id,"                     \
	" u.clearance_level, u.clearance_compartments, u.disabled, u.must_change_password,"        \
	" u.failed_count, u.failed_since, u.locked_until, u.password_changed_at,"                  \
	" u.created_at, u.updated_at, u.version, COALESCE(a.region, n.region, ''),"                \
	" COALESCE(a.name_zh, n.name, '')"
#define USER_FROM                                                                                  \
	" FROM users u LEFT JOIN authorities a ON a.id = u.authority_id"                           \
	" LEFT JOIN units n ON n.id = u.unit_id"

static void user_read(struct db_stmt *st, struct user *u)
{
	memset(u, 0, sizeof(*u));
	u->id = db_int(st, 0);
	bm_strlcpy(u->login, db_text(st, 1), sizeof(u->login));
	bm_strlcpy(u->display_name, db_text(st, 2), sizeof(u->display_name));
	bm_strlcpy(u->pw_hash, db_text(st, 3), sizeof(u->pw_hash));
	u->authority_id = db_int(st, 4);
	u->unit_id = db_int(st, 5);
	u->clearance.level = (enum level)db_int(st, 6);
	if (compartments_parse(&u->clearance.comps, db_text(st, 7)) != 0)
		compartments_init(&u->clearance.comps);
	u->disabled = (int)db_int(st, 8);
	u->must_change_password = (int)db_int(st, 9);
	u->failed_count = (int)db_int(st, 10);
	u->failed_since = db_int(st, 11);
	u->locked_until = db_int(st, 12);
	u->password_changed_at = db_int(st, 13);
	u->created_at = db_int(st, 14);
	u->updated_at = db_int(st, 15);
	u->version = db_int(st, 16);
	bm_strlcpy(u->region, db_text(st, 17), sizeof(u->region));
	bm_strlcpy(u->member_name, db_text(st, 18), sizeof(u->member_name));
}

static int roles_load(struct db *db, struct user *u, struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, "SELECT role FROM user_roles WHERE user_id = ?",
			  DB_ARGS(DB_INT(u->id)), err);

	if (rc != 0)
		return rc;
	u->roles = 0;
	while ((rc = db_next_err(st, err)) == DB_ROW) {
		enum role r;
		if (role_parse(db_text(st, 0), &r) == 0)
			u->roles |= ROLE_BIT(r);
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

static int roles_store(struct db *db, const struct user *u, struct bm_err *err)
{
	int rc = db_exec(db, "DELETE FROM user_roles WHERE user_id = ?", DB_ARGS(DB_INT(u->id)),
			 NULL, err);

	for (int i = 0; rc == 0 && i < ROLE_COUNT; i++)
		if (u->roles & ROLE_BIT(i))
			rc = db_exec(db, "INSERT INTO user_roles (user_id, role) VALUES (?, ?)",
				     DB_ARGS(DB_INT(u->id), DB_TEXT(role_name((enum role)i))), NULL,
				     err);
	return rc;
}

static int get_one(struct db *db, const char *sql, const struct db_arg *arg, struct user *u,
		   struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, sql, arg, 1, err);

	if (rc != 0)
		return rc;
	rc = db_next_err(st, err);
	if (rc == DB_ROW)
		user_read(st, u);
	db_done(st);
	if (rc == DB_DONE)
		return bm_err_set(err, BM_ENOTFOUND, NULL, NULL, "user not found");
	return rc < 0 ? rc : roles_load(db, u, err);
}

int users_repo_get(struct db *db, int64_t id, struct user *u, struct bm_err *err)
{
	return get_one(db, "SELECT " USER_COLUMNS USER_FROM " WHERE u.id = ?", &DB_INT(id), u, err);
}

int users_repo_get_by_login(struct db *db, const char *login, struct user *u, struct bm_err *err)
{
	return get_one(db, "SELECT " USER_COLUMNS USER_FROM " WHERE u.login = ?", &DB_TEXT(login),
		       u, err);
}

int users_repo_get_by_session(struct db *db, const unsigned char token_hash[32],
			      struct session_rec *sess, struct user *u, struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st,
			  "SELECT " USER_COLUMNS ", s.created_at, s.last_seen_at" USER_FROM
			  " JOIN sessions s ON s.user_id = u.id WHERE s.token_hash = ?",
			  DB_ARGS(DB_BLOB(token_hash, 32)), err);

	if (rc != 0)
		return rc;
	rc = db_next_err(st, err);
	if (rc == DB_ROW) {
		user_read(st, u);
		memset(sess, 0, sizeof(*sess));
		memcpy(sess->token_hash, token_hash, 32);
		sess->user_id = u->id;
		sess->created_at = db_int(st, 19);
		sess->last_seen_at = db_int(st, 20);
	}
	db_done(st);
	if (rc == DB_DONE)
		return bm_err_set(err, BM_ENOTFOUND, NULL, NULL, "no such session");
	return rc < 0 ? rc : roles_load(db, u, err);
}

int users_repo_insert(struct db *db, struct user *u, struct bm_err *err)
{
	char comps[COMPARTMENTS_TEXT_MAX];
	int rc;

	compartments_format(&u->clearance.comps, comps, sizeof(comps));
	u->version = 1;
	rc = db_exec_int(db,
			 "INSERT INTO users (login, display_name, pw_hash, authority_id, unit_id,"
			 " clearance_level, clearance_compartments, disabled, must_change_password,"
			 " password_changed_at, created_at, updated_at, version)"
			 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
			 DB_ARGS(DB_TEXT(u->login), DB_TEXT(u->display_name), DB_TEXT(u->pw_hash),
				 DB_ID_OR_NULL(u->authority_id), DB_ID_OR_NULL(u->unit_id),
				 DB_INT(u->clearance.level), DB_TEXT(comps), DB_INT(u->disabled),
				 DB_INT(u->must_change_password), DB_INT(u->password_changed_at),
				 DB_INT(u->created_at), DB_INT(u->updated_at)),
			 &u->id, err);
	return rc != 0 ? rc : roles_store(db, u, err);
}

int users_repo_update(struct db *db, struct user *u, int64_t expected_version, struct bm_err *err)
{
	char comps[COMPARTMENTS_TEXT_MAX];
	int64_t changes = 0;
	int rc;

	compartments_format(&u->clearance.comps, comps, sizeof(comps));
	rc = db_exec(
		db,
		"UPDATE users SET display_name = ?, pw_hash = ?, authority_id = ?, unit_id = ?,"
		" clearance_level = ?, clearance_compartments = ?, disabled = ?,"
		" must_change_password = ?, failed_count = ?, failed_since = ?,"
		" locked_until = ?, password_changed_at = ?, updated_at = ?,"
		" version = version + 1 WHERE id = ? AND version = ?",
		DB_ARGS(DB_TEXT(u->display_name), DB_TEXT(u->pw_hash),
			DB_ID_OR_NULL(u->authority_id), DB_ID_OR_NULL(u->unit_id),
			DB_INT(u->clearance.level), DB_TEXT(comps), DB_INT(u->disabled),
			DB_INT(u->must_change_password), DB_INT(u->failed_count),
			DB_INT(u->failed_since), DB_INT(u->locked_until),
			DB_INT(u->password_changed_at), DB_INT(u->updated_at), DB_INT(u->id),
			DB_INT(expected_version)),
		&changes, err);
	if (rc != 0)
		return rc;
	if (changes == 0) {
		struct user cur;
		rc = users_repo_get(db, u->id, &cur, err);
		if (rc != 0)
			return rc;
		return bm_err_set(err, BM_ESTALE, "version_mismatch", NULL,
				  "the user was changed by someone else (now version %lld)",
				  (long long)cur.version);
	}
	u->version = expected_version + 1;
	return roles_store(db, u, err);
}

int users_repo_set_login_state(struct db *db, const struct user *u, struct bm_err *err)
{
	return db_exec(db,
		       "UPDATE users SET failed_count = ?, failed_since = ?, locked_until = ?"
		       " WHERE id = ?",
		       DB_ARGS(DB_INT(u->failed_count), DB_INT(u->failed_since),
			       DB_INT(u->locked_until), DB_INT(u->id)),
		       NULL, err);
}

int users_repo_list(struct db *db, const struct user_filter *f, visit_fn fn, void *ctx,
		    struct bm_err *err)
{
	struct db_stmt *st;
	struct user u;
	int rc;

	rc = db_query(
		db, &st,
		"SELECT " USER_COLUMNS USER_FROM " WHERE u.id > ?1"
		" AND (?2 = 0 OR u.authority_id = ?2)"
		" AND (?3 = 0 OR u.unit_id = ?3)"
		" AND (?4 IS NULL OR instr(u.login, ?4) > 0 OR instr(u.display_name, ?4) > 0)"
		" AND (?5 IS NULL OR u.id IN (SELECT user_id FROM user_roles WHERE role = ?5))"
		" ORDER BY u.id",
		DB_ARGS(DB_INT(f->after_id), DB_INT(f->authority_id), DB_INT(f->unit_id),
			DB_TEXT(f->q), DB_TEXT(f->role)),
		err);
	if (rc != 0)
		return rc;
	while ((rc = db_next_err(st, err)) == DB_ROW) {
		user_read(st, &u);
		/* roles come from a second statement on the same connection */
		rc = roles_load(db, &u, err);
		if (rc == 0)
			rc = fn(ctx, &u);
		if (rc != 0)
			break;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

int users_repo_count(struct db *db, int64_t *n, struct bm_err *err)
{
	return db_exec_int(db, "SELECT COUNT(*) FROM users", DB_NOARGS, n, err);
}
