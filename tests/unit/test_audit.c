/*
 * test_audit.c - the tamper-evident audit trail on a real (temporary) SQLite
 * database created through the store layer and its migrations, with keys made by
 * keys_create: appending, signing heads, verifying, and then every kind of tampering
 * (the append-only triggers dropped first) with the exact first bad entry verify
 * must report.
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

#include "base/buf.h"
#include "base/err.h"
#include "base/str.h"
#include "sec/audit.h"
#include "sec/keys.h"
#include "sec/merkle.h"
#include "store/audit_repo.h"
#include "store/db.h"
#include "testutil.h"
#include "base/banned.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define ENTRIES	   10
#define INTERVAL   4 /* signed heads at 4 and 8 */

struct fixture {
	char dir[PATH_MAX];
	struct keys keys;
	struct db *db;	 /* the pristine trail */
	struct db *copy; /* the current tampered copy, closed by teardown */
	int copies;
};

static const char *const actions[] = { "user.create", "user.update", "unit.create", "session.login",
				       "audit.verify" };

static int append_entries(struct db *db, const struct keys *keys, int from, int to, int interval)
{
	struct bm_err err;

	bm_err_clear(&err);
	for (int i = from; i <= to; i++) {
		char oid[16], details[64];
		struct audit_row r;

		memset(&r, 0, sizeof(r));
		snprintf(oid, sizeof(oid), "%d", i * 3);
		snprintf(details, sizeof(details), "{\"n\":%d,\"note\":\"条目\"}", i);
		r.ts = 1795302931000LL + i * 1000;
		r.actor_id = i % 3 + 1;
		r.actor_login = i % 2 ? "admin" : "secadmin";
		r.actor_roles = i % 2 ? "system_admin" : "security_admin";
		r.action = actions[i % (int)N_ELEMS(actions)];
		r.object_type = "user";
		r.object_id = oid;
		r.outcome = i % 4 == 0 ? "denied" : "ok";
		r.request_id = "req-0001";
		r.client_addr = "127.0.0.1";
		r.details = details;
		if (db_begin(db, DB_TX_WRITE, &err) != 0)
			fail_msg("begin: %s", err.message);
		if (audit_append(db, keys, interval, &r, &err) != 0)
			fail_msg("audit_append %d: %s", i, err.message);
		assert_int_equal(r.seq, i);
		if (db_commit(db, &err) != 0)
			fail_msg("commit: %s", err.message);
	}
	return 0;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct bm_err err;

	assert_non_null(f);
	bm_err_clear(&err);
	tu_mkdtemp(f->dir);
	if (keys_create(f->dir, &err) != 0 || keys_load(&f->keys, f->dir, &err) != 0)
		fail_msg("keys: %s", err.message);
	f->db = tu_db_migrated(f->dir, "audit.db");
	append_entries(f->db, &f->keys, 1, ENTRIES, INTERVAL);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	db_close(f->copy);
	db_close(f->db);
	keys_release(&f->keys);
	tu_rmtree(f->dir);
	free(f);
	return 0;
}

/* A copy of the pristine trail, without the append-only triggers, to tamper with. */
static struct db *tamper_copy(struct fixture *f)
{
	char name[32], path[PATH_MAX];
	struct bm_err err;
	struct db *db;

	bm_err_clear(&err);
	db_close(f->copy);
	f->copy = NULL;
	snprintf(name, sizeof(name), "copy%d.db", ++f->copies);
	assert_int_equal(bm_path_join(path, sizeof(path), f->dir, name), 0);
	if (db_backup_to(f->db, path, &err) != 0)
		fail_msg("backup: %s", err.message);
	db = tu_db_open(f->dir, name);
	if (db_exec_script(
		    db,
		    "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"
		    "DROP TRIGGER audit_heads_no_update; DROP TRIGGER audit_heads_no_delete;",
		    &err) != 0)
		fail_msg("drop triggers: %s", err.message);
	f->copy = db;
	return db;
}

