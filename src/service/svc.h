/*
 * svc.h - the context every use case runs in, and the steps they share.
 *
 * A use case is: validate -> svc_begin -> svc_authorize -> store calls -> svc_audit
 * -> svc_end. svc_end commits when the use case succeeded and rolls back otherwise,
 * so a change and its audit entry are committed together or not at all (fail
 * closed). A refusal by svc_authorize is remembered and written to the audit trail
 * by svc_end, in its own transaction, after the rollback.
 */
#ifndef BM_SVC_H
#define BM_SVC_H

#include <jansson.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "sec/authz.h"
#include "sec/keys.h"
#include "service/config.h"
#include "store/db.h"
#include "store/model.h"

#define HMAC_TEXT_LEN 72 /* "hmac:" + 64 hex + NUL, with room */

struct svc {
	struct db *db;
	const struct config *cfg;
	const struct keys *keys;
	struct principal who;
	struct user me; /* the caller's own record, as read when authenticating */
	const char *request_id;
	const char *client_addr;
	int64_t now; /* the instant the request is judged at (ms, UTC) */
	struct {
		int set;
		enum action action;
		const char *type;
		int64_t id;
		int hidden;
	} denial;
};

/* Prepare s for one request. who starts unauthenticated (AUTH_NONE). */
void svc_init(struct svc *s, struct db *db, const struct config *cfg, const struct keys *keys,
	      const char *request_id, const char *client_addr);
/* Act as the local operator (the CLI). */
void svc_as_operator(struct svc *s);

int svc_begin(struct svc *s, enum db_tx mode, struct bm_err *err);
/* Finish the transaction according to rc and return the final code. */
int svc_end(struct svc *s, int rc, struct bm_err *err);

/*
 * Decide (authz_check) and translate: hidden -> BM_ENOTFOUND "not_found", denied ->
 * BM_EFORBIDDEN "forbidden". A refusal is remembered for the audit trail.
 */
int svc_authorize(struct svc *s, enum action a, const struct resource *r, struct bm_err *err);

/* Refuse a visible record's action for a rule of the system (403 err with ecode and
 * field); the refusal is remembered for the audit trail like svc_authorize's. */
int svc_refuse(struct svc *s, enum action a, const char *type, int64_t id, struct bm_err *err,
	       const char *ecode, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));

/*
 * Append an audit entry for the current principal inside the open transaction.
 * details (may be NULL) is consumed. outcome is "ok" unless stated.
 */
int svc_audit(struct svc *s, const char *action, const char *object_type, int64_t object_id,
	      json_t *details, struct bm_err *err);
int svc_audit_outcome(struct svc *s, const char *action, const char *object_type,
		      const char *object_id, const char *outcome, json_t *details,
		      struct bm_err *err);
/* Write one audit entry in a transaction of its own (for refusals and failures). */
int svc_audit_alone(struct svc *s, const char *action, const char *object_type,
		    const char *object_id, const char *outcome, json_t *details);

/* The unit the caller speaks for: its unit's id when the caller is a unit's user (not
 * the operator), 0 otherwise. Lists narrow their queries to it. */
int64_t svc_own_unit(const struct svc *s);

/* A list's visit of records checked one by one: the use case's visitor gets this as
 * its ctx and hands what the caller may see to fn(ctx). */
struct svc_visit {
	struct svc *s;
	visit_fn fn;
	void *ctx;
	struct bm_err *err;
	struct svc_page *page; /* NULL: every record */
};

/*
 * A page of a list visited newest first (ids descending): up to limit records; next is
 * the cursor of the following page (the last id given: the next page lists ids below
 * it), 0 when there is none. svc_page_take(p, id) before giving record id: 0 to give
 * it, SVC_PAGE_FULL when the page is full (stop visiting, and map SVC_PAGE_FULL to 0).
 */
#define SVC_PAGE_FULL 2
struct svc_page {
	int limit, n;
	int64_t last, next;
};
int svc_page_take(struct svc_page *p, int64_t id);
/* Give the visible record id (its view) to v->fn, through v->page when set:
 * SVC_PAGE_FULL instead when the page is full. */
int svc_visit_give(struct svc_visit *v, int64_t id, const void *view);

/* Keyed hash of a sensitive value, "hmac:<hex>", for the audit trail. */
void svc_hmac(const struct svc *s, const char *value, char out[HMAC_TEXT_LEN]);

/* Add {"field": {"old": o, "new": n}} to changes when o and n differ. Consumes o, n. */
void svc_change(json_t *changes, const char *field, json_t *o, json_t *n);

/*
 * Record ids collected while reading, for work done afterwards a record at a time in
 * transactions of its own (the scheduler's sweeps). The ids live in a buffer of at
 * most SVC_IDS_MAX bytes.
 */
#define SVC_IDS_MAX ((size_t)64 << 20) /* 8M ids */
struct svc_ids {
	struct buf b; /* an int64_t array */
	int failed;   /* an append failed: out of memory or past the maximum */
};
/* No allocation. */
void svc_ids_init(struct svc_ids *ids);
void svc_ids_release(struct svc_ids *ids);
/* Forget the ids (and a failure), keep the allocation. */
void svc_ids_reset(struct svc_ids *ids);
/* Append id: 0, or 1 (failed set), so a visitor can return it to stop the visit. */
int svc_ids_add(struct svc_ids *ids, int64_t id);
/* A visit_fn over records that are an int64_t id: svc_ids_add(ctx, *rec). */
int svc_ids_visit(void *ctx, const void *rec);
/* After collecting: BM_EINTERNAL "out of memory" when an append failed, else 0. */
int svc_ids_check(const struct svc_ids *ids, struct bm_err *err);
size_t svc_ids_count(const struct svc_ids *ids);
int64_t svc_ids_at(const struct svc_ids *ids, size_t i);

#endif
