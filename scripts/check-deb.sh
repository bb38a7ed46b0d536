#!/usr/bin/env bash
# Checks the .deb once on this machine (not part of every CI run): installs it with apt-get
# (which pulls the declared dependencies), checks what it put where, launches the installed
# app from its desktop entry's Exec line under Xvfb and screenshots it, runs the installed
# `regdesk`, then removes the package. Prints package size and install time for the README.
#   scripts/check-deb.sh [FILE.deb]      (default: the newest one scripts/package.sh made)
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
target=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
deb="${1:-$(ls -t "$target"/release/bundle/deb/*.deb | head -1)}"
deb=$(realpath "$deb")
echo "package: $deb ($(stat -c %s "$deb") bytes)"
dpkg-deb --field "$deb" Package Version Depends Recommends
start=$(date +%s%N)
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$deb" >/dev/null
echo "install time: $(( ($(date +%s%N) - start) / 1000000 )) ms"
pkg=$(dpkg-deb --field "$deb" Package)
trap 'DEBIAN_FRONTEND=noninteractive $SUDO apt-get remove -y -qq "$pkg" >/dev/null; echo "removed $pkg"' EXIT
desktop=$(dpkg -L "$pkg" | grep '\.desktop$' | head -1)
echo "desktop entry: $desktop"
grep -E '^(Name|Name\[zh_CN\]|Exec|Icon)=' "$desktop"
command -v regdesk >/dev/null || { echo "regdesk is not on the PATH" >&2; exit 1; }
regdesk --version
# The end-to-end tests' stand-in for the native save dialog exists only in debug builds.
installed_app=$(dpkg -L "$pkg" | grep '/bin/regdesk-desktop$' | head -1)
if grep -q REGDESK_E2E_ACCEPT_SUGGESTED_PATHS "$installed_app"; then
  echo "the release app contains the test-only save-dialog switch" >&2; exit 1
fi
echo "no test-only save-dialog switch in $installed_app"
# The white background's runtime: ONNX Runtime where both binaries look for it (../lib/regdesk).
dpkg -L "$pkg" | grep -qx '/usr/lib/regdesk/libonnxruntime.so' \
  || { echo "the package lacks /usr/lib/regdesk/libonnxruntime.so" >&2; exit 1; }
echo "ONNX Runtime installed: /usr/lib/regdesk/libonnxruntime.so"
printf '91350100M000100Y43\n' | regdesk validate uscc
exec_line=$(sed -n 's/^Exec=//p' "$desktop" | head -1 | sed 's/ %[fFuU]//g')
data=$(mktemp -d)
display=:$((80 + RANDOM % 9))
Xvfb "$display" -screen 0 1200x780x24 -nolisten tcp & xvfb=$!
sleep 1
DISPLAY=$display $exec_line --data-dir "$data" & app=$!
sleep "${SHOT_DELAY:-8}"
kill -0 "$app" || { echo "the installed app did not stay up" >&2; exit 1; }
DISPLAY=$display import -window root "$target/deb-installed.png"
echo "screenshot of the installed app: $target/deb-installed.png"
kill "$app" "$xvfb" 2>/dev/null || true
rm -rf "$data"
