#!/usr/bin/env bash
# accord verify against tampering: every single-bit flip (xor 0x01) at
# every byte offset of a small full package, of an escrow package and of
# a one-item reveal is rejected with exit 1 and a message naming the
# flipped file. Edits made with jq (items reordered, duplicated, dropped
# or added, a wrong salt, an edited total or item, a reveal's index,
# path, tally or size) are rejected the same way.

TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
. "${0%/*}/lib.sh"
need jq

DECL=$SRC/tests/data/declarations
US=$TMP/us
RU=$TMP/ru

# flips FILE DIR: DIR/K.json is FILE with bit 0 of byte K flipped, for
# every byte K (the files are ASCII text ending in a newline). Prints the
# number of files written.
flips() {
	mkdir -p "$2" || return 1
	awk -v dir="$2" '
	BEGIN { for (c = 1; c < 256; c++) ord[sprintf("%c", c)] = c }
	{ s = s $0 "\n" }
	END {
		n = length(s)
		for (i = 1; i <= n; i++) {
			c = ord[substr(s, i, 1)]
			f = c % 2 ? c - 1 : c + 1
			out = dir "/" (i - 1) ".json"
			printf "%s%c%s", substr(s, 1, i - 1), f, \
			    substr(s, i + 1) >out
			close(out)
		}
		print n
	}' "$1"
}

# flip_worker FIRST DIR N CMD...: run CMD DIR/K.json for K = FIRST,
# FIRST + 2, ... below N; print one line for each run that does not exit
# 1 with a message on stderr that names DIR/K.json.
flip_worker() {
	local k=$1 dir=$2 n=$3 rc msg err
	shift 3
	err=$dir.err$k
	while [ "$k" -lt "$n" ]; do
		"$@" "$dir/$k.json" >/dev/null 2>"$err" </dev/null
		rc=$?
		msg=
		IFS= read -r -d '' msg <"$err"
		msg=${msg%$'\n'}
		if [ "$rc" != 1 ]; then
			echo "byte $k: exit $rc: $msg"
		elif [[ $msg == *Sanitizer* || $msg == *"runtime error:"* ]]; then
			echo "byte $k: sanitizer report: $msg"
		elif [ -z "$msg" ]; then
			echo "byte $k: nothing on stderr"
		elif [[ $msg != *"$dir/$k.json"* ]]; then
			echo "byte $k: the message does not name the file: $msg"
		fi
		k=$((k + 2))
	done
}

FLIPS=0

# check_flips FILE NAME CMD...: flip every bit 0 of FILE and run CMD with
# each flipped file as its last argument, in two processes at once.
check_flips() {
	local file=$1 name=$2 dir=$TMP/flip/$2 n size pid0 pid1 bad
	shift 2
	n=$(flips "$file" "$dir")
	size=$(wc -c <"$file" | tr -d ' ')
	if ! expect_eq "$name: one flipped copy per byte" "$size" "$n"; then
		return 1
	fi
	flip_worker 0 "$dir" "$n" "$@" >"$dir.bad0" &
	pid0=$!
	flip_worker 1 "$dir" "$n" "$@" >"$dir.bad1" &
	pid1=$!
	wait "$pid0" "$pid1"
	FLIPS=$((FLIPS + n))
	bad=$(sort -n -k2 "$dir.bad0" "$dir.bad1")
	if [ -z "$bad" ]; then
		e2e_pass "$name: each of $n single-bit flips exits 1 naming the file"
	else
		e2e_fail "$name: each of $n single-bit flips exits 1 naming the file" \
		    "$(printf '%s\n' "$bad" | wc -l | tr -d ' ') of $n flips not rejected so:"
		printf '%s\n' "$bad" | head -n 40 | sed 's/^/#     /'
	fi
	rm -rf "$dir"
}

# --- a small full package, an escrow package, a one-item reveal ----------
expect_ok accord init --treaty new-start --party US "$US"
expect_ok accord init --treaty new-start --party RU "$RU"
expect_stdout_contains "imported 5 items at 3 facilities for US as of 2022-09-01" \
    accord -C "$US" import "$DECL/us-five.csv"
expect_ok accord -C "$US" declare -o full.json
expect_ok accord -C "$US" declare --escrow --pad-to 6 -o esc.json
expect_ok accord -C "$US" reveal esc.json --item US-S1 -o reveal.json
expect_ok accord -C "$RU" key add US "$(accord -C "$US" key show)"

expect_stdout_contains "full.json: verified: US declaration under new-start as of 2022-09-01, full mode, 5 leaves" \
    accord -C "$RU" verify full.json
expect_stdout_contains "esc.json: verified: US declaration under new-start as of 2022-09-01, escrow mode, 6 leaves" \
    accord -C "$RU" verify esc.json
