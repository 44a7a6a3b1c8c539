"""Figures of the coin lesson: the curves over the model q, and the derivation with numbers.

Two steps, as everywhere in ``ui``: :func:`coin_curves` computes the numbers (one vectorised call
into ``core``), :func:`coin_curves_figure` turns them into a ``go.Figure``. Nothing here imports
Streamlit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from core import Decomposition, coin_decompose, coin_entropy, cross_entropy_terms, entropy_terms
from ui import theme
from ui.figures.common import base_layout, decomposition_bar_spec, format_value, make_figure
from ui.figures.live import Grid, LiveRow, live_table
from ui.figures.math_html import MINUS, aligned, equation_blocks, log, number, unit, variable

#: Points on each curve over q; the grid is q = 1/400 ... 399/400, inside (0, 1): under 2 px
#: apart on a projector-wide chart, and plotly redraws them on every step of p.
CURVE_POINTS = 399
#: The value axis shows 0 to this many times the entropy of a fair coin (1 bit, ln 2 nats)
#: unless the current cross-entropy needs more; the same top serves the bar and the curves.
TOP_IN_FAIR_COINS = 3.0


@dataclass(frozen=True)
class CoinCurves:
    """H(P), H(P,q) and KL(P‖q) of one true coin p over a grid of models q, in one unit."""

    p: float
    q: np.ndarray
    entropy: float
    cross_entropy: np.ndarray
    kl_divergence: np.ndarray
    unit: str


def coin_curves(p: float, *, base: float | None = None, points: int = CURVE_POINTS) -> CoinCurves:
    """The three measures of the true coin ``p`` over ``points`` models q inside (0, 1)."""
    return coin_curve_family([p], base=base, points=points)[0]


def coin_curve_family(
    p_values: Sequence[float], *, base: float | None = None, points: int = CURVE_POINTS
) -> list[CoinCurves]:
    """:func:`coin_curves` for every true coin in ``p_values``, from one call into ``core``
    (the p values down, the q grid across)."""
    q = np.arange(1, points + 1) / (points + 1)
    p = np.asarray(p_values, dtype=float)
    d = coin_decompose(p[:, None], q, base=base)
    return [
        CoinCurves(
            p=float(p[i]),
            q=q,
            entropy=float(d.entropy[i, 0]),
            cross_entropy=d.cross_entropy[i],
            kl_divergence=d.kl_divergence[i],
            unit=d.unit,
        )
        for i in range(len(p))
    ]


def value_axis_top(current: Decomposition, *, base: float | None = None) -> float:
    """Top of the value axis: three fair-coin entropies, or more if the current H(P,Q) needs it.

    Fixed while q moves in the usual range, so the bar and the curves do not jump while dragging.
    """
    top = TOP_IN_FAIR_COINS * coin_entropy(0.5, base=base)
    ce = float(current.cross_entropy)
    return max(top, ce * 1.12) if math.isfinite(ce) else top


def titled_layout(
    title: str,
    subtitle: str | None,
    *,
    font_size: int = theme.FONT_SIZE,
    height: int = 420,
    x_title: bool = True,
) -> dict:
    """``base_layout`` with a title and a smaller subtitle at the top and the legend on one row
    just above the plot, the top margin sized to hold all three at this font size, and left and
    bottom margins that hold the value axis and the x axis (with its title if ``x_title``).

    Keep the title to about 35 characters and the legend labels short: a phone shows the chart
    about 360 px wide. Margins that already hold the axes spare plotly a second drawing of the
    chart (its automatic margins redraw when they grow), and charts side by side share the left
    one, so their plots line up.
    """
    layout = base_layout(font_size=font_size, height=height, title=title)
    layout["title"].update(
        {"yref": "container", "y": 1.0, "yanchor": "top", "pad": {"t": 8}, "automargin": False}
    )
    if subtitle:
        layout["title"]["subtitle"] = {"text": subtitle, "font": {"size": font_size - 2}}
    layout["legend"].update(
        {"y": 1.0, "yanchor": "bottom", "traceorder": "normal", "font": {"size": font_size - 2}}
    )
    layout["margin"]["t"] = top_margin(font_size) if subtitle else round(3.4 * font_size) + 10
    layout["margin"].update(
        l=round(3.4 * font_size) + 8,  # tick labels such as -0.25 and the unit's title
        b=round((3.4 if x_title else 2.2) * font_size) + 6,
        r=16,  # the last x tick label, centred on the plot's edge
    )
    return layout


def top_margin(font_size: int) -> int:
    """Room above the plot for three lines of title (or title, subtitle and legend); charts that
    sit side by side share it, so their value axes line up."""
    return round(5.8 * font_size) + 12


def rgba(hex_colour: str, alpha: float) -> str:
    """``#D55E00`` at opacity ``alpha`` as ``rgba(213,94,0,alpha)``, for shaded areas."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def for_browser(values: np.ndarray) -> np.ndarray:
    """Curve values as float32: seven digits are plenty for a picture, and they are what the
    browser gets (ui.figures.common sends a trace's numbers to seven significant digits)."""
    return np.asarray(values, dtype=np.float32)