static void exec(struct db *db, const char *sql)
{
	struct bm_err err;

	bm_err_clear(&err);
	if (db_exec_script(db, sql, &err) != 0)
		fail_msg("%s: %s", sql, err.message);
}

/* Verify and return first_bad (0 when intact); checks the return code agrees. */
static int64_t verify(struct db *db, const unsigned char *pk, struct audit_report *rep)
{
	struct bm_err err;
	int rc;

	bm_err_clear(&err);
	rc = audit_verify(db, pk, rep, &err);
	if (rc != 0 && rc != BM_ECONFLICT)
		fail_msg("audit_verify could not run: %d %s", rc, err.message);
	if (rep->first_bad == 0) {
		assert_int_equal(rc, 0);
	} else {
		assert_int_equal(rc, BM_ECONFLICT);
		assert_true(strlen(rep->problem) > 0);
	}
	return rep->first_bad;
}

/* ---- recomputing roots, as an attacker who rewrites history would ---- */

struct recompute {
	struct merkle m;
	unsigned char roots[64][32];
	int64_t seqs[64];
	int n;
};

static int recompute_visit(void *ctx, const void *rec)
{
	struct recompute *rc = ctx;
	const struct audit_row *r = rec;
	unsigned char leaf[32];
	struct buf b;

	buf_init(&b, 1u << 20);
	assert_int_equal(audit_entry_encode(r, &b), 0);
	merkle_leaf_hash(b.data, b.len, leaf);
	buf_release(&b);
	merkle_append(&rc->m, leaf);
	assert_true(rc->n < 64);
	merkle_root(&rc->m, rc->roots[rc->n]);
	rc->seqs[rc->n++] = r->seq;
	return 0;
}

/* Give every entry the root its (possibly altered) content implies. */
static void recompute_roots(struct db *db)
{
	struct recompute rc;
	struct bm_err err;

	memset(&rc, 0, sizeof(rc));
	merkle_init(&rc.m);
	bm_err_clear(&err);
	assert_int_equal(audit_repo_scan(db, recompute_visit, &rc, &err), 0);
	for (int i = 0; i < rc.n; i++)
		assert_int_equal(db_exec(db, "UPDATE audit_log SET root = ? WHERE seq = ?",
					 DB_ARGS(DB_BLOB(rc.roots[i], 32), DB_INT(rc.seqs[i])),
					 NULL, &err),
				 0);
}

/* ---- tests ---- */

static void test_audit_intact(void **state)
{
	struct fixture *f = *state;
	struct audit_report rep;
	struct bm_err err;
	struct recompute rc;
	int64_t n = 0, last = -1;

	bm_err_clear(&err);
	assert_int_equal(verify(f->db, f->keys.audit_pk, &rep), 0);
	assert_int_equal(rep.entries, ENTRIES);
	assert_int_equal(rep.heads, ENTRIES / INTERVAL);
	assert_int_equal(audit_repo_count(f->db, &n, &err), 0);
	assert_int_equal(n, ENTRIES);
	assert_int_equal(audit_repo_last_head_size(f->db, &last, &err), 0);
	assert_int_equal(last, 8);

	/* the recorded roots are the RFC 6962 roots of the encoded entries */
	memset(&rc, 0, sizeof(rc));
	merkle_init(&rc.m);
	assert_int_equal(audit_repo_scan(f->db, recompute_visit, &rc, &err), 0);
	assert_int_equal(rc.n, ENTRIES);
	{
		struct db_stmt *st;
		int i = 0;
		assert_int_equal(db_query(f->db, &st,
					  "SELECT seq, root FROM audit_log ORDER BY seq", DB_NOARGS,
					  &err),
				 0);
		while (db_next(st) == DB_ROW) {
			size_t len;
			const void *root = db_blob(st, 1, &len);
			assert_int_equal(db_int(st, 0), i + 1);
			assert_int_equal(len, 32);
			assert_memory_equal(root, rc.roots[i], 32);
			i++;
		}
		db_done(st);
		assert_int_equal(i, ENTRIES);
	}
	/* the stored head of size 8 is signed over the root of 8 entries */
	{
		struct db_stmt *st;
		unsigned char msg[52];
		assert_int_equal(db_query(f->db, &st,
					  "SELECT size, ts, root, sig, key_id FROM audit_heads"
					  " WHERE size = 8",
					  DB_NOARGS, &err),
				 0);
		assert_int_equal(db_next(st), DB_ROW);
		{
			size_t rl, sl;
			const unsigned char *root = db_blob(st, 2, &rl);
			const unsigned char *sig = db_blob(st, 3, &sl);
			assert_int_equal(rl, 32);
			assert_int_equal(sl, 64);
			assert_memory_equal(root, rc.roots[7], 32);
			audit_head_message(8, db_int(st, 1), root, msg);
			assert_int_equal(crypto_sign_verify_detached(sig, msg, sizeof(msg),
								     f->keys.audit_pk),
					 0);
			assert_string_equal(db_text(st, 4), f->keys.audit_key_id);
		}
		db_done(st);
		assert_memory_equal(msg, "BMH1", 4);
	}
}

