/*
 * auth.c - login, sessions, API tokens and the caller's own password.
 */
#include <sodium.h>
#include <string.h>

#include "base/str.h"
#include "core/password_policy.h"
#include "sec/password.h"
#include "service/auth.h"
#include "store/orgs_repo.h"
#include "store/sessions_repo.h"
#include "store/users_repo.h"
#include "base/banned.h"

#define TOUCH_EVERY_MS 60000 /* refresh last-seen at most once a minute */

void auth_principal_from_user(const struct user *u, enum auth_kind kind, struct principal *p)
{
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->user_id = u->id;
	bm_strlcpy(p->login, u->login, sizeof(p->login));
	p->roles = u->roles;
	p->clearance = u->clearance;
	p->must_change_password = u->must_change_password;
	p->membership = u->authority_id != 0 ? MEMBER_AUTHORITY
			: u->unit_id != 0    ? MEMBER_UNIT
					     : MEMBER_NONE;
	p->authority_id = u->authority_id;
	p->unit_id = u->unit_id;
	bm_strlcpy(p->region, u->region, sizeof(p->region));
}

void auth_csrf_for(const struct svc *s, const char *session_token, char out[TOKEN_TEXT_MAX])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;

	/* Derived, not stored: HMAC(mac_key, "csrf:" || token). */
	crypto_auth_hmacsha256_init(&st, s->keys->mac_key, 32);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)"csrf:", 5);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)session_token,
				      strlen(session_token));
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2base64(out, TOKEN_TEXT_MAX, mac, sizeof(mac),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static int invalid_credentials(struct bm_err *err)
{
	return bm_err_set(err, BM_EAUTH, "invalid_credentials", NULL, "invalid login or password");
}

/* Record a failed attempt for an existing user: count, maybe lock, audit. */
/*
 * Record a failed password check for an existing user under audit action `action`:
 * a wrong password counts towards the lockout (and may lock the account, which also
 * ends its sessions); other reasons (locked, disabled) are only audited.
 */
static int password_failed(struct svc *s, int64_t user_id, const char *action, const char *reason,
			   struct bm_err *err)
{
	struct user u;
	int locked_now = 0;
	int rc = svc_begin(s, DB_TX_WRITE, err);

	if (rc == 0)
		rc = users_repo_get(s->db, user_id, &u, err);
	if (rc == 0 && strcmp(reason, "wrong_password") == 0) {
		if (u.failed_count == 0 || s->now - u.failed_since > s->cfg->lockout_window_ms) {
			u.failed_count = 1;
			u.failed_since = s->now;
		} else {
			u.failed_count++;
		}
		if (u.failed_count >= s->cfg->lockout_failures) {
			u.locked_until = s->now + s->cfg->lockout_duration_ms;
			u.failed_count = 0;
			locked_now = 1;
		}
		rc = users_repo_set_login_state(s->db, &u, err);
		if (rc == 0 && locked_now)
			rc = sessions_repo_delete_user(s->db, user_id, NULL, err);
	}
	if (rc == 0) {
		char id[24];
		snprintf(id, sizeof(id), "%lld", (long long)user_id);
		rc = svc_audit_outcome(s, action, "user", id, "failure",
				       json_pack("{s:s}", "reason", reason), err);
		if (rc == 0 && locked_now)
			rc = svc_audit_outcome(
				s, "user.lock", "user", id, "ok",
				json_pack("{s:I}", "locked_until", (json_int_t)u.locked_until),
				err);
	}
	return svc_end(s, rc, err);
}

int auth_login(struct svc *s, const char *login, const char *password, struct login_result *out,
	       struct bm_err *err)
{
	struct session_rec sess;
	struct user u;
	const char *reason = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = users_repo_get_by_login(s->db, login, &u, err);
	if (rc == BM_ENOTFOUND) {
		char h[HMAC_TEXT_LEN];
		password_verify_dummy(password);
		svc_hmac(s, login, h);
		svc_audit_alone(s, "session.login", "user", "", "failure",
				json_pack("{s:s,s:s}", "reason", "unknown_login", "login", h));
		return invalid_credentials(err);
	}
	if (rc != 0)
		return rc;
	/* Always do the Argon2id work, whatever the account's state. */
	if (password_verify(u.pw_hash, password) != 0)
		reason = "wrong_password";
	if (u.locked_until > s->now)
		reason = "locked";
	if (u.disabled)
		reason = "disabled";
	if (reason != NULL) {
		rc = password_failed(s, u.id, "session.login", reason, err);
		return rc != 0 ? rc : invalid_credentials(err);
	}

	rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc != 0)
		return rc;
	auth_principal_from_user(&u, AUTH_SESSION, &s->who);
	if (u.failed_count != 0 || u.locked_until != 0) {
		u.failed_count = 0;
		u.failed_since = 0;
		u.locked_until = 0;
		rc = users_repo_set_login_state(s->db, &u, err);
	}
	if (rc == 0) {
		memset(&sess, 0, sizeof(sess));
		token_new("", out->token);
		token_hash(out->token, sess.token_hash);
		sess.user_id = u.id;
		sess.created_at = s->now;
		sess.last_seen_at = s->now;
		rc = sessions_repo_insert(s->db, &sess, s->client_addr, err);
	}
	if (rc == 0)
		rc = svc_audit(s, "session.login", "user", u.id, NULL, err);
	rc = svc_end(s, rc, err);
	if (rc != 0) {
		sodium_memzero(out, sizeof(*out));
		return rc;
	}
	auth_csrf_for(s, out->token, out->csrf);
	out->user = u;
	return 0;
}

