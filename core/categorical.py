"""The categorical die: preset distributions over K outcomes, the path of models from Q to P,
per-outcome terms, and the text form of a distribution that a URL carries (``0.1,0.2,0.7``).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from core._validation import (
    SUM_TOLERANCE,
    as_array,
    as_distribution,
    check_shapes,
    log_base,
    number_list,
)
from core.divergence import _cross_entropy_terms, _entropy_terms

__all__ = [
    "MAX_OUTCOMES",
    "MIN_OUTCOMES",
    "PRESETS",
    "check_distribution",
    "cross_entropy_terms",
    "entropy_terms",
    "format_distribution",
    "model_path",
    "parse_distribution",
    "preset_distribution",
    "with_probability",
]

#: The die lesson offers K = 2 to 20 outcomes.
MIN_OUTCOMES = 2
MAX_OUTCOMES = 20

#: Preset names and what a person reads for them.
PRESETS: dict[str, str] = {
    "uniform": "Uniform",
    "peaked": "Peaked",
    "zipf": "Zipf-like",
    "loaded": "Loaded die",
}

#: Significant digits a URL keeps per probability (``format_distribution``).
URL_DIGITS = 6
#: How far a URL's probabilities may sum from 1 and still be read as the rounding of a
#: distribution written with ``URL_DIGITS`` significant digits (each entry is off by at most
#: 5e-6 of itself, so the sum by at most 5e-6).
URL_SUM_TOLERANCE = 1e-5


def _check_outcomes(k: int) -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise ValueError(f"`k` must be a whole number from {MIN_OUTCOMES} to {MAX_OUTCOMES}")
    if not MIN_OUTCOMES <= k <= MAX_OUTCOMES:
        raise ValueError(f"`k` must be from {MIN_OUTCOMES} to {MAX_OUTCOMES} outcomes, not {k}")
    return int(k)


def preset_distribution(name: str, k: int) -> np.ndarray:
    r"""A named distribution over ``k`` outcomes.

    - ``uniform``: :math:`1/K` each, the largest entropy :math:`\log K`;
    - ``peaked``: weights :math:`0.4^{|k - m|}` around the middle outcome :math:`m`;
    - ``zipf``: weights :math:`1/k` (Zipf's law with exponent 1);
    - ``loaded``: a loaded die, the last face three times as likely as each other face.

    Examples
    --------
    >>> preset_distribution("uniform", 4).tolist()
    [0.25, 0.25, 0.25, 0.25]
    >>> preset_distribution("loaded", 6).tolist()
    [0.125, 0.125, 0.125, 0.125, 0.125, 0.375]
    >>> preset_distribution("zipf", 3).round(4).tolist()
    [0.5455, 0.2727, 0.1818]
    """
    k = _check_outcomes(k)
    outcomes = np.arange(k)
    if name == "uniform":
        weights = np.ones(k)
    elif name == "peaked":
        weights = 0.4 ** np.abs(outcomes - (k - 1) // 2)
    elif name == "zipf":
        weights = 1.0 / (outcomes + 1)
    elif name == "loaded":
        weights = np.ones(k)
        weights[-1] = 3.0
    else:
        raise ValueError(f"unknown preset {name!r}: choose one of {', '.join(PRESETS)}")
    return weights / weights.sum()


def check_distribution(values: ArrayLike, name: str = "p") -> np.ndarray:
    """Return ``values`` as a probability vector, or raise the measures' own ValueError, which
    names ``name`` and says what is wrong (a negative entry, NaN, a sum other than 1).

    Examples
    --------
    >>> check_distribution([0.25, 0.75]).tolist()
    [0.25, 0.75]
    >>> check_distribution([1, 1, 2], "q")
    Traceback (most recent call last):
    ...
    ValueError: `q` sums to 4, not 1; use `normalize` to rescale weights on purpose
    """
    array = as_distribution(values, name)
    if array.ndim != 1:
        raise ValueError(f"`{name}` must be one probability vector")
    return array


def model_path(p: ArrayLike, q: ArrayLike, t: ArrayLike) -> np.ndarray:
    r"""The straight path of models :math:`Q_t = (1 - t)\,Q + t\,P` from Q (t = 0) to P (t = 1).

    ``t`` may be an array of G values in [0, 1]; the result has shape (G, K), one model per row,
    ready for one vectorised call of the measures. Every :math:`Q_t` is a distribution, and for
    :math:`t > 0` it gives positive probability to every outcome P allows, so
    :math:`\mathrm{KL}(P\|Q_t)` is finite there and falls to 0 at t = 1 (KL is convex in Q).

    Examples
    --------
    >>> model_path([1.0, 0.0], [0.5, 0.5], [0.0, 0.5, 1.0]).tolist()
    [[0.5, 0.5], [0.75, 0.25], [1.0, 0.0]]
    """
    p = as_distribution(p, "p")
    q = as_distribution(q, "q")
    check_shapes(p, q)
    if p.ndim != 1 or q.ndim != 1:
        raise ValueError("`p` and `q` must each be one probability vector")
    try:
        t = np.asarray(t, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("`t` must contain numbers only") from None
    if not np.all(np.isfinite(t)) or np.any((t < 0) | (t > 1)):
        raise ValueError("`t` must lie between 0 and 1")
    t = t[..., np.newaxis]
    return (1.0 - t) * q + t * p


def with_probability(p: ArrayLike, index: int, values: ArrayLike) -> np.ndarray:
    r"""P with outcome ``index`` given probability ``values``, the other outcomes rescaled by one
    common factor so that each result still sums to 1.

    The others keep their ratios: :math:`p'_j = p_j (1 - v) / (1 - p_i)` for :math:`j \ne i`.
    If they are all 0 (:math:`p_i = 1`) they share :math:`1 - v` equally. ``values`` may be an
    array of G probabilities; the result then has shape (G, K), one distribution per row, ready
    for one vectorised call of the measures (what a drag of one bar shows).

    Examples
    --------
    >>> with_probability([0.5, 0.25, 0.25], 0, 0.8).round(6).tolist()
    [0.8, 0.1, 0.1]
    >>> with_probability([1.0, 0.0, 0.0], 0, [0.5, 1.0]).tolist()
    [[0.5, 0.25, 0.25], [1.0, 0.0, 0.0]]
    """
    p = check_distribution(p, "p")
    k = p.size
    if isinstance(index, bool) or not isinstance(index, (int, np.integer)) or not 0 <= index < k:
        raise ValueError(f"`index` must be a whole number from 0 to {k - 1}")
    try:
        v = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("`values` must contain numbers only") from None
    if not np.all(np.isfinite(v)) or np.any((v < 0) | (v > 1)):
        raise ValueError("`values` must lie between 0 and 1")
    rest = 1.0 - p[index]
    others = p / rest if rest > 0 else np.full(k, 1.0 / (k - 1))
    others = np.where(np.arange(k) == index, 0.0, others)
    result = (1.0 - v)[..., np.newaxis] * others
    result[..., index] = v
    return result


def entropy_terms(p: ArrayLike, *, base: float | None = None) -> np.ndarray:
    r"""Per-outcome terms :math:`-p_k \log p_k` whose sum is H(P) (0 where :math:`p_k = 0`).

    Examples
    --------
    >>> entropy_terms([0.5, 0.25, 0.25], base=2).tolist()
    [0.5, 0.5, 0.5]
    """
    divisor = log_base(base)
    return _entropy_terms(as_distribution(p, "p")) / divisor


def cross_entropy_terms(p: ArrayLike, q: ArrayLike, *, base: float | None = None) -> np.ndarray:
    r"""Per-outcome terms :math:`-p_k \log q_k` whose sum is H(P,Q).

    A term is 0 where :math:`p_k = 0` and ``inf`` where :math:`p_k > 0 = q_k`.

    Examples
    --------
    >>> cross_entropy_terms([0.5, 0.5], [0.25, 0.75], base=2).round(4).tolist()
    [1.0, 0.2075]
    """
    divisor = log_base(base)
    p = as_distribution(p, "p")
    q = as_distribution(q, "q")
    check_shapes(p, q)
    return _cross_entropy_terms(p, q) / divisor


def format_distribution(p: ArrayLike) -> str:
    """The text form of a distribution for a URL: comma-separated, 6 significant digits.

    Examples
    --------
    >>> format_distribution([0.1, 0.2, 0.7])
    '0.1,0.2,0.7'
    >>> format_distribution([1 / 3, 1 / 3, 1 / 3])
    '0.333333,0.333333,0.333333'
    """
    values = as_array(p, "p")
    if values.ndim != 1:
        raise ValueError("`p` must be one probability vector")
    return ",".join(f"{v:.{URL_DIGITS}g}" for v in values)


def parse_distribution(text: str, *, name: str = "p", k: int | None = None) -> np.ndarray:
    """Read a distribution from its text form, e.g. ``"0.1,0.2,0.7"``; refuse anything else.

    Entries are separated by commas (spaces are allowed). The result has 2 to 20 entries (exactly
    ``k`` if given), none negative, summing to 1. A sum within ``URL_SUM_TOLERANCE`` of 1 is the
    rounding of ``format_distribution`` and is rescaled to 1 exactly; anything further off is
    refused, as the measures refuse it, rather than repaired.

    Raises
    ------
    ValueError
        With a message for a person, naming the parameter, for any other input.

    Examples
    --------
    >>> parse_distribution("0.1, 0.2, 0.7").tolist()
    [0.1, 0.2, 0.7]
    >>> parse_distribution("0.5,0.4")
    Traceback (most recent call last):
    ...
    ValueError: `p` sums to 0.9, not 1
    """
    values = number_list(text, name, example="probabilities like 0.1,0.2,0.7")
    for position, value in enumerate(values, start=1):
        if value < 0:
            raise ValueError(f"`{name}` entry {position} ({value:g}) is negative")
    count = len(values)
    if k is not None and count != k:
        raise ValueError(f"`{name}` has {count} entries but K = {k}: it needs one per outcome")
    if not MIN_OUTCOMES <= count <= MAX_OUTCOMES:
        raise ValueError(
            f"`{name}` has {count} entries: a die here has {MIN_OUTCOMES} to {MAX_OUTCOMES} faces"
        )
    array = np.asarray(values)
    total = float(array.sum())
    if abs(total - 1.0) > URL_SUM_TOLERANCE:
        raise ValueError(f"`{name}` sums to {total:.6g}, not 1")
    return array / total if abs(total - 1.0) > SUM_TOLERANCE else array
