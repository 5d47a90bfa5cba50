/*
 * fuzz_scheme.c - libFuzzer target for the scheme loader (core/scheme.c), which
 * validates the qualification-scheme documents of data/schemes/ and, as reference
 * data, documents an administrator loads.
 *
 * Input: the document bytes (an exactly-sized, unterminated copy).
 * A refusal must be BM_EINVAL "invalid_scheme" with the JSON path in err.field and an
 * error that can be put into a JSON response. A document that is accepted must obey
 * everything the parser promises (counts within the limits, unique codes, items
 * adding up to the total, pass <= total, grade masks within the grades, only the
 * preliminary review without an authority), and the code that reads schemes must
 * work on it: scheme_authority for every grade, step and a few regions, the index
 * lookups, eligibility_evaluate on an empty set of facts, and scoring on an all-zero
 * and a full-marks sheet.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/eligibility.h"
#include "core/scheme.h"
#include "core/scoring.h"
#include "fuzz.h"
#include "base/banned.h"

static const char *const regions[] = { "110000", "110105", "310000", "320105", "650000", "" };

static void check_error(int rc, const struct bm_err *err)
{
	if (rc != BM_EINVAL)
		fuzz_fail("scheme_parse returned %d", rc);
	if (strcmp(err->ecode, "invalid_scheme") != 0)
		fuzz_fail("error code %s", err->ecode);
	if (err->field[0] != '$')
		fuzz_fail("error field '%s' is not a JSON path", err->field);
	fuzz_check_reportable(rc, err);
}

static void check_text(const char *what, const char *s, size_t max)
{
	if (s[0] == '\0' || strlen(s) > max || !bm_text_ok(s, max, 0))
		fuzz_fail("%s: empty, too long or not text", what);
}

static void check_scheme(const struct scheme *s)
{
	const unsigned all = (1u << s->ngrades) - 1;
	int sum = 0;

	if (s->ngrades < 1 || s->ngrades > SCHEME_MAX_GRADES || s->nexceptions < 0 ||
	    s->nexceptions > SCHEME_MAX_EXCEPT || s->ncategories < 1 ||
	    s->ncategories > SCHEME_MAX_CATS || s->nconditions < 0 ||
	    s->nconditions > SCHEME_MAX_CONDS || s->nmaterials < 1 ||
	    s->nmaterials > SCHEME_MAX_MATS || s->nsections < 1 ||
	    s->nsections > SCHEME_MAX_SECTIONS || s->nitems < 1 || s->nitems > SCHEME_MAX_ITEMS)
		fuzz_fail("counts out of range");
	check_text("id", s->id, SCHEME_ID_MAX - 1);
	check_text("name", s->name.zh, SCHEME_TEXT_MAX - 1);
	if (s->version < 1)
		fuzz_fail("version %d", s->version);
	for (int g = 0; g < s->ngrades; g++) {
		const struct scheme_grade *gr = &s->grades[g];
		check_text("grade code", gr->code, sizeof(gr->code) - 1);
		if (scheme_grade_index(s, gr->code) != g)
			fuzz_fail("grade %s is not unique", gr->code);
		if (gr->levels == 0 || (gr->levels & ~0x1cu) != 0)
			fuzz_fail("grade %s levels %#x", gr->code, gr->levels);
		for (int st = 0; st < STEP_COUNT; st++) {
			if ((unsigned)gr->by[st] > AUTHLVL_NATIONAL)
				fuzz_fail("grade %s: authority %d", gr->code, (int)gr->by[st]);
			if (gr->by[st] == AUTHLVL_NONE && st != STEP_PRELIMINARY)
				fuzz_fail("grade %s: no authority for %s", gr->code,
					  step_name((enum step)st));
		}
	}
	for (int i = 0; i < s->nexceptions; i++) {
		const struct scheme_exception *e = &s->exceptions[i];
		size_t n = strlen(e->region_prefix);
		if (n != 2 && n != 4 && n != 6)
			fuzz_fail("exception prefix %s", e->region_prefix);
		if (e->grades == 0 || (e->grades & ~all) != 0)
			fuzz_fail("exception grades %#x", e->grades);
	}
	for (int i = 0; i < s->ncategories; i++)
		if (scheme_category_index(s, s->categories[i].code) != i)
			fuzz_fail("category %s is not unique", s->categories[i].code);
	for (int i = 0; i < s->nconditions; i++) {
		const struct scheme_condition *c = &s->conditions[i];
		if (c->grades == 0 || (c->grades & ~all) != 0)
			fuzz_fail("condition %s grades %#x", c->id, c->grades);
		if ((unsigned)c->kind > COND_THRESHOLD)
			fuzz_fail("condition %s kind %d", c->id, (int)c->kind);
		for (int k = 0; k < i; k++)
			if (strcmp(s->conditions[k].id, c->id) == 0)
				fuzz_fail("condition %s is not unique", c->id);
		if (c->kind == COND_KEY_PEOPLE &&
		    (c->people == 0 || c->requires == 0 || (c->people >> SCHEME_MAX_PEOPLE) != 0))
			fuzz_fail("condition %s: people %#x requires %#x", c->id, c->people,
				  c->requires);
		if (c->kind == COND_FOREIGN_INVESTMENT &&
		    !(c->max_direct_pct >= 0 && c->max_direct_pct <= 100 &&
		      c->max_indirect_pct >= 0 && c->max_indirect_pct <= 100))
			fuzz_fail("condition %s: caps", c->id);
	}
	for (int i = 0; i < s->nmaterials; i++) {
		const struct scheme_material *m = &s->materials[i];
		if (m->types == 0 || (m->types >> FT_COUNT) != 0)
			fuzz_fail("material %s types %#x", m->code, m->types);
		if (m->grades == 0 || (m->grades & ~all) != 0)
			fuzz_fail("material %s grades %#x", m->code, m->grades);
	}
	for (int k = 0, next = 0; k < s->nsections; k++) {
		const struct scheme_section *sec = &s->sections[k];
		if (sec->first != next || sec->count < 1)
			fuzz_fail("section %s covers %d+%d", sec->code, sec->first, sec->count);
		next += sec->count;
		if (k == s->nsections - 1 && next != s->nitems)
			fuzz_fail("sections cover %d of %d items", next, s->nitems);
	}
	for (int i = 0; i < s->nitems; i++) {
		const struct scheme_item *it = &s->items[i];
		if (it->points < 1 || it->section < 0 || it->section >= s->nsections)
			fuzz_fail("item %s: %d points, section %d", it->code, it->points,
				  it->section);
		if (scheme_item_index(s, it->code) != i)
			fuzz_fail("item %s is not unique", it->code);
		sum += it->points;
	}
	if (sum != s->score_total || s->score_pass < 1 || s->score_pass > s->score_total ||
	    s->divergence < 1)
		fuzz_fail("scoring: items %d, total %d, pass %d", sum, s->score_total,
			  s->score_pass);
	if (s->veto_outcome != OUTCOME_FAIL && s->veto_outcome != OUTCOME_HALT)
		fuzz_fail("veto outcome %d", (int)s->veto_outcome);
	if (s->acceptance.value < 1 || s->decision.value < 1 || s->decision_extension < 0 ||
	    s->team_min_staff < 2 || s->validity_years < 1)
		fuzz_fail("limits");
}

/* Authority resolution: an exception may only remove the preliminary review. */
static void check_authorities(const struct scheme *s)
{
	for (int g = -1; g <= s->ngrades; g++) {
		for (size_t r = 0; r < sizeof(regions) / sizeof(regions[0]); r++) {
			for (int st = 0; st <= STEP_COUNT; st++) {
				enum authlvl l = scheme_authority(s, g, regions[r], (enum step)st);
				int valid = g >= 0 && g < s->ngrades && st < STEP_COUNT;
				if ((unsigned)l > AUTHLVL_NATIONAL)
					fuzz_fail("authority %d", (int)l);
				if (!valid && l != AUTHLVL_NONE)
					fuzz_fail("authority for grade %d step %d", g, st);
				if (valid && l == AUTHLVL_NONE && st != STEP_PRELIMINARY)
					fuzz_fail("grade %s in %s: nobody does %s",
						  s->grades[g].code, regions[r],
						  step_name((enum step)st));
			}
		}
	}
	if (scheme_grade_index(s, "no such grade code") != -1 ||
	    scheme_category_index(s, "") != -1 || scheme_item_index(s, "") != -1)
		fuzz_fail("index of a code that cannot exist");
}

