#!/usr/bin/env bash
# Inspections between a US and an RU node that exchange bundles: quotas,
# dates and eligible sites; both commitments before either reveal; one
# reveal each; the selection recomputed alike by both nodes and by a third
# party from the two logs; findings checked against the host's full
# declaration (an undeclared item, a miscounted missile and an unnotified
# move caught, a notified move not flagged) and against an escrow
# declaration through the host's reveal of the site.

TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
. "${0%/*}/lib.sh"
need jq

S=$SRC/data/samples/new-start/2022-09-01
US=$TMP/us RU=$TMP/ru
expect_ok accord init --treaty new-start --party US "$US"
expect_ok accord init --treaty new-start --party RU "$RU"
expect_ok accord -C "$RU" key add US "$(accord -C "$US" key show)"
expect_ok accord -C "$US" key add RU "$(accord -C "$RU" key show)"
expect_ok accord -C "$US" import "$S/US.csv"
expect_ok accord -C "$RU" import "$S/RU.csv"
expect_ok accord -C "$US" declare --as-of 2022-09-01 -o "$TMP/us.json"
expect_ok accord -C "$RU" declare --as-of 2022-09-01 -o "$TMP/ru.json"
expect_ok accord -C "$US" peer add RU
expect_ok accord -C "$RU" peer add US

# send FROM TO: FROM's log to TO by bundle
send() {
	local to_party
	to_party=$(echo "${2##*/}" | tr a-z A-Z)
	accord -C "$1" bundle export --for "$to_party" -o "$TMP/b.bundle" \
	    >/dev/null && accord -C "$2" bundle import "$TMP/b.bundle" >/dev/null
}
both() { send "$US" "$RU" && send "$RU" "$US"; }
# the size of a node's log, from its signed checkpoint
log_size() { accord -C "$1" log checkpoint | sed -n 2p; }

# RU moves a bomber to Engels, notified
B=$(jq -r '[.disclosed[].item | select(.facility == "RU-UKRAINKA")][0].uid' \
    "$TMP/ru.json")
expect_ok accord -C "$RU" notify item.move uid="$B" from=RU-UKRAINKA \
    to=RU-ENGELS stage=departure
expect_ok accord -C "$RU" notify item.move uid="$B" from=RU-UKRAINKA \
    to=RU-ENGELS stage=arrival

# ---- opening: kinds, hosts, dates, eligible sites ----------------------
expect_fail 2 'RU-PIBANSHUR (a storage_facility) is not eligible for a type_one' \
    accord -C "$US" inspect open --kind type_one --host RU \
    --site RU-PIBANSHUR --date 2022-09-14 --declaration "$TMP/ru.json"
expect_fail 2 "outside the treaty's inspections (from 2011-04-06 until before 2026-02-05)" \
    accord -C "$US" inspect open --kind type_one --host RU --random \
    --date 2026-03-01
expect_fail 2 "outside the treaty's inspections" \
    accord -C "$US" inspect open --kind type_two --host RU --random \
    --date 2011-03-01
expect_fail 2 'type_nine is not an inspection kind of new-start' \
    accord -C "$US" inspect open --kind type_nine --host RU --random
expect_fail 2 'US cannot inspect itself' \
    accord -C "$US" inspect open --kind type_one --host US --random
expect_fail 2 'give either --site FACILITY or --random' \
    accord -C "$US" inspect open --kind type_one --host RU --random \
    --site RU-ENGELS
expect_fail 2 'not a facility of RU' \
    accord -C "$US" inspect open --kind type_one --host RU \
    --site RU-NOWHERE --declaration "$TMP/ru.json" --date 2022-09-14
size0=$(log_size "$US")

expect_ok accord -C "$US" inspect open --kind type_one --host RU \
    --site RU-ENGELS --date 2022-09-14 --declaration "$TMP/ru.json"
ID=$(cat "$E2E_STDOUT")
expect_eq "the first inspection's id" "US-2022-01" "$ID"
expect_fail 2 "refused: RU's commitment to $ID is not in the log copy held here" \
    accord -C "$US" inspect reveal "$ID"
