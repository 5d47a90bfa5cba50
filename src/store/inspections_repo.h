/*
 * inspections_repo.h - SQL for bureau inspections, leak reports and sanction proposals
 * (issue 4 §5). Civil dates are TEXT 'YYYY-MM-DD' in SQL and day numbers (0 = none) in
 * C; instants are ms (UTC); a user id 0 is NULL (the system).
 */
#ifndef BM_INSPECTIONS_REPO_H
#define BM_INSPECTIONS_REPO_H

#include <stdint.h>

#include "base/err.h"
#include "store/model.h"

struct db;

#define INSPECTION_TEXT_MAX  4096 /* bytes of purpose, conclusion, notes, NUL excluded */
#define INSPECTION_AREAS_MAX 512  /* the comma list of 13 area codes fits */

struct inspection_rec {
	int64_t id, certificate_id, unit_id;
	char kind[12];	/* planned | unannounced | leak */
	char state[12]; /* planned | in_progress | rectifying | closed | cancelled */
	int32_t planned_on;
	char areas[INSPECTION_AREAS_MAX];
	char purpose[INSPECTION_TEXT_MAX + 1];
	char conclusion[INSPECTION_TEXT_MAX + 1];
	int64_t leak_report_id; /* 0 = none */
	int64_t created_by, created_at, started_by, started_at, concluded_by, concluded_at;
	int64_t closed_at, updated_at, version;
};

struct inspection_filter {
	int64_t certificate_id, unit_id; /* 0 = any */
	const char *state;		 /* or NULL */
	int64_t before_id;		 /* 0 = from the newest */
};

/* Insert i (id and version set). */
int inspections_repo_insert(struct db *db, struct inspection_rec *i, struct bm_err *err);
/* BM_ENOTFOUND when there is none. */
int inspections_repo_get(struct db *db, int64_t id, struct inspection_rec *i, struct bm_err *err);
/* Write state, conclusion, leak_report_id, started_*, concluded_*, closed_at and
 * updated_at when the row's version is still i->version; version + 1 (i updated).
 * BM_ESTALE "version_mismatch" otherwise. */
int inspections_repo_update(struct db *db, struct inspection_rec *i, struct bm_err *err);
/* Visit matching inspections, newest first (fn gets const struct inspection_rec *). */
int inspections_repo_list(struct db *db, const struct inspection_filter *f, visit_fn fn, void *ctx,
			  struct bm_err *err);

/* ---- leak reports ---- */

struct leak_rec {
	int64_t id, certificate_id, unit_id;
	char level[16]; /* top_secret | secret | confidential */
	int64_t discovered_at, reported_at;
	int late;
	char description[INSPECTION_TEXT_MAX + 1];
	char measures[INSPECTION_TEXT_MAX + 1];
	int64_t reported_by, inspection_id;
};

int leaks_repo_insert(struct db *db, struct leak_rec *l, struct bm_err *err);
int leaks_repo_get(struct db *db, int64_t id, struct leak_rec *l, struct bm_err *err);
/* Visit the leak reports of unit_id (0 = any) with an id below before_id (0 = any),
 * newest first (fn gets const struct leak_rec *). */
int leaks_repo_list(struct db *db, int64_t unit_id, int64_t before_id, visit_fn fn, void *ctx,
		    struct bm_err *err);

/* ---- sanction proposals ---- */

struct sanction_rec {
	int64_t id, certificate_id, unit_id, finding_id;
	char ground[24];  /* rectification_overdue | rectification_rejected */
	char measure[12]; /* suspend | downgrade | revoke */
	int months;	  /* suspend: 6..12 */
	char revoke_reason[24];
	char state[12]; /* pending | accepted | declined */
	int64_t proposed_by, proposed_at;
	char note[INSPECTION_TEXT_MAX + 1];
	int64_t decided_by, decided_at;
	char decision_note[INSPECTION_TEXT_MAX + 1];
	int64_t version;
};

/* Insert s as pending unless the finding has a pending proposal already: *inserted 1
 * or 0 (nothing written). */
int sanctions_repo_insert(struct db *db, struct sanction_rec *s, int *inserted, struct bm_err *err);
int sanctions_repo_get(struct db *db, int64_t id, struct sanction_rec *s, struct bm_err *err);
/* Write measure, months, revoke_reason, note, proposed_by/_at, state, decided_* and the
 * decision note at s->version; version + 1. BM_ESTALE otherwise. */
int sanctions_repo_update(struct db *db, struct sanction_rec *s, struct bm_err *err);
/* Visit proposals (state NULL = any; certificate_id 0 = any) with an id below before_id
 * (0 = any), newest first. */
int sanctions_repo_list(struct db *db, const char *state, int64_t certificate_id, int64_t before_id,
			visit_fn fn, void *ctx, struct bm_err *err);

#endif
