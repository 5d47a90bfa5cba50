/*
 * certlife.h - the life of a certificate after issuance: its states, the one
 * transition table that moves it between them, and the date rules of validity,
 * renewal, reminders, suspension, the re-application bar and the annual
 * self-inspection. Pure: no I/O; the service fills the facts, records the result and
 * audits it. docs/certificates.md explains the rules and the choices made here.
 *
 * Every change of state is an event, with a reason where the event needs one, looked
 * up in the table {from, event, reasons, to, actor, guards}. As in workflow.h: an
 * event (with that reason) the table does not list for the current state is refused
 * with BM_ECONFLICT "illegal_transition" naming the state; a listed one whose guards
 * do not hold with BM_ERULE "guard_failed" naming the guard. The actor column says who
 * raises the event; the service checks role, jurisdiction and separation of duties.
 *
 * Dates are civil days (days since 1970-01-01, China Standard Time; base/timeutil.h).
 * Month arithmetic is bm_date_add_months: the same day n months later, or the last
 * day of the target month when that day does not exist ([law] Civil Code Art. 202: a
 * period in months ends on the corresponding day, or on the month's last day when
 * there is none).
 *
 * Sources [2nd] domain.md §2.1 and issue 4 §3-§4: valid 5 years; renewal filed at
 * least 3 months before expiry, window and reminders 6/3/1 months; rectify within 20
 * days, else suspension 6-12 months or revocation; revocation for altering, selling,
 * renting, lending, forging the certificate or no longer meeting conditions;
 * cancellation when expired without renewal, the legal person ended, the unit asks, or
 * the annual self-inspection is missing or failed ([law/2nd] Regulations Art. 48); no
 * qualification revoked in the last 3 years (Measures Art. 13).
 */
#ifndef BM_CERTLIFE_H
#define BM_CERTLIFE_H

#include <stdint.h>

#include "base/err.h"
#include "core/calendar.h"

enum certlife_state {
	CL_VALID,      /* issued and standing (it may not have begun yet: valid_from) */
	CL_SUSPENDED,  /* sanction: no new classified work until reinstated */
	CL_REVOKED,    /* 吊销: final; bars new applications for 3 years */
	CL_CANCELLED,  /* 注销: final */
	CL_EXPIRED,    /* the day after valid_until came; cancelled unless renewed */
	CL_SUPERSEDED, /* a new version was issued on a change of the unit's data: final */
	CL_STATE_COUNT
};

enum certlife_event {
	CLE_SUSPEND,   /* approver: a sanction decision, start and end 6-12 months apart */
	CLE_REINSTATE, /* approver: the suspension is served and the rectification verified */
	CLE_REVOKE,    /* approver, with a revocation reason */
	CLE_CANCEL,    /* approver (system for expiry and, unconfirmed, annual-exam reasons) */
	CLE_EXPIRE,    /* system: the day after valid_until */
	CLE_SUPERSEDE, /* approver: a new version on a change of name, address or legal rep. */
	CL_EVENT_COUNT
};

/* Why: one list for every event; certlife_reason_event() says whose reason it is. */
enum certlife_reason {
	CLR_NONE, /* reinstate and expire take no reason */
	/* suspend: issue 4 §5, an overdue or a rejected rectification [2nd] */
	CLR_RECTIFICATION_OVERDUE,
	CLR_RECTIFICATION_REJECTED,
	/* revoke [law/2nd] */
	CLR_ALTERED,
	CLR_SOLD,
	CLR_RENTED,
	CLR_LENT,
	CLR_FORGED,
	CLR_CONDITIONS_NOT_MET,
	CLR_SERIOUS_VIOLATION,
	/* cancel [law/2nd] */
	CLR_EXPIRED_WITHOUT_RENEWAL,
	CLR_LEGAL_PERSON_ENDED,
	CLR_UNIT_REQUEST,
	CLR_ANNUAL_EXAM_MISSING,
	CLR_ANNUAL_EXAM_FAILED,
	/* supersede: issue 4 §3 */
	CLR_NAME_CHANGED,
	CLR_ADDRESS_CHANGED,
	CLR_LEGAL_REPRESENTATIVE_CHANGED,
	/* supersede: a sanction decision, the grade lowered by one (issue 4 §5) */
	CLR_DOWNGRADED,
	/* supersede: a new grant of the scheme to the unit (a new application, for another
	 * grade or categories) replaces its standing certificate */
	CLR_REGRANTED,
	CL_REASON_COUNT
};

enum certlife_actor { CLA_APPROVER, CLA_INSPECTOR, CLA_UNIT_OFFICER, CLA_SYSTEM, CL_ACTOR_COUNT };

