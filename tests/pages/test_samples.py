"""The samples lesson without a browser: generated data from a link, uploads (a valid file and
every kind of bad input), pasted text, the model controls, and the sample handed to /mle."""

from __future__ import annotations

import gzip
import io
import math
import re
import zipfile
from pathlib import Path

import numpy as np
import pytest
from scipy import stats
from streamlit.testing.v1 import AppTest

from core import gaussian_average_nll
from core.sampling import draw_sample
from tests.charts import figures
from ui.shared_sample import SharedSample
from ui.url_state import CHOSEN_SAMPLE

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGE = "pages/samples.py"
DATA = ROOT / "tests" / "data"


def open_samples(**params: str) -> AppTest:
    """The page as a link opens it: parameters set before the first run, through app.py."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(PAGE).run()


def upload(at: AppTest, name: str, content: bytes) -> AppTest:
    at.radio(key="data").set_value("Upload").run()
    return at.file_uploader(key="upload").set_value((name, content, "text/csv")).run()


IDENTITY = re.compile(
    r"−\(1/n\) Σ log [Qq]\(xᵢ\) = (?P<average>[\d.∞]+ \w+)\s+"
    r"= H\(P̂,Q\) = \*\*(?P<cross>[^*]+)\*\*\s+= (?P<h_name>\S+) (?P<h>[\d.]+ \w+) \+ "
    r"(?P<kl_name>\S+) (?P<kl>[\d.∞]+ \w+)"
)


def metrics(at: AppTest) -> list[str]:
    """The two sides as the page shows them to 6 decimals: the average NLL (summed over the
    observations) and H(P̂,Q) (computed from P̂ and Q), as strings with their unit. The metric
    above them shows the average to 3 decimals, as every other number on the page."""
    if not at.metric:
        return []
    parts = split(at)
    average = parts["average"]
    value, unit = average.split()
    assert at.metric[0].value == (average if value == "∞" else f"{float(value):.3f} {unit}")
    return [average, parts["cross"]]


def split(at: AppTest) -> dict[str, str]:
    """The average, H(P̂,Q) and its two parts from the lines under the metric."""
    (match,) = [m for m in map(IDENTITY.search, (md.value for md in at.markdown)) if m]
    return match.groupdict()


def number(text: str) -> float:
    return float(text.split()[0])


def shared(at: AppTest) -> SharedSample:
    return at.session_state[CHOSEN_SAMPLE]


# Generated data -----------------------------------------------------------------------------------


def test_default_generated_coin_shows_the_identity_to_the_last_digit():
    at = open_samples()
    assert not at.exception and not at.error
    assert at.title[0].value == "Your samples"
    values, _ = draw_sample("coin", 1000, 7, p=0.7)
    heads = int(np.sum(values == "H"))
    q = at.slider(key="q").value
    assert q == 0.4  # near the MLE, not at it
    reference = -(heads * math.log2(q) + (1000 - heads) * math.log2(1 - q)) / 1000
    average, cross = metrics(at)
    assert average == cross == f"{reference:.6f} bits"
    h = stats.entropy([heads, 1000 - heads], base=2)
    kl = stats.entropy([heads / 1000, 1 - heads / 1000], [q, 1 - q], base=2)
    parts = split(at)
    assert (parts["h_name"], parts["kl_name"]) == ("H(P̂)", "KL(P̂‖Q)")
    assert (parts["h"], parts["kl"]) == (f"{h:.6f} bits", f"{kl:.6f} bits")
    assert len(figures(at)) == 3  # P̂ with Q, the identity bar, as n grows


def test_the_sample_is_shared_with_the_mle_lesson():
    at = open_samples(gen="Gaussian", n="100", seed="3")
    sample = shared(at)
    values, _ = draw_sample("gaussian", 100, 3)
    assert sample.name == "generated: Gaussian μ=0 σ=1, n=100, seed=3"
    assert sample.numeric and sample.family_hint == "gaussian"
    assert np.array_equal(sample.values, values)
    assert sample.values.dtype == np.float64 and not sample.values.flags.writeable


def test_a_link_sets_the_data_and_the_model():
    at = open_samples(
        gen="Gaussian", n="500", seed="11", mu="1.5", qmu="0.5", qsigma="2", unit="nats"
    )
    values, _ = draw_sample("gaussian", 500, 11, mu=1.5)
    assert at.number_input(key="qmu").value == 0.5
    reference = gaussian_average_nll(values, 0.5, 2.0)
    average, cross = metrics(at)
    assert average == cross == f"{reference:.6f} nats"
    assert any("no density" in info.value for info in at.info)
    parts = split(at)
    fit_mu, fit_sigma = float(np.mean(values)), float(np.std(values))
    floor = 0.5 * math.log(2 * math.pi * math.e * fit_sigma**2)
    kl = math.log(2 / fit_sigma) + (fit_sigma**2 + (fit_mu - 0.5) ** 2) / 8 - 0.5
    assert (parts["h_name"], parts["kl_name"]) == ("h(N̂)", "KL(N̂‖Q)")
    assert (parts["h"], parts["kl"]) == (f"{floor:.6f} nats", f"{kl:.6f} nats")


def test_changing_the_seed_replays_a_different_sample():
    at = open_samples(n="100")
    before = shared(at).values.copy()
    at.number_input(key="seed").set_value(8).run()
    after = shared(at).values
    assert not np.array_equal(before, after)
    assert np.array_equal(after, draw_sample("coin", 100, 8)[0])


def test_use_the_mle_makes_kl_zero():
    at = open_samples(gen="Die", n="2000")
    assert at.radio(key="model").value == "Categorical"
    at.button(key="use_mle").click().run()
    assert at.slider(key="shrink").value == 0.0
    average, cross = metrics(at)
    assert average == cross
    assert split(at)["kl"] == "0.000000 bits"


def test_use_the_mle_for_a_gaussian_reaches_the_floor():
    at = open_samples(gen="Bimodal", n="5000")
    at.button(key="use_mle").click().run()
    values, _ = draw_sample("bimodal", 5000, 7)
    fit_sigma = float(np.std(values))
    assert at.number_input(key="qmu").value == pytest.approx(float(np.mean(values)))
    assert at.number_input(key="qsigma").value == pytest.approx(fit_sigma)
    floor = 0.5 * math.log2(2 * math.pi * math.e * fit_sigma**2)
    assert metrics(at)[0] == f"{floor:.6f} bits"


def test_malformed_link_values_get_a_note_and_fall_back():
    at = open_samples(gen="Cauchy", data="Nowhere", seed="-3", n="1234")
    notes = " ".join(w.value for w in at.warning)
    for given in ("gen=Cauchy", "data=Nowhere", "seed=-3", "n=1234"):
        assert given in notes
    assert shared(at).name == "generated: coin P(H) = 0.7, n=1,000, seed=7"
    assert not at.exception and len(metrics(at)) == 2


def test_presentation_mode_folds_the_data_controls_away():
    at = open_samples(present="true")
    assert any(e.label.startswith("The data") for e in at.expander)
    assert not at.exception and len(figures(at)) == 3


# Uploads --------------------------------------------------------------------------------------


def test_a_valid_upload_is_read_and_shared():
    at = open_samples()
    upload(at, "coins.csv", (DATA / "coins.csv").read_bytes())
    assert not at.exception and not at.error
    sample = shared(at)
    assert sample.name == "upload: coins.csv, column toss"
    assert sample.values.tolist() == list("HTHHTHHTHH") and sample.family_hint is None
    q = at.slider(key="q").value
    reference = -(7 * math.log2(q) + 3 * math.log2(1 - q)) / 10
    assert metrics(at) == [f"{reference:.6f} bits"] * 2
    assert any("Generate data from a known P" in c.value for c in at.caption)


def test_two_sessions_uploading_different_files_each_see_their_own():
    first, second = open_samples(), open_samples()
    upload(first, "data.csv", (DATA / "coins.csv").read_bytes())
    upload(second, "data.csv", (DATA / "measurements.txt").read_bytes())  # same name
    first.run()
    assert shared(first).values.tolist() == list("HTHHTHHTHH")
    assert shared(second).numeric and shared(second).n == 12


def test_a_table_lists_its_columns_and_the_user_chooses():
    at = open_samples()
    upload(at, "people.csv", (DATA / "people.csv").read_bytes())
    (column,) = [s for s in at.selectbox if s.label.startswith("Column")]
    assert column.label == "Column (3 found)"
    assert column.options == ["height_cm", "group", "age"]
    assert shared(at).numeric  # the first column by default
    column.set_value(1).run()
    assert shared(at).values.tolist() == list("abababab")
    assert shared(at).name == "upload: people.csv, column group"
    assert at.radio(key="model").value == "Bernoulli"


def zipped(content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data.csv", content)
    return buffer.getvalue()


BAD_UPLOADS = {
    "empty": (b"", "empty"),
    "header only": ((DATA / "header_only.csv").read_bytes(), "header with no data"),
    "binary": (bytes(range(256)) * 4, "binary data"),
    "not UTF-8": ("x\ncafé\nthé\n".encode("latin-1"), "not UTF-8"),
    "zip renamed .csv": (zipped(b"1\n2\n"), "zip archive"),
    "gzip renamed .csv": (gzip.compress(b"1\n2\n"), "gzip archive"),
    "NaN": ((DATA / "with_nan.csv").read_bytes(), "NaN or infinite"),
    "infinity": (b"x\n1\n-inf\n", "NaN or infinite"),
    "numbers mixed with text": ((DATA / "mixed.csv").read_bytes(), "mixes numbers and text"),
    "too many labels": ("\n".join(f"id{k}" for k in range(5000)).encode(), "distinct labels"),
    "one enormous line": (b"1," * 200_000, "characters long"),
    "over the size limit": (b"1\n" * (10 * 2**20 + 1), "the limit is 20 MB"),
}


@pytest.mark.parametrize("kind", list(BAD_UPLOADS))
def test_bad_uploads_get_a_clear_message_and_the_app_keeps_working(kind):
    content, message = BAD_UPLOADS[kind]
    at = open_samples()
    upload(at, f"{kind}.csv", content)
    assert not at.exception
    assert len(at.error) == 1 and message in at.error[0].value
    assert not metrics(at)
    # the session goes on: back to generated data, everything is shown again
    at.radio(key="data").set_value("Generate").run()
    assert not at.exception and not at.error and len(metrics(at)) == 2


def test_a_single_observation_is_shown_with_a_warning():
    at = open_samples()
    upload(at, "one.txt", b"3.5\n")
    assert not at.exception and not at.error
    assert any("single observation" in w.value for w in at.warning)
    assert any("add data with some variety" in i.value for i in at.info)


def test_after_a_bad_upload_a_good_one_is_read():
    at = open_samples()
    upload(at, "bad.csv", zipped(b"1\n"))
    assert at.error
    at.file_uploader(key="upload").set_value(
        ("measurements.txt", (DATA / "measurements.txt").read_bytes(), "text/plain")
    ).run()
    assert not at.error and shared(at).numeric and shared(at).n == 12


# Pasted text ---------------------------------------------------------------------------------


def test_pasted_text_is_read():
    at = open_samples()
    at.radio(key="data").set_value("Paste").run()
    assert any("Paste observations" in i.value for i in at.info)
    at.text_area(key="paste").input("H T H H T H H H").run()
    assert not at.error
    assert shared(at).name == "pasted text"
    assert shared(at).values.tolist() == list("HTHHTHHH")
    at.text_area(key="paste").input("1\n2\nabc\n").run()
    assert "mixes numbers and text" in at.error[0].value


def test_pasted_counts_offer_a_poisson_model():
    at = open_samples()
    at.radio(key="data").set_value("Paste").run()
    at.text_area(key="paste").input("0 1 1 2 3 2 4 1 0 2").run()
    assert at.radio(key="model").options == ["Categorical", "Poisson", "Gaussian"]
    at.radio(key="model").set_value("Poisson").run()
    at.button(key="use_mle").click().run()
    assert at.number_input(key="rate").value == pytest.approx(1.6)
    values = np.array([0, 1, 1, 2, 3, 2, 4, 1, 0, 2])
    reference = -np.mean(stats.poisson.logpmf(values, 1.6)) / math.log(2)
    assert metrics(at) == [f"{reference:.6f} bits"] * 2


@pytest.mark.parametrize(
    ("params", "key", "value"),
    [
        ({"gen": "Gaussian"}, "qsigma", 1e-9),
        ({"gen": "Gaussian"}, "qmu", 1e100),
        ({"gen": "Gaussian"}, "qsigma", 1e100),
        ({"gen": "Coin"}, "q", 1.0),
    ],
)
def test_extreme_models_show_numbers_never_a_traceback(params, key, value):
    at = open_samples(**params)
    widget = at.slider(key=key) if key == "q" else at.number_input(key=key)
    widget.set_value(value).run()
    assert not at.exception and not at.error
    assert metrics(at)[0].endswith("bits")


def test_extreme_poisson_rates():
    at = open_samples()
    at.radio(key="data").set_value("Paste").run()
    at.text_area(key="paste").input("0 1 1 2 3 2 4 1 0 2").run()
    at.radio(key="model").set_value("Poisson").run()
    for rate in (0.0, 1e100):
        at.number_input(key="rate").set_value(rate).run()
        assert not at.exception and not at.error
        assert metrics(at)[0] == metrics(at)[1] == "∞ bits" or rate > 0


# What the controls show is what is computed, after any sequence of changes -----------------------


def _sent(widget):
    """The value a run sends to the browser with ``set_value``, as the test reads values."""
    proto = widget.proto
    if widget.type == "radio":
        return proto.raw_value
    if widget.type == "slider":
        return proto.value[0]
    return proto.value


def _default(widget):
    proto = widget.proto
    if widget.type == "radio":
        return list(proto.options)[proto.default]
    if widget.type == "slider":
        return proto.default[0]
    return proto.default


def in_the_browser(at: AppTest, before: dict | None = None) -> dict:
    """What the browser shows in each model control after a run, as Streamlit's front end does:
    a value the run sends (``set_value``); else, for a control that stays on the screen with the
    same options, what it showed before; else (new, or its options changed) its default.
    ``before`` is this function's answer for the run before, updated with the user's own input."""
    before = before or {}
    shown = {}
    controls = [*at.number_input, *at.slider, *[r for r in at.radio if r.key == "model"]]
    for widget in controls:
        if widget.key not in ("model", *MODEL_KEYS):
            continue
        options = tuple(widget.proto.options) if widget.type == "radio" else ()
        if widget.proto.set_value:
            value = _sent(widget)
        elif widget.key in before and before[widget.key][1] == options:
            value = before[widget.key][0]
        else:
            value = _default(widget)
        shown[widget.key] = (value, options)
    return shown


MODEL_KEYS = ("q", "shrink", "rate", "qmu", "qsigma")
#: A die's faces as a file of whole numbers: categorical, Poisson and Gaussian models apply.
DIE_FACES = [1, 2, 6, 6, 3, 6, 5, 6, 4, 6, 2, 6]
DIE_FILE = "\n".join(map(str, DIE_FACES)).encode()


def computed(at: AppTest) -> dict:
    """The model the page computed with, as its controls' values on the server."""
    values = {"model": at.radio(key="model").value}
    for key in MODEL_KEYS:
        widgets = [w for w in [*at.number_input, *at.slider] if w.key == key]
        if widgets:
            values[key] = widgets[0].value
    return values


