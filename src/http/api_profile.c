/*
 * api_profile.c - a unit's registry data in full: ownership and leadership, key
 * people, history events, premises and declarations.
 */
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "http/api.h"
#include "service/profile.h"
#include "base/banned.h"

struct extra_body {
	uint64_t present;
	const char *principal_head, *actual_controller;
	int64_t registered_capital, employees, annual_revenue;
	int foreign_known;
	int64_t foreign_direct_bp, foreign_indirect_bp;
};
static const struct fs_field extra_fields[] = {
	{ "principal_head", FS_STR, 0, offsetof(struct extra_body, principal_head), 0,
	  NAME_CHARS_MAX, 0, NULL, NULL },
	{ "actual_controller", FS_STR, 0, offsetof(struct extra_body, actual_controller), 0,
	  NAME_CHARS_MAX, 0, NULL, NULL },
	{ "registered_capital", FS_INT, FS_NULLABLE,
	  offsetof(struct extra_body, registered_capital), 0, INT64_MAX / 2, 0, NULL, NULL },
	{ "employees", FS_INT, FS_NULLABLE, offsetof(struct extra_body, employees), 0, 10000000, 0,
	  NULL, NULL },
	{ "annual_revenue", FS_INT, FS_NULLABLE, offsetof(struct extra_body, annual_revenue), 0,
	  INT64_MAX / 2, 0, NULL, NULL },
	{ "foreign_known", FS_BOOL, 0, offsetof(struct extra_body, foreign_known), 0, 0, 0, NULL,
	  NULL },
	{ "foreign_direct_bp", FS_INT, 0, offsetof(struct extra_body, foreign_direct_bp), 0, 10000,
	  0, NULL, NULL },
	{ "foreign_indirect_bp", FS_INT, 0, offsetof(struct extra_body, foreign_indirect_bp), 0,
	  10000, 0, NULL, NULL },
};
const struct fs_spec spec_profile_patch = FS_SPEC(extra_fields, struct extra_body);

struct person_body {
	uint64_t present;
	int role;
	const char *name, *nationality;
	int foreign_residence, foreign_spouse, dishonest;
};
static const char *const person_roles[] = { "legal_representative", "principal_head",
					    "actual_controller",    "board_member",
					    "supervisor",	    "senior_manager",
					    "secret_related_staff", NULL };
static const struct fs_field person_fields[] = {
	{ "role", FS_ENUM, FS_REQUIRED, offsetof(struct person_body, role), 0, 0, 0, person_roles,
	  NULL },
	{ "name", FS_STR, FS_REQUIRED, offsetof(struct person_body, name), 1, NAME_CHARS_MAX, 0,
	  NULL, NULL },
	{ "nationality", FS_STR, FS_NULLABLE, offsetof(struct person_body, nationality), 2, 2, 0,
	  NULL, NULL },
	{ "foreign_residence", FS_BOOL, FS_NULLABLE,
	  offsetof(struct person_body, foreign_residence), 0, 0, 0, NULL, NULL },
	{ "foreign_spouse", FS_BOOL, FS_NULLABLE, offsetof(struct person_body, foreign_spouse), 0,
	  0, 0, NULL, NULL },
	{ "dishonest", FS_BOOL, FS_NULLABLE, offsetof(struct person_body, dishonest), 0, 0, 0, NULL,
	  NULL },
};
const struct fs_spec spec_person = FS_SPEC(person_fields, struct person_body);

struct event_body {
	uint64_t present;
	int kind;
	int32_t occurred_on;
	const char *description;
};
static const char *const event_kinds[] = {
	"violation", "leak", "qualification_revoked", "criminal_record", "securities_penalty", NULL
};
static const struct fs_field event_fields[] = {
	{ "kind", FS_ENUM, FS_REQUIRED, offsetof(struct event_body, kind), 0, 0, 0, event_kinds,
	  NULL },
	{ "occurred_on", FS_DATE, FS_REQUIRED, offsetof(struct event_body, occurred_on), 0, 0, 0,
	  NULL, NULL },
	{ "description", FS_STR, FS_MULTILINE, offsetof(struct event_body, description), 0, 1000, 0,
	  NULL, NULL },
};
const struct fs_spec spec_unit_event = FS_SPEC(event_fields, struct event_body);

