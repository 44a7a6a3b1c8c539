"""Samples: the empirical distribution, average NLL = cross-entropy, closed-form MLEs vs scipy."""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from core import (
    BernoulliFit,
    EmpiricalDistribution,
    average_negative_log_likelihood,
    bernoulli_average_nll,
    coin_cross_entropy,
    cross_entropy,
    empirical_distribution,
    entropy,
    exponential_average_nll,
    fit_bernoulli,
    fit_categorical,
    fit_exponential,
    fit_gaussian,
    fit_poisson,
    gaussian_average_nll,
    gaussian_cross_entropy,
    poisson_average_nll,
)
from tests.core.strategies import pmfs

labels = st.lists(st.sampled_from(["a", "b", "c", "heads", "tails", "é"]), min_size=1, max_size=60)
small_numbers = st.lists(st.integers(-3, 5), min_size=1, max_size=60)
finite_floats = st.floats(-1e6, 1e6, allow_nan=False, allow_subnormal=False)
real_samples = st.lists(finite_floats, min_size=2, max_size=60).filter(
    lambda xs: max(xs) - min(xs) > 1e-3
)


# The empirical distribution -----------------------------------------------------------------------


def test_labels_are_counted_and_sorted():
    d = empirical_distribution(["T", "H", "H", "T", "H"])
    assert isinstance(d, EmpiricalDistribution)
    assert d.outcomes.tolist() == ["H", "T"]
    assert d.outcomes.dtype.kind == "U"
    assert d.counts.tolist() == [3, 2] and d.counts.dtype == np.int64
    np.testing.assert_array_equal(d.probabilities, [0.6, 0.4])
    assert d.n == 5 and d.numeric is False


def test_numbers_become_sorted_floats():
    d = empirical_distribution(np.array([3, 1, 2, 3, 3]))
    assert d.outcomes.dtype == float
    assert d.outcomes.tolist() == [1.0, 2.0, 3.0]
    assert d.counts.tolist() == [1, 1, 3]
    assert d.numeric is True


def test_booleans_count_as_zero_and_one():
    d = empirical_distribution([True, False, True, True])
    assert d.outcomes.tolist() == [0.0, 1.0] and d.counts.tolist() == [1, 3]


def test_object_arrays_of_labels_or_numbers():
    assert empirical_distribution(np.array(["x", "y"], dtype=object)).numeric is False
    assert empirical_distribution(np.array([1, 2.5], dtype=object)).outcomes.tolist() == [1.0, 2.5]


@given(st.one_of(labels, small_numbers))
def test_matches_a_plain_count(samples):
    d = empirical_distribution(samples)
    counts = Counter(samples)
    assert d.n == len(samples) == int(d.counts.sum())
    assert sorted(counts) == [type(samples[0])(o) for o in d.outcomes.tolist()]
    for outcome, count in zip(d.outcomes.tolist(), d.counts.tolist(), strict=True):
        key = outcome if isinstance(samples[0], str) else int(outcome)
        assert counts[key] == count
    assert d.probabilities.sum() == pytest.approx(1.0, abs=1e-12)


def test_a_million_floats_are_a_million_outcomes():
    # its speed is measured by benchmarks/parse_samples.py ("summarise")
    x = np.random.default_rng(0).normal(size=1_000_000)
    d = empirical_distribution(x)
    assert d.n == 1_000_000
    assert d.outcomes.shape == (np.unique(x).size,)
    np.testing.assert_array_equal(d.outcomes, np.unique(x))
    assert d.probabilities.sum() == pytest.approx(1.0, abs=1e-9)


def test_probabilities_over_lays_out_unseen_outcomes_as_zero():
    d = empirical_distribution([6, 6, 1])
    np.testing.assert_allclose(d.probabilities_over([1, 2, 3, 4, 5, 6]), [1 / 3, 0, 0, 0, 0, 2 / 3])
    np.testing.assert_allclose(d.probabilities_over([6, 1]), [2 / 3, 1 / 3])
    with pytest.raises(ValueError, match=re.escape("`outcomes` does not contain the observed")):
        d.probabilities_over([1, 2])


# Average negative log-likelihood = cross-entropy --------------------------------------------------