int auth_logout(struct svc *s, const char *token, struct bm_err *err)
{
	unsigned char h[TOKEN_HASH_BYTES];
	struct resource r = { .type = "session", .user_id = s->who.user_id, .scoped = 1 };
	int rc = svc_begin(s, DB_TX_WRITE, err);

	if (rc == 0)
		rc = svc_authorize(s, ACT_SELF, &r, err);
	if (rc == 0) {
		token_hash(token, h);
		rc = sessions_repo_delete(s->db, h, err);
	}
	if (rc == 0)
		rc = svc_audit(s, "session.logout", "user", s->who.user_id, NULL, err);
	return svc_end(s, rc, err);
}

static int session_expired(struct svc *s, const unsigned char h[TOKEN_HASH_BYTES], const char *why,
			   struct bm_err *err)
{
	struct bm_err ignored;
	int rc = db_begin(s->db, DB_TX_WRITE, &ignored);

	if (rc == 0)
		rc = sessions_repo_delete(s->db, h, &ignored);
	if (rc == 0)
		db_commit(s->db, &ignored);
	else
		db_rollback(s->db);
	return bm_err_set(err, BM_EAUTH, "session_expired", NULL, "%s", why);
}

int auth_session(struct svc *s, const char *token, const char *csrf, struct bm_err *err)
{
	unsigned char h[TOKEN_HASH_BYTES];
	struct session_rec sess;
	struct user u;
	int rc;

	if (!token_shape_ok(token, ""))
		return bm_err_set(err, BM_EAUTH, "unauthenticated", NULL, "not logged in");
	token_hash(token, h);
	/* one read transaction for the session, user and roles statements */
	rc = db_begin(s->db, DB_TX_READ, err);
	if (rc == 0) {
		rc = users_repo_get_by_session(s->db, h, &sess, &u, err);
		db_rollback(s->db);
	}
	if (rc == BM_ENOTFOUND)
		return bm_err_set(err, BM_EAUTH, "unauthenticated", NULL, "not logged in");
	if (rc != 0)
		return rc;
	if (s->now - sess.last_seen_at > s->cfg->session_idle_ms)
		return session_expired(s, h, "session expired after inactivity", err);
	if (s->now - sess.created_at > s->cfg->session_absolute_ms)
		return session_expired(s, h, "session reached its maximum age", err);
	if (u.disabled || u.locked_until > s->now)
		return session_expired(s, h, "the account is disabled or locked", err);
	auth_principal_from_user(&u, AUTH_SESSION, &s->who);
	s->me = u;
	if (csrf != NULL) {
		char want[TOKEN_TEXT_MAX];
		auth_csrf_for(s, token, want);
		if (strlen(csrf) != strlen(want) || sodium_memcmp(csrf, want, strlen(want)) != 0)
			return bm_err_set(err, BM_EFORBIDDEN, "csrf_failed", "X-CSRF-Token",
					  "missing or wrong X-CSRF-Token header");
	}
	/* Refresh last-seen at most once a minute, and often enough for short
	 * idle timeouts: activity must always keep a session alive. */
	if (s->now - sess.last_seen_at > (s->cfg->session_idle_ms / 2 < TOUCH_EVERY_MS
						  ? s->cfg->session_idle_ms / 2
						  : TOUCH_EVERY_MS)) {
		struct bm_err ignored;
		if (db_begin(s->db, DB_TX_WRITE, &ignored) == 0) {
			if (sessions_repo_touch(s->db, h, s->now, &ignored) == 0)
				db_commit(s->db, &ignored);
			else
				db_rollback(s->db);
		}
	}
	return 0;
}

