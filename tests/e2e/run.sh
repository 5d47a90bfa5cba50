#!/bin/sh
# tests/e2e/run.sh - the browser tests, against a real server.
#
# Creates a fresh demo data directory, starts `baomi serve` on a free loopback
# port with the web shell, runs every tests/e2e/*.test.mjs with node's test
# runner (Playwright driving Debian's chromium), stops the server with SIGTERM
# and checks that it exited 0. Ends with one line "e2e: N passed, N failed".
#
# Environment: BAOMI_BIN (default: build/dev/baomi of this repository),
# BAOMI_ROOT (the repository; default: two levels above this script),
# BAOMI_CHROMIUM (default /usr/bin/chromium), BAOMI_E2E_KEEP=1 keeps the
# temporary directory (data, server log, TAP output). Arguments, if any, name
# the test files to run instead of all of them.
#
# The tests get BAOMI_E2E_URL (the server), BAOMI_E2E_DATA (its data directory)
# and BAOMI_BIN: annual.test.mjs runs the scheduler as cron would, `baomi jobs
# run --now DAY --data DIR` beside the serving server (the job leases keep the
# two apart). annual.test.mjs runs last: it moves the business year on (loads
# 2027's calendar, which calendar.test.mjs expects to be missing, and cancels
# certificates).
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=${BAOMI_ROOT:-$(cd "$HERE/../.." && pwd)}
ROOT=$(cd "$ROOT" && pwd)
BIN=${BAOMI_BIN:-"$ROOT/build/dev/baomi"}
case $BIN in
/*) ;;
*) BIN=$(pwd)/$BIN ;;
esac
CHROMIUM=${BAOMI_CHROMIUM:-/usr/bin/chromium}
export BAOMI_ROOT="$ROOT" BAOMI_CHROMIUM="$CHROMIUM"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/baomi-e2e.XXXXXX")
DATA=$TMP/data
PID=""

summary() {
	echo "e2e: $1 passed, $2 failed"
}

cleanup() {
	if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
		kill -TERM "$PID" 2>/dev/null
		wait "$PID" 2>/dev/null
	fi
	if [ "${BAOMI_E2E_KEEP:-0}" = 1 ]; then
		echo "e2e: kept $TMP"
	else
		rm -rf "$TMP"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() {
	echo "e2e: $*" >&2
	summary 0 1
	exit 1
}

[ -x "$BIN" ] || die "no baomi binary at $BIN (build it, or set BAOMI_BIN)"
command -v node >/dev/null 2>&1 || die "node is not installed (scripts/deps.sh installs it)"
[ -x "$CHROMIUM" ] || die "no chromium at $CHROMIUM (apt-get install chromium fonts-noto-cjk)"
if [ ! -d "$HERE/node_modules/playwright-core" ]; then
	(cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed in $HERE"
fi

"$BIN" init --demo --data "$DATA" >"$TMP/init.log" 2>&1 || {
	cat "$TMP/init.log" >&2
	die "baomi init --demo failed"
}
# Many logins from one address in little time: lift the per-address login
# rate limit for this throw-away server (the lockout per account stays on).
cat >"$DATA/config.json" <<'JSON'
{ "login_rate_per_minute": 6000, "login_rate_burst": 1000 }
JSON

PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});') ||
	die "cannot find a free port"
URL="http://127.0.0.1:$PORT"

"$BIN" serve --data "$DATA" --listen "127.0.0.1:$PORT" --web "$ROOT/web" >"$TMP/server.log" 2>&1 &
PID=$!

# An AddressSanitizer build starts slowly: wait up to 60 s for /healthz.
up=0
i=0
while [ $i -lt 600 ]; do
	if ! kill -0 "$PID" 2>/dev/null; then
		break
	fi
	if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "$URL/healthz" 2>/dev/null; then
		up=1
		break
	fi
	sleep 0.1
	i=$((i + 1))
done
if [ $up -ne 1 ]; then
	tail -n 40 "$TMP/server.log" >&2
	die "server did not answer $URL/healthz"
fi
echo "e2e: server $URL (pid $PID), data $DATA"

# node --test orders the files itself: the ones that must come last run in a
# second pass (their TAP output follows the first's in tap.log)
LAST=""
if [ $# -eq 0 ]; then
	for f in "$HERE"/*.test.mjs; do
		if [ "$f" = "$HERE/annual.test.mjs" ]; then
			LAST=$f
		else
			set -- "$@" "$f"
		fi
	done
fi
run_node() {
	BAOMI_E2E_URL=$URL BAOMI_E2E_DATA=$DATA BAOMI_BIN=$BIN node --test --test-reporter=tap \
		--test-concurrency=1 "$@" >>"$TMP/tap.log" 2>&1
}
: >"$TMP/tap.log"
test_rc=0
run_node "$@" || test_rc=$?
if [ -n "$LAST" ]; then
	run_node "$LAST" || test_rc=$?
fi
cat "$TMP/tap.log"

kill -TERM "$PID" 2>/dev/null
wait "$PID"
server_rc=$?
PID=""

# the summaries of every pass, added up
sum() {
	sed -n "s/^# $1 \\([0-9][0-9]*\\)\$/\\1/p" "$TMP/tap.log" | awk '{ n += $1; seen = 1 } END { if (seen) print n }'
}
pass=$(sum pass)
fail=$(sum fail)
cancelled=$(sum cancelled)
if [ -z "$pass" ] || [ -z "$fail" ]; then
	echo "e2e: no TAP summary from node --test (exit $test_rc)" >&2
	pass=${pass:-0}
	fail=$((${fail:-0} + 1))
fi
fail=$((fail + ${cancelled:-0}))
if [ "$test_rc" -ne 0 ] && [ "$fail" -eq 0 ]; then
	echo "e2e: node --test exited $test_rc although no test failed" >&2
	fail=1
fi
if [ "$server_rc" -ne 0 ]; then
	echo "e2e: the server exited with status $server_rc after SIGTERM (0 expected); its log:" >&2
	tail -n 60 "$TMP/server.log" >&2
	fail=$((fail + 1))
fi

summary "$pass" "$fail"
[ "$fail" -eq 0 ]
