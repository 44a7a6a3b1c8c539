"""A slider that moves the lesson while it is dragged, and commits its value when released.

A Streamlit slider sends its value only on release, and each value costs a server round trip,
so nothing moves while a lecturer drags. This slider (``static/kl/drag.js``, a ``st.components.v2``
component in the page, not an iframe) is a native range input: the browser gives it the ARIA
slider role, ``aria-valuenow``, arrow keys, Page Up/Down, Home/End and pointer and touch
dragging (``touch-action: none``, so a finger drags instead of scrolling the page). While it
moves, its script publishes each value to the page; the live charts (``ui.live_chart``) and the
live numbers look up the grid point nearest to it in tables ``core`` computed for the whole
grid (``ui.figures.live``) and redraw, at most once per displayed frame. The browser does no
maths. On release, on a key press (as Streamlit's own slider), or when a held key comes up,
the value is the component's ``commit`` trigger: one rerun, in which :func:`_commit` checks it
and writes it to the URL, and the page draws the committed state from the URL like any link.

The URL is the one home of the value: :meth:`DragControl.value` reads it (a link's bad value
gets the same note as any link's), and a value from the browser that is not a number of the
slider's range is refused with a note, keeping the last good one.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import streamlit as st

from ui.figures.live import Grid, live_json, slider_grid
from ui.scripts import component
from ui.url_state import read_number

NAME = "kl_drag_slider"
#: The slider's script (``static/kl/``, ``ui.scripts``), after the row lookup it shares with the
#: live charts.
FILES = ("live_rows.js", "range_commit.js", "drag.js")
STYLE = """
.kl-drag { padding: 0; }
.kl-drag-head { display: flex; justify-content: space-between; gap: 0.5rem; font-size: 0.875rem; }
.kl-drag-value {
  font-variant-numeric: tabular-nums; font-weight: 600; color: var(--st-primary-color);
}
.kl-drag input[type="range"] {
  width: 100%; height: 1.75rem; margin: 0; touch-action: none; cursor: pointer;
  accent-color: var(--st-primary-color);
}
"""
_render = component(NAME, FILES, css=STYLE)


@dataclass(frozen=True)
class DragControl:
    """One draggable number of a lesson, kept in the URL parameter ``key``.

    ``label`` is its accessible name ("Model coin: q = Q(heads)"), ``symbol`` the name its
    value is read out with (``aria-valuetext`` "q = 0.40").
    """

    key: str
    label: str
    symbol: str
    min_value: float
    max_value: float
    default: float
    step: float
    help: str | None = None

    @property
    def grid(self) -> Grid:
        """The values the slider can take; the live tables have one row for each."""
        return slider_grid(self.min_value, self.max_value, self.step)

    @property
    def decimals(self) -> int:
        return max(0, -math.floor(math.log10(self.step)))

    def value(self) -> float:
        """The committed value: the URL's, or the default (with a note) if the URL's is unusable;
        and the note of a refused commit, if the last one was."""
        self.show_note()
        raw = read_number(self.key, low=self.min_value, high=self.max_value, fallback=self.default)
        return self.snapped(raw)

    def show_note(self) -> None:
        """The note of a refused commit, if the last one was."""
        note = st.session_state.pop(_note_key(self.key), None)
        if note:
            st.warning(note, icon=":material/block:")

    def snapped(self, value: float) -> float:
        """``value`` at the nearest grid point (so 0.30000000000000004 is 0.3)."""
        index = round((value - self.min_value) / self.step)
        return float(self.grid.values[min(max(index, 0), self.grid.count - 1)])


def drag_slider(
    control: DragControl,
    *,
    value: float,
    numbers: list[dict] | None = None,
    write: Callable[[float], None] | None = None,
    prepared: bool = True,
    on_prepare: Callable[[], None] | None = None,
) -> None:
    """Show ``control`` at ``value``. ``numbers`` are live texts: ``[{"selector": css,
    "grid": ..., "texts": [[text per element] per grid point]}]``, written into the elements
    the selector finds while the slider moves (the metrics; see :func:`live_numbers`).
    A committed value goes to the URL parameter ``control.key``, or to ``write`` if given (a
    value the URL keeps with others, as one logit of ``logits``); a refused one leaves a note
    for :meth:`DragControl.show_note`.

    A page with many sliders may send one slider's live tables at a time: with ``on_prepare``,
    a slider drawn with ``prepared=False`` calls it when the pointer or the focus reaches it
    (its key then in ``st.session_state[control.key]["prepare"]``), so that the next run sends
    its tables; until they arrive a drag moves the slider alone."""
    spec = {
        "key": control.key,
        "label": control.label,
        "symbol": control.symbol,
        "help": control.help,
        "min": control.min_value,
        "max": control.max_value,
        "step": control.step,
        "decimals": control.decimals,
        "value": value,
        "numbers": numbers or [],
        "prepare": on_prepare is not None,
        "prepared": prepared,
    }
    events = {"on_prepare_change": on_prepare} if on_prepare is not None else {}
    _render(
        key=control.key,
        # A str goes as Streamlit's JSON data, which the browser compares by value: a slider
        # that a rerun leaves as it was is not set up again.
        data=live_json(spec),
        on_commit_change=partial(_commit, control, write),
        **events,
        width="stretch",
        height="content",
    )


def live_numbers(selector: str, grid: Grid, texts: list[list[str]]) -> dict:
    """One entry of :func:`drag_slider`'s ``numbers``."""
    if len(texts) != grid.count:
        raise ValueError(f"{len(texts)} rows of texts for a grid of {grid.count} points")
    return {"selector": selector, "grid": grid.to_json(), "texts": texts}


