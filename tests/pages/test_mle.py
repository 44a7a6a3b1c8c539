"""The MLE lesson without a browser: the animated figure's frames, the last frame on the closed
form, the misspecified floor, the shared sample, and link parameters it cannot use."""

from __future__ import annotations

import base64
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from scipy import integrate, stats
from streamlit.testing.v1 import AppTest

from core import empirical_distribution, fit_gaussian
from core.categorical import preset_distribution
from core.continuous import GaussianMixture, mixture_kl_divergence
from core.sampling import draw_bernoulli, draw_categorical, draw_mixture
from tests.charts import charts, figures
from ui.shared_sample import SharedSample
from ui.url_state import CHOSEN_SAMPLE

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "pages/mle.py"


def open_mle(sample: SharedSample | None = None, **params: str) -> AppTest:
    """The page as a link opens it (through app.py), optionally with a sample chosen earlier."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    if sample is not None:
        at.session_state[CHOSEN_SAMPLE] = sample
    at.run()
    return at.switch_page(PAGE).run()


def figure(at: AppTest) -> dict:
    """The main figure (the first chart; the page also sends a stacked one for narrow screens)."""
    shown = figures(at)
    assert len(shown) in (1, 2)
    return shown[0]


def values(array) -> list:
    """A JSON array, or plotly's base64 typed array, as a list."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def last_frame_trace(spec: dict, name: str) -> dict:
    index = next(i for i, trace in enumerate(spec["data"]) if trace.get("name") == name)
    frame = spec["frames"][-1]
    return frame["data"][frame["traces"].index(index)]


def table(at: AppTest) -> dict[str, tuple[str, str]]:
    """The page's table: parameter -> (last step θ_T, closed-form MLE θ̂) as shown."""
    text = next(m.value for m in at.markdown if m.value.startswith("| parameter"))
    rows = [re.sub(r"\\(.)", r"\1", line).split("|")[1:-1] for line in text.splitlines()[2:]]
    return {r[0].strip(): (r[1].strip(), r[2].strip().split(" ")[0]) for r in rows}


def test_default_coin_fit_lands_on_the_closed_form_mle():
    at = open_mle()
    assert not at.exception and not at.error and not at.warning
    spec = figure(at)
    assert len(spec["frames"]) == 61
    assert spec["layout"]["meta"]["kl_animation"]["frames"][-1] == "60"
    closed_form = float(np.mean(draw_bernoulli(0.7, 300, seed=1)))  # successes / n
    point = last_frame_trace(spec, "θ_t")["x"][0]
    assert point == pytest.approx(closed_form, abs=5e-4)
    shown = table(at)["q"]
    assert shown == (f"{closed_form:.3f}", f"{closed_form:.3f}")
    assert (
        f"MLE q̂ = {round(closed_form * 300)}/300 = {closed_form:.3f}"
        in (spec["layout"]["title"]["subtitle"]["text"])
    )
    assert at.metric[0].value == "0.000 bits"
    # One download per drawn animation (the wide grid and the narrow stack, CSS shows one)
    labels = {b.proto.label for b in at.get("download_button")}
    assert labels == {"Download the animation (HTML, plays offline)"}


@dataclass(frozen=True)
class ClosedForm:
    """What the last frame must show, computed here with numpy and scipy alone (bits)."""

    parameters: dict[str, float]  # the table's names: q, q(1)..q(6), μ, σ
    model: np.ndarray | None  # the fitted pmf, for the bars of a coin or a die
    entropy: float  # H(P̂), or h(N̂) of the fitted Gaussian, or h(P) of the true bimodal P
    cross_entropy: float  # at the closed-form MLE
    log_likelihood: float  # sum of log2 Q̂(x_i)
    n: int


def pmf_closed_form(x: np.ndarray, outcomes: np.ndarray, names: list[str]) -> ClosedForm:
    counts = np.array([np.sum(x == o) for o in outcomes], dtype=float)
    q = counts / counts.sum()
    h = float(stats.entropy(q, base=2))
    return ClosedForm(
        parameters=dict(zip(names, q.tolist(), strict=True)),
        model=q,
        entropy=h,
        cross_entropy=h,
        log_likelihood=float(counts @ np.log2(q)),
        n=x.size,
    )


