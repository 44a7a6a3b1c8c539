"""Figures of the die lesson: P and Q per outcome, each outcome's share of KL, and the path of
models from Q to P.

As everywhere in ``ui``: functions that compute numbers (one vectorised call into ``core``) and
builders that turn them into a ``go.Figure``. Nothing here imports Streamlit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from core import (
    Decomposition,
    decompose,
    entropy,
    kl_contributions,
    kl_divergence,
    model_path,
    unit_name,
    with_probability,
)
from ui import theme
from ui.figures.coin import for_browser, identity_bar_spec, identity_texts, rgba, titled_layout
from ui.figures.common import axis_limit, format_value, make_figure
from ui.figures.live import Grid, LiveRow, live_table

#: Points on each curve along the path Q_t = (1 - t) Q + t P.
PATH_POINTS = 201


def _outcomes(k: int) -> list[str]:
    return [str(i) for i in range(1, k + 1)]


def distributions_figure(
    p: np.ndarray,
    q: np.ndarray,
    *,
    font_size: int = theme.FONT_SIZE,
    height: int = 400,
    outcomes: list[str] | None = None,
) -> go.Figure:
    """Grouped bars: the true P and the model Q, outcome by outcome (named 1..K unless
    ``outcomes`` names them), on the whole probability scale 0 to 1 (so a bar can be dragged
    anywhere on it, and the axis never moves)."""
    return make_figure(
        *distributions_spec(p, q, font_size=font_size, height=height, outcomes=outcomes)
    )


def distributions_spec(
    p: np.ndarray,
    q: np.ndarray,
    *,
    font_size: int = theme.FONT_SIZE,
    height: int = 400,
    outcomes: list[str] | None = None,
) -> tuple[list[dict], dict]:
    """The traces (P, then Q) and layout (plain dicts) of :func:`distributions_figure`."""
    k = len(p)
    outcomes = outcomes or _outcomes(k)
    gap = np.abs(np.asarray(p) - np.asarray(q))
    worst = int(np.argmax(gap))
    data = [
        {
            "type": "bar",
            "name": name,
            "x": outcomes,
            "y": np.asarray(values, dtype=float).tolist(),
            "marker": {
                "color": colour,
                # plotly.js 3 fills a pattern's ground only with an explicit bgcolor
                "pattern": {"shape": shape, "fgcolor": "white", "bgcolor": colour},
            },
            "hovertemplate": f"outcome %{{x}}<br>{name.lower()} = %{{y:.4f}}<extra></extra>",
        }
        # Q's bars are hatched: P and Q differ by more than their colour.
        for name, values, colour, shape in (
            ("P (true)", p, theme.TRUE, ""),
            ("Q (model)", q, theme.MODEL, "/"),
        )
    ]
    layout = titled_layout(
        "P and Q, outcome by outcome",
        f"largest gap: outcome {outcomes[worst]} ({p[worst]:.3f} vs {q[worst]:.3f})",
        font_size=font_size,
        height=height,
    )
    layout.update(
        {
            "barmode": "group",
            "bargap": 0.2,
            "xaxis": {"title": {"text": "outcome"}, "fixedrange": True, "type": "category"},
            "yaxis": {"title": {"text": "probability"}, "range": [0, 1], "fixedrange": True},
        }
    )
    return data, layout


@dataclass(frozen=True)
class Contributions:
    """Each outcome's term p·log(p/q) of KL(P‖Q), and their sum, in one unit."""

    terms: np.ndarray
    total: float
    unit: str


def contributions(p: np.ndarray, q: np.ndarray, *, base: float | None = None) -> Contributions:
    """The per-outcome terms of KL(P‖Q) (one call into ``core``) and KL itself."""
    return Contributions(
        terms=kl_contributions(p, q, base=base),
        total=float(kl_divergence(p, q, base=base)),
        unit=unit_name(base),
    )


def contributions_figure(
    c: Contributions, *, font_size: int = theme.FONT_SIZE, height: int = 400
) -> go.Figure:
    """The bars of :func:`contributions_spec` as a figure."""
    return make_figure(*contributions_spec(c, font_size=font_size, height=height))


