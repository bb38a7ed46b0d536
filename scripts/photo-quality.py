#!/usr/bin/env python3
"""How faithful a made photo is to its source, independent of framing.

    scripts/photo-quality.py SOURCE MADE.jpg X Y W H

The reference is the same crop (X, Y, W, H in the upright source's full-resolution pixels,
as `regdesk photo make --json` reports it) cut from the source decoded at full size by
Pillow and resized to the made photo's size with Lanczos: the best any pipeline could do
from that crop. Prints the SSIM of the two lumas (8×8 windows, stride 4; 1.0 = identical).
Two builds that frame a few pixels apart are compared by their scores, not with each other.
"""
import sys

from PIL import Image, ImageOps

C1, C2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2


def luma(img):
    return list(img.convert("L").tobytes())


def ssim(a, b, w, h, win=8, step=4):
    total, n = 0.0, 0
    for y in range(0, h - win + 1, step):
        for x in range(0, w - win + 1, step):
            pa = [a[(y + j) * w + x + i] for j in range(win) for i in range(win)]
            pb = [b[(y + j) * w + x + i] for j in range(win) for i in range(win)]
            k = len(pa)
            ma, mb = sum(pa) / k, sum(pb) / k
            va = sum((p - ma) ** 2 for p in pa) / (k - 1)
            vb = sum((p - mb) ** 2 for p in pb) / (k - 1)
            cov = sum((p - ma) * (q - mb) for p, q in zip(pa, pb)) / (k - 1)
            total += ((2 * ma * mb + C1) * (2 * cov + C2)) / (
                (ma * ma + mb * mb + C1) * (va + vb + C2)
            )
            n += 1
    return total / n


def main():
    source, made = sys.argv[1], sys.argv[2]
    x, y, w, h = (float(v) for v in sys.argv[3:7])
    out = Image.open(made)
    ref = ImageOps.exif_transpose(Image.open(source)).convert("RGB")
    ref = ref.resize(out.size, Image.LANCZOS, box=(x, y, x + w, y + h))
    print(f"{ssim(luma(ref), luma(out), *out.size):.4f}")


if __name__ == "__main__":
    main()
