#!/usr/bin/env bash
# UNTESTED: written for a macOS host (none is reachable from our Linux build machines); kept so
# a maintainer with a Mac starts from a recipe, not from nothing. See README "macOS (on paper)".
# Builds RegDesk.app and a .dmg as one universal binary (Apple silicon + Intel), signs it with
# a Developer ID and has Apple notarise it when the signing variables are set:
#   APPLE_SIGNING_IDENTITY="Developer ID Application: …"  (a certificate in the keychain)
#   APPLE_ID, APPLE_PASSWORD (an app-specific password), APPLE_TEAM_ID
# Needs: Xcode command line tools (clang, codesign, lipo, notarytool), Rust (rustup), Node.js 20+.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(uname -s)" = Darwin ] || { echo "build-macos.sh runs on macOS only" >&2; exit 2; }
export PATH="$HOME/.cargo/bin:$PATH"
rustup target add aarch64-apple-darwin x86_64-apple-darwin
command -v cargo-tauri >/dev/null || cargo install tauri-cli --version '^2' --locked
(cd ui && npm ci --no-audit --no-fund && npx vite build)

# ONNX Runtime: one dylib per architecture from PyPI's macOS wheels, joined with lipo; the app
# finds it beside its executable (Contents/MacOS). SQLCipher uses Apple's CommonCrypto there
# (no OpenSSL to ship). libheif is not bundled: with Homebrew's libheif HEIC photos open.
version=1.32.0
tmp=$(mktemp -d)
for plat in macosx_14_0_arm64 macosx_14_0_x86_64; do
  python3 -m pip download -q --no-deps --only-binary=:all: --platform "$plat" \
    --python-version 3.12 "onnxruntime==$version" -d "$tmp/$plat"
  (cd "$tmp/$plat" && unzip -q -o ./*.whl 'onnxruntime/capi/libonnxruntime*.dylib')
done
mkdir -p vendor/macos
lipo -create "$tmp"/*/onnxruntime/capi/libonnxruntime.*.dylib -output vendor/macos/libonnxruntime.dylib

# The bundler signs and notarises when APPLE_* are set; the dylib is listed in tauri.conf.json's
# bundle.macOS.frameworks by this override so it is signed with the app.
cargo tauri build --target universal-apple-darwin --bundles app,dmg \
  --config '{"bundle":{"macOS":{"frameworks":["vendor/macos/libonnxruntime.dylib"],"minimumSystemVersion":"11.0"}}}'
cargo build --release --target aarch64-apple-darwin -p regdesk-cli
cargo build --release --target x86_64-apple-darwin -p regdesk-cli
mkdir -p dist/macos
lipo -create target/aarch64-apple-darwin/release/regdesk target/x86_64-apple-darwin/release/regdesk \
  -output dist/macos/regdesk
if [ -n "${APPLE_SIGNING_IDENTITY:-}" ]; then
  codesign --force --options runtime --timestamp --sign "$APPLE_SIGNING_IDENTITY" dist/macos/regdesk
fi
cp target/universal-apple-darwin/release/bundle/dmg/*.dmg dist/macos/
ls -l dist/macos
