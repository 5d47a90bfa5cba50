/*
 * authz.c - role permission x jurisdiction x label.
 */
#include <stdio.h>
#include <string.h>

#include "sec/authz.h"
#include "base/banned.h"

static const struct {
	const char *name;
	unsigned roles; /* roles that may perform the action on a visible record */
} permissions[ACT_COUNT] = {
	[ACT_SELF] = { "self", ROLES_ALL },
	[ACT_USER_READ] = { "user.read", ROLE_BIT(ROLE_SYSTEM_ADMIN) |
						 ROLE_BIT(ROLE_SECURITY_ADMIN) |
						 ROLE_BIT(ROLE_SECURITY_AUDITOR) },
	[ACT_USER_CREATE] = { "user.create", ROLE_BIT(ROLE_SYSTEM_ADMIN) },
	[ACT_USER_UPDATE] = { "user.update", ROLE_BIT(ROLE_SYSTEM_ADMIN) },
	[ACT_USER_ASSIGN] = { "user.assign", ROLE_BIT(ROLE_SECURITY_ADMIN) },
	[ACT_AUDIT_READ] = { "audit.read", ROLE_BIT(ROLE_SECURITY_AUDITOR) },
	[ACT_AUTHORITY_READ] = { "authority.read", ROLES_ALL },
	[ACT_AUTHORITY_WRITE] = { "authority.write", ROLE_BIT(ROLE_SYSTEM_ADMIN) },
	[ACT_UNIT_READ] = { "unit.read", ROLES_ALL },
	[ACT_UNIT_CREATE] = { "unit.create", ROLE_BIT(ROLE_SYSTEM_ADMIN) },
	[ACT_UNIT_UPDATE] = { "unit.update",
			      ROLE_BIT(ROLE_SYSTEM_ADMIN) | ROLE_BIT(ROLE_UNIT_OFFICER) },
	[ACT_REGION_READ] = { "region.read", ROLES_ALL },
	[ACT_REGION_WRITE] = { "region.write", ROLE_BIT(ROLE_SYSTEM_ADMIN) },
	[ACT_LABEL_SET] = { "label.set", ROLE_BIT(ROLE_SECURITY_ADMIN) },
	[ACT_REFDATA_READ] = { "refdata.read", ROLES_ALL },
	[ACT_CALENDAR_WRITE] = { "calendar.write", ROLE_BIT(ROLE_SYSTEM_ADMIN) },
	[ACT_APP_READ] = { "application.read", ROLES_BUREAU | ROLES_UNIT },
	[ACT_APP_APPLY] = { "application.apply", ROLE_BIT(ROLE_UNIT_OFFICER) },
	[ACT_APP_REVIEW] = { "application.review", ROLE_BIT(ROLE_REVIEWER) },
	[ACT_APP_SCORE] = { "application.score", ROLE_BIT(ROLE_REVIEWER) | ROLE_BIT(ROLE_EXPERT) |
							 ROLE_BIT(ROLE_INSPECTOR) },
	[ACT_APP_DECIDE] = { "application.decide", ROLE_BIT(ROLE_APPROVER) },
	[ACT_ANNUAL_FILE] = { "annual.file", ROLE_BIT(ROLE_UNIT_OFFICER) },
	[ACT_ANNUAL_REVIEW] = { "annual.review", ROLE_BIT(ROLE_INSPECTOR) },
	[ACT_ANNUAL_CANCEL] = { "annual.cancel", ROLE_BIT(ROLE_APPROVER) },
	[ACT_FINDING_RESPOND] = { "finding.respond", ROLE_BIT(ROLE_UNIT_OFFICER) },
	[ACT_FINDING_VERIFY] = { "finding.verify", ROLE_BIT(ROLE_INSPECTOR) },
	[ACT_INSPECT] = { "inspection.conduct", ROLE_BIT(ROLE_INSPECTOR) },
	[ACT_SANCTION_DECIDE] = { "sanction.decide", ROLE_BIT(ROLE_APPROVER) },
	[ACT_LEAK_REPORT] = { "leak.report", ROLE_BIT(ROLE_UNIT_OFFICER) },
};

const char *action_name(enum action a)
{
	return (unsigned)a < ACT_COUNT ? permissions[a].name : "unknown";
}

/* Is a scoped record within the caller's jurisdiction? */
static int in_jurisdiction(const struct principal *p, const struct resource *r)
{
	if (r->user_id != 0 && r->user_id == p->user_id)
		return 1; /* one's own account */
	if (p->roles & ROLES_ADMIN)
		return 1; /* the three administrators act system-wide */
	switch (p->membership) {
	case MEMBER_AUTHORITY:
		return r->region != NULL && r->region[0] != '\0' &&
		       region_contains(p->region, r->region);
	case MEMBER_UNIT:
		return r->unit_id != 0 && r->unit_id == p->unit_id;
	case MEMBER_NONE:
		break;
	}
	return 0;
}

enum authz_result authz_check(const struct principal *p, enum action a, const struct resource *r)
{
	if (p == NULL || p->kind == AUTH_NONE || (unsigned)a >= ACT_COUNT)
		return AUTHZ_HIDDEN;
	if (p->kind == AUTH_OPERATOR)
		return AUTHZ_ALLOW;
	/* One's own account, sessions and tokens: nobody else's exist for ACT_SELF. */
	if (a == ACT_SELF)
		return r->user_id != 0 && r->user_id == p->user_id ? AUTHZ_ALLOW : AUTHZ_HIDDEN;
	if (r->label != NULL && !label_dominates(&p->clearance, r->label))
		return AUTHZ_HIDDEN;
	if (r->scoped && !in_jurisdiction(p, r))
		return AUTHZ_HIDDEN;
	/* A unit's unsubmitted work is the unit's alone, not yet the bureau's. */
	if (r->unit_private && !(p->membership == MEMBER_UNIT && p->unit_id == r->unit_id))
		return AUTHZ_HIDDEN;
	/* No administrator acts on their own account's roles, clearance or membership. */
	if (a == ACT_USER_ASSIGN && r->user_id != 0 && r->user_id == p->user_id)
		return AUTHZ_DENY;
	if ((p->roles & permissions[a].roles) == 0)
		return AUTHZ_DENY;
	/* A unit officer updates only their own unit (jurisdiction already checked
	 * that a unit member sees only their own unit). */
	return AUTHZ_ALLOW;
}

void principal_roles_text(const struct principal *p, char *out, size_t outsz)
{
	size_t off = 0;

	if (outsz == 0)
		return;
	out[0] = '\0';
	if (p->kind == AUTH_OPERATOR) {
		snprintf(out, outsz, "operator");
		return;
	}
	for (int i = 0; i < ROLE_COUNT; i++) {
		const char *n;
		size_t len;
		if (!(p->roles & ROLE_BIT(i)))
			continue;
		n = role_name((enum role)i);
		len = strlen(n);
		if (off + len + 2 > outsz)
			break;
		if (off > 0)
			out[off++] = ',';
		memcpy(out + off, n, len + 1);
		off += len;
	}
}
