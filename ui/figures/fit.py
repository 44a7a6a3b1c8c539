"""Animated fits: one plotly figure with frames, Play/Pause and a scrub slider.

Two steps, as everywhere in ``ui``: the numbers of an animation travel in a frozen dataclass
(:class:`FitAnimation`, :class:`ForwardReverseAnimation`), and a thin builder turns them into a
``go.Figure`` whose frames play in the browser without a server round trip. Each frame updates
only the traces that change (``traces=[...]``) and every axis range is fixed, so nothing jumps.

The MLE figure has four linked panels:

1. the model Q_θt over the data P̂;
2. the cross-entropy H(P̂, Q) along one parameter, the point θ_t on it, H(P̂) as the floor and
   the gap between them, KL(P̂‖Q_θt), drawn in the KL colour;
3. the stacked bar H(P̂) + KL_t = H(P̂, Q_t) (the shared bar of ``ui.figures.common``);
4. the log-likelihood log L(θ_t) = -n·H(P̂, Q_θt) rising over the steps.

Nothing here imports Streamlit.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from core import Decomposition
from core.animation import FitAnimation, ForwardReverseAnimation
from ui import theme
from ui.figures import common as figures
from ui.figures.common import (
    PlainFigure,
    base_layout,
    decomposition_bar_figure,
    finished_layout,
    format_value,
)

#: Playback: ▶ Play asks plotly for a new frame at every display refresh, with no tweening.
#: Plotly starts the next frame at the first refresh (every 16.7 ms at 60 Hz) at which more than
#: the frame's ``duration`` has passed since the last one began, so 12 ms means every refresh:
#: up to 60 frames a second, fewer when the browser needs longer to draw a frame (a 60-step fit
#: plays in one to two seconds). A fixed 30 a second (25 ms, every second refresh) was the most a
#: frame that cost 30 ms could keep, and any late frame pulled the rate under 30
#: (``benchmarks/playback_fps.py``). ▶ Slow plays the same frames at 8 a second, for talking a
#: class through the steps.
FRAME_MS = 12
SLOW_FRAME_MS = 125

#: Points of a cross-entropy curve and of a density grid in each frame: smooth at any chart
#: width, and light enough to send once per frame.
CURVE_POINTS = 161
DENSITY_POINTS = 161
#: The name of the distribution an animation's identity is about (``FitAnimation.identity_of``).
IDENTITY_LABELS = {"sample": "P̂", "best_gaussian": "N̂", "truth": "P"}

#: Figures with fewer frames than this are padded by holding the last frame.
MIN_FRAMES = 30


# Geometry -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Panel:
    x: tuple[float, float]
    y: tuple[float, float]


def _grid(count: int, columns: int, gap_x: float, gap_y: float) -> list[_Panel]:
    """Panel domains, row by row, in ``columns`` columns (gaps as fractions of the plot area)."""
    rows = math.ceil(count / columns)
    width = (1 - gap_x * (columns - 1)) / columns
    height = (1 - gap_y * (rows - 1)) / rows
    panels = []
    for i in range(count):
        row, column = divmod(i, columns)
        top = 1 - row * (height + gap_y)
        left = column * (width + gap_x)
        panels.append(_Panel((left, left + width), (top - height, top)))
    return panels


def _domain(span: tuple[float, float]) -> list[float]:
    """A domain plotly accepts: inside [0, 1] despite rounding."""
    return [round(min(max(v, 0.0), 1.0), 6) for v in span]


def _axis_names(i: int) -> tuple[str, str, str, str]:
    """(trace xaxis ref, trace yaxis ref, layout xaxis key, layout yaxis key) of panel i."""
    suffix = "" if i == 0 else str(i + 1)
    return f"x{suffix}", f"y{suffix}", f"xaxis{suffix}", f"yaxis{suffix}"


def _panel_title(text: str, panel: _Panel, font_size: int) -> dict:
    return {
        "text": text,
        "xref": "paper",
        "yref": "paper",
        "x": panel.x[0],
        "y": panel.y[1],
        "xanchor": "left",
        "yanchor": "bottom",
        "showarrow": False,
        "align": "left",
        "font": {"size": font_size},
    }


def _coloured(text: str, colour: str) -> str:
    return f"<span style='color:{colour}'><b>{text}</b></span>"


def _padded(low: float, high: float, fraction: float = 0.06) -> list[float]:
    span = high - low if high > low else max(abs(high), 1.0)
    return [low - fraction * span, high + fraction * span]


#: Heights (px) of the rows above the panels: the title, the control row(s), the panel titles.
_PANEL_TITLE_ROW = 34
_BUTTONS = ("▶ Play", "▶ Slow", "❚❚ Pause")


def _controls(
    names: list[str], labels: list[str], *, font_size: int, stacked: bool, title_height: int
) -> tuple[list[dict], list[dict], int]:
    """Play, Slow and Pause buttons and a scrub slider between the title and the panels.

    Returns ``(updatemenus, sliders, top_margin)``. Side by side on a wide figure; on a stacked
    (phone) figure the slider gets its own row under the buttons. The slider's step labels are
    the live numbers of each frame, shown in its current-value read-out; its tick labels are
    hidden because sixty of them cannot be read.
    """
    play = {
        "frame": {"duration": FRAME_MS, "redraw": False},
        "transition": {"duration": 0},
        "fromcurrent": True,
        "mode": "immediate",
    }
    slow = {**play, "frame": {"duration": SLOW_FRAME_MS, "redraw": False}}
    jump = {
        "frame": {"duration": 0, "redraw": False},
        "transition": {"duration": 0},
        "mode": "immediate",
    }
    button_height = font_size + 20
    slider_height = font_size + 46  # read-out above the rail, the rail, the ticks
    if stacked:
        slider_bottom = _PANEL_TITLE_ROW
        buttons_bottom = slider_bottom + slider_height + 6
        top = buttons_bottom + button_height + title_height
        slider_left = 0
    else:
        slider_bottom = _PANEL_TITLE_ROW
        buttons_bottom = slider_bottom + 8
        top = slider_bottom + slider_height + title_height
        # the rail starts right of the buttons (their width estimated from the labels)
        slider_left = sum(round(0.62 * font_size * len(label)) + 26 for label in _BUTTONS) + 12
    updatemenus = [
        {
            "type": "buttons",
            "direction": "left",
            "showactive": False,
            "x": 0,
            "xanchor": "left",
            "y": 1,
            "yanchor": "bottom",
            "pad": {"t": 0, "b": buttons_bottom, "r": 8, "l": 0},
            "font": {"size": font_size},
            "buttons": [
                {"label": _BUTTONS[0], "method": "animate", "args": [None, play]},
                {"label": _BUTTONS[1], "method": "animate", "args": [None, slow]},
                {"label": _BUTTONS[2], "method": "animate", "args": [[None], jump]},
            ],
        }
    ]
    sliders = [
        {
            "active": 0,
            "x": 0,
            "xanchor": "left",
            "len": 1,
            "y": 1,
            "yanchor": "bottom",
            "pad": {"t": 0, "b": slider_bottom, "l": slider_left, "r": 0},
            "font": {"size": 1},
            # grey rail and ticks: plotly's near-white ones glare on the dark theme
            "bgcolor": theme.GRID,
            "bordercolor": theme.GRID,
            "tickcolor": theme.TEXT,
            "ticklen": 4,
            "minorticklen": 0,
            "currentvalue": {
                "visible": True,
                "prefix": "",
                "xanchor": "left",
                "offset": 6,
                "font": {"size": font_size},
            },
            "transition": {"duration": 0},
            "steps": [
                {"label": label, "method": "animate", "args": [[name], jump]}
                for name, label in zip(names, labels, strict=True)
            ],
        }
    ]
    return updatemenus, sliders, top


def _axis_band(font_size: int) -> int:
    """Height (px) under a panel for its tick labels and axis title."""
    return 2 * font_size + 30


def _title_height(font_size: int, subtitle: str | None) -> int:
    """Height (px) of the title row: the title, and the subtitle under it if there is one."""
    small = max(11, font_size - 3)
    lines = subtitle.count("<br>") + 1 if subtitle else 0
    return round(18 + 1.5 * (font_size + 2) + lines * 1.6 * small + (8 if subtitle else 0))


def _title(layout: dict, subtitle: str | None, font_size: int) -> None:
    """Pin the title (and its subtitle, the live numbers) to the top, above the controls."""
    layout["title"].update(
        {"y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 10}, "automargin": False}
    )
    if subtitle:
        layout["title"]["subtitle"] = {
            "text": subtitle,
            "font": {"size": max(11, font_size - 3)},
        }


def _frame_indices(steps: int) -> list[int]:
    """Path index shown by each frame: 0..T, holding the last one up to MIN_FRAMES frames."""
    count = max(steps + 1, MIN_FRAMES)
    return [min(t, steps) for t in range(count)]


def _f32(values) -> np.ndarray:
    """A frame's numbers as float32: half the bytes of float64 and more digits than any chart
    shows. The first frame's traces go to the browser as lists (``ui.figures.common.PlainFigure``),
    every frame's as typed arrays (:func:`_encoded`)."""
    return np.asarray(values, dtype=np.float32)


