/*
 * api_users.c - accounts (system_admin) and their access (security_admin).
 */
#include <string.h>

#include "base/str.h"
#include "http/api.h"
#include "service/users.h"
#include "base/banned.h"

static const char *const level_choices[] = { "public", "internal",   "confidential",
					     "secret", "top_secret", NULL };

static const struct fs_field label_fields[] = {
	{ "level", FS_ENUM, FS_REQUIRED, offsetof(struct label_in, level), 0, 0, 0, level_choices,
	  NULL },
	{ "compartments", FS_STRS, 0, offsetof(struct label_in, compartments), 0, COMPARTMENT_MAX,
	  COMPARTMENT_NAMELEN - 1, NULL, NULL },
};
const struct fs_spec spec_label = FS_SPEC(label_fields, struct label_in);

int api_label_from(const struct label_in *in, struct label *out, const char *field,
		   struct bm_err *err)
{
	memset(out, 0, sizeof(*out));
	out->level = (enum level)in->level;
	for (size_t i = 0; i < in->compartments.n; i++) {
		if (compartments_add(&out->comps, in->compartments.v[i]) != 0)
			return bm_err_set(
				err, BM_EINVAL, "invalid_compartment", field,
				"compartment \"%s\" must be 1..32 characters of a-z, 0-9, "
				"'_' or '-'",
				in->compartments.v[i]);
	}
	return 0;
}

struct membership_in {
	uint64_t present;
	int64_t authority_id;
	int64_t unit_id;
};
static const struct fs_field membership_fields[] = {
	{ "authority_id", FS_INT, FS_NULLABLE, offsetof(struct membership_in, authority_id), 1,
	  INT64_MAX, 0, NULL, NULL },
	{ "unit_id", FS_INT, FS_NULLABLE, offsetof(struct membership_in, unit_id), 1, INT64_MAX, 0,
	  NULL, NULL },
};
static const struct fs_spec spec_membership = FS_SPEC(membership_fields, struct membership_in);

struct access_in {
	uint64_t present;
	struct fs_strs roles;
	struct membership_in *membership;
	struct label_in *clearance;
};
static const struct fs_field access_fields[] = {
	{ "roles", FS_STRS, FS_REQUIRED, offsetof(struct access_in, roles), 0, ROLE_COUNT, 32, NULL,
	  NULL },
	{ "membership", FS_OBJ, FS_REQUIRED, offsetof(struct access_in, membership), 0, 0, 0, NULL,
	  &spec_membership },
	{ "clearance", FS_OBJ, FS_REQUIRED, offsetof(struct access_in, clearance), 0, 0, 0, NULL,
	  &spec_label },
};
const struct fs_spec spec_user_access = FS_SPEC(access_fields, struct access_in);

/* Creating an account is system_admin's; access is then security_admin's (PUT
 * /users/{id}/access). No API caller holds both permissions, so the body has no
 * access member (the operator's `baomi user add` does both). */
struct user_new_in {
	uint64_t present;
	const char *login;
	const char *display_name;
	const char *password;
};
static const struct fs_field user_new_fields[] = {
	{ "login", FS_STR, FS_REQUIRED, offsetof(struct user_new_in, login), 3, LOGIN_MAX, 0, NULL,
	  NULL },
	{ "display_name", FS_STR, FS_REQUIRED, offsetof(struct user_new_in, display_name), 1,
	  NAME_CHARS_MAX, 0, NULL, NULL },
	{ "password", FS_STR, FS_REQUIRED, offsetof(struct user_new_in, password), 1, 256, 0, NULL,
	  NULL },

};
const struct fs_spec spec_user_new = FS_SPEC(user_new_fields, struct user_new_in);

struct user_patch_in {
	uint64_t present;
	const char *display_name;
	int disabled;
};
static const struct fs_field user_patch_fields[] = {
	{ "display_name", FS_STR, 0, offsetof(struct user_patch_in, display_name), 1,
	  NAME_CHARS_MAX, 0, NULL, NULL },
	{ "disabled", FS_BOOL, 0, offsetof(struct user_patch_in, disabled), 0, 0, 0, NULL, NULL },
};
const struct fs_spec spec_user_patch = FS_SPEC(user_patch_fields, struct user_patch_in);

struct user_reset_in {
	uint64_t present;
	const char *password;
};
static const struct fs_field user_reset_fields[] = {
	{ "password", FS_STR, FS_REQUIRED, offsetof(struct user_reset_in, password), 1, 256, 0,
	  NULL, NULL },
};
const struct fs_spec spec_user_reset = FS_SPEC(user_reset_fields, struct user_reset_in);

