/*
 * apps_files.c - an application's materials: uploaded while the unit may change
 * them (draft, supplement, correction), sniffed by content against the scheme's
 * accepted types, sealed at rest, frozen at submission, and read back only after
 * the whole file authenticates. Every upload and download is audited.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "core/filetype.h"
#include "sec/seal.h"
#include "service/apps.h"
#include "base/banned.h"

const char *apps_file_phase(enum app_state st)
{
	switch (st) {
	case APP_DRAFT:
		return "draft";
	case APP_SUPPLEMENT:
		return "supplement";
	case APP_PRELIMINARY_CORRECTION:
	case APP_SUPERIOR_CORRECTION:
		return "correction";
	default:
		return NULL;
	}
}

static int name_ok(const char *name, struct bm_err *err)
{
	if (name == NULL || name[0] == '\0' || !bm_text_ok(name, 255, 0) || strchr(name, '/') ||
	    strchr(name, '\\') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return bm_err_set(err, BM_EINVAL, "invalid_field", "name",
				  "name is a file name of at most 255 bytes without '/' or '\\'");
	return 0;
}

/* What a sealed file is bound to: its digest, size, type and name. f's sha256,
 * size, type and name must be set. */
static void seal_binding(const struct file_rec *f, char out[SEAL_BIND_MAX + 1])
{
	snprintf(out, SEAL_BIND_MAX + 1, "sha256=%s size=%lld type=%s name=%s", f->sha256,
		 (long long)f->size, f->type, f->name);
}

/* Seal data into file_chunks under a new files row (f filled). */
static int seal_store(struct svc *s, const unsigned char *data, size_t len, struct file_rec *f,
		      struct bm_err *err)
{
	unsigned char *out = malloc(SEAL_CHUNK + SEAL_OVERHEAD);
	unsigned char digest[crypto_hash_sha256_BYTES];
	char bind[SEAL_BIND_MAX + 1];
	struct sealer sl;
	size_t off = 0;
	int64_t seq = 0;
	int rc;

