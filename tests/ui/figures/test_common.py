"""The shared figure helpers: PlainFigure hands Streamlit a figure that draws what plotly's own
would, without building plotly's objects (tests/pages/test_plain_figures.py checks every page's
charts), in the shared style, with a datarevision, numbers as short lists and no template."""

from __future__ import annotations

import json
import math

import numpy as np
import plotly.graph_objects as go
import pytest

from tests.wire import assert_same_drawing, drawn
from ui import theme
from ui.figures import common as figures
from ui.figures.common import (
    PlainFigure,
    axis_limit,
    base_layout,
    data_revision,
    has_frames,
    make_figure,
    wire_list,
)

CURVE = {"type": "scatter", "x": np.linspace(0, 1, 5), "y": np.arange(5, dtype=np.float32)}


def plotly_dict(figure: PlainFigure) -> dict:
    """What ``go.Figure(...).to_dict()`` gives for the same dicts."""
    return go.Figure(figure.__dict__["_plain"], _validate=False).to_dict()


def test_make_figure_keeps_the_dicts_and_to_dict_draws_what_plotly_would_without_building():
    figure = make_figure([dict(CURVE)], base_layout(title="A curve"))
    assert isinstance(figure, PlainFigure) and isinstance(figure, go.Figure)
    result = figure.to_dict()
    assert_same_drawing(drawn(result), drawn(plotly_dict(figure)))
    assert figure.__dict__["_plain"] is not None  # to_dict built nothing
    # The traces' arrays go out as lists of numbers (float32 or float64 alike), no template.
    assert result["data"][0]["x"] == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert result["data"][0]["y"] == [0.0, 1.0, 2.0, 3.0, 4.0]
    assert "template" not in result["layout"]


def test_the_shared_style_lies_under_the_builders_own_layout():
    layout = {
        "font": {"size": 30},
        "xaxis2": {"title": {"text": "t"}},
        "yaxis": {"gridcolor": "red"},
    }
    sent = make_figure([dict(CURVE)], layout).to_dict()["layout"]
    assert sent["font"] == {"family": theme.FONT_FAMILY, "color": theme.TEXT, "size": 30}
    assert sent["paper_bgcolor"] == sent["plot_bgcolor"] == theme.TRANSPARENT
    assert sent["xaxis2"] == {
        "gridcolor": theme.GRID,
        "zerolinecolor": theme.GRID,
        "automargin": True,
        "ticklabeloverflow": "allow",
        "title": {"text": "t"},
    }
    assert sent["yaxis"]["gridcolor"] == "red" and sent["xaxis"]["automargin"] is True
    assert layout == {
        "font": {"size": 30},
        "xaxis2": {"title": {"text": "t"}},
        "yaxis": {"gridcolor": "red"},
    }


def test_wire_lists_hold_seven_significant_digits_and_gaps_for_nan_and_infinity():
    values = np.array([1 / 3, -2 / 3e-9, 123456789.123, 0.0, np.nan, np.inf, 5e300])
    assert wire_list(values) == [0.3333333, -666666700.0, 123456800.0, 0.0, None, None, 5e300]
    assert json.dumps(wire_list(np.float32([0.001, 0.1, 0.7]))) == "[0.001, 0.1, 0.7]"
    assert wire_list(np.array([[0.5, 1 / 7], [2.0, 3.0]])) == [[0.5, 0.1428571], [2.0, 3.0]]
    assert wire_list(np.arange(3)) == [0, 1, 2] and wire_list(np.array(["a"])) == ["a"]
    many = np.random.default_rng(0).lognormal(0, 5, 1000)
    assert np.allclose(wire_list(many), many, rtol=5.1e-7, atol=0)


