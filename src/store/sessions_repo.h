/*
 * sessions_repo.h - SQL for login sessions and API tokens (both stored as hashes).
 */
#ifndef BM_SESSIONS_REPO_H
#define BM_SESSIONS_REPO_H

#include "base/err.h"
#include "store/model.h"

struct db;

int sessions_repo_insert(struct db *db, const struct session_rec *s, const char *client_addr,
			 struct bm_err *err);
int sessions_repo_touch(struct db *db, const unsigned char token_hash[32], int64_t now,
			struct bm_err *err);
int sessions_repo_delete(struct db *db, const unsigned char token_hash[32], struct bm_err *err);
/* Remove every session of a user (password change, disable); *n gets the count. */
int sessions_repo_delete_user(struct db *db, int64_t user_id, int64_t *n, struct bm_err *err);
/* Remove every session of a user but the one whose hash is keep. */
int sessions_repo_delete_others(struct db *db, int64_t user_id, const unsigned char keep[32],
				struct bm_err *err);
/* Revoke every live API token of a user. */
int tokens_repo_revoke_user(struct db *db, int64_t user_id, int64_t now, struct bm_err *err);
/* Remove sessions idle since before idle_cutoff or created before abs_cutoff. */
int sessions_repo_purge(struct db *db, int64_t idle_cutoff, int64_t abs_cutoff, struct bm_err *err);

int tokens_repo_insert(struct db *db, struct api_token *t, const unsigned char hash[32],
		       struct bm_err *err);
/* Find a token by hash (revoked or expired ones too; the caller decides). */
int tokens_repo_get_by_hash(struct db *db, const unsigned char hash[32], struct api_token *t,
			    struct bm_err *err);
int tokens_repo_get(struct db *db, int64_t id, struct api_token *t, struct bm_err *err);
int tokens_repo_revoke(struct db *db, int64_t id, int64_t now, struct bm_err *err);
int tokens_repo_touch(struct db *db, int64_t id, int64_t now, struct bm_err *err);
/* Visit a user's tokens, newest first (fn gets const struct api_token *). */
int tokens_repo_list(struct db *db, int64_t user_id, visit_fn fn, void *ctx, struct bm_err *err);

#endif
