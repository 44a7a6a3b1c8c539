r"""Maximum-likelihood fits as paths, for the animation: gradient ascent and Newton's method.

Each step moves a model :math:`Q_\theta` uphill on the average log-likelihood of a sample,

.. math:: \ell(\theta) = \frac{1}{n}\sum_i \log Q_\theta(x_i) = -H(\hat P, Q_\theta)
          = -H(\hat P) - \mathrm{KL}(\hat P \| Q_\theta),

so the cross-entropy and the KL fall together and the entropy is the floor they cannot pass. The
parameters are moved in unconstrained coordinates, so a model never leaves its family and nothing
is ever clipped: the logit of q for a coin, softmax logits for a categorical model, and
:math:`(\mu, \log\sigma)` for a Gaussian. Every step uses sufficient statistics only (the
fraction of successes, the empirical distribution, or the mean and variance), so a path costs the
same for ten samples as for a million.

The two methods:

- ``"gradient"``: :math:`\theta_{t+1} = \theta_t + \eta\,\nabla\ell(\theta_t)` with a fixed step
  size :math:`\eta`. For the Gaussian the step is taken in standard units (the mean measured in
  units of the sample's standard deviation), so one step size suits data on any scale, and a
  step longer than one standard unit is shortened to one (gradient clipping: with σ far below
  the data's spread the gradient in log σ is huge).
- ``"newton"``: :math:`\theta_{t+1} = \theta_t - \eta\,[\nabla^2\ell]^{-1}\nabla\ell`, with the
  step halved until the log-likelihood rises (backtracking), so the likelihood never falls.
  Where the Gaussian's Hessian is not negative definite (a mean more than
  :math:`\hat\sigma` from :math:`\bar x`) its diagonal, which always is, stands in for it.
  A logit's first trial moves it by at most 4 (a trust region: near the edges a logit's
  curvature is tiny, and a full Newton step would fly far past the optimum).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from core._validation import as_distribution, log_base
from core.continuous import (
    GaussianMixture,
    gaussian_cross_entropy,
    gaussian_entropy,
    gaussian_kl_divergence,
    mixture_kl_divergence,
)
from core.divergence import entropy as categorical_entropy
from core.divergence import unit_name
from core.samples import EmpiricalDistribution, _success_fraction, fit_gaussian

__all__ = [
    "FitPath",
    "fit_path_bernoulli",
    "fit_path_categorical",
    "fit_path_gaussian",
]

METHODS = ("gradient", "newton")
#: Most halvings of a Newton step before the step is given up (the path then stays put).
MAX_HALVINGS = 60
#: Largest change of a logit one Newton step may try (a trust region, not a clip of the model).
MAX_LOGIT_STEP = 4.0
#: Longest gradient step of a Gaussian fit, in standard units (gradient clipping).
MAX_GAUSSIAN_STEP = 1.0
_ARMIJO = 1e-4
#: Changes of the objective below this (relative) are round-off, not a fall (near convergence).
_ROUND_OFF = 4e-16
#: Beyond this |log sigma| a Gaussian's sigma or 1/sigma^2 no longer fits in a float.
_LARGEST_LOG_SIGMA = 300.0


@dataclass(frozen=True)
class FitPath:
    r"""A fitting path :math:`\theta_0, \dots, \theta_T` and the numbers of every step, in one unit.

    Attributes
    ----------
    parameters : ndarray, shape (T + 1, d)
        The models in the parameters a person reads: ``q`` for a coin, the probability vector
        for a categorical model, ``(mu, sigma)`` for a Gaussian. Row 0 is the start.
    parameter_names : tuple of str
        A name per column: ``("q",)``, the outcomes, or ``("mu", "sigma")``.
    cross_entropy : ndarray, shape (T + 1,)
        :math:`H(\hat P, Q_t)`, the average negative log-likelihood.
    kl_divergence : ndarray, shape (T + 1,)
        ``cross_entropy - entropy``: :math:`\mathrm{KL}(\hat P\|Q_t)` for discrete data; for a
        Gaussian fit of a sample, the excess over the best Gaussian (see ``entropy``).
    log_likelihood : ndarray, shape (T + 1,)
        The average log-likelihood :math:`\frac1n\sum_i\log Q_t(x_i) = -H(\hat P, Q_t)`.
    entropy : float
        The floor of the cross-entropy. For discrete data :math:`H(\hat P)`. For a Gaussian fit of
        a continuous sample, :math:`H(\hat P)` itself is :math:`-\infty` (the sample has no
        density), so the floor is the cross-entropy at the MLE,
        :math:`\frac12\log(2\pi e\hat\sigma^2)`, the entropy of the best-fitting Gaussian
        :math:`\hat N`; then ``kl_divergence`` is exactly :math:`\mathrm{KL}(\hat N\|Q_t)`.
    mle : ndarray, shape (d,)
        The closed-form maximum-likelihood estimate, in the same parameters.
    unit : str
        ``"nats"``, ``"bits"``, ...
    method : str
        ``"gradient"`` or ``"newton"``.
    true_kl_divergence : ndarray or None
        :math:`\mathrm{KL}(P\|Q_t)` against the true distribution when it was given (a Gaussian
        fit of a sample from a known mixture): it ends at a positive floor when the family is
        misspecified.
    """

    parameters: np.ndarray
    parameter_names: tuple[str, ...]
    cross_entropy: np.ndarray
    kl_divergence: np.ndarray
    log_likelihood: np.ndarray
    entropy: float
    mle: np.ndarray
    unit: str
    method: str
    true_kl_divergence: np.ndarray | None = None

    @property
    def steps(self) -> int:
        """T, the number of steps taken (the path has T + 1 rows)."""
        return int(self.parameters.shape[0] - 1)


# Checks and the optimiser -------------------------------------------------------------------------


def _check_options(method: str, step_size: float | None, steps: int) -> float:
    """Check the shared options; return the step size (1.0 when None)."""
    if method not in METHODS:
        raise ValueError(f"`method` must be 'gradient' or 'newton', not {method!r}")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError("`steps` must be a whole number, 0 or more")
    if step_size is None:
        return 1.0
    if isinstance(step_size, bool) or not isinstance(step_size, (int, float, np.number)):
        raise ValueError("`step_size` must be a positive number")
    if not math.isfinite(step_size) or step_size <= 0:
        raise ValueError("`step_size` must be a positive number")
    return float(step_size)


def _open_probability(value: Any, name: str) -> float:
    """A number strictly between 0 and 1 (a start the logit can represent)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
        raise ValueError(f"`{name}` must be a number strictly between 0 and 1")
    if not 0.0 < float(value) < 1.0:
        raise ValueError(f"`{name}` must lie strictly between 0 and 1 (its logit must be finite)")
    return float(value)


