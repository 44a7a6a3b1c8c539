"""Samples, their empirical distribution, average negative log-likelihoods and closed-form MLEs.

The empirical distribution :math:`\\hat P` of a sample puts mass :math:`c_k / n` on each observed
value. The average negative log-likelihood of a model Q is then the cross-entropy of
:math:`\\hat P` against Q,

.. math:: -\\frac{1}{n} \\sum_{i=1}^n \\log Q(x_i) = -\\sum_k \\hat p_k \\log q_k = H(\\hat P, Q),

so maximising the likelihood is minimising :math:`H(\\hat P, Q) = H(\\hat P) + KL(\\hat P \\| Q)`.
For continuous models the same average uses the density and is computed from sufficient
statistics (mean, variance), so one call evaluates a whole curve of models.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from core._validation import as_distribution, log_base
from core.coin import coin_cross_entropy

__all__ = [
    "BernoulliFit",
    "EmpiricalDistribution",
    "ExponentialFit",
    "GaussianFit",
    "PoissonFit",
    "average_negative_log_likelihood",
    "bernoulli_average_nll",
    "empirical_distribution",
    "exponential_average_nll",
    "fit_bernoulli",
    "fit_categorical",
    "fit_exponential",
    "fit_gaussian",
    "fit_poisson",
    "gaussian_average_nll",
    "poisson_average_nll",
    "poisson_log_pmf",
]

_LOG_2PI = math.log(2 * math.pi)


# Input checks -------------------------------------------------------------------------------------


def _as_samples(samples: Any, name: str) -> tuple[np.ndarray, bool]:
    """Return ``(values, numeric)``: a 1-D float array of finite numbers, or a 1-D str array.

    Refuses empty input, NaN or infinity, nested sequences and a mix of numbers and text.
    Booleans count as numbers (True is 1).
    """
    if isinstance(samples, (str, bytes)):
        raise ValueError(f"`{name}` must be a sequence of values, not a single string")
    try:
        array = np.asarray(samples)
    except (TypeError, ValueError):
        raise ValueError(f"`{name}` must be a flat sequence of numbers or text labels") from None
    if array.ndim == 0:
        raise ValueError(f"`{name}` must be a sequence of values, not a single value")
    if array.ndim != 1:
        raise ValueError(f"`{name}` must be one-dimensional, got shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"`{name}` is empty: it needs at least one value")
    kind = array.dtype.kind
    if kind in "US":
        if not isinstance(samples, np.ndarray) and not all(isinstance(s, str) for s in samples):
            raise ValueError(f"`{name}` mixes numbers and text: use one or the other")
        values = array.astype(str)
        return values, False
    if kind == "O":
        is_text = [isinstance(s, str) for s in array]
        if all(is_text):
            return array.astype(str), False
        is_number = [
            isinstance(s, (numbers.Real, np.bool_)) and not isinstance(s, str) for s in array
        ]
        if any(is_text) and any(is_number):
            raise ValueError(f"`{name}` mixes numbers and text: use one or the other")
        if not all(is_number):
            raise ValueError(
                f"`{name}` must contain numbers or text labels only (found a missing value)"
            )
        array = array.astype(float)
    elif kind == "c":
        raise ValueError(f"`{name}` must contain real numbers, not complex ones")
    elif kind not in "biuf":
        raise ValueError(f"`{name}` must contain numbers or text labels only")
    values = array.astype(float)
    if not np.all(np.isfinite(values)):
        raise ValueError(f"`{name}` contains NaN or infinity")
    return values, True


def _as_numbers(x: Any, name: str) -> np.ndarray:
    """A 1-D float array of finite numbers (text is refused)."""
    values, numeric = _as_samples(x, name)
    if not numeric:
        raise ValueError(f"`{name}` must contain numbers, not text labels")
    return values


def _as_parameter(value: ArrayLike, name: str, *, positive: bool = False) -> np.ndarray:
    """A float array (any shape, may be a scalar) of finite numbers, optionally all > 0."""
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"`{name}` must be a number or an array of numbers") from None
    if array.size == 0:
        raise ValueError(f"`{name}` is empty")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"`{name}` contains NaN or infinity")
    if positive and np.any(array <= 0):
        raise ValueError(f"`{name}` must be positive")
    return array


def _reduce(value: np.ndarray) -> float | np.ndarray:
    """Return a Python float for a scalar result, the array otherwise."""
    return float(value) if np.ndim(value) == 0 else value


# The empirical distribution -----------------------------------------------------------------------


@dataclass(frozen=True)
class EmpiricalDistribution:
    r"""The empirical distribution :math:`\hat P` of a sample: :math:`\hat p_k = c_k / n`.

    Attributes
    ----------
    outcomes : ndarray
        The sorted unique observed values: floats for numeric data, str for labels.
    counts : ndarray of int64
        How often each outcome occurs; sums to ``n``.
    probabilities : ndarray
        ``counts / n``, the maximum-likelihood categorical model of the sample.
    n : int
        The sample size.
    numeric : bool
        True for numbers (booleans count as 0 and 1), False for text labels.
    """

    outcomes: np.ndarray
    counts: np.ndarray
    probabilities: np.ndarray
    n: int
    numeric: bool

    def probabilities_over(self, outcomes: ArrayLike) -> np.ndarray:
        """:math:`\\hat P` laid out over the given outcomes: 0 for an outcome never observed.

        Raises ValueError if a value in the sample is not among ``outcomes``.

        Examples
        --------
        >>> empirical_distribution([1, 1, 3]).probabilities_over([1, 2, 3]).round(3).tolist()
        [0.667, 0.0, 0.333]
        """
        values, index, found = _match(self, outcomes)
        if not np.all(found):
            missing = self.outcomes[~found][0]
            raise ValueError(f"`outcomes` does not contain the observed value {missing!r}")
        aligned = np.zeros(values.shape[0])
        aligned[index] = self.probabilities
        return aligned


def empirical_distribution(samples: Sequence[Any] | np.ndarray) -> EmpiricalDistribution:
    r"""The empirical distribution :math:`\hat p_k = c_k / n` of a sample of numbers or labels.

    Parameters
    ----------
    samples : sequence or ndarray
        One-dimensional: numbers (int, float, bool) or text labels, not both. Empty input, NaN
        and infinity are refused.

    Returns
    -------
    EmpiricalDistribution
        Sorted unique outcomes with their counts and relative frequencies.

    Notes
    -----
    One sort (``np.unique``) does the work: a million floats take a few tens of milliseconds.

    Examples
    --------
    >>> d = empirical_distribution(["H", "T", "H", "H"])
    >>> d.outcomes.tolist(), d.counts.tolist(), d.probabilities.tolist(), d.n
    (['H', 'T'], [3, 1], [0.75, 0.25], 4)
    >>> empirical_distribution([2, 1, 2]).outcomes.tolist()
    [1.0, 2.0]
    """
    values, numeric = _as_samples(samples, "samples")
    outcomes, counts = np.unique(values, return_counts=True)
    counts = counts.astype(np.int64)
    n = int(values.shape[0])
    return EmpiricalDistribution(
        outcomes=outcomes, counts=counts, probabilities=counts / n, n=n, numeric=numeric
    )


def _match(
    distribution: EmpiricalDistribution, outcomes: ArrayLike
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Locate each observed outcome among ``outcomes``.

    Returns the checked outcomes, the position of each observed outcome in them, and a mask of
    which observed outcomes were found (positions of the missing ones are meaningless).
    """
    values, numeric = _as_samples(outcomes, "outcomes")
    if numeric != distribution.numeric:
        kinds = ("numbers", "text labels")
        raise ValueError(
            f"`samples` are {kinds[not distribution.numeric]} but `outcomes` are "
            f"{kinds[not numeric]}: they must be the same kind"
        )
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    if ordered.shape[0] > 1 and np.any(ordered[1:] == ordered[:-1]):
        raise ValueError("`outcomes` has repeated values: each outcome must appear once")
    position = np.searchsorted(ordered, distribution.outcomes)
    position = np.minimum(position, ordered.shape[0] - 1)
    found = ordered[position] == distribution.outcomes
    return values, order[position], found


