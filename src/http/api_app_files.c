/*
 * api_app_files.c - an application's materials: checklist, upload (raw body),
 * removal, and download streamed chunk by chunk from the sealed store.
 */
#include <h2o.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "http/api.h"
#include "http/server.h"
#include "sec/seal.h"
#include "service/apps.h"
#include "base/banned.h"

static const struct fs_field upload_fields[] = {
	{ "name", FS_STR, FS_REQUIRED, offsetof(struct upload_query, name), 1, 200, 0, NULL, NULL },
};
const struct fs_spec spec_upload_query = FS_SPEC(upload_fields, struct upload_query);

static json_t *file_json(const struct app_file *af)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:I,s:s,s:s,s:b,s:o}", "file_id",
			 (json_int_t)af->file_id, "material", af->material, "name", af->file.name,
			 "type", af->file.type, "size", (json_int_t)af->file.size, "sha256",
			 af->file.sha256, "phase", af->phase, "frozen", af->frozen, "uploaded_at",
			 json_ts(af->file.uploaded_at));
}

static int file_visit(void *ctx, const void *rec)
{
	json_array_append_new(ctx, file_json(rec));
	return 0;
}

int api_app_materials(struct reqctx *rc)
{
	json_t *files = json_array(), *checklist = json_array();
	struct app_view v;
	int64_t id;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = apps_get(&rc->svc, id, &v, &rc->err);
	if (ret == 0)
		ret = apps_files(&rc->svc, id, file_visit, files, &rc->err);
	if (ret != 0) {
		json_decref(files);
		json_decref(checklist);
		return ret;
	}
	{
		int g = scheme_grade_index(v.scheme, v.a.grade);
		for (int i = 0; i < v.scheme->nmaterials; i++) {
			const struct scheme_material *m = &v.scheme->materials[i];
			json_t *types = json_array();
			int present = 0;
			for (size_t k = 0; k < json_array_size(files); k++)
				present |= strcmp(json_string_value(json_object_get(
							  json_array_get(files, k), "material")),
						  m->code) == 0;
			for (int t = 0; t < FT_COUNT; t++)
				if (m->types & (1u << t))
					json_array_append_new(types, json_string(file_type_name(
									     (enum file_type)t)));
			json_array_append_new(
				checklist,
				json_pack("{s:s,s:s,s:s,s:b,s:b,s:o}", "material", m->code,
					  "name_zh", m->name.zh, "name_en", m->name.en, "required",
					  m->required && g >= 0 && (m->grades & (1u << g)),
					  "present", present, "types", types));
		}
	}
	return reply_json(rc, 200, json_pack("{s:o,s:o}", "checklist", checklist, "files", files));
}

int api_app_upload(struct reqctx *rc)
{
	const struct upload_query *q = rc->q;
	h2o_req_t *req = rc->req;
	struct app_file af;
	char material[48];
	int64_t id;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0 && route_param(&rc->params, "material", material, sizeof(material)) != 0)
		ret = bm_err_set(&rc->err, BM_ENOTFOUND, "not_found", NULL, "no such material");
	if (ret == 0 && req->entity.len > rc->svc.cfg->max_upload)
		ret = bm_err_set(&rc->err, BM_ETOOBIG, "payload_too_large", "file",
				 "files may have at most %zu MiB", rc->svc.cfg->max_upload >> 20);
	if (ret == 0)
		ret = apps_upload(
			&rc->svc, id, material, q->name,
			(const unsigned char *)(req->entity.base != NULL ? req->entity.base : ""),
			req->entity.len, &af, &rc->err);
	return ret != 0 ? ret : reply_json(rc, 201, file_json(&af));
}

int api_app_file_remove(struct reqctx *rc)
{
	int64_t id, file_id;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = req_id_param(rc, "fid", &file_id);
	if (ret == 0)
		ret = apps_file_remove(&rc->svc, id, file_id, &rc->err);
	return ret != 0 ? ret : reply_empty(rc);
}

/* ---- streaming download ---- */

struct download {
	h2o_generator_t super;
	struct svc svc; /* a copy: the request context is gone after the handler */
	struct file_reader reader;
	unsigned char buf[SEAL_CHUNK];
};

static void download_proceed(h2o_generator_t *g, h2o_req_t *req)
{
	struct download *d = (struct download *)g;
	struct bm_err err;
	size_t len = 0;
	int last = 0;
	h2o_iovec_t iov;

	bm_err_clear(&err);
	if (apps_file_read(&d->reader, d->buf, &len, &last, &err) != 0) {
		/* verified before sending, so only a change under our feet lands here */
		h2o_send(req, NULL, 0, H2O_SEND_STATE_ERROR);
		return;
	}
	iov = h2o_iovec_init(d->buf, len);
	h2o_send(req, &iov, 1, last ? H2O_SEND_STATE_FINAL : H2O_SEND_STATE_IN_PROGRESS);
}

static void download_stop(h2o_generator_t *g, h2o_req_t *req)
{
	(void)g;
	(void)req;
}

static void download_dispose(void *p)
{
	struct download *d = p;
	apps_file_close(&d->reader);
}

const char *api_file_mime(const char *type)
{
	static const struct {
		const char *type, *mime;
	} map[] = {
		{ "pdf", "application/pdf" },
		{ "ofd", "application/ofd" },
		{ "jpeg", "image/jpeg" },
		{ "png", "image/png" },
		{ "docx",
		  "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
		{ "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].type, type) == 0)
			return map[i].mime;
	return "application/octet-stream";
}

int api_app_file_download(struct reqctx *rc)
{
	h2o_req_t *req = rc->req;
	struct download *d;
	int64_t id, file_id;
	int ret = req_id_param(rc, "id", &id);

	if (ret == 0)
		ret = req_id_param(rc, "fid", &file_id);
	if (ret != 0)
		return ret;
	d = h2o_mem_alloc_shared(&req->pool, sizeof(*d), download_dispose);
	memset(d, 0, sizeof(*d));
	d->svc = rc->svc;
	ret = apps_file_open(&d->svc, id, file_id, &d->reader, &rc->err);
	if (ret != 0)
		return ret;
	d->super.proceed = download_proceed;
	d->super.stop = download_stop;
	req->res.status = 200;
	req->res.reason = "OK";
	req->res.content_length = (size_t)d->reader.file.file.size;
	api_attachment_header(rc, d->reader.file.file.name);
	reply_header(rc, "Content-Type", api_file_mime(d->reader.file.file.type));
	reply_header(rc, "Cache-Control", "no-store");
	h2o_start_response(req, &d->super);
	download_proceed(&d->super, req);
	return 0;
}
