/*
 * test_base.c - unit tests of src/base: the bounded buffer, the arena, string
 * helpers (integer parsing, hex, UTF-8 validation), civil dates and timestamps, and
 * the mapping of error codes to HTTP statuses.
 */
#include <setjmp.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/csv.h"
#include "base/err.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "base/banned.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- buf ---- */

static void test_buf_growth(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 1u << 20);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	for (int i = 0; i < 5000; i++) {
		assert_int_equal(buf_putc(&b, (char)('a' + i % 26)), 0);
		assert_int_equal(b.len, (size_t)i + 1);
		assert_true(b.cap >= b.len + 1);
		assert_int_equal(b.data[b.len], '\0');
	}
	for (int i = 0; i < 5000; i++)
		assert_int_equal(b.data[i], 'a' + i % 26);
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	assert_int_equal(buf_puts(&b, "hello"), 0);
	assert_int_equal(buf_append(&b, " world", 6), 0);
	assert_int_equal(buf_append(&b, NULL, 0), 0);
	assert_string_equal(b.data, "hello world");
	buf_release(&b);
	assert_null(b.data);
	assert_int_equal(b.max, 1u << 20);
}

static void test_buf_binary(void **state)
{
	struct buf b;
	const unsigned char bytes[] = { 0, 1, 2, 0, 255 };

	(void)state;
	buf_init(&b, 100);
	assert_int_equal(buf_append(&b, bytes, sizeof(bytes)), 0);
	assert_int_equal(b.len, sizeof(bytes));
	assert_memory_equal(b.data, bytes, sizeof(bytes));
	assert_int_equal(b.data[sizeof(bytes)], '\0');
	buf_release(&b);
}

static void test_buf_max(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 10);
	assert_int_equal(buf_puts(&b, "0123456789"), 0);
	assert_int_equal(b.len, 10);
	assert_true(b.cap <= 11);
	/* one byte more is refused and changes nothing */
	assert_int_equal(buf_putc(&b, 'x'), BM_ETOOBIG);
	assert_int_equal(buf_puts(&b, "x"), BM_ETOOBIG);
	assert_int_equal(buf_printf(&b, "%d", 1), BM_ETOOBIG);
	assert_int_equal(b.len, 10);
	assert_string_equal(b.data, "0123456789");
	/* appending nothing at the limit is fine */
	assert_int_equal(buf_append(&b, "", 0), 0);
	buf_reset(&b);
	/* a single append larger than the maximum, and one that overflows size_t */
	assert_int_equal(buf_append(&b, "0123456789a", 11), BM_ETOOBIG);
	assert_int_equal(buf_puts(&b, "abc"), 0);
	assert_int_equal(buf_append(&b, "x", SIZE_MAX), BM_ETOOBIG);
	assert_string_equal(b.data, "abc");
	buf_release(&b);

	/* a zero maximum admits only the empty string */
	buf_init(&b, 0);
	assert_int_equal(buf_putc(&b, 'a'), BM_ETOOBIG);
	assert_int_equal(buf_append(&b, "", 0), 0);
	assert_string_equal(b.data, "");
	buf_release(&b);
}

/* Detaching a buffer that was never written gives an empty, NUL-terminated string.
 * (Only the first byte is inspected, so that a missing terminator fails the test
 * instead of reading past the allocation.) */
static void test_buf_detach_empty(void **state)
{
	const size_t maxes[] = { 0, 1, 100, 1u << 20 };

	(void)state;
	for (size_t i = 0; i < N_ELEMS(maxes); i++) {
		struct buf b;
		char *s;
		unsigned char first;

		buf_init(&b, maxes[i]);
		s = buf_detach(&b);
		assert_non_null(s);
		first = (unsigned char)s[0];
		free(s);
		assert_null(b.data);
		buf_release(&b);
		if (first != 0)
			fail_msg("buf_detach of an unwritten buffer (max %zu): first byte 0x%02x, "
				 "not NUL",
				 maxes[i], first);
	}
}

static void test_buf_printf(void **state)
{
	struct buf b;
	char *s;

	(void)state;
	buf_init(&b, 64);
	assert_int_equal(buf_printf(&b, "%s=%d", "n", 42), 0);
	assert_int_equal(buf_printf(&b, ",%05.1f", 2.25), 0);
	assert_string_equal(b.data, "n=42,002.2");
	assert_int_equal(b.len, strlen("n=42,002.2"));
	/* a format result that would pass the maximum leaves the buffer as it was */
	assert_int_equal(buf_printf(&b, "%60s", "x"), BM_ETOOBIG);
	assert_string_equal(b.data, "n=42,002.2");
	/* exactly up to the maximum */
	assert_int_equal(buf_printf(&b, "%54s", "y"), 0);
	assert_int_equal(b.len, 64);
	s = buf_detach(&b);
	assert_non_null(s);
	assert_int_equal(strlen(s), 64);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	free(s);
	buf_release(&b);
}

