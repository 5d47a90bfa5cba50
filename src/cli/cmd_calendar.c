/*
 * cmd_calendar.c - `baomi calendar check|add|between` (one line each) and
 * `baomi jobs run`: operator questions and duties on the statutory clock.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "cli/cli.h"
#include "core/calendar.h"
#include "service/jobs.h"
#include "service/refdata.h"
#include "base/banned.h"

static int date_arg(const char *s, int32_t *d)
{
	if (bm_date_parse(s, d) != 0) {
		fprintf(stderr, "baomi: \"%s\" is not a date YYYY-MM-DD\n", s);
		return -1;
	}
	return 0;
}

int cmd_calendar(int argc, char **argv)
{
	const char *data = NULL, *verb, *args[3];
	struct calendar *cal;
	struct cli_env env;
	struct bm_err err;
	char out[BM_DATE_LEN];
	int32_t d1, d2;
	int nargs = 0, rc;

	if (argc < 2)
		return cli_usage("calendar");
	verb = argv[1];
	/* by hand, not getopt: "add DATE -3" must read -3 as a number */
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--data") == 0 && i + 1 < argc)
			data = argv[++i];
		else if (strncmp(argv[i], "--data=", 7) == 0)
			data = argv[i] + 7;
		else if (nargs < 3)
			args[nargs++] = argv[i];
		else
			return cli_usage("calendar");
	}
	argc = nargs;
	argv = (char **)args;
	if (!((strcmp(verb, "check") == 0 && argc == 1) ||
	      (strcmp(verb, "add") == 0 && argc == 2) ||
	      (strcmp(verb, "between") == 0 && argc == 2)))
		return cli_usage("calendar");
	if (date_arg(argv[0], &d1) != 0 ||
	    (strcmp(verb, "between") == 0 && date_arg(argv[1], &d2) != 0))
		return EXIT_USAGE;
	bm_err_clear(&err);
	if (cli_env_open(&env, cli_data_dir(data), &err) != 0)
		return cli_fail(&err);
	cal = malloc(sizeof(*cal));
	rc = cal != NULL ? calendars_load(env.db, cal, &err)
			 : bm_err_set(&err, BM_EINTERNAL, NULL, NULL, "out of memory");
	if (rc == 0 && strcmp(verb, "check") == 0) {
		int working = 0;
		rc = calendar_is_working(cal, d1, &working, &err);
		if (rc == 0)
			printf("%s is %sa working day\n", argv[0], working ? "" : "not ");
	} else if (rc == 0 && strcmp(verb, "add") == 0) {
		int64_t n;
		if (bm_parse_i64(argv[1], -CAL_MAX_SHIFT, CAL_MAX_SHIFT, &n) != 0) {
			rc = bm_err_set(&err, BM_EINVAL, NULL, NULL,
					"N must be an integer in %d..%d", -CAL_MAX_SHIFT,
					CAL_MAX_SHIFT);
		} else {
			rc = calendar_add(cal, d1, (int)n, &d2, &err);
			bm_date_format(d2, out);
			if (rc == 0)
				printf("%s\n", out);
		}
	} else if (rc == 0) {
		int n = 0;
		rc = calendar_between(cal, d1, d2, &n, &err);
		if (rc == 0)
			printf("%d\n", n);
	}
	free(cal);
	cli_env_close(&env);
	return rc != 0 ? cli_fail(&err) : EXIT_OK;
}

int cmd_jobs(int argc, char **argv)
{
	static const struct option opts[] = { { "data", required_argument, NULL, 'd' },
					      { "now", required_argument, NULL, 'n' },
					      { 0 } };
	const char *data = NULL, *now = NULL;
	struct jobs_report rep;
	char holder[32];
	struct cli_env env;
	struct bm_err err;
	int c, rc;

	if (argc < 2 || strcmp(argv[1], "run") != 0)
		return cli_usage("jobs");
	argc--;
	argv++;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			data = optarg;
		else if (c == 'n')
			now = optarg;
		else
			return cli_usage("jobs");
	}
	if (optind != argc)
		return cli_usage("jobs");
	bm_err_clear(&err);
	if (cli_env_open(&env, cli_data_dir(data), &err) != 0)
		return cli_fail(&err);
	bm_strlcpy(env.svc.who.login, "scheduler", sizeof(env.svc.who.login));
	if (now != NULL) {
#ifdef BM_TEST_HOOKS
		int64_t ms;
		if (bm_ts_parse(now, &ms) != 0) {
			cli_env_close(&env);
			fprintf(stderr, "baomi: --now takes YYYY-MM-DD or an ISO timestamp\n");
			return EXIT_USAGE;
		}
		/* a bare date means the start of that CST working day */
		env.svc.now = strlen(now) == 10 ? ms + 2 * 3600000LL : ms;
#else
		cli_env_close(&env);
		fprintf(stderr, "baomi: --now is honoured by test builds only\n");
		return EXIT_USAGE;
#endif
	}
	/* one holder per process: two runs at once must not share a lease */
	snprintf(holder, sizeof(holder), "cli:%ld", (long)getpid());
	rc = jobs_run_all(&env.svc, holder, &rep, &err);
	cli_env_close(&env);
	printf("jobs: %d deemed accepted, %d abandoned, %d skipped (leased elsewhere), %d failed\n",
	       rep.deemed_accepted, rep.abandoned, rep.skipped_leased, rep.failed);
	printf("certificates: %d expired, %d cancelled without renewal, %d renewal reminders\n",
	       rep.certs_expired, rep.certs_cancelled, rep.reminders);
	printf("annual: %d cancellations proposed, %d cancelled (missing reports), %d findings "
	       "overdue\n",
	       rep.annual_proposed, rep.annual_cancelled, rep.findings_overdue);
	printf("calendar: %d warnings that next year's calendar is missing\n",
	       rep.calendar_warnings);
	return rc != 0 ? cli_fail(&err) : EXIT_OK;
}
