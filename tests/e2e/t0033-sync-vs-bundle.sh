#!/usr/bin/env bash
# The same two nodes, copied (entries carry the time they were made, so
# both pairs start from one history): one pair witnesses over HTTPS, the
# other only through bundles. Both pairs end with identical mirrors (entries,
# checkpoints, roots) and the same cosignatures (by witness and size).

TMP=$(mktemp -d) || exit 1
PIDS=""
cleanup() {
	for p in $PIDS; do
		kill -9 "$p" 2>/dev/null
	done
	rm -rf "$TMP"
}
trap cleanup EXIT
. "${0%/*}/lib.sh"
need jq

US=$TMP/us RU=$TMP/ru
expect_ok accord init --treaty new-start --party US "$US"
expect_ok accord init --treaty new-start --party RU "$RU"
expect_ok accord -C "$RU" key add US "$(accord -C "$US" key show)"
expect_ok accord -C "$US" key add RU "$(accord -C "$RU" key show)"
for i in 1 2 3 4 5; do
	expect_ok accord -C "$US" notify message "text=us $i"
	expect_ok accord -C "$RU" notify message "text=ru $i"
done
cp -a "$US" "$TMP/us-b"
cp -a "$RU" "$TMP/ru-b"

# the online pair
serve() {
	local out=$TMP/$1.serve i
	"$ACCORD" -C "$2" serve --listen 127.0.0.1:0 >"$out" 2>"$out.err" &
	PIDS="$PIDS $!"
	for i in $(seq 100); do
		URL=$(sed -n 's/^listening on //p' "$out")
		[ -n "$URL" ] && return 0
		sleep 0.1
	done
	return 1
}
serve us "$US"; expect_ok accord -C "$RU" peer add US "$URL"
serve ru "$RU"; expect_ok accord -C "$US" peer add RU "$URL"
for round in 1 2; do
	expect_ok accord -C "$RU" sync
	expect_ok accord -C "$US" sync
done
expect_ok accord -C "$RU" sync
expect_ok accord -C "$US" sync

# the bundle-only pair: the same steps through files
expect_ok accord -C "$TMP/ru-b" peer add US
expect_ok accord -C "$TMP/us-b" peer add RU
for round in 1 2; do
	expect_ok accord -C "$TMP/us-b" bundle export --for RU -o "$TMP/u.bundle"
	expect_ok accord -C "$TMP/ru-b" bundle import "$TMP/u.bundle"
	expect_ok accord -C "$TMP/ru-b" bundle export --for US -o "$TMP/r.bundle"
	expect_ok accord -C "$TMP/us-b" bundle import "$TMP/r.bundle"
done
expect_ok accord -C "$TMP/us-b" bundle export --for RU -o "$TMP/u.bundle"
expect_ok accord -C "$TMP/ru-b" bundle import "$TMP/u.bundle"
expect_ok accord -C "$TMP/ru-b" bundle export --for US -o "$TMP/r.bundle"
expect_ok accord -C "$TMP/us-b" bundle import "$TMP/r.bundle"

# compare: everything but addresses
for n in us ru; do
	accord -C "$TMP/$n" peer status --json |
	    jq -S 'del(.peers[].url)' >"$TMP/$n-online.json"
	accord -C "$TMP/$n-b" peer status --json |
	    jq -S 'del(.peers[].url)' >"$TMP/$n-bundle.json"
	expect_same "$n: the same mirrors and cosignatures online and by bundle" \
	    "$TMP/$n-online.json" "$TMP/$n-bundle.json"
done
expect_jq "RU mirrors and cosigned US's 5 entries" \
    '.peers[0].entries == 5 and .peers[0].cosigned == 5' "$TMP/ru-online.json"
expect_jq "US holds RU's cosignature of its size 5" \
    '.cosigned_by["accord/new-start/RU"] == 5' "$TMP/us-bundle.json"
expect_eq "the online and bundle mirrors have one root" \
    "$(jq -r '.peers[0].root' "$TMP/ru-online.json")" \
    "$(accord -C "$TMP/us-b" log checkpoint | sed -n 3p)"

e2e_done
