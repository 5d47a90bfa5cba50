/*
 * annual_repo.h - SQL for annual self-inspection reports, cancellation proposals and
 * the sealed files attached to reports and findings (record_files). Civil dates are
 * TEXT 'YYYY-MM-DD' in SQL and day numbers (0 = none) in C; instants are ms (UTC).
 */
#ifndef BM_ANNUAL_REPO_H
#define BM_ANNUAL_REPO_H

#include <stdint.h>

#include "base/err.h"
#include "store/files_repo.h"
#include "store/model.h"

struct db;

struct annual_rec {
	int64_t id, certificate_id, unit_id;
	int year;
	char state[12]; /* draft | submitted | passed | rectify | failed */
	char *answers;	/* canonical JSON array (malloc'd; annual_rec_release) */
	int64_t created_by, created_at, submitted_by, submitted_at, reviewed_by, reviewed_at;
	char decision_note[4096];
	int64_t updated_at, version;
};

void annual_rec_release(struct annual_rec *r);

struct annual_filter {
	int64_t certificate_id, unit_id; /* 0 = any */
	int year;			 /* 0 = any */
	const char *state;		 /* or NULL */
};

/* Insert r (id and version set). BM_ECONFLICT "report_exists" (field "year") when the
 * certificate already has a report for the year. */
int annual_repo_insert(struct db *db, struct annual_rec *r, struct bm_err *err);
/* BM_ENOTFOUND when there is none. r->answers is malloc'd on success. */
int annual_repo_get(struct db *db, int64_t id, struct annual_rec *r, struct bm_err *err);
/* The report for year of the certificate's line (the certificate or a version it
 * superseded: view cert_lines), the newest when there are several; *found 0 when the
 * line has none. */
int annual_repo_find(struct db *db, int64_t certificate_id, int year, struct annual_rec *r,
		     int *found, struct bm_err *err);
/* Write every mutable column of r (state, answers, submitted_*, reviewed_*, the note,
 * updated_at) when the row's version is still r->version; the version becomes
 * r->version + 1 (r updated). BM_ESTALE "version_mismatch" when it changed. */
int annual_repo_update(struct db *db, struct annual_rec *r, struct bm_err *err);
/* Visit matching reports in id order (fn gets const struct annual_rec *). */
int annual_repo_list(struct db *db, const struct annual_filter *f, visit_fn fn, void *ctx,
		     struct bm_err *err);

/* ---- cancellation proposals ---- */

struct proposal_rec {
	int64_t id, certificate_id, unit_id;
	int year;
	int64_t report_id; /* 0 = none (missing report) */
	char reason[24];   /* annual_exam_missing | annual_exam_failed */
	char state[12];	   /* pending | confirmed | declined */
	int64_t proposed_by, proposed_at, decided_by, decided_at; /* 0 = the system / none */
	char decision_note[4096];
	int64_t version;
};

/* Insert p unless the certificate already has a proposal for the year: *inserted 0 then
 * (p untouched). */
int proposal_repo_insert(struct db *db, struct proposal_rec *p, int *inserted, struct bm_err *err);
int proposal_repo_get(struct db *db, int64_t id, struct proposal_rec *p, struct bm_err *err);
/* pending -> state (confirmed | declined) at p->version; p updated. BM_ESTALE when the
 * version changed. */
int proposal_repo_decide(struct db *db, struct proposal_rec *p, const char *state,
			 int64_t decided_by, int64_t at, const char *note, struct bm_err *err);
/* Visit proposals (state NULL = any) in id order (fn gets const struct proposal_rec *). */
int proposal_repo_list(struct db *db, const char *state, visit_fn fn, void *ctx,
		       struct bm_err *err);

/* ---- sealed files of reports and findings ---- */

struct record_file {
	int64_t id, owner_id, created_at;
	char owner_type[16]; /* annual_report | finding */
	struct file_rec file;
};

int record_files_attach(struct db *db, struct record_file *rf, struct bm_err *err);
/* Visit the files of (owner_type, owner_id) in upload order (fn gets const struct
 * record_file *). */
int record_files_list(struct db *db, const char *owner_type, int64_t owner_id, visit_fn fn,
		      void *ctx, struct bm_err *err);
/* One file of the owner; BM_ENOTFOUND when it is not the owner's. */
int record_files_get(struct db *db, const char *owner_type, int64_t owner_id, int64_t file_id,
		     struct record_file *rf, struct bm_err *err);

#endif
