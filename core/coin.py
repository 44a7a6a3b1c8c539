"""The coin: a Bernoulli P with P(heads) = p against a Bernoulli model with P(heads) = q.

These take a single p and an array of q, so one call gives a whole curve over q. They are exact at
p or q equal to 0 or 1 and use ``log1p`` for the tails, where ``log(1 - q)`` would lose digits.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from core._validation import log_base
from core.divergence import Decomposition, unit_name

__all__ = ["coin_cross_entropy", "coin_decompose", "coin_entropy", "coin_kl_divergence"]


def _probability(value: ArrayLike, name: str) -> np.ndarray:
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"`{name}` must be a number between 0 and 1") from None
    if array.size == 0:
        raise ValueError(f"`{name}` is empty")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"`{name}` contains NaN or infinity")
    if np.any((array < 0) | (array > 1)):
        raise ValueError(f"`{name}` must lie between 0 and 1")
    return array


def _xlog(a: np.ndarray, log_b: np.ndarray) -> np.ndarray:
    """``a * log_b`` with the convention ``0 * log 0 = 0`` (and ``0 * -inf = 0``)."""
    with np.errstate(invalid="ignore"):
        return np.where(a > 0, a * log_b, 0.0)


def _logs(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``log x`` and ``log(1 - x)``, the second through ``log1p`` for accuracy near 0."""
    with np.errstate(divide="ignore"):
        return np.log(x), np.log1p(-x)


def _reduce(value: np.ndarray) -> float | np.ndarray:
    return float(value) if np.ndim(value) == 0 else value


def coin_entropy(p: ArrayLike, *, base: float | None = None) -> float | np.ndarray:
    r"""Binary entropy :math:`H(p) = -p \log p - (1-p) \log(1-p)`.

    Examples
    --------
    >>> coin_entropy(0.5, base=2)
    1.0
    >>> coin_entropy(0.0)
    0.0
    """
    divisor = log_base(base)
    p = _probability(p, "p")
    log_p, log_not_p = _logs(p)
    return _reduce(0.0 - (_xlog(p, log_p) + _xlog(1 - p, log_not_p)) / divisor)


def coin_cross_entropy(
    p: ArrayLike, q: ArrayLike, *, base: float | None = None
) -> float | np.ndarray:
    r"""Coin cross-entropy :math:`H(p, q) = -p \log q - (1-p) \log(1-q)`.

    ``inf`` where the model gives probability 0 to a side that the true coin can show.

    Examples
    --------
    >>> round(coin_cross_entropy(0.3, 0.8, base=2), 10)
    1.7219280949
    >>> coin_cross_entropy(1.0, 0.0)
    inf
    """
    divisor = log_base(base)
    p = _probability(p, "p")
    q = _probability(q, "q")
    log_q, log_not_q = _logs(q)
    return _reduce(0.0 - (_xlog(p, log_q) + _xlog(1 - p, log_not_q)) / divisor)


def coin_kl_divergence(
    p: ArrayLike, q: ArrayLike, *, base: float | None = None
) -> float | np.ndarray:
    r"""Coin KL :math:`\mathrm{KL}(p\|q) = p \log\frac{p}{q} + (1-p) \log\frac{1-p}{1-q}`.

    Equal to ``coin_cross_entropy(p, q) - coin_entropy(p)``; never negative.

    Examples
    --------
    >>> coin_kl_divergence(0.3, 0.3)
    0.0
    >>> round(coin_kl_divergence(0.3, 0.8, base=2), 10)
    0.8406371957
    """
    divisor = log_base(base)
    p = _probability(p, "p")
    q = _probability(q, "q")
    log_p, log_not_p = _logs(p)
    log_q, log_not_q = _logs(q)
    with np.errstate(invalid="ignore"):
        heads = np.where(p > 0, p * (log_p - log_q), 0.0)
        tails = np.where(p < 1, (1 - p) * (log_not_p - log_not_q), 0.0)
    return _reduce(np.maximum(heads + tails, 0.0) / divisor)


def coin_decompose(p: ArrayLike, q: ArrayLike, *, base: float | None = None) -> Decomposition:
    r"""H(p), H(p, q) and KL(p‖q) of the coin in one unit; p and q broadcast against each other.

    An array of q gives the curves over q for one true coin; ``p[:, None]`` against a row of q
    gives the whole family of those curves, one row per true coin, in one call (what a drag of
    p shows, see ``ui.figures.coin``). The entropy is repeated to the broadcast shape.

    Examples
    --------
    >>> d = coin_decompose(0.3, 0.8, base=2)
    >>> abs(d.cross_entropy - d.entropy - d.kl_divergence) < 1e-12
    True
    >>> coin_decompose([[0.1], [0.5]], [0.2, 0.5, 0.8], base=2).cross_entropy.shape
    (2, 3)
    """
    shape = np.broadcast_shapes(_probability(p, "p").shape, _probability(q, "q").shape)
    entropy_value = coin_entropy(p, base=base)
    if shape:
        entropy_value = np.array(np.broadcast_to(entropy_value, shape))
    return Decomposition(
        entropy=entropy_value,
        cross_entropy=coin_cross_entropy(p, q, base=base),
        kl_divergence=coin_kl_divergence(p, q, base=base),
        unit=unit_name(base),
    )
