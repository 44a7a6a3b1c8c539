"""The animated maximum-likelihood fit of /mle: four linked panels, one frame per step.

1. the model Q_θt over the data P̂;
2. the cross-entropy H(P̂, Q) along one parameter, the point θ_t on it, H(P̂) as the floor and
   the gap between them, KL(P̂‖Q_θt), drawn in the KL colour;
3. the stacked bar H(P̂) + KL_t = H(P̂, Q_t) (the shared bar of ``ui.figures.common``);
4. the log-likelihood log L(θ_t) = -n·H(P̂, Q_θt) rising over the steps.

The numbers travel in :class:`core.animation.FitAnimation`. Each panel has its builder, which
turns them into the panel's traces, the updates of its moving traces per step, its axes and
its title (:class:`~ui.figures.animated.PanelDrawing`); the stacked bar is the shared
:func:`~ui.figures.animated.identity_panel`, and :func:`~ui.figures.animated.panels_figure`
places the panels, numbers the traces and builds the frames. Few traces per panel, because
plotly re-derives the whole figure's defaults on every frame: each panel's moving parts are one
trace where one trace can draw them.
Nothing here imports Streamlit.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from core import Decomposition
from core.animation import FitAnimation
from ui import theme
from ui.figures.animated import (
    PanelDrawing,
    coloured,
    float32,
    identity_panel,
    padded,
    panels_figure,
)
from ui.figures.common import format_value

#: The name of the distribution an animation's identity is about (``FitAnimation.identity_of``).
IDENTITY_LABELS = {"sample": "P̂", "best_gaussian": "N̂", "truth": "P"}
#: Its entropy's symbol: H for P̂'s probabilities, h (differential entropy) for a density.
ENTROPY_SYMBOLS = {"sample": "H", "best_gaussian": "h", "truth": "h"}

#: Panel arrangements of the MLE figure: columns of the panel grid.
LAYOUTS = {"grid": 2, "row": 4, "stacked": 1}

#: Figure height (px) of each arrangement when the caller gives none.
_HEIGHTS = {"grid": 640, "row": 460, "stacked": 1100}

#: Horizontal gap between panels, as a fraction of the plot width, by number of columns.
_GAPS_X = {1: 0.0, 2: 0.12, 4: 0.105}


@dataclass(frozen=True)
class _Labels:
    """What the panels call the distributions: P̂ or P for the identity, Q, and the sample."""

    p: str
    q: str = "Q"
    sample: str = "P̂"
    entropy: str = "H"


def step_labels(animation: FitAnimation, digits: int = 3) -> list[str]:
    """The live read-out of each step: ``t = 12 · q = 0.412 · KL = 0.051 bits``."""
    a = animation
    labels = []
    for t in range(a.steps + 1):
        values = ", ".join(
            f"{html.escape(name, quote=False)} = {value:.{digits}f}"
            for name, value in zip(a.readout_names, a.readout_values[t], strict=True)
        )
        kl = format_value(float(a.kl_divergence[t]), a.unit, digits)
        labels.append(f"t = {t} · {values} · KL = {kl}")
    return labels


# Panel 1: the model over the data -----------------------------------------------------------------


def _model_panel(a: FitAnimation, labels: _Labels) -> PanelDrawing:
    """Q_θt over the data: a density over a histogram, or (P̂, Q) bars per outcome."""
    model_name = coloured(labels.q + "<sub>θt</sub>", theme.MODEL)
    against = "over" if a.continuous else "against"
    title = f"{model_name} {against} {coloured(labels.sample, theme.TRUE)}"
    if a.reference is not None:
        title += f", {coloured('P', theme.TRUE)} dashed"
    if a.continuous:
        return _density_panel(a, labels, title)
    return _outcome_panel(a, labels, title)


def _density_panel(a: FitAnimation, labels: _Labels, title: str) -> PanelDrawing:
    sample, q = labels.sample, labels.q
    traces = [
        {
            "type": "bar",
            "name": f"{sample} (histogram)",
            "x": a.outcomes,
            "y": a.observed,
            "width": a.bin_width,
            "marker": {"color": theme.TRUE, "opacity": 0.45, "line": {"width": 0}},
            "hovertemplate": f"{sample} density %{{y:.3f}} at %{{x:.2f}}<extra></extra>",
        }
    ]
    if a.reference is not None:
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": "P (true)",
                "x": a.grid,
                "y": a.reference,
                "line": {"color": theme.TRUE, "width": 2, "dash": "dash"},
                "hoverinfo": "skip",
            }
        )

    def model(t: int) -> dict:
        return {"type": "scatter", "y": float32(a.model[t])}

    traces.append(
        {
            **model(0),
            "mode": "lines",
            "name": f"{q}<sub>θt</sub>",
            "x": a.grid,
            "line": {"color": theme.MODEL, "width": 4},
            "hovertemplate": f"{q} density %{{y:.3f}} at %{{x:.2f}}<extra></extra>",
        }
    )
    # Plotly redraws the figure's bars from the frame's bar traces alone, so the fixed histogram
    # travels in every frame too (a few dozen numbers); otherwise it would vanish on Play.
    histogram = {"type": "bar", "y": float32(a.observed)}
    return PanelDrawing(
        traces=traces,
        xaxis={"range": [float(a.grid[0]), float(a.grid[-1])], "title": {"text": "x"}},
        yaxis={"range": [0, _density_top(a) * 1.08], "title": {"text": "density"}},
        title=title,
        moving={0: lambda t: histogram, len(traces) - 1: model},
    )


def _density_top(a: FitAnimation) -> float:
    """Sized for the data and the fitted model; a narrow start may run off the top."""
    top = float(max(np.max(a.observed), np.max(a.model[-1])))
    if a.reference is not None:
        top = max(top, float(np.max(a.reference)))
    return max(top, min(float(np.max(a.model)), 1.6 * top))


def _outcome_panel(a: FitAnimation, labels: _Labels, title: str) -> PanelDrawing:
    """P̂ and Q_θt side by side per outcome, as one bar trace: (P̂, Q) pairs, offset by hand."""
    sample, q = labels.sample, labels.q
    # labels as plotly text: "<b>x</b>" typed in the data is shown as typed, not as markup
    outcomes = [html.escape(str(o), quote=False) for o in a.outcomes.tolist()]
    count = len(outcomes)

    def model(t: int) -> dict:
        return {"type": "bar", "y": float32(np.column_stack([a.observed, a.model[t]]).ravel())}

    trace = {
        **model(0),
        "name": f"{sample} and {q}<sub>θt</sub>",
        "x": [o for o in outcomes for _ in range(2)],
        "offset": [-0.4, 0.0] * count,
        "width": 0.4,
        "marker": {"color": [theme.TRUE, theme.MODEL] * count},
        "customdata": [sample, q] * count,
        "hovertemplate": "%{customdata}(%{x}) = %{y:.3f}<extra></extra>",
    }
    top = float(max(np.max(a.observed), np.max(a.model)))
    return PanelDrawing(
        traces=[trace],
        xaxis={"type": "category", "title": {"text": "outcome"}},
        yaxis={"range": [0, min(1.0, top * 1.1)], "title": {"text": "probability"}},
        title=title,
        moving={0: model},
    )


# Panel 2: the cross-entropy along one parameter, the floor and the gap ----------------------------


def _curve_panel(a: FitAnimation, labels: _Labels, *, legend: bool) -> PanelDrawing:
    """H(P̂,Q) over the parameter, the floor H(P̂), and θ_t with the gap KL under it.

    ``legend`` names the floor's and the gap's colours in the title (where there is room).
    """
    p, q, unit, h = labels.p, labels.q, a.unit, labels.entropy
    curve = np.asarray(a.curve)
    moving_curve = curve.ndim == 2
    floor = float(a.entropy)
    traces = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": f"H({p},{q})",
            "x": a.curve_x,
            "y": float32(curve[0] if moving_curve else curve),
            "line": {"color": theme.CROSS_ENTROPY, "width": 3},
            "hovertemplate": (
                f"{a.parameter_name} = %{{x:.3f}}: H = %{{y:.3f}} {unit}<extra></extra>"
            ),
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": f"{h}({p}) floor",
            "x": [float(a.curve_x[0]), float(a.curve_x[-1])],
            "y": [floor, floor],
            "line": {"color": theme.ENTROPY, "width": 3, "dash": "dash"},
            "hovertemplate": f"{h}({p}) = {format_value(floor, unit)}<extra></extra>",
        },
    ]

    def point(t: int) -> dict:
        """θ_t on the curve, and the gap down to the floor: KL, in the KL colour."""
        x = float(a.position[t])
        return {"type": "scatter", "x": [x, x], "y": [floor, float(a.cross_entropy[t])]}

    traces.append(
        {
            **point(0),
            "mode": "lines+markers",
            "name": "θ_t",
            "line": {"color": theme.KL, "width": 5},
            "marker": {
                "color": theme.MARKER,
                "size": [0, 16],
                "line": {"color": "white", "width": [0, 2]},
            },
            "hovertemplate": f"{a.parameter_name} = %{{x:.3f}}: %{{y:.3f}} {unit}<extra></extra>",
        }
    )
    moving: dict[int, Callable[[int], dict]] = {2: point}
    if moving_curve:
        moving[0] = lambda t: {"type": "scatter", "y": float32(curve[t])}
    title = f"{coloured(f'H({p},{q})', theme.CROSS_ENTROPY)} over {a.parameter_name}"
    if legend:
        title += f", floor {coloured(f'{h}({p})', theme.ENTROPY)}, gap {coloured('KL', theme.KL)}"
    return PanelDrawing(
        traces=traces,
        xaxis={
            "range": [float(a.curve_x[0]), float(a.curve_x[-1])],
            "title": {"text": a.parameter_name},
        },
        yaxis={"range": padded(floor, _curve_ceiling(a), 0.05), "title": {"text": unit}},
        title=title,
        moving=dict(sorted(moving.items())),
    )


def _curve_ceiling(a: FitAnimation) -> float:
    """Top of the curve's axis: the start and some way above it, not a far-off blow-up."""
    floor = float(a.entropy)
    start = float(a.cross_entropy[0])
    visible = np.concatenate([np.ravel(a.curve), a.cross_entropy, [floor]])
    visible = visible[np.isfinite(visible)]
    return min(float(np.max(visible)), start + 1.25 * max(start - floor, 0.2))


