"""Server-side script time of each page: the median of 20 reruns, run by Streamlit's AppTest.

For each page (``app`` and every ``pages/*.py``, or the ones named): open it the way the tests do
(``AppTest.from_file("app.py")``, then ``switch_page``), then time 20 reruns with the same inputs
and 20 reruns after moving every keyed slider to a random value (what a student does; a result
cached on its inputs only helps the first kind). AppTest runs the script and marshals every
element (a plotly chart's JSON included) as a server does, but sends nothing: the websocket side
of a rerun is in ``benchmarks/load.py``. The floor line is AppTest's own cost on a one-line page.
Scripts are compiled once, as in a server (AppTest alone would recompile them on every run).

    .venv/bin/python benchmarks/page_times.py                  # every page
    .venv/bin/python benchmarks/page_times.py coin --profile   # where /coin's time goes
    .venv/bin/python benchmarks/page_times.py coin --reruns 50 --top 40 --profile

``--profile`` runs cProfile inside the script thread over the moved reruns and prints the
functions with the most cumulative and own time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import os
import pstats
import random
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)
os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")

import streamlit.testing.v1.app_test as app_test_module  # noqa: E402
import streamlit.testing.v1.local_script_runner as local_script_runner  # noqa: E402
from streamlit.logger import set_log_level  # noqa: E402
from streamlit.runtime.scriptrunner.script_cache import ScriptCache  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402
from streamlit.testing.v1.local_script_runner import LocalScriptRunner  # noqa: E402

# AppTest compiles every script afresh on every run (a new ScriptCache each time); a server
# compiles each script once. One shared cache makes these times a server's.
_SHARED_SCRIPT_CACHE = ScriptCache()
app_test_module.ScriptCache = local_script_runner.ScriptCache = lambda: _SHARED_SCRIPT_CACHE

BARE = "benchmarks/bare_two_sliders_app.py"  # name it "bare" on the command line
FLOOR_SCRIPT = "import streamlit as st\nst.write('floor')\n"


class ScriptProfiler:
    """cProfile switched on inside AppTest's script thread (cProfile sees one thread only)."""

    def __init__(self) -> None:
        self.profile = cProfile.Profile()
        self.active = False
        original = LocalScriptRunner._run_script_thread

        def profiled(runner: LocalScriptRunner) -> None:
            if not self.active:
                return original(runner)
            self.profile.enable()
            try:
                return original(runner)
            finally:
                self.profile.disable()

        LocalScriptRunner._run_script_thread = profiled

    def report(self, top: int) -> str:
        out = io.StringIO()
        stats = pstats.Stats(self.profile, stream=out)
        stats.strip_dirs().sort_stats("cumulative").print_stats(top)
        stats.sort_stats("tottime").print_stats(top)
        return out.getvalue()


def open_page(page: str, timeout: float) -> AppTest:
    if page == BARE:
        at = AppTest.from_file(str(ROOT / BARE), default_timeout=timeout)
        at.run()
        return at
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.run()
    if page != "app":
        at.switch_page(f"pages/{page}.py").run()
    return at


def single_sliders(at: AppTest) -> list:
    return [s for s in at.slider if s.key and not isinstance(s.value, (tuple, list))]


def move(at: AppTest, rng: random.Random) -> None:
    for slider in single_sliders(at):
        steps = max(1, round((slider.max - slider.min) / slider.step))
        value = slider.min + slider.step * rng.randint(0, steps)
        value = round(value) if isinstance(slider.value, int) else round(value, 10)
        slider.set_value(value)


def timed_runs(at: AppTest, reruns: int, rng: random.Random | None) -> list[float]:
    times = []
    for _ in range(reruns):
        if rng is not None:
            move(at, rng)
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        if at.exception:
            raise RuntimeError(f"the page raised: {at.exception[0].message}")
    return times


def chart_bytes(at: AppTest) -> int:
    return sum(len(chart.proto.spec) for chart in at.get("plotly_chart"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "pages", nargs="*", help="page names, or bare (default: app and every page)"
    )
    parser.add_argument("--reruns", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--profile", action="store_true", help="cProfile the moved reruns")
    parser.add_argument("--top", type=int, default=30, help="functions shown by --profile")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    pages = args.pages or ["app", *sorted(p.stem for p in (ROOT / "pages").glob("*.py"))]
    pages = [BARE if page == "bare" else page for page in pages]
    warnings.simplefilter("ignore")
    set_log_level("error")
    # AppTest reads widgets from the main thread, which has no script context: harmless noise.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").disabled = True
    profiler = ScriptProfiler() if args.profile else None

    floor = AppTest.from_string(FLOOR_SCRIPT, default_timeout=args.timeout)
    floor.run()
    floor_times = timed_runs(floor, args.reruns, None)
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {args.reruns} reruns")
    print(
        f"{'page':<18} {'same ms':>8} {'moved ms':>9} {'min ms':>7} {'charts':>6} {'chart kB':>8}"
    )
    print(f"{'(AppTest floor)':<18} {statistics.median(floor_times) * 1000:>8.1f}")
    for page in pages:
        rng = random.Random(args.seed)
        try:
            at = open_page(page, args.timeout)
            if at.exception:
                raise RuntimeError(f"the page raised: {at.exception[0].message}")
            same = timed_runs(at, args.reruns, None)
            if profiler:
                profiler.active = True
            moved = timed_runs(at, args.reruns, rng)
            if profiler:
                profiler.active = False
        except Exception as error:
            print(f"{page[:18]:<18} failed: {type(error).__name__}: {error}")
            continue
        charts = at.get("plotly_chart")
        print(
            f"{'bare' if page == BARE else page:<18} {statistics.median(same) * 1000:>8.1f} "
            f"{statistics.median(moved) * 1000:>9.1f} {min(same + moved) * 1000:>7.1f} "
            f"{len(charts):>6} {chart_bytes(at) / 1024:>8.1f}"
        )
    if profiler:
        print(profiler.report(args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