@given(
    st.integers(2, 8).flatmap(lambda k: st.tuples(st.just(k), pmfs(size=k, zeros=False))), st.data()
)
def test_average_nll_equals_the_cross_entropy_of_the_empirical_distribution(kq, data):
    k, q = kq
    outcomes = [f"o{i}" for i in range(k)]
    samples = data.draw(st.lists(st.sampled_from(outcomes), min_size=1, max_size=80))
    p_hat = empirical_distribution(samples).probabilities_over(outcomes)
    nll = average_negative_log_likelihood(samples, outcomes, q)
    assert nll == pytest.approx(cross_entropy(p_hat, q), rel=1e-12, abs=1e-12)
    # and the definition, sample by sample
    log_q = dict(zip(outcomes, np.log(q), strict=True))
    assert nll == pytest.approx(-np.mean([log_q[s] for s in samples]), rel=1e-12, abs=1e-12)


def test_average_nll_over_a_grid_of_models_and_in_bits():
    samples = [1, 1, 2, 3, 3, 3]
    grid = np.array([[0.2, 0.3, 0.5], [1 / 3, 1 / 3, 1 / 3], [2 / 6, 1 / 6, 3 / 6]])
    values = average_negative_log_likelihood(samples, [1, 2, 3], grid, base=2)
    assert values.shape == (3,)
    p_hat = [2 / 6, 1 / 6, 3 / 6]
    np.testing.assert_allclose(values, cross_entropy(p_hat, grid, base=2), rtol=1e-12)
    assert values[2] == pytest.approx(entropy(p_hat, base=2), rel=1e-12)  # the minimum: Q = P̂


def test_average_nll_is_infinite_for_impossible_samples():
    assert average_negative_log_likelihood(["a", "b"], ["a", "b"], [1.0, 0.0]) == math.inf
    assert average_negative_log_likelihood(["a", "z"], ["a", "b"], [0.5, 0.5]) == math.inf
    grid = average_negative_log_likelihood(["a"], ["a", "b"], [[0.0, 1.0], [0.5, 0.5]])
    assert grid[0] == math.inf and grid[1] == pytest.approx(math.log(2))
    # an outcome the model forbids costs nothing if it was never observed
    assert average_negative_log_likelihood(["a"], ["a", "b"], [1.0, 0.0]) == 0.0


def test_outcomes_may_come_in_any_order():
    forward = average_negative_log_likelihood([1, 2, 2], [1, 2, 3], [0.5, 0.3, 0.2])
    shuffled = average_negative_log_likelihood([1, 2, 2], [3, 1, 2], [0.2, 0.5, 0.3])
    assert forward == pytest.approx(shuffled, rel=1e-15)


@given(real_samples, st.lists(finite_floats, min_size=1, max_size=5), st.floats(0.1, 1e3))
def test_gaussian_average_nll_matches_scipy(x, mus, sigma):
    x = np.asarray(x) / 1e3  # keep the scale moderate so the reference has its digits
    values = gaussian_average_nll(x, np.asarray(mus) / 1e3, sigma)
    expected = [-np.mean(stats.norm.logpdf(x, m / 1e3, sigma)) for m in mus]
    np.testing.assert_allclose(values, expected, rtol=1e-10, atol=1e-10)


def test_gaussian_average_nll_is_the_cross_entropy_of_the_fitted_gaussian():
    x = np.random.default_rng(1).exponential(size=500)
    fit = fit_gaussian(x)
    mu, sigma = np.meshgrid(np.linspace(-1, 3, 5), np.linspace(0.5, 2, 4))
    values = gaussian_average_nll(x, mu, sigma, base=2)
    assert values.shape == (4, 5)
    np.testing.assert_allclose(
        values, gaussian_cross_entropy(fit.mu, fit.sigma, mu, sigma, base=2), rtol=1e-12
    )


