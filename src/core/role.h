/*
 * role.h - user roles and the rules on combining them.
 *
 * [law/2nd] Classified information systems separate three administrators (三员分立):
 * system administrator, security administrator and security auditor; no account holds
 * two of them. The system's own rules add: administrator roles are not combined with
 * a unit's roles; bureau roles need membership of an authority; unit roles need
 * membership of a unit.
 */
#ifndef BM_ROLE_H
#define BM_ROLE_H

enum role {
	ROLE_SYSTEM_ADMIN = 0,
	ROLE_SECURITY_ADMIN,
	ROLE_SECURITY_AUDITOR,
	ROLE_REVIEWER,
	ROLE_EXPERT,
	ROLE_APPROVER,
	ROLE_INSPECTOR,
	ROLE_UNIT_OFFICER,
	ROLE_UNIT_MEMBER,
};
#define ROLE_COUNT 9

#define ROLE_BIT(r) (1u << (r))
#define ROLES_ADMIN                                                                                \
	(ROLE_BIT(ROLE_SYSTEM_ADMIN) | ROLE_BIT(ROLE_SECURITY_ADMIN) |                             \
	 ROLE_BIT(ROLE_SECURITY_AUDITOR))
#define ROLES_BUREAU                                                                               \
	(ROLE_BIT(ROLE_REVIEWER) | ROLE_BIT(ROLE_EXPERT) | ROLE_BIT(ROLE_APPROVER) |               \
	 ROLE_BIT(ROLE_INSPECTOR))
#define ROLES_UNIT (ROLE_BIT(ROLE_UNIT_OFFICER) | ROLE_BIT(ROLE_UNIT_MEMBER))
#define ROLES_ALL  ((1u << ROLE_COUNT) - 1)

enum membership { MEMBER_NONE, MEMBER_AUTHORITY, MEMBER_UNIT };

const char *role_name(enum role r);
int role_parse(const char *s, enum role *out); /* 0 or BM_EINVAL */

enum role_check {
	ROLES_OK = 0,
	ROLES_TWO_ADMIN,	 /* two of the three administrator roles */
	ROLES_ADMIN_WITH_UNIT,	 /* an administrator role with a unit role */
	ROLES_BUREAU_NEEDS_AUTH, /* a bureau role without authority membership */
	ROLES_UNIT_NEEDS_UNIT,	 /* a unit role without unit membership */
};

/* Check a role set against a membership kind. */
enum role_check roles_check(unsigned mask, enum membership m);
/* Human explanation of a role_check result, English. */
const char *roles_check_message(enum role_check c);

#endif
