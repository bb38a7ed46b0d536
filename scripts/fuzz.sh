#!/usr/bin/env bash
# Fuzz one parser of strangers' files with libFuzzer (cargo-fuzz, nightly toolchain), seeded
# from the test fixtures. Usage: scripts/fuzz.sh TARGET SECONDS
#   TARGET: photo_decode | jpeg_markers | package_verify | roster_import | decision_import |
#           registration_import
# Crashes land in fuzz/artifacts/TARGET/; the corpus grows in fuzz/corpus/TARGET/ (ignored).
# Not part of CI (minutes per target); results are written up in the README.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?target}; secs=${2:-60}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
corpus="fuzz/corpus/$target"; mkdir -p "$corpus"
case "$target" in
  photo_decode|jpeg_markers)
    find tests/fixtures -maxdepth 1 -type f \( -name '*.jpg' -o -name '*.png' -o -name '*.webp' -o -name '*.heic' \) -size -400k -exec cp -n {} "$corpus/" \; ;;
  package_verify)
    find tests/fixtures -name '*.zip' -size -2M -exec cp -n {} "$corpus/" \; 2>/dev/null || true ;;
  roster_import)
    find tests/fixtures/roster -type f -size -2M -exec cp -n {} "$corpus/" \; ;;
  registration_import)
    printf '[{"idNumber":"11010519491231002X","review":{"decision":"passed","reasons":[],"decidedAt":"2026-11-20"},"noticeAcknowledged":true,"examItem":"健康管理师三级","region":"渝中区","payment":{"status":"paid","reference":"WX1"},"serialNumber":"0007","session":{"batch":"第1批","time":"2026-12-12 09:00","site":"重庆","seat":"12"},"ticketOpensAt":"2026-12-05","certificate":{"method":"self_pickup"}}]' > "$corpus/seed.json" ;;
  decision_import)
    printf '{"id":"x","packageSha256":"00","idNumber":"1","decision":"pass","reasons":[],"note":null,"reviewerFingerprint":"a","reviewerName":"b","decidedAt":"2026-11-30T10:00:00+08:00","resolves":[],"publicKey":"00","signature":"00"}' > "$corpus/seed.json" ;;
esac
# Rust code is memory-safe: no sanitizer keeps the C decoders fast; panics, aborts, hangs
# (-timeout) and memory over -rss_limit_mb are what is looked for.
cargo +nightly fuzz run --sanitizer none "$target" "$corpus" -- \
  -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=2000000 -print_final_stats=1
