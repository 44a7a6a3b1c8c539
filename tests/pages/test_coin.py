"""The coin lesson without a browser: the numbers it shows, its drag sliders (values committed
as the browser commits them), its link parameters."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from scipy import stats
from streamlit.testing.v1 import AppTest

from tests.charts import charts, figures
from tests.drag import commit, send, sliders
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
    assert {key: s["value"] for key, s in sliders(at).items()} == {"p": 0.7, "q": 0.4}
    assert shown(at) == expected(0.7, 0.4)
    assert [chart["key"] for chart in charts(at)] == ["coin_bar", "main"]
    assert len(derivation(at)) == 3
    assert not at.warning and not at.info


def test_moving_q_changes_the_numbers_and_q_equal_p_gives_kl_zero():
    at = open_coin()
    commit(at, "q", 0.55)
    assert shown(at) == expected(0.7, 0.55)
    cross, _, kl_block = derivation(at)
    assert "0.949\u2009<span class='kl-math-unit'>bits</span>" in cross  # H(P,Q) at q = 0.55
    assert "= 0.949 − 0.881" in kl_block
    commit(at, "q", 0.7)
    assert shown(at)["KL(P‖Q)"] == "0.000 bits"
    assert shown(at)["H(P,Q)"] == shown(at)["H(P)"]


def test_moving_p_changes_the_entropy():
    at = open_coin()
    commit(at, "p", 0.5)
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
    curves = next(s for s in figures(at) if "KL at q" in json.dumps(s))
    (gap,) = [s for s in curves["layout"]["shapes"] if s["name"] == "KL at q"]
    assert gap["x0"] == 0.8
    commit(at, "q", 0.6)
    assert [json.dumps(spec) for spec in figures(at)] != specs
    curves = next(s for s in figures(at) if "KL at q" in json.dumps(s))
    (gap,) = [s for s in curves["layout"]["shapes"] if s["name"] == "KL at q"]
    assert gap["x0"] == 0.6


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
    commit(at, "q", 1.0)
    assert "gives tails probability 0" in at.info[0].value and "70%" in at.info[0].value


def test_a_certain_coin_is_fine():
    at = open_coin(p="0", q="0")
    assert not at.exception and not at.info
    assert shown(at) == {"H(P)": "0.000 bits", "KL(P‖Q)": "0.000 bits", "H(P,Q)": "0.000 bits"}
    assert any("0 · log 0 counts as 0" in c.value for c in at.caption)


def test_the_lesson_state_is_kept_for_the_derivation_page():
    at = open_coin(p="0.3", q="0.8")
    assert at.session_state[LESSON_COIN] == {"p": 0.3, "q": 0.8}
    commit(at, "q", 0.5)
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
    p, q = (sliders(at)[key]["value"] for key in ("p", "q"))
    assert p == 0.7  # the default the note names, shown and computed
    assert shown(at) == expected(p, q)


def test_a_committed_drag_writes_the_link_the_numbers_and_the_derivation():
    at = open_coin(p="0.3", q="0.8", unit="bits")
    commit(at, "q", 0.55)
    assert not at.exception
    assert at.query_params["q"] == "0.55" and at.query_params["p"] == "0.3"
    assert shown(at) == expected(0.3, 0.55)
    cross, _, _ = derivation(at)
    assert f"{expected(0.3, 0.55)['H(P,Q)'].split()[0]}\u2009<span" in cross
    assert sliders(at)["q"]["value"] == 0.55
    commit(at, "p", 0.3000000000000001)  # as a browser's float may arrive: kept on the grid
    assert at.query_params["p"] == "0.3" and shown(at) == expected(0.3, 0.55)


@pytest.mark.parametrize(
    ("value", "note"),
    [
        (1.7, "The slider sent q = 1.7, outside 0 to 1; keeping q = 0.8."),
        (-0.1, "The slider sent q = -0.1, outside 0 to 1; keeping q = 0.8."),
        ("0.5", "The slider sent q = '0.5', which is not a number; keeping q = 0.8."),
        (None, "The slider sent q = None, which is not a number; keeping q = 0.8."),
        (True, "The slider sent q = True, which is not a number; keeping q = 0.8."),
        ([0.5], "The slider sent q = [0.5], which is not a number; keeping q = 0.8."),
    ],
)
def test_a_bad_value_from_the_browser_is_refused_with_a_note_and_the_state_kept(value, note):
    at = open_coin(p="0.3", q="0.8")
    commit(at, "q", value)
    assert not at.exception
    assert [w.value for w in at.warning] == [note]
    assert at.query_params["q"] == "0.8" and shown(at) == expected(0.3, 0.8)
    at.run()  # the note was about that commit only
    assert not at.warning and shown(at) == expected(0.3, 0.8)


def prepare(at, key: str):
    """Run ``at`` again as after the pointer or the focus reached the slider ``key``."""
    return send(at, sliders(at)[key]["id"], "prepare", key)


def test_the_sliders_carry_the_live_numbers_core_gives_at_every_grid_point():
    at = open_coin(p="0.3", q="0.8")
    for key in ("q", "p"):
        if key == "p":
            prepare(at, "p")
        assert sliders(at)[key]["prepared"]
        (numbers,) = sliders(at)[key]["numbers"]
        assert numbers["grid"] == {"start": 0.0, "step": 0.01, "count": 101}
        for i in (0, 13, 55, 100):
            value = round(i / 100, 2)
            p, q = (value, 0.8) if key == "p" else (0.3, value)
            assert numbers["texts"][i] == list(expected(p, q).values()), (key, value)


def test_the_charts_carry_the_live_tables_of_the_slider_last_reached():
    """q's first; once the pointer or the focus reaches p, p's instead (one slider's at a
    time); a commit keeps them."""
    at = open_coin(p="0.3", q="0.8")
    assert [sliders(at)[k]["prepared"] for k in ("p", "q")] == [False, True]
    assert not sliders(at)["p"]["numbers"] and all(s["prepare"] for s in sliders(at).values())
    assert all(set(chart["tables"]) == {"q"} for chart in charts(at))
    prepare(at, "p")
    assert not at.exception
    assert [sliders(at)[k]["prepared"] for k in ("p", "q")] == [True, False]
    commit(at, "p", 0.4)
    assert at.query_params["p"] == "0.4" and sliders(at)["p"]["prepared"]
    for chart in charts(at):
        assert set(chart["tables"]) == {"p"}, chart["key"]
        for table in chart["tables"].values():
            assert len(table["layout"]) == 101
            assert all(len(rows) == 101 for rows in table["traces"].values())
