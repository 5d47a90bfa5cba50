/*
 * test_workflow.c - unit tests of src/core/workflow: every (state, event) pair,
 * legal or illegal, under several sets of facts, against an expected table written
 * here from workflow.h and the procedure of domain.md §2.1 (acceptance with one
 * supplement notice and deemed acceptance, preliminary and superior written review,
 * on-site review with halt and reschedule, publicity with objections, decision,
 * withdrawal before the outcome); the name/parse pairs and the final states.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/err.h"
#include "core/workflow.h"
#include "base/banned.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the expected table ---- */

/*
 * One legal pair. to_pre / to_nopre: the state reached when the grade has / has no
 * preliminary review (the same unless the event branches on it). guards: the
 * refusing guards of the row (WF_GUARD bits, 0 when it always holds); the first
 * failing one, in enum order, is the one reported.
 */
struct legal {
	enum app_state from;
	enum app_event event;
	enum app_state to_pre, to_nopre;
	enum app_actor actor;
	unsigned guards;
};

#define G(g) WF_GUARD(GUARD_##g)
#define L(f, e, to, actor, guards)                                                                 \
	{                                                                                          \
		APP_##f, EV_##e, APP_##to, APP_##to, ACTOR_##actor, guards                         \
	}
#define B(f, e, pre, nopre, actor, guards)                                                         \
	{                                                                                          \
		APP_##f, EV_##e, APP_##pre, APP_##nopre, ACTOR_##actor, guards                     \
	}