def test_poisson_exponential_and_bernoulli_nll_match_scipy():
    counts = np.array([0, 1, 1, 2, 3, 7, 0, 4])
    rates = np.array([0.5, 2.25, 4.0])
    np.testing.assert_allclose(
        poisson_average_nll(counts, rates),
        [-np.mean(stats.poisson.logpmf(counts, r)) for r in rates],
        rtol=1e-12,
    )
    times = np.array([0.1, 0.5, 2.0, 0.0, 3.3])
    np.testing.assert_allclose(
        exponential_average_nll(times, rates, base=2),
        [-np.mean(stats.expon.logpdf(times, scale=1 / r)) / math.log(2) for r in rates],
        rtol=1e-12,
    )
    flips = [1, 0, 0, 1, 1, 1]
    np.testing.assert_allclose(
        bernoulli_average_nll(flips, [0.25, 0.5, 0.9]),
        [-np.mean(stats.bernoulli.logpmf(flips, q)) for q in [0.25, 0.5, 0.9]],
        rtol=1e-12,
    )
    assert bernoulli_average_nll(flips, 0.3) == coin_cross_entropy(4 / 6, 0.3)


def test_poisson_rate_zero():
    assert poisson_average_nll([0, 0, 0], 0.0) == 0.0
    assert poisson_average_nll([0, 1], 0.0) == math.inf


# Closed-form MLEs ---------------------------------------------------------------------------------


def test_fit_gaussian_matches_scipy_norm_fit():
    x = np.random.default_rng(2).normal(10.0, 3.0, size=2_000)
    fit = fit_gaussian(x)
    mu, sigma = stats.norm.fit(x)
    assert fit.mu == pytest.approx(mu, rel=1e-12)
    assert fit.sigma == pytest.approx(sigma, rel=1e-12)  # divided by n, not n - 1
    assert fit.sigma < np.std(x, ddof=1)
    assert fit.n == 2_000


def test_fit_exponential_matches_scipy():
    x = np.random.default_rng(3).exponential(scale=2.5, size=2_000)
    _, scale = stats.expon.fit(x, floc=0)
    assert fit_exponential(x).rate == pytest.approx(1 / scale, rel=1e-12)


def test_fit_poisson_is_the_mean_and_maximises_scipy_likelihood():
    x = np.random.default_rng(4).poisson(3.7, size=1_000)
    rate = fit_poisson(x).rate
    assert rate == pytest.approx(x.mean(), rel=1e-15)
    grid = np.linspace(rate - 0.5, rate + 0.5, 1001)
    likelihood = [stats.poisson.logpmf(x, r).sum() for r in grid]
    assert grid[int(np.argmax(likelihood))] == pytest.approx(rate, abs=1e-3)


def test_fit_bernoulli_with_numbers_booleans_and_labels():
    assert fit_bernoulli([1, 0, 1, 1]) == BernoulliFit(q=0.75, successes=3, n=4)
    assert fit_bernoulli([True, False]).q == 0.5
    assert fit_bernoulli(["H", "T", "T", "T"], success="H").q == 0.25
    assert fit_bernoulli(["T", "T"], success="H").q == 0.0
    assert fit_bernoulli([1, 6, 6, 3], success=6).q == 0.5


def test_fit_categorical_is_the_empirical_distribution():
    samples = ["x", "y", "y", "z", "y"]
    fit, d = fit_categorical(samples), empirical_distribution(samples)
    assert fit.outcomes.tolist() == d.outcomes.tolist()
    np.testing.assert_array_equal(fit.probabilities, d.probabilities)


@given(st.lists(st.booleans(), min_size=1, max_size=50))
def test_bernoulli_mle_is_the_argmin_of_the_cross_entropy(flips):
    grid = np.linspace(0, 1, 2001)
    values = bernoulli_average_nll(flips, grid)
    assert abs(grid[int(np.argmin(values))] - fit_bernoulli(flips).q) <= 0.5 / 2000 + 1e-12


@given(real_samples)
def test_gaussian_mle_is_the_argmin_of_the_cross_entropy(x):
    x = np.asarray(x)
    fit = fit_gaussian(x)
    mu = fit.mu + fit.sigma * np.linspace(-0.5, 0.5, 101)[:, None]
    sigma = fit.sigma * np.exp(np.linspace(-0.5, 0.5, 101))[None, :]
    values = gaussian_average_nll(x, mu, sigma)
    i, j = np.unravel_index(np.argmin(values), values.shape)
    assert i == 50 and j == 50  # the grid's centre is the MLE
    assert values.min() == pytest.approx(0.5 * math.log(2 * math.pi * math.e * fit.sigma**2))