# Panel 4: the log-likelihood rising ---------------------------------------------------------------


def _likelihood_panel(a: FitAnimation, *, wide_title: bool) -> PanelDrawing:
    """log L(θ_t) as a trail growing one step per frame, its end marked, the MLE's level dotted."""
    unit, steps = a.unit, a.steps
    ll = np.asarray(a.log_likelihood, dtype=float)
    best = float(a.best_log_likelihood)

    def trail(t: int) -> dict:
        """log L up to step t, as a line."""
        return {"type": "scatter", "x": float32(np.arange(t + 1)), "y": float32(ll[: t + 1])}

    def now(t: int) -> dict:
        """The marker on the trail's end. Its own one-point trace: a marker on the trail itself
        would make plotly style every point of the trail on every frame."""
        return {"type": "scatter", "x": [t], "y": [float(ll[t])]}

    hover = f"step %{{x}}: log L = %{{y:.2f}} {unit}<extra></extra>"
    traces = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": "log L at the MLE",
            "x": [0, steps],
            "y": [best, best],
            "line": {"color": theme.NEUTRAL, "width": 2, "dash": "dot"},
            "hovertemplate": f"log L at the MLE = {best:.2f} {unit}<extra></extra>",
        },
        {
            **trail(0),
            "mode": "lines",
            "name": "log L(θ_t)",
            "line": {"color": theme.CROSS_ENTROPY, "width": 3},
            "hovertemplate": hover,
        },
        {
            **now(0),
            "mode": "markers",
            "name": "log L now",
            "marker": {"color": theme.MARKER, "size": 14, "line": {"color": "white", "width": 2}},
            "cliponaxis": False,
            "hovertemplate": hover,
        },
    ]
    finite = ll[np.isfinite(ll)]
    return PanelDrawing(
        traces=traces,
        xaxis={"range": [-0.5, steps + 0.5], "title": {"text": "step t"}},
        yaxis={
            "range": padded(float(np.min(finite)), max(best, float(np.max(finite)))),
            "title": {"text": f"log L ({unit})"},
        },
        title=f"{coloured('log-likelihood', theme.CROSS_ENTROPY)}"
        + (" rising to the MLE" if wide_title else ""),
        moving={1: trail, 2: now},
    )


