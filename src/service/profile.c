/*
 * profile.c - units in full: reading and maintaining the facts eligibility uses.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "core/scheme.h"
#include "service/profile.h"
#include "service/orgs.h"
#include "store/orgs_repo.h"
#include "base/banned.h"

static const char *const declarations[] = { "secrecy_body", "security_director", "classified_tasks",
					    NULL };
static const char *const event_kinds[] = {
	"violation", "leak", "qualification_revoked", "criminal_record", "securities_penalty", NULL
};

int profile_declaration_known(const char *key)
{
	for (int i = 0; declarations[i] != NULL; i++)
		if (strcmp(declarations[i], key) == 0)
			return 1;
	return 0;
}

/* Load the unit and authorise action a on its profile. */
static int unit_for(struct svc *s, int64_t unit_id, enum action a, struct unit *u,
		    struct bm_err *err)
{
	struct resource r;
	int rc = units_repo_get(s->db, unit_id, u, err);

	if (rc != 0)
		return rc;
	units_resource(u, &r);
	rc = svc_authorize(s, ACT_UNIT_READ, &r, err);
	if (rc == 0 && a != ACT_UNIT_READ)
		rc = svc_authorize(s, a, &r, err);
	return rc;
}

static int read_only(struct svc *s, int64_t unit_id, struct bm_err *err)
{
	struct unit u;
	return unit_for(s, unit_id, ACT_UNIT_READ, &u, err);
}

static int date_ok(const char *s, const char *field, int allow_empty, struct bm_err *err)
{
	int32_t d;

	if (allow_empty && (s == NULL || s[0] == '\0'))
		return 0;
	if (s == NULL || bm_date_parse(s, &d) != 0)
		return bm_err_set(err, BM_EINVAL, "invalid_date", field,
				  "%s must be a date YYYY-MM-DD", field);
	return 0;
}

static json_t *extra_json(const struct unit_extra *x)
{
	return json_pack("{s:s,s:s,s:I,s:I,s:I,s:b,s:i,s:i}", "principal_head", x->principal_head,
			 "actual_controller", x->actual_controller, "registered_capital",
			 (json_int_t)x->registered_capital, "employees", (json_int_t)x->employees,
			 "annual_revenue", (json_int_t)x->annual_revenue, "foreign_known",
			 x->foreign_known, "foreign_direct_bp", x->foreign_direct_bp,
			 "foreign_indirect_bp", x->foreign_indirect_bp);
}

int profile_get_extra(struct svc *s, int64_t unit_id, struct unit_extra *x, struct bm_err *err)
{
	int rc = read_only(s, unit_id, err);

	if (rc == 0)
		rc = profile_repo_extra_get(s->db, unit_id, x, err);
	return svc_end(s, rc, err);
}

static int pct_to_bp(double pct, const char *field, int *bp, struct bm_err *err)
{
	if (!(pct >= 0 && pct <= 100))
		return bm_err_set(err, BM_EINVAL, "out_of_range", field,
				  "%s must be a percentage 0..100", field);
	*bp = (int)lround(pct * 100);
	return 0;
}

