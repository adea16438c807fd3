#!/bin/sh
# The demo: both parties' New START declarations of 1 September 2022,
# counted and compared, then the same forces measured against an
# illustrative successor draft; last, both nodes serve their dashboards.
set -eu
accord=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
out=${DEMO_DIR:-$root/build/demo}
date=2022-09-01
samples=$root/data/samples

rm -rf "$out"
mkdir -p "$out"
cd "$out"

say() { printf '\n== %s\n\n' "$*"; }

say "1. Two workspaces, one per party, under New START (built in)"
for p in US RU; do
	ws=$(echo "$p" | tr 'A-Z' 'a-z')
	"$accord" init --treaty new-start --party "$p" "$ws" >/dev/null
	"$accord" -C "$ws" import "$samples/new-start/$date/$p.csv"
done
cat <<TXT

Each file is an item-level inventory: every missile, launcher and bomber
with its unique identifier, status, base and warheads. The United States
and Russia exchanged such databases every six months; these are
illustrative reconstructions whose totals equal the official figures
(see data/samples/README.md).
TXT

say "2. New START compliance, side by side (accord report us ru)"
"$accord" report us ru

say "3. What the official figures say for $date"
grep "^$date," "$root/tests/data/official/newstart-aggregates.csv" |
    awk -F, '{printf "  %s: deployed_vehicles %s, deployed_warheads %s, launchers %s\n", $2, $3, $4, $5}'

say "4. The United States declares; Russia verifies (accord declare / verify)"
"$accord" -C ru key add US "$("$accord" -C us key show)" >/dev/null
"$accord" -C us declare -o us-$date.json
"$accord" -C ru verify us-$date.json
cat <<TXT

In escrow mode only the commitment is shared: the root of a salted
Merkle sum tree and the totals it binds. Items are disclosed later, a
facility at a time, each with a proof against the signed root:
TXT
"$accord" -C us declare --escrow -o us-$date-escrow.json 2>/dev/null
"$accord" -C us reveal us-$date-escrow.json --facility US-WHITEMAN \
    -o whiteman.json
"$accord" -C ru verify us-$date-escrow.json --reveal whiteman.json | tail -1

say "5. Notifications go into the party's tamper-evident log"
cat <<TXT

Each declaration and every notification is an entry in the party's own
append-only log (an RFC 9162 Merkle tree), covered by a signed C2SP
checkpoint. A notification is checked against the treaty and the state
replayed from the last declaration before it is logged:
TXT
"$accord" -C us notify item.move --item US-HB-0018 --from US-PALMDALE \
    --to US-WHITEMAN stage=departure --date 2022-09-14 || true
"$accord" -C us notify item.move --item US-HB-0018 --from US-PALMDALE \
    --to US-WHITEMAN stage=departure --date 2022-09-14 || true
"$accord" -C us log list
"$accord" -C us log checkpoint
"$accord" -C us log verify

say "6. Russia's node witnesses the US log over HTTPS (accord serve / sync)"
cat <<TXT
Each party runs a node. The US node serves its log over TLS with its
signing key as identity; Russia's node, which trusts that key, fetches
the checkpoint and entries, verifies the signature and the whole tree,
checks each entry against the treaty, mirrors it, cosigns the checkpoint
and hands the cosignature back. The US node then publishes its
checkpoint with Russia's cosignature.
TXT
"$accord" -C us key add RU "$("$accord" -C ru key show)" >/dev/null 2>&1 || true
"$accord" -C us serve --listen 127.0.0.1:0 >"$out/us-serve.out" 2>/dev/null &
server=$!
url=
for i in $(seq 1 50); do
	url=$(sed -n 's/^listening on //p' "$out/us-serve.out")
	[ -n "$url" ] && break
	sleep 0.1
done
if [ -n "$url" ]; then
	"$accord" -C ru peer add US "$url"
	"$accord" -C ru sync
	"$accord" -C ru peer status
	"$accord" -C us peer status
fi
kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true

say "7. A Type One inspection, chosen by randomness both parties contribute"
cat <<TXT
The United States inspects a Russian base. Neither side can choose or
foresee what is inspected: each commits to random bytes in its own log,
and reveals them only once both commitments are logged; the site and the
missile follow from both, and anyone holding the two logs can recompute
them. Logs travel between the nodes as signed bundles here (air gap).
TXT
"$accord" -C ru declare -o ru-$date.json
"$accord" -C us peer add RU >/dev/null
send() {   # send FROM TO PARTY-OF-TO
	"$accord" -C "$1" bundle export --for "$3" -o "$1.bundle" >/dev/null
	"$accord" -C "$2" bundle import "$1.bundle" >/dev/null
}
send ru us US
id=$("$accord" -C us inspect open --kind type_one --host RU --random \
    --date 2022-09-14)
