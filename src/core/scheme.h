/*
 * scheme.h - a qualification scheme (资质类别) as data: grades, categories, basic
 * conditions, materials, time limits, the on-site scoring sheet, publicity,
 * validity and waiting periods.
 *
 * Schemes live in data/schemes/, one JSON file each. Each rule there carries its source tag
 * ([law], [2nd], [cfg]) so a reviewer can tell law from default. scheme_parse
 * validates a file completely and names the JSON path of the first problem; a bad
 * file stops the server at start. Applications record the scheme id and version
 * (and the server keeps every version it has seen), so a change never rewrites
 * old cases.
 */
#ifndef BM_SCHEME_H
#define BM_SCHEME_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/label.h"

#define SCHEME_ID_MAX	    24
#define SCHEME_CODE_MAX	    40
#define SCHEME_MAX_GRADES   4
#define SCHEME_MAX_EXCEPT   4
#define SCHEME_MAX_CATS	    16
#define SCHEME_MAX_CONDS    24
#define SCHEME_MAX_MATS	    24
#define SCHEME_MAX_SECTIONS 16
#define SCHEME_MAX_ITEMS    96
#define SCHEME_MAX_PEOPLE   8
#define SCHEME_TEXT_MAX	    256 /* bytes of a name in one language */
#define SCHEME_SOURCE_MAX   400
#define SCHEME_PATTERN_MAX  64 /* bytes of a certificate number pattern */
/* The pattern of a scheme file without a "certificate" member. */
#define SCHEME_DEFAULT_NUMBER_PATTERN "{scheme}-{grade}-{year}-{seq:6}"

struct i18n_text {
	char zh[SCHEME_TEXT_MAX];
	char en[SCHEME_TEXT_MAX];
};

/* The authority level that performs a step; AUTHLVL_NONE for "no such step". */
enum authlvl { AUTHLVL_NONE = 0, AUTHLVL_MUNICIPAL, AUTHLVL_PROVINCIAL, AUTHLVL_NATIONAL };
const char *authlvl_name(enum authlvl l);

/* The steps of a case that an authority performs. */
enum step { STEP_ACCEPT, STEP_PRELIMINARY, STEP_REVIEW, STEP_ONSITE, STEP_DECIDE, STEP_COUNT };
const char *step_name(enum step s);

struct scheme_grade {
	char code[8];
	struct i18n_text name;
	unsigned levels; /* bit per enum level the grade may undertake */
	int legacy;	 /* only on existing certificates: no new applications */
	enum authlvl by[STEP_COUNT];
	char source[SCHEME_SOURCE_MAX];
};

/* Different authorities for some grades in some regions (e.g. Beijing). */
struct scheme_exception {
	unsigned grades;       /* bit per grade index */
	char region_prefix[7]; /* 2, 4 or 6 digits */
	int set[STEP_COUNT];   /* 1 when the step is overridden */
	enum authlvl by[STEP_COUNT];
	char source[SCHEME_SOURCE_MAX];
};

struct scheme_category {
	char code[SCHEME_CODE_MAX];
	struct i18n_text name;
	int exclusive_on_project; /* consulting/supervision exclude other work on a project */
};

enum cond_kind {
	COND_YEARS_SINCE_FOUNDING,
	COND_NO_EVENT,
	COND_KEY_PEOPLE,
	COND_FOREIGN_INVESTMENT,
	COND_PREMISES_YEARS,
	COND_DECLARED,
	COND_THRESHOLD,
};

/* Key-people flags a condition can require (bits). */
enum {
	PEOPLE_CHINESE_NATIONALITY = 1u << 0,
	PEOPLE_NO_FOREIGN_RESIDENCE = 1u << 1,
	PEOPLE_NO_FOREIGN_SPOUSE = 1u << 2,
	PEOPLE_NOT_DISHONEST = 1u << 3,
};

/* The numeric facts a THRESHOLD condition may test, named in scheme files by
 * scheme_figure_names[]. */
enum scheme_figure {
	FIG_REGISTERED_CAPITAL,
	FIG_EMPLOYEES,
	FIG_ANNUAL_REVENUE,
	FIG_PREMISES_AREA,
	FIG_COUNT
};
extern const char *const scheme_figure_names[FIG_COUNT];

struct scheme_condition {
	char id[SCHEME_CODE_MAX];
	enum cond_kind kind;
	struct i18n_text name;
	int hard;		     /* a failed hard condition refuses submission */
	unsigned grades;	     /* bit per grade index it applies to (all when none listed) */
	int min_years;		     /* YEARS_SINCE_FOUNDING, PREMISES_YEARS */
	char event[SCHEME_CODE_MAX]; /* NO_EVENT: the kind of history event */
	int within_years;	     /* NO_EVENT: 0 = ever */
	unsigned people;	     /* KEY_PEOPLE: bit per person role (see scheme_person_role) */
	unsigned requires;	     /* KEY_PEOPLE: PEOPLE_* bits */
	double max_direct_pct, max_indirect_pct; /* FOREIGN_INVESTMENT */
	char declaration[SCHEME_CODE_MAX];	 /* DECLARED: the unit's declaration key */
	char field[SCHEME_CODE_MAX];		 /* THRESHOLD: the unit's numeric field */
	enum scheme_figure figure;		 /* THRESHOLD: field as parsed */
	double min_value;			 /* THRESHOLD */
	char source[SCHEME_SOURCE_MAX];
};

