#!/bin/sh
# A private PostgreSQL server for the test suites, from Debian's packages:
# initdb into a new temporary directory, owned by an unprivileged user
# (PostgreSQL refuses to run as root: as root that user is `nobody`),
# trust authentication for loopback only, listening on 127.0.0.1 on a
# free port with its Unix socket in the same directory.
#
#	tools/pg-test-server.sh start       prints ACCORD_TEST_PG=<url> and
#	                                    ACCORD_TEST_PG_DIR=<dir> (eval them)
#	tools/pg-test-server.sh stop DIR    stops it and removes DIR
#	tools/pg-test-server.sh run CMD...  start, run CMD with ACCORD_TEST_PG
#	                                    exported, stop (also on failure or
#	                                    interrupt); exits with CMD's status
#
# ACCORD_TEST_PG names the maintenance database `postgres` as superuser
# `accord`; tests create their own databases beside it.
set -eu

bindir() {
	local d
	if command -v pg_config >/dev/null 2>&1; then
		d=$(pg_config --bindir)
		if [ -x "$d/initdb" ]; then
			echo "$d"
			return 0
		fi
	fi
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		if [ -x "$d/initdb" ]; then
			echo "$d"
			return 0
		fi
	done
	echo "pg-test-server: no initdb (install the postgresql package:" \
	    "tools/install-deps.sh)" >&2
	return 1
}

# as_owner CMD...: run CMD as the unprivileged owner of the server.
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u nobody -- "$@"
	else
		"$@"
	fi
}

free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

start() {
	local bin dir port
	bin=$(bindir)
	if [ "$(id -u)" -eq 0 ]; then
		# in /tmp: nobody may not reach a private $TMPDIR
		dir=$(mktemp -d /tmp/accord-pg.XXXXXX)
		chown nobody "$dir"
	else
		dir=$(mktemp -d "${TMPDIR:-/tmp}/accord-pg.XXXXXX")
	fi
	chmod 0700 "$dir"
	if ! (cd "$dir" && as_owner "$bin/initdb" -D "$dir/data" -U accord \
	    -A trust -E UTF8 --locale=C.UTF-8 --no-instructions \
	    >"$dir/initdb.log" 2>&1); then
		cat "$dir/initdb.log" >&2
		rm -rf "$dir"
		echo "pg-test-server: initdb failed" >&2
		return 1
	fi
	# loopback only: no host lines but 127.0.0.1 and the socket
	printf '%s\n' 'local all all trust' 'host all all 127.0.0.1/32 trust' \
	    >"$dir/data/pg_hba.conf"
	if [ "$(id -u)" -eq 0 ]; then
		chown nobody "$dir/data/pg_hba.conf"
	fi
	port=$(free_port)
	if ! (cd "$dir" && as_owner "$bin/pg_ctl" -D "$dir/data" -w -t 60 \
	    -l "$dir/server.log" -o "-c listen_addresses=127.0.0.1 \
	    -c port=$port -c unix_socket_directories=$dir \
	    -c max_connections=40 -c fsync=off" start \
	    >/dev/null 2>&1); then
		cat "$dir/server.log" >&2 || true
		rm -rf "$dir"
		echo "pg-test-server: the server did not start" >&2
		return 1
	fi
	echo "ACCORD_TEST_PG=postgresql://accord@127.0.0.1:$port/postgres"
	echo "ACCORD_TEST_PG_DIR=$dir"
}

stop() {
	local dir=$1 bin
	bin=$(bindir)
	case $dir in
	*/accord-pg.*) ;;
	*)
		echo "pg-test-server: $dir is not a test server's directory" >&2
		return 1
		;;
	esac
	if [ -d "$dir/data" ]; then
		(cd "$dir" && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast \
		    -w stop >/dev/null 2>&1) || true
	fi
	rm -rf "$dir"
}

case ${1:-} in
start)
	start
	;;
stop)
	[ $# -eq 2 ] || { echo "usage: $0 stop DIR" >&2; exit 64; }
	stop "$2"
	;;
run)
	shift
	[ $# -ge 1 ] || { echo "usage: $0 run CMD..." >&2; exit 64; }
	env_lines=$(start)
	eval "$env_lines"
	export ACCORD_TEST_PG
	trap 'stop "$ACCORD_TEST_PG_DIR"' EXIT
	trap 'exit 130' INT TERM
	echo "pg-test-server: $ACCORD_TEST_PG ($ACCORD_TEST_PG_DIR)" >&2
	status=0
	"$@" || status=$?
	exit "$status"
	;;
*)
	echo "usage: $0 start | stop DIR | run CMD..." >&2
	exit 64
	;;
esac