def curve_traces(curves: CoinCurves) -> list[dict]:
    """The panel's curves: the flat H(P), H(P,q) with the gap down to H(P) shaded as KL, and
    KL(P‖q) dashed."""
    unit, h = curves.unit, curves.entropy
    # The grid over q is even: its start and step stand for 399 numbers per curve (less JSON to
    # write on the server and to read in the browser on every step).
    step = float(curves.q[1] - curves.q[0])
    grid = {"x0": float(curves.q[0]), "dx": step}
    if np.ptp(np.diff(curves.q)) > 1e-9 * step:
        grid = {"x": for_browser(curves.q)}
    hover = f"q = %{{x:.3f}}<br>%{{fullData.name}} = %{{y:.3f}} {unit}<extra></extra>"
    ends = [float(curves.q[0]), float(curves.q[-1])]
    return [
        {
            "type": "scatter",
            "mode": "lines",
            "name": "H(P)",
            "x": ends,
            "y": [h, h],
            "line": {"color": theme.ENTROPY, "width": 3, "dash": "dot"},
            "hovertemplate": f"H(P) = {format_value(h, unit)}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": "H(P,q)",
            **grid,
            "y": for_browser(curves.cross_entropy),
            "line": {"color": theme.CROSS_ENTROPY, "width": 4},
            "fill": "tonexty",
            "fillcolor": rgba(theme.KL, 0.18),
            "hovertemplate": hover,
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": "KL(P‖q)",
            **grid,
            "y": for_browser(curves.kl_divergence),
            "line": {"color": theme.KL, "width": 3, "dash": "dash"},
            "hovertemplate": hover,
        },
    ]


def minimum_trace(p: float, entropy: float) -> dict:
    """The minimum: at q = p the model is the truth, KL = 0 and H(P,q) = H(P)."""
    return {
        "type": "scatter",
        "mode": "markers",
        "name": "minimum at q = p",
        "x": [p, p],
        "y": [entropy, 0.0],
        "marker": {
            "symbol": "diamond",
            "size": 14,
            "color": theme.ENTROPY,
            "line": {"color": "white", "width": 2},
        },
        "hovertemplate": f"q = p = {p:.2f}: KL = 0, H(P,q) = H(P)<extra></extra>",
        "showlegend": False,
        "cliponaxis": False,
    }


#: The curves' x axis: q from 0 to 1 with room for the markers at the ends.
Q_RANGE = (-0.02, 1.02)
#: Radius in pixels of the current model's markers.
MARKER_RADIUS = 8


def model_shapes(q: float, current: Decomposition, *, y_max: float) -> list[dict]:
    """The current model q as layout shapes: the KL gap as a vertical segment from H(P) up to
    H(P,q), and dots on both curves (an infinite value drawn at the top edge).

    Shapes rather than traces, so that moving the model changes only the layout and plotly
    redraws the shapes alone, never the curves (``Plotly.relayout``; README, Performance). The
    dots are placed on the plot's paper (0 to 1 across each axis's range) so that a dot on an
    edge is drawn whole, as a marker with ``cliponaxis`` off would be.
    """
    h = float(current.entropy)
    ce_now, kl_now = float(current.cross_entropy), float(current.kl_divergence)
    ce_drawn = ce_now if math.isfinite(ce_now) else y_max
    kl_drawn = kl_now if math.isfinite(kl_now) else y_max
    segment = {
        "type": "line",
        "name": "KL at q",
        "xref": "x",
        "yref": "y",
        "x0": q,
        "x1": q,
        "y0": h,
        "y1": ce_drawn,
        "line": {"color": theme.KL, "width": 6},
        "layer": "above",
    }
    x_paper = (q - Q_RANGE[0]) / (Q_RANGE[1] - Q_RANGE[0])
    r = MARKER_RADIUS
    dots = [
        {
            "type": "circle",
            "name": name,
            "xref": "paper",
            "yref": "paper",
            "xsizemode": "pixel",
            "ysizemode": "pixel",
            "xanchor": x_paper,
            "yanchor": y / y_max,
            "x0": -r,
            "x1": r,
            "y0": -r,
            "y1": r,
            "fillcolor": colour,
            "line": {"color": "white", "width": 2},
            "layer": "above",
        }
        for name, y, colour in (
            ("your model q: H(P,q)", ce_drawn, theme.CROSS_ENTROPY),
            ("your model q: KL(P‖q)", kl_drawn, theme.KL),
        )
    ]
    return [segment, *dots]


