#!/usr/bin/env bash
# Exercises: each shipped scenario plays through the machinery. The
# honest one flags nothing; each cheating one names how and when its
# violation was caught (an inspection at the hiding place, a miscounted
# missile, reconciliation of an unnotified move, fork evidence of a
# rewritten log). Repeated runs print the empirical detection rate and
# the analytic odds, hypergeometric at a site. An honest party that
# declares an item still in transit is flagged (exit 1); malformed
# scenarios are refused naming file:line:col and the key (exit 2).

TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
. "${0%/*}/lib.sh"
need jq

X=$SRC/data/exercises
export TMPDIR=$TMP

# the shipped scenarios
expect_ok accord exercise run --json --runs 200 --seed 7 "$X/honest.yaml"
keep honest.json
expect_jq "honest: nothing caught, nothing flagged, in any run" \
    '.cheat.kind == "none" and .caught == false and .flagged == 0 and
     (.false_flags | length) == 0 and .runs.false_flags == 0 and
     .runs.runs == 200 and .first_caught == null' "$TMP/honest.json"
expect_jq "honest: two declarations reconciled with the logs, each clean" \
    '[.events[] | select(.event == "reconciliation")] | length == 4 and
     all(.[]; (.differences | length) == 0)' "$TMP/honest.json"
expect_jq "honest: six inspections, every one at a drawn site, no discrepancy" \
    '[.events[] | select(.event == "inspection")] | length == 6 and
     all(.[]; .site_drawn and (.discrepancies | length) == 0)' \
    "$TMP/honest.json"

expect_stdout_contains "CAUGHT: month" \
    accord exercise run --runs 50 --seed 3 "$X/hidden-launchers.yaml"
keep hidden.txt
expect_file_contains "hidden-launchers: the hidden launchers are named" \
    "undeclared RU-HIDDEN-0001: found at RU-TEYKOVO, not in the declaration" \
    "$TMP/hidden.txt"
expect_file_contains "hidden-launchers: nothing else flagged" \
    "nothing else flagged" "$TMP/hidden.txt"
expect_file_contains "runs: the empirical rate is printed" \
    "caught by inspections in 50 of 50 runs" "$TMP/hidden.txt"
expect_file_contains "runs: beside the analytic odds" "analytic 1.0000" \
    "$TMP/hidden.txt"
expect_file_contains "runs: what was repeated is said" \
    "runs 2 and later repeat only the" "$TMP/hidden.txt"

expect_ok accord exercise run --json "$X/understated-warheads.yaml"
keep warheads.json
expect_jq "understated-warheads: a counted missile at Barnaul shows it" \
    '.caught and .flagged == 0 and any(.catches[]; .how == "inspection"
     and .site == "RU-BARNAUL" and .by == "US" and .party == "RU" and
     any(.discrepancies[]; .kind == "warheads" and .declared == 2 and
         .found == 4))' "$TMP/warheads.json"
expect_jq "understated-warheads: not before the violation began" \
    'all(.catches[]; .month >= 3)' "$TMP/warheads.json"

expect_ok accord exercise run --json --runs 200 --seed 42 \
    "$X/unnotified-moves.yaml"
keep moves.json
expect_jq "unnotified-moves: reconciliation in month 6 names the four" \
    'any(.catches[]; .how == "reconciliation" and .month == 6 and
     .date == "2023-03-01" and (.differences | length) == 4 and
     all(.differences[]; .difference == "moved without notification"))' \
    "$TMP/moves.json"
expect_jq "unnotified-moves: 200 runs, every one caught (reconciliation)" \
    '.runs.runs == 200 and .runs.caught == 200 and .runs.false_flags == 0' \
    "$TMP/moves.json"
expect_jq "unnotified-moves: two Type Two inspections at 1 in 4, none after" \
    '[.runs.inspections[].analytic] == [0.25, 0, 0.25, 0, 0] and
     (.runs.by_inspections.analytic - 0.4375 | fabs) < 1e-9 and
     .runs.by_inspections.runs == 200 and
     .runs.by_inspections.ci95[0] <= .runs.by_inspections.rate and
     .runs.by_inspections.rate <= .runs.by_inspections.ci95[1]' \
    "$TMP/moves.json"

expect_ok accord exercise run --json --keep "$X/forked-log.yaml"
keep fork.json
expect_jq "forked-log: fork evidence in month 4, proven with RU's key" \
    '.first_caught.how == "fork" and .first_caught.month == 4 and
     .first_caught.by == "US" and
     (.first_caught.verified | startswith("fork proven: accord/new-start/RU"))
     and .flagged == 0' "$TMP/fork.json"
