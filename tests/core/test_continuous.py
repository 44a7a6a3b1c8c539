"""Gaussians and mixtures: closed forms and numerical integrals against scipy, and the refusals."""

from __future__ import annotations

import itertools
import math
import re
from decimal import Decimal, localcontext

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

from core import (
    GaussianMixture,
    fit_reverse_kl,
    gaussian_cross_entropy,
    gaussian_entropy,
    gaussian_kl_divergence,
    mixture_cross_entropy,
    mixture_entropy,
    mixture_kl_divergence,
    mixture_reverse_cross_entropy,
    mixture_reverse_kl_divergence,
    normal_density,
    normal_log_density,
)

means = st.floats(-5, 5, allow_subnormal=False)
sigmas = st.floats(0.1, 5, allow_subnormal=False)

MIXTURES = [
    GaussianMixture([0.5, 0.5], [-2.0, 2.0], [1.0, 1.0]),
    GaussianMixture([0.3, 0.7], [-6.0, 6.0], [0.5, 0.5]),  # far apart: a sharp bend in log p
    GaussianMixture([0.2, 0.5, 0.3], [-3.0, 0.0, 4.0], [0.3, 1.5, 0.7]),
    GaussianMixture([0.5, 0.5], [0.0, 0.0], [0.2, 3.0]),  # a spike on a wide base
    GaussianMixture([0.4, 0.6], [-1.0, 1.5], [0.1, 2.0]),
]


def _breakpoints(p: GaussianMixture, low: float, high: float) -> list[float]:
    points = set(p.means.tolist()) | {(a + b) / 2 for a in p.means for b in p.means}
    return sorted(x for x in points if low < x < high)


def quad(f, low: float, high: float, points: list[float]) -> float:
    value, _ = integrate.quad(
        f, low, high, points=points or None, limit=500, epsabs=1e-13, epsrel=1e-13
    )
    return value


def reference_log_pdf(p: GaussianMixture):
    """An independent scalar log-density (plain math, log-sum-exp), fast enough for quad."""
    parts = [
        (math.log(w) - math.log(s) - 0.5 * math.log(2 * math.pi), m, s)
        for w, m, s in zip(p.weights, p.means, p.sigmas, strict=True)
    ]

    def log_pdf(x: float) -> float:
        terms = [c - 0.5 * ((x - m) / s) ** 2 for c, m, s in parts]
        top = max(terms)
        return top + math.log(sum(math.exp(t - top) for t in terms))

    return log_pdf


def normal_log_pdf(x: float, mu: float, sigma: float) -> float:
    return -0.5 * math.log(2 * math.pi) - math.log(sigma) - 0.5 * ((x - mu) / sigma) ** 2


def quad_entropy(p: GaussianMixture) -> float:
    low, high = p.support()
    log_p = reference_log_pdf(p)
    return quad(lambda x: -math.exp(log_p(x)) * log_p(x), low, high, _breakpoints(p, low, high))


def quad_cross_entropy(p: GaussianMixture, mu: float, sigma: float) -> float:
    low, high = p.support()
    log_p = reference_log_pdf(p)
    return quad(
        lambda x: -math.exp(log_p(x)) * normal_log_pdf(x, mu, sigma),
        low,
        high,
        _breakpoints(p, low, high),
    )


def quad_reverse_cross_entropy(p: GaussianMixture, mu: float, sigma: float) -> float:
    low, high = mu - 12 * sigma, mu + 12 * sigma
    points = sorted(set(_breakpoints(p, low, high)) | {mu})
    log_p = reference_log_pdf(p)
    return quad(lambda x: -math.exp(normal_log_pdf(x, mu, sigma)) * log_p(x), low, high, points)


# Two Gaussians --------------------------------------------------------------------------------


@pytest.mark.parametrize("sigma", [0.05, 0.5, 1.0, 3.0, 100.0])
@pytest.mark.parametrize("base", [None, 2, 10])
def test_entropy_matches_scipy(sigma, base):
    divisor = 1.0 if base is None else math.log(base)
    expected = stats.norm.entropy(scale=sigma) / divisor
    assert gaussian_entropy(sigma, base=base) == pytest.approx(expected, rel=1e-13, abs=1e-14)


