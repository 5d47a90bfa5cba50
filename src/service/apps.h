/*
 * apps.h - qualification applications: the unit's draft, submission, every review
 * step through to the decision, materials, the on-site review, publicity and the
 * statutory clock.
 *
 * Who acts where: the unit's security officer (unit_officer) prepares and submits;
 * each later step belongs to the authority the scheme names for the grade and the
 * unit's region (accept, preliminary, review, onsite, decide), and only that
 * authority's staff of the right role may take it. The approver must not have
 * reviewed or scored the case (separation of duties, 403). Every transition goes
 * through core/workflow's table, is audited, lands on the case's timeline and
 * notifies the parties.
 */
#ifndef BM_APPS_H
#define BM_APPS_H

#include "core/clock.h"
#include "core/eligibility.h"
#include "core/scheme.h"
#include "core/scoring.h"
#include "service/svc.h"
#include "store/apps_repo.h"
#include "store/files_repo.h"
#include "store/onsite_repo.h"

#define APP_MAX_ITEMS 50

/* A case with what is derived from it for display and filtering. */
struct app_view {
	struct application a;
	const struct scheme *scheme; /* the edition the case was filed under */
	char unit_name[LONGNAME_BYTES];
	char unit_uscc[19];
	const char *stage;	  /* clock stage: acceptance, supplement, decision, or "" */
	struct clock_state clock; /* of that stage */
	int clock_ok;		  /* 0 when the calendar lacked a year (clock unknown) */
	unsigned actions;	  /* bit per enum app_event the caller may raise now */
	unsigned can;		  /* bit per enum app_can: what else the caller may do now */
	/* the certificate issuance after an approval (service/certs.h) */
	int64_t issuance_id;	     /* 0 = none */
	char issuance_state[12];     /* pending | confirmed | "" */
	int64_t issuance_decided_by; /* the approver who decided */
	int64_t certificate_id;	     /* 0 until confirmed */
};

/* What a caller may do on a case besides raising events. */
enum app_can {
	APP_CAN_UPLOAD,		    /* hand in or remove materials */
	APP_CAN_SCHEDULE_ONSITE,    /* set the on-site date and team */
	APP_CAN_SCORE,		    /* fill in one's own score sheet */
	APP_CAN_RESOLVE_OBJECTIONS, /* uphold or dismiss objections */
	APP_CAN_EXTEND,		    /* extend the decision limit */
	APP_CAN_CONFIRM_ISSUANCE,   /* confirm the certificate's issuance (second person) */
	APP_CAN_COUNT
};
const char *app_can_name(enum app_can c);

/* The payload of a transition; fields an event does not use must be absent. */
struct app_action {
	const char *reason;	    /* refuse, reject, return, withdraw, approve */
	const char *opinion;	    /* forward, list_onsite, onsite outcomes */
	const char *representative; /* onsite outcomes: the unit's acknowledging person */
	const char *const *items;   /* request_supplement, return: itemised list */
	size_t nitems;
	int32_t date; /* accept: receipt date (paper); open_publicity: start */
};

/* A new draft of the caller's unit. renewal_of (0 = none) names the certificate it
 * renews: certs_renewal_check refuses it outside the renewal window, and again when
 * it is filed (submitted). */
int apps_create(struct svc *s, const char *scheme_id, const char *grade,
		const char *const *categories, size_t ncategories, int64_t renewal_of,
		struct app_view *out, struct bm_err *err);
int apps_get(struct svc *s, int64_t id, struct app_view *out, struct bm_err *err);
int apps_update_draft(struct svc *s, int64_t id, int64_t if_match, const char *grade,
		      const char *const *categories, size_t ncategories, struct app_view *out,
		      struct bm_err *err);

struct app_list_filter {
	struct app_filter repo;
	int due_within; /* working days; -1 = no filter */
	int overdue;	/* 1 = only overdue cases */
	int tasks;	/* 1 = only cases awaiting the caller's action */
};
/* Visit up to limit visible cases (fn gets const struct app_view *), sorted by id,
 * or by due date for tasks. */
int apps_list(struct svc *s, const struct app_list_filter *f, int limit, visit_fn fn, void *ctx,
	      int64_t *next, struct bm_err *err);

