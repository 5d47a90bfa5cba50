/*
 * scheme.c - loading and validating scheme documents; authority resolution.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "core/certfmt.h"
#include "core/region.h"
#include "core/scheme.h"
#include "base/banned.h"

#define PATH_MAX_LEN 160

static const char *const authlvl_names[] = { "none", "municipal", "provincial", "national" };
static const char *const step_names[STEP_COUNT] = { "accept", "preliminary", "review", "onsite",
						    "decide" };
static const char *const file_type_names[FT_COUNT] = {
	"pdf", "ofd", "jpeg", "png", "docx", "xlsx"
};
static const char *const person_roles[] = { "legal_representative", "principal_head",
					    "actual_controller",    "board_member",
					    "supervisor",	    "senior_manager",
					    "secret_related_staff", NULL };

const char *authlvl_name(enum authlvl l)
{
	return (unsigned)l < 4 ? authlvl_names[l] : "none";
}

const char *step_name(enum step s)
{
	return (unsigned)s < STEP_COUNT ? step_names[s] : "unknown";
}

const char *file_type_name(enum file_type t)
{
	return (unsigned)t < FT_COUNT ? file_type_names[t] : "unknown";
}

int file_type_parse(const char *s, enum file_type *out)
{
	for (int i = 0; i < FT_COUNT; i++) {
		if (strcmp(s, file_type_names[i]) == 0) {
			*out = (enum file_type)i;
			return 0;
		}
	}
	return BM_EINVAL;
}

const char *scheme_person_role(int bit)
{
	return bit >= 0 && bit < SCHEME_MAX_PEOPLE && person_roles[bit] != NULL ? person_roles[bit]
										: "unknown";
}

int scheme_person_role_parse(const char *s)
{
	for (int i = 0; person_roles[i] != NULL; i++)
		if (strcmp(s, person_roles[i]) == 0)
			return i;
	return -1;
}

/* ---- small validating getters; each names the JSON path on failure ---- */

struct ctx {
	struct bm_err *err;
	char path[PATH_MAX_LEN];
};

const char *const scheme_figure_names[FIG_COUNT] = { "registered_capital", "employees",
						     "annual_revenue", "premises_area" };

static int fail(struct ctx *c, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct ctx *c, const char *key, const char *fmt, ...)
{
	char where[PATH_MAX_LEN + 64], msg[256];
	va_list ap;

	if (key != NULL)
		snprintf(where, sizeof(where), "%s.%s", c->path, key);
	else
		snprintf(where, sizeof(where), "%s", c->path);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return bm_err_set(c->err, BM_EINVAL, "invalid_scheme", where, "%s: %s", where, msg);
}

/* Enter member key (or array index when key is NULL) for the duration of a check. */
static void enter(struct ctx *c, const char *key, size_t index, char *saved)
{
	size_t n = strlen(c->path);

	memcpy(saved, c->path, n + 1);
	if (key != NULL)
		snprintf(c->path + n, sizeof(c->path) - n, ".%s", key);
	else
		snprintf(c->path + n, sizeof(c->path) - n, "[%zu]", index);
}

static void leave(struct ctx *c, const char *saved)
{
	bm_strlcpy(c->path, saved, sizeof(c->path));
}

static int get_str(struct ctx *c, json_t *o, const char *key, int required, char *out, size_t outsz)
{
	json_t *v = json_object_get(o, key);

	out[0] = '\0';
	if (v == NULL)
		return required ? fail(c, key, "is required") : 0;
	if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) >= outsz ||
	    !bm_text_ok(json_string_value(v), outsz - 1, 0))
		return fail(c, key, "must be a non-empty string of at most %zu bytes", outsz - 1);
	bm_strlcpy(out, json_string_value(v), outsz);
	return 0;
}

static int get_code(struct ctx *c, json_t *o, const char *key, char *out, size_t outsz)
{
	int rc = get_str(c, o, key, 1, out, outsz);

	if (rc != 0)
		return rc;
	for (const char *p = out; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_'))
			return fail(c, key, "must be letters, digits and '_'");
	return 0;
}

static int get_int(struct ctx *c, json_t *o, const char *key, int required, int min, int max,
		   int *out)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL)
		return required ? fail(c, key, "is required") : 0;
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
		return fail(c, key, "must be an integer in %d..%d", min, max);
	*out = (int)json_integer_value(v);
	return 0;
}

static int get_bool(struct ctx *c, json_t *o, const char *key, int *out)
{
	json_t *v = json_object_get(o, key);

	*out = 0;
	if (v == NULL)
		return 0;
	if (!json_is_boolean(v))
		return fail(c, key, "must be true or false");
	*out = json_is_true(v);
	return 0;
}

static int get_pct(struct ctx *c, json_t *o, const char *key, double *out)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL)
		return fail(c, key, "is required");
	if (!json_is_number(v) || json_number_value(v) < 0 || json_number_value(v) > 100)
		return fail(c, key, "must be a percentage 0..100");
	*out = json_number_value(v);
	return 0;
}