struct premises_body {
	uint64_t present;
	const char *address;
	int tenure;
	int32_t since, lease_end;
	int64_t area;
};
static const char *const tenures[] = { "owned", "leased", NULL };
static const struct fs_field premises_fields[] = {
	{ "address", FS_STR, FS_REQUIRED, offsetof(struct premises_body, address), 1, ADDRESS_CHARS,
	  0, NULL, NULL },
	{ "tenure", FS_ENUM, FS_REQUIRED, offsetof(struct premises_body, tenure), 0, 0, 0, tenures,
	  NULL },
	{ "since", FS_DATE, FS_REQUIRED, offsetof(struct premises_body, since), 0, 0, 0, NULL,
	  NULL },
	{ "lease_end", FS_DATE, FS_NULLABLE, offsetof(struct premises_body, lease_end), 0, 0, 0,
	  NULL, NULL },
	{ "area", FS_INT, FS_NULLABLE, offsetof(struct premises_body, area), 0, 100000000, 0, NULL,
	  NULL },
};
const struct fs_spec spec_premises = FS_SPEC(premises_fields, struct premises_body);

struct decl_body {
	uint64_t present;
	int value;
};
static const struct fs_field decl_fields[] = {
	{ "value", FS_BOOL, FS_REQUIRED, offsetof(struct decl_body, value), 0, 0, 0, NULL, NULL },
};
const struct fs_spec spec_declaration = FS_SPEC(decl_fields, struct decl_body);

static json_t *tri_json(int v)
{
	return v < 0 ? json_null() : json_boolean(v);
}

static json_t *person_json(const struct person_rec *p)
{
	return json_pack("{s:I,s:s,s:s,s:o,s:o,s:o,s:o,s:I}", "id", (json_int_t)p->id, "role",
			 p->role, "name", p->name, "nationality",
			 p->nationality[0] ? json_string(p->nationality) : json_null(),
			 "foreign_residence", tri_json(p->foreign_residence), "foreign_spouse",
			 tri_json(p->foreign_spouse), "dishonest", tri_json(p->dishonest),
			 "version", (json_int_t)p->version);
}

static int person_visit(void *ctx, const void *rec)
{
	json_array_append_new(ctx, person_json(rec));
	return 0;
}

static json_t *event_json(const struct event_rec *e)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:b}", "id", (json_int_t)e->id, "kind", e->kind,
			 "occurred_on", e->occurred_on, "description", e->description, "locked",
			 e->locked);
}

static int event_visit(void *ctx, const void *rec)
{
	json_array_append_new(ctx, event_json(rec));
	return 0;
}

static json_t *premises_json(const struct premises_rec *p)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:o,s:o}", "id", (json_int_t)p->id, "address",
			 p->address, "tenure", p->tenure, "since", p->since, "lease_end",
			 p->lease_end[0] ? json_string(p->lease_end) : json_null(), "area",
			 p->area >= 0 ? json_integer(p->area) : json_null());
}

static int premises_visit(void *ctx, const void *rec)
{
	json_array_append_new(ctx, premises_json(rec));
	return 0;
}

static int decl_visit(void *ctx, const void *rec)
{
	const char *const *kv = rec;

	json_object_set_new(ctx, kv[0], json_boolean(kv[1][0] == '1'));
	return 0;
}

static json_t *known_or_null(int64_t v)
{
	return v >= 0 ? json_integer(v) : json_null();
}

