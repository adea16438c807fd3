#!/usr/bin/env bash
# accord init: a workspace is accord.json, treaty.yaml and accord.db; it
# is never made over another one or in a directory holding other files,
# a failed init leaves nothing behind, and -C, ACCORD_DIR and discovery
# upward from a subdirectory all find it.

TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
. "${0%/*}/lib.sh"
need jq sqlite3

GOOD=$SRC/tests/data/good

# listing DIR: its entries, or "absent"
listing() {
	if [ -e "$1" ]; then
		(cd "$1" && find . | LC_ALL=C sort | tr '\n' ' ')
	else
		echo absent
	fi
}

# party_of: the party of the last JSON report
party_of() {
	jq -r .party "$E2E_STDOUT"
}

# a new workspace
expect_stdout_contains "initialised workspace $TMP/us for party US under new-start" \
    accord init --treaty new-start --party US "$TMP/us"
for f in accord.json treaty.yaml accord.db; do
	expect_eq "init creates $f" yes "$([ -f "$TMP/us/$f" ] && echo yes)"
done
expect_eq "init creates nothing else" ". ./accord.db ./accord.json ./keys ./keys/declarations ./keys/signing.key ./keys/signing.vkey ./treaty.yaml " \
    "$(listing "$TMP/us")"
expect_jq "accord.json names format, treaty, party, store and role" \
    '. == {"format": "accord-workspace/1", "treaty": "new-start",
	"party": "US", "store": "sqlite:accord.db", "role": "party"}' "$TMP/us/accord.json"
expect_same "treaty.yaml holds the built-in definition's exact bytes" \
    "$SRC/data/treaties/new-start.yaml" "$TMP/us/treaty.yaml"
expect_eq "the store starts with no items" 0 \
    "$(sqlite3 "$TMP/us/accord.db" 'select count(*) from item')"
expect_fail 2 "no inventory imported yet" accord -C "$TMP/us" report

# re-init is refused, and the workspace is untouched
before=$(cd "$TMP/us" && cksum accord.json treaty.yaml)
expect_fail 2 "$TMP/us: already holds a workspace" \
    accord init --treaty new-start --party US "$TMP/us"
expect_fail 2 "$TMP/us: already holds a workspace" \
    accord init --treaty successor-draft --party RU "$TMP/us"
expect_eq "a refused re-init changes nothing" "$before" \
    "$(cd "$TMP/us" && cksum accord.json treaty.yaml)"

# an unknown party names the parties, and leaves nothing behind
expect_fail 2 "--party: FR is not a party to new-start (parties: US, RU)" \
    accord init --treaty new-start --party FR "$TMP/fr"
expect_eq "no directory after an unknown party" absent \
    "$(listing "$TMP/fr")"
expect_fail 2 "--party: us is not a party to new-start (parties: US, RU)" \
    accord init --treaty new-start --party us "$TMP/fr"
mkdir "$TMP/empty"
expect_fail 2 "(parties: US, RU)" \
    accord init --treaty new-start --party FR "$TMP/empty"
expect_eq "an empty directory stays empty after a failed init" ". " \
    "$(listing "$TMP/empty")"

# an unknown treaty, a missing or invalid definition: nothing behind
expect_fail 2 "no-such-treaty: no built-in treaty with that id" \
    accord init --treaty no-such-treaty --party US "$TMP/nt"
expect_eq "no directory after an unknown treaty" absent \
    "$(listing "$TMP/nt")"
expect_fail 2 "$TMP/missing.yaml: no such file" \
    accord init --treaty "$TMP/missing.yaml" --party US "$TMP/nt"
expect_eq "no directory after a missing treaty file" absent \
    "$(listing "$TMP/nt")"
expect_fail 2 "yaml-alias.yaml:20:5" \
    accord init --treaty "$SRC/tests/data/bad/treaty/yaml-alias.yaml" \
    --party AA "$TMP/nt"
expect_eq "no directory after an invalid treaty file" absent \
    "$(listing "$TMP/nt")"
expect_fail 2 "$TMP/no/such/parent: cannot create directory" \
    accord init --treaty new-start --party US "$TMP/no/such/parent"
expect_eq "no parent directory after a failed init" absent \
    "$(listing "$TMP/no")"

# a non-empty directory is refused, its files untouched
mkdir "$TMP/busy"
echo "notes" >"$TMP/busy/notes.txt"
expect_fail 2 "$TMP/busy: directory is not empty" \
    accord init --treaty new-start --party US "$TMP/busy"
expect_eq "a refused non-empty directory keeps only its own files" \
    ". ./notes.txt " "$(listing "$TMP/busy")"
mkdir "$TMP/hidden"
: >"$TMP/hidden/.keep"
expect_fail 2 "$TMP/hidden: directory is not empty" \
    accord init --treaty new-start --party US "$TMP/hidden"

# init into an existing empty directory, and into the current one
expect_ok accord init --treaty new-start --party RU "$TMP/empty"
expect_eq "init fills an existing empty directory" \
    ". ./accord.db ./accord.json ./keys ./keys/declarations ./keys/signing.key ./keys/signing.vkey ./treaty.yaml " "$(listing "$TMP/empty")"
mkdir "$TMP/here"
expect_stdout_contains "initialised workspace . for party US" \
    in_dir "$TMP/here" accord init --treaty new-start --party US