expect_fail 2 'no inspection US-2022-01 of RU' accord -C "$RU" inspect join "$ID"
send "$US" "$RU"
expect_ok accord -C "$RU" inspect join "$ID"
expect_fail 2 'has joined inspection US-2022-01 already' \
    accord -C "$RU" inspect join "$ID"
expect_fail 2 'US opened inspection US-2022-01; the host joins it' \
    accord -C "$US" inspect join "$ID"

# an ineligible site named without the declaration: the host refuses
expect_ok accord -C "$US" inspect open --kind type_one --host RU \
    --site RU-PIBANSHUR --date 2022-09-15
ID2=$(cat "$E2E_STDOUT")
send "$US" "$RU"
expect_fail 2 'refused: RU-PIBANSHUR (a storage_facility) is not eligible' \
    accord -C "$RU" inspect join "$ID2"

send "$RU" "$US"
expect_fail 2 'has not revealed' accord -C "$US" inspect plan "$ID"
expect_fail 2 'refused: the host RU reveals first' \
    accord -C "$US" inspect reveal "$ID"
expect_ok accord -C "$RU" inspect reveal "$ID"
expect_fail 2 'revealed its bytes for US-2022-01 already' \
    accord -C "$RU" inspect reveal "$ID"
# a replayed reveal statement is refused by the log itself
accord -C "$RU" log list --type inspection.reveal --json |
    jq '[.[-1] | {type, body}]' >"$TMP/replayed.json"
expect_fail 2 'already' accord -C "$RU" notify --file "$TMP/replayed.json"
send "$RU" "$US"
expect_ok accord -C "$US" inspect reveal "$ID"
both

# ---- the selection: both nodes and a third party agree ---------------
expect_ok accord -C "$US" inspect plan "$ID" --json
cp "$E2E_STDOUT" "$TMP/plan-us.json"
expect_ok accord -C "$RU" inspect plan "$ID" --json
cp "$E2E_STDOUT" "$TMP/plan-ru.json"
expect_ok accord inspect replay "$ID" --logs "$RU" "$US" --json
cp "$E2E_STDOUT" "$TMP/plan-3rd.json"
expect_same "US and RU compute one selection" "$TMP/plan-us.json" "$TMP/plan-ru.json"
expect_same "a third party computes it from the two logs" "$TMP/plan-us.json" "$TMP/plan-3rd.json"
expect_jq "the site is the one named, one bomber drawn among Engels's" \
    '.site == "RU-ENGELS" and .site_drawn == false and (.items | length) == 1 and .candidates.items == 39 and .findings == []' \
    "$TMP/plan-us.json"
expect_stdout_contains "site: RU-ENGELS (named by the inspecting party" \
    accord -C "$US" inspect plan "$ID"
expect_ok accord -C "$RU" peer findings US
expect_eq "RU finds nothing wrong in US's inspection entries" "" "$(cat "$E2E_STDOUT")"

# ---- findings: three violations caught, a notified move not -----------
M=$(jq -r '.items[0]' "$TMP/plan-us.json")
W=$(jq -r --arg m "$M" '.disclosed[].item | select(.uid == $m) | .warheads' "$TMP/ru.json")
ELSE=$(jq -r '[.disclosed[].item | select(.facility == "RU-UKRAINKA")][1].uid' "$TMP/ru.json")
expect_fail 2 'no inspection NOPE' accord -C "$US" inspect record NOPE --found X
expect_fail 2 'nothing to record: give items found' accord -C "$US" inspect record "$ID"
expect_fail 2 'expected UID=N' accord -C "$US" inspect record "$ID" --warheads "$M"
expect_fail 2 'the inspecting party records findings' \
    accord -C "$RU" inspect record "$ID" --found "$M"
expect_ok accord -C "$US" inspect record "$ID" --found "$M" "$B" RU-HB-UNDECLARED-1 \
    "$ELSE" --warheads "$M=$((W + 1))"
