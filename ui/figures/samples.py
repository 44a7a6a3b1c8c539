"""Figures of the samples lesson: P̂ with the model Q over it, the identity on the sample, and
what happens as n grows.

Two steps, as everywhere in ``ui``: functions that compute the numbers (frozen dataclasses of
arrays, through ``core``) and thin builders that turn them into a ``go.Figure``. What is drawn is
bounded whatever the data: at most ``TOP_CATEGORIES`` bars (the rest folded into "other"), at most
``MAX_BINS`` histogram bins computed with numpy, at most ``GROWTH_POINTS`` points per curve.
Nothing here imports Streamlit.

For data with a discrete model (labels, or whole numbers with few distinct values) the full
identity holds on the sample: -(1/n) Σ log Q(x_i) = H(P̂,Q) = H(P̂) + KL(P̂‖Q). For a Gaussian
model P̂ is the empirical measure, which has no density: the average negative log-density is
H(P̂,Q) by definition, and among Gaussians it splits as h(N̂) + KL(N̂‖Q), where N̂ is the Gaussian
maximum-likelihood fit and h(N̂) = ½ log(2πe s²) the floor no Gaussian can go below.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from core import (
    Decomposition,
    GaussianFit,
    GaussianMixture,
    cross_entropy,
    decompose,
    empirical_distribution,
    entropy,
    fit_gaussian,
    gaussian_entropy,
    gaussian_kl_divergence,
    kl_divergence,
    mixture_cross_entropy,
    mixture_entropy,
    unit_name,
)
from core.sampling import TrueDistribution
from ui import theme
from ui.figures.common import base_layout, format_value, make_figure

#: Numeric data is treated as discrete (bars, the full identity) when every value is a whole
#: number and there are at most this many distinct values.
DISCRETE_MAX_VALUES = 50
#: The most bars drawn; beyond it the least frequent categories are folded into one "other" bar.
TOP_CATEGORIES = 20
#: Bounds on the number of histogram bins.
MIN_BINS, MAX_BINS = 5, 60
#: Points on the "as n grows" curves (log-spaced sample sizes).
GROWTH_POINTS = 60
#: Interior bins over which a continuous P̂_n is compared with P (plus two open tails).
GROWTH_BINS = 30
#: Points on a density curve.
CURVE_POINTS = 241

#: Model families: their names (as the page and its links show them) and what they are.
FAMILIES = {
    "bernoulli": "Bernoulli",
    "shrink": "Categorical",
    "poisson": "Poisson",
    "gaussian": "Gaussian",
}
FAMILY_CAPTIONS = {
    "bernoulli": "two outcomes, Q(one) = q",
    "shrink": "P̂ shrunk toward uniform",
    "poisson": "counts, rate λ",
    "gaussian": "a bell curve, μ and σ",
}


def _divisor(base: float | None) -> float:
    return 1.0 if base is None else math.log(base)


# The sample ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Histogram:
    """Counts of numeric data in equal-width bins; ``density`` is count / (n · width)."""

    edges: np.ndarray
    counts: np.ndarray

    @property
    def width(self) -> float:
        return float(self.edges[1] - self.edges[0])

    @property
    def density(self) -> np.ndarray:
        return self.counts / (self.counts.sum() * self.width)


def histogram(values: np.ndarray) -> Histogram:
    """A histogram with a bounded number of equal-width bins (Freedman-Diaconis, clipped to
    ``MIN_BINS``..``MAX_BINS`` and to 2√n), computed with numpy on the raw values. Whole
    numbers spanning fewer than ``MAX_BINS`` values get one bin per value."""
    low, high = float(values.min()), float(values.max())
    n = values.shape[0]
    if high == low:
        return Histogram(np.array([low - 0.5, low + 0.5]), np.array([n]))
    if high - low < MAX_BINS and np.all(values == np.round(values)):
        # whole numbers: one bin per value, centred on it
        edges = np.arange(low - 0.5, high + 1.0)
        counts = np.bincount((values - low).astype(np.int64), minlength=edges.shape[0] - 1)
        return Histogram(edges, counts)
    q25, q75 = np.percentile(values, [25, 75])
    width = 2 * (q75 - q25) * n ** (-1 / 3)
    bins = math.ceil((high - low) / width) if width > 0 else MAX_BINS
    bins = int(np.clip(bins, MIN_BINS, min(MAX_BINS, max(MIN_BINS, 2 * math.isqrt(n)))))
    counts, edges = np.histogram(values, bins=bins, range=(low, high))
    return Histogram(edges, counts)


@dataclass(frozen=True)
class SampleSummary:
    """What the page says about a sample before any model: P̂, its entropy, its shape.

    Everything here is bounded whatever n is, so a summary is cheap to keep and to cache.
    ``support`` lists the outcomes the discrete models live on: the outcomes of the true P for
    generated data (some may be unobserved), the observed ones otherwise; ``p_hat`` is P̂ over
    them. Continuous data has no support (an empty array): every value is its own outcome.
    For numbers ``histogram`` holds the binned data; for continuous data ``entropy`` is the
    entropy of that binned P̂ and ``density_entropy`` the histogram estimate of the
    differential entropy, ``entropy + log(bin width)``.
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
        return SampleSummary(
            n,
            numeric,
            True,
            distinct,
            support,
            p_hat,
            float(entropy(p_hat, base=base)),
            unit,
            binned,
            None,
            gaussian,
            mean,
        )
    binned_entropy = float(entropy(binned.counts / n, base=base))
    density_entropy = binned_entropy + math.log(binned.width) / _divisor(base)
    return SampleSummary(
        n,
        True,
        False,
        distinct,
        np.empty(0),
        np.empty(0),
        binned_entropy,
        unit,
        binned,
        density_entropy,
        gaussian,
        mean,
    )


