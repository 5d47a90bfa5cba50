/*
 * fieldspec.c - the one decoder for request bodies and query strings.
 */
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "http/fieldspec.h"
#include "base/banned.h"

#define FIELD_PATH_MAX 96

static int bad(struct bm_err *err, const char *path, const char *ecode, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int bad(struct bm_err *err, const char *path, const char *ecode, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	bm_err_vset(err, BM_EINVAL, ecode, path, fmt, ap);
	va_end(ap);
	return BM_EINVAL;
}

static const char *type_word(enum fs_type t)
{
	switch (t) {
	case FS_STR:
	case FS_ENUM:
		return "a string";
	case FS_DATE:
		return "a date string YYYY-MM-DD";
	case FS_INT:
		return "an integer";
	case FS_BOOL:
		return "a boolean";
	case FS_STRS:
		return "an array of strings";
	case FS_OBJ:
		return "an object";
	case FS_OBJS:
		return "an array of objects";
	}
	return "a value";
}

static int check_text(const char *s, const struct fs_field *f, int64_t min, int64_t max,
		      const char *path, struct bm_err *err)
{
	size_t n;

	if (!bm_text_ok(s, (size_t)max * 4, (f->flags & FS_MULTILINE) != 0))
		return bad(err, path, "invalid_text",
			   "%s must be valid UTF-8 text without control "
			   "characters",
			   path);
	n = bm_utf8_len(s);
	if ((int64_t)n < min || (int64_t)n > max)
		return bad(err, path, "invalid_length", "%s must have %lld..%lld characters", path,
			   (long long)min, (long long)max);
	return 0;
}

static int decode_field(const struct fs_field *f, json_t *v, int from_query, const char *path,
			struct arena *a, void *out, struct bm_err *err)
{
	char *slot = (char *)out + f->offset;
	const char *s = NULL;

	if (json_is_null(v)) {
		if (f->flags & FS_NULLABLE) {
			if (f->type == FS_INT) {
				int64_t none = FS_NONE_INT;
				memcpy(slot, &none, sizeof(none));
			} else if (f->type == FS_BOOL || f->type == FS_ENUM) {
				int none = -1;
				memcpy(slot, &none, sizeof(none));
			}
			return 0;
		}
		return bad(err, path, "invalid_type", "%s must be %s, not null", path,
			   type_word(f->type));
	}
	if (from_query && f->type != FS_STR && f->type != FS_ENUM && f->type != FS_DATE) {
		/* a query value is text: convert it to the declared type */
		s = json_string_value(v);
		if (f->type == FS_INT) {
			int64_t x;
			if (bm_parse_i64(s, f->min, f->max, &x) != 0)
				return bad(err, path, "invalid_value",
					   "%s must be an integer in "
					   "%lld..%lld",
					   path, (long long)f->min, (long long)f->max);
			memcpy(slot, &x, sizeof(x));
			return 0;
		}
		if (f->type == FS_BOOL) {
			int b;
			if (strcmp(s, "true") != 0 && strcmp(s, "false") != 0)
				return bad(err, path, "invalid_value", "%s must be true or false",
					   path);
			b = s[0] == 't';
			memcpy(slot, &b, sizeof(b));
			return 0;
		}
		return bad(err, path, "invalid_field", "%s cannot be given in the query", path);
	}
	switch (f->type) {
	case FS_STR: {
		char *copy;
		if (!json_is_string(v))
			break;
		s = json_string_value(v);
		if (strlen(s) != json_string_length(v))
			return bad(err, path, "invalid_text", "%s must not contain NUL", path);
		if (check_text(s, f, f->min, f->max, path, err) != 0)
			return BM_EINVAL;
		copy = arena_strdup(a, s);
		if (copy == NULL)
			return bm_err_set(err, BM_ETOOBIG, "too_large", path, "request too large");
		memcpy(slot, &copy, sizeof(copy));
		return 0;
	}
	case FS_ENUM: {
		int idx = -1;
		if (!json_is_string(v))
			break;
		s = json_string_value(v);
		for (int i = 0; f->choices[i] != NULL; i++)
			if (strcmp(f->choices[i], s) == 0 && strlen(s) == json_string_length(v))
				idx = i;
		if (idx < 0) {
			char list[256] = "";
			size_t off = 0;
			for (int i = 0; f->choices[i] != NULL && off < sizeof(list) - 40; i++)
				off += (size_t)snprintf(list + off, sizeof(list) - off, "%s%s",
							i ? ", " : "", f->choices[i]);
			return bad(err, path, "invalid_value", "%s must be one of: %s", path, list);
		}
		memcpy(slot, &idx, sizeof(idx));
		return 0;
	}
	case FS_DATE: {
		int32_t d;
		if (!json_is_string(v))
			break;
		if (bm_date_parse(json_string_value(v), &d) != 0 ||
		    strlen(json_string_value(v)) != json_string_length(v))
			return bad(err, path, "invalid_date", "%s must be a date YYYY-MM-DD", path);
		memcpy(slot, &d, sizeof(d));
		return 0;
	}
	case FS_INT: {
		int64_t x;
		if (!json_is_integer(v))
			break;
		x = json_integer_value(v);
		if (x < f->min || x > f->max)
			return bad(err, path, "invalid_value", "%s must be in %lld..%lld", path,
				   (long long)f->min, (long long)f->max);
		memcpy(slot, &x, sizeof(x));
		return 0;
	}
	case FS_BOOL: {
		int b;
		if (!json_is_boolean(v))
			break;
		b = json_is_true(v);
		memcpy(slot, &b, sizeof(b));
		return 0;
	}
	case FS_STRS: {
		struct fs_strs list;
		size_t n;
		if (!json_is_array(v))
			break;
		n = json_array_size(v);
		if ((int64_t)n < f->min || (int64_t)n > f->max)
			return bad(err, path, "invalid_length", "%s must have %lld..%lld items",
				   path, (long long)f->min, (long long)f->max);
		list.n = n;
		list.v = arena_alloc(a, (n + 1) * sizeof(char *));
		if (list.v == NULL)
			return bm_err_set(err, BM_ETOOBIG, "too_large", path, "request too large");
		for (size_t i = 0; i < n; i++) {
			json_t *item = json_array_get(v, i);
			char ipath[FIELD_PATH_MAX + 24];
			int w = snprintf(ipath, sizeof(ipath), "%s[%zu]", path, i);
			if (w < 0 || (size_t)w >= sizeof(ipath))
				return bad(err, path, "invalid_length", "%s is too deep", path);
			if (!json_is_string(item))
				return bad(err, ipath, "invalid_type", "%s must be a string",
					   ipath);
			if (strlen(json_string_value(item)) != json_string_length(item))
				return bad(err, ipath, "invalid_text", "%s must not contain NUL",
					   ipath);
			if (check_text(json_string_value(item), f, 1, f->item_max, ipath, err) != 0)
				return BM_EINVAL;
			list.v[i] = arena_strdup(a, json_string_value(item));
			if (list.v[i] == NULL)
				return bm_err_set(err, BM_ETOOBIG, "too_large", path,
						  "request too large");
		}
		memcpy(slot, &list, sizeof(list));
		return 0;
	}
	case FS_OBJS: {
		struct fs_objs list;
		size_t n;
		if (!json_is_array(v))
			break;
		n = json_array_size(v);
		if ((int64_t)n < f->min || (int64_t)n > f->max)
			return bad(err, path, "invalid_length", "%s must have %lld..%lld items",
				   path, (long long)f->min, (long long)f->max);
		list.n = n;
		list.v = arena_alloc(a, (n + 1) * sizeof(void *));
		if (list.v == NULL)
			return bm_err_set(err, BM_ETOOBIG, "too_large", path, "request too large");
		for (size_t i = 0; i < n; i++) {
			char ipath[FIELD_PATH_MAX + 24];
			json_t *item = json_array_get(v, i);
			int w = snprintf(ipath, sizeof(ipath), "%s[%zu]", path, i);
			if (w < 0 || (size_t)w >= sizeof(ipath))
				return bad(err, path, "invalid_length", "%s is too deep", path);
			if (!json_is_object(item))
				return bad(err, ipath, "invalid_type", "%s must be an object",
					   ipath);
			list.v[i] = arena_alloc(a, f->sub->size);
			if (list.v[i] == NULL)
				return bm_err_set(err, BM_ETOOBIG, "too_large", path,
						  "request too large");
			if (fs_decode_object(f->sub, item, 0, ipath, a, list.v[i], err) != 0)
				return err != NULL && err->code != 0 ? err->code : BM_EINVAL;
		}
		memcpy(slot, &list, sizeof(list));
		return 0;
	}
	case FS_OBJ: {
		void *sub;
		if (!json_is_object(v))
			break;
		sub = arena_alloc(a, f->sub->size);
		if (sub == NULL)
			return bm_err_set(err, BM_ETOOBIG, "too_large", path, "request too large");
		if (fs_decode_object(f->sub, v, 0, path, a, sub, err) != 0)
			return err != NULL && err->code != 0 ? err->code : BM_EINVAL;
		memcpy(slot, &sub, sizeof(sub));
		return 0;
	}
	}
	return bad(err, path, "invalid_type", "%s must be %s", path, type_word(f->type));
}

int fs_decode_object(const struct fs_spec *spec, json_t *obj, int from_query, const char *prefix,
		     struct arena *a, void *out, struct bm_err *err)
{
	uint64_t present = 0;
	const char *key;
	json_t *v;
	int rc;

	json_object_foreach(obj, key, v)
	{
		char path[FIELD_PATH_MAX];
		size_t i;

		snprintf(path, sizeof(path), "%s%s%s", prefix, prefix[0] ? "." : "", key);
		for (i = 0; i < spec->n; i++)
			if (strcmp(spec->fields[i].name, key) == 0)
				break;
		if (i == spec->n)
			return bad(err, path, "unknown_field", "unknown field %s", path);
		rc = decode_field(&spec->fields[i], v, from_query, path, a, out, err);
		if (rc != 0)
			return rc;
		present |= (uint64_t)1 << i;
	}
	for (size_t i = 0; i < spec->n; i++) {
		if ((spec->fields[i].flags & FS_REQUIRED) && !(present >> i & 1)) {
			char path[FIELD_PATH_MAX];
			snprintf(path, sizeof(path), "%s%s%s", prefix, prefix[0] ? "." : "",
				 spec->fields[i].name);
			return bad(err, path, "missing_field", "%s is required", path);
		}
	}
	memcpy(out, &present, sizeof(present));
	return 0;
}

int fs_decode_body(const struct fs_spec *spec, const char *body, size_t len, struct arena *a,
		   void **out, struct bm_err *err)
{
	json_error_t jerr;
	json_t *root;
	int rc;

	*out = arena_alloc(a, spec->size);
	if (*out == NULL)
		return bm_err_set(err, BM_ETOOBIG, "too_large", NULL, "request too large");
	root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		return bm_err_set(err, BM_EINVAL, "malformed_json", "",
				  "malformed JSON at line %d "
				  "column %d: %s",
				  jerr.line, jerr.column, jerr.text);
	if (!json_is_object(root)) {
		json_decref(root);
		return bm_err_set(err, BM_EINVAL, "invalid_type", "",
				  "the body must be a JSON object");
	}
	rc = fs_decode_object(spec, root, 0, "", a, *out, err);
	json_decref(root);
	return rc;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decode [s, s+n) into a new arena string; NULL on bad encoding. */
static char *pct_decode(struct arena *a, const char *s, size_t n)
{
	char *out = arena_alloc(a, n + 1), *o = out;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			*o++ = ' ';
		} else if (s[i] == '%') {
			int hi, lo;
			if (i + 2 >= n)
				return NULL;
			hi = hexval(s[i + 1]);
			lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return NULL;
			*o++ = (char)(hi << 4 | lo);
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

int fs_decode_query(const struct fs_spec *spec, const char *query, size_t len, struct arena *a,
		    void **out, struct bm_err *err)
{
	json_t *obj = json_object();
	const char *p = query, *end = query + len;
	int rc = 0;

	*out = arena_alloc(a, spec->size);
	if (*out == NULL || obj == NULL) {
		json_decref(obj);
		return bm_err_set(err, BM_ETOOBIG, "too_large", NULL, "request too large");
	}
	while (p < end && rc == 0) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp != NULL ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(stop - p));
		char *name, *value;

		if (stop == p) {
			p = stop + 1;
			continue;
		}
		name = pct_decode(a, p, (size_t)((eq != NULL ? eq : stop) - p));
		value = eq != NULL ? pct_decode(a, eq + 1, (size_t)(stop - eq - 1))
				   : arena_strdup(a, "");
		if (name == NULL || value == NULL) {
			rc = bm_err_set(err, BM_EINVAL, "malformed_query", "",
					"malformed query string");
		} else if (!bm_text_ok(name, 64, 0)) {
			rc = bm_err_set(err, BM_EINVAL, "malformed_query", "",
					"query parameter names must be short UTF-8 text");
		} else if (!bm_text_ok(value, 4096, 0)) {
			rc = bm_err_set(err, BM_EINVAL, "malformed_query", name,
					"query values must be UTF-8 text");
		} else if (json_object_get(obj, name) != NULL) {
			rc = bm_err_set(err, BM_EINVAL, "duplicate_field", name, "%s given twice",
					name);
		} else {
			json_object_set_new(obj, name, json_string(value));
		}
		p = stop + 1;
	}
	if (rc == 0)
		rc = fs_decode_object(spec, obj, 1, "", a, *out, err);
	json_decref(obj);
	return rc;
}
