"""Curves over a 100,000-model grid for K = 2 and K = 100, against scipy on the same arrays.

The lessons draw H(P,Q), KL(P‖Q) and H(P) over a grid of models Q in one vectorised call each.
This times those calls on a 100,000-model grid and compares them with
``scipy.special.rel_entr(P, Q).sum(axis=-1)`` (no input checks, KL only) on the very same
arrays, printing the median CPU time of several repeats (``time.thread_time``: the machine's
other load hardly changes it; these calls run on one thread), the ratio to scipy and the largest
difference between the two results (they must agree). Our functions check their input (every
row sums to 1, no negatives, no NaN) and handle p = 0 and q = 0 exactly; the ratio is the price.

    .venv/bin/python benchmarks/core_curves.py [--grid 100000] [--repeats 15]

Grids: K = 2 is the coin, q from 0.001 to 0.999 (``coin_kl_divergence(p, q)`` takes the q array
directly; ``kl_divergence`` takes the (G, 2) stack of [q, 1 - q]); K = 100 is the straight path
of models from a uniform Q to a fixed P (``model_path``), shape (G, 100).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy.special import rel_entr

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core import (
    coin_decompose,
    coin_kl_divergence,
    cross_entropy,
    decompose,
    entropy,
    kl_divergence,
)
from core.categorical import model_path


def median_seconds(function: Callable[[], object], repeats: int) -> tuple[float, object]:
    result = function()  # warm-up, and the value to compare
    times = []
    for _ in range(repeats):
        start = time.thread_time()
        function()
        times.append(time.thread_time() - start)
    return statistics.median(times), result


def report(title: str, cases: dict[str, Callable[[], object]], repeats: int) -> None:
    reference_time, reference = median_seconds(cases.pop("scipy rel_entr(P, Q).sum(-1)"), repeats)
    print(f"\n{title}")
    print(f"  {'call':<44} {'CPU ms':>8} {'vs scipy':>9} {'max |diff| of KL':>17}")
    print(f"  {'scipy rel_entr(P, Q).sum(-1)':<44} {reference_time * 1000:>8.2f} {1:>8.2f}x")
    for name, function in cases.items():
        seconds, value = median_seconds(function, repeats)
        kl = getattr(value, "kl_divergence", value)
        diff = float(np.max(np.abs(np.asarray(kl) - reference))) if "KL" in name else None
        shown = f"{diff:>17.1e}" if diff is not None else f"{'':>17}"
        print(f"  {name:<44} {seconds * 1000:>8.2f} {seconds / reference_time:>8.2f}x {shown}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--grid", type=int, default=100_000, help="models on the grid")
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args(argv)
    g = args.grid
    print(f"numpy {np.__version__}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    p = 0.3
    q = np.linspace(0.001, 0.999, g)
    coin_p = np.array([p, 1 - p])
    coin_q = np.stack([q, 1 - q], axis=-1)
    report(
        f"K = 2 (the coin, p = {p}), {g:,} models",
        {
            "scipy rel_entr(P, Q).sum(-1)": lambda: rel_entr(coin_p, coin_q).sum(axis=-1),
            "KL  kl_divergence(P, Q)": lambda: kl_divergence(coin_p, coin_q),
            "KL  coin_kl_divergence(p, q)": lambda: coin_kl_divergence(p, q),
            "    cross_entropy(P, Q)": lambda: cross_entropy(coin_p, coin_q),
            "    entropy(Q) (one per model)": lambda: entropy(coin_q),
            "KL  decompose(P, Q): H, H(P,Q), KL": lambda: decompose(coin_p, coin_q),
            "KL  coin_decompose(p, q): H, H(P,Q), KL": lambda: coin_decompose(p, q),
        },
        args.repeats,
    )

    k = 100
    big_p = np.random.default_rng(0).dirichlet(np.ones(k))
    path = model_path(big_p, np.full(k, 1 / k), np.linspace(0.0, 1.0, g))
    report(
        f"K = {k} (a path of models from uniform Q to P), {g:,} models of {k} outcomes",
        {
            "scipy rel_entr(P, Q).sum(-1)": lambda: rel_entr(big_p, path).sum(axis=-1),
            "KL  kl_divergence(P, Q)": lambda: kl_divergence(big_p, path),
            "    cross_entropy(P, Q)": lambda: cross_entropy(big_p, path),
            "    entropy(Q) (one per model)": lambda: entropy(path),
            "KL  decompose(P, Q): H, H(P,Q), KL": lambda: decompose(big_p, path),
        },
        max(3, args.repeats // 3),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
