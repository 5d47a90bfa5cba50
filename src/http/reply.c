/*
 * reply.c - JSON responses and request accessors shared by all handlers.
 */
#include <h2o.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/jsonout.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "http/http.h"
#include "service/auth.h"
#include "base/banned.h"

static const char *reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 201:
		return "Created";
	case 204:
		return "No Content";
	case 304:
		return "Not Modified";
	case 400:
		return "Bad Request";
	case 401:
		return "Unauthorized";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 409:
		return "Conflict";
	case 412:
		return "Precondition Failed";
	case 413:
		return "Payload Too Large";
	case 415:
		return "Unsupported Media Type";
	case 422:
		return "Unprocessable Entity";
	case 428:
		return "Precondition Required";
	case 429:
		return "Too Many Requests";
	case 503:
		return "Service Unavailable";
	default:
		return "Internal Server Error";
	}
}

void reply_header(struct reqctx *rc, const char *name, const char *value)
{
	h2o_req_t *req = rc->req;
	size_t nlen = strlen(name), vlen = strlen(value);
	char *n = h2o_mem_alloc_pool(&req->pool, nlen);
	char *v = h2o_mem_alloc_pool(&req->pool, vlen);

	/* h2o wants lower-case names for HTTP/2 */
	for (size_t i = 0; i < nlen; i++)
		n[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32 : name[i]);
	memcpy(v, value, vlen);
	h2o_add_header_by_str(&req->pool, &req->res.headers, n, nlen, 0, NULL, v, vlen);
}

static void common_headers(struct reqctx *rc, int status)
{
	h2o_req_t *req = rc->req;

	req->res.status = status;
	req->res.reason = reason(status);
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CACHE_CONTROL, NULL,
		       H2O_STRLIT("no-store"));
}

#define RESPONSE_MAX (64u << 20)

int reply_json(struct reqctx *rc, int status, json_t *body)
{
	h2o_req_t *req = rc->req;
	struct buf out;
	char *text = NULL;

	buf_init(&out, RESPONSE_MAX);
	if (body != NULL && json_write(body, &out) == 0)
		text = buf_detach(&out);
	buf_release(&out);
	json_decref(body);
	if (text == NULL) {
		/* never recurse into reply_error: a fixed body that cannot fail */
		static const char fallback[] = "{\"error\":{\"code\":\"internal_error\","
					       "\"message\":\"cannot encode the response\"}}";
		common_headers(rc, 500);
		h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL,
			       H2O_STRLIT("application/json; charset=utf-8"));
		req->res.content_length = sizeof(fallback) - 1;
		h2o_send_inline(req, fallback, sizeof(fallback) - 1);
		return 0;
	}
	common_headers(rc, status);
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL,
		       H2O_STRLIT("application/json; charset=utf-8"));
	req->res.content_length = strlen(text);
	h2o_send_inline(req, text, req->res.content_length);
	free(text);
	return 0;
}

int reply_bytes(struct reqctx *rc, int status, const char *type, const void *data, size_t len)
{
	common_headers(rc, status);
	reply_header(rc, "Content-Type", type);
	rc->req->res.content_length = len;
	h2o_send_inline(rc->req, (const char *)data, len);
	return 0;
}

int reply_empty(struct reqctx *rc)
{
	common_headers(rc, 204);
	rc->req->res.content_length = 0;
	h2o_send_inline(rc->req, "", 0);
	return 0;
}

int reply_error(struct reqctx *rc, const struct bm_err *err)
{
	int code = err->code != 0 ? err->code : BM_EINTERNAL;
	int status = bm_err_http_status(code);
	json_t *e = json_pack("{s:s,s:s}", "code",
			      err->ecode[0] ? err->ecode : bm_err_default_ecode(code), "message",
			      err->message[0] ? err->message : reason(status));

	if (err->field[0] != '\0')
		json_object_set_new(e, "field", json_string(err->field));
	if (status == 401)
		reply_header(rc, "WWW-Authenticate", "Bearer realm=\"baomi\"");
	return reply_json(rc, status, json_pack("{s:o}", "error", e));
}

void reply_session_cookie(struct reqctx *rc, const char *token)
{
	char cookie[160];

	snprintf(cookie, sizeof(cookie), "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s",
		 SESSION_COOKIE, token != NULL ? token : "", rc->tls ? "; Secure" : "",
		 token == NULL ? "; Max-Age=0" : "");
	reply_header(rc, "Set-Cookie", cookie);
}

void reply_etag(struct reqctx *rc, int64_t version)
{
	char tag[32];

	snprintf(tag, sizeof(tag), "\"v%lld\"", (long long)version);
	reply_header(rc, "ETag", tag);
}

int req_id_param(struct reqctx *rc, const char *name, int64_t *id)
{
	char text[24];

	if (route_param(&rc->params, name, text, sizeof(text)) != 0 ||
	    bm_parse_i64(text, 1, INT64_MAX, id) != 0)
		return bm_err_set(&rc->err, BM_ENOTFOUND, "not_found", NULL, "no such record");
	return 0;
}

const char *req_header(struct reqctx *rc, const char *name)
{
	h2o_req_t *req = rc->req;
	ssize_t i = h2o_find_header_by_str(&req->headers, name, strlen(name), -1);

	if (i < 0)
		return NULL;
	return arena_strndup(&rc->arena, req->headers.entries[i].value.base,
			     req->headers.entries[i].value.len);
}

int req_if_match(struct reqctx *rc, int64_t *version)
{
	const char *v = req_header(rc, "if-match");
	char digits[24];
	size_t n;

	if (v == NULL)
		return bm_err_set(&rc->err, BM_EPRECOND, "precondition_required", "If-Match",
				  "send If-Match with the ETag of the version you edited");
	n = strlen(v);
	if (n < 4 || n > 22 || v[0] != '"' || v[1] != 'v' || v[n - 1] != '"')
		return bm_err_set(&rc->err, BM_EINVAL, "invalid_header", "If-Match",
				  "If-Match must be an ETag like \"v3\"");
	memcpy(digits, v + 2, n - 3);
	digits[n - 3] = '\0';
	if (bm_parse_i64(digits, 1, INT64_MAX, version) != 0)
		return bm_err_set(&rc->err, BM_EINVAL, "invalid_header", "If-Match",
				  "If-Match must be an ETag like \"v3\"");
	return 0;
}

json_t *json_ts(int64_t ms)
{
	char ts[BM_TS_LEN];

	if (ms == 0)
		return json_null();
	bm_ts_format(ms, ts);
	return json_string(ts);
}
