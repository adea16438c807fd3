#!/usr/bin/env bash
# accord declare and verify: the US inventory of 2022-09-01 declared in
# full and in escrow mode; a second declaration of a date must name the
# one it corrects with --supersedes; RU verifies with the trusted key or
# --key and sees the declared totals (659 deployed vehicles, 1420
# deployed warheads, 800 launchers); an untrusted or wrong key, or a
# workspace of another treaty, fails with exit 1; --pad-to pads escrow
# packages only.

TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
. "${0%/*}/lib.sh"
need jq

SAMPLES=$SRC/data/samples/new-start
DECL=$SRC/tests/data/declarations
US=$TMP/us
RU=$TMP/ru

# id_of: the id that `declare` printed on stderr.
id_of() {
	sed -n 's/^declared [a-z]* mode, id \([A-Za-z0-9+/=]*\).*/\1/p' \
	    "$E2E_STDERR"
}

# The totals of the 2022-09-01 sample, as verify prints them.
printf '%s\n' ' deployed_vehicles 659' ' deployed_warheads 1420' \
    ' launchers 800' >"$TMP/totals.want"

expect_ok accord init --treaty new-start --party US "$US"
expect_ok accord init --treaty new-start --party RU "$RU"
expect_stdout_contains "imported 2378 items at 22 facilities for US as of 2022-09-01" \
    accord -C "$US" import "$SAMPLES/2022-09-01/US.csv"

# --- declare -------------------------------------------------------------
expect_ok accord -C "$US" declare -o full.json
FULL_ID=$(id_of)
expect_file_contains "declare says the mode and the id" \
    "declared full mode, id $FULL_ID" "$E2E_STDERR"
expect_eq "declare prints nothing on stdout with -o FILE" "" \
    "$(cat "$E2E_STDOUT")"
expect_eq "the id is base64 of 32 bytes" 44 "${#FULL_ID}"
expect_jq "full package: header fields" \
    '.format == "accord-declaration/1" and .treaty == "new-start" and
     .party == "US" and .as_of == "2022-09-01" and .mode == "full" and
     .items == 2378 and (.disclosed | length) == 2378 and
     .totals == {"deployed_vehicles": 659, "deployed_warheads": 1420,
     "launchers": 800} and (has("supersedes") | not)' full.json
expect_jq "full package: signed by the workspace's key" \
    ".key == \"$(cat "$US/keys/signing.vkey")\"" full.json
expect_jq "full package: each disclosed entry is an item and a salt" \
    'all(.disclosed[]; (keys == ["item", "salt"]) and
     (.salt | length) == 44)' full.json
expect_jq "full package: items in (facility, UID) order" \
    '[.disclosed[].item | [.facility, .uid]] as $k | $k == ($k | sort)' \
    full.json

# a full and an escrow declaration of one date stand side by side
expect_ok accord -C "$US" declare --escrow -o esc.json
ESC_ID=$(id_of)
expect_file_contains "declare says escrow mode" "declared escrow mode" \
    "$E2E_STDERR"
expect_jq "escrow package: the commitment without items" \
    '.mode == "escrow" and .items == 2378 and (has("disclosed") | not) and
     .totals == {"deployed_vehicles": 659, "deployed_warheads": 1420,
     "launchers": 800} and (has("supersedes") | not)' esc.json
expect_file_lacks "escrow package: no UID" "US-SLBM-0001" esc.json
expect_file_lacks "escrow package: no facility" "US-BANGOR" esc.json

# a second declaration of the same date and mode needs --supersedes
expect_fail 1 "a correction must name it with --supersedes" \
    accord -C "$US" declare -o again.json
expect_file_contains "the refusal names the existing declaration" \
    "$FULL_ID" "$E2E_STDERR"
expect_eq "a refused declare writes no file" no \
    "$([ -e again.json ] && echo yes || echo no)"
expect_fail 1 "a correction must name it with --supersedes" \
    accord -C "$US" declare --escrow -o again.json
expect_file_contains "the refusal names the existing escrow declaration" \
    "$ESC_ID" "$E2E_STDERR"
expect_ok accord -C "$US" declare --supersedes full.json -o corr.json
CORR_ID=$(id_of)
expect_file_contains "declare names the declaration superseded" \
    "superseding full.json" "$E2E_STDERR"
