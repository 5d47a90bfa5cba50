/*
 * cmd_user.c - `baomi user add|list|disable|passwd`, through the same service
 * functions (rules and audit entries) as the API, acting as the operator.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "cli/cli.h"
#include "service/users.h"
#include "store/users_repo.h"
#include "base/banned.h"

/* Read a password from stdin (one line), or generate one; *generated says which. */
static int get_password(int from_stdin, char *out, size_t outsz, int *generated)
{
	*generated = !from_stdin;
	if (!from_stdin) {
		char pw[21];
		cli_random_password(pw);
		bm_strlcpy(out, pw, outsz);
		return 0;
	}
	if (fgets(out, (int)outsz, stdin) == NULL)
		return -1;
	out[strcspn(out, "\r\n")] = '\0';
	return 0;
}

static int user_add(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "name", required_argument, NULL, 'n' },
		{ "role", required_argument, NULL, 'r' },
		{ "authority", required_argument, NULL, 'a' },
		{ "unit", required_argument, NULL, 'u' },
		{ "clearance", required_argument, NULL, 'c' },
		{ "compartment", required_argument, NULL, 'C' },
		{ "password-stdin", no_argument, NULL, 'p' },
		{ 0 },
	};
	struct user_access acc;
	const char *data = NULL, *name = NULL;
	char password[PASSWORD_MAX_INPUT];
	struct cli_env env;
	struct bm_err err;
	struct user u;
	int pw_stdin = 0, generated, c, rc;

	memset(&acc, 0, sizeof(acc));
	acc.clearance.level = LEVEL_INTERNAL;
	bm_err_clear(&err);
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		enum role r;
		int64_t id;
		switch (c) {
		case 'd':
			data = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		case 'p':
			pw_stdin = 1;
			break;
		case 'r':
			if (role_parse(optarg, &r) != 0) {
				fprintf(stderr, "baomi: unknown role '%s'\n", optarg);
				return EXIT_USAGE;
			}
			acc.roles |= ROLE_BIT(r);
			break;
		case 'a':
		case 'u':
			if (bm_parse_i64(optarg, 1, INT64_MAX, &id) != 0)
				return cli_usage("user");
			if (c == 'a')
				acc.authority_id = id;
			else
				acc.unit_id = id;
			break;
		case 'c':
			if (level_parse(optarg, &acc.clearance.level) != 0) {
				fprintf(stderr, "baomi: unknown level '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'C':
			if (compartments_add(&acc.clearance.comps, optarg) != 0) {
				fprintf(stderr, "baomi: bad compartment '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		default:
			return cli_usage("user");
		}
	}
	if (optind + 1 != argc || name == NULL)
		return cli_usage("user");
	if (get_password(pw_stdin, password, sizeof(password), &generated) != 0)
		return cli_usage("user");
	if (cli_env_open(&env, cli_data_dir(data), &err) != 0)
		return cli_fail(&err);
	{
		struct user_new n = { argv[optind], name, password, 1, &acc };
		rc = users_create(&env.svc, &n, &u, &err);
	}
	cli_env_close(&env);
	if (rc != 0)
		return cli_fail(&err);
	printf("created user %s (id %lld)\n", u.login, (long long)u.id);
	if (generated)
		printf("password: %s\n", password);
	return EXIT_OK;
}

static int print_user(void *ctx, const void *rec)
{
	const struct user *u = rec;
	char roles[256] = "";
	size_t off = 0;

	(void)ctx;
	for (int i = 0; i < ROLE_COUNT; i++)
		if (u->roles & ROLE_BIT(i))
			off += (size_t)snprintf(roles + off, sizeof(roles) - off, "%s%s",
						off ? "," : "", role_name((enum role)i));
	printf("%-6lld %-24s %-12s %-40s %s\n", (long long)u->id, u->login,
	       level_name(u->clearance.level), roles, u->disabled ? "disabled" : "");
	return 0;
}

static int user_list(int argc, char **argv)
{
	static const struct option opts[] = { { "data", required_argument, NULL, 'd' }, { 0 } };
	struct user_filter f = { 0 };
	const char *data = NULL;
	struct cli_env env;
	struct bm_err err;
	int64_t next = 0;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'd')
			return cli_usage("user");
		data = optarg;
	}
	if (optind != argc)
		return cli_usage("user");
	bm_err_clear(&err);
	if (cli_env_open(&env, cli_data_dir(data), &err) != 0)
		return cli_fail(&err);
	printf("%-6s %-24s %-12s %-40s %s\n", "ID", "LOGIN", "CLEARANCE", "ROLES", "STATE");
	do {
		rc = users_list(&env.svc, &f, 200, print_user, NULL, &next, &err);
		f.after_id = next;
	} while (rc == 0 && next != 0);
	cli_env_close(&env);
	return rc != 0 ? cli_fail(&err) : EXIT_OK;
}

/* `user disable LOGIN` and `user passwd LOGIN`. */
static int user_by_login(int argc, char **argv, int passwd)
{
	static const struct option opts[] = { { "data", required_argument, NULL, 'd' },
					      { "password-stdin", no_argument, NULL, 'p' },
					      { 0 } };
	const char *data = NULL;
	char password[PASSWORD_MAX_INPUT];
	struct cli_env env;
	struct bm_err err;
	struct user u;
	int pw_stdin = 0, generated = 0, c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			data = optarg;
		else if (c == 'p' && passwd)
			pw_stdin = 1;
		else
			return cli_usage("user");
	}
	if (optind + 1 != argc)
		return cli_usage("user");
	if (passwd && get_password(pw_stdin, password, sizeof(password), &generated) != 0)
		return cli_usage("user");
	bm_err_clear(&err);
	if (cli_env_open(&env, cli_data_dir(data), &err) != 0)
		return cli_fail(&err);
	rc = users_repo_get_by_login(env.db, argv[optind], &u, &err);
	if (rc == 0 && passwd)
		rc = users_reset_password(&env.svc, u.id, password, &u, &err);
	else if (rc == 0)
		rc = users_update(&env.svc, u.id, u.version, NULL, 1, &u, &err);
	cli_env_close(&env);
	if (rc != 0)
		return cli_fail(&err);
	if (passwd) {
		printf("password of %s reset; it must be changed at next login\n", u.login);
		if (generated)
			printf("password: %s\n", password);
	} else {
		printf("user %s disabled\n", u.login);
	}
	return EXIT_OK;
}

int cmd_user(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("user");
	if (strcmp(argv[1], "add") == 0)
		return user_add(argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return user_list(argc - 1, argv + 1);
	if (strcmp(argv[1], "disable") == 0)
		return user_by_login(argc - 1, argv + 1, 0);
	if (strcmp(argv[1], "passwd") == 0)
		return user_by_login(argc - 1, argv + 1, 1);
	return cli_usage("user");
}