static const struct legal legal[] = {
	/* a draft is the applicant's until submitted, or dropped */
	L(DRAFT, SUBMIT, SUBMITTED, APPLICANT, 0),
	L(DRAFT, WITHDRAW, WITHDRAWN, APPLICANT, 0),

	/* acceptance check: accept (to the preliminary review where the grade has one),
	 * deemed acceptance when the 5 working days passed silently [law] ALL Art. 32,
	 * one supplement notice, refusal */
	B(SUBMITTED, ACCEPT, PRELIMINARY_REVIEW, SUPERIOR_REVIEW, REVIEWER, 0),
	B(SUBMITTED, DEEMED_ACCEPT, PRELIMINARY_REVIEW, SUPERIOR_REVIEW, SYSTEM,
	  G(ACCEPTANCE_OVERDUE)),
	L(SUBMITTED, REQUEST_SUPPLEMENT, SUPPLEMENT, REVIEWER,
	  G(SUPPLEMENT_UNUSED) | G(ACCEPTANCE_IN_TIME)),
	L(SUBMITTED, REFUSE, NOT_ACCEPTED, REVIEWER, G(ACCEPTANCE_IN_TIME)),
	L(SUBMITTED, WITHDRAW, WITHDRAWN, APPLICANT, 0),

	/* the supplement window: handed in, abandoned when it passes, or withdrawn */
	L(SUPPLEMENT, RESUBMIT, SUBMITTED, APPLICANT, G(SUPPLEMENT_IN_TIME)),
	L(SUPPLEMENT, ABANDON, ABANDONED, SYSTEM, G(SUPPLEMENT_OVERDUE)),
	L(SUPPLEMENT, WITHDRAW, WITHDRAWN, APPLICANT, 0),

	/* written review */
	L(PRELIMINARY_REVIEW, FORWARD, SUPERIOR_REVIEW, REVIEWER, 0),
	L(PRELIMINARY_REVIEW, RETURN, PRELIMINARY_CORRECTION, REVIEWER, 0),
	L(PRELIMINARY_REVIEW, WITHDRAW, WITHDRAWN, APPLICANT, 0),
	L(PRELIMINARY_CORRECTION, CORRECT, PRELIMINARY_REVIEW, APPLICANT, 0),
	L(PRELIMINARY_CORRECTION, WITHDRAW, WITHDRAWN, APPLICANT, 0),
	L(SUPERIOR_REVIEW, LIST_ONSITE, ONSITE, REVIEWER, 0),
	L(SUPERIOR_REVIEW, RETURN, SUPERIOR_CORRECTION, REVIEWER, 0),
	L(SUPERIOR_REVIEW, REJECT, REJECTED, REVIEWER, 0),
	L(SUPERIOR_REVIEW, WITHDRAW, WITHDRAWN, APPLICANT, 0),
	L(SUPERIOR_CORRECTION, CORRECT, SUPERIOR_REVIEW, APPLICANT, 0),
	L(SUPERIOR_CORRECTION, WITHDRAW, WITHDRAWN, APPLICANT, 0),

	/* on-site review: the team leader signs pass, fail or halt (veto item) */
	L(ONSITE, ONSITE_PASS, ONSITE_PASSED, TEAM_LEADER, 0),
	L(ONSITE, ONSITE_FAIL, REJECTED, TEAM_LEADER, 0),
	L(ONSITE, ONSITE_HALT, HALTED, TEAM_LEADER, 0),
	L(ONSITE, WITHDRAW, WITHDRAWN, APPLICANT, 0),
	/* after a halt, a new on-site review once the waiting period is over */
	L(HALTED, RESCHEDULE, ONSITE, REVIEWER, G(WAIT_ELAPSED)),
	L(HALTED, WITHDRAW, WITHDRAWN, APPLICANT, 0),

	/* publicity of units that passed: objections send the case back to review */
	L(ONSITE_PASSED, OPEN_PUBLICITY, PUBLICITY, REVIEWER, 0),
	L(ONSITE_PASSED, WITHDRAW, WITHDRAWN, APPLICANT, 0),
	L(PUBLICITY, UPHOLD_OBJECTION, SUPERIOR_REVIEW, REVIEWER, 0),
	/* closing: the period is over and every objection has a resolution */
	L(PUBLICITY, CLOSE_PUBLICITY, DECISION, REVIEWER,
	  G(PUBLICITY_OVER) | G(OBJECTIONS_RESOLVED)),
	L(PUBLICITY, WITHDRAW, WITHDRAWN, APPLICANT, 0),

	/* decision: approval needs every objection resolved; withdrawal is still
	 * possible until the outcome */
	L(DECISION, APPROVE, APPROVED, APPROVER, G(OBJECTIONS_RESOLVED)),
	L(DECISION, REJECT, REJECTED, APPROVER, 0),
	L(DECISION, WITHDRAW, WITHDRAWN, APPLICANT, 0),
};

#undef L
#undef B
#undef G

static const struct legal *expected(enum app_state s, enum app_event e)
{
	for (size_t i = 0; i < N_ELEMS(legal); i++)
		if (legal[i].from == s && legal[i].event == e)
			return &legal[i];
	return NULL;
}

/* Whether guard g holds on facts f, as workflow.h describes the facts. */
static int holds(enum app_guard g, const struct wf_facts *f)
{
	switch (g) {
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
	default:
		fail_msg("guard %d is not a refusing guard", (int)g);
	}
	return 0;
}

/* The first of guards (in enum order) that does not hold, GUARD_NONE when all do. */
static enum app_guard first_failing(unsigned guards, const struct wf_facts *f)
{
	for (int g = 1; g < GUARD_COUNT; g++)
		if ((guards & WF_GUARD(g)) && !holds((enum app_guard)g, f))
			return (enum app_guard)g;
	return GUARD_NONE;
}

/* Fact sets: each bit of k flips one fact away from "everything allows it". */
static struct wf_facts facts_of(unsigned k)
{
	struct wf_facts f;

	f.has_preliminary = !(k & 1u);
	f.supplement_used = (k & 2u) != 0;
	f.acceptance_overdue = !(k & 4u);
	f.supplement_overdue = !(k & 8u);
	f.wait_elapsed = !(k & 16u);
	f.publicity_over = !(k & 32u);
	f.objections_open = (k & 64u) ? 2 : 0;
	return f;
}

