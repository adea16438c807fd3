#!/usr/bin/env bash
# A treaty of three parties (US, RU, CN) and an independent witness W1, a
# node of no party that only mirrors and cosigns. Every node serves over
# HTTPS and syncs every other party's log; at the end every log is
# cosigned by every other node, and each checkpoint a party publishes
# carries all three cosignatures. A witness refuses to keep a log or an
# inventory of its own.

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
need jq

TREATY=$SRC/tests/data/fixtures/trilateral.yaml
PARTIES="US RU CN"
for p in $PARTIES; do
	expect_ok accord init --treaty "$TREATY" --party "$p" "$TMP/$p"
done
expect_stdout_contains "for witness W1" \
    accord init --treaty "$TREATY" --witness W1 "$TMP/W1"
expect_fail 2 "US is a party to trilateral" \
    accord init --treaty "$TREATY" --witness US "$TMP/bad"
expect_fail 2 "a witness has no log of its own" \
    accord -C "$TMP/W1" notify message text=hi

# every node trusts every other; the witness's key with --witness
for a in $PARTIES W1; do
	for b in $PARTIES; do
		[ "$a" = "$b" ] && continue
		expect_ok accord -C "$TMP/$a" key add "$b" \
		    "$(accord -C "$TMP/$b" key show)"
	done
	[ "$a" = W1 ] && continue
	expect_ok accord -C "$TMP/$a" key add --witness W1 \
	    "$(accord -C "$TMP/W1" key show)"
done
expect_fail 2 "a witness's key is added with --witness" \
    accord -C "$TMP/US" key add W2 "$(accord -C "$TMP/W1" key show)"

n=0
for p in $PARTIES; do
	n=$((n + 1))
	for i in $(seq $((n * 3))); do
		expect_ok accord -C "$TMP/$p" notify message "text=$p $i"
	done
done

declare -A URLS
for a in $PARTIES W1; do
	out=$TMP/$a.serve
	"$ACCORD" -C "$TMP/$a" serve --listen 127.0.0.1:0 >"$out" \
	    2>"$out.err" &
	PIDS="$PIDS $!"
	for i in $(seq 100); do
		URLS[$a]=$(sed -n 's/^listening on //p' "$out")
		[ -n "${URLS[$a]}" ] && break
		sleep 0.1
	done
done
for a in $PARTIES W1; do
	for b in $PARTIES; do
		[ "$a" = "$b" ] && continue
		expect_ok accord -C "$TMP/$a" peer add "$b" "${URLS[$b]}"
	done
done

# two rounds: every node mirrors, verifies and cosigns every party
for round in 1 2; do
	for a in $PARTIES W1; do
		expect_ok accord -C "$TMP/$a" sync
	done
done

n=0
for p in $PARTIES; do
	n=$((n + 1))
	size=$((n * 3))
	accord -C "$TMP/$p" peer status --json >"$TMP/$p.json"
	for w in $PARTIES W1; do
		[ "$w" = "$p" ] && continue
		expect_jq "$p's log of $size entries is cosigned by $w" \
		    '.cosigned_by["accord/trilateral/'"$w"'"] == '"$size" \
		    "$TMP/$p.json"
	done
	curl -sfk "${URLS[$p]}/v1/checkpoint" >"$TMP/$p.cp"
	expect_eq "$p's published checkpoint carries 4 signature lines" 4 \
	    "$(grep -c '^— ' "$TMP/$p.cp")"
done
accord -C "$TMP/W1" peer status --json >"$TMP/W1.json"
expect_jq "the witness mirrors and cosigned all three logs" \
    '[.peers[] | select(.entries == .cosigned and .entries > 0)] |
     length == 3' "$TMP/W1.json"
expect_jq "the witness has no log of its own" '.log_size == 0' \
    "$TMP/W1.json"

e2e_done