expect_exit 1 accord -C "$US" inspect verify "$ID" --declaration "$TMP/ru.json" --json
cp "$E2E_STDOUT" "$TMP/verify.json"
expect_jq "the undeclared bomber is caught" \
    '[.discrepancies[] | select(.kind == "undeclared" and .uid == "RU-HB-UNDECLARED-1")] | length == 1' \
    "$TMP/verify.json"
expect_jq "the miscounted bomber is caught" \
    "[.discrepancies[] | select(.kind == \"warheads\" and .uid == \"$M\" and .found == $((W + 1)) and .declared == $W)] | length == 1" \
    "$TMP/verify.json"
expect_jq "the unnotified move is caught" \
    "[.discrepancies[] | select(.kind == \"moved\" and .uid == \"$ELSE\" and .declared == \"RU-UKRAINKA\")] | length == 1" \
    "$TMP/verify.json"
expect_jq "the notified move is not a discrepancy, nothing else is" \
    "(.discrepancies | length) == 3 and ([.discrepancies[] | select(.uid == \"$B\")] | length) == 0" \
    "$TMP/verify.json"
expect_exit 1 accord -C "$US" inspect verify "$ID" --declaration "$TMP/ru.json"
expect_file_contains "the text report names each" "warheads $M: $((W + 1)) counted, $W declared" "$E2E_STDOUT"
expect_fail 2 "is not among the packages kept here" accord -C "$US" inspect verify "$ID"
expect_ok accord -C "$US" verify "$TMP/ru.json" --keep
expect_exit 1 accord -C "$US" inspect verify "$ID" --json
expect_jq "the package kept by verify --keep serves without --declaration" \
    '(.discrepancies | length) == 3' "$E2E_STDOUT"
expect_fail 2 'a declaration of US under new-start; the host is RU' \
    accord -C "$US" inspect verify "$ID" --declaration "$TMP/us.json"
expect_fail 2 'the inspecting party US checks the findings' \
    accord -C "$RU" inspect verify "$ID" --declaration "$TMP/ru.json"
# findings for an inspection never opened, straight into the log
echo '{"type":"inspection.finding","body":{"id":"NEVER","site":"RU-ENGELS","seen":["X"]}}' >"$TMP/f.json"
expect_fail 2 'inspection NEVER was not opened in this log' \
    accord -C "$US" notify --file "$TMP/f.json"

# ---- an honest inspection at a drawn site ------------------------------
expect_ok accord -C "$US" inspect open --kind type_two --host RU --random \
    --date 2022-10-01
ID3=$(cat "$E2E_STDOUT")
send "$US" "$RU"
expect_ok accord -C "$RU" inspect join "$ID3"
both
expect_ok accord -C "$RU" inspect reveal "$ID3"
send "$RU" "$US"
expect_ok accord -C "$US" inspect reveal "$ID3"
both
expect_ok accord -C "$US" inspect plan "$ID3" --json
cp "$E2E_STDOUT" "$TMP/plan3.json"
expect_jq "type two draws its site among those with eligible items" \
    '.site_drawn == true and .candidates.sites >= 5 and (.items | length) == 1' \
    "$TMP/plan3.json"
SITE3=$(jq -r .site "$TMP/plan3.json")
M3=$(jq -r '.items[0]' "$TMP/plan3.json")
HERE=$(jq -r --arg s "$SITE3" '[.disclosed[].item | select(.facility == $s and .status != "eliminated") | .uid] | join(" ")' "$TMP/ru.json")
W3=$(jq -r --arg m "$M3" '.disclosed[].item | select(.uid == $m) | .warheads // empty' "$TMP/ru.json")
if [ -n "$W3" ]; then
	expect_ok accord -C "$US" inspect record "$ID3" --found $HERE --warheads "$M3=$W3"
else
	expect_ok accord -C "$US" inspect record "$ID3" --found $HERE
fi
expect_stdout_contains "no discrepancy" \
    accord -C "$US" inspect verify "$ID3" --declaration "$TMP/ru.json"

# ---- quotas -------------------------------------------------------------
for d in 2022-10-02 2022-10-03 2022-11-01 2022-11-02 2022-12-01 \
    2023-01-01 2023-01-15 2023-02-04; do
	expect_ok accord -C "$US" inspect open --kind type_one --host RU \
	    --site RU-ENGELS --date "$d"
