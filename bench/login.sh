#!/bin/sh
# Login benchmark: what a burst of logins does to everyone else. A login verifies an
# Argon2id hash (libsodium's interactive limits) on the event-loop thread that took the
# request, so while it runs that thread serves nobody else. Measured in this run with
# wrk on loopback against the same server: GET /healthz latency and rate alone (the
# reference), then again while LOGINS clients log in back to back; plus the logins
# per second and one login's time. Never fails on speed.
#
# usage: bench/login.sh [BAOMI_BIN] [SECONDS] [LOGINS]
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$ROOT/build/release/baomi}
SECS=${2:-10}
LOGINS=${3:-4}
PORT=18482
. "$ROOT/bench/lib.sh"

bench_init login
bench_need wrk curl
bench_serve "$BIN" $PORT '{"login_rate_per_minute": 100000, "login_rate_burst": 100000}'
URL=http://127.0.0.1:$PORT

# wrk's rate and latency percentiles (ms) of GET /healthz, 2 threads, 20 connections.
probe() {
	wrk -t2 -c20 -d"${SECS}s" --latency "$URL/healthz" | awk '
		function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0;
			if (v ~ /s$/) return v * 1000; return v }
		/Requests\/sec/ { rate = $2 }
		$1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
		/Latency/ && max == "" { max = ms($4) }
		END { printf "%d %.2f %.2f %.2f", rate, p50, p99, max }'
}

# One client logging in back to back until the file $TMP/stop exists; counts in $1.
login_loop() {
	n=0
	while [ ! -e "$TMP/stop" ]; do
		curl -s -o /dev/null -H 'Content-Type: application/json' \
			-d '{"login":"reviewer.js","password":"Baomi-Demo-2026"}' "$URL/api/v1/session"
		n=$((n + 1))
	done
	echo $n >"$1"
}

one=$(curl -s -o /dev/null -w '%{time_total}' -H 'Content-Type: application/json' \
	-d '{"login":"reviewer.js","password":"Baomi-Demo-2026"}' "$URL/api/v1/session")
quiet=$(probe)
pids=""
for i in $(seq "$LOGINS"); do
	login_loop "$TMP/count.$i" &
	pids="$pids $!"
done
busy=$(probe)
touch "$TMP/stop"
for p in $pids; do wait "$p"; done
done_n=$(cat "$TMP"/count.* | awk '{ s += $1 } END { print s }')

echo "baomi login benchmark: wrk -t2 -c20 -d${SECS}s GET /healthz, 2 server threads, loopback, $(nproc) cores"
echo "one login (Argon2id verify, session write): $(echo "$one" | awk '{ printf "%.0f", $1 * 1000 }') ms"
printf "%-40s %8s %9s %9s %9s\n" "GET /healthz" "req/s" "p50 ms" "p99 ms" "max ms"
set -- $quiet
printf "%-40s %8s %9s %9s %9s\n" "alone (reference)" "$1" "$2" "$3" "$4"
set -- $busy
printf "%-40s %8s %9s %9s %9s\n" "with $LOGINS clients logging in" "$1" "$2" "$3" "$4"
echo "logins completed meanwhile: $done_n ($(awk -v n="$done_n" -v s="$SECS" 'BEGIN { printf "%.1f", n / s }')/s)"
