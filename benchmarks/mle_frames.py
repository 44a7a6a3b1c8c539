"""Server-side time to build the animated MLE figure of a 60-step fit, in three parts.

For each family of /mle (coin, die, Gaussian, bimodal) and for the forward/reverse page:

- ``path``: the fitting path (``core.fitting`` / ``core.forward_reverse``) and the per-frame
  arrays (``core.animation``): the maths;
- ``figure``: ``ui.figures.fit`` and ``ui.figures.forward_reverse``: the traces and the 61
  frames as a ``go.Figure``;
- ``json``: what ``st.plotly_chart`` then does with it (``to_dict`` and ``plotly.io.to_json``).

``frames`` is ``figure + json``: the work of building the frames, which issue 5 wants under
200 ms. Printed: median and 90th percentile over ``--runs`` runs (after one warm-up), and the
size of the figure's JSON. The machine's other load makes single runs noisy; read the medians and
say what else was running (the load average is printed).

    .venv/bin/python benchmarks/mle_frames.py [--runs 30] [--steps 60]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._frame_timing import cell, time_parts  # noqa: E402 - ROOT on the path
from core import empirical_distribution, fit_gaussian  # noqa: E402
from core.animation import (  # noqa: E402
    bernoulli_animation,
    categorical_animation,
    forward_reverse_animation,
    gaussian_animation,
)
from core.categorical import preset_distribution  # noqa: E402
from core.continuous import GaussianMixture  # noqa: E402
from core.fitting import (  # noqa: E402
    fit_path_bernoulli,
    fit_path_categorical,
    fit_path_gaussian,
)
from core.forward_reverse import fit_forward_kl, fit_reverse_kl  # noqa: E402
from core.sampling import draw_bernoulli, draw_categorical, draw_mixture  # noqa: E402
from ui.figures.animated import CURVE_POINTS, DENSITY_POINTS  # noqa: E402
from ui.figures.fit import fit_animation_figure  # noqa: E402
from ui.figures.forward_reverse import forward_reverse_figure  # noqa: E402

BIMODAL = GaussianMixture([0.5, 0.5], [-2.0, 2.0], [0.6, 0.6])


def coin(steps):
    x = draw_bernoulli(0.7, 300, 1)
    path = fit_path_bernoulli(x, 0.05, step_size=0.7, steps=steps, base=2)
    return bernoulli_animation(path, 300, base=2, curve_points=CURVE_POINTS)


def die(steps):
    d = empirical_distribution(draw_categorical(preset_distribution("loaded", 6), 300, 1))
    path = fit_path_categorical(d, preset_distribution("peaked", 6), steps=steps, base=2)
    return categorical_animation(path, 300, base=2, curve_points=CURVE_POINTS)


def gaussian(steps, truth=None):
    x = draw_mixture(truth or GaussianMixture([1.0], [1.0], [0.8]), 300, 1)
    fit = fit_gaussian(x)
    path = fit_path_gaussian(
        x,
        fit.mu - 3 * fit.sigma,
        2.5 * fit.sigma,
        step_size=0.3,
        steps=steps,
        base=2,
        true_p=truth,
    )
    return gaussian_animation(
        path, x, base=2, true_p=truth, curve_points=CURVE_POINTS, density_points=DENSITY_POINTS
    )


def bimodal(steps):
    return gaussian(steps, BIMODAL)


def forward_reverse(steps):
    forward = fit_forward_kl(BIMODAL, 1.0, 0.5, step_size=0.1, steps=steps, base=2)
    reverse = fit_reverse_kl(BIMODAL, 1.0, 0.5, step_size=0.1, steps=steps, base=2)
    return forward_reverse_animation(BIMODAL, forward, reverse, density_points=DENSITY_POINTS)


def build(name, animation, layout):
    if name == "forward/reverse":
        return forward_reverse_figure(
            animation, title="t", subtitle="s", stacked=layout == "stacked"
        )
    return fit_animation_figure(animation, title="t", subtitle="a · b", layout=layout)


def measure(name, make, steps, layout, runs):
    times, size = time_parts(
        lambda: make(steps), lambda animation: build(name, animation, layout), runs
    )
    times["frames"] = [f + j for f, j in zip(times["figure"], times["json"], strict=True)]
    return times, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--steps", type=int, default=60)
    args = parser.parse_args()
    cases = [
        ("coin", coin, "grid"),
        ("die", die, "grid"),
        ("gaussian", gaussian, "grid"),
        ("bimodal", bimodal, "grid"),
        ("bimodal", bimodal, "stacked"),
        ("bimodal", bimodal, "row"),
        ("forward/reverse", forward_reverse, "grid"),
    ]
    print(f"load average before: {os.getloadavg()[0]:.2f} (cpus: {os.cpu_count()})")
    print(f"{args.steps} steps, {args.runs} runs; milliseconds, median (p90)")
    header = f"{'case':26} {'path':>13} {'figure':>13} {'json':>13} {'frames':>13} {'JSON KB':>8}"
    print(header)
    for name, make, layout in cases:
        times, size = measure(name, make, args.steps, layout, args.runs)
        cells = [cell(times[part]) for part in ("path", "figure", "json", "frames")]
        print(
            f"{name + ' ' + layout:26} "
            + " ".join(f"{c:>13}" for c in cells)
            + f" {size / 1024:8.0f}"
        )
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print("goal (issue 5): frames (figure + json) of a 60-step fit under 200 ms")


if __name__ == "__main__":
    main()
