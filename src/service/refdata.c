/*
 * refdata.c - the scheme registry and calendar storage.
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "service/refdata.h"
#include "store/jobs_repo.h"
#include "store/notify_repo.h"
#include "store/refdata_repo.h"
#include "base/banned.h"

#define DOC_MAX	      (1u << 20)
#define VERSION_CACHE 64

/* The parsed calendar, shared by the process (see calendars_load). */
static pthread_mutex_t cal_lock = PTHREAD_MUTEX_INITIALIZER;
static struct calendar *cal_cache;
static int64_t cal_revision = -1;

static struct scheme *current[SCHEMES_MAX];
static size_t ncurrent;

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	struct scheme *s;
} cache[VERSION_CACHE];
static size_t ncache;

static int read_file(const char *path, char **out, size_t *len, struct bm_err *err)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	*out = NULL;
	if (f == NULL)
		return bm_err_set(err, BM_EIO, "file_unreadable", path, "cannot open %s: %s", path,
				  strerror(errno));
	buf = malloc(DOC_MAX + 1);
	n = buf != NULL ? fread(buf, 1, DOC_MAX + 1, f) : 0;
	fclose(f);
	if (buf == NULL || n > DOC_MAX) {
		free(buf);
		return bm_err_set(err, BM_ETOOBIG, "file_too_large", path, "%s is too large", path);
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

static void sha256_hex(const char *doc, size_t len, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)doc, len);
	bm_hex_encode(h, sizeof(h), out);
}

static int has_suffix(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);
	return n > k && strcmp(name + n - k, suffix) == 0;
}

/* Record (id, version) with its document, or check the recorded one is the same. */
static int record_version(struct db *db, const struct scheme *s, const char *doc, size_t len,
			  const char *path, struct bm_err *err)
{
	char sha[65], stored_sha[65];
	char *stored = NULL;
	int rc;

	sha256_hex(doc, len, sha);
	rc = db_begin(db, DB_TX_WRITE, err);
	if (rc != 0)
		return rc;
	rc = scheme_repo_get(db, s->id, s->version, &stored, stored_sha, err);
	if (rc == BM_ENOTFOUND) {
		bm_err_clear(err);
		rc = scheme_repo_put(db, s->id, s->version, sha, doc, bm_now_ms(), err);
		if (rc == 0)
			log_info("recorded scheme %s version %d", s->id, s->version);
	} else if (rc == 0 && strcmp(sha, stored_sha) != 0) {
		rc = bm_err_set(
			err, BM_ECONFLICT, "scheme_changed", path,
			"%s: scheme %s version %d differs from the edition already recorded; "
			"give a changed scheme a new version number",
			path, s->id, s->version);
	}
	free(stored);
	if (rc == 0)
		return db_commit(db, err);
	db_rollback(db);
	return rc;
}

