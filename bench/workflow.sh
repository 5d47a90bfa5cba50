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
. "$ROOT/bench/lib.sh"

bench_init wf
bench_need curl python3
bench_serve "$BIN" $PORT '{"login_rate_per_minute": 100000, "login_rate_burst": 100000}'
python3 "$ROOT/bench/workflow.py" http://127.0.0.1:$PORT "$TMP/data" "$N" "$CLIENTS"
