"""deploy/serve.sh in a real browser: two replicas behind HAProxy, an upload through the balancer,
one replica killed while the page is open.

Needs Debian's haproxy and chromium; outside CI the test skips where either is missing, in CI (CI
set) a missing one is an error (.ci/run installs both).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from devtools.browser import ROOT, free_port
from tests.e2e.conftest import settle

pytestmark = pytest.mark.e2e

COOKIE = "KLLAB_REPLICA"
UPLOAD_PAGE = "samples?data=Upload"
SAMPLES = b"value\n" + b"\n".join(str(x).encode() for x in [2, 3, 3, 5, 4, 3, 6, 2, 4, 3])


@contextlib.contextmanager
def serve(replicas: int) -> Iterator[tuple[str, dict[str, int], subprocess.Popen]]:
    """Run ``deploy/serve.sh`` until the block ends; yield its URL, {cookie value: replica pid,
    "haproxy": balancer pid} and the serve.sh process."""
    if shutil.which("haproxy") is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but haproxy is not installed: .ci/run must install it")
        pytest.skip("no haproxy on this machine (apt-get install haproxy)")
    port = free_port()
    process = subprocess.Popen(
        ["bash", str(ROOT / "deploy" / "serve.sh"), str(replicas), str(port)],
        cwd=ROOT,
        env={**os.environ, "PYTHON": sys.executable},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    lines: list[str] = []
    reader = threading.Thread(
        target=lambda: lines.extend(raw.decode(errors="replace") for raw in process.stdout),
        daemon=True,
    )
    reader.start()
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while not any(line.startswith("KL Lab: http") for line in lines):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("serve.sh did not start:\n" + "".join(lines[-40:]))
            time.sleep(0.2)
        pids = {
            f"r{m[1]}": int(m[2])
            for line in lines
            if (m := re.match(r"replica (\d+) pid (\d+) port \d+", line))
        }
        assert len(pids) == replicas, lines
        balancer = next(int(m[1]) for line in lines if (m := re.match(r"balancer pid (\d+)", line)))
        pids["haproxy"] = balancer
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as response:
            assert response.read() == b"ok"
        yield url, pids, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            raise


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie waiting for its parent to reap it is gone for our purposes.
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"


def replica_cookie(page) -> str | None:
    return next((c["value"] for c in page.context.cookies() if c["name"] == COOKIE), None)


def test_upload_through_the_balancer_and_a_replica_dies(browser):
    with serve(2) as (url, pids, process):
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        page = context.new_page()
        uploads = []
        page.on("requestfinished", lambda r: uploads.append(r) if "upload_file" in r.url else None)
        page.goto(f"{url}/{UPLOAD_PAGE}")
        settle(page)
        first = replica_cookie(page)
        assert first in pids, context.cookies()

        page.locator("[data-testid=stFileUploaderDropzoneInput]").first.set_input_files(
            files=[{"name": "counts.csv", "mimeType": "text/csv", "buffer": SAMPLES}]
        )
        settle(page)
        # The replica that holds the session read the upload: its name and its ten observations.
        main = page.locator("[data-testid=stMain]")
        assert "counts.csv" in main.inner_text(), main.inner_text()[:2000]
        titles = page.locator(".js-plotly-plot .gtitle").all_text_contents()
        assert any("n = 10 " in title for title in titles), titles
        puts = [r for r in uploads if r.method == "PUT"]
        assert puts, "the file was not uploaded"
        for request in puts:
            assert request.response().status < 300
            assert f"{COOKIE}={first}" in (request.all_headers().get("cookie") or "")

        # The replica holding the session dies; the balancer sends the reload to the other one.
        os.kill(pids[first], signal.SIGKILL)
        page.reload()
        settle(page)
        second = replica_cookie(page)
        assert second in pids and second != first
        # A new session on the other replica: the page starts again from its URL (the upload
        # went with the dead replica's memory) and works.
        text = page.locator("[data-testid=stMain]").inner_text()
        assert "Your samples" in text and "counts.csv" not in text, text[:2000]
        assert page.locator("[data-testid=stFileUploaderDropzoneInput]").count() == 1
        assert page.locator("[data-testid=stException]").count() == 0
        assert process.poll() is None, "serve.sh stopped when one replica died"
        context.close()

    # SIGTERM to serve.sh stopped the surviving replica and the balancer.
    assert process.returncode is not None
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in pids.values()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(alive(pid) for pid in pids.values())
