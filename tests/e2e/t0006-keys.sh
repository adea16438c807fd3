#!/usr/bin/env bash
# accord init and key: init makes the party's signing key (owner-only)
# and its verifier key; key show prints the verifier key, key add trusts
# another party's, key list shows them all. Keys for the wrong party or
# treaty, malformed keys, the workspace's own party and unknown parties
# are refused. The private key appears in no output of any command and
# in no file but keys/signing.key; init never overwrites a signing key.

TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
. "${0%/*}/lib.sh"
need jq

SAMPLES=$SRC/data/samples/new-start
US=$TMP/us
RU=$TMP/ru
ALL=$TMP/all-output

# collect: keep the last command's stdout and stderr for the leak check.
collect() {
	cat "$E2E_STDOUT" "$E2E_STDERR" >>"$ALL"
}

# mode FILE: the permission string of ls -l (-rw------- and so on).
mode() {
	ls -ld "$1" | cut -c1-10
}

: >"$ALL"
expect_ok accord init --treaty new-start --party US "$US"
collect
expect_ok accord init --treaty new-start --party RU "$RU"
collect

# --- what init makes -------------------------------------------------
expect_eq "keys/signing.key is a regular file, mode 0600" "-rw-------" \
    "$(mode "$US/keys/signing.key")"
expect_eq "keys/ is the owner's only" "drwx------" "$(mode "$US/keys")"
expect_eq "keys/signing.vkey is a regular file" "-" \
    "$(mode "$US/keys/signing.vkey" | cut -c1)"
expect_eq "the signing key is one line, named for treaty and party" 1 \
    "$(grep -c -E -x 'PRIVATE\+KEY\+accord/new-start/US\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}' \
    "$US/keys/signing.key")"
SEED=$(sed -n 's|^PRIVATE+KEY+accord/new-start/US+[0-9a-f]\{8\}+||p' \
    "$US/keys/signing.key")
expect_eq "the private key's base64 is 44 characters" 44 "${#SEED}"

# --- key show ----------------------------------------------------------
expect_ok accord -C "$US" key show
collect
VKEY=$(cat "$E2E_STDOUT")
expect_eq "key show prints accord/new-start/US+<8 hex>+<base64>" 1 \
    "$(printf '%s\n' "$VKEY" | grep -c -E -x \
    'accord/new-start/US\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}')"
expect_eq "key show prints keys/signing.vkey" \
    "$(cat "$US/keys/signing.vkey")" "$VKEY"
expect_eq "the verifier key's id is the signing key's" \
    "$(cut -d+ -f4 "$US/keys/signing.key")" \
    "$(printf '%s\n' "$VKEY" | cut -d+ -f2)"
expect_ok accord -C "$RU" key show
collect
RU_VKEY=$(cat "$E2E_STDOUT")
case $RU_VKEY in
accord/new-start/RU+*) e2e_pass "the RU workspace's key is named accord/new-start/RU" ;;
*) e2e_fail "the RU workspace's key is named accord/new-start/RU" "got: $RU_VKEY" ;;
esac
expect_ok accord -C "$TMP/us" key show
expect_same "key show is the same every time" "$US/keys/signing.vkey" \
    "$E2E_STDOUT"

# --- key add and key list ------------------------------------------------
expect_ok accord -C "$US" key list
collect
keep_squeezed us-list.txt
printf 'US %s\n' "$VKEY" >"$TMP/us-list.want"
expect_same "key list of a new workspace: its own key" "$TMP/us-list.want" \
    "$TMP/us-list.txt"

expect_stdout_contains "trusting $VKEY for party US" \
    accord -C "$RU" key add US "$VKEY"
collect
expect_ok accord -C "$RU" key list
collect
keep_squeezed ru-list.txt
printf '%s\n' "RU $RU_VKEY" "US $VKEY" >"$TMP/ru-list.want"
expect_same "key list shows the own key and the trusted US key" \
    "$TMP/ru-list.want" "$TMP/ru-list.txt"
