/*
 * files_repo.h - SQL for sealed files (metadata, wrapped key, ciphertext chunks) and
 * their attachment to applications as materials.
 */
#ifndef BM_FILES_REPO_H
#define BM_FILES_REPO_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "store/model.h"

struct db;

struct file_rec {
	int64_t id;
	char name[256];
	char type[8];
	int64_t size;
	char sha256[65];
	unsigned char wrapped_key[72];
	size_t wrapped_len;
	unsigned char header[24];
	size_t header_len;
	int64_t chunks;
	int64_t uploaded_by, uploaded_at;
};

int files_repo_insert(struct db *db, struct file_rec *f, struct bm_err *err);
int files_repo_chunk_put(struct db *db, int64_t file_id, int64_t seq, const void *data, size_t len,
			 struct bm_err *err);
int files_repo_get(struct db *db, int64_t id, struct file_rec *f, struct bm_err *err);
/* Read chunk seq into out (cap bytes); *len set. BM_EINTERNAL "seal_broken" when missing: a
 * file row without all its chunks is damage, not absence. */
int files_repo_chunk_get(struct db *db, int64_t file_id, int64_t seq, void *out, size_t cap,
			 size_t *len, struct bm_err *err);

struct app_file {
	int64_t id, application_id, file_id, created_at;
	char material[48];
	char phase[16];
	int frozen;
	struct file_rec file;
};

int files_repo_attach(struct db *db, struct app_file *af, struct bm_err *err);
/* Visit an application's files in upload order (fn gets const struct app_file *). */
int files_repo_of_application(struct db *db, int64_t application_id, visit_fn fn, void *ctx,
			      struct bm_err *err);
int files_repo_app_file(struct db *db, int64_t application_id, int64_t file_id, struct app_file *af,
			struct bm_err *err);
/* Freeze every file of the application (at submission). */
int files_repo_freeze(struct db *db, int64_t application_id, struct bm_err *err);
/* Remove an unfrozen attachment (the sealed file stays, unreferenced). */
int files_repo_detach(struct db *db, int64_t application_id, int64_t file_id, struct bm_err *err);

#endif