	if (out == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	crypto_hash_sha256(digest, data, len);
	bm_hex_encode(digest, sizeof(digest), f->sha256);
	f->size = (int64_t)len;
	seal_binding(f, bind);
	rc = seal_begin(&sl, s->keys->master, bind, err);
	if (rc == 0) {
		memcpy(f->wrapped_key, sl.wrapped, SEAL_WRAPPED_KEY);
		f->wrapped_len = SEAL_WRAPPED_KEY;
		memcpy(f->header, sl.header, SEAL_HEADER);
		f->header_len = SEAL_HEADER;
		f->chunks = len == 0 ? 1 : (int64_t)((len + SEAL_CHUNK - 1) / SEAL_CHUNK);
		rc = files_repo_insert(s->db, f, err);
	}
	while (rc == 0 && seq < f->chunks) {
		size_t n = len - off < SEAL_CHUNK ? len - off : SEAL_CHUNK;
		int last = seq == f->chunks - 1;
		seal_chunk(&sl, data + off, n, last, out);
		rc = files_repo_chunk_put(s->db, f->id, seq, out, n + SEAL_OVERHEAD, err);
		off += n;
		seq++;
	}
	seal_end(&sl);
	free(out);
	return rc;
}

int apps_upload(struct svc *s, int64_t id, const char *material, const char *name,
		const unsigned char *data, size_t len, struct app_file *out, struct bm_err *err)
{
	const struct scheme_material *m = NULL;
	enum file_type type;
	struct app_view v;
	struct resource r;
	const char *phase;
	int rc = name_ok(name, err);

	if (rc != 0)
		return rc;
	if (filetype_sniff(data, len, &type) != 0)
		return bm_err_set(err, BM_EMEDIA, "unsupported_file_type", "file",
				  "the file is not a PDF, OFD, JPEG, PNG, DOCX or XLSX document");
	rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = apps_load(s, id, &v, err);
	if (rc == 0) {
		apps_resource(&v.a, &r);
		rc = svc_authorize(s, ACT_APP_APPLY, &r, err);
	}
	if (rc != 0)
		return svc_end(s, rc, err);
	phase = apps_file_phase(v.a.state);
	for (int i = 0; i < v.scheme->nmaterials; i++)
		if (strcmp(v.scheme->materials[i].code, material) == 0)
			m = &v.scheme->materials[i];
	if (phase == NULL)
		rc = bm_err_set(err, BM_ECONFLICT, "illegal_transition", "state",
				"materials are handed in while the application is a draft, under "
				"supplement or returned for correction (it is %s)",
				app_state_name(v.a.state));
	else if (m == NULL)
		rc = bm_err_set(err, BM_EINVAL, "invalid_value", "material",
				"\"%s\" is not a material of scheme %s", material, v.scheme->id);
	else if (!(m->types & (1u << type)))
		rc = bm_err_set(err, BM_EMEDIA, "unsupported_file_type", "file",
				"%s is not accepted for %s", file_type_name(type), material);
	if (rc == 0) {
		memset(out, 0, sizeof(*out));
		bm_strlcpy(out->file.name, name, sizeof(out->file.name));
		bm_strlcpy(out->file.type, file_type_name(type), sizeof(out->file.type));
		out->file.uploaded_by = s->who.user_id;
		out->file.uploaded_at = s->now;
		rc = seal_store(s, data, len, &out->file, err);
	}
	if (rc == 0) {
		out->application_id = id;
		out->file_id = out->file.id;
		bm_strlcpy(out->material, material, sizeof(out->material));
		bm_strlcpy(out->phase, phase, sizeof(out->phase));
		out->created_at = s->now;
		rc = files_repo_attach(s->db, out, err);
	}
	if (rc == 0)
		rc = apps_record(s, &v.a, "application.file_upload", v.a.state,
				 json_pack("{s:s,s:s,s:s,s:I,s:s,s:s}", "material", material,
					   "name", name, "type", out->file.type, "size",
					   (json_int_t)out->file.size, "sha256", out->file.sha256,
					   "phase", phase),
				 err);
	return svc_end(s, rc, err);
}

int apps_files(struct svc *s, int64_t id, visit_fn fn, void *ctx, struct bm_err *err)
{
	struct app_view v;
	int rc = svc_begin(s, DB_TX_READ, err);

	if (rc == 0)
		rc = apps_load(s, id, &v, err);
	if (rc == 0)
		rc = files_repo_of_application(s->db, id, fn, ctx, err);
	return svc_end(s, rc, err);
}

int apps_file_remove(struct svc *s, int64_t id, int64_t file_id, struct bm_err *err)
{
	struct app_file af;
	struct app_view v;
	struct resource r;
	int rc = svc_begin(s, DB_TX_WRITE, err);

	if (rc == 0)
		rc = apps_load(s, id, &v, err);
	if (rc == 0) {
		apps_resource(&v.a, &r);
		rc = svc_authorize(s, ACT_APP_APPLY, &r, err);
	}
	if (rc == 0)
		rc = files_repo_app_file(s->db, id, file_id, &af, err);
	if (rc == 0)
		rc = files_repo_detach(s->db, id, file_id, err);
	if (rc == 0)
		rc = apps_record(s, &v.a, "application.file_remove", v.a.state,
				 json_pack("{s:s,s:s,s:s}", "material", af.material, "name",
					   af.file.name, "sha256", af.file.sha256),
				 err);
	return svc_end(s, rc, err);
}

/* Check every chunk authenticates, in order, ending with FINAL, and that the
 * plaintext has the recorded size and SHA-256. */
static int verify_all(struct svc *s, const struct file_rec *f, struct bm_err *err)
{
	unsigned char *in = malloc(SEAL_CHUNK + SEAL_OVERHEAD), *out = malloc(SEAL_CHUNK);
	unsigned char digest[crypto_hash_sha256_BYTES];
	char bind[SEAL_BIND_MAX + 1], hex[2 * crypto_hash_sha256_BYTES + 1];
	crypto_hash_sha256_state h;
	struct opener o;
	int64_t size = 0;
	int final = 0, rc;

	if (in == NULL || out == NULL) {
		free(in);
		free(out);
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	}
	seal_binding(f, bind);
	crypto_hash_sha256_init(&h);
	rc = open_begin(&o, s->keys->master, bind, f->wrapped_key, f->wrapped_len, f->header,
			f->header_len, err);
	for (int64_t seq = 0; rc == 0 && seq < f->chunks; seq++) {
		size_t n = 0, m = 0;
		rc = files_repo_chunk_get(s->db, f->id, seq, in, SEAL_CHUNK + SEAL_OVERHEAD, &n,
					  err);
		if (rc == 0)
			rc = open_chunk(&o, in, n, out, &m, &final, err);
		if (rc == 0) {
			crypto_hash_sha256_update(&h, out, m);
			size += (int64_t)m;
		}
		if (rc == 0 && final != (seq == f->chunks - 1))
			rc = bm_err_set(err, BM_EINTERNAL, "seal_broken", NULL,
					"the sealed file's final chunk is not where it should be");
	}
	if (rc == 0 && !final)
		rc = bm_err_set(err, BM_EINTERNAL, "seal_broken", NULL,
				"the sealed file is truncated");
	crypto_hash_sha256_final(&h, digest);
	bm_hex_encode(digest, sizeof(digest), hex);
	if (rc == 0 && (size != f->size || strcmp(hex, f->sha256) != 0))
		rc = bm_err_set(err, BM_EINTERNAL, "seal_broken", NULL,
				"the sealed file is not the one recorded (size or SHA-256 differ)");
	open_end(&o);
	free(in);
	free(out);
	return rc;
}

int apps_file_open(struct svc *s, int64_t id, int64_t file_id, struct file_reader *r,
		   struct bm_err *err)
{
	struct app_view v;
	struct opener *o = NULL;
	int rc;

