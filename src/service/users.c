/*
 * users.c - account and access management.
 */
#include <sodium.h>
#include <string.h>

#include "base/str.h"
#include "core/password_policy.h"
#include "sec/password.h"
#include "service/users.h"
#include "store/orgs_repo.h"
#include "store/sessions_repo.h"
#include "base/banned.h"

int users_login_ok(const char *login)
{
	size_t n = strlen(login);

	if (n < 3 || n > LOGIN_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = login[i];
		int alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (!(alnum || (i > 0 && (c == '.' || c == '_' || c == '-'))))
			return 0;
	}
	return 1;
}

json_t *users_roles_json(unsigned roles)
{
	json_t *a = json_array();

	for (int i = 0; i < ROLE_COUNT; i++)
		if (roles & ROLE_BIT(i))
			json_array_append_new(a, json_string(role_name((enum role)i)));
	return a;
}

json_t *label_json(const struct label *l)
{
	json_t *c = json_array();

	for (unsigned i = 0; i < l->comps.n; i++)
		json_array_append_new(c, json_string(l->comps.name[i]));
	return json_pack("{s:s,s:o}", "level", level_name(l->level), "compartments", c);
}

/* Where a user record sits for jurisdiction: its membership's region. */
static void user_resource(const struct user *u, struct resource *r)
{
	memset(r, 0, sizeof(*r));
	r->type = "user";
	r->id = u->id;
	r->scoped = 1;
	r->region = u->region;
	r->unit_id = u->unit_id;
	r->user_id = u->id;
}

static int check_access(struct svc *s, const struct user_access *acc, struct bm_err *err)
{
	enum membership m = acc->authority_id != 0 ? MEMBER_AUTHORITY
			    : acc->unit_id != 0	   ? MEMBER_UNIT
						   : MEMBER_NONE;
	enum role_check rc;

	if (acc->authority_id != 0 && acc->unit_id != 0)
		return bm_err_set(err, BM_EINVAL, "invalid_membership", "membership",
				  "a user belongs to one authority or one unit, not both");
	/* Nobody grants a clearance they do not hold themselves. */
	if (s->who.kind != AUTH_OPERATOR && !label_dominates(&s->who.clearance, &acc->clearance))
		return bm_err_set(err, BM_ERULE, "clearance_above_own", "clearance",
				  "you cannot grant a clearance your own does not dominate");
	rc = roles_check(acc->roles, m);
	if (rc != ROLES_OK)
		return bm_err_set(err, BM_ERULE,
				  rc == ROLES_TWO_ADMIN ? "separation_of_duties" : "invalid_roles",
				  "roles", "%s", roles_check_message(rc));
	if (acc->authority_id != 0) {
		struct authority a;
		int r = authorities_repo_get(s->db, acc->authority_id, &a, err);
		if (r == BM_ENOTFOUND)
			return bm_err_set(err, BM_EINVAL, "unknown_authority",
					  "membership.authority_id", "no authority %lld",
					  (long long)acc->authority_id);
		if (r != 0)
			return r;
	}
	if (acc->unit_id != 0) {
		struct unit u;
		int r = units_repo_get(s->db, acc->unit_id, &u, err);
		if (r == BM_ENOTFOUND)
			return bm_err_set(err, BM_EINVAL, "unknown_unit", "membership.unit_id",
					  "no unit %lld", (long long)acc->unit_id);
		if (r != 0)
			return r;
	}
	return 0;
}

/*
 * 三员分立: an administrator neither takes over (password reset) nor shuts out
 * (disable) an account holding another of the three administrator roles; for those
 * accounts both are the operator's (`baomi user passwd|disable`).
 */
static int keep_other_admins(struct svc *s, const struct user *target, const char *field,
			     struct bm_err *err)
{
	if (s->who.kind == AUTH_OPERATOR || (target->roles & ROLES_ADMIN & ~s->who.roles) == 0)
		return 0;
	return svc_refuse(s, ACT_USER_UPDATE, "user", target->id, err, "separation_of_duties",
			  field,
			  "an administrator cannot reset or disable the account of another "
			  "administrator role; the operator does that");
}

static int check_display_name(const char *name, struct bm_err *err)
{
	if (!bm_text_ok(name, NAME_BYTES - 1, 0) || bm_utf8_len(name) < 1 ||
	    bm_utf8_len(name) > NAME_CHARS_MAX)
		return bm_err_set(err, BM_EINVAL, "invalid_field", "display_name",
				  "display_name must be 1..%d characters of text", NAME_CHARS_MAX);
	return 0;
}

static json_t *access_json(const struct user *u)
{
	return json_pack("{s:o,s:I,s:I,s:o}", "roles", users_roles_json(u->roles), "authority_id",
			 (json_int_t)u->authority_id, "unit_id", (json_int_t)u->unit_id,
			 "clearance", label_json(&u->clearance));
}

