/*
 * api_notify.c - the caller's notifications and their unread count.
 */
#include "http/api.h"
#include "service/notify.h"
#include "base/banned.h"

struct notify_query {
	uint64_t present;
	int unread;
	int64_t cursor, limit;
};
static const struct fs_field notify_query_fields[] = {
	{ "unread", FS_BOOL, 0, offsetof(struct notify_query, unread), 0, 0, 0, NULL, NULL },
	{ "cursor", FS_INT, 0, offsetof(struct notify_query, cursor), 1, INT64_MAX, 0, NULL, NULL },
	{ "limit", FS_INT, 0, offsetof(struct notify_query, limit), 1, 200, 0, NULL, NULL },
};
const struct fs_spec spec_notify_query = FS_SPEC(notify_query_fields, struct notify_query);

struct read_in {
	uint64_t present;
	int64_t id;
};
static const struct fs_field read_fields[] = {
	{ "id", FS_INT, 0, offsetof(struct read_in, id), 1, INT64_MAX, 0, NULL, NULL },
};
const struct fs_spec spec_notify_read = FS_SPEC(read_fields, struct read_in);

static int notification_visit(void *ctx, const void *rec)
{
	const struct notification *n = rec;

	json_array_append_new(
		ctx,
		json_pack("{s:I,s:s,s:s,s:s,s:o,s:o,s:o}", "id", (json_int_t)n->id, "kind", n->kind,
			  "text_zh", n->text_zh, "text_en", n->text_en, "application_id",
			  n->application_id ? json_integer(n->application_id) : json_null(),
			  "created_at", json_ts(n->created_at), "read_at", json_ts(n->read_at)));
	return 0;
}

int api_notifications(struct reqctx *rc)
{
	const struct notify_query *q = rc->q;
	json_t *items = json_array(), *body;
	int64_t next = 0, unread = 0;
	int ret = notify_list(&rc->svc, q->unread, q->cursor, q->limit != 0 ? (int)q->limit : 50,
			      notification_visit, items, &next, &rc->err);

	if (ret == 0)
		ret = notify_unread(&rc->svc, &unread, &rc->err);
	if (ret != 0) {
		json_decref(items);
		return ret;
	}
	body = api_page(items, next);
	json_object_set_new(body, "unread", json_integer(unread));
	return reply_json(rc, 200, body);
}

int api_notifications_read(struct reqctx *rc)
{
	const struct read_in *in = rc->in;
	int ret = notify_mark_read(&rc->svc, FS_HAS(in, 0) ? in->id : 0, &rc->err);

	return ret != 0 ? ret : reply_empty(rc);
}
