/*
 * test_eligibility.c - unit tests of src/core/eligibility: every condition kind
 * passing, failing and unknown, at its boundaries (the founding anniversary and a
 * 29 February founding, "within N years" and "ever", each key-person flag, the
 * foreign-investment caps including the military 20 % line, owned and leased
 * premises, declarations, thresholds), conditions restricted to a grade, and the
 * counts of hard failures and unknowns, on hand-built conditions and on the shipped
 * schemes (read from BM_FILES_DIR, the source data/ directory).
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/err.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/eligibility.h"
#include "core/scheme.h"
#include "testutil.h"
#include "base/banned.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

enum { LR = 0, PH = 1, AC = 2, BOARD = 3, SUPERVISOR = 4, MANAGER = 5, STAFF = 6 };

/* ---- helpers ---- */

/* A two-grade scheme holding only cond (applying to both grades). */
static struct scheme *scheme_of(const struct scheme_condition *cond)
{
	struct scheme *s = calloc(1, sizeof(*s));

	assert_non_null(s);
	s->ngrades = 2;
	bm_strlcpy(s->grades[0].code, "A", sizeof(s->grades[0].code));
	bm_strlcpy(s->grades[1].code, "B", sizeof(s->grades[1].code));
	s->nconditions = 1;
	s->conditions[0] = *cond;
	if (s->conditions[0].grades == 0)
		s->conditions[0].grades = 3u;
	return s;
}

static struct unit_facts *facts_new(void)
{
	struct unit_facts *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->registered_capital = f->employees = f->annual_revenue = f->premises_area = -1;
	return f;
}

static void add_person(struct unit_facts *f, int role, const char *name, tri nat, tri res,
		       tri spouse, tri dishonest)
{
	struct fact_person *p = &f->people[f->npeople++];

	p->role = role;
	bm_strlcpy(p->name, name, sizeof(p->name));
	p->chinese_nationality = nat;
	p->foreign_residence = res;
	p->foreign_spouse = spouse;
	p->dishonest = dishonest;
}

/* The three roles every unit has, all in order. */
static void add_leaders(struct unit_facts *f)
{
	add_person(f, LR, "张三", 1, 0, 0, 0);
	add_person(f, PH, "李四", 1, 0, 0, 0);
	add_person(f, AC, "王五", 1, 0, 0, 0);
}

static void add_event(struct unit_facts *f, const char *kind, const char *on)
{
	bm_strlcpy(f->events[f->nevents].kind, kind, sizeof(f->events[0].kind));
	f->events[f->nevents++].on = tu_day(on);
}

/* Evaluate the single condition; copies the English reason into why (may be NULL). */
static enum elig_result eval1(const struct scheme_condition *c, const struct unit_facts *f,
			      const char *today, char *why, size_t whysz)
{
	struct scheme *s = scheme_of(c);
	struct elig_report *r = malloc(sizeof(*r));
	enum elig_result res;

	assert_non_null(r);
	eligibility_evaluate(s, 0, f, tu_day(today), r);
	assert_int_equal(r->n, 1);
	assert_ptr_equal(r->lines[0].cond, &s->conditions[0]);
	res = r->lines[0].result;
	/* both languages always say why */
	assert_true(r->lines[0].why[0] != '\0');
	assert_true(r->lines[0].why_zh[0] != '\0');
	assert_int_equal(r->unknown, res == ELIG_UNKNOWN);
	assert_int_equal(r->failed_hard, res == ELIG_FAIL && c->hard);
	if (why != NULL)
		bm_strlcpy(why, r->lines[0].why, whysz);
	free(r);
	free(s);
	return res;
}

static struct scheme_condition cond_new(enum cond_kind kind)
{
	struct scheme_condition c;

	memset(&c, 0, sizeof(c));
	c.kind = kind;
	c.hard = 1;
	bm_strlcpy(c.id, "test", sizeof(c.id));
	bm_strlcpy(c.name.zh, "测试", sizeof(c.name.zh));
	bm_strlcpy(c.name.en, "test", sizeof(c.name.en));
	return c;
}

