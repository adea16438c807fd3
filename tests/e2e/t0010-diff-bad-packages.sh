#!/usr/bin/env bash
# accord diff and damaged packages: the US declarations of 2022-03-01 and
# 2022-09-01 differ item by item (moves, status and warhead changes,
# additions) and in their totals (686 -> 659 deployed vehicles, 1515 ->
# 1420 deployed warheads), in text, markdown and JSON; a package is the
# same as itself; escrow packages and other parties cannot be compared.
# accord verify refuses truncated, empty and oversized files, another
# format version, non-canonical base64, unknown treaties and a definition
# other than the one declared under, each with a message naming it.

TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
. "${0%/*}/lib.sh"
need jq

SAMPLES=$SRC/data/samples/new-start
GOOD=$SRC/tests/data/good
US=$TMP/us
RU=$TMP/ru

expect_ok accord init --treaty new-start --party US "$US"
expect_ok accord init --treaty new-start --party RU "$RU"
expect_stdout_contains "imported 2374 items at 22 facilities for US as of 2022-03-01" \
    accord -C "$US" import "$SAMPLES/2022-03-01/US.csv"
expect_ok accord -C "$US" declare -o a.json
expect_ok accord -C "$US" import "$SAMPLES/2022-09-01/US.csv"
expect_ok accord -C "$US" declare -o b.json
expect_ok accord -C "$RU" key add US "$(accord -C "$US" key show)"
expect_ok accord -C "$RU" verify a.json
expect_ok accord -C "$RU" verify b.json

# --- diff, text ---------------------------------------------------------
expect_exit 1 accord diff a.json b.json
keep diff.txt
keep_squeezed diff-sq.txt
expect_eq "diff says nothing on stderr when the items differ" "" \
    "$(cat "$E2E_STDERR")"
expect_eq "diff: the first line names treaty, party and dates" \
    "new-start US: 2022-03-01 -> 2022-09-01, 150 item changes" \
    "$(head -n 1 "$TMP/diff.txt")"
for want in \
    " moved US-HB-0018 US-WHITEMAN -> US-PALMDALE" \
    " status US-HB-0018 deployed -> non_deployed" \
    " moved US-ICBM-0428 US-FE-WARREN -> US-HILL" \
    " warheads US-ICBM-0428 1 -> 0" \
    " contained_in US-ICBM-0428 US-ICBML-0134 -> (none)" \
    " status US-ICBM-0438 non_deployed -> eliminated" \
    " warheads US-SLBM-0030 4 -> 5" \
    " added US-SLBM-0477 slbm" \
    " status US-SLBML-0328 deployed -> non_deployed" \
    " deployed_vehicles 686 -> 659 (-27)" \
    " deployed_warheads 1515 -> 1420 (-95)" \
    " launchers 800 -> 800 (+0)"; do
	expect_file_contains "diff lists:$want" "$want" "$TMP/diff-sq.txt"
done
expect_eq "diff: changes by kind" \
    "added 4, contained_in 23, moved 30, status 53, warheads 40" \
    "$(awk '$1 ~ /^(added|removed|moved|status|warheads|contained_in)$/ {
        n[$1]++ } END { for (k in n) print k, n[k] }' "$TMP/diff.txt" |
    sort | sed 's/$/,/' | tr '\n' ' ' | sed 's/, $//')"
expect_file_lacks "nothing removed between the two dates" " removed " \
    "$TMP/diff-sq.txt"
accord diff a.json b.json >"$TMP/diff2.txt"
expect_same "diff is the same every time" "$TMP/diff.txt" "$TMP/diff2.txt"

# the other way round
expect_exit 1 accord diff b.json a.json
keep_squeezed rdiff-sq.txt
for want in "new-start US: 2022-09-01 -> 2022-03-01, 150 item changes" \
    " removed US-SLBM-0477 slbm" \
    " moved US-HB-0018 US-PALMDALE -> US-WHITEMAN" \
    " deployed_vehicles 659 -> 686 (+27)" \
    " deployed_warheads 1420 -> 1515 (+95)"; do
	expect_file_contains "diff new old lists:$want" "$want" \
	    "$TMP/rdiff-sq.txt"
done

# --- diff, JSON and markdown ---------------------------------------------
expect_exit 1 accord diff --format json a.json b.json
keep diff.json
expect_jq "diff --format json: treaty, party, dates, changes, totals" \
    '.treaty == "new-start" and .party == "US" and .from == "2022-03-01"
     and .to == "2022-09-01" and (.changes | type == "array") and
     (.totals | type == "object")' "$TMP/diff.json"
expect_jq "diff --format json: 150 changes, as the text says" \
    '(.changes | length) == 150' "$TMP/diff.json"
expect_jq "diff --format json: the totals" \
    '.totals == {"deployed_vehicles": {"from": 686, "to": 659,
     "change": -27}, "deployed_warheads": {"from": 1515, "to": 1420,
     "change": -95}, "launchers": {"from": 800, "to": 800, "change": 0}}' \
    "$TMP/diff.json"
