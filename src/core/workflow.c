/*
 * workflow.c - the application state machine as one table. See workflow.h.
 */
#include <string.h>

#include "core/workflow.h"
#include "base/banned.h"

static const char *const state_names[APP_STATE_COUNT] = {
	"draft",
	"submitted",
	"supplement",
	"preliminary_review",
	"preliminary_correction",
	"superior_review",
	"superior_correction",
	"onsite",
	"onsite_passed",
	"halted",
	"publicity",
	"decision",
	"approved",
	"rejected",
	"not_accepted",
	"withdrawn",
	"abandoned",
};

static const char *const state_labels[APP_STATE_COUNT][2] = {
	{ "Draft", "草稿" },
	{ "Submitted, awaiting the acceptance check", "已提交待受理" },
	{ "Awaiting supplement", "待补正" },
	{ "Preliminary review", "初审" },
	{ "Returned at preliminary review", "初审退回修改" },
	{ "Written review", "书面审查" },
	{ "Returned at written review", "书面审查退回修改" },
	{ "On-site review", "现场审查" },
	{ "On-site review passed", "现场审查合格" },
	{ "On-site review halted", "现场审查中止" },
	{ "In publicity", "公示中" },
	{ "Awaiting decision", "待审批" },
	{ "Approved", "准予许可" },
	{ "Rejected", "不予许可" },
	{ "Not accepted", "不予受理" },
	{ "Withdrawn", "已撤回" },
	{ "Deemed abandoned", "视为放弃" },
};

static const char *const event_names[APP_EVENT_COUNT] = {
	"submit",      "withdraw",    "accept",		"deemed_accept",    "request_supplement",
	"resubmit",    "abandon",     "refuse",		"forward",	    "return",
	"correct",     "list_onsite", "reject",		"onsite_pass",	    "onsite_fail",
	"onsite_halt", "reschedule",  "open_publicity", "uphold_objection", "close_publicity",
	"approve",
};

static const char *const actor_names[] = { "applicant", "reviewer", "team_leader", "approver",
					   "system" };

static const char *const guard_names[GUARD_COUNT] = {
	"none",
	"has_preliminary",
	"no_preliminary",
	"supplement_unused",
	"acceptance_overdue",
	"supplement_overdue",
	"wait_elapsed",
	"publicity_over",
	"objections_resolved",
	"acceptance_in_time",
	"supplement_in_time",
};

#define T(from, ev, to, actor, guards)                                                             \
	{                                                                                          \
		APP_##from, EV_##ev, APP_##to, ACTOR_##actor, guards                               \
	}
#define G(g) WF_GUARD(GUARD_##g)

