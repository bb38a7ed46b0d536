#!/usr/bin/env bash
# Builds RegDesk for 64-bit Windows on Debian/Ubuntu, with the MinGW-w64 cross toolchain:
#   dist/windows/RegDesk-<version>-x64-setup.exe   per-user installer (NSIS, no admin rights)
#   dist/windows/RegDesk-<version>-x64.zip         portable folder
# Both hold regdesk-desktop.exe (the window), regdesk.exe (the command line),
# regdesk-intake.exe (the intake server), the DLLs they load and the licences.
# Installs what it needs first (system packages, the Rust target, npm packages, the DLLs).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
target=x86_64-pc-windows-gnu

scripts/setup.sh
scripts/ensure-packages.sh gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 binutils-mingw-w64-x86-64 \
  nsis zip perl make  # perl and make: OpenSSL for SQLCipher is built from source for Windows
rustup target list --installed | grep -qx "$target" || rustup target add "$target"
scripts/fetch-windows-libs.sh

version=$(scripts/version.sh)
echo "==> building RegDesk $version for Windows x64 (release, $target)"
(cd ui && npx vite build --logLevel warn)
cargo build --release --quiet --target "$target" -p regdesk-cli -p regdesk-intake -p regdesk-desktop
bin="${CARGO_TARGET_DIR:-target}/$target/release"

out=dist/windows
stage="$out/RegDesk"
rm -rf "$stage"
mkdir -p "$stage/licenses"
for exe in regdesk-desktop regdesk regdesk-intake; do
  x86_64-w64-mingw32-strip -o "$stage/$exe.exe" "$bin/$exe.exe"
done
cp vendor/windows/WebView2Loader.dll vendor/windows/onnxruntime.dll "$stage/"
cp vendor/windows/licenses/* "$stage/licenses/"
cp LICENSE-MIT LICENSE-APACHE "$stage/licenses/"
cp src-tauri/windows/README.txt "$stage/README.txt"

# Every DLL a program imports must be part of Windows 10 or shipped beside it: a MinGW runtime
# DLL (libgcc_s, libstdc++, libwinpthread) left dynamic would stop the program on a user's PC.
system=" advapi32 bcrypt bcryptprimitives combase comctl32 comdlg32 crypt32 dwmapi gdi32 imm32
  kernel32 msvcrt ncrypt ntdll ole32 oleaut32 propsys rpcrt4 secur32 shell32 shlwapi user32
  userenv uxtheme version winmm ws2_32 "
shipped=" webview2loader onnxruntime "
system=" $(echo $system) "
for f in "$stage"/*.exe; do
  for dll in $(x86_64-w64-mingw32-objdump -p "$f" | sed -n 's/^\s*DLL Name: //p' | tr 'A-Z' 'a-z' | sort -u); do
    name=${dll%.dll}
    if [[ "$name" != api-ms-win-* && "$system$shipped" != *" $name "* ]]; then
      echo "$f imports $dll, which is neither part of Windows nor shipped" >&2
      exit 1
    fi
  done
done

# The window is a GUI-subsystem program (no console window); the command line is a console one.
# (The header is read into a variable first: `grep -q` closing a pipe early fails under pipefail.)
header=$(x86_64-w64-mingw32-objdump -p "$stage/regdesk-desktop.exe")
grep -q '^Subsystem.*(Windows GUI)' <<<"$header" \
  || { echo "regdesk-desktop.exe is not a GUI-subsystem program: it would open a console" >&2; exit 1; }
header=$(x86_64-w64-mingw32-objdump -p "$stage/regdesk.exe")
grep -q '^Subsystem.*(Windows CUI)' <<<"$header" \
  || { echo "regdesk.exe is not a console program" >&2; exit 1; }

zip_file="$out/RegDesk-$version-x64.zip"
rm -f "$zip_file"
(cd "$out" && zip -qr -9 "$(basename "$zip_file")" RegDesk)
setup="$out/RegDesk-$version-x64-setup.exe"
makensis -V2 -DVERSION="$version" -DSTAGE="$PWD/$stage" -DOUT="$PWD/$setup" \
  -DICON="$PWD/icons/icon.ico" src-tauri/windows/installer.nsi
ls -l "$setup" "$zip_file"