static int get_text(struct ctx *c, json_t *o, const char *key, struct i18n_text *t)
{
	json_t *v = json_object_get(o, key);
	char saved[PATH_MAX_LEN];
	int rc;

	if (!json_is_object(v))
		return fail(c, key, "must be {\"zh-CN\": ..., \"en\": ...}");
	enter(c, key, 0, saved);
	rc = get_str(c, v, "zh-CN", 1, t->zh, sizeof(t->zh));
	if (rc == 0)
		rc = get_str(c, v, "en", 1, t->en, sizeof(t->en));
	if (rc == 0 && json_object_size(v) != 2)
		rc = fail(c, NULL, "holds only zh-CN and en");
	leave(c, saved);
	return rc;
}

/* Every member of o must be one of the NULL-terminated names. */
static int only(struct ctx *c, json_t *o, const char *const *names)
{
	const char *key;
	json_t *v;

	if (!json_is_object(o))
		return fail(c, NULL, "must be an object");
	json_object_foreach(o, key, v)
	{
		int ok = 0;
		for (const char *const *n = names; *n != NULL; n++)
			if (strcmp(*n, key) == 0)
				ok = 1;
		if (!ok)
			return fail(c, key, "is not a known member");
	}
	return 0;
}

static int get_authlvl(struct ctx *c, json_t *o, const char *key, int required, enum authlvl *out)
{
	json_t *v = json_object_get(o, key);

	*out = AUTHLVL_NONE;
	if (v == NULL)
		return required ? fail(c, key, "is required") : 0;
	if (json_is_null(v))
		return 0;
	for (int i = 1; i < 4; i++) {
		if (json_is_string(v) && strcmp(json_string_value(v), authlvl_names[i]) == 0) {
			*out = (enum authlvl)i;
			return 0;
		}
	}
	return fail(c, key, "must be municipal, provincial, national or null");
}

/* A list of grade codes into a bit mask (all grades when absent). */
static int get_grades(struct ctx *c, const struct scheme *s, json_t *o, unsigned *mask)
{
	json_t *v = json_object_get(o, "grades");

	*mask = (1u << s->ngrades) - 1;
	if (v == NULL)
		return 0;
	if (!json_is_array(v) || json_array_size(v) == 0)
		return fail(c, "grades", "must be a non-empty array of grade codes");
	*mask = 0;
	for (size_t i = 0; i < json_array_size(v); i++) {
		json_t *g = json_array_get(v, i);
		int idx = json_is_string(g) ? scheme_grade_index(s, json_string_value(g)) : -1;
		if (idx < 0)
			return fail(c, "grades", "names an unknown grade");
		*mask |= 1u << idx;
	}
	return 0;
}

/* ---- sections of the document ---- */

static int parse_grades(struct ctx *c, struct scheme *s, json_t *arr)
{
	static const char *const names[] = { "code",	    "name",   "levels", "legacy",
					     "authorities", "source", NULL };
	static const char *const steps[] = { "accept", "preliminary", "review",
					     "onsite", "decide",      NULL };
	char saved[PATH_MAX_LEN], saved2[PATH_MAX_LEN];

	if (!json_is_array(arr) || json_array_size(arr) == 0 ||
	    json_array_size(arr) > SCHEME_MAX_GRADES)
		return fail(c, "grades", "must be an array of 1..%d grades", SCHEME_MAX_GRADES);
	for (size_t i = 0; i < json_array_size(arr); i++) {
		struct scheme_grade *g = &s->grades[i];
		json_t *o = json_array_get(arr, i), *levels, *auth;
		int rc;

		enter(c, "grades", 0, saved);
		enter(c, NULL, i, saved2);
		if ((rc = only(c, o, names)) != 0 ||
		    (rc = get_str(c, o, "code", 1, g->code, sizeof(g->code))) != 0 ||
		    (rc = get_text(c, o, "name", &g->name)) != 0 ||
		    (rc = get_bool(c, o, "legacy", &g->legacy)) != 0 ||
		    (rc = get_str(c, o, "source", 1, g->source, sizeof(g->source))) != 0)
			return rc;
		if (scheme_grade_index(s, g->code) >= 0)
			return fail(c, "code", "repeats an earlier grade");
		levels = json_object_get(o, "levels");
		if (!json_is_array(levels) || json_array_size(levels) == 0)
			return fail(c, "levels", "must list the classification levels undertaken");
		for (size_t k = 0; k < json_array_size(levels); k++) {
			enum level l;
			json_t *lv = json_array_get(levels, k);
			if (!json_is_string(lv) || level_parse(json_string_value(lv), &l) != 0 ||
			    l < LEVEL_CONFIDENTIAL)
				return fail(c, "levels",
					    "holds confidential, secret or top_secret");
			g->levels |= 1u << l;
		}
		auth = json_object_get(o, "authorities");
		enter(c, "authorities", 0, saved2);
		if ((rc = only(c, auth, steps)) != 0)
			return rc;
		for (int st = 0; st < STEP_COUNT; st++)
			if ((rc = get_authlvl(c, auth, steps[st], st != STEP_PRELIMINARY,
					      &g->by[st])) != 0)
				return rc;
		if (g->by[STEP_ACCEPT] == AUTHLVL_NONE || g->by[STEP_REVIEW] == AUTHLVL_NONE ||
		    g->by[STEP_ONSITE] == AUTHLVL_NONE || g->by[STEP_DECIDE] == AUTHLVL_NONE)
			return fail(c, NULL, "only the preliminary review may be null");
		leave(c, saved);
		s->ngrades++;
	}
	return 0;
}

