#!/bin/sh
# Run every cmocka binary (tests/unit/test_*.c, built as BUILD/tests/test_*) and sum
# the cases. Ends with "unit: N passed, N failed".
set -u
BUILD=${1:?usage: run.sh BUILD_DIR}
pass=0
fail=0
for t in "$BUILD"/tests/test_*; do
	# executables only: Meson keeps object directories (test_x.p) alongside
	[ -f "$t" ] && [ -x "$t" ] || continue
	out=$("$t" 2>&1)
	status=$?
	echo "$out"
	p=$(echo "$out" | sed -nE 's/^\[  PASSED  \] ([0-9]+) test.*/\1/p' | tail -n 1)
	f=$(echo "$out" | sed -nE 's/^\[  FAILED  \] ([0-9]+) test.*/\1/p' | tail -n 1)
	p=${p:-0}
	f=${f:-0}
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "$(basename "$t"): exited $status"
		f=1
	fi
	pass=$((pass + p))
	fail=$((fail + f))
done
echo "unit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
