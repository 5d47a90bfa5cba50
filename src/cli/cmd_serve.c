/*
 * cmd_serve.c - `baomi serve`: options and BAOMI_* variables into a config, then run.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/str.h"
#include "cli/cli.h"
#include "http/server.h"
#include "render/certpdf.h"
#include "base/banned.h"

/* Option value, else environment variable, else NULL. */
static const char *pick(const char *opt, const char *env)
{
	const char *v = getenv(env);

	if (opt != NULL)
		return opt;
	return v != NULL && v[0] != '\0' ? v : NULL;
}

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "listen", required_argument, NULL, 'l' },
		{ "threads", required_argument, NULL, 't' },
		{ "web", required_argument, NULL, 'w' },
		{ "tls-cert", required_argument, NULL, 'c' },
		{ "tls-key", required_argument, NULL, 'k' },
		{ "access-log", required_argument, NULL, 'a' },
		{ "schemes", required_argument, NULL, 's' },
		{ "calendars", required_argument, NULL, 'C' },
		{ 0 },
	};
	const char *o[128] = { 0 };
	const char *v;
	char db_path[PATH_MAX];
	struct config cfg;
	struct bm_err err;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == '?')
			return cli_usage("serve");
		o[c] = optarg;
	}
	if (optind != argc)
		return cli_usage("serve");
	bm_err_clear(&err);
	config_defaults(&cfg, cli_data_dir(pick(o['d'], "BAOMI_DATA")));
	if (config_load_file(&cfg, &err) != 0)
		return cli_fail(&err);
	if (bm_path_join(db_path, sizeof(db_path), cfg.data_dir, "baomi.db") != 0 ||
	    access(db_path, F_OK) != 0) {
		fprintf(stderr, "baomi: %s is not initialised; run 'baomi init --data %s'\n",
			cfg.data_dir, cfg.data_dir);
		return EXIT_FAIL;
	}
	if ((v = pick(o['l'], "BAOMI_LISTEN")) != NULL)
		bm_strlcpy(cfg.listen, v, sizeof(cfg.listen));
	if ((v = pick(o['t'], "BAOMI_THREADS")) != NULL) {
		int64_t n;
		if (bm_parse_i64(v, 1, 64, &n) != 0) {
			fprintf(stderr, "baomi: --threads must be 1..64\n");
			return EXIT_USAGE;
		}
		cfg.threads = (int)n;
	}
	if ((v = pick(o['w'], "BAOMI_WEB")) != NULL)
		bm_strlcpy(cfg.web_dir, v, sizeof(cfg.web_dir));
	/* "" (or a missing directory) serves no Chart.js: the dashboard shows tables only */
	if ((v = getenv("BAOMI_CHARTJS")) != NULL)
		bm_strlcpy(cfg.chartjs_dir, v, sizeof(cfg.chartjs_dir));
	if ((v = pick(o['c'], "BAOMI_TLS_CERT")) != NULL)
		bm_strlcpy(cfg.tls_cert, v, sizeof(cfg.tls_cert));
	if ((v = pick(o['k'], "BAOMI_TLS_KEY")) != NULL)
		bm_strlcpy(cfg.tls_key, v, sizeof(cfg.tls_key));
	if ((v = pick(o['a'], "BAOMI_ACCESS_LOG")) != NULL)
		bm_strlcpy(cfg.access_log, v, sizeof(cfg.access_log));
	if ((v = pick(o['s'], "BAOMI_SCHEMES")) != NULL)
		bm_strlcpy(cfg.schemes_dir, v, sizeof(cfg.schemes_dir));
	if ((v = pick(o['C'], "BAOMI_CALENDARS")) != NULL)
		bm_strlcpy(cfg.calendars_dir, v, sizeof(cfg.calendars_dir));
	if ((cfg.tls_cert[0] != '\0') != (cfg.tls_key[0] != '\0')) {
		fprintf(stderr, "baomi: --tls-cert and --tls-key go together\n");
		return EXIT_USAGE;
	}
	rc = server_run(&cfg, &err);
	certpdf_shutdown(); /* every worker has stopped: no one renders any more */
	return rc != 0 ? cli_fail(&err) : EXIT_OK;
}