def contributions_spec(
    c: Contributions, *, font_size: int = theme.FONT_SIZE, height: int = 400
) -> tuple[list[dict], dict]:
    """A bar per outcome of its term p·log(p/q): above zero where the model gives the outcome
    less than its true probability, below zero (greyed) where it gives more. The terms add up
    to KL ≥ 0 even though single terms may be negative. An infinite term (q = 0 < p) is drawn
    to the top of the axis and marked ∞ inside its bar (the page says why it is infinite).
    """
    terms, unit = c.terms, c.unit
    k = len(terms)
    outcomes = _outcomes(k)
    finite = terms[np.isfinite(terms)]
    high = float(max(finite.max(initial=0.0), 0.0))
    low = float(min(finite.min(initial=0.0), 0.0))
    span = max(high - low, 1e-3)
    infinite = np.isinf(terms)
    # Ends rounded out to steps (axis_limit): while a bar is dragged the terms change smoothly
    # and the axis only now and then (the chart moves its bars without plotly while it holds).
    top = axis_limit(high + span * (0.6 if infinite.any() else 0.18))
    bottom = axis_limit(low - span * 0.18) if low < 0 else 0.0
    drawn = np.where(infinite, top, terms)
    labels = [_term_label(v) for v in terms.tolist()]
    show_text = k <= 10
    data = []
    for name, mask, colour in (
        ("adds to KL (q < p)", terms >= 0, theme.KL),
        ("takes away (q > p)", terms < 0, theme.NEUTRAL),
    ):
        data.append(
            {
                "type": "bar",
                "name": name,
                "x": [o for o, m in zip(outcomes, mask, strict=True) if m],
                "y": drawn[mask].tolist(),
                "marker": {"color": colour},
                "customdata": [lab for lab, m in zip(labels, mask, strict=True) if m],
                "hovertemplate": f"outcome %{{x}}<br>p·log(p/q) = %{{customdata}} {unit}"
                "<extra></extra>",
                **(
                    {
                        "text": [lab for lab, m in zip(labels, mask, strict=True) if m],
                        # ∞ inside the top of its bar, under the legend rather than behind it.
                        "textposition": [
                            "inside" if inf else "outside"
                            for inf, m in zip(infinite, mask, strict=True)
                            if m
                        ],
                        "insidetextanchor": "end",
                        "textfont": {"size": font_size - 3},
                        "insidetextfont": {"size": font_size - 3, "color": theme.text_on(colour)},
                        "cliponaxis": False,
                    }
                    if show_text
                    else {}
                ),
            }
        )
    layout = titled_layout(
        "Each outcome's share of KL",
        f"p·log(p/q) adds up to KL = {format_value(c.total, unit)}",
        font_size=font_size,
        height=height,
    )
    layout.update(
        {
            "barmode": "relative",
            "bargap": 0.25,
            "xaxis": {
                "title": {"text": "outcome"},
                "fixedrange": True,
                "type": "category",
                "categoryorder": "array",
                "categoryarray": outcomes,
            },
            "yaxis": {
                "title": {"text": unit},
                "range": [bottom, top],
                "fixedrange": True,
                "zeroline": True,
                "zerolinewidth": 2,
            },
        }
    )
    return data, layout


def infinity_note(p: np.ndarray, q: np.ndarray) -> str | None:
    """Why KL(P‖Q) is infinite, in words for the page (None when it is finite): the faces the
    model rules out although the die shows them."""
    faces = np.flatnonzero((np.asarray(q) == 0) & (np.asarray(p) > 0))
    if not faces.size:
        return None
    named = [f"{i + 1} ({p[i]:.0%} of rolls)" for i in faces[:5]]
    more = f" and {faces.size - 5} more" if faces.size > 5 else ""
    which = "face" if faces.size == 1 else "faces"
    return (
        f"∞: your model gives {which} {', '.join(named)}{more} probability 0, yet the true die "
        "shows it. One such roll is infinitely surprising, so H(P,Q) and KL(P‖Q) are "
        f"infinite; its bar is cut off at the top. Give the {which} some probability in Q."
    )


def _term_label(value: float) -> str:
    """``+0.439``, ``-0.052``; ``0`` for an outcome P never shows; ``∞``."""
    if math.isinf(value):
        return "∞"
    return "0" if value == 0 else f"{value:+.3f}"


@dataclass(frozen=True)
class PathCurves:
    """H(P), H(P,Q_t) and KL(P‖Q_t) along the path Q_t = (1 - t) Q + t P, in one unit."""

    t: np.ndarray
    entropy: float
    cross_entropy: np.ndarray
    kl_divergence: np.ndarray
    unit: str


def path_curves(
    p: np.ndarray, q: np.ndarray, *, base: float | None = None, points: int = PATH_POINTS
) -> PathCurves:
    """The measures along the straight path from Q (t = 0) to P (t = 1): one call into core."""
    t = np.linspace(0.0, 1.0, points)
    d = decompose(p, model_path(p, q, t), base=base)
    return PathCurves(
        t=t,
        entropy=float(entropy(p, base=base)),
        cross_entropy=d.cross_entropy,
        kl_divergence=d.kl_divergence,
        unit=d.unit,
    )


