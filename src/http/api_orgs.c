/*
 * api_orgs.c - regions, authorities and units.
 */
#include <string.h>

#include "base/str.h"
#include "http/api.h"
#include "service/orgs.h"
#include "base/banned.h"

struct region_query {
	uint64_t present;
	const char *parent;
};
static const struct fs_field region_query_fields[] = {
	{ "parent", FS_STR, 0, offsetof(struct region_query, parent), 6, 6, 0, NULL, NULL },
};
const struct fs_spec spec_region_query = FS_SPEC(region_query_fields, struct region_query);

struct region_in {
	uint64_t present;
	const char *code, *name_zh, *name_en;
};
static const struct fs_field region_fields[] = {
	{ "code", FS_STR, FS_REQUIRED, offsetof(struct region_in, code), 6, 6, 0, NULL, NULL },
	{ "name_zh", FS_STR, FS_REQUIRED, offsetof(struct region_in, name_zh), 1, LONGNAME_CHARS, 0,
	  NULL, NULL },
	{ "name_en", FS_STR, FS_REQUIRED, offsetof(struct region_in, name_en), 1, LONGNAME_CHARS, 0,
	  NULL, NULL },
};
const struct fs_spec spec_region_new = FS_SPEC(region_fields, struct region_in);

struct authority_in {
	uint64_t present;
	const char *name_zh, *name_en, *region;
};
static const struct fs_field authority_fields[] = {
	{ "name_zh", FS_STR, FS_REQUIRED, offsetof(struct authority_in, name_zh), 1, LONGNAME_CHARS,
	  0, NULL, NULL },
	{ "name_en", FS_STR, FS_REQUIRED, offsetof(struct authority_in, name_en), 1, LONGNAME_CHARS,
	  0, NULL, NULL },
	{ "region", FS_STR, FS_REQUIRED, offsetof(struct authority_in, region), 6, 6, 0, NULL,
	  NULL },
};
const struct fs_spec spec_authority_new = FS_SPEC(authority_fields, struct authority_in);

static const struct fs_field authority_patch_fields[] = {
	{ "name_zh", FS_STR, 0, offsetof(struct authority_in, name_zh), 1, LONGNAME_CHARS, 0, NULL,
	  NULL },
	{ "name_en", FS_STR, 0, offsetof(struct authority_in, name_en), 1, LONGNAME_CHARS, 0, NULL,
	  NULL },
};
const struct fs_spec spec_authority_patch = FS_SPEC(authority_patch_fields, struct authority_in);

struct unit_in {
	uint64_t present;
	const char *name, *uscc, *region, *address, *legal_representative, *registered_on, *phone;
};
#define UNIT_FIELDS(req)                                                                           \
	{ "name", FS_STR, req, offsetof(struct unit_in, name), 1, LONGNAME_CHARS, 0, NULL, NULL }, \
		{ "uscc", FS_STR, req, offsetof(struct unit_in, uscc), 1, 18, 0, NULL, NULL },     \
		{ "region", FS_STR, req, offsetof(struct unit_in, region), 6, 6, 0, NULL, NULL },  \
		{ "address", FS_STR, 0,	  offsetof(struct unit_in, address), 0, ADDRESS_CHARS,     \
		  0,	     NULL,   NULL },                                                       \
		{ "legal_representative",                                                          \
		  FS_STR,                                                                          \
		  0,                                                                               \
		  offsetof(struct unit_in, legal_representative),                                  \
		  0,                                                                               \
		  NAME_CHARS_MAX,                                                                  \
		  0,                                                                               \
		  NULL,                                                                            \
		  NULL },                                                                          \
		{ "registered_on",                                                                 \
		  FS_STR,                                                                          \
		  0,                                                                               \
		  offsetof(struct unit_in, registered_on),                                         \
		  0,                                                                               \
		  10,                                                                              \
		  0,                                                                               \
		  NULL,                                                                            \
		  NULL },                                                                          \
	{                                                                                          \
		"phone", FS_STR, 0, offsetof(struct unit_in, phone), 0, PHONE_MAX, 0, NULL, NULL   \
	}
static const struct fs_field unit_new_fields[] = { UNIT_FIELDS(FS_REQUIRED) };
static const struct fs_field unit_patch_fields[] = { UNIT_FIELDS(0) };
const struct fs_spec spec_unit_new = FS_SPEC(unit_new_fields, struct unit_in);
const struct fs_spec spec_unit_patch = FS_SPEC(unit_patch_fields, struct unit_in);

struct unit_query {
	uint64_t present;
	const char *q;
	const char *region;
	int64_t cursor;
	int64_t limit;
};
static const struct fs_field unit_query_fields[] = {
	{ "q", FS_STR, 0, offsetof(struct unit_query, q), 1, 64, 0, NULL, NULL },
	{ "region", FS_STR, 0, offsetof(struct unit_query, region), 2, 6, 0, NULL, NULL },
	{ "cursor", FS_INT, 0, offsetof(struct unit_query, cursor), 1, INT64_MAX, 0, NULL, NULL },
	{ "limit", FS_INT, 0, offsetof(struct unit_query, limit), 1, 200, 0, NULL, NULL },
};
const struct fs_spec spec_unit_query = FS_SPEC(unit_query_fields, struct unit_query);

