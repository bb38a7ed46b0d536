#!/usr/bin/env bash
# The white background's cost. (1) In process, one thread: the person mask at each network
# input side on the fixture with a true mask (time and disagreement with the truth). (2) Folder
# batches of 16 and 100 busy-background portraits with and without --replace-background, whole
# process (model load included), wall time and peak RSS, in the same run.
#   scripts/bench-segment.sh [RUNS]     (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
cargo build --release -q -p regdesk-cli --bin regdesk
echo "$(nproc) cores, release build of $(git rev-parse --short HEAD)"
cargo run --release -q -p regdesk-segment --example side_quality "$runs"
for n in 16 100; do
  mkdir -p "$work/in$n"
  for i in $(seq -w 1 "$n"); do cp tests/fixtures/portrait_brick.jpg "$work/in$n/p$i.jpg"; done
  for flag in "" "--replace-background"; do
    rm -rf "$work/out"
    /usr/bin/time -f "batch of $n ${flag:-(plain)}: %e s wall, peak RSS %M KB" \
      "$target/release/regdesk" photo make "$work/in$n" -o "$work/out" $flag --json >/dev/null || true
  done
done