def average_negative_log_likelihood(
    samples: Sequence[Any] | np.ndarray,
    outcomes: ArrayLike,
    q: ArrayLike,
    *,
    base: float | None = None,
) -> float | np.ndarray:
    r"""Average negative log-likelihood :math:`-\frac{1}{n}\sum_i \log Q(x_i)` of a discrete model.

    Parameters
    ----------
    samples : sequence or ndarray
        The observed values (numbers or labels), as for :func:`empirical_distribution`.
    outcomes : sequence or ndarray
        The model's outcomes, each once, of the same kind as ``samples``.
    q : array_like
        The model's probabilities over ``outcomes`` on the last axis; leading axes broadcast, so a
        grid of models of shape (G, K) gives G values in one call.
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Returns
    -------
    float or ndarray
        ``inf`` where the model gives probability 0 to an observed value, or where a sample is not
        among ``outcomes`` at all.

    Notes
    -----
    Grouping equal terms of the sum by outcome gives the cross-entropy of the empirical
    distribution against the model,

    .. math:: -\frac{1}{n}\sum_{i=1}^n \log Q(x_i) = -\sum_k \frac{c_k}{n} \log q_k
              = H(\hat P, Q) = H(\hat P) + \mathrm{KL}(\hat P \| Q),

    so the likelihood is largest exactly where the cross-entropy, and KL, are smallest: at
    :math:`Q = \hat P`.

    Examples
    --------
    >>> average_negative_log_likelihood(["H", "H", "T", "H"], ["H", "T"], [0.5, 0.5], base=2)
    1.0
    >>> round(average_negative_log_likelihood([1, 1, 2], [1, 2, 3], [0.5, 0.25, 0.25]), 6)
    0.924196
    >>> average_negative_log_likelihood([1, 4], [1, 2, 3], [0.5, 0.25, 0.25])
    inf
    """
    divisor = log_base(base)
    distribution = empirical_distribution(samples)
    q = as_distribution(q, "q")
    _, index, found = _match(distribution, outcomes)
    n_outcomes = np.asarray(outcomes).shape[0]
    if q.shape[-1] != n_outcomes:
        raise ValueError(
            f"`q` has {q.shape[-1]} probabilities but `outcomes` has {n_outcomes}: they must match"
        )
    if not np.all(found):
        return _reduce(np.full(q.shape[:-1], math.inf))
    with np.errstate(divide="ignore"):
        minus_log_q = -np.log(q[..., index])
    value = (distribution.probabilities * minus_log_q).sum(axis=-1) + 0.0
    return _reduce(value / divisor)


