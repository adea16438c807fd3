#!/usr/bin/env bash
# accord negotiate: the illustrative US and Russian positions solved
# exactly (frontier, zone, Nash, Kalai-Smorodinsky, egalitarian, what each
# requires of the inventories, sensitivity) in text, markdown and JSON,
# the picture as SVG, inventories from workspaces; exit 1 with the reasons
# when no zone exists; every inconsistent positions file refused with its
# file and line; usage errors exit 64.

TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
. "${0%/*}/lib.sh"
need jq

N=$SRC/data/negotiation
F=$SRC/tests/data/fixtures/negotiate
S=$SRC/data/samples

# --- the illustrative positions -------------------------------------------
expect_ok accord negotiate "$N/illustrative.yaml"
keep ill.txt
keep_squeezed ill-sq.txt
for want in "Illustrative successor negotiation, United States and Russia (ILLUSTRATIVE)" \
    "6 issues; 972 packages cross no red line." \
    "Pareto frontier: 29 points" \
    "Zone of possible agreement (packages both prefer to no agreement): 21 frontier points, 720 packages in all." \
    "Nash bargaining US 0.710, RU 0.680 (+0.260, +0.380)" \
    "Kalai-Smorodinsky US 0.740, RU 0.610 (+0.290, +0.310)" \
    "Egalitarian (max-min gain) US 0.770, RU 0.605 (+0.320, +0.305)" \
    "nonstrategic=1000 missile_defence=100 glide_vehicles=12 counting=default total=4500 deployed=1550" \
    "RU: over nonstrategic_warheads by 912; change 912 items: eliminate 912 warhead (non_strategic; non_deployed)." \
    "Sensitivity: how far each weight may move" \
    " nonstrategic 0.35 0.330525 to 0.574404 0.2 0.142858 to 0.365369"; do
	expect_file_contains "negotiate: $want" "$want" "$TMP/ill-sq.txt"
done
accord negotiate "$N/illustrative.yaml" >"$TMP/ill2.txt"
expect_same "negotiate is deterministic" "$TMP/ill.txt" "$TMP/ill2.txt"

expect_ok accord negotiate --format json "$N/illustrative.yaml"
keep ill.json
expect_jq "JSON: parties, issues, counts" \
    '.treaty == "successor-draft" and .illustrative and
     ([.parties[].id] == ["US", "RU"]) and (.issues | length == 6) and
     .packages == 972 and .zone_packages == 720 and .agreement' \
    "$TMP/ill.json"
expect_jq "JSON: the frontier falls for US and rises for RU" \
    '[.frontier[].utility_e12.US] as $u | [.frontier[].utility_e12.RU] as $r |
     ($u == ($u | sort | reverse)) and ($r == ($r | sort)) and
     ($u | length) == ($u | unique | length)' "$TMP/ill.json"
expect_jq "JSON: each solution is a frontier point in the zone" \
    '[.frontier[] | select(.in_zone) | .utility_e12] as $z |
     all(.solutions[]; .utility_e12 as $s | $z | index([$s]) != null)' \
    "$TMP/ill.json"
expect_jq "JSON: the Nash package has the largest product of gains" \
    '(.solutions.nash.utility_e12 | (.US - 450000000000) * (.RU - 300000000000)) as $n |
     all(.frontier[] | select(.in_zone) | .utility_e12;
         (.US - 450000000000) * (.RU - 300000000000) <= $n)' "$TMP/ill.json"
expect_jq "JSON: what each solution requires, with the plan" \
    '.solutions.nash.requires.RU.plan.items_changed == 912 and
     .solutions.nash.requires.US.over == 0' "$TMP/ill.json"
expect_jq "JSON: a sensitivity range per issue and party holds the weight" \
    '(.sensitivity | length == 12) and
     all(.sensitivity[]; (.nash_from | tonumber) <= (.weight | tonumber)
         and (.weight | tonumber) <= (.nash_to | tonumber))' "$TMP/ill.json"

expect_ok accord negotiate --format markdown "$N/illustrative.yaml"
keep ill.md
for want in "## Illustrative successor negotiation" "### Pareto frontier: 29 points" \
    "| solution | utility | gain | package |" "### What each solution requires" \
    "### Sensitivity"; do
	expect_file_contains "markdown: $want" "$want" "$TMP/ill.md"
done

# --- the picture ------------------------------------------------------------
expect_ok accord negotiate "$N/illustrative.yaml" --plot "$TMP/space.svg"
expect_same "--plot leaves the report as it was" "$TMP/ill.txt" "$E2E_STDOUT"
expect_file_contains "SVG: a standalone picture" '<svg xmlns="http://www.w3.org/2000/svg"' \
    "$TMP/space.svg"
expect_eq "SVG: one point per package" 972 \
    "$(grep -c 'r="1.6" fill="#9a9a9a"' "$TMP/space.svg")"
for want in "Pareto frontier (29)" "no agreement (reservation)" \
    "N: Nash bargaining" "KS: Kalai-Smorodinsky" \
    "E: Egalitarian (max-min gain)" "utility of US" "utility of RU"; do
	expect_file_contains "SVG legend: $want" "$want" "$TMP/space.svg"
done
expect_eq "SVG: the file ends the document" "</svg>" \
    "$(tail -n 1 "$TMP/space.svg")"
if command -v python3 >/dev/null 2>&1; then
	expect_ok python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' \
	    "$TMP/space.svg"
