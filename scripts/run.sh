#!/usr/bin/env bash
# Builds and launches the RegDesk desktop app, installing what is missing first.
# A release build by default (the first one takes ~15 min on 2 cores);
# REGDESK_PROFILE=dev gives a quicker debug build that keeps its own data folder.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The segmentation network runs on ONNX Runtime when its library is there (fetched by setup).
[ -f vendor/onnxruntime/libonnxruntime.so ] && export REGDESK_ONNXRUNTIME="$PWD/vendor/onnxruntime/libonnxruntime.so"
export PATH="$HOME/.cargo/bin:$PATH"
(cd ui && npm run build --silent)
if [ "${REGDESK_PROFILE:-release}" = "dev" ]; then
  exec cargo run --bin regdesk-desktop -- "$@"
else
  exec cargo run --release --bin regdesk-desktop -- "$@"
fi
