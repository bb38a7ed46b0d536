#!/usr/bin/env python3
"""Independent look (Pillow) at a photo made with --replace-background.

usage: background_inspect.py OUTPUT.jpg CROP_X Y W H FACE_X Y W H [TRUTH_MASK.png]
(crop and face box in source pixels, as in the report). Prints JSON: per top corner (30x30 px)
the mean and spread of each channel; the share of the inner face that turned white; with a true
person mask of the source, the share of true-background pixels (kept 3 px away from the person)
that are not white (>= 235 in every channel).
"""
import json
import sys

from PIL import Image, ImageFilter, ImageStat

out = Image.open(sys.argv[1])
assert out.format == "JPEG"
rgb = out.convert("RGB")
w, h = rgb.size
corners = {}
for name, box in {"topLeft": (0, 0, 30, 30), "topRight": (w - 30, 0, w, 30)}.items():
    stat = ImageStat.Stat(rgb.crop(box))
    corners[name] = {"mean": stat.mean, "stddev": stat.stddev}
result = {"width": w, "height": h, "corners": corners}

crop = [float(v) for v in sys.argv[2:6]]
face = [float(v) for v in sys.argv[6:10]]
scale = h / crop[3]
# The middle half of the face box, mapped into the output: skin, eyes, nose, mouth.
fx, fy = (face[0] - crop[0]) * scale, (face[1] - crop[1]) * scale
fw, fh = face[2] * scale, face[3] * scale
inner = rgb.crop((round(fx + fw / 4), round(fy + fh / 4), round(fx + 3 * fw / 4), round(fy + 3 * fh / 4)))
pixels = list(inner.getdata())
result["faceWhitened"] = sum(min(p) >= 250 for p in pixels) / max(len(pixels), 1)

if len(sys.argv) > 10:
    truth = Image.open(sys.argv[10]).convert("L")
    x, y, cw, ch = crop
    truth = truth.crop((round(x), round(y), round(x + cw), round(y + ch))).resize((w, h))
    background = truth.filter(ImageFilter.MaxFilter(7))   # grown person: away from the edge
    px, bg = rgb.load(), background.load()
    bg_total = bg_left = 0
    for j in range(h):
        for i in range(w):
            if bg[i, j] < 128:
                bg_total += 1
                bg_left += min(px[i, j]) < 235
    result["backgroundLeft"] = bg_left / max(bg_total, 1)
print(json.dumps(result))
