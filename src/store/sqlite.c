/*
 * sqlite.c - the SQLite backend of db.h.
 *
 * One struct db is one sqlite3 connection used by one thread. Statements are
 * prepared with SQLITE_PREPARE_PERSISTENT and kept in a small open-addressing cache
 * keyed by the SQL text, so a hot request path prepares nothing. A statement that is
 * already in use (a nested query with the same SQL) gets a private, uncached copy.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "base/str.h"
#include "store/db.h"
#include "base/banned.h"

#define STMT_CACHE_SLOTS 512 /* power of two */
#define BUSY_TIMEOUT_MS	 10000
#define BEGIN_RETRIES	 5

struct db_stmt {
	struct db *db;
	sqlite3_stmt *st;
	const char *sql; /* key: the caller's constant string */
	int in_use;
	int cached;
};

/*
 * Writers of this process queue on one mutex before BEGIN IMMEDIATE. SQLite admits
 * one writer at a time anyway; without the queue, a waiting connection polls with
 * SQLite's busy handler, which sleeps for up to 100 ms between tries and collapses
 * throughput under contention. Other processes (the CLI) still meet busy_timeout.
 */
static pthread_mutex_t write_queue = PTHREAD_MUTEX_INITIALIZER;

struct db {
	sqlite3 *h;
	char *path;
	int in_tx;
	int queued; /* this connection holds write_queue */
	struct db_stmt *cache[STMT_CACHE_SLOTS];
};

static int map_rc(struct db *db, int rc, struct bm_err *err, const char *what)
{
	int ext = sqlite3_extended_errcode(db->h);
	const char *msg = sqlite3_errmsg(db->h);

	(void)rc;
	switch (ext) {
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		return bm_err_set(err, BM_ECONFLICT, "duplicate", NULL, "duplicate record");
	case SQLITE_CONSTRAINT_FOREIGNKEY:
		return bm_err_set(err, BM_ERULE, "reference_invalid", NULL,
				  "a referenced record does not exist or is still referenced");
	case SQLITE_CONSTRAINT_CHECK:
	case SQLITE_CONSTRAINT_NOTNULL:
		return bm_err_set(err, BM_ERULE, "constraint_violation", NULL, "%s", msg);
	case SQLITE_CONSTRAINT_TRIGGER:
		return bm_err_set(err, BM_ECONFLICT, "refused_by_trigger", NULL, "%s", msg);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
	case SQLITE_BUSY_SNAPSHOT:
		return bm_err_set(err, BM_EUNAVAIL, "database_busy", NULL, "database is busy");
	default:
		break;
	}
	log_error("sqlite %s failed: %s (%d)", what, msg, ext);
	return bm_err_set(err, BM_EINTERNAL, "database_error", NULL, "database error");
}

