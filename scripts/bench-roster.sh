#!/usr/bin/env bash
# Roster import at 10 000 rows: read + check every row (`--dry-run`) and commit (one
# transaction), wall time and peak RSS from /usr/bin/time, ROUNDS rounds. Baseline in the same
# run: openpyxl (read-only mode) reading every cell of the same file, what a script would do.
#   scripts/bench-roster.sh [ROUNDS]     (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
cargo build --release -q -p regdesk-cli --bin regdesk
cp "$target/release/regdesk" "$work/regdesk"

python3 - "$work/big.xlsx" <<'PY'
import sys, openpyxl
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
book = openpyxl.Workbook(write_only=True)
ws = book.create_sheet("名单")
ws.append(["姓名", "性别", "身份证号", "手机号", "邮箱", "最高学历", "所学专业", "工作单位", "开票类型", "开票单位",
           "纳税人识别号", "报考项目", "意向考试区域", "证书领取方式", "收件人", "收件电话", "收件地址"])
digits = "零一二三四五六七八九"
for i in range(10_000):
    body = f"5001031985{1 + i // 300 % 12:02}{1 + i // 12 % 25:02}{i % 999 + 1:03}"
    body = body[:17]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, W)) % 11]
    gender = "男" if int(body[16]) % 2 else "女"
    name = "考生" + "".join(digits[int(c)] for c in str(i))
    ws.append([name, gender, body + check, f"139{i:08d}", f"k{i}@example.com", "大学本科", "护理", "重庆市人民医院",
               "个人", None, None, "健康管理师（三级）", "渝中区", "自取", None, None, None])
book.save(sys.argv[1])
PY
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
done
