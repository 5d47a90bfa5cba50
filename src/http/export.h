/*
 * export.h - a list as a file to download: CSV or XLSX, with column titles in Chinese
 * or English.
 *
 * A list endpoint that offers exports takes `format=csv|xlsx` (and `lang=zh-CN|en`,
 * zh-CN by default) in its query, collects up to EXPORT_ROWS_MAX items as the JSON
 * objects its page would hold, and hands them to export_reply with a column table.
 * So an export shows exactly what the caller may see in the list, and nothing the
 * list would not.
 *
 * CSV is RFC 4180 in UTF-8 with a byte-order mark (so spreadsheet programs read the
 * Chinese), CRLF line ends, every field quoted. A text field that a spreadsheet would
 * run as a formula (first character = + - @, tab or CR) is prefixed with an
 * apostrophe (the OWASP CSV-injection defence). XLSX is written by libxlsxwriter with
 * every cell a string, so nothing is ever a formula; the title row is bold and frozen.
 */
#ifndef BM_EXPORT_H
#define BM_EXPORT_H

#include <jansson.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

#define EXPORT_ROWS_MAX 10000	    /* rows in one file; a longer list is refused */
#define EXPORT_FILE_MAX (64u << 20) /* bytes of one file */

/* The values of the `format` query member, in the order of enum export_format. */
enum export_format { EXPORT_CSV, EXPORT_XLSX };
extern const char *const export_format_names[]; /* { "csv", "xlsx", NULL } */
extern const char *const export_lang_names[];	/* { "zh-CN", "en", NULL } */

struct export_col {
	const char *title_zh, *title_en;
	/* The member of each item to show, as a dotted path ("unit.name"); path_en is
	 * used in English when not NULL. Strings show as they are, numbers in decimal,
	 * booleans as 是/否 or yes/no, null and missing members as an empty cell, arrays
	 * as their elements joined by "、" or "; ", and an object {"zh-CN", "en"} (the
	 * API's texts) as one of its two. */
	const char *path_zh, *path_en;
	/* Optional: the words for a code (a state name, say); NULL keeps the code. */
	const char *(*label)(const char *code, int zh);
};

/*
 * Render items (a JSON array of objects) as a file of format f into out (whose max
 * bounds it): a title row, then one row per item. 0; BM_ETOOBIG when there are more
 * than EXPORT_ROWS_MAX items or the file would pass out's max; BM_EINTERNAL when the
 * XLSX writer fails.
 */
int export_render(enum export_format f, int zh, const struct export_col *cols, size_t ncols,
		  const json_t *items, struct buf *out, struct bm_err *err);

struct reqctx;

/* Answer rc with items (consumed) as the file base.csv or base.xlsx (an attachment), in
 * the language lang (an export_lang_names index: the decoded `lang` query member, 0
 * when absent). 0, or the error of export_render for the dispatcher to answer. The
 * columns of an array: EXPORT_COLS(array). */
int export_reply(struct reqctx *rc, enum export_format f, int lang, const char *base,
		 const struct export_col *cols, size_t ncols, json_t *items);
#define EXPORT_COLS(a) (a), (sizeof(a) / sizeof((a)[0]))

#endif
