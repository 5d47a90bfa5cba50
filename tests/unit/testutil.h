/*
 * testutil.h - helpers shared by the cmocka suites: scratch directories and a freshly
 * migrated database, so each test starts from nothing and leaves nothing behind.
 */
#ifndef BM_TESTUTIL_H
#define BM_TESTUTIL_H

#include <limits.h>
#include <stddef.h>

struct db;

/* Create a new empty directory (under $TMPDIR or /tmp) and write its path into dir.
 * Fails the running test when that is impossible. */
void tu_mkdtemp(char dir[PATH_MAX]);
/* Remove dir and everything below it. */
void tu_rmtree(const char *dir);

/* Open dir/name as a database (no migrations). Fails the test on error. */
struct db *tu_db_open(const char *dir, const char *name);
/* Open dir/name and bring it to the latest schema. Fails the test on error. */
struct db *tu_db_migrated(const char *dir, const char *name);

/* Parse 64 hex characters into 32 bytes (test vectors). Fails the test on error. */
void tu_hex32(const char *hex, unsigned char out[32]);

#endif
