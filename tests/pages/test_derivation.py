"""/derivation without a browser: the example from the URL, from the lessons or the default; the
step buttons and `step=` links; notes for unusable links; presentation mode; editing."""

from __future__ import annotations

import pytest
from scipy.stats import entropy as scipy_entropy
from streamlit.testing.v1 import AppTest

from tests.charts import figures
from ui.figures.derivation import STEP_COUNT
from ui.url_state import LESSON_CATEGORICAL, LESSON_COIN

TIMEOUT = 30


def _derivation(session: dict | None = None, **params: str) -> AppTest:
    """Open /derivation the way a browser does: through app.py (the frame's page links need
    it), with the URL's parameters and, optionally, what the lessons left in the session."""
    at = AppTest.from_file("../../app.py", default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    for key, value in (session or {}).items():
        at.session_state[key] = value
    at.switch_page("pages/derivation.py").run()
    assert not at.exception, at.exception
    return at


def _text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def _lines_shown(at: AppTest) -> list[int]:
    return [
        int(m.value[2:].split(".")[0])
        for m in at.markdown
        if m.value.startswith("**") and m.value[2:3].isdigit()
    ]


def _chart_title(at: AppTest) -> str:
    (figure,) = figures(at)
    return figure["layout"]["title"]["text"]


def test_default_is_the_coin_at_line_1_and_the_url_says_so():
    at = _derivation()
    assert _lines_shown(at) == [1]
    assert dict(at.query_params) == {
        "example": "coin",
        "p": "0.3",
        "q": "0.8",
        "n": "10",
        "seed": "7",
        "step": "1",
    }
    kl = scipy_entropy([0.3, 0.7], [0.8, 0.2], base=2)
    assert f"{kl:.3f}" in _text(at)
    assert f"{kl:.3f} bits" in _chart_title(at)


def test_a_deep_link_opens_its_step_and_its_numbers():
    at = _derivation(example="coin", p="0.2", q="0.6", step="4", unit="nats")
    assert _lines_shown(at) == [1, 2, 3, 4]
    h = scipy_entropy([0.2, 0.8])
    kl = scipy_entropy([0.2, 0.8], [0.6, 0.4])
    assert f"{h + kl:.3f} = {h:.3f} + {kl:.3f}" in _text(at)
    assert "nats" in _text(at) and r"\ln" in _text(at)


def test_next_back_show_all_and_start_again_move_the_step_in_the_url():
    at = _derivation()
    at.button(key="derivation_next").click().run()
    assert at.query_params["step"] == "2" and _lines_shown(at) == [1, 2]
    at.button(key="derivation_next").click().run()
    at.button(key="derivation_back").click().run()
    assert at.query_params["step"] == "2"
    at.button(key="derivation_all").click().run()
    assert at.query_params["step"] == str(STEP_COUNT)
    assert _lines_shown(at) == list(range(1, STEP_COUNT + 1))
    assert at.button(key="derivation_next").disabled
    at.button(key="derivation_restart").click().run()
    assert at.query_params["step"] == "1" and at.button(key="derivation_back").disabled


def test_the_example_comes_from_the_coin_lesson_of_this_session():
    at = _derivation(session={LESSON_COIN: {"p": 0.2, "q": 0.6}})
    assert at.query_params["p"] == "0.2" and at.query_params["q"] == "0.6"
    kl = scipy_entropy([0.2, 0.8], [0.6, 0.4], base=2)
    assert f"{kl:.3f}" in _text(at)


def test_the_example_comes_from_the_die_lesson_of_this_session():
    p, q = [0.1, 0.2, 0.7], [0.3, 0.3, 0.4]
    at = _derivation(session={LESSON_CATEGORICAL: {"p": p, "q": q}})
    assert at.query_params["example"] == "die"
    assert at.query_params["p"] == "0.1,0.2,0.7"
    assert f"{scipy_entropy(p, q, base=2):.3f}" in _text(at)


def test_the_url_wins_over_the_lesson():
    at = _derivation(session={LESSON_COIN: {"p": 0.2, "q": 0.6}}, p="0.9", q="0.1")
    assert at.query_params["p"] == "0.9"


def test_a_die_link_takes_comma_separated_probabilities():
    at = _derivation(example="die", p="0.5,0.25,0.25", q="0.25,0.25,0.5", step="3")
    kl = scipy_entropy([0.5, 0.25, 0.25], [0.25, 0.25, 0.5], base=2)
    assert "3 faces" in _text(at)
    assert f"{kl:.3f}" in _text(at)


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"p": "abc"}, "p=abc"),
        ({"q": "1.5"}, "q=1.5"),
        ({"step": "99"}, "step=99"),
        ({"n": "2"}, "n=2"),
        ({"n": "²"}, "n=²"),
        ({"seed": "1000000"}, "seed=1000000` is not a whole number from 0 to 999,999"),
        ({"example": "dice"}, "example=dice"),
        ({"example": "die", "p": "0.5,0.6"}, "`p`"),
        ({"example": "die", "p": "0.5,0.5", "q": "0.2,0.3,0.5"}, "`q`"),
    ],
)
def test_an_unusable_link_value_is_named_in_a_note_and_replaced(params, named):
    at = _derivation(**params)
    notes = [w.value for w in at.warning]
    assert any(named in note for note in notes), notes
    assert _lines_shown(at)  # the page still works