def _ascend(
    theta0: np.ndarray,
    *,
    objective: Callable[[np.ndarray], float],
    gradient: Callable[[np.ndarray], np.ndarray],
    newton_direction: Callable[[np.ndarray, np.ndarray], np.ndarray],
    scale: np.ndarray | float,
    max_step: float | None,
    units: np.ndarray | float = 1.0,
    method: str,
    step_size: float,
    steps: int,
) -> np.ndarray:
    """Run ``steps`` ascent steps from ``theta0`` and return every iterate, shape (T + 1, d).

    ``scale`` multiplies the gradient step coordinate-wise (standard units). Newton steps are
    halved until the Armijo condition holds; after ``MAX_HALVINGS`` the iterate stays put. With
    ``max_step``, no step (gradient) or first trial (Newton) is longer than that, measured in
    ``units`` (Euclidean length): far from the optimum a gradient can be huge (sigma far below
    the data's spread) or a curvature tiny (a logit near the edge), and a full step would fly far
    past the optimum.
    """
    path = np.empty((steps + 1, theta0.shape[0]))
    path[0] = theta = theta0
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for t in range(1, steps + 1):
            g = gradient(theta)
            if method == "gradient":
                step = step_size * scale * g
                if max_step is not None:
                    length = float(np.linalg.norm(step / units))
                    if length > max_step:
                        step = step * (max_step / length)
                theta = theta + step
                if not (np.all(np.isfinite(theta)) and np.isfinite(objective(theta))):
                    raise ValueError(
                        f"gradient ascent diverged at step {t}: take a smaller `step_size` "
                        "or start nearer the data"
                    )
            else:
                direction = newton_direction(theta, g)
                slope = float(g @ direction)
                current = objective(theta)
                size = step_size
                if max_step is not None:
                    length = float(np.linalg.norm(direction / units))
                    size = min(size, max_step / max(length, 1e-300))
                noise = _ROUND_OFF * max(1.0, abs(current))
                for _ in range(MAX_HALVINGS):
                    candidate = theta + size * direction
                    value = objective(candidate)
                    if np.isfinite(value) and value >= current + _ARMIJO * size * slope - noise:
                        theta = candidate
                        break
                    size /= 2
            path[t] = theta
    return path


