/*
 * notify_repo.c - notifications.
 */
#include "store/db.h"
#include "store/notify_repo.h"
#include "base/banned.h"

int notify_repo_add(struct db *db, const struct notification *n, struct bm_err *err)
{
	return db_exec(db,
		       "INSERT INTO notifications (user_id, application_id, kind, text_zh, text_en,"
		       " created_at) VALUES (?, ?, ?, ?, ?, ?)",
		       DB_ARGS(DB_INT(n->user_id), DB_ID_OR_NULL(n->application_id),
			       DB_TEXT(n->kind), DB_TEXT(n->text_zh), DB_TEXT(n->text_en),
			       DB_INT(n->created_at)),
		       NULL, err);
}

int notify_repo_add_unit(struct db *db, int64_t unit_id, const struct notification *n,
			 struct bm_err *err)
{
	return db_exec(db,
		       "INSERT INTO notifications (user_id, application_id, kind, text_zh, text_en,"
		       " created_at) SELECT id, ?, ?, ?, ?, ? FROM users WHERE unit_id = ?"
		       " AND disabled = 0",
		       DB_ARGS(DB_ID_OR_NULL(n->application_id), DB_TEXT(n->kind),
			       DB_TEXT(n->text_zh), DB_TEXT(n->text_en), DB_INT(n->created_at),
			       DB_INT(unit_id)),
		       NULL, err);
}

int notify_repo_add_authority(struct db *db, int64_t authority_id, const char *role,
			      const struct notification *n, struct bm_err *err)
{
	return db_exec(db,
		       "INSERT INTO notifications (user_id, application_id, kind, text_zh, text_en,"
		       " created_at) SELECT u.id, ?, ?, ?, ?, ? FROM users u"
		       " JOIN user_roles r ON r.user_id = u.id AND r.role = ?"
		       " WHERE (?7 = 0 OR u.authority_id = ?7) AND u.disabled = 0",
		       DB_ARGS(DB_ID_OR_NULL(n->application_id), DB_TEXT(n->kind),
			       DB_TEXT(n->text_zh), DB_TEXT(n->text_en), DB_INT(n->created_at),
			       DB_TEXT(role), DB_INT(authority_id)),
		       NULL, err);
}

int notify_repo_list(struct db *db, int64_t user_id, int unread_only, int64_t before_id,
		     visit_fn fn, void *ctx, struct bm_err *err)
{
	struct notification n;
	struct db_stmt *st;
	int rc = db_query(db, &st,
			  "SELECT id, user_id, application_id, created_at, read_at, kind, text_zh,"
			  " text_en FROM notifications WHERE user_id = ?1"
			  " AND (?2 = 0 OR read_at IS NULL) AND (?3 = 0 OR id < ?3)"
			  " ORDER BY id DESC",
			  DB_ARGS(DB_INT(user_id), DB_INT(unread_only), DB_INT(before_id)), err);

	if (rc != 0)
		return rc;
	while ((rc = db_next_err(st, err)) == DB_ROW) {
		n.id = db_int(st, 0);
		n.user_id = db_int(st, 1);
		n.application_id = db_int(st, 2);
		n.created_at = db_int(st, 3);
		n.read_at = db_int(st, 4);
		n.kind = db_text(st, 5);
		n.text_zh = db_text(st, 6);
		n.text_en = db_text(st, 7);
		rc = fn(ctx, &n);
		if (rc != 0)
			break;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

int notify_repo_unread(struct db *db, int64_t user_id, int64_t *n, struct bm_err *err)
{
	return db_exec_int(
		db, "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL",
		DB_ARGS(DB_INT(user_id)), n, err);
}

int notify_repo_mark_read(struct db *db, int64_t user_id, int64_t id, int64_t now,
			  struct bm_err *err)
{
	return db_exec(db,
		       "UPDATE notifications SET read_at = ?1 WHERE user_id = ?2"
		       " AND (?3 = 0 OR id = ?3) AND read_at IS NULL",
		       DB_ARGS(DB_INT(now), DB_INT(user_id), DB_INT(id)), NULL, err);
}
