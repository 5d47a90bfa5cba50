/*
 * csv.h - reading CSV (RFC 4180) as spreadsheets export it, for imports.
 *
 * Fields are separated by commas and records by CRLF or LF. A field that starts with a
 * double quote runs to the matching closing quote and may hold commas, line breaks and
 * "" for a quote; nothing but a comma or the record's end may follow the closing
 * quote. A UTF-8 byte order mark at the start (Excel writes one) is skipped, and so
 * are empty lines. Every field must be valid UTF-8 without control characters (tab,
 * CR and LF allowed inside a quoted field).
 */
#ifndef BM_CSV_H
#define BM_CSV_H

#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"

#define CSV_FIELD_MAX 8192 /* bytes in one field */

struct csv_reader {
	const char *p, *end;
	int line; /* the line the next record starts on, from 1 */
};

/* Read data[0..len) (not NUL-terminated; it must outlive the reader). */
void csv_init(struct csv_reader *r, const char *data, size_t len);

/*
 * The next record: its fields as NUL-terminated copies in arena a (the caller's to
 * change), at most max of them,
 * into fields[0..*n); *line gets the line it started on. 1 for a record; 0 at the end;
 * BM_EINVAL "invalid_csv" (field "csv") naming the line when a quote is never closed,
 * a character follows a closing quote, the record has more than max fields, a field
 * passes CSV_FIELD_MAX bytes or is not valid text (above); BM_EINTERNAL when a is
 * full. After an error the reader stays at the end.
 */
int csv_next(struct csv_reader *r, struct arena *a, char **fields, size_t max, size_t *n, int *line,
	     struct bm_err *err);

#endif
