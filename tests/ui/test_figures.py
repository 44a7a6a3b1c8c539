"""The shared figure helpers: PlainFigure hands Streamlit what plotly's own figure would, without
building plotly's objects (tests/pages/test_plain_figures.py checks every page's charts)."""

from __future__ import annotations

import base64

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from ui import figures
from ui.figures import PlainFigure, base_layout, has_frames, make_figure

CURVE = {"type": "scatter", "x": np.linspace(0, 1, 5), "y": np.arange(5, dtype=np.float32)}


def plotly_dict(figure: PlainFigure) -> dict:
    """What ``go.Figure(...).to_dict()`` gives for the same dicts."""
    return go.Figure(figure.__dict__["_plain"], _validate=False).to_dict()


def test_make_figure_keeps_the_dicts_and_to_dict_matches_plotly_without_building():
    figure = make_figure([dict(CURVE)], base_layout(title="A curve"))
    assert isinstance(figure, PlainFigure) and isinstance(figure, go.Figure)
    expected = plotly_dict(figure)
    result = figure.to_dict()
    assert result == expected
    assert figure.__dict__["_plain"] is not None  # to_dict built nothing
    # Arrays go out as base64 typed arrays, as plotly sends them.
    assert result["data"][0]["y"]["dtype"] == "f4"
    assert np.allclose(
        np.frombuffer(base64.b64decode(result["data"][0]["x"]["bdata"]), dtype="<f8"),
        CURVE["x"],
    )


def test_a_layout_without_template_gets_plotly_default_and_one_with_keeps_its_own():
    plain = make_figure([dict(CURVE)], {"height": 300}).to_dict()
    assert plain["layout"]["template"] == pio.templates[pio.templates.default].to_plotly_json()
    own = make_figure([dict(CURVE)], {"template": {"layout": {}}}).to_dict()
    assert own["layout"]["template"] == {"layout": {}}


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


def test_validate_on_gives_plotly_own_validated_figure(monkeypatch):
    monkeypatch.setattr(figures, "VALIDATE", True)
    figure = make_figure([dict(CURVE)], base_layout())
    assert type(figure) is go.Figure
    with pytest.raises(ValueError, match="colour"):
        make_figure([{**CURVE, "colour": "red"}], base_layout())