int schemes_load_dir(struct db *db, const char *dir, struct bm_err *err)
{
	struct dirent **names = NULL;
	int n = scandir(dir, &names, NULL, alphasort), rc = 0;

	if (n < 0)
		return bm_err_set(err, BM_EIO, "schemes_missing", dir,
				  "cannot read scheme directory %s: %s", dir, strerror(errno));
	schemes_release();
	for (int i = 0; i < n; i++) {
		char path[PATH_MAX], *doc = NULL;
		size_t len = 0;
		struct scheme *s;

		if (rc != 0 || !has_suffix(names[i]->d_name, ".json"))
			continue;
		if (bm_path_join(path, sizeof(path), dir, names[i]->d_name) != 0) {
			rc = bm_err_set(err, BM_EINVAL, "path_too_long", NULL, "path too long");
			continue;
		}
		if ((rc = read_file(path, &doc, &len, err)) != 0)
			continue;
		s = calloc(1, sizeof(*s));
		if (s == NULL) {
			rc = bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
		} else if ((rc = scheme_parse(doc, len, s, err)) != 0) {
			/* name the file in front of the JSON path */
			struct bm_err e = *err;
			bm_err_set(err, BM_EINVAL, "invalid_scheme", path, "%s: %s", path,
				   e.message);
		} else if (schemes_current(s->id) != NULL || ncurrent == SCHEMES_MAX) {
			rc = bm_err_set(err, BM_EINVAL, "invalid_scheme", path,
					"%s: scheme %s is defined twice (or too many schemes)",
					path, s->id);
		} else if ((rc = record_version(db, s, doc, len, path, err)) == 0) {
			current[ncurrent++] = s;
			s = NULL;
		}
		free(s);
		free(doc);
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (rc == 0 && ncurrent == 0)
		rc = bm_err_set(err, BM_EINVAL, "schemes_missing", dir, "no scheme files in %s",
				dir);
	return rc;
}

const struct scheme *schemes_current(const char *id)
{
	for (size_t i = 0; i < ncurrent; i++)
		if (strcmp(current[i]->id, id) == 0)
			return current[i];
	return NULL;
}

size_t schemes_count(void)
{
	return ncurrent;
}

const struct scheme *schemes_at(size_t i)
{
	return i < ncurrent ? current[i] : NULL;
}

int schemes_version(struct db *db, const char *id, int version, const struct scheme **out,
		    struct bm_err *err)
{
	const struct scheme *cur = schemes_current(id);
	char sha[65], *doc = NULL;
	struct scheme *s;
	int rc;

	if (cur != NULL && cur->version == version) {
		*out = cur;
		return 0;
	}
	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < ncache; i++) {
		if (strcmp(cache[i].s->id, id) == 0 && cache[i].s->version == version) {
			*out = cache[i].s;
			pthread_mutex_unlock(&cache_lock);
			return 0;
		}
	}
	pthread_mutex_unlock(&cache_lock);
	rc = scheme_repo_get(db, id, version, &doc, sha, err);
	if (rc != 0)
		return rc;
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		rc = bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	else
		rc = scheme_parse(doc, strlen(doc), s, err);
	free(doc);
	if (rc != 0) {
		free(s);
		return rc;
	}
	pthread_mutex_lock(&cache_lock);
	if (ncache == VERSION_CACHE) {
		pthread_mutex_unlock(&cache_lock);
		*out = s; /* beyond the cache: keep it for the process (rare) */
		return 0;
	}
	cache[ncache++].s = s;
	pthread_mutex_unlock(&cache_lock);
	*out = s;
	return 0;
}

void schemes_release(void)
{
	pthread_mutex_lock(&cal_lock);
	free(cal_cache);
	cal_cache = NULL;
	cal_revision = -1;
	pthread_mutex_unlock(&cal_lock);
	for (size_t i = 0; i < ncurrent; i++)
		free(current[i]);
	ncurrent = 0;
	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < ncache; i++)
		free(cache[i].s);
	ncache = 0;
	pthread_mutex_unlock(&cache_lock);
}

/* ---- calendars ---- */

