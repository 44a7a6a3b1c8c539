"""Server-side script time of each page: the median of 20 reruns, run by Streamlit's AppTest.

For each page (``app`` and every ``pages/*.py``, or the ones named): open it the way the tests do
(``AppTest.from_file("app.py")``, then ``switch_page``), then time 20 reruns with the same inputs
and 20 reruns after moving every keyed slider to a random value (what a student does; a result
cached on its inputs only helps the first kind). AppTest runs the script and marshals every
element (a plotly chart's JSON included) as a server does, but sends nothing: the websocket side
of a rerun is in ``benchmarks/load.py``. Scripts are compiled once, as in a server (AppTest alone
would recompile them on every run).

The main figure is the CPU time of the script thread (``time.thread_time`` inside it), which the
machine's other load hardly changes; the wall time beside it does change. A server's script
runner collects garbage after every run (``gc.collect(2)``, when ``runner.postScriptGC`` is on,
as it is by default); AppTest's does not, so this script does it the same way, times it on its
own (the GC column) and leaves it out of the CPU column. The floor line is AppTest's cost for a
one-line page.

    .venv/bin/python benchmarks/page_times.py                  # every page
    .venv/bin/python benchmarks/page_times.py coin bare        # /coin and the bare comparison page
    .venv/bin/python benchmarks/page_times.py coin --profile   # where /coin's time goes
    .venv/bin/python benchmarks/page_times.py coin --reruns 50 --top 40 --profile

``--profile`` runs cProfile inside the script thread over the moved reruns and prints the
functions with the most cumulative and own time.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import logging
import os
import pstats
import random
import statistics
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)
os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")

import streamlit as st  # noqa: E402
import streamlit.runtime.scriptrunner.script_runner as script_runner_module  # noqa: E402
import streamlit.testing.v1.app_test as app_test_module  # noqa: E402
import streamlit.testing.v1.local_script_runner as local_script_runner  # noqa: E402
from streamlit.logger import set_log_level  # noqa: E402
from streamlit.runtime.scriptrunner.script_cache import ScriptCache  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402
from streamlit.testing.v1.local_script_runner import LocalScriptRunner  # noqa: E402

from ui.live_chart import NAME  # noqa: E402

# AppTest compiles every script afresh on every run (a new ScriptCache each time); a server
# compiles each script once. One shared cache makes these times a server's.
_SHARED_SCRIPT_CACHE = ScriptCache()
app_test_module.ScriptCache = local_script_runner.ScriptCache = lambda: _SHARED_SCRIPT_CACHE

BARE = "benchmarks/bare_two_sliders_app.py"  # name it "bare" on the command line
FLOOR_SCRIPT = "import streamlit as st\nst.write('floor')\n"


class TimedGC:
    """Stands in for the ``gc`` module inside Streamlit's script runner, timing its collections."""

    def __init__(self) -> None:
        self.last = 0.0

    def collect(self, *args: int) -> int:
        start = time.thread_time()
        try:
            return gc.collect(*args)
        finally:
            self.last += time.thread_time() - start

    def __getattr__(self, name: str):
        return getattr(gc, name)


TIMED_GC = TimedGC()
script_runner_module.gc = TIMED_GC


class ScriptClock:
    """The CPU time of AppTest's script thread, and cProfile inside it when asked (cProfile
    sees one thread only)."""

    def __init__(self) -> None:
        # Timed with the thread's CPU clock, so that waiting for the interpreter lock (another
        # thread running) is not charged to whatever function happened to be running.
        self.profile = cProfile.Profile(time.thread_time)
        self.profiling = False
        self.last = 0.0
        original = LocalScriptRunner._run_script_thread

        def timed(runner: LocalScriptRunner) -> None:
            TIMED_GC.last = 0.0
            start = time.thread_time()
            if self.profiling:
                self.profile.enable()
            try:
                return original(runner)
            finally:
                if self.profiling:
                    self.profile.disable()
                # A server's script runner collects garbage after every run when
                # runner.postScriptGC is on; AppTest's does not. Do it here, timed on its own.
                if st.get_option("runner.postScriptGC"):
                    TIMED_GC.collect(2)
                self.last = time.thread_time() - start

        LocalScriptRunner._run_script_thread = timed

    def report(self, top: int) -> str:
        out = io.StringIO()
        stats = pstats.Stats(self.profile, stream=out)
        stats.strip_dirs().sort_stats("cumulative").print_stats(top)
        stats.sort_stats("tottime").print_stats(top)
        return out.getvalue()


CLOCK = ScriptClock()


@dataclass
class Times:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # the script thread, without the GC
    gc: list[float] = field(default_factory=list)

    def ms(self, name: str) -> float:
        return statistics.median(getattr(self, name)) * 1000


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


def timed_runs(at: AppTest, reruns: int, rng: random.Random | None) -> Times:
    times = Times()
    for _ in range(reruns):
        if rng is not None:
            move(at, rng)
        start = time.perf_counter()
        at.run()
        times.wall.append(time.perf_counter() - start)
        times.gc.append(TIMED_GC.last)
        times.cpu.append(CLOCK.last - TIMED_GC.last)
        if at.exception:
            raise RuntimeError(f"the page raised: {at.exception[0].message}")
    return times


def chart_sizes(at: AppTest) -> list[int]:
    """The bytes each chart sends: live charts (ui.live_chart) and st.plotly_chart figures."""
    live = [e.proto.bytes for e in at.get("bidi_component") if e.proto.component_name == NAME]
    plotly = [chart.proto.spec for chart in at.get("plotly_chart")]
    return [len(payload) for payload in live + plotly]


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
    gc_state = "on" if st.get_option("runner.postScriptGC") else "off"

    floor = AppTest.from_string(FLOOR_SCRIPT, default_timeout=args.timeout)
    floor.run()
    floor_times = timed_runs(floor, args.reruns, None)
    print(
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; medians of "
        f"{args.reruns} reruns; postScriptGC {gc_state}"
    )
    print(
        f"{'page':<18} {'CPU ms':>7} {'same':>6} {'GC ms':>6} {'wall ms':>8} "
        f"{'charts':>6} {'chart kB':>8}"
    )
    print(
        f"{'(AppTest floor)':<18} {floor_times.ms('cpu'):>7.1f} {'':>6} "
        f"{floor_times.ms('gc'):>6.1f} {floor_times.ms('wall'):>8.1f}"
    )
    for page in pages:
        rng = random.Random(args.seed)
        try:
            at = open_page(page, args.timeout)
            if at.exception:
                raise RuntimeError(f"the page raised: {at.exception[0].message}")
            same = timed_runs(at, args.reruns, None)
            CLOCK.profiling = args.profile
            moved = timed_runs(at, args.reruns, rng)
            CLOCK.profiling = False
        except Exception as error:
            print(f"{page[:18]:<18} failed: {type(error).__name__}: {error}")
            continue
        sizes = chart_sizes(at)
        print(
            f"{'bare' if page == BARE else page:<18} {moved.ms('cpu'):>7.1f} "
            f"{same.ms('cpu'):>6.1f} {moved.ms('gc'):>6.1f} {moved.ms('wall'):>8.1f} "
            f"{len(sizes):>6} {sum(sizes) / 1024:>8.1f}"
        )
    print(
        "CPU: the script thread's CPU time, sliders moved before each rerun, without the GC; "
        "same: no input changed; GC: Streamlit's collection after each run."
    )
    if args.profile:
        print(CLOCK.report(args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
