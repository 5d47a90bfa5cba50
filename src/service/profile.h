/*
 * profile.h - a unit's registry data in full: leadership and ownership, key people,
 * history (violations, leaks, revoked qualifications, ...), premises and
 * declarations. The unit's security officer maintains it (a system administrator
 * may too); bureau staff in jurisdiction read it. Every change is audited with the
 * old and new values. These are the facts eligibility is judged on.
 */
#ifndef BM_PROFILE_H
#define BM_PROFILE_H

#include "core/eligibility.h"
#include "service/svc.h"
#include "store/profile_repo.h"

/* Fields of the ownership/leadership update; NULL / -2 = keep. */
struct extra_in {
	const char *principal_head, *actual_controller;
	int64_t registered_capital, employees, annual_revenue; /* -1 = unknown, -2 = keep */
	int foreign_known;				       /* -1 = keep */
	double foreign_direct_pct, foreign_indirect_pct;       /* < 0 = keep */
};

int profile_get_extra(struct svc *s, int64_t unit_id, struct unit_extra *x, struct bm_err *err);
int profile_update_extra(struct svc *s, int64_t unit_id, int64_t if_match,
			 const struct extra_in *in, struct unit_extra *out, struct bm_err *err);

int profile_people(struct svc *s, int64_t unit_id, visit_fn fn, void *ctx, struct bm_err *err);
/* Add (p->id == 0) or replace a person; p->unit_id is the unit. */
int profile_person_put(struct svc *s, struct person_rec *p, struct bm_err *err);
int profile_person_delete(struct svc *s, int64_t unit_id, int64_t id, struct bm_err *err);

int profile_events(struct svc *s, int64_t unit_id, visit_fn fn, void *ctx, struct bm_err *err);
int profile_event_add(struct svc *s, struct event_rec *e, struct bm_err *err);
int profile_event_delete(struct svc *s, int64_t unit_id, int64_t id, struct bm_err *err);

int profile_premises(struct svc *s, int64_t unit_id, visit_fn fn, void *ctx, struct bm_err *err);
int profile_premises_add(struct svc *s, struct premises_rec *p, struct bm_err *err);
int profile_premises_delete(struct svc *s, int64_t unit_id, int64_t id, struct bm_err *err);

int profile_declarations(struct svc *s, int64_t unit_id, visit_fn fn, void *ctx,
			 struct bm_err *err);
int profile_declare(struct svc *s, int64_t unit_id, const char *key, int value, struct bm_err *err);

/* The declaration keys a unit may make (those the shipped schemes read). */
int profile_declaration_known(const char *key);

/* Load the facts of a unit for eligibility (no authorisation: callers have it). */
int profile_facts(struct db *db, int64_t unit_id, struct unit_facts *f, struct bm_err *err);

#endif
