#!/usr/bin/env bash
# The notification log against an independent verifier: tools/
# tlog-verify.py, written from the specifications (C2SP signed-note and
# tlog-checkpoint, RFC 9162, RFC 8032) and sharing no code with lib/,
# first passes its own known-answer tests. Then the US log grows to 9
# entries with accord notify; every checkpoint (sizes 1 to 9, each kept
# by the log) verifies under the party's verifier key, whose name is the
# origin; the RFC 9162 root of the raw entries 0..S-1 is the root of the
# checkpoint of size S; every inclusion proof (each index of each size)
# and every consistency proof (1 <= OLD <= NEW <= 9) verifies against
# the checkpoints. A changed proof hash, another party's key, a changed
# entry byte and a changed checkpoint are each rejected with exit 1.

TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
. "${0%/*}/lib.sh"
need jq python3

TV=$SRC/tools/tlog-verify.py
US=$TMP/us
RU=$TMP/ru
ORIGIN=accord/new-start/US
MAX=9

# The interpreter itself, resolved once: a version-manager shim in front
# of python3 can cost more per start than a whole verification.
PYTHON=$(python3 -c 'import sys; print(sys.executable)')
[ -x "$PYTHON" ] || PYTHON=python3

# tlog_verify ARGS...: the independent verifier.
tlog_verify() {
	"$PYTHON" "$TV" "$@"
}

# flip_hash IN OUT N: the proof IN with one byte of hashes[N] changed.
flip_hash() {
	"$PYTHON" -c '
import base64, json, sys
p = json.load(open(sys.argv[1]))
n = int(sys.argv[3])
h = bytearray(base64.b64decode(p["hashes"][n]))
h[7] ^= 0x40
p["hashes"][n] = base64.b64encode(bytes(h)).decode()
json.dump(p, open(sys.argv[2], "w"))
' "$1" "$2" "$3"
}

# vkey_head VKEY, vkey_key VKEY: "name+id" and the base64 key of a
# verifier key (the base64 may itself hold a "+").
vkey_head() {
	printf '%s\n' "$1" | cut -d+ -f1,2
}
vkey_key() {
	printf '%s\n' "$1" | cut -d+ -f3-
}

