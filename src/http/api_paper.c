/*
 * api_paper.c - registering the certificates a bureau issued on paper
 * (service/certs_paper.h holds the rules): register, list, read, confirm, reject.
 */
#include <h2o.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "http/api.h"
#include "service/certs_paper.h"
#include "base/banned.h"

/* ---- request shapes ---- */

struct paper_new_in {
	uint64_t present;
	int64_t unit_id;
	const char *number, *scheme, *grade;
	struct fs_strs categories;
	int32_t paper_issued, valid_from, valid_until;
	const char *note;
};
static const struct fs_field paper_new_fields[] = {
	{ "unit_id", FS_INT, FS_REQUIRED, offsetof(struct paper_new_in, unit_id), 1, INT64_MAX, 0,
	  NULL, NULL },
	{ "number", FS_STR, FS_REQUIRED, offsetof(struct paper_new_in, number), 1, CERT_NUMBER_MAX,
	  0, NULL, NULL },
	{ "scheme", FS_STR, FS_REQUIRED, offsetof(struct paper_new_in, scheme), 1, CERT_SCHEME_MAX,
	  0, NULL, NULL },
	{ "grade", FS_STR, FS_REQUIRED, offsetof(struct paper_new_in, grade), 1, CERT_GRADE_MAX, 0,
	  NULL, NULL },
	{ "categories", FS_STRS, FS_REQUIRED, offsetof(struct paper_new_in, categories), 1,
	  CERT_CATEGORIES_MAX, CERT_CATEGORY_MAX, NULL, NULL },
	{ "paper_issued", FS_DATE, FS_REQUIRED, offsetof(struct paper_new_in, paper_issued), 0, 0,
	  0, NULL, NULL },
	{ "valid_from", FS_DATE, FS_REQUIRED, offsetof(struct paper_new_in, valid_from), 0, 0, 0,
	  NULL, NULL },
	{ "valid_until", FS_DATE, FS_REQUIRED, offsetof(struct paper_new_in, valid_until), 0, 0, 0,
	  NULL, NULL },
	{ "note", FS_STR, FS_MULTILINE, offsetof(struct paper_new_in, note), 0, PAPER_NOTE_MAX, 0,
	  NULL, NULL },
};
const struct fs_spec spec_paper_new = FS_SPEC(paper_new_fields, struct paper_new_in);

static const char *const paper_states[] = { "pending", "confirmed", "rejected", NULL };
struct paper_query {
	uint64_t present;
	int state;
	int64_t limit, cursor;
};
static const struct fs_field paper_query_fields[] = {
	{ "state", FS_ENUM, 0, offsetof(struct paper_query, state), 0, 0, 0, paper_states, NULL },
	API_PAGE_FIELDS(struct paper_query),
};
const struct fs_spec spec_paper_query = FS_SPEC(paper_query_fields, struct paper_query);

struct paper_reject_in {
	uint64_t present;
	const char *reason;
};
static const struct fs_field paper_reject_fields[] = {
	{ "reason", FS_STR, FS_REQUIRED | FS_MULTILINE, offsetof(struct paper_reject_in, reason), 1,
	  PAPER_REASON_MAX, 0, NULL, NULL },
};
const struct fs_spec spec_paper_reject = FS_SPEC(paper_reject_fields, struct paper_reject_in);

/* ---- records as JSON ---- */

static json_t *paper_json(const void *rec)
{
	static const char *const can_names[] = { "confirm", "reject" };
	const struct paper_view *v = rec;
	const struct paper_rec *r = &v->r;
	json_t *cats = api_categories_json(NULL, r->categories, NULL);

	return json_pack("{s:I,s:I,s:{s:s,s:s},s:I,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:s,s:s,"
			 "s:o,s:o,s:o,s:o,s:s,s:o,s:I,s:o}",
			 "id", (json_int_t)r->id, "authority_id", (json_int_t)r->authority_id,
			 "authority", "zh-CN", v->authority, "en", v->authority_en, "unit_id",
			 (json_int_t)r->unit_id, "unit", v->unit_name, "uscc", v->uscc, "number",
			 r->number, "scheme", r->scheme_id, "grade", r->grade, "categories", cats,
			 "paper_issued", json_date(r->paper_issued), "valid_from",
			 json_date(r->valid_from), "valid_until", json_date(r->valid_until), "note",
			 r->note, "state", r->state, "registered_by", api_id_json(r->registered_by),
			 "registered_at", json_ts(r->registered_at), "decided_by",
			 api_id_json(r->decided_by), "decided_at", json_ts(r->decided_at), "reason",
			 r->reason, "certificate_id", api_id_json(r->certificate_id), "version",
			 (json_int_t)r->version, "can", api_can_json(v->can, can_names, 2));
}