int calendars_seed_dir(struct db *db, const char *dir, const char *who, struct bm_err *err)
{
	struct dirent **names = NULL;
	int n = scandir(dir, &names, NULL, alphasort), rc = 0;

	if (n < 0)
		return bm_err_set(err, BM_EIO, "calendars_missing", dir,
				  "cannot read calendar directory %s: %s", dir, strerror(errno));
	for (int i = 0; i < n && rc == 0; i++) {
		char path[PATH_MAX], *doc = NULL;
		struct cal_year y;
		size_t len;
		int found = 0;

		if (!has_suffix(names[i]->d_name, ".json") ||
		    bm_path_join(path, sizeof(path), dir, names[i]->d_name) != 0)
			continue;
		if ((rc = read_file(path, &doc, &len, err)) != 0)
			break;
		if ((rc = calendar_parse_year(doc, len, &y, err)) != 0) {
			struct bm_err e = *err;
			bm_err_set(err, BM_EINVAL, "invalid_calendar", path, "%s: %s", path,
				   e.message);
		} else if ((rc = calendar_repo_has(db, y.year, &found, err)) == 0 && !found) {
			struct calendar_doc d = { y.year, doc, bm_now_ms(), who };
			rc = db_begin(db, DB_TX_WRITE, err);
			if (rc == 0)
				rc = calendar_repo_put(db, &d, err);
			if (rc == 0)
				rc = db_commit(db, err);
			else
				db_rollback(db);
			if (rc == 0)
				log_info("loaded the %d working-day calendar from %s", y.year,
					 path);
		}
		free(doc);
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

struct load_ctx {
	struct calendar *cal;
	struct bm_err *err;
};

static int load_year(void *ctx, const void *rec)
{
	struct load_ctx *lc = ctx;
	const struct calendar_doc *d = rec;
	struct cal_year y;
	int rc = calendar_parse_year(d->document, strlen(d->document), &y, lc->err);

	if (rc == 0 && calendar_put(lc->cal, &y) != 0)
		rc = bm_err_set(lc->err, BM_ETOOBIG, NULL, NULL, "too many calendar years");
	return rc;
}

/*
 * The parsed calendar is kept for the process and reused while the stored years
 * have not changed (same revision); any server's load or replace bumps the
 * revision, so every server picks it up on its next question.
 */

int calendars_load(struct db *db, struct calendar *out, struct bm_err *err)
{
	struct load_ctx lc = { out, err };
	int64_t revision = 0;
	int rc = calendar_repo_revision(db, &revision, err);

	if (rc != 0)
		return rc;
	pthread_mutex_lock(&cal_lock);
	if (cal_cache != NULL && revision == cal_revision) {
		*out = *cal_cache;
		pthread_mutex_unlock(&cal_lock);
		return 0;
	}
	pthread_mutex_unlock(&cal_lock);
	calendar_init(out);
	rc = calendar_repo_scan(db, load_year, &lc, err);
	if (rc != 0)
		return rc;
	pthread_mutex_lock(&cal_lock);
	if (cal_cache == NULL)
		cal_cache = malloc(sizeof(*cal_cache));
	if (cal_cache != NULL) {
		*cal_cache = *out;
		cal_revision = revision;
	}
	pthread_mutex_unlock(&cal_lock);
	return 0;
}

static const struct resource calendar_res = { .type = "calendar" };

/* 0 when json names another integer year than year (checked before the dates, which
 * are judged against the document's year); malformed documents are left to the
 * parser. */
static int document_is_for(const char *json, size_t len, int year)
{
	json_t *doc = json_loadb(json, len, 0, NULL), *y = json_object_get(doc, "year");
	int ok = !json_is_integer(y) || json_integer_value(y) == year;

	json_decref(doc);
	return ok;
}

int calendars_put(struct svc *s, int year, const char *json, size_t len, struct bm_err *err)
{
	struct cal_year y;
	char sha[65], *doc = NULL;
	int rc = svc_begin(s, DB_TX_WRITE, err);

	memset(&y, 0, sizeof(y));
	/* who may load calendars is answered before what is wrong with the document */
	if (rc == 0)
		rc = svc_authorize(s, ACT_CALENDAR_WRITE, &calendar_res, err);
	if (rc == 0 && (json == NULL || len == 0))
		rc = bm_err_set(err, BM_EINVAL, "missing_field", "", "send the year's JSON");
	if (rc == 0 && !document_is_for(json, len, year))
		rc = bm_err_set(err, BM_EINVAL, "invalid_value", "year",
				"the document is for another year than the path");
	if (rc == 0)
		rc = calendar_parse_year(json, len, &y, err);
	if (rc == 0 && (doc = strndup(json, len)) == NULL)
		rc = bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	if (rc == 0) {
		struct calendar_doc d = { y.year, doc, s->now, s->who.login };
		int found = 0;
		sha256_hex(json, len, sha);
		rc = calendar_repo_has(s->db, y.year, &found, err);
		if (rc == 0)
			rc = calendar_repo_put(s->db, &d, err);
		if (rc == 0)
			rc = svc_audit(s, found ? "calendar.replace" : "calendar.load", "calendar",
				       y.year,
				       json_pack("{s:i,s:i,s:i,s:s}", "year", y.year, "holidays",
						 y.holidays, "adjusted_working_days", y.workdays,
						 "sha256", sha),
				       err);
	}
	free(doc);
	return svc_end(s, rc, err);
}

int calendars_list(struct svc *s, visit_fn fn, void *ctx, struct bm_err *err)
{
	int rc = svc_authorize(s, ACT_REFDATA_READ, &calendar_res, err);

	if (rc == 0)
		rc = calendar_repo_scan(s->db, fn, ctx, err);
	return svc_end(s, rc, err);
}

int calendars_load_new(struct db *db, struct calendar **out, struct bm_err *err)
{
	*out = malloc(sizeof(**out));
	if (*out == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	return calendars_load(db, *out, err);
}

int calendars_job_warning(struct svc *s, int *sent, struct bm_err *err)
{
	struct calendar *cal = NULL;
	int32_t today = bm_date_cst(s->now);
	int next = 0, first = 0, rc = svc_begin(s, DB_TX_WRITE, err);
	char key[16];

	if (rc == 0)
		rc = calendars_load_new(s->db, &cal, err);
	if (rc == 0 && calendar_next_year_due(
			       today, calendar_year(cal, bm_date_year(today) + 1) != NULL, &next)) {
		snprintf(key, sizeof(key), "%d", next);
		rc = jobs_repo_notice_once(s->db, "calendar_warning", key, s->now, &first, err);
	}
	if (rc == 0 && first) {
		char zh[160], en[160];
		struct notification n = {
			0, 0, 0, s->now, 0, "calendar.next_year_missing", zh, en
		};
		snprintf(zh, sizeof(zh),
			 "尚未加载 %d 年工作日日历，请在国务院公布节假日安排后加载。", next);
		snprintf(en, sizeof(en),
			 "The working-day calendar of %d is not loaded: load it once the State "
			 "Council announces the holidays.",
			 next);
		rc = notify_repo_add_authority(s->db, 0, "system_admin", &n, err);
		if (rc == 0)
			rc = svc_audit(s, "calendar.next_year_missing", "calendar", next, NULL,
				       err);
		if (rc == 0)
			*sent = 1;
	}
	free(cal);
	return svc_end(s, rc, err);
}

int calendars_get(struct svc *s, struct calendar *out, struct bm_err *err)
{
	int rc = svc_authorize(s, ACT_REFDATA_READ, &calendar_res, err);

	if (rc == 0)
		rc = calendars_load(s->db, out, err);
	return svc_end(s, rc, err);
}

static const struct resource scheme_res = { .type = "scheme" };

int schemes_list(struct svc *s, struct bm_err *err)
{
	return svc_end(s, svc_authorize(s, ACT_REFDATA_READ, &scheme_res, err), err);
}

int areas_list(struct svc *s, struct bm_err *err)
{
	static const struct resource areas_res = { .type = "inspection_areas" };

	return svc_end(s, svc_authorize(s, ACT_REFDATA_READ, &areas_res, err), err);
}

int schemes_document(struct svc *s, const char *id, char **doc, char sha[65], struct bm_err *err)
{
	const struct scheme *sc = schemes_current(id);
	int rc = svc_authorize(s, ACT_REFDATA_READ, &scheme_res, err);

	*doc = NULL;
	if (rc == 0 && sc == NULL)
		rc = bm_err_set(err, BM_ENOTFOUND, "not_found", NULL, "no scheme \"%s\"", id);
	if (rc == 0)
		rc = scheme_repo_get(s->db, sc->id, sc->version, doc, sha, err);
	return svc_end(s, rc, err);
}
