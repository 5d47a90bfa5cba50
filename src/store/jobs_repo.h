/*
 * jobs_repo.h - SQL for scheduler leases.
 */
#ifndef BM_JOBS_REPO_H
#define BM_JOBS_REPO_H

#include <stdint.h>

#include "base/err.h"

struct db;

/* Take the lease of job for holder until expires when it is free, expired or
 * already the holder's; *got = 1 when taken. Call inside a write transaction. */
int jobs_repo_take(struct db *db, const char *job, const char *holder, int64_t now, int64_t expires,
		   int *got, struct bm_err *err);
int jobs_repo_release(struct db *db, const char *job, const char *holder, struct bm_err *err);
/* Record that job told key (inside a write transaction): *first = 1 the first time,
 * 0 when it was told before. */
int jobs_repo_notice_once(struct db *db, const char *job, const char *key, int64_t at, int *first,
			  struct bm_err *err);

#endif
