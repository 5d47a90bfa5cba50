/*
 * fuzz_fieldspec.c - libFuzzer target for the request decoder (http/fieldspec.c),
 * the parser every request body and query string goes through.
 *
 * Input: one control byte, then the body or query bytes.
 *	bit 0     0 = JSON body (fs_decode_body), 1 = query string (fs_decode_query)
 *	bit 1     1 = a small arena (exercises running out of request memory)
 *	bits 2..7 0 = the test spec below (every field type, a nested object, an
 *	          array); k > 0 = the (k-1)-th body or query spec of the real route table
 * Besides the sanitizers, the target checks the decoder's contract: a failure is
 * BM_EINVAL or BM_ETOOBIG with the same code recorded and an error text that can be
 * put into a JSON response; a success fills only valid, in-range values.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "fuzz.h"
#include "http/fieldspec.h"
#include "http/http.h"
#include "base/banned.h"

struct inner_in {
	uint64_t present;
	int level;
	struct fs_strs compartments;
	int64_t n;
};

static const char *const levels[] = { "public", "internal",   "confidential",
				      "secret", "top_secret", NULL };

static const struct fs_field inner_fields[] = {
	{ "level", FS_ENUM, FS_REQUIRED, offsetof(struct inner_in, level), 0, 0, 0, levels, NULL },
	{ "compartments", FS_STRS, 0, offsetof(struct inner_in, compartments), 0, 16, 32, NULL,
	  NULL },
	{ "n", FS_INT, FS_NULLABLE, offsetof(struct inner_in, n), 1, INT64_MAX, 0, NULL, NULL },
};
static const struct fs_spec inner_spec = FS_SPEC(inner_fields, struct inner_in);

struct all_in {
	uint64_t present;
	const char *name;
	const char *note;
	int64_t count;
	int flag;
	int color;
	int32_t day;
	struct fs_strs tags;
	struct inner_in *clearance;
	const char *opt;
	struct inner_in *maybe;
};

static const char *const colors[] = { "red", "green", "blue", "红", NULL };

static const struct fs_field all_fields[] = {
	{ "name", FS_STR, FS_REQUIRED, offsetof(struct all_in, name), 1, 64, 0, NULL, NULL },
	{ "note", FS_STR, FS_MULTILINE, offsetof(struct all_in, note), 0, 200, 0, NULL, NULL },
	{ "count", FS_INT, 0, offsetof(struct all_in, count), INT64_MIN, INT64_MAX, 0, NULL, NULL },
	{ "flag", FS_BOOL, 0, offsetof(struct all_in, flag), 0, 0, 0, NULL, NULL },
	{ "color", FS_ENUM, 0, offsetof(struct all_in, color), 0, 0, 0, colors, NULL },
	{ "day", FS_DATE, 0, offsetof(struct all_in, day), 0, 0, 0, NULL, NULL },
	{ "tags", FS_STRS, 0, offsetof(struct all_in, tags), 1, 8, 16, NULL, NULL },
	{ "clearance", FS_OBJ, 0, offsetof(struct all_in, clearance), 0, 0, 0, NULL, &inner_spec },
	{ "opt", FS_STR, FS_NULLABLE, offsetof(struct all_in, opt), 0, 10, 0, NULL, NULL },
	{ "maybe", FS_OBJ, FS_NULLABLE, offsetof(struct all_in, maybe), 0, 0, 0, NULL,
	  &inner_spec },
};
static const struct fs_spec all_spec = FS_SPEC(all_fields, struct all_in);

/* The specs of the real route table, collected once. */
#define SPECS_MAX 64
static const struct fs_spec *body_specs[SPECS_MAX], *query_specs[SPECS_MAX];
static size_t n_body, n_query;

static void collect_specs(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	for (size_t i = 0; i < routes_count; i++) {
		if (routes[i].body != NULL && n_body < SPECS_MAX)
			body_specs[n_body++] = routes[i].body;
		if (routes[i].query != NULL && n_query < SPECS_MAX)
			query_specs[n_query++] = routes[i].query;
	}
}

static int choices_count(const char *const *choices)
{
	int n = 0;

	while (choices[n] != NULL)
		n++;
	return n;
}

static void check_text(const char *what, const char *s, const struct fs_field *f, int64_t min,
		       int64_t max)
{
	size_t n;

	if (!bm_text_ok(s, (size_t)max * 4, (f->flags & FS_MULTILINE) != 0))
		fuzz_fail("%s: decoded text is not valid", what);
	n = bm_utf8_len(s);
	if ((int64_t)n < min || (int64_t)n > max)
		fuzz_fail("%s: %zu characters, outside %lld..%lld", what, n, (long long)min,
			  (long long)max);
}

