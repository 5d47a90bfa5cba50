/*
 * svc.c - transactions, authorisation and audit entries for use cases.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/log.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "sec/audit.h"
#include "service/svc.h"
#include "base/banned.h"

void svc_init(struct svc *s, struct db *db, const struct config *cfg, const struct keys *keys,
	      const char *request_id, const char *client_addr)
{
	memset(s, 0, sizeof(*s));
	s->db = db;
	s->cfg = cfg;
	s->keys = keys;
	s->request_id = request_id != NULL ? request_id : "";
	s->client_addr = client_addr != NULL ? client_addr : "";
	s->now = bm_now_ms();
	s->who.kind = AUTH_NONE;
}

void svc_as_operator(struct svc *s)
{
	memset(&s->who, 0, sizeof(s->who));
	s->who.kind = AUTH_OPERATOR;
	bm_strlcpy(s->who.login, "operator", sizeof(s->who.login));
	s->who.clearance.level = LEVEL_TOP_SECRET;
}

int svc_begin(struct svc *s, enum db_tx mode, struct bm_err *err)
{
	return db_begin(s->db, mode, err);
}

int svc_end(struct svc *s, int rc, struct bm_err *err)
{
	if (rc == 0 && db_in_tx(s->db))
		rc = db_commit(s->db, err);
	else
		db_rollback(s->db);
	if (s->denial.set) {
		char id[24];
		json_t *d = json_pack("{s:s}", "reason",
				      s->denial.hidden ? "not_visible" : "forbidden");
		snprintf(id, sizeof(id), "%lld", (long long)s->denial.id);
		svc_audit_alone(s, action_name(s->denial.action), s->denial.type,
				s->denial.id != 0 ? id : "", "denied", d);
		s->denial.set = 0;
	}
	return rc;
}

int svc_authorize(struct svc *s, enum action a, const struct resource *r, struct bm_err *err)
{
	switch (authz_check(&s->who, a, r)) {
	case AUTHZ_ALLOW:
		return 0;
	case AUTHZ_HIDDEN:
		s->denial.set = 1;
		s->denial.action = a;
		s->denial.type = r->type;
		s->denial.id = r->id;
		s->denial.hidden = 1;
		return bm_err_set(err, BM_ENOTFOUND, "not_found", NULL, "%s not found", r->type);
	case AUTHZ_DENY:
		break;
	}
	s->denial.set = 1;
	s->denial.action = a;
	s->denial.type = r->type;
	s->denial.id = r->id;
	s->denial.hidden = 0;
	return bm_err_set(err, BM_EFORBIDDEN, "forbidden", NULL, "you may not %s this %s",
			  action_name(a), r->type);
}

int svc_refuse(struct svc *s, enum action a, const char *type, int64_t id, struct bm_err *err,
	       const char *ecode, const char *field, const char *fmt, ...)
{
	va_list ap;

	s->denial.set = 1;
	s->denial.action = a;
	s->denial.type = type;
	s->denial.id = id;
	s->denial.hidden = 0;
	va_start(ap, fmt);
	bm_err_vset(err, BM_EFORBIDDEN, ecode, field, fmt, ap);
	va_end(ap);
	return BM_EFORBIDDEN;
}

int svc_audit_outcome(struct svc *s, const char *action, const char *object_type,
		      const char *object_id, const char *outcome, json_t *details,
		      struct bm_err *err)
{
	char roles[256];
	struct audit_row r;
	char *text;
	int rc;

	if (details == NULL)
		details = json_object();
	text = json_dumps(details, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
	json_decref(details);
	if (text == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "audit details not serialisable");
	principal_roles_text(&s->who, roles, sizeof(roles));
	memset(&r, 0, sizeof(r));
	r.ts = s->now;
	r.actor_id = s->who.user_id;
	r.actor_login = s->who.kind != AUTH_NONE ? s->who.login : "anonymous";
	r.actor_roles = roles;
	r.action = action;
	r.object_type = object_type;
	r.object_id = object_id != NULL ? object_id : "";
	r.outcome = outcome;
	r.request_id = s->request_id;
	r.client_addr = s->client_addr;
	r.details = text;
	rc = audit_append(s->db, s->keys, s->cfg->audit_head_interval, &r, err);
	free(text);
	if (rc != 0)
		log_error("audit append failed for %s: %s", action,
			  err != NULL ? err->message : "");
	return rc;
}

int svc_audit(struct svc *s, const char *action, const char *object_type, int64_t object_id,
	      json_t *details, struct bm_err *err)
{
	char id[24];

	snprintf(id, sizeof(id), "%lld", (long long)object_id);
	return svc_audit_outcome(s, action, object_type, object_id != 0 ? id : "", "ok", details,
				 err);
}

int svc_audit_alone(struct svc *s, const char *action, const char *object_type,
		    const char *object_id, const char *outcome, json_t *details)
{
	struct bm_err err;
	int rc;

	bm_err_clear(&err);
	rc = db_begin(s->db, DB_TX_WRITE, &err);
	if (rc != 0) {
		json_decref(details);
		log_error("cannot record %s %s: %s", action, outcome, err.message);
		return rc;
	}
	rc = svc_audit_outcome(s, action, object_type, object_id, outcome, details, &err);
	if (rc == 0)
		rc = db_commit(s->db, &err);
	else
		db_rollback(s->db);
	if (rc != 0)
		log_error("cannot record %s %s: %s", action, outcome, err.message);
	return rc;
}

void svc_hmac(const struct svc *s, const char *value, char out[HMAC_TEXT_LEN])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];

	crypto_auth_hmacsha256(mac, (const unsigned char *)value, strlen(value), s->keys->mac_key);
	memcpy(out, "hmac:", 5);
	bm_hex_encode(mac, sizeof(mac), out + 5);
}

void svc_change(json_t *changes, const char *field, json_t *o, json_t *n)
{
	if (json_equal(o, n)) {
		json_decref(o);
		json_decref(n);
		return;
	}
	json_object_set_new(changes, field, json_pack("{s:o,s:o}", "old", o, "new", n));
}

void svc_ids_init(struct svc_ids *ids)
{
	buf_init(&ids->b, SVC_IDS_MAX);
	ids->failed = 0;
}

void svc_ids_release(struct svc_ids *ids)
{
	buf_release(&ids->b);
}

void svc_ids_reset(struct svc_ids *ids)
{
	buf_reset(&ids->b);
	ids->failed = 0;
}

int svc_ids_add(struct svc_ids *ids, int64_t id)
{
	if (buf_append(&ids->b, &id, sizeof(id)) != 0) {
		ids->failed = 1;
		return 1;
	}
	return 0;
}

int svc_ids_visit(void *ctx, const void *rec)
{
	return svc_ids_add(ctx, *(const int64_t *)rec);
}

int svc_ids_check(const struct svc_ids *ids, struct bm_err *err)
{
	if (ids->failed)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	return 0;
}

size_t svc_ids_count(const struct svc_ids *ids)
{
	return ids->b.len / sizeof(int64_t);
}

int64_t svc_ids_at(const struct svc_ids *ids, size_t i)
{
	int64_t id;

	memcpy(&id, ids->b.data + i * sizeof(id), sizeof(id));
	return id;
}

int64_t svc_own_unit(const struct svc *s)
{
	return s->who.kind != AUTH_OPERATOR && s->who.membership == MEMBER_UNIT ? s->who.unit_id
										: 0;
}

int svc_page_take(struct svc_page *p, int64_t id)
{
	if (p->n >= p->limit) {
		p->next = p->last; /* one more exists: the next page starts below the last */
		return SVC_PAGE_FULL;
	}
	p->n++;
	p->last = id;
	return 0;
}

int svc_visit_give(struct svc_visit *v, int64_t id, const void *view)
{
	if (v->page != NULL && svc_page_take(v->page, id) != 0)
		return SVC_PAGE_FULL;
	return v->fn(v->ctx, view);
}
