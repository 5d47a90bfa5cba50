/*
 * calendar.c - working days from loaded yearly holiday tables. [law] see calendar.h.
 */
#include <jansson.h>
#include <string.h>

#include "base/timeutil.h"
#include "core/calendar.h"
#include "base/banned.h"

void calendar_init(struct calendar *c)
{
	memset(c, 0, sizeof(*c));
}

static int bad(struct bm_err *err, const char *path, const char *msg)
{
	return bm_err_set(err, BM_EINVAL, "invalid_calendar", path, "%s: %s", path, msg);
}

/* Parse a date string of year y into its 0-based day of year. */
static int day_of_year(json_t *v, int y, int *doy, const char *path, struct bm_err *err)
{
	int32_t d;

	if (!json_is_string(v) || bm_date_parse(json_string_value(v), &d) != 0)
		return bad(err, path, "must be a date YYYY-MM-DD");
	*doy = (int)(d - bm_days_from_civil(y, 1, 1));
	if (*doy < 0 || *doy >= (bm_is_leap(y) ? 366 : 365))
		return bad(err, path, "lies outside the calendar's year");
	return 0;
}

int calendar_parse_year(const char *json, size_t len, struct cal_year *out, struct bm_err *err)
{
	json_error_t jerr;
	json_t *root, *v;
	const char *key;
	int rc = 0, y;
	size_t i;

	memset(out, 0, sizeof(*out));
	root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		return bm_err_set(err, BM_EINVAL, "invalid_calendar", "$", "line %d: %s", jerr.line,
				  jerr.text);
	if (!json_is_object(root)) {
		rc = bad(err, "$", "must be an object");
		goto out;
	}
	json_object_foreach(root, key, v)
	{
		if (strcmp(key, "year") != 0 && strcmp(key, "source") != 0 &&
		    strcmp(key, "holidays") != 0 && strcmp(key, "adjusted_working_days") != 0) {
			char path[80];
			snprintf(path, sizeof(path), "$.%s", key);
			rc = bad(err, path, "unknown member");
			goto out;
		}
	}
	v = json_object_get(root, "year");
	if (!json_is_integer(v) || json_integer_value(v) < 1949 || json_integer_value(v) > 2199) {
		rc = bad(err, "$.year", "must be an integer year between 1949 and 2199");
		goto out;
	}
	y = out->year = (int)json_integer_value(v);
	v = json_object_get(root, "source");
	if (!json_is_string(v) || json_string_length(v) == 0) {
		rc = bad(err, "$.source", "must name the notice the dates come from");
		goto out;
	}
	v = json_object_get(root, "holidays");
	if (!json_is_array(v)) {
		rc = bad(err, "$.holidays", "must be an array");
		goto out;
	}
	for (i = 0; i < json_array_size(v); i++) {
		json_t *h = json_array_get(v, i), *hv;
		char path[64];
		int from, to;

		snprintf(path, sizeof(path), "$.holidays[%zu]", i);
		if (!json_is_object(h) || !json_is_string(json_object_get(h, "name_zh")) ||
		    !json_is_string(json_object_get(h, "name_en"))) {
			rc = bad(err, path, "must be {name_zh, name_en, from, to}");
			goto out;
		}
		json_object_foreach(h, key, hv)
		{
			if (strcmp(key, "name_zh") != 0 && strcmp(key, "name_en") != 0 &&
			    strcmp(key, "from") != 0 && strcmp(key, "to") != 0) {
				char mpath[128];
				snprintf(mpath, sizeof(mpath), "%s.%s", path, key);
				rc = bad(err, mpath, "unknown member");
				goto out;
			}
		}
		snprintf(path, sizeof(path), "$.holidays[%zu].from", i);
		if ((rc = day_of_year(json_object_get(h, "from"), y, &from, path, err)) != 0)
			goto out;
		snprintf(path, sizeof(path), "$.holidays[%zu].to", i);
		if ((rc = day_of_year(json_object_get(h, "to"), y, &to, path, err)) != 0)
			goto out;
		if (to < from) {
			rc = bad(err, path, "ends before it starts");
			goto out;
		}
		for (int d = from; d <= to; d++) {
			if (out->kind[d] == CAL_NORMAL)
				out->holidays++;
			out->kind[d] = CAL_HOLIDAY;
		}
	}
	v = json_object_get(root, "adjusted_working_days");
	if (!json_is_array(v)) {
		rc = bad(err, "$.adjusted_working_days", "must be an array");
		goto out;
	}
	for (i = 0; i < json_array_size(v); i++) {
		char path[64];
		int d, wd;

		snprintf(path, sizeof(path), "$.adjusted_working_days[%zu]", i);
		if ((rc = day_of_year(json_array_get(v, i), y, &d, path, err)) != 0)
			goto out;
		wd = bm_date_weekday(bm_days_from_civil(y, 1, 1) + d);
		if (wd < 6) {
			rc = bad(err, path, "is a weekday; adjusted working days are weekend days");
			goto out;
		}
		if (out->kind[d] == CAL_HOLIDAY) {
			rc = bad(err, path, "is also listed as a holiday");
			goto out;
		}
		if (out->kind[d] != CAL_WORKDAY)
			out->workdays++;
		out->kind[d] = CAL_WORKDAY;
	}
out:
	json_decref(root);
	return rc;
}

