/*
 * test_core.c - unit tests of src/core, the rules of the domain, driven by tables:
 * USCC check characters (every wrong check character of several valid codes),
 * GB/T 2260 region shape and nesting, classification labels and dominance, role
 * combinations (三员分立 and membership) and the password rule.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/err.h"
#include "core/areas.h"
#include "core/label.h"
#include "core/password_policy.h"
#include "core/region.h"
#include "core/role.h"
#include "core/uscc.h"
#include "base/banned.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- USCC (GB 32100-2015) ---- */

static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Valid codes: real published ones and constructed ones whose check characters are
 * the first and last symbols of the alphabet ('0' and 'Y'). */
static const char *const uscc_valid[] = {
	"91110000101623741K", "91350100M000100Y43", "91440300708461136T",
	"91310000MA1FL1MMXL", "91110108551385082Q", "12100000400000624D",
	"91330000142916567N", "911100001016237450", "9111000010162374FY",
};

static void test_uscc_valid(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEMS(uscc_valid); i++) {
		int pos = -1;
		char expected = '?';
		if (uscc_check(uscc_valid[i], &pos, &expected) != USCC_OK)
			fail_msg("%s refused", uscc_valid[i]);
		assert_int_equal(pos, -1);
		assert_int_equal(expected, '?');
		assert_int_equal(uscc_check_char(uscc_valid[i]), uscc_valid[i][17]);
		assert_int_equal(uscc_check(uscc_valid[i], NULL, NULL), USCC_OK);
	}
}

static void test_uscc_every_wrong_check(void **state)
{
	int tried = 0;

	(void)state;
	for (size_t i = 0; i < N_ELEMS(uscc_valid); i++) {
		char code[USCC_LEN + 1];
		char right = uscc_valid[i][17];

		for (const char *c = uscc_alphabet; *c != '\0'; c++) {
			char expected = '?';
			enum uscc_result r;

			if (*c == right)
				continue;
			memcpy(code, uscc_valid[i], sizeof(code));
			code[17] = *c;
			r = uscc_check(code, NULL, &expected);
			if (r != USCC_BAD_CHECK || expected != right)
				fail_msg("%s: result %d expected '%c', want BAD_CHECK '%c'", code,
					 (int)r, expected, right);
			assert_int_equal(uscc_check(code, NULL, NULL), USCC_BAD_CHECK);
			tried++;
		}
	}
	assert_int_equal(tried, (int)N_ELEMS(uscc_valid) * 30);
}

static void test_uscc_bad_chars(void **state)
{
	static const char bad_chars[] = "IOSVZabkxyz -*.\x7f";
	int n = 0;

	(void)state;
	/* letters the standard leaves out (I O S V Z), lower case and punctuation, at
	 * every position, the check position included */
	for (const char *c = bad_chars; *c != '\0'; c++) {
		for (int p = 0; p < USCC_LEN; p++) {
			char code[USCC_LEN + 1];
			int pos = -1;
			char expected = '?';

			memcpy(code, uscc_valid[0], sizeof(code));
			code[p] = *c;
			if (uscc_check(code, &pos, &expected) != USCC_BAD_CHAR || pos != p + 1)
				fail_msg("'%c' at %d in %s: not BAD_CHAR at %d (pos %d)", *c, p + 1,
					 code, p + 1, pos);
			assert_int_equal(expected, '?');
			n++;
		}
	}
	assert_int_equal(n, (int)(sizeof(bad_chars) - 1) * USCC_LEN);
	/* the first bad character is the one reported */
	{
		int pos = 0;
		assert_int_equal(uscc_check("9111O000I01623741K", &pos, NULL), USCC_BAD_CHAR);
		assert_int_equal(pos, 5);
		/* the whole code in lower case is refused, not folded */
		assert_int_equal(uscc_check("91110000101623741k", &pos, NULL), USCC_BAD_CHAR);
		assert_int_equal(pos, 18);
		assert_int_equal(uscc_check("91310000ma1fl1mmxl", &pos, NULL), USCC_BAD_CHAR);
		assert_int_equal(pos, 9);
		/* UTF-8 lookalikes */
		assert_int_equal(uscc_check("9111000010162374１K", &pos, NULL), USCC_BAD_LENGTH);
	}
	/* uscc_check_char refuses a bad prefix */
	assert_int_equal(uscc_check_char("9111000010162374I"), 0);
	assert_int_equal(uscc_check_char("911100001016"), 0);
}

