# Helpers for the end-to-end tests, in the manner of git's t/test-lib.sh.
#
# A script creates its own temporary directory, then sources this file:
#
#	TMP=$(mktemp -d) || exit 1
#	trap 'rm -rf "$TMP"' EXIT
#	. "${0%/*}/lib.sh"
#
#	expect_ok accord treaty list
#	expect_fail 2 'bad.yaml:14:7 limits[2].rule' accord treaty check bad.yaml
#	expect_stdout_contains 'new-start' accord treaty list
#	e2e_done
#
# The environment gives ACCORD (the accord binary) and SRC (the source
# tree); tests/e2e/meson.build sets both. Every check runs one command,
# keeps its stdout, stderr and exit status in $E2E_STDOUT, $E2E_STDERR
# and $E2E_RC for follow-up checks, prints "ok N - ..." or "not ok N -
# ...", and counts. e2e_done prints the summary line and exits 1 when a
# check failed.
#
# Exit statuses of accord: 0 success, 1 a check said no (a limit is
# exceeded), 2 any other error, 64 usage. A status above 128 (a signal)
# or a sanitizer report on stderr fails every check, whatever it expected.

if [ -z "${TMP:-}" ] || [ ! -d "$TMP" ]; then
	echo "lib.sh: make a temporary directory in \$TMP before sourcing" >&2
	exit 1
fi
if [ -z "${ACCORD:-}" ] || [ -z "${SRC:-}" ]; then
	echo "lib.sh: set ACCORD (the accord binary) and SRC (the source" \
	    "tree), as meson test does" >&2
	exit 1
fi
case $ACCORD in
/*) ;;
*) ACCORD=$PWD/$ACCORD ;;
esac
case $SRC in
/*) ;;
*) SRC=$PWD/$SRC ;;
esac
if [ ! -x "$ACCORD" ]; then
	echo "lib.sh: $ACCORD is not an executable" >&2
	exit 1
fi

E2E_NAME=${0##*/}
E2E_NAME=${E2E_NAME%.sh}
E2E_PASS=0
E2E_FAIL=0
E2E_N=0
E2E_OUT=$TMP/.e2e
mkdir -p "$E2E_OUT" || exit 1
E2E_STDOUT=$E2E_OUT/stdout
E2E_STDERR=$E2E_OUT/stderr
E2E_RC=0
: >"$E2E_STDOUT"
: >"$E2E_STDERR"

# Nothing from the caller's environment may choose the workspace, and
# nothing above $TMP is searched by accident from the current directory.
unset ACCORD_DIR
export LC_ALL=C
cd "$TMP" || exit 1

# accord ARGS...: the binary under test.
accord() {
	"$ACCORD" "$@"
}

# in_dir DIR CMD...: run CMD with DIR as the current directory.
in_dir() {
	(cd "$1" || exit 125; shift; "$@")
}

# with_env NAME=VALUE CMD...: run CMD with one more environment variable.
# shellcheck disable=SC2163  # NAME=VALUE is exported as given
with_env() {
	(export "$1"; shift; "$@")
}

e2e_pass() {
	E2E_N=$((E2E_N + 1))
	E2E_PASS=$((E2E_PASS + 1))
	echo "ok $E2E_N - $1"
}

e2e_fail() {
	E2E_N=$((E2E_N + 1))
	E2E_FAIL=$((E2E_FAIL + 1))
	echo "not ok $E2E_N - $1"
	shift
	for line in "$@"; do
		printf '#   %s\n' "$line"
	done
}

# The last command's output, indented, for failure reports.
e2e_show_output() {
	echo "#   exit status: $E2E_RC"
	if [ -s "$E2E_STDOUT" ]; then
		echo "#   stdout:"
		head -c 4000 "$E2E_STDOUT" | sed 's/^/#     /'
	fi
	if [ -s "$E2E_STDERR" ]; then
		echo "#   stderr:"
		head -c 4000 "$E2E_STDERR" | sed 's/^/#     /'
	fi
}

# run CMD...: run one command, keeping its output and status.
run() {
	"$@" >"$E2E_STDOUT" 2>"$E2E_STDERR" </dev/null
	E2E_RC=$?
}

# Empty when the last command ended normally, else why it did not.
e2e_crashed() {
	if [ "$E2E_RC" -gt 128 ] && [ "$E2E_RC" -lt 256 ] &&
	    [ "$E2E_RC" != 255 ]; then
		echo "killed by signal $((E2E_RC - 128))"
	elif grep -q -e 'Sanitizer' -e 'runtime error:' "$E2E_STDERR"; then
		echo "sanitizer report on stderr"
	fi
}

