#!/usr/bin/env bash
# Installs what RegDesk needs on a Debian/Ubuntu machine, skipping what is already there.
#   scripts/setup.sh          build + run needs (system libraries, Rust check, npm packages)
#   scripts/setup.sh --test   also what the tests need (Xvfb, WebKitWebDriver, Chromium,
#                             tauri-driver, ImageMagick, poppler)
# Uses sudo for system packages when not run as root.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"

run_pkgs=(build-essential pkg-config curl wget file libwebkit2gtk-4.1-dev libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev libheif1 cmake nasm
  # pip fetches ONNX Runtime's library from its PyPI wheel (fetch-onnxruntime.sh).
  python3 python3-pip
  # The UI bundles a CJK font for its own text; a system one draws names outside that subset.
  fonts-wqy-microhei)
test_pkgs=(webkit2gtk-driver xvfb xauth imagemagick chromium poppler-utils python3 python3-pip
  # The intake server's PostgreSQL backend is tested on a throwaway cluster (with-postgres.sh).
  postgresql
  # A self-signed certificate for the intake server's TLS test.
  openssl
  # The stock sqlite3 shell shows that an encrypted workspace is unreadable without its key.
  sqlite3)
pkgs=("${run_pkgs[@]}")
[ "$want_test" = 1 ] && pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "Please install these system packages (or your distribution's equivalents): ${missing[*]}" >&2
    exit 2
  fi
  echo "==> installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null; then
  [ -x "$HOME/.cargo/bin/cargo" ] || {
    echo "==> installing Rust (rustup)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c clippy,rustfmt
  }
  export PATH="$HOME/.cargo/bin:$PATH"
fi

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "Node.js 20 or newer is needed (found: $(node --version 2>/dev/null || echo none))." >&2
  echo "Install it from your distribution or https://nodejs.org, then run this again." >&2
  exit 2
fi

# npm packages: reinstall only when the lock file changed since the last install.
if [ ! -f ui/node_modules/.package-lock.json ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  echo "==> installing npm packages"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
fi

# ONNX Runtime for the white background: required for the tests (they run on it), optional to
# run the app (without it the same model runs on tract, ~2.2× slower).
if [ "$want_test" = 1 ]; then
  scripts/fetch-onnxruntime.sh
else
  scripts/fetch-onnxruntime.sh || echo "ONNX Runtime not fetched: the white background will run on tract (slower)" >&2
fi

if [ "$want_test" = 1 ]; then
  # The intake tests keep packages in a real S3 server (with-seaweedfs.sh).
  scripts/fetch-seaweedfs.sh
  export PATH="$HOME/.cargo/bin:$PATH"
  if ! python3 -c 'import stdnum, PIL, jsonschema, openpyxl, schemathesis' 2>/dev/null; then
    echo "==> installing python-stdnum, Pillow, jsonschema, openpyxl, schemathesis (independent checkers used by tests)"
    python3 -m pip install -q python-stdnum pillow jsonschema openpyxl schemathesis 2>/dev/null \
      || python3 -m pip install -q --break-system-packages python-stdnum pillow jsonschema openpyxl schemathesis
  fi
  if ! command -v tauri-driver >/dev/null; then
    echo "==> installing tauri-driver"
    cargo install tauri-driver --version '^2' --locked --quiet
  fi
fi