# flip_byte IN OUT: the file IN with its middle byte changed.
flip_byte() {
	"$PYTHON" -c '
import sys
b = bytearray(open(sys.argv[1], "rb").read())
b[len(b) // 2] ^= 0x01
open(sys.argv[2], "wb").write(bytes(b))
' "$1" "$2"
}

# --- the verifier's own tests ------------------------------------------
expect_stdout_contains "checks passed" tlog_verify selftest
expect_ok tlog_verify root
expect_eq "the root of no entries is SHA-256 of the empty string" \
    e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 \
    "$(cat "$E2E_STDOUT")"

# --- workspaces and keys -------------------------------------------------
expect_ok accord init --treaty new-start --party US "$US"
expect_ok accord init --treaty new-start --party RU "$RU"
expect_ok accord -C "$US" key show
US_VKEY=$(cat "$E2E_STDOUT")
expect_ok accord -C "$RU" key show
RU_VKEY=$(cat "$E2E_STDOUT")
expect_eq "the US key name is the log origin" "$ORIGIN" "${US_VKEY%%+*}"

# --- the log grows to $MAX entries, one checkpoint per append ----------
for i in $(seq 1 "$MAX"); do
	expect_ok accord -C "$US" notify message text="hello $i"
	expect_ok accord -C "$US" log checkpoint
	keep "head-$i.note"
	expect_ok tlog_verify checkpoint --vkey "$US_VKEY" "$TMP/head-$i.note"
	read -r origin size root <"$E2E_STDOUT"
	expect_eq "after $i notifications: origin and size" "$ORIGIN $i" \
	    "$origin $size"
done

# --- every past checkpoint is kept ----------------------------------------
declare -a ROOT
for s in $(seq 1 "$MAX"); do
	expect_ok accord -C "$US" log checkpoint --size "$s"
	keep "cp-$s.note"
	expect_same "checkpoint --size $s is the one published at size $s" \
	    "$TMP/head-$s.note" "$TMP/cp-$s.note"
	expect_ok tlog_verify checkpoint --vkey "$US_VKEY" "$TMP/cp-$s.note"
	read -r origin size root <"$E2E_STDOUT"
	expect_eq "checkpoint --size $s: origin and size" "$ORIGIN $s" \
	    "$origin $size"
	ROOT[s]=$root
done

# --- raw entries and the roots they give ---------------------------------
ENTRIES=()
for n in $(seq 0 $((MAX - 1))); do
	expect_ok accord -C "$US" log show "$n" --raw
	keep "entry-$n"
	expect_file_contains "entry $n holds its text" "hello $((n + 1))" \
	    "$TMP/entry-$n"
	ENTRIES+=("$TMP/entry-$n")
	expect_ok tlog_verify root "${ENTRIES[@]}"
	expect_eq "the root of entries 0..$n is that of checkpoint $((n + 1))" \
	    "${ROOT[n + 1]}" "$(cat "$E2E_STDOUT")"
done

# --- inclusion: each index of each size ----------------------------------
for s in $(seq 1 "$MAX"); do
	for n in $(seq 0 $((s - 1))); do
		expect_ok accord -C "$US" log prove "$n" --size "$s"
		keep "incl-$n-$s.json"
		expect_ok tlog_verify inclusion --vkey "$US_VKEY" \
		    --checkpoint "$TMP/cp-$s.note" --entry "$TMP/entry-$n" \
		    "$TMP/incl-$n-$s.json"
	done
done
for n in $(seq 0 $((MAX - 1))); do
	expect_ok accord -C "$US" log prove "$n"
	keep "incl-$n-head.json"
	expect_same "log prove $n without --size proves against the head" \
	    "$TMP/incl-$n-$MAX.json" "$TMP/incl-$n-head.json"
done

# --- consistency: every 1 <= OLD <= NEW <= MAX ---------------------------
for old in $(seq 1 "$MAX"); do
	for new in $(seq "$old" "$MAX"); do
		expect_ok accord -C "$US" log consistency "$old" "$new"
		keep "cons-$old-$new.json"
		expect_ok tlog_verify consistency --vkey "$US_VKEY" \
		    --old "$TMP/cp-$old.note" --new "$TMP/cp-$new.note" \
		    "$TMP/cons-$old-$new.json"
	done
done

# --- rejections ----------------------------------------------------------
# A proof with one hash byte changed (the first and the last hash).
expect_jq "the proof of entry 3 in 9 has 4 hashes" \
    '.leaf_index == 3 and .tree_size == 9 and (.hashes | length) == 4' \
    "$TMP/incl-3-9.json"
flip_hash "$TMP/incl-3-9.json" "$TMP/incl-bad0.json" 0
expect_fail 1 "does not verify" tlog_verify inclusion --vkey "$US_VKEY" \
    --checkpoint "$TMP/cp-9.note" --entry "$TMP/entry-3" \
    "$TMP/incl-bad0.json"
flip_hash "$TMP/incl-3-9.json" "$TMP/incl-bad3.json" 3
expect_fail 1 "does not verify" tlog_verify inclusion --vkey "$US_VKEY" \
    --checkpoint "$TMP/cp-9.note" --entry "$TMP/entry-3" \
    "$TMP/incl-bad3.json"
expect_jq "the proof from 3 to 9 is not empty" '(.hashes | length) > 0' \
    "$TMP/cons-3-9.json"
flip_hash "$TMP/cons-3-9.json" "$TMP/cons-bad.json" 0
expect_fail 1 "does not verify" tlog_verify consistency --vkey "$US_VKEY" \
    --old "$TMP/cp-3.note" --new "$TMP/cp-9.note" "$TMP/cons-bad.json"

# A proof for another index, or tied to a checkpoint of another size.
jq -c '.leaf_index = 4' "$TMP/incl-3-9.json" >"$TMP/incl-idx.json"
expect_fail 1 "does not verify" tlog_verify inclusion --vkey "$US_VKEY" \
    --checkpoint "$TMP/cp-9.note" --entry "$TMP/entry-3" \
    "$TMP/incl-idx.json"
expect_fail 1 "tree_size 8 is not the checkpoint size 9" \
    tlog_verify inclusion --vkey "$US_VKEY" --checkpoint "$TMP/cp-9.note" \
    --entry "$TMP/entry-3" "$TMP/incl-3-8.json"
expect_fail 1 "is not the old checkpoint size" \
    tlog_verify consistency --vkey "$US_VKEY" --old "$TMP/cp-9.note" \
    --new "$TMP/cp-3.note" "$TMP/cons-3-9.json"

# Another party's key: the RU workspace's key, and a key named for the US
# log but holding RU's public key (its own, correct key ID).
expect_fail 1 "no signature by accord/new-start/RU" \
    tlog_verify checkpoint --vkey "$RU_VKEY" "$TMP/cp-9.note"
expect_fail 1 "no signature by accord/new-start/RU" \
    tlog_verify inclusion --vkey "$RU_VKEY" --checkpoint "$TMP/cp-9.note" \
    --entry "$TMP/entry-3" "$TMP/incl-3-9.json"
expect_fail 1 "no signature by accord/new-start/RU" \
    tlog_verify consistency --vkey "$RU_VKEY" --old "$TMP/cp-3.note" \
    --new "$TMP/cp-9.note" "$TMP/cons-3-9.json"
MIXED_VKEY=$("$PYTHON" -c '
import base64, hashlib, sys
name = sys.argv[1]
key = base64.b64decode(sys.argv[2])
kid = hashlib.sha256(name.encode() + b"\n" + key).hexdigest()[:8]
print("%s+%s+%s" % (name, kid, base64.b64encode(key).decode()))
' "$ORIGIN" "$(vkey_key "$RU_VKEY")")
expect_fail 1 "no signature by $ORIGIN" \
    tlog_verify checkpoint --vkey "$MIXED_VKEY" "$TMP/cp-9.note"
# A verifier key whose ID is not that of its name and key is malformed.
expect_fail 2 "does not match the key" \
    tlog_verify checkpoint \
    --vkey "$(vkey_head "$US_VKEY")+$(vkey_key "$RU_VKEY")" \
    "$TMP/cp-9.note"

# An entry with one byte changed.
flip_byte "$TMP/entry-3" "$TMP/entry-3.bad"
expect_fail 1 "does not verify" tlog_verify inclusion --vkey "$US_VKEY" \
    --checkpoint "$TMP/cp-9.note" --entry "$TMP/entry-3.bad" \
    "$TMP/incl-3-9.json"
expect_ok tlog_verify root "${ENTRIES[@]:0:3}" "$TMP/entry-3.bad" \
    "${ENTRIES[@]:4}"
if [ "$(cat "$E2E_STDOUT")" != "${ROOT[MAX]}" ]; then
	e2e_pass "a changed entry changes the root"
else
	e2e_fail "a changed entry changes the root" "root ${ROOT[MAX]}"
fi

# A checkpoint with its size line or its signature changed.
sed '2s/.*/8/' "$TMP/cp-9.note" >"$TMP/cp-size.note"
expect_fail 1 "does not verify" tlog_verify checkpoint --vkey "$US_VKEY" \
    "$TMP/cp-size.note"
flip_byte "$TMP/cp-9.note" "$TMP/cp-flip.note"
expect_fail 1 "" tlog_verify checkpoint --vkey "$US_VKEY" \
    "$TMP/cp-flip.note"

# accord's own receiver-side check agrees with the independent one.
expect_ok accord log verify-proof --key "$US_VKEY" \
    --checkpoint "$TMP/cp-9.note" --entry "$TMP/entry-3" "$TMP/incl-3-9.json"
expect_fail 1 "not included" accord log verify-proof --key "$US_VKEY" \
    --checkpoint "$TMP/cp-9.note" --entry "$TMP/entry-3.bad" \
    "$TMP/incl-3-9.json"
expect_fail 1 "no signature" accord log verify-proof --key "$RU_VKEY" \
    --checkpoint "$TMP/cp-9.note" --entry "$TMP/entry-3" "$TMP/incl-3-9.json"
expect_fail 1 "does not verify" accord log verify-proof --key "$US_VKEY" \
    --checkpoint "$TMP/cp-size.note" --entry "$TMP/entry-3" \
    "$TMP/incl-3-9.json"
expect_ok accord -C "$US" log consistency 5 9
printf '%s' "$(cat "$E2E_STDOUT")" >"$TMP/c59.json"
expect_ok accord log verify-proof --key "$US_VKEY" \
    --checkpoint "$TMP/cp-9.note" --old-checkpoint "$TMP/cp-5.note" \
    "$TMP/c59.json"
expect_fail 1 "starts at size" accord log verify-proof --key "$US_VKEY" \
    --checkpoint "$TMP/cp-9.note" --old-checkpoint "$TMP/cp-4.note" \
    "$TMP/c59.json"
expect_fail 2 "--key" accord log verify-proof --key "not-a-key" \
    --checkpoint "$TMP/cp-9.note" --entry "$TMP/entry-3" "$TMP/incl-3-9.json"
echo '{"leaf_index":3,"tree_size":9,"hashes":["AAAA"]}' >"$TMP/short.json"
expect_fail 1 "expected 32 bytes" accord log verify-proof --key "$US_VKEY" \
    --checkpoint "$TMP/cp-9.note" --entry "$TMP/entry-3" "$TMP/short.json"
# a proof only for a size a checkpoint was signed at
expect_fail 2 "no checkpoint was signed" accord -C "$US" log prove 1 --size 12

e2e_done