/* Every value a successful decode produced obeys its field's declaration. */
static void check_decoded(const struct fs_spec *spec, const void *out, int depth)
{
	uint64_t present;

	if (depth > 8)
		fuzz_fail("nesting deeper than any spec");
	memcpy(&present, out, sizeof(present));
	if (spec->n < 64 && (present >> spec->n) != 0)
		fuzz_fail("present bits beyond the spec's %zu fields", spec->n);
	for (size_t i = 0; i < spec->n; i++) {
		const struct fs_field *f = &spec->fields[i];
		const char *slot = (const char *)out + f->offset;
		int nullable = (f->flags & FS_NULLABLE) != 0;

		if (!((present >> i) & 1)) {
			if (f->flags & FS_REQUIRED)
				fuzz_fail("required field %s missing after success", f->name);
			continue;
		}
		switch (f->type) {
		case FS_STR: {
			const char *s;
			memcpy(&s, slot, sizeof(s));
			if (s == NULL) {
				if (!nullable)
					fuzz_fail("%s: present but NULL", f->name);
				break;
			}
			check_text(f->name, s, f, f->min, f->max);
			break;
		}
		case FS_INT: {
			int64_t x;
			memcpy(&x, slot, sizeof(x));
			if ((x < f->min || x > f->max) && !(nullable && x == FS_NONE_INT))
				fuzz_fail("%s: %lld out of range", f->name, (long long)x);
			break;
		}
		case FS_BOOL: {
			int b;
			memcpy(&b, slot, sizeof(b));
			if (b != 0 && b != 1 && !(nullable && b == -1))
				fuzz_fail("%s: boolean %d", f->name, b);
			break;
		}
		case FS_ENUM: {
			int idx;
			memcpy(&idx, slot, sizeof(idx));
			if ((idx < 0 || idx >= choices_count(f->choices)) &&
			    !(nullable && idx == -1))
				fuzz_fail("%s: enum index %d", f->name, idx);
			break;
		}
		case FS_DATE: {
			int32_t d, back;
			char text[BM_DATE_LEN];
			memcpy(&d, slot, sizeof(d));
			bm_date_format(d, text);
			if (bm_date_parse(text, &back) != 0 || back != d) {
				if (!(nullable && d == 0))
					fuzz_fail("%s: date %d does not round-trip", f->name, d);
			}
			break;
		}
		case FS_STRS: {
			struct fs_strs list;
			memcpy(&list, slot, sizeof(list));
			if (list.v == NULL) {
				if (!nullable || list.n != 0)
					fuzz_fail("%s: list without items", f->name);
				break;
			}
			if ((int64_t)list.n < f->min || (int64_t)list.n > f->max)
				fuzz_fail("%s: %zu items", f->name, list.n);
			for (size_t k = 0; k < list.n; k++)
				check_text(f->name, list.v[k], f, 1, f->item_max);
			break;
		}
		case FS_OBJ: {
			const void *sub;
			memcpy(&sub, slot, sizeof(sub));
			if (sub == NULL) {
				if (!nullable)
					fuzz_fail("%s: object missing", f->name);
				break;
			}
			check_decoded(f->sub, sub, depth + 1);
			break;
		}
		case FS_OBJS: {
			struct fs_objs list;
			memcpy(&list, slot, sizeof(list));
			if (list.n == 0 && nullable)
				break;
			if (list.v == NULL || (int64_t)list.n < f->min || (int64_t)list.n > f->max)
				fuzz_fail("%s: %zu objects", f->name, list.n);
			for (size_t k = 0; k < list.n; k++)
				check_decoded(f->sub, list.v[k], depth + 1);
			break;
		}
		}
	}
}

static void check_error(int rc, const struct bm_err *err)
{
	if (rc != BM_EINVAL && rc != BM_ETOOBIG)
		fuzz_fail("decoder returned %d", rc);
	fuzz_check_reportable(rc, err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct fs_spec *spec = &all_spec;
	struct arena a;
	struct bm_err err;
	unsigned ctl, sel;
	int query, rc;
	char *text;
	size_t len;
	void *out = NULL;

	if (size < 1)
		return 0;
	collect_specs();
	ctl = data[0];
	query = (int)(ctl & 1u);
	sel = ctl >> 2;
	if (sel > 0) {
		size_t n = query ? n_query : n_body;
		if (n == 0)
			return 0;
		spec = query ? query_specs[(sel - 1) % n] : body_specs[(sel - 1) % n];
	}
	len = size - 1;
	/* an exactly-sized, unterminated copy: the decoder must respect len */
	text = fuzz_copy(data + 1, len);
	if (text == NULL)
		return 0;
	arena_init(&a, (ctl & 2u) ? 512 : 1u << 20);
	bm_err_clear(&err);
	rc = query ? fs_decode_query(spec, text, len, &a, &out, &err)
		   : fs_decode_body(spec, text, len, &a, &out, &err);
	if (rc == 0) {
		if (out == NULL)
			fuzz_fail("success without a result");
		check_decoded(spec, out, 0);
	} else {
		check_error(rc, &err);
	}
	arena_release(&a);
	free(text);
	return 0;
}