static int reply_paper(struct reqctx *rc, int status, const struct paper_view *v)
{
	char loc[64];

	reply_etag(rc, v->r.version);
	if (status == 201) {
		snprintf(loc, sizeof(loc), "/api/v1/paper-registrations/%lld", (long long)v->r.id);
		reply_header(rc, "Location", loc);
	}
	return reply_json(rc, status, paper_json(v));
}

/* ---- handlers ---- */

int api_paper_list(struct reqctx *rc)
{
	const struct paper_query *q = rc->q;
	struct api_collect c = { json_array(), paper_json };
	int64_t before = 0;
	struct svc_page page = q != NULL ? api_page_of(q->present, 1, q->limit, q->cursor, &before)
					 : api_page_of(0, 1, 0, 0, &before);
	const char *state = q != NULL && FS_HAS(q, 0) ? paper_states[q->state] : NULL;
	int ret = paper_list(&rc->svc, state, before, &page, api_collect_visit, &c, &rc->err);

	return api_reply_page(rc, ret, c.items, page.next); /* page.next after the visit */
}

int api_paper_create(struct reqctx *rc)
{
	const struct paper_new_in *in = rc->in;
	struct paper_in p;
	struct paper_view *v = calloc(1, sizeof(*v));
	int ret;

	if (v == NULL)
		return bm_err_set(&rc->err, BM_EINTERNAL, NULL, NULL, "out of memory");
	memset(&p, 0, sizeof(p));
	p.unit_id = in->unit_id;
	p.number = in->number;
	p.scheme = in->scheme;
	p.grade = in->grade;
	p.categories = in->categories.v;
	p.ncategories = in->categories.n;
	p.paper_issued = in->paper_issued;
	p.valid_from = in->valid_from;
	p.valid_until = in->valid_until;
	p.note = FS_HAS(in, 8) ? in->note : NULL;
	ret = paper_register(&rc->svc, &p, v, &rc->err);
	if (ret == 0)
		ret = reply_paper(rc, 201, v);
	free(v);
	return ret;
}

int api_paper_get(struct reqctx *rc)
{
	struct paper_view *v = calloc(1, sizeof(*v));
	int64_t id;
	int ret = v != NULL ? req_id_param(rc, "id", &id)
			    : bm_err_set(&rc->err, BM_EINTERNAL, NULL, NULL, "out of memory");

	if (ret == 0)
		ret = paper_get(&rc->svc, id, v, &rc->err);
	if (ret == 0)
		ret = reply_paper(rc, 200, v);
	free(v);
	return ret;
}

int api_paper_confirm(struct reqctx *rc)
{
	struct paper_view *v = calloc(1, sizeof(*v));
	int64_t id, version;
	int ret = v != NULL ? api_change_of(rc, &id, &version)
			    : bm_err_set(&rc->err, BM_EINTERNAL, NULL, NULL, "out of memory");

	if (ret == 0)
		ret = paper_confirm(&rc->svc, id, version, v, &rc->err);
	if (ret == 0)
		ret = reply_paper(rc, 200, v);
	free(v);
	return ret;
}

int api_paper_reject(struct reqctx *rc)
{
	const struct paper_reject_in *in = rc->in;
	struct paper_view *v = calloc(1, sizeof(*v));
	int64_t id, version;
	int ret = v != NULL ? api_change_of(rc, &id, &version)
			    : bm_err_set(&rc->err, BM_EINTERNAL, NULL, NULL, "out of memory");

	if (ret == 0)
		ret = paper_reject(&rc->svc, id, version, in->reason, v, &rc->err);
	if (ret == 0)
		ret = reply_paper(rc, 200, v);
	free(v);
	return ret;
}

/* ---- the import of a spreadsheet ---- */

