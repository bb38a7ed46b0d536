#!/usr/bin/env bash
# The bulk grid with 10 000 candidates in the real window: search and filter, milliseconds from
# the input to the next frame drawn with the answer (tests/bench_grid.rs, ignored in CI).
#   scripts/bench-grid.sh [ROUNDS]     (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 scripts/make-roster.py "$work/big.xlsx"
(cd ui && npx vite build >/dev/null)
echo "$(nproc) cores, $(git rev-parse --short HEAD), debug build of the app (the filter runs in the page)"
REGDESK_BENCH_ROSTER="$work/big.xlsx" ROUNDS="${1:-5}" \
  xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
  cargo test -q --test bench_grid -- --ignored --nocapture 2>&1 | grep -v '^test result\|^running\|^$'
