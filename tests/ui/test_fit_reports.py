"""What the MLE lesson says about a fit, without Streamlit: the highlighted explanation is chosen
by the fit (misspecified or not), and the method note says where the path landed."""

from __future__ import annotations

import numpy as np

from ui.fit_lesson import generated_data, mle_fit
from ui.fit_reports import LANDED, fit_report, plain_number
from ui.frame import Frame

BITS = Frame(unit="bits", base=2, present=False)


def _fit(family: str, truth: dict, start, method: str = "newton"):
    data = generated_data(family, n=300, seed=1, truth=truth)
    step_size = 0.3 if method == "gradient" else None
    return mle_fit(family, data, start=start, method=method, step_size=step_size, steps=60, base=2)


def test_only_the_misspecified_fit_highlights_why_kl_stops():
    bimodal = fit_report(_fit("Bimodal", {"separation": 4.0, "weight": 0.5}, (-3.0, 2.5)), BITS)
    assert bimodal.highlight_explanation
    assert bimodal.explanation.startswith(f"**Why KL stops at {bimodal.final_kl}:**")
    assert bimodal.subtitle.endswith(f"KL(P‖Q) stays {bimodal.final_kl}")
    gaussian = fit_report(_fit("Gaussian", {"mu": 1.0, "sigma": 0.8}, (-3.0, 2.5)), BITS)
    assert not gaussian.highlight_explanation and "H(N̂,Q) = h(N̂) + KL(N̂‖Q)" in gaussian.explanation
    coin = fit_report(_fit("Coin", {"p": 0.7}, 0.05), BITS)
    assert coin.explanation is None and not coin.highlight_explanation


def test_the_method_note_names_the_step_where_the_path_lands_on_the_closed_form():
    fit = _fit("Coin", {"p": 0.7}, 0.05)
    report = fit_report(fit, BITS)
    errors = np.abs(fit.path.parameters - fit.path.mle).max(axis=1)
    first = int(np.flatnonzero(errors < LANDED)[0])
    assert report.converged and f"lands in {first} steps" in report.method_note
    (row,) = report.rows
    k = round(fit.path.mle[0] * 300)
    assert row[0] == "q" and row[2] == f"{fit.path.mle[0]:.3f} = {k}/300"


def test_a_parameter_near_zero_is_never_shown_as_minus_zero():
    assert plain_number(-0.001) == "0.00"
    assert plain_number(-0.5) == "-0.50"
    assert plain_number(-0.0004, 3) == "0.000"
