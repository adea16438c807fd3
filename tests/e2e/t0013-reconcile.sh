#!/usr/bin/env bash
# accord notify, state and reconcile over half a year of notifications.
# For US and RU: the inventory of 2022-03-01 is declared (a declaration
# entry, the baseline of the replayed state), then tools/notify-scenario.py
# writes the item and facility statements that carry it to the inventory
# of 2022-09-01; notify --file appends them as one batch, one entry each,
# after which state gives the official totals of 2022-09-01; the
# inventory of 2022-09-01 is declared, and reconcile finds no difference.
# A second US workspace gets the scenario without the move of bomber
# US-HB-0018 (Whiteman to Palmdale): reconcile exits 1 naming that UID
# and only it, moved without notification. Refused statements (moving or
# eliminating an eliminated item, a batch whose last statement fails,
# loading a launcher, moving a missile still in its launcher, an arrival
# without departure, an unknown UID, an unknown field) exit 2 with the
# reason and leave the log, its size and the state as they were.

TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
. "${0%/*}/lib.sh"
need jq python3

SAMPLES=$SRC/data/samples/new-start
AGGREGATES=$SRC/data/samples/newstart-aggregates.csv
OLD=2022-03-01
NEW=2022-09-01
# The move left out in the second US workspace: a B-2A leaves Whiteman
# for Palmdale, non-deployed. It is neither a container nor contained and
# no later statement depends on where it stands, so the rest of the
# scenario stays valid, and the totals are those of the full scenario.
DROP_UID="US-HB-0018"
DROP_FROM="US-WHITEMAN"
DROP_TO="US-PALMDALE"

notify_scenario() {
	python3 "$SRC/tools/notify-scenario.py" "$@"
}

# totals DATE PARTY: "VEHICLES WARHEADS LAUNCHERS", the official figures.
totals() {
	awk -F, -v d="$1" -v p="$2" '$1 == d && $2 == p {
	    print $3, $4, $5 }' "$AGGREGATES"
}

# items_of CSV: the number of item rows.
items_of() {
	grep -c '^item,' "$1"
}

# num_re N: an ERE for the number N, with or without thousands commas.
num_re() {
	printf '%s' "$1" | sed -E ':a
s/^([0-9]+)([0-9]{3})/\1,?\2/
ta'
}

# has_number FILE WORD N: some line of FILE names WORD (a limit id) and
# the number N (as a number of its own, "1420" or "1,420").
has_number() {
	local re
	re=$(num_re "$3")
	grep -E "(^|[^A-Za-z_])$2([^A-Za-z_]|\$)" "$1" |
	    grep -q -E "(^|[^0-9,])$re(,?[^0-9]|,?\$)"
}

# expect_state WHAT WS "V W L" ITEMS [ARGS...]: accord state (with ARGS)
# prints V for deployed_vehicles, W for deployed_warheads, L for
# launchers and the item count ITEMS.
expect_state() {
	local what=$1 ws=$2 want=$3 items=$4 v w l lim val
	shift 4
	read -r v w l <<<"$want"
	expect_ok accord -C "$ws" state "$@" || return 1
	keep state.txt
	for lim in deployed_vehicles deployed_warheads launchers; do
		case $lim in
		deployed_vehicles) val=$v ;;
		deployed_warheads) val=$w ;;
		launchers) val=$l ;;
		esac
		if has_number "$TMP/state.txt" "$lim" "$val"; then
			e2e_pass "$what: state gives $lim $val"
		else
			e2e_fail "$what: state gives $lim $val" \
			    "no line names both"
			sed 's/^/#     /' "$TMP/state.txt"
		fi
	done
	if grep -q -E "(^|[^0-9,])$(num_re "$items")(,?[^0-9]|,?\$)" \
	    "$TMP/state.txt"; then
		e2e_pass "$what: state counts $items items"
	else
		e2e_fail "$what: state counts $items items" "no such number"
		sed 's/^/#     /' "$TMP/state.txt"
	fi
}

# log_size WS: the size of the workspace's log, from the second line of
# its latest checkpoint (in $SIZE).
log_size() {
	expect_ok accord -C "$1" log checkpoint
	SIZE=$(sed -n 2p "$E2E_STDOUT")
}

