/*
 * server.c - h2o set-up, the event-loop threads, TLS, the response-header filter,
 * the access log, and orderly shutdown.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/ssl.h>

#include "base/log.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "http/answer_cache.h"
#include "http/http.h"
#include "http/ratelimit.h"
#include "http/server.h"
#include "sec/audit.h"
#include "service/jobs.h"
#include "service/refdata.h"
#include "service/svc.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store/sessions_repo.h"
#include "base/banned.h"

#define GRACE_MS       10000
#define PURGE_EVERY_MS (10 * 60 * 1000)

/* One access-log line per request, JSON (h2o escapes the values). */
static const char access_log_format[] =
	"{\"ts\":\"%{%Y-%m-%dT%H:%M:%S%z}t\",\"request_id\":\"%{x-request-id}o\","
	"\"client\":\"%h\",\"method\":\"%m\",\"path\":\"%U\",\"query\":\"%q\","
	"\"protocol\":\"%H\",\"status\":%s,\"bytes\":%b,\"duration_s\":%{duration}x,"
	"\"user_agent\":\"%{user-agent}i\"}";

static const char csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; "
			  "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
			  "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

struct headers_filter {
	h2o_filter_t super;
	struct server *srv;
};

static void add_static(h2o_req_t *req, const char *name, const char *value)
{
	h2o_add_header_by_str(&req->pool, &req->res.headers, name, strlen(name), 1, NULL, value,
			      strlen(value));
}

/* Security headers on every response, and a request id where the API set none. */
static void on_setup_ostream(h2o_filter_t *self, h2o_req_t *req, h2o_ostream_t **slot)
{
	struct headers_filter *f = (struct headers_filter *)self;

	add_static(req, "content-security-policy", csp);
	add_static(req, "x-content-type-options", "nosniff");
	add_static(req, "x-frame-options", "DENY");
	add_static(req, "referrer-policy", "no-referrer");
	add_static(req, "cross-origin-opener-policy", "same-origin");
	add_static(req, "cross-origin-resource-policy", "same-origin");
	add_static(req, "permissions-policy", "camera=(), microphone=(), geolocation=()");
	if (req->scheme == &H2O_URL_SCHEME_HTTPS)
		add_static(req, "strict-transport-security", "max-age=31536000");
	if (h2o_find_header_by_str(&req->res.headers, H2O_STRLIT("x-request-id"), -1) < 0) {
		struct worker *w = (struct worker *)req->conn->ctx;
		char *id = h2o_mem_alloc_pool(&req->pool, 40);
		int n = snprintf(id, 40, "%s-%02x-%08llx", f->srv->id_prefix,
				 (unsigned)w->index & 0xffu, (unsigned long long)++w->counter);
		h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("x-request-id"), 0,
				      NULL, id, (size_t)n);
	}
	h2o_setup_next_ostream(req, slot);
}

static void on_accept(h2o_socket_t *listener, const char *err)
{
	struct worker *w = listener->data;
	h2o_socket_t *sock;

	if (err != NULL)
		return;
	sock = h2o_evloop_socket_accept(listener);
	if (sock != NULL)
		h2o_accept(&w->accept_ctx, sock);
}

static void purge_sessions(struct worker *w)
{
	struct bm_err err;
	int64_t now = bm_now_ms();

	if (db_begin(w->db, DB_TX_WRITE, &err) != 0)
		return;
	if (sessions_repo_purge(w->db, now - w->srv->cfg.session_idle_ms,
				now - w->srv->cfg.session_absolute_ms, &err) == 0)
		db_commit(w->db, &err);
	else
		db_rollback(w->db);
}

/* Next wall-clock instant (ms) at hour:00 China Standard Time after now. */
static int64_t next_run_at(int64_t now, int hour)
{
	int64_t day_ms = 86400000LL, cst = now + 8 * 3600000LL;
	int64_t at = cst - (cst % day_ms) + (int64_t)hour * 3600000LL;

	if (at <= cst)
		at += day_ms;
	return at - 8 * 3600000LL;
}

/* The scheduler's duties, on worker 0 (leases keep several servers from doubling). */
static void run_jobs(struct worker *w)
{
	struct jobs_report rep;
	struct bm_err err;
	struct svc s;
	char holder[64];

	bm_err_clear(&err);
	svc_init(&s, w->db, &w->srv->cfg, &w->srv->keys, "scheduler", "scheduler");
	svc_as_operator(&s);
	bm_strlcpy(s.who.login, "scheduler", sizeof(s.who.login));
	snprintf(holder, sizeof(holder), "server:%ld", (long)getpid());
	jobs_run_all(&s, holder, &rep, &err);
	log_info("scheduler %s: %d jobs skipped (held elsewhere), %d failed; %d deemed accepted, "
		 "%d abandoned, %d certificates expired, %d cancelled, %d reminders",
		 holder, rep.skipped_leased, rep.failed, rep.deemed_accepted, rep.abandoned,
		 rep.certs_expired, rep.certs_cancelled, rep.reminders);
}

