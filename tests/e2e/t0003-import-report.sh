#!/usr/bin/env bash
# accord import, count, check and report: a small hand-written inventory
# as CSV and as JSON counts the same; reports in text, JSON and markdown
# are deterministic; check answers 1 only while a limit binds and is
# exceeded; several workspaces report side by side; several files import
# as one inventory; --as-of overrides the files' date.

TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
. "${0%/*}/lib.sh"
need jq sqlite3

GOOD=$SRC/tests/data/good
US=$TMP/us
RU=$TMP/ru

expect_ok accord init --treaty new-start --party US "$US"
expect_ok accord init --treaty new-start --party RU "$RU"

# --- import and count ---------------------------------------------------
expect_stdout_contains "imported 12 items at 5 facilities for US as of 2022-09-01" \
    accord -C "$US" import "$GOOD/us-small.csv"
expect_eq "the store holds every item" 12 \
    "$(sqlite3 "$US/accord.db" 'select count(*) from item')"
expect_eq "the store holds every facility" 5 \
    "$(sqlite3 "$US/accord.db" 'select count(*) from facility')"
expect_eq "a quoted name with a comma and quotes is kept" \
    'silo kept empty, "warm"' \
    "$(sqlite3 "$US/accord.db" "select name from item where uid = 'US-ICBML-0003'")"

expect_ok accord -C "$US" count
keep_squeezed count.txt
printf '%s %s\n' deployed_vehicles 4 deployed_warheads 7 launchers 7 \
    >"$TMP/count.want"
expect_same "count prints each limit's total" "$TMP/count.want" \
    "$TMP/count.txt"
expect_ok accord -C "$US" count --json
expect_jq "count --json gives the totals" \
    '. == {"deployed_vehicles": 4, "deployed_warheads": 7, "launchers": 7}' \
    "$E2E_STDOUT"
expect_fail 64 "usage: accord count" accord -C "$US" count extra
expect_fail 64 "usage: accord count" accord -C "$US" count --csv
expect_fail 2 "no inventory imported yet" accord -C "$RU" count

# --- reports: text, json, markdown ---------------------------------------
expect_ok accord -C "$US" report
keep us.txt
keep_squeezed us-sq.txt
for want in "Party US (United States of America), inventory as of 2022-09-01: 12 items at 5 facilities" \
    "Limits checked for 2022-09-01" \
    " deployed_vehicles II.1(a) 700 4 696 within" \
    " deployed_warheads II.1(b) 1,550 7 1,543 within" \
    " launchers II.1(c) 800 7 793 within" \
    "Every binding limit is met."; do
	expect_file_contains "text report: $want" "$want" "$TMP/us-sq.txt"
done
expect_ok accord -C "$US" report --format text
expect_same "--format text is the default" "$TMP/us.txt" "$E2E_STDOUT"

expect_ok accord -C "$US" report --format json
keep us.json
expect_same "the JSON report of us-small.csv" "$GOOD/us-small.report.json" \
    "$TMP/us.json"
expect_jq "JSON report shape: treaty, party, as_of, limits[]" \
    '(.treaty == "new-start") and (.party == "US") and
     (.as_of == "2022-09-01") and (.limits | type == "array") and
     (.limits | length == 3)' "$TMP/us.json"
expect_jq "each limit has id, article, rule, max, value, margin" \
    'all(.limits[]; has("id") and has("article") and has("rule") and
     has("max") and has("value") and has("margin"))' "$TMP/us.json"
expect_jq "limit ids in treaty order" \
    '[.limits[].id] == ["deployed_vehicles", "deployed_warheads", "launchers"]' \
    "$TMP/us.json"
expect_jq "margin is max - value" \
    'all(.limits[]; .margin == .max - .value)' "$TMP/us.json"
expect_jq "values and maxima" \
    '[.limits[] | [.max, .value]] == [[700, 4], [1550, 7], [800, 7]]' \
    "$TMP/us.json"

expect_ok accord -C "$US" report --format markdown
keep us.md
for want in "## new-start: United States of America (US)" \
    "| limit | article | maximum | value | margin | status |" \
    "| deployed_vehicles | II.1(a) | 700 | 4 | 696 | within |" \
    "| deployed_warheads | II.1(b) | 1,550 | 7 | 1,543 | within |" \
    "| launchers | II.1(c) | 800 | 7 | 793 | within |"; do
	expect_file_contains "markdown report: $want" "$want" "$TMP/us.md"
done
expect_ok accord -C "$US" report --format md
expect_same "--format md is markdown" "$TMP/us.md" "$E2E_STDOUT"