int users_create(struct svc *s, const struct user_new *in, struct user *out, struct bm_err *err)
{
	struct resource coll = { .type = "user" };
	char hash[PASSWORD_HASH_LEN];
	enum password_check pc;
	struct user u;
	int rc;

	if (!users_login_ok(in->login))
		return bm_err_set(err, BM_EINVAL, "invalid_field", "login",
				  "login must be 3..64 characters of a-z, 0-9, '.', '_', '-', "
				  "starting with a letter or digit");
	rc = check_display_name(in->display_name, err);
	if (rc != 0)
		return rc;
	pc = password_policy_check(in->password, in->login);
	if (pc != PW_OK)
		return bm_err_set(err, BM_EINVAL, "weak_password", "password", "%s",
				  password_policy_message(pc));
	if (password_hash(in->password, hash) != 0)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "cannot hash password");

	rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = svc_authorize(s, ACT_USER_CREATE, &coll, err);
	if (rc == 0 && in->access != NULL)
		rc = svc_authorize(s, ACT_USER_ASSIGN, &coll, err);
	if (rc == 0 && in->access != NULL)
		rc = check_access(s, in->access, err);
	if (rc == 0) {
		memset(&u, 0, sizeof(u));
		bm_strlcpy(u.login, in->login, sizeof(u.login));
		bm_strlcpy(u.display_name, in->display_name, sizeof(u.display_name));
		bm_strlcpy(u.pw_hash, hash, sizeof(u.pw_hash));
		u.clearance.level = LEVEL_INTERNAL;
		if (in->access != NULL) {
			u.roles = in->access->roles;
			u.authority_id = in->access->authority_id;
			u.unit_id = in->access->unit_id;
			u.clearance = in->access->clearance;
		}
		u.must_change_password = in->must_change_password;
		u.password_changed_at = u.created_at = u.updated_at = s->now;
		rc = users_repo_insert(s->db, &u, err);
		if (rc == BM_ECONFLICT)
			rc = bm_err_set(err, BM_ECONFLICT, "duplicate", "login",
					"login \"%s\" is taken", in->login);
	}
	if (rc == 0) {
		json_t *d =
			json_pack("{s:s,s:s}", "login", u.login, "display_name", u.display_name);
		if (in->access != NULL)
			json_object_set_new(d, "access", access_json(&u));
		rc = svc_audit(s, "user.create", "user", u.id, d, err);
	}
	sodium_memzero(hash, sizeof(hash));
	rc = svc_end(s, rc, err);
	if (rc == 0 && out != NULL)
		*out = u;
	return rc;
}

/* Load user id and authorise action on it (hidden -> 404). */
static int load_authorized(struct svc *s, int64_t id, enum action a, struct user *u,
			   struct bm_err *err)
{
	struct resource r;
	int rc = users_repo_get(s->db, id, u, err);

	if (rc == BM_ENOTFOUND)
		return bm_err_set(err, BM_ENOTFOUND, "not_found", NULL, "user not found");
	if (rc != 0)
		return rc;
	user_resource(u, &r);
	rc = svc_authorize(s, ACT_USER_READ, &r, err);
	if (rc == 0 && a != ACT_USER_READ)
		rc = svc_authorize(s, a, &r, err);
	return rc;
}

int users_get(struct svc *s, int64_t id, struct user *out, struct bm_err *err)
{
	struct user u;
	int rc = load_authorized(s, id, ACT_USER_READ, &u, err);

	rc = svc_end(s, rc, err);
	if (rc == 0)
		*out = u;
	return rc;
}

struct list_ctx {
	struct svc *s;
	int limit, emitted;
	int64_t last, next;
	visit_fn fn;
	void *ctx;
	struct bm_err *err;
};

static int list_visit(void *ctx, const void *rec)
{
	struct list_ctx *lc = ctx;
	const struct user *u = rec;
	struct resource r;

	if (lc->emitted == lc->limit) {
		lc->next = lc->last;
		return 1;
	}
	user_resource(u, &r);
	if (authz_check(&lc->s->who, ACT_USER_READ, &r) != AUTHZ_ALLOW)
		return 0;
	lc->emitted++;
	lc->last = u->id;
	return lc->fn(lc->ctx, u);
}

int users_list(struct svc *s, const struct user_filter *f, int limit, visit_fn fn, void *ctx,
	       int64_t *next, struct bm_err *err)
{
	struct resource coll = { .type = "user" };
	struct list_ctx lc = { s, limit, 0, 0, 0, fn, ctx, err };
	int rc = svc_authorize(s, ACT_USER_READ, &coll, err);

	if (rc == 0)
		rc = svc_begin(s, DB_TX_READ, err);
	if (rc == 0)
		rc = users_repo_list(s->db, f, list_visit, &lc, err);
	*next = lc.next;
	return svc_end(s, rc, err);
}