def _finish(
    parameters: np.ndarray,
    names: tuple[str, ...],
    cross_nats: np.ndarray,
    entropy_nats: float,
    mle: np.ndarray,
    method: str,
    base: float | None,
    *,
    kl_nats: np.ndarray | None = None,
    true_kl: np.ndarray | None = None,
) -> FitPath:
    divisor = log_base(base)
    if kl_nats is None:
        kl_nats = np.maximum(cross_nats - entropy_nats, 0.0)
    return FitPath(
        parameters=parameters,
        parameter_names=names,
        cross_entropy=cross_nats / divisor,
        kl_divergence=kl_nats / divisor,
        log_likelihood=-cross_nats / divisor,
        entropy=float(entropy_nats) / divisor,
        mle=np.asarray(mle, dtype=float),
        unit=unit_name(base),
        method=method,
        true_kl_divergence=true_kl,
    )


def _softplus(a: np.ndarray | float) -> np.ndarray:
    """``log(1 + e^a)`` without overflow."""
    return np.logaddexp(0.0, a)


def _expit(a: np.ndarray | float) -> np.ndarray:
    """The logistic function ``1 / (1 + e^-a)`` without overflow."""
    return np.exp(-_softplus(-np.asarray(a, dtype=float)))


# The coin -----------------------------------------------------------------------------------------


def fit_path_bernoulli(
    data: float | Sequence[Any] | np.ndarray,
    q0: float,
    *,
    success: Any = None,
    method: str = "gradient",
    step_size: float | None = None,
    steps: int = 60,
    base: float | None = None,
) -> FitPath:
    r"""Path of a Bernoulli model from ``q0`` towards the MLE :math:`\hat p`, through the logit.

    Parameters
    ----------
    data : float or sequence
        Either the fraction of successes :math:`\hat p` in [0, 1], or the samples themselves
        (0/1, True/False, or labels with ``success``).
    q0 : float
        The starting model, strictly between 0 and 1.
    success : optional
        With labelled samples, the label that counts as a success.
    method : {"gradient", "newton"}
        Fixed-step gradient ascent, or Newton's method with backtracking.
    step_size : float, optional
        The step :math:`\eta` (default 1.0 for both methods).
    steps : int
        T, the number of steps.
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Returns
    -------
    FitPath
        ``parameters`` of shape (T + 1, 1) holding q.

    Notes
    -----
    With :math:`q = 1/(1 + e^{-\theta})` the average log-likelihood is
    :math:`\ell(\theta) = \hat p\log q + (1 - \hat p)\log(1 - q)`, its gradient is
    :math:`\hat p - q` and its second derivative :math:`-q(1 - q)`, so

    .. math:: \theta_{t+1} = \theta_t + \eta(\hat p - q_t) \quad\text{or}\quad
              \theta_{t+1} = \theta_t + \eta\,\frac{\hat p - q_t}{q_t(1 - q_t)}.

    When :math:`\hat p` is 0 or 1 the MLE sits at an infinite logit: the path approaches it
    without reaching it.

    Examples
    --------
    >>> path = fit_path_bernoulli(0.7, 0.2, method="newton", steps=8)
    >>> round(float(path.parameters[-1, 0]), 9), round(float(path.kl_divergence[-1]), 12)
    (0.7, 0.0)
    >>> bool(np.all(np.diff(path.cross_entropy) <= 0))
    True
    """
    size = _check_options(method, step_size, steps)
    if np.ndim(data) == 0 and not isinstance(data, (str, bytes)):
        p_hat = _open_probability_or_edge(data)
    else:
        successes, n = _success_fraction(data, success)
        p_hat = successes / n
    q0 = _open_probability(q0, "q0")
    log_base(base)

    def objective(theta: np.ndarray) -> float:
        return float(-p_hat * _softplus(-theta[0]) - (1 - p_hat) * _softplus(theta[0]))

    def gradient(theta: np.ndarray) -> np.ndarray:
        return np.array([p_hat - _expit(theta[0])])

    def newton_direction(theta: np.ndarray, g: np.ndarray) -> np.ndarray:
        curvature = _expit(theta[0]) * _expit(-theta[0])
        return g / curvature if curvature > 0 else np.zeros(1)

    theta0 = np.array([math.log(q0) - math.log1p(-q0)])
    thetas = _ascend(
        theta0,
        objective=objective,
        gradient=gradient,
        newton_direction=newton_direction,
        scale=1.0,
        max_step=MAX_LOGIT_STEP,
        method=method,
        step_size=size,
        steps=steps,
    )[:, 0]
    cross = p_hat * _softplus(-thetas) + (1 - p_hat) * _softplus(thetas)
    with np.errstate(divide="ignore", invalid="ignore"):
        entropy_nats = -sum(v * math.log(v) for v in (p_hat, 1 - p_hat) if v > 0)
    q = _expit(thetas)
    q[0] = q0  # exactly the start, not expit(logit(q0))
    return _finish(q[:, None], ("q",), cross, entropy_nats, np.array([p_hat]), method, base)


