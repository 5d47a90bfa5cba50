/*
 * test_fieldspec.c - unit tests of the one decoder for request bodies and query
 * strings: every field type, required and unknown fields, nested objects (dotted
 * field names), arrays, NUL and invalid text, duplicate keys, and query strings with
 * percent-encoding, duplicates and bad escapes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "http/fieldspec.h"
#include "base/banned.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* A spec with every type, a nested object and an array. */

struct clearance_in {
	uint64_t present;
	int level;
	struct fs_strs compartments;
};

static const char *const levels[] = { "public", "internal",   "confidential",
				      "secret", "top_secret", NULL };

static const struct fs_field clearance_fields[] = {
	{ "level", FS_ENUM, FS_REQUIRED, offsetof(struct clearance_in, level), 0, 0, 0, levels,
	  NULL },
	{ "compartments", FS_STRS, 0, offsetof(struct clearance_in, compartments), 0, 3, 8, NULL,
	  NULL },
};
static const struct fs_spec clearance_spec = FS_SPEC(clearance_fields, struct clearance_in);

struct all_in {
	uint64_t present;
	const char *name;
	const char *note;
	int64_t count;
	int flag;
	int color;
	int32_t day;
	struct fs_strs tags;
	struct clearance_in *clearance;
	int64_t parent;
};

enum { F_NAME, F_NOTE, F_COUNT, F_FLAG, F_COLOR, F_DAY, F_TAGS, F_CLEARANCE, F_PARENT };

static const char *const colors[] = { "red", "green", "blue", NULL };

static const struct fs_field all_fields[] = {
	[F_NAME] = { "name", FS_STR, FS_REQUIRED, offsetof(struct all_in, name), 2, 5, 0, NULL,
		     NULL },
	[F_NOTE] = { "note", FS_STR, FS_MULTILINE, offsetof(struct all_in, note), 0, 20, 0, NULL,
		     NULL },
	[F_COUNT] = { "count", FS_INT, 0, offsetof(struct all_in, count), -5, 100, 0, NULL, NULL },
	[F_FLAG] = { "flag", FS_BOOL, 0, offsetof(struct all_in, flag), 0, 0, 0, NULL, NULL },
	[F_COLOR] = { "color", FS_ENUM, 0, offsetof(struct all_in, color), 0, 0, 0, colors, NULL },
	[F_DAY] = { "day", FS_DATE, 0, offsetof(struct all_in, day), 0, 0, 0, NULL, NULL },
	[F_TAGS] = { "tags", FS_STRS, 0, offsetof(struct all_in, tags), 1, 3, 4, NULL, NULL },
	[F_CLEARANCE] = { "clearance", FS_OBJ, 0, offsetof(struct all_in, clearance), 0, 0, 0, NULL,
			  &clearance_spec },
	[F_PARENT] = { "parent", FS_INT, FS_NULLABLE, offsetof(struct all_in, parent), 1, INT64_MAX,
		       0, NULL, NULL },
};
static const struct fs_spec all_spec = FS_SPEC(all_fields, struct all_in);

static int decode(const char *body, struct arena *a, struct all_in **out, struct bm_err *err)
{
	void *p = NULL;
	int rc;

	bm_err_clear(err);
	rc = fs_decode_body(&all_spec, body, strlen(body), a, &p, err);
	*out = p;
	return rc;
}