# replay WS PARTY SCENARIO: a workspace for PARTY that declares its
# inventory of $OLD, notifies SCENARIO, and declares its inventory of
# $NEW, checking the log and the state on the way. Declarations are
# $TMP/WS-old.json and $TMP/WS-new.json.
replay() {
	local ws=$TMP/$1 party=$2 scen=$3 n id
	local old_csv=$SAMPLES/$OLD/$2.csv new_csv=$SAMPLES/$NEW/$2.csv
	n=$(jq length "$scen")
	echo "# $1: $party, $n statements from $OLD to $NEW"
	expect_ok accord init --treaty new-start --party "$party" "$ws"
	expect_stdout_contains "as of $OLD" accord -C "$ws" import "$old_csv"
	expect_ok accord -C "$ws" declare --as-of "$OLD" -o "$ws-old.json"
	id=$(sed -n 's/^declared [a-z]* mode, id \([A-Za-z0-9+/=]*\).*/\1/p' \
	    "$E2E_STDERR")
	log_size "$ws"
	expect_eq "$1: the declaration of $OLD is the log's first entry" 1 \
	    "$SIZE"
	expect_ok accord -C "$ws" log list --json
	keep "$1-log0.json"
	expect_jq "$1: entry 0 is the declaration of $OLD, full mode" \
	    '.[0].type == "declaration" and .[0].body.as_of == "'"$OLD"'"
	     and .[0].body.mode == "full"' "$TMP/$1-log0.json"
	if jq -e --slurpfile d "$ws-old.json" --arg id "$id" \
	    '.[0].body.id == $id and .[0].body.root == $d[0].root and
	     .[0].body.leaves == $d[0].items' "$TMP/$1-log0.json" >/dev/null
	then
		e2e_pass "$1: entry 0 holds the package's id, root and size"
	else
		e2e_fail "$1: entry 0 holds the package's id, root and size" \
		    "id $id"
		head -c 2000 "$TMP/$1-log0.json" | sed 's/^/#     /'
	fi
	expect_state "$1 after the declaration of $OLD" "$ws" \
	    "$(totals "$OLD" "$party")" "$(items_of "$old_csv")"

	expect_ok accord -C "$ws" notify --file "$scen"
	log_size "$ws"
	expect_eq "$1: notify appended one entry per statement" \
	    $((1 + n)) "$SIZE"
	expect_ok accord -C "$ws" log list --json
	keep "$1-log1.json"
	if jq -e --slurpfile s "$scen" \
	    '[.[1:][] | {type, body}] == $s[0]' "$TMP/$1-log1.json" \
	    >/dev/null; then
		e2e_pass "$1: the entries are the statements, in order"
	else
		e2e_fail "$1: the entries are the statements, in order"
	fi
	expect_state "$1 after the notifications" "$ws" \
	    "$(totals "$NEW" "$party")" "$(items_of "$new_csv")"
	expect_state "$1 at the declaration entry (--at 1)" "$ws" \
	    "$(totals "$OLD" "$party")" "$(items_of "$old_csv")" --at 1

	expect_stdout_contains "as of $NEW" accord -C "$ws" import "$new_csv"
	expect_ok accord -C "$ws" declare --as-of "$NEW" -o "$ws-new.json"
	log_size "$ws"
	expect_eq "$1: the declaration of $NEW is appended" $((2 + n)) "$SIZE"
	expect_state "$1 after the declaration of $NEW" "$ws" \
	    "$(totals "$NEW" "$party")" "$(items_of "$new_csv")"
}

# --- the generator -------------------------------------------------------
for party in US RU; do
	expect_ok notify_scenario "$SAMPLES/$OLD/$party.csv" \
	    "$SAMPLES/$NEW/$party.csv"
	keep "$party.json"
	expect_jq "$party scenario: item and facility statements with bodies" \
	    'type == "array" and length > 0 and all(.[]; (keys == ["body",
	     "type"]) and (.type | test("^(item|facility)\\.")))' \
	    "$TMP/$party.json"
	expect_jq "$party scenario: dates rise from 2022-03-02 to 2022-08-31" \
	    '[.[].body.date | select(.)] | . == sort and .[0] == "2022-03-02"
	     and .[-1] == "2022-08-31"' "$TMP/$party.json"