/* ---- every pair ---- */

static void test_every_pair(void **state)
{
	int legal_seen = 0, illegal_seen = 0, refused_seen = 0;

	(void)state;
	for (int s = 0; s < APP_STATE_COUNT; s++) {
		for (int e = 0; e < APP_EVENT_COUNT; e++) {
			const struct legal *want = expected((enum app_state)s, (enum app_event)e);

			for (unsigned k = 0; k < 128; k++) {
				struct wf_facts f = facts_of(k);
				const struct wf_transition *t = NULL;
				enum app_guard failing;
				struct bm_err err;
				int rc;

				bm_err_clear(&err);
				rc = workflow_next((enum app_state)s, (enum app_event)e, &f, &t,
						   &err);
				if (want == NULL) {
					if (rc != BM_ECONFLICT ||
					    strcmp(err.ecode, "illegal_transition") != 0 ||
					    strcmp(err.field, "state") != 0)
						fail_msg("%s in %s: rc %d (%s, %s), want "
							 "illegal_transition",
							 app_event_name((enum app_event)e),
							 app_state_name((enum app_state)s), rc,
							 err.ecode, err.field);
					/* the message names both */
					assert_non_null(strstr(err.message,
							       app_state_name((enum app_state)s)));
					assert_non_null(strstr(err.message,
							       app_event_name((enum app_event)e)));
					illegal_seen++;
					continue;
				}
				failing = first_failing(want->guards, &f);
				if (failing != GUARD_NONE) {
					if (rc != BM_ERULE ||
					    strcmp(err.ecode, "guard_failed") != 0 ||
					    strcmp(err.field, app_guard_name(failing)) != 0)
						fail_msg("%s in %s (facts %#x): rc %d (%s, %s), "
							 "want guard_failed %s",
							 app_event_name((enum app_event)e),
							 app_state_name((enum app_state)s), k, rc,
							 err.ecode, err.field,
							 app_guard_name(failing));
					refused_seen++;
					continue;
				}
				if (rc != 0 || t == NULL)
					fail_msg("%s in %s (facts %#x): rc %d (%s), want legal",
						 app_event_name((enum app_event)e),
						 app_state_name((enum app_state)s), k, rc,
						 err.message);
				assert_int_equal(t->from, s);
				assert_int_equal(t->event, e);
				assert_int_equal(t->to,
						 f.has_preliminary ? want->to_pre : want->to_nopre);
				assert_int_equal(t->actor, want->actor);
				legal_seen++;
			}
		}
	}
	assert_int_equal(legal_seen + illegal_seen + refused_seen,
			 APP_STATE_COUNT * APP_EVENT_COUNT * 128);
	assert_true(refused_seen > 0);
}

/* The table in the library has exactly the rows expected here, no more. */
static void test_table_rows(void **state)
{
	unsigned branches = 0;

	(void)state;
	for (unsigned i = 0; i < wf_table_len; i++) {
		const struct wf_transition *row = &wf_table[i];
		const struct legal *want = expected(row->from, row->event);

		if (want == NULL)
			fail_msg("table row %u (%s in %s) is not expected", i,
				 app_event_name(row->event), app_state_name(row->from));
		assert_false(app_state_final(row->from));
		assert_int_equal(row->actor, want->actor);
		if (row->guards & WF_GUARD(GUARD_HAS_PRELIMINARY))
			assert_int_equal(row->to, want->to_pre);
		else if (row->guards & WF_GUARD(GUARD_NO_PRELIMINARY))
			assert_int_equal(row->to, want->to_nopre);
		else
			assert_int_equal(row->to, want->to_pre);
		if (row->guards &
		    (WF_GUARD(GUARD_HAS_PRELIMINARY) | WF_GUARD(GUARD_NO_PRELIMINARY)))
			branches++;
		/* a row's refusing guards are the one expected (besides the branch) */
		assert_int_equal(row->guards & ~(WF_GUARD(GUARD_HAS_PRELIMINARY) |
						 WF_GUARD(GUARD_NO_PRELIMINARY)),
				 want->guards);
	}
	assert_int_equal(branches, 4);			    /* ACCEPT and DEEMED_ACCEPT, twice */
	assert_int_equal(wf_table_len, N_ELEMS(legal) + 2); /* the branch rows */
}