static int parse_exceptions(struct ctx *c, struct scheme *s, json_t *arr)
{
	static const char *const names[] = { "grades", "region_prefix", "authorities", "source",
					     NULL };
	static const char *const steps[] = { "accept", "preliminary", "review",
					     "onsite", "decide",      NULL };
	char saved[PATH_MAX_LEN], saved2[PATH_MAX_LEN];

	if (arr == NULL)
		return 0;
	if (!json_is_array(arr) || json_array_size(arr) > SCHEME_MAX_EXCEPT)
		return fail(c, "exceptions", "must be an array of at most %d", SCHEME_MAX_EXCEPT);
	for (size_t i = 0; i < json_array_size(arr); i++) {
		struct scheme_exception *e = &s->exceptions[i];
		json_t *o = json_array_get(arr, i), *auth;
		size_t plen;
		int rc;

		enter(c, "exceptions", 0, saved);
		enter(c, NULL, i, saved2);
		if ((rc = only(c, o, names)) != 0 || (rc = get_grades(c, s, o, &e->grades)) != 0 ||
		    (rc = get_str(c, o, "region_prefix", 1, e->region_prefix,
				  sizeof(e->region_prefix))) != 0 ||
		    (rc = get_str(c, o, "source", 1, e->source, sizeof(e->source))) != 0)
			return rc;
		plen = strlen(e->region_prefix);
		if (plen != 2 && plen != 4 && plen != 6)
			return fail(c, "region_prefix", "must have 2, 4 or 6 digits");
		for (size_t k = 0; k < plen; k++)
			if (e->region_prefix[k] < '0' || e->region_prefix[k] > '9')
				return fail(c, "region_prefix", "must be digits");
		auth = json_object_get(o, "authorities");
		enter(c, "authorities", 0, saved2);
		if ((rc = only(c, auth, steps)) != 0)
			return rc;
		for (int st = 0; st < STEP_COUNT; st++) {
			if (json_object_get(auth, steps[st]) == NULL)
				continue;
			e->set[st] = 1;
			if ((rc = get_authlvl(c, auth, steps[st], 1, &e->by[st])) != 0)
				return rc;
			if (e->by[st] == AUTHLVL_NONE && st != STEP_PRELIMINARY)
				return fail(c, steps[st],
					    "only the preliminary review may be null");
		}
		leave(c, saved);
		s->nexceptions++;
	}
	return 0;
}

static int parse_categories(struct ctx *c, struct scheme *s, json_t *arr)
{
	static const char *const names[] = { "code", "name", "exclusive_on_project", NULL };
	char saved[PATH_MAX_LEN], saved2[PATH_MAX_LEN];

	if (!json_is_array(arr) || json_array_size(arr) == 0 ||
	    json_array_size(arr) > SCHEME_MAX_CATS)
		return fail(c, "categories", "must be an array of 1..%d", SCHEME_MAX_CATS);
	for (size_t i = 0; i < json_array_size(arr); i++) {
		struct scheme_category *k = &s->categories[i];
		json_t *o = json_array_get(arr, i);
		int rc;

		enter(c, "categories", 0, saved);
		enter(c, NULL, i, saved2);
		if ((rc = only(c, o, names)) != 0 ||
		    (rc = get_code(c, o, "code", k->code, sizeof(k->code))) != 0 ||
		    (rc = get_text(c, o, "name", &k->name)) != 0 ||
		    (rc = get_bool(c, o, "exclusive_on_project", &k->exclusive_on_project)) != 0)
			return rc;
		if (scheme_category_index(s, k->code) >= 0)
			return fail(c, "code", "repeats an earlier category");
		leave(c, saved);
		s->ncategories++;
	}
	return 0;
}

