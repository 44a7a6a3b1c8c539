"""What every animated figure shares: playback timing, the frames' encoding, the figure class,
and the header of title, Play/Slow/Pause buttons and scrub slider above the panels.

An animated figure is one plotly figure with frames that play in the browser without a server
round trip. Each frame updates only the traces that change (``traces=[...]``) and every axis
range is fixed, so nothing jumps. Nothing here imports Streamlit.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from ui import theme
from ui.figures import common
from ui.figures.common import PlainFigure, finished_layout

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

#: Height (px) of the row of panel titles under the controls.
PANEL_TITLE_ROW = 34

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


# Panels and the header above them: title, buttons, slider ----------------------------------------


@dataclass(frozen=True)
class Panel:
    """Where a panel sits, as fractions of the plot area: ``x`` and ``y`` spans."""

    x: tuple[float, float]
    y: tuple[float, float]


@dataclass(frozen=True)
class Controls:
    """Play/Slow/Pause and the scrub slider, and the top margin that makes room for them."""

    updatemenus: list[dict]
    sliders: list[dict]
    top_margin: int

    def raised(self, by: int) -> Controls:
        """The same controls ``by`` px higher, with the top margin grown to match: room for a
        row (a legend) between them and the panels."""
        return Controls(
            updatemenus=[_raised(menu, by) for menu in self.updatemenus],
            sliders=[_raised(slider, by) for slider in self.sliders],
            top_margin=self.top_margin + by,
        )


def _raised(item: dict, by: int) -> dict:
    return {**item, "pad": {**item["pad"], "b": item["pad"]["b"] + by}}


def controls(
    names: list[str], labels: list[str], *, font_size: int, stacked: bool, title_height: int
) -> Controls:
    """Play, Slow and Pause buttons and a scrub slider between the title and the panels.

    The slider spans the width with its current-value read-out (the live numbers of the frame,
    ``labels``) above its rail; its tick labels are hidden because sixty of them cannot be read.
    On a wide figure the buttons sit at the right end of the read-out's row, anchored there so
    that plotly sizes them itself; on a stacked (phone) figure, too narrow for both, they get a
    row of their own above the slider.
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
    slider_bottom = PANEL_TITLE_ROW
    if stacked:
        buttons_bottom = slider_bottom + slider_height + 6
        top = buttons_bottom + button_height + title_height
        buttons_x = {"x": 0, "xanchor": "left"}
    else:
        buttons_bottom = slider_bottom + _RAIL_AND_TICKS
        top = max(slider_bottom + slider_height, buttons_bottom + button_height) + title_height
        buttons_x = {"x": 1, "xanchor": "right"}
    updatemenus = [
        {
            "type": "buttons",
            "direction": "left",
            "showactive": False,
            **buttons_x,
            "y": 1,
            "yanchor": "bottom",
            "pad": {"t": 0, "b": buttons_bottom, "r": 0, "l": 0},
            "font": {"size": font_size},
            "buttons": [
                {"label": BUTTONS[0], "method": "animate", "args": [None, play]},
                {"label": BUTTONS[1], "method": "animate", "args": [None, slow]},
                {"label": BUTTONS[2], "method": "animate", "args": [[None], jump]},
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
            "pad": {"t": 0, "b": slider_bottom, "l": 0, "r": 0},
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
    return Controls(updatemenus=updatemenus, sliders=sliders, top_margin=top)


#: Height (px) of a slider's rail, grip and ticks, under its read-out.
_RAIL_AND_TICKS = 34


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
