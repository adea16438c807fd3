#!/usr/bin/env bash
# The notification log survives SIGKILL, concurrent writers and
# tampering. (1) A writer appends messages k-N, one at a time or in
# batches of 1 to 50 (notify --file), and each notify gets SIGKILL after
# a random delay (at least 50 kills land); afterwards log verify passes,
# every acknowledged text is logged exactly once, each batch is all in
# or all out, entries are numbered 0..size-1, there is one checkpoint
# per committed batch, and the newest checkpoint's size is the entry
# count. (2) Two writers append 30 times each at the same time; nothing
# is lost, interleaved inside a batch or reordered. (3) On copies of a
# small log, a changed entry, a deleted entry, two swapped entries, a
# changed stored hash, a lost tail and a changed checkpoint each make
# log verify exit 1; with its triggers in place SQLite refuses UPDATE
# and DELETE on the log tables.

TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
. "${0%/*}/lib.sh"
need jq sqlite3 timeout

ORIGIN=accord/new-start/US
TV=$SRC/tools/tlog-verify.py
KILLS_MIN=50         # kills that must land in part 1
KILLS_WANT=60        # part 1 stops at this many kills ...
ACKS_WANT=40         # ... and this many acknowledged appends,
P1_BUDGET=45         # or after this many seconds
P2_APPENDS=30        # appends by each of the two writers in part 2

# now_us: the time in microseconds.
now_us() {
	if [ -n "${EPOCHREALTIME:-}" ]; then
		local t=${EPOCHREALTIME/[.,]/}
		echo $((10#$t))
	else
		echo $(($(date +%s%N) / 1000))
	fi
}

# rand N: a random whole number in 0..N-1 (30 bits from $RANDOM).
rand() {
	echo $((((RANDOM << 15) | RANDOM) % $1))
}

# batch_json PREFIX FIRST COUNT: a notify --file array of COUNT messages
# with texts PREFIX-FIRST, PREFIX-(FIRST+1), ...
batch_json() {
	local p=$1 i=$2 end=$(($2 + $3)) sep=
	printf '['
	while [ "$i" -lt "$end" ]; do
		printf '%s{"type":"message","body":{"text":"%s-%d"}}' "$sep" \
		    "$p" "$i"
		sep=,
		i=$((i + 1))
	done
	printf ']\n'
}

# check_log DIR WHAT: the log in DIR is whole: log verify passes and
# names the entry count; log list --json numbers its entries 0..size-1
# and holds no text twice; the newest checkpoint is a signed note for
# the US log whose size is the entry count (and, with python3, whose
# root is the RFC 9162 root of the stored entries under the workspace's
# key); the database passes integrity_check and is in WAL mode. The
# list is kept as $TMP/WHAT.list.json and its length in $LOG_SIZE.
check_log() {
	local dir=$1 what=$2 list=$TMP/$2.list.json cp=$TMP/$2.cp line5
	LOG_SIZE=-1
	echo "# $what: checking the log"
	expect_ok accord -C "$dir" log list --json
	cp "$E2E_STDOUT" "$list"
	expect_jq "$what: log list --json is an array of entries with seq, type and body" \
	    'type == "array" and all(.[]; type == "object" and has("seq") and
	     has("type") and has("body"))' "$list" || return 1
	LOG_SIZE=$(jq length "$list")
	echo "# $what: $LOG_SIZE entries"
	expect_jq "$what: entries are numbered 0..size-1 without gaps" \
	    '[.[].seq] == [range(0; length)]' "$list"
	expect_jq "$what: every entry is a message with a text" \
	    'all(.[]; .type == "message" and (.body.text | type) == "string")' \
	    "$list"
	expect_jq "$what: no text is logged twice" \
	    '[.[].body.text] | length == (unique | length)' "$list"

	expect_ok accord -C "$dir" log verify
	expect_eq "$what: log verify names the entry count $LOG_SIZE" yes \
	    "$(grep -q -w -e "$LOG_SIZE" "$E2E_STDOUT" && echo yes)"

	expect_ok accord -C "$dir" log checkpoint
	cp "$E2E_STDOUT" "$cp"
	expect_eq "$what: the checkpoint's origin" "$ORIGIN" "$(sed -n 1p "$cp")"
	expect_eq "$what: the checkpoint's size is the entry count" \
	    "$LOG_SIZE" "$(sed -n 2p "$cp")"
	expect_eq "$what: the checkpoint's root is base64 of 32 bytes" yes \
	    "$(sed -n 3p "$cp" | grep -q -x -E '[A-Za-z0-9+/]{43}=' &&
	    echo yes)"
	expect_eq "$what: a blank line ends the checkpoint's body" "" \
	    "$(sed -n 4p "$cp")"
	line5=$(sed -n 5p "$cp")
	case $line5 in
	"— $ORIGIN "?*) e2e_pass "$what: the checkpoint is signed by $ORIGIN" ;;
	*) e2e_fail "$what: the checkpoint is signed by $ORIGIN" \
	    "line 5: $line5" ;;
	esac

	if command -v python3 >/dev/null 2>&1 && [ -f "$TV" ]; then
		local ents=$TMP/$what.entries cps root
		mkdir -p "$ents"
		sqlite3 "$dir/accord.db" "SELECT writefile(printf('%s/e%09d',
		    '$ents', seq), entry) FROM log_entry ORDER BY seq" \
		    >/dev/null
		expect_ok python3 "$TV" checkpoint --vkey \
		    "$(cat "$dir/keys/signing.vkey")" "$cp"
		cps=$(cat "$E2E_STDOUT")
		# e000000000, e000000001, ...: the glob gives them in order
		root=$(cd "$ents" && shopt -s nullglob && python3 "$TV" root e*)
		expect_eq "$what: the checkpoint signs the root of the stored entries (tools/tlog-verify.py)" \
		    "$ORIGIN $LOG_SIZE $root" "$cps"
	fi

	expect_eq "$what: PRAGMA integrity_check" ok \
	    "$(sqlite3 "$dir/accord.db" 'PRAGMA integrity_check' 2>&1)"
	expect_eq "$what: the store is in WAL mode" wal \
	    "$(sqlite3 "$dir/accord.db" 'PRAGMA journal_mode' 2>&1)"
}