static void test_fs_full_body(void **state)
{
	struct arena a;
	struct all_in *in;
	struct bm_err err;
	int32_t day;

	(void)state;
	arena_init(&a, 1u << 16);
	assert_int_equal(decode("{\"name\":\"保密局\",\"note\":\"line 1\\nline\\t2\","
				"\"count\":-5,\"flag\":true,\"color\":\"blue\","
				"\"day\":\"2024-02-29\",\"tags\":[\"a\",\"bcde\",\"保密\"],"
				"\"clearance\":{\"level\":\"secret\",\"compartments\":"
				"[\"nuclear\"]},\"parent\":7}",
				&a, &in, &err),
			 0);
	assert_int_equal(in->present, (1u << 9) - 1);
	assert_string_equal(in->name, "保密局");
	assert_string_equal(in->note, "line 1\nline\t2");
	assert_int_equal(in->count, -5);
	assert_int_equal(in->flag, 1);
	assert_int_equal(in->color, 2);
	assert_int_equal(bm_date_parse("2024-02-29", &day), 0);
	assert_int_equal(in->day, day);
	assert_int_equal(in->tags.n, 3);
	assert_string_equal(in->tags.v[0], "a");
	assert_string_equal(in->tags.v[1], "bcde");
	assert_string_equal(in->tags.v[2], "保密");
	assert_non_null(in->clearance);
	assert_int_equal(in->clearance->present, 3);
	assert_int_equal(in->clearance->level, 3);
	assert_int_equal(in->clearance->compartments.n, 1);
	assert_string_equal(in->clearance->compartments.v[0], "nuclear");
	assert_int_equal(in->parent, 7);
	arena_release(&a);

	/* only the required field; the rest stay zero and absent */
	arena_init(&a, 1u << 16);
	assert_int_equal(decode("{\"name\":\"ab\"}", &a, &in, &err), 0);
	assert_int_equal(in->present, 1u << F_NAME);
	assert_true(FS_HAS(in, F_NAME));
	assert_false(FS_HAS(in, F_COUNT));
	assert_int_equal(in->count, 0);
	assert_null(in->note);
	assert_null(in->clearance);
	assert_int_equal(in->tags.n, 0);
	/* whitespace and key order do not matter */
	assert_int_equal(decode(" \n{ \"flag\" : false ,\t\"name\" : \"xyz\" } \n", &a, &in, &err),
			 0);
	assert_int_equal(in->present, (1u << F_NAME) | (1u << F_FLAG));
	assert_int_equal(in->flag, 0);
	/* null for a nullable integer: present, holding FS_NONE_INT */
	assert_int_equal(decode("{\"name\":\"ab\",\"parent\":null}", &a, &in, &err), 0);
	assert_true(FS_HAS(in, F_PARENT));
	assert_int_equal(in->parent, FS_NONE_INT);
	/* an empty array, when the minimum allows it */
	assert_int_equal(decode("{\"name\":\"ab\",\"clearance\":{\"level\":\"public\","
				"\"compartments\":[]}}",
				&a, &in, &err),
			 0);
	assert_int_equal(in->clearance->compartments.n, 0);
	arena_release(&a);
}

struct bad_case {
	const char *body;
	const char *field; /* the offending field reported, "" for the body itself; NULL: any */
	const char *ecode; /* NULL: any */
};