def path_axis_top(curves: PathCurves) -> float:
    """Top of the value axis for the path and the bar beside it: the largest finite H(P,Q_t)
    with some room (H(P,Q) itself, unless that is infinite at t = 0)."""
    finite = curves.cross_entropy[np.isfinite(curves.cross_entropy)]
    return max(float(finite.max(initial=0.0)) * 1.12, 1e-3)


def path_figure(
    curves: PathCurves,
    *,
    y_max: float,
    font_size: int = theme.FONT_SIZE,
    height: int = 420,
) -> go.Figure:
    """H(P,Q_t), KL(P‖Q_t) and the flat H(P) along the path from Q to P; KL falls to 0 and
    H(P,Q_t) to H(P) at t = 1. Values above ``y_max`` are cut off at the top edge, with a note
    when the start is infinite."""
    data = [*_path_lines(curves), _path_ends(curves, y_max=y_max, font_size=font_size)]
    return make_figure(data, _path_layout(curves, y_max=y_max, font_size=font_size, height=height))


def _path_lines(curves: PathCurves) -> list[dict]:
    """The flat H(P), and H(P,Q_t) and KL(P‖Q_t) along t, the band between H(P) and H(P,Q_t)
    shaded in the KL colour. Infinite values become NaN, which plotly leaves out (a gap)."""
    unit, h = curves.unit, curves.entropy
    t = for_browser(curves.t)
    hover = f"t = %{{x:.2f}}<br>%{{fullData.name}} = %{{y:.3f}} {unit}<extra></extra>"

    def finite(values: np.ndarray) -> np.ndarray:
        return for_browser(np.where(np.isfinite(values), values, np.nan))

    return [
        {
            "type": "scatter",
            "mode": "lines",
            "name": "H(P)",
            "x": [0.0, 1.0],
            "y": [h, h],
            "line": {"color": theme.ENTROPY, "width": 3, "dash": "dot"},
            "hovertemplate": f"H(P) = {format_value(h, unit)}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": "H(P,Qₜ)",
            "x": t,
            "y": finite(curves.cross_entropy),
            "line": {"color": theme.CROSS_ENTROPY, "width": 4},
            "fill": "tonexty",
            "fillcolor": rgba(theme.KL, 0.18),
            "hovertemplate": hover,
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": "KL(P‖Qₜ)",
            "x": t,
            "y": finite(curves.kl_divergence),
            "line": {"color": theme.KL, "width": 3, "dash": "dash"},
            "hovertemplate": hover,
        },
    ]


def _path_ends(curves: PathCurves, *, y_max: float, font_size: int) -> dict:
    """Q and P marked at the two ends; an infinite start sits at the top edge, labelled ∞."""
    ce0 = float(curves.cross_entropy[0])
    return {
        "type": "scatter",
        "mode": "markers+text",
        "name": "ends",
        "x": [0.0, 1.0],
        "y": [min(ce0, y_max), curves.entropy],
        "text": ["Q" if math.isfinite(ce0) else "Q: ∞ ↑", "P"],
        "textposition": ["top right" if math.isfinite(ce0) else "middle right", "top center"],
        "textfont": {"size": font_size},
        "marker": {
            "size": 14,
            "color": [theme.MODEL, theme.TRUE],
            "line": {"color": "white", "width": 2},
        },
        "hoverinfo": "skip",
        "showlegend": False,
        "cliponaxis": False,
    }


def _path_layout(curves: PathCurves, *, y_max: float, font_size: int, height: int) -> dict:
    """The title with how far KL falls, t from 0 to 1, and the value axis up to ``y_max``."""
    unit, kl0 = curves.unit, float(curves.kl_divergence[0])
    layout = titled_layout(
        "From Q to P: Qₜ = (1−t)Q + tP",
        (
            f"KL falls from {format_value(kl0, unit)} to 0 at t = 1"
            if math.isfinite(kl0)
            else "KL: ∞ at t = 0 (a zero in Q), then down to 0"
        ),
        font_size=font_size,
        height=height,
    )
    layout.update(
        {
            "xaxis": {
                "title": {"text": "t (0 = your Q, 1 = the true P)"},
                "range": [-0.03, 1.03],
                "fixedrange": True,
                "zeroline": False,
            },
            "yaxis": {"title": {"text": unit}, "range": [0, y_max], "fixedrange": True},
            "hovermode": "closest",
        }
    )
    return layout