/* What a submission (or resubmission, or correction) was checked against. */
struct submit_report {
	struct elig_report elig;	      /* the basic conditions */
	int nmissing;			      /* required materials of the grade not handed in */
	const char *missing[SCHEME_MAX_MATS]; /* their codes (the scheme's strings) */
};

/*
 * Raise event on the case (if_match: its version). On a refused submission *report
 * (may be NULL) says why: failed hard conditions (eligibility_failed) or missing
 * materials (materials_missing).
 */
int apps_transition(struct svc *s, int64_t id, int64_t if_match, enum app_event event,
		    const struct app_action *act, struct app_view *out,
		    struct submit_report *report, struct bm_err *err);
/* Approver: extend the decision limit by days (recorded with the reason). */
int apps_extend(struct svc *s, int64_t id, int64_t if_match, int days, const char *reason,
		struct app_view *out, struct bm_err *err);

/* The timeline (fn gets const struct app_event_rec *) and notes (const struct
 * app_note *). */
int apps_timeline(struct svc *s, int64_t id, visit_fn fn, void *ctx, struct bm_err *err);
int apps_notes(struct svc *s, int64_t id, visit_fn fn, void *ctx, struct bm_err *err);
/* The snapshot and eligibility report frozen at submission (malloc'd JSON text). */
int apps_documents(struct svc *s, int64_t id, char **snapshot, char **eligibility,
		   struct bm_err *err);

/* Eligibility pre-check of a unit (the caller's own unit for unit users). */
int apps_eligibility(struct svc *s, int64_t unit_id, const char *scheme_id, const char *grade,
		     struct elig_report *out, const struct scheme **scheme, struct bm_err *err);

/* ---- materials (apps_files.c) ---- */

int apps_upload(struct svc *s, int64_t id, const char *material, const char *name,
		const unsigned char *data, size_t len, struct app_file *out, struct bm_err *err);
int apps_files(struct svc *s, int64_t id, visit_fn fn, void *ctx, struct bm_err *err);
int apps_file_remove(struct svc *s, int64_t id, int64_t file_id, struct bm_err *err);

/* Reading a sealed file back: verified completely before the first byte is given
 * out, so a file that fails authentication is never served. */
struct file_reader {
	struct app_file file;
	int64_t next_chunk;
	unsigned char *master; /* borrowed */
	struct svc *svc;
	void *opener; /* struct opener, private */
};
int apps_file_open(struct svc *s, int64_t id, int64_t file_id, struct file_reader *r,
		   struct bm_err *err);
/* Next plaintext chunk into out (SEAL_CHUNK bytes); *len 0 and *last set at the end. */
int apps_file_read(struct file_reader *r, unsigned char *out, size_t *len, int *last,
		   struct bm_err *err);
void apps_file_close(struct file_reader *r);

/* ---- on-site review (apps_onsite.c) ---- */

struct team_in {
	int64_t user_id;
	const char *role; /* leader | staff | expert */
};
int apps_onsite_schedule(struct svc *s, int64_t id, int64_t if_match, int32_t date,
			 const struct team_in *team, size_t nteam, struct app_view *out,
			 struct bm_err *err);
int apps_onsite_team(struct svc *s, int64_t id, visit_fn fn, void *ctx, struct bm_err *err);
/* The seats a user may take on a case's on-site team. */
enum { TEAM_SEAT_LEADER = 1u << 0, TEAM_SEAT_STAFF = 1u << 1, TEAM_SEAT_EXPERT = 1u << 2 };
unsigned apps_team_seats(const struct user *u, const struct application *a);
/* The seat user_id holds on case id's team (one TEAM_SEAT_*), 0 when none. */
int apps_team_seat(struct svc *s, int64_t id, int64_t user_id, unsigned *seat, struct bm_err *err);
struct team_candidate {
	const struct user *user;
	unsigned seats; /* TEAM_SEAT_* */
};
/* The on-site authority's reviewers: everyone who may sit on the case's team, in id
 * order (fn gets const struct team_candidate *). */
int apps_team_candidates(struct svc *s, int64_t id, visit_fn fn, void *ctx, struct bm_err *err);
/* A team member's sheet: scores per item code, veto items marked failed. */
struct sheet_in {
	const char *const *codes;
	const int64_t *points;
	size_t n;
	const char *const *vetoes;
	size_t nvetoes;
	const char *note;
	int submit;
};
int apps_sheet_put(struct svc *s, int64_t id, const struct sheet_in *in, struct bm_err *err);
/* The sheets the caller may see (fn gets const struct sheet_rec *), and the
 * aggregate when every member has submitted and the caller may see it. */
