#!/usr/bin/env bash
# Builds the Debian package with the Tauri bundler: the desktop app (desktop entry in Chinese
# and English, icons), the `regdesk` command line in /usr/bin, and declared dependencies
# (WebKitGTK from the bundler, a CJK font, libheif recommended), and ONNX Runtime's library. tauri-cli comes from
# crates.io; nothing else is downloaded (only the .deb target, whose bundler needs no tools).
#   scripts/package.sh            → target/release/bundle/deb/RegDesk_<version>_amd64.deb
# Windows (.msi/NSIS) and macOS (.app/.dmg) bundles come from the same command on those
# systems: `cargo tauri build` with `--bundles msi,nsis` or `--bundles app,dmg`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
if ! cargo tauri --version 2>/dev/null | grep -q '^tauri-cli 2\.'; then
  echo "==> installing tauri-cli 2 (crates.io)"
  cargo install tauri-cli --version '^2' --locked --quiet
fi
target=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
cargo build --release -p regdesk-cli --quiet
# The CLI goes in beside the app; its path depends on the target folder, so it is passed here.
# ONNX Runtime (white background) in /usr/lib/regdesk, where both binaries look for it, with its
# licence and notices.
ort="$PWD/vendor/onnxruntime"
[ -f "$ort/libonnxruntime.so" ] || { echo "vendor/onnxruntime missing: run scripts/fetch-onnxruntime.sh" >&2; exit 1; }
extra=$(printf '{"bundle":{"linux":{"deb":{"files":{"/usr/bin/regdesk":"%s/release/regdesk","/usr/lib/regdesk/libonnxruntime.so":"%s/libonnxruntime.so","/usr/share/doc/regdesk/onnxruntime/LICENSE":"%s/LICENSE","/usr/share/doc/regdesk/onnxruntime/ThirdPartyNotices.txt":"%s/ThirdPartyNotices.txt"}}}}}' "$target" "$ort" "$ort" "$ort" "$ort")
# Build, strip the symbols (a third of the size), then bundle the stripped binaries.
cargo tauri build --no-bundle --config "$extra"
strip "$target/release/regdesk-desktop" "$target/release/regdesk"
cargo tauri bundle --bundles deb --config "$extra"
ls -l "$target"/release/bundle/deb/*.deb