def _encoded(traces: list[dict]) -> list[dict]:
    """A frame's traces with each NumPy array as plotly's base64 typed array (little-endian
    float32), ready for JSON: built once here, so that sending the figure need not walk the
    frames' numbers (``AnimatedFigure``)."""

    def typed(values) -> dict:
        array = np.ascontiguousarray(values, dtype="<f4")
        return {"dtype": "f4", "bdata": base64.b64encode(array.tobytes()).decode("ascii")}

    return [
        {key: typed(value) if isinstance(value, np.ndarray) else value for key, value in t.items()}
        for t in traces
    ]


class AnimatedFigure(PlainFigure):
    """A :class:`~ui.figures.common.PlainFigure` whose frames stay plain, JSON-ready dicts.

    ``go.Frame`` turns every trace of every frame into a plotly object; for the 61 frames of a
    60-step fit that costs most of a second even without validation, far more than drawing
    them. Here the data and layout are an ordinary figure of ``make_figure``'s (the shared style,
    a ``datarevision``; validated when ``VALIDATE`` is on), and the frames, whose arrays are
    already base64 typed arrays, are added by :meth:`to_dict`, which is what ``st.plotly_chart``,
    ``plotly.io.to_json`` and ``to_html`` read. ``frames`` returns those dicts.
    ``go.Figure(figure.to_dict())`` builds a regular figure with plotly's validation of
    everything (the tests do).
    """

    def __init__(self, data: list[dict], layout: dict, frames: list[dict]) -> None:
        layout = finished_layout(data, layout)
        if figures.VALIDATE:
            go.Figure({"data": data, "layout": layout})  # raises on anything plotly rejects
        super().__init__({"data": data, "layout": layout})
        object.__setattr__(self, "_plain_frames", tuple(frames))

    @property
    def frames(self) -> tuple[dict, ...]:
        """The frames as plain dicts: ``name``, ``traces`` and the ``data`` that changes."""
        return self._plain_frames

    def to_dict(self) -> dict:
        result = super().to_dict()
        result["frames"] = [
            {**frame, "data": [dict(trace) for trace in frame["data"]]}
            for frame in self._plain_frames
        ]
        return result


