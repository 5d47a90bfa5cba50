/*
 * db.h - the storage interface: connections, prepared statements with typed bound
 * parameters, row iteration and transactions.
 *
 * SQL is always a constant string with "?" or "?N" placeholders; data is bound, never
 * interpolated. Statements are prepared once per connection and cached by their SQL
 * text. A connection belongs to one thread at a time.
 *
 * Typical use:
 *
 *	struct db_stmt *st;
 *	if (db_query(db, &st, "SELECT login FROM users WHERE id = ?",
 *		     DB_ARGS(DB_INT(id)), err) != 0)
 *		goto out;
 *	while ((rc = db_next(st)) == DB_ROW)
 *		use(db_text(st, 0));
 *	db_done(st);
 *
 * Errors map onto BM_E*: a unique or primary-key violation is BM_ECONFLICT, a
 * foreign-key or check violation BM_ERULE, a busy database after retries BM_EUNAVAIL,
 * anything else BM_EINTERNAL.
 */
#ifndef BM_DB_H
#define BM_DB_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct db;
struct db_stmt;

enum db_type { DB_T_NULL, DB_T_INT, DB_T_TEXT, DB_T_BLOB };

struct db_arg {
	enum db_type type;
	int64_t i;
	const void *p; /* text (NUL-terminated) or blob; NULL text binds NULL */
	size_t n;      /* blob length */
};

#define DB_NULL		((struct db_arg){ .type = DB_T_NULL })
#define DB_INT(v)	((struct db_arg){ .type = DB_T_INT, .i = (int64_t)(v) })
#define DB_TEXT(s)	((struct db_arg){ .type = DB_T_TEXT, .p = (s) })
#define DB_BLOB(b, len) ((struct db_arg){ .type = DB_T_BLOB, .p = (b), .n = (len) })
/* An integer that binds NULL when zero: for optional foreign keys. */
#define DB_ID_OR_NULL(v) ((v) != 0 ? DB_INT(v) : DB_NULL)

#define DB_ARGS(...)                                                                               \
	(const struct db_arg[]){ __VA_ARGS__ },                                                    \
		sizeof((const struct db_arg[]){ __VA_ARGS__ }) / sizeof(struct db_arg)
#define DB_NOARGS NULL, 0

enum { DB_DONE = 0, DB_ROW = 1 };
enum db_tx { DB_TX_READ, DB_TX_WRITE };

/* Process-wide settings; call once before any connection is opened. */
void db_global_init(void);

/*
 * Open (creating if needed) the database at path and apply the connection settings
 * the server relies on: WAL, synchronous=FULL (an acknowledged commit is on disk),
 * foreign keys on, a busy timeout. *out is NULL on failure.
 */
int db_open(struct db **out, const char *path, struct bm_err *err);
/* Open an existing database read-only, changing nothing in the file (for checks). */
int db_open_readonly(struct db **out, const char *path, struct bm_err *err);
void db_close(struct db *db);
/* The file the connection was opened on. */
const char *db_path(const struct db *db);

/* Prepare (or reuse) sql and bind args; the statement is ready for db_next. */
int db_query(struct db *db, struct db_stmt **out, const char *sql, const struct db_arg *args,
	     size_t nargs, struct bm_err *err);
/* DB_ROW, DB_DONE or a negative BM_E* code (err filled). */
int db_next_err(struct db_stmt *st, struct bm_err *err);
#define db_next(st) db_next_err((st), NULL)
/* Return the statement to the connection's cache. Always call once per db_query. */
void db_done(struct db_stmt *st);

int db_is_null(struct db_stmt *st, int col);
int64_t db_int(struct db_stmt *st, int col);
/* Text of a column (never NULL: "" for SQL NULL); valid until the next db_next/db_done. */
const char *db_text(struct db_stmt *st, int col);
const void *db_blob(struct db_stmt *st, int col, size_t *len);

/* Run a statement that returns no rows; *changes (may be NULL) gets the row count. */
int db_exec(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
	    int64_t *changes, struct bm_err *err);
/* Run a statement that returns one integer in its first row (e.g. RETURNING id, or a
 * COUNT). BM_ENOTFOUND when it returns no row. */
int db_exec_int(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
		int64_t *out, struct bm_err *err);
/* Read the current row into out: 0, or a negative BM_E* code with err filled. */
typedef int (*db_read_fn)(struct db_stmt *st, void *out, struct bm_err *err);
/* Run a query that returns at most one row: when it does, *found is 1 and read fills out
 * from it (further rows are stepped through and ignored); *found is 0 otherwise. */
int db_query_one(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
		 db_read_fn read, void *out, int *found, struct bm_err *err);
/* Run several ;-separated statements without parameters (migrations). */
int db_exec_script(struct db *db, const char *sql, struct bm_err *err);

/*
 * Transactions. A write transaction takes the database's write lock at BEGIN, so
 * writers queue instead of deadlocking; BEGIN is retried while the database is busy.
 * Nesting is a bug. db_rollback is safe to call when no transaction is open.
 */
int db_begin(struct db *db, enum db_tx mode, struct bm_err *err);
int db_commit(struct db *db, struct bm_err *err);
void db_rollback(struct db *db);
int db_in_tx(const struct db *db);

/*
 * What the database holds changed since an earlier revision if and only if (as far as
 * this connection can tell) the two differ: "others" is PRAGMA data_version (commits by
 * any other connection, in this or another process, e.g. `baomi jobs run`), "own" the
 * rows this connection has inserted, updated or deleted (sqlite3_total_changes64).
 * Conservative: any write may change it, not only the ones a reader cares about. Read
 * it before the data it guards, so that a write in between is never missed. Cheap (no
 * table is read); BM_E* on failure.
 */
struct db_revision {
	int64_t others, own;
};
int db_revision_get(struct db *db, struct db_revision *out, struct bm_err *err);
/* 1 when a and b are the same revision. */
int db_revision_equal(const struct db_revision *a, const struct db_revision *b);

/* Copy the whole database into path as a consistent snapshot (online backup). */
int db_backup_to(struct db *db, const char *path, struct bm_err *err);
/* "ok", or the first problem PRAGMA integrity_check reports, into out. */
int db_integrity_check(struct db *db, char *out, size_t outsz, struct bm_err *err);

#endif
