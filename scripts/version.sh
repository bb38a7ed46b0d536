#!/usr/bin/env bash
# Prints the app's version (tauri.conf.json), which names the Windows artefacts.
set -euo pipefail
sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$(dirname "$0")/../tauri.conf.json" | head -1
