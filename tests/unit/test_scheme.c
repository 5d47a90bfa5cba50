/*
 * test_scheme.c - unit tests of src/core/scheme: the two shipped schemes parse with
 * the counts, limits, scoring settings and authorities domain.md §2 gives (the
 * Beijing exception for integration grade A included); a table of mutations of the
 * shipped documents, each made with jansson, is refused with the exact JSON path of
 * the problem; authority resolution with region exceptions; the name/parse pairs.
 *
 * The schemes are read from BM_FILES_DIR (the source data/ directory, a compile-time
 * definition of the top-level meson.build).
 */
#include <jansson.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/err.h"
#include "base/str.h"
#include "core/certfmt.h"
#include "core/label.h"
#include "core/scheme.h"
#include "base/banned.h"

#ifndef BM_FILES_DIR
#error "BM_FILES_DIR (the source data/ directory) must be defined by the build"
#endif

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- helpers ---- */

static json_t *load_doc(const char *id)
{
	char name[64], path[PATH_MAX];
	json_error_t jerr;
	json_t *doc;

	snprintf(name, sizeof(name), "schemes/%s.json", id);
	assert_int_equal(bm_path_join(path, sizeof(path), BM_FILES_DIR, name), 0);
	doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (doc == NULL)
		fail_msg("%s: %s", path, jerr.text);
	return doc;
}

/* Parse doc into s (heap: struct scheme is large). Returns the parser's code. */
static int parse_doc(const json_t *doc, struct scheme *s, struct bm_err *err)
{
	char *text = json_dumps(doc, JSON_COMPACT);
	int rc;

	assert_non_null(text);
	bm_err_clear(err);
	rc = scheme_parse(text, strlen(text), s, err);
	free(text);
	return rc;
}

static struct scheme *shipped(const char *id)
{
	struct scheme *s = malloc(sizeof(*s));
	json_t *doc = load_doc(id);
	struct bm_err err;

	assert_non_null(s);
	if (parse_doc(doc, s, &err) != 0)
		fail_msg("%s: %s (%s)", id, err.message, err.field);
	json_decref(doc);
	return s;
}

/* The JSON value at a dotted path ("scoring.sections.2.items.0"); array indices are
 * numbers. NULL when absent. */
static json_t *at(json_t *doc, const char *path, char *last, size_t lastsz)
{
	char buf[256], *p = buf, *dot;
	json_t *cur = doc;

	bm_strlcpy(buf, path, sizeof(buf));
	while ((dot = strchr(p, '.')) != NULL) {
		*dot = '\0';
		if (json_is_array(cur))
			cur = json_array_get(cur, strtoul(p, NULL, 10));
		else
			cur = json_object_get(cur, p);
		if (cur == NULL)
			fail_msg("mutation path %s: no %s", path, p);
		p = dot + 1;
	}
	bm_strlcpy(last, p, lastsz);
	return cur;
}

enum op { SET, DEL, APPEND };

static void mutate(json_t *doc, const char *path, enum op op, const char *value)
{
	char last[64];
	json_t *parent = at(doc, path, last, sizeof(last)), *v = NULL;

	if (value != NULL) {
		json_error_t jerr;
		v = json_loads(value, JSON_DECODE_ANY, &jerr);
		if (v == NULL)
			fail_msg("mutation value %s: %s", value, jerr.text);
	}
	switch (op) {
	case SET:
		if (json_is_array(parent))
			assert_int_equal(json_array_set_new(parent, strtoul(last, NULL, 10), v), 0);
		else
			assert_int_equal(json_object_set_new(parent, last, v), 0);
		break;
	case DEL:
		if (json_is_array(parent))
			assert_int_equal(json_array_remove(parent, strtoul(last, NULL, 10)), 0);
		else
			assert_int_equal(json_object_del(parent, last), 0);
		break;
	case APPEND: {
		json_t *arr = json_is_array(parent)
				      ? json_array_get(parent, strtoul(last, NULL, 10))
				      : json_object_get(parent, last);
		assert_true(json_is_array(arr));
		assert_int_equal(json_array_append_new(arr, v), 0);
		break;
	}
	}
}

/* ---- the shipped schemes ---- */

