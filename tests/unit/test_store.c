/*
 * test_store.c - unit tests of src/store on temporary SQLite files: the db.h
 * interface (binding every type, error mapping, transactions, the statement cache),
 * the migrations (fresh database, a newer database, a changed migration) and the
 * repositories' round trips with optimistic versioning.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "base/err.h"
#include "base/str.h"
#include "core/role.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store/orgs_repo.h"
#include "store/sessions_repo.h"
#include "store/users_repo.h"
#include "testutil.h"
#include "base/banned.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

struct fixture {
	char dir[PATH_MAX];
	struct db *db;
	struct db *other;
};

/* A database with the project's schema. */
static int setup_migrated(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	tu_mkdtemp(f->dir);
	f->db = tu_db_migrated(f->dir, "test.db");
	*state = f;
	return 0;
}

/* An empty database with a small scratch table. */
static int setup_plain(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct bm_err err;

	assert_non_null(f);
	bm_err_clear(&err);
	tu_mkdtemp(f->dir);
	f->db = tu_db_open(f->dir, "plain.db");
	if (db_exec_script(f->db,
			   "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT UNIQUE);"
			   "CREATE TABLE t (id INTEGER PRIMARY KEY, i INTEGER, s TEXT, b BLOB,"
			   " n INTEGER, p INTEGER REFERENCES parent(id),"
			   " c INTEGER CHECK (c IS NULL OR c > 0), nn TEXT NOT NULL DEFAULT '');"
			   "INSERT INTO parent (id, name) VALUES (1, 'one');",
			   &err) != 0)
		fail_msg("schema: %s", err.message);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	db_close(f->other);
	db_close(f->db);
	tu_rmtree(f->dir);
	free(f);
	return 0;
}

/* ---- db.h ---- */

static void test_db_bind_types(void **state)
{
	struct fixture *f = *state;
	static const unsigned char blob[] = { 0, 1, 2, 0xff, 0, 'x' };
	struct bm_err err;
	struct db_stmt *st;
	int64_t id = 0, changes = -1;

	bm_err_clear(&err);
	assert_int_equal(
		db_exec_int(f->db,
			    "INSERT INTO t (i, s, b, n, p) VALUES (?, ?, ?, ?, ?)"
			    " RETURNING id",
			    DB_ARGS(DB_INT(INT64_MIN), DB_TEXT("保密 'quote' \"dq\""),
				    DB_BLOB(blob, sizeof(blob)), DB_NULL, DB_ID_OR_NULL(0)),
			    &id, &err),
		0);
	assert_int_equal(id, 1);
	assert_int_equal(db_query(f->db, &st,
				  "SELECT i, s, b, n, p, typeof(b), typeof(n), typeof(p), length(b)"
				  " FROM t WHERE id = ?",
				  DB_ARGS(DB_INT(id)), &err),
			 0);
	assert_int_equal(db_next(st), DB_ROW);
	assert_int_equal(db_int(st, 0), INT64_MIN);
	assert_string_equal(db_text(st, 1), "保密 'quote' \"dq\"");
	{
		size_t len = 0;
		const void *p = db_blob(st, 2, &len);
		assert_int_equal(len, sizeof(blob));
		assert_memory_equal(p, blob, sizeof(blob));
	}
	assert_true(db_is_null(st, 3));
	assert_true(db_is_null(st, 4));
	assert_false(db_is_null(st, 0));
	assert_string_equal(db_text(st, 3), ""); /* NULL reads as "" */
	assert_int_equal(db_int(st, 3), 0);
	assert_string_equal(db_text(st, 5), "blob");
	assert_string_equal(db_text(st, 6), "null");
	assert_string_equal(db_text(st, 7), "null");
	assert_int_equal(db_int(st, 8), sizeof(blob));
	assert_int_equal(db_next(st), DB_DONE);
	db_done(st);

	/* NULL text binds NULL; an empty blob is an empty blob, not NULL; the
	 * optional id binds when non-zero; INT64_MAX survives */
	assert_int_equal(db_exec(f->db, "INSERT INTO t (i, s, b, p) VALUES (?, ?, ?, ?)",
				 DB_ARGS(DB_INT(INT64_MAX), DB_TEXT(NULL), DB_BLOB(NULL, 0),
					 DB_ID_OR_NULL(1)),
				 &changes, &err),
			 0);
	assert_int_equal(changes, 1);
	assert_int_equal(
		db_query(f->db, &st,
			 "SELECT i, s IS NULL, typeof(b), length(b), p FROM t WHERE id = 2",
			 DB_NOARGS, &err),
		0);
	assert_int_equal(db_next(st), DB_ROW);
	assert_int_equal(db_int(st, 0), INT64_MAX);
	assert_int_equal(db_int(st, 1), 1);
	assert_string_equal(db_text(st, 2), "blob");
	assert_int_equal(db_int(st, 3), 0);
	assert_int_equal(db_int(st, 4), 1);
	db_done(st);

	/* numbered placeholders reuse one argument */
	{
		int64_t v = 0;
		assert_int_equal(db_exec_int(f->db, "SELECT ?1 + ?1 * ?2",
					     DB_ARGS(DB_INT(3), DB_INT(4)), &v, &err),
				 0);
		assert_int_equal(v, 15);
	}
	/* text is bound, never interpolated */
	{
		int64_t v = 0;
		assert_int_equal(db_exec_int(f->db, "SELECT count(*) FROM t WHERE s = ?",
					     DB_ARGS(DB_TEXT("x' OR '1'='1")), &v, &err),
				 0);
		assert_int_equal(v, 0);
	}
	/* changes counts rows */
	assert_int_equal(db_exec(f->db, "UPDATE t SET n = 5", DB_NOARGS, &changes, &err), 0);
	assert_int_equal(changes, 2);
	assert_int_equal(
		db_exec(f->db, "UPDATE t SET n = 6 WHERE id = 99", DB_NOARGS, &changes, &err), 0);
	assert_int_equal(changes, 0);
	assert_string_equal(db_path(f->db) + strlen(db_path(f->db)) - 8, "plain.db");
}