enum file_type { FT_PDF, FT_OFD, FT_JPEG, FT_PNG, FT_DOCX, FT_XLSX, FT_COUNT };
const char *file_type_name(enum file_type t);
int file_type_parse(const char *s, enum file_type *out);

struct scheme_material {
	char code[SCHEME_CODE_MAX];
	struct i18n_text name;
	unsigned types;	 /* bit per enum file_type */
	unsigned grades; /* bit per grade index (all when none listed) */
	int required;
};

struct scheme_item {
	char code[SCHEME_CODE_MAX];
	struct i18n_text name;
	int points;
	int veto; /* failing it fails (halts) the review whatever the total */
	int section;
};

struct scheme_section {
	char code[SCHEME_CODE_MAX];
	struct i18n_text name;
	int first, count; /* items[first .. first+count) */
};

enum aggregation { AGG_MEAN, AGG_MEDIAN, AGG_MIN };
enum onsite_outcome { OUTCOME_PASS, OUTCOME_FAIL, OUTCOME_HALT };

struct scheme_limit {
	int value;
	char source[SCHEME_SOURCE_MAX];
};

struct scheme {
	char id[SCHEME_ID_MAX];
	int version;
	struct i18n_text name;
	char source[SCHEME_SOURCE_MAX];
	int ngrades, nexceptions, ncategories, nconditions, nmaterials, nsections, nitems;
	struct scheme_grade grades[SCHEME_MAX_GRADES];
	struct scheme_exception exceptions[SCHEME_MAX_EXCEPT];
	struct scheme_category categories[SCHEME_MAX_CATS];
	struct scheme_condition conditions[SCHEME_MAX_CONDS];
	struct scheme_material materials[SCHEME_MAX_MATS];
	struct scheme_section sections[SCHEME_MAX_SECTIONS];
	struct scheme_item items[SCHEME_MAX_ITEMS];
	/* time limits: working days unless named *_days */
	struct scheme_limit acceptance, supplement, decision, publicity;
	int decision_extension;
	struct scheme_limit onsite_notice_days; /* calendar days */
	int team_min_staff, team_max_experts;
	char team_source[SCHEME_SOURCE_MAX];
	int validity_years;
	char validity_source[SCHEME_SOURCE_MAX];
	char number_pattern[SCHEME_PATTERN_MAX]; /* certificate.number_pattern */
	char number_source[SCHEME_SOURCE_MAX];
	int wait_after_fail_months, wait_after_halt_months;
	char waiting_source[SCHEME_SOURCE_MAX];
	int score_total, score_pass, divergence;
	enum aggregation aggregation;
	enum onsite_outcome veto_outcome; /* what a failed veto item does: fail or halt */
	char scoring_source[SCHEME_SOURCE_MAX];
};

/*
 * Parse and fully validate a scheme document. On failure err->field is the JSON
 * path ("$.scoring.sections[2].items[0].points") and err->message says why.
 */
int scheme_parse(const char *json, size_t len, struct scheme *out, struct bm_err *err);

/* Index of a grade / category / item by code, or -1. */
int scheme_grade_index(const struct scheme *s, const char *code);
int scheme_category_index(const struct scheme *s, const char *code);
int scheme_item_index(const struct scheme *s, const char *code);

/* The authority level that performs step for grade g of a unit in region. */
enum authlvl scheme_authority(const struct scheme *s, int g, const char *region, enum step step);

/*
 * Certificate numbers. A pattern (scheme file: certificate.number_pattern) is literal
 * text with tokens: {scheme} (the scheme id), {grade} (the grade code), {region} (the
 * issuing authority's 6-digit region code), {province} (its first 2 digits), {year}
 * (4 digits, the issue year) and {seq:N} (the per-scheme, per-year sequence number,
 * zero-padded to N digits, N in 1..9). A pattern holds {year} and exactly one {seq:N};
 * literal text is UTF-8 without control characters, braces or spaces; the longest
 * number it can make fits CERT_NUMBER_MAX bytes (core/certfmt.h).
 *
 * scheme_number_check: 0, or BM_EINVAL with the reason in err->message (err->field
 * is left for the caller to set to the JSON path).
 */
int scheme_number_check(const char *pattern, const struct scheme *s, struct bm_err *err);
/*
 * Format number seq (>= 1) of year for grade, issued by an authority in region (6
 * digits), into out (outsz bytes). 0; BM_ERULE "number_exhausted" (field "number")
 * when seq needs more than the pattern's N digits; BM_EINVAL for a bad pattern,
 * grade or region, or when out is too small.
 */
int scheme_number_format(const struct scheme *s, const char *grade, const char *region, int year,
			 int64_t seq, char *out, size_t outsz, struct bm_err *err);

/* The person roles key-people conditions speak of (bits of scheme_condition.people). */
const char *scheme_person_role(int bit);
int scheme_person_role_parse(const char *s);

#endif
