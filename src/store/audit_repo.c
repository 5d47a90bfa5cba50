/*
 * audit_repo.c - append-only SQL for the audit trail.
 */
#include <string.h>

#include "base/str.h"
#include "store/audit_repo.h"
#include "store/db.h"
#include "base/banned.h"

int audit_repo_state_get(struct db *db, int64_t *size, unsigned char *frontier, size_t cap,
			 size_t *len, struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, "SELECT size, frontier FROM audit_state WHERE id = 1", DB_NOARGS,
			  err);

	if (rc != 0)
		return rc;
	rc = db_next_err(st, err);
	if (rc == DB_ROW) {
		size_t n;
		const void *p = db_blob(st, 1, &n);
		*size = db_int(st, 0);
		if (n > cap) {
			rc = bm_err_set(err, BM_EINTERNAL, "audit_state_corrupt", NULL,
					"audit frontier too large");
		} else {
			if (n > 0)
				memcpy(frontier, p, n);
			*len = n;
			rc = 0;
		}
	} else if (rc == DB_DONE) {
		rc = bm_err_set(err, BM_EINTERNAL, "audit_state_missing", NULL,
				"audit state row missing");
	}
	db_done(st);
	return rc;
}

int audit_repo_state_put(struct db *db, int64_t size, const unsigned char *frontier, size_t len,
			 struct bm_err *err)
{
	return db_exec(db, "UPDATE audit_state SET size = ?, frontier = ? WHERE id = 1",
		       DB_ARGS(DB_INT(size), DB_BLOB(frontier, len)), NULL, err);
}

int audit_repo_insert(struct db *db, const struct audit_row *r, struct bm_err *err)
{
	return db_exec(db,
		       "INSERT INTO audit_log (seq, ts, actor_id, actor_login, actor_roles, action,"
		       " object_type, object_id, outcome, request_id, client_addr, details, root)"
		       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		       DB_ARGS(DB_INT(r->seq), DB_INT(r->ts), DB_INT(r->actor_id),
			       DB_TEXT(r->actor_login), DB_TEXT(r->actor_roles), DB_TEXT(r->action),
			       DB_TEXT(r->object_type), DB_TEXT(r->object_id), DB_TEXT(r->outcome),
			       DB_TEXT(r->request_id), DB_TEXT(r->client_addr), DB_TEXT(r->details),
			       DB_BLOB(r->root, sizeof(r->root))),
		       NULL, err);
}

int audit_repo_head_insert(struct db *db, const struct audit_head *h, struct bm_err *err)
{
	return db_exec(
		db, "INSERT INTO audit_heads (size, root, ts, key_id, sig) VALUES (?, ?, ?, ?, ?)",
		DB_ARGS(DB_INT(h->size), DB_BLOB(h->root, sizeof(h->root)), DB_INT(h->ts),
			DB_TEXT(h->key_id), DB_BLOB(h->sig, sizeof(h->sig))),
		NULL, err);
}

int audit_repo_last_head_size(struct db *db, int64_t *size, struct bm_err *err)
{
	return db_exec_int(db, "SELECT COALESCE(MAX(size), 0) FROM audit_heads", DB_NOARGS, size,
			   err);
}

int audit_repo_count(struct db *db, int64_t *count, struct bm_err *err)
{
	return db_exec_int(db, "SELECT COUNT(*) FROM audit_log", DB_NOARGS, count, err);
}

#define ROW_COLUMNS                                                                                \
	"seq, ts, actor_id, actor_login, actor_roles, action, object_type, object_id,"             \
	" outcome, request_id, client_addr, details, root"

