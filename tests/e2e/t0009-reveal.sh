#!/usr/bin/env bash
# accord reveal: items of an escrow declaration of the US inventory of
# 2022-09-01 (padded to 3000 leaves) revealed by UID and by facility, and
# checked with accord verify --reveal. A facility reveal carries the
# neighbouring leaves that show it is complete; without one it fails.
# Unknown UIDs and facilities, a workspace that did not make the
# declaration, and a reveal checked against another declaration fail.

TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
. "${0%/*}/lib.sh"
need jq

SAMPLES=$SRC/data/samples/new-start
US=$TMP/us
RU=$TMP/ru

# items_at FACILITY: how many items of the sample are at FACILITY (no
# item line of the sample has a quoted comma).
items_at() {
	awk -F, -v f="$1" '$1 == "item" && $5 == f { n++ } END { print n + 0 }' \
	    "$SAMPLES/2022-09-01/US.csv"
}

# verify_reveal FILE...: check reveals against esc.json in the RU
# workspace.
verify_reveal() {
	local args=() f
	for f in "$@"; do
		args+=(--reveal "$f")
	done
	accord -C "$RU" verify esc.json "${args[@]}"
}

expect_ok accord init --treaty new-start --party US "$US"
expect_ok accord init --treaty new-start --party RU "$RU"
expect_ok accord -C "$US" import "$SAMPLES/2022-09-01/US.csv"
expect_ok accord -C "$US" declare --escrow --pad-to 3000 -o esc.json
expect_ok accord -C "$RU" key add US "$(accord -C "$US" key show)"
expect_stdout_contains "esc.json: verified: US declaration under new-start as of 2022-09-01, escrow mode, 3000 leaves" \
    accord -C "$RU" verify esc.json

# --- by UID -----------------------------------------------------------------
expect_ok accord -C "$US" reveal esc.json --item US-SLBM-0001 -o r1.json
expect_eq "reveal -o FILE prints nothing" "" "$(cat "$E2E_STDOUT")"
expect_jq "a one-item reveal: format, declaration, tree size, the item" \
    '.format == "accord-reveal/1" and .tree_size == 3000 and
     (.declaration | length) == 44 and (.items | length) == 1 and
     .items[0].item.uid == "US-SLBM-0001" and
     .items[0].item.facility == "US-BANGOR" and
     (.items[0].salt | length) == 44 and (.items[0].path | length) == 12 and
     (has("facility") | not)' r1.json
expect_jq "each path node is a hash and one tally per limit" \
    'all(.items[0].path[]; (keys == ["hash", "tally"]) and
     (.tally | length) == 3)' r1.json
expect_stdout_contains "r1.json: verified: 1 items" verify_reveal r1.json
expect_ok accord -C "$US" reveal esc.json --item US-SLBM-0001 -o r1-again.json
expect_same "a reveal is the same every time" r1.json r1-again.json

# several UIDs: ICBM, its launcher, a bomber and an SLBM, in one reveal
expect_ok accord -C "$US" reveal esc.json --item US-ICBM-0001 US-ICBML-0001 \
    US-HB-0001 US-SLBM-0002 -o r4.json
expect_jq "four items, in the order asked" \
    '[.items[].item.uid] == ["US-ICBM-0001", "US-ICBML-0001",
     "US-HB-0001", "US-SLBM-0002"]' r4.json
expect_stdout_contains "r4.json: verified: 4 items" verify_reveal r4.json
expect_ok accord -C "$US" reveal esc.json --item US-ICBM-0001 \
    --item US-HB-0001 -o r2.json
expect_stdout_contains "r2.json: verified: 2 items" verify_reveal r2.json

