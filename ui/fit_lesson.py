"""The numbers of the two fitting lessons (/mle and /forward_reverse): the sample, the fit along
its path, and its animation.

Nothing here draws or reads a widget: ``ui.fit_controls`` reads the choices, ``ui.fit_reports``
puts the results into words and ``ui.fit_display`` shows them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from core import empirical_distribution, fit_gaussian
from core.animation import (
    FitAnimation,
    ForwardReverseAnimation,
    bernoulli_animation,
    categorical_animation,
    forward_reverse_animation,
    gaussian_animation,
)
from core.categorical import MAX_OUTCOMES, PRESETS, preset_distribution
from core.continuous import GaussianMixture
from core.fitting import FitPath, fit_path_bernoulli, fit_path_categorical, fit_path_gaussian
from core.forward_reverse import (
    GaussianKLPath,
    ReverseKLMinima,
    fit_forward_kl,
    fit_reverse_kl,
    reverse_kl_minima,
)
from core.sampling import (
    BIMODAL_WIDTH,
    DIE_FACES,
    bimodal_mixture,
    draw_bernoulli,
    draw_categorical,
    draw_mixture,
)
from ui.figures.animated import CURVE_POINTS, DENSITY_POINTS
from ui.shared_sample import SharedSample
from ui.user_text import as_text

#: The die presets by the name a person reads (the URL value) and core's key.
DIE_PRESETS = {label: key for key, label in PRESETS.items()}
#: The families whose model is a Gaussian.
GAUSSIAN_FAMILIES = ("Gaussian", "Bimodal")


# The MLE lesson ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MLEData:
    """The sample of the lesson and what is known about where it came from."""

    values: np.ndarray
    description: str
    true_p: GaussianMixture | None = None
    labels: tuple[str, str] = ("0", "1")


@dataclass(frozen=True)
class MLEFit:
    """A fit ready to draw: the path, its animation, and the sample it was fitted to."""

    family: str
    method: str
    step_size: float | None
    data: MLEData
    path: FitPath
    animation: FitAnimation

    @property
    def misspecified(self) -> bool:
        return self.data.true_p is not None and self.family == "Bimodal"


def generated_data(family: str, *, n: int, seed: int, truth: Mapping[str, float | str]) -> MLEData:
    """``n`` draws with ``seed`` from the true distribution of ``family``, set by ``truth``:
    ``p`` for a coin, ``die`` (a name of ``DIE_PRESETS``) for a die, ``mu`` and ``sigma`` for a
    Gaussian, ``separation`` and ``weight`` (of the left mode) for the bimodal mixture."""
    if family == "Coin":
        p = truth["p"]
        values = draw_bernoulli(p, n, seed)
        return MLEData(values, f"{n} tosses of a coin with p = {p:.2f} (seed {seed})")
    if family == "Die":
        name = truth["die"]
        p = preset_distribution(DIE_PRESETS[name], DIE_FACES)
        values = draw_categorical(p, n, seed)
        return MLEData(values, f"{n} rolls of a {name.lower()} (seed {seed})")
    if family == "Gaussian":
        mu, sigma = truth["mu"], truth["sigma"]
        values = draw_mixture(GaussianMixture([1.0], [mu], [sigma]), n, seed)
        return MLEData(values, f"{n} draws from N({mu:g}, {sigma:g}²) (seed {seed})")
    separation, weight = truth["separation"], truth["weight"]
    mixture = bimodal_mixture(separation, weight)
    values = draw_mixture(mixture, n, seed)
    description = (
        f"{n} draws from {weight:g}·N({-separation / 2:g}, {BIMODAL_WIDTH}²) + "
        f"{1 - weight:g}·N({separation / 2:g}, {BIMODAL_WIDTH}²) (seed {seed})"
    )
    return MLEData(values, description, true_p=mixture)


def shared_data(family: str, sample: SharedSample) -> MLEData:
    """The sample chosen on /samples as data for ``family``; a ValueError with a message for
    people when the family cannot fit it."""
    described = f"your sample “{as_text(sample.name)}” (n = {sample.n})"
    if family in GAUSSIAN_FAMILIES:
        if not sample.numeric:
            raise ValueError(
                "A Gaussian model needs numbers, and your sample holds text labels. "
                "Choose the coin or the die."
            )
        if np.ptp(sample.values) == 0:
            raise ValueError("All values of your sample are equal: a Gaussian would have σ = 0.")
        return MLEData(sample.values, described)
    distribution = empirical_distribution(sample.values)
    k = distribution.outcomes.shape[0]
    if family == "Coin":
        if k != 2:
            raise ValueError(
                f"A coin has two sides, but your sample has {k:,} different values. "
                "Choose the die (up to 20 values) or a Gaussian model, or another sample."
            )
        labels = tuple(str(o) if not sample.numeric else f"{o:g}" for o in distribution.outcomes)
        values = (sample.values == distribution.outcomes[1]).astype(float)
        return MLEData(values, described + f", counting “{as_text(labels[1])}” as 1", labels=labels)
    if family == "Die":
        if k > MAX_OUTCOMES:
            raise ValueError(
                f"Your sample has {k:,} different values; the categorical lesson takes at most "
                f"{MAX_OUTCOMES}. For measurements choose a Gaussian model."
            )
        if k < 2:
            raise ValueError("Your sample has only one value: there is nothing to fit.")
    return MLEData(sample.values, described)


def mle_fit(
    family: str,
    data: MLEData,
    *,
    start,
    method: str,
    step_size: float | None,
    steps: int,
    base: float | None,
) -> MLEFit:
    """Fit ``family`` to the data along ``steps`` steps and lay out the animation. ``start`` is
    what ``ui.fit_controls.mle_start`` returns for the family."""
    x = data.values
    n = x.shape[0]
    if family == "Coin":
        path = fit_path_bernoulli(
            x, start, method=method, step_size=step_size, steps=steps, base=base
        )
        animation = bernoulli_animation(
            path, n, labels=data.labels, base=base, curve_points=CURVE_POINTS
        )
    elif family == "Die":
        distribution = empirical_distribution(x)
        q0 = preset_distribution(DIE_PRESETS[start], distribution.outcomes.shape[0])
        path = fit_path_categorical(
            distribution, q0, method=method, step_size=step_size, steps=steps, base=base
        )
        animation = categorical_animation(path, n, base=base, curve_points=CURVE_POINTS)
    else:
        fit = fit_gaussian(x)
        z0, r0 = start
        truth = data.true_p if family == "Bimodal" else None
        path = fit_path_gaussian(
            x,
            fit.mu + z0 * fit.sigma,
            r0 * fit.sigma,
            method=method,
            step_size=step_size,
            steps=steps,
            base=base,
            true_p=truth,
        )
        animation = gaussian_animation(
            path,
            x,
            base=base,
            true_p=truth,
            curve_points=CURVE_POINTS,
            density_points=DENSITY_POINTS,
        )
    return MLEFit(family, method, step_size, data, path, animation)


def parameter_names(path: FitPath) -> list[str]:
    """Names of the path's parameters as people read them (μ, σ; q(1) … for a die)."""
    if path.parameter_names == ("mu", "sigma"):
        return ["μ", "σ"]
    if path.parameter_names == ("q",):
        return ["q"]
    return [f"q({name})" for name in path.parameter_names]