def gaussian_closed_form(x: np.ndarray, truth: GaussianMixture | None) -> ClosedForm:
    mu, sigma = float(np.mean(x)), float(np.sqrt(np.mean((x - np.mean(x)) ** 2)))
    log_likelihood = float(np.sum(stats.norm.logpdf(x, mu, sigma)) / math.log(2))
    if truth is None:  # well specified: h(N̂) + KL(N̂‖Q) with KL 0 at the MLE
        entropy = cross = float(stats.norm.entropy(scale=sigma) / math.log(2))
    else:  # against the true P: h(P) by quadrature, H(P, Q̂) from P's two moments
        entropy = -integrate.quad(
            lambda t: truth.pdf(t) * math.log2(truth.pdf(t)), -12, 12, points=[-2, 0, 2], limit=200
        )[0]
        second_moment = truth.weights @ (truth.sigmas**2 + (truth.means - mu) ** 2)
        cross = (
            0.5 * math.log(2 * math.pi * sigma**2) + second_moment / (2 * sigma**2)
        ) / math.log(2)
    return ClosedForm(
        parameters={"μ": mu, "σ": sigma},
        model=None,
        entropy=entropy,
        cross_entropy=float(cross),
        log_likelihood=log_likelihood,
        n=x.size,
    )


def closed_form(family: str) -> ClosedForm:
    """The page's default data for ``family`` (n = 300, seed 1), and its MLE in closed form."""
    if family == "Coin":
        return pmf_closed_form(
            draw_bernoulli(0.7, 300, seed=1), np.array([0.0, 1.0]), ["1 - q", "q"]
        )
    if family == "Die":
        x = draw_categorical(preset_distribution("loaded", 6), 300, seed=1)
        return pmf_closed_form(x, np.arange(1.0, 7.0), [f"q({k})" for k in range(1, 7)])
    if family == "Gaussian":
        x = draw_mixture(GaussianMixture([1.0], [1.0], [0.8]), 300, seed=1)
        return gaussian_closed_form(x, None)
    truth = GaussianMixture([0.5, 0.5], [-2.0, 2.0], [0.6, 0.6])
    return gaussian_closed_form(draw_mixture(truth, 300, seed=1), truth)


#: The decomposition bar's trace: P̂ for counts, N̂ for Gaussian data, the true P when it is known.
DECOMPOSITION_TRACE = {
    "Coin": "H(P̂) + KL = H(P̂,Q)",
    "Die": "H(P̂) + KL = H(P̂,Q)",
    "Gaussian": "h(N̂) + KL = H(N̂,Q)",  # a density: differential entropy, h
    "Bimodal": "h(P) + KL = H(P,Q)",
}


@pytest.mark.parametrize("family", ["Coin", "Die", "Gaussian", "Bimodal"])
def test_every_family_ends_on_its_closed_form_mle(family):
    at = open_mle(family=family)
    assert not at.exception and not at.error
    spec = figure(at)
    assert len(spec["frames"]) == 61
    expected = closed_form(family)
    # the table's closed-form column, every parameter, and the last step within 0.0005 of it
    shown = table(at)
    for name, value in expected.parameters.items():
        if name == "1 - q":
            continue
        assert shown[name][1] == f"{value:.3f}", name
        assert float(shown[name][0]) == pytest.approx(value, abs=5e-4 + 1e-12), name
    # the point the curve panel marks, and the slider's label
    point = last_frame_trace(spec, "θ_t")["x"][0]
    label = spec["layout"]["meta"]["kl_animation"]["labels"][-1]
    if family == "Die":
        name = label.split(" · ")[1].split(" = ")[0]
        assert point == pytest.approx(expected.parameters[name], abs=5e-4)
    elif family == "Coin":
        assert point == pytest.approx(expected.parameters["q"], abs=5e-4)
    else:
        assert point == pytest.approx(expected.parameters["μ"], abs=5e-4)
        assert f"σ = {expected.parameters['σ']:.3f}" in label
    # the model's bars: (P̂, Q) pairs per outcome
    if expected.model is not None:
        bars = values(last_frame_trace(spec, "P̂ and Q<sub>θt</sub>")["y"])
        np.testing.assert_allclose(bars[1::2], expected.model, atol=5e-4)
    # the decomposition bar: H, KL, H(·,Q) of the last step
    entropy, kl, cross = values(last_frame_trace(spec, DECOMPOSITION_TRACE[family])["y"])
    assert entropy == pytest.approx(expected.entropy, rel=1e-9)
    assert cross == pytest.approx(expected.cross_entropy, abs=1e-4)
    assert kl == pytest.approx(expected.cross_entropy - expected.entropy, abs=1e-4)
    # log L = -n H(P̂, Q) at the last step, against sum log2 Q̂(x_i)
    log_likelihood = values(last_frame_trace(spec, "log L now")["y"])[0]
    assert log_likelihood == pytest.approx(expected.log_likelihood, abs=1e-4 * expected.n)


