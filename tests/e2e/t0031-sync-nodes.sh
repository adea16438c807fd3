#!/usr/bin/env bash
# Two party nodes on loopback witness each other over HTTPS: 10,000
# notifications on each side, syncs both ways, a node killed with SIGKILL
# in the middle of a sync (the syncing one, then the serving one) and
# restarted; both converge with every entry and every cosignature. Then
# a node serving a rewritten history under the same key is caught: the
# other keeps fork evidence, stops syncing with it, and a third party
# checks the evidence.

TMP=$(mktemp -d) || exit 1
PIDS=""
cleanup() {
	for p in $PIDS; do
		kill -9 "$p" 2>/dev/null
	done
	rm -rf "$TMP"
}
trap cleanup EXIT
. "${0%/*}/lib.sh"
need jq python3

US=$TMP/us RU=$TMP/ru
expect_ok accord init --treaty new-start --party US "$US"
expect_ok accord init --treaty new-start --party RU "$RU"
expect_ok accord -C "$RU" key add US "$(accord -C "$US" key show)"
expect_ok accord -C "$US" key add RU "$(accord -C "$RU" key show)"

# ten batches of 1,000 notifications on each side
batch() {
	python3 - "$1" "$2" >"$TMP/batch.json" <<'EOF'
import json, sys
side, b = sys.argv[1], int(sys.argv[2])
print(json.dumps([{"type": "message", "body": {"text": "%s %d" % (side, b * 1000 + i)}}
                  for i in range(1000)]))
EOF
}
for b in 0 1 2 3 4 5 6 7 8 9; do
	batch US $b
	accord -C "$US" notify --file "$TMP/batch.json" >/dev/null || break
	batch RU $b
	accord -C "$RU" notify --file "$TMP/batch.json" >/dev/null || break
done
expect_eq "10,000 entries in US's log" 10000 \
    "$(accord -C "$US" log checkpoint | sed -n 2p)"
expect_eq "10,000 entries in RU's log" 10000 \
    "$(accord -C "$RU" log checkpoint | sed -n 2p)"

# serve NAME DIR: start DIR's node on a free port; its URL in $URL
serve() {
	local out=$TMP/$1.serve i
	: >"$out"
	"$ACCORD" -C "$2" serve --listen 127.0.0.1:0 >"$out" 2>"$out.err" &
	eval "PID_$1=$!"
	PIDS="$PIDS $!"
	for i in $(seq 100); do
		URL=$(sed -n 's/^listening on //p' "$out")
		[ -n "$URL" ] && return 0
		sleep 0.1
	done
	echo "# $1 did not start:"; sed 's/^/#   /' "$out.err"
	return 1
}

serve us "$US"; US_URL=$URL
serve ru "$RU"; RU_URL=$URL
expect_ok accord -C "$RU" peer add US "$US_URL"
expect_ok accord -C "$US" peer add RU "$RU_URL"

# RU's sync killed with SIGKILL while it runs, at several moments
for delay in 0.05 0.2 0.4; do
	"$ACCORD" -C "$RU" sync US >/dev/null 2>&1 &
	p=$!
	sleep "$delay"
	kill -9 "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	accord -C "$RU" peer status --json >"$TMP/killed.json"
	expect_jq "after a kill at ${delay}s RU's mirror holds all or nothing" \
	    '.peers[0].entries == 0 or .peers[0].entries == 10000' \
	    "$TMP/killed.json"
done
expect_stdout_contains "US: mirror at 10000 entries" accord -C "$RU" sync US

# the serving node killed in the middle of US's sync of RU
"$ACCORD" -C "$US" sync RU >"$TMP/us-sync.out" 2>&1 &
p=$!
sleep 0.1
kill -9 "$PID_ru"
wait "$p"
rc=$?
expect_eq "US's sync of a killed node ends in success or exit 2" yes \
    "$( [ $rc = 0 ] || [ $rc = 2 ] && echo yes || echo "no: $rc")"
