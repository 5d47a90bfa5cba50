/*
 * cli.h - the `baomi` command table and what commands share.
 *
 * Exit codes: 0 success, 1 failure, 2 usage error.
 */
#ifndef BM_CLI_H
#define BM_CLI_H

#include "base/err.h"
#include "sec/keys.h"
#include "service/config.h"
#include "service/svc.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

#define PASSWORD_MAX_INPUT 300 /* a line of password input, with room for the newline */

struct cli_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;
	const char *help;
};

extern const struct cli_cmd cli_commands[];

/* The data directory: --data, else $BAOMI_DATA, else "./baomi-data". */
const char *cli_data_dir(const char *opt);

/* An operator session on the data directory: keys loaded, database open and
 * migrated, a service context acting as the operator. */
struct cli_env {
	struct config cfg;
	struct keys keys;
	struct db *db;
	struct svc svc;
	char who[64];
};
int cli_env_open(struct cli_env *env, const char *data_dir, struct bm_err *err);
void cli_env_close(struct cli_env *env);

/* Print "baomi: message" for err on stderr and return EXIT_FAIL. */
int cli_fail(const struct bm_err *err);
int cli_usage(const char *cmd);

/* A random password of 20 characters from an unambiguous alphabet. */
void cli_random_password(char out[21]);

int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_calendar(int argc, char **argv);
int cmd_jobs(int argc, char **argv);
int cmd_cert(int argc, char **argv);
int cmd_help(int argc, char **argv);

/* Verify the audit trail of the database at db_path against the public key in
 * pub_path, printing the outcome (cmd_audit.c). readonly: for a copy that must not
 * be touched. EXIT_OK only for an intact trail. */
int cli_audit_verify_file(const char *db_path, const char *pub_path, int readonly);

/* Load the demonstration data set (cli/demo.c); prints the demo logins. */
int demo_load(struct cli_env *env, FILE *logins, struct bm_err *err);
/* Demonstration applications in every state (cli/demo_apps.c). */
int demo_load_applications(struct cli_env *env, struct bm_err *err);

#endif