/* ---- arena ---- */

static void test_arena_alignment(void **state)
{
	struct arena a;
	const size_t sizes[] = { 0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 100, 4095, 9000, 1 };

	(void)state;
	arena_init(&a, 1u << 20);
	for (size_t i = 0; i < N_ELEMS(sizes); i++) {
		unsigned char *p = arena_alloc(&a, sizes[i]);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
		for (size_t k = 0; k < sizes[i]; k++)
			assert_int_equal(p[k], 0);
		memset(p, 0xa5, sizes[i]);
	}
	arena_release(&a);
	assert_null(a.head);
	assert_int_equal(a.used, 0);
	assert_int_equal(a.limit, 1u << 20);
}

static void test_arena_limit(void **state)
{
	struct arena a;
	const size_t al = alignof(max_align_t);

	(void)state;
	arena_init(&a, 4 * al);
	assert_non_null(arena_alloc(&a, 2 * al));
	assert_non_null(arena_alloc(&a, 1)); /* rounded up to one alignment unit */
	assert_int_equal(a.used, 3 * al);
	assert_null(arena_alloc(&a, al + 1));
	assert_non_null(arena_alloc(&a, al));
	assert_null(arena_alloc(&a, 1));
	assert_null(arena_alloc(&a, 0));
	assert_null(arena_strdup(&a, ""));
	arena_release(&a);

	arena_init(&a, 1u << 20);
	assert_null(arena_alloc(&a, SIZE_MAX));
	assert_null(arena_alloc(&a, SIZE_MAX - 8));
	assert_null(arena_alloc(&a, (1u << 20) + 1));
	/* a block bigger than the default block size */
	assert_non_null(arena_alloc(&a, 100000));
	arena_release(&a);
}

static void test_arena_strings(void **state)
{
	struct arena a;
	char *s;

	(void)state;
	arena_init(&a, 1u << 16);
	s = arena_strdup(&a, "保密 secret");
	assert_string_equal(s, "保密 secret");
	s = arena_strndup(&a, "abcdef", 3);
	assert_string_equal(s, "abc");
	s = arena_strndup(&a, "ab\0cd", 5);
	assert_memory_equal(s, "ab\0cd", 6);
	s = arena_printf(&a, "%s-%03d-%c", "x", 7, 'z');
	assert_string_equal(s, "x-007-z");
	s = arena_printf(&a, "%s", "");
	assert_string_equal(s, "");
	arena_release(&a);

	arena_init(&a, 32);
	assert_null(arena_printf(&a, "%40s", "x"));
	assert_non_null(arena_printf(&a, "%20s", "x"));
	arena_release(&a);
}

/* ---- str ---- */

struct i64_case {
	const char *s;
	int64_t min, max;
	int rc;
	int64_t want;
};

