"""The drag slider (ui.drag): the browser's values it refuses, and the rule that its scripts and
the live chart's do no maths."""

from __future__ import annotations

import re

import pytest

from ui import drag, live_chart
from ui.drag import DragControl, commit_problem
from ui.scripts import FOLDER, script_text

CONTROL = DragControl(
    key="q", label="Model coin: q", symbol="q", min_value=0.0, max_value=1.0, default=0.4, step=0.01
)


#: Every browser script of the app's components (static/kl/, ui.scripts).
SCRIPTS = sorted(path.name for path in FOLDER.glob("*.js"))


def test_every_script_is_found():
    assert {"drag.js", "bar_handles.js", "live_chart.js", "live_quick.js"} <= set(SCRIPTS)


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_browser_scripts_evaluate_no_logarithm_exponential_or_power(script):
    text = (FOLDER / script).read_text()
    assert "no maths here" in text.lower()
    for banned in ("Math.log", "Math.exp", "Math.pow", "**", "Math.sqrt", "Math.expm1"):
        assert banned not in text, (script, banned)


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_browser_scripts_put_nothing_into_the_page_as_markup(script):
    text = (FOLDER / script).read_text()
    for risky in ("innerHTML", "outerHTML", "insertAdjacentHTML", "eval(", "new Function"):
        assert risky not in text, (script, risky)


COMPONENT_FILES = [drag.FILES, drag.HANDLES_FILES, live_chart.FILES, live_chart.TABLES_FILES]


@pytest.mark.parametrize("files", COMPONENT_FILES, ids=[f[-1] for f in COMPONENT_FILES])
def test_the_components_run_the_shared_lookup_before_their_own_script(files):
    assert files[0] == "live_rows.js"
    script = script_text(files)
    assert script.startswith((FOLDER / "live_rows.js").read_text())
    assert len(re.findall(r"^export default", script, flags=re.M)) == 1


@pytest.mark.parametrize("value", [0.0, 0.55, 1.0, 1])
def test_a_number_of_the_range_is_taken(value):
    assert commit_problem(CONTROL, value, kept="0.3") is None


@pytest.mark.parametrize(
    ("value", "says"),
    [
        (1.01, "outside 0 to 1; keeping q = 0.3"),
        (float("nan"), "outside 0 to 1"),
        (float("inf"), "outside 0 to 1"),
        ("0.5", "'0.5', which is not a number; keeping q = 0.3"),
        (False, "which is not a number"),
        ({"v": 1}, "which is not a number"),
    ],
)
def test_anything_else_is_refused_with_a_note_that_says_what_stays(value, says):
    assert says in commit_problem(CONTROL, value, kept="0.3")


def test_values_are_kept_on_the_grid():
    assert CONTROL.snapped(0.30000000000000004) == 0.3
    assert CONTROL.snapped(0.999) == 1.0 and CONTROL.snapped(0.0) == 0.0
    assert CONTROL.decimals == 2
