#!/usr/bin/env bash
# A peer that sends garbage: a malformed or wrongly signed checkpoint,
# malformed entry pages, altered entries, more entries than asked for, a
# server whose key is not the pinned one, one that cannot be reached.
# Each sync ends with a clear error and its exit status; nothing is
# mirrored and nothing is cosigned or posted.

TMP=$(mktemp -d) || exit 1
FAKE=""
cleanup() {
	[ -n "$FAKE" ] && kill -9 "$FAKE" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
. "${0%/*}/lib.sh"
need jq python3

US=$TMP/us RU=$TMP/ru OTHER=$TMP/other
expect_ok accord init --treaty new-start --party US "$US"
expect_ok accord init --treaty new-start --party RU "$RU"
expect_ok accord init --treaty new-start --party US "$OTHER"
expect_ok accord -C "$RU" key add US "$(accord -C "$US" key show)"
for t in a b c; do
	expect_ok accord -C "$US" notify message "text=$t"
	expect_ok accord -C "$OTHER" notify message "text=$t"
done
expect_ok accord -C "$US" key tls --cert "$TMP/us.crt" --key "$TMP/us.key"
expect_ok accord -C "$RU" key tls --cert "$TMP/ru.crt" --key "$TMP/ru.key"

# the real material, to corrupt
accord -C "$US" log checkpoint >"$TMP/good-checkpoint"
python3 - "$TMP/good-entries" <<EOF
import subprocess, sys
entries = [subprocess.run(["$ACCORD", "-C", "$US", "log", "show", str(i),
                           "--raw"], capture_output=True).stdout.rstrip(b"\n")
           for i in range(3)]
open(sys.argv[1], "wb").write(b'{"start":0,"entries":[' + b",".join(entries) +
                              b"]}")
EOF

D=$TMP/peer
mkdir "$D"
start_fake() {
	rm -f "$TMP/port"
	python3 "$SRC/tests/e2e/fake-peer.py" "$1" "$2" "$D" "$TMP/port" &
	FAKE=$!
	for i in $(seq 100); do
		[ -f "$TMP/port" ] && break
		sleep 0.1
	done
	URL=https://127.0.0.1:$(cat "$TMP/port")
}
start_fake "$TMP/us.crt" "$TMP/us.key"
expect_ok accord -C "$RU" peer add US "$URL"

unchanged() {
	accord -C "$RU" peer status --json >"$TMP/st.json"
	expect_jq "$1: nothing mirrored or cosigned" \
	    '.peers[0].entries == 0 and .peers[0].cosigned == 0' "$TMP/st.json"
	expect_eq "$1: nothing posted back" no \
	    "$([ -s "$D/posted" ] && echo yes || echo no)"
}

printf 'not a checkpoint' >"$D/checkpoint"
expect_fail 2 "$URL" accord -C "$RU" sync US
unchanged "garbage checkpoint"

accord -C "$OTHER" log checkpoint >"$D/checkpoint"
expect_fail 1 "/v1/checkpoint: no signature by accord/new-start/US" \
    accord -C "$RU" sync US
unchanged "a checkpoint signed by another key"

cp "$TMP/good-checkpoint" "$D/checkpoint"
printf '{"start":0,"entries":[{"v":1},' >"$D/entries"
expect_fail 2 "/v1/entries" accord -C "$RU" sync US
unchanged "a truncated entries page"

echo '{"start":7,"entries":[]}' >"$D/entries"
expect_fail 2 "start: expected 0" accord -C "$RU" sync US
unchanged "a page from elsewhere"

echo '{"start":0,"entries":[]}' >"$D/entries"
expect_fail 1 "no entries although the checkpoint covers 3" \
    accord -C "$RU" sync US
unchanged "an empty page"

sed 's/"text":"b"/"text":"B"/' "$TMP/good-entries" >"$D/entries"
expect_fail 1 "do not hash to the root" accord -C "$RU" sync US
unchanged "an altered entry"

jq -c '.entries += [.entries[0]]' "$TMP/good-entries" >"$D/entries"
expect_fail 1 "more entries than asked for" accord -C "$RU" sync US
unchanged "too many entries"

# a server that is not US: its key is not the pinned one
kill -9 "$FAKE"; wait "$FAKE" 2>/dev/null
cp "$TMP/good-entries" "$D/entries"
start_fake "$TMP/ru.crt" "$TMP/ru.key"
expect_ok accord -C "$RU" peer add US "$URL"
expect_fail 1 "is not the pinned key" accord -C "$RU" sync US
unchanged "an impostor"

# nobody listening
kill -9 "$FAKE"; wait "$FAKE" 2>/dev/null
FAKE=""
expect_fail 2 "$URL" accord -C "$RU" sync US
unchanged "an unreachable peer"

# the real material from the right server: mirrored, cosigned, posted
echo '{"added":1}' >"$D/cosigned"
start_fake "$TMP/us.crt" "$TMP/us.key"
expect_ok accord -C "$RU" peer add US "$URL"
expect_stdout_contains "US: mirror at 3 entries (3 new, 0 findings)" \
    accord -C "$RU" sync US
expect_file_contains "the cosignature was posted back" \
    "accord/new-start/RU" "$D/posted"

e2e_done