/* ---- the procedure, walked ---- */

static enum app_state step(enum app_state s, enum app_event e, const struct wf_facts *f)
{
	const struct wf_transition *t = NULL;
	struct bm_err err;

	bm_err_clear(&err);
	if (workflow_next(s, e, f, &t, &err) != 0)
		fail_msg("%s in %s: %s", app_event_name(e), app_state_name(s), err.message);
	return t->to;
}

/* Event e in state s is refused by the guard named guard: BM_ERULE "guard_failed"
 * naming it in the field and the message. */
static void refused(enum app_state s, enum app_event e, const struct wf_facts *f, const char *guard)
{
	const struct wf_transition *t = NULL;
	struct bm_err err;

	bm_err_clear(&err);
	if (workflow_next(s, e, f, &t, &err) != BM_ERULE ||
	    strcmp(err.ecode, "guard_failed") != 0 || strcmp(err.field, guard) != 0 ||
	    strstr(err.message, guard) == NULL)
		fail_msg("%s in %s: %d %s (%s) '%s', want guard_failed (%s)", app_event_name(e),
			 app_state_name(s), err.code, err.ecode, err.field, err.message, guard);
}

/* Event e in state s is not in the table at all: BM_ECONFLICT "illegal_transition"
 * (field "state"). */
static void illegal(enum app_state s, enum app_event e, const struct wf_facts *f)
{
	const struct wf_transition *t = NULL;
	struct bm_err err;

	bm_err_clear(&err);
	if (workflow_next(s, e, f, &t, &err) != BM_ECONFLICT ||
	    strcmp(err.ecode, "illegal_transition") != 0 || strcmp(err.field, "state") != 0)
		fail_msg("%s in %s: %d %s (%s), want illegal_transition (state)", app_event_name(e),
			 app_state_name(s), err.code, err.ecode, err.field);
}

