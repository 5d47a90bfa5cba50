/*
 * orgs_repo.c - regions, authorities, units.
 */
#include <string.h>

#include "base/str.h"
#include "store/db.h"
#include "store/orgs_repo.h"
#include "base/banned.h"

/* Run a prepared single-row query and read it with fn; BM_ENOTFOUND if no row. */
static int one_row(struct db_stmt *st, void (*read)(struct db_stmt *, void *), void *out,
		   const char *what, struct bm_err *err)
{
	int rc = db_next_err(st, err);

	if (rc == DB_ROW)
		read(st, out);
	db_done(st);
	if (rc == DB_DONE)
		return bm_err_set(err, BM_ENOTFOUND, NULL, NULL, "%s not found", what);
	return rc < 0 ? rc : 0;
}

static int visit_all(struct db_stmt *st, void (*read)(struct db_stmt *, void *), void *rec,
		     visit_fn fn, void *ctx, struct bm_err *err)
{
	int rc;

	while ((rc = db_next_err(st, err)) == DB_ROW) {
		read(st, rec);
		rc = fn(ctx, rec);
		if (rc != 0)
			break;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* ---- regions ---- */

static void region_read(struct db_stmt *st, void *out)
{
	struct region_rec *r = out;

	memset(r, 0, sizeof(*r));
	bm_strlcpy(r->code, db_text(st, 0), sizeof(r->code));
	bm_strlcpy(r->name_zh, db_text(st, 1), sizeof(r->name_zh));
	bm_strlcpy(r->name_en, db_text(st, 2), sizeof(r->name_en));
	bm_strlcpy(r->parent, db_text(st, 3), sizeof(r->parent));
}

int regions_repo_get(struct db *db, const char *code, struct region_rec *r, struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st,
			  "SELECT code, name_zh, name_en, parent FROM regions WHERE code = ?",
			  DB_ARGS(DB_TEXT(code)), err);

	return rc != 0 ? rc : one_row(st, region_read, r, "region", err);
}

int regions_repo_insert(struct db *db, const struct region_rec *r, struct bm_err *err)
{
	return db_exec(db,
		       "INSERT INTO regions (code, name_zh, name_en, parent) VALUES (?, ?, ?, ?)",
		       DB_ARGS(DB_TEXT(r->code), DB_TEXT(r->name_zh), DB_TEXT(r->name_en),
			       DB_TEXT(r->parent[0] != '\0' ? r->parent : NULL)),
		       NULL, err);
}

int regions_repo_list(struct db *db, const char *parent, visit_fn fn, void *ctx, struct bm_err *err)
{
	struct region_rec r;
	struct db_stmt *st;
	int rc = db_query(db, &st,
			  "SELECT code, name_zh, name_en, parent FROM regions"
			  " WHERE (?1 IS NULL OR parent = ?1) ORDER BY code",
			  DB_ARGS(DB_TEXT(parent)), err);

	return rc != 0 ? rc : visit_all(st, region_read, &r, fn, ctx, err);
}

/* ---- authorities ---- */

#define AUTHORITY_COLUMNS                                                                          \
	"id, name_zh, name_en, level, region, parent_id, created_at, updated_at, version"

static void authority_read(struct db_stmt *st, void *out)
{
	struct authority *a = out;

	memset(a, 0, sizeof(*a));
	a->id = db_int(st, 0);
	bm_strlcpy(a->name_zh, db_text(st, 1), sizeof(a->name_zh));
	bm_strlcpy(a->name_en, db_text(st, 2), sizeof(a->name_en));
	bm_strlcpy(a->level, db_text(st, 3), sizeof(a->level));
	bm_strlcpy(a->region, db_text(st, 4), sizeof(a->region));
	a->parent_id = db_int(st, 5);
	a->created_at = db_int(st, 6);
	a->updated_at = db_int(st, 7);
	a->version = db_int(st, 8);
}

int authorities_repo_get(struct db *db, int64_t id, struct authority *a, struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, "SELECT " AUTHORITY_COLUMNS " FROM authorities WHERE id = ?",
			  DB_ARGS(DB_INT(id)), err);

	return rc != 0 ? rc : one_row(st, authority_read, a, "authority", err);
}

