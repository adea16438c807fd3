#!/usr/bin/env bash
# accord odds: the exact (hypergeometric) detection odds beside the
# binomial approximation, over inspections and years, the fewest samples
# and inspections for a target (the domain brief's worked table), a
# population of ten million, text and JSON; what a draft's inspection
# quotas buy against each party, naming the limits no inspection kind can
# check; bad numbers, targets, drafts and workspaces exit 2 naming the
# option; usage errors exit 64.

TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
. "${0%/*}/lib.sh"
need jq

S=$SRC/data/samples
N=$SRC/data/negotiation
WITH="$S/successor-draft/2022-09-01/{party}.csv"

# --- the odds of one inspection, and of several --------------------------
expect_ok accord odds --population 400 --violations 10 --samples 18
keep_squeezed one.txt
for want in "population 400, violations 10, samples 18" \
    " exact (hypergeometric) 0.372385" \
    " binomial approximation 0.366009"; do
	expect_file_contains "one inspection: $want" "$want" "$TMP/one.txt"
done

expect_ok accord odds --population 400 --violations 10 --samples 18 --json
keep one.json
expect_jq "JSON: inputs and both odds as numbers" \
    '.population == 400 and .violations == 10 and .samples == 18 and
     (.exact - 0.3723847352784984 | fabs) < 1e-15 and
     (.binomial - 0.3660090148911501 | fabs) < 1e-15 and
     (has("combined") | not)' "$TMP/one.json"

expect_ok accord odds --population 400 --violations 10 --samples 18 \
    --inspections 4 --years 2
keep_squeezed many.txt
for want in "4 inspections a year for 2 years: 8 independent inspections" \
    " exact (hypergeometric) 0.372385 0.975926" \
    " binomial approximation 0.366009 0.973899"; do
	expect_file_contains "over inspections and years: $want" "$want" \
	    "$TMP/many.txt"
done
expect_ok accord odds --population 400 --violations 10 --samples 18 \
    --inspections 4 --years 2 --json
expect_jq "JSON: the combined odds of 8 inspections" \
    '.inspections == 4 and .years == 2 and .combined.inspections == 8 and
     (.combined.exact - 0.9759260151507533 | fabs) < 1e-15 and
     .combined.binomial < .combined.exact' "$E2E_STDOUT"

# a share of the population, rounded up
expect_stdout_contains "population 400, violations 20 (5%), samples 18" \
    accord odds --population 400 --violation 5% --samples 18

# --- the fewest samples, and the fewest inspections --------------------------
expect_ok accord odds --population 400 --violations 10 --target 0.9
keep_squeezed target.txt
for want in " samples needed 82" \
    " exact (hypergeometric) 0.902086 with 82, 0.898918 with 81"; do
	expect_file_contains "target: $want" "$want" "$TMP/target.txt"
done
expect_ok accord odds --population 400 --violations 10 --target 0.9 --json
expect_jq "JSON: 82 samples reach 0.9, 81 do not" \
    '.samples == 82 and .exact >= 0.9 and .exact_one_fewer < 0.9 and
     .binomial < 0.9' "$E2E_STDOUT"

# the domain brief's table, N = 100: the fewest for 90% and for 95%
for row in "1 90 95" "2 69 78" "5 37 45" "10 20 25" "20 10 13"; do
	set -- $row
	accord odds --population 100 --violations "$1" --target 0.9 --json \
	    >"$TMP/t90.json"
	accord odds --population 100 --violations "$1" --target 0.95 --json \
	    >"$TMP/t95.json"
	expect_eq "N = 100, M = $1: $2 samples for 90%, $3 for 95%" "$2 $3" \
	    "$(jq .samples "$TMP/t90.json") $(jq .samples "$TMP/t95.json")"
done

expect_ok accord odds --population 400 --violations 10 --samples 18 \
    --target 0.9 --years 2
keep_squeezed insp.txt
expect_file_contains "inspections a year for a target over years" \
    " inspections needed a year 3 (6 in all, independent)" "$TMP/insp.txt"
expect_ok accord odds --population 400 --violations 10 --samples 18 \
    --target 0.9 --years 2 --json
expect_jq "JSON: 3 a year for 2 years reach 0.9, 2 do not" \
    '.inspections == 3 and .years == 2 and .exact >= 0.9 and
     .exact_one_fewer < 0.9' "$E2E_STDOUT"

# --- ten million items --------------------------------------------------------
expect_ok accord odds --population 10000000 --violations 1 \
    --samples 9999999 --json
expect_jq "10^7: one missed item in 9,999,999 drawn, exactly 1 - 10^-7" \
    '((1 - .exact) - 1e-7 | fabs) < 1e-15 and
     (.binomial - 0.6321205404345845 | fabs) < 1e-12' "$E2E_STDOUT"