def test_gaussian_mle_is_the_sample_mean_and_the_n_divided_deviation():
    at = open_mle(family="Gaussian", n="500", seed="7", mu="-1.0", sigma="2.0")
    x = draw_mixture(GaussianMixture([1.0], [-1.0], [2.0]), 500, seed=7)
    fit = fit_gaussian(x)
    assert table(at)["μ"][1] == f"{fit.mu:.3f}"
    assert table(at)["σ"][1] == f"{fit.sigma:.3f}"


def test_misspecified_fit_keeps_a_positive_kl_and_says_why():
    at = open_mle(family="Bimodal")
    spec = figure(at)
    _, kl, _ = values(last_frame_trace(spec, "h(P) + KL = H(P,Q)")["y"])
    truth = GaussianMixture([0.5, 0.5], [-2.0, 2.0], [0.6, 0.6])
    floor = mixture_kl_divergence(truth, truth.mean, truth.standard_deviation, base=2)
    assert kl == pytest.approx(floor, abs=0.02)
    assert floor > 0.5
    assert at.metric[0].value == f"{kl:.3f} bits"
    why = " ".join(i.value for i in at.info)
    assert "no Gaussian can be bimodal" in why
    assert "moment-matched" in why


def test_newton_lands_in_a_few_steps_and_says_so():
    at = open_mle(family="Gaussian", method="Newton")
    notes = " ".join(c.value for c in at.caption)
    assert "Newton's method" in notes and "lands in" in notes
    steps = int(notes.split("lands in ")[1].split(" ")[0])
    assert 1 <= steps < 15
    assert all(last == best for last, best in table(at).values())


def test_too_few_steps_are_reported_as_not_there_yet():
    at = open_mle(family="Gaussian", step_gauss="0.05", steps="30")
    notes = " ".join(c.value for c in at.caption)
    assert "has not reached the closed-form MLE yet" in notes
    assert any(last != best for last, best in table(at).values())


def test_a_step_size_too_large_is_reported_as_overshooting():
    at = open_mle(family="Gaussian", step_gauss="3.0")
    notes = " ".join(c.value for c in at.caption)
    assert "the steps overshoot" in notes and "smaller step size" in notes


def test_unit_in_nats_reaches_the_numbers_and_the_axes():
    at = open_mle(unit="nats")
    spec = figure(at)
    assert at.metric[0].value.endswith(" nats")
    assert spec["layout"]["yaxis4"]["title"]["text"] == "log L (nats)"


def test_malformed_link_values_fall_back_with_a_note():
    at = open_mle(family="Dice", steps="abc", seed="-5", q0="2")
    assert not at.exception
    notes = " ".join(w.value for w in at.warning)
    for key in ("family=Dice", "steps=abc", "seed=-5", "q0=2"):
        assert key in notes
    assert len(figure(at)["frames"]) == 61  # the defaults: a coin, 60 steps


def test_a_gaussian_start_outside_the_range_falls_back_with_a_note():
    at = open_mle(family="Gaussian", z0="99")
    assert "z0=99" in " ".join(w.value for w in at.warning)
    assert figure(at)


def test_no_sample_chosen_yet_says_where_to_get_one():
    at = open_mle(source="Your sample")
    info = " ".join(i.value for i in at.info)
    assert "no sample chosen on /samples yet" in info.lower()
    assert len(figure(at)["frames"]) == 61  # the generated coin meanwhile


def test_the_sample_chosen_on_samples_is_fitted():
    labels = np.array(["H"] * 7 + ["T"] * 13)
    sample = SharedSample("pasted text", labels, numeric=False)
    at = open_mle(sample=sample, source="Your sample")
    assert not at.error
    assert table(at)["q"][1] == f"{13 / 20:.3f}"  # "T", the second label, counts as 1
    assert "counting “T” as 1" in " ".join(c.value for c in at.caption)
    die = open_mle(sample=sample, source="Your sample", family="Die")
    assert table(die)["q(H)"][1] == "0.350"
    assert empirical_distribution(labels).probabilities[0] == pytest.approx(0.35)