static int conns_open(h2o_context_t *ctx)
{
	return !h2o_linklist_is_empty(&ctx->http1._conns) ||
	       !h2o_linklist_is_empty(&ctx->http2._conns);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct server *srv = w->srv;
	int64_t next_purge = bm_mono_ms(), next_jobs = bm_now_ms(), deadline;

	h2o_context_init(&w->ctx, h2o_evloop_create(), &srv->globalconf);
	w->accept_ctx.ctx = &w->ctx;
	w->accept_ctx.hosts = srv->globalconf.hosts;
	w->accept_ctx.ssl_ctx = srv->ssl;
	w->listener =
		h2o_evloop_socket_create(w->ctx.loop, w->listen_fd, H2O_SOCKET_FLAG_DONT_READ);
	w->listener->data = w;
	h2o_socket_read_start(w->listener, on_accept);

	while (!atomic_load(&srv->stopping)) {
		h2o_evloop_run(w->ctx.loop, 100);
		if (w->index == 0 && bm_mono_ms() >= next_purge) {
			purge_sessions(w);
			next_purge = bm_mono_ms() + PURGE_EVERY_MS;
		}
		if (w->index == 0 && srv->cfg.scheduler_hour >= 0 && bm_now_ms() >= next_jobs) {
			run_jobs(w);
			next_jobs = next_run_at(bm_now_ms(), srv->cfg.scheduler_hour);
		}
	}
	/* Stop accepting; let requests in flight finish; close idle connections. */
	h2o_socket_read_stop(w->listener);
	h2o_socket_close(w->listener);
	h2o_context_request_shutdown(&w->ctx);
	deadline = bm_mono_ms() + GRACE_MS;
	while (conns_open(&w->ctx) && bm_mono_ms() < deadline)
		h2o_evloop_run(w->ctx.loop, 50);
	h2o_evloop_run(w->ctx.loop, 0);
	/* The context and loop are not disposed: h2o 2.2 asserts on timers that its
	 * own connection code leaves armed, and the process is about to exit. */
	return NULL;
}

static int make_listener(const char *listen_addr, struct bm_err *err)
{
	char host[128], *colon;
	struct addrinfo hints, *res = NULL;
	int fd = -1, one = 1, gai;

	bm_strlcpy(host, listen_addr, sizeof(host));
	colon = strrchr(host, ':');
	if (colon == NULL)
		return bm_err_set(err, BM_EINVAL, "invalid_listen", "listen",
				  "--listen must be HOST:PORT");
	*colon = '\0';
	if (host[0] == '[' && colon[-1] == ']') {
		colon[-1] = '\0';
		memmove(host, host + 1, strlen(host));
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	gai = getaddrinfo(host[0] ? host : NULL, colon + 1, &hints, &res);
	if (gai != 0)
		return bm_err_set(err, BM_EINVAL, "invalid_listen", "listen",
				  "cannot resolve %s: %s", listen_addr, gai_strerror(gai));
	fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, SOMAXCONN) != 0 ||
	    fcntl(fd, F_SETFL, O_NONBLOCK) != 0) {
		bm_err_set(err, BM_EIO, "listen_failed", "listen", "cannot listen on %s: %s",
			   listen_addr, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = BM_EIO;
	}
	freeaddrinfo(res);
	return fd;
}