int profile_update_extra(struct svc *s, int64_t unit_id, int64_t if_match,
			 const struct extra_in *in, struct unit_extra *out, struct bm_err *err)
{
	struct unit_extra x;
	struct unit u;
	json_t *before;
	int rc = svc_begin(s, DB_TX_WRITE, err);

	if (rc == 0)
		rc = unit_for(s, unit_id, ACT_UNIT_UPDATE, &u, err);
	if (rc == 0 && u.version != if_match)
		rc = bm_err_set(err, BM_ESTALE, "version_mismatch", NULL,
				"the unit was changed by someone else (now version %lld)",
				(long long)u.version);
	if (rc == 0)
		rc = profile_repo_extra_get(s->db, unit_id, &x, err);
	if (rc != 0)
		return svc_end(s, rc, err);
	before = extra_json(&x);
	if (in->principal_head != NULL)
		bm_strlcpy(x.principal_head, in->principal_head, sizeof(x.principal_head));
	if (in->actual_controller != NULL)
		bm_strlcpy(x.actual_controller, in->actual_controller, sizeof(x.actual_controller));
	if (in->registered_capital != -2)
		x.registered_capital = in->registered_capital;
	if (in->employees != -2)
		x.employees = in->employees;
	if (in->annual_revenue != -2)
		x.annual_revenue = in->annual_revenue;
	if (in->foreign_known >= 0)
		x.foreign_known = in->foreign_known;
	if (in->foreign_direct_pct >= 0)
		rc = pct_to_bp(in->foreign_direct_pct, "foreign_direct_pct", &x.foreign_direct_bp,
			       err);
	if (rc == 0 && in->foreign_indirect_pct >= 0)
		rc = pct_to_bp(in->foreign_indirect_pct, "foreign_indirect_pct",
			       &x.foreign_indirect_bp, err);
	if (rc == 0)
		rc = profile_repo_extra_put(s->db, unit_id, &x, err);
	/* the profile is part of the unit: its version moves with it */
	if (rc == 0) {
		u.updated_at = s->now;
		rc = units_repo_update(s->db, &u, if_match, err);
	}
	if (rc == 0)
		rc = svc_audit(s, "unit.update_profile", "unit", unit_id,
			       json_pack("{s:O,s:o}", "old", before, "new", extra_json(&x)), err);
	json_decref(before);
	rc = svc_end(s, rc, err);
	if (rc == 0 && out != NULL)
		*out = x;
	return rc;
}

/* ---- people ---- */

static json_t *person_json(const struct person_rec *p)
{
	return json_pack("{s:s,s:s,s:s,s:i,s:i,s:i}", "role", p->role, "name", p->name,
			 "nationality", p->nationality, "foreign_residence", p->foreign_residence,
			 "foreign_spouse", p->foreign_spouse, "dishonest", p->dishonest);
}

int profile_people(struct svc *s, int64_t unit_id, visit_fn fn, void *ctx, struct bm_err *err)
{
	int rc = read_only(s, unit_id, err);

	if (rc == 0)
		rc = profile_repo_people(s->db, unit_id, fn, ctx, err);
	return svc_end(s, rc, err);
}

int profile_person_put(struct svc *s, struct person_rec *p, struct bm_err *err)
{
	struct person_rec old;
	struct unit u;
	json_t *before = NULL;
	int rc;

	if (scheme_person_role_parse(p->role) < 0)
		return bm_err_set(err, BM_EINVAL, "invalid_value", "role", "unknown person role");
	if (!bm_text_ok(p->name, sizeof(p->name) - 1, 0) || bm_utf8_len(p->name) == 0 ||
	    bm_utf8_len(p->name) > NAME_CHARS_MAX)
		return bm_err_set(err, BM_EINVAL, "invalid_field", "name",
				  "name must be 1..%d characters", NAME_CHARS_MAX);
	if (p->nationality[0] != '\0' &&
	    !(strlen(p->nationality) == 2 && p->nationality[0] >= 'A' && p->nationality[0] <= 'Z' &&
	      p->nationality[1] >= 'A' && p->nationality[1] <= 'Z'))
		return bm_err_set(err, BM_EINVAL, "invalid_field", "nationality",
				  "nationality is an ISO 3166 code such as CN");
	rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = unit_for(s, p->unit_id, ACT_UNIT_UPDATE, &u, err);
	if (rc == 0 && p->id != 0) {
		rc = profile_repo_person_get(s->db, p->id, &old, err);
		if (rc == 0 && old.unit_id != p->unit_id)
			rc = bm_err_set(err, BM_ENOTFOUND, "not_found", NULL, "person not found");
		if (rc == 0)
			before = person_json(&old);
	}
	if (rc == 0) {
		p->updated_at = s->now;
		if (p->id == 0)
			p->created_at = s->now;
		rc = profile_repo_person_put(s->db, p, err);
	}
	if (rc == 0)
		rc = svc_audit(s, before != NULL ? "unit.person_update" : "unit.person_add", "unit",
			       p->unit_id,
			       json_pack("{s:I,s:o,s:o}", "person_id", (json_int_t)p->id, "old",
					 before != NULL ? json_incref(before) : json_null(), "new",
					 person_json(p)),
			       err);
	json_decref(before);
	return svc_end(s, rc, err);
}

