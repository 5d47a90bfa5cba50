/*
 * api_common.c - the JSON shape of each record, category lists, pages and collectors,
 * and the header that names a downloaded file.
 */
#include <stdio.h>
#include <string.h>

#include "core/role.h"
#include "core/scheme.h"
#include "http/api.h"
#include "service/users.h"
#include "base/banned.h"

json_t *api_text_json(const struct i18n_text *t)
{
	return json_pack("{s:s,s:s}", "zh-CN", t->zh, "en", t->en);
}

json_t *api_categories_json(const struct scheme *sc, const char *csv, json_t **names)
{
	json_t *codes = json_array();
	const char *p = csv;

	if (names != NULL)
		*names = json_array();
	while (p != NULL && *p != '\0') {
		const char *comma = strchr(p, ',');
		size_t n = comma != NULL ? (size_t)(comma - p) : strlen(p);
		char code[SCHEME_CODE_MAX];
		int k;

		json_array_append_new(codes, json_stringn(p, n));
		if (names != NULL) {
			snprintf(code, sizeof(code), "%.*s", (int)n, p);
			k = sc != NULL ? scheme_category_index(sc, code) : -1;
			json_array_append_new(*names,
					      k >= 0 ? api_text_json(&sc->categories[k].name)
						     : json_null());
		}
		p = comma != NULL ? comma + 1 : NULL;
	}
	return codes;
}

json_t *api_page(json_t *items, int64_t next)
{
	char cursor[24];

	if (next == 0)
		return json_pack("{s:o,s:n}", "items", items, "next_cursor");
	snprintf(cursor, sizeof(cursor), "%lld", (long long)next);
	return json_pack("{s:o,s:s}", "items", items, "next_cursor", cursor);
}

int api_collect_visit(void *ctx, const void *rec)
{
	struct api_collect *c = ctx;

	json_array_append_new(c->items, c->to_json(rec));
	return 0;
}

int api_reply_page(struct reqctx *rc, int ret, json_t *items, int64_t next)
{
	if (ret != 0) {
		json_decref(items);
		return ret;
	}
	return reply_json(rc, 200, api_page(items, next));
}

struct svc_page api_page_of(uint64_t present, unsigned i, int64_t limit, int64_t cursor,
			    int64_t *before)
{
	struct svc_page p = { 0, 0, 0, 0 };

	p.limit = (present >> i) & 1u ? (int)limit : API_LIST_LIMIT;
	*before = (present >> (i + 1)) & 1u ? cursor : 0;
	return p;
}

void api_attachment_header(struct reqctx *rc, const char *name)
{
	char enc[300 * 3 + 1], disposition[1000];
	size_t o = 0;

	/* the file name in RFC 5987 form only: no quoting games with user text */
	for (const unsigned char *p = (const unsigned char *)name;
	     *p != '\0' && o + 4 < sizeof(enc); p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_')
			enc[o++] = (char)*p;
		else
			o += (size_t)snprintf(enc + o, 4, "%%%02X", *p);
	}
	enc[o] = '\0';
	snprintf(disposition, sizeof(disposition), "attachment; filename*=UTF-8''%s", enc);
	reply_header(rc, "Content-Disposition", disposition);
}

json_t *api_id_json(int64_t id)
{
	return id != 0 ? json_integer(id) : json_null();
}

json_t *api_user_json(const struct user *u, int64_t now)
{
	return json_pack(
		"{s:I,s:s,s:s,s:o,s:o,s:o,s:o,s:b,s:b,s:b,s:o,s:o,s:o,s:I,s:o}", "id",
		(json_int_t)u->id, "login", u->login, "display_name", u->display_name, "roles",
		users_roles_json(u->roles), "authority_id", api_id_json(u->authority_id), "unit_id",
		api_id_json(u->unit_id), "clearance", label_json(&u->clearance), "disabled",
		u->disabled, "must_change_password", u->must_change_password, "locked",
		u->locked_until > now, "password_changed_at", json_ts(u->password_changed_at),
		"created_at", json_ts(u->created_at), "updated_at", json_ts(u->updated_at),
		"version", (json_int_t)u->version, "membership_name",
		u->member_name[0] ? json_string(u->member_name) : json_null());
}

json_t *api_unit_json(const struct unit *u)
{
	return json_pack(
		"{s:I,s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:o,s:o,s:o,s:I}", "id", (json_int_t)u->id,
		"name", u->name, "uscc", u->uscc, "region", u->region, "address", u->address,
		"legal_representative", u->legal_representative, "registered_on",
		u->registered_on[0] ? json_string(u->registered_on) : json_null(), "phone",
		u->phone, "label", label_json(&u->label), "created_at", json_ts(u->created_at),
		"updated_at", json_ts(u->updated_at), "version", (json_int_t)u->version);
}

json_t *api_authority_json(const struct authority *a)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:I}", "id", (json_int_t)a->id,
			 "name_zh", a->name_zh, "name_en", a->name_en, "level", a->level, "region",
			 a->region, "parent_id", api_id_json(a->parent_id), "created_at",
			 json_ts(a->created_at), "updated_at", json_ts(a->updated_at), "version",
			 (json_int_t)a->version);
}

json_t *api_region_json(const struct region_rec *r)
{
	return json_pack("{s:s,s:s,s:s,s:o}", "code", r->code, "name_zh", r->name_zh, "name_en",
			 r->name_en, "parent", r->parent[0] ? json_string(r->parent) : json_null());
}

json_t *api_token_json(const struct api_token *t)
{
	return json_pack("{s:I,s:s,s:s,s:o,s:o,s:o,s:o}", "id", (json_int_t)t->id, "name", t->name,
			 "hint", t->hint, "created_at", json_ts(t->created_at), "expires_at",
			 json_ts(t->expires_at), "revoked_at", json_ts(t->revoked_at),
			 "last_used_at", json_ts(t->last_used_at));
}

json_t *api_audit_json(const struct audit_row *r)
{
	json_error_t jerr;
	json_t *details = json_loads(r->details, 0, &jerr);

	if (details == NULL)
		details = json_string(r->details);
	return json_pack("{s:I,s:o,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o}", "seq",
			 (json_int_t)r->seq, "ts", json_ts(r->ts), "actor_id",
			 (json_int_t)r->actor_id, "actor", r->actor_login, "actor_roles",
			 r->actor_roles, "action", r->action, "object_type", r->object_type,
			 "object_id", r->object_id, "outcome", r->outcome, "request_id",
			 r->request_id, "client_addr", r->client_addr, "details", details);
}
