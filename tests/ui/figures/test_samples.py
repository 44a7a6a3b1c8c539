"""The samples lesson's numbers (against core, scipy and hand computations) and its figures
(lightly, validated by plotly, and bounded whatever the data)."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
import pytest
from scipy import stats

from core import (
    average_negative_log_likelihood,
    bernoulli_average_nll,
    cross_entropy,
    gaussian_average_nll,
    gaussian_cross_entropy,
    kl_divergence,
    mixture_cross_entropy,
    poisson_average_nll,
)
from core.sampling import draw_sample
from ui.figures import samples as fs


def validated(figure: go.Figure) -> go.Figure:
    """Rebuild with plotly's validation on: an invalid property raises here."""
    return go.Figure(figure.to_dict())


def labels(text: str) -> np.ndarray:
    return np.array(list(text))


# The sample --------------------------------------------------------------------------------------


def test_summary_of_labels():
    values = labels("HHHTHHTHTH")  # 7 H, 3 T
    s = fs.summarise_sample(values, base=2)
    assert s.n == 10 and not s.numeric and s.discrete
    assert s.support.tolist() == ["H", "T"]
    assert s.p_hat.tolist() == [0.7, 0.3]
    assert s.entropy == pytest.approx(-(0.7 * math.log2(0.7) + 0.3 * math.log2(0.3)), rel=1e-14)
    assert s.unit == "bits"


def test_summary_over_the_true_support_keeps_unseen_outcomes():
    s = fs.summarise_sample(labels("1123"), support=np.array(list("123456")))
    assert s.p_hat.tolist() == [0.5, 0.25, 0.25, 0.0, 0.0, 0.0]
    assert s.entropy == pytest.approx(stats.entropy([2, 1, 1]), rel=1e-14)


def test_whole_numbers_with_few_values_are_discrete_others_continuous():
    counts = fs.summarise_sample(np.array([0.0, 1, 1, 2, 5, 2]))
    assert counts.discrete and counts.counts_data
    assert counts.support.tolist() == [0.0, 1.0, 2.0, 5.0]
    real = fs.summarise_sample(np.random.default_rng(0).normal(size=500))
    assert not real.discrete and real.support.size == 0
    many = fs.summarise_sample(np.arange(fs.DISCRETE_MAX_VALUES + 1, dtype=float))
    assert not many.discrete
    negative = fs.summarise_sample(np.array([-1.0, 0.0, 1.0]))
    assert negative.discrete and not negative.counts_data


def test_whole_numbers_get_one_bin_per_value():
    h = fs.histogram(np.array([2.0, 3, 3, 5, 9]))
    assert h.edges.tolist() == [1.5 + k for k in range(9)]
    assert h.counts.tolist() == [1, 2, 0, 1, 0, 0, 0, 1]
    assert h.width == 1.0


def test_continuous_entropy_is_the_binned_entropy_and_the_density_estimate():
    x = np.random.default_rng(1).normal(0.0, 2.0, size=200_000)
    s = fs.summarise_sample(x)
    h = s.histogram
    assert s.entropy == pytest.approx(stats.entropy(h.counts), rel=1e-12)
    assert s.density_entropy == pytest.approx(s.entropy + math.log(h.width), rel=1e-12)
    # the histogram estimate of a Gaussian's differential entropy, ½ log(2πe σ²) with σ = 2
    assert s.density_entropy == pytest.approx(0.5 * math.log(2 * math.pi * math.e * 4), abs=0.01)
    assert np.sum(h.density * h.width) == pytest.approx(1.0)


@pytest.mark.parametrize(
    "values",
    [
        np.random.default_rng(2).standard_cauchy(1_000_000),  # heavy tails: Freedman-Diaconis
        np.random.default_rng(3).normal(size=10),  # wants thousands of bins
        np.array([1.0, 1.0, 1.0]),
        np.array([0.0, 1e-300, 1e100]),
    ],
    ids=["cauchy", "ten", "constant", "extreme"],
)
def test_histogram_bins_are_bounded(values):
    h = fs.histogram(values)
    assert 1 <= h.counts.shape[0] <= fs.MAX_BINS
    assert h.counts.sum() == values.shape[0]
    assert np.all(np.isfinite(h.edges))


# The identity on the sample -----------------------------------------------------------------------