int profile_person_delete(struct svc *s, int64_t unit_id, int64_t id, struct bm_err *err)
{
	struct person_rec old;
	struct unit u;
	int rc = svc_begin(s, DB_TX_WRITE, err);

	if (rc == 0)
		rc = unit_for(s, unit_id, ACT_UNIT_UPDATE, &u, err);
	if (rc == 0)
		rc = profile_repo_person_get(s->db, id, &old, err);
	if (rc == 0 && old.unit_id != unit_id)
		rc = bm_err_set(err, BM_ENOTFOUND, "not_found", NULL, "person not found");
	if (rc == 0)
		rc = profile_repo_person_delete(s->db, id, err);
	if (rc == 0)
		rc = svc_audit(s, "unit.person_delete", "unit", unit_id,
			       json_pack("{s:I,s:o,s:n}", "person_id", (json_int_t)id, "old",
					 person_json(&old), "new"),
			       err);
	return svc_end(s, rc, err);
}

/* ---- history events ---- */

static json_t *event_json(const struct event_rec *e)
{
	return json_pack("{s:s,s:s,s:s}", "kind", e->kind, "occurred_on", e->occurred_on,
			 "description", e->description);
}

int profile_events(struct svc *s, int64_t unit_id, visit_fn fn, void *ctx, struct bm_err *err)
{
	int rc = read_only(s, unit_id, err);

	if (rc == 0)
		rc = profile_repo_events(s->db, unit_id, fn, ctx, err);
	return svc_end(s, rc, err);
}

int profile_event_add(struct svc *s, struct event_rec *e, struct bm_err *err)
{
	struct unit u;
	int32_t d;
	int known = 0, rc;

	for (int i = 0; event_kinds[i] != NULL; i++)
		known |= strcmp(event_kinds[i], e->kind) == 0;
	if (!known)
		return bm_err_set(err, BM_EINVAL, "invalid_value", "kind",
				  "kind is violation, leak, qualification_revoked, criminal_record "
				  "or securities_penalty");
	if ((rc = date_ok(e->occurred_on, "occurred_on", 0, err)) != 0)
		return rc;
	bm_date_parse(e->occurred_on, &d);
	if (d > bm_date_cst(s->now))
		return bm_err_set(err, BM_EINVAL, "invalid_date", "occurred_on",
				  "occurred_on cannot be in the future");
	rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = unit_for(s, e->unit_id, ACT_UNIT_UPDATE, &u, err);
	if (rc == 0) {
		e->created_at = s->now;
		rc = profile_repo_event_add(s->db, e, err);
	}
	if (rc == 0)
		rc = svc_audit(s, "unit.event_add", "unit", e->unit_id,
			       json_pack("{s:I,s:n,s:o}", "event_id", (json_int_t)e->id, "old",
					 "new", event_json(e)),
			       err);
	return svc_end(s, rc, err);
}

int profile_event_delete(struct svc *s, int64_t unit_id, int64_t id, struct bm_err *err)
{
	struct event_rec old;
	struct unit u;
	int rc = svc_begin(s, DB_TX_WRITE, err);

	if (rc == 0)
		rc = unit_for(s, unit_id, ACT_UNIT_UPDATE, &u, err);
	if (rc == 0)
		rc = profile_repo_event_get(s->db, id, &old, err);
	if (rc == 0 && old.unit_id != unit_id)
		rc = bm_err_set(err, BM_ENOTFOUND, "not_found", NULL, "event not found");
	if (rc == 0 && old.locked)
		rc = bm_err_set(err, BM_ECONFLICT, "locked", NULL,
				"this event was recorded from a bureau's decision (%s on %s); the "
				"unit cannot remove it",
				old.kind, old.occurred_on);
	if (rc == 0)
		rc = profile_repo_event_delete(s->db, id, err);
	if (rc == 0)
		rc = svc_audit(s, "unit.event_delete", "unit", unit_id,
			       json_pack("{s:I,s:o,s:n}", "event_id", (json_int_t)id, "old",
					 event_json(&old), "new"),
			       err);
	return svc_end(s, rc, err);
}

/* ---- premises ---- */

static json_t *premises_json(const struct premises_rec *p)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:I}", "address", p->address, "tenure", p->tenure,
			 "since", p->since, "lease_end", p->lease_end, "area", (json_int_t)p->area);
}

