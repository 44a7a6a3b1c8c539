"""Forward and reverse KL fits of one Gaussian to a mixture: moment matching covers the modes,
reverse KL seeks one, and each fit is poor by the other's measure."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from core import (
    GaussianKLPath,
    GaussianMixture,
    fit_forward_kl,
    fit_gaussian,
    fit_reverse_kl,
    gaussian_entropy,
    mixture_entropy,
    mixture_kl_divergence,
    mixture_reverse_kl_divergence,
)
from core.sampling import draw_mixture

BIMODAL = GaussianMixture([0.5, 0.5], [-2.0, 2.0], [0.6, 0.6])
LOPSIDED = GaussianMixture([0.3, 0.7], [-3.0, 1.0], [1.0, 0.5])


def _reverse_gradient(p: GaussianMixture, mu: float, sigma: float, h: float = 1e-5):
    """Central differences of KL(Q||P) in (mu, log sigma)."""
    d_mu = mixture_reverse_kl_divergence(p, mu + h, sigma) - mixture_reverse_kl_divergence(
        p, mu - h, sigma
    )
    d_u = mixture_reverse_kl_divergence(p, mu, sigma * math.exp(h)) - mixture_reverse_kl_divergence(
        p, mu, sigma * math.exp(-h)
    )
    return d_mu / (2 * h), d_u / (2 * h)


# Forward: moment matching -------------------------------------------------------------------


def test_forward_fit_is_moment_matching():
    fit = fit_forward_kl(LOPSIDED)
    assert isinstance(fit, GaussianKLPath)
    assert fit.direction == "forward" and fit.steps == 0
    mean = 0.3 * -3.0 + 0.7 * 1.0
    variance = 0.3 * (1.0 + (-3.0 - mean) ** 2) + 0.7 * (0.25 + (1.0 - mean) ** 2)
    np.testing.assert_allclose(fit.optimum, [mean, math.sqrt(variance)], rtol=1e-14)
    np.testing.assert_array_equal(fit.parameters, [fit.optimum])


def test_forward_fit_is_the_mle_of_a_large_sample():
    x = draw_mixture(BIMODAL, 400_000, seed=11)
    mle = fit_gaussian(x)
    optimum = fit_forward_kl(BIMODAL).optimum
    standard_error = BIMODAL.standard_deviation / math.sqrt(x.size)
    assert abs(mle.mu - optimum[0]) < 5 * standard_error
    assert mle.sigma == pytest.approx(optimum[1], rel=5e-3)


def test_forward_fit_minimises_forward_kl_and_keeps_a_positive_floor():
    mu, sigma = fit_forward_kl(BIMODAL).optimum
    best = mixture_kl_divergence(BIMODAL, mu, sigma)
    assert best > 0.1  # one Gaussian cannot be two bumps
    around = mixture_kl_divergence(
        BIMODAL, mu + np.array([-0.1, 0.1, 0, 0]), sigma * np.array([1, 1, 0.9, 1.1])
    )
    assert np.all(around > best)


@pytest.mark.parametrize("method", ["gradient", "newton"])
def test_forward_path_from_a_start_reaches_the_moments(method):
    steps = 200 if method == "gradient" else 40
    path = fit_forward_kl(BIMODAL, 1.5, 0.5, method=method, steps=steps)
    assert path.parameters.shape == (steps + 1, 2)
    np.testing.assert_array_equal(path.parameters[0], [1.5, 0.5])
    np.testing.assert_allclose(path.parameters[-1], path.optimum, atol=1e-6)
    assert np.all(np.diff(path.forward_kl_divergence) <= 1e-12)
    floor = mixture_kl_divergence(BIMODAL, *path.optimum)
    assert path.kl_divergence[-1] == pytest.approx(floor, abs=1e-10)
    np.testing.assert_allclose(path.entropy, mixture_entropy(BIMODAL), rtol=1e-14)
    np.testing.assert_allclose(
        path.cross_entropy, path.entropy + path.forward_kl_divergence, rtol=1e-12
    )
    mu, sigma = path.parameters[5]
    assert path.reverse_kl_divergence[5] == pytest.approx(
        mixture_reverse_kl_divergence(BIMODAL, mu, sigma), rel=1e-12
    )


# Reverse: mode seeking ----------------------------------------------------------------------


@pytest.mark.parametrize("mode", [0, 1])
def test_reverse_fit_from_near_a_mode_lands_on_that_mode(mode):
    mu_k, sigma_k = BIMODAL.means[mode], BIMODAL.sigmas[mode]
    path = fit_reverse_kl(BIMODAL, mu_k * 0.6, 1.2)
    assert path.direction == "reverse"
    mu, sigma = path.optimum
    assert mu == pytest.approx(mu_k, abs=0.05)
    assert sigma == pytest.approx(sigma_k, rel=0.05)
    # a stationary point: the numerical gradient of the reported KL vanishes there
    assert np.abs(_reverse_gradient(BIMODAL, mu, sigma)) == pytest.approx([0, 0], abs=1e-6)


def test_which_mode_wins_depends_on_the_start():
    left = fit_reverse_kl(LOPSIDED, -2.5, 0.5).optimum
    right = fit_reverse_kl(LOPSIDED, 1.5, 0.5).optimum
    assert left[0] < -1 and right[0] == pytest.approx(1.0, abs=0.05)
    assert (
        fit_reverse_kl(LOPSIDED, 1.5, 0.5).kl_divergence[-1]
        < fit_reverse_kl(LOPSIDED, -2.5, 0.5).kl_divergence[-1]
    )


def test_each_fit_is_poor_by_the_other_measure():
    forward = fit_forward_kl(BIMODAL)
    reverse = fit_reverse_kl(BIMODAL, 1.0, 1.0)
    assert reverse.reverse_kl_divergence[-1] < forward.reverse_kl_divergence[0]
    assert forward.forward_kl_divergence[0] < reverse.forward_kl_divergence[-1]
    # the mode-seeking fit is narrower than the mode-covering one
    assert reverse.optimum[1] < forward.optimum[1]


def test_reverse_path_never_climbs_and_reports_the_core_values():
    path = fit_reverse_kl(LOPSIDED, 3.0, 2.0, base=2)
    assert path.unit == "bits"
    assert np.all(np.diff(path.reverse_kl_divergence) <= 1e-12)
    mu, sigma = path.parameters[:, 0], path.parameters[:, 1]
    np.testing.assert_allclose(
        path.reverse_kl_divergence,
        mixture_reverse_kl_divergence(LOPSIDED, mu, sigma, base=2),
        rtol=1e-9,
        atol=1e-10,
    )
    np.testing.assert_allclose(
        path.forward_kl_divergence, mixture_kl_divergence(LOPSIDED, mu, sigma, base=2), rtol=1e-12
    )
    np.testing.assert_allclose(path.entropy, gaussian_entropy(sigma, base=2), rtol=1e-14)
    np.testing.assert_allclose(path.cross_entropy, path.entropy + path.kl_divergence, rtol=1e-12)
    np.testing.assert_array_equal(path.kl_divergence, path.reverse_kl_divergence)


def test_both_fits_recover_a_gaussian_p():
    p = GaussianMixture([1.0], [1.5], [0.7])
    np.testing.assert_allclose(fit_forward_kl(p).optimum, [1.5, 0.7], rtol=1e-14)
    reverse = fit_reverse_kl(p, -1.0, 3.0)
    np.testing.assert_allclose(reverse.optimum, [1.5, 0.7], atol=1e-6)
    assert reverse.kl_divergence[-1] < 1e-10


def test_reverse_steps_do_not_depend_on_the_unit_of_x():
    scaled = GaussianMixture(BIMODAL.weights, BIMODAL.means * 100, BIMODAL.sigmas * 100)
    small = fit_reverse_kl(BIMODAL, 0.5, 1.5, steps=20)
    large = fit_reverse_kl(scaled, 50.0, 150.0, steps=20)
    np.testing.assert_allclose(large.parameters, small.parameters * 100, rtol=1e-7)
    np.testing.assert_allclose(large.kl_divergence, small.kl_divergence, atol=1e-9)


def test_a_reverse_fit_near_far_apart_modes_settles_in_the_nearer_one():
    p = GaussianMixture([0.5, 0.5], [-6.0, 6.0], [0.5, 0.5])
    path = fit_reverse_kl(p, 4.0, 3.0, steps=60)
    assert path.optimum == pytest.approx([6.0, 0.5], abs=1e-3)


# Refusals -----------------------------------------------------------------------------------

REFUSALS = [
    (lambda: fit_forward_kl("P"), "`p_mixture` must be a GaussianMixture"),
    (lambda: fit_forward_kl(BIMODAL, 1.0), "`mu0` and `sigma0` go together"),
    (lambda: fit_forward_kl(BIMODAL, None, 1.0), "`mu0` and `sigma0` go together"),
    (lambda: fit_forward_kl(BIMODAL, 0.0, -1.0), "`sigma0` must be positive"),
    (lambda: fit_forward_kl(BIMODAL, method="lbfgs"), "`method` must be 'gradient' or"),
    (lambda: fit_forward_kl(BIMODAL, base=0), "`base` must be a positive number"),
    (lambda: fit_reverse_kl(None, 0.0, 1.0), "`p_mixture` must be a GaussianMixture"),
    (lambda: fit_reverse_kl(BIMODAL, 0.0, 0.0), "`sigma0` must be positive"),
    (lambda: fit_reverse_kl(BIMODAL, math.inf, 1.0), "`mu0` must be finite"),
    (lambda: fit_reverse_kl(BIMODAL, 0.0, 1.0, steps=-2), "`steps` must be a whole number"),
    (lambda: fit_reverse_kl(BIMODAL, 0.0, 1.0, step_size=-1), "`step_size` must be a positive"),
]


@pytest.mark.parametrize(("call", "message"), REFUSALS)
def test_invalid_input_is_refused_with_a_message(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()


# The local minima of the reverse KL ---------------------------------------------------------------


def test_reverse_kl_has_a_minimum_in_each_separated_mode_and_the_global_one_comes_first():
    from core import reverse_kl_minima

    p = GaussianMixture([0.2, 0.8], [-2.0, 2.0], [0.6, 0.6])
    minima = reverse_kl_minima(p)
    assert minima.parameters.shape == (2, 2) and minima.unit == "nats"
    (mu_global, _), (mu_other, _) = minima.parameters
    assert mu_global == pytest.approx(2.0, abs=0.02) and mu_other == pytest.approx(-2.0, abs=0.02)
    assert minima.kl_divergence.tolist() == pytest.approx([0.2225, 1.6066], abs=5e-4)
    # Each is a minimum of the independently integrated divergence: every neighbour is higher.
    for (mu, sigma), kl in zip(minima.parameters, minima.kl_divergence, strict=True):
        assert float(mixture_reverse_kl_divergence(p, mu, sigma)) == pytest.approx(kl, abs=1e-6)
        shifts = np.array([(dm, ds) for dm in (-0.05, 0, 0.05) for ds in (-0.05, 0, 0.05)])
        around = mixture_reverse_kl_divergence(p, mu + shifts[:, 0], sigma * np.exp(shifts[:, 1]))
        assert np.all(np.asarray(around) >= kl - 1e-9)
    # The global one is below a brute-force search over a grid of Gaussians.
    mus, log_sigmas = np.meshgrid(np.linspace(-4, 4, 81), np.linspace(-2, 1.5, 36))
    grid = mixture_reverse_kl_divergence(p, mus.ravel(), np.exp(log_sigmas.ravel()))
    assert minima.kl_divergence[0] <= float(np.min(grid)) + 1e-9
    bits = reverse_kl_minima(p, base=2)
    assert bits.kl_divergence == pytest.approx(minima.kl_divergence / np.log(2), rel=1e-9)


def test_overlapping_modes_have_one_reverse_kl_minimum():
    from core import reverse_kl_minima

    minima = reverse_kl_minima(GaussianMixture([0.3, 0.7], [-0.4, 0.4], [0.6, 0.6]))
    assert minima.parameters.shape == (1, 2)


def test_which_minimum_a_path_ended_in_and_the_saddle_in_none():
    from core import reverse_kl_minima

    p = GaussianMixture([0.5, 0.5], [-2.0, 2.0], [0.6, 0.6])
    minima = reverse_kl_minima(p)
    assert minima.kl_divergence[0] == pytest.approx(minima.kl_divergence[1], abs=1e-6)
    for start, expected_mu in (((-1.0, 0.5), -2.0), ((1.0, 0.5), 2.0)):
        end = fit_reverse_kl(p, *start, steps=60).optimum
        index = minima.which(*end)
        assert index is not None
        assert minima.parameters[index][0] == pytest.approx(expected_mu, abs=0.02)
    saddle = fit_reverse_kl(p, 0.0, 3.0, steps=150).optimum
    assert abs(saddle[0]) < 1e-9 and minima.which(*saddle) is None
