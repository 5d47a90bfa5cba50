/*
 * users.h - managing accounts (system_admin) and their access (security_admin).
 *
 * Creating an account is system_admin's; giving it roles, a membership and a
 * clearance is security_admin's. A request that does both needs both permissions
 * (only the operator at the command line holds both). The three administrator roles
 * never meet on one account, and nobody changes their own account's access.
 */
#ifndef BM_USERS_H
#define BM_USERS_H

#include "service/svc.h"
#include "store/model.h"
#include "store/users_repo.h"

struct user_access {
	unsigned roles;
	int64_t authority_id; /* at most one of authority_id, unit_id */
	int64_t unit_id;
	struct label clearance;
};

struct user_new {
	const char *login;
	const char *display_name;
	const char *password;
	int must_change_password;
	const struct user_access *access; /* NULL: no roles, no membership, internal */
};

int users_create(struct svc *s, const struct user_new *in, struct user *out, struct bm_err *err);
int users_get(struct svc *s, int64_t id, struct user *out, struct bm_err *err);
/* Visit up to limit visible users after f->after_id; *next is the cursor for the
 * following page, 0 at the end. */
int users_list(struct svc *s, const struct user_filter *f, int limit, visit_fn fn, void *ctx,
	       int64_t *next, struct bm_err *err);
/* Change display name (NULL = keep) and disabled flag (-1 = keep). Disabling ends the
 * user's sessions. */
int users_update(struct svc *s, int64_t id, int64_t if_match, const char *display_name,
		 int disabled, struct user *out, struct bm_err *err);
/* Set a new password chosen by the administrator; the user must change it at next
 * login, and their sessions end. */
int users_reset_password(struct svc *s, int64_t id, const char *password, struct user *out,
			 struct bm_err *err);
int users_set_access(struct svc *s, int64_t id, int64_t if_match, const struct user_access *acc,
		     struct user *out, struct bm_err *err);

/* 1 when login is 3..64 characters of [a-z0-9._-] starting with a letter or digit. */
int users_login_ok(const char *login);

/* JSON of a role mask (array of names) and of a label ({level, compartments}). */
json_t *users_roles_json(unsigned roles);
json_t *label_json(const struct label *l);

#endif