serve ru "$RU"; RU_URL=$URL
expect_ok accord -C "$US" peer add RU "$RU_URL"
expect_stdout_contains "RU: mirror at 10000 entries" accord -C "$US" sync RU
# and once more both ways: idempotent, each cosignature delivered
expect_stdout_contains "(0 new, 0 findings), cosignature delivered" \
    accord -C "$US" sync
expect_stdout_contains "(0 new, 0 findings), cosignature delivered" \
    accord -C "$RU" sync

accord -C "$US" peer status --json >"$TMP/us.json"
accord -C "$RU" peer status --json >"$TMP/ru.json"
US_ROOT=$(accord -C "$US" log checkpoint | sed -n 3p)
RU_ROOT=$(accord -C "$RU" log checkpoint | sed -n 3p)
expect_jq "US mirrors all of RU's log at its root and cosigned it" \
    '.peers[0].entries == 10000 and .peers[0].checkpoint == 10000 and
     .peers[0].cosigned == 10000 and .peers[0].root == "'"$RU_ROOT"'" and
     .peers[0].findings == 0 and .peers[0].forks == 0' "$TMP/us.json"
expect_jq "RU mirrors all of US's log at its root and cosigned it" \
    '.peers[0].entries == 10000 and .peers[0].checkpoint == 10000 and
     .peers[0].cosigned == 10000 and .peers[0].root == "'"$US_ROOT"'"' \
    "$TMP/ru.json"
expect_jq "US holds RU's cosignature of its checkpoint 10000" \
    '.cosigned_by["accord/new-start/RU"] == 10000' "$TMP/us.json"
expect_jq "RU holds US's cosignature of its checkpoint 10000" \
    '.cosigned_by["accord/new-start/US"] == 10000' "$TMP/ru.json"
# the cosigned checkpoint as served, and checked by anyone
curl -sfk "$US_URL/v1/checkpoint" >"$TMP/us-cp.txt"
expect_file_contains "US publishes RU's cosignature" "accord/new-start/RU" \
    "$TMP/us-cp.txt"
expect_ok accord -C "$US" log verify
expect_ok accord -C "$RU" log verify

# new entries flow on the next sync, with a consistency proof
expect_ok accord -C "$US" notify message text=after
expect_stdout_contains "US: mirror at 10001 entries (1 new" \
    accord -C "$RU" sync US

# US's node replaced by one serving a rewritten history, same key
kill -9 "$PID_us"
EVIL=$TMP/evil
expect_ok accord init --treaty new-start --party US "$EVIL"
cp "$US/keys/signing.key" "$US/keys/signing.vkey" "$EVIL/keys/"
expect_ok accord -C "$EVIL" key add RU "$(accord -C "$RU" key show)"
batch EVIL 0
expect_ok accord -C "$EVIL" notify --file "$TMP/batch.json"
batch EVIL 1
for i in 1 2 3 4 5 6 7 8 9 10 11; do
	accord -C "$EVIL" notify --file "$TMP/batch.json" >/dev/null || break
done
serve evil "$EVIL"
expect_ok accord -C "$RU" peer add US "$URL"
expect_fail 1 "fork: US signed checkpoints of sizes" accord -C "$RU" sync US
expect_fail 1 "sync stopped: fork evidence 1" accord -C "$RU" sync US
expect_stdout_contains "STOPPED: fork evidence 1" accord -C "$RU" peer status
expect_ok accord -C "$RU" forks export 1 -o "$TMP/evidence.json"
expect_stdout_contains "fork proven: accord/new-start/US" \
    accord forks verify "$TMP/evidence.json" \
    --key "$(accord -C "$US" key show)"
accord -C "$RU" peer status --json >"$TMP/ru-after.json"
expect_jq "RU's mirror of the true US log is kept as it was" \
    '.peers[0].entries == 10001 and .peers[0].forks == 1' \
    "$TMP/ru-after.json"

kill -TERM "$PID_ru" "$PID_evil" 2>/dev/null
e2e_done
