/*
 * api_session.c - login, logout, the caller's own account, password and API tokens.
 */
#include <h2o.h>
#include <stdio.h>
#include <string.h>

#include "base/timeutil.h"
#include "http/api.h"
#include "http/ratelimit.h"
#include "http/server.h"
#include "service/auth.h"
#include "base/banned.h"

struct login_in {
	uint64_t present;
	const char *login;
	const char *password;
};
static const struct fs_field login_fields[] = {
	{ "login", FS_STR, FS_REQUIRED, offsetof(struct login_in, login), 1, 64, 0, NULL, NULL },
	{ "password", FS_STR, FS_REQUIRED, offsetof(struct login_in, password), 1, 256, 0, NULL,
	  NULL },
};
const struct fs_spec spec_login = FS_SPEC(login_fields, struct login_in);

struct password_in {
	uint64_t present;
	const char *current_password;
	const char *new_password;
};
static const struct fs_field password_fields[] = {
	{ "current_password", FS_STR, FS_REQUIRED, offsetof(struct password_in, current_password),
	  1, 256, 0, NULL, NULL },
	{ "new_password", FS_STR, FS_REQUIRED, offsetof(struct password_in, new_password), 1, 256,
	  0, NULL, NULL },
};
const struct fs_spec spec_password_change = FS_SPEC(password_fields, struct password_in);

struct token_in {
	uint64_t present;
	const char *name;
	int64_t expires_in_days;
};
static const struct fs_field token_fields[] = {
	{ "name", FS_STR, FS_REQUIRED, offsetof(struct token_in, name), 1, 64, 0, NULL, NULL },
	{ "expires_in_days", FS_INT, FS_REQUIRED, offsetof(struct token_in, expires_in_days), 1,
	  3660, 0, NULL, NULL },
};
const struct fs_spec spec_token_new = FS_SPEC(token_fields, struct token_in);

static json_t *me_json(struct reqctx *rc, const struct user *u, const char *csrf)
{
	json_t *j = json_pack("{s:o,s:s}", "user", api_user_json(u, rc->svc.now), "auth",
			      rc->svc.who.kind == AUTH_TOKEN ? "token" : "session");

	if (csrf != NULL)
		json_object_set_new(j, "csrf_token", json_string(csrf));
	json_object_set_new(j, "session_idle_timeout",
			    json_integer(rc->svc.cfg->session_idle_ms / 1000));
	{
		/* the day the business rules apply, China Standard Time */
		char today[BM_DATE_LEN];
		bm_date_format(bm_date_cst(rc->business_now), today);
		json_object_set_new(j, "today", json_string(today));
	}
	return j;
}

int api_login(struct reqctx *rc)
{
	const struct login_in *in = rc->in;
	struct login_result res;
	int retry = 0, ret;

	if (!ratelimit_take(rc->w->srv->login_limiter, rc->client_addr, bm_mono_ms(), &retry)) {
		char secs[16];
		snprintf(secs, sizeof(secs), "%d", retry);
		reply_header(rc, "Retry-After", secs);
		if (ratelimit_take(rc->w->srv->refusal_limiter, rc->client_addr, bm_mono_ms(),
				   NULL))
			svc_audit_alone(&rc->svc, "session.login", "user", "", "rate_limited",
					json_pack("{s:s}", "client", rc->client_addr));
		return bm_err_set(&rc->err, BM_ERATE, "rate_limited", NULL,
				  "too many login attempts from this address; retry in %d s",
				  retry);
	}
	ret = auth_login(&rc->svc, in->login, in->password, &res, &rc->err);
	if (ret != 0)
		return ret;
	reply_session_cookie(rc, res.token);
	ret = reply_json(rc, 200, me_json(rc, &res.user, res.csrf));
	sodium_memzero(&res, sizeof(res));
	return ret;
}

int api_logout(struct reqctx *rc)
{
	/* R_SESSION: the dispatcher admits only session-authenticated callers */
	int ret = auth_logout(&rc->svc, rc->session_token, &rc->err);

	if (ret != 0)
		return ret;
	reply_session_cookie(rc, NULL);
	return reply_empty(rc);
}

int api_me(struct reqctx *rc)
{
	char csrf[TOKEN_TEXT_MAX];
	struct user u;
	int ret = auth_me(&rc->svc, &u, &rc->err);

	if (ret != 0)
		return ret;
	if (rc->session_token != NULL)
		auth_csrf_for(&rc->svc, rc->session_token, csrf);
	return reply_json(rc, 200, me_json(rc, &u, rc->session_token != NULL ? csrf : NULL));
}

int api_password_change(struct reqctx *rc)
{
	const struct password_in *in = rc->in;
	int ret = auth_change_password(&rc->svc, in->current_password, in->new_password,
				       rc->session_token, &rc->err);

	return ret != 0 ? ret : reply_empty(rc);
}

static json_t *token_json_v(const void *rec)
{
	return api_token_json(rec);
}

int api_tokens_list(struct reqctx *rc)
{
	struct api_collect c = { json_array(), token_json_v };
	int ret = auth_token_list(&rc->svc, api_collect_visit, &c, &rc->err);

	if (ret != 0) {
		json_decref(c.items);
		return ret;
	}
	return reply_json(rc, 200, api_page(c.items, 0));
}

int api_token_create(struct reqctx *rc)
{
	const struct token_in *in = rc->in;
	char secret[TOKEN_TEXT_MAX];
	struct api_token t;
	json_t *j;
	int ret = auth_token_create(&rc->svc, in->name, in->expires_in_days, &t, secret, &rc->err);

	if (ret != 0)
		return ret;
	j = api_token_json(&t);
	/* the only time the secret is shown */
	json_object_set_new(j, "token", json_string(secret));
	sodium_memzero(secret, sizeof(secret));
	return reply_json(rc, 201, j);
}

int api_token_revoke(struct reqctx *rc)
{
	int64_t id;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = auth_token_revoke(&rc->svc, id, &rc->err);
	return ret != 0 ? ret : reply_empty(rc);
}
