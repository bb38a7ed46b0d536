#!/usr/bin/env bash
# Folder-batch throughput and memory, this code against a baseline revision, in one run:
# both release CLIs process the same 1 000-photo folder, alternating, ROUNDS times each
# (wall time and peak RSS from /usr/bin/time).
#   scripts/bench-batch.sh [BASE_REV] [ROUNDS]     (default: ca0f164, the batch before jobs; 3)
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-ca0f164}
rounds=${2:-3}
work=$(mktemp -d)
trap 'git worktree remove --force "$work/base-tree" 2>/dev/null || true; rm -rf "$work"' EXIT
target=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
git worktree add -q --detach "$work/base-tree" "$base"
(cd "$work/base-tree" && CARGO_TARGET_DIR="$target" cargo build --release -q -p regdesk-cli --bin regdesk)
cp "$target/release/regdesk" "$work/regdesk-base"
cargo build --release -q -p regdesk-cli --bin regdesk
cp "$target/release/regdesk" "$work/regdesk-new"

mkdir -p "$work/batch"
convert tests/fixtures/portrait_white.png -resize 1500x1780 -quality 90 "$work/one.jpg"
for i in $(seq -w 1 1000); do cp "$work/one.jpg" "$work/batch/p$i.jpg"; done
echo "1 000 × 1500×1780 JPEG, $(nproc) cores; baseline $base ($(git rev-parse --short "$base")) vs $(git rev-parse --short HEAD)"
for r in $(seq "$rounds"); do
  for which in base new; do
    rm -rf "$work/out"
    /usr/bin/time -f "round $r $which: %e s wall, peak RSS %M KB" \
      "$work/regdesk-$which" photo make "$work/batch" -o "$work/out" --json >/dev/null || true
  done
done
