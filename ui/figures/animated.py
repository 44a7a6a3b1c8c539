"""What every animated figure shares: playback timing, the frames' encoding, the figure class,
the title above the panels, the playback that the page's Play/Slow/Pause buttons and frame slider
read (:func:`controls`), and the panels: each a :class:`PanelDrawing` from its own builder,
placed and framed by :func:`panels_figure`.

An animated figure is one plotly figure with frames that play in the browser without a server
round trip. Each frame updates only the traces that change (``traces=[...]``) and every axis
range is fixed, so nothing jumps. Nothing here imports Streamlit.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import plotly.graph_objects as go

from core import Decomposition
from ui import theme
from ui.figures import common
from ui.figures.common import (
    PlainFigure,
    base_layout,
    decomposition_bar_spec,
    finished_layout,
    format_value,
    plain_text,
)

#: ▶ Play asks plotly for a new frame at every display refresh, with no tweening: plotly starts
#: the next frame at the first refresh (every 16.7 ms at 60 Hz) after the frame's ``duration``,
#: so a duration under one refresh plays as fast as the browser draws. ▶ Slow plays the same
#: frames at 8 a second, for talking a class through the steps.
FRAME_MS = 12
SLOW_FRAME_MS = 125

#: Figures with fewer frames than this are padded by holding the last frame, so that even a
#: short fit plays long enough to be seen.
MIN_FRAMES = 30

#: Points of a cross-entropy curve and of a density grid in each frame: smooth at any chart
#: width, and light enough to send once per frame.
CURVE_POINTS = 161
DENSITY_POINTS = 161

#: Height (px) of the row of panel titles under the figure's title.
PANEL_TITLE_ROW = 34

#: The playback buttons' labels, in the order Play, Slow, Pause: the page's HTML buttons
#: (``ui.accessibility.show_animation_controls``) and an exported file's plotly buttons.
BUTTONS = ("▶ Play", "▶ Slow", "❚❚ Pause")


# Frames -------------------------------------------------------------------------------------------


def frame_indices(steps: int) -> list[int]:
    """Path index shown by each frame: 0..T, holding the last one up to MIN_FRAMES frames."""
    count = max(steps + 1, MIN_FRAMES)
    return [min(t, steps) for t in range(count)]


def float32(values) -> np.ndarray:
    """A frame's numbers as float32: half the bytes of float64 and more digits than any chart
    shows. The first frame's traces go to the browser as lists (``ui.figures.common.PlainFigure``),
    every frame's as typed arrays (:func:`encoded`)."""
    return np.asarray(values, dtype=np.float32)


def encoded(traces: list[dict]) -> list[dict]:
    """A frame's traces with each NumPy array as plotly's base64 typed array (little-endian
    float32), ready for JSON, so that sending the figure need not walk the frames' numbers."""

    def typed(values) -> dict:
        array = np.ascontiguousarray(values, dtype="<f4")
        return {"dtype": "f4", "bdata": base64.b64encode(array.tobytes()).decode("ascii")}

    return [
        {key: typed(value) if isinstance(value, np.ndarray) else value for key, value in t.items()}
        for t in traces
    ]


class AnimatedFigure(PlainFigure):
    """A :class:`~ui.figures.common.PlainFigure` whose frames stay plain, JSON-ready dicts.

    The data and layout are an ordinary figure of ``make_figure``'s (the shared style, a
    ``datarevision``; validated when ``VALIDATE`` is on). The frames, whose arrays are already
    base64 typed arrays (:func:`encoded`), never become plotly objects: ``go.Frame`` objects for
    sixty frames cost more than drawing them. :meth:`to_dict`, which ``st.plotly_chart``,
    ``plotly.io.to_json`` and ``to_html`` read, adds them; :attr:`frames` returns them.
    ``go.Figure(figure.to_dict())`` builds a regular figure with plotly's validation of
    everything (the tests do).
    """

    def __init__(self, data: list[dict], layout: dict, frames: list[dict]) -> None:
        layout = finished_layout(data, layout)
        if common.VALIDATE:
            go.Figure({"data": data, "layout": layout})  # raises on anything plotly rejects
        super().__init__({"data": data, "layout": layout})
        object.__setattr__(self, "_plain_frames", tuple(frames))

    @property
    def frames(self) -> tuple[dict, ...]:
        """The frames as plain dicts: ``name``, ``traces`` and the ``data`` that changes."""
        return self._plain_frames

    @property
    def animated(self) -> bool:
        """Whether there are frames to play."""
        return bool(self._plain_frames)

    def to_dict(self) -> dict:
        result = super().to_dict()
        result["frames"] = [
            {**frame, "data": [dict(trace) for trace in frame["data"]]}
            for frame in self._plain_frames
        ]
        return result