/* The import's columns, named in its header row in any order; note may be left out. */
enum {
	COL_USCC,
	COL_NUMBER,
	COL_SCHEME,
	COL_GRADE,
	COL_CATEGORIES,
	COL_ISSUED,
	COL_FROM,
	COL_UNTIL,
	COL_NOTE,
	COL_COUNT
};
static const char *const import_cols[COL_COUNT] = {
	"unit_uscc",	"number",     "scheme",	     "grade", "categories",
	"paper_issued", "valid_from", "valid_until", "note",
};
#define IMPORT_FIELDS_MAX 32 /* columns a header may have, the unknown ones refused */
/* one record's fields, each at most CSV_FIELD_MAX bytes */
#define IMPORT_RECORD_ARENA (IMPORT_FIELDS_MAX * (CSV_FIELD_MAX + 64) + 4096)

/* s without the spaces and tabs around it (cut in place). */
static char *trimmed(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

/* Map the header row's names to the columns: col[c] is the field index of column c,
 * -1 when absent (note only). */
static int header_map(struct reqctx *rc, char **f, size_t n, int col[COL_COUNT])
{
	for (int c = 0; c < COL_COUNT; c++)
		col[c] = -1;
	for (size_t i = 0; i < n; i++) {
		const char *name = trimmed(f[i]);
		int c = 0;
		while (c < COL_COUNT && strcmp(name, import_cols[c]) != 0)
			c++;
		if (c == COL_COUNT)
			return bm_err_set(&rc->err, BM_EINVAL, "invalid_import", "csv",
					  "unknown column \"%.64s\" in the header row", name);
		if (col[c] >= 0)
			return bm_err_set(&rc->err, BM_EINVAL, "invalid_import", "csv",
					  "column %s appears twice", name);
		col[c] = (int)i;
	}
	for (int c = 0; c < COL_NOTE; c++)
		if (col[c] < 0)
			return bm_err_set(&rc->err, BM_EINVAL, "invalid_import", "csv",
					  "the header row lacks column %s", import_cols[c]);
	return 0;
}

/* A date column of row into *out, or the row's refusal naming it. */
static void row_date(struct paper_row *row, const char *text, int c, int32_t *out)
{
	if (row->error.code == 0 && bm_date_parse(text, out) != 0)
		bm_err_set(&row->error, BM_EINVAL, "invalid_value", import_cols[c],
			   "not a date YYYY-MM-DD: \"%.32s\"", text);
}

/* Fill row from the record f[0..n) through col; what does not read is row->error. */
static void row_fill(struct reqctx *rc, struct paper_row *row, char **f, size_t n,
		     const int col[COL_COUNT])
{
	static char none[] = "";
	char *v[COL_COUNT];
	const char **cats;
	size_t ncats = 0;

	for (int c = 0; c < COL_COUNT; c++)
		v[c] = col[c] >= 0 && (size_t)col[c] < n ? f[col[c]] : none;
	for (int c = 0; c < COL_NOTE; c++)
		v[c] = trimmed(v[c]);
	row->in.uscc = v[COL_USCC];
	row->in.number = v[COL_NUMBER];
	row->in.scheme = v[COL_SCHEME];
	row->in.grade = v[COL_GRADE];
	row->in.note = v[COL_NOTE][0] != '\0' ? v[COL_NOTE] : NULL;
	/* categories: codes separated by semicolons (a comma would split the cell) */
	cats = arena_alloc(&rc->arena, (CERT_CATEGORIES_MAX + 1) * sizeof(*cats));
	for (char *p = v[COL_CATEGORIES]; cats != NULL && *p != '\0';) {
		char *semi = strchr(p, ';');
		if (semi != NULL)
			*semi = '\0';
		if (*trimmed(p) != '\0') {
			if (ncats == CERT_CATEGORIES_MAX) {
				bm_err_set(&row->error, BM_EINVAL, "invalid_value", "categories",
					   "at most %d categories", CERT_CATEGORIES_MAX);
				break;
			}
			cats[ncats++] = trimmed(p);
		}
		p = semi != NULL ? semi + 1 : p + strlen(p);
	}
	row->in.categories = cats;
	row->in.ncategories = ncats;
	for (int c = 0; row->error.code == 0 && c < COL_NOTE; c++)
		if (v[c][0] == '\0')
			bm_err_set(&row->error, BM_EINVAL, "missing_field", import_cols[c],
				   "%s is empty", import_cols[c]);
	if (row->error.code == 0 && bm_utf8_len(v[COL_NOTE]) > PAPER_NOTE_MAX)
		bm_err_set(&row->error, BM_EINVAL, "too_long", "note",
			   "a note is at most %d characters", PAPER_NOTE_MAX);
	row_date(row, v[COL_ISSUED], COL_ISSUED, &row->in.paper_issued);
	row_date(row, v[COL_FROM], COL_FROM, &row->in.valid_from);
	row_date(row, v[COL_UNTIL], COL_UNTIL, &row->in.valid_until);
}

/* 422 import_invalid with every row's refusal. */
static int reply_refused(struct reqctx *rc, const struct paper_import *imp)
{
	json_t *rows = json_array();

	for (size_t i = 0; i < imp->nerrors; i++) {
		const struct paper_import_error *e = &imp->errors[i];
		json_array_append_new(rows, json_pack("{s:i,s:s,s:s,s:s}", "line", e->line, "field",
						      e->err.field, "code", e->err.ecode, "message",
						      e->err.message));
	}
	return reply_json(rc, 422,
			  json_pack("{s:{s:s,s:s,s:s,s:o,s:I}}", "error", "code", rc->err.ecode,
				    "message", rc->err.message, "field", rc->err.field, "rows",
				    rows, "more", (json_int_t)imp->more_errors));
}

int api_paper_import(struct reqctx *rc)
{
	const char *type = req_header(rc, "content-type");
	const char *body = rc->req->entity.base != NULL ? rc->req->entity.base : "";
	struct paper_row *rows = calloc(PAPER_IMPORT_ROWS_MAX, sizeof(*rows));
	struct paper_import *imp = calloc(1, sizeof(*imp));
	char *f[IMPORT_FIELDS_MAX];
	struct csv_reader r;
	struct arena scratch;
	int col[COL_COUNT], line = 0, ret;
	size_t n = 0, nrows = 0;

	arena_init(&scratch, IMPORT_RECORD_ARENA);

	if (rows == NULL || imp == NULL)
		ret = bm_err_set(&rc->err, BM_EINTERNAL, NULL, NULL, "out of memory");
	else if (type == NULL || strncmp(type, "text/csv", 8) != 0)
		ret = bm_err_set(&rc->err, BM_EMEDIA, "unsupported_media_type", "Content-Type",
				 "send the spreadsheet as text/csv (UTF-8)");
	else {
		csv_init(&r, body, rc->req->entity.len);
		ret = csv_next(&r, &scratch, f, IMPORT_FIELDS_MAX, &n, &line, &rc->err);
		if (ret == 0)
			ret = bm_err_set(&rc->err, BM_EINVAL, "invalid_import", "csv",
					 "the file is empty: a header row comes first");
		ret = ret == 1 ? header_map(rc, f, n, col) : ret;
	}
	/* each record is read into a scratch arena and only the rows kept are copied, so
	 * that a file of empty rows costs no memory */
	while (ret == 0) {
		size_t k = 0;
		arena_release(&scratch);
		arena_init(&scratch, IMPORT_RECORD_ARENA);
		ret = csv_next(&r, &scratch, f, IMPORT_FIELDS_MAX, &n, &line, &rc->err);
		if (ret != 1)
			break;
		ret = 0;
		while (k < n && *trimmed(f[k]) == '\0')
			k++;
		if (k == n)
			continue; /* a row left empty */
		if (nrows == PAPER_IMPORT_ROWS_MAX) {
			ret = bm_err_set(&rc->err, BM_EINVAL, "invalid_import", "csv",
					 "an import holds at most %d certificates",
					 PAPER_IMPORT_ROWS_MAX);
			break;
		}
		for (k = 0; ret == 0 && k < n; k++)
			if ((f[k] = arena_strdup(&rc->arena, f[k])) == NULL)
				ret = bm_err_set(&rc->err, BM_ETOOBIG, "payload_too_large", "csv",
						 "the file is too large to import at once");
		if (ret == 0) {
			rows[nrows].line = line;
			row_fill(rc, &rows[nrows++], f, n, col);
		}
	}
	arena_release(&scratch);
	if (ret == 0)
		ret = paper_import(&rc->svc, rows, nrows, imp, &rc->err);
	if (ret == 0) {
		json_t *ids = json_array();
		for (size_t i = 0; i < imp->registered; i++)
			json_array_append_new(ids, json_integer(imp->ids[i]));
		ret = reply_json(rc, 201,
				 json_pack("{s:I,s:o}", "registered", (json_int_t)imp->registered,
					   "ids", ids));
	} else if (rc->err.code == BM_ERULE && strcmp(rc->err.ecode, "import_invalid") == 0) {
		ret = reply_refused(rc, imp);
	}
	free(rows);
	free(imp);
	return ret;
}
