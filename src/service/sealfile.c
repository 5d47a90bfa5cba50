/*
 * sealfile.c - sealed files at rest for reports and findings, and their attaching,
 * listing and reading whatever the record (sealfile.h).
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "sec/seal.h"
#include "service/sealfile.h"
#include "base/banned.h"

int sealfile_name_ok(const char *name, struct bm_err *err)
{
	if (name == NULL || name[0] == '\0' || !bm_text_ok(name, 255, 0) || strchr(name, '/') ||
	    strchr(name, '\\') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return bm_err_set(err, BM_EINVAL, "invalid_field", "name",
				  "name is a file name of at most 255 bytes without '/' or '\\'");
	return 0;
}

int sealfile_check(const char *name, const unsigned char *data, size_t len, enum file_type *type,
		   struct bm_err *err)
{
	int rc = sealfile_name_ok(name, err);

	if (rc == 0 && filetype_sniff(data, len, type) != 0)
		rc = bm_err_set(err, BM_EMEDIA, "unsupported_file_type", "file",
				"the file is not a PDF, OFD, JPEG, PNG, DOCX or XLSX document");
	return rc;
}

/* What a sealed file is bound to: its digest, size, type and name. */
static void binding(const struct file_rec *f, char out[SEAL_BIND_MAX + 1])
{
	snprintf(out, SEAL_BIND_MAX + 1, "sha256=%s size=%lld type=%s name=%s", f->sha256,
		 (long long)f->size, f->type, f->name);
}

int sealfile_store(struct svc *s, const char *name, const unsigned char *data, size_t len,
		   struct file_rec *f, struct bm_err *err)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	char bind[SEAL_BIND_MAX + 1];
	unsigned char *out = NULL;
	enum file_type type;
	struct sealer sl;
	size_t off = 0;
	int64_t seq = 0;
	int rc = sealfile_check(name, data, len, &type, err);

	if (rc != 0)
		return rc;
	out = malloc(SEAL_CHUNK + SEAL_OVERHEAD);
	if (out == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	memset(f, 0, sizeof(*f));
	bm_strlcpy(f->name, name, sizeof(f->name));
	bm_strlcpy(f->type, file_type_name(type), sizeof(f->type));
	f->uploaded_by = s->who.user_id;
	f->uploaded_at = s->now;
	crypto_hash_sha256(digest, data, len);
	bm_hex_encode(digest, sizeof(digest), f->sha256);
	f->size = (int64_t)len;
	binding(f, bind);
	rc = seal_begin(&sl, s->keys->master, bind, err);
	if (rc != 0) {
		free(out);
		return rc;
	}
	memcpy(f->wrapped_key, sl.wrapped, SEAL_WRAPPED_KEY);
	f->wrapped_len = SEAL_WRAPPED_KEY;
	memcpy(f->header, sl.header, SEAL_HEADER);
	f->header_len = SEAL_HEADER;
	f->chunks = len == 0 ? 1 : (int64_t)((len + SEAL_CHUNK - 1) / SEAL_CHUNK);
	rc = files_repo_insert(s->db, f, err);
	while (rc == 0 && seq < f->chunks) {
		size_t n = len - off < SEAL_CHUNK ? len - off : SEAL_CHUNK;
		seal_chunk(&sl, data + off, n, seq == f->chunks - 1, out);
		rc = files_repo_chunk_put(s->db, f->id, seq, out, n + SEAL_OVERHEAD, err);
		off += n;
		seq++;
	}
	seal_end(&sl);
	free(out);
	return rc;
}

int sealfile_open(struct svc *s, const struct file_rec *f, struct opener *o, struct bm_err *err)
{
	char bind[SEAL_BIND_MAX + 1];

	binding(f, bind);
	return open_begin(o, s->keys->master, bind, f->wrapped_key, f->wrapped_len, f->header,
			  f->header_len, err);
}

/* BM_EINTERNAL "seal_broken" when f's row cannot describe a sealed file. */
static int record_ok(const struct file_rec *f, struct bm_err *err)
{
	if (f->size < 0 || f->chunks < 1 || (uint64_t)f->size > (uint64_t)f->chunks * SEAL_CHUNK)
		return bm_err_set(err, BM_EINTERNAL, "seal_broken", NULL,
				  "the sealed file's record is inconsistent");
	return 0;
}

/* Open every chunk of f (record_ok) in order, the last one FINAL, and check the
 * plaintext's size and SHA-256 against the row. The plaintext goes into plain (room for
 * f->size bytes) when it is not NULL, and is only checked otherwise. */