int profile_premises(struct svc *s, int64_t unit_id, visit_fn fn, void *ctx, struct bm_err *err)
{
	int rc = read_only(s, unit_id, err);

	if (rc == 0)
		rc = profile_repo_premises(s->db, unit_id, fn, ctx, err);
	return svc_end(s, rc, err);
}

int profile_premises_add(struct svc *s, struct premises_rec *p, struct bm_err *err)
{
	struct unit u;
	int32_t since, end;
	int rc;

	if (strcmp(p->tenure, "owned") != 0 && strcmp(p->tenure, "leased") != 0)
		return bm_err_set(err, BM_EINVAL, "invalid_value", "tenure",
				  "tenure is owned or leased");
	if ((rc = date_ok(p->since, "since", 0, err)) != 0 ||
	    (rc = date_ok(p->lease_end, "lease_end", strcmp(p->tenure, "owned") == 0, err)) != 0)
		return rc;
	if (strcmp(p->tenure, "owned") == 0 && p->lease_end[0] != '\0')
		return bm_err_set(err, BM_EINVAL, "invalid_field", "lease_end",
				  "owned premises have no lease end");
	bm_date_parse(p->since, &since);
	if (p->lease_end[0] != '\0' && (bm_date_parse(p->lease_end, &end) != 0 || end <= since))
		return bm_err_set(err, BM_EINVAL, "invalid_date", "lease_end",
				  "lease_end must be after since");
	rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = unit_for(s, p->unit_id, ACT_UNIT_UPDATE, &u, err);
	if (rc == 0) {
		p->created_at = s->now;
		rc = profile_repo_premises_add(s->db, p, err);
	}
	if (rc == 0)
		rc = svc_audit(s, "unit.premises_add", "unit", p->unit_id,
			       json_pack("{s:I,s:n,s:o}", "premises_id", (json_int_t)p->id, "old",
					 "new", premises_json(p)),
			       err);
	return svc_end(s, rc, err);
}

int profile_premises_delete(struct svc *s, int64_t unit_id, int64_t id, struct bm_err *err)
{
	struct premises_rec old;
	struct unit u;
	int rc = svc_begin(s, DB_TX_WRITE, err);

	if (rc == 0)
		rc = unit_for(s, unit_id, ACT_UNIT_UPDATE, &u, err);
	if (rc == 0)
		rc = profile_repo_premises_get(s->db, id, &old, err);
	if (rc == 0 && old.unit_id != unit_id)
		rc = bm_err_set(err, BM_ENOTFOUND, "not_found", NULL, "premises not found");
	if (rc == 0)
		rc = profile_repo_premises_delete(s->db, id, err);
	if (rc == 0)
		rc = svc_audit(s, "unit.premises_delete", "unit", unit_id,
			       json_pack("{s:I,s:o,s:n}", "premises_id", (json_int_t)id, "old",
					 premises_json(&old), "new"),
			       err);
	return svc_end(s, rc, err);
}

/* ---- declarations ---- */

int profile_declarations(struct svc *s, int64_t unit_id, visit_fn fn, void *ctx, struct bm_err *err)
{
	int rc = read_only(s, unit_id, err);

	if (rc == 0)
		rc = profile_repo_declarations(s->db, unit_id, fn, ctx, err);
	return svc_end(s, rc, err);
}

struct decl_find {
	const char *key;
	int value; /* -1 = absent */
};

static int decl_find_visit(void *ctx, const void *rec)
{
	struct decl_find *f = ctx;
	const char *const *kv = rec;

	if (strcmp(kv[0], f->key) == 0)
		f->value = kv[1][0] == '1';
	return 0;
}

int profile_declare(struct svc *s, int64_t unit_id, const char *key, int value, struct bm_err *err)
{
	struct decl_find old = { key, -1 };
	struct unit u;
	int rc;

	if (!profile_declaration_known(key))
		return bm_err_set(err, BM_EINVAL, "invalid_value", "key",
				  "key is secrecy_body, security_director or classified_tasks");
	rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = unit_for(s, unit_id, ACT_UNIT_UPDATE, &u, err);
	if (rc == 0)
		rc = profile_repo_declarations(s->db, unit_id, decl_find_visit, &old, err);
	if (rc == 0)
		rc = profile_repo_declaration_put(s->db, unit_id, key, value, s->now, err);
	if (rc == 0)
		rc = svc_audit(s, "unit.declare", "unit", unit_id,
			       json_pack("{s:s,s:o,s:b}", "key", key, "old",
					 old.value < 0 ? json_null() : json_boolean(old.value),
					 "new", value),
			       err);
	return svc_end(s, rc, err);
}