int apps_sheets(struct svc *s, int64_t id, visit_fn fn, void *ctx, struct score_result *agg,
		int *agg_ready, struct bm_err *err);

/* ---- publicity and objections (apps_public.c) ---- */

/* No login: the cases in publicity (fn gets const struct app_view *). */
int publicity_list(struct svc *s, visit_fn fn, void *ctx, struct bm_err *err);
/* No login: file an objection during the window. */
int publicity_object(struct svc *s, int64_t id, const char *name, const char *contact,
		     const char *body, int64_t *objection_id, struct bm_err *err);
int apps_objections(struct svc *s, int64_t id, visit_fn fn, void *ctx, struct bm_err *err);
/* upheld sends the case back to review; dismissed keeps it in publicity. */
int apps_objection_resolve(struct svc *s, int64_t id, int64_t objection_id, int upheld,
			   const char *reason, struct app_view *out, struct bm_err *err);

/* The eligibility report as JSON lines {condition, name, result, why, source, ...}. */
json_t *apps_report_json(const struct elig_report *rep);

/* ---- shared by the apps_*.c files ---- */

/* apps_transition inside the caller's open write transaction, on a loaded case
 * (for steps that lead into a transition, such as an upheld objection). */
int apps_transition_locked(struct svc *s, struct app_view *v, enum app_event event,
			   const struct app_action *act, struct submit_report *report,
			   struct bm_err *err);
/* The events the caller may raise on the case now (table and guards allow them,
 * and the caller is the right actor); scheduler-only events are left out. */
/* Add a note of kind to the case: body (consumed) signed by the caller. */
int apps_note(struct svc *s, const struct application *a, const char *kind, json_t *body,
	      struct bm_err *err);
/* Fill v->actions and v->can for the caller, today. */
void apps_offer(struct svc *s, struct app_view *v, const struct calendar *cal);
/* The phase a file handed in now belongs to, NULL when the state takes no files. */
const char *apps_file_phase(enum app_state st);
/* Aggregate the team's sheets; 422 unless every member has submitted one. */
int apps_aggregate(struct svc *s, const struct app_view *v, struct score_result *res,
		   struct bm_err *err);

/* Load a case visible to the caller (404 otherwise), with its scheme edition. */
int apps_load(struct svc *s, int64_t id, struct app_view *v, struct bm_err *err);
/* The case as an authorisation resource: in its region, owned by its unit, under its
 * label; private to the unit until first submitted. */
void apps_resource(const struct application *a, struct resource *r);
/* Fill v->stage and v->clock (and the unit's name) for today. */
void apps_derive(struct svc *s, const struct calendar *cal, struct app_view *v);
/* Record a transition-like step on the timeline and in the audit trail. */
int apps_record(struct svc *s, const struct application *a, const char *event, enum app_state from,
		json_t *details, struct bm_err *err);
/* Validate categories (n codes) against scheme sc and write the canonical comma list
 * (the scheme's order) into out: 400 "invalid_field" / "invalid_value" naming
 * "categories" otherwise. */
int apps_categories_text(const struct scheme *sc, const char *const *cats, size_t n, char *out,
			 size_t outsz, struct bm_err *err);
/* The authority performing step for a case like a (scheme_id, scheme_version, region)
 * at grade index g: by the scheme's level for the step and the unit's region, falling
 * back from a municipal bureau that does not exist to the provincial one. *id 0 when
 * the scheme has no such step; 422 "no_authority" (field "region") when no bureau is
 * set up. */
int apps_resolve_authority(struct svc *s, const struct application *a, int g, enum step step,
			   int64_t *id, struct bm_err *err);
/* 1 when the caller belongs to the authority the scheme assigns to step. */
int apps_step_authority(const struct svc *s, const struct application *a, enum step step);
/* Notify the unit's users, or the role's users at the authority of step. */
int apps_notify_unit(struct svc *s, const struct application *a, const char *kind, const char *zh,
		     const char *en, struct bm_err *err);
int apps_notify_step(struct svc *s, const struct application *a, enum step step, const char *role,
		     const char *kind, const char *zh, const char *en, struct bm_err *err);

#endif
