#!/usr/bin/env bash
# Load benchmark of regdesk-intake (release build) on loopback, four deployments in one run:
#   a) SQLite + package folder (the single-office default: the baseline)
#   b) PostgreSQL + package folder, one server
#   c) PostgreSQL + S3 (SeaweedFS), one server
#   d) PostgreSQL + S3, two servers (clients split between them, as a round-robin balancer)
# each at 50 and 200 concurrent clients POSTing distinct 200-KB packages. Prints one JSON line
# per case: throughput, p50/p99 latency, errors, the servers' peak RSS (VmHWM) and the database
# size without package bytes. Throwaway PostgreSQL (fsync off) and SeaweedFS, stopped at the end.
#   scripts/bench-intake.sh [PACKAGES_PER_CASE] [KB]
set -euo pipefail
cd "$(dirname "$0")/.."
total=${1:-2000}; kb=${2:-200}
cargo build -q --release -p regdesk-intake --bin regdesk-intake --example load
export BENCH_TARGET="${CARGO_TARGET_DIR:-target}/release" BENCH_TOTAL=$total BENCH_KB=$kb

cases() {
  set -euo pipefail
  local target=$BENCH_TARGET psql
  psql=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)/psql
  export AWS_ENDPOINT_URL="$REGDESK_TEST_S3_ENDPOINT" AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench \
    AWS_REGION=us-east-1 AWS_ALLOW_HTTP=true
  curl -s -o /dev/null -X PUT "$REGDESK_TEST_S3_ENDPOINT/bench"
  local n=0
  run() { # NAME DB(sqlite|postgres) STORE(folder|s3) SERVERS CLIENTS
    n=$((n + 1))
    local work; work=$(mktemp -d)
    local db=(--data-dir "$work/data") store=()
    if [ "$2" = postgres ]; then
      "$psql" -q "$REGDESK_TEST_DATABASE_URL" -c "CREATE DATABASE bench_$n"
      db=(--data-dir "$work/data" --database-url "${REGDESK_TEST_DATABASE_URL%/*}/bench_$n")
    fi
    [ "$3" = s3 ] && store=(--object-store "s3://bench/run$n-$$")
    local token; token=$("$target/regdesk-intake" "${db[@]}" token create --org bench --role submitter 2>/dev/null)
    local pids=() urls=()
    for s in $(seq "$4"); do
      "$target/regdesk-intake" "${db[@]}" "${store[@]}" serve --listen 127.0.0.1:0 --max-connections 16 \
        >"$work/out$s" 2>"$work/log$s" &
      pids+=($!)
      for _ in $(seq 100); do grep -q "listening on" "$work/out$s" 2>/dev/null && break; sleep 0.1; done
      urls+=("$(sed -n 's/^listening on //p' "$work/out$s")")
    done
    local joined; joined=$(IFS=,; echo "${urls[*]}")
    local per=$(( BENCH_TOTAL / $5 ))
    local result; result=$("$target/examples/load" "$joined" "$token" "$5" "$per" "$BENCH_KB")
    local rss=0
    for p in "${pids[@]}"; do rss=$(( rss + $(awk '/VmHWM/ {print $2}' "/proc/$p/status") )); done
    kill "${pids[@]}"; wait "${pids[@]}" 2>/dev/null || true
    local dbkb
    if [ "$2" = postgres ]; then
      dbkb=$("$psql" -qtA "$REGDESK_TEST_DATABASE_URL" -c "SELECT pg_database_size('bench_$n') / 1024")
    else
      dbkb=$(du -sk "$work/data/intake.db" | cut -f1)
    fi
    echo "{\"case\":\"$1\",\"serversPeakRssKb\":$rss,\"databaseKb\":$dbkb,${result#\{}"
    rm -rf "$work"
  }
  big() { # 100 000 submissions of 40 centres (rows written by SQL), read through the API
    local work; work=$(mktemp -d)
    "$psql" -q "$REGDESK_TEST_DATABASE_URL" -c "CREATE DATABASE bench_big"
    local url="${REGDESK_TEST_DATABASE_URL%/*}/bench_big"
    local db=(--data-dir "$work/data" --database-url "$url")
    local reviewer centre
    reviewer=$("$target/regdesk-intake" "${db[@]}" token create --org office --role reviewer 2>/dev/null)
    centre=$("$target/regdesk-intake" "${db[@]}" token create --org centre_7 --role submitter 2>/dev/null)
    "$psql" -q "$url" -c "INSERT INTO submissions (id, org, idem_key, id_number, package_sha256, package_bytes, status, issues, received_at, seq)
      SELECT 'sub_' || g, 'centre_' || (g % 40), md5(g::text), '11010519491231002X', encode(sha256(g::text::bytea), 'hex'),
             204800, 'received', '[]', '2026-12-07T10:00:00.000Z', g FROM generate_series(1, 100000) g;
      SELECT setval('submission_seq', 100001, false);" -c "VACUUM ANALYZE submissions" >/dev/null
    "$target/regdesk-intake" "${db[@]}" --object-store "s3://bench/big" serve --listen 127.0.0.1:0 >"$work/out" 2>"$work/log" &
    local pid=$!
    for _ in $(seq 100); do grep -q "listening on" "$work/out" 2>/dev/null && break; sleep 0.1; done
    local base; base=$(sed -n 's/^listening on //p' "$work/out")
    # A reviewer's first sync: every page of 500 from the start.
    local cursor=0 pages=0 t0 t1 items
    t0=$(date +%s.%N)
    while :; do
      body=$(curl -s -H "Authorization: Bearer $reviewer" "$base/v1/submissions?since=$cursor&limit=500")
      items=$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["items"]), d["nextCursor"])' <<<"$body")
      [ "${items% *}" = 0 ] && break
      cursor=${items#* }; pages=$((pages + 1))
    done
    t1=$(date +%s.%N)
    # One centre's status pull (its first page, then the incremental one), median of 7.
    status_ms() {
      for _ in $(seq 7); do
        curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $centre" "$base/v1/submissions?since=$1&limit=100"
      done | sort -n | sed -n 4p | awk '{printf "%.1f", $1 * 1000}'
    }
    local first incr
    first=$(status_ms 0); incr=$(status_ms 100000)
    kill "$pid"; wait "$pid" 2>/dev/null || true
    local dbmb; dbmb=$("$psql" -qtA "$REGDESK_TEST_DATABASE_URL" -c "SELECT pg_database_size('bench_big') / 1048576")
    echo "{\"case\":\"100k rows, postgres\",\"syncPages\":$pages,\"syncSeconds\":$(echo "$t1 - $t0" | bc),\"centreFirstPageMs\":$first,\"centreIncrementalMs\":$incr,\"databaseMb\":$dbmb}"
    rm -rf "$work"
  }
  big
  for clients in 50 200; do
    run "a sqlite+folder" sqlite folder 1 "$clients"
    run "b postgres+folder" postgres folder 1 "$clients"
    run "c postgres+s3" postgres s3 1 "$clients"
    run "d postgres+s3 x2" postgres s3 2 "$clients"
  done
}
export -f cases
scripts/with-postgres.sh scripts/with-seaweedfs.sh bash -c cases