static void test_audit_sign_current(void **state)
{
	struct fixture *f = *state;
	struct audit_report rep;
	struct bm_err err;
	int64_t last = 0;
	struct db *db = tamper_copy(f); /* a copy, so the fixture stays as it was */

	bm_err_clear(&err);
	assert_int_equal(audit_sign_current(db, &f->keys, &err), 0);
	assert_int_equal(audit_repo_last_head_size(db, &last, &err), 0);
	assert_int_equal(last, ENTRIES);
	/* nothing new: no second head */
	assert_int_equal(audit_sign_current(db, &f->keys, &err), 0);
	assert_int_equal(verify(db, f->keys.audit_pk, &rep), 0);
	assert_int_equal(rep.heads, ENTRIES / INTERVAL + 1);
	/* appending goes on from the stored frontier */
	append_entries(db, &f->keys, ENTRIES + 1, ENTRIES + 5, 0);
	assert_int_equal(verify(db, f->keys.audit_pk, &rep), 0);
	assert_int_equal(rep.entries, ENTRIES + 5);
	/* now entries after the last signed head can be rewritten with their roots
	 * recomputed, but not those the signed head of size 10 covers */
	exec(db, "UPDATE audit_log SET details = '{}' WHERE seq = 10");
	recompute_roots(db);
	assert_int_equal(verify(db, f->keys.audit_pk, &rep), 9);
}

static void test_audit_append_needs_tx(void **state)
{
	struct fixture *f = *state;
	struct audit_row r;
	struct bm_err err;
	int64_t n = 0;

	memset(&r, 0, sizeof(r));
	r.actor_login = r.actor_roles = r.action = r.object_type = r.object_id = "x";
	r.outcome = r.request_id = r.client_addr = r.details = "x";
	bm_err_clear(&err);
	assert_int_equal(audit_append(f->db, &f->keys, INTERVAL, &r, &err), BM_EINTERNAL);
	assert_int_equal(audit_repo_count(f->db, &n, &err), 0);
	assert_int_equal(n, ENTRIES);
}

static void test_audit_triggers(void **state)
{
	struct fixture *f = *state;
	static const char *const refused[] = {
		"UPDATE audit_log SET details = '{}' WHERE seq = 3",
		"DELETE FROM audit_log WHERE seq = 10",
		"DELETE FROM audit_log",
		"UPDATE audit_heads SET ts = 0 WHERE size = 4",
		"DELETE FROM audit_heads WHERE size = 8",
	};
	struct audit_report rep;

	for (size_t i = 0; i < N_ELEMS(refused); i++) {
		struct bm_err err;
		bm_err_clear(&err);
		if (db_exec(f->db, refused[i], DB_NOARGS, NULL, &err) != BM_ECONFLICT)
			fail_msg("not refused: %s", refused[i]);
		assert_string_equal(err.ecode, "refused_by_trigger");
	}
	assert_int_equal(verify(f->db, f->keys.audit_pk, &rep), 0);
}

