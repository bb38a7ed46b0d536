#!/usr/bin/env bash
# Runs every test: formatting, lints, the dependency boundary, Rust unit/integration/CLI
# tests, end-to-end tests of the real window, UI type check + lint + unit tests, and UI
# flows in Chromium. Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
scripts/setup.sh --test
# The segmentation network runs on ONNX Runtime when its library is there (fetched by setup).
[ -f vendor/onnxruntime/libonnxruntime.so ] && export REGDESK_ONNXRUNTIME="$PWD/vendor/onnxruntime/libonnxruntime.so"
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n==> %s (%ss)\n' "$1" "$(( $(date +%s) - start ))"; }

step "UI: type check, lint, build"
(cd ui && npm run typecheck --silent && npm run lint --silent && npx vite build --logLevel warn)

step "UI: the production bundle carries no fake backend"
# The fake's own diagnostics text marks its code; Vite's browser mode alone may include it.
if grep -rlq "RegDesk fake" ui/dist; then
  echo "ui/dist contains the fake backend (src/api/fake.ts)" >&2
  exit 1
fi

step "UI: unit tests (Vitest)"
(cd ui && npx vitest run)

step "UI: flows in Chromium against the fake backend (Playwright)"
(cd ui && npx vitest run --config vitest.browser.config.ts)

step "Rust: formatting"
cargo fmt --all --check

step "Rust: core crates stay free of Tauri and WebKit"
scripts/check-boundary.sh

step "Rust: clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "Rust: tests (unit, integration, CLI, bindings, intake on SQLite, PostgreSQL and S3, end-to-end window under Xvfb)"
scripts/with-postgres.sh scripts/with-seaweedfs.sh xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" cargo test --workspace

step "Windows: cross-build the installer and the portable zip (MinGW, release)"
scripts/build-windows.sh

step "Windows: the CLI tests, the installer and the desktop exe under Wine"
# The submission tests run their intake server (native) on both backends, as on Linux.
scripts/with-postgres.sh scripts/with-seaweedfs.sh scripts/test-windows.sh

step "Intake API: docs/intake.openapi.yaml against the running server (schemathesis)"
scripts/check-openapi.sh >/tmp/regdesk-openapi.log 2>&1 || { tail -80 /tmp/regdesk-openapi.log; exit 1; }

step "all tests passed in $(( $(date +%s) - start ))s"