expect_stdout_contains " exact (hypergeometric)  1 - 1e-07" \
    accord odds --population 10000000 --violations 1 --samples 9999999
expect_ok accord odds --population 10000000 --violations 0.1% \
    --target 0.95 --json
expect_jq "10^7, 0.1% in violation: 2,994 samples for 95%" \
    '.violations == 10000 and .samples == 2994' "$E2E_STDOUT"
expect_ok accord odds --population 10000000 --violations 50000 \
    --samples 1000 --json
expect_jq "10^7, 50,000 in violation, 1,000 samples: the exact value" \
    '(.exact - 0.9933477015026737 | fabs) < 1e-13' "$E2E_STDOUT"

# --- what a draft's quotas buy -------------------------------------------------
expect_ok accord init --treaty new-start --party US "$TMP/us"
expect_ok accord init --treaty new-start --party RU "$TMP/ru"
expect_ok accord -C "$TMP/us" import "$S/new-start/2022-09-01/US.csv"
expect_ok accord -C "$TMP/ru" import "$S/new-start/2022-09-01/RU.csv"

expect_ok accord odds --draft successor-draft --with "$WITH" --against us ru \
    --violation 5% --target 0.9
keep_squeezed draft.txt
for want in "Detection odds: successor-draft: Illustrative successor accord" \
    "Violation: 5% of the items each limit counts (rounded up); target: 0.9 within one treaty year." \
    "inspections are independent of each other" \
    " interceptors none: no inspection path" \
    " nonstrategic_warheads type_three 4 x 5" \
    " total_warheads type_one 10 x 1, type_two 8 x 1, type_three 4 x 5" \
    "US (as of 2022-09-01, 4,486 items)" \
    " deployed_vehicles 659 33 45 18 0.603356 short" \
    " interceptors 44 3 - - - no inspection path" \
    " glide_vehicles 4 1 9 18 0.994362 enough" \
    " nonstrategic_warheads 1,912 96 9 4 0.643485 short" \
    "No inspection path: interceptors (no inspection kind draws the item types counted)." \
    "deployed_vehicles: 45 inspections a year needed, quota 18"; do
	expect_file_contains "draft: $want" "$want" "$TMP/draft.txt"
done

expect_ok accord odds --draft successor-draft --with "$WITH" --against us ru \
    --violation 5% --target 0.9 --json
keep draft.json
expect_jq "draft JSON: interceptors have no inspection path" \
    '.no_inspection_path == ["interceptors"] and
     ([.parties[].limits[] | select(.id == "interceptors") |
       .inspection_path] == [false, false])' "$TMP/draft.json"
expect_jq "draft JSON: one entry per party, the draft, violation, target" \
    '[.parties[].party] == ["US", "RU"] and .draft.treaty == "successor-draft"
     and .violation.percent == 5 and .target == 0.9' "$TMP/draft.json"
expect_jq "draft JSON: violations are 5% of each population, rounded up" \
    'all(.parties[].limits[] | select(.population > 0);
         .violations == ((.population * 5 + 99) / 100 | floor))' \
    "$TMP/draft.json"
expect_jq "draft JSON: the quota suffices exactly when it reaches the target" \
    'all(.parties[].limits[] | select(.p_quota != null);
         .suffices == (.p_quota >= 0.9) and .suffices == (.needed <= .quota))' \
    "$TMP/draft.json"
expect_jq "draft JSON: populations of the new categories" \
    '[.parties[] | .limits[] | select(.id == "nonstrategic_warheads") |
      .population] == [200, 1912]' "$TMP/draft.json"
accord odds --draft successor-draft --with "$WITH" --against us ru \
    --violation 5% --target 0.9 >"$TMP/again.txt"
accord odds --draft successor-draft --with "$WITH" --against us ru \
    --violation 5% --target 0.9 >"$TMP/again2.txt"
expect_same "the draft report gives the same bytes twice" "$TMP/again.txt" \
    "$TMP/again2.txt"

# New START workspaces alone under the draft: the new categories are empty
expect_ok accord odds --draft successor-draft --against us --violation 3 \
    --target 0.95 --json
expect_jq "a New START workspace under the draft: no warheads counted" \
    '[.parties[0].limits[] | select(.id == "nonstrategic_warheads") |
      [.population, .needed, .suffices]] == [[0, null, true]]' "$E2E_STDOUT"

# New START itself: every limit has an inspection path
expect_ok accord odds --draft new-start --against us --violation 1% \
    --target 0.9
keep_squeezed ns.txt
expect_file_lacks "New START: no limit without an inspection path" \
    "No inspection path" "$TMP/ns.txt"
expect_file_contains "New START: Type One and Type Two for launchers" \
    " launchers type_one 10 x 1, type_two 8 x 1" "$TMP/ns.txt"