int auth_bearer(struct svc *s, const char *token, struct bm_err *err)
{
	unsigned char h[TOKEN_HASH_BYTES];
	struct api_token t;
	struct user u;
	int rc;

	if (!token_shape_ok(token, API_TOKEN_PREFIX))
		return bm_err_set(err, BM_EAUTH, "invalid_token", NULL, "invalid API token");
	token_hash(token, h);
	rc = tokens_repo_get_by_hash(s->db, h, &t, err);
	if (rc == BM_ENOTFOUND)
		return bm_err_set(err, BM_EAUTH, "invalid_token", NULL, "invalid API token");
	if (rc != 0)
		return rc;
	if (t.revoked_at != 0)
		return bm_err_set(err, BM_EAUTH, "token_revoked", NULL, "API token was revoked");
	if (t.expires_at <= s->now)
		return bm_err_set(err, BM_EAUTH, "token_expired", NULL, "API token has expired");
	rc = users_repo_get(s->db, t.user_id, &u, err);
	if (rc != 0)
		return rc;
	if (u.disabled || u.locked_until > s->now)
		return bm_err_set(err, BM_EAUTH, "invalid_token", NULL,
				  "the account is disabled or locked");
	auth_principal_from_user(&u, AUTH_TOKEN, &s->who);
	s->me = u;
	s->who.token_id = t.id;
	if (s->now - t.last_used_at > TOUCH_EVERY_MS) {
		struct bm_err ignored;
		if (db_begin(s->db, DB_TX_WRITE, &ignored) == 0) {
			if (tokens_repo_touch(s->db, t.id, s->now, &ignored) == 0)
				db_commit(s->db, &ignored);
			else
				db_rollback(s->db);
		}
	}
	return 0;
}

static struct resource self_resource(const struct svc *s, const char *type)
{
	struct resource r = {
		.type = type, .id = s->who.user_id, .scoped = 1, .user_id = s->who.user_id
	};
	return r;
}

int auth_me(struct svc *s, struct user *u, struct bm_err *err)
{
	struct resource r = self_resource(s, "user");
	int rc = svc_authorize(s, ACT_SELF, &r, err);

	/* The record was read when the request's credentials were resolved. */
	if (rc == 0 && s->me.id == s->who.user_id)
		*u = s->me;
	else if (rc == 0)
		rc = users_repo_get(s->db, s->who.user_id, u, err);
	return svc_end(s, rc, err);
}

/* Delete every session of the user except keep (may be NULL); keep keeps its age. */
static int end_other_sessions(struct svc *s, int64_t user_id, const char *keep, struct bm_err *err)
{
	unsigned char h[TOKEN_HASH_BYTES];

	if (keep == NULL)
		return sessions_repo_delete_user(s->db, user_id, NULL, err);
	token_hash(keep, h);
	return sessions_repo_delete_others(s->db, user_id, h, err);
}