const struct wf_transition wf_table[] = {
	T(DRAFT, SUBMIT, SUBMITTED, APPLICANT, 0),

	/* acceptance check */
	T(SUBMITTED, ACCEPT, PRELIMINARY_REVIEW, REVIEWER, G(HAS_PRELIMINARY)),
	T(SUBMITTED, ACCEPT, SUPERIOR_REVIEW, REVIEWER, G(NO_PRELIMINARY)),
	T(SUBMITTED, DEEMED_ACCEPT, PRELIMINARY_REVIEW, SYSTEM,
	  G(ACCEPTANCE_OVERDUE) | G(HAS_PRELIMINARY)),
	T(SUBMITTED, DEEMED_ACCEPT, SUPERIOR_REVIEW, SYSTEM,
	  G(ACCEPTANCE_OVERDUE) | G(NO_PRELIMINARY)),
	/* [law] ALL Art. 32: once the check is overdue the application stands
	 * accepted; it can no longer be sent back for supplement or refused */
	T(SUBMITTED, REQUEST_SUPPLEMENT, SUPPLEMENT, REVIEWER,
	  G(SUPPLEMENT_UNUSED) | G(ACCEPTANCE_IN_TIME)),
	T(SUBMITTED, REFUSE, NOT_ACCEPTED, REVIEWER, G(ACCEPTANCE_IN_TIME)),
	T(SUPPLEMENT, RESUBMIT, SUBMITTED, APPLICANT, G(SUPPLEMENT_IN_TIME)),
	T(SUPPLEMENT, ABANDON, ABANDONED, SYSTEM, G(SUPPLEMENT_OVERDUE)),

	/* written review */
	T(PRELIMINARY_REVIEW, FORWARD, SUPERIOR_REVIEW, REVIEWER, 0),
	T(PRELIMINARY_REVIEW, RETURN, PRELIMINARY_CORRECTION, REVIEWER, 0),
	T(PRELIMINARY_CORRECTION, CORRECT, PRELIMINARY_REVIEW, APPLICANT, 0),
	T(SUPERIOR_REVIEW, LIST_ONSITE, ONSITE, REVIEWER, 0),
	T(SUPERIOR_REVIEW, RETURN, SUPERIOR_CORRECTION, REVIEWER, 0),
	T(SUPERIOR_REVIEW, REJECT, REJECTED, REVIEWER, 0),
	T(SUPERIOR_CORRECTION, CORRECT, SUPERIOR_REVIEW, APPLICANT, 0),

	/* on-site review */
	T(ONSITE, ONSITE_PASS, ONSITE_PASSED, TEAM_LEADER, 0),
	T(ONSITE, ONSITE_FAIL, REJECTED, TEAM_LEADER, 0),
	T(ONSITE, ONSITE_HALT, HALTED, TEAM_LEADER, 0),
	T(HALTED, RESCHEDULE, ONSITE, REVIEWER, G(WAIT_ELAPSED)),

	/* publicity */
	T(ONSITE_PASSED, OPEN_PUBLICITY, PUBLICITY, REVIEWER, 0),
	T(PUBLICITY, UPHOLD_OBJECTION, SUPERIOR_REVIEW, REVIEWER, 0),
	T(PUBLICITY, CLOSE_PUBLICITY, DECISION, REVIEWER,
	  G(PUBLICITY_OVER) | G(OBJECTIONS_RESOLVED)),

	/* decision */
	T(DECISION, APPROVE, APPROVED, APPROVER, G(OBJECTIONS_RESOLVED)),
	T(DECISION, REJECT, REJECTED, APPROVER, 0),

	/* withdrawal, by the applicant, at any time before the decision */
	T(DRAFT, WITHDRAW, WITHDRAWN, APPLICANT, 0),
	T(SUBMITTED, WITHDRAW, WITHDRAWN, APPLICANT, 0),
	T(SUPPLEMENT, WITHDRAW, WITHDRAWN, APPLICANT, 0),
	T(PRELIMINARY_REVIEW, WITHDRAW, WITHDRAWN, APPLICANT, 0),
	T(PRELIMINARY_CORRECTION, WITHDRAW, WITHDRAWN, APPLICANT, 0),
	T(SUPERIOR_REVIEW, WITHDRAW, WITHDRAWN, APPLICANT, 0),
	T(SUPERIOR_CORRECTION, WITHDRAW, WITHDRAWN, APPLICANT, 0),
	T(ONSITE, WITHDRAW, WITHDRAWN, APPLICANT, 0),
	T(ONSITE_PASSED, WITHDRAW, WITHDRAWN, APPLICANT, 0),
	T(HALTED, WITHDRAW, WITHDRAWN, APPLICANT, 0),
	T(PUBLICITY, WITHDRAW, WITHDRAWN, APPLICANT, 0),
	T(DECISION, WITHDRAW, WITHDRAWN, APPLICANT, 0),
};

#undef T
#undef G

const unsigned wf_table_len = sizeof(wf_table) / sizeof(wf_table[0]);

const char *app_state_label(enum app_state s, int zh)
{
	return (unsigned)s < APP_STATE_COUNT ? state_labels[s][zh != 0] : "?";
}