# the same data gives the same bytes
for fmt in text json markdown; do
	accord -C "$US" report --format $fmt >"$TMP/again1.$fmt"
	accord -C "$US" report --format $fmt >"$TMP/again2.$fmt"
	expect_same "report --format $fmt is the same twice" \
	    "$TMP/again1.$fmt" "$TMP/again2.$fmt"
done
expect_ok accord -C "$US" import "$GOOD/us-small.csv"
expect_ok accord -C "$US" report --format json
expect_same "re-importing the same file gives the same report" \
    "$TMP/us.json" "$E2E_STDOUT"
expect_eq "a re-import replaces, never adds" 12 \
    "$(sqlite3 "$US/accord.db" 'select count(*) from item')"

expect_fail 2 "--format: expected text, json or markdown" \
    accord -C "$US" report --format html
expect_fail 2 "--at: expected a date YYYY-MM-DD" \
    accord -C "$US" report --at 2022-13-01
expect_fail 64 "usage: accord report" accord -C "$US" report --verbose
expect_fail 2 "no inventory imported yet" accord -C "$RU" report
expect_stdout_contains "usage: accord report" accord report --help

# --- the same inventory as JSON ------------------------------------------
expect_ok accord init --treaty new-start --party US "$TMP/us-json"
expect_stdout_contains "imported 12 items at 5 facilities for US as of 2022-09-01" \
    accord -C "$TMP/us-json" import "$GOOD/us-small.json"
for fmt in text json markdown; do
	accord -C "$TMP/us-json" report --format $fmt >"$TMP/json-ws.$fmt"
	expect_same "CSV and JSON inventories report alike ($fmt)" \
	    "$TMP/again1.$fmt" "$TMP/json-ws.$fmt"
done
expect_ok accord -C "$TMP/us-json" count --json
expect_jq "JSON inventory counts alike" \
    '. == {"deployed_vehicles": 4, "deployed_warheads": 7, "launchers": 7}' \
    "$E2E_STDOUT"

# CRLF line ends and a byte-order mark read the same
{ printf '\357\273\277'; sed 's/$/\r/' "$GOOD/us-small.csv"; } \
    >"$TMP/us-crlf-bom.csv"
expect_ok accord init --treaty new-start --party US "$TMP/us-crlf"
expect_ok accord -C "$TMP/us-crlf" import "$TMP/us-crlf-bom.csv"
expect_ok accord -C "$TMP/us-crlf" report --format json
expect_same "CRLF and BOM do not change the report" "$TMP/us.json" \
    "$E2E_STDOUT"

# --- several files at once ----------------------------------------------
expect_ok accord init --treaty new-start --party US "$TMP/split"
expect_stdout_contains "imported 12 items at 5 facilities for US as of 2022-09-01" \
    accord -C "$TMP/split" import "$GOOD/us-split-facilities.csv" \
    "$GOOD/us-split-items.csv"
expect_ok accord -C "$TMP/split" report --format json
expect_same "facilities in one file, items in another" "$TMP/us.json" \
    "$E2E_STDOUT"
expect_ok accord -C "$TMP/split" import "$GOOD/us-split-items.csv" \
    "$GOOD/us-split-facilities.csv"
expect_ok accord -C "$TMP/split" report --format json
expect_same "items before the facilities they name" "$TMP/us.json" \
    "$E2E_STDOUT"
expect_fail 2 "us-split-items.csv:" \
    accord -C "$TMP/split" import "$GOOD/us-split-items.csv"
expect_fail 2 "us-split-facilities.csv:6 id: duplicate facility id" \
    accord -C "$TMP/split" import "$GOOD/us-split-facilities.csv" \
    "$GOOD/us-split-facilities.csv" "$GOOD/us-split-items.csv"
expect_ok accord -C "$TMP/split" report --format json
expect_same "refused imports leave the split workspace as it was" \
    "$TMP/us.json" "$E2E_STDOUT"

# --- --as-of overrides the files' date -----------------------------------
expect_ok accord init --treaty new-start --party US "$TMP/asof"
expect_stdout_contains "for US as of 2021-03-01" \
    accord -C "$TMP/asof" import --as-of 2021-03-01 "$GOOD/us-small.csv"
expect_ok accord -C "$TMP/asof" report --format json
expect_jq "--as-of sets as_of and the default date checked" \
    '.as_of == "2021-03-01" and .at == "2021-03-01"' "$E2E_STDOUT"
grep -v '^meta,as_of,' "$GOOD/us-small.csv" >"$TMP/no-date.csv"
expect_fail 2 "no-date.csv: missing as_of date" \
    accord -C "$TMP/asof" import "$TMP/no-date.csv"