static void test_fs_body_errors(void **state)
{
	static const struct bad_case cases[] = {
		/* not an object, or not JSON */
		{ "", "", "malformed_json" },
		{ "{", "", "malformed_json" },
		{ "{\"name\":\"ab\",}", "", "malformed_json" },
		{ "{\"name\":'ab'}", "", "malformed_json" },
		{ "{\"name\":\"ab\"} {}", "", "malformed_json" },
		{ "[]", "", "invalid_type" },
		{ "[{\"name\":\"ab\"}]", "", "invalid_type" },
		{ "\"name\"", "", NULL },
		{ "42", "", NULL },
		{ "null", "", NULL },
		{ "true", "", NULL },
		/* duplicate keys, at the top and nested */
		{ "{\"name\":\"ab\",\"name\":\"cd\"}", "", "malformed_json" },
		{ "{\"name\":\"ab\",\"clearance\":{\"level\":\"public\",\"level\":\"secret\"}}", "",
		  "malformed_json" },
		/* NUL inside strings, raw or escaped, in values and keys */
		{ "{\"name\":\"a\\u0000b\"}", "", NULL },
		{ "{\"name\":\"ab\",\"tags\":[\"a\\u0000\"]}", "", NULL },
		{ "{\"na\\u0000me\":\"ab\"}", "", NULL },
		{ "{\"name\":\"ab\",\"color\":\"red\\u0000\"}", "", NULL },
		{ "{\"name\":\"ab\",\"day\":\"2024-01-01\\u0000\"}", "", NULL },
		/* invalid UTF-8 and lone surrogates */
		{ "{\"name\":\"a\xff"
		  "b\"}",
		  "", NULL },
		{ "{\"name\":\"\xc0\xaf\xc0\xaf\"}", "", NULL },
		{ "{\"name\":\"\\ud800ab\"}", "", NULL },
		{ "{\"name\":\"\\udc00ab\"}", "", NULL },
		/* required and unknown fields */
		{ "{}", "name", "missing_field" },
		{ "{\"count\":1}", "name", "missing_field" },
		{ "{\"name\":\"ab\",\"bogus\":1}", "bogus", "unknown_field" },
		{ "{\"bogus\":1,\"name\":\"ab\"}", "bogus", "unknown_field" },
		{ "{\"name\":\"ab\",\"Name\":\"ab\"}", "Name", "unknown_field" },
		{ "{\"name\":\"ab\",\"\":1}", "", "unknown_field" },
		{ "{\"name\":\"ab\",\"present\":1}", "present", "unknown_field" },
		/* strings: type, length in characters, text */
		{ "{\"name\":1}", "name", "invalid_type" },
		{ "{\"name\":null}", "name", "invalid_type" },
		{ "{\"name\":[\"ab\"]}", "name", "invalid_type" },
		{ "{\"name\":\"a\"}", "name", "invalid_length" },
		{ "{\"name\":\"abcdef\"}", "name", "invalid_length" },
		{ "{\"name\":\"保密资格认定\"}", "name", "invalid_length" },
		{ "{\"name\":\"a\\nb\"}", "name", "invalid_text" },
		{ "{\"name\":\"a\\tb\"}", "name", "invalid_text" },
		{ "{\"name\":\"a\\u001bb\"}", "name", "invalid_text" },
		{ "{\"name\":\"a\\u007fb\"}", "name", "invalid_text" },
		{ "{\"name\":\"ab\",\"note\":\"a\\u0001\"}", "note", "invalid_text" },
		{ "{\"name\":\"ab\",\"note\":\"123456789012345678901\"}", "note",
		  "invalid_length" },
		/* integers */
		{ "{\"name\":\"ab\",\"count\":101}", "count", "invalid_value" },
		{ "{\"name\":\"ab\",\"count\":-6}", "count", "invalid_value" },
		{ "{\"name\":\"ab\",\"count\":1.5}", "count", "invalid_type" },
		{ "{\"name\":\"ab\",\"count\":1.0}", "count", "invalid_type" },
		{ "{\"name\":\"ab\",\"count\":1e2}", "count", "invalid_type" },
		{ "{\"name\":\"ab\",\"count\":\"5\"}", "count", "invalid_type" },
		{ "{\"name\":\"ab\",\"count\":true}", "count", "invalid_type" },
		{ "{\"name\":\"ab\",\"count\":null}", "count", "invalid_type" },
		{ "{\"name\":\"ab\",\"count\":99999999999999999999}", "", "malformed_json" },
		{ "{\"name\":\"ab\",\"parent\":0}", "parent", "invalid_value" },
		{ "{\"name\":\"ab\",\"parent\":-1}", "parent", "invalid_value" },
		/* booleans */
		{ "{\"name\":\"ab\",\"flag\":1}", "flag", "invalid_type" },
		{ "{\"name\":\"ab\",\"flag\":\"true\"}", "flag", "invalid_type" },
		{ "{\"name\":\"ab\",\"flag\":null}", "flag", "invalid_type" },
		/* enums */
		{ "{\"name\":\"ab\",\"color\":\"RED\"}", "color", "invalid_value" },
		{ "{\"name\":\"ab\",\"color\":\"\"}", "color", "invalid_value" },
		{ "{\"name\":\"ab\",\"color\":\"red \"}", "color", "invalid_value" },
		{ "{\"name\":\"ab\",\"color\":0}", "color", "invalid_type" },
		/* dates */
		{ "{\"name\":\"ab\",\"day\":\"2026-02-29\"}", "day", "invalid_date" },
		{ "{\"name\":\"ab\",\"day\":\"2026-13-01\"}", "day", "invalid_date" },
		{ "{\"name\":\"ab\",\"day\":\"2026-1-1\"}", "day", "invalid_date" },
		{ "{\"name\":\"ab\",\"day\":\"2026-01-01T00:00:00Z\"}", "day", "invalid_date" },
		{ "{\"name\":\"ab\",\"day\":20260101}", "day", "invalid_type" },
		/* arrays: item count, item type and text, each item named */
		{ "{\"name\":\"ab\",\"tags\":[]}", "tags", "invalid_length" },
		{ "{\"name\":\"ab\",\"tags\":[\"a\",\"b\",\"c\",\"d\"]}", "tags",
		  "invalid_length" },
		{ "{\"name\":\"ab\",\"tags\":\"a\"}", "tags", "invalid_type" },
		{ "{\"name\":\"ab\",\"tags\":{}}", "tags", "invalid_type" },
		{ "{\"name\":\"ab\",\"tags\":[\"a\",1]}", "tags[1]", "invalid_type" },
		{ "{\"name\":\"ab\",\"tags\":[\"a\",null]}", "tags[1]", "invalid_type" },
		{ "{\"name\":\"ab\",\"tags\":[[\"a\"]]}", "tags[0]", "invalid_type" },
		{ "{\"name\":\"ab\",\"tags\":[\"a\",\"\"]}", "tags[1]", "invalid_length" },
		{ "{\"name\":\"ab\",\"tags\":[\"abcde\"]}", "tags[0]", "invalid_length" },
		{ "{\"name\":\"ab\",\"tags\":[\"a\",\"b\",\"c\\n\"]}", "tags[2]", "invalid_text" },
		/* nested objects: dotted names */
		{ "{\"name\":\"ab\",\"clearance\":{}}", "clearance.level", "missing_field" },
		{ "{\"name\":\"ab\",\"clearance\":{\"level\":\"x\"}}", "clearance.level",
		  "invalid_value" },
		{ "{\"name\":\"ab\",\"clearance\":{\"level\":3}}", "clearance.level",
		  "invalid_type" },
		{ "{\"name\":\"ab\",\"clearance\":{\"level\":\"public\",\"bogus\":1}}",
		  "clearance.bogus", "unknown_field" },
		{ "{\"name\":\"ab\",\"clearance\":{\"level\":\"public\",\"compartments\":"
		  "[\"a\",\"b\",\"c\",\"d\"]}}",
		  "clearance.compartments", "invalid_length" },
		{ "{\"name\":\"ab\",\"clearance\":{\"level\":\"public\",\"compartments\":"
		  "[\"a\",\"123456789\"]}}",
		  "clearance.compartments[1]", "invalid_length" },
		{ "{\"name\":\"ab\",\"clearance\":{\"level\":\"public\",\"compartments\":[7]}}",
		  "clearance.compartments[0]", "invalid_type" },
		{ "{\"name\":\"ab\",\"clearance\":[]}", "clearance", "invalid_type" },
		{ "{\"name\":\"ab\",\"clearance\":\"secret\"}", "clearance", "invalid_type" },
		{ "{\"name\":\"ab\",\"clearance\":null}", "clearance", "invalid_type" },
		{ "{\"name\":\"ab\",\"clearance\":{\"level\":\"public\",\"name\":\"ab\"}}",
		  "clearance.name", "unknown_field" },
	};
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		struct arena a;
		struct all_in *in;
		struct bm_err err;
		int rc;

		arena_init(&a, 1u << 16);
		rc = decode(cases[i].body, &a, &in, &err);
		if (rc != BM_EINVAL || err.code != BM_EINVAL) {
			print_error("case %zu %s: rc %d, want BM_EINVAL\n", i, cases[i].body, rc);
			bad++;
		} else if ((cases[i].field != NULL && strcmp(err.field, cases[i].field) != 0) ||
			   (cases[i].ecode != NULL && strcmp(err.ecode, cases[i].ecode) != 0)) {
			print_error("case %zu %s: field \"%s\" ecode %s, want \"%s\" %s\n", i,
				    cases[i].body, err.field, err.ecode,
				    cases[i].field != NULL ? cases[i].field : "(any)",
				    cases[i].ecode != NULL ? cases[i].ecode : "(any)");
			bad++;
		} else if (strlen(err.message) == 0) {
			print_error("case %zu: no message\n", i);
			bad++;
		}
		arena_release(&a);
	}
	assert_int_equal(bad, 0);
}