fi
expect_fail 2 "cannot write here" accord negotiate "$N/illustrative.yaml" \
    --plot "$TMP/no/such/dir/space.svg"

# --- inventories from workspaces ---------------------------------------------
expect_ok accord init --treaty new-start --party US "$TMP/us"
expect_ok accord init --treaty new-start --party RU "$TMP/ru"
expect_ok accord -C "$TMP/us" import "$S/new-start/2022-09-01/US.csv"
expect_ok accord -C "$TMP/ru" import "$S/new-start/2022-09-01/RU.csv"
expect_ok accord negotiate --format json "$N/illustrative.yaml" \
    --with "$S/successor-draft/2022-09-01/{party}.csv" --against "$TMP/ru" "$TMP/us"
expect_jq "workspaces: matched to the parties by their party" \
    '.solutions.nash.requires.RU.items == 4911 and
     .solutions.nash.requires.US.items == 4486 and
     (.solutions.nash.requires.RU.plan.actions[0].uids[0] == "RU-WH-0001")' \
    "$E2E_STDOUT"
expect_fail 2 "$TMP/us: a second workspace of party US" \
    accord negotiate "$F/small.yaml" --against "$TMP/us" "$TMP/us"
expect_ok accord init --treaty new-start --party RU "$TMP/ru-empty"
expect_fail 2 "no inventory imported yet" \
    accord negotiate "$F/small.yaml" --against "$TMP/ru-empty"
expect_fail 64 "usage: accord negotiate" accord negotiate "$N/illustrative.yaml" \
    --against

# --- no agreement --------------------------------------------------------------
expect_exit 1 accord negotiate "$F/no-agreement.yaml"
keep none.txt
expect_file_contains "no agreement: said plainly" "No agreement." "$TMP/none.txt"
expect_file_contains "no agreement: the reservation that closes the zone" \
    "Every package US prefers to no agreement gives RU at most 0.700, not more than its reservation 0.950." \
    "$TMP/none.txt"
expect_eq "no agreement: nothing on stderr" "" "$(cat "$E2E_STDERR")"
expect_exit 1 accord negotiate --format json "$F/no-agreement.yaml"
expect_jq "no agreement (JSON): no solutions, an explanation" \
    '.agreement == false and .solutions == {} and
     (.explanation | test("reservation 0.950"))' "$E2E_STDOUT"
expect_exit 1 accord negotiate "$F/no-agreement.yaml" --plot "$TMP/none.svg"
expect_file_contains "no agreement: the picture says so" \
    "No agreement: see the text report" "$TMP/none.svg"
expect_ok accord negotiate "$F/small.yaml"

# --- inconsistent positions: file and line ------------------------------------
expect_fail 2 "bad-weights.yaml:18:14 parties.US.weights: weights sum to 0.900000, expected exactly 1" \
    accord negotiate "$F/bad-weights.yaml"
expect_fail 2 "bad-value.yaml:27:17 parties.RU.values.md.100: expected a value: a number from 0 to 1" \
    accord negotiate "$F/bad-value.yaml"
expect_fail 2 "bad-level.yaml:11:26 issues[0].levels[2]: the draft cannot express \"lots\"" \
    accord negotiate "$F/bad-level.yaml"
expect_fail 2 "bad-no-limit.yaml:12:5 issues[1]: issue md names no limit" \
    accord negotiate "$F/bad-no-limit.yaml"
expect_fail 2 "bad-unknown-limit.yaml:13:12 issues[1].limit: the draft successor-draft has no limit \"space_weapons\"" \
    accord negotiate "$F/bad-unknown-limit.yaml"
expect_fail 2 "bad-red-line.yaml:29:12 parties.RU.red_lines.md: issue md has no level \"50\"" \
    accord negotiate "$F/bad-red-line.yaml"
expect_fail 2 "bad-estimates.yaml:2:1: missing required key \"treaty\"" \
    accord negotiate "$F/bad-estimates.yaml"
sed 's/^treaty: successor-draft/treaty: no-such-draft/' "$F/small.yaml" \
    >"$TMP/unknown-draft.yaml"
expect_fail 2 "unknown-draft.yaml:5:9 treaty: no built-in treaty" \
    accord negotiate "$TMP/unknown-draft.yaml"
cp "$F/bad-estimates.yaml" "$TMP/bad-estimates.yaml"
sed -e "s|^  US: .*|  US: $N/us-estimates.yaml|" -e 's|^  RU: .*|  RU: bad-estimates.yaml|' \
    "$F/small.yaml" >"$TMP/bad-holdings.yaml"
expect_fail 2 "bad-estimates.yaml:7:12 holdings[1]: the draft has no item type" \
    accord negotiate "$TMP/bad-holdings.yaml"
expect_fail 2 "$TMP/missing.yaml" accord negotiate "$TMP/missing.yaml"
expect_fail 2 "--format: expected text, json or markdown" \
    accord negotiate --format svg "$N/illustrative.yaml"
expect_fail 64 "usage: accord negotiate" accord negotiate
expect_fail 64 "usage: accord negotiate" accord negotiate --fast "$N/illustrative.yaml"
expect_fail 64 "usage: accord negotiate" accord negotiate "$N/illustrative.yaml" "$F/small.yaml"
expect_stdout_contains "usage: accord negotiate" accord negotiate --help
expect_stdout_contains "negotiate" accord help

e2e_done