def test_presentation_mode_hides_the_example_editor_and_folds_earlier_lines():
    at = _derivation(present="1", step="3")
    # The one expander holds the earlier lines, each shortened to its result.
    (folded,) = at.expander
    assert folded.label == "Lines 1 to 2"
    summaries = [m.value for m in folded.markdown]
    assert [s[:6] for s in summaries] == ["**1.**", "**2.**"]
    assert any(m.value.startswith("**3. ") for m in at.markdown)


def test_moving_the_coin_slider_writes_the_link():
    at = _derivation()
    at.slider(key="_derivation_q").set_value(0.5).run()
    assert at.query_params["q"] == "0.5"
    kl = scipy_entropy([0.3, 0.7], [0.5, 0.5], base=2)
    assert f"{kl:.3f}" in _text(at)


def test_switching_to_the_die_starts_from_the_die_defaults():
    at = _derivation()
    at.radio(key="_derivation_example").set_value("die").run()
    assert at.query_params["example"] == "die"
    assert len(at.query_params["p"].split(",")) == 6


def test_a_mistyped_die_is_refused_with_a_message_and_the_link_kept():
    at = _derivation(example="die", p="0.5,0.5", q="0.5,0.5")
    at.text_input(key="_derivation_p_text").input("0.5,0.6").run()
    assert at.query_params["p"] == "0.5,0.5"
    (error,) = at.error
    assert "sums to" in error.value


def test_a_new_die_size_resets_a_model_that_no_longer_fits():
    at = _derivation(example="die", p="0.5,0.5", q="0.5,0.5")
    at.text_input(key="_derivation_p_text").input("0.2,0.3,0.5").run()
    assert at.query_params["p"] == "0.2,0.3,0.5"
    assert len(at.query_params["q"].split(",")) == 3
    assert not at.warning


def test_a_new_sample_changes_the_seed_and_the_numbers_of_line_6():
    at = _derivation(step="6")
    before = _text(at)
    at.button(key="derivation_new_sample").click().run()
    assert at.query_params["seed"] == "8"
    assert _text(at) != before
    at.slider(key="_derivation_n").set_value(20).run()
    assert at.query_params["n"] == "20"
    assert "n = 20" in _text(at)


def test_the_main_chart_follows_the_line():
    assert "H(P,Q) − H(P)" in _chart_title(_derivation(step="2"))
    assert "every Q" in _chart_title(_derivation(step="5"))
    assert "H(P̂,Q)" in _chart_title(_derivation(step="7"))


def test_line_6_has_the_law_of_large_numbers_and_line_7_the_iid_assumption_and_kl_of_p_hat():
    at = _derivation(example="coin", p="0.3", q="0.8", step="7")
    text = _text(at)
    h_pq = scipy_entropy([0.3, 0.7], base=2) + scipy_entropy([0.3, 0.7], [0.8, 0.2], base=2)
    assert "the law of large numbers, for draws i.i.d. from P" in text
    assert rf"\mathbb{{E}}_P[\log Q(X)] = -H(P,Q) = {-h_pq:.3f}$ bits" in text
    assert "**7. So minimising KL(P̂‖Q) is maximising the likelihood**" in text
    assert "the draws are independent and each follows the model (i.i.d.)" in text
    reasons = " ".join(c.value for c in at.caption)
    assert "The likelihood is a product because the draws are i.i.d." in reasons


def test_a_certain_coin_against_a_model_that_rules_it_out_reads_cleanly():
    # p = 1, q = 0: −H(P) is 0, not "−0.000", and ∞ − ∞ is explained, not printed.
    at = _derivation(example="coin", p="0.9", q="0.5", step="7")
    at.slider(key="_derivation_p").set_value(1.0).run()
    at.slider(key="_derivation_q").set_value(0.0).run()
    assert (at.query_params["p"], at.query_params["q"]) == ("1", "0")
    text = _text(at)
    assert "-0.000" not in text and "−0.000" not in text
    assert r"= 0.000$ bits $= -H(p)$ (with $0 \log 0 = 0$)" in text
    assert r"\infty - \infty" not in text and "both } \\infty" not in text
    assert "For your Q, Q(x) = 0 for an outcome P allows: H(P,Q) and KL are both ∞" in text
    assert "(∞ = 0.000 + ∞)" in text
    # and back to an ordinary model: no explanation left over
    at.slider(key="_derivation_q").set_value(0.5).run()
    assert "For your Q" not in _text(at) and "-0.000" not in _text(at)
