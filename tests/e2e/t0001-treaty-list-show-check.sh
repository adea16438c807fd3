#!/usr/bin/env bash
# accord treaty list, show and check: the built-in definitions are listed
# and shown with their limits and dates, the shipped files check clean,
# and usage errors (64) and unknown treaties (2) are told apart.

TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
. "${0%/*}/lib.sh"

# list
expect_ok accord treaty list
keep list.txt
expect_file_contains "list names new-start" "new-start" "$TMP/list.txt"
expect_file_contains "list names successor-draft" "successor-draft" \
    "$TMP/list.txt"
expect_file_contains "list marks the draft illustrative" \
    "[illustrative]" "$TMP/list.txt"
expect_eq "list has one line per built-in definition" 2 \
    "$(wc -l <"$TMP/list.txt" | tr -d ' ')"
expect_eq "new-start itself is not marked illustrative" "" \
    "$(grep '^new-start ' "$TMP/list.txt" | grep -F '[illustrative]')"
expect_eq "new-start is listed with its title" 1 \
    "$(grep -c '^new-start  *New START (' "$TMP/list.txt")"

# show new-start: the three central limits and the dates
expect_ok accord treaty show new-start
keep show.txt
keep_squeezed show-sq.txt
for want in "at most 700" "at most 1550" "at most 800" \
    "deployed_vehicles (II.1(a))" "deployed_warheads (II.1(b))" \
    "launchers (II.1(c))" "from 2018-02-05"; do
	expect_file_contains "show new-start: $want" "$want" \
	    "$TMP/show-sq.txt"
done
for want in "signed 2010-04-08" "in force 2011-02-05" \
    "limits apply 2018-02-05" "expires 2026-02-05"; do
	expect_file_contains "show new-start dates: $want" "$want" \
	    "$TMP/show-sq.txt"
done
expect_file_contains "show new-start: parties" \
    " US United States of America" "$TMP/show-sq.txt"
expect_file_contains "show new-start: the bomber variant" \
    "variant actual_bomber_load" "$TMP/show-sq.txt"

# show by file path gives the same summary as by id
expect_ok accord treaty show "$SRC/data/treaties/new-start.yaml"
keep show-file.txt
expect_eq "show by path and by id agree past the header" \
    "$(tail -n +3 "$TMP/show.txt")" "$(tail -n +3 "$TMP/show-file.txt")"

expect_ok accord treaty show successor-draft
keep show-draft.txt
expect_file_contains "show successor-draft: interceptors limit" \
    "interceptors" "$TMP/show-draft.txt"

# check: both shipped files are valid
expect_stdout_contains "valid definition of new-start (3 limits, 5 item types)" \
    accord treaty check "$SRC/data/treaties/new-start.yaml"
expect_stdout_contains "valid definition of successor-draft (7 limits" \
    accord treaty check "$SRC/data/treaties/successor-draft.yaml"
expect_ok accord treaty check "$SRC/tests/data/good/mini-treaty.yaml"

# help
expect_stdout_contains "usage: accord treaty list" accord treaty --help
expect_stdout_contains "treaty" accord help

# usage errors: 64
expect_fail 64 "usage: accord treaty" accord treaty
expect_fail 64 "usage: accord treaty" accord treaty show
expect_fail 64 "usage: accord treaty" accord treaty check
expect_fail 64 "usage: accord treaty" accord treaty list extra
expect_fail 64 "usage: accord treaty" accord treaty frobnicate new-start
expect_fail 64 "usage: accord treaty" accord treaty show new-start extra
expect_fail 64 "unknown command \"treaties\"" accord treaties list
expect_fail 64 "unknown option --frobnicate" accord --frobnicate treaty list
expect_fail 64 "usage: accord" accord

# unknown treaties and unreadable files: 2
expect_fail 2 "no-such-treaty: no built-in treaty with that id" \
    accord treaty show no-such-treaty
expect_fail 2 "built in: new-start, successor-draft" \
    accord treaty show new-start-2
expect_fail 2 "$TMP/missing.yaml: no such file" \
    accord treaty show "$TMP/missing.yaml"
expect_fail 2 "$TMP/missing.yaml: no such file" \
    accord treaty check "$TMP/missing.yaml"
expect_fail 2 "$TMP: expected a regular file" accord treaty check "$TMP"
# check takes a file, never a built-in id
expect_fail 2 "new-start: no such file" accord treaty check new-start

# an invalid definition names file, line, column and field
sed 's/^    max: 1550$/    max: lots/' "$SRC/data/treaties/new-start.yaml" \
    >"$TMP/broken.yaml"
line=$(grep -n '^    max: lots$' "$TMP/broken.yaml" | cut -d: -f1)
expect_fail 2 "broken.yaml:$line:10 limits[1].max" \
    accord treaty check "$TMP/broken.yaml"
expect_fail 2 "broken.yaml:$line:10 limits[1].max" \
    accord treaty show "$TMP/broken.yaml"

# The notification types and their fields come from the definition.
expect_stdout_contains "uid: item, from: facility, to: facility, stage: stage" \
    accord treaty show new-start
expect_stdout_contains "planned at least 24 h ahead" accord treaty show new-start

e2e_done