#define CHECK(c, f, today, want)                                                                   \
	do {                                                                                       \
		char why_[320];                                                                    \
		enum elig_result got_ = eval1((c), (f), (today), why_, sizeof(why_));              \
		if (got_ != (want))                                                                \
			fail_msg("line %d: %s, want %s (%s)", __LINE__, elig_result_name(got_),    \
				 elig_result_name(want), why_);                                    \
	} while (0)

/* ---- the kinds ---- */

static void test_years_since_founding(void **state)
{
	static const struct {
		const char *founded, *today;
		enum elig_result want;
	} cases[] = {
		{ NULL, "2025-06-03", ELIG_UNKNOWN },
		{ "2022-06-03", "2025-06-03", ELIG_PASS }, /* the exact anniversary */
		{ "2022-06-04", "2025-06-03", ELIG_FAIL }, /* a day short */
		{ "2022-06-02", "2025-06-03", ELIG_PASS },
		{ "1990-01-01", "2025-06-03", ELIG_PASS },
		{ "2025-06-03", "2025-06-03", ELIG_FAIL }, /* founded today */
		{ "2026-01-01", "2025-06-03", ELIG_FAIL }, /* a date in the future */
		/* 29 February: the anniversary in a common year is 28 February */
		{ "2020-02-29", "2023-02-28", ELIG_PASS },
		{ "2020-02-29", "2023-02-27", ELIG_FAIL },
		{ "2020-02-29", "2023-03-01", ELIG_PASS },
		/* 28 February into a leap year */
		{ "2021-02-28", "2024-02-28", ELIG_PASS },
		{ "2021-02-28", "2024-02-27", ELIG_FAIL },
		/* 31 December and the year end */
		{ "2021-12-31", "2024-12-31", ELIG_PASS },
		{ "2021-12-31", "2024-12-30", ELIG_FAIL },
	};
	struct scheme_condition c = cond_new(COND_YEARS_SINCE_FOUNDING);
	struct unit_facts *f = facts_new();

	(void)state;
	c.min_years = 3;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		char why[320];
		enum elig_result r;

		f->founded_on = tu_day(cases[i].founded);
		r = eval1(&c, f, cases[i].today, why, sizeof(why));
		if (r != cases[i].want)
			fail_msg("founded %s, on %s: %s, want %s (%s)",
				 cases[i].founded ? cases[i].founded : "-", cases[i].today,
				 elig_result_name(r), elig_result_name(cases[i].want), why);
	}
	/* a failure says from when the unit qualifies */
	{
		char why[320];
		f->founded_on = tu_day("2022-06-04");
		assert_int_equal(eval1(&c, f, "2025-06-03", why, sizeof(why)), ELIG_FAIL);
		assert_non_null(strstr(why, "2025-06-04"));
		f->founded_on = tu_day("2020-02-29");
		assert_int_equal(eval1(&c, f, "2023-02-01", why, sizeof(why)), ELIG_FAIL);
		assert_non_null(strstr(why, "2023-02-28"));
	}
	/* one year */
	c.min_years = 1;
	f->founded_on = tu_day("2024-02-29");
	CHECK(&c, f, "2025-02-28", ELIG_PASS);
	CHECK(&c, f, "2025-02-27", ELIG_FAIL);
	free(f);
}