static void test_integration_shipped(void **state)
{
	static const char *const cats[] = {
		"overall_integration", "consulting",	"software_development",
		"security_monitoring", "shielded_room", "operation_maintenance",
		"data_recovery",       "supervision",
	};
	struct scheme *s;
	int sum = 0, vetoes = 0;

	(void)state;
	s = shipped("integration");
	assert_string_equal(s->id, "integration");
	assert_int_equal(s->version, 2);
	assert_string_equal(s->name.zh, "涉密信息系统集成资质");
	assert_int_equal(s->ngrades, 2);
	assert_int_equal(s->nexceptions, 1);
	assert_int_equal(s->ncategories, 8);
	assert_int_equal(s->nconditions, 9);
	assert_int_equal(s->nmaterials, 9); /* Measures Art. 17: 9 items */
	assert_int_equal(s->nsections, 6);
	assert_int_equal(s->nitems, 17);
	/* grades: A undertakes 绝密/机密/秘密, B 机密/秘密 */
	assert_string_equal(s->grades[0].code, "A");
	assert_string_equal(s->grades[1].code, "B");
	assert_int_equal(s->grades[0].levels, (1u << LEVEL_TOP_SECRET) | (1u << LEVEL_SECRET) |
						      (1u << LEVEL_CONFIDENTIAL));
	assert_int_equal(s->grades[1].levels, (1u << LEVEL_SECRET) | (1u << LEVEL_CONFIDENTIAL));
	assert_int_equal(s->grades[0].legacy, 0);
	assert_int_equal(s->grades[1].legacy, 0);
	for (size_t i = 0; i < N_ELEMS(cats); i++) {
		assert_int_equal(scheme_category_index(s, cats[i]), (int)i);
		/* consulting and supervision exclude other work on the project */
		assert_int_equal(s->categories[i].exclusive_on_project,
				 strcmp(cats[i], "consulting") == 0 ||
					 strcmp(cats[i], "supervision") == 0);
	}
	/* time limits: 5 / 15 / 20 + 10 / 5 days' notice / 5 */
	assert_int_equal(s->acceptance.value, 5);
	assert_int_equal(s->supplement.value, 15);
	assert_int_equal(s->decision.value, 20);
	assert_int_equal(s->decision_extension, 10);
	assert_int_equal(s->onsite_notice_days.value, 5);
	assert_int_equal(s->publicity.value, 5);
	assert_non_null(strstr(s->decision.source, "[cfg]"));
	assert_int_equal(s->team_min_staff, 2);
	assert_int_equal(s->validity_years, 5);
	assert_int_equal(s->wait_after_fail_months, 0);
	assert_int_equal(s->wait_after_halt_months, 0);
	/* scoring: out of 100, pass at 80, a failed veto item fails */
	assert_int_equal(s->score_total, 100);
	assert_int_equal(s->score_pass, 80);
	assert_int_equal(s->aggregation, AGG_MEAN);
	assert_int_equal(s->divergence, 15);
	assert_int_equal(s->veto_outcome, OUTCOME_FAIL);
	for (int i = 0; i < s->nitems; i++) {
		sum += s->items[i].points;
		vetoes += s->items[i].veto;
		assert_int_equal(scheme_item_index(s, s->items[i].code), i);
	}
	assert_int_equal(sum, 100);
	assert_int_equal(vetoes, 2);
	assert_true(s->items[scheme_item_index(s, "dedicated_staff")].veto);
	assert_true(s->items[scheme_item_index(s, "no_internet")].veto);
	/* sections cover the items in order, without gaps */
	for (int k = 0, next = 0; k < s->nsections; k++) {
		assert_int_equal(s->sections[k].first, next);
		assert_true(s->sections[k].count > 0);
		for (int i = next; i < next + s->sections[k].count; i++)
			assert_int_equal(s->items[i].section, k);
		next += s->sections[k].count;
		if (k == s->nsections - 1)
			assert_int_equal(next, s->nitems);
	}
	assert_int_equal(s->sections[2].first, 5);
	assert_string_equal(s->items[5].code, "self_inspection");
	/* conditions: the grade A security director applies to A only */
	assert_string_equal(s->conditions[8].id, "security_director_grade_a");
	assert_int_equal(s->conditions[8].kind, COND_DECLARED);
	assert_int_equal(s->conditions[8].grades, 1u);
	for (int i = 0; i < 8; i++) {
		assert_int_equal(s->conditions[i].grades, 3u);
		assert_true(s->conditions[i].hard);
	}
	assert_int_equal(s->conditions[0].kind, COND_YEARS_SINCE_FOUNDING);
	assert_int_equal(s->conditions[0].min_years, 3);
	assert_int_equal(s->conditions[1].kind, COND_NO_EVENT);
	assert_int_equal(s->conditions[1].within_years, 0);
	assert_int_equal(s->conditions[2].within_years, 3);
	assert_int_equal(s->conditions[3].within_years, 1);
	assert_string_equal(s->conditions[3].event, "leak");
	assert_int_equal(s->conditions[4].kind, COND_KEY_PEOPLE);
	assert_int_equal(s->conditions[4].people, 7u);
	assert_int_equal(s->conditions[4].requires, (unsigned)PEOPLE_NOT_DISHONEST);
	assert_int_equal(s->conditions[5].people, 0x7fu);
	assert_int_equal(s->conditions[5].requires,
			 (unsigned)(PEOPLE_CHINESE_NATIONALITY | PEOPLE_NO_FOREIGN_RESIDENCE |
				    PEOPLE_NO_FOREIGN_SPOUSE));
	assert_int_equal(s->conditions[6].kind, COND_FOREIGN_INVESTMENT);
	assert_true(s->conditions[6].max_direct_pct == 0.0);
	assert_true(s->conditions[6].max_indirect_pct == 0.0);
	/* materials: all required, the application form not as a picture */
	for (int i = 0; i < s->nmaterials; i++) {
		assert_true(s->materials[i].required);
		assert_int_equal(s->materials[i].grades, 3u);
	}
	assert_int_equal(s->materials[0].types, (1u << FT_PDF) | (1u << FT_OFD) | (1u << FT_DOCX));
	free(s);
}

