/*
 * audit_repo.h - SQL of the audit trail: entries, signed heads, the frontier cache.
 *
 * Only appends exist here; there is deliberately no function that updates or deletes
 * an entry or a head (the schema's triggers refuse it as well).
 */
#ifndef BM_AUDIT_REPO_H
#define BM_AUDIT_REPO_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "store/model.h"

struct db;

struct audit_row {
	int64_t seq, ts, actor_id;
	const char *actor_login, *actor_roles, *action, *object_type, *object_id;
	const char *outcome, *request_id, *client_addr, *details;
	unsigned char root[32];
	int root_ok; /* 1 when the stored root had 32 bytes */
};

struct audit_head {
	int64_t size, ts;
	unsigned char root[32];
	char key_id[24];
	unsigned char sig[64];
	int shape_ok; /* root and sig had the right lengths */
};

struct audit_filter {
	const char *actor;	 /* exact login, or NULL */
	const char *object_type; /* or NULL */
	const char *object_id;	 /* or NULL */
	const char *action;	 /* exact, or a prefix ending in '.', or NULL */
	int64_t from_ts, to_ts;	 /* inclusive range; 0 = open */
	int64_t before_seq;	 /* cursor: entries with seq < this; 0 = newest */
};

int audit_repo_state_get(struct db *db, int64_t *size, unsigned char *frontier, size_t cap,
			 size_t *len, struct bm_err *err);
int audit_repo_state_put(struct db *db, int64_t size, const unsigned char *frontier, size_t len,
			 struct bm_err *err);
int audit_repo_insert(struct db *db, const struct audit_row *row, struct bm_err *err);
int audit_repo_head_insert(struct db *db, const struct audit_head *h, struct bm_err *err);
int audit_repo_last_head_size(struct db *db, int64_t *size, struct bm_err *err);
int audit_repo_count(struct db *db, int64_t *count, struct bm_err *err);

/* Visit every entry in seq order (fn gets const struct audit_row *). */
int audit_repo_scan(struct db *db, visit_fn fn, void *ctx, struct bm_err *err);
/* Visit every signed head in size order (fn gets const struct audit_head *). */
int audit_repo_heads(struct db *db, visit_fn fn, void *ctx, struct bm_err *err);
/* Visit entries matching f, newest first. */
int audit_repo_query(struct db *db, const struct audit_filter *f, visit_fn fn, void *ctx,
		     struct bm_err *err);

#endif