def curve_annotations(
    q: float, current: Decomposition, *, p: float, y_max: float, font_size: int
) -> list[dict]:
    """The KL label beside the current model's gap and, at the top edge, where H(P,q) grows
    without bound (instead of stretching the axis)."""
    h, unit = float(current.entropy), current.unit
    ce_now = float(current.cross_entropy)
    ce_drawn = ce_now if math.isfinite(ce_now) else y_max
    annotations = [
        {
            "x": q,
            "y": (h + ce_drawn) / 2,
            "xref": "x",
            "yref": "y",
            "text": f"KL = {format_value(float(current.kl_divergence), unit)}",
            "showarrow": False,
            "xanchor": "left" if q <= 0.5 else "right",
            "xshift": 10 if q <= 0.5 else -10,
            "font": {"color": theme.KL, "size": font_size},
            "bgcolor": theme.LABEL_BACKGROUND,
        }
    ]
    # Towards q = 0 if heads happen (p > 0), towards q = 1 if tails happen (p < 1).
    edges = [edge for edge, happens in (("q → 0", p > 0), ("1", p < 1)) if happens]
    edges = ["q → 1"] if edges == ["1"] else edges
    if edges:
        annotations.append(
            {
                "x": 0.5,
                "y": y_max,
                "xref": "x",
                "yref": "y",
                "text": f"H(P,q) → ∞ as {' and '.join(edges)} ↑",
                "showarrow": False,
                "yanchor": "top",
                "font": {"color": theme.CROSS_ENTROPY, "size": font_size - 3},
            }
        )
    return annotations


def curves_title(q: float, current: Decomposition, *, p: float) -> tuple[str, str]:
    """The curves' title and subtitle with the live numbers: H(P,q) at q, and the least value
    at q = p."""
    unit = current.unit
    return (
        f"At q = {q:.2f}: H(P,q) = {format_value(float(current.cross_entropy), unit)}",
        f"least, H(P) = {format_value(float(current.entropy), unit)}, at q = p = {p:.2f}",
    )


def coin_curves_spec(
    curves: CoinCurves,
    q: float,
    current: Decomposition,
    *,
    y_max: float,
    font_size: int = theme.FONT_SIZE,
    height: int = 420,
) -> tuple[list[dict], dict]:
    """The traces and layout (plain dicts) of :func:`coin_curves_figure`, in the trace order
    :data:`CURVE_TRACES` names."""
    p = curves.p
    data = [
        *curve_traces(curves),
        minimum_trace(p, curves.entropy),
    ]
    layout = titled_layout(*curves_title(q, current, p=p), font_size=font_size, height=height)
    layout.update(
        {
            "xaxis": {
                "title": {"text": "model q = Q(heads)"},
                "range": list(Q_RANGE),
                "fixedrange": True,
                "zeroline": False,
            },
            "yaxis": {"title": {"text": curves.unit}, "range": [0, y_max], "fixedrange": True},
            "annotations": curve_annotations(q, current, p=p, y_max=y_max, font_size=font_size),
            "shapes": model_shapes(q, current, y_max=y_max),
            "hovermode": "closest",
        }
    )
    return data, layout


def coin_curves_figure(
    curves: CoinCurves,
    q: float,
    current: Decomposition,
    *,
    y_max: float,
    font_size: int = theme.FONT_SIZE,
    height: int = 420,
) -> go.Figure:
    """H(P,q), KL(P‖q) and the flat H(P) over q, the gap between the first and last shaded as KL.

    Dots and the KL gap mark the current model ``q`` (its numbers are ``current``; layout
    shapes, :func:`model_shapes`), a diamond the minimum q = p. Values above ``y_max`` leave
    the plot at its top edge; the ends where H(P,q) grows without bound are annotated, so
    infinities never stretch the axis.
    """
    return make_figure(
        *coin_curves_spec(curves, q, current, y_max=y_max, font_size=font_size, height=height)
    )


