"""Encoding and decoding 1,000,000 outcomes with the ANS coder of /coding (goal: under 0.5 s).

For a coin and for dice of 6 and 20 faces this times, on the same sample of n outcomes drawn from
P: ``compress`` with Q's model (recording the prefix sizes at 64 log-spaced points, as the page
does), ``decompress`` of that message, and ``compare_coders``, which is everything /coding does
with the sample (both coders, both decodes, the empirical distribution and the decomposition).
It prints the median wall time of several repeats and the bits per outcome against H(P̂, Q).

    .venv/bin/python benchmarks/coding.py [--n 1000000] [--repeats 7]
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core import compare_coders, compress, cross_entropy, decompress, preset_distribution


def median_seconds(function: Callable[[], object], repeats: int) -> tuple[float, object]:
    result = function()  # warm-up, and the value to report
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def report(name: str, p: np.ndarray, q: np.ndarray, n: int, repeats: int) -> None:
    outcomes = np.random.default_rng(1).choice(p.shape[0], size=n, p=p)
    checkpoints = np.unique(np.geomspace(1, n, 64).round().astype(np.int64))
    encode_s, message = median_seconds(
        lambda: compress(outcomes, q, checkpoints=checkpoints), repeats
    )
    decode_s, decoded = median_seconds(lambda: decompress(message), repeats)
    both_s, comparison = median_seconds(
        lambda: compare_coders(outcomes, p, q, checkpoints=checkpoints), repeats
    )
    assert np.array_equal(decoded, outcomes) and comparison.lossless
    target = cross_entropy(comparison.empirical, q, base=2)
    print(
        f"  {name:<26} {encode_s * 1000:>8.1f} {decode_s * 1000:>8.1f} "
        f"{(encode_s + decode_s) * 1000:>8.1f} {both_s * 1000:>9.1f}   "
        f"{message.bits / n:.5f} vs {target:.5f} bits/outcome"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="outcomes in the sample")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    print(f"n = {args.n:,}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"  {'sample':<26} {'encode':>8} {'decode':>8} {'both':>8} {'/coding':>9}   (ms)")
    die_p = preset_distribution("loaded", 6)
    rng = np.random.default_rng(0)
    cases = [
        ("coin p = 0.3, q = 0.8", np.array([0.3, 0.7]), np.array([0.8, 0.2])),
        ("die K = 6, loaded vs fair", die_p, np.full(6, 1 / 6)),
        ("die K = 20, random P, Q", rng.dirichlet(np.ones(20)), rng.dirichlet(np.ones(20))),
    ]
    for name, p, q in cases:
        report(name, p, q, args.n, args.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
