/*
 * audit.h - the tamper-evident audit trail.
 *
 * Every entry is hashed as an RFC 6962 leaf over a fixed, length-prefixed encoding of
 * its fields (see audit_entry_encode); the entry row records the tree head after it.
 * Every `interval` entries, and when the server stops, the tree head is signed with
 * the audit key (Ed25519) and stored in audit_heads.
 *
 * audit_verify recomputes everything from the entries alone and reports the first bad
 * sequence number:
 *  - an entry whose content or position changed (modified, inserted, reordered, or a
 *    neighbour deleted) no longer matches its recorded head: named exactly;
 *  - a gap in the sequence: the first missing number;
 *  - a signed head that does not match the recomputed tree or whose signature fails
 *    (entries rewritten together with their recorded heads): named as the first entry
 *    after the last head that still verifies;
 *  - a signed head, or the frontier, covering more entries than remain (the tail was
 *    truncated): the first missing number.
 */
#ifndef BM_AUDIT_H
#define BM_AUDIT_H

#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "sec/keys.h"
#include "store/audit_repo.h"

struct db;

/* Encode the hashed content of an entry (everything but its recorded root). */
int audit_entry_encode(const struct audit_row *r, struct buf *out);

/*
 * Append r inside the caller's open write transaction; fills r->seq and r->root.
 * Signs a head when the new size is a multiple of interval (0 = never here).
 * Fails closed: any error means the caller must roll back.
 */
int audit_append(struct db *db, const struct keys *keys, int interval, struct audit_row *r,
		 struct bm_err *err);

/* Sign the current head if it is newer than the last signed one (own transaction). */
int audit_sign_current(struct db *db, const struct keys *keys, struct bm_err *err);

struct audit_report {
	int64_t entries;   /* entries read */
	int64_t heads;	   /* signed heads checked */
	int64_t first_bad; /* 0 when everything verifies */
	char problem[384];
};

/*
 * Verify the whole trail against the public key pk. Returns 0 when it is intact,
 * BM_ECONFLICT when it is not (report filled), another code when it could not be
 * read.
 */
int audit_verify(struct db *db, const unsigned char pk[32], struct audit_report *rep,
		 struct bm_err *err);

/* The message a tree head signature covers. */
void audit_head_message(int64_t size, int64_t ts, const unsigned char root[32],
			unsigned char out[52]);

#endif
