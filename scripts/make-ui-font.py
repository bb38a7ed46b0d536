#!/usr/bin/env python3
"""Makes the UI's bundled CJK font: a WOFF2 subset of WenQuanYi Micro Hei (the ticket's font,
crates/ticket/assets, Apache-2.0) holding every character the UI's own text uses plus all
6 763 GB 2312 hanzi (which covers nearly every name a user types; rarer characters fall back
to the system font stack).

    python3 scripts/make-ui-font.py          # needs fonttools + brotli (pip)

Writes ui/src/assets/fonts/regdesk-sans-sc.woff2 and regdesk-sans-sc.chars.txt (the covered
characters, read by a Vitest test that fails when UI text uses a character outside the font).
"""
import pathlib
import re
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCE = ROOT / "crates/ticket/assets/wqy-microhei.ttc"
OUT = ROOT / "ui/src/assets/fonts"

# What the @font-face's unicode-range covers (ui/src/assets/fonts/fonts.css): CJK only, so
# Latin text keeps the system's UI font.
RANGES = [(0x00B7, 0x00B7), (0x2010, 0x2027), (0x2030, 0x203B), (0x2460, 0x2473),
          (0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
          (0xFF00, 0xFFEF)]


def in_ranges(ch: str) -> bool:
    c = ord(ch)
    return any(lo <= c <= hi for lo, hi in RANGES)


def gb2312_hanzi() -> set:
    out = set()
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return out


def ui_text_chars() -> set:
    files = [p for p in (ROOT / "ui/src").rglob("*") if p.suffix in (".ts", ".vue")]
    files += list((ROOT / "crates/core/data").glob("*.json"))
    # Messages, check names and labels the core sends to the window.
    files += list((ROOT / "crates").glob("*/src/**/*.rs"))
    naive = ROOT / "ui/node_modules/naive-ui/es/locales"
    files += [naive / "common/zhCN.mjs", naive / "date/zhCN.mjs"]
    chars = set()
    for f in files:
        if f.exists():
            chars.update(ch for ch in f.read_text(encoding="utf-8") if in_ranges(ch))
    return chars


def main() -> int:
    wanted = gb2312_hanzi() | ui_text_chars()
    wanted |= {chr(c) for c in range(0x3000, 0x3040)} | {chr(c) for c in range(0xFF01, 0xFF5F)}
    wanted |= set("·‘’“”…—–‰※①②③④⑤⑥⑦⑧⑨⑩")
    font = TTCollection(str(SOURCE)).fonts[0]
    cmap = font.getBestCmap()
    covered = sorted(ch for ch in wanted if ord(ch) in cmap and in_ranges(ch))
    missing = sorted(ch for ch in ui_text_chars() if ord(ch) not in cmap)
    if missing:
        print("UI text uses characters the source font lacks:", "".join(missing), file=sys.stderr)
    OUT.mkdir(parents=True, exist_ok=True)
    opts = subset.Options()
    opts.flavor = "woff2"
    opts.layout_features = ["*"]
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    opts.hinting = False  # WebKit and Chromium render CJK unhinted; hints double the size.
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=[ord(c) for c in covered])
    sub.subset(font)
    font.flavor = "woff2"
    font.save(str(OUT / "regdesk-sans-sc.woff2"))
    text = "".join(covered)
    lines = [text[i:i + 80] for i in range(0, len(text), 80)]
    (OUT / "regdesk-sans-sc.chars.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    size = (OUT / "regdesk-sans-sc.woff2").stat().st_size
    print(f"{len(covered)} characters, {size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
