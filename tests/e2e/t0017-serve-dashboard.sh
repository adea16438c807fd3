#!/usr/bin/env bash
# accord serve --dashboard and accord verify --keep, with the curl
# program as the operator's browser. RU keeps a verified US declaration
# (again: nothing changes); a package that does not verify, one of RU's
# own party and one of a party whose key RU does not trust are refused.
# The dashboard listens on loopback only, next to the unchanged HTTPS
# API: without the printed token nothing is served; the token gives an
# HttpOnly cookie; pages, assets and the JSON endpoints answer with a
# strict Content-Security-Policy; the declaration kept shows as verified.
# Bad options: a dashboard address that is not loopback, --positions
# without --dashboard.

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
need curl jq

US=$TMP/us
RU=$TMP/ru
expect_ok accord init --treaty new-start --party US "$US"
expect_ok accord init --treaty new-start --party RU "$RU"
expect_ok accord -C "$US" import "$SRC/data/samples/new-start/2011-02-05/US.csv"
expect_ok accord -C "$US" declare -o "$TMP/us.json"
expect_ok accord -C "$RU" import "$SRC/data/samples/new-start/2011-02-05/RU.csv"
expect_ok accord -C "$RU" declare -o "$TMP/ru.json"

# --- verify --keep ----------------------------------------------------------
expect_fail 1 "no key is trusted for party US" \
    accord -C "$RU" verify --keep "$TMP/us.json"
expect_ok accord -C "$RU" key add US "$(accord -C "$US" key show)"
sed '0,/"warheads":1}/s//"warheads":2}/' "$TMP/us.json" >"$TMP/us-bad.json"
expect_fail 1 "us-bad.json" accord -C "$RU" verify --keep "$TMP/us-bad.json"
expect_eq "nothing kept of a package that does not verify" "" \
    "$(ls "$RU/received" 2>/dev/null)"
expect_stdout_contains "kept as received/US-2011-02-05-" \
    accord -C "$RU" verify --keep "$TMP/us.json"
kept=$(ls "$RU/received")
expect_same "the package is kept as received" "$TMP/us.json" \
    "$RU/received/$kept"
expect_stdout_contains "kept as received/$kept" \
    accord -C "$RU" verify --keep "$TMP/us.json"
expect_eq "keeping it again changes nothing" "$kept" "$(ls "$RU/received")"
expect_fail 2 "this workspace's own party" \
    accord -C "$RU" verify --keep "$TMP/ru.json"
expect_exit 64 accord -C "$RU" verify --keep --key "$(accord -C "$US" key show)" \
    "$TMP/us.json"

# --- bad options ---------------------------------------------------------------
expect_fail 2 "--dashboard" accord -C "$RU" serve --listen 127.0.0.1:0 \
    --dashboard 0.0.0.0:0
expect_fail 2 "--dashboard" accord -C "$RU" serve --listen 127.0.0.1:0 \
    --dashboard nowhere
expect_exit 64 accord -C "$RU" serve --positions x.yaml

# --- the dashboard -------------------------------------------------------------
"$ACCORD" -C "$RU" serve --listen 127.0.0.1:0 --dashboard 127.0.0.1:0 \
    --timeout 5 >"$TMP/serve.out" 2>"$TMP/serve.err" &
SERVER_PID=$!
for i in $(seq 1 100); do
	grep -q '^dashboard at' "$TMP/serve.out" && break
	kill -0 "$SERVER_PID" 2>/dev/null || break
	sleep 0.1
done
URL=$(sed -n 's/^dashboard at //p' "$TMP/serve.out")
case $URL in
http://127.0.0.1:*/\?token=*)
	e2e_pass "accord serve prints the dashboard's address with a token" ;;
*)
	e2e_fail "accord serve prints the dashboard's address with a token" \
	    "$(cat "$TMP/serve.out" "$TMP/serve.err")"
	e2e_done ;;
esac
expect_file_contains "the HTTPS API still listens" "listening on https://" \
    "$TMP/serve.out"
BASE=${URL%%/\?token=*}
code() { curl -sS -o "$TMP/body" -D "$TMP/head" -w '%{http_code}' "$@"; }
expect_eq "no token, no data" 401 "$(code "$BASE/api/node")"
expect_eq "no token, no page" 401 "$(code "$BASE/compliance")"
expect_eq "the token: a redirect" 303 "$(code -c "$TMP/jar" "$URL")"
expect_file_contains "the cookie is HttpOnly and SameSite=Strict" \
    "HttpOnly; SameSite=Strict; Path=/" "$TMP/head"
expect_file_contains "the redirect drops the token" "Location: /" "$TMP/head"
expect_eq "the page, with the cookie" 200 \
    "$(code -b "$TMP/jar" "$BASE/compliance")"
expect_file_contains "a strict Content-Security-Policy" \
    "Content-Security-Policy: default-src 'self'; script-src 'self'" \
    "$TMP/head"
expect_file_contains "nosniff" "X-Content-Type-Options: nosniff" "$TMP/head"
expect_eq "the chart library is served" 200 \
    "$(code -b "$TMP/jar" "$BASE/assets/uPlot.esm.js")"
expect_eq "GET /api/declarations" 200 \
    "$(code -b "$TMP/jar" "$BASE/api/declarations")"
expect_jq "RU's own and the US declaration kept, both verified" \
    '(.declarations | length) == 2 and ([.declarations[].verified] | all)
     and ([.declarations[].source] | sort) == ["own", "received"]' \
    "$TMP/body"
expect_eq "the node's API, as the node itself" 200 \
    "$(code -b "$TMP/jar" "$BASE/v1/entries?start=0&end=1")"
expect_eq "another Host is refused" 421 \
    "$(code -b "$TMP/jar" -H 'Host: evil.example' "$BASE/api/node")"
expect_eq "read-only" 405 \
    "$(code -b "$TMP/jar" -X POST -d x "$BASE/api/node")"

kill -TERM "$SERVER_PID"
wait "$SERVER_PID"
expect_eq "SIGTERM: exit 0" 0 "$?"
SERVER_PID=
if grep -q -e Sanitizer -e 'runtime error:' "$TMP/serve.err"; then
	e2e_fail "the server's stderr has no sanitizer report" \
	    "$(head -c 2000 "$TMP/serve.err")"
else
	e2e_pass "the server's stderr has no sanitizer report"
fi

e2e_done
