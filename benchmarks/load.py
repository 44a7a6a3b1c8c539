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
import functools
import http.cookiejar
import ipaddress
import json
import math
import os
import random
import re
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import websocket  # websocket-client
from _browser import free_port
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[1]
BARE_SCRIPT = "benchmarks/bare_two_sliders_app.py"
HEAVY_SCRIPT = "benchmarks/heavy_page.py"
HEAVY_PAGE = "zz_heavy"
BALANCER_COOKIE = "KLLAB_REPLICA"  # the cookie deploy/haproxy.cfg inserts
XSRF_COOKIE = "_streamlit_xsrf"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
FINISHED_OK = (
    ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
    ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
)
ALERT_ERROR = 1  # Alert.Format.ERROR


# Targets and servers --------------------------------------------------------------------------


@dataclass
class Target:
    label: str
    page: str  # URL path of the page ("" for the main script)
    script: str | None = None  # a Streamlit script to start, relative to the repository
    replicas: int = 0  # > 0: start deploy/serve.sh with that many replicas
    url: str | None = None  # base URL of a server that is already running


@dataclass
class Server:
    base_url: str
    pids: list[int]
    #: Direct URLs of the replicas behind a balancer (each is warmed up before measuring).
    replica_urls: list[str] = field(default_factory=list)
    log: deque = field(default_factory=lambda: deque(maxlen=200))


def parse_target(spec: str) -> Target:
    if spec.startswith(("http://", "https://")):
        parsed = urllib.parse.urlsplit(spec)
        host = parsed.hostname or ""
        if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
            raise SystemExit(f"{spec}: only loopback servers (127.0.0.1) may be loaded")
        base = f"http://{parsed.netloc}"
        return Target(label=spec, page=parsed.path.strip("/"), url=base)
    if spec == "bare":
        return Target(label="bare", page="", script=BARE_SCRIPT)
    match = re.fullmatch(r"serve(\d+):(\w*)", spec)
    if match:
        n, page = int(match[1]), match[2]
        return Target(label=spec, page=page, script="app.py", replicas=n)
    page = "" if spec == "app" else spec
    if page and not (ROOT / "pages" / f"{page}.py").exists():
        raise SystemExit(f"{spec}: no pages/{page}.py (targets: PAGE, app, bare, serveN:PAGE, URL)")
    return Target(label=spec, page=page, script="app.py")


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not become healthy in {timeout:.0f} s")
        time.sleep(0.2)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def drain(stream, lines: deque) -> None:
    for raw in iter(stream.readline, b""):
        lines.append(raw.decode(errors="replace").rstrip())


@contextlib.contextmanager
def heavy_app_dir() -> Iterator[Path]:
    """A throwaway copy of the app (symlinks) with one extra page that does heavy numpy work.

    Only for the heavy-user measurement until the real heavy pages exist; nothing in the
    repository changes.
    """
    with tempfile.TemporaryDirectory(prefix="kl-lab-heavy-") as tmp:
        app = Path(tmp)
        for name in ("app.py", "core", "ui", ".streamlit"):
            (app / name).symlink_to(ROOT / name)
        (app / "pages").mkdir()
        for page in sorted((ROOT / "pages").glob("*.py")):
            (app / "pages" / page.name).symlink_to(page)
        (app / "pages" / f"{HEAVY_PAGE}.py").symlink_to(ROOT / HEAVY_SCRIPT)
        yield app


def option_env(options: list[str]) -> dict[str, str]:
    """``section.option=value`` Streamlit options as the environment variables ``streamlit run``
    reads (``runner.postScriptGC=false`` is ``STREAMLIT_RUNNER_POST_SCRIPT_GC=false``); they reach
    every replica of serve.sh too."""
    env = {}
    for option in options:
        key, sep, value = option.partition("=")
        if not sep or "." not in key:
            raise SystemExit(f"--option {option!r}: expected section.option=value")
        snake = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", key.replace(".", "_"))
        env[f"STREAMLIT_{snake.upper()}"] = value
    return env


