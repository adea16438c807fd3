#!/usr/bin/env bash
# accord whatif and accord compare: what a draft demands of each party's
# inventory (workspaces, or estimates files of counts per type and
# status), the adjustment plan and its lower bound, counting-rule variants
# and changed maxima, several drafts side by side, in text, markdown and
# JSON; exit 1 when no plan can meet a limit; bad inputs name file and
# line; usage errors exit 64.

TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
. "${0%/*}/lib.sh"
need jq

S=$SRC/data/samples
N=$SRC/data/negotiation
F=$SRC/tests/data/fixtures/negotiate
WITH="$S/successor-draft/2022-09-01/{party}.csv"

expect_ok accord init --treaty new-start --party US "$TMP/us"
expect_ok accord init --treaty new-start --party RU "$TMP/ru"
expect_ok accord -C "$TMP/us" import "$S/new-start/2022-09-01/US.csv"
expect_ok accord -C "$TMP/ru" import "$S/new-start/2022-09-01/RU.csv"

# --- workspaces and their extra holdings --------------------------------
expect_ok accord whatif --with "$WITH" successor-draft "$TMP/us" "$TMP/ru"
keep_squeezed ws.txt
for want in "What-if: successor-draft: Illustrative successor accord" \
    " nonstrategic_warheads D-II.2 1,000 200 800 1,912 -912 OVER" \
    " total_warheads D-II.5 3,500 3,484 16 4,438 -938 OVER" \
    "US (as of 2022-09-01, 4,486 items): within every limit; nothing to change." \
    "RU (as of 2022-09-01, 4,911 items): over nonstrategic_warheads by 912, total_warheads by 938." \
    "Plan: change 915 items (no plan of these actions changes fewer than 912):" \
    "eliminate 912 warhead (non_strategic; non_deployed): RU-WH-0001, RU-WH-0002, RU-WH-0003, ..., RU-WH-0912" \
    "move 3 icbm (RS-20V Voevoda; 10 warheads each) from deployed to non_deployed" \
    "nonstrategic_warheads 1,000 of 1,000"; do
	expect_file_contains "whatif (workspaces): $want" "$want" "$TMP/ws.txt"
done

expect_ok accord whatif --format json --with "$WITH" successor-draft \
    "$TMP/us" "$TMP/ru"
keep ws.json
expect_jq "JSON: draft, one entry per party" \
    '.draft.treaty == "successor-draft" and ([.parties[].party] == ["US", "RU"])' \
    "$TMP/ws.json"
expect_jq "JSON: margin is max - value for every limit with a maximum" \
    'all(.parties[].limits[] | select(.max != null); .margin == .max - .value)' \
    "$TMP/ws.json"
expect_jq "JSON: the plan lists every UID it changes" \
    '.parties[1].plan | (.items_changed == ([.actions[].uids | length] | add))
     and .complete and .lower_bound == 912' "$TMP/ws.json"
expect_jq "JSON: after the plan every limit is met" \
    'all(.parties[].limits[] | select(.max != null); .after <= .max)' \
    "$TMP/ws.json"
expect_jq "JSON: no UID is changed twice" \
    '[.parties[1].plan.actions[].uids[]] | length == (unique | length)' \
    "$TMP/ws.json"

expect_ok accord whatif --format markdown --with "$WITH" successor-draft \
    "$TMP/us" "$TMP/ru"
keep ws.md
expect_file_contains "markdown: table header" \
    "| limit | article | rule | maximum | US value | US margin | RU value | RU margin |" \
    "$TMP/ws.md"
expect_file_contains "markdown: a plan step" "- eliminate 912 warhead" \
    "$TMP/ws.md"
accord whatif --with "$WITH" successor-draft "$TMP/us" "$TMP/ru" \
    >"$TMP/again.txt"
accord whatif --with "$WITH" successor-draft "$TMP/us" "$TMP/ru" \
    >"$TMP/again2.txt"
expect_same "whatif gives the same bytes twice" "$TMP/again.txt" \
    "$TMP/again2.txt"

# --- estimates files give the official totals too ----------------------
expect_ok accord whatif --format json successor-draft \
    --estimates "$N/us-estimates.yaml" --estimates "$N/ru-estimates.yaml"
keep est.json
expect_jq "estimates: the New START aggregates of 2022-09-01" \
    '[.parties[] | [.limits[] | select(.id == "deployed_vehicles" or
      .id == "deployed_warheads" or .id == "launchers") | .value]] ==
     [[659, 1420, 800], [540, 1549, 759]]' "$TMP/est.json"
expect_jq "estimates count like the workspaces for the new categories" \
    '[.parties[1].limits[] | select(.id == "nonstrategic_warheads") | .value] == [1912]' \
    "$TMP/est.json"

# --- variants and maxima --------------------------------------------------
expect_ok accord whatif --format json --variant deployed_warheads=actual_bomber_load \
    --max nonstrategic_warheads=none successor-draft \
    --estimates "$N/ru-estimates.yaml"
