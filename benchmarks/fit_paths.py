"""CPU time of a 60-step fitting path on 10,000 samples, Gaussian and Bernoulli, both methods.

The /mle lesson computes one such path per run; the goal is well under 50 ms each. Prints the
median CPU time (``time.thread_time``: the machine's other load hardly changes it) over
``--repeats`` runs after one warm-up, and the load average.

    .venv/bin/python benchmarks/fit_paths.py [--samples 10000] [--steps 60] [--repeats 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core import fit_path_bernoulli, fit_path_gaussian


def median_ms(function, repeats: int) -> float:
    function()
    times = []
    for _ in range(repeats):
        start = time.thread_time()
        function()
        times.append(time.thread_time() - start)
    return statistics.median(times) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=10_000)
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args(argv)
    x = np.random.default_rng(7).normal(3.0, 2.0, size=args.samples)
    print(f"numpy {np.__version__}; load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print(f"{args.steps}-step paths on {args.samples:,} samples, median CPU ms:")
    for method in ["gradient", "newton"]:
        gaussian = median_ms(
            lambda method=method: fit_path_gaussian(x, 0.0, 1.0, method=method, steps=args.steps),
            args.repeats,
        )
        bernoulli = median_ms(
            lambda method=method: fit_path_bernoulli(x > 3, 0.2, method=method, steps=args.steps),
            args.repeats,
        )
        print(f"  {method:<9} Gaussian {gaussian:7.2f}   Bernoulli {bernoulli:7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
