/*
 * orgs.c - regions, authorities and units.
 */
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "core/uscc.h"
#include "service/certs.h"
#include "service/orgs.h"
#include "service/users.h"
#include "base/banned.h"

static const struct resource region_coll = { .type = "region" };
static const struct resource authority_coll = { .type = "authority" };

static int text_field(const char *v, const char *field, size_t min_chars, size_t max_chars,
		      struct bm_err *err)
{
	size_t n;

	if (v == NULL || !bm_text_ok(v, max_chars * 4, 0))
		return bm_err_set(err, BM_EINVAL, "invalid_field", field,
				  "%s must be text without control characters", field);
	n = bm_utf8_len(v);
	if (n < min_chars || n > max_chars)
		return bm_err_set(err, BM_EINVAL, "invalid_field", field,
				  "%s must be %zu..%zu characters", field, min_chars, max_chars);
	return 0;
}

/* The region must be well-formed and in the regions table. */
static int known_region(struct svc *s, const char *code, const char *field, struct bm_err *err)
{
	struct region_rec r;
	int rc;

	if (!region_code_ok(code))
		return bm_err_set(err, BM_EINVAL, "invalid_region", field,
				  "%s must be a six-digit GB/T 2260 code", field);
	rc = regions_repo_get(s->db, code, &r, err);
	if (rc == BM_ENOTFOUND)
		return bm_err_set(err, BM_EINVAL, "unknown_region", field,
				  "%s %s is not a known GB/T 2260 region", field, code);
	return rc;
}

int regions_list(struct svc *s, const char *parent, visit_fn fn, void *ctx, struct bm_err *err)
{
	int rc = svc_authorize(s, ACT_REGION_READ, &region_coll, err);

	if (rc == 0)
		rc = regions_repo_list(s->db, parent, fn, ctx, err);
	return svc_end(s, rc, err);
}

int regions_create(struct svc *s, const struct region_rec *in, struct bm_err *err)
{
	struct region_rec r = *in;
	int rc;

	if (!region_code_ok(in->code) || strcmp(in->code, REGION_NATIONAL) == 0)
		return bm_err_set(err, BM_EINVAL, "invalid_region", "code",
				  "code must be a six-digit GB/T 2260 code");
	if ((rc = text_field(in->name_zh, "name_zh", 1, LONGNAME_CHARS, err)) != 0 ||
	    (rc = text_field(in->name_en, "name_en", 1, LONGNAME_CHARS, err)) != 0)
		return rc;
	region_parent(in->code, r.parent);
	rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = svc_authorize(s, ACT_REGION_WRITE, &region_coll, err);
	if (rc == 0) {
		struct region_rec p;
		rc = regions_repo_get(s->db, r.parent, &p, err);
		if (rc == BM_ENOTFOUND)
			rc = bm_err_set(err, BM_ERULE, "parent_region_missing", "code",
					"the enclosing region %s must be added first", r.parent);
	}
	if (rc == 0) {
		rc = regions_repo_insert(s->db, &r, err);
		if (rc == BM_ECONFLICT)
			rc = bm_err_set(err, BM_ECONFLICT, "duplicate", "code", "region %s exists",
					r.code);
	}
	if (rc == 0)
		rc = svc_audit_outcome(
			s, "region.create", "region", r.code, "ok",
			json_pack("{s:s,s:s}", "name_zh", r.name_zh, "name_en", r.name_en), err);
	return svc_end(s, rc, err);
}

/* ---- authorities ---- */

int authorities_list(struct svc *s, visit_fn fn, void *ctx, struct bm_err *err)
{
	int rc = svc_authorize(s, ACT_AUTHORITY_READ, &authority_coll, err);

	if (rc == 0)
		rc = authorities_repo_list(s->db, fn, ctx, err);
	return svc_end(s, rc, err);
}

