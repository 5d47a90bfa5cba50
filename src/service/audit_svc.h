/*
 * audit_svc.h - the security auditor's view of the audit trail.
 */
#ifndef BM_AUDIT_SVC_H
#define BM_AUDIT_SVC_H

#include "sec/audit.h"
#include "service/svc.h"

/* Visit up to limit entries matching f, newest first; *next is the cursor (a seq)
 * for the next page, 0 at the end. fn gets const struct audit_row *. */
int audit_list(struct svc *s, const struct audit_filter *f, int limit, visit_fn fn, void *ctx,
	       int64_t *next, struct bm_err *err);
/* Verify the whole trail with the server's audit key; the run itself is audited. */
int audit_check(struct svc *s, struct audit_report *rep, struct bm_err *err);

#endif
