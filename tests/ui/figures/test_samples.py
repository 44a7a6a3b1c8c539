"""The samples lesson's numbers (against core, scipy and hand computations) and its figures
(lightly, validated by plotly, and bounded whatever the data)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from core import (
    MAX_BINS,
    Model,
    distance_to_truth,
    draw_sample,
    growth_curves,
    maximum_likelihood,
    model_probabilities,
    per_sample_loss,
    sample_identity,
    summarise_sample,
)
from tests.core.test_models import cases
from ui.figures import samples as fs


def validated(figure: go.Figure) -> go.Figure:
    """Rebuild with plotly's validation on: an invalid property raises here."""
    return go.Figure(figure.to_dict())


def labels(text: str) -> np.ndarray:
    return np.array(list(text))


def test_the_starting_model_is_near_but_not_at_the_mle():
    s = summarise_sample(labels("HHHHHHHTTT"))
    assert fs.starting_model(s, "bernoulli").q == 0.4  # p̂ = 0.7, moved 0.3 toward the other side
    assert maximum_likelihood(s, "bernoulli").q == 0.7


def test_bernoulli_on_numbers_is_the_probability_of_the_larger_value():
    values = np.array([0.0, 1.0, 1.0, 1.0])
    s = summarise_sample(values)
    assert fs.model_label(s, Model("bernoulli", q=0.75)) == "Q(1) = 0.75"


def test_many_labels_are_folded_into_other():
    rng = np.random.default_rng(6)
    values = np.char.add("w", rng.zipf(1.5, size=20_000).clip(max=900).astype(str))
    s = summarise_sample(values)
    assert s.support.shape[0] > fs.TOP_CATEGORIES
    q = model_probabilities(s, Model("shrink", weight=0.5))
    bars = fs.empirical_bars(s, q)
    assert len(bars.labels) == fs.TOP_CATEGORIES
    assert bars.labels[-1] == f"other ({bars.folded:,})"
    assert bars.folded == s.support.shape[0] - (fs.TOP_CATEGORIES - 1)
    assert bars.p_hat.sum() == pytest.approx(1.0) and bars.q.sum() == pytest.approx(1.0)
    assert np.all(np.diff(bars.p_hat[:-1]) <= 0)  # most frequent first
    figure = validated(fs.empirical_bars_figure(bars, title="t"))
    assert len(figure.data[0].x) == fs.TOP_CATEGORIES


def test_bars_figure():
    values, truth = draw_sample("die", 500, 3)
    s = summarise_sample(values, support=truth.outcomes)
    q = model_probabilities(s, Model("shrink", weight=1.0))
    bars = fs.empirical_bars(s, q, truth.probabilities)
    figure = validated(fs.empirical_bars_figure(bars, title=fs.sample_title(s), q_label="Q"))
    assert [t.name for t in figure.data] == ["P̂ (the data)", "true P", "Q"]
    assert list(figure.data[0].x) == list("123456")
    assert figure.data[2].y == pytest.approx([1 / 6] * 6, rel=1e-5)
    assert figure.layout.title.text.startswith("P̂ of n = 500 · H(P̂) = ")


def test_density_figure_of_a_million_points_draws_bins_not_points():
    values, truth = draw_sample("gaussian", 1_000_000, 8)
    s = summarise_sample(values)
    view = fs.density_view(s, Model("gaussian", mu=0.0, sigma=1.0), truth)
    figure = validated(fs.density_figure(view, title="t"))
    assert [t.name for t in figure.data] == ["P̂ (histogram)", "true P", "Q"]
    assert len(figure.data[0].x) <= MAX_BINS
    assert len(figure.data[1].x) == fs.CURVE_POINTS
    # Q is the true P here: the two curves coincide
    assert figure.data[2].y == pytest.approx(figure.data[1].y, rel=1e-5)
    assert len(figure.to_json()) < 60_000


def test_growth_figure():
    values, truth = draw_sample("coin", 5000, 9)
    s = summarise_sample(values, support=truth.outcomes)
    model = Model("bernoulli", q=0.5)
    curves = growth_curves(
        per_sample_loss(values, s, model),
        truth,
        s,
        model,
        distance_to_truth(values, truth, base=2, points=fs.GROWTH_POINTS),
        base=2,
    )
    figure = validated(fs.growth_figure(curves, title=fs.growth_title(curves)))
    assert len(figure.data) == 5
    assert figure.layout.xaxis.type == "log" and figure.layout.yaxis2.type == "log"
    assert "H(P,Q) = 1.000 bits" in figure.layout.title.text


def test_words_for_the_page():
    x = np.random.default_rng(0).normal(size=1000)
    s = summarise_sample(x, base=2)
    note = fs.entropy_note(s)
    assert "bins of width" in note and "bits" in note
    assert "labels" in fs.entropy_note(summarise_sample(labels("ab")))
    assert "whole numbers" in fs.entropy_note(summarise_sample(np.array([1.0, 2.0])))
    assert "H(P̂ binned)" in fs.sample_title(s)


@pytest.mark.parametrize(("name", "values", "model"), cases(), ids=[c[0] for c in cases()])
def test_the_starting_model_is_no_better_than_the_mle(name, values, model):
    s = summarise_sample(values)
    at_best = sample_identity(values, s, maximum_likelihood(s, model.family)).average_nll
    assert at_best <= sample_identity(values, s, fs.starting_model(s, model.family)).average_nll