done
expect_ok notify_scenario --list-moves "$SAMPLES/$OLD/US.csv" \
    "$SAMPLES/$NEW/US.csv"
expect_file_contains "$DROP_UID moves from $DROP_FROM to $DROP_TO" \
    "$DROP_UID $DROP_FROM $DROP_TO" "$E2E_STDOUT"
expect_ok notify_scenario --drop-move "$DROP_UID" "$SAMPLES/$OLD/US.csv" \
    "$SAMPLES/$NEW/US.csv"
keep US-drop.json
expect_file_contains "the generator says which move it left out" \
    "$DROP_UID" "$E2E_STDERR"
expect_jq "the full scenario moves $DROP_UID: departure and arrival" \
    '[.[] | select(.type == "item.move" and .body.uid == "'"$DROP_UID"'")
     | .body.stage] == ["departure", "arrival"]' "$TMP/US.json"
# Dropping two statements shifts the dates after them; without dates,
# the full scenario is the other with those two statements more.
if jq -e -n --slurpfile a "$TMP/US.json" --slurpfile b "$TMP/US-drop.json" \
    'def nodate: map(del(.body.date));
     ($a[0] | nodate) as $a | ($b[0] | nodate) as $b |
     ($b - $a) == [] and ($a | length) == ($b | length) + 2 and
     ($a - $b | map(.type + " " + .body.uid + " " + .body.stage)) ==
     ["item.move '"$DROP_UID"' departure", "item.move '"$DROP_UID"' arrival"]' \
    >/dev/null; then
	e2e_pass "--drop-move $DROP_UID leaves out just its departure and arrival"
else
	e2e_fail "--drop-move $DROP_UID leaves out just its departure and arrival"
fi
expect_fail 2 "makes no move of its own" notify_scenario --drop-move \
    US-HB-0001 "$SAMPLES/$OLD/US.csv" "$SAMPLES/$NEW/US.csv"

# --- US and RU: every change notified, no differences ----------------------
replay us US "$TMP/US.json"
expect_stdout_contains "no differences" accord -C "$TMP/us" reconcile \
    "$TMP/us-new.json"
expect_ok accord -C "$TMP/us" reconcile --json "$TMP/us-new.json"
keep us-reconcile.json
expect_jq "reconcile --json prints JSON" 'true' "$TMP/us-reconcile.json"

replay ru RU "$TMP/RU.json"
expect_stdout_contains "no differences" accord -C "$TMP/ru" reconcile \
    "$TMP/ru-new.json"

# --- US without the notified move of $DROP_UID ----------------------------
replay us-drop US "$TMP/US-drop.json"
expect_exit 1 accord -C "$TMP/us-drop" reconcile "$TMP/us-drop-new.json"
keep drop-reconcile.txt
if grep -E "$DROP_UID" "$TMP/drop-reconcile.txt" |
    grep -q -E 'moved without notification|in transit'; then
	e2e_pass "reconcile: $DROP_UID moved without notification"
else
	e2e_fail "reconcile: $DROP_UID moved without notification" \
	    "no line names both"
	e2e_show_output
fi
expect_eq "reconcile names no other item" "$DROP_UID" \
    "$(grep -o -E '(US|RU)-[A-Z]+-[0-9]+' "$TMP/drop-reconcile.txt" |
    sort -u | tr '\n' ' ' | sed 's/ $//')"
expect_file_lacks "reconcile does not say there are no differences" \
    "no differences" "$TMP/drop-reconcile.txt"
expect_exit 1 accord -C "$TMP/us-drop" reconcile --json \
    "$TMP/us-drop-new.json"
keep drop-reconcile.json
expect_jq "reconcile --json prints JSON" 'true' "$TMP/drop-reconcile.json"
expect_file_contains "reconcile --json names $DROP_UID" "$DROP_UID" \
    "$TMP/drop-reconcile.json"
expect_file_contains "reconcile --json says how it differs" \
    "moved without notification" "$TMP/drop-reconcile.json"