static int parse_condition(struct ctx *c, struct scheme *s, json_t *o, struct scheme_condition *k)
{
	static const char *const names[] = { "id",
					     "kind",
					     "name",
					     "hard",
					     "grades",
					     "source",
					     "min_years",
					     "event",
					     "within_years",
					     "people",
					     "requires",
					     "max_direct_pct",
					     "max_indirect_pct",
					     "declaration",
					     "field",
					     "min_value",
					     NULL };
	static const char *const kinds[] = {
		"years_since_founding", "no_event", "key_people", "foreign_investment",
		"premises_years",	"declared", "threshold",  NULL
	};
	static const char *const flags[] = { "chinese_nationality", "no_foreign_residence",
					     "no_foreign_spouse", "not_dishonest", NULL };
	char kind[32];
	int rc, i;

	if ((rc = only(c, o, names)) != 0 ||
	    (rc = get_code(c, o, "id", k->id, sizeof(k->id))) != 0 ||
	    (rc = get_str(c, o, "kind", 1, kind, sizeof(kind))) != 0 ||
	    (rc = get_text(c, o, "name", &k->name)) != 0 ||
	    (rc = get_bool(c, o, "hard", &k->hard)) != 0 ||
	    (rc = get_grades(c, s, o, &k->grades)) != 0 ||
	    (rc = get_str(c, o, "source", 1, k->source, sizeof(k->source))) != 0)
		return rc;
	for (i = 0; kinds[i] != NULL && strcmp(kinds[i], kind) != 0; i++)
		;
	if (kinds[i] == NULL)
		return fail(c, "kind", "is not a known condition kind");
	k->kind = (enum cond_kind)i;
	switch (k->kind) {
	case COND_YEARS_SINCE_FOUNDING:
	case COND_PREMISES_YEARS:
		return get_int(c, o, "min_years", 1, 1, 100, &k->min_years);
	case COND_NO_EVENT:
		if ((rc = get_code(c, o, "event", k->event, sizeof(k->event))) != 0)
			return rc;
		return get_int(c, o, "within_years", 1, 0, 100, &k->within_years);
	case COND_KEY_PEOPLE: {
		json_t *people = json_object_get(o, "people"),
		       *req = json_object_get(o, "requires");
		if (!json_is_array(people) || json_array_size(people) == 0)
			return fail(c, "people", "must list person roles");
		for (size_t p = 0; p < json_array_size(people); p++) {
			json_t *v = json_array_get(people, p);
			int bit = json_is_string(v) ? scheme_person_role_parse(json_string_value(v))
						    : -1;
			if (bit < 0)
				return fail(c, "people", "names an unknown person role");
			k->people |= 1u << bit;
		}
		if (!json_is_array(req) || json_array_size(req) == 0)
			return fail(c, "requires", "must list required flags");
		for (size_t p = 0; p < json_array_size(req); p++) {
			json_t *v = json_array_get(req, p);
			int f;
			for (f = 0; flags[f] != NULL; f++)
				if (json_is_string(v) &&
				    strcmp(flags[f], json_string_value(v)) == 0)
					break;
			if (flags[f] == NULL)
				return fail(c, "requires", "names an unknown flag");
			k->requires |= 1u << f;
		}
		return 0;
	}
	case COND_FOREIGN_INVESTMENT:
		if ((rc = get_pct(c, o, "max_direct_pct", &k->max_direct_pct)) != 0)
			return rc;
		return get_pct(c, o, "max_indirect_pct", &k->max_indirect_pct);
	case COND_DECLARED:
		return get_code(c, o, "declaration", k->declaration, sizeof(k->declaration));
	case COND_THRESHOLD: {
		json_t *v = json_object_get(o, "min_value");
		if ((rc = get_code(c, o, "field", k->field, sizeof(k->field))) != 0)
			return rc;
		for (k->figure = 0; k->figure < FIG_COUNT; k->figure++)
			if (strcmp(k->field, scheme_figure_names[k->figure]) == 0)
				break;
		if (k->figure == FIG_COUNT)
			return fail(c, "field",
				    "must be registered_capital, employees, annual_revenue or "
				    "premises_area");
		if (!json_is_number(v) || !isfinite(json_number_value(v)))
			return fail(c, "min_value", "must be a number");
		k->min_value = json_number_value(v);
		return 0;
	}
	}
	return 0;
}

static int parse_conditions(struct ctx *c, struct scheme *s, json_t *arr)
{
	char saved[PATH_MAX_LEN], saved2[PATH_MAX_LEN];

	if (!json_is_array(arr) || json_array_size(arr) > SCHEME_MAX_CONDS)
		return fail(c, "conditions", "must be an array of at most %d", SCHEME_MAX_CONDS);
	for (size_t i = 0; i < json_array_size(arr); i++) {
		int rc;
		enter(c, "conditions", 0, saved);
		enter(c, NULL, i, saved2);
		rc = parse_condition(c, s, json_array_get(arr, i), &s->conditions[i]);
		if (rc != 0)
			return rc;
		for (int k = 0; k < s->nconditions; k++)
			if (strcmp(s->conditions[k].id, s->conditions[i].id) == 0)
				return fail(c, "id", "repeats an earlier condition");
		leave(c, saved);
		s->nconditions++;
	}
	return 0;
}

