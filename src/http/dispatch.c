/*
 * dispatch.c - everything between h2o and a handler.
 *
 * In order: request id; route lookup (404, 405 with Allow); body limit (413); content
 * type (415); credentials (401, CSRF 403, pending password change 403); body and
 * query decoding against the route's specs (400); the handler; an error reply for
 * whatever it returned. Handlers therefore only ever see authenticated, well-formed
 * input of the shape they declared.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "base/log.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "http/http.h"
#include "http/ratelimit.h"
#include "http/server.h"
#include "service/auth.h"
#include "base/banned.h"

#define ARENA_LIMIT (8u << 20)

static int is_mutation(h2o_iovec_t m)
{
	return !(h2o_memis(m.base, m.len, H2O_STRLIT("GET")) ||
		 h2o_memis(m.base, m.len, H2O_STRLIT("HEAD")));
}

static void make_request_id(struct reqctx *rc)
{
	struct worker *w = rc->w;

	snprintf(rc->request_id, sizeof(rc->request_id), "%s-%02x-%08llx", w->srv->id_prefix,
		 (unsigned)w->index & 0xffu, (unsigned long long)++w->counter);
	reply_header(rc, "X-Request-Id", rc->request_id);
}

static void client_addr(struct reqctx *rc)
{
	struct sockaddr_storage ss;
	socklen_t len = rc->req->conn->callbacks->get_peername(rc->req->conn, (void *)&ss);
	size_t n;

	rc->client_addr[0] = '\0';
	if (len == 0)
		return;
	n = h2o_socket_getnumerichost((void *)&ss, len, rc->client_addr);
	if (n == SIZE_MAX)
		n = 0;
	rc->client_addr[n < sizeof(rc->client_addr) ? n : sizeof(rc->client_addr) - 1] = '\0';
}

/* The value of cookie name, searching every Cookie header (HTTP/2 splits them). */
static const char *find_cookie(struct reqctx *rc, const char *name)
{
	h2o_req_t *req = rc->req;
	size_t nlen = strlen(name);
	ssize_t i = -1;

	while ((i = h2o_find_header(&req->headers, H2O_TOKEN_COOKIE, i)) != -1) {
		const char *p = req->headers.entries[i].value.base;
		const char *end = p + req->headers.entries[i].value.len;
		while (p < end) {
			const char *semi = memchr(p, ';', (size_t)(end - p));
			const char *stop = semi != NULL ? semi : end;
			while (p < stop && *p == ' ')
				p++;
			if ((size_t)(stop - p) > nlen && memcmp(p, name, nlen) == 0 &&
			    p[nlen] == '=')
				return arena_strndup(&rc->arena, p + nlen + 1,
						     (size_t)(stop - p - (ptrdiff_t)nlen - 1));
			p = stop + 1;
		}
	}
	return NULL;
}

static int content_type_json(struct reqctx *rc)
{
	ssize_t i = h2o_find_header(&rc->req->headers, H2O_TOKEN_CONTENT_TYPE, -1);
	h2o_iovec_t v;

	if (i < 0)
		return 0;
	v = rc->req->headers.entries[i].value;
	if (v.len < 16)
		return 0;
	if (!h2o_lcstris(v.base, 16, H2O_STRLIT("application/json")))
		return 0;
	/* only parameters may follow */
	return v.len == 16 || v.base[16] == ';' || v.base[16] == ' ';
}

/* Resolve credentials into rc->svc.who. 0 when authenticated or none given. */
static int authenticate(struct reqctx *rc)
{
	const char *authz = req_header(rc, "authorization");
	const char *cookie;

	if (authz != NULL) {
		if (strncmp(authz, "Bearer ", 7) != 0)
			return bm_err_set(&rc->err, BM_EAUTH, "unauthenticated", "Authorization",
					  "only Bearer API tokens are accepted");
		return auth_bearer(&rc->svc, authz + 7, &rc->err);
	}
	cookie = find_cookie(rc, SESSION_COOKIE);
	if (cookie != NULL) {
		const char *csrf = NULL;
		if (is_mutation(rc->req->method)) {
			csrf = req_header(rc, "x-csrf-token");
			if (csrf == NULL)
				csrf = "";
		}
		rc->session_token = cookie;
		return auth_session(&rc->svc, cookie, csrf, &rc->err);
	}
	return 0;
}

/*
 * Audit a request refused before any handler ran, and return its error code.
 * Refusals of anonymous callers are audited up to a rate per client address, so
 * that nobody can grow the trail without bound; the overflow is counted in the
 * diagnostic log instead.
 */
static int refuse(struct reqctx *rc)
{
	char path[256];
	size_t n = rc->req->path_normalized.len < sizeof(path) - 1 ? rc->req->path_normalized.len
								   : sizeof(path) - 1;

	if (rc->svc.who.kind == AUTH_NONE &&
	    !ratelimit_take(rc->w->srv->refusal_limiter, rc->client_addr, bm_mono_ms(), NULL)) {
		log_warn("%s: audit of anonymous refusals from %s rate-limited", rc->request_id,
			 rc->client_addr);
		return rc->err.code;
	}
	memcpy(path, rc->req->path_normalized.base, n);
	path[n] = '\0';
	svc_audit_alone(&rc->svc, "request.denied", "route", rc->route->pattern, "denied",
			json_pack("{s:s,s:s,s:s#}", "reason", rc->err.ecode, "path", path, "method",
				  rc->req->method.base, (int)rc->req->method.len));
	return rc->err.code;
}