static void test_military_shipped(void **state)
{
	struct scheme *s;
	int sum = 0, vetoes = 0;

	(void)state;
	s = shipped("military");
	assert_string_equal(s->id, "military");
	assert_int_equal(s->ngrades, 3);
	assert_int_equal(s->nexceptions, 0);
	assert_int_equal(s->ncategories, 4);
	assert_int_equal(s->nconditions, 9);
	assert_int_equal(s->nmaterials, 8);
	assert_int_equal(s->nsections, 8);
	assert_int_equal(s->nitems, 19);
	assert_string_equal(s->grades[0].code, "1");
	assert_string_equal(s->grades[2].code, "3");
	/* level 3 only on old certificates */
	assert_int_equal(s->grades[0].legacy, 0);
	assert_int_equal(s->grades[1].legacy, 0);
	assert_int_equal(s->grades[2].legacy, 1);
	assert_int_equal(s->grades[2].levels, 1u << LEVEL_CONFIDENTIAL);
	/* out of 500, pass at 450, a failed veto item halts; waits 6 and 3 months */
	assert_int_equal(s->score_total, 500);
	assert_int_equal(s->score_pass, 450);
	assert_int_equal(s->veto_outcome, OUTCOME_HALT);
	assert_int_equal(s->divergence, 50);
	assert_int_equal(s->wait_after_fail_months, 6);
	assert_int_equal(s->wait_after_halt_months, 3);
	assert_int_equal(s->validity_years, 5);
	assert_int_equal(s->team_max_experts, 5);
	for (int i = 0; i < s->nitems; i++) {
		sum += s->items[i].points;
		vetoes += s->items[i].veto;
	}
	assert_int_equal(sum, 500);
	assert_int_equal(vetoes, 4);
	/* indirect foreign holding up to 20 %, no direct investment */
	assert_string_equal(s->conditions[2].id, "no_foreign_control");
	assert_true(s->conditions[2].max_direct_pct == 0.0);
	assert_true(s->conditions[2].max_indirect_pct == 20.0);
	assert_int_equal(s->conditions[4].kind, COND_PREMISES_YEARS);
	assert_int_equal(s->conditions[4].min_years, 3);
	/* the materials add the audit report and the recommended-level form */
	assert_string_equal(s->materials[2].code, "audit_report");
	assert_string_equal(s->materials[3].code, "recommended_level");
	free(s);
}

static void test_authorities(void **state)
{
	static const struct {
		const char *scheme, *grade, *region;
		enum authlvl by[STEP_COUNT]; /* accept, preliminary, review, onsite, decide */
	} cases[] = {
		/* integration grade A: delegated to the provinces, the nation decides */
		{ "integration",
		  "A",
		  "310000",
		  { AUTHLVL_PROVINCIAL, AUTHLVL_PROVINCIAL, AUTHLVL_NATIONAL, AUTHLVL_PROVINCIAL,
		    AUTHLVL_NATIONAL } },
		{ "integration",
		  "A",
		  "440305",
		  { AUTHLVL_PROVINCIAL, AUTHLVL_PROVINCIAL, AUTHLVL_NATIONAL, AUTHLVL_PROVINCIAL,
		    AUTHLVL_NATIONAL } },
		/* ... except Beijing: accept and on-site by the nation, no preliminary */
		{ "integration",
		  "A",
		  "110000",
		  { AUTHLVL_NATIONAL, AUTHLVL_NONE, AUTHLVL_NATIONAL, AUTHLVL_NATIONAL,
		    AUTHLVL_NATIONAL } },
		{ "integration",
		  "A",
		  "110105",
		  { AUTHLVL_NATIONAL, AUTHLVL_NONE, AUTHLVL_NATIONAL, AUTHLVL_NATIONAL,
		    AUTHLVL_NATIONAL } },
		/* Tianjin (12) is not Beijing (11) */
		{ "integration",
		  "A",
		  "120000",
		  { AUTHLVL_PROVINCIAL, AUTHLVL_PROVINCIAL, AUTHLVL_NATIONAL, AUTHLVL_PROVINCIAL,
		    AUTHLVL_NATIONAL } },
		/* grade B: the province throughout, Beijing too */
		{ "integration",
		  "B",
		  "110105",
		  { AUTHLVL_PROVINCIAL, AUTHLVL_NONE, AUTHLVL_PROVINCIAL, AUTHLVL_PROVINCIAL,
		    AUTHLVL_PROVINCIAL } },
		{ "integration",
		  "B",
		  "320100",
		  { AUTHLVL_PROVINCIAL, AUTHLVL_NONE, AUTHLVL_PROVINCIAL, AUTHLVL_PROVINCIAL,
		    AUTHLVL_PROVINCIAL } },
		{ "military",
		  "1",
		  "110000",
		  { AUTHLVL_PROVINCIAL, AUTHLVL_PROVINCIAL, AUTHLVL_NATIONAL, AUTHLVL_NATIONAL,
		    AUTHLVL_NATIONAL } },
		{ "military",
		  "2",
		  "510100",
		  { AUTHLVL_PROVINCIAL, AUTHLVL_NONE, AUTHLVL_PROVINCIAL, AUTHLVL_PROVINCIAL,
		    AUTHLVL_PROVINCIAL } },
		{ "military",
		  "3",
		  "510100",
		  { AUTHLVL_PROVINCIAL, AUTHLVL_NONE, AUTHLVL_PROVINCIAL, AUTHLVL_PROVINCIAL,
		    AUTHLVL_PROVINCIAL } },
	};
	struct scheme *in = shipped("integration"), *mil = shipped("military");

	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		const struct scheme *s = strcmp(cases[i].scheme, "integration") == 0 ? in : mil;
		int g = scheme_grade_index(s, cases[i].grade);

		assert_true(g >= 0);
		for (int st = 0; st < STEP_COUNT; st++) {
			enum authlvl got = scheme_authority(s, g, cases[i].region, (enum step)st);
			if (got != cases[i].by[st])
				fail_msg("%s grade %s in %s, %s: %s, want %s", cases[i].scheme,
					 cases[i].grade, cases[i].region, step_name((enum step)st),
					 authlvl_name(got), authlvl_name(cases[i].by[st]));
		}
	}
	/* out of range */
	assert_int_equal(scheme_authority(in, -1, "110000", STEP_ACCEPT), AUTHLVL_NONE);
	assert_int_equal(scheme_authority(in, 2, "110000", STEP_ACCEPT), AUTHLVL_NONE);
	assert_int_equal(scheme_authority(in, 0, "110000", STEP_COUNT), AUTHLVL_NONE);
	assert_int_equal(scheme_authority(in, 0, "110000", (enum step) - 1), AUTHLVL_NONE);
	assert_int_equal(scheme_grade_index(in, "C"), -1);
	assert_int_equal(scheme_grade_index(in, ""), -1);
	assert_int_equal(scheme_grade_index(mil, "3"), 2);
	assert_int_equal(scheme_category_index(in, "research"), -1);
	assert_int_equal(scheme_category_index(mil, "research"), 0);
	assert_int_equal(scheme_item_index(in, "committee"), -1);
	assert_int_equal(scheme_item_index(mil, "network"), 16);
	free(in);
	free(mil);
}