static void test_parse_i64(void **state)
{
	static const struct i64_case cases[] = {
		{ "0", INT64_MIN, INT64_MAX, 0, 0 },
		{ "-0", INT64_MIN, INT64_MAX, 0, 0 },
		{ "42", INT64_MIN, INT64_MAX, 0, 42 },
		{ "-42", INT64_MIN, INT64_MAX, 0, -42 },
		{ "007", INT64_MIN, INT64_MAX, 0, 7 },
		{ "9223372036854775807", INT64_MIN, INT64_MAX, 0, INT64_MAX },
		{ "-9223372036854775808", INT64_MIN, INT64_MAX, 0, INT64_MIN },
		{ "9223372036854775808", INT64_MIN, INT64_MAX, BM_EINVAL, 0 },
		{ "-9223372036854775809", INT64_MIN, INT64_MAX, BM_EINVAL, 0 },
		{ "99999999999999999999999", INT64_MIN, INT64_MAX, BM_EINVAL, 0 },
		{ "1", 1, 200, 0, 1 },
		{ "200", 1, 200, 0, 200 },
		{ "0", 1, 200, BM_EINVAL, 0 },
		{ "201", 1, 200, BM_EINVAL, 0 },
		{ "-1", 0, 10, BM_EINVAL, 0 },
		{ "", INT64_MIN, INT64_MAX, BM_EINVAL, 0 },
		{ "-", INT64_MIN, INT64_MAX, BM_EINVAL, 0 },
		{ "+1", INT64_MIN, INT64_MAX, BM_EINVAL, 0 },
		{ " 1", INT64_MIN, INT64_MAX, BM_EINVAL, 0 },
		{ "1 ", INT64_MIN, INT64_MAX, BM_EINVAL, 0 },
		{ "\t1", INT64_MIN, INT64_MAX, BM_EINVAL, 0 },
		{ "\n1", INT64_MIN, INT64_MAX, BM_EINVAL, 0 },
		{ "\v1", INT64_MIN, INT64_MAX, BM_EINVAL, 0 },
		{ "1\n", INT64_MIN, INT64_MAX, BM_EINVAL, 0 },
		{ "1a", INT64_MIN, INT64_MAX, BM_EINVAL, 0 },
		{ "a1", INT64_MIN, INT64_MAX, BM_EINVAL, 0 },
		{ "0x10", INT64_MIN, INT64_MAX, BM_EINVAL, 0 },
		{ "1e3", INT64_MIN, INT64_MAX, BM_EINVAL, 0 },
		{ "1.0", INT64_MIN, INT64_MAX, BM_EINVAL, 0 },
		{ "--1", INT64_MIN, INT64_MAX, BM_EINVAL, 0 },
		{ "٣", INT64_MIN, INT64_MAX, BM_EINVAL, 0 },
	};

	int bad = 0;

	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		int64_t out = 12345;
		int rc = bm_parse_i64(cases[i].s, cases[i].min, cases[i].max, &out);
		if (rc != cases[i].rc) {
			print_error("bm_parse_i64 case %zu (\"%s\") = %d, want %d\n", i, cases[i].s,
				    rc, cases[i].rc);
			bad++;
		} else if (rc == 0) {
			assert_int_equal(out, cases[i].want);
		} else {
			assert_int_equal(out, 12345); /* untouched on failure */
		}
	}
	assert_int_equal(bad, 0);
	{
		int64_t out;
		assert_int_equal(bm_parse_i64(NULL, 0, 1, &out), BM_EINVAL);
	}
}

