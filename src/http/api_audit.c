/*
 * api_audit.c - the audit trail, for security_auditor.
 */
#include <string.h>

#include "base/timeutil.h"
#include "http/api.h"
#include "service/audit_svc.h"
#include "base/banned.h"

struct audit_query {
	uint64_t present;
	const char *actor, *object_type, *object_id, *action, *from, *to;
	int64_t cursor, limit;
};
static const struct fs_field audit_query_fields[] = {
	{ "actor", FS_STR, 0, offsetof(struct audit_query, actor), 1, 64, 0, NULL, NULL },
	{ "object_type", FS_STR, 0, offsetof(struct audit_query, object_type), 1, 32, 0, NULL,
	  NULL },
	{ "object_id", FS_STR, 0, offsetof(struct audit_query, object_id), 1, 64, 0, NULL, NULL },
	{ "action", FS_STR, 0, offsetof(struct audit_query, action), 1, 64, 0, NULL, NULL },
	{ "from", FS_STR, 0, offsetof(struct audit_query, from), 10, 24, 0, NULL, NULL },
	{ "to", FS_STR, 0, offsetof(struct audit_query, to), 10, 24, 0, NULL, NULL },
	{ "cursor", FS_INT, 0, offsetof(struct audit_query, cursor), 1, INT64_MAX, 0, NULL, NULL },
	{ "limit", FS_INT, 0, offsetof(struct audit_query, limit), 1, 500, 0, NULL, NULL },
};
const struct fs_spec spec_audit_query = FS_SPEC(audit_query_fields, struct audit_query);

static int audit_visit(void *ctx, const void *rec)
{
	json_array_append_new(ctx, api_audit_json(rec));
	return 0;
}

/* A bound of the time filter: a timestamp, or a civil date in China Standard Time
 * (from: its first millisecond; to: its last). */
static int time_bound(struct reqctx *rc, const char *text, const char *field, int end, int64_t *out)
{
	if (text == NULL) {
		*out = 0;
		return 0;
	}
	if (bm_ts_parse(text, out) != 0)
		return bm_err_set(&rc->err, BM_EINVAL, "invalid_value", field,
				  "%s must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS[.mmm]Z", field);
	if (strlen(text) == 10) {
		*out -= 8 * 3600000LL; /* 00:00 CST is 16:00 UTC the day before */
		if (end)
			*out += 86400000LL - 1;
	}
	return 0;
}

int api_audit_list(struct reqctx *rc)
{
	const struct audit_query *q = rc->q;
	struct audit_filter f = {
		q->actor, q->object_type, q->object_id, q->action, 0, 0, q->cursor
	};
	json_t *items;
	int64_t next = 0;
	int ret = time_bound(rc, q->from, "from", 0, &f.from_ts);

	if (ret == 0)
		ret = time_bound(rc, q->to, "to", 1, &f.to_ts);
	if (ret != 0)
		return ret;
	items = json_array();
	ret = audit_list(&rc->svc, &f, q->limit != 0 ? (int)q->limit : 50, audit_visit, items,
			 &next, &rc->err);
	if (ret != 0) {
		json_decref(items);
		return ret;
	}
	return reply_json(rc, 200, api_page(items, next));
}

int api_audit_verify(struct reqctx *rc)
{
	struct audit_report rep;
	int ret = audit_check(&rc->svc, &rep, &rc->err);

	if (ret != 0)
		return ret;
	return reply_json(rc, 200,
			  json_pack("{s:b,s:I,s:I,s:I,s:s}", "ok", rep.first_bad == 0, "entries",
				    (json_int_t)rep.entries, "signed_heads", (json_int_t)rep.heads,
				    "first_bad_seq", (json_int_t)rep.first_bad, "problem",
				    rep.problem));
}
