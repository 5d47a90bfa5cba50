/*
 * csv.c - reading CSV (csv.h).
 */
#include <string.h>

#include "base/csv.h"
#include "base/str.h"
#include "base/banned.h"

void csv_init(struct csv_reader *r, const char *data, size_t len)
{
	r->p = data;
	r->end = data + len;
	r->line = 1;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		r->p += 3;
}

/* Refuse at line, leaving the reader at the end. */
static int refuse(struct csv_reader *r, int line, const char *why, struct bm_err *err)
{
	r->p = r->end;
	return bm_err_set(err, BM_EINVAL, "invalid_csv", "csv", "line %d: %s", line, why);
}

/* The field [s, s + len) with "" read as one quote when quoted, checked, copied into a.
 */
static int field_copy(struct csv_reader *r, struct arena *a, const char *s, size_t len, int quoted,
		      int line, char **out, struct bm_err *err)
{
	char *f;
	size_t o = 0;

	if (len > CSV_FIELD_MAX)
		return refuse(r, line, "a field is longer than the limit", err);
	f = arena_alloc(a, len + 1);
	if (f == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	for (size_t i = 0; i < len; i++) {
		f[o++] = s[i];
		if (quoted && s[i] == '"')
			i++; /* the second quote of "" */
	}
	f[o] = '\0';
	if (memchr(s, '\0', len) != NULL || !bm_text_ok(f, CSV_FIELD_MAX, quoted))
		return refuse(r, line, "a field is not valid UTF-8 text", err);
	*out = f;
	return 0;
}

int csv_next(struct csv_reader *r, struct arena *a, char **fields, size_t max, size_t *n, int *line,
	     struct bm_err *err)
{
	*n = 0;
	/* empty lines are no records */
	while (r->p < r->end && (*r->p == '\n' || *r->p == '\r')) {
		if (*r->p == '\n')
			r->line++;
		r->p++;
	}
	if (r->p == r->end)
		return 0;
	*line = r->line;
	for (;;) {
		const char *s = r->p;
		int quoted = s < r->end && *s == '"', rc;
		size_t len;

		if (quoted) {
			const char *q = ++s;
			for (;;) {
				q = memchr(q, '"', (size_t)(r->end - q));
				if (q == NULL)
					return refuse(r, *line, "a quoted field is never closed",
						      err);
				if (q + 1 < r->end && q[1] == '"') {
					q += 2;
					continue;
				}
				break;
			}
			len = (size_t)(q - s);
			for (const char *c = s; c < q; c++)
				r->line += *c == '\n';
			r->p = q + 1;
			if (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r')
				return refuse(r, *line, "a character follows a closing quote", err);
		} else {
			while (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r')
				r->p++;
			len = (size_t)(r->p - s);
			if (memchr(s, '"', len) != NULL)
				return refuse(r, *line, "a quote inside an unquoted field", err);
		}
		if (*n == max)
			return refuse(r, *line, "the record has too many fields", err);
		rc = field_copy(r, a, s, len, quoted, *line, &fields[*n], err);
		if (rc != 0)
			return rc;
		(*n)++;
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		/* the record's end: CRLF, LF, a lone CR, or the data's end */
		if (r->p < r->end && *r->p == '\r')
			r->p++;
		if (r->p < r->end && *r->p == '\n')
			r->p++;
		r->line++;
		return 1;
	}
}
