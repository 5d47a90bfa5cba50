#!/bin/sh
# Install what baomi needs to build, test and benchmark on Debian 12.
# Idempotent and quick when everything is present. As root it installs with apt-get;
# otherwise it prints the command to run and exits non-zero.
set -eu

PACKAGES="
build-essential pkg-config meson ninja-build clang libclang-rt-14-dev
libh2o-evloop-dev libssl-dev libjansson-dev libsqlite3-dev libsodium-dev libcmocka-dev
zlib1g-dev libxlsxwriter-dev
libqrencode-dev libcairo2-dev libpango1.0-dev libzbar-dev libpoppler-glib-dev poppler-utils
python3 python3-yaml sqlite3 openssl curl ca-certificates
nodejs chromium fonts-noto-cjk libjs-chart.js
wrk nginx-light
"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done

# Debian's nodejs needs its npm package; some nodejs builds bundle npm already.
command -v npm >/dev/null 2>&1 || missing="$missing npm"

if [ -n "$missing" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "baomi needs these Debian packages:$missing" >&2
		echo "run: sudo apt-get update && sudo apt-get install -y$missing" >&2
		exit 1
	fi
	echo "installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# The browser tests' one npm dependency (playwright-core, pinned in the lock file).
here=$(cd "$(dirname "$0")/.." && pwd)
if [ -f "$here/tests/e2e/package-lock.json" ] && [ ! -d "$here/tests/e2e/node_modules/playwright-core" ]; then
	(cd "$here/tests/e2e" && npm ci --no-audit --no-fund --loglevel=error)
fi
