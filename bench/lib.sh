# bench/lib.sh - what the benchmark scripts share, sourced by them (POSIX sh).
#
# bench_init NAME       a temporary directory $TMP, removed on exit with the servers
# bench_need TOOL...    stop unless every tool is installed (scripts/deps.sh installs them)
# bench_serve BIN PORT [CONFIG_JSON]
#                       a demo data directory in $TMP/data (with CONFIG_JSON as its
#                       config.json), then `baomi serve` on 127.0.0.1:PORT with 2 worker
#                       threads and no access log; waits until /healthz answers; $SERVER
# bench_nginx PORT      nginx (2 workers, keep-alive, no log) serving $TMP/www; $NGINX
# bench_rate URL [HEADER]
#                       requests per second: wrk, 2 threads, 50 connections, $SECS s
# bench_pct A B         A as a whole percentage of B

SERVER=""
NGINX=""

bench_cleanup() {
	[ -n "$SERVER" ] && kill -TERM "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
	[ -n "$NGINX" ] && kill -TERM "$NGINX" 2>/dev/null || true
	rm -rf "$TMP"
}

bench_init() {
	TMP=$(mktemp -d "/tmp/baomi-bench-$1.XXXXXX")
	trap bench_cleanup EXIT
	# a signal (a reader like `| head` gone: PIPE) ends the run, servers included
	trap 'bench_cleanup; exit 1' INT TERM HUP PIPE
}

bench_need() {
	for tool in "$@"; do
		command -v "$tool" >/dev/null 2>&1 ||
			{ echo "bench: $tool missing (scripts/deps.sh installs it)"; exit 1; }
	done
}

bench_serve() {
	"$1" init --demo --data "$TMP/data" >/dev/null 2>&1
	[ -z "${3:-}" ] || printf '%s\n' "$3" >"$TMP/data/config.json"
	"$1" serve --data "$TMP/data" --listen "127.0.0.1:$2" --threads 2 --access-log "" \
		2>"$TMP/server.log" &
	SERVER=$!
	for _ in $(seq 50); do
		curl -sf "http://127.0.0.1:$2/healthz" >/dev/null && return 0
		sleep 0.1
	done
	echo "bench: the server did not start; its log:"
	cat "$TMP/server.log"
	exit 1
}

bench_nginx() {
	cat >"$TMP/nginx.conf" <<CONF
worker_processes 2;
daemon off;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log;
events { worker_connections 1024; }
http {
	access_log off;
	keepalive_requests 1000000;
	default_type application/json;
	server {
		listen 127.0.0.1:$1;
		root $TMP/www;
	}
}
CONF
	nginx -c "$TMP/nginx.conf" -p "$TMP" &
	NGINX=$!
	sleep 0.5
}

bench_rate() {
	if [ $# -gt 1 ]; then
		wrk -t2 -c50 -d"${SECS}s" -H "$2" "$1"
	else
		wrk -t2 -c50 -d"${SECS}s" "$1"
	fi | awk '/Requests\/sec/ { printf "%d", $2 }'
}

bench_pct() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (b > 0 ? 100 * a / b : 0) }'
}