/* ---- facts ---- */

static int facts_person(void *ctx, const void *rec)
{
	struct unit_facts *f = ctx;
	const struct person_rec *p = rec;
	struct fact_person *fp;

	if (f->npeople == FACTS_MAX_PEOPLE)
		return 0;
	fp = &f->people[f->npeople++];
	fp->role = scheme_person_role_parse(p->role);
	bm_strlcpy(fp->name, p->name, sizeof(fp->name));
	fp->chinese_nationality =
		p->nationality[0] == '\0' ? -1 : strcmp(p->nationality, "CN") == 0;
	fp->foreign_residence = (tri)p->foreign_residence;
	fp->foreign_spouse = (tri)p->foreign_spouse;
	fp->dishonest = (tri)p->dishonest;
	return 0;
}

static int facts_event(void *ctx, const void *rec)
{
	struct unit_facts *f = ctx;
	const struct event_rec *e = rec;
	struct fact_event *fe;

	if (f->nevents == FACTS_MAX_EVENTS)
		return 0;
	fe = &f->events[f->nevents];
	bm_strlcpy(fe->kind, e->kind, sizeof(fe->kind));
	if (bm_date_parse(e->occurred_on, &fe->on) == 0)
		f->nevents++;
	return 0;
}

static int facts_premises(void *ctx, const void *rec)
{
	struct unit_facts *f = ctx;
	const struct premises_rec *p = rec;
	struct fact_premises *fp;

	if (f->npremises == FACTS_MAX_PREMISES)
		return 0;
	fp = &f->premises[f->npremises];
	fp->owned = strcmp(p->tenure, "owned") == 0;
	fp->lease_end = 0;
	if (bm_date_parse(p->since, &fp->since) != 0)
		return 0;
	if (!fp->owned && bm_date_parse(p->lease_end, &fp->lease_end) != 0)
		return 0;
	if (p->area >= 0)
		f->premises_area = (f->premises_area < 0 ? 0 : f->premises_area) + (double)p->area;
	f->npremises++;
	return 0;
}

static int facts_decl(void *ctx, const void *rec)
{
	struct unit_facts *f = ctx;
	const char *const *kv = rec;

	if (f->ndecl == FACTS_MAX_DECL)
		return 0;
	bm_strlcpy(f->decl[f->ndecl].key, kv[0], sizeof(f->decl[0].key));
	f->decl[f->ndecl++].value = kv[1][0] == '1';
	return 0;
}

int profile_facts(struct db *db, int64_t unit_id, struct unit_facts *f, struct bm_err *err)
{
	struct unit_extra x;
	struct unit u;
	int rc = units_repo_get(db, unit_id, &u, err);

	memset(f, 0, sizeof(*f));
	f->registered_capital = f->employees = f->annual_revenue = f->premises_area = -1;
	if (rc == 0)
		rc = profile_repo_extra_get(db, unit_id, &x, err);
	if (rc != 0)
		return rc;
	if (u.registered_on[0] != '\0')
		bm_date_parse(u.registered_on, &f->founded_on);
	f->foreign_known = x.foreign_known;
	f->foreign_direct_pct = x.foreign_direct_bp / 100.0;
	f->foreign_indirect_pct = x.foreign_indirect_bp / 100.0;
	f->registered_capital = (double)x.registered_capital;
	f->employees = (double)x.employees;
	f->annual_revenue = (double)x.annual_revenue;
	rc = profile_repo_people(db, unit_id, facts_person, f, err);
	if (rc == 0)
		rc = profile_repo_events(db, unit_id, facts_event, f, err);
	if (rc == 0)
		rc = profile_repo_premises(db, unit_id, facts_premises, f, err);
	if (rc == 0)
		rc = profile_repo_declarations(db, unit_id, facts_decl, f, err);
	return rc;
}
