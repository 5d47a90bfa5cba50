/*
 * paper_repo.h - SQL for the registrations of paper certificates (migration
 * 0010_paper_certificates; service/certs_paper.h holds the rules). Civil dates are
 * TEXT 'YYYY-MM-DD' in SQL and day numbers (0 = none) in C.
 */
#ifndef BM_PAPER_REPO_H
#define BM_PAPER_REPO_H

#include <stdint.h>

#include "base/err.h"
#include "store/certs_repo.h"
#include "store/model.h"

struct db;

#define PAPER_NOTE_MAX	 2000 /* characters; the buffers hold 4 bytes for each */
#define PAPER_REASON_MAX 2000

struct paper_rec {
	int64_t id, authority_id, unit_id;
	char number[CERT_NUMBER_MAX + 1];
	char scheme_id[CERT_SCHEME_MAX + 1];
	char grade[CERT_GRADE_MAX + 1];
	char categories[CERT_CATS_TEXT_MAX]; /* canonical comma list */
	int32_t paper_issued, valid_from, valid_until;
	char note[4 * PAPER_NOTE_MAX + 1];
	char state[12]; /* pending, confirmed, rejected */
	int64_t registered_by, registered_at, decided_by, decided_at; /* 0 = not yet */
	char reason[4 * PAPER_REASON_MAX + 1];
	int64_t certificate_id; /* 0 until confirmed */
	int64_t version;
};

/* Insert r as pending (id and version set); BM_ECONFLICT when another pending
 * registration has its number. */
int paper_repo_insert(struct db *db, struct paper_rec *r, struct bm_err *err);
int paper_repo_get(struct db *db, int64_t id, struct paper_rec *r, struct bm_err *err);
/* Store r's decision (state, decided_by/at, reason, certificate_id) if r->version is
 * still current: r->version + 1, or BM_ESTALE. */
int paper_repo_decide(struct db *db, struct paper_rec *r, struct bm_err *err);
/* Visit registrations newest first (fn gets const struct paper_rec *): of authority
 * authority_id (0 = any), in state (NULL = any), with id below before (0 = from the
 * newest). */
int paper_repo_list(struct db *db, int64_t authority_id, const char *state, int64_t before,
		    visit_fn fn, void *ctx, struct bm_err *err);
/* *n: applications of unit_id under scheme_id in progress: submitted and not decided,
 * or approved with the issuance not yet confirmed (a draft is not in progress). */
int paper_repo_cases_for(struct db *db, int64_t unit_id, const char *scheme_id, int64_t *n,
			 struct bm_err *err);
/* *n: pending registrations for unit_id under scheme_id. */
int paper_repo_pending_for(struct db *db, int64_t unit_id, const char *scheme_id, int64_t *n,
			   struct bm_err *err);

#endif