static void test_no_event(void **state)
{
	static const struct {
		const char *event_kind, *on; /* NULL: no event */
		int within;
		const char *today;
		enum elig_result want;
	} cases[] = {
		{ NULL, NULL, 1, "2025-06-03", ELIG_PASS },
		{ "leak", "2024-06-03", 1, "2025-06-03", ELIG_PASS }, /* a year ago exactly: out */
		{ "leak", "2024-06-04", 1, "2025-06-03", ELIG_FAIL }, /* within the year */
		{ "leak", "2025-06-03", 1, "2025-06-03", ELIG_FAIL }, /* today */
		{ "leak", "2020-01-01", 1, "2025-06-03", ELIG_PASS },
		{ "criminal_record", "2025-01-01", 1, "2025-06-03", ELIG_PASS }, /* other kind */
		{ "leak", "2022-06-03", 3, "2025-06-03", ELIG_PASS },
		{ "leak", "2022-06-04", 3, "2025-06-03", ELIG_FAIL },
		/* 29 February: a year back is 28 February */
		{ "leak", "2023-02-28", 1, "2024-02-29", ELIG_PASS },
		{ "leak", "2023-03-01", 1, "2024-02-29", ELIG_FAIL },
		/* "ever" */
		{ NULL, NULL, 0, "2025-06-03", ELIG_PASS },
		{ "leak", "1990-01-01", 0, "2025-06-03", ELIG_FAIL },
		{ "leak", "2025-06-03", 0, "2025-06-03", ELIG_FAIL },
		{ "qualification_revoked", "1990-01-01", 0, "2025-06-03", ELIG_PASS },
	};
	struct unit_facts *f = facts_new();

	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		struct scheme_condition c = cond_new(COND_NO_EVENT);
		char why[320];
		enum elig_result r;

		bm_strlcpy(c.event, "leak", sizeof(c.event));
		c.within_years = cases[i].within;
		f->nevents = 0;
		if (cases[i].on != NULL)
			add_event(f, cases[i].event_kind, cases[i].on);
		r = eval1(&c, f, cases[i].today, why, sizeof(why));
		if (r != cases[i].want)
			fail_msg("case %zu (%s %s, within %d, on %s): %s, want %s (%s)", i,
				 cases[i].event_kind ? cases[i].event_kind : "-",
				 cases[i].on ? cases[i].on : "-", cases[i].within, cases[i].today,
				 elig_result_name(r), elig_result_name(cases[i].want), why);
		if (r == ELIG_FAIL)
			assert_non_null(strstr(why, cases[i].on));
	}
	/* an old event and a recent one: the recent one fails it */
	{
		struct scheme_condition c = cond_new(COND_NO_EVENT);
		bm_strlcpy(c.event, "qualification_revoked", sizeof(c.event));
		c.within_years = 3;
		f->nevents = 0;
		add_event(f, "qualification_revoked", "2010-05-05");
		add_event(f, "leak", "2025-05-05");
		CHECK(&c, f, "2025-06-03", ELIG_PASS);
		add_event(f, "qualification_revoked", "2023-05-05");
		CHECK(&c, f, "2025-06-03", ELIG_FAIL);
	}
	free(f);
}

