#!/usr/bin/env bash
# A workspace whose store is PostgreSQL works exactly as one on SQLite.
# The server is the one ACCORD_TEST_PG names (make test starts a private
# one with tools/pg-test-server.sh); this script makes a new database on
# it and drops it at the end. Without ACCORD_TEST_PG the script fails;
# ACCORD_TEST_PG=skip leaves it out with a loud notice.
#
# Two US workspaces, one on SQLite and one on PostgreSQL, take the same
# steps: init, import the inventory of 2022-03-01, declare it, notify
# the first statements of the scenario towards 2022-09-01 (one batch),
# then a single notification; log list, log checkpoint, log verify, log
# prove and state give the same output on both, once signatures, ids,
# roots (which the workspace's own key changes) and times are masked.
# The configuration names the URL. Bad stores exit 2 naming the store:
# an unreachable server (its password never shown), a malformed URL, a
# scheme that is no store, a database that already holds an accord
# store, a database dropped under a workspace, and a configuration whose
# store is neither; a failed init leaves no directory behind.

TMP=$(mktemp -d) || exit 1
DB=accord_e2e_$$
cleanup() {
	if [ -n "${ACCORD_TEST_PG:-}" ] && [ "$ACCORD_TEST_PG" != skip ]; then
		psql -q -X "$ACCORD_TEST_PG" -c \
		    "DROP DATABASE IF EXISTS $DB WITH (FORCE)" \
		    >/dev/null 2>&1 || true
		psql -q -X "$ACCORD_TEST_PG" -c \
		    "DROP DATABASE IF EXISTS ${DB}_gone WITH (FORCE)" \
		    >/dev/null 2>&1 || true
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT
. "${0%/*}/lib.sh"
need jq psql python3

if [ "${ACCORD_TEST_PG:-}" = skip ]; then
	echo "# ****************************************************"
	echo "# * ACCORD_TEST_PG=skip: the PostgreSQL workspace was *"
	echo "# * NOT tested                                        *"
	echo "# ****************************************************"
	e2e_done
fi
if [ -z "${ACCORD_TEST_PG:-}" ]; then
	e2e_fail "ACCORD_TEST_PG names a PostgreSQL server" \
	    "make test starts one (tools/pg-test-server.sh run ...);" \
	    "set ACCORD_TEST_PG=skip to leave this test out on purpose"
	e2e_done
fi

# url_of DB: ACCORD_TEST_PG with its database replaced by DB.
url_of() {
	printf '%s\n' "$ACCORD_TEST_PG" |
	    sed -E 's#^(postgres(ql)?://[^/?]*)(/[^?]*)?#\1/'"$1"'#'
}

createdb_() {
	psql -q -X -v ON_ERROR_STOP=1 "$ACCORD_TEST_PG" \
	    -c "CREATE DATABASE $1" >/dev/null
}

SAMPLES=$SRC/data/samples/new-start
OLD=2022-03-01
NEW=2022-09-01
PG=$(url_of "$DB")
expect_ok createdb_ "$DB"

expect_ok python3 "$SRC/tools/notify-scenario.py" "$SAMPLES/$OLD/US.csv" \
    "$SAMPLES/$NEW/US.csv"
jq '.[0:12]' "$E2E_STDOUT" >"$TMP/batch.json"
expect_jq "the scenario's first statements are a batch of 12" \
    'length == 12' "$TMP/batch.json"

# mask: signatures, ids, roots and hashes (base64 of 32 or 64 bytes) and
# times, which differ between two workspaces with different keys.
mask() {
	sed -E -e 's#[A-Za-z0-9+/]{86}==#SIG#g' \
	    -e 's#[A-Za-z0-9+/]{43}=#HASH#g' \
	    -e 's#[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z#TIME#g' \
	    -e 's#^— [^ ]+ [A-Za-z0-9+/=]+$#— SIGNATURE#'
}

# steps NAME STORE...: the same steps in workspace $TMP/NAME, with its
# outputs, masked, in $TMP/NAME.out.
steps() {
	local name=$1 ws=$TMP/$1 out=$TMP/$1.out
	shift
	: >"$out"
	expect_ok accord init "$@" --treaty new-start --party US "$ws"
	expect_stdout_contains "as of $OLD" accord -C "$ws" import \
	    "$SAMPLES/$OLD/US.csv"
	mask <"$E2E_STDOUT" >>"$out"
	expect_ok accord -C "$ws" declare --as-of "$OLD" -o "$ws-decl.json"
	mask <"$E2E_STDERR" >>"$out"
	expect_ok accord -C "$ws" notify --file "$TMP/batch.json"
	mask <"$E2E_STDOUT" >>"$out"
	expect_ok accord -C "$ws" notify exercise.notice name=Global-Thunder \
	    start=2022-03-20 end=2022-03-25
	mask <"$E2E_STDOUT" >>"$out"
	expect_ok accord -C "$ws" log list --json
	jq 'map({seq, type, body})' "$E2E_STDOUT" | mask >>"$out"
	expect_ok accord -C "$ws" log checkpoint
	mask <"$E2E_STDOUT" >>"$out"
	expect_ok accord -C "$ws" log verify
	mask <"$E2E_STDOUT" >>"$out"
	expect_ok accord -C "$ws" log prove 3
	jq '{index, size, n: (.hashes | length)}' "$E2E_STDOUT" >>"$out"
	expect_ok accord -C "$ws" log prove 5 --size 13
	jq '{index, size, n: (.hashes | length)}' "$E2E_STDOUT" >>"$out"
	expect_ok accord -C "$ws" log consistency 1 14
	jq '{old, new, n: (.hashes | length)}' "$E2E_STDOUT" >>"$out"
	expect_ok accord -C "$ws" state
	cat "$E2E_STDOUT" >>"$out"
	expect_ok accord -C "$ws" state --at 1
	cat "$E2E_STDOUT" >>"$out"
}

steps lite
steps pg --store "$PG"
expect_jq "the configuration names the PostgreSQL URL" \
    '.store == "'"$PG"'"' "$TMP/pg/accord.json"
if [ -e "$TMP/pg/accord.db" ]; then
	e2e_fail "a PostgreSQL workspace has no accord.db"
else
	e2e_pass "a PostgreSQL workspace has no accord.db"
fi
expect_file_contains "the log has 14 entries" "14 entries" "$TMP/pg.out"
expect_same "PostgreSQL gives what SQLite gives, step by step" \
    "$TMP/lite.out" "$TMP/pg.out"
# the store really is in the database
n=$(psql -X -t -A "$PG" -c 'SELECT count(*) FROM log_entry' 2>&1)
expect_eq "the database holds the 14 log entries" 14 "$n"

# --- bad stores ----------------------------------------------------------
expect_fail 2 "already holds an accord store" accord init --store "$PG" \
    --treaty new-start --party US "$TMP/again"
expect_fail 2 "$PG" accord init --store "$PG" --treaty new-start \
    --party US "$TMP/again"
if [ -e "$TMP/again" ]; then
	e2e_fail "a refused init leaves no directory behind"
else
	e2e_pass "a refused init leaves no directory behind"
fi
expect_fail 2 "postgresql://accord@127.0.0.1:1/x: cannot connect" accord \
    init --store "postgresql://accord:secret@127.0.0.1:1/x" \
    --treaty new-start --party US "$TMP/down"
expect_file_lacks "the password is not shown" secret "$E2E_STDERR"
expect_fail 2 "postgresql://accord@127.0.0.1:1/x:" accord init --store \
    "postgresql://accord@127.0.0.1:1/x?password=secret2&sslmode=disable" \
    --treaty new-start --party US "$TMP/down"
expect_file_lacks "a password in the query is not shown" secret2 \
    "$E2E_STDERR"
[ -e "$TMP/down" ] && e2e_fail "an unreachable server leaves nothing" ||
    e2e_pass "an unreachable server leaves nothing"
expect_fail 2 "postgresql://[::1" accord init --store "postgresql://[::1" \
    --treaty new-start --party US "$TMP/bad"
expect_fail 2 "--store" accord init --store "mysql://127.0.0.1/x" \
    --treaty new-start --party US "$TMP/bad"
expect_fail 2 "--store" accord init --store "accord.db" \
    --treaty new-start --party US "$TMP/bad"

# a workspace whose database is gone
GONE=$(url_of "${DB}_gone")
expect_ok createdb_ "${DB}_gone"
expect_ok accord init --store "$GONE" --treaty new-start --party US \
    "$TMP/gone"
expect_ok psql -q -X "$ACCORD_TEST_PG" -c \
    "DROP DATABASE ${DB}_gone WITH (FORCE)"
expect_fail 2 "$GONE" accord -C "$TMP/gone" state
# a configuration whose store is neither SQLite nor a PostgreSQL URL
jq '.store = "oracle://x"' "$TMP/gone/accord.json" >"$TMP/cfg.json"
cp "$TMP/cfg.json" "$TMP/gone/accord.json"
expect_fail 2 "accord.json" accord -C "$TMP/gone" state
expect_file_contains "the error names the store field" \
    'store: expected "sqlite:accord.db" or a postgresql:// URL' \
    "$E2E_STDERR"

e2e_done
