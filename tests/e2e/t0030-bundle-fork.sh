#!/usr/bin/env bash
# Air-gapped witnessing through bundles: a US and an RU node exchange
# signed bundles, mirror and cosign each other's logs, and importing a
# bundle twice changes nothing. Truncated, altered, misaddressed and
# untrusted bundles are refused with nothing written. A US node that
# rewrites its history (same key, other entries) is caught: RU keeps
# fork evidence that a third party checks with `accord forks verify`, and
# sync with US stops until an operator resumes it.

TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
. "${0%/*}/lib.sh"
need jq

US=$TMP/us RU=$TMP/ru
expect_ok accord init --treaty new-start --party US "$US"
expect_ok accord init --treaty new-start --party RU "$RU"
expect_ok accord -C "$RU" key add US "$(accord -C "$US" key show)"
expect_ok accord -C "$US" key add RU "$(accord -C "$RU" key show)"
expect_fail 2 "no trusted key for CN" accord -C "$RU" peer add CN
expect_fail 2 "expected https://HOST:PORT" \
    accord -C "$RU" peer add US http://127.0.0.1:1
expect_stdout_contains "peer US at (bundles only)" accord -C "$RU" peer add US
expect_ok accord -C "$US" peer add RU

for t in one two three; do
	expect_ok accord -C "$US" notify message "text=$t"
done
expect_ok accord -C "$RU" notify message text=privet

# US to RU: the whole log, nothing cosigned yet
expect_stdout_contains "log: entries 0 to 3" \
    accord -C "$US" bundle export --for RU -o "$TMP/us1.bundle"
expect_jq "the bundle is accord-bundle/1 for RU from US" \
    '.format == "accord-bundle/1" and .body.for == "RU" and
     .body.from == "US" and (.body.log.entries | length) == 3 and
     .body.log.proof == null' "$TMP/us1.bundle"

# damaged bundles first: each refused, nothing mirrored
head -c 300 "$TMP/us1.bundle" >"$TMP/trunc.bundle"
expect_fail 2 "trunc.bundle" accord -C "$RU" bundle import "$TMP/trunc.bundle"
sed 's/"text":"two"/"text":"tWo"/' "$TMP/us1.bundle" >"$TMP/altered.bundle"
expect_fail 1 "does not verify (an altered bundle?)" \
    accord -C "$RU" bundle import "$TMP/altered.bundle"
jq -c '.signature = "AAAA"' "$TMP/us1.bundle" >"$TMP/badsig.bundle"
expect_fail 2 "signature" accord -C "$RU" bundle import "$TMP/badsig.bundle"
expect_fail 2 "made for RU under new-start; this node is US" \
    accord -C "$US" bundle import "$TMP/us1.bundle"
WIT=$TMP/w1
expect_ok accord init --treaty new-start --witness W1 "$WIT"
expect_fail 1 "whose key this node does not trust" \
    accord -C "$WIT" bundle import "$TMP/us1.bundle"
accord -C "$RU" peer status --json >"$TMP/st0.json"
expect_jq "nothing mirrored after the refusals" \
    '.peers[0].entries == 0 and .peers[0].checkpoint == 0' "$TMP/st0.json"

expect_stdout_contains "US: mirror at 3 entries (3 new, 0 findings), cosigned" \
    accord -C "$RU" bundle import "$TMP/us1.bundle"
accord -C "$RU" peer status --json >"$TMP/st1.json"
expect_stdout_contains "US: mirror at 3 entries (0 new, 0 findings)" \
    accord -C "$RU" bundle import "$TMP/us1.bundle"
accord -C "$RU" peer status --json >"$TMP/st2.json"
expect_same "importing the same bundle twice changes nothing" \
    "$TMP/st1.json" "$TMP/st2.json"

# RU to US: RU's log and RU's cosignature of US's checkpoint 3
expect_stdout_contains "cosignature of US's checkpoint 3" \
    accord -C "$RU" bundle export --for US -o "$TMP/ru1.bundle"