static void test_key_people(void **state)
{
	struct scheme_condition dishonest = cond_new(COND_KEY_PEOPLE);
	struct scheme_condition nationality = cond_new(COND_KEY_PEOPLE);
	struct unit_facts *f = facts_new();
	char why[320];

	(void)state;
	/* the two shipped forms: not_dishonest for the three leaders, and the
	 * nationality/residence/spouse rule for everyone */
	dishonest.people = (1u << LR) | (1u << PH) | (1u << AC);
	dishonest.requires = PEOPLE_NOT_DISHONEST;
	nationality.people = 0x7fu;
	nationality.requires =
		PEOPLE_CHINESE_NATIONALITY | PEOPLE_NO_FOREIGN_RESIDENCE | PEOPLE_NO_FOREIGN_SPOUSE;

	add_leaders(f);
	CHECK(&dishonest, f, "2025-06-03", ELIG_PASS);
	CHECK(&nationality, f, "2025-06-03", ELIG_PASS);

	/* each flag failing, on each of the three leaders */
	for (int who = 0; who < 3; who++) {
		struct fact_person *p = &f->people[who];

		p->chinese_nationality = 0;
		CHECK(&nationality, f, "2025-06-03", ELIG_FAIL);
		CHECK(&dishonest, f, "2025-06-03", ELIG_PASS); /* not what it asks */
		p->chinese_nationality = 1;

		p->foreign_residence = 1;
		CHECK(&nationality, f, "2025-06-03", ELIG_FAIL);
		CHECK(&dishonest, f, "2025-06-03", ELIG_PASS);
		p->foreign_residence = 0;

		p->foreign_spouse = 1;
		assert_int_equal(eval1(&nationality, f, "2025-06-03", why, sizeof(why)), ELIG_FAIL);
		assert_non_null(strstr(why, p->name));
		assert_non_null(strstr(why, scheme_person_role(p->role)));
		assert_non_null(strstr(why, "foreign spouse"));
		CHECK(&dishonest, f, "2025-06-03", ELIG_PASS);
		p->foreign_spouse = 0;

		p->dishonest = 1;
		assert_int_equal(eval1(&dishonest, f, "2025-06-03", why, sizeof(why)), ELIG_FAIL);
		assert_non_null(strstr(why, "dishonest"));
		CHECK(&nationality, f, "2025-06-03", ELIG_PASS);
		p->dishonest = 0;
	}
	/* an unrecorded flag: unknown, for the flags the condition asks about only */
	f->people[1].foreign_residence = -1;
	CHECK(&nationality, f, "2025-06-03", ELIG_UNKNOWN);
	CHECK(&dishonest, f, "2025-06-03", ELIG_PASS);
	f->people[1].foreign_residence = 0;
	f->people[2].dishonest = -1;
	CHECK(&dishonest, f, "2025-06-03", ELIG_UNKNOWN);
	f->people[2].dishonest = 0;
	/* a failure outweighs an unknown, whatever the order */
	f->people[0].chinese_nationality = -1;
	f->people[2].foreign_spouse = 1;
	CHECK(&nationality, f, "2025-06-03", ELIG_FAIL);
	f->people[0].chinese_nationality = 1;
	f->people[2].foreign_spouse = 0;

	/* other roles: checked when recorded, not required to be */
	add_person(f, BOARD, "赵六", 1, 0, 0, 0);
	add_person(f, STAFF, "钱七", 1, 0, 0, 0);
	CHECK(&nationality, f, "2025-06-03", ELIG_PASS);
	f->people[4].chinese_nationality = 0; /* secret-related staff, foreign */
	CHECK(&nationality, f, "2025-06-03", ELIG_FAIL);
	CHECK(&dishonest, f, "2025-06-03", ELIG_PASS); /* not among its people */
	f->people[4].chinese_nationality = 1;
	f->people[3].dishonest = 1; /* a board member on the list: not dishonest's concern */
	CHECK(&dishonest, f, "2025-06-03", ELIG_PASS);
	f->people[3].dishonest = 0;

	/* missing leaders: unknown */
	for (int missing = 0; missing < 3; missing++) {
		struct unit_facts *g = facts_new();
		for (int r = 0; r < 3; r++)
			if (r != missing)
				add_person(g, r, "某人", 1, 0, 0, 0);
		assert_int_equal(eval1(&dishonest, g, "2025-06-03", why, sizeof(why)),
				 ELIG_UNKNOWN);
		assert_non_null(strstr(why, "not recorded"));
		CHECK(&nationality, g, "2025-06-03", ELIG_UNKNOWN);
		/* ... unless a recorded one already fails it */
		g->people[0].dishonest = 1;
		CHECK(&dishonest, g, "2025-06-03", ELIG_FAIL);
		free(g);
	}
	/* nobody recorded */
	{
		struct unit_facts *g = facts_new();
		CHECK(&dishonest, g, "2025-06-03", ELIG_UNKNOWN);
		free(g);
	}
	/* a condition about secret-related staff only needs no leader */
	{
		struct scheme_condition staff = cond_new(COND_KEY_PEOPLE);
		struct unit_facts *g = facts_new();
		staff.people = 1u << STAFF;
		staff.requires = PEOPLE_NO_FOREIGN_SPOUSE;
		CHECK(&staff, g, "2025-06-03", ELIG_PASS);
		add_person(g, STAFF, "孙八", 1, 0, 1, 0);
		CHECK(&staff, g, "2025-06-03", ELIG_FAIL);
		free(g);
	}
	free(f);
}

