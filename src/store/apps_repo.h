/*
 * apps_repo.h - SQL for qualification applications and what hangs off them:
 * the timeline, clock pauses, extensions, notes, files, the on-site team and
 * sheets, objections, waiting-period bars and notifications.
 */
#ifndef BM_APPS_REPO_H
#define BM_APPS_REPO_H

#include <stdint.h>

#include "base/err.h"
#include "core/clock.h"
#include "core/label.h"
#include "core/workflow.h"
#include "store/model.h"

struct db;

#define APP_CATS_MAX   512
#define APP_REASON_MAX 2048

struct application {
	int64_t id;
	char number[64];
	int64_t unit_id;
	char region[REGION_LEN];
	char scheme_id[24];
	int scheme_version;
	char grade[8];
	char categories[APP_CATS_MAX]; /* canonical comma list */
	enum app_state state;
	int64_t authority[5]; /* by enum step: accept, preliminary, review, onsite, decide */
	int64_t submitted_at;
	int32_t received_on, acceptance_start, supplement_on, accepted_on; /* 0 = none */
	char acceptance_no[48];
	int supplement_used, deemed_accepted, decision_extension;
	int32_t onsite_notified_on, onsite_date, halted_on;
	char onsite_outcome[8];
	double onsite_total;
	int32_t publicity_start, publicity_end, decided_on;
	char decision_reason[APP_REASON_MAX];
	char granted_grade[8];
	char granted_categories[APP_CATS_MAX];
	struct label label;
	int64_t created_by, created_at, updated_at, version;
	int64_t renewal_of; /* the certificate this application renews; 0 = none (set at insert) */
};

struct app_filter {
	int64_t unit_id;	   /* 0 = any */
	const char *region_prefix; /* or NULL */
	const char *scheme_id;	   /* or NULL */
	const char *grade;	   /* or NULL */
	const char *state;	   /* or NULL; "open" = every non-final state */
	int64_t after_id;
};

int apps_repo_get(struct db *db, int64_t id, struct application *a, struct bm_err *err);
int apps_repo_insert(struct db *db, struct application *a, struct bm_err *err);
/* Write every field if the stored version is still expected (BM_ESTALE otherwise). */
int apps_repo_update(struct db *db, struct application *a, int64_t expected_version,
		     struct bm_err *err);
int apps_repo_list(struct db *db, const struct app_filter *f, visit_fn fn, void *ctx,
		   struct bm_err *err);
/* Ids of applications in state (for the scheduler). */
int apps_repo_in_state(struct db *db, enum app_state state, visit_fn fn, void *ctx,
		       struct bm_err *err);
/* The number of applications of a unit for a scheme that are open (not final). */
int apps_repo_open_count(struct db *db, int64_t unit_id, const char *scheme_id, int64_t *n,
			 struct bm_err *err);

/* Large JSON documents kept with the case (snapshot at submit, eligibility report). */
int apps_repo_set_docs(struct db *db, int64_t id, const char *snapshot, const char *eligibility,
		       struct bm_err *err);
/* *snapshot / *eligibility become malloc'd strings ("" when none). */
int apps_repo_get_docs(struct db *db, int64_t id, char **snapshot, char **eligibility,
		       struct bm_err *err);

struct app_event_rec {
	int64_t id, application_id, at, actor_id;
	const char *actor_login, *event, *from_state, *to_state, *details;
};
int apps_repo_add_event(struct db *db, const struct app_event_rec *e, struct bm_err *err);
int apps_repo_events(struct db *db, int64_t id, visit_fn fn, void *ctx, struct bm_err *err);
/* 1 in *found when user took part in the case as a reviewer or team member. */
int apps_repo_user_involved(struct db *db, int64_t id, int64_t user_id, int *found,
			    struct bm_err *err);

/* Clock pauses. */
int apps_repo_pause_open(struct db *db, int64_t id, const char *kind, int32_t from,
			 struct bm_err *err);
int apps_repo_pause_close(struct db *db, int64_t id, const char *kind, int32_t to,
			  struct bm_err *err);
/* Load up to max pauses of the case; *n set. */
int apps_repo_pauses(struct db *db, int64_t id, struct clock_pause *out, int max, int *n,
		     struct bm_err *err);

int apps_repo_add_extension(struct db *db, int64_t id, int days, const char *reason,
			    int64_t approver, int64_t at, struct bm_err *err);
int apps_repo_add_note(struct db *db, int64_t id, const char *kind, const char *body,
		       int64_t author, int64_t at, struct bm_err *err);
struct app_note {
	int64_t id, author_id, created_at;
	const char *kind, *body;
};
int apps_repo_notes(struct db *db, int64_t id, visit_fn fn, void *ctx, struct bm_err *err);

/* How many applications already carry a number (or an acceptance notice number)
 * starting with prefix. */
int apps_repo_count_numbered(struct db *db, const char *prefix, int64_t *n, struct bm_err *err);
int apps_repo_count_accepted(struct db *db, const char *prefix, int64_t *n, struct bm_err *err);

#endif