def _open_probability_or_edge(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
        raise ValueError(
            "`data` must be a fraction of successes in [0, 1] or a sequence of samples"
        )
    value = float(value)
    if not 0.0 <= value <= 1.0:
        raise ValueError("`data` as a fraction of successes must lie between 0 and 1")
    return value


# The categorical model ----------------------------------------------------------------------------


def fit_path_categorical(
    p_hat: EmpiricalDistribution | ArrayLike,
    q0: ArrayLike,
    *,
    method: str = "gradient",
    step_size: float | None = None,
    steps: int = 60,
    base: float | None = None,
) -> FitPath:
    r"""Path of a categorical model from ``q0`` to the MLE :math:`\hat P`, through softmax logits.

    Parameters
    ----------
    p_hat : EmpiricalDistribution or array_like
        The data: an empirical distribution (from :func:`empirical_distribution`), or its
        probability vector laid out over the model's outcomes (zeros allowed, e.g. from
        ``EmpiricalDistribution.probabilities_over``).
    q0 : array_like
        The starting model, one probability per outcome, all positive, summing to 1.
    method : {"gradient", "newton"}
        Fixed-step gradient ascent, or Newton's method with backtracking.
    step_size : float, optional
        The step :math:`\eta` (default 1.0).
    steps : int
        T, the number of steps.
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Returns
    -------
    FitPath
        ``parameters`` of shape (T + 1, K): the probability vectors.

    Notes
    -----
    With :math:`q = \mathrm{softmax}(\theta)`, :math:`\ell(\theta) = \sum_k \hat p_k\log q_k` has
    gradient :math:`\hat p - q`. The Hessian :math:`-(\mathrm{diag}\,q - qq^\top)` is singular
    (adding a constant to every logit changes nothing); the Newton step on the other K - 1
    logits, shifted by a constant, is :math:`\delta_k = \hat p_k / q_k - 1`. Outcomes with
    :math:`\hat p_k = 0` have an MLE of 0 at a logit of :math:`-\infty`: the path approaches it.

    Examples
    --------
    >>> path = fit_path_categorical([0.5, 0.3, 0.2], [1 / 3] * 3, method="newton", steps=10)
    >>> path.parameters[-1].round(9).tolist(), round(float(path.kl_divergence[-1]), 12)
    ([0.5, 0.3, 0.2], 0.0)
    """
    size = _check_options(method, step_size, steps)
    if isinstance(p_hat, EmpiricalDistribution):
        names = tuple(f"{o:g}" if p_hat.numeric else str(o) for o in p_hat.outcomes)
        p = np.asarray(p_hat.probabilities, dtype=float)
    else:
        p = as_distribution(p_hat, "p_hat")
        if p.ndim != 1:
            raise ValueError(f"`p_hat` must be one probability vector, got shape {p.shape}")
        names = tuple(f"q{k + 1}" for k in range(p.shape[0]))
    q0 = as_distribution(q0, "q0")
    if q0.shape != p.shape:
        raise ValueError(
            f"`q0` has shape {q0.shape} but `p_hat` has {p.shape}: one probability per outcome"
        )
    if np.any(q0 <= 0):
        raise ValueError("`q0` must give every outcome a positive probability (finite logits)")
    log_base(base)

    def log_normaliser(theta: np.ndarray) -> float:
        peak = float(np.max(theta))
        return peak + math.log(float(np.sum(np.exp(theta - peak))))

    def softmax(theta: np.ndarray) -> np.ndarray:
        e = np.exp(theta - np.max(theta))
        return e / e.sum()

    def objective(theta: np.ndarray) -> float:
        return float(p @ theta) - log_normaliser(theta)

    def gradient(theta: np.ndarray) -> np.ndarray:
        return p - softmax(theta)

    def newton_direction(theta: np.ndarray, g: np.ndarray) -> np.ndarray:
        q = softmax(theta)
        ratio = np.divide(p, q, out=np.zeros_like(p), where=q > 0)
        return ratio - 1.0

    thetas = _ascend(
        np.log(q0),
        objective=objective,
        gradient=gradient,
        newton_direction=newton_direction,
        scale=1.0,
        max_step=MAX_LOGIT_STEP,
        method=method,
        step_size=size,
        steps=steps,
    )
    peaks = thetas.max(axis=1, keepdims=True)
    exps = np.exp(thetas - peaks)
    totals = exps.sum(axis=1, keepdims=True)
    probabilities = exps / totals
    probabilities[0] = q0  # exactly the start, not softmax(log(q0))
    cross = (peaks[:, 0] + np.log(totals[:, 0])) - np.sum(thetas * p, axis=1)
    entropy_nats = categorical_entropy(p)
    return _finish(probabilities, names, cross, entropy_nats, p, method, base)


# The Gaussian -------------------------------------------------------------------------------------


def _gaussian_parameter_path(
    mean: float,
    variance: float,
    mu0: float,
    sigma0: float,
    *,
    method: str,
    step_size: float,
    steps: int,
) -> np.ndarray:
    r"""(mu, sigma) along ascent on :math:`\ell = -\log\sigma - (v + (m - \mu)^2)/2\sigma^2`.

    Only the mean m and variance v of the data enter. Works in :math:`(\mu, u = \log\sigma)`;
    gradient steps are scaled by ``(v, 1)``, i.e. taken in :math:`(\mu/\sqrt v, u)`.
    """

    def objective(theta: np.ndarray) -> float:
        if abs(theta[1]) > _LARGEST_LOG_SIGMA:  # sigma would overflow or vanish: not a model
            return -math.inf
        d = mean - theta[0]
        return float(-theta[1] - (variance + d * d) * np.exp(-2.0 * theta[1]) / 2.0)

    def gradient(theta: np.ndarray) -> np.ndarray:
        d = mean - theta[0]
        inverse_variance = np.exp(-2.0 * theta[1])
        return np.array([d * inverse_variance, (variance + d * d) * inverse_variance - 1.0])

    def newton_direction(theta: np.ndarray, g: np.ndarray) -> np.ndarray:
        d = mean - theta[0]
        inverse_variance = np.exp(-2.0 * theta[1])
        if d * d < variance:  # the Hessian is negative definite here: a true Newton step
            hessian = -inverse_variance * np.array(
                [[1.0, 2.0 * d], [2.0 * d, 2.0 * (variance + d * d)]]
            )
            return -np.linalg.solve(hessian, g)
        # far from the optimum: the Hessian's diagonal, always negative, stands in for it
        return np.array([d, g[1] / (2.0 * (variance + d * d) * inverse_variance)])

    thetas = _ascend(
        np.array([float(mu0), math.log(sigma0)]),
        objective=objective,
        gradient=gradient,
        newton_direction=newton_direction,
        scale=np.array([variance, 1.0]),
        max_step=MAX_GAUSSIAN_STEP if method == "gradient" else None,
        units=np.array([math.sqrt(variance), 1.0]),
        method=method,
        step_size=step_size,
        steps=steps,
    )
    parameters = np.column_stack([thetas[:, 0], np.exp(thetas[:, 1])])
    parameters[0] = mu0, sigma0  # exactly the start, not exp(log(sigma0))
    return parameters


def _check_start(mu0: Any, sigma0: Any) -> tuple[float, float]:
    for name, value in (("mu0", mu0), ("sigma0", sigma0)):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
            raise ValueError(f"`{name}` must be a number")
        if not math.isfinite(value):
            raise ValueError(f"`{name}` must be finite")
    if sigma0 <= 0:
        raise ValueError("`sigma0` must be positive")
    return float(mu0), float(sigma0)


def fit_path_gaussian(
    x: ArrayLike,
    mu0: float,
    sigma0: float,
    *,
    method: str = "gradient",
    step_size: float | None = None,
    steps: int = 60,
    base: float | None = None,
    true_p: GaussianMixture | None = None,
) -> FitPath:
    r"""Path of a Gaussian model from :math:`(\mu_0, \sigma_0)` to the MLE, through log σ.

    Parameters
    ----------
    x : array_like
        The sample, one-dimensional, with some spread.
    mu0, sigma0 : float
        The starting model (``sigma0 > 0``).
    method : {"gradient", "newton"}
        Fixed-step gradient ascent (in standard units, see Notes), or Newton's method with
        backtracking.
    step_size : float, optional
        The step :math:`\eta`: default 0.3 for gradient ascent (stable below 1 near the optimum),
        1.0 for Newton.
    steps : int
        T, the number of steps.
    base : float, optional
        Logarithm base: None for nats, 2 for bits.
    true_p : GaussianMixture, optional
        The distribution the sample came from, if known: adds ``true_kl_divergence``,
        :math:`\mathrm{KL}(P\|Q_t)` by numerical integration, whose end value is the price of the
        Gaussian family (positive when P is not Gaussian).

    Returns
    -------
    FitPath
        ``parameters`` of shape (T + 1, 2) holding (mu, sigma); ``entropy`` is the cross-entropy
        at the MLE, ``kl_divergence`` the excess over it (see :class:`FitPath`).

    Notes
    -----
    With :math:`u = \log\sigma`, the average log-likelihood needs only the sample mean
    :math:`\bar x` and variance :math:`\hat\sigma^2` (divided by n):

    .. math:: \ell(\mu, u) = -\tfrac12\log 2\pi - u
              - \frac{\hat\sigma^2 + (\bar x - \mu)^2}{2e^{2u}},
              \quad \nabla\ell = \Big(\frac{\bar x - \mu}{\sigma^2},\
              \frac{\hat\sigma^2 + (\bar x - \mu)^2}{\sigma^2} - 1\Big).

    Gradient steps are taken in :math:`(\mu/\hat\sigma, u)`: the mean moves by
    :math:`\eta\,\hat\sigma^2\,\partial\ell/\partial\mu`, so the step size is free of the data's
    unit. The average negative log-likelihood is the Gaussian cross-entropy of
    :math:`\hat N = \mathcal N(\bar x, \hat\sigma^2)` against :math:`Q_t`, so the reported KL is
    exactly :math:`\mathrm{KL}(\hat N\|Q_t)`.

    Gradient ascent is slow from a start much wider than the data: the pull on the mean,
    :math:`(\bar x - \mu)/\sigma^2`, is weak while σ is large. Newton's method is not.

    Examples
    --------
    >>> path = fit_path_gaussian([1.0, 2.0, 3.0, 6.0], 0.0, 1.0, method="newton", steps=20)
    >>> path.parameter_names, path.parameters[-1].round(9).tolist(), path.mle.round(9).tolist()
    (('mu', 'sigma'), [3.0, 1.870828693], [3.0, 1.870828693])
    """
    size = _check_options(method, step_size, steps)
    if step_size is None and method == "gradient":
        size = 0.3
    mu0, sigma0 = _check_start(mu0, sigma0)
    if true_p is not None and not isinstance(true_p, GaussianMixture):
        raise ValueError("`true_p` must be a GaussianMixture or None")
    log_base(base)
    fit = fit_gaussian(x)
    parameters = _gaussian_parameter_path(
        fit.mu, fit.sigma**2, mu0, sigma0, method=method, step_size=size, steps=steps
    )
    mu, sigma = parameters[:, 0], parameters[:, 1]
    cross = gaussian_cross_entropy(fit.mu, fit.sigma, mu, sigma)
    kl = gaussian_kl_divergence(fit.mu, fit.sigma, mu, sigma)
    true_kl = None if true_p is None else mixture_kl_divergence(true_p, mu, sigma, base=base)
    return _finish(
        parameters,
        ("mu", "sigma"),
        cross,
        gaussian_entropy(fit.sigma),
        np.array([fit.mu, fit.sigma]),
        method,
        base,
        kl_nats=kl,
        true_kl=true_kl,
    )
