#!/bin/sh
# Installs the Debian 12 packages accord needs to build, test, benchmark
# and run its demo. Idempotent: installs only what is missing. Runs as
# root, or through sudo otherwise. Node.js and npm install the dashboard's
# chart library and the browser tests' driver (npm ci, from the
# Makefile); the tests drive Debian's Chromium, never a downloaded one.
set -eu

pkgs="
gcc clang make meson ninja-build pkg-config
libssl-dev libsqlite3-dev sqlite3 libjansson-dev libyaml-dev libcmocka-dev
libclang-rt-14-dev
libmicrohttpd-dev libcurl4-openssl-dev libpq-dev postgresql wrk
libgnutls28-dev stunnel4 curl openssl
jq python3
chromium fonts-dejavu-core
"
# A Node.js that is already there (with its own npm) is kept.
command -v node >/dev/null 2>&1 || pkgs="$pkgs nodejs"
command -v npm >/dev/null 2>&1 || pkgs="$pkgs npm"

missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo="sudo"
else
	echo "install-deps: missing packages:$missing" >&2
	echo "install-deps: run as root or install sudo" >&2
	exit 1
fi
echo "install-deps: installing$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
    --no-install-recommends $missing
