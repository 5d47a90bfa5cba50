/*
 * export.c - lists as CSV or XLSX files (export.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "http/api.h"
#include "http/export.h"
#include "http/http.h"
#include "base/banned.h"

const char *const export_format_names[] = { "csv", "xlsx", NULL };
const char *const export_lang_names[] = { "zh-CN", "en", NULL };

#define CELL_MAX	(32u << 10) /* bytes of one cell's text (XLSX allows 32,767) */
#define PATH_DEPTH_MAX	8
#define PATH_MEMBER_MAX 64

/* The member of item at the dotted path, or NULL. */
static const json_t *member_at(const json_t *item, const char *path)
{
	const json_t *j = item;
	const char *p = path;

	for (int depth = 0; j != NULL && depth < PATH_DEPTH_MAX; depth++) {
		const char *dot = strchr(p, '.');
		size_t n = dot != NULL ? (size_t)(dot - p) : strlen(p);
		char key[PATH_MEMBER_MAX];

		if (!json_is_object(j) || n == 0 || n >= sizeof(key))
			return NULL;
		memcpy(key, p, n);
		key[n] = '\0';
		j = json_object_get(j, key);
		if (dot == NULL)
			return j;
		p = dot + 1;
	}
	return NULL;
}

/* Append the words of the scalar or {zh, en} object v to cell. */
static int scalar_text(struct buf *cell, const json_t *v, const struct export_col *c, int zh)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		return buf_puts(cell, c->label != NULL ? c->label(json_string_value(v), zh)
						       : json_string_value(v));
	case JSON_INTEGER:
		return buf_printf(cell, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	case JSON_REAL:
		return buf_printf(cell, "%.15g", json_real_value(v));
	case JSON_TRUE:
		return buf_puts(cell, zh ? "是" : "yes");
	case JSON_FALSE:
		return buf_puts(cell, zh ? "否" : "no");
	case JSON_OBJECT: {
		const json_t *t = json_object_get(v, zh ? "zh-CN" : "en");
		return json_is_string(t) ? buf_puts(cell, json_string_value(t)) : 0;
	}
	default: /* null; arrays inside arrays are not shown */
		return 0;
	}
}

/* The text of column c for item into cell (reset first). */
static int cell_text(struct buf *cell, const json_t *item, const struct export_col *c, int zh)
{
	const char *path = !zh && c->path_en != NULL ? c->path_en : c->path_zh;
	const json_t *v = member_at(item, path);
	size_t i;
	const json_t *e;
	int rc = 0;

	buf_reset(cell);
	if (v == NULL)
		return 0;
	if (!json_is_array(v))
		return scalar_text(cell, v, c, zh);
	json_array_foreach(v, i, e)
	{
		if (i > 0)
			rc = buf_puts(cell, zh ? "、" : "; ");
		if (rc == 0)
			rc = scalar_text(cell, e, c, zh);
		if (rc != 0)
			break;
	}
	return rc;
}

static const char *title(const struct export_col *c, int zh)
{
	return zh ? c->title_zh : c->title_en;
}

/* One CSV field: quoted, quotes doubled, a formula-looking text defused. */
static int csv_field(struct buf *out, const char *s, size_t len, int first)
{
	int rc = first ? 0 : buf_putc(out, ',');

	if (rc == 0)
		rc = buf_putc(out, '"');
	if (rc == 0 && len > 0 && strchr("=+-@\t\r", s[0]) != NULL)
		rc = buf_putc(out, '\'');
	for (size_t i = 0; rc == 0 && i < len; i++)
		rc = s[i] == '"' ? buf_puts(out, "\"\"") : buf_putc(out, s[i]);
	return rc == 0 ? buf_putc(out, '"') : rc;
}

static int render_csv(int zh, const struct export_col *cols, size_t ncols, const json_t *items,
		      struct buf *out, struct buf *cell)
{
	size_t i;
	const json_t *item;
	int rc = buf_puts(out, "\xEF\xBB\xBF");

	for (size_t k = 0; rc == 0 && k < ncols; k++) {
		const char *t = title(&cols[k], zh);
		rc = csv_field(out, t, strlen(t), k == 0);
	}
	if (rc == 0)
		rc = buf_puts(out, "\r\n");
	json_array_foreach(items, i, item)
	{
		for (size_t k = 0; rc == 0 && k < ncols; k++) {
			rc = cell_text(cell, item, &cols[k], zh);
			if (rc == 0)
				rc = csv_field(out, cell->data != NULL ? cell->data : "", cell->len,
					       k == 0);
		}
		if (rc == 0)
			rc = buf_puts(out, "\r\n");
		if (rc != 0)
			break;
	}
	return rc;
}

