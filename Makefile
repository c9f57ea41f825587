# Mini Market — the two commands a new machine needs are `make run` and `make test`.
# Both install what is missing first (scripts/setup: Debian packages and npm ci).

BUILD_DIR      ?= build
ASAN_DIR       ?= build-asan
MM_BIN         := $(CURDIR)/$(BUILD_DIR)/minimarket
ASAN_SCALE     ?= 0.2
JOBS           ?= $(shell nproc)
export CCACHE_DIR ?= $(HOME)/.cache/ccache
export CCACHE_MAXSIZE ?= 5G
# Paths relative to the checkout, so a fresh clone elsewhere (CI) reuses the cache.
export CCACHE_BASEDIR ?= $(CURDIR)
export CCACHE_NOHASHDIR ?= 1

.PHONY: all setup configure build server web run test test-cpp test-web test-asan bench format clean

all: build

setup:
	@scripts/setup

configure:
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null

# The server binary (build/minimarket) and the web app (web/dist).
build: configure
	@cmake --build $(BUILD_DIR) --target minimarket -j $(JOBS)
	@cd web && MM_BIN=$(MM_BIN) npm run --silent build

server: configure
	@cmake --build $(BUILD_DIR) --target minimarket -j $(JOBS)

# Embedded database and demo data on http://localhost:8080.
run: setup build
	@$(MM_BIN) migrate
	@$(MM_BIN) demo-data --if-empty
	@echo "Mini Market en http://localhost:8080 — usuarios de demostración en README.md (Ctrl+C para salir)"
	@MM_SERVER_LISTEN=$${MM_SERVER_LISTEN:-127.0.0.1:8080} $(MM_BIN) serve

# Every suite: C++ (unit, storage, HTTP on SQLite and a throwaway PostgreSQL), web lint, type
# check, Vitest, and the browser test against the real server.
test: setup build
	@cmake --build $(BUILD_DIR) -j $(JOBS)
	@$(MAKE) --no-print-directory test-cpp test-web

test-cpp:
	@scripts/with-postgres scripts/run-ctest --test-dir $(BUILD_DIR) --output-on-failure -j 2

test-web:
	@cd web && MM_BIN=$(MM_BIN) npm run --silent check
	@cd web && MM_BIN=$(MM_BIN) npm run --silent e2e

# Unit, storage and HTTP tests under AddressSanitizer + UndefinedBehaviorSanitizer at a reduced
# storm scale (decision 37).
test-asan: setup
	@cmake -S . -B $(ASAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMM_SANITIZE=ON \
	  -DMM_BUILD_BENCH=OFF >/dev/null
	@cmake --build $(ASAN_DIR) -j $(JOBS)
	@MM_TEST_SCALE=$(ASAN_SCALE) ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  scripts/with-postgres scripts/run-ctest --test-dir $(ASAN_DIR) --output-on-failure -j 2 -L 'unit|storage|http'

bench: setup build
	@bench/run
	@MM_BIN=$(MM_BIN) bench/transacciones

format:
	@clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp')

clean:
	@rm -rf $(BUILD_DIR) $(ASAN_DIR) web/dist
