#!/usr/bin/env bash
# Photo benchmark: in-process time per 12 MP JPEG (one thread), then whole-process
# `regdesk photo make` against Debian's ImageMagick 6 running the naive pipeline on the same
# file, alternating, in the same run; then a 1 000-photo folder batch (time and peak RSS).
# Usage: scripts/bench-photo.sh [RUNS]   (needs ImageMagick; builds release binaries)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target="${CARGO_TARGET_DIR:-target}/release"
cargo build --release -q -p regdesk-cli --bin regdesk
cargo build --release -q -p regdesk-photo --example bench_make
# A 12 MP (3000×4000) phone-like JPEG: the portrait enlarged, with sensor-like noise.
convert tests/fixtures/portrait_white.png -resize 3000x4000! -attenuate 0.4 +noise Gaussian -quality 92 "$work/12mp.jpg"
echo "input: $(identify -format '%wx%h' "$work/12mp.jpg"), $(stat -c %s "$work/12mp.jpg") bytes"
"$target/examples/bench_make" "$work/12mp.jpg" "$runs"

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
ours=(); magick=()
for _ in $(seq "$runs"); do
  ours+=("$(ms "$target/regdesk" photo make "$work/12mp.jpg" -o "$work/ours.jpg")")
  magick+=("$(ms convert "$work/12mp.jpg" -gravity center -crop 260:360 +repage -resize '260x360!' -define jpeg:extent=45KB "$work/magick.jpg")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mo=$(median "${ours[@]}"); mm=$(median "${magick[@]}")
echo "whole process, median of $runs alternating runs: regdesk ${mo} ms, ImageMagick ${mm} ms, ratio $(awk -v a="$mm" -v b="$mo" 'BEGIN {printf "%.1f", a / b}')× faster"

mkdir -p "$work/batch"
convert tests/fixtures/portrait_white.png -resize 1500x1780 -quality 90 "$work/one.jpg"
for i in $(seq -w 1 1000); do cp "$work/one.jpg" "$work/batch/p$i.jpg"; done
/usr/bin/time -f "batch of 1000 (1500×1780 JPEGs, $(nproc) cores): %e s wall, peak RSS %M KB" \
  "$target/regdesk" photo make "$work/batch" -o "$work/batch-out" >/dev/null