static void test_uscc_lengths(void **state)
{
	static const char *const bad[] = {
		"",
		"9",
		"91110000101623741",
		"91110000101623741KK",
		"91110000101623741K ",
		" 91110000101623741K",
		"911100001016237410000",
	};

	(void)state;
	for (size_t i = 0; i < N_ELEMS(bad); i++) {
		int pos = -1;
		char expected = '?';
		if (uscc_check(bad[i], &pos, &expected) != USCC_BAD_LENGTH)
			fail_msg("\"%s\" not BAD_LENGTH", bad[i]);
		assert_int_equal(pos, -1);
		assert_int_equal(expected, '?');
	}
	assert_int_equal(uscc_check(NULL, NULL, NULL), USCC_BAD_LENGTH);
}

/* ---- regions (GB/T 2260) ---- */

static void test_region_shape(void **state)
{
	static const struct {
		const char *code;
		int ok;
		enum region_level level;
	} cases[] = {
		{ "000000", 1, REGION_NATION },	    { "110000", 1, REGION_PROVINCE },
		{ "650000", 1, REGION_PROVINCE },   { "010000", 1, REGION_PROVINCE },
		{ "110100", 1, REGION_PREFECTURE }, { "320500", 1, REGION_PREFECTURE },
		{ "110105", 1, REGION_COUNTY },	    { "320506", 1, REGION_COUNTY },
		{ "440301", 1, REGION_COUNTY },	    { "", 0, REGION_NATION },
		{ "11000", 0, REGION_NATION },	    { "1100000", 0, REGION_NATION },
		{ "11000a", 0, REGION_NATION },	    { "11 000", 0, REGION_NATION },
		{ "-10000", 0, REGION_NATION },	    { "001100", 0, REGION_NATION },
		{ "000001", 0, REGION_NATION },	    { "000100", 0, REGION_NATION },
		{ "110001", 0, REGION_NATION },	    { "110010", 0, REGION_NATION },
		{ "１１0000", 0, REGION_NATION },
	};

	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		if (region_code_ok(cases[i].code) != cases[i].ok)
			fail_msg("region_code_ok(\"%s\") != %d", cases[i].code, cases[i].ok);
		if (cases[i].ok && region_level_of(cases[i].code) != cases[i].level)
			fail_msg("region_level_of(\"%s\") = %d, want %d", cases[i].code,
				 (int)region_level_of(cases[i].code), (int)cases[i].level);
	}
	assert_false(region_code_ok(NULL));
	assert_string_equal(region_level_name(REGION_NATION), "national");
	assert_string_equal(region_level_name(REGION_PROVINCE), "provincial");
	assert_string_equal(region_level_name(REGION_PREFECTURE), "municipal");
	assert_string_equal(region_level_name(REGION_COUNTY), "county");
	assert_string_equal(region_level_name((enum region_level)99), "unknown");
}

static void test_region_parent(void **state)
{
	static const struct {
		const char *code, *parent;
	} cases[] = {
		{ "110105", "110100" }, { "110100", "110000" }, { "110000", "000000" },
		{ "440301", "440300" }, { "440300", "440000" }, { "650000", "000000" },
	};
	char out[REGION_LEN];

	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		memset(out, 'x', sizeof(out));
		assert_int_equal(region_parent(cases[i].code, out), 0);
		assert_string_equal(out, cases[i].parent);
	}
	memset(out, 'x', sizeof(out));
	assert_int_equal(region_parent("000000", out), -1);
	/* walking up always ends at the nation in at most three steps */
	{
		char cur[REGION_LEN] = "320506";
		int steps = 0;
		while (region_parent(cur, out) == 0) {
			assert_true(region_contains(out, cur));
			memcpy(cur, out, REGION_LEN);
			steps++;
		}
		assert_int_equal(steps, 3);
		assert_string_equal(cur, REGION_NATIONAL);
	}
}