expect_jq "diff --format json: a move" \
    'any(.changes[]; . == {"uid": "US-HB-0018", "change": "moved",
     "from": "US-WHITEMAN", "to": "US-PALMDALE"})' "$TMP/diff.json"
expect_jq "diff --format json: a status change" \
    'any(.changes[]; . == {"uid": "US-HB-0018", "change": "status",
     "from": "deployed", "to": "non_deployed"})' "$TMP/diff.json"
expect_jq "diff --format json: a warhead change" \
    'any(.changes[]; . == {"uid": "US-SLBM-0030", "change": "warheads",
     "from": "4", "to": "5"})' "$TMP/diff.json"
expect_jq "diff --format json: the items added" \
    '[.changes[] | select(.change == "added") | .uid] ==
     ["US-SLBM-0477", "US-SLBM-0478", "US-SLBM-0479", "US-SLBM-0480"]' \
    "$TMP/diff.json"
expect_jq "diff --format json: kinds of change" \
    '[.changes[].change] | unique == ["added", "contained_in", "moved",
     "status", "warheads"]' "$TMP/diff.json"
expect_exit 1 accord diff --format markdown a.json b.json
keep diff.md
expect_file_contains "diff --format markdown: heading" \
    "## new-start US: 2022-03-01 -> 2022-09-01, 150 item changes" \
    "$TMP/diff.md"
expect_file_contains "diff --format markdown: totals heading" "### totals" \
    "$TMP/diff.md"
expect_eq "diff --format markdown: one list entry per change and limit" \
    153 "$(grep -c '^- ' "$TMP/diff.md")"

# --- the same, escrow, other parties, usage ------------------------------
expect_exit 0 accord diff a.json a.json
keep_squeezed same.txt
expect_file_contains "a package against itself: no changes" \
    "new-start US: 2022-03-01 -> 2022-03-01, 0 item changes" \
    "$TMP/same.txt"
expect_file_contains "a package against itself: totals unchanged" \
    " deployed_warheads 1515 -> 1515 (+0)" "$TMP/same.txt"
expect_exit 0 accord diff --format json b.json b.json
expect_jq "diff --format json of a package with itself: no changes" \
    '.changes == [] and .totals.deployed_vehicles.change == 0' \
    "$E2E_STDOUT"
# the same items declared again (a correction) differ in nothing
expect_ok accord -C "$US" declare --supersedes b.json -o b2.json
expect_exit 0 accord diff b.json b2.json

expect_ok accord -C "$US" declare --escrow -o esc.json
expect_fail 2 "esc.json: diff needs full declarations (this one is escrow)" \
    accord diff a.json esc.json
expect_fail 2 "esc.json: diff needs full declarations" \
    accord diff esc.json b.json
expect_ok accord -C "$RU" import "$SAMPLES/2022-09-01/RU.csv"
expect_ok accord -C "$RU" declare -o ru.json
expect_fail 2 "ru.json: declarations of different parties or treaties" \
    accord diff b.json ru.json
expect_fail 2 "missing.json: no such file" accord diff a.json missing.json
expect_fail 2 "--format: expected text, json or markdown" \
    accord diff --format html a.json b.json
expect_fail 64 "usage: accord diff" accord diff a.json
expect_fail 64 "usage: accord diff" accord diff a.json b.json b2.json
expect_stdout_contains "usage: accord diff" accord diff --help

# --- damaged packages ------------------------------------------------------
SIZE=$(wc -c <b.json | tr -d ' ')
head -c $((SIZE / 2)) b.json >half.json
expect_fail 1 "half.json:1:$((SIZE / 2 + 1)): malformed JSON" \
    accord -C "$RU" verify half.json
head -c 200 a.json >head.json
expect_fail 1 "head.json:1:201: malformed JSON" accord -C "$RU" verify \
    head.json
: >empty.json
expect_fail 1 "empty.json:1:1: malformed JSON" accord -C "$RU" verify \
    empty.json
{ cat a.json; printf '\0'; } >nul.json
expect_fail 1 "nul.json" accord -C "$RU" verify nul.json
{ cat a.json; cat a.json; } >twice.json
expect_fail 1 "twice.json:2:1: malformed JSON" accord -C "$RU" verify \
    twice.json
echo '[]' >array.json
expect_fail 1 "array.json: expected a declaration package (a JSON object)" \
    accord -C "$RU" verify array.json
expect_fail 2 "half.json:1:$((SIZE / 2 + 1)): malformed JSON" \
    accord diff half.json b.json

# 3 GB, sparse: refused by its size before anything is read
if command -v truncate >/dev/null 2>&1 && truncate -s 3G big.json 2>/dev/null
then
	START=$SECONDS
	expect_fail 2 "big.json: file is 3221225472 bytes, the limit is 2147483648" \
	    accord -C "$RU" verify big.json
	ELAPSED=$((SECONDS - START))
	if [ "$ELAPSED" -le 10 ]; then
		e2e_pass "a 3 GB package is refused without being read (${ELAPSED}s)"
	else
		e2e_fail "a 3 GB package is refused without being read" \
		    "took ${ELAPSED}s"
	fi
	expect_fail 2 "big.json: file is 3221225472 bytes" accord diff big.json \
	    b.json
	expect_fail 2 "big.json: file is 3221225472 bytes" \
	    accord -C "$US" declare --supersedes big.json -o never.json
	rm -f big.json
