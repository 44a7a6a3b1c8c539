"""Entropy, cross-entropy and Kullback-Leibler divergence of discrete distributions.

Probabilities sit on the last axis and leading axes broadcast, so one call evaluates a whole grid of
models against one P. Each measure is computed from its own terms: KL as the sum of
``p log(p/q)``, not as the difference ``H(P,Q) - H(P)``, which would lose digits when Q is close to
P and give ``inf - inf`` where Q misses an outcome. That the three satisfy
``H(P,Q) = H(P) + KL(P||Q)`` is then a fact to check (``decompose``), not an assumption.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from core._validation import as_array, as_distribution, check_shapes, log_base

__all__ = [
    "Decomposition",
    "cross_entropy",
    "decompose",
    "entropy",
    "kl_divergence",
    "normalize",
    "relative_entropy",
]


def _entropy_terms(p: np.ndarray) -> np.ndarray:
    """Return ``-p log p`` elementwise in nats, with ``0 log 0 = 0``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(p > 0, -p * np.log(np.where(p > 0, p, 1.0)), 0.0) + 0.0


def _cross_entropy_terms(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Return ``-p log q`` elementwise in nats: 0 where p = 0, inf where p > 0 and q = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        log_q = np.log(q)
        return np.where(p > 0, -p * log_q, 0.0) + 0.0


def _kl_terms(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Return ``p log(p/q)`` elementwise in nats: 0 where p = 0, inf where p > 0 and q = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        safe_p = np.where(p > 0, p, 1.0)
        return np.where(p > 0, p * (np.log(safe_p) - np.log(q)), 0.0)


def entropy(p: ArrayLike, *, base: float | None = None) -> float | np.ndarray:
    r"""Shannon entropy :math:`H(P) = -\sum_k p_k \log p_k`.

    Parameters
    ----------
    p : array_like
        Probabilities on the last axis; each vector must sum to 1 (within 1e-9).
    base : float, optional
        Logarithm base: None for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    float or ndarray
        One value per probability vector (the last axis is summed away).

    Notes
    -----
    Terms with :math:`p_k = 0` contribute 0 (the limit of :math:`p \log p`). For K outcomes,
    :math:`0 \le H(P) \le \log K`, with the maximum at the uniform distribution.

    Examples
    --------
    >>> entropy([0.5, 0.5], base=2)
    1.0
    >>> round(entropy([1.0, 0.0]), 12)
    0.0
    """
    divisor = log_base(base)
    p = as_distribution(p, "p")
    return _reduce(_entropy_terms(p).sum(axis=-1) / divisor)


def cross_entropy(p: ArrayLike, q: ArrayLike, *, base: float | None = None) -> float | np.ndarray:
    r"""Cross-entropy :math:`H(P, Q) = -\sum_k p_k \log q_k`.

    Parameters
    ----------
    p, q : array_like
        Probabilities on the last axis with the same number of outcomes; leading axes broadcast,
        so P of shape (K,) against Q of shape (G, K) gives G values.
    base : float, optional
        Logarithm base: None for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    float or ndarray
        ``inf`` where Q gives probability 0 to an outcome that P allows.

    Notes
    -----
    The cross-entropy is the average code length when outcomes drawn from P are coded with a code
    built for Q. It splits into the entropy of P and the divergence of Q from P:

    .. math:: H(P, Q) = H(P) + \mathrm{KL}(P \| Q),

    so over models Q it is smallest, equal to H(P), exactly at Q = P.

    Examples
    --------
    >>> cross_entropy([0.5, 0.5], [0.25, 0.75], base=2)
    1.207518749639422
    >>> cross_entropy([1.0, 0.0], [0.0, 1.0])
    inf
    """
    divisor = log_base(base)
    p = as_distribution(p, "p")
    q = as_distribution(q, "q")
    check_shapes(p, q)
    return _reduce(_cross_entropy_terms(p, q).sum(axis=-1) / divisor)


def kl_divergence(p: ArrayLike, q: ArrayLike, *, base: float | None = None) -> float | np.ndarray:
    r"""Kullback-Leibler divergence :math:`\mathrm{KL}(P \| Q) = \sum_k p_k \log(p_k / q_k)`.

    Parameters
    ----------
    p, q : array_like
        Probabilities on the last axis with the same number of outcomes; leading axes broadcast.
    base : float, optional
        Logarithm base: None for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    float or ndarray
        Never negative (round-off below zero is clamped to 0); ``inf`` where Q gives
        probability 0 to an outcome that P allows.

    Notes
    -----
    KL equals the cross-entropy minus the entropy,

    .. math:: \mathrm{KL}(P \| Q) = H(P, Q) - H(P) = \mathbb{E}_P[\log P - \log Q] \ge 0,

    with equality if and only if P = Q (Gibbs' inequality); it is computed from its own terms
    :math:`p_k (\log p_k - \log q_k)`, which are exactly 0 where :math:`q_k = p_k`, so KL(P‖P) is
    exactly 0. It is not symmetric.

    Examples
    --------
    >>> kl_divergence([0.5, 0.5], [0.5, 0.5])
    0.0
    >>> kl_divergence([0.5, 0.5], [0.25, 0.75], base=2)
    0.2075187496394219
    """
    divisor = log_base(base)
    p = as_distribution(p, "p")
    q = as_distribution(q, "q")
    check_shapes(p, q)
    value = _kl_terms(p, q).sum(axis=-1)
    return _reduce(np.maximum(value, 0.0) / divisor)


#: The other common name of the KL divergence.
relative_entropy = kl_divergence


def kl_contributions(p: ArrayLike, q: ArrayLike, *, base: float | None = None) -> np.ndarray:
    r"""Per-outcome terms :math:`p_k \log(p_k / q_k)` whose sum is KL(P‖Q).

    Single terms may be negative (where :math:`q_k > p_k`); only their sum is bound to be
    non-negative.

    Examples
    --------
    >>> kl_contributions([0.5, 0.5], [0.25, 0.75], base=2).round(4).tolist()
    [0.5, -0.2925]
    """
    divisor = log_base(base)
    p = as_distribution(p, "p")
    q = as_distribution(q, "q")
    check_shapes(p, q)
    return _kl_terms(p, q) / divisor


@dataclass(frozen=True)
class Decomposition:
    """The three numbers of H(P,Q) = H(P) + KL(P‖Q), in one unit.

    ``unit`` is ``"nats"``, ``"bits"``, ``"hartleys"`` (base 10) or ``"log base b"``, as
    :func:`unit_name` names it.
    """

    entropy: float | np.ndarray
    cross_entropy: float | np.ndarray
    kl_divergence: float | np.ndarray
    unit: str


def unit_name(base: float | None) -> str:
    """Name the unit of a logarithm base: ``None`` is nats, 2 bits, 10 hartleys, b "log base b".

    Examples
    --------
    >>> [unit_name(b) for b in (None, 2, 10, 3)]
    ['nats', 'bits', 'hartleys', 'log base 3']
    """
    log_base(base)
    if base is None:
        return "nats"
    if base == 2:
        return "bits"
    if base == 10:
        return "hartleys"
    return f"log base {base:g}"


def decompose(p: ArrayLike, q: ArrayLike, *, base: float | None = None) -> Decomposition:
    r"""Entropy, cross-entropy and KL of P against Q, computed together.

    The cross-entropy is computed directly and KL as the sum of its own terms, so that
    :math:`H(P,Q) = H(P) + \mathrm{KL}(P\|Q)` can be checked rather than assumed.

    Examples
    --------
    >>> d = decompose([0.3, 0.7], [0.8, 0.2], base=2)
    >>> round(d.entropy + d.kl_divergence - d.cross_entropy, 12)
    0.0
    >>> d.unit
    'bits'
    """
    return Decomposition(
        entropy=entropy(p, base=base),
        cross_entropy=cross_entropy(p, q, base=base),
        kl_divergence=kl_divergence(p, q, base=base),
        unit=unit_name(base),
    )


def normalize(weights: ArrayLike) -> np.ndarray:
    r"""Rescale non-negative weights on the last axis so that they sum to 1: :math:`w / \sum w`.

    This is the one place where KL Lab rescales on purpose; the measures refuse vectors that do
    not sum to 1.

    Examples
    --------
    >>> normalize([1, 1, 2]).tolist()
    [0.25, 0.25, 0.5]
    """
    w = as_array(weights, "weights")
    if np.any(w < 0):
        raise ValueError("`weights` has a negative entry: weights must be non-negative")
    totals = w.sum(axis=-1, keepdims=True)
    if np.any(totals == 0):
        raise ValueError("`weights` are all zero: there is nothing to normalise")
    return w / totals


def _reduce(value: np.ndarray) -> float | np.ndarray:
    """Return a Python float for a scalar result, the array otherwise."""
    return float(value) if np.ndim(value) == 0 else value
