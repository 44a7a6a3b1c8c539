"""The die lesson without a browser: presets, edits, the Normalise step, K, and the link."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from scipy import stats
from streamlit.testing.v1 import AppTest

from core import preset_distribution
from tests.charts import charts, figures
from tests.drag import handles, send
from ui import theme
from ui.url_state import LESSON_CATEGORICAL

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "pages/categorical.py"


def open_die(**params: str) -> AppTest:
    """The die page as a link opens it (parameters set before the first run, via app.py)."""
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(PAGE).run()


def shown(at: AppTest) -> dict[str, str]:
    return {m.label.split(" ·")[0]: m.value for m in at.metric}


def expected(p, q, unit: str = "bits") -> dict[str, str]:
    base = 2 if unit == "bits" else None
    h = stats.entropy(p, base=base)
    kl = stats.entropy(p, q, base=base)
    text = {v: "∞" if math.isinf(v) else f"{v:.3f}" for v in (h, kl, h + kl)}
    return {
        "H(P)": f"{text[h]} {unit}",
        "KL(P‖Q)": f"{text[kl]} {unit}",
        "H(P,Q)": f"{text[h + kl]} {unit}",
    }


def edit(at: AppTest, rows: dict[int, dict[str, float]]) -> AppTest:
    """Type into the table's cells, as the browser reports edits of a keyed data editor."""
    key = at.data_editor[0].key
    at.session_state[key] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}
    return at.run()


