# accord: the two commands are `make demo` and `make test`.
# Everything else is a convenience around Meson + Ninja.

BUILD      ?= build
BUILD_ASAN ?= build-asan
BUILD_REL  ?= build-release
BUILD_FUZZ ?= build-fuzz

.PHONY: all deps build test test-fast demo bench fuzz clean

all: build

deps:
	@sh tools/install-deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

# The suite twice: gcc, then clang with AddressSanitizer and
# UndefinedBehaviorSanitizer, each with -Werror.
$(BUILD_ASAN)/build.ninja:
	CC=clang meson setup $(BUILD_ASAN) -Db_sanitize=address,undefined \
	    -Db_lundef=false

test: build $(BUILD_ASAN)/build.ninja
	meson test -C $(BUILD) --print-errorlogs
	ninja -C $(BUILD_ASAN)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    meson test -C $(BUILD_ASAN) --print-errorlogs
	@sh tools/test-summary.sh $(BUILD) $(BUILD_ASAN)

test-fast: build
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
	rm -rf $(BUILD) $(BUILD_ASAN) $(BUILD_REL) $(BUILD_FUZZ)