else
	echo "# skipped the 3 GB sparse file: truncate -s 3G failed"
fi

# fields
jq -c '.format = "accord-declaration/2"' a.json >format2.json
expect_fail 1 'format2.json format: expected "accord-declaration/1", got "accord-declaration/2"' \
    accord -C "$RU" verify format2.json
jq -c 'del(.format)' a.json >no-format.json
expect_fail 1 "no-format.json format: expected a string format" \
    accord -C "$RU" verify no-format.json
jq -c '.extra = true' a.json >extra.json
expect_fail 1 'extra.json: unknown key "extra"' accord -C "$RU" verify \
    extra.json
jq -c '.mode = "partial"' a.json >mode.json
expect_fail 1 'mode.json mode: expected full or escrow, got "partial"' \
    accord -C "$RU" verify mode.json
jq -c '.as_of = "2022-02-30"' a.json >as-of.json
expect_fail 1 "as-of.json as_of: expected a date YYYY-MM-DD" \
    accord -C "$RU" verify as-of.json
jq -c '.items = -1' a.json >items.json
expect_fail 1 "items.json items: expected a whole number of leaves" \
    accord -C "$RU" verify items.json
jq -c 'del(.signature)' a.json >no-sig.json
expect_fail 1 "no-sig.json signature: expected base64 of 64 bytes" \
    accord -C "$RU" verify no-sig.json

# base64: the last character of "root" carries two padding bits, which
# must be zero; the next letter of the alphabet sets one and would decode
# to the same bytes under a lenient decoder
B64=ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/
ROOT=$(jq -r .root a.json)
LAST=${ROOT:42:1}
PREFIX=${B64%%"$LAST"*}
NONCANON=${ROOT:0:42}${B64:$((${#PREFIX} + 1)):1}=
expect_eq "the root is 43 characters and one =" "=" "${ROOT:43:1}"
expect_eq "the root's last character has its padding bits zero" 0 \
    "$((${#PREFIX} % 4))"
jq -c ".root = \"$NONCANON\"" a.json >root-noncanon.json
expect_fail 1 "root-noncanon.json root: non-canonical base64" \
    accord -C "$RU" verify root-noncanon.json
jq -c ".root = \"${ROOT%=}\"" a.json >root-nopad.json
expect_fail 1 "root-nopad.json root:" accord -C "$RU" verify root-nopad.json
jq -c ".root = \"${ROOT:0:20}!${ROOT:21}\"" a.json >root-char.json
expect_fail 1 "root-char.json root:" accord -C "$RU" verify root-char.json
jq -c '.root = "AAAA"' a.json >root-short.json
expect_fail 1 "root-short.json root: expected 32 bytes, got 3" \
    accord -C "$RU" verify root-short.json

# treaties: an unknown id, another treaty, another definition of new-start
jq -c '.treaty = "no-such-treaty"' a.json >treaty-id.json
expect_fail 1 "treaty-id.json key:" accord -C "$RU" verify treaty-id.json
expect_ok accord init --treaty "$GOOD/mini-treaty.yaml" --party AA \
    "$TMP/mini"
printf '%s\n' 'record,id,type,status,facility,warheads,name' \
    'meta,as_of,,,,,2022-09-01' 'facility,B1,base,,,,' \
    'item,M1,missile,deployed,B1,3,' >"$TMP/mini.csv"
expect_ok accord -C "$TMP/mini" import "$TMP/mini.csv"
expect_ok accord -C "$TMP/mini" declare -o mini.json
expect_fail 1 "mini.json: no key is trusted for party AA" \
    accord -C "$RU" verify mini.json
expect_fail 1 "mini.json treaty: declared under mini-accord, checked against another treaty" \
    accord -C "$RU" verify --key "$(accord -C "$TMP/mini" key show)" \
    mini.json
expect_fail 2 "declarations of different parties or treaties" \
    accord diff a.json mini.json

jq -c '.treaty_digest = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="' a.json \
    >digest.json
expect_fail 1 "digest.json signature: the Ed25519 signature does not verify over the header" \
    accord -C "$RU" verify digest.json
# a workspace whose new-start definition differs by one comment
{ cat "$RU/treaty.yaml"; echo "# a local note"; } >"$TMP/new-start-edited.yaml"
expect_ok accord init --treaty "$TMP/new-start-edited.yaml" --party RU \
    "$TMP/ru-edited"
expect_fail 1 "a.json treaty_digest: the definition of new-start differs from the one declared under" \
    accord -C "$TMP/ru-edited" verify --key "$(accord -C "$US" key show)" \
    a.json

# not a file at all: the check cannot run (exit 2), as for a missing file
mkdir "$TMP/pkgdir"
expect_fail 2 "pkgdir: expected a regular file" accord -C "$RU" verify \
    "$TMP/pkgdir"

e2e_done