static void test_region_contains(void **state)
{
	static const struct {
		const char *outer, *inner;
		int in;
	} cases[] = {
		{ "000000", "000000", 1 }, { "000000", "110000", 1 }, { "000000", "110105", 1 },
		{ "000000", "650000", 1 }, { "110000", "110000", 1 }, { "110000", "110100", 1 },
		{ "110000", "110105", 1 }, { "110000", "120000", 0 }, { "110000", "120100", 0 },
		{ "110000", "000000", 0 }, { "110000", "111000", 1 }, { "110100", "110100", 1 },
		{ "110100", "110105", 1 }, { "110100", "110000", 0 }, { "110100", "110200", 0 },
		{ "110100", "110205", 0 }, { "110100", "000000", 0 }, { "110105", "110105", 1 },
		{ "110105", "110106", 0 }, { "110105", "110100", 0 }, { "110105", "110000", 0 },
		{ "110105", "000000", 0 }, { "320500", "320506", 1 }, { "320500", "320000", 0 },
		{ "110000", "101000", 0 },
	};
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		if (region_contains(cases[i].outer, cases[i].inner) != cases[i].in) {
			print_error("region_contains(%s, %s) != %d\n", cases[i].outer,
				    cases[i].inner, cases[i].in);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* ---- labels ---- */

static void test_level_names(void **state)
{
	static const struct {
		enum level level;
		const char *name, *zh;
	} cases[] = {
		{ LEVEL_PUBLIC, "public", "公开" },
		{ LEVEL_INTERNAL, "internal", "内部" },
		{ LEVEL_CONFIDENTIAL, "confidential", "秘密" },
		{ LEVEL_SECRET, "secret", "机密" },
		{ LEVEL_TOP_SECRET, "top_secret", "绝密" },
	};
	static const char *const bad[] = { "",		 "TOP_SECRET", "Secret", "secret ",
					   "top-secret", "绝密",       "5",	 "unknown" };
	enum level l;

	(void)state;
	assert_int_equal(N_ELEMS(cases), LEVEL_COUNT);
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		assert_string_equal(level_name(cases[i].level), cases[i].name);
		assert_string_equal(level_name_zh(cases[i].level), cases[i].zh);
		assert_int_equal(level_parse(cases[i].name, &l), 0);
		assert_int_equal(l, cases[i].level);
	}
	/* the order of the law: 绝密 > 机密 > 秘密 */
	assert_true(LEVEL_TOP_SECRET > LEVEL_SECRET);
	assert_true(LEVEL_SECRET > LEVEL_CONFIDENTIAL);
	assert_true(LEVEL_CONFIDENTIAL > LEVEL_INTERNAL);
	assert_true(LEVEL_INTERNAL > LEVEL_PUBLIC);
	for (size_t i = 0; i < N_ELEMS(bad); i++) {
		l = LEVEL_SECRET;
		assert_int_equal(level_parse(bad[i], &l), BM_EINVAL);
		assert_int_equal(l, LEVEL_SECRET);
	}
	assert_int_equal(level_parse(NULL, &l), BM_EINVAL);
	assert_string_equal(level_name((enum level)LEVEL_COUNT), "unknown");
	assert_string_equal(level_name((enum level) - 1), "unknown");
	assert_string_equal(level_name_zh((enum level)7), "未知");
}

static void test_compartment_names(void **state)
{
	static const struct {
		const char *name;
		int ok;
	} cases[] = {
		{ "a", 1 },
		{ "nuclear", 1 },
		{ "crypto_2", 1 },
		{ "x-y", 1 },
		{ "0", 1 },
		{ "abcdefghijklmnopqrstuvwxyz012345", 1 },  /* 32 */
		{ "abcdefghijklmnopqrstuvwxyz0123456", 0 }, /* 33 */
		{ "", 0 },
		{ "A", 0 },
		{ "Nuclear", 0 },
		{ "has space", 0 },
		{ "a,b", 0 },
		{ "a.b", 0 },
		{ "a/b", 0 },
		{ "核", 0 },
		{ "a\n", 0 },
	};

	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++)
		if (compartment_name_ok(cases[i].name) != cases[i].ok)
			fail_msg("compartment_name_ok(\"%s\") != %d", cases[i].name, cases[i].ok);
}

