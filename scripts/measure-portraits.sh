#!/usr/bin/env bash
# Crown and chin on the hand-labelled real portraits (tests/fixtures/portraits): runs the test
# that makes each with the white background (whole and cut near the crown) and prints, per
# case, the head ratio and crown margin by the labels, ours, and the old box estimate's.
#   scripts/measure-portraits.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release -q -p regdesk-cli --test portraits -- --nocapture 2>&1 | grep -E '^\||mean'