static void test_fs_body_binary(void **state)
{
	/* a NUL byte in the body itself (not escaped) */
	static const char body[] = "{\"name\":\"a\0b\"}";
	struct arena a;
	struct bm_err err;
	void *out;

	(void)state;
	arena_init(&a, 1u << 16);
	bm_err_clear(&err);
	assert_int_equal(fs_decode_body(&all_spec, body, sizeof(body) - 1, &a, &out, &err),
			 BM_EINVAL);
	/* the length given is the length used: a valid prefix is not enough */
	bm_err_clear(&err);
	assert_int_equal(fs_decode_body(&all_spec, "{\"name\":\"ab\"}garbage", 13, &a, &out, &err),
			 0);
	assert_int_equal(fs_decode_body(&all_spec, "{\"name\":\"ab\"}", 12, &a, &out, &err),
			 BM_EINVAL);
	arena_release(&a);
}

static void test_fs_arena_limit(void **state)
{
	struct arena a;
	struct bm_err err;
	void *out;
	const char *body = "{\"name\":\"abcde\",\"tags\":[\"aaaa\",\"bbbb\",\"cccc\"]}";

	(void)state;
	/* too small for the decoded struct: refused as too large, not crashed */
	arena_init(&a, 16);
	bm_err_clear(&err);
	assert_int_equal(fs_decode_body(&all_spec, body, strlen(body), &a, &out, &err), BM_ETOOBIG);
	arena_release(&a);
	/* every size in between fails as too large, with the same code returned and
	 * recorded, or succeeds */
	{
		int bad = 0, ok = 0;
		for (size_t lim = 16; lim < 1024; lim += 16) {
			int rc;
			arena_init(&a, lim);
			bm_err_clear(&err);
			rc = fs_decode_body(&all_spec, body, strlen(body), &a, &out, &err);
			arena_release(&a);
			if (rc == 0) {
				ok++;
			} else if (rc != BM_ETOOBIG || err.code != BM_ETOOBIG) {
				print_error("arena limit %zu: rc %d, err.code %d (%s), want %d\n",
					    lim, rc, err.code, err.field, BM_ETOOBIG);
				bad++;
			}
		}
		assert_true(ok > 0);
		assert_int_equal(bad, 0);
	}
}