# Models ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Model:
    """A model Q chosen on the page: its family and parameters.

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


def model_label(summary: SampleSummary, model: Model, digits: int = 3) -> str:
    """A short name of the model with its parameters, for titles and legends."""
    if model.family == "bernoulli":
        outcome = _outcome_text(summary.support[success_index(summary)])
        return f"Q({outcome}) = {model.q:.{digits}g}"
    if model.family == "shrink":
        return f"Q = {1 - model.weight:.{digits}g}·P̂ + {model.weight:.{digits}g}·uniform"
    if model.family == "poisson":
        return f"Poisson λ = {model.rate:.{digits}g}"
    return f"N(μ = {model.mu:.{digits}g}, σ = {model.sigma:.{digits}g})"


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


def nudged(summary: SampleSummary, family: str) -> Model:
    """A model near the maximum-likelihood one but visibly off, the page's starting point."""
    best = maximum_likelihood(summary, family)
    if family == "bernoulli":
        q = best.q + 0.3 if best.q < 0.5 else best.q - 0.3
        return Model("bernoulli", q=round(min(max(q, 0.05), 0.95), 2))
    if family == "shrink":
        return Model("shrink", weight=0.5)
    if family == "poisson":
        return Model("poisson", rate=_round(best.rate * 1.5 + 0.5))
    return Model("gaussian", mu=_round(best.mu + 0.75 * best.sigma), sigma=_round(1.5 * best.sigma))


def _round(value: float, digits: int = 3) -> float:
    """Round to ``digits`` significant digits, for a readable starting value."""
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


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


def poisson_log_pmf(k: np.ndarray, rate: float) -> np.ndarray:
    """log(λ^k e^(-λ) / k!) for whole numbers k ≥ 0 (−∞ where λ = 0 and k > 0)."""
    k = np.asarray(k, dtype=float)
    log_factorial = np.array([math.lgamma(v + 1.0) for v in k.tolist()])
    if rate == 0:
        return np.where(k == 0, 0.0, -np.inf)
    return k * math.log(rate) - rate - log_factorial


