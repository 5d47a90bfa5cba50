/*
 * model.h - the records the repositories read and write.
 *
 * Fixed-size text fields hold the longest value the service accepts (lengths are
 * validated in code points at the API; a CJK character takes three bytes here), so
 * records can live on the stack and in arrays without ownership questions.
 */
#ifndef BM_MODEL_H
#define BM_MODEL_H

#include <stdint.h>

#include "core/label.h"
#include "core/region.h"

#define LOGIN_MAX      64 /* [a-z0-9._-], 3..64 */
#define NAME_CHARS_MAX 64 /* display names, in code points */
#define NAME_BYTES     (NAME_CHARS_MAX * 4 + 1)
#define LONGNAME_CHARS 128 /* unit and authority names */
#define LONGNAME_BYTES (LONGNAME_CHARS * 4 + 1)
#define ADDRESS_CHARS  256
#define ADDRESS_BYTES  (ADDRESS_CHARS * 4 + 1)
#define PHONE_MAX      32
#define PWHASH_MAX     128

struct region_rec {
	char code[REGION_LEN];
	char name_zh[LONGNAME_BYTES];
	char name_en[LONGNAME_BYTES];
	char parent[REGION_LEN]; /* "" for the national code */
};

struct authority {
	int64_t id;
	char name_zh[LONGNAME_BYTES];
	char name_en[LONGNAME_BYTES];
	char level[16]; /* national | provincial | municipal */
	char region[REGION_LEN];
	int64_t parent_id; /* 0 for the national bureau */
	int64_t created_at, updated_at, version;
};

struct unit {
	int64_t id;
	char name[LONGNAME_BYTES];
	char uscc[19];
	char region[REGION_LEN];
	char address[ADDRESS_BYTES];
	char legal_representative[NAME_BYTES];
	char registered_on[11]; /* "" when unknown */
	char phone[PHONE_MAX + 1];
	struct label label;
	int64_t created_at, updated_at, version;
};

struct user {
	int64_t id;
	char login[LOGIN_MAX + 1];
	char display_name[NAME_BYTES];
	char pw_hash[PWHASH_MAX];
	int64_t authority_id; /* 0 = none */
	int64_t unit_id;      /* 0 = none */
	struct label clearance;
	unsigned roles; /* ROLE_BIT mask */
	int disabled;
	int must_change_password;
	int failed_count;
	int64_t failed_since, locked_until;
	int64_t password_changed_at, created_at, updated_at, version;
	char region[REGION_LEN];	  /* read-only: the membership's region, "" for none */
	char member_name[LONGNAME_BYTES]; /* read-only: the authority's or unit's name */
};

struct session_rec {
	unsigned char token_hash[32];
	int64_t user_id;
	int64_t created_at, last_seen_at;
};

struct api_token {
	int64_t id, user_id;
	char name[NAME_BYTES];
	char hint[16]; /* the token's first characters, for recognising it */
	int64_t created_at, expires_at, revoked_at, last_used_at; /* 0 = never */
};

/* A visitor over listed records: return 0 to go on, 1 to stop, <0 to fail. */
typedef int (*visit_fn)(void *ctx, const void *rec);

#endif
