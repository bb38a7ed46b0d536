#!/usr/bin/env python3
"""Whole-process timing of `regdesk photo make` against its same-run baselines, alternating.

    scripts/bench-photo-whole.py RUNS FILE REGDESK [BASELINE_REGDESK]

Each round runs, in turn: each regdesk build, ImageMagick's one-liner
(`convert IN -resize 260x360 -define jpeg:extent=45KB OUT`) and libjpeg-turbo's floor
(`djpeg -scale 1/8`, output discarded). Prints medians and fastest runs, and the ratios.
"""
import statistics
import subprocess
import sys
import time

runs, source, builds = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
commands = {b: [b, "photo", "make", source, "-o", "/tmp/bench-photo-ours.jpg"] for b in builds}
commands["imagemagick"] = ["convert", source, "-resize", "260x360", "-define",
                           "jpeg:extent=45KB", "/tmp/bench-photo-magick.jpg"]
commands["djpeg 1/8"] = ["djpeg", "-scale", "1/8", "-outfile", "/dev/null", source]
times = {k: [] for k in commands}
for _ in range(runs):
    for name, command in commands.items():
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times[name].append((time.perf_counter() - start) * 1000)
med = {k: statistics.median(v) for k, v in times.items()}
print(f"  ImageMagick one-liner: median {med['imagemagick']:.0f} ms; "
      f"djpeg -scale 1/8: median {med['djpeg 1/8']:.1f} ms ({runs} alternating runs)")
for i, b in enumerate(builds):
    label = "this build" if i == 0 else f"baseline {b}"
    print(f"  {label}: median {med[b]:.1f} ms (fastest {min(times[b]):.1f}); "
          f"{med['imagemagick'] / med[b]:.2f}× faster than ImageMagick; "
          f"{med[b] / med['djpeg 1/8']:.2f}× the djpeg floor")