def per_sample_loss(values: np.ndarray, summary: SampleSummary, model: Model) -> np.ndarray:
    """-log Q(x_i) for each observation, in nats (inf where Q(x_i) = 0).

    Computed observation by observation (a lookup per value, or the Gaussian log-density), so
    its mean is an average negative log-likelihood independent of P̂ and of ``core``'s sums.
    """
    if model.family == "gaussian":
        z = (values - model.mu) / model.sigma
        return 0.5 * math.log(2 * math.pi) + math.log(model.sigma) + 0.5 * z * z
    q = model_probabilities(summary, model)[: summary.support.shape[0]]
    codes = np.searchsorted(summary.support, values)
    with np.errstate(divide="ignore"):
        return -np.log(q)[codes]


# The identity on the sample --------------------------------------------------------------------


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
    average = float(np.mean(loss)) / _divisor(base)
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


# The true distribution of generated data ----------------------------------------------------


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
    H(P). None of it depends on the model, so it is computed once per sample."""

    n: np.ndarray
    kl_to_truth: np.ndarray
    expected_kl: np.ndarray
    label: str
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
    distance_label: str
    unit: str


def growth_sizes(total: int, points: int = GROWTH_POINTS) -> np.ndarray:
    """About ``points`` log-spaced sample sizes from 1 to ``total`` (distinct, increasing)."""
    sizes = np.unique(np.round(np.logspace(0, math.log10(total), points)).astype(np.int64))
    return sizes[(sizes >= 1) & (sizes <= total)]


def distance_to_truth(
    values: np.ndarray,
    truth: TrueDistribution,
    *,
    base: float | None = None,
    points: int = GROWTH_POINTS,
) -> TruthDistance:
    """KL(P̂ₙ‖P) for every size n at once: one ``bincount`` over (size, outcome) pairs gives the
    new counts at each size, a cumulative sum gives every P̂ₙ, one ``core.kl_divergence`` call
    compares them all with P. Continuous data is compared over ``GROWTH_BINS`` equal bins
    across P's mean ± 4 sd plus two open tails."""
    divisor = _divisor(base)
    sizes = growth_sizes(values.shape[0], points)
    if truth.discrete:
        codes = np.searchsorted(truth.outcomes, values)
        p = truth.probabilities
        label = "KL(P̂ₙ‖P)"
    else:
        edges, p = _mixture_bins(truth.mixture, GROWTH_BINS)
        codes = np.searchsorted(edges, values, side="right")
        label = f"KL(P̂ₙ‖P), {GROWTH_BINS + 2} bins"
    k = p.shape[0]
    first_size = np.searchsorted(sizes, np.arange(values.shape[0]), side="right")
    keep = first_size < sizes.shape[0]
    pairs = first_size[keep] * k + codes[keep]
    counts = np.bincount(pairs, minlength=sizes.shape[0] * k).reshape(sizes.shape[0], k)
    p_hat = np.cumsum(counts, axis=0) / sizes[:, np.newaxis]
    kl = np.asarray(kl_divergence(p_hat, p, base=base))
    outcomes = int(np.count_nonzero(p > 1e-12))
    expected = (outcomes - 1) / (2 * sizes) / divisor
    return TruthDistance(sizes, kl, expected, label, true_entropy(truth, base=base))


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
    average = np.cumsum(loss)[sizes - 1] / sizes / _divisor(base)
    return GrowthCurves(
        sizes,
        average,
        true_cross_entropy(truth, summary, model, base=base),
        distance.true_entropy,
        distance.kl_to_truth,
        distance.expected_kl,
        distance.label,
        unit_name(base),
    )


# Figures ---------------------------------------------------------------------------------------


def _outcome_text(value) -> str:
    if isinstance(value, (float, np.floating)):
        return f"{float(value):g}"
    return str(value)


@dataclass(frozen=True)
class Bars:
    """P̂ (and Q, and the true P) over at most ``TOP_CATEGORIES`` bars, the rest as "other"."""

    labels: list[str]
    p_hat: np.ndarray
    q: np.ndarray | None
    p_true: np.ndarray | None
    folded: int


