"""Live tables: the rows a drag control's grid points draw, compacted and packed for the wire."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest

from ui.figures.live import Grid, LiveRow, live_json, live_table, slider_grid


def test_a_slider_grid_holds_every_value_the_slider_can_take_exactly():
    grid = slider_grid(0.0, 1.0, 0.01)
    assert grid == Grid(0.0, 0.01, 101)
    assert grid.values[30] == 0.3 and grid.values[-1] == 1.0 and len(grid.values) == 101
    assert slider_grid(0.0, 0.5, 0.05).values.tolist()[-2:] == [0.45, 0.5]
    with pytest.raises(ValueError, match="step"):
        slider_grid(0.0, 1.0, 0.0)


def test_a_table_keeps_only_what_changes_along_the_grid_or_from_the_committed_figure():
    figure = {
        "data": [
            {"name": "curve", "y": np.array([1.0, 2.0])},
            {"name": "marker", "x": [0.0], "marker": {"size": 9}},
        ],
        "layout": {"title": {"text": "at 0"}, "height": 400},
    }
    rows = [
        LiveRow(
            traces={1: {"name": "marker", "x": [v], "marker": {"size": 9}}},
            layout={"title": {"text": f"at {v}"}, "height": 400},
        )
        for v in (0.0, 0.5, 1.0)
    ]
    table = live_table(Grid(0.0, 0.5, 3), rows, figure)
    assert table["grid"] == {"start": 0.0, "step": 0.5, "count": 3}
    assert table["traces"] == {"1": [{"x": [0.0]}, {"x": [0.5]}, {"x": [1.0]}]}
    assert table["layout"] == [{"title": {"text": f"at {v}"}} for v in (0.0, 0.5, 1.0)]
    # Inside a dict, only what changes: the title's text, not its font.
    rows = [
        LiveRow(traces={}, layout={"title": {"text": f"at {v}", "font": {"size": 9}}})
        for v in (0.0, 0.5, 1.0)
    ]
    figure["layout"]["title"]["font"] = {"size": 9}
    table = live_table(Grid(0.0, 0.5, 3), rows, figure)
    assert table["layout"] == [{"title": {"text": f"at {v}"}} for v in (0.0, 0.5, 1.0)]
    # The same value in every row but not in the committed figure is sent too.
    rows = [LiveRow(traces={0: {"name": "thin", "y": np.array([1.0, 2.0])}}, layout={})] * 3
    table = live_table(Grid(0.0, 0.5, 3), rows, figure)
    assert table["traces"] == {"0": [{"name": "thin"}] * 3}
    with pytest.raises(ValueError, match="2 rows for a grid of 3"):
        live_table(Grid(0.0, 0.5, 3), rows[:2], figure)


def test_float_arrays_travel_as_float32_and_nothing_unsendable_passes():
    sent = json.loads(live_json({"y": np.array([0.25, 1 / 3]), "n": np.int64(3), "k": [1, 2]}))
    packed = np.frombuffer(base64.b64decode(sent["y"]["f32"]), dtype="<f4")
    np.testing.assert_array_equal(packed, np.array([0.25, 1 / 3], dtype=np.float32))
    assert sent["n"] == 3 and sent["k"] == [1, 2]
    with pytest.raises(ValueError):
        live_json({"y": float("inf")})
    with pytest.raises(TypeError, match="set cannot be sent"):
        live_json({"y": {1}})


def test_a_list_of_dicts_as_long_everywhere_is_sent_item_by_item():
    figure = {"data": [], "layout": {"shapes": [{"x0": 0.0, "line": {"width": 6}}, {"x0": 1.0}]}}
    rows = [
        LiveRow(traces={}, layout={"shapes": [{"x0": v, "line": {"width": 6}}, {"x0": 1.0}]})
        for v in (0.0, 0.5, 1.0)
    ]
    table = live_table(Grid(0.0, 0.5, 3), rows, figure)
    # The moving shape's position only; the shape that holds still is an empty item.
    assert table["layout"] == [{"shapes": [{"x0": v}, {}]} for v in (0.0, 0.5, 1.0)]
    # Lists whose length changes along the grid are sent whole.
    rows = [LiveRow(traces={}, layout={"shapes": [{"x0": 0.0}] * n}) for n in (1, 2, 2)]
    table = live_table(Grid(0.0, 0.5, 3), rows, figure)
    assert [len(row["shapes"]) for row in table["layout"]] == [1, 2, 2]
    assert table["layout"][0]["shapes"] == [{"x0": 0.0}]