	memset(r, 0, sizeof(*r));
	rc = svc_begin(s, DB_TX_WRITE, err);
	if (rc == 0)
		rc = apps_load(s, id, &v, err);
	if (rc == 0)
		rc = files_repo_app_file(s->db, id, file_id, &r->file, err);
	if (rc == 0) {
		rc = verify_all(s, &r->file.file, err);
		if (rc != 0) {
			/* a broken seal is an incident: record it, serve nothing */
			struct bm_err e = *err;
			svc_end(s, BM_EINTERNAL, err);
			svc_audit_alone(s, "application.file_broken", "application", "", "failure",
					json_pack("{s:I,s:I,s:s}", "application_id", (json_int_t)id,
						  "file_id", (json_int_t)file_id, "problem",
						  e.message));
			*err = e;
			return BM_EINTERNAL;
		}
	}
	if (rc == 0)
		rc = apps_record(s, &v.a, "application.file_download", v.a.state,
				 json_pack("{s:I,s:s,s:s,s:s}", "file_id", (json_int_t)file_id,
					   "material", r->file.material, "name", r->file.file.name,
					   "sha256", r->file.file.sha256),
				 err);
	rc = svc_end(s, rc, err);
	if (rc != 0)
		return rc;
	o = malloc(sizeof(*o));
	if (o == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	{
		char bind[SEAL_BIND_MAX + 1];
		seal_binding(&r->file.file, bind);
		rc = open_begin(o, s->keys->master, bind, r->file.file.wrapped_key,
				r->file.file.wrapped_len, r->file.file.header,
				r->file.file.header_len, err);
	}
	if (rc != 0) {
		free(o);
		return rc;
	}
	r->opener = o;
	r->svc = s;
	return 0;
}

int apps_file_read(struct file_reader *r, unsigned char *out, size_t *len, int *last,
		   struct bm_err *err)
{
	unsigned char *in;
	size_t n = 0;
	int final = 0, rc;

	*len = 0;
	*last = 0;
	if (r->next_chunk >= r->file.file.chunks) {
		*last = 1;
		return 0;
	}
	in = malloc(SEAL_CHUNK + SEAL_OVERHEAD);
	if (in == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	rc = files_repo_chunk_get(r->svc->db, r->file.file_id, r->next_chunk, in,
				  SEAL_CHUNK + SEAL_OVERHEAD, &n, err);
	if (rc == 0)
		rc = open_chunk(r->opener, in, n, out, len, &final, err);
	free(in);
	if (rc != 0)
		return rc;
	r->next_chunk++;
	*last = final;
	return 0;
}

void apps_file_close(struct file_reader *r)
{
	if (r->opener != NULL) {
		open_end(r->opener);
		free(r->opener);
		r->opener = NULL;
	}
}