expect_file_contains "corr.json says what it supersedes" '"supersedes"' \
    corr.json
expect_jq "corr.json supersedes the id of full.json" \
    ".supersedes == \"$FULL_ID\" and .mode == \"full\"" corr.json
if [ "$CORR_ID" != "$FULL_ID" ]; then
	e2e_pass "a correction has an id of its own"
else
	e2e_fail "a correction has an id of its own" "both $FULL_ID"
fi
# only the latest declaration of the date and mode may be superseded
expect_fail 1 "declaration as of 2022-09-01 is $CORR_ID, not $FULL_ID" \
    accord -C "$US" declare --supersedes full.json -o corr2.json
expect_fail 1 "declaration as of 2022-09-01 is $ESC_ID, not $CORR_ID" \
    accord -C "$US" declare --escrow --supersedes corr.json -o corr2.json
expect_fail 2 "missing.json: no such file" \
    accord -C "$US" declare --supersedes missing.json -o corr2.json
expect_eq "refused corrections write nothing" no \
    "$([ -e corr2.json ] && echo yes || echo no)"
expect_ok accord -C "$US" declare --escrow --pad-to 3000 \
    --supersedes esc.json -o esc3000.json
expect_jq "--pad-to 3000: 3000 leaves, the same totals" \
    '.items == 3000 and .totals == {"deployed_vehicles": 659,
     "deployed_warheads": 1420, "launchers": 800}' esc3000.json
expect_jq "the padded escrow declaration supersedes esc.json" \
    ".supersedes == \"$ESC_ID\"" esc3000.json

# --- verify ----------------------------------------------------------------
expect_fail 1 "no key is trusted for party US: accord key add US KEY" \
    accord -C "$RU" verify full.json
expect_file_contains "the untrusted package is named" "full.json" \
    "$E2E_STDERR"
expect_eq "a failed verify prints nothing on stdout" "" \
    "$(cat "$E2E_STDOUT")"
expect_ok accord -C "$RU" key add US "$(accord -C "$US" key show)"

expect_stdout_contains "full.json: verified: US declaration under new-start as of 2022-09-01, full mode, 2378 leaves" \
    accord -C "$RU" verify full.json
keep_squeezed verify-full.txt
sed 1d "$TMP/verify-full.txt" >"$TMP/verify-full.totals"
expect_same "verify prints the declared totals 659/1420/800" \
    "$TMP/totals.want" "$TMP/verify-full.totals"
expect_stdout_contains "corr.json: verified: US declaration under new-start as of 2022-09-01, full mode, 2378 leaves" \
    accord -C "$RU" verify corr.json
expect_stdout_contains "esc.json: verified: US declaration under new-start as of 2022-09-01, escrow mode, 2378 leaves" \
    accord -C "$RU" verify esc.json
keep_squeezed verify-esc.txt
sed 1d "$TMP/verify-esc.txt" >"$TMP/verify-esc.totals"
expect_same "an escrow package shows the same totals" "$TMP/totals.want" \
    "$TMP/verify-esc.totals"
expect_stdout_contains "escrow mode, 3000 leaves" \
    accord -C "$RU" verify esc3000.json
keep_squeezed verify-esc3000.txt
sed 1d "$TMP/verify-esc3000.txt" >"$TMP/verify-esc3000.totals"
expect_same "padding does not change the totals" "$TMP/totals.want" \
    "$TMP/verify-esc3000.totals"
expect_stdout_contains "full.json: verified" accord -C "$US" verify full.json

# --key instead of a trusted key
US_VKEY=$(cat "$US/keys/signing.vkey")
expect_ok accord init --treaty new-start --party RU "$TMP/ru2"
expect_fail 1 "accord key add US" accord -C "$TMP/ru2" verify full.json
expect_stdout_contains "full.json: verified" \
    accord -C "$TMP/ru2" verify --key "$US_VKEY" full.json
expect_stdout_contains "esc3000.json: verified" \
    accord -C "$TMP/ru2" verify --key "$US_VKEY" esc3000.json
expect_fail 1 "full.json key: signed by $US_VKEY, which is not the trusted key for this party" \
    accord -C "$TMP/ru2" verify --key "$(accord -C "$RU" key show)" \
    full.json
