"""The lines of the derivation that carry the numbers, and the figures lightly (traces, titles,
plotly's validators)."""

from __future__ import annotations

import math
import re

import numpy as np
import plotly.graph_objects as go
import pytest

from core.derivation import coin_example, derivation_numbers, die_example
from tests.core.test_derivation import H_P, H_PQ, KL_PQ, coin_numbers, die_numbers
from ui.figures.derivation import STEP_COUNT, derivation_steps, main_figure


@pytest.fixture(scope="module")
def coin():
    return coin_numbers()


@pytest.fixture(scope="module")
def die():
    return die_numbers()


def _text(step) -> str:
    return " ".join([step.title, step.formula, *step.numbers, step.reason, step.summary])


def test_seven_lines_each_with_the_live_numbers(coin):
    steps = derivation_steps(coin)
    assert len(steps) == STEP_COUNT
    kl, h, ce = f"{KL_PQ:.3f}", f"{H_P:.3f}", f"{H_PQ:.3f}"
    assert f"\\mathbf{{{kl}}}" in _text(steps[0])
    assert f"{ce} - {h}" in _text(steps[1])
    assert "term 1" in _text(steps[2]) and f"{ce}" in _text(steps[2]) and f"-{h}" in _text(steps[2])
    assert f"{ce} = {h} + {kl}" in _text(steps[3])
    assert f"H(P) = {h}" in _text(steps[4])
    assert f"{coin.average_nll:.3f}" in _text(steps[5])
    assert f"{coin.empirical_cross_entropy:.3f}" in _text(steps[5])
    assert r"\prod" in steps[6].formula
    for step in steps:
        assert "bits" in " ".join(step.numbers) or step is steps[6]
        assert "nan" not in _text(step).lower()


def test_the_coin_line_names_term_1_the_cross_entropy_and_term_2_minus_the_entropy(coin):
    step = derivation_steps(coin)[2]
    term1, term2, total = step.numbers
    assert "H(p,q)" in term1 and f"{H_PQ:.3f}" in term1 and "0.8" in term1
    assert "-H(p)" in term2 and f"-{H_P:.3f}" in term2
    assert f"{H_PQ:.3f} - {H_P:.3f}" in total and f"{KL_PQ:.3f}" in total


def test_an_infinite_kl_is_written_as_infinity_never_nan():
    nb = derivation_numbers(coin_example(0.3, 1.0), base=2, n=10, seed=7)
    assert math.isinf(nb.kl) and math.isinf(nb.average_nll)
    assert nb.power(nb.log_likelihood) == 0.0
    for step in derivation_steps(nb):
        text = _text(step)
        assert "nan" not in text.lower()
    assert r"\infty" in _text(derivation_steps(nb)[0])


def test_a_die_with_many_faces_is_shortened():
    p = np.full(20, 0.05)
    steps = derivation_steps(derivation_numbers(die_example(p, p), base=2))
    assert r"\cdots" in steps[0].numbers[0]
    assert "20 faces" in steps[2].title


def test_nats_use_the_natural_log(die):
    steps = derivation_steps(die)
    assert r"\ln" in steps[0].numbers[0]
    assert "e^{" in steps[6].numbers[1]  # after the i.i.d. line


@pytest.mark.parametrize("step", range(1, STEP_COUNT + 1))
def test_the_main_figure_goes_with_the_line_and_passes_plotly_validation(coin, step):
    figure = main_figure(coin, step, font_size=24, height=420)
    go.Figure(figure.to_dict())  # plotly's validators, skipped at run time
    title = figure.layout.title.text
    assert figure.layout.height == 420
    assert figure.layout.font.size == 24
    if step <= 4:
        assert f"{KL_PQ:.3f}" in title and f"{H_PQ:.3f}" in title
    elif step == 5:
        assert f"{H_P:.3f}" in title and len(figure.data) == 3
    else:
        assert f"{coin.average_nll:.3f}" in title and "H(P̂,Q)" in title
        (bars,) = [trace for trace in figure.data if trace.type == "bar"]
        assert len(bars.y) == coin.n


def test_an_infinite_draw_is_labelled_on_the_sample_figure():
    nb = derivation_numbers(coin_example(0.3, 1.0), base=2, n=10, seed=7)
    figure = main_figure(nb, 6)
    (bars,) = [trace for trace in figure.data if trace.type == "bar"]
    assert any("∞" in text for text in bars.text)
    assert all(math.isfinite(y) for y in bars.y)
    assert re.search(r"∞ bits", figure.layout.title.text)