# --- refused statements ----------------------------------------------------
# In the US workspace, whose state is now the declaration of $NEW:
# US-ICBM-0438 is eliminated, US-ICBM-0428 non-deployed at Hill,
# US-HB-0018 non-deployed at Palmdale, US-ICBML-0134 a launcher,
# US-SLBM-0001 in launcher US-SLBML-0265 at Bangor.
US=$TMP/us
log_size "$US"
BEFORE=$SIZE
expect_ok accord -C "$US" log list
keep log-before.txt
expect_ok accord -C "$US" state
keep state-before.txt

# refused NAME FRAGMENT JSON: notify --file of JSON exits 2 with FRAGMENT
# on stderr, and the log and the state are unchanged.
refused() {
	printf '%s\n' "$3" >"$TMP/$1.json"
	expect_fail 2 "$2" accord -C "$US" notify --file "$TMP/$1.json"
	cp "$E2E_STDERR" "$TMP/$1.err"
	log_size "$US"
	expect_eq "$1: the log size is unchanged" "$BEFORE" "$SIZE"
	expect_ok accord -C "$US" log list
	keep log-after.txt
	expect_same "$1: log list shows no new entry" "$TMP/log-before.txt" \
	    "$TMP/log-after.txt"
	expect_ok accord -C "$US" state
	keep state-after.txt
	expect_same "$1: the state is unchanged" "$TMP/state-before.txt" \
	    "$TMP/state-after.txt"
}

refused move-eliminated eliminated '{"type": "item.move", "body": {
    "uid": "US-ICBM-0438", "from": "US-DAVIS-MONTHAN-CE", "to": "US-HILL",
    "stage": "departure", "date": "2022-09-02"}}'
refused eliminate-eliminated eliminated '{"type": "item.eliminate",
    "body": {"uid": "US-ICBM-0438"}}'
# all or nothing: the first two would do, the third eliminates twice
refused eliminate-twice US-ICBM-0428 '[
    {"type": "item.status", "body": {"uid": "US-HB-0018",
     "status": "deployed", "date": "2022-09-02"}},
    {"type": "item.eliminate", "body": {"uid": "US-ICBM-0428"}},
    {"type": "item.eliminate", "body": {"uid": "US-ICBM-0428"}}]'
if grep -q -E '\[[23]\]|statement #?[23]([^0-9]|$)' \
    "$TMP/eliminate-twice.err"; then
	e2e_pass "the refusal names the statement's index"
else
	e2e_fail "the refusal names the statement's index" \
	    "no [2] (counting from 0) or [3] (from 1) on stderr:"
	sed 's/^/#     /' "$TMP/eliminate-twice.err"
fi
refused load-launcher US-ICBML-0134 '{"type": "item.load", "body": {
    "uid": "US-ICBML-0134", "warheads": 1, "date": "2022-09-02"}}'
refused move-contained US-SLBM-0001 '{"type": "item.move", "body": {
    "uid": "US-SLBM-0001", "from": "US-BANGOR", "to": "US-SWFPAC",
    "stage": "departure", "date": "2022-09-02"}}'
refused arrival-only US-HB-0019 '{"type": "item.move", "body": {
    "uid": "US-HB-0019", "from": "US-TINKER", "to": "US-PALMDALE",
    "stage": "arrival", "date": "2022-09-02"}}'
refused unknown-uid US-ICBM-9999 '{"type": "item.status", "body": {
    "uid": "US-ICBM-9999", "status": "deployed", "date": "2022-09-02"}}'
refused unknown-field colour '{"type": "item.status", "body": {
    "uid": "US-HB-0018", "status": "deployed", "colour": "red"}}'

# what was refused in a batch is accepted alone, and the log grows by one
printf '%s\n' '{"type": "item.status", "body": {"uid": "US-HB-0018",
    "status": "deployed", "date": "2022-09-02"}}' >"$TMP/deploy.json"
expect_ok accord -C "$US" notify --file "$TMP/deploy.json"
log_size "$US"
expect_eq "an accepted statement is one more entry" $((BEFORE + 1)) "$SIZE"
read -r v w l <<<"$(totals "$NEW" US)"
expect_state "after deploying $DROP_UID" "$US" \
    "$((v + 1)) $((w + 1)) $l" "$(items_of "$SAMPLES/$NEW/US.csv")"
# reconcile compares the state as it stood before the declaration's entry
expect_stdout_contains "no differences" accord -C "$US" reconcile \
    "$TMP/us-new.json"

e2e_done
