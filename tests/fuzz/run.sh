#!/bin/sh
# Run each libFuzzer target of a -Dfuzz=true build for SECONDS seconds, starting from
# a copy of its committed corpus; new inputs and crash files go to a scratch
# directory under .test-tmp/fuzz/, never into tests/fuzz/corpus/. A target that
# finds a crash (or a broken invariant) fails. Ends with "fuzz: N passed, N failed".
set -u
BUILD=${1:?usage: run.sh BUILD_DIR SECONDS}
SECONDS_EACH=${2:-60}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SCRATCH="$ROOT/.test-tmp/fuzz/$(date +%Y%m%d-%H%M%S)-$$"
# UBSan reports are fatal, so libFuzzer sees them as crashes.
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
pass=0
fail=0
mkdir -p "$SCRATCH"
for dir in "$HERE"/corpus/*/; do
	name=$(basename "$dir")
	bin="$BUILD/tests/fuzz_$name"
	work="$SCRATCH/$name"
	if [ ! -x "$bin" ]; then
		echo "fuzz: $bin is missing"
		fail=$((fail + 1))
		continue
	fi
	mkdir -p "$work/corpus" "$work/artifacts"
	cp "$dir"* "$work/corpus/" 2>/dev/null
	echo "=== $name: ${SECONDS_EACH}s, log $work/log"
	# Fork mode with crashes ignored keeps exploring after the first finding, so one
	# run reports every distinct crash, timeout and out-of-memory input it meets.
	"$bin" "$work/corpus" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
		-max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -timeout=10 \
		-print_final_stats=1 -artifact_prefix="$work/artifacts/" >"$work/log" 2>&1
	status=$?
	grep -E '^#[0-9]+: cov:|^INFO: fuzzed for|stat::number_of_executed_units' "$work/log" |
		tail -n 2
	crashes=$(ls "$work/artifacts" | wc -l)
	if [ "$status" -ne 0 ] || [ "$crashes" -ne 0 ]; then
		fail=$((fail + 1))
		echo "$name: FAILED (exit $status); $crashes crash input(s) in $work/artifacts:"
		ls "$work/artifacts" | head -n 10 | sed 's/^/    /'
		# the distinct reasons (replaying up to 50 of the inputs), most frequent first
		for a in $(ls "$work/artifacts" | head -n 50); do
			"$bin" "$work/artifacts/$a" 2>&1 |
				grep -E 'invariant broken|ERROR: AddressSanitizer|runtime error|ERROR: libFuzzer: (timeout|out-of-memory)' |
				head -n 1 | sed -E 's/==[0-9]+==//; s/ on address.*//'
		done | sort | uniq -c | sort -rn | head -n 5 | sed 's/^/    /'
	else
		pass=$((pass + 1))
		echo "$name: ok"
	fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