def empirical_bars(
    summary: SampleSummary,
    q: np.ndarray | None = None,
    p_true: np.ndarray | None = None,
    *,
    top: int = TOP_CATEGORIES,
) -> Bars:
    """Bars in outcome order when they fit; otherwise the ``top - 1`` most frequent outcomes
    (most frequent first) and one bar "other (m outcomes)" holding the rest."""
    k = summary.support.shape[0]
    p_hat = summary.p_hat
    q = None if q is None else q[:k]
    labels = [_outcome_text(v) for v in summary.support.tolist()]
    if k <= top:
        return Bars(labels, p_hat, q, p_true, 0)
    order = np.argsort(-p_hat, kind="stable")
    shown, rest = order[: top - 1], order[top - 1 :]

    def fold(values):
        return None if values is None else np.append(values[shown], values[rest].sum())

    names = [labels[i] for i in shown] + [f"other ({rest.shape[0]:,})"]
    return Bars(names, fold(p_hat), fold(q), fold(p_true), int(rest.shape[0]))


def _layout(title: str, font_size: int, height: int) -> dict:
    """The shared layout with the title on top and the legend under the plot: a legend that
    wraps onto several lines on a phone grows downwards (plotly widens the bottom margin for
    it) instead of running into the title."""
    layout = base_layout(font_size=font_size, height=height, title=title)
    layout["margin"]["t"] = round(font_size * 2.6) + 10
    layout["legend"].update({"y": -0.12, "yanchor": "top", "x": 0, "xanchor": "left"})
    layout["title"].update({"yref": "container", "y": 0.98, "yanchor": "top"})
    return layout


def _short(values: np.ndarray) -> list[float]:
    return [float(f"{v:.6g}") for v in np.asarray(values, dtype=float).tolist()]


def empirical_bars_figure(
    bars: Bars,
    *,
    title: str,
    q_label: str = "Q",
    font_size: int = theme.FONT_SIZE,
    height: int = 420,
) -> go.Figure:
    """P̂ as bars, the model Q as diamonds on them, the true P (if known) as open circles."""
    colours = [theme.ENTROPY] * len(bars.labels)
    if bars.folded:
        colours[-1] = theme.NEUTRAL
    data = [
        {
            "type": "bar",
            "name": "P̂ (the data)",
            "x": bars.labels,
            "y": _short(bars.p_hat),
            "marker": {"color": colours},
            "hovertemplate": "P̂(%{x}) = %{y:.4f}<extra></extra>",
        }
    ]
    if bars.p_true is not None:
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "true P",
                "x": bars.labels,
                "y": _short(bars.p_true),
                "marker": {
                    "symbol": "circle-open",
                    "size": 16,
                    "color": theme.TRUE,
                    "line": {"width": 3},
                },
                "hovertemplate": "P(%{x}) = %{y:.4f}<extra></extra>",
            }
        )
    if bars.q is not None:
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": q_label,
                "x": bars.labels,
                "y": _short(bars.q),
                "marker": {
                    "symbol": "diamond",
                    "size": 14,
                    "color": theme.MODEL,
                    "line": {"color": "white", "width": 1.5},
                },
                "hovertemplate": "Q(%{x}) = %{y:.4f}<extra></extra>",
            }
        )
    layout = _layout(title, font_size, height)
    layout.update(
        {
            "xaxis": {"type": "category", "fixedrange": True, "automargin": True},
            "yaxis": {"title": {"text": "probability"}, "rangemode": "tozero", "fixedrange": True},
            "bargap": 0.25,
        }
    )
    return make_figure(data, layout)


@dataclass(frozen=True)
class DensityView:
    """Histogram of numeric data (as a density) with the model's and the true density."""

    histogram: Histogram
    x: np.ndarray
    q_density: np.ndarray | None
    p_density: np.ndarray | None