# Refusals -----------------------------------------------------------------------------------------

REFUSALS = [
    (lambda: empirical_distribution([]), "`samples` is empty"),
    (lambda: empirical_distribution(np.array([])), "`samples` is empty"),
    (lambda: empirical_distribution([1.0, math.nan]), "`samples` contains NaN or infinity"),
    (lambda: empirical_distribution(np.array([1.0, np.inf])), "`samples` contains NaN or infinity"),
    (lambda: empirical_distribution([1, "a"]), "`samples` mixes numbers and text"),
    (lambda: empirical_distribution(["a", 2.5]), "`samples` mixes numbers and text"),
    (lambda: empirical_distribution(np.array([1, "a"], dtype=object)), "`samples` mixes numbers"),
    (lambda: empirical_distribution([None, 1]), "`samples` must contain numbers or text labels"),
    (lambda: empirical_distribution("abc"), "`samples` must be a sequence of values"),
    (lambda: empirical_distribution(3.0), "`samples` must be a sequence of values"),
    (lambda: empirical_distribution([[1, 2], [3, 4]]), "`samples` must be one-dimensional"),
    (lambda: empirical_distribution([1 + 2j]), "`samples` must contain real numbers"),
    (
        lambda: average_negative_log_likelihood(["a"], [1, 2], [0.5, 0.5]),
        "`samples` are text labels but `outcomes` are numbers",
    ),
    (
        lambda: average_negative_log_likelihood(["a"], ["a", "a"], [0.5, 0.5]),
        "`outcomes` has repeated values",
    ),
    (
        lambda: average_negative_log_likelihood(["a"], ["a", "b"], [0.2, 0.3, 0.5]),
        "`q` has 3 probabilities but `outcomes` has 2",
    ),
    (lambda: average_negative_log_likelihood(["a"], ["a", "b"], [0.3, 0.3]), "`q` sums to 0.6"),
    (lambda: average_negative_log_likelihood(["a"], [], [1.0]), "`outcomes` is empty"),
    (lambda: average_negative_log_likelihood(["a"], ["a"], [1.0], base=1), "`base` must be"),
    (lambda: gaussian_average_nll([1.0, 2.0], 0.0, 0.0), "`sigma` must be positive"),
    (lambda: gaussian_average_nll([1.0, 2.0], math.nan, 1.0), "`mu` contains NaN or infinity"),
    (lambda: gaussian_average_nll(["a"], 0.0, 1.0), "`x` must contain numbers, not text"),
    (lambda: gaussian_average_nll([1.0], [], 1.0), "`mu` is empty"),
    (lambda: poisson_average_nll([1.5], 1.0), "`x` must contain non-negative whole numbers"),
    (lambda: poisson_average_nll([-1], 1.0), "`x` must contain non-negative whole numbers"),
    (lambda: poisson_average_nll([1], -1.0), "`rate` must be non-negative"),
    (lambda: exponential_average_nll([-0.1], 1.0), "`x` must be non-negative"),
    (lambda: exponential_average_nll([0.1], 0.0), "`rate` must be positive"),
    (lambda: fit_bernoulli([0, 1, 2]), "`samples` must be 0/1 or True/False"),
    (lambda: fit_bernoulli(["H", "T"]), "pass `success` to choose"),
    (lambda: fit_bernoulli(["H", "T"], success=1), "`success` must be a text label"),
    (lambda: fit_bernoulli([0, 1], success="H"), "`success` must be a number"),
    (lambda: fit_gaussian([2.0, 2.0, 2.0]), "`x` has no spread"),
    (lambda: fit_gaussian([]), "`x` is empty"),
    (lambda: fit_exponential([0.0, 0.0]), "`x` is all zeros"),
    (lambda: fit_exponential([-1.0, 2.0]), "`x` must be non-negative"),
    (lambda: fit_poisson([0.5]), "`x` must contain non-negative whole numbers"),
]


@pytest.mark.parametrize(("call", "message"), REFUSALS)
def test_invalid_input_is_refused_with_a_message(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()
