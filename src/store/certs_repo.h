/*
 * certs_repo.h - SQL for certificates, their two-person issuance, the authorities'
 * signing keys, the per-scheme number counters and the latest signed status list.
 * Civil dates are TEXT 'YYYY-MM-DD' in SQL and day numbers (0 = none) in C.
 */
#ifndef BM_CERTS_REPO_H
#define BM_CERTS_REPO_H

#include <sodium.h>
#include <stdint.h>

#include "base/err.h"
#include "core/certfmt.h"
#include "core/certlife.h"
#include "sec/statuslist.h"
#include "store/model.h"

struct db;

#define CERT_CATS_TEXT_MAX 512
/* nonce || crypto_secretbox(64-byte secret key) */
#define CERT_WRAPPED_LEN                                                                           \
	(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + crypto_sign_SECRETKEYBYTES)

struct cert_rec {
	int64_t id;
	char number[CERT_NUMBER_MAX + 1];
	int64_t application_id, predecessor_id, unit_id; /* 0 = none (application: paper) */
	char unit_name[CERT_UNIT_NAME_MAX + 1];
	char uscc[USCC_LEN + 1];
	char region[REGION_LEN];
	char scheme_id[CERT_SCHEME_MAX + 1];
	int scheme_version;
	char grade[CERT_GRADE_MAX + 1];
	char categories[CERT_CATS_TEXT_MAX];	 /* canonical comma list */
	int32_t issued, valid_from, valid_until; /* issued: the day it was signed here */
	int32_t paper_issued; /* the paper certificate's issue date; 0 = issued here */
	int32_t reports_from; /* the annual self-inspection reaches from here (0010_...sql) */
	int64_t authority_id;
	char authority_name[CERT_AUTHORITY_NAME_MAX + 1];
	uint32_t status_index;
	char kid[CERT_KID_HEX];
	char payload[CERT_TEXT_MAX + 1];
	enum certlife_state state;
	int32_t state_since, suspension_start, suspension_end; /* 0 = none */
	int64_t decided_by, confirmed_by;		       /* 0 = the operator */
	int64_t created_at, updated_at, version;
};

struct cert_filter {
	int64_t unit_id;	   /* 0 = any */
	const char *region_prefix; /* or NULL */
	const char *scheme_id;	   /* or NULL */
	const char *grade;	   /* or NULL */
	const char *state;	   /* or NULL */
	const char *q;		   /* or NULL: unit name contains, or USCC / number equals */
	int64_t application_id;	   /* 0 = any */
	int64_t after_id;
};

/* Insert c (id and version set on success); BM_ECONFLICT for a number or status
 * index already taken. */
int certs_repo_insert(struct db *db, struct cert_rec *c, struct bm_err *err);
int certs_repo_get(struct db *db, int64_t id, struct cert_rec *c, struct bm_err *err);
int certs_repo_get_by_number(struct db *db, const char *number, struct cert_rec *c,
			     struct bm_err *err);
/* Visit matching certificates in id order (fn gets const struct cert_rec *). */
int certs_repo_list(struct db *db, const struct cert_filter *f, visit_fn fn, void *ctx,
		    struct bm_err *err);
/* The next free status index: one past the highest given, 0 for the first. */
int certs_repo_next_index(struct db *db, int64_t *idx, struct bm_err *err);
/* Visit (status_index, state) of every certificate: fn gets const struct
 * cert_status_row *. */
struct cert_status_row {
	uint32_t index;
	enum certlife_state state;
};
int certs_repo_statuses(struct db *db, visit_fn fn, void *ctx, struct bm_err *err);
/* *taken: 1 when number is a certificate's or a pending paper registration's. */
int certs_repo_number_taken(struct db *db, const char *number, int *taken, struct bm_err *err);
/* Take the next sequence number of scheme_id in year (1 for the first). */
int certs_repo_next_seq(struct db *db, const char *scheme_id, int year, int64_t *seq,
			struct bm_err *err);

/* ---- life after issuance (certlife_svc.c) ---- */

/* Write c's state, state_since and suspension as they are in c, updated_at = at,
 * version + 1 (c->version updated), when the stored version is still c->version;
 * BM_ESTALE "stale" otherwise. */
int certs_repo_move(struct db *db, struct cert_rec *c, int64_t at, struct bm_err *err);
/* *open = 1 when an application with renewal_of = id is filed and pending (neither a
 * draft nor ended) or approved. */