def density_view(
    summary: SampleSummary,
    model: Model | None,
    truth: TrueDistribution | None = None,
    *,
    points: int = CURVE_POINTS,
) -> DensityView:
    """The histogram of ``summary`` and the densities of the Gaussian model and true P on a grid
    over the data's range (a little wider)."""
    edges = summary.histogram.edges
    pad = 0.05 * (edges[-1] - edges[0])
    x = np.linspace(edges[0] - pad, edges[-1] + pad, points)
    q_density = p_density = None
    if model is not None and model.family == "gaussian":
        q_density = GaussianMixture([1.0], [model.mu], [model.sigma]).pdf(x)
    if truth is not None and not truth.discrete:
        p_density = truth.mixture.pdf(x)
    return DensityView(summary.histogram, x, q_density, p_density)


def density_figure(
    view: DensityView,
    *,
    title: str,
    q_label: str = "Q",
    font_size: int = theme.FONT_SIZE,
    height: int = 420,
) -> go.Figure:
    """P̂ as a histogram (bar areas sum to 1), Q's density over it, and the true P's if known."""
    h = view.histogram
    centres = (h.edges[:-1] + h.edges[1:]) / 2
    data = [
        {
            "type": "bar",
            "name": "P̂ (histogram)",
            "x": _short(centres),
            "y": _short(h.density),
            "width": h.width,
            "marker": {"color": theme.ENTROPY, "line": {"width": 0}},
            "opacity": 0.8,
            "customdata": h.counts.tolist(),
            "hovertemplate": "%{x:.4g}: %{customdata:,} observations<extra></extra>",
        }
    ]
    x = _short(view.x)
    if view.p_density is not None:
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": "true P",
                "x": x,
                "y": _short(view.p_density),
                "line": {"color": theme.TRUE, "width": 3, "dash": "dash"},
                "hovertemplate": "p(%{x:.3g}) = %{y:.4f}<extra></extra>",
            }
        )
    if view.q_density is not None:
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": q_label,
                "x": x,
                "y": _short(view.q_density),
                "line": {"color": theme.MODEL, "width": 4},
                "hovertemplate": "q(%{x:.3g}) = %{y:.4f}<extra></extra>",
            }
        )
    layout = _layout(title, font_size, height)
    layout.update(
        {
            "bargap": 0,
            "xaxis": {"fixedrange": True, "automargin": True},
            "yaxis": {"title": {"text": "density"}, "rangemode": "tozero", "fixedrange": True},
        }
    )
    return make_figure(data, layout)


