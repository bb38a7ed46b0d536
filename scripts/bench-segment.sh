#!/usr/bin/env bash
# The white background's cost. (1) In process, one thread: the person mask at each network
# input side on the fixture with a true mask (time and disagreement with the truth). (2) Folder
# batches of 16 and 100 busy-background portraits (small, and phone-sized) with and without
# --replace-background, whole process (model load included), wall time and peak RSS, same run.
#   scripts/bench-segment.sh [RUNS]     (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/fetch-onnxruntime.sh
export REGDESK_ONNXRUNTIME="$PWD/vendor/onnxruntime/libonnxruntime.so"
runs=${1:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
cargo build --release -q -p regdesk-cli --bin regdesk
echo "$(nproc) cores, release build of $(git rev-parse --short HEAD)"
cargo run --release -q -p regdesk-segment --example side_quality "$runs"
# The small brick-wall fixture (640×760) and a phone-sized one: the portrait at 12 MP with
# moderate sensor noise (~2 MB, like a phone's file), where the plain path costs what it does
# on a real upload.
convert tests/fixtures/portrait_brick.jpg -resize 3000x4000! -attenuate 0.2 +noise Gaussian -quality 92 "$work/phone.jpg"
for src in tests/fixtures/portrait_brick.jpg "$work/phone.jpg"; do
  for n in 16 100; do
    rm -rf "$work/in"; mkdir -p "$work/in"
    for i in $(seq -w 1 "$n"); do cp "$src" "$work/in/p$i.jpg"; done
    for flag in "" "--replace-background"; do
      rm -rf "$work/out"
      /usr/bin/time -f "$(basename "$src"): batch of $n ${flag:-(plain)}: %e s wall, peak RSS %M KB" \
        "$target/release/regdesk" photo make "$work/in" -o "$work/out" $flag --json >/dev/null || true
    done
  done
done
