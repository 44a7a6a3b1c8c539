"""Every benchmark still runs: each script answers ``--help`` (so it imports), the quick ones do a
tiny run, and the comparison apps run under AppTest. Nothing is timed: the figures they print are
for people (benchmarks/README.md); this only stops a refactor from silently breaking them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "benchmarks"

SCRIPTS = sorted(
    path.name
    for path in BENCHMARKS.glob("*.py")
    if not path.name.startswith("_") and 'if __name__ == "__main__"' in path.read_text()
)
APPS = sorted(
    path.name
    for path in BENCHMARKS.glob("*.py")
    if path.name not in SCRIPTS and "import streamlit" in path.read_text()
)
#: Arguments for a run of a second or two; the others need a browser or a server and minutes.
TINY_RUNS = {
    "classifier_frames.py": ["--runs", "1", "--steps", "5", "--n", "50"],
    "coding.py": ["--n", "1000", "--repeats", "1"],
    "core_curves.py": ["--grid", "200", "--repeats", "1"],
    "fit_paths.py": ["--samples", "200", "--steps", "5", "--repeats", "1"],
    "mle_frames.py": ["--runs", "1", "--steps", "5"],
}


def run(script: str, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        check=False,
    )


def test_the_benchmarks_are_found():
    assert {"core_curves.py", "mle_frames.py", "load.py"} <= set(SCRIPTS)
    assert "bare_slider_app.py" in APPS
    assert set(TINY_RUNS) <= set(SCRIPTS)


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_script_answers_help(script):
    result = run(script, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage:"), result.stdout


@pytest.mark.parametrize("script", sorted(TINY_RUNS))
def test_the_quick_scripts_do_a_tiny_run(script):
    result = run(script, *TINY_RUNS[script])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip(), "printed nothing"
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("app", APPS)
def test_every_comparison_app_runs(app):
    at = AppTest.from_file(str(BENCHMARKS / app), default_timeout=120).run()
    assert not at.exception, at.exception