int calendar_put(struct calendar *c, const struct cal_year *y)
{
	int i;

	for (i = 0; i < c->n; i++) {
		if (c->years[i].year == y->year) {
			c->years[i] = *y;
			return 0;
		}
		if (c->years[i].year > y->year)
			break;
	}
	if (c->n == CAL_MAX_YEARS)
		return BM_ETOOBIG;
	memmove(&c->years[i + 1], &c->years[i], (size_t)(c->n - i) * sizeof(c->years[0]));
	c->years[i] = *y;
	c->n++;
	return 0;
}

const struct cal_year *calendar_year(const struct calendar *c, int year)
{
	for (int i = 0; i < c->n; i++)
		if (c->years[i].year == year)
			return &c->years[i];
	return NULL;
}

int calendar_next_year_due(int32_t today, int next_loaded, int *next)
{
	int y;
	unsigned m, d;

	bm_civil_from_days(today, &y, &m, &d);
	*next = y + 1;
	return m >= 10 && !next_loaded;
}

int calendar_is_working(const struct calendar *c, int32_t day, int *working, struct bm_err *err)
{
	const struct cal_year *cy;
	int y;
	unsigned m, d;

	bm_civil_from_days(day, &y, &m, &d);
	cy = calendar_year(c, y);
	if (cy == NULL)
		return bm_err_set(
			err, BM_ERULE, "calendar_missing", "date",
			"no working-day calendar is loaded for %d; a system administrator "
			"must load the State Council's holiday arrangement for that year",
			y);
	switch (cy->kind[day - bm_days_from_civil(y, 1, 1)]) {
	case CAL_HOLIDAY:
		*working = 0;
		break;
	case CAL_WORKDAY:
		*working = 1;
		break;
	default:
		*working = bm_date_weekday(day) <= 5;
	}
	return 0;
}

int calendar_add(const struct calendar *c, int32_t day, int n, int32_t *out, struct bm_err *err)
{
	int step = n > 0 ? 1 : -1, left;

	if (n > CAL_MAX_SHIFT || n < -CAL_MAX_SHIFT)
		return bm_err_set(err, BM_EINVAL, "out_of_range", "n", "at most %d working days",
				  CAL_MAX_SHIFT);
	left = n > 0 ? n : -n;
	while (left > 0) {
		int working, rc;
		day += step;
		rc = calendar_is_working(c, day, &working, err);
		if (rc != 0)
			return rc;
		left -= working;
	}
	*out = day;
	return 0;
}

int calendar_between(const struct calendar *c, int32_t d1, int32_t d2, int *count,
		     struct bm_err *err)
{
	int32_t lo = d1 < d2 ? d1 : d2, hi = d1 < d2 ? d2 : d1;
	int n = 0;

	if (hi - lo > 366 * 20)
		return bm_err_set(err, BM_EINVAL, "out_of_range", "date",
				  "the dates are more than twenty years apart");
	for (int32_t d = lo + 1; d <= hi; d++) {
		int working, rc = calendar_is_working(c, d, &working, err);
		if (rc != 0)
			return rc;
		n += working;
	}
	*count = d1 <= d2 ? n : -n;
	return 0;
}