def test_entropy_is_negative_for_narrow_gaussians():
    assert gaussian_entropy(0.1) < 0 < gaussian_entropy(1.0)


@pytest.mark.parametrize(
    ("mu_p", "sigma_p", "mu_q", "sigma_q"),
    [(0, 1, 0, 1), (0, 1, 1, 1), (0, 1, 0, 2), (1, 0.5, -1, 3), (-2, 2, 3, 0.7)],
)
def test_cross_entropy_and_kl_match_numerical_integrals(mu_p, sigma_p, mu_q, sigma_q):
    low, high = mu_p - 14 * sigma_p, mu_p + 14 * sigma_p

    def log_p(x):
        return normal_log_pdf(x, mu_p, sigma_p)

    def log_q(x):
        return normal_log_pdf(x, mu_q, sigma_q)

    cross = quad(lambda x: -math.exp(log_p(x)) * log_q(x), low, high, [mu_p])
    kl = quad(lambda x: math.exp(log_p(x)) * (log_p(x) - log_q(x)), low, high, [mu_p])
    assert gaussian_cross_entropy(mu_p, sigma_p, mu_q, sigma_q) == pytest.approx(cross, rel=1e-10)
    assert gaussian_kl_divergence(mu_p, sigma_p, mu_q, sigma_q) == pytest.approx(
        kl, rel=1e-9, abs=1e-12
    )


def test_a_curve_over_mu_q_is_one_call():
    mu_q = np.linspace(-3, 3, 61)
    cross = gaussian_cross_entropy(0.0, 1.0, mu_q, 1.5, base=2)
    kl = gaussian_kl_divergence(0.0, 1.0, mu_q, 1.5, base=2)
    assert cross.shape == kl.shape == (61,)
    np.testing.assert_allclose(cross, gaussian_entropy(1.0, base=2) + kl, rtol=1e-13)
    assert int(np.argmin(kl)) == 30  # at mu_q = mu_p
    grid = gaussian_kl_divergence(0.0, 1.0, mu_q[:, None], np.array([0.5, 1.0, 2.0]))
    assert grid.shape == (61, 3) and grid[30, 1] == 0.0


@pytest.mark.parametrize("relative", [1e-3, 1e-7, 1e-9, -1e-12, 0.4, -0.6, 9.0])
def test_kl_keeps_its_digits_when_p_and_q_are_close(relative):
    # KL(N(0,1) || N(0,s)) = (e^t - 1 - t) / 2 with t = -2 log s, in 60-digit decimals; the naive
    # H(P,Q) - H(P) loses every digit for widths equal to 9 digits.
    s = 1.0 + relative
    with localcontext(prec=60):
        t = -2 * Decimal(s).ln()
        narrow_p = float((t.exp() - 1 - t) / 2)
        wide_p = float(((-t).exp() - 1 + t) / 2)
    assert gaussian_kl_divergence(0.0, 1.0, 0.0, s) == pytest.approx(narrow_p, rel=1e-14)
    assert gaussian_kl_divergence(0.0, s, 0.0, 1.0) == pytest.approx(wide_p, rel=1e-14)


def test_kl_is_not_symmetric():
    assert gaussian_kl_divergence(0, 1, 0, 2) < gaussian_kl_divergence(0, 2, 0, 1)


@given(means, sigmas, means, sigmas)
def test_gibbs_inequality_and_the_decomposition(mu_p, sigma_p, mu_q, sigma_q):
    kl = gaussian_kl_divergence(mu_p, sigma_p, mu_q, sigma_q)
    assert kl >= 0.0
    cross = gaussian_cross_entropy(mu_p, sigma_p, mu_q, sigma_q)
    assert cross == pytest.approx(gaussian_entropy(sigma_p) + kl, rel=1e-12, abs=1e-12)
    assert gaussian_kl_divergence(mu_p, sigma_p, mu_p, sigma_p) == 0.0


