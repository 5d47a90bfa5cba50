/*
 * files_repo.c - files, file_chunks, application_files.
 */
#include <string.h>

#include "base/str.h"
#include "store/db.h"
#include "store/files_repo.h"
#include "base/banned.h"

int files_repo_insert(struct db *db, struct file_rec *f, struct bm_err *err)
{
	return db_exec_int(
		db,
		"INSERT INTO files (name, type, size, sha256, wrapped_key, header, chunks,"
		" uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		DB_ARGS(DB_TEXT(f->name), DB_TEXT(f->type), DB_INT(f->size), DB_TEXT(f->sha256),
			DB_BLOB(f->wrapped_key, f->wrapped_len), DB_BLOB(f->header, f->header_len),
			DB_INT(f->chunks), DB_INT(f->uploaded_by), DB_INT(f->uploaded_at)),
		&f->id, err);
}

int files_repo_chunk_put(struct db *db, int64_t file_id, int64_t seq, const void *data, size_t len,
			 struct bm_err *err)
{
	return db_exec(db, "INSERT INTO file_chunks (file_id, seq, data) VALUES (?, ?, ?)",
		       DB_ARGS(DB_INT(file_id), DB_INT(seq), DB_BLOB(data, len)), NULL, err);
}

#define FILE_COLUMNS                                                                               \
	"f.id, f.name, f.type, f.size, f.sha256, f.wrapped_key, f.header, f.chunks,"               \
	" f.uploaded_by, f.uploaded_at"

static void file_read(struct db_stmt *st, int col, struct file_rec *f)
{
	size_t n;
	const void *p;

	memset(f, 0, sizeof(*f));
	f->id = db_int(st, col);
	bm_strlcpy(f->name, db_text(st, col + 1), sizeof(f->name));
	bm_strlcpy(f->type, db_text(st, col + 2), sizeof(f->type));
	f->size = db_int(st, col + 3);
	bm_strlcpy(f->sha256, db_text(st, col + 4), sizeof(f->sha256));
	p = db_blob(st, col + 5, &n);
	if (n <= sizeof(f->wrapped_key)) {
		memcpy(f->wrapped_key, p, n);
		f->wrapped_len = n;
	}
	p = db_blob(st, col + 6, &n);
	if (n <= sizeof(f->header)) {
		memcpy(f->header, p, n);
		f->header_len = n;
	}
	f->chunks = db_int(st, col + 7);
	f->uploaded_by = db_int(st, col + 8);
	f->uploaded_at = db_int(st, col + 9);
}

int files_repo_get(struct db *db, int64_t id, struct file_rec *f, struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, "SELECT " FILE_COLUMNS " FROM files f WHERE f.id = ?",
			  DB_ARGS(DB_INT(id)), err);

	if (rc != 0)
		return rc;
	rc = db_next_err(st, err);
	if (rc == DB_ROW)
		file_read(st, 0, f);
	db_done(st);
	if (rc == DB_DONE)
		return bm_err_set(err, BM_ENOTFOUND, "not_found", NULL, "file not found");
	return rc < 0 ? rc : 0;
}

int files_repo_chunk_get(struct db *db, int64_t file_id, int64_t seq, void *out, size_t cap,
			 size_t *len, struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, "SELECT data FROM file_chunks WHERE file_id = ? AND seq = ?",
			  DB_ARGS(DB_INT(file_id), DB_INT(seq)), err);

	if (rc != 0)
		return rc;
	rc = db_next_err(st, err);
	if (rc == DB_ROW) {
		size_t n;
		const void *p = db_blob(st, 0, &n);
		if (n > cap) {
			rc = bm_err_set(err, BM_EINTERNAL, "seal_broken", NULL,
					"a sealed chunk is larger than any chunk written");
		} else {
			memcpy(out, p, n);
			*len = n;
			rc = 0;
		}
	} else if (rc == DB_DONE) {
		rc = bm_err_set(err, BM_EINTERNAL, "seal_broken", NULL,
				"a sealed chunk is missing");
	}
	db_done(st);
	return rc;
}

int files_repo_attach(struct db *db, struct app_file *af, struct bm_err *err)
{
	return db_exec_int(
		db,
		"INSERT INTO application_files (application_id, material, file_id, phase,"
		" frozen, created_at) VALUES (?, ?, ?, ?, 0, ?) RETURNING id",
		DB_ARGS(DB_INT(af->application_id), DB_TEXT(af->material), DB_INT(af->file_id),
			DB_TEXT(af->phase), DB_INT(af->created_at)),
		&af->id, err);
}

#define APP_FILE_QUERY                                                                             \
	"SELECT af.id, af.application_id, af.file_id, af.created_at, af.material, af.phase,"       \
	" af.frozen, " FILE_COLUMNS " FROM application_files af JOIN files f ON f.id = af.file_id"

static void app_file_read(struct db_stmt *st, struct app_file *af)
{
	memset(af, 0, sizeof(*af));
	af->id = db_int(st, 0);
	af->application_id = db_int(st, 1);
	af->file_id = db_int(st, 2);
	af->created_at = db_int(st, 3);
	bm_strlcpy(af->material, db_text(st, 4), sizeof(af->material));
	bm_strlcpy(af->phase, db_text(st, 5), sizeof(af->phase));
	af->frozen = (int)db_int(st, 6);
	file_read(st, 7, &af->file);
}

int files_repo_of_application(struct db *db, int64_t application_id, visit_fn fn, void *ctx,
			      struct bm_err *err)
{
	struct app_file af;
	struct db_stmt *st;
	int rc = db_query(db, &st, APP_FILE_QUERY " WHERE af.application_id = ? ORDER BY af.id",
			  DB_ARGS(DB_INT(application_id)), err);

	if (rc != 0)
		return rc;
	while ((rc = db_next_err(st, err)) == DB_ROW) {
		app_file_read(st, &af);
		rc = fn(ctx, &af);
		if (rc != 0)
			break;
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

int files_repo_app_file(struct db *db, int64_t application_id, int64_t file_id, struct app_file *af,
			struct bm_err *err)
{
	struct db_stmt *st;
	int rc = db_query(db, &st, APP_FILE_QUERY " WHERE af.application_id = ? AND af.file_id = ?",
			  DB_ARGS(DB_INT(application_id), DB_INT(file_id)), err);

	if (rc != 0)
		return rc;
	rc = db_next_err(st, err);
	if (rc == DB_ROW)
		app_file_read(st, af);
	db_done(st);
	if (rc == DB_DONE)
		return bm_err_set(err, BM_ENOTFOUND, "not_found", NULL, "file not found");
	return rc < 0 ? rc : 0;
}

int files_repo_freeze(struct db *db, int64_t application_id, struct bm_err *err)
{
	return db_exec(db, "UPDATE application_files SET frozen = 1 WHERE application_id = ?",
		       DB_ARGS(DB_INT(application_id)), NULL, err);
}

int files_repo_detach(struct db *db, int64_t application_id, int64_t file_id, struct bm_err *err)
{
	int64_t n = 0;
	int rc = db_exec(db,
			 "DELETE FROM application_files WHERE application_id = ? AND file_id = ?"
			 " AND frozen = 0",
			 DB_ARGS(DB_INT(application_id), DB_INT(file_id)), &n, err);

	if (rc == 0 && n == 0)
		return bm_err_set(err, BM_ECONFLICT, "file_frozen", NULL,
				  "a submitted file stays with the case and cannot be removed");
	return rc;
}
