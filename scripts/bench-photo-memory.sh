#!/usr/bin/env bash
# Peak memory of one `regdesk photo make` on the worst inputs it accepts: a PNG at the pixel
# limit (120 MP, decoded whole), a 120 MP JPEG (decoded at 1/8 DCT scale), a 12 MP phone-sized
# JPEG plain and with the white background (segmentation). Peak RSS from /usr/bin/time; the
# same-run baseline is ImageMagick's `convert IN -resize 260x360 OUT` on each file.
#   scripts/bench-photo-memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
cargo build --release -q -p regdesk-cli --bin regdesk
cp "$target/release/regdesk" "$work/regdesk"
portrait=tests/fixtures/portrait_white.png
# The portrait centred on a large canvas, so a face is found and the whole pipeline runs.
convert "$portrait" -resize 3000x4000 -gravity center -background white -extent 10000x12000 "$work/120mp.png"
convert "$work/120mp.png" -quality 90 "$work/120mp.jpg"
# The same with an alpha channel (RGBA, flattened on white) and as 16-bit RGBA (8 bytes a pixel:
# 960 MB decoded, just under the decoder's 1 GiB allocation limit).
convert "$work/120mp.png" -alpha set -channel A -evaluate set 95% +channel -depth 8 "PNG32:$work/120mp_rgba.png"
convert "$portrait" -resize 3000x4000 -gravity center -background white -extent 10000x12000 \
  -alpha set -depth 16 "PNG64:$work/120mp_rgba16.png"
# The largest 16-bit RGBA the limit accepts (8000 × 8300: 531 MB decoded), the worst case.
convert "$portrait" -resize 3000x4000 -gravity center -background white -extent 8000x8300 \
  -alpha set -depth 16 "PNG64:$work/66mp_rgba16.png"
convert "$portrait" -resize 3000x4000! -attenuate 0.3 +noise Gaussian -quality 92 "$work/12mp.jpg"
echo "$(nproc) cores, release build of $(git rev-parse --short HEAD)"
for f in 120mp.png 120mp_rgba.png 120mp_rgba16.png 66mp_rgba16.png 120mp.jpg 12mp.jpg; do
  echo "$f: $(du -h "$work/$f" | cut -f1), $(identify -format '%wx%h' "$work/$f")"
  /usr/bin/time -f "  baseline convert -resize: %e s, peak RSS %M KB" \
    convert "$work/$f" -resize 260x360 "$work/base.jpg"
  /usr/bin/time -f "  regdesk photo make: %e s, peak RSS %M KB" \
    "$work/regdesk" photo make "$work/$f" -o "$work/out.jpg" --json >/dev/null || true
done
/usr/bin/time -f "  12mp.jpg regdesk photo make --replace-background: %e s, peak RSS %M KB" \
  "$work/regdesk" photo make "$work/12mp.jpg" -o "$work/out.jpg" --replace-background --json >/dev/null || true