def growth_figure(
    curves: GrowthCurves,
    *,
    title: str,
    font_size: int = theme.FONT_SIZE,
    height: int = 520,
) -> go.Figure:
    """Two panels over n on a log axis: above, the average NLL of Q on the first n observations
    with its limit H(P,Q) and the floor H(P); below, KL(P̂ₙ‖P) on a log axis with (K−1)/(2n)."""
    unit = curves.unit
    n = curves.n.tolist()
    ends = [n[0], n[-1]]
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": "average NLL of Q",
            "x": n,
            "y": _short(curves.average_nll),
            "line": {"color": theme.CROSS_ENTROPY, "width": 4},
            "hovertemplate": f"n = %{{x:,}}<br>average NLL = %{{y:.4f}} {unit}<extra></extra>",
        }
    ]
    if math.isfinite(curves.true_cross_entropy):
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": f"H(P,Q) = {format_value(curves.true_cross_entropy, unit)}",
                "x": ends,
                "y": [curves.true_cross_entropy] * 2,
                "line": {"color": theme.CROSS_ENTROPY, "width": 2, "dash": "dash"},
                "hoverinfo": "skip",
            }
        )
    data.append(
        {
            "type": "scatter",
            "mode": "lines",
            "name": f"H(P) = {format_value(curves.true_entropy, unit)}",
            "x": ends,
            "y": [curves.true_entropy] * 2,
            "line": {"color": theme.ENTROPY, "width": 2, "dash": "dot"},
            "hoverinfo": "skip",
        }
    )
    positive = curves.kl_to_truth > 0
    data += [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": curves.distance_label,
            "x": curves.n[positive].tolist(),
            "y": _short(curves.kl_to_truth[positive]),
            "xaxis": "x2",
            "yaxis": "y2",
            "line": {"color": theme.KL, "width": 3},
            "marker": {"size": 5},
            "hovertemplate": f"n = %{{x:,}}<br>KL = %{{y:.3g}} {unit}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": "(K−1)/2n",
            "x": n,
            "y": _short(curves.expected_kl),
            "xaxis": "x2",
            "yaxis": "y2",
            "line": {"color": theme.NEUTRAL, "width": 2, "dash": "dash"},
            "hoverinfo": "skip",
        },
    ]
    finite = curves.average_nll[np.isfinite(curves.average_nll)]
    references = [v for v in (curves.true_cross_entropy, curves.true_entropy) if math.isfinite(v)]
    # The first few sizes can be far off; the axis follows the tail and the limits.
    tail = finite[len(finite) // 3 :] if finite.size else np.array(references)
    low = min([*tail.tolist(), *references])
    high = max([*tail.tolist(), *references])
    span = max(high - low, 1e-3)
    layout = _layout(title, font_size, height)
    layout.update(
        {
            "xaxis": {
                "type": "log",
                "domain": [0, 1],
                "anchor": "y",
                "showticklabels": False,
                "fixedrange": True,
            },
            "yaxis": {
                "domain": [0.52, 1],
                "title": {"text": unit},
                "range": [low - 0.15 * span, high + 0.15 * span],
                "fixedrange": True,
            },
            "xaxis2": {
                "type": "log",
                "domain": [0, 1],
                "anchor": "y2",
                "matches": "x",
                "fixedrange": True,
            },
            "yaxis2": {
                "domain": [0, 0.44],
                "type": "log",
                "title": {"text": f"KL ({unit})"},
                "exponentformat": "power",
                "fixedrange": True,
            },
        }
    )
    return make_figure(data, layout)


# Words for the page (plain strings, no Streamlit) -------------------------------------------------


def entropy_note(summary: SampleSummary) -> str:
    """What H(P̂) means for this sample, with the numbers, in the sample's unit."""
    unit = summary.unit
    k = summary.distinct
    if not summary.numeric:
        return f"H(P̂) is the entropy of the observed frequencies of the {k:,} labels."
    if summary.discrete:
        return f"H(P̂) is the entropy of the counts of the {k:,} distinct whole numbers."
    h = summary.histogram
    return (
        f"Real numbers are all different, so H(P̂) is estimated from the histogram: the entropy "
        f"of P̂ over its {h.counts.shape[0]} bins of width {h.width:.3g}. Adding log(width) gives "
        f"the density estimate h ≈ {format_value(summary.density_entropy, unit)}, to compare "
        "with the Gaussian floor below."
    )


def sample_title(summary: SampleSummary) -> str:
    """Title of the P̂ chart, with the live numbers."""
    what = "H(P̂)" if summary.discrete else "H(P̂ binned)"
    return f"P̂ of n = {summary.n:,} · {what} = {format_value(summary.entropy, summary.unit)}"


def growth_title(curves: GrowthCurves) -> str:
    """Title of the "as n grows" chart, with the limit the average approaches."""
    unit = curves.unit
    if math.isfinite(curves.true_cross_entropy):
        return f"As n grows: NLL → H(P,Q) = {format_value(curves.true_cross_entropy, unit)}"
    return "As n grows: NLL → H(P,Q) = ∞"


GAUSSIAN_NOTE = (
    "For real numbers P̂ has no density, so H(P̂,Q) is the average of −log q(xᵢ) by definition "
    "and H(P̂), KL(P̂‖Q) do not exist on their own. Among Gaussians the average splits into "
    "h(N̂) = ½ log(2πe s²), the entropy of the maximum-likelihood Gaussian N̂ (the floor no "
    "Gaussian goes below), plus KL(N̂‖Q), which only a better μ and σ remove."
)
