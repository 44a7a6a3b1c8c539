"""Debian's Chromium and a Streamlit server on a free local port: what the browser tests
(``tests/e2e``) and the benchmarks (``benchmarks/``) share.

Plain Python, no pytest: the benchmarks run as scripts.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path() -> str | None:
    """Debian's Chromium (or ``$CHROMIUM``), None where there is none; never a download."""
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


def require_chromium() -> str:
    """Debian's Chromium (or ``$CHROMIUM``) for a script, which exits saying how to install it
    where there is none."""
    path = chromium_path()
    if path is None:
        raise SystemExit("no Chromium: apt-get install chromium")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def streamlit_command(script: str, port: int, *extra_args: str) -> list[str]:
    """``streamlit run SCRIPT`` on 127.0.0.1:PORT, headless, without usage statistics, with this
    interpreter."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.runOnSave",
        "false",
        *extra_args,
    ]


def wait_healthy(url: str, process: subprocess.Popen, *, timeout: float = 60) -> None:
    """Return once the server at ``url`` answers ``/_stcore/health`` with ``ok``; RuntimeError
    when ``process`` exits first or after ``timeout`` seconds."""
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
        time.sleep(0.1)


@contextlib.contextmanager
def streamlit_server(
    script: str = "app.py",
    *,
    cwd: Path = ROOT,
    extra_args: tuple[str, ...] = (),
    keep_stderr: bool = True,
) -> Iterator[tuple[str, int]]:
    """``streamlit run SCRIPT`` from ``cwd`` on a free local port until the block ends, once it
    answers its health check; yields its base URL and process id.

    ``keep_stderr`` keeps Streamlit's error output to report why it exited; a long benchmark run
    turns it off, so that nobody has to read the pipe.
    """
    port = free_port()
    stderr = subprocess.PIPE if keep_stderr else subprocess.DEVNULL
    process = subprocess.Popen(
        streamlit_command(script, port, *extra_args),
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_healthy(url, process)
        except RuntimeError as error:
            exited = keep_stderr and process.poll() is not None
            said = process.stderr.read().decode()[-2000:] if exited else ""
            raise RuntimeError(f"streamlit run {script}: {error} {said}") from None
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