@dataclass(frozen=True)
class DieLive:
    """The die page's live tables (``ui.figures.live``) for a drag of each bar: per control
    (``"p0"``, ``"q2"``: the distribution and the outcome's index), the distributions', the
    contributions' and the identity bar's tables and the three numbers' texts at every grid
    point."""

    distributions: dict[str, dict]
    contributions: dict[str, dict]
    bar: dict[str, dict]
    numbers: dict[str, list[list[str]]]


def bar_control(name: str, index: int) -> str:
    """The key of the drag of outcome ``index`` (from 0) of ``name`` ("p" or "q")."""
    return f"{name}{index}"


def parse_bar_control(control: object, k: int) -> tuple[str, int] | None:
    """``("q", 2)`` for ``"q2"`` if the die has that outcome; None for anything else."""
    if not isinstance(control, str) or control[:1] not in ("p", "q"):
        return None
    digits = control[1:]
    if not digits.isdigit() or len(digits) > 2 or not 0 <= int(digits) < k:
        return None
    return control[0], int(digits)


def die_live(
    p: np.ndarray,
    q: np.ndarray,
    *,
    controls: Sequence[str],
    grid: Grid,
    base: float | None = None,
    y_max: float,
    font_size: int = theme.FONT_SIZE,
    height: int = 400,
) -> DieLive:
    """Everything a drag of one bar of P or Q over ``grid`` shows, the other bars of that
    distribution rescaled (``core.with_probability``) and the other distribution held, for
    each of ``controls`` (``"q2"``: see :func:`bar_control`). A page sends the tables of the bar
    the user points at, not of all 2K bars: those would be over a megabyte for K = 6.

    One vectorised call into ``core`` per bar gives its family of distributions, and one each
    their decompositions and per-outcome terms; the rows are drawn by the committed figures'
    own builders, the identity bar on the committed ``y_max``.
    """
    size = {"font_size": font_size, "height": height}
    committed = {
        "distributions": distributions_spec(p, q, **size),
        "contributions": contributions_spec(contributions(p, q, base=base), **size),
        "bar": identity_bar_spec(decompose(p, q, base=base), y_max=y_max, **size),
    }
    figures = {chart: {"data": d, "layout": lay} for chart, (d, lay) in committed.items()}
    tables: dict[str, dict[str, dict]] = {chart: {} for chart in figures}
    numbers: dict[str, list[list[str]]] = {}
    for control in controls:
        parsed = parse_bar_control(control, len(p))
        if parsed is None:
            raise ValueError(f"`{control}` is no bar of a die with {len(p)} outcomes")
        rows, numbers[control] = _bar_rows(
            p, q, *parsed, grid=grid, base=base, y_max=y_max, size=size
        )
        for chart, chart_rows in rows.items():
            tables[chart][control] = live_table(grid, chart_rows, figures[chart])
    return DieLive(**tables, numbers=numbers)


def _bar_rows(
    p: np.ndarray,
    q: np.ndarray,
    name: str,
    index: int,
    *,
    grid: Grid,
    base: float | None,
    y_max: float,
    size: dict,
) -> tuple[dict[str, list[LiveRow]], list[list[str]]]:
    """The rows of each chart and the numbers' texts for the drag of bar ``index`` of ``name``:
    one call into ``core`` for the family of distributions, one each for their measures."""
    family = with_probability(p if name == "p" else q, index, grid.values)
    ps, qs = (family, q) if name == "p" else (p, family)
    d = decompose(ps, qs, base=base)
    entropies = np.broadcast_to(d.entropy, (grid.count,))  # one number while Q moves
    terms = kl_contributions(ps, qs, base=base)
    trace = 0 if name == "p" else 1
    rows: dict[str, list[LiveRow]] = {"distributions": [], "contributions": [], "bar": []}
    texts = []
    for i in range(grid.count):
        at = Decomposition(
            entropy=float(entropies[i]),
            cross_entropy=float(d.cross_entropy[i]),
            kl_divergence=float(d.kl_divergence[i]),
            unit=d.unit,
        )
        pi, qi = (family[i], q) if name == "p" else (p, family[i])
        data, layout = distributions_spec(pi, qi, **size)
        rows["distributions"].append(
            LiveRow(traces={trace: data[trace]}, layout={"title": layout["title"]})
        )
        shares = Contributions(terms=terms[i], total=at.kl_divergence, unit=d.unit)
        data, layout = contributions_spec(shares, **size)
        rows["contributions"].append(LiveRow(traces=dict(enumerate(data)), layout=layout))
        data, layout = identity_bar_spec(at, y_max=y_max, **size)
        rows["bar"].append(LiveRow(traces=dict(enumerate(data)), layout={"title": layout["title"]}))
        texts.append(identity_texts(at))
    return rows, texts
