#!/bin/sh
# Run every test suite against the build in $1 (the sanitizer build under `make test`).
# Each suite ends with a line "NAME: N passed, N failed"; this script adds them up and
# ends with the total "N passed, N failed". Exit status 0 only when nothing failed.
set -u
BUILD=${1:?usage: tests/run.sh BUILD_DIR}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "$BUILD" && pwd)
LOGS="$ROOT/.test-tmp/logs"
mkdir -p "$LOGS"

export BAOMI_BIN="$BUILD/baomi"
export BAOMI_BUILD="$BUILD"
export BAOMI_ROOT="$ROOT"
# The server runs under ASan/UBSan: make any report fatal and visible.
export ASAN_OPTIONS="abort_on_error=0:halt_on_error=1:detect_leaks=1:exitcode=66"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=67"
export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0"

total_pass=0
total_fail=0
failed_suites=""

suite() {
	name=$1
	shift
	echo "=== $name"
	"$@" >"$LOGS/$name.log" 2>&1
	status=$?
	tail -n 40 "$LOGS/$name.log" | grep -E -v '^\s*$' | tail -n 12
	line=$(grep -E '^([A-Za-z0-9_-]+: )?[0-9]+ passed, [0-9]+ failed' "$LOGS/$name.log" | tail -n 1)
	if [ -z "$line" ]; then
		pass=0
		fail=1
		echo "$name: no summary line (exit $status); see $LOGS/$name.log"
	else
		pass=$(echo "$line" | sed -E 's/^([A-Za-z0-9_-]+: )?([0-9]+) passed, ([0-9]+) failed.*/\2/')
		fail=$(echo "$line" | sed -E 's/^([A-Za-z0-9_-]+: )?([0-9]+) passed, ([0-9]+) failed.*/\3/')
		if [ "$status" -ne 0 ] && [ "$fail" -eq 0 ]; then
			fail=1
			echo "$name: exited $status although no test failed; see $LOGS/$name.log"
		fi
	fi
	total_pass=$((total_pass + pass))
	total_fail=$((total_fail + fail))
	[ "$fail" -eq 0 ] || failed_suites="$failed_suites $name"
}

suite lint "$ROOT/scripts/lint.sh"
suite unit "$ROOT/tests/unit/run.sh" "$BUILD"
suite fuzz-corpus "$ROOT/tests/fuzz/regress.sh" "$BUILD"
suite api python3 "$ROOT/tests/api/run.py"
suite e2e "$ROOT/tests/e2e/run.sh"

echo
[ -z "$failed_suites" ] || echo "failed suites:$failed_suites (logs in $LOGS)"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