def cases():
    rng = np.random.default_rng(4)
    coin = np.where(rng.random(1000) < 0.7, "H", "T")
    die = np.array(list("123456"))[rng.choice(6, size=3000, p=[0.1, 0.1, 0.1, 0.1, 0.2, 0.4])]
    counts = rng.poisson(3.2, size=2000).astype(float)
    real = rng.normal(1.5, 0.7, size=5000)
    return [
        ("coin bernoulli", coin, fs.Model("bernoulli", q=0.35)),
        ("coin shrink", coin, fs.Model("shrink", weight=0.4)),
        ("die shrink", die, fs.Model("shrink", weight=0.25)),
        ("counts poisson", counts, fs.Model("poisson", rate=2.5)),
        ("counts shrink", counts, fs.Model("shrink", weight=0.1)),
        ("real gaussian", real, fs.Model("gaussian", mu=1.0, sigma=1.2)),
        ("counts gaussian", counts, fs.Model("gaussian", mu=3.0, sigma=2.0)),
    ]


@pytest.mark.parametrize(("name", "values", "model"), cases(), ids=[c[0] for c in cases()])
@pytest.mark.parametrize("base", [None, 2])
def test_average_nll_equals_the_cross_entropy_and_the_split(name, values, model, base):
    s = fs.summarise_sample(values, base=base)
    identity = fs.sample_identity(values, s, model, base=base)
    # the page's two sides, computed independently, agree far beyond the 6 digits shown
    assert identity.average_nll == pytest.approx(identity.cross_entropy, rel=1e-12)
    assert identity.entropy + identity.kl_divergence == pytest.approx(
        identity.cross_entropy, rel=1e-12
    )
    assert identity.kl_divergence >= 0
    # and both agree with core's own average NLL of the family
    divisor = 1.0 if base is None else math.log(base)
    if model.family == "bernoulli":
        reference = bernoulli_average_nll(values, model.q, success="H", base=base)
    elif model.family == "shrink":
        q = fs.model_probabilities(s, model)
        reference = average_negative_log_likelihood(values, s.support, q, base=base)
    elif model.family == "poisson":
        reference = poisson_average_nll(values, model.rate, base=base)
    else:
        reference = gaussian_average_nll(values, model.mu, model.sigma, base=base)
        assert identity.continuous
        # the floor is the average NLL at the Gaussian MLE
        fit = s.gaussian
        floor = gaussian_average_nll(values, fit.mu, fit.sigma, base=base)
        assert identity.entropy == pytest.approx(floor, rel=1e-12)
    assert identity.average_nll == pytest.approx(reference, rel=1e-12)
    # by hand, straight from the definition
    by_hand = np.mean(fs.per_sample_loss(values, s, model)) / divisor
    assert identity.average_nll == pytest.approx(by_hand, rel=1e-15)


def test_poisson_against_scipy():
    values = np.array([0.0, 1, 1, 2, 4, 7])
    s = fs.summarise_sample(values)
    identity = fs.sample_identity(values, s, fs.Model("poisson", rate=2.2))
    assert identity.average_nll == pytest.approx(-np.mean(stats.poisson.logpmf(values, 2.2)))
    # P̂ against the Poisson laid out over the observed counts plus "every other count"
    pmf = stats.poisson.pmf([0, 1, 2, 4, 7], 2.2)
    p_hat = np.array([1, 2, 1, 1, 1]) / 6
    kl = np.sum(p_hat * np.log(p_hat / pmf))
    assert identity.kl_divergence == pytest.approx(kl, rel=1e-12)


def test_a_model_that_rules_out_an_observation_costs_infinity():
    values = labels("HHT")
    s = fs.summarise_sample(values)
    identity = fs.sample_identity(values, s, fs.Model("bernoulli", q=1.0))
    assert math.isinf(identity.average_nll) and math.isinf(identity.cross_entropy)


@pytest.mark.parametrize(("name", "values", "model"), cases(), ids=[c[0] for c in cases()])
def test_the_mle_of_each_family_has_the_smallest_average_nll(name, values, model):
    s = fs.summarise_sample(values)
    best = fs.maximum_likelihood(s, model.family)
    at_best = fs.sample_identity(values, s, best).average_nll
    assert at_best <= fs.sample_identity(values, s, model).average_nll
    assert at_best <= fs.sample_identity(values, s, fs.nudged(s, model.family)).average_nll
    if model.family in ("bernoulli", "shrink"):
        assert fs.sample_identity(values, s, best).kl_divergence == pytest.approx(0, abs=1e-15)