struct user_query {
	uint64_t present;
	const char *q;
	const char *role;
	int64_t authority_id;
	int64_t unit_id;
	int64_t cursor;
	int64_t limit;
};
static const struct fs_field user_query_fields[] = {
	{ "q", FS_STR, 0, offsetof(struct user_query, q), 1, 64, 0, NULL, NULL },
	{ "role", FS_STR, 0, offsetof(struct user_query, role), 1, 32, 0, NULL, NULL },
	{ "authority_id", FS_INT, 0, offsetof(struct user_query, authority_id), 1, INT64_MAX, 0,
	  NULL, NULL },
	{ "unit_id", FS_INT, 0, offsetof(struct user_query, unit_id), 1, INT64_MAX, 0, NULL, NULL },
	{ "cursor", FS_INT, 0, offsetof(struct user_query, cursor), 1, INT64_MAX, 0, NULL, NULL },
	{ "limit", FS_INT, 0, offsetof(struct user_query, limit), 1, 200, 0, NULL, NULL },
};
const struct fs_spec spec_user_query = FS_SPEC(user_query_fields, struct user_query);

static int access_from(const struct access_in *in, struct user_access *out, struct bm_err *err)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < in->roles.n; i++) {
		enum role r;
		if (role_parse(in->roles.v[i], &r) != 0)
			return bm_err_set(err, BM_EINVAL, "invalid_value", "roles",
					  "unknown role \"%s\"", in->roles.v[i]);
		out->roles |= ROLE_BIT(r);
	}
	out->authority_id =
		in->membership->authority_id != FS_NONE_INT ? in->membership->authority_id : 0;
	out->unit_id = in->membership->unit_id != FS_NONE_INT ? in->membership->unit_id : 0;
	return api_label_from(in->clearance, &out->clearance, "clearance.compartments", err);
}

static int reply_user(struct reqctx *rc, int status, const struct user *u)
{
	reply_etag(rc, u->version);
	return reply_json(rc, status, api_user_json(u, rc->svc.now));
}

struct user_page {
	json_t *items;
	int64_t now;
};

static int user_visit(void *ctx, const void *rec)
{
	struct user_page *p = ctx;

	json_array_append_new(p->items, api_user_json(rec, p->now));
	return 0;
}

int api_users_list(struct reqctx *rc)
{
	const struct user_query *q = rc->q;
	struct user_filter f = { q->authority_id, q->unit_id, q->q, q->role, q->cursor };
	struct user_page p = { json_array(), rc->svc.now };
	int64_t next = 0;
	int ret = users_list(&rc->svc, &f, q->limit != 0 ? (int)q->limit : 50, user_visit, &p,
			     &next, &rc->err);

	if (ret != 0) {
		json_decref(p.items);
		return ret;
	}
	return reply_json(rc, 200, api_page(p.items, next));
}

int api_user_create(struct reqctx *rc)
{
	const struct user_new_in *in = rc->in;
	struct user_new n = { in->login, in->display_name, in->password, 1, NULL };
	struct user u;
	int ret = users_create(&rc->svc, &n, &u, &rc->err);
	return ret != 0 ? ret : reply_user(rc, 201, &u);
}

int api_user_get(struct reqctx *rc)
{
	struct user u;
	int64_t id;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = users_get(&rc->svc, id, &u, &rc->err);
	return ret != 0 ? ret : reply_user(rc, 200, &u);
}

int api_user_patch(struct reqctx *rc)
{
	const struct user_patch_in *in = rc->in;
	int64_t id, version;
	struct user u;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = req_if_match(rc, &version);
	if (ret == 0)
		ret = users_update(&rc->svc, id, version, FS_HAS(in, 0) ? in->display_name : NULL,
				   FS_HAS(in, 1) ? in->disabled : -1, &u, &rc->err);
	return ret != 0 ? ret : reply_user(rc, 200, &u);
}

int api_user_reset_password(struct reqctx *rc)
{
	const struct user_reset_in *in = rc->in;
	struct user u;
	int64_t id;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = users_reset_password(&rc->svc, id, in->password, &u, &rc->err);
	return ret != 0 ? ret : reply_user(rc, 200, &u);
}

int api_user_set_access(struct reqctx *rc)
{
	struct user_access acc;
	int64_t id, version;
	struct user u;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = req_if_match(rc, &version);
	if (ret == 0)
		ret = access_from(rc->in, &acc, &rc->err);
	if (ret == 0)
		ret = users_set_access(&rc->svc, id, version, &acc, &u, &rc->err);
	return ret != 0 ? ret : reply_user(rc, 200, &u);
}