static void test_compartments_add(void **state)
{
	struct compartments c;
	char name[COMPARTMENT_NAMELEN];
	char text[COMPARTMENTS_TEXT_MAX];

	(void)state;
	compartments_init(&c);
	assert_int_equal(c.n, 0);
	assert_int_equal(compartments_add(&c, "zeta"), 0);
	assert_int_equal(compartments_add(&c, "alpha"), 0);
	assert_int_equal(compartments_add(&c, "mid"), 0);
	assert_int_equal(compartments_add(&c, "alpha"), 0); /* duplicate: no change */
	assert_int_equal(compartments_add(&c, "zeta"), 0);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.name[0], "alpha");
	assert_string_equal(c.name[1], "mid");
	assert_string_equal(c.name[2], "zeta");
	assert_int_equal(compartments_add(&c, "Bad"), BM_EINVAL);
	assert_int_equal(compartments_add(&c, ""), BM_EINVAL);
	assert_int_equal(c.n, 3);
	compartments_format(&c, text, sizeof(text));
	assert_string_equal(text, "alpha,mid,zeta");

	/* the limit: 16 compartments, in any insertion order, then no more */
	compartments_init(&c);
	for (int i = COMPARTMENT_MAX - 1; i >= 0; i--) {
		snprintf(name, sizeof(name), "c%02d", i);
		assert_int_equal(compartments_add(&c, name), 0);
	}
	assert_int_equal(c.n, COMPARTMENT_MAX);
	for (unsigned i = 0; i < c.n; i++) {
		snprintf(name, sizeof(name), "c%02u", i);
		assert_string_equal(c.name[i], name);
	}
	assert_int_equal(compartments_add(&c, "c99"), BM_EINVAL);
	assert_int_equal(compartments_add(&c, "a"), BM_EINVAL);
	assert_int_equal(compartments_add(&c, "c05"), 0); /* already there: fine */
	assert_int_equal(c.n, COMPARTMENT_MAX);
	assert_string_equal(c.name[COMPARTMENT_MAX - 1], "c15");
}

static void test_compartments_parse_format(void **state)
{
	static const struct {
		const char *in;
		int rc;
		const char *canon;
	} cases[] = {
		{ "", 0, "" },
		{ "a", 0, "a" },
		{ "b,a", 0, "a,b" },
		{ "b,a,b,a", 0, "a,b" },
		{ "nuclear,crypto,space", 0, "crypto,nuclear,space" },
		{ "x-1,x_1,x1", 0, "x-1,x1,x_1" },
		{ "a,,b", BM_EINVAL, "" },
		{ ",a", BM_EINVAL, "" },
		{ "a,", BM_EINVAL, "" },
		{ ",", BM_EINVAL, "" },
		{ "A", BM_EINVAL, "" },
		{ "a, b", BM_EINVAL, "" },
		{ "a;b", BM_EINVAL, "" },
		{ "abcdefghijklmnopqrstuvwxyz0123456", BM_EINVAL, "" },
	};
	struct compartments c, back;
	char text[COMPARTMENTS_TEXT_MAX];
	char big[COMPARTMENTS_TEXT_MAX + 64];
	size_t off = 0;

	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		int rc = compartments_parse(&c, cases[i].in);
		if (rc != cases[i].rc)
			fail_msg("compartments_parse(\"%s\") = %d, want %d", cases[i].in, rc,
				 cases[i].rc);
		if (rc != 0)
			continue;
		compartments_format(&c, text, sizeof(text));
		assert_string_equal(text, cases[i].canon);
		assert_int_equal(compartments_parse(&back, text), 0);
		assert_int_equal(back.n, c.n);
		assert_memory_equal(&back, &c, sizeof(c));
	}
	assert_int_equal(compartments_parse(&c, NULL), 0);
	assert_int_equal(c.n, 0);

	/* the largest set: 16 names of 32 characters fits the text form exactly */
	big[0] = '\0';
	for (int i = 0; i < COMPARTMENT_MAX; i++) {
		int w = snprintf(big + off, sizeof(big) - off, "%s%02d%s", i ? "," : "", i,
				 "abcdefghijklmnopqrstuvwxyz0123");
		assert_true(w > 0);
		off += (size_t)w;
	}
	assert_int_equal(strlen(big), COMPARTMENTS_TEXT_MAX - 1);
	assert_int_equal(compartments_parse(&c, big), 0);
	assert_int_equal(c.n, COMPARTMENT_MAX);
	compartments_format(&c, text, sizeof(text));
	assert_string_equal(text, big);
	/* one more is refused */
	off = strlen(big);
	snprintf(big + off, sizeof(big) - off, ",zz");
	assert_int_equal(compartments_parse(&c, big), BM_EINVAL);
	/* a too-small output is cut at a name boundary, never mid-name */
	assert_int_equal(compartments_parse(&c, "aa,bb,cc"), 0);
	compartments_format(&c, text, 6);
	assert_string_equal(text, "aa,bb");
	compartments_format(&c, text, 5);
	assert_string_equal(text, "aa");
	compartments_format(&c, text, 1);
	assert_string_equal(text, "");
}