/* A person whose role is not one of scheme_person_role's (the service maps an
 * unknown stored role to -1) is nobody the condition speaks of: ignored, never a
 * shift by a negative or too large count. Run in a child process, so that a
 * sanitizer abort fails this test alone. */
static void test_key_people_bad_role(void **state)
{
	static const int roles[] = { -1, 8, 31, 32, 64, INT_MIN };
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < N_ELEMS(roles); i++) {
		int status = 0;
		pid_t pid = fork();

		assert_true(pid >= 0);
		if (pid == 0) {
			struct scheme_condition c = cond_new(COND_KEY_PEOPLE);
			struct unit_facts *f = facts_new();
			struct scheme *s;
			struct elig_report *r = malloc(sizeof(*r));

			c.people = 0x7fu;
			c.requires = PEOPLE_NOT_DISHONEST;
			add_leaders(f);
			add_person(f, roles[i], "无名", 0, 1, 1, 1);
			s = scheme_of(&c);
			eligibility_evaluate(s, 0, f, tu_day("2025-06-03"), r);
			_exit(r->n == 1 && r->lines[0].result == ELIG_PASS ? 0 : 1);
		}
		assert_int_equal(waitpid(pid, &status, 0), pid);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			print_message("a person with role %d is not simply ignored (%s %d)\n",
				      roles[i], WIFEXITED(status) ? "exit" : "signal",
				      WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
			bad++;
		}
	}
	if (bad != 0)
		fail_msg("%d of %zu out-of-range roles mishandled", bad, N_ELEMS(roles));
}

static void test_foreign_investment(void **state)
{
	static const struct {
		double max_direct, max_indirect;
		int known;
		double direct, indirect;
		enum elig_result want;
	} cases[] = {
		/* integration: no foreign investment at all [cfg] */
		{ 0, 0, 0, 0, 0, ELIG_UNKNOWN },
		{ 0, 0, 1, 0, 0, ELIG_PASS },
		{ 0, 0, 1, 0.01, 0, ELIG_FAIL },
		{ 0, 0, 1, 0, 0.01, ELIG_FAIL },
		{ 0, 0, 1, 100, 100, ELIG_FAIL },
		/* military: no direct investment, indirect at most 20 % */
		{ 0, 20, 0, 0, 10, ELIG_UNKNOWN },
		{ 0, 20, 1, 0, 0, ELIG_PASS },
		{ 0, 20, 1, 0, 19.99, ELIG_PASS },
		{ 0, 20, 1, 0, 20, ELIG_PASS },
		{ 0, 20, 1, 0, 20.01, ELIG_FAIL },
		{ 0, 20, 1, 0.01, 0, ELIG_FAIL },
		{ 0, 20, 1, 0.01, 20, ELIG_FAIL },
		{ 0, 20, 1, 51, 0, ELIG_FAIL },
	};
	struct unit_facts *f = facts_new();

	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		struct scheme_condition c = cond_new(COND_FOREIGN_INVESTMENT);
		char why[320];
		enum elig_result r;

		c.max_direct_pct = cases[i].max_direct;
		c.max_indirect_pct = cases[i].max_indirect;
		f->foreign_known = cases[i].known;
		f->foreign_direct_pct = cases[i].direct;
		f->foreign_indirect_pct = cases[i].indirect;
		r = eval1(&c, f, "2025-06-03", why, sizeof(why));
		if (r != cases[i].want)
			fail_msg("caps %g/%g, %s %g/%g: %s, want %s (%s)", cases[i].max_direct,
				 cases[i].max_indirect, cases[i].known ? "declared" : "undeclared",
				 cases[i].direct, cases[i].indirect, elig_result_name(r),
				 elig_result_name(cases[i].want), why);
	}
	/* the reason quotes the figures */
	{
		struct scheme_condition c = cond_new(COND_FOREIGN_INVESTMENT);
		char why[320];
		c.max_indirect_pct = 20;
		f->foreign_known = 1;
		f->foreign_direct_pct = 0;
		f->foreign_indirect_pct = 20.01;
		assert_int_equal(eval1(&c, f, "2025-06-03", why, sizeof(why)), ELIG_FAIL);
		assert_non_null(strstr(why, "20.01%"));
		assert_non_null(strstr(why, "20.00%"));
	}
	free(f);
}