# Mixtures -------------------------------------------------------------------------------------


def test_mixture_pdf_log_pdf_and_moments_match_scipy():
    p = MIXTURES[2]
    x = np.linspace(-8, 8, 41)
    expected = sum(
        w * stats.norm.pdf(x, m, s) for w, m, s in zip(p.weights, p.means, p.sigmas, strict=True)
    )
    np.testing.assert_allclose(p.pdf(x), expected, rtol=1e-13)
    np.testing.assert_allclose(p.log_pdf(x), np.log(expected), rtol=1e-13)
    assert p.pdf([[0.0, 1.0]]).shape == (1, 2)
    assert p.mean == pytest.approx(quad(lambda t: t * p.pdf(t), -20, 20, [-3, 0, 4]), abs=1e-12)
    second = quad(lambda t: (t - p.mean) ** 2 * p.pdf(t), -20, 20, [-3, 0, 4])
    assert p.variance == pytest.approx(second, rel=1e-12)
    assert p.standard_deviation == pytest.approx(math.sqrt(second), rel=1e-12)


def test_log_pdf_stays_finite_far_in_the_tails():
    p = GaussianMixture([0.5, 0.5], [-1.0, 1.0], [0.5, 0.5])
    value = float(p.log_pdf(60.0))
    assert math.isfinite(value)
    assert value == pytest.approx(math.log(0.5) + stats.norm.logpdf(60.0, 1.0, 0.5), rel=1e-13)
    assert float(p.pdf(60.0)) == 0.0


def test_a_mixture_is_frozen_and_read_only():
    p = GaussianMixture([0.5, 0.5], [0, 1], [1, 1])
    assert p.means.dtype == float
    with pytest.raises(AttributeError):
        p.means = np.zeros(2)
    with pytest.raises(ValueError, match="read-only"):
        p.means[0] = 5.0


def test_a_zero_weight_component_is_ignored():
    p = GaussianMixture([1.0, 0.0], [0.0, 50.0], [1.0, 1e-3])
    assert p.support() == (-12.0, 12.0)
    assert mixture_entropy(p) == pytest.approx(gaussian_entropy(1.0), rel=1e-12)


@pytest.mark.parametrize(("mu", "sigma"), [(0.0, 1.0), (3.0, 0.2), (-4.0, 7.0)])
def test_one_component_mixture_equals_the_closed_forms(mu, sigma):
    p = GaussianMixture([1.0], [mu], [sigma])
    mu_q, sigma_q = np.array([mu, mu + 1, mu - 2]), np.array([sigma, 2 * sigma, 0.5])
    assert mixture_entropy(p) == pytest.approx(gaussian_entropy(sigma), abs=1e-10)
    np.testing.assert_allclose(
        mixture_cross_entropy(p, mu_q, sigma_q),
        gaussian_cross_entropy(mu, sigma, mu_q, sigma_q),
        rtol=1e-13,
    )
    np.testing.assert_allclose(
        mixture_kl_divergence(p, mu_q, sigma_q),
        gaussian_kl_divergence(mu, sigma, mu_q, sigma_q),
        atol=1e-10,
    )
    np.testing.assert_allclose(
        mixture_reverse_cross_entropy(p, mu_q, sigma_q),
        gaussian_cross_entropy(mu_q, sigma_q, mu, sigma),
        rtol=1e-10,
    )
    np.testing.assert_allclose(
        mixture_reverse_kl_divergence(p, mu_q, sigma_q),
        gaussian_kl_divergence(mu_q, sigma_q, mu, sigma),
        atol=1e-9,
    )


