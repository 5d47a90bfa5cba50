/*
 * notify_repo.h - SQL for in-app notifications.
 */
#ifndef BM_NOTIFY_REPO_H
#define BM_NOTIFY_REPO_H

#include <stdint.h>

#include "base/err.h"
#include "store/model.h"

struct db;

struct notification {
	int64_t id, user_id, application_id, created_at, read_at;
	const char *kind, *text_zh, *text_en;
};

int notify_repo_add(struct db *db, const struct notification *n, struct bm_err *err);
/* Add one notification for every active user of the unit (unit roles). */
int notify_repo_add_unit(struct db *db, int64_t unit_id, const struct notification *n,
			 struct bm_err *err);
/* Add one for every active user of the authority (0: of any, or none) holding role. */
int notify_repo_add_authority(struct db *db, int64_t authority_id, const char *role,
			      const struct notification *n, struct bm_err *err);
int notify_repo_list(struct db *db, int64_t user_id, int unread_only, int64_t before_id,
		     visit_fn fn, void *ctx, struct bm_err *err);
int notify_repo_unread(struct db *db, int64_t user_id, int64_t *n, struct bm_err *err);
/* Mark read: one (id) or all (id 0) of the user's notifications. */
int notify_repo_mark_read(struct db *db, int64_t user_id, int64_t id, int64_t now,
			  struct bm_err *err);

#endif