# --- by facility ------------------------------------------------------------
N_WARREN=$(items_at US-FE-WARREN)
expect_ok accord -C "$US" reveal esc.json --facility US-FE-WARREN -o rf.json
expect_jq "a facility reveal: the facility's items and one leaf each side" \
    ".facility == \"US-FE-WARREN\" and (.items | length) == $N_WARREN + 2 and
     ([.items[1:-1][].item.facility] | unique) == [\"US-FE-WARREN\"] and
     .items[0].item.facility != \"US-FE-WARREN\" and
     .items[-1].item.facility != \"US-FE-WARREN\"" rf.json
expect_jq "a facility reveal: consecutive leaves" \
    '[.items[].index] as $i | $i == [range($i[0]; $i[0] + ($i | length))]' \
    rf.json
expect_stdout_contains "rf.json: verified: $N_WARREN items of facility US-FE-WARREN, complete (2 neighbouring lea" \
    verify_reveal rf.json
# the plural of leaf
expect_file_contains "the reveal's neighbours counted in English" \
    "complete (2 neighbouring leaves shown)" "$E2E_STDOUT"
# the first facility has no leaf below it
N_BANGOR=$(items_at US-BANGOR)
expect_ok accord -C "$US" reveal esc.json --facility US-BANGOR -o rb.json
expect_jq "the first facility starts at leaf 0" '.items[0].index == 0' rb.json
expect_stdout_contains "rb.json: verified: $N_BANGOR items of facility US-BANGOR, complete (1 neighbouring leaf shown)" \
    verify_reveal rb.json
# the last facility's upper neighbour is the first pad leaf, salt and all
N_WHITEMAN=$(items_at US-WHITEMAN)
expect_ok accord -C "$US" reveal esc.json --facility US-WHITEMAN -o rw.json
expect_jq "the last facility's upper neighbour is a pad with its salt" \
    '.items[-1].pad == true and .items[-1].index == 2378 and
     (.items[-1] | has("item") | not) and (.items[-1].salt | length) == 44' \
    rw.json
expect_stdout_contains "rw.json: verified: $N_WHITEMAN items of facility US-WHITEMAN, complete (2 neighbouring lea" \
    verify_reveal rw.json

# several reveals in one check
expect_ok verify_reveal r1.json r4.json rf.json rb.json rw.json
keep verify-all.txt
for want in "r1.json: verified: 1 items" "r4.json: verified: 4 items" \
    "rf.json: verified: $N_WARREN items of facility US-FE-WARREN, complete" \
    "rb.json: verified: $N_BANGOR items of facility US-BANGOR, complete" \
    "rw.json: verified: $N_WHITEMAN items of facility US-WHITEMAN, complete"; do
	expect_file_contains "one verify, several reveals: $want" "$want" \
	    "$TMP/verify-all.txt"
done

# --- incomplete facility reveals -----------------------------------------
jq -c 'del(.items[0])' rf.json >rf-no-below.json
expect_fail 1 "rf-no-below.json items: the reveal does not show the leaves around US-FE-WARREN, so it may be incomplete" \
    verify_reveal rf-no-below.json
jq -c 'del(.items[-1])' rf.json >rf-no-above.json
expect_fail 1 "rf-no-above.json items: the reveal does not show the leaves around US-FE-WARREN, so it may be incomplete" \
    verify_reveal rf-no-above.json
jq -c 'del(.items[-1])' rw.json >rw-no-pad.json
expect_fail 1 "rw-no-pad.json items: the reveal does not show the leaves around US-WHITEMAN, so it may be incomplete" \
    verify_reveal rw-no-pad.json
# the facility's own last item dropped: its upper neighbour no longer
# touches the range
jq -c 'del(.items[-2])' rf.json >rf-no-last.json
expect_fail 1 "rf-no-last.json items:" verify_reveal rf-no-last.json
expect_file_contains "a dropped last item: may be incomplete" \
    "may be incomplete" "$E2E_STDERR"
jq -c 'del(.items[5])' rf.json >rf-gap.json
expect_fail 1 "rf-gap.json items: the items of US-FE-WARREN are not one contiguous range" \
    verify_reveal rf-gap.json
jq -c '.facility = "US-HILL"' rf.json >rf-other.json
expect_fail 1 "rf-other.json items:" verify_reveal rf-other.json
# a pad's salt is checked like an item's
jq -c ".items[-1].salt = $(jq '.items[0].salt' r1.json)" rw.json >rw-pad-salt.json
expect_fail 1 "rw-pad-salt.json items[$((N_WHITEMAN + 1))]: the item, its salt and its recomputed tally do not fold up" \
    verify_reveal rw-pad-salt.json
jq -c '.items[-1] |= (del(.pad) | .item = {})' rw.json >rw-pad-item.json
expect_fail 1 "rw-pad-item.json" verify_reveal rw-pad-item.json

# --- what reveal refuses -------------------------------------------------
expect_fail 2 "US-NO-SUCH-1: no item with this UID in the declaration" \
    accord -C "$US" reveal esc.json --item US-NO-SUCH-1 -o bad.json
expect_fail 2 "US-NO-SUCH-1: no item with this UID" \
    accord -C "$US" reveal esc.json --item US-SLBM-0001 US-NO-SUCH-1 \
    -o bad.json
expect_fail 2 "US-NOWHERE: no declared item is at this facility" \
    accord -C "$US" reveal esc.json --facility US-NOWHERE -o bad.json
expect_eq "refused reveals write nothing" no \
    "$([ -e bad.json ] && echo yes || echo no)"
ESC_ID=$(accord -C "$US" reveal esc.json --item US-SLBM-0001 -o - |
    jq -r .declaration)
expect_fail 2 "$ESC_ID: this workspace did not make that declaration" \
    accord -C "$RU" reveal esc.json --item US-SLBM-0001 -o bad.json
expect_ok accord init --treaty new-start --party US "$TMP/us-other"
expect_ok accord -C "$TMP/us-other" import "$SAMPLES/2022-09-01/US.csv"
expect_fail 2 "this workspace did not make that declaration" \
    accord -C "$TMP/us-other" reveal esc.json --item US-SLBM-0001 -o bad.json
expect_fail 2 "missing.json: no such file" \
    accord -C "$US" reveal missing.json --item US-SLBM-0001 -o bad.json
expect_fail 64 "usage: accord reveal" accord -C "$US" reveal esc.json \
    -o bad.json
expect_fail 64 "usage: accord reveal" accord -C "$US" reveal esc.json \
    --item US-SLBM-0001 --facility US-BANGOR -o bad.json
expect_fail 64 "usage: accord reveal" accord -C "$US" reveal esc.json \
    --item US-SLBM-0001
expect_fail 64 "usage: accord reveal" accord -C "$US" reveal \
    --item US-SLBM-0001 -o bad.json
expect_stdout_contains "usage: accord reveal" accord reveal --help

# --- a reveal against another declaration ----------------------------------
expect_ok accord -C "$US" declare --escrow --supersedes esc.json -o esc2.json
expect_ok accord -C "$US" reveal esc2.json --item US-SLBM-0001 -o r1-esc2.json
expect_stdout_contains "r1-esc2.json: verified: 1 items" \
    accord -C "$RU" verify esc2.json --reveal r1-esc2.json
expect_fail 1 "r1-esc2.json declaration: the reveal is for another declaration than esc.json" \
    verify_reveal r1-esc2.json
expect_fail 1 "r1.json declaration: the reveal is for another declaration than esc2.json" \
    accord -C "$RU" verify esc2.json --reveal r1.json
# the same reveal with the other declaration's id and size: the path does
# not fold up to the other root
jq -c ".declaration = \"$(jq -r .declaration r1-esc2.json)\" |
    .tree_size = 2378" r1.json >r1-relabelled.json
expect_fail 1 "r1-relabelled.json items[0]: the item, its salt and its recomputed tally do not fold up" \
    accord -C "$RU" verify esc2.json --reveal r1-relabelled.json
# the earlier declaration can still be revealed
expect_ok accord -C "$US" reveal esc.json --item US-HB-0001 -o r-hb.json
expect_stdout_contains "r-hb.json: verified: 1 items" verify_reveal r-hb.json

# a full declaration's items can be revealed too
expect_ok accord -C "$US" declare -o full.json
expect_ok accord -C "$US" reveal full.json --item US-SLBM-0001 -o r-full.json
expect_stdout_contains "r-full.json: verified: 1 items" \
    accord -C "$RU" verify full.json --reveal r-full.json
expect_fail 1 "another declaration" accord -C "$RU" verify full.json \
    --reveal r1.json

# a missing or malformed reveal file
expect_fail 2 "missing.json: no such file" verify_reveal missing.json
head -c 100 r1.json >r-cut.json
expect_fail 1 "r-cut.json:1:100: malformed JSON" verify_reveal r-cut.json
: >r-empty.json
expect_fail 1 "r-empty.json" verify_reveal r-empty.json
jq -c '.format = "accord-reveal/2"' r1.json >r-format.json
expect_fail 1 "r-format.json format: expected \"accord-reveal/1\"" \
    verify_reveal r-format.json

e2e_done