def test_the_starting_model_is_near_but_not_at_the_mle():
    s = fs.summarise_sample(labels("HHHHHHHTTT"))
    assert fs.nudged(s, "bernoulli").q == 0.4  # p̂ = 0.7, moved 0.3 toward the other side
    assert fs.maximum_likelihood(s, "bernoulli").q == 0.7


def test_families_offered():
    assert fs.families_for(fs.summarise_sample(labels("HTH"))) == ["bernoulli", "shrink"]
    assert fs.families_for(fs.summarise_sample(labels("abcab"))) == ["shrink"]
    assert fs.families_for(fs.summarise_sample(np.array([0.0, 2, 3]))) == [
        "shrink",
        "poisson",
        "gaussian",
    ]
    assert fs.families_for(fs.summarise_sample(np.array([0.5, 2.25, 3.0]))) == ["gaussian"]
    assert fs.families_for(fs.summarise_sample(np.array([2.5, 2.5]))) == []
    assert fs.families_for(fs.summarise_sample(np.array([0.0, 1.0]))) == [
        "bernoulli",
        "shrink",
        "poisson",
        "gaussian",
    ]


def test_bernoulli_on_numbers_is_the_probability_of_the_larger_value():
    values = np.array([0.0, 1.0, 1.0, 1.0])
    s = fs.summarise_sample(values)
    assert fs.maximum_likelihood(s, "bernoulli").q == 0.75
    assert fs.model_label(s, fs.Model("bernoulli", q=0.75)) == "Q(1) = 0.75"


# As n grows --------------------------------------------------------------------------------------


def test_growth_sizes_are_log_spaced_and_end_at_n():
    sizes = fs.growth_sizes(1_000_000)
    assert sizes[0] == 1 and sizes[-1] == 1_000_000
    assert np.all(np.diff(sizes) > 0) and len(sizes) <= fs.GROWTH_POINTS
    assert fs.growth_sizes(1).tolist() == [1]


