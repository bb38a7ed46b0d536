#!/usr/bin/env bash
# Photo benchmark: in-process time per phone-style JPEG (with the pieces), then whole-process
# `regdesk photo make` against ImageMagick's one-liner and libjpeg-turbo's `djpeg -scale 1/8`
# on the same file, alternating, in the same run, with the output's fidelity to its crop; then
# a 100-phone-photo batch's peak RSS with and without the background replaced, and a
# 1 000-photo folder batch. Usage: [BASELINE=older/regdesk] scripts/bench-photo.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-packages.sh imagemagick libjpeg-turbo-progs time
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

# Phone-style JPEGs: the portrait as a 12 MP upright file with moderate sensor-like noise
# (~2 MB), a 4000×3000 landscape of a person before a light wall (~1 MB), the upright one
# stored sideways with EXIF orientation 6 (how phones store portraits), and a 48 MP one.
convert tests/fixtures/portrait_white.png -resize 3000x4000! -attenuate 0.2 +noise Gaussian -quality 92 "$work/12mp-upright.jpg"
convert tests/fixtures/portrait_white.png -resize x2700 -gravity south -background '#f6f6f4' -extent 4000x3000 -attenuate 0.15 +noise Gaussian -quality 88 "$work/12mp-landscape.jpg"
convert "$work/12mp-upright.jpg" -rotate -90 -quality 90 "$work/12mp-sideways.jpg"
python3 - "$work/12mp-sideways.jpg" <<'PY'
import struct, sys
path = sys.argv[1]
data = open(path, 'rb').read()
tiff = b'MM\x00\x2a' + struct.pack('>I', 8) + struct.pack('>H', 1) + struct.pack('>HHIHH', 0x0112, 3, 1, 6, 0) + struct.pack('>I', 0)
app1 = b'Exif\x00\x00' + tiff
open(path, 'wb').write(data[:2] + b'\xff\xe1' + struct.pack('>H', len(app1) + 2) + app1 + data[2:])
PY
convert tests/fixtures/portrait_white.png -resize 6000x8000! -attenuate 0.2 +noise Gaussian -quality 90 "$work/48mp-upright.jpg"
for in in "$work"/12mp-upright.jpg "$work"/12mp-landscape.jpg "$work"/12mp-sideways.jpg "$work"/48mp-upright.jpg; do
  echo "== $(basename "$in"): $(identify -format '%wx%h' "$in"), $(stat -c %s "$in") bytes"
  "$target/examples/bench_make" "$in" "$runs" | head -1
  scripts/bench-photo-whole.py "$runs" "$in" "$target/regdesk" ${BASELINE:+"$BASELINE"}
  # Quality: each build's output against the same crop cut from the full-size source.
  for build in "$target/regdesk" ${BASELINE:+"$BASELINE"}; do
    crop=$("$build" photo make "$in" -o "$work/q.jpg" --json | python3 -c 'import json, sys; c = json.load(sys.stdin)["crop"]; print(c["x"], c["y"], c["width"], c["height"])')
    echo "  SSIM to the ideal rendering of its crop ($build): $(scripts/photo-quality.py "$in" "$work/q.jpg" $crop)"
  done
done

# Memory: a 100-photo batch of the phone files, with and without the background replaced.
mkdir -p "$work/phones"
for i in $(seq -w 1 25); do
  for f in 12mp-upright 12mp-landscape 12mp-sideways; do cp "$work/$f.jpg" "$work/phones/$f-$i.jpg"; done
done
for i in $(seq 1 25); do cp "$work"/12mp-upright.jpg "$work/phones/extra-$i.jpg"; done
for build in "$target/regdesk" ${BASELINE:+"$BASELINE"}; do
  for bg in "" --replace-background; do
    rm -rf "$work/phones-out"
    /usr/bin/time -f "batch of 100 phone photos ${bg:-(plain)} with $build: %e s wall, peak RSS %M KB" \
      "$build" photo make "$work/phones" -o "$work/phones-out" $bg >/dev/null
  done
done

mkdir -p "$work/batch"
convert tests/fixtures/portrait_white.png -resize 1500x1780 -quality 90 "$work/one.jpg"
for i in $(seq -w 1 1000); do cp "$work/one.jpg" "$work/batch/p$i.jpg"; done
/usr/bin/time -f "batch of 1000 (1500×1780 JPEGs, $(nproc) cores): %e s wall, peak RSS %M KB" \
  "$target/regdesk" photo make "$work/batch" -o "$work/batch-out" >/dev/null