int certs_repo_renewal_open(struct db *db, int64_t id, int *open, struct bm_err *err);
/* *next = the newest certificate whose predecessor is id (a new version), 0 when none. */
int certs_repo_successor(struct db *db, int64_t id, int64_t *next, struct bm_err *err);
/* The ids (fn gets const int64_t *) of certificates in state whose valid_until is
 * before day (day 0: any), in id order. */
int certs_repo_ids_in_state(struct db *db, enum certlife_state state, int32_t before, visit_fn fn,
			    void *ctx, struct bm_err *err);
/* Record the renewal reminder months (6, 3, 1) for certificate id as sent on day;
 * *fresh = 1 when neither it nor a later one (fewer months) had been recorded before
 * (send it), 0 otherwise. */
int certs_repo_reminder_mark(struct db *db, int64_t id, int months, int32_t day, int *fresh,
			     struct bm_err *err);
/* Set the predecessor of certificate id. */
int certs_repo_set_predecessor(struct db *db, int64_t id, int64_t predecessor_id,
			       struct bm_err *err);

/* One history row (cert_events). */
struct cert_event_rec {
	int64_t id, certificate_id;
	char event[24];	       /* certlife_event_name, or "request_cancel" / "issue" */
	char reason[40];       /* certlife_reason_name, "" when none */
	char from[16], to[16]; /* certlife_state_name; "" for issue */
	int64_t by_user;       /* 0 = the system or the operator */
	char by_login[64];
	int64_t at;	    /* ms UTC */
	int32_t day;	    /* the business day it happened on */
	int32_t start, end; /* suspension, 0 = none */
	char note[1024];
};
/* Append e to the history (e->id set). */
int cert_events_repo_add(struct db *db, struct cert_event_rec *e, struct bm_err *err);
/* Visit the history of certificate id, oldest first (fn gets const struct
 * cert_event_rec *). */
int cert_events_repo_list(struct db *db, int64_t id, visit_fn fn, void *ctx, struct bm_err *err);

/* ---- the two-person issuance ---- */

struct issuance_rec {
	int64_t id, application_id, authority_id, decided_by, decided_at;
	char state[12];					    /* pending | confirmed */
	int64_t confirmed_by, confirmed_at, certificate_id; /* 0 = none */
};
int issuances_repo_insert(struct db *db, struct issuance_rec *r, struct bm_err *err);
/* The issuance of an application; BM_ENOTFOUND when there is none. */
int issuances_repo_get_by_app(struct db *db, int64_t application_id, struct issuance_rec *r,
			      struct bm_err *err);
/* pending -> confirmed; BM_ECONFLICT "already_issued" when it is not pending any more. */
int issuances_repo_confirm(struct db *db, int64_t id, int64_t confirmed_by, int64_t at,
			   int64_t certificate_id, struct bm_err *err);

/* ---- signing keys ---- */

struct signing_key_rec {
	int64_t id, authority_id;
	unsigned char kid[CERT_KID_BYTES];
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char wrapped[CERT_WRAPPED_LEN];
	int32_t valid_from, valid_until;
	unsigned uses; /* CERT_USE_* */
	int64_t created_at;
};
int keys_repo_insert(struct db *db, struct signing_key_rec *k, struct bm_err *err);
/* The newest key of authority_id with exactly uses whose validity holds day;
 * BM_ENOTFOUND when none. */
int keys_repo_current(struct db *db, int64_t authority_id, unsigned uses, int32_t day,
		      struct signing_key_rec *k, struct bm_err *err);
/* Every key in id order (fn gets const struct signing_key_rec *). */
int keys_repo_list(struct db *db, visit_fn fn, void *ctx, struct bm_err *err);
/* The national authority's id (the lowest id of level national); BM_ENOTFOUND. */
int keys_repo_national(struct db *db, int64_t *authority_id, struct bm_err *err);

/* ---- the latest signed status list ---- */

/* *found 0 when none is stored; otherwise out owns new memory. */
int statuslist_repo_get(struct db *db, struct status_list *out, int64_t *revision, int *found,
			struct bm_err *err);
/* Replace the stored list with sl (revision + 1). */
int statuslist_repo_put(struct db *db, const struct status_list *sl, struct bm_err *err);

#endif