def assert_shown_is_computed(shown: dict, at: AppTest) -> None:
    assert {key: value for key, (value, _) in shown.items()} == computed(at)


def test_switching_the_generator_shows_the_model_that_is_computed():
    at = open_samples(gen="Gaussian")
    shown = in_the_browser(at)
    assert_shown_is_computed(shown, at)
    at.selectbox(key="gen").set_value("Bimodal").run()
    shown = in_the_browser(at, shown)
    assert_shown_is_computed(shown, at)  # μ and σ of Q are the new start, not the old values
    assert shown["qmu"][0] != 0.756
    at.selectbox(key="gen").set_value("Gaussian").run()
    shown = in_the_browser(at, shown)
    assert_shown_is_computed(shown, at)
    at.number_input(key="qmu").set_value(0.25).run()  # the user's own value stays
    shown = in_the_browser(at, {**shown, "qmu": (0.25, ())})
    assert_shown_is_computed(shown, at)
    assert shown["qmu"][0] == 0.25


def test_a_real_number_file_then_a_die_file_shows_the_model_that_is_computed():
    at = open_samples()
    upload(at, "measurements.txt", (DATA / "measurements.txt").read_bytes())
    shown = in_the_browser(at)
    assert shown["model"][0] == "Gaussian"
    assert_shown_is_computed(shown, at)
    at.file_uploader(key="upload").set_value(("die.txt", DIE_FILE, "text/plain")).run()
    shown = in_the_browser(at, shown)
    assert shown["model"][0] == "Categorical"
    assert_shown_is_computed(shown, at)
    assert split(at)["h_name"] == "H(P̂)"  # a categorical model: the identity on P̂
    # One click on "Use the MLE" sets the categorical MLE, w = 0, and KL to 0.
    at.button(key="use_mle").click().run()
    shown = in_the_browser(at, shown)
    assert shown["shrink"][0] == 0.0
    assert_shown_is_computed(shown, at)
    assert split(at)["kl"] == "0.000000 bits"


