/*
 * orgs_repo.h - SQL for the organisations: regions, authorities and units.
 */
#ifndef BM_ORGS_REPO_H
#define BM_ORGS_REPO_H

#include "base/err.h"
#include "store/model.h"

struct db;

int regions_repo_get(struct db *db, const char *code, struct region_rec *r, struct bm_err *err);
int regions_repo_insert(struct db *db, const struct region_rec *r, struct bm_err *err);
/* Visit regions in code order; parent (may be NULL) restricts to its children. */
int regions_repo_list(struct db *db, const char *parent, visit_fn fn, void *ctx,
		      struct bm_err *err);

int authorities_repo_get(struct db *db, int64_t id, struct authority *a, struct bm_err *err);
int authorities_repo_get_by_region(struct db *db, const char *region, struct authority *a,
				   struct bm_err *err);
int authorities_repo_insert(struct db *db, struct authority *a, struct bm_err *err);
int authorities_repo_update(struct db *db, struct authority *a, int64_t expected_version,
			    struct bm_err *err);
int authorities_repo_list(struct db *db, visit_fn fn, void *ctx, struct bm_err *err);

struct unit_filter {
	const char *region_prefix; /* restrict to codes starting with this, or NULL */
	const char *q;		   /* substring of name or USCC, or NULL */
	int max_level;		   /* skip labels above this level (pre-filter) */
	int64_t after_id;
};

int units_repo_get(struct db *db, int64_t id, struct unit *u, struct bm_err *err);
/* The unit with USCC uscc; BM_ENOTFOUND when none. */
int units_repo_get_by_uscc(struct db *db, const char *uscc, struct unit *u, struct bm_err *err);
int units_repo_insert(struct db *db, struct unit *u, struct bm_err *err);
int units_repo_update(struct db *db, struct unit *u, int64_t expected_version, struct bm_err *err);
int units_repo_list(struct db *db, const struct unit_filter *f, visit_fn fn, void *ctx,
		    struct bm_err *err);

#endif