static json_t *region_json_v(const void *rec)
{
	return api_region_json(rec);
}

static json_t *authority_json_v(const void *rec)
{
	return api_authority_json(rec);
}

static json_t *unit_json_v(const void *rec)
{
	return api_unit_json(rec);
}

int api_regions_list(struct reqctx *rc)
{
	const struct region_query *q = rc->q;
	struct api_collect c = { json_array(), region_json_v };

	return api_reply_page(
		rc, regions_list(&rc->svc, q->parent, api_collect_visit, &c, &rc->err), c.items, 0);
}

int api_region_create(struct reqctx *rc)
{
	const struct region_in *in = rc->in;
	struct region_rec r;
	int ret;

	memset(&r, 0, sizeof(r));
	bm_strlcpy(r.code, in->code, sizeof(r.code));
	bm_strlcpy(r.name_zh, in->name_zh, sizeof(r.name_zh));
	bm_strlcpy(r.name_en, in->name_en, sizeof(r.name_en));
	ret = regions_create(&rc->svc, &r, &rc->err);
	if (ret != 0)
		return ret;
	region_parent(r.code, r.parent);
	return reply_json(rc, 201, api_region_json(&r));
}

int api_authorities_list(struct reqctx *rc)
{
	struct api_collect c = { json_array(), authority_json_v };

	return api_reply_page(rc, authorities_list(&rc->svc, api_collect_visit, &c, &rc->err),
			      c.items, 0);
}

static int reply_authority(struct reqctx *rc, int status, const struct authority *a)
{
	reply_etag(rc, a->version);
	return reply_json(rc, status, api_authority_json(a));
}

int api_authority_create(struct reqctx *rc)
{
	const struct authority_in *in = rc->in;
	struct authority_new n = { in->name_zh, in->name_en, in->region };
	struct authority a;
	int ret = authorities_create(&rc->svc, &n, &a, &rc->err);

	return ret != 0 ? ret : reply_authority(rc, 201, &a);
}

int api_authority_get(struct reqctx *rc)
{
	struct authority a;
	int64_t id;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = authorities_get(&rc->svc, id, &a, &rc->err);
	return ret != 0 ? ret : reply_authority(rc, 200, &a);
}

int api_authority_patch(struct reqctx *rc)
{
	const struct authority_in *in = rc->in;
	struct authority a;
	int64_t id, version;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = req_if_match(rc, &version);
	if (ret == 0)
		ret = authorities_update(&rc->svc, id, version, in->name_zh, in->name_en, &a,
					 &rc->err);
	return ret != 0 ? ret : reply_authority(rc, 200, &a);
}

int api_units_list(struct reqctx *rc)
{
	const struct unit_query *q = rc->q;
	struct unit_filter f = { q->region, q->q, 0, q->cursor };
	struct api_collect c = { json_array(), unit_json_v };
	int64_t next = 0;
	int ret = units_list(&rc->svc, &f, q->limit != 0 ? (int)q->limit : 50, api_collect_visit,
			     &c, &next, &rc->err);

	return api_reply_page(rc, ret, c.items, next);
}

static int reply_unit(struct reqctx *rc, int status, const struct unit *u)
{
	reply_etag(rc, u->version);
	return reply_json(rc, status, api_unit_json(u));
}

static struct unit_fields unit_fields_from(const struct unit_in *in)
{
	struct unit_fields f = {
		in->name,	   in->uscc, in->region, in->address, in->legal_representative,
		in->registered_on, in->phone
	};
	return f;
}

int api_unit_create(struct reqctx *rc)
{
	struct unit_fields f = unit_fields_from(rc->in);
	struct unit u;
	int ret = units_create(&rc->svc, &f, &u, &rc->err);

	return ret != 0 ? ret : reply_unit(rc, 201, &u);
}

int api_unit_get(struct reqctx *rc)
{
	struct unit u;
	int64_t id;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = units_get(&rc->svc, id, &u, &rc->err);
	return ret != 0 ? ret : reply_unit(rc, 200, &u);
}

int api_unit_patch(struct reqctx *rc)
{
	struct unit_fields f = unit_fields_from(rc->in);
	int64_t id, version;
	struct unit u;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = req_if_match(rc, &version);
	if (ret == 0)
		ret = units_update(&rc->svc, id, version, &f, &u, &rc->err);
	return ret != 0 ? ret : reply_unit(rc, 200, &u);
}

int api_unit_set_label(struct reqctx *rc)
{
	struct label l;
	int64_t id, version;
	struct unit u;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = req_if_match(rc, &version);
	if (ret == 0)
		ret = api_label_from(rc->in, &l, "compartments", &rc->err);
	if (ret == 0)
		ret = units_set_label(&rc->svc, id, version, &l, &u, &rc->err);
	return ret != 0 ? ret : reply_unit(rc, 200, &u);
}