def notes(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


LOADED, FAIR = preset_distribution("loaded", 6), preset_distribution("uniform", 6)


def test_renders_a_loaded_die_against_a_fair_model():
    at = open_die()
    assert not at.exception and not notes(at) and not at.error
    assert at.title[0].value == "A loaded die"
    assert at.slider(key="k").value == 6
    assert shown(at) == expected(LOADED, FAIR)
    assert shown(at)["H(P,Q)"] == f"{math.log2(6):.3f} bits"  # a fair model costs log2 K
    assert len(charts(at)) == 4
    assert at.query_params["p"] == "0.125,0.125,0.125,0.125,0.125,0.375"
    assert at.session_state[LESSON_CATEGORICAL] == {"p": LOADED.tolist(), "q": FAIR.tolist()}


def test_a_preset_for_q_changes_the_numbers_and_the_link():
    at = open_die()
    at.selectbox(key="q_preset").set_value("zipf").run()
    zipf = preset_distribution("zipf", 6)
    assert shown(at) == expected(LOADED, zipf)
    assert at.query_params["q"] == "0.408163,0.204082,0.136054,0.102041,0.0816327,0.0680272"
    at.selectbox(key="p_preset").set_value("zipf").run()
    assert shown(at)["KL(P‖Q)"] == "0.000 bits"


def test_an_edit_that_breaks_the_sum_is_explained_and_normalise_repairs_it():
    at = open_die()
    at = edit(at, {5: {"P": 0.875}})  # P now sums to 0.625 + 0.875 = 1.5
    assert not at.exception
    assert at.selectbox(key="p_preset").value == "custom"
    (error,) = at.error
    assert error.value == "P (true) sums to 1.5, not 1: press Normalise P and Q to rescale it."
    assert not at.metric and not charts(at)
    assert "0.375" in at.query_params["p"]  # the link keeps the last valid die
    (button,) = at.button
    assert button.label == "Normalise P and Q" and not button.proto.disabled
    button.click().run()
    assert not at.error
    weights = np.array([0.125] * 5 + [0.875])
    assert shown(at) == expected(weights / weights.sum(), FAIR)
    assert at.button[0].proto.disabled  # nothing left to normalise


def test_weights_that_cannot_be_normalised_are_refused_with_the_core_message():
    at = open_die()
    at = edit(at, {i: {"Q": 0.0} for i in range(6)})
    assert "Q (model): `q` is all zeros" in at.error[0].value
    at.button[0].click().run()
    assert any("`weights` are all zero: there is nothing to normalise" in e.value for e in at.error)
    assert not at.exception


def test_changing_k_resets_p_and_q_to_their_presets():
    at = open_die()
    at.selectbox(key="q_preset").set_value("peaked").run()
    at.slider(key="k").set_value(3).run()
    assert shown(at) == expected(preset_distribution("loaded", 3), preset_distribution("peaked", 3))
    assert at.query_params["p"] == "0.2,0.2,0.6"
    at = edit(at, {0: {"P": 0.4}, 2: {"P": 0.4}})
    assert at.selectbox(key="p_preset").value == "custom"
    at.slider(key="k").set_value(4).run()
    # An edited P cannot grow a face: it goes back to the default preset.
    assert at.selectbox(key="p_preset").value == "loaded"
    assert at.query_params["p"] == "0.166667,0.166667,0.166667,0.5"


def test_the_link_restores_k_p_and_q():
    at = open_die(k="3", p="0.1,0.2,0.7", q="0.3,0.3,0.4", unit="nats")
    assert not notes(at)
    assert at.slider(key="k").value == 3
    assert shown(at) == expected([0.1, 0.2, 0.7], [0.3, 0.3, 0.4], "nats")
    assert at.selectbox(key="p_preset").value == "custom"
    assert at.session_state[LESSON_CATEGORICAL]["q"] == [0.3, 0.3, 0.4]


def test_a_link_without_k_takes_k_from_p():
    at = open_die(p="0.1,0.2,0.3,0.4", q="0.25,0.25,0.25,0.25")
    assert not notes(at)
    assert at.slider(key="k").value == 4
    assert shown(at) == expected([0.1, 0.2, 0.3, 0.4], [0.25] * 4)


def test_a_link_with_a_zero_where_p_is_possible_shows_infinity():
    at = open_die(k="4", p="0.5,0.5,0,0", q="0,0.2,0.3,0.5")
    assert not at.exception and not notes(at)
    assert shown(at) == {"H(P)": "1.000 bits", "KL(P‖Q)": "∞ bits", "H(P,Q)": "∞ bits"}
    assert len(charts(at)) == 4
    assert at.info[0].value.startswith("∞: your model gives face 1 (50% of rolls)")


@pytest.mark.parametrize(
    ("params", "note", "fallback"),
    [
        ({"k": "3", "p": "0.1,0.2,zz"}, "`p` entry 3 (zz) is not a number", "p"),
        ({"p": "0.5,0.4"}, "`p` sums to 0.9, not 1", "p"),
        ({"q": "-0.5,1.5"}, "`q` entry 1 (-0.5) is negative", "q"),
        ({"k": "4", "q": "0.5,0.5"}, "`q` has 2 entries but K = 4", "q"),
        ({"k": "6", "p": "0.5,0.5"}, "`p` has 2 entries but K = 6", "p"),
    ],
)
def test_malformed_link_values_fall_back_to_the_preset_with_a_note(params, note, fallback):
    at = open_die(**params)
    assert not at.exception
    assert any(note in text for text in notes(at)), notes(at)
    assert any("instead" in text for text in notes(at))
    k = at.slider(key="k").value
    assert at.selectbox(key=f"{fallback}_preset").value != "custom"
    assert len(at.session_state[LESSON_CATEGORICAL][fallback]) == k


def test_a_malformed_k_is_noted_and_the_default_used():
    at = open_die(k="99")
    assert any("`k=99` is not a whole number from 2 to 20" in text for text in notes(at))
    assert at.slider(key="k").value == 6
    assert shown(at) == expected(LOADED, FAIR)


def test_presenting_hides_the_table_and_the_metrics_but_keeps_the_charts():
    at = open_die(present="1")
    assert not at.exception
    assert not at.data_editor and not at.metric and not at.button
    assert at.selectbox(key="p_preset").value == "loaded"
    assert len(charts(at)) == 4
    fonts = {figure["layout"]["font"]["size"] for figure in figures(at)}
    assert fonts == {theme.PRESENT_FONT_SIZE}


def test_a_negative_entry_is_named_with_its_outcome_and_never_silently_made_positive():
    at = open_die()
    at = edit(at, {1: {"P": -3.0}})  # the browser passes the sign on: no minimum on the column
    assert not at.exception and not charts(at)
    assert [e.value for e in at.error] == [
        "P (true): outcome 2 is -3, and a probability cannot be negative. Type a number from 0 up."
    ]
    (table,) = at.data_editor
    columns = json.loads(table.proto.columns)
    assert not any("min_value" in columns[c]["type_config"] for c in ("P", "Q"))
    at = edit(at, {1: {"P": 0.125}})  # typed again, as it was: the die is back
    assert not at.error and shown(at) == expected(LOADED, FAIR)
    at = edit(at, {0: {"Q": -0.5}, 3: {"Q": -1.0}, 5: {"P": 1.0}})
    messages = [e.value for e in at.error]
    assert messages == [
        "P (true) sums to 1.625, not 1: press Normalise P and Q to rescale it.",
        "Q (model): outcome 1 is -0.5, outcome 4 is -1, and a probability cannot be negative. "
        "Type a number from 0 up.",
    ]
    assert "normalize" not in " ".join(messages)


def test_the_page_spells_normalise_one_way():
    at = edit(open_die(), {5: {"P": 0.875}})
    (button,) = at.button
    words = [button.label, button.proto.help, *(e.value for e in at.error)]
    words += [c.value for c in at.caption]
    assert "Normalise" in " ".join(words) and "normaliz" not in " ".join(words).lower()


DIE4 = {"k": "4", "p": "0.4,0.3,0.2,0.1", "q": "0.25,0.25,0.25,0.25", "unit": "bits"}


def test_every_bar_of_p_and_q_has_a_named_handle_and_pointing_at_one_sends_its_tables():
    at = open_die(**DIE4)
    spec = handles(at)
    assert spec["chart"] == "die_distributions" and spec["prepared"] is None
    assert [b["control"] for b in spec["bars"]] == ["p0", "p1", "p2", "p3", "q0", "q1", "q2", "q3"]
    assert spec["bars"][6]["label"] == "Q (model): probability of outcome 3"
    assert spec["bars"][6]["value"] == 0.25 and spec["bars"][6]["trace"] == 1
    assert all(not chart["tables"] for chart in charts(at))
    send(at, spec["id"], "prepare", "q2")
    tables = {chart["key"]: set(chart["tables"]) for chart in charts(at)}
    assert tables == {
        "die_distributions": {"q2"},
        "main": {"q2"},
        "die_identity": {"q2"},
        "die_path": set(),
    }
    (numbers,) = handles(at)["numbers"]
    assert numbers["texts"][25] == list(expected([0.4, 0.3, 0.2, 0.1], [0.25] * 4).values())


def test_releasing_a_bar_rescales_the_others_and_the_link_and_the_numbers_follow():
    at = open_die(**DIE4)
    send(at, handles(at)["id"], "commit", {"control": "q2", "value": 0.5})
    assert not at.exception and not at.warning
    q = [1 / 6, 1 / 6, 0.5, 1 / 6]
    assert at.query_params["q"] == "0.166667,0.166667,0.5,0.166667"
    assert at.query_params["p"] == "0.4,0.3,0.2,0.1"
    assert shown(at) == expected([0.4, 0.3, 0.2, 0.1], q)
    assert at.session_state["q_preset"] == "custom"
    assert at.data_editor[0].value["Q"].tolist() == pytest.approx(q)
    assert handles(at)["prepared"] == "q2"  # the next drag of that bar is live at once


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ({"control": "q7", "value": 0.5}, "names no bar of this die"),
        ({"control": "x1", "value": 0.5}, "names no bar of this die"),
        ("q2", "names no bar of this die"),
        ({"control": "p1", "value": 1.5}, "a probability must be a number from 0 to 1"),
        ({"control": "p1", "value": "0.5"}, "a probability must be a number from 0 to 1"),
        ({"control": "p1", "value": None}, "a probability must be a number from 0 to 1"),
    ],
)
def test_a_bad_release_from_the_browser_is_refused_with_a_note_and_nothing_changes(value, says):
    at = open_die(**DIE4)
    send(at, handles(at)["id"], "commit", value)
    assert not at.exception
    (note,) = notes(at)
    assert says in note and "nothing was changed" in note
    assert at.query_params["q"] == DIE4["q"] and at.query_params["p"] == DIE4["p"]
    assert shown(at) == expected([0.4, 0.3, 0.2, 0.1], [0.25] * 4)
    send(at, handles(at)["id"], "prepare", "z9")  # ignored, no tables, no note
    assert not notes(at) and all(not chart["tables"] for chart in charts(at))
