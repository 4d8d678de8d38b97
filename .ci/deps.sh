#!/bin/sh
# Installs the Debian 12 packages trailhunt needs, only those missing, so it
# is cheap to run every time (as root, or through sudo when available).
# usage: .ci/deps.sh [extra-package...]
set -eu
packages="build-essential cmake pkg-config libsimdjson-dev libabsl-dev doctest-dev
  libbenchmark-dev libdeflate-dev zlib1g-dev libarchive-dev libre2-dev libyaml-cpp-dev $*"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing" >&2
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
