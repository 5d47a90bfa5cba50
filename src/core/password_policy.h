/*
 * password_policy.h - what a new password must satisfy.
 *
 * The system's rule: at least 12 characters (code points), at most 256 bytes, valid
 * UTF-8 without control characters, and not equal to the login (ignoring ASCII case).
 */
#ifndef BM_PASSWORD_POLICY_H
#define BM_PASSWORD_POLICY_H

#define PASSWORD_MIN_CHARS 12
#define PASSWORD_MAX_BYTES 256

enum password_check { PW_OK = 0, PW_TOO_SHORT, PW_TOO_LONG, PW_BAD_TEXT, PW_EQUALS_LOGIN };

enum password_check password_policy_check(const char *password, const char *login);
const char *password_policy_message(enum password_check c);

#endif