done
size1=$(log_size "$US")
expect_fail 2 'the quota of 10 type_one inspections in the treaty year from 2022-02-05 is used' \
    accord -C "$US" inspect open --kind type_one --host RU --random --date 2022-12-24
expect_eq "a refused inspection leaves the log as it was" "$size1" "$(log_size "$US")"
expect_ok accord -C "$US" inspect list --json
cp "$E2E_STDOUT" "$TMP/list.json"
expect_jq "quota use per kind and treaty year" \
    '[.quota[] | select(.kind == "type_one" and .from == "2022-02-05" and .used == 10 and .quota == 10)] | length == 1' \
    "$TMP/list.json"
expect_stdout_contains "quota type_two year 12 (from 2022-02-05): 1 of 8" \
    accord -C "$US" inspect list
expect_ok accord -C "$US" inspect open --kind type_one --host RU \
    --site RU-ENGELS --date 2023-02-05
expect_eq "the next treaty year's first" "US-2023-04" "$(cat "$E2E_STDOUT")"
[ "$size0" -lt "$size1" ] || e2e_fail "the log grew" "$size0 -> $size1"

# ---- escrow: checked through the host's reveal of the site -------------
expect_ok accord -C "$RU" declare --escrow --as-of 2022-09-01 -o "$TMP/ru-escrow.json"
expect_ok accord -C "$US" inspect open --kind type_one --host RU \
    --site RU-ENGELS --date 2023-03-15
ID4=$(cat "$E2E_STDOUT")
both
expect_ok accord -C "$RU" inspect join "$ID4"
both
expect_ok accord -C "$RU" inspect reveal "$ID4"
send "$RU" "$US"
expect_ok accord -C "$US" inspect reveal "$ID4"
both
expect_ok accord -C "$US" inspect plan "$ID4" --json
M4=$(jq -r '.items[0]' "$E2E_STDOUT")
W4=$(jq -r --arg m "$M4" '.disclosed[].item | select(.uid == $m) | .warheads' "$TMP/ru.json")
expect_ok accord -C "$US" inspect record "$ID4" --found "$M4" --warheads "$M4=$W4"
expect_fail 2 "RU's latest before joining $ID4 is" \
    accord -C "$US" inspect verify "$ID4" --declaration "$TMP/ru.json"
expect_fail 2 "give the host's reveal of the whole site RU-ENGELS" \
    accord -C "$US" inspect verify "$ID4" --declaration "$TMP/ru-escrow.json"
expect_ok accord -C "$RU" reveal "$TMP/ru-escrow.json" --facility RU-ENGELS -o "$TMP/engels.json"
expect_ok accord -C "$US" inspect verify "$ID4" --declaration "$TMP/ru-escrow.json" \
    --reveal "$TMP/engels.json" --json
expect_jq "checked against the revealed site, nothing wrong" \
    '.mode == "escrow" and .checked >= 30 and .discrepancies == []' "$E2E_STDOUT"
# the first salt's first character changed: to 'A', or to 'B' if it is
# 'A' already (salts are random: one in 64 begins with 'A')
sed -e 's/"salt":"A/"salt":"B/' -e t -e 's/"salt":"./"salt":"A/' \
    "$TMP/engels.json" >"$TMP/engels-bad.json"
expect_exit 1 cmp -s "$TMP/engels.json" "$TMP/engels-bad.json"
expect_exit 1 accord -C "$US" inspect verify "$ID4" --declaration "$TMP/ru-escrow.json" \
    --reveal "$TMP/engels-bad.json"

# ---- a third party needs both parties' logs ---------------------------
expect_fail 2 'a second node of US' accord inspect replay "$ID" --logs "$US" "$US"
expect_fail 2 'expected --logs DIR DIR' accord inspect replay "$ID" --logs "$US"
expect_fail 2 'no inspection NOPE was opened' accord inspect replay NOPE --logs "$US" "$RU"

e2e_done
