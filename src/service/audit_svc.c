/*
 * audit_svc.c - listing and verifying the audit trail for security_auditor.
 */
#include "service/audit_svc.h"
#include "base/banned.h"

static const struct resource audit_coll = { .type = "audit" };

struct page {
	int limit, emitted;
	int64_t last, next;
	visit_fn fn;
	void *ctx;
};

static int page_visit(void *ctx, const void *rec)
{
	struct page *p = ctx;
	const struct audit_row *r = rec;

	if (p->emitted == p->limit) {
		p->next = p->last;
		return 1;
	}
	p->emitted++;
	p->last = r->seq;
	return p->fn(p->ctx, r);
}

int audit_list(struct svc *s, const struct audit_filter *f, int limit, visit_fn fn, void *ctx,
	       int64_t *next, struct bm_err *err)
{
	struct page p = { limit, 0, 0, 0, fn, ctx };
	int rc = svc_authorize(s, ACT_AUDIT_READ, &audit_coll, err);

	if (rc == 0)
		rc = audit_repo_query(s->db, f, page_visit, &p, err);
	*next = p.next;
	return svc_end(s, rc, err);
}

int audit_check(struct svc *s, struct audit_report *rep, struct bm_err *err)
{
	int rc = svc_authorize(s, ACT_AUDIT_READ, &audit_coll, err);
	int vrc;

	if (rc != 0)
		return svc_end(s, rc, err);
	vrc = audit_verify(s->db, s->keys->audit_pk, rep, err);
	if (vrc != 0 && vrc != BM_ECONFLICT)
		return svc_end(s, vrc, err);
	/* The run is audited, but the report is not withheld when that fails: a
	 * damaged trail is exactly when the auditor needs it. */
	svc_audit_alone(s, "audit.verify", "audit", "", vrc == 0 ? "ok" : "failure",
			json_pack("{s:I,s:I,s:I}", "entries", (json_int_t)rep->entries, "heads",
				  (json_int_t)rep->heads, "first_bad", (json_int_t)rep->first_bad));
	return svc_end(s, 0, err);
}
