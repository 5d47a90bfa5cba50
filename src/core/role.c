/*
 * role.c - role names and the combination rules (三员分立 and membership).
 */
#include <string.h>

#include "base/err.h"
#include "core/role.h"
#include "base/banned.h"

static const char *const role_names[ROLE_COUNT] = {
	"system_admin", "security_admin", "security_auditor", "reviewer",    "expert",
	"approver",	"inspector",	  "unit_officer",     "unit_member",
};

const char *role_name(enum role r)
{
	return (unsigned)r < ROLE_COUNT ? role_names[r] : "unknown";
}

int role_parse(const char *s, enum role *out)
{
	for (int i = 0; i < ROLE_COUNT; i++) {
		if (s != NULL && strcmp(s, role_names[i]) == 0) {
			*out = (enum role)i;
			return 0;
		}
	}
	return BM_EINVAL;
}

enum role_check roles_check(unsigned mask, enum membership m)
{
	unsigned admin = mask & ROLES_ADMIN;

	if (admin & (admin - 1))
		return ROLES_TWO_ADMIN;
	if (admin != 0 && (mask & ROLES_UNIT) != 0)
		return ROLES_ADMIN_WITH_UNIT;
	if ((mask & ROLES_BUREAU) != 0 && m != MEMBER_AUTHORITY)
		return ROLES_BUREAU_NEEDS_AUTH;
	if ((mask & ROLES_UNIT) != 0 && m != MEMBER_UNIT)
		return ROLES_UNIT_NEEDS_UNIT;
	return ROLES_OK;
}

const char *roles_check_message(enum role_check c)
{
	switch (c) {
	case ROLES_OK:
		return "ok";
	case ROLES_TWO_ADMIN:
		return "system_admin, security_admin and security_auditor are mutually exclusive";
	case ROLES_ADMIN_WITH_UNIT:
		return "an administrator role cannot be combined with a unit role";
	case ROLES_BUREAU_NEEDS_AUTH:
		return "bureau roles require membership of an authority";
	case ROLES_UNIT_NEEDS_UNIT:
		return "unit roles require membership of a unit";
	}
	return "invalid role set";
}
