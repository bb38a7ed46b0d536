#!/usr/bin/env bash
# Opening packages on the review desk (release CLI, one run): DISTINCT candidates' signed
# packages are made through the real CLI (register, attach, submit, export), copied to COUNT
# files, and `regdesk review open FOLDER` (read, verify, signature, manifest cross-checks, photo
# checks re-run on the packaged bytes, each stored on the desk — a job on all cores) is timed
# against two baselines on the same files in the same run: the floor `unzip -tq` (read, inflate,
# CRC; one process per file) and `regdesk package verify` per file.
# Usage: scripts/bench-review.sh [COUNT] [DISTINCT]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-200}; distinct=${2:-20}
cargo build -q --release -p regdesk-cli --bin regdesk
bin="${CARGO_TARGET_DIR:-target}/release/regdesk"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
centre="$work/centre"; pkgs="$work/pkgs"; mkdir -p "$pkgs"
convert tests/fixtures/portrait_white.png -resize 1200x900! -quality 90 "$work/scan.jpg"

# Valid ID numbers (GB 11643 check digit), one per distinct candidate.
ids=$(python3 - "$distinct" <<'PY'
import sys
w=[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]; c="10X98765432"
for n in range(int(sys.argv[1])):
    b="500103199001%02d%03d" % (1 + n // 400, 101 + 2 * (n % 400))  # odd: male
    print(b + c[sum(int(x)*y for x, y in zip(b, w)) % 11])
PY
)
for id in $ids; do
  printf '{"name":"考生","gender":"male","idNumber":"%s","mobile":"13900001111","email":"a@example.com","education":"大学专科","major":"护理","employer":"重庆市人民医院","invoice":{"type":"personal"}}' "$id" \
    | "$bin" --data-dir "$centre" candidate add --from - >/dev/null
  "$bin" --data-dir "$centre" candidate attach --id-number "$id" --slot photo tests/fixtures/portrait_white.png >/dev/null
  for slot in id-front diploma; do "$bin" --data-dir "$centre" candidate attach --id-number "$id" --slot "$slot" "$work/scan.jpg" >/dev/null; done
  "$bin" --data-dir "$centre" profile submit --id-number "$id" >/dev/null
  "$bin" --data-dir "$centre" package export --id-number "$id" -o "$work/$id.zip" >/dev/null
done
set -- $ids
for n in $(seq 0 $((count - 1))); do
  i=$(( n % distinct + 1 )); cp "$work/${!i}.zip" "$pkgs/$(printf '%04d' "$n").zip"
done
bytes=$(du -sb "$pkgs" | cut -f1)

secs() { local s; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; echo "$(date +%s.%N) - $s" | bc; }
unzip_s=$(secs bash -c "for f in '$pkgs'/*.zip; do unzip -tq \"\$f\"; done")
verify_s=$(secs bash -c "for f in '$pkgs'/*.zip; do '$bin' package verify \"\$f\"; done")
/usr/bin/time -f '%M' -o "$work/rss" "$bin" --data-dir "$work/desk" review open "$pkgs" --json >"$work/open.json" &
start=$(date +%s.%N); wait $!; open_s=$(echo "$(date +%s.%N) - $start" | bc)
opened=$(python3 -c "import json,sys; d=json.load(open('$work/open.json')); print(len(d), sum(1 for l in d if l['code']==0))")
printf '{"packages":%d,"distinct":%d,"bytes":%d,"reviewOpenS":%.2f,"unzipTestS":%.2f,"packageVerifyS":%.2f,"openVsUnzip":%.2f,"openVsVerify":%.2f,"peakRssKb":%d,"openedValid":"%s"}\n' \
  "$count" "$distinct" "$bytes" "$open_s" "$unzip_s" "$verify_s" \
  "$(echo "$open_s / $unzip_s" | bc -l)" "$(echo "$open_s / $verify_s" | bc -l)" "$(cat "$work/rss")" "$opened"