expect_stdout_contains "cosignatures from RU: 1 new" \
    accord -C "$US" bundle import "$TMP/ru1.bundle"
expect_stdout_contains "cosignatures from RU: 0 new" \
    accord -C "$US" bundle import "$TMP/ru1.bundle"
accord -C "$US" log checkpoint >"$TMP/cp.txt"
expect_stdout_contains "accord/new-start/RU" \
    accord -C "$US" peer status
accord -C "$US" peer status --json >"$TMP/us-st.json"
expect_jq "US knows RU cosigned its log up to 3 and mirrors RU's entry" \
    '.cosigned_by["accord/new-start/RU"] == 3 and
     .peers[0].entries == 1 and .peers[0].cosigned == 1' "$TMP/us-st.json"

# the next US bundle starts where RU cosigned, with a proof
expect_ok accord -C "$US" notify message text=four
expect_stdout_contains "log: entries 3 to 4" \
    accord -C "$US" bundle export --for RU -o "$TMP/us2.bundle"
expect_jq "the second bundle carries one entry and a consistency proof" \
    '(.body.log.entries | length) == 1 and .body.log.start == 3 and
     .body.log.proof.old_size == 3 and .body.log.proof.new_size == 4' \
    "$TMP/us2.bundle"
expect_stdout_contains "mirror at 4 entries (1 new" \
    accord -C "$RU" bundle import "$TMP/us2.bundle"

# an older bundle after a newer one: consistent, nothing changes
expect_stdout_contains "mirror at 4 entries (0 new" \
    accord -C "$RU" bundle import "$TMP/us1.bundle"

# a US node that rewrites its history with the same key
EVIL=$TMP/us-evil
expect_ok accord init --treaty new-start --party US "$EVIL"
cp "$US/keys/signing.key" "$EVIL/keys/signing.key"
cp "$US/keys/signing.vkey" "$EVIL/keys/signing.vkey"
expect_ok accord -C "$EVIL" key add RU "$(accord -C "$RU" key show)"
expect_ok accord -C "$EVIL" peer add RU
for t in one TWO three four five; do
	expect_ok accord -C "$EVIL" notify message "text=$t"
done
expect_ok accord -C "$EVIL" bundle export --for RU --since 0 \
    -o "$TMP/evil.bundle"
expect_fail 1 "fork: US signed checkpoints of sizes" \
    accord -C "$RU" bundle import "$TMP/evil.bundle"
expect_stdout_contains "inconsistent" accord -C "$RU" forks list
accord -C "$RU" forks list --json >"$TMP/forks.json"
expect_jq "one fork of US's log" \
    'length == 1 and .[0].log == "accord/new-start/US"' "$TMP/forks.json"
expect_stdout_contains "STOPPED: fork evidence 1" accord -C "$RU" peer status
expect_fail 1 "sync stopped: fork evidence 1" \
    accord -C "$RU" bundle import "$TMP/us2.bundle"
expect_ok accord -C "$RU" forks export 1 -o "$TMP/evidence.json"
# a third party, with no workspace, checks the evidence
expect_stdout_contains "fork proven: accord/new-start/US" \
    accord forks verify "$TMP/evidence.json" \
    --key "$(accord -C "$US" key show)"
expect_fail 1 "not the key given" accord forks verify "$TMP/evidence.json" \
    --key "$(accord -C "$RU" key show)"
jq '.checkpoints[1] |= (split("\n") | .[1] = "9" | join("\n"))' \
    "$TMP/evidence.json" \
    >"$TMP/ev-forged.json"
expect_fail 1 "evidence: checkpoints[1]" \
    accord forks verify "$TMP/ev-forged.json"
jq '.proof.hashes[0] = "'"$(printf '%043d' 0 | tr 0 A)"'="' \
    "$TMP/evidence.json" >"$TMP/ev-proof.json"