def fit_animation_figure(
    animation: FitAnimation,
    *,
    title: str,
    subtitle: str | None = None,
    font_size: int = theme.FONT_SIZE,
    layout: str = "grid",
    height: int | None = None,
) -> go.Figure:
    """The animated maximum-likelihood fit: four linked panels, one frame per step.

    Parameters
    ----------
    animation : FitAnimation
        The numbers to draw (:mod:`core.animation`).
    title, subtitle : str
        The figure title and a line under it, exported with the chart: put the live numbers
        in them.
    font_size : int
        Base font size (``frame.font_size``).
    layout : {"grid", "row", "stacked"}
        A 2×2 grid (screens), four panels in a row (a wide projector, little height) or one
        column (phones).
    height : int, optional
        Figure height in px; by default 640 for the grid, 460 in a row, 1100 stacked.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"`layout` must be one of {', '.join(LAYOUTS)}, not {layout!r}")
    columns = LAYOUTS[layout]
    height = height or _HEIGHTS[layout]
    small = max(11, font_size - 3)
    labels = _Labels(
        p=IDENTITY_LABELS[animation.identity_of],
        entropy=ENTROPY_SYMBOLS[animation.identity_of],
    )
    drawings = [
        _model_panel(animation, labels),
        _curve_panel(animation, labels, legend=columns < 4),
        identity_panel(
            Decomposition(
                entropy=animation.entropy,
                cross_entropy=animation.cross_entropy,
                kl_divergence=animation.kl_divergence,
                unit=animation.unit,
            ),
            p_label=labels.p,
            q_label=labels.q,
            entropy_symbol=labels.entropy,
            font_size=small,
        ),
        _likelihood_panel(animation, wide_title=columns < 4),
    ]

    return panels_figure(
        drawings,
        columns=columns,
        gap_x=_GAPS_X[columns],
        read_out=step_labels(animation),
        title=title,
        subtitle=subtitle,
        font_size=font_size,
        height=height,
    )
