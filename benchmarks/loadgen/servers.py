"""The servers a load run measures: which to start for a target, starting and stopping them
(``streamlit run`` or ``deploy/serve.sh``), and their memory and CPU time from ``/proc``."""

from __future__ import annotations

import contextlib
import ipaddress
import os
import re
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

from devtools.browser import ROOT, free_port, streamlit_command, wait_healthy

BARE_SCRIPT = "benchmarks/bare_two_sliders_app.py"
HEAVY_SCRIPT = "benchmarks/heavy_page.py"
HEAVY_PAGE = "zz_heavy"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


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

    The stand-in heavy user of ``--heavy simulate``; nothing in the repository changes.
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
        command = streamlit_command(target.script or "app.py", port)
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
            wait_healthy(url, process, timeout=90)
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