keep var.json
expect_jq "--variant counts by the variant rule, --max none lifts a limit" \
    '(.parties[0].limits[] | select(.id == "deployed_warheads") |
      .rule == "actual_bomber_load" and .value == 1481) and
     (.parties[0].limits[] | select(.id == "nonstrategic_warheads") |
      .max == null and .margin == null)' "$TMP/var.json"
expect_stdout_contains "deployed_warheads counted by actual_bomber_load" \
    accord whatif --variant deployed_warheads=actual_bomber_load \
    successor-draft --estimates "$N/ru-estimates.yaml"
expect_stdout_contains "nonstrategic_warheads maximum 2,000 (the draft says 1,000)" \
    accord whatif --max nonstrategic_warheads=2000 successor-draft \
    --estimates "$N/ru-estimates.yaml"

# --- exit 1: no plan can meet a limit -------------------------------------
expect_exit 1 accord whatif "$F/draft-strict.yaml" --estimates "$N/us-estimates.yaml"
keep_squeezed strict.txt
expect_file_contains "an unreachable limit is named" \
    "no move to non-deployed status, download or elimination brings icbms_ever within" \
    "$TMP/strict.txt"

# --- errors ---------------------------------------------------------------
expect_fail 2 "bad-estimates.yaml:7:12 holdings[1]: the draft has no item type \"cruise_missile\"" \
    accord whatif successor-draft --estimates "$F/bad-estimates.yaml"
expect_fail 2 "--variant: limit deployed_warheads of the draft has no counting rule \"two_per_bomber\"" \
    accord whatif --variant deployed_warheads=two_per_bomber successor-draft \
    "$TMP/us"
expect_fail 2 "--max: the draft successor-draft has no limit \"warp_drives\"" \
    accord whatif --max warp_drives=3 successor-draft "$TMP/us"
expect_fail 2 "--max: expected a whole number or none" \
    accord whatif --max launchers=many successor-draft "$TMP/us"
expect_fail 2 "no-such-draft: no built-in treaty" \
    accord whatif no-such-draft "$TMP/us"
expect_fail 2 "$TMP/nowhere: not an accord workspace" \
    accord whatif successor-draft "$TMP/nowhere"
expect_fail 2 "$TMP/missing.yaml" \
    accord whatif successor-draft --estimates "$TMP/missing.yaml"
expect_fail 2 "--format: expected text, json or markdown" \
    accord whatif --format html successor-draft "$TMP/us"
expect_fail 64 "usage: accord whatif" accord whatif
expect_fail 64 "usage: accord whatif" accord whatif successor-draft
expect_fail 64 "usage: accord whatif" accord whatif --dry-run successor-draft "$TMP/us"
expect_stdout_contains "usage: accord whatif" accord whatif --help

# --- compare ----------------------------------------------------------------
expect_ok accord compare successor-draft "$F/draft-b.yaml" --against \
    --estimates "$N/us-estimates.yaml" --estimates "$N/ru-estimates.yaml"
keep_squeezed cmp.txt
for want in "A = successor-draft: successor-draft" \
    "B = $F/draft-b.yaml: successor-draft-b" \
    " nonstrategic_warheads 1,000 800 -912 2,000 1,800 88" \
    " total_warheads 3,500 16 -938 4,500 1,016 62" \
    " items to change 0 916 0 0" \
    "B: RU (as of 2022-09-01, 4,308 items): within every limit; nothing to change."; do
	expect_file_contains "compare: $want" "$want" "$TMP/cmp.txt"
done
expect_ok accord compare new-start successor-draft --against "$TMP/us" "$TMP/ru"
keep_squeezed cmp2.txt
expect_file_contains "compare: a limit one draft lacks" \
    " nonstrategic_warheads - - - 1,000 1,000 1,000" "$TMP/cmp2.txt"
expect_ok accord compare --format json successor-draft "$F/draft-b.yaml" \
    --against --estimates "$N/ru-estimates.yaml"
expect_jq "compare JSON: one entry per draft, each with its parties" \
    '[.drafts[] | [.draft.treaty, .parties[0].plan.items_changed]] ==
     [["successor-draft", 916], ["successor-draft-b", 0]]' "$E2E_STDOUT"
expect_ok accord compare --format markdown successor-draft new-start \
    --against "$TMP/us"
expect_stdout_contains "| limit | A max | A US | B max | B US |" \
    accord compare --format markdown successor-draft new-start \
    --against "$TMP/us"
expect_exit 1 accord compare successor-draft "$F/draft-strict.yaml" \
    --against --estimates "$N/us-estimates.yaml"
expect_fail 2 "bad-estimates.yaml:7:12" accord compare successor-draft \
    --against --estimates "$F/bad-estimates.yaml"
expect_fail 2 "no-such-draft: no built-in treaty" \
    accord compare no-such-draft --against "$TMP/us"
expect_fail 64 "usage: accord compare" accord compare successor-draft
expect_fail 64 "usage: accord compare" accord compare --against "$TMP/us"
expect_fail 64 "usage: accord compare" accord compare --colour successor-draft \
    --against "$TMP/us"
expect_stdout_contains "usage: accord compare" accord compare --help

e2e_done
