#!/usr/bin/env bash
# Photo benchmark: in-process time per 12 MP JPEG (one thread, with the pieces), then
# whole-process `regdesk photo make` against Debian's ImageMagick 6 running the naive pipeline
# on the same file, alternating, in the same run; then a 1 000-photo folder batch (time and
# peak RSS). Usage: scripts/bench-photo.sh [RUNS]   (needs ImageMagick, libjpeg-turbo-progs
# for djpeg, and /usr/bin/time)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/fetch-onnxruntime.sh
export REGDESK_ONNXRUNTIME="$PWD/vendor/onnxruntime/libonnxruntime.so"
runs=${1:-15}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target="${CARGO_TARGET_DIR:-target}/release"
cargo build --release -q -p regdesk-cli --bin regdesk
cargo build --release -q -p regdesk-photo --example bench_make

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Three 12 MP (3000×4000) JPEGs: the portrait enlarged with light, moderate and heavy
# sensor-like noise (the moderate one, ~2 MB, is the size of a typical phone's 12 MP file).
for noise in 0.1 0.2 0.4; do
  in="$work/12mp-$noise.jpg"
  convert tests/fixtures/portrait_white.png -resize 3000x4000! -attenuate "$noise" +noise Gaussian -quality 92 "$in"
  echo "== input: $(identify -format '%wx%h' "$in"), $(stat -c %s "$in") bytes (noise $noise)"
  "$target/examples/bench_make" "$in" "$runs"
  ours=(); magick=()
  for _ in $(seq "$runs"); do
    ours+=("$(ms "$target/regdesk" photo make "$in" -o "$work/ours.jpg")")
    magick+=("$(ms convert "$in" -gravity center -crop 260:360 +repage -resize '260x360!' -define jpeg:extent=45KB "$work/magick.jpg")")
  done
  mo=$(median "${ours[@]}"); mm=$(median "${magick[@]}")
  echo "whole process, median of $runs alternating runs: regdesk ${mo} ms, ImageMagick ${mm} ms, ratio $(awk -v a="$mm" -v b="$mo" 'BEGIN {printf "%.1f", a / b}')× faster"
  # The floor for any full decode of this file: libjpeg-turbo's own tool doing the least work
  # it can (1/8 scale, output discarded), whole process.
  floor=(); for _ in $(seq "$runs"); do floor+=("$(ms djpeg -scale 1/8 -outfile /dev/null "$in")"); done
  echo "floor: djpeg -scale 1/8 of the same file, whole process, median $(median "${floor[@]}") ms"
done

mkdir -p "$work/batch"
convert tests/fixtures/portrait_white.png -resize 1500x1780 -quality 90 "$work/one.jpg"
for i in $(seq -w 1 1000); do cp "$work/one.jpg" "$work/batch/p$i.jpg"; done
/usr/bin/time -f "batch of 1000 (1500×1780 JPEGs, $(nproc) cores): %e s wall, peak RSS %M KB" \
  "$target/regdesk" photo make "$work/batch" -o "$work/batch-out" >/dev/null