int auth_change_password(struct svc *s, const char *current, const char *next,
			 const char *keep_session, struct bm_err *err)
{
	struct resource r = self_resource(s, "user");
	char hash[PASSWORD_HASH_LEN];
	enum password_check pc;
	struct user u;
	int rc = svc_authorize(s, ACT_SELF, &r, err);

	if (rc == 0)
		rc = users_repo_get(s->db, s->who.user_id, &u, err);
	if (rc != 0)
		return svc_end(s, rc, err);
	if (password_verify(u.pw_hash, current) != 0) {
		/* a guessed current password counts towards the lockout like a login */
		rc = password_failed(s, u.id, "user.password_change", "wrong_password", err);
		return rc != 0 ? rc
			       : bm_err_set(err, BM_EINVAL, "wrong_password", "current_password",
					    "the current password is wrong");
	}
	pc = password_policy_check(next, u.login);
	if (pc != PW_OK)
		return bm_err_set(err, BM_EINVAL, "weak_password", "new_password", "%s",
				  password_policy_message(pc));
	if (strcmp(current, next) == 0)
		return bm_err_set(err, BM_EINVAL, "weak_password", "new_password",
				  "the new password must differ from the current one");
	if (password_hash(next, hash) != 0)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "cannot hash password");
	rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = users_repo_get(s->db, s->who.user_id, &u, err);
	if (rc == 0) {
		bm_strlcpy(u.pw_hash, hash, sizeof(u.pw_hash));
		u.must_change_password = 0;
		u.password_changed_at = s->now;
		u.updated_at = s->now;
		rc = users_repo_update(s->db, &u, u.version, err);
	}
	if (rc == 0)
		rc = end_other_sessions(s, u.id, keep_session, err);
	if (rc == 0)
		rc = svc_audit(s, "user.password_change", "user", u.id, NULL, err);
	sodium_memzero(hash, sizeof(hash));
	return svc_end(s, rc, err);
}

int auth_token_create(struct svc *s, const char *name, int64_t days, struct api_token *t,
		      char secret[TOKEN_TEXT_MAX], struct bm_err *err)
{
	struct resource r = self_resource(s, "api_token");
	unsigned char h[TOKEN_HASH_BYTES];
	int rc;

	if (days < 1 || days > s->cfg->api_token_max_days)
		return bm_err_set(err, BM_EINVAL, "out_of_range", "expires_in_days",
				  "expires_in_days must be between 1 and %lld",
				  (long long)s->cfg->api_token_max_days);
	if (s->who.kind == AUTH_TOKEN)
		return bm_err_set(err, BM_EFORBIDDEN, "forbidden", NULL,
				  "an API token cannot create further tokens; log in");
	rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = svc_authorize(s, ACT_SELF, &r, err);
	if (rc == 0) {
		memset(t, 0, sizeof(*t));
		token_new(API_TOKEN_PREFIX, secret);
		token_hash(secret, h);
		t->user_id = s->who.user_id;
		bm_strlcpy(t->name, name, sizeof(t->name));
		memcpy(t->hint, secret, 8);
		t->hint[8] = '\0';
		t->created_at = s->now;
		t->expires_at = s->now + days * 86400000LL;
		rc = tokens_repo_insert(s->db, t, h, err);
	}
	if (rc == 0)
		rc = svc_audit(s, "api_token.create", "api_token", t->id,
			       json_pack("{s:s,s:I}", "name", name, "expires_at",
					 (json_int_t)t->expires_at),
			       err);
	rc = svc_end(s, rc, err);
	if (rc != 0)
		sodium_memzero(secret, TOKEN_TEXT_MAX);
	return rc;
}

int auth_token_list(struct svc *s, visit_fn fn, void *ctx, struct bm_err *err)
{
	struct resource r = self_resource(s, "api_token");
	int rc = svc_authorize(s, ACT_SELF, &r, err);

	if (rc == 0)
		rc = tokens_repo_list(s->db, s->who.user_id, fn, ctx, err);
	return svc_end(s, rc, err);
}

int auth_token_revoke(struct svc *s, int64_t id, struct bm_err *err)
{
	struct api_token t;
	struct resource r = { .type = "api_token", .id = id, .scoped = 1 };
	int rc = svc_begin(s, DB_TX_WRITE, err);

	if (rc == 0) {
		rc = tokens_repo_get(s->db, id, &t, err);
		if (rc == 0)
			r.user_id = t.user_id;
	}
	/* someone else's token is hidden, like a token that does not exist */
	if (rc == 0)
		rc = svc_authorize(s, ACT_SELF, &r, err);
	if (rc == 0 && t.revoked_at != 0)
		rc = bm_err_set(err, BM_ECONFLICT, "already_revoked", NULL,
				"the token is already revoked");
	if (rc == 0)
		rc = tokens_repo_revoke(s->db, id, s->now, err);
	if (rc == 0)
		rc = svc_audit(s, "api_token.revoke", "api_token", id, NULL, err);
	return svc_end(s, rc, err);
}
