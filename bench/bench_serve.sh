#!/bin/sh
# accord serve under load, on loopback: a US log of $BENCH_ENTRIES
# entries (default 100,000) served with its own TLS identity; wrk (two
# threads, 64 keep-alive connections, 10 s) asks for the public
# checkpoint over HTTPS, then for inclusion proofs of random entries.
# Proofs are for peers only and wrk cannot present a client
# certificate, so its requests go through a local stunnel in client
# mode that presents RU's certificate (trusted by US) and pins US's:
# authentication stays on. Last, the checkpoint again from a server
# that keeps it in memory for up to a second (--checkpoint-cache 1000).
# Prints requests/s for each against the target of 20,000/s, and the
# machine's load average, since the machine may be shared.
#
# First the handlers alone (bench_api: one thread, no socket), so that
# the server's own cost shows.
#
# usage: bench/bench_serve.sh BUILD-DIR   (a release build)
set -eu

build=${1:-build-release}
accord=$(cd "$build" && pwd)/cli/accord
entries=${BENCH_ENTRIES:-100000}
secs=${BENCH_SECONDS:-10}
target=20000

for p in wrk stunnel4 python3; do
	if ! command -v "$p" >/dev/null 2>&1; then
		echo "bench_serve: $p is not installed (make deps)" >&2
		exit 2
	fi
done

tmp=$(mktemp -d)
server=
tunnel=
cleanup() {
	[ -n "$tunnel" ] && kill "$tunnel" 2>/dev/null && wait "$tunnel" 2>/dev/null
	[ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# --- two nodes, a log of $entries entries --------------------------------
"$accord" init --treaty new-start --party US "$tmp/us" >/dev/null
"$accord" init --treaty new-start --party RU "$tmp/ru" >/dev/null
"$accord" -C "$tmp/us" key add RU "$("$accord" -C "$tmp/ru" key show)" \
    >/dev/null
"$accord" -C "$tmp/ru" key tls --cert "$tmp/ru.pem" --key "$tmp/ru.key" \
    >/dev/null
"$accord" -C "$tmp/us" key tls --cert "$tmp/us.pem" --key "$tmp/us.key" \
    >/dev/null
python3 - "$entries" "$tmp/batch.json" <<'EOF'
import json, sys
n = int(sys.argv[1])
with open(sys.argv[2], "w") as f:
    json.dump([{"type": "message", "body": {"text": "notification %d" % i}}
               for i in range(n)], f)
EOF
start=$(date +%s.%N)
"$accord" -C "$tmp/us" notify --file "$tmp/batch.json" >/dev/null
end=$(date +%s.%N)
printf 'serve: a log of %d entries appended in %.2f s\n' "$entries" \
    "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')"

# the handlers alone, on one thread, without TLS or sockets
"$build/bench/bench_api" "$tmp/us"

# --- the server -----------------------------------------------------------
# start_server [OPTIONS]: accord serve on a free port; sets server, port.
start_server() {
	"$accord" -C "$tmp/us" serve --listen 127.0.0.1:0 "$@" \
	    >"$tmp/serve.out" 2>"$tmp/serve.err" &
	server=$!
	port=
	for i in $(seq 1 100); do
		port=$(sed -n 's/^listening on https:\/\/127.0.0.1:\([0-9]*\)$/\1/p' \
		    "$tmp/serve.out")
		[ -n "$port" ] && return 0
		sleep 0.1
	done
	cat "$tmp/serve.err" >&2
	exit 2
}
stop_server() {
	kill -TERM "$server"
	wait "$server"
	server=
}
start_server

# rate NAME WRK-OUTPUT: print the figure and compare it with the target.
rate() {
	r=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$2")
	errs=$(sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$2")
	lat=$(awk '$1 == "Latency" { print $2 }' "$2")
	printf 'serve: %-44s %9.0f requests/s (mean latency %s) %s\n' "$1" \
	    "$r" "$lat" "$(awk -v r="$r" -v t="$target" 'BEGIN {
	    printf "%s the target of %d/s", (r + 0 >= t + 0 ? "meets" : "BELOW"), t }')"
	if [ -n "$errs" ]; then
		echo "serve: $1: $errs responses were not 200" >&2
		exit 1
	fi
}

echo "serve: load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"

# --- the checkpoint, public ---------------------------------------------------
wrk -t2 -c64 -d"${secs}s" "https://127.0.0.1:$port/v1/checkpoint" \
    >"$tmp/wrk-checkpoint.out"
rate "GET /v1/checkpoint (public)" "$tmp/wrk-checkpoint.out"

# --- inclusion proofs, as RU through stunnel ---------------------------------
lport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$tmp/stunnel.conf" <<EOF
foreground = yes
pid =
debug = 3
[accord]
client = yes
accept = 127.0.0.1:$lport
connect = 127.0.0.1:$port
cert = $tmp/ru.pem
key = $tmp/ru.key
; the server's certificate is pinned: it must be exactly this one
verifyPeer = yes
CAfile = $tmp/us.pem
EOF
stunnel4 "$tmp/stunnel.conf" 2>"$tmp/stunnel.err" &
tunnel=$!
for i in $(seq 1 100); do
	python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])))' \
	    "$lport" 2>/dev/null && break
	sleep 0.1
done
code=$(python3 - "$lport" <<'EOF'
import http.client, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]))
c.request("GET", "/v1/proof/inclusion?index=0")
print(c.getresponse().status)
EOF
)
if [ "$code" != 200 ]; then
	echo "bench_serve: a proof through the tunnel gave $code, not 200" >&2
	cat "$tmp/stunnel.err" >&2
	exit 1
fi
cat >"$tmp/inclusion.lua" <<EOF
local n = $entries
math.randomseed(1)
request = function()
	local i = math.random(0, n - 1)
	return wrk.format("GET", "/v1/proof/inclusion?index=" .. i ..
	    "&size=" .. n)
end
EOF
wrk -t2 -c64 -d"${secs}s" -s "$tmp/inclusion.lua" "http://127.0.0.1:$lport" \
    >"$tmp/wrk-inclusion.out"
rate "GET /v1/proof/inclusion (peer, TLS)" "$tmp/wrk-inclusion.out"
kill "$tunnel"
wait "$tunnel" 2>/dev/null || true
tunnel=

# --- inclusion proofs, as RU directly: libcurl with RU's certificate ------
# (bench_https: 2 threads, 64 keep-alive connections, US's key pinned)
pin=$("$accord" -C "$tmp/us" key pin)
r=$("$build/bench/bench_https" \
    "https://127.0.0.1:$port/v1/proof/inclusion?index=$((entries / 2))&size=$entries" \
    "$tmp/ru.pem" "$tmp/ru.key" "$pin" "$secs" 2 64)
printf 'serve: %-44s %9.0f requests/s %s\n' \
    "GET /v1/proof/inclusion (peer, libcurl)" "$r" "$(awk -v r="$r" \
    -v t="$target" 'BEGIN { printf "%s the target of %d/s",
    (r + 0 >= t + 0 ? "meets" : "BELOW"), t }')"

# --- the checkpoint again, kept in memory for up to a second ---------------
stop_server
start_server --checkpoint-cache 1000
wrk -t2 -c64 -d"${secs}s" "https://127.0.0.1:$port/v1/checkpoint" \
    >"$tmp/wrk-checkpoint-kept.out"
rate "GET /v1/checkpoint (--checkpoint-cache 1000)" \
    "$tmp/wrk-checkpoint-kept.out"
stop_server