/* Exceptions by 2-, 4- and 6-digit prefixes; a later exception wins. */
static void test_exceptions_prefixes(void **state)
{
	json_t *doc = load_doc("integration");
	struct scheme *s = malloc(sizeof(*s));
	struct bm_err err;
	int b;

	(void)state;
	assert_non_null(s);
	mutate(doc, "exceptions", APPEND,
	       "{\"grades\": [\"B\"], \"region_prefix\": \"3201\", \"authorities\":"
	       " {\"decide\": \"municipal\", \"preliminary\": \"municipal\"}, \"source\": \"t\"}");
	mutate(doc, "exceptions", APPEND,
	       "{\"grades\": [\"B\"], \"region_prefix\": \"320105\", \"authorities\":"
	       " {\"decide\": \"provincial\"}, \"source\": \"t\"}");
	mutate(doc, "exceptions", APPEND,
	       "{\"region_prefix\": \"65\", \"authorities\": {\"review\": \"national\"},"
	       " \"source\": \"t\"}");
	if (parse_doc(doc, s, &err) != 0)
		fail_msg("%s", err.message);
	assert_int_equal(s->nexceptions, 4);
	assert_int_equal(s->exceptions[3].grades, 3u); /* no grades listed: all */
	b = scheme_grade_index(s, "B");
	assert_int_equal(scheme_authority(s, b, "320100", STEP_DECIDE), AUTHLVL_MUNICIPAL);
	assert_int_equal(scheme_authority(s, b, "320100", STEP_PRELIMINARY), AUTHLVL_MUNICIPAL);
	assert_int_equal(scheme_authority(s, b, "320100", STEP_ONSITE), AUTHLVL_PROVINCIAL);
	assert_int_equal(scheme_authority(s, b, "320105", STEP_DECIDE), AUTHLVL_PROVINCIAL);
	assert_int_equal(scheme_authority(s, b, "320105", STEP_PRELIMINARY), AUTHLVL_MUNICIPAL);
	assert_int_equal(scheme_authority(s, b, "320200", STEP_DECIDE), AUTHLVL_PROVINCIAL);
	assert_int_equal(scheme_authority(s, b, "320200", STEP_PRELIMINARY), AUTHLVL_NONE);
	assert_int_equal(scheme_authority(s, 0, "320100", STEP_DECIDE), AUTHLVL_NATIONAL);
	assert_int_equal(scheme_authority(s, 0, "650100", STEP_REVIEW), AUTHLVL_NATIONAL);
	assert_int_equal(scheme_authority(s, b, "650100", STEP_REVIEW), AUTHLVL_NATIONAL);
	assert_int_equal(scheme_authority(s, b, "640100", STEP_REVIEW), AUTHLVL_PROVINCIAL);
	/* a region shorter than the prefix never matches it */
	assert_int_equal(scheme_authority(s, b, "32", STEP_DECIDE), AUTHLVL_PROVINCIAL);
	json_decref(doc);
	free(s);
}

/* ---- refusals, each with the JSON path ---- */

struct mutation {
	const char *what;
	const char *scheme; /* "integration" or "military" */
	const char *path;
	enum op op;
	const char *value; /* JSON text, NULL for DEL */
	const char *field; /* the expected err.field */
};

