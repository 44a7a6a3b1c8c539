"""The layer rules of the README, checked on the source: core is pure numpy, figures never
touch Streamlit, no function of the app runs past 120 lines, and the code is lint-clean."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted((ROOT / "core").rglob("*.py")), ids=lambda p: p.name)
def test_core_imports_only_numpy_and_the_standard_library(path):
    allowed = {"numpy", "core", "__future__"} | set(sys.stdlib_module_names)
    if path.name == "coding.py":
        allowed.add("constriction")  # the entropy coder that /coding counts bits with
    assert _imported_modules(path) <= allowed


@pytest.mark.parametrize(
    "path", sorted((ROOT / "ui" / "figures").rglob("*.py")), ids=lambda p: p.name
)
def test_figure_builders_do_not_import_streamlit(path):
    assert "streamlit" not in _imported_modules(path)


#: Longest function (lines, decorators not counted) in the app's code: longer ones hide which
#: part a bug is in, and a figure is panel builders plus an assembler.
MAX_FUNCTION_LINES = 120


_APP_CODE = sorted([*(ROOT / "ui").rglob("*.py"), *(ROOT / "pages").rglob("*.py"), ROOT / "app.py"])


@pytest.mark.parametrize("path", _APP_CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_function_in_the_app_is_longer_than_120_lines(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    too_long = [
        f"{node.name} (line {node.lineno}): {node.end_lineno - node.lineno + 1} lines"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert too_long == []


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff is a test dependency (requirements-test.txt) but is not installed")
    result = subprocess.run([ruff, "check", str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_ruff_format_leaves_the_code_as_it_is():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff is a test dependency (requirements-test.txt) but is not installed")
    result = subprocess.run([ruff, "format", "--check", str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


#: Functions that compute a logarithm, an exponential or a gamma: maths that belongs in core.
#: ``log10`` stays allowed, for rounding and tick formatting.
_MATHS_FUNCTIONS = {"log", "log2", "log1p", "exp", "exp2", "expm1", "lgamma", "gamma", "erf"}
_MATHS_MODULES = {"math", "cmath", "numpy", "scipy"}


def _maths_calls(path: Path) -> list[str]:
    """Calls in ``path`` to a logarithm, exponential or gamma of math, numpy or scipy (under
    any alias), and any use of scipy, as ``line: name``."""
    tree = ast.parse(path.read_text(), filename=str(path))
    modules, functions, found = set(), set(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in _MATHS_MODULES:
                    modules.add(alias.asname or alias.name.split(".")[0])
                if alias.name.split(".")[0] == "scipy":
                    found.append(f"{node.lineno}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module:
            root = node.module.split(".")[0]
            if root == "scipy":
                found.append(f"{node.lineno}: from {node.module} import")
            if root in _MATHS_MODULES:
                for alias in node.names:
                    if alias.name in _MATHS_FUNCTIONS:
                        functions.add(alias.asname or alias.name)
                    else:
                        modules.add(alias.asname or alias.name)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in functions:
            found.append(f"{node.lineno}: {func.id}")
        elif isinstance(func, ast.Attribute) and func.attr in _MATHS_FUNCTIONS:
            root = func.value
            while isinstance(root, ast.Attribute):
                root = root.value
            if isinstance(root, ast.Name) and root.id in modules:
                found.append(f"{node.lineno}: {ast.unparse(func)}")
    return found


_PRESENTATION_FILES = sorted(
    [*(ROOT / "ui").rglob("*.py"), *(ROOT / "pages").rglob("*.py"), ROOT / "app.py"]
)


@pytest.mark.parametrize(
    "path", _PRESENTATION_FILES, ids=lambda p: str(p.relative_to(ROOT)).replace("/", ".")
)
def test_no_logarithm_exponential_or_gamma_outside_core(path):
    assert _maths_calls(path) == [], "compute it in core and call that"


def test_the_maths_check_finds_each_kind_of_call(tmp_path):
    source = tmp_path / "page.py"
    source.write_text(
        "import math\nimport numpy as np\nfrom math import lgamma as lg\nfrom scipy import stats\n"
        "a = np.log(2)\nb = math.exp(1)\nc = lg(3)\nd = math.log10(5)\ne = np.ma.log(2)\n"
    )
    assert _maths_calls(source) == [
        "4: from scipy import",
        "5: np.log",
        "6: math.exp",
        "7: lg",
        "9: np.ma.log",
    ]
