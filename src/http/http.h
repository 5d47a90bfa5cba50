/*
 * http.h - what handlers see: the request context, the route table entry and the
 * reply helpers. Only src/http/ knows HTTP; handlers translate between a request
 * and exactly one service call.
 */
#ifndef BM_HTTP_H
#define BM_HTTP_H

#include <jansson.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/jsonout.h"
#include "http/fieldspec.h"
#include "http/router.h"
#include "service/svc.h"

typedef struct st_h2o_req_t h2o_req_t;
struct worker;
struct reqctx;

typedef int (*handler_fn)(struct reqctx *rc);

enum {
	R_PUBLIC = 1u << 0,  /* no authentication */
	R_PW_OK = 1u << 1,   /* allowed while the account must change its password */
	R_SESSION = 1u << 2, /* needs a login session (an API token is not enough) */
	R_JSON = 1u << 3,    /* the body is a JSON document the handler parses itself */
	/* accounts, sessions, passwords and tokens: always judged by the real clock, even
	 * in test builds that move the business clock (X-Baomi-Test-Now) */
	R_REAL_CLOCK = 1u << 4,
};

/* One entry of the route table. The first two members are the router's key. */
struct route {
	const char *method;
	const char *pattern;
	handler_fn handler;
	unsigned flags;
	size_t max_body;	     /* 0: no body allowed */
	const struct fs_spec *body;  /* JSON body spec, or NULL */
	const struct fs_spec *query; /* query spec, or NULL (no query allowed) */
	const char *summary;	     /* one line, for humans */
};

extern const struct route routes[];
extern const size_t routes_count;

#define REQUEST_ID_LEN 32

struct reqctx {
	h2o_req_t *req;
	struct worker *w;
	const struct route *route;
	struct route_params params;
	struct arena arena;
	struct svc svc;
	void *in;		   /* decoded body (route->body) or NULL */
	void *q;		   /* decoded query (route->query) or NULL */
	const char *session_token; /* the cookie's token when authenticated by session */
	char request_id[REQUEST_ID_LEN];
	char client_addr[64];
	struct bm_err err;
	int tls;
	int64_t business_now; /* the instant the business rules see: svc.now, or in test
			       * builds the X-Baomi-Test-Now day even where svc.now keeps
			       * the real clock (R_REAL_CLOCK) */
};

/* Send body (consumed) with status; adds Content-Type, Cache-Control: no-store. */
int reply_json(struct reqctx *rc, int status, json_t *body);
/* Send len bytes of data (copied) as type with status; adds Cache-Control: no-store. */
int reply_bytes(struct reqctx *rc, int status, const char *type, const void *data, size_t len);
/* Send an empty 204. */
int reply_empty(struct reqctx *rc);
/* Send {"error":{...}} for err with the status its code maps to. */
int reply_error(struct reqctx *rc, const struct bm_err *err);
/* Add a response header (name and value copied). */
void reply_header(struct reqctx *rc, const char *name, const char *value);
/* Set the session cookie to token, or clear it when token is NULL. */
void reply_session_cookie(struct reqctx *rc, const char *token);
/* ETag: "v<version>". */
void reply_etag(struct reqctx *rc, int64_t version);

/* A path parameter as a positive integer id; BM_ENOTFOUND when malformed. */
int req_id_param(struct reqctx *rc, const char *name, int64_t *id);
/*
 * The version the client's If-Match names ("v12", with quotes). BM_EPRECOND when the
 * header is missing, BM_EINVAL when it is malformed.
 */
int req_if_match(struct reqctx *rc, int64_t *version);
/* A request header's value as an arena string, or NULL. */
const char *req_header(struct reqctx *rc, const char *name);

/* The timestamp format of every API response. */
json_t *json_ts(int64_t ms);
/* (A civil day is json_date, base/jsonout.h.) */

#endif
