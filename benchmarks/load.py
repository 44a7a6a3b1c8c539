"""A lecture hall at once: N concurrent sessions rerunning a page, over Streamlit's own protocol.

Each session does what a browser does, without the browser: an HTTP GET of the page (which
gives it the XSRF cookie and, behind ``deploy/serve.sh``, the balancer's stickiness cookie, kept
per session), then a websocket to ``/_stcore/stream`` that sends ``BackMsg.rerun_script`` (query
string, page, widget states, the hashes of the large messages it already holds) and reads
``ForwardMsg``s until ``script_finished``. The rerun latency is the time from sending the rerun to
receiving ``script_finished``: the server's queueing, script run and serialisation, without the
browser's drawing.

A run: start the server (or use a running one), warm it with one session, read the server's
resident memory (``VmRSS`` in ``/proc/PID/status``), open N sessions over ``--ramp`` seconds and let
them idle, read the memory again (the difference over N is the memory of an idle session), then
every session moves its sliders (``--move``, by default ``p`` and ``q``) to new random values every
``--interval`` seconds for ``--duration`` seconds. A session never has two reruns in flight: if a
rerun takes longer than the interval, the next one is sent as soon as it finishes (counted as
``late``). Everything is bounded: each wait has a timeout and the sessions stop by themselves.

Targets (several are run interleaved, ``--repeat`` times, and printed side by side):

    coin, categorical, ...       start ``streamlit run app.py``, sessions open that page
    app                          the overview page of ``app.py``
    bare                         start ``streamlit run benchmarks/bare_two_sliders_app.py``
    serve2:coin                  start ``deploy/serve.sh 2 PORT`` (HAProxy + 2 replicas), page coin
    http://127.0.0.1:8501/coin   a server that is already running (loopback only)

Examples (from the repository root)::

    .venv/bin/python benchmarks/load.py coin bare --sessions 50 --duration 60 --repeat 2
    .venv/bin/python benchmarks/load.py serve1:coin serve2:coin --repeat 2
    .venv/bin/python benchmarks/load.py coin --heavy simulate     # with and without a heavy user
    .venv/bin/python benchmarks/load.py coin --sessions 1 --duration 20   # one user: script cost

Figures are noisy on a shared machine: the load average is printed with every run, and the
server's CPU time per rerun (from ``/proc/PID/stat``) is a steadier measure of cost than latency.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from loadgen.report import show, summary  # noqa: E402
from loadgen.run import Options, run_load  # noqa: E402
from loadgen.servers import heavy_app_dir, launch, option_env, parse_target  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("targets", nargs="+", help="coin | app | bare | serveN:PAGE | URL")
    parser.add_argument("--sessions", "-n", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between reruns")
    parser.add_argument("--ramp", type=float, default=5.0, help="seconds over which sessions open")
    parser.add_argument("--move", default="p,q", help="keys of the sliders each rerun moves")
    parser.add_argument("--query", default="", help="query string the pages are opened with")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a run fails")
    parser.add_argument("--repeat", type=int, default=1, help="interleaved repeats of each target")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--heavy",
        help="also run each target with one heavy user on this page: 'simulate' (a page doing "
        "1,000,000-sample numpy work, added to a throwaway copy of the app) or PAGE?QUERY",
    )
    parser.add_argument("--heavy-interval", type=float, default=10.0)
    parser.add_argument("--heavy-move", default="seed", help="sliders the heavy user moves")
    parser.add_argument(
        "--heavy-upload",
        type=int,
        default=0,
        metavar="ROWS",
        help="the heavy user uploads a new CSV of ROWS numbers through the page's file uploader "
        "every --heavy-interval seconds instead of moving sliders",
    )
    parser.add_argument("--json", help="also write every run's figures to this file")
    parser.add_argument("--server-log", type=int, default=0, help="show the server's last N lines")
    parser.add_argument(
        "--option",
        action="append",
        default=[],
        help="a Streamlit option for the servers started, e.g. runner.postScriptGC=false",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= 500 or not 1 <= args.duration <= 3600 or args.interval <= 0:
        parser.error("sessions 1..500, duration 1..3600 s, interval > 0")

    targets = [parse_target(spec) for spec in args.targets]
    opts = Options(
        sessions=args.sessions,
        duration=args.duration,
        interval=args.interval,
        ramp=args.ramp,
        move=[key for key in args.move.split(",") if key],
        query=dict(urllib.parse.parse_qsl(args.query)),
        timeout=args.timeout,
        seed=args.seed,
        heavy=None if args.heavy in (None, "simulate") else args.heavy,
        heavy_interval=args.heavy_interval,
        heavy_move=[key for key in args.heavy_move.split(",") if key],
        heavy_upload=args.heavy_upload,
    )
    print(f"{os.cpu_count()} cores; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.option:
        print(f"Streamlit options: {option_env(args.option)}")
    runs = []
    with contextlib.ExitStack() as stack:
        app_dir = stack.enter_context(heavy_app_dir()) if args.heavy == "simulate" else None
        for repeat in range(args.repeat):
            for target in targets:
                for heavy in (False, True) if args.heavy else (False,):
                    app = app_dir if target.script == "app.py" else None
                    with launch(target, app, args.option) as server:
                        figures = run_load(server, target.label, target.page, opts, heavy)
                        if args.server_log:
                            tail = list(server.log)[-args.server_log :]
                            print("   server log:", *tail, sep="\n     ")
                    figures["repeat"] = repeat
                    show(figures)
                    runs.append(figures)
    if len(runs) > 1:
        summary(runs)
    if args.json:
        Path(args.json).write_text(json.dumps(runs, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
