/*
 * dashboard_repo.h - the SQL aggregates behind the role dashboards (service/dashboard.h):
 * counts of certificates, annual reports, findings, cancellation proposals and pending
 * issuances within a scope, and the few rows a unit's own dashboard lists. Every count
 * is one GROUP BY or COUNT in SQL; nothing here walks the rows in C.
 *
 * A scope is the certificate list's jurisdiction put into SQL (service/certs.c
 * certs_list): a region prefix (the authority's region: "" or NULL for the whole
 * country, 2 digits for a province, 4 for a prefecture, 6 for a county) and/or a
 * unit. Findings, reports and proposals are scoped through their certificate,
 * issuances through their application (both carry the unit's region).
 * Civil dates are TEXT 'YYYY-MM-DD' in SQL and day numbers (0 = none) in C.
 */
#ifndef BM_DASHBOARD_REPO_H
#define BM_DASHBOARD_REPO_H

#include <stdint.h>

#include "base/err.h"
#include "core/certfmt.h"
#include "store/model.h"

struct db;

struct dash_scope {
	const char *region_prefix; /* NULL: every region */
	int64_t unit_id;	   /* 0: every unit */
	int max_level;		   /* applications labelled up to this level (enum level) */
};

/* One group of a count. */
struct dash_count {
	const char *key;	       /* state, scheme id or province code ("110000") */
	const char *sub;	       /* grade or category code; "" when the group has none */
	const char *name_zh, *name_en; /* the province's names; "" otherwise */
	int64_t n;
};

enum dash_group {
	DASH_BY_STATE,	  /* every certificate, by state */
	DASH_BY_GRADE,	  /* standing certificates (valid, suspended), by scheme and grade */
	DASH_BY_CATEGORY, /* standing certificates, by scheme and each of their categories */
	DASH_BY_PROVINCE, /* standing certificates, by the province of the unit's region */
	DASH_GROUP_COUNT
};

/* Visit the groups of certificates in scope (fn gets const struct dash_count *, valid
 * during the call), in key order. */
int dash_repo_cert_groups(struct db *db, const struct dash_scope *sc, enum dash_group g,
			  visit_fn fn, void *ctx, struct bm_err *err);

/* How many standing certificates in scope are valid until a day from first to last
 * (both counted). */
int dash_repo_expiring(struct db *db, const struct dash_scope *sc, int32_t first, int32_t last,
		       int64_t *n, struct bm_err *err);

/* The annual self-inspection of year in scope. */
struct dash_annual {
	int64_t owed;	       /* certificates owing a report (certlife_report_owed in SQL) */
	int64_t not_submitted; /* of those, no report or a draft */
	int64_t submitted;     /* reports for year awaiting review */
	int64_t passed, rectify, failed;
};
/* scheme_id NULL: every scheme. */
int dash_repo_annual(struct db *db, const struct dash_scope *sc, int year, const char *scheme_id,
		     struct dash_annual *out, struct bm_err *err);

/* Findings in scope not verified (*open), and of those the open or rejected ones whose
 * deadline is before today or that the scheduler marked overdue (*overdue). */
int dash_repo_findings(struct db *db, const struct dash_scope *sc, int32_t today, int64_t *open,
		       int64_t *overdue, struct bm_err *err);

/* Inspections in scope in state (planned, in_progress, rectifying, ...). */
int dash_repo_inspections(struct db *db, const struct dash_scope *sc, const char *state, int64_t *n,
			  struct bm_err *err);
/* Pending sanction proposals in scope. */
int dash_repo_sanctions_pending(struct db *db, const struct dash_scope *sc, int64_t *n,
				struct bm_err *err);
/* Leak reports in scope reported at or after since (ms). */
int dash_repo_leaks_since(struct db *db, const struct dash_scope *sc, int64_t since, int64_t *n,
			  struct bm_err *err);

/* Pending cancellation proposals in scope. */
int dash_repo_proposals_pending(struct db *db, const struct dash_scope *sc, int64_t *n,
				struct bm_err *err);

/* Pending issuances (approved, not yet confirmed) in scope whose application's label is
 * at most sc->max_level and has no compartments. */
int dash_repo_issuances_pending(struct db *db, const struct dash_scope *sc, int64_t *n,
				struct bm_err *err);

/* ---- a unit's own dashboard ---- */

#define DASH_UNIT_ROWS_MAX 200 /* certificates or findings one unit's dashboard lists */

struct dash_unit_cert {
	int64_t id;
	char number[CERT_NUMBER_MAX + 1];
	char state[16];
	char scheme_id[CERT_SCHEME_MAX + 1];
	char grade[CERT_GRADE_MAX + 1];
	int32_t valid_from, valid_until, reports_from;
	int64_t report_id;     /* the report for the year asked, 0 = none */
	char report_state[12]; /* "" = none */
};
/* Visit up to DASH_UNIT_ROWS_MAX certificates of unit_id, newest first, each with its
 * line's report for year (view cert_lines; fn gets const struct dash_unit_cert *). */
int dash_repo_unit_certs(struct db *db, int64_t unit_id, int year, visit_fn fn, void *ctx,
			 struct bm_err *err);

struct dash_unit_finding {
	int64_t id, certificate_id;
	char source_type[16]; /* annual_report | inspection */
	int64_t source_id;
	char number[CERT_NUMBER_MAX + 1];
	char area[32], severity[12], state[12];
	int32_t deadline;
	int overdue; /* open or rejected, and the deadline passed (or marked so) */
};
/* Visit up to DASH_UNIT_ROWS_MAX findings of unit_id not verified, earliest deadline
 * first (fn gets const struct dash_unit_finding *). */
int dash_repo_unit_findings(struct db *db, int64_t unit_id, int32_t today, visit_fn fn, void *ctx,
			    struct bm_err *err);

#endif
