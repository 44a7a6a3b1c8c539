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
    command = [
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
    stderr = subprocess.PIPE if keep_stderr else subprocess.DEVNULL
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=stderr)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                said = process.stderr.read().decode()[-2000:] if keep_stderr else ""
                raise RuntimeError(f"streamlit run {script} exited: {said}")
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit run {script} not healthy in 60 s") from None
                time.sleep(0.1)
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