int authorities_repo_get_by_region(struct db *db, const char *region, struct authority *a,
				   struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, "SELECT " AUTHORITY_COLUMNS " FROM authorities WHERE region = ?",
			  DB_ARGS(DB_TEXT(region)), err);

	return rc != 0 ? rc : one_row(st, authority_read, a, "authority", err);
}

int authorities_repo_insert(struct db *db, struct authority *a, struct bm_err *err)
{
	a->version = 1;
	return db_exec_int(db,
			   "INSERT INTO authorities (name_zh, name_en, level, region, parent_id,"
			   " created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1)"
			   " RETURNING id",
			   DB_ARGS(DB_TEXT(a->name_zh), DB_TEXT(a->name_en), DB_TEXT(a->level),
				   DB_TEXT(a->region), DB_ID_OR_NULL(a->parent_id),
				   DB_INT(a->created_at), DB_INT(a->updated_at)),
			   &a->id, err);
}

/* After an UPDATE ... WHERE version = ? changed nothing: tell stale from gone. */
static int stale_or_gone(struct db *db, const char *table_sql, int64_t id, const char *what,
			 struct bm_err *err)
{
	int64_t v;
	int rc = db_exec_int(db, table_sql, DB_ARGS(DB_INT(id)), &v, err);

	if (rc == BM_ENOTFOUND)
		return bm_err_set(err, BM_ENOTFOUND, NULL, NULL, "%s not found", what);
	if (rc != 0)
		return rc;
	return bm_err_set(err, BM_ESTALE, "version_mismatch", NULL,
			  "the %s was changed by someone else (now version %lld)", what,
			  (long long)v);
}

int authorities_repo_update(struct db *db, struct authority *a, int64_t expected_version,
			    struct bm_err *err)
{
	int64_t changes = 0;
	int rc = db_exec(db,
			 "UPDATE authorities SET name_zh = ?, name_en = ?, updated_at = ?,"
			 " version = version + 1 WHERE id = ? AND version = ?",
			 DB_ARGS(DB_TEXT(a->name_zh), DB_TEXT(a->name_en), DB_INT(a->updated_at),
				 DB_INT(a->id), DB_INT(expected_version)),
			 &changes, err);

	if (rc != 0)
		return rc;
	if (changes == 0)
		return stale_or_gone(db, "SELECT version FROM authorities WHERE id = ?", a->id,
				     "authority", err);
	a->version = expected_version + 1;
	return 0;
}

int authorities_repo_list(struct db *db, visit_fn fn, void *ctx, struct bm_err *err)
{
	struct authority a;
	struct db_stmt *st;
	int rc = db_query(db, &st, "SELECT " AUTHORITY_COLUMNS " FROM authorities ORDER BY region",
			  DB_NOARGS, err);

	return rc != 0 ? rc : visit_all(st, authority_read, &a, fn, ctx, err);
}

/* ---- units ---- */

#define UNIT_COLUMNS                                                                               \
	"id, name, uscc, region, address, legal_representative, registered_on, phone,"             \
	" label_level, label_compartments, created_at, updated_at, version"

static void unit_read(struct db_stmt *st, void *out)
{
	struct unit *u = out;

	memset(u, 0, sizeof(*u));
	u->id = db_int(st, 0);
	bm_strlcpy(u->name, db_text(st, 1), sizeof(u->name));
	bm_strlcpy(u->uscc, db_text(st, 2), sizeof(u->uscc));
	bm_strlcpy(u->region, db_text(st, 3), sizeof(u->region));
	bm_strlcpy(u->address, db_text(st, 4), sizeof(u->address));
	bm_strlcpy(u->legal_representative, db_text(st, 5), sizeof(u->legal_representative));
	bm_strlcpy(u->registered_on, db_text(st, 6), sizeof(u->registered_on));
	bm_strlcpy(u->phone, db_text(st, 7), sizeof(u->phone));
	u->label.level = (enum level)db_int(st, 8);
	if (compartments_parse(&u->label.comps, db_text(st, 9)) != 0)
		compartments_init(&u->label.comps);
	u->created_at = db_int(st, 10);
	u->updated_at = db_int(st, 11);
	u->version = db_int(st, 12);
}