expect_jq "init with no DIR uses the current directory" '.party == "US"' \
    "$TMP/here/accord.json"
expect_ok accord -C "$TMP/dash-c" init --treaty new-start --party RU
expect_jq "init with -C DIR and no DIR uses -C" '.party == "RU"' \
    "$TMP/dash-c/accord.json"

# init with a treaty file path copies that file
expect_stdout_contains "for party AA under $GOOD/mini-treaty.yaml" \
    accord init --treaty "$GOOD/mini-treaty.yaml" --party AA "$TMP/mini"
expect_same "treaty.yaml is the given file" "$GOOD/mini-treaty.yaml" \
    "$TMP/mini/treaty.yaml"
expect_jq "accord.json names the file's treaty id" \
    '.treaty == "mini-accord" and .party == "AA"' "$TMP/mini/accord.json"
expect_fail 2 "--party: US is not a party to mini-accord (parties: AA, BB)" \
    accord init --treaty "$GOOD/mini-treaty.yaml" --party US "$TMP/mini2"
cp "$SRC/data/treaties/successor-draft.yaml" "$TMP/draft.yaml"
expect_ok in_dir "$TMP" accord init --treaty draft.yaml --party US draft-ws
expect_jq "a relative .yaml path is a file, not an id" \
    '.treaty == "successor-draft"' "$TMP/draft-ws/accord.json"

# usage errors: 64, nothing created
expect_fail 64 "usage: accord init" accord init --party US "$TMP/u"
expect_fail 64 "usage: accord init" accord init --treaty new-start "$TMP/u"
expect_fail 64 "usage: accord init" \
    accord init --treaty new-start --party US "$TMP/u" "$TMP/v"
expect_fail 64 "usage: accord init" \
    accord init --treaty new-start --party US --colour red "$TMP/u"
expect_fail 64 "usage: accord" accord -C
expect_eq "usage errors create nothing" "absent absent" \
    "$(listing "$TMP/u") $(listing "$TMP/v")"
expect_stdout_contains "usage: accord init" accord init --help

# finding the workspace: -C, ACCORD_DIR, discovery upward
expect_ok accord -C "$TMP/us" import "$GOOD/us-small.csv"
expect_ok accord -C "$TMP/empty" import "$GOOD/ru-small.csv"
mkdir -p "$TMP/us/a/b/c" "$TMP/elsewhere"

expect_ok accord -C "$TMP/us" report --format json
expect_eq "-C DIR finds the workspace" US "$(party_of)"
expect_ok accord "-C$TMP/us" report --format json
expect_eq "-CDIR (attached) finds the workspace" US "$(party_of)"
expect_ok in_dir "$TMP/elsewhere" with_env "ACCORD_DIR=$TMP/empty" \
    accord report --format json
expect_eq "ACCORD_DIR finds the workspace" RU "$(party_of)"
expect_ok in_dir "$TMP/us/a/b/c" accord report --format json
expect_eq "discovery from a subdirectory finds the workspace" US \
    "$(party_of)"
expect_ok in_dir "$TMP/us" accord report --format json
expect_eq "discovery from the workspace itself" US "$(party_of)"
expect_ok in_dir "$TMP/us/a/b/c" with_env "ACCORD_DIR=$TMP/empty" \
    accord report --format json
expect_eq "ACCORD_DIR wins over discovery" RU "$(party_of)"
expect_ok in_dir "$TMP/us/a" with_env "ACCORD_DIR=$TMP/empty" \
    accord -C "$TMP/us" report --format json
expect_eq "-C wins over ACCORD_DIR" US "$(party_of)"
expect_ok in_dir "$TMP/us/a/b" with_env "ACCORD_DIR=" \
    accord report --format json
expect_eq "an empty ACCORD_DIR is ignored" US "$(party_of)"
expect_ok in_dir "$TMP/us/a/b/c" accord count
keep_squeezed count.txt
expect_file_contains "count from a subdirectory" "deployed_warheads 7" \
    "$TMP/count.txt"
expect_exit 0 in_dir "$TMP/us/a/b/c" accord check --quiet
expect_ok in_dir "$TMP/us/a/b/c" accord import "$GOOD/us-small.json"

# no workspace to be found: 2, naming where it looked
expect_fail 2 "not inside an accord workspace" \
    in_dir "$TMP/elsewhere" accord report
expect_fail 2 "$TMP/elsewhere: not an accord workspace" \
    accord -C "$TMP/elsewhere" report
expect_fail 2 "$TMP/elsewhere: not an accord workspace" \
    with_env "ACCORD_DIR=$TMP/elsewhere" accord count
expect_fail 2 "$TMP/gone: not an accord workspace" \
    accord -C "$TMP/gone" check

# a damaged workspace is refused, naming the file
cp -R "$TMP/us" "$TMP/damaged"
printf '{"format": "accord-workspace/1"' >"$TMP/damaged/accord.json"
expect_fail 2 "$TMP/damaged/accord.json:" accord -C "$TMP/damaged" count
cp "$TMP/us/accord.json" "$TMP/damaged/accord.json"
cp "$GOOD/mini-treaty.yaml" "$TMP/damaged/treaty.yaml"
expect_fail 2 "$TMP/damaged/treaty.yaml: defines treaty mini-accord" \
    accord -C "$TMP/damaged" count

e2e_done
