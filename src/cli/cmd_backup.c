/*
 * cmd_backup.c - `baomi backup` (online, self-checking) and `baomi restore`.
 *
 * The backup holds the database only. The key files (DATA/keys) are deliberately
 * not in it: the master key must stay apart from the data it protects. Back them up
 * separately, once.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "base/str.h"
#include "cli/cli.h"
#include "store/db.h"
#include "base/banned.h"

static int parse(int argc, char **argv, const char *cmd, const char **data, const char **file)
{
	static const struct option opts[] = { { "data", required_argument, NULL, 'd' }, { 0 } };
	int c;

	*data = NULL;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'd')
			return cli_usage(cmd);
		*data = optarg;
	}
	if (optind + 1 != argc)
		return cli_usage(cmd);
	*file = argv[optind];
	*data = cli_data_dir(*data);
	return 0;
}

enum copy_check { COPY_OK, COPY_CORRUPT, COPY_AUDIT_FAILS };

/* integrity_check, then audit verify, of a database file. */
static enum copy_check check_copy(const char *path, const char *data)
{
	char pub[PATH_MAX], result[256];
	struct bm_err err;
	struct db *db = NULL;

	bm_err_clear(&err);
	if (db_open_readonly(&db, path, &err) != 0 ||
	    db_integrity_check(db, result, sizeof(result), &err) != 0) {
		db_close(db);
		cli_fail(&err);
		return COPY_CORRUPT;
	}
	db_close(db);
	if (strcmp(result, "ok") != 0) {
		fprintf(stderr, "baomi: %s fails PRAGMA integrity_check: %s\n", path, result);
		return COPY_CORRUPT;
	}
	printf("integrity_check: ok\n");
	if (bm_path_join(pub, sizeof(pub), data, "keys/audit.pub") != 0)
		return COPY_CORRUPT;
	return cli_audit_verify_file(path, pub, 1) == EXIT_OK ? COPY_OK : COPY_AUDIT_FAILS;
}

int cmd_backup(int argc, char **argv)
{
	const char *data = NULL, *file = NULL;
	char db_path[PATH_MAX], tmp[PATH_MAX];
	struct bm_err err;
	struct db *db = NULL;
	enum copy_check check;
	int rc = parse(argc, argv, "backup", &data, &file);

	if (rc != 0)
		return rc;
	if (access(file, F_OK) == 0) {
		fprintf(stderr, "baomi: %s exists; choose a new file\n", file);
		return EXIT_FAIL;
	}
	if (bm_path_join(db_path, sizeof(db_path), data, "baomi.db") != 0 ||
	    access(db_path, R_OK) != 0) {
		fprintf(stderr, "baomi: no database in %s\n", data);
		return EXIT_FAIL;
	}
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.partial", file) >= sizeof(tmp))
		return EXIT_USAGE;
	unlink(tmp);
	bm_err_clear(&err);
	if (db_open(&db, db_path, &err) != 0 || db_backup_to(db, tmp, &err) != 0) {
		db_close(db);
		unlink(tmp);
		return cli_fail(&err);
	}
	db_close(db);
	check = check_copy(tmp, data);
	if (check == COPY_CORRUPT) {
		unlink(tmp);
		fprintf(stderr, "baomi: backup discarded\n");
		return EXIT_FAIL;
	}
	if (rename(tmp, file) != 0) {
		fprintf(stderr, "baomi: cannot create %s: %s\n", file, strerror(errno));
		unlink(tmp);
		return EXIT_FAIL;
	}
	if (check == COPY_AUDIT_FAILS) {
		/* Keep the data (it may be all there is) but say loudly what is wrong. */
		fprintf(stderr,
			"baomi: backup written to %s, but its audit trail does NOT "
			"verify: the live database's trail is damaged; investigate\n",
			file);
		return EXIT_FAIL;
	}
	printf("backup written to %s\n", file);
	printf("note: the keys in %s/keys are not in the backup; keep a copy of them apart\n",
	       data);
	return EXIT_OK;
}

static int copy_file(const char *from, const char *to)
{
	char buf[65536];
	int in = open(from, O_RDONLY | O_CLOEXEC), out = -1, ok = 0;
	ssize_t n;

	if (in >= 0)
		out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (in >= 0 && out >= 0) {
		ok = 1;
		while ((n = read(in, buf, sizeof(buf))) > 0)
			if (write(out, buf, (size_t)n) != n)
				ok = 0;
		if (n < 0 || fsync(out) != 0)
			ok = 0;
	}
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return ok ? 0 : -1;
}

int cmd_restore(int argc, char **argv)
{
	const char *data = NULL, *file = NULL;
	char lock[PATH_MAX], db_path[PATH_MAX], tmp[PATH_MAX], side[PATH_MAX];
	int lock_fd, rc = parse(argc, argv, "restore", &data, &file);

	if (rc != 0)
		return rc;
	if (bm_path_join(lock, sizeof(lock), data, "server.lock") != 0 ||
	    bm_path_join(db_path, sizeof(db_path), data, "baomi.db") != 0 ||
	    bm_path_join(tmp, sizeof(tmp), data, "baomi.db.restoring") != 0)
		return EXIT_USAGE;
	lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (lock_fd < 0) {
		fprintf(stderr, "baomi: cannot open %s: %s\n", lock, strerror(errno));
		return EXIT_FAIL;
	}
	if (flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
		fprintf(stderr, "baomi: a server is running on %s; stop it before restoring\n",
			data);
		close(lock_fd);
		return EXIT_FAIL;
	}
	/* The lock stays held until we are done, so no server starts half-way. */
	if (check_copy(file, data) != COPY_OK) {
		fprintf(stderr, "baomi: %s is not a sound backup for %s; nothing changed\n", file,
			data);
		close(lock_fd);
		return EXIT_FAIL;
	}
	if (copy_file(file, tmp) != 0) {
		fprintf(stderr, "baomi: cannot copy %s: %s\n", file, strerror(errno));
		unlink(tmp);
		close(lock_fd);
		return EXIT_FAIL;
	}
	if ((size_t)snprintf(side, sizeof(side), "%s-wal", db_path) < sizeof(side))
		unlink(side);
	if ((size_t)snprintf(side, sizeof(side), "%s-shm", db_path) < sizeof(side))
		unlink(side);
	if (rename(tmp, db_path) != 0) {
		fprintf(stderr, "baomi: cannot replace %s: %s\n", db_path, strerror(errno));
		close(lock_fd);
		return EXIT_FAIL;
	}
	close(lock_fd);
	printf("restored %s from %s\n", db_path, file);
	return EXIT_OK;
}