@contextlib.contextmanager
def launch(
    target: Target, app_dir: Path | None = None, options: list[str] | None = None
) -> Iterator[Server]:
    if target.url:
        port = urllib.parse.urlsplit(target.url).port or 80
        yield Server(base_url=target.url, pids=listening_pids(port))
        return
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    lines: deque = deque(maxlen=200)
    if target.replicas:
        command = ["bash", str(ROOT / "deploy" / "serve.sh"), str(target.replicas), str(port)]
        env = {**os.environ, **option_env(options or []), "PYTHON": sys.executable}
        if app_dir is not None:
            env["KL_LAB_DIR"] = str(app_dir)
    else:
        command = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            target.script or "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ]
        env = {**os.environ, **option_env(options or [])}
    process = subprocess.Popen(
        command,
        cwd=app_dir or ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    threading.Thread(target=drain, args=(process.stdout, lines), daemon=True).start()
    try:
        try:
            wait_healthy(url, process)
        except RuntimeError as error:
            raise RuntimeError(f"{error}\n" + "\n".join(lines)) from None
        if target.replicas:
            replicas = replica_lines(lines, target.replicas, process)
            yield Server(
                base_url=url,
                pids=[pid for pid, _ in replicas],
                replica_urls=[f"http://127.0.0.1:{port}" for _, port in replicas],
                log=lines,
            )
        else:
            yield Server(base_url=url, pids=[process.pid], log=lines)
    finally:
        stop(process)


def replica_lines(lines: deque, n: int, process: subprocess.Popen) -> list[tuple[int, int]]:
    """The replicas' (pid, port), from serve.sh's ``replica I pid PID port PORT`` lines."""
    pattern = re.compile(r"replica \d+ pid (\d+) port (\d+)")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        found = [(int(m[1]), int(m[2])) for line in list(lines) if (m := pattern.match(line))]
        if len(found) >= n:
            return found[:n]
        time.sleep(0.1)
    raise RuntimeError("serve.sh did not report its replicas:\n" + "\n".join(lines))


def listening_pids(port: int) -> list[int]:
    """The processes listening on this TCP port (from /proc; only our own user's are visible)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                    inodes.add(f"socket:[{fields[9]}]")
    pids = []
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        with contextlib.suppress(OSError):
            if any(os.readlink(fd) in inodes for fd in fd_dir.iterdir()):
                pids.append(int(fd_dir.parent.name))
    return pids


def rss_bytes(pids: list[int]) -> int | None:
    """Resident memory of the server processes (VmRSS), summed; None if unknown."""
    total = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return None
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
        if not match:
            return None
        total += int(match[1]) * 1024
    return total if pids else None


def cpu_seconds(pids: list[int], *, main_thread_only: bool = False) -> float | None:
    """User + system CPU time of the server processes so far: every thread (finished ones
    included), or only each process's main thread, which runs Streamlit's event loop (websocket
    I/O, message serialisation); the script runs take the other threads."""
    total = 0.0
    for pid in pids:
        path = f"/proc/{pid}/task/{pid}/stat" if main_thread_only else f"/proc/{pid}/stat"
        try:
            stat = Path(path).read_text()
        except OSError:
            return None
        fields = stat.rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return total if pids else None


# One session ----------------------------------------------------------------------------------


@dataclass
class Slider:
    """A control the sessions can move: a single-value slider or a number input."""

    id: str
    low: float
    high: float
    step: float
    integer: bool
    query_key: str
    value: float
    number_input: bool = False
    fragment_id: str = ""  # the st.fragment the control is drawn in, if any


@dataclass
class RunResult:
    seconds: float
    received: int
    errors: list[str]


class Session:
    """One browser tab's worth of protocol: cookies, a websocket, the page's sliders."""

    def __init__(self, base_url: str, page: str, query: dict[str, str], timeout: float):
        self.base_url, self.page, self.timeout = base_url, page, timeout
        self.query = dict(query)
        self.cookies = http.cookiejar.CookieJar()
        self.ws: websocket.WebSocket | None = None
        self.sliders: dict[str, Slider] = {}
        self.page_hash = ""
        self.cached: set[str] = set()
        self.replica: str | None = None
        self.session_id = ""
        self.uploaders: list[str] = []  # widget ids of the page's file uploaders
        self.file_urls = None  # the last FileURLsResponse

    def _cookie(self, name: str) -> str | None:
        return next((c.value for c in self.cookies if c.name == name), None)

    def open(self) -> RunResult:
        """GET the page (cookies), open the websocket and run the page once, as a browser does."""
        self.close()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        query = urllib.parse.urlencode(self.query)
        with opener.open(f"{self.base_url}/{self.page}?{query}", timeout=self.timeout) as page:
            page.read()
        # The browser checks the server's health next (which sets the XSRF cookie) and reads its
        # host configuration, before it opens the websocket.
        for path in ("_stcore/health", "_stcore/host-config"):
            with opener.open(f"{self.base_url}/{path}", timeout=self.timeout) as response:
                response.read()
        self.replica = self._cookie(BALANCER_COOKIE)
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.cookies) or None
        xsrf = self._cookie(XSRF_COOKIE)
        self.ws = websocket.create_connection(
            "ws" + self.base_url.removeprefix("http") + "/_stcore/stream",
            timeout=self.timeout,
            subprotocols=["streamlit", xsrf] if xsrf else ["streamlit"],
            cookie=cookie,
            enable_multithread=False,
        )
        self.page_hash, self.cached = "", set()
        message = BackMsg()
        state = message.rerun_script
        state.query_string = query
        state.page_name = self.page
        state.widget_states.SetInParent()
        self._context(state.context_info)
        return self._run(message)

    def _context(self, info) -> None:
        info.timezone, info.timezone_offset, info.locale = "UTC", 0, "en-US"
        info.url = f"{self.base_url}/{self.page}"
        info.is_embedded, info.color_scheme = False, "light"

    def rerun(self, values: dict[str, float]) -> RunResult:
        """Move sliders (by key) to new values and rerun, as a browser does on a slider step."""
        message = BackMsg()
        state = message.rerun_script
        for key, value in values.items():
            slider = self.sliders[key]
            slider.value = value
            if slider.query_key:
                self.query[slider.query_key] = (
                    str(int(value)) if slider.integer else repr(round(value, 10))
                )
        # The browser sends the state of every widget it holds, and when the moved ones sit in
        # one st.fragment, that fragment's id: the server then reruns the fragment only.
        for slider in self.sliders.values():
            widget = state.widget_states.widgets.add()
            widget.id = slider.id
            if slider.number_input and slider.integer:
                widget.int_value = int(slider.value)  # as the browser sends an int input
            elif slider.number_input:
                widget.double_value = slider.value
            else:
                widget.double_array_value.data.append(slider.value)
        fragments = {self.sliders[key].fragment_id for key in values}
        if len(fragments) == 1 and "" not in fragments:
            state.fragment_id = fragments.pop()
        state.query_string = urllib.parse.urlencode(self.query)
        state.page_script_hash = self.page_hash
        state.cached_message_hashes.extend(sorted(self.cached))
        self._context(state.context_info)
        return self._run(message)

    def upload(self, name: str, data: bytes) -> RunResult:
        """Upload a file through the page's first file uploader, as the browser does, and rerun.

        Ask for upload URLs over the websocket, PUT the file (multipart, with the XSRF token and
        this session's cookies, so a balancer sends it to this session's replica), then rerun
        with the uploader's new state. The time runs from the request to ``script_finished``.
        """
        assert self.ws is not None and self.uploaders, "the page has no file uploader"
        start = time.perf_counter()
        request = BackMsg()
        request.file_urls_request.request_id = f"load-{random.getrandbits(64):x}"
        request.file_urls_request.file_names.append(name)
        request.file_urls_request.session_id = self.session_id
        self.file_urls = None
        self.ws.send_binary(request.SerializeToString())
        deadline = start + self.timeout
        while self.file_urls is None or (
            self.file_urls.response_id != request.file_urls_request.request_id
        ):
            self.ws.settimeout(max(0.01, deadline - time.perf_counter()))
            opcode, data_in = self.ws.recv_data()
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                raise ConnectionError("the server closed the websocket")
            if opcode == websocket.ABNF.OPCODE_BINARY:
                forward = ForwardMsg()
                forward.ParseFromString(data_in)
                if forward.WhichOneof("type") == "file_urls_response":
                    self.file_urls = forward.file_urls_response
        urls = self.file_urls.file_urls[0]
        boundary = f"----load{random.getrandbits(64):x}"
        body = b"".join(
            [
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                f'filename="{name}"\r\nContent-Type: text/csv\r\n\r\n'.encode(),
                data,
                f"\r\n--{boundary}--\r\n".encode(),
            ]
        )
        put = urllib.request.Request(
            self.base_url + urls.upload_url if urls.upload_url.startswith("/") else urls.upload_url,
            data=body,
            method="PUT",
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "X-Xsrftoken": self._cookie(XSRF_COOKIE) or "",
            },
        )
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        with opener.open(put, timeout=self.timeout) as response:
            response.read()
        message = BackMsg()
        state = message.rerun_script
        widget = state.widget_states.widgets.add()
        widget.id = self.uploaders[0]
        info = widget.file_uploader_state_value.uploaded_file_info.add()
        info.file_id, info.name, info.size = urls.file_id, name, len(data)
        info.file_urls.CopyFrom(urls)
        state.query_string = urllib.parse.urlencode(self.query)
        state.page_script_hash = self.page_hash
        state.cached_message_hashes.extend(sorted(self.cached))
        self._context(state.context_info)
        result = self._run(message)
        return RunResult(time.perf_counter() - start, result.received + len(body), result.errors)

    def random_values(self, keys: list[str], rng: random.Random) -> dict[str, float]:
        values = {}
        for key in keys:
            s = self.sliders[key]
            steps = max(1, round((s.high - s.low) / s.step))
            value = s.value
            while value == s.value:
                value = round(s.low + s.step * rng.randint(0, steps), 10)
            values[key] = float(int(value)) if s.integer else value
        return values

    def _run(self, message: BackMsg) -> RunResult:
        assert self.ws is not None
        start = time.perf_counter()
        deadline = start + self.timeout
        self.ws.send_binary(message.SerializeToString())
        received, errors = 0, []
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no script_finished within {self.timeout:.0f} s")
            self.ws.settimeout(remaining)
            opcode, data = self.ws.recv_data()
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                raise ConnectionError("the server closed the websocket")
            if opcode != websocket.ABNF.OPCODE_BINARY:
                continue
            received += len(data)
            forward = ForwardMsg()
            forward.ParseFromString(data)
            kind = forward.WhichOneof("type")
            if forward.metadata.cacheable and forward.hash:
                self.cached.add(forward.hash)
            if kind == "delta":
                self._on_delta(forward, errors)
            elif kind == "new_session":
                self.session_id = forward.new_session.initialize.session_id or self.session_id
            elif kind == "file_urls_response":
                self.file_urls = forward.file_urls_response
            elif kind == "navigation" and forward.navigation.page_script_hash:
                self.page_hash = forward.navigation.page_script_hash
            elif kind == "page_not_found":
                errors.append(f"page not found: {forward.page_not_found.page_name}")
            elif kind == "script_finished":
                if forward.script_finished not in FINISHED_OK:
                    status = ForwardMsg.ScriptFinishedStatus.Name(forward.script_finished)
                    errors.append(f"script finished with {status}")
                return RunResult(time.perf_counter() - start, received, errors)

    def _on_delta(self, forward: ForwardMsg, errors: list[str]) -> None:
        delta = forward.delta
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            errors.append(f"exception: {element.exception.type}: {element.exception.message}")
        elif kind == "alert" and element.alert.format == ALERT_ERROR:
            errors.append(f"error shown: {element.alert.body[:120]}")
        elif (
            kind == "slider"
            and len(element.slider.default) == 1
            # A select_slider's state is its option's label, not a number: left to the page.
            and element.slider.type != element.slider.Type.SELECT_SLIDER
        ):
            s = element.slider
            key = s.id.split("-", 2)[2] if s.id.startswith("$$ID-") else s.id
            self.sliders[key] = Slider(
                id=s.id,
                low=s.min,
                high=s.max,
                step=s.step or 0.01,
                integer=s.data_type == s.DataType.INT,
                query_key=s.query_param_key,
                value=s.value[0] if s.value else (s.default[0] if s.default else s.min),
                fragment_id=delta.fragment_id,
            )
        elif kind == "file_uploader" and element.file_uploader.id not in self.uploaders:
            self.uploaders.append(element.file_uploader.id)
        elif kind == "number_input":
            s = element.number_input
            key = s.id.split("-", 2)[2] if s.id.startswith("$$ID-") else s.id
            integer = s.data_type == s.DataType.INT
            low = s.min if s.has_min else 0.0
            step = s.step or (1 if integer else 0.01)
            high = min(s.max if s.has_max else low + 1000 * step, low + 10**6)
            self.sliders[key] = Slider(
                id=s.id,
                low=low,
                high=high,
                step=step,
                integer=integer,
                query_key=s.query_param_key,
                value=s.value if s.set_value else s.default,
                number_input=True,
                fragment_id=delta.fragment_id,
            )

    def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):
                self.ws.close(timeout=1)
            self.ws = None


# One load run ---------------------------------------------------------------------------------


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


# Report ---------------------------------------------------------------------------------------


def show(figures: dict) -> None:
    f = figures
    name = f["target"] + (" + heavy user" if f["heavy_user"] else "")
    print(
        f"\n== {name}: {f['sessions']} sessions, a rerun every {f['interval_s']:g} s "
        f"for {f['duration_s']:g} s"
    )
    print(
        f"   rerun latency  p50 {f['p50_s']:.3f} s   p95 {f['p95_s']:.3f} s   "
        f"max {f['max_s']:.3f} s   ({f['reruns']} reruns, {f['reruns_per_s']:.1f}/s, "
        f"{f['late']} late)"
    )
    print(
        f"   errors {f['errors']}   reconnects {f['reconnects']}   "
        f"page open p50 {f['open_p50_s']:.3f} s  p95 {f['open_p95_s']:.3f} s   "
        f"{f['kb_per_rerun']:.1f} kB received per run"
    )
    print(f"   p95 of each 10 s of the run: {' '.join(f'{x:.2f}' for x in f['p95_by_10s'])} s")
    for example in f["error_examples"]:
        print(f"     ! {example}")
    if "mb_per_idle_session" in f:
        print(
            f"   memory  {f['rss_before_mb']:.0f} MB warm, {f['rss_idle_mb']:.0f} MB with the "
            f"sessions idle: {f['mb_per_idle_session']:.2f} MB per idle session; "
            f"{f.get('rss_after_load_mb', math.nan):.0f} MB after the load"
        )
    if "server_cores_busy" in f:
        print(
            f"   server CPU  {f['server_cores_busy']:.2f} cores busy, "
            f"{f['server_cpu_ms_per_rerun']:.1f} ms CPU per rerun "
            f"({f.get('event_loop_cpu_ms_per_rerun', math.nan):.1f} of them in the event loop)   "
            f"(load generator {f['client_cpu_s']:.1f} s CPU)"
        )
    if f["replica_split"]:
        print(f"   sessions per replica {f['replica_split']}")
    if f["heavy_user"]:
        print(
            f"   heavy user: {f['heavy_reruns']} heavy runs, p50 {f['heavy_p50_s']:.2f} s, "
            f"max {f['heavy_max_s']:.2f} s  {f['heavy_errors'] or ''}"
        )
    before, after = f["load_before"], f["load_after"]
    print(
        f"   load average before {before[0]:.2f} {before[1]:.2f} {before[2]:.2f}, "
        f"after {after[0]:.2f} {after[1]:.2f} {after[2]:.2f}"
    )


def summary(runs: list[dict]) -> None:
    print("\n== side by side (median over repeats)")
    print(
        f"   {'target':<28} {'runs':>4} {'p50 s':>7} {'p95 s':>7} {'errors':>6} "
        f"{'MB/idle':>7} {'CPU ms/rerun':>12} {'reruns/s':>8}"
    )
    groups: dict[str, list[dict]] = {}
    for f in runs:
        groups.setdefault(f["target"] + (" + heavy user" if f["heavy_user"] else ""), []).append(f)

    def med(group: list[dict], key: str) -> float:
        values = sorted(f.get(key, math.nan) for f in group)
        return (
            values[len(values) // 2]
            if len(values) % 2
            else sum(values[len(values) // 2 - 1 : len(values) // 2 + 1]) / 2
        )

    for name, group in groups.items():
        p50, p95 = med(group, "p50_s"), med(group, "p95_s")
        print(
            f"   {name:<28} {len(group):>4} {p50:>7.3f} {p95:>7.3f} "
            f"{sum(f['errors'] for f in group):>6} {med(group, 'mb_per_idle_session'):>7.2f} "
            f"{med(group, 'server_cpu_ms_per_rerun'):>12.1f} {med(group, 'reruns_per_s'):>8.1f}"
        )
    print(
        "   p95 per run: "
        + "; ".join(
            f"{name} " + ", ".join(f"{f['p95_s']:.2f}" for f in g) for name, g in groups.items()
        )
    )


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
