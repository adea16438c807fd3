#!/bin/sh
# Syncing a large log end to end, on loopback: US appends $BENCH_SYNC
# entries (default 1,000,000) in batches of 100,000 and serves them;
# RU, with an empty mirror, runs `accord sync US`: fetch over HTTPS,
# verify the signature and the whole tree, check every entry against the
# treaty, store entries, hashes, checkpoint and cosignature in one
# transaction, post the cosignature back. Prints entries/s against the
# target of 100,000/s, and as a baseline in the same run the time to
# only fetch the same pages (curl, one connection per page), and the
# load average, since the machine may be shared.
#
# usage: bench/bench_sync.sh BUILD-DIR   (a release build)
set -eu

build=${1:-build-release}
accord=$(cd "$build" && pwd)/cli/accord
entries=${BENCH_SYNC:-1000000}
target=100000

tmp=$(mktemp -d)
server=
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

"$accord" init --treaty new-start --party US "$tmp/us" >/dev/null
"$accord" init --treaty new-start --party RU "$tmp/ru" >/dev/null
"$accord" -C "$tmp/ru" key add US "$("$accord" -C "$tmp/us" key show)" \
    >/dev/null
"$accord" -C "$tmp/us" key add RU "$("$accord" -C "$tmp/ru" key show)" \
    >/dev/null
"$accord" -C "$tmp/ru" key tls --cert "$tmp/ru.pem" --key "$tmp/ru.key" \
    >/dev/null
batch=100000
[ "$entries" -lt "$batch" ] && batch=$entries
python3 - "$batch" "$tmp/batch.json" <<'PY'
import json, sys
n = int(sys.argv[1])
with open(sys.argv[2], "w") as f:
    json.dump([{"type": "message", "body": {"text":
               "notification %d of the benchmark log" % i}}
               for i in range(n)], f)
PY
t=$(now)
n=0
while [ "$n" -lt "$entries" ]; do
	"$accord" -C "$tmp/us" notify --file "$tmp/batch.json" >/dev/null
	n=$((n + batch))
done
echo "sync: US's log of $n entries appended in $(since "$t") s"

"$accord" -C "$tmp/us" serve --listen 127.0.0.1:0 >"$tmp/serve.out" \
    2>"$tmp/serve.err" &
server=$!
url=
for i in $(seq 1 100); do
	url=$(sed -n 's/^listening on //p' "$tmp/serve.out")
	[ -n "$url" ] && break
	sleep 0.1
done
[ -n "$url" ] || { echo "bench_sync: the server did not start" >&2; exit 2; }
"$accord" -C "$tmp/ru" peer add US "$url" >/dev/null

# baseline: only fetching the pages
t=$(now)
s=0
while [ "$s" -lt "$n" ]; do
	curl -sfk --cert "$tmp/ru.pem" --key "$tmp/ru.key" \
	    "$url/v1/entries?start=$s&end=$n" -o "$tmp/page"
	got=$(grep -o '{"body":' "$tmp/page" | wc -l)
	s=$((s + got))
done
fetch=$(since "$t")

echo "sync: load average $(cut -d' ' -f1-3 /proc/loadavg)"
t=$(now)
"$accord" -C "$tmp/ru" sync US
total=$(since "$t")
awk -v n="$n" -v t="$total" -v f="$fetch" -v target="$target" 'BEGIN {
	rate = n / t
	printf "sync: %d entries end to end in %.2f s: %.0f entries/s " \
	    "(target >= %d: %s)\n", n, t, rate, target,
	    (rate >= target ? "met" : "NOT met")
	printf "sync: baseline, fetching the pages only: %.2f s " \
	    "(sync = %.1f x fetch)\n", f, t / f
}'
