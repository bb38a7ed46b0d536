#!/usr/bin/env bash
# What encryption at rest costs: the same 10 000-row roster committed into a workspace without
# a password (the baseline) and into one with a password (SQLCipher, argon2id key), then
# opening each for one lookup (`candidate show`, which includes argon2id on the encrypted
# one). Wall time and peak RSS from /usr/bin/time, ROUNDS rounds, release build.
#   scripts/bench-encryption.sh [ROUNDS]     (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
cargo build --release -q -p regdesk-cli --bin regdesk
cp "$target/release/regdesk" "$work/regdesk"
python3 scripts/make-roster.py "$work/big.xlsx"
pw="bench Password 9"
id=$(python3 -c 'import openpyxl,sys; ws=openpyxl.load_workbook(sys.argv[1],read_only=True).worksheets[0]; print(list(ws.iter_rows(min_row=5000,max_row=5000,values_only=True))[0][2])' "$work/big.xlsx")
echo "10 000-row XLSX, $(nproc) cores, release build of $(git rev-parse --short HEAD)"
for r in $(seq "$rounds"); do
  for mode in plain encrypted; do
    d="$work/$mode$r"
    if [ "$mode" = plain ]; then
      "$work/regdesk" --data-dir "$d" operator setup --name 培训中心 --role training_centre --json >/dev/null
      pre=""
    else
      echo "$pw" | "$work/regdesk" --data-dir "$d" operator setup --name 培训中心 --role training_centre --password-stdin --json >/dev/null
      pre="--password-stdin"
    fi
    echo "$pw" | /usr/bin/time -f "round $r $mode commit: %e s wall, peak RSS %M KB" \
      "$work/regdesk" --data-dir "$d" $pre roster import "$work/big.xlsx" --json >"$work/commit.json"
    echo "$pw" | /usr/bin/time -f "round $r $mode open + one lookup: %e s wall, peak RSS %M KB" \
      "$work/regdesk" --data-dir "$d" $pre candidate show --id-number "$id" --json >/dev/null
  done
  head -c 15 "$work/encrypted$r/regdesk.db" | grep -q "SQLite format" && { echo "the encrypted workspace is plaintext" >&2; exit 1; }
  echo "  database sizes: plain $(du -k "$work/plain$r/regdesk.db" | cut -f1) KB, encrypted $(du -k "$work/encrypted$r/regdesk.db" | cut -f1) KB"
done
# Opening alone (argon2id + SQLCipher's key check), median of 15 runs of `candidate list`.
python3 - "$work/regdesk" "$work/plain1" "$work/encrypted1" "$pw" <<'PY'
import statistics, subprocess, sys, time
regdesk, plain, enc, pw = sys.argv[1:5]
def median_ms(args, stdin):
    runs = []
    for _ in range(15):
        t = time.perf_counter()
        subprocess.run(args, input=stdin, capture_output=True, check=True)
        runs.append(time.perf_counter() - t)
    return statistics.median(runs) * 1000
p = median_ms([regdesk, "--data-dir", plain, "candidate", "list", "--json"], b"")
e = median_ms([regdesk, "--data-dir", enc, "--password-stdin", "candidate", "list", "--json"], (pw + "\n").encode())
print(f"open + list 10 000 rows, median of 15: plain {p:.1f} ms, encrypted {e:.1f} ms ({e / p:.2f}x)")
PY