static void test_procedure(void **state)
{
	struct wf_facts f;
	enum app_state s;

	(void)state;
	memset(&f, 0, sizeof(f));
	/* grade A integration: supplement once, preliminary review, halt, reschedule,
	 * objection upheld, approval */
	f.has_preliminary = 1;
	s = step(APP_DRAFT, EV_SUBMIT, &f);
	s = step(s, EV_REQUEST_SUPPLEMENT, &f);
	assert_int_equal(s, APP_SUPPLEMENT);
	s = step(s, EV_RESUBMIT, &f);
	assert_int_equal(s, APP_SUBMITTED);
	/* one supplement notice only */
	f.supplement_used = 1;
	refused(s, EV_REQUEST_SUPPLEMENT, &f, "supplement_unused");
	/* deemed acceptance only once the deadline has passed */
	refused(s, EV_DEEMED_ACCEPT, &f, "acceptance_overdue");
	f.acceptance_overdue = 1;
	assert_int_equal(step(s, EV_DEEMED_ACCEPT, &f), APP_PRELIMINARY_REVIEW);
	s = step(s, EV_ACCEPT, &f);
	assert_int_equal(s, APP_PRELIMINARY_REVIEW);
	s = step(s, EV_RETURN, &f);
	s = step(s, EV_CORRECT, &f);
	s = step(s, EV_FORWARD, &f);
	assert_int_equal(s, APP_SUPERIOR_REVIEW);
	s = step(s, EV_LIST_ONSITE, &f);
	s = step(s, EV_ONSITE_HALT, &f);
	assert_int_equal(s, APP_HALTED);
	refused(s, EV_RESCHEDULE, &f, "wait_elapsed");
	f.wait_elapsed = 1;
	s = step(s, EV_RESCHEDULE, &f);
	assert_int_equal(s, APP_ONSITE);
	s = step(s, EV_ONSITE_PASS, &f);
	s = step(s, EV_OPEN_PUBLICITY, &f);
	refused(s, EV_CLOSE_PUBLICITY, &f, "publicity_over");
	s = step(s, EV_UPHOLD_OBJECTION, &f);
	assert_int_equal(s, APP_SUPERIOR_REVIEW);
	s = step(s, EV_LIST_ONSITE, &f);
	s = step(s, EV_ONSITE_PASS, &f);
	s = step(s, EV_OPEN_PUBLICITY, &f);
	/* an open objection holds the publicity open, even after its period */
	f.publicity_over = 1;
	f.objections_open = 1;
	refused(s, EV_CLOSE_PUBLICITY, &f, "objections_resolved");
	/* both failing: the first in order is named */
	f.publicity_over = 0;
	refused(s, EV_CLOSE_PUBLICITY, &f, "publicity_over");
	f.publicity_over = 1;
	f.objections_open = 0;
	s = step(s, EV_CLOSE_PUBLICITY, &f);
	assert_int_equal(s, APP_DECISION);
	/* an objection raised late still stops the approval */
	f.objections_open = 1;
	refused(s, EV_APPROVE, &f, "objections_resolved");
	f.objections_open = 0;
	s = step(s, EV_APPROVE, &f);
	assert_int_equal(s, APP_APPROVED);
	assert_true(app_state_final(s));
	/* grade B: no preliminary review */
	memset(&f, 0, sizeof(f));
	s = step(step(APP_DRAFT, EV_SUBMIT, &f), EV_ACCEPT, &f);
	assert_int_equal(s, APP_SUPERIOR_REVIEW);
	illegal(s, EV_FORWARD, &f);
	/* the supplement window passes */
	s = step(step(APP_DRAFT, EV_SUBMIT, &f), EV_REQUEST_SUPPLEMENT, &f);
	refused(s, EV_ABANDON, &f, "supplement_overdue");
	f.supplement_overdue = 1;
	assert_int_equal(step(s, EV_ABANDON, &f), APP_ABANDONED);
}

/* Withdrawal from every state that is not final (before the decision's outcome),
 * never from a final one. */
static void test_withdraw(void **state)
{
	struct wf_facts f;

	(void)state;
	memset(&f, 0, sizeof(f));
	for (int s = 0; s < APP_STATE_COUNT; s++) {
		const struct wf_transition *t = NULL;
		struct bm_err err;
		int rc;

		bm_err_clear(&err);
		rc = workflow_next((enum app_state)s, EV_WITHDRAW, &f, &t, &err);
		if (app_state_final((enum app_state)s)) {
			assert_int_equal(rc, BM_ECONFLICT);
			assert_string_equal(err.ecode, "illegal_transition");
		} else {
			if (rc != 0)
				fail_msg("withdraw in %s: %s", app_state_name((enum app_state)s),
					 err.message);
			assert_int_equal(t->to, APP_WITHDRAWN);
			assert_int_equal(t->actor, ACTOR_APPLICANT);
		}
	}
}

/* ---- names ---- */

/* The names are typed again here, not taken from workflow.c, on purpose: they are the
 * strings stored in the database and sent in JSON, so changing one there must fail
 * this test. */