/* ---- query strings ---- */

struct query_in {
	uint64_t present;
	const char *q;
	int64_t limit;
	int flag;
	int color;
	int32_t day;
	struct fs_strs tags;
	const char *empty_ok;
};

static const struct fs_field query_fields[] = {
	{ "q", FS_STR, 0, offsetof(struct query_in, q), 1, 10, 0, NULL, NULL },
	{ "limit", FS_INT, 0, offsetof(struct query_in, limit), 1, 200, 0, NULL, NULL },
	{ "flag", FS_BOOL, 0, offsetof(struct query_in, flag), 0, 0, 0, NULL, NULL },
	{ "color", FS_ENUM, 0, offsetof(struct query_in, color), 0, 0, 0, colors, NULL },
	{ "day", FS_DATE, 0, offsetof(struct query_in, day), 0, 0, 0, NULL, NULL },
	{ "tags", FS_STRS, 0, offsetof(struct query_in, tags), 0, 3, 4, NULL, NULL },
	{ "e", FS_STR, 0, offsetof(struct query_in, empty_ok), 0, 10, 0, NULL, NULL },
};
static const struct fs_spec query_spec = FS_SPEC(query_fields, struct query_in);

static int qdecode(const char *query, struct arena *a, struct query_in **out, struct bm_err *err)
{
	void *p = NULL;
	int rc;

	bm_err_clear(err);
	rc = fs_decode_query(&query_spec, query, strlen(query), a, &p, err);
	*out = p;
	return rc;
}

