/*
 * cmd_init.c - `baomi init`: a new data directory with keys, schema and the first
 * system administrator.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/str.h"
#include "cli/cli.h"
#include "sec/audit.h"
#include "service/users.h"
#include "store/db.h"
#include "store/migrate.h"
#include "base/banned.h"

int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = { { "data", required_argument, NULL, 'd' },
					      { "demo", no_argument, NULL, 'D' },
					      { 0 } };
	const char *data = NULL;
	char path[PATH_MAX], password[21];
	struct cli_env env;
	struct bm_err err;
	struct db *db = NULL;
	int demo = 0, c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			data = optarg;
		else if (c == 'D')
			demo = 1;
		else
			return cli_usage("init");
	}
	if (optind != argc)
		return cli_usage("init");
	data = cli_data_dir(data);
	bm_err_clear(&err);
	if (mkdir(data, 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "baomi: cannot create %s: %s\n", data, strerror(errno));
		return EXIT_FAIL;
	}
	if (bm_path_join(path, sizeof(path), data, "baomi.db") != 0 || access(path, F_OK) == 0) {
		fprintf(stderr, "baomi: %s is already initialised\n", data);
		return EXIT_FAIL;
	}
	if (keys_create(data, &err) != 0)
		return cli_fail(&err);
	if (db_open(&db, path, &err) != 0 || migrate_run(db, NULL, &err) != 0) {
		db_close(db);
		return cli_fail(&err);
	}
	db_close(db);
	if (cli_env_open(&env, data, &err) != 0)
		return cli_fail(&err);

	cli_random_password(password);
	{
		struct user_access acc = {
			ROLE_BIT(ROLE_SYSTEM_ADMIN), 0, 0, { LEVEL_SECRET, { 0 } }
		};
		struct user_new n = { "admin", "System administrator", password, 1, &acc };
		rc = users_create(&env.svc, &n, NULL, &err);
	}
	if (rc == 0 && demo) {
		FILE *f;
		if (bm_path_join(path, sizeof(path), data, "demo-logins.txt") != 0 ||
		    (f = fopen(path, "w")) == NULL) {
			rc = bm_err_set(&err, BM_EIO, NULL, NULL, "cannot write demo-logins.txt");
		} else {
			rc = demo_load(&env, f, &err);
			fclose(f);
		}
	}
	if (rc == 0)
		rc = audit_sign_current(env.db, &env.keys, &err);
	cli_env_close(&env);
	if (rc != 0)
		return cli_fail(&err);
	printf("initialised %s\n", data);
	printf("first system administrator: login admin, password %s\n", password);
	printf("(the password is shown only now; keep it safe)\n");
	if (demo) {
		printf("demo data loaded; demo logins:\n");
		fflush(stdout);
		if (bm_path_join(path, sizeof(path), data, "demo-logins.txt") == 0) {
			FILE *f = fopen(path, "r");
			char line[256];
			while (f != NULL && fgets(line, sizeof(line), f) != NULL)
				fputs(line, stdout);
			if (f != NULL)
				fclose(f);
		}
	}
	sodium_memzero(password, sizeof(password));
	return EXIT_OK;
}
