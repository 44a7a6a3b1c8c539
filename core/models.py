r"""Models Q of one sample, and both sides of the identity on it:
:math:`H(\hat P, Q) = H(\hat P) + \mathrm{KL}(\hat P\|Q)`.

A sample is summarised once (:func:`summarise_sample`: :math:`\hat P`, its entropy, its binned
shape, its Gaussian fit), then judged under models of four families: Bernoulli, a categorical
shrunk from :math:`\hat P` toward uniform, Poisson and Gaussian.

For data with a discrete model (labels, or whole numbers with few distinct values) the full
identity holds on the sample: :math:`-\frac1n \sum_i \log Q(x_i) = H(\hat P,Q) = H(\hat P) +
\mathrm{KL}(\hat P\|Q)`. For a Gaussian model :math:`\hat P` is the empirical measure, which
has no density: the average negative log-density is :math:`H(\hat P,Q)` by definition, and
among Gaussians it splits as :math:`h(\hat N) + \mathrm{KL}(\hat N\|Q)`, where
:math:`\hat N` is the Gaussian maximum-likelihood fit and :math:`h(\hat N) = \frac12
\log(2\pi e s^2)` the floor no Gaussian can go below.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core._validation import log_base
from core.continuous import gaussian_entropy, gaussian_kl_divergence, normal_log_density
from core.divergence import Decomposition, decompose, entropy, unit_name
from core.histogram import Histogram, histogram
from core.samples import GaussianFit, empirical_distribution, fit_gaussian, poisson_log_pmf

__all__ = [
    "DISCRETE_MAX_VALUES",
    "Model",
    "SampleIdentity",
    "SampleSummary",
    "families_for",
    "maximum_likelihood",
    "model_probabilities",
    "per_sample_loss",
    "sample_identity",
    "success_index",
    "summarise_sample",
]

#: Numeric data is treated as discrete (bars, the full identity) when every value is a whole
#: number and there are at most this many distinct values.
DISCRETE_MAX_VALUES = 50


@dataclass(frozen=True)
class SampleSummary:
    """What is known of a sample before any model: P̂, its entropy, its shape.

    Everything here is bounded whatever n is, so a summary is cheap to keep and to cache.
    ``support`` lists the outcomes the discrete models live on: the outcomes of the true P for
    generated data (some may be unobserved), the observed ones otherwise; ``p_hat`` is P̂ over
    them. Continuous data has no support (an empty array): every value is its own outcome.
    For numbers ``histogram`` holds the binned data; for continuous data ``entropy`` is the
    entropy of that binned P̂ (it depends on the bin width) and ``density_entropy`` the
    histogram estimate of the differential entropy h, ``entropy + log(bin width)`` (negative
    for a narrow density). ``empirical_entropy`` is H(P̂) of the values themselves, for any
    data: for n distinct values exactly log n, whatever they are.
    """

    n: int
    numeric: bool
    discrete: bool
    distinct: int
    support: np.ndarray
    p_hat: np.ndarray
    entropy: float
    unit: str
    histogram: Histogram | None = None
    density_entropy: float | None = None
    gaussian: GaussianFit | None = None
    mean: float | None = None
    empirical_entropy: float | None = None

    @property
    def counts_data(self) -> bool:
        """Whole numbers, none negative: a Poisson model applies."""
        return self.numeric and self.discrete and bool(np.all(self.support >= 0))


def summarise_sample(
    values: np.ndarray, *, support: np.ndarray | None = None, base: float | None = None
) -> SampleSummary:
    """P̂ of a sample and its entropy in the chosen unit (see :class:`SampleSummary`)."""
    distribution = empirical_distribution(values)
    outcomes, n, numeric = distribution.outcomes, distribution.n, distribution.numeric
    distinct = int(outcomes.shape[0])
    discrete = not numeric or (
        distinct <= DISCRETE_MAX_VALUES and bool(np.all(outcomes == np.round(outcomes)))
    )
    unit = unit_name(base)
    gaussian = mean = binned = None
    if numeric:
        mean = float(np.mean(values))
        gaussian = fit_gaussian(values) if distinct > 1 else None
        binned = histogram(values)
    if discrete:
        support = outcomes if support is None else support
        p_hat = distribution.probabilities_over(support)
        sample_entropy = float(entropy(p_hat, base=base))
        density_entropy = None
    else:
        support, p_hat = np.empty(0), np.empty(0)
        sample_entropy = float(entropy(binned.counts / n, base=base))
        density_entropy = sample_entropy + math.log(binned.width) / log_base(base)
    return SampleSummary(
        n=n,
        numeric=numeric,
        discrete=discrete,
        distinct=distinct,
        support=support,
        p_hat=p_hat,
        entropy=sample_entropy,
        unit=unit,
        histogram=binned,
        density_entropy=density_entropy,
        gaussian=gaussian,
        mean=mean,
        empirical_entropy=float(entropy(distribution.probabilities, base=base)),
    )


@dataclass(frozen=True)
class Model:
    """A model Q of a sample: its family and parameters.

    - ``bernoulli``: Q(first outcome) = ``q`` for labels, Q(larger value) = ``q`` for numbers;
    - ``shrink``: Q = (1 - ``weight``) P̂ + ``weight`` · uniform over the support;
    - ``poisson``: rate ``rate``;
    - ``gaussian``: mean ``mu``, standard deviation ``sigma``.
    """

    family: str
    q: float = 0.5
    weight: float = 0.0
    rate: float = 1.0
    mu: float = 0.0
    sigma: float = 1.0

    @property
    def discrete(self) -> bool:
        return self.family != "gaussian"


def families_for(summary: SampleSummary) -> list[str]:
    """The model families that make sense for a sample, the most natural first."""
    families = []
    if summary.discrete and summary.support.shape[0] == 2:
        families.append("bernoulli")
    if summary.discrete:
        families.append("shrink")
    if summary.counts_data:
        families.append("poisson")
    if summary.gaussian is not None:
        families.append("gaussian")
    return families


def success_index(summary: SampleSummary) -> int:
    """Which of two outcomes a Bernoulli q is the probability of: the first label (H before T),
    or the larger number (1 before 0)."""
    return 1 if summary.numeric else 0


def maximum_likelihood(summary: SampleSummary, family: str) -> Model:
    """The maximum-likelihood model of a family for this sample."""
    if family == "bernoulli":
        return Model("bernoulli", q=float(summary.p_hat[success_index(summary)]))
    if family == "shrink":
        return Model("shrink", weight=0.0)
    if family == "poisson":
        return Model("poisson", rate=float(summary.mean))
    if summary.gaussian is None:
        raise ValueError("A Gaussian needs data with some spread: all the values are equal.")
    return Model("gaussian", mu=summary.gaussian.mu, sigma=summary.gaussian.sigma)


def model_probabilities(summary: SampleSummary, model: Model) -> np.ndarray:
    """Q over ``summary.support``, plus for a Poisson model one last entry: the mass Q puts on
    every unobserved count, so that the vector is a distribution."""
    k = summary.support.shape[0]
    if model.family == "bernoulli":
        q = np.empty(2)
        i = success_index(summary)
        q[i], q[1 - i] = model.q, 1.0 - model.q
        return q
    if model.family == "shrink":
        return (1.0 - model.weight) * summary.p_hat + model.weight / k
    if model.family == "poisson":
        log_pmf = poisson_log_pmf(summary.support, model.rate)
        pmf = np.exp(log_pmf)
        return np.append(pmf, max(0.0, 1.0 - math.fsum(pmf)))
    raise ValueError(f"the {model.family} model has a density, not probabilities")


def per_sample_loss(values: np.ndarray, summary: SampleSummary, model: Model) -> np.ndarray:
    """-log Q(x_i) for each observation, in nats (inf where Q(x_i) = 0).

    Computed observation by observation (a lookup per value, or the Gaussian log-density), so
    its mean is an average negative log-likelihood independent of P̂ and of ``core``'s sums.
    """
    if model.family == "gaussian":
        return -normal_log_density(values, model.mu, model.sigma)
    q = model_probabilities(summary, model)[: summary.support.shape[0]]
    codes = np.searchsorted(summary.support, values)
    with np.errstate(divide="ignore"):
        return -np.log(q)[codes]


@dataclass(frozen=True)
class SampleIdentity:
    """Both sides of the identity on the sample, in one unit.

    ``average_nll`` is -(1/n) Σ log Q(x_i), the mean of :func:`per_sample_loss`. For a discrete
    model ``decomposition`` holds H(P̂), H(P̂,Q) and KL(P̂‖Q) from ``core.decompose`` on P̂; for a
    Gaussian it holds the floor h(N̂), their sum and KL(N̂‖Q), with N̂ the Gaussian fit.
    """

    average_nll: float
    decomposition: Decomposition
    continuous: bool

    @property
    def cross_entropy(self) -> float:
        return float(self.decomposition.cross_entropy)

    @property
    def entropy(self) -> float:
        return float(self.decomposition.entropy)

    @property
    def kl_divergence(self) -> float:
        return float(self.decomposition.kl_divergence)


def sample_identity(
    values: np.ndarray,
    summary: SampleSummary,
    model: Model,
    *,
    base: float | None = None,
    loss: np.ndarray | None = None,
) -> SampleIdentity:
    """Compute -(1/n) Σ log Q(x_i) and H(P̂,Q) = H(P̂) + KL(P̂‖Q) independently."""
    if loss is None:
        loss = per_sample_loss(values, summary, model)
    average = float(np.mean(loss)) / log_base(base)
    unit = unit_name(base)
    if model.discrete:
        p = summary.p_hat
        q = model_probabilities(summary, model)
        if q.shape[0] > p.shape[0]:
            p = np.append(p, 0.0)
        return SampleIdentity(average, decompose(p, q, base=base), False)
    fit = summary.gaussian
    floor = float(gaussian_entropy(fit.sigma, base=base))
    kl = float(gaussian_kl_divergence(fit.mu, fit.sigma, model.mu, model.sigma, base=base))
    return SampleIdentity(average, Decomposition(floor, floor + kl, kl, unit), True)