def _note_key(key: str) -> str:
    return f"_drag_note_{key}"


def _commit(control: DragControl, write: Callable[[float], None] | None = None) -> None:
    """The browser committed a value: write it (to the URL, or with ``write``) if it is a
    number in range, else keep the URL's and leave a note for the page."""
    result = st.session_state.get(control.key) or {}
    raw = result.get("commit") if isinstance(result, dict) else None
    problem = commit_problem(control, raw, kept=st.query_params.get(control.key))
    if problem:
        st.session_state[_note_key(control.key)] = problem
        return
    value = control.snapped(float(raw))
    if write is None:
        st.query_params[control.key] = f"{value:g}"
    else:
        write(value)


def commit_problem(control: DragControl, raw: object, *, kept: str | None = None) -> str | None:
    """Why ``raw``, a value the browser sent for ``control``, cannot be used; None if it can.
    ``kept`` is the URL's value, which stays."""
    kept = f"keeping {control.symbol} = {kept or f'{control.default:g}'}"
    shown = repr(raw)[:40]
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return f"The slider sent {control.symbol} = {shown}, which is not a number; {kept}."
    if not math.isfinite(raw) or not control.min_value <= raw <= control.max_value:
        return (
            f"The slider sent {control.symbol} = {shown}, outside {control.min_value:g} to "
            f"{control.max_value:g}; {kept}."
        )
    return None


HANDLES_NAME = "kl_bar_handles"
#: The handles' script (``static/kl/``), after the row lookup it shares with the live charts.
HANDLES_FILES = ("live_rows.js", "range_commit.js", "bar_handles.js")
HANDLES_STYLE = """
.kl-handles { position: absolute; inset: 0; pointer-events: none; }
.kl-handle {
  position: absolute; margin: 0; padding: 0; pointer-events: auto; cursor: ns-resize;
  writing-mode: vertical-lr; direction: rtl; appearance: none; background: transparent;
  touch-action: none; opacity: 1;
}
.kl-handle::-webkit-slider-runnable-track { background: transparent; }
.kl-handle::-webkit-slider-thumb {
  appearance: none; width: 100%; height: 4px; background: transparent; border: none;
}
.kl-handle::-moz-range-thumb { width: 100%; height: 4px; background: transparent; border: none; }
.kl-handle:hover, .kl-handle:focus-visible {
  outline: 2px dashed var(--st-primary-color); outline-offset: 1px; border-radius: 2px;
}
"""
_render_handles = component(HANDLES_NAME, HANDLES_FILES, css=HANDLES_STYLE)


@dataclass(frozen=True)
class DraggableBar:
    """One bar of a chart that can be dragged: the control it drives (``"q2"``), its accessible
    name, the symbol its value is read out with ("Q(3)"), where plotly drew it (trace and point
    index) and its value."""

    control: str
    label: str
    symbol: str
    trace: int
    point: int
    value: float


def bar_handles(
    bars: list[DraggableBar],
    *,
    key: str,
    chart: str,
    step: float,
    prepared: str | None,
    numbers: list[dict] | None,
    on_prepare,
    on_commit,
) -> None:
    """Handles over the bars of the live chart keyed ``chart`` (``static/kl/bar_handles.js``): each
    drags its bar from 0 to 1 in steps of ``step``. ``prepared`` names the bar whose live tables
    the page carries now (with its live ``numbers``, see :func:`live_numbers`); pointing at
    another bar or focusing it calls ``on_prepare`` (its control then in
    ``st.session_state[key]["prepare"]``), releasing it ``on_commit`` (``{"control", "value"}``
    under ``"commit"``)."""
    spec = {
        "chart": chart,
        "step": step,
        "prepared": prepared,
        "numbers": numbers or [],
        "bars": [
            {
                "control": bar.control,
                "label": bar.label,
                "symbol": bar.symbol,
                "trace": bar.trace,
                "point": bar.point,
                "value": bar.value,
            }
            for bar in bars
        ],
    }
    _render_handles(
        key=key,
        data=live_json(spec).encode(),
        on_prepare_change=on_prepare,
        on_commit_change=on_commit,
        width="stretch",
        height="content",
    )
