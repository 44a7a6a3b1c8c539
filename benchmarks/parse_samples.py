"""Time parsing and summarising a million observations, as the samples page does for an upload.

For each input (generated in memory, never written to disk): ``core.parse_samples`` on the raw
bytes, then ``core.empirical_distribution`` and ``core.histogram`` (numeric data)
on the values, and the three together. Prints the median and the spread of several runs, the
median CPU time of the process, and the machine's load (on a shared machine the wall time
grows with the load; the CPU time much less: quote both with the load next to them).

    .venv/bin/python benchmarks/parse_samples.py            # 7 runs of each input
    .venv/bin/python benchmarks/parse_samples.py --runs 15
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

from core import empirical_distribution, histogram, parse_samples

N = 1_000_000


def inputs() -> dict[str, tuple[bytes, dict]]:
    rng = np.random.default_rng(0)
    x = rng.normal(size=N)
    numbers = "\n".join(np.char.mod("%.6f", x).tolist()) + "\n"
    groups = rng.choice(["a", "b"], N).tolist()
    table = "\n".join(
        f"{a},{b}" for a, b in zip(np.char.mod("%.6f", x).tolist(), groups, strict=True)
    )
    coins = "\n".join(rng.choice(["H", "T"], N).tolist()) + "\n"
    return {
        "1,000,000 numbers, one per line (x header)": (("x\n" + numbers).encode(), {}),
        "1,000,000 rows of a 2-column CSV, numeric column": (("x,g\n" + table).encode(), {}),
        "1,000,000 coin tosses H/T, one per line": (coins.encode(), {}),
    }


def timed(function, runs: int) -> tuple[float, float, float, float]:
    """Median, min and max wall time, and median CPU time of this process (which other
    programs on a shared machine inflate far less than the wall time)."""
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(times), min(times), max(times), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    print(
        f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())} "
        f"({os.cpu_count()} cores)"
    )
    for name, (data, options) in inputs().items():
        sample = parse_samples(data, **options)

        def parse(data=data, options=options):
            return parse_samples(data, **options)

        def summarise(sample=sample):
            empirical_distribution(sample.values)
            if sample.numeric:
                histogram(sample.values)

        def both(parse=parse):
            s = parse()
            empirical_distribution(s.values)
            if s.numeric:
                histogram(s.values)

        print(f"\n{name}: {len(data) / 2**20:.1f} MB, n = {sample.n:,}")
        for step, function in (("parse", parse), ("summarise", summarise), ("both", both)):
            median, low, high, cpu = timed(function, runs)
            print(
                f"  {step:<10} median {median * 1000:6.0f} ms   (min {low * 1000:.0f}, "
                f"max {high * 1000:.0f}; CPU {cpu * 1000:.0f} ms; {runs} runs)"
            )
    print(f"\nload average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
