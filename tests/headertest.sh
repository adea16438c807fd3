#!/bin/sh
# Each public header compiles on its own under -std=c17 -pedantic -Werror
# (STYLE.md section 5).
set -eu
root=$1
cc=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for h in "$root"/include/accord/*.h; do
	name=$(basename "$h")
	printf '#include <accord/%s>\n#include <accord/%s>\n' "$name" "$name" \
	    > "$tmp/t.c"
	if ! "$cc" -std=c17 -pedantic -Wall -Wextra -Werror \
	    -I"$root/include" -c "$tmp/t.c" -o "$tmp/t.o"; then
		echo "header does not compile alone: $name"
		fail=1
	fi
	# no dependency types leak into the public API
	if grep -nE '#include <(openssl|sqlite3|libpq|jansson|yaml|microhttpd)' "$h"; then
		echo "public header includes a dependency: $name"
		fail=1
	fi
done
exit $fail
