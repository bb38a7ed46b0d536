#!/usr/bin/env bash
# Makes a fresh 64-bit Wine prefix for tests and benchmarks, with the test-only ProcessPrng
# stand-in (tests/wine/processprng.c) in its system32. Never used for anything shipped.
#   scripts/wine-prefix.sh PREFIX
set -euo pipefail
prefix=$1
root="$(cd "$(dirname "$0")/.." && pwd)"
WINEPREFIX="$prefix" wineboot -i >/dev/null 2>&1
WINEPREFIX="$prefix" wineserver -w
x86_64-w64-mingw32-gcc -O2 -shared -o "$prefix/drive_c/windows/system32/bcryptprimitives.dll" \
  "$root/tests/wine/processprng.c" -ladvapi32
