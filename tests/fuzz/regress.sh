#!/bin/sh
# Replay the committed seed corpora through the standalone fuzz targets of an
# ordinary (sanitizer) build: BUILD/tests/fuzz_NAME over tests/fuzz/corpus/NAME/.
# Every input file is one test, run in a process of its own so that one crash does
# not hide the others. Ends with "fuzz-corpus: N passed, N failed".
set -u
BUILD=${1:?usage: regress.sh BUILD_DIR}
HERE=$(cd "$(dirname "$0")" && pwd)
export ASAN_OPTIONS="${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
pass=0
fail=0
for dir in "$HERE"/corpus/*/; do
	name=$(basename "$dir")
	bin="$BUILD/tests/fuzz_$name"
	if [ ! -x "$bin" ]; then
		echo "fuzz-corpus: $bin is missing (built with -Dfuzz=true? use an ordinary build)"
		fail=$((fail + 1))
		continue
	fi
	n=0
	for f in "$dir"*; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		if out=$( { "$bin" "$f"; } 2>&1); then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "FAIL $name/$(basename "$f")"
			echo "$out" | grep -E 'invariant broken|ERROR: |runtime error|SUMMARY' | head -n 5 |
				sed 's/^/    /'
		fi
	done
	echo "$name: $n input(s)"
done
echo "fuzz-corpus: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
