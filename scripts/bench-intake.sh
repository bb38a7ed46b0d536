#!/usr/bin/env bash
# Load benchmark of regdesk-intake (release build) on loopback: 50 concurrent clients POST
# distinct 200-KB packages, on PostgreSQL (throwaway cluster) and on SQLite, in one run.
# Prints one JSON line per backend with throughput, p50/p99 latency, errors and the server's
# peak RSS (VmHWM). Usage: scripts/bench-intake.sh [CLIENTS] [PER_CLIENT] [KB]
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${1:-50}; per=${2:-20}; kb=${3:-200}
cargo build -q --release -p regdesk-intake --bin regdesk-intake --example load
target="${CARGO_TARGET_DIR:-target}/release"

run() { # BACKEND DATABASE_URL-or-empty
  local work; work=$(mktemp -d)
  local db=(--data-dir "$work/data")
  [ -n "$2" ] && db=(--database-url "$2")
  local token; token=$("$target/regdesk-intake" "${db[@]}" token create --org bench --role submitter 2>/dev/null)
  "$target/regdesk-intake" "${db[@]}" serve --listen 127.0.0.1:0 >"$work/out" 2>"$work/log" &
  local pid=$!
  for _ in $(seq 100); do grep -q "listening on" "$work/out" 2>/dev/null && break; sleep 0.1; done
  local url; url=$(sed -n 's/^listening on //p' "$work/out")
  local result; result=$("$target/examples/load" "$url" "$token" "$clients" "$per" "$kb")
  local rss; rss=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "{\"backend\":\"$1\",\"serverPeakRssKb\":$rss,${result#\{}"
  rm -rf "$work"
}

# The PostgreSQL run inside a throwaway cluster; the SQLite run beside it, same build, same load.
scripts/with-postgres.sh bash -c "$(declare -f run); target='$target' clients=$clients per=$per kb=$kb; run postgres \"\$REGDESK_TEST_DATABASE_URL\"; run sqlite ''"
