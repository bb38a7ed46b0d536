#!/usr/bin/env bash
# Proves the architecture: the Tauri-free crates have no tauri/wry/webkit/gtk crate anywhere
# in their dependency trees.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for crate in $(ls crates | sed "s|^|regdesk-|"); do
  # A failing `cargo tree` must fail the check, not read as "no dependency".
  if ! tree=$(cargo tree -p "$crate" -e normal,build --prefix none --no-dedupe); then
    echo "cargo tree failed for $crate" >&2
    exit 1
  fi
  [ -n "$tree" ] || { echo "cargo tree printed nothing for $crate" >&2; exit 1; }
  bad=$(printf '%s\n' "$tree" | grep -Ei '^(tauri|wry|webkit|gtk|javascriptcore|tao)[-_ ]' | sort -u || true)
  if [ -n "$bad" ]; then
    echo "$crate depends on desktop crates:"; echo "$bad"; status=1
  else
    echo "$crate: no tauri/webkit/gtk dependency"
  fi
done
exit $status