expect_ok accord init --treaty new-start --party US "$TMP/us-other"
expect_fail 1 "which is not the trusted key for this party" \
    accord -C "$TMP/ru2" verify --key \
    "$(accord -C "$TMP/us-other" key show)" full.json
expect_fail 1 "which is not the trusted key for this party" \
    accord -C "$TMP/us-other" verify full.json
expect_fail 2 "--key: expected a verifier key" \
    accord -C "$TMP/ru2" verify --key not-a-key full.json
# a trusted key that is not the signer's
expect_ok accord -C "$TMP/ru2" key add US \
    "$(accord -C "$TMP/us-other" key show)"
expect_fail 1 "not the trusted key for this party" \
    accord -C "$TMP/ru2" verify full.json
expect_ok accord -C "$TMP/ru2" verify --key "$US_VKEY" full.json

# a workspace of another treaty
expect_ok accord init --treaty successor-draft --party RU "$TMP/draft"
expect_fail 1 "full.json treaty: declared under new-start, checked against another treaty" \
    accord -C "$TMP/draft" verify --key "$US_VKEY" full.json
expect_fail 1 "checked against another treaty" \
    accord -C "$TMP/draft" verify --key "$US_VKEY" esc.json
expect_fail 1 "accord key add US" accord -C "$TMP/draft" verify full.json

# usage and missing files
expect_fail 64 "usage: accord verify" accord -C "$RU" verify
expect_fail 64 "usage: accord verify" accord -C "$RU" verify full.json \
    esc.json
expect_fail 64 "usage: accord verify" accord -C "$RU" verify --quick \
    full.json
expect_stdout_contains "usage: accord verify" accord verify --help
expect_fail 2 "missing.json: no such file" accord -C "$RU" verify \
    missing.json
expect_fail 2 "not an accord workspace" accord -C "$TMP" verify full.json

# --- declare options -------------------------------------------------------
expect_ok accord init --treaty new-start --party US "$TMP/small"
expect_fail 2 "no inventory imported yet" accord -C "$TMP/small" declare \
    -o small.json
expect_ok accord -C "$TMP/small" import "$DECL/us-five.csv"
expect_fail 2 "--pad-to: padding applies to escrow declarations only" \
    accord -C "$TMP/small" declare --pad-to 3000 -o small.json
expect_fail 2 "--pad-to: at most 10000000 leaves" \
    accord -C "$TMP/small" declare --escrow --pad-to 10000001 -o small.json
expect_fail 64 "usage: accord declare" accord -C "$TMP/small" declare \
    --escrow --pad-to -1 -o small.json
expect_fail 64 "usage: accord declare" accord -C "$TMP/small" declare \
    --escrow --pad-to many -o small.json
expect_fail 64 "usage: accord declare" accord -C "$TMP/small" declare
expect_fail 64 "usage: accord declare" accord -C "$TMP/small" declare \
    -o small.json extra
expect_fail 2 "--as-of: the inventory is as of 2022-09-01, not 2022-03-01" \
    accord -C "$TMP/small" declare --as-of 2022-03-01 -o small.json
expect_fail 2 "--as-of: expected a date YYYY-MM-DD" \
    accord -C "$TMP/small" declare --as-of 2022-02-30 -o small.json
expect_eq "refused declares write nothing" no \
    "$([ -e small.json ] && echo yes || echo no)"
expect_ok accord -C "$TMP/small" declare --as-of 2022-09-01 --escrow \
    --pad-to 2 -o small-esc.json
expect_jq "--pad-to below the item count adds no leaves" '.items == 5' \
    small-esc.json
expect_ok accord -C "$TMP/small" declare --supersedes small-esc.json -o -
cp "$E2E_STDOUT" small-full.json
expect_jq "-o - writes the package to stdout" \
    '.mode == "full" and .items == 5 and .totals ==
     {"deployed_vehicles": 3, "deployed_warheads": 6, "launchers": 3}' \
    small-full.json
expect_stdout_contains "small-full.json: verified" \
    accord -C "$RU" verify --key "$(accord -C "$TMP/small" key show)" \
    small-full.json

# --pad-to without --escrow is an option error, whatever the workspace
# holds: it is reported as such, not as a missing --supersedes
expect_fail 2 "--pad-to: padding applies to escrow declarations only" \
    accord -C "$US" declare --pad-to 3000 -o pad.json

e2e_done
