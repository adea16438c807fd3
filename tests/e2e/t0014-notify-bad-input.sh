#!/usr/bin/env bash
# accord notify, log and state on bad input: malformed statement files,
# statements of the wrong shape, unknown types and fields, bad field
# values, bad numbers and sizes. Each is refused with its exit status and
# a message naming the file, statement or field, and the log is left as
# it was.

TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
. "${0%/*}/lib.sh"

US=$TMP/us
expect_ok accord init --treaty new-start --party US "$US"
expect_ok accord -C "$US" notify message text=first

size() {
	accord -C "$US" log checkpoint | sed -n 2p
}
expect_eq "one entry to start" "1" "$(size)"

printf '[{"type":"message","body":{"text":"a"}},' >"$TMP/trunc.json"
expect_fail 2 "trunc.json: malformed JSON at 1:" \
    accord -C "$US" notify --file "$TMP/trunc.json"
echo '{"type":"message"}' >"$TMP/nobody.json"
expect_fail 2 'nobody.json: statement 0: expected {"type": T, "body"' \
    accord -C "$US" notify --file "$TMP/nobody.json"
echo '[]' >"$TMP/empty.json"
expect_fail 2 "empty.json: expected 1 to" \
    accord -C "$US" notify --file "$TMP/empty.json"
echo '[{"type":"message","body":{"text":"ok"}},{"type":"no.such","body":{}}]' \
    >"$TMP/unknown.json"
expect_fail 2 "unknown.json[1] (no.such): type: no.such is not a notification type" \
    accord -C "$US" notify --file "$TMP/unknown.json"
expect_fail 2 'statement[0] (message): unknown field "colour"' \
    accord -C "$US" notify message text=x colour=red
expect_fail 2 "statement[0] (message): text: missing" \
    accord -C "$US" notify message
expect_fail 2 "statement[0] (exercise.notice): start: expected a date" \
    accord -C "$US" notify exercise.notice name=x start=2022-02-30 \
    end=2022-03-01
expect_fail 2 "planned: expected a time" \
    accord -C "$US" notify launch.notice planned=2030-02-31T00:00:00Z \
    launch_area=a impact_area=b
expect_fail 2 "planned must be at least 24 hours after" \
    accord -C "$US" notify launch.notice planned=2020-01-01T00:00:00Z \
    launch_area=a impact_area=b
expect_fail 2 "declaration entries are made by accord declare" \
    accord -C "$US" notify declaration id=x as_of=2022-01-01 mode=full \
    leaves=1 root=x
expect_fail 2 "=bad: expected FIELD=VALUE" \
    accord -C "$US" notify message text=x =bad
expect_fail 2 "missing.json: no such file" \
    accord -C "$US" notify --file "$TMP/missing.json"
expect_eq "nothing was written" "1" "$(size)"

expect_fail 2 '--at: expected a whole number, got "x"' \
    accord -C "$US" state --at x
expect_fail 2 "--at: the log has 1 entries" accord -C "$US" state --at 5
expect_fail 2 '--size: expected a whole number, got "-1"' \
    accord -C "$US" log prove 0 --size -1
expect_fail 2 "entry 1 is not in a log of 1 entries" \
    accord -C "$US" log prove 1
expect_fail 2 "no entry 7" accord -C "$US" log show 7
expect_fail 2 "no checkpoint was signed at size 3" \
    accord -C "$US" log checkpoint --size 3
expect_fail 64 "usage: accord log" accord -C "$US" log frobnicate

e2e_done