static int parse_materials(struct ctx *c, struct scheme *s, json_t *arr)
{
	static const char *const names[] = { "code", "name", "types", "required", "grades", NULL };
	char saved[PATH_MAX_LEN], saved2[PATH_MAX_LEN];

	if (!json_is_array(arr) || json_array_size(arr) == 0 ||
	    json_array_size(arr) > SCHEME_MAX_MATS)
		return fail(c, "materials", "must be an array of 1..%d", SCHEME_MAX_MATS);
	for (size_t i = 0; i < json_array_size(arr); i++) {
		struct scheme_material *m = &s->materials[i];
		json_t *o = json_array_get(arr, i), *types;
		int rc;

		enter(c, "materials", 0, saved);
		enter(c, NULL, i, saved2);
		if ((rc = only(c, o, names)) != 0 ||
		    (rc = get_code(c, o, "code", m->code, sizeof(m->code))) != 0 ||
		    (rc = get_text(c, o, "name", &m->name)) != 0 ||
		    (rc = get_bool(c, o, "required", &m->required)) != 0 ||
		    (rc = get_grades(c, s, o, &m->grades)) != 0)
			return rc;
		for (int k = 0; k < s->nmaterials; k++)
			if (strcmp(s->materials[k].code, m->code) == 0)
				return fail(c, "code", "repeats an earlier material");
		types = json_object_get(o, "types");
		if (!json_is_array(types) || json_array_size(types) == 0)
			return fail(c, "types", "must list accepted file types");
		for (size_t k = 0; k < json_array_size(types); k++) {
			enum file_type t;
			json_t *v = json_array_get(types, k);
			if (!json_is_string(v) || file_type_parse(json_string_value(v), &t) != 0)
				return fail(c, "types", "holds pdf, ofd, jpeg, png, docx or xlsx");
			m->types |= 1u << t;
		}
		leave(c, saved);
		s->nmaterials++;
	}
	return 0;
}

static int parse_limit(struct ctx *c, json_t *tl, const char *key, const char *unit, int max,
		       struct scheme_limit *out, int *extension)
{
	static const char *const names[] = { "working_days", "days", "extension", "source", NULL };
	json_t *o = json_object_get(tl, key);
	char saved[PATH_MAX_LEN];
	const char *other;
	int rc;

	enter(c, key, 0, saved);
	if ((rc = only(c, o, names)) != 0 ||
	    (rc = get_int(c, o, unit, 1, 1, max, &out->value)) != 0 ||
	    (rc = get_str(c, o, "source", 1, out->source, sizeof(out->source))) != 0)
		return rc;
	if (extension != NULL && (rc = get_int(c, o, "extension", 1, 0, max, extension)) != 0)
		return rc;
	if (extension == NULL && json_object_get(o, "extension") != NULL)
		return fail(c, "extension", "applies to the decision limit only");
	other = strcmp(unit, "days") == 0 ? "working_days" : "days";
	if (json_object_get(o, other) != NULL)
		return fail(c, other, "this limit is counted in another unit");
	leave(c, saved);
	return 0;
}

static int parse_scoring(struct ctx *c, struct scheme *s, json_t *o)
{
	static const char *const names[] = { "total",	     "pass",   "aggregation", "divergence",
					     "veto_outcome", "source", "sections",    NULL };
	static const char *const snames[] = { "code", "name", "items", NULL };
	static const char *const inames[] = { "code", "name", "points", "veto", NULL };
	char agg[16], veto[16], saved[PATH_MAX_LEN], s1[PATH_MAX_LEN], s2[PATH_MAX_LEN],
		s3[PATH_MAX_LEN], s4[PATH_MAX_LEN];
	json_t *sections;
	int rc, sum = 0;

	enter(c, "scoring", 0, saved);
	if ((rc = only(c, o, names)) != 0 ||
	    (rc = get_int(c, o, "total", 1, 1, 10000, &s->score_total)) != 0 ||
	    (rc = get_int(c, o, "pass", 1, 1, 10000, &s->score_pass)) != 0 ||
	    (rc = get_int(c, o, "divergence", 1, 1, 10000, &s->divergence)) != 0 ||
	    (rc = get_str(c, o, "aggregation", 1, agg, sizeof(agg))) != 0 ||
	    (rc = get_str(c, o, "veto_outcome", 1, veto, sizeof(veto))) != 0 ||
	    (rc = get_str(c, o, "source", 1, s->scoring_source, sizeof(s->scoring_source))) != 0)
		return rc;
	if (s->score_pass > s->score_total)
		return fail(c, "pass", "exceeds the total");
	if (strcmp(agg, "mean") == 0)
		s->aggregation = AGG_MEAN;
	else if (strcmp(agg, "median") == 0)
		s->aggregation = AGG_MEDIAN;
	else if (strcmp(agg, "min") == 0)
		s->aggregation = AGG_MIN;
	else
		return fail(c, "aggregation", "must be mean, median or min");
	if (strcmp(veto, "fail") == 0)
		s->veto_outcome = OUTCOME_FAIL;
	else if (strcmp(veto, "halt") == 0)
		s->veto_outcome = OUTCOME_HALT;
	else
		return fail(c, "veto_outcome", "must be fail or halt");
	sections = json_object_get(o, "sections");
	if (!json_is_array(sections) || json_array_size(sections) == 0 ||
	    json_array_size(sections) > SCHEME_MAX_SECTIONS)
		return fail(c, "sections", "must be an array of 1..%d", SCHEME_MAX_SECTIONS);
	for (size_t i = 0; i < json_array_size(sections); i++) {
		struct scheme_section *sec = &s->sections[i];
		json_t *so = json_array_get(sections, i), *items;

		enter(c, "sections", 0, s1);
		enter(c, NULL, i, s2);
		if ((rc = only(c, so, snames)) != 0 ||
		    (rc = get_code(c, so, "code", sec->code, sizeof(sec->code))) != 0 ||
		    (rc = get_text(c, so, "name", &sec->name)) != 0)
			return rc;
		for (size_t j = 0; j < i; j++)
			if (strcmp(s->sections[j].code, sec->code) == 0)
				return fail(c, "code", "repeats an earlier section");
		items = json_object_get(so, "items");
		if (!json_is_array(items) || json_array_size(items) == 0 ||
		    s->nitems + (int)json_array_size(items) > SCHEME_MAX_ITEMS)
			return fail(c, "items",
				    "must be a non-empty array (at most %d items in all)",
				    SCHEME_MAX_ITEMS);
		sec->first = s->nitems;
		for (size_t k = 0; k < json_array_size(items); k++) {
			struct scheme_item *it = &s->items[s->nitems];
			json_t *io = json_array_get(items, k);

			enter(c, "items", 0, s3);
			enter(c, NULL, k, s4);
			if ((rc = only(c, io, inames)) != 0 ||
			    (rc = get_code(c, io, "code", it->code, sizeof(it->code))) != 0 ||
			    (rc = get_text(c, io, "name", &it->name)) != 0 ||
			    (rc = get_int(c, io, "points", 1, 1, 10000, &it->points)) != 0 ||
			    (rc = get_bool(c, io, "veto", &it->veto)) != 0)
				return rc;
			if (scheme_item_index(s, it->code) >= 0)
				return fail(c, "code", "repeats an earlier item");
			it->section = (int)i;
			sum += it->points;
			s->nitems++;
			leave(c, s3);
		}
		sec->count = s->nitems - sec->first;
		s->nsections++;
		leave(c, s1);
	}
	if (sum != s->score_total)
		return fail(c, "total", "is %d but the items add up to %d", s->score_total, sum);
	leave(c, saved);
	return 0;
}

