"""deploy/haproxy.cfg passes ``haproxy -c``, as shipped and as deploy/serve.sh completes it.

No browser and no server: HAProxy only parses the file. Outside CI the test skips where haproxy is
missing; in CI (CI set) a missing haproxy is an error (.ci/run installs it).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "deploy" / "haproxy.cfg"
SERVE = ROOT / "deploy" / "serve.sh"


@pytest.fixture(scope="module")
def haproxy() -> str:
    path = shutil.which("haproxy")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but haproxy is not installed: .ci/run must install it")
        pytest.skip("no haproxy on this machine (apt-get install haproxy)")
    return path


def check(haproxy: str, text: str, port: str | None = "8501") -> subprocess.CompletedProcess:
    """``haproxy -c`` on ``text`` (read from stdin), with KL_LAB_PORT set as serve.sh sets it."""
    env = {key: value for key, value in os.environ.items() if key != "KL_LAB_PORT"}
    if port is not None:
        env["KL_LAB_PORT"] = port
    return subprocess.run(
        [haproxy, "-c", "-f", "/dev/stdin"],
        input=text,
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
        check=False,
    )


def server_lines(replicas: int) -> str:
    """The ``server`` lines serve.sh appends, from serve.sh's own template."""
    template = re.search(r'echo "(    server [^"]+)"', SERVE.read_text())
    assert template, "serve.sh no longer appends server lines with echo"
    return "".join(
        template[1].replace("${PORTS[i - 1]}", str(9000 + i)).replace("$i", str(i)) + "\n"
        for i in range(1, replicas + 1)
    )


def test_the_shipped_config_is_valid(haproxy):
    result = check(haproxy, CONFIG.read_text())
    assert result.returncode == 0, result.stderr
    assert "Configuration file is valid" in result.stdout


@pytest.mark.parametrize("replicas", [1, 3])
def test_the_config_serve_sh_writes_is_valid(haproxy, replicas):
    lines = server_lines(replicas)
    assert lines.count("cookie r") == replicas
    result = check(haproxy, CONFIG.read_text() + lines)
    assert result.returncode == 0, result.stderr
    assert "Configuration file is valid" in result.stdout


def test_the_check_can_fail(haproxy):
    # the same check refuses a broken file and a missing port, so a pass above means something
    broken = check(haproxy, CONFIG.read_text() + "    no_such_keyword 1\n")
    assert broken.returncode != 0
    assert "no_such_keyword" in broken.stderr
    without_port = check(haproxy, CONFIG.read_text(), port=None)
    assert without_port.returncode != 0
    assert "missing port" in without_port.stderr