int api_profile_get(struct reqctx *rc)
{
	json_t *people = json_array(), *events = json_array(), *premises = json_array();
	json_t *decl = json_object();
	struct unit_extra x;
	int64_t id;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = profile_get_extra(&rc->svc, id, &x, &rc->err);
	if (ret == 0)
		ret = profile_people(&rc->svc, id, person_visit, people, &rc->err);
	if (ret == 0)
		ret = profile_events(&rc->svc, id, event_visit, events, &rc->err);
	if (ret == 0)
		ret = profile_premises(&rc->svc, id, premises_visit, premises, &rc->err);
	if (ret == 0)
		ret = profile_declarations(&rc->svc, id, decl_visit, decl, &rc->err);
	if (ret != 0) {
		json_decref(people);
		json_decref(events);
		json_decref(premises);
		json_decref(decl);
		return ret;
	}
	return reply_json(rc, 200,
			  json_pack("{s:I,s:s,s:s,s:o,s:o,s:o,s:b,s:i,s:i,s:o,s:o,s:o,s:o}",
				    "unit_id", (json_int_t)id, "principal_head", x.principal_head,
				    "actual_controller", x.actual_controller, "registered_capital",
				    known_or_null(x.registered_capital), "employees",
				    known_or_null(x.employees), "annual_revenue",
				    known_or_null(x.annual_revenue), "foreign_known",
				    x.foreign_known, "foreign_direct_bp", x.foreign_direct_bp,
				    "foreign_indirect_bp", x.foreign_indirect_bp, "people", people,
				    "events", events, "premises", premises, "declarations", decl));
}

int api_profile_patch(struct reqctx *rc)
{
	const struct extra_body *in = rc->in;
	struct extra_in x = { NULL, NULL, -2, -2, -2, -1, -1, -1 };
	int64_t id, version;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = req_if_match(rc, &version);
	if (ret != 0)
		return ret;
	x.principal_head = in->principal_head;
	x.actual_controller = in->actual_controller;
	/* a null figure clears it (unknown); an absent one keeps it */
	if (FS_HAS(in, 2))
		x.registered_capital =
			in->registered_capital == FS_NONE_INT ? -1 : in->registered_capital;
	if (FS_HAS(in, 3))
		x.employees = in->employees == FS_NONE_INT ? -1 : in->employees;
	if (FS_HAS(in, 4))
		x.annual_revenue = in->annual_revenue == FS_NONE_INT ? -1 : in->annual_revenue;
	if (FS_HAS(in, 5))
		x.foreign_known = in->foreign_known;
	if (FS_HAS(in, 6))
		x.foreign_direct_pct = (double)in->foreign_direct_bp / 100.0;
	if (FS_HAS(in, 7))
		x.foreign_indirect_pct = (double)in->foreign_indirect_bp / 100.0;
	ret = profile_update_extra(&rc->svc, id, version, &x, NULL, &rc->err);
	return ret != 0 ? ret : api_profile_get(rc);
}

static int unit_and_item(struct reqctx *rc, const char *item, int64_t *unit_id, int64_t *id)
{
	int ret = req_id_param(rc, "id", unit_id);

	if (ret == 0 && item != NULL)
		ret = req_id_param(rc, item, id);
	return ret;
}

int api_person_put(struct reqctx *rc)
{
	const struct person_body *in = rc->in;
	struct person_rec p;
	int64_t unit_id, id = 0;
	int ret = unit_and_item(rc, strcmp(rc->route->method, "PUT") == 0 ? "pid" : NULL, &unit_id,
				&id);

	if (ret != 0)
		return ret;
	memset(&p, 0, sizeof(p));
	p.id = id;
	p.unit_id = unit_id;
	bm_strlcpy(p.role, person_roles[in->role], sizeof(p.role));
	bm_strlcpy(p.name, in->name, sizeof(p.name));
	bm_strlcpy(p.nationality, in->nationality != NULL ? in->nationality : "",
		   sizeof(p.nationality));
	p.foreign_residence = FS_HAS(in, 3) ? in->foreign_residence : -1;
	p.foreign_spouse = FS_HAS(in, 4) ? in->foreign_spouse : -1;
	p.dishonest = FS_HAS(in, 5) ? in->dishonest : -1;
	ret = profile_person_put(&rc->svc, &p, &rc->err);
	return ret != 0 ? ret : reply_json(rc, id == 0 ? 201 : 200, person_json(&p));
}