static void test_db_errors(void **state)
{
	struct fixture *f = *state;
	struct bm_err err;
	int64_t v = 42;

	/* no row */
	bm_err_clear(&err);
	assert_int_equal(
		db_exec_int(f->db, "SELECT id FROM t WHERE id = ?", DB_ARGS(DB_INT(7)), &v, &err),
		BM_ENOTFOUND);
	assert_int_equal(err.code, BM_ENOTFOUND);
	assert_int_equal(v, 42);
	/* several rows: the first counts */
	assert_int_equal(
		db_exec(f->db, "INSERT INTO t (i) VALUES (10), (20), (30)", DB_NOARGS, NULL, &err),
		0);
	assert_int_equal(db_exec_int(f->db, "SELECT i FROM t ORDER BY i", DB_NOARGS, &v, &err), 0);
	assert_int_equal(v, 10);
	/* unique and primary key violations */
	bm_err_clear(&err);
	assert_int_equal(db_exec(f->db, "INSERT INTO parent (id, name) VALUES (2, 'one')",
				 DB_NOARGS, NULL, &err),
			 BM_ECONFLICT);
	assert_string_equal(err.ecode, "duplicate");
	bm_err_clear(&err);
	assert_int_equal(db_exec(f->db, "INSERT INTO parent (id, name) VALUES (1, 'two')",
				 DB_NOARGS, NULL, &err),
			 BM_ECONFLICT);
	/* foreign key: a dangling reference, and deleting a referenced row */
	bm_err_clear(&err);
	assert_int_equal(
		db_exec(f->db, "INSERT INTO t (p) VALUES (?)", DB_ARGS(DB_INT(99)), NULL, &err),
		BM_ERULE);
	assert_string_equal(err.ecode, "reference_invalid");
	assert_int_equal(db_exec(f->db, "INSERT INTO t (p) VALUES (1)", DB_NOARGS, NULL, &err), 0);
	bm_err_clear(&err);
	assert_int_equal(db_exec(f->db, "DELETE FROM parent WHERE id = 1", DB_NOARGS, NULL, &err),
			 BM_ERULE);
	/* CHECK and NOT NULL */
	bm_err_clear(&err);
	assert_int_equal(db_exec(f->db, "INSERT INTO t (c) VALUES (-1)", DB_NOARGS, NULL, &err),
			 BM_ERULE);
	assert_string_equal(err.ecode, "constraint_violation");
	bm_err_clear(&err);
	assert_int_equal(
		db_exec(f->db, "INSERT INTO t (nn) VALUES (?)", DB_ARGS(DB_TEXT(NULL)), NULL, &err),
		BM_ERULE);
	/* SQL that does not prepare is a bug: internal */
	bm_err_clear(&err);
	assert_int_equal(db_exec(f->db, "SELEKT 1", DB_NOARGS, NULL, &err), BM_EINTERNAL);
	assert_int_equal(err.code, BM_EINTERNAL);
	bm_err_clear(&err);
	assert_int_equal(db_exec_script(f->db, "CREATE TABLE t (x); ", &err), BM_EINTERNAL);
	assert_true(strlen(err.message) > 0);
	/* the connection is still usable after all that */
	assert_int_equal(db_exec_int(f->db, "SELECT count(*) FROM t", DB_NOARGS, &v, &err), 0);
	assert_int_equal(v, 4);
	/* errors with no record to fill */
	assert_int_equal(db_exec(f->db, "INSERT INTO t (c) VALUES (0)", DB_NOARGS, NULL, NULL),
			 BM_ERULE);
}