int authorities_get(struct svc *s, int64_t id, struct authority *out, struct bm_err *err)
{
	int rc = svc_authorize(s, ACT_AUTHORITY_READ, &authority_coll, err);

	if (rc == 0)
		rc = authorities_repo_get(s->db, id, out, err);
	return svc_end(s, rc, err);
}

int authorities_create(struct svc *s, const struct authority_new *in, struct authority *out,
		       struct bm_err *err)
{
	struct authority a;
	enum region_level lvl;
	char parent[REGION_LEN];
	int rc;

	if ((rc = text_field(in->name_zh, "name_zh", 1, LONGNAME_CHARS, err)) != 0 ||
	    (rc = text_field(in->name_en, "name_en", 1, LONGNAME_CHARS, err)) != 0)
		return rc;
	rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = svc_authorize(s, ACT_AUTHORITY_WRITE, &authority_coll, err);
	if (rc == 0)
		rc = known_region(s, in->region, "region", err);
	if (rc != 0)
		return svc_end(s, rc, err);
	lvl = region_level_of(in->region);
	if (lvl == REGION_COUNTY)
		return svc_end(s,
			       bm_err_set(err, BM_ERULE, "invalid_level", "region",
					  "secrecy bureaus here are national, provincial or "
					  "municipal; %s is a county code",
					  in->region),
			       err);
	memset(&a, 0, sizeof(a));
	bm_strlcpy(a.name_zh, in->name_zh, sizeof(a.name_zh));
	bm_strlcpy(a.name_en, in->name_en, sizeof(a.name_en));
	bm_strlcpy(a.region, in->region, sizeof(a.region));
	bm_strlcpy(a.level, region_level_name(lvl), sizeof(a.level));
	if (region_parent(in->region, parent) == 0) {
		struct authority p = { 0 };
		rc = authorities_repo_get_by_region(s->db, parent, &p, err);
		if (rc == BM_ENOTFOUND)
			rc = bm_err_set(err, BM_ERULE, "parent_authority_missing", "region",
					"create the authority of region %s first", parent);
		a.parent_id = p.id;
	}
	a.created_at = a.updated_at = s->now;
	if (rc == 0) {
		rc = authorities_repo_insert(s->db, &a, err);
		if (rc == BM_ECONFLICT)
			rc = bm_err_set(err, BM_ECONFLICT, "duplicate", "region",
					"region %s already has an authority", a.region);
	}
	if (rc == 0)
		rc = svc_audit(s, "authority.create", "authority", a.id,
			       json_pack("{s:s,s:s,s:s}", "name_zh", a.name_zh, "name_en",
					 a.name_en, "region", a.region),
			       err);
	rc = svc_end(s, rc, err);
	if (rc == 0 && out != NULL)
		*out = a;
	return rc;
}

int authorities_update(struct svc *s, int64_t id, int64_t if_match, const char *name_zh,
		       const char *name_en, struct authority *out, struct bm_err *err)
{
	struct authority a;
	json_t *changes;
	int rc;

	if ((name_zh != NULL &&
	     (rc = text_field(name_zh, "name_zh", 1, LONGNAME_CHARS, err)) != 0) ||
	    (name_en != NULL && (rc = text_field(name_en, "name_en", 1, LONGNAME_CHARS, err)) != 0))
		return rc;
	rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = authorities_repo_get(s->db, id, &a, err);
	if (rc == 0)
		rc = svc_authorize(s, ACT_AUTHORITY_WRITE,
				   &(struct resource){ .type = "authority", .id = id }, err);
	if (rc != 0)
		return svc_end(s, rc, err);
	changes = json_object();
	if (name_zh != NULL) {
		svc_change(changes, "name_zh", json_string(a.name_zh), json_string(name_zh));
		bm_strlcpy(a.name_zh, name_zh, sizeof(a.name_zh));
	}
	if (name_en != NULL) {
		svc_change(changes, "name_en", json_string(a.name_en), json_string(name_en));
		bm_strlcpy(a.name_en, name_en, sizeof(a.name_en));
	}
	a.updated_at = s->now;
	rc = authorities_repo_update(s->db, &a, if_match, err);
	if (rc == 0)
		rc = svc_audit(s, "authority.update", "authority", a.id,
			       json_pack("{s:o}", "changes", changes), err);
	else
		json_decref(changes);
	rc = svc_end(s, rc, err);
	if (rc == 0 && out != NULL)
		*out = a;
	return rc;
}

