#!/usr/bin/env bash
# Who may read what from accord serve. The public view (health,
# checkpoint, report, metrics) is open to any TLS client. Entries,
# proofs, past checkpoints and declarations need a client certificate
# whose key US trusts: none is 401; RU of another treaty (the successor
# draft), RU of new-start whose key US never trusted, a forged
# certificate with RU's name made by the openssl program, and an RSA
# certificate are each 403; RU's own identity and a trusted witness's
# are 200. A cosignature posted without a certificate is 401.

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
need curl jq openssl

US=$TMP/us
RU=$TMP/ru

expect_ok accord init --treaty new-start --party US "$US"
expect_ok accord init --treaty new-start --party RU "$RU"
expect_ok accord init --treaty successor-draft --party RU "$TMP/draft-ru"
expect_ok accord init --treaty new-start --party RU "$TMP/stranger"
expect_ok accord init --treaty new-start --witness W1 "$TMP/w1"
expect_ok accord -C "$RU" key show
expect_ok accord -C "$US" key add RU "$(cat "$E2E_STDOUT")"
expect_ok accord -C "$TMP/w1" key show
expect_ok accord -C "$US" key add --witness W1 "$(cat "$E2E_STDOUT")"
for i in 1 2 3; do
	expect_ok accord -C "$US" notify message text="entry $i"
done
expect_ok accord -C "$US" key pin
PIN=$(cat "$E2E_STDOUT")
for who in ru draft-ru stranger w1; do
	expect_ok accord -C "$TMP/$who" key tls --cert "$TMP/$who.pem" \
	    --key "$TMP/$who.key"
done
expect_file_contains "a node's certificate names its key" \
    "accord/new-start/RU" <(openssl x509 -in "$TMP/ru.pem" -noout -subject)
openssl req -x509 -newkey ed25519 -nodes -days 30 \
    -subj "/CN=accord\/new-start\/RU" -keyout "$TMP/forged.key" \
    -out "$TMP/forged.pem" 2>/dev/null
expect_eq "openssl made a forged certificate with RU's name" 0 "$?"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 \
    -subj "/CN=accord\/new-start\/RU" -keyout "$TMP/rsa.key" \
    -out "$TMP/rsa.pem" 2>/dev/null
expect_eq "openssl made an RSA certificate with RU's name" 0 "$?"

"$ACCORD" -C "$US" serve --listen 127.0.0.1:0 >"$TMP/serve.out" \
    2>"$TMP/serve.err" &
SERVER_PID=$!
PORT=
for i in $(seq 1 100); do
	PORT=$(sed -n 's/^listening on https:\/\/127.0.0.1:\([0-9]*\)$/\1/p' \
	    "$TMP/serve.out")
	[ -n "$PORT" ] && break
	sleep 0.1
done
if [ -z "$PORT" ]; then
	e2e_fail "accord serve listens" "$(cat "$TMP/serve.err")"
	e2e_done
fi
URL=https://127.0.0.1:$PORT

# status AS PATH [CURL ARGS...]: the status of a request by client AS
# (none, or a name of a .pem/.key pair in $TMP).
status() {
	local as=$1 path=$2
	shift 2
	if [ "$as" = none ]; then
		set -- "$@"
	else
		set -- --cert "$TMP/$as.pem" --key "$TMP/$as.key" "$@"
	fi
	curl -sS -k --pinnedpubkey "$PIN" -o "$TMP/body" -w '%{http_code}' \
	    "$@" "$URL$path" 2>"$TMP/curl.err"
}

PUBLIC="/v1/health /v1/checkpoint /metrics"
PRIVATE="/v1/entries?start=0&end=3 /v1/proof/inclusion?index=0&size=3
/v1/proof/consistency?old=1&size=3 /v1/declarations /v1/checkpoint?size=2"

for p in $PUBLIC; do
	expect_eq "$p without a certificate" 200 "$(status none "$p")"
	expect_eq "$p with a forged certificate" 200 "$(status forged "$p")"
done
# no inventory, so the report is 404 (not 401): it is public
expect_eq "/v1/report without a certificate is public" 404 \
    "$(status none /v1/report)"

for p in $PRIVATE; do
	expect_eq "$p without a certificate" 401 "$(status none "$p")"
	expect_jq "$p: 401 is a JSON error" '.error.code == 401' "$TMP/body"
	expect_eq "$p as RU of another treaty" 403 "$(status draft-ru "$p")"
	expect_jq "$p: 403 is a JSON error" '.error.code == 403' "$TMP/body"
	expect_eq "$p as an RU key US never trusted" 403 \
	    "$(status stranger "$p")"
	expect_eq "$p with a forged certificate of RU's name" 403 \
	    "$(status forged "$p")"
	expect_eq "$p with an RSA certificate" 403 "$(status rsa "$p")"
	expect_eq "$p as RU" 200 "$(status ru "$p")"
	expect_eq "$p as the trusted witness W1" 200 "$(status w1 "$p")"
done
expect_jq "RU reads the entries" '(.entries | length) == 3' <(
    curl -sS -k --pinnedpubkey "$PIN" --cert "$TMP/ru.pem" \
    --key "$TMP/ru.key" "$URL/v1/entries?start=0&end=3")
expect_eq "a cosignature without a certificate is 401" 401 \
    "$(status none /v1/cosignature -H 'Content-Type: text/plain' -d x)"
expect_eq "a cosignature from another treaty is 403" 403 \
    "$(status draft-ru /v1/cosignature -H 'Content-Type: text/plain' -d x)"

expect_eq "metrics count the refusals" 200 "$(status none /metrics)"
expect_file_contains "401s are counted" \
    'accord_http_requests_total{path="/v1/entries",status="401"} 1' \
    "$TMP/body"
expect_file_contains "403s are counted" \
    'accord_http_requests_total{path="/v1/entries",status="403"} 4' \
    "$TMP/body"

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

# --tls-cert and --tls-key: the files of accord key tls serve the same
expect_ok accord -C "$US" key tls --cert "$TMP/us.pem" --key "$TMP/us.key"
"$ACCORD" -C "$US" serve --listen 127.0.0.1:0 --tls-cert "$TMP/us.pem" \
    --tls-key "$TMP/us.key" >"$TMP/serve.out" 2>"$TMP/serve.err" &
SERVER_PID=$!
PORT=
for i in $(seq 1 100); do
	PORT=$(sed -n 's/^listening on https:\/\/127.0.0.1:\([0-9]*\)$/\1/p' \
	    "$TMP/serve.out")
	[ -n "$PORT" ] && break
	sleep 0.1
done
URL=https://127.0.0.1:$PORT
expect_eq "served with --tls-cert/--tls-key, the pin holds" 200 \
    "$(status ru '/v1/entries?start=0&end=1')"
kill -TERM "$SERVER_PID"
wait "$SERVER_PID"
expect_eq "SIGTERM: exit 0" 0 "$?"
SERVER_PID=

e2e_done