int api_person_delete(struct reqctx *rc)
{
	int64_t unit_id, id;
	int ret = unit_and_item(rc, "pid", &unit_id, &id);

	if (ret == 0)
		ret = profile_person_delete(&rc->svc, unit_id, id, &rc->err);
	return ret != 0 ? ret : reply_empty(rc);
}

int api_unit_event_add(struct reqctx *rc)
{
	const struct event_body *in = rc->in;
	struct event_rec e;
	int64_t unit_id, none;
	int ret = unit_and_item(rc, NULL, &unit_id, &none);

	if (ret != 0)
		return ret;
	memset(&e, 0, sizeof(e));
	e.unit_id = unit_id;
	bm_strlcpy(e.kind, event_kinds[in->kind], sizeof(e.kind));
	bm_date_format(in->occurred_on, e.occurred_on);
	bm_strlcpy(e.description, in->description != NULL ? in->description : "",
		   sizeof(e.description));
	ret = profile_event_add(&rc->svc, &e, &rc->err);
	return ret != 0 ? ret : reply_json(rc, 201, event_json(&e));
}

int api_unit_event_delete(struct reqctx *rc)
{
	int64_t unit_id, id;
	int ret = unit_and_item(rc, "eid", &unit_id, &id);

	if (ret == 0)
		ret = profile_event_delete(&rc->svc, unit_id, id, &rc->err);
	return ret != 0 ? ret : reply_empty(rc);
}

int api_premises_add(struct reqctx *rc)
{
	const struct premises_body *in = rc->in;
	struct premises_rec p;
	int64_t unit_id, none;
	int ret = unit_and_item(rc, NULL, &unit_id, &none);

	if (ret != 0)
		return ret;
	memset(&p, 0, sizeof(p));
	p.unit_id = unit_id;
	bm_strlcpy(p.address, in->address, sizeof(p.address));
	bm_strlcpy(p.tenure, tenures[in->tenure], sizeof(p.tenure));
	bm_date_format(in->since, p.since);
	if (FS_HAS(in, 3) && in->lease_end != 0)
		bm_date_format(in->lease_end, p.lease_end);
	p.area = FS_HAS(in, 4) && in->area != FS_NONE_INT ? in->area : -1;
	ret = profile_premises_add(&rc->svc, &p, &rc->err);
	return ret != 0 ? ret : reply_json(rc, 201, premises_json(&p));
}

int api_premises_delete(struct reqctx *rc)
{
	int64_t unit_id, id;
	int ret = unit_and_item(rc, "pid", &unit_id, &id);

	if (ret == 0)
		ret = profile_premises_delete(&rc->svc, unit_id, id, &rc->err);
	return ret != 0 ? ret : reply_empty(rc);
}

int api_declaration_put(struct reqctx *rc)
{
	const struct decl_body *in = rc->in;
	char key[48];
	int64_t unit_id, none;
	int ret = unit_and_item(rc, NULL, &unit_id, &none);

	if (ret == 0 && route_param(&rc->params, "key", key, sizeof(key)) != 0)
		ret = bm_err_set(&rc->err, BM_ENOTFOUND, "not_found", NULL, "no such declaration");
	if (ret == 0)
		ret = profile_declare(&rc->svc, unit_id, key, in->value, &rc->err);
	if (ret != 0)
		return ret;
	return reply_json(rc, 200, json_pack("{s:s,s:b}", "key", key, "value", in->value));
}
