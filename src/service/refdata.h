/*
 * refdata.h - the reference data every case reads: qualification schemes and the
 * working-day calendar.
 *
 * Schemes are loaded from the scheme directory (data/schemes/) when the server or
 * `baomi init` starts; every version seen is recorded in scheme_versions, and an
 * application keeps (scheme id, version) so that a later edition never rewrites an
 * old case. A file whose content changed without a new version number is refused:
 * bump "version" to publish a change.
 *
 * Calendars live in the database (calendar_years); the shipped years
 * (data/calendars/cn-YYYY.json) are added when missing, and a system administrator
 * loads or replaces a year through the API.
 */
#ifndef BM_REFDATA_H
#define BM_REFDATA_H

#include "core/calendar.h"
#include "core/scheme.h"
#include "service/svc.h"

#define SCHEMES_MAX 8

/* Load every *.json in dir, validate, record new versions. A bad file fails with
 * err naming the file and JSON path. Call once, before serving. */
int schemes_load_dir(struct db *db, const char *dir, struct bm_err *err);
/* The current edition of a scheme, or NULL. */
const struct scheme *schemes_current(const char *id);
size_t schemes_count(void);
const struct scheme *schemes_at(size_t i);
/* A recorded edition (parsed once and cached for the life of the process). */
int schemes_version(struct db *db, const char *id, int version, const struct scheme **out,
		    struct bm_err *err);
/* Free the registry (at exit). */
void schemes_release(void);

/* Add the years of dir's cn-YYYY.json files that the database lacks. */
int calendars_seed_dir(struct db *db, const char *dir, const char *who, struct bm_err *err);
/* The calendar as stored now. */
int calendars_load(struct db *db, struct calendar *out, struct bm_err *err);
/* The scheduler's calendar job: from 1 October, when next year's calendar is not
 * loaded, tell the system administrators, once per year (jobs_repo_notice_once), and
 * audit "calendar.next_year_missing"; *sent = 1 when it told them. */
int calendars_job_warning(struct svc *s, int *sent, struct bm_err *err);
/* calendars_load into *out, malloc'd (a struct calendar is large): the caller frees
 * it, on failure too. */
int calendars_load_new(struct db *db, struct calendar **out, struct bm_err *err);

/* system_admin: load or replace year from its JSON document (audited). Permission is
 * checked first; then the document, which must be for that year (400 invalid_value,
 * field "year"). An empty document is 400 missing_field. */
int calendars_put(struct svc *s, int year, const char *json, size_t len, struct bm_err *err);
/* Any logged-in user: the stored years (fn gets const struct calendar_doc *). */
int calendars_list(struct svc *s, visit_fn fn, void *ctx, struct bm_err *err);
/* Any logged-in user: the calendar for questions (checks the caller is someone). */
int calendars_get(struct svc *s, struct calendar *out, struct bm_err *err);

/* Any logged-in user: the current schemes, and one's recorded document (malloc'd
 * into *doc, with its SHA-256). */
int schemes_list(struct svc *s, struct bm_err *err);
/* Any logged-in user: may read the inspection areas (core/areas.h) the caller lists. */
int areas_list(struct svc *s, struct bm_err *err);
int schemes_document(struct svc *s, const char *id, char **doc, char sha[65], struct bm_err *err);

#endif
