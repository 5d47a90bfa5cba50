/*
 * migrate.h - schema migrations, embedded in the binary at build time.
 *
 * Each migration is a numbered SQL file (src/store/migrations/NNNN_name.sql). Applied
 * migrations are recorded in schema_migrations with the SHA-256 of their text, each
 * applied in its own transaction. A database that records a version this binary does
 * not know is newer than the binary, and is refused.
 */
#ifndef BM_MIGRATE_H
#define BM_MIGRATE_H

#include <stddef.h>

#include "base/err.h"

struct db;

struct migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct migration migrations[];
extern const size_t migrations_count;

/* The newest version this binary knows. */
int migrate_latest(void);

/*
 * Bring the database up to migrate_latest(). *applied (may be NULL) gets the number
 * of migrations run. Fails with BM_ECONFLICT, naming the versions, when the database
 * is newer than this binary or an applied migration's checksum no longer matches.
 */
int migrate_run(struct db *db, int *applied, struct bm_err *err);

/* The database's current version (0 for an empty database). */
int migrate_current(struct db *db, int *version, struct bm_err *err);

#endif
