/*
 * password_policy.c - the password rule.
 */
#include <string.h>
#include <strings.h>

#include "base/str.h"
#include "core/password_policy.h"
#include "base/banned.h"

enum password_check password_policy_check(const char *password, const char *login)
{
	if (strlen(password) > PASSWORD_MAX_BYTES)
		return PW_TOO_LONG;
	if (!bm_text_ok(password, PASSWORD_MAX_BYTES, 0))
		return PW_BAD_TEXT;
	if (bm_utf8_len(password) < PASSWORD_MIN_CHARS)
		return PW_TOO_SHORT;
	if (login != NULL && strcasecmp(password, login) == 0)
		return PW_EQUALS_LOGIN;
	return PW_OK;
}

const char *password_policy_message(enum password_check c)
{
	switch (c) {
	case PW_OK:
		return "ok";
	case PW_TOO_SHORT:
		return "password must have at least 12 characters";
	case PW_TOO_LONG:
		return "password must have at most 256 bytes";
	case PW_BAD_TEXT:
		return "password must be valid UTF-8 without control characters";
	case PW_EQUALS_LOGIN:
		return "password must not equal the login";
	}
	return "invalid password";
}
