/*
 * cmd_misc.c - what commands share: the data directory, the operator environment,
 * error output; and `baomi migrate`.
 */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/str.h"
#include "cli/cli.h"
#include "store/db.h"
#include "store/migrate.h"
#include "service/refdata.h"
#include "base/banned.h"

const char *cli_data_dir(const char *opt)
{
	const char *env = getenv("BAOMI_DATA");

	if (opt != NULL)
		return opt;
	return env != NULL && env[0] != '\0' ? env : "./baomi-data";
}

int cli_fail(const struct bm_err *err)
{
	const char *msg = err->message[0] ? err->message : "failed";

	if (err->field[0] != '\0')
		fprintf(stderr, "baomi: %s (field %s)\n", msg, err->field);
	else
		fprintf(stderr, "baomi: %s\n", msg);
	return EXIT_FAIL;
}

int cli_usage(const char *cmd)
{
	for (const struct cli_cmd *c = cli_commands; c->name != NULL; c++)
		if (strcmp(c->name, cmd) == 0)
			fprintf(stderr, "usage: baomi %s\n", c->usage);
	return EXIT_USAGE;
}

void cli_random_password(char out[21])
{
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

	for (int i = 0; i < 20; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[20] = '\0';
}

int cli_env_open(struct cli_env *env, const char *data_dir, struct bm_err *err)
{
	char db_path[PATH_MAX];
	const char *v;
	int rc;

	memset(env, 0, sizeof(*env));
	config_defaults(&env->cfg, data_dir);
	if ((rc = config_load_file(&env->cfg, err)) != 0)
		return rc;
	/* the same scheme and calendar directories as the server's (serve reads these
	 * variables too, under its --schemes and --calendars options) */
	if ((v = getenv("BAOMI_SCHEMES")) != NULL && v[0] != '\0')
		bm_strlcpy(env->cfg.schemes_dir, v, sizeof(env->cfg.schemes_dir));
	if ((v = getenv("BAOMI_CALENDARS")) != NULL && v[0] != '\0')
		bm_strlcpy(env->cfg.calendars_dir, v, sizeof(env->cfg.calendars_dir));
	if (bm_path_join(db_path, sizeof(db_path), data_dir, "baomi.db") != 0 ||
	    access(db_path, F_OK) != 0)
		return bm_err_set(err, BM_ENOTFOUND, "not_initialised", NULL,
				  "%s is not a baomi data directory (run 'baomi init')", data_dir);
	if ((rc = keys_load(&env->keys, data_dir, err)) != 0)
		return rc;
	if ((rc = db_open(&env->db, env->cfg.db_path, err)) != 0 ||
	    (rc = migrate_run(env->db, NULL, err)) != 0 ||
	    (rc = schemes_load_dir(env->db, env->cfg.schemes_dir, err)) != 0 ||
	    (rc = calendars_seed_dir(env->db, env->cfg.calendars_dir, "operator", err)) != 0) {
		cli_env_close(env);
		return rc;
	}
	snprintf(env->who, sizeof(env->who), "cli:uid=%u", (unsigned)getuid());
	svc_init(&env->svc, env->db, &env->cfg, &env->keys, "cli", env->who);
	svc_as_operator(&env->svc);
	return 0;
}

void cli_env_close(struct cli_env *env)
{
	db_close(env->db);
	env->db = NULL;
	keys_release(&env->keys);
	schemes_release();
}

int cmd_migrate(int argc, char **argv)
{
	static const struct option opts[] = { { "data", required_argument, NULL, 'd' }, { 0 } };
	const char *data = NULL;
	struct bm_err err;
	struct db *db = NULL;
	struct config cfg;
	int applied = 0, c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'd')
			return cli_usage("migrate");
		data = optarg;
	}
	if (optind != argc)
		return cli_usage("migrate");
	bm_err_clear(&err);
	config_defaults(&cfg, cli_data_dir(data));
	if (access(cfg.db_path, F_OK) != 0) {
		fprintf(stderr, "baomi: %s is not a baomi data directory (run 'baomi init')\n",
			cfg.data_dir);
		return EXIT_FAIL;
	}
	if (db_open(&db, cfg.db_path, &err) != 0 || migrate_run(db, &applied, &err) != 0) {
		db_close(db);
		return cli_fail(&err);
	}
	db_close(db);
	printf("schema at version %d (%d migration%s applied)\n", migrate_latest(), applied,
	       applied == 1 ? "" : "s");
	return EXIT_OK;
}
