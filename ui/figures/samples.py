"""Figures of the samples lesson: P̂ with the model Q over it, the identity on the sample, and
what happens as n grows.

The numbers come from ``core`` (``core.models`` for the sample and its models,
``core.convergence`` for the curves over n); the builders here lay them out. What is drawn is
bounded whatever the data: at most ``TOP_CATEGORIES`` bars (the rest folded into "other"), at
most ``core.MAX_BINS`` histogram bins, at most ``GROWTH_POINTS`` points per curve. Nothing here
imports Streamlit.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from core import (
    GaussianMixture,
    GrowthCurves,
    Histogram,
    Model,
    SampleIdentity,
    SampleSummary,
    TrueDistribution,
    maximum_likelihood,
    success_index,
)
from ui import theme
from ui.figures.common import base_layout, format_value, make_figure

#: The most bars drawn; beyond it the least frequent categories are folded into one "other" bar.
TOP_CATEGORIES = 20
#: Points on the "as n grows" curves (log-spaced sample sizes).
GROWTH_POINTS = 60
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


# Models ------------------------------------------------------------------------------------------


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


def starting_model(summary: SampleSummary, family: str) -> Model:
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


# Figures ---------------------------------------------------------------------------------------


def _outcome_text(value) -> str:
    """An outcome as plotly text: a label's ``<``, ``>`` and ``&`` as entities, so that plotly
    shows a label such as ``<b>x</b>`` as typed instead of as markup."""
    if isinstance(value, (float, np.floating)):
        return f"{float(value):g}"
    return html.escape(str(value), quote=False)


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


def distance_label(curves: GrowthCurves) -> str:
    """The legend of the distance curve, naming the bins a continuous P is compared over."""
    if curves.distance_bins is None:
        return "KL(P̂ₙ‖P)"
    return f"KL(P̂ₙ‖P), {curves.distance_bins} bins"


def entropy_symbol(curves: GrowthCurves) -> str:
    """H for a P with probabilities, h (differential entropy) for a density, which is compared
    with the sample over bins."""
    return "H" if curves.distance_bins is None else "h"


def _average_panel(curves: GrowthCurves) -> tuple[list[dict], dict, dict]:
    """The upper panel: the average NLL of Q over n, its limit H(P,Q) and the floor H(P) (h(P)
    for a density).
    Returns its traces and its two axes; the y axis follows the tail of the curve and the
    limits, since the first few sizes can be far off."""
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
            "name": f"{entropy_symbol(curves)}(P) = {format_value(curves.true_entropy, unit)}",
            "x": ends,
            "y": [curves.true_entropy] * 2,
            "line": {"color": theme.ENTROPY, "width": 2, "dash": "dot"},
            "hoverinfo": "skip",
        }
    )
    finite = curves.average_nll[np.isfinite(curves.average_nll)]
    references = [v for v in (curves.true_cross_entropy, curves.true_entropy) if math.isfinite(v)]
    tail = finite[len(finite) // 3 :] if finite.size else np.array(references)
    low = min([*tail.tolist(), *references])
    high = max([*tail.tolist(), *references])
    span = max(high - low, 1e-3)
    x_axis = {
        "type": "log",
        "domain": [0, 1],
        "anchor": "y",
        "showticklabels": False,
        "fixedrange": True,
    }
    y_axis = {
        "domain": [0.52, 1],
        "title": {"text": unit},
        "range": [low - 0.15 * span, high + 0.15 * span],
        "fixedrange": True,
    }
    return data, x_axis, y_axis


def _distance_panel(curves: GrowthCurves) -> tuple[list[dict], dict, dict]:
    """The lower panel, on log axes: KL(P̂ₙ‖P) where it is positive, and (K−1)/(2n).
    Returns its traces and its two axes."""
    unit = curves.unit
    positive = curves.kl_to_truth > 0
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": distance_label(curves),
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
            "x": curves.n.tolist(),
            "y": _short(curves.expected_kl),
            "xaxis": "x2",
            "yaxis": "y2",
            "line": {"color": theme.NEUTRAL, "width": 2, "dash": "dash"},
            "hoverinfo": "skip",
        },
    ]
    x_axis = {"type": "log", "domain": [0, 1], "anchor": "y2", "matches": "x", "fixedrange": True}
    y_axis = {
        "domain": [0, 0.44],
        "type": "log",
        "title": {"text": f"KL ({unit})"},
        "exponentformat": "power",
        "fixedrange": True,
    }
    return data, x_axis, y_axis


def growth_figure(
    curves: GrowthCurves,
    *,
    title: str,
    font_size: int = theme.FONT_SIZE,
    height: int = 520,
) -> go.Figure:
    """Two panels over n on a log axis: above, the average NLL of Q on the first n observations
    with its limit H(P,Q) and the floor H(P); below, KL(P̂ₙ‖P) on a log axis with (K−1)/(2n)."""
    average, x_axis, y_axis = _average_panel(curves)
    distance, x_axis2, y_axis2 = _distance_panel(curves)
    layout = _layout(title, font_size, height)
    layout.update({"xaxis": x_axis, "yaxis": y_axis, "xaxis2": x_axis2, "yaxis2": y_axis2})
    return make_figure(average + distance, layout)


# Words for the page (plain strings, no Streamlit) -------------------------------------------------


#: The page's opening lines.
INTRO = (
    "The empirical distribution P̂ of a sample puts mass 1/n on each observation. The average "
    "negative log-likelihood of a model Q on the sample is exactly H(P̂,Q) = H(P̂) + KL(P̂‖Q). "
    "H(P̂) is a property of the data alone, the same for every Q, so maximising the likelihood "
    "minimises the cross-entropy and KL(P̂‖Q) together. For a density model (a Gaussian) P̂, "
    "which has no density, is infinitely far from every Q, KL(P̂‖Q) = ∞: there the page splits "
    "the average as h(N̂) + KL(N̂‖Q), with N̂ the best Gaussian, and only KL(N̂‖Q) depends on Q."
)
#: Why the identity is shown to 6 decimals, when every other number has 3.
PRECISION_NOTE = (
    "Six decimals here, three elsewhere: the first line is summed over the observations, the "
    "others come from P̂ and Q alone, and they agree to the last digit because the identity is "
    "exact, not an approximation."
)


def entropy_note(summary: SampleSummary) -> str:
    """What H(P̂) means for this sample, with the numbers, in the sample's unit."""
    unit = summary.unit
    k = summary.distinct
    if not summary.numeric:
        return f"H(P̂) is the entropy of the observed frequencies of the {k:,} labels."
    if summary.discrete:
        return f"H(P̂) is the entropy of the counts of the {k:,} distinct whole numbers."
    h = summary.histogram
    exact = format_value(summary.empirical_entropy, unit)
    itself = (
        f"For n = {summary.n:,} distinct values H(P̂) = log n = {exact} exactly, whatever the "
        "values are"
        if k == summary.n
        else f"For these n = {summary.n:,} values ({k:,} distinct) H(P̂) = {exact}, set by the ties"
    )
    return (
        f"{itself}: it says nothing about their spread. The chart bins them into "
        f"{h.counts.shape[0]} bins of width {h.width:.3g}; the entropy of the binned sample, "
        f"H(P̂ binned) = {format_value(summary.entropy, unit)}, depends on that width. Adding "
        f"log(width) gives h ≈ {format_value(summary.density_entropy, unit)}, an estimate of the "
        "differential entropy h of the density the data came from (negative for a narrow "
        "one), to compare with h(N̂) below."
    )


