"""The one binning rule of the lessons: equal-width bins, bounded in number whatever the data.

Every page that draws numeric data as a histogram, or estimates an entropy from one, bins it
here, so the same data is binned the same way everywhere.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from core.samples import _as_numbers

__all__ = ["MAX_BINS", "MIN_BINS", "Histogram", "histogram"]

#: Bounds on the number of bins.
MIN_BINS, MAX_BINS = 5, 60


@dataclass(frozen=True)
class Histogram:
    """Counts of numeric data in equal-width bins; ``density`` is count / (n · width)."""

    edges: np.ndarray
    counts: np.ndarray

    @property
    def width(self) -> float:
        return float(self.edges[1] - self.edges[0])

    @property
    def centres(self) -> np.ndarray:
        return (self.edges[:-1] + self.edges[1:]) / 2

    @property
    def density(self) -> np.ndarray:
        return self.counts / (self.counts.sum() * self.width)


def histogram(values: ArrayLike) -> Histogram:
    """A histogram with a bounded number of equal-width bins over the data's range.

    Whole numbers spanning fewer than ``MAX_BINS`` values get one bin per value, centred on it.
    Other data gets numpy's "auto" count, the larger of Freedman–Diaconis (width
    :math:`2\\,\\mathrm{IQR}\\,n^{-1/3}`) and Sturges (:math:`\\lceil\\log_2 n\\rceil + 1` bins):
    Freedman–Diaconis alone merges the two modes of a bimodal sample, whose interquartile range
    is wide. The count is clipped to ``MIN_BINS``..``MAX_BINS`` and to :math:`2\\sqrt n`, so heavy
    tails or a tiny interquartile range cannot ask for thousands of bins.

    Examples
    --------
    >>> h = histogram([2.0, 3, 3, 5])
    >>> h.edges.tolist(), h.counts.tolist()
    ([1.5, 2.5, 3.5, 4.5, 5.5], [1, 2, 0, 1])
    """
    values = _as_numbers(values, "values")
    low, high = float(values.min()), float(values.max())
    n = values.shape[0]
    if high == low:
        return Histogram(np.array([low - 0.5, low + 0.5]), np.array([n]))
    if high - low < MAX_BINS and np.all(values == np.round(values)):
        edges = np.arange(low - 0.5, high + 1.0)
        counts = np.bincount((values - low).astype(np.int64), minlength=edges.shape[0] - 1)
        return Histogram(edges, counts)
    q25, q75 = np.percentile(values, [25, 75])
    width = 2 * (q75 - q25) * n ** (-1 / 3)
    freedman_diaconis = math.ceil((high - low) / width) if width > 0 else MAX_BINS
    sturges = math.ceil(math.log2(n)) + 1
    bins = max(freedman_diaconis, sturges)
    bins = int(np.clip(bins, MIN_BINS, min(MAX_BINS, max(MIN_BINS, 2 * math.isqrt(n)))))
    counts, edges = np.histogram(values, bins=bins, range=(low, high))
    return Histogram(edges, counts)
