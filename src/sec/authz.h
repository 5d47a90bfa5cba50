/*
 * authz.h - the one function that decides every access.
 *
 * A decision is role permission x jurisdiction x label:
 *  - label: the caller's clearance dominates the record's label (level at least the
 *    record's, all of its compartments held);
 *  - jurisdiction: an authority's staff see records in the authority's region and
 *    below; a unit's users see only their own unit's records; the three
 *    administrator roles act system-wide;
 *  - permission: one of the caller's roles grants the action.
 * A record that fails the label or jurisdiction test is hidden (the caller gets 404,
 * so its existence is not revealed); a visible record whose action is not permitted
 * is forbidden (403).
 */
#ifndef BM_AUTHZ_H
#define BM_AUTHZ_H

#include <stdint.h>

#include "core/label.h"
#include "core/region.h"
#include "core/role.h"
#include "store/model.h"

enum auth_kind { AUTH_NONE, AUTH_SESSION, AUTH_TOKEN, AUTH_OPERATOR };

/* Who is acting. AUTH_OPERATOR is the local operator at the command line, who holds
 * the data directory and its keys and is therefore trusted with every action; the
 * service's rules on the data still apply. */
struct principal {
	enum auth_kind kind;
	int64_t user_id;
	char login[LOGIN_MAX + 1];
	unsigned roles;
	enum membership membership;
	int64_t authority_id;
	int64_t unit_id;
	char region[REGION_LEN]; /* region of the authority or unit; "" when none */
	struct label clearance;
	int must_change_password;
	int64_t token_id; /* for AUTH_TOKEN */
};

enum action {
	ACT_SELF, /* own account: profile, password, sessions, tokens */
	ACT_USER_READ,
	ACT_USER_CREATE,
	ACT_USER_UPDATE, /* display name, disable, password reset */
	ACT_USER_ASSIGN, /* roles, clearance, membership */
	ACT_AUDIT_READ,
	ACT_AUTHORITY_READ,
	ACT_AUTHORITY_WRITE,
	ACT_UNIT_READ,
	ACT_UNIT_CREATE,
	ACT_UNIT_UPDATE,
	ACT_REGION_READ,
	ACT_REGION_WRITE,
	ACT_LABEL_SET, /* set the security label of a record */
	ACT_REFDATA_READ,
	ACT_CALENDAR_WRITE,
	ACT_APP_READ,	/* see a qualification application */
	ACT_APP_APPLY,	/* prepare, submit, supplement, correct, withdraw (the unit) */
	ACT_APP_REVIEW, /* acceptance, written review, on-site planning, publicity */
	ACT_APP_SCORE,	/* sit on an on-site team and score */
	ACT_APP_DECIDE, /* decide, and approve extensions */
	/* the annual self-inspection (service/annual.h): the unit drafts, attaches and
	 * submits; an inspector reviews; an approver confirms or declines a cancellation */
	ACT_ANNUAL_FILE,
	ACT_ANNUAL_REVIEW,
	ACT_ANNUAL_CANCEL,
	/* findings (service/findings.h): the unit responds, an inspector verifies */
	ACT_FINDING_RESPOND,
	ACT_FINDING_VERIFY,
	/* bureau inspections (service/inspections.h): an inspector plans, conducts and
	 * concludes them and proposes sanctions; an approver decides a sanction; the unit
	 * reports a leak */
	ACT_INSPECT,
	ACT_SANCTION_DECIDE,
	ACT_LEAK_REPORT,
	ACT_COUNT
};

/* What is being acted on. */
struct resource {
	const char *type;	   /* "user", "unit", ... (for the audit trail) */
	int64_t id;		   /* 0 for a collection or a record not yet created */
	int scoped;		   /* 1 when region/unit_id place the record in a jurisdiction */
	const char *region;	   /* the record's region (when scoped) */
	int64_t unit_id;	   /* the owning unit, 0 when none */
	int unit_private;	   /* 1: only the owning unit's members see it (a draft) */
	int64_t user_id;	   /* the user the record is, or belongs to; 0 when none */
	const struct label *label; /* NULL = public */
};

enum authz_result { AUTHZ_ALLOW = 0, AUTHZ_HIDDEN, AUTHZ_DENY };

enum authz_result authz_check(const struct principal *p, enum action a, const struct resource *r);

const char *action_name(enum action a);

/* The caller's roles as "a,b,c" into out. */
void principal_roles_text(const struct principal *p, char *out, size_t outsz);

#endif
