"""Forward against reverse KL without a browser: both fits animated, each where theory puts it,
and the forward fit next to the MLE of a large sample."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core import fit_gaussian
from core.continuous import GaussianMixture, mixture_kl_divergence
from core.sampling import draw_mixture
from tests.charts import figures

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "pages/forward_reverse.py"


def open_page(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(PAGE).run()


def fits(at: AppTest) -> dict[str, list[str]]:
    """The table: 'forward' / 'reverse' -> [μ, σ, KL(P‖Q), KL(Q‖P)] as shown."""
    text = next(m.value for m in at.markdown if m.value.startswith("| fit"))
    rows = [line.split("|")[1:-1] for line in text.splitlines()[2:]]
    return {r[0].split(":")[0].strip(): [c.strip().strip("*") for c in r[1:]] for r in rows}


def metric(at: AppTest, start: str) -> tuple[float, float]:
    value = next(m.value for m in at.metric if m.label.startswith(start))
    mu, sigma = value.split(", ")
    return float(mu), float(sigma)


def test_default_page_animates_both_fits_from_one_start():
    at = open_page()
    assert not at.exception and not at.error and not at.warning
    shown = figures(at)
    assert len(shown) == 2  # side by side, and stacked for narrow screens
    spec = shown[0]
    assert len(spec["frames"]) == 61
    assert [t["name"] for t in spec["data"][1:3]] == [
        "Q minimising KL(P‖Q)",
        "Q minimising KL(Q‖P)",
    ]
    label = spec["layout"]["meta"]["kl_animation"]["labels"][0]
    assert label.startswith("t = 0 · forward N(1.00, 0.50²), KL(P‖Q) ")
    assert " · reverse N(1.00, 0.50²), KL(Q‖P) " in label and label.endswith(" bits")


def test_forward_covers_both_modes_and_reverse_hides_in_one():
    at = open_page()
    p = GaussianMixture([0.5, 0.5], [-2.0, 2.0], [0.6, 0.6])
    shown = fits(at)
    mu_f, sigma_f = float(shown["forward"][0]), float(shown["forward"][1])
    mu_r, sigma_r = float(shown["reverse"][0]), float(shown["reverse"][1])
    assert mu_f == pytest.approx(p.mean, abs=0.01)
    assert sigma_f == pytest.approx(p.standard_deviation, abs=0.01)
    assert mu_r == pytest.approx(2.0, abs=0.05)  # the mode nearer the start
    assert sigma_r == pytest.approx(0.6, abs=0.05)
    best = mixture_kl_divergence(p, p.mean, p.standard_deviation, base=2)
    assert shown["forward"][2] == f"{best:.3f} bits"
    # each fit is poor by the other's measure
    assert float(shown["reverse"][2].split()[0]) > float(shown["forward"][2].split()[0])
    assert float(shown["forward"][3].split()[0]) > float(shown["reverse"][3].split()[0])


def test_forward_fit_is_the_mle_of_a_large_sample():
    at = open_page(seed="3")
    p = GaussianMixture([0.5, 0.5], [-2.0, 2.0], [0.6, 0.6])
    assert metric(at, "Moment matching") == pytest.approx((p.mean, p.standard_deviation), abs=1e-3)
    mle = fit_gaussian(draw_mixture(p, 100_000, 3))
    assert metric(at, "MLE of 100,000") == pytest.approx((mle.mu, mle.sigma), abs=1e-3)
    # within a few standard errors of the moment-matched fit
    assert abs(mle.mu - p.mean) < 4 * p.standard_deviation / 100_000**0.5


def test_mixture_parameters_come_from_the_link():
    at = open_page(m1="-3", m2="1", s1="0.4", w="0.3", unit="nats")
    p = GaussianMixture([0.3, 0.7], [-3.0, 1.0], [0.4, 0.6])
    assert metric(at, "Moment matching") == pytest.approx((p.mean, p.standard_deviation), abs=1e-3)
    assert fits(at)["forward"][2].endswith(" nats")


def test_malformed_link_values_fall_back_with_a_note():
    at = open_page(m1="left", sigma0="0", steps="9999")
    assert not at.exception
    notes = " ".join(w.value for w in at.warning)
    for key in ("m1=left", "sigma0=0", "steps=9999"):
        assert key in notes
    assert len(figures(at)[0]["frames"]) == 61


def test_presentation_mode_shows_the_figure_before_the_settings():
    at = open_page(present="1")
    spec = figures(at)[0]
    assert spec["layout"]["font"]["size"] == 24
    assert "subtitle" not in spec["layout"]["title"]  # the numbers are the title
    assert "KL(P‖Q) =" in spec["layout"]["title"]["text"]


def minima(at: AppTest) -> dict[str, list[str]]:
    """The local-minima table: its first column -> [μ, σ, KL(Q‖P)] as shown."""
    text = next(m.value for m in at.markdown if m.value.startswith("| minimum of KL(Q‖P)"))
    rows = [line.split("|")[1:-1] for line in text.splitlines()[2:]]
    return {r[0].strip(): [c.strip() for c in r[1:]] for r in rows}


def note(at: AppTest) -> str:
    return next(c.value for c in at.caption if c.value.startswith("The reverse fit is a local"))


def test_reverse_kl_minima_are_listed_and_the_one_found_follows_the_start():
    # Weights 0.2 / 0.8: the minor mode holds a local minimum (1.607 nats), the major one the
    # global minimum (0.2225 nats).
    at = open_page(w="0.2", unit="nats")
    table = minima(at)
    assert table == {
        "global minimum ← the reverse fit": ["1.999", "0.602", "0.223 nats"],
        "local minimum 2": ["-1.994", "0.610", "1.607 nats"],
    }
    assert "found the global one" in note(at)
    at.slider(key="mu0").set_value(-1.5).run()  # a start in the minor mode
    table = minima(at)
    assert list(table) == ["global minimum", "local minimum 2 ← the reverse fit"]
    assert fits(at)["reverse"][3] == "1.607 nats"
    assert "is not the global minimum, N(2.00, 0.60²) with KL(Q‖P) = 0.223 nats" in note(at)
    at.slider(key="mu0").set_value(0.0).run()
    at.slider(key="w").set_value(0.5).run()
    at.slider(key="sigma0").set_value(3.0).run()
    at.slider(key="steps").set_value(150).run()  # a wide start between symmetric modes
    assert list(minima(at)) == ["global minimum", "local minimum 2"]  # two equal minima
    assert "ended at none of the local minima: on the saddle between the modes" in note(at)
    at.slider(key="m1").set_value(1.6).run()  # modes that overlap: one minimum
    assert len(minima(at)) == 1 and "one local minimum, and the fit found it" in note(at)


def test_moment_matching_is_typeset():
    labels = [m.label for m in open_page().metric]
    assert r"Moment matching: $\mu^* = \mathbb{E}_P[X]$, $\sigma^* = \mathrm{sd}_P[X]$" in labels
    assert not any("E_P[X]" in label and "$" not in label for label in labels)


def test_a_button_starts_the_fits_at_a_minimum_not_found_and_the_sliders_show_it():
    at = open_page(w="0.2", unit="nats")
    assert [b.label for b in at.button if b.key.startswith("start_at")] == [
        "Start at local minimum 2"
    ]
    at.button(key="start_at_minimum_2").click().run()
    assert (at.slider(key="mu0").value, at.slider(key="sigma0").value) == (-2.0, 0.6)
    for key, value in (("mu0", -2.0), ("sigma0", 0.6)):  # the browser is sent the new start
        proto = at.slider(key=key).proto
        assert proto.set_value and proto.value[0] == pytest.approx(value)
    assert list(minima(at)) == ["global minimum", "local minimum 2 ← the reverse fit"]
    at.button(key="start_at_minimum_1").click().run()
    assert list(minima(at)) == ["global minimum ← the reverse fit", "local minimum 2"]
    assert at.slider(key="mu0").value == 2.0
