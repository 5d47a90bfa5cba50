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
. "$ROOT/bench/lib.sh"

bench_init http
bench_need wrk nginx curl
bench_serve "$BIN" $PORT_B

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
bench_nginx $PORT_N

healthz=$(bench_rate http://127.0.0.1:$PORT_B/healthz)
nginx_h=$(bench_rate http://127.0.0.1:$PORT_N/healthz.json)
me=$(bench_rate http://127.0.0.1:$PORT_B/api/v1/me "Cookie: bm_session=$TOKEN")
nginx_m=$(bench_rate http://127.0.0.1:$PORT_N/me.json)
rss_kb=$(awk '/VmRSS/ { print $2 }' /proc/$SERVER/status)

echo "baomi HTTP benchmark: wrk -t2 -c50 -d${SECS}s, keep-alive, loopback, $(nproc) cores"
printf "%-34s %10s %10s %8s %s\n" "target" "req/s" "nginx" "ratio" "goal"
printf "%-34s %10s %10s %7s%% %s\n" "GET /healthz ($(wc -c <"$TMP/www/healthz.json") B)" "$healthz" \
	"$nginx_h" "$(bench_pct "$healthz" "$nginx_h")" ">= 60%"
printf "%-34s %10s %10s %7s%% %s\n" "GET /api/v1/me ($(wc -c <"$TMP/www/me.json") B)" "$me" \
	"$nginx_m" "$(bench_pct "$me" "$nginx_m")" ">= 35%"
echo "server RSS after the runs: $((rss_kb / 1024)) MiB (goal < 50 MiB)"
