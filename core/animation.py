r"""The numbers an animated fit draws, frame by frame: pure numpy, no plotting.

A fitting path (:class:`core.fitting.FitPath`) holds the parameters and the three numbers of
:math:`H(\hat P, Q_t) = H(\hat P) + \mathrm{KL}(\hat P\|Q_t)` at every step. To animate it a
figure also needs, per step, the model over the data's outcomes (probabilities or a density on a
grid) and the cross-entropy as a curve along one parameter with the point :math:`\theta_t` on it.
This module computes those arrays once per path, so the figure builder only lays them out.

The curve is a *slice*: :math:`H(\hat P, Q)` as one parameter varies and the others keep their
values at step t. For a coin it is the whole curve over q. For a categorical model it runs over
the probability of one outcome, the others keeping their proportions; for a Gaussian it runs over
the mean at the current width. Each slice passes through :math:`(\theta_t, H(\hat P, Q_t))`, and
its lowest point reaches the floor only once the other parameters are right.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from core.coin import coin_cross_entropy
from core.continuous import (
    GaussianMixture,
    gaussian_cross_entropy,
    mixture_cross_entropy,
    mixture_entropy,
    normal_density,
)
from core.divergence import cross_entropy, unit_name
from core.fitting import FitPath
from core.forward_reverse import GaussianKLPath
from core.histogram import histogram
from core.samples import _as_numbers

__all__ = [
    "FitAnimation",
    "ForwardReverseAnimation",
    "bernoulli_animation",
    "categorical_animation",
    "forward_reverse_animation",
    "gaussian_animation",
]

#: A probability on a slice stays this far from 0 and 1 (the cross-entropy is infinite there).
EDGE = 0.004


@dataclass(frozen=True)
class FitAnimation:
    r"""The arrays of one animated maximum-likelihood fit; frame t = 0..T on the first axis.

    Attributes
    ----------
    unit : str
        Unit of every information quantity.
    continuous : bool
        True: ``observed`` is a histogram density at ``outcomes`` (bin centres) and ``model``
        a density on ``grid``; False: both are probabilities per outcome and ``grid`` is
        ``outcomes``.
    outcomes : ndarray (K,)
        Category labels (str), or histogram bin centres.
    observed : ndarray (K,)
        :math:`\hat P` per outcome, or the histogram's density per bin.
    bin_width : float or None
        Width of the histogram bins.
    grid : ndarray (G,)
        Where the model is evaluated (the outcomes, or points of the x axis).
    model : ndarray (T + 1, G)
        :math:`Q_t` over ``grid``.
    reference : ndarray (G,) or None
        The true density P over ``grid`` when the data were drawn from a known P.
    parameter_name : str
        The parameter the curve runs along (``"q"``, ``"q(6)"``, ``"μ"``).
    curve_x : ndarray (C,)
        Values of that parameter.
    curve : ndarray (C,) or (T + 1, C)
        The cross-entropy along ``curve_x``: one fixed curve, or one slice per step.
    position : ndarray (T + 1,)
        The parameter at step t.
    cross_entropy, kl_divergence : ndarray (T + 1,)
        The two numbers of the identity at step t, in ``unit``; ``cross_entropy = entropy +
        kl_divergence``.
    entropy : float
        The floor.
    log_likelihood : ndarray (T + 1,)
        The sample's log-likelihood :math:`\log L(\theta_t) = n\,\ell(\theta_t)` in ``unit``.
    best_log_likelihood : float
        :math:`\log L` at the closed-form MLE.
    readout_names : tuple of str
        Parameters shown live during playback.
    readout_values : ndarray (T + 1, len(readout_names))
        Their values at step t.
    identity_of : str
        The distribution the identity is about: ``"sample"`` (:math:`\hat P`),
        ``"best_gaussian"`` (:math:`\hat N`, the sample's best Gaussian, for a continuous
        sample) or ``"truth"`` (the true distribution P).
    """

    unit: str
    continuous: bool
    outcomes: np.ndarray
    observed: np.ndarray
    bin_width: float | None
    grid: np.ndarray
    model: np.ndarray
    reference: np.ndarray | None
    parameter_name: str
    curve_x: np.ndarray
    curve: np.ndarray
    position: np.ndarray
    cross_entropy: np.ndarray
    kl_divergence: np.ndarray
    entropy: float
    log_likelihood: np.ndarray
    best_log_likelihood: float
    readout_names: tuple[str, ...]
    readout_values: np.ndarray
    identity_of: str = "sample"

    @property
    def steps(self) -> int:
        """T, the number of steps."""
        return int(self.position.shape[0]) - 1


def _check_unit(path: FitPath, base: float | None) -> None:
    if unit_name(base) != path.unit:
        raise ValueError(f"`base` gives {unit_name(base)} but the path is in {path.unit}")


def _check_n(n: int) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError("`n` must be the sample size, a positive whole number")
    return int(n)


# Densities -----------------------------------------------------------------------


# The MLE animations -------------------------------------------------------------------------------


def bernoulli_animation(
    path: FitPath,
    n: int,
    *,
    labels: Sequence[str] = ("0", "1"),
    base: float | None = None,
    curve_points: int,
) -> FitAnimation:
    r"""Arrays for a coin's fit: bars over (failure, success) and the whole curve over q.

    Parameters
    ----------
    path : FitPath
        From :func:`core.fitting.fit_path_bernoulli`.
    n : int
        The sample size (the log-likelihood is ``n`` times the path's average).
    labels : (str, str)
        Names of the failure and the success outcome.
    base : float, optional
        The path's logarithm base (None for nats, 2 for bits).
    curve_points : int
        Points of the cross-entropy curve over q.

    Examples
    --------
    >>> from core.fitting import fit_path_bernoulli
    >>> a = bernoulli_animation(fit_path_bernoulli(0.7, 0.2, steps=40), 10, curve_points=161)
    >>> a.model.shape, a.curve.shape, round(float(a.position[-1]), 4)
    ((41, 2), (161,), 0.7)
    """
    _check_unit(path, base)
    n = _check_n(n)
    p_hat = float(path.mle[0])
    q = path.parameters[:, 0]
    grid = np.linspace(EDGE, 1.0 - EDGE, curve_points)
    outcomes = np.array([str(labels[0]), str(labels[1])])
    return FitAnimation(
        unit=path.unit,
        continuous=False,
        outcomes=outcomes,
        observed=np.array([1.0 - p_hat, p_hat]),
        bin_width=None,
        grid=outcomes,
        model=np.column_stack([1.0 - q, q]),
        reference=None,
        parameter_name="q",
        curve_x=grid,
        curve=np.asarray(coin_cross_entropy(p_hat, grid, base=base)),
        position=q,
        cross_entropy=path.cross_entropy,
        kl_divergence=path.kl_divergence,
        entropy=path.entropy,
        log_likelihood=n * path.log_likelihood,
        best_log_likelihood=-n * path.entropy,
        readout_names=("q",),
        readout_values=q[:, None],
    )


def categorical_animation(
    path: FitPath,
    n: int,
    *,
    base: float | None = None,
    along: int | None = None,
    curve_points: int,
) -> FitAnimation:
    r"""Arrays for a categorical fit: bars per outcome, the curve along one outcome's probability.

    The curve runs along :math:`q_k` for the outcome k whose probability moves most (or
    ``along``), the other outcomes keeping their proportions at step t:
    :math:`Q(x) = (x \text{ at } k,\ (1 - x)\,q_{t,j}/(1 - q_{t,k}) \text{ elsewhere})`. Its
    lowest point is at :math:`x = \hat p_k` whatever the proportions.

    Examples
    --------
    >>> from core.fitting import fit_path_categorical
    >>> path = fit_path_categorical([0.5, 0.3, 0.2], [0.2, 0.3, 0.5], steps=30)
    >>> a = categorical_animation(path, 10, curve_points=161)
    >>> a.parameter_name, a.curve.shape
    ('q(q1)', (31, 161))
    >>> bool(abs(a.curve[5].min() - a.curve[5][np.argmin(abs(a.curve_x - 0.5))]) < 1e-3)
    True
    """
    _check_unit(path, base)
    n = _check_n(n)
    q = path.parameters
    p_hat = path.mle
    k = int(np.argmax(np.abs(p_hat - q[0]))) if along is None else int(along)
    x = np.linspace(EDGE, 1.0 - EDGE, curve_points)
    others = np.delete(q, k, axis=1)
    proportions = others / others.sum(axis=1, keepdims=True)  # (T+1, K-1)
    slices = np.empty((q.shape[0], x.shape[0], q.shape[1]))
    slices[:, :, k] = x
    rest = (1.0 - x)[None, :, None] * proportions[:, None, :]
    slices[:, :, np.arange(q.shape[1]) != k] = rest
    curve = np.asarray(cross_entropy(p_hat, slices, base=base))
    names = path.parameter_names
    return FitAnimation(
        unit=path.unit,
        continuous=False,
        outcomes=np.array(names),
        observed=p_hat,
        bin_width=None,
        grid=np.array(names),
        model=q,
        reference=None,
        parameter_name=f"q({names[k]})",
        curve_x=x,
        curve=curve,
        position=q[:, k],
        cross_entropy=path.cross_entropy,
        kl_divergence=path.kl_divergence,
        entropy=path.entropy,
        log_likelihood=n * path.log_likelihood,
        best_log_likelihood=-n * path.entropy,
        readout_names=(f"q({names[k]})",),
        readout_values=q[:, [k]],
    )


def gaussian_animation(
    path: FitPath,
    x: ArrayLike,
    *,
    base: float | None = None,
    true_p: GaussianMixture | None = None,
    curve_points: int,
    density_points: int,
) -> FitAnimation:
    r"""Arrays for a Gaussian fit: the density over a histogram, the curve along μ.

    Parameters
    ----------
    path : FitPath
        From :func:`core.fitting.fit_path_gaussian` on ``x``.
    x : array_like
        The sample.
    base : float, optional
        The path's logarithm base.
    true_p : GaussianMixture, optional
        The distribution the sample was drawn from. Without it the identity is the one the fit
        minimises exactly, :math:`H(\hat P, Q) = H(\hat N) + \mathrm{KL}(\hat N\|Q)` with
        :math:`\hat N` the Gaussian of the sample's mean and variance (a continuous sample has
        no density of its own). With it, the identity is against the truth,
        :math:`H(P, Q_t) = H(P) + \mathrm{KL}(P\|Q_t)`, whose KL keeps a positive floor when P
        is not Gaussian (the path must then carry ``true_kl_divergence``).
    curve_points, density_points : int
        Points of the cross-entropy curve along μ and of the density grid.

    Notes
    -----
    The curve runs along μ at the current width :math:`\sigma_t`; for a Gaussian Q the
    cross-entropy depends on the data only through their mean and variance, so every slice is
    lowest at :math:`\mu = \bar x` (or :math:`\mathbb E_P X`).

    Examples
    --------
    >>> from core.fitting import fit_path_gaussian
    >>> x = np.array([0.0, 1.0, 2.0, 3.0])
    >>> path = fit_path_gaussian(x, -1.0, 2.0, steps=60)
    >>> a = gaussian_animation(path, x, curve_points=161, density_points=161)
    >>> a.identity_of, a.curve.shape, float(a.kl_divergence[-1].round(6))
    ('best_gaussian', (61, 161), 0.0)
    """
    _check_unit(path, base)
    x = _as_numbers(x, "x")
    n = x.shape[0]
    mu, sigma = path.parameters[:, 0], path.parameters[:, 1]
    mean, sd = float(path.mle[0]), float(path.mle[1])
    # The data, and the start model as far as it stays within a few spreads of the data.
    low = min(float(np.min(x)), max(mu[0] - 2.5 * sigma[0], mean - 4.0 * sd))
    high = max(float(np.max(x)), min(mu[0] + 2.5 * sigma[0], mean + 4.0 * sd))
    pad = 0.05 * (high - low)
    grid = np.linspace(low - pad, high + pad, density_points)
    binned = histogram(x)
    model = normal_density(grid[None, :], mu[:, None], sigma[:, None])

    centre = mean if true_p is None else true_p.mean
    spread = sd if true_p is None else true_p.standard_deviation
    mu_low = min(mu[0], centre) - 1.2 * spread
    mu_high = max(mu[0], centre) + 1.2 * spread
    curve_x = np.linspace(mu_low, mu_high, curve_points)
    if true_p is None:
        curve = gaussian_cross_entropy(mean, sd, curve_x[None, :], sigma[:, None], base=base)
        floor, kl, identity_of = path.entropy, path.kl_divergence, "best_gaussian"
        cross, reference = path.cross_entropy, None
    else:
        if path.true_kl_divergence is None:
            raise ValueError("with `true_p`, fit the path with `true_p` too (true KL needed)")
        curve = mixture_cross_entropy(true_p, curve_x[None, :], sigma[:, None], base=base)
        floor, kl = mixture_entropy(true_p, base=base), path.true_kl_divergence
        identity_of = "truth"
        cross = np.asarray(mixture_cross_entropy(true_p, mu, sigma, base=base))
        reference = true_p.pdf(grid)
    return FitAnimation(
        unit=path.unit,
        continuous=True,
        outcomes=binned.centres,
        observed=binned.density,
        bin_width=binned.width,
        grid=grid,
        model=model,
        reference=reference,
        parameter_name="μ",
        curve_x=curve_x,
        curve=np.asarray(curve),
        position=mu,
        cross_entropy=np.asarray(cross),
        kl_divergence=np.asarray(kl),
        entropy=float(floor),
        log_likelihood=n * path.log_likelihood,
        best_log_likelihood=-n * path.entropy,
        readout_names=("μ", "σ"),
        readout_values=path.parameters,
        identity_of=identity_of,
    )


# Forward against reverse KL -----------------------------------------------------------------------


@dataclass(frozen=True)
class ForwardReverseAnimation:
    """Two Gaussian fits to one mixture P, step by step.

    Densities are over ``x``; the KL arrays are the divergence each fit minimises, per step, in
    ``unit``. ``forward_parameters`` and ``reverse_parameters`` are (μ_t, σ_t).
    """

    unit: str
    x: np.ndarray
    p_density: np.ndarray
    forward_density: np.ndarray
    reverse_density: np.ndarray
    forward_kl: np.ndarray
    reverse_kl: np.ndarray
    forward_parameters: np.ndarray
    reverse_parameters: np.ndarray


def forward_reverse_animation(
    p: GaussianMixture, forward: GaussianKLPath, reverse: GaussianKLPath, *, density_points: int
) -> ForwardReverseAnimation:
    """Densities on one grid (P's support and both paths' starts) and the minimised KLs.

    Examples
    --------
    >>> from core.forward_reverse import fit_forward_kl, fit_reverse_kl
    >>> p = GaussianMixture([0.5, 0.5], [-2.0, 2.0], [0.5, 0.5])
    >>> a = forward_reverse_animation(
    ...     p,
    ...     fit_forward_kl(p, 1.0, 1.0, steps=30),
    ...     fit_reverse_kl(p, 1.0, 1.0, steps=30),
    ...     density_points=161,
    ... )
    >>> a.forward_density.shape, a.reverse_density.shape
    ((31, 161), (31, 161))
    """
    if forward.unit != reverse.unit:
        raise ValueError("the two paths must be in the same unit")
    low, high = p.support(width=4.0)
    for path in (forward, reverse):
        mu0, sigma0 = path.parameters[0]
        low, high = min(low, mu0 - 2.5 * sigma0), max(high, mu0 + 2.5 * sigma0)
    x = np.linspace(low, high, density_points)

    def densities(path: GaussianKLPath) -> np.ndarray:
        mu, sigma = path.parameters[:, 0], path.parameters[:, 1]
        return normal_density(x[None, :], mu[:, None], sigma[:, None])

    return ForwardReverseAnimation(
        unit=forward.unit,
        x=x,
        p_density=p.pdf(x),
        forward_density=densities(forward),
        reverse_density=densities(reverse),
        forward_kl=forward.forward_kl_divergence,
        reverse_kl=reverse.reverse_kl_divergence,
        forward_parameters=forward.parameters,
        reverse_parameters=reverse.parameters,
    )