static void check_eligibility(const struct scheme *s)
{
	static struct unit_facts facts; /* nothing recorded */
	static struct elig_report rep;
	const int32_t today = 20242; /* 2025-06-03 */

	for (int g = -1; g < s->ngrades; g++) {
		int hard = 0, unknown = 0;

		eligibility_evaluate(s, g, &facts, today, &rep);
		if (rep.n < 0 || rep.n > s->nconditions)
			fuzz_fail("%d lines for %d conditions", rep.n, s->nconditions);
		for (int i = 0; i < rep.n; i++) {
			const struct elig_line *l = &rep.lines[i];
			if (l->cond < s->conditions || l->cond >= s->conditions + s->nconditions)
				fuzz_fail("line %d points outside the scheme", i);
			if (g >= 0 && !(l->cond->grades & (1u << g)))
				fuzz_fail("condition %s does not apply to grade %d", l->cond->id,
					  g);
			if (!fuzz_utf8_ok(l->why) || !fuzz_utf8_ok(l->why_zh) || l->why[0] == '\0')
				fuzz_fail("condition %s: reason not text", l->cond->id);
			hard += l->result == ELIG_FAIL && l->cond->hard;
			unknown += l->result == ELIG_UNKNOWN;
			/* with nothing recorded, a person-, date- or declaration-based
			 * condition cannot pass */
			if (l->result == ELIG_PASS &&
			    (l->cond->kind == COND_YEARS_SINCE_FOUNDING ||
			     l->cond->kind == COND_FOREIGN_INVESTMENT ||
			     l->cond->kind == COND_PREMISES_YEARS ||
			     l->cond->kind == COND_DECLARED ||
			     (l->cond->kind == COND_KEY_PEOPLE && (l->cond->people & 7u) != 0)))
				fuzz_fail("condition %s passes on no facts", l->cond->id);
		}
		if (hard != rep.failed_hard || unknown != rep.unknown)
			fuzz_fail("counts %d/%d, lines say %d/%d", rep.failed_hard, rep.unknown,
				  hard, unknown);
	}
}

