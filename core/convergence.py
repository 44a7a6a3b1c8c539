r"""What happens as n grows: a sample drawn from a known P, judged on its first n observations.

The average negative log-likelihood of a fixed model Q on the first n observations tends to
:math:`H(P, Q)` (the law of large numbers), while :math:`\mathrm{KL}(\hat P_n\|P)` shrinks like
:math:`(K - 1)/(2n)` for K outcomes. Both are computed for every n of a log-spaced grid at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core._validation import log_base
from core.continuous import GaussianMixture, mixture_cross_entropy, mixture_entropy
from core.divergence import cross_entropy, entropy, kl_divergence, unit_name
from core.models import Model, SampleSummary, model_probabilities
from core.sampling import TrueDistribution

__all__ = [
    "GROWTH_BINS",
    "GrowthCurves",
    "TruthDistance",
    "distance_to_truth",
    "growth_curves",
    "growth_sizes",
    "true_cross_entropy",
    "true_entropy",
]

#: Interior bins over which a continuous P̂ₙ is compared with P (plus two open tails).
GROWTH_BINS = 30


def true_cross_entropy(
    truth: TrueDistribution, summary: SampleSummary, model: Model, *, base: float | None = None
) -> float:
    """H(P,Q) of the true P against the model, in the chosen unit: inf where Q misses part of
    P's support, NaN where the model is not of P's kind (a density against labels)."""
    if truth.discrete:
        if model.family not in ("bernoulli", "shrink"):
            return math.nan
        return float(
            cross_entropy(truth.probabilities, model_probabilities(summary, model), base=base)
        )
    if model.family != "gaussian":
        return math.nan
    return float(mixture_cross_entropy(truth.mixture, model.mu, model.sigma, base=base))


def true_entropy(truth: TrueDistribution, *, base: float | None = None) -> float:
    """H(P) of the true P (differential entropy for a mixture, integrated numerically)."""
    if truth.discrete:
        return float(entropy(truth.probabilities, base=base))
    return float(mixture_entropy(truth.mixture, base=base))


def _normal_cdf(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.array([math.erf(v / math.sqrt(2.0)) for v in x.ravel()])).reshape(
        x.shape
    )


def _mixture_bins(mixture: GaussianMixture, bins: int) -> tuple[np.ndarray, np.ndarray]:
    """Interior edges over mean ± 4 sd, and P's probability of each of the bins + 2 open tails."""
    centre, spread = mixture.mean, mixture.standard_deviation
    edges = np.linspace(centre - 4 * spread, centre + 4 * spread, bins + 1)
    z = (edges[np.newaxis, :] - mixture.means[:, np.newaxis]) / mixture.sigmas[:, np.newaxis]
    cdf = mixture.weights @ _normal_cdf(z)
    cdf = np.concatenate(([0.0], cdf, [1.0]))
    return edges, np.maximum(np.diff(cdf), 1e-300)


@dataclass(frozen=True)
class TruthDistance:
    """How far P̂ₙ, the empirical distribution of the first n observations, is from the true P,
    over log-spaced n; with the large-n expectation (K − 1)/(2n) for K outcomes or bins, and
    H(P). None of it depends on the model, so it is computed once per sample. ``bins`` is the
    number of bins a continuous P is compared over, None when P̂ₙ and P are compared outcome by
    outcome."""

    n: np.ndarray
    kl_to_truth: np.ndarray
    expected_kl: np.ndarray
    bins: int | None
    true_entropy: float


@dataclass(frozen=True)
class GrowthCurves:
    """Average NLL of the fixed model Q on the first n observations, with its limit H(P,Q), next
    to the distance of P̂ₙ from P, over log-spaced n."""

    n: np.ndarray
    average_nll: np.ndarray
    true_cross_entropy: float
    true_entropy: float
    kl_to_truth: np.ndarray
    expected_kl: np.ndarray
    distance_bins: int | None
    unit: str


def growth_sizes(total: int, *, points: int) -> np.ndarray:
    """About ``points`` log-spaced sample sizes from 1 to ``total`` (distinct, increasing)."""
    sizes = np.unique(np.round(np.logspace(0, math.log10(total), points)).astype(np.int64))
    return sizes[(sizes >= 1) & (sizes <= total)]


def distance_to_truth(
    values: np.ndarray,
    truth: TrueDistribution,
    *,
    base: float | None = None,
    points: int,
) -> TruthDistance:
    """KL(P̂ₙ‖P) for every size n at once: one ``bincount`` over (size, outcome) pairs gives the
    new counts at each size, a cumulative sum gives every P̂ₙ, one ``core.kl_divergence`` call
    compares them all with P. Continuous data is compared over ``GROWTH_BINS`` equal bins
    across P's mean ± 4 sd plus two open tails."""
    divisor = log_base(base)
    sizes = growth_sizes(values.shape[0], points=points)
    if truth.discrete:
        codes = np.searchsorted(truth.outcomes, values)
        p = truth.probabilities
        bins = None
    else:
        edges, p = _mixture_bins(truth.mixture, GROWTH_BINS)
        codes = np.searchsorted(edges, values, side="right")
        bins = GROWTH_BINS + 2
    k = p.shape[0]
    first_size = np.searchsorted(sizes, np.arange(values.shape[0]), side="right")
    keep = first_size < sizes.shape[0]
    pairs = first_size[keep] * k + codes[keep]
    counts = np.bincount(pairs, minlength=sizes.shape[0] * k).reshape(sizes.shape[0], k)
    p_hat = np.cumsum(counts, axis=0) / sizes[:, np.newaxis]
    kl = np.asarray(kl_divergence(p_hat, p, base=base))
    outcomes = int(np.count_nonzero(p > 1e-12))
    expected = (outcomes - 1) / (2 * sizes) / divisor
    return TruthDistance(
        n=sizes,
        kl_to_truth=kl,
        expected_kl=expected,
        bins=bins,
        true_entropy=true_entropy(truth, base=base),
    )


def growth_curves(
    loss: np.ndarray,
    truth: TrueDistribution,
    summary: SampleSummary,
    model: Model,
    distance: TruthDistance,
    *,
    base: float | None = None,
) -> GrowthCurves:
    """The "as n grows" curves: the average of ``loss`` (-log Q(xᵢ) in nats) over the first n
    observations by one cumulative sum, its limit H(P,Q), and ``distance``."""
    sizes = distance.n
    average = np.cumsum(loss)[sizes - 1] / sizes / log_base(base)
    return GrowthCurves(
        n=sizes,
        average_nll=average,
        true_cross_entropy=true_cross_entropy(truth, summary, model, base=base),
        true_entropy=distance.true_entropy,
        kl_to_truth=distance.kl_to_truth,
        expected_kl=distance.expected_kl,
        distance_bins=distance.bins,
        unit=unit_name(base),
    )
