/*
 * certlife.c - the certificate lifecycle as one table, and its date rules. See
 * certlife.h and docs/certificates.md.
 */
#include <string.h>

#include "base/timeutil.h"
#include "core/certlife.h"
#include "base/banned.h"

static const char *const state_names[CL_STATE_COUNT] = {
	"valid", "suspended", "revoked", "cancelled", "expired", "superseded",
};

static const char *const state_labels[CL_STATE_COUNT][2] = {
	{ "Valid", "有效" },	     { "Suspended", "暂停" },
	{ "Revoked", "已吊销" },     { "Cancelled", "已注销" },
	{ "Expired", "有效期届满" }, { "Superseded by a new version", "已换发新证" },
};

/* The reasons as users read them: English, Chinese (the web UI's cert.reasons). */
static const char *const reason_labels[CL_REASON_COUNT][2] = {
	{ "", "" },
	{ "Rectification overdue", "逾期未整改" },
	{ "Rectification not accepted", "整改不合格" },
	{ "Certificate altered", "涂改证书" },
	{ "Certificate sold", "出卖证书" },
	{ "Certificate rented out", "出租证书" },
	{ "Certificate lent", "出借证书" },
	{ "Certificate forged", "伪造证书" },
	{ "Qualification conditions no longer met", "不再具备资质条件" },
	{ "Serious violation", "严重违法违规" },
	{ "Expired without renewal", "有效期届满未延续" },
	{ "The legal person has ended", "法人资格终止" },
	{ "At the unit's request", "单位申请" },
	{ "Annual self-inspection report not filed", "逾期未提交年度自检报告" },
	{ "Annual examination failed", "年度审查不合格" },
	{ "Name changed", "单位名称变更" },
	{ "Address changed", "注册地址变更" },
	{ "Legal representative changed", "法定代表人变更" },
	{ "Grade lowered", "降低等级" },
	{ "Replaced by a new grant", "已由新批准的资质证书替代" },
};

static const char *const event_names[CL_EVENT_COUNT] = {
	"suspend", "reinstate", "revoke", "cancel", "expire", "supersede",
};

static const char *const reason_names[CL_REASON_COUNT] = {
	"none",
	"rectification_overdue",
	"rectification_rejected",
	"altered",
	"sold",
	"rented",
	"lent",
	"forged",
	"conditions_not_met",
	"serious_violation",
	"expired_without_renewal",
	"legal_person_ended",
	"unit_request",
	"annual_exam_missing",
	"annual_exam_failed",
	"name_changed",
	"address_changed",
	"legal_representative_changed",
	"downgraded",
	"regranted",
};

static const char *const actor_names[CL_ACTOR_COUNT] = { "approver", "inspector", "unit_officer",
							 "system" };

static const char *const guard_names[CL_GUARD_COUNT] = {
	"none",		  "confirmation_on",   "confirmation_off",  "in_validity",
	"validity_over",  "suspension_length", "suspension_served", "rectification_verified",
	"report_overdue", "report_failed",     "no_renewal",
};

#define R(r)		CL_REASON(CLR_##r)
#define G(g)		CL_GUARD(CLG_##g)
#define SUSPEND_REASONS (R(RECTIFICATION_OVERDUE) | R(RECTIFICATION_REJECTED))
#define REVOKE_REASONS                                                                             \
	(R(ALTERED) | R(SOLD) | R(RENTED) | R(LENT) | R(FORGED) | R(CONDITIONS_NOT_MET) |          \
	 R(SERIOUS_VIOLATION))
#define CANCEL_REASONS                                                                             \
	(R(EXPIRED_WITHOUT_RENEWAL) | R(LEGAL_PERSON_ENDED) | R(UNIT_REQUEST) |                    \
	 R(ANNUAL_EXAM_MISSING) | R(ANNUAL_EXAM_FAILED))
#define CHANGE_REASONS                                                                             \
	(R(NAME_CHANGED) | R(ADDRESS_CHANGED) | R(LEGAL_REPRESENTATIVE_CHANGED) | R(DOWNGRADED) |  \
	 R(REGRANTED))

#define T(from, ev, reasons, to, actor, guards)                                                    \
	{                                                                                          \
		from, CLE_##ev, reasons, CL_##to, CLA_##actor, guards                              \
	}
/* from: the states a row leaves, as masks; to: the state it reaches */
#define VALID	  CL_STATE(CL_VALID)
#define SUSPENDED CL_STATE(CL_SUSPENDED)
#define EXPIRED	  CL_STATE(CL_EXPIRED)
#define STANDING  (VALID | SUSPENDED)
#define ON	  G(CONFIRMATION_ON)
#define OFF	  G(CONFIRMATION_OFF)