# checkpoint_sizes DIR: the sizes of the stored checkpoints above 0.
checkpoint_sizes() {
	sqlite3 "$1/accord.db" \
	    'SELECT size FROM log_checkpoint WHERE size > 0 ORDER BY size'
}

# =====================================================================
# 1. SIGKILL at random moments
# =====================================================================
echo "# part 1: appends killed with SIGKILL at random moments"
W=$TMP/w
expect_ok accord init --treaty new-start --party US "$W"
expect_eq "the store is $W/accord.db" yes \
    "$([ -f "$W/accord.db" ] && echo yes)"

# $TMP/attempts: one line per notify, "FIRST LAST RC" for the texts
# k-FIRST..k-LAST it carried; $TMP/acked: each text whose notify exited
# 0, written only after it did.
: >"$TMP/attempts"
: >"$TMP/acked"
N=0

# A few unkilled appends, timed, to fit the kill delays to this build.
t0=$(now_us)
for i in 1 2 3; do
	expect_ok accord -C "$W" notify message text="k-$N"
	echo "$N $N 0" >>"$TMP/attempts"
	echo "k-$N" >>"$TMP/acked"
	N=$((N + 1))
done
T_ONE=$((($(now_us) - t0) / 3))
expect_eq "notify prints a line when done" yes \
    "$(cat "$E2E_STDOUT" "$E2E_STDERR" | grep -q . && echo yes)"
batch_json k "$N" 50 >"$TMP/batch.json"
t0=$(now_us)
expect_ok accord -C "$W" notify --file "$TMP/batch.json"
T_FIFTY=$(($(now_us) - t0))
echo "$N $((N + 49)) 0" >>"$TMP/attempts"
seq -f 'k-%.0f' "$N" $((N + 49)) >>"$TMP/acked"
N=$((N + 50))

