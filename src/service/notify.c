/*
 * notify.c - reading and acknowledging notifications (each user sees only theirs).
 */
#include "service/notify.h"
#include "base/banned.h"

static struct resource own(const struct svc *s)
{
	struct resource r = { .type = "notification", .scoped = 1, .user_id = s->who.user_id };
	return r;
}

struct page {
	int limit, emitted;
	int64_t last, next;
	visit_fn fn;
	void *ctx;
};

static int page_visit(void *ctx, const void *rec)
{
	struct page *p = ctx;
	const struct notification *n = rec;

	if (p->emitted == p->limit) {
		p->next = p->last;
		return 1;
	}
	p->emitted++;
	p->last = n->id;
	return p->fn(p->ctx, n);
}

int notify_list(struct svc *s, int unread_only, int64_t before_id, int limit, visit_fn fn,
		void *ctx, int64_t *next, struct bm_err *err)
{
	struct resource r = own(s);
	struct page p = { limit, 0, 0, 0, fn, ctx };
	int rc = svc_authorize(s, ACT_SELF, &r, err);

	if (rc == 0)
		rc = notify_repo_list(s->db, s->who.user_id, unread_only, before_id, page_visit, &p,
				      err);
	*next = p.next;
	return svc_end(s, rc, err);
}

int notify_unread(struct svc *s, int64_t *n, struct bm_err *err)
{
	struct resource r = own(s);
	int rc = svc_authorize(s, ACT_SELF, &r, err);

	if (rc == 0)
		rc = notify_repo_unread(s->db, s->who.user_id, n, err);
	return svc_end(s, rc, err);
}

int notify_mark_read(struct svc *s, int64_t id, struct bm_err *err)
{
	struct resource r = own(s);
	int rc = svc_begin(s, DB_TX_WRITE, err);

	/* acknowledging is not a change of record: it is not audited */
	if (rc == 0)
		rc = svc_authorize(s, ACT_SELF, &r, err);
	if (rc == 0)
		rc = notify_repo_mark_read(s->db, s->who.user_id, id, s->now, err);
	return svc_end(s, rc, err);
}