static void test_db_transactions(void **state)
{
	struct fixture *f = *state;
	struct bm_err err;
	int64_t n = -1;

	bm_err_clear(&err);
	assert_false(db_in_tx(f->db));
	/* commit keeps */
	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &err), 0);
	assert_true(db_in_tx(f->db));
	assert_int_equal(db_exec(f->db, "INSERT INTO t (i) VALUES (1)", DB_NOARGS, NULL, &err), 0);
	assert_int_equal(db_commit(f->db, &err), 0);
	assert_false(db_in_tx(f->db));
	/* rollback discards */
	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &err), 0);
	assert_int_equal(db_exec(f->db, "INSERT INTO t (i) VALUES (2)", DB_NOARGS, NULL, &err), 0);
	assert_int_equal(db_exec_int(f->db, "SELECT count(*) FROM t", DB_NOARGS, &n, &err), 0);
	assert_int_equal(n, 2);
	db_rollback(f->db);
	assert_false(db_in_tx(f->db));
	assert_int_equal(db_exec_int(f->db, "SELECT count(*) FROM t", DB_NOARGS, &n, &err), 0);
	assert_int_equal(n, 1);
	/* rolling back with nothing open is harmless */
	db_rollback(f->db);
	db_rollback(f->db);
	assert_false(db_in_tx(f->db));
	/* nesting is refused and leaves the outer transaction open */
	assert_int_equal(db_begin(f->db, DB_TX_READ, &err), 0);
	bm_err_clear(&err);
	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &err), BM_EINTERNAL);
	assert_int_equal(err.code, BM_EINTERNAL);
	assert_int_equal(db_begin(f->db, DB_TX_READ, &err), BM_EINTERNAL);
	assert_true(db_in_tx(f->db));
	assert_int_equal(db_commit(f->db, &err), 0);
	assert_false(db_in_tx(f->db));
	/* a failed statement inside a transaction does not end it */
	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &err), 0);
	assert_int_equal(db_exec(f->db, "INSERT INTO t (i) VALUES (3)", DB_NOARGS, NULL, &err), 0);
	assert_int_equal(db_exec(f->db, "INSERT INTO t (c) VALUES (0)", DB_NOARGS, NULL, &err),
			 BM_ERULE);
	assert_true(db_in_tx(f->db));
	assert_int_equal(db_commit(f->db, &err), 0);
	assert_int_equal(db_exec_int(f->db, "SELECT count(*) FROM t", DB_NOARGS, &n, &err), 0);
	assert_int_equal(n, 2);
	/* another connection sees committed data only */
	f->other = tu_db_open(f->dir, "plain.db");
	assert_int_equal(db_begin(f->db, DB_TX_WRITE, &err), 0);
	assert_int_equal(db_exec(f->db, "INSERT INTO t (i) VALUES (4)", DB_NOARGS, NULL, &err), 0);
	assert_int_equal(db_exec_int(f->other, "SELECT count(*) FROM t", DB_NOARGS, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(db_commit(f->db, &err), 0);
	assert_int_equal(db_exec_int(f->other, "SELECT count(*) FROM t", DB_NOARGS, &n, &err), 0);
	assert_int_equal(n, 3);
}

static void test_db_stmt_cache(void **state)
{
	struct fixture *f = *state;
	static const char *const sql = "SELECT i FROM t WHERE i >= ? ORDER BY i";
	struct db_stmt *a, *b, *c;
	struct bm_err err;
	int outer = 0, inner = 0;

	bm_err_clear(&err);
	assert_int_equal(
		db_exec(f->db, "INSERT INTO t (i) VALUES (1), (2), (3)", DB_NOARGS, NULL, &err), 0);
	/* the same SQL gets the same prepared statement back once it is done */
	assert_int_equal(db_query(f->db, &a, sql, DB_ARGS(DB_INT(0)), &err), 0);
	assert_int_equal(db_next(a), DB_ROW);
	db_done(a);
	assert_int_equal(db_query(f->db, &b, sql, DB_ARGS(DB_INT(2)), &err), 0);
	assert_ptr_equal(a, b);
	/* bindings were cleared and reset: the new argument applies from the start */
	assert_int_equal(db_next(b), DB_ROW);
	assert_int_equal(db_int(b, 0), 2);
	db_done(b);
	/* a nested query with the same SQL while the first is running gets its own
	 * statement, and neither disturbs the other */
	assert_int_equal(db_query(f->db, &a, sql, DB_ARGS(DB_INT(1)), &err), 0);
	while (db_next(a) == DB_ROW) {
		int64_t x = db_int(a, 0);
		outer++;
		assert_int_equal(x, outer);
		assert_int_equal(db_query(f->db, &c, sql, DB_ARGS(DB_INT(x)), &err), 0);
		assert_ptr_not_equal(a, c);
		while (db_next(c) == DB_ROW) {
			assert_true(db_int(c, 0) >= x);
			inner++;
		}
		db_done(c);
	}
	db_done(a);
	assert_int_equal(outer, 3);
	assert_int_equal(inner, 3 + 2 + 1);
	/* and the cached one is still there, and still right */
	assert_int_equal(db_query(f->db, &b, sql, DB_ARGS(DB_INT(3)), &err), 0);
	assert_ptr_equal(a, b);
	assert_int_equal(db_next(b), DB_ROW);
	assert_int_equal(db_int(b, 0), 3);
	assert_int_equal(db_next(b), DB_DONE);
	db_done(b);
	/* many distinct statements (more than the cache's probe window) all work */
	{
		static const char *const many[] = {
			"SELECT 1", "SELECT 2", "SELECT 3", "SELECT 4",	 "SELECT 5",  "SELECT 6",
			"SELECT 7", "SELECT 8", "SELECT 9", "SELECT 10", "SELECT 11", "SELECT 12",
		};
		for (int round = 0; round < 3; round++) {
			for (size_t i = 0; i < N_ELEMS(many); i++) {
				int64_t v = 0;
				assert_int_equal(db_exec_int(f->db, many[i], DB_NOARGS, &v, &err),
						 0);
				assert_int_equal(v, (int64_t)i + 1);
			}
		}
	}
	/* a statement that fails to bind is returned, not leaked */
	assert_int_equal(db_query(f->db, &a, "SELECT ?", DB_ARGS(DB_INT(1), DB_INT(2)), &err),
			 BM_EINTERNAL);
	assert_null(a);
}

static void test_db_backup_integrity(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX], result[64];
	struct bm_err err;
	int64_t n = 0;

	bm_err_clear(&err);
	assert_int_equal(
		db_exec(f->db, "INSERT INTO t (i, s) VALUES (7, 'x')", DB_NOARGS, NULL, &err), 0);
	assert_int_equal(db_integrity_check(f->db, result, sizeof(result), &err), 0);
	assert_string_equal(result, "ok");
	assert_int_equal(bm_path_join(path, sizeof(path), f->dir, "backup.db"), 0);
	assert_int_equal(db_backup_to(f->db, path, &err), 0);
	assert_int_equal(db_open_readonly(&f->other, path, &err), 0);
	assert_int_equal(
		db_exec_int(f->other, "SELECT i FROM t WHERE s = 'x'", DB_NOARGS, &n, &err), 0);
	assert_int_equal(n, 7);
	/* read-only means read-only */
	assert_true(db_exec(f->other, "INSERT INTO t (i) VALUES (1)", DB_NOARGS, NULL, &err) != 0);
	db_close(f->other);
	f->other = NULL;
	/* a file that is not a database */
	assert_int_equal(bm_path_join(path, sizeof(path), f->dir, "missing/none.db"), 0);
	assert_true(db_open(&f->other, path, &err) != 0);
	assert_null(f->other);
	assert_true(db_open_readonly(&f->other, path, &err) != 0);
	assert_null(f->other);
}

/* ---- migrations ---- */

static void test_migrate_fresh(void **state)
{
	struct fixture *f = *state;
	struct bm_err err;
	int version = -1, applied = -1;
	int64_t n = 0;

	bm_err_clear(&err);
	assert_true(migrations_count >= 1);
	assert_true(migrate_latest() >= 1);
	for (size_t i = 0; i < migrations_count; i++) {
		assert_true(migrations[i].version >= 1);
		assert_true(migrations[i].version <= migrate_latest());
		assert_true(strlen(migrations[i].name) > 0);
		assert_true(strlen(migrations[i].sql) > 0);
	}
	assert_int_equal(migrate_current(f->db, &version, &err), 0);
	assert_int_equal(version, migrate_latest());
	/* running again changes nothing */
	assert_int_equal(migrate_run(f->db, &applied, &err), 0);
	assert_int_equal(applied, 0);
	assert_int_equal(
		db_exec_int(f->db, "SELECT count(*) FROM schema_migrations", DB_NOARGS, &n, &err),
		0);
	assert_int_equal(n, (int64_t)migrations_count);
	/* the seeded data is there */
	assert_int_equal(db_exec_int(f->db, "SELECT count(*) FROM regions WHERE parent = '000000'",
				     DB_NOARGS, &n, &err),
			 0);
	assert_int_equal(n, 31);
	assert_int_equal(db_exec_int(f->db, "SELECT size FROM audit_state WHERE id = 1", DB_NOARGS,
				     &n, &err),
			 0);
	assert_int_equal(n, 0);
	/* the foreign keys pragma is on */
	assert_int_equal(db_exec_int(f->db, "PRAGMA foreign_keys", DB_NOARGS, &n, &err), 0);
	assert_int_equal(n, 1);
}

