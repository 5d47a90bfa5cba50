# The two commands that matter: `make run` and `make test`. The rest is here for
# developers. Everything builds with Meson + Ninja under build/.

DATA    ?= demo-data
LISTEN  ?= 127.0.0.1:8080
NINJA   := ninja
JOBS    ?= 2

.PHONY: all build run test test-only fuzz bench clean deps

all: build

deps:
	@scripts/deps.sh

build/release/build.ninja:
	meson setup build/release --buildtype=release -Db_ndebug=false >/dev/null

build/asan/build.ninja:
	meson setup build/asan --buildtype=debugoptimized -Dtest_hooks=true \
		-Db_sanitize=address,undefined -Db_lundef=false \
		-Dc_args=-fno-sanitize-recover=all -Dc_link_args=-fno-sanitize-recover=all >/dev/null

build/bench/build.ninja:
	meson setup build/bench --buildtype=release -Db_ndebug=false -Dtest_hooks=true >/dev/null

build/fuzz/build.ninja:
	CC=clang meson setup build/fuzz --buildtype=debugoptimized -Dfuzz=true \
		-Db_sanitize=address,undefined -Db_lundef=false >/dev/null

build: deps build/release/build.ninja
	$(NINJA) -C build/release -j $(JOBS)

# Build, create the demo data directory once, then serve it.
run: build
	@if [ ! -f $(DATA)/baomi.db ]; then build/release/baomi init --demo --data $(DATA); fi
	@echo
	@echo "baomi: http://$(LISTEN)/"
	@echo "demo logins (the admin account's password was printed when $(DATA) was created):"
	@cat $(DATA)/demo-logins.txt
	@echo
	build/release/baomi serve --data $(DATA) --listen $(LISTEN)

# Every suite, against the AddressSanitizer + UBSan build. The release binary is
# built too: -O3 finds warnings (hence errors) that the test build does not.
test: deps build/asan/build.ninja build/release/build.ninja
	$(NINJA) -C build/release -j $(JOBS) baomi
	$(NINJA) -C build/asan -j $(JOBS)
	tests/run.sh build/asan

# Run the suites without re-checking packages (faster while developing).
test-only: build/asan/build.ninja
	$(NINJA) -C build/asan -j $(JOBS)
	tests/run.sh build/asan

FUZZ_SECONDS ?= 60
fuzz: deps build/fuzz/build.ninja
	$(NINJA) -C build/fuzz -j $(JOBS)
	tests/fuzz/run.sh build/fuzz $(FUZZ_SECONDS)

# Benchmarks print figures next to a reference measured in the same run; they
# never fail on speed. The workflow benchmark needs the test clock (build/bench).
bench: build build/bench/build.ninja
	$(NINJA) -C build/bench -j $(JOBS) baomi
	$(NINJA) -C build/release -j $(JOBS) tests/bench_verify
	bench/http.sh build/release/baomi
	bench/workflow.sh build/bench/baomi
	bench/public.sh build/release/baomi build/release/tests/bench_verify
	bench/login.sh build/release/baomi

clean:
	rm -rf build tests/e2e/screenshots .test-tmp