struct tamper_case {
	const char *what;
	const char *sql; /* run on a copy without triggers */
	int recompute;	 /* then give every entry the root its content implies */
	int64_t first_bad;
};

static const struct tamper_case tamper_cases[] = {
	/* a changed entry no longer matches its recorded root */
	{ "modify 1", "UPDATE audit_log SET details = '{}' WHERE seq = 1", 0, 1 },
	{ "modify 2", "UPDATE audit_log SET details = '{}' WHERE seq = 2", 0, 2 },
	{ "modify 3", "UPDATE audit_log SET outcome = 'denied' WHERE seq = 3", 0, 3 },
	{ "modify 4", "UPDATE audit_log SET ts = ts + 1 WHERE seq = 4", 0, 4 },
	{ "modify 5", "UPDATE audit_log SET actor_login = 'mallory' WHERE seq = 5", 0, 5 },
	{ "modify 6", "UPDATE audit_log SET actor_id = 99 WHERE seq = 6", 0, 6 },
	{ "modify 7", "UPDATE audit_log SET object_id = '0' WHERE seq = 7", 0, 7 },
	{ "modify 8", "UPDATE audit_log SET client_addr = '10.0.0.1' WHERE seq = 8", 0, 8 },
	{ "modify 9", "UPDATE audit_log SET action = 'x' WHERE seq = 9", 0, 9 },
	{ "modify 10", "UPDATE audit_log SET request_id = '' WHERE seq = 10", 0, 10 },
	{ "modify roles", "UPDATE audit_log SET actor_roles = 'a' WHERE seq = 4", 0, 4 },
	{ "modify object type", "UPDATE audit_log SET object_type = 'unit' WHERE seq = 2", 0, 2 },
	{ "modify two", "UPDATE audit_log SET details = '{}' WHERE seq IN (6, 3)", 0, 3 },
	/* the recorded root itself */
	{ "zero root 2", "UPDATE audit_log SET root = zeroblob(32) WHERE seq = 2", 0, 2 },
	{ "short root 7", "UPDATE audit_log SET root = substr(root, 1, 31) WHERE seq = 7", 0, 7 },
	{ "long root 7", "UPDATE audit_log SET root = root || x'00' WHERE seq = 7", 0, 7 },
	{ "empty root 9", "UPDATE audit_log SET root = x'' WHERE seq = 9", 0, 9 },
	{ "root of 4 on 5",
	  "UPDATE audit_log SET root = (SELECT root FROM audit_log WHERE seq = 4) WHERE seq = 5", 0,
	  5 },
	/* deletions: a gap names the first missing number */
	{ "delete 1", "DELETE FROM audit_log WHERE seq = 1", 0, 1 },
	{ "delete 2", "DELETE FROM audit_log WHERE seq = 2", 0, 2 },
	{ "delete 4", "DELETE FROM audit_log WHERE seq = 4", 0, 4 },
	{ "delete 5", "DELETE FROM audit_log WHERE seq = 5", 0, 5 },
	{ "delete 8", "DELETE FROM audit_log WHERE seq = 8", 0, 8 },
	{ "delete 9", "DELETE FROM audit_log WHERE seq = 9", 0, 9 },
	{ "delete 3 and 7", "DELETE FROM audit_log WHERE seq IN (3, 7)", 0, 3 },
	{ "delete 2..9", "DELETE FROM audit_log WHERE seq BETWEEN 2 AND 9", 0, 2 },
	/* truncation of the tail */
	{ "truncate 10", "DELETE FROM audit_log WHERE seq = 10", 0, 10 },
	{ "truncate 9..10", "DELETE FROM audit_log WHERE seq >= 9", 0, 9 },
	{ "truncate 8..10", "DELETE FROM audit_log WHERE seq >= 8", 0, 8 },
	{ "truncate 5..10", "DELETE FROM audit_log WHERE seq >= 5", 0, 5 },
	{ "truncate all", "DELETE FROM audit_log", 0, 1 },
	/* undetectable by design: the unsigned tail, cut together with the frontier */
	{ "truncate 10 and the frontier",
	  "DELETE FROM audit_log WHERE seq = 10;"
	  "UPDATE audit_state SET size = 9",
	  0, 0 },
	{ "truncate 9..10, frontier rewound",
	  "DELETE FROM audit_log WHERE seq >= 9; UPDATE audit_state SET size = 8", 0, 0 },
	{ "truncate 7..10, frontier rewound",
	  "DELETE FROM audit_log WHERE seq >= 7; UPDATE audit_state SET size = 6", 0, 7 },
	{ "frontier ahead", "UPDATE audit_state SET size = 12", 0, 11 },
	/* reordering */
	{ "swap 3 and 4",
	  "UPDATE audit_log SET seq = -3 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = 4;"
	  "UPDATE audit_log SET seq = 4 WHERE seq = -3",
	  0, 3 },
	{ "swap 9 and 10",
	  "UPDATE audit_log SET seq = -9 WHERE seq = 9; UPDATE audit_log SET seq = 9 WHERE seq = "
	  "10;"
	  "UPDATE audit_log SET seq = 10 WHERE seq = -9",
	  0, 9 },
	{ "swap contents of 6 and 7",
	  "CREATE TEMP TABLE t AS SELECT * FROM audit_log WHERE seq IN (6, 7);"
	  "UPDATE audit_log SET (ts, actor_id, actor_login, actor_roles, action, object_type,"
	  " object_id, outcome, request_id, client_addr, details, root) = (SELECT ts, actor_id,"
	  " actor_login, actor_roles, action, object_type, object_id, outcome, request_id,"
	  " client_addr, details, root FROM t WHERE t.seq = 13 - audit_log.seq)"
	  " WHERE seq IN (6, 7)",
	  0, 6 },
	{ "move 5 to the end", "UPDATE audit_log SET seq = 11 WHERE seq = 5", 0, 5 },
	/* insertion */
	{ "insert a copy of 5 as 6",
	  "UPDATE audit_log SET seq = -(seq + 1) WHERE seq >= 6;"
	  "UPDATE audit_log SET seq = -seq WHERE seq < 0;"
	  "INSERT INTO audit_log SELECT 6, ts, actor_id, actor_login, actor_roles, action,"
	  " object_type, object_id, outcome, request_id, client_addr, details, root"
	  " FROM audit_log WHERE seq = 5",
	  0, 6 },
	{ "copy of 1 as entry 0",
	  "INSERT INTO audit_log SELECT 0, ts, actor_id, actor_login, actor_roles, action,"
	  " object_type, object_id, outcome, request_id, client_addr, details, root"
	  " FROM audit_log WHERE seq = 1",
	  0, 1 },
	{ "duplicate 10 as 11",
	  "INSERT INTO audit_log SELECT 11, ts, actor_id, actor_login, actor_roles, action,"
	  " object_type, object_id, outcome, request_id, client_addr, details, root"
	  " FROM audit_log WHERE seq = 10",
	  0, 11 },
	/* history rewritten with recomputed roots: only the signed heads tell */
	{ "rewrite 2", "UPDATE audit_log SET details = '{}' WHERE seq = 2", 1, 1 },
	{ "rewrite 4", "UPDATE audit_log SET details = '{}' WHERE seq = 4", 1, 1 },
	{ "rewrite 5", "UPDATE audit_log SET details = '{}' WHERE seq = 5", 1, 5 },
	{ "rewrite 8", "UPDATE audit_log SET outcome = 'ok' WHERE seq = 8", 1, 5 },
	{ "rewrite 10 (after the last head)", "UPDATE audit_log SET outcome = 'x' WHERE seq = 10",
	  1, 0 },
	/* undetectable by design: entries after the last signed head */
	{ "rewrite 9 (after the last head)", "UPDATE audit_log SET details = '{}' WHERE seq = 9", 1,
	  0 },
	{ "delete 3, renumber, recompute",
	  "DELETE FROM audit_log WHERE seq = 3; UPDATE audit_log SET seq = -(seq - 1) WHERE seq > "
	  "3;"
	  "UPDATE audit_log SET seq = -seq WHERE seq < 0;"
	  "UPDATE audit_state SET size = 9",
	  1, 1 },
	{ "delete 6, renumber, recompute",
	  "DELETE FROM audit_log WHERE seq = 6; UPDATE audit_log SET seq = -(seq - 1) WHERE seq > "
	  "6;"
	  "UPDATE audit_log SET seq = -seq WHERE seq < 0;"
	  "UPDATE audit_state SET size = 9",
	  1, 5 },
	/* the signed heads themselves */
	{ "head 4 root", "UPDATE audit_heads SET root = zeroblob(32) WHERE size = 4", 0, 1 },
	{ "head 8 signature", "UPDATE audit_heads SET sig = zeroblob(64) WHERE size = 8", 0, 5 },
	{ "head 8 ts", "UPDATE audit_heads SET ts = ts + 1 WHERE size = 8", 0, 5 },
	{ "head 8 short sig", "UPDATE audit_heads SET sig = substr(sig, 1, 63) WHERE size = 8", 0,
	  5 },
	{ "head 4 moved to 3", "UPDATE audit_heads SET size = 3 WHERE size = 4", 0, 1 },
	{ "head 8 copied to 9",
	  "INSERT INTO audit_heads SELECT 9, root, ts, key_id, sig FROM audit_heads"
	  " WHERE size = 8",
	  0, 9 },
	{ "head beyond the end",
	  "INSERT INTO audit_heads SELECT 12, root, ts, key_id, sig FROM audit_heads"
	  " WHERE size = 8",
	  0, 11 },
	{ "head of size 0",
	  "INSERT INTO audit_heads SELECT 0, root, ts, key_id, sig FROM audit_heads"
	  " WHERE size = 8",
	  0, 1 },
	{ "head of negative size",
	  "INSERT INTO audit_heads SELECT -5, root, ts, key_id, sig FROM audit_heads"
	  " WHERE size = 8",
	  0, 1 },
	/* removing heads loses evidence but is not itself an inconsistency */
	{ "delete head 8", "DELETE FROM audit_heads WHERE size = 8", 0, 0 },
	{ "delete head 8, rewrite 6",
	  "DELETE FROM audit_heads WHERE size = 8; UPDATE audit_log SET details = '{}'"
	  " WHERE seq = 6",
	  1, 0 },
};