enum certlife_guard {
	CLG_NONE,
	CLG_CONFIRMATION_ON,	    /* annual-exam cancellations need an approver (default) */
	CLG_CONFIRMATION_OFF,	    /* ... or the scheduler cancels by itself */
	CLG_IN_VALIDITY,	    /* today <= valid_until */
	CLG_VALIDITY_OVER,	    /* today > valid_until */
	CLG_SUSPENSION_LENGTH,	    /* certlife_suspension_ok(start, end) */
	CLG_SUSPENSION_SERVED,	    /* today > the suspension's end */
	CLG_RECTIFICATION_VERIFIED, /* the inspector verified the rectification */
	CLG_REPORT_OVERDUE,	    /* an owed annual report is missing after its due day */
	CLG_REPORT_FAILED,	    /* the inspector's review of the annual report: fail */
	CLG_NO_RENEWAL,		    /* no renewal filed in time is pending or granted */
	CL_GUARD_COUNT
};

/* The names used in JSON and SQL, "unknown" for a value out of range; parsing gives 0,
 * or BM_EINVAL leaving *out alone. */
const char *certlife_state_name(enum certlife_state s);
const char *certlife_event_name(enum certlife_event e);
const char *certlife_reason_name(enum certlife_reason r);
const char *certlife_actor_name(enum certlife_actor a);
const char *certlife_guard_name(enum certlife_guard g);
int certlife_state_parse(const char *s, enum certlife_state *out);
int certlife_event_parse(const char *s, enum certlife_event *out);
int certlife_reason_parse(const char *s, enum certlife_reason *out);

/* The state as users read it, in Chinese (zh != 0) or English; "?" when unknown. */
const char *certlife_state_label(enum certlife_state s, int zh);
/* The reason likewise ("" for CLR_NONE). */
const char *certlife_reason_label(enum certlife_reason r, int zh);

/* The event a reason belongs to; CL_EVENT_COUNT for CLR_NONE and unknown values. */
enum certlife_event certlife_reason_event(enum certlife_reason r);

#define CL_STATE(s)  (1u << (s))
#define CL_GUARD(g)  (1u << (g))
#define CL_REASON(r) (1u << (r))

/* Facts the guards read; the service fills them from the certificate and its case. */
struct certlife_facts {
	int32_t today;
	int32_t valid_until;
	int32_t suspension_start, suspension_end; /* decided (suspend) or in force; 0 = none */
	int rectification_verified;
	int report_overdue;
	int report_failed;
	int renewal_open;	  /* a renewal filed in time is pending, or was granted */
	int confirm_cancellation; /* the configured approver confirmation is on */
};

struct certlife_transition {
	unsigned from; /* CL_STATE bits: the states the row leaves */
	enum certlife_event event;
	unsigned reasons; /* CL_REASON bits accepted; 0 = the event takes none */
	enum certlife_state to;
	enum certlife_actor actor;
	unsigned guards; /* CL_GUARD bits; all must hold (0 = always) */
};

/* The one table (certlife.c), printed in docs/certificates.md: certlife_table_len rows. */
extern const struct certlife_transition certlife_table[];
extern const unsigned certlife_table_len;

/* 1 for revoked, cancelled and superseded: nothing moves them. */
int certlife_state_final(enum certlife_state s);

/*
 * The transition for event, with reason, in state from, given facts. On success *t
 * points at the table row (whose from lists the state among others, maybe). BM_EINVAL
 * "invalid_reason" (field "reason") when reason is not one of event's reasons (CLR_NONE for
 * reinstate and expire, never CLR_NONE for the others); BM_ECONFLICT "illegal_transition" (field
 * "state", the message naming the state, event and reason) when no row lists the three; BM_ERULE
 * "guard_failed" when no listed row has all its guards holding (err->field names the first failing
 * guard in enum order; the confirmation guards only choose a row, they never refuse).
 */
int certlife_next(enum certlife_state from, enum certlife_event event, enum certlife_reason reason,
		  const struct certlife_facts *facts, const struct certlife_transition **t,
		  struct bm_err *err);

/* ---- date rules ---- */

#define CERTLIFE_RENEWAL_OPEN_MONTHS 6	 /* [2nd] issue 4 §3: the window opens */
#define CERTLIFE_RENEWAL_LEAD_MONTHS 3	 /* [2nd] domain.md §2.1: filed >= 3 months before */
#define CERTLIFE_SUSPEND_MIN_MONTHS  6	 /* [law/2nd] domain.md §2.1 */
#define CERTLIFE_SUSPEND_MAX_MONTHS  12	 /* [law/2nd] domain.md §2.1 */
#define CERTLIFE_BAR_YEARS	     3	 /* [2nd] Measures Art. 13 */
#define CERTLIFE_RECTIFY_DAYS	     20	 /* [law/2nd] domain.md §2.1, calendar days */
#define CERTLIFE_RECTIFY_MAX_DAYS    365 /* a configured period beyond this is an error */
#define CERTLIFE_REPORT_DUE_MONTH    3	 /* [law/2nd] Regulations Art. 48: by 31 March */
#define CERTLIFE_REPORT_DUE_DAY	     31
#define CERTLIFE_NREMINDERS	     3

/* The reminders before expiry, in months, latest last: 6, 3, 1 [2nd] issue 4 §3. */
extern const int certlife_reminder_months[CERTLIFE_NREMINDERS];

