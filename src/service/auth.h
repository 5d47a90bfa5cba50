/*
 * auth.h - logging in and out, resolving a request's credentials into a principal,
 * the caller's own password and API tokens.
 *
 * Login protection: an account is locked for lockout_duration after
 * lockout_failures failed attempts within lockout_window. An unknown login, a wrong
 * password, a locked and a disabled account all answer the same BM_EAUTH
 * "invalid_credentials" after the same Argon2id work; only the audit trail tells
 * them apart.
 */
#ifndef BM_AUTH_H
#define BM_AUTH_H

#include "sec/token.h"
#include "service/svc.h"
#include "store/model.h"

#define SESSION_COOKIE	 "bm_session"
#define API_TOKEN_PREFIX "bmt_"

struct login_result {
	char token[TOKEN_TEXT_MAX]; /* the session cookie value */
	char csrf[TOKEN_TEXT_MAX];  /* the value X-CSRF-Token must carry */
	struct user user;
};

int auth_login(struct svc *s, const char *login, const char *password, struct login_result *out,
	       struct bm_err *err);
/* End the session whose cookie value is token (the caller's own). */
int auth_logout(struct svc *s, const char *token, struct bm_err *err);

/*
 * Resolve a session cookie into s->who. An expired session is deleted and answers
 * BM_EAUTH "session_expired". When csrf is not NULL it must equal the session's CSRF
 * token (BM_EFORBIDDEN "csrf_failed" otherwise).
 */
int auth_session(struct svc *s, const char *token, const char *csrf, struct bm_err *err);
/* Resolve an API token ("Authorization: Bearer bmt_...") into s->who. */
int auth_bearer(struct svc *s, const char *token, struct bm_err *err);
/* The CSRF token that belongs to a session token. */
void auth_csrf_for(const struct svc *s, const char *session_token, char out[TOKEN_TEXT_MAX]);

/* The caller's own user record. */
int auth_me(struct svc *s, struct user *u, struct bm_err *err);
/* Change the caller's password; ends the caller's other sessions. */
int auth_change_password(struct svc *s, const char *current, const char *next,
			 const char *keep_session, struct bm_err *err);

int auth_token_create(struct svc *s, const char *name, int64_t days, struct api_token *t,
		      char secret[TOKEN_TEXT_MAX], struct bm_err *err);
int auth_token_list(struct svc *s, visit_fn fn, void *ctx, struct bm_err *err);
int auth_token_revoke(struct svc *s, int64_t id, struct bm_err *err);

/* Fill a principal from a user record. */
void auth_principal_from_user(const struct user *u, enum auth_kind kind, struct principal *p);

#endif