# Continuous and parametric average NLLs ----------------------------------------------------------


def gaussian_average_nll(
    x: ArrayLike, mu: ArrayLike, sigma: ArrayLike, *, base: float | None = None
) -> float | np.ndarray:
    r"""Gaussian average NLL :math:`-\frac{1}{n}\sum_i \log \mathcal N(x_i; \mu, \sigma^2)`.

    Parameters
    ----------
    x : array_like
        The sample, one-dimensional, finite numbers.
    mu, sigma : array_like
        Model parameters (``sigma > 0``); they broadcast, so arrays give a curve or a grid.
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Returns
    -------
    float or ndarray
        One value per (mu, sigma) pair.

    Notes
    -----
    Through the sample mean :math:`\bar x` and the variance :math:`s^2` (divided by n),

    .. math:: \frac{1}{2}\log(2\pi\sigma^2) + \frac{s^2 + (\bar x - \mu)^2}{2\sigma^2},

    the cross-entropy :math:`H(\hat P, Q)` with the model's density. It is smallest at the MLE
    :math:`\mu = \bar x,\ \sigma = s`, where it equals :math:`\frac12\log(2\pi e s^2)`.

    Examples
    --------
    >>> round(gaussian_average_nll([-1.0, 1.0], 0.0, 1.0), 10)
    1.4189385332
    >>> gaussian_average_nll([-1.0, 1.0], [0.0, 1.0], 1.0).round(4).tolist()
    [1.4189, 1.9189]
    """
    divisor = log_base(base)
    x = _as_numbers(x, "x")
    mu = _as_parameter(mu, "mu")
    sigma = _as_parameter(sigma, "sigma", positive=True)
    mean = float(np.mean(x))
    variance = float(np.mean((x - mean) ** 2))
    value = 0.5 * _LOG_2PI + np.log(sigma) + (variance + (mean - mu) ** 2) / (2 * sigma**2)
    return _reduce(value / divisor)


