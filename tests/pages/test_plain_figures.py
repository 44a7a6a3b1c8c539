"""Every chart a page sends draws what plotly's own ``go.Figure`` would (PlainFigure
skips building plotly's objects and sends lists of short decimals and no template; this checks it
changes nothing a browser draws)."""

from __future__ import annotations

import json
from pathlib import Path

import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from tests.charts import figures
from tests.wire import assert_same_drawing, drawn
from ui.figures.common import PlainFigure

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def plotly_dict(figure: PlainFigure) -> dict:
    return go.Figure(figure.__dict__["_plain"], _validate=False).to_dict()


@pytest.mark.parametrize(
    "page, params",
    [
        ("app.py", {}),
        ("pages/coin.py", {"p": "0.2", "q": "0.9"}),
        ("pages/coin.py", {"p": "1", "q": "0"}),
        ("pages/categorical.py", {}),
        ("pages/samples.py", {}),
        ("pages/derivation.py", {"step": "7"}),
    ],
)
def test_every_chart_on_a_page_draws_what_plotly_own_figure_would(monkeypatch, page, params):
    def charts() -> list[dict]:
        at = AppTest.from_file(APP, default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        if page != "app.py":
            at.switch_page(page).run()
        assert not at.exception
        return figures(at)

    fast = charts()
    built = []

    def through_plotly(self: PlainFigure) -> dict:
        built.append(self)
        return plotly_dict(self)

    monkeypatch.setattr(PlainFigure, "to_dict", through_plotly)
    slow = charts()
    assert built, "the page drew no PlainFigure"
    assert len(fast) == len(slow) > 0
    for wire, reference in zip(fast, slow, strict=True):
        assert "template" not in wire["layout"]
        assert "bdata" not in json.dumps(wire["data"])  # the traces' numbers as plain lists
        assert_same_drawing(drawn(wire), drawn(reference))