# Delays are uniform in 1 us .. HI: 30 ms, or twice the time of one
# append when that is longer (a slow, sanitized build), so that kills
# fall before, inside and after the commit.
HI=30000
[ $((2 * T_ONE)) -gt "$HI" ] && HI=$((2 * T_ONE))
echo "# one append takes ${T_ONE} us, a batch of 50 ${T_FIFTY} us;" \
    "kill delays 1..${HI} us"

KILLS=0
LATE=0
ACKS=4
OTHER=0
TRIES=4
START=$SECONDS
while [ "$KILLS" -lt "$KILLS_WANT" ] || [ "$ACKS" -lt "$ACKS_WANT" ]; do
	if [ $((SECONDS - START)) -ge "$P1_BUDGET" ]; then
		echo "# part 1: stopped after $P1_BUDGET s"
		break
	fi
	if [ $((RANDOM % 2)) = 0 ]; then
		M=1
		ARGS=(message "text=k-$N")
	else
		M=$((1 + RANDOM % 50))
		# a file of its own: nothing left of a killed append reads
		# the next one's statements
		batch_json k "$N" "$M" >"$TMP/batch-$N.json"
		ARGS=(--file "$TMP/batch-$N.json")
	fi
	# enough acknowledged: shorter delays, so that the kills still
	# wanted land sooner on a loaded machine (appends slow down as the
	# log grows and the machine is shared)
	if [ "$ACKS" -ge "$ACKS_WANT" ]; then
		DELAY=$((1 + $(rand $((T_ONE > 1000 ? T_ONE : 1000)))))
	else
		DELAY=$((1 + $(rand "$HI")))
	fi
	# timeout is accord's parent: when the delay is up it sends SIGKILL
	# to accord (no race with a reused process id), then to its own
	# process group (accord, anything accord started, and timeout
	# itself). The status is then 137; it is accord's own status when
	# accord ended first. The subshell keeps bash's "Killed" notice off
	# the test's output.
	(
		timeout -s KILL "$(printf '%d.%06d' $((DELAY / 1000000)) \
		    $((DELAY % 1000000)))" "$ACCORD" -C "$W" notify \
		    "${ARGS[@]}" >"$TMP/p1.out" 2>"$TMP/p1.err" </dev/null
		exit $?
	) 2>/dev/null
	RC=$?
	TRIES=$((TRIES + 1))
	echo "$N $((N + M - 1)) $RC" >>"$TMP/attempts"
	case $RC in
	0)
		seq -f 'k-%.0f' "$N" $((N + M - 1)) >>"$TMP/acked"
		ACKS=$((ACKS + 1))
		;;
	137)
		KILLS=$((KILLS + 1))
		;;
	124)
		# the delay was up as accord ended: not acknowledged
		LATE=$((LATE + 1))
		;;
	*)
		OTHER=$((OTHER + 1))
		if [ "$OTHER" = 1 ]; then
			cp "$TMP/p1.err" "$TMP/p1.first-error"
			echo "$RC" >"$TMP/p1.first-rc"
		fi
		;;
	esac
	N=$((N + M))
done
echo "# part 1: $TRIES appends of $N texts: $ACKS acknowledged," \
    "$KILLS killed, $LATE timed out as they ended, $OTHER failed" \
    "otherwise, in $((SECONDS - START)) s"

if [ "$KILLS" -ge "$KILLS_MIN" ]; then
	e2e_pass "at least $KILLS_MIN notify processes were killed ($KILLS)"
else
	e2e_fail "at least $KILLS_MIN notify processes were killed" \
	    "only $KILLS kills landed in $TRIES appends"
fi
if [ "$OTHER" = 0 ]; then
	e2e_pass "every notify either succeeded or was killed"
else
	e2e_fail "every notify either succeeded or was killed" \
	    "$OTHER failed otherwise; the first with exit $(cat "$TMP/p1.first-rc"):"
	head -c 2000 "$TMP/p1.first-error" | sed 's/^/#     /'
fi

check_log "$W" killed
LIST=$TMP/killed.list.json

