/*
 * migrate.c - applying the embedded migrations in order, each in a transaction.
 *
 * Foreign keys are off while a migration runs and checked as a whole before it
 * commits (PRAGMA foreign_key_check), as SQLite asks of a schema change that rebuilds
 * a table others refer to (sqlite.org/lang_altertable.html, "Making Other Kinds Of
 * Table Schema Changes"). The pragma is a no-op inside a transaction, so it is set
 * around it, and set back on whatever the outcome.
 */
#include <sodium.h>
#include <string.h>

#include "base/log.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "store/db.h"
#include "store/migrate.h"
#include "base/banned.h"

static const char *const create_table = "CREATE TABLE IF NOT EXISTS schema_migrations ("
					" version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
					" checksum TEXT NOT NULL, applied_at INTEGER NOT NULL)";

int migrate_latest(void)
{
	int v = 0;

	for (size_t i = 0; i < migrations_count; i++)
		if (migrations[i].version > v)
			v = migrations[i].version;
	return v;
}

static void checksum(const char *sql, char out[2 * crypto_hash_sha256_BYTES + 1])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)sql, strlen(sql));
	bm_hex_encode(h, sizeof(h), out);
}

int migrate_current(struct db *db, int *version, struct bm_err *err)
{
	int64_t v = 0;
	int rc = db_exec(db, create_table, DB_NOARGS, NULL, err);

	if (rc != 0)
		return rc;
	rc = db_exec_int(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", DB_NOARGS,
			 &v, err);
	*version = (int)v;
	return rc;
}

/* Every recorded migration must be one we know, with the same text. */
static int check_applied(struct db *db, struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st,
			  "SELECT version, checksum FROM schema_migrations ORDER BY version",
			  DB_NOARGS, err);

	if (rc != 0)
		return rc;
	while ((rc = db_next_err(st, err)) == DB_ROW) {
		int version = (int)db_int(st, 0);
		const struct migration *m = NULL;
		char sum[2 * crypto_hash_sha256_BYTES + 1];

		for (size_t i = 0; i < migrations_count; i++)
			if (migrations[i].version == version)
				m = &migrations[i];
		if (m == NULL) {
			rc = bm_err_set(
				err, BM_ECONFLICT, "database_too_new", NULL,
				"the database has schema version %d but this baomi knows "
				"versions up to %d: upgrade baomi before using this database",
				version, migrate_latest());
			break;
		}
		checksum(m->sql, sum);
		if (strcmp(sum, db_text(st, 1)) != 0) {
			rc = bm_err_set(err, BM_ECONFLICT, "migration_changed", NULL,
					"migration %04d_%s differs from the one applied to this "
					"database (checksum mismatch)",
					m->version, m->name);
			break;
		}
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* Every foreign key of the database holds after migration m (inside its transaction):
 * BM_EINTERNAL naming the first table that breaks one otherwise. */
static int foreign_keys_hold(struct db *db, const struct migration *m, struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, "PRAGMA foreign_key_check", DB_NOARGS, err);

	if (rc != 0)
		return rc;
	rc = db_next_err(st, err);
	if (rc == DB_ROW)
		rc = bm_err_set(err, BM_EINTERNAL, "migration_broke_references", NULL,
				"migration %04d_%s leaves a row of table %s referring to a "
				"missing row of %s",
				m->version, m->name, db_text(st, 0), db_text(st, 2));
	else if (rc == DB_DONE)
		rc = 0;
	db_done(st);
	return rc;
}

/* Switch foreign keys back on after a migration; rc is what the migration gave (an
 * error it gave wins over one here). */
static int foreign_keys_on(struct db *db, int rc)
{
	struct bm_err ignored;
	int on = db_exec(db, "PRAGMA foreign_keys=ON", DB_NOARGS, NULL, &ignored);

	if (on != 0)
		log_error("foreign keys could not be switched back on: %s", ignored.message);
	return rc != 0 ? rc : on;
}

static int apply_one(struct db *db, const struct migration *m, struct bm_err *err)
{
	char sum[2 * crypto_hash_sha256_BYTES + 1];
	int rc;

	checksum(m->sql, sum);
	rc = db_exec(db, "PRAGMA foreign_keys=OFF", DB_NOARGS, NULL, err);
	if (rc == 0)
		rc = db_begin(db, DB_TX_WRITE, err);
	if (rc != 0)
		return foreign_keys_on(db, rc);
	rc = db_exec_script(db, m->sql, err);
	if (rc == 0)
		rc = foreign_keys_hold(db, m, err);
	if (rc == 0)
		rc = db_exec(db,
			     "INSERT INTO schema_migrations (version, name, checksum, applied_at) "
			     "VALUES (?, ?, ?, ?)",
			     DB_ARGS(DB_INT(m->version), DB_TEXT(m->name), DB_TEXT(sum),
				     DB_INT(bm_now_ms())),
			     NULL, err);
	if (rc == 0)
		rc = db_commit(db, err);
	if (rc != 0) {
		db_rollback(db);
		log_error("migration %04d_%s failed", m->version, m->name);
	}
	return foreign_keys_on(db, rc);
}

int migrate_run(struct db *db, int *applied, struct bm_err *err)
{
	int current, rc, n = 0;

	if (applied != NULL)
		*applied = 0;
	rc = migrate_current(db, &current, err);
	if (rc == 0)
		rc = check_applied(db, err);
	if (rc != 0)
		return rc;
	for (int v = current + 1; v <= migrate_latest(); v++) {
		for (size_t i = 0; i < migrations_count; i++) {
			if (migrations[i].version != v)
				continue;
			rc = apply_one(db, &migrations[i], err);
			if (rc != 0)
				return rc;
			log_info("applied migration %04d_%s", v, migrations[i].name);
			n++;
		}
	}
	if (applied != NULL)
		*applied = n;
	return 0;
}
