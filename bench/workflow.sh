#!/bin/sh
# Workflow benchmark: N complete applications, draft to decision, with concurrent
# clients, next to raw SQLite durable commits measured in the same run. Needs a build
# with -Dtest_hooks=true (it moves the business clock past on-site dates and
# publicity windows); make bench builds one in build/bench.
#
# usage: bench/workflow.sh [BAOMI_BIN] [N] [CLIENTS]
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$ROOT/build/bench/baomi}
N=${2:-40}
CLIENTS=${3:-4}
PORT=18482
TMP=$(mktemp -d /tmp/baomi-bench-wf.XXXXXX)
SERVER=""

cleanup() {
	[ -n "$SERVER" ] && kill -TERM "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

"$BIN" init --demo --data "$TMP/data" >/dev/null 2>&1
printf '{"login_rate_per_minute": 100000, "login_rate_burst": 100000}\n' >"$TMP/data/config.json"
"$BIN" serve --data "$TMP/data" --listen 127.0.0.1:$PORT --threads 2 --access-log "" \
	2>"$TMP/server.log" &
SERVER=$!
for _ in $(seq 50); do curl -sf http://127.0.0.1:$PORT/healthz >/dev/null && break; sleep 0.1; done
python3 "$ROOT/bench/workflow.py" http://127.0.0.1:$PORT "$TMP/data" "$N" "$CLIENTS"