expect_fail 1 "proves nothing" accord forks verify "$TMP/ev-proof.json"
jq '.checkpoints = [.checkpoints[1], .checkpoints[1]]' \
    "$TMP/evidence.json" >"$TMP/ev-same.json"
expect_fail 1 "no fork" accord forks verify "$TMP/ev-same.json"
echo '{"format":"accord-fork/1"' >"$TMP/ev-trunc.json"
expect_fail 2 "evidence" accord forks verify "$TMP/ev-trunc.json"
expect_fail 2 "no fork evidence 7" accord -C "$RU" forks export 7

# same size, other root: the rewritten log at the size RU holds
EVIL2=$TMP/us-evil2
expect_ok accord init --treaty new-start --party US "$EVIL2"
cp "$US/keys/signing.key" "$US/keys/signing.vkey" "$EVIL2/keys/"
expect_ok accord -C "$EVIL2" key add RU "$(accord -C "$RU" key show)"
expect_ok accord -C "$EVIL2" peer add RU
for t in a b c d; do
	expect_ok accord -C "$EVIL2" notify message "text=$t"
done
expect_ok accord -C "$EVIL2" bundle export --for RU --since 0 \
    -o "$TMP/evil2.bundle"
expect_stdout_contains "resumed" accord -C "$RU" peer resume US
expect_fail 2 "is not stopped" accord -C "$RU" peer resume US
expect_fail 1 "fork: US signed checkpoints of sizes 4 and 4" \
    accord -C "$RU" bundle import "$TMP/evil2.bundle"
expect_ok accord -C "$RU" forks export 2 -o "$TMP/evidence2.json"
expect_jq "same-size evidence carries no proof" \
    '.kind == "same-size" and .proof == null' "$TMP/evidence2.json"
expect_stdout_contains "signed two trees of size 4" \
    accord forks verify "$TMP/evidence2.json"

# a US node running a definition of its own (one more notification type):
# its entries of that type are mirrored and kept, each with a finding
ODD=$TMP/us-odd RU3=$TMP/ru3
sed 's/^  - id: message$/  - id: item.teleport\n    name: Not in the treaty\n    article: none\n    effect: none\n    fields: {text: text}\n  - id: message/' \
    "$SRC/data/treaties/new-start.yaml" >"$TMP/odd.yaml"
expect_ok accord init --treaty "$TMP/odd.yaml" --party US "$ODD"
cp "$US/keys/signing.key" "$US/keys/signing.vkey" "$ODD/keys/"
expect_ok accord init --treaty new-start --party RU "$RU3"
expect_ok accord -C "$RU3" key add US "$(accord -C "$US" key show)"
expect_ok accord -C "$ODD" key add RU "$(accord -C "$RU3" key show)"
expect_ok accord -C "$RU3" peer add US
expect_ok accord -C "$ODD" peer add RU
expect_ok accord -C "$ODD" notify message text=fine
expect_ok accord -C "$ODD" notify item.teleport text=odd
expect_ok accord -C "$ODD" notify message text=fine-again
expect_ok accord -C "$ODD" bundle export --for RU -o "$TMP/odd.bundle"
expect_stdout_contains "mirror at 3 entries (3 new, 1 findings), cosigned" \
    accord -C "$RU3" bundle import "$TMP/odd.bundle"
expect_stdout_contains "1: entry 1: type: item.teleport is not a notification type" \
    accord -C "$RU3" peer findings US
accord -C "$RU3" peer status --json >"$TMP/odd.json"
expect_jq "the invalid entry is kept and counted" \
    '.peers[0].entries == 3 and .peers[0].findings == 1' "$TMP/odd.json"

expect_fail 64 "usage: accord bundle" accord -C "$RU" bundle frob
expect_fail 64 "usage: accord forks" accord forks
expect_fail 64 "usage: accord peer" accord -C "$RU" peer add

e2e_done
