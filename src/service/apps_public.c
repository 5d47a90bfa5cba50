/*
 * apps_public.c - publicity (公示) of units that passed on-site review: the public
 * list, objections anyone may file during the window, and their resolution.
 */
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "service/apps.h"
#include "service/refdata.h"
#include "store/orgs_repo.h"
#include "base/banned.h"

#define OBJECTION_NAME_MAX    64
#define OBJECTION_CONTACT_MAX 128
#define OBJECTION_BODY_MAX    4000

struct pub_ctx {
	struct svc *s;
	visit_fn fn;
	void *ctx;
	struct bm_err *err;
};

/* 1 while a's publicity period runs: the only time the public sees the case. */
static int in_publicity(const struct application *a, int32_t today)
{
	return a->state == APP_PUBLICITY && today >= a->publicity_start &&
	       today <= a->publicity_end;
}

static int pub_visit(void *ctx, const void *rec)
{
	struct pub_ctx *pc = ctx;
	const struct application *a = rec;
	int32_t today = bm_date_cst(pc->s->now);
	struct app_view v;
	struct unit u;

	if (!in_publicity(a, today))
		return 0;
	memset(&v, 0, sizeof(v));
	v.a = *a;
	if (schemes_version(pc->s->db, a->scheme_id, a->scheme_version, &v.scheme, pc->err) != 0)
		return pc->err->code;
	if (units_repo_get(pc->s->db, a->unit_id, &u, pc->err) != 0)
		return pc->err->code;
	bm_strlcpy(v.unit_name, u.name, sizeof(v.unit_name));
	bm_strlcpy(v.unit_uscc, u.uscc, sizeof(v.unit_uscc));
	v.stage = "";
	return pc->fn(pc->ctx, &v);
}

int publicity_list(struct svc *s, visit_fn fn, void *ctx, struct bm_err *err)
{
	struct app_filter f = { 0, NULL, NULL, NULL, "publicity", 0 };
	struct pub_ctx pc = { s, fn, ctx, err };
	int rc = svc_begin(s, DB_TX_READ, err);

	/* public by law: no principal needed */
	if (rc == 0)
		rc = apps_repo_list(s->db, &f, pub_visit, &pc, err);
	return svc_end(s, rc, err);
}

static int field_text(const char *v, const char *field, size_t max, int multiline,
		      struct bm_err *err)
{
	if (v == NULL || v[0] == '\0')
		return bm_err_set(err, BM_EINVAL, "missing_field", field, "%s is required", field);
	if (!bm_text_ok(v, max * 4, multiline) || bm_utf8_len(v) > max)
		return bm_err_set(err, BM_EINVAL, "invalid_field", field,
				  "%s must be text of at most %zu characters", field, max);
	return 0;
}

int publicity_object(struct svc *s, int64_t id, const char *name, const char *contact,
		     const char *body, int64_t *objection_id, struct bm_err *err)
{
	struct objection_rec o;
	struct application a;
	int32_t today = bm_date_cst(s->now);
	int rc;

	if ((rc = field_text(name, "name", OBJECTION_NAME_MAX, 0, err)) != 0 ||
	    (rc = field_text(contact, "contact", OBJECTION_CONTACT_MAX, 0, err)) != 0 ||
	    (rc = field_text(body, "text", OBJECTION_BODY_MAX, 1, err)) != 0)
		return rc;
	rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = apps_repo_get(s->db, id, &a, err);
	/* only a case in publicity exists for the public */
	if (rc == 0 && !in_publicity(&a, today))
		rc = bm_err_set(err, BM_ENOTFOUND, "not_found", NULL,
				"no application in publicity with this id");
	if (rc == BM_ENOTFOUND && err != NULL && strcmp(err->ecode, "not_found") != 0)
		bm_err_set(err, BM_ENOTFOUND, "not_found", NULL,
			   "no application in publicity with this id");
	if (rc == 0) {
		memset(&o, 0, sizeof(o));
		o.application_id = id;
		o.name = name;
		o.contact = contact;
		o.body = body;
		o.filed_at = s->now;
		o.client_addr = s->client_addr;
		rc = objections_repo_insert(s->db, &o, err);
	}
	if (rc == 0) {
		char hmac[HMAC_TEXT_LEN];
		/* who objected is personal data: the trail keeps a keyed hash of it */
		svc_hmac(s, contact, hmac);
		rc = svc_audit(
			s, "objection.file", "application", id,
			json_pack("{s:I,s:s}", "objection_id", (json_int_t)o.id, "contact", hmac),
			err);
	}
	if (rc == 0) {
		char zh[200], en[200];
		snprintf(zh, sizeof(zh), "公示中的申请 %s 收到异议", a.number);
		snprintf(en, sizeof(en), "An objection was filed against %s in publicity",
			 a.number);
		rc = apps_notify_step(s, &a, STEP_REVIEW, "reviewer", "application.objection", zh,
				      en, err);
	}
	*objection_id = rc == 0 ? o.id : 0;
	return svc_end(s, rc, err);
}

int apps_objections(struct svc *s, int64_t id, visit_fn fn, void *ctx, struct bm_err *err)
{
	struct app_view v;
	int rc = svc_begin(s, DB_TX_READ, err);

	if (rc == 0)
		rc = apps_load(s, id, &v, err);
	/* objectors' identities are for the bureau, not the unit objected to */
	if (rc == 0 && s->who.membership == MEMBER_UNIT)
		rc = svc_refuse(s, ACT_APP_REVIEW, "application", id, err, "forbidden", NULL,
				"objections are handled by the bureau");
	if (rc == 0)
		rc = objections_repo_list(s->db, id, fn, ctx, err);
	return svc_end(s, rc, err);
}

int apps_objection_resolve(struct svc *s, int64_t id, int64_t objection_id, int upheld,
			   const char *reason, struct app_view *out, struct bm_err *err)
{
	struct resource r;
	int rc = field_text(reason, "reason", OBJECTION_BODY_MAX, 1, err);

	if (rc != 0)
		return rc;
	rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = apps_load(s, id, out, err);
	if (rc == 0) {
		apps_resource(&out->a, &r);
		rc = svc_authorize(s, ACT_APP_REVIEW, &r, err);
	}
	if (rc == 0 && !apps_step_authority(s, &out->a, STEP_REVIEW))
		rc = svc_refuse(s, ACT_APP_REVIEW, "application", id, err, "not_your_step", "state",
				"objections are resolved by the reviewing authority");
	if (rc == 0 && out->a.state != APP_PUBLICITY)
		rc = bm_err_set(err, BM_ECONFLICT, "illegal_transition", "state",
				"objections are resolved during publicity (state %s)",
				app_state_name(out->a.state));
	if (rc == 0)
		rc = objections_repo_resolve(s->db, objection_id, id,
					     upheld ? "upheld" : "dismissed", reason,
					     s->who.user_id, s->now, err);
	if (rc == 0)
		rc = apps_record(s, &out->a, "objection.resolve", out->a.state,
				 json_pack("{s:I,s:s,s:s}", "objection_id",
					   (json_int_t)objection_id, "resolution",
					   upheld ? "upheld" : "dismissed", "reason", reason),
				 err);
	/* an upheld objection sends the case back to review, in the same commit */
	if (rc == 0 && upheld) {
		struct app_action act;
		memset(&act, 0, sizeof(act));
		rc = apps_transition_locked(s, out, EV_UPHOLD_OBJECTION, &act, NULL, err);
	}
	return svc_end(s, rc, err);
}
