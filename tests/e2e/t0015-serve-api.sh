#!/usr/bin/env bash
# accord serve over HTTPS, with the curl program as the client: the US
# node serves on a free port of 127.0.0.1 with its own TLS identity
# (pinned by the client); RU's identity, trusted by US, reads entries,
# proofs and declarations, each the same bytes as the CLI prints. The
# public view (health, checkpoint, report, metrics) needs no
# certificate. Requests refused before their body is read (405, 404,
# 415, 411, 413) and malformed ones (400) get JSON errors; a client
# that sends nothing does not hold up others and is dropped after the
# timeout; SIGTERM stops the server with exit 0 and frees the port.

TMP=$(mktemp -d) || exit 1
SERVER_PID=
cleanup() {
	if [ -n "$SERVER_PID" ]; then
		kill "$SERVER_PID" 2>/dev/null
		wait "$SERVER_PID" 2>/dev/null
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT
. "${0%/*}/lib.sh"
need curl jq python3

US=$TMP/us
RU=$TMP/ru

# --- two nodes that trust each other -------------------------------------
expect_ok accord init --treaty new-start --party US "$US"
expect_ok accord init --treaty new-start --party RU "$RU"
expect_ok accord -C "$RU" key show
expect_ok accord -C "$US" key add RU "$(cat "$E2E_STDOUT")"
expect_ok accord -C "$US" key show
expect_ok accord -C "$RU" key add US "$(cat "$E2E_STDOUT")"
for i in 1 2 3 4 5; do
	expect_ok accord -C "$US" notify message text="entry $i"
done
expect_ok accord -C "$US" import "$SRC/data/samples/new-start/2011-02-05/US.csv"
expect_ok accord -C "$US" declare -o "$TMP/decl.json"
expect_ok accord -C "$RU" key tls --cert "$TMP/ru.pem" --key "$TMP/ru.key"
expect_eq "the TLS key file is 0600" 600 "$(stat -c %a "$TMP/ru.key")"
expect_fail 2 "ru.key" accord -C "$RU" key tls --cert "$TMP/ru2.pem" \
    --key "$TMP/ru.key"
expect_ok accord -C "$US" key pin
PIN=$(cat "$E2E_STDOUT")
expect_ok accord -C "$RU" key pin US
expect_eq "RU's pin of US is US's own" "$PIN" "$(cat "$E2E_STDOUT")"

# --- the server ------------------------------------------------------------
# start_server: accord serve in the background; sets SERVER_PID and PORT.
start_server() {
	local i
	"$ACCORD" -C "$US" serve --listen 127.0.0.1:0 --timeout 2 "$@" \
	    >"$TMP/serve.out" 2>"$TMP/serve.err" &
	SERVER_PID=$!
	for i in $(seq 1 100); do
		if grep -q '^listening on https://127.0.0.1:' "$TMP/serve.out"; then
			PORT=$(sed -n 's/^listening on https:\/\/127.0.0.1:\([0-9]*\)$/\1/p' \
			    "$TMP/serve.out")
			return 0
		fi
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.1
	done
	cat "$TMP/serve.err" >&2
	return 1
}
if start_server; then
	e2e_pass "accord serve prints the address it listens on"
else
	e2e_fail "accord serve prints the address it listens on"
	e2e_done
fi
URL=https://127.0.0.1:$PORT

# hc [CURL ARGS...] PATH: the status of a request, the body in $TMP/body.
hc() {
	local path=${!#}
	set -- "${@:1:$(($# - 1))}"
	curl -sS -k --pinnedpubkey "$PIN" -o "$TMP/body" -w '%{http_code}' \
	    "$@" "$URL$path" 2>"$TMP/curl.err"
}
# as_ru: curl arguments presenting RU's certificate.
AS_RU=(--cert "$TMP/ru.pem" --key "$TMP/ru.key")

# --- the public view -------------------------------------------------------
expect_eq "GET /v1/health" 200 "$(hc /v1/health)"
expect_jq "health names the node and its log" \
    '.status == "ok" and .treaty == "new-start" and .party == "US" and
     .role == "party" and .log_size == 6' "$TMP/body"
expect_eq "GET /v1/checkpoint" 200 "$(hc /v1/checkpoint)"
expect_ok accord -C "$US" log checkpoint
keep cp.note
expect_same "the checkpoint is the log's latest" "$TMP/cp.note" "$TMP/body"
expect_eq "GET /v1/report" 200 "$(hc /v1/report)"
expect_ok accord -C "$US" report --format json
keep report.json
expect_same "the report is accord report's JSON" "$TMP/report.json" \
    "$TMP/body"
expect_eq "GET /metrics" 200 "$(hc /metrics)"
expect_file_contains "metrics count requests by path and status" \
    'accord_http_requests_total{path="/v1/health",status="200"} 1' \
    "$TMP/body"
expect_file_contains "metrics give the log size" "accord_log_size 6" \
    "$TMP/body"

# A wrong pin: curl refuses the server.
curl -sS -k --pinnedpubkey "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" \
    -o /dev/null "$URL/v1/health" 2>/dev/null
expect_eq "curl refuses a server whose key is not the pinned one" 90 "$?"

# --- what a peer reads -------------------------------------------------------
expect_eq "GET /v1/entries as RU" 200 \
    "$(hc "${AS_RU[@]}" '/v1/entries?start=0&end=100')"
keep entries.json
cp "$TMP/body" "$TMP/entries.json"
expect_jq "six entries from 0" '.start == 0 and (.entries | length) == 6' \
    "$TMP/entries.json"
for n in 0 3 5; do
	expect_ok accord -C "$US" log show "$n" --raw
	keep "raw-$n"
	python3 -c '
import json, sys
raw = open(sys.argv[1], "rb").read()
doc = open(sys.argv[2], "rb").read()
# the entry is in the response byte for byte
sys.exit(0 if raw in doc and json.loads(doc)["entries"][int(sys.argv[3])] == json.loads(raw) else 1)
' "$TMP/raw-$n" "$TMP/entries.json" "$n"
	expect_eq "entry $n is served byte for byte" 0 "$?"
done
expect_eq "GET /v1/entries from 4" 200 \
    "$(hc "${AS_RU[@]}" '/v1/entries?start=4&end=5')"
expect_jq "one entry from 4" '.start == 4 and (.entries | length) == 1 and
    .entries[0].seq == 4' "$TMP/body"

expect_eq "GET /v1/proof/inclusion" 200 \
    "$(hc "${AS_RU[@]}" '/v1/proof/inclusion?index=2&size=5')"
expect_ok accord -C "$US" log prove 2 --size 5
keep prove.json
expect_same "the inclusion proof is accord log prove's" "$TMP/prove.json" \
    "$TMP/body"
expect_eq "GET /v1/proof/consistency" 200 \
    "$(hc "${AS_RU[@]}" '/v1/proof/consistency?old=2&size=6')"
expect_ok accord -C "$US" log consistency 2 6
keep cons.json
expect_same "the consistency proof is accord log consistency's" \
    "$TMP/cons.json" "$TMP/body"
expect_eq "GET /v1/checkpoint?size=3 as RU" 200 \
    "$(hc "${AS_RU[@]}" '/v1/checkpoint?size=3')"
expect_ok accord -C "$US" log checkpoint --size 3
keep cp3.note
expect_same "the checkpoint of size 3" "$TMP/cp3.note" "$TMP/body"

expect_eq "GET /v1/declarations" 200 "$(hc "${AS_RU[@]}" /v1/declarations)"
expect_jq "one declaration of 2011-02-05" \
    'length == 1 and .[0].as_of == "2011-02-05" and .[0].mode == "full"' \
    "$TMP/body"
ID=$(jq -r '.[0].id' "$TMP/body")
ID_URL=$(printf '%s' "$ID" | tr '+/' '-_' | tr -d '=')
expect_eq "GET /v1/declarations/{base64url id}" 200 \
    "$(hc "${AS_RU[@]}" "/v1/declarations/$ID_URL")"
expect_same "the declaration is the package declared" "$TMP/decl.json" \
    "$TMP/body"
expect_eq "an unknown declaration is 404" 404 \
    "$(hc "${AS_RU[@]}" /v1/declarations/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA)"

# --- refused before the body, malformed ------------------------------------
expect_eq "DELETE is 405" 405 "$(hc -X DELETE /v1/health)"
expect_jq "errors are JSON with code, where and message" \
    '.error.code == 405 and (.error.where | length) > 0 and
     (.error.message | length) > 0' "$TMP/body"
expect_eq "an unknown path is 404" 404 "$(hc /v1/nothing)"
expect_eq "POST /v1/health is 405" 405 "$(hc -X POST -d x /v1/health)"
expect_eq "a cosignature as JSON is 415" 415 \
    "$(hc "${AS_RU[@]}" -H 'Content-Type: application/json' -d '{}' \
    /v1/cosignature)"
expect_eq "a chunked cosignature (no length) is 411" 411 \
    "$(hc "${AS_RU[@]}" -H 'Content-Type: text/plain' \
    -H 'Transfer-Encoding: chunked' -d hello /v1/cosignature)"
head -c 70000 /dev/zero | tr '\0' 'a' >"$TMP/big"
expect_eq "a 70,000-byte cosignature is 413" 413 \
    "$(hc "${AS_RU[@]}" -H 'Content-Type: text/plain' \
    --data-binary "@$TMP/big" /v1/cosignature)"
expect_eq "a body on a GET is 413" 413 \
    "$(hc -X GET -H 'Content-Type: text/plain' -d abc /v1/health)"
expect_eq "a cosignature that is no note is 400" 400 \
    "$(hc "${AS_RU[@]}" -H 'Content-Type: text/plain' -d 'hello' \
    /v1/cosignature)"
expect_eq "a checkpoint without cosignature is 422" 422 \
    "$(hc "${AS_RU[@]}" -H 'Content-Type: text/plain' \
    --data-binary "@$TMP/cp.note" /v1/cosignature)"
expect_eq "start past end is 400" 400 \
    "$(hc "${AS_RU[@]}" '/v1/entries?start=3&end=2')"
expect_eq "a number that is none is 400" 400 \
    "$(hc "${AS_RU[@]}" '/v1/entries?start=x&end=2')"
expect_eq "a proof at an unsigned size is 400" 400 \
    "$(hc "${AS_RU[@]}" '/v1/proof/inclusion?index=0&size=99')"
expect_eq "the server still answers" 200 "$(hc /v1/health)"

# --- a client that sends nothing ---------------------------------------------
python3 - "$PORT" >"$TMP/slow.out" 2>&1 <<'EOF' &
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.settimeout(30)
t = time.monotonic()
n = 0
try:
    while True:
        b = s.recv(4096)
        if not b:
            break
        n += len(b)
except ConnectionResetError:
    pass
except socket.timeout:
    print("still open after 30 s")
    sys.exit(0)
# at most a TLS alert before the close
print("dropped after %.1f s (%d bytes)" % (time.monotonic() - t, n))
EOF
SLOW_PID=$!
sleep 0.5
expect_eq "a silent client does not hold up others" 200 "$(hc /v1/health)"
wait "$SLOW_PID"
expect_file_contains "the silent client is dropped" "dropped after" \
    "$TMP/slow.out"
secs=$(sed -n 's/dropped after \([0-9]*\)\..*/\1/p' "$TMP/slow.out")
if [ -n "$secs" ] && [ "$secs" -ge 1 ] && [ "$secs" -le 10 ]; then
	e2e_pass "the silent client is dropped after the 2 s timeout ($secs s)"
else
	e2e_fail "the silent client is dropped after the 2 s timeout" \
	    "$(cat "$TMP/slow.out")"
fi

# --- SIGTERM ----------------------------------------------------------------
kill -TERM "$SERVER_PID"
wait "$SERVER_PID"
expect_eq "SIGTERM: exit 0" 0 "$?"
SERVER_PID=
expect_file_contains "SIGTERM: said so" "shutting down" "$TMP/serve.err"
if grep -q -e Sanitizer -e 'runtime error:' "$TMP/serve.err"; then
	e2e_fail "the server's stderr has no sanitizer report" \
	    "$(head -c 2000 "$TMP/serve.err")"
else
	e2e_pass "the server's stderr has no sanitizer report"
fi
curl -sS -k -o /dev/null "$URL/v1/health" 2>/dev/null
expect_eq "SIGTERM: the port is free (connection refused)" 7 "$?"

# --- bad options ------------------------------------------------------------
expect_fail 2 "--listen" accord -C "$US" serve --listen nowhere
expect_fail 2 "--listen" accord -C "$US" serve --listen 999.1.1.1:80
expect_fail 2 "--timeout" accord -C "$US" serve --timeout 0
expect_exit 64 accord -C "$US" serve --tls-cert "$TMP/ru.pem"
expect_ok accord serve --help

e2e_done