def test_use_the_mle_after_switching_the_model_sets_the_shown_model(monkeypatch):
    import streamlit.elements.lib.policies as policies

    warned = []
    monkeypatch.setattr(policies, "_shown_default_value_warning", False)
    monkeypatch.setattr(policies._LOGGER, "warning", lambda *a, **k: warned.append(a))
    at = upload(open_samples(), "die.txt", DIE_FILE)
    shown = in_the_browser(at)
    at.radio(key="model").set_value("Poisson").run()
    shown = in_the_browser(at, {**shown, "model": ("Poisson", shown["model"][1])})
    at.button(key="use_mle").click().run()
    shown = in_the_browser(at, shown)
    assert_shown_is_computed(shown, at)
    assert shown["rate"][0] == pytest.approx(np.mean(DIE_FACES))
    at.radio(key="model").set_value("Categorical").run()
    shown = in_the_browser(at, {**shown, "model": ("Categorical", shown["model"][1])})
    at.button(key="use_mle").click().run()
    shown = in_the_browser(at, shown)
    assert shown["shrink"][0] == 0.0 and split(at)["kl"] == "0.000000 bits"
    assert warned == []  # no widget "created with a default value but also ... Session State API"


# What the page says -------------------------------------------------------------------------------


def test_real_numbers_caption_gives_log_n_the_bin_width_and_the_density_estimate():
    from core.histogram import histogram

    at = open_samples(gen="Gaussian", n="1000")
    values, _ = draw_sample("gaussian", 1000, 7)
    width = histogram(values).width
    (caption,) = [c.value for c in at.caption if "bins of width" in c.value]
    assert f"H(P̂) = log n = {math.log2(1000):.3f} bits exactly" in caption
    assert f"bins of width {width:.3g}" in caption
    assert "depends on that width" in caption and "differential entropy h" in caption
    assert "estimated from the histogram" not in caption
    # A narrower P: the same log n, and a negative estimate of h, as the note warns.
    at.slider(key="sigma").set_value(0.1).run()
    (caption,) = [c.value for c in at.caption if "bins of width" in c.value]
    assert f"log n = {math.log2(1000):.3f} bits" in caption
    estimate = float(re.search(r"h ≈ (-?[\d.]+) bits", caption).group(1))
    assert estimate == pytest.approx(0.5 * math.log2(2 * math.pi * math.e * 0.01), abs=0.1)
    assert estimate < 0
    # The Gaussian note does not contradict it: H(P̂) exists, KL(P̂‖Q) is the infinite one.
    (note,) = [i.value for i in at.info if "density" in i.value]
    assert "KL(P̂‖Q) = ∞ for every Q" in note and "H(P̂) = log n" in note


