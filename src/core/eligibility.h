/*
 * eligibility.h - evaluating a scheme's basic conditions on a unit's data.
 *
 * Pure: the unit's facts come in a plain struct, the result is a list of
 * {condition, pass|fail|unknown, why, source}. Unknown means the data needed to
 * decide is missing; only a failed hard condition refuses a submission (a reviewer
 * sees the unknowns). Dates are civil dates (days); "within N years" counts back
 * from today by calendar years.
 */
#ifndef BM_ELIGIBILITY_H
#define BM_ELIGIBILITY_H

#include <stdint.h>

#include "core/scheme.h"

#define FACTS_MAX_PEOPLE   64
#define FACTS_MAX_EVENTS   64
#define FACTS_MAX_PREMISES 16
#define FACTS_MAX_DECL	   16

/* A tri-state flag: 1 yes, 0 no, -1 not recorded. */
typedef signed char tri;

struct fact_person {
	int role; /* bit index of scheme_person_role */
	char name[64];
	tri chinese_nationality, foreign_residence, foreign_spouse, dishonest;
};

struct fact_event {
	char kind[SCHEME_CODE_MAX];
	int32_t on;
};

struct fact_premises {
	int owned;
	int32_t since, lease_end; /* lease_end 0 when owned */
};

struct unit_facts {
	int32_t founded_on; /* 0 = unknown */
	int foreign_known;  /* the ownership below was declared */
	double foreign_direct_pct, foreign_indirect_pct;
	int npeople, nevents, npremises, ndecl;
	struct fact_person people[FACTS_MAX_PEOPLE];
	struct fact_event events[FACTS_MAX_EVENTS];
	struct fact_premises premises[FACTS_MAX_PREMISES];
	struct {
		char key[SCHEME_CODE_MAX];
		int value;
	} decl[FACTS_MAX_DECL];
	/* numeric facts for threshold conditions; < 0 = unknown */
	double registered_capital, employees, annual_revenue, premises_area;
};

enum elig_result { ELIG_PASS, ELIG_FAIL, ELIG_UNKNOWN };
const char *elig_result_name(enum elig_result r);

struct elig_line {
	const struct scheme_condition *cond;
	enum elig_result result;
	char why[320];	  /* English */
	char why_zh[320]; /* 简体中文 */
};

struct elig_report {
	int n;
	int failed_hard; /* count of hard conditions that failed */
	int unknown;
	struct elig_line lines[SCHEME_MAX_CONDS];
};

/* Evaluate every condition of scheme s that applies to grade g on facts, on today. */
void eligibility_evaluate(const struct scheme *s, int g, const struct unit_facts *f, int32_t today,
			  struct elig_report *out);

#endif