static void row_read(struct db_stmt *st, struct audit_row *r)
{
	size_t n;
	const void *root;

	r->seq = db_int(st, 0);
	r->ts = db_int(st, 1);
	r->actor_id = db_int(st, 2);
	r->actor_login = db_text(st, 3);
	r->actor_roles = db_text(st, 4);
	r->action = db_text(st, 5);
	r->object_type = db_text(st, 6);
	r->object_id = db_text(st, 7);
	r->outcome = db_text(st, 8);
	r->request_id = db_text(st, 9);
	r->client_addr = db_text(st, 10);
	r->details = db_text(st, 11);
	root = db_blob(st, 12, &n);
	r->root_ok = n == sizeof(r->root);
	memset(r->root, 0, sizeof(r->root));
	if (r->root_ok)
		memcpy(r->root, root, n);
}

static int visit_rows(struct db_stmt *st, visit_fn fn, void *ctx, struct bm_err *err)
{
	struct audit_row r;
	int rc;

	while ((rc = db_next_err(st, err)) == DB_ROW) {
		row_read(st, &r);
		rc = fn(ctx, &r);
		if (rc != 0)
			break;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

int audit_repo_scan(struct db *db, visit_fn fn, void *ctx, struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, "SELECT " ROW_COLUMNS " FROM audit_log ORDER BY seq", DB_NOARGS,
			  err);

	return rc != 0 ? rc : visit_rows(st, fn, ctx, err);
}

int audit_repo_heads(struct db *db, visit_fn fn, void *ctx, struct bm_err *err)
{
	struct db_stmt *st;
	struct audit_head h;
	int rc = db_query(db, &st,
			  "SELECT size, root, ts, key_id, sig FROM audit_heads ORDER BY size",
			  DB_NOARGS, err);

	if (rc != 0)
		return rc;
	while ((rc = db_next_err(st, err)) == DB_ROW) {
		size_t nr, ns;
		const void *root = db_blob(st, 1, &nr), *sig = db_blob(st, 4, &ns);

		memset(&h, 0, sizeof(h));
		h.size = db_int(st, 0);
		h.ts = db_int(st, 2);
		bm_strlcpy(h.key_id, db_text(st, 3), sizeof(h.key_id));
		h.shape_ok = nr == sizeof(h.root) && ns == sizeof(h.sig);
		if (h.shape_ok) {
			memcpy(h.root, root, nr);
			memcpy(h.sig, sig, ns);
		}
		rc = fn(ctx, &h);
		if (rc != 0)
			break;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

int audit_repo_query(struct db *db, const struct audit_filter *f, visit_fn fn, void *ctx,
		     struct bm_err *err)
{
	struct db_stmt *st;
	int rc;

	/* One constant statement: absent filters bind NULL and drop out. An action
	 * ending in '.' matches as a prefix ("user." finds user.create, ...). */
	const char *exact = NULL, *prefix = NULL;

	if (f->action != NULL && f->action[0] != '\0') {
		if (f->action[strlen(f->action) - 1] == '.')
			prefix = f->action;
		else
			exact = f->action;
	}
	rc = db_query(db, &st,
		      "SELECT " ROW_COLUMNS " FROM audit_log"
		      " WHERE (?1 IS NULL OR actor_login = ?1)"
		      " AND (?2 IS NULL OR object_type = ?2)"
		      " AND (?3 IS NULL OR object_id = ?3)"
		      " AND (?4 IS NULL OR action = ?4)"
		      " AND (?8 IS NULL OR substr(action, 1, length(?8)) = ?8)"
		      " AND (?5 = 0 OR ts >= ?5) AND (?6 = 0 OR ts <= ?6)"
		      " AND (?7 = 0 OR seq < ?7)"
		      " ORDER BY seq DESC",
		      DB_ARGS(DB_TEXT(f->actor), DB_TEXT(f->object_type), DB_TEXT(f->object_id),
			      DB_TEXT(exact), DB_INT(f->from_ts), DB_INT(f->to_ts),
			      DB_INT(f->before_seq), DB_TEXT(prefix)),
		      err);
	return rc != 0 ? rc : visit_rows(st, fn, ctx, err);
}