def test_the_intro_says_why_the_likelihood_minimises_kl_and_what_holds_for_densities():
    intro = open_samples().caption[0].value
    assert "H(P̂) is a property of the data alone, the same for every Q" in intro
    assert "KL(P̂‖Q) = ∞" in intro and "h(N̂) + KL(N̂‖Q)" in intro


def test_whole_numbers_under_a_gaussian_are_not_put_beside_probabilities():
    at = open_samples()
    at.radio(key="data").set_value("Paste").run()
    at.text_area(key="paste").input("0 1 1 2 3 2 4 1 0 2").run()
    assert at.metric[0].label.endswith("average negative log-likelihood")
    at.radio(key="model").set_value("Gaussian").run()
    assert at.metric[0].label == "−(1/n) Σ log q(xᵢ) · average negative log-density"
    (note,) = [i.value for i in at.info if "density" in i.value]
    assert note.startswith("These are whole numbers, but a Gaussian Q is a density")
    assert "not comparable with H(P̂)" in note and "For real numbers" not in note
    assert split(at)["h_name"] == "h(N̂)"
    at.radio(key="model").set_value("Poisson").run()
    assert at.metric[0].label.endswith("average negative log-likelihood")
    assert not [i for i in at.info if "density" in i.value]


def test_three_decimals_except_the_identity_which_says_why_it_has_six():
    at = open_samples()
    assert re.fullmatch(r"\d+\.\d{3} bits", at.metric[0].value)
    assert re.fullmatch(r"\d+\.\d{6} bits", split(at)["average"])
    assert any(c.value.startswith("Six decimals here, three elsewhere") for c in at.caption)


def test_the_upload_hint_names_the_choice_as_the_page_shows_it():
    at = open_samples()
    at.radio(key="data").set_value("Upload").run()
    assert "Generate" in at.radio(key="data").options
    (hint,) = [i.value for i in at.info if "Upload a file" in i.value]
    assert "choose Generate: data from a known P" in hint


def test_the_growth_chart_writes_differential_entropy_as_h():
    at = open_samples(gen="Gaussian")
    names = {trace.get("name", "") for trace in figures(at)[-1]["data"]}
    assert any(name.startswith("h(P) = ") for name in names)
    assert not any(name.startswith("H(P) = ") for name in names)
    at.selectbox(key="gen").set_value("Coin").run()
    names = {trace.get("name", "") for trace in figures(at)[-1]["data"]}
    assert any(name.startswith("H(P) = ") for name in names)