/* clang-format off */
static const struct mutation mutations[] = {
	{ "unknown top-level member", "integration", "fee", SET, "0", "$.fee" },
	/* certificate numbers */
	{ "certificate not an object", "integration", "certificate", SET, "[]", "$.certificate" },
	{ "certificate unknown member", "integration", "certificate.prefix", SET, "\"X\"",
	  "$.certificate.prefix" },
	{ "number pattern missing", "integration", "certificate.number_pattern", DEL, NULL,
	  "$.certificate.number_pattern" },
	{ "number pattern source missing", "military", "certificate.source", DEL, NULL,
	  "$.certificate.source" },
	{ "number pattern empty", "integration", "certificate.number_pattern", SET, "\"\"",
	  "$.certificate.number_pattern" },
	{ "number pattern not a string", "integration", "certificate.number_pattern", SET, "7",
	  "$.certificate.number_pattern" },
	{ "number pattern without seq", "integration", "certificate.number_pattern", SET,
	  "\"JC{grade}{year}\"", "$.certificate.number_pattern" },
	{ "number pattern with two seqs", "integration", "certificate.number_pattern", SET,
	  "\"{year}{seq:3}{seq:3}\"", "$.certificate.number_pattern" },
	{ "number pattern without year", "military", "certificate.number_pattern", SET,
	  "\"WZ{grade}{seq:5}\"", "$.certificate.number_pattern" },
	{ "number pattern unknown token", "integration", "certificate.number_pattern", SET,
	  "\"{city}{year}{seq:5}\"", "$.certificate.number_pattern" },
	{ "number pattern seq:0", "integration", "certificate.number_pattern", SET,
	  "\"{year}{seq:0}\"", "$.certificate.number_pattern" },
	{ "number pattern seq:10", "integration", "certificate.number_pattern", SET,
	  "\"{year}{seq:10}\"", "$.certificate.number_pattern" },
	{ "number pattern unclosed token", "integration", "certificate.number_pattern", SET,
	  "\"{year}{seq:5\"", "$.certificate.number_pattern" },
	{ "number pattern stray brace", "integration", "certificate.number_pattern", SET,
	  "\"A}{year}{seq:5}\"", "$.certificate.number_pattern" },
	{ "number pattern with a space", "integration", "certificate.number_pattern", SET,
	  "\"JC {year}{seq:5}\"", "$.certificate.number_pattern" },
	{ "number pattern too long for a certificate", "integration",
	  "certificate.number_pattern", SET,
	  "\"{scheme}{scheme}{scheme}{region}{year}{seq:9}\"", "$.certificate.number_pattern" },
	{ "id with a space", "integration", "id", SET, "\"inte gration\"", "$.id" },
	{ "version 0", "integration", "version", SET, "0", "$.version" },
	{ "version as a string", "military", "version", SET, "\"1\"", "$.version" },
	{ "name without en", "integration", "name.en", DEL, NULL, "$.name.en" },
	{ "name with a third language", "integration", "name.fr", SET, "\"x\"", "$.name" },
	{ "source missing", "military", "source", DEL, NULL, "$.source" },
	{ "no grades", "integration", "grades", SET, "[]", "$.grades" },
	{ "five grades", "military", "grades", SET, "[{}, {}, {}, {}, {}]", "$.grades" },
	{ "grade decided by nobody", "integration", "grades.0.authorities.decide", SET, "null",
	  "$.grades[0].authorities" },
	{ "grade without an accepting authority", "integration", "grades.1.authorities.accept",
	  DEL, NULL, "$.grades[1].authorities.accept" },
	{ "grade authority not a level", "integration", "grades.0.authorities.review", SET,
	  "\"county\"", "$.grades[0].authorities.review" },
	{ "grade authority for an unknown step", "integration", "grades.0.authorities.approve",
	  SET, "\"national\"", "$.grades[0].authorities.approve" },
	{ "grade undertaking internal work", "integration", "grades.1.levels", SET,
	  "[\"secret\", \"internal\"]", "$.grades[1].levels" },
	{ "duplicate grade code", "integration", "grades.1.code", SET, "\"A\"", "$.grades[1].code" },
	{ "grade with an unknown member", "military", "grades.2.fee", SET, "0", "$.grades[2].fee" },
	{ "legacy not a boolean", "military", "grades.2.legacy", SET, "\"yes\"",
	  "$.grades[2].legacy" },
	{ "exception with a bad prefix", "integration", "exceptions.0.region_prefix", SET,
	  "\"1a\"", "$.exceptions[0].region_prefix" },
	{ "exception with a 3-digit prefix", "integration", "exceptions.0.region_prefix", SET,
	  "\"110\"", "$.exceptions[0].region_prefix" },
	{ "exception with a 7-digit prefix", "integration", "exceptions.0.region_prefix", SET,
	  "\"1100000\"", "$.exceptions[0].region_prefix" },
	{ "exception for an unknown grade", "integration", "exceptions.0.grades", SET, "[\"C\"]",
	  "$.exceptions[0].grades" },
	{ "exception deciding by nobody", "integration", "exceptions.0.authorities.decide", SET,
	  "null", "$.exceptions[0].authorities.decide" },
	{ "duplicate category code", "integration", "categories.7.code", SET, "\"consulting\"",
	  "$.categories[7].code" },
	{ "category code with a hyphen", "integration", "categories.6.code", SET,
	  "\"data-recovery\"", "$.categories[6].code" },
	{ "key people with an unknown role", "integration", "conditions.4.people", SET,
	  "[\"legal_representative\", \"chairman\"]", "$.conditions[4].people" },
	{ "key people requiring an unknown flag", "integration", "conditions.5.requires", SET,
	  "[\"chinese_nationality\", \"vegetarian\"]", "$.conditions[5].requires" },
	{ "founding 0 years", "integration", "conditions.0.min_years", SET, "0",
	  "$.conditions[0].min_years" },
	{ "negative within_years", "integration", "conditions.2.within_years", SET, "-1",
	  "$.conditions[2].within_years" },
	{ "foreign cap above 100 %", "military", "conditions.2.max_indirect_pct", SET, "120",
	  "$.conditions[2].max_indirect_pct" },
	{ "foreign cap missing", "integration", "conditions.6.max_direct_pct", DEL, NULL,
	  "$.conditions[6].max_direct_pct" },
	{ "unknown condition kind", "integration", "conditions.3.kind", SET, "\"no_events\"",
	  "$.conditions[3].kind" },
	{ "duplicate condition id", "integration", "conditions.3.id", SET,
	  "\"no_revocation_3y\"", "$.conditions[3].id" },
	{ "condition for an unknown grade", "integration", "conditions.8.grades", SET, "[\"C\"]",
	  "$.conditions[8].grades" },
	{ "threshold with a string minimum", "integration", "conditions", APPEND,
	  "{\"id\": \"capital\", \"kind\": \"threshold\", \"field\": \"registered_capital\","
	  " \"min_value\": \"1e6\", \"name\": {\"zh-CN\": \"x\", \"en\": \"x\"}, \"source\": \"t\"}",
	  "$.conditions[9].min_value" },
	{ "condition with an unknown member", "military", "conditions.8.weight", SET, "1",
	  "$.conditions[8].weight" },
	{ "threshold on a figure units do not have", "integration", "conditions", APPEND,
	  "{\"id\": \"patents\", \"kind\": \"threshold\", \"field\": \"patents\","
	  " \"min_value\": 3, \"name\": {\"zh-CN\": \"x\", \"en\": \"x\"}, \"source\": \"t\"}",
	  "$.conditions[9].field" },
	{ "material with an unknown type", "integration", "materials.2.types", SET,
	  "[\"pdf\", \"doc\"]", "$.materials[2].types" },
	{ "material without types", "integration", "materials.0.types", SET, "[]",
	  "$.materials[0].types" },
	{ "duplicate material code", "integration", "materials.8.code", SET, "\"premises\"",
	  "$.materials[8].code" },
	{ "materials_source missing", "integration", "materials_source", DEL, NULL,
	  "$.materials_source" },
	{ "decision without extension", "integration", "time_limits.decision.extension", DEL,
	  NULL, "$.time_limits.decision.extension" },
	{ "decision extension too long", "integration", "time_limits.decision.extension", SET,
	  "400", "$.time_limits.decision.extension" },
	{ "extension on the acceptance limit", "integration", "time_limits.acceptance.extension",
	  SET, "5", "$.time_limits.acceptance.extension" },
	{ "acceptance in 0 working days", "integration", "time_limits.acceptance.working_days",
	  SET, "0", "$.time_limits.acceptance.working_days" },
	{ "acceptance also given in calendar days", "integration", "time_limits.acceptance.days",
	  SET, "7", "$.time_limits.acceptance.days" },
	{ "on-site notice in working days", "integration", "time_limits.onsite_notice.days", DEL,
	  NULL, "$.time_limits.onsite_notice.days" },
	{ "unknown time limit", "integration", "time_limits.appeal", SET,
	  "{\"working_days\": 5, \"source\": \"t\"}", "$.time_limits.appeal" },
	{ "publicity limit missing", "military", "time_limits.publicity", DEL, NULL,
	  "$.time_limits.publicity" },
	{ "team of one", "integration", "team.min_staff", SET, "1", "$.team.min_staff" },
	{ "validity 0 years", "integration", "validity_years", SET, "0", "$.validity_years" },
	{ "negative waiting period", "military", "waiting.after_halt_months", SET, "-1",
	  "$.waiting.after_halt_months" },
	{ "item worth 0 points", "integration", "scoring.sections.2.items.0.points", SET, "0",
	  "$.scoring.sections[2].items[0].points" },
	{ "points not adding up to the total", "integration", "scoring.sections.2.items.0.points",
	  SET, "7", "$.scoring.total" },
	{ "points not adding up (military)", "military", "scoring.sections.7.items.1.points", SET,
	  "39", "$.scoring.total" },
	{ "pass above the total", "integration", "scoring.pass", SET, "101", "$.scoring.pass" },
	{ "pass above the total (military)", "military", "scoring.pass", SET, "501",
	  "$.scoring.pass" },
	{ "bad aggregation", "integration", "scoring.aggregation", SET, "\"mode\"",
	  "$.scoring.aggregation" },
	{ "bad veto outcome", "military", "scoring.veto_outcome", SET, "\"stop\"",
	  "$.scoring.veto_outcome" },
	{ "divergence 0", "integration", "scoring.divergence", SET, "0", "$.scoring.divergence" },
	{ "scoring with an unknown member", "integration", "scoring.curve", SET, "1",
	  "$.scoring.curve" },
	{ "duplicate item code across sections", "integration", "scoring.sections.5.items.1.code",
	  SET, "\"vetting\"", "$.scoring.sections[5].items[1].code" },
	{ "veto not a boolean", "integration", "scoring.sections.1.items.1.veto", SET, "\"yes\"",
	  "$.scoring.sections[1].items[1].veto" },
	{ "section with an unknown member", "integration", "scoring.sections.0.weight", SET, "2",
	  "$.scoring.sections[0].weight" },
	{ "duplicate section code", "integration", "scoring.sections.3.code", SET, "\"rules\"",
	  "$.scoring.sections[3].code" },
	{ "no sections", "integration", "scoring.sections", SET, "[]", "$.scoring.sections" },
	{ "section without items", "military", "scoring.sections.3.items", SET, "[]",
	  "$.scoring.sections[3].items" },
};
/* clang-format on */