static void test_premises(void **state)
{
	struct scheme_condition c = cond_new(COND_PREMISES_YEARS);
	struct unit_facts *f = facts_new();

	(void)state;
	c.min_years = 3;
	/* none recorded */
	CHECK(&c, f, "2025-06-03", ELIG_UNKNOWN);
	/* owned */
	f->npremises = 1;
	f->premises[0] = (struct fact_premises){ 1, tu_day("2010-01-01"), 0 };
	CHECK(&c, f, "2025-06-03", ELIG_PASS);
	/* leased for exactly three years */
	f->premises[0] = (struct fact_premises){ 0, tu_day("2023-01-01"), tu_day("2026-01-01") };
	CHECK(&c, f, "2025-06-03", ELIG_PASS);
	/* leased for longer */
	f->premises[0] = (struct fact_premises){ 0, tu_day("2024-07-01"), tu_day("2034-06-30") };
	CHECK(&c, f, "2025-06-03", ELIG_PASS);
	/* three years with the lease end as the last day */
	f->premises[0] = (struct fact_premises){ 0, tu_day("2023-01-01"), tu_day("2025-12-31") };
	CHECK(&c, f, "2025-06-03", ELIG_PASS);
	f->premises[0] = (struct fact_premises){ 0, tu_day("2023-01-01"), tu_day("2025-12-30") };
	CHECK(&c, f, "2025-06-03", ELIG_FAIL);
	/* a long lease that has ended: still running on its last day, not after */
	f->premises[0] = (struct fact_premises){ 0, tu_day("2015-01-01"), tu_day("2025-06-03") };
	CHECK(&c, f, "2025-06-03", ELIG_PASS);
	CHECK(&c, f, "2025-06-04", ELIG_FAIL);
	/* leased for a month short of three years, or for one */
	f->premises[0] = (struct fact_premises){ 0, tu_day("2023-01-01"), tu_day("2025-12-01") };
	CHECK(&c, f, "2025-06-03", ELIG_FAIL);
	f->premises[0] = (struct fact_premises){ 0, tu_day("2025-01-01"), tu_day("2026-01-01") };
	CHECK(&c, f, "2025-06-03", ELIG_FAIL);
	/* neither owned nor with a lease end */
	f->premises[0] = (struct fact_premises){ 0, tu_day("2023-01-01"), 0 };
	CHECK(&c, f, "2025-06-03", ELIG_FAIL);
	/* a short lease and an owned building: the owned one counts */
	f->npremises = 2;
	f->premises[0] = (struct fact_premises){ 0, tu_day("2025-01-01"), tu_day("2026-01-01") };
	f->premises[1] = (struct fact_premises){ 1, tu_day("2000-01-01"), 0 };
	CHECK(&c, f, "2025-06-03", ELIG_PASS);
	/* two short leases */
	f->premises[1] = (struct fact_premises){ 0, tu_day("2024-01-01"), tu_day("2026-01-01") };
	CHECK(&c, f, "2025-06-03", ELIG_FAIL);
	/* a lease from 29 February */
	f->npremises = 1;
	f->premises[0] = (struct fact_premises){ 0, tu_day("2024-02-29"), tu_day("2027-02-28") };
	CHECK(&c, f, "2025-06-03", ELIG_PASS);
	free(f);
}