expect_stdout_contains "for US as of 2017-03-01" \
    accord -C "$TMP/asof" import --as-of 2017-03-01 "$TMP/no-date.csv"
expect_fail 2 "--as-of: expected a date YYYY-MM-DD" \
    accord -C "$TMP/asof" import --as-of 1.3.2021 "$GOOD/us-small.csv"
expect_fail 2 "--as-of: expected a date YYYY-MM-DD" \
    accord -C "$TMP/asof" import --as-of 2021-02-29 "$GOOD/us-small.csv"
expect_ok accord -C "$TMP/asof" report --format json
expect_jq "refused imports keep the last date" '.as_of == "2017-03-01"' \
    "$E2E_STDOUT"

# import usage and missing files
expect_fail 64 "usage: accord import" accord -C "$US" import
expect_fail 64 "usage: accord import" accord -C "$US" import --dry-run \
    "$GOOD/us-small.csv"
expect_fail 2 "$TMP/missing.csv: no such file" \
    accord -C "$US" import "$TMP/missing.csv"
expect_fail 2 "$TMP/missing.csv: no such file" \
    accord -C "$US" import "$GOOD/us-small.csv" "$TMP/missing.csv"
expect_ok accord -C "$US" report --format json
expect_same "failed imports leave the report as it was" "$TMP/us.json" \
    "$E2E_STDOUT"

# --- check: over a limit only while it binds ------------------------------
expect_stdout_contains "US: within every binding limit on 2022-09-01" \
    accord -C "$US" check
expect_ok accord -C "$US" check
keep_squeezed check.txt
expect_file_contains "check: each limit ok" "ok launchers 7 of 800" \
    "$TMP/check.txt"

# 794 more launchers make 801: one over the 800 of Article II.1(c)
cp "$GOOD/us-small.csv" "$TMP/us-over.csv"
for i in $(seq -w 1 794); do
	echo "item,US-ICBML-X$i,icbm_launcher,non_deployed,US-FE-WARREN,,,,Minuteman III"
done >>"$TMP/us-over.csv"
OVER=$TMP/over
expect_ok accord init --treaty new-start --party US "$OVER"
expect_stdout_contains "imported 806 items" \
    accord -C "$OVER" import "$TMP/us-over.csv"
expect_exit 1 accord -C "$OVER" check
keep_squeezed over-check.txt
expect_file_contains "check names the limit exceeded" \
    "OVER launchers 801 of 800" "$TMP/over-check.txt"
expect_file_contains "check says how many limits are exceeded" \
    "US: 1 limit(s) exceeded on 2022-09-01" "$TMP/over-check.txt"
expect_eq "check says nothing on stderr when a limit is exceeded" "" \
    "$(cat "$E2E_STDERR")"
expect_exit 1 accord -C "$OVER" check --quiet
expect_eq "check --quiet prints nothing" "" "$(cat "$E2E_STDOUT")"
expect_exit 1 accord -C "$OVER" check --at 2018-02-05
expect_exit 0 accord -C "$OVER" check --at 2018-02-04
expect_exit 0 accord -C "$OVER" check --at 2017-01-01
keep_squeezed over-2017.txt
expect_file_contains "before 2018-02-05 the limits do not bind" \
    "not binding launchers 801 of 800" "$TMP/over-2017.txt"
expect_exit 0 accord -C "$OVER" check --at 2011-02-04
expect_exit 1 accord -C "$OVER" check --at 2026-02-04
expect_exit 0 accord -C "$OVER" check --at 2026-02-05
expect_exit 0 accord -C "$OVER" check --at 2026-06-01
keep_squeezed over-2026.txt
expect_file_contains "after expiry no limit binds" \
    "US: treaty not in force on 2026-06-01, no limit binds" \
    "$TMP/over-2026.txt"
expect_fail 2 "--at: expected a date YYYY-MM-DD" \
    accord -C "$OVER" check --at 2026-06
expect_fail 64 "usage: accord check" accord -C "$OVER" check now
expect_fail 64 "usage: accord check" accord -C "$OVER" check --strict
expect_fail 2 "no inventory imported yet" accord -C "$RU" check
expect_fail 2 "not an accord workspace" accord -C "$TMP" check

# the report of an exceeded limit: exit 0, margin negative
expect_ok accord -C "$OVER" report --format json
keep over.json
expect_jq "over: launchers 801, margin -1, over 1" \
    '(.limits[2] | .value == 801 and .margin == -1 and .in_force) and
     .over == 1' "$TMP/over.json"
expect_ok accord -C "$OVER" report
keep over.txt
keep_squeezed over-sq.txt
expect_file_contains "text report: OVER by 1" " launchers II.1(c) 800 801 -1 OVER by 1" "$TMP/over-sq.txt"
expect_file_contains "text report: one limit exceeded" \
    "1 binding limit is exceeded." "$TMP/over.txt"
