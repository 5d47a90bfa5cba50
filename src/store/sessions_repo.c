/*
 * sessions_repo.c - sessions and api_tokens.
 */
#include <string.h>

#include "base/str.h"
#include "store/db.h"
#include "store/sessions_repo.h"
#include "base/banned.h"

int sessions_repo_insert(struct db *db, const struct session_rec *s, const char *client_addr,
			 struct bm_err *err)
{
	return db_exec(db,
		       "INSERT INTO sessions (token_hash, user_id, created_at,"
		       " last_seen_at, client_addr) VALUES (?, ?, ?, ?, ?)",
		       DB_ARGS(DB_BLOB(s->token_hash, 32), DB_INT(s->user_id),
			       DB_INT(s->created_at), DB_INT(s->last_seen_at),
			       DB_TEXT(client_addr)),
		       NULL, err);
}

int sessions_repo_touch(struct db *db, const unsigned char token_hash[32], int64_t now,
			struct bm_err *err)
{
	return db_exec(db, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?",
		       DB_ARGS(DB_INT(now), DB_BLOB(token_hash, 32)), NULL, err);
}

int sessions_repo_delete(struct db *db, const unsigned char token_hash[32], struct bm_err *err)
{
	return db_exec(db, "DELETE FROM sessions WHERE token_hash = ?",
		       DB_ARGS(DB_BLOB(token_hash, 32)), NULL, err);
}

int sessions_repo_delete_user(struct db *db, int64_t user_id, int64_t *n, struct bm_err *err)
{
	return db_exec(db, "DELETE FROM sessions WHERE user_id = ?", DB_ARGS(DB_INT(user_id)), n,
		       err);
}

int sessions_repo_delete_others(struct db *db, int64_t user_id, const unsigned char keep[32],
				struct bm_err *err)
{
	return db_exec(db, "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?",
		       DB_ARGS(DB_INT(user_id), DB_BLOB(keep, 32)), NULL, err);
}

int tokens_repo_revoke_user(struct db *db, int64_t user_id, int64_t now, struct bm_err *err)
{
	return db_exec(
		db, "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
		DB_ARGS(DB_INT(now), DB_INT(user_id)), NULL, err);
}

int sessions_repo_purge(struct db *db, int64_t idle_cutoff, int64_t abs_cutoff, struct bm_err *err)
{
	return db_exec(db, "DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?",
		       DB_ARGS(DB_INT(idle_cutoff), DB_INT(abs_cutoff)), NULL, err);
}

#define TOKEN_COLUMNS "id, user_id, name, hint, created_at, expires_at, revoked_at, last_used_at"

static void token_read(struct db_stmt *st, struct api_token *t)
{
	memset(t, 0, sizeof(*t));
	t->id = db_int(st, 0);
	t->user_id = db_int(st, 1);
	bm_strlcpy(t->name, db_text(st, 2), sizeof(t->name));
	bm_strlcpy(t->hint, db_text(st, 3), sizeof(t->hint));
	t->created_at = db_int(st, 4);
	t->expires_at = db_int(st, 5);
	t->revoked_at = db_int(st, 6);
	t->last_used_at = db_int(st, 7);
}

int tokens_repo_insert(struct db *db, struct api_token *t, const unsigned char hash[32],
		       struct bm_err *err)
{
	return db_exec_int(db,
			   "INSERT INTO api_tokens (user_id, name, token_hash, hint, created_at,"
			   " expires_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
			   DB_ARGS(DB_INT(t->user_id), DB_TEXT(t->name), DB_BLOB(hash, 32),
				   DB_TEXT(t->hint), DB_INT(t->created_at), DB_INT(t->expires_at)),
			   &t->id, err);
}

static int token_one(struct db *db, const char *sql, const struct db_arg *arg, struct api_token *t,
		     struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, sql, arg, 1, err);

	if (rc != 0)
		return rc;
	rc = db_next_err(st, err);
	if (rc == DB_ROW)
		token_read(st, t);
	db_done(st);
	if (rc == DB_DONE)
		return bm_err_set(err, BM_ENOTFOUND, NULL, NULL, "no such token");
	return rc < 0 ? rc : 0;
}

int tokens_repo_get_by_hash(struct db *db, const unsigned char hash[32], struct api_token *t,
			    struct bm_err *err)
{
	return token_one(db, "SELECT " TOKEN_COLUMNS " FROM api_tokens WHERE token_hash = ?",
			 &DB_BLOB(hash, 32), t, err);
}

int tokens_repo_get(struct db *db, int64_t id, struct api_token *t, struct bm_err *err)
{
	return token_one(db, "SELECT " TOKEN_COLUMNS " FROM api_tokens WHERE id = ?", &DB_INT(id),
			 t, err);
}

int tokens_repo_revoke(struct db *db, int64_t id, int64_t now, struct bm_err *err)
{
	return db_exec(db,
		       "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
		       DB_ARGS(DB_INT(now), DB_INT(id)), NULL, err);
}

int tokens_repo_touch(struct db *db, int64_t id, int64_t now, struct bm_err *err)
{
	return db_exec(db, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?",
		       DB_ARGS(DB_INT(now), DB_INT(id)), NULL, err);
}

int tokens_repo_list(struct db *db, int64_t user_id, visit_fn fn, void *ctx, struct bm_err *err)
{
	struct db_stmt *st;
	struct api_token t;
	int rc = db_query(db, &st,
			  "SELECT " TOKEN_COLUMNS
			  " FROM api_tokens WHERE user_id = ? ORDER BY id DESC",
			  DB_ARGS(DB_INT(user_id)), err);

	if (rc != 0)
		return rc;
	while ((rc = db_next_err(st, err)) == DB_ROW) {
		token_read(st, &t);
		rc = fn(ctx, &t);
		if (rc != 0)
			break;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}