static void check_scoring(const struct scheme *s)
{
	static struct score_sheet sheets[2];
	static struct score_result res;
	struct bm_err err;

	memset(sheets, 0, sizeof(sheets));
	bm_err_clear(&err);
	if (scoring_check_sheet(s, &sheets[0], &err) != 0)
		fuzz_fail("an all-zero sheet refused: %s", err.message);
	scoring_aggregate(s, sheets, 1, &res);
	if (res.sheets != 1 || res.total != 0 || res.vetoes_failed != 0 || res.divergent ||
	    res.outcome != OUTCOME_FAIL)
		fuzz_fail("all-zero sheet: total %g outcome %s", res.total,
			  onsite_outcome_name(res.outcome));
	for (int i = 0; i < s->nitems; i++)
		sheets[1].points[i] = s->items[i].points;
	if (scoring_check_sheet(s, &sheets[1], &err) != 0)
		fuzz_fail("a full-marks sheet refused: %s", err.message);
	scoring_aggregate(s, &sheets[1], 1, &res);
	if (res.total != s->score_total || res.outcome != OUTCOME_PASS)
		fuzz_fail("full marks: total %g outcome %s", res.total,
			  onsite_outcome_name(res.outcome));
	/* the two together: divergent exactly when the total exceeds the threshold */
	scoring_aggregate(s, sheets, 2, &res);
	if (res.divergent != (s->score_total > s->divergence) || res.min_total != 0 ||
	    res.max_total != s->score_total)
		fuzz_fail("two sheets: divergent %d", res.divergent);
	/* one point too many on each item is refused, naming the item */
	for (int i = 0; i < s->nitems; i++) {
		sheets[1].points[i]++;
		bm_err_clear(&err);
		if (scoring_check_sheet(s, &sheets[1], &err) != BM_EINVAL ||
		    strcmp(err.field, s->items[i].code) != 0)
			fuzz_fail("item %s over its maximum not refused", s->items[i].code);
		sheets[1].points[i]--;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct scheme s;
	struct bm_err err;
	char *text;
	int rc;

	text = fuzz_copy(data, size);
	if (text == NULL)
		return 0;
	bm_err_clear(&err);
	rc = scheme_parse(text, size, &s, &err);
	free(text);
	if (rc != 0) {
		check_error(rc, &err);
		return 0;
	}
	check_scheme(&s);
	check_authorities(&s);
	check_eligibility(&s);
	check_scoring(&s);
	return 0;
}