static void test_hex(void **state)
{
	unsigned char all[256], back[256];
	char hex[2 * 256 + 1];

	(void)state;
	for (int i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	bm_hex_encode(all, sizeof(all), hex);
	assert_int_equal(strlen(hex), 512);
	assert_memory_equal(hex, "000102030405060708090a0b0c0d0e0f10", 34);
	assert_string_equal(hex + 500, "fafbfcfdfeff");
	assert_int_equal(bm_hex_decode(hex, back, sizeof(back)), 0);
	assert_memory_equal(all, back, sizeof(all));

	bm_hex_encode(all, 0, hex);
	assert_string_equal(hex, "");
	assert_int_equal(bm_hex_decode("", back, 0), 0);

	/* upper case decodes too */
	assert_int_equal(bm_hex_decode("ABcdEF", back, 3), 0);
	assert_int_equal(back[0], 0xab);
	assert_int_equal(back[1], 0xcd);
	assert_int_equal(back[2], 0xef);
	/* wrong lengths and characters */
	assert_int_equal(bm_hex_decode("abc", back, 2), BM_EINVAL);
	assert_int_equal(bm_hex_decode("abcdef", back, 2), BM_EINVAL);
	assert_int_equal(bm_hex_decode("ab", back, 2), BM_EINVAL);
	assert_int_equal(bm_hex_decode("0g", back, 1), BM_EINVAL);
	assert_int_equal(bm_hex_decode("g0", back, 1), BM_EINVAL);
	assert_int_equal(bm_hex_decode(" 0", back, 1), BM_EINVAL);
	assert_int_equal(bm_hex_decode("-1", back, 1), BM_EINVAL);
}

struct text_case {
	const char *name;
	const char *s;
	size_t max;
	int nl;
	int ok;
};

static void test_text_ok(void **state)
{
	static const struct text_case cases[] = {
		{ "empty", "", 0, 0, 1 },
		{ "ascii", "Hello, world", 100, 0, 1 },
		{ "cjk", "保密资格", 100, 0, 1 },
		{ "2-byte", "\xc2\xa9", 100, 0, 1 },
		{ "U+07FF", "\xdf\xbf", 100, 0, 1 },
		{ "U+0800", "\xe0\xa0\x80", 100, 0, 1 },
		{ "U+D7FF", "\xed\x9f\xbf", 100, 0, 1 },
		{ "U+E000", "\xee\x80\x80", 100, 0, 1 },
		{ "U+FFFD", "\xef\xbf\xbd", 100, 0, 1 },
		{ "U+10000", "\xf0\x90\x80\x80", 100, 0, 1 },
		{ "emoji", "\xf0\x9f\x98\x80", 100, 0, 1 },
		{ "U+10FFFF", "\xf4\x8f\xbf\xbf", 100, 0, 1 },
		/* overlong encodings */
		{ "overlong NUL C0 80", "\xc0\x80", 100, 0, 0 },
		{ "overlong C1 BF", "\xc1\xbf", 100, 0, 0 },
		{ "overlong '/' C0 AF", "\xc0\xaf", 100, 0, 0 },
		{ "overlong E0 80 80", "\xe0\x80\x80", 100, 0, 0 },
		{ "overlong E0 9F BF", "\xe0\x9f\xbf", 100, 0, 0 },
		{ "overlong F0 80 80 80", "\xf0\x80\x80\x80", 100, 0, 0 },
		{ "overlong F0 8F BF BF", "\xf0\x8f\xbf\xbf", 100, 0, 0 },
		/* UTF-16 surrogates */
		{ "surrogate D800", "\xed\xa0\x80", 100, 0, 0 },
		{ "surrogate DBFF", "\xed\xaf\xbf", 100, 0, 0 },
		{ "surrogate DC00", "\xed\xb0\x80", 100, 0, 0 },
		{ "surrogate DFFF", "\xed\xbf\xbf", 100, 0, 0 },
		{ "surrogate pair", "\xed\xa0\xbd\xed\xb8\x80", 100, 0, 0 },
		/* beyond U+10FFFF and bytes that never occur */
		{ "U+110000", "\xf4\x90\x80\x80", 100, 0, 0 },
		{ "F5", "\xf5\x80\x80\x80", 100, 0, 0 },
		{ "F7 BF BF BF", "\xf7\xbf\xbf\xbf", 100, 0, 0 },
		{ "F8 5-byte", "\xf8\x88\x80\x80\x80", 100, 0, 0 },
		{ "FC 6-byte", "\xfc\x84\x80\x80\x80\x80", 100, 0, 0 },
		{ "FE", "\xfe", 100, 0, 0 },
		{ "FF", "\xff", 100, 0, 0 },
		/* truncated sequences and stray continuation bytes */
		{ "truncated 2", "\xc3", 100, 0, 0 },
		{ "truncated 3/1", "\xe4", 100, 0, 0 },
		{ "truncated 3/2", "\xe4\xbf", 100, 0, 0 },
		{ "truncated 4/3", "\xf0\x9f\x98", 100, 0, 0 },
		{ "truncated then ascii",
		  "\xe4\xbf"
		  "a",
		  100, 0, 0 },
		{ "lone continuation", "\x80", 100, 0, 0 },
		{ "continuation after ascii", "a\xbf", 100, 0, 0 },
		{ "bad second byte", "\xc3\x28", 100, 0, 0 },
		{ "bad third byte", "\xe2\x82\x28", 100, 0, 0 },
		{ "bad fourth byte", "\xf0\x9f\x98\x28", 100, 0, 0 },
		/* control characters */
		{ "SOH", "a\x01z", 100, 0, 0 },
		{ "US", "\x1f", 100, 0, 0 },
		{ "ESC", "\x1b[31m", 100, 0, 0 },
		{ "DEL", "a\x7f", 100, 0, 0 },
		{ "SOH multiline", "a\x01z", 100, 1, 0 },
		{ "DEL multiline", "\x7f", 100, 1, 0 },
		{ "C1 NEL U+0085", "a\xc2\x85z", 100, 1, 0 },
		{ "C1 CSI U+009B", "\xc2\x9b", 100, 1, 0 },
		{ "LF", "a\nb", 100, 0, 0 },
		{ "CR", "a\rb", 100, 0, 0 },
		{ "TAB", "a\tb", 100, 0, 0 },
		{ "LF multiline", "a\nb", 100, 1, 1 },
		{ "CRLF multiline", "a\r\nb", 100, 1, 1 },
		{ "TAB multiline", "a\tb", 100, 1, 1 },
		{ "VT multiline", "a\vb", 100, 1, 0 },
		{ "FF multiline", "a\fb", 100, 1, 0 },
		/* the byte limit */
		{ "3 bytes max 3", "abc", 3, 0, 1 },
		{ "4 bytes max 3", "abcd", 3, 0, 0 },
		{ "cjk 3 bytes max 3", "保", 3, 0, 1 },
		{ "cjk 3 bytes max 2", "保", 2, 0, 0 },
		{ "cjk 6 bytes max 5", "保密", 5, 0, 0 },
	};

	int bad = 0;

	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		int ok = bm_text_ok(cases[i].s, cases[i].max, cases[i].nl);
		if (ok != cases[i].ok) {
			print_error("bm_text_ok(%s) = %d, want %d\n", cases[i].name, ok,
				    cases[i].ok);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

static void test_utf8_len_and_copy(void **state)
{
	char small[4], path[16];

	(void)state;
	assert_int_equal(bm_utf8_len(""), 0);
	assert_int_equal(bm_utf8_len("abc"), 3);
	assert_int_equal(bm_utf8_len("保密abc"), 5);
	assert_int_equal(bm_utf8_len("\xf0\x9f\x98\x80x"), 2);

	assert_int_equal(bm_strlcpy(small, "abcdef", sizeof(small)), 6);
	assert_string_equal(small, "abc");
	assert_int_equal(bm_strlcpy(small, "ab", sizeof(small)), 2);
	assert_string_equal(small, "ab");
	assert_int_equal(bm_strlcpy(small, "zzz", 0), 3);
	assert_string_equal(small, "ab");

	assert_int_equal(bm_path_join(path, sizeof(path), "/data", "keys"), 0);
	assert_string_equal(path, "/data/keys");
	assert_int_equal(bm_path_join(path, sizeof(path), "/data/abcd", "keys"), 0);
	assert_string_equal(path, "/data/abcd/keys"); /* 15 + NUL fits exactly */
	assert_int_equal(bm_path_join(path, sizeof(path), "/data/abcde", "keys"), BM_EINVAL);
}

/* ---- timeutil ---- */

static void test_civil_round_trip(void **state)
{
	int32_t expect;
	int checked = 0;

	(void)state;
	expect = bm_days_from_civil(1900, 1, 1);
	assert_int_equal(expect, -25567);
	for (int y = 1900; y <= 2100; y++) {
		for (unsigned m = 1; m <= 12; m++) {
			unsigned dim = bm_days_in_month(y, m);
			for (unsigned d = 1; d <= dim; d++) {
				int yy;
				unsigned mm, dd;
				int32_t days = bm_days_from_civil(y, m, d);
				if (days != expect)
					fail_msg("%04d-%02u-%02u -> %d, want %d", y, m, d, days,
						 expect);
				bm_civil_from_days(days, &yy, &mm, &dd);
				if (yy != y || mm != m || dd != d)
					fail_msg("%d -> %04d-%02u-%02u, want %04d-%02u-%02u", days,
						 yy, mm, dd, y, m, d);
				expect++;
				checked++;
			}
		}
	}
	assert_int_equal(expect - 1, 47846); /* 2100-12-31 */
	assert_int_equal(checked, 73414);    /* 201 years of days */
	assert_int_equal(bm_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(bm_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(bm_days_from_civil(2026, 11, 21), 20778);
}

static void test_leap_years(void **state)
{
	static const struct {
		int y;
		int leap;
	} cases[] = {
		{ 1900, 0 }, { 1996, 1 }, { 2000, 1 }, { 2001, 0 }, { 2004, 1 },
		{ 2023, 0 }, { 2024, 1 }, { 2026, 0 }, { 2100, 0 }, { 2400, 1 },
	};

	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		assert_int_equal(bm_is_leap(cases[i].y), cases[i].leap);
		assert_int_equal(bm_days_in_month(cases[i].y, 2), cases[i].leap ? 29 : 28);
	}
	assert_int_equal(bm_days_in_month(2026, 1), 31);
	assert_int_equal(bm_days_in_month(2026, 4), 30);
	assert_int_equal(bm_days_in_month(2026, 12), 31);
	assert_int_equal(bm_days_in_month(2026, 0), 0);
	assert_int_equal(bm_days_in_month(2026, 13), 0);
}

static void test_weekday(void **state)
{
	static const struct {
		const char *date;
		int wd;
	} cases[] = {
		{ "1900-01-01", 1 }, { "1949-10-01", 6 }, { "1970-01-01", 4 },
		{ "2000-01-01", 6 }, { "2024-02-29", 4 }, { "2026-01-01", 4 },
		{ "2026-11-21", 6 }, { "2026-11-22", 7 }, { "2026-11-23", 1 },
	};

	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		int32_t d;
		assert_int_equal(bm_date_parse(cases[i].date, &d), 0);
		if (bm_date_weekday(d) != cases[i].wd)
			fail_msg("weekday(%s) = %d, want %d", cases[i].date, bm_date_weekday(d),
				 cases[i].wd);
	}
	/* consecutive days cycle 1..7, also before the epoch */
	for (int32_t d = -800; d < 800; d++) {
		int w = bm_date_weekday(d), n = bm_date_weekday(d + 1);
		assert_true(w >= 1 && w <= 7);
		assert_int_equal(n, w % 7 + 1);
	}
}

static void test_date_parse(void **state)
{
	static const char *const good[] = {
		"1900-01-01", "1970-01-01", "2000-02-29", "2024-02-29",
		"2026-12-31", "2100-02-28", "9999-12-31",
	};
	static const char *const bad[] = {
		"2026-02-29",	  "2100-02-29",	  "1900-02-29", "2026-13-01",
		"2026-00-10",	  "2026-01-00",	  "2026-01-32", "2026-04-31",
		"2026-06-31",	  "1899-12-31",	  "0000-01-01", "2026-1-01",
		"2026-01-1",	  "26-01-01",	  "2026/01/01", "20260101",
		"2026-01-01 ",	  " 2026-01-01",  "2026-01-0a", "+026-01-01",
		"-026-01-01",	  "2026--1-01",	  "",		"2026-01-01T00:00:00Z",
		"２０２６-01-01", "2026-01-01\n",
	};
	char out[BM_DATE_LEN];

	(void)state;
	for (size_t i = 0; i < N_ELEMS(good); i++) {
		int32_t d = 0;
		if (bm_date_parse(good[i], &d) != 0)
			fail_msg("bm_date_parse(\"%s\") refused", good[i]);
		bm_date_format(d, out);
		assert_string_equal(out, good[i]);
	}
	for (size_t i = 0; i < N_ELEMS(bad); i++) {
		int32_t d = 777;
		if (bm_date_parse(bad[i], &d) != BM_EINVAL)
			fail_msg("bm_date_parse(\"%s\") accepted", bad[i]);
		assert_int_equal(d, 777);
	}
	{
		int32_t d;
		assert_int_equal(bm_date_parse(NULL, &d), BM_EINVAL);
	}
}

static void test_ts_format_parse(void **state)
{
	static const struct {
		int64_t ms;
		const char *text;
	} cases[] = {
		{ 0, "1970-01-01T00:00:00.000Z" },
		{ 1, "1970-01-01T00:00:00.001Z" },
		{ -1, "1969-12-31T23:59:59.999Z" },
		{ 1795302931123LL, "2026-11-21T23:15:31.123Z" },
		{ 951782400000LL, "2000-02-29T00:00:00.000Z" },
		{ 1767283200000LL, "2026-01-01T16:00:00.000Z" },
		{ -2208988800000LL, "1900-01-01T00:00:00.000Z" },
		{ 253402300799999LL, "9999-12-31T23:59:59.999Z" },
	};
	static const char *const bad[] = {
		"2026-11-21T24:00:00Z",
		"2026-11-21T23:60:00Z",
		"2026-11-21T23:15:60Z",
		"2026-11-21T23:15:31",
		"2026-11-21 23:15:31Z",
		"2026-11-21T23:15:31z",
		"2026-11-21T23:15:31.12Z",
		"2026-11-21T23:15:31.1234Z",
		"2026-11-21T23:15:31+08:00",
		"2026-11-21T23:15:31,123Z",
		"2026-11-21T2a:15:31Z",
		"2026-02-29T00:00:00Z",
		"2026-11-21T",
		"2026-11-21Z",
		"",
		"2026-11-21T23:15:31.12aZ",
		"2026-11-21T23-15-31Z",
	};
	char out[BM_TS_LEN];

	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		int64_t ms = 0;
		bm_ts_format(cases[i].ms, out);
		assert_string_equal(out, cases[i].text);
		assert_int_equal(bm_ts_parse(cases[i].text, &ms), 0);
		assert_int_equal(ms, cases[i].ms);
	}
	{
		int64_t ms = 0;
		assert_int_equal(bm_ts_parse("2026-11-21T23:15:31Z", &ms), 0);
		assert_int_equal(ms, 1795302931000LL);
		assert_int_equal(bm_ts_parse("2026-11-21", &ms), 0);
		assert_int_equal(ms, 20778LL * 86400000LL);
		assert_int_equal(bm_ts_parse(NULL, &ms), BM_EINVAL);
	}
	for (size_t i = 0; i < N_ELEMS(bad); i++) {
		int64_t ms = 99;
		if (bm_ts_parse(bad[i], &ms) != BM_EINVAL)
			fail_msg("bm_ts_parse(\"%s\") accepted", bad[i]);
		assert_int_equal(ms, 99);
	}
	/* now is after this code was written and formats to the right shape */
	{
		int64_t now = bm_now_ms(), back;
		bm_ts_format(now, out);
		assert_true(now > 1767225600000LL);
		assert_int_equal(strlen(out), BM_TS_LEN - 1);
		assert_int_equal(bm_ts_parse(out, &back), 0);
		assert_int_equal(back, now);
	}
	{
		int64_t a = bm_mono_ms(), b = bm_mono_ms();
		assert_true(b >= a);
	}
}

static void test_date_cst(void **state)
{
	int32_t jan1, jan2;

	(void)state;
	assert_int_equal(bm_date_parse("2026-01-01", &jan1), 0);
	assert_int_equal(bm_date_parse("2026-01-02", &jan2), 0);
	/* China Standard Time is UTC+8: the date changes at 16:00 UTC */
	assert_int_equal(bm_date_cst(1767283200000LL - 1), jan1); /* 15:59:59.999Z */
	assert_int_equal(bm_date_cst(1767283200000LL), jan2);	  /* 16:00:00.000Z */
	/* UTC midnight of Jan 2 is already 08:00 on Jan 2 in Beijing */
	assert_int_equal(bm_date_cst((int64_t)jan2 * 86400000LL), jan2);
	assert_int_equal(bm_date_cst((int64_t)jan2 * 86400000LL - 1), jan2);
	/* across the epoch, where the division must round down */
	assert_int_equal(bm_date_cst(-8 * 3600000LL), 0);
	assert_int_equal(bm_date_cst(-8 * 3600000LL - 1), -1);
	assert_int_equal(bm_date_cst(0), 0);
	assert_int_equal(bm_date_cst(-86400000LL), -1);
}

/* ---- err ---- */

static void test_err_status(void **state)
{
	static const struct {
		int code;
		int status;
		const char *ecode;
	} cases[] = {
		{ BM_EINVAL, 400, "invalid_input" },
		{ BM_EAUTH, 401, "unauthenticated" },
		{ BM_EFORBIDDEN, 403, "forbidden" },
		{ BM_ENOTFOUND, 404, "not_found" },
		{ BM_EMETHOD, 405, "method_not_allowed" },
		{ BM_ECONFLICT, 409, "conflict" },
		{ BM_ESTALE, 412, "precondition_failed" },
		{ BM_ETOOBIG, 413, "payload_too_large" },
		{ BM_EMEDIA, 415, "unsupported_media_type" },
		{ BM_ERULE, 422, "rule_violation" },
		{ BM_EPRECOND, 428, "precondition_required" },
		{ BM_ERATE, 429, "rate_limited" },
		{ BM_EINTERNAL, 500, "internal_error" },
		{ BM_EUNAVAIL, 503, "unavailable" },
		{ BM_EIO, 500, "io_error" },
		{ BM_OK, 500, "internal_error" },
		{ -99, 500, "internal_error" },
		{ 7, 500, "internal_error" },
	};

	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		assert_int_equal(bm_err_http_status(cases[i].code), cases[i].status);
		assert_string_equal(bm_err_default_ecode(cases[i].code), cases[i].ecode);
	}
}

static void test_err_set(void **state)
{
	struct bm_err err;
	char longmsg[1000];

	(void)state;
	bm_err_clear(&err);
	assert_int_equal(err.code, 0);
	assert_string_equal(err.message, "");
	assert_int_equal(bm_err_set(&err, BM_ENOTFOUND, NULL, NULL, "user %d", 5), BM_ENOTFOUND);
	assert_int_equal(err.code, BM_ENOTFOUND);
	assert_string_equal(err.ecode, "not_found");
	assert_string_equal(err.field, "");
	assert_string_equal(err.message, "user 5");
	assert_int_equal(bm_err_set(&err, BM_EINVAL, "invalid_field", "clearance.level", "bad"),
			 BM_EINVAL);
	assert_string_equal(err.ecode, "invalid_field");
	assert_string_equal(err.field, "clearance.level");
	/* no record to fill: still returns the code */
	assert_int_equal(bm_err_set(NULL, BM_ERULE, NULL, NULL, "x"), BM_ERULE);
	bm_err_clear(NULL);
	/* long texts are truncated, never overflow */
	memset(longmsg, 'm', sizeof(longmsg) - 1);
	longmsg[sizeof(longmsg) - 1] = '\0';
	bm_err_set(&err, BM_EINVAL, longmsg, longmsg, "%s", longmsg);
	assert_int_equal(strlen(err.message), BM_ERR_MSG_MAX - 1);
	assert_int_equal(strlen(err.field), BM_ERR_FIELD_MAX - 1);
	assert_int_equal(strlen(err.ecode), BM_ERR_CODE_MAX - 1);
	bm_err_clear(&err);
	assert_int_equal(err.code, 0);
	assert_string_equal(err.field, "");
}

/* ---- csv ---- */

/* Read every record of text (length len) into out as "a|b;c|d;" (one ";" per record,
 * cut at outsz); returns the last csv_next's result; lines (may be NULL) gets the line
 * of each of the first 8 records. */
static int csv_all(const char *text, size_t len, size_t max, char *out, size_t outsz, int *lines,
		   struct bm_err *err)
{
	struct csv_reader r;
	struct arena a;
	char *f[8];
	size_t n, o = 0;
	int line = 0, rc, k = 0;

	arena_init(&a, 1 << 20);
	csv_init(&r, text, len);
	out[0] = '\0';
	while ((rc = csv_next(&r, &a, f, max, &n, &line, err)) == 1) {
		/* what does not fit in out is left out */
		for (size_t i = 0; i <= n && o < outsz; i++) {
			o += (size_t)snprintf(out + o, outsz - o, "%s%s",
					      i == n  ? ";"
					      : i > 0 ? "|"
						      : "",
					      i == n ? "" : f[i]);
		}
		if (lines != NULL && k < 8)
			lines[k++] = line;
	}
	arena_release(&a);
	return rc;
}

static void test_csv(void **state)
{
	char out[512];
	int lines[8];
	struct bm_err err;
	static const char crlf[] = "\xef\xbb\xbfnumber,unit\r\n"
				   "\"A,1\",\"he said \"\"hi\"\"\"\r\n"
				   "\r\n"
				   "\"two\nlines\",x\r\n"
				   ",\n"
				   "last,";

	(void)state;
	bm_err_clear(&err);
	/* a byte order mark, CRLF, quotes, "", a quoted line break, empty lines and
	 * fields, no final line break */
	assert_int_equal(csv_all(crlf, sizeof(crlf) - 1, 8, out, sizeof(out), lines, &err), 0);
	assert_string_equal(out, "number|unit;A,1|he said \"hi\";two\nlines|x;|;last|;");
	assert_int_equal(lines[0], 1);
	assert_int_equal(lines[1], 2);
	assert_int_equal(lines[2], 4);
	assert_int_equal(lines[3], 6);
	assert_int_equal(lines[4], 7);
	/* nothing, or only line breaks: no record */
	assert_int_equal(csv_all("", 0, 8, out, sizeof(out), NULL, &err), 0);
	assert_string_equal(out, "");
	assert_int_equal(csv_all("\r\n\n", 3, 8, out, sizeof(out), NULL, &err), 0);
	assert_string_equal(out, "");
	/* a lone CR ends a record too; a comma at the very end makes an empty field */
	assert_int_equal(csv_all("a\rb,", 4, 8, out, sizeof(out), NULL, &err), 0);
	assert_string_equal(out, "a;b|;");

	/* refusals name the line */
	static const struct {
		const char *text, *why;
	} bad[] = {
		{ "a\n\"open,b\n", "line 2: a quoted field is never closed" },
		{ "\"a\"b,c", "line 1: a character follows a closing quote" },
		{ "a\nb\"c", "line 2: a quote inside an unquoted field" },
		{ "1,2,3", "line 1: the record has too many fields" },
		{ "a\xff", "line 1: a field is not valid UTF-8 text" },
		{ "a\x01", "line 1: a field is not valid UTF-8 text" },
		{ "x\n\"a\nb\"\n\"\x01\"", "line 4: a field is not valid UTF-8 text" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		bm_err_clear(&err);
		assert_int_equal(
			csv_all(bad[i].text, strlen(bad[i].text), 2, out, sizeof(out), NULL, &err),
			BM_EINVAL);
		assert_string_equal(err.ecode, "invalid_csv");
		assert_string_equal(err.message, bad[i].why);
	}
	/* a NUL byte inside a field */
	assert_int_equal(csv_all("a\0b", 3, 8, out, sizeof(out), NULL, &err), BM_EINVAL);
	/* a field one byte over the limit */
	{
		size_t len = CSV_FIELD_MAX + 1;
		char *big = malloc(len);
		assert_non_null(big);
		memset(big, 'x', len);
		assert_int_equal(csv_all(big, len, 8, out, sizeof(out), NULL, &err), BM_EINVAL);
		assert_int_equal(csv_all(big, len - 1, 8, out, sizeof(out), NULL, &err), 0);
		assert_int_equal(strlen(out), sizeof(out) - 1);
		free(big);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_growth),
		cmocka_unit_test(test_buf_binary),
		cmocka_unit_test(test_buf_max),
		cmocka_unit_test(test_buf_printf),
		cmocka_unit_test(test_buf_detach_empty),
		cmocka_unit_test(test_arena_alignment),
		cmocka_unit_test(test_arena_limit),
		cmocka_unit_test(test_arena_strings),
		cmocka_unit_test(test_parse_i64),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_text_ok),
		cmocka_unit_test(test_utf8_len_and_copy),
		cmocka_unit_test(test_civil_round_trip),
		cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_date_parse),
		cmocka_unit_test(test_ts_format_parse),
		cmocka_unit_test(test_date_cst),
		cmocka_unit_test(test_err_status),
		cmocka_unit_test(test_err_set),
		cmocka_unit_test(test_csv),
	};

	return cmocka_run_group_tests_name("base", tests, NULL, NULL);
}
