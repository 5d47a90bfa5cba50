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
. "$ROOT/bench/lib.sh"

bench_init pub
bench_need wrk nginx curl python3
# The register is rate-limited per address; the benchmark measures the server, not
# the limit, so it lifts it.
bench_serve "$BIN" $PORT_B '{"register_rate_per_minute": 100000000}'

# One certificate of the demo register.
NUMBER=$(curl -sf "http://127.0.0.1:$PORT_B/api/v1/public/certificates" |
	python3 -c 'import json, sys, urllib.parse; print(urllib.parse.quote(json.load(sys.stdin)["items"][0]["number"]))')
[ -n "$NUMBER" ] || { echo "bench: the demo register is empty"; exit 1; }
URL_B="http://127.0.0.1:$PORT_B/api/v1/public/certificates/$NUMBER"

mkdir -p "$TMP/www"
curl -sf "$URL_B" >"$TMP/www/cert.json"
bench_nginx $PORT_N

lookup=$(bench_rate "$URL_B")
nginx_s=$(bench_rate "http://127.0.0.1:$PORT_N/cert.json")
# answers other than 200 would make the figure meaningless: check one after the run
code=$(curl -s -o /dev/null -w '%{http_code}' "$URL_B")

echo "baomi public verification benchmark: wrk -t2 -c50 -d${SECS}s, loopback, $(nproc) cores"
printf "%-44s %10s %10s %8s %s\n" "target" "req/s" "nginx" "ratio" "goal"
printf "%-44s %10s %10s %7s%% %s\n" "GET /api/v1/public/certificates/{n} ($(wc -c <"$TMP/www/cert.json") B)" \
	"$lookup" "$nginx_s" "$(bench_pct "$lookup" "$nginx_s")" ">= 50%"
[ "$code" = 200 ] || echo "warning: the lookup answered $code after the run (rate limit?)"
echo
echo "payload verification, one core ($VERIFY $((SECS / 3 + 1))):"
"$VERIFY" $((SECS / 3 + 1))