static void test_mutations(void **state)
{
	struct scheme *s = malloc(sizeof(*s));
	int bad = 0;

	(void)state;
	assert_non_null(s);
	for (size_t i = 0; i < N_ELEMS(mutations); i++) {
		const struct mutation *m = &mutations[i];
		json_t *doc = load_doc(m->scheme);
		struct bm_err err;
		int rc;

		mutate(doc, m->path, m->op, m->value);
		rc = parse_doc(doc, s, &err);
		if (rc != BM_EINVAL || strcmp(err.field, m->field) != 0 ||
		    strcmp(err.ecode, "invalid_scheme") != 0 ||
		    strncmp(err.message, m->field, strlen(m->field)) != 0) {
			print_message("%s: rc %d field '%s', want BM_EINVAL at '%s' (%s)\n",
				      m->what, rc, err.field, m->field, err.message);
			bad++;
		}
		json_decref(doc);
	}
	free(s);
	if (bad != 0)
		fail_msg("%d of %zu mutations misreported", bad, N_ELEMS(mutations));
}

/* The limits on the number of grades, categories, conditions, materials, sections
 * and items. */
static void test_too_many(void **state)
{
	/* each item is head + a two-digit number + tail */
	static const struct {
		const char *array, *head, *tail, *field;
		int count;
	} cases[] = {
		{ "categories", "{\"code\": \"c",
		  "\", \"name\": {\"zh-CN\": \"x\", \"en\": \"x\"}}", "$.categories",
		  SCHEME_MAX_CATS + 1 },
		{ "conditions", "{\"id\": \"d",
		  "\", \"kind\": \"declared\", \"declaration\": \"x\","
		  " \"name\": {\"zh-CN\": \"x\", \"en\": \"x\"}, \"source\": \"t\"}",
		  "$.conditions", SCHEME_MAX_CONDS + 1 },
		{ "materials", "{\"code\": \"m",
		  "\", \"name\": {\"zh-CN\": \"x\", \"en\": \"x\"}, \"types\": [\"pdf\"]}",
		  "$.materials", SCHEME_MAX_MATS + 1 },
		{ "exceptions", "{\"region_prefix\": \"",
		  "\", \"authorities\": {}, \"source\": \"t\"}", "$.exceptions",
		  SCHEME_MAX_EXCEPT + 1 },
	};
	struct scheme *s = malloc(sizeof(*s));

	(void)state;
	assert_non_null(s);
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		for (int extra = 0; extra <= 1; extra++) {
			json_t *doc = load_doc("integration");
			json_t *arr = json_array();
			struct bm_err err;
			int rc;

			for (int k = 0; k < cases[i].count - 1 + extra; k++) {
				char text[512];
				json_t *v;
				snprintf(text, sizeof(text), "%s%d%s", cases[i].head, k + 10,
					 cases[i].tail);
				v = json_loads(text, 0, NULL);
				assert_non_null(v);
				json_array_append_new(arr, v);
			}
			json_object_set_new(doc, cases[i].array, arr);
			rc = parse_doc(doc, s, &err);
			if (extra) {
				assert_int_equal(rc, BM_EINVAL);
				assert_string_equal(err.field, cases[i].field);
			} else if (rc != 0) {
				fail_msg("%s at the maximum: %s", cases[i].array, err.message);
			}
			json_decref(doc);
		}
	}
	/* 97 items in all */
	{
		json_t *doc = load_doc("integration"), *items = json_array();
		struct bm_err err;
		for (int k = 0; k < SCHEME_MAX_ITEMS + 1; k++) {
			char text[256];
			snprintf(text, sizeof(text),
				 "{\"code\": \"i%d\", \"name\": {\"zh-CN\": \"x\", \"en\": \"x\"},"
				 " \"points\": 1}",
				 k);
			json_array_append_new(items, json_loads(text, 0, NULL));
		}
		json_object_set_new(
			json_array_get(json_object_get(json_object_get(doc, "scoring"), "sections"),
				       5),
			"items", items);
		assert_int_equal(parse_doc(doc, s, &err), BM_EINVAL);
		assert_string_equal(err.field, "$.scoring.sections[5].items");
		json_decref(doc);
	}
	free(s);
}