expect_stdout_contains "reveal.json: verified: 1 items" \
    accord -C "$RU" verify esc.json --reveal reveal.json
expect_jq "the reveal holds one item with its salt and path" \
    '(.items | length) == 1 and .items[0].item.uid == "US-S1" and
     (.items[0].path | length) > 0' reveal.json
# jq -c gives back the same bytes, so the edits below change only what
# they say
jq -c . full.json >same.json
expect_same "jq -c keeps a full package byte for byte" full.json same.json
jq -c . reveal.json >same-reveal.json
expect_same "jq -c keeps a reveal byte for byte" reveal.json \
    same-reveal.json

# --- every single-bit flip ---------------------------------------------
check_flips full.json full.json accord -C "$RU" verify
check_flips esc.json esc.json accord -C "$RU" verify
check_flips reveal.json reveal.json accord -C "$RU" verify esc.json --reveal
echo "# $FLIPS single-bit flips checked"
expect_eq "the flips cover every byte of the three files" \
    "$(cat full.json esc.json reveal.json | wc -c | tr -d ' ')" "$FLIPS"

# --- edited full packages -------------------------------------------------
jq -c '.disclosed |= [.[1], .[0]] + .[2:]' full.json >e-reorder.json
expect_fail 1 "e-reorder.json disclosed[1]: items are not in strictly increasing (facility, UID) order" \
    accord -C "$RU" verify e-reorder.json
jq -c '.disclosed[1] = .disclosed[0]' full.json >e-dup.json
expect_fail 1 "e-dup.json" accord -C "$RU" verify e-dup.json
expect_file_contains "a duplicated item: the message says duplicate UID" \
    'duplicate UID "US-S1"' "$E2E_STDERR"
# ... and names the field where it is in the package, disclosed[1], not
# the "items" of the inventory read from it (in a package "items" is the
# number of leaves)
expect_fail 1 "e-dup.json disclosed[1]" accord -C "$RU" verify e-dup.json
jq -c '.disclosed += [.disclosed[0]]' full.json >e-dup-extra.json
expect_fail 1 "e-dup-extra.json disclosed: a full package discloses every item" \
    accord -C "$RU" verify e-dup-extra.json
jq -c 'del(.disclosed[2])' full.json >e-drop.json
expect_fail 1 "e-drop.json disclosed: a full package discloses every item" \
    accord -C "$RU" verify e-drop.json
NEW_HB='{"facility": "US-M", "facility_kind": "air_base",
    "status": "deployed", "type": "heavy_bomber", "uid": "US-B2",
    "warheads": 0}'
jq -c ".disclosed += [{item: $NEW_HB, salt: .disclosed[0].salt}]" \
    full.json >e-add.json
expect_fail 1 "e-add.json disclosed: a full package discloses every item" \
    accord -C "$RU" verify e-add.json
jq -c ".items += 1 | .disclosed += [{item: $NEW_HB, salt: .disclosed[0].salt}]" \
    full.json >e-add-count.json
expect_fail 1 "e-add-count.json signature: the Ed25519 signature does not verify" \
    accord -C "$RU" verify e-add-count.json
jq -c '.disclosed[2].salt = .disclosed[3].salt' full.json >e-salt.json
expect_fail 1 "e-salt.json root: the disclosed items and salts do not rebuild the signed root" \
    accord -C "$RU" verify e-salt.json
jq -c '.disclosed[4].salt = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="' \
    full.json >e-salt-zero.json
expect_fail 1 "e-salt-zero.json root:" accord -C "$RU" verify e-salt-zero.json
jq -c '.disclosed[4].salt = "AAAA"' full.json >e-salt-short.json
expect_fail 1 "e-salt-short.json disclosed[4].salt: expected 32 bytes" \
    accord -C "$RU" verify e-salt-short.json
jq -c '.totals.deployed_warheads = 5' full.json >e-total.json
expect_fail 1 "e-total.json signature: the Ed25519 signature does not verify" \
    accord -C "$RU" verify e-total.json
jq -c '.totals.launchers += 1' full.json >e-total2.json
expect_fail 1 "e-total2.json signature:" accord -C "$RU" verify e-total2.json
jq -c '.disclosed[0].item.warheads = 3' full.json >e-warheads.json
expect_fail 1 "e-warheads.json totals: deployed_warheads: the items add up to 5, the package declares 6" \
    accord -C "$RU" verify e-warheads.json
jq -c '.disclosed[2].item.status = "non_deployed"' full.json >e-status.json
expect_fail 1 "e-status.json totals: deployed_vehicles: the items add up to 2, the package declares 3" \
    accord -C "$RU" verify e-status.json