# The MLE animation --------------------------------------------------------------------------------


def step_labels(animation: FitAnimation, digits: int = 3) -> list[str]:
    """The live read-out of each step: ``t = 12 · q = 0.412 · KL = 0.051 bits``."""
    a = animation
    labels = []
    for t in range(a.steps + 1):
        values = ", ".join(
            f"{name} = {value:.{digits}f}"
            for name, value in zip(a.readout_names, a.readout_values[t], strict=True)
        )
        kl = format_value(float(a.kl_divergence[t]), a.unit, digits)
        labels.append(f"t = {t} · {values} · KL = {kl}")
    return labels


#: Panel arrangements of the MLE figure: columns of the panel grid.
LAYOUTS = {"grid": 2, "row": 4, "stacked": 1}


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
    stacked = columns == 1
    if stacked and subtitle:  # a phone is narrow: one number group per line
        subtitle = subtitle.replace(" · ", "<br>")
    a = animation
    unit = a.unit
    steps = a.steps
    indices = _frame_indices(steps)
    height = height or {"grid": 640, "row": 460, "stacked": 1100}[layout]
    small = max(11, font_size - 3)
    names = [str(i) for i in range(len(indices))]
    labels = step_labels(a)
    updatemenus, sliders, top_margin = _controls(
        names,
        [labels[t] for t in indices],
        font_size=small,
        stacked=stacked,
        title_height=_title_height(font_size, subtitle),
    )
    bottom_margin = _axis_band(small)
    plot_height = max(height - top_margin - bottom_margin, 100)
    gap_y = (_axis_band(small) + _PANEL_TITLE_ROW) / plot_height
    panels = _grid(4, columns, gap_x={1: 0.0, 2: 0.12, 4: 0.105}[columns], gap_y=gap_y)
    refs = [_axis_names(i) for i in range(4)]
    p, q, sample = IDENTITY_LABELS[a.identity_of], "Q", "P̂"

    # Panel 1: the model over the data ----------------------------------------------------------
    # Few traces, because plotly re-derives the whole figure's defaults on every frame: each
    # panel's moving parts are one trace where one trace can draw them.
    x1, y1 = refs[0][0], refs[0][1]
    data: list[dict] = []
    if a.continuous:
        data.append(
            {
                "type": "bar",
                "name": f"{sample} (histogram)",
                "x": a.outcomes,
                "y": a.observed,
                "width": a.bin_width,
                "marker": {"color": theme.TRUE, "opacity": 0.45, "line": {"width": 0}},
                "hovertemplate": f"{sample} density %{{y:.3f}} at %{{x:.2f}}<extra></extra>",
                "xaxis": x1,
                "yaxis": y1,
            }
        )
        if a.reference is not None:
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "name": "P (true)",
                    "x": a.grid,
                    "y": a.reference,
                    "line": {"color": theme.TRUE, "width": 2, "dash": "dash"},
                    "hoverinfo": "skip",
                    "xaxis": x1,
                    "yaxis": y1,
                }
            )

        def model(t: int) -> dict:
            return {"type": "scatter", "y": _f32(a.model[t])}

        model_trace = {
            **model(0),
            "mode": "lines",
            "name": f"{q}<sub>θt</sub>",
            "x": a.grid,
            "line": {"color": theme.MODEL, "width": 4},
            "hovertemplate": f"{q} density %{{y:.3f}} at %{{x:.2f}}<extra></extra>",
            "xaxis": x1,
            "yaxis": y1,
        }
        # Sized for the data and the fitted model; a narrow start may run off the top.
        top1 = float(max(np.max(a.observed), np.max(a.model[-1])))
        if a.reference is not None:
            top1 = max(top1, float(np.max(a.reference)))
        top1 = max(top1, min(float(np.max(a.model)), 1.6 * top1))
        xaxis1 = {"range": [float(a.grid[0]), float(a.grid[-1])], "title": {"text": "x"}}
        yaxis1 = {"range": [0, top1 * 1.08], "title": {"text": "density"}}
    else:
        # P̂ and Q_θt side by side per outcome, as one bar trace: (P̂, Q) pairs, offset by hand.
        outcomes = a.outcomes.tolist()
        count = len(outcomes)

        def model(t: int) -> dict:
            return {"type": "bar", "y": _f32(np.column_stack([a.observed, a.model[t]]).ravel())}

        model_trace = {
            **model(0),
            "name": f"{sample} and {q}<sub>θt</sub>",
            "x": [o for o in outcomes for _ in range(2)],
            "offset": [-0.4, 0.0] * count,
            "width": 0.4,
            "marker": {"color": [theme.TRUE, theme.MODEL] * count},
            "customdata": [sample, q] * count,
            "hovertemplate": "%{customdata}(%{x}) = %{y:.3f}<extra></extra>",
            "xaxis": x1,
            "yaxis": y1,
        }
        xaxis1 = {"type": "category", "title": {"text": "outcome"}}
        top1 = float(max(np.max(a.observed), np.max(a.model)))
        yaxis1 = {"range": [0, min(1.0, top1 * 1.1)], "title": {"text": "probability"}}
    model_index = len(data)
    data.append(model_trace)

    # Panel 2: the cross-entropy along one parameter, the floor and the gap ---------------------
    x2, y2 = refs[1][0], refs[1][1]
    curve = np.asarray(a.curve)
    moving_curve = curve.ndim == 2
    first_curve = curve[0] if moving_curve else curve
    floor = float(a.entropy)
    start = float(a.cross_entropy[0])
    visible = np.concatenate([np.ravel(curve), a.cross_entropy, [floor]])
    visible = visible[np.isfinite(visible)]
    ceiling = min(float(np.max(visible)), start + 1.25 * max(start - floor, 0.2))
    curve_index = len(data)
    data.append(
        {
            "type": "scatter",
            "mode": "lines",
            "name": f"H({p},{q})",
            "x": a.curve_x,
            "y": _f32(first_curve),
            "line": {"color": theme.CROSS_ENTROPY, "width": 3},
            "hovertemplate": (
                f"{a.parameter_name} = %{{x:.3f}}: H = %{{y:.3f}} {unit}<extra></extra>"
            ),
            "xaxis": x2,
            "yaxis": y2,
        }
    )
    data.append(
        {
            "type": "scatter",
            "mode": "lines",
            "name": f"H({p}) floor",
            "x": [float(a.curve_x[0]), float(a.curve_x[-1])],
            "y": [floor, floor],
            "line": {"color": theme.ENTROPY, "width": 3, "dash": "dash"},
            "hovertemplate": f"H({p}) = {format_value(floor, unit)}<extra></extra>",
            "xaxis": x2,
            "yaxis": y2,
        }
    )

    def point(t: int) -> dict:
        """θ_t on the curve, and the gap down to the floor: KL, in the KL colour."""
        x = float(a.position[t])
        return {"type": "scatter", "x": [x, x], "y": [floor, float(a.cross_entropy[t])]}

    point_index = len(data)
    data.append(
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
            "xaxis": x2,
            "yaxis": y2,
        }
    )
    xaxis2 = {
        "range": [float(a.curve_x[0]), float(a.curve_x[-1])],
        "title": {"text": a.parameter_name},
    }
    yaxis2 = {"range": _padded(floor, ceiling, 0.05), "title": {"text": unit}}

    # Panel 3: the shared stacked bar, as one trace of three bars --------------------------------
    x3, y3 = refs[2][0], refs[2][1]
    top3 = float(np.nanmax(a.cross_entropy[np.isfinite(a.cross_entropy)])) * 1.12
    shared = [
        trace.to_plotly_json()
        for trace in decomposition_bar_figure(
            Decomposition(floor, start, float(a.kl_divergence[0]), unit),
            font_size=small,
            y_max=top3,
            p_label=p,
            q_label=q,
        ).data
    ]

    def identity(t: int) -> dict:
        kl, ce = float(a.kl_divergence[t]), float(a.cross_entropy[t])
        return {
            "type": "bar",
            "y": [floor, kl, ce],
            "text": [
                f"H({p})<br>{format_value(floor, unit)}",
                f"KL<br>{format_value(kl, unit)}",
                f"H({p},{q})<br>{format_value(ce, unit)}",
            ],
        }

    identity_index = len(data)
    data.append(
        {
            **identity(0),
            "name": f"H({p}) + KL = H({p},{q})",
            "x": [trace["x"][0] for trace in shared],
            "base": [0.0, floor, 0.0],  # KL sits on top of H(P̂)
            "marker": {"color": [trace["marker"]["color"] for trace in shared]},
            "textposition": "inside",
            "insidetextanchor": "middle",
            "textangle": 0,
            "textfont": shared[0]["textfont"],
            "hovertemplate": "%{text}<extra></extra>",
            "xaxis": x3,
            "yaxis": y3,
        }
    )
    xaxis3 = {"type": "category", "fixedrange": True}
    yaxis3 = {"range": [0, top3], "title": {"text": unit}, "fixedrange": True}

    # Panel 4: the log-likelihood rising ----------------------------------------------------------
    x4, y4 = refs[3][0], refs[3][1]
    ll = np.asarray(a.log_likelihood, dtype=float)
    best = float(a.best_log_likelihood)
    data.append(
        {
            "type": "scatter",
            "mode": "lines",
            "name": "log L at the MLE",
            "x": [0, steps],
            "y": [best, best],
            "line": {"color": theme.NEUTRAL, "width": 2, "dash": "dot"},
            "hovertemplate": f"log L at the MLE = {best:.2f} {unit}<extra></extra>",
            "xaxis": x4,
            "yaxis": y4,
        }
    )

    def trail(t: int) -> dict:
        """log L up to step t, as a line."""
        return {"type": "scatter", "x": _f32(np.arange(t + 1)), "y": _f32(ll[: t + 1])}

    def now(t: int) -> dict:
        """The marker on the trail's end. Its own one-point trace: a marker on the trail itself
        would make plotly style every point of the trail on every frame (about 5 of a frame's
        30 ms, ``benchmarks/playback_fps.py``)."""
        return {"type": "scatter", "x": [t], "y": [float(ll[t])]}

    trail_index = len(data)
    data.append(
        {
            **trail(0),
            "mode": "lines",
            "name": "log L(θ_t)",
            "line": {"color": theme.CROSS_ENTROPY, "width": 3},
            "hovertemplate": f"step %{{x}}: log L = %{{y:.2f}} {unit}<extra></extra>",
            "xaxis": x4,
            "yaxis": y4,
        }
    )
    now_index = len(data)
    data.append(
        {
            **now(0),
            "mode": "markers",
            "name": "log L now",
            "marker": {"color": theme.MARKER, "size": 14, "line": {"color": "white", "width": 2}},
            "cliponaxis": False,
            "hovertemplate": f"step %{{x}}: log L = %{{y:.2f}} {unit}<extra></extra>",
            "xaxis": x4,
            "yaxis": y4,
        }
    )
    finite_ll = ll[np.isfinite(ll)]
    xaxis4 = {"range": [-0.5, steps + 0.5], "title": {"text": "step t"}}
    yaxis4 = {
        "range": _padded(float(np.min(finite_ll)), max(best, float(np.max(finite_ll)))),
        "title": {"text": f"log L ({unit})"},
    }

    # Frames: only the traces that change -------------------------------------------------------
    # Plotly redraws the figure's bars from the frame's bar traces alone, so a fixed histogram
    # travels in every frame too (a few dozen numbers); otherwise it would vanish on Play.
    histogram = [{"type": "bar", "y": _f32(a.observed)}] if a.continuous else []
    changing = [0] if a.continuous else []
    changing += [model_index, *([curve_index] if moving_curve else [])]
    changing += [point_index, identity_index, trail_index, now_index]
    frames = []
    for name, t in zip(names, indices, strict=True):
        update = [*histogram, model(t)]
        if moving_curve:
            update.append({"type": "scatter", "y": _f32(curve[t])})
        update += [point(t), identity(t), trail(t), now(t)]
        frames.append({"name": name, "data": _encoded(update), "traces": changing})

    # Layout --------------------------------------------------------------------------------------
    figure_layout = base_layout(font_size=font_size, height=height, title=title)
    _title(figure_layout, subtitle, font_size)
    figure_layout.update(
        {
            "showlegend": False,
            "barmode": "group",
            "bargap": 0.25,
            "margin": {"l": 10, "r": 10, "t": top_margin, "b": bottom_margin},
            "uniformtext": {"minsize": max(10, small - 4), "mode": "hide"},
            "updatemenus": updatemenus,
            "sliders": sliders,
            "hovermode": "closest",
        }
    )
    axes = [(xaxis1, yaxis1), (xaxis2, yaxis2), (xaxis3, yaxis3), (xaxis4, yaxis4)]
    for i, ((xaxis, yaxis), panel) in enumerate(zip(axes, panels, strict=True)):
        xref, yref, xkey, ykey = refs[i]
        xaxis.update({"domain": _domain(panel.x), "anchor": yref, "automargin": False})
        yaxis.update({"domain": _domain(panel.y), "anchor": xref, "automargin": True})
        for axis in (xaxis, yaxis):
            axis.setdefault("title", {})
            axis["title"]["font"] = {"size": small}
            axis["tickfont"] = {"size": small}
        figure_layout[xkey] = xaxis
        figure_layout[ykey] = yaxis
    model_name = _coloured(q + "<sub>θt</sub>", theme.MODEL)
    against = "over" if a.continuous else "against"
    title1 = f"{model_name} {against} {_coloured(sample, theme.TRUE)}"
    if a.reference is not None:
        title1 += f", {_coloured('P', theme.TRUE)} dashed"
    curve_title = f"{_coloured(f'H({p},{q})', theme.CROSS_ENTROPY)} over {a.parameter_name}"
    if columns < 4:  # room for the legend of the curve's colours
        curve_title += (
            f", floor {_coloured(f'H({p})', theme.ENTROPY)}, gap {_coloured('KL', theme.KL)}"
        )
    titles = [
        title1,
        curve_title,
        f"{_coloured(f'H({p})', theme.ENTROPY)} + {_coloured('KL', theme.KL)} = "
        f"{_coloured(f'H({p},{q})', theme.CROSS_ENTROPY)}",
        f"{_coloured('log-likelihood', theme.CROSS_ENTROPY)}"
        + (" rising to the MLE" if columns < 4 else ""),
    ]
    figure_layout["annotations"] = [
        _panel_title(text, panel, small) for text, panel in zip(titles, panels, strict=True)
    ]
    return AnimatedFigure(data, figure_layout, frames)


