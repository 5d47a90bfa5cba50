/*
 * findings_repo.h - SQL for findings: what an annual-report review or a bureau
 * inspection found wrong, and its rectification (the unit's response, the inspector's
 * verification). Civil dates are TEXT 'YYYY-MM-DD' in SQL, day numbers in C.
 */
#ifndef BM_FINDINGS_REPO_H
#define BM_FINDINGS_REPO_H

#include <stdint.h>

#include "base/err.h"
#include "store/model.h"

struct db;

#define FINDING_TEXT_MAX 4096 /* bytes of requirement, response and note, NUL excluded */

struct finding_rec {
	int64_t id;
	char source_type[16]; /* annual_report | inspection */
	int64_t source_id, certificate_id, unit_id;
	char area[32];	   /* core/areas.h code */
	char severity[12]; /* minor | major | serious */
	char requirement[FINDING_TEXT_MAX + 1];
	int32_t deadline; /* last day to rectify */
	char state[12];	  /* open | responded | verified | rejected */
	int overdue;	  /* the deadline passed unverified (the scheduler) */
	char response[FINDING_TEXT_MAX + 1];
	int64_t responded_by, responded_at, verified_by, verified_at; /* 0 = none */
	char verification_note[FINDING_TEXT_MAX + 1];
	int64_t created_by, created_at, updated_at, version;
};

struct finding_filter {
	const char *source_type; /* or NULL */
	int64_t source_id;	 /* 0 = any */
	int64_t unit_id;	 /* 0 = any */
	const char *state;	 /* or NULL */
};

int findings_repo_insert(struct db *db, struct finding_rec *f, struct bm_err *err);
int findings_repo_get(struct db *db, int64_t id, struct finding_rec *f, struct bm_err *err);
/* Write state, overdue, response, responded_*, verified_*, the note and updated_at when
 * the row's version is still f->version; version + 1 (f updated). BM_ESTALE
 * "version_mismatch" otherwise. */
int findings_repo_update(struct db *db, struct finding_rec *f, struct bm_err *err);
/* Visit matching findings in id order (fn gets const struct finding_rec *). */
int findings_repo_list(struct db *db, const struct finding_filter *f, visit_fn fn, void *ctx,
		       struct bm_err *err);
/* Visit findings open or rejected, not yet marked overdue, whose deadline is before
 * today (fn gets const struct finding_rec *). */
int findings_repo_past_deadline(struct db *db, int32_t today, visit_fn fn, void *ctx,
				struct bm_err *err);
/* How many findings of the source are not verified. */
int findings_repo_unverified(struct db *db, const char *source_type, int64_t source_id, int64_t *n,
			     struct bm_err *err);
/* How many findings on the certificate, whatever found them, are not verified. */
int findings_repo_unverified_cert(struct db *db, int64_t certificate_id, int64_t *n,
				  struct bm_err *err);

#endif
