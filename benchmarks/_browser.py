"""What the browser benchmarks share: Debian's Chromium, its flags, and a Streamlit server on a
free local port, the same as the browser tests use (``tests/e2e/browser.py``). Imported by
``slider_latency.py``, ``playback_fps.py`` and ``load.py`` (run as scripts from the repository
root, so ``benchmarks/`` is on ``sys.path``)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e import browser  # noqa: E402 - the repository root is on the path just above

CHROMIUM_ARGS = browser.CHROMIUM_ARGS
free_port = browser.free_port


def chromium_path() -> str:
    """Debian's Chromium (or ``$CHROMIUM``); no browser is ever downloaded."""
    path = browser.chromium_path()
    if path is None:
        raise SystemExit("no Chromium: apt-get install chromium")
    return path


@contextlib.contextmanager
def server(script: str, cwd: Path = ROOT) -> Iterator[tuple[str, int]]:
    """``streamlit run SCRIPT`` from ``cwd`` (the repository root) on a free port until the block
    ends; yields its URL and process id."""
    with browser.streamlit_server(script, cwd=cwd, keep_stderr=False) as running:
        yield running
