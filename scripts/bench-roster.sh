#!/usr/bin/env bash
# Roster import at 10 000 rows: read + check every row (`--dry-run`) and commit (one
# transaction), wall time and peak RSS from /usr/bin/time, ROUNDS rounds. Baseline in the same
# run: openpyxl (read-only mode) reading every cell of the same file, what a script would do.
#   scripts/bench-roster.sh [ROUNDS]     (default 3)
#   BASELINE=/path/to/an/older/regdesk scripts/bench-roster.sh   also times that build's commit,
#   alternating with this one's, in the same run (e.g. the release before a change).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
cargo build --release -q -p regdesk-cli --bin regdesk
cp "$target/release/regdesk" "$work/regdesk"

python3 scripts/make-roster.py "$work/big.xlsx"
echo "10 000-row XLSX ($(du -h "$work/big.xlsx" | cut -f1)), $(nproc) cores, release build of $(git rev-parse --short HEAD)"
for r in $(seq "$rounds"); do
  /usr/bin/time -f "round $r baseline openpyxl read: %e s wall, peak RSS %M KB" python3 -c '
import sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1], read_only=True)
n = sum(1 for row in book.worksheets[0].iter_rows(values_only=True) for v in row if v is not None)
' "$work/big.xlsx"
  /usr/bin/time -f "round $r preview (--dry-run): %e s wall, peak RSS %M KB" \
    "$work/regdesk" --data-dir "$work/data$r" roster import "$work/big.xlsx" --dry-run --json >"$work/preview.json" || true
  /usr/bin/time -f "round $r commit: %e s wall, peak RSS %M KB" \
    "$work/regdesk" --data-dir "$work/data$r" roster import "$work/big.xlsx" --json >"$work/commit.json" || true
  python3 -c 'import json,sys; print("  counts", json.load(open(sys.argv[1]))["counts"])' "$work/commit.json"
  if [ -n "${BASELINE:-}" ]; then
    /usr/bin/time -f "round $r baseline build's commit ($BASELINE): %e s wall, peak RSS %M KB" \
      "$BASELINE" --data-dir "$work/base$r" roster import "$work/big.xlsx" --json >/dev/null || true
  fi
done