static void test_fs_query_ok(void **state)
{
	struct arena a;
	struct query_in *in;
	struct bm_err err;
	int32_t day;

	(void)state;
	arena_init(&a, 1u << 16);
	assert_int_equal(
		qdecode("q=abc&limit=50&flag=true&color=green&day=2026-11-21", &a, &in, &err), 0);
	assert_int_equal(in->present, 0x1f);
	assert_string_equal(in->q, "abc");
	assert_int_equal(in->limit, 50);
	assert_int_equal(in->flag, 1);
	assert_int_equal(in->color, 1);
	assert_int_equal(bm_date_parse("2026-11-21", &day), 0);
	assert_int_equal(in->day, day);

	static const struct {
		const char *query, *q;
	} strs[] = {
		{ "q=%E4%BF%9D%E5%AF%86", "保密" },
		{ "q=%e4%bf%9d%e5%af%86", "保密" },
		{ "q=a+b", "a b" },
		{ "q=a%2Bb", "a+b" },
		{ "q=a%20b", "a b" },
		{ "q=%26%3D%25", "&=%" },
		{ "q=a=b", "a=b" },
		{ "%71=x", "x" },
		{ "&&q=x&", "x" },
		{ "q=x&", "x" },
		{ "q=保密", "保密" },
	};
	for (size_t i = 0; i < N_ELEMS(strs); i++) {
		if (qdecode(strs[i].query, &a, &in, &err) != 0)
			fail_msg("%s refused: %s %s", strs[i].query, err.field, err.message);
		assert_string_equal(in->q, strs[i].q);
		assert_int_equal(in->present, 1);
	}
	/* an empty query, and a name without a value */
	assert_int_equal(qdecode("", &a, &in, &err), 0);
	assert_int_equal(in->present, 0);
	assert_int_equal(qdecode("&", &a, &in, &err), 0);
	assert_int_equal(in->present, 0);
	assert_int_equal(qdecode("e", &a, &in, &err), 0);
	assert_string_equal(in->empty_ok, "");
	assert_int_equal(qdecode("e=", &a, &in, &err), 0);
	assert_string_equal(in->empty_ok, "");
	assert_int_equal(qdecode("flag=false", &a, &in, &err), 0);
	assert_int_equal(in->flag, 0);
	assert_true(FS_HAS(in, 2));
	/* the length given is the length used */
	{
		void *p;
		bm_err_clear(&err);
		assert_int_equal(fs_decode_query(&query_spec, "q=abc&limit=x", 5, &a, &p, &err), 0);
		in = p;
		assert_string_equal(in->q, "abc");
		assert_int_equal(in->present, 1);
	}
	arena_release(&a);
}