e2e_describe() {
	local s="$*"
	s=${s//"$TMP"/\$TMP}
	s=${s//"$SRC"/\$SRC}
	s=${s//"$ACCORD"/accord}
	printf '%s' "$s"
}

# expect_ok CMD...: CMD exits 0.
expect_ok() {
	local desc crash
	desc="$(e2e_describe "$@")"
	run "$@"
	crash=$(e2e_crashed)
	if [ -z "$crash" ] && [ "$E2E_RC" = 0 ]; then
		e2e_pass "$desc"
		return 0
	fi
	e2e_fail "$desc" "expected exit 0${crash:+ ($crash)}"
	e2e_show_output
	return 1
}

# expect_fail EXIT FRAGMENT CMD...: CMD exits with exactly EXIT and its
# stderr contains FRAGMENT (a fixed string: the file, line or field).
expect_fail() {
	local want=$1 frag=$2 desc crash
	shift 2
	desc="$(e2e_describe "$@") => $want"
	run "$@"
	crash=$(e2e_crashed)
	if [ -n "$crash" ]; then
		e2e_fail "$desc" "$crash"
		e2e_show_output
		return 1
	fi
	if [ "$E2E_RC" != "$want" ]; then
		e2e_fail "$desc" "expected exit $want, got $E2E_RC"
		e2e_show_output
		return 1
	fi
	if ! grep -q -F -e "$frag" "$E2E_STDERR"; then
		e2e_fail "$desc" "stderr lacks: $frag"
		e2e_show_output
		return 1
	fi
	e2e_pass "$desc"
}

# expect_stdout_contains FRAGMENT CMD...: CMD exits 0 and prints FRAGMENT.
expect_stdout_contains() {
	local frag=$1 desc crash
	shift
	desc="$(e2e_describe "$@") prints '$frag'"
	run "$@"
	crash=$(e2e_crashed)
	if [ -z "$crash" ] && [ "$E2E_RC" = 0 ] &&
	    grep -q -F -e "$frag" "$E2E_STDOUT"; then
		e2e_pass "$desc"
		return 0
	fi
	e2e_fail "$desc" "expected exit 0 and stdout containing: $frag${crash:+ ($crash)}"
	e2e_show_output
	return 1
}

# expect_exit EXIT CMD...: CMD exits with EXIT; output is not examined
# (for `accord check`, whose status 1 is an answer, not an error).
expect_exit() {
	local want=$1 desc crash
	shift
	desc="$(e2e_describe "$@") => $want"
	run "$@"
	crash=$(e2e_crashed)
	if [ -z "$crash" ] && [ "$E2E_RC" = "$want" ]; then
		e2e_pass "$desc"
		return 0
	fi
	e2e_fail "$desc" "expected exit $want, got $E2E_RC${crash:+ ($crash)}"
	e2e_show_output
	return 1
}

# expect_eq DESC WANT GOT
expect_eq() {
	if [ "$2" = "$3" ]; then
		e2e_pass "$1"
		return 0
	fi
	e2e_fail "$1" "expected: $2" "got:      $3"
	return 1
}

# expect_file_contains DESC FRAGMENT FILE
expect_file_contains() {
	if grep -q -F -e "$2" "$3"; then
		e2e_pass "$1"
		return 0
	fi
	e2e_fail "$1" "$(e2e_describe "$3") lacks: $2"
	head -c 4000 "$3" | sed 's/^/#     /'
	return 1
}

# expect_file_lacks DESC FRAGMENT FILE
expect_file_lacks() {
	if ! grep -q -F -e "$2" "$3"; then
		e2e_pass "$1"
		return 0
	fi
	e2e_fail "$1" "$(e2e_describe "$3") contains: $2"
	head -c 4000 "$3" | sed 's/^/#     /'
	return 1
}

# expect_same DESC WANT_FILE GOT_FILE: the same bytes (diff -u if not).
expect_same() {
	if cmp -s "$2" "$3"; then
		e2e_pass "$1"
		return 0
	fi
	e2e_fail "$1" "files differ:"
	diff -u "$2" "$3" | head -n 60 | sed 's/^/#     /'
	return 1
}

# expect_jq DESC FILTER FILE: jq -e FILTER is true of the JSON in FILE.
expect_jq() {
	if jq -e "$2" "$3" >/dev/null 2>"$E2E_OUT/jq.err"; then
		e2e_pass "$1"
		return 0
	fi
	e2e_fail "$1" "jq -e '$2' is not true of:"
	head -c 4000 "$3" | sed 's/^/#     /'
	sed 's/^/#     /' "$E2E_OUT/jq.err"
	return 1
}

# keep NAME: copy the last command's stdout to $TMP/NAME.
keep() {
	cp "$E2E_STDOUT" "$TMP/$1"
}

# keep_squeezed NAME: the same with each run of spaces made one, so that
# checks of text output do not depend on column widths.
keep_squeezed() {
	tr -s ' ' <"$E2E_STDOUT" >"$TMP/$1"
}

# need PROGRAM...: stop with a failure when a program the script uses
# (jq for the JSON reports, sqlite3 for the store) is not installed.
need() {
	local p missing=
	for p in "$@"; do
		command -v "$p" >/dev/null 2>&1 || missing="$missing $p"
	done
	if [ -n "$missing" ]; then
		e2e_fail "required programs are installed" \
		    "$E2E_NAME needs:$missing"
		e2e_done
	fi
}

e2e_done() {
	echo "e2e $E2E_NAME: $E2E_PASS passed, $E2E_FAIL failed"
	if [ "$E2E_FAIL" -gt 0 ]; then
		exit 1
	fi
	exit 0
}
