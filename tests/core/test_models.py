"""A sample's summary and its models: the average NLL against core's own measures, scipy and the
identity H(P̂,Q) = H(P̂) + KL(P̂‖Q), each side computed on its own."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from core import (
    DISCRETE_MAX_VALUES,
    Model,
    average_negative_log_likelihood,
    bernoulli_average_nll,
    families_for,
    gaussian_average_nll,
    maximum_likelihood,
    model_probabilities,
    per_sample_loss,
    poisson_average_nll,
    sample_identity,
    summarise_sample,
)


def labels(text: str) -> np.ndarray:
    return np.array(list(text))


def test_summary_of_labels():
    values = labels("HHHTHHTHTH")  # 7 H, 3 T
    s = summarise_sample(values, base=2)
    assert s.n == 10 and not s.numeric and s.discrete
    assert s.support.tolist() == ["H", "T"]
    assert s.p_hat.tolist() == [0.7, 0.3]
    assert s.entropy == pytest.approx(-(0.7 * math.log2(0.7) + 0.3 * math.log2(0.3)), rel=1e-14)
    assert s.unit == "bits"


def test_summary_over_the_true_support_keeps_unseen_outcomes():
    s = summarise_sample(labels("1123"), support=np.array(list("123456")))
    assert s.p_hat.tolist() == [0.5, 0.25, 0.25, 0.0, 0.0, 0.0]
    assert s.entropy == pytest.approx(stats.entropy([2, 1, 1]), rel=1e-14)


def test_whole_numbers_with_few_values_are_discrete_others_continuous():
    counts = summarise_sample(np.array([0.0, 1, 1, 2, 5, 2]))
    assert counts.discrete and counts.counts_data
    assert counts.support.tolist() == [0.0, 1.0, 2.0, 5.0]
    real = summarise_sample(np.random.default_rng(0).normal(size=500))
    assert not real.discrete and real.support.size == 0
    many = summarise_sample(np.arange(DISCRETE_MAX_VALUES + 1, dtype=float))
    assert not many.discrete
    negative = summarise_sample(np.array([-1.0, 0.0, 1.0]))
    assert negative.discrete and not negative.counts_data


def test_continuous_entropy_is_the_binned_entropy_and_the_density_estimate():
    x = np.random.default_rng(1).normal(0.0, 2.0, size=200_000)
    s = summarise_sample(x)
    h = s.histogram
    assert s.entropy == pytest.approx(stats.entropy(h.counts), rel=1e-12)
    assert s.density_entropy == pytest.approx(s.entropy + math.log(h.width), rel=1e-12)
    # the histogram estimate of a Gaussian's differential entropy, ½ log(2πe σ²) with σ = 2
    assert s.density_entropy == pytest.approx(0.5 * math.log(2 * math.pi * math.e * 4), abs=0.01)
    assert np.sum(h.density * h.width) == pytest.approx(1.0)


def test_the_entropy_of_the_sample_itself_is_log_n_for_distinct_values_whatever_the_bins():
    narrow = np.random.default_rng(2).normal(0.0, 0.01, size=1000)
    s = summarise_sample(narrow, base=2)
    assert s.empirical_entropy == pytest.approx(math.log2(1000), rel=1e-14)
    # the binned entropy is smaller and the density estimate negative for a narrow density
    assert s.entropy < s.empirical_entropy
    assert s.density_entropy < 0
    assert s.density_entropy == pytest.approx(0.5 * math.log2(2 * math.pi * math.e * 1e-4), abs=0.1)
    ties = summarise_sample(np.array([0.5, 0.5, 1.25, 2.5]))
    assert ties.empirical_entropy == pytest.approx(stats.entropy([2, 1, 1]), rel=1e-14)
    coin = summarise_sample(labels("HHHTHHTHTH"))
    assert coin.empirical_entropy == pytest.approx(coin.entropy, rel=1e-14)


def cases():
    rng = np.random.default_rng(4)
    coin = np.where(rng.random(1000) < 0.7, "H", "T")
    die = np.array(list("123456"))[rng.choice(6, size=3000, p=[0.1, 0.1, 0.1, 0.1, 0.2, 0.4])]
    counts = rng.poisson(3.2, size=2000).astype(float)
    real = rng.normal(1.5, 0.7, size=5000)
    return [
        ("coin bernoulli", coin, Model("bernoulli", q=0.35)),
        ("coin shrink", coin, Model("shrink", weight=0.4)),
        ("die shrink", die, Model("shrink", weight=0.25)),
        ("counts poisson", counts, Model("poisson", rate=2.5)),
        ("counts shrink", counts, Model("shrink", weight=0.1)),
        ("real gaussian", real, Model("gaussian", mu=1.0, sigma=1.2)),
        ("counts gaussian", counts, Model("gaussian", mu=3.0, sigma=2.0)),
    ]


@pytest.mark.parametrize(("name", "values", "model"), cases(), ids=[c[0] for c in cases()])
@pytest.mark.parametrize("base", [None, 2])
def test_average_nll_equals_the_cross_entropy_and_the_split(name, values, model, base):
    s = summarise_sample(values, base=base)
    identity = sample_identity(values, s, model, base=base)
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
        q = model_probabilities(s, model)
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
    by_hand = np.mean(per_sample_loss(values, s, model)) / divisor
    assert identity.average_nll == pytest.approx(by_hand, rel=1e-15)


def test_poisson_against_scipy():
    values = np.array([0.0, 1, 1, 2, 4, 7])
    s = summarise_sample(values)
    identity = sample_identity(values, s, Model("poisson", rate=2.2))
    assert identity.average_nll == pytest.approx(-np.mean(stats.poisson.logpmf(values, 2.2)))
    # P̂ against the Poisson laid out over the observed counts plus "every other count"
    pmf = stats.poisson.pmf([0, 1, 2, 4, 7], 2.2)
    p_hat = np.array([1, 2, 1, 1, 1]) / 6
    kl = np.sum(p_hat * np.log(p_hat / pmf))
    assert identity.kl_divergence == pytest.approx(kl, rel=1e-12)


def test_a_model_that_rules_out_an_observation_costs_infinity():
    values = labels("HHT")
    s = summarise_sample(values)
    identity = sample_identity(values, s, Model("bernoulli", q=1.0))
    assert math.isinf(identity.average_nll) and math.isinf(identity.cross_entropy)


@pytest.mark.parametrize(("name", "values", "model"), cases(), ids=[c[0] for c in cases()])
def test_the_mle_of_each_family_has_the_smallest_average_nll(name, values, model):
    s = summarise_sample(values)
    best = maximum_likelihood(s, model.family)
    at_best = sample_identity(values, s, best).average_nll
    assert at_best <= sample_identity(values, s, model).average_nll
    if model.family in ("bernoulli", "shrink"):
        assert sample_identity(values, s, best).kl_divergence == pytest.approx(0, abs=1e-15)


def test_families_offered():
    assert families_for(summarise_sample(labels("HTH"))) == ["bernoulli", "shrink"]
    assert families_for(summarise_sample(labels("abcab"))) == ["shrink"]
    assert families_for(summarise_sample(np.array([0.0, 2, 3]))) == [
        "shrink",
        "poisson",
        "gaussian",
    ]
    assert families_for(summarise_sample(np.array([0.5, 2.25, 3.0]))) == ["gaussian"]
    assert families_for(summarise_sample(np.array([2.5, 2.5]))) == []
    assert families_for(summarise_sample(np.array([0.0, 1.0]))) == [
        "bernoulli",
        "shrink",
        "poisson",
        "gaussian",
    ]


def test_bernoulli_on_numbers_is_the_probability_of_the_larger_value():
    s = summarise_sample(np.array([0.0, 1.0, 1.0, 1.0]))
    assert maximum_likelihood(s, "bernoulli").q == 0.75
