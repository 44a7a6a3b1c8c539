"""The pins in the requirements files stay inside pyproject's ranges, the README's commands are
the ones CI runs, and the documents' links reach files and headings that exist."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def _pins(name: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            requirement = Requirement(line)
            (spec,) = requirement.specifier
            assert spec.operator == "==", f"{name}: {line} is not pinned with =="
            pins[canonicalize_name(requirement.name)] = spec.version
    return pins


def _ranges(group: list[str]) -> dict[str, Requirement]:
    return {canonicalize_name(Requirement(r).name): Requirement(r) for r in group}


def test_requirement_pins_sit_inside_pyproject_ranges():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for file, group in [
        ("requirements.txt", project["dependencies"]),
        ("requirements-test.txt", project["optional-dependencies"]["test"]),
    ]:
        pins, ranges = _pins(file), _ranges(group)
        assert set(pins) == set(ranges), f"{file} and pyproject name different packages"
        for name, version in pins.items():
            assert ranges[name].specifier.contains(version), (
                f"{file}: {name}=={version} outside {ranges[name]}"
            )


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```bash\n(.*?)\n```", readme, re.S)
    test_commands = [b for b in blocks if b.rstrip().endswith("&& pytest")]
    run_commands = [b for b in blocks if b.rstrip().endswith("&& streamlit run app.py")]
    assert len(test_commands) == 1 and len(run_commands) == 1
    assert test_commands[0].strip() in (ROOT / ".ci" / "run").read_text()


def _anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@pytest.mark.parametrize(
    "document", ["README.md", "benchmarks/README.md", "docs/performance.md", "docs/serving.md"]
)
def test_document_links_reach_their_files_and_headings(document):
    path = ROOT / document
    for target in re.findall(r"\]\(([^)\s]+)\)", path.read_text()):
        if target.startswith(("http://", "https://")):
            continue
        file, _, anchor = target.partition("#")
        linked = (path.parent / file).resolve() if file else path
        assert linked.exists(), f"{document} links to {target}, which does not exist"
        if anchor:
            headings = re.findall(r"(?m)^#+ (.+)$", linked.read_text())
            assert anchor in {_anchor(h) for h in headings}, f"{document}: no heading #{anchor}"
