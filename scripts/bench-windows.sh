#!/usr/bin/env bash
# regdesk.exe under Wine against the Linux binary of the same commit, same run: a folder batch
# of 100 12 MP phone-style JPEGs (photo make DIR -o OUT), ROUNDS alternating rounds each, wall
# time of the whole process; then the sizes of the installer, the zip and the installed folder.
# Wine's process start (~0.1 s) is paid once per batch here, so a ratio far above 1 means a
# Windows code path is slow. Needs scripts/build-windows.sh done first.
#   scripts/bench-windows.sh [ROUNDS]     (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
version=$(scripts/version.sh)
target=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
cargo build --release -q -p regdesk-cli --bin regdesk
work=$(mktemp -d /tmp/regdesk-bench-win.XXXXXX)
export WINEPREFIX="$work/prefix"
trap 'wineserver -k 2>/dev/null || true; rm -rf "$work"' EXIT
scripts/wine-prefix.sh "$WINEPREFIX"
wineserver -p
unzip -q "dist/windows/RegDesk-$version-x64.zip" -d "$work"
exe="$work/RegDesk/regdesk.exe"

mkdir -p "$work/batch"
for i in $(seq 0 9); do
  # Ten different noise seeds, each photo ~2 MB like a phone's; ten copies of each.
  convert tests/fixtures/portrait_white.png -resize 3000x4000! -seed "$i" -attenuate 0.2 \
    +noise Gaussian -quality 92 "$work/one.jpg"
  for j in $(seq 0 9); do cp "$work/one.jpg" "$work/batch/p$i$j.jpg"; done
done
echo "100 × 3000×4000 JPEG ($(du -sh "$work/batch" | cut -f1)), $(nproc) cores, $(wine --version)"
secs() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); awk -v d=$(( e - s )) 'BEGIN {printf "%.2f", d / 1e9}'; }
linux=(); windows=()
for r in $(seq "$rounds"); do
  rm -rf "$work/out-l" "$work/out-w"
  linux+=("$(secs "$target/release/regdesk" photo make "$work/batch" -o "$work/out-l" --json)")
  windows+=("$(secs wine "$exe" photo make "$work/batch" -o "$work/out-w" --json)")
  echo "round $r: Linux ${linux[-1]} s, Wine ${windows[-1]} s"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ml=$(median "${linux[@]}"); mw=$(median "${windows[@]}")
echo "median: Linux $ml s, regdesk.exe under Wine $mw s, ratio $(awk -v a="$mw" -v b="$ml" 'BEGIN {printf "%.2f", a / b}')×"
cmp -s <(cd "$work/out-l" && sha256sum ./*.jpg) <(cd "$work/out-w" && sha256sum ./*.jpg) \
  && echo "outputs: byte-identical" || echo "outputs: differ"
ls -l "dist/windows/RegDesk-$version-x64-setup.exe" "dist/windows/RegDesk-$version-x64.zip" | awk '{printf "%s %.1f MiB\n", $NF, $5 / 1048576}'
echo "installed folder: $(du -sm "$work/RegDesk" | cut -f1) MiB"