/* ---- units ---- */

int orgs_check_uscc(const char *uscc, const char *field, struct bm_err *err)
{
	int pos = 0;
	char expected = 0;

	switch (uscc_check(uscc, &pos, &expected)) {
	case USCC_OK:
		return 0;
	case USCC_BAD_LENGTH:
		return bm_err_set(err, BM_EINVAL, "invalid_uscc", field,
				  "the unified social credit code must have 18 characters");
	case USCC_BAD_CHAR:
		return bm_err_set(err, BM_EINVAL, "invalid_uscc", field,
				  "character %d of the unified social credit code is not allowed "
				  "(0-9 and capitals except I, O, S, V, Z)",
				  pos);
	case USCC_BAD_CHECK:
		return bm_err_set(err, BM_EINVAL, "invalid_uscc", field,
				  "the check character of the unified social credit code is wrong: "
				  "expected '%c'",
				  expected);
	}
	return BM_EINVAL;
}

void units_resource(const struct unit *u, struct resource *r)
{
	memset(r, 0, sizeof(*r));
	r->type = "unit";
	r->id = u->id;
	r->scoped = 1;
	r->region = u->region;
	r->unit_id = u->id;
	r->label = &u->label;
}

/* Validate the given fields and copy them into u. */
static int unit_apply(struct svc *s, const struct unit_fields *in, struct unit *u, json_t *changes,
		      struct bm_err *err)
{
	int rc;

#define APPLY(field, min, max)                                                                     \
	do {                                                                                       \
		if (in->field == NULL)                                                             \
			break;                                                                     \
		if ((rc = text_field(in->field, #field, min, max, err)) != 0)                      \
			return rc;                                                                 \
		if (changes != NULL)                                                               \
			svc_change(changes, #field, json_string(u->field),                         \
				   json_string(in->field));                                        \
		bm_strlcpy(u->field, in->field, sizeof(u->field));                                 \
	} while (0)

	if (in->uscc != NULL && (rc = orgs_check_uscc(in->uscc, "uscc", err)) != 0)
		return rc;
	if (in->region != NULL && (rc = known_region(s, in->region, "region", err)) != 0)
		return rc;
	if (in->region != NULL && strcmp(in->region, REGION_NATIONAL) == 0)
		return bm_err_set(err, BM_EINVAL, "invalid_region", "region",
				  "a unit is registered in a province, city or county");
	if (in->registered_on != NULL && in->registered_on[0] != '\0') {
		int32_t d;
		if (bm_date_parse(in->registered_on, &d) != 0 || d > bm_date_cst(s->now))
			return bm_err_set(err, BM_EINVAL, "invalid_date", "registered_on",
					  "registered_on must be a past date YYYY-MM-DD");
	}
	if (in->phone != NULL) {
		for (const char *p = in->phone; *p != '\0'; p++)
			if (!((*p >= '0' && *p <= '9') || *p == '-' || *p == '+' || *p == ' '))
				return bm_err_set(err, BM_EINVAL, "invalid_field", "phone",
						  "phone may hold digits, spaces, '+' and '-'");
	}
	APPLY(name, 1, LONGNAME_CHARS);
	APPLY(uscc, 18, 18);
	APPLY(region, 6, 6);
	APPLY(address, 0, ADDRESS_CHARS);
	APPLY(legal_representative, 0, NAME_CHARS_MAX);
	APPLY(registered_on, 0, 10);
	APPLY(phone, 0, PHONE_MAX);
#undef APPLY
	return 0;
}

struct unit_list_ctx {
	struct svc *s;
	int limit, emitted;
	int64_t last, next;
	visit_fn fn;
	void *ctx;
	json_t *classified; /* ids of listed records labelled confidential or above */
};

static int unit_list_visit(void *ctx, const void *rec)
{
	struct unit_list_ctx *lc = ctx;
	const struct unit *u = rec;
	struct resource r;

	if (lc->emitted == lc->limit) {
		lc->next = lc->last;
		return 1;
	}
	units_resource(u, &r);
	if (authz_check(&lc->s->who, ACT_UNIT_READ, &r) != AUTHZ_ALLOW)
		return 0;
	lc->emitted++;
	lc->last = u->id;
	if (u->label.level >= LEVEL_CONFIDENTIAL)
		json_array_append_new(lc->classified, json_integer(u->id));
	return lc->fn(lc->ctx, u);
}

int units_list(struct svc *s, const struct unit_filter *f, int limit, visit_fn fn, void *ctx,
	       int64_t *next, struct bm_err *err)
{
	struct unit_list_ctx lc = { s, limit, 0, 0, 0, fn, ctx, json_array() };
	struct unit_filter pre = *f;
	int rc = svc_authorize(s, ACT_UNIT_READ, &(struct resource){ .type = "unit" }, err);

	/* Pre-filter in SQL by clearance level; authz still decides each row. */
	pre.max_level =
		s->who.kind == AUTH_OPERATOR ? LEVEL_TOP_SECRET : (int)s->who.clearance.level;
	if (rc == 0)
		rc = svc_begin(s, DB_TX_READ, err);
	if (rc == 0)
		rc = units_repo_list(s->db, &pre, unit_list_visit, &lc, err);
	*next = lc.next;
	/* Listing records labelled as state secrets is audited like reading them
	 * (and fails closed: the caller gets no list without the entry). */
	if (rc == 0 && json_array_size(lc.classified) > 0) {
		db_rollback(s->db);
		rc = svc_begin(s, DB_TX_WRITE, err);
		if (rc == 0)
			rc = svc_audit(s, "unit.list", "unit", 0,
				       json_pack("{s:O}", "classified_ids", lc.classified), err);
	}
	json_decref(lc.classified);
	return svc_end(s, rc, err);
}

static int unit_load(struct svc *s, int64_t id, enum action a, struct unit *u, struct bm_err *err)
{
	struct resource r;
	int rc = units_repo_get(s->db, id, u, err);

	if (rc != 0)
		return rc;
	units_resource(u, &r);
	rc = svc_authorize(s, ACT_UNIT_READ, &r, err);
	if (rc == 0 && a != ACT_UNIT_READ)
		rc = svc_authorize(s, a, &r, err);
	return rc;
}

int units_get(struct svc *s, int64_t id, struct unit *out, struct bm_err *err)
{
	int rc = unit_load(s, id, ACT_UNIT_READ, out, err);

	/* Reading a record labelled as a state secret is itself audited, and fails
	 * closed: no audit entry, no record. */
	if (rc == 0 && out->label.level >= LEVEL_CONFIDENTIAL) {
		rc = svc_begin(s, DB_TX_WRITE, err);
		if (rc == 0)
			rc = svc_audit(s, "unit.read", "unit", id,
				       json_pack("{s:s}", "label", level_name(out->label.level)),
				       err);
	}
	return svc_end(s, rc, err);
}

int units_create(struct svc *s, const struct unit_fields *in, struct unit *out, struct bm_err *err)
{
	struct unit u;
	int rc;

	if (in->name == NULL || in->uscc == NULL || in->region == NULL)
		return bm_err_set(err, BM_EINVAL, "missing_field",
				  in->name == NULL   ? "name"
				  : in->uscc == NULL ? "uscc"
						     : "region",
				  "name, uscc and region are required");
	memset(&u, 0, sizeof(u));
	u.label.level = LEVEL_INTERNAL;
	rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = svc_authorize(s, ACT_UNIT_CREATE, &(struct resource){ .type = "unit" }, err);
	if (rc == 0)
		rc = unit_apply(s, in, &u, NULL, err);
	if (rc == 0) {
		u.created_at = u.updated_at = s->now;
		rc = units_repo_insert(s->db, &u, err);
		if (rc == BM_ECONFLICT)
			rc = bm_err_set(err, BM_ECONFLICT, "duplicate", "uscc",
					"a unit with USCC %s is registered", u.uscc);
	}
	if (rc == 0)
		rc = svc_audit(s, "unit.create", "unit", u.id,
			       json_pack("{s:s,s:s,s:s}", "name", u.name, "uscc", u.uscc, "region",
					 u.region),
			       err);
	rc = svc_end(s, rc, err);
	if (rc == 0 && out != NULL)
		*out = u;
	return rc;
}

int units_update(struct svc *s, int64_t id, int64_t if_match, const struct unit_fields *in,
		 struct unit *out, struct bm_err *err)
{
	json_t *changes = json_object();
	struct unit u, before;
	int rc = svc_begin(s, DB_TX_WRITE, err);

	memset(&u, 0, sizeof(u));
	if (rc == 0)
		rc = unit_load(s, id, ACT_UNIT_UPDATE, &u, err);
	before = u;
	/* Identity fields are the registry's, not the unit's own to rewrite. */
	if (rc == 0 && s->who.kind != AUTH_OPERATOR &&
	    !(s->who.roles & ROLE_BIT(ROLE_SYSTEM_ADMIN)) &&
	    (in->uscc != NULL || in->region != NULL))
		rc = svc_refuse(s, ACT_UNIT_UPDATE, "unit", id, err, "forbidden",
				in->uscc != NULL ? "uscc" : "region",
				"only a system administrator changes a unit's USCC or region");
	if (rc == 0)
		rc = unit_apply(s, in, &u, changes, err);
	if (rc == 0) {
		u.updated_at = s->now;
		rc = units_repo_update(s->db, &u, if_match, err);
		if (rc == BM_ECONFLICT)
			rc = bm_err_set(err, BM_ECONFLICT, "duplicate", "uscc",
					"a unit with USCC %s is registered", u.uscc);
	}
	if (rc == 0)
		rc = svc_audit(s, "unit.update", "unit", u.id,
			       json_pack("{s:O}", "changes", changes), err);
	/* a new name, address or legal representative: new versions of its certificates */
	if (rc == 0)
		rc = certs_unit_changed(s, &before, &u, err);
	json_decref(changes);
	rc = svc_end(s, rc, err);
	if (rc == 0 && out != NULL)
		*out = u;
	return rc;
}

int units_set_label(struct svc *s, int64_t id, int64_t if_match, const struct label *l,
		    struct unit *out, struct bm_err *err)
{
	json_t *before;
	struct unit u;
	int rc = svc_begin(s, DB_TX_WRITE, err);

	if (rc == 0)
		rc = unit_load(s, id, ACT_UNIT_READ, &u, err);
	/* Labels are a security administrator's to set (三员分立). */
	if (rc == 0)
		rc = svc_authorize(s, ACT_LABEL_SET, &(struct resource){ .type = "unit", .id = id },
				   err);
	if (rc == 0 && s->who.kind != AUTH_OPERATOR && !label_dominates(&s->who.clearance, l))
		rc = bm_err_set(err, BM_ERULE, "label_above_clearance", "level",
				"you cannot set a label your own clearance does not dominate");
	if (rc != 0)
		return svc_end(s, rc, err);
	before = label_json(&u.label);
	u.label = *l;
	u.updated_at = s->now;
	rc = units_repo_update(s->db, &u, if_match, err);
	if (rc == 0)
		rc = svc_audit(s, "unit.set_label", "unit", u.id,
			       json_pack("{s:o,s:o}", "old", before, "new", label_json(&u.label)),
			       err);
	else
		json_decref(before);
	rc = svc_end(s, rc, err);
	if (rc == 0 && out != NULL)
		*out = u;
	return rc;
}