static void test_not_a_scheme(void **state)
{
	static const struct {
		const char *what, *text;
	} cases[] = {
		{ "empty", "" },
		{ "not JSON at all", "scheme: integration" },
		{ "truncated", "{\"id\": \"integration\", \"version\": 1" },
		{ "an array", "[]" },
		{ "a string", "\"integration\"" },
		{ "duplicate keys", "{\"id\": \"a\", \"id\": \"b\"}" },
		{ "invalid UTF-8", "{\"id\": \"\xc3\x28\"}" },
	};
	struct scheme *s = malloc(sizeof(*s));

	(void)state;
	assert_non_null(s);
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		struct bm_err err;
		bm_err_clear(&err);
		if (scheme_parse(cases[i].text, strlen(cases[i].text), s, &err) != BM_EINVAL ||
		    strcmp(err.field, "$") != 0 || strcmp(err.ecode, "invalid_scheme") != 0)
			fail_msg("%s: field '%s' ecode '%s'", cases[i].what, err.field, err.ecode);
	}
	/* duplicate keys deep inside the shipped document */
	{
		json_t *doc = load_doc("military");
		char *text = json_dumps(doc, JSON_COMPACT), *dup, *p;
		struct bm_err err;
		size_t n = strlen(text);

		/* repeat the scoring's "pass" member: {"total":500,"pass":450,... */
		p = strstr(text, "\"pass\":450");
		assert_non_null(p);
		dup = malloc(n + 16);
		assert_non_null(dup);
		memcpy(dup, text, (size_t)(p - text));
		memcpy(dup + (p - text), "\"pass\":1,", 9);
		memcpy(dup + (p - text) + 9, p, n - (size_t)(p - text) + 1);
		bm_err_clear(&err);
		assert_int_equal(scheme_parse(dup, strlen(dup), s, &err), BM_EINVAL);
		assert_string_equal(err.field, "$");
		assert_non_null(strstr(err.message, "duplicate"));
		/* the same text without the repeat is accepted */
		assert_int_equal(scheme_parse(text, n, s, NULL), 0);
		free(dup);
		free(text);
		json_decref(doc);
	}
	free(s);
}

/* ---- certificate numbers ---- */

