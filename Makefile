# accord: the two commands are `make demo` and `make test`.
# Everything else is a convenience around Meson + Ninja.

BUILD      ?= build
BUILD_ASAN ?= build-asan
BUILD_REL  ?= build-release
BUILD_FUZZ ?= build-fuzz
BUILD_TSAN ?= build-tsan

.PHONY: all deps build test test-fast test-suites demo bench fuzz clean

all: build

deps:
	@sh tools/install-deps.sh

# The dashboard's chart library and the browser tests' driver, from
# package-lock.json (npm ci: nothing else, no browser download); the
# build embeds the chart library into the binary.
node_modules/.package-lock.json: package.json package-lock.json | deps
	npm ci --no-audit --no-fund --loglevel=error

# The test builds must have the PostgreSQL store: -Dpostgres=enabled.
$(BUILD)/build.ninja: | node_modules/.package-lock.json
	meson setup $(BUILD) -Dpostgres=enabled

build: deps node_modules/.package-lock.json $(BUILD)/build.ninja
	ninja -C $(BUILD)

# The suite twice: gcc, then clang with AddressSanitizer and
# UndefinedBehaviorSanitizer, each with -Werror. Both run against one
# private PostgreSQL server (tools/pg-test-server.sh: started before,
# stopped after, also on failure), whose URL is ACCORD_TEST_PG.
$(BUILD_ASAN)/build.ninja: | node_modules/.package-lock.json
	CC=clang meson setup $(BUILD_ASAN) -Db_sanitize=address,undefined \
	    -Db_lundef=false -Dpostgres=enabled

# Then the unit tests whose code runs on several threads (a full
# package's verification, tree building), with ThreadSanitizer.
TSAN_TESTS = declaration sumtree tlog
$(BUILD_TSAN)/build.ninja: | node_modules/.package-lock.json
	CC=clang meson setup $(BUILD_TSAN) -Db_sanitize=thread \
	    -Db_lundef=false

test: build $(BUILD_ASAN)/build.ninja $(BUILD_TSAN)/build.ninja
	ninja -C $(BUILD_ASAN)
	ninja -C $(BUILD_TSAN) $(TSAN_TESTS:%=tests/unit/test_%)
	@sh tools/pg-test-server.sh run $(MAKE) --no-print-directory test-suites
	TSAN_OPTIONS=halt_on_error=1 meson test -C $(BUILD_TSAN) \
	    --no-rebuild --print-errorlogs $(TSAN_TESTS:%='unit %')
	@sh tools/test-summary.sh $(BUILD) $(BUILD_ASAN) $(BUILD_TSAN)

# Needs ACCORD_TEST_PG (make test sets it). The browser suite (the
# dashboard in Chromium) is in the gcc build only, and must not skip.
test-suites:
	ACCORD_BROWSER_REQUIRED=1 meson test -C $(BUILD) --print-errorlogs
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    meson test -C $(BUILD_ASAN) --print-errorlogs

test-fast: build
	@sh tools/pg-test-server.sh run \
	    meson test -C $(BUILD) --print-errorlogs

demo: build
	@sh tools/demo.sh $(BUILD)/cli/accord

$(BUILD_REL)/build.ninja:
	meson setup $(BUILD_REL) --buildtype=release -Db_ndebug=false

bench: deps $(BUILD_REL)/build.ninja
	ninja -C $(BUILD_REL)
	@sh bench/run.sh $(BUILD_REL)

$(BUILD_FUZZ)/build.ninja:
	CC=clang meson setup $(BUILD_FUZZ) -Dfuzz=true \
	    -Db_sanitize=address,undefined -Db_lundef=false

fuzz: deps $(BUILD_FUZZ)/build.ninja
	ninja -C $(BUILD_FUZZ)
	@sh fuzz/run.sh $(BUILD_FUZZ) $${FUZZ_SECONDS:-30}

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) $(BUILD_REL) $(BUILD_FUZZ) node_modules
