/*
 * config.c - defaults and DATA/config.json.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "service/config.h"
#include "base/banned.h"

#ifndef BM_WEB_DIR
#define BM_WEB_DIR "web"
#endif
#ifndef BM_CHARTJS_DIR
#define BM_CHARTJS_DIR "/usr/share/javascript/chart.js" /* Debian libjs-chart.js */
#endif
#ifndef BM_FILES_DIR
#define BM_FILES_DIR "data"
#endif

void config_defaults(struct config *c, const char *data_dir)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	memset(c, 0, sizeof(*c));
	bm_strlcpy(c->data_dir, data_dir, sizeof(c->data_dir));
	bm_path_join(c->db_path, sizeof(c->db_path), data_dir, "baomi.db");
	bm_path_join(c->access_log, sizeof(c->access_log), data_dir, "access.log");
	bm_strlcpy(c->web_dir, BM_WEB_DIR, sizeof(c->web_dir));
	bm_strlcpy(c->chartjs_dir, BM_CHARTJS_DIR, sizeof(c->chartjs_dir));
	bm_path_join(c->schemes_dir, sizeof(c->schemes_dir), BM_FILES_DIR, "schemes");
	bm_path_join(c->calendars_dir, sizeof(c->calendars_dir), BM_FILES_DIR, "calendars");
	bm_strlcpy(c->listen, "127.0.0.1:8080", sizeof(c->listen));
	c->threads = cores > 0 && cores < 64 ? (int)cores : 2;
	c->session_idle_ms = 30 * 60 * 1000LL;
	c->session_absolute_ms = 12 * 3600 * 1000LL;
	c->lockout_failures = 5;
	c->lockout_window_ms = 15 * 60 * 1000LL;
	c->lockout_duration_ms = 15 * 60 * 1000LL;
	c->login_rate_per_minute = 30;
	c->login_rate_burst = 10;
	c->refusal_audit_per_minute = 120;
	c->objection_rate_per_minute = 5;
	c->register_rate_per_minute = 120;
	c->audit_head_interval = 256;
	c->scheduler_hour = 2;
	c->api_token_max_days = 366;
	c->cert_cancel_confirm = 1;
	c->annual_due_month = 3;
	c->annual_due_day = 31;
	c->max_body = 1 << 20;
	c->max_upload = 50u << 20;
}

struct setting {
	const char *key;
	int64_t min, max;
	int64_t scale; /* file unit to in-memory unit */
	size_t offset;
	int is_int; /* 0: int64_t field, 1: int, 2: size_t */
};

#define S64(k, field, lo, hi, scale)                                                               \
	{                                                                                          \
		k, lo, hi, scale, offsetof(struct config, field), 0                                \
	}
#define SINT(k, field, lo, hi)                                                                     \
	{                                                                                          \
		k, lo, hi, 1, offsetof(struct config, field), 1                                    \
	}

static const struct setting settings[] = {
	S64("session_idle_timeout", session_idle_ms, 1, 86400, 1000),
	S64("session_absolute_timeout", session_absolute_ms, 1, 30 * 86400, 1000),
	SINT("lockout_failures", lockout_failures, 1, 100),
	S64("lockout_window", lockout_window_ms, 1, 86400, 1000),
	S64("lockout_duration", lockout_duration_ms, 1, 30 * 86400, 1000),
	SINT("login_rate_per_minute", login_rate_per_minute, 1, 100000),
	SINT("login_rate_burst", login_rate_burst, 1, 100000),
	SINT("refusal_audit_per_minute", refusal_audit_per_minute, 1, 1000000),
	SINT("objection_rate_per_minute", objection_rate_per_minute, 1, 100000),
	SINT("register_rate_per_minute", register_rate_per_minute, 1, 100000000),
	SINT("audit_head_interval", audit_head_interval, 1, 1000000),
	SINT("scheduler_hour", scheduler_hour, -1, 23),
	S64("api_token_max_days", api_token_max_days, 1, 3660, 1),
	SINT("certificate_cancel_confirmation", cert_cancel_confirm, 0, 1),
	SINT("annual_report_due_month", annual_due_month, 1, 12),
	SINT("annual_report_due_day", annual_due_day, 1, 31),
	{ "max_upload_mb", 1, 1024, 1 << 20, offsetof(struct config, max_upload), 2 },
};