@pytest.mark.parametrize("p", MIXTURES, ids=range(len(MIXTURES)))
def test_mixture_measures_match_scipy_quad(p):
    entropy = quad_entropy(p)
    assert mixture_entropy(p) == pytest.approx(entropy, abs=1e-8)
    for mu_q, sigma_q in [(0.0, 1.0), (p.mean, p.standard_deviation), (3.0, 0.2), (-1.0, 5.0)]:
        cross = quad_cross_entropy(p, mu_q, sigma_q)
        assert mixture_cross_entropy(p, mu_q, sigma_q) == pytest.approx(cross, rel=1e-9)
        assert mixture_kl_divergence(p, mu_q, sigma_q) == pytest.approx(cross - entropy, abs=1e-8)
        reverse = quad_reverse_cross_entropy(p, mu_q, sigma_q)
        assert mixture_reverse_cross_entropy(p, mu_q, sigma_q) == pytest.approx(reverse, rel=1e-9)
        assert mixture_reverse_kl_divergence(p, mu_q, sigma_q) == pytest.approx(
            reverse - stats.norm.entropy(scale=sigma_q), abs=1e-8
        )


def test_far_apart_equal_modes_add_one_bit_of_entropy():
    p = GaussianMixture([0.5, 0.5], [-30.0, 30.0], [1.0, 1.0])
    assert mixture_entropy(p, base=2) == pytest.approx(gaussian_entropy(1.0, base=2) + 1, abs=1e-9)


def piecewise_quad(f, edges: list[float]) -> float:
    """Adaptive quadrature on each interval between sorted ``edges``, summed."""
    return sum(quad(f, a, b, []) for a, b in itertools.pairwise(edges))


def component_edges(p: GaussianMixture, low: float, high: float) -> list[float]:
    """Every component's mean and its points 3, 6 and 12 sigma out, inside [low, high]."""
    points = {
        m + k * s
        for m, s in zip(p.means, p.sigmas, strict=True)
        for k in (-12, -6, -3, 0, 3, 6, 12)
    }
    return sorted({low, high} | {x for x in points if low < x < high})


RATIOS = [1.0, 10.0, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8]
WIDE_AND_NARROW = {
    "spike on a wide base": lambda r: GaussianMixture([0.5, 0.5], [0.0, 0.0], [1.0, r]),
    # widths 1/sqrt(r) and sqrt(r): the uniform grid gave -122 nats at r = 1e6, not 2.112
    "spike and base about 1": lambda r: GaussianMixture(
        [0.5, 0.5], [0.0, 0.0], [1 / math.sqrt(r), math.sqrt(r)]
    ),
    "spike off centre": lambda r: GaussianMixture([0.3, 0.7], [2.0, 0.0], [1.0, r]),
    "three scales": lambda r: GaussianMixture(
        [0.2, 0.5, 0.3], [-2.0, 0.0, 1.0], [1.0, r, math.sqrt(r)]
    ),
    "narrow far mode": lambda r: GaussianMixture([0.5, 0.5], [0.0, 20.0], [1.0 / r, 1.0]),
}


@pytest.mark.parametrize("ratio", RATIOS)
@pytest.mark.parametrize("family", WIDE_AND_NARROW)
def test_mixture_entropy_is_accurate_for_any_ratio_of_widths(family, ratio):
    p = WIDE_AND_NARROW[family](ratio)
    low, high = p.support()
    log_p = reference_log_pdf(p)
    expected = piecewise_quad(
        lambda x: -math.exp(log_p(x)) * log_p(x), component_edges(p, low, high)
    )
    assert mixture_entropy(p) == pytest.approx(expected, abs=1e-9)
    assert mixture_entropy(p, base=2) == pytest.approx(expected / math.log(2), abs=1e-9)


@pytest.mark.parametrize("ratio", RATIOS)
def test_modes_twenty_sigma_apart_add_the_entropy_of_the_weights_at_any_ratio(ratio):
    # the overlap is below e^-50, so H(P) = sum_k w_k H(N_k) + H(w) to all digits
    p = WIDE_AND_NARROW["narrow far mode"](ratio)
    expected = 0.5 * gaussian_entropy(1.0 / ratio) + 0.5 * gaussian_entropy(1.0) + math.log(2)
    assert mixture_entropy(p) == pytest.approx(expected, abs=1e-10)


