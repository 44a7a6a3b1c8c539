"""The classifier lesson without a browser: the issue's numbers from a link, extreme logits,
label smoothing's floor, the training animation, and notes for link values it cannot use."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from scipy import special
from streamlit.testing.v1 import AppTest

from core import draw_clusters, train_classifier
from tests.charts import charts
from tests.drag import commit, send, sliders

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "pages/classifier.py"


def open_classifier(**params: str) -> AppTest:
    """The page as a link opens it (parameters set before the first run, via app.py)."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(PAGE).run()


def shown(at: AppTest) -> dict[str, str]:
    return {m.label.split(" ·")[0]: m.value for m in at.metric}


def notes(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


def text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def animation(at: AppTest) -> dict:
    """The training figure (the first animated chart; a stacked one follows for phones)."""
    return next(chart["figure"] for chart in charts(at) if not chart["live"])


def test_the_issues_link_shows_a_loss_of_0_4170_nats():
    at = open_classifier(logits="2,1,0.1", label="0", unit="nats")
    assert not at.exception and not notes(at) and not at.error
    assert at.title[0].value == "A classifier's loss"
    assert shown(at) == {"H(P)": "0.000 nats", "KL(P‖Q)": "0.417 nats", "H(P,Q)": "0.417 nats"}
    assert "= −ln 0.659 = 0.4170 nats." in text(at)
    assert at.text_input(key="logits").value == "2,1,0.1"
    assert at.radio(key="label").value == "0"
    expected = -special.log_softmax([2.0, 1.0, 0.1])[0]
    assert f"{expected:.4f}" == "0.4170"


def test_charts_example_and_training():
    at = open_classifier()
    found = charts(at)
    live = [chart["key"] for chart in found if chart["live"]]
    assert live == [
        "classifier_classes",
        "classifier_terms",
        "classifier_identity",
        "classifier_curve",
    ]
    animated = [chart for chart in found if not chart["live"]]
    assert [chart["key"] for chart in animated] == ["main", "main_narrow"]
    assert len(animated[0]["figure"]["frames"]) == 61


def test_extreme_logits_give_1000_nats_and_1442_7_bits_without_error():
    at = open_classifier(logits="1000,0,0", label="1", unit="nats")
    assert not at.exception and not notes(at) and not at.error
    assert shown(at)["H(P,Q)"] == "1000.000 nats"
    at = open_classifier(logits="1000,0,0", label="1", unit="bits")
    assert shown(at)["H(P,Q)"] == "1442.695 bits"
    assert "1442.6950 bits" in text(at)


def test_label_smoothing_gives_the_target_an_entropy_floor():
    at = open_classifier(logits="2,1,0.1", label="0", smooth="0.1", unit="nats")
    p = [0.9 + 0.1 / 3, 0.1 / 3, 0.1 / 3]
    floor = -sum(v * math.log(v) for v in p)
    assert shown(at)["H(P)"] == f"{floor:.3f} nats"
    assert "a floor no model goes under" in text(at)
    # the training's average target has the same entropy: the bar's floor
    title = animation(at)["layout"]["title"]["subtitle"]["text"]
    assert f"floor H(P) = {floor:.3f} nats" in title


def test_the_temperature_divides_the_logits():
    at = open_classifier(logits="2,1,0.1", label="0", T="2", unit="nats")
    expected = -special.log_softmax([1.0, 0.5, 0.05])[0]
    assert shown(at)["H(P,Q)"] == f"{expected:.3f} nats"


def test_the_training_animation_shows_cores_numbers():
    at = open_classifier(classes="2", data="separable", n="100", seed="4", unit="bits")
    data = draw_clusters(100, classes=2, spread="separable", seed=4)
    path = train_classifier(data, steps=60, base=2)
    figure = animation(at)
    title = figure["layout"]["title"]["text"]
    assert title == f"Loss after 60 steps: {path.train.cross_entropy[-1]:.3f} bits"
    points = next(trace for trace in figure["data"] if trace["name"] == "training points")
    assert len(points["customdata"]) == 100


def test_typing_fewer_logits_drops_a_label_that_no_longer_exists():
    at = open_classifier(logits="3,2,1,0", label="3")
    assert at.radio(key="label").value == "3"
    at.text_input(key="logits").set_value("1,2").run()
    assert not at.exception
    assert at.radio(key="label").value == "0"
    assert at.radio(key="label").options == ["0", "1"]


def test_typed_logits_that_cannot_be_read_get_a_note_and_the_default():
    at = open_classifier()
    at.text_input(key="logits").set_value("2, oops").run()
    assert not at.exception
    assert any("entry 2 (oops) is not a number" in note for note in notes(at))
    assert (
        shown(at)["H(P,Q)"] == f"{-special.log_softmax([2.0, 1.0, 0.1])[0] / math.log(2):.3f} bits"
    )


@pytest.mark.parametrize(
    ("key", "value", "said"),
    [
        ("logits", "abc", "`logits=abc` cannot be used"),
        ("logits", "1", "has 1 entry"),
        ("logits", "1,nan", "entry 2 is not a finite number"),
        ("label", "7", "`label=7` is not one of 0, 1, 2"),
        ("T", "0", "`T=0` is outside 0.1 to 10"),
        ("T", "-1", "`T=-1` is outside"),
        ("smooth", "1", "`smooth=1` is outside 0 to 0.95"),
        ("smooth", "x", "`smooth=x` is not a number"),
        ("classes", "4", "`classes=4` is not one of 2, 3"),
        ("data", "tight", "`data=tight` is not one of separable, overlapping"),
        ("n", "5", "`n=5` is not a whole number from 50 to 1000"),
        ("seed", "-3", "`seed=-3` is not a whole number from 0 to 999,999"),
    ],
)
def test_bad_link_values_get_a_note_and_the_page_still_works(key, value, said):
    at = open_classifier(**{key: value})
    assert not at.exception
    assert any(said in note for note in notes(at)), notes(at)
    assert len(at.metric) == 3
    assert any(not chart["live"] for chart in charts(at))


def test_presentation_mode_shows_one_animation_in_a_row():
    at = open_classifier(present="1")
    animated = [chart for chart in charts(at) if not chart["live"]]
    # The row for the projector; a narrow window (a phone) gets the stacked one instead.
    assert [chart["key"] for chart in animated] == ["main", "main_narrow"]
    assert animated[0]["figure"]["layout"]["xaxis3"]["domain"][0] > 0.6  # three side by side


def test_logits_too_large_for_the_temperature_get_a_message_not_a_traceback():
    at = open_classifier(logits="1e308,0", T="0.1")
    assert not at.exception
    assert any("use a larger temperature" in error.value for error in at.error)
    assert not at.metric  # no numbers for an example that cannot be scored
    assert any(not chart["live"] for chart in charts(at))  # the training still runs


# Dragging a logit (ui.drag sliders, one per logit) --------------------------------------------


def live_tables(at: AppTest) -> dict[str, list[str]]:
    """Each live chart's drag tables by their slider's key."""
    return {c["key"]: sorted(c["tables"]) for c in charts(at) if c["live"]}


def test_each_logit_has_a_drag_slider_and_the_pointed_ones_tables_come_with_the_page():
    at = open_classifier(logits="2,1,0.1", label="0", unit="nats")
    found = sliders(at)
    assert sorted(found) == ["z0", "z1", "z2"]
    assert [found[f"z{i}"]["value"] for i in range(3)] == [2.0, 1.0, 0.1]
    assert found["z1"]["label"] == "Logit z1 of class 1"
    assert (found["z1"]["min"], found["z1"]["max"], found["z1"]["step"]) == (-10.0, 10.0, 0.1)
    # At first the true class's tables come with the page; the others' on request.
    assert [found[f"z{i}"]["prepared"] for i in range(3)] == [True, False, False]
    assert all(found[f"z{i}"]["prepare"] for i in range(3))
    assert found["z1"]["numbers"] == []
    assert set(map(tuple, live_tables(at).values())) == {("z0",)}
    send(at, found["z1"]["id"], "prepare", "z1")  # the pointer reached z1's slider
    assert not at.exception
    found = sliders(at)
    assert [found[f"z{i}"]["prepared"] for i in range(3)] == [False, True, False]
    tables = live_tables(at)
    assert sorted(tables) == sorted(
        ["classifier_classes", "classifier_terms", "classifier_identity", "classifier_curve"]
    )
    assert set(map(tuple, tables.values())) == {("z1",)}
    metrics, sentence = found["z1"]["numbers"]
    row = round((1.0 - -10.0) / 0.1)  # z1 = 1: the committed state
    assert metrics["texts"][row] == list(shown(at).values())
    assert sentence["texts"][row][0] in text(at)  # the sentence saying why, as the page has it


def test_a_released_logit_writes_the_link_the_box_the_numbers_and_the_sliders():
    at = open_classifier(logits="2,1,0.1", label="0", unit="nats")
    commit(at, "z1", 3.4000000000000004)  # as a browser's float may arrive: kept on the grid
    assert not at.exception and not notes(at)
    assert at.query_params["logits"] == "2,3.4,0.1"
    assert at.text_input(key="logits").value == "2,3.4,0.1"
    loss = -special.log_softmax([2.0, 3.4, 0.1])[0]
    assert shown(at)["H(P,Q)"] == f"{loss:.3f} nats"
    assert [sliders(at)[f"z{i}"]["value"] for i in range(3)] == [2.0, 3.4, 0.1]
    assert sliders(at)["z1"]["prepared"]  # its tables stay for the next drag
    commit(at, "z0", -10.0)  # the sliders' end
    assert at.query_params["logits"] == "-10,3.4,0.1"


@pytest.mark.parametrize(
    ("value", "note"),
    [
        (10.5, "The slider sent z1 = 10.5, outside -10 to 10; keeping z1 = 1."),
        (float("nan"), "The slider sent z1 = nan, outside -10 to 10; keeping z1 = 1."),
        ("2", "The slider sent z1 = '2', which is not a number; keeping z1 = 1."),
        (None, "The slider sent z1 = None, which is not a number; keeping z1 = 1."),
        (True, "The slider sent z1 = True, which is not a number; keeping z1 = 1."),
    ],
)
def test_a_bad_logit_from_the_browser_is_refused_with_a_note_and_the_logits_kept(value, note):
    at = open_classifier(logits="2,1,0.1", label="0", unit="nats")
    commit(at, "z1", value)
    assert not at.exception
    assert notes(at) == [note]
    assert at.text_input(key="logits").value == "2,1,0.1"
    assert shown(at)["H(P,Q)"] == "0.417 nats"
    at.run()  # the note was about that commit only
    assert not notes(at) and shown(at)["H(P,Q)"] == "0.417 nats"


def test_logits_beyond_the_sliders_rest_at_their_ends_with_a_caption():
    at = open_classifier(logits="1000,0,0", label="1", unit="nats")
    assert not at.exception and not at.error
    assert shown(at)["H(P,Q)"] == "1000.000 nats"
    assert sliders(at)["z0"]["value"] == 10.0
    captions = " ".join(c.value for c in at.caption)
    assert "z0 = 1000 lies beyond the sliders' -10 to 10" in captions
    commit(at, "z2", 0.5)  # dragging another logit keeps the large one exactly
    assert at.query_params["logits"] == "1000,0,0.5"