/* annual_report_due_by_scheme: {"<scheme id>": "MM-DD", ...}, each day one that exists
 * in every year (not 29 February). */
static int load_due_by_scheme(struct config *c, const char *path, json_t *v, struct bm_err *err)
{
	const char *id;
	json_t *day;

	if (!json_is_object(v) || json_object_size(v) > CONFIG_SCHEMES_MAX)
		return bm_err_set(err, BM_EINVAL, "config_invalid", "annual_report_due_by_scheme",
				  "%s: \"annual_report_due_by_scheme\" maps up to %d scheme ids "
				  "to \"MM-DD\"",
				  path, CONFIG_SCHEMES_MAX);
	c->n_annual_due_by_scheme = 0;
	json_object_foreach(v, id, day)
	{
		struct config_due *d = &c->annual_due_by_scheme[c->n_annual_due_by_scheme];
		const char *t = json_string_value(day);
		unsigned m = 0, dd = 0;
		char tail;

		if (strlen(id) == 0 || strlen(id) >= sizeof(d->scheme) || t == NULL ||
		    sscanf(t, "%2u-%2u%c", &m, &dd, &tail) != 2 || strlen(t) != 5 || m < 1 ||
		    m > 12 || dd < 1 || dd > bm_days_in_month(2001, m))
			return bm_err_set(err, BM_EINVAL, "config_invalid",
					  "annual_report_due_by_scheme",
					  "%s: \"annual_report_due_by_scheme\": \"%s\" needs a day "
					  "\"MM-DD\" that exists in every year",
					  path, id);
		bm_strlcpy(d->scheme, id, sizeof(d->scheme));
		d->month = (int)m;
		d->day = (int)dd;
		c->n_annual_due_by_scheme++;
	}
	return 0;
}

void config_annual_due(const struct config *c, const char *scheme_id, int *month, int *day)
{
	*month = c->annual_due_month;
	*day = c->annual_due_day;
	for (int i = 0; scheme_id != NULL && i < c->n_annual_due_by_scheme; i++)
		if (strcmp(c->annual_due_by_scheme[i].scheme, scheme_id) == 0) {
			*month = c->annual_due_by_scheme[i].month;
			*day = c->annual_due_by_scheme[i].day;
		}
}

int config_load_file(struct config *c, struct bm_err *err)
{
	char path[PATH_MAX];
	json_error_t jerr;
	json_t *root, *v;
	const char *key;
	struct stat sb;
	int rc = 0;

	if (bm_path_join(path, sizeof(path), c->data_dir, "config.json") != 0)
		return bm_err_set(err, BM_EINVAL, "path_too_long", NULL,
				  "data directory path too long");
	if (stat(path, &sb) != 0)
		return errno == ENOENT ? 0
				       : bm_err_set(err, BM_EIO, "config_unreadable", NULL,
						    "cannot read %s", path);
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL || !json_is_object(root)) {
		json_decref(root);
		return bm_err_set(err, BM_EINVAL, "config_invalid", NULL, "%s: line %d: %s", path,
				  jerr.line, root == NULL ? jerr.text : "not a JSON object");
	}
	json_object_foreach(root, key, v)
	{
		const struct setting *s = NULL;
		if (strcmp(key, "annual_report_due_by_scheme") == 0) {
			if ((rc = load_due_by_scheme(c, path, v, err)) != 0)
				break;
			continue;
		}
		for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++)
			if (strcmp(settings[i].key, key) == 0)
				s = &settings[i];
		if (s == NULL) {
			rc = bm_err_set(err, BM_EINVAL, "config_invalid", key,
					"%s: unknown setting \"%s\"", path, key);
			break;
		}
		if (!json_is_integer(v) || json_integer_value(v) < s->min ||
		    json_integer_value(v) > s->max) {
			rc = bm_err_set(err, BM_EINVAL, "config_invalid", key,
					"%s: \"%s\" must be an integer in %lld..%lld", path, key,
					(long long)s->min, (long long)s->max);
			break;
		}
		if (s->is_int == 2)
			*(size_t *)((char *)c + s->offset) =
				(size_t)json_integer_value(v) * (size_t)s->scale;
		else if (s->is_int)
			*(int *)((char *)c + s->offset) = (int)json_integer_value(v);
		else
			*(int64_t *)((char *)c + s->offset) = json_integer_value(v) * s->scale;
	}
	json_decref(root);
	return rc;
}
