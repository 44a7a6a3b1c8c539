"""Fitting paths: they reach the closed-form MLE, the numbers at every step are the core measures
of that step's model, the parameters never leave their family, and bad options are refused."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from core import (
    FitPath,
    GaussianMixture,
    coin_cross_entropy,
    coin_entropy,
    coin_kl_divergence,
    cross_entropy,
    empirical_distribution,
    entropy,
    fit_bernoulli,
    fit_gaussian,
    fit_path_bernoulli,
    fit_path_categorical,
    fit_path_gaussian,
    gaussian_average_nll,
    kl_divergence,
    mixture_kl_divergence,
)
from core.sampling import draw_mixture
from tests.core.strategies import pmfs

interior = st.floats(0.02, 0.98)
starts = st.floats(0.01, 0.99)
methods = st.sampled_from(["gradient", "newton"])


def _check_decomposition(path: FitPath) -> None:
    np.testing.assert_allclose(
        path.cross_entropy, path.entropy + path.kl_divergence, rtol=1e-12, atol=1e-12
    )
    np.testing.assert_array_equal(path.log_likelihood, -path.cross_entropy)
    assert np.all(path.kl_divergence >= 0)


# The coin -------------------------------------------------------------------------------------


@given(interior, starts, methods)
def test_bernoulli_path_reaches_the_mle(p_hat, q0, method):
    # near the edges the log-likelihood is flat in the logit: gradient steps need a long path
    steps, step_size = (300, 6.0) if method == "gradient" else (40, 1.0)
    path = fit_path_bernoulli(p_hat, q0, method=method, step_size=step_size, steps=steps)
    assert path.parameters.shape == (steps + 1, 1)
    assert path.parameters[0, 0] == pytest.approx(q0, rel=1e-12)
    assert path.parameters[-1, 0] == pytest.approx(p_hat, abs=1e-6)
    np.testing.assert_array_equal(path.mle, [p_hat])
    _check_decomposition(path)


@given(interior, starts, methods, st.sampled_from([None, 2]))
def test_bernoulli_numbers_are_the_coin_measures_of_each_step(p_hat, q0, method, base):
    path = fit_path_bernoulli(p_hat, q0, method=method, steps=20, base=base)
    q = path.parameters[:, 0]
    np.testing.assert_allclose(
        path.cross_entropy, coin_cross_entropy(p_hat, q, base=base), rtol=1e-9, atol=1e-12
    )
    np.testing.assert_allclose(
        path.kl_divergence, coin_kl_divergence(p_hat, q, base=base), rtol=1e-6, atol=1e-9
    )
    assert path.entropy == pytest.approx(coin_entropy(p_hat, base=base), rel=1e-12, abs=1e-15)
    assert path.unit == ("nats" if base is None else "bits")
    # both methods climb the likelihood at every step (a small gradient step, or line search)
    assert np.all(np.diff(path.log_likelihood) >= -1e-12)


def test_bernoulli_from_samples_and_labels():
    flips = ["H", "T", "H", "H", "T", "H", "H", "H"]
    path = fit_path_bernoulli(flips, 0.5, success="H", method="newton", steps=30)
    assert path.mle[0] == fit_bernoulli(flips, success="H").q == 0.75
    assert path.parameters[-1, 0] == pytest.approx(0.75, abs=1e-12)
    # the average log-likelihood is that of the samples themselves
    q = path.parameters[3, 0]
    direct = np.mean([math.log(q if f == "H" else 1 - q) for f in flips])
    assert path.log_likelihood[3] == pytest.approx(direct, rel=1e-12)


@pytest.mark.parametrize("p_hat", [0.0, 1.0])
@pytest.mark.parametrize("method", ["gradient", "newton"])
def test_a_one_sided_sample_is_approached_without_clipping(p_hat, method):
    path = fit_path_bernoulli(p_hat, 0.5, method=method, steps=200)
    q = path.parameters[:, 0]
    assert np.all(np.isfinite(q)) and np.all(np.isfinite(path.cross_entropy))
    assert np.all(np.diff(np.abs(q - p_hat)) <= 0)  # always closer
    assert abs(q[-1] - p_hat) < 0.02
    assert path.entropy == 0.0


def test_large_gradient_steps_overshoot_but_newton_does_not():
    # the curvature in the logit is q(1 - q) = 1/4 at q = 1/2: a step of 20 overshoots 5-fold
    jumpy = fit_path_bernoulli(0.5, 0.4, method="gradient", step_size=20.0, steps=10)
    assert np.any(np.diff(jumpy.log_likelihood) < 0)
    careful = fit_path_bernoulli(0.9, 0.001, method="newton", step_size=1.0, steps=30)
    assert np.all(np.diff(careful.log_likelihood) >= -1e-15)
    assert careful.parameters[-1, 0] == pytest.approx(0.9, abs=1e-9)


# The categorical model --------------------------------------------------------------------------


@given(st.integers(2, 8).flatmap(lambda k: st.tuples(pmfs(size=k), pmfs(size=k, zeros=False))))
def test_categorical_newton_reaches_the_mle(pair):
    p_hat, q0 = pair
    path = fit_path_categorical(p_hat, q0, method="newton", steps=60)
    assert path.parameters.shape == (61, p_hat.size)
    np.testing.assert_allclose(path.parameters.sum(axis=1), 1.0, rtol=1e-12)
    assert np.all(path.parameters[0] == pytest.approx(q0, rel=1e-12))
    if np.all(p_hat > 0):
        np.testing.assert_allclose(path.parameters[-1], p_hat, atol=1e-6)
    assert path.kl_divergence[-1] < 1e-6
    assert np.all(np.diff(path.log_likelihood) >= -1e-12)
    _check_decomposition(path)


@given(st.integers(2, 6).flatmap(lambda k: st.tuples(pmfs(size=k), pmfs(size=k, zeros=False))))
def test_categorical_numbers_are_the_core_measures_of_each_step(pair):
    p_hat, q0 = pair
    path = fit_path_categorical(p_hat, q0, steps=15, base=2)
    q = path.parameters
    np.testing.assert_allclose(
        path.cross_entropy, cross_entropy(p_hat, q, base=2), rtol=1e-10, atol=1e-12
    )
    np.testing.assert_allclose(
        path.kl_divergence, kl_divergence(p_hat, q, base=2), rtol=1e-7, atol=1e-10
    )
    assert path.entropy == pytest.approx(entropy(p_hat, base=2), rel=1e-12, abs=1e-15)


def test_categorical_gradient_converges_and_names_the_outcomes():
    d = empirical_distribution(["b", "a", "c", "b", "b", "c"])
    path = fit_path_categorical(d, [0.6, 0.2, 0.2], method="gradient", steps=400)
    assert path.parameter_names == ("a", "b", "c")
    np.testing.assert_allclose(path.parameters[-1], [1 / 6, 1 / 2, 1 / 3], atol=1e-6)
    np.testing.assert_array_equal(path.mle, d.probabilities)
    numbers = fit_path_categorical(empirical_distribution([1, 2, 2]), [0.5, 0.5], steps=1)
    assert numbers.parameter_names == ("1", "2")
    assert fit_path_categorical([0.5, 0.5], [0.5, 0.5], steps=0).parameter_names == ("q1", "q2")


def test_an_unseen_outcome_fades_towards_zero():
    path = fit_path_categorical([0.5, 0.5, 0.0], [0.2, 0.2, 0.6], method="newton", steps=60)
    assert 0 < path.parameters[-1, 2] < 1e-12
    assert np.all(np.diff(path.parameters[:, 2]) < 0)


# The Gaussian ---------------------------------------------------------------------------------

X = np.random.default_rng(7).normal(3.0, 2.0, size=10_000)


GAUSSIAN_STARTS = [
    ("gradient", 0.0, 1.0),
    ("gradient", 10.0, 0.5),
    ("gradient", 3.0, 0.01),  # the first steps are clipped to one standard unit
    ("newton", 0.0, 1.0),
    ("newton", 10.0, 0.5),
    ("newton", -20.0, 30.0),  # far and wide: slow for gradient ascent, whose pull is 1/σ²
    ("newton", 100.0, 0.01),
]


@pytest.mark.parametrize(("method", "mu0", "sigma0"), GAUSSIAN_STARTS)
def test_gaussian_path_reaches_the_mle_of_scipy(method, mu0, sigma0):
    steps = 300 if method == "gradient" else 60
    path = fit_path_gaussian(X, mu0, sigma0, method=method, steps=steps)
    mu, sigma = stats.norm.fit(X)
    np.testing.assert_allclose(path.mle, [mu, sigma], rtol=1e-12)
    np.testing.assert_allclose(path.parameters[-1], [mu, sigma], atol=1e-6)
    np.testing.assert_array_equal(path.parameters[0], [mu0, sigma0])
    assert np.all(path.parameters[:, 1] > 0)
    assert path.parameter_names == ("mu", "sigma")
    assert path.kl_divergence[-1] < 1e-10
    _check_decomposition(path)


def test_gaussian_numbers_are_the_average_nll_of_each_step():
    x = X[:500]
    path = fit_path_gaussian(x, 1.0, 4.0, steps=12, base=2)
    for t in [0, 5, 12]:
        mu, sigma = path.parameters[t]
        direct = -np.mean(stats.norm.logpdf(x, mu, sigma)) / math.log(2)
        assert path.cross_entropy[t] == pytest.approx(direct, rel=1e-10)
        assert path.cross_entropy[t] == pytest.approx(
            gaussian_average_nll(x, mu, sigma, base=2), rel=1e-12
        )
    # the floor is the average NLL at the MLE
    fit = fit_gaussian(x)
    assert path.entropy == pytest.approx(
        gaussian_average_nll(x, fit.mu, fit.sigma, base=2), rel=1e-12
    )
    assert path.unit == "bits" and path.true_kl_divergence is None


def test_gaussian_steps_do_not_depend_on_the_unit_of_the_data():
    metres = fit_path_gaussian(X, 0.0, 1.0, steps=30)
    millimetres = fit_path_gaussian(X * 1000, 0.0, 1000.0, steps=30)
    np.testing.assert_allclose(millimetres.parameters, metres.parameters * 1000, rtol=1e-9)
    np.testing.assert_allclose(millimetres.kl_divergence, metres.kl_divergence, atol=1e-9)
    newton = fit_path_gaussian(X * 1000, 0.0, 1000.0, method="newton", steps=30)
    np.testing.assert_allclose(
        newton.parameters,
        fit_path_gaussian(X, 0.0, 1.0, method="newton", steps=30).parameters * 1000,
        rtol=1e-9,
    )


def test_newton_climbs_at_every_step_even_from_far_away():
    for mu0, sigma0 in [(100.0, 0.01), (3.0, 1e-3), (-50.0, 1e4)]:
        path = fit_path_gaussian(X, mu0, sigma0, method="newton", steps=60)
        assert np.all(np.diff(path.log_likelihood) >= -1e-12)
        np.testing.assert_allclose(path.parameters[-1], path.mle, rtol=1e-9)


def test_a_misspecified_fit_ends_at_a_positive_kl_floor():
    p = GaussianMixture([0.5, 0.5], [-2.0, 2.0], [0.6, 0.6])
    x = draw_mixture(p, 20_000, seed=3)
    path = fit_path_gaussian(x, 0.5, 1.0, method="newton", steps=40, true_p=p)
    true_kl = path.true_kl_divergence
    assert true_kl.shape == (41,)
    # relative to the best Gaussian the KL vanishes; against the true bimodal P it cannot
    assert path.kl_divergence[-1] < 1e-12
    floor = mixture_kl_divergence(p, p.mean, p.standard_deviation)
    assert floor > 0.1
    assert true_kl[-1] == pytest.approx(floor, abs=0.01)  # the sample's MLE is near the moments
    assert true_kl[-1] >= floor
    mu, sigma = path.parameters[7]
    assert true_kl[7] == pytest.approx(mixture_kl_divergence(p, mu, sigma), rel=1e-12)


def test_a_path_of_zero_steps_is_its_start():
    path = fit_path_gaussian(X, 1.0, 2.0, steps=0)
    assert path.steps == 0 and path.parameters.tolist() == [[1.0, 2.0]]


# Refusals -------------------------------------------------------------------------------------

REFUSALS = [
    (lambda: fit_path_bernoulli(0.5, 0.0), "`q0` must lie strictly between 0 and 1"),
    (lambda: fit_path_bernoulli(0.5, 1.0), "`q0` must lie strictly between 0 and 1"),
    (lambda: fit_path_bernoulli(0.5, "a"), "`q0` must be a number"),
    (lambda: fit_path_bernoulli(1.5, 0.5), "`data` as a fraction of successes must lie between"),
    (lambda: fit_path_bernoulli(True, 0.5), "`data` must be a fraction of successes"),
    (lambda: fit_path_bernoulli([0, 2], 0.5), "`samples` must be 0/1 or True/False"),
    (lambda: fit_path_bernoulli(0.5, 0.5, method="adam"), "`method` must be 'gradient' or"),
    (lambda: fit_path_bernoulli(0.5, 0.5, steps=-1), "`steps` must be a whole number"),
    (lambda: fit_path_bernoulli(0.5, 0.5, steps=2.5), "`steps` must be a whole number"),
    (lambda: fit_path_bernoulli(0.5, 0.5, step_size=0), "`step_size` must be a positive"),
    (lambda: fit_path_bernoulli(0.5, 0.5, step_size=math.inf), "`step_size` must be a positive"),
    (lambda: fit_path_bernoulli(0.5, 0.5, base=1), "`base` must be a positive number"),
    (lambda: fit_path_categorical([0.5, 0.5], [1.0, 0.0]), "`q0` must give every outcome a"),
    (lambda: fit_path_categorical([0.5, 0.5], [0.2, 0.3, 0.5]), "`q0` has shape (3,) but"),
    (lambda: fit_path_categorical([0.5, 0.6], [0.5, 0.5]), "`p_hat` sums to 1.1, not 1"),
    (lambda: fit_path_categorical([0.5, 0.5], [0.6, 0.6]), "`q0` sums to 1.2, not 1"),
    (lambda: fit_path_categorical([[0.5, 0.5]], [[0.5, 0.5]]), "`p_hat` must be one probability"),
    (lambda: fit_path_gaussian(X, 0.0, 0.0), "`sigma0` must be positive"),
    (lambda: fit_path_gaussian(X, math.nan, 1.0), "`mu0` must be finite"),
    (lambda: fit_path_gaussian(X, "0", 1.0), "`mu0` must be a number"),
    (lambda: fit_path_gaussian([1.0, 1.0], 0.0, 1.0), "`x` has no spread"),
    (lambda: fit_path_gaussian(X, 0.0, 1.0, true_p="P"), "`true_p` must be a GaussianMixture"),
]


@pytest.mark.parametrize(("call", "message"), REFUSALS)
def test_invalid_input_is_refused_with_a_message(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()
