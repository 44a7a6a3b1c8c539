"""Where a running Streamlit server spends its time: a sampling profiler over every thread.

Runs ``streamlit run SCRIPT`` inside this process with a sampler thread that looks at every
other thread's Python stack every ``--every`` milliseconds (``sys._current_frames``). Drive it
with ``benchmarks/load.py URL`` from another shell. After ``--seconds``, or when stopped early
(Ctrl-C, SIGTERM), it prints for the event loop (the main thread) and for the other threads
(script runs, watchers) the functions seen most often on top of the stack (own time) and
anywhere on it (inclusive time), and the server stops. Each sample of a thread is weighted by the
CPU time the thread used since the previous sample (its own CPU clock,
``pthread_getcpuclockid``), so threads that sleep, wait on a lock or wait for the interpreter
lock weigh nothing, and the shares are shares of CPU time. The first ``--skip`` seconds
(start-up, the first imports) are not sampled.

    .venv/bin/python benchmarks/server_profile.py app.py --port 8599 --seconds 40 &
    .venv/bin/python benchmarks/load.py http://127.0.0.1:8599/coin --sessions 20 --duration 30
"""

from __future__ import annotations

import argparse
import atexit
import collections
import os
import signal
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def where(frame) -> str:
    code = frame.f_code
    name = Path(code.co_filename)
    short = "/".join(name.parts[-2:]) if "site-packages" in code.co_filename else name.name
    return f"{short}:{code.co_name}"


class Sampler(threading.Thread):
    def __init__(self, every: float, main_id: int) -> None:
        super().__init__(name="sampler", daemon=True)
        self.every, self.main_id = every, main_id
        self.own = {"event loop": collections.Counter(), "other threads": collections.Counter()}
        self.inclusive = {group: collections.Counter() for group in self.own}
        self.samples: collections.Counter = collections.Counter()
        self.stopped = threading.Event()
        self.clocks: dict[int, float] = {}

    def used(self, ident: int) -> float:
        """CPU seconds this thread used since the last look."""
        try:
            now = time.clock_gettime(time.pthread_getcpuclockid(ident))
        except (OSError, ProcessLookupError):
            return 0.0
        before = self.clocks.get(ident, now)
        self.clocks[ident] = now
        return now - before

    def run(self) -> None:
        me = threading.get_ident()
        while not self.stopped.wait(self.every):
            for ident, frame in sys._current_frames().items():
                cpu = self.used(ident)
                if ident == me or cpu <= 0:
                    continue
                group = "event loop" if ident == self.main_id else "other threads"
                self.samples[group] += cpu
                self.own[group][where(frame)] += cpu
                seen = set()
                while frame is not None:
                    seen.add(where(frame))
                    frame = frame.f_back
                for name in seen:
                    self.inclusive[group][name] += cpu

    def report(self, top: int) -> None:
        total = sum(self.samples.values()) or 1
        for group in ("other threads", "event loop"):
            n = self.samples[group]
            print(f"\n== {group}: {n:.1f} CPU seconds ({100 * n / total:.0f}% of the sampled CPU)")
            if not n:
                continue
            print("   own (top of stack)")
            for name, count in self.own[group].most_common(top):
                print(f"     {100 * count / n:5.1f}%  {name}")
            print("   inclusive")
            for name, count in self.inclusive[group].most_common(top):
                print(f"     {100 * count / n:5.1f}%  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("script", nargs="?", default="app.py")
    parser.add_argument("--port", type=int, default=8599)
    parser.add_argument("--seconds", type=float, default=60.0, help="profile this long, then stop")
    parser.add_argument("--every", type=float, default=2.0, help="milliseconds between samples")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--skip", type=float, default=10.0, help="seconds before sampling starts")
    args = parser.parse_args()
    os.chdir(ROOT)
    sampler = Sampler(args.every / 1000, threading.get_ident())

    reported = threading.Event()

    def report() -> None:
        if sampler.is_alive() and not reported.is_set():
            reported.set()
            sampler.stopped.set()
            sampler.report(args.top)
            sys.stdout.flush()

    def finish() -> None:
        time.sleep(args.skip)
        sampler.start()
        sampler.stopped.wait(args.seconds)
        report()
        os.kill(os.getpid(), signal.SIGTERM)

    atexit.register(report)  # stopped early (Ctrl-C, SIGTERM): report what was sampled
    threading.Thread(target=finish, daemon=True).start()
    from streamlit.web import cli

    sys.argv = [
        "streamlit",
        "run",
        args.script,
        "--server.port",
        str(args.port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    cli.main()


if __name__ == "__main__":
    main()