/*
 * The last day of a period of months (> 0) calendar months that begins on first and
 * counts it: the day before the same day months later; when that day does not exist
 * in the target month (a 29, 30 or 31), the period ends on that month's last day. So
 * 2024-03-15 + 6 ends 2024-09-14, 2024-08-31 + 6 ends 2025-02-28, and a period that
 * begins on 29 February ends, in whole years, on 28 February. The next period begins
 * the day after; no period is ever a day short of its months.
 */
int32_t certlife_period_last(int32_t first, int months);

/* valid_until of a certificate valid years (> 0, scheme validity_years: 5 [2nd]) from
 * valid_from: certlife_period_last(valid_from, 12 * years). */
int32_t certlife_valid_until(int32_t valid_from, int years);

/* The day the scheduler raises expire: the day after valid_until. */
int32_t certlife_expires_on(int32_t valid_until);

/*
 * "months before day": the last day F that still lies at least months (>= 0) before
 * day, i.e. the last F with bm_date_add_months(F, months) <= day. It is
 * bm_date_add_months(day, -months), except when day is the last day of its month:
 * then it is the last day of the month months earlier (2029-06-30 - 3 = 2029-03-31,
 * 2029-02-28 - 3 = 2028-11-30). Every day up to it is at least months before day;
 * every later day is less.
 */
int32_t certlife_months_before(int32_t day, int months);

/* The renewal window opens (first day a renewal may be filed) and closes (last day,
 * "exactly 3 months before" included) for a certificate valid until valid_until. */
int32_t certlife_renewal_opens(int32_t valid_until);
int32_t certlife_renewal_deadline(int32_t valid_until);

/*
 * May a renewal be filed on filed_on for a certificate in state s valid until
 * valid_until? 0 when renewal_opens <= filed_on <= renewal_deadline and s is valid or
 * suspended. BM_ECONFLICT "not_renewable" (field "state") in any other state;
 * BM_ERULE "renewal_not_open" (field "filed_on") before the window; BM_ERULE
 * "renewal_too_late" (field "filed_on") after it: a late filing is no renewal, the
 * unit files a new application [2nd] domain.md §2.1.
 */
int certlife_renewal_check(enum certlife_state s, int32_t valid_until, int32_t filed_on,
			   struct bm_err *err);

/* The validity of the certificate a granted renewal issues: it continues from the old
 * one, *from = old_valid_until + 1, *until = certlife_valid_until(*from, years). */
void certlife_renewed_validity(int32_t old_valid_until, int years, int32_t *from, int32_t *until);

/* The day the reminder months (6, 3 or 1) before expiry is due:
 * certlife_months_before(valid_until, months). The 6-month one falls on the day the
 * renewal window opens, the 3-month one on its last day. */
int32_t certlife_reminder_due(int32_t valid_until, int months);

/* 1 when a suspension from start to end (both counted) lasts 6 to 12 months:
 * certlife_period_last(start, 6) <= end <= certlife_period_last(start, 12). 0 when
 * start is 0 (none given). */
int certlife_suspension_ok(int32_t start, int32_t end);

/* The last day on which a revocation on revoked_on bars a new application:
 * certlife_period_last(revoked_on, 12 * years); the unit may apply from the day after.
 * The same day eligibility.c's "no revocation within the last 3 years" first passes. */
int32_t certlife_bar_until(int32_t revoked_on, int years);

/*
 * Does a certificate owe a self-inspection report for year? 1 when it stands (valid
 * or suspended) and [reports_from, valid_until] meets year on at least one day [2nd]
 * issue 4 §4. reports_from is the certificate's valid_from, or for one registered from
 * paper 1 January of its registration year (cert_rec.reports_from). Revoked, cancelled and
 * superseded certificates owe none (a new version or a renewal owes it); nor does an expired one
 * (renewed: the successor owes it; not renewed: it is cancelled).
 */
int certlife_report_owed(enum certlife_state s, int32_t reports_from, int32_t valid_until,
			 int year);

/*
 * The first working day on or after day: [law] Civil Code Art. 203, a period whose
 * last day is a statutory holiday ends on the next working day. Fails with
 * calendar_missing (BM_ERULE) when a day it has to look at lies in a year not loaded.
 */
int certlife_next_working(const struct calendar *c, int32_t day, int32_t *out, struct bm_err *err);

/*
 * The last day for the self-inspection report for year: month/day (configured per
 * scheme; 3/31 by default) of year + 1, moved to the next working day when it is not
 * one (certlife_next_working). BM_EINVAL "invalid_due_day" (field "report_due") for a
 * month/day that does not exist in every year (29 February included); calendar_missing
 * as above. The report is overdue from the day after *out.
 */
int certlife_report_due(const struct calendar *c, int year, unsigned month, unsigned day,
			int32_t *out, struct bm_err *err);

/*
 * The last day to rectify findings notified on notified_on: days (1..365; 20 by
 * default) calendar days later, the notice day not counted, moved to the next working
 * day when it is not one. BM_EINVAL "out_of_range" (field "days"); calendar_missing.
 */
int certlife_rectify_due(const struct calendar *c, int32_t notified_on, int days, int32_t *out,
			 struct bm_err *err);

#endif