const struct certlife_transition certlife_table[] = {
	/* sanctions [law/2nd]: suspension 6-12 months after a failed rectification, or
	 * revocation */
	T(VALID, SUSPEND, SUSPEND_REASONS, SUSPENDED, APPROVER,
	  G(IN_VALIDITY) | G(SUSPENSION_LENGTH)),
	T(STANDING, REVOKE, REVOKE_REASONS, REVOKED, APPROVER, 0),
	/* reinstatement once the term is served and the rectification verified; a
	 * validity that ran out meanwhile expires instead */
	T(SUSPENDED, REINSTATE, 0, VALID, APPROVER,
	  G(IN_VALIDITY) | G(SUSPENSION_SERVED) | G(RECTIFICATION_VERIFIED)),

	/* cancellation [law/2nd]; a suspended unit cannot ask to leave its sanction */
	T(VALID, CANCEL, R(LEGAL_PERSON_ENDED) | R(UNIT_REQUEST), CANCELLED, APPROVER, 0),
	T(SUSPENDED, CANCEL, R(LEGAL_PERSON_ENDED), CANCELLED, APPROVER, 0),
	/* the annual self-inspection missing or failed [2nd] issue 4 §4: an approver
	 * confirms, or with the confirmation configured off the scheduler cancels */
	T(STANDING, CANCEL, R(ANNUAL_EXAM_MISSING), CANCELLED, APPROVER, ON | G(REPORT_OVERDUE)),
	T(STANDING, CANCEL, R(ANNUAL_EXAM_MISSING), CANCELLED, SYSTEM, OFF | G(REPORT_OVERDUE)),
	T(STANDING, CANCEL, R(ANNUAL_EXAM_FAILED), CANCELLED, APPROVER, ON | G(REPORT_FAILED)),
	T(STANDING, CANCEL, R(ANNUAL_EXAM_FAILED), CANCELLED, SYSTEM, OFF | G(REPORT_FAILED)),
	/* [law] Administrative Licensing Law Art. 70: expired and not renewed */
	T(EXPIRED, CANCEL, R(EXPIRED_WITHOUT_RENEWAL), CANCELLED, SYSTEM, G(NO_RENEWAL)),

	/* expiry: the scheduler, the day after valid_until */
	T(STANDING, EXPIRE, 0, EXPIRED, SYSTEM, G(VALIDITY_OVER)),

	/* a change of name, address or legal representative, or a downgrade: a new
	 * version */
	T(VALID, SUPERSEDE, CHANGE_REASONS, SUPERSEDED, APPROVER, G(IN_VALIDITY)),
};

#undef VALID
#undef SUSPENDED
#undef EXPIRED
#undef STANDING
#undef ON
#undef OFF
#undef T

const unsigned certlife_table_len = sizeof(certlife_table) / sizeof(certlife_table[0]);

const int certlife_reminder_months[CERTLIFE_NREMINDERS] = { 6, 3, 1 };