@pytest.mark.parametrize("ratio", [1e3, 1e4, 1e6, 1e8])
@pytest.mark.parametrize("family", ["spike on a wide base", "three scales"])
def test_reverse_cross_entropy_for_a_q_far_wider_than_a_component(family, ratio):
    # P's narrow component sits inside a Q wider than one uniform grid can resolve
    p = WIDE_AND_NARROW[family](1.0 / ratio)
    log_p = reference_log_pdf(p)
    sigma_q = 1.0
    for mu_q in [0.0, 0.3]:
        low, high = mu_q - 12 * sigma_q, mu_q + 12 * sigma_q
        edges = sorted(set(component_edges(p, low, high)) | {mu_q})
        expected = piecewise_quad(
            lambda x, mu_q=mu_q: -math.exp(normal_log_pdf(x, mu_q, sigma_q)) * log_p(x), edges
        )
        assert mixture_reverse_cross_entropy(p, mu_q, sigma_q) == pytest.approx(expected, rel=1e-10)
    curve = mixture_reverse_cross_entropy(p, [0.0, 0.3], 1.0)
    assert curve[1] == mixture_reverse_cross_entropy(p, 0.3, 1.0)


def test_a_reverse_fit_refuses_widths_one_grid_cannot_resolve():
    p = GaussianMixture([1.0], [0.0], [1e-4])
    with pytest.raises(ValueError, match="too narrow next to the Gaussian averaged over"):
        fit_reverse_kl(p, 0.0, 1.0)


def test_reverse_kl_between_far_modes_resolves_the_bend_of_log_p():
    # Q sits on the crossing point of two narrow, distant modes, where log p bends sharply
    p = GaussianMixture([0.5, 0.5], [-8.0, 8.0], [0.4, 0.4])
    for sigma_q in [0.5, 2.0, 8.0]:
        expected = quad_reverse_cross_entropy(p, 0.0, sigma_q)
        assert mixture_reverse_cross_entropy(p, 0.0, sigma_q) == pytest.approx(expected, rel=1e-9)


def test_mixture_curves_are_one_call_and_agree_with_pointwise_calls():
    p = MIXTURES[0]
    mu_q = np.linspace(-4, 4, 9)
    sigma_q = np.array([0.5, 1.0, 2.0])[:, None]
    forward = mixture_kl_divergence(p, mu_q, sigma_q)
    reverse = mixture_reverse_kl_divergence(p, mu_q, sigma_q)
    assert forward.shape == reverse.shape == (3, 9)
    for i, j in [(0, 0), (1, 4), (2, 8)]:
        assert forward[i, j] == pytest.approx(
            mixture_kl_divergence(p, mu_q[j], sigma_q[i, 0]), rel=1e-13
        )
        assert reverse[i, j] == pytest.approx(
            mixture_reverse_kl_divergence(p, mu_q[j], sigma_q[i, 0]), rel=1e-10, abs=1e-12
        )


def test_the_decompositions_hold_in_bits():
    p, mu_q, sigma_q = MIXTURES[2], 0.5, 1.5
    cross = mixture_cross_entropy(p, mu_q, sigma_q, base=2)
    assert cross == pytest.approx(
        mixture_entropy(p, base=2) + mixture_kl_divergence(p, mu_q, sigma_q, base=2), rel=1e-12
    )
    reverse = mixture_reverse_cross_entropy(p, mu_q, sigma_q, base=2)
    assert reverse == pytest.approx(
        gaussian_entropy(sigma_q, base=2) + mixture_reverse_kl_divergence(p, mu_q, sigma_q, base=2),
        rel=1e-12,
    )
    assert cross == pytest.approx(mixture_cross_entropy(p, mu_q, sigma_q) / math.log(2))


mixtures = st.integers(1, 3).flatmap(
    lambda k: st.builds(
        lambda w, m, s: GaussianMixture(np.asarray(w) / np.sum(w), m, s),
        st.lists(st.floats(0.1, 1.0), min_size=k, max_size=k),
        st.lists(means, min_size=k, max_size=k),
        st.lists(st.floats(0.3, 3.0), min_size=k, max_size=k),
    )
)