expect_ok accord -C "$OVER" report --at 2017-01-01 --format json
expect_jq "report --at before the limits: in_force false, over 0" \
    '.at == "2017-01-01" and .as_of == "2022-09-01" and
     .treaty_in_force and ([.limits[].in_force] == [false, false, false])
     and .over == 0' "$E2E_STDOUT"
expect_ok accord -C "$OVER" report --at 2026-06-01 --format json
expect_jq "report --at after expiry: treaty_in_force false" \
    '.treaty_in_force == false and .over == 0' "$E2E_STDOUT"
# an inventory dated before the limits bind passes by default
expect_ok accord -C "$OVER" import --as-of 2017-09-01 "$TMP/us-over.csv"
expect_exit 0 accord -C "$OVER" check
expect_exit 1 accord -C "$OVER" check --at 2018-09-01

# --- side by side ---------------------------------------------------------
expect_ok accord -C "$RU" import "$GOOD/ru-small.csv"
expect_ok accord report "$US" "$RU"
keep side.txt
keep_squeezed side-sq.txt
for want in "US (as of 2022-09-01)" "RU (as of 2022-09-01)" \
    " deployed_warheads II.1(b) 1,550 7 1,543 17 1,533" \
    "US: every binding limit is met." "RU: every binding limit is met."; do
	expect_file_contains "side by side (text): $want" "$want" \
	    "$TMP/side-sq.txt"
done
expect_ok accord report --format json "$US" "$RU"
keep side.json
expect_jq "side by side (json): treaty, at, one report per workspace" \
    '.treaty == "new-start" and .at == "2022-09-01" and
     ([.reports[].party] == ["US", "RU"])' "$TMP/side.json"
expect_jq "side by side (json): each report as alone" \
    "[.reports[].limits[].value] == [4, 7, 7, 4, 17, 6]" "$TMP/side.json"
accord report --format json "$US" | jq -S . >"$TMP/alone-us.json"
jq -S '.reports[0]' "$TMP/side.json" >"$TMP/side-us.json"
expect_same "side by side (json): the US report is the report alone" \
    "$TMP/alone-us.json" "$TMP/side-us.json"
expect_ok accord report --format markdown "$US" "$RU"
keep side.md
expect_file_contains "side by side (markdown): header" \
    "| limit | article | maximum | US value | US margin | RU value | RU margin |" \
    "$TMP/side.md"
expect_file_contains "side by side (markdown): row" \
    "| deployed_warheads | II.1(b) | 1,550 | 7 | 1,543 | 17 | 1,533 |" \
    "$TMP/side.md"
accord report "$US" "$RU" >"$TMP/side2.txt"
expect_same "side by side is deterministic" "$TMP/side.txt" "$TMP/side2.txt"
expect_ok accord report --at 2017-01-01 "$US" "$RU"
expect_stdout_contains "1,543 (n/b)" accord report --at 2017-01-01 "$US" "$RU"
expect_ok accord report --at 2022-09-01 "$OVER" "$RU"
keep_squeezed side-over.txt
expect_file_contains "side by side names the party over" \
    "US: over launchers by 1." "$TMP/side-over.txt"
expect_file_contains "side by side: the over margin" "-1 OVER" \
    "$TMP/side-over.txt"
expect_fail 2 "$TMP/nowhere: not an accord workspace" \
    accord report "$US" "$TMP/nowhere"
expect_ok accord init --treaty "$GOOD/mini-treaty.yaml" --party AA "$TMP/mini"
printf '%s\n' 'record,id,type,status,facility,warheads,name' \
    'meta,as_of,,,,,2022-09-01' 'facility,B1,base,,,,' \
    'item,M1,missile,deployed,B1,3,' >"$TMP/mini.csv"
expect_ok accord -C "$TMP/mini" import "$TMP/mini.csv"
expect_fail 2 "side-by-side reports need one treaty" \
    accord report "$US" "$TMP/mini"

# counting under another definition: nothing stored
expect_ok accord -C "$US" report --treaty successor-draft --format json
expect_jq "--treaty counts under the draft" \
    '.treaty == "successor-draft" and (.limits | length == 7) and
     ([.limits[] | select(.id == "deployed_warheads") | .value] == [7])' \
    "$E2E_STDOUT"
expect_ok accord -C "$US" report --format json
expect_same "--treaty stores nothing" "$TMP/us.json" "$E2E_STDOUT"
expect_fail 2 "no-such-draft: no built-in treaty" \
    accord -C "$US" report --treaty no-such-draft

e2e_done