static int open_all(struct svc *s, const struct file_rec *f, unsigned char *plain,
		    struct bm_err *err)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	unsigned char *in = malloc(SEAL_CHUNK + SEAL_OVERHEAD);
	unsigned char *scratch = plain == NULL ? malloc(SEAL_CHUNK) : NULL;
	crypto_hash_sha256_state h;
	struct opener o;
	size_t size = 0;
	int final = 0, opened = 0, rc = 0;

	if (in == NULL || (plain == NULL && scratch == NULL))
		rc = bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	if (rc == 0)
		rc = sealfile_open(s, f, &o, err);
	opened = rc == 0;
	crypto_hash_sha256_init(&h);
	for (int64_t seq = 0; rc == 0 && seq < f->chunks; seq++) {
		unsigned char *to = plain != NULL ? plain + size : scratch;
		size_t n = 0, m = 0;
		rc = files_repo_chunk_get(s->db, f->id, seq, in, SEAL_CHUNK + SEAL_OVERHEAD, &n,
					  err);
		/* open into the buffer only while it cannot overflow the recorded size */
		if (rc == 0 && size + (n > SEAL_OVERHEAD ? n - SEAL_OVERHEAD : 0) > (size_t)f->size)
			rc = bm_err_set(err, BM_EINTERNAL, "seal_broken", NULL,
					"the sealed file is longer than recorded");
		if (rc == 0)
			rc = open_chunk(&o, in, n, to, &m, &final, err);
		if (rc == 0) {
			crypto_hash_sha256_update(&h, to, m);
			size += m;
		}
		if (rc == 0 && final != (seq == f->chunks - 1))
			rc = bm_err_set(err, BM_EINTERNAL, "seal_broken", NULL,
					"the sealed file's final chunk is not where it should be");
	}
	if (rc == 0 && !final)
		rc = bm_err_set(err, BM_EINTERNAL, "seal_broken", NULL,
				"the sealed file is truncated");
	if (rc == 0) {
		crypto_hash_sha256_final(&h, digest);
		bm_hex_encode(digest, sizeof(digest), hex);
		if (size != (size_t)f->size || strcmp(hex, f->sha256) != 0)
			rc = bm_err_set(err, BM_EINTERNAL, "seal_broken", NULL,
					"the sealed file is not the one recorded (size or "
					"SHA-256 differ)");
	}
	if (opened)
		open_end(&o);
	free(in);
	free(scratch);
	return rc;
}

int sealfile_verify(struct svc *s, const struct file_rec *f, struct bm_err *err)
{
	int rc = record_ok(f, err);

	return rc != 0 ? rc : open_all(s, f, NULL, err);
}

int sealfile_read_all(struct svc *s, const struct file_rec *f, unsigned char **out,
		      struct bm_err *err)
{
	unsigned char *plain = NULL;
	int rc = record_ok(f, err);

	*out = NULL;
	if (rc != 0)
		return rc;
	plain = malloc((size_t)f->size + 1);
	if (plain == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	rc = open_all(s, f, plain, err);
	if (rc != 0) {
		free(plain);
		return rc;
	}
	*out = plain;
	return 0;
}

/* After the transaction of a failed read ended: when e is "seal_broken", record the
 * incident (outcome failure) in an audit entry of its own. */
static void sealfile_broken(struct svc *s, const char *action, const char *object_type,
			    int64_t object_id, int64_t file_id, const struct bm_err *e)
{
	char id[24];

	if (strcmp(e->ecode, "seal_broken") != 0)
		return;
	snprintf(id, sizeof(id), "%lld", (long long)object_id);
	svc_audit_alone(
		s, action, object_type, id, "failure",
		json_pack("{s:I,s:s}", "file_id", (json_int_t)file_id, "problem", e->message));
}

int sealfile_attach(struct svc *s, const struct sealfile_owner *o, int64_t id, const char *name,
		    const unsigned char *data, size_t len, struct record_file *out,
		    struct bm_err *err)
{
	int rc = sealfile_name_ok(name, err);

	memset(out, 0, sizeof(*out));
	if (rc != 0)
		return rc;
	rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = o->check(s, id, 1, err);
	if (rc == 0)
		rc = sealfile_store(s, name, data, len, &out->file, err);
	if (rc == 0) {
		bm_strlcpy(out->owner_type, o->type, sizeof(out->owner_type));
		out->owner_id = id;
		out->created_at = s->now;
		rc = record_files_attach(s->db, out, err);
	}
	if (rc == 0)
		rc = svc_audit(s, o->upload, o->type, id,
			       json_pack("{s:I,s:s,s:s,s:I,s:s}", "file_id",
					 (json_int_t)out->file.id, "name", name, "type",
					 out->file.type, "size", (json_int_t)out->file.size,
					 "sha256", out->file.sha256),
			       err);
	return svc_end(s, rc, err);
}

int sealfile_list(struct svc *s, const struct sealfile_owner *o, int64_t id, visit_fn fn, void *ctx,
		  struct bm_err *err)
{
	int rc = svc_begin(s, DB_TX_READ, err);

	if (rc == 0)
		rc = o->check(s, id, 0, err);
	if (rc == 0)
		rc = record_files_list(s->db, o->type, id, fn, ctx, err);
	return svc_end(s, rc, err);
}

int sealfile_fetch(struct svc *s, const struct sealfile_owner *o, int64_t id, int64_t file_id,
		   struct record_file *rf, unsigned char **data, struct bm_err *err)
{
	int rc = svc_begin(s, DB_TX_WRITE, err);

	*data = NULL;
	if (rc == 0)
		rc = o->check(s, id, 0, err);
	if (rc == 0)
		rc = record_files_get(s->db, o->type, id, file_id, rf, err);
	if (rc == 0)
		rc = sealfile_read_all(s, &rf->file, data, err);
	if (rc == 0)
		rc = svc_audit(s, o->download, o->type, id,
			       json_pack("{s:I,s:s,s:s}", "file_id", (json_int_t)file_id, "name",
					 rf->file.name, "sha256", rf->file.sha256),
			       err);
	rc = svc_end(s, rc, err);
	if (rc != 0) {
		free(*data);
		*data = NULL;
		sealfile_broken(s, o->broken, o->type, id, file_id, err);
	}
	return rc;
}
