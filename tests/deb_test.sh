#!/usr/bin/env bash
# The Debian package: built by CPack from this build folder, installed with apt-get (which pulls in
# the dependencies it declares), the quick-start scenario run from the installed data in another
# folder, then the package removed. It changes the machine's /usr, so it runs only where asked
# (DDBSIM_DEB_TEST=1, as .ci/run does), as root, with apt-get and dpkg-shlibdeps; else it says
# why it skips. Run after `cmake --build` (CPack packages what the build made).
# usage: deb_test.sh DDBSIM_BINARY SOURCE_DIR
set -u
bin=$1
src=$2
source "$(dirname "$0")/lib.sh"
build=$(cd "$(dirname "$bin")" && pwd)

skip() { echo "SKIPPED: $*"; exit 0; }
[ "${DDBSIM_DEB_TEST:-0}" = 1 ] || skip "set DDBSIM_DEB_TEST=1 to build, install and remove the Debian package"
[ "$(id -u)" = 0 ] || skip "not root: apt-get cannot install the package"
command -v apt-get >/dev/null || skip "no apt-get"
command -v dpkg-shlibdeps >/dev/null || skip "no dpkg-shlibdeps (apt-get install dpkg-dev)"
[ -f "$build/CPackConfig.cmake" ] || { bad "$build has no CPackConfig.cmake"; exit 1; }
if dpkg -s ddbsim >/dev/null 2>&1; then skip "a ddbsim package is already installed: not touching it"; fi

(cd "$tmp" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1) &&
    ok || { bad "cpack -G DEB failed: $(tail -5 "$tmp/cpack.log")"; exit 1; }
deb=$(ls "$tmp"/pkg/ddbsim_*.deb)
dpkg-deb -f "$deb" Depends | grep -q 'libgsl' && ok || bad "the package does not depend on GSL: $(dpkg-deb -f "$deb" Depends)"
dpkg-deb -f "$deb" Recommends | grep -q 'gnuplot' && ok || bad "the package does not recommend gnuplot"

trap 'apt-get remove -y -qq -o DPkg::Lock::Timeout=120 ddbsim >/dev/null 2>&1; rm -rf "$tmp"' EXIT
apt-get install -y -qq -o DPkg::Lock::Timeout=120 "$deb" >"$tmp/apt.log" 2>&1 && ok || { bad "apt-get install failed: $(tail -5 "$tmp/apt.log")"; exit 1; }

mkdir -p "$tmp/elsewhere" && cd "$tmp/elsewhere" || exit 1
/usr/bin/ddbsim --version | grep -qxF "data folder: /usr/share/ddbsim (beside the executable)" &&
    ok || bad "the installed ddbsim does not use /usr/share/ddbsim: $(/usr/bin/ddbsim --version)"
plot=; command -v gnuplot >/dev/null && plot=--plot
expect 0 "" -- /usr/bin/ddbsim run /usr/share/ddbsim/scenarios/quickstart.json -o out --quiet $plot
grep -qE '"provisioned_per_month_usd":[[:space:]]+[0-9]' out/summary.json && ok || bad "summary.json has no cost"
[ -z "$plot" ] || { [ -s out/heatmap.png ] && ok || bad "no heat map drawn"; }
[ -s /usr/share/doc/ddbsim/LICENSE ] && [ -s /usr/share/man/man1/ddbsim.1 ] && ok || bad "no license or manual page installed"

apt-get remove -y -qq -o DPkg::Lock::Timeout=120 ddbsim >"$tmp/apt.log" 2>&1 && ok || bad "apt-get remove failed: $(tail -5 "$tmp/apt.log")"
[ ! -e /usr/bin/ddbsim ] && ok || bad "/usr/bin/ddbsim is still there after removal"

echo "deb: $passed passed, $failed failed"
[ "$failed" = 0 ]
