"""/coding without a browser: the measured bits of the issue's link, the example from the URL or
the lessons, notes for unusable link values, probability 0 shown honestly, nats, presentation."""

from __future__ import annotations

import re

import pytest
from scipy.stats import entropy as scipy_entropy
from streamlit.testing.v1 import AppTest

from tests.charts import charts

TIMEOUT = 60

H_PQ = scipy_entropy([0.3, 0.7], base=2) + scipy_entropy([0.3, 0.7], [0.8, 0.2], base=2)
H_P = scipy_entropy([0.3, 0.7], base=2)


def _coding(session: dict | None = None, **params: str) -> AppTest:
    """Open /coding as a browser does: through app.py, with the URL's parameters and, optionally,
    what the lessons left in the session."""
    at = AppTest.from_file("../../app.py", default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    for key, value in (session or {}).items():
        at.session_state[key] = value
    at.switch_page("pages/coding.py").run()
    assert not at.exception, at.exception
    return at


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _per_outcome(value: str) -> float:
    match = re.fullmatch(r"(\d+\.\d+) bits/(toss|roll)", value)
    assert match, value
    return float(match.group(1))


def _warnings(at: AppTest) -> str:
    return "\n".join(w.value for w in at.warning)


def _text(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def test_the_issues_link_measures_the_cross_entropy_and_the_entropy():
    at = _coding(example="coin", p="0.3", q="0.8", n="10000", seed="1")
    metrics = _metrics(at)
    assert abs(_per_outcome(metrics["Q's coder (built for Q)"]) - H_PQ) < 0.03
    assert abs(_per_outcome(metrics["P's coder (built for P)"]) - H_P) < 0.03
    assert H_PQ == pytest.approx(1.722, abs=5e-4) and H_P == pytest.approx(0.881, abs=5e-4)
    assert "all 10,000 tosses of the sample, exactly" in _text(at)
    assert _warnings(at) == ""
    keys = [chart["key"] for chart in charts(at)]
    assert keys == ["main", "coding_identity", "coding_lengths"]
    (main,) = [chart["figure"] for chart in charts(at) if chart["key"] == "main"]
    assert [trace["name"] for trace in main["data"]][:2] == ["Q's coder", "P's coder"]


def test_the_wasted_bits_are_n_times_kl():
    at = _coding(example="coin", p="0.3", q="0.8", n="10000", seed="1")
    wasted = int(_metrics(at)["Wasted on the wrong model"].removesuffix(" bits").replace(",", ""))
    kl = scipy_entropy([0.3, 0.7], [0.8, 0.2], base=2)
    assert abs(wasted / 10_000 - kl) < 0.03


def test_default_view_writes_a_complete_link():
    at = _coding()
    assert dict(at.query_params) == {
        "example": "coin",
        "p": "0.3",
        "q": "0.8",
        "n": "1000",
        "seed": "1",
    }


def test_the_example_comes_from_the_lesson_visited_last():
    at = _coding(session={"lesson_coin": {"p": 0.5, "q": 0.5}})
    assert at.query_params["p"] == "0.5" and at.query_params["q"] == "0.5"
    metrics = _metrics(at)
    assert abs(_per_outcome(metrics["Q's coder (built for Q)"]) - 1.0) < 0.06


def test_a_die_link_with_a_code_table():
    at = _coding(example="die", p="0.5,0.25,0.25", q="0.25,0.25,0.5", n="20000", seed="3")
    metrics = _metrics(at)
    assert abs(_per_outcome(metrics["P's coder (built for P)"]) - 1.5) < 0.03
    h_pq = scipy_entropy([0.5, 0.25, 0.25], base=2) + scipy_entropy(
        [0.5, 0.25, 0.25], [0.25, 0.25, 0.5], base=2
    )
    assert abs(_per_outcome(metrics["Q's coder (built for Q)"]) - h_pq) < 0.03
    # the code tables, not the charts' "Chart numbers" tables
    q_table, p_table = (t.value for t in at.table if "Huffman codeword" in t.value.columns)
    assert sorted(q_table["Huffman codeword"]) == ["0", "10", "11"]
    assert list(q_table["length (bits)"]) == ["2", "2", "1"]
    assert list(p_table["length (bits)"]) == ["1", "2", "2"]
    assert list(q_table["Shannon length ⌈−log₂ q⌉ (bits)"]) == ["2", "2", "1"]


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"n": "abc"}, "`n=abc` is not a whole number from 1 to 1000000"),
        ({"n": "0"}, "`n=0` is not a whole number"),
        ({"n": "2000000"}, "`n=2000000` is not a whole number"),
        ({"seed": "-4"}, "`seed=-4`"),
        ({"example": "dice"}, "`example=dice` is not one of coin, die"),
        ({"example": "coin", "p": "1.5"}, "`p=1.5` is not a probability from 0 to 1"),
        ({"example": "die", "p": "0.5,0.6"}, "`p=0.5,0.6` cannot be used: `p` sums to 1.1"),
        ({"p": "abc"}, "`p=abc` is not a probability from 0 to 1; using p = 0.3"),
        ({"p": ["0.3", "0.9"]}, "gives `p` 2 times (`0.3`, `0.9`); using the last one"),
        ({"seed": ["a`b", "2"]}, "gives `seed` 2 times (`` a`b ``, `2`); using the last one"),
        ({"n": "-5"}, "`n=-5` is not a whole number from 1 to 1000000; using n = 1000"),
        ({"n": "10**9"}, "`n=10**9` is not a whole number from 1 to 1000000"),
        ({"n": "1000000000"}, "`n=1000000000` is not a whole number from 1 to 1000000"),
        ({"seed": "x"}, "`seed=x` is not a whole number from 0 to 999,999; using seed = 1"),
        ({"example": "<script>alert(1)</script>"}, "is not one of coin, die; using example = coin"),
        ({"example": "die", "p": ",".join(["0.01"] * 100)}, "a die here has 2 to 20 faces"),
    ],
)
def test_unusable_link_values_get_a_note_and_the_page_still_counts(params, note):
    at = _coding(**params)
    assert note in _warnings(at)
    assert len(at.metric) == 3


