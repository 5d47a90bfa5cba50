/*
 * workflow.h - the states of a qualification application and the one transition
 * table that moves it between them.
 *
 * Every change of state is an event looked up in the table {from, event, to,
 * actor, guard}. An event the table does not list for the current state is refused
 * (BM_ECONFLICT naming the state); a listed event whose guard does not hold is
 * refused as a rule (BM_ERULE naming the guard). The actor column says who may
 * raise the event; the service checks the role, jurisdiction and separation of
 * duties on top.
 *
 * Procedure [2nd + law]: acceptance check within 5 working days, one supplement
 * notice, written review (preliminary where the scheme has one, then superior),
 * on-site review scored by a team, publicity with objections, decision. Deemed
 * acceptance when the acceptance deadline passes silently [law] Administrative
 * Licensing Law Art. 32.
 */
#ifndef BM_WORKFLOW_H
#define BM_WORKFLOW_H

#include "base/err.h"

enum app_state {
	APP_DRAFT,
	APP_SUBMITTED,
	APP_SUPPLEMENT,
	APP_PRELIMINARY_REVIEW,
	APP_PRELIMINARY_CORRECTION,
	APP_SUPERIOR_REVIEW,
	APP_SUPERIOR_CORRECTION,
	APP_ONSITE,
	APP_ONSITE_PASSED,
	APP_HALTED,
	APP_PUBLICITY,
	APP_DECISION,
	APP_APPROVED,
	APP_REJECTED,
	APP_NOT_ACCEPTED,
	APP_WITHDRAWN,
	APP_ABANDONED,
	APP_STATE_COUNT
};

enum app_event {
	EV_SUBMIT,	       /* applicant: draft -> submitted */
	EV_WITHDRAW,	       /* applicant, any time before the decision */
	EV_ACCEPT,	       /* reviewer: acceptance notice */
	EV_DEEMED_ACCEPT,      /* system: the acceptance deadline passed silently */
	EV_REQUEST_SUPPLEMENT, /* reviewer: the one itemised supplement notice */
	EV_RESUBMIT,	       /* applicant: supplement handed in */
	EV_ABANDON,	       /* system: supplement window passed */
	EV_REFUSE,	       /* reviewer: out of jurisdiction or not accepted */
	EV_FORWARD,	       /* preliminary reviewer: opinion signed, to the superior */
	EV_RETURN,	       /* reviewer: return for correction */
	EV_CORRECT,	       /* applicant: corrected materials handed in */
	EV_LIST_ONSITE,	       /* superior reviewer: list for on-site review */
	EV_REJECT,	       /* superior reviewer or approver, with reasons */
	EV_ONSITE_PASS,	       /* team leader: signed opinion, passed */
	EV_ONSITE_FAIL,	       /* team leader: signed opinion, failed */
	EV_ONSITE_HALT,	       /* team leader: a veto item failed, review halted */
	EV_RESCHEDULE,	       /* reviewer: new on-site review after the waiting period */
	EV_OPEN_PUBLICITY,     /* reviewer: publicity starts */
	EV_UPHOLD_OBJECTION,   /* reviewer: an objection holds: back to review */
	EV_CLOSE_PUBLICITY,    /* reviewer: period over, objections resolved */
	EV_APPROVE,	       /* approver */
	APP_EVENT_COUNT
};

enum app_actor { ACTOR_APPLICANT, ACTOR_REVIEWER, ACTOR_TEAM_LEADER, ACTOR_APPROVER, ACTOR_SYSTEM };

enum app_guard {
	GUARD_NONE,
	GUARD_HAS_PRELIMINARY, /* the grade has a preliminary review step */
	GUARD_NO_PRELIMINARY,
	GUARD_SUPPLEMENT_UNUSED,   /* no supplement notice was issued before */
	GUARD_ACCEPTANCE_OVERDUE,  /* the acceptance deadline has passed */
	GUARD_SUPPLEMENT_OVERDUE,  /* the supplement window has passed */
	GUARD_WAIT_ELAPSED,	   /* the halt's waiting period is over */
	GUARD_PUBLICITY_OVER,	   /* the publicity end date has passed */
	GUARD_OBJECTIONS_RESOLVED, /* every objection has a resolution */
	GUARD_ACCEPTANCE_IN_TIME,  /* the acceptance deadline has not passed */
	GUARD_SUPPLEMENT_IN_TIME,  /* the supplement window has not passed */
	GUARD_COUNT
};

/* Facts the guards read; the service fills them from the case. Guards that only
 * choose between two rows of one event (HAS/NO_PRELIMINARY) are branches, not
 * refusals. */
struct wf_facts {
	int has_preliminary;
	int supplement_used;
	int acceptance_overdue;
	int supplement_overdue;
	int wait_elapsed;
	int publicity_over;
	int objections_open;
};

#define WF_GUARD(g) (1u << (g))

struct wf_transition {
	enum app_state from;
	enum app_event event;
	enum app_state to;
	enum app_actor actor;
	unsigned guards; /* WF_GUARD bits; all must hold (0 = always) */
};

extern const struct wf_transition wf_table[];
extern const unsigned wf_table_len;

const char *app_state_name(enum app_state s);
/* The state as users read it, in Chinese (zh != 0) or English; "?" when unknown. */
const char *app_state_label(enum app_state s, int zh);
int app_state_parse(const char *s, enum app_state *out);
const char *app_event_name(enum app_event e);
int app_event_parse(const char *s, enum app_event *out);
const char *app_actor_name(enum app_actor a);
const char *app_guard_name(enum app_guard g);

/* 1 for approved, rejected, not accepted, withdrawn, abandoned. */
int app_state_final(enum app_state s);

/*
 * The transition for event in state from, given facts. On success *t points at the
 * table row. BM_ECONFLICT "illegal_transition" when no row lists the pair (err names
 * the current state), BM_ERULE "guard_failed" when no listed row has all its guards
 * holding (err->field names the first failing guard).
 */
int workflow_next(enum app_state from, enum app_event event, const struct wf_facts *facts,
		  const struct wf_transition **t, struct bm_err *err);

#endif