# Forward against reverse KL -------------------------------------------------------------------


@dataclass(frozen=True)
class ForwardReverse:
    """Both fits of one Gaussian to the mixture P, the local minima of the reverse KL (the
    reverse fit ends in one of them, or on a saddle), and the MLE of a large sample from P."""

    p: GaussianMixture
    forward: GaussianKLPath
    reverse: GaussianKLPath
    animation: ForwardReverseAnimation
    large_sample_fit: tuple[float, float]
    large_n: int
    reverse_minima: ReverseKLMinima


#: The sample whose MLE stands next to the moment-matched fit.
LARGE_N = 100_000


def forward_reverse_fit(
    p: GaussianMixture,
    mu0: float,
    sigma0: float,
    *,
    step_size: float,
    steps: int,
    seed: int,
    base: float | None,
) -> ForwardReverse:
    """Both descents from (μ₀, σ₀), the reverse KL's local minima, and the Gaussian MLE of
    ``LARGE_N`` draws from P."""
    forward = fit_forward_kl(p, mu0, sigma0, step_size=step_size, steps=steps, base=base)
    reverse = fit_reverse_kl(p, mu0, sigma0, step_size=step_size, steps=steps, base=base)
    mle = fit_gaussian(draw_mixture(p, LARGE_N, seed))
    return ForwardReverse(
        p=p,
        forward=forward,
        reverse=reverse,
        animation=forward_reverse_animation(p, forward, reverse, density_points=DENSITY_POINTS),
        large_sample_fit=(mle.mu, mle.sigma),
        large_n=LARGE_N,
        reverse_minima=reverse_kl_minima(p, base=base),
    )
