"""One measured load run: N sessions open a page, idle, then move its sliders at an interval,
optionally beside one heavy user; returns the figures as a dict."""

from __future__ import annotations

import functools
import math
import os
import random
import resource
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

from loadgen.protocol import RunResult, Session
from loadgen.servers import HEAVY_PAGE, Server, cpu_seconds, rss_bytes


@dataclass
class Options:
    sessions: int
    duration: float
    interval: float
    ramp: float
    move: list[str]
    query: dict[str, str]
    timeout: float
    seed: int
    heavy: str | None = None
    heavy_interval: float = 10.0
    heavy_move: list[str] = field(default_factory=lambda: ["seed"])
    heavy_upload: int = 0


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    finished_at: list[float] = field(default_factory=list)  # monotonic time each rerun returned
    initial: list[float] = field(default_factory=list)
    received: int = 0
    errors: list[str] = field(default_factory=list)
    late: int = 0
    reconnects: int = 0
    replicas: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, result: RunResult, initial: bool = False) -> None:
        with self.lock:
            (self.initial if initial else self.latencies).append(result.seconds)
            if not initial:
                self.finished_at.append(time.monotonic())
            self.received += result.received
            self.errors.extend(result.errors)

    def error(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)


@functools.cache
def _upload_base(rows: int) -> bytes:
    values = random.Random(rows).choices(range(-300_000, 300_001), k=max(0, rows - 2))
    return ("value\n" + "\n".join(f"{v / 100_000:.5f}" for v in values)).encode()


def upload_bytes(rows: int, serial: int) -> bytes:
    """A CSV of ``rows`` lines: a header and numbers, the last one ``serial``, so that every
    upload differs and no cache can help."""
    return _upload_base(rows) + f"\n{serial}.5".encode()


def timeline(tally: Tally, start: float, window: float = 10.0) -> list[float]:
    """p95 of the reruns sent in each ``window`` seconds of the run: a queue that grows shows as
    a rising series, a stall of the whole machine as one high window among low ones."""
    windows: dict[int, list[float]] = {}
    for end, x in zip(tally.finished_at, tally.latencies, strict=True):
        windows.setdefault(int((end - x - start) // window), []).append(x)
    return [round(percentile(windows[w], 95), 3) for w in sorted(windows) if w >= 0]


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


@dataclass
class Phases:
    """What the sessions of one run wait on, and tell the coordinator."""

    loaded: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(0))
    finished: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(0))
    go: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)
    start: float = 0.0  # monotonic time at which the moving phase began


@dataclass
class Role:
    """What one session does: which page, which sliders it moves, how often."""

    page: str
    query: dict[str, str]
    move: list[str]
    interval: float
    ramp: float
    upload_rows: int = 0  # > 0: upload a new file of this many numbers instead of moving


def session_life(
    index: int, server: Server, role: Role, opts: Options, tally: Tally, phases: Phases
) -> None:
    """Open, idle until ``go``, rerun every interval until the end, stay open until ``done``."""
    rng = random.Random(opts.seed * 100_003 + index)
    session = Session(server.base_url, role.page, role.query, opts.timeout)
    try:
        time.sleep(rng.uniform(0, role.ramp))
        try:
            tally.add(session.open(), initial=True)
            missing = [key for key in role.move if key not in session.sliders]
            if role.upload_rows:
                missing = [] if session.uploaders else ["(a file uploader)"]
            if missing:
                tally.error(f"no slider with key {missing} on /{role.page}")
                session.close()
        except Exception as error:
            tally.error(f"open: {type(error).__name__}: {error}")
            session.close()
        finally:
            phases.loaded.release()
        with tally.lock:
            if session.replica:
                tally.replicas[session.replica] = tally.replicas.get(session.replica, 0) + 1
        phases.go.wait(role.ramp + 5 * opts.timeout)
        begin = phases.start + rng.uniform(0, role.interval)
        end = phases.start + opts.duration
        for k in range(int(opts.duration / role.interval) + 2):
            due = begin + k * role.interval
            now = time.monotonic()
            if due >= end or now >= end:
                break
            if now < due:
                time.sleep(due - now)
            elif now - due > role.interval / 2:
                with tally.lock:
                    tally.late += 1
            try:
                if session.ws is None:  # reconnect, as the browser does after a lost socket
                    session.open()
                    with tally.lock:
                        tally.reconnects += 1
                    continue
                if role.upload_rows:
                    name = f"upload-{index}-{k}.csv"
                    tally.add(session.upload(name, upload_bytes(role.upload_rows, k)))
                else:
                    tally.add(session.rerun(session.random_values(role.move, rng)))
            except Exception as error:
                tally.error(f"rerun: {type(error).__name__}: {error}")
                session.close()
        phases.finished.release()
        phases.done.wait(2 * opts.timeout)
    finally:
        session.close()