jq -c '.disclosed[2].item.name = "B-52H"' full.json >e-name.json
expect_fail 1 "e-name.json root: the disclosed items and salts do not rebuild the signed root" \
    accord -C "$RU" verify e-name.json
jq -c '.disclosed[2].item.status = "parked"' full.json >e-bad-status.json
expect_fail 1 "e-bad-status.json" accord -C "$RU" verify e-bad-status.json
jq -c '.disclosed[0].extra = true' full.json >e-extra-key.json
expect_fail 1 "e-extra-key.json disclosed[0]" accord -C "$RU" verify \
    e-extra-key.json
jq -c '.mode = "escrow"' full.json >e-mode.json
expect_fail 1 "e-mode.json disclosed: an escrow package discloses no items" \
    accord -C "$RU" verify e-mode.json
jq -c '.mode = "escrow" | del(.disclosed)' full.json >e-mode2.json
expect_fail 1 "e-mode2.json signature:" accord -C "$RU" verify e-mode2.json
jq -c 'del(.disclosed)' full.json >e-no-items.json
expect_fail 1 "e-no-items.json disclosed:" accord -C "$RU" verify \
    e-no-items.json

# --- edited escrow packages ---------------------------------------------
jq -c '.items = 5' esc.json >e-esc-items.json
expect_fail 1 "e-esc-items.json signature:" accord -C "$RU" verify \
    e-esc-items.json
jq -c '.totals.deployed_vehicles = 2' esc.json >e-esc-total.json
expect_fail 1 "e-esc-total.json signature:" accord -C "$RU" verify \
    e-esc-total.json
jq -c ".root = $(jq '.root' full.json)" esc.json >e-esc-root.json
expect_fail 1 "e-esc-root.json signature:" accord -C "$RU" verify \
    e-esc-root.json
jq -c ".signature = $(jq '.signature' full.json)" esc.json >e-esc-sig.json
expect_fail 1 "e-esc-sig.json signature:" accord -C "$RU" verify \
    e-esc-sig.json

# --- edited reveals -----------------------------------------------------
# verify_reveal FILE: check the reveal FILE against esc.json.
verify_reveal() {
	accord -C "$RU" verify esc.json --reveal "$@"
}
jq -c '.items[0].index += 1' reveal.json >r-index.json
expect_fail 1 "r-index.json items[0]: the item, its salt and its recomputed tally do not fold up its path" \
    verify_reveal r-index.json
jq -c '.items[0].path[0].tally[0] += 1' reveal.json >r-tally.json
expect_fail 1 "r-tally.json items[0]: the item, its salt and its recomputed tally do not fold up" \
    verify_reveal r-tally.json
jq -c '.items[0].path |= .[:-1]' reveal.json >r-short-path.json
expect_fail 1 "r-short-path.json items[0]:" verify_reveal r-short-path.json
jq -c '.items[0].salt = .items[0].path[0].hash' reveal.json >r-salt.json
expect_fail 1 "r-salt.json items[0]: the item, its salt" verify_reveal r-salt.json
jq -c '.items[0].item.warheads = 5' reveal.json >r-warheads.json
expect_fail 1 "r-warheads.json items[0]:" verify_reveal r-warheads.json
jq -c '.items[0].item.status = "non_deployed"' reveal.json >r-status.json
expect_fail 1 "r-status.json items[0]:" verify_reveal r-status.json
jq -c '.items[0].item.facility = "US-ELSEWHERE"' reveal.json >r-moved.json
expect_fail 1 "r-moved.json items[0]:" verify_reveal r-moved.json
jq -c '.declaration = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="' \
    reveal.json >r-decl.json
expect_fail 1 "r-decl.json declaration: the reveal is for another declaration than esc.json" \
    verify_reveal r-decl.json
jq -c '.items = []' reveal.json >r-empty.json
expect_fail 1 "r-empty.json items: expected a non-empty list" verify_reveal r-empty.json
jq -c '.items += [.items[0]]' reveal.json >r-twice.json
expect_fail 1 "r-twice.json items: leaf 0 is revealed twice" verify_reveal r-twice.json
jq -c '.tree_size += 1' reveal.json >r-size.json
expect_fail 1 "r-size.json tree_size: expected the declaration's 6 leaves" \
    verify_reveal r-size.json
# an item the treaty does not know: the reveal, not the package, is named
jq -c '.items[0].item.status = "parked"' reveal.json >r-bad-status.json
expect_fail 1 "r-bad-status.json" verify_reveal r-bad-status.json
jq -c '.items[0].item.type = "slcm"' reveal.json >r-bad-type.json
expect_fail 1 "r-bad-type.json" verify_reveal r-bad-type.json
e2e_done