def _as_counts(x: ArrayLike, name: str) -> np.ndarray:
    """Non-negative whole numbers (as floats)."""
    values = _as_numbers(x, name)
    if np.any(values < 0) or np.any(values != np.round(values)):
        raise ValueError(f"`{name}` must contain non-negative whole numbers (counts)")
    return values


def _log_factorial(k: np.ndarray) -> np.ndarray:
    r""":math:`\log k!` of whole numbers k ≥ 0, through :math:`\log\Gamma(k + 1)`."""
    return np.array([math.lgamma(v + 1.0) for v in np.asarray(k, dtype=float).tolist()])


def poisson_log_pmf(k: ArrayLike, rate: float) -> np.ndarray:
    r"""The Poisson log-probability :math:`\log(\lambda^k e^{-\lambda} / k!)`, in nats.

    Parameters
    ----------
    k : array_like
        Whole numbers k ≥ 0.
    rate : float
        :math:`\lambda \ge 0`; at 0 every count but 0 has log-probability :math:`-\infty`.

    Examples
    --------
    >>> poisson_log_pmf([0, 2], 2.0).round(6).tolist()
    [-2.0, -1.306853]
    """
    k = np.asarray(k, dtype=float)
    if rate == 0:
        return np.where(k == 0, 0.0, -np.inf)
    return k * math.log(rate) - rate - _log_factorial(k)


def poisson_average_nll(
    x: ArrayLike, rate: ArrayLike, *, base: float | None = None
) -> float | np.ndarray:
    r"""Poisson average NLL :math:`-\frac{1}{n}\sum_i \log(\lambda^{x_i} e^{-\lambda} / x_i!)`.

    Parameters
    ----------
    x : array_like
        Counts: non-negative whole numbers.
    rate : array_like
        :math:`\lambda \ge 0`; an array gives a curve. A rate of 0 is allowed: it gives ``inf``
        unless every count is 0.
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Notes
    -----
    Through the sample mean: :math:`\lambda - \bar x \log \lambda + \frac{1}{n}\sum_i \log x_i!`,
    smallest at the MLE :math:`\lambda = \bar x`.

    Examples
    --------
    >>> round(poisson_average_nll([0, 1, 2], 1.0), 10)
    1.2310490602
    >>> poisson_average_nll([1, 2], 0.0)
    inf
    """
    divisor = log_base(base)
    x = _as_counts(x, "x")
    rate = _as_parameter(rate, "rate")
    if np.any(rate < 0):
        raise ValueError("`rate` must be non-negative")
    distribution = empirical_distribution(x)
    mean_log_factorial = float(distribution.probabilities @ _log_factorial(distribution.outcomes))
    mean = float(np.mean(x))
    with np.errstate(divide="ignore"):
        rate_term = 0.0 if mean == 0 else -mean * np.log(rate)
    value = rate + rate_term + mean_log_factorial
    return _reduce(value / divisor)


