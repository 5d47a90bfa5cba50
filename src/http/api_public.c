/*
 * api_public.c - what anyone may see without logging in: the units in publicity
 * (公示), and the form to object to one. Objections are rate-limited per address.
 */
#include <stdio.h>

#include "base/timeutil.h"
#include "http/api.h"
#include "http/ratelimit.h"
#include "http/server.h"
#include "service/apps.h"
#include "base/banned.h"

struct objection_in {
	uint64_t present;
	const char *name, *contact, *text;
};
static const struct fs_field objection_fields[] = {
	{ "name", FS_STR, FS_REQUIRED, offsetof(struct objection_in, name), 1, 64, 0, NULL, NULL },
	{ "contact", FS_STR, FS_REQUIRED, offsetof(struct objection_in, contact), 1, 128, 0, NULL,
	  NULL },
	{ "text", FS_STR, FS_REQUIRED | FS_MULTILINE, offsetof(struct objection_in, text), 1, 4000,
	  0, NULL, NULL },
};
const struct fs_spec spec_objection = FS_SPEC(objection_fields, struct objection_in);

static int publicity_visit(void *ctx, const void *rec)
{
	const struct app_view *v = rec;
	const struct application *a = &v->a;
	const struct scheme *sc = v->scheme;
	json_t *names, *cats = api_categories_json(sc, a->categories, &names), *item;
	int g = scheme_grade_index(sc, a->grade);

	item = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:o,s:o,s:o,s:o,s:o}", "id",
			 (json_int_t)a->id, "number", a->number, "unit", v->unit_name, "uscc",
			 v->unit_uscc, "scheme", a->scheme_id, "scheme_name_zh", sc->name.zh,
			 "scheme_name", api_text_json(&sc->name), "grade", a->grade, "grade_name",
			 g >= 0 ? api_text_json(&sc->grades[g].name) : json_null(), "categories",
			 cats, "category_names", names, "start", json_date(a->publicity_start),
			 "end", json_date(a->publicity_end));
	json_array_append_new(ctx, item);
	return 0;
}

int api_public_publicity(struct reqctx *rc)
{
	json_t *items = json_array();
	int ret = publicity_list(&rc->svc, publicity_visit, items, &rc->err);

	if (ret != 0) {
		json_decref(items);
		return ret;
	}
	return reply_json(rc, 200, api_page(items, 0));
}

int api_public_object(struct reqctx *rc)
{
	const struct objection_in *in = rc->in;
	int64_t id, oid = 0;
	int retry = 0, ret = req_id_param(rc, "id", &id);

	if (ret != 0)
		return ret;
	if (!ratelimit_take(rc->w->srv->objection_limiter, rc->client_addr, bm_mono_ms(), &retry)) {
		char secs[16];
		snprintf(secs, sizeof(secs), "%d", retry);
		reply_header(rc, "Retry-After", secs);
		return bm_err_set(&rc->err, BM_ERATE, "rate_limited", NULL,
				  "too many objections from this address; retry in %d s", retry);
	}
	ret = publicity_object(&rc->svc, id, in->name, in->contact, in->text, &oid, &rc->err);
	if (ret != 0)
		return ret;
	return reply_json(rc, 201,
			  json_pack("{s:I,s:s}", "id", (json_int_t)oid, "status", "received"));
}
