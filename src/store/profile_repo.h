/*
 * profile_repo.h - SQL for a unit's registry data beyond the basics: leadership
 * and ownership figures, key people, history events, premises, declarations, and
 * the waiting-period bars set after failed or halted reviews. Together they are the
 * facts eligibility is judged on.
 */
#ifndef BM_PROFILE_REPO_H
#define BM_PROFILE_REPO_H

#include <stdint.h>

#include "base/err.h"
#include "store/model.h"

struct db;

struct unit_extra {
	char principal_head[NAME_BYTES];
	char actual_controller[NAME_BYTES];
	int64_t registered_capital, employees, annual_revenue; /* -1 = unknown */
	int foreign_known;
	int foreign_direct_bp, foreign_indirect_bp; /* hundredths of a percent */
};

struct person_rec {
	int64_t id, unit_id;
	char role[24];
	char name[NAME_BYTES];
	char nationality[3];				  /* "" = not recorded */
	int foreign_residence, foreign_spouse, dishonest; /* -1 = not recorded */
	int64_t created_at, updated_at, version;
};

struct event_rec {
	int64_t id, unit_id, created_at;
	char kind[24];
	char occurred_on[11];
	char description[1024];
	int locked; /* 1: recorded by the system from a bureau's decision; not the unit's to delete
		     */
};

struct premises_rec {
	int64_t id, unit_id, created_at;
	char address[ADDRESS_BYTES];
	char tenure[8]; /* owned | leased */
	char since[11];
	char lease_end[11]; /* "" when owned */
	int64_t area;	    /* -1 = unknown */
};

int profile_repo_extra_get(struct db *db, int64_t unit_id, struct unit_extra *x,
			   struct bm_err *err);
int profile_repo_extra_put(struct db *db, int64_t unit_id, const struct unit_extra *x,
			   struct bm_err *err);

int profile_repo_person_put(struct db *db, struct person_rec *p, struct bm_err *err);
int profile_repo_person_get(struct db *db, int64_t id, struct person_rec *p, struct bm_err *err);
int profile_repo_person_delete(struct db *db, int64_t id, struct bm_err *err);
int profile_repo_people(struct db *db, int64_t unit_id, visit_fn fn, void *ctx, struct bm_err *err);

int profile_repo_event_add(struct db *db, struct event_rec *e, struct bm_err *err);
int profile_repo_event_get(struct db *db, int64_t id, struct event_rec *e, struct bm_err *err);
int profile_repo_event_delete(struct db *db, int64_t id, struct bm_err *err);
int profile_repo_events(struct db *db, int64_t unit_id, visit_fn fn, void *ctx, struct bm_err *err);

int profile_repo_premises_add(struct db *db, struct premises_rec *p, struct bm_err *err);
int profile_repo_premises_get(struct db *db, int64_t id, struct premises_rec *p,
			      struct bm_err *err);
int profile_repo_premises_delete(struct db *db, int64_t id, struct bm_err *err);
int profile_repo_premises(struct db *db, int64_t unit_id, visit_fn fn, void *ctx,
			  struct bm_err *err);

int profile_repo_declaration_put(struct db *db, int64_t unit_id, const char *key, int value,
				 int64_t now, struct bm_err *err);
/* Visit declarations (fn gets const char *const[2]: key, "0"/"1"). */
int profile_repo_declarations(struct db *db, int64_t unit_id, visit_fn fn, void *ctx,
			      struct bm_err *err);

/* The latest bar of kind for unit and scheme that lasts past today: *until (day
 * number) or 0 when none. */
int profile_repo_bar_until(struct db *db, int64_t unit_id, const char *scheme_id, const char *kind,
			   const char *today, char until[11], struct bm_err *err);
int profile_repo_bar_add(struct db *db, int64_t unit_id, const char *scheme_id, const char *kind,
			 const char *until, int64_t application_id, int64_t now,
			 struct bm_err *err);

#endif
