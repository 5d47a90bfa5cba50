/*
 * config.h - the server's settings.
 *
 * Defaults are compiled in; DATA/config.json (optional) overrides the policy settings;
 * command-line options and BAOMI_* environment variables override where to listen and
 * what to serve. Every duration is in seconds in the file and milliseconds here.
 */
#ifndef BM_CONFIG_H
#define BM_CONFIG_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define CONFIG_SCHEMES_MAX   8	/* schemes with a due day of their own */
#define CONFIG_SCHEME_ID_MAX 24 /* a scheme id and its NUL */

struct config {
	char data_dir[PATH_MAX];
	char db_path[PATH_MAX];
	char web_dir[PATH_MAX];
	char chartjs_dir[PATH_MAX];   /* Chart.js, served at /vendor/chart.js/ when present */
	char schemes_dir[PATH_MAX];   /* qualification schemes (JSON), read at start */
	char calendars_dir[PATH_MAX]; /* shipped working-day calendars (JSON) */
	char listen[128];	      /* "127.0.0.1:8080" */
	char access_log[PATH_MAX];
	char tls_cert[PATH_MAX];
	char tls_key[PATH_MAX];
	int threads;

	int64_t session_idle_ms;     /* 30 minutes */
	int64_t session_absolute_ms; /* 12 hours */
	int lockout_failures;	     /* 5 */
	int64_t lockout_window_ms;   /* 15 minutes */
	int64_t lockout_duration_ms; /* 15 minutes */
	int login_rate_per_minute;   /* per client address */
	int login_rate_burst;
	int refusal_audit_per_minute;
	int objection_rate_per_minute;
	int register_rate_per_minute;	     /* public certificate register, keys, status list */
	/* public objections, per address */ /* audit entries for anonymous refusals, per
						address */
	int audit_head_interval;	     /* sign a tree head every N entries */
	int scheduler_hour; /* the daily jobs run at this hour, China Standard Time; -1:
			     * this server runs none (`baomi jobs run` from cron does) */
	int64_t api_token_max_days;
	int cert_cancel_confirm; /* 1 (default): an approver confirms an annual-exam
				  * cancellation; 0: the scheduler cancels by itself */
	/* the annual report's due day in the year after (3/31 [law/2nd] Regulations
	 * Art. 48): annual_report_due_month / _day in config.json, the default; a scheme's
	 * own in annual_report_due_by_scheme {"<scheme id>": "MM-DD", ...} */
	int annual_due_month, annual_due_day;
	struct config_due {
		char scheme[CONFIG_SCHEME_ID_MAX];
		int month, day;
	} annual_due_by_scheme[CONFIG_SCHEMES_MAX];
	int n_annual_due_by_scheme;
	size_t max_body;   /* cap on JSON request bodies */
	size_t max_upload; /* cap on uploaded files (bytes) */
};

/* The annual report's due month and day of scheme_id's reports (NULL: the default). */
void config_annual_due(const struct config *c, const char *scheme_id, int *month, int *day);

/* Fill c with the compiled-in defaults for data directory data_dir. */
void config_defaults(struct config *c, const char *data_dir);
/* Apply DATA/config.json if it exists. A malformed file or an unknown key fails
 * with BM_EINVAL naming the key. */
int config_load_file(struct config *c, struct bm_err *err);

#endif