@settings(max_examples=40)
@given(mixtures, means, sigmas)
def test_gibbs_inequality_for_mixtures_both_ways(p, mu_q, sigma_q):
    assert mixture_kl_divergence(p, mu_q, sigma_q) >= 0.0
    assert mixture_reverse_kl_divergence(p, mu_q, sigma_q) >= 0.0
    # no Gaussian beats moment matching in forward KL
    best = mixture_kl_divergence(p, p.mean, p.standard_deviation)
    assert best <= mixture_kl_divergence(p, mu_q, sigma_q) + 1e-12


# Refusals -------------------------------------------------------------------------------------

REFUSALS = [
    (lambda: gaussian_entropy(0.0), "`sigma` must be positive"),
    (lambda: gaussian_entropy(-1.0), "`sigma` must be positive"),
    (lambda: gaussian_entropy(math.nan), "`sigma` contains NaN or infinity"),
    (lambda: gaussian_entropy("one"), "`sigma` must be a number or an array of numbers"),
    (lambda: gaussian_entropy(1.0, base=1), "`base` must be a positive number other than 1"),
    (lambda: gaussian_cross_entropy(0, 0, 0, 1), "`sigma_p` must be positive"),
    (lambda: gaussian_cross_entropy(0, 1, 0, -1), "`sigma_q` must be positive"),
    (lambda: gaussian_kl_divergence(math.inf, 1, 0, 1), "`mu_p` contains NaN or infinity"),
    (lambda: gaussian_kl_divergence(0, 1, [1, 2], [1, 2, 3]), "do not broadcast"),
    (lambda: GaussianMixture([0.5, 0.6], [0, 1], [1, 1]), "`weights` sums to 1.1, not 1"),
    (lambda: GaussianMixture([1.5, -0.5], [0, 1], [1, 1]), "`weights` has a negative"),
    (lambda: GaussianMixture([], [], []), "`weights` is empty"),
    (lambda: GaussianMixture([[1.0]], [[0.0]], [[1.0]]), "`weights` must be one-dimensional"),
    (lambda: GaussianMixture([0.5, 0.5], [0, 1, 2], [1, 1]), "`means` has shape (3,)"),
    (lambda: GaussianMixture([0.5, 0.5], [0, 1], [1]), "`sigmas` has shape (1,)"),
    (lambda: GaussianMixture([0.5, 0.5], [0, 1], [1, 0]), "`sigmas` must be positive"),
    (lambda: GaussianMixture([0.5, 0.5], [0, math.nan], [1, 1]), "`means` contains NaN"),
    (lambda: MIXTURES[0].log_pdf([math.nan]), "`x` contains NaN"),
    (lambda: mixture_entropy("P"), "`p_mixture` must be a GaussianMixture"),
    (lambda: mixture_kl_divergence(None, 0, 1), "`p_mixture` must be a GaussianMixture"),
    (lambda: mixture_reverse_kl_divergence(MIXTURES[0], 0, 0), "`sigma_q` must be positive"),
    (lambda: mixture_reverse_kl_divergence(MIXTURES[0], [0, 1], [1, 2, 3]), "do not broadcast"),
    (lambda: mixture_reverse_cross_entropy(MIXTURES[0], math.nan, 1), "`mu_q` contains NaN"),
]


@pytest.mark.parametrize(("call", "message"), REFUSALS)
def test_invalid_input_is_refused_with_a_message(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()


def test_the_normal_density_and_its_log_match_scipy_far_into_the_tails():
    x = np.array([-40.0, -3.0, 0.0, 1.0, 2.5, 40.0])
    mu, sigma = np.array([[0.0], [1.5]]), np.array([[1.0], [0.3]])
    np.testing.assert_allclose(
        normal_log_density(x, mu, sigma), stats.norm.logpdf(x, mu, sigma), rtol=1e-13
    )
    np.testing.assert_allclose(
        normal_density(x, mu, sigma), stats.norm.pdf(x, mu, sigma), rtol=1e-13
    )
