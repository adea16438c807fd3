#!/bin/sh
# Bans unsafe calls from the C sources (STYLE.md section 10): strcpy
# strcat sprintf vsprintf gets strtok atoi atol alloca system rand, and
# memcmp anywhere a secret could be compared (use CRYPTO_memcmp).
set -eu
root=$1
cd "$root"
files=$(find lib cli tests fuzz bench tools -name '*.c' -o -name '*.h' 2>/dev/null | sort)
pattern='(^|[^_a-zA-Z0-9.>])(strcpy|strcat|sprintf|vsprintf|gets|strtok|atoi|atol|alloca|system|rand|memcmp)[[:space:]]*\('
found=$(grep -nE "$pattern" $files | grep -v 'banned-ok' || true)
if [ -n "$found" ]; then
	echo "banned calls (see STYLE.md section 10):"
	echo "$found"
	exit 1
fi
echo "no banned calls in $(echo "$files" | wc -l) files"