/* Read the file at path into out. */
static int slurp(const char *path, struct buf *out, struct bm_err *err)
{
	char chunk[16384];
	size_t n;
	FILE *f = fopen(path, "rb");
	int rc = 0;

	if (f == NULL)
		return bm_err_set(err, BM_EINTERNAL, "export_failed", NULL,
				  "cannot read the spreadsheet back: %s", strerror(errno));
	while (rc == 0 && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rc = buf_append(out, chunk, n);
	if (rc == 0 && ferror(f))
		rc = bm_err_set(err, BM_EINTERNAL, "export_failed", NULL,
				"cannot read the spreadsheet back");
	else if (rc != 0)
		rc = bm_err_set(err, BM_ETOOBIG, "too_large", NULL,
				"the spreadsheet is larger than %zu bytes", out->max);
	fclose(f);
	return rc;
}

/* Write the sheet; the workbook is closed (and freed) by the caller. */
static int fill_sheet(lxw_workbook *wb, int zh, const struct export_col *cols, size_t ncols,
		      const json_t *items, struct buf *cell)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, zh ? "列表" : "List");
	lxw_format *bold = workbook_add_format(wb);
	size_t i;
	const json_t *item;

	if (ws == NULL || bold == NULL)
		return -1;
	format_set_bold(bold);
	for (size_t k = 0; k < ncols; k++) {
		if (worksheet_write_string(ws, 0, (lxw_col_t)k, title(&cols[k], zh), bold) !=
		    LXW_NO_ERROR)
			return -1;
		worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, 18, NULL);
	}
	worksheet_freeze_panes(ws, 1, 0);
	json_array_foreach(items, i, item)
	{
		for (size_t k = 0; k < ncols; k++) {
			if (cell_text(cell, item, &cols[k], zh) != 0)
				return -1;
			if (cell->len == 0)
				continue;
			if (worksheet_write_string(ws, (lxw_row_t)(i + 1), (lxw_col_t)k, cell->data,
						   NULL) != LXW_NO_ERROR)
				return -1;
		}
	}
	return 0;
}

static int render_xlsx(int zh, const struct export_col *cols, size_t ncols, const json_t *items,
		       struct buf *out, struct buf *cell, struct bm_err *err)
{
	const char *tmp = getenv("TMPDIR");
	char dir[512], path[600];
	lxw_workbook_options opt = { 0 };
	lxw_workbook *wb;
	int rc;

	/* libxlsxwriter writes a file: a private directory keeps it from others */
	snprintf(dir, sizeof(dir), "%s/baomi-export-XXXXXX",
		 tmp != NULL && tmp[0] == '/' ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		return bm_err_set(err, BM_EINTERNAL, "export_failed", NULL,
				  "cannot make a temporary directory: %s", strerror(errno));
	snprintf(path, sizeof(path), "%s/list.xlsx", dir);
	opt.tmpdir = dir;
	wb = workbook_new_opt(path, &opt);
	if (wb == NULL) {
		rmdir(dir);
		return bm_err_set(err, BM_EINTERNAL, "export_failed", NULL,
				  "cannot start the spreadsheet");
	}
	rc = fill_sheet(wb, zh, cols, ncols, items, cell);
	if (workbook_close(wb) != LXW_NO_ERROR || rc != 0)
		rc = bm_err_set(err, BM_EINTERNAL, "export_failed", NULL,
				"cannot write the spreadsheet");
	else
		rc = slurp(path, out, err);
	unlink(path);
	rmdir(dir);
	return rc;
}

int export_render(enum export_format f, int zh, const struct export_col *cols, size_t ncols,
		  const json_t *items, struct buf *out, struct bm_err *err)
{
	struct buf cell;
	int rc;

	if (json_array_size(items) > EXPORT_ROWS_MAX)
		return bm_err_set(err, BM_ETOOBIG, "too_many_rows", NULL,
				  "an export holds at most %d rows; narrow the list",
				  EXPORT_ROWS_MAX);
	buf_init(&cell, CELL_MAX);
	if (f == EXPORT_XLSX) {
		rc = render_xlsx(zh, cols, ncols, items, out, &cell, err);
	} else {
		rc = render_csv(zh, cols, ncols, items, out, &cell);
		if (rc != 0)
			rc = bm_err_set(err, BM_ETOOBIG, "too_large", NULL,
					"the file would be larger than %zu bytes, or a cell "
					"longer than %u",
					out->max, CELL_MAX);
	}
	buf_release(&cell);
	return rc;
}

int export_reply(struct reqctx *rc, enum export_format f, int lang, const char *base,
		 const struct export_col *cols, size_t ncols, json_t *items)
{
	struct buf out;
	char name[128];
	int ret;

	buf_init(&out, EXPORT_FILE_MAX);
	ret = export_render(f, lang == 0, cols, ncols, items, &out, &rc->err);
	json_decref(items);
	if (ret == 0) {
		snprintf(name, sizeof(name), "%s.%s", base, export_format_names[f]);
		api_attachment_header(rc, name);
		ret = reply_bytes(rc, 200,
				  f == EXPORT_XLSX
					  ? "application/vnd.openxmlformats-officedocument."
					    "spreadsheetml.sheet"
					  : "text/csv; charset=utf-8",
				  out.data != NULL ? out.data : "", out.len);
	}
	buf_release(&out);
	return ret;
}
