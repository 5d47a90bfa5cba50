/*
 * users_repo.h - SQL for users and their roles.
 */
#ifndef BM_USERS_REPO_H
#define BM_USERS_REPO_H

#include "base/err.h"
#include "store/model.h"

struct db;

struct user_filter {
	int64_t authority_id; /* 0 = any */
	int64_t unit_id;      /* 0 = any */
	const char *q;	      /* substring of login or display name, or NULL */
	const char *role;     /* role name, or NULL */
	int64_t after_id;     /* cursor */
};

int users_repo_get(struct db *db, int64_t id, struct user *u, struct bm_err *err);
int users_repo_get_by_login(struct db *db, const char *login, struct user *u, struct bm_err *err);
/* The session with this token hash and its user, in one query (BM_ENOTFOUND). */
int users_repo_get_by_session(struct db *db, const unsigned char token_hash[32],
			      struct session_rec *sess, struct user *u, struct bm_err *err);
/* Insert u (roles included); sets u->id and u->version. */
int users_repo_insert(struct db *db, struct user *u, struct bm_err *err);
/*
 * Write every field of u (and its roles) if the stored version is still
 * expected_version; bumps u->version. BM_ESTALE when the version moved on,
 * BM_ENOTFOUND when the user is gone.
 */
int users_repo_update(struct db *db, struct user *u, int64_t expected_version, struct bm_err *err);
/* Login bookkeeping that must not disturb the version: failures and lockout. */
int users_repo_set_login_state(struct db *db, const struct user *u, struct bm_err *err);
/* Visit users matching f in id order (fn gets const struct user *). */
int users_repo_list(struct db *db, const struct user_filter *f, visit_fn fn, void *ctx,
		    struct bm_err *err);
int users_repo_count(struct db *db, int64_t *n, struct bm_err *err);

#endif
