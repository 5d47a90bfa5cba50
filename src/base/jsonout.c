/*
 * jsonout.c - compact JSON writer over jansson trees.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "base/jsonout.h"
#include "base/timeutil.h"
#include "base/banned.h"

static int write_string(const char *s, size_t len, struct buf *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t start = 0;
	int rc = buf_putc(out, '"');

	for (size_t i = 0; rc == 0 && i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[6];
		size_t n = 2;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		rc = buf_append(out, s + start, i - start);
		esc[0] = '\\';
		switch (c) {
		case '"':
			esc[1] = '"';
			break;
		case '\\':
			esc[1] = '\\';
			break;
		case '\n':
			esc[1] = 'n';
			break;
		case '\r':
			esc[1] = 'r';
			break;
		case '\t':
			esc[1] = 't';
			break;
		case '\b':
			esc[1] = 'b';
			break;
		case '\f':
			esc[1] = 'f';
			break;
		default:
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			n = 6;
		}
		if (rc == 0)
			rc = buf_append(out, esc, n);
		start = i + 1;
	}
	if (rc == 0)
		rc = buf_append(out, s + start, len - start);
	return rc != 0 ? rc : buf_putc(out, '"');
}

static int write_integer(json_int_t v, struct buf *out)
{
	char tmp[24];
	char *p = tmp + sizeof(tmp);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	return buf_append(out, p, (size_t)(tmp + sizeof(tmp) - p));
}

int json_write(const json_t *j, struct buf *out)
{
	int rc = 0;

	if (j == NULL)
		return BM_EINVAL;
	switch (json_typeof(j)) {
	case JSON_OBJECT: {
		const char *key;
		json_t *v;
		int first = 1;
		rc = buf_putc(out, '{');
		json_object_foreach((json_t *)j, key, v)
		{
			if (rc == 0 && !first)
				rc = buf_putc(out, ',');
			first = 0;
			if (rc == 0)
				rc = write_string(key, strlen(key), out);
			if (rc == 0)
				rc = buf_putc(out, ':');
			if (rc == 0)
				rc = json_write(v, out);
			if (rc != 0)
				break;
		}
		return rc != 0 ? rc : buf_putc(out, '}');
	}
	case JSON_ARRAY:
		rc = buf_putc(out, '[');
		for (size_t i = 0; rc == 0 && i < json_array_size(j); i++) {
			if (i > 0)
				rc = buf_putc(out, ',');
			if (rc == 0)
				rc = json_write(json_array_get(j, i), out);
		}
		return rc != 0 ? rc : buf_putc(out, ']');
	case JSON_STRING:
		return write_string(json_string_value(j), json_string_length(j), out);
	case JSON_INTEGER:
		return write_integer(json_integer_value(j), out);
	case JSON_REAL: {
		double d = json_real_value(j);
		if (!isfinite(d))
			return BM_EINVAL;
		return buf_printf(out, "%.17g", d);
	}
	case JSON_TRUE:
		return buf_puts(out, "true");
	case JSON_FALSE:
		return buf_puts(out, "false");
	case JSON_NULL:
		return buf_puts(out, "null");
	}
	return BM_EINVAL;
}

json_t *json_date(int32_t day)
{
	char t[BM_DATE_LEN];

	if (day == 0)
		return json_null();
	bm_date_format(day, t);
	return json_string(t);
}