static void test_declared(void **state)
{
	struct scheme_condition c = cond_new(COND_DECLARED);
	struct unit_facts *f = facts_new();

	(void)state;
	bm_strlcpy(c.declaration, "secrecy_body", sizeof(c.declaration));
	CHECK(&c, f, "2025-06-03", ELIG_UNKNOWN);
	f->ndecl = 2;
	bm_strlcpy(f->decl[0].key, "security_director", sizeof(f->decl[0].key));
	f->decl[0].value = 1;
	bm_strlcpy(f->decl[1].key, "secrecy_body", sizeof(f->decl[1].key));
	f->decl[1].value = 1;
	CHECK(&c, f, "2025-06-03", ELIG_PASS);
	f->decl[1].value = 0;
	CHECK(&c, f, "2025-06-03", ELIG_FAIL);
	/* another key only: still unknown */
	f->ndecl = 1;
	CHECK(&c, f, "2025-06-03", ELIG_UNKNOWN);
	free(f);
}

static void test_threshold(void **state)
{
	static const char *const fields[] = { "registered_capital", "employees", "annual_revenue",
					      "premises_area" };
	struct unit_facts *f = facts_new();

	(void)state;
	for (size_t i = 0; i < N_ELEMS(fields); i++) {
		struct scheme_condition c = cond_new(COND_THRESHOLD);
		double *v = i == 0   ? &f->registered_capital
			    : i == 1 ? &f->employees
			    : i == 2 ? &f->annual_revenue
				     : &f->premises_area;

		bm_strlcpy(c.field, fields[i], sizeof(c.field));
		c.figure = (enum scheme_figure)i;
		c.min_value = 1000;
		*v = -1;
		CHECK(&c, f, "2025-06-03", ELIG_UNKNOWN);
		*v = 1000;
		CHECK(&c, f, "2025-06-03", ELIG_PASS);
		*v = 999.5;
		CHECK(&c, f, "2025-06-03", ELIG_FAIL);
		*v = 0;
		CHECK(&c, f, "2025-06-03", ELIG_FAIL);
		*v = 1e9;
		CHECK(&c, f, "2025-06-03", ELIG_PASS);
		*v = -1;
	}
	/* a figure the facts do not have (the loader refuses it; the evaluator says unknown) */
	{
		struct scheme_condition c = cond_new(COND_THRESHOLD);
		bm_strlcpy(c.field, "patents", sizeof(c.field));
		c.figure = FIG_COUNT;
		f->registered_capital = 1e9;
		CHECK(&c, f, "2025-06-03", ELIG_UNKNOWN);
	}
	free(f);
}

/* ---- whole reports ---- */

/* A unit meeting every condition of both shipped schemes. */
static struct unit_facts *good_unit(void)
{
	struct unit_facts *f = facts_new();

	f->founded_on = tu_day("2010-03-01");
	f->foreign_known = 1;
	add_leaders(f);
	add_person(f, BOARD, "赵六", 1, 0, 0, 0);
	add_person(f, STAFF, "钱七", 1, 0, 0, 0);
	add_event(f, "leak", "2015-01-01");
	f->npremises = 1;
	f->premises[0] = (struct fact_premises){ 1, tu_day("2010-03-01"), 0 };
	f->ndecl = 3;
	bm_strlcpy(f->decl[0].key, "secrecy_body", sizeof(f->decl[0].key));
	bm_strlcpy(f->decl[1].key, "security_director", sizeof(f->decl[1].key));
	bm_strlcpy(f->decl[2].key, "classified_tasks", sizeof(f->decl[2].key));
	f->decl[0].value = f->decl[1].value = f->decl[2].value = 1;
	return f;
}

