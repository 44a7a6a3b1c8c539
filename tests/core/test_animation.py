"""The arrays of an animated fit: every slice passes through the path's point, never dips below
the floor, and the identity H = floor + KL holds in every frame."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

from core import (
    coin_cross_entropy,
    cross_entropy,
    empirical_distribution,
    entropy,
    fit_gaussian,
)
from core.animation import (
    bernoulli_animation,
    categorical_animation,
    forward_reverse_animation,
    gaussian_animation,
)
from core.continuous import (
    GaussianMixture,
    mixture_entropy,
    mixture_kl_divergence,
    normal_density,
)
from core.fitting import fit_path_bernoulli, fit_path_categorical, fit_path_gaussian
from core.forward_reverse import fit_forward_kl, fit_reverse_kl
from core.sampling import draw_bernoulli, draw_categorical, draw_mixture
from tests.core.strategies import pmfs

BIMODAL = GaussianMixture([0.5, 0.5], [-2.0, 2.0], [0.6, 0.6])
#: Points of the curves and density grids.
CURVE_POINTS = DENSITY_POINTS = 161


def _at_position(animation, t: int) -> tuple[float, float]:
    """The slice of step t read at the path's parameter by linear interpolation on the grid,
    and a bound on the interpolation's error: the largest change of the curve across the cell
    and its two neighbours (more than h²·max|f''|/8 for these smooth convex curves)."""
    curve = animation.curve[t] if animation.curve.ndim == 2 else animation.curve
    x = animation.position[t]
    i = int(np.clip(np.searchsorted(animation.curve_x, x), 2, curve.shape[0] - 2))
    change = np.max(np.abs(np.diff(curve[i - 2 : i + 2])))
    return float(np.interp(x, animation.curve_x, curve)), float(change) + 1e-9


def _check_identity_and_floor(a) -> None:
    assert np.allclose(a.cross_entropy, a.entropy + a.kl_divergence, atol=1e-9)
    assert np.all(a.kl_divergence >= 0)
    assert np.min(a.curve) >= a.entropy - 1e-9
    for t in range(a.steps + 1):
        inside = a.curve_x[0] <= a.position[t] <= a.curve_x[-1]
        if inside:
            value, error = _at_position(a, t)
            assert value == pytest.approx(a.cross_entropy[t], abs=error)


@pytest.mark.parametrize("base", [None, 2])
def test_bernoulli_curve_is_the_coin_cross_entropy_and_the_ends_match_the_path(base):
    x = draw_bernoulli(0.7, 200, seed=3)
    path = fit_path_bernoulli(x, 0.05, step_size=0.7, steps=60, base=base)
    a = bernoulli_animation(path, 200, labels=("T", "H"), base=base, curve_points=CURVE_POINTS)
    p_hat = x.mean()
    assert a.observed.tolist() == pytest.approx([1 - p_hat, p_hat])
    assert np.allclose(a.curve, coin_cross_entropy(p_hat, a.curve_x, base=base))
    assert np.allclose(a.model.sum(axis=1), 1.0)
    assert a.outcomes.tolist() == ["T", "H"]
    # log L = sum of log q(x_i), computed directly
    log = np.log if base is None else np.log2
    q_last = a.position[-1]
    direct = np.sum(np.where(x == 1, log(q_last), log(1 - q_last)))
    assert a.log_likelihood[-1] == pytest.approx(direct, rel=1e-9)
    assert a.best_log_likelihood == pytest.approx(-200 * entropy([1 - p_hat, p_hat], base=base))
    _check_identity_and_floor(a)


@given(p=pmfs(min_size=3, max_size=8, zeros=False), q0=pmfs(min_size=3, max_size=8, zeros=False))
def test_categorical_slices_pass_through_the_model_and_bottom_at_p_hat(p, q0):
    if p.shape != q0.shape:
        q0 = np.full(p.shape, 1.0 / p.shape[0])
    path = fit_path_categorical(p, q0, step_size=1.0, steps=30)
    a = categorical_animation(path, 50, curve_points=CURVE_POINTS)
    k = path.parameter_names.index(a.parameter_name[2:-1])
    assert np.allclose(a.position, path.parameters[:, k])
    # every slice is lowest where q_k = p_k (the other proportions do not move it)
    lowest = a.curve_x[np.argmin(a.curve, axis=1)]
    spacing = a.curve_x[1] - a.curve_x[0]
    inside = (p[k] > a.curve_x[0]) & (p[k] < a.curve_x[-1])
    if inside:
        assert np.all(np.abs(lowest - p[k]) <= spacing)
    _check_identity_and_floor(a)


def test_categorical_slice_at_the_last_step_reaches_the_floor():
    x = draw_categorical([0.1, 0.2, 0.3, 0.4], 400, seed=5)
    d = empirical_distribution(x)
    path = fit_path_categorical(d, [0.25] * 4, method="newton", steps=30, base=2)
    a = categorical_animation(path, 400, base=2, along=3, curve_points=CURVE_POINTS)
    assert a.outcomes.tolist() == ["1", "2", "3", "4"]
    assert a.parameter_name == "q(4)"
    assert np.min(a.curve[-1]) == pytest.approx(entropy(d.probabilities, base=2), abs=1e-4)
    # the slice's first point: q(4) at the grid's start, the others in the MLE's proportions
    x0 = a.curve_x[0]
    others = (1 - x0) * path.mle[:3] / path.mle[:3].sum()
    q = np.append(others, x0)
    assert a.curve[-1][0] == pytest.approx(cross_entropy(d.probabilities, q, base=2))


def test_gaussian_sample_identity_is_against_the_best_gaussian():
    x = draw_mixture(GaussianMixture([1.0], [1.0], [0.8]), 300, seed=4)
    fit = fit_gaussian(x)
    path = fit_path_gaussian(x, fit.mu - 3 * fit.sigma, 2.5 * fit.sigma, step_size=0.3, base=2)
    a = gaussian_animation(
        path, x, base=2, curve_points=CURVE_POINTS, density_points=DENSITY_POINTS
    )
    assert a.identity_of == "best_gaussian"
    assert a.reference is None
    assert a.kl_divergence[-1] == pytest.approx(0.0, abs=1e-9)
    assert a.position[-1] == pytest.approx(fit.mu, abs=1e-5)
    _check_identity_and_floor(a)
    # the histogram and the fitted model are densities
    assert np.sum(a.observed) * a.bin_width == pytest.approx(1.0)
    assert np.trapezoid(a.model[-1], a.grid) == pytest.approx(1.0, abs=2e-3)
    assert a.grid[0] <= x.min() and a.grid[-1] >= x.max()


def test_misspecified_gaussian_keeps_a_positive_floor_against_the_truth():
    x = draw_mixture(BIMODAL, 400, seed=1)
    fit = fit_gaussian(x)
    path = fit_path_gaussian(
        x, fit.mu - 3 * fit.sigma, 2.5 * fit.sigma, step_size=0.3, base=2, true_p=BIMODAL
    )
    a = gaussian_animation(
        path, x, base=2, true_p=BIMODAL, curve_points=CURVE_POINTS, density_points=DENSITY_POINTS
    )
    assert a.identity_of == "truth"
    assert a.entropy == pytest.approx(mixture_entropy(BIMODAL, base=2))
    best = mixture_kl_divergence(BIMODAL, BIMODAL.mean, BIMODAL.standard_deviation, base=2)
    assert best > 0.5
    assert a.kl_divergence[-1] >= best - 1e-9
    assert a.kl_divergence[-1] == pytest.approx(best, abs=0.01)  # the sample's moments are near P's
    assert np.allclose(a.reference, BIMODAL.pdf(a.grid))
    _check_identity_and_floor(a)


def test_gaussian_with_truth_needs_a_path_that_knows_the_truth():
    x = draw_mixture(BIMODAL, 50, seed=1)
    path = fit_path_gaussian(x, 0.0, 1.0, steps=5)
    with pytest.raises(ValueError, match="true_p"):
        gaussian_animation(
            path, x, true_p=BIMODAL, curve_points=CURVE_POINTS, density_points=DENSITY_POINTS
        )


def test_unit_of_the_path_and_base_must_agree():
    path = fit_path_bernoulli(0.5, 0.2, steps=3, base=2)
    with pytest.raises(ValueError, match="bits"):
        bernoulli_animation(path, 10, base=None, curve_points=CURVE_POINTS)


def test_forward_reverse_densities_follow_both_paths():
    forward = fit_forward_kl(BIMODAL, 1.0, 0.5, step_size=0.1, steps=40, base=2)
    reverse = fit_reverse_kl(BIMODAL, 1.0, 0.5, step_size=0.1, steps=40, base=2)
    a = forward_reverse_animation(BIMODAL, forward, reverse, density_points=DENSITY_POINTS)
    assert a.forward_density.shape == a.reverse_density.shape == (41, a.x.shape[0])
    assert np.allclose(a.p_density, BIMODAL.pdf(a.x))
    mu, sigma = reverse.parameters[-1]
    assert np.allclose(a.reverse_density[-1], normal_density(a.x, mu, sigma))
    assert np.array_equal(a.forward_kl, forward.forward_kl_divergence)
    assert np.array_equal(a.reverse_kl, reverse.reverse_kl_divergence)
    assert np.trapezoid(a.p_density, a.x) == pytest.approx(1.0, abs=1e-3)