#: Trace indices of the curves figure: the three curves and the minimum.
CURVE_TRACES = range(3)
MINIMUM_TRACE = 3


def identity_bar_spec(
    d: Decomposition, *, y_max: float, font_size: int = theme.FONT_SIZE, height: int = 420
) -> tuple[list[dict], dict]:
    """The traces and layout (plain dicts) of :func:`identity_bar_figure`."""
    h, kl = (("∞" if math.isinf(v) else f"{v:.3f}") for v in (d.entropy, d.kl_divergence))
    # Assembled from plain dicts rather than with ``layout.update``, which validates and
    # merges property by property (about 10 ms a rerun against 1 ms), and built once.
    data, layout = decomposition_bar_spec(
        d, y_max=y_max, font_size=font_size, height=height, title="H(P) + KL = H(P,Q)"
    )
    titled = titled_layout(
        "H(P) + KL = H(P,Q)",
        f"{h} + {kl} = {format_value(float(d.cross_entropy), d.unit)}",
        font_size=font_size,
        height=height,
        x_title=False,
    )
    layout.update(title=titled["title"], margin=titled["margin"])
    return data, layout


def identity_bar_figure(
    d: Decomposition, *, y_max: float, font_size: int = theme.FONT_SIZE, height: int = 420
) -> go.Figure:
    """The shared stacked bar H(P) + KL = H(P,Q) with the live numbers in its subtitle
    (``0.881 + 0.265 = 1.147 bits``) and the same top margin as the curves beside it."""
    return make_figure(*identity_bar_spec(d, y_max=y_max, font_size=font_size, height=height))


def coin_derivation_html(p: float, q: float, *, base: float | None = None) -> str:
    r"""The coin derivation with the numbers plugged in, as HTML equations (:mod:`ui.math_html`)
    for one ``st.html``.

    Three blocks: the cross-entropy :math:`-p \log q - (1-p) \log(1-q)`, the entropy from
    :math:`p \log p + (1-p) \log(1-p) = -H(P)`, and KL as their difference. Each is a few short
    aligned lines; the first two sit side by side where there is room, and every block fits a
    phone's width.
    """
    lg = log(base)
    d = coin_decompose(p, q, base=base)
    bits = unit(d.unit)
    ce_terms = cross_entropy_terms([p, 1 - p], [q, 1 - q], base=base)
    plogp = -entropy_terms([p, 1 - p], base=base) + 0.0  # p log p, 0 at p = 0
    P, Q, pv, qv = variable("P"), variable("Q"), variable("p"), variable("q")
    H = f"{variable('H')}({P},\u2009{Q})"
    h = f"{variable('H')}({P})"
    kl = f"KL({P}\u2009‖\u2009{Q})"
    one_minus_p, one_minus_q = f"(1 {MINUS} {pv})", f"(1 {MINUS} {qv})"

    def n(value: float, digits: int = 2) -> str:
        return number(value, digits)

    cross = [
        (H, f"= {MINUS}{pv} {lg} {qv} {MINUS} {one_minus_p} {lg}{one_minus_q}"),
        ("", f"= {MINUS}{n(p)} {lg} {n(q)} {MINUS} {n(1 - p)} {lg} {n(1 - q)}"),
        ("", f"= {number(ce_terms[0])} + {number(ce_terms[1])}"),
        ("", f"= {number(d.cross_entropy)}{bits}"),
    ]
    entropy_rows = [
        ("", f"{pv} {lg} {pv} + {one_minus_p} {lg}{one_minus_p}"),
        ("", f"= {n(p)} {lg} {n(p)} + {n(1 - p)} {lg} {n(1 - p)}"),
        ("", f"= {number(plogp[0])} {MINUS if plogp[1] < 0 else '+'} {number(abs(plogp[1]))}"),
        ("", f"= {number(-d.entropy + 0.0)}{bits} = {MINUS}{h}"),
    ]
    kl_rows = [
        (kl, f"= {H} {MINUS} {h}"),
        ("", f"= {number(d.cross_entropy)} {MINUS} {number(d.entropy)}"),
        ("", f"= {number(d.kl_divergence)}{bits}"),
    ]
    return equation_blocks(
        aligned(cross, label=f"H(P,Q) = {d.cross_entropy:.3f} {d.unit}"),
        aligned(entropy_rows, label=f"p log p + (1-p) log(1-p) = {-d.entropy:.3f} {d.unit}"),
        aligned(kl_rows, label=f"KL(P||Q) = {d.kl_divergence:.3f} {d.unit}"),
    )


