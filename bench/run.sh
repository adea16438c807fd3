#!/bin/sh
# Runs every benchmark against a release build and prints its figures.
set -eu
build=${1:-build-release}
"$build/bench/bench_inventory" "${BENCH_ITEMS:-1000000}"
echo
"$build/bench/bench_declaration" "${BENCH_ITEMS:-1000000}" 100000
echo
"$build/bench/bench_log" "${TMPDIR:-/tmp}"
echo
"$build/bench/bench_negotiate" 12 8
echo
"$build/bench/bench_odds" 10000000
echo
sh "$(dirname "$0")/bench_sync.sh" "$build"
echo
sh "$(dirname "$0")/bench_serve.sh" "$build"
echo
sh "$(dirname "$0")/bench_exercise.sh" "$build"