static void test_grades_and_counts(void **state)
{
	struct scheme *in = tu_scheme_load("integration"), *mil = tu_scheme_load("military");
	struct elig_report *r = malloc(sizeof(*r));
	struct unit_facts *f = good_unit();
	int32_t today = tu_day("2025-06-03");

	(void)state;
	assert_non_null(r);
	/* grade A: all nine; grade B: the security director is not asked */
	eligibility_evaluate(in, 0, f, today, r);
	assert_int_equal(r->n, 9);
	assert_int_equal(r->failed_hard, 0);
	assert_int_equal(r->unknown, 0);
	for (int i = 0; i < r->n; i++)
		assert_int_equal(r->lines[i].result, ELIG_PASS);
	assert_string_equal(r->lines[8].cond->id, "security_director_grade_a");
	eligibility_evaluate(in, 1, f, today, r);
	assert_int_equal(r->n, 8);
	for (int i = 0; i < r->n; i++)
		assert_string_not_equal(r->lines[i].cond->id, "security_director_grade_a");
	/* a grade B unit without a security director is not held back by it */
	f->decl[1].value = 0;
	eligibility_evaluate(in, 1, f, today, r);
	assert_int_equal(r->failed_hard, 0);
	eligibility_evaluate(in, 0, f, today, r);
	assert_int_equal(r->failed_hard, 1);
	assert_int_equal(r->lines[8].result, ELIG_FAIL);
	/* no grade given: every condition */
	eligibility_evaluate(in, -1, f, today, r);
	assert_int_equal(r->n, 9);
	f->decl[1].value = 1;
	/* military, every level */
	for (int g = 0; g < 3; g++) {
		eligibility_evaluate(mil, g, f, today, r);
		assert_int_equal(r->n, 9);
		assert_int_equal(r->failed_hard, 0);
		assert_int_equal(r->unknown, 0);
	}
	/* failures and unknowns are counted */
	f->founded_on = tu_day("2023-01-01"); /* fails legal_person_3y */
	add_event(f, "leak", "2025-01-01");   /* fails no_leak_1y */
	f->people[0].foreign_residence = -1;  /* key_people_nationality unknown */
	f->foreign_known = 0;		      /* no_foreign_investment unknown */
	f->ndecl = 1;			      /* security_director unknown */
	eligibility_evaluate(in, 0, f, today, r);
	assert_int_equal(r->n, 9);
	assert_int_equal(r->failed_hard, 2);
	assert_int_equal(r->unknown, 3);
	assert_int_equal(r->lines[0].result, ELIG_FAIL);
	assert_int_equal(r->lines[3].result, ELIG_FAIL);
	assert_int_equal(r->lines[5].result, ELIG_UNKNOWN);
	assert_int_equal(r->lines[6].result, ELIG_UNKNOWN);
	assert_int_equal(r->lines[8].result, ELIG_UNKNOWN);
	/* a soft condition's failure is not a hard one */
	in->conditions[0].hard = 0;
	eligibility_evaluate(in, 0, f, today, r);
	assert_int_equal(r->failed_hard, 1);
	assert_int_equal(r->lines[0].result, ELIG_FAIL);
	/* nothing recorded at all: every condition but the event ones is unknown */
	{
		struct unit_facts *empty = facts_new();
		eligibility_evaluate(mil, 0, empty, today, r);
		assert_int_equal(r->n, 9);
		for (int i = 0; i < r->n; i++) {
			enum cond_kind k = r->lines[i].cond->kind;
			assert_int_equal(r->lines[i].result,
					 k == COND_NO_EVENT ? ELIG_PASS : ELIG_UNKNOWN);
		}
		assert_int_equal(r->unknown, 5);
		assert_int_equal(r->failed_hard, 0);
		free(empty);
	}
	free(f);
	free(r);
	free(in);
	free(mil);
}

static void test_result_names(void **state)
{
	(void)state;
	assert_string_equal(elig_result_name(ELIG_PASS), "pass");
	assert_string_equal(elig_result_name(ELIG_FAIL), "fail");
	assert_string_equal(elig_result_name(ELIG_UNKNOWN), "unknown");
	assert_string_equal(elig_result_name((enum elig_result)7), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_years_since_founding),
		cmocka_unit_test(test_no_event),
		cmocka_unit_test(test_key_people),
		cmocka_unit_test(test_key_people_bad_role),
		cmocka_unit_test(test_foreign_investment),
		cmocka_unit_test(test_premises),
		cmocka_unit_test(test_declared),
		cmocka_unit_test(test_threshold),
		cmocka_unit_test(test_grades_and_counts),
		cmocka_unit_test(test_result_names),
	};

	return cmocka_run_group_tests_name("eligibility", tests, NULL, NULL);
}