# Every acknowledged text is there exactly once.
MISSING=$(jq -r --rawfile acked "$TMP/acked" '
	(map({key: .body.text, value: 1}) | from_entries) as $have
	| $acked | split("\n") | map(select(length > 0))
	| map(select($have[.] == null)) | .[]' "$LIST" | head -n 20)
expect_eq "every acknowledged text is in the log" "" "$MISSING"
expect_eq "every acknowledged text is in the log exactly once" "" \
    "$(jq -r --rawfile acked "$TMP/acked" '
	($acked | split("\n") | map(select(length > 0))
	 | map({key: ., value: 1}) | from_entries) as $ack
	| [.[].body.text | select($ack[.] != null)] | group_by(.)
	| map(select(length != 1) | .[0]) | .[]' "$LIST" | head -n 20)"
expect_jq "the log holds only texts that were sent, in the order sent" \
    "[.[].body.text | select(test(\"^k-[0-9]+\$\") | not)] == [] and
     ([.[].body.text | ltrimstr(\"k-\") | tonumber]
      | . == sort and all(.[]; . < $N))" "$LIST"

# Each notify is one transaction: all of its texts or none, all when it
# was acknowledged; and one checkpoint per committed notify, so the
# stored checkpoint sizes are the running totals of committed batches.
jq -r '.[].body.text | ltrimstr("k-")' "$LIST" >"$TMP/present"
: >"$TMP/cp.want"
awk -v expected="$TMP/cp.want" '
	NR == FNR { have[$1] = 1; next }
	{
		m = $2 - $1 + 1
		c = 0
		for (i = $1; i <= $2; i++)
			if (i in have)
				c++
		if (c != 0 && c != m)
			printf "k-%d..k-%d (exit %d): %d of %d logged\n",
			    $1, $2, $3, c, m
		else if ($3 == 0 && c != m)
			printf "k-%d..k-%d acknowledged but not logged\n",
			    $1, $2
		if (c == m) {
			total += m
			print total >expected
			if ($3 != 0)
				late++
		}
	}
	END { print late + 0 >(expected ".late") }' "$TMP/present" \
    "$TMP/attempts" >"$TMP/atomic"
echo "# part 1: $(cat "$TMP/cp.want.late") killed appends had committed" \
    "before the kill"
expect_eq "each notify is all in the log or all out of it" "" \
    "$(head -n 20 "$TMP/atomic")"
expect_eq "one checkpoint per committed notify, at its running total" \
    "$(cat "$TMP/cp.want")" "$(checkpoint_sizes "$W")"

# The log takes appends again after the crashes.
SIZE1=$LOG_SIZE
expect_ok accord -C "$W" notify message text="after the kills"
expect_ok accord -C "$W" log verify
expect_eq "log verify after one more append names $((SIZE1 + 1)) entries" \
    yes "$(grep -q -w -e "$((SIZE1 + 1))" "$E2E_STDOUT" && echo yes)"
expect_ok accord -C "$W" log checkpoint
expect_eq "the checkpoint after one more append has size $((SIZE1 + 1))" \
    "$((SIZE1 + 1))" "$(sed -n 2p "$E2E_STDOUT")"

# =====================================================================
# 2. Two writers at once
# =====================================================================
echo "# part 2: two writers appending at the same time"
W2=$TMP/w2
expect_ok accord init --treaty new-start --party US "$W2"

# writer P: $P2_APPENDS appends of texts P-1, P-2, ..., single or in
# batches of 2..10; "FIRST LAST RC" per notify in $TMP/p2-P.batches,
# each failure's stderr in $TMP/p2-P.err.I.
writer() {
	local p=$1 i=0 k=1 m rc
	local -a args
	RANDOM=$BASHPID
	: >"$TMP/p2-$p.batches"
	while [ "$i" -lt "$P2_APPENDS" ]; do
		if [ $((RANDOM % 2)) = 0 ]; then
			m=1
			args=(message "text=$p-$k")
		else
			m=$((2 + RANDOM % 9))
			batch_json "$p" "$k" "$m" >"$TMP/p2-$p.json"
			args=(--file "$TMP/p2-$p.json")
		fi
		"$ACCORD" -C "$W2" notify "${args[@]}" >/dev/null \
		    2>"$TMP/p2-$p.err.$i" </dev/null
		rc=$?
		echo "$k $((k + m - 1)) $rc" >>"$TMP/p2-$p.batches"
		[ "$rc" = 0 ] && rm -f "$TMP/p2-$p.err.$i"
		k=$((k + m))
		i=$((i + 1))
	done
}
writer a &
PA=$!
writer b &
PB=$!
wait "$PA"
wait "$PB"

for p in a b; do
	FAILED=$(awk '$3 != 0' "$TMP/p2-$p.batches")
	if [ -z "$FAILED" ]; then
		e2e_pass "writer $p: all $P2_APPENDS appends exit 0"
	else
		e2e_fail "writer $p: all $P2_APPENDS appends exit 0" \
		    "failed (FIRST LAST EXIT): $(echo "$FAILED" | head -n 3 |
		    tr '\n' ';')"
		cat "$TMP"/p2-"$p".err.* 2>/dev/null | head -n 10 |
		    sed 's/^/#     /'
	fi
done
TEXTS=$(cat "$TMP/p2-a.batches" "$TMP/p2-b.batches" |
    awk '{ n += $2 - $1 + 1 } END { print n }')
echo "# part 2: $TEXTS texts in $((2 * P2_APPENDS)) appends"

check_log "$W2" concurrent
LIST2=$TMP/concurrent.list.json
expect_eq "the log holds every text of both writers" "$TEXTS" "$LOG_SIZE"

# The texts sent, and each batch's expected checkpoint: jq reads
# "P FIRST LAST RC" lines.
awk '{ print "a", $0 }' "$TMP/p2-a.batches" >"$TMP/p2.batches"
awk '{ print "b", $0 }' "$TMP/p2-b.batches" >>"$TMP/p2.batches"
P2_JQ='
	(map({key: .body.text, value: .seq}) | from_entries) as $seq
	| [$b | split("\n")[] | select(length > 0) | split(" ")
	   | {p: .[0], first: (.[1] | tonumber), last: (.[2] | tonumber)}]
	  as $batches'
expect_eq "every text of both writers is logged" "" \
    "$(jq -r --rawfile b "$TMP/p2.batches" "$P2_JQ"'
	| $batches[] | . as $x | range($x.first; $x.last + 1)
	| "\($x.p)-\(.)" | select($seq[.] == null)' "$LIST2" | head -n 20)"
expect_eq "no batch is interleaved with the other writer's entries" "" \
    "$(jq -r --rawfile b "$TMP/p2.batches" "$P2_JQ"'
	| $batches[] | select($seq["\(.p)-\(.first)"] != null)
	| select($seq["\(.p)-\(.last)"] - $seq["\(.p)-\(.first)"]
	    != .last - .first)
	| "\(.p)-\(.first)..\(.p)-\(.last)"' "$LIST2" | head -n 20)"
for p in a b; do
	expect_jq "writer $p's entries are in the order it sent them" \
	    "[.[].body.text | select(startswith(\"$p-\"))
	      | ltrimstr(\"$p-\") | tonumber] | . == sort" "$LIST2"
done
expect_eq "one checkpoint per append, at the end of its batch" \
    "$(jq -r --rawfile b "$TMP/p2.batches" "$P2_JQ"'
	| [$batches[] | $seq["\(.p)-\(.last)"] | select(. != null) | . + 1]
	| sort | .[]' "$LIST2")" "$(checkpoint_sizes "$W2")"
# Were the writers really concurrent? Then the log switches between a
# and b more than once.
SWITCHES=$(jq '[.[].body.text[0:1]] | [range(1; length) as $i
    | select(.[$i] != .[$i - 1])] | length' "$LIST2")
echo "# part 2: the log switches writer $SWITCHES times"
if [ "${SWITCHES:-0}" -ge 2 ]; then
	e2e_pass "the two writers' appends interleave"
else
	e2e_fail "the two writers' appends interleave" \
	    "the log switches writer $SWITCHES times"
fi

# =====================================================================
# 3. Tampering
# =====================================================================
echo "# part 3: tampering with copies of a log of 10 entries"
BASE=$TMP/base
expect_ok accord init --treaty new-start --party US "$BASE"
for i in 0 1 2 3 4 5; do
	expect_ok accord -C "$BASE" notify message text="k-$i"
done
batch_json k 6 4 >"$TMP/base.json"
expect_ok accord -C "$BASE" notify --file "$TMP/base.json"
check_log "$BASE" base
expect_eq "the base log has 10 entries" 10 "$LOG_SIZE"
expect_jq "the base log holds k-0..k-9 in order" \
    '[.[].body.text] == [range(0; 10) | "k-\(.)"]' "$TMP/base.list.json"

# tamper NAME SQL TRIGGER...: a copy of the base as $TMP/NAME, with the
# triggers dropped, SQL run, and the triggers made again (so that the
# schema is as accord made it); prints what SQL's last SELECT gives.
tamper() {
	local name=$1 sql=$2 t drops= remake=
	shift 2
	rm -rf "${TMP:?}/$name"
	cp -r "$BASE" "$TMP/$name"
	for t in "$@"; do
		drops="$drops DROP TRIGGER $t;"
		remake="$remake $(sqlite3 "$TMP/$name/accord.db" \
		    "SELECT sql FROM sqlite_master WHERE type = 'trigger'
		     AND name = '$t'");"
	done
	sqlite3 "$TMP/$name/accord.db" "BEGIN; $drops $sql; $remake COMMIT;"
}

DB_ENTRY="CAST(entry AS TEXT)"

# expect_stderr_names INDEX WHAT: the last command's stderr holds INDEX
# as a word (so "3" is not found in "13" or "accord3").
expect_stderr_names() {
	if grep -q -w -e "$1" "$E2E_STDERR"; then
		e2e_pass "$2: log verify names index $1"
		return 0
	fi
	e2e_fail "$2: log verify names index $1"
	e2e_show_output
	return 1
}

# expect_refused WHAT SQL: sqlite3 fails to run SQL on $RDB (the exit
# status is SQLite's error code, 1 or 19 by version) and says why.
expect_refused() {
	run sqlite3 "$RDB" "$2"
	if [ "$E2E_RC" -gt 0 ] && [ "$E2E_RC" -lt 128 ] &&
	    [ -s "$E2E_STDERR" ]; then
		e2e_pass "SQLite refuses $1 while the triggers stand"
		return 0
	fi
	e2e_fail "SQLite refuses $1 while the triggers stand"
	e2e_show_output
	return 1
}

# Without dropping the triggers, SQLite refuses to change the log.
rm -rf "$TMP/refuse"
cp -r "$BASE" "$TMP/refuse"
RDB=$TMP/refuse/accord.db
BEFORE=$(sqlite3 "$RDB" "SELECT seq, hex(entry), hex(leaf) FROM log_entry
    ORDER BY seq;
    SELECT level, idx, hex(hash) FROM log_hash ORDER BY level, idx;
    SELECT size, note FROM log_checkpoint ORDER BY size")
expect_refused "UPDATE log_entry" "UPDATE log_entry SET entry = CAST(
    replace($DB_ENTRY, 'k-1', 'k-X') AS BLOB) WHERE seq = 1"
expect_refused "DELETE FROM log_entry" "DELETE FROM log_entry WHERE seq = 9"
expect_refused "UPDATE log_entry SET leaf" "UPDATE log_entry SET leaf =
    zeroblob(32) WHERE seq = 2"
expect_refused "UPDATE log_hash" "UPDATE log_hash SET hash = zeroblob(32)
    WHERE level = 1 AND idx = 0"
expect_refused "DELETE FROM log_hash" "DELETE FROM log_hash WHERE level = 1"
expect_refused "UPDATE log_checkpoint" "UPDATE log_checkpoint SET note = 'x'"
expect_refused "DELETE FROM log_checkpoint" "DELETE FROM log_checkpoint"
expect_eq "the refused statements changed nothing" "$BEFORE" \
    "$(sqlite3 "$RDB" "SELECT seq, hex(entry), hex(leaf) FROM log_entry
    ORDER BY seq;
    SELECT level, idx, hex(hash) FROM log_hash ORDER BY level, idx;
    SELECT size, note FROM log_checkpoint ORDER BY size")"
expect_ok accord -C "$TMP/refuse" log verify

# A copy that is not tampered with verifies.
tamper same "SELECT 1" log_entry_no_update >/dev/null
expect_ok accord -C "$TMP/same" log verify

# One entry's bytes changed (its text k-3 made k-X).
expect_eq "tamper: entry 3 changed" '"k-X"' \
    "$(tamper changed "UPDATE log_entry SET entry = CAST(replace($DB_ENTRY,
	'\"k-3\"', '\"k-X\"') AS BLOB) WHERE seq = 3;
	SELECT substr($DB_ENTRY, instr($DB_ENTRY, '\"k-'), 5)
	FROM log_entry WHERE seq = 3" log_entry_no_update)"
expect_exit 1 accord -C "$TMP/changed" log verify
expect_stderr_names 3 "a changed entry"

# One entry deleted.
expect_eq "tamper: entry 5 deleted" "9" \
    "$(tamper deleted "DELETE FROM log_entry WHERE seq = 5;
	SELECT count(*) FROM log_entry" log_entry_no_delete)"
expect_exit 1 accord -C "$TMP/deleted" log verify
expect_stderr_names 5 "a deleted entry"

# Two entries' bytes swapped (6 and 7): the log reordered.
expect_eq "tamper: entries 6 and 7 swapped" "k-7 k-6" \
    "$(tamper swapped "CREATE TEMP TABLE s AS SELECT seq, entry
	FROM log_entry WHERE seq IN (6, 7);
	UPDATE log_entry SET entry = (SELECT s.entry FROM s
	    WHERE s.seq = 13 - log_entry.seq) WHERE seq IN (6, 7);
	SELECT group_concat(t, ' ') FROM (SELECT substr($DB_ENTRY,
	    instr($DB_ENTRY, '\"k-') + 1, 3) AS t FROM log_entry
	    WHERE seq IN (6, 7) ORDER BY seq)" log_entry_no_update)"
expect_exit 1 accord -C "$TMP/swapped" log verify
expect_stderr_names 6 "swapped entries"

# One stored hash changed: the leaf hash of entry 2, kept in its row.
expect_eq "tamper: the hash at level 0, index 2 zeroed" 1 \
    "$(tamper hash "UPDATE log_entry SET leaf = zeroblob(32)
	WHERE seq = 2; SELECT changes()" log_entry_no_update)"
expect_fail 1 "" accord -C "$TMP/hash" log verify
expect_stderr_names 2 "a changed leaf hash"

# One interior hash changed: the subtree of entries 0 and 1.
expect_eq "tamper: the hash at level 1, index 0 zeroed" 1 \
    "$(tamper hash1 "UPDATE log_hash SET hash = zeroblob(32)
	WHERE level = 1 AND idx = 0; SELECT changes()" log_hash_no_update)"
expect_fail 1 "" accord -C "$TMP/hash1" log verify

# The newest entry deleted (with its hashes kept): the checkpoint of
# size 10 no longer matches the log.
expect_eq "tamper: entry 9 deleted" "9" \
    "$(tamper tail "DELETE FROM log_entry WHERE seq = 9;
	SELECT count(*) FROM log_entry" log_entry_no_delete)"
expect_fail 1 "" accord -C "$TMP/tail" log verify

# A checkpoint changed: the note of size 5 made from that of size 6 (its
# root and signature) with the size line set to 5.
expect_eq "tamper: checkpoint 5 replaced" 1 \
    "$(tamper note "UPDATE log_checkpoint SET note = (SELECT
	replace(note, char(10) || '6' || char(10), char(10) || '5' || char(10))
	FROM log_checkpoint WHERE size = 6) WHERE size = 5;
	SELECT (SELECT note FROM log_checkpoint WHERE size = 5) IS
	(SELECT replace(note, char(10) || '6' || char(10),
	    char(10) || '5' || char(10)) FROM log_checkpoint WHERE size = 6)
	AND changes() = 1" log_checkpoint_no_update)"
expect_fail 1 "" accord -C "$TMP/note" log verify

e2e_done