def test_data_revision_follows_the_traces_contents():
    def revision(y):
        return make_figure([{**CURVE, "y": y}], {}).to_dict()["layout"]["datarevision"]

    y = np.arange(5, dtype=np.float32)
    assert revision(y) == revision(y.copy()) == data_revision([{**CURVE, "y": y.copy()}])
    changed = y.copy()
    changed[3] = 3.5
    assert revision(changed) != revision(y)
    assert revision(y.astype(np.float64)) != revision(y)  # other numbers on the wire
    assert revision([0, 1]) != revision([0, 2])
    own = make_figure([dict(CURVE)], {"datarevision": 7}).to_dict()["layout"]
    assert own["datarevision"] == 7


def test_frames_keep_compact_typed_arrays_and_the_traces_get_lists():
    frame = {"name": "0", "data": [{"y": np.arange(3, dtype=np.float32)}]}
    sent = make_figure([dict(CURVE)], {}, frames=[frame]).to_dict()
    assert sent["frames"][0]["data"][0]["y"]["dtype"] == "f4"
    assert sent["data"][0]["y"] == [0.0, 1.0, 2.0, 3.0, 4.0]
    assert isinstance(frame["data"][0]["y"], np.ndarray)  # the caller's frames untouched


def test_to_dict_never_changes_the_figure_it_came_from():
    figure = make_figure([dict(CURVE)], base_layout())
    first = figure.to_dict()
    first["layout"]["height"] = 1
    first["data"][0]["name"] = "changed"
    assert figure.to_dict()["layout"]["height"] == 420
    assert "name" not in figure.to_dict()["data"][0]
    assert isinstance(figure.__dict__["_plain"]["data"][0]["x"], np.ndarray)


def test_reading_or_changing_it_as_a_figure_builds_plotly_objects_that_to_dict_follows():
    figure = make_figure([dict(CURVE)], base_layout(title="Before"))
    assert figure.layout.title.text == "Before"
    assert figure.data[0].type == "scatter"
    figure.update_layout(title_text="After")
    assert figure.__dict__["_plain"] is None
    assert figure.to_dict()["layout"]["title"]["text"] == "After"
    assert figure == go.Figure(figure)


def test_an_unknown_attribute_is_still_an_attribute_error():
    figure = make_figure([dict(CURVE)], base_layout())
    with pytest.raises(AttributeError):
        figure.no_such_thing  # noqa: B018 - the access is the test
    assert not has_frames(figure)


@pytest.mark.parametrize("frames", [None, [], [{"name": "1", "data": [{"y": [1, 0]}]}]])
def test_a_plain_figure_says_whether_it_is_animated_without_building(frames):
    figure = make_figure([dict(CURVE)], base_layout(), frames)
    assert figure.animated is bool(frames) is has_frames(figure)
    assert figure.__dict__["_plain"] is not None
    figure.update_layout(title_text="built")  # once built, plotly's frames answer
    assert figure.animated is bool(frames) is has_frames(go.Figure(figure))


def test_validate_on_gives_plotly_own_validated_figure(monkeypatch):
    monkeypatch.setattr(figures, "VALIDATE", True)
    figure = make_figure([dict(CURVE)], base_layout())
    assert type(figure) is go.Figure
    with pytest.raises(ValueError, match="colour"):
        make_figure([{**CURVE, "colour": "red"}], base_layout())


@pytest.mark.parametrize(
    ("value", "limit"),
    [(0.27, 0.3), (-0.117, -0.12), (2.6, 3.0), (3.0, 3.0), (0.0101, 0.012), (950, 1000), (1, 1)],
)
def test_an_axis_limit_is_rounded_away_from_zero_to_a_step(value, limit):
    assert axis_limit(value) == pytest.approx(limit)
    assert abs(axis_limit(value)) >= abs(value)


def test_an_axis_limit_changes_seldom_while_the_value_moves_smoothly():
    values = np.linspace(0.2, 3.0, 281)
    limits = [axis_limit(v) for v in values]
    assert len(set(limits)) <= 13  # 0.2 to 3 crosses 13 steps: 0.2, 0.25, 0.3, ..., 2.5, 3
    assert axis_limit(0.0) == 0.0 and math.isinf(axis_limit(math.inf))