int users_update(struct svc *s, int64_t id, int64_t if_match, const char *display_name,
		 int disabled, struct user *out, struct bm_err *err)
{
	json_t *changes;
	struct user u;
	int rc;

	if (display_name != NULL && (rc = check_display_name(display_name, err)) != 0)
		return rc;
	rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = load_authorized(s, id, ACT_USER_UPDATE, &u, err);
	if (rc != 0)
		return svc_end(s, rc, err);
	if (disabled == 1 && id == s->who.user_id)
		return svc_end(s,
			       bm_err_set(err, BM_ERULE, "cannot_disable_self", "disabled",
					  "you cannot disable your own account"),
			       err);
	if (disabled == 1 && (rc = keep_other_admins(s, &u, "disabled", err)) != 0)
		return svc_end(s, rc, err);
	changes = json_object();
	if (display_name != NULL) {
		svc_change(changes, "display_name", json_string(u.display_name),
			   json_string(display_name));
		bm_strlcpy(u.display_name, display_name, sizeof(u.display_name));
	}
	if (disabled >= 0) {
		svc_change(changes, "disabled", json_boolean(u.disabled), json_boolean(disabled));
		u.disabled = disabled;
	}
	u.updated_at = s->now;
	rc = users_repo_update(s->db, &u, if_match, err);
	if (rc == 0 && disabled == 1)
		rc = sessions_repo_delete_user(s->db, u.id, NULL, err);
	if (rc == 0)
		rc = svc_audit(s, disabled == 1 ? "user.disable" : "user.update", "user", u.id,
			       json_pack("{s:O}", "changes", changes), err);
	json_decref(changes);
	rc = svc_end(s, rc, err);
	if (rc == 0 && out != NULL)
		*out = u;
	return rc;
}

int users_reset_password(struct svc *s, int64_t id, const char *password, struct user *out,
			 struct bm_err *err)
{
	char hash[PASSWORD_HASH_LEN];
	enum password_check pc;
	struct user u;
	int rc = users_repo_get(s->db, id, &u, err);

	/* Validate against the login only after the caller may see the user. */
	if (rc == 0) {
		struct resource r;
		user_resource(&u, &r);
		rc = svc_authorize(s, ACT_USER_READ, &r, err);
		if (rc == 0)
			rc = svc_authorize(s, ACT_USER_UPDATE, &r, err);
	}
	if (rc == 0)
		rc = keep_other_admins(s, &u, "password", err);
	/* One's own password is changed with the current one, at /me/password. */
	if (rc == 0 && id == s->who.user_id && s->who.kind != AUTH_OPERATOR)
		rc = svc_refuse(s, ACT_USER_UPDATE, "user", id, err, "use_own_password_change",
				"password", "change your own password at /api/v1/me/password");
	if (rc != 0)
		return svc_end(s, rc, err);
	pc = password_policy_check(password, u.login);
	if (pc != PW_OK)
		return bm_err_set(err, BM_EINVAL, "weak_password", "password", "%s",
				  password_policy_message(pc));
	if (password_hash(password, hash) != 0)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "cannot hash password");
	rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = load_authorized(s, id, ACT_USER_UPDATE, &u, err);
	if (rc == 0) {
		bm_strlcpy(u.pw_hash, hash, sizeof(u.pw_hash));
		u.must_change_password = 1;
		u.password_changed_at = u.updated_at = s->now;
		u.failed_count = 0;
		u.locked_until = 0;
		rc = users_repo_update(s->db, &u, u.version, err);
	}
	/* A reset is how a compromised account is recovered: end every credential. */
	if (rc == 0)
		rc = sessions_repo_delete_user(s->db, u.id, NULL, err);
	if (rc == 0)
		rc = tokens_repo_revoke_user(s->db, u.id, s->now, err);
	if (rc == 0)
		rc = svc_audit(s, "user.password_reset", "user", u.id, NULL, err);
	sodium_memzero(hash, sizeof(hash));
	rc = svc_end(s, rc, err);
	if (rc == 0 && out != NULL)
		*out = u;
	return rc;
}

int users_set_access(struct svc *s, int64_t id, int64_t if_match, const struct user_access *acc,
		     struct user *out, struct bm_err *err)
{
	json_t *before;
	struct user u;
	int rc = svc_begin(s, DB_TX_WRITE, err);

	if (rc == 0)
		rc = load_authorized(s, id, ACT_USER_ASSIGN, &u, err);
	if (rc == 0)
		rc = check_access(s, acc, err);
	if (rc != 0)
		return svc_end(s, rc, err);
	before = access_json(&u);
	u.roles = acc->roles;
	u.authority_id = acc->authority_id;
	u.unit_id = acc->unit_id;
	u.clearance = acc->clearance;
	u.updated_at = s->now;
	rc = users_repo_update(s->db, &u, if_match, err);
	/* Access changed: existing sessions carry the old principal's view. */
	if (rc == 0)
		rc = sessions_repo_delete_user(s->db, u.id, NULL, err);
	if (rc == 0)
		rc = svc_audit(s, "user.set_access", "user", u.id,
			       json_pack("{s:o,s:o}", "old", before, "new", access_json(&u)), err);
	else
		json_decref(before);
	rc = svc_end(s, rc, err);
	if (rc == 0 && out != NULL)
		*out = u;
	return rc;
}
