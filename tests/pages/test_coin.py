"""The coin lesson without a browser: the numbers it shows, its sliders, its link parameters."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from scipy import stats
from streamlit.testing.v1 import AppTest

from tests.charts import charts, figures
from ui.url_state import LESSON_COIN

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "pages/coin.py"


def open_coin(**params: str) -> AppTest:
    """The coin page as a link opens it: parameters set before the first run, through app.py
    (the frame's page links need it as the main script)."""
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(PAGE).run()


def shown(at: AppTest) -> dict[str, str]:
    """The three metrics by their symbol: {"H(P)": "0.881 bits", ...}."""
    return {m.label.split(" ·")[0]: m.value for m in at.metric}


def expected(p: float, q: float, unit: str = "bits") -> dict[str, str]:
    base = 2 if unit == "bits" else None
    h = stats.entropy([p, 1 - p], base=base)
    kl = stats.entropy([p, 1 - p], [q, 1 - q], base=base)
    text = {v: "∞" if math.isinf(v) else f"{v:.3f}" for v in (h, kl, h + kl)}
    return {
        "H(P)": f"{text[h]} {unit}",
        "KL(P‖Q)": f"{text[kl]} {unit}",
        "H(P,Q)": f"{text[h + kl]} {unit}",
    }


def derivation(at: AppTest) -> list[str]:
    """The derivation's three blocks of equations (ui.math_html), as HTML."""
    (html,) = [h.proto.body for h in at.get("html") if "class='kl-math-blocks'" in h.proto.body]
    return re.findall(r"<div class='kl-math'.*?</table></div>", html)


def test_renders_the_default_lesson():
    at = open_coin()
    assert not at.exception
    assert at.title[0].value == "A coin"
    assert at.slider(key="p").value == 0.7 and at.slider(key="q").value == 0.4
    assert shown(at) == expected(0.7, 0.4)
    assert [chart["key"] for chart in charts(at)] == ["coin_bar", "main"]
    assert len(derivation(at)) == 3
    assert not at.warning and not at.info


def test_moving_q_changes_the_numbers_and_q_equal_p_gives_kl_zero():
    at = open_coin()
    at.slider(key="q").set_value(0.55).run()
    assert shown(at) == expected(0.7, 0.55)
    cross, _, kl_block = derivation(at)
    assert "0.949\u2009<span class='kl-math-unit'>bits</span>" in cross  # H(P,Q) at q = 0.55
    assert "= 0.949 − 0.881" in kl_block
    at.slider(key="q").set_value(0.7).run()
    assert shown(at)["KL(P‖Q)"] == "0.000 bits"
    assert shown(at)["H(P,Q)"] == shown(at)["H(P)"]


def test_moving_p_changes_the_entropy():
    at = open_coin()
    at.slider(key="p").set_value(0.5).run()
    assert shown(at) == expected(0.5, 0.4)
    assert shown(at)["H(P)"] == "1.000 bits"


def test_the_link_restores_the_lesson_in_its_unit():
    at = open_coin(p="0.3", q="0.8", unit="bits")
    assert shown(at) == expected(0.3, 0.8)
    assert shown(at)["H(P,Q)"] == "1.722 bits"  # −0.3 log2 0.8 − 0.7 log2 0.2
    at = open_coin(p="0.3", q="0.8", unit="nats")
    assert shown(at) == expected(0.3, 0.8, "nats")
    assert not at.warning


def test_the_charts_follow_the_sliders():
    at = open_coin(p="0.3", q="0.8")
    specs = [json.dumps(spec) for spec in figures(at)]
    curves = next(s for s in figures(at) if "your model q" in json.dumps(s))
    (marker,) = [t for t in curves["data"] if t["name"] == "your model q"]
    assert marker["x"] == [0.8, 0.8]
    at.slider(key="q").set_value(0.6).run()
    assert [json.dumps(spec) for spec in figures(at)] != specs
    curves = next(s for s in figures(at) if "your model q" in json.dumps(s))
    (marker,) = [t for t in curves["data"] if t["name"] == "your model q"]
    assert marker["x"] == [0.6, 0.6]


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"p": "abc"}, "`p=abc` is not a number; using p = 0.7"),
        ({"q": "1.5"}, "`q=1.5` is outside 0 to 1; using q = 0.4"),
        ({"q": "nan"}, "`q=nan` is outside 0 to 1; using q = 0.4"),
    ],
)
def test_malformed_link_values_fall_back_to_defaults_with_a_note(params, note):
    at = open_coin(**params)
    assert not at.exception
    assert any(note in w.value for w in at.warning), [w.value for w in at.warning]
    assert shown(at) == expected(0.7, 0.4)


def test_a_model_that_rules_out_a_possible_side_shows_infinity_and_says_why():
    at = open_coin(p="0.3", q="0")
    assert not at.exception
    assert shown(at) == {
        "H(P)": expected(0.3, 0.5)["H(P)"],
        "KL(P‖Q)": "∞ bits",
        "H(P,Q)": "∞ bits",
    }
    (info,) = at.info
    assert "gives heads probability 0" in info.value and "30%" in info.value
    at.slider(key="q").set_value(1.0).run()
    assert "gives tails probability 0" in at.info[0].value and "70%" in at.info[0].value


def test_a_certain_coin_is_fine():
    at = open_coin(p="0", q="0")
    assert not at.exception and not at.info
    assert shown(at) == {"H(P)": "0.000 bits", "KL(P‖Q)": "0.000 bits", "H(P,Q)": "0.000 bits"}
    assert any("0 · log 0 counts as 0" in c.value for c in at.caption)


def test_the_lesson_state_is_kept_for_the_derivation_page():
    at = open_coin(p="0.3", q="0.8")
    assert at.session_state[LESSON_COIN] == {"p": 0.3, "q": 0.8}
    at.slider(key="q").set_value(0.5).run()
    assert at.session_state[LESSON_COIN] == {"p": 0.3, "q": 0.5}


def test_presentation_mode_uses_larger_chart_fonts():
    normal = open_coin()
    present = open_coin(present="true")
    size = [spec["layout"]["font"]["size"] for spec in figures(normal)]
    bigger = [spec["layout"]["font"]["size"] for spec in figures(present)]
    assert min(bigger) > max(size)


def test_a_repeated_link_parameter_is_named_in_a_note_and_the_numbers_follow_the_sliders():
    at = open_coin(p=["0.3", "0.9"], q=["0.2", "0.6"])
    notes = " ".join(w.value for w in at.warning)
    assert "gives `p` 2 times (`0.3`, `0.9`)" in notes and "using p = 0.7" in notes
    assert "gives `q` 2 times (`0.2`, `0.6`)" in notes
    p, q = at.slider(key="p").value, at.slider(key="q").value
    assert p == 0.7  # the default the note names, shown and computed
    assert shown(at) == expected(p, q)
