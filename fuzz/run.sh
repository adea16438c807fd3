#!/bin/sh
# Runs every libFuzzer harness built in BUILD for SECONDS each (default
# 30), starting from its corpus in fuzz/corpus/<name>/ and its dictionary
# fuzz/<name>.dict. BUILD must be configured with clang and -Dfuzz=true
# (see fuzz/README.md); `make fuzz` does both.
#
# Inputs the fuzzer finds are kept in BUILD/fuzz/found/<name>/, never in
# the source tree: minimise and copy by hand the few worth keeping. A
# crash, leak or timeout is saved as BUILD/fuzz/<name>-crash-<sha1> (or
# -leak-, -timeout-), with the log in BUILD/fuzz/fuzz_<name>.log.
#
# Exit status: 0 when no fuzzer failed, 1 when one did, 2 when none is
# built, 64 on usage.
set -eu

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: $0 BUILD-DIR [SECONDS]" >&2
	exit 64
fi
build=$1
secs=${2:-30}
case $secs in
'' | *[!0-9]*)
	echo "run.sh: SECONDS must be a whole number, got '$secs'" >&2
	exit 64
	;;
esac
here=$(cd "$(dirname "$0")" && pwd)

# Every report is fatal; leaks are bugs.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS UBSAN_OPTIONS

ran=0
failed=""
for name in bundle csv declaration entry exercise inventory jscan note \
    positions proof request reveal rule statement treaty; do
	exe=$build/fuzz/fuzz_$name
	[ -x "$exe" ] || continue
	work=$build/fuzz/found/$name
	log=$build/fuzz/fuzz_$name.log
	mkdir -p "$work"
	set -- -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix="$build/fuzz/$name-"
	if [ -f "$here/$name.dict" ]; then
		set -- "$@" -dict="$here/$name.dict"
	fi
	printf 'fuzz_%s: %s s ... ' "$name" "$secs"
	if "$exe" "$@" "$work" "$here/corpus/$name" >"$log" 2>&1; then
		# "#12345 DONE cov: 812 ft: 2301 corp: 345/40Kb ..."
		grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 || true
	else
		echo "FAILED (see $log)"
		tail -n 40 "$log"
		failed="$failed $name"
	fi
	ran=$((ran + 1))
done

if [ "$ran" -eq 0 ]; then
	echo "run.sh: no fuzzer in $build/fuzz; configure it with" >&2
	echo "  CC=clang meson setup $build -Dfuzz=true" \
	    "-Db_sanitize=address,undefined -Db_lundef=false" >&2
	exit 2
fi
if [ -n "$failed" ]; then
	echo "fuzzers that failed:$failed" >&2
	exit 1
fi
echo "fuzz: $ran fuzzers ran $secs s each, no crash"
