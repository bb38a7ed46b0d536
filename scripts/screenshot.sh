#!/usr/bin/env bash
# Takes docs/screenshot.png of the real window under Xvfb, on a throw-away data folder with
# one candidate registered through the CLI. Needs a built app (cargo build --workspace).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}/debug"
data=$(mktemp -d)
trap 'kill "$app" "$xvfb" 2>/dev/null || true; rm -rf "$data"' EXIT
echo '{"name":"王芳","gender":"female","idNumber":"11010519491231002X","mobile":"13900001111","email":"wangfang@example.com"}' \
  | "$target/regdesk" --data-dir "$data" candidate add --from - >/dev/null
display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1200x780x24 -nolisten tcp & xvfb=$!
sleep 1
DISPLAY=$display "$target/regdesk-desktop" --data-dir "$data" & app=$!
sleep "${SHOT_DELAY:-6}"
DISPLAY=$display import -window root docs/screenshot.png
echo "wrote docs/screenshot.png"