static void test_migrate_empty_db(void **state)
{
	struct fixture *f = *state;
	struct bm_err err;
	int version = -1;

	bm_err_clear(&err);
	f->other = tu_db_open(f->dir, "empty.db");
	assert_int_equal(migrate_current(f->other, &version, &err), 0);
	assert_int_equal(version, 0);
}

static void test_migrate_newer_db(void **state)
{
	struct fixture *f = *state;
	struct bm_err err;
	int applied = -1;

	bm_err_clear(&err);
	assert_int_equal(
		db_exec(f->db,
			"INSERT INTO schema_migrations (version, name, checksum, applied_at)"
			" VALUES (?, 'from_the_future', 'x', 0)",
			DB_ARGS(DB_INT(migrate_latest() + 1)), NULL, &err),
		0);
	assert_int_equal(migrate_run(f->db, &applied, &err), BM_ECONFLICT);
	assert_string_equal(err.ecode, "database_too_new");
	assert_int_equal(applied, 0);
}

/* Apply the migrations up to version last by hand, as an older baomi did. */
static void migrate_until(struct db *db, int last)
{
	struct bm_err err;
	int version = -1;

	bm_err_clear(&err);
	assert_int_equal(migrate_current(db, &version, &err), 0);
	for (int v = 1; v <= last; v++)
		for (size_t i = 0; i < migrations_count; i++) {
			unsigned char h[crypto_hash_sha256_BYTES];
			char sum[2 * crypto_hash_sha256_BYTES + 1];
			if (migrations[i].version != v)
				continue;
			crypto_hash_sha256(h, (const unsigned char *)migrations[i].sql,
					   strlen(migrations[i].sql));
			bm_hex_encode(h, sizeof(h), sum);
			assert_int_equal(db_exec_script(db, migrations[i].sql, &err), 0);
			assert_int_equal(db_exec(db,
						 "INSERT INTO schema_migrations (version, name,"
						 " checksum, applied_at) VALUES (?, ?, ?, 0)",
						 DB_ARGS(DB_INT(v), DB_TEXT(migrations[i].name),
							 DB_TEXT(sum)),
						 NULL, &err),
					 0);
		}
}

/*
 * 0010 rebuilds the certificates table, which eleven others refer to: a database of
 * version 9 with a certificate line (a first version, a second superseding it) and
 * rows referring to them upgrades with every row, reference and index kept, the new
 * columns filled, the view in place, and foreign keys on again afterwards.
 */
