#!/usr/bin/env bash
# Puts the DLLs the Windows build ships beside its programs into vendor/windows/, with their
# licences, from PyPI wheels (the only way to them from these machines; pip picks the
# win_amd64 wheel on Linux when asked):
#   WebView2Loader.dll  Microsoft's redistributable loader of the Edge WebView2 runtime, which
#                       the desktop exe imports at load time (pywebview's wheel carries it).
#   onnxruntime.dll     ONNX Runtime for the white background (the official wheel), as on
#                       Linux; without it the same model runs on tract, slower. It imports the
#                       Visual C++ runtime (msvcp140.dll, vcruntime140.dll), which is not ours
#                       to redistribute (its terms need a Visual Studio licence): a Windows
#                       without the VC++ redistributable runs the model on tract instead.

# Skips the download when the pinned versions are already there.
set -euo pipefail
cd "$(dirname "$0")/.."
onnx=1.32.0
webview=6.2.1
dest=vendor/windows
stamp="onnxruntime $onnx, pywebview $webview"
if [ -f "$dest/WebView2Loader.dll" ] && [ -f "$dest/onnxruntime.dll" ] \
  && [ "$(cat "$dest/VERSION" 2>/dev/null)" = "$stamp" ]; then
  exit 0
fi
echo "==> fetching Windows DLLs ($stamp, PyPI wheels) into $dest"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m pip download -q --no-deps --only-binary=:all: --platform win_amd64 \
  --python-version 3.12 "onnxruntime==$onnx" -d "$tmp"
python3 -m pip download -q --no-deps --only-binary=:all: "pywebview==$webview" -d "$tmp"
mkdir -p "$dest/licenses"
python3 - "$tmp" "$dest" <<'PY'
import glob, os, sys, zipfile
tmp, dest = sys.argv[1], sys.argv[2]
def take(pattern, pairs):
    wheel = glob.glob(os.path.join(tmp, pattern))[0]
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        for src, name in pairs:
            src = src if src in names else next(n for n in names if n.endswith(src))
            out = os.path.join(dest, name)
            with z.open(src) as f, open(out + ".part", "wb") as w:
                w.write(f.read())
            os.replace(out + ".part", out)
take("onnxruntime-*.whl", [
    ("onnxruntime/capi/onnxruntime.dll", "onnxruntime.dll"),
    ("onnxruntime/LICENSE", "licenses/onnxruntime-LICENSE.txt"),
    ("onnxruntime/ThirdPartyNotices.txt", "licenses/onnxruntime-ThirdPartyNotices.txt"),
])
take("pywebview-*.whl", [
    ("webview/lib/runtimes/win-x64/native/WebView2Loader.dll", "WebView2Loader.dll"),
    (".dist-info/licenses/LICENSE", "licenses/pywebview-LICENSE.txt"),
])
PY
cat > "$dest/licenses/WebView2Loader-NOTICE.txt" <<'TXT'
WebView2Loader.dll (x64) is Microsoft's redistributable loader of the Microsoft Edge WebView2
Runtime, part of the Microsoft Edge WebView2 SDK (NuGet package Microsoft.Web.WebView2),
Copyright (C) Microsoft Corporation. Microsoft licenses the SDK's files for redistribution
with applications under the licence published with the package:
https://www.nuget.org/packages/Microsoft.Web.WebView2/ (License).

RegDesk takes the file unchanged from the pywebview wheel on PyPI (pywebview's own licence:
pywebview-LICENSE.txt), because these build machines reach PyPI and not NuGet.
TXT
echo "$stamp" > "$dest/VERSION"