/* Index of s in names[0..n), or -1. */
static int lookup(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

/* NAME_FN defines TYPE_name() and PARSE_FN TYPE_parse() over an enum's names table:
 * certlife_{state,event,reason,actor,guard}_name and certlife_{state,event,reason}_parse
 * of certlife.h. */
#define NAME_FN(type, names, count)                                                                \
	const char *type##_name(enum type v)                                                       \
	{                                                                                          \
		return (unsigned)v < (count) ? names[v] : "unknown";                               \
	}
#define PARSE_FN(type, names, count)                                                               \
	int type##_parse(const char *s, enum type *out)                                            \
	{                                                                                          \
		int i = lookup(names, count, s);                                                   \
		if (i < 0)                                                                         \
			return BM_EINVAL;                                                          \
		*out = (enum type)i;                                                               \
		return 0;                                                                          \
	}

NAME_FN(certlife_state, state_names, CL_STATE_COUNT)
PARSE_FN(certlife_state, state_names, CL_STATE_COUNT)
NAME_FN(certlife_event, event_names, CL_EVENT_COUNT)
PARSE_FN(certlife_event, event_names, CL_EVENT_COUNT)
NAME_FN(certlife_reason, reason_names, CL_REASON_COUNT)
PARSE_FN(certlife_reason, reason_names, CL_REASON_COUNT)
NAME_FN(certlife_actor, actor_names, CL_ACTOR_COUNT)
NAME_FN(certlife_guard, guard_names, CL_GUARD_COUNT)

#undef NAME_FN
#undef PARSE_FN

const char *certlife_state_label(enum certlife_state s, int zh)
{
	return (unsigned)s < CL_STATE_COUNT ? state_labels[s][zh != 0] : "?";
}

const char *certlife_reason_label(enum certlife_reason r, int zh)
{
	return (unsigned)r < CL_REASON_COUNT ? reason_labels[r][zh != 0] : "?";
}

enum certlife_event certlife_reason_event(enum certlife_reason r)
{
	static const struct {
		unsigned reasons;
		enum certlife_event event;
	} owners[] = {
		{ SUSPEND_REASONS, CLE_SUSPEND },
		{ REVOKE_REASONS, CLE_REVOKE },
		{ CANCEL_REASONS, CLE_CANCEL },
		{ CHANGE_REASONS, CLE_SUPERSEDE },
	};

	if ((unsigned)r >= CL_REASON_COUNT)
		return CL_EVENT_COUNT;
	for (size_t i = 0; i < sizeof(owners) / sizeof(owners[0]); i++)
		if (owners[i].reasons & CL_REASON(r))
			return owners[i].event;
	return CL_EVENT_COUNT;
}

#undef R
#undef G
#undef SUSPEND_REASONS
#undef REVOKE_REASONS
#undef CANCEL_REASONS
#undef CHANGE_REASONS

int certlife_state_final(enum certlife_state s)
{
	return s == CL_REVOKED || s == CL_CANCELLED || s == CL_SUPERSEDED;
}

/* The guards that hold on f, as CL_GUARD bits. */
static unsigned guards_holding(const struct certlife_facts *f)
{
	unsigned h = CL_GUARD(CLG_NONE);

	h |= CL_GUARD(f->confirm_cancellation ? CLG_CONFIRMATION_ON : CLG_CONFIRMATION_OFF);
	h |= CL_GUARD(f->today <= f->valid_until ? CLG_IN_VALIDITY : CLG_VALIDITY_OVER);
	if (certlife_suspension_ok(f->suspension_start, f->suspension_end))
		h |= CL_GUARD(CLG_SUSPENSION_LENGTH);
	if (f->suspension_end != 0 && f->today > f->suspension_end)
		h |= CL_GUARD(CLG_SUSPENSION_SERVED);
	if (f->rectification_verified)
		h |= CL_GUARD(CLG_RECTIFICATION_VERIFIED);
	if (f->report_overdue)
		h |= CL_GUARD(CLG_REPORT_OVERDUE);
	if (f->report_failed)
		h |= CL_GUARD(CLG_REPORT_FAILED);
	if (!f->renewal_open)
		h |= CL_GUARD(CLG_NO_RENEWAL);
	return h;
}

/* Whether row lists event with reason from state from. */
static int row_lists(const struct certlife_transition *row, enum certlife_state from,
		     enum certlife_event event, enum certlife_reason reason)
{
	if ((unsigned)from >= CL_STATE_COUNT || !(row->from & CL_STATE(from)) ||
	    row->event != event)
		return 0;
	return reason == CLR_NONE ? row->reasons == 0 : (row->reasons & CL_REASON(reason)) != 0;
}

int certlife_next(enum certlife_state from, enum certlife_event event, enum certlife_reason reason,
		  const struct certlife_facts *facts, const struct certlife_transition **t,
		  struct bm_err *err)
{
	/* the confirmation guards only choose a row: failing one is no refusal */
	const unsigned branches = CL_GUARD(CLG_CONFIRMATION_ON) | CL_GUARD(CLG_CONFIRMATION_OFF);
	const unsigned holding = guards_holding(facts);
	unsigned refusing = 0;
	int listed = 0, g;

	if ((unsigned)reason >= CL_REASON_COUNT ||
	    (reason == CLR_NONE ? event != CLE_REINSTATE && event != CLE_EXPIRE
				: certlife_reason_event(reason) != event))
		return bm_err_set(err, BM_EINVAL, "invalid_reason", "reason",
				  "%s is not a reason to %s a certificate",
				  certlife_reason_name(reason), certlife_event_name(event));
	for (unsigned i = 0; i < certlife_table_len; i++) {
		unsigned failed;

		if (!row_lists(&certlife_table[i], from, event, reason))
			continue;
		listed = 1;
		failed = certlife_table[i].guards & ~holding;
		if (failed == 0) {
			*t = &certlife_table[i];
			return 0;
		}
		if (refusing == 0)
			refusing = failed & ~branches;
	}
	if (!listed)
		return bm_err_set(err, BM_ECONFLICT, "illegal_transition", "state",
				  "cannot %s (%s) a certificate in state %s",
				  certlife_event_name(event), certlife_reason_name(reason),
				  certlife_state_name(from));
	for (g = 1; g < CL_GUARD_COUNT && !(refusing & CL_GUARD(g)); g++)
		;
	return bm_err_set(err, BM_ERULE, "guard_failed",
			  certlife_guard_name((enum certlife_guard)g),
			  "cannot %s (%s) a certificate in state %s: %s does not hold",
			  certlife_event_name(event), certlife_reason_name(reason),
			  certlife_state_name(from), certlife_guard_name((enum certlife_guard)g));
}

/* ---- date rules ---- */

static unsigned day_of_month(int32_t day)
{
	int y;
	unsigned m, d;

	bm_civil_from_days(day, &y, &m, &d);
	return d;
}

int32_t certlife_period_last(int32_t first, int months)
{
	int32_t same = bm_date_add_months(first, months);

	/* clamped to a shorter month: that month's last day ends the period */
	return day_of_month(same) == day_of_month(first) ? same - 1 : same;
}

int32_t certlife_valid_until(int32_t valid_from, int years)
{
	return certlife_period_last(valid_from, 12 * years);
}

int32_t certlife_expires_on(int32_t valid_until)
{
	return valid_until + 1;
}

int32_t certlife_months_before(int32_t day, int months)
{
	/* the day after a month's last day is the 1st */
	if (day_of_month(day + 1) == 1)
		return bm_date_add_months(day + 1, -months) - 1;
	return bm_date_add_months(day, -months);
}

int32_t certlife_renewal_opens(int32_t valid_until)
{
	return certlife_months_before(valid_until, CERTLIFE_RENEWAL_OPEN_MONTHS);
}

int32_t certlife_renewal_deadline(int32_t valid_until)
{
	return certlife_months_before(valid_until, CERTLIFE_RENEWAL_LEAD_MONTHS);
}

int certlife_renewal_check(enum certlife_state s, int32_t valid_until, int32_t filed_on,
			   struct bm_err *err)
{
	char date[BM_DATE_LEN];

	if (s != CL_VALID && s != CL_SUSPENDED)
		return bm_err_set(err, BM_ECONFLICT, "not_renewable", "state",
				  "a certificate in state %s cannot be renewed",
				  certlife_state_name(s));
	if (filed_on < certlife_renewal_opens(valid_until)) {
		bm_date_format(certlife_renewal_opens(valid_until), date);
		return bm_err_set(err, BM_ERULE, "renewal_not_open", "filed_on",
				  "the renewal window opens on %s, %d months before expiry", date,
				  CERTLIFE_RENEWAL_OPEN_MONTHS);
	}
	if (filed_on > certlife_renewal_deadline(valid_until)) {
		bm_date_format(certlife_renewal_deadline(valid_until), date);
		return bm_err_set(err, BM_ERULE, "renewal_too_late", "filed_on",
				  "a renewal had to be filed by %s, %d months before expiry; "
				  "file a new application instead",
				  date, CERTLIFE_RENEWAL_LEAD_MONTHS);
	}
	return 0;
}

void certlife_renewed_validity(int32_t old_valid_until, int years, int32_t *from, int32_t *until)
{
	*from = old_valid_until + 1;
	*until = certlife_valid_until(*from, years);
}

int32_t certlife_reminder_due(int32_t valid_until, int months)
{
	return certlife_months_before(valid_until, months);
}

int certlife_suspension_ok(int32_t start, int32_t end)
{
	return start != 0 && certlife_period_last(start, CERTLIFE_SUSPEND_MIN_MONTHS) <= end &&
	       end <= certlife_period_last(start, CERTLIFE_SUSPEND_MAX_MONTHS);
}

int32_t certlife_bar_until(int32_t revoked_on, int years)
{
	return certlife_period_last(revoked_on, 12 * years);
}

int certlife_report_owed(enum certlife_state s, int32_t reports_from, int32_t valid_until, int year)
{
	return (s == CL_VALID || s == CL_SUSPENDED) &&
	       reports_from <= bm_days_from_civil(year, 12, 31) &&
	       valid_until >= bm_days_from_civil(year, 1, 1);
}

int certlife_next_working(const struct calendar *c, int32_t day, int32_t *out, struct bm_err *err)
{
	/* the first working day after the day before: day itself when it works */
	return calendar_add(c, day - 1, 1, out, err);
}

int certlife_report_due(const struct calendar *c, int year, unsigned month, unsigned day,
			int32_t *out, struct bm_err *err)
{
	/* 2001 is a common year: a day it lacks (29 February) is missing in most years */
	if (month < 1 || month > 12 || day < 1 || day > bm_days_in_month(2001, month))
		return bm_err_set(err, BM_EINVAL, "invalid_due_day", "report_due",
				  "the report's due day must be a month and day found in every "
				  "year, not %u-%u",
				  month, day);
	return certlife_next_working(c, bm_days_from_civil(year + 1, month, day), out, err);
}

int certlife_rectify_due(const struct calendar *c, int32_t notified_on, int days, int32_t *out,
			 struct bm_err *err)
{
	if (days < 1 || days > CERTLIFE_RECTIFY_MAX_DAYS)
		return bm_err_set(err, BM_EINVAL, "out_of_range", "days",
				  "a rectification period is 1 to %d days",
				  CERTLIFE_RECTIFY_MAX_DAYS);
	return certlife_next_working(c, notified_on + days, out, err);
}