# Forward against reverse KL -----------------------------------------------------------------------


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
    unit = a.unit
    steps = max(len(a.forward_kl), len(a.reverse_kl)) - 1
    indices = _frame_indices(steps)
    height = height or (900 if stacked else 520)
    small = max(11, font_size - 3)
    if stacked:
        panels = [_Panel((0, 1), (0.48, 1.0)), _Panel((0, 1), (0.0, 0.36))]
    else:
        panels = [_Panel((0, 0.6), (0, 1)), _Panel((0.7, 1.0), (0, 1))]

    def at(values, t: int):
        return values[min(t, len(values) - 1)]

    data = [
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
            "y": _f32(a.forward_density[0]),
            "line": {"color": theme.MODEL, "width": 4},
            "hovertemplate": "forward Q density %{y:.3f}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": "Q minimising KL(Q‖P)",
            "x": a.x,
            "y": _f32(a.reverse_density[0]),
            "line": {"color": theme.KL, "width": 4, "dash": "dash"},
            "hovertemplate": "reverse Q density %{y:.3f}<extra></extra>",
        },
    ]
    forward = np.asarray(a.forward_kl, dtype=float)
    reverse = np.asarray(a.reverse_kl, dtype=float)

    def trail(values: np.ndarray, t: int) -> dict:
        stop = min(t, len(values) - 1) + 1
        return {"type": "scatter", "x": _f32(np.arange(stop)), "y": _f32(values[:stop])}

    def now(t: int) -> dict:
        """Both trails' ends: one trace of two markers, not a marker on every point of the
        trails (plotly would style each of them on every frame)."""
        steps_now = [min(t, len(values) - 1) for values in (forward, reverse)]
        return {
            "type": "scatter",
            "x": steps_now,
            "y": [float(forward[steps_now[0]]), float(reverse[steps_now[1]])],
        }

    data += [
        {
            **trail(forward, 0),
            "mode": "lines",
            "name": "KL(P‖Q) forward",
            "line": {"color": theme.MODEL, "width": 3},
            "hovertemplate": f"step %{{x}}: KL(P‖Q) = %{{y:.3f}} {unit}<extra></extra>",
            "xaxis": "x2",
            "yaxis": "y2",
        },
        {
            **trail(reverse, 0),
            "mode": "lines",
            "name": "KL(Q‖P) reverse",
            "line": {"color": theme.KL, "width": 3, "dash": "dash"},
            "hovertemplate": f"step %{{x}}: KL(Q‖P) = %{{y:.3f}} {unit}<extra></extra>",
            "xaxis": "x2",
            "yaxis": "y2",
        },
        {
            **now(0),
            "mode": "markers",
            "name": "KL now",
            "marker": {
                "color": [theme.MODEL, theme.KL],
                "size": 11,
                "line": {"color": "white", "width": 1.5},
            },
            "customdata": ["KL(P‖Q)", "KL(Q‖P)"],
            "cliponaxis": False,
            "hovertemplate": f"step %{{x}}: %{{customdata}} = %{{y:.3f}} {unit}<extra></extra>",
            "showlegend": False,
            "xaxis": "x2",
            "yaxis": "y2",
        },
    ]
    names = [str(i) for i in range(len(indices))]
    frames = [
        {
            "name": name,
            "traces": [1, 2, 3, 4, 5],
            "data": _encoded(
                [
                    {"type": "scatter", "y": _f32(at(a.forward_density, t))},
                    {"type": "scatter", "y": _f32(at(a.reverse_density, t))},
                    trail(forward, t),
                    trail(reverse, t),
                    now(t),
                ]
            ),
        }
        for name, t in zip(names, indices, strict=True)
    ]

    digits = 1 if stacked else 2  # a phone's read-out has room for fewer digits

    def gaussian(parameters: np.ndarray, t: int) -> str:
        mu, sigma = at(parameters, t)
        return f"N({mu:.{digits}f}, {sigma:.{digits}f}²)"

    labels = [
        f"t = {t} · forward {gaussian(a.forward_parameters, t)} · "
        f"reverse {gaussian(a.reverse_parameters, t)}"
        for t in indices
    ]
    layout = base_layout(font_size=font_size, height=height, title=title)
    _title(layout, subtitle, font_size)
    updatemenus, sliders, top_margin = _controls(
        names,
        labels,
        font_size=small,
        stacked=stacked,
        title_height=_title_height(font_size, subtitle),
    )
    if stacked:  # the legend goes under the panels, where it may take several lines
        bottom_margin = _axis_band(small) + 5 * (small + 10)
        legend = {"orientation": "h", "x": 0, "y": 0, "yanchor": "top", "yref": "container"}
        legend["y"] = (5 * (small + 10) + 6) / height
    else:  # the legend takes the row under the controls
        legend_row = small + 18
        updatemenus[0]["pad"]["b"] += legend_row - _PANEL_TITLE_ROW
        sliders[0]["pad"]["b"] += legend_row - _PANEL_TITLE_ROW
        top_margin += legend_row - _PANEL_TITLE_ROW
        bottom_margin = 10
        legend = {"y": 1.0, "yanchor": "bottom"}
    densities = np.concatenate(
        [np.ravel(a.p_density), np.ravel(a.forward_density), np.ravel(a.reverse_density)]
    )
    kls = np.concatenate([forward, reverse])
    kls = kls[np.isfinite(kls)]
    # A narrow start can cost ten times the end values; the axis shows the approach to the end.
    ends = max(float(forward[-1]), float(reverse[-1]), 0.25)
    kl_top = min(float(np.max(kls)) if kls.size else 1.0, 4.0 * ends) * 1.08
    layout.update(
        {
            "margin": {"l": 10, "r": 10, "t": top_margin, "b": bottom_margin},
            "updatemenus": updatemenus,
            "sliders": sliders,
            "legend": {**layout["legend"], **legend, "font": {"size": small}},
            "xaxis": {
                "domain": list(panels[0].x),
                "anchor": "y",
                "range": [float(a.x[0]), float(a.x[-1])],
                "title": {"text": "x", "font": {"size": small}},
                "tickfont": {"size": small},
            },
            "yaxis": {
                "domain": list(panels[0].y),
                "anchor": "x",
                "range": [0, float(np.max(densities)) * 1.08],
                "title": {"text": "density", "font": {"size": small}},
                "tickfont": {"size": small},
            },
            "xaxis2": {
                "domain": list(panels[1].x),
                "anchor": "y2",
                "range": [-0.5, steps + 0.5],
                "title": {"text": "step t", "font": {"size": small}},
                "tickfont": {"size": small},
            },
            "yaxis2": {
                "domain": list(panels[1].y),
                "anchor": "x2",
                "range": [0, kl_top],
                "title": {"text": f"KL ({unit})", "font": {"size": small}},
                "tickfont": {"size": small},
            },
        }
    )
    return AnimatedFigure(data, layout, frames)