static void test_names(void **state)
{
	static const char *const states[] = {
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
	static const char *const events[] = {
		"submit",
		"withdraw",
		"accept",
		"deemed_accept",
		"request_supplement",
		"resubmit",
		"abandon",
		"refuse",
		"forward",
		"return",
		"correct",
		"list_onsite",
		"reject",
		"onsite_pass",
		"onsite_fail",
		"onsite_halt",
		"reschedule",
		"open_publicity",
		"uphold_objection",
		"close_publicity",
		"approve",
	};
	static const char *const actors[] = { "applicant", "reviewer", "team_leader", "approver",
					      "system" };
	static const char *const guards[] = { "none",
					      "has_preliminary",
					      "no_preliminary",
					      "supplement_unused",
					      "acceptance_overdue",
					      "supplement_overdue",
					      "wait_elapsed",
					      "publicity_over",
					      "objections_resolved",
					      "acceptance_in_time",
					      "supplement_in_time" };
	static const char *const bad[] = { "", "Draft", "draft ", "unknown", "approve_" };

	(void)state;
	assert_int_equal(N_ELEMS(states), APP_STATE_COUNT);
	/* every state reads as words in both languages, and no two read alike */
	for (int i = 0; i < APP_STATE_COUNT; i++)
		for (int zh = 0; zh < 2; zh++) {
			const char *l = app_state_label((enum app_state)i, zh);
			assert_true(l[0] != '\0' && strchr(l, '_') == NULL);
			for (int k = 0; k < i; k++)
				assert_string_not_equal(l, app_state_label((enum app_state)k, zh));
		}
	assert_string_equal(app_state_label(APP_SUPERIOR_REVIEW, 1), "书面审查");
	assert_string_equal(app_state_label(APP_STATE_COUNT, 0), "?");
	assert_int_equal(N_ELEMS(events), APP_EVENT_COUNT);
	assert_int_equal(N_ELEMS(guards), GUARD_COUNT);
	for (int i = 0; i < APP_STATE_COUNT; i++) {
		enum app_state s = APP_STATE_COUNT;
		assert_string_equal(app_state_name((enum app_state)i), states[i]);
		assert_int_equal(app_state_parse(states[i], &s), 0);
		assert_int_equal(s, i);
	}
	for (int i = 0; i < APP_EVENT_COUNT; i++) {
		enum app_event e = APP_EVENT_COUNT;
		assert_string_equal(app_event_name((enum app_event)i), events[i]);
		assert_int_equal(app_event_parse(events[i], &e), 0);
		assert_int_equal(e, i);
	}
	for (int i = 0; i < (int)N_ELEMS(actors); i++)
		assert_string_equal(app_actor_name((enum app_actor)i), actors[i]);
	for (int i = 0; i < GUARD_COUNT; i++)
		assert_string_equal(app_guard_name((enum app_guard)i), guards[i]);
	for (size_t i = 0; i < N_ELEMS(bad); i++) {
		enum app_state s = APP_DRAFT;
		enum app_event e = EV_SUBMIT;
		assert_int_equal(app_state_parse(bad[i], &s), BM_EINVAL);
		assert_int_equal(s, APP_DRAFT);
		assert_int_equal(app_event_parse(bad[i], &e), BM_EINVAL);
	}
	assert_string_equal(app_state_name(APP_STATE_COUNT), "unknown");
	assert_string_equal(app_event_name(APP_EVENT_COUNT), "unknown");
	assert_string_equal(app_actor_name((enum app_actor)5), "unknown");
	assert_string_equal(app_guard_name(GUARD_COUNT), "unknown");
}

static void test_final(void **state)
{
	(void)state;
	for (int s = 0; s < APP_STATE_COUNT; s++) {
		int want = s == APP_APPROVED || s == APP_REJECTED || s == APP_NOT_ACCEPTED ||
			   s == APP_WITHDRAWN || s == APP_ABANDONED;
		assert_int_equal(app_state_final((enum app_state)s), want);
		/* a final state has no way out; every other state has one */
		{
			int out = 0;
			for (unsigned i = 0; i < wf_table_len; i++)
				out += wf_table[i].from == (enum app_state)s;
			assert_int_equal(out == 0, want);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_pair), cmocka_unit_test(test_table_rows),
		cmocka_unit_test(test_procedure),  cmocka_unit_test(test_withdraw),
		cmocka_unit_test(test_names),	   cmocka_unit_test(test_final),
	};

	return cmocka_run_group_tests_name("workflow", tests, NULL, NULL);
}