echo "opened $id"
send us ru RU
"$accord" -C ru inspect join "$id"
send ru us US
"$accord" -C ru inspect reveal "$id"     # the host first
send ru us US
"$accord" -C us inspect reveal "$id"
send us ru RU
"$accord" -C us inspect plan "$id"
site=$("$accord" -C us inspect plan "$id" --json | sed -n 's/^  "site": "\(.*\)",*$/\1/p')
missile=$("$accord" -C us inspect plan "$id" --json |
    sed -n '/"items": \[/{n;s/^ *"\(.*\)".*$/\1/p;}')
load=$(grep -o "\"uid\":\"$missile\",\"warheads\":[0-9]*" ru-$date.json |
    sed 's/.*://')
cat <<TXT

The inspectors count $load warheads on $missile, the load Russia
declared, and find one launcher the declaration does not list:
TXT
"$accord" -C us inspect record "$id" --found "$missile" RU-ICBML-HIDDEN \
    --warheads "$missile=$load" >/dev/null
"$accord" -C us inspect verify "$id" --declaration ru-$date.json || true
"$accord" inspect replay "$id" --logs us ru | head -3

say "8. The same forces under an illustrative successor draft"
cat <<TXT
The draft (data/treaties/successor-draft.yaml, ILLUSTRATIVE) keeps New
START's limits and adds non-strategic warheads, hypersonic glide vehicles,
missile-defence interceptors and a ceiling on all warheads. New START
never counted these, so the holdings below are ILLUSTRATIVE, built from
public estimates (Federation of American Scientists, early 2022; see
data/samples/README.md), and added with --with.
TXT
echo
"$accord" report --treaty successor-draft \
    --with "$samples/successor-draft/$date/{party}.csv" us ru || true

say "9. The dashboard: both nodes serve it to their operators"
cat <<TXT
Each node also serves a dashboard, to its own operator only: plain HTTP
on a loopback address, opened with a token printed once per run. It
shows the limits against the declared totals over time (with the official
New START figures), the declarations and whether they verified, both
logs, witnessing and forks, inspections, the negotiation's utility space,
and why these two parties matter. Earlier exchanges are declared too, so
that the charts have a history, and each party keeps the other's
verified declarations (accord verify --keep).
TXT
for d in 2021-03-01 2021-09-01 2022-03-01; do
	for p in us ru; do
		P=$(echo "$p" | tr 'a-z' 'A-Z')
		"$accord" -C "$p" import "$samples/new-start/$d/$P.csv" >/dev/null
		"$accord" -C "$p" declare -o "$p-$d.json" >/dev/null 2>&1
	done
	"$accord" -C us verify --keep "ru-$d.json" >/dev/null
	"$accord" -C ru verify --keep "us-$d.json" >/dev/null
done
"$accord" -C us verify --keep "ru-$date.json" >/dev/null
"$accord" -C ru verify --keep "us-$date.json" >/dev/null
for p in us ru; do   # the inventory of $date is the current one again
	P=$(echo "$p" | tr 'a-z' 'A-Z')
	"$accord" -C "$p" import "$samples/new-start/$date/$P.csv" >/dev/null
done
nodes=
stop_nodes() { [ -n "$nodes" ] && kill $nodes 2>/dev/null; wait 2>/dev/null || true; nodes=; }
trap stop_nodes EXIT
trap 'exit 0' INT TERM
for p in us ru; do
	"$accord" -C "$p" serve --listen 127.0.0.1:0 --dashboard 127.0.0.1:0 \
	    --positions "$root/data/negotiation/illustrative.yaml" \
	    >"$out/$p-dash.out" 2>"$out/$p-dash.err" &
	nodes="$nodes $!"
done
for i in $(seq 1 100); do
	if grep -q '^dashboard at' "$out/us-dash.out" &&
	    grep -q '^dashboard at' "$out/ru-dash.out"; then
		break
	fi
	sleep 0.1
done
us_url=$(sed -n 's/^listening on //p' "$out/us-dash.out")
ru_url=$(sed -n 's/^listening on //p' "$out/ru-dash.out")
"$accord" -C ru peer add US "$us_url" >/dev/null
"$accord" -C us peer add RU "$ru_url" >/dev/null
"$accord" -C ru sync
"$accord" -C us sync
"$accord" -C ru sync >/dev/null
cat <<TXT

Open in a browser on this machine (each address works for this run only):
  US: $(sed -n 's/^dashboard at //p' "$out/us-dash.out")
  RU: $(sed -n 's/^dashboard at //p' "$out/ru-dash.out")
TXT
if [ -t 0 ]; then
	echo
	echo "Both nodes keep serving; press Ctrl-C to stop them."
	wait
else
	echo "(not a terminal: the nodes stop now)"
fi
stop_nodes

say "Done"
cat <<TXT
Workspaces are in $out (us/, ru/). Try:
  $accord -C $out/us check
  $accord -C $out/us report --format markdown
  $accord treaty show successor-draft
TXT