def test_growth_curves_of_a_die_against_direct_computation():
    values, truth = draw_sample("die", 20_000, 11, die="zipf")
    s = fs.summarise_sample(values, support=truth.outcomes)
    model = fs.Model("shrink", weight=0.3)
    loss = fs.per_sample_loss(values, s, model)
    distance = fs.distance_to_truth(values, truth)
    curves = fs.growth_curves(loss, truth, s, model, distance)
    q = fs.model_probabilities(s, model)
    for i in (0, len(curves.n) // 2, -1):
        n = int(curves.n[i])
        first = values[:n]
        p_hat_n = np.array([np.mean(first == face) for face in truth.outcomes])
        assert curves.kl_to_truth[i] == pytest.approx(
            kl_divergence(p_hat_n, truth.probabilities), rel=1e-10, abs=1e-15
        )
        assert curves.average_nll[i] == pytest.approx(
            average_negative_log_likelihood(first, truth.outcomes, q), rel=1e-10
        )
    assert curves.true_cross_entropy == pytest.approx(cross_entropy(truth.probabilities, q))
    assert curves.expected_kl[-1] == pytest.approx(5 / (2 * 20_000))
    # the law of large numbers, on this seed: the last average is near its limit
    assert curves.average_nll[-1] == pytest.approx(curves.true_cross_entropy, abs=0.02)


def test_growth_of_a_mixture_sample_closes_in_on_p():
    values, truth = draw_sample("bimodal", 200_000, 5, separation=5.0, weight=0.4)
    s = fs.summarise_sample(values)
    model = fs.Model("gaussian", mu=0.5, sigma=2.0)
    distance = fs.distance_to_truth(values, truth, base=2)
    curves = fs.growth_curves(
        fs.per_sample_loss(values, s, model), truth, s, model, distance, base=2
    )
    assert curves.true_cross_entropy == pytest.approx(
        mixture_cross_entropy(truth.mixture, 0.5, 2.0, base=2)
    )
    assert curves.kl_to_truth[-1] < curves.kl_to_truth[10] / 100
    # KL(P̂ₙ‖P) over the bins is about (K − 1)/(2n) for large n
    assert curves.kl_to_truth[-1] == pytest.approx(curves.expected_kl[-1], rel=0.5)
    assert curves.average_nll[-1] == pytest.approx(curves.true_cross_entropy, abs=0.01)


def test_true_cross_entropy_of_a_gaussian():
    values, truth = draw_sample("gaussian", 100, 1, mu=1.0, sigma=2.0)
    s = fs.summarise_sample(values)
    model = fs.Model("gaussian", mu=0.0, sigma=1.5)
    assert fs.true_cross_entropy(truth, s, model) == pytest.approx(
        gaussian_cross_entropy(1.0, 2.0, 0.0, 1.5)
    )


# Generated data ----------------------------------------------------------------------------------


def test_generation_is_replayable_by_its_seed():
    first, _ = draw_sample("gaussian", 1000, 42)
    again, _ = draw_sample("gaussian", 1000, 42)
    other, _ = draw_sample("gaussian", 1000, 43)
    assert np.array_equal(first, again) and not np.array_equal(first, other)
    assert not first.flags.writeable


def test_generated_data_follows_p():
    coin, truth = draw_sample("coin", 100_000, 1, p=0.3)
    assert truth.outcomes.tolist() == ["H", "T"]
    assert np.mean(coin == "H") == pytest.approx(0.3, abs=0.01)
    die, truth = draw_sample("die", 60_000, 1, die="loaded")
    assert np.mean(die == "6") == pytest.approx(truth.probabilities[5], abs=0.01)
    mixture, truth = draw_sample("bimodal", 100_000, 1, separation=6.0, weight=0.25)
    assert np.mean(mixture < 0) == pytest.approx(0.25, abs=0.01)
    with pytest.raises(ValueError, match="unknown"):
        draw_sample("cauchy", 10, 1)


# What is drawn ---------------------------------------------------------------------------------


def test_many_labels_are_folded_into_other():
    rng = np.random.default_rng(6)
    values = np.char.add("w", rng.zipf(1.5, size=20_000).clip(max=900).astype(str))
    s = fs.summarise_sample(values)
    assert s.support.shape[0] > fs.TOP_CATEGORIES
    q = fs.model_probabilities(s, fs.Model("shrink", weight=0.5))
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
    s = fs.summarise_sample(values, support=truth.outcomes)
    q = fs.model_probabilities(s, fs.Model("shrink", weight=1.0))
    bars = fs.empirical_bars(s, q, truth.probabilities)
    figure = validated(fs.empirical_bars_figure(bars, title=fs.sample_title(s), q_label="Q"))
    assert [t.name for t in figure.data] == ["P̂ (the data)", "true P", "Q"]
    assert list(figure.data[0].x) == list("123456")
    assert figure.data[2].y == pytest.approx([1 / 6] * 6, rel=1e-5)
    assert figure.layout.title.text.startswith("P̂ of n = 500 · H(P̂) = ")


def test_density_figure_of_a_million_points_draws_bins_not_points():
    values, truth = draw_sample("gaussian", 1_000_000, 8)
    s = fs.summarise_sample(values)
    view = fs.density_view(s, fs.Model("gaussian", mu=0.0, sigma=1.0), truth)
    figure = validated(fs.density_figure(view, title="t"))
    assert [t.name for t in figure.data] == ["P̂ (histogram)", "true P", "Q"]
    assert len(figure.data[0].x) <= fs.MAX_BINS
    assert len(figure.data[1].x) == fs.CURVE_POINTS
    # Q is the true P here: the two curves coincide
    assert figure.data[2].y == pytest.approx(figure.data[1].y, rel=1e-5)
    assert len(figure.to_json()) < 60_000


def test_growth_figure():
    values, truth = draw_sample("coin", 5000, 9)
    s = fs.summarise_sample(values, support=truth.outcomes)
    model = fs.Model("bernoulli", q=0.5)
    curves = fs.growth_curves(
        fs.per_sample_loss(values, s, model),
        truth,
        s,
        model,
        fs.distance_to_truth(values, truth, base=2),
        base=2,
    )
    figure = validated(fs.growth_figure(curves, title=fs.growth_title(curves)))
    assert len(figure.data) == 5
    assert figure.layout.xaxis.type == "log" and figure.layout.yaxis2.type == "log"
    assert "H(P,Q) = 1.000 bits" in figure.layout.title.text


def test_words_for_the_page():
    x = np.random.default_rng(0).normal(size=1000)
    s = fs.summarise_sample(x, base=2)
    note = fs.entropy_note(s)
    assert "bins of width" in note and "bits" in note
    assert "labels" in fs.entropy_note(fs.summarise_sample(labels("ab")))
    assert "whole numbers" in fs.entropy_note(fs.summarise_sample(np.array([1.0, 2.0])))
    assert "H(P̂ binned)" in fs.sample_title(s)