#: Points on each curve over q while p is dragged: every tenth of the committed curve's grid
#: (q = 0.01 ... 0.99, the slider's own steps), which looks the same at chart size and keeps
#: the table of a p drag (101 curves of each kind) to about 170 kB on the wire.
FAMILY_POINTS = 99


def _nth(d: Decomposition, i: int) -> Decomposition:
    return Decomposition(
        entropy=float(d.entropy[i]),
        cross_entropy=float(d.cross_entropy[i]),
        kl_divergence=float(d.kl_divergence[i]),
        unit=d.unit,
    )


def identity_texts(d: Decomposition) -> list[str]:
    """H(P), KL and H(P,Q) as the metrics show them (``0.881 bits``)."""
    return [format_value(float(v), d.unit) for v in (d.entropy, d.kl_divergence, d.cross_entropy)]


@dataclass(frozen=True)
class CoinDrag:
    """The live tables of one drag control of the coin page: the curves' and the bar's, and the
    texts of the three numbers (H(P), KL, H(P,Q)) at every grid point."""

    curves: dict
    bar: dict
    numbers: list[list[str]]


def coin_drag(
    control: str,
    held: float,
    *,
    grid: Grid,
    base: float | None = None,
    y_max: float,
    font_size: int = theme.FONT_SIZE,
    height: int = 420,
) -> CoinDrag:
    """Everything a drag of ``control`` ("q" or "p") over ``grid`` shows, the other coin
    ``held`` at its committed value; it does not depend on the dragged coin's committed value,
    so a page can keep it while only that one changes.

    ``core`` computes the family in one call: the models q on the grid against p, or the true
    coins p on the grid against q and, for a p drag, the curves over q of every such coin (a
    2-D table, p down, q across). The rows are drawn by the same panel builders as the committed
    figures, on the committed ``y_max`` (the axis holds still while dragging).
    """
    if control not in ("p", "q"):
        raise ValueError("`control` must be 'p' or 'q'")
    values = grid.values
    family = None
    if control == "q":
        states = coin_decompose(held, values, base=base)
        pairs = [(held, float(v)) for v in values]
    else:
        states = coin_decompose(values, held, base=base)
        pairs = [(float(v), held) for v in values]
        family = coin_curve_family(values, base=base, points=FAMILY_POINTS)
    size = {"font_size": font_size, "height": height}
    # Any grid point stands for the committed figure: a table keeps what changes along the grid.
    p0, q0 = pairs[0]
    d0 = coin_decompose(p0, q0, base=base)
    data, layout = coin_curves_spec(coin_curves(p0, base=base), q0, d0, y_max=y_max, **size)
    curves_figure = {"data": data, "layout": layout}
    data, layout = identity_bar_spec(d0, y_max=y_max, **size)
    bar_figure = {"data": data, "layout": layout}
    curve_rows, bar_rows, numbers = [], [], []
    for i, (p, q) in enumerate(pairs):
        d = _nth(states, i)
        traces = {}
        if family is not None:
            traces.update(zip(CURVE_TRACES, curve_traces(family[i]), strict=True))
            traces[MINIMUM_TRACE] = minimum_trace(p, family[i].entropy)
        title = titled_layout(*curves_title(q, d, p=p), font_size=font_size)["title"]
        layout = {
            "title": title,
            "annotations": curve_annotations(q, d, p=p, y_max=y_max, font_size=font_size),
            "shapes": model_shapes(q, d, y_max=y_max),
        }
        curve_rows.append(LiveRow(traces=traces, layout=layout))
        data, layout = identity_bar_spec(d, y_max=y_max, **size)
        bar_rows.append(LiveRow(traces=dict(enumerate(data)), layout={"title": layout["title"]}))
        numbers.append(identity_texts(d))
    return CoinDrag(
        curves=live_table(grid, curve_rows, curves_figure),
        bar=live_table(grid, bar_rows, bar_figure),
        numbers=numbers,
    )