static void test_fs_query_errors(void **state)
{
	static const struct bad_case cases[] = {
		/* duplicates, also spelled differently */
		{ "q=a&q=b", "q", "duplicate_field" },
		{ "q=a&%71=b", "q", "duplicate_field" },
		{ "limit=1&limit=1", "limit", "duplicate_field" },
		/* bad escapes */
		{ "q=%", "", "malformed_query" },
		{ "q=%4", "", "malformed_query" },
		{ "q=a%", "", "malformed_query" },
		{ "q=%zz", "", "malformed_query" },
		{ "q=%4g", "", "malformed_query" },
		{ "q=%g4", "", "malformed_query" },
		{ "q=%%41", "", "malformed_query" },
		{ "q%=a", "", "malformed_query" },
		/* NUL, control characters and invalid UTF-8, however encoded */
		{ "q=a%00b", "", "malformed_query" },
		{ "q=a%0Ab", "q", "malformed_query" },
		{ "q=a%09b", "q", "malformed_query" },
		{ "q=a%7Fb", "q", "malformed_query" },
		{ "q=%FF", "q", "malformed_query" },
		{ "q=%C0%AF", "q", "malformed_query" },
		{ "q=%ED%A0%80", "q", "malformed_query" },
		{ "q=%E4%BF", "q", "malformed_query" },
		{ "q%0A=a", NULL, "malformed_query" },
		{ "%FF=a", NULL, "malformed_query" },
		/* unknown names */
		{ "bogus=1", "bogus", "unknown_field" },
		{ "Q=a", "Q", "unknown_field" },
		{ "=a", "", "unknown_field" },
		{ "q.x=a", "q.x", "unknown_field" },
		/* values converted by type */
		{ "q=", "q", "invalid_length" },
		{ "q", "q", "invalid_length" },
		{ "q=12345678901", "q", "invalid_length" },
		{ "limit=0", "limit", "invalid_value" },
		{ "limit=201", "limit", "invalid_value" },
		{ "limit=abc", "limit", "invalid_value" },
		{ "limit=", "limit", "invalid_value" },
		{ "limit", "limit", "invalid_value" },
		{ "limit=+5", "limit", "invalid_value" },
		{ "limit=%205", "limit", "invalid_value" },
		{ "limit=5+", "limit", "invalid_value" },
		{ "limit=0x10", "limit", "invalid_value" },
		{ "limit=1.5", "limit", "invalid_value" },
		{ "limit=99999999999999999999", "limit", "invalid_value" },
		{ "flag=1", "flag", "invalid_value" },
		{ "flag=TRUE", "flag", "invalid_value" },
		{ "flag=", "flag", "invalid_value" },
		{ "flag", "flag", "invalid_value" },
		{ "color=RED", "color", "invalid_value" },
		{ "color=", "color", "invalid_value" },
		{ "day=2026-02-29", "day", "invalid_date" },
		{ "day=yesterday", "day", "invalid_date" },
		/* arrays cannot come from a query */
		{ "tags=a", "tags", "invalid_field" },
	};
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		struct arena a;
		struct query_in *in;
		struct bm_err err;
		int rc;

		arena_init(&a, 1u << 16);
		rc = qdecode(cases[i].body, &a, &in, &err);
		if (rc != BM_EINVAL) {
			print_error("case %zu %s: rc %d, want BM_EINVAL\n", i, cases[i].body, rc);
			bad++;
		} else if ((cases[i].field != NULL && strcmp(err.field, cases[i].field) != 0) ||
			   strcmp(err.ecode, cases[i].ecode) != 0) {
			print_error("case %zu %s: field \"%s\" ecode %s, want \"%s\" %s\n", i,
				    cases[i].body, err.field, err.ecode,
				    cases[i].field != NULL ? cases[i].field : "(any)",
				    cases[i].ecode);
			bad++;
		}
		arena_release(&a);
	}
	assert_int_equal(bad, 0);
}

/*
 * Whatever the input, the error's field and message are valid UTF-8 text: they go
 * into the JSON error response, and a string jansson refuses there turns a 400 into
 * a failure to answer at all. Long non-ASCII keys must not be cut inside a character.
 */