void db_global_init(void)
{
	/* Each connection is used by one thread at a time, and memory statistics
	 * would put a process-wide mutex on every allocation. */
	sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int open_flags(struct db **out, const char *path, int flags, const char *pragmas,
		      struct bm_err *err)
{
	struct db *db;
	int rc;

	*out = NULL;
	db = calloc(1, sizeof(*db));
	if (db == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	db->path = strdup(path);
	rc = sqlite3_open_v2(path, &db->h, flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK || db->path == NULL) {
		bm_err_set(err, BM_EUNAVAIL, "database_open_failed", NULL, "cannot open %s: %s",
			   path, db->h != NULL ? sqlite3_errmsg(db->h) : "out of memory");
		db_close(db);
		return BM_EUNAVAIL;
	}
	sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(db->h, 1);
	if (db_exec_script(db, pragmas, err) != 0) {
		db_close(db);
		return BM_EUNAVAIL;
	}
	*out = db;
	return 0;
}

int db_open_readonly(struct db **out, const char *path, struct bm_err *err)
{
	return open_flags(out, path, SQLITE_OPEN_READONLY, "PRAGMA foreign_keys=ON;", err);
}

int db_open(struct db **out, const char *path, struct bm_err *err)
{
	static const char *const pragmas = "PRAGMA journal_mode=WAL;"
					   "PRAGMA synchronous=FULL;"
					   "PRAGMA foreign_keys=ON;"
					   "PRAGMA temp_store=MEMORY;";

	return open_flags(out, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, pragmas, err);
}

void db_close(struct db *db)
{
	if (db == NULL)
		return;
	for (size_t i = 0; i < STMT_CACHE_SLOTS; i++) {
		if (db->cache[i] != NULL) {
			sqlite3_finalize(db->cache[i]->st);
			free(db->cache[i]);
		}
	}
	if (db->h != NULL)
		sqlite3_close_v2(db->h);
	free(db->path);
	free(db);
}

const char *db_path(const struct db *db)
{
	return db->path;
}

static size_t sql_hash(const char *sql)
{
	uintptr_t p = (uintptr_t)sql;
	return (size_t)((p >> 4) ^ (p >> 13)) & (STMT_CACHE_SLOTS - 1);
}

static int bind_args(struct db_stmt *s, const struct db_arg *args, size_t nargs, struct bm_err *err)
{
	for (size_t i = 0; i < nargs; i++) {
		int idx = (int)i + 1, rc;
		const struct db_arg *a = &args[i];

		switch (a->type) {
		case DB_T_INT:
			rc = sqlite3_bind_int64(s->st, idx, a->i);
			break;
		case DB_T_TEXT:
			rc = a->p != NULL
				     ? sqlite3_bind_text(s->st, idx, a->p, -1, SQLITE_TRANSIENT)
				     : sqlite3_bind_null(s->st, idx);
			break;
		case DB_T_BLOB:
			rc = sqlite3_bind_blob64(s->st, idx, a->p != NULL ? a->p : "",
						 (sqlite3_uint64)a->n, SQLITE_TRANSIENT);
			break;
		default:
			rc = sqlite3_bind_null(s->st, idx);
			break;
		}
		if (rc != SQLITE_OK)
			return map_rc(s->db, rc, err, "bind");
	}
	return 0;
}

/* Find or create the statement for sql; NULL on failure (err filled). */
static struct db_stmt *stmt_get(struct db *db, const char *sql, struct bm_err *err)
{
	size_t h = sql_hash(sql), free_slot = SIZE_MAX;
	struct db_stmt *s;
	int rc;

	for (size_t k = 0; k < 8; k++) {
		size_t slot = (h + k) & (STMT_CACHE_SLOTS - 1);
		s = db->cache[slot];
		if (s == NULL) {
			if (free_slot == SIZE_MAX)
				free_slot = slot;
			break;
		}
		if (s->sql == sql && !s->in_use)
			return s;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
		return NULL;
	}
	s->db = db;
	s->sql = sql;
	rc = sqlite3_prepare_v3(db->h, sql, -1,
				free_slot != SIZE_MAX ? SQLITE_PREPARE_PERSISTENT : 0, &s->st,
				NULL);
	if (rc != SQLITE_OK) {
		map_rc(db, rc, err, "prepare");
		log_error("could not prepare: %s", sql);
		free(s);
		return NULL;
	}
	if (free_slot != SIZE_MAX) {
		db->cache[free_slot] = s;
		s->cached = 1;
	}
	return s;
}

int db_query(struct db *db, struct db_stmt **out, const char *sql, const struct db_arg *args,
	     size_t nargs, struct bm_err *err)
{
	struct db_stmt *s = stmt_get(db, sql, err);
	int rc;

	*out = NULL;
	if (s == NULL)
		return err != NULL && err->code != 0 ? err->code : BM_EINTERNAL;
	s->in_use = 1;
	rc = bind_args(s, args, nargs, err);
	if (rc != 0) {
		db_done(s);
		return rc;
	}
	*out = s;
	return 0;
}

int db_next_err(struct db_stmt *st, struct bm_err *err)
{
	int rc = sqlite3_step(st->st);

	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	return map_rc(st->db, rc, err, "step");
}

void db_done(struct db_stmt *st)
{
	if (st == NULL)
		return;
	sqlite3_reset(st->st);
	sqlite3_clear_bindings(st->st);
	st->in_use = 0;
	if (!st->cached) {
		sqlite3_finalize(st->st);
		free(st);
	}
}

int db_is_null(struct db_stmt *st, int col)
{
	return sqlite3_column_type(st->st, col) == SQLITE_NULL;
}

int64_t db_int(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(st->st, col);
}

const char *db_text(struct db_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st->st, col);
	return t != NULL ? (const char *)t : "";
}

const void *db_blob(struct db_stmt *st, int col, size_t *len)
{
	const void *p = sqlite3_column_blob(st->st, col);
	*len = (size_t)sqlite3_column_bytes(st->st, col);
	return p;
}

int db_exec(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
	    int64_t *changes, struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, sql, args, nargs, err);

	if (rc != 0)
		return rc;
	while ((rc = db_next_err(st, err)) == DB_ROW)
		;
	db_done(st);
	if (rc < 0)
		return rc;
	if (changes != NULL)
		*changes = sqlite3_changes64(db->h);
	return 0;
}