static SSL_CTX *make_tls(const struct config *cfg, struct bm_err *err)
{
	SSL_CTX *ssl = SSL_CTX_new(TLS_server_method());

	if (ssl == NULL)
		goto fail;
	SSL_CTX_set_min_proto_version(ssl, TLS1_2_VERSION);
	SSL_CTX_set_options(ssl, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
	if (SSL_CTX_use_certificate_chain_file(ssl, cfg->tls_cert) != 1 ||
	    SSL_CTX_use_PrivateKey_file(ssl, cfg->tls_key, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_check_private_key(ssl) != 1)
		goto fail;
	h2o_ssl_register_alpn_protocols(ssl, h2o_http2_alpn_protocols);
	return ssl;
fail:
	SSL_CTX_free(ssl);
	bm_err_set(err, BM_EINVAL, "tls_failed", "tls", "cannot load TLS certificate %s and key %s",
		   cfg->tls_cert, cfg->tls_key);
	return NULL;
}

/* Hold DATA/server.lock for the life of the process: one server per data directory,
 * and `baomi restore` can tell a running server is there. */
static int lock_data_dir(const char *data_dir, struct bm_err *err)
{
	char path[PATH_MAX];
	int fd;

	if (bm_path_join(path, sizeof(path), data_dir, "server.lock") != 0)
		return bm_err_set(err, BM_EINVAL, "path_too_long", NULL, "data path too long");
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return bm_err_set(err, BM_EIO, "lock_failed", NULL, "cannot open %s: %s", path,
				  strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		close(fd);
		return bm_err_set(err, BM_ECONFLICT, "already_running", NULL,
				  "another baomi server is using %s", data_dir);
	}
	return fd;
}

static int setup_h2o(struct server *srv, struct bm_err *err)
{
	static const char *index_files[] = { "index.html", NULL };
	h2o_hostconf_t *host;
	h2o_pathconf_t *pc, *vendor = NULL;
	h2o_handler_t *h;
	struct headers_filter *f;

	h2o_config_init(&srv->globalconf);
	srv->h2o_ready = 1;
	/* the largest body any route accepts: an upload; routes enforce their own */
	srv->globalconf.max_request_entity_size = srv->cfg.max_upload + (1u << 20);
	srv->globalconf.server_name = h2o_iovec_init(H2O_STRLIT("baomi"));
	host = h2o_config_register_host(&srv->globalconf, h2o_iovec_init(H2O_STRLIT("default")),
					65535);
	/* Chart.js from its Debian package (libjs-chart.js) at /vendor/chart.js/ when the
	 * directory is there; without it the dashboard shows its tables only. h2o takes
	 * the first registered path that matches: this one goes before "/". */
	if (srv->cfg.chartjs_dir[0] != '\0' && access(srv->cfg.chartjs_dir, R_OK | X_OK) == 0) {
		static const char *no_index[] = { NULL };
		vendor = h2o_config_register_path(host, "/vendor/chart.js", 0);
		h2o_file_register(vendor, srv->cfg.chartjs_dir, no_index, NULL, 0);
		f = (struct headers_filter *)h2o_create_filter(vendor, sizeof(*f));
		f->super.on_setup_ostream = on_setup_ostream;
		f->srv = srv;
	}
	pc = h2o_config_register_path(host, "/", 0);
	h = h2o_create_handler(pc, sizeof(*h));
	h->on_req = dispatch_on_req;
	h2o_file_register(pc, srv->cfg.web_dir, index_files, NULL, 0);
	f = (struct headers_filter *)h2o_create_filter(pc, sizeof(*f));
	f->super.on_setup_ostream = on_setup_ostream;
	f->srv = srv;
	if (srv->cfg.access_log[0] != '\0') {
		srv->access_log = h2o_access_log_open_handle(srv->cfg.access_log, access_log_format,
							     H2O_LOGCONF_ESCAPE_JSON);
		if (srv->access_log == NULL)
			return bm_err_set(err, BM_EIO, "access_log_failed", NULL,
					  "cannot open access log %s", srv->cfg.access_log);
		h2o_access_log_register(pc, srv->access_log);
		if (vendor != NULL)
			h2o_access_log_register(vendor, srv->access_log);
	}
	return 0;
}

static int start_workers(struct server *srv, struct bm_err *err)
{
	srv->workers = calloc((size_t)srv->cfg.threads, sizeof(*srv->workers));
	if (srv->workers == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	for (int i = 0; i < srv->cfg.threads; i++) {
		struct worker *w = &srv->workers[i];
		w->srv = srv;
		w->index = i;
		w->listen_fd = dup(srv->listen_fd);
		if (w->listen_fd < 0 || db_open(&w->db, srv->cfg.db_path, err) != 0)
			return err->code != 0 ? err->code
					      : bm_err_set(err, BM_EIO, NULL, NULL, "dup failed");
		w->answers = answer_cache_new();
		if (w->answers == NULL || pthread_create(&w->thread, NULL, worker_main, w) != 0) {
			answer_cache_free(w->answers);
			w->answers = NULL;
			db_close(w->db);
			w->db = NULL;
			return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "cannot start thread");
		}
		srv->nworkers++;
	}
	return 0;
}

static void stop_workers(struct server *srv)
{
	atomic_store(&srv->stopping, 1);
	for (int i = 0; i < srv->nworkers; i++) {
		pthread_join(srv->workers[i].thread, NULL);
		answer_cache_free(srv->workers[i].answers);
		db_close(srv->workers[i].db);
	}
	free(srv->workers);
	srv->workers = NULL;
	srv->nworkers = 0;
}

int server_run(const struct config *cfg, struct bm_err *err)
{
	struct server *srv = calloc(1, sizeof(*srv));
	struct db *db = NULL;
	sigset_t sigs;
	unsigned char rnd[4];
	int lock_fd = -1, applied = 0, sig = 0, rc;

	if (srv == NULL)
		return bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
	srv->cfg = *cfg;
	srv->listen_fd = -1;
	randombytes_buf(rnd, sizeof(rnd));
	bm_hex_encode(rnd, sizeof(rnd), srv->id_prefix);

	if ((rc = lock_data_dir(cfg->data_dir, err)) < 0)
		goto out;
	lock_fd = rc;
	if ((rc = keys_load(&srv->keys, cfg->data_dir, err)) != 0)
		goto out;
	if ((rc = db_open(&db, cfg->db_path, err)) != 0)
		goto out;
	if ((rc = migrate_run(db, &applied, err)) != 0 ||
	    (rc = schemes_load_dir(db, cfg->schemes_dir, err)) != 0 ||
	    (rc = calendars_seed_dir(db, cfg->calendars_dir, "server", err)) != 0)
		goto out;
	srv->login_limiter = ratelimit_new(cfg->login_rate_per_minute, cfg->login_rate_burst);
	srv->refusal_limiter =
		ratelimit_new(cfg->refusal_audit_per_minute, cfg->refusal_audit_per_minute);
	srv->objection_limiter =
		ratelimit_new(cfg->objection_rate_per_minute, cfg->objection_rate_per_minute);
	/* POST /api/v1/public/verify: reading an image costs up to a second of CPU */
	srv->verify_limiter = ratelimit_new(VERIFY_RATE_PER_MINUTE, VERIFY_RATE_PER_MINUTE);
	if (srv->verify_limiter == NULL) {
		rc = bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
		goto out;
	}
	srv->register_limiter =
		ratelimit_new(cfg->register_rate_per_minute, cfg->register_rate_per_minute);
	if (srv->login_limiter == NULL || srv->refusal_limiter == NULL ||
	    srv->objection_limiter == NULL || srv->register_limiter == NULL ||
	    router_index_init(&srv->routes_ix, routes, routes_count, sizeof(routes[0])) != 0) {
		rc = bm_err_set(err, BM_EINTERNAL, NULL, NULL, "out of memory");
		goto out;
	}
	if (cfg->tls_cert[0] != '\0' && (srv->ssl = make_tls(cfg, err)) == NULL) {
		rc = BM_EINVAL;
		goto out;
	}
	if ((rc = setup_h2o(srv, err)) != 0)
		goto out;
	if ((rc = make_listener(cfg->listen, err)) < 0)
		goto out;
	srv->listen_fd = rc;

	/* Signals go to this thread only, through sigwait. */
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	if ((rc = start_workers(srv, err)) != 0) {
		stop_workers(srv);
		goto out;
	}
	log_info("baomi %s listening on %s://%s (%d threads, data %s)", BM_VERSION,
		 srv->ssl != NULL ? "https" : "http", cfg->listen, cfg->threads, cfg->data_dir);
	/* SIGHUP (a closed terminal, a log rotator) must not take the server down. */
	while (sigwait(&sigs, &sig) == 0 && sig == SIGHUP)
		log_info("SIGHUP ignored; send SIGTERM to stop");
	log_info("signal %d: stopping", sig);
	stop_workers(srv);
	if (audit_sign_current(db, &srv->keys, err) != 0)
		log_error("could not sign the audit head at shutdown: %s", err->message);
	bm_err_clear(err);
	log_info("stopped");
	rc = 0;
out:
	if (srv->h2o_ready)
		h2o_config_dispose(&srv->globalconf);
	if (srv->access_log != NULL)
		h2o_mem_release_shared(srv->access_log);
	if (srv->listen_fd >= 0)
		close(srv->listen_fd);
	db_close(db);
	ratelimit_free(srv->login_limiter);
	ratelimit_free(srv->refusal_limiter);
	ratelimit_free(srv->objection_limiter);
	ratelimit_free(srv->verify_limiter);
	ratelimit_free(srv->register_limiter);
	router_index_release(&srv->routes_ix);
	SSL_CTX_free(srv->ssl);
	keys_release(&srv->keys);
	schemes_release();
	if (lock_fd >= 0)
		close(lock_fd);
	free(srv);
	return rc;
}