def run_load(server: Server, label: str, page: str, opts: Options, heavy: bool) -> dict:
    """One measured run against a started server; returns the figures."""
    rng = random.Random(opts.seed)
    for url in server.replica_urls or [server.base_url]:  # imports and first runs: not measured
        warm = Session(url, page, opts.query, opts.timeout)
        result = warm.open()
        missing = [key for key in opts.move if key not in warm.sliders]
        if result.errors or missing:
            raise RuntimeError(
                f"/{page} cannot be loaded: {result.errors or ''} "
                + (
                    f"no slider with key {missing}; sliders: {sorted(warm.sliders)}"
                    if missing
                    else ""
                )
            )
        for _ in range(3):
            warm.rerun(warm.random_values(opts.move, rng))
        warm.close()
    heavy_page, _, heavy_query = (opts.heavy or HEAVY_PAGE).partition("?")
    heavy_role = Role(
        heavy_page,
        dict(urllib.parse.parse_qsl(heavy_query)),
        opts.heavy_move,
        opts.heavy_interval,
        ramp=0,
        upload_rows=opts.heavy_upload,
    )
    if heavy:  # the heavy page's imports and first run happen before the measurement too
        for url in server.replica_urls or [server.base_url]:
            warm = Session(url, heavy_role.page, heavy_role.query, opts.timeout)
            warm.open()
            warm.close()
    time.sleep(2)
    load_before = os.getloadavg()
    rss_before = rss_bytes(server.pids)

    tally, heavy_tally, phases = Tally(), Tally(), Phases()
    role = Role(page, opts.query, opts.move, opts.interval, opts.ramp)
    threads = [
        threading.Thread(
            target=session_life, args=(i, server, role, opts, tally, phases), daemon=True
        )
        for i in range(opts.sessions)
    ]
    opened = time.monotonic()
    for thread in threads:
        thread.start()
    for _ in threads:
        phases.loaded.acquire(timeout=opts.ramp + 2 * opts.timeout)
    open_seconds = time.monotonic() - opened
    time.sleep(3)
    rss_idle = rss_bytes(server.pids)

    if heavy:
        threads.append(
            threading.Thread(
                target=session_life,
                args=(-1, server, heavy_role, opts, heavy_tally, phases),
                daemon=True,
            )
        )
        threads[-1].start()
        phases.loaded.acquire(timeout=2 * opts.timeout)

    cpu_before = cpu_seconds(server.pids)
    loop_before = cpu_seconds(server.pids, main_thread_only=True)
    client_before = resource.getrusage(resource.RUSAGE_SELF)
    phases.start = time.monotonic()
    phases.go.set()
    # Every session stops starting reruns at the end of the duration; wait for the ones still
    # in flight (each is bounded by the rerun timeout), then close everything.
    deadline = phases.start + opts.duration + opts.timeout + 5
    for _ in threads:
        phases.finished.acquire(timeout=max(0.0, deadline - time.monotonic()))
    elapsed = time.monotonic() - phases.start
    cpu_after = cpu_seconds(server.pids)
    loop_after = cpu_seconds(server.pids, main_thread_only=True)
    client_after = resource.getrusage(resource.RUSAGE_SELF)
    rss_loaded = rss_bytes(server.pids)
    load_after = os.getloadavg()
    phases.done.set()
    for thread in threads:
        thread.join(10)

    reruns = len(tally.latencies)
    figures = {
        "target": label,
        "heavy_user": heavy,
        "sessions": opts.sessions,
        "duration_s": opts.duration,
        "interval_s": opts.interval,
        "reruns": reruns,
        "reruns_per_s": reruns / elapsed,
        "p50_s": percentile(tally.latencies, 50),
        "p95_s": percentile(tally.latencies, 95),
        "max_s": max(tally.latencies, default=math.nan),
        "late": tally.late,
        "errors": len(tally.errors),
        "error_examples": sorted(set(tally.errors))[:5],
        "reconnects": tally.reconnects,
        "p95_by_10s": timeline(tally, phases.start),
        "latencies": [
            [round(t - phases.start, 3), round(x, 4)]
            for t, x in zip(tally.finished_at, tally.latencies, strict=True)
        ],
        "open_p50_s": percentile(tally.initial, 50),
        "open_p95_s": percentile(tally.initial, 95),
        "open_all_s": open_seconds,
        "kb_per_rerun": tally.received / 1024 / max(1, reruns + len(tally.initial)),
        "replica_split": dict(sorted(tally.replicas.items())),
        "load_before": load_before,
        "load_after": load_after,
        "client_cpu_s": (client_after.ru_utime + client_after.ru_stime)
        - (client_before.ru_utime + client_before.ru_stime),
    }
    if rss_before is not None and rss_idle is not None:
        figures["rss_before_mb"] = rss_before / 2**20
        figures["rss_idle_mb"] = rss_idle / 2**20
        figures["mb_per_idle_session"] = (rss_idle - rss_before) / 2**20 / opts.sessions
    if rss_loaded is not None:
        figures["rss_after_load_mb"] = rss_loaded / 2**20
    if cpu_before is not None and cpu_after is not None:
        used = cpu_after - cpu_before
        runs = reruns + len(heavy_tally.latencies)
        figures["server_cores_busy"] = used / elapsed
        figures["server_cpu_ms_per_rerun"] = 1000 * used / runs if runs else math.nan
        if loop_before is not None and loop_after is not None:
            loop = loop_after - loop_before
            figures["event_loop_cpu_ms_per_rerun"] = 1000 * loop / runs if runs else math.nan
    if heavy:
        figures["heavy_reruns"] = len(heavy_tally.latencies)
        figures["heavy_p50_s"] = percentile(heavy_tally.latencies, 50)
        figures["heavy_max_s"] = max(heavy_tally.latencies, default=math.nan)
        figures["heavy_errors"] = sorted(set(heavy_tally.errors))[:5]
    return figures