/* ---- certificate numbers ---- */

enum num_token { TOK_LITERAL, TOK_SCHEME, TOK_GRADE, TOK_REGION, TOK_PROVINCE, TOK_YEAR, TOK_SEQ };

/* Read the token at p (which starts with '{'): its kind, length in the pattern and,
 * for {seq:N}, N. -1 when it is not a token. */
static int read_token(const char *p, enum num_token *kind, size_t *len, int *digits)
{
	static const struct {
		const char *text;
		enum num_token kind;
	} fixed[] = { { "{scheme}", TOK_SCHEME },
		      { "{grade}", TOK_GRADE },
		      { "{region}", TOK_REGION },
		      { "{province}", TOK_PROVINCE },
		      { "{year}", TOK_YEAR } };

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		size_t n = strlen(fixed[i].text);
		if (strncmp(p, fixed[i].text, n) == 0) {
			*kind = fixed[i].kind;
			*len = n;
			return 0;
		}
	}
	if (strncmp(p, "{seq:", 5) == 0 && p[5] >= '1' && p[5] <= '9' && p[6] == '}') {
		*kind = TOK_SEQ;
		*len = 7;
		*digits = p[5] - '0';
		return 0;
	}
	return -1;
}

int scheme_number_check(const char *pattern, const struct scheme *s, struct bm_err *err)
{
	size_t longest = 0, grade_max = 0, n;
	int nseq = 0, nyear = 0, digits = 0;
	enum num_token kind;

	for (int g = 0; g < s->ngrades; g++)
		if (strlen(s->grades[g].code) > grade_max)
			grade_max = strlen(s->grades[g].code);
	if (pattern[0] == '\0' || !bm_text_ok(pattern, SCHEME_PATTERN_MAX - 1, 0))
		return bm_err_set(err, BM_EINVAL, "invalid_scheme", NULL,
				  "must be text of 1..%d bytes", SCHEME_PATTERN_MAX - 1);
	for (const char *p = pattern; *p != '\0'; p += n) {
		if (*p == '{') {
			if (read_token(p, &kind, &n, &digits) != 0)
				return bm_err_set(err, BM_EINVAL, "invalid_scheme", NULL,
						  "unknown token at \"%.12s\" (known: {scheme}, "
						  "{grade}, {region}, {province}, {year}, {seq:N})",
						  p);
			switch (kind) {
			case TOK_SCHEME:
				longest += strlen(s->id);
				break;
			case TOK_GRADE:
				longest += grade_max;
				break;
			case TOK_REGION:
				longest += 6;
				break;
			case TOK_PROVINCE:
				longest += 2;
				break;
			case TOK_YEAR:
				longest += 4;
				nyear++;
				break;
			case TOK_SEQ:
				longest += (size_t)digits;
				nseq++;
				break;
			case TOK_LITERAL:
				break;
			}
			continue;
		}
		if (*p == '}' || *p == ' ')
			return bm_err_set(err, BM_EINVAL, "invalid_scheme", NULL,
					  "'%c' may appear only in a token", *p);
		n = 1;
		longest++;
	}
	if (nseq != 1)
		return bm_err_set(err, BM_EINVAL, "invalid_scheme", NULL,
				  "must hold exactly one {seq:N} (has %d)", nseq);
	if (nyear == 0)
		return bm_err_set(err, BM_EINVAL, "invalid_scheme", NULL,
				  "must hold {year}: the sequence restarts every year");
	if (longest > CERT_NUMBER_MAX)
		return bm_err_set(err, BM_EINVAL, "invalid_scheme", NULL,
				  "makes numbers of up to %zu bytes; at most %d fit a certificate",
				  longest, CERT_NUMBER_MAX);
	return 0;
}