def test_a_model_without_an_outcome_is_shown_honestly():
    at = _coding(example="die", p="0.1,0.2,0.3,0.4", q="0,0.5,0.25,0.25", n="1000", seed="1")
    metrics = _metrics(at)
    assert metrics["Q's coder (built for Q)"] == "cannot encode"
    assert metrics["Wasted on the wrong model"] == "∞ bits"
    assert abs(_per_outcome(metrics["P's coder (built for P)"]) - 1.846) < 0.06
    (info,) = at.info
    assert "Q gives 1 probability 0" in info.value and "KL(P‖Q) = ∞" in info.value
    assert "stopped" in info.value
    assert "P's message, decoded, gives back all 1,000 rolls" in _text(at)


def test_nats_are_given_beside_the_bits_with_the_reason():
    at = _coding(example="coin", p="0.3", q="0.8", n="1000", unit="nats")
    text = _text(at)
    assert "Codes write bits" in text and "1 bit = ln 2 = 0.6931 nats" in text
    assert f"H(P,Q) = {H_PQ:.3f} bits = {H_PQ * 0.6931471805599453:.3f} nats" in text
    assert "nats/toss)" in text


def test_presentation_mode_hides_the_controls_but_keeps_the_numbers():
    at = _coding(example="coin", p="0.3", q="0.8", present="1")
    assert len(at.expander) == 0
    assert len(at.metric) == 3


def test_editing_n_and_drawing_a_new_sample_go_into_the_link():
    at = _coding(example="coin", p="0.3", q="0.8", n="1000", seed="1")
    at.select_slider(key="_coding_n").set_value(10_000).run()
    assert at.query_params["n"] == "10000"
    assert "all 10,000 tosses" in _text(at)
    at.button(key="coding_new_sample").click().run()
    assert at.query_params["seed"] == "2"


def test_a_die_lesson_visited_last_gives_the_example():
    session = {"lesson_categorical": {"p": [0.5, 0.5], "q": [0.9, 0.1]}}
    at = _coding(session=session)
    assert at.query_params["example"] == "die"
    assert at.query_params["p"] == "0.5,0.5" and at.query_params["q"] == "0.9,0.1"


def test_the_first_outcomes_are_shown_as_bit_streams_codeword_by_codeword():
    at = _coding(example="coin", p="0.3", q="0.8", n="1000", seed="1")
    streams = [
        h.proto.body for h in at.get("html") if h.proto.body.startswith("<div class='kl-bits'")
    ]
    assert len(streams) == 2  # Q's code, then P's
    assert [stream.count("class='kl-word'") for stream in streams] == [24, 24]
    assert "The first 24 tosses with the Huffman code for Q: 24 bits" in _text(at)