def exponential_average_nll(
    x: ArrayLike, rate: ArrayLike, *, base: float | None = None
) -> float | np.ndarray:
    r"""Exponential average NLL :math:`-\frac{1}{n}\sum_i \log(\lambda e^{-\lambda x_i})`.

    Parameters
    ----------
    x : array_like
        Non-negative numbers (waiting times).
    rate : array_like
        :math:`\lambda > 0`; an array gives a curve.
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Notes
    -----
    Through the sample mean: :math:`-\log\lambda + \lambda \bar x`, smallest at the MLE
    :math:`\lambda = 1/\bar x`, where it equals :math:`1 + \log \bar x`.

    Examples
    --------
    >>> exponential_average_nll([1.0, 3.0], 0.5) == 1 + math.log(2)
    True
    """
    divisor = log_base(base)
    x = _as_numbers(x, "x")
    if np.any(x < 0):
        raise ValueError("`x` must be non-negative for an exponential model")
    rate = _as_parameter(rate, "rate", positive=True)
    value = -np.log(rate) + rate * float(np.mean(x))
    return _reduce(value / divisor)


def _success_fraction(samples: Any, success: Any) -> tuple[int, int]:
    """Count successes: 1/True by default, or the chosen ``success`` label or value."""
    distribution = empirical_distribution(samples)
    outcomes = distribution.outcomes
    if success is None:
        if not distribution.numeric or not np.all((outcomes == 0) | (outcomes == 1)):
            raise ValueError(
                "`samples` must be 0/1 or True/False for a Bernoulli fit; "
                "pass `success` to choose which label counts as a success"
            )
        hits = outcomes == 1
    elif distribution.numeric:
        if isinstance(success, str) or not isinstance(success, (numbers.Real, np.bool_)):
            raise ValueError("`success` must be a number for numeric samples")
        hits = outcomes == float(success)
    else:
        if not isinstance(success, str):
            raise ValueError("`success` must be a text label for labelled samples")
        hits = outcomes == success
    return int(distribution.counts[hits].sum()), distribution.n


def bernoulli_average_nll(
    samples: Sequence[Any] | np.ndarray,
    q: ArrayLike,
    *,
    success: Any = None,
    base: float | None = None,
) -> float | np.ndarray:
    r"""Average Bernoulli negative log-likelihood :math:`-\hat p \log q - (1-\hat p)\log(1-q)`.

    Parameters
    ----------
    samples : sequence or ndarray
        0/1 or True/False, or any values with ``success`` naming the one that counts as 1.
    q : array_like
        Model probability of a success, in [0, 1]; an array gives a curve.
    success : optional
        The label or value that counts as a success (default: 1 / True).
    base : float, optional
        Logarithm base: None for nats, 2 for bits.

    Notes
    -----
    :math:`\hat p` is the fraction of successes; this is the coin cross-entropy
    :math:`H(\hat p, q)`, ``inf`` where q is 0 or 1 against a sample showing the other side.

    Examples
    --------
    >>> bernoulli_average_nll([1, 0, 1, 1], 0.5, base=2)
    1.0
    >>> bernoulli_average_nll(["H", "T"], [0.5, 1.0], success="H").tolist()
    [0.6931471805599453, inf]
    """
    successes, n = _success_fraction(samples, success)
    return coin_cross_entropy(successes / n, q, base=base)


# Closed-form maximum-likelihood fits --------------------------------------------------------------


@dataclass(frozen=True)
class BernoulliFit:
    """The Bernoulli MLE: ``q`` = successes / n."""

    q: float
    successes: int
    n: int


@dataclass(frozen=True)
class GaussianFit:
    """The Gaussian MLE: ``mu`` the sample mean, ``sigma`` the root mean squared deviation (/n)."""

    mu: float
    sigma: float
    n: int


