#!/usr/bin/env bash
# The bad-input corpus (tests/data/bad/MANIFEST): every treaty case is
# refused by `accord treaty check`, `treaty show` and `init`; every
# inventory case is refused by `accord import` into a workspace that
# already holds a valid inventory, which stays byte-for-byte the same.
# Each refusal has the listed exit status and names the file and the
# line or field; no input may crash accord (exit 1, 2 or 64 only).

TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
. "${0%/*}/lib.sh"
need sqlite3

BAD=$SRC/tests/data/bad
GOOD=$SRC/tests/data/good
MANIFEST=$BAD/MANIFEST
WS=$TMP/ws
DB=$WS/accord.db

# The workspace state that a failed import must leave alone.
snapshot() {
	accord -C "$WS" report --format json >"$TMP/$1.json" 2>&1
	sqlite3 "$DB" 'select count(*) from item' >"$TMP/$1.items"
	sqlite3 "$DB" 'select count(*) from import_log' >"$TMP/$1.log"
}

expect_ok accord init --treaty new-start --party US "$WS"
expect_ok accord -C "$WS" import "$GOOD/us-small.csv"
snapshot before
expect_eq "the valid inventory is stored" 12 "$(cat "$TMP/before.items")"
expect_file_contains "the valid inventory has a report" '"party": "US"' \
    "$TMP/before.json"

# An exit status is an answer or an error, never a crash. (Status 0, a
# bad input accepted, is already a failure of expect_fail.)
status_ok() {
	case $E2E_RC in
	0 | 1 | 2 | 64) return 0 ;;
	esac
	e2e_fail "$1: exit status is 1, 2 or 64" "got $E2E_RC"
	return 1
}

n_treaty=0
n_inventory=0
n_bad_lines=0
listed=$TMP/listed
: >"$listed"
while IFS= read -r line || [ -n "$line" ]; do
	case $line in
	'' | '#'*) continue ;;
	esac
	read -r case kind code frag <<<"$line"
	if [ -z "$frag" ]; then
		e2e_fail "MANIFEST line has four fields: $line"
		n_bad_lines=$((n_bad_lines + 1))
		continue
	fi
	echo "$case" >>"$listed"
	path=$BAD/$case
	if [ -d "$path" ]; then
		files=("$path"/*)
	elif [ -f "$path" ]; then
		files=("$path")
	else
		e2e_fail "case $case exists"
		continue
	fi
	case $kind in
	treaty)
		n_treaty=$((n_treaty + 1))
		expect_fail "$code" "$frag" accord treaty check "${files[@]}"
		status_ok "treaty check $case"
		expect_fail "$code" "$frag" accord treaty show "${files[@]}"
		status_ok "treaty show $case"
		expect_fail "$code" "$frag" \
		    accord init --treaty "${files[@]}" --party AA "$TMP/init"
		status_ok "init $case"
		if [ -e "$TMP/init" ]; then
			e2e_fail "init with $case leaves nothing behind"
			rm -rf "$TMP/init"
		fi
		;;
	inventory)
		n_inventory=$((n_inventory + 1))
		expect_fail "$code" "$frag" accord -C "$WS" import "${files[@]}"
		status_ok "import $case"
		if [ "$E2E_RC" = 0 ]; then
			# accepted: put the valid inventory back so that the
			# cases after this one are compared with it again
			e2e_fail "import of $case changes the workspace"
			accord -C "$WS" import "$GOOD/us-small.csv" >/dev/null
			snapshot before
			continue
		fi
		snapshot after
		if ! cmp -s "$TMP/before.json" "$TMP/after.json" ||
		    ! cmp -s "$TMP/before.items" "$TMP/after.items" ||
		    ! cmp -s "$TMP/before.log" "$TMP/after.log"; then
			e2e_fail "workspace unchanged after import of $case" \
			    "items $(cat "$TMP/before.items") -> $(cat "$TMP/after.items")," \
			    "imports $(cat "$TMP/before.log") -> $(cat "$TMP/after.log")"
			diff -u "$TMP/before.json" "$TMP/after.json" |
			    sed 's/^/#     /'
		fi
		;;
	*)
		e2e_fail "MANIFEST kind is treaty or inventory: $line"
		;;
	esac
done <"$MANIFEST"

expect_eq "MANIFEST lines are well formed" 0 "$n_bad_lines"
expect_eq "at least 30 cases (treaty $n_treaty, inventory $n_inventory)" \
    yes "$([ $((n_treaty + n_inventory)) -ge 30 ] && echo yes)"
expect_eq "at least 20 treaty cases" yes \
    "$([ "$n_treaty" -ge 20 ] && echo yes)"
expect_eq "at least 25 inventory cases" yes \
    "$([ "$n_inventory" -ge 25 ] && echo yes)"

# every file of the corpus is run
unlisted=
for path in "$BAD"/treaty/* "$BAD"/inventory/*; do
	case=${path#"$BAD"/}
	if ! grep -q -x -F -e "$case" "$listed"; then
		unlisted="$unlisted $case"
	fi
done
expect_eq "every case in treaty/ and inventory/ is in MANIFEST" "" \
    "$unlisted"

# the workspace still works after all of that
expect_ok accord -C "$WS" check
snapshot final
expect_same "the report is unchanged after the whole corpus" \
    "$TMP/before.json" "$TMP/final.json"

# An item type that carries warheads, with the warheads field left empty:
# the message must not quote a value that is not in the file.
expect_fail 2 "missing-warheads.csv:12 warheads:" \
    accord -C "$WS" import "$BAD/inventory/missing-warheads.csv"
expect_file_lacks "an empty warheads field is not reported as \"-1\"" \
    "got -1" "$E2E_STDERR"

# a containment cycle, under a definition in which two types hold each
# other (no shipped treaty allows one)
expect_ok accord init --treaty "$GOOD/nesting-treaty.yaml" --party AA \
    "$TMP/nesting"
expect_fail 2 "cycle.csv:5 contained_in: containment cycle through B1" \
    accord -C "$TMP/nesting" import "$BAD/cycle/cycle.csv"
expect_eq "no items after the refused cycle" 0 \
    "$(sqlite3 "$TMP/nesting/accord.db" 'select count(*) from item')"

# Inputs that are not text at all: zero bytes and machine code.
head -c 65536 /dev/zero >"$TMP/zeros.yaml"
cp "$TMP/zeros.yaml" "$TMP/zeros.csv"
head -c 65536 "$ACCORD" >"$TMP/binary.yaml"
cp "$TMP/binary.yaml" "$TMP/binary.csv"
for f in zeros binary; do
	expect_fail 2 "$f.yaml" accord treaty check "$TMP/$f.yaml"
	status_ok "treaty check $f.yaml"
	expect_fail 2 "$f.csv" accord -C "$WS" import "$TMP/$f.csv"
	status_ok "import $f.csv"
done
: >"$TMP/empty.json"
printf '{' >"$TMP/brace.json"
expect_fail 2 "brace.json:" accord -C "$WS" import "$TMP/brace.json"
printf '\357\273\277' >"$TMP/bom-only.csv"
expect_fail 2 "bom-only.csv" accord -C "$WS" import "$TMP/bom-only.csv"
snapshot final2
expect_same "the report is unchanged after the non-text inputs" \
    "$TMP/before.json" "$TMP/final2.json"

e2e_done
