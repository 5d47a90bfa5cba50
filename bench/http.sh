#!/bin/sh
# HTTP benchmark: baomi's /healthz and an authenticated /api/v1/me against nginx
# serving static files of the same sizes, all measured in this run with wrk
# (2 threads, 50 keep-alive connections) on loopback. Prints req/s, each ratio to
# nginx, and the server's resident memory after the runs. Never fails on speed.
#
# usage: bench/http.sh [BAOMI_BIN] [SECONDS]
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$ROOT/build/release/baomi}
SECS=${2:-10}
PORT_B=18480
PORT_N=18481
TMP=$(mktemp -d /tmp/baomi-bench.XXXXXX)
SERVER=""
NGINX=""

cleanup() {
	[ -n "$SERVER" ] && kill -TERM "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
	[ -n "$NGINX" ] && kill -TERM "$NGINX" 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

for tool in wrk nginx curl; do
	command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool missing (scripts/deps.sh installs it)"; exit 1; }
done

"$BIN" init --demo --data "$TMP/data" >/dev/null 2>&1
"$BIN" serve --data "$TMP/data" --listen 127.0.0.1:$PORT_B --threads 2 --access-log "" \
	2>"$TMP/server.log" &
SERVER=$!
for _ in $(seq 50); do curl -sf http://127.0.0.1:$PORT_B/healthz >/dev/null && break; sleep 0.1; done

# A session for /api/v1/me.
curl -s -c "$TMP/cookies" -H 'Content-Type: application/json' \
	-d '{"login":"reviewer.js","password":"Baomi-Demo-2026"}' \
	http://127.0.0.1:$PORT_B/api/v1/session >/dev/null
TOKEN=$(awk '$6 == "bm_session" { print $7 }' "$TMP/cookies")
[ -n "$TOKEN" ] || { echo "bench: login failed"; exit 1; }

# Static files as large as the two responses, for nginx.
mkdir -p "$TMP/www"
curl -s http://127.0.0.1:$PORT_B/healthz >"$TMP/www/healthz.json"
curl -s -H "Cookie: bm_session=$TOKEN" http://127.0.0.1:$PORT_B/api/v1/me >"$TMP/www/me.json"
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
		listen 127.0.0.1:$PORT_N;
		root $TMP/www;
	}
}
CONF
nginx -c "$TMP/nginx.conf" -p "$TMP" &
NGINX=$!
sleep 0.5

rate() { # URL [HEADER] -> requests per second
	if [ $# -gt 1 ]; then
		wrk -t2 -c50 -d"${SECS}s" -H "$2" "$1"
	else
		wrk -t2 -c50 -d"${SECS}s" "$1"
	fi | awk '/Requests\/sec/ { printf "%d", $2 }'
}

healthz=$(rate http://127.0.0.1:$PORT_B/healthz)
nginx_h=$(rate http://127.0.0.1:$PORT_N/healthz.json)
me=$(rate http://127.0.0.1:$PORT_B/api/v1/me "Cookie: bm_session=$TOKEN")
nginx_m=$(rate http://127.0.0.1:$PORT_N/me.json)
rss_kb=$(awk '/VmRSS/ { print $2 }' /proc/$SERVER/status)

pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (b > 0 ? 100 * a / b : 0) }'; }

echo "baomi HTTP benchmark: wrk -t2 -c50 -d${SECS}s, keep-alive, loopback, $(nproc) cores"
printf "%-34s %10s %10s %8s %s\n" "target" "req/s" "nginx" "ratio" "goal"
printf "%-34s %10s %10s %7s%% %s\n" "GET /healthz ($(wc -c <"$TMP/www/healthz.json") B)" "$healthz" \
	"$nginx_h" "$(pct "$healthz" "$nginx_h")" ">= 60%"
printf "%-34s %10s %10s %7s%% %s\n" "GET /api/v1/me ($(wc -c <"$TMP/www/me.json") B)" "$me" \
	"$nginx_m" "$(pct "$me" "$nginx_m")" ">= 35%"
echo "server RSS after the runs: $((rss_kb / 1024)) MiB (goal < 50 MiB)"