int units_repo_get(struct db *db, int64_t id, struct unit *u, struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, "SELECT " UNIT_COLUMNS " FROM units WHERE id = ?",
			  DB_ARGS(DB_INT(id)), err);

	return rc != 0 ? rc : one_row(st, unit_read, u, "unit", err);
}

int units_repo_get_by_uscc(struct db *db, const char *uscc, struct unit *u, struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, "SELECT " UNIT_COLUMNS " FROM units WHERE uscc = ?",
			  DB_ARGS(DB_TEXT(uscc)), err);

	return rc != 0 ? rc : one_row(st, unit_read, u, "unit", err);
}

int units_repo_insert(struct db *db, struct unit *u, struct bm_err *err)
{
	char comps[COMPARTMENTS_TEXT_MAX];

	compartments_format(&u->label.comps, comps, sizeof(comps));
	u->version = 1;
	return db_exec_int(db,
			   "INSERT INTO units (name, uscc, region, address, legal_representative,"
			   " registered_on, phone, label_level, label_compartments, created_at,"
			   " updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)"
			   " RETURNING id",
			   DB_ARGS(DB_TEXT(u->name), DB_TEXT(u->uscc), DB_TEXT(u->region),
				   DB_TEXT(u->address), DB_TEXT(u->legal_representative),
				   DB_TEXT(u->registered_on[0] != '\0' ? u->registered_on : NULL),
				   DB_TEXT(u->phone), DB_INT(u->label.level), DB_TEXT(comps),
				   DB_INT(u->created_at), DB_INT(u->updated_at)),
			   &u->id, err);
}

int units_repo_update(struct db *db, struct unit *u, int64_t expected_version, struct bm_err *err)
{
	char comps[COMPARTMENTS_TEXT_MAX];
	int64_t changes = 0;
	int rc;

	compartments_format(&u->label.comps, comps, sizeof(comps));
	rc = db_exec(db,
		     "UPDATE units SET name = ?, uscc = ?, region = ?, address = ?,"
		     " legal_representative = ?, registered_on = ?, phone = ?, label_level = ?,"
		     " label_compartments = ?, updated_at = ?, version = version + 1"
		     " WHERE id = ? AND version = ?",
		     DB_ARGS(DB_TEXT(u->name), DB_TEXT(u->uscc), DB_TEXT(u->region),
			     DB_TEXT(u->address), DB_TEXT(u->legal_representative),
			     DB_TEXT(u->registered_on[0] != '\0' ? u->registered_on : NULL),
			     DB_TEXT(u->phone), DB_INT(u->label.level), DB_TEXT(comps),
			     DB_INT(u->updated_at), DB_INT(u->id), DB_INT(expected_version)),
		     &changes, err);
	if (rc != 0)
		return rc;
	if (changes == 0)
		return stale_or_gone(db, "SELECT version FROM units WHERE id = ?", u->id, "unit",
				     err);
	u->version = expected_version + 1;
	return 0;
}

int units_repo_list(struct db *db, const struct unit_filter *f, visit_fn fn, void *ctx,
		    struct bm_err *err)
{
	struct unit u;
	struct db_stmt *st;
	int rc = db_query(db, &st,
			  "SELECT " UNIT_COLUMNS " FROM units"
			  " WHERE id > ?1 AND label_level <= ?2"
			  " AND (?3 IS NULL OR substr(region, 1, length(?3)) = ?3)"
			  " AND (?4 IS NULL OR instr(name, ?4) > 0 OR instr(uscc, ?4) > 0)"
			  " ORDER BY id",
			  DB_ARGS(DB_INT(f->after_id), DB_INT(f->max_level),
				  DB_TEXT(f->region_prefix), DB_TEXT(f->q)),
			  err);

	return rc != 0 ? rc : visit_all(st, unit_read, &u, fn, ctx, err);
}
