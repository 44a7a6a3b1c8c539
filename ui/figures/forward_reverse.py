"""The animated forward against reverse KL of /forward_reverse: two linked panels.

Left (or on top, on a phone), both Gaussian fits moving over the mixture P; right (or below),
both KL values falling step by step. The numbers travel in
:class:`core.animation.ForwardReverseAnimation`; a builder per panel turns them into traces and
axes, and :func:`forward_reverse_figure` places the panels, the legend and the playback and
builds the frames. Nothing here imports Streamlit.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core.animation import ForwardReverseAnimation
from ui import theme
from ui.figures.animated import (
    PANEL_TITLE_ROW,
    AnimatedFigure,
    Controls,
    Panel,
    axis_band,
    controls,
    encoded,
    float32,
    frame_indices,
    pin_title,
    title_height,
)
from ui.figures.common import base_layout, format_value

#: The traces that change from frame to frame: both fitted densities, both trails, their ends.
_MOVING = [1, 2, 3, 4, 5]

#: Rows (px per line of small text) that the legend may take under the panels on a phone.
_LEGEND_LINES = 5


def _at(values, t: int):
    """Step t of a path, holding its last step once it has ended."""
    return values[min(t, len(values) - 1)]


def _steps(a: ForwardReverseAnimation) -> int:
    return max(len(a.forward_kl), len(a.reverse_kl)) - 1


# The densities ------------------------------------------------------------------------------------


def _density_traces(a: ForwardReverseAnimation) -> list[dict]:
    """P, and the forward and reverse fits at step 0."""
    return [
        {
            "type": "scatter",
            "mode": "lines",
            "name": "P (mixture)",
            "x": a.x,
            "y": a.p_density,
            "fill": "tozeroy",
            "line": {"color": theme.TRUE, "width": 3},
            "hovertemplate": "P density %{y:.3f} at %{x:.2f}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": "Q minimising KL(P‖Q)",
            "x": a.x,
            "y": float32(a.forward_density[0]),
            "line": {"color": theme.MODEL, "width": 4},
            "hovertemplate": "forward Q density %{y:.3f}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": "Q minimising KL(Q‖P)",
            "x": a.x,
            "y": float32(a.reverse_density[0]),
            "line": {"color": theme.KL, "width": 4, "dash": "dash"},
            "hovertemplate": "reverse Q density %{y:.3f}<extra></extra>",
        },
    ]


def _density_updates(a: ForwardReverseAnimation, t: int) -> list[dict]:
    return [
        {"type": "scatter", "y": float32(_at(a.forward_density, t))},
        {"type": "scatter", "y": float32(_at(a.reverse_density, t))},
    ]


def _density_axes(a: ForwardReverseAnimation) -> tuple[dict, dict]:
    densities = np.concatenate(
        [np.ravel(a.p_density), np.ravel(a.forward_density), np.ravel(a.reverse_density)]
    )
    xaxis = {"range": [float(a.x[0]), float(a.x[-1])], "title": {"text": "x"}}
    yaxis = {"range": [0, float(np.max(densities)) * 1.08], "title": {"text": "density"}}
    return xaxis, yaxis


# The KL values ------------------------------------------------------------------------------------


def _kl_updates(a: ForwardReverseAnimation, t: int) -> list[dict]:
    """Both trails up to step t, and both their ends as one trace of two markers, not a marker
    on every point of the trails (plotly would style each of them on every frame)."""
    forward = np.asarray(a.forward_kl, dtype=float)
    reverse = np.asarray(a.reverse_kl, dtype=float)

    def trail(values: np.ndarray) -> dict:
        stop = min(t, len(values) - 1) + 1
        return {"type": "scatter", "x": float32(np.arange(stop)), "y": float32(values[:stop])}

    ends = [min(t, len(values) - 1) for values in (forward, reverse)]
    now = {"type": "scatter", "x": ends, "y": [float(forward[ends[0]]), float(reverse[ends[1]])]}
    return [trail(forward), trail(reverse), now]


def _kl_traces(a: ForwardReverseAnimation) -> list[dict]:
    """The forward and reverse KL trails and their ends at step 0, on the second axes."""
    unit = a.unit
    forward, reverse, now = _kl_updates(a, 0)
    on_panel = {"xaxis": "x2", "yaxis": "y2"}
    return [
        {
            **forward,
            "mode": "lines",
            "name": "KL(P‖Q) forward",
            "line": {"color": theme.MODEL, "width": 3},
            "hovertemplate": f"step %{{x}}: KL(P‖Q) = %{{y:.3f}} {unit}<extra></extra>",
            **on_panel,
        },
        {
            **reverse,
            "mode": "lines",
            "name": "KL(Q‖P) reverse",
            "line": {"color": theme.KL, "width": 3, "dash": "dash"},
            "hovertemplate": f"step %{{x}}: KL(Q‖P) = %{{y:.3f}} {unit}<extra></extra>",
            **on_panel,
        },
        {
            **now,
            "mode": "markers",
            "name": "KL now",
            "marker": {
                "color": [theme.MODEL, theme.KL],
                "symbol": ["circle", "diamond"],
                "size": 12,
                "line": {"color": "white", "width": 1.5},
            },
            "customdata": ["KL(P‖Q)", "KL(Q‖P)"],
            "cliponaxis": False,
            "hovertemplate": f"step %{{x}}: %{{customdata}} = %{{y:.3f}} {unit}<extra></extra>",
            "showlegend": False,
            **on_panel,
        },
    ]


def _kl_axes(a: ForwardReverseAnimation) -> tuple[dict, dict]:
    forward = np.asarray(a.forward_kl, dtype=float)
    reverse = np.asarray(a.reverse_kl, dtype=float)
    kls = np.concatenate([forward, reverse])
    kls = kls[np.isfinite(kls)]
    # The whole path, start included: a narrow start can cost ten times the end values.
    kl_top = max(float(np.max(kls)) if kls.size else 1.0, 0.25) * 1.08
    xaxis = {"range": [-0.5, _steps(a) + 0.5], "title": {"text": "step t"}}
    yaxis = {"range": [0, kl_top], "title": {"text": f"KL ({a.unit})"}}
    return xaxis, yaxis


# The figure ---------------------------------------------------------------------------------------


def _read_out(a: ForwardReverseAnimation, indices: list[int], *, digits: int) -> list[str]:
    """The live numbers of each frame: ``t = 12 · forward N(0.41, 1.93²), KL(P‖Q) 0.412 bits ·
    reverse N(…), KL(Q‖P) …``."""

    def fit(parameters: np.ndarray, kl: np.ndarray, name: str, t: int) -> str:
        mu, sigma = _at(parameters, t)
        value = format_value(float(_at(kl, t)), a.unit)
        return f"N({mu:.{digits}f}, {sigma:.{digits}f}²), {name} {value}"

    return [
        f"t = {t} · forward {fit(a.forward_parameters, a.forward_kl, 'KL(P‖Q)', t)} · "
        f"reverse {fit(a.reverse_parameters, a.reverse_kl, 'KL(Q‖P)', t)}"
        for t in indices
    ]


def _legend_and_controls(
    header: Controls, *, stacked: bool, small: int, height: int
) -> tuple[dict, Controls, int]:
    """Where the legend goes, the top margin grown to make room for it, and the bottom margin:
    under the panels on a phone (where it may take several lines), else in a row of its own
    between the title and the panels."""
    if stacked:
        legend_height = _LEGEND_LINES * (small + 10)
        legend = {"orientation": "h", "x": 0, "yanchor": "top", "yref": "container"}
        legend["y"] = (legend_height + 6) / height
        return legend, header, axis_band(small) + legend_height
    legend = {"y": 1.0, "yanchor": "bottom"}
    return legend, header.raised(small + 18 - PANEL_TITLE_ROW), 10


def forward_reverse_figure(
    animation: ForwardReverseAnimation,
    *,
    title: str,
    subtitle: str | None = None,
    font_size: int = theme.FONT_SIZE,
    stacked: bool = False,
    height: int | None = None,
) -> go.Figure:
    """Both Gaussian fits moving over P (left) and both KL values falling (right), linked.

    ``stacked`` puts the KL panel under the densities and the legend under both (phones).
    """
    a = animation
    if stacked and subtitle:
        subtitle = subtitle.replace(" · ", "<br>")
    indices = frame_indices(_steps(a))
    height = height or (900 if stacked else 520)
    small = max(11, font_size - 3)
    if stacked:
        panels = [Panel((0, 1), (0.48, 1.0)), Panel((0, 1), (0.0, 0.36))]
    else:
        panels = [Panel((0, 0.6), (0, 1)), Panel((0.7, 1.0), (0, 1))]
    names = [str(i) for i in range(len(indices))]
    frames = [
        {
            "name": name,
            "traces": _MOVING,
            "data": encoded([*_density_updates(a, t), *_kl_updates(a, t)]),
        }
        for name, t in zip(names, indices, strict=True)
    ]
    header = controls(
        names, _read_out(a, indices, digits=2), title_height=title_height(font_size, subtitle)
    )
    legend, header, bottom_margin = _legend_and_controls(
        header, stacked=stacked, small=small, height=height
    )
    layout = base_layout(font_size=font_size, height=height, title=title)
    pin_title(layout, subtitle, font_size)
    layout.update(
        {
            "margin": {"l": 10, "r": 10, "t": header.top_margin, "b": bottom_margin},
            "meta": header.playback,
            "legend": {**layout["legend"], **legend, "font": {"size": small}},
        }
    )
    axes = [_density_axes(a), _kl_axes(a)]
    for i, ((xaxis, yaxis), panel) in enumerate(zip(axes, panels, strict=True)):
        suffix = "" if i == 0 else str(i + 1)
        for key, axis, span, anchor in (
            (f"xaxis{suffix}", xaxis, panel.x, f"y{suffix}"),
            (f"yaxis{suffix}", yaxis, panel.y, f"x{suffix}"),
        ):
            layout[key] = {
                "domain": list(span),
                "anchor": anchor,
                "range": axis["range"],
                "title": {**axis["title"], "font": {"size": small}},
                "tickfont": {"size": small},
            }
    return AnimatedFigure([*_density_traces(a), *_kl_traces(a)], layout, frames)
