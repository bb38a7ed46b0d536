"""Independent decoder for photo tests: prints what Pillow (libjpeg) sees in each JPEG.
Usage: python3 pillow_inspect.py FILE [REFERENCE]
Prints JSON: format, mode, size, progressive, bytes, eoi_last (nothing after EOI),
corner luminance (top-left, top-right), and with REFERENCE the mean absolute pixel difference.
"""
import json
import sys

from PIL import Image, ImageStat

path = sys.argv[1]
data = open(path, "rb").read()
im = Image.open(path)
im.load()
rgb = im.convert("RGB")
w, h = rgb.size
gray = rgb.convert("L")
corner = lambda box: ImageStat.Stat(gray.crop(box)).mean[0]
out = {
    "format": im.format,
    "mode": im.mode,
    "size": [w, h],
    "progressive": bool(im.info.get("progressive") or im.info.get("progression")),
    "jfif": "jfif" in im.info,
    "bytes": len(data),
    "eoiLast": data.endswith(b"\xff\xd9"),
    "cornerLeft": corner((2, 2, w // 7, h // 7)),
    "cornerRight": corner((w - w // 7, 2, w - 2, h // 7)),
}
if len(sys.argv) > 2:
    ref = Image.open(sys.argv[2]).convert("RGB").resize(rgb.size)
    diff = [abs(a - b) for pa, pb in zip(rgb.getdata(), ref.getdata()) for a, b in zip(pa, pb)]
    out["meanDiff"] = sum(diff) / len(diff)
print(json.dumps(out))