# public estimates as a party
expect_ok accord odds --draft successor-draft --against \
    --estimates "$N/ru-estimates.yaml" --violation 5% --target 0.9 --json
expect_jq "estimates: the same populations as the workspace" \
    '[.parties[0].limits[] | select(.id == "nonstrategic_warheads" or
      .id == "interceptors") | .population] == [1912, 68]' "$E2E_STDOUT"

# --- bad input: exit 2, naming the option ---------------------------------------
expect_fail 2 "--violations: expected at most the population (400), got 500" \
    accord odds --population 400 --violations 500 --samples 18
expect_fail 2 "--samples: expected at most the population (400), got 401" \
    accord odds --population 400 --violations 10 --samples 401
expect_fail 2 "--target: expected a probability above 0 and below 1 (0.9), got \"1.5\"" \
    accord odds --population 400 --violations 10 --target 1.5
expect_fail 2 "--target: expected a probability above 0 and below 1" \
    accord odds --population 400 --violations 10 --target 1
expect_fail 2 "--target: expected a probability above 0 and below 1" \
    accord odds --population 400 --violations 10 --target 0
expect_fail 2 "--target: expected a probability above 0 and below 1" \
    accord odds --population 400 --violations 10 --target nan
expect_fail 2 "--population: expected a whole number, got \"abc\"" \
    accord odds --population abc --violations 10 --samples 18
expect_fail 2 "--population: expected a whole number, got \"-400\"" \
    accord odds --population -400 --violations 10 --samples 18
expect_fail 2 "--population: expected a whole number, got \"99999999999999999999999\"" \
    accord odds --population 99999999999999999999999 --violations 10 \
    --samples 18
expect_fail 2 "--samples: expected a whole number, got \"1.5\"" \
    accord odds --population 400 --violations 10 --samples 1.5
expect_fail 2 "--violations: expected a whole number of items or a percentage (5%), got \"-3\"" \
    accord odds --population 400 --violations -3 --samples 18
expect_fail 2 "--violations: expected a whole number of items or a percentage (5%), got \"99999999999999999999999\"" \
    accord odds --population 400 --violations 99999999999999999999999 \
    --samples 18
expect_fail 2 "--violation: expected a share above 0% and at most 100%, got \"120%\"" \
    accord odds --population 400 --violation 120% --samples 18
expect_fail 2 "--violation: expected a share above 0% and at most 100%, got \"120%\"" \
    accord odds --draft successor-draft --against us --violation 120% \
    --target 0.9
expect_fail 2 "--violations: with no violations no number of samples detects one" \
    accord odds --population 400 --violations 0 --target 0.9
expect_fail 2 "--inspections: expected at least 1 inspection a year, got 0" \
    accord odds --population 400 --violations 10 --samples 18 \
    --inspections 0
expect_fail 2 "--years: expected at least 1 year, got 0" \
    accord odds --population 400 --violations 10 --samples 18 --years 0
expect_fail 2 "no-such-draft: no built-in treaty" \
    accord odds --draft no-such-draft --against us --violation 5% \
    --target 0.9
expect_fail 2 "$TMP/nowhere: not an accord workspace" \
    accord odds --draft successor-draft --against us "$TMP/nowhere" \
    --violation 5% --target 0.9
expect_fail 2 "violations: expected at least 1 item in violation, got 0" \
    accord odds --draft successor-draft --against us --violation 0 \
    --target 0.9
expect_fail 2 "$TMP/missing.yaml" \
    accord odds --draft successor-draft --against --estimates \
    "$TMP/missing.yaml" --violation 5% --target 0.9

# --- usage: exit 64 ----------------------------------------------------------------
expect_fail 64 "usage: accord odds" accord odds
expect_fail 64 "usage: accord odds" accord odds --population 400 --violations 10
expect_fail 64 "usage: accord odds" accord odds --population 400 --samples 18
expect_fail 64 "usage: accord odds" accord odds --population 400 \
    --violations 10 --samples 18 extra
expect_fail 64 "usage: accord odds" accord odds --population 400 \
    --violations 10 --target 0.9 --inspections 3
expect_fail 64 "usage: accord odds" accord odds --population 400 \
    --violations 10 --samples 18 --odds 3
expect_fail 64 "usage: accord odds" accord odds --draft successor-draft \
    --violation 5% --target 0.9
expect_fail 64 "usage: accord odds" accord odds --draft successor-draft us \
    --violation 5% --target 0.9
expect_fail 64 "usage: accord odds" accord odds --draft successor-draft \
    --against us --target 0.9
expect_fail 64 "usage: accord odds" accord odds --draft successor-draft \
    --against us --violation 5% --target 0.9 --population 400
expect_stdout_contains "usage: accord odds" accord odds --help
expect_stdout_contains "detection odds of random inspection" accord help

e2e_done
