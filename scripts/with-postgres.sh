#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster: initdb in a temp folder (as the
# `postgres` user when we are root — initdb refuses root), a free loopback port, trust auth on
# loopback only, stopped and removed when the command ends, whatever its outcome.
#   scripts/with-postgres.sh COMMAND [ARGS...]   (the command sees REGDESK_TEST_DATABASE_URL)
set -euo pipefail

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$pgbin" ]; then
  echo "PostgreSQL is not installed (scripts/setup.sh --test installs it)" >&2
  exit 2
fi
dir=$(mktemp -d /tmp/regdesk-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$dir"
  as_pg=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop() {
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

"${as_pg[@]}" "$pgbin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-locale >/dev/null
# fsync off: a test cluster thrown away at the end needs no durability and runs faster.
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null

export REGDESK_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
"$@"