expect_ok accord -C "$RU" key add US "$VKEY"
expect_ok accord -C "$RU" key list
keep_squeezed ru-list2.txt
expect_same "adding the same key again keeps one entry" \
    "$TMP/ru-list.want" "$TMP/ru-list2.txt"

# --- refused keys ----------------------------------------------------------
expect_ok accord init --treaty successor-draft --party US "$TMP/draft-us"
DRAFT_VKEY=$(accord -C "$TMP/draft-us" key show)
case $DRAFT_VKEY in
accord/successor-draft/US+*) e2e_pass "a successor-draft key names its treaty" ;;
*) e2e_fail "a successor-draft key names its treaty" "got: $DRAFT_VKEY" ;;
esac
expect_fail 2 "expected an Ed25519 key named accord/new-start/US, got accord/new-start/RU" \
    accord -C "$RU" key add US "$RU_VKEY"
expect_fail 2 "expected an Ed25519 key named accord/new-start/US, got accord/successor-draft/US" \
    accord -C "$RU" key add US "$DRAFT_VKEY"
expect_fail 2 "expected a verifier key" accord -C "$RU" key add US not-a-key
expect_fail 2 "key:" accord -C "$RU" key add US ""
# the id (8 hex digits) no longer matches name and key
ID=$(printf '%s\n' "$VKEY" | cut -d+ -f2)
case $ID in
0*) OTHER_ID=1${ID#0} ;;
*) OTHER_ID=0${ID#?} ;;
esac
expect_fail 2 "does not match the key" accord -C "$RU" key add US \
    "accord/new-start/US+$OTHER_ID+${VKEY#*+*+}"
# one base64 character less, and one flipped in the key bytes
expect_fail 2 "key:" accord -C "$RU" key add US "${VKEY%?}"
case ${VKEY: -1} in
A) LAST=B ;;
*) LAST=A ;;
esac
expect_fail 2 "key:" accord -C "$RU" key add US "${VKEY%?}$LAST"
expect_fail 2 "key:" accord -C "$RU" key add US "$VKEY "
expect_fail 2 "RU: this is the workspace's own party" \
    accord -C "$RU" key add RU "$RU_VKEY"
expect_fail 2 "FR: not a party to new-start" accord -C "$RU" key add FR \
    "$VKEY"
expect_fail 2 "not a party to new-start" accord -C "$RU" key add us "$VKEY"
expect_ok accord -C "$RU" key list
keep_squeezed ru-list3.txt
expect_same "refused keys change nothing" "$TMP/ru-list.want" \
    "$TMP/ru-list3.txt"

expect_fail 64 "usage: accord key" accord -C "$RU" key
expect_fail 64 "usage: accord key" accord -C "$RU" key add US
expect_fail 64 "usage: accord key" accord -C "$RU" key add US "$VKEY" extra
expect_fail 64 "usage: accord key" accord -C "$RU" key show extra
expect_fail 64 "usage: accord key" accord -C "$RU" key remove US
expect_stdout_contains "usage: accord key" accord key --help
expect_fail 2 "not an accord workspace" accord -C "$TMP" key show

# --- the signing key must stay the owner's ------------------------------
chmod 0644 "$US/keys/signing.key"
expect_fail 2 "keys/signing.key: the signing key must be a regular file readable by its owner only (mode 0600)" \
    accord -C "$US" key show
chmod 0600 "$US/keys/signing.key"
expect_ok accord -C "$US" key show

# --- the private key appears in no output and no other file -------------
expect_ok accord -C "$US" import "$SAMPLES/2022-09-01/US.csv"
collect
expect_ok accord -C "$US" declare -o "$TMP/full.json"
collect
expect_ok accord -C "$US" declare --escrow -o -
collect
cp "$E2E_STDOUT" "$TMP/esc.json"
expect_jq "declare -o - writes the package to stdout" '.mode == "escrow"' \
    "$TMP/esc.json"
