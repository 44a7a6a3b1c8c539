"""Live tables: what a chart shows at every value a drag control can take, sent with the chart.

While a control is dragged, the browser does no maths and asks the server nothing: it picks the grid
point nearest the pointer and draws that row of a table the server sent with the figure
(``static/kl/live_chart.js``, ``static/kl/drag.js``, ``static/kl/bar_handles.js``). The rows are
built by the same panel builders that draw the committed figure, from a family of states that
``core`` computed in one vectorised call, so a dragged state and the same state committed look
alike.

A table holds only what changes: for each trace that a row replaces, the trace's keys whose value
differs somewhere along the grid (or from the committed figure), down into nested dicts (a
title's text, not its font) and into lists of dicts of one length (a shape's position, not
its colour; an unchanged item is ``{}``), and the same for the layout. The browser lays each
row over the committed figure. Float arrays travel as base64 float32 (``{"f32": ...}``), about
half their size as decimals.
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Grid:
    """The values a drag control can take: ``start + i * step`` for ``i`` in ``range(count)``."""

    start: float
    step: float
    count: int

    @property
    def values(self) -> np.ndarray:
        """The grid as an array (rounded to the step's decimals, so 0.3 is 0.3)."""
        decimals = max(0, -math.floor(math.log10(self.step)) + 2)
        return np.round(self.start + self.step * np.arange(self.count), decimals)

    def to_json(self) -> dict:
        return {"start": self.start, "step": self.step, "count": self.count}


def slider_grid(min_value: float, max_value: float, step: float) -> Grid:
    """The grid of a slider from ``min_value`` to ``max_value`` in steps of ``step``."""
    if not step > 0 or not max_value > min_value:
        raise ValueError("a slider grid needs `step` > 0 and `max_value` > `min_value`")
    return Grid(min_value, step, round((max_value - min_value) / step) + 1)


@dataclass(frozen=True)
class LiveRow:
    """What one grid point changes in a figure: whole traces by index, and layout keys."""

    traces: dict[int, dict]
    layout: dict


def live_table(grid: Grid, rows: Sequence[LiveRow], figure: dict) -> dict:
    """The table for one control of one chart: ``{"grid", "traces", "layout"}``, JSON-ready.

    ``rows`` holds one :class:`LiveRow` per grid point; ``figure`` is the committed figure as
    plain dicts (``{"data": [...], "layout": {...}}``). A row keeps only what differs somewhere
    along the grid or from ``figure``, key by key and into nested dicts (a title's subtitle
    text rather than the whole title); the browser lays it over the committed figure.
    """
    if len(rows) != grid.count:
        raise ValueError(f"{len(rows)} rows for a grid of {grid.count} points")
    traces = {}
    for index in sorted(rows[0].traces):
        deltas = _deltas([row.traces[index] for row in rows], figure["data"][index])
        if deltas[0]:
            traces[str(index)] = deltas
    return {
        "grid": grid.to_json(),
        "traces": traces,
        "layout": _deltas([row.layout for row in rows], figure["layout"]),
    }


def _deltas(states: Sequence[dict], committed: dict) -> list[dict]:
    """For each state, its keys whose value is not the same in every state and in
    ``committed``; where all of them hold a dict under a key, only what differs inside it."""
    deltas: list[dict] = [{} for _ in states]
    first = states[0]
    for key in first:
        values = [state[key] for state in states]
        before = committed.get(key)
        if all(isinstance(v, dict) for v in values) and isinstance(before, dict):
            inner = _deltas(values, before)
            if inner[0]:
                for delta, part in zip(deltas, inner, strict=True):
                    delta[key] = part
        elif _dict_lists(values, before):
            # A list of dicts as long everywhere (shapes, annotations): item by item, an
            # unchanged item sent as {}.
            items = [_deltas([v[i] for v in values], before[i]) for i in range(len(before))]
            if any(item[0] for item in items):
                for n, delta in enumerate(deltas):
                    delta[key] = [item[n] for item in items]
        elif not _same(values[0], before) or any(not _same(values[0], v) for v in values[1:]):
            for delta, value in zip(deltas, values, strict=True):
                delta[key] = value
    return deltas


def _dict_lists(values: Sequence, committed) -> bool:
    """Whether ``values`` and ``committed`` are all lists of dicts of one length."""
    return (
        isinstance(committed, list)
        and all(isinstance(item, dict) for item in committed)
        and all(
            isinstance(v, list)
            and len(v) == len(committed)
            and all(isinstance(item, dict) for item in v)
            for v in values
        )
    )


def _same(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (
            isinstance(a, np.ndarray | list)
            and isinstance(b, np.ndarray | list)
            and np.shape(a) == np.shape(b)
            and bool(np.array_equal(np.asarray(a, dtype=float), np.asarray(b, dtype=float)))
        )
    try:
        return bool(a == b)
    except ValueError:  # arrays inside dicts or lists: compare item by item
        pass
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return False


def live_json(value) -> str:
    """``value`` (tables, grids, numbers) as JSON: float arrays as ``{"f32": base64}``, other
    arrays as lists; NaN or infinity refused (JSON has no spelling for them)."""
    return json.dumps(value, default=_encode, allow_nan=False, separators=(",", ":"))


def _encode(value):
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "f":
            data = np.ascontiguousarray(value, dtype="<f4").tobytes()
            return {"f32": base64.b64encode(data).decode("ascii")}
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"{type(value).__name__} cannot be sent to the browser")