static void test_migrate_rebuilds_certificates(void **state)
{
	struct fixture *f = *state;
	struct bm_err err;
	int applied = -1;
	int64_t n = -1;
	static const char *const cert_row =
		"INSERT INTO certificates (id, number, application_id, predecessor_id, unit_id,"
		" unit_name, uscc, region, scheme_id, scheme_version, grade, categories, issued,"
		" valid_from, valid_until, authority_id, authority_name, status_index, kid, "
		"payload,"
		" state, state_since, created_at, updated_at)"
		" VALUES (?, ?, 1, ?, 1, 'U', '91320000000000000X', '320100', 'integration', 1,"
		" 'B', 'c', '2024-03-04', ?, '2029-03-03', 1, 'A', ?, 'k', 'BM1:x', ?, "
		"'2025-01-01',"
		" 0, 0)";

	bm_err_clear(&err);
	f->other = tu_db_open(f->dir, "v9.db");
	migrate_until(f->other, 9);
	assert_int_equal(
		db_exec_script(
			f->other,
			"INSERT INTO authorities (id, name_zh, name_en, level, region, created_at,"
			" updated_at) VALUES (1, 'A', 'A', 'provincial', '320000', 0, 0);"
			"INSERT INTO units (id, name, uscc, region, created_at, updated_at)"
			" VALUES (1, 'U', '91320000000000000X', '320000', 0, 0);"
			"INSERT INTO applications (id, unit_id, region, scheme_id, scheme_version,"
			" grade, categories, state, created_by, created_at, updated_at)"
			" VALUES (1, 1, '320100', 'integration', 1, 'B', 'c', 'approved', 1, 0, "
			"0);",
			&err),
		0);
	assert_int_equal(db_exec(f->other, cert_row,
				 DB_ARGS(DB_INT(1), DB_TEXT("N1"), DB_NULL, DB_TEXT("2024-03-04"),
					 DB_INT(0), DB_TEXT("superseded")),
				 NULL, &err),
			 0);
	assert_int_equal(db_exec(f->other, cert_row,
				 DB_ARGS(DB_INT(2), DB_TEXT("N1-2"), DB_INT(1),
					 DB_TEXT("2024-03-04"), DB_INT(1), DB_TEXT("valid")),
				 NULL, &err),
			 0);
	assert_int_equal(db_exec(f->other,
				 "INSERT INTO annual_reports (certificate_id, unit_id, year, state,"
				 " created_at, updated_at) VALUES (1, 1, 2024, 'passed', 0, 0)",
				 DB_NOARGS, NULL, &err),
			 0);

	assert_int_equal(migrate_run(f->other, &applied, &err), 0);
	assert_int_equal(applied, migrate_latest() - 9);
	assert_int_equal(db_exec_int(f->other,
				     "SELECT COUNT(*) FROM certificates WHERE application_id = 1"
				     " AND reports_from = valid_from AND paper_issued IS NULL",
				     DB_NOARGS, &n, &err),
			 0);
	assert_int_equal(n, 2);
	assert_int_equal(db_exec_int(f->other,
				     "SELECT predecessor_id FROM certificates WHERE id = 2",
				     DB_NOARGS, &n, &err),
			 0);
	assert_int_equal(n, 1);
	/* the line view is back: the report of version 1 belongs to version 2's line */
	assert_int_equal(db_exec_int(f->other,
				     "SELECT COUNT(*) FROM annual_reports ar JOIN cert_lines l"
				     " ON l.member = ar.certificate_id WHERE l.id = 2",
				     DB_NOARGS, &n, &err),
			 0);
	assert_int_equal(n, 1);
	assert_int_equal(
		db_exec_int(f->other,
			    "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index'"
			    " AND tbl_name = 'certificates' AND name LIKE 'certificates_%'",
			    DB_NOARGS, &n, &err),
		0);
	assert_int_equal(n, 5);
	/* references hold and are enforced again */
	assert_int_equal(db_exec_int(f->other, "PRAGMA foreign_keys", DB_NOARGS, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(
		db_exec(f->other, "DELETE FROM certificates WHERE id = 1", DB_NOARGS, NULL, &err),
		BM_ERULE);
	assert_string_equal(err.ecode, "reference_invalid");
	/* a certificate now needs an application, a paper date or a predecessor */
	assert_int_not_equal(db_exec(f->other,
				     "UPDATE certificates SET application_id = NULL WHERE id = 1",
				     DB_NOARGS, NULL, &err),
			     0);
	assert_string_equal(err.ecode, "constraint_violation");
}

static void test_migrate_changed_checksum(void **state)
{
	struct fixture *f = *state;
	struct bm_err err;
	int applied = -1;

	bm_err_clear(&err);
	assert_int_equal(db_exec(f->db,
				 "UPDATE schema_migrations SET checksum = ? WHERE version = ?",
				 DB_ARGS(DB_TEXT("0000000000000000000000000000000000000000000000000"
						 "000000000000000"),
					 DB_INT(migrations[0].version)),
				 NULL, &err),
			 0);
	assert_int_equal(migrate_run(f->db, &applied, &err), BM_ECONFLICT);
	assert_string_equal(err.ecode, "migration_changed");
	assert_non_null(strstr(err.message, migrations[0].name));
}

/* ---- repositories ---- */

static void make_user(struct user *u, const char *login, unsigned roles)
{
	memset(u, 0, sizeof(*u));
	bm_strlcpy(u->login, login, sizeof(u->login));
	snprintf(u->display_name, sizeof(u->display_name), "显示 %s", login);
	bm_strlcpy(u->pw_hash, "$argon2id$v=19$m=65536,t=2,p=1$fake", sizeof(u->pw_hash));
	u->clearance.level = LEVEL_CONFIDENTIAL;
	compartments_init(&u->clearance.comps);
	u->roles = roles;
	u->password_changed_at = 1000;
	u->created_at = 1000;
	u->updated_at = 1000;
}

static int collect_ids(void *ctx, const void *rec)
{
	const struct user *u = rec;
	int64_t *ids = ctx;

	ids[++ids[0]] = u->id;
	return ids[0] >= 8 ? 1 : 0;
}

static void test_users_repo(void **state)
{
	struct fixture *f = *state;
	struct user u, v, w;
	struct bm_err err;
	int64_t ids[10], n = 0;

	bm_err_clear(&err);
	make_user(&u, "alice", ROLE_BIT(ROLE_SECURITY_ADMIN));
	assert_int_equal(compartments_add(&u.clearance.comps, "nuclear"), 0);
	assert_int_equal(compartments_add(&u.clearance.comps, "crypto"), 0);
	u.must_change_password = 1;
	assert_int_equal(users_repo_insert(f->db, &u, &err), 0);
	assert_true(u.id > 0);
	assert_int_equal(u.version, 1);

	assert_int_equal(users_repo_get(f->db, u.id, &v, &err), 0);
	assert_string_equal(v.login, "alice");
	assert_string_equal(v.display_name, "显示 alice");
	assert_string_equal(v.pw_hash, u.pw_hash);
	assert_int_equal(v.roles, ROLE_BIT(ROLE_SECURITY_ADMIN));
	assert_int_equal(v.clearance.level, LEVEL_CONFIDENTIAL);
	assert_int_equal(v.clearance.comps.n, 2);
	assert_string_equal(v.clearance.comps.name[0], "crypto");
	assert_string_equal(v.clearance.comps.name[1], "nuclear");
	assert_int_equal(v.must_change_password, 1);
	assert_int_equal(v.disabled, 0);
	assert_int_equal(v.authority_id, 0);
	assert_int_equal(v.unit_id, 0);
	assert_int_equal(v.version, 1);
	assert_int_equal(v.created_at, 1000);
	assert_int_equal(users_repo_get_by_login(f->db, "alice", &w, &err), 0);
	assert_int_equal(w.id, u.id);
	assert_int_equal(users_repo_get_by_login(f->db, "ALICE", &w, &err), BM_ENOTFOUND);
	assert_int_equal(users_repo_get(f->db, 9999, &w, &err), BM_ENOTFOUND);

	/* a duplicate login */
	make_user(&w, "alice", 0);
	bm_err_clear(&err);
	assert_int_equal(users_repo_insert(f->db, &w, &err), BM_ECONFLICT);

	/* update with the right version, roles replaced */
	v.roles = ROLE_BIT(ROLE_REVIEWER) | ROLE_BIT(ROLE_EXPERT);
	bm_strlcpy(v.display_name, "Alice W.", sizeof(v.display_name));
	v.disabled = 1;
	v.updated_at = 2000;
	assert_int_equal(users_repo_update(f->db, &v, 1, &err), 0);
	assert_int_equal(v.version, 2);
	assert_int_equal(users_repo_get(f->db, u.id, &w, &err), 0);
	assert_int_equal(w.version, 2);
	assert_int_equal(w.roles, ROLE_BIT(ROLE_REVIEWER) | ROLE_BIT(ROLE_EXPERT));
	assert_string_equal(w.display_name, "Alice W.");
	assert_int_equal(w.disabled, 1);
	assert_int_equal(w.updated_at, 2000);
	/* a stale version is refused and changes nothing */
	u.roles = ROLES_ALL;
	bm_strlcpy(u.display_name, "stale", sizeof(u.display_name));
	bm_err_clear(&err);
	assert_int_equal(users_repo_update(f->db, &u, 1, &err), BM_ESTALE);
	assert_string_equal(err.ecode, "version_mismatch");
	assert_int_equal(users_repo_get(f->db, u.id, &w, &err), 0);
	assert_int_equal(w.version, 2);
	assert_string_equal(w.display_name, "Alice W.");
	assert_int_equal(w.roles, ROLE_BIT(ROLE_REVIEWER) | ROLE_BIT(ROLE_EXPERT));
	/* a missing user */
	u.id = 9999;
	assert_int_equal(users_repo_update(f->db, &u, 1, &err), BM_ENOTFOUND);

	/* login bookkeeping does not bump the version */
	w.failed_count = 3;
	w.failed_since = 5000;
	w.locked_until = 6000;
	assert_int_equal(users_repo_set_login_state(f->db, &w, &err), 0);
	assert_int_equal(users_repo_get(f->db, w.id, &v, &err), 0);
	assert_int_equal(v.failed_count, 3);
	assert_int_equal(v.failed_since, 5000);
	assert_int_equal(v.locked_until, 6000);
	assert_int_equal(v.version, 2);

	/* an account cannot belong to both an authority and a unit (schema CHECK) */
	make_user(&w, "both", 0);
	w.authority_id = 1;
	w.unit_id = 1;
	assert_true(users_repo_insert(f->db, &w, &err) < 0);
	/* a membership that does not exist */
	make_user(&w, "dangling", 0);
	w.unit_id = 4242;
	bm_err_clear(&err);
	assert_int_equal(users_repo_insert(f->db, &w, &err), BM_ERULE);

	/* listing with filters and a visitor that stops early */
	for (int i = 0; i < 10; i++) {
		char login[16];
		snprintf(login, sizeof(login), "user%02d", i);
		make_user(&w, login, i % 2 ? ROLE_BIT(ROLE_UNIT_MEMBER) : 0);
		assert_int_equal(users_repo_insert(f->db, &w, &err), 0);
	}
	assert_int_equal(users_repo_count(f->db, &n, &err), 0);
	assert_int_equal(n, 11);
	{
		struct user_filter flt;
		memset(&flt, 0, sizeof(flt));
		ids[0] = 0;
		assert_int_equal(users_repo_list(f->db, &flt, collect_ids, ids, &err), 0);
		assert_int_equal(ids[0], 8); /* stopped by the visitor */
		flt.role = "unit_member";
		ids[0] = 0;
		assert_int_equal(users_repo_list(f->db, &flt, collect_ids, ids, &err), 0);
		assert_int_equal(ids[0], 5);
		flt.role = NULL;
		assert_int_equal(ids[2], 5); /* user00 is id 2, user01 id 3, user03 id 5 */
		flt.q = "user0";
		flt.after_id = ids[2];
		ids[0] = 0;
		assert_int_equal(users_repo_list(f->db, &flt, collect_ids, ids, &err), 0);
		assert_int_equal(ids[0], 6); /* user04 .. user09 */
		assert_int_equal(ids[1], 6);
		flt.q = "显示 alice";
		flt.after_id = 0;
		ids[0] = 0;
		assert_int_equal(users_repo_list(f->db, &flt, collect_ids, ids, &err), 0);
		assert_int_equal(ids[0], 0); /* renamed to Alice W. */
	}
}

static int count_visit(void *ctx, const void *rec)
{
	int *n = ctx;

	(void)rec;
	(*n)++;
	return 0;
}

static void test_orgs_repo(void **state)
{
	struct fixture *f = *state;
	struct authority a, b;
	struct unit u, v;
	struct region_rec r;
	struct bm_err err;
	struct user usr;
	int n = 0;

	bm_err_clear(&err);
	/* regions */
	assert_int_equal(regions_repo_get(f->db, "110000", &r, &err), 0);
	assert_string_equal(r.name_zh, "北京市");
	assert_string_equal(r.parent, "000000");
	assert_int_equal(regions_repo_get(f->db, "000000", &r, &err), 0);
	assert_string_equal(r.parent, "");
	assert_int_equal(regions_repo_get(f->db, "999999", &r, &err), BM_ENOTFOUND);
	memset(&r, 0, sizeof(r));
	bm_strlcpy(r.code, "110105", sizeof(r.code));
	bm_strlcpy(r.name_zh, "朝阳区", sizeof(r.name_zh));
	bm_strlcpy(r.name_en, "Chaoyang", sizeof(r.name_en));
	bm_strlcpy(r.parent, "110100", sizeof(r.parent));
	assert_int_equal(regions_repo_insert(f->db, &r, &err), BM_ERULE); /* 110100 unknown */
	bm_strlcpy(r.code, "110100", sizeof(r.code));
	bm_strlcpy(r.parent, "110000", sizeof(r.parent));
	assert_int_equal(regions_repo_insert(f->db, &r, &err), 0);
	assert_int_equal(regions_repo_insert(f->db, &r, &err), BM_ECONFLICT);
	assert_int_equal(regions_repo_list(f->db, "110000", count_visit, &n, &err), 0);
	assert_int_equal(n, 1);

	/* authorities */
	memset(&a, 0, sizeof(a));
	bm_strlcpy(a.name_zh, "国家保密局", sizeof(a.name_zh));
	bm_strlcpy(a.name_en, "National Administration of State Secrets Protection",
		   sizeof(a.name_en));
	bm_strlcpy(a.level, "national", sizeof(a.level));
	bm_strlcpy(a.region, "000000", sizeof(a.region));
	a.created_at = a.updated_at = 1;
	assert_int_equal(authorities_repo_insert(f->db, &a, &err), 0);
	assert_true(a.id > 0);
	assert_int_equal(a.version, 1);
	memset(&b, 0, sizeof(b));
	bm_strlcpy(b.name_zh, "北京市保密局", sizeof(b.name_zh));
	bm_strlcpy(b.name_en, "Beijing", sizeof(b.name_en));
	bm_strlcpy(b.level, "provincial", sizeof(b.level));
	bm_strlcpy(b.region, "110000", sizeof(b.region));
	b.parent_id = a.id;
	assert_int_equal(authorities_repo_insert(f->db, &b, &err), 0);
	assert_int_equal(authorities_repo_get_by_region(f->db, "110000", &b, &err), 0);
	assert_int_equal(b.parent_id, a.id);
	assert_string_equal(b.level, "provincial");
	assert_int_equal(authorities_repo_get(f->db, a.id, &b, &err), 0);
	assert_int_equal(b.parent_id, 0);
	assert_int_equal(authorities_repo_get(f->db, 999, &b, &err), BM_ENOTFOUND);
	/* one bureau per region; levels are constrained */
	b.id = 0;
	assert_int_equal(authorities_repo_insert(f->db, &b, &err), BM_ECONFLICT);
	bm_strlcpy(b.region, "120000", sizeof(b.region));
	bm_strlcpy(b.level, "county", sizeof(b.level));
	assert_int_equal(authorities_repo_insert(f->db, &b, &err), BM_ERULE);
	/* versioned update */
	bm_strlcpy(a.name_en, "NASSP", sizeof(a.name_en));
	a.updated_at = 2;
	assert_int_equal(authorities_repo_update(f->db, &a, 1, &err), 0);
	assert_int_equal(a.version, 2);
	bm_err_clear(&err);
	assert_int_equal(authorities_repo_update(f->db, &a, 1, &err), BM_ESTALE);
	assert_non_null(strstr(err.message, "version 2"));
	a.id = 999;
	assert_int_equal(authorities_repo_update(f->db, &a, 1, &err), BM_ENOTFOUND);
	n = 0;
	assert_int_equal(authorities_repo_list(f->db, count_visit, &n, &err), 0);
	assert_int_equal(n, 2);

	/* units */
	memset(&u, 0, sizeof(u));
	bm_strlcpy(u.name, "北京某研究所", sizeof(u.name));
	bm_strlcpy(u.uscc, "91110000101623741K", sizeof(u.uscc));
	bm_strlcpy(u.region, "110100", sizeof(u.region));
	bm_strlcpy(u.address, "北京市朝阳区某路 1 号", sizeof(u.address));
	bm_strlcpy(u.legal_representative, "张三", sizeof(u.legal_representative));
	bm_strlcpy(u.registered_on, "1999-09-09", sizeof(u.registered_on));
	bm_strlcpy(u.phone, "+86 10 1234 5678", sizeof(u.phone));
	u.label.level = LEVEL_SECRET;
	compartments_init(&u.label.comps);
	assert_int_equal(compartments_add(&u.label.comps, "space"), 0);
	u.created_at = u.updated_at = 3;
	assert_int_equal(units_repo_insert(f->db, &u, &err), 0);
	assert_true(u.id > 0);
	assert_int_equal(units_repo_get(f->db, u.id, &v, &err), 0);
	assert_string_equal(v.name, u.name);
	assert_string_equal(v.uscc, u.uscc);
	assert_string_equal(v.region, "110100");
	assert_string_equal(v.address, u.address);
	assert_string_equal(v.legal_representative, "张三");
	assert_string_equal(v.registered_on, "1999-09-09");
	assert_string_equal(v.phone, u.phone);
	assert_int_equal(v.label.level, LEVEL_SECRET);
	assert_int_equal(v.label.comps.n, 1);
	assert_string_equal(v.label.comps.name[0], "space");
	assert_int_equal(v.version, 1);
	assert_int_equal(units_repo_get(f->db, 999, &v, &err), BM_ENOTFOUND);
	/* duplicate USCC, unknown region */
	v.id = 0;
	assert_int_equal(units_repo_insert(f->db, &v, &err), BM_ECONFLICT);
	bm_strlcpy(v.uscc, "91350100M000100Y43", sizeof(v.uscc));
	bm_strlcpy(v.region, "350900", sizeof(v.region)); /* not in the regions table */
	assert_int_equal(units_repo_insert(f->db, &v, &err), BM_ERULE);
	bm_strlcpy(v.region, "350000", sizeof(v.region));
	v.registered_on[0] = '\0';
	v.label.level = LEVEL_INTERNAL;
	compartments_init(&v.label.comps);
	assert_int_equal(units_repo_insert(f->db, &v, &err), 0);
	assert_int_equal(units_repo_get(f->db, v.id, &v, &err), 0);
	assert_string_equal(v.registered_on, "");
	/* versioned update */
	bm_strlcpy(u.phone, "010-0000", sizeof(u.phone));
	assert_int_equal(units_repo_update(f->db, &u, 1, &err), 0);
	assert_int_equal(u.version, 2);
	assert_int_equal(units_repo_update(f->db, &u, 1, &err), BM_ESTALE);
	assert_int_equal(units_repo_get(f->db, u.id, &v, &err), 0);
	assert_string_equal(v.phone, "010-0000");
	assert_int_equal(v.version, 2);
	u.id = 999;
	assert_int_equal(units_repo_update(f->db, &u, 2, &err), BM_ENOTFOUND);
	/* listing: region prefix, search, level ceiling */
	{
		struct unit_filter flt;
		memset(&flt, 0, sizeof(flt));
		flt.max_level = LEVEL_TOP_SECRET;
		n = 0;
		assert_int_equal(units_repo_list(f->db, &flt, count_visit, &n, &err), 0);
		assert_int_equal(n, 2);
		flt.region_prefix = "11";
		n = 0;
		assert_int_equal(units_repo_list(f->db, &flt, count_visit, &n, &err), 0);
		assert_int_equal(n, 1);
		flt.region_prefix = NULL;
		flt.max_level = LEVEL_CONFIDENTIAL;
		n = 0;
		assert_int_equal(units_repo_list(f->db, &flt, count_visit, &n, &err), 0);
		assert_int_equal(n, 1);
		flt.max_level = LEVEL_TOP_SECRET;
		flt.q = "M000100";
		n = 0;
		assert_int_equal(units_repo_list(f->db, &flt, count_visit, &n, &err), 0);
		assert_int_equal(n, 1);
	}
	/* a user may belong to a unit that exists */
	make_user(&usr, "officer", ROLE_BIT(ROLE_UNIT_OFFICER));
	usr.unit_id = v.id;
	assert_int_equal(users_repo_insert(f->db, &usr, &err), 0);
	assert_int_equal(users_repo_get(f->db, usr.id, &usr, &err), 0);
	assert_int_equal(usr.unit_id, v.id);
	assert_string_equal(usr.region, v.region); /* the unit's region */
	assert_string_equal(usr.region, "110100");
	make_user(&usr, "reviewer", ROLE_BIT(ROLE_REVIEWER));
	usr.authority_id = b.id;
	assert_int_equal(authorities_repo_get_by_region(f->db, "110000", &b, &err), 0);
	usr.authority_id = b.id;
	assert_int_equal(users_repo_insert(f->db, &usr, &err), 0);
	assert_int_equal(users_repo_get_by_login(f->db, "reviewer", &usr, &err), 0);
	assert_string_equal(usr.region, "110000"); /* the authority's region */
}

static int collect_tokens(void *ctx, const void *rec)
{
	const struct api_token *t = rec;
	int64_t *ids = ctx;

	ids[++ids[0]] = t->id;
	return 0;
}

/* The session with hash h, through the one query the server uses. */
static int session_get(struct db *db, const unsigned char h[32], struct session_rec *s,
		       struct bm_err *err)
{
	struct user u;

	return users_repo_get_by_session(db, h, s, &u, err);
}

static void test_sessions_tokens_repo(void **state)
{
	struct fixture *f = *state;
	struct session_rec s, g;
	struct api_token t, t2, got;
	struct user u;
	struct bm_err err;
	unsigned char h1[32], h2[32], h3[32];
	int64_t n = 0, ids[8];

	bm_err_clear(&err);
	make_user(&u, "sessioned", ROLE_BIT(ROLE_SECURITY_AUDITOR));
	assert_int_equal(users_repo_insert(f->db, &u, &err), 0);
	memset(h1, 1, sizeof(h1));
	memset(h2, 2, sizeof(h2));
	memset(h3, 3, sizeof(h3));

	/* sessions */
	memset(&s, 0, sizeof(s));
	memcpy(s.token_hash, h1, 32);
	s.user_id = u.id;
	s.created_at = 100;
	s.last_seen_at = 100;
	assert_int_equal(sessions_repo_insert(f->db, &s, "127.0.0.1", &err), 0);
	assert_int_equal(sessions_repo_insert(f->db, &s, "127.0.0.1", &err), BM_ECONFLICT);
	memcpy(s.token_hash, h2, 32);
	s.created_at = 50;
	assert_int_equal(sessions_repo_insert(f->db, &s, "::1", &err), 0);
	assert_int_equal(session_get(f->db, h1, &g, &err), 0);
	assert_int_equal(g.user_id, u.id);
	assert_int_equal(g.created_at, 100);
	assert_int_equal(g.last_seen_at, 100);
	assert_memory_equal(g.token_hash, h1, 32);
	{
		struct user su;
		assert_int_equal(users_repo_get_by_session(f->db, h1, &g, &su, &err), 0);
		assert_int_equal(su.id, u.id);
		assert_string_equal(su.login, "sessioned");
		assert_int_equal(su.roles, ROLE_BIT(ROLE_SECURITY_AUDITOR));
		assert_string_equal(su.region, "");
	}
	assert_int_equal(session_get(f->db, h3, &g, &err), BM_ENOTFOUND);
	assert_int_equal(sessions_repo_touch(f->db, h1, 500, &err), 0);
	assert_int_equal(session_get(f->db, h1, &g, &err), 0);
	assert_int_equal(g.last_seen_at, 500);
	/* purge: h2 was created before the absolute cutoff */
	assert_int_equal(sessions_repo_purge(f->db, 0, 60, &err), 0);
	assert_int_equal(session_get(f->db, h2, &g, &err), BM_ENOTFOUND);
	assert_int_equal(session_get(f->db, h1, &g, &err), 0);
	/* idle cutoff */
	assert_int_equal(sessions_repo_purge(f->db, 501, 0, &err), 0);
	assert_int_equal(session_get(f->db, h1, &g, &err), BM_ENOTFOUND);
	/* delete one, delete all of a user */
	memcpy(s.token_hash, h1, 32);
	assert_int_equal(sessions_repo_insert(f->db, &s, "", &err), 0);
	memcpy(s.token_hash, h2, 32);
	assert_int_equal(sessions_repo_insert(f->db, &s, "", &err), 0);
	memcpy(s.token_hash, h3, 32);
	assert_int_equal(sessions_repo_insert(f->db, &s, "", &err), 0);
	assert_int_equal(sessions_repo_delete(f->db, h3, &err), 0);
	assert_int_equal(session_get(f->db, h3, &g, &err), BM_ENOTFOUND);
	assert_int_equal(sessions_repo_delete_user(f->db, u.id, &n, &err), 0);
	assert_int_equal(n, 2);
	/* a session for a user that does not exist */
	s.user_id = 4242;
	assert_int_equal(sessions_repo_insert(f->db, &s, "", &err), BM_ERULE);

	/* API tokens */
	memset(&t, 0, sizeof(t));
	t.user_id = u.id;
	bm_strlcpy(t.name, "CI 令牌", sizeof(t.name));
	bm_strlcpy(t.hint, "bmt_abcd", sizeof(t.hint));
	t.created_at = 10;
	t.expires_at = 1000;
	assert_int_equal(tokens_repo_insert(f->db, &t, h1, &err), 0);
	assert_true(t.id > 0);
	t2 = t;
	assert_int_equal(tokens_repo_insert(f->db, &t2, h1, &err), BM_ECONFLICT);
	assert_int_equal(tokens_repo_insert(f->db, &t2, h2, &err), 0);
	assert_true(t2.id > t.id);
	assert_int_equal(tokens_repo_get_by_hash(f->db, h1, &got, &err), 0);
	assert_int_equal(got.id, t.id);
	assert_int_equal(got.user_id, u.id);
	assert_string_equal(got.name, "CI 令牌");
	assert_string_equal(got.hint, "bmt_abcd");
	assert_int_equal(got.created_at, 10);
	assert_int_equal(got.expires_at, 1000);
	assert_int_equal(got.revoked_at, 0);
	assert_int_equal(got.last_used_at, 0);
	assert_int_equal(tokens_repo_get_by_hash(f->db, h3, &got, &err), BM_ENOTFOUND);
	assert_int_equal(tokens_repo_get(f->db, 999, &got, &err), BM_ENOTFOUND);
	assert_int_equal(tokens_repo_touch(f->db, t.id, 20, &err), 0);
	assert_int_equal(tokens_repo_revoke(f->db, t.id, 30, &err), 0);
	assert_int_equal(tokens_repo_revoke(f->db, t.id, 40, &err), 0); /* first revocation wins */
	assert_int_equal(tokens_repo_get(f->db, t.id, &got, &err), 0);
	assert_int_equal(got.last_used_at, 20);
	assert_int_equal(got.revoked_at, 30);
	ids[0] = 0;
	assert_int_equal(tokens_repo_list(f->db, u.id, collect_tokens, ids, &err), 0);
	assert_int_equal(ids[0], 2);
	assert_int_equal(ids[1], t2.id); /* newest first */
	assert_int_equal(ids[2], t.id);
	ids[0] = 0;
	assert_int_equal(tokens_repo_list(f->db, 4242, collect_tokens, ids, &err), 0);
	assert_int_equal(ids[0], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_db_bind_types, setup_plain, teardown),
		cmocka_unit_test_setup_teardown(test_db_errors, setup_plain, teardown),
		cmocka_unit_test_setup_teardown(test_db_transactions, setup_plain, teardown),
		cmocka_unit_test_setup_teardown(test_db_stmt_cache, setup_plain, teardown),
		cmocka_unit_test_setup_teardown(test_db_backup_integrity, setup_plain, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_fresh, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_empty_db, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_newer_db, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_rebuilds_certificates, setup_migrated,
						teardown),
		cmocka_unit_test_setup_teardown(test_migrate_changed_checksum, setup_migrated,
						teardown),
		cmocka_unit_test_setup_teardown(test_users_repo, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_orgs_repo, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_sessions_tokens_repo, setup_migrated,
						teardown),
	};

	db_global_init();
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
