/*
 * api_system.c - liveness, readiness and the OpenAPI document.
 */
#include <h2o.h>

#include "http/api.h"
#include "http/server.h"
#include "store/db.h"
#include "base/banned.h"

extern const unsigned char openapi_json[];
extern const size_t openapi_json_len;

int api_healthz(struct reqctx *rc)
{
	return reply_json(rc, 200, json_pack("{s:s}", "status", "ok"));
}

int api_readyz(struct reqctx *rc)
{
	int64_t one = 0;
	struct bm_err ignored;

	if (db_exec_int(rc->w->db, "SELECT 1", DB_NOARGS, &one, &ignored) != 0 || one != 1)
		return bm_err_set(&rc->err, BM_EUNAVAIL, "database_unavailable", NULL,
				  "the database is not reachable");
	return reply_json(rc, 200, json_pack("{s:s}", "status", "ready"));
}

int api_openapi(struct reqctx *rc)
{
	h2o_req_t *req = rc->req;

	req->res.status = 200;
	req->res.reason = "OK";
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL,
		       H2O_STRLIT("application/json; charset=utf-8"));
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CACHE_CONTROL, NULL,
		       H2O_STRLIT("no-cache"));
	req->res.content_length = openapi_json_len;
	h2o_send_inline(req, (const char *)openapi_json, openapi_json_len);
	return 0;
}
