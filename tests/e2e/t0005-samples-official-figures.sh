#!/usr/bin/env bash
# Every item-level sample under data/samples/new-start/<date>/<PARTY>.csv
# counts to the figures that party declared for that date: a fresh
# workspace imports it, and `accord report --format json` must give the
# as_of date of the directory and the deployed_vehicles,
# deployed_warheads and launchers of tests/data/official/
# newstart-aggregates.csv (the State Department's aggregate fact sheets).

TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
. "${0%/*}/lib.sh"
need jq

SAMPLES=$SRC/data/samples/new-start
OFFICIAL=$SRC/tests/data/official/newstart-aggregates.csv

expect_eq "the official figures are present" yes \
    "$([ -s "$OFFICIAL" ] && echo yes)"

# official DATE PARTY: "vehicles warheads launchers" from the table, found
# by column name; empty when the table has no row or no figures.
official() {
	awk -F, -v d="$1" -v p="$2" '
	NR == 1 {
		for (i = 1; i <= NF; i++)
			col[$i] = i
		next
	}
	$col["as_of"] == d && $col["party"] == p {
		v = $col["deployed_vehicles"]
		w = $col["deployed_warheads"]
		l = $col["launchers"]
		if (v != "" && w != "" && l != "")
			print v, w, l
		exit
	}' "$OFFICIAL"
}

n=0
if [ ! -d "$SAMPLES" ]; then
	e2e_fail "samples exist" "$SAMPLES is missing: expected" \
	    "data/samples/new-start/<YYYY-MM-DD>/<PARTY>.csv"
else
	for sample in "$SAMPLES"/*/*.csv; do
		[ -f "$sample" ] || continue
		date=${sample%/*}
		date=${date##*/}
		party=${sample##*/}
		party=${party%.csv}
		n=$((n + 1))
		want=$(official "$date" "$party")
		if [ -z "$want" ]; then
			e2e_fail "$date $party: official figures exist" \
			    "no row with all three figures in $OFFICIAL"
			continue
		fi
		# shellcheck disable=SC2086  # three figures, split on purpose
		set -- $want
		ws=$TMP/ws
		rm -rf "$ws"
		expect_ok accord init --treaty new-start --party "$party" "$ws" ||
		    continue
		expect_ok accord -C "$ws" import "$sample" || continue
		expect_ok accord -C "$ws" report --format json || continue
		got=$(jq -r '"as_of=\(.as_of) party=\(.party) " +
		    ([.limits[] | select(.id == "deployed_vehicles" or
		    .id == "deployed_warheads" or .id == "launchers") |
		    "\(.id)=\(.value)"] | join(" "))' "$E2E_STDOUT")
		expect_eq "$date $party counts to the declared figures" \
		    "as_of=$date party=$party deployed_vehicles=$1 deployed_warheads=$2 launchers=$3" \
		    "$got"
		# the declared figures were within every limit that bound
		expect_exit 0 accord -C "$ws" check --quiet
	done
fi
expect_eq "at least one sample found under data/samples/new-start" yes \
    "$([ "$n" -gt 0 ] && echo yes)"
echo "# $n samples"

e2e_done
