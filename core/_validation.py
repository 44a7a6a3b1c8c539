"""Input checks shared by the measures: refuse invalid input, never repair it silently."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

#: How far a probability vector's sum may stray from 1 before it is refused.
SUM_TOLERANCE = 1e-9


def log_base(base: float | None) -> float:
    """Return ``log(base)``, the divisor that turns nats into the requested unit.

    ``None`` means nats (divisor 1). Any positive finite number other than 1 is accepted.
    """
    if base is None:
        return 1.0
    if isinstance(base, bool) or not isinstance(base, (int, float, np.integer, np.floating)):
        raise ValueError("`base` must be a positive number other than 1, or None for nats")
    base = float(base)
    if not math.isfinite(base) or base <= 0 or base == 1:
        raise ValueError("`base` must be a positive number other than 1, or None for nats")
    return math.log(base)


def as_array(
    values: ArrayLike,
    name: str,
    *,
    vector: str = "of probabilities",
    needs: str = "at least one outcome",
) -> np.ndarray:
    """Convert to a float array and check that it is a non-empty array of finite numbers.

    ``vector`` and ``needs`` finish the messages for a single number and for an empty array
    ("must be a vector {vector}", "it needs {needs}")."""
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"`{name}` must contain numbers only") from None
    if array.ndim == 0:
        raise ValueError(f"`{name}` must be a vector {vector}, not a single number")
    if array.shape[-1] == 0:
        raise ValueError(f"`{name}` is empty: it needs {needs}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"`{name}` contains NaN or infinity")
    return array


def as_distribution(values: ArrayLike, name: str) -> np.ndarray:
    """Check a probability vector (or a stack of them on the last axis) and return it as floats."""
    array = as_array(values, name)
    if np.any(array < 0):
        raise ValueError(f"`{name}` has a negative probability")
    totals = array.sum(axis=-1)
    if np.any(totals == 0):
        raise ValueError(f"`{name}` is all zeros: probabilities must sum to 1")
    off = np.abs(totals - 1.0)
    if np.any(off > SUM_TOLERANCE):
        worst = float(np.ravel(totals)[np.argmax(np.ravel(off))])
        raise ValueError(
            f"`{name}` sums to {worst:.10g}, not 1; use `normalize` to rescale weights on purpose"
        )
    return array


def check_shapes(p: np.ndarray, q: np.ndarray) -> None:
    """Check that P and Q have the same number of outcomes and broadcast against each other."""
    if p.shape[-1] != q.shape[-1]:
        raise ValueError(
            f"`p` has {p.shape[-1]} outcomes but `q` has {q.shape[-1]}: they must match"
        )
    try:
        np.broadcast_shapes(p.shape, q.shape)
    except ValueError:
        raise ValueError(
            f"`p` of shape {p.shape} and `q` of shape {q.shape} do not broadcast"
        ) from None


def number_list(text: str, name: str, *, example: str) -> list[float]:
    """Read comma-separated finite numbers (spaces allowed), e.g. a link's ``0.1,0.2,0.7``.

    ``example`` shows what to write when ``text`` is empty. Each refusal names the entry.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"`{name}` is empty: write {example}")
    values = []
    for position, part in enumerate((part.strip() for part in text.split(",")), start=1):
        try:
            value = float(part)
        except ValueError:
            shown = part[:20] or "an empty entry"
            raise ValueError(f"`{name}` entry {position} ({shown}) is not a number") from None
        if not math.isfinite(value):
            raise ValueError(f"`{name}` entry {position} is not a finite number")
        values.append(value)
    return values