@dataclass(frozen=True)
class PoissonFit:
    """The Poisson MLE: ``rate`` the sample mean."""

    rate: float
    n: int


@dataclass(frozen=True)
class ExponentialFit:
    """The exponential MLE: ``rate`` = 1 / sample mean."""

    rate: float
    n: int


def fit_bernoulli(samples: Sequence[Any] | np.ndarray, *, success: Any = None) -> BernoulliFit:
    r"""Bernoulli maximum-likelihood fit :math:`\hat q = \frac{1}{n}\sum_i [x_i = \text{success}]`.

    Parameters
    ----------
    samples : sequence or ndarray
        0/1 or True/False, or any values with ``success`` naming the one that counts as 1.
    success : optional
        The label or value that counts as a success (default: 1 / True). A label that never
        occurs gives q = 0.

    Examples
    --------
    >>> fit_bernoulli([1, 0, 1, 1])
    BernoulliFit(q=0.75, successes=3, n=4)
    >>> fit_bernoulli(["H", "T", "T", "T"], success="H").q
    0.25
    """
    successes, n = _success_fraction(samples, success)
    return BernoulliFit(q=successes / n, successes=successes, n=n)


def fit_categorical(samples: Sequence[Any] | np.ndarray) -> EmpiricalDistribution:
    r"""Categorical maximum-likelihood fit: :math:`\hat q_k = c_k / n`, the empirical distribution.

    Over all categorical models on the observed outcomes, :math:`H(\hat P, Q)` is smallest at
    :math:`Q = \hat P` (Gibbs' inequality), so the MLE *is* the empirical distribution.

    Examples
    --------
    >>> fit_categorical(["a", "b", "b", "c"]).probabilities.tolist()
    [0.25, 0.5, 0.25]
    """
    return empirical_distribution(samples)


def fit_gaussian(x: ArrayLike) -> GaussianFit:
    r"""Gaussian MLE :math:`\hat\mu = \bar x,\ \hat\sigma^2 = \frac{1}{n}\sum_i (x_i - \bar x)^2`.

    The variance is divided by n, not n - 1: that is the MLE (and what ``scipy.stats.norm.fit``
    returns). A sample with no spread is refused: its likelihood grows without bound as σ → 0.

    Examples
    --------
    >>> fit_gaussian([1.0, 2.0, 3.0, 6.0])
    GaussianFit(mu=3.0, sigma=1.8708286933869707, n=4)
    """
    x = _as_numbers(x, "x")
    mu = float(np.mean(x))
    sigma = math.sqrt(float(np.mean((x - mu) ** 2)))
    if sigma == 0:
        raise ValueError("`x` has no spread (all values are equal): σ would be 0")
    return GaussianFit(mu=mu, sigma=sigma, n=int(x.shape[0]))


def fit_poisson(x: ArrayLike) -> PoissonFit:
    r"""Poisson maximum-likelihood fit: :math:`\hat\lambda = \bar x`.

    Examples
    --------
    >>> fit_poisson([0, 1, 2, 5])
    PoissonFit(rate=2.0, n=4)
    """
    x = _as_counts(x, "x")
    return PoissonFit(rate=float(np.mean(x)), n=int(x.shape[0]))


def fit_exponential(x: ArrayLike) -> ExponentialFit:
    r"""Exponential maximum-likelihood fit: :math:`\hat\lambda = 1 / \bar x`.

    Examples
    --------
    >>> fit_exponential([1.0, 3.0])
    ExponentialFit(rate=0.5, n=2)
    """
    x = _as_numbers(x, "x")
    if np.any(x < 0):
        raise ValueError("`x` must be non-negative for an exponential model")
    mean = float(np.mean(x))
    if mean == 0:
        raise ValueError("`x` is all zeros: the exponential rate would be infinite")
    return ExponentialFit(rate=1.0 / mean, n=int(x.shape[0]))