expect_ok accord -C "$RU" verify "$TMP/full.json"
collect
expect_ok accord -C "$RU" verify "$TMP/esc.json"
collect
expect_ok accord -C "$US" verify "$TMP/full.json"
collect
expect_ok accord -C "$US" reveal "$TMP/esc.json" --facility US-HILL -o -
collect
expect_ok accord -C "$US" key show
collect
expect_ok accord -C "$US" key list
collect
expect_ok accord -C "$US" report
collect

expect_file_lacks "no output holds the private key's base64" "$SEED" "$ALL"
expect_eq "the outputs checked are not empty" yes \
    "$([ -s "$ALL" ] && echo yes)"
# the 32-byte seed itself, as base64 and as hex, when base64 can decode
if command -v base64 >/dev/null 2>&1 &&
    printf '%s' "$SEED" | base64 -d >"$TMP/seed.bin" 2>/dev/null; then
	expect_eq "the private key is a type byte and 32 bytes" 33 \
	    "$(wc -c <"$TMP/seed.bin" | tr -d ' ')"
	RAW_B64=$(tail -c 32 "$TMP/seed.bin" | base64 | tr -d '\n')
	RAW_HEX=$(tail -c 32 "$TMP/seed.bin" | od -An -v -tx1 | tr -d ' \n')
	expect_file_lacks "no output holds the seed as base64" "$RAW_B64" \
	    "$ALL"
	expect_file_lacks "no output holds the seed as hex" "$RAW_HEX" "$ALL"
	expect_eq "no file holds the bare seed as base64" "" \
	    "$(grep -r -l -a -F -e "$RAW_B64" "$TMP" | grep -v '/\.e2e/' | sort)"
fi
expect_eq "no file but keys/signing.key holds the private key" \
    "$US/keys/signing.key" \
    "$(grep -r -l -a -F -e "$SEED" "$TMP" | grep -v '/\.e2e/' | sort)"

# --- init never overwrites a signing key -------------------------------
mkdir -p "$TMP/pre/keys"
printf 'PRIVATE+KEY+kept as it was\n' >"$TMP/pre/keys/signing.key"
chmod 0600 "$TMP/pre/keys/signing.key"
cp "$TMP/pre/keys/signing.key" "$TMP/pre-key.orig"
expect_fail 2 "directory is not empty" \
    accord init --treaty new-start --party US "$TMP/pre"
expect_same "a refused init leaves an existing signing key alone" \
    "$TMP/pre-key.orig" "$TMP/pre/keys/signing.key"
expect_eq "a refused init creates nothing" "keys keys/signing.key" \
    "$(cd "$TMP/pre" && find . | sed 's|^\./||' | grep -v '^\.$' | sort |
    tr '\n' ' ' | sed 's/ $//')"

cp "$US/keys/signing.key" "$TMP/us-key.orig"
cp "$US/keys/signing.vkey" "$TMP/us-vkey.orig"
expect_fail 2 "already holds a workspace" \
    accord init --treaty new-start --party US "$US"
expect_fail 2 "already holds a workspace" \
    accord init --treaty new-start --party RU "$US"
expect_same "init over a workspace keeps its signing key" \
    "$TMP/us-key.orig" "$US/keys/signing.key"
expect_same "init over a workspace keeps its verifier key" \
    "$TMP/us-vkey.orig" "$US/keys/signing.vkey"
expect_stdout_contains "$VKEY" accord -C "$US" key show

# every workspace gets its own key
expect_ok accord init --treaty new-start --party US "$TMP/us2"
US2_VKEY=$(accord -C "$TMP/us2" key show)
if [ -n "$US2_VKEY" ] && [ "$US2_VKEY" != "$VKEY" ]; then
	e2e_pass "two workspaces of one party have different keys"
else
	e2e_fail "two workspaces of one party have different keys" \
	    "both: $VKEY"
fi

e2e_done
