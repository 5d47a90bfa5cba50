/*
 * server.h - the HTTP server: N h2o event-loop threads sharing one listening socket,
 * each with its own database connection.
 *
 * server_run blocks until SIGTERM or SIGINT, then stops accepting, lets in-flight
 * requests finish (up to a grace period), signs the audit tree head, closes the
 * databases and returns 0.
 */
#ifndef BM_SERVER_H
#define BM_SERVER_H

#include <stdatomic.h>
#include <stdint.h>

#include "base/err.h"
#include "http/router.h"
#include "sec/keys.h"
#include "service/config.h"

#ifndef H2O_USE_LIBUV
#define H2O_USE_LIBUV 0
#endif
#include <h2o.h>

struct answer_cache;
struct ratelimit;

/* Public certificate verifications per client address and minute (and burst). */
#define VERIFY_RATE_PER_MINUTE 120

struct server {
	struct config cfg;
	struct keys keys;
	h2o_globalconf_t globalconf;
	SSL_CTX *ssl;
	int listen_fd;
	struct worker *workers;
	int nworkers;
	struct ratelimit *login_limiter;
	struct ratelimit *refusal_limiter;   /* audit entries for anonymous refusals */
	struct ratelimit *objection_limiter; /* public objections, per address */
	struct ratelimit *verify_limiter;    /* public certificate checks, per address */
	struct ratelimit *register_limiter;  /* the public certificate register, per address */
	struct router_index routes_ix;	     /* over routes[] (http.h) */
	h2o_access_log_filehandle_t *access_log;
	atomic_int stopping;
	int h2o_ready;	   /* globalconf was initialised (and must be disposed) */
	char id_prefix[9]; /* random per process: request ids stay unique across restarts */
};

struct worker {
	h2o_context_t ctx; /* first: a request's conn->ctx leads back to its worker */
	h2o_accept_ctx_t accept_ctx;
	struct server *srv;
	struct db *db;
	struct answer_cache *answers; /* public answers made with db (answer_cache.h) */
	h2o_socket_t *listener;
	int listen_fd; /* this thread's dup of the listening socket */
	pthread_t thread;
	int index;
	uint64_t counter;
};

/* Serve until stopped by a signal. cfg is copied. */
int server_run(const struct config *cfg, struct bm_err *err);

/* The request handler for /api/, /healthz and /readyz (dispatch.c). */
int dispatch_on_req(h2o_handler_t *self, h2o_req_t *req);

#endif