int scheme_number_format(const struct scheme *s, const char *grade, const char *region, int year,
			 int64_t seq, char *out, size_t outsz, struct bm_err *err)
{
	size_t off = 0, n;
	int digits = 0;
	enum num_token kind;
	char piece[32];

	if (strlen(region) != 6 || year < 1000 || year > 9999 || seq < 1 ||
	    scheme_grade_index(s, grade) < 0)
		return bm_err_set(err, BM_EINVAL, "invalid_value", "number",
				  "cannot number a certificate of grade %s, region %s, year %d",
				  grade, region, year);
	for (const char *p = s->number_pattern; *p != '\0'; p += n) {
		const char *add = piece;
		piece[0] = '\0';
		if (*p == '{' && read_token(p, &kind, &n, &digits) == 0) {
			switch (kind) {
			case TOK_SCHEME:
				add = s->id;
				break;
			case TOK_GRADE:
				add = grade;
				break;
			case TOK_REGION:
				add = region;
				break;
			case TOK_PROVINCE:
				snprintf(piece, sizeof(piece), "%.2s", region);
				break;
			case TOK_YEAR:
				snprintf(piece, sizeof(piece), "%04d", year);
				break;
			case TOK_SEQ: {
				int64_t limit = 1;
				for (int i = 0; i < digits; i++)
					limit *= 10;
				if (seq >= limit)
					return bm_err_set(
						err, BM_ERULE, "number_exhausted", "number",
						"scheme %s has given all %lld numbers of %d", s->id,
						(long long)(limit - 1), year);
				/* zero-padded to digits (1..9, read_token): seq < limit fits.
				 * By hand: -O3 cannot bound "%0*lld" with a variable width. */
				for (int64_t v = seq, i = digits - 1; i >= 0; i--, v /= 10)
					piece[i] = (char)('0' + v % 10);
				piece[digits] = '\0';
				break;
			}
			case TOK_LITERAL:
				break;
			}
		} else {
			n = 1;
			piece[0] = *p;
			piece[1] = '\0';
		}
		if (off + strlen(add) + 1 > outsz)
			return bm_err_set(err, BM_EINVAL, "invalid_value", "number",
					  "the number does not fit");
		memcpy(out + off, add, strlen(add) + 1);
		off += strlen(add);
	}
	return 0;
}

/* "certificate": {"number_pattern": ..., "source": ...}, optional (the default
 * pattern then). */
static int parse_certificate(struct ctx *c, struct scheme *s, json_t *o)
{
	static const char *const names[] = { "number_pattern", "source", NULL };
	char saved[PATH_MAX_LEN];
	struct bm_err why;
	int rc;

	if (o == NULL) {
		bm_strlcpy(s->number_pattern, SCHEME_DEFAULT_NUMBER_PATTERN,
			   sizeof(s->number_pattern));
		bm_strlcpy(s->number_source, "[cfg] default numbering", sizeof(s->number_source));
		return scheme_number_check(s->number_pattern, s, &why) == 0
			       ? 0
			       : fail(c, "certificate", "the default number pattern does not fit");
	}
	enter(c, "certificate", 0, saved);
	if ((rc = only(c, o, names)) != 0 ||
	    (rc = get_str(c, o, "number_pattern", 1, s->number_pattern,
			  sizeof(s->number_pattern))) != 0 ||
	    (rc = get_str(c, o, "source", 1, s->number_source, sizeof(s->number_source))) != 0)
		return rc;
	if (scheme_number_check(s->number_pattern, s, &why) != 0)
		return fail(c, "number_pattern", "%s", why.message);
	leave(c, saved);
	return 0;
}

