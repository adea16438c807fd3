#!/bin/sh
# Two party nodes for the dashboard: US and RU under New START, each
# declaring its sample inventories of several dates (so that the charts
# have a series), keeping the other's verified packages, exchanging
# their logs as bundles (each mirrors and cosigns the other's), with a
# notification, a Type One inspection whose findings are checked and
# a second one still open.
# Usage: nodes.sh ACCORD DIR   (DIR is made; DIR/us and DIR/ru)
set -eu
accord=$1
dir=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
samples=$root/data/samples/new-start
dates=${ACCORD_DASH_DATES:-"2019-03-01 2020-03-01 2021-03-01 2022-03-01 2022-09-01"}

mkdir -p "$dir"
cd "$dir"
a() { "$accord" "$@"; }
for p in US RU; do
	ws=$(echo "$p" | tr 'A-Z' 'a-z')
	a init --treaty new-start --party "$p" "$ws" >/dev/null
done
a -C us key add RU "$(a -C ru key show)" >/dev/null
a -C ru key add US "$(a -C us key show)" >/dev/null
a -C us peer add RU >/dev/null
a -C ru peer add US >/dev/null
send() {   # send FROM TO PARTY-OF-TO
	a -C "$1" bundle export --for "$3" -o "$1.bundle" >/dev/null
	a -C "$2" bundle import "$1.bundle" >/dev/null
}
for d in $dates; do
	for p in US RU; do
		ws=$(echo "$p" | tr 'A-Z' 'a-z')
		a -C "$ws" import "$samples/$d/$p.csv" >/dev/null
		a -C "$ws" declare -o "$ws-$d.json" >/dev/null 2>&1
	done
	a -C us verify --keep "ru-$d.json" >/dev/null
	a -C ru verify --keep "us-$d.json" >/dev/null
done
a -C us notify item.move --item US-HB-0018 --from US-PALMDALE \
    --to US-WHITEMAN stage=departure --date 2022-09-14 >/dev/null
send us ru RU
send ru us US
last=$(echo "$dates" | tr ' ' '\n' | tail -1)
id=$(a -C us inspect open --kind type_one --host RU --random \
    --date 2022-09-14)
send us ru RU
a -C ru inspect join "$id" >/dev/null
send ru us US
a -C ru inspect reveal "$id" >/dev/null
send ru us US
a -C us inspect reveal "$id" >/dev/null
send us ru RU
missile=$(a -C us inspect plan "$id" --json |
    sed -n '/"items": \[/{n;s/^ *"\(.*\)".*$/\1/p;}')
load=$(grep -o "\"uid\":\"$missile\",\"warheads\":[0-9]*" "ru-$last.json" |
    sed 's/.*://')
a -C us inspect record "$id" --found "$missile" RU-ICBML-HIDDEN \
    --warheads "$missile=$load" >/dev/null
send us ru RU
send ru us US
# a second inspection, opened and not yet joined: an open one
a -C us inspect open --kind type_one --host RU --random \
    --date 2022-10-03 >/dev/null
echo "$id"
