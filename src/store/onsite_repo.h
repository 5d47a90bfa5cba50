/*
 * onsite_repo.h - SQL for on-site review: the team and each member's scoring sheet,
 * and for publicity objections.
 */
#ifndef BM_ONSITE_REPO_H
#define BM_ONSITE_REPO_H

#include <stdint.h>

#include "base/err.h"
#include "store/model.h"

struct db;

struct team_member {
	int64_t user_id;
	char role[8]; /* leader | staff | expert */
	char login[LOGIN_MAX + 1];
	char display_name[NAME_BYTES];
};

struct sheet_rec {
	int64_t application_id, user_id;
	const char *scores; /* JSON object {item: points} */
	const char *vetoes; /* JSON array [item, ...] */
	int total;
	const char *note;
	int64_t submitted_at; /* 0 while a draft */
};

/* Replace the team of an application. */
int onsite_repo_team_clear(struct db *db, int64_t application_id, struct bm_err *err);
int onsite_repo_team_add(struct db *db, int64_t application_id, int64_t user_id, const char *role,
			 struct bm_err *err);
int onsite_repo_team(struct db *db, int64_t application_id, visit_fn fn, void *ctx,
		     struct bm_err *err);
int onsite_repo_sheet_put(struct db *db, const struct sheet_rec *s, struct bm_err *err);
/* Visit sheets (fn gets const struct sheet_rec *). */
int onsite_repo_sheets(struct db *db, int64_t application_id, visit_fn fn, void *ctx,
		       struct bm_err *err);
int onsite_repo_sheets_clear(struct db *db, int64_t application_id, struct bm_err *err);
/* 1 in *submitted when the user's sheet for the case is submitted. */
int onsite_repo_sheet_submitted(struct db *db, int64_t application_id, int64_t user_id,
				int *submitted, struct bm_err *err);

struct objection_rec {
	int64_t id, application_id, filed_at, resolved_by, resolved_at;
	const char *name, *contact, *body, *client_addr, *resolution, *reason;
};

int objections_repo_insert(struct db *db, struct objection_rec *o, struct bm_err *err);
int objections_repo_resolve(struct db *db, int64_t id, int64_t application_id,
			    const char *resolution, const char *reason, int64_t by, int64_t at,
			    struct bm_err *err);
int objections_repo_list(struct db *db, int64_t application_id, visit_fn fn, void *ctx,
			 struct bm_err *err);
int objections_repo_open_count(struct db *db, int64_t application_id, int64_t *n,
			       struct bm_err *err);

#endif