static void test_fs_error_text_is_utf8(void **state)
{
	char key[512], body[1024], query[1024];
	const char *bodies[7];
	const char *queries[3];
	int bad = 0;
	size_t o = 0;

	(void)state;
	for (int i = 0; i < 40; i++) {
		memcpy(key + o, "保", 3);
		o += 3;
	}
	key[o] = '\0';
	snprintf(body, sizeof(body), "{\"%s\":1}", key);
	bodies[0] = body;
	bodies[1] = "{\"name\":\"ab\",\"clearance\":{\"level\":\"public\",\"密密密密密密密密密密"
		    "密密密密密密密密密密密密密密密密密密密密密密密密密密密密\":1}}";
	bodies[2] = "{\"name\":\"ab\",\"tags\":[\"a\",\"b\",\"c\",\"d\"],\"x\":1}";
	bodies[3] = "{\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\":1}";
	/* jansson's own error text quotes the bytes near the error, cut inside a
	 * character when an invalid escape precedes a CJK character */
	bodies[4] = "{\"name\":\"\\保\"}";
	bodies[5] = "{\"name\":\"a\\u保\"}";
	bodies[6] = "{\"name\":\"line 1\\\xf0\x9f\x98\x80\"}";
	snprintf(query, sizeof(query), "%s=1",
		 "%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D"
		 "%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D%E4%BF%9D");
	queries[0] = query;
	queries[1] = "%FF=a";
	queries[2] = "q%C3=a";
	for (size_t i = 0; i < N_ELEMS(bodies); i++) {
		struct arena a;
		struct bm_err err;
		void *out;
		int rc;

		arena_init(&a, 1u << 16);
		bm_err_clear(&err);
		rc = fs_decode_body(&all_spec, bodies[i], strlen(bodies[i]), &a, &out, &err);
		assert_int_equal(rc, BM_EINVAL);
		if (!bm_text_ok(err.field, sizeof(err.field), 0) ||
		    !bm_text_ok(err.message, sizeof(err.message), 0)) {
			print_error("body %zu: error text is not valid UTF-8 (field %zu bytes)\n",
				    i, strlen(err.field));
			bad++;
		}
		arena_release(&a);
	}
	for (size_t i = 0; i < N_ELEMS(queries); i++) {
		struct arena a;
		struct bm_err err;
		void *out;
		int rc;

		arena_init(&a, 1u << 16);
		bm_err_clear(&err);
		rc = fs_decode_query(&query_spec, queries[i], strlen(queries[i]), &a, &out, &err);
		assert_int_equal(rc, BM_EINVAL);
		if (!bm_text_ok(err.field, sizeof(err.field), 0) ||
		    !bm_text_ok(err.message, sizeof(err.message), 0)) {
			print_error("query %zu: error text is not valid UTF-8\n", i);
			bad++;
		}
		arena_release(&a);
	}
	assert_int_equal(bad, 0);
}

static void test_fs_decode_object(void **state)
{
	struct arena a;
	struct clearance_in out;
	struct bm_err err;
	json_t *obj = json_pack("{s:s}", "level", "secret");

	(void)state;
	arena_init(&a, 1u << 16);
	memset(&out, 0, sizeof(out));
	bm_err_clear(&err);
	assert_int_equal(
		fs_decode_object(&clearance_spec, obj, 0, "access.clearance", &a, &out, &err), 0);
	assert_int_equal(out.level, 3);
	json_object_set_new(obj, "extra", json_true());
	assert_int_equal(
		fs_decode_object(&clearance_spec, obj, 0, "access.clearance", &a, &out, &err),
		BM_EINVAL);
	assert_string_equal(err.field, "access.clearance.extra");
	json_decref(obj);
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fs_full_body),
		cmocka_unit_test(test_fs_body_errors),
		cmocka_unit_test(test_fs_body_binary),
		cmocka_unit_test(test_fs_arena_limit),
		cmocka_unit_test(test_fs_query_ok),
		cmocka_unit_test(test_fs_query_errors),
		cmocka_unit_test(test_fs_error_text_is_utf8),
		cmocka_unit_test(test_fs_decode_object),
	};

	return cmocka_run_group_tests_name("fieldspec", tests, NULL, NULL);
}
