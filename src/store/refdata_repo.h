/*
 * refdata_repo.h - SQL for reference data shared by every case: working-day
 * calendars (one JSON document per year) and the scheme versions seen.
 */
#ifndef BM_REFDATA_REPO_H
#define BM_REFDATA_REPO_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "store/model.h"

struct db;

struct calendar_doc {
	int year;
	const char *document;
	int64_t loaded_at;
	const char *loaded_by;
};

/* Visit every stored year in order (fn gets const struct calendar_doc *). */
int calendar_repo_scan(struct db *db, visit_fn fn, void *ctx, struct bm_err *err);
/* Insert or replace a year. */
int calendar_repo_put(struct db *db, const struct calendar_doc *d, struct bm_err *err);
/* A counter that grows whenever a year is loaded or replaced. */
int calendar_repo_revision(struct db *db, int64_t *revision, struct bm_err *err);
/* 1 in *found when the year is stored. */
int calendar_repo_has(struct db *db, int year, int *found, struct bm_err *err);

/* The stored document of (scheme, version) into a malloc'd string (*doc), or
 * BM_ENOTFOUND. *sha gets its hex SHA-256 (65 bytes). */
int scheme_repo_get(struct db *db, const char *id, int version, char **doc, char sha[65],
		    struct bm_err *err);
int scheme_repo_put(struct db *db, const char *id, int version, const char *sha, const char *doc,
		    int64_t now, struct bm_err *err);

#endif
