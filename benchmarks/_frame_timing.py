"""The timing loop of ``mle_frames.py`` and ``classifier_frames.py``: an animated figure built
in three parts, each timed on its own.

- ``path``: the maths (``core``), ``make()``;
- ``figure``: the traces and frames as a figure (``ui.figures``), ``build(made)``;
- ``json``: what ``st.plotly_chart`` then does with it (``to_dict`` and ``plotly.io.to_json``).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import plotly.io as pio

PARTS = ("path", "figure", "json")


def time_parts(
    make: Callable[[], Any], build: Callable[[Any], Any], runs: int
) -> tuple[dict[str, list[float]], int]:
    """Seconds per part over ``runs`` runs, after one warm-up run (imports, caches), and the
    size of the figure's JSON in characters."""
    times: dict[str, list[float]] = {part: [] for part in PARTS}
    size = 0
    for run in range(runs + 1):
        t0 = time.perf_counter()
        made = make()
        t1 = time.perf_counter()
        figure = build(made)
        t2 = time.perf_counter()
        spec = pio.to_json(figure.to_dict(), validate=False)
        t3 = time.perf_counter()
        if run == 0:
            continue
        for part, seconds in zip(PARTS, (t1 - t0, t2 - t1, t3 - t2), strict=True):
            times[part].append(seconds)
        size = len(spec)
    return times, size


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def cell(values: list[float]) -> str:
    """Milliseconds as the tables print them: the median and, in brackets, the 90th percentile."""
    return f"{1000 * statistics.median(values):6.1f} ({1000 * percentile(values, 0.9):4.0f})"