def density_note(summary: SampleSummary) -> str:
    """What the average −log q(xᵢ) of a density model Q is, and is not, for this sample."""
    split = (
        "Among Gaussians the average splits into h(N̂) = ½ log(2πe s²), the differential "
        "entropy of the maximum-likelihood Gaussian N̂ (the floor no Gaussian goes below), plus "
        "KL(N̂‖Q), which only a better μ and σ remove."
    )
    if summary.discrete:
        return (
            "These are whole numbers, but a Gaussian Q is a density: −log q(xᵢ) is a negative "
            "log-density, not a negative log-probability. Its average is not comparable with "
            "H(P̂) in the chart's title, nor with the average negative log-likelihood of the "
            "categorical or Poisson model (a density can exceed 1, so it can even come out "
            "below H(P̂)): compare Gaussians with Gaussians. " + split
        )
    return (
        "P̂ puts mass 1/n on each observation and has no density, so against a density q the "
        "cross-entropy H(P̂,Q) is defined as the average of −log q(xᵢ), and KL(P̂‖Q) = ∞ for "
        "every Q (H(P̂) = log n, which does not depend on Q, is not the floor here). " + split
    )


def average_label(model: Model) -> str:
    """The label of the average the page computes: a log-likelihood for a model with
    probabilities, a log-density for a Gaussian."""
    if model.discrete:
        return "−(1/n) Σ log Q(xᵢ) · average negative log-likelihood"
    return "−(1/n) Σ log q(xᵢ) · average negative log-density"


def identity_lines(identity: SampleIdentity, unit: str, digits: int = 6) -> str:
    """Both sides of the identity on the sample to ``digits`` decimals (see PRECISION_NOTE)."""
    h_name, kl_name = ("h(N̂)", "KL(N̂‖Q)") if identity.continuous else ("H(P̂)", "KL(P̂‖Q)")
    q = "q" if identity.continuous else "Q"
    return (
        f"−(1/n) Σ log {q}(xᵢ) = {format_value(identity.average_nll, unit, digits)}  \n"
        f"= H(P̂,Q) = **{format_value(identity.cross_entropy, unit, digits)}**  \n"
        f"= {h_name} {format_value(identity.entropy, unit, digits)} + {kl_name} "
        f"{format_value(identity.kl_divergence, unit, digits)}"
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