int scheme_parse(const char *json, size_t len, struct scheme *s, struct bm_err *err)
{
	static const char *const names[] = { "id",
					     "version",
					     "name",
					     "source",
					     "grades",
					     "exceptions",
					     "categories",
					     "conditions",
					     "materials",
					     "materials_source",
					     "time_limits",
					     "team",
					     "validity_years",
					     "validity_source",
					     "certificate",
					     "waiting",
					     "scoring",
					     NULL };
	static const char *const tl_names[] = { "acceptance",	 "supplement", "decision",
						"onsite_notice", "publicity",  NULL };
	static const char *const team_names[] = { "min_staff", "max_experts", "source", NULL };
	static const char *const wait_names[] = { "after_fail_months", "after_halt_months",
						  "source", NULL };
	struct ctx c = { err, "$" };
	char saved[PATH_MAX_LEN], dummy[SCHEME_SOURCE_MAX];
	json_error_t jerr;
	json_t *root, *o;
	int rc;

	memset(s, 0, sizeof(*s));
	root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		return bm_err_set(err, BM_EINVAL, "invalid_scheme", "$",
				  "not JSON: line %d column %d: %s", jerr.line, jerr.column,
				  jerr.text);
	if ((rc = only(&c, root, names)) != 0 ||
	    (rc = get_code(&c, root, "id", s->id, sizeof(s->id))) != 0 ||
	    (rc = get_int(&c, root, "version", 1, 1, 1000000, &s->version)) != 0 ||
	    (rc = get_text(&c, root, "name", &s->name)) != 0 ||
	    (rc = get_str(&c, root, "source", 1, s->source, sizeof(s->source))) != 0 ||
	    (rc = parse_grades(&c, s, json_object_get(root, "grades"))) != 0 ||
	    (rc = parse_exceptions(&c, s, json_object_get(root, "exceptions"))) != 0 ||
	    (rc = parse_categories(&c, s, json_object_get(root, "categories"))) != 0 ||
	    (rc = parse_conditions(&c, s, json_object_get(root, "conditions"))) != 0 ||
	    (rc = parse_materials(&c, s, json_object_get(root, "materials"))) != 0 ||
	    (rc = get_str(&c, root, "materials_source", 1, dummy, sizeof(dummy))) != 0)
		goto out;
	o = json_object_get(root, "time_limits");
	enter(&c, "time_limits", 0, saved);
	if ((rc = only(&c, o, tl_names)) != 0 ||
	    (rc = parse_limit(&c, o, "acceptance", "working_days", 100, &s->acceptance, NULL)) !=
		    0 ||
	    (rc = parse_limit(&c, o, "supplement", "working_days", 100, &s->supplement, NULL)) !=
		    0 ||
	    (rc = parse_limit(&c, o, "decision", "working_days", 365, &s->decision,
			      &s->decision_extension)) != 0 ||
	    (rc = parse_limit(&c, o, "onsite_notice", "days", 100, &s->onsite_notice_days, NULL)) !=
		    0 ||
	    (rc = parse_limit(&c, o, "publicity", "working_days", 100, &s->publicity, NULL)) != 0)
		goto out;
	leave(&c, saved);
	o = json_object_get(root, "team");
	enter(&c, "team", 0, saved);
	if ((rc = only(&c, o, team_names)) != 0 ||
	    (rc = get_int(&c, o, "min_staff", 1, 2, 20, &s->team_min_staff)) != 0 ||
	    (rc = get_int(&c, o, "max_experts", 1, 0, 20, &s->team_max_experts)) != 0 ||
	    (rc = get_str(&c, o, "source", 1, s->team_source, sizeof(s->team_source))) != 0)
		goto out;
	leave(&c, saved);
	if ((rc = get_int(&c, root, "validity_years", 1, 1, 20, &s->validity_years)) != 0 ||
	    (rc = get_str(&c, root, "validity_source", 1, s->validity_source,
			  sizeof(s->validity_source))) != 0)
		goto out;
	if ((rc = parse_certificate(&c, s, json_object_get(root, "certificate"))) != 0)
		goto out;
	o = json_object_get(root, "waiting");
	enter(&c, "waiting", 0, saved);
	if ((rc = only(&c, o, wait_names)) != 0 ||
	    (rc = get_int(&c, o, "after_fail_months", 1, 0, 120, &s->wait_after_fail_months)) !=
		    0 ||
	    (rc = get_int(&c, o, "after_halt_months", 1, 0, 120, &s->wait_after_halt_months)) !=
		    0 ||
	    (rc = get_str(&c, o, "source", 1, s->waiting_source, sizeof(s->waiting_source))) != 0)
		goto out;
	leave(&c, saved);
	rc = parse_scoring(&c, s, json_object_get(root, "scoring"));
out:
	json_decref(root);
	return rc;
}

int scheme_grade_index(const struct scheme *s, const char *code)
{
	for (int i = 0; i < s->ngrades; i++)
		if (strcmp(s->grades[i].code, code) == 0)
			return i;
	return -1;
}

int scheme_category_index(const struct scheme *s, const char *code)
{
	for (int i = 0; i < s->ncategories; i++)
		if (strcmp(s->categories[i].code, code) == 0)
			return i;
	return -1;
}

int scheme_item_index(const struct scheme *s, const char *code)
{
	for (int i = 0; i < s->nitems; i++)
		if (strcmp(s->items[i].code, code) == 0)
			return i;
	return -1;
}

enum authlvl scheme_authority(const struct scheme *s, int g, const char *region, enum step step)
{
	enum authlvl l;

	if (g < 0 || g >= s->ngrades || (unsigned)step >= STEP_COUNT)
		return AUTHLVL_NONE;
	l = s->grades[g].by[step];
	for (int i = 0; i < s->nexceptions; i++) {
		const struct scheme_exception *e = &s->exceptions[i];
		if ((e->grades & (1u << g)) && e->set[step] &&
		    strncmp(region, e->region_prefix, strlen(e->region_prefix)) == 0)
			l = e->by[step];
	}
	return l;
}