kept=$(jq -r .directory "$TMP/fork.json")
expect_ok test -f "$kept/US/accord.json"
expect_stdout_contains "accord/new-start/RU" accord -C "$kept/US" forks list
rm -rf "$kept"

# the odds at one site: 3 of the 18 missiles at Barnaul overloaded, one
# drawn
sed -e "s#data/samples#$SRC/data/samples#" -e 's/count: 18/count: 3/' \
    "$X/understated-warheads.yaml" >"$TMP/three.yaml"
expect_ok accord exercise run --json --runs 2 --seed 1 "$TMP/three.yaml"
keep three.json
expect_jq "hypergeometric at the named site: 3 of 18, one drawn" \
    '(.runs.inspections[-1].analytic - 3 / 18 | fabs) < 1e-9 and
     .runs.inspections[-1].site == "RU-BARNAUL"' "$TMP/three.json"
expect_jq "at a random site: 1 in 16 sites times 3 in 18" \
    '(.runs.inspections[1].analytic - 3 / 18 / 16 | fabs) < 1e-9' \
    "$TMP/three.json"

# an honest party that declares an item whose arrival it never notified
sed -e "s#data/samples#$SRC/data/samples#" \
    -e '/day: 8, party: US, type: item.move,/,+2d' \
    -e '/type: item.status,/,+1d' \
    "$X/honest.yaml" >"$TMP/transit.yaml"
expect_exit 1 accord exercise run "$TMP/transit.yaml"
keep transit.txt
expect_file_contains "a flag in an honest scenario is reported" \
    "FLAGGED, and no cheat explains it" "$TMP/transit.txt"
expect_file_contains "the difference is named" \
    "US-HB-0018: in transit (departure without arrival)" "$TMP/transit.txt"

# nothing is left behind, unless asked (--keep, above)
left=$(find "$TMP" -maxdepth 1 -name 'accord-exercise-*' | wc -l)
expect_eq "the runs' directories are removed" 0 "$left"

# check: what a scenario holds, without playing it
expect_stdout_contains "cheat: undeclared_items: RU keeps 3 icbm_launcher" \
    accord exercise check "$X/hidden-launchers.yaml"

# malformed scenarios: exit 2, file:line:col and the key
sed "s#data/samples#$SRC/data/samples#" "$X/honest.yaml" >"$TMP/base.yaml"
bad() {
	sed "$1" "$TMP/base.yaml" >"$TMP/$2.yaml"
	expect_fail 2 "$TMP/$2.yaml:$3" accord exercise run "$TMP/$2.yaml"
}
bad 's/^months: 12$/months: 12\nweather: fine/' unknown-key \
    '15:1 weather: unknown key "weather"'
bad 's#accord-exercise/1#accord-exercise/2#' version \
    '5:9 format: expected "accord-exercise/1", got "accord-exercise/2"'
bad 's/{month: 4, day: 12/{month: 13, day: 12/' bad-month \
    '33:13 activity[4].month: expected a whole number from 1 to 12, got "13"'
bad 's/party: RU, type: message/party: CN, type: message/' unknown-party \
    '35:31 activity[5].party: unknown party "CN": expected US or RU'
bad 's#2022-09-01/RU.csv#2022-09-01/XX.csv#' no-inventory \
    '20:16 parties.RU.inventory: no inventory'
bad 's/^cheat: none/cheat: {kind: bribery, party: RU, month: 1}/' \
    unknown-cheat '44:15 cheat.kind: unknown cheat "bribery"'
bad 's/^cheat: none/cheat: bribery/' unknown-cheat2 \
    '44:8 cheat: unknown cheat "bribery"'
bad 's/site: random}/site: RU-PIBANSHUR}/' ineligible-site \
    '38:73 inspections[0].site: RU-PIBANSHUR (a storage_facility) is not'
bad 's/uid: US-HB-0100/uid: US-HB-9999/' refused-statement \
    '33:5 activity[4]: refused the statement'
expect_fail 2 "nothere.yaml" accord exercise run "$TMP/nothere.yaml"

# usage
expect_ok accord exercise --help
expect_exit 64 accord exercise
expect_exit 64 accord exercise play "$X/honest.yaml"
expect_exit 64 accord exercise check --runs 2 "$X/honest.yaml"
expect_fail 2 "--runs: expected a whole number" \
    accord exercise run --runs many "$X/honest.yaml"
expect_fail 2 "--runs: expected 1 to 10000000 runs" \
    accord exercise run --runs 0 "$X/honest.yaml"

e2e_done