static int run(struct reqctx *rc)
{
	h2o_req_t *req = rc->req;
	const struct route *r = rc->route;

	if (req->entity.base != NULL && req->entity.len > r->max_body)
		return bm_err_set(&rc->err, BM_ETOOBIG, "payload_too_large", NULL,
				  "the body may have at most %zu bytes here", r->max_body);
	if ((r->body != NULL || (r->flags & R_JSON)) && is_mutation(req->method) &&
	    !content_type_json(rc))
		return bm_err_set(&rc->err, BM_EMEDIA, "unsupported_media_type", "Content-Type",
				  "send the body as application/json");
	/* Public routes ignore credentials: a stale cookie must never block a login. */
	if (!(r->flags & R_PUBLIC)) {
		if (authenticate(rc) != 0) {
			if (rc->err.code == BM_EAUTH && rc->session_token != NULL)
				reply_session_cookie(rc, NULL);
			return rc->err.code == BM_EAUTH || rc->err.code == BM_EFORBIDDEN
				       ? refuse(rc)
				       : rc->err.code;
		}
		if (rc->svc.who.kind == AUTH_NONE) {
			bm_err_set(&rc->err, BM_EAUTH, "unauthenticated", NULL, "log in first");
			return refuse(rc);
		}
		if ((r->flags & R_SESSION) && rc->svc.who.kind != AUTH_SESSION) {
			bm_err_set(&rc->err, BM_EFORBIDDEN, "session_required", NULL,
				   "this needs a login session, not an API token");
			return refuse(rc);
		}
		if (rc->svc.who.must_change_password && !(r->flags & R_PW_OK)) {
			bm_err_set(&rc->err, BM_EFORBIDDEN, "password_change_required", NULL,
				   "change your password first");
			return refuse(rc);
		}
	}
#ifdef BM_TEST_HOOKS
	/* Test builds only: a request may say what day it is for the business rules
	 * (sessions keep the real clock), so that the suites can walk statutory
	 * deadlines without waiting for them. */
	{
		const char *now = req_header(rc, "x-baomi-test-now");
		int64_t ms;
		if (now != NULL && bm_ts_parse(now, &ms) == 0)
			rc->business_now = strlen(now) == 10 ? ms + 2 * 3600000LL : ms;
		if (!(r->flags & R_REAL_CLOCK))
			rc->svc.now = rc->business_now;
	}
#endif
	if (r->body != NULL) {
		const char *b = req->entity.base != NULL ? req->entity.base : "";
		if (fs_decode_body(r->body, b, req->entity.len, &rc->arena, &rc->in, &rc->err) != 0)
			return rc->err.code;
	}
	if (req->query_at != SIZE_MAX) {
		const char *qs = req->path.base + req->query_at + 1;
		size_t qlen = req->path.len - req->query_at - 1;
		if (r->query == NULL && qlen > 0)
			return bm_err_set(&rc->err, BM_EINVAL, "unknown_field", "",
					  "this endpoint "
					  "takes no query parameters");
		if (r->query != NULL &&
		    fs_decode_query(r->query, qs, qlen, &rc->arena, &rc->q, &rc->err) != 0)
			return rc->err.code;
	}
	if (r->query != NULL && rc->q == NULL &&
	    fs_decode_query(r->query, "", 0, &rc->arena, &rc->q, &rc->err) != 0)
		return rc->err.code;
	return r->handler(rc);
}

int dispatch_on_req(h2o_handler_t *self, h2o_req_t *req)
{
	static const struct route none = { "", "", NULL, R_PUBLIC, 0, NULL, NULL, "" };
	struct worker *w = (struct worker *)req->conn->ctx;
	h2o_iovec_t path = req->path_normalized;
	char allow[ROUTE_ALLOW_MAX];
	struct reqctx rc;
	size_t idx = 0;
	int is_api, rc_code;

	(void)self;
	is_api = path.len >= 5 && memcmp(path.base, "/api/", 5) == 0;
	memset(&rc, 0, sizeof(rc));
	rc.req = req;
	rc.w = w;
	rc.route = &none;
	rc.tls = req->scheme == &H2O_URL_SCHEME_HTTPS;
	switch (router_index_find(&w->srv->routes_ix, req->method.base, req->method.len, path.base,
				  path.len, &idx, &rc.params, allow)) {
	case ROUTER_FOUND:
		rc.route = &routes[idx];
		break;
	case ROUTER_NO_PATH:
		if (!is_api)
			return -1; /* static files */
		break;
	case ROUTER_NO_METHOD:
		break;
	}
	arena_init(&rc.arena, ARENA_LIMIT);
	client_addr(&rc);
	make_request_id(&rc);
	svc_init(&rc.svc, w->db, &w->srv->cfg, &w->srv->keys, rc.request_id, rc.client_addr);
	rc.business_now = rc.svc.now;

	if (rc.route == &none) {
		if (allow[0] != '\0') {
			reply_header(&rc, "Allow", allow);
			bm_err_set(&rc.err, BM_EMETHOD, "method_not_allowed", NULL,
				   "use one of: %s", allow);
		} else {
			bm_err_set(&rc.err, BM_ENOTFOUND, "not_found", NULL, "no such endpoint");
		}
		reply_error(&rc, &rc.err);
	} else {
		rc_code = run(&rc);
		if (rc_code != 0) {
			if (rc.err.code == 0)
				bm_err_set(&rc.err, rc_code, NULL, NULL, "request failed");
			if (rc.err.code == BM_EINTERNAL || rc.err.code == BM_EIO)
				log_error("%s %s: %s", rc.request_id, rc.route->pattern,
					  rc.err.message);
			reply_error(&rc, &rc.err);
		}
	}
	/* A handler that failed mid-way must never leave a transaction open. */
	if (db_in_tx(w->db)) {
		log_error("BUG: %s left a transaction open", rc.route->pattern);
		db_rollback(w->db);
	}
	arena_release(&rc.arena);
	return 0;
}
