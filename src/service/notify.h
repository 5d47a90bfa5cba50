/*
 * notify.h - the caller's in-app notifications.
 */
#ifndef BM_NOTIFY_H
#define BM_NOTIFY_H

#include "service/svc.h"
#include "store/notify_repo.h"

/* Visit the caller's notifications, newest first, up to limit (fn gets const struct
 * notification *); *next is the cursor for the next page. */
int notify_list(struct svc *s, int unread_only, int64_t before_id, int limit, visit_fn fn,
		void *ctx, int64_t *next, struct bm_err *err);
int notify_unread(struct svc *s, int64_t *n, struct bm_err *err);
/* Mark one (id) or all (id 0) read. */
int notify_mark_read(struct svc *s, int64_t id, struct bm_err *err);

#endif