static void test_label_dominance(void **state)
{
	static const struct {
		enum level cl;
		const char *cc;
		enum level ol;
		const char *oc;
		int dom;
	} cases[] = {
		{ LEVEL_PUBLIC, "", LEVEL_PUBLIC, "", 1 },
		{ LEVEL_INTERNAL, "", LEVEL_PUBLIC, "", 1 },
		{ LEVEL_PUBLIC, "", LEVEL_INTERNAL, "", 0 },
		{ LEVEL_SECRET, "", LEVEL_SECRET, "", 1 },
		{ LEVEL_SECRET, "", LEVEL_TOP_SECRET, "", 0 },
		{ LEVEL_TOP_SECRET, "", LEVEL_CONFIDENTIAL, "", 1 },
		{ LEVEL_CONFIDENTIAL, "", LEVEL_SECRET, "", 0 },
		{ LEVEL_TOP_SECRET, "", LEVEL_SECRET, "nuclear", 0 },
		{ LEVEL_TOP_SECRET, "nuclear", LEVEL_SECRET, "nuclear", 1 },
		{ LEVEL_SECRET, "nuclear", LEVEL_TOP_SECRET, "nuclear", 0 },
		{ LEVEL_SECRET, "crypto,nuclear", LEVEL_SECRET, "nuclear", 1 },
		{ LEVEL_SECRET, "nuclear", LEVEL_SECRET, "crypto,nuclear", 0 },
		{ LEVEL_SECRET, "crypto,nuclear,space", LEVEL_SECRET, "crypto,space", 1 },
		{ LEVEL_SECRET, "a,c,e", LEVEL_SECRET, "b", 0 },
		{ LEVEL_SECRET, "a,c,e", LEVEL_SECRET, "f", 0 },
		{ LEVEL_SECRET, "a,c,e", LEVEL_SECRET, "0", 0 },
		{ LEVEL_SECRET, "a,c,e", LEVEL_SECRET, "a,e", 1 },
		{ LEVEL_SECRET, "nuclear", LEVEL_PUBLIC, "", 1 },
		{ LEVEL_PUBLIC, "nuclear", LEVEL_PUBLIC, "nuclear", 1 },
		{ LEVEL_PUBLIC, "", LEVEL_PUBLIC, "nuclear", 0 },
	};
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		struct label c, o;
		c.level = cases[i].cl;
		o.level = cases[i].ol;
		assert_int_equal(compartments_parse(&c.comps, cases[i].cc), 0);
		assert_int_equal(compartments_parse(&o.comps, cases[i].oc), 0);
		if (label_dominates(&c, &o) != cases[i].dom) {
			print_error("case %zu: %s{%s} dominates %s{%s} != %d\n", i,
				    level_name(c.level), cases[i].cc, level_name(o.level),
				    cases[i].oc, cases[i].dom);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
	/* every level pair without compartments: dominance is >= */
	for (int a = 0; a < LEVEL_COUNT; a++) {
		for (int b = 0; b < LEVEL_COUNT; b++) {
			struct label c, o;
			c.level = (enum level)a;
			o.level = (enum level)b;
			compartments_init(&c.comps);
			compartments_init(&o.comps);
			assert_int_equal(label_dominates(&c, &o), a >= b);
		}
	}
}

/* ---- roles ---- */

static void test_role_names(void **state)
{
	static const char *const names[ROLE_COUNT] = {
		"system_admin", "security_admin", "security_auditor", "reviewer",    "expert",
		"approver",	"inspector",	  "unit_officer",     "unit_member",
	};
	enum role r;

	(void)state;
	for (int i = 0; i < ROLE_COUNT; i++) {
		assert_string_equal(role_name((enum role)i), names[i]);
		assert_int_equal(role_parse(names[i], &r), 0);
		assert_int_equal(r, i);
	}
	r = ROLE_EXPERT;
	assert_int_equal(role_parse("System_Admin", &r), BM_EINVAL);
	assert_int_equal(role_parse("", &r), BM_EINVAL);
	assert_int_equal(role_parse("admin", &r), BM_EINVAL);
	assert_int_equal(role_parse("reviewer ", &r), BM_EINVAL);
	assert_int_equal(role_parse(NULL, &r), BM_EINVAL);
	assert_int_equal(r, ROLE_EXPERT);
	assert_string_equal(role_name((enum role)ROLE_COUNT), "unknown");
	assert_int_equal(ROLES_ALL, ROLES_ADMIN | ROLES_BUREAU | ROLES_UNIT);
	assert_int_equal(ROLES_ADMIN & ROLES_BUREAU, 0);
	assert_int_equal(ROLES_ADMIN & ROLES_UNIT, 0);
	assert_int_equal(ROLES_BUREAU & ROLES_UNIT, 0);
}

static void test_roles_admin_pairs(void **state)
{
	static const enum role admins[] = { ROLE_SYSTEM_ADMIN, ROLE_SECURITY_ADMIN,
					    ROLE_SECURITY_AUDITOR };
	static const enum membership ms[] = { MEMBER_NONE, MEMBER_AUTHORITY, MEMBER_UNIT };

	(void)state;
	for (size_t m = 0; m < N_ELEMS(ms); m++) {
		for (size_t i = 0; i < N_ELEMS(admins); i++) {
			/* one administrator role alone is fine with any membership */
			assert_int_equal(roles_check(ROLE_BIT(admins[i]), ms[m]), ROLES_OK);
			for (size_t j = 0; j < N_ELEMS(admins); j++) {
				unsigned mask = ROLE_BIT(admins[i]) | ROLE_BIT(admins[j]);
				if (i == j)
					continue;
				if (roles_check(mask, ms[m]) != ROLES_TWO_ADMIN)
					fail_msg("%s + %s (membership %d) not refused",
						 role_name(admins[i]), role_name(admins[j]),
						 (int)ms[m]);
				/* also when other roles come along */
				assert_int_equal(roles_check(mask | ROLE_BIT(ROLE_REVIEWER), ms[m]),
						 ROLES_TWO_ADMIN);
			}
		}
		assert_int_equal(roles_check(ROLES_ADMIN, ms[m]), ROLES_TWO_ADMIN);
		assert_int_equal(roles_check(ROLES_ALL, ms[m]), ROLES_TWO_ADMIN);
	}
}

static void test_roles_table(void **state)
{
	static const struct {
		unsigned mask;
		enum membership m;
		enum role_check want;
	} cases[] = {
		{ 0, MEMBER_NONE, ROLES_OK },
		{ 0, MEMBER_AUTHORITY, ROLES_OK },
		{ 0, MEMBER_UNIT, ROLES_OK },
		/* administrators with unit roles */
		{ ROLE_BIT(ROLE_SYSTEM_ADMIN) | ROLE_BIT(ROLE_UNIT_MEMBER), MEMBER_UNIT,
		  ROLES_ADMIN_WITH_UNIT },
		{ ROLE_BIT(ROLE_SECURITY_ADMIN) | ROLE_BIT(ROLE_UNIT_OFFICER), MEMBER_UNIT,
		  ROLES_ADMIN_WITH_UNIT },
		{ ROLE_BIT(ROLE_SECURITY_AUDITOR) | ROLE_BIT(ROLE_UNIT_MEMBER), MEMBER_NONE,
		  ROLES_ADMIN_WITH_UNIT },
		{ ROLE_BIT(ROLE_SYSTEM_ADMIN) | ROLES_UNIT, MEMBER_AUTHORITY,
		  ROLES_ADMIN_WITH_UNIT },
		/* bureau roles need an authority */
		{ ROLE_BIT(ROLE_REVIEWER), MEMBER_AUTHORITY, ROLES_OK },
		{ ROLES_BUREAU, MEMBER_AUTHORITY, ROLES_OK },
		{ ROLE_BIT(ROLE_REVIEWER), MEMBER_NONE, ROLES_BUREAU_NEEDS_AUTH },
		{ ROLE_BIT(ROLE_EXPERT), MEMBER_UNIT, ROLES_BUREAU_NEEDS_AUTH },
		{ ROLE_BIT(ROLE_APPROVER), MEMBER_NONE, ROLES_BUREAU_NEEDS_AUTH },
		{ ROLE_BIT(ROLE_INSPECTOR), MEMBER_UNIT, ROLES_BUREAU_NEEDS_AUTH },
		{ ROLE_BIT(ROLE_SYSTEM_ADMIN) | ROLE_BIT(ROLE_INSPECTOR), MEMBER_AUTHORITY,
		  ROLES_OK },
		{ ROLE_BIT(ROLE_SYSTEM_ADMIN) | ROLE_BIT(ROLE_INSPECTOR), MEMBER_NONE,
		  ROLES_BUREAU_NEEDS_AUTH },
		/* unit roles need a unit */
		{ ROLE_BIT(ROLE_UNIT_MEMBER), MEMBER_UNIT, ROLES_OK },
		{ ROLES_UNIT, MEMBER_UNIT, ROLES_OK },
		{ ROLE_BIT(ROLE_UNIT_MEMBER), MEMBER_NONE, ROLES_UNIT_NEEDS_UNIT },
		{ ROLE_BIT(ROLE_UNIT_OFFICER), MEMBER_AUTHORITY, ROLES_UNIT_NEEDS_UNIT },
		/* bureau and unit roles together can never be satisfied */
		{ ROLE_BIT(ROLE_REVIEWER) | ROLE_BIT(ROLE_UNIT_MEMBER), MEMBER_UNIT,
		  ROLES_BUREAU_NEEDS_AUTH },
		{ ROLE_BIT(ROLE_REVIEWER) | ROLE_BIT(ROLE_UNIT_MEMBER), MEMBER_AUTHORITY,
		  ROLES_UNIT_NEEDS_UNIT },
	};
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		enum role_check got = roles_check(cases[i].mask, cases[i].m);
		if (got != cases[i].want) {
			print_error("case %zu: roles_check(0x%x, %d) = %d, want %d\n", i,
				    cases[i].mask, (int)cases[i].m, (int)got, (int)cases[i].want);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
	/* every result has its own message */
	for (int a = ROLES_OK; a <= ROLES_UNIT_NEEDS_UNIT; a++) {
		assert_true(strlen(roles_check_message((enum role_check)a)) > 0);
		for (int b = ROLES_OK; b < a; b++)
			assert_string_not_equal(roles_check_message((enum role_check)a),
						roles_check_message((enum role_check)b));
	}
}

/* ---- password policy ---- */

/* Thirteen areas, each with a unique code of [a-z_], both names and a source; the
 * lookup finds each and nothing else. */
static void test_areas(void **state)
{
	(void)state;
	for (int i = 0; i < AREA_COUNT; i++) {
		assert_non_null(areas[i].code);
		assert_true(strspn(areas[i].code, "abcdefghijklmnopqrstuvwxyz_") ==
			    strlen(areas[i].code));
		assert_true(areas[i].zh[0] != '\0' && areas[i].en[0] != '\0');
		assert_true(strncmp(areas[i].source, "domain.md", 9) == 0);
		assert_int_equal(area_index(areas[i].code), i);
	}
	assert_int_equal(area_index("Organisation"), -1);
	assert_int_equal(area_index(""), -1);
	assert_int_equal(area_index("organisation "), -1);
}

static void test_password_policy(void **state)
{
	char long256[PASSWORD_MAX_BYTES + 2];
	char cjk[3 * 90 + 1];
	struct {
		const char *name;
		const char *pw, *login;
		enum password_check want;
	} cases[] = {
		{ "12 ascii", "abcdefghijkl", "alice", PW_OK },
		{ "11 ascii", "abcdefghijk", "alice", PW_TOO_SHORT },
		{ "empty", "", "alice", PW_TOO_SHORT },
		{ "12 cjk", "保密资格审查认定办法条例", "alice", PW_OK },
		{ "11 cjk (33 bytes)", "保密资格审查认定办法条", "alice", PW_TOO_SHORT },
		{ "mixed 12", "保密abcdefghij", "alice", PW_OK },
		{ "4-byte chars",
		  "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80"
		  "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80"
		  "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80"
		  "\xf0\x9f\x98\x80\xf0\x9f\x98\x80",
		  "alice", PW_TOO_SHORT },
		{ "equals login", "alice.wang.01", "alice.wang.01", PW_EQUALS_LOGIN },
		{ "equals login other case", "ALICE.Wang.01", "alice.wang.01", PW_EQUALS_LOGIN },
		{ "contains login", "alice.wang.01!", "alice.wang.01", PW_OK },
		{ "no login", "alice.wang.01", NULL, PW_OK },
		{ "newline", "abcdef\nghijkl", "alice", PW_BAD_TEXT },
		{ "tab", "abcdef\tghijkl", "alice", PW_BAD_TEXT },
		{ "escape", "abcdef\x1bghijkl", "alice", PW_BAD_TEXT },
		{ "DEL", "abcdefghijkl\x7f", "alice", PW_BAD_TEXT },
		{ "invalid utf-8", "abcdefghijkl\xff", "alice", PW_BAD_TEXT },
		{ "overlong", "abcdefghijkl\xc0\xaf", "alice", PW_BAD_TEXT },
		{ "surrogate", "abcdefghijkl\xed\xa0\x80", "alice", PW_BAD_TEXT },
		{ "256 bytes", long256, "alice", PW_OK },
		{ "85 cjk (255 bytes)", cjk, "alice", PW_OK },
	};
	int bad = 0;

	(void)state;
	memset(long256, 'p', PASSWORD_MAX_BYTES);
	long256[PASSWORD_MAX_BYTES] = '\0';
	for (int i = 0; i < 85; i++)
		memcpy(cjk + 3 * i, "密", 3);
	cjk[3 * 85] = '\0';
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		enum password_check got = password_policy_check(cases[i].pw, cases[i].login);
		if (got != cases[i].want) {
			print_error("%s: %d, want %d\n", cases[i].name, (int)got,
				    (int)cases[i].want);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
	/* one byte more than 256 is too long, however it is made up */
	long256[PASSWORD_MAX_BYTES] = 'p';
	long256[PASSWORD_MAX_BYTES + 1] = '\0';
	assert_int_equal(password_policy_check(long256, "alice"), PW_TOO_LONG);
	for (int i = 85; i < 86; i++)
		memcpy(cjk + 3 * i, "密", 3);
	cjk[3 * 86] = '\0'; /* 258 bytes */
	assert_int_equal(password_policy_check(cjk, "alice"), PW_TOO_LONG);
	assert_string_equal(password_policy_message(PW_OK), "ok");
	for (int a = PW_TOO_SHORT; a <= PW_EQUALS_LOGIN; a++)
		assert_true(strlen(password_policy_message((enum password_check)a)) > 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uscc_valid),
		cmocka_unit_test(test_uscc_every_wrong_check),
		cmocka_unit_test(test_uscc_bad_chars),
		cmocka_unit_test(test_uscc_lengths),
		cmocka_unit_test(test_region_shape),
		cmocka_unit_test(test_region_parent),
		cmocka_unit_test(test_region_contains),
		cmocka_unit_test(test_level_names),
		cmocka_unit_test(test_compartment_names),
		cmocka_unit_test(test_compartments_add),
		cmocka_unit_test(test_compartments_parse_format),
		cmocka_unit_test(test_label_dominance),
		cmocka_unit_test(test_role_names),
		cmocka_unit_test(test_roles_admin_pairs),
		cmocka_unit_test(test_roles_table),
		cmocka_unit_test(test_password_policy),
		cmocka_unit_test(test_areas),
	};

	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