const char *app_state_name(enum app_state s)
{
	return (unsigned)s < APP_STATE_COUNT ? state_names[s] : "unknown";
}

int app_state_parse(const char *s, enum app_state *out)
{
	for (int i = 0; i < APP_STATE_COUNT; i++) {
		if (strcmp(state_names[i], s) == 0) {
			*out = (enum app_state)i;
			return 0;
		}
	}
	return BM_EINVAL;
}

const char *app_event_name(enum app_event e)
{
	return (unsigned)e < APP_EVENT_COUNT ? event_names[e] : "unknown";
}

int app_event_parse(const char *s, enum app_event *out)
{
	for (int i = 0; i < APP_EVENT_COUNT; i++) {
		if (strcmp(event_names[i], s) == 0) {
			*out = (enum app_event)i;
			return 0;
		}
	}
	return BM_EINVAL;
}

const char *app_actor_name(enum app_actor a)
{
	return (unsigned)a <= ACTOR_SYSTEM ? actor_names[a] : "unknown";
}

const char *app_guard_name(enum app_guard g)
{
	return (unsigned)g < GUARD_COUNT ? guard_names[g] : "unknown";
}

int app_state_final(enum app_state s)
{
	return s == APP_APPROVED || s == APP_REJECTED || s == APP_NOT_ACCEPTED ||
	       s == APP_WITHDRAWN || s == APP_ABANDONED;
}

static int guard_holds(enum app_guard g, const struct wf_facts *f)
{
	switch (g) {
	case GUARD_NONE:
		return 1;
	case GUARD_HAS_PRELIMINARY:
		return f->has_preliminary;
	case GUARD_NO_PRELIMINARY:
		return !f->has_preliminary;
	case GUARD_SUPPLEMENT_UNUSED:
		return !f->supplement_used;
	case GUARD_ACCEPTANCE_OVERDUE:
		return f->acceptance_overdue;
	case GUARD_SUPPLEMENT_OVERDUE:
		return f->supplement_overdue;
	case GUARD_WAIT_ELAPSED:
		return f->wait_elapsed;
	case GUARD_PUBLICITY_OVER:
		return f->publicity_over;
	case GUARD_OBJECTIONS_RESOLVED:
		return f->objections_open == 0;
	case GUARD_ACCEPTANCE_IN_TIME:
		return !f->acceptance_overdue;
	case GUARD_SUPPLEMENT_IN_TIME:
		return !f->supplement_overdue;
	case GUARD_COUNT:
		break;
	}
	return 0;
}

int workflow_next(enum app_state from, enum app_event event, const struct wf_facts *facts,
		  const struct wf_transition **t, struct bm_err *err)
{
	const unsigned branches = WF_GUARD(GUARD_HAS_PRELIMINARY) | WF_GUARD(GUARD_NO_PRELIMINARY);
	int listed = 0;
	enum app_guard failing = GUARD_NONE;

	for (unsigned i = 0; i < wf_table_len; i++) {
		const struct wf_transition *row = &wf_table[i];
		int ok = 1;

		if (row->from != from || row->event != event)
			continue;
		listed = 1;
		for (int g = 1; g < GUARD_COUNT; g++) {
			if ((row->guards & WF_GUARD(g)) && !guard_holds((enum app_guard)g, facts)) {
				ok = 0;
				/* report a real refusal, not a branch that merely chose the
				 * other row */
				if (failing == GUARD_NONE && !(branches & WF_GUARD(g)))
					failing = (enum app_guard)g;
			}
		}
		if (ok) {
			*t = row;
			return 0;
		}
	}
	if (!listed)
		return bm_err_set(err, BM_ECONFLICT, "illegal_transition", "state",
				  "cannot %s an application in state %s", app_event_name(event),
				  app_state_name(from));
	return bm_err_set(err, BM_ERULE, "guard_failed", app_guard_name(failing),
			  "cannot %s an application in state %s: %s does not hold",
			  app_event_name(event), app_state_name(from), app_guard_name(failing));
}
