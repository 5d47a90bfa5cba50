/*
 * apps_files.c - an application's materials: uploaded while the unit may change
 * them (draft, supplement, correction), sniffed by content against the scheme's
 * accepted types, sealed at rest, frozen at submission, and read back only after
 * the whole file authenticates. Every upload and download is audited.
 */
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "core/filetype.h"
#include "sec/seal.h"
#include "service/apps.h"
#include "service/sealfile.h"
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

int apps_upload(struct svc *s, int64_t id, const char *material, const char *name,
		const unsigned char *data, size_t len, struct app_file *out, struct bm_err *err)
{
	const struct scheme_material *m = NULL;
	enum file_type type;
	struct app_view v;
	struct resource r;
	const char *phase;
	int rc = sealfile_check(name, data, len, &type, err);

	if (rc != 0)
		return rc;
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
		rc = sealfile_store(s, name, data, len, &out->file, err);
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
		rc = sealfile_verify(s, &r->file.file, err);
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
	rc = sealfile_open(s, &r->file.file, o, err);
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
