"""Server-side time to build /classifier's training animation: 60 steps on 300 points.

Three parts, as ``mle_frames.py`` times /mle:

- ``path``: the data set and the gradient-descent path with its per-step losses and
  decision-region grids (``core.classifier``): the maths;
- ``figure``: ``ui.figures.classifier``: the traces and the frames as a figure;
- ``json``: what ``st.plotly_chart`` then does with it (``to_dict`` and ``plotly.io.to_json``).

``total`` is all three: issue 19 wants it under 200 ms. Printed: median and 90th percentile over
``--runs`` runs (after one warm-up), and the size of the figure's JSON. The machine's other load
makes single runs noisy; read the medians (the load average is printed).

    .venv/bin/python benchmarks/classifier_frames.py [--runs 30] [--steps 60] [--n 300]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._frame_timing import cell, time_parts  # noqa: E402 - ROOT on the path
from core import draw_clusters, train_classifier  # noqa: E402


def path(n, classes, spread, steps):
    data = draw_clusters(n, classes=classes, spread=spread, seed=1)
    return data, train_classifier(data, steps=steps, smoothing=0.1, base=2)


def figure(data, training, layout):
    from ui.figures.classifier import training_figure

    return training_figure(data, training, title="t", subtitle="s", layout=layout)


def measure(n, classes, spread, steps, layout, runs):
    times, size = time_parts(
        lambda: path(n, classes, spread, steps),
        lambda made: figure(*made, layout),
        runs,
    )
    times["total"] = [sum(parts) for parts in zip(*times.values(), strict=True)]
    return times, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--n", type=int, default=300)
    args = parser.parse_args()
    cases = [
        (2, "separable", "grid"),
        (3, "separable", "grid"),
        (3, "overlapping", "grid"),
        (3, "overlapping", "stacked"),
    ]
    print(f"load average before: {os.getloadavg()[0]:.2f} (cpus: {os.cpu_count()})")
    print(f"{args.steps} steps on {args.n} points, {args.runs} runs; milliseconds, median (p90)")
    names = ("path", "figure", "json", "total")
    print(f"{'case':28} " + " ".join(f"{name:>13}" for name in names) + f" {'JSON KB':>8}")
    for classes, spread, layout in cases:
        times, size = measure(args.n, classes, spread, args.steps, layout, args.runs)
        cells = [cell(times[name]) for name in names]
        label = f"{classes} classes {spread} {layout}"
        print(f"{label:28} " + " ".join(f"{c:>13}" for c in cells) + f" {size / 1024:8.0f}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print("goal (issue 19): total (path + figure + json) of 60 steps on 300 points under 200 ms")


if __name__ == "__main__":
    main()