static void test_audit_tampering(void **state)
{
	struct fixture *f = *state;
	int bad = 0;

	for (size_t i = 0; i < N_ELEMS(tamper_cases); i++) {
		const struct tamper_case *c = &tamper_cases[i];
		struct audit_report rep;
		struct db *db = tamper_copy(f);
		int64_t got;

		exec(db, c->sql);
		if (c->recompute)
			recompute_roots(db);
		got = verify(db, f->keys.audit_pk, &rep);
		if (got != c->first_bad) {
			print_error("%s: first_bad %lld, want %lld (%s)\n", c->what, (long long)got,
				    (long long)c->first_bad, rep.problem);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

static void test_audit_wrong_key(void **state)
{
	struct fixture *f = *state;
	struct audit_report rep;
	unsigned char pk[32], sk[64];

	crypto_sign_keypair(pk, sk);
	assert_int_equal(verify(f->db, pk, &rep), 1);
	/* the public key file written by keys_create is the one that verifies */
	{
		char path[PATH_MAX];
		struct bm_err err;
		bm_err_clear(&err);
		assert_int_equal(bm_path_join(path, sizeof(path), f->dir, "keys/audit.pub"), 0);
		assert_int_equal(keys_read_public(path, pk, &err), 0);
		assert_memory_equal(pk, f->keys.audit_pk, 32);
		assert_int_equal(verify(f->db, pk, &rep), 0);
	}
}

static void test_audit_state_corrupt(void **state)
{
	struct fixture *f = *state;
	struct db *db = tamper_copy(f);
	struct audit_row r;
	struct bm_err err;

	/* a frontier that disagrees with its size makes appends fail closed */
	exec(db, "UPDATE audit_state SET size = 11");
	memset(&r, 0, sizeof(r));
	r.actor_login = r.actor_roles = r.action = r.object_type = r.object_id = "x";
	r.outcome = r.request_id = r.client_addr = r.details = "x";
	bm_err_clear(&err);
	assert_int_equal(db_begin(db, DB_TX_WRITE, &err), 0);
	assert_int_equal(audit_append(db, &f->keys, INTERVAL, &r, &err), BM_EINTERNAL);
	assert_string_equal(err.ecode, "audit_state_corrupt");
	db_rollback(db);
	exec(db, "UPDATE audit_state SET size = 10, frontier = x'00'");
	assert_int_equal(db_begin(db, DB_TX_WRITE, &err), 0);
	assert_int_equal(audit_append(db, &f->keys, INTERVAL, &r, &err), BM_EINTERNAL);
	db_rollback(db);
}

static int count_visit(void *ctx, const void *rec)
{
	const struct audit_row *r = rec;
	int64_t *seqs = ctx;

	seqs[++seqs[0]] = r->seq;
	return 0;
}

static void test_audit_query(void **state)
{
	struct fixture *f = *state;
	struct audit_filter flt;
	struct bm_err err;
	int64_t seqs[ENTRIES + 2];

	bm_err_clear(&err);
	memset(&flt, 0, sizeof(flt));
	seqs[0] = 0;
	assert_int_equal(audit_repo_query(f->db, &flt, count_visit, seqs, &err), 0);
	assert_int_equal(seqs[0], ENTRIES);
	assert_int_equal(seqs[1], ENTRIES); /* newest first */
	/* an action prefix ending in '.', an exact action, an actor, a cursor */
	flt.action = "user.";
	seqs[0] = 0;
	assert_int_equal(audit_repo_query(f->db, &flt, count_visit, seqs, &err), 0);
	assert_int_equal(seqs[0], 4); /* 1, 5, 6, 10 */
	flt.action = "user";
	seqs[0] = 0;
	assert_int_equal(audit_repo_query(f->db, &flt, count_visit, seqs, &err), 0);
	assert_int_equal(seqs[0], 0);
	flt.action = "user.create";
	flt.actor = "secadmin";
	seqs[0] = 0;
	assert_int_equal(audit_repo_query(f->db, &flt, count_visit, seqs, &err), 0);
	assert_int_equal(seqs[0], 1);
	assert_int_equal(seqs[1], 10);
	memset(&flt, 0, sizeof(flt));
	flt.before_seq = 4;
	seqs[0] = 0;
	assert_int_equal(audit_repo_query(f->db, &flt, count_visit, seqs, &err), 0);
	assert_int_equal(seqs[0], 3);
	assert_int_equal(seqs[1], 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_audit_intact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_sign_current, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_append_needs_tx, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_triggers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_tampering, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_wrong_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_state_corrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_query, setup, teardown),
	};

	if (sodium_init() < 0)
		return 1;
	db_global_init();
	return cmocka_run_group_tests_name("audit", tests, NULL, NULL);
}
