/*
 * fuzz_csv.c - libFuzzer target for the CSV reader (base/csv.c), which reads the
 * spreadsheets users upload (the paper-certificate import).
 *
 * Input: the document bytes (an exactly-sized, unterminated copy).
 * Every call answers a record, the end, or BM_EINVAL "invalid_csv" with a reportable
 * error, after which the reader stays at the end. A record has 1..FIELDS fields,
 * each valid text of at most CSV_FIELD_MAX bytes; records start on increasing lines.
 * Writing the records back with every field quoted and reading that again gives the
 * same records (the reader loses nothing a writer can express).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/csv.h"
#include "base/err.h"
#include "base/str.h"
#include "fuzz.h"
#include "base/banned.h"

#define FIELDS 16

/* Read every record of data[0..len) into a NUL-separated list of fields ("\x1e" ends
 * a record) in out; the reader's last answer. */
static int read_all(const char *data, size_t len, struct buf *out, struct bm_err *err)
{
	struct csv_reader r;
	struct arena a;
	char *f[FIELDS];
	size_t n;
	int line = 0, last = 0, rc;

	arena_init(&a, 64u << 20);
	csv_init(&r, data, len);
	while ((rc = csv_next(&r, &a, f, FIELDS, &n, &line, err)) == 1) {
		if (n < 1 || n > FIELDS)
			fuzz_fail("a record of %zu fields", n);
		if (line <= last)
			fuzz_fail("record on line %d after one on line %d", line, last);
		last = line;
		for (size_t i = 0; i < n; i++) {
			if (strlen(f[i]) > CSV_FIELD_MAX || !bm_text_ok(f[i], CSV_FIELD_MAX, 1))
				fuzz_fail("field %zu of line %d is not valid text", i, line);
			if (buf_append(out, f[i], strlen(f[i]) + 1) != 0)
				fuzz_fail("out of memory");
		}
		if (buf_append(out, "\x1e", 1) != 0)
			fuzz_fail("out of memory");
		arena_release(&a);
		arena_init(&a, 64u << 20);
	}
	if (rc != 0) {
		if (rc != BM_EINVAL || strcmp(err->ecode, "invalid_csv") != 0)
			fuzz_fail("csv_next returned %d (%s)", rc, err->ecode);
		fuzz_check_reportable(rc, err);
		if (csv_next(&r, &a, f, FIELDS, &n, &line, err) != 0)
			fuzz_fail("the reader goes on after an error");
	}
	arena_release(&a);
	return rc;
}

/* The records of list (read_all's form) written back as CSV, every field quoted. */
static void write_all(const struct buf *list, struct buf *csv)
{
	int first = 1;

	for (size_t i = 0; i < list->len; i++) {
		const char *p = (const char *)list->data + i;
		if (*p == '\x1e') {
			buf_append(csv, "\r\n", 2);
			first = 1;
			continue;
		}
		if (!first)
			buf_append(csv, ",", 1);
		buf_append(csv, "\"", 1);
		for (; *p != '\0'; p++, i++)
			buf_append(csv, *p == '"' ? "\"\"" : p, 1 + (*p == '"'));
		buf_append(csv, "\"", 1);
		first = 0;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = fuzz_copy(data, size);
	struct buf first, again, csv;
	struct bm_err err;

	if (copy == NULL)
		return 0;
	buf_init(&first, (size_t)256 << 20);
	buf_init(&again, (size_t)256 << 20);
	buf_init(&csv, (size_t)512 << 20);
	bm_err_clear(&err);
	if (read_all(copy, size, &first, &err) == 0) {
		write_all(&first, &csv);
		if (read_all((const char *)csv.data, csv.len, &again, &err) != 0)
			fuzz_fail("the written-back records do not read: %s", err.message);
		if (again.len != first.len ||
		    (first.len > 0 && memcmp(again.data, first.data, first.len) != 0))
			fuzz_fail("records change when written back and read again");
	}
	buf_release(&first);
	buf_release(&again);
	buf_release(&csv);
	free(copy);
	return 0;
}
