#!/bin/sh
# Public verification benchmark: the public certificate lookup
# (GET /api/v1/public/certificates/{number}, no login) against nginx serving a static
# file of the same size, both with wrk (2 threads, 50 keep-alive connections) on
# loopback; then payload verifications per second against libsodium's raw Ed25519
# verify (bench_verify). Everything is measured in this run. Never fails on speed.
#
# usage: bench/public.sh [BAOMI_BIN] [BENCH_VERIFY_BIN] [SECONDS]
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$ROOT/build/release/baomi}
VERIFY=${2:-$ROOT/build/release/tests/bench_verify}
SECS=${3:-10}
PORT_B=18483
PORT_N=18484
TMP=$(mktemp -d /tmp/baomi-bench-pub.XXXXXX)
SERVER=""
NGINX=""

cleanup() {
	[ -n "$SERVER" ] && kill -TERM "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
	[ -n "$NGINX" ] && kill -TERM "$NGINX" 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

for tool in wrk nginx curl python3; do
	command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool missing (scripts/deps.sh installs it)"; exit 1; }
done

"$BIN" init --demo --data "$TMP/data" >/dev/null 2>&1
# The public register is rate-limited per address; the benchmark measures the server,
# not the limit, so it lifts it.
printf '{"register_rate_per_minute": 100000000}\n' >"$TMP/data/config.json"
"$BIN" serve --data "$TMP/data" --listen 127.0.0.1:$PORT_B --threads 2 --access-log "" \
	2>"$TMP/server.log" &
SERVER=$!
for _ in $(seq 50); do curl -sf http://127.0.0.1:$PORT_B/healthz >/dev/null && break; sleep 0.1; done

# One certificate of the demo register.
NUMBER=$(curl -sf "http://127.0.0.1:$PORT_B/api/v1/public/certificates" |
	python3 -c 'import json, sys, urllib.parse; print(urllib.parse.quote(json.load(sys.stdin)["items"][0]["number"]))')
[ -n "$NUMBER" ] || { echo "bench: the demo register is empty"; exit 1; }
URL_B="http://127.0.0.1:$PORT_B/api/v1/public/certificates/$NUMBER"

mkdir -p "$TMP/www"
curl -sf "$URL_B" >"$TMP/www/cert.json"
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

rate() { # URL -> requests per second
	wrk -t2 -c50 -d"${SECS}s" "$1" | awk '/Requests\/sec/ { printf "%d", $2 }'
}
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (b > 0 ? 100 * a / b : 0) }'; }

lookup=$(rate "$URL_B")
nginx_s=$(rate "http://127.0.0.1:$PORT_N/cert.json")
# answers other than 200 would make the figure meaningless: check one after the run
code=$(curl -s -o /dev/null -w '%{http_code}' "$URL_B")

echo "baomi public verification benchmark: wrk -t2 -c50 -d${SECS}s, loopback, $(nproc) cores"
printf "%-44s %10s %10s %8s %s\n" "target" "req/s" "nginx" "ratio" "goal"
printf "%-44s %10s %10s %7s%% %s\n" "GET /api/v1/public/certificates/{n} ($(wc -c <"$TMP/www/cert.json") B)" \
	"$lookup" "$nginx_s" "$(pct "$lookup" "$nginx_s")" ">= 50%"
[ "$code" = 200 ] || echo "warning: the lookup answered $code after the run (rate limit?)"
echo
echo "payload verification, one core ($VERIFY $((SECS / 3 + 1))):"
"$VERIFY" $((SECS / 3 + 1))
