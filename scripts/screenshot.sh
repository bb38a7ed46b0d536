#!/usr/bin/env bash
# Takes docs/screenshot.png (or, with --tour, docs/screens/) of the real window under Xvfb, on a throw-away data folder with
# one candidate registered through the CLI. Needs a built app (cargo build --workspace).
set -euo pipefail
cd "$(dirname "$0")/.."
# --tour: every screen at 1280×800 and 1024×700 in both languages, into docs/screens/, taken by
# the real-window layout tests (tests/e2e_tour.rs) as they check each screen.
if [ "${1:-}" = "--tour" ]; then
  out="$PWD/docs/screens"
  rm -rf "$out" && mkdir -p "$out"
  REGDESK_TOUR_OUT="$out" xvfb-run -a -s "-screen 0 1400x900x24 -nolisten tcp" \
    cargo test --test e2e_tour -- --test-threads 1
  echo "wrote $(find "$out" -name '*.png' | wc -l) screens to docs/screens/"
  exit 0
fi
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