def test_a_sample_handed_over_from_samples_is_the_default_with_a_family_that_fits():
    values = draw_mixture(GaussianMixture([1.0], [5.0], [2.0]), 200, seed=2)
    sample = SharedSample("generated: Gaussian", values, numeric=True, family_hint="gaussian")
    at = open_mle(sample=sample)
    assert at.radio(key="source").value == "Your sample"
    assert at.radio(key="family").value == "Gaussian"
    assert table(at)["μ"][1] == f"{fit_gaussian(values).mu:.3f}"
    labels = SharedSample("pasted text", np.array(["a", "b", "c", "a"]), numeric=False)
    assert open_mle(sample=labels).radio(key="family").value == "Die"


def test_a_sample_the_family_cannot_fit_gets_a_clear_message():
    labels = SharedSample("pasted text", np.array(["a", "b", "c"]), numeric=False)
    at = open_mle(sample=labels, source="Your sample", family="Gaussian")
    assert "needs numbers" in at.error[0].value
    assert not at.exception and not charts(at)
    coin = open_mle(sample=labels, source="Your sample", family="Coin")
    assert "two sides" in coin.error[0].value


def test_wide_and_narrow_screens_each_get_their_arrangement():
    at = open_mle(family="Die")
    wide, narrow = figures(at)
    assert wide["layout"]["xaxis"]["domain"] != [0, 1]  # a grid
    assert all(narrow["layout"][f"xaxis{i}"]["domain"] == [0, 1] for i in ("", "2", "3", "4"))
    assert len(wide["frames"]) == len(narrow["frames"]) == 61
    css = " ".join(h.proto.body for h in at.get("html"))
    assert ".st-key-fit_wide" in css and ".st-key-fit_narrow" in css


def test_presentation_mode_puts_the_figure_first_in_a_row_of_panels():
    at = open_mle(present="1")
    # A row of panels for the projector; a narrow window (a phone) gets them stacked instead.
    row, stacked = figures(at)
    assert row["layout"]["font"]["size"] == 24
    domains = {tuple(row["layout"][f"yaxis{i}"]["domain"]) for i in ("", "2", "3", "4")}
    assert len(domains) == 1  # four panels side by side
    assert all(stacked["layout"][f"xaxis{i}"]["domain"] == [0, 1] for i in ("", "2", "3", "4"))
    assert not at.expander[0].proto.expanded


def _trace_names(spec: dict) -> set[str]:
    return {trace.get("name") for trace in spec["data"]}


def test_the_kl_at_the_last_step_says_which_kl_for_each_family_as_the_family_changes():
    at = open_mle()
    expected = {
        "Coin": (r"$\mathrm{KL}(\hat P\|Q_T)$", "KL(P̂‖Q) from the sample's own distribution"),
        "Die": (r"$\mathrm{KL}(\hat P\|Q_T)$", "KL(P̂‖Q) from the sample's own distribution"),
        "Gaussian": (r"$\mathrm{KL}(\hat N\|Q_T)$", "KL(N̂‖Q) from N̂, the Gaussian with"),
        "Bimodal": (r"$\mathrm{KL}(P\|Q_T)$", "KL(P‖Q) from the true bimodal P"),
    }
    for family in ("Gaussian", "Bimodal", "Coin", "Die", "Gaussian"):
        at.radio(key="family").set_value(family).run()
        label, help_text = expected[family]
        (metric,) = at.metric
        assert metric.label == f"{label} at the last step"
        assert metric.proto.help.startswith(help_text)
        names = _trace_names(figure(at))
        # one notation for differential entropy: h for a density, H for P̂'s probabilities
        if family in ("Coin", "Die"):
            assert "H(P̂) floor" in names
        else:
            p = "N̂" if family == "Gaussian" else "P"
            assert f"h({p}) floor" in names and f"H({p}) floor" not in names
    explanation = " ".join(c.value for c in at.caption)
    assert "its floor h(N̂), the differential entropy of N̂" in explanation
    assert "H(N̂)" not in explanation


def test_a_gaussian_fitted_to_your_sample_measures_kl_from_the_best_gaussian():
    values = draw_mixture(GaussianMixture([0.5, 0.5], [-2.0, 2.0], [0.6, 0.6]), 400, seed=3)
    sample = SharedSample("upload: modes.csv", values, numeric=True)
    at = open_mle(sample, family="Bimodal")
    assert at.metric[0].label == r"$\mathrm{KL}(\hat N\|Q_T)$ at the last step"


def test_the_table_names_its_columns_without_raw_subscripts():
    header = next(m.value for m in open_mle().markdown if m.value.startswith("| parameter"))
    assert header.startswith("| parameter | at the last step, t = T | closed-form MLE θ̂ |")
    assert "θ_T" not in header and "_" not in header