int db_query_one(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
		 db_read_fn read, void *out, int *found, struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, sql, args, nargs, err);

	*found = 0;
	if (rc != 0)
		return rc;
	rc = db_next_err(st, err);
	if (rc == DB_ROW) {
		*found = 1;
		rc = read(st, out, err);
		if (rc == 0)
			while ((rc = db_next_err(st, err)) == DB_ROW)
				;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

static int read_int(struct db_stmt *st, void *out, struct bm_err *err)
{
	(void)err;
	*(int64_t *)out = db_int(st, 0);
	return 0;
}

int db_exec_int(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
		int64_t *out, struct bm_err *err)
{
	int found = 0;
	int rc = db_query_one(db, sql, args, nargs, read_int, out, &found, err);

	if (rc == 0 && !found)
		return bm_err_set(err, BM_ENOTFOUND, NULL, NULL, "no row");
	return rc;
}

int db_exec_script(struct db *db, const char *sql, struct bm_err *err)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		int code = map_rc(db, rc, err, "exec");
		if (err != NULL && code == BM_EINTERNAL && msg != NULL)
			bm_err_set(err, BM_EINTERNAL, "database_error", NULL, "%s", msg);
		sqlite3_free(msg);
		return code;
	}
	return 0;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static void leave_queue(struct db *db)
{
	if (db->queued) {
		db->queued = 0;
		pthread_mutex_unlock(&write_queue);
	}
}

int db_begin(struct db *db, enum db_tx mode, struct bm_err *err)
{
	const char *sql = mode == DB_TX_WRITE ? "BEGIN IMMEDIATE" : "BEGIN";
	int rc = 0;

	if (db->in_tx) {
		log_error("BUG: nested transaction");
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "nested transaction");
	}
	if (mode == DB_TX_WRITE) {
		pthread_mutex_lock(&write_queue);
		db->queued = 1;
	}
	for (int attempt = 0; attempt < BEGIN_RETRIES; attempt++) {
		rc = db_exec(db, sql, DB_NOARGS, NULL, err);
		if (rc != BM_EUNAVAIL)
			break;
		sleep_ms(10L << attempt);
	}
	if (rc == 0)
		db->in_tx = 1;
	else
		leave_queue(db);
	return rc;
}

int db_commit(struct db *db, struct bm_err *err)
{
	int rc = db_exec(db, "COMMIT", DB_NOARGS, NULL, err);

	if (rc != 0) {
		db_rollback(db);
		return rc;
	}
	db->in_tx = 0;
	leave_queue(db);
	return 0;
}

void db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	db->in_tx = 0;
	leave_queue(db);
}

int db_in_tx(const struct db *db)
{
	return db->in_tx;
}

int db_revision_get(struct db *db, struct db_revision *out, struct bm_err *err)
{
	int rc = db_exec_int(db, "PRAGMA data_version", DB_NOARGS, &out->others, err);

	out->own = (int64_t)sqlite3_total_changes64(db->h);
	return rc;
}

int db_revision_equal(const struct db_revision *a, const struct db_revision *b)
{
	return a->others == b->others && a->own == b->own;
}

int db_backup_to(struct db *db, const char *path, struct bm_err *err)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	int rc;

	rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		bm_err_set(err, BM_EIO, "backup_failed", NULL, "cannot create %s", path);
		sqlite3_close_v2(dst);
		return BM_EIO;
	}
	b = sqlite3_backup_init(dst, "main", db->h, "main");
	if (b == NULL) {
		bm_err_set(err, BM_EIO, "backup_failed", NULL, "backup: %s", sqlite3_errmsg(dst));
		sqlite3_close_v2(dst);
		return BM_EIO;
	}
	/* Copy everything in one step: a consistent snapshot under one read lock. */
	do {
		rc = sqlite3_backup_step(b, -1);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sleep_ms(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		bm_err_set(err, BM_EIO, "backup_failed", NULL, "backup: %s", sqlite3_errstr(rc));
		sqlite3_close_v2(dst);
		return BM_EIO;
	}
	/* The copy is a plain rollback-journal database: self-contained in one file. */
	rc = sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	sqlite3_close_v2(dst);
	return rc == SQLITE_OK ? 0
			       : bm_err_set(err, BM_EIO, "backup_failed", NULL, "finish backup");
}

int db_integrity_check(struct db *db, char *out, size_t outsz, struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, "PRAGMA integrity_check", DB_NOARGS, err);

	if (rc != 0)
		return rc;
	rc = db_next_err(st, err);
	if (rc == DB_ROW)
		bm_strlcpy(out, db_text(st, 0), outsz);
	db_done(st);
	return rc < 0 ? rc : 0;
}
