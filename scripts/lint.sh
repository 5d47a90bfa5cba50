#!/bin/sh
# House rules that the compiler cannot check. Ends with "lint: N passed, N failed".
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
pass=0
fail=0

check() {
	if [ -z "$2" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "lint: $1:"
		echo "$2" | sed 's/^/  /'
	fi
}

# Every C file includes base/banned.h, after all its other includes.
bad=""
for f in $(find src tests/unit tests/fuzz -name '*.c' 2>/dev/null); do
	last=$(grep -n '^#include' "$f" | tail -n 1 | cut -d: -f2-)
	[ "$last" = '#include "base/banned.h"' ] || bad="$bad$f\n"
done
check "files whose last include is not base/banned.h" "$(printf "$bad")"

# Every source file opens with a comment saying what it holds.
bad=""
for f in $(find src -name '*.c' -o -name '*.h'); do
	head -n 1 "$f" | grep -q '^/\*' || bad="$bad$f\n"
done
check "files without an opening comment" "$(printf "$bad")"

# SQL is never built by formatting data into it.
bad=$(grep -rnE 'snprintf\([^;]*"(SELECT|INSERT|UPDATE|DELETE) ' src || true)
check "SQL built with snprintf" "$bad"

# The C follows the committed .clang-format (clang-format comes with clang).
bad=""
for f in $(find src tests/unit tests/fuzz -name '*.c' -o -name '*.h' 2>/dev/null); do
	clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || bad="$bad$f\n"
done
check "files not formatted as .clang-format says (run clang-format -i FILE)" "$(printf "$bad")"

echo "lint: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