# Panels, and the playback the page's controls read ------------------------------------------------


@dataclass(frozen=True)
class Panel:
    """Where a panel sits, as fractions of the plot area: ``x`` and ``y`` spans."""

    x: tuple[float, float]
    y: tuple[float, float]


@dataclass(frozen=True)
class Controls:
    """What the page's playback controls need from an animated figure (:attr:`playback`, the
    figure's ``layout.meta``) and the top margin that leaves room for the title and the first
    row of panel titles.

    The figure draws no controls of its own: plotly's SVG buttons and slider cannot be reached with
    the keyboard and would duplicate the page's HTML ones (``static/kl/animation_controls.js``),
    which read :attr:`playback` and hand its options to ``Plotly.animate``.
    """

    playback: dict
    top_margin: int

    def raised(self, by: int) -> Controls:
        """The same playback with the top margin ``by`` px larger: room for a row (a legend)
        between the title and the panels."""
        return Controls(playback=self.playback, top_margin=self.top_margin + by)


#: The key in ``layout.meta`` under which an animated figure carries its playback.
PLAYBACK = "kl_animation"


def controls(names: list[str], labels: list[str], *, title_height: int) -> Controls:
    """The playback of frames ``names``, whose live numbers (the read-out) are ``labels``.

    ``playback`` holds the frame names, each frame's read-out as plain text, and plotly's
    ``Plotly.animate`` options for ▶ Play (every display refresh), ▶ Slow (8 frames a second)
    and a jump to one frame (also Pause: a jump to no frame stops the running animation).
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
    playback = {
        "frames": list(names),
        "labels": [plain_text(label) for label in labels],
        "play": play,
        "slow": slow,
        "jump": jump,
    }
    return Controls(playback={PLAYBACK: playback}, top_margin=PANEL_TITLE_ROW + title_height)


def axis_band(font_size: int) -> int:
    """Height (px) under a panel for its tick labels and axis title."""
    return 2 * font_size + 30


def title_height(font_size: int, subtitle: str | None) -> int:
    """Height (px) of the title row: the title, and the subtitle under it if there is one."""
    small = max(11, font_size - 3)
    lines = subtitle.count("<br>") + 1 if subtitle else 0
    return round(18 + 1.5 * (font_size + 2) + lines * 1.6 * small + (8 if subtitle else 0))


def pin_title(layout: dict, subtitle: str | None, font_size: int) -> None:
    """Pin the title (and its subtitle, the live numbers) to the top, above the controls."""
    layout["title"].update(
        {"y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 10}, "automargin": False}
    )
    if subtitle:
        layout["title"]["subtitle"] = {
            "text": subtitle,
            "font": {"size": max(11, font_size - 3)},
        }


# Panels and their assembly ------------------------------------------------------------------------


@dataclass(frozen=True)
class PanelDrawing:
    """One panel of an animated figure, numbers already turned into plotly dicts.

    ``traces`` are the panel's traces as the first frame shows them; ``moving`` maps the index
    (within ``traces``) of each trace that changes to the update it gets at step t.
    """

    traces: list[dict]
    xaxis: dict
    yaxis: dict
    title: str
    moving: dict[int, Callable[[int], dict]] = field(default_factory=dict)


def coloured(text: str, colour: str) -> str:
    """``text`` in bold and ``colour``, for panel titles that double as legends."""
    return f"<span style='color:{colour}'><b>{text}</b></span>"


def padded(low: float, high: float, fraction: float = 0.06) -> list[float]:
    """An axis range from ``low`` to ``high`` with ``fraction`` of the span added either side."""
    span = high - low if high > low else max(abs(high), 1.0)
    return [low - fraction * span, high + fraction * span]


def identity_panel(
    identity: Decomposition,
    *,
    p_label: str,
    q_label: str,
    font_size: int,
    entropy_symbol: str = "H",
) -> PanelDrawing:
    """H(P) + KL_t = H(P,Q_t) at step t: the bars of
    :func:`~ui.figures.common.decomposition_bar_spec` (its columns, colours and text), as one
    trace whose three heights change per step. ``identity`` holds the floor H(P) and one
    cross-entropy and KL per step; ``entropy_symbol`` is h for a differential entropy."""
    p, q, unit, h = p_label, q_label, identity.unit, entropy_symbol
    floor = float(identity.entropy)
    cross, kl = np.asarray(identity.cross_entropy), np.asarray(identity.kl_divergence)
    top = float(np.nanmax(cross[np.isfinite(cross)])) * 1.12
    first = Decomposition(floor, float(cross[0]), float(kl[0]), unit)
    shared, _ = decomposition_bar_spec(
        first, font_size=font_size, y_max=top, p_label=p, q_label=q, entropy_symbol=h
    )

    def bars(t: int) -> dict:
        kl_t, cross_t = float(kl[t]), float(cross[t])
        return {
            "type": "bar",
            "y": [floor, kl_t, cross_t],
            "text": [
                f"{h}({p})<br>{format_value(floor, unit)}",
                f"KL<br>{format_value(kl_t, unit)}",
                f"H({p},{q})<br>{format_value(cross_t, unit)}",
            ],
        }

    trace = {
        **bars(0),
        "name": f"{h}({p}) + KL = H({p},{q})",
        "x": [bar["x"][0] for bar in shared],
        "base": [0.0, floor, 0.0],  # KL sits on top of H(P)
        "marker": {"color": [bar["marker"]["color"] for bar in shared]},
        "textposition": "inside",
        "insidetextanchor": "middle",
        "textangle": 0,
        "textfont": {
            "size": shared[0]["textfont"]["size"],
            "color": [bar["textfont"]["color"] for bar in shared],
        },
        "hovertemplate": "%{text}<extra></extra>",
    }
    return PanelDrawing(
        traces=[trace],
        xaxis={"type": "category", "fixedrange": True},
        yaxis={"range": [0, top], "title": {"text": unit}, "fixedrange": True},
        title=f"{coloured(f'{h}({p})', theme.ENTROPY)} + {coloured('KL', theme.KL)} = "
        f"{coloured(f'H({p},{q})', theme.CROSS_ENTROPY)}",
        moving={0: bars},
    )


def panel_grid(count: int, columns: int, gap_x: float, gap_y: float) -> list[Panel]:
    """Panel domains, row by row, in ``columns`` columns (gaps as fractions of the plot area)."""
    rows = math.ceil(count / columns)
    width = (1 - gap_x * (columns - 1)) / columns
    height = (1 - gap_y * (rows - 1)) / rows
    panels = []
    for i in range(count):
        row, column = divmod(i, columns)
        top = 1 - row * (height + gap_y)
        left = column * (width + gap_x)
        panels.append(Panel((left, left + width), (top - height, top)))
    return panels


def _domain(span: tuple[float, float]) -> list[float]:
    """A domain plotly accepts: inside [0, 1] despite rounding."""
    return [round(min(max(v, 0.0), 1.0), 6) for v in span]


def _axis_names(i: int) -> tuple[str, str, str, str]:
    """(trace xaxis ref, trace yaxis ref, layout xaxis key, layout yaxis key) of panel i."""
    suffix = "" if i == 0 else str(i + 1)
    return f"x{suffix}", f"y{suffix}", f"xaxis{suffix}", f"yaxis{suffix}"


def _panel_title(text: str, panel: Panel, font_size: int) -> dict:
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


def _placed_axes(drawing: PanelDrawing, panel: Panel, i: int, font_size: int) -> dict:
    """The layout entries of panel i's two axes: the panel's own, put in its place."""
    xref, yref, xkey, ykey = _axis_names(i)
    placed = {
        xkey: {**drawing.xaxis, "domain": _domain(panel.x), "anchor": yref, "automargin": False},
        ykey: {**drawing.yaxis, "domain": _domain(panel.y), "anchor": xref, "automargin": True},
    }
    for axis in placed.values():
        axis["title"] = {**axis.get("title", {}), "font": {"size": font_size}}
        axis["tickfont"] = {"size": font_size}
        # Plotly's default ("hide past div") measures every tick label on every frame to hide
        # those past the figure's edge, a forced layout each; the fixed ranges and margins keep
        # them inside. On /classifier that was half a frame's time.
        axis["ticklabeloverflow"] = "allow"
    return placed


def _frames(drawings: list[PanelDrawing], names: list[str], indices: list[int]) -> list[dict]:
    """One frame per name, showing step ``indices[k]``: the updates of the moving traces only,
    each numbered as in the whole figure."""
    moving: list[tuple[int, Callable[[int], dict]]] = []
    offset = 0
    for drawing in drawings:
        moving += [(offset + index, update) for index, update in drawing.moving.items()]
        offset += len(drawing.traces)
    changing = [index for index, _ in moving]
    return [
        {"name": name, "data": encoded([update(t) for _, update in moving]), "traces": changing}
        for name, t in zip(names, indices, strict=True)
    ]


def panels_figure(
    drawings: list[PanelDrawing],
    *,
    columns: int,
    gap_x: float,
    read_out: list[str],
    title: str,
    subtitle: str | None,
    font_size: int,
    height: int,
) -> AnimatedFigure:
    """The animated figure of ``drawings`` in a grid of ``columns`` columns, under the title;
    ``read_out[t]`` is the live text of step t (t = 0..T) that the page's frame slider shows."""
    stacked = columns == 1
    if stacked and subtitle:  # a phone is narrow: one number group per line
        subtitle = subtitle.replace(" · ", "<br>")
    small = max(11, font_size - 3)
    indices = frame_indices(len(read_out) - 1)
    names = [str(i) for i in range(len(indices))]
    header = controls(
        names, [read_out[t] for t in indices], title_height=title_height(font_size, subtitle)
    )
    bottom_margin = axis_band(small)
    plot_height = max(height - header.top_margin - bottom_margin, 100)
    gap_y = (axis_band(small) + PANEL_TITLE_ROW) / plot_height
    panels = panel_grid(len(drawings), columns, gap_x=gap_x, gap_y=gap_y)

    data = []
    figure_layout = base_layout(font_size=font_size, height=height, title=title)
    pin_title(figure_layout, subtitle, font_size)
    for i, (drawing, panel) in enumerate(zip(drawings, panels, strict=True)):
        xref, yref, _, _ = _axis_names(i)
        data += [{**trace, "xaxis": xref, "yaxis": yref} for trace in drawing.traces]
        figure_layout.update(_placed_axes(drawing, panel, i, small))
    figure_layout.update(
        {
            "showlegend": False,
            "barmode": "group",
            "bargap": 0.25,
            "margin": {"l": 10, "r": 10, "t": header.top_margin, "b": bottom_margin},
            "uniformtext": {"minsize": max(10, small - 4), "mode": "hide"},
            "meta": header.playback,
            "hovermode": "closest",
            "annotations": [
                _panel_title(drawing.title, panel, small)
                for drawing, panel in zip(drawings, panels, strict=True)
            ],
        }
    )
    return AnimatedFigure(data, figure_layout, _frames(drawings, names, indices))