static void test_numbers(void **state)
{
	struct scheme *s = shipped("integration"), *m = shipped("military");
	char out[CERT_NUMBER_MAX + 1];
	struct bm_err err;
	static const struct {
		const char *pattern, *grade, *region;
		int year;
		long long seq;
		const char *want;
	} ok[] = {
		{ "JC{grade}{province}{year}{seq:5}", "B", "320000", 2026, 1, "JCB32202600001" },
		{ "JC{grade}{province}{year}{seq:5}", "A", "000000", 2027, 99999,
		  "JCA00202799999" },
		{ "{scheme}-{grade}-{year}-{seq:6}", "A", "110000", 2030, 42,
		  "integration-A-2030-000042" },
		{ "国保{region}/{year}/{seq:1}", "B", "440300", 2026, 9, "国保440300/2026/9" },
		{ "{year}{seq:9}", "B", "320000", 2026, 123456789, "2026123456789" },
	};

	(void)state;
	/* the shipped patterns */
	assert_string_equal(s->number_pattern, "JC{grade}{province}{year}{seq:5}");
	assert_string_equal(m->number_pattern, "WZ{grade}{province}{year}{seq:5}");
	assert_int_equal(scheme_number_format(m, "1", "110000", 2026, 7, out, sizeof(out), &err),
			 0);
	assert_string_equal(out, "WZ111202600007");
	for (size_t i = 0; i < N_ELEMS(ok); i++) {
		bm_strlcpy(s->number_pattern, ok[i].pattern, sizeof(s->number_pattern));
		assert_int_equal(scheme_number_check(ok[i].pattern, s, &err), 0);
		assert_int_equal(scheme_number_format(s, ok[i].grade, ok[i].region, ok[i].year,
						      ok[i].seq, out, sizeof(out), &err),
				 0);
		assert_string_equal(out, ok[i].want);
		assert_true(strlen(out) <= CERT_NUMBER_MAX);
	}
	/* the sequence runs out at N digits */
	bm_strlcpy(s->number_pattern, "JC{year}{seq:2}", sizeof(s->number_pattern));
	assert_int_equal(scheme_number_format(s, "B", "320000", 2026, 99, out, sizeof(out), &err),
			 0);
	assert_int_equal(scheme_number_format(s, "B", "320000", 2026, 100, out, sizeof(out), &err),
			 BM_ERULE);
	assert_string_equal(err.ecode, "number_exhausted");
	assert_string_equal(err.field, "number");
	/* bad inputs */
	assert_int_equal(scheme_number_format(s, "C", "320000", 2026, 1, out, sizeof(out), &err),
			 BM_EINVAL);
	assert_int_equal(scheme_number_format(s, "B", "32", 2026, 1, out, sizeof(out), &err),
			 BM_EINVAL);
	assert_int_equal(scheme_number_format(s, "B", "320000", 2026, 0, out, sizeof(out), &err),
			 BM_EINVAL);
	assert_int_equal(scheme_number_format(s, "B", "320000", 2026, 1, out, 4, &err), BM_EINVAL);
	/* the longest number a pattern can make must fit a certificate: 48 bytes
	 * ("integration" is 11) */
	assert_int_equal(scheme_number_check("{scheme}{scheme}{scheme}XY{year}{seq:9}", s, &err),
			 0);
	assert_int_equal(scheme_number_check("{scheme}{scheme}{scheme}XYZ{year}{seq:9}", s, &err),
			 BM_EINVAL);
	free(s);
	free(m);
}

/* A scheme file without "certificate" numbers by the default pattern. */
static void test_default_pattern(void **state)
{
	struct scheme *s = malloc(sizeof(*s));
	json_t *doc = load_doc("military");
	struct bm_err err;

	(void)state;
	assert_non_null(s);
	assert_int_equal(json_object_del(doc, "certificate"), 0);
	assert_int_equal(parse_doc(doc, s, &err), 0);
	assert_string_equal(s->number_pattern, SCHEME_DEFAULT_NUMBER_PATTERN);
	json_decref(doc);
	free(s);
}

/* ---- names ---- */

static void test_names(void **state)
{
	static const char *const steps[] = { "accept", "preliminary", "review", "onsite",
					     "decide" };
	static const char *const levels[] = { "none", "municipal", "provincial", "national" };
	static const char *const types[] = { "pdf", "ofd", "jpeg", "png", "docx", "xlsx" };
	static const char *const roles[] = { "legal_representative", "principal_head",
					     "actual_controller",    "board_member",
					     "supervisor",	     "senior_manager",
					     "secret_related_staff" };

	(void)state;
	for (int i = 0; i < STEP_COUNT; i++)
		assert_string_equal(step_name((enum step)i), steps[i]);
	assert_string_equal(step_name(STEP_COUNT), "unknown");
	for (int i = 0; i < 4; i++)
		assert_string_equal(authlvl_name((enum authlvl)i), levels[i]);
	assert_string_equal(authlvl_name((enum authlvl)4), "none");
	for (int i = 0; i < FT_COUNT; i++) {
		enum file_type t = FT_COUNT;
		assert_string_equal(file_type_name((enum file_type)i), types[i]);
		assert_int_equal(file_type_parse(types[i], &t), 0);
		assert_int_equal(t, i);
	}
	{
		enum file_type t = FT_PDF;
		assert_string_equal(file_type_name(FT_COUNT), "unknown");
		assert_int_equal(file_type_parse("PDF", &t), BM_EINVAL);
		assert_int_equal(file_type_parse("doc", &t), BM_EINVAL);
		assert_int_equal(file_type_parse("", &t), BM_EINVAL);
	}
	for (int i = 0; i < (int)N_ELEMS(roles); i++) {
		assert_string_equal(scheme_person_role(i), roles[i]);
		assert_int_equal(scheme_person_role_parse(roles[i]), i);
	}
	assert_string_equal(scheme_person_role(7), "unknown");
	assert_string_equal(scheme_person_role(-1), "unknown");
	assert_string_equal(scheme_person_role(SCHEME_MAX_PEOPLE), "unknown");
	assert_int_equal(scheme_person_role_parse("chairman"), -1);
	assert_int_equal(scheme_person_role_parse(""), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integration_shipped),
		cmocka_unit_test(test_military_shipped),
		cmocka_unit_test(test_authorities),
		cmocka_unit_test(test_exceptions_prefixes),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_too_many),
		cmocka_unit_test(test_not_a_scheme),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_default_pattern),
	};

	return cmocka_run_group_tests_name("scheme", tests, NULL, NULL);
}
